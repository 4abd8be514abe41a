"""Pooling: MaxPool/AvgPool (2-D, 3-D, and 1-D through expand_dims), MaxPoolWithArgmax.

Lowering: one array per window offset (views of a reshape when the windows tile the input, strided
slices otherwise), reduced by elementwise chains. `reduce_window` would be shorter, but its max
gradient is `select_and_scatter`, a scalar loop on XLA:CPU (notes/cpu-conv.md): 3x3/2 max pooling
of 100x28x28x32, forward + backward, takes 250 ms that way against 33 ms here. Max pooling picks,
per window, the first maximum in row-major window order (TF's CPU kernel) and reads it through
that mask, so jax.vjp routes the whole gradient to that element, as TF's MaxPoolGrad does
(MaxPool3D's gradient goes, in full, to every tied maximum: TF's MaxPool3DGrad).

When the windows tile the input (ksize == strides, the common 2x2/2 case), the gradient is written
by hand (`_spread`): the incoming gradient broadcast over each window and masked (max) or scaled
(average) in one elementwise pass over the input. Autodiff of the window views would instead pad
each offset's gradient to the input's size and add them: four full-size writes for 2x2 windows,
which XLA then re-fuses into every consumer (the relu/bias gradient, the conv filter gradient's
transpose) -- 14 ms of the MNIST CNN's step against ~3 ms this way.
"""
import functools
import itertools
import operator

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry
from ..framework.deprecation import deprecated_argument_lookup
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op, op_output
from . import array_ops
from ._common import in_dtype, in_shape, output_tuple, shape_str
from .conv_ops import channel_axis, conv_output_shape, get_sequence, spatial_axes


# ------------------------------------------------------------------------------ inference

def _pool_infer(op):
    x = in_shape(op)
    fmt = op._attrs["data_format"]
    if x.ndims is not None and x.ndims != len(fmt):
        raise ValueError("Shape must be rank %d but is rank %d for '%s' (op: '%s') with input shapes: %s."
                         % (len(fmt), x.ndims, op.name, op.type, shape_str(x)))
    ksize = op._attrs["ksize"]
    c = x.as_list()[channel_axis(fmt)] if x.ndims is not None else None
    return [(in_dtype(op), conv_output_shape(op, x, [ksize[a] for a in spatial_axes(fmt)], c))]


def _argmax_infer(op):
    (dt, shape), = _pool_infer(op)
    return [(dt, shape), (op._attrs["Targmax"], shape)]


# ------------------------------------------------------------------------------- windows

def _geometry(op, in_shape_):
    """Per spatial axis: (axis, k, stride, out size, pad before, pad after)."""
    fmt = op._attrs["data_format"]
    ksize, strides, padding = op._attrs["ksize"], op._attrs["strides"], op._attrs["padding"]
    geo = []
    for ax in spatial_axes(fmt):
        n, k, s = in_shape_[ax], ksize[ax], strides[ax]
        if padding == "SAME":
            out = -(-n // s)
            total = max((out - 1) * s + k - n, 0)
            before, after = total // 2, total - total // 2
        else:
            out = (n - k) // s + 1
            before = after = 0
        geo.append((ax, k, s, out, before, after))
    return geo


def window_parts(x, geo, pad_value):
    """The pooling windows of `x` as one array per window offset (row-major offset order), each
    shaped like the output: element [n, i, j, c] of part (di, dj) is input [n, i*s+di, j*s+dj, c]
    (padding coordinates). Reductions over windows are then elementwise chains that XLA fuses, and
    their gradients are pads of the parts (no select_and_scatter, no stacked copy)."""
    if _tiles(geo):
        # Tiling windows: crop, split each spatial axis into (out, k), index the k axes.
        idx = [slice(None)] * x.ndim
        for ax, k, _, out, _, _ in geo:
            idx[ax] = slice(0, out * k)
        x = x[tuple(idx)]
        new_shape, kpos = [], {}
        for d in range(x.ndim):
            g = next((g for g in geo if g[0] == d), None)
            if g is None:
                new_shape.append(x.shape[d])
            else:
                new_shape += [g[3], g[1]]
                kpos[d] = len(new_shape) - 1
        y = jnp.reshape(x, new_shape)
        parts = []
        for offsets in itertools.product(*[range(g[1]) for g in geo]):
            sel = [slice(None)] * y.ndim
            for (ax, *_), o in zip(geo, offsets):
                sel[kpos[ax]] = o
            parts.append(y[tuple(sel)])
        return parts
    pads = [(0, 0)] * x.ndim
    for ax, _, _, _, before, after in geo:
        pads[ax] = (before, after)
    if any(p != (0, 0) for p in pads):
        x = jnp.pad(x, pads, constant_values=pad_value)
    parts = []
    for offsets in itertools.product(*[range(g[1]) for g in geo]):
        start = [0] * x.ndim
        limit = list(x.shape)
        step = [1] * x.ndim
        for (ax, _, s, out, _, _), o in zip(geo, offsets):
            start[ax], limit[ax], step[ax] = o, o + (out - 1) * s + 1, s
        parts.append(jax.lax.slice(x, start, limit, step))
    return parts


def _sum(arrays):
    """a0 + a1 + ... in order: one elementwise chain for XLA to fuse."""
    return functools.reduce(operator.add, arrays)


def _first_max_index(parts):
    """Per output element: the offset of the first maximum of its window (TF's CPU MaxPool)."""
    fixed = [jax.lax.stop_gradient(p) for p in parts]
    m = functools.reduce(jnp.maximum, fixed)
    idx = jnp.full(m.shape, len(parts), jnp.int32)
    for i in reversed(range(len(parts))):
        idx = jnp.where(fixed[i] == m, jnp.int32(i), idx)
    return m, idx


def _select(parts, idx):
    return _sum(jnp.where(idx == i, p, jnp.zeros((), p.dtype)) for i, p in enumerate(parts))


def _tiles(geo):
    return all(k == s and before == 0 and after == 0 for _, k, s, _, before, after in geo)


def _spread(g, weight, x_shape, geo):
    """Gradient of a tiling pool: output-shaped `g` broadcast over each window of an input of
    `x_shape`, as `weight(g with a size-1 axis after each pooled axis, window view shape, those
    axes)` (a 0/1 mask or a 1/count scale); inputs past the last whole window (VALID) get 0."""
    by_axis = {g_[0]: g_ for g_ in geo}
    view, k_axes, covered = [], [], []
    for d, size in enumerate(x_shape):
        if d in by_axis:
            _, k, _, out, _, _ = by_axis[d]
            view += [out, k]
            k_axes.append(len(view) - 1)
            covered.append(out * k)
        else:
            view.append(size)
            covered.append(size)
    dx = jnp.reshape(weight(jnp.expand_dims(g, k_axes), view, k_axes), covered)
    pads = [(0, size - c) for size, c in zip(x_shape, covered)]
    return jnp.pad(dx, pads) if any(p[1] for p in pads) else dx


def _window_offsets(view, k_axes):
    """Per element of the window view: its offset within the window in row-major order (the
    index `_first_max_index` returns)."""
    off = np.zeros([1] * len(view), np.int32)
    for ax in k_axes:
        shape = [1] * len(view)
        shape[ax] = view[ax]
        off = off * view[ax] + np.arange(view[ax], dtype=np.int32).reshape(shape)
    return off


@functools.partial(jax.custom_vjp, nondiff_argnums=(2,))
def _tiled_max(x, idx, spec):
    geo, low, _ = spec
    return _select(window_parts(x, geo, low), idx)


def _tiled_max_fwd(x, idx, spec):
    return _tiled_max(x, idx, spec), idx


def _tiled_max_bwd(spec, idx, g):
    geo, _, x_shape = spec
    mask = lambda g6, view, k_axes: jnp.where(  # noqa: E731
        jnp.expand_dims(idx, k_axes) == _window_offsets(view, k_axes), g6, jnp.zeros((), g.dtype))
    return _spread(g, mask, x_shape, geo), None


_tiled_max.defvjp(_tiled_max_fwd, _tiled_max_bwd)


def _max_pool(op, x):
    geo = _geometry(op, x.shape)
    low = -jnp.inf if jnp.issubdtype(x.dtype, jnp.floating) else jnp.iinfo(x.dtype).min
    parts = window_parts(x, geo, low)
    m, idx = _first_max_index(parts)
    if op.type == "MaxPool3D":
        # MaxPool3DGrad (an Eigen equality mask) gives every tied maximum the full gradient.
        grad_path = _sum(jnp.where(jax.lax.stop_gradient(p) == m, p - jax.lax.stop_gradient(p),
                                   jnp.zeros((), p.dtype)) for p in parts)
        return m + grad_path, idx, geo
    if _tiles(geo) and jnp.issubdtype(x.dtype, jnp.inexact):
        return _tiled_max(x, idx, (tuple(geo), float(low), tuple(x.shape))), idx, geo
    # The value read through the first maximum's mask: jax.vjp sends the gradient there only.
    return _select(parts, idx), idx, geo


def _window_size(geo):
    return int(np.prod([g[1] for g in geo]))


@functools.partial(jax.custom_vjp, nondiff_argnums=(1,))
def _tiled_mean(x, spec):
    geo, _ = spec
    return _sum(window_parts(x, geo, 0)) / np.asarray(_window_size(geo), x.dtype)


def _tiled_mean_fwd(x, spec):
    return _tiled_mean(x, spec), None


def _tiled_mean_bwd(spec, _, g):
    geo, x_shape = spec
    count = np.asarray(_window_size(geo), g.dtype)
    scale = lambda g6, view, k_axes: jnp.broadcast_to(g6 / count, view)  # noqa: E731
    return (_spread(g, scale, x_shape, geo),)


_tiled_mean.defvjp(_tiled_mean_fwd, _tiled_mean_bwd)


def _avg_pool_lower(ctx, op, x):
    geo = _geometry(op, x.shape)
    if _tiles(geo) and jnp.issubdtype(x.dtype, jnp.inexact):
        return _tiled_mean(x, (tuple(geo), tuple(x.shape)))
    total = _sum(window_parts(x, geo, 0))
    # Windows at a SAME border average only their in-bounds elements: the count is a product over
    # spatial axes of how many of the window's positions fall inside the input.
    counts = np.ones([1] * x.ndim, np.float64)
    for ax, k, s, out, before, _ in geo:
        start = np.arange(out) * s - before
        n = np.minimum(start + k, x.shape[ax]) - np.maximum(start, 0)
        shape = [1] * x.ndim
        shape[ax] = out
        counts = counts * n.reshape(shape)
    return (total / counts.astype(x.dtype)).astype(x.dtype)


def _argmax_lower(ctx, op, x):
    out, idx, geo = _max_pool(op, x)
    n = x.shape[0]
    per_image = int(np.prod(x.shape[1:]))
    flat = np.arange(per_image, dtype=np.int64).reshape((1,) + tuple(x.shape[1:]))
    if op._attrs.get("include_batch_in_index", False):
        flat = flat + (np.arange(n, dtype=np.int64) * per_image).reshape((n,) + (1,) * (x.ndim - 1))
    flat = np.broadcast_to(flat, x.shape)
    argmax = _select(window_parts(jnp.asarray(flat), geo, -1), idx)
    return out, argmax.astype(op._attrs["Targmax"].as_numpy_dtype)


def _rank_checked(lower):
    """TF's pooling kernels take 4-D (5-D for the 3-D ops) inputs; a fed tensor of another rank fails
    the run with the kernel's message."""
    def checked(ctx, op, x):
        rank = 5 if op.type.endswith("3D") else 4
        if np.ndim(x) != rank:
            raise errors.InvalidArgumentError(None, op, "tensor_in must be %d-dimensional" % rank)
        return lower(ctx, op, x)
    return checked


for _t in ("MaxPool", "MaxPool3D"):
    registry.register(_t, _pool_infer, _rank_checked(lambda ctx, op, x: _max_pool(op, x)[0]))
for _t in ("AvgPool", "AvgPool3D"):
    registry.register(_t, _pool_infer, _rank_checked(_avg_pool_lower))
registry.register("MaxPoolWithArgmax", _argmax_infer, _argmax_lower)


# ------------------------------------------------------------------------------ public API

def _check_padding(padding, op_type):
    if isinstance(padding, bytes):
        padding = padding.decode()
    if padding not in ("SAME", "VALID"):
        raise ValueError("Attr 'padding' of '%s' Op passed string '%s' not in: \"SAME\", \"VALID\"."
                         % (op_type, padding))
    return padding


def _pool(op_type, default_name, value, ksize, strides, padding, data_format, name, n):
    with name_scope(name, default_name, [value]) as scope:
        ci = 1 if data_format.startswith("NC") else n + 1
        ksize = get_sequence(ksize, n, ci, "ksize")
        strides = get_sequence(strides, n, ci, "strides")
        if any(v == 0 for v in ksize):
            raise ValueError("ksize cannot be zero.")
        padding = _check_padding(padding, op_type)
        x = convert_to_tensor(value, name="input")
        return op_output(op_type, [x], {"T": x.dtype.base_dtype, "ksize": ksize, "strides": strides,
                                        "padding": padding, "data_format": data_format}, name=scope)


@export("nn.max_pool")
def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    value = deprecated_argument_lookup("input", input, "value", value)
    return _pool("MaxPool", "MaxPool", value, ksize, strides, padding, data_format or "NHWC", name, 2)


@export("nn.avg_pool")
def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    value = deprecated_argument_lookup("input", input, "value", value)
    return _pool("AvgPool", "AvgPool", value, ksize, strides, padding, data_format or "NHWC", name, 2)


@export("nn.max_pool3d")
def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    return _pool("MaxPool3D", "MaxPool3D", input, ksize, strides, padding, data_format or "NDHWC", name, 3)


@export("nn.avg_pool3d")
def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    return _pool("AvgPool3D", "AvgPool3D", input, ksize, strides, padding, data_format or "NDHWC", name, 3)


def _pool1d(op_type, default_name, input, ksize, strides, padding, data_format, name):  # noqa: A002
    with name_scope(name, default_name, [input]):
        if data_format is None:
            data_format = "NWC"
        ci = 1 if data_format.startswith("NC") else 2
        ksize = [1] + get_sequence(ksize, 1, ci, "ksize")
        strides = [1] + get_sequence(strides, 1, ci, "strides")
        expanding_dim = 1 if data_format == "NWC" else 2
        fmt = "NHWC" if data_format == "NWC" else "NCHW"
        x = array_ops.expand_dims(input, expanding_dim)
        padding = _check_padding(padding, op_type)
        r = op_output(op_type, [x], {"T": x.dtype.base_dtype, "ksize": ksize, "strides": strides,
                                     "padding": padding, "data_format": fmt}, name=op_type)
        return array_ops.squeeze(r, [expanding_dim])


@export("nn.max_pool1d")
def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    return _pool1d("MaxPool", "MaxPool1d", input, ksize, strides, padding, data_format, name)


@export("nn.avg_pool1d")
def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    return _pool1d("AvgPool", "AvgPool1D", input, ksize, strides, padding, data_format, name)


@export("nn.max_pool_v2", "nn.max_pool2d")
def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    n = convert_to_tensor(input).get_shape().ndims
    if n is None:
        n = len(ksize) + 2 if hasattr(ksize, "__len__") and len(ksize) <= 3 else 4
    if n == 3:
        return max_pool1d(input, ksize, strides, padding, data_format or "NWC", name)
    if n == 4:
        return max_pool(input, ksize, strides, padding, data_format or "NHWC", name)
    if n == 5:
        return max_pool3d(input, get_sequence(ksize, 3, 4, "ksize"), get_sequence(strides, 3, 4, "strides"),
                          padding, data_format or "NDHWC", name)
    raise ValueError("Input tensor must be of rank 3, 4 or 5 but was %d." % n)


@export("nn.avg_pool_v2", "nn.avg_pool2d")
def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    n = convert_to_tensor(input).get_shape().ndims or 4
    if n == 3:
        return avg_pool1d(input, ksize, strides, padding, data_format or "NWC", name)
    if n == 4:
        return avg_pool(input, ksize, strides, padding, data_format or "NHWC", name)
    return avg_pool3d(input, get_sequence(ksize, 3, 4, "ksize"), get_sequence(strides, 3, 4, "strides"),
                      padding, data_format or "NDHWC", name)


@export("nn.max_pool_with_argmax")
def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC", Targmax=None,  # noqa: A002,N803
                         name=None, output_dtype=None, include_batch_in_index=False):
    if data_format != "NHWC":
        raise ValueError("Data formats other than 'NHWC' are not yet supported")
    targmax = deprecated_argument_lookup("output_dtype", output_dtype, "Targmax", Targmax)
    targmax = dtypes.as_dtype(targmax if targmax is not None else dtypes.int64)
    with name_scope(name, "MaxPoolWithArgmax", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        op = make_op("MaxPoolWithArgmax", [x], {
            "T": x.dtype.base_dtype, "Targmax": targmax, "ksize": list(ksize), "strides": list(strides),
            "padding": _check_padding(padding, "MaxPoolWithArgmax"), "data_format": "NHWC",
            "include_batch_in_index": bool(include_batch_in_index)}, name=scope)
        return output_tuple(op, ("output", "argmax"))
