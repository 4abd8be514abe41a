"""`tf.data.TextLineDataset` and `tf.data.TFRecordDataset` (TF 1.15's `TextLineDatasetV1`,
`TFRecordDatasetV1`): one string element per line / record of each file in turn. TFRecord files are
read by the project's record reader (`summaries/tfrecord.py`), CRCs checked."""
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from . import pipelines
from .dataset_ops import DatasetV1

_BUFFER = {"TextLineDataset": 256 * 1024, "TFRecordDataset": 256 * 1024}


class _FileDataset(DatasetV1):
    """Records of each file in turn; with `num_parallel_reads`, that many files are read at once and
    their records interleaved one by one (TF's deterministic parallel interleave). `filenames` may
    also be a dataset of file names."""
    _op_type = None
    _value = None

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None):
        if isinstance(filenames, DatasetV1):
            if filenames.output_types != dtypes.string:
                raise TypeError("`filenames` must be a `tf.data.Dataset` of `tf.string` elements.")
            cls = type(self)
            inner = filenames.flat_map(lambda f: cls(f, compression_type, buffer_size)) \
                if not num_parallel_reads else filenames.interleave(
                    lambda f: cls(f, compression_type, buffer_size), cycle_length=num_parallel_reads,
                    block_length=1)
            super().__init__(inner._variant_tensor, dtypes.string, tensor_shape.TensorShape([]))
            return
        names = convert_to_tensor(filenames, dtype=dtypes.string, name="filenames")
        if names.get_shape().ndims not in (None, 0, 1):
            raise ValueError("`filenames` must be a `tf.Tensor` of dimension 1 or 0, got shape %s"
                             % names.get_shape())
        compression = convert_to_tensor(compression_type or "", dtype=dtypes.string,
                                        name="compression_type")
        size = convert_to_tensor(_BUFFER[self._op_type] if buffer_size is None else buffer_size,
                                 dtype=dtypes.int64, name="buffer_size")
        value_cls = self._value
        parallel = int(num_parallel_reads or 0)

        def build(ctx, op, names, compression, size):
            c = compression.item() if hasattr(compression, "item") else compression
            c = c.decode() if isinstance(c, bytes) else str(c)
            if parallel > 1:
                files = pipelines.Slices([np.asarray(names, dtype=object).reshape(-1)])
                return pipelines.Interleave(files, lambda rt, element: [value_cls(op, element[0], c)],
                                            parallel, 1)
            return value_cls(op, names, c)

        base = DatasetV1._op(self._op_type, [names, compression, size], build, dtypes.string,
                             tensor_shape.TensorShape([]))
        super().__init__(base._variant_tensor, dtypes.string, tensor_shape.TensorShape([]))


@export("data.TextLineDataset")
class TextLineDatasetV1(_FileDataset):
    """A dataset of the lines of one or more text files."""
    _op_type = "TextLineDataset"
    _value = pipelines.TextLines


@export("data.TFRecordDataset")
class TFRecordDatasetV1(_FileDataset):
    """A dataset of the records of one or more TFRecord files."""
    _op_type = "TFRecordDataset"
    _value = pipelines.TFRecords


@export("data.FixedLengthRecordDataset")
class FixedLengthRecordDatasetV1(DatasetV1):
    """A dataset of fixed-length records from one or more binary files."""

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None, buffer_size=None,
                 compression_type=None):
        inputs = [convert_to_tensor(filenames, dtype=dtypes.string, name="filenames"),
                  convert_to_tensor(header_bytes or 0, dtype=dtypes.int64, name="header_bytes"),
                  convert_to_tensor(record_bytes, dtype=dtypes.int64, name="record_bytes"),
                  convert_to_tensor(footer_bytes or 0, dtype=dtypes.int64, name="footer_bytes"),
                  convert_to_tensor(buffer_size or 256 * 1024, dtype=dtypes.int64, name="buffer_size"),
                  convert_to_tensor(compression_type or "", dtype=dtypes.string, name="compression_type")]

        def build(ctx, op, names, header, record, footer, size, compression):
            c = compression.item() if hasattr(compression, "item") else compression
            c = c.decode() if isinstance(c, bytes) else str(c)
            return pipelines.FixedLengthRecords(op, names, header, record, footer, c)

        base = DatasetV1._op("FixedLengthRecordDatasetV2", inputs, build, dtypes.string,
                             tensor_shape.TensorShape([]))
        super().__init__(base._variant_tensor, dtypes.string, tensor_shape.TensorShape([]))


# ------------------------------------------------------------------------- Dataset.list_files

def _matching_files_lower(ctx, op, pattern):
    import glob
    out = []
    for p in np.asarray(pattern, dtype=object).reshape(-1):
        p = p.decode("utf-8", "surrogateescape") if isinstance(p, bytes) else str(p)
        out.extend(sorted(glob.glob(p)))
    return np.array([f.encode("utf-8", "surrogateescape") for f in out], dtype=object).reshape(-1)


def _matching_files_op():
    """TF's `MatchingFiles` op type, registered on first use unless another module provides it."""
    if "MatchingFiles" not in registry.registered_names():
        registry.register("MatchingFiles", lambda op: [(dtypes.string, tensor_shape.TensorShape([None]))],
                          _matching_files_lower, host=True, differentiable=False)


def list_files(file_pattern, shuffle=None, seed=None):
    """A dataset of the file names matching `file_pattern` (a pattern or a list of patterns),
    shuffled unless `shuffle=False`; with no match, iterating fails as in TF."""
    from ..ops import array_ops, math_ops
    _matching_files_op()
    with name_scope("list_files"):
        shuffle = True if shuffle is None else shuffle
        pattern = convert_to_tensor(file_pattern, dtype=dtypes.string, name="file_pattern")
        files = get_default_graph().create_op("MatchingFiles", [pattern], name="MatchingFiles").outputs[0]
        dataset = DatasetV1.from_tensor_slices(files)
        if shuffle:
            n = array_ops.shape(files, out_type=dtypes.int64)[0]
            dataset = dataset.shuffle(math_ops.maximum(n, 1), seed=seed)
    patterns = [p.decode() if isinstance(p, bytes) else str(p)
                for p in np.asarray(file_pattern, dtype=object).reshape(-1)] \
        if not hasattr(file_pattern, "op") else None
    return _checked_nonempty(dataset, patterns)


def _checked_nonempty(dataset, patterns):
    """TF 1.15 asserts (an `Assert` op the dataset depends on) that some file matched; graph-mode
    Assert's message is `assertion failed: [<data>]`."""
    op = dataset._variant_tensor.op
    if op.type == "ShuffleDataset":
        op = op._inputs[0].op
    build = op._attrs["_tf1_build"]

    def checked(ctx, op_, *values):
        if values[0].shape[0] == 0:
            raise errors.InvalidArgumentError(None, op_, "assertion failed: [No files matched pattern: "
                                              "%s]" % ", ".join(patterns or ["?"]))
        return build(ctx, op_, *values)
    op._attrs["_tf1_build"] = checked
    return dataset


DatasetV1.list_files = staticmethod(list_files)
