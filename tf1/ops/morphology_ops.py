"""Grayscale morphology: `tf.nn.dilation2d` (the Dilation2D op) and `tf.nn.erosion2d` (TF 1.15 builds it
from Dilation2D by duality: -dilation(-x, reversed filter)).

Dilation2D takes, per output pixel and channel, the max over the (dilated) window of input + filter,
out-of-image taps excluded (padded with -inf here). The windows come from the same strided taps as
ExtractImagePatches, so the lowering is slices, an add and a max; JAX differentiates it (the gradient
goes to the first maximising tap, as TF's Dilation2DBackprop* kernels route it).
"""
import jax
import jax.numpy as jnp

from ..api import export, public as _tf
from ..framework import tensor_shape
from ..framework.graph import name_scope
from ..framework import registry
from ._common import apply_same_type, in_dtype, in_shape
from .image_extra_ops import check_equal_dims, check_list_attr, gather_windows, window_geometry
from .indexing_ops import check_rank


def _attrs(op):
    return op._attrs["strides"][1:3], op._attrs["rates"][1:3], op._attrs["padding"]


def _infer(op):
    n, h, w, c = check_rank(op, 0, 4).as_list()
    fh, fw, fc = check_rank(op, 1, 3).as_list()
    check_equal_dims(op, c, fc)
    (sh, sw), (rh, rw), padding = _attrs(op)
    oh = None if h is None or fh is None else window_geometry(h, fh, sh, rh, padding)[0]
    ow = None if w is None or fw is None else window_geometry(w, fw, sw, rw, padding)[0]
    return [(in_dtype(op), tensor_shape.TensorShape([n, oh, ow, c if c is not None else fc]))]


def _lower(ctx, op, x, filt):
    return dilate(x, filt, *_attrs(op))


def dilate(x, filt, strides, rates, padding):
    fill = -jnp.inf if jnp.issubdtype(x.dtype, jnp.floating) else jnp.iinfo(x.dtype).min
    taps = gather_windows(x, filt.shape[:2], strides, rates, padding, fill)   # [N, oh, ow, kh*kw, C]
    sums = taps + filt.reshape((-1, filt.shape[2])).astype(x.dtype)
    # The first maximising tap (row-major), as the kernel's strict `>` scan: its gradient goes there
    # alone, where jnp.max would share it among ties.
    first = jnp.argmax(sums, axis=3)[:, :, :, None, :]
    return jnp.take_along_axis(sums, first, axis=3)[:, :, :, 0, :]


registry.register("Dilation2D", _infer, _lower)


# The backprop kernels, for imported GraphDefs (tf.gradients differentiates the forward lowering).
def _backprop_lower(wrt):
    def lower(ctx, op, x, filt, out_backprop):
        args = [x, filt]
        fn = lambda v: dilate(*(args[:wrt] + [v] + args[wrt + 1:]), *_attrs(op))  # noqa: E731
        _, vjp = jax.vjp(fn, jnp.asarray(args[wrt]))
        return vjp(jnp.asarray(out_backprop))[0]
    return lower


registry.register("Dilation2DBackpropInput", lambda op: [(in_dtype(op), in_shape(op, 0))], _backprop_lower(0),
                  differentiable=False)
registry.register("Dilation2DBackpropFilter", lambda op: [(in_dtype(op), in_shape(op, 1))], _backprop_lower(1),
                  differentiable=False)


def _check(name, v):
    v = [int(d) for d in check_list_attr("Dilation2D", name, v)]
    if len(v) != 4 or v[0] != 1 or v[3] != 1:
        raise ValueError("Dilation2D requires the %s attribute to contain 4 values, the batch and depth "
                         "%s must be 1" % (name, name))
    return v


@export("nn.dilation2d")
def dilation2d(input, filter=None, strides=None, rates=None, padding=None, name=None, filters=None,  # noqa: A002
               dilations=None):
    filter = filter if filter is not None else filters
    rates = rates if rates is not None else dilations
    attrs = {"strides": _check("strides", strides), "rates": _check("rates", rates),
             "padding": padding.decode() if isinstance(padding, bytes) else padding}
    return apply_same_type("Dilation2D", [input, filter], ["input", "filter"], name, attrs)


@export("nn.erosion2d")
def erosion2d(value, kernel, strides, rates, padding, name=None):
    tf = _tf()
    with name_scope(name, "erosion2d", [value, kernel]) as name:
        # Erosion is dilation of the negated image by the reflected kernel, negated.
        return tf.negative(dilation2d(tf.negative(value), tf.reverse(kernel, [0, 1]), strides, rates, padding,
                                      name=name))
