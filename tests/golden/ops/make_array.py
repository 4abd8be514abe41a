"""Record goldens for tf1's shape/indexing/sparse/random-extra surface from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/make_array.py

Runs every case of `array_cases.py` in a fresh graph and writes tests/golden/ops/:
  array_golden.json  per case: the graph's op (name, type) list outside the `gradients` scope, and
                     per fetched tensor its name, dtype and static shape; per build-time error
                     (ERRORS) and run-time error (RUN_ERRORS) the exception class and message
  array_golden.npz   the fetched values, keyed "<case>/<fetch key>/<index>"
"""
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import array_cases  # noqa: E402
import golden_io  # noqa: E402


def main():
    meta = {"cases": {}, "errors": {}, "run_errors": {}}
    meta["cases"], values = golden_io.record_cases(tf, array_cases.CASES)
    # Plain loops, not comprehensions: a run error's message lists the Python frames that built
    # the failing node, and a comprehension would add one.
    for name, fn in sorted(array_cases.ERRORS.items()):
        meta["errors"][name] = golden_io.record_error(tf, fn, first_line=True)
    for name, fn in sorted(array_cases.RUN_ERRORS.items()):
        meta["run_errors"][name] = golden_io.record_error(tf, fn, run=True)
    golden_io.save("array_golden", meta, values)


if __name__ == "__main__":
    main()
