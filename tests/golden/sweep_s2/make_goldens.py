"""Goldens for tests/checkpoint/test_sweep_s2_checkpoint.py, tests/ops/test_sweep_s2_init_ops.py and
tests/platform/test_sweep_s2_app.py (golbin/TensorFlow-Tutorials sweep).

Also: which v1 initializer constructors warn about an explicit `dtype` (TF 1.15's
`@deprecated_args(..., "dtype")` in init_ops.py; the same decorator in TF 2.21's v1 init_ops).

Command: TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/sweep_s2/make_goldens.py

TF 2.21 moved checkpoint_management to tensorflow.python.checkpoint; the module TF 1.15 names in
the notice is tensorflow/python/training/checkpoint_management.py (its @deprecation.deprecated on
`checkpoint_exists`), so the module part is rewritten to TF 1.15's.
"""
import json
import os
import sys
import tempfile

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import tf_log  # noqa: E402
from initializer_cases import cases  # noqa: E402

records = tf_log.grab(tf)
out = {}
with tempfile.TemporaryDirectory() as d:
    prefix = os.path.join(d, "model.ckpt")
    out["missing"] = bool(tf.train.checkpoint_exists(prefix))
    with tf.Graph().as_default(), tf.Session() as sess:
        v = tf.Variable(1.0, name="v")
        sess.run(v.initializer)
        tf.train.Saver().save(sess, prefix)
    out["present"] = bool(tf.train.checkpoint_exists(prefix))
notices = [m.split(": ", 1)[1] for m in records if "checkpoint_exists" in m]
out["notices"] = [n.replace("tensorflow.python.checkpoint.checkpoint_management",
                            "tensorflow.python.training.checkpoint_management") for n in notices]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "checkpoint_exists.json"), "w") as f:
    json.dump(out, f, indent=1)
print(out)

# --- initializers: each case runs in order; a class warns once per process.
inits = {}
for name, fn in cases(tf):
    del records[:]
    fn()
    inits[name] = [m.split(": ", 1)[1] for m in records if "with dtype is deprecated" in m]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "initializer_dtype.json"), "w") as f:
    json.dump(inits, f, indent=1)
print(inits)

# --- tf.app.run program: its stdout on TF (run as a subprocess, as the test runs it on tf1).
import subprocess  # noqa: E402
here = HERE
prelude = ("import sys, runpy, tensorflow.compat.v1 as tf; tf.disable_v2_behavior(); "
           "sys.modules['tensorflow'] = tf; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")
p = subprocess.run([sys.executable, "-c", prelude, "app_run_script.py", "--train"], cwd=here,
                   capture_output=True, text=True, timeout=300)
with open(os.path.join(here, "app_run.json"), "w") as f:
    json.dump({"stdout": p.stdout.splitlines(), "rc": p.returncode}, f, indent=1)
print(p.stdout)
