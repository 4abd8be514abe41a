"""tf.train.Supervisor scenarios, run by real TF (supervisor_make.py) and by tf1
(tests/training/test_supervisor.py).

Each scenario takes the `tf` module and a fresh temporary directory and returns JSON-able facts. The
standard services are background threads: scenarios wait (bounded) until a recording summary writer
has seen each service's first round before training, so the facts do not depend on thread timing.
"""
import os
import time

import numpy as np

X = np.array([[0.5, -1.0], [1.5, 0.25], [-1.0, 1.0]], np.float32)
Y = np.array([[1.0], [2.0], [-0.5]], np.float32)


def _model(tf):
    x = tf.constant(X, name="x")
    y = tf.constant(Y, name="y")
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer([[0.1], [-0.2]]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y), name="loss")
    gs = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
    tf.summary.scalar("loss", loss)
    return w, loss, gs, train_op


def _recording_writer(tf, logdir):
    """A FileWriter that also remembers what the supervisor handed it."""

    class Recording(tf.summary.FileWriter):
        def __init__(self, d):
            super().__init__(d)
            self.calls = []

        def add_summary(self, summary, global_step=None):
            if isinstance(summary, bytes):
                s = tf.Summary()
                s.ParseFromString(summary)
            else:
                s = summary
            self.calls.append(("summary", int(global_step) if global_step is not None else None,
                               [v.tag for v in s.value]))
            super().add_summary(summary, global_step)

        def add_session_log(self, session_log, global_step=None):
            self.calls.append(("session_log", int(global_step) if global_step is not None else None,
                               int(session_log.status), os.path.basename(session_log.checkpoint_path)))
            super().add_session_log(session_log, global_step)

        def add_graph(self, graph, global_step=None, graph_def=None):
            self.calls.append(("graph",))
            super().add_graph(graph, global_step, graph_def)

        def add_meta_graph(self, meta_graph_def, global_step=None):
            self.calls.append(("meta_graph", sorted(meta_graph_def.collection_def)))
            super().add_meta_graph(meta_graph_def, global_step)

    return Recording(logdir)


def _wait(pred, secs=60.0):
    end = time.time() + secs
    while not pred():
        if time.time() > end:
            raise AssertionError("timed out waiting for the supervisor's services")
        time.sleep(0.02)


def _events(tf, logdir):
    out = []
    for path in sorted(os.listdir(logdir)):
        if not path.startswith("events.out.tfevents"):
            continue
        for e in tf.train.summary_iterator(os.path.join(logdir, path)):
            kind = e.WhichOneof("what")
            if kind == "session_log":
                out.append([kind, int(e.step), int(e.session_log.status)])
            elif kind == "summary":
                out.append([kind, int(e.step), [v.tag for v in e.summary.value]])
            else:
                out.append([kind, int(e.step)])
    return out


def defaults(tf, root):
    """The ops a Supervisor takes or makes, and what it puts in the graph's collections."""
    w, loss, gs, train_op = _model(tf)
    sv = tf.train.Supervisor(logdir=root)
    g = tf.get_default_graph()
    facts = {
        "is_chief": sv.is_chief,
        "init_op": sv.init_op.name,
        "init_op_type": sv.init_op.type,
        "local_init_op_inputs": sorted(i.name for i in sv._local_init_op.control_inputs),
        "ready_op_dtype": sv.ready_op.dtype.name,
        "ready_for_local_init_op": sv.ready_for_local_init_op,
        "summary_op": sv.summary_op.name,
        "global_step": sv.global_step.name,
        "saver": type(sv.saver).__name__,
        "saver_sharded": sv.saver.saver_def.sharded,
        "save_path": os.path.relpath(sv.save_path, root),
        "save_model_secs": sv.save_model_secs,
        "save_summaries_secs": sv.save_summaries_secs,
        "finalized": g.finalized,
        "collections": {k: len(g.get_collection(k)) for k in
                        ("init_op", "local_init_op", "ready_op", "savers", "summary_op", "global_step")},
        "summary_writer": type(sv.summary_writer).__name__,
        "coord": type(sv.coord).__name__,
    }
    sv.summary_writer.close()
    return facts


def non_chief(tf, root):
    """A non-chief keeps nothing of logdir and wants devices on its variables."""
    facts = {}
    with tf.Graph().as_default():
        with tf.device("/job:ps/task:0"):
            _model(tf)
        sv = tf.train.Supervisor(logdir=root, is_chief=False)
        facts["attrs"] = [sv.is_chief, sv.save_path, sv.summary_writer, sv.save_model_secs,
                          sv.save_summaries_secs]
        try:
            sv.start_standard_services(None)
        except RuntimeError as e:
            facts["start_services"] = str(e)
    with tf.Graph().as_default():
        _model(tf)
        try:
            tf.train.Supervisor(logdir=root, is_chief=False)
        except ValueError as e:
            facts["no_device"] = str(e).split(":")[0]
    return facts


def services(tf, root):
    """managed_session: init, graph.pbtxt, START/summaries/step rate/checkpoint, training, STOP; then
    a second Supervisor restores the checkpoint the service wrote at step 0."""
    w, loss, gs, train_op = _model(tf)
    writer = _recording_writer(tf, root)
    sv = tf.train.Supervisor(logdir=root, summary_writer=writer, save_model_secs=3600,
                             save_summaries_secs=3600)
    facts = {}
    with sv.managed_session() as sess:
        _wait(lambda: sum(1 for c in writer.calls if c[0] == "summary") >= 2 and
              any(c[0] == "session_log" and c[2] == 3 for c in writer.calls))
        for _ in range(3):
            if sv.should_stop():
                break
            sess.run(train_op)
        facts["trained"] = [sess.run(w).ravel().tolist(), int(sess.run(gs))]
        facts["should_stop_inside"] = sv.should_stop()
    facts["should_stop_after"] = sv.should_stop()
    first = writer.calls[:3]
    facts["first_calls"] = [list(c) for c in first]
    facts["service_calls"] = sorted(repr(c) for c in writer.calls[3:])
    facts["files"] = sorted("events.out.tfevents" if f.startswith("events.out.tfevents") else f
                            for f in os.listdir(root))
    facts["graph_pbtxt"] = os.path.getsize(os.path.join(root, "graph.pbtxt")) > 0
    facts["events"] = _events(tf, root)[:4]
    facts["last_event"] = _events(tf, root)[-1]
    with tf.Graph().as_default():
        w, loss, gs, train_op = _model(tf)
        sv = tf.train.Supervisor(logdir=root, save_model_secs=0, save_summaries_secs=0)
        with sv.managed_session() as sess:
            facts["restored"] = [sess.run(w).ravel().tolist(), int(sess.run(gs))]
    return facts


def explicit_save_restore(tf, root):
    """save_model_secs=0 starts no checkpoint thread; sv.saver saves to sv.save_path; a new
    supervisor on the same logdir restores it; init_feed_dict and init_fn run on a fresh start."""
    facts = {}
    with tf.Graph().as_default():
        init_value = tf.placeholder(tf.float32, [2], name="init_value")
        v = tf.Variable(init_value, name="v")
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(v, [1.0, 1.0])
        step = tf.assign_add(gs, 1)
        calls = []
        sv = tf.train.Supervisor(logdir=root, save_model_secs=0, save_summaries_secs=0,
                                 init_feed_dict={init_value: [3.0, 4.0]},
                                 init_fn=lambda sess: calls.append(sess.run(v).tolist()))
        with sv.managed_session() as sess:
            sess.run([inc, step])
            path = sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
            facts["saved"] = os.path.basename(path)
        facts["init_fn_saw"] = calls
    facts["files"] = sorted(f for f in os.listdir(root) if not f.startswith("events"))
    with tf.Graph().as_default():
        init_value = tf.placeholder(tf.float32, [2], name="init_value")
        v = tf.Variable(init_value, name="v")
        gs = tf.train.get_or_create_global_step()
        sv = tf.train.Supervisor(logdir=root, save_model_secs=0, save_summaries_secs=0, summary_op=None)
        with sv.managed_session() as sess:
            facts["restored"] = [sess.run(v).tolist(), int(sess.run(gs))]
    return facts


def errors(tf, root):
    """OutOfRangeError ends managed_session cleanly; other errors come back after stop; the
    RuntimeErrors of summary_computed without a writer and of an uninitialised model."""
    facts = {}
    with tf.Graph().as_default():
        _model(tf)
        sv = tf.train.Supervisor(logdir=None)
        with sv.managed_session() as sess:
            raise tf.errors.OutOfRangeError(None, None, "input exhausted")
        facts["after_out_of_range"] = sv.should_stop()
        try:
            with sv.managed_session() as sess:
                facts["restarted_should_stop"] = sv.should_stop()
                raise ValueError("boom")
        except ValueError as e:
            facts["reraised"] = str(e)
        try:
            sv.summary_computed(sess, tf.Summary())
        except RuntimeError as e:
            facts["summary_computed"] = str(e)
        facts["files"] = os.listdir(root)
    with tf.Graph().as_default():
        tf.Variable(1.0, name="v")
        sv = tf.train.Supervisor(logdir=None, init_op=None)
        try:
            sv.prepare_or_wait_for_session()
        except RuntimeError as e:
            facts["not_ready"] = str(e).split("error:")[0]
    return facts


def loop_and_summary_computed(tf, root):
    """sv.loop calls its target on a timer until stop; summary_computed writes at the global step."""
    facts = {}
    with tf.Graph().as_default():
        w, loss, gs, train_op = _model(tf)
        sv = tf.train.Supervisor(logdir=root, save_model_secs=0, save_summaries_secs=0)
        seen = []
        with sv.managed_session() as sess:
            sess.run(train_op)
            thread = sv.loop(0.01, seen.append, args=("tick",))
            _wait(lambda: len(seen) >= 2)
            sv.summary_computed(sess, sess.run(sv.summary_op))
            sv.summary_computed(sess, sess.run(sv.summary_op), global_step=7)
            sv.request_stop()
            facts["should_stop"] = sv.should_stop()
        facts["thread_alive"] = thread.is_alive()
        facts["ticks"] = sorted(set(seen))
        facts["events"] = _events(tf, root)
    return facts


def queue_runners(tf, root):
    """The supervisor starts the graph's queue runners and runs local_init_op (the epoch counter of
    num_epochs); the input's OutOfRangeError ends managed_session cleanly."""
    facts = {}
    with tf.Graph().as_default():
        i = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
        sv = tf.train.Supervisor(logdir=None, summary_op=None)
        facts["local_variables"] = [v.op.name for v in tf.local_variables()]
        seen = []
        with sv.managed_session() as sess:
            while not sv.should_stop():
                seen.append(int(sess.run(i)))
        facts["seen"] = seen
        facts["should_stop"] = sv.should_stop()
    return facts


CASES = {f.__name__: f for f in (defaults, non_chief, services, explicit_save_restore, errors,
                                 loop_and_summary_computed, queue_runners)}
