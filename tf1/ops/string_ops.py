"""String ops (`tf.as_string`, `tf.string_join`, `tf.string_split`, `tf.substr`, `tf.strings.*`, ...).

XLA has no strings, so every op here is a host op on numpy object arrays of `bytes` (the interpreter
sends any op with a string input or output to the host). Semantics and error messages follow TF's
kernels; the hash-bucket ops use TF's hash functions (`string_hash`).
"""
import base64
import re

import numpy as np

from ..api import export
from ..framework.deprecation import deprecated_argument_lookup
from ..framework import dtypes, errors, registry
from ..framework.graph import get_default_graph, name_scope
from ..framework.sparse import SparseTensor
from ..framework.tensor_conversion import convert_to_tensor
from . import string_hash
from ._common import TensorShape, broadcast_shapes, in_shape, unknown


def _b(s):
    return s if isinstance(s, bytes) else str(s).encode()


def _obj(value):
    """A host value as a numpy object array of bytes."""
    arr = np.asarray(value, dtype=object)
    return arr


def _map(fn, arr, otype=object):
    arr = _obj(arr)
    out = np.empty(arr.shape, dtype=otype)
    for idx in np.ndindex(arr.shape):
        out[idx] = fn(_b(arr[idx]), idx)
    return out


def _op(op_type, inputs, attrs, name):
    return get_default_graph().create_op(op_type, inputs, attrs=attrs, name=name)


def _out(op_type, inputs, attrs, name=None):
    """The output of a new `op_type` op, named `name` or after its type."""
    return _op(op_type, inputs, attrs, name or op_type).outputs[0]


def _register(op_type, infer, lower):
    # Strings live on the host, and TF defines no gradient for any op here.
    registry.register(op_type, infer, lower, host=True, differentiable=False)


def _scalar_bytes(value):
    """A host scalar string input (pattern, separator, ...) as bytes."""
    return _b(np.asarray(value, dtype=object).item())


def _elementwise(out_dtype):
    return lambda op: [(out_dtype, in_shape(op))]


def _string_input(x, name="input"):
    t = convert_to_tensor(x, name=name)
    if t.dtype.base_dtype != dtypes.string:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match expected type of "
                        "string." % (name, "op", t.dtype.base_dtype.name))
    return t


# ----------------------------------------------------------------------------- as_string

def _as_string_lower(ctx, op, x):
    a = op._attrs
    arr = np.asarray(x)
    width = a.get("width", -1)
    fill = a.get("fill", "")
    prec = a.get("precision", -1)
    spec = "%" + (fill if fill else "") + (str(width) if width > -1 else "")
    kind = arr.dtype.kind
    if kind == "b":
        return _map_values(arr, lambda v: b"true" if v else b"false")
    if kind in "iu":
        fmt = spec + "d"
        return _map_values(arr, lambda v: (fmt % int(v)).encode())
    if kind in "fc":
        fmt = spec + ("." + str(prec) if prec > -1 else "") + (
            "g" if a.get("shortest") else "e" if a.get("scientific") else "f")
        if kind == "c":
            return _map_values(arr, lambda v: ("(" + fmt + "," + fmt + ")") % (v.real, v.imag))
        return _map_values(arr, lambda v: _fmt_float(fmt, v))
    raise errors.InvalidArgumentError(None, op, "Type %s not supported" % arr.dtype)


def _fmt_float(fmt, v):
    v = float(v)
    if np.isnan(v):
        return b"nan"
    if np.isinf(v):
        return b"inf" if v > 0 else b"-inf"
    return (fmt % v).encode()


def _map_values(arr, fn):
    out = np.empty(arr.shape, dtype=object)
    for idx in np.ndindex(arr.shape):
        r = fn(arr[idx])
        out[idx] = r if isinstance(r, bytes) else str(r).encode()
    return out


_register("AsString", _elementwise(dtypes.string), _as_string_lower)


@export("as_string", "strings.as_string", "dtypes.as_string")
def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="",  # noqa: A002
              name=None):
    x = convert_to_tensor(input)
    if scientific and shortest:
        raise ValueError("Cannot select both scientific and shortest notation")
    return _out("AsString", [x], {"T": x.dtype.base_dtype, "precision": precision,
                                   "scientific": scientific, "shortest": shortest, "width": width,
                                   "fill": fill}, name)


# --------------------------------------------------------------------------- string_join

def _join_infer(op):
    shape = TensorShape([])
    for t in op._inputs:
        if t.get_shape().ndims != 0:
            shape = broadcast_shapes(shape, t.get_shape(), op) if shape.ndims == 0 else \
                shape.merge_with(t.get_shape())
    return [(dtypes.string, shape)]


def _join_lower(ctx, op, *xs):
    arrs = [_obj(x) for x in xs]
    shapes = {a.shape for a in arrs if a.ndim}
    if len(shapes) > 1:
        raise errors.InvalidArgumentError(None, op, "Input shapes do not match: %s vs. %s"
                                          % tuple(str(list(s)) for s in list(shapes)[:2]))
    shape = shapes.pop() if shapes else ()
    sep = _b(op._attrs.get("separator", ""))
    out = np.empty(shape, dtype=object)
    for idx in np.ndindex(shape):
        out[idx] = sep.join(_b(a[idx] if a.ndim else a[()]) for a in arrs)
    return out


_register("StringJoin", _join_infer, _join_lower)


@export("string_join", "strings.join")
def string_join(inputs, separator="", name=None):
    xs = [_string_input(x, "inputs") for x in inputs]
    return _out("StringJoin", xs, {"N": len(xs), "separator": separator}, name)


# -------------------------------------------------------------------------- string_split

def _split_infer(op):
    return [(dtypes.int64, TensorShape([None, 2])), (dtypes.string, TensorShape([None])),
            (dtypes.int64, TensorShape([2]))]


def _sparse_from_rows(rows):
    indices, values = [], []
    width = 0
    for r, toks in enumerate(rows):
        width = max(width, len(toks))
        for c, tok in enumerate(toks):
            indices.append([r, c])
            values.append(tok)
    ind = np.asarray(indices, dtype=np.int64).reshape(-1, 2)
    vals = np.empty(len(values), dtype=object)
    vals[:] = values
    return ind, vals, np.asarray([len(rows), width], dtype=np.int64)


def _split_lowering(split):
    """A split kernel: a vector of strings to a sparse matrix of tokens, `split(op, string, sep)`
    giving one row's tokens."""
    def lower(ctx, op, x, sep):
        arr = _obj(x)
        if arr.ndim != 1:
            raise errors.InvalidArgumentError(None, op, "input must be a vector, got shape: %s"
                                              % _shape_text(arr.shape))
        sep = _scalar_bytes(sep)
        return _sparse_from_rows([split(op, _b(s), sep) for s in arr])
    return lower


def _split_at_chars(op, s, delim):
    """StringSplit: at any of the delimiter's characters (none: between all bytes)."""
    if not delim:
        toks = [bytes([c]) for c in s]
    else:
        toks = re.split(b"[" + re.escape(delim) + b"]", s) if s else []
    if op._attrs.get("skip_empty", True):
        toks = [t for t in toks if t]
    return toks


def _split_like_python(op, s, sep):
    """StringSplitV2: bytes.split (no separator: at runs of whitespace)."""
    maxsplit = op._attrs.get("maxsplit", -1)
    if sep:
        return s.split(sep, maxsplit) if s else []
    return s.split(None, maxsplit)


def _shape_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


_register("StringSplit", _split_infer, _split_lowering(_split_at_chars))
_register("StringSplitV2", _split_infer, _split_lowering(_split_like_python))


def _sparse(op):
    ind, val, shp = op.outputs
    st = SparseTensor.__new__(SparseTensor)
    st._indices, st._values, st._dense_shape = ind, val, shp
    return st


@export("string_split")
def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor",
                 name=None):
    """Splits each string of the 1-D `source` at any of the characters of `delimiter` (default
    " "); returns a SparseTensor of tokens."""
    delimiter = deprecated_argument_lookup("sep", sep, "delimiter", delimiter)
    delimiter = " " if delimiter is None else delimiter
    with name_scope(name, "StringSplit", [source]):
        src = _string_input(source, "input")
        if src.get_shape().ndims not in (None, 1):
            raise ValueError("Shape must be rank 1 but is rank %d for 'StringSplit' (op: 'StringSplit') "
                             "with input shapes: %s, []." % (src.get_shape().ndims,
                                                            _shape_text(src.get_shape().as_list())))
        d = convert_to_tensor(delimiter, dtype=dtypes.string)
        op = _op("StringSplit", [src, d], {"skip_empty": bool(skip_empty)}, "StringSplit")
        return _sparse(op)


@export("strings.split")
def strings_split(input=None, sep=None, maxsplit=-1, result_type="SparseTensor", source=None,  # noqa: A002
                  name=None):
    """Python-style split (`sep=None`: runs of whitespace) of each string; a SparseTensor."""
    input = source if input is None else input  # noqa: A001
    with name_scope(name, "StringSplit", [input]):
        src = _string_input(input, "input")
        s = convert_to_tensor(sep or "", dtype=dtypes.string)
        op = _op("StringSplitV2", [src, s], {"maxsplit": int(maxsplit)}, "StringSplitV2")
        return _sparse(op)


# -------------------------------------------------------------------------------- substr

def _substr_infer(op):
    return [(dtypes.string, in_shape(op, 0))]


def _substr_lower(ctx, op, x, pos, length):
    arr = _obj(x)
    pos = np.asarray(pos)
    length = np.asarray(length)
    unit = op._attrs.get("unit", "BYTE")
    if pos.shape != length.shape:
        raise errors.InvalidArgumentError(None, op, "pos and len should have the same shape, got: %s vs. %s"
                                          % (_shape_text(pos.shape), _shape_text(length.shape)))
    if pos.ndim and pos.shape != arr.shape:
        pos = np.broadcast_to(pos, arr.shape)
        length = np.broadcast_to(length, arr.shape)
    out = np.empty(arr.shape, dtype=object)
    for flat_i, idx in enumerate(np.ndindex(arr.shape)):
        s = _b(arr[idx])
        units = s.decode("utf-8") if unit == "UTF8_CHAR" else s
        p = int(pos[idx] if pos.ndim else pos)
        n = int(length[idx] if length.ndim else length)
        size = len(units)
        if p < 0:
            p += size
        if p < 0 or p > size:
            raise errors.InvalidArgumentError(
                None, op, "pos %d out of range for string b'%s' at index %d"
                % (int(pos[idx] if pos.ndim else pos), s.decode("latin-1"), flat_i))
        piece = units[p:p + max(n, 0)]
        out[idx] = piece.encode("utf-8") if unit == "UTF8_CHAR" else piece
    return out


_register("Substr", _substr_infer, _substr_lower)


@export("substr", "strings.substr")
def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002
    x = _string_input(input, "input")
    p = convert_to_tensor(pos, name="pos")
    n = convert_to_tensor(len, name="len", dtype=p.dtype)
    return _out("Substr", [x, p, n], {"T": p.dtype.base_dtype, "unit": unit}, name)


# -------------------------------------------------------------------------- to_number

_FLOAT_RE = re.compile(rb"^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|inf(inity)?|nan)\s*$",
                       re.IGNORECASE)
_INT_RE = re.compile(rb"^\s*[-+]?\d+\s*$")


def _to_number_lower(ctx, op, x):
    out_type = op._attrs["out_type"]
    np_type = out_type.as_numpy_dtype
    arr = _obj(x)
    out = np.empty(arr.shape, dtype=np_type)
    for idx in np.ndindex(arr.shape):
        s = _b(arr[idx])
        ok = (_INT_RE if out_type.is_integer else _FLOAT_RE).match(s)
        if ok:
            v = int(s) if out_type.is_integer else float(s)
            if out_type.is_integer and not (np.iinfo(np_type).min <= v <= np.iinfo(np_type).max):
                ok = None
        if not ok:
            raise errors.InvalidArgumentError(
                None, op, "StringToNumberOp could not correctly convert string: %s" % s.decode("latin-1"))
        out[idx] = v
    return out


_register("StringToNumber", lambda op: [(op._attrs["out_type"], in_shape(op))], _to_number_lower)


@export("string_to_number", "strings.to_number")
def string_to_number(string_tensor=None, out_type=dtypes.float32, name=None, input=None):  # noqa: A002
    x = _string_input(string_tensor if string_tensor is not None else input, "string_tensor")
    out_type = dtypes.as_dtype(out_type)
    return _out("StringToNumber", [x], {"out_type": out_type}, name)


# ----------------------------------------------------------------------- hash buckets

def _bucket_lower(hash_fn):
    def lower(ctx, op, x):
        n = op._attrs["num_buckets"]
        return _map(lambda s, idx: hash_fn(op, s) % n, x, np.int64)
    return lower


_register("StringToHashBucketFast", _elementwise(dtypes.int64),
          _bucket_lower(lambda op, s: string_hash.fingerprint64(s)))
_register("StringToHashBucketStrong", _elementwise(dtypes.int64),
          _bucket_lower(lambda op, s: string_hash.siphash24(op._attrs["key"][0], op._attrs["key"][1], s)))
_register("StringToHashBucket", _elementwise(dtypes.int64),
          _bucket_lower(lambda op, s: string_hash.legacy_hash64(s)))


def _check_buckets(num_buckets):
    if num_buckets < 1:
        raise ValueError("num_buckets must be >= 1, got %d" % num_buckets)


@export("string_to_hash_bucket_fast", "strings.to_hash_bucket_fast")
def string_to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002
    _check_buckets(num_buckets)
    x = _string_input(input)
    return _out("StringToHashBucketFast", [x], {"num_buckets": int(num_buckets)}, name)


@export("string_to_hash_bucket_strong", "strings.to_hash_bucket_strong")
def string_to_hash_bucket_strong(input, num_buckets, key, name=None):  # noqa: A002
    _check_buckets(num_buckets)
    key = [int(k) & ((1 << 64) - 1) for k in key]
    if len(key) != 2:
        raise errors.InvalidArgumentError(None, None, "Key must have 2 elements")
    x = _string_input(input)
    return _out("StringToHashBucketStrong", [x], {"num_buckets": int(num_buckets), "key": key}, name)


@export("string_to_hash_bucket", "strings.to_hash_bucket")
def string_to_hash_bucket(string_tensor=None, num_buckets=None, name=None, input=None):  # noqa: A002
    _check_buckets(num_buckets)
    x = _string_input(string_tensor if string_tensor is not None else input, "string_tensor")
    return _out("StringToHashBucket", [x], {"num_buckets": int(num_buckets)}, name)


# ------------------------------------------------------------------------------ base64

def _encode_b64_lower(ctx, op, x):
    pad = op._attrs.get("pad", False)

    def enc(s, idx):
        e = base64.urlsafe_b64encode(s)
        return e if pad else e.rstrip(b"=")
    return _map(enc, x)


def _decode_b64_lower(ctx, op, x):
    def dec(s, idx):
        t = s.rstrip(b"=")
        if re.search(rb"[^A-Za-z0-9_-]", t) or len(t) % 4 == 1:
            raise errors.InvalidArgumentError(None, op, "Invalid character found in base64.")
        return base64.urlsafe_b64decode(t + b"=" * (-len(t) % 4))
    return _map(dec, x)


_register("EncodeBase64", _elementwise(dtypes.string), _encode_b64_lower)
_register("DecodeBase64", _elementwise(dtypes.string), _decode_b64_lower)


@export("encode_base64", "io.encode_base64")
def encode_base64(input, pad=False, name=None):  # noqa: A002
    return _out("EncodeBase64", [_string_input(input)], {"pad": bool(pad)}, name)


@export("decode_base64", "io.decode_base64")
def decode_base64(input, name=None):  # noqa: A002
    return _out("DecodeBase64", [_string_input(input)], {}, name)


# -------------------------------------------------------------------------- reduce_join

def _reduce_join_infer(op):
    from ..framework.tensor_util import constant_value
    shp = in_shape(op, 0)
    axes = constant_value(op._inputs[1])
    keep = op._attrs.get("keep_dims", False)
    if shp.ndims is None or axes is None:
        return [(dtypes.string, unknown())]
    axes = np.reshape(axes, [-1]).tolist()
    if not axes:
        axes = list(range(shp.ndims))
    axes = {a + shp.ndims if a < 0 else a for a in axes}
    dims = shp.as_list()
    out = [1 if i in axes else d for i, d in enumerate(dims)] if keep else \
        [d for i, d in enumerate(dims) if i not in axes]
    return [(dtypes.string, TensorShape(out))]


def _reduce_join_lower(ctx, op, x, axes):
    arr = _obj(x)
    sep = _b(op._attrs.get("separator", ""))
    keep = op._attrs.get("keep_dims", False)
    axes = np.reshape(np.asarray(axes), [-1]).tolist()
    if not axes:
        axes = list(range(arr.ndim))
    norm = []
    for a in axes:
        if not -arr.ndim <= a < max(arr.ndim, 1):
            raise errors.InvalidArgumentError(None, op, "Invalid reduction dimension %d for input with %d "
                                              "dimensions." % (a, arr.ndim))
        norm.append(a + arr.ndim if a < 0 else a)
    # TF joins with the first listed axis varying fastest: [0, 1] on [["a","b"],["c","d"]] is "acbd".
    norm = list(dict.fromkeys(norm))
    rest = [i for i in range(arr.ndim) if i not in norm]
    moved = np.transpose(arr, rest + norm[::-1]) if arr.ndim else arr
    lead = [arr.shape[i] for i in rest]
    flat = moved.reshape(lead + [-1]) if arr.ndim else moved.reshape([1])
    out = np.empty(lead, dtype=object)
    for idx in np.ndindex(*lead):
        out[idx] = sep.join(_b(v) for v in flat[idx])
    if keep:
        out = out.reshape([1 if i in norm else arr.shape[i] for i in range(arr.ndim)])
    return out


_register("ReduceJoin", _reduce_join_infer, _reduce_join_lower)


@export("reduce_join", "strings.reduce_join")
def reduce_join(inputs, axis=None, keep_dims=False, separator="", name=None, reduction_indices=None,
                keepdims=None):
    if keepdims is not None:
        keep_dims = keepdims
    if axis is None:
        axis = reduction_indices
    x = _string_input(inputs, "inputs")
    with name_scope(name, "ReduceJoin", [x]) as scope:
        if axis is None:
            ndims = x.get_shape().ndims
            axis = list(range(ndims - 1, -1, -1)) if ndims is not None else []
        ax = convert_to_tensor(axis, dtype=dtypes.int32, name="reduction_indices")
        return _out("ReduceJoin", [x, ax], {"keep_dims": bool(keep_dims), "separator": separator})


# ------------------------------------------------------------------------------- regex

def _python_rewrite(rewrite):
    # RE2's \0 is the whole match (Python: \g<0>); \1..\9 mean the same in both.
    return re.sub(rb"\\([0-9])", lambda m: b"\\g<" + m.group(1) + b">", rewrite)


def _regex_replace_lower(ctx, op, x, pattern, rewrite):
    pat = _scalar_bytes(pattern)
    rw = _python_rewrite(_scalar_bytes(rewrite))
    try:
        rx = re.compile(pat)
    except re.error as e:
        raise errors.InvalidArgumentError(None, op, "Invalid pattern: %s, error: %s"
                                          % (pat.decode("latin-1"), e)) from None
    count = 0 if op._attrs.get("replace_global", True) else 1
    return _map(lambda s, idx: rx.sub(rw, s, count=count), x)


def _static_regex_replace_lower(ctx, op, x):
    return _regex_replace_lower(ctx, op, x, op._attrs["pattern"], op._attrs["rewrite"])


_register("RegexReplace", _elementwise(dtypes.string), _regex_replace_lower)
_register("StaticRegexReplace", _elementwise(dtypes.string), _static_regex_replace_lower)


@export("regex_replace", "strings.regex_replace")
def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    x = _string_input(input)
    if isinstance(pattern, (str, bytes)) and isinstance(rewrite, (str, bytes)):
        return _out("StaticRegexReplace", [x], {"pattern": _b(pattern), "rewrite": _b(rewrite),
                                                "replace_global": bool(replace_global)}, name)
    p = convert_to_tensor(pattern, dtype=dtypes.string)
    r = convert_to_tensor(rewrite, dtype=dtypes.string)
    return _out("RegexReplace", [x, p, r], {"replace_global": bool(replace_global)}, name)


def _regex_full_match_lower(ctx, op, x, pattern=None):
    pat = _b(op._attrs["pattern"]) if pattern is None else _scalar_bytes(pattern)
    rx = re.compile(pat)
    return _map(lambda s, idx: rx.fullmatch(s) is not None, x, np.bool_)


_register("RegexFullMatch", _elementwise(dtypes.bool), _regex_full_match_lower)
_register("StaticRegexFullMatch", _elementwise(dtypes.bool), _regex_full_match_lower)


@export("strings.regex_full_match")
def regex_full_match(input, pattern, name=None):  # noqa: A002
    x = _string_input(input)
    if isinstance(pattern, (str, bytes)):
        return _out("StaticRegexFullMatch", [x], {"pattern": _b(pattern)}, name)
    p = convert_to_tensor(pattern, dtype=dtypes.string)
    return _out("RegexFullMatch", [x, p], {}, name)


# ---------------------------------------------------------------------------- decode_raw

def _decode_raw_infer(op):
    shp = in_shape(op, 0)
    if shp.ndims is None:
        return [(op._attrs["out_type"], unknown())]
    return [(op._attrs["out_type"], shp.concatenate(TensorShape([None])))]


def _decode_raw_lower(ctx, op, x):
    out_type = op._attrs["out_type"]
    dt = np.dtype(out_type.as_numpy_dtype)
    dt = dt.newbyteorder("<" if op._attrs.get("little_endian", True) else ">")
    arr = _obj(x)
    flat = [_b(s) for s in arr.reshape(-1)]
    if not flat:
        return np.zeros(arr.shape + (0,), dtype=out_type.as_numpy_dtype)
    size = len(flat[0])
    if size % dt.itemsize:
        raise errors.InvalidArgumentError(None, op, "Input to DecodeRaw has length %d that is not a "
                                          "multiple of %d, the size of %s" % (size, dt.itemsize,
                                                                             out_type.name))
    for i, s in enumerate(flat):
        if len(s) != size:
            raise errors.InvalidArgumentError(None, op, "DecodeRaw requires input strings to all be the "
                                              "same size, but element %d has size %d != %d"
                                              % (i, size, len(s)))
    out = np.stack([np.frombuffer(s, dtype=dt) for s in flat]).astype(out_type.as_numpy_dtype)
    return out.reshape(arr.shape + (size // dt.itemsize,))


_register("DecodeRaw", _decode_raw_infer, _decode_raw_lower)


@export("decode_raw", "io.decode_raw")
def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):  # noqa: A002
    x = _string_input(input_bytes if input_bytes is not None else bytes, "bytes")
    out_type = dtypes.as_dtype(out_type)
    return _out("DecodeRaw", [x], {"out_type": out_type, "little_endian": bool(little_endian)}, name)


# ----------------------------------------------------------------- length, strip, case

def _length_lower(ctx, op, x):
    if op._attrs.get("unit", "BYTE") == "UTF8_CHAR":
        return _map(lambda s, idx: len(s.decode("utf-8", "replace")), x, np.int32)
    return _map(lambda s, idx: len(s), x, np.int32)


_register("StringLength", _elementwise(dtypes.int32), _length_lower)


@export("strings.length")
def string_length(input, name=None, unit="BYTE"):  # noqa: A002
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError("Attr 'unit' of 'StringLength' Op passed string '%s' not in: \"BYTE\", "
                         "\"UTF8_CHAR\"." % unit)
    return _out("StringLength", [_string_input(input)], {"unit": unit}, name)


for _op_type, _fn in (("StringStrip", lambda s: s.strip(b" \t\n\r\f\v")), ("StringLower", bytes.lower),
                      ("StringUpper", bytes.upper)):
    _register(_op_type, _elementwise(dtypes.string),
              (lambda fn: lambda ctx, op, x: _map(lambda s, idx: fn(s), x))(_fn))


@export("strings.strip")
def strip(input, name=None):  # noqa: A002
    return _out("StringStrip", [_string_input(input)], {}, name)


@export("strings.lower")
def lower(input, encoding="", name=None):  # noqa: A002
    return _out("StringLower", [_string_input(input)], {"encoding": encoding}, name)


@export("strings.upper")
def upper(input, encoding="", name=None):  # noqa: A002
    return _out("StringUpper", [_string_input(input)], {"encoding": encoding}, name)


@export("strings.format")
def string_format(template, inputs, placeholder="{}", summarize=3, name=None):
    """`tf.strings.format`: the template with each placeholder replaced by a tensor's summary."""
    from .logging_ops import _is_tensor
    if _is_tensor(inputs):
        inputs = [inputs]
    xs = [convert_to_tensor(x) for x in inputs]
    if template.count(placeholder) != len(xs):
        raise ValueError("%s placeholder(s) in template does not match %s tensor(s) provided as input"
                         % (template.count(placeholder), len(xs)))
    return _out("StringFormat", xs, {"T": [x.dtype.base_dtype for x in xs], "template": template,
                                     "placeholder": placeholder, "summarize": summarize}, name)
