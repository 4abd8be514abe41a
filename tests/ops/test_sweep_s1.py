"""Regressions found running nlintz/TensorFlow-Tutorials and chiphuyen/stanford-tensorflow-tutorials
on tf1: TF 1.15's `tf.div` is `@deprecated` (one notice, naming the caller); the other divisions are not.
Goldens: tests/golden/sweep_s1/ (make_goldens.py records them on TF)."""
import json
import os

import tf1 as tf
from tf1.platform import tf_logging

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "sweep_s1")


def _notices(caplog):
    got = [r.getMessage() for r in caplog.records if "is deprecated" in r.getMessage()]
    caplog.clear()
    return got


def test_div_deprecation_values_and_op_types_match_tf(caplog):
    with open(os.path.join(GOLDEN, "deprecations.json")) as f:
        want = json.load(f)
    tf_logging._deprecation_warned.discard("div")
    with tf.Graph().as_default(), tf.Session() as sess:
        a = tf.constant([2, 2], name="a")
        b = tf.constant([[0, 1], [2, 3]], name="b")
        bf = tf.constant([[0., 1.], [2., 3.]], name="bf")
        af = tf.constant([2., 2.], name="af")
        caplog.clear()
        for name, fn in [("divide", lambda: tf.divide(b, a)), ("div", lambda: tf.div(b, a)),
                         ("div_again", lambda: tf.div(b, a, name="again")), ("div_float", lambda: tf.div(bf, af)),
                         ("truediv", lambda: tf.truediv(b, a)), ("floordiv", lambda: tf.floordiv(b, a)),
                         ("truncatediv", lambda: tf.truncatediv(b, a)), ("floor_div", lambda: tf.floor_div(b, a))]:
            t = fn()
            got = _notices(caplog)
            assert [m.split(": ", 1)[1] for m in got] == want["notices"][name], name
            for m in got:  # the call site named is this file's lambda, not tf1's wrapper
                assert m.startswith("From %s:" % __file__), m
            assert [t.op.type, t.op.name, t.dtype.name] == want["op_types"][name], name
            assert sess.run(t).tolist() == want["values"][name], name


def test_multinomial_is_deprecated_categorical_is_not(caplog):
    with open(os.path.join(GOLDEN, "deprecations.json")) as f:
        want = json.load(f)
    tf_logging._deprecation_warned.discard("multinomial")
    with tf.Graph().as_default():
        logits = tf.constant([[0., 1., 2.]])
        caplog.clear()
        for name, fn in [("categorical", lambda: tf.random.categorical(logits, 2)),
                         ("multinomial", lambda: tf.multinomial(logits, 2)),
                         ("random_multinomial", lambda: tf.random.multinomial(logits, 2))]:
            t = fn()
            got = _notices(caplog)
            assert [m.split(": ", 1)[1] for m in got] == want["notices"][name], name
            for m in got:
                assert m.startswith("From %s:" % __file__), m
            assert [t.op.type, t.op.name, t.dtype.name, t.shape.as_list()] == want["op_types"][name], name
