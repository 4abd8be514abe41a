"""Reductions and scans beyond the core ones: reduce_logsumexp, count_nonzero, reduce_euclidean_norm,
reduce_std/variance, cumsum/cumprod (exclusive, reverse), top_k and in_top_k."""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework.deprecation import deprecated_argument_lookup
from .math_ops import reduction_args
from ..framework import dtypes, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import constant_value, register_constant_value
from . import array_ops, math_ops
from ._common import TensorShape, in_dtype, in_shape, output_tuple, unknown
from .elementwise_ops import INTS, check_type, shape_error, where, with_rank, with_rank_at_least

# Build-time values of reductions, so shapes computed from them stay static (TF's shape inference
# evaluates such constant sub-graphs too; bincount's output size needs Max/Prod/Greater).
for _name, _fn in (("Max", np.max), ("Min", np.min), ("Prod", np.prod), ("Sum", np.sum)):
    register_constant_value(_name)((lambda fn: lambda t: _const_reduce(t, fn))(_fn))
register_constant_value("Greater")(
    lambda t: None if any(constant_value(i) is None for i in t.op._inputs)
    else np.greater(*[constant_value(i) for i in t.op._inputs]))


def _const_reduce(t, fn):
    x, axes = (constant_value(i) for i in t.op._inputs)
    if x is None or axes is None:
        return None
    x = np.asarray(x)
    if x.size == 0 and fn in (np.max, np.min):
        return None
    ax = tuple(sorted({int(a) % max(x.ndim, 1) for a in np.reshape(axes, [-1])}))
    return np.asarray(fn(x, axis=ax, keepdims=bool(t.op._attrs.get("keep_dims")))).astype(t.dtype.as_numpy_dtype)


# -------------------------------------------------------------------------- reduce_logsumexp

@export("reduce_logsumexp", "math.reduce_logsumexp")
def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                     keep_dims=None):
    """log(sum(exp(x))) computed around the (finite) maximum, as TF does."""
    axis, keepdims = reduction_args(axis, reduction_indices, keepdims, keep_dims)
    x = convert_to_tensor(input_tensor)
    with name_scope(name, "ReduceLogSumExp", [x]) as scope:
        raw_max = math_ops.reduce_max(x, axis=axis, keepdims=True)
        finite = op_output("IsFinite", [raw_max], {"T": raw_max.dtype.base_dtype})
        my_max = array_ops.stop_gradient(where(finite, raw_max, array_ops.zeros_like(raw_max)))
        diff = op_output("Sub", [x, my_max], {"T": x.dtype.base_dtype})
        e = op_output("Exp", [diff], {"T": x.dtype.base_dtype})
        result = op_output("Log", [math_ops.reduce_sum(e, axis, keepdims=keepdims)], {"T": x.dtype.base_dtype})
        if not keepdims:
            my_max = array_ops.reshape(my_max, array_ops.shape(result))
        result = op_output("Add", [result, my_max], {"T": x.dtype.base_dtype}, name=scope)
        if not keepdims and axis is None:
            result.set_shape([])
        return result


# ----------------------------------------------------------------------------- count_nonzero

@export("count_nonzero", "math.count_nonzero")
def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):  # noqa: A002
    input_tensor = deprecated_argument_lookup("input", input, "input_tensor", input_tensor)
    axis, keepdims = reduction_args(axis, reduction_indices, keepdims, keep_dims)
    with name_scope(name, "count_nonzero", [input_tensor]):
        x = convert_to_tensor(input_tensor, name="input")
        zero = array_ops.zeros([], dtype=x.dtype.base_dtype)
        nonzero = math_ops.cast(math_ops.not_equal(x, zero), dtypes.int64)
        return math_ops.cast(math_ops.reduce_sum(nonzero, axis=axis, keepdims=keepdims), dtype)


# ------------------------------------------------------------------- euclidean norm, std, var

registry.register("EuclideanNorm", math_ops._reduce_infer, math_ops._reduce_lowering(
    lambda x, axis, keepdims: jnp.sqrt(jnp.sum(x * jnp.conj(x), axis=axis, keepdims=keepdims)).astype(x.dtype)
    if not jnp.issubdtype(x.dtype, jnp.integer) else
    jnp.sqrt(jnp.sum(x * x, axis=axis, keepdims=keepdims)).astype(x.dtype)),
    differentiable=False)  # TF 1.15's math_grad.py: NotDifferentiable
reduce_euclidean_norm = export("math.reduce_euclidean_norm")(math_ops._reduction("EuclideanNorm", "EuclideanNorm"))


@export("math.reduce_variance")
def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    with name_scope(name or "reduce_variance"):
        means = math_ops.reduce_mean(input_tensor, axis=axis, keepdims=True)
        squared_deviations = math_ops.square(input_tensor - means)
        return math_ops.reduce_mean(squared_deviations, axis=axis, keepdims=keepdims)


@export("math.reduce_std")
def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    with name_scope(name or "reduce_std"):
        return math_ops.sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


# -------------------------------------------------------------------------- cumsum / cumprod

def _scan_lowering(fn, identity):
    def lower(ctx, op, x, axis):
        ax = array_ops.static_ints(op, 1, axis)[0]
        x = jnp.asarray(x)
        ax = ax % x.ndim
        if op._attrs.get("reverse"):
            x = jnp.flip(x, ax)
        if op._attrs.get("exclusive"):
            # Shift the input by one along the axis, entering the operation's identity.
            pad = jnp.full(x.shape[:ax] + (1,) + x.shape[ax + 1:], identity, x.dtype)
            x = jnp.concatenate([pad, jax.lax.slice_in_dim(x, 0, x.shape[ax] - 1, axis=ax)], axis=ax)
        y = fn(x, axis=ax, dtype=x.dtype)
        if op._attrs.get("reverse"):
            y = jnp.flip(y, ax)
        return y
    return lower


def _scan_infer(op):
    with_rank(op, in_shape(op, 1), 0)
    return [(in_dtype(op), in_shape(op))]


registry.register("Cumsum", _scan_infer, _scan_lowering(jnp.cumsum, 0))
registry.register("Cumprod", _scan_infer, _scan_lowering(jnp.cumprod, 1))


def _scan(op_type):
    def fn(x, axis=0, exclusive=False, reverse=False, name=None):
        with name_scope(name, op_type, [x]) as scope:
            x = convert_to_tensor(x, name="x")
            a = axis if hasattr(axis, "dtype") else convert_to_tensor(axis, preferred_dtype=dtypes.int32,
                                                                      name="axis")
            return op_output(op_type, [x, a], {"T": x.dtype.base_dtype, "Tidx": a.dtype.base_dtype,
                                               "exclusive": bool(exclusive), "reverse": bool(reverse)}, name=scope)
    fn.__name__ = op_type.lower()
    return fn


cumsum = export("cumsum", "math.cumsum")(_scan("Cumsum"))
cumprod = export("cumprod", "math.cumprod")(_scan("Cumprod"))


# ------------------------------------------------------------------------------------ top_k

def _top_k_infer(op):
    x = with_rank_at_least(op, in_shape(op, 0), 1)
    with_rank(op, in_shape(op, 1), 0)
    k = constant_value(op._inputs[1])
    if k is not None:
        k = int(k)
        if k < 0:
            raise shape_error(op, "input must have last dimension >= k = %d but is %s" % (k, "?"), {1: k})
    if x.ndims is None:
        out = unknown()
    else:
        dims = x.as_list()
        if k is not None and dims[-1] is not None and dims[-1] < k:
            raise shape_error(op, "input must have last dimension >= k = %d but is %d" % (k, dims[-1]), {1: k})
        out = TensorShape(dims[:-1] + [k])
    return [(in_dtype(op), out), (dtypes.int32, out)]


def _top_k_lower(ctx, op, x, k):
    k = array_ops.static_ints(op, 1, k)[0]
    values, indices = jax.lax.top_k(jnp.asarray(x), k)
    return values, indices.astype(jnp.int32)


registry.register("TopKV2", _top_k_infer, _top_k_lower)


@export("nn.top_k", "math.top_k")
def top_k(input, k=1, sorted=True, name=None):  # noqa: A002 -- TF's argument names
    with name_scope(name, "TopKV2", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        kt = k if hasattr(k, "dtype") else convert_to_tensor(k, dtype=dtypes.int32, name="k")
        op = array_ops.make_op("TopKV2", [x, kt], {"T": x.dtype.base_dtype, "sorted": bool(sorted)}, name=scope)
        return output_tuple(op, ("values", "indices"))


def _in_top_k_infer(op):
    p = with_rank(op, in_shape(op, 0), 2)
    t = with_rank(op, in_shape(op, 1), 1)
    with_rank(op, in_shape(op, 2), 0)
    batch = p.as_list()[0] if p.ndims else None
    if batch is None and t.ndims:
        batch = t.as_list()[0]
    return [(dtypes.bool, TensorShape([batch]))]


def _in_top_k_lower(ctx, op, predictions, targets, k):
    p = jnp.asarray(predictions)
    t = jnp.asarray(targets)
    n = p.shape[1]
    valid = (t >= 0) & (t < n)
    target_p = jnp.take_along_axis(p, jnp.clip(t, 0, n - 1)[:, None].astype(jnp.int32), axis=1)
    more = jnp.sum(p > target_p, axis=1)
    # TF cannot rank a row holding a non-finite prediction: the answer is False there.
    finite = jnp.all(jnp.isfinite(p), axis=1)
    return valid & finite & (more < jnp.asarray(k))


registry.register("InTopKV2", _in_top_k_infer, _in_top_k_lower, differentiable=False)


@export("nn.in_top_k", "math.in_top_k")
def in_top_k(predictions, targets, k, name=None):
    with name_scope(name, "in_top_k"):
        with name_scope(name, "InTopKV2", [predictions, targets]) as scope:
            p = convert_to_tensor(predictions, name="predictions")
            t = convert_to_tensor(targets, name="targets")
            check_type(t, "targets", INTS)
            kt = convert_to_tensor(k, dtype=t.dtype.base_dtype, name="k")
            return op_output("InTopKV2", [p, t, kt], {"T": t.dtype.base_dtype}, name=scope)
