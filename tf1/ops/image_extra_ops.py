"""More of `tf.image`: HSV colour space and hue/saturation/gamma adjustment (RGBToHSV, HSVToRGB,
AdjustHue, AdjustSaturation), YIQ/YUV, JPEG-quality round trips (EncodeJpegVariableQuality), quality
metrics (psnr, ssim, ssim_multiscale), sobel_edges, ExtractImagePatches, resize_image_with_pad,
CropAndResize (and its gradient kernels, for imported graphs), DrawBoundingBoxes(V2), the
NonMaxSuppression family (V1-V5, WithOverlaps, Combined), SampleDistortedBoundingBoxV2 and
ExtractGlimpse.

The per-pixel kernels follow TF's C++ arithmetic (colorspace_op.h, adjust_hue_op.cc,
adjust_saturation_op.cc, crop_and_resize_op.cc) written as jnp, so gradients come from JAX autodiff.
Ops whose output size depends on the data (non-max suppression) or that draw with host loops
(bounding boxes, distorted-box sampling, glimpses with noise) are host ops on numpy values. The
composites (psnr, ssim, sobel_edges, ...) build TF 1.15's graphs in its name scopes.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export, public as _tf
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op, op_output
from ._common import in_dtype, in_shape, jdtype, output_tuple, same_as_input
from .array_ops import static_value
from .image_ops import convert_image_dtype
from .image_resize_ops import static_size
from .indexing_ops import check_rank, shape_error
from ..runtime.interpreter import ConcreteValueNeeded

TensorShape = tensor_shape.TensorShape


# ------------------------------------------------------------------ shape-function errors (TF's wording)

def check_dim(op, dim, want):
    if dim is not None and want is not None and dim != want:
        raise shape_error(op, "Dimension must be %d but is %d" % (want, dim))


def check_equal_dims(op, a, b):
    if a is not None and b is not None and a != b:
        raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (a, b))


def check_list_attr(op_type, attr, value, minimum=4):
    value = list(value)
    if len(value) < minimum:
        raise ValueError("Attr '%s' of '%s' Op passed list of length %d less than minimum %d."
                         % (attr, op_type, len(value), minimum))
    return value


def _last_dim_3(op):
    shape = check_rank(op, 0, 1, at_least=True)
    if shape.ndims is not None:
        check_dim(op, shape[-1], 3)
    return [(in_dtype(op), shape)]


def _rank_3_same(op):
    return [(in_dtype(op), check_rank(op, 0, 3, at_least=True))]


def _three_channels(op, images):
    if images.shape[-1] != 3:
        raise errors.InvalidArgumentError(None, op, "input must have 3 channels but instead has %d channels."
                                          % images.shape[-1])


# ------------------------------------------------------------------------------ HSV

def _rgb_to_hsv(rgb):
    """colorspace_op.h's RGBToHSV: hue in [0, 1), 0 where the pixel is grey."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = jnp.maximum(jnp.maximum(r, g), b)
    rng = v - jnp.minimum(jnp.minimum(r, g), b)
    s = jnp.where(v > 0, rng / jnp.where(v > 0, v, 1), 0)
    norm = 1 / (6 * jnp.where(rng > 0, rng, 1))
    h = jnp.where(r == v, norm * (g - b),
                  jnp.where(g == v, norm * (b - r) + 2. / 6, norm * (r - g) + 4. / 6))
    h = jnp.where(rng > 0, h, 0)
    h = jnp.where(h < 0, h + 1, h)
    return jnp.stack([h, s, v], -1).astype(rgb.dtype)


def _hsv_to_rgb(hsv):
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    dh = h * 6
    dr = jnp.clip(jnp.abs(dh - 3) - 1, 0, 1)
    dg = jnp.clip(-jnp.abs(dh - 2) + 2, 0, 1)
    db = jnp.clip(-jnp.abs(dh - 4) + 2, 0, 1)
    one_s = 1 - s
    return jnp.stack([(one_s + s * dr) * v, (one_s + s * dg) * v, (one_s + s * db) * v], -1).astype(hsv.dtype)


registry.register("RGBToHSV", _last_dim_3, lambda ctx, op, x: _rgb_to_hsv(x))
# TF registers no gradient for HSVToRGB.
registry.register("HSVToRGB", _last_dim_3, lambda ctx, op, x: _hsv_to_rgb(x), differentiable=False)


@export("image.rgb_to_hsv")
def rgb_to_hsv(images, name=None):
    images = convert_to_tensor(images, name="images")
    return op_output("RGBToHSV", [images], {"T": images.dtype.base_dtype}, name=name or "RGBToHSV")


@export("image.hsv_to_rgb")
def hsv_to_rgb(images, name=None):
    images = convert_to_tensor(images, name="images")
    return op_output("HSVToRGB", [images], {"T": images.dtype.base_dtype}, name=name or "HSVToRGB")


def _hue_lower(ctx, op, images, delta):
    """adjust_hue_op.cc: hue as a category 0..5 plus the ratio within it, shifted by 6 * delta."""
    _three_channels(op, images)
    x = images.astype(jnp.float32)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    v_max = jnp.maximum(jnp.maximum(r, g), b)
    v_min = jnp.minimum(jnp.minimum(r, g), b)
    # The kernel's six orderings (ties may fall either side: both give the same hue).
    r_lt_g = r < g
    cat = jnp.where(r_lt_g, jnp.where(b < r, 1, jnp.where(b > g, 3, 2)),
                    jnp.where(b < g, 0, jnp.where(b > r, 4, 5)))
    v_mid = r + g + b - v_max - v_min
    span = v_max - v_min
    ratio = (v_mid - v_min) / jnp.where(span > 0, span, 1)
    increase = (cat & 1) == 0
    h = jnp.where(span > 0, cat + jnp.where(increase, ratio, 1 - ratio), 0.)
    h = h + delta.astype(jnp.float32) * 6
    h = h - 6 * jnp.floor(h / 6)
    h = jnp.where(h >= 6, h - 6, h)
    cat = jnp.clip(h.astype(jnp.int32), 0, 5)
    ratio = h - cat
    ratio = jnp.where((cat & 1) == 0, ratio, 1 - ratio)
    mid = v_min + ratio * span
    table = [(v_max, mid, v_min), (mid, v_max, v_min), (v_min, v_max, mid),
             (v_min, mid, v_max), (mid, v_min, v_max), (v_max, v_min, mid)]
    out = [jnp.select([cat == k for k in range(6)], [t[c] for t in table]) for c in range(3)]
    return jnp.stack(out, -1).astype(images.dtype)


def _saturation_lower(ctx, op, images, scale):
    """adjust_saturation_op.cc: per pixel rgb -> hsv, s *= scale clamped to [0, 1], hsv -> rgb."""
    _three_channels(op, images)
    x = images.astype(jnp.float32)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    v = jnp.maximum(jnp.maximum(r, g), b)
    rng = v - jnp.minimum(jnp.minimum(r, g), b)
    s = jnp.where(v > 0, rng / jnp.where(v > 0, v, 1), 0.)
    norm = 1. / (6. * jnp.where(rng > 0, rng, 1))
    h = jnp.where(r == v, norm * (g - b), jnp.where(g == v, norm * (b - r) + 2. / 6., norm * (r - g) + 4. / 6.))
    h = jnp.where(rng > 0, h, 0.)
    h = jnp.where(h < 0, h + 1, h)
    s = jnp.clip(s * scale.astype(jnp.float32), 0., 1.)
    c = s * v
    m = v - c
    dh = h * 6
    cat = dh.astype(jnp.int32)
    fmodu = dh - 2 * jnp.floor(dh / 2)
    fmodu = jnp.where(dh <= 0, fmodu + jnp.where(fmodu <= 0, 2., 0.), fmodu)
    xx = c * (1 - jnp.abs(fmodu - 1))
    z = jnp.zeros_like(c)
    table = [(c, xx, z), (xx, c, z), (z, c, xx), (z, xx, c), (xx, z, c), (c, z, xx)]
    out = [jnp.select([cat == k for k in range(6)], [t[i] for t in table], z) + m for i in range(3)]
    return jnp.stack(out, -1).astype(images.dtype)


# TF registers no gradient for either (tf.gradients raises LookupError there; here it gives None).
# No gradient registered in TF: tf.gradients through them raises LookupError.
registry.register("AdjustHue", _rank_3_same, _hue_lower, differentiable=None)
registry.register("AdjustSaturation", _rank_3_same, _saturation_lower, differentiable=None)


def _adjust(kind, image, amount, name, arg):
    with name_scope(name, "adjust_" + kind, [image]) as name:
        image = convert_to_tensor(image, name="image")
        orig_dtype = image.dtype.base_dtype
        flt = image if orig_dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(image, dtypes.float32)
        amount = convert_to_tensor(amount, dtype=dtypes.float32, name=arg)
        op_type = "AdjustHue" if kind == "hue" else "AdjustSaturation"
        altered = op_output(op_type, [flt, amount], {"T": flt.dtype.base_dtype}, name=op_type)
        return convert_image_dtype(altered, orig_dtype)


@export("image.adjust_hue")
def adjust_hue(image, delta, name=None):
    return _adjust("hue", image, delta, name, "delta")


@export("image.adjust_saturation")
def adjust_saturation(image, saturation_factor, name=None):
    return _adjust("saturation", image, saturation_factor, name, "scale")


@export("image.random_hue")
def random_hue(image, max_delta, seed=None):
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = _tf().random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_hue(image, delta)


@export("image.random_saturation")
def random_saturation(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = _tf().random_uniform([], lower, upper, seed=seed)
    return adjust_saturation(image, factor)


@export("image.adjust_gamma")
def adjust_gamma(image, gamma=1, gain=1):
    from .image_ops import _assert
    with name_scope(None, "adjust_gamma", [image, gamma, gain]):
        image = convert_to_tensor(image, name="image")
        orig_dtype = image.dtype.base_dtype
        flt = image if orig_dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(image, dtypes.float32)
        assert_op = _assert(gamma >= 0, ValueError, "Gamma should be a non-negative real number.")
        if assert_op:
            gamma = _tf().control_flow_ops.with_dependencies(assert_op, gamma)
        adjusted = gain * flt ** gamma
        return convert_image_dtype(adjusted, orig_dtype, saturate=True)


class _WithQuality:
    """An EncodeJpegVariableQuality op seen as EncodeJpeg with its run-time quality as the attr."""

    def __init__(self, op, quality):
        self._op, self._attrs = op, {"quality": quality}

    def __getattr__(self, name):
        return getattr(self._op, name)


def _encode_variable_quality(ctx, op, images, quality):
    from .image_codec_ops import _encode_jpeg
    return _encode_jpeg(ctx, _WithQuality(op, int(np.asarray(quality))), images)


def _encode_variable_infer(op):
    check_rank(op, 0, 3)
    check_rank(op, 1, 0)
    return [(dtypes.string, TensorShape([]))]


registry.register("EncodeJpegVariableQuality", _encode_variable_infer, _encode_variable_quality, host=True,
                  differentiable=False)


@export("image.adjust_jpeg_quality")
def adjust_jpeg_quality(image, jpeg_quality, name=None):
    """A JPEG round trip at `jpeg_quality`: the EncodeJpeg attr for a Python int,
    EncodeJpegVariableQuality for a tensor."""
    tf = _tf()
    with name_scope(name, "adjust_jpeg_quality", [image]):
        image = convert_to_tensor(image, name="image")
        orig_dtype = image.dtype.base_dtype
        image = convert_image_dtype(image, dtypes.uint8)
        if tf.is_tensor(jpeg_quality):
            image = op_output("EncodeJpegVariableQuality", [image, tf.cast(jpeg_quality, dtypes.int32)], {},
                              name="EncodeJpegVariableQuality")
        else:
            image = tf.image.encode_jpeg(image, quality=jpeg_quality)
        image = tf.image.decode_jpeg(image)
        return convert_image_dtype(image, orig_dtype)


@export("image.random_jpeg_quality")
def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None):
    if min_jpeg_quality < 0 or max_jpeg_quality < 0 or min_jpeg_quality > 100 or max_jpeg_quality > 100:
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if min_jpeg_quality >= max_jpeg_quality:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")
    quality = _tf().random_uniform([], min_jpeg_quality, max_jpeg_quality, seed=seed, dtype=dtypes.int32)
    return adjust_jpeg_quality(image, quality)


@export("image.resize_image_with_pad")
def resize_image_with_pad(image, target_height, target_width, method=0, align_corners=False):
    """Resizes keeping the aspect ratio to fit the target, then zero-pads it to the target size."""
    from . import image_ops as im
    tf = _tf()
    with name_scope(None, "resize_image_with_pad", [image]):
        image = convert_to_tensor(image, name="image")
        image_shape = image.get_shape()
        is_batch = True
        if image_shape.ndims == 3:
            is_batch = False
            image = tf.expand_dims(image, 0)
        elif image_shape.ndims is None:
            is_batch = False
            image = tf.expand_dims(image, 0)
            image.set_shape([None] * 4)
        elif image_shape.ndims != 4:
            raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % image_shape)
        assert_ops = im._check_at_least_3d(image, require_static=False)
        assert_ops += im._assert(target_width > 0, ValueError, "target_width must be > 0.")
        assert_ops += im._assert(target_height > 0, ValueError, "target_height must be > 0.")
        image = tf.control_flow_ops.with_dependencies(assert_ops, image)

        def max_(x, y):
            return tf.maximum(x, y) if im._is_tensor(x) or im._is_tensor(y) else max(x, y)

        _, height, width, _ = im._image_dimensions(image, rank=4)
        f_height = tf.cast(height, dtype=dtypes.float32)
        f_width = tf.cast(width, dtype=dtypes.float32)
        f_target_height = tf.cast(target_height, dtype=dtypes.float32)
        f_target_width = tf.cast(target_width, dtype=dtypes.float32)
        ratio = max_(f_width / f_target_width, f_height / f_target_height)
        resized_height_float = f_height / ratio
        resized_width_float = f_width / ratio
        resized_height = tf.cast(tf.floor(resized_height_float), dtype=dtypes.int32)
        resized_width = tf.cast(tf.floor(resized_width_float), dtype=dtypes.int32)
        padding_height = (f_target_height - resized_height_float) / 2
        padding_width = (f_target_width - resized_width_float) / 2
        p_height = max_(0, tf.cast(tf.floor(padding_height), dtype=dtypes.int32))
        p_width = max_(0, tf.cast(tf.floor(padding_width), dtype=dtypes.int32))
        resized = im.resize_images(image, [resized_height, resized_width], method, align_corners=align_corners)
        padded = im.pad_to_bounding_box(resized, p_height, p_width, target_height, target_width)
        if padded.get_shape().ndims is None:
            raise ValueError("padded contains no shape.")
        im._image_dimensions(padded, rank=4)
        if not is_batch:
            padded = tf.squeeze(padded, axis=[0])
        return padded


# ------------------------------------------------------------------------ quality metrics

def _verify_compatible_image_shapes(img1, img2):
    tf = _tf()
    shape1 = img1.get_shape().with_rank_at_least(3)
    shape2 = img2.get_shape().with_rank_at_least(3)
    shape1[-3:].assert_is_compatible_with(shape2[-3:])
    if shape1.ndims is not None and shape2.ndims is not None:
        for d1, d2 in zip(reversed(shape1.dims[:-3]), reversed(shape2.dims[:-3])):
            if not (d1 == 1 or d2 == 1 or d1.is_compatible_with(d2)):
                raise ValueError("Two images are not compatible: %s and %s" % (shape1, shape2))
    shape1, shape2 = tf.shape_n([img1, img2])
    checks = [tf.Assert(tf.greater_equal(tf.size(shape1), 3), [shape1, shape2], summarize=10),
              tf.Assert(tf.reduce_all(tf.equal(shape1[-3:], shape2[-3:])), [shape1, shape2], summarize=10)]
    return shape1, shape2, checks


@export("image.psnr")
def psnr(a, b, max_val, name=None):
    tf = _tf()
    with name_scope(name, "PSNR", [a, b]):
        max_val = tf.cast(max_val, a.dtype)
        max_val = convert_image_dtype(max_val, dtypes.float32)
        a = convert_image_dtype(a, dtypes.float32)
        b = convert_image_dtype(b, dtypes.float32)
        mse = tf.reduce_mean(tf.squared_difference(a, b), [-3, -2, -1])
        psnr_val = tf.subtract(20 * tf.log(max_val) / tf.log(10.0),
                               np.float32(10 / np.log(10)) * tf.log(mse), name="psnr")
        _, _, checks = _verify_compatible_image_shapes(a, b)
        with tf.control_dependencies(checks):
            return tf.identity(psnr_val)


def _ssim_helper(x, y, reducer, max_val, compensation=1.0, k1=0.01, k2=0.03):
    tf = _tf()
    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mean0 = reducer(x)
    mean1 = reducer(y)
    num0 = mean0 * mean1 * 2.0
    den0 = tf.square(mean0) + tf.square(mean1)
    luminance = (num0 + c1) / (den0 + c1)
    num1 = reducer(x * y) * 2.0
    den1 = reducer(tf.square(x) + tf.square(y))
    c2 *= compensation
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    return luminance, cs


def _fspecial_gauss(size, sigma):
    """MATLAB's fspecial('gaussian'), as a softmax over -x^2 / (2 sigma^2)."""
    tf = _tf()
    size = convert_to_tensor(size, dtypes.int32)
    sigma = convert_to_tensor(sigma)
    coords = tf.cast(tf.range(size), sigma.dtype)
    coords -= tf.cast(size - 1, sigma.dtype) / 2.0
    g = tf.square(coords)
    g *= -0.5 / tf.square(sigma)
    g = tf.reshape(g, shape=[1, -1]) + tf.reshape(g, shape=[-1, 1])
    g = tf.reshape(g, shape=[1, -1])
    g = tf.nn.softmax(g)
    return tf.reshape(g, shape=[size, size, 1, 1])


def _ssim_per_channel(img1, img2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
    tf = _tf()
    filter_size = tf.constant(filter_size, dtype=dtypes.int32)
    filter_sigma = tf.constant(filter_sigma, dtype=img1.dtype)
    shape1, shape2 = tf.shape_n([img1, img2])
    checks = [tf.Assert(tf.reduce_all(tf.greater_equal(shape1[-3:-1], filter_size)), [shape1, filter_size],
                        summarize=8),
              tf.Assert(tf.reduce_all(tf.greater_equal(shape2[-3:-1], filter_size)), [shape2, filter_size],
                        summarize=8)]
    with tf.control_dependencies(checks):
        img1 = tf.identity(img1)
    kernel = _fspecial_gauss(filter_size, filter_sigma)
    kernel = tf.tile(kernel, multiples=[1, 1, shape1[-1], 1])
    compensation = 1.0   # MATLAB's MS-SSIM uses 1, not 1 - sum(kernel^2)

    def reducer(x):
        shape = tf.shape(x)
        x = tf.reshape(x, shape=tf.concat([[-1], shape[-3:]], 0))
        y = tf.nn.depthwise_conv2d(x, kernel, strides=[1, 1, 1, 1], padding="VALID")
        return tf.reshape(y, tf.concat([shape[:-3], tf.shape(y)[1:]], 0))

    luminance, cs = _ssim_helper(img1, img2, reducer, max_val, compensation, k1, k2)
    axes = tf.constant([-3, -2], dtype=dtypes.int32)
    ssim_val = tf.reduce_mean(luminance * cs, axes)
    cs = tf.reduce_mean(cs, axes)
    return ssim_val, cs


def _prepare_pair(img1, img2, max_val):
    tf = _tf()
    img1 = convert_to_tensor(img1, name="img1")
    img2 = convert_to_tensor(img2, name="img2")
    shape1, shape2, checks = _verify_compatible_image_shapes(img1, img2)
    with tf.control_dependencies(checks):
        img1 = tf.identity(img1)
    max_val = tf.cast(max_val, img1.dtype)
    max_val = convert_image_dtype(max_val, dtypes.float32)
    img1 = convert_image_dtype(img1, dtypes.float32)
    img2 = convert_image_dtype(img2, dtypes.float32)
    return img1, img2, max_val, shape1, shape2


@export("image.ssim")
def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
    with name_scope(None, "SSIM", [img1, img2]):
        img1, img2, max_val, _, _ = _prepare_pair(img1, img2, max_val)
        ssim_per_channel, _ = _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2)
        return _tf().reduce_mean(ssim_per_channel, [-1])


_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


@export("image.ssim_multiscale")
def ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11, filter_sigma=1.5,
                    k1=0.01, k2=0.03):
    tf = _tf()
    with name_scope(None, "MS-SSIM", [img1, img2]):
        img1, img2, max_val, shape1, shape2 = _prepare_pair(img1, img2, max_val)
        imgs = [img1, img2]
        shapes = [shape1, shape2]
        heads = [s[:-3] for s in shapes]
        tails = [s[-3:] for s in shapes]
        divisor = [1, 2, 2, 1]
        divisor_tensor = tf.constant(divisor[1:], dtype=dtypes.int32)

        def do_pad(images, remainder):
            padding = tf.expand_dims(remainder, -1)
            padding = tf.pad(padding, [[1, 0], [1, 0]])
            return [tf.pad(x, padding, mode="SYMMETRIC") for x in images]

        mcs = []
        for k in range(len(power_factors)):
            with name_scope(None, "Scale%d" % k, imgs):
                if k > 0:
                    flat_imgs = [tf.reshape(x, tf.concat([[-1], t], 0)) for x, t in zip(imgs, tails)]
                    remainder = tails[0] % divisor_tensor
                    need_padding = tf.reduce_any(tf.not_equal(remainder, 0))
                    padded = tf.cond(need_padding, lambda: do_pad(flat_imgs, remainder), lambda: flat_imgs)
                    downscaled = [tf.nn.avg_pool(x, ksize=divisor, strides=divisor, padding="VALID")
                                  for x in padded]
                    tails = [x[1:] for x in tf.shape_n(downscaled)]
                    imgs = [tf.reshape(x, tf.concat([h, t], 0)) for x, h, t in zip(downscaled, heads, tails)]
                ssim_per_channel, cs = _ssim_per_channel(*imgs, max_val=max_val, filter_size=filter_size,
                                                         filter_sigma=filter_sigma, k1=k1, k2=k2)
                mcs.append(tf.nn.relu(cs))
        mcs.pop()   # the last scale contributes its ssim, not its cs
        mcs_and_ssim = tf.stack(mcs + [tf.nn.relu(ssim_per_channel)], axis=-1)
        ms_ssim = tf.reduce_prod(tf.pow(mcs_and_ssim, power_factors), [-1])
        return tf.reduce_mean(ms_ssim, [-1])


@export("image.sobel_edges")
def sobel_edges(image):
    tf = _tf()
    static_image_shape = image.get_shape()
    image_shape = tf.shape(image)
    kernels = [[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]
    num_kernels = len(kernels)
    kernels = np.expand_dims(np.transpose(np.asarray(kernels), (1, 2, 0)), -2)
    kernels_tf = tf.constant(kernels, dtype=image.dtype)
    kernels_tf = tf.tile(kernels_tf, [1, 1, image_shape[-1], 1], name="sobel_filters")
    padded = tf.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    output = tf.nn.depthwise_conv2d(padded, kernels_tf, [1, 1, 1, 1], "VALID")
    output = tf.reshape(output, shape=tf.concat([image_shape, [num_kernels]], 0))
    output.set_shape(static_image_shape.concatenate([num_kernels]))
    return output


# --------------------------------------------------------------------------- image patches

def window_geometry(size, k, stride, rate, padding):
    """(output size, padding before) of one spatial dim, with the kernel dilated by `rate`
    (TF's GetWindowedOutputSizeVerbose)."""
    eff = (k - 1) * rate + 1
    if padding == "VALID":
        return (size - eff + stride) // stride, 0
    out = (size + stride - 1) // stride
    total = max((out - 1) * stride + eff - size, 0)
    return out, total // 2


def gather_windows(x, ksize, strides, rates, padding, fill):
    """[N, H, W, C] -> [N, out_h, out_w, kh * kw, C]: every (row, col) tap of each window, from strided
    slices of the input padded with `fill` (exact for every dtype, differentiable by JAX)."""
    n, h, w, c = x.shape
    (oh, ph), (ow, pw) = [window_geometry(s, k, st, r, padding)
                          for s, k, st, r in zip((h, w), ksize, strides, rates)]
    need_h = (oh - 1) * strides[0] + (ksize[0] - 1) * rates[0] + 1
    need_w = (ow - 1) * strides[1] + (ksize[1] - 1) * rates[1] + 1
    xp = jnp.pad(x, [(0, 0), (ph, max(need_h - h - ph, 0)), (pw, max(need_w - w - pw, 0)), (0, 0)],
                 constant_values=fill)
    taps = []
    for i in range(ksize[0]):
        for j in range(ksize[1]):
            r0, c0 = i * rates[0], j * rates[1]
            taps.append(xp[:, r0:r0 + (oh - 1) * strides[0] + 1:strides[0],
                           c0:c0 + (ow - 1) * strides[1] + 1:strides[1], :])
    return jnp.stack(taps, 3)


def _patches_attrs(op):
    return [op._attrs[k][1:3] for k in ("ksizes", "strides", "rates")] + [op._attrs["padding"]]


def _patches_infer(op):
    shape = check_rank(op, 0, 4)
    (kh, kw), (sh, sw), (rh, rw), padding = _patches_attrs(op)
    n, h, w, c = shape.as_list()
    oh = None if h is None else window_geometry(h, kh, sh, rh, padding)[0]
    ow = None if w is None else window_geometry(w, kw, sw, rw, padding)[0]
    return [(in_dtype(op), TensorShape([n, oh, ow, None if c is None else kh * kw * c]))]


def _patches_lower(ctx, op, images):
    ksize, strides, rates, padding = _patches_attrs(op)
    p = gather_windows(images, ksize, strides, rates, padding, 0)
    return p.reshape(p.shape[:3] + (-1,))


registry.register("ExtractImagePatches", _patches_infer, _patches_lower)


def _check_4(name, v):
    v = list(v)
    if len(v) != 4 or v[0] != 1 or v[3] != 1:
        raise ValueError("%s must be of the form [1, x, y, 1]" % name)   # noqa -- shape-function check
    return v


@export("image.extract_image_patches", "extract_image_patches")
def extract_image_patches(images, ksizes=None, strides=None, rates=None, padding=None, name=None, sizes=None):
    ksizes = ksizes if ksizes is not None else sizes
    for attr, v in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
        check_list_attr("ExtractImagePatches", attr, v)
    images = convert_to_tensor(images, name="images")
    attrs = {"ksizes": list(ksizes), "strides": list(strides), "rates": list(rates),
             "padding": padding.decode() if isinstance(padding, bytes) else padding, "T": images.dtype.base_dtype}
    return op_output("ExtractImagePatches", [images], attrs, name=name or "ExtractImagePatches")


@export("image.extract_patches")
def extract_patches(images, sizes, strides, rates, padding, name=None):
    return extract_image_patches(images, sizes, strides, rates, padding, name)


# ------------------------------------------------------------------------------- YIQ / YUV

_KERNELS = {
    "rgb_to_yiq": [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617],
                   [0.114, -0.32134392, 0.31119955]],
    "yiq_to_rgb": [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021], [0.6208248, -0.64720424, 1.70423049]],
    "rgb_to_yuv": [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512],
                   [0.114, 0.43601035, -0.10001026]],
    "yuv_to_rgb": [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]],
}


def _linear_colorspace(kind):
    def convert(images):
        images = convert_to_tensor(images, name="images")
        kernel = convert_to_tensor(_KERNELS[kind], dtype=images.dtype, name="kernel")
        ndims = images.get_shape().ndims
        return _tf().tensordot(images, kernel, axes=[[ndims - 1], [0]])
    convert.__name__ = kind
    return export("image." + kind)(convert)


rgb_to_yiq, yiq_to_rgb, rgb_to_yuv, yuv_to_rgb = [_linear_colorspace(k) for k in _KERNELS]


# ---------------------------------------------------------------------------- crop_and_resize

def _crop_infer(op):
    img = check_rank(op, 0, 4)
    boxes = check_rank(op, 1, 2)
    box_ind = check_rank(op, 2, 1)
    check_dim(op, boxes[1], 4)
    check_equal_dims(op, boxes[0], box_ind[0])
    check_dim(op, check_rank(op, 3, 1)[0], 2)
    size = static_size(op._inputs[3])
    ch, cw = (None, None) if size is None else [int(s) for s in np.reshape(size, [-1])]
    return [(dtypes.float32, TensorShape([boxes[0], ch, cw, img[3]]))]


def _static_size_input(op, i, value, what):
    """A size input's value, which XLA needs static: from constants/shapes, else its concrete value."""
    size = static_size(op._inputs[i])
    if size is None:
        if isinstance(value, jax.core.Tracer):
            raise ConcreteValueNeeded(None, op, "%s (op: '%s'): %s must be computable from constants, shapes or "
                                                "fed values" % (op.name, op.type, what))
        size = value
    return size


def _crop_lower(ctx, op, image, boxes, box_ind, crop_size):
    """crop_and_resize_op.cc: sample points y1 * (H - 1) + y * (y2 - y1) * (H - 1) / (ch - 1) (the box
    centre when ch == 1); points outside the image take extrapolation_value."""
    size = _static_size_input(op, 3, crop_size, "crop_size")
    ch, cw = [int(s) for s in np.asarray(size)]
    if ch <= 0 or cw <= 0:
        raise errors.InvalidArgumentError(None, op, "crop dimensions must be positive")
    if min(image.shape[1:3]) <= 0:
        raise errors.InvalidArgumentError(None, op, "image dimensions must be positive")
    return crop(image, boxes, box_ind, ch, cw, op._attrs.get("method", "bilinear"),
                op._attrs.get("extrapolation_value", 0.0))


def crop(image, boxes, box_ind, ch, cw, method, extrapolation_value):
    _, ih, iw, _ = image.shape
    img = jnp.asarray(image, jnp.float32)[box_ind]     # [nb, H, W, C]
    boxes = boxes.astype(jnp.float32)
    y1, x1, y2, x2 = [boxes[:, i] for i in range(4)]

    def points(lo, hi, n, size):
        if n > 1:
            scale = (hi - lo) * (size - 1) / (n - 1)
            return lo[:, None] * (size - 1) + jnp.arange(n, dtype=jnp.float32)[None, :] * scale[:, None]
        return (0.5 * (lo + hi) * (size - 1))[:, None]

    in_y, in_x = points(y1, y2, ch, ih), points(x1, x2, cw, iw)   # [nb, ch], [nb, cw]
    valid = (((in_y >= 0) & (in_y <= ih - 1))[:, :, None] & ((in_x >= 0) & (in_x <= iw - 1))[:, None, :])
    nb = boxes.shape[0]
    bi = jnp.arange(nb)[:, None, None]

    def at(yi, xi):
        yi = jnp.clip(yi, 0, ih - 1)[:, :, None]
        xi = jnp.clip(xi, 0, iw - 1)[:, None, :]
        return img[bi, yi, xi]                         # [nb, ch, cw, C]

    if method == "nearest":
        out = at(jnp.round(in_y).astype(jnp.int32), jnp.round(in_x).astype(jnp.int32))
        # TF's box gradient (CropAndResizeGradBoxes) is the bilinear one whatever the method: add the
        # bilinear crop's box dependence with a zero value.
        bil = crop(jax.lax.stop_gradient(image), boxes, box_ind, ch, cw, "bilinear", extrapolation_value)
        out = jnp.where(valid[..., None], out, jnp.float32(extrapolation_value))
        return out + (bil - jax.lax.stop_gradient(bil))
    else:
        top, bottom = jnp.floor(in_y), jnp.ceil(in_y)
        left, right = jnp.floor(in_x), jnp.ceil(in_x)
        y_lerp = (in_y - top)[:, :, None, None]
        x_lerp = (in_x - left)[:, None, :, None]
        t, b, l, r = [v.astype(jnp.int32) for v in (top, bottom, left, right)]
        tl, tr, bl, br = at(t, l), at(t, r), at(b, l), at(b, r)
        top_v = tl + (tr - tl) * x_lerp
        bottom_v = bl + (br - bl) * x_lerp
        out = top_v + (bottom_v - top_v) * y_lerp
    return jnp.where(valid[..., None], out, jnp.float32(extrapolation_value))


registry.register("CropAndResize", _crop_infer, _crop_lower)


# The gradient kernels, for imported GraphDefs (tf.gradients differentiates the forward lowering):
# the vjp of the forward crop.

def _grad_image_infer(op):
    size = static_value(op, 3)
    shape = TensorShape(None if size is None else [int(d) for d in np.reshape(size, [-1])])
    return [(op._attrs.get("T", dtypes.float32), shape if size is not None else tensor_shape.unknown_shape(4))]


def _grad_image_lower(ctx, op, grads, boxes, box_ind, image_size):
    n, h, w, c = [int(d) for d in np.asarray(_static_size_input(op, 3, image_size, "image_size"))]
    method = op._attrs.get("method", "bilinear")
    fn = lambda im: crop(im, boxes, box_ind, grads.shape[1], grads.shape[2], method, 0.0)  # noqa: E731
    _, vjp = jax.vjp(fn, jnp.zeros((n, h, w, c), jnp.float32))
    return vjp(jnp.asarray(grads, jnp.float32))[0].astype(jdtype(op._attrs.get("T", dtypes.float32)))


def _grad_boxes_lower(ctx, op, grads, image, boxes, box_ind):
    fn = lambda b: crop(image, b, box_ind, grads.shape[1], grads.shape[2], "bilinear", 0.0)  # noqa: E731
    _, vjp = jax.vjp(fn, jnp.asarray(boxes, jnp.float32))
    return vjp(jnp.asarray(grads, jnp.float32))[0]


registry.register("CropAndResizeGradImage", _grad_image_infer, _grad_image_lower, differentiable=False)
registry.register("CropAndResizeGradBoxes", lambda op: [(dtypes.float32, in_shape(op, 2))], _grad_boxes_lower,
                  differentiable=False)


@export("image.crop_and_resize")
def crop_and_resize(image, boxes, box_ind=None, crop_size=None, method="bilinear", extrapolation_value=0,
                    name=None, box_indices=None):
    box_ind = box_ind if box_ind is not None else box_indices
    with name_scope(name, "CropAndResize", [image, boxes, box_ind, crop_size]) as scope:
        inputs = [convert_to_tensor(image, name="image"), convert_to_tensor(boxes, dtype=dtypes.float32, name="boxes"),
                  convert_to_tensor(box_ind, dtype=dtypes.int32, name="box_ind"),
                  convert_to_tensor(crop_size, dtype=dtypes.int32, name="crop_size")]
        attrs = {"T": inputs[0].dtype.base_dtype, "method": method,
                 "extrapolation_value": float(extrapolation_value)}
        return op_output("CropAndResize", inputs, attrs, name=scope)


# ------------------------------------------------------------------------ draw_bounding_boxes

_COLORS = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1],
                    [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]], np.float32)


def _draw_lower(ctx, op, images, boxes, colors=None):
    """draw_bounding_box_op.cc: each box's outline in the colour table's next colour; edges falling
    outside the image are not drawn (truncating casts as the kernel's int64 conversions)."""
    canvas = np.array(images, copy=True)
    _, height, width, depth = canvas.shape
    colors = _COLORS.copy() if colors is None or np.size(colors) == 0 else np.asarray(colors, np.float32)
    if depth == 1:
        colors[:, 0] = 1   # grey images: white boxes
    for b in range(canvas.shape[0]):
        for bb in range(boxes.shape[1]):
            color = colors[bb % len(colors)][:depth]
            box = np.asarray(boxes[b, bb], np.float32)
            rmin = int(box[0] * np.float32(height - 1))
            rmax = int(box[2] * np.float32(height - 1))
            cmin = int(box[1] * np.float32(width - 1))
            cmax = int(box[3] * np.float32(width - 1))
            if rmin > rmax or cmin > cmax or rmin >= height or rmax < 0 or cmin >= width or cmax < 0:
                continue
            r0, r1 = max(rmin, 0), min(rmax, height - 1)
            c0, c1 = max(cmin, 0), min(cmax, width - 1)
            if rmin >= 0:
                canvas[b, rmin, c0:c1 + 1, :] = color
            if rmax < height:
                canvas[b, rmax, c0:c1 + 1, :] = color
            if cmin >= 0:
                canvas[b, r0:r1 + 1, cmin, :] = color
            if cmax < width:
                canvas[b, r0:r1 + 1, cmax, :] = color
    return canvas


registry.register("DrawBoundingBoxes", same_as_input(0), _draw_lower, host=True, differentiable=False)
registry.register("DrawBoundingBoxesV2", same_as_input(0), _draw_lower, host=True, differentiable=False)


@export("image.draw_bounding_boxes")
def draw_bounding_boxes(images, boxes, name=None, colors=None):
    images = convert_to_tensor(images, name="images")
    boxes = convert_to_tensor(boxes, dtype=dtypes.float32, name="boxes")
    if colors is None:
        return op_output("DrawBoundingBoxes", [images, boxes], {"T": images.dtype.base_dtype},
                         name=name or "DrawBoundingBoxes")
    colors = convert_to_tensor(colors, dtype=dtypes.float32, name="colors")
    return op_output("DrawBoundingBoxesV2", [images, boxes, colors], {"T": images.dtype.base_dtype},
                     name=name or "DrawBoundingBoxesV2")


# --------------------------------------------------------------------------- non-max suppression

def _iou(boxes, i, j):
    bi, bj = boxes[i], boxes[j]
    ymin_i, ymax_i = min(bi[0], bi[2]), max(bi[0], bi[2])
    xmin_i, xmax_i = min(bi[1], bi[3]), max(bi[1], bi[3])
    ymin_j, ymax_j = min(bj[0], bj[2]), max(bj[0], bj[2])
    xmin_j, xmax_j = min(bj[1], bj[3]), max(bj[1], bj[3])
    area_i = (ymax_i - ymin_i) * (xmax_i - xmin_i)
    area_j = (ymax_j - ymin_j) * (xmax_j - xmin_j)
    if area_i <= 0 or area_j <= 0:
        return 0.0
    ih = max(min(ymax_i, ymax_j) - max(ymin_i, ymin_j), 0.0)
    iw = max(min(xmax_i, xmax_j) - max(xmin_i, xmin_j), 0.0)
    inter = ih * iw
    return inter / (area_i + area_j - inter)


def nms(boxes, scores, max_output, iou_threshold, score_threshold, soft_nms_sigma=0.0, overlaps=None):
    """non_max_suppression_op.cc's greedy loop (with soft-NMS re-scoring when sigma > 0): candidates
    above the score threshold by descending score (lower index first on ties); each is compared
    with the boxes selected since it was last scored."""
    boxes = np.asarray(boxes, np.float32)
    scores = np.asarray(scores, np.float32)
    overlaps = None if overlaps is None else np.asarray(overlaps, np.float32)
    soft = soft_nms_sigma > 0
    scale = -0.5 / soft_nms_sigma if soft else 0.0
    # [score, index, suppress_begin]
    queue = [[float(s), i, 0] for i, s in enumerate(scores) if s > score_threshold]
    selected, selected_scores = [], []
    while len(selected) < max_output and queue:
        queue.sort(key=lambda c: (-c[0], c[1]))
        cand = queue.pop(0)
        original = cand[0]
        hard = False
        for j in range(len(selected) - 1, cand[2] - 1, -1):
            sim = np.float32(_iou(boxes, cand[1], selected[j]) if overlaps is None
                             else overlaps[cand[1], selected[j]])
            # Soft-NMS only decays scores; plain NMS drops a box overlapping a selected one.
            if not soft and sim > iou_threshold:
                hard = True
                break
            if soft:
                cand[0] = float(np.float32(cand[0]) * np.exp(np.float32(scale) * sim * sim))
            if cand[0] <= score_threshold:
                break
        cand[2] = len(selected)
        if hard:
            continue
        if cand[0] == original:
            selected.append(cand[1])
            selected_scores.append(cand[0])
        elif cand[0] > score_threshold:
            queue.append(cand)
    return np.asarray(selected, np.int32), np.asarray(selected_scores, np.float32)


def _nms_infer(n_out, padded=False):
    def infer(op):
        check_dim(op, check_rank(op, 0, 2)[1], 4)
        check_rank(op, 1, 1)
        check_rank(op, 2, 0)
        size = static_value(op, 2)
        if padded and op._attrs.get("pad_to_max_output_size") and size is not None:
            dim = int(size)
        else:
            dim = None
        outs = [(dtypes.int32, TensorShape([dim]))]
        if n_out == 3:
            outs.append((in_dtype(op, 1), TensorShape([dim])))
        if padded:
            outs.append((dtypes.int32, TensorShape([])))
        return outs
    return infer


def _nms_lower(kind):
    def lower(ctx, op, boxes, scores, max_output, iou=0.5, score_threshold=-np.inf, sigma=0.0):
        iou_t = float(iou) if kind != "V1" else float(op._attrs.get("iou_threshold", 0.5))
        idx, sel_scores = nms(boxes, scores, int(max_output), np.float32(iou_t), np.float32(score_threshold),
                              float(sigma))
        valid = np.int32(len(idx))
        if op._attrs.get("pad_to_max_output_size"):
            pad = int(max_output) - len(idx)
            idx = np.concatenate([idx, np.zeros(pad, np.int32)])
            sel_scores = np.concatenate([sel_scores, np.zeros(pad, np.float32)])
        if kind == "V5":
            return idx, sel_scores.astype(np.asarray(scores).dtype), valid
        if kind == "V4":
            return idx, valid
        return idx
    return lower


for _kind, _n in [("V1", 1), ("V2", 1), ("V3", 1), ("V4", 2), ("V5", 3)]:
    _type = "NonMaxSuppression" + ("" if _kind == "V1" else _kind)
    registry.register(_type, _nms_infer(_n, _kind in ("V4", "V5")), _nms_lower(_kind), host=True,
                      differentiable=False)


def _nms_inputs(boxes, scores, max_output_size, iou_threshold, score_threshold, extra=()):
    tensors = [convert_to_tensor(boxes, name="boxes"), convert_to_tensor(scores, name="scores"),
               convert_to_tensor(max_output_size, dtype=dtypes.int32, name="max_output_size"),
               convert_to_tensor(iou_threshold, dtype=dtypes.float32, name="iou_threshold"),
               convert_to_tensor(score_threshold, dtype=dtypes.float32, name="score_threshold")]
    return tensors + [convert_to_tensor(v, dtype=dtypes.float32, name=n) for n, v in extra]


@export("image.non_max_suppression")
def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                        name=None):
    with name_scope(name, "non_max_suppression"):
        inputs = _nms_inputs(boxes, scores, max_output_size, iou_threshold, score_threshold)
        return op_output("NonMaxSuppressionV3", inputs, {"T": inputs[0].dtype.base_dtype},
                         name="NonMaxSuppressionV3")


def _overlaps_infer(op):
    check_rank(op, 0, 2)
    check_rank(op, 1, 1)
    return [(dtypes.int32, TensorShape([None]))]


def _overlaps_lower(ctx, op, overlaps, scores, max_output, overlap_threshold, score_threshold):
    return nms(None, scores, int(max_output), np.float32(overlap_threshold), np.float32(score_threshold),
               overlaps=overlaps)[0]


registry.register("NonMaxSuppressionWithOverlaps", _overlaps_infer, _overlaps_lower, host=True,
                  differentiable=False)


@export("image.non_max_suppression_overlaps")
def non_max_suppression_with_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
                                      score_threshold=float("-inf"), name=None):
    with name_scope(name, "non_max_suppression_overlaps"):
        overlap_threshold = convert_to_tensor(overlap_threshold, name="overlap_threshold")
        inputs = [convert_to_tensor(overlaps, dtype=dtypes.float32, name="overlaps"),
                  convert_to_tensor(scores, dtype=dtypes.float32, name="scores"),
                  convert_to_tensor(max_output_size, dtype=dtypes.int32, name="max_output_size"),
                  overlap_threshold,
                  convert_to_tensor(score_threshold, dtype=dtypes.float32, name="score_threshold")]
        return op_output("NonMaxSuppressionWithOverlaps", inputs, {}, name="NonMaxSuppressionWithOverlaps")


@export("image.non_max_suppression_padded")
def non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                               pad_to_max_output_size=False, name=None):
    with name_scope(name, "non_max_suppression_padded"):
        inputs = _nms_inputs(boxes, scores, max_output_size, iou_threshold, score_threshold)
        op = op_output("NonMaxSuppressionV4", inputs, {"T": inputs[0].dtype.base_dtype,
                                                       "pad_to_max_output_size": bool(pad_to_max_output_size)},
                       name="NonMaxSuppressionV4").op
        return op.outputs[0], op.outputs[1]


@export("image.non_max_suppression_with_scores")
def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0, name=None):
    with name_scope(name, "non_max_suppression_with_scores"):
        inputs = _nms_inputs(boxes, scores, max_output_size, iou_threshold, score_threshold,
                             [("soft_nms_sigma", soft_nms_sigma)])
        op = op_output("NonMaxSuppressionV5", inputs, {"T": inputs[0].dtype.base_dtype,
                                                       "pad_to_max_output_size": False},
                       name="NonMaxSuppressionV5").op
        return op.outputs[0], op.outputs[1]


# -------------------------------------------------------------------- distorted bounding box

def _random_crop(rs, width, height, min_rel, max_rel, aspect):
    """sample_distorted_bounding_box_op.cc's GenerateRandomCrop: (x, y, w, h) or None."""
    f32 = np.float32
    min_area = f32(min_rel) * width * height
    max_area = f32(max_rel) * width * height
    h = int(np.rint(np.sqrt(min_area / aspect)))
    max_h = int(np.rint(np.sqrt(max_area / aspect)))
    if np.rint(max_h * aspect) > width:
        max_h = int((width + 0.5 - 1e-7) / aspect)
        if np.rint(max_h * aspect) > width:
            max_h -= 1
    max_h = min(max_h, height)
    h = min(h, max_h)
    if h < max_h:
        h += rs.randint(max_h - h + 1)
    w = int(np.rint(h * aspect))
    area = f32(w * h)
    if area < min_area:
        h += 1
        w = int(np.rint(h * aspect))
        area = f32(w * h)
    if area < min_area:
        return None
    if area > max_area:
        h -= 1
        w = int(np.rint(h * aspect))
        area = f32(w * h)
    if area < min_area or area > max_area or w > width or h > height or w <= 0 or h <= 0:
        return None
    y = rs.randint(height - h) if h < height else 0
    x = rs.randint(width - w) if w < width else 0
    return x, y, w, h


def _covers(crop, boxes, min_covered):
    x, y, w, h = crop
    for x0, y0, x1, y1 in boxes:
        area = (x1 - x0) * (y1 - y0)
        if area <= 0:
            continue
        inter = max(0, min(x1, x + w) - max(x0, x)) * max(0, min(y1, y + h) - max(y0, y))
        if np.float32(inter) / np.float32(area) >= min_covered:
            return True
    return False


def _sample_box_lower(ctx, op, image_size, bounding_boxes, min_object_covered):
    size = np.asarray(image_size)
    height, width = int(size[0]), int(size[1])
    boxes = np.asarray(bounding_boxes, np.float32).reshape(-1, 4)
    rects = [(int(b[1] * width), int(b[0] * height), int(b[3] * width), int(b[2] * height)) for b in boxes]
    if not rects:
        if not op._attrs.get("use_image_if_no_bounding_boxes", False):
            raise errors.InvalidArgumentError(
                None, op, "No bounding boxes provided as input. One must enable use_image_if_no_bounding_boxes "
                          "if you wish to not provide any bounding boxes.")
        rects = [(0, 0, width, height)]
    key = jax.random.key_data(ctx.rng_key(op))
    rs = np.random.RandomState(np.asarray(key, np.uint32).ravel())
    lo_ar, hi_ar = op._attrs.get("aspect_ratio_range", [0.75, 1.33])
    lo_area, hi_area = op._attrs.get("area_range", [0.05, 1.0])
    crop = (0, 0, width, height)
    for _ in range(op._attrs.get("max_attempts", 100)):
        aspect = np.float32(rs.random_sample()) * np.float32(hi_ar - lo_ar) + np.float32(lo_ar)
        c = _random_crop(rs, width, height, lo_area, hi_area, aspect)
        if c is not None and _covers(c, rects, np.float32(min_object_covered)):
            crop = c
            break
    x, y, w, h = crop
    dt = size.dtype
    bbox = np.array([[[y / height, x / width, (y + h) / height, (x + w) / width]]], np.float32)
    return np.array([y, x, 0], dt), np.array([h, w, -1], dt), bbox


def _sample_box_infer(op):
    check_rank(op, 0, 1)
    check_rank(op, 1, 3)
    dt = in_dtype(op, 0)
    return [(dt, TensorShape([3])), (dt, TensorShape([3])), (dtypes.float32, TensorShape([1, 1, 4]))]


registry.register("SampleDistortedBoundingBoxV2", _sample_box_infer, _sample_box_lower, stateful=True, host=True,
                  differentiable=False)


@export("image.sample_distorted_bounding_box")
def sample_distorted_bounding_box(image_size, bounding_boxes, seed=None, seed2=None, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    from .random_ops import seed_attrs
    with name_scope(name, "sample_distorted_bounding_box"):
        attrs = seed_attrs(seed)
        if seed2 is not None:
            attrs["seed2"] = seed2
        image_size = convert_to_tensor(image_size, name="image_size")
        attrs.update({"T": image_size.dtype.base_dtype,
                      "aspect_ratio_range": [float(v) for v in (aspect_ratio_range or [0.75, 1.33])],
                      "area_range": [float(v) for v in (area_range or [0.05, 1.0])],
                      "max_attempts": int(max_attempts or 100),
                      "use_image_if_no_bounding_boxes": bool(use_image_if_no_bounding_boxes)})
        inputs = [image_size, convert_to_tensor(bounding_boxes, dtype=dtypes.float32, name="bounding_boxes"),
                  convert_to_tensor(min_object_covered, dtype=dtypes.float32, name="min_object_covered")]
        op = make_op("SampleDistortedBoundingBoxV2", inputs, attrs, name="SampleDistortedBoundingBoxV2")
        return output_tuple(op, ["begin", "size", "bboxes"])


# ------------------------------------------------------------------ combined non-max suppression

def _combined_sizes(op, classes, per_class, total):
    pad = op._attrs.get("pad_per_class", False)
    if total is None or (pad and (per_class is None or classes is None)):
        return None
    return min(per_class * classes, total) if pad else total


def _combined_infer(op):
    boxes = check_rank(op, 0, 4)
    scores = check_rank(op, 1, 3)
    per_class, total = static_value(op, 2), static_value(op, 3)
    n = _combined_sizes(op, scores[2], None if per_class is None else int(per_class),
                        None if total is None else int(total))
    batch = boxes[0] if boxes[0] is not None else scores[0]
    return [(dtypes.float32, TensorShape([batch, n, 4])), (dtypes.float32, TensorShape([batch, n])),
            (dtypes.float32, TensorShape([batch, n])), (dtypes.int32, TensorShape([batch]))]


def _combined_lower(ctx, op, boxes, scores, per_class, total, iou_threshold, score_threshold):
    """BatchedNonMaxSuppressionOp: hard NMS per class (at most `per_class` each), then the batch's
    selections by descending score, cut to the output size, zero-padded; boxes clipped to [0, 1]."""
    boxes, scores = np.asarray(boxes, np.float32), np.asarray(scores, np.float32)
    batch, _, classes = scores.shape
    per_class, total = int(per_class), int(total)
    size = _combined_sizes(op, classes, per_class, total)
    out_boxes = np.zeros([batch, size, 4], np.float32)
    out_scores = np.zeros([batch, size], np.float32)
    out_classes = np.zeros([batch, size], np.float32)
    valid = np.zeros([batch], np.int32)
    for b in range(batch):
        found = []
        for c in range(classes):
            class_boxes = boxes[b, :, 0 if boxes.shape[2] == 1 else c]
            idx, sel = nms(class_boxes, scores[b, :, c], per_class, np.float32(iou_threshold),
                           np.float32(score_threshold))
            found += [(s, class_boxes[i], c) for i, s in zip(idx, sel)]
        found.sort(key=lambda r: -r[0])
        found = found[:size]
        valid[b] = len(found)
        for k, (s, box, c) in enumerate(found):
            out_boxes[b, k] = np.clip(box, 0, 1) if op._attrs.get("clip_boxes", True) else box
            out_scores[b, k], out_classes[b, k] = s, c
    return out_boxes, out_scores, out_classes, valid


registry.register("CombinedNonMaxSuppression", _combined_infer, _combined_lower, host=True, differentiable=False)


@export("image.combined_non_max_suppression")
def combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size, iou_threshold=0.5,
                                 score_threshold=float("-inf"), pad_per_class=False, clip_boxes=True, name=None):
    with name_scope(name, "combined_non_max_suppression"):
        inputs = [convert_to_tensor(boxes, dtype=dtypes.float32, name="boxes"),
                  convert_to_tensor(scores, dtype=dtypes.float32, name="scores"),
                  convert_to_tensor(max_output_size_per_class, dtype=dtypes.int32, name="max_output_size_per_class"),
                  convert_to_tensor(max_total_size, dtype=dtypes.int32, name="max_total_size")]
        iou = convert_to_tensor(iou_threshold, dtype=dtypes.float32, name="iou_threshold")
        score = convert_to_tensor(score_threshold, dtype=dtypes.float32, name="score_threshold")
        op = make_op("CombinedNonMaxSuppression", inputs + [iou, score],
                     {"pad_per_class": bool(pad_per_class), "clip_boxes": bool(clip_boxes)},
                     name="CombinedNonMaxSuppression")
        return output_tuple(op, ["nmsed_boxes", "nmsed_scores", "nmsed_classes", "valid_detections"])


# ---------------------------------------------------------------------------------- glimpses

def _glimpse_infer(op):
    shape = check_rank(op, 0, 4)
    size = static_value(op, 1)
    h, w = (None, None) if size is None else [int(d) for d in np.reshape(size, [-1])]
    return [(dtypes.float32, TensorShape([shape[0], h, w, shape[3]]))]


def _glimpse_lower(ctx, op, images, size, offsets):
    """eigen_attention.h's ExtractGlimpses (version 1): the window's top-left corner from the (y, x)
    offset (normalized: times the image size; centered: from the image centre), truncated; a window
    not inside the image (or touching its far edge) is first filled with noise, then the part that
    covers the image is copied in."""
    images = np.asarray(images, np.float32)
    gh, gw = [int(d) for d in np.asarray(size)]
    n, ih, iw, c = images.shape
    a = op._attrs
    mode = "uniform" if a.get("uniform_noise", True) else a.get("noise", "uniform") or "uniform"
    rng = np.random.default_rng()
    out = np.zeros([n, gh, gw, c], np.float32)
    f32 = np.float32
    for i in range(n):
        y, x = f32(offsets[i][0]), f32(offsets[i][1])
        if a.get("normalized", True):
            x, y = x * f32(iw), y * f32(ih)
        if a.get("centered", True):
            x, y = x / f32(2) + f32(iw / 2.0), y / f32(2) + f32(ih / 2.0)
        x, y = int(x - f32(gw / 2.0)), int(y - f32(gh / 2.0))
        spans = []
        partial = False
        for off, win, size_in in ((y, gh, ih), (x, gw, iw)):
            if off < 0:
                got = max(0, win + off)
                spans.append((0, min(size_in, got), win - got))
                partial = True
            elif off + win >= size_in:
                got = max(0, size_in - off)
                spans.append((off, min(size_in, got), 0))
                partial = True
            else:
                spans.append((off, win, 0))
        img = images[i]
        if partial:
            if mode == "zero":
                out[i] = 0
            elif mode == "gaussian":
                mean, sigma = img.mean(axis=(0, 1)), img.std(axis=(0, 1))
                noise = mean + rng.standard_normal([gh, gw, c]).astype(np.float32) * sigma
                out[i] = np.clip(noise, img.min(axis=(0, 1)), img.max(axis=(0, 1)))
            else:
                lo = img.min()
                out[i] = lo + rng.random([gh, gw, c], np.float32) * (img.max() - lo)
        (sy, ey, by), (sx, ex, bx) = spans
        if ey > 0 and ex > 0:
            out[i, by:by + ey, bx:bx + ex] = img[sy:sy + ey, sx:sx + ex]
    return out


registry.register("ExtractGlimpse", _glimpse_infer, _glimpse_lower, host=True, differentiable=False)


@export("image.extract_glimpse")
def extract_glimpse(input, size, offsets, centered=True, normalized=True, uniform_noise=True,  # noqa: A002
                    name=None):
    inputs = [convert_to_tensor(input, dtype=dtypes.float32, name="input"),
              convert_to_tensor(size, dtype=dtypes.int32, name="size"),
              convert_to_tensor(offsets, dtype=dtypes.float32, name="offsets")]
    attrs = {"centered": bool(centered), "normalized": bool(normalized), "uniform_noise": bool(uniform_noise),
             "noise": "uniform"}
    return op_output("ExtractGlimpse", inputs, attrs, name=name or "ExtractGlimpse")
