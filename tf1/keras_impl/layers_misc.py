"""Keras 2 core/merge/normalization/wrapper layers: BatchNormalization, Reshape, Permute, RepeatVector,
Lambda, LeakyReLU, TimeDistributed, and the merge layers (Add, Subtract, Multiply, Average, Maximum,
Minimum, Concatenate) with their functional forms (`add`, `concatenate`, ...).
"""
import numpy as np

from ..api import export
from . import constraints, regularizers
from .layers import Layer, _tf, learning_phase, warn_not_applied


def _phase(dtype):
    return _tf().cast(learning_phase(), dtype)


@export("keras.layers.BatchNormalization", "keras.layers.normalization.BatchNormalization")
class BatchNormalization(Layer):
    """Normalises over every axis but `axis` with the batch statistics while `learning_phase()` is True
    (fit feeds it) and with the moving averages otherwise. The moving averages are updated by ops the
    output depends on, `var -= (var - batch_stat) * (1 - momentum) * phase`, so they move during fit
    only and need no update list in the model. As TF 1.15's fused kernel (4-D inputs, last or second
    axis) does, the moving variance takes the unbiased batch variance there; other ranks the biased one."""
    supports_masking = True

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer='zeros', gamma_initializer='ones', moving_mean_initializer='zeros',
                 moving_variance_initializer='ones', beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, fused=None, renorm=False, **kwargs):
        ignored = {k: kwargs.pop(k, None) for k in ('virtual_batch_size', 'adjustment', 'renorm_clipping')}
        kwargs.pop('renorm_momentum', None)  # only meaningful with renorm, reported below
        ignored.update(renorm=renorm or None)
        warn_not_applied("BatchNormalization", ignored)
        super().__init__(**kwargs)
        self.beta_regularizer, self.gamma_regularizer = regularizers.get(beta_regularizer), \
            regularizers.get(gamma_regularizer)
        self.beta_constraint, self.gamma_constraint = constraints.get(beta_constraint), \
            constraints.get(gamma_constraint)
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.fused = fused

    def build(self, input_shape):
        ndims = len(input_shape)
        axis = self.axis % ndims
        self._axis = axis
        dim = input_shape[axis]
        if dim is None:
            raise ValueError('Axis ' + str(self.axis) + ' of input tensor should have a defined dimension '
                             'but the layer received an input with shape ' + str(input_shape) + '.')
        shape = (int(dim),)
        self.gamma = self.add_weight('gamma', shape, self.gamma_initializer, regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight('beta', shape, self.beta_initializer, regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        self.moving_mean = self.add_weight('moving_mean', shape, self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight('moving_variance', shape, self.moving_variance_initializer,
                                               trainable=False)
        self._unbiased_moving_variance = ndims == 4 and axis in (1, 3) and self.fused is not False
        self.built = True

    def call(self, inputs, training=None):
        tf = _tf()
        ndims = len(inputs.get_shape())
        reduce_axes = [i for i in range(ndims) if i != self._axis]
        broadcast = [1] * ndims
        broadcast[self._axis] = -1

        def shaped(v):
            return v if self._axis == ndims - 1 else tf.reshape(v, broadcast)

        mean, variance = tf.nn.moments(inputs, reduce_axes)
        phase = _phase(inputs.dtype)
        use_mean = phase * mean + (1. - phase) * self.moving_mean
        use_var = phase * variance + (1. - phase) * self.moving_variance
        out = tf.nn.batch_normalization(inputs, shaped(use_mean), shaped(use_var),
                                        shaped(self.beta) if self.center else None,
                                        shaped(self.gamma) if self.scale else None, self.epsilon)
        moving_var_target = variance
        if self._unbiased_moving_variance:
            n = tf.cast(tf.size(inputs), inputs.dtype) / tf.cast(tf.size(variance), inputs.dtype)
            moving_var_target = variance * n / tf.maximum(n - 1., 1.)
        decay = (1. - self.momentum) * phase
        updates = [tf.assign_sub(self.moving_mean, (self.moving_mean - tf.stop_gradient(mean)) * decay),
                   tf.assign_sub(self.moving_variance,
                                 (self.moving_variance - tf.stop_gradient(moving_var_target)) * decay)]
        with tf.control_dependencies(updates):
            return tf.identity(out)

    def get_config(self):
        config = super().get_config()
        config.update({'axis': self.axis, 'momentum': self.momentum, 'epsilon': self.epsilon,
                       'center': self.center, 'scale': self.scale})
        return config


@export("keras.layers.Reshape", "keras.layers.core.Reshape")
class Reshape(Layer):
    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _fix_unknown(self, input_shape):
        shape = list(self.target_shape)
        if -1 in shape and all(d is not None for d in input_shape[1:]):
            known = int(np.prod([d for d in shape if d != -1]))
            total = int(np.prod(input_shape[1:]))
            if total % known:
                raise ValueError('total size of new array must be unchanged')
            shape[shape.index(-1)] = total // known
        elif -1 not in shape and all(d is not None for d in input_shape[1:]):
            if int(np.prod(input_shape[1:])) != int(np.prod(shape)):
                raise ValueError('total size of new array must be unchanged')
        return tuple(None if d == -1 else d for d in shape)

    def call(self, inputs):
        tf = _tf()
        shape = self._fix_unknown(tuple(inputs.get_shape().as_list()))
        return tf.reshape(inputs, [-1] + [d if d is not None else -1 for d in shape])

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._fix_unknown(input_shape)

    def get_config(self):
        config = super().get_config()
        config['target_shape'] = self.target_shape
        return config


@export("keras.layers.Permute", "keras.layers.core.Permute")
class Permute(Layer):
    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError('Invalid permutation `dims` for Permute Layer: %s. The set of indices in `dims` '
                             'must be consecutive and start from 1.' % (dims,))

    def call(self, inputs):
        return _tf().transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        config = super().get_config()
        config['dims'] = self.dims
        return config


@export("keras.layers.RepeatVector", "keras.layers.core.RepeatVector")
class RepeatVector(Layer):
    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = int(n)

    def call(self, inputs):
        tf = _tf()
        return tf.tile(tf.expand_dims(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        config = super().get_config()
        config['n'] = self.n
        return config


@export("keras.layers.Lambda", "keras.layers.core.Lambda")
class Lambda(Layer):
    """Wraps `function(inputs, **arguments)`; the output shape is `output_shape` when given (a tuple
    without the batch axis, or a function of the input shape), else the output's static shape."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self._output_shape = output_shape
        self.arguments = arguments or {}
        self.mask = mask
        self.supports_masking = mask is not None

    def call(self, inputs):
        return self.function(inputs, **self.arguments)

    def compute_mask(self, inputs, mask=None):
        """TF 1.15: `mask` given as a function of (inputs, mask) or as the mask itself."""
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return None
        if callable(self._output_shape):
            return tuple(self._output_shape(input_shape))
        first = input_shape[0] if isinstance(input_shape, list) else input_shape
        return (first[0],) + tuple(self._output_shape)

    def get_config(self):
        config = super().get_config()
        config['function'] = getattr(self.function, '__name__', 'lambda')
        return config


@export("keras.layers.Masking", "keras.layers.core.Masking")
class Masking(Layer):
    """Masks the time steps whose features all equal `mask_value`: they are zeroed and the downstream
    layers (RNNs) skip them."""
    supports_masking = True

    def __init__(self, mask_value=0., **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def compute_mask(self, inputs, mask=None):
        tf = _tf()
        return tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        tf = _tf()
        keep = tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * tf.cast(keep, inputs.dtype)

    def get_config(self):
        config = super().get_config()
        config['mask_value'] = self.mask_value
        return config


@export("keras.layers.LeakyReLU", "keras.layers.advanced_activations.LeakyReLU")
class LeakyReLU(Layer):
    supports_masking = True

    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return _tf().nn.leaky_relu(inputs, alpha=self.alpha)

    def get_config(self):
        config = super().get_config()
        config['alpha'] = self.alpha
        return config


@export("keras.layers.TimeDistributed", "keras.layers.wrappers.TimeDistributed")
class TimeDistributed(Layer):
    """Applies `layer` to every time step by folding time into the batch axis; the inner layer's
    weights are built in this wrapper's name scope (`time_distributed_1/kernel:0`), as Keras does."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer

    def _clone(self):
        new = super()._clone()
        new.layer = self.layer._clone()
        return new

    def build(self, input_shape):
        self.layer.build((input_shape[0],) + tuple(input_shape[2:]))
        self.layer.built = True
        self._trainable_weights = self.layer._trainable_weights
        self._non_trainable_weights = self.layer._non_trainable_weights
        self.built = True

    def call(self, inputs):
        tf = _tf()
        shape = inputs.get_shape().as_list()
        steps = shape[1] if shape[1] is not None else tf.shape(inputs)[1]
        inner = tf.reshape(inputs, [-1] + [d if d is not None else -1 for d in shape[2:]])
        y = self.layer.call(inner)
        y_shape = y.get_shape().as_list()
        return tf.reshape(y, [-1, steps] + [d if d is not None else -1 for d in y_shape[1:]]) \
            if shape[1] is not None else tf.reshape(y, tf.stack([-1, steps] + y_shape[1:]))

    def compute_mask(self, inputs, mask=None):
        return mask  # TF 1.15 passes the (batch, time) mask through

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((input_shape[0],) + tuple(input_shape[2:]))
        return (inner[0], input_shape[1]) + tuple(inner[1:])

    def get_config(self):
        config = super().get_config()
        config['layer'] = {'class_name': self.layer.__class__.__name__, 'config': self.layer.get_config()}
        return config


# ------------------------------------------------------------------------------------------ merge
class _Merge(Layer):
    def compute_mask(self, inputs, mask=None):
        """TF 1.15: a step is kept where every given mask keeps it."""
        masks = [m for m in (mask or []) if m is not None]
        if not masks:
            return None
        tf = _tf()
        return tf.reduce_all(tf.stack(masks, axis=0), axis=0)

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError('A merge layer should be called on a list of at least 2 inputs. '
                             'Got ' + str(len(input_shape) if isinstance(input_shape, list) else 1) + ' inputs.')
        self.built = True

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = self._merge(out, x)
        return out

    def compute_output_shape(self, input_shape):
        # elementwise merges broadcast: the longest shape, known dims preferred
        shape = list(input_shape[0])
        for other in input_shape[1:]:
            for i, d in enumerate(other):
                if shape[i] is None or shape[i] == 1:
                    shape[i] = d
        return tuple(shape)


@export("keras.layers.Add", "keras.layers.merge.Add")
class Add(_Merge):
    def _merge(self, a, b):
        return a + b


@export("keras.layers.Subtract", "keras.layers.merge.Subtract")
class Subtract(_Merge):
    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError('A `Subtract` layer should be called on exactly 2 inputs')

    def _merge(self, a, b):
        return a - b


@export("keras.layers.Multiply", "keras.layers.merge.Multiply")
class Multiply(_Merge):
    def _merge(self, a, b):
        return a * b


@export("keras.layers.Maximum", "keras.layers.merge.Maximum")
class Maximum(_Merge):
    def _merge(self, a, b):
        return _tf().maximum(a, b)


@export("keras.layers.Minimum", "keras.layers.merge.Minimum")
class Minimum(_Merge):
    def _merge(self, a, b):
        return _tf().minimum(a, b)


@export("keras.layers.Average", "keras.layers.merge.Average")
class Average(_Merge):
    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out / len(inputs)


@export("keras.layers.Concatenate", "keras.layers.merge.Concatenate")
class Concatenate(_Merge):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return _tf().concat(inputs, axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        """TF 1.15: inputs without a mask count as all kept; the masks (widened to the inputs' rank when
        one axis short) are concatenated like the inputs and reduced with all() over the last axis."""
        if mask is None or all(m is None for m in mask):
            return None
        tf = _tf()
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                m = tf.ones_like(x, dtype=tf.bool)
            elif len(m.get_shape()) < len(x.get_shape()):
                m = tf.expand_dims(m, -1)
            masks.append(m)
        return tf.reduce_all(tf.concat(masks, axis=self.axis), axis=-1)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape[0])
        axis = self.axis % len(shape)
        for other in input_shape[1:]:
            if shape[axis] is None or other[axis] is None:
                shape[axis] = None
            else:
                shape[axis] += other[axis]
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config['axis'] = self.axis
        return config


def _functional(cls, export_names):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    merge.__name__ = export_names[0].rsplit('.', 1)[1]
    merge.__doc__ = 'Functional interface to the `%s` layer.' % cls.__name__
    return export(*export_names)(merge)


add = _functional(Add, ("keras.layers.add", "keras.layers.merge.add"))
subtract = _functional(Subtract, ("keras.layers.subtract", "keras.layers.merge.subtract"))
multiply = _functional(Multiply, ("keras.layers.multiply", "keras.layers.merge.multiply"))
average = _functional(Average, ("keras.layers.average", "keras.layers.merge.average"))
maximum = _functional(Maximum, ("keras.layers.maximum", "keras.layers.merge.maximum"))
minimum = _functional(Minimum, ("keras.layers.minimum", "keras.layers.merge.minimum"))


@export("keras.layers.concatenate", "keras.layers.merge.concatenate")
def concatenate(inputs, axis=-1, **kwargs):
    """Functional interface to the `Concatenate` layer."""
    return Concatenate(axis=axis, **kwargs)(inputs)
