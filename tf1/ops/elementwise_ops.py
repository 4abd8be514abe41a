"""Elementwise math beyond `math_ops`: inverse trig and hyperbolic functions, the special functions
(lgamma, digamma, erf, igamma, zeta, polygamma, betainc, ...), cross, accumulate_n, where/select,
and the shape/type checking helpers the other math families share (TF's C++ shape-function
messages, in TF 1.15's `for 'name' (op: 'Type') with input shapes: ...` form)."""
import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np

from ..api import _EXPORTS, export
from ..framework import dtypes, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import constant_value
from . import math_ops
from ._common import (TensorShape, binary_infer, broadcast_shapes, convert_same_type, in_dtype, in_shape,
                      shape_str, unknown)

# ------------------------------------------------------------------------- shared helpers

FLOAT = (dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64)
FLOAT_COMPLEX = FLOAT + (dtypes.complex64, dtypes.complex128)
F32_64 = (dtypes.float32, dtypes.float64)
INTS = (dtypes.int32, dtypes.int64)


def shape_error(op, message, computed=None):
    """A shape-function error as TF 1.15 words it (`computed`: {input index: value} appended)."""
    shapes = ", ".join(shape_str(t.get_shape()) for t in op._inputs)
    tail = ""
    if computed:
        tail = " and with computed input tensors: " + ", ".join(
            "input[%d] = <%s>" % (i, " ".join(str(x) for x in np.reshape(v, [-1]))) for i, v in computed.items())
    return ValueError("%s for '%s' (op: '%s') with input shapes: %s%s." % (message, op.name, op.type, shapes, tail))


def merge_shapes(op, s1, s2):
    """The C++ `InferenceContext::Merge` of two shapes, with its error messages."""
    if s1.ndims is None:
        return s2
    if s2.ndims is None:
        return s1
    if s1.ndims != s2.ndims:
        raise shape_error(op, "Shapes must be equal rank, but are %d and %d" % (s1.ndims, s2.ndims))
    out = []
    for i, (a, b) in enumerate(zip(s1.as_list(), s2.as_list())):
        if a is not None and b is not None and a != b:
            raise shape_error(op, "Dimension %d in both shapes must be equal, but are %d and %d. Shapes are "
                                  "%s and %s." % (i, a, b, shape_str(s1), shape_str(s2)))
        out.append(a if a is not None else b)
    return TensorShape(out)


def with_rank(op, shape, rank):
    if shape.ndims is not None and shape.ndims != rank:
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (rank, shape.ndims))
    return shape if shape.ndims is not None else unknown(rank)


def with_rank_at_least(op, shape, rank):
    if shape.ndims is not None and shape.ndims < rank:
        raise shape_error(op, "Shape must be at least rank %d but is rank %d" % (rank, shape.ndims))
    return shape


def check_type(tensor, param, allowed):
    """op_def_library's type-attr check: `Value passed to parameter 'x' has DataType ...`."""
    dt = tensor.dtype.base_dtype
    if dt not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed values: %s"
                        % (param, dt.name, ", ".join(a.name for a in allowed)))
    return dt


def apply_op(op_type, values, names, name=None, allowed=None, attrs=None):
    """A generated op wrapper: name scope after the op type, inputs sharing `T`, type check."""
    with name_scope(name, op_type, [v for v in values if hasattr(v, "dtype")]) as scope:
        tensors = convert_same_type(op_type, values, names)
        if allowed is not None:
            check_type(tensors[0], names[0], allowed)
        attrs = dict(attrs or {})
        attrs.setdefault("T", tensors[0].dtype.base_dtype)
        return op_output(op_type, tensors, attrs, name=scope)


def export_alias(names, fn):
    """Publishes `fn` under the TF names that nothing has published yet (the core owns the others)."""
    for n in names:
        if n not in _EXPORTS:
            export(n)(fn)


# ------------------------------------------------------------------------- unary functions

def _digamma(x):
    return jsp.digamma(x)


_UNARY = {
    # op type: (jax function, allowed dtypes, differentiable)
    "Asin": (jnp.arcsin, FLOAT_COMPLEX), "Acos": (jnp.arccos, FLOAT_COMPLEX),
    "Atan": (jnp.arctan, FLOAT_COMPLEX), "Sinh": (jnp.sinh, FLOAT_COMPLEX),
    "Cosh": (jnp.cosh, FLOAT_COMPLEX), "Asinh": (jnp.arcsinh, FLOAT_COMPLEX),
    "Acosh": (jnp.arccosh, FLOAT_COMPLEX), "Atanh": (jnp.arctanh, FLOAT_COMPLEX),
    "Lgamma": (jsp.gammaln, FLOAT), "Digamma": (_digamma, FLOAT), "Erf": (jsp.erf, FLOAT),
    "Erfc": (jsp.erfc, FLOAT), "Erfinv": (jsp.erfinv, FLOAT), "Ndtri": (jsp.ndtri, FLOAT),
    "BesselI0e": (jsp.i0e, FLOAT), "BesselI1e": (jsp.i1e, FLOAT),
}
for _op_type, (_fn, _allowed) in _UNARY.items():
    registry.register(_op_type, lambda op: [(in_dtype(op), in_shape(op))],
                      (lambda fn: lambda ctx, op, x: fn(x))(_fn))


def _unary(op_type):
    allowed = _UNARY[op_type][1]

    def fn(x, name=None):
        return apply_op(op_type, [x], ["x"], name, allowed)
    fn.__name__ = op_type.lower()
    return fn


def _scoped_unary(op_type, scope_name):
    """TF's Python wrappers that open their own scope around the generated op (`erfinv/Erfinv`)."""
    raw = _unary(op_type)

    def fn(x, name=None):
        with name_scope(name, scope_name, [x]):
            return raw(x)
    fn.__name__ = scope_name
    return fn


for _pub, _op_type in (("asin", "Asin"), ("acos", "Acos"), ("atan", "Atan"), ("sinh", "Sinh"),
                       ("cosh", "Cosh"), ("asinh", "Asinh"), ("acosh", "Acosh"), ("atanh", "Atanh"),
                       ("lgamma", "Lgamma"), ("digamma", "Digamma"), ("erf", "Erf"), ("erfc", "Erfc")):
    globals()[_pub] = export(_pub, "math." + _pub)(_unary(_op_type))
lgamma = _EXPORTS["lgamma"]  # used by lbeta below
erfinv = export("math.erfinv")(_scoped_unary("Erfinv", "erfinv"))
ndtri = export("math.ndtri")(_scoped_unary("Ndtri", "ndtri"))
bessel_i0e = export("math.bessel_i0e")(_scoped_unary("BesselI0e", "bessel_i0e"))
bessel_i1e = export("math.bessel_i1e")(_scoped_unary("BesselI1e", "bessel_i1e"))


# Softplus belongs to the nn family (nn_ops registers it); log_sigmoid builds on it.
from . import nn_ops  # noqa: E402,F401


@export("math.log_sigmoid", "log_sigmoid")
def log_sigmoid(x, name=None):
    with name_scope(name, "LogSigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        sp = op_output("Softplus", [-x], {"T": x.dtype.base_dtype})
        return op_output("Neg", [sp], {"T": x.dtype.base_dtype}, name=scope)


@export("math.lbeta", "lbeta")
def lbeta(x, name=None):
    """log(|Beta(x)|) over the last axis: sum(lgamma(x)) - lgamma(sum(x))."""
    with name_scope(name, "lbeta", [x]):
        x = convert_to_tensor(x, name="x")
        log_prod_gamma_x = math_ops.reduce_sum(lgamma(x), reduction_indices=[-1])
        sum_x = math_ops.reduce_sum(x, axis=[-1])
        log_gamma_sum_x = lgamma(sum_x)
        return log_prod_gamma_x - log_gamma_sum_x


# ------------------------------------------------------------------------ binary functions

def _polygamma(a, x):
    """TF's Polygamma on float orders: digamma for 0, (-1)^(n+1) n! zeta(n+1, x) for integers n > 0,
    NaN for other orders (jax's polygamma only takes integer orders)."""
    n = jnp.round(a)
    safe = jnp.where(n < 1, 2.0, n + 1.0).astype(jnp.result_type(x))
    sign = jnp.where(jnp.mod(n, 2) == 0, -1.0, 1.0)
    val = sign * jnp.exp(jsp.gammaln(n + 1.0)) * jsp.zeta(safe, x)
    val = jnp.where(n == 0, jsp.digamma(x), val)
    return jnp.where((a != n) | (a < 0), jnp.nan, val).astype(jnp.result_type(x))


def _zeta(x, q):
    return jsp.zeta(jax.lax.stop_gradient(x), q)  # TF differentiates Zeta in q only


def _polygamma_op(a, x):
    return _polygamma(jax.lax.stop_gradient(a), x)  # TF differentiates Polygamma in x only


_BINARY = {"Igamma": (jsp.gammainc, "a", "x"), "Igammac": (jsp.gammaincc, "a", "x"),
           "Zeta": (_zeta, "x", "q"), "Polygamma": (_polygamma_op, "a", "x")}
for _op_type, (_fn, _n0, _n1) in _BINARY.items():
    registry.register(_op_type, binary_infer, (lambda fn: lambda ctx, op, a, b: fn(a, b))(_fn))


def _binary(op_type):
    _, n0, n1 = _BINARY[op_type]

    def fn(a, b, name=None):
        return apply_op(op_type, [a, b], [n0, n1], name, F32_64)
    fn.__name__ = op_type.lower()
    return fn


igamma = export("igamma", "math.igamma")(_binary("Igamma"))
igammac = export("igammac", "math.igammac")(_binary("Igammac"))
zeta = export("zeta", "math.zeta")(_binary("Zeta"))
polygamma = export("polygamma", "math.polygamma")(_binary("Polygamma"))


def _betainc_infer(op):
    out = unknown()
    for t in op._inputs:
        s = t.get_shape()
        if s.ndims == 0:
            continue
        out = merge_shapes(op, out, s)
    if out.ndims is None and all(t.get_shape().ndims == 0 for t in op._inputs):
        out = TensorShape([])
    return [(in_dtype(op), out)]


def _betainc_lower(ctx, op, a, b, x):
    # TF has no gradient for a and b (its Betainc gradient returns None there).
    return jsp.betainc(jax.lax.stop_gradient(a), jax.lax.stop_gradient(b), x)


registry.register("Betainc", _betainc_infer, _betainc_lower)


@export("betainc", "math.betainc")
def betainc(a, b, x, name=None):
    return apply_op("Betainc", [a, b, x], ["a", "b", "x"], name, F32_64)


registry.register("MulNoNan", binary_infer,
                  lambda ctx, op, x, y: jnp.where(y == 0, jnp.zeros_like(x * y), x * y))


@export("math.multiply_no_nan")
def multiply_no_nan(x, y, name=None):
    with name_scope(name, "multiply_no_nan", [x, y]) as scope:
        x, y = convert_same_type("MulNoNan", [x, y], ["x", "y"])
        return op_output("MulNoNan", [x, y], {"T": x.dtype.base_dtype}, name=scope)


export("floor_div")(math_ops.floordiv_op)
xlogy = export("math.xlogy")(math_ops.binary_fn("Xlogy"))


@export("math.xdivy")
def xdivy(x, y, name=None):
    with name_scope(name, "xdivy", [x]):
        return apply_op("Xdivy", [x, y], ["x", "y"])


# ----------------------------------------------------------------------------------- Cross

def _cross_infer(op):
    a = with_rank_at_least(op, in_shape(op, 0), 1)
    b = with_rank_at_least(op, in_shape(op, 1), 1)
    s = merge_shapes(op, a, b)
    if s.ndims is not None:
        last = s.as_list()[-1]
        if last is not None and last != 3:
            raise shape_error(op, "Dimension must be 3 but is %d" % last)
    return [(in_dtype(op), s)]


registry.register("Cross", _cross_infer, lambda ctx, op, a, b: jnp.cross(a, b))


@export("cross", "linalg.cross")
def cross(a, b, name=None):
    return apply_op("Cross", [a, b], ["a", "b"], name)


# ---------------------------------------------------------------------------- accumulate_n

@export("accumulate_n", "math.accumulate_n")
def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """TF 1.15: checks like AccumulateNV2, then adds with AddN (the same values, one op)."""
    def input_error():
        return ValueError("inputs must be a list of at least one Tensor with the same dtype and shape")
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise input_error()
    inputs = [convert_to_tensor(x) for x in inputs]
    if not all(x.dtype == inputs[0].dtype for x in inputs):
        raise input_error()
    shape = TensorShape(shape) if shape is not None else unknown()
    for t in inputs:
        shape = shape.merge_with(t.get_shape())
    if tensor_dtype is not None and dtypes.as_dtype(tensor_dtype) != inputs[0].dtype:
        raise TypeError("tensor_dtype is {}, but input is of type {}".format(tensor_dtype, inputs[0].dtype))
    if len(inputs) == 1:
        from .array_ops import identity
        return inputs[0] if name is None else identity(inputs[0], name=name)
    return op_output("AddN", inputs, {"T": inputs[0].dtype.base_dtype, "N": len(inputs)}, name=name or "AddN")


# ------------------------------------------------------------------------- where / select

def _select_infer(op):
    data = merge_shapes(op, in_shape(op, 1), in_shape(op, 2))
    cond = in_shape(op, 0)
    if cond.ndims is None or data.ndims is None:
        return [(in_dtype(op, 1), data)]
    if cond.ndims == 0:
        return [(in_dtype(op, 1), data)]
    if cond.ndims != 1 or data.ndims == 0:
        return [(in_dtype(op, 1), merge_shapes(op, data, cond))]
    merge_shapes(op, cond, TensorShape([data.as_list()[0]]))
    return [(in_dtype(op, 1), data)]


def _where(c, x, y):
    """jnp.where, or numpy's for strings (host values: object arrays of bytes), e.g. the
    `Select` TF's sharded Saver uses to pick a temporary file name."""
    if getattr(x, "dtype", None) == object or getattr(y, "dtype", None) == object:
        return np.where(np.asarray(c), np.asarray(x, object), np.asarray(y, object))
    return jnp.where(c, x, y)


def _select_lower(ctx, op, c, x, y):
    c = jnp.asarray(c) if getattr(x, "dtype", None) != object else np.asarray(c)
    if c.ndim == 1 and np.ndim(x) > 1:
        c = c.reshape((-1,) + (1,) * (np.ndim(x) - 1))  # a vector condition picks whole rows
    return _where(c, x, y)


def _select_v2_infer(op):
    s = broadcast_shapes(in_shape(op, 1), in_shape(op, 2), op)
    return [(in_dtype(op, 1), broadcast_shapes(in_shape(op, 0), s, op))]


def _where_infer(op):
    r = in_shape(op).ndims
    return [(dtypes.int64, TensorShape([None, r]) if r is not None else TensorShape([None, None]))]


registry.register("Select", _select_infer, _select_lower)
registry.register("SelectV2", _select_v2_infer, lambda ctx, op, c, x, y: _where(c, x, y))
# The number of true elements decides the output shape: a host op.
registry.register("Where", _where_infer,
                  lambda ctx, op, c: np.argwhere(np.asarray(c)).astype(np.int64),
                  host=True, differentiable=False)


def _where_one(condition, name):
    with name_scope(name, "Where", [condition]) as scope:
        c = convert_to_tensor(condition, preferred_dtype=dtypes.bool, name="condition")
        return op_output("Where", [c], {"T": c.dtype.base_dtype}, name=scope)


def _select(op_type, condition, x, y, name):
    with name_scope(name, op_type, [condition, x, y]) as scope:
        c = convert_to_tensor(condition, dtype=dtypes.bool, name="condition")
        t, e = convert_same_type(op_type, [x, y], ["t", "e"])
        return op_output(op_type, [c, t, e], {"T": t.dtype.base_dtype}, name=scope)


@export("where")
def where(condition, x=None, y=None, name=None):
    """TF 1.x `where`: coordinates of true elements, or Select (x, y of one shape, or a vector
    condition over their first dimension)."""
    if x is None and y is None:
        return _where_one(condition, name)
    if x is not None and y is not None:
        return _select("Select", condition, x, y, name)
    raise ValueError("x and y must both be non-None or both be None.")


@export("where_v2")
def where_v2(condition, x=None, y=None, name=None):
    """TF 2's broadcasting `where` (SelectV2), published in 1.15 as `tf.where_v2`."""
    if x is None and y is None:
        return _where_one(condition, name)
    if x is not None and y is not None:
        return _select("SelectV2", condition, x, y, name)
    raise ValueError("x and y must both be non-None or both be None.")


# ------------------------------------------------------------------ tf.math.* aliases of core ops

for _names, _fn in ((("math.add",), math_ops.add), (("math.subtract",), math_ops.subtract),
                    (("math.multiply",), math_ops.multiply), (("math.maximum",), math_ops.maximum),
                    (("math.minimum",), math_ops.minimum), (("math.truncatediv",), math_ops.truncatediv),
                    (("math.truncatemod",), math_ops.truncatemod), (("math.mod",), math_ops.floormod),
                    (("math.realdiv",), math_ops.realdiv)):
    export_alias(_names, _fn)
del constant_value


# ----------------------------------------------------------------- small Python composites

@export("math.polyval")
def polyval(coeffs, x, name=None):
    """coeffs[0] * x**(n-1) + ... + coeffs[n-1], by Horner's rule (TF's graph)."""
    if not isinstance(coeffs, list):
        raise ValueError("Argument coeffs must be list type found {}.".format(type(coeffs)))
    with name_scope(name, "polyval", [c for c in coeffs if hasattr(c, "dtype")] + [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if len(coeffs) < 1:
            from .array_ops import zeros_like
            return zeros_like(x, name=scope)
        coeffs = [convert_to_tensor(c, name="coeff_%d" % i) for i, c in enumerate(coeffs)]
        p = coeffs[0]
        for c in coeffs[1:]:
            p = c + p * x
        return p


@export("math.reciprocal_no_nan")
def reciprocal_no_nan(x, name=None):
    with name_scope(name, "reciprocal_no_nan", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        from .array_ops import constant
        one = constant(1, dtype=x.dtype.base_dtype, name="one")
        return op_output("DivNoNan", [one, x], {"T": x.dtype.base_dtype}, name=scope)


def _bessel(scope_name, scaled):
    def fn(x, name=None):
        with name_scope(name, scope_name, [x]):
            return math_ops.exp(math_ops.abs(x)) * scaled(x)
    fn.__name__ = scope_name
    return fn


bessel_i0 = export("math.bessel_i0")(_bessel("bessel_i0", bessel_i0e))
bessel_i1 = export("math.bessel_i1")(_bessel("bessel_i1", bessel_i1e))
# TF 1.15: one function behind both names (math_ops.div_no_nan), scope "div_no_nan".
@export("math.divide_no_nan", "div_no_nan")
def divide_no_nan(x, y, name=None):
    with name_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        return op_output("DivNoNan", [x, y], {"T": x.dtype.base_dtype}, name=scope)
