"""Record the CsvDataset / make_csv_dataset goldens from real TensorFlow (never run by the tests).

From the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/data/csv_make.py

Runs every case of `csv_cases.py` in a fresh graph with `tf.compat.v1` (v2 behaviour disabled) and
writes tests/golden/data/csv_golden.json: per case its JSON result, or the error it raised.
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import csv_cases  # noqa: E402


def main():
    out = {}
    for name, fn in csv_cases.CASES.items():
        with tf.Graph().as_default():
            out[name] = fn(tf, np)
    with open(os.path.join(HERE, "csv_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
