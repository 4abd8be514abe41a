"""Goldens for tests/ops/test_sweep_s1.py (nlintz/TensorFlow-Tutorials + chiphuyen/stanford-tensorflow-tutorials sweep).

TF 1.15's `tf.div` carries `@deprecation.deprecated(None, "Deprecated in favor of operator or
tf.math.divide.")`: one notice per process, naming the caller; `tf.divide`/`tf.truediv`/... do not warn.
`tf.multinomial` likewise ("Use `tf.random.categorical` instead.").
Values and op types are those of chiphuyen's examples/02_simple_tf.py division block.

Command: TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/sweep_s1/make_goldens.py
"""
import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tf_log  # noqa: E402

records = tf_log.grab(tf)


def notices():
    # "From <file>:<line>: <what> is deprecated ...": keep what follows the call site.
    got = [m.split(": ", 1)[1] for m in records if "is deprecated" in m]
    del records[:]
    return got


out = {"values": {}, "op_types": {}, "notices": {}}
with tf.Graph().as_default(), tf.Session() as sess:
    a = tf.constant([2, 2], name="a")
    b = tf.constant([[0, 1], [2, 3]], name="b")
    bf = tf.constant([[0., 1.], [2., 3.]], name="bf")
    af = tf.constant([2., 2.], name="af")
    notices()
    for name, fn in [("divide", lambda: tf.divide(b, a)), ("div", lambda: tf.div(b, a)),
                     ("div_again", lambda: tf.div(b, a, name="again")), ("div_float", lambda: tf.div(bf, af)),
                     ("truediv", lambda: tf.truediv(b, a)), ("floordiv", lambda: tf.floordiv(b, a)),
                     ("truncatediv", lambda: tf.truncatediv(b, a)), ("floor_div", lambda: tf.floor_div(b, a))]:
        t = fn()
        out["notices"][name] = notices()
        out["op_types"][name] = [t.op.type, t.op.name, t.dtype.name]
        out["values"][name] = sess.run(t).tolist()
# tf.multinomial (chiphuyen's examples/11_char_rnn.py) is @deprecated too; tf.random.categorical is not.
with tf.Graph().as_default():
    logits = tf.constant([[0., 1., 2.]])
    for name, fn in [("categorical", lambda: tf.random.categorical(logits, 2)),
                     ("multinomial", lambda: tf.multinomial(logits, 2)),
                     ("random_multinomial", lambda: tf.random.multinomial(logits, 2))]:
        t = fn()
        out["notices"][name] = notices()
        out["op_types"][name] = [t.op.type, t.op.name, t.dtype.name, t.shape.as_list()]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "deprecations.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))

# variable_exists.json: the frames the "Originally defined at:" part lists when the scenario runs as a
# program (TF 2.21 prints no source lines under them; TF 1.15 does, so only the `File` lines are kept).
import subprocess  # noqa: E402
import sys  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
run = subprocess.run([sys.executable, "variable_exists_scenario.py"], cwd=here, capture_output=True,
                     text=True, check=True)
text = run.stdout
frames = [line.replace(os.path.join(here, ""), "") for line in text.splitlines() if line.startswith("  File ")]
# The scenario's `tf.disable_v2_behavior()` logs TF's disable_resource_variables notice (TF 2.21 moved
# the function to resource_variables_toggle; TF 1.15 names tensorflow.python.ops.variable_scope).
err = run.stderr.splitlines()
at = [i for i, line in enumerate(err) if "disable_resource_variables (from" in line]
notice = "\n".join([err[at[0]].split(": ", 1)[1]] + err[at[0] + 1:at[0] + 3]).replace(
    "tensorflow.python.ops.resource_variables_toggle", "tensorflow.python.ops.variable_scope")
with open(os.path.join(here, "variable_exists.json"), "w") as f:
    json.dump({"first_line": text.splitlines()[0], "frames": frames, "disable_v2_notices": len(at),
               "disable_v2_notice": notice}, f, indent=1)
print(frames)
