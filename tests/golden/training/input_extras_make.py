"""Record goldens for tf.train.input_extras (input_extras_cases.py) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/training/input_extras_make.py

Writes tests/golden/training/input_extras_golden.json: per case the variables' values or the error.
"""
import json
import os
import sys
import tempfile

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import input_extras_cases as cases  # noqa: E402


def main():
    out = {}
    for name, fn in sorted(cases.CASES.items()):
        with tempfile.TemporaryDirectory() as d:
            out[name] = cases.run_case(tf, fn, d)
    with open(os.path.join(HERE, "input_extras_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
