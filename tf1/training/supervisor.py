"""`tf.train.Supervisor` and `tf.train.SessionManager` (TF 1.15's training/supervisor.py and
session_manager.py).

A Supervisor gathers a training graph's init/ready/local-init/summary ops, saver and global step (from
the graph's collections, or made and put there), finalizes the graph, and hands out sessions that are
initialised or restored from the latest checkpoint in `logdir`. A chief also runs TF's "standard
services": LooperThreads on its Coordinator that checkpoint every `save_model_secs`, and compute the
summary op plus a `global_step/sec` counter every `save_summaries_secs`. `managed_session()` stops those
threads and closes the session when its block ends, swallowing OutOfRangeError as TF does.
"""
import contextlib
import os
import time

from tensorboard.compat.proto import event_pb2, summary_pb2

from ..api import export
from ..framework import dtypes
from ..framework.graph import GraphKeys, add_to_collection, get_collection, get_default_graph
from ..platform import tf_logging as logging
from . import coordinator, training_util
from .monitored_session import _SessionPreparer

_MODULE = "tensorflow.python.training.supervisor"
SessionLog = event_pb2.SessionLog


@export("train.SessionManager")
class SessionManager(_SessionPreparer):
    """Creates sessions that are initialised, restored from a checkpoint, or made ready by another
    process (TF's SessionManager; the checks themselves are monitored_session's)."""

    def __init__(self, local_init_op=None, ready_op=None, ready_for_local_init_op=None, graph=None,
                 recovery_wait_secs=30, local_init_run_options=None):
        super().__init__(local_init_op=local_init_op, ready_op=ready_op,
                         ready_for_local_init_op=ready_for_local_init_op, graph=graph)
        self._recovery_wait_secs = recovery_wait_secs
        self._local_init_run_options = local_init_run_options
        if ready_op is None and ready_for_local_init_op is not None:
            raise ValueError("If you pass a ready_for_local_init_op you must also pass a ready_op.")

    def _wait_for_checkpoint_dir(self, checkpoint_dir, wait_for_checkpoint, max_wait_secs):
        """Polls `checkpoint_dir` until it names a checkpoint (TF's _restore_checkpoint wait loop)."""
        from ..formats import checkpoint_state
        wait_time = 0
        ckpt = checkpoint_state.get_checkpoint_state(checkpoint_dir)
        while not ckpt or not ckpt.model_checkpoint_path:
            if wait_for_checkpoint and wait_time < max_wait_secs:
                logging.info("Waiting for checkpoint to be available.")
                time.sleep(self._recovery_wait_secs)
                wait_time += self._recovery_wait_secs
                ckpt = checkpoint_state.get_checkpoint_state(checkpoint_dir)
            else:
                return False
        return True

    def prepare_session(self, master, init_op=None, saver=None, checkpoint_dir=None,
                        checkpoint_filename_with_path=None, wait_for_checkpoint=False, max_wait_secs=7200,
                        config=None, init_feed_dict=None, init_fn=None):
        if checkpoint_dir and saver and wait_for_checkpoint:
            self._wait_for_checkpoint_dir(checkpoint_dir, wait_for_checkpoint, max_wait_secs)
        return super().prepare_session(master, init_op=init_op, saver=saver, checkpoint_dir=checkpoint_dir,
                                       checkpoint_filename_with_path=checkpoint_filename_with_path,
                                       config=config, init_feed_dict=init_feed_dict, init_fn=init_fn)

    def wait_for_session(self, master, config=None, max_wait_secs=float("Inf")):
        """A session once another process made the model ready, checking every recovery_wait_secs."""
        from ..framework import errors
        from .monitored_session import _ready
        start = time.time()
        while True:
            sess = self._new_session(master, config)
            not_ready_msg = None
            ok, not_ready_local_msg = self._try_run_local_init_op(sess)
            if ok:
                ok, not_ready_msg = _ready(self._ready_op, sess, "Model not ready")
                if ok:
                    return sess
            sess.close()
            if max_wait_secs - (time.time() - start) - self._recovery_wait_secs < 0:
                raise errors.DeadlineExceededError(
                    None, None, "Session was not ready after waiting %d secs." % (max_wait_secs,))
            logging.info("Waiting for model to be ready.  Ready_for_local_init_op:  %s, ready: %s",
                         not_ready_local_msg, not_ready_msg)
            time.sleep(self._recovery_wait_secs)

    def recover_session(self, master, saver=None, checkpoint_dir=None, checkpoint_filename_with_path=None,
                        wait_for_checkpoint=False, max_wait_secs=7200, config=None):
        """(session, True) when restored from a checkpoint and ready; (session, False) otherwise."""
        sess = self._new_session(master, config)
        if checkpoint_dir and saver:
            self._wait_for_checkpoint_dir(checkpoint_dir, wait_for_checkpoint, max_wait_secs)
        if not self._restore_checkpoint(sess, saver, checkpoint_dir, checkpoint_filename_with_path):
            return sess, False
        ok, msg = self._try_run_local_init_op(sess)
        if not ok:
            logging.info("Restoring model from %s did not make model ready for local init: %s",
                         checkpoint_dir or checkpoint_filename_with_path, msg)
            return sess, False
        from .monitored_session import _ready
        ok, msg = _ready(self._ready_op, sess, "Model not ready")
        if not ok:
            logging.info("Restoring model from %s did not make model ready: %s",
                         checkpoint_dir or checkpoint_filename_with_path, msg)
            return sess, False
        logging.info("Restored model from %s", checkpoint_dir or checkpoint_filename_with_path)
        return sess, True


def _first_from_collection(key):
    items = get_collection(key)
    if len(items) > 1:
        logging.info("Found %d %s operations. Returning the first one.", len(items), key)
    return items[0] if items else None


def _tables_initializer():
    from ..ops.control_flow_ops import group, no_op
    initializers = get_collection(GraphKeys.TABLE_INITIALIZERS)
    return group(*initializers, name="init_all_tables") if initializers else no_op(name="init_all_tables")


@export("train.Supervisor")
class Supervisor:
    """A training helper that checkpoints models and computes summaries (deprecated in TF 1.15 in
    favour of MonitoredTrainingSession, and still widely used)."""

    USE_DEFAULT = 0  # TF's sentinel value (None means "no such op")

    def __init__(self, graph=None, ready_op=USE_DEFAULT, ready_for_local_init_op=USE_DEFAULT,
                 is_chief=True, init_op=USE_DEFAULT, init_feed_dict=None, local_init_op=USE_DEFAULT,
                 logdir=None, summary_op=USE_DEFAULT, saver=USE_DEFAULT, global_step=USE_DEFAULT,
                 save_summaries_secs=120, save_model_secs=600, recovery_wait_secs=30, stop_grace_secs=120,
                 checkpoint_basename="model.ckpt", session_manager=None, summary_writer=USE_DEFAULT,
                 init_fn=None, local_init_run_options=None):
        logging._warn_deprecated("Supervisor.__init__", _MODULE,
                                 "Please switch to tf.train.MonitoredTrainingSession")
        from .meta_graph import create_meta_graph_def
        if graph is None:
            graph = get_default_graph()
        with graph.as_default():
            self._init_ready_op(ready_op, ready_for_local_init_op)
            self._init_init_op(init_op, init_feed_dict)
            self._init_local_init_op(local_init_op)
            self._init_saver(saver)
            self._init_summary_op(summary_op)
            self._init_global_step(global_step)
        self._graph = graph
        self._meta_graph_def = create_meta_graph_def(
            graph_def=graph.as_graph_def(add_shapes=True),
            saver_def=self._saver.saver_def if self._saver else None, graph=graph)
        self._is_chief = is_chief
        self._coord = coordinator.Coordinator()
        self._recovery_wait_secs = recovery_wait_secs
        self._stop_grace_secs = stop_grace_secs
        self._init_fn = init_fn
        self._local_init_run_options = local_init_run_options
        # Only a chief checkpoints and writes events.
        self._logdir = None
        self._save_summaries_secs = None
        self._save_model_secs = None
        self._save_path = None
        self._summary_writer = None
        if self._is_chief:
            self._logdir = logdir
            self._save_summaries_secs = save_summaries_secs
            self._save_model_secs = save_model_secs
            if self._logdir:
                self._save_path = os.path.join(self._logdir, checkpoint_basename)
            if summary_writer is Supervisor.USE_DEFAULT:
                if self._logdir:
                    from ..summaries.file_writer import FileWriter
                    self._summary_writer = FileWriter(self._logdir)
            else:
                self._summary_writer = summary_writer
            self._graph_added_to_summary = False
        if session_manager is None:
            session_manager = SessionManager(
                local_init_op=self._local_init_op, ready_op=self._ready_op,
                ready_for_local_init_op=self._ready_for_local_init_op, graph=self._graph,
                recovery_wait_secs=self._recovery_wait_secs,
                local_init_run_options=self._local_init_run_options)
        self._session_manager = session_manager
        self._verify_setup()
        graph.finalize()

    # ---------------------------------------------------------------- defaults from the graph

    def _init_ready_op(self, ready_op, ready_for_local_init_op):
        from ..ops import variables
        if ready_op is Supervisor.USE_DEFAULT:
            ready_op = _first_from_collection(GraphKeys.READY_OP)
            if ready_op is None:
                ready_op = variables.report_uninitialized_variables()
                add_to_collection(GraphKeys.READY_OP, ready_op)
        self._ready_op = ready_op
        # None by default, for backward compatibility (as TF).
        if ready_for_local_init_op is Supervisor.USE_DEFAULT:
            ready_for_local_init_op = _first_from_collection(GraphKeys.READY_FOR_LOCAL_INIT_OP)
        self._ready_for_local_init_op = ready_for_local_init_op

    def _init_init_op(self, init_op, init_feed_dict):
        from ..ops import variables
        if init_op is Supervisor.USE_DEFAULT:
            init_op = _first_from_collection(GraphKeys.INIT_OP)
            if init_op is None:
                init_op = variables.global_variables_initializer()
                add_to_collection(GraphKeys.INIT_OP, init_op)
        self._init_op = init_op
        self._init_feed_dict = init_feed_dict

    def _init_local_init_op(self, local_init_op):
        from ..ops import control_flow_ops, variables
        if local_init_op is Supervisor.USE_DEFAULT:
            local_init_op = _first_from_collection(GraphKeys.LOCAL_INIT_OP)
            if local_init_op is None:
                local_init_op = control_flow_ops.group(variables.local_variables_initializer(),
                                                       _tables_initializer())
                add_to_collection(GraphKeys.LOCAL_INIT_OP, local_init_op)
        self._local_init_op = local_init_op

    def _init_saver(self, saver):
        from ..ops import variables
        from .saver import Saver
        if saver is Supervisor.USE_DEFAULT:
            saver = _first_from_collection(GraphKeys.SAVERS)
            if saver is None and variables.global_variables():
                saver = Saver()
                add_to_collection(GraphKeys.SAVERS, saver)
        self._saver = saver

    def _init_summary_op(self, summary_op):
        from ..summaries import summary_ops
        if summary_op is Supervisor.USE_DEFAULT:
            summary_op = _first_from_collection(GraphKeys.SUMMARY_OP)
            if summary_op is None:
                summary_op = summary_ops.merge_all()
                if summary_op is not None:
                    add_to_collection(GraphKeys.SUMMARY_OP, summary_op)
        self._summary_op = summary_op

    def _init_global_step(self, global_step):
        if global_step is Supervisor.USE_DEFAULT:
            global_step = _first_from_collection(GraphKeys.GLOBAL_STEP)
            if global_step is None:
                global_step = self._default_global_step_tensor()
                if global_step is not None:
                    add_to_collection(GraphKeys.GLOBAL_STEP, global_step)
        self._global_step = global_step

    @staticmethod
    def _default_global_step_tensor():
        try:
            gs = get_default_graph().get_tensor_by_name("global_step:0")
        except KeyError:
            return None
        if gs.dtype.base_dtype in (dtypes.int32, dtypes.int64):
            return gs
        logging.warning("Found 'global_step' is not an int type: %s", gs.dtype)
        return None

    def _verify_setup(self):
        # A non-chief is a replica: every variable needs a device.
        if not self._is_chief:
            for op in self._graph.get_operations():
                if op.type in ("Variable", "VariableV2") and not op.device:
                    raise ValueError("When using replicas, all Variables must have their device set: %s"
                                     % op)

    # -------------------------------------------------------------------------- properties

    is_chief = property(lambda self: self._is_chief)
    session_manager = property(lambda self: self._session_manager)
    coord = property(lambda self: self._coord)
    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    summary_writer = property(lambda self: self._summary_writer)
    summary_op = property(lambda self: self._summary_op)
    save_summaries_secs = property(lambda self: self._save_summaries_secs)
    global_step = property(lambda self: self._global_step)
    saver = property(lambda self: self._saver)
    save_model_secs = property(lambda self: self._save_model_secs)
    save_path = property(lambda self: self._save_path)

    # ------------------------------------------------------------------------ sessions

    def _write_graph(self):
        """graph.pbtxt into logdir; the graph and meta graph into the event file once."""
        from .graph_io import write_graph
        if self._logdir:
            write_graph(self._graph.as_graph_def(add_shapes=True), self._logdir, "graph.pbtxt")
        if self._summary_writer and not self._graph_added_to_summary:
            self._summary_writer.add_graph(self._graph)
            self._summary_writer.add_meta_graph(self._meta_graph_def)
            self._graph_added_to_summary = True

    def start_standard_services(self, sess):
        """Starts the summary, step-counter and checkpoint threads; returns them."""
        if not self._is_chief:
            raise RuntimeError("Only chief supervisor can start standard services. Because only chief "
                               "supervisors can write events.")
        if not self._logdir:
            logging.warning("Standard services need a 'logdir' passed to the SessionManager")
            return None
        if self._global_step is not None and self._summary_writer:
            # TensorBoard purges expired events on START only when it has a step.
            current_step = training_util.global_step(sess, self._global_step)
            self._summary_writer.add_session_log(SessionLog(status=SessionLog.START), current_step)
        threads = []
        if self._save_summaries_secs and self._summary_writer:
            if self._summary_op is not None:
                threads.append(SVSummaryThread(self, sess))
            if self._global_step is not None:
                threads.append(SVStepCounterThread(self, sess))
        if self.saver and self._save_model_secs:
            threads.append(SVTimerCheckpointThread(self, sess))
        for t in threads:
            t.start()
        return threads

    def prepare_or_wait_for_session(self, master="", config=None, wait_for_checkpoint=False,
                                    max_wait_secs=7200, start_standard_services=True):
        """A chief restores or initialises the model (and starts the services); others wait for it."""
        # A session recreated after stop() needs the coordinator's threads to run again.
        self._coord.clear_stop()
        if self._summary_writer:
            self._summary_writer.reopen()
        if self._is_chief:
            sess = self._session_manager.prepare_session(
                master, init_op=self.init_op, saver=self.saver, checkpoint_dir=self._logdir,
                wait_for_checkpoint=wait_for_checkpoint, max_wait_secs=max_wait_secs, config=config,
                init_feed_dict=self._init_feed_dict, init_fn=self._init_fn)
            self._write_graph()
            if start_standard_services:
                logging.info("Starting standard services.")
                self.start_standard_services(sess)
        else:
            sess = self._session_manager.wait_for_session(master, config=config, max_wait_secs=max_wait_secs)
        if start_standard_services:
            logging.info("Starting queue runners.")
            self.start_queue_runners(sess)
        return sess

    def start_queue_runners(self, sess, queue_runners=None):
        if queue_runners is None:
            queue_runners = self._graph.get_collection(GraphKeys.QUEUE_RUNNERS)
        threads = []
        for qr in queue_runners:
            threads.extend(qr.create_threads(sess, coord=self._coord, daemon=True, start=True))
        return threads

    def loop(self, timer_interval_secs, target, args=None, kwargs=None):
        """A started LooperThread calling `target` every `timer_interval_secs` until a stop request."""
        return coordinator.LooperThread.loop(self._coord, timer_interval_secs, target, args=args,
                                             kwargs=kwargs)

    def stop(self, threads=None, close_summary_writer=True, ignore_live_threads=False):
        """Stops the services and joins the threads (re-raising their first error); the session stays
        open."""
        self._coord.request_stop()
        try:
            self._coord.join(threads, stop_grace_period_secs=self._stop_grace_secs,
                             ignore_live_threads=ignore_live_threads)
        finally:
            # The writer closes last: a service thread may still have been writing.
            if close_summary_writer and self._summary_writer:
                self._summary_writer.add_session_log(SessionLog(status=SessionLog.STOP))
                self._summary_writer.close()
                self._graph_added_to_summary = False

    def request_stop(self, ex=None):
        self._coord.request_stop(ex=ex)

    def should_stop(self):
        return self._coord.should_stop()

    def stop_on_exception(self):
        return self._coord.stop_on_exception()

    def wait_for_stop(self):
        self._coord.wait_for_stop()

    def summary_computed(self, sess, summary, global_step=None):
        """Writes a summary computed by the caller, at the current global step by default."""
        if not self._summary_writer:
            raise RuntimeError("Writing a summary requires a summary writer.")
        if global_step is None and self.global_step is not None:
            global_step = training_util.global_step(sess, self.global_step)
        self._summary_writer.add_summary(summary, global_step)

    @contextlib.contextmanager
    def managed_session(self, master="", config=None, start_standard_services=True,
                        close_summary_writer=True):
        """`with sv.managed_session() as sess:` -- errors of the block or the services are raised again
        after the threads stopped and the session closed; OutOfRangeError counts as a clean end."""
        sess = None
        try:
            sess = self.prepare_or_wait_for_session(master=master, config=config,
                                                    start_standard_services=start_standard_services)
            yield sess
        except Exception as e:  # noqa: BLE001 (TF hands every error to the coordinator)
            self.request_stop(e)
        finally:
            try:
                self.stop(close_summary_writer=close_summary_writer)
            finally:
                try:
                    sess.close()
                except Exception:  # noqa: BLE001 (TF ignores errors of close)
                    pass

    # TF's old CamelCase names.
    PrepareSession = prepare_or_wait_for_session
    StartQueueRunners = start_queue_runners
    StartStandardServices = start_standard_services
    Stop = stop
    RequestStop = request_stop
    Loop = loop
    ShouldStop = should_stop
    StopOnException = stop_on_exception
    WaitForStop = wait_for_stop
    SummaryComputed = summary_computed


class SVSummaryThread(coordinator.LooperThread):
    """Computes the summary op (at the global step) every save_summaries_secs."""

    def __init__(self, sv, sess):
        super().__init__(sv.coord, sv.save_summaries_secs)
        self._sv = sv
        self._sess = sess

    def run_loop(self):
        if self._sv.global_step is not None:
            summary_strs, global_step = self._sess.run([self._sv.summary_op, self._sv.global_step])
        else:
            summary_strs = self._sess.run(self._sv.summary_op)
            global_step = None
        if self._sv.summary_writer:
            logging.info("Recording summary at step %s.", global_step)
            self._sv.summary_writer.add_summary(summary_strs, global_step)


class SVStepCounterThread(coordinator.LooperThread):
    """Writes `<global step op name>/sec` every save_summaries_secs."""

    def __init__(self, sv, sess, step_counter=None):
        super().__init__(sv.coord, sv.save_summaries_secs)
        self._sv = sv
        self._sess = sess
        self._last_time = 0.0
        self._last_step = 0
        self._step_counter = sv.global_step if step_counter is None else step_counter
        self._summary_tag = "%s/sec" % self._step_counter.op.name

    def start_loop(self):
        self._last_time = time.time()
        self._last_step = training_util.global_step(self._sess, self._step_counter)

    def run_loop(self):
        current_step = training_util.global_step(self._sess, self._step_counter)
        added_steps = current_step - self._last_step
        self._last_step = current_step
        current_time = time.time()
        elapsed_time = current_time - self._last_time
        self._last_time = current_time
        steps_per_sec = added_steps / elapsed_time if elapsed_time > 0.0 else float("inf")
        summary = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=self._summary_tag,
                                                                       simple_value=steps_per_sec)])
        if self._sv.summary_writer:
            self._sv.summary_writer.add_summary(summary, current_step)
        logging.log_first_n(logging.INFO, "%s: %g", 10, self._summary_tag, steps_per_sec)


class SVTimerCheckpointThread(coordinator.LooperThread):
    """Saves a checkpoint to save_path (suffixed with the global step) every save_model_secs."""

    def __init__(self, sv, sess):
        super().__init__(sv.coord, sv.save_model_secs)
        self._sv = sv
        self._sess = sess

    def run_loop(self):
        logging.info("Saving checkpoint to path %s", self._sv.save_path)
        self._sv.saver.save(self._sess, self._sv.save_path, global_step=self._sv.global_step)
        if self._sv.summary_writer and self._sv.global_step is not None:
            current_step = training_util.global_step(self._sess, self._sv.global_step)
            self._sv.summary_writer.add_session_log(
                SessionLog(status=SessionLog.CHECKPOINT, checkpoint_path=self._sv.save_path), current_step)
