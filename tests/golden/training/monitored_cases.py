"""tf.train.MonitoredTrainingSession / MonitoredSession / hooks scenarios, run by real TF
(monitored_make.py) and by tf1 (tests/training/test_monitored_session.py).

Each scenario takes the `tf` module and a fresh temporary directory and returns JSON-able facts: the
INFO/ERROR lines logged to the 'tensorflow' logger (timings, paths and rates normalised), the files
left in checkpoint_dir, the order in which a recording hook was called, the events written, and values.
"""
import glob
import logging
import os
import re

import numpy as np

X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 1.0, 0.5], [2.0, -0.5, 1.0]], np.float32)
Y = np.array([[1.0], [2.0], [-0.5], [0.75]], np.float32)

# TF 2.x added these two lines around every checkpoint save; TF 1.15 (the spec) has neither.
_TF2_ONLY = re.compile(r"^INFO:Calling checkpoint listeners (before|after) saving checkpoint")


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append("%s:%s" % (record.levelname, record.getMessage()))


def _normalise(lines, root):
    out = []
    for line in lines:
        if _TF2_ONLY.match(line) or (line.startswith("WARNING:") and "deprecated" in line):
            continue  # deprecation notices differ between TF releases
        if "global step (tf.train.get_global_step) has not been increased" in line:
            continue  # TF's step read races with the train op's increment in the same run
        line = line.replace(root, "<DIR>")
        line = re.sub(r"\(\d+\.\d+ sec\)", "(T sec)", line)
        line = re.sub(r"/sec: [-+.\deE]+(inf)?", "/sec: R", line)
        out.append(line)
    return out


class _Logs:
    def __init__(self, tf, root):
        self.logger = tf.get_logger()
        self.root = root

    def __enter__(self):
        self.cap = _Capture()
        self.level = self.logger.level
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self.cap)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.cap)
        self.logger.setLevel(self.level)

    @property
    def lines(self):
        return _normalise(self.cap.lines, self.root)


def _model(tf, lr=0.1):
    x = tf.constant(X, name="x")
    y = tf.constant(Y, name="y")
    w = tf.get_variable("w", [3, 1], initializer=tf.constant_initializer([[0.1], [-0.2], [0.3]]))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y), name="loss")
    gs = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=gs)
    tf.summary.scalar("loss", loss)
    return w, b, loss, gs, train_op


def _recorder(tf, gs, calls):
    class Recorder(tf.train.SessionRunHook):
        def begin(self):
            calls.append("begin")

        def after_create_session(self, session, coord):
            calls.append("after_create_session gs=%d" % session.run(gs))

        def before_run(self, run_context):
            calls.append("before_run")
            return tf.train.SessionRunArgs({"gs": gs})

        def after_run(self, run_context, run_values):
            calls.append("after_run gs=%d stop=%s" % (run_values.results["gs"], run_context.stop_requested))

        def end(self, session):
            calls.append("end gs=%d" % session.run(gs))
    return Recorder()


def _files(root):
    names = sorted(os.listdir(root))
    return [re.sub(r"^events\.out\.tfevents\..*$", "events.out.tfevents.*", n) for n in names]


def _events(tf, root):
    """(step, what) of each event in checkpoint_dir's event files, in order; loss values rounded."""
    out = []
    for path in sorted(glob.glob(os.path.join(root, "events.out.tfevents.*"))):
        for e in tf.train.summary_iterator(path):
            if e.HasField("file_version"):
                out.append([e.step, "file_version"])
            elif e.HasField("graph_def"):
                out.append([e.step, "graph_def"])
            elif e.HasField("meta_graph_def"):
                out.append([e.step, "meta_graph_def"])
            elif e.HasField("session_log"):
                sl = e.session_log
                out.append([e.step, "session_log %d %s" % (sl.status, sl.checkpoint_path.replace(root, "<DIR>"))])
            elif e.HasField("summary"):
                for v in e.summary.value:
                    if v.tag == "loss":
                        out.append([e.step, "summary loss %.5f" % v.simple_value])
                    else:
                        out.append([e.step, "summary " + v.tag])
    return out


def train_and_resume(tf, root):
    """MonitoredTrainingSession trained to step 5, then re-opened (restore) and run 3 more steps."""
    res = {}
    ckpt = os.path.join(root, "ckpt")
    calls = []
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default():
            w, b, loss, gs, train_op = _model(tf)
            hooks = [tf.train.StopAtStepHook(last_step=5), _recorder(tf, gs, calls),
                     tf.train.LoggingTensorHook({"loss": loss, "step": gs}, every_n_iter=2)]
            outs = []
            with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt, hooks=hooks, save_summaries_steps=2,
                                                   log_step_count_steps=2, save_checkpoint_steps=3) as sess:
                res["graph_finalized"] = tf.get_default_graph().finalized
                while not sess.should_stop():
                    _, l_value = sess.run([train_op, loss])
                    outs.append(round(float(l_value), 5))
            res["graph_finalized_after"] = tf.get_default_graph().finalized
            res["losses"] = outs
        res["logs"] = logs.lines
    res["calls"] = calls
    res["files"] = _files(ckpt)
    res["events"] = _events(tf, ckpt)
    res["checkpoint_state"] = open(os.path.join(ckpt, "checkpoint")).read().replace(ckpt, "<CKPT>")

    calls2 = []
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default():
            w, b, loss, gs, train_op = _model(tf)
            final = tf.train.FinalOpsHook({"w": w, "b": b, "gs": gs})
            hooks = [tf.train.StopAtStepHook(num_steps=3), _recorder(tf, gs, calls2), final]
            with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt, hooks=hooks, save_summaries_steps=None,
                                                   log_step_count_steps=None) as sess:
                n = 0
                while not sess.should_stop():
                    sess.run(train_op)
                    n += 1
            res["resumed_steps"] = n
            res["final"] = {k: np.asarray(v).round(6).tolist() for k, v in final.final_ops_values.items()}
        res["logs2"] = logs.lines
    res["calls2"] = calls2
    res["files2"] = _files(ckpt)
    return res


def no_checkpoint_dir(tf, root):
    """No checkpoint_dir: no saving hooks; hooks' fetches merged; the user's fetch structure returned."""
    res = {}
    calls = []
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default():
            w, b, loss, gs, train_op = _model(tf)
            hooks = [_recorder(tf, gs, calls), tf.train.StopAtStepHook(num_steps=2),
                     tf.train.LoggingTensorHook([loss, gs], every_n_iter=1)]
            got = []
            with tf.train.MonitoredTrainingSession(hooks=hooks) as sess:
                while not sess.should_stop():
                    r = sess.run({"t": train_op, "pair": (loss, gs)})
                    got.append([sorted(r), r["t"] is None, round(float(r["pair"][0]), 5), int(r["pair"][1])])
                res["should_stop"] = sess.should_stop()
            res["results"] = got
        res["logs"] = logs.lines
    res["calls"] = calls
    res["files"] = sorted(os.listdir(root))
    return res


def out_of_range(tf, root):
    """An input that runs out ends the `with` block cleanly."""
    res = {}
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default():
            ds = tf.data.Dataset.from_tensor_slices(np.arange(3, dtype=np.float32))
            nxt = tf.data.make_one_shot_iterator(ds).get_next()
            v = tf.get_variable("acc", [], initializer=tf.zeros_initializer())
            op = tf.assign_add(v, nxt)
            seen = []
            with tf.train.MonitoredSession() as sess:
                while not sess.should_stop():
                    seen.append(float(sess.run(op)))
            res["seen"] = seen
            res["should_stop_after"] = sess.should_stop()
        res["logs"] = logs.lines
    return res


def nan_loss(tf, root):
    res = {}
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default():
            bad = tf.get_variable("bad", [], initializer=tf.constant_initializer(-1.0))
            loss = tf.sqrt(bad)
            tf.train.get_or_create_global_step()
            try:
                with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(loss)]) as sess:
                    sess.run(loss)
            except Exception as e:  # noqa: BLE001 (the class and message are the facts)
                res["error"] = [type(e).__name__, str(e)]
        with tf.Graph().as_default():
            bad = tf.get_variable("bad", [], initializer=tf.constant_initializer(-1.0))
            loss = tf.sqrt(bad)
            n = 0
            with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(loss, fail_on_nan_loss=False)]) as sess:
                while not sess.should_stop():
                    sess.run(loss)
                    n += 1
            res["steps_before_stop"] = n
        res["logs"] = logs.lines
    return res


def singular_and_step_fn(tf, root):
    """SingularMonitoredSession's raw_session, run_step_fn, FeedFnHook, GlobalStepWaiterHook(0)."""
    res = {}
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default():
            p = tf.placeholder(tf.float32, [], name="p")
            gs = tf.train.get_or_create_global_step()
            inc = tf.assign_add(gs, 1)
            out = p * 2.0
            feeds = iter([1.0, 2.0, 3.0, 4.0])
            hooks = [tf.train.FeedFnHook(lambda: {p: next(feeds)}), tf.train.GlobalStepWaiterHook(0),
                     tf.train.StopAtStepHook(last_step=3)]
            vals = []
            with tf.train.SingularMonitoredSession(hooks=hooks) as sess:
                res["raw_gs"] = int(sess.raw_session().run(gs))
                res["raw_type"] = type(sess.raw_session()).__name__

                def step_fn(step_context):
                    raw = step_context.session.run(gs)
                    return [float(raw), float(step_context.run_with_hooks([out, inc])[0])]
                while not sess.should_stop():
                    vals.append(sess.run_step_fn(step_fn))
            res["vals"] = vals
        with tf.Graph().as_default():
            c = tf.constant(1.0)
            n = []

            def stopper(step_context):
                n.append(step_context.session.run(c))
                if len(n) == 2:
                    step_context.request_stop()
                return len(n)
            got = []
            with tf.train.MonitoredSession() as sess:
                while not sess.should_stop():
                    got.append(sess.run_step_fn(stopper))
            res["step_fn_stop"] = got
        res["logs"] = logs.lines
    return res


def scaffold_pieces(tf, root):
    """What Scaffold.finalize() creates and puts in collections."""
    res = {}
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default() as g:
            tf.get_variable("v", [2], initializer=tf.ones_initializer())
            sc = tf.train.Scaffold()
            res["before"] = [sc.init_op is None, sc.saver is None, sc.summary_op is None]
            sc.finalize()
            res["finalized"] = g.finalized
            res["types"] = [type(sc.init_op).__name__, type(sc.ready_op).__name__,
                            type(sc.local_init_op).__name__, sc.summary_op is None, type(sc.saver).__name__]
            res["collections"] = {k: len(g.get_collection(k)) for k in
                                  ["init_op", "ready_op", "ready_for_local_init_op", "local_init_op", "savers",
                                   "summary_op"]}
            res["saver_sharded"] = bool(sc.saver.saver_def.sharded)
            with tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(scaffold=sc)) as sess:
                res["v"] = sess.run("v:0").tolist()
            res["finalized_after"] = g.finalized
        res["logs"] = logs.lines
    try:
        tf.train.StopAtStepHook()
    except ValueError as e:
        res["stop_hook_error"] = str(e)
    try:
        tf.train.LoggingTensorHook([])
    except ValueError as e:
        res["logging_hook_error"] = str(e)
    res["run_args"] = list(tf.train.SessionRunArgs(1)._asdict().items())[1:]
    return res


def defaults(tf, root):
    """Default arguments: checkpoints every 600 s (so at start and end), summaries every 100 steps."""
    res = {}
    with _Logs(tf, root) as logs:
        with tf.Graph().as_default():
            w, b, loss, gs, train_op = _model(tf)
            with tf.train.MonitoredTrainingSession(checkpoint_dir=root,
                                                   hooks=[tf.train.StopAtStepHook(last_step=3)]) as sess:
                while not sess.should_stop():
                    sess.run(train_op)
        res["logs"] = logs.lines
    res["files"] = _files(root)
    res["events"] = _events(tf, root)
    return res


def not_ready(tf, root):
    """A worker gives up waiting for a chief; an init op that leaves variables uninitialised."""
    res = {}
    with tf.Graph().as_default():
        tf.get_variable("v", [], initializer=tf.ones_initializer())
        try:
            tf.train.MonitoredTrainingSession(is_chief=False, max_wait_secs=0)
        except Exception as e:  # noqa: BLE001
            res["worker"] = [type(e).__name__, str(e)]
    with tf.Graph().as_default():
        tf.get_variable("v", [], initializer=tf.ones_initializer())
        try:
            tf.train.MonitoredSession(tf.train.ChiefSessionCreator(scaffold=tf.train.Scaffold(init_op=tf.no_op())))
        except Exception as e:  # noqa: BLE001
            res["chief"] = [type(e).__name__, str(e)]
    with tf.Graph().as_default():
        try:
            tf.train.MonitoredSession(hooks=[tf.train.StepCounterHook()])
        except Exception as e:  # noqa: BLE001
            res["no_global_step"] = [type(e).__name__, str(e)]
    return res


CASES = {f.__name__: f for f in [train_and_resume, no_checkpoint_dir, out_of_range, nan_loss,
                                  singular_and_step_fn, scaffold_pieces, not_ready,
                                  defaults]}
