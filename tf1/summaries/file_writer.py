"""`tf.summary.FileWriter`, `tf.summary.FileWriterCache` (TF 1.15's summary/writer/writer.py and
writer_cache.py)."""
import threading
import time
import warnings

from tensorboard.compat.proto import event_pb2, graph_pb2, meta_graph_pb2, summary_pb2

from ..api import export
from ..framework.graph import Graph, get_default_graph
from ..platform import tf_logging
from .event_file import EventFileWriter


def _meta_graph_def(graph_def):
    """The MetaGraphDef TF's FileWriter writes beside the graph: `create_meta_graph_def(graph_def=)`,
    whose collections come from the default graph (as in TF, even for another graph's writer)."""
    from ..training.meta_graph import create_meta_graph_def
    return create_meta_graph_def(graph_def=graph_def)


class SummaryToEventTransformer:
    """Turns summaries, graphs and metadata into Event protos for an event writer."""

    def __init__(self, event_writer, graph=None, graph_def=None):
        self.event_writer = event_writer
        self._session_run_tags = {}
        if graph is not None or graph_def is not None:
            self.add_graph(graph=graph, graph_def=graph_def)
            # `graph` may itself be a GraphDef when passed positionally.
            maybe_graph_as_def = graph.as_graph_def(add_shapes=True) if isinstance(graph, Graph) else graph
            self.add_meta_graph(_meta_graph_def(graph_def or maybe_graph_as_def))
        # Only the first value of each tag keeps its SummaryMetadata (TensorBoard needs it once).
        self._seen_summary_tags = set()

    def add_summary(self, summary, global_step=None):
        """Adds a `Summary` proto or its serialized bytes (what a summary op returns) at `global_step`."""
        if isinstance(summary, bytes):
            summ = summary_pb2.Summary()
            summ.ParseFromString(summary)
            summary = summ
        for value in summary.value:
            if not value.HasField("metadata"):
                continue
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
                continue
            self._seen_summary_tags.add(value.tag)
        event = event_pb2.Event(summary=summary)
        self._add_event(event, global_step)

    def add_session_log(self, session_log, global_step=None):
        event = event_pb2.Event(session_log=session_log)
        self._add_event(event, global_step)

    def _add_graph_def(self, graph_def, global_step=None):
        event = event_pb2.Event(graph_def=graph_def.SerializeToString())
        self._add_event(event, global_step)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Adds a `Graph` (serialized with output shapes) or a GraphDef (deprecated)."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        if isinstance(graph, Graph) or isinstance(graph_def, Graph):
            if not isinstance(graph, Graph):
                tf_logging.warning("When passing a `Graph` object, please use the `graph` named "
                                   "argument instead of `graph_def`.")
                graph = graph_def
            true_graph_def = graph.as_graph_def(add_shapes=True)
        elif isinstance(graph, graph_pb2.GraphDef) or isinstance(graph_def, graph_pb2.GraphDef):
            tf_logging.warning("Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a "
                               "`Graph` object instead, such as `sess.graph`.")
            true_graph_def = graph if isinstance(graph, graph_pb2.GraphDef) else graph_def
        else:
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated "
                            "`GraphDef`")
        self._add_graph_def(true_graph_def, global_step)

    def add_meta_graph(self, meta_graph_def, global_step=None):
        if not isinstance(meta_graph_def, meta_graph_pb2.MetaGraphDef):
            raise TypeError("meta_graph_def must be type MetaGraphDef, saw type: %s"
                            % type(meta_graph_def))
        event = event_pb2.Event(meta_graph_def=meta_graph_def.SerializeToString())
        self._add_event(event, global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        if tag in self._session_run_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._session_run_tags[tag] = True
        tagged = event_pb2.TaggedRunMetadata(tag=tag, run_metadata=run_metadata.SerializeToString())
        self._add_event(event_pb2.Event(tagged_run_metadata=tagged), global_step)

    def _add_event(self, event, step):
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.event_writer.add_event(event)


@export("summary.FileWriter")
class FileWriter(SummaryToEventTransformer):
    """`FileWriter(logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
    filename_suffix=None, session=None)`: writes Event protos to an event file in `logdir`."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        # `session` selected TF's summary-op based writer; the files it writes are the same.
        event_writer = EventFileWriter(logdir, max_queue, flush_secs, filename_suffix)
        self._closed = False
        super().__init__(event_writer, graph, graph_def)

    def __enter__(self):
        return self

    def __exit__(self, unused_type, unused_value, unused_traceback):
        self.close()

    def get_logdir(self):
        return self.event_writer.get_logdir()

    def _warn_if_event_writer_is_closed(self):
        if self._closed:
            warnings.warn("Attempting to use a closed FileWriter. The operation will be a noop "
                          "unless the FileWriter is explicitly reopened.")

    def _add_event(self, event, step):
        self._warn_if_event_writer_is_closed()
        super()._add_event(event, step)

    def add_event(self, event):
        self._warn_if_event_writer_is_closed()
        self.event_writer.add_event(event)

    def flush(self):
        self._warn_if_event_writer_is_closed()
        self.event_writer.flush()

    def close(self):
        self.event_writer.close()
        self._closed = True

    def reopen(self):
        self.event_writer.reopen()
        self._closed = False


@export("summary.FileWriterCache")
class FileWriterCache:
    """One FileWriter per logdir, shared (the writers `tf.train.MonitoredSession` hooks use)."""

    _cache = {}
    _lock = threading.RLock()

    @staticmethod
    def clear():
        with FileWriterCache._lock:
            for item in FileWriterCache._cache.values():
                item.close()
            FileWriterCache._cache = {}

    @staticmethod
    def get(logdir):
        with FileWriterCache._lock:
            if logdir not in FileWriterCache._cache:
                FileWriterCache._cache[logdir] = FileWriter(logdir, graph=get_default_graph())
            return FileWriterCache._cache[logdir]


export("Event", "summary.Event")(event_pb2.Event)
export("SessionLog", "summary.SessionLog")(event_pb2.SessionLog)
export("LogMessage")(event_pb2.LogMessage)
export("summary.TaggedRunMetadata")(event_pb2.TaggedRunMetadata)
