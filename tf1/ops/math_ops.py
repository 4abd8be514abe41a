"""Core math: elementwise arithmetic and comparisons, Tensor operator overloads, cast, matmul,
range, add_n, reductions and argmax/argmin."""
import operator

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework.deprecation import deprecated_argument_lookup
from ..framework import dtypes, errors, registry
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import constant_value, register_constant_value
from ..platform import tf_logging as logging
from . import array_ops
from ._common import (TensorShape, apply_same_type, binary_fn, convert_same_type, in_dtype, in_shape,
                      dims_str, register_binary, register_unary, shape_str, unary_fn, unknown)


# ------------------------------------------------------------------------ elementwise kernels

def _floordiv(x, y):
    if jnp.issubdtype(jnp.result_type(x), jnp.integer):
        return jnp.floor_divide(x, y)
    return jnp.floor(x / y)


def _truncdiv(x, y):
    """TF's Div on integers truncates toward zero (C semantics); on floats it divides."""
    if jnp.issubdtype(jnp.result_type(x), jnp.integer):
        q = jnp.abs(x) // jnp.abs(y)
        return jnp.where((x < 0) != (y < 0), -q, q).astype(jnp.result_type(x))
    return x / y


def _pow(x, y):
    return jnp.power(x, y)


def _add(x, y):
    """Add also joins strings (host values: object arrays of bytes)."""
    if getattr(x, "dtype", None) == object or isinstance(x, (bytes, str)):
        return np.frompyfunc(operator.add, 2, 1)(x, y)
    return jnp.add(x, y)


_BINARY = {
    "Add": _add, "AddV2": jnp.add, "Sub": jnp.subtract, "Mul": jnp.multiply,
    "RealDiv": jnp.true_divide, "Div": _truncdiv, "FloorDiv": _floordiv, "FloorMod": jnp.mod,
    "TruncateDiv": _truncdiv, "TruncateMod": jnp.fmod, "Pow": _pow, "Maximum": jnp.maximum,
    "Minimum": jnp.minimum, "SquaredDifference": lambda x, y: jnp.square(x - y),
    "DivNoNan": lambda x, y: jnp.where(y == 0, jnp.zeros_like(x), x / jnp.where(y == 0, 1, y)),
    "Atan2": jnp.arctan2, "Xdivy": lambda x, y: jnp.where(x == 0, 0., x / y),
    "Xlogy": lambda x, y: jnp.where(x == 0, 0., x * jnp.log(y)),
}


def _string_aware(jfn, npfn):
    """Equal/NotEqual also compare strings (host values: object arrays of bytes)."""
    def fn(x, y):
        if getattr(x, "dtype", None) == object or isinstance(x, (bytes, str)):
            return np.asarray(npfn(np.asarray(x, dtype=object), np.asarray(y, dtype=object)), dtype=bool)
        return jfn(x, y)
    return fn


_COMPARE = {
    "Less": jnp.less, "LessEqual": jnp.less_equal, "Greater": jnp.greater,
    "GreaterEqual": jnp.greater_equal, "Equal": _string_aware(jnp.equal, np.equal),
    "NotEqual": _string_aware(jnp.not_equal, np.not_equal),
    "LogicalAnd": jnp.logical_and, "LogicalOr": jnp.logical_or,
}
_UNARY = {
    "Neg": jnp.negative, "Abs": jnp.abs, "Exp": jnp.exp, "Log": jnp.log, "Sqrt": jnp.sqrt,
    "Rsqrt": jax.lax.rsqrt, "Square": jnp.square, "Sign": jnp.sign, "Floor": jnp.floor,
    "Ceil": jnp.ceil, "Round": jnp.round, "Rint": jnp.rint, "Reciprocal": jnp.reciprocal,
    "Inv": jnp.reciprocal, "Log1p": jnp.log1p, "Expm1": jnp.expm1, "Sigmoid": jax.nn.sigmoid,
    "Tanh": jnp.tanh, "Sin": jnp.sin, "Cos": jnp.cos, "Tan": jnp.tan,
}
# TF 1.15's math_grad.py: these gradients return None (Sign's returns zeros, as JAX's does).
_NON_DIFFERENTIABLE = {"Floor", "Ceil", "Round", "Rint", "FloorDiv", "TruncateDiv"}
_NO_GRADIENT = {"TruncateMod"}  # no gradient registered: tf.gradients raises LookupError

_INT_DIVISIONS = {"Div", "FloorDiv", "FloorMod", "TruncateDiv", "TruncateMod"}


def _check_int_division(ctx, op, x, y):
    # TF's CPU kernels reject an integer division by zero; XLA would give a value.
    if getattr(y, "dtype", None) != object and jnp.issubdtype(jnp.result_type(y), jnp.integer) and jnp.size(y):
        ctx.check(op, jnp.all(jnp.asarray(y) != 0), lambda: "Integer division by zero")


for _name, _fn in _BINARY.items():
    register_binary(_name, _fn, differentiable=None if _name in _NO_GRADIENT else _name not in _NON_DIFFERENTIABLE,
                    check=_check_int_division if _name in _INT_DIVISIONS else None)
for _name, _fn in _COMPARE.items():
    register_binary(_name, _fn, compare=True)
for _name, _fn in _UNARY.items():
    register_unary(_name, _fn, differentiable=_name not in _NON_DIFFERENTIABLE)
register_unary("LogicalNot", jnp.logical_not, differentiable=False, out_dtype=dtypes.bool)
for _name in ("IsNan", "IsInf", "IsFinite"):
    register_unary(_name, {"IsNan": jnp.isnan, "IsInf": jnp.isinf, "IsFinite": jnp.isfinite}[_name],
                   differentiable=False, out_dtype=dtypes.bool)


def _elementwise_const(fn):
    def rule(t):
        vals = [constant_value(i) for i in t.op._inputs]
        if any(v is None for v in vals):
            return None
        return np.asarray(fn(*vals)).astype(t.dtype.as_numpy_dtype)
    return rule


for _name, _fn in {"Add": np.add, "AddV2": np.add, "Sub": np.subtract, "Mul": np.multiply,
                   "FloorDiv": np.floor_divide, "Maximum": np.maximum, "Minimum": np.minimum,
                   "Neg": np.negative}.items():
    register_constant_value(_name)(_elementwise_const(_fn))


# ------------------------------------------------------------------------------ op functions

add = export("add")(binary_fn("Add"))
subtract = export("subtract", "math.subtract")(binary_fn("Sub"))
multiply = export("multiply", "math.multiply")(binary_fn("Mul"))
maximum = export("maximum")(binary_fn("Maximum"))
minimum = export("minimum")(binary_fn("Minimum"))
squared_difference = export("squared_difference", "math.squared_difference")(binary_fn("SquaredDifference"))
realdiv = export("realdiv")(binary_fn("RealDiv"))
floordiv_op = binary_fn("FloorDiv")
floormod = export("floormod", "mod", "math.floormod")(binary_fn("FloorMod"))
truncatediv = export("truncatediv")(binary_fn("TruncateDiv"))
truncatemod = export("truncatemod")(binary_fn("TruncateMod"))
atan2 = export("atan2", "math.atan2")(binary_fn("Atan2"))
less = export("less", "math.less")(binary_fn("Less"))
less_equal = export("less_equal", "math.less_equal")(binary_fn("LessEqual"))
greater = export("greater", "math.greater")(binary_fn("Greater"))
greater_equal = export("greater_equal", "math.greater_equal")(binary_fn("GreaterEqual"))
logical_and = export("logical_and", "math.logical_and")(binary_fn("LogicalAnd"))
logical_or = export("logical_or", "math.logical_or")(binary_fn("LogicalOr"))


@export("equal", "math.equal")
def equal(x, y, name=None):
    return apply_same_type("Equal", [x, y], ["x", "y"], name, {"incompatible_shape_error": True})


@export("not_equal", "math.not_equal")
def not_equal(x, y, name=None):
    return apply_same_type("NotEqual", [x, y], ["x", "y"], name, {"incompatible_shape_error": True})


@export("logical_xor", "math.logical_xor")
def logical_xor(x, y, name="LogicalXor"):
    with name_scope(name, "LogicalXor", [x, y]) as scope:
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=scope)


for _name, _op in (("negative", "Neg"), ("exp", "Exp"), ("log", "Log"),
                   ("sqrt", "Sqrt"), ("rsqrt", "Rsqrt"), ("square", "Square"), ("sign", "Sign"),
                   ("floor", "Floor"), ("ceil", "Ceil"), ("round", "Round"), ("rint", "Rint"),
                   ("reciprocal", "Reciprocal"), ("log1p", "Log1p"), ("expm1", "Expm1"),
                   ("sigmoid", "Sigmoid"), ("tanh", "Tanh"), ("sin", "Sin"), ("cos", "Cos"),
                   ("tan", "Tan"), ("logical_not", "LogicalNot"), ("is_nan", "IsNan"),
                   ("is_inf", "IsInf"), ("is_finite", "IsFinite")):
    export(_name, "math." + _name)(unary_fn(_op))
negative = unary_fn("Neg")
logical_not = unary_fn("LogicalNot")
sigmoid = unary_fn("Sigmoid")
tanh = unary_fn("Tanh")
log = unary_fn("Log")
exp = unary_fn("Exp")
sqrt = unary_fn("Sqrt")
square = unary_fn("Square")
export("nn.sigmoid")(sigmoid)
export("nn.tanh")(tanh)


@export("abs", "math.abs")
def abs(x, name=None):  # noqa: A001
    with name_scope(name, "Abs", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            return op_output("ComplexAbs", [x], {"T": x.dtype.base_dtype,
                                                 "Tout": x.dtype.real_dtype}, name=scope)
        return op_output("Abs", [x], {"T": x.dtype.base_dtype}, name=scope)


def _truediv_cast(x, y, scope_name):
    """TF's `_truediv_python3`: integer operands are cast to float first."""
    x, y = convert_same_type("RealDiv", [x, y], ["x", "y"])
    dt = x.dtype.base_dtype
    casts = {dtypes.int8: dtypes.float32, dtypes.uint8: dtypes.float32, dtypes.int16: dtypes.float32,
             dtypes.uint16: dtypes.float32, dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64}
    if dt in casts:
        x = cast(x, casts[dt])
        y = cast(y, casts[dt])
    return op_output("RealDiv", [x, y], {"T": x.dtype.base_dtype}, name=scope_name)


@export("truediv", "math.truediv")
def truediv(x, y, name=None):
    with name_scope(name, "truediv", [x, y]) as scope:
        return _truediv_cast(x, y, scope)


@export("divide", "math.divide")
def divide(x, y, name=None):
    """TF: with a name, `truediv(x, y, name)`; without, plain `x / y` (Python values stay Python)."""
    if name is not None:
        return truediv(x, y, name=name)
    return x / y


@export("div")
def div(x, y, name=None):
    # TF 1.15 `@deprecation.deprecated` on math_ops.div: warned once, naming the caller (also TF's own
    # callers such as embedding_lookup_sparse); the Python-2 `__div__` overload goes through `_div`.
    logging._warn_deprecated("div", "tensorflow.python.ops.math_ops",
                             "Deprecated in favor of operator or tf.math.divide.", depth=2)
    return _div(x, y, name)


def _div(x, y, name=None):
    with name_scope(name, "div", [x, y]) as scope:
        x, y = convert_same_type("Div", [x, y], ["x", "y"])
        op = "FloorDiv" if x.dtype.is_integer else "RealDiv"
        return op_output(op, [x, y], {"T": x.dtype.base_dtype}, name=scope)


@export("floordiv", "math.floordiv")
def floordiv(x, y, name=None):
    with name_scope(name, "floordiv", [x, y]) as scope:
        x, y = convert_same_type("FloorDiv", [x, y], ["x", "y"])
        return op_output("FloorDiv", [x, y], {"T": x.dtype.base_dtype}, name=scope)


@export("pow", "math.pow")
def pow(x, y, name=None):  # noqa: A001
    with name_scope(name, "Pow", [x]) as scope:
        x, y = convert_same_type("Pow", [x, y], ["x", "y"])
        return op_output("Pow", [x, y], {"T": x.dtype.base_dtype}, name=scope)


@export("scalar_mul", "math.scalar_mul")
def scalar_mul(scalar, x, name=None):
    with name_scope(name, "scalar_mul", [scalar, x]) as scope:
        return multiply(scalar, x, name=scope)


# -------------------------------------------------------------------------- operator overloads

def _simple(op_type):
    def apply(x, y, scope):
        x, y = convert_same_type(op_type, [x, y], ["x", "y"])
        return op_output(op_type, [x, y], {"T": x.dtype.base_dtype}, name=scope)
    return apply


def _binop_python(scope_name, apply):
    """TF's `binary_op_wrapper`: scope named e.g. "add" (lower case), the op takes the scope's name."""
    def forward(x, y):
        with name_scope(None, scope_name, [x, y]) as scope:
            if not isinstance(y, Tensor):
                try:
                    y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
                except TypeError as e:
                    raise e
            return apply(x, y, scope)

    def reverse(y, x):
        with name_scope(None, scope_name, [x, y]) as scope:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return apply(x, y, scope)
    return forward, reverse


def _logical(op_type):
    def apply(x, y, scope):
        x, y = convert_same_type(op_type, [x, y], ["x", "y"])
        if x.dtype.base_dtype != dtypes.bool:
            raise TypeError("Value passed to parameter 'x' has DataType %s not in list of allowed values: "
                            "bool" % x.dtype.base_dtype.name)
        return op_output(op_type, [x, y], {}, name=scope)
    return apply


def _xor(x, y, scope):
    return logical_xor(x, y, name=scope)


def _add_operator(x, y, scope):
    """TF 1.15's `_add_dispatch`: `+` builds AddV2 (its forward-compatibility horizon, 2019-08-21, is
    past the 2019-06-25 switch), except on strings, which keep Add. `tf.add` is always Add."""
    x, y = convert_same_type("AddV2", [x, y], ["x", "y"])
    op_type = "Add" if x.dtype.base_dtype == dtypes.string else "AddV2"
    return op_output(op_type, [x, y], {"T": x.dtype.base_dtype}, name=scope)


_OVERLOADS = {
    "add": ("add", _add_operator), "sub": ("sub", _simple("Sub")), "mul": ("mul", _simple("Mul")),
    "truediv": ("truediv", _truediv_cast), "div": ("div", lambda x, y, s: _div(x, y, name=s)),
    "floordiv": ("floordiv", _simple("FloorDiv")), "mod": ("mod", _simple("FloorMod")),
    "pow": ("pow", _simple("Pow")), "and": ("and", _logical("LogicalAnd")),
    "or": ("or", _logical("LogicalOr")), "xor": ("xor", _xor),
    "matmul": ("matmul", lambda x, y, s: matmul(x, y, name=s)),
}
for _py, (_scope, _apply) in _OVERLOADS.items():
    _f, _r = _binop_python(_scope, _apply)
    setattr(Tensor, "__%s__" % _py, _f)
    setattr(Tensor, "__r%s__" % _py, _r)
for _py, _fn in (("lt", less), ("le", less_equal), ("gt", greater), ("ge", greater_equal)):
    setattr(Tensor, "__%s__" % _py, (lambda fn: lambda self, other: fn(self, other))(_fn))
Tensor.__neg__ = lambda self: negative(self)
Tensor.__abs__ = lambda self: abs(self)
Tensor.__invert__ = lambda self: logical_not(self)


# ----------------------------------------------------------------------------------- Cast

def _cast_lower(ctx, op, x):
    dst = op._attrs["DstT"]
    if dst == dtypes.string or op._attrs["SrcT"] == dtypes.string:
        return np.asarray(x).astype(dst.as_numpy_dtype)
    if dst.is_bool:
        return x != 0
    if op._attrs["SrcT"].is_complex and not dst.is_complex:
        x = jnp.real(x)
    return jnp.asarray(x).astype(dst.as_numpy_dtype)


def _cast_differentiable(op):
    # TF's _CastGrad passes the gradient only between float/complex types (None otherwise).
    return all(op._attrs[k].is_floating or op._attrs[k].is_complex for k in ("SrcT", "DstT"))


registry.register("Cast", lambda op: [(op._attrs["DstT"], in_shape(op))], _cast_lower,
                  differentiable=_cast_differentiable)


def _cast_const(t):
    v = constant_value(t.op._inputs[0])
    return None if v is None else np.asarray(v).astype(t.dtype.as_numpy_dtype)


register_constant_value("Cast")(_cast_const)


@export("cast", "dtypes.cast")
def cast(x, dtype, name=None):
    base = dtypes.as_dtype(dtype).base_dtype
    if isinstance(x, Tensor) and x.dtype.base_dtype == base:
        return x
    if hasattr(x, "indices") and hasattr(x, "dense_shape"):
        from ..framework.sparse import SparseTensor
        return SparseTensor(x.indices, cast(x.values, dtype), x.dense_shape)
    with name_scope(name, "Cast", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype == base:
            return x
        return op_output("Cast", [x], {"SrcT": x.dtype.base_dtype, "DstT": base, "Truncate": False},
                         name=scope)


for _fname, _dt, _default in (("to_float", dtypes.float32, "ToFloat"), ("to_double", dtypes.float64, "ToDouble"),
                              ("to_int32", dtypes.int32, "ToInt32"), ("to_int64", dtypes.int64, "ToInt64"),
                              ("to_bfloat16", dtypes.bfloat16, "ToBFloat16")):
    export(_fname)((lambda dt, dn: lambda x, name=dn: cast(x, dt, name=name))(_dt, _default))


@export("saturate_cast", "dtypes.saturate_cast")
def saturate_cast(value, dtype, name=None):
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "saturate_cast", [value]) as scope:
        value = convert_to_tensor(value, name="value")
        if value.dtype.min < dtype.min:
            value = maximum(value, convert_to_tensor(dtype.min, dtype=value.dtype, name="min"))
        if value.dtype.max > dtype.max:
            value = minimum(value, convert_to_tensor(dtype.max, dtype=value.dtype, name="max"))
        return cast(value, dtype, name=scope)


# ---------------------------------------------------------------------------------- MatMul

def _matmul_infer(op):
    a, b = in_shape(op, 0), in_shape(op, 1)
    ta, tb = op._attrs.get("transpose_a", False), op._attrs.get("transpose_b", False)
    for s in (a, b):
        if s.ndims is not None and s.ndims != 2:
            raise ValueError("Shape must be rank 2 but is rank %d for '%s' (op: 'MatMul') with input "
                             "shapes: %s, %s." % (s.ndims, op.name, shape_str(a), shape_str(b)))
    if a.ndims is None or b.ndims is None:
        m = a.as_list()[1 if ta else 0] if a.ndims else None
        n = b.as_list()[0 if tb else 1] if b.ndims else None
        return [(in_dtype(op), TensorShape([m, n]))]
    a_dims, b_dims = a.as_list(), b.as_list()
    m, k1 = (a_dims[1], a_dims[0]) if ta else (a_dims[0], a_dims[1])
    k2, n = (b_dims[1], b_dims[0]) if tb else (b_dims[0], b_dims[1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ValueError("Dimensions must be equal, but are %d and %d for '%s' (op: 'MatMul') with "
                         "input shapes: %s, %s." % (k1, k2, op.name, shape_str(a), shape_str(b)))
    return [(in_dtype(op), TensorShape([m, n]))]


def _matmul_lower(ctx, op, a, b):
    ka = np.shape(a)[0 if op._attrs.get("transpose_a") else 1]
    kb = np.shape(b)[1 if op._attrs.get("transpose_b") else 0]
    if ka != kb:
        raise errors.InvalidArgumentError(None, op, "Matrix size-incompatible: In[0]: %s, In[1]: %s"
                                          % (dims_str(np.shape(a)), dims_str(np.shape(b))))
    if op._attrs.get("transpose_a"):
        a = a.T
    if op._attrs.get("transpose_b"):
        b = b.T
    return jnp.matmul(a, b, preferred_element_type=a.dtype)


registry.register("MatMul", _matmul_infer, _matmul_lower)


def _batch_matmul_infer(op):
    a, b = in_shape(op, 0), in_shape(op, 1)
    if a.ndims is None or b.ndims is None:
        return [(in_dtype(op), unknown())]
    aa, bb = a.as_list(), b.as_list()
    if op._attrs.get("adj_x"):
        aa[-2], aa[-1] = aa[-1], aa[-2]
    if op._attrs.get("adj_y"):
        bb[-2], bb[-1] = bb[-1], bb[-2]
    if aa[-1] is not None and bb[-2] is not None and aa[-1] != bb[-2]:
        raise ValueError("Dimensions must be equal, but are %d and %d for '%s' (op: '%s') with input "
                         "shapes: %s, %s." % (aa[-1], bb[-2], op.name, op.type, shape_str(a), shape_str(b)))
    from ._common import broadcast_shapes
    batch = broadcast_shapes(TensorShape(aa[:-2]), TensorShape(bb[:-2]), op)
    return [(in_dtype(op), batch.concatenate([aa[-2], bb[-1]]))]


def _batch_matmul_lower(ctx, op, a, b):
    sa, sb = np.shape(a), np.shape(b)
    try:
        np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        raise errors.InvalidArgumentError(None, op, "In[0] and In[1] must have compatible batch dimensions: "
                                          "%s vs. %s" % (dims_str(sa), dims_str(sb))) from None
    ka = sa[-2] if op._attrs.get("adj_x") else sa[-1]
    kb = sb[-1] if op._attrs.get("adj_y") else sb[-2]
    if ka != kb:
        raise errors.InvalidArgumentError(None, op, "In[0] mismatch In[1] shape: %d vs. %d: %s %s %d %d" % (
            ka, kb, dims_str(sa), dims_str(sb), bool(op._attrs.get("adj_x")), bool(op._attrs.get("adj_y"))))
    if op._attrs.get("adj_x"):
        a = jnp.conj(jnp.swapaxes(a, -1, -2))
    if op._attrs.get("adj_y"):
        b = jnp.conj(jnp.swapaxes(b, -1, -2))
    return jnp.matmul(a, b)


registry.register("BatchMatMulV2", _batch_matmul_infer, _batch_matmul_lower)
registry.register("BatchMatMul", _batch_matmul_infer, _batch_matmul_lower)


@export("matmul", "linalg.matmul")
def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    with name_scope(name, "MatMul", [a, b]) as scope:
        if transpose_a and adjoint_a:
            raise ValueError("Only one of transpose_a and adjoint_a can be True.")
        if transpose_b and adjoint_b:
            raise ValueError("Only one of transpose_b and adjoint_b can be True.")
        a, b = convert_same_type("MatMul", [a, b], ["a", "b"])
        ra, rb = a.get_shape().ndims, b.get_shape().ndims
        if (ra is None or ra > 2) or (rb is None or rb > 2):
            return op_output("BatchMatMulV2", [a, b], {"T": a.dtype.base_dtype,
                                                       "adj_x": bool(transpose_a or adjoint_a),
                                                       "adj_y": bool(transpose_b or adjoint_b)}, name=scope)
        if a.dtype.is_complex:
            if adjoint_a:
                a = conj(a)
            if adjoint_b:
                b = conj(b)
        return op_output("MatMul", [a, b], {"T": a.dtype.base_dtype,
                                            "transpose_a": bool(transpose_a or adjoint_a),
                                            "transpose_b": bool(transpose_b or adjoint_b)}, name=scope)


registry.register("Conj", lambda op: [(in_dtype(op), in_shape(op))], lambda ctx, op, x: jnp.conj(x))


@export("conj", "math.conj")
def conj(x, name=None):
    x = convert_to_tensor(x)
    if not x.dtype.is_complex:
        return x
    return op_output("Conj", [x], {"T": x.dtype.base_dtype}, name=name or "Conj")


# ------------------------------------------------------------------------------ Range, AddN

def _range_infer(op):
    vals = [constant_value(t) for t in op._inputs]
    if all(v is not None for v in vals):
        start, limit, delta = (v.item() for v in vals)
        if delta == 0:
            raise ValueError("Requires delta != 0: %s" % delta)
        n = max(0, int(np.ceil((limit - start) / delta)))
        return [(in_dtype(op), TensorShape([n]))]
    return [(in_dtype(op), TensorShape([None]))]


def _range_lower(ctx, op, start, limit, delta):
    dt = in_dtype(op).as_numpy_dtype
    start, limit, delta = (np.asarray(v).item() for v in (start, limit, delta))
    # TF's RangeOp checks (values fed at run time reach here as compiled-in constants).
    num = lambda v: "%g" % v  # noqa: E731  (StrCat's number form)
    if delta == 0:
        raise errors.InvalidArgumentError(None, op, "Requires delta != 0: %s" % num(delta))
    if delta > 0 and start > limit:
        raise errors.InvalidArgumentError(None, op, "Requires start <= limit when delta > 0: %s/%s"
                                          % (num(start), num(limit)))
    if delta < 0 and start < limit:
        raise errors.InvalidArgumentError(None, op, "Requires start >= limit when delta < 0: %s/%s"
                                          % (num(start), num(limit)))
    return jnp.arange(start, limit, delta, dtype=dt)


registry.register("Range", _range_infer, _range_lower, differentiable=False)  # TF: NotDifferentiable
register_constant_value("Range")(lambda t: np.arange(*[constant_value(i).item() for i in t.op._inputs],
                                                     dtype=t.dtype.as_numpy_dtype)
                                 if all(constant_value(i) is not None for i in t.op._inputs) else None)


@export("range")
def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001
    if limit is None:
        start, limit = 0, start
    with name_scope(name, "Range", [start, limit, delta]) as scope:
        s = convert_to_tensor(start, dtype=dtype, name="start")
        l_ = convert_to_tensor(limit, dtype=dtype, name="limit")
        d = convert_to_tensor(delta, dtype=dtype, name="delta")
        if dtype is None:
            order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]
            inferred = max((t.dtype.base_dtype for t in (s, l_, d)), key=order.index)
            s, l_, d = (cast(t, inferred) for t in (s, l_, d))
        return op_output("Range", [s, l_, d], {"Tidx": s.dtype.base_dtype}, name=scope)


def _addn_infer(op):
    shp = unknown()
    for t in op._inputs:
        shp = shp.merge_with(t.get_shape())
    return [(in_dtype(op), shp)]


def _addn_lower(ctx, op, *xs):
    out = xs[0]
    for x in xs[1:]:
        out = out + x
    return out


registry.register("AddN", _addn_infer, _addn_lower)


@export("add_n", "math.add_n")
def add_n(inputs, name=None):
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the same "
                         "dtype and shape")
    xs = [convert_to_tensor(x) for x in inputs]
    if len(xs) == 1:
        return array_ops.identity(xs[0], name=name) if name else xs[0]
    return op_output("AddN", xs, {"T": xs[0].dtype.base_dtype, "N": len(xs)}, name=name or "AddN")


# ----------------------------------------------------------------------------- Reductions

def _reduce_infer(op):
    x = in_shape(op)
    dt = dtypes.bool if op.type in ("All", "Any") else in_dtype(op)
    keep = op._attrs.get("keep_dims", False)
    axes = constant_value(op._inputs[1])
    if x.ndims is None:
        return [(dt, unknown())]
    if axes is None:
        return [(dt, unknown(x.ndims) if keep else unknown())]
    n = x.ndims
    axes = [int(a) for a in np.reshape(axes, [-1])]
    for a in axes:
        if a < -n or a >= n:
            raise ValueError("Invalid reduction dimension %d for input with %d dimensions. for '%s' (op: "
                             "'%s') with input shapes: %s, [%d] and with computed input tensors: "
                             "input[1] = <%s>." % (a, n, op.name, op.type, shape_str(x), len(axes),
                                                   " ".join(str(v) for v in axes)))
    axes = {a + n if a < 0 else a for a in axes}
    dims = x.as_list()
    out = [(1 if i in axes else d) for i, d in enumerate(dims)] if keep else \
        [d for i, d in enumerate(dims) if i not in axes]
    return [(dt, TensorShape(out))]


def _mean(x, axis, keepdims):
    if jnp.issubdtype(x.dtype, jnp.integer):
        n = np.prod([x.shape[a] for a in axis]) if axis else 1
        s = jnp.sum(x, axis=axis, keepdims=keepdims)
        q = jnp.abs(s) // max(int(n), 1)
        return jnp.where(s < 0, -q, q).astype(x.dtype)
    return jnp.mean(x, axis=axis, keepdims=keepdims)


def _sum(x, axis, keepdims):
    return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _prod(x, axis, keepdims):
    return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


_REDUCERS = {"Sum": _sum, "Mean": _mean, "Max": jnp.max, "Min": jnp.min, "Prod": _prod,
             "All": jnp.all, "Any": jnp.any}


def _reduce_lowering(fn):
    def lower(ctx, op, x, axes):
        r = jnp.ndim(x)
        given = array_ops.static_ints(op, 1, axes)
        for a in given:
            if not -r <= a < r:
                raise errors.InvalidArgumentError(None, op, "Invalid reduction dimension (%d for input with %d "
                                                  "dimension(s)" % (a, r))
        ax = tuple(sorted({a + r if a < 0 else a for a in given}))
        return fn(x, axis=ax, keepdims=bool(op._attrs.get("keep_dims", False)))
    return lower


for _name, _fn in _REDUCERS.items():
    registry.register(_name, _reduce_infer, _reduce_lowering(_fn),
                      differentiable=_name not in ("All", "Any"))


def reduction_dims(x, axis):
    """TF's `_ReductionDims`: all axes as a constant when the rank is known, else a Range."""
    if axis is not None:
        return axis if isinstance(axis, Tensor) else convert_to_tensor(axis, dtype=dtypes.int32)
    r = x.get_shape().ndims
    if r is not None:
        return array_ops.constant(np.arange(r, dtype=np.int32), dtype=dtypes.int32)
    return range(0, array_ops.rank(x), 1)


def reduction_args(axis, reduction_indices, keepdims, keep_dims):
    """TF 1.x's deprecated-argument rules shared by every reduce_*: (axis, keepdims)."""
    axis = deprecated_argument_lookup("axis", axis, "reduction_indices", reduction_indices)
    keepdims = deprecated_argument_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    return axis, bool(keepdims)


def _reduction(op_type, default_name):
    def reduce_fn(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                  keep_dims=None):
        axis, keepdims = reduction_args(axis, reduction_indices, keepdims, keep_dims)
        x = convert_to_tensor(input_tensor)
        if op_type in ("All", "Any") and x.dtype.base_dtype != dtypes.bool:
            raise TypeError("Value passed to parameter 'input' has DataType %s not in list of allowed "
                            "values: bool" % x.dtype.base_dtype.name)
        if axis is None or isinstance(axis, Tensor):
            dims = reduction_dims(x, axis)
            return op_output(op_type, [x, dims], {"T": x.dtype.base_dtype, "Tidx": dims.dtype.base_dtype,
                                                  "keep_dims": keepdims}, name=name or default_name)
        # A Python axis is converted by the generated op wrapper, inside the op's own scope:
        # TF names it `Sum/reduction_indices`.
        with name_scope(name, default_name, [x]) as scope:
            dims = convert_to_tensor(axis, preferred_dtype=dtypes.int32, name="reduction_indices")
            return op_output(op_type, [x, dims], {"T": x.dtype.base_dtype, "Tidx": dims.dtype.base_dtype,
                                                  "keep_dims": keepdims}, name=scope)
    reduce_fn.__name__ = "reduce_" + default_name.lower()
    return reduce_fn


reduce_sum = export("reduce_sum", "math.reduce_sum")(_reduction("Sum", "Sum"))
reduce_mean = export("reduce_mean", "math.reduce_mean")(_reduction("Mean", "Mean"))
reduce_max = export("reduce_max", "math.reduce_max")(_reduction("Max", "Max"))
reduce_min = export("reduce_min", "math.reduce_min")(_reduction("Min", "Min"))
reduce_prod = export("reduce_prod", "math.reduce_prod")(_reduction("Prod", "Prod"))
reduce_all = export("reduce_all", "math.reduce_all")(_reduction("All", "All"))
reduce_any = export("reduce_any", "math.reduce_any")(_reduction("Any", "Any"))


# ------------------------------------------------------------------------------- ArgMax/Min

def _arg_infer(op):
    x = in_shape(op)
    dt = op._attrs.get("output_type", dtypes.int64)
    ax = constant_value(op._inputs[1])
    if x.ndims is None or ax is None:
        return [(dt, unknown() if x.ndims is None else unknown(x.ndims - 1))]
    ax = int(ax)
    if ax < -x.ndims or ax >= x.ndims:
        raise ValueError("Expected dimension in the range [%d, %d), but got %d for '%s' (op: '%s') "
                         "with input shapes: %s, [] and with computed input tensors: input[1] = <%d>."
                         % (-x.ndims, x.ndims, ax, op.name, op.type, shape_str(x), ax))
    dims = x.as_list()
    del dims[ax % x.ndims]
    return [(dt, TensorShape(dims))]


def _arg_lowering(fn):
    def lower(ctx, op, x, ax):
        a = array_ops.static_ints(op, 1, ax)[0]
        return fn(x, axis=a).astype(op._attrs.get("output_type", dtypes.int64).as_numpy_dtype)
    return lower


registry.register("ArgMax", _arg_infer, _arg_lowering(jnp.argmax), differentiable=False)
registry.register("ArgMin", _arg_infer, _arg_lowering(jnp.argmin), differentiable=False)


def _arg(op_type, default):
    def fn(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
        axis = deprecated_argument_lookup("axis", axis, "dimension", dimension)
        if axis is None:
            axis = 0
        with name_scope(name, op_type, [input]) as scope:
            x = convert_to_tensor(input, name="input")
            a = axis if isinstance(axis, Tensor) else convert_to_tensor(axis, dtype=dtypes.int32,
                                                                        name="dimension")
            return op_output(op_type, [x, a], {"T": x.dtype.base_dtype, "Tidx": a.dtype.base_dtype,
                                               "output_type": dtypes.as_dtype(output_type)}, name=scope)
    return fn


argmax = export("argmax", "math.argmax")(_arg("ArgMax", "argmax"))
argmin = export("argmin", "math.argmin")(_arg("ArgMin", "argmin"))
export("arg_max")(lambda input, dimension, name=None, output_type=dtypes.int64:  # noqa: A002
                  argmax(input, dimension, name=name, output_type=output_type))
export("arg_min")(lambda input, dimension, name=None, output_type=dtypes.int64:  # noqa: A002
                  argmin(input, dimension, name=name, output_type=output_type))
