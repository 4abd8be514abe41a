"""Record the py_function / numpy_function goldens from real TensorFlow (never run by the tests).

From the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/py_function_make.py

Runs the cases of py_function_cases.py and writes tests/golden/ops/py_function_golden.json.
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import py_function_cases  # noqa: E402


def main():
    out = {}
    for name, fn in py_function_cases.CASES.items():
        with tf.Graph().as_default():
            out[name] = fn(tf, np)
    with open(os.path.join(HERE, "py_function_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
