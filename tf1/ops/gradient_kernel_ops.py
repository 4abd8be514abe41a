"""Op types that only TensorFlow's own gradient graphs contain.

tf1 differentiates with one `SymbolicGradient` op, so it never builds these; they are registered so
that a graph TF built for training (a `.meta` from `tf.train.Saver`, a GraphDef) imports into tf1 and
keeps training. Where a kernel is the derivative of a forward op tf1 has, it is that op's lowering
differentiated by `jax.vjp` (pooling), so the forward and backward rules cannot drift apart.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..framework import errors, registry
from . import nn_ops, pool_ops  # noqa: F401  (the forward ops whose lowerings are reused)
from ._common import TensorShape, in_dtype, same_as_input, shape_of_const


def _broadcast_gradient_args(ctx, op, s0, s1):
    """The axes each input was broadcast along, to reduce its gradient over (TF's BCast rules)."""
    try:
        a, b = [int(d) for d in np.asarray(s0)], [int(d) for d in np.asarray(s1)]
    except Exception:  # a traced shape: its value is only known inside XLA
        raise errors.UnimplementedError(None, op, "BroadcastGradientArgs needs statically known shapes "
                                                  "in tf1") from None
    n = max(len(a), len(b))
    a, b = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    r0, r1 = [], []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x != 1 and y != 1:
            raise errors.InvalidArgumentError(None, op, "Incompatible shapes: [%s] vs. [%s]" % (
                ",".join(map(str, np.asarray(s0))), ",".join(map(str, np.asarray(s1)))))
        # TF's BCast: a side whose dimension is 1 is reduced there (both sides when both are 1).
        if x == 1:
            r0.append(i)
        if y == 1:
            r1.append(i)
    dt = in_dtype(op).as_numpy_dtype
    return np.array(r0, dtype=dt), np.array(r1, dtype=dt)


registry.register("BroadcastGradientArgs",
                  lambda op: [(in_dtype(op), TensorShape([None])), (in_dtype(op), TensorShape([None]))],
                  _broadcast_gradient_args, differentiable=False)


# ------------------------------------------------------- activation gradients: (upstream, saved)
# TF's convention: "...Grad(gradients, features)" for the ones defined by their input, and
# "...Grad(y, dy)" (output first) for sigmoid/tanh/sqrt/rsqrt/reciprocal.
_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
_BY_FEATURES = {
    "ReluGrad": lambda g, f: jnp.where(f > 0, g, jnp.zeros_like(g)),
    "Relu6Grad": lambda g, f: jnp.where((f > 0) & (f < 6), g, jnp.zeros_like(g)),
    "EluGrad": lambda g, out: jnp.where(out < 0, g * (out + 1), g),
    "SeluGrad": lambda g, out: jnp.where(out < 0, g * (out + _SELU_SCALE * _SELU_ALPHA), g * _SELU_SCALE),
    "SoftplusGrad": lambda g, f: g * jax.nn.sigmoid(f),
    "SoftsignGrad": lambda g, f: g / jnp.square(1 + jnp.abs(f)),
}
_BY_OUTPUT = {
    "SigmoidGrad": lambda y, dy: dy * y * (1 - y),
    "TanhGrad": lambda y, dy: dy * (1 - y * y),
    "SqrtGrad": lambda y, dy: dy * 0.5 / y,
    "RsqrtGrad": lambda y, dy: dy * -0.5 * y * y * y,
    "ReciprocalGrad": lambda y, dy: -dy * y * y,
}
for _name, _fn in list(_BY_FEATURES.items()) + list(_BY_OUTPUT.items()):
    registry.register(_name, same_as_input(0), (lambda fn: lambda ctx, op, a, b: fn(a, b))(_fn))
registry.register("LeakyReluGrad", same_as_input(0), lambda ctx, op, g, f: jnp.where(
    f > 0, g, op._attrs.get("alpha", 0.2) * g))


def _bias_add_grad_infer(op):
    s = op._inputs[0].get_shape()
    if s.ndims is None:
        return [(in_dtype(op), TensorShape([None]))]
    axis = 1 if op._attrs.get("data_format", b"NHWC") in (b"NCHW", "NCHW") else s.ndims - 1
    return [(in_dtype(op), TensorShape([s.as_list()[axis]]))]


def _bias_add_grad_lower(ctx, op, g):
    axis = 1 if op._attrs.get("data_format", b"NHWC") in (b"NCHW", "NCHW") else g.ndim - 1
    return jnp.sum(g, axis=tuple(i for i in range(g.ndim) if i != axis))


registry.register("BiasAddGrad", _bias_add_grad_infer, _bias_add_grad_lower)


# ------------------------------------------------------------------- pooling: vjp of the forward op

def _pool_vjp(forward_type):
    forward = registry.get(forward_type).lower

    def lower(ctx, op, orig_input, *rest):
        grad = rest[-1]
        # The grad op carries the forward op's attrs (ksize, strides, padding, data_format).
        _, pullback = jax.vjp(lambda x: forward(ctx, op, x), jnp.asarray(orig_input))
        return pullback(jnp.asarray(grad, jnp.result_type(orig_input)))[0]
    return lower


registry.register("MaxPoolGrad", same_as_input(0), _pool_vjp("MaxPool"))


def _avg_pool_grad_lower(ctx, op, input_shape, grad):
    shape = tuple(int(d) for d in np.asarray(input_shape))
    forward = registry.get("AvgPool").lower
    _, pullback = jax.vjp(lambda x: forward(ctx, op, x), jnp.zeros(shape, jnp.result_type(grad)))
    return pullback(grad)[0]


registry.register("AvgPoolGrad", lambda op: [(in_dtype(op, 1), shape_of_const(op._inputs[0]))],
                  _avg_pool_grad_lower)
