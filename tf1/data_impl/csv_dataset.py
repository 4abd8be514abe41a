"""`tf.data.experimental.CsvDataset` and `make_csv_dataset`, as TF 1.15 builds them.

`CsvDataset` is one `ExperimentalCSVDataset` op whose host value reads each file (optionally GZIP /
ZLIB compressed, header line skipped) and parses its records with TF's CSV rules: RFC 4180 quotes
(a quoted field may span lines), `na_value` and empty fields take the column's default (or fail
when the default is empty), `select_cols` parses only those columns; errors carry the CSV dataset
kernel's messages ("Field 0 in record is not a valid int32: x", "Expect 2 fields but have 1 in
record", ...).

`make_csv_dataset` is TF 1.15's Python: column names from the header, column types inferred from
the first `num_rows_for_inference` rows with Python's csv module, one CsvDataset per file read in
turn, then shuffle / repeat, batch, and a map to an OrderedDict of features (and the label).
"""
import collections
import csv
import glob
import gzip
import io
import zlib

import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor
from ..framework.tensor_conversion import convert_to_tensor
from . import pipelines
from . import dataset_ops
from .dataset_ops import AUTOTUNE, DatasetV1

_ACCEPTABLE_CSV_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)
_DEFAULT_READER_BUFFER_SIZE_BYTES = 4 * 1024 * 1024
_TYPE_WORDS = {dtypes.int32: "int32", dtypes.int64: "int64", dtypes.float32: "float", dtypes.float64: "double"}


# ------------------------------------------------------------------------------- the parser

def _records(op, data, delim, use_quote):
    """The records of a file, each a list of raw fields (bytes). Quoted fields may hold the
    delimiter, doubled quotes and newlines; records end at \\n or \\r\\n."""
    i, n = 0, len(data)
    while i < n:
        fields = []
        while True:
            if use_quote and data[i:i + 1] == b'"':
                i += 1
                field = bytearray()
                while True:
                    j = data.find(b'"', i)
                    if j < 0:
                        raise errors.InvalidArgumentError(
                            None, op, "Quoted field has to end with quote followed by delim or end")
                    field += data[i:j]
                    if data[j + 1:j + 2] == b'"':
                        field += b'"'
                        i = j + 2
                        continue
                    i = j + 1
                    break
                if i < n and data[i:i + 1] not in (delim, b"\n", b"\r"):
                    raise errors.InvalidArgumentError(
                        None, op, "Quoted field has to end with quote followed by delim or end")
                fields.append(bytes(field))
            else:
                j = i
                while j < n and data[j:j + 1] not in (delim, b"\n") and data[j:j + 2] != b"\r\n":
                    j += 1
                field = data[i:j]
                if use_quote and b'"' in field:
                    raise errors.InvalidArgumentError(None, op, "Unquoted fields cannot have quotes inside")
                fields.append(field)
                i = j
            if i < n and data[i:i + 1] == delim:
                i += 1
                continue
            # end of the record: skip its newline
            i += 2 if data[i:i + 2] == b"\r\n" else 1
            break
        yield fields


def _convert(op, text, dtype, index):
    s = text.decode("utf-8", "surrogateescape")
    try:
        if "_" in s:  # Python's literals allow digit separators; TF's strto* do not
            raise ValueError
        if dtype in (dtypes.int32, dtypes.int64):
            v = int(s, 10)
            info = np.iinfo(dtype.as_numpy_dtype)
            if not info.min <= v <= info.max:
                raise ValueError
            return dtype.as_numpy_dtype(v)
        return dtype.as_numpy_dtype(float(s))
    except ValueError:
        raise errors.InvalidArgumentError(None, op, "Field %d in record is not a valid %s: %s"
                                          % (index, _TYPE_WORDS[dtype], s)) from None


class CsvRecords(pipelines.DatasetValue):
    """The parsed records of CSV files, one tuple of scalars per record."""

    def __init__(self, op, filenames, compression, header, delim, use_quote, na_value, select, defaults,
                 types):
        self.op = op
        self.filenames = pipelines._filenames(op, filenames)
        self.compression = compression
        self.header, self.delim, self.use_quote = header, delim, use_quote
        self.na_value, self.select = na_value, select
        self.defaults = [np.asarray(d).reshape(-1) for d in defaults]
        self.types = types

    def _data(self, name):
        from ..ops.reader_ops import _open
        data = _open(self.op, name)
        if self.compression:
            data = zlib.decompress(data, 16 + 15 if self.compression == "GZIP" else 15)
        if self.header:
            cut = data.find(b"\n")
            data = b"" if cut < 0 else data[cut + 1:]
        return data

    def _field(self, text, index):
        if text == b"" or text == self.na_value:
            default = self.defaults[index]
            if default.size == 0:
                raise errors.InvalidArgumentError(None, self.op, "Field %d is required but missing in record!"
                                                  % index)
            value = default[0]
        else:
            value = text if self.types[index] == dtypes.string else _convert(self.op, text, self.types[index],
                                                                             index)
        if self.types[index] == dtypes.string:
            return np.asarray(value if isinstance(value, bytes) else str(value).encode(), dtype=object)
        return np.asarray(value, dtype=self.types[index].as_numpy_dtype)

    def iterate(self, rt):
        want = len(self.types)
        for name in self.filenames:
            for fields in _records(self.op, self._data(name), self.delim, self.use_quote):
                if self.select:
                    picked = [fields[c] for c in self.select if c < len(fields)]
                else:
                    if len(fields) > want:
                        raise errors.InvalidArgumentError(None, self.op, "Expect %d fields but have more in "
                                                          "record" % want)
                    picked = fields
                if len(picked) < want:
                    raise errors.InvalidArgumentError(None, self.op, "Expect %d fields but have %d in record"
                                                      % (want, len(picked)))
                yield [self._field(text, i) for i, text in enumerate(picked)]


# ---------------------------------------------------------------------------------- CsvDataset

for _t in ("ExperimentalCSVDataset", "IgnoreErrorsDataset"):
    registry.register(_t, dataset_ops._dataset_infer, dataset_ops._dataset_lower, stateful=True, host=True,
                      differentiable=False)


def _text(value):
    v = value.item() if isinstance(value, np.ndarray) else value
    return v.decode() if isinstance(v, bytes) else str(v)


@export("data.experimental.CsvDataset")
class CsvDatasetV1(DatasetV1):
    """A dataset of the records of CSV files: one tuple of scalars per record."""

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None, header=False,
                 field_delim=",", use_quote_delim=True, na_value="", select_cols=None):
        names = convert_to_tensor(filenames, dtype=dtypes.string, name="filenames")
        compression = convert_to_tensor("" if compression_type is None else compression_type,
                                        dtype=dtypes.string, name="compression_type")
        defaults = []
        for i, d in enumerate(record_defaults):
            if not isinstance(d, Tensor) and isinstance(d, dtypes.DType) and d in _ACCEPTABLE_CSV_TYPES:
                d = np.zeros([0], d.as_numpy_dtype) if d != dtypes.string else np.zeros([0], object)
                d = convert_to_tensor(d, dtype=record_defaults[i], name="record_defaults_%d" % i)
            else:
                d = convert_to_tensor(d, name="record_defaults_%d" % i)
            if d.dtype.base_dtype not in _ACCEPTABLE_CSV_TYPES:
                raise TypeError("Value passed to parameter 'record_defaults' has DataType %s not in list of "
                                "allowed values: float32, float64, int32, int64, string" % d.dtype.base_dtype.name)
            defaults.append(d)
        inputs = [names, compression,
                  convert_to_tensor(_DEFAULT_READER_BUFFER_SIZE_BYTES if buffer_size is None else buffer_size,
                                    dtype=dtypes.int64, name="buffer_size"),
                  convert_to_tensor(header, dtype=dtypes.bool, name="header"),
                  convert_to_tensor(field_delim, dtype=dtypes.string, name="field_delim"),
                  convert_to_tensor(use_quote_delim, dtype=dtypes.bool, name="use_quote_delim"),
                  convert_to_tensor(na_value, dtype=dtypes.string, name="na_value"),
                  convert_to_tensor([] if select_cols is None else select_cols, dtype=dtypes.int64,
                                    name="select_cols")]
        types = tuple(d.dtype.base_dtype for d in defaults)
        shapes = tuple(tensor_shape.TensorShape([]) for _ in defaults)

        def build(ctx, op, names, compression, size, header, delim, use_quote, na_value, select, *defaults):
            select = [int(c) for c in np.asarray(select).reshape(-1)]
            if any(b <= a for a, b in zip(select, select[1:])):
                raise errors.InvalidArgumentError(None, op, "select_cols is not strictly increasing.")
            if select and len(select) != len(types):
                raise errors.InvalidArgumentError(None, op, "select_cols should match output size of "
                                                  "record_defaults")
            for i, d in enumerate(defaults):
                if np.size(d) > 1:
                    raise errors.InvalidArgumentError(None, op, "There should only be 1 default per field but "
                                                      "field %d has %d" % (i, np.size(d)))
            return CsvRecords(op, names, _text(compression), bool(np.asarray(header)),
                              _text(delim).encode(), bool(np.asarray(use_quote)), _text(na_value).encode(),
                              select, defaults, types)

        base = DatasetV1._op("ExperimentalCSVDataset", inputs + defaults, build, types, shapes)
        super().__init__(base._variant_tensor, types, shapes)


# ---------------------------------------------------------------------------- make_csv_dataset

def _is_valid_int32(s):
    try:
        return np.int32(s) == np.int64(s)
    except (ValueError, OverflowError):
        return False


def _is_valid_int64(s):
    try:
        np.int64(s)
        return True
    except (ValueError, OverflowError):
        return False


def _is_valid_float(s, np_type):
    try:
        return np_type(s) < np.inf
    except ValueError:
        return False


_TYPE_TESTS = [(dtypes.int32, _is_valid_int32), (dtypes.int64, _is_valid_int64),
               (dtypes.float32, lambda s: _is_valid_float(s, np.float32)),
               (dtypes.float64, lambda s: _is_valid_float(s, np.float64)), (dtypes.string, lambda s: True)]


def _infer_type(value, na_value, prev_type):
    """The least permissive type that holds `value` and every value seen before (TF's _infer_type)."""
    if value in ("", na_value):
        return prev_type
    allowed = [t for t, _ in _TYPE_TESTS]
    for i, (t, valid) in enumerate(_TYPE_TESTS):
        if valid(value) and (prev_type is None or prev_type in allowed[:i + 1]):
            return t
    return prev_type


def _csv_kwargs(field_delim, use_quote_delim):
    return {"delimiter": field_delim, "quoting": csv.QUOTE_MINIMAL if use_quote_delim else csv.QUOTE_NONE}


def _open_text(compression):
    if compression == "GZIP":
        return lambda name: gzip.open(name, "rt")
    return lambda name: io.open(name, "r")


def _infer_column_names(filenames, field_delim, use_quote_delim, open_fn):
    kwargs = _csv_kwargs(field_delim, use_quote_delim)
    with open_fn(filenames[0]) as f:
        try:
            column_names = next(csv.reader(f, **kwargs))
        except StopIteration:
            raise ValueError("Received StopIteration when reading the header line of %s.  Empty file?"
                             % filenames[0]) from None
    for name in filenames[1:]:
        with open_fn(name) as f:
            try:
                if next(csv.reader(f, **kwargs)) != column_names:
                    raise ValueError("Files have different column names in the header row.")
            except StopIteration:
                raise ValueError("Received StopIteration when reading the header line of %s.  Empty file?"
                                 % filenames[0]) from None
    return column_names


def _infer_column_defaults(filenames, num_cols, field_delim, use_quote_delim, na_value, header,
                           num_rows_for_inference, select_columns, open_fn):
    select_columns = range(num_cols) if select_columns is None else select_columns
    inferred = [None] * len(select_columns)
    rows = 0
    for name in filenames:
        with open_fn(name) as f:
            reader = csv.reader(f, **_csv_kwargs(field_delim, use_quote_delim))
            if header:
                next(reader, None)
            for row in reader:
                if num_rows_for_inference is not None and rows >= num_rows_for_inference:
                    break
                if len(row) != num_cols:
                    raise ValueError("Problem inferring types: CSV row has different number of fields than "
                                     "expected.")
                for j, c in enumerate(select_columns):
                    inferred[j] = _infer_type(row[c], na_value, inferred[j])
                rows += 1
        if num_rows_for_inference is not None and rows >= num_rows_for_inference:
            break
    inferred = [t or dtypes.string for t in inferred]
    return [convert_to_tensor(np.array([0 if t != dtypes.string else b""], dtype=t.as_numpy_dtype
                                       if t != dtypes.string else object), dtype=t) for t in inferred]


def _get_sorted_col_indices(select_columns, column_names):
    names_to_indices = {n: i for i, n in enumerate(column_names)}
    num_cols = len(column_names)
    results = []
    for v in select_columns:
        if isinstance(v, int):
            if v < 0 or v >= num_cols:
                raise ValueError("Column index %d specified in select_columns out of valid range." % v)
            results.append(v)
        elif v not in names_to_indices:
            raise ValueError("Value '%s' specified in select_columns not a valid column index or name." % v)
        else:
            results.append(names_to_indices[v])
    results = sorted(set(results))
    if len(results) != len(select_columns):
        raise ValueError("select_columns contains duplicate columns")
    return results


def _get_file_names(file_pattern):
    patterns = file_pattern if isinstance(file_pattern, list) else [file_pattern]
    if isinstance(file_pattern, list) and not file_pattern:
        raise ValueError("File pattern is empty.")
    names = []
    for p in patterns:
        names.extend(glob.glob(p.decode() if isinstance(p, bytes) else p))
    if not names:
        raise ValueError("No files match %s." % (file_pattern,))
    return sorted(names)  # sorted so that it is deterministic, as TF


@export("data.experimental.make_csv_dataset")
def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None, label_name=None,
                     select_columns=None, field_delim=",", use_quote_delim=True, na_value="", header=True,
                     num_epochs=None, shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=AUTOTUNE, num_parallel_reads=1, sloppy=False,
                     num_rows_for_inference=100, compression_type=None, ignore_errors=False):
    """Reads CSV files into a dataset of (features OrderedDict, label) batches."""
    filenames = _get_file_names(file_pattern)
    dataset = DatasetV1.from_tensor_slices(filenames)
    if shuffle:
        dataset = dataset.shuffle(len(filenames), shuffle_seed)
    open_fn = _open_text(compression_type or "")
    if compression_type not in (None, "", "GZIP") and (column_names is None or column_defaults is None):
        raise ValueError("compression_type (%s) is not supported for probing columns" % compression_type)
    if column_names is None:
        if not header:
            raise ValueError("Cannot infer column names without a header line.")
        column_names = _infer_column_names(filenames, field_delim, use_quote_delim, open_fn)
    if len(column_names) != len(set(column_names)):
        raise ValueError("Cannot have duplicate column names.")
    if select_columns is not None:
        select_columns = _get_sorted_col_indices(list(select_columns), column_names)
    if column_defaults is not None:
        column_defaults = list(column_defaults)  # dtypes become required columns in CsvDataset
    else:
        column_defaults = _infer_column_defaults(filenames, len(column_names), field_delim, use_quote_delim,
                                                 na_value, header, num_rows_for_inference, select_columns,
                                                 open_fn)
    if select_columns is not None and len(column_defaults) != len(select_columns):
        raise ValueError("If specified, column_defaults and select_columns must have same length.")
    if select_columns is not None and len(column_names) > len(select_columns):
        column_names = [column_names[i] for i in select_columns]
    if label_name is not None and label_name not in column_names:
        raise ValueError("`label_name` provided must be one of the columns.")

    def filename_to_dataset(filename):
        ds = CsvDatasetV1(filename, record_defaults=column_defaults, field_delim=field_delim,
                          use_quote_delim=use_quote_delim, na_value=na_value, select_cols=select_columns,
                          header=header, compression_type=compression_type)
        if ignore_errors:
            ds = ds.apply(_ignore_errors())
        return ds

    def map_fn(*columns):
        features = collections.OrderedDict(zip(column_names, columns))
        if label_name is not None:
            label = features.pop(label_name)
            return features, label
        return features

    if (num_parallel_reads or 1) > 1:
        dataset = dataset.interleave(filename_to_dataset, cycle_length=num_parallel_reads, block_length=1)
    else:
        dataset = dataset.flat_map(filename_to_dataset)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
    dataset = dataset.map(map_fn)
    return dataset.prefetch(prefetch_buffer_size)


class _IgnoreErrors(pipelines.DatasetValue):
    """The child's elements, skipping those whose production raised an InvalidArgumentError."""

    def __init__(self, child):
        self.child = child

    def iterate(self, rt):
        it = self.child.iterate(rt)
        while True:
            try:
                element = next(it)
            except StopIteration:
                return
            except errors.InvalidArgumentError:
                continue
            yield element


def _ignore_errors():
    def apply(dataset):
        return DatasetV1._op("IgnoreErrorsDataset", [dataset._variant_tensor],
                             lambda ctx, op, child: _IgnoreErrors(child), dataset.output_types,
                             dataset.output_shapes)
    return apply
