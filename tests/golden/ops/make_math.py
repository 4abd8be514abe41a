"""Record goldens for tf1's math surface from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/make_math.py

Runs every case of `math_cases.py` in a fresh graph and writes tests/golden/ops/:
  math_golden.json  per case: the graph's op (name, type) list outside the `gradients` scope, and
                    per fetched tensor its name, dtype and static shape; per error case the
                    exception class and message
  math_golden.npz   the fetched values, keyed "<case>/<fetch key>/<index>"
"""
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import golden_io  # noqa: E402
import math_cases  # noqa: E402


def main():
    cases, values = golden_io.record_cases(tf, math_cases.CASES)
    errors = {name: golden_io.record_error(tf, fn) for name, fn in sorted(math_cases.ERRORS.items())}
    golden_io.save("math_golden", {"cases": cases, "errors": errors}, values)


if __name__ == "__main__":
    main()
