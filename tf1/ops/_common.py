"""Shared pieces of op definitions: inference helpers, input conversion with TF's type rules, and
factories for the many ops that differ only in their jax function (elementwise math)."""
import collections

import jax.numpy as jnp
import numpy as np

from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import constant_value

unknown = tensor_shape.unknown_shape
TensorShape = tensor_shape.TensorShape


def in_shape(op, i=0):
    return op._inputs[i].get_shape()


def in_dtype(op, i=0):
    return op._inputs[i].dtype.base_dtype


def same_as_input(i=0):
    return lambda op: [(in_dtype(op, i), in_shape(op, i))]


def shape_of_const(t):
    """A shape given as a tensor (e.g. Reshape's `shape`): TensorShape with unknowns where not static."""
    v = constant_value(t)
    if v is not None:
        return TensorShape([None if int(d) < 0 else int(d) for d in np.reshape(v, [-1])])
    from ..framework.tensor_util import partial_shape_value
    return partial_shape_value(t)


def broadcast_shapes(s1, s2, op=None):
    if s1.ndims is None or s2.ndims is None:
        return unknown()
    d1, d2 = s1.as_list(), s2.as_list()
    n = max(len(d1), len(d2))
    d1 = [1] * (n - len(d1)) + d1
    d2 = [1] * (n - len(d2)) + d2
    out = []
    for a, b in zip(d1, d2):
        if a == 1:
            out.append(b)
        elif b == 1:
            out.append(a)
        elif a is None:
            out.append(b)
        elif b is None:
            out.append(a)
        elif a == b:
            out.append(a)
        else:
            raise ValueError("Dimensions must be equal, but are %d and %d for '%s' (op: '%s') with input "
                             "shapes: %s, %s." % (a, b, op.name if op else "?", op.type if op else "?",
                                                  _shape_str(s1), _shape_str(s2)))
    return TensorShape(out)


def _shape_str(s):
    if s.ndims is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in s.as_list()) + "]"


def shape_str(s):
    return _shape_str(s)


def binary_infer(op):
    return [(in_dtype(op, 0), broadcast_shapes(in_shape(op, 0), in_shape(op, 1), op))]


def compare_infer(op):
    return [(dtypes.bool, broadcast_shapes(in_shape(op, 0), in_shape(op, 1), op))]


def xp(*values):
    """The array module for a lowering: numpy for host string arrays (XLA has no strings), else jnp."""
    for v in values:
        if isinstance(v, np.ndarray) and v.dtype == object:
            return np
        if isinstance(v, (list, tuple)) and any(isinstance(e, np.ndarray) and e.dtype == object for e in v):
            return np
    return jnp


def jdtype(dtype):
    return jnp.dtype(dtypes.as_dtype(dtype).base_dtype.as_numpy_dtype)


def convert_same_type(op_type, values, names):
    """TF's op_def_library rule for inputs sharing a type attr: the first Tensor fixes the type;
    Python values are converted to it; a mismatching Tensor is a TypeError naming both inputs."""
    dtype = None
    first_name = None
    for v, n in zip(values, names):
        if isinstance(v, Tensor) or hasattr(v, "_as_graph_element") and hasattr(v, "dtype"):
            dtype = v.dtype.base_dtype
            first_name = n
            break
    out = []
    for v, n in zip(values, names):
        if dtype is None:
            t = convert_to_tensor(v, name=n)
            dtype, first_name = t.dtype.base_dtype, n
        else:
            if isinstance(v, Tensor) and v.dtype.base_dtype != dtype:
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of "
                                "argument '%s'." % (n, op_type, v.dtype.base_dtype.name, dtype.name, first_name))
            t = convert_to_tensor(v, dtype=dtype, name=n)
        out.append(t)
    return out


def apply_same_type(op_type, values, names, name=None, attrs=None):
    """The common op wrapper: a name scope named after the op, inputs converted inside it."""
    with name_scope(name, op_type, [v for v in values if isinstance(v, Tensor)]) as scope:
        tensors = convert_same_type(op_type, values, names)
        attrs = dict(attrs or {})
        attrs.setdefault("T", tensors[0].dtype.base_dtype)
        return op_output(op_type, tensors, attrs, name=scope)


def register_unary(op_type, fn, differentiable=True, out_dtype=None):
    def infer(op):
        return [(out_dtype or in_dtype(op), in_shape(op))]
    registry.register(op_type, infer, lambda ctx, op, x: fn(x), differentiable=differentiable)


def dims_str(shape):
    """A run-time shape as TF's kernels print it: [2,3]."""
    return "[%s]" % ",".join(str(int(d)) for d in shape)


def check_broadcastable(op, x, y):
    """TF's BCast check on the shapes a run gives (static shapes may have been unknown)."""
    sx, sy = np.shape(x), np.shape(y)
    try:
        np.broadcast_shapes(sx, sy)
    except ValueError:
        raise errors.InvalidArgumentError(None, op, "Incompatible shapes: %s vs. %s" % (dims_str(sx), dims_str(sy))) \
            from None


def register_binary(op_type, fn, compare=False, differentiable=True, check=None):
    """`check(ctx, op, x, y)`: the kernel's run-time checks on the operands (`LowerCtx.check`)."""
    def lower(ctx, op, x, y):
        check_broadcastable(op, x, y)
        if check is not None:
            check(ctx, op, x, y)
        return fn(x, y)
    registry.register(op_type, compare_infer if compare else binary_infer, lower,
                      differentiable=differentiable and not compare)


def unary_fn(op_type):
    def f(x, name=None):
        return apply_same_type(op_type, [x], ["x"], name)
    f.__name__ = op_type.lower()
    return f


def binary_fn(op_type):
    def f(x, y, name=None):
        return apply_same_type(op_type, [x, y], ["x", "y"], name)
    f.__name__ = op_type.lower()
    return f


def axis_list(axis, ndims):
    """Normalises an axis argument (None / int / list, negatives) for a known rank."""
    if axis is None:
        return list(range(ndims))
    axes = np.reshape(np.asarray(axis), [-1]).tolist()
    return sorted({a + ndims if a < 0 else a for a in axes})


_OUTPUT_TUPLES = {}


def output_tuple(op, fields):
    """TF's generated op wrappers return a multi-output op's results as a namedtuple named after the
    op type (`TopKV2(values=..., indices=...)`); Session.run hands back (and prints) that form."""
    cls = _OUTPUT_TUPLES.get(op.type)
    if cls is None:
        cls = _OUTPUT_TUPLES[op.type] = collections.namedtuple(op.type, fields)
    return cls(*op.outputs)
