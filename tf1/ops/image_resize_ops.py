"""The image kernels of `tf.image`: ResizeBilinear / ResizeNearestNeighbor / ResizeBicubic / ResizeArea,
their *Grad ops (for imported GraphDefs; tf.gradients differentiates the forward lowering instead), and
AdjustContrastv2.

`jax.image.resize` samples at half-pixel centres with antialiasing and its own cubic kernel, so it
matches none of TF 1.15's defaults (legacy `in = out * scale`, align_corners, Keys a=-0.75 bicubic
from a 1024-entry table). The sampling positions and weights are instead computed here with numpy in
float32, with the kernels' own arithmetic (resize_bilinear_op.cc, resize_nearest_neighbor_op.cc,
resize_bicubic_op.cc, resize_area_op.cc), and the lowering is gathers plus weighted sums: the sizes
are static, so every index is a constant and XLA sees plain gathers that `jax.vjp` differentiates.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import constant_value
from ._common import in_dtype, in_shape, shape_str
from ..runtime.interpreter import ConcreteValueNeeded

_F32 = np.float32


# ------------------------------------------------------------------------------ inference

def static_size(t, depth=24):
    """The value of a (small, shape-derived) tensor when its ancestors are constants and shapes that
    are known: what TF's shape refiner gets by constant folding, so `resize_images(...,
    preserve_aspect_ratio=True)` has a static output size. tensor_util's rules stop at float math
    (Cast, RealDiv, Round); here any stateless op is evaluated by its own lowering on numpy values."""
    v = constant_value(t)
    if v is not None or depth == 0:
        return v
    op = t.op
    if op.type == "Shape" and op._inputs[0].get_shape().is_fully_defined():
        return np.array(op._inputs[0].get_shape().as_list(), op._attrs.get("out_type", dtypes.int32).as_numpy_dtype)
    opdef = op._opdef
    if opdef is None or opdef.stateful or opdef.host or not op._inputs or op.type in ("Placeholder", "If"):
        return None
    args = []
    for i in op._inputs:
        a = static_size(i, depth - 1)
        if a is None or np.size(a) > 16:
            return None
        args.append(np.asarray(a))
    try:
        with jax.ensure_compile_time_eval():
            out = opdef.lower(None, op, *args)
    except Exception:  # noqa: BLE001 -- not evaluable statically: TF's unknown size
        return None
    out = out[t.value_index] if isinstance(out, tuple) else out
    return np.asarray(out)


def _rank_error(op, want, got):
    shapes = ", ".join(shape_str(t.get_shape()) for t in op._inputs)
    return ValueError("Shape must be rank %d but is rank %d for '%s' (op: '%s') with input shapes: %s."
                      % (want, got, op.name, op.type, shapes))


def _resize_infer(out_dtype):
    def infer(op):
        images, size = in_shape(op, 0), in_shape(op, 1)
        if images.ndims is not None and images.ndims != 4:
            raise _rank_error(op, 4, images.ndims)
        if size.ndims is not None and size.ndims != 1:
            raise _rank_error(op, 1, size.ndims)
        if size.ndims == 1 and size.as_list()[0] not in (None, 2):
            raise ValueError("Dimension must be 2 but is %d for '%s' (op: '%s') with input shapes: %s."
                             % (size.as_list()[0], op.name, op.type,
                                ", ".join(shape_str(t.get_shape()) for t in op._inputs)))
        dims = images.as_list() if images.ndims is not None else [None] * 4
        hw = static_size(op._inputs[1])
        h, w = (None, None) if hw is None else [int(v) for v in np.reshape(hw, [-1])]
        dtype = out_dtype or in_dtype(op)
        return [(dtype, tensor_shape.TensorShape([dims[0], h, w, dims[3]]))]
    return infer


def _grad_infer(op):
    """ResizeBilinearGrad/ResizeBicubicGrad(grads, original_image): shaped and typed like the image."""
    return [(in_dtype(op, 1), in_shape(op, 1))]


def _nn_grad_infer(op):
    g = in_shape(op, 0)
    hw = constant_value(op._inputs[1])
    h, w = (None, None) if hw is None else [int(v) for v in np.reshape(hw, [-1])]
    dims = g.as_list() if g.ndims is not None else [None] * 4
    return [(in_dtype(op, 0), tensor_shape.TensorShape([dims[0], h, w, dims[3]]))]


# ------------------------------------------------------------------------- sampling tables

def _scale(in_size, out_size, align_corners):
    """CalculateResizeScale: float32 arithmetic, as the kernels do it."""
    if align_corners and out_size > 1:
        return _F32(in_size - 1) / _F32(out_size - 1)
    return _F32(in_size) / _F32(out_size)


def _bilinear_table(in_size, out_size, align_corners, half_pixel):
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=_F32)
    pos = (i + _F32(0.5)) * scale - _F32(0.5) if half_pixel else i * scale
    floor = np.floor(pos)
    lower = np.maximum(floor.astype(np.int64), 0)
    upper = np.minimum(np.ceil(pos).astype(np.int64), in_size - 1)
    return lower, upper, (pos - floor).astype(_F32)


def _nearest_table(in_size, out_size, align_corners, half_pixel):
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=_F32)
    pos = (i + _F32(0.5)) * scale if half_pixel else i * scale
    # roundf rounds half away from zero (np.round would round half to even).
    idx = np.where(pos >= 0, np.floor(pos + _F32(0.5)), np.ceil(pos - _F32(0.5))) if align_corners \
        else np.floor(pos)
    idx = np.minimum(idx.astype(np.int64), in_size - 1)
    return np.maximum(idx, 0) if half_pixel else idx


_TABLE_SIZE = 1024


def _coeffs_table(a):
    """InitCoeffsTable: Keys' cubic convolution sampled at 1/1024 steps (double math, float storage)."""
    x = np.arange(_TABLE_SIZE + 1, dtype=np.float64) / _TABLE_SIZE
    x = x.astype(_F32).astype(np.float64)
    t0 = ((a + 2) * x - (a + 3)) * x * x + 1
    x1 = x + 1.0
    t1 = ((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a
    return t0.astype(_F32), t1.astype(_F32)


def _bicubic_table(in_size, out_size, align_corners, half_pixel):
    """GetWeightsAndIndices: four (index, weight) pairs per output position."""
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=_F32)
    pos = (i + _F32(0.5)) * scale - _F32(0.5) if half_pixel else i * scale
    loc = np.floor(pos).astype(np.int64)
    delta = (pos - loc.astype(_F32)).astype(_F32)
    offset = np.rint(delta * _F32(_TABLE_SIZE)).astype(np.int64)
    t0, t1 = _coeffs_table(-0.5 if half_pixel else -0.75)   # half-pixel mode uses Keys' a = -0.5
    weights = [t1[offset], t0[offset], t0[_TABLE_SIZE - offset], t1[_TABLE_SIZE - offset]]
    indices = [np.clip(loc + k - 1, 0, in_size - 1) for k in range(4)]
    if half_pixel:
        # Samples outside the image get weight 0 and the rest are renormalised (not edge-repeated).
        weights = [np.where(idx == loc + k - 1, wt, _F32(0)) for k, (idx, wt) in enumerate(zip(indices, weights))]
        total = weights[0] + weights[1] + weights[2] + weights[3]
        ok = np.abs(total) >= _F32(1000.0) * np.finfo(_F32).tiny
        inv = np.where(ok, _F32(1) / np.where(ok, total, _F32(1)), _F32(1))
        weights = [np.where(ok, wt * inv, wt) for wt in weights]
    return indices, [w.astype(_F32) for w in weights]


def _area_table(in_size, out_size, align_corners):
    """resize_area_op.cc's per-output box [pos*scale, (pos+1)*scale): the covered input indices (clamped)
    and the fraction of each covered, as a dense [out, in] float32 matrix."""
    scale = _scale(in_size, out_size, align_corners)
    m = np.zeros((out_size, in_size), _F32)
    for o in range(out_size):
        start, end = _F32(o) * scale, _F32(o + 1) * scale
        for v in range(int(np.floor(start)), int(np.ceil(end))):
            if v < start:
                frac = scale if v + 1 > end else _F32(v + 1) - start
            else:
                frac = end - _F32(v) if v + 1 > end else _F32(1)
            m[o, min(max(v, 0), in_size - 1)] += frac
    return m, scale


# --------------------------------------------------------------------------- computations

def _size_value(op, size):
    """The output size: known at build time (static_size), else the run's (concrete) value. A size
    only known from a fed value cannot be an XLA shape: TF's error class, and why."""
    v = static_size(op._inputs[1])
    if v is None:
        if isinstance(size, jax.core.Tracer):
            raise ConcreteValueNeeded(
                None, op, "%s (op: '%s'): the output size must be computable from constants, shapes or "
                          "fed values; this one is computed from the run's data" % (op.name, op.type))
        v = size
    return [int(d) for d in np.reshape(np.asarray(v), [-1])]


def _check_sizes(op, x, out_h, out_w):
    if x.shape[1] <= 0 or x.shape[2] <= 0 or out_h <= 0 or out_w <= 0:
        if out_h <= 0 or out_w <= 0:
            raise errors.InvalidArgumentError(
                None, op, "output dimensions must be positive")
        raise errors.InvalidArgumentError(None, op, "input image must be of non-zero size")


def _half_pixel_check(op):
    if op._attrs.get("half_pixel_centers") and op._attrs.get("align_corners"):
        raise errors.InvalidArgumentError(
            None, op, "If half_pixel_centers is True, align_corners must be False.")


def bilinear(x, out_h, out_w, align_corners, half_pixel):
    x = x.astype(jnp.float32)
    yl, yu, ylerp = _bilinear_table(x.shape[1], out_h, align_corners, half_pixel)
    xl, xu, xlerp = _bilinear_table(x.shape[2], out_w, align_corners, half_pixel)
    top, bottom = x[:, yl], x[:, yu]
    xlerp = xlerp[None, None, :, None]
    t = top[:, :, xl] + (top[:, :, xu] - top[:, :, xl]) * xlerp
    b = bottom[:, :, xl] + (bottom[:, :, xu] - bottom[:, :, xl]) * xlerp
    return t + (b - t) * ylerp[None, :, None, None]


def nearest(x, out_h, out_w, align_corners, half_pixel):
    ys = _nearest_table(x.shape[1], out_h, align_corners, half_pixel)
    xs = _nearest_table(x.shape[2], out_w, align_corners, half_pixel)
    return x[:, ys][:, :, xs]


def bicubic(x, out_h, out_w, align_corners, half_pixel):
    x = x.astype(jnp.float32)
    yi, yw = _bicubic_table(x.shape[1], out_h, align_corners, half_pixel)
    xi, xw = _bicubic_table(x.shape[2], out_w, align_corners, half_pixel)
    # Along y first (the kernel's cached column values), then along x, summed in the kernel's order.
    rows = None
    for idx, wt in zip(yi, yw):
        term = x[:, idx] * wt[None, :, None, None]
        rows = term if rows is None else rows + term
    out = None
    for idx, wt in zip(xi, xw):
        term = rows[:, :, idx] * wt[None, None, :, None]
        out = term if out is None else out + term
    return out


def area(x, out_h, out_w, align_corners):
    x = x.astype(jnp.float32)
    my, sy = _area_table(x.shape[1], out_h, align_corners)
    mx, sx = _area_table(x.shape[2], out_w, align_corners)
    out = jnp.einsum("oh,nhwc->nowc", my, x, precision=jax.lax.Precision.HIGHEST)
    out = jnp.einsum("pw,nowc->nopc", mx, out, precision=jax.lax.Precision.HIGHEST)
    return out * (_F32(1) / (sy * sx))


_KERNELS = {"ResizeBilinear": bilinear, "ResizeNearestNeighbor": nearest, "ResizeBicubic": bicubic}


def _resize_lower(kind):
    def lower(ctx, op, x, size):
        out_h, out_w = _size_value(op, size)
        _half_pixel_check(op)
        _check_sizes(op, x, out_h, out_w)
        align = bool(op._attrs.get("align_corners", False))
        if kind == "ResizeArea":
            return area(x, out_h, out_w, align)
        return _KERNELS[kind](x, out_h, out_w, align, bool(op._attrs.get("half_pixel_centers", False)))
    return lower


def _grad_lower(kind):
    """ResizeBilinearGrad / ResizeBicubicGrad: the vjp of the forward resize at the original image."""
    def lower(ctx, op, grads, original):
        _half_pixel_check(op)
        align, half = bool(op._attrs.get("align_corners")), bool(op._attrs.get("half_pixel_centers"))
        out_h, out_w = grads.shape[1], grads.shape[2]
        fn = lambda im: _KERNELS[kind](im, out_h, out_w, align, half)  # noqa: E731
        _, vjp = jax.vjp(fn, jnp.asarray(original, jnp.float32))
        return vjp(jnp.asarray(grads, jnp.float32))[0].astype(original.dtype)
    return lower


def _nn_grad_lower(ctx, op, grads, size):
    _half_pixel_check(op)
    h, w = _size_value(op, size)
    align, half = bool(op._attrs.get("align_corners")), bool(op._attrs.get("half_pixel_centers"))
    zeros = jnp.zeros((grads.shape[0], h, w, grads.shape[3]), grads.dtype)
    _, vjp = jax.vjp(lambda im: nearest(im, grads.shape[1], grads.shape[2], align, half), zeros)
    return vjp(grads)[0]


for _kind, _dtype in [("ResizeBilinear", dtypes.float32), ("ResizeNearestNeighbor", None),
                      ("ResizeBicubic", dtypes.float32), ("ResizeArea", dtypes.float32)]:
    # TF has no ResizeArea gradient: tf.gradients raises LookupError.
    registry.register(_kind, _resize_infer(_dtype), _resize_lower(_kind),
                      differentiable=None if _kind == "ResizeArea" else True)
# TF registers no gradient of these gradient kernels (second order raises LookupError).
registry.register("ResizeBilinearGrad", _grad_infer, _grad_lower("ResizeBilinear"), differentiable=None)
registry.register("ResizeBicubicGrad", _grad_infer, _grad_lower("ResizeBicubic"), differentiable=None)
registry.register("ResizeNearestNeighborGrad", _nn_grad_infer, _nn_grad_lower, differentiable=None)


def resize(op_type, images, size, align_corners=False, half_pixel_centers=False, name=None):
    """gen_image_ops.resize_*: scope named after the op, images converted, size as int32."""
    with name_scope(name, op_type, [images, size]) as scope:
        images = convert_to_tensor(images, name="images")
        size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        attrs = {"T": images.dtype.base_dtype, "align_corners": bool(align_corners)}
        if op_type != "ResizeArea":
            attrs["half_pixel_centers"] = bool(half_pixel_centers)
        return op_output(op_type, [images, size], attrs, name=scope)


# ----------------------------------------------------------------------------- AdjustContrastv2

def _contrast_infer(op):
    images, factor = in_shape(op, 0), in_shape(op, 1)
    if images.ndims is not None and images.ndims < 3:
        shapes = ", ".join(shape_str(t.get_shape()) for t in op._inputs)
        raise ValueError("Shape must be at least rank 3 but is rank %d for '%s' (op: '%s') with input "
                         "shapes: %s." % (images.ndims, op.name, op.type, shapes))
    if factor.ndims is not None and factor.ndims != 0:
        raise _rank_error(op, 0, factor.ndims)
    return [(in_dtype(op), images)]


def _contrast_lower(ctx, op, images, factor):
    x = images.astype(jnp.float32)
    mean = jnp.mean(x, axis=(-3, -2), keepdims=True)
    return ((x - mean) * jnp.float32(factor) + mean).astype(images.dtype)


# TF registers no gradient for it.
registry.register("AdjustContrastv2", _contrast_infer, _contrast_lower, differentiable=None)  # no TF gradient


def adjust_contrastv2(images, contrast_factor, name=None):
    with name_scope(name, "AdjustContrastv2", [images, contrast_factor]) as scope:
        images = convert_to_tensor(images, name="images")
        factor = convert_to_tensor(contrast_factor, dtype=dtypes.float32, name="contrast_factor")
        if isinstance(contrast_factor, Tensor) and contrast_factor.dtype.base_dtype != dtypes.float32:
            raise TypeError("Input 'contrast_factor' of 'AdjustContrastv2' Op has type %s that does not "
                            "match expected type of float32." % contrast_factor.dtype.base_dtype.name)
        return op_output("AdjustContrastv2", [images, factor], {"T": images.dtype.base_dtype}, name=scope)
