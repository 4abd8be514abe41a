"""`tf.train.QueueRunner`, `add_queue_runner`, `start_queue_runners` (TF 1.15's queue_runner_impl).

A QueueRunner owns a queue and a list of enqueue ops; `create_threads` starts one thread per enqueue
op, each running its op in a loop until the queue is closed (OutOfRangeError: the input producer ran
out) or the coordinator asks to stop, plus one thread that closes the queue with
`cancel_pending_enqueues=True` once the coordinator stops, which unblocks every waiting enqueue.
"""
import threading
import weakref

from ..api import export
from ..framework import errors
from ..framework.graph import GraphKeys, add_to_collection, get_collection
from ..platform import tf_logging as logging

_QUEUE_DEPRECATION = "To construct input pipelines, use the `tf.data` module."
_MODULE = "tensorflow.python.training.queue_runner_impl"


@export("train.QueueRunner", "train.queue_runner.QueueRunner")
class QueueRunner:
    """Holds a list of enqueue operations for a queue, each to be run in a thread."""

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        logging._warn_deprecated("QueueRunner.__init__", _MODULE, _QUEUE_DEPRECATION)
        if queue_runner_def:
            if queue or enqueue_ops:
                raise ValueError("queue_runner_def and queue are mutually exclusive.")
            self._init_from_proto(queue_runner_def, import_scope=import_scope)
        else:
            self._init_from_args(queue=queue, enqueue_ops=enqueue_ops, close_op=close_op,
                                 cancel_op=cancel_op,
                                 queue_closed_exception_types=queue_closed_exception_types)
        self._lock = threading.Lock()
        # Session -> number of enqueue threads still running for it.
        self._runs_per_session = weakref.WeakKeyDictionary()
        self._exceptions_raised = []

    def _init_from_args(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                        queue_closed_exception_types=None):
        if not queue or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        self._queue = queue
        self._enqueue_ops = enqueue_ops
        self._close_op = close_op
        self._cancel_op = cancel_op
        if queue_closed_exception_types is not None:
            if (not isinstance(queue_closed_exception_types, tuple) or not queue_closed_exception_types
                    or not all(issubclass(t, errors.OpError) for t in queue_closed_exception_types)):
                raise TypeError("queue_closed_exception_types, when provided, must be a tuple of "
                                "tf.error types, but saw: %s" % (queue_closed_exception_types,))
        self._queue_closed_exception_types = queue_closed_exception_types
        # Close when no more will be produced, keeping pending enqueues.
        if self._close_op is None:
            self._close_op = self._queue.close()
        # Close and cancel pending enqueues: on stop or error, unblock everything.
        if self._cancel_op is None:
            self._cancel_op = self._queue.close(cancel_pending_enqueues=True)
        if not self._queue_closed_exception_types:
            self._queue_closed_exception_types = (errors.OutOfRangeError,)
        else:
            self._queue_closed_exception_types = tuple(self._queue_closed_exception_types)

    def _init_from_proto(self, queue_runner_def, import_scope=None):
        from ..framework.graph import get_default_graph

        g = get_default_graph()

        def scoped(name):
            return import_scope + "/" + name if import_scope else name

        self._queue = g.as_graph_element(scoped(queue_runner_def.queue_name))
        self._enqueue_ops = [g.as_graph_element(scoped(op)) for op in queue_runner_def.enqueue_op_name]
        self._close_op = g.as_graph_element(scoped(queue_runner_def.close_op_name))
        self._cancel_op = g.as_graph_element(scoped(queue_runner_def.cancel_op_name))
        codes = list(queue_runner_def.queue_closed_exception_types)
        by_code = {errors.OUT_OF_RANGE: errors.OutOfRangeError, errors.CANCELLED: errors.CancelledError}
        self._queue_closed_exception_types = tuple(by_code[c] for c in codes) if codes else \
            (errors.OutOfRangeError,)

    queue = property(lambda self: self._queue)
    enqueue_ops = property(lambda self: self._enqueue_ops)
    close_op = property(lambda self: self._close_op)
    cancel_op = property(lambda self: self._cancel_op)
    queue_closed_exception_types = property(lambda self: self._queue_closed_exception_types)

    @property
    def exceptions_raised(self):
        return self._exceptions_raised

    @property
    def name(self):
        return self._queue.name

    def _run(self, sess, enqueue_op, coord=None):
        decremented = False
        try:
            enqueue_callable = sess.make_callable(enqueue_op)
            while True:
                if coord and coord.should_stop():
                    break
                try:
                    enqueue_callable()
                except self._queue_closed_exception_types:
                    # The queue was closed: the last thread out closes it for the consumers.
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            try:
                                sess.run(self._close_op)
                            except Exception as e:  # noqa: BLE001 (TF ignores close errors)
                                logging.vlog(1, "Ignored exception: %s", str(e))
                        return
        except Exception as e:  # noqa: BLE001
            if coord:
                coord.request_stop(e)
            else:
                logging.error("Exception in QueueRunner: %s", str(e))
                with self._lock:
                    self._exceptions_raised.append(e)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    def _close_on_stop(self, sess, cancel_op, coord):
        coord.wait_for_stop()
        try:
            sess.run(cancel_op)
        except Exception as e:  # noqa: BLE001
            logging.vlog(1, "Ignored exception: %s", str(e))

    def create_threads(self, sess, coord=None, daemon=False, start=False):
        """One thread per enqueue op (+ a close-on-stop thread with a coordinator); [] if running."""
        with self._lock:
            try:
                if self._runs_per_session[sess] > 0:
                    return []
            except KeyError:
                pass
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []

        ret_threads = []
        for op in self._enqueue_ops:
            name = "QueueRunnerThread-{}-{}".format(self.name, op.name)
            ret_threads.append(threading.Thread(target=self._run, args=(sess, op, coord), name=name))
        if coord:
            name = "QueueRunnerThread-{}-close_on_stop".format(self.name)
            ret_threads.append(threading.Thread(target=self._close_on_stop,
                                                args=(sess, self._cancel_op, coord), name=name))
        for t in ret_threads:
            if coord:
                coord.register_thread(t)
            if daemon:
                t.daemon = True
            if start:
                t.start()
        return ret_threads

    def to_proto(self, export_scope=None):
        return None  # tensorboard ships no QueueRunnerDef proto; meta graphs omit queue runners

    @staticmethod
    def from_proto(queue_runner_def, import_scope=None):
        return QueueRunner(queue_runner_def=queue_runner_def, import_scope=import_scope)


@export("train.add_queue_runner", "train.queue_runner.add_queue_runner")
def add_queue_runner(qr, collection=GraphKeys.QUEUE_RUNNERS):
    logging._warn_deprecated("add_queue_runner", _MODULE, _QUEUE_DEPRECATION)
    add_to_collection(collection, qr)


@export("train.start_queue_runners", "train.queue_runner.start_queue_runners")
def start_queue_runners(sess=None, coord=None, daemon=True, start=True,
                        collection=GraphKeys.QUEUE_RUNNERS):
    """Starts the threads of every QueueRunner in `collection`; returns them."""
    logging._warn_deprecated("start_queue_runners", _MODULE, _QUEUE_DEPRECATION)
    from ..runtime.session import BaseSession, get_default_session
    if sess is None:
        sess = get_default_session()
        if not sess:
            raise ValueError("Cannot start queue runners: No default session is registered. Use "
                             "`with sess.as_default()` or pass an explicit session to "
                             "tf.start_queue_runners(sess=sess)")
    if not isinstance(sess, BaseSession):
        # Monitored sessions start their own queue runners (TF's backward-compatibility rule).
        if sess.__class__.__name__ in ["MonitoredSession", "SingularMonitoredSession"]:
            return []
        if not hasattr(sess, "make_callable"):
            raise TypeError("sess must be a `tf.Session` object. Given class: {}".format(sess.__class__))
    queue_runners = get_collection(collection) if sess.graph is None else \
        sess.graph.get_collection(collection)
    if not queue_runners:
        logging.warning("`tf.train.start_queue_runners()` was called when no queue runners were "
                        "defined. You can safely remove the call to this deprecated function.")
    with sess.graph.as_default():
        threads = []
        for qr in queue_runners:
            threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads
