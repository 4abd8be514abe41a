"""Convolutions: Conv2D/Conv3D, their input/filter backprops (conv2d_transpose & co), depthwise and
separable convolutions, conv1d, atrous_conv2d and tf.nn.convolution.

All lower to `lax.conv_general_dilated` in the data format the graph uses (NHWC stays NHWC: on CPU
a transposed layout costs more than it saves). The backprop ops are `jax.linear_transpose` of the
forward convolution, so they have TF's padding conventions by construction and their own
gradients are plain convolutions again.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.deprecation import deprecated_argument_lookup
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import constant_value
from . import array_ops, shape_ops
from ._common import dims_str
from ._common import TensorShape, in_dtype, in_shape, shape_str, unknown

_PADDINGS = ("SAME", "VALID", "EXPLICIT")


# ------------------------------------------------------------------------ shared shape rules

def spatial_axes(data_format):
    """Positions of the spatial dims in a data format string ("NHWC" -> [1, 2])."""
    return [i for i, c in enumerate(data_format) if c not in "NC"]


def channel_axis(data_format):
    return data_format.index("C")


def out_size(in_size, k, stride, dilation, padding, pads=(0, 0)):
    """TF's GetWindowedOutputSize; None if unknown; a negative VALID size is returned as is."""
    if in_size is None or k is None:
        return None
    eff = (k - 1) * dilation + 1
    if padding == "SAME":
        return -(-in_size // stride)
    if padding == "EXPLICIT":
        in_size = in_size + pads[0] + pads[1]
    return (in_size - eff + stride) // stride if in_size >= eff else in_size - eff


def _input_str(op):
    return ", ".join(shape_str(t.get_shape()) for t in op._inputs)


def _neg_dim(op, k, size):
    raise ValueError("Negative dimension size caused by subtracting %d from %d for '%s' (op: '%s') with "
                     "input shapes: %s." % (k, size, op.name, op.type, _input_str(op)))


def _rank_check(op, shape, rank):
    if shape.ndims is not None and shape.ndims != rank:
        raise ValueError("Shape must be rank %d but is rank %d for '%s' (op: '%s') with input shapes: %s."
                         % (rank, shape.ndims, op.name, op.type, _input_str(op)))


def _explicit_pairs(op, fmt):
    pads = list(op._attrs.get("explicit_paddings", []) or [])
    if not pads:
        return [(0, 0)] * len(spatial_axes(fmt))
    return [(pads[2 * a], pads[2 * a + 1]) for a in spatial_axes(fmt)]


def conv_output_shape(op, x, filter_spatial, out_channels, depthwise=False):
    """Output shape of a forward convolution of `x` (TensorShape) with the op's attrs."""
    fmt = op._attrs["data_format"]
    nsp = len(fmt) - 2
    if x.ndims is None:
        return unknown(nsp + 2)
    dims = x.as_list()
    strides, dil = op._attrs["strides"], op._attrs.get("dilations") or [1] * (nsp + 2)
    padding = op._attrs["padding"]
    pads = _explicit_pairs(op, fmt) if padding == "EXPLICIT" else [(0, 0)] * nsp
    out = list(dims)
    for i, ax in enumerate(spatial_axes(fmt)):
        s = out_size(dims[ax], filter_spatial[i], strides[ax], dil[ax], padding, pads[i])
        if s is not None and s < 0:
            _neg_dim(op, (filter_spatial[i] - 1) * dil[ax] + 1, dims[ax] + sum(pads[i]))
        out[ax] = s
    out[channel_axis(fmt)] = out_channels
    return TensorShape(out)


def _conv_infer(op):
    x, w = in_shape(op, 0), in_shape(op, 1)
    fmt = op._attrs["data_format"]
    rank = len(fmt)
    _rank_check(op, x, rank)
    _rank_check(op, w, rank)
    wd = w.as_list() if w.ndims is not None else [None] * rank
    if x.ndims is not None:
        depth = x.as_list()[channel_axis(fmt)]
        if depth is not None and wd[-2] is not None and depth % wd[-2] != 0:
            raise ValueError("Depth of input (%d) is not a multiple of input depth of filter (%d) for '%s' "
                             "(op: '%s') with input shapes: %s." % (depth, wd[-2], op.name, op.type,
                                                                    _input_str(op)))
    return [(in_dtype(op), conv_output_shape(op, x, wd[:-2], wd[-1]))]


def _depthwise_infer(op):
    x, w = in_shape(op, 0), in_shape(op, 1)
    fmt = op._attrs["data_format"]
    _rank_check(op, x, 4)
    _rank_check(op, w, 4)
    wd = w.as_list() if w.ndims is not None else [None] * 4
    depth = x.as_list()[channel_axis(fmt)] if x.ndims is not None else None
    if depth is not None and wd[2] is not None and depth != wd[2]:
        raise ValueError("Dimensions must be equal, but are %d and %d for '%s' (op: '%s') with input shapes: "
                         "%s." % (depth, wd[2], op.name, op.type, _input_str(op)))
    in_c = depth if depth is not None else wd[2]
    oc = in_c * wd[3] if in_c is not None and wd[3] is not None else None
    return [(in_dtype(op), conv_output_shape(op, x, wd[:2], oc))]


# ---------------------------------------------------------------------------------- lowering

def _filter_spec(fmt):
    return "".join(c for c in fmt if c not in "NC") + "IO"


def conv_lower(op, x, w, groups=1):
    fmt = op._attrs["data_format"]
    axes = spatial_axes(fmt)
    strides = op._attrs["strides"]
    dil = op._attrs.get("dilations") or [1] * len(fmt)
    if strides[0] != 1 or strides[channel_axis(fmt)] != 1:
        raise errors.UnimplementedError(None, op, "Current implementation does not yet support strides in "
                                        "the batch and depth dimensions.")
    padding = op._attrs["padding"]
    if padding == "EXPLICIT":
        padding = _explicit_pairs(op, fmt)
    return jax.lax.conv_general_dilated(
        x, w, window_strides=[strides[a] for a in axes], padding=padding,
        rhs_dilation=[dil[a] for a in axes], dimension_numbers=(fmt, _filter_spec(fmt), fmt),
        feature_group_count=groups)


def _groups(op, x, w):
    return int(x.shape[channel_axis(op._attrs["data_format"])]) // int(w.shape[-2])


def _full_width_conv(op, x, w):
    """A VALID NHWC Conv2D whose kernel spans the whole input width (the TextCNN pattern: a
    [height, embedding] kernel over [batch, time, embedding, 1]) is a 1-D convolution over rows:
    the kh row windows side by side, times the filter as a matrix. XLA:CPU's convolution takes
    15 s for the input gradient of seed 004's TextCNN layer (64x600x64x1 * 5x64x1x256); this form's
    forward + backward take 0.17 s, and autodiff of slices + dot gives both gradients."""
    n, h, wd, c = x.shape
    kh, sh = w.shape[0], op._attrs["strides"][1]
    out_h = (h - kh) // sh + 1
    rows = jnp.reshape(x, (n, h, wd * c))
    windows = jnp.concatenate(
        [jax.lax.slice(rows, (0, i, 0), (n, i + (out_h - 1) * sh + 1, wd * c), (1, sh, 1)) for i in range(kh)],
        axis=2)
    y = jnp.dot(windows, jnp.reshape(w, (kh * wd * c, w.shape[-1])))
    return jnp.reshape(y, (n, out_h, 1, w.shape[-1]))


def _is_full_width(op, x, w, groups):
    dil = op._attrs.get("dilations") or [1, 1, 1, 1]
    return (op.type == "Conv2D" and op._attrs["data_format"] == "NHWC" and op._attrs["padding"] == "VALID"
            and groups == 1 and all(d == 1 for d in dil) and w.shape[1] == x.shape[2] and x.shape[1] >= w.shape[0]
            and jnp.issubdtype(x.dtype, jnp.floating))


def _conv2d_3d_lower(ctx, op, x, w):
    rank = 4 if op.type == "Conv2D" else 5
    if np.ndim(x) != rank:
        raise errors.InvalidArgumentError(None, op, "input must be %d-dimensional%s" % (rank, dims_str(np.shape(x))))
    in_depth, filter_depth = np.shape(x)[channel_axis(op._attrs["data_format"])], np.shape(w)[-2]
    if in_depth % filter_depth:
        raise errors.InvalidArgumentError(None, op, "input depth must be evenly divisible by filter depth: %d vs %d"
                                          % (in_depth, filter_depth))
    groups = _groups(op, x, w)
    if _is_full_width(op, x, w, groups):
        return _full_width_conv(op, x, w)
    return conv_lower(op, x, w, groups)


for _t in ("Conv2D", "Conv3D"):
    registry.register(_t, _conv_infer, _conv2d_3d_lower)


def _depthwise_weights(w):
    kh, kw, c, m = w.shape
    return jnp.reshape(w, (kh, kw, 1, c * m))


registry.register("DepthwiseConv2dNative", _depthwise_infer,
                  lambda ctx, op, x, w: conv_lower(op, x, _depthwise_weights(w), int(w.shape[2])))


# -------------------------------------------------------------- backprop input (transposes)

def _check_backprop_sizes(op, input_sizes, filter_shape, out_shape, label):
    """TF's ConvBackpropComputeDimensions: the forward conv of `input_sizes` must give `out_shape`."""
    fmt = op._attrs["data_format"]
    strides, dil = op._attrs["strides"], op._attrs.get("dilations") or [1] * len(fmt)
    pads = _explicit_pairs(op, fmt)
    for i, ax in enumerate(spatial_axes(fmt)):
        computed = out_size(input_sizes[ax], filter_shape[i], strides[ax], dil[ax], op._attrs["padding"],
                            pads[i])
        if computed != out_shape[ax]:
            raise errors.InvalidArgumentError(
                None, op, "%s: Size of out_backprop doesn't match computed: actual = %d, computed = %d "
                "spatial_dim: %d input: %d filter: %d output: %d stride: %d dilation: %d" % (
                    label, out_shape[ax], computed, ax, input_sizes[ax], filter_shape[i], out_shape[ax],
                    strides[ax], dil[ax]))


def _backprop_input_infer(op, depthwise=False):
    sizes_t, w, dy = op._inputs[0], in_shape(op, 1), in_shape(op, 2)
    fmt = op._attrs["data_format"]
    rank = len(fmt)
    _rank_check(op, w, rank)
    _rank_check(op, dy, rank)
    if dy.ndims is not None and w.ndims is not None and not depthwise:
        a, b = dy.as_list()[channel_axis(fmt)], w.as_list()[-1]
        if a is not None and b is not None and a != b:
            raise ValueError("Dimensions must be equal, but are %d and %d for '%s' (op: '%s') with input "
                             "shapes: %s." % (a, b, op.name, op.type, _input_str(op)))
    sizes = constant_value(sizes_t)
    if sizes is None:
        from ..framework.tensor_util import partial_shape_value
        out = partial_shape_value(sizes_t)
        if out.ndims is None:
            out = unknown(rank)
        return [(in_dtype(op, 1), out)]
    out = TensorShape([int(d) for d in np.reshape(sizes, [-1])])
    if w.ndims is not None and w.is_fully_defined() and dy.ndims is not None and not depthwise:
        # TF checks this when it builds the gradient (the gradient w.r.t. out_backprop is a forward
        # conv of the output size, set_shape'd to out_backprop's shape): a mismatch can never run.
        wd = w.as_list()
        expected = conv_output_shape(op, out, wd[:-2], wd[-1])
        if not expected.is_compatible_with(dy):
            raise ValueError("Shapes %s and %s are not compatible" % (expected, dy))
    return [(in_dtype(op, 1), out)]


def _backprop_input_lower(label, depthwise=False):
    def lower(ctx, op, sizes, w, dy):
        sizes = array_ops.static_ints(op, 0, sizes)
        fmt = op._attrs["data_format"]
        if depthwise:
            c = int(w.shape[2])
            wf, groups = _depthwise_weights(w), c
        else:
            wf, groups = w, sizes[channel_axis(fmt)] // int(w.shape[-2])
        _check_backprop_sizes(op, sizes, list(w.shape[:-2]), list(dy.shape), label)
        primal = jax.ShapeDtypeStruct(tuple(sizes), dy.dtype)
        (dx,) = jax.linear_transpose(lambda x: conv_lower(op, x, wf, groups), primal)(dy)
        return dx
    return lower


registry.register("Conv2DBackpropInput", _backprop_input_infer,
                  _backprop_input_lower("Conv2DCustomBackpropInput"))
registry.register("Conv3DBackpropInputV2", _backprop_input_infer,
                  _backprop_input_lower("Conv3DBackpropInputOp"))
registry.register("DepthwiseConv2dNativeBackpropInput", lambda op: _backprop_input_infer(op, True),
                  _backprop_input_lower("DepthwiseConv2DBackpropInput", depthwise=True))


def _backprop_filter_infer(op):
    sizes = constant_value(op._inputs[1])
    if sizes is None:
        return [(in_dtype(op), unknown(len(op._attrs["data_format"])))]
    return [(in_dtype(op), TensorShape([int(d) for d in np.reshape(sizes, [-1])]))]


def _backprop_filter_lower(ctx, op, x, sizes, dy):
    sizes = array_ops.static_ints(op, 1, sizes)
    groups = int(x.shape[channel_axis(op._attrs["data_format"])]) // sizes[-2]
    _check_backprop_sizes(op, list(x.shape), sizes[:-2], list(dy.shape), "Conv2DCustomBackpropFilter")
    primal = jax.ShapeDtypeStruct(tuple(sizes), dy.dtype)
    (dw,) = jax.linear_transpose(lambda w: conv_lower(op, x, w, groups), primal)(dy)
    return dw


registry.register("Conv2DBackpropFilter", _backprop_filter_infer, _backprop_filter_lower)
registry.register("Conv3DBackpropFilterV2", _backprop_filter_infer, _backprop_filter_lower)


# ------------------------------------------------------------------------- argument helpers

def get_sequence(value, n, channel_index, name):
    """TF's `_get_sequence`: strides/dilations as a full per-dimension list."""
    if value is None:
        value = [1]
    elif not hasattr(value, "__len__"):
        value = [value]
    value = [int(v) for v in value]
    current_n = len(value)
    if current_n == n + 2:
        return value
    elif current_n == 1:
        value = list((value[0],) * n)
    elif current_n != n:
        raise ValueError("{} should be of length 1, {} or {} but was {}".format(name, n, n + 2, current_n))
    if channel_index == 1:
        return [1, 1] + value
    return [1] + value + [1]


def convert_padding(padding, op_type="Conv2D"):
    """TF's `convert_padding`: a string, or explicit [[before, after], ...] pairs."""
    explicit = []
    if isinstance(padding, (list, tuple)):
        for i, dim in enumerate(padding):
            if not isinstance(dim, (list, tuple)) or len(dim) != 2:
                raise ValueError("When padding is explicit, each element of padding must be a list or tuple "
                                 "of 2 integers, but element %d is %s" % (i, dim))
            explicit.extend(int(d) for d in dim)
        return "EXPLICIT", explicit
    if isinstance(padding, bytes):
        padding = padding.decode()
    if padding not in _PADDINGS[:2]:
        raise ValueError("Attr 'padding' of '%s' Op passed string '%s' not in: \"SAME\", \"VALID\", "
                         "\"EXPLICIT\"." % (op_type, padding))
    return padding, explicit


def _check_format(data_format, allowed, op_type):
    if data_format not in allowed:
        raise ValueError("Attr 'data_format' of '%s' Op passed string '%s' not in: %s." % (
            op_type, data_format, ", ".join('"%s"' % f for f in allowed)))


def _float_pair(op_type, x, w, scope_names=("input", "filter")):
    x = convert_to_tensor(x, name=scope_names[0])
    w = convert_to_tensor(w, dtype=x.dtype.base_dtype, name=scope_names[1]) if not isinstance(w, Tensor) \
        else w
    if w.dtype.base_dtype != x.dtype.base_dtype:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of argument '%s'."
                        % (scope_names[1], op_type, w.dtype.base_dtype.name, x.dtype.base_dtype.name,
                           scope_names[0]))
    return x, w


# --------------------------------------------------------------------------- public: forward

@export("nn.conv2d")
def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002
           data_format="NHWC", dilations=None, name=None, filters=None):
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    padding, explicit = convert_padding(padding)
    data_format = data_format or "NHWC"
    _check_format(data_format, ("NHWC", "NCHW"), "Conv2D")
    ci = 1 if data_format.startswith("NC") else 3
    strides = get_sequence(strides, 2, ci, "strides")
    dilations = get_sequence(dilations, 2, ci, "dilations")
    with name_scope(name, "Conv2D", [input, filter]) as scope:
        x, w = _float_pair("Conv2D", input, filter)
        return op_output("Conv2D", [x, w], {
            "T": x.dtype.base_dtype, "strides": strides, "use_cudnn_on_gpu": bool(use_cudnn_on_gpu),
            "padding": padding, "explicit_paddings": explicit, "data_format": data_format,
            "dilations": dilations}, name=scope)


@export("nn.conv3d")
def conv3d(input, filter=None, strides=None, padding=None, data_format="NDHWC",  # noqa: A002
           dilations=(1, 1, 1, 1, 1), name=None, filters=None):
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    padding, _ = convert_padding(padding, "Conv3D")
    data_format = data_format or "NDHWC"
    _check_format(data_format, ("NDHWC", "NCDHW"), "Conv3D")
    strides, dilations = list(strides), list(dilations)
    with name_scope(name, "Conv3D", [input, filter]) as scope:
        x, w = _float_pair("Conv3D", input, filter)
        return op_output("Conv3D", [x, w], {"T": x.dtype.base_dtype, "strides": strides, "padding": padding,
                                            "data_format": data_format, "dilations": dilations}, name=scope)


@export("nn.conv1d")
def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None, data_format=None,
           name=None, input=None, dilations=None):  # noqa: A002
    value = deprecated_argument_lookup("input", input, "value", value)
    with name_scope(name, "conv1d", [value, filters]) as scope:
        if data_format is None or data_format in ("NHWC", "NWC"):
            data_format, spatial_start, ci = "NHWC", 1, 2
        elif data_format in ("NCHW", "NCW"):
            data_format, spatial_start, ci = "NCHW", 2, 1
        else:
            raise ValueError("data_format must be \"NWC\" or \"NCW\".")
        strides = [1] + get_sequence(stride, 1, ci, "stride")
        dilations = [1] + get_sequence(dilations, 1, ci, "dilations")
        padding, explicit = convert_padding(padding)
        value = array_ops.expand_dims(value, spatial_start)
        filters = array_ops.expand_dims(filters, 0)
        x, w = _float_pair("Conv2D", value, filters)
        result = op_output("Conv2D", [x, w], {
            "T": x.dtype.base_dtype, "strides": strides, "use_cudnn_on_gpu":
                True if use_cudnn_on_gpu is None else bool(use_cudnn_on_gpu),
            "padding": padding, "explicit_paddings": explicit, "data_format": data_format,
            "dilations": dilations}, name=scope)
        return array_ops.squeeze(result, [spatial_start])


def with_space_to_batch(x, filter_spatial, rate, padding, data_format, build_op):
    """TF's `with_space_to_batch`: a dilated conv as SpaceToBatchND -> VALID conv -> BatchToSpaceND
    (TF's graph and names). `build_op(input, padding)` makes the inner op; returns None when the
    spatial sizes are not static or channels come first (then the caller uses the `dilations` attr,
    which computes the same values)."""
    rate = [int(r) for r in np.reshape(rate, [-1])]
    if all(r == 1 for r in rate):
        return build_op(x, padding)
    shape = x.get_shape()
    nsp = len(rate)
    if (data_format or "N").startswith("NC") or shape.ndims is None or \
            any(d is None for d in shape.as_list()[1:1 + nsp]) or any(k is None for k in filter_spatial):
        return None
    if any(r < 1 for r in rate):
        raise ValueError("dilation_rate must be positive")
    block = convert_to_tensor(np.array(rate, np.int32), name="dilation_rate")
    paddings, crops = [], []
    for n, k, r in zip(shape.as_list()[1:1 + nsp], filter_spatial, rate):
        extra = (k + (k - 1) * (r - 1)) - 1 if padding == "SAME" else 0
        start, end = extra // 2, extra - extra // 2
        end_extra = (r - (n + start + end) % r) % r
        paddings.append([start, end + end_extra])
        crops.append([0, end_extra])
    x = shape_ops.space_to_batch_nd(x, block, np.array(paddings, np.int32))
    y = build_op(x, "VALID")
    return shape_ops.batch_to_space_nd(y, block, np.array(crops, np.int32))


def _filter_spatial(w, n):
    s = w.get_shape()
    return s.as_list()[:n] if s.ndims is not None else [None] * n


@export("nn.convolution")
def convolution(input, filter, padding, strides=None, dilation_rate=None, name=None,  # noqa: A002
                data_format=None, filters=None, dilations=None):
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    dilation_rate = deprecated_argument_lookup("dilations", dilations, "dilation_rate", dilation_rate)
    with name_scope(name, "convolution", [input, filter]) as scope:
        x = convert_to_tensor(input, name="input")
        w = convert_to_tensor(filter, name="filter")
        rank = x.get_shape().ndims
        if rank is None:
            rank = w.get_shape().ndims
        if rank is None:
            raise ValueError("rank of input or filter must be known")
        nsp = rank - 2
        if nsp not in (1, 2, 3):
            raise ValueError("Input tensor must be of rank 3, 4 or 5 but was %d." % rank)
        s = [1] * nsp if strides is None else [int(v) for v in np.broadcast_to(strides, (nsp,))]
        d = [1] * nsp if dilation_rate is None else [int(v) for v in np.broadcast_to(dilation_rate, (nsp,))]
        if any(si > 1 for si in s) and any(di > 1 for di in d):
            raise ValueError("strides > window_strides with dilation_rate > 1 not supported")
        padding = padding.decode() if isinstance(padding, bytes) else padding

        def build(inp, pad, dil=(1,) * nsp):
            if nsp == 1:
                fmt = "NCW" if data_format and data_format.startswith("NC") else "NWC"
                return conv1d(inp, w, s, pad, data_format=fmt, dilations=list(dil), name=scope)
            if nsp == 2:
                return conv2d(inp, w, s, pad, data_format=data_format or "NHWC", dilations=list(dil), name=scope)
            fmt = data_format or "NDHWC"
            ci = 1 if fmt.startswith("NC") else 4
            return conv3d(inp, w, get_sequence(s, 3, ci, "strides"), pad, data_format=fmt,
                          dilations=get_sequence(list(dil), 3, ci, "dilations"), name=scope)
        if any(di > 1 for di in d):
            convert_to_tensor(np.array(_filter_spatial(w, nsp) + w.get_shape().as_list()[nsp:]
                                       if w.get_shape().is_fully_defined() else [0], np.int32), name="filter_shape")
        out = with_space_to_batch(x, _filter_spatial(w, nsp), d, padding, data_format, build)
        return out if out is not None else build(x, padding, d)


@export("nn.atrous_conv2d")
def atrous_conv2d(value, filters, rate, padding, name=None):
    return convolution(value, filters, padding, dilation_rate=np.broadcast_to(rate, (2,)), name=name)


@export("nn.depthwise_conv2d_native")
def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",  # noqa: A002
                            dilations=(1, 1, 1, 1), name=None):
    padding, _ = convert_padding(padding, "DepthwiseConv2dNative")
    with name_scope(name, "DepthwiseConv2dNative", [input, filter]) as scope:
        x, w = _float_pair("DepthwiseConv2dNative", input, filter)
        return op_output("DepthwiseConv2dNative", [x, w], {
            "T": x.dtype.base_dtype, "strides": list(strides), "padding": padding,
            "data_format": data_format or "NHWC", "dilations": list(dilations)}, name=scope)


def _rate_dilations(rate, data_format):
    r = _rate_list(rate)
    return [1, 1] + r if data_format and data_format.startswith("NC") else [1] + r + [1]


def _rate_list(rate):
    return [1, 1] if rate is None else [int(v) for v in np.broadcast_to(rate, (2,))]


@export("nn.depthwise_conv2d")
def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None,  # noqa: A002
                     dilations=None):
    rate = deprecated_argument_lookup("dilations", dilations, "rate", rate)
    with name_scope(name, "depthwise", [input, filter]) as scope:
        x = convert_to_tensor(input, name="tensor_in")
        w = convert_to_tensor(filter, name="filter_in")
        array_ops.shape(w)  # TF's with_space_to_batch takes the filter shape (an unused Shape op)
        fmt = data_format or "NHWC"

        def build(inp, pad, rate_=None):
            return depthwise_conv2d_native(inp, w, strides, pad, data_format=fmt,
                                           dilations=_rate_dilations(rate_, data_format), name=scope)
        out = with_space_to_batch(x, _filter_spatial(w, 2), _rate_list(rate), padding, data_format, build)
        return out if out is not None else build(x, padding, rate)


@export("nn.separable_conv2d")
def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None,  # noqa: A002
                     name=None, data_format=None, dilations=None):
    rate = deprecated_argument_lookup("dilations", dilations, "rate", rate)
    with name_scope(name, "separable_conv2d", [input, depthwise_filter, pointwise_filter]) as scope:
        x = convert_to_tensor(input, name="tensor_in")
        dw = convert_to_tensor(depthwise_filter, name="depthwise_filter")
        pw = convert_to_tensor(pointwise_filter, name="pointwise_filter")
        pw.get_shape().with_rank(4)
        pw.get_shape().dims[0].assert_is_compatible_with(1)
        pw.get_shape().dims[1].assert_is_compatible_with(1)
        array_ops.shape(dw)
        fmt = data_format or "NHWC"

        def build(inp, pad, rate_=None):
            return depthwise_conv2d_native(inp, dw, strides, pad, data_format=fmt,
                                           dilations=_rate_dilations(rate_, data_format), name="depthwise")
        depthwise = with_space_to_batch(x, _filter_spatial(dw, 2), _rate_list(rate), padding, data_format, build)
        if depthwise is None:
            depthwise = build(x, padding, rate)
        return conv2d(depthwise, pw, [1, 1, 1, 1], padding="VALID", data_format=fmt, name=scope)


# ------------------------------------------------------------------------- public: backprops

def _int32_tensor(value, name):
    return value if isinstance(value, Tensor) else convert_to_tensor(value, dtype=dtypes.int32, name=name)


def _output_shape_tensor(output_shape, n):
    t = _int32_tensor(output_shape, "output_shape")
    if not t.get_shape().is_compatible_with(TensorShape([n])):
        raise ValueError("output_shape must have shape (%d,), got %s" % (n, t.get_shape()))
    return t


def _transpose_checks(value, filter, output_shape, axis, n):  # noqa: A002
    """TF 1.15's conv2d_transpose argument checks, in its order; returns the output_shape tensor."""
    vd = value.get_shape()
    fd = filter.get_shape()
    if vd.ndims is not None and fd.ndims is not None and \
            not tensor_shape.Dimension(vd.as_list()[axis]).is_compatible_with(fd.as_list()[-1]):
        raise ValueError("input channels does not match filter's input channels, {} != {}".format(
            vd.as_list()[axis], fd.as_list()[-1]))
    sizes = _output_shape_tensor(output_shape, n)
    if isinstance(output_shape, tuple):
        output_shape = list(output_shape)
    if isinstance(output_shape, (list, np.ndarray)) and fd.ndims is not None:
        oc = output_shape[axis]
        if not isinstance(oc, Tensor) and not tensor_shape.Dimension(fd.as_list()[-2]).is_compatible_with(oc):
            raise ValueError("output_shape does not match filter's output channels, {} != {}".format(
                oc, fd.as_list()[-2]))
    return sizes


@export("nn.conv2d_transpose")
def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):  # noqa: A002
    value = deprecated_argument_lookup("input", input, "value", value)
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    with name_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        data_format = data_format or "NHWC"
        if data_format not in ("NCHW", "NHWC"):
            raise ValueError("data_format has to be either NCHW or NHWC.")
        ci = 1 if data_format.startswith("NC") else 3
        x = convert_to_tensor(value, name="value")
        w = convert_to_tensor(filter, name="filter")
        sizes = _transpose_checks(x, w, output_shape, ci, 4)
        padding, explicit = convert_padding(padding, "Conv2DBackpropInput")
        return op_output("Conv2DBackpropInput", [sizes, w, x], {
            "T": x.dtype.base_dtype, "strides": get_sequence(strides, 2, ci, "strides"),
            "use_cudnn_on_gpu": True, "padding": padding, "explicit_paddings": explicit,
            "data_format": data_format, "dilations": get_sequence(dilations, 2, ci, "dilations")},
            name=scope)


def _backprop_op(op_type, wrt, first, second, out_backprop, strides, padding, data_format, dilations, name,
                 rank=4, use_cudnn_on_gpu=None):
    """One explicit Conv*Backprop{Input,Filter} op. wrt="input": `first` is the input sizes and
    `second` the filter; wrt="filter": `first` is the input and `second` the filter sizes. The
    Conv2D forms (`use_cudnn_on_gpu` given) also carry use_cudnn_on_gpu and explicit_paddings."""
    padding, explicit = convert_padding(padding, op_type)
    with name_scope(name, op_type, [first, second, out_backprop]) as scope:
        if wrt == "input":
            first = _output_shape_tensor(first, rank)
            second = convert_to_tensor(second, name="filter")
            dtype = second.dtype.base_dtype
        else:
            first = convert_to_tensor(first, name="input")
            second = _output_shape_tensor(second, rank)
            dtype = first.dtype.base_dtype
        dy = convert_to_tensor(out_backprop, dtype=dtype, name="out_backprop")
        conv2d_attrs = use_cudnn_on_gpu is not None
        attrs = {"T": dtype, "strides": list(strides)}  # in TF's attr order
        if conv2d_attrs:
            attrs["use_cudnn_on_gpu"] = bool(use_cudnn_on_gpu)
        attrs["padding"] = padding
        if conv2d_attrs:
            attrs["explicit_paddings"] = explicit
        attrs.update(data_format=data_format, dilations=list(dilations))
        return op_output(op_type, [first, second, dy], attrs, name=scope)


@export("nn.conv2d_backprop_input")
def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None, padding=None,  # noqa: A002
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1), name=None,
                          filters=None):
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    return _backprop_op("Conv2DBackpropInput", "input", input_sizes, filter, out_backprop, strides, padding,
                        data_format, dilations, name, use_cudnn_on_gpu=use_cudnn_on_gpu)


@export("nn.conv2d_backprop_filter")
def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                           use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    return _backprop_op("Conv2DBackpropFilter", "filter", input, filter_sizes, out_backprop, strides, padding,
                        data_format, dilations, name, use_cudnn_on_gpu=use_cudnn_on_gpu)


@export("nn.conv3d_transpose")
def conv3d_transpose(value, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NDHWC", name=None, input=None, filters=None, dilations=None):  # noqa: A002
    value = deprecated_argument_lookup("input", input, "value", value)
    filter = deprecated_argument_lookup("filters", filters, "filter", filter)  # noqa: A001
    with name_scope(name, "conv3d_transpose", [value, filter, output_shape]) as scope:
        data_format = data_format or "NDHWC"
        ci = 1 if data_format.startswith("NC") else 4
        x = convert_to_tensor(value, name="value")
        w = convert_to_tensor(filter, name="filter")
        sizes = _transpose_checks(x, w, output_shape, ci, 5)
        padding, _ = convert_padding(padding, "Conv3DBackpropInputV2")
        return op_output("Conv3DBackpropInputV2", [sizes, w, x], {
            "T": x.dtype.base_dtype, "Tshape": sizes.dtype.base_dtype,
            "strides": get_sequence(strides, 3, ci, "strides"), "padding": padding,
            "data_format": data_format, "dilations": get_sequence(dilations, 3, ci, "dilations")},
            name=scope)


@export("nn.depthwise_conv2d_native_backprop_input")
def depthwise_conv2d_native_backprop_input(input_sizes, filter, out_backprop, strides, padding,  # noqa: A002
                                           data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    return _backprop_op("DepthwiseConv2dNativeBackpropInput", "input", input_sizes, filter, out_backprop,
                        strides, padding, data_format, dilations, name)


@export("nn.conv1d_transpose")
def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC",  # noqa: A002
                     dilations=None, name=None):
    with name_scope(name, "conv1d_transpose", [input, filters, output_shape]) as scope:
        if data_format not in ("NWC", "NCW"):
            raise ValueError("data_format must be \"NWC\" or \"NCW\".")
        spatial_start = 1 if data_format == "NWC" else 2
        ci = 2 if data_format == "NWC" else 1
        strides = [1] + get_sequence(strides, 1, ci, "stride")
        dilations = [1] + get_sequence(dilations, 1, ci, "dilations")
        fmt = "NHWC" if data_format == "NWC" else "NCHW"
        out = _int32_tensor(output_shape, "output_shape")
        sizes = array_ops.concat([out[:spatial_start], [1], out[spatial_start:]], 0)
        x = array_ops.expand_dims(input, spatial_start)
        w = array_ops.expand_dims(filters, 0)
        padding, explicit = convert_padding(padding, "Conv2DBackpropInput")
        result = op_output("Conv2DBackpropInput", [sizes, w, x], {
            "T": x.dtype.base_dtype, "strides": strides, "use_cudnn_on_gpu": True, "padding": padding,
            "explicit_paddings": explicit, "data_format": fmt, "dilations": dilations}, name=scope)
        return array_ops.squeeze(result, [spatial_start])


@export("nn.conv_transpose")
def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None,  # noqa: A002
                   dilations=None, name=None):
    with name_scope(name, "conv_transpose", [input, filters, output_shape]) as scope:
        n = convert_to_tensor(filters).get_shape().ndims
        if n == 3:
            return conv1d_transpose(input, filters, output_shape, strides, padding, data_format or "NWC",
                                    dilations, name=scope)
        if n == 4:
            return conv2d_transpose(input, filters, output_shape, strides, padding, data_format or "NHWC",
                                    scope, dilations=dilations)
        if n == 5:
            return conv3d_transpose(input, filters, output_shape, strides, padding, data_format or "NDHWC",
                                    scope, dilations=dilations)
        raise ValueError("output_shape must be of length 3, 4 or 5 but was {}.".format(n))


@export("nn.atrous_conv2d_transpose")
def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """Values of TF's atrous_conv2d_transpose (the transpose of the dilated conv), through the
    `dilations` attr rather than TF's space-to-batch graph."""
    with name_scope(name, "atrous_conv2d_transpose", [value, filters, output_shape]) as scope:
        value = convert_to_tensor(value, name="value")
        filters = convert_to_tensor(filters, name="filters")
        if padding not in ("SAME", "VALID"):
            raise ValueError("padding must be either VALID or SAME:", padding)
        if rate < 1:
            raise ValueError("rate {} cannot be less than one".format(rate))
        if rate == 1:
            return conv2d_transpose(value, filters, output_shape, strides=[1, 1, 1, 1], padding=padding,
                                    data_format="NHWC")
        fshape = filters.get_shape()
        static_out = isinstance(output_shape, (list, tuple, np.ndarray)) and \
            not any(isinstance(d, Tensor) for d in output_shape)
        if not (static_out and fshape.is_fully_defined()):
            return conv2d_transpose(value, filters, output_shape, [1, 1, 1, 1], padding, "NHWC", scope,
                                    dilations=[1, rate, rate, 1])
        # TF's graph: SpaceToBatch -> VALID Conv2DBackpropInput -> BatchToSpace.
        output_shape = [int(d) for d in output_shape]
        convert_to_tensor(output_shape, dtype=dtypes.int32, name="output_shape")
        pads = []
        for k in fshape.as_list()[:2]:
            total = (k + (k - 1) * (rate - 1)) - 1 if padding == "SAME" else 0
            pads.append((total // 2, total - total // 2))
        in_h = output_shape[1] + sum(pads[0])
        in_w = output_shape[2] + sum(pads[1])
        extra_h, extra_w = (rate - in_h % rate) % rate, (rate - in_w % rate) % rate
        value = shape_ops.space_to_batch(value, [[0, extra_h], [0, extra_w]], rate)
        sizes = [rate * rate * output_shape[0], (in_h + extra_h) // rate, (in_w + extra_w) // rate,
                 output_shape[3]]
        value = conv2d_backprop_input(sizes, filters, value, [1, 1, 1, 1], "VALID", data_format="NHWC",
                                      name="Conv2DBackpropInput")
        crops = [[pads[0][0], pads[0][1] + extra_h], [pads[1][0], pads[1][1] + extra_w]]
        return shape_ops.batch_to_space(value, crops, rate)


registry.register("DepthwiseConv2dNativeBackpropFilter", _backprop_filter_infer,
                  lambda ctx, op, x, sizes, dy: _depthwise_filter_grad(op, x, sizes, dy))


def _depthwise_filter_grad(op, x, sizes, dy):
    sizes = array_ops.static_ints(op, 1, sizes)
    kh, kw, c, m = sizes
    primal = jax.ShapeDtypeStruct((kh, kw, c, m), dy.dtype)
    (dw,) = jax.linear_transpose(lambda w: conv_lower(op, x, _depthwise_weights(w), c), primal)(dy)
    return dw


@export("nn.depthwise_conv2d_native_backprop_filter", "nn.depthwise_conv2d_backprop_filter")
def depthwise_conv2d_native_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                                            data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    return _backprop_op("DepthwiseConv2dNativeBackpropFilter", "filter", input, filter_sizes, out_backprop,
                        strides, padding, data_format, dilations, name)


export("nn.depthwise_conv2d_backprop_input")(depthwise_conv2d_native_backprop_input)


@export("nn.conv3d_backprop_filter_v2", "nn.conv3d_backprop_filter")
def conv3d_backprop_filter_v2(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                              data_format="NDHWC", dilations=(1, 1, 1, 1, 1), name=None):
    return _backprop_op("Conv3DBackpropFilterV2", "filter", input, filter_sizes, out_backprop, strides, padding,
                        data_format, dilations, name, rank=5)
