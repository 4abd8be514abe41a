"""tf.nn basics: activations, the softmax family, cross-entropies, bias_add, l2_loss and dropout.

Each op type is registered once (inference + jax lowering); gradients come from jax.vjp of these
lowerings, so lowerings are written to have TF's gradients (e.g. Relu's gradient is 0 at 0).
"""
import numbers

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry
from ..framework.deprecation import deprecated_argument_lookup
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op, op_output
from ..framework.tensor_util import constant_value
from ..platform import tf_logging as logging
from . import array_ops, indexing_ops, math_ops, random_ops
from ._common import TensorShape, broadcast_shapes, dims_str, in_dtype, in_shape, shape_str, unknown

_MODULE = "tensorflow.python.ops.nn_ops"


def warn_deprecated_arg(func, arg, instructions, depth=2):
    """TF's `@deprecated_args` warning for an nn_ops function, naming the call site."""
    logging.warn_deprecated_arg(func, _MODULE, arg, instructions, depth=depth + 1)


def _axis_or_dim(func, axis, dim):
    """`axis` of `func`, or its deprecated `dim` (warned about, naming func's caller); -1 if neither."""
    if dim is not None:
        warn_deprecated_arg(func, "dim", "dim is deprecated, use axis instead", depth=3)
    axis = deprecated_argument_lookup("axis", axis, "dim", dim)
    return -1 if axis is None else axis


def _unary_op(op_type, x, name, allowed=None, arg="features"):
    with name_scope(name, op_type, [x]) as scope:
        x = convert_to_tensor(x, name=arg)
        dt = x.dtype.base_dtype
        if allowed is not None and dt not in allowed:
            raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                            "values: %s" % (arg, dt.name, ", ".join(d.name for d in allowed)))
        return op_output(op_type, [x], {"T": dt}, name=scope)


_FLOATS = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)
_REALS = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint8, dtypes.int16, dtypes.int8,
          dtypes.int64, dtypes.bfloat16, dtypes.uint16, dtypes.float16, dtypes.uint32, dtypes.uint64)


def _same_shape(op):
    return [(in_dtype(op), in_shape(op))]


# ------------------------------------------------------------------------------- activations
# Written with `where` so the gradient at the kinks is TF's (0 at x == 0 for Relu, 0 at 0 and 6 for
# Relu6), not the 1/2 that jnp.maximum's tie rule gives.

def _relu(x):
    return jnp.where(x > 0, x, jnp.zeros_like(x))


def _relu6(x):
    return jnp.where(x > 0, jnp.where(x < 6, x, jnp.full_like(x, 6)), jnp.zeros_like(x))


def _elu(x):
    return jnp.where(x > 0, x, jnp.expm1(jnp.where(x > 0, jnp.zeros_like(x), x)))


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _selu(x):
    neg = jnp.where(x > 0, jnp.zeros_like(x), x)
    return _SELU_SCALE * jnp.where(x > 0, x, _SELU_ALPHA * jnp.expm1(neg))


def _softplus(x):
    return jnp.logaddexp(x, jnp.zeros_like(x))


def _softsign(x):
    return x / (1 + jnp.abs(x))


for _op_type, _fn in (("Relu", _relu), ("Relu6", _relu6), ("Elu", _elu), ("Selu", _selu),
                      ("Softplus", _softplus), ("Softsign", _softsign)):
    registry.register(_op_type, _same_shape, (lambda fn: lambda ctx, op, x: fn(x))(_fn))
registry.register("LeakyRelu", _same_shape,
                  lambda ctx, op, x: jnp.where(x > 0, x, x * jnp.asarray(op._attrs["alpha"], x.dtype)))


@export("nn.relu")
def relu(features, name=None):
    return _unary_op("Relu", features, name, _REALS)


@export("nn.relu6")
def relu6(features, name=None):
    return _unary_op("Relu6", features, name)


@export("nn.elu")
def elu(features, name=None):
    return _unary_op("Elu", features, name, _FLOATS)


@export("nn.selu")
def selu(features, name=None):
    return _unary_op("Selu", features, name, _FLOATS)


@export("nn.softplus", "math.softplus")
def softplus(features, name=None):
    return _unary_op("Softplus", features, name, _FLOATS)


@export("nn.softsign", "math.softsign")
def softsign(features, name=None):
    return _unary_op("Softsign", features, name, _FLOATS)


@export("nn.leaky_relu")
def leaky_relu(features, alpha=0.2, name=None):
    with name_scope(name, "LeakyRelu", [features, alpha]) as scope:
        x = convert_to_tensor(features, name="features")
        if x.dtype.is_integer:
            x = math_ops.cast(x, dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return op_output("LeakyRelu", [x], {"T": x.dtype.base_dtype, "alpha": float(alpha)}, name=scope)


@export("nn.crelu")
def crelu(features, name=None, axis=-1):
    with name_scope(name, "CRelu", [features]) as scope:
        x = convert_to_tensor(features, name="features")
        c = array_ops.concat([x, math_ops.negative(x)], axis, name=scope)
        return relu(c)


# ---------------------------------------------------------------------------- softmax family

def _softmax_infer(op):
    s = in_shape(op)
    if s.ndims is not None and s.ndims < 1:
        raise ValueError("Shape must be at least rank 1 but is rank %d for '%s' (op: '%s') with input "
                         "shapes: %s." % (s.ndims, op.name, op.type, shape_str(s)))
    return [(in_dtype(op), s)]


registry.register("Softmax", _softmax_infer, lambda ctx, op, x: jax.nn.softmax(x, axis=-1))
registry.register("LogSoftmax", _softmax_infer, lambda ctx, op, x: jax.nn.log_softmax(x, axis=-1))


def _swap_axis(x, dim_index, last_index, name=None):
    """TF's `_swap_axis`: a transpose exchanging `dim_index` with the last axis."""
    perm = array_ops.concat([math_ops.range(dim_index), [last_index],
                             math_ops.range(dim_index + 1, last_index), [dim_index]], 0)
    return array_ops.transpose(x, perm, name=name)


def _softmax(logits, op_type, dim=-1, name=None):
    logits = convert_to_tensor(logits)
    if logits.dtype.base_dtype not in _FLOATS:
        raise TypeError("Value passed to parameter 'logits' has DataType %s not in list of allowed "
                        "values: half, bfloat16, float32, float64" % logits.dtype.base_dtype.name)
    shape = logits.get_shape()
    is_last_dim = (dim == -1) or (dim == shape.ndims - 1)
    if is_last_dim:
        return op_output(op_type, [logits], {"T": logits.dtype.base_dtype}, name=name or op_type)
    dim_val = constant_value(dim) if isinstance(dim, Tensor) else dim
    if dim_val is not None and shape.ndims is not None and not -shape.ndims <= int(dim_val) < shape.ndims:
        raise errors.InvalidArgumentError(
            None, None, "Dimension (%d) must be in the range [%d, %d) where %d is the number of dimensions "
            "in the input." % (dim_val, -shape.ndims, shape.ndims, shape.ndims))
    input_rank = array_ops.rank(logits)
    dim_axis = dim % shape.ndims
    x = _swap_axis(logits, dim_axis, math_ops.subtract(input_rank, 1))
    out = op_output(op_type, [x], {"T": x.dtype.base_dtype}, name=op_type)
    out = _swap_axis(out, dim_axis, math_ops.subtract(input_rank, 1), name=name)
    out.set_shape(shape)
    return out


@export("nn.softmax", "math.softmax")
def softmax(logits, axis=None, name=None, dim=None):
    return _softmax(logits, "Softmax", _axis_or_dim("softmax", axis, dim), name)


@export("nn.log_softmax", "math.log_softmax")
def log_softmax(logits, axis=None, name=None, dim=None):
    return _softmax(logits, "LogSoftmax", _axis_or_dim("log_softmax", axis, dim), name)


# -------------------------------------------------------------------------- cross-entropies

def _xent_infer(op):
    logits, labels = in_shape(op, 0), in_shape(op, 1)
    for s in (logits, labels):
        if s.ndims is not None and s.ndims != 2:
            raise ValueError("Shape must be rank 2 but is rank %d for '%s' (op: '%s') with input shapes: "
                             "%s, %s." % (s.ndims, op.name, op.type, shape_str(logits), shape_str(labels)))
    merged = broadcast_shapes(logits, labels, op)  # TF 1.15 broadcasts labels against logits
    dt = in_dtype(op)
    if merged.ndims is None:
        return [(dt, unknown(1)), (dt, unknown(2))]
    return [(dt, TensorShape(merged.as_list()[:1])), (dt, merged)]


def _xent_lower(ctx, op, logits, labels):
    try:
        np.broadcast_shapes(np.shape(logits), np.shape(labels))
    except ValueError:
        raise errors.InvalidArgumentError(None, op, "logits and labels must be broadcastable: logits_size=%s "
                                          "labels_size=%s" % (dims_str(np.shape(logits)), dims_str(np.shape(labels)))) \
            from None
    logp = jax.nn.log_softmax(logits, axis=-1)
    loss = -jnp.sum(labels * logp, axis=-1)
    return loss, jnp.exp(logp) - labels


registry.register("SoftmaxCrossEntropyWithLogits", _xent_infer, _xent_lower)


def _sparse_xent_infer(op):
    logits, labels = in_shape(op, 0), in_shape(op, 1)
    dt = in_dtype(op)
    for s, rank in ((logits, 2), (labels, 1)):
        if s.ndims is not None and s.ndims != rank:
            raise ValueError("Shape must be rank %d but is rank %d for '%s' (op: '%s') with input shapes: "
                             "%s, %s." % (rank, s.ndims, op.name, op.type, shape_str(logits), shape_str(labels)))
    batch = labels.merge_with(TensorShape(logits.as_list()[:1]) if logits.ndims else unknown(1))
    n_classes = logits.as_list()[1] if logits.ndims else None
    return [(dt, batch), (dt, TensorShape([batch.as_list()[0], n_classes]))]


def _label_message(n):
    from .logging_ops import summarize
    return lambda bad, labels: ("Received a label value of %d which is outside the valid range of [0, %d).  "
                                "Label values: %s" % (int(bad), n, summarize(labels, labels.size)))


def _sparse_xent_lower(ctx, op, logits, labels):
    # Out-of-range labels raise TF's CPU kernel error after the run (`LowerCtx.check`); where a check
    # cannot leave its trace (a loop body) they give NaN, as TF's GPU kernel does.
    n = logits.shape[-1]
    if jnp.size(labels):
        ok, pos = indexing_ops.first_bad((labels < 0) | (labels >= n))
        ctx.check(op, ok, _label_message(n), jnp.ravel(labels)[pos], labels)
    logp = jax.nn.log_softmax(logits, axis=-1)
    onehot = jax.nn.one_hot(labels, n, dtype=logits.dtype)
    valid = (labels >= 0) & (labels < n)
    loss = -jnp.sum(onehot * logp, axis=-1)
    loss = jnp.where(valid, loss, jnp.nan)
    backprop = jnp.exp(logp) - onehot
    backprop = jnp.where(valid[:, None], backprop, jnp.nan)
    return loss, backprop


registry.register("SparseSoftmaxCrossEntropyWithLogits", _sparse_xent_infer, _sparse_xent_lower)


def _ensure_xent_args(name, sentinel, labels, logits):
    if sentinel is not None:
        raise ValueError("Only call `%s` with named arguments (labels=..., logits=..., ...)" % name)
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")


def _flatten_outer_dims(logits):
    """TF's `_flatten_outer_dims`: reshape to [-1, last dim], keeping the static shape when known."""
    rank = array_ops.rank(logits)
    last_dim_size = indexing_ops.slice(array_ops.shape(logits), [math_ops.subtract(rank, 1)], [1])
    output = array_ops.reshape(logits, array_ops.concat([[-1], last_dim_size], 0))
    shape = logits.get_shape()
    if shape.ndims is not None:
        dims = shape.as_list()
        if all(d is not None for d in dims[:-1]):
            output.set_shape([int(np.prod(dims[:-1], dtype=np.int64)), dims[-1]])
    return output


def _move_dim_to_end(tensor, dim_index, rank):
    return array_ops.transpose(tensor, array_ops.concat(
        [math_ops.range(dim_index), math_ops.range(dim_index + 1, rank), [dim_index]], 0))


def _softmax_xent_v2(labels, logits, axis=-1, name=None):
    with name_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as name:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        to_f32 = logits.dtype.base_dtype in (dtypes.float16, dtypes.bfloat16)
        precise = math_ops.cast(logits, dtypes.float32) if to_f32 else logits
        labels = math_ops.cast(labels, precise.dtype)
        input_rank = array_ops.rank(precise)
        shape = logits.get_shape()
        if axis != -1:
            precise = _move_dim_to_end(precise, axis, input_rank)
            labels = _move_dim_to_end(labels, axis, input_rank)
        input_shape = array_ops.shape(precise)
        precise = _flatten_outer_dims(precise)
        labels = _flatten_outer_dims(labels)
        cost = make_op("SoftmaxCrossEntropyWithLogits", [precise, labels],
                       {"T": precise.dtype.base_dtype}, name=name).outputs[0]
        output_shape = indexing_ops.slice(input_shape, [0], [math_ops.subtract(input_rank, 1)])
        cost = array_ops.reshape(cost, output_shape)
        if shape.ndims is not None:
            dims = shape.as_list()
            del dims[axis]
            cost.set_shape(dims)
        if to_f32:
            return math_ops.cast(cost, logits.dtype)
        return cost


@export("nn.softmax_cross_entropy_with_logits_v2")
def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    return _softmax_xent_v2(labels, logits, _axis_or_dim("softmax_cross_entropy_with_logits_v2", axis, dim), name)


_XENT_V1_DEPRECATION = ("\nFuture major versions of TensorFlow will allow gradients to flow\ninto the labels "
                        "input on backprop by default.\n\nSee `tf.nn.softmax_cross_entropy_with_logits_v2`.\n")


@export("nn.softmax_cross_entropy_with_logits")
def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None,
                                      axis=None):
    logging._warn_deprecated("softmax_cross_entropy_with_logits", _MODULE, _XENT_V1_DEPRECATION, depth=2)
    dim = deprecated_argument_lookup("axis", axis, "dim", dim)
    _ensure_xent_args("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as name:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return _softmax_xent_v2(labels, logits, dim, name)


@export("nn.sparse_softmax_cross_entropy_with_logits")
def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        to_f32 = logits.dtype.base_dtype == dtypes.float16
        precise = math_ops.cast(logits, dtypes.float32) if to_f32 else logits
        labels_static = labels.get_shape()
        labels_shape = array_ops.shape(labels)
        lshape = logits.get_shape()
        fully = labels_static.is_fully_defined() and lshape.ndims is not None and \
            TensorShape(lshape.as_list()[:-1]).is_fully_defined()
        if lshape.ndims is not None and lshape.ndims == 0:
            raise ValueError("Logits cannot be scalars - received shape %s." % lshape)
        if lshape.ndims is not None and labels_static.ndims is not None and \
                labels_static.ndims != lshape.ndims - 1:
            raise ValueError("Rank mismatch: Rank of labels (received %s) should equal rank of logits minus 1 "
                             "(received %s)." % (labels_static.ndims, lshape.ndims))
        if fully and labels_static.as_list() != lshape.as_list()[:-1]:
            raise ValueError("Shape mismatch: The shape of labels (received %s) should equal the shape of "
                             "logits except for the last dimension (received %s)." % (labels_static, lshape))
        if not labels.dtype.is_integer:
            raise TypeError("Value passed to parameter 'labels' has DataType %s not in list of allowed "
                            "values: int32, int64" % labels.dtype.base_dtype.name)
        attrs = {"T": precise.dtype.base_dtype, "Tlabels": labels.dtype.base_dtype}
        if lshape.ndims != 2:  # flatten to a matrix of logits and a vector of labels, and back
            num_classes = array_ops.shape(logits)[array_ops.rank(logits) - 1]
            precise = array_ops.reshape(precise, array_ops.stack([-1, num_classes]))
            labels = array_ops.reshape(labels, [-1])
        cost = make_op("SparseSoftmaxCrossEntropyWithLogits", [precise, labels], attrs,
                       name=name or "SparseSoftmaxCrossEntropyWithLogits").outputs[0]
        if lshape.ndims != 2:
            cost = array_ops.reshape(cost, labels_shape)
            cost.set_shape(labels_static)
        if to_f32:
            return math_ops.cast(cost, dtypes.float16)
        return cost


# ---------------------------------------------------------------------------------- BiasAdd

def _bias_add_infer(op):
    x, b = in_shape(op, 0), in_shape(op, 1)
    fmt = op._attrs.get("data_format", "NHWC")
    if b.ndims is not None and b.ndims != 1:
        raise ValueError("Shape must be rank 1 but is rank %d for '%s' (op: '%s') with input shapes: %s, %s."
                         % (b.ndims, op.name, op.type, shape_str(x), shape_str(b)))
    if x.ndims is not None and x.ndims < 2:
        raise ValueError("Shape must be at least rank 2 but is rank %d for '%s' (op: '%s') with input "
                         "shapes: %s, %s." % (x.ndims, op.name, op.type, shape_str(x), shape_str(b)))
    if x.ndims is None:
        return [(in_dtype(op), x)]
    dims = x.as_list()
    axis = 1 if fmt.startswith("NC") else -1
    c, bc = dims[axis], (b.as_list()[0] if b.ndims else None)
    if c is not None and bc is not None and c != bc:
        raise ValueError("Dimensions must be equal, but are %d and %d for '%s' (op: '%s') with input shapes: "
                         "%s, %s." % (c, bc, op.name, op.type, shape_str(x), shape_str(b)))
    if c is None:
        dims[axis] = bc
    return [(in_dtype(op), TensorShape(dims))]


def _bias_add_lower(ctx, op, x, b):
    channels_first = op._attrs.get("data_format", "NHWC").startswith("NC")
    if np.ndim(x) < 2:
        raise errors.InvalidArgumentError(None, op, "Input tensor must be at least 2D: %s" % dims_str(np.shape(x)))
    if np.shape(b)[0] != np.shape(x)[1 if channels_first else -1]:
        raise errors.InvalidArgumentError(None, op, "Must provide as many biases as the last dimension of the "
                                          "input tensor: %s vs. %s" % (dims_str(np.shape(b)), dims_str(np.shape(x))))
    if channels_first:
        return x + jnp.reshape(b, (-1,) + (1,) * (jnp.ndim(x) - 2))
    return x + b


registry.register("BiasAdd", _bias_add_infer, _bias_add_lower)
registry.register("BiasAddV1", _bias_add_infer, _bias_add_lower)


def _bias_format(data_format):
    """bias_add's data_format as the op's attr: "N...C" -> NHWC, "NC..." -> NCHW."""
    if data_format is None:
        return "NHWC"
    if data_format.startswith("NC"):
        return "NCHW"
    if data_format.startswith("N") and data_format.endswith("C"):
        return "NHWC"
    raise ValueError("data_format must be of the form `N...C` or `NC...`")


def _bias_add_op(op_type, value, bias, name, data_format=False):
    """A BiasAdd (with its data_format attr) or BiasAddV1 (data_format=False: none) op."""
    with name_scope(name, op_type, [value, bias]) as scope:
        fmt = {} if data_format is False else {"data_format": _bias_format(data_format)}
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype, name="bias")
        return op_output(op_type, [value, bias], dict({"T": value.dtype.base_dtype}, **fmt), name=scope)


@export("nn.bias_add")
def bias_add(value, bias, data_format=None, name=None):
    return _bias_add_op("BiasAdd", value, bias, name, data_format)


@export("nn.bias_add_v1")
def bias_add_v1(value, bias, name=None):
    return _bias_add_op("BiasAddV1", value, bias, name)


# ----------------------------------------------------------------------------------- L2Loss

registry.register("L2Loss", lambda op: [(in_dtype(op), TensorShape([]))],
                  lambda ctx, op, x: jnp.sum(jnp.square(x)) / 2)


@export("nn.l2_loss")
def l2_loss(t, name=None):
    return _unary_op("L2Loss", t, name, arg="t")


# ----------------------------------------------------------------------------------- dropout

def _get_noise_shape(x, noise_shape):
    if noise_shape is None:
        return array_ops.shape(x)
    try:
        from ..framework import tensor_shape
        ns = tensor_shape.as_shape(noise_shape) if not isinstance(noise_shape, Tensor) else None
    except (TypeError, ValueError):
        ns = None
    if ns is not None and x.get_shape().ndims is not None and ns.ndims == x.get_shape().ndims:
        dims = [xd if nd is None else nd for nd, xd in zip(ns.as_list(), x.get_shape().as_list())]
        if all(d is not None for d in dims):
            return dims
    return noise_shape


@export("nn.dropout")
def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    try:
        keep = 1. - keep_prob if keep_prob is not None else None
    except TypeError:
        raise ValueError("keep_prob must be a floating point number or Tensor (got %r)" % keep_prob)
    if keep_prob is not None:
        warn_deprecated_arg("dropout", "keep_prob", "Please use `rate` instead of `keep_prob`. Rate should be "
                            "set to `rate = 1 - keep_prob`.")
    rate = deprecated_argument_lookup("rate", rate, "keep_prob", keep)
    if rate is None:
        raise ValueError("You must provide a rate to dropout.")
    return dropout_v2(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def dropout_v2(x, rate, noise_shape=None, seed=None, name=None):
    with name_scope(name, "dropout", [x]) as name:
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError("x has to be a floating point tensor since it's going to be scaled. Got a %s "
                             "tensor instead." % x.dtype)
        if isinstance(rate, numbers.Real):
            if not (0 <= rate < 1):
                raise ValueError("rate must be a scalar tensor or a float in the range [0, 1), got %g" % rate)
            if rate > 0.5:
                logging.log_first_n(logging.WARN, "Large dropout rate: %g (>0.5). In TensorFlow 2.x, dropout() "
                                    "uses dropout rate instead of keep_prob. Please ensure that this is "
                                    "intended.", 5, rate)
        if isinstance(rate, numbers.Real) and rate == 0:
            return x
        rate = convert_to_tensor(rate, dtype=x.dtype, name="rate")
        rate.get_shape().assert_is_compatible_with(TensorShape([]))
        noise_shape = _get_noise_shape(x, noise_shape)
        random_tensor = random_ops.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        keep_prob = 1 - rate
        scale = 1 / keep_prob
        keep_mask = random_tensor >= rate
        ret = x * scale * math_ops.cast(keep_mask, x.dtype)
        ret.set_shape(x.get_shape())
        return ret
