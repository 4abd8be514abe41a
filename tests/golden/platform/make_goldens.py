"""Records goldens for tests/platform from real TensorFlow (tf.compat.v1, TF 2.21):

    cd tests/golden/platform && TF_CPP_MIN_LOG_LEVEL=3 /opt/tfvenv/bin/python make_goldens.py

writes gfile.json, queues.json, pipeline.json: the lines `probes.py` reports under real TF.
"""
import json
import os
import sys
import tempfile

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import probes  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
for name in ("gfile", "queues", "pipeline"):
    tf.reset_default_graph()
    lines = getattr(probes, "probe_" + name)(tf, tempfile.mkdtemp())
    with open(os.path.join(here, name + ".json"), "w") as f:
        json.dump(lines, f, indent=1)
