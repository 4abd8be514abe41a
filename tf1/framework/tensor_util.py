"""TensorProto <-> numpy (`tf.make_tensor_proto`, `tf.make_ndarray`) and static value inference."""
import numpy as np
from tensorboard.compat.proto import tensor_pb2

from ..api import export
from . import dtypes, tensor_shape

# TensorProto's typed repeated field for each dtype (half/bfloat16 travel as raw bits in half_val).
_VAL_FIELD = {
    dtypes.float32: "float_val", dtypes.float64: "double_val", dtypes.int32: "int_val",
    dtypes.int16: "int_val", dtypes.int8: "int_val", dtypes.uint8: "int_val", dtypes.uint16: "int_val",
    dtypes.int64: "int64_val", dtypes.uint32: "uint32_val", dtypes.uint64: "uint64_val",
    dtypes.bool: "bool_val", dtypes.string: "string_val", dtypes.complex64: "scomplex_val",
    dtypes.complex128: "dcomplex_val", dtypes.float16: "half_val", dtypes.bfloat16: "half_val",
}


def _to_bytes(x):
    if isinstance(x, bytes):
        return x
    if isinstance(x, str):
        return x.encode("utf-8")
    if isinstance(x, np.bytes_):
        return bytes(x)
    raise TypeError("Failed to convert object of type %s to Tensor. Contents: %s. Consider casting "
                    "elements to a supported type." % (type(x), x))


@export("make_tensor_proto")
def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False, allow_broadcast=False):
    dtype = dtypes.as_dtype(dtype) if dtype is not None else None
    if isinstance(values, tensor_pb2.TensorProto):
        return values
    if dtype is None:
        dtype = dtypes.dtype_of_value(values)
    dtype = dtype.base_dtype
    if dtype == dtypes.string:
        arr = np.asarray(values, dtype=object)
        flat = [_to_bytes(x) for x in arr.reshape(-1)]
    else:
        arr = np.asarray(values).astype(dtype.as_numpy_dtype) if not isinstance(values, np.ndarray) \
            else values.astype(dtype.as_numpy_dtype, copy=False)
    if shape is not None:
        shape = [int(d) for d in shape]
        n = int(np.prod(shape))
        if verify_shape and list(arr.shape) != shape:
            raise TypeError("Expected Tensor's shape: %s, got %s." % (tuple(shape), arr.shape))
        if arr.size not in (1, n) and not allow_broadcast:
            raise ValueError("Too many elements provided. Needed at most %d, but received %d"
                             % (n, arr.size)) if arr.size > n else ValueError(
                "Eager execution requires %d elements" % n)
    else:
        shape = list(arr.shape)
    proto = tensor_pb2.TensorProto(dtype=dtype.as_datatype_enum,
                                   tensor_shape=tensor_shape.TensorShape(shape).as_proto())
    if dtype == dtypes.string:
        proto.string_val.extend(flat)
        return proto
    if arr.size == 1 and int(np.prod(shape)) != 1:
        # A scalar broadcast into a shape: TF stores the single value and expands on read.
        getattr(proto, _VAL_FIELD[dtype]).extend(_flat_vals(arr.reshape(-1), dtype))
        return proto
    if arr.size > 1 or int(np.prod(shape)) > 1:
        proto.tensor_content = np.ascontiguousarray(arr).tobytes()
        return proto
    getattr(proto, _VAL_FIELD[dtype]).extend(_flat_vals(arr.reshape(-1), dtype))
    return proto


def _flat_vals(flat, dtype):
    if dtype in (dtypes.float16, dtypes.bfloat16):
        return [int(x) for x in flat.view(np.uint16)]
    if dtype.is_complex:
        out = []
        for z in flat:
            out.extend([float(z.real), float(z.imag)])
        return out
    return flat.tolist()


@export("make_ndarray")
def MakeNdarray(tensor):
    dtype = dtypes.as_dtype(tensor.dtype)
    shape = [d.size for d in tensor.tensor_shape.dim]
    n = int(np.prod(shape)) if shape else 1
    nt = dtype.as_numpy_dtype
    if tensor.tensor_content:
        return np.frombuffer(tensor.tensor_content, dtype=nt).copy().reshape(shape)
    if dtype == dtypes.string:
        vals = list(tensor.string_val)
        arr = np.empty(len(vals), dtype=object)
        arr[:] = vals
    elif dtype in (dtypes.float16, dtypes.bfloat16):
        arr = np.array(list(tensor.half_val), dtype=np.uint16).view(nt)
    elif dtype.is_complex:
        raw = list(getattr(tensor, _VAL_FIELD[dtype]))
        arr = np.array(raw[0::2], dtype=nt) + 1j * np.array(raw[1::2], dtype=nt)
        arr = arr.astype(nt)
    else:
        arr = np.array(list(getattr(tensor, _VAL_FIELD[dtype])), dtype=nt)
    if arr.size == n:
        return arr.reshape(shape)
    if arr.size == 0:
        return np.zeros(shape, dtype=nt) if dtype != dtypes.string else np.full(shape, b"", dtype=object)
    # Fewer values than elements: TF repeats the last value.
    out = np.empty(n, dtype=arr.dtype)
    out[: arr.size] = arr
    out[arr.size:] = arr[-1]
    return out.reshape(shape)


def constant_value(tensor, partial=False):
    """The tensor's value if it can be computed at graph-build time (Const, Shape of known shape...)."""
    from .graph import Tensor
    if not isinstance(tensor, Tensor):
        return np.asarray(tensor)
    fn = _CONSTANT_VALUE_RULES.get(tensor.op.type)
    if fn is None:
        return None
    try:
        return fn(tensor)
    except Exception:
        return None


_CONSTANT_VALUE_RULES = {}


def register_constant_value(op_type):
    def deco(fn):
        _CONSTANT_VALUE_RULES[op_type] = fn
        return fn
    return deco


export("get_static_value", "contrib.util.constant_value")(constant_value)


def partial_shape_value(t):
    """TF's constant_value_as_shape (the C++ shape refiner's partial shapes): a shape-valued tensor
    as a (partially known) TensorShape. Sees through Shape, Pack of scalars, ConcatV2, Cast and
    StridedSlice of those; anything else must be a constant to be known."""
    shp = t.get_shape()
    op_type = t.op.type
    if op_type == "Shape":
        return t.op._inputs[0].get_shape()
    if op_type == "Pack" and shp.ndims == 1:
        return tensor_shape.TensorShape([_partial_dim(inp) for inp in t.op._inputs])
    if op_type == "ConcatV2":
        out = tensor_shape.TensorShape([])
        for inp in t.op._inputs[:-1]:
            out = out.concatenate(partial_shape_value(inp))
        return out
    v = constant_value(t)
    if v is not None:
        return tensor_shape.TensorShape([None if int(d) < 0 else int(d) for d in np.reshape(v, [-1])])
    if op_type == "Cast":
        return partial_shape_value(t.op._inputs[0])
    if op_type == "StridedSlice" and shp.ndims == 1:
        dims = _sliced_partial_dims(t)
        if dims is not None:
            return tensor_shape.TensorShape(list(dims))
    if shp.ndims == 1 and shp[0].value is not None:
        return tensor_shape.unknown_shape(shp[0].value)
    return tensor_shape.unknown_shape()


constant_value_as_shape = partial_shape_value


def _sliced_partial_dims(t):
    """The dims (None where unknown) a StridedSlice picks from a partially known shape vector."""
    from ..ops.array_ops import slice_index  # the ops layer owns StridedSlice's index rules
    src = t.op._inputs[0]
    if src.get_shape().ndims != 1:
        return None
    b, e, s = (constant_value(i) for i in t.op._inputs[1:])
    if any(v is None for v in (b, e, s)):
        return None
    whole = partial_shape_value(src)
    if whole.ndims is None:
        return None
    dims = np.empty(whole.ndims, dtype=object)
    dims[:] = [d.value for d in whole.dims]
    return dims[slice_index(t.op._attrs, np.reshape(b, [-1]), np.reshape(e, [-1]), np.reshape(s, [-1]))]


def _partial_dim(t):
    """A scalar dimension: its constant value, or one known element of a partial shape vector
    (`tf.shape(x)[1]` where x's dim 1 is static); None (unknown) otherwise and for negatives."""
    v = constant_value(t)
    if v is None and t.op.type == "StridedSlice" and t.get_shape().ndims == 0:
        picked = _sliced_partial_dims(t)
        v = None if picked is None else picked.item() if hasattr(picked, "item") else picked
    if v is None or int(v) < 0:
        return None
    return int(v)
