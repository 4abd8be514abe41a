"""Records real TensorFlow's results for the scenarios in `supervisor_cases.py`.

Command (from the repository root):
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \
        /opt/tfvenv/bin/python supervisor_make.py

(tensorflow-cpu 2.21 + tf-keras, `tf.compat.v1` with v2 behaviour disabled: its
training/supervisor.py is TF 1.15's.) Writes `supervisor_golden.json`: {case: facts}.
"""
import json
import os
import tempfile

import tensorflow.compat.v1 as tf

import supervisor_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    out = {}
    for name, fn in supervisor_cases.CASES.items():
        with tempfile.TemporaryDirectory() as root:
            with tf.Graph().as_default():
                out[name] = fn(tf, root)
    with open(os.path.join(HERE, "supervisor_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
