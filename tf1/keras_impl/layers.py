"""Keras 2.x (standalone, 2.2-era) layers built on tf1's graph ops: Input/InputLayer, Dense, Activation,
Dropout, Flatten, SimpleRNN.

A layer called on a Keras tensor builds its weights once (under `name_scope(layer.name)`, so variables
read `dense_1/kernel:0`), adds its ops to the default graph and marks each output with
`_keras_history = (layer, inputs)` and `_keras_shape`; `Model` walks those marks back to its inputs.
Layer names follow Keras 2.2: snake-case class name plus a per-graph counter starting at 1.
More layers live in layers_conv.py (convolution, pooling, padding, upsampling), layers_recurrent.py
(Embedding, LSTM, GRU, Bidirectional) and layers_misc.py (BatchNormalization, reshaping, Lambda, merges,
LeakyReLU, TimeDistributed).
"""
import collections
import re

import numpy as np

from ..api import export, public as _tf
from ..layers_impl.base import WeightLists


_UIDS = collections.defaultdict(lambda: collections.defaultdict(int))  # graph -> prefix -> count


def get_uid(prefix):
    graph = _tf().get_default_graph()
    _UIDS[graph][prefix] += 1
    return _UIDS[graph][prefix]


def reset_uids():
    _UIDS.clear()


def to_snake_case(name):
    s = re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', name)
    s = re.sub('([a-z])([A-Z])', r'\1_\2', s).lower()
    return s if s[0] != '_' else 'private' + s


_LEARNING_PHASE = {}


@export("keras.backend.learning_phase")
def learning_phase():
    """A bool placeholder (default False) that Dropout reads; fit feeds True."""
    tf = _tf()
    graph = tf.get_default_graph()
    if graph not in _LEARNING_PHASE:
        with tf.name_scope(''):
            _LEARNING_PHASE[graph] = tf.placeholder_with_default(False, shape=(), name='keras_learning_phase')
    return _LEARNING_PHASE[graph]


def get_activation(identifier):
    tf = _tf()
    if identifier is None:
        return lambda x: x
    if callable(identifier):
        return identifier
    table = {
        'linear': lambda x: x, 'relu': tf.nn.relu, 'sigmoid': tf.sigmoid, 'tanh': tf.tanh,
        'softmax': tf.nn.softmax, 'elu': tf.nn.elu, 'selu': tf.nn.selu, 'softplus': tf.nn.softplus,
        'softsign': tf.nn.softsign,
        'hard_sigmoid': lambda x: tf.clip_by_value(0.2 * x + 0.5, 0., 1.),
    }
    if identifier not in table:
        raise ValueError('Unknown activation function:' + str(identifier))
    return table[identifier]


def _initializer(identifier):
    tf = _tf()
    if identifier is None or callable(identifier):
        return identifier
    table = {
        'glorot_uniform': tf.glorot_uniform_initializer, 'glorot_normal': tf.glorot_normal_initializer,
        'zeros': tf.zeros_initializer, 'ones': tf.ones_initializer, 'orthogonal': tf.orthogonal_initializer,
        'random_normal': lambda: tf.random_normal_initializer(0., 0.05),
        'random_uniform': lambda: tf.random_uniform_initializer(-0.05, 0.05),
        'uniform': lambda: tf.random_uniform_initializer(-0.05, 0.05),
        'normal': lambda: tf.random_normal_initializer(0., 0.05),
        'he_normal': lambda: tf.variance_scaling_initializer(2., 'fan_in', 'truncated_normal'),
        'he_uniform': lambda: tf.variance_scaling_initializer(2., 'fan_in', 'uniform'),
        'lecun_normal': lambda: tf.variance_scaling_initializer(1., 'fan_in', 'truncated_normal'),
        'lecun_uniform': lambda: tf.variance_scaling_initializer(1., 'fan_in', 'uniform'),
    }
    if identifier not in table:
        raise ValueError('Unknown initializer: ' + str(identifier))
    return table[identifier]()


def _keras_shape(t):
    shape = getattr(t, '_keras_shape', None)
    return shape if shape is not None else tuple(t.get_shape().as_list())


def _shape_of(ts):
    if isinstance(ts, (list, tuple)):
        return [t._keras_shape for t in ts]
    return ts._keras_shape


@export("keras.layers.Layer", "keras.engine.Layer", "keras.engine.topology.Layer")
class Layer(WeightLists):
    def __init__(self, name=None, trainable=True, input_shape=None, batch_input_shape=None,
                 input_dim=None, dtype=None, **kwargs):
        if kwargs:
            raise TypeError('Keyword argument not understood: ' + ', '.join(sorted(kwargs)))
        if not name:
            prefix = to_snake_case(self.__class__.__name__)
            name = prefix + '_' + str(get_uid(prefix))
        self.name = name
        self.trainable = trainable
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if batch_input_shape is None and input_shape is not None:
            batch_input_shape = (None,) + tuple(input_shape)
        self.batch_input_shape = tuple(batch_input_shape) if batch_input_shape is not None else None
        self.dtype = dtype or 'float32'
        self.built = False
        self._trainable_weights = []
        self._non_trainable_weights = []
        self.inbound = []  # [(input tensors, output tensors)] per call

    # weights --------------------------------------------------------------------------------
    def add_weight(self, name, shape, initializer, trainable=True):
        tf = _tf()
        init = _initializer(initializer)
        var = tf.Variable(lambda: init(shape, dtype=tf.float32), name=name, trainable=trainable)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(var)
        from .models import backend_track_variable
        backend_track_variable(var)
        return var


    def count_params(self):
        return int(sum(int(np.prod(v.get_shape().as_list())) for v in self.weights))

    def get_weights(self):
        from .models import get_session
        return get_session().run(self.weights)

    def set_weights(self, values):
        from .models import get_session
        weights = self.weights
        if len(values) != len(weights):
            raise ValueError('You called `set_weights(weights)` on layer "%s" with a  weight list of length '
                             '%d, but the layer was expecting %d weights.' % (self.name, len(values), len(weights)))
        # One run feeding every variable's initial value (Variable.load, batched): a single compiled
        # step instead of one per variable.
        # Variables still waiting for the backend's initialisation are set here instead (their random
        # initial values would be overwritten anyway, and compiling initialisers costs seconds).
        from . import models
        pending = models._PENDING.get(_tf().get_default_graph())
        if pending:
            ids = {id(v) for v in weights}
            pending[:] = [v for v in pending if id(v) not in ids]
        ops = [v._initializer_op for v in weights]
        feed = {op._inputs[1]: np.asarray(val) for op, val in zip(ops, values)}
        if ops:
            get_session().run(ops, feed)

    # calling --------------------------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, training=None):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def __call__(self, inputs, **kwargs):
        """Builds once, calls, and marks each output with `_keras_shape` / `_keras_history`. Lists of
        inputs (merge layers) and of outputs (RNNs with return_state) are marked element-wise; a
        `compute_output_shape` returning None means "the output's static shape" (Lambda)."""
        tf = _tf()
        many_in = isinstance(inputs, (list, tuple))
        shapes = [_keras_shape(t) for t in (inputs if many_in else [inputs])]
        input_shape = shapes if many_in else shapes[0]
        with tf.name_scope(self.name):
            if not self.built:
                self.build(input_shape)
                self.built = True
            outputs = self.call(list(inputs) if many_in else inputs, **kwargs)
        many_out = isinstance(outputs, (list, tuple))
        out_shapes = self.compute_output_shape(input_shape)
        outs = list(outputs) if many_out else [outputs]
        if out_shapes is None:
            out_shapes = [(None,) + tuple(o.get_shape().as_list()[1:]) for o in outs]
        elif not many_out:
            out_shapes = [out_shapes]
        for o, shape in zip(outs, out_shapes):
            o._keras_shape = tuple(shape)
            o._keras_history = (self, list(inputs) if many_in else inputs)
        outputs = outs if many_out else outs[0]
        self.inbound.append((inputs, outputs))
        return outputs

    @property
    def input(self):
        return self.inbound[0][0]

    @property
    def output(self):
        return self.inbound[0][1]

    @property
    def input_shape(self):
        return _shape_of(self.inbound[0][0])

    @property
    def output_shape(self):
        return _shape_of(self.inbound[0][1])

    def get_config(self):
        return {'name': self.name, 'trainable': self.trainable}


@export("keras.layers.InputLayer", "keras.engine.InputLayer", "keras.engine.topology.InputLayer")
class InputLayer(Layer):
    def __init__(self, input_shape=None, batch_size=None, batch_input_shape=None, dtype=None, name=None,
                 input_tensor=None, sparse=False):
        if not name:
            name = 'input_' + str(get_uid('input'))
        super().__init__(name=name, dtype=dtype)
        tf = _tf()
        if batch_input_shape is None:
            batch_input_shape = (batch_size,) + tuple(input_shape)
        self.batch_input_shape = tuple(batch_input_shape)
        if input_tensor is None:
            input_tensor = tf.placeholder(tf.as_dtype(self.dtype), shape=self.batch_input_shape, name=self.name)
        input_tensor._keras_shape = self.batch_input_shape
        input_tensor._keras_history = (self, None)
        self.built = True
        self.inbound.append((None, input_tensor))

    @property
    def input(self):
        return self.inbound[0][1]

    @property
    def input_shape(self):
        return self.batch_input_shape


@export("keras.layers.Input", "keras.Input", "keras.engine.Input", "keras.engine.topology.Input")
def Input(shape=None, batch_shape=None, name=None, dtype=None, sparse=False, tensor=None):
    if shape is None and batch_shape is None:
        raise ValueError('Please provide to Input either a `shape` or a `batch_shape` argument.')
    layer = InputLayer(input_shape=shape, batch_input_shape=batch_shape, name=name, dtype=dtype,
                       input_tensor=tensor)
    return layer.inbound[0][1]


@export("keras.layers.Dense", "keras.layers.core.Dense")
class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, kernel_initializer='glorot_uniform',
                 bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        warn_not_applied(type(self).__name__, dict(
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint))
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (int(input_shape[-1]), self.units), self.kernel_initializer)
        self.bias = self.add_weight('bias', (self.units,), self.bias_initializer) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        tf = _tf()
        if len(inputs.get_shape()) > 2:
            out = tf.tensordot(inputs, self.kernel, [[len(inputs.get_shape()) - 1], [0]])
        else:
            out = tf.matmul(inputs, self.kernel)
        if self.use_bias:
            out = tf.nn.bias_add(out, self.bias)
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)


@export("keras.layers.Activation", "keras.layers.core.Activation")
class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = get_activation(activation)

    def call(self, inputs):
        return self.activation(inputs)


@export("keras.layers.Dropout", "keras.layers.core.Dropout")
class Dropout(Layer):
    """Drops units only while `learning_phase()` is True (fit feeds it): the keep probability is
    1 - rate * phase, so at inference the mask is all ones and the output equals the input."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = min(1., max(0., rate))
        self.seed = seed

    def call(self, inputs, training=None):
        tf = _tf()
        if not 0. < self.rate < 1.:
            return tf.identity(inputs)
        phase = tf.cast(learning_phase(), inputs.dtype)
        keep = 1. - self.rate * phase
        mask = tf.floor(keep + tf.random_uniform(tf.shape(inputs), seed=self.seed, dtype=inputs.dtype))
        return inputs * mask / keep


@export("keras.layers.Flatten", "keras.layers.core.Flatten")
class Flatten(Layer):
    def call(self, inputs):
        tf = _tf()
        shape = inputs.get_shape().as_list()
        if all(d is not None for d in shape[1:]):
            return tf.reshape(inputs, [-1, int(np.prod(shape[1:]))])
        return tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], -1]))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        return (input_shape[0], int(np.prod(rest)) if all(d is not None for d in rest) else None)


def warn_not_applied(layer, args):
    """tf1 runs these layers without the given (non-None) arguments: say so rather than train a
    different model silently."""
    from ..platform import tf_logging as logging
    given = sorted(k for k, v in args.items() if v is not None)
    if given:
        logging.warning("tf1's Keras %s does not implement %s; the layer runs without %s.",
                        layer, ", ".join(given), "it" if len(given) == 1 else "them")


@export("keras.layers.SimpleRNN", "keras.layers.recurrent.SimpleRNN")
class SimpleRNN(Layer):
    """Fully-connected RNN, h_t = activation(x_t W + h_{t-1} U + b), unrolled over the (static) time axis."""

    def __init__(self, units, activation='tanh', use_bias=True, kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal', bias_initializer='zeros', return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False, dropout=0.,
                 recurrent_dropout=0., **kwargs):
        if stateful:
            raise NotImplementedError("tf1's Keras RNN layers do not support stateful=True")
        ignored = {k: kwargs.pop(k, None) for k in (
            'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
            'kernel_constraint', 'recurrent_constraint', 'bias_constraint')}
        ignored.update(dropout=dropout or None, recurrent_dropout=recurrent_dropout or None)
        warn_not_applied(type(self).__name__, ignored)
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.recurrent_initializer = recurrent_initializer
        self.bias_initializer = bias_initializer
        self.return_sequences = return_sequences
        self.go_backwards = go_backwards

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (int(input_shape[-1]), self.units), self.kernel_initializer)
        self.recurrent_kernel = self.add_weight('recurrent_kernel', (self.units, self.units),
                                                self.recurrent_initializer)
        self.bias = self.add_weight('bias', (self.units,), self.bias_initializer) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        tf = _tf()
        steps = inputs.get_shape().as_list()[1]
        if steps is None:
            raise ValueError('SimpleRNN here needs a static number of time steps')
        xs = tf.unstack(inputs, axis=1)
        if self.go_backwards:
            xs = xs[::-1]
        h = tf.zeros(tf.stack([tf.shape(inputs)[0], self.units]), dtype=inputs.dtype)
        outs = []
        for x in xs:
            z = tf.matmul(x, self.kernel) + tf.matmul(h, self.recurrent_kernel)
            if self.use_bias:
                z = tf.nn.bias_add(z, self.bias)
            h = self.activation(z)
            outs.append(h)
        return tf.stack(outs, axis=1) if self.return_sequences else h

    def compute_output_shape(self, input_shape):
        if self.return_sequences:
            return (input_shape[0], input_shape[1], self.units)
        return (input_shape[0], self.units)
