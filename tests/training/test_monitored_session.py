"""tf.train.MonitoredTrainingSession / MonitoredSession / SessionRunHooks against real TF.

Goldens: tests/golden/training/monitored_golden.json, made by tests/golden/training/monitored_make.py
from the scenarios in monitored_cases.py (logged lines, checkpoint_dir files, hook call order, events,
restored step, final weights). Further tests pin TF 1.15 behaviour read from its source."""
import json
import logging
import math
import os
import re
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "training"))
import monitored_cases  # noqa: E402

import tf1 as tf  # noqa: E402

with open(os.path.join(os.path.dirname(HERE), "golden", "training", "monitored_golden.json")) as _f:
    GOLDEN = json.load(_f)

_NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def _assert_same(got, want, where):
    """Equal structures; floats (also inside strings, e.g. logged losses) equal to float32 rounding."""
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
    elif isinstance(want, str):
        assert _NUMBER.split(got) == _NUMBER.split(want), "%s: %r vs %r" % (where, got, want)
        for g, w in zip(_NUMBER.findall(got), _NUMBER.findall(want)):
            assert math.isclose(float(g), float(w), rel_tol=1e-5, abs_tol=1e-6), "%s: %r vs %r" % (where, got, want)
    else:
        assert got == want, "%s: %r vs %r" % (where, got, want)


@pytest.mark.parametrize("name", sorted(monitored_cases.CASES))
def test_against_tf(name, tmp_path):
    got = json.loads(json.dumps(monitored_cases.CASES[name](tf, str(tmp_path))))
    want = GOLDEN[name]
    if name == "scaffold_pieces":
        # TF 2.x names graph tensors SymbolicTensor; TF 1.15's class (and tf1's) is Tensor.
        want = dict(want, types=["Tensor" if t == "SymbolicTensor" else t for t in want["types"]])
    _assert_same(got, want, name)


# ------------------------------------------------------------------------------ beyond the goldens

def _counter_model():
    gs = tf.train.get_or_create_global_step()
    return gs, tf.assign_add(gs, 1)


class _Fetcher(tf.train.SessionRunHook):
    def __init__(self, fetches=None, feeds=None):
        self.fetches, self.feeds, self.results = fetches, feeds, []

    def before_run(self, run_context):
        return tf.train.SessionRunArgs(self.fetches, feed_dict=self.feeds)

    def after_run(self, run_context, run_values):
        self.results.append(run_values.results)


def test_hook_fetches_ride_in_one_session_run():
    with tf.Graph().as_default():
        gs, inc = _counter_model()
        c = tf.constant(7.0)
        h1, h2, h3 = _Fetcher(gs), _Fetcher({"c": c}), _Fetcher(None)
        with tf.train.SingularMonitoredSession(hooks=[h1, h2, h3]) as sess:
            raw = sess.raw_session()
            calls = []
            real_run = raw.run

            def counting_run(fetches, *args, **kwargs):
                calls.append(fetches)
                return real_run(fetches, *args, **kwargs)
            raw.run = counting_run
            assert sess.run(inc) == 1
            assert sess.run([inc, c]) == [2, 7.0]
        assert len(calls) == 2
        assert sorted(map(str, calls[0])) == sorted(["caller", str(h1), str(h2)])
        assert len(h1.results) == 2 and h2.results == [{"c": 7.0}, {"c": 7.0}]
        assert h3.results == [None, None]


def test_feed_conflicts_and_run_after_stop():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [])
        with tf.train.MonitoredSession(hooks=[_Fetcher(None, {p: 1.0}), _Fetcher(None, {p: 2.0})]) as sess:
            with pytest.raises(RuntimeError, match=r"^Same tensor is fed by two hooks\. Conflict\(s\): "):
                sess.run(p)
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [])
        p3 = p * 3.0
        with tf.train.MonitoredSession(hooks=[_Fetcher(None, {p: 1.0})]) as sess:
            assert sess.run(p3) == 3.0
            with pytest.raises(RuntimeError, match=r"^Same tensor is fed by a SessionRunHook and user\."):
                sess.run(p, feed_dict={p: 5.0})

    class Stopper(tf.train.SessionRunHook):
        def after_run(self, run_context, run_values):
            run_context.request_stop()
    with tf.Graph().as_default():
        c = tf.constant(1)
        sess = tf.train.SingularMonitoredSession(hooks=[Stopper()])
        assert not sess.should_stop()
        sess.run(c)
        assert sess.should_stop()
        with pytest.raises(RuntimeError, match="Run called even after should_stop requested."):
            sess.run(c)
        sess.close()
        assert sess.should_stop()
        with pytest.raises(RuntimeError, match="Session is already closed."):
            sess.close()


def test_graph_finalized_while_open_and_restored_after():
    with tf.Graph().as_default() as g:
        c = tf.constant(1.0)
        with tf.train.MonitoredSession() as sess:
            assert g.finalized
            assert sess.graph is g
            with pytest.raises(RuntimeError, match="Graph is finalized"):
                tf.constant(2.0)
            assert sess.run(c) == 1.0
        assert not g.finalized
        tf.constant(3.0)  # editable again
    with tf.Graph().as_default() as g:
        tf.get_variable("v", [], initializer=tf.ones_initializer())
        scaffold = tf.train.Scaffold().finalize()  # the ops it needs exist: a second finalize adds none
        assert g.finalized
        with tf.train.MonitoredSession(tf.train.ChiefSessionCreator(scaffold=scaffold)) as sess:
            assert sess.run("v:0") == 1.0
        assert g.finalized  # it was finalized before: left so


def test_monitored_session_recovers_from_aborted():
    """A preemption error (Aborted) closes and recreates the session, then the run is retried."""
    class AbortOnce(tf.train.SessionRunHook):
        fired = False

        def before_run(self, run_context):
            if not self.fired:
                self.fired = True
                raise tf.errors.AbortedError(None, None, "preempted")

    class CountingCreator(tf.train.SessionCreator):
        def __init__(self):
            self.n = 0
            self.inner = tf.train.ChiefSessionCreator()

        def create_session(self):
            self.n += 1
            return self.inner.create_session()
    with tf.Graph().as_default():
        v = tf.get_variable("v", [], initializer=tf.constant_initializer(4.0))
        creator = CountingCreator()
        with tf.train.MonitoredSession(session_creator=creator, hooks=[AbortOnce()]) as sess:
            assert sess.run(v) == 4.0
        assert creator.n == 2
    with tf.Graph().as_default():  # SingularMonitoredSession does not recover
        c = tf.constant(1.0)
        with pytest.raises(tf.errors.AbortedError):
            with tf.train.SingularMonitoredSession(hooks=[AbortOnce()]) as sess:
                sess.run(c)


def test_end_not_called_on_error_and_queue_runners_started():
    ends = []

    class End(tf.train.SessionRunHook):
        def end(self, session):
            ends.append(session)
    with tf.Graph().as_default():
        c = tf.constant(1.0)
        with pytest.raises(ValueError, match="boom"):
            with tf.train.MonitoredSession(hooks=[End()]) as sess:
                sess.run(c)
                raise ValueError("boom")
    assert ends == []
    with tf.Graph().as_default():
        q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
        tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(tf.constant(2.5))]))
        got = q.dequeue()
        with tf.train.MonitoredSession(hooks=[End()]) as sess:
            assert sess.run(got) == 2.5 and sess.run(got) == 2.5
            assert tf.train.start_queue_runners(sess) == []  # a monitored session starts its own
        assert len(ends) == 1 and ends[0] is not None


def test_scaffold_init_fn_and_copy():
    with tf.Graph().as_default():
        v = tf.get_variable("v", [], initializer=tf.constant_initializer(1.0))
        assign = tf.assign(v, 9.0)
        seen = []

        def init_fn(scaffold, session):  # called as init_fn(scaffold, session) after init_op
            seen.append(scaffold)
            session.run(assign)
        scaffold = tf.train.Scaffold(init_fn=init_fn)
        with tf.train.MonitoredTrainingSession(scaffold=scaffold, log_step_count_steps=None) as sess:
            assert sess.run(v) == 9.0
        assert seen == [scaffold]
        copy = tf.train.Scaffold(copy_from_scaffold=scaffold)
        assert copy.init_op is scaffold.init_op and copy.saver is scaffold.saver
        with pytest.raises(TypeError, match="copy_from_scaffold is not a Scaffold instance."):
            tf.train.Scaffold(copy_from_scaffold=1)


def test_checkpoint_restore_with_singular_session_and_secs_timer(tmp_path):
    ckpt = str(tmp_path)
    with tf.Graph().as_default():
        gs, inc = _counter_model()
        hook = tf.train.CheckpointSaverHook(ckpt, save_steps=2)
        with tf.train.SingularMonitoredSession(hooks=[hook, tf.train.StopAtStepHook(num_steps=3)]) as sess:
            while not sess.should_stop():
                sess.run(inc)
    assert tf.train.latest_checkpoint(ckpt).endswith("model.ckpt-3")
    assert sorted(f for f in os.listdir(ckpt) if f.endswith(".index")) == [
        "model.ckpt-0.index", "model.ckpt-2.index", "model.ckpt-3.index"]
    with tf.Graph().as_default():
        gs, inc = _counter_model()
        with tf.train.SingularMonitoredSession(checkpoint_filename_with_path=os.path.join(ckpt, "model.ckpt-2")) as sess:
            assert sess.run(gs) == 2
            assert sess.raw_session().run(inc) == 3

    timer = tf.train.SecondOrStepTimer(every_secs=1000)
    assert timer.should_trigger_for_step(5)
    assert timer.update_last_triggered_step(5) == (None, None)
    assert not timer.should_trigger_for_step(6) and timer.last_triggered_step() == 5
    with pytest.raises(ValueError, match="Can not provide both every_secs and every_steps."):
        tf.train.SecondOrStepTimer(1, 1)
    with pytest.raises(ValueError, match="You cannot provide both saver and scaffold."):
        tf.train.CheckpointSaverHook(ckpt, save_steps=1, saver=object(), scaffold=object())
    with pytest.raises(ValueError, match="Exactly one of scaffold or summary_op must be provided."):
        tf.train.SummarySaverHook(save_steps=1)


def test_logging_hook_at_end_and_formatter(tmp_path):
    lines = []

    class Cap(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())
    logger = tf.get_logger()
    cap, level = Cap(), logger.level
    logger.addHandler(cap)
    logger.setLevel(logging.INFO)
    try:
        with tf.Graph().as_default():
            gs, inc = _counter_model()
            tf.constant([[1.5, 2.0]], name="w")
            hooks = [tf.train.LoggingTensorHook({"w": "w", "gs": gs.name}, at_end=True),
                     tf.train.LoggingTensorHook(["w:0"], every_n_iter=2, formatter=lambda d: "fmt %s" % sorted(d))]
            with tf.train.MonitoredSession(hooks=hooks) as sess:
                for _ in range(3):
                    sess.run(inc)
    finally:
        logger.removeHandler(cap)
        logger.setLevel(level)
    got = [ln for ln in lines if not ln.startswith(("Graph was", "Running local", "Done running"))]
    assert got == ["fmt ['w:0']", "fmt ['w:0']", "gs = 3, w = [[1.5 2. ]]"]
    with pytest.raises(ValueError, match=r"invalid every_n_iter=0\."):
        tf.train.LoggingTensorHook(["w:0"], every_n_iter=0)
    with tf.Graph().as_default():
        with pytest.raises(RuntimeError, match="Global step should be created to use StopAtStepHook."):
            tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(num_steps=1)])


def test_run_step_fn_argument_check():
    with tf.Graph().as_default():
        c = tf.constant(2.0)
        c2 = c * 2
        with tf.train.MonitoredSession() as sess:
            with pytest.raises(ValueError, match=r"`step_fn` may either have one `step_context` argument"):
                sess.run_step_fn(lambda ctx: None)

            class Stepper:
                def step(self, step_context):
                    return step_context.run_with_hooks(c)
            assert sess.run_step_fn(Stepper().step) == 2.0
            assert np.isclose(sess.run_step_fn(lambda step_context: step_context.session.run(c2)), 4.0)


def test_step_counter_warns_about_a_stalled_global_step_at_most_5_times(tmp_path):
    lines = []

    class Cap(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())
    logger = tf.get_logger()
    cap = Cap()
    logger.addHandler(cap)
    try:
        with tf.Graph().as_default():
            tf.train.get_or_create_global_step()
            c = tf.constant(1.0)
            hook = tf.train.StepCounterHook(every_n_steps=1, output_dir=str(tmp_path))
            with tf.train.MonitoredSession(hooks=[hook]) as sess:
                for _ in range(8):
                    sess.run(c)
    finally:
        logger.removeHandler(cap)
    stalls = [ln for ln in lines if ln.startswith("It seems that global step")]
    assert 1 <= len(stalls) <= 5  # TF's log_first_n: one budget of 5 per call site and process
    assert stalls[0] == (
        "It seems that global step (tf.train.get_global_step) has not been increased. Current value (could "
        "be stable): 0 vs previous value: 0. You could increase the global step by passing "
        "tf.train.get_global_step() to Optimizer.apply_gradients or Optimizer.minimize.")
