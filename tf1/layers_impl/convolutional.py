"""tf.layers convolutions: Conv1D/2D/3D, Conv2DTranspose, SeparableConv2D and their functions."""
from ..api import export
from ..framework import tensor_shape
from ..ops import array_ops, init_ops
from .base import (InputSpec, conv_output_length, deconv_output_length, nn, normalize_data_format,
                   normalize_padding, normalize_tuple, tf)
from .base import warn_deprecated
from .core import KernelBiasLayer


def _tf_data_format(data_format, ndim):
    if data_format == "channels_last":
        return {3: "NWC", 4: "NHWC", 5: "NDHWC"}[ndim]
    return {3: "NCW", 4: "NCHW", 5: "NCDHW"}[ndim]


class _Conv(KernelBiasLayer):
    """N-D convolution layer (Keras's `Conv` base as tf.layers uses it)."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer,
                         **kwargs)
        self.rank = rank
        self.filters = int(filters) if filters is not None else None
        self.kernel_size = normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = normalize_tuple(strides, rank, "strides")
        self.padding = normalize_padding(padding)
        if self.padding == "causal" and not isinstance(self, Conv1D):
            raise ValueError("Causal padding is only supported for `Conv1D` and ``SeparableConv1D`.")
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, rank, "dilation_rate")
        self._init_kernel_bias(activation, use_bias, kernel_initializer, bias_initializer,
                               kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def _input_dim(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        dim = input_shape.as_list()[self._channel_axis()]
        if dim is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        return int(dim)

    def build(self, input_shape):
        input_dim = self._input_dim(input_shape)
        self._build_kernel(self.kernel_size + (input_dim, self.filters))
        self._build_bias((self.filters,))
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={self._channel_axis(): input_dim})
        self.built = True

    def _convolve(self, inputs):
        padding = "VALID" if self.padding == "causal" else self.padding.upper()
        fmt = _tf_data_format(self.data_format, self.rank + 2)
        if any(d != 1 for d in self.dilation_rate):
            return nn().convolution(inputs, self.kernel, padding, strides=self.strides,
                                    dilation_rate=self.dilation_rate, data_format=fmt)
        if self.rank == 1:
            return nn().conv1d(inputs, self.kernel, stride=self.strides[0], padding=padding,
                               data_format=fmt)
        if self.rank == 2:
            strides = (1,) + self.strides + (1,) if fmt == "NHWC" else (1, 1) + self.strides
            return nn().conv2d(inputs, self.kernel, strides=list(strides), padding=padding, data_format=fmt)
        strides = (1,) + self.strides + (1,) if fmt == "NDHWC" else (1, 1) + self.strides
        return nn().conv3d(inputs, self.kernel, strides=list(strides), padding=padding, data_format=fmt)

    def _finish(self, outputs):
        if self.use_bias:
            if self.data_format == "channels_first":
                if self.rank == 1:
                    outputs += array_ops.reshape(self.bias, (1, self.filters, 1))
                else:
                    outputs = nn().bias_add(outputs, self.bias, data_format="NCHW")
            else:
                outputs = nn().bias_add(outputs, self.bias, data_format="NHWC")
        return self._activate(outputs)

    def call(self, inputs):
        if self.padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            pad = [[0, 0], [left, 0], [0, 0]] if self.data_format == "channels_last" \
                else [[0, 0], [0, 0], [left, 0]]
            inputs = tf().pad(inputs, pad)
        return self._finish(self._convolve(inputs))

    def compute_output_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape).as_list()
        if self.data_format == "channels_last":
            space = input_shape[1:-1]
        else:
            space = input_shape[2:]
        new_space = [conv_output_length(space[i], self.kernel_size[i], padding=self.padding,
                                        stride=self.strides[i], dilation=self.dilation_rate[i])
                     for i in range(len(space))]
        if self.data_format == "channels_last":
            return tensor_shape.TensorShape([input_shape[0]] + new_space + [self.filters])
        return tensor_shape.TensorShape([input_shape[0], self.filters] + new_space)


def _ones(rank):
    """The default strides and dilation rate: a plain 1 for 1-D layers, a tuple of 1s otherwise (as TF)."""
    return 1 if rank == 1 else (1,) * rank


def _conv_class(rank, names):
    """The public `Conv<rank>D` class: `_Conv` with the rank fixed and that rank's defaults."""
    ones = _ones(rank)

    def __init__(self, filters, kernel_size, strides=ones, padding="valid", data_format="channels_last",
                 dilation_rate=ones, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        _Conv.__init__(self, rank, filters, kernel_size, strides, padding, data_format, dilation_rate,
                       activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                       bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint,
                       trainable, name, **kwargs)

    # The class name matters: it gives the layer's default name (`conv1d`, `conv2d_1`, ...).
    cls = type(names[0], (_Conv,), {"__init__": __init__, "__module__": __name__})
    __init__.__qualname__ = names[0] + ".__init__"
    return export(*["layers." + n for n in names])(cls)


Conv1D = _conv_class(1, ("Conv1D", "Convolution1D"))
Conv2D = _conv_class(2, ("Conv2D", "Convolution2D"))
Conv3D = _conv_class(3, ("Conv3D", "Convolution3D"))


@export("layers.Conv2DTranspose", "layers.Convolution2DTranspose")
class Conv2DTranspose(Conv2D):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, output_padding=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                         trainable=trainable, name=name, **kwargs)
        self.output_padding = None if output_padding is None else normalize_tuple(output_padding, 2,
                                                                                  "output_padding")

    def build(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if input_shape.ndims != 4:
            raise ValueError("Inputs should have rank 4. Received input shape: " + str(input_shape))
        input_dim = self._input_dim(input_shape)
        self.input_spec = InputSpec(ndim=4, axes={self._channel_axis(): input_dim})
        self._build_kernel(self.kernel_size + (self.filters, input_dim))
        self._build_bias((self.filters,))
        self.built = True

    def call(self, inputs):
        inputs_shape = array_ops.shape(inputs)
        batch_size = inputs_shape[0]
        h_axis, w_axis = (2, 3) if self.data_format == "channels_first" else (1, 2)
        height, width = inputs_shape[h_axis], inputs_shape[w_axis]
        static = inputs.get_shape().as_list()
        if static[h_axis] is not None:
            height = static[h_axis]
        if static[w_axis] is not None:
            width = static[w_axis]
        kernel_h, kernel_w = self.kernel_size
        stride_h, stride_w = self.strides
        pad_h, pad_w = (None, None) if self.output_padding is None else self.output_padding
        out_height = deconv_output_length(height, kernel_h, self.padding, pad_h, stride_h)
        out_width = deconv_output_length(width, kernel_w, self.padding, pad_w, stride_w)
        if self.data_format == "channels_first":
            output_shape = (batch_size, self.filters, out_height, out_width)
            strides = (1, 1) + self.strides
        else:
            output_shape = (batch_size, out_height, out_width, self.filters)
            strides = (1,) + self.strides + (1,)
        output_shape_tensor = array_ops.stack(output_shape)
        outputs = nn().conv2d_transpose(inputs, self.kernel, output_shape_tensor, strides=list(strides),
                                        padding=self.padding.upper(),
                                        data_format=_tf_data_format(self.data_format, 4))
        outputs.set_shape(self.compute_output_shape(inputs.get_shape()))
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        output_shape = list(tensor_shape.as_shape(input_shape).as_list())
        c_axis, h_axis, w_axis = (1, 2, 3) if self.data_format == "channels_first" else (3, 1, 2)
        pad_h, pad_w = (None, None) if self.output_padding is None else self.output_padding
        output_shape[c_axis] = self.filters
        output_shape[h_axis] = deconv_output_length(output_shape[h_axis], self.kernel_size[0], self.padding,
                                                    pad_h, self.strides[0])
        output_shape[w_axis] = deconv_output_length(output_shape[w_axis], self.kernel_size[1], self.padding,
                                                    pad_w, self.strides[1])
        return tensor_shape.TensorShape(output_shape)


@export("layers.SeparableConv2D", "layers.SeparableConvolution2D")
class SeparableConv2D(Conv2D):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer=None, pointwise_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 trainable=True, name=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, bias_constraint=bias_constraint,
                         trainable=trainable, name=name, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = depthwise_initializer
        self.pointwise_initializer = pointwise_initializer
        self.depthwise_regularizer = depthwise_regularizer
        self.pointwise_regularizer = pointwise_regularizer
        self.depthwise_constraint = depthwise_constraint
        self.pointwise_constraint = pointwise_constraint

    def build(self, input_shape):
        input_dim = self._input_dim(input_shape)
        self.input_spec = InputSpec(ndim=4, axes={self._channel_axis(): input_dim})
        depthwise_shape = self.kernel_size + (input_dim, self.depth_multiplier)
        pointwise_shape = (1, 1, self.depth_multiplier * input_dim, self.filters)
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=depthwise_shape, initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer, constraint=self.depthwise_constraint, trainable=True,
            dtype=self.dtype)
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel", shape=pointwise_shape, initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer, constraint=self.pointwise_constraint, trainable=True,
            dtype=self.dtype)
        self._build_bias((self.filters,))
        self.built = True

    def call(self, inputs):
        fmt = _tf_data_format(self.data_format, 4)
        strides = (1,) + self.strides + (1,) if fmt == "NHWC" else (1, 1) + self.strides
        outputs = nn().separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                        strides=list(strides), padding=self.padding.upper(),
                                        rate=self.dilation_rate, data_format=fmt)
        return self._finish(outputs)


def _functional(cls, inputs, name, reuse, **kwargs):
    # Called from the public function: its caller is the line TF's warning names.
    warn_deprecated(_FUNCTION_NAMES[cls.__name__], "convolutional",
                    "Use `tf.keras.layers.%s` instead." % cls.__name__, depth=4)
    layer = cls(name=name, _scope=name, _reuse=reuse, **kwargs)
    return layer.apply(inputs)


# TF 1.15's functional form of each layer class, the name its deprecation warning gives.
_FUNCTION_NAMES = {"Conv1D": "conv1d", "Conv2D": "conv2d", "Conv3D": "conv3d",
                   "SeparableConv1D": "separable_conv1d", "SeparableConv2D": "separable_conv2d",
                   "Conv2DTranspose": "conv2d_transpose", "Conv3DTranspose": "conv3d_transpose"}


def _conv_function(cls, rank, public_name):
    """The functional form of `cls` (`tf.layers.conv<rank>d`)."""
    ones = _ones(rank)

    def fn(inputs, filters, kernel_size, strides=ones, padding="valid", data_format="channels_last",
           dilation_rate=ones, activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
        return _functional(cls, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
                           strides=strides, padding=padding, data_format=data_format,
                           dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                           kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                           kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                           activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                           bias_constraint=bias_constraint, trainable=trainable)
    fn.__name__ = fn.__qualname__ = public_name
    return export("layers." + public_name)(fn)


conv1d = _conv_function(Conv1D, 1, "conv1d")
conv2d = _conv_function(Conv2D, 2, "conv2d")
conv3d = _conv_function(Conv3D, 3, "conv3d")


@export("layers.conv2d_transpose")
def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    return _functional(Conv2DTranspose, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
                       strides=strides, padding=padding, data_format=data_format, activation=activation,
                       use_bias=use_bias, kernel_initializer=kernel_initializer,
                       bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                       bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                       kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                       trainable=trainable)


@export("layers.separable_conv2d")
def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                     activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=init_ops.zeros_initializer(),
                     depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    return _functional(SeparableConv2D, inputs, name, reuse, filters=filters, kernel_size=kernel_size,
                       strides=strides, padding=padding, data_format=data_format,
                       dilation_rate=dilation_rate, depth_multiplier=depth_multiplier,
                       activation=activation, use_bias=use_bias,
                       depthwise_initializer=depthwise_initializer,
                       pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
                       depthwise_regularizer=depthwise_regularizer,
                       pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer,
                       depthwise_constraint=depthwise_constraint,
                       pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint,
                       trainable=trainable)
