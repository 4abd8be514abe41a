"""Records real TensorFlow's outcomes for grad_cases.py into grad_golden.json and the static
shapes of shape_cases.py into shape_golden.json.

Command (from this directory):
  TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python make_fidelity.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()

import grad_cases  # noqa: E402
from grad_outcomes import outcome  # noqa: E402

out = {name: outcome(tf, name) for name in sorted(grad_cases.CASES)}
with open(os.path.join(HERE, "grad_golden.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
print(len(out), "gradient cases")

import shape_cases  # noqa: E402

shapes = {}
for name in sorted(shape_cases.CASES):
    with tf.Graph().as_default():
        shapes[name] = str(shape_cases.CASES[name](tf).shape)
with open(os.path.join(HERE, "shape_golden.json"), "w") as f:
    json.dump(shapes, f, indent=0, sort_keys=True)
print(len(shapes), "shape cases")
