"""Records real TensorFlow's Keras outcomes for keras_cases.py into keras_golden.json.

Command (from this directory):
  TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python make_keras_fidelity_s5.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()

import keras_cases  # noqa: E402

out = {"metrics": {}, "rnn": {}}
for name in sorted(keras_cases.METRIC_CASES):
    tf.keras.backend.clear_session()
    out["metrics"][name] = keras_cases.metric_outcome(tf.keras, name)
for cls, seq in keras_cases.RNN_CASES:
    tf.keras.backend.clear_session()
    out["rnn"]["%s_%s" % (cls, seq)] = keras_cases.rnn_outcome(tf, cls, seq)
with open(os.path.join(HERE, "keras_golden.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print(json.dumps(out, indent=1))
