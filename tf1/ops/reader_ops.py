"""TF 1.15's readers: `tf.TextLineReader`, `tf.WholeFileReader`, `tf.FixedLengthRecordReader`,
`tf.TFRecordReader`, `tf.IdentityReader`.

A reader op (`TextLineReaderV2`, ...) yields a handle to a per-Session Python reader object (as the
queues do, see queue_ops). `ReaderReadV2(reader, queue)` returns the next (key, value) record: when
the current file ("work item") is used up the reader dequeues the next filename from the queue,
blocking like a dequeue and failing with the queue's OutOfRangeError once it is closed and empty.
Keys are TF's: `file:line` (1-based) for lines, `file:index` for fixed-length records, `file:offset`
for TFRecords, the filename for whole files.
"""
import numpy as np

from ..api import export
from ..framework import dtypes, errors, tensor_shape
from ..framework.graph import Tensor
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..platform import tf_logging as logging
from .queue_ops import get_resource, no_outputs, register_session_op, scalar_infer

TensorShape = tensor_shape.TensorShape
_MODULE = "tensorflow.python.ops.io_ops"


def _open(op, filename):
    path = filename.decode("utf-8", "surrogateescape") if isinstance(filename, bytes) else filename
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise errors.NotFoundError(None, op, "%s; No such file or directory" % path) from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(None, op, "%s; Is a directory" % path) from None


class ReaderResource:
    """One reader in one Session: the current work item and an iterator over its records."""

    def __init__(self, records_of):
        self.records_of = records_of  # (op, filename bytes) -> iterator of (key, value)
        self.work = None
        self.records = None
        self.num_records_produced = 0
        self.num_work_units_completed = 0

    def cancel(self):
        pass

    def read(self, op, queue):
        while True:
            if self.records is None:
                (element,) = queue.dequeue(op, 1)
                work = element[0]
                work = work.item() if isinstance(work, np.ndarray) else work
                self.work = work if isinstance(work, bytes) else str(work).encode()
                self.records = iter(self.records_of(op, self.work))
            for key, value in self.records:
                self.num_records_produced += 1
                return key, value
            self.records = None
            self.work = None
            self.num_work_units_completed += 1

    def reset(self):
        self.work = None
        self.records = None
        self.num_records_produced = 0
        self.num_work_units_completed = 0


def _text_lines(skip_header_lines):
    def records(op, filename):
        data = _open(op, filename)
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()  # a final newline ends the last line; it does not start an empty one
        for number, line in enumerate(lines, 1):
            if number <= skip_header_lines:
                continue
            if line.endswith(b"\r"):
                line = line[:-1]
            yield b"%s:%d" % (filename, number), line
    return records


def _whole_file(op, filename):
    yield filename, _open(op, filename)


def _identity(op, work):
    yield work, work


def _fixed_length(header_bytes, record_bytes, footer_bytes, hop_bytes, encoding):
    def records(op, filename):
        data = _open(op, filename)
        if encoding:
            import zlib
            data = zlib.decompress(data, 16 + 15 if encoding == "GZIP" else 15)
        body = data[header_bytes:len(data) - footer_bytes]
        step = hop_bytes or record_bytes
        index = 0
        pos = 0
        while pos + record_bytes <= len(body):
            yield b"%s:%d" % (filename, index), body[pos:pos + record_bytes]
            index += 1
            pos += step
    return records


def _tfrecords(compression_type):
    def records(op, filename):
        from ..summaries.tfrecord import read_records
        offset = 0
        for record in read_records(filename.decode("utf-8", "surrogateescape"), compression_type or None):
            yield b"%s:%d" % (filename, offset), record
            offset += 16 + len(record)
    return records


_READERS = {
    "TextLineReaderV2": lambda a: _text_lines(a.get("skip_header_lines", 0)),
    "WholeFileReaderV2": lambda a: _whole_file,
    "IdentityReaderV2": lambda a: _identity,
    "FixedLengthRecordReaderV2": lambda a: _fixed_length(
        a.get("header_bytes", 0), a["record_bytes"], a.get("footer_bytes", 0), a.get("hop_bytes", 0),
        a.get("encoding", "")),
    "TFRecordReaderV2": lambda a: _tfrecords(a.get("compression_type", "")),
}


def _reader_lower(op_type):
    def lower(ctx, op):
        return get_resource(ctx, op, lambda name: ReaderResource(_READERS[op_type](op._attrs)))
    return lower


for _op_type in _READERS:
    register_session_op(_op_type, scalar_infer(dtypes.resource), _reader_lower(_op_type))


def _read_lower(ctx, op, reader, queue):
    key, value = reader.read(op, queue)
    return np.array(key, dtype=object), np.array(value, dtype=object)


def _read_up_to_lower(ctx, op, reader, queue, num_records):
    keys, values = [], []
    for _ in range(int(num_records)):
        try:
            key, value = reader.read(op, queue)
        except errors.OutOfRangeError:
            if keys:
                break
            raise
        keys.append(key)
        values.append(value)
    return np.array(keys, dtype=object), np.array(values, dtype=object)


register_session_op("ReaderReadV2", lambda op: [(dtypes.string, TensorShape([]))] * 2, _read_lower)
register_session_op("ReaderReadUpToV2", lambda op: [(dtypes.string, TensorShape([None]))] * 2, _read_up_to_lower)
register_session_op("ReaderNumRecordsProducedV2", scalar_infer(dtypes.int64),
                    lambda ctx, op, r: np.int64(r.num_records_produced))
register_session_op("ReaderNumWorkUnitsCompletedV2", scalar_infer(dtypes.int64),
                    lambda ctx, op, r: np.int64(r.num_work_units_completed))
register_session_op("ReaderResetV2", no_outputs, lambda ctx, op, r: r.reset())


def _unimplemented_state(ctx, op, *args):
    raise errors.UnimplementedError(None, op, "This reader, %s, does not support serializing state"
                                    % op._inputs[0].op.name)


register_session_op("ReaderSerializeStateV2", scalar_infer(dtypes.string), _unimplemented_state)
register_session_op("ReaderRestoreStateV2", no_outputs, _unimplemented_state)


@export("ReaderBase")
class ReaderBase:
    """Base class for readers: turns a queue of filenames into (key, value) records."""

    def __init__(self, reader_ref, supports_serialize=False):
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    reader_ref = property(lambda self: self._reader_ref)
    supports_serialize = property(lambda self: self._supports_serialize)

    @staticmethod
    def _queue_ref(queue):
        return queue if isinstance(queue, Tensor) else queue.queue_ref

    def _op(self, op_type, name, *inputs):
        return make_op(op_type, [self._reader_ref] + list(inputs), {}, name=name)

    def read(self, queue, name=None):
        return tuple(self._op("ReaderReadV2", name, self._queue_ref(queue)).outputs)

    def read_up_to(self, queue, num_records, name=None):
        from ..framework.graph import name_scope
        with name_scope(name, "ReaderReadUpToV2") as scope:
            n = convert_to_tensor(num_records, dtype=dtypes.int64, name="num_records")
            op = self._op("ReaderReadUpToV2", scope, self._queue_ref(queue), n)
        return tuple(op.outputs)

    def num_records_produced(self, name=None):
        return self._op("ReaderNumRecordsProducedV2", name).outputs[0]

    def num_work_units_completed(self, name=None):
        return self._op("ReaderNumWorkUnitsCompletedV2", name).outputs[0]

    def serialize_state(self, name=None):
        return self._op("ReaderSerializeStateV2", name).outputs[0]

    def restore_state(self, state, name=None):
        state = convert_to_tensor(state, dtype=dtypes.string)
        return self._op("ReaderRestoreStateV2", name, state)

    def reset(self, name=None):
        return self._op("ReaderResetV2", name)


def _warn_queue_based(reader, use):
    """TF's deprecation notice of `<reader>.__init__`, naming the constructor's caller."""
    logging._warn_deprecated(reader + ".__init__", _MODULE, "Queue-based input pipelines have been replaced "
                             "by `tf.data`. Use `%s`." % use, depth=3)


def _reader_ref(op_type, name, attrs):
    attrs = dict(attrs, container="", shared_name="")
    return make_op(op_type, [], attrs, name=name).outputs[0]


@export("TextLineReader")
class TextLineReader(ReaderBase):
    """Outputs the lines of a file delimited by newlines (newlines stripped)."""

    def __init__(self, skip_header_lines=None, name=None):
        _warn_queue_based("TextLineReader", "tf.data.TextLineDataset")
        super().__init__(_reader_ref("TextLineReaderV2", name,
                                     {"skip_header_lines": int(skip_header_lines or 0)}))


@export("WholeFileReader")
class WholeFileReader(ReaderBase):
    """Outputs the entire contents of a file as a value, its name as the key."""

    def __init__(self, name=None):
        _warn_queue_based("WholeFileReader", "tf.data.Dataset.map(tf.read_file)")
        super().__init__(_reader_ref("WholeFileReaderV2", name, {}), supports_serialize=True)


@export("IdentityReader")
class IdentityReader(ReaderBase):
    """Outputs the queued work string as both key and value."""

    def __init__(self, name=None):
        _warn_queue_based("IdentityReader", "tf.data.Dataset.map(...)")
        super().__init__(_reader_ref("IdentityReaderV2", name, {}), supports_serialize=True)


@export("FixedLengthRecordReader")
class FixedLengthRecordReader(ReaderBase):
    """Outputs fixed-length records from a file."""

    def __init__(self, record_bytes, header_bytes=None, footer_bytes=None, hop_bytes=None, name=None,
                 encoding=None):
        _warn_queue_based("FixedLengthRecordReader", "tf.data.FixedLengthRecordDataset")
        super().__init__(_reader_ref("FixedLengthRecordReaderV2", name, {
            "header_bytes": int(header_bytes or 0), "record_bytes": int(record_bytes),
            "footer_bytes": int(footer_bytes or 0), "hop_bytes": int(hop_bytes or 0),
            "encoding": encoding or ""}))


@export("TFRecordReader")
class TFRecordReader(ReaderBase):
    """Outputs the records of a TFRecord file."""

    def __init__(self, name=None, options=None):
        _warn_queue_based("TFRecordReader", "tf.data.TFRecordDataset")
        compression = ""
        if options is not None:
            compression = getattr(options, "compression_type", options)
            compression = {0: "", 1: "ZLIB", 2: "GZIP", None: ""}.get(compression, compression)
        super().__init__(_reader_ref("TFRecordReaderV2", name, {"compression_type": compression or ""}))
