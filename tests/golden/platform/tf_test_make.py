"""Record goldens for `tf.test` (tf_test_cases.py) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/platform/tf_test_make.py

Writes tests/golden/platform/tf_test_golden.json: per scenario {"value": ...} or {"error", "message"}.
"""
import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tf_test_cases as cases  # noqa: E402


def main():
    out = {name: cases.run_scenario(tf, fn) for name, fn in sorted(cases.SCENARIOS.items())}
    with open(os.path.join(HERE, "tf_test_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
