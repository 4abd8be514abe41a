"""`tf.decode_csv` (`tf.io.decode_csv`): the `DecodeCSV` op, a host op parsing CSV records with TF's
rules (RFC 4180 quoting, `na_value`, `select_cols`) and its messages, e.g.
`Field 1 in record 0 is not a valid int32: x` or `Expect 5 fields but have 4 in record 0`."""
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op

_ALLOWED = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def _split(op, record, delim, use_quote_delim, index):
    """The fields of one record (TF's ExtractFields)."""
    fields = []
    i, n = 0, len(record)
    while True:
        if use_quote_delim and i < n and record[i:i + 1] == b'"':
            i += 1
            field = bytearray()
            while True:
                if i >= n:
                    raise errors.InvalidArgumentError(
                        None, op, "Quoted field has to end with quote followed by delim or end")
                c = record[i:i + 1]
                if c == b'"':
                    if record[i + 1:i + 2] == b'"':
                        field += b'"'
                        i += 2
                        continue
                    i += 1
                    break
                field += c
                i += 1
            if i < n and record[i:i + 1] != delim:
                raise errors.InvalidArgumentError(
                    None, op, "Quoted field has to end with quote followed by delim or end")
            fields.append(bytes(field))
        else:
            j = record.find(delim, i)
            j = n if j < 0 else j
            field = record[i:j]
            if use_quote_delim and (b'"' in field or b"\n" in field or b"\r" in field):
                raise errors.InvalidArgumentError(None, op, "Unquoted fields cannot have quotes/CRLFs inside")
            fields.append(field)
            i = j
        if i >= n:
            return fields
        i += 1  # the delimiter
        if i == n:
            fields.append(b"")
            return fields


def _convert(op, text, dtype, f, r):
    s = text.decode("utf-8", "surrogateescape")
    try:
        if "_" in s:  # Python's literals allow digit separators; TF's strtol does not
            raise ValueError
        if dtype == dtypes.int32 or dtype == dtypes.int64:
            v = int(s, 10)
            info = np.iinfo(dtype.as_numpy_dtype)
            if not info.min <= v <= info.max:
                raise ValueError
            return v
        return float(s)
    except ValueError:
        raise errors.InvalidArgumentError(None, op, "Field %d in record %d is not a valid %s: %s"
                                          % (f, r, dtype.name, s)) from None


def _decode_csv_lower(ctx, op, records, *defaults):
    a = op._attrs
    delim = a.get("field_delim", ",").encode()
    use_quote = a.get("use_quote_delim", True)
    na_value = a.get("na_value", "").encode()
    select = list(a.get("select_cols") or [])
    out_types = a["OUT_TYPE"]
    recs = np.asarray(records, dtype=object)
    flat = recs.reshape(-1)
    columns = [[] for _ in out_types]
    for r, record in enumerate(flat):
        record = record if isinstance(record, bytes) else str(record).encode()
        fields = _split(op, record, delim, use_quote, r)
        if select:
            if len(fields) <= select[-1]:
                raise errors.InvalidArgumentError(None, op, "Expect %d fields but have %d in record %d"
                                                  % (select[-1] + 1, len(fields), r))
            fields = [fields[c] for c in select]
        elif len(fields) != len(out_types):
            raise errors.InvalidArgumentError(None, op, "Expect %d fields but have %d in record %d"
                                              % (len(out_types), len(fields), r))
        for f, (text, dtype) in enumerate(zip(fields, out_types)):
            if text == b"" or text == na_value:
                default = np.asarray(defaults[f]).reshape(-1)
                if default.size == 0:
                    raise errors.InvalidArgumentError(None, op, "Field %d is required but missing in "
                                                      "record %d!" % (f, r))
                columns[f].append(default[0])
            elif dtype == dtypes.string:
                columns[f].append(text)
            else:
                columns[f].append(_convert(op, text, dtype, f, r))
    outs = []
    for col, dtype in zip(columns, out_types):
        npt = object if dtype == dtypes.string else dtype.as_numpy_dtype
        outs.append(np.array(col, dtype=npt).reshape(recs.shape))
    return outs[0] if len(outs) == 1 else tuple(outs)


def _decode_csv_infer(op):
    shape = op._inputs[0].get_shape()
    return [(t, shape) for t in op._attrs["OUT_TYPE"]]


registry.register("DecodeCSV", _decode_csv_infer, _decode_csv_lower, host=True, differentiable=False)


@export("decode_csv", "io.decode_csv")
def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None, na_value="",
               select_cols=None):
    """Converts CSV records to tensors, one per column, typed by `record_defaults`."""
    if select_cols is not None and any(select_cols[i] >= select_cols[i + 1]
                                       for i in range(len(select_cols) - 1)):
        raise ValueError("select_cols is not strictly increasing.")
    if select_cols is not None and select_cols and select_cols[0] < 0:
        raise ValueError("select_cols contains negative values.")
    if select_cols is not None and len(select_cols) != len(record_defaults):
        raise ValueError("Length of select_cols and record_defaults do not match.")
    with name_scope(name, "DecodeCSV") as scope:
        records = convert_to_tensor(records, dtype=dtypes.string, name="records")
        defaults = []
        for i, d in enumerate(record_defaults):
            t = convert_to_tensor(d, name="record_defaults_%d" % i)
            if t.dtype.base_dtype not in _ALLOWED:
                raise TypeError("Value passed to parameter 'record_defaults' has DataType %s not in "
                                "list of allowed values: float32, float64, int32, int64, string"
                                % t.dtype.base_dtype.name)
            rank = t.get_shape().ndims
            if rank is not None and rank > 1:
                raise ValueError("Shape must be at most rank 1 but is rank %d for '%s' (op: 'DecodeCSV') "
                                 "with input shapes: %s." % (rank, scope.rstrip("/"), t.get_shape()))
            defaults.append(t)
        op = make_op("DecodeCSV", [records] + defaults, {
            "OUT_TYPE": [t.dtype.base_dtype for t in defaults], "field_delim": field_delim,
            "use_quote_delim": bool(use_quote_delim), "na_value": na_value,
            "select_cols": list(select_cols or [])}, name=scope)
    return list(op.outputs)

