"""Record goldens for misc_extra_cases.py from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/ops/misc_extra_make.py

Writes tests/golden/ops/misc_extra_golden.json (per case: static dtypes/shapes and fetched values).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extra_cases_util import make  # noqa: E402

if __name__ == "__main__":
    make("misc_extra_cases", "misc_extra_golden")
