"""`tf.image` (TF 1.15's image_ops_impl.py): flips, rotations, crops and pads, resizing, colour and
dtype conversions, built from the same ops in the same name scopes as TF, so graphs, names, static
shapes and error messages match. The resize/contrast kernels live in image_resize_ops.py.
"""

from ..api import export, public as _tf
from ..framework import dtypes
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value, partial_shape_value
from . import image_resize_ops as kernels
from . import variables


# ------------------------------------------------------------------------------ shape checks

def _is_tensor(x):
    return isinstance(x, (Tensor, variables.Variable))


def _assert(cond, ex_type, msg):
    if _is_tensor(cond):
        return [_tf().Assert(cond, [msg])]
    if not cond:
        raise ex_type(msg)
    return []


def _image_dimensions(image, rank):
    if image.get_shape().is_fully_defined():
        return image.get_shape().as_list()
    static = image.get_shape().with_rank(rank).as_list()
    dynamic = _tf().unstack(_tf().shape(image), rank)
    return [s if s is not None else d for s, d in zip(static, dynamic)]


def _check_at_least_3d(image, require_static=True):
    try:
        if image.get_shape().ndims is None:
            image_shape = image.get_shape().with_rank(3)
        else:
            image_shape = image.get_shape().with_rank_at_least(3)
    except ValueError:
        raise ValueError("'image' (shape %s) must be at least three-dimensional." % image.shape)
    if require_static and not image_shape.is_fully_defined():
        raise ValueError("'image' must be fully defined.")
    if any(x == 0 for x in image_shape[-3:]):
        raise ValueError("inner 3 dims of 'image.shape' must be > 0: %s" % image_shape)
    if not image_shape[-3:].is_fully_defined():
        tf = _tf()
        return [tf.assert_positive(tf.shape(image)[-3:], ["inner 3 dims of 'image.shape' must be > 0."]),
                tf.assert_greater_equal(tf.rank(image), 3,
                                        message="'image' must be at least three-dimensional.")]
    return []


def _assert_at_least_3d(image):
    return _tf().control_flow_ops.with_dependencies(_check_at_least_3d(image, require_static=False), image)


def _check_grayscale(image, require_static=True):
    try:
        if image.get_shape().ndims is None:
            image_shape = image.get_shape().with_rank(2)
        else:
            image_shape = image.get_shape().with_rank_at_least(2)
    except ValueError:
        raise ValueError("A grayscale image (shape %s) must be at least two-dimensional." % image.shape)
    if require_static and not image_shape.is_fully_defined():
        raise ValueError("'image' must be fully defined.")
    if image_shape.is_fully_defined() and image_shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    if not image_shape.is_fully_defined():
        tf = _tf()
        return [tf.assert_equal(tf.shape(image)[-1], 1,
                                message="Last dimension of a grayscale image should be size 1."),
                tf.assert_greater_equal(tf.rank(image), 3,
                                        message="A grayscale image must be at least two-dimensional.")]
    return []


def _fix_flip_shape(image, result):
    shape = image.get_shape()
    result.set_shape([None, None, None] if shape.ndims is None else shape)
    return result


def _rank_3_or_4(image, f3, f4, sep=" "):
    """Dispatch on the image's rank as TF does: a tf.cond on `rank == 3` when the rank is unknown."""
    shape = image.get_shape()
    if shape.ndims is None:
        tf = _tf()
        return tf.cond(tf.equal(tf.rank(image), 3), f3, f4)
    if shape.ndims == 3:
        return f3()
    if shape.ndims == 4:
        return f4()
    raise ValueError("'image' (shape %s)%smust have either 3 or 4 dimensions." % (shape, sep))


# ---------------------------------------------------------------------------------- flips

def _flip(image, flip_index, scope_name):
    with name_scope(None, scope_name, [image]):
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        tf = _tf()
        return _rank_3_or_4(image,
                            lambda: _fix_flip_shape(image, tf.reverse(image, [flip_index])),
                            lambda: tf.reverse(image, [flip_index + 1]), sep="")


@export("image.flip_left_right")
def flip_left_right(image):
    return _flip(image, 1, "flip_left_right")


@export("image.flip_up_down")
def flip_up_down(image):
    return _flip(image, 0, "flip_up_down")


def _random_flip(image, flip_index, seed, scope_name):
    with name_scope(None, scope_name, [image]) as scope:
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        tf = _tf()

        def f_rank3():
            uniform_random = tf.random_uniform(shape=[], minval=0, maxval=1.0, seed=seed)
            mirror_cond = tf.less(uniform_random, .5)
            result = tf.cond(mirror_cond, lambda: tf.reverse(image, [flip_index]), lambda: image, name=scope)
            return _fix_flip_shape(image, result)

        def f_rank4():
            batch_size = tf.shape(image)[0]
            uniform_random = tf.random_uniform(shape=[batch_size], minval=0, maxval=1.0, seed=seed)
            flips = tf.round(tf.reshape(uniform_random, [batch_size, 1, 1, 1]))
            flips = tf.cast(flips, image.dtype)
            flipped_input = tf.reverse(image, [flip_index + 1])
            return flips * flipped_input + (1 - flips) * image

        return _rank_3_or_4(image, f_rank3, f_rank4)


@export("image.random_flip_up_down")
def random_flip_up_down(image, seed=None):
    return _random_flip(image, 0, seed, "random_flip_up_down")


@export("image.random_flip_left_right")
def random_flip_left_right(image, seed=None):
    return _random_flip(image, 1, seed, "random_flip_left_right")


# ------------------------------------------------------------------------- rotate, transpose

def _rot90_3d(image, k, scope):
    tf = _tf()
    cases = [(tf.equal(k, 1), lambda: tf.transpose(tf.reverse(image, [1]), [1, 0, 2])),
             (tf.equal(k, 2), lambda: tf.reverse(image, [0, 1])),
             (tf.equal(k, 3), lambda: tf.reverse(tf.transpose(image, [1, 0, 2]), [1]))]
    result = tf.case(cases, default=lambda: image, exclusive=True, name=scope)
    result.set_shape([None, None, image.get_shape()[2]])
    return result


def _rot90_4d(images, k, scope):
    tf = _tf()
    cases = [(tf.equal(k, 1), lambda: tf.transpose(tf.reverse(images, [2]), [0, 2, 1, 3])),
             (tf.equal(k, 2), lambda: tf.reverse(images, [1, 2])),
             (tf.equal(k, 3), lambda: tf.reverse(tf.transpose(images, [0, 2, 1, 3]), [2]))]
    result = tf.case(cases, default=lambda: images, exclusive=True, name=scope)
    shape = result.get_shape()
    result.set_shape([shape[0], None, None, shape[3]])
    return result


def _rot90_static(image, k):
    tf = _tf()
    b = image.get_shape().ndims - 3   # 1 for a batch
    perm = list(range(b)) + [b + 1, b, b + 2]
    if k == 1:
        return tf.transpose(tf.reverse(image, [b + 1]), perm)
    if k == 2:
        return tf.reverse(image, [b, b + 1])
    if k == 3:
        return tf.reverse(tf.transpose(image, perm), [b + 1])
    return image


@export("image.rot90")
def rot90(image, k=1, name=None):
    with name_scope(name, "rot90", [image, k]) as scope:
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        k.get_shape().assert_has_rank(0)
        k_static = constant_value(k)
        k = _tf().mod(k, 4)
        if k_static is not None and image.get_shape().ndims in (3, 4):
            # A known k: only the taken branch. TF builds a tf.case here, but tf1's cond lowers to
            # lax.cond, which cannot return differently shaped branches (a non-square image).
            return _rot90_static(image, int(k_static) % 4)
        return _rank_3_or_4(image, lambda: _rot90_3d(image, k, scope), lambda: _rot90_4d(image, k, scope))


@export("image.transpose", "image.transpose_image")
def transpose(image, name=None):
    with name_scope(name, "transpose", [image]):
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        tf = _tf()
        return _rank_3_or_4(image, lambda: tf.transpose(image, [1, 0, 2], name=name),
                            lambda: tf.transpose(image, [0, 2, 1, 3], name=name))


# ---------------------------------------------------------------------------- crops and pads

@export("image.central_crop")
def central_crop(image, central_fraction):
    with name_scope(None, "central_crop", [image]):
        tf = _tf()
        image = convert_to_tensor(image, name="image")
        fraction_static = constant_value(central_fraction)
        if fraction_static is not None:
            if fraction_static <= 0.0 or fraction_static > 1.0:
                raise ValueError("central_fraction must be within (0, 1]")
            if fraction_static == 1.0:
                return image
        else:
            assert_ops = _assert(tf.logical_or(central_fraction > 0.0, central_fraction <= 1.0),
                                 ValueError, "central_fraction must be within (0, 1]")
            image = tf.control_flow_ops.with_dependencies(assert_ops, image)

        _assert_at_least_3d(image)
        rank = image.get_shape().ndims
        if rank != 3 and rank != 4:
            raise ValueError("`image` should either be a Tensor with rank = 3 or rank = 4. Had rank = {}."
                             .format(rank))

        def get_dim(idx):
            static = image.get_shape().as_list()[idx]
            if static is not None:
                return static, False
            return tf.shape(image)[idx], True

        off = 0 if rank == 3 else 1
        img_h, dynamic_h = get_dim(off)
        img_w, dynamic_w = get_dim(off + 1)
        img_d = image.get_shape()[off + 2]
        dynamic_h = dynamic_h or fraction_static is None
        dynamic_w = dynamic_w or fraction_static is None

        def start(size, dynamic):
            if dynamic:
                sd = tf.cast(size, dtypes.float64)
                return tf.cast((sd - sd * tf.cast(central_fraction, dtypes.float64)) / 2, dtypes.int32)
            sd = float(size)
            return int((sd - sd * fraction_static) / 2)

        h_start, w_start = start(img_h, dynamic_h), start(img_w, dynamic_w)
        h_size, w_size = img_h - h_start * 2, img_w - w_start * 2
        if rank == 3:
            begin, size = tf.stack([h_start, w_start, 0]), tf.stack([h_size, w_size, -1])
        else:
            begin, size = tf.stack([0, h_start, w_start, 0]), tf.stack([-1, h_size, w_size, -1])
        image = tf.slice(image, begin, size)
        hw = [None if dynamic_h else h_size, None if dynamic_w else w_size]
        image.set_shape(hw + [img_d] if rank == 3 else [image.get_shape()[0]] + hw + [img_d])
        return image


def _as_batch(image):
    """Rank 3 (or unknown) images get a batch dimension; returns (image, is_batch)."""
    shape = image.get_shape()
    if shape.ndims == 3:
        return _tf().expand_dims(image, 0), False
    if shape.ndims is None:
        image = _tf().expand_dims(image, 0)
        image.set_shape([None] * 4)
        return image, False
    if shape.ndims != 4:
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % shape)
    return image, True


@export("image.pad_to_bounding_box")
def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    with name_scope(None, "pad_to_bounding_box", [image]):
        tf = _tf()
        image = convert_to_tensor(image, name="image")
        image, is_batch = _as_batch(image)
        batch, height, width, depth = _image_dimensions(image, rank=4)
        after_padding_width = target_width - offset_width - width
        after_padding_height = target_height - offset_height - height
        assert_ops = _check_at_least_3d(image, require_static=False)
        assert_ops += _assert(offset_height >= 0, ValueError, "offset_height must be >= 0")
        assert_ops += _assert(offset_width >= 0, ValueError, "offset_width must be >= 0")
        assert_ops += _assert(after_padding_width >= 0, ValueError, "width must be <= target - offset")
        assert_ops += _assert(after_padding_height >= 0, ValueError, "height must be <= target - offset")
        image = tf.control_flow_ops.with_dependencies(assert_ops, image)
        paddings = tf.reshape(tf.stack([0, 0, offset_height, after_padding_height, offset_width,
                                        after_padding_width, 0, 0]), [4, 2])
        padded = tf.pad(image, paddings)
        padded.set_shape([None if _is_tensor(i) else i for i in [batch, target_height, target_width, depth]])
        return padded if is_batch else tf.squeeze(padded, axis=[0])


@export("image.crop_to_bounding_box")
def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    with name_scope(None, "crop_to_bounding_box", [image]):
        tf = _tf()
        image = convert_to_tensor(image, name="image")
        image, is_batch = _as_batch(image)
        assert_ops = _check_at_least_3d(image, require_static=False)
        batch, height, width, depth = _image_dimensions(image, rank=4)
        assert_ops += _assert(offset_width >= 0, ValueError, "offset_width must be >= 0.")
        assert_ops += _assert(offset_height >= 0, ValueError, "offset_height must be >= 0.")
        assert_ops += _assert(target_width > 0, ValueError, "target_width must be > 0.")
        assert_ops += _assert(target_height > 0, ValueError, "target_height must be > 0.")
        assert_ops += _assert(width >= (target_width + offset_width), ValueError,
                              "width must be >= target + offset.")
        assert_ops += _assert(height >= (target_height + offset_height), ValueError,
                              "height must be >= target + offset.")
        image = tf.control_flow_ops.with_dependencies(assert_ops, image)
        cropped = tf.slice(image, tf.stack([0, offset_height, offset_width, 0]),
                           tf.stack([-1, target_height, target_width, -1]))
        cropped.set_shape([None if _is_tensor(i) else i for i in [batch, target_height, target_width, depth]])
        return cropped if is_batch else tf.squeeze(cropped, axis=[0])


@export("image.resize_image_with_crop_or_pad", "image.resize_with_crop_or_pad")
def resize_image_with_crop_or_pad(image, target_height, target_width):
    with name_scope(None, "resize_image_with_crop_or_pad", [image]):
        tf = _tf()
        image = convert_to_tensor(image, name="image")
        image, is_batch = _as_batch(image)
        assert_ops = _check_at_least_3d(image, require_static=False)
        assert_ops += _assert(target_width > 0, ValueError, "target_width must be > 0.")
        assert_ops += _assert(target_height > 0, ValueError, "target_height must be > 0.")
        image = tf.control_flow_ops.with_dependencies(assert_ops, image)
        # The checks of crop/pad_to_bounding_box come after these, so these messages show first.
        if _is_tensor(target_height):
            target_height = tf.control_flow_ops.with_dependencies(assert_ops, target_height)
        if _is_tensor(target_width):
            target_width = tf.control_flow_ops.with_dependencies(assert_ops, target_width)

        def either(fn_tensor, fn_py):
            return lambda x, y: fn_tensor(x, y) if _is_tensor(x) or _is_tensor(y) else fn_py(x, y)

        max_, min_ = either(tf.maximum, max), either(tf.minimum, min)
        equal_ = either(tf.equal, lambda x, y: x == y)

        _, height, width, _ = _image_dimensions(image, rank=4)
        width_diff = target_width - width
        offset_crop_width = max_(-width_diff // 2, 0)
        offset_pad_width = max_(width_diff // 2, 0)
        height_diff = target_height - height
        offset_crop_height = max_(-height_diff // 2, 0)
        offset_pad_height = max_(height_diff // 2, 0)

        cropped = crop_to_bounding_box(image, offset_crop_height, offset_crop_width,
                                       min_(target_height, height), min_(target_width, width))
        resized = pad_to_bounding_box(cropped, offset_pad_height, offset_pad_width, target_height, target_width)
        if resized.get_shape().ndims is None:
            raise ValueError("resized contains no shape.")
        _, resized_height, resized_width, _ = _image_dimensions(resized, rank=4)
        assert_ops = _assert(equal_(resized_height, target_height), ValueError, "resized height is not correct.")
        assert_ops += _assert(equal_(resized_width, target_width), ValueError, "resized width is not correct.")
        resized = tf.control_flow_ops.with_dependencies(assert_ops, resized)
        return resized if is_batch else tf.squeeze(resized, axis=[0])


# ----------------------------------------------------------------------------------- resizing

class ResizeMethod(object):
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


export("image.ResizeMethod")(ResizeMethod)

_METHOD_OPS = {ResizeMethod.BILINEAR: "ResizeBilinear", ResizeMethod.NEAREST_NEIGHBOR: "ResizeNearestNeighbor",
               ResizeMethod.BICUBIC: "ResizeBicubic", ResizeMethod.AREA: "ResizeArea"}


@export("image.resize_images", "image.resize")
def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None):
    with name_scope(name, "resize", [images, size]):
        tf = _tf()
        images = convert_to_tensor(images, name="images")
        if images.get_shape().ndims is None:
            raise ValueError("'images' contains no shape.")
        is_batch = True
        if images.get_shape().ndims == 3:
            is_batch = False
            images = tf.expand_dims(images, 0)
        elif images.get_shape().ndims != 4:
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        _, height, width, _ = images.get_shape().as_list()
        try:
            size = convert_to_tensor(size, dtypes.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor")
        if not size.get_shape().is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")

        if preserve_aspect_ratio:
            _, current_height, current_width, _ = _image_dimensions(images, rank=4)
            f32 = dtypes.float32
            scale_h = tf.cast(size[0], f32) / tf.cast(current_height, f32)
            scale_w = tf.cast(size[1], f32) / tf.cast(current_width, f32)
            scale = tf.minimum(scale_h, scale_w)
            scaled_h = tf.cast(tf.round(scale * tf.cast(current_height, f32)), dtypes.int32)
            scaled_w = tf.cast(tf.round(scale * tf.cast(current_width, f32)), dtypes.int32)
            size = convert_to_tensor([scaled_h, scaled_w], dtypes.int32, name="size")

        size_shape = partial_shape_value(size)
        new_h, new_w = (size_shape.as_list() if size_shape.ndims == 2 else [None, None])
        # Same size known statically: TF returns the images untouched (no resize op).
        if None not in (new_w, width, new_h, height) and width == new_w and height == new_h:
            return images if is_batch else tf.squeeze(images, axis=[0])

        op_type = _METHOD_OPS.get(method)
        if op_type is None:
            raise ValueError("Resize method is not implemented: {}".format(method))
        images = kernels.resize(op_type, images, size, align_corners=align_corners)
        images.set_shape([None, new_h, new_w, None])
        return images if is_batch else tf.squeeze(images, axis=[0])


def _resize_fn(op_type):
    def fn(images, size, align_corners=False, name=None, half_pixel_centers=False):
        return kernels.resize(op_type, images, size, align_corners, half_pixel_centers, name)
    fn.__name__ = op_type
    return fn


resize_bilinear = export("image.resize_bilinear")(_resize_fn("ResizeBilinear"))
resize_nearest_neighbor = export("image.resize_nearest_neighbor")(_resize_fn("ResizeNearestNeighbor"))
resize_bicubic = export("image.resize_bicubic")(_resize_fn("ResizeBicubic"))


@export("image.resize_area")
def resize_area(images, size, align_corners=False, name=None):
    return kernels.resize("ResizeArea", images, size, align_corners, name=name)


# ---------------------------------------------------------------------------- pixel values

@export("image.per_image_standardization")
def per_image_standardization(image):
    with name_scope(None, "per_image_standardization", [image]) as scope:
        tf = _tf()
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        image = tf.cast(image, dtype=dtypes.float32)
        num_pixels = tf.reduce_prod(tf.shape(image)[-3:])
        image_mean = tf.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        # A floor on the stddev so uniform images do not divide by zero.
        stddev = tf.math.reduce_std(image, axis=[-1, -2, -3], keepdims=True)
        min_stddev = tf.rsqrt(tf.cast(num_pixels, dtypes.float32))
        adjusted_stddev = tf.maximum(stddev, min_stddev)
        image -= image_mean
        return tf.div(image, adjusted_stddev, name=scope)


@export("image.convert_image_dtype")
def convert_image_dtype(image, dtype, saturate=False, name=None):
    tf = _tf()
    image = convert_to_tensor(image, name="image")
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if not image.dtype.is_floating and not image.dtype.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    if dtype == image.dtype:
        return tf.identity(image, name=name)
    with name_scope(name, "convert_image", [image]) as name:
        src = image.dtype.base_dtype
        cast = tf.saturate_cast if saturate else tf.cast
        if src.is_integer and dtype.is_integer:
            scale_in, scale_out = src.max, dtype.max
            if scale_in > scale_out:
                # Scale down first: in.max lands in [out.max, out.max + 1), so the cast cannot overflow.
                scaled = tf.floordiv(image, (scale_in + 1) // (scale_out + 1))
                return cast(scaled, dtype, name=name)
            return tf.multiply(cast(image, dtype), (scale_out + 1) // (scale_in + 1), name=name)
        if src.is_floating and dtype.is_floating:
            return tf.cast(image, dtype, name=name)
        if src.is_integer:
            return tf.multiply(tf.cast(image, dtype), 1. / src.max, name=name)
        scaled = tf.multiply(image, dtype.max + 0.5)   # + 0.5: round, not truncate, in the cast
        return cast(scaled, dtype, name=name)


@export("image.adjust_brightness")
def adjust_brightness(image, delta):
    with name_scope(None, "adjust_brightness", [image, delta]) as name:
        tf = _tf()
        image = convert_to_tensor(image, name="image")
        orig_dtype = image.dtype.base_dtype
        flt = image if orig_dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(image, dtypes.float32)
        adjusted = tf.add(flt, tf.cast(delta, flt.dtype), name=name)
        return convert_image_dtype(adjusted, orig_dtype, saturate=True)


@export("image.adjust_contrast")
def adjust_contrast(images, contrast_factor):
    with name_scope(None, "adjust_contrast", [images, contrast_factor]) as name:
        images = convert_to_tensor(images, name="images")
        orig_dtype = images.dtype.base_dtype
        flt = images if orig_dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(images, dtypes.float32)
        adjusted = kernels.adjust_contrastv2(flt, contrast_factor=contrast_factor, name=name)
        return convert_image_dtype(adjusted, orig_dtype, saturate=True)


@export("image.random_brightness")
def random_brightness(image, max_delta, seed=None):
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = _tf().random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


@export("image.random_contrast")
def random_contrast(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    contrast_factor = _tf().random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, contrast_factor)


@export("image.rgb_to_grayscale")
def rgb_to_grayscale(images, name=None):
    with name_scope(name, "rgb_to_grayscale", [images]) as name:
        tf = _tf()
        images = convert_to_tensor(images, name="images")
        orig_dtype = images.dtype.base_dtype
        flt = convert_image_dtype(images, dtypes.float32)
        rgb_weights = [0.2989, 0.5870, 0.1140]   # Rec. 601 luma
        gray = tf.expand_dims(tf.tensordot(flt, rgb_weights, [-1, -1]), -1)
        return convert_image_dtype(gray, orig_dtype, name=name)


@export("image.grayscale_to_rgb")
def grayscale_to_rgb(images, name=None):
    with name_scope(name, "grayscale_to_rgb", [images]) as name:
        tf = _tf()
        images = convert_to_tensor(images)
        images = tf.control_flow_ops.with_dependencies(_check_grayscale(images, require_static=False), images)
        images = convert_to_tensor(images, name="images")
        rank_1 = tf.expand_dims(tf.rank(images) - 1, 0)
        multiples = tf.concat([tf.ones(rank_1, dtype=dtypes.int32), tf.expand_dims(3, 0)], 0)
        rgb = tf.tile(images, multiples, name=name)
        rgb.set_shape(images.get_shape()[:-1].concatenate([3]))
        return rgb


# ----------------------------------------------------------------------------- differences

@export("image.total_variation")
def total_variation(images, name=None):
    with name_scope(name, "total_variation"):
        tf = _tf()
        ndims = images.get_shape().ndims
        if ndims == 3:
            dif1 = images[1:, :, :] - images[:-1, :, :]
            dif2 = images[:, 1:, :] - images[:, :-1, :]
            axis = None
        elif ndims == 4:
            dif1 = images[:, 1:, :, :] - images[:, :-1, :, :]
            dif2 = images[:, :, 1:, :] - images[:, :, :-1, :]
            axis = [1, 2, 3]   # one total per image
        else:
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        return tf.reduce_sum(tf.abs(dif1), axis=axis) + tf.reduce_sum(tf.abs(dif2), axis=axis)


@export("image.image_gradients")
def image_gradients(image):
    if image.get_shape().ndims != 4:
        raise ValueError("image_gradients expects a 4D tensor [batch_size, h, w, d], not {}."
                         .format(image.get_shape()))
    tf = _tf()
    image_shape = tf.shape(image)
    batch_size, height, width, depth = tf.unstack(image_shape)
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    # Zero row/column at the end: the gradient I(x+1) - I(x) sits on pixel x, shapes match the image.
    dy = tf.concat([dy, tf.zeros(tf.stack([batch_size, 1, width, depth]), image.dtype)], 1)
    dy = tf.reshape(dy, image_shape)
    dx = tf.concat([dx, tf.zeros(tf.stack([batch_size, height, 1, depth]), image.dtype)], 2)
    dx = tf.reshape(dx, image_shape)
    return dy, dx
