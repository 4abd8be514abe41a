"""Record goldens for user-defined gradients (custom_gradient_cases.py) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/ops/custom_gradient_make.py

Writes tests/golden/ops/custom_gradient_golden.json:
  cases         per case and fetch key: the structure, per tensor its name, dtype and static shape,
                and the fetched values of every run
  build_errors  per case: exception class and message
"""
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import custom_gradient_cases as cases  # noqa: E402
from control_cases_util import flatten, structure, to_json  # noqa: E402
from golden_io import record_error, save, tensor_info  # noqa: E402


def main():
    out = {"cases": {}, "build_errors": {}}
    for name, fn in sorted(cases.CASES.items()):
        fetches, results = cases.run_case(tf, fn)
        out["cases"][name] = {key: {"structure": structure(f), "tensors": [tensor_info(t) for t in flatten(f)],
                                    "values": [[to_json(v) for v in flatten(r[key])] for r in results]}
                              for key, f in fetches.items()}
    for name, fn in sorted(cases.BUILD_ERRORS.items()):
        out["build_errors"][name] = record_error(tf, fn) or {"type": None, "message": ""}
    save("custom_gradient_golden", out)


if __name__ == "__main__":
    main()
