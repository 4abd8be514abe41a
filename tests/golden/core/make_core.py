"""Records real TensorFlow's results for tests/core/snippets.py into core.json.

    cd tests && TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python golden/core/make_core.py

(/opt/tfvenv: tensorflow-cpu 2.21 + tf-keras; TF 1.15 is not installable on today's Python.)
"""
import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
from core.snippets import SNIPPETS  # noqa: E402
from core.encode import encode, run_snippet  # noqa: E402

out = {}
for name, code in SNIPPETS.items():
    out[name] = run_snippet(tf, code)
with open(os.path.join(os.path.dirname(__file__), "core.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print("recorded", len(out))
