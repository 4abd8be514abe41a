"""Keras 2 convolution and pooling layers (channels_last) on tf1's nn ops: Conv1D, Conv2D,
Conv2DTranspose, MaxPooling1D/2D, AveragePooling1D/2D, the global poolings, ZeroPadding2D,
UpSampling2D.

Weights follow Keras: `kernel` (spatial dims..., in_channels, filters) and `bias` (filters,);
Conv2DTranspose's kernel is (kh, kw, filters, in_channels) as `nn.conv2d_transpose` wants it.
"""
from ..api import export
from . import constraints, regularizers
from .layers import Layer, _tf, get_activation


def _tuple(value, n):
    if isinstance(value, int):
        return (value,) * n
    return tuple(int(v) for v in value)


def conv_output_length(length, filter_size, padding, stride, dilation=1):
    """Keras' conv_utils.conv_output_length."""
    if length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ('same', 'causal'):
        out = length
    elif padding == 'valid':
        out = length - dilated + 1
    else:  # 'full'
        out = length + dilated - 1
    return (out + stride - 1) // stride


def deconv_output_length(length, filter_size, padding, stride):
    if length is None:
        return None
    if padding == 'same':
        return length * stride
    return length * stride + max(filter_size - stride, 0)


def _check_channels_last(data_format):
    if data_format not in (None, 'channels_last'):
        raise NotImplementedError('tf1.keras convolution layers support data_format="channels_last" only')


class _Conv(Layer):
    rank = None

    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer='glorot_uniform',
                 bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.kernel_regularizer, self.bias_regularizer = regularizers.get(kernel_regularizer), \
            regularizers.get(bias_regularizer)
        self.kernel_constraint, self.bias_constraint = constraints.get(kernel_constraint), \
            constraints.get(bias_constraint)
        _check_channels_last(data_format)
        self.filters = int(filters)
        self.kernel_size = _tuple(kernel_size, self.rank)
        self.strides = _tuple(strides, self.rank)
        self.padding = padding.lower()
        self.dilation_rate = _tuple(dilation_rate, self.rank)
        self.activation_name = activation
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer

    def _kernel_shape(self, in_channels):
        return self.kernel_size + (in_channels, self.filters)

    def build(self, input_shape):
        in_channels = input_shape[-1]
        if in_channels is None:
            raise ValueError('The channel dimension of the inputs should be defined. Found `None`.')
        self.kernel = self.add_weight('kernel', self._kernel_shape(int(in_channels)), self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = self.add_weight('bias', (self.filters,), self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def _convolve(self, inputs):
        raise NotImplementedError

    def call(self, inputs):
        tf = _tf()
        out = self._convolve(inputs)
        if self.use_bias:
            out = tf.nn.bias_add(out, self.bias)
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        space = [conv_output_length(input_shape[1 + i], self.kernel_size[i], self.padding, self.strides[i],
                                    self.dilation_rate[i]) for i in range(self.rank)]
        return (input_shape[0],) + tuple(space) + (self.filters,)

    def get_config(self):
        config = super().get_config()
        config.update({'filters': self.filters, 'kernel_size': self.kernel_size, 'strides': self.strides,
                       'padding': self.padding, 'data_format': 'channels_last',
                       'dilation_rate': self.dilation_rate, 'activation': self.activation_name or 'linear',
                       'use_bias': self.use_bias})
        return config


@export("keras.layers.Conv1D", "keras.layers.Convolution1D", "keras.layers.convolutional.Conv1D")
class Conv1D(_Conv):
    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format='channels_last',
                 dilation_rate=1, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, **kwargs)

    def _convolve(self, inputs):
        tf = _tf()
        padding = self.padding
        if padding == 'causal':
            # Left-pad so output t sees inputs <= t only.
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs = tf.pad(inputs, [[0, 0], [left, 0], [0, 0]])
            padding = 'valid'
        if self.dilation_rate[0] != 1:
            return tf.nn.convolution(inputs, self.kernel, padding.upper(), strides=self.strides,
                                     dilation_rate=self.dilation_rate)
        return tf.nn.conv1d(inputs, self.kernel, self.strides[0], padding.upper())


@export("keras.layers.Conv2D", "keras.layers.Convolution2D", "keras.layers.convolutional.Conv2D")
class Conv2D(_Conv):
    rank = 2

    def _convolve(self, inputs):
        tf = _tf()
        if self.dilation_rate != (1, 1):
            return tf.nn.convolution(inputs, self.kernel, self.padding.upper(), strides=self.strides,
                                     dilation_rate=self.dilation_rate)
        return tf.nn.conv2d(inputs, self.kernel, (1,) + self.strides + (1,), self.padding.upper())


@export("keras.layers.Conv2DTranspose", "keras.layers.Deconvolution2D",
        "keras.layers.convolutional.Conv2DTranspose")
class Conv2DTranspose(_Conv):
    rank = 2

    def _kernel_shape(self, in_channels):
        return self.kernel_size + (self.filters, in_channels)

    def _convolve(self, inputs):
        tf = _tf()
        shape = inputs.get_shape().as_list()
        h, w = [deconv_output_length(shape[1 + i], self.kernel_size[i], self.padding, self.strides[i])
                for i in range(2)]
        output_shape = tf.stack([tf.shape(inputs)[0], h, w, self.filters])
        out = tf.nn.conv2d_transpose(inputs, self.kernel, output_shape, (1,) + self.strides + (1,),
                                     padding=self.padding.upper())
        out.set_shape([shape[0], h, w, self.filters])
        return out

    def compute_output_shape(self, input_shape):
        space = [deconv_output_length(input_shape[1 + i], self.kernel_size[i], self.padding, self.strides[i])
                 for i in range(2)]
        return (input_shape[0],) + tuple(space) + (self.filters,)


# ------------------------------------------------------------------------------------------ pooling
class _Pooling(Layer):
    rank = None
    reducer = None  # 'max' or 'avg'

    def __init__(self, pool_size=2, strides=None, padding='valid', data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)
        self.pool_size = _tuple(pool_size, self.rank)
        self.strides = _tuple(strides, self.rank) if strides is not None else self.pool_size
        self.padding = padding.lower()

    def call(self, inputs):
        tf = _tf()
        pool = tf.nn.max_pool if self.reducer == 'max' else tf.nn.avg_pool
        if self.rank == 1:
            # Keras pools 1-D sequences as (batch, steps, 1, channels) images.
            x = tf.expand_dims(inputs, 2)
            out = pool(x, (1, self.pool_size[0], 1, 1), (1, self.strides[0], 1, 1), self.padding.upper())
            return tf.squeeze(out, [2])
        return pool(inputs, (1,) + self.pool_size + (1,), (1,) + self.strides + (1,), self.padding.upper())

    def compute_output_shape(self, input_shape):
        space = [conv_output_length(input_shape[1 + i], self.pool_size[i], self.padding, self.strides[i])
                 for i in range(self.rank)]
        return (input_shape[0],) + tuple(space) + (input_shape[-1],)

    def get_config(self):
        config = super().get_config()
        config.update({'pool_size': self.pool_size, 'strides': self.strides, 'padding': self.padding,
                       'data_format': 'channels_last'})
        return config


@export("keras.layers.MaxPooling1D", "keras.layers.MaxPool1D", "keras.layers.pooling.MaxPooling1D")
class MaxPooling1D(_Pooling):
    rank, reducer = 1, 'max'


@export("keras.layers.MaxPooling2D", "keras.layers.MaxPool2D", "keras.layers.pooling.MaxPooling2D")
class MaxPooling2D(_Pooling):
    rank, reducer = 2, 'max'

    def __init__(self, pool_size=(2, 2), strides=None, padding='valid', data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


@export("keras.layers.AveragePooling1D", "keras.layers.AvgPool1D", "keras.layers.pooling.AveragePooling1D")
class AveragePooling1D(_Pooling):
    rank, reducer = 1, 'avg'


@export("keras.layers.AveragePooling2D", "keras.layers.AvgPool2D", "keras.layers.pooling.AveragePooling2D")
class AveragePooling2D(_Pooling):
    rank, reducer = 2, 'avg'

    def __init__(self, pool_size=(2, 2), strides=None, padding='valid', data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class _GlobalPooling(Layer):
    reducer = None

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)

    def call(self, inputs):
        tf = _tf()
        axes = list(range(1, len(inputs.get_shape()) - 1))
        reduce = tf.reduce_max if self.reducer == 'max' else tf.reduce_mean
        return reduce(inputs, axis=axes)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1])


@export("keras.layers.GlobalAveragePooling1D", "keras.layers.GlobalAvgPool1D",
        "keras.layers.pooling.GlobalAveragePooling1D")
class GlobalAveragePooling1D(_GlobalPooling):
    """With a mask (TF 1.15), the mean over the kept steps only."""
    reducer = 'avg'
    supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        tf = _tf()
        weights = tf.expand_dims(tf.cast(mask, inputs.dtype), 2)
        return tf.reduce_sum(inputs * weights, axis=1) / tf.reduce_sum(weights, axis=1)

    def compute_mask(self, inputs, mask=None):
        return None


@export("keras.layers.GlobalAveragePooling2D", "keras.layers.GlobalAvgPool2D",
        "keras.layers.pooling.GlobalAveragePooling2D")
class GlobalAveragePooling2D(_GlobalPooling):
    reducer = 'avg'


@export("keras.layers.GlobalMaxPooling1D", "keras.layers.GlobalMaxPool1D",
        "keras.layers.pooling.GlobalMaxPooling1D")
class GlobalMaxPooling1D(_GlobalPooling):
    reducer = 'max'


@export("keras.layers.GlobalMaxPooling2D", "keras.layers.GlobalMaxPool2D",
        "keras.layers.pooling.GlobalMaxPooling2D")
class GlobalMaxPooling2D(_GlobalPooling):
    reducer = 'max'


# ------------------------------------------------------------------------------------------ resampling
@export("keras.layers.ZeroPadding2D", "keras.layers.convolutional.ZeroPadding2D")
class ZeroPadding2D(Layer):
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)
        if isinstance(padding, int):
            padding = ((padding, padding), (padding, padding))
        elif isinstance(padding[0], int):
            padding = ((padding[0], padding[0]), (padding[1], padding[1]))
        self.padding = tuple(tuple(int(p) for p in pair) for pair in padding)

    def call(self, inputs):
        return _tf().pad(inputs, [[0, 0], list(self.padding[0]), list(self.padding[1]), [0, 0]])

    def compute_output_shape(self, input_shape):
        space = [None if input_shape[1 + i] is None else input_shape[1 + i] + sum(self.padding[i])
                 for i in range(2)]
        return (input_shape[0],) + tuple(space) + (input_shape[3],)


@export("keras.layers.UpSampling2D", "keras.layers.convolutional.UpSampling2D")
class UpSampling2D(Layer):
    """Nearest-neighbour upsampling: each pixel repeated size[0] x size[1] times."""

    def __init__(self, size=(2, 2), data_format=None, interpolation='nearest', **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)
        if interpolation != 'nearest':
            raise NotImplementedError('tf1.keras UpSampling2D supports interpolation="nearest" only')
        self.size = _tuple(size, 2)

    def call(self, inputs):
        tf = _tf()
        shape = inputs.get_shape().as_list()
        out = inputs
        for axis, factor in ((1, self.size[0]), (2, self.size[1])):
            # repeat along `axis`: insert a unit axis after it, tile, and merge the two
            dims = out.get_shape().as_list()
            expanded = tf.expand_dims(out, axis + 1)
            multiples = [1] * (len(dims) + 1)
            multiples[axis + 1] = factor
            tiled = tf.tile(expanded, multiples)
            new = [-1] + dims[1:]
            new[axis] = dims[axis] * factor
            out = tf.reshape(tiled, new)
        out.set_shape([shape[0], shape[1] * self.size[0], shape[2] * self.size[1], shape[3]])
        return out

    def compute_output_shape(self, input_shape):
        space = [None if input_shape[1 + i] is None else input_shape[1 + i] * self.size[i] for i in range(2)]
        return (input_shape[0],) + tuple(space) + (input_shape[3],)
