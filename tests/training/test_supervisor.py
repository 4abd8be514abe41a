"""tf.train.Supervisor against real TF.

Goldens: tests/golden/training/supervisor_golden.json, made by tests/golden/training/supervisor_make.py
from the scenarios in supervisor_cases.py (the ops and collections a Supervisor sets up, the standard
services' summaries/checkpoints/session logs, restore from logdir, errors of managed_session)."""
import json
import math
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "training"))
import supervisor_cases  # noqa: E402

import tf1 as tf  # noqa: E402

with open(os.path.join(os.path.dirname(HERE), "golden", "training", "supervisor_golden.json")) as _f:
    GOLDEN = json.load(_f)


def _assert_same(got, want, where):
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), where
        for k in want:
            _assert_same(got[k], want[k], "%s.%s" % (where, k))
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), "%s: %r vs %r" % (where, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            _assert_same(g, w, "%s[%d]" % (where, i))
    elif isinstance(want, float):
        assert math.isclose(got, want, rel_tol=1e-5, abs_tol=1e-6), "%s: %r vs %r" % (where, got, want)
    else:
        assert got == want, "%s: %r vs %r" % (where, got, want)


@pytest.mark.parametrize("name", sorted(supervisor_cases.CASES))
def test_against_tf(name, tmp_path):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(supervisor_cases.CASES[name](tf, str(tmp_path))))
    _assert_same(got, GOLDEN[name], name)


def test_camel_case_aliases_and_session_manager():
    sv_cls = tf.train.Supervisor
    assert sv_cls.PrepareSession is sv_cls.prepare_or_wait_for_session
    assert sv_cls.ShouldStop is sv_cls.should_stop
    with tf.Graph().as_default():
        v = tf.Variable(2.0, name="v")
        sm = tf.train.SessionManager(ready_op=tf.report_uninitialized_variables())
        sess = sm.prepare_session("", init_op=tf.global_variables_initializer())
        assert sess.run(v) == 2.0
        sess2, restored = sm.recover_session("", saver=None, checkpoint_dir=None)
        assert restored is False
        sess.close()
        sess2.close()


def test_non_chief_waits_for_the_chief_and_gives_up(tmp_path):
    """A non-chief polls every recovery_wait_secs until the model is ready, then raises TF's
    DeadlineExceededError."""
    with tf.Graph().as_default():
        with tf.device("/job:ps/task:0"):
            tf.Variable(1.0, name="v")
        sv = tf.train.Supervisor(logdir=str(tmp_path), is_chief=False, recovery_wait_secs=0.01)
        with pytest.raises(tf.errors.DeadlineExceededError, match="Session was not ready after waiting 0 secs"):
            sv.prepare_or_wait_for_session(max_wait_secs=0.05)
