"""tf.layers.Dense / Dropout / Flatten and their functional forms."""
import numpy as np

from ..api import export
from ..framework import dtypes, tensor_shape
from ..framework.graph import name_scope
from ..ops import array_ops, init_ops, math_ops
from .base import InputSpec, Layer, nn, smart_cond, warn_deprecated


def get_activation(activation):
    """Keras's `activations.get`: None -> linear, a name -> the `tf.nn` function, else as given."""
    if activation is None:
        return None
    if isinstance(activation, str):
        if activation == "linear":
            return None
        names = {"relu": "relu", "relu6": "relu6", "elu": "elu", "selu": "selu", "tanh": "tanh",
                 "sigmoid": "sigmoid", "softplus": "softplus", "softsign": "softsign",
                 "softmax": "softmax"}
        if activation not in names:
            raise ValueError("Unknown activation function:" + activation)
        return getattr(nn(), names[activation])
    return activation


def _tensordot_last(inputs, kernel, units):
    """inputs[..., d] x kernel[d, units] as TF's `tensordot(axes=[[rank-1], [0]])` does it: reshape the
    free dimensions into one, matmul, reshape back."""
    with name_scope(None, "Tensordot", [inputs, kernel]) as scope:
        d = kernel.get_shape().as_list()[0]
        static = inputs.get_shape().as_list()
        if all(x is not None for x in static):
            free = static[:-1]
            flat = array_ops.reshape(inputs, [int(np.prod(free)), d])
            out_shape = free + [units]
        else:
            free = array_ops.shape(inputs, name="Shape")[:-1]
            flat = array_ops.reshape(inputs, [-1, d])
            out_shape = array_ops.concat([free, [units]], 0, name="concat_1")
        mm = math_ops.matmul(flat, kernel)
        return array_ops.reshape(mm, out_shape, name=scope)


class KernelBiasLayer(Layer):
    """What Dense and the convolutions share: a `kernel`, an optional `bias`, an optional activation."""

    def _init_kernel_bias(self, activation, use_bias, kernel_initializer, bias_initializer,
                          kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint):
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint

    def _build_kernel(self, shape):
        self.kernel = self.add_weight("kernel", shape=shape, initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, dtype=self.dtype, trainable=True)

    def _build_bias(self, shape):
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=shape, initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, dtype=self.dtype, trainable=True)
        else:
            self.bias = None

    def _activate(self, outputs):
        if self.activation is not None:
            return self.activation(outputs)
        return outputs


@export("layers.Dense")
class Dense(KernelBiasLayer):
    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer,
                         **kwargs)
        self.units = int(units)
        self._init_kernel_bias(activation, use_bias, kernel_initializer, bias_initializer,
                               kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        dtype = dtypes.as_dtype(self.dtype or "float32")
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError("Unable to build `Dense` layer with non-floating point dtype %s" % (dtype,))
        input_shape = tensor_shape.as_shape(input_shape)
        last_dim = input_shape.as_list()[-1] if input_shape.ndims else None
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self._build_kernel([last_dim, self.units])
        self._build_bias([self.units])
        self.built = True

    def call(self, inputs):
        rank = inputs.get_shape().ndims
        if rank is not None and rank > 2:
            outputs = _tensordot_last(inputs, self.kernel, self.units)
            outputs.set_shape(inputs.get_shape().as_list()[:-1] + [self.units])
        else:
            outputs = math_ops.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = nn().bias_add(outputs, self.bias)
        return self._activate(outputs)

    def compute_output_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        return input_shape[:-1].concatenate([self.units])

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "use_bias": self.use_bias})
        return config


@export("layers.dense")
def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
          name=None, reuse=None):
    warn_deprecated("dense", "core", "Use keras.layers.Dense instead.")
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                  trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


@export("layers.Dropout")
class Dropout(Layer):
    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        concrete = array_ops.shape(inputs)
        return [concrete[i] if v is None else v for i, v in enumerate(self.noise_shape)]

    def call(self, inputs, training=False):
        def dropped_inputs():
            return nn().dropout(inputs, noise_shape=self._get_noise_shape(inputs), seed=self.seed,
                                rate=self.rate)
        return smart_cond(training, dropped_inputs, lambda: array_ops.identity(inputs))

    def compute_output_shape(self, input_shape):
        return tensor_shape.as_shape(input_shape)


@export("layers.dropout")
def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    warn_deprecated("dropout", "core", "Use keras.layers.dropout instead.")
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer.apply(inputs, training=training)


@export("layers.Flatten")
class Flatten(Layer):
    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        from .base import normalize_data_format
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        ndims = inputs.get_shape().ndims
        if self.data_format == "channels_first" and ndims is not None and ndims > 1:
            permutation = [0] + list(range(2, ndims)) + [1]
            inputs = array_ops.transpose(inputs, perm=permutation)
        batch = inputs.get_shape().as_list()[0] if ndims else None
        outputs = array_ops.reshape(inputs, (batch if batch is not None
                                             else array_ops.shape(inputs)[0], -1))
        outputs.set_shape(self.compute_output_shape(inputs.get_shape()))
        return outputs

    def compute_output_shape(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape).as_list()
        output_shape = [input_shape[0]]
        if all(input_shape[1:]):
            output_shape += [int(np.prod(input_shape[1:]))]
        else:
            output_shape += [None]
        return tensor_shape.TensorShape(output_shape)


@export("layers.flatten")
def flatten(inputs, name=None, data_format="channels_last"):
    warn_deprecated("flatten", "core", "Use keras.layers.flatten instead.")
    layer = Flatten(name=name, data_format=data_format)
    return layer.apply(inputs)
