"""`tf.train.summary_iterator`: the Event protos of an event file."""
from tensorboard.compat.proto import event_pb2

from ..api import export
from .tfrecord import read_records


@export("train.summary_iterator")
def summary_iterator(path):
    """Yields the `Event` protos of the event file at `path` (CRCs checked)."""
    for r in read_records(path):
        yield event_pb2.Event.FromString(r)
