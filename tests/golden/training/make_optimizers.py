"""Record the training goldens (optimizers, moving averages, learning-rate schedules) from real TF.

Run with the oracle interpreter (never by the test suite), from the repository root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/training/make_optimizers.py

Writes tests/golden/training/optimizers.json, ema.json and schedules.json: for each case of
optimizers_cases.py / ema_cases.py / schedules_cases.py, the facts its `run_case(tf, name)` returns.
"""
import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import ema_cases  # noqa: E402
import optimizers_cases  # noqa: E402
import schedules_cases  # noqa: E402

for module, out in ((optimizers_cases, "optimizers.json"), (ema_cases, "ema.json"),
                    (schedules_cases, "schedules.json")):
    golden = {name: module.run_case(tf, name) for name in module.CASES}
    with open(os.path.join(HERE, out), "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
    print("wrote", out, len(golden), "cases")
