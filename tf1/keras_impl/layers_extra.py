"""More Keras 2 (TF 1.15 tf.keras) layers: the advanced activations (ReLU, PReLU, ELU, ThresholdedReLU,
Softmax), Dot, separable and depthwise convolutions, cropping / padding / upsampling in 1-D and 3-D,
the noise and spatial-dropout layers, ActivityRegularization and LayerNormalization.

Weights are named as TF 1.15 names them (`p_re_lu/alpha:0`, `separable_conv2d/depthwise_kernel:0`,
`layer_normalization/gamma:0`); the random layers act only while `learning_phase()` is true, as
Dropout does (layers.py), and are the identity at inference.
"""
import numpy as np

from ..api import export
from . import backend_ops as K
from . import constraints, regularizers
from .layers import Layer, _tf, learning_phase
from .layers_conv import _Conv, _check_channels_last, _tuple, conv_output_length
from .layers_misc import _Merge


def _in_train_phase(x, alt):
    """`x` while learning_phase() is true, else `alt` (both tensors of one shape)."""
    tf = _tf()
    phase = tf.cast(learning_phase(), alt.dtype)
    return phase * x + (1. - phase) * alt


# ------------------------------------------------------------------------------------------ activations
@export("keras.layers.ReLU", "keras.layers.advanced_activations.ReLU")
class ReLU(Layer):
    supports_masking = True

    def __init__(self, max_value=None, negative_slope=0, threshold=0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.:
            raise ValueError('max_value of Relu layer cannot be negative value: ' + str(max_value))
        if negative_slope < 0.:
            raise ValueError('negative_slope of Relu layer cannot be negative value: ' + str(negative_slope))
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = float(threshold)

    def call(self, inputs):
        return K.relu(inputs, alpha=self.negative_slope, max_value=self.max_value, threshold=self.threshold)

    def get_config(self):
        config = super().get_config()
        config.update({'max_value': self.max_value, 'negative_slope': self.negative_slope,
                       'threshold': self.threshold})
        return config


@export("keras.layers.PReLU", "keras.layers.advanced_activations.PReLU")
class PReLU(Layer):
    """f(x) = x for x >= 0, alpha * x otherwise, with a learned `alpha` per input entry (one per
    `shared_axes` slice)."""
    supports_masking = True

    def __init__(self, alpha_initializer='zeros', alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = alpha_initializer
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        if self.shared_axes is not None:
            for i in self.shared_axes:
                param_shape[i - 1] = 1
        self.alpha = self.add_weight('alpha', tuple(param_shape), self.alpha_initializer,
                                     regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        self.built = True

    def call(self, inputs):
        tf = _tf()
        return tf.nn.relu(inputs) - self.alpha * tf.nn.relu(-inputs)

    def get_config(self):
        config = super().get_config()
        config['shared_axes'] = self.shared_axes
        return config


@export("keras.layers.ELU", "keras.layers.advanced_activations.ELU")
class ELU(Layer):
    supports_masking = True

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return K.elu(inputs, self.alpha)

    def get_config(self):
        config = super().get_config()
        config['alpha'] = self.alpha
        return config


@export("keras.layers.ThresholdedReLU", "keras.layers.advanced_activations.ThresholdedReLU")
class ThresholdedReLU(Layer):
    supports_masking = True

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.theta = float(theta)

    def call(self, inputs):
        tf = _tf()
        return inputs * tf.cast(tf.greater(inputs, self.theta), inputs.dtype)

    def get_config(self):
        config = super().get_config()
        config['theta'] = self.theta
        return config


@export("keras.layers.Softmax", "keras.layers.advanced_activations.Softmax")
class Softmax(Layer):
    supports_masking = True

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return K.softmax(inputs, axis=self.axis)

    def get_config(self):
        config = super().get_config()
        config['axis'] = self.axis
        return config


# ------------------------------------------------------------------------------------------ Dot
@export("keras.layers.Dot", "keras.layers.merge.Dot")
class Dot(_Merge):
    """Per-sample dot product of two inputs over `axes` (K.batch_dot), optionally of their
    l2-normalised forms (cosine proximity)."""

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)) or len(axes) != 2:
                raise ValueError('Invalid format for `axes` - should contain two elements.')
        self.axes = axes
        self.normalize = normalize

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) != 2:
            raise ValueError('A `Dot` layer should be called on a list of 2 inputs.')
        self.built = True

    def _axes(self, ndims):
        if isinstance(self.axes, int):
            return [self.axes % n for n in ndims] if self.axes < 0 else [self.axes] * 2
        return [a % n if a < 0 else a for a, n in zip(self.axes, ndims)]

    def call(self, inputs):
        tf = _tf()
        x1, x2 = inputs
        axes = self._axes([len(x1.get_shape()), len(x2.get_shape())])
        if self.normalize:
            x1 = tf.nn.l2_normalize(x1, axis=axes[0])
            x2 = tf.nn.l2_normalize(x2, axis=axes[1])
        return K.batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        axes = self._axes([len(shape1), len(shape2)])
        shape1.pop(axes[0])
        shape2.pop(axes[1])
        shape2.pop(0)
        out = shape1 + shape2
        return tuple(out) if len(out) != 1 else tuple(out) + (1,)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        config = super().get_config()
        config.update({'axes': self.axes, 'normalize': self.normalize})
        return config


@export("keras.layers.dot", "keras.layers.merge.dot")
def dot(inputs, axes, normalize=False, **kwargs):
    """Functional interface to the `Dot` layer."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)


# ------------------------------------------------------------------------------------------ convolutions
class _SeparableConv(_Conv):
    """Depthwise convolution (each input channel with `depth_multiplier` filters) then a 1x1
    pointwise one; weights `depthwise_kernel`, `pointwise_kernel`, `bias`."""

    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format=None, dilation_rate=1,
                 depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform', bias_initializer='zeros', depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = depthwise_initializer
        self.pointwise_initializer = pointwise_initializer
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        in_channels = input_shape[-1]
        if in_channels is None:
            raise ValueError('The channel dimension of the inputs should be defined. Found `None`.')
        in_channels = int(in_channels)
        self.depthwise_kernel = self.add_weight(
            'depthwise_kernel', self.kernel_size + (in_channels, self.depth_multiplier), self.depthwise_initializer,
            regularizer=self.depthwise_regularizer, constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            'pointwise_kernel', (1,) * self.rank + (self.depth_multiplier * in_channels, self.filters),
            self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        self.bias = self.add_weight('bias', (self.filters,), self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def get_config(self):
        config = super().get_config()
        config['depth_multiplier'] = self.depth_multiplier
        return config


@export("keras.layers.SeparableConv2D", "keras.layers.SeparableConvolution2D",
        "keras.layers.convolutional.SeparableConv2D")
class SeparableConv2D(_SeparableConv):
    rank = 2

    def _convolve(self, inputs):
        tf = _tf()
        return tf.nn.separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                      strides=(1,) + self.strides + (1,), padding=self.padding.upper(),
                                      rate=self.dilation_rate)


@export("keras.layers.SeparableConv1D", "keras.layers.SeparableConvolution1D",
        "keras.layers.convolutional.SeparableConv1D")
class SeparableConv1D(_SeparableConv):
    """As TF 1.15: the sequence as a (batch, 1, steps, channels) image through separable_conv2d."""
    rank = 1

    def _convolve(self, inputs):
        tf = _tf()
        padding = self.padding
        if padding == 'causal':
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs = tf.pad(inputs, [[0, 0], [left, 0], [0, 0]])
            padding = 'valid'
        out = tf.nn.separable_conv2d(tf.expand_dims(inputs, 1), tf.expand_dims(self.depthwise_kernel, 0),
                                     tf.expand_dims(self.pointwise_kernel, 0),
                                     strides=(1, 1) + self.strides + (1,), padding=padding.upper(),
                                     rate=(1,) + self.dilation_rate)
        return tf.squeeze(out, [1])


@export("keras.layers.DepthwiseConv2D", "keras.layers.convolutional.DepthwiseConv2D")
class DepthwiseConv2D(_Conv):
    """Each input channel convolved with its own `depth_multiplier` filters: `depthwise_kernel`
    (kh, kw, in_channels, depth_multiplier) and a bias of in_channels * depth_multiplier."""
    rank = 2

    def __init__(self, kernel_size, strides=(1, 1), padding='valid', depth_multiplier=1, data_format=None,
                 activation=None, use_bias=True, depthwise_initializer='glorot_uniform',
                 bias_initializer='zeros', depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(1, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         activation=activation, use_bias=use_bias, bias_initializer=bias_initializer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, **kwargs)
        self.filters = None
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = depthwise_initializer
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)

    def build(self, input_shape):
        in_channels = input_shape[-1]
        if in_channels is None:
            raise ValueError('The channel dimension of the inputs to `DepthwiseConv2D` should be defined. '
                             'Found `None`.')
        in_channels = int(in_channels)
        self.depthwise_kernel = self.add_weight(
            'depthwise_kernel', self.kernel_size + (in_channels, self.depth_multiplier), self.depthwise_initializer,
            regularizer=self.depthwise_regularizer, constraint=self.depthwise_constraint)
        self.bias = self.add_weight('bias', (in_channels * self.depth_multiplier,), self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def _convolve(self, inputs):
        tf = _tf()
        return tf.nn.depthwise_conv2d(inputs, self.depthwise_kernel, strides=(1,) + self.strides + (1,),
                                      padding=self.padding.upper(), rate=self.dilation_rate)

    def compute_output_shape(self, input_shape):
        space = [conv_output_length(input_shape[1 + i], self.kernel_size[i], self.padding, self.strides[i],
                                    self.dilation_rate[i]) for i in range(2)]
        return (input_shape[0],) + tuple(space) + (input_shape[-1] * self.depth_multiplier,)

    def get_config(self):
        config = super().get_config()
        config.pop('filters')
        config['depth_multiplier'] = self.depth_multiplier
        return config


# ------------------------------------------------------------------------------------------ cropping / padding
def _pairs(value, rank, name):
    """An int, `rank` ints, or `rank` (before, after) pairs -> `rank` (before, after) pairs."""
    if isinstance(value, int):
        return ((value, value),) * rank
    value = tuple(value)
    if rank == 1 and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (tuple(int(v) for v in value),)
    if len(value) != rank:
        raise ValueError('`%s` should have %d elements. Found: %s' % (name, rank, value))
    return tuple((int(v), int(v)) if isinstance(v, int) else tuple(int(x) for x in v) for v in value)


class _Cropping(Layer):
    rank = None

    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)
        self.cropping = _pairs(cropping, self.rank, 'cropping')

    def call(self, inputs):
        index = [slice(None)]
        for before, after in self.cropping:
            index.append(slice(before, -after if after else None))
        return inputs[tuple(index) + (slice(None),)]

    def compute_output_shape(self, input_shape):
        space = [None if input_shape[1 + i] is None else input_shape[1 + i] - sum(self.cropping[i])
                 for i in range(self.rank)]
        return (input_shape[0],) + tuple(space) + (input_shape[-1],)

    def get_config(self):
        config = super().get_config()
        config['cropping'] = self.cropping if self.rank > 1 else self.cropping[0]
        return config


@export("keras.layers.Cropping1D", "keras.layers.convolutional.Cropping1D")
class Cropping1D(_Cropping):
    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, **kwargs)


@export("keras.layers.Cropping2D", "keras.layers.convolutional.Cropping2D")
class Cropping2D(_Cropping):
    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


@export("keras.layers.Cropping3D", "keras.layers.convolutional.Cropping3D")
class Cropping3D(_Cropping):
    rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class _ZeroPadding(Layer):
    rank = None

    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)
        self.padding = _pairs(padding, self.rank, 'padding')

    def call(self, inputs):
        return _tf().pad(inputs, [[0, 0]] + [list(p) for p in self.padding] + [[0, 0]])

    def compute_output_shape(self, input_shape):
        space = [None if input_shape[1 + i] is None else input_shape[1 + i] + sum(self.padding[i])
                 for i in range(self.rank)]
        return (input_shape[0],) + tuple(space) + (input_shape[-1],)

    def get_config(self):
        config = super().get_config()
        config['padding'] = self.padding if self.rank > 1 else self.padding[0]
        return config


@export("keras.layers.ZeroPadding1D", "keras.layers.convolutional.ZeroPadding1D")
class ZeroPadding1D(_ZeroPadding):
    rank = 1

    def __init__(self, padding=1, **kwargs):
        super().__init__(padding, **kwargs)


@export("keras.layers.ZeroPadding3D", "keras.layers.convolutional.ZeroPadding3D")
class ZeroPadding3D(_ZeroPadding):
    rank = 3

    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class _UpSampling(Layer):
    """Nearest-neighbour upsampling: each step / voxel repeated `size` times per spatial axis."""
    rank = None

    def __init__(self, size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)
        self.size = _tuple(size, self.rank)

    def call(self, inputs):
        out = inputs
        for i, factor in enumerate(self.size):
            out = K.repeat_elements(out, factor, axis=1 + i)
        return out

    def compute_output_shape(self, input_shape):
        space = [None if input_shape[1 + i] is None else input_shape[1 + i] * self.size[i]
                 for i in range(self.rank)]
        return (input_shape[0],) + tuple(space) + (input_shape[-1],)

    def get_config(self):
        config = super().get_config()
        config['size'] = self.size if self.rank > 1 else self.size[0]
        return config


@export("keras.layers.UpSampling1D", "keras.layers.convolutional.UpSampling1D")
class UpSampling1D(_UpSampling):
    rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(size, **kwargs)


@export("keras.layers.UpSampling3D", "keras.layers.convolutional.UpSampling3D")
class UpSampling3D(_UpSampling):
    rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)


# ------------------------------------------------------------------------------------------ noise
@export("keras.layers.GaussianNoise", "keras.layers.noise.GaussianNoise")
class GaussianNoise(Layer):
    """Adds N(0, stddev) noise while training."""
    supports_masking = True

    def __init__(self, stddev, **kwargs):
        super().__init__(**kwargs)
        self.stddev = stddev

    def call(self, inputs, training=None):
        tf = _tf()
        noisy = inputs + tf.random_normal(tf.shape(inputs), mean=0., stddev=self.stddev, dtype=inputs.dtype)
        return _in_train_phase(noisy, inputs)

    def get_config(self):
        config = super().get_config()
        config['stddev'] = self.stddev
        return config


@export("keras.layers.GaussianDropout", "keras.layers.noise.GaussianDropout")
class GaussianDropout(Layer):
    """Multiplies by N(1, rate / (1 - rate)) noise while training."""
    supports_masking = True

    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs, training=None):
        tf = _tf()
        if not 0 < self.rate < 1:
            return tf.identity(inputs)
        stddev = np.sqrt(self.rate / (1.0 - self.rate))
        noisy = inputs * tf.random_normal(tf.shape(inputs), mean=1.0, stddev=stddev, dtype=inputs.dtype)
        return _in_train_phase(noisy, inputs)

    def get_config(self):
        config = super().get_config()
        config['rate'] = self.rate
        return config


@export("keras.layers.AlphaDropout", "keras.layers.noise.AlphaDropout")
class AlphaDropout(Layer):
    """SELU-preserving dropout: dropped units take SELU's negative saturation value, then an affine map
    keeps the mean and variance (while training)."""
    supports_masking = True

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def call(self, inputs, training=None):
        tf = _tf()
        if not 0. < self.rate < 1.:
            return tf.identity(inputs)
        noise_shape = self.noise_shape if self.noise_shape is not None else tf.shape(inputs)
        alpha = 1.6732632423543772848170429916717
        scale = 1.0507009873554804934193349852946
        alpha_p = -alpha * scale
        kept = tf.cast(tf.greater_equal(tf.random_uniform(noise_shape, seed=self.seed, dtype=inputs.dtype),
                                        self.rate), inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        dropped = a * (inputs * kept + alpha_p * (1 - kept)) + b
        return _in_train_phase(dropped, inputs)

    def get_config(self):
        config = super().get_config()
        config['rate'] = self.rate
        return config


class _SpatialDropout(Layer):
    """Dropout of whole feature maps: one keep/drop draw per (sample, channel), kept ones scaled by
    1 / (1 - rate), while training."""
    rank = None

    def __init__(self, rate, data_format=None, **kwargs):
        super().__init__(**kwargs)
        _check_channels_last(data_format)
        self.rate = min(1., max(0., rate))

    def call(self, inputs, training=None):
        tf = _tf()
        if not 0. < self.rate < 1.:
            return tf.identity(inputs)
        shape = tf.shape(inputs)
        noise_shape = tf.stack([shape[0]] + [1] * self.rank + [shape[self.rank + 1]])
        keep = 1. - self.rate * tf.cast(learning_phase(), inputs.dtype)
        mask = tf.floor(keep + tf.random_uniform(noise_shape, dtype=inputs.dtype)) / keep
        return inputs * mask

    def get_config(self):
        config = super().get_config()
        config['rate'] = self.rate
        return config


@export("keras.layers.SpatialDropout1D", "keras.layers.core.SpatialDropout1D")
class SpatialDropout1D(_SpatialDropout):
    rank = 1


@export("keras.layers.SpatialDropout2D", "keras.layers.core.SpatialDropout2D")
class SpatialDropout2D(_SpatialDropout):
    rank = 2


@export("keras.layers.SpatialDropout3D", "keras.layers.core.SpatialDropout3D")
class SpatialDropout3D(_SpatialDropout):
    rank = 3


# ------------------------------------------------------------------------------------------ misc
@export("keras.layers.ActivityRegularization", "keras.layers.core.ActivityRegularization")
class ActivityRegularization(Layer):
    """The identity, adding l1 * sum|x| + l2 * sum x^2 of its output (per batch sample) to the losses."""
    supports_masking = True

    def __init__(self, l1=0., l2=0., **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1 = l1
        self.l2 = l2

    def call(self, inputs):
        return _tf().identity(inputs)  # a tensor of its own: the input keeps its Keras history

    def get_config(self):
        config = super().get_config()
        config.update({'l1': self.l1, 'l2': self.l2})
        return config


@export("keras.layers.LayerNormalization", "keras.layers.normalization.LayerNormalization")
class LayerNormalization(Layer):
    """Normalises each sample over `axis` (default the last) with its own mean and variance, then
    scales by `gamma` and shifts by `beta` (weights over those axes, gamma built first)."""
    supports_masking = True

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer='zeros',
                 gamma_initializer='ones', beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def build(self, input_shape):
        ndims = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        self._axes = sorted(a % ndims for a in axes)
        param_shape = tuple(int(input_shape[a]) for a in self._axes)
        self.gamma = self.add_weight('gamma', param_shape, self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight('beta', param_shape, self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        self.built = True

    def call(self, inputs):
        tf = _tf()
        ndims = len(inputs.get_shape())
        broadcast = [1] * ndims
        for a in self._axes:
            broadcast[a] = int(inputs.get_shape().as_list()[a])

        def shaped(v):
            return None if v is None else tf.reshape(v, broadcast)

        mean, variance = tf.nn.moments(inputs, self._axes, keep_dims=True)
        return tf.nn.batch_normalization(inputs, mean, variance, offset=shaped(self.beta),
                                         scale=shaped(self.gamma), variance_epsilon=self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({'axis': self.axis, 'epsilon': self.epsilon, 'center': self.center,
                       'scale': self.scale})
        return config
