"""Core array ops: constants, placeholders, identity, fills, shapes, reshape/transpose, stack/unstack,
concat, expand/squeeze, strided slicing (`tensor[...]`) and stop_gradient."""
import numbers

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework.deprecation import deprecated_argument_lookup
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output, make_op
from ..framework.tensor_util import (MakeNdarray, constant_value, make_tensor_proto,
                                     register_constant_value)
from ._common import TensorShape, in_dtype, in_shape, same_as_input, shape_of_const, unknown, \
    dims_str, shape_str, xp


def static_value(op, i, runtime=None):
    """Input `i` of `op` as a numpy value: known at build time, else the (concrete) runtime value."""
    v = constant_value(op._inputs[i])
    if v is None and runtime is not None:
        v = np.asarray(runtime)
    return v


def static_ints(op, i, runtime=None):
    v = static_value(op, i, runtime)
    return [int(d) for d in np.reshape(v, [-1])]


# ------------------------------------------------------------------------------------- Const

def _const_infer(op):
    proto = op._attrs["value"]
    return [(dtypes.as_dtype(proto.dtype), TensorShape([d.size for d in proto.tensor_shape.dim]))]


def _const_value(op):
    v = op._attrs.get("_tf1_np")
    if v is None:
        v = MakeNdarray(op._attrs["value"])
        op._attrs["_tf1_np"] = v
    return v


registry.register("Const", _const_infer, lambda ctx, op: _const_value(op))
register_constant_value("Const")(lambda t: _const_value(t.op))


@export("constant")
def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    from ..framework.graph import get_default_graph
    if isinstance(value, Tensor):
        raise TypeError("Failed to convert object of type %s to Tensor. Contents: %s. Consider "
                        "casting elements to a supported type." % (type(value), value))
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype).base_dtype
        from ..framework.tensor_conversion import _check_python_value
        if not isinstance(value, np.ndarray):
            _check_python_value(value, dtype)
    proto = make_tensor_proto(value, dtype=dtype, shape=shape, verify_shape=verify_shape,
                              allow_broadcast=False)
    g = get_default_graph()
    op = g.create_op("Const", [], attrs={"value": proto, "dtype": dtypes.as_dtype(proto.dtype)},
                     name=name)
    return op.outputs[0]


# ------------------------------------------------------------------------------- Placeholders

def _placeholder_lower(ctx, op):
    shape = op._attrs.get("shape")
    dtype = op._attrs["dtype"]
    # The runtime's DataTypeString names ("float", "double", "half"), not the Python ones.
    tname = {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)
    msg = "You must feed a value for placeholder tensor '%s' with dtype %s" % (op.name, tname)
    if shape is not None and shape.ndims is not None:
        msg += " and shape %s" % shape_str(shape)
    raise errors.InvalidArgumentError(None, op, msg + "\n\t [[{{node %s}}]]" % op.name)


registry.register("Placeholder", lambda op: [(op._attrs["dtype"], op._attrs["shape"])],
                  _placeholder_lower)


@export("placeholder")
def placeholder(dtype, shape=None, name=None):
    from ..framework.graph import get_default_graph
    dtype = dtypes.as_dtype(dtype).base_dtype
    shape = tensor_shape.as_shape(shape) if shape is not None else unknown()
    return get_default_graph().create_op("Placeholder", [], attrs={"dtype": dtype, "shape": shape},
                                         name=name or "Placeholder").outputs[0]


def _pwd_infer(op):
    return [(in_dtype(op), op._attrs["shape"])]


registry.register("PlaceholderWithDefault", _pwd_infer, lambda ctx, op, x: x)


@export("placeholder_with_default")
def placeholder_with_default(input, shape, name=None):  # noqa: A002
    x = convert_to_tensor(input)
    shape = tensor_shape.as_shape(shape)
    if not x.get_shape().is_compatible_with(shape):
        raise ValueError("Incompatible shapes: %s vs. %s" % (x.get_shape(), shape))
    return op_output("PlaceholderWithDefault", [x], {"dtype": x.dtype.base_dtype, "shape": shape},
                     name=name or "PlaceholderWithDefault")


# ------------------------------------------------------------------------------ Identity & co

# Identity forwards a variable reference untouched (TF forwards the ref buffer): the value is read
# by the consumer that computes with it, when it runs -- what TF's control-dependency idioms rely on.
registry.register("Identity", same_as_input(), lambda ctx, op, x: x, ref_inputs=(0,))


def _stop_gradient_lower(ctx, op, x):
    # tf.gradients stops at these ops (differentiable=False), but a loop body (dynamic_rnn's Scan) is
    # differentiated by JAX, which must see the stop too.
    if isinstance(x, jax.Array) or (isinstance(x, np.ndarray) and x.dtype != object):
        return jax.lax.stop_gradient(x)
    return x


registry.register("StopGradient", same_as_input(), _stop_gradient_lower, differentiable=False)
registry.register("PreventGradient", same_as_input(), _stop_gradient_lower, differentiable=False)
register_constant_value("Identity")(lambda t: constant_value(t.op._inputs[0]))


def _identity_n_infer(op):
    return [(t.dtype.base_dtype, t.get_shape()) for t in op._inputs]


registry.register("IdentityN", _identity_n_infer, lambda ctx, op, *xs: tuple(xs))


@export("identity")
def identity(input, name=None):  # noqa: A002
    if hasattr(input, "_tf1_identity"):
        return input._tf1_identity(name)
    x = convert_to_tensor(input)
    return op_output("Identity", [x], {"T": x.dtype.base_dtype}, name=name or "Identity")


@export("identity_n")
def identity_n(input, name=None):  # noqa: A002
    xs = [convert_to_tensor(x) for x in input]
    return make_op("IdentityN", xs, {"T": [x.dtype.base_dtype for x in xs]}, name=name or "IdentityN").outputs


@export("stop_gradient")
def stop_gradient(input, name=None):  # noqa: A002
    x = convert_to_tensor(input)
    return op_output("StopGradient", [x], {"T": x.dtype.base_dtype}, name=name or "StopGradient")


# ------------------------------------------------------------------------------------- Fills

def _fill_infer(op):
    return [(in_dtype(op, 1), shape_of_const(op._inputs[0]))]


def _fill_lower(ctx, op, dims, value):
    shape = tuple(static_ints(op, 0, dims))
    for d in shape:
        if d < 0:
            raise errors.InvalidArgumentError(None, op, "Dimension %d must be >= 0" % d)
    return xp(value).full(shape, value, dtype=np.asarray(value).dtype if xp(value) is np else None)


registry.register("Fill", _fill_infer, _fill_lower)


@export("fill")
def fill(dims, value, name=None):
    with name_scope(name, "Fill", [dims, value]) as scope:
        d = dims
        if not isinstance(dims, Tensor):
            # TF's op-def conversion: int32 preferred, else the value's own type (a list holding an
            # int64 tensor packs as int64), then the allowed-types check.
            try:
                d = convert_to_tensor(dims, dtype=dtypes.int32, name="dims")
            except (TypeError, ValueError):
                d = convert_to_tensor(dims, name="dims")
        if d.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError("Value passed to parameter 'dims' has DataType %s not in list of allowed values: "
                            "int32, int64" % d.dtype.base_dtype.name)
        v = convert_to_tensor(value, name="value")
        return op_output("Fill", [d, v], {"T": v.dtype.base_dtype, "index_type": d.dtype.base_dtype},
                         name=scope)


def _filled(value, shape, dtype, name, default_name):
    dtype = dtypes.as_dtype(dtype).base_dtype
    with name_scope(name, default_name, [shape]) as scope:
        if isinstance(shape, tensor_shape.TensorShape):
            shape = shape.as_list()
        if not isinstance(shape, Tensor):
            try:
                dims = [int(d) for d in np.reshape(np.asarray(shape, dtype=np.int64), [-1])] \
                    if not (isinstance(shape, (list, tuple)) and any(isinstance(d, Tensor) for d in shape)) \
                    else None
            except (TypeError, ValueError):
                dims = None
            if dims is not None and int(np.prod(dims)) < 1000:
                return constant(np.full(dims, value, dtype=dtype.as_numpy_dtype)
                                if dtype != dtypes.string else np.full(dims, value, dtype=object),
                                dtype=dtype, name=scope)
        if not isinstance(shape, Tensor):
            # TF 1.15: a static shape becomes "shape_as_tensor"; a list holding tensors is packed
            # under the default name ("packed").
            has_tensor = isinstance(shape, (list, tuple)) and any(isinstance(d, Tensor) for d in shape)
            shape = convert_to_tensor(shape, dtype=dtypes.int32,
                                      name=None if has_tensor else "shape_as_tensor")
        v = constant(value, dtype=dtype, name="Const")
        return op_output("Fill", [shape, v], {"T": dtype, "index_type": shape.dtype.base_dtype}, name=scope)


@export("zeros")
def zeros(shape, dtype=dtypes.float32, name=None):
    dt = dtypes.as_dtype(dtype).base_dtype
    return _filled(b"" if dt == dtypes.string else 0, shape, dt, name, "zeros")


@export("ones")
def ones(shape, dtype=dtypes.float32, name=None):
    return _filled(1, shape, dtype, name, "ones")


# array_grad.py: NotDifferentiable (tf.gradients gives None, not zeros).
registry.register("ZerosLike", same_as_input(), lambda ctx, op, x: jnp.zeros_like(x), differentiable=False)
registry.register("OnesLike", same_as_input(), lambda ctx, op, x: jnp.ones_like(x), differentiable=False)


def _like(op_type, filler):
    def fn(tensor, dtype=None, name=None, optimize=True):
        default = "zeros_like" if op_type == "ZerosLike" else "ones_like"
        with name_scope(name, default, [tensor]) as scope:
            x = convert_to_tensor(tensor, name="tensor")
            if dtype is not None and dtypes.as_dtype(dtype).base_dtype != x.dtype.base_dtype:
                return filler(shape(x) if not x.get_shape().is_fully_defined() else x.get_shape().as_list(),
                              dtype=dtype, name=scope)
            return op_output(op_type, [x], {"T": x.dtype.base_dtype}, name=scope)
    return fn


export("zeros_like")(_like("ZerosLike", zeros))
export("ones_like")(_like("OnesLike", ones))
zeros_like = _like("ZerosLike", zeros)
ones_like = _like("OnesLike", ones)


# ------------------------------------------------------------------------------ Shape queries

def _shape_out_type(op):
    return op._attrs.get("out_type", dtypes.int32)


# Shape queries have no gradient in TF (array_grad.py: NotDifferentiable), so tf.gradients never
# re-traces the shape arithmetic that follows them.
registry.register("Shape", lambda op: [(_shape_out_type(op), TensorShape([in_shape(op).ndims]))],
                  lambda ctx, op, x: np.array(np.shape(x), dtype=_shape_out_type(op).as_numpy_dtype),
                  differentiable=False)
registry.register("Size", lambda op: [(_shape_out_type(op), TensorShape([]))],
                  lambda ctx, op, x: np.array(np.size(x), dtype=_shape_out_type(op).as_numpy_dtype),
                  differentiable=False)
registry.register("Rank", lambda op: [(dtypes.int32, TensorShape([]))],
                  lambda ctx, op, x: np.array(np.ndim(x), dtype=np.int32), differentiable=False)


def _static_shape_value(t):
    s = t.op._inputs[0].get_shape()
    if s.is_fully_defined():
        return np.array(s.as_list(), dtype=_shape_out_type(t.op).as_numpy_dtype)
    return None


register_constant_value("Shape")(_static_shape_value)
register_constant_value("Size")(lambda t: np.array(t.op._inputs[0].get_shape().num_elements(),
                                                   dtype=_shape_out_type(t.op).as_numpy_dtype)
                                if t.op._inputs[0].get_shape().is_fully_defined() else None)
register_constant_value("Rank")(lambda t: np.array(t.op._inputs[0].get_shape().ndims, dtype=np.int32)
                                if t.op._inputs[0].get_shape().ndims is not None else None)


@export("shape")
def shape(input, name=None, out_type=dtypes.int32):  # noqa: A002
    # TF 1.15's shape_internal(optimize=True): a fully known shape is a Const named "Shape".
    with name_scope(name, "Shape", [input]) as scope:
        x = convert_to_tensor(input)
        out_type = dtypes.as_dtype(out_type)
        if x.get_shape().is_fully_defined():
            return constant(x.get_shape().as_list(), out_type, name=scope)
        return op_output("Shape", [x], {"T": x.dtype.base_dtype, "out_type": out_type}, name=scope)


@export("size")
def size(input, name=None, out_type=dtypes.int32):  # noqa: A002
    # TF 1.15's size_internal(optimize=True): a constant when the size is known statically.
    with name_scope(name, "Size", [input]) as scope:
        x = convert_to_tensor(input)
        out_type = dtypes.as_dtype(out_type)
        s = x.get_shape()
        if s.is_fully_defined():
            return constant(s.num_elements(), out_type, name=scope)
        if s.ndims and any(d == 0 for d in s.as_list()):
            return constant(0, out_type, name=scope)
        return op_output("Size", [x], {"T": x.dtype.base_dtype, "out_type": out_type}, name=scope)


@export("rank")
def rank(input, name=None):  # noqa: A002
    with name_scope(name, "Rank", [input]) as scope:
        x = convert_to_tensor(input)
        if x.get_shape().ndims is not None:  # TF 1.15's rank_internal(optimize=True)
            return constant(x.get_shape().ndims, dtypes.int32, name=scope)
        return op_output("Rank", [x], {"T": x.dtype.base_dtype}, name=scope)


# ----------------------------------------------------------------------------------- Reshape

def _reshape_infer(op):
    x = in_shape(op)
    target = shape_of_const(op._inputs[1])
    if target.ndims is None:
        return [(in_dtype(op), unknown())]
    dims = target.as_list()
    v = constant_value(op._inputs[1])
    if v is not None:
        vals = [int(d) for d in np.reshape(v, [-1])]
        if vals.count(-1) > 1:
            raise ValueError("Cannot infer multiple unknown dimensions in shape %s" % vals)
        if x.is_fully_defined():
            n = x.num_elements()
            known = int(np.prod([d for d in vals if d != -1])) if vals else 1
            if -1 in vals:
                if known == 0 or n % known:
                    raise ValueError(
                        "Cannot reshape a tensor with %d elements to shape %s (%d elements) for '%s' "
                        "(op: 'Reshape') with input shapes: %s, [%d] and with input tensors computed "
                        "as partial shapes: input[1] = [%s]." % (
                            n, "[" + ",".join(map(str, vals)) + "]", known, op.name, shape_str(x), len(vals),
                            ",".join("?" if d == -1 else str(d) for d in vals)))
                dims = [n // known if d == -1 else d for d in vals]
            elif n != known:
                raise ValueError(
                    "Cannot reshape a tensor with %d elements to shape %s (%d elements) for '%s' (op: "
                    "'Reshape') with input shapes: %s, [%d] and with input tensors computed as partial "
                    "shapes: input[1] = [%s]." % (n, "[" + ",".join(map(str, vals)) + "]", known, op.name, shape_str(x), len(vals),
                                                  ",".join(str(d) for d in vals)))
    return [(in_dtype(op), TensorShape(dims))]


def _reshape_lower(ctx, op, x, shape):
    # TF's Reshape kernel checks (a fed tensor's size is only known when the run traces it).
    dims = tuple(static_ints(op, 1, shape))
    n = int(np.prod(np.shape(x)))
    unknown_at = [i for i, d in enumerate(dims) if d == -1]
    if len(unknown_at) > 1:
        raise errors.InvalidArgumentError(None, op, "Only one input size may be -1, not both %d and %d"
                                          % tuple(unknown_at[:2]))
    for i, d in enumerate(dims):
        if d < -1:
            raise errors.InvalidArgumentError(None, op, "Size %d must be non-negative, not %d" % (i, d))
    known = int(np.prod([d for d in dims if d != -1]))
    if unknown_at and (known == 0 or n % known) and not (known == 0 and n == 0):
        raise errors.InvalidArgumentError(None, op, "Input to reshape is a tensor with %d values, but the "
                                          "requested shape requires a multiple of %d" % (n, known))
    if not unknown_at and n != known:
        raise errors.InvalidArgumentError(None, op, "Input to reshape is a tensor with %d values, but the "
                                          "requested shape has %d" % (n, known))
    return xp(x).reshape(x, dims)


registry.register("Reshape", _reshape_infer, _reshape_lower)


@export("reshape")
def reshape(tensor, shape, name=None):  # noqa: F811
    with name_scope(name, "Reshape", [tensor, shape]) as scope:
        x = convert_to_tensor(tensor, name="tensor")
        s = convert_to_tensor(shape, dtype=dtypes.int32, name="shape") if not isinstance(shape, Tensor) \
            else shape
        return op_output("Reshape", [x, s], {"T": x.dtype.base_dtype, "Tshape": s.dtype.base_dtype},
                         name=scope)


# --------------------------------------------------------------------------------- Transpose

def _transpose_infer(op):
    x = in_shape(op)
    perm = constant_value(op._inputs[1])
    if perm is None or x.ndims is None:
        return [(in_dtype(op), unknown(x.ndims) if x.ndims is not None else unknown())]
    perm = [int(p) for p in np.reshape(perm, [-1])]
    if len(perm) != x.ndims:
        raise ValueError("Dimension must be %d but is %d for '%s' (op: 'Transpose') with input shapes: "
                         "%s, [%d]." % (x.ndims, len(perm), op.name, shape_str(x), len(perm)))
    dims = x.as_list()
    return [(in_dtype(op), TensorShape([dims[p] for p in perm]))]


def _transpose_lower(ctx, op, x, perm):
    perm = list(static_ints(op, 1, perm))
    rank = np.ndim(x)
    # TF's TransposeOp checks, in its order.
    if len(perm) != rank:
        raise errors.InvalidArgumentError(None, op, "transpose expects a vector of size %d. But input(1) is a "
                                          "vector of size %d" % (rank, len(perm)))
    for d in perm:
        if not 0 <= d < rank:
            raise errors.InvalidArgumentError(None, op, "%d is out of range [0 .. %d)" % (d, rank))
    for d in range(rank):
        if d not in perm:
            raise errors.InvalidArgumentError(None, op, "%d is missing from {%s}." % (d, ",".join(map(str, perm))))
    return xp(x).transpose(x, perm)


registry.register("Transpose", _transpose_infer, _transpose_lower)


@export("transpose")
def transpose(a, perm=None, name="transpose", conjugate=False):
    with name_scope(name, "transpose", [a]) as scope:
        x = convert_to_tensor(a, name="a")
        if perm is None:
            r = x.get_shape().ndims
            if r is not None:
                perm = constant(list(range(r - 1, -1, -1)), dtype=dtypes.int32)
            else:
                from . import math_ops
                rk = rank(x)
                perm = math_ops.subtract(math_ops.subtract(rk, 1), math_ops.range(rk))
        elif not isinstance(perm, Tensor):
            perm = convert_to_tensor(perm, dtype=dtypes.int32, name="perm")
        return op_output("Transpose", [x, perm], {"T": x.dtype.base_dtype, "Tperm": perm.dtype.base_dtype},
                         name=scope)


# ----------------------------------------------------------------------------- Pack / Unpack

def _pack_infer(op):
    axis = op._attrs["axis"]
    shp = unknown()
    for t in op._inputs:
        try:
            shp = shp.merge_with(t.get_shape())
        except ValueError:
            raise ValueError("Shapes must be equal rank, but are %d and %d\n\tFrom merging shape 0 with "
                             "other shapes. for '%s' (op: 'Pack') with input shapes: %s." % (
                                 shp.ndims, t.get_shape().ndims, op.name,
                                 ", ".join(shape_str(i.get_shape()) for i in op._inputs))) from None
    dt = in_dtype(op)
    if shp.ndims is None:
        return [(dt, unknown())]
    dims = shp.as_list()
    if axis < 0:
        axis += len(dims) + 1
    dims.insert(axis, len(op._inputs))
    return [(dt, TensorShape(dims))]


def _pack_lower(ctx, op, *xs):
    for i, x in enumerate(xs[1:], 1):
        if np.shape(x) != np.shape(xs[0]):
            raise errors.InvalidArgumentError(None, op, "Shapes of all inputs must match: values[0].shape = %s != "
                                              "values[%d].shape = %s" % (dims_str(np.shape(xs[0])), i,
                                                                         dims_str(np.shape(x))))
    return xp(xs).stack(xs, axis=op._attrs["axis"])


registry.register("Pack", _pack_infer, _pack_lower)


def _pack_const(t):
    vals = [constant_value(i) for i in t.op._inputs]
    if any(v is None for v in vals):
        return None
    return np.stack(vals, axis=t.op._attrs["axis"])


register_constant_value("Pack")(_pack_const)


@export("stack", "pack")
def stack(values, axis=0, name="stack"):
    value_shape = None
    if axis == 0:
        # TF: a list is first tried as one constant, or auto-packed (elements named "stack/<i>").
        try:
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError):
            pass
    with name_scope(name, "stack", values) as scope:
        xs = [convert_to_tensor(v) for v in values]
        dt = None
        for x in xs:
            dt = dt or x.dtype.base_dtype
        xs = [x if x.dtype.base_dtype == dt else convert_to_tensor(x, dtype=dt) for x in xs]
        value_shape = xs[0].get_shape()
        if value_shape.ndims is not None:
            expanded = value_shape.ndims + 1
            if axis < -expanded or axis >= expanded:
                raise ValueError("axis = %d not in [%d, %d)" % (axis, -expanded, expanded))
        return op_output("Pack", xs, {"T": dt, "N": len(xs), "axis": axis}, name=scope)


def pack_autoconvert(values, dtype=None, name=None):
    """`convert_to_tensor` of a (nested) list holding Tensors: TF's `_autopacking_helper`."""
    with name_scope(name, "packed", None) as scope:
        def conv(v):
            if isinstance(v, (list, tuple)):
                from ..framework.tensor_conversion import _contains_tensor
                if _contains_tensor(v):
                    return pack_autoconvert(v, dtype=dtype)
                return convert_to_tensor(v, dtype=dtype)
            return convert_to_tensor(v, dtype=dtype)
        from ..framework.tensor_conversion import _contains_tensor
        # Variables (graph elements that convert to tensors) pack like the tensors they read.
        values = [convert_to_tensor(v) if not isinstance(v, (Tensor, list, tuple)) and _contains_tensor(v)
                  else v for v in values]
        dt = dtype
        for v in values:
            if isinstance(v, Tensor):
                dt = dt or v.dtype.base_dtype
        converted = []
        for i, v in enumerate(values):
            if isinstance(v, Tensor):
                if dt is not None and v.dtype.base_dtype != dt:
                    # TF: the autopacking conversion declines, constant conversion then fails.
                    raise TypeError("Expected %s, got list containing Tensors of type '_Message' "
                                    "instead." % dt.name)
                converted.append(v)
            elif isinstance(v, (list, tuple)):
                converted.append(conv(v))
            else:
                converted.append(constant(v, dtype=dt, name=str(i)))
        elems = converted
        dt = dt or elems[0].dtype.base_dtype
        return op_output("Pack", elems, {"T": dt, "N": len(elems), "axis": 0}, name=scope)


def _unpack_infer(op):
    x = in_shape(op)
    axis = op._attrs["axis"]
    n = op._attrs["num"]
    if x.ndims is None:
        return [(in_dtype(op), unknown())] * n
    dims = x.as_list()
    del dims[axis]
    return [(in_dtype(op), TensorShape(dims))] * n


def _unpack_lower(ctx, op, x):
    axis = op._attrs["axis"]
    if np.shape(x)[axis] != op._attrs["num"]:
        raise errors.InvalidArgumentError(None, op, "Input shape axis %d must equal %d, got shape %s" % (
            axis % np.ndim(x), op._attrs["num"], dims_str(np.shape(x))))
    m = xp(x)
    return tuple(m.squeeze(p, axis) for p in m.split(x, op._attrs["num"], axis=axis)) \
        if op._attrs["num"] else ()


registry.register("Unpack", _unpack_infer, _unpack_lower)


@export("unstack", "unpack")
def unstack(value, num=None, axis=0, name="unstack"):
    with name_scope(name, "unstack", [value]) as scope:
        x = convert_to_tensor(value)
        shp = x.get_shape()
        if shp.ndims is not None:
            if axis < -shp.ndims or axis >= shp.ndims:
                raise ValueError("axis = %d not in [%d, %d)" % (axis, -shp.ndims, shp.ndims))
            if axis < 0:
                axis += shp.ndims
            if num is None:
                num = shp.as_list()[axis]
        if num is None:
            raise ValueError("Cannot infer num from shape %s" % shp)
        return make_op("Unpack", [x], {"T": x.dtype.base_dtype, "num": num, "axis": axis}, name=scope).outputs


# --------------------------------------------------------------------------- ExpandDims/Squeeze

def _expand_infer(op):
    x = in_shape(op)
    ax = constant_value(op._inputs[1])
    if x.ndims is None or ax is None:
        return [(in_dtype(op), unknown() if x.ndims is None else unknown(x.ndims + 1))]
    ax = int(np.reshape(ax, [-1])[0])
    if ax < -1 - x.ndims or ax > x.ndims:
        raise ValueError("dim %d not in the interval [%d, %d]. for '%s' (op: 'ExpandDims')"
                         % (ax, -1 - x.ndims, x.ndims, op.name))
    if ax < 0:
        ax += x.ndims + 1
    dims = x.as_list()
    dims.insert(ax, 1)
    return [(in_dtype(op), TensorShape(dims))]


def _expand_lower(ctx, op, x, ax):
    ax = static_ints(op, 1, ax)[0]
    if not -1 - np.ndim(x) <= ax <= np.ndim(x):
        raise errors.InvalidArgumentError(None, op, "Tried to expand dim index %d for tensor with %d dimensions."
                                          % (ax, np.ndim(x)))
    return xp(x).expand_dims(x, ax if ax >= 0 else ax + np.ndim(x) + 1)


registry.register("ExpandDims", _expand_infer, _expand_lower)


@export("expand_dims")
def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    axis = deprecated_argument_lookup("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    with name_scope(name, "ExpandDims", [input]) as scope:
        # Converted inside the op's scope, as TF's op-def library does: `ExpandDims/input`.
        x = convert_to_tensor(input, name="input")
        a = convert_to_tensor(axis, dtype=dtypes.int32, name="dim") if not isinstance(axis, Tensor) else axis
        return op_output("ExpandDims", [x, a], {"T": x.dtype.base_dtype, "Tdim": a.dtype.base_dtype},
                         name=scope)


def _squeeze_dims(op, shp):
    dims = op._attrs["squeeze_dims"]
    n = shp.ndims
    return sorted({d + n if d < 0 else d for d in dims})


def _squeeze_infer(op):
    x = in_shape(op)
    if x.ndims is None:
        return [(in_dtype(op), unknown())]
    axes = _squeeze_dims(op, x)
    dims = x.as_list()
    if axes:
        for a in axes:
            if a >= len(dims):
                raise ValueError("Tried to squeeze dim index %d for tensor with %d dimensions. for "
                                 "'%s' (op: 'Squeeze')" % (a, len(dims), op.name))
            if dims[a] is not None and dims[a] != 1:
                raise ValueError("Can not squeeze dim[%d], expected a dimension of 1, got %d for '%s' "
                                 "(op: 'Squeeze') with input shapes: %s." % (a, dims[a], op.name, shape_str(x)))
        out = [d for i, d in enumerate(dims) if i not in axes]
    else:
        if any(d is None for d in dims):
            return [(in_dtype(op), unknown())]
        out = [d for d in dims if d != 1]
    return [(in_dtype(op), TensorShape(out))]


def _squeeze_lower(ctx, op, x):
    axes = op._attrs["squeeze_dims"]
    shape = np.shape(x)
    for a in axes:
        if not -len(shape) <= a < len(shape):
            raise errors.InvalidArgumentError(None, op, "Tried to squeeze dim index %d for tensor with %d "
                                              "dimensions." % (a, len(shape)))
        if shape[a] != 1:
            raise errors.InvalidArgumentError(None, op, "Can not squeeze dim[%d], expected a dimension of 1, got %d"
                                              % (a % len(shape), shape[a]))
    return xp(x).squeeze(x, tuple(axes)) if axes else xp(x).squeeze(x)


registry.register("Squeeze", _squeeze_infer, _squeeze_lower)


@export("squeeze")
def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    if squeeze_dims is not None:
        axis = squeeze_dims
    if isinstance(axis, int):
        axis = [axis]
    x = convert_to_tensor(input)
    return op_output("Squeeze", [x], {"T": x.dtype.base_dtype, "squeeze_dims": list(axis or [])},
                     name=name or "Squeeze")


# -------------------------------------------------------------------------------- ConcatV2

def _concat_infer(op):
    values = op._inputs[:-1]
    ax = constant_value(op._inputs[-1])
    dt = in_dtype(op)
    shapes = [t.get_shape() for t in values]
    known = [s for s in shapes if s.ndims is not None]
    if ax is None:
        return [(dt, unknown(known[0].ndims) if known else unknown())]
    if not known:
        return [(dt, unknown())]
    r = known[0].ndims
    ax = int(ax)
    if ax < -r or ax >= r:
        raise ValueError("ConcatOp : Expected concatenating dimensions in the range [%d, %d), but got %d"
                         % (-r, r, ax))
    if ax < 0:
        ax += r
    out = None
    total = 0
    for s in shapes:
        if s.ndims is None:
            total = None
            continue
        if s.ndims != r:
            raise ValueError("Shape must be rank %d but is rank %d for '%s' (op: 'ConcatV2') with input "
                             "shapes: %s." % (r, s.ndims, op.name,
                                              ", ".join(shape_str(t.get_shape()) for t in op._inputs)))
        dims = s.as_list()
        if total is not None:
            total = None if dims[ax] is None else total + dims[ax]
        rest = TensorShape(dims[:ax] + [None] + dims[ax + 1:])
        if out is None:
            out = rest
        else:
            try:
                out = out.merge_with(rest)
            except ValueError:
                raise ValueError(
                    "Dimension %d in both shapes must be equal, but are %s and %s. Shapes are %s and %s."
                    "\n\tFrom merging shape 0 with other shapes. for '%s' (op: 'ConcatV2') with input "
                    "shapes: %s." % (
                        [i for i in range(r) if i != ax and out.as_list()[i] is not None and dims[i] is not
                         None and out.as_list()[i] != dims[i]][0],
                        *[[out.as_list()[i], dims[i]] for i in range(r) if i != ax and out.as_list()[i]
                          is not None and dims[i] is not None and out.as_list()[i] != dims[i]][0],
                        shape_str(shapes[0]), shape_str(s), op.name,
                        ", ".join(shape_str(t.get_shape()) for t in op._inputs))) from None
    dims = out.as_list()
    dims[ax] = total
    return [(dt, TensorShape(dims))]


def _check_concat(op, shapes, ax):
    # TF's ConcatOp checks on the run's shapes, against the first input.
    rank = len(shapes[0])
    if not -rank <= ax < max(rank, 1):
        raise errors.InvalidArgumentError(None, op, "ConcatOp : Expected concatenating dimensions in the "
                                          "range [%d, %d), but got %d" % (-rank, rank, ax))
    first = "[%s]" % ",".join(map(str, shapes[0]))
    for i, sh in enumerate(shapes[1:], 1):
        other = "[%s]" % ",".join(map(str, sh))
        if len(sh) != rank:
            raise errors.InvalidArgumentError(None, op, "ConcatOp : Ranks of all input tensors should match: "
                                              "shape[0] = %s vs. shape[%d] = %s" % (first, i, other))
        if any(a != b for d, (a, b) in enumerate(zip(shapes[0], sh)) if d != ax % rank):
            raise errors.InvalidArgumentError(None, op, "ConcatOp : Dimensions of inputs should match: "
                                              "shape[0] = %s vs. shape[%d] = %s" % (first, i, other))


def _concat_lower(ctx, op, *args):
    ax = static_ints(op, len(args) - 1, args[-1])[0]
    _check_concat(op, [tuple(np.shape(a)) for a in args[:-1]], ax)
    return xp(args[:-1]).concatenate(args[:-1], axis=ax)


registry.register("ConcatV2", _concat_infer, _concat_lower)


def _concat_const(t):
    vals = [constant_value(i) for i in t.op._inputs]
    if any(v is None for v in vals):
        return None
    return np.concatenate(vals[:-1], axis=int(vals[-1]))


register_constant_value("ConcatV2")(_concat_const)


def concat_v2(values, axis, name="concat"):
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        with name_scope(name) as scope:
            convert_to_tensor(axis, dtype=dtypes.int32, name="concat_dim")
            return identity(values[0], name=scope)
    with name_scope(name, "concat", values) as scope:
        # op_def_library names the conversions of a list input's elements "values_<i>".
        xs = [convert_to_tensor(v, name="values_%d" % i) for i, v in enumerate(values)]
        dt = xs[0].dtype.base_dtype
        for i, x in enumerate(xs):
            if x.dtype.base_dtype != dt:
                raise TypeError("Tensors in list passed to 'values' of 'ConcatV2' Op have types [%s] "
                                "that don't all match." % ", ".join(v.dtype.base_dtype.name for v in xs))
        ax = convert_to_tensor(axis, dtype=dtypes.int32, name="axis") if not isinstance(axis, Tensor) else axis
        return op_output("ConcatV2", xs + [ax], {"T": dt, "N": len(xs), "Tidx": ax.dtype.base_dtype},
                         name=scope)


@export("concat")
def concat(values, axis, name="concat"):
    # TF 1.x order only: the pre-1.0 `concat(axis, values)` fails as it did in TF 1.15 (seed002_12).
    return concat_v2(values, axis, name)


export("concat_v2")(concat_v2)


# ----------------------------------------------------------------------------- StridedSlice

def _bits(mask, n):
    return [(mask >> i) & 1 == 1 for i in range(n)]


def slice_index(attrs, begin, end, strides):
    """TF's strided-slice spec as a numpy index tuple (the semantics TF copied from numpy)."""
    n = len(begin)
    bm, em, elm, nam, sam = (_bits(attrs[k], n) for k in (
        "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"))
    idx = []
    for i in range(n):
        if elm[i]:
            idx.append(Ellipsis)
        elif nam[i]:
            idx.append(None)
        elif sam[i]:
            idx.append(int(begin[i]))
        else:
            idx.append(slice(None if bm[i] else int(begin[i]), None if em[i] else int(end[i]),
                             int(strides[i])))
    return tuple(idx)


def _strided_slice_infer(op):
    x = in_shape(op)
    dt = in_dtype(op)
    vals = [constant_value(op._inputs[i]) for i in (1, 2, 3)]
    if x.ndims is None:
        return [(dt, unknown())]
    attrs = op._attrs
    n = int(op._inputs[1].get_shape().as_list()[0]) if op._inputs[1].get_shape().is_fully_defined() else None
    if n is None:
        return [(dt, unknown())]
    bm, em, elm, nam, sam = (_bits(attrs[k], n) for k in (
        "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"))
    dims = x.as_list()
    begin, end, strides = (None if v is None else np.reshape(v, [-1]).tolist() for v in vals)
    consumed = sum(1 for i in range(n) if not elm[i] and not nam[i])
    out = []
    d = 0
    for i in range(n):
        if elm[i]:
            k = len(dims) - consumed
            out.extend(dims[d:d + k])
            d += k
            continue
        if nam[i]:
            out.append(1)
            continue
        if d >= len(dims):
            raise ValueError("Index out of range using input dim %d; input has only %d dims for '%s' "
                             "(op: 'StridedSlice') with input shapes: %s." % (d, len(dims), op.name,
                                                                               shape_str(x)))
        dim = dims[d]
        d += 1
        if sam[i]:
            if begin is not None and dim is not None:
                b = begin[i]
                if b < -dim or b >= dim:
                    raise ValueError("slice index %d of dimension %d out of bounds. for '%s' (op: "
                                     "'StridedSlice') with input shapes: %s and with computed input "
                                     "tensors: %s." % (b, d - 1, op.name, ", ".join(
                                         shape_str(t.get_shape()) for t in op._inputs), ", ".join(
                                         "input[%d] = <%s>" % (k + 1, " ".join(str(int(u)) for u in
                                                                                np.reshape(v, [-1])))
                                         for k, v in enumerate(vals) if v is not None)))
            continue
        if strides is None:
            out.append(None)
            continue
        st = strides[i]
        if st == 0:
            raise ValueError("strides[%d] must be non-zero" % i)
        if dim is None:
            full = bm[i] and em[i] and st in (1, -1)
            out.append(None)
            continue
        if (begin is None and not bm[i]) or (end is None and not em[i]):
            out.append(None)
            continue
        sl = slice(None if bm[i] else begin[i], None if em[i] else end[i], st)
        out.append(len(range(*sl.indices(dim))))
    out.extend(dims[d:])
    return [(dt, TensorShape(out))]


def _partial_ints(t, runtime):
    """A 1-D index input as a list: ints where known (constants, concrete run values, the constant
    elements of a Pack such as `x[i, 1:3]` builds), None where only the traced run knows."""
    import jax
    v = constant_value(t)
    if v is None and not isinstance(runtime, jax.core.Tracer):
        v = np.asarray(runtime)
    if v is not None:
        return [int(d) for d in np.reshape(v, [-1])]
    if t.op.type == "Pack":
        return [None if constant_value(i) is None else int(constant_value(i)) for i in t.op._inputs]
    return None


def _strided_slice_lower(ctx, op, x, b, e, s):
    strides = _partial_ints(op._inputs[3], s)
    begin = _partial_ints(op._inputs[1], b)
    end = _partial_ints(op._inputs[2], e)
    n = len(strides)
    if begin is not None and end is not None and None not in begin and None not in end:
        return x[slice_index(op._attrs, begin, end, strides)]
    # A traced index (e.g. `x[i]`, `x[i, 1:3]` inside a loop or from a placeholder): numpy-style
    # indexing with traced scalars for the shrunk axes; sliced axes need static bounds.
    bm, em, elm, nam, sam = (_bits(op._attrs[k], n) for k in (
        "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"))
    idx = []
    for i in range(n):
        bi = None if begin is None else begin[i]
        ei = None if end is None else end[i]
        if elm[i]:
            idx.append(Ellipsis)
        elif nam[i]:
            idx.append(None)
        elif sam[i]:
            index = bi if bi is not None else b[i]
            if bi is None:
                # TF's shrink-axis index must name an element (negative counts from the end); jnp
                # indexing would clamp it.
                axis = len([j for j in idx if j is not None and j is not Ellipsis])
                d = jnp.shape(x)[axis] if Ellipsis not in idx else None
                if d is not None:
                    ctx.check(op, (index >= -d) & (index < d), lambda v, axis=axis, d=d: (
                        "slice index %d of dimension %d out of bounds." % (int(v) + d if v < 0 else int(v), axis)), index)
            idx.append(index)
        elif (bi is None and not bm[i]) or (ei is None and not em[i]) or strides[i] is None:
            raise errors.UnimplementedError(None, op, "StridedSlice with a computed begin/end that is "
                                                      "not a single index is not supported inside XLA")
        else:
            idx.append(slice(None if bm[i] else bi, None if em[i] else ei, strides[i]))
    return jnp.asarray(x)[tuple(idx)]


registry.register("StridedSlice", _strided_slice_infer, _strided_slice_lower)


def _strided_slice_const(t):
    x, b, e, s = (constant_value(i) for i in t.op._inputs)
    if any(v is None for v in (x, b, e, s)):
        return None
    return np.asarray(x[slice_index(t.op._attrs, np.reshape(b, [-1]), np.reshape(e, [-1]),
                                    np.reshape(s, [-1]))])


register_constant_value("StridedSlice")(_strided_slice_const)


@export("strided_slice")
def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    x = convert_to_tensor(input_)
    if strides is None:
        strides = [1] * (len(begin) if isinstance(begin, (list, tuple)) else 1)
    with name_scope(name, "StridedSlice", [x, begin, end, strides]) as scope:
        b, e, s = (v if isinstance(v, Tensor) else convert_to_tensor(v, dtype=dtypes.int32, name=n)
                   for v, n in ((begin, "begin"), (end, "end"), (strides, "strides")))
        return op_output("StridedSlice", [x, b, e, s], {
            "T": x.dtype.base_dtype, "Index": b.dtype.base_dtype, "begin_mask": begin_mask,
            "end_mask": end_mask, "ellipsis_mask": ellipsis_mask, "new_axis_mask": new_axis_mask,
            "shrink_axis_mask": shrink_axis_mask}, name=scope)


def _is_tensor_index(x):
    return isinstance(x, Tensor)


def slice_helper(tensor, slice_spec, var=None):
    """`tensor[slice_spec]`: TF's `_slice_helper` (same op names: strided_slice/stack, ...)."""
    if isinstance(slice_spec, bool):
        # TF 1.15 takes a bool for an int and packs it into a bool `begin`, which StridedSlice rejects.
        raise TypeError("Value passed to parameter 'begin' has DataType bool not in list of allowed "
                        "values: int32, int64")
    if isinstance(slice_spec, Tensor) and slice_spec.dtype == dtypes.bool:
        raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                        "tf.int32/tf.int64 tensors are valid indices, got %r" % (slice_spec,))
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    index = 0
    new_axis_mask = shrink_axis_mask = begin_mask = end_mask = ellipsis_mask = 0
    for s in slice_spec:
        if isinstance(s, slice):
            for part in (s.start, s.stop, s.step):
                if part is not None and not (isinstance(part, (numbers.Integral, np.integer)) or
                                             isinstance(part, Tensor)):
                    raise TypeError("slice indices must be integers or None or have an __index__ method")
            if s.start is not None:
                begin.append(s.start)
            else:
                begin.append(0)
                begin_mask |= 1 << index
            if s.stop is not None:
                end.append(s.stop)
            else:
                end.append(0)
                end_mask |= 1 << index
            strides.append(s.step if s.step is not None else 1)
        elif s is Ellipsis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            ellipsis_mask |= 1 << index
        elif s is None:
            begin.append(0)
            end.append(0)
            strides.append(1)
            new_axis_mask |= 1 << index
        else:
            if not (isinstance(s, (numbers.Integral, np.integer)) or
                    (isinstance(s, Tensor) and s.dtype.base_dtype.is_integer)):
                raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                                "scalar tf.int32/tf.int64 tensors are valid indices, got %r" % (s,))
            begin.append(s)
            end.append(s + 1 if not isinstance(s, Tensor) else s + 1)
            strides.append(1)
            shrink_axis_mask |= 1 << index
        index += 1
    with name_scope(None, "strided_slice", [tensor] + [v for v in begin + end + strides
                                                        if isinstance(v, Tensor)]) as name:
        if begin:
            packed_begin, packed_end, packed_strides = (stack(begin), stack(end), stack(strides))
        else:
            packed_begin = packed_end = packed_strides = constant([], dtype=dtypes.int32)
        return strided_slice(tensor, packed_begin, packed_end, packed_strides, begin_mask=begin_mask,
                             end_mask=end_mask, shrink_axis_mask=shrink_axis_mask,
                             new_axis_mask=new_axis_mask, ellipsis_mask=ellipsis_mask, var=var, name=name)


Tensor.__getitem__ = slice_helper
from ..api import export_value  # noqa: E402
export_value("newaxis", None)
