"""Record goldens for tf.train.ProfilerHook (profiler_hook_cases.py) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/training/profiler_hook_make.py

Writes tests/golden/training/profiler_hook_golden.json.
"""
import json
import os
import sys
import tempfile

import tensorflow.compat.v1 as tf
from tensorflow.python.training.training_util import _get_or_create_global_step_read as step_read

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import profiler_hook_cases as cases  # noqa: E402


def main():
    out = {}
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as d:
        out["every_2_steps"] = cases.run(tf, os.path.join(d, "a"), step_read, save_steps=2)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as d:
        out["every_3_steps"] = cases.run(tf, os.path.join(d, "b"), step_read, save_steps=3, steps=10)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as d:
        out["no_global_step"] = cases.no_global_step(tf, d)
    with open(os.path.join(HERE, "profiler_hook_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
