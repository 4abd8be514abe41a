"""Records real TensorFlow's results for the scenarios in `metrics_cases.py`.

Command (from the repository root):
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \
        /opt/tfvenv/bin/python metrics_make.py

(tensorflow-cpu 2.21 + tf-keras, `tf.compat.v1` with v2 behaviour disabled.) Writes
`metrics_golden.json`: {"cases": {case: facts}, "errors": {case: "Type: message"}}.
"""
import json
import os

import tensorflow.compat.v1 as tf

import metrics_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    cases = dict(metrics_cases.CASES, **metrics_cases.VALUE_ONLY_CASES)
    out = {"cases": {name: metrics_cases.run_case(tf, name) for name in cases},
           "errors": metrics_cases.error_cases(tf)}
    with open(os.path.join(HERE, "metrics_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
