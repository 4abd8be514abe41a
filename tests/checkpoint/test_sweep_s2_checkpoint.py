"""Regressions found running golbin/TensorFlow-Tutorials (05 - TensorBoard, Saver) on tf1.
Goldens: tests/golden/sweep_s2/ (make_goldens.py records them on TF)."""
import json
import os

import tf1 as tf
from tf1.platform import tf_logging

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "sweep_s2")


def _golden(name):
    with open(os.path.join(GOLDEN, name)) as f:
        return json.load(f)


def test_checkpoint_exists_deprecation_notice_once_naming_caller(tmp_path, caplog):
    want = _golden("checkpoint_exists.json")
    tf_logging._deprecation_warned.discard("checkpoint_exists")
    prefix = str(tmp_path / "model.ckpt")
    missing = tf.train.checkpoint_exists(prefix); line = _line()  # noqa: E702 -- the line the notice names
    with tf.Graph().as_default(), tf.Session() as sess:
        v = tf.Variable(1.0, name="v")
        sess.run(v.initializer)
        tf.train.Saver().save(sess, prefix)
    present = tf.train.checkpoint_exists(prefix)
    assert [bool(missing), bool(present)] == [want["missing"], want["present"]]
    msgs = [r.getMessage() for r in caplog.records if "checkpoint_exists" in r.getMessage()]
    assert [m.split(": ", 1)[1] for m in msgs] == want["notices"]
    assert msgs[0].startswith("From %s:%d: " % (__file__, line))


def test_saver_restore_is_silent(tmp_path, caplog):
    # Saver.restore checks the prefix through the internal helper: no notice from tf1's own code.
    tf_logging._deprecation_warned.discard("checkpoint_exists")
    prefix = str(tmp_path / "m.ckpt")
    with tf.Graph().as_default(), tf.Session() as sess:
        v = tf.Variable(2.0, name="v")
        sess.run(v.initializer)
        saver = tf.train.Saver()
        saver.save(sess, prefix)
        saver.restore(sess, prefix)
        assert sess.run(v) == 2.0
    assert not [r for r in caplog.records if "checkpoint_exists" in r.getMessage()]


def _line():
    import sys
    return sys._getframe(1).f_lineno
