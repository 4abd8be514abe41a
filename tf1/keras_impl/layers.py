"""tf.keras (TF 1.15) layers built on tf1's graph ops: the Layer base, Input/InputLayer, Dense,
Activation, Dropout, Flatten.

A layer called on a Keras tensor builds its weights once (under `name_scope(layer.name)`, so variables
read `dense/kernel:0`), adds its ops to the default graph and marks each output with
`_keras_history = (layer, inputs)`, `_keras_node = (layer, node index, tensor index)`, `_keras_shape` and
`_keras_mask`; `Model` walks those marks back to its inputs. Weights may carry a regularizer (its
penalty joins `layer.losses`) and a constraint (`variable.constraint`, applied by the optimizers after
each update); `activity_regularizer` adds the penalty of each output divided by its batch size.
Layer names follow TF 1.15: snake-case class name made unique per graph, zero-based (`dense`, `dense_1`);
InputLayers count from 1 (`input_1`).
More layers live in layers_conv.py (convolution, pooling, padding, upsampling), layers_recurrent.py
(Embedding, SimpleRNN, LSTM, GRU, Bidirectional), layers_misc.py (BatchNormalization, reshaping, Lambda, merges,
LeakyReLU, TimeDistributed) and layers_extra.py (advanced activations, Dot, separable/depthwise convolutions,
1-D/3-D cropping/padding/upsampling, noise, LayerNormalization). Each layer records its constructor
arguments (`__init_subclass__`) for serialization.py's configs.
"""
import copy
import inspect
import re

import numpy as np

from ..api import export, public as _tf
from ..layers_impl.base import WeightLists
from . import backend, constraints, regularizers
from .backend import learning_phase  # noqa: F401 (layers_misc, models)


def _graph_uids():
    # One per-graph counter map shared with tf.layers (layers_impl/base.py), as TF 1.15's keras backend
    # keeps PER_GRAPH_OBJECT_NAME_UIDS for both; a new graph (reset_default_graph / clear_session)
    # starts from scratch.
    return _tf().get_default_graph()._tf1_state.setdefault("layer_name_uids", {})


def get_uid(prefix):
    """TF 1.15's `K.get_uid`: 1, 2, ... per prefix and graph (`input_1`)."""
    uids = _graph_uids()
    uids[prefix] = uids.get(prefix, 0) + 1
    return uids[prefix]


def unique_object_name(prefix):
    """TF 1.15's zero-based layer and model names: `dense`, `dense_1`, ..."""
    n = get_uid(prefix)
    return prefix if n == 1 else '%s_%d' % (prefix, n - 1)


def to_snake_case(name):
    s = re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', name)
    s = re.sub('([a-z])([A-Z])', r'\1_\2', s).lower()
    return s if s[0] != '_' else 'private' + s


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


def _identity_in_scope(tf, name, tensor):
    with tf.name_scope(name):
        return tf.identity(tensor)


@export("keras.layers.Layer", "keras.engine.Layer", "keras.engine.topology.Layer")
class Layer(WeightLists):
    def __init__(self, name=None, trainable=True, input_shape=None, batch_input_shape=None,
                 input_dim=None, dtype=None, activity_regularizer=None, **kwargs):
        if kwargs:
            raise TypeError('Keyword argument not understood: ' + ', '.join(sorted(kwargs)))
        if not name:
            name = unique_object_name(to_snake_case(self.__class__.__name__))
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
        self.inbound = []  # [(input tensors, output tensors)] per call: the layer's nodes, in order
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._losses = []            # tensors: activity regularization, add_loss
        self._weight_losses = []     # (variable, regularizer), turned into tensors by `losses`
        self._weight_loss_tensors = {}

    supports_masking = False

    def __init_subclass__(cls, **kwargs):
        """Records each layer's constructor arguments (`_init_args`, the outermost __init__'s) for
        `get_config`-based serialization (keras_impl/serialization.py)."""
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get('__init__')
        if init is None:
            return

        def recording_init(self, *args, **kw):
            if '_init_args' not in self.__dict__:
                bound = inspect.signature(init).bind(self, *args, **kw)
                named = dict(bound.arguments)
                named.pop('self', None)
                for k, p in inspect.signature(init).parameters.items():
                    if p.kind is p.VAR_KEYWORD and k in named:
                        named.update(named.pop(k))
                    elif p.kind is p.VAR_POSITIONAL and k in named:
                        named.pop(k)
                self._init_args = (cls, named)
            init(self, *args, **kw)
        recording_init.__wrapped__ = init
        recording_init.__doc__ = init.__doc__
        cls.__init__ = recording_init

    # weights --------------------------------------------------------------------------------
    def add_weight(self, name, shape, initializer=None, trainable=True, regularizer=None, constraint=None,
                   dtype=None):
        tf = _tf()
        init = _initializer(initializer if initializer is not None else 'glorot_uniform')
        # The optimizers project each updated value through `var.constraint`, as tf.keras does.
        var = tf.Variable(lambda: init(shape, dtype=tf.float32), name=name, trainable=trainable,
                          constraint=constraints.get(constraint))
        (self._trainable_weights if trainable else self._non_trainable_weights).append(var)
        backend.track_variable(var)
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            self._weight_losses.append((var, regularizer))
        return var

    def _clone(self):
        """A new, unbuilt layer with this one's configuration and name (what tf.keras' clone_model gets
        from `from_config(get_config())`): no weights, calls or losses of its own yet."""
        new = copy.copy(self)
        new._trainable_weights, new._non_trainable_weights = [], []
        new.inbound = []
        new.built = False
        new._losses, new._weight_losses, new._weight_loss_tensors = [], [], {}
        return new

    # losses ---------------------------------------------------------------------------------
    def add_loss(self, losses, inputs=None):
        self._losses += [losses] if not isinstance(losses, (list, tuple)) else list(losses)

    @property
    def losses(self):
        """Activity-regularization (and add_loss) tensors, then one penalty per regularized weight,
        built once under `<layer>/<weight>/Regularizer` (TF 1.15 builds the same sum per access)."""
        tf = _tf()
        for var, regularizer in self._weight_losses:
            if id(var) not in self._weight_loss_tensors:
                with tf.name_scope(var.op.name + '/Regularizer/'):
                    self._weight_loss_tensors[id(var)] = regularizer(var)
        return list(self._losses) + [self._weight_loss_tensors[id(v)] for v, _ in self._weight_losses]

    def _apply_activity_regularizer(self, outputs):
        """TF 1.15: the penalty of each output divided by its batch size (batch-size agnostic)."""
        tf = _tf()
        with tf.name_scope('ActivityRegularizer'):
            for out in outputs:
                loss = self.activity_regularizer(out)
                self.add_loss(loss / tf.cast(tf.shape(out)[0], loss.dtype))

    def count_params(self):
        return int(sum(int(np.prod(v.get_shape().as_list())) for v in self.weights))

    def get_weights(self):
        return backend.get_session().run(self.weights)

    def set_weights(self, values):
        weights = self.weights
        if len(values) != len(weights):
            raise ValueError('You called `set_weights(weights)` on layer "%s" with a  weight list of length '
                             '%d, but the layer was expecting %d weights.' % (self.name, len(values), len(weights)))
        # One run feeding every variable's initial value (Variable.load, batched): a single compiled
        # step instead of one per variable.
        # Variables still waiting for the backend's initialisation are set here instead (their random
        # initial values would be overwritten anyway, and compiling initialisers costs seconds).
        backend.mark_initialized(weights)
        ops = [v._initializer_op for v in weights]
        feed = {op._inputs[1]: np.asarray(val) for op, val in zip(ops, values)}
        if ops:
            backend.get_session().run(ops, feed)

    # calling --------------------------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, training=None):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_mask(self, inputs, mask=None):
        """Layers that support masking pass the mask on; the others drop it (TF 1.15)."""
        return mask if self.supports_masking else None

    def _takes_mask(self):
        return 'mask' in inspect.signature(self.call).parameters

    def __call__(self, inputs, **kwargs):
        """Builds once, calls, and marks each output with `_keras_shape` / `_keras_history` (the layer and
        its inputs), `_keras_node` (layer, node index, tensor index) and `_keras_mask`. Lists of inputs
        (merge layers) and of outputs (RNNs with return_state) are marked element-wise; a
        `compute_output_shape` returning None means "the output's static shape" (Lambda). The inputs'
        masks reach `call(..., mask=)` when it takes one."""
        tf = _tf()
        many_in = isinstance(inputs, (list, tuple))
        in_list = list(inputs) if many_in else [inputs]
        shapes = [_keras_shape(t) for t in in_list]
        input_shape = shapes if many_in else shapes[0]
        masks = [getattr(t, '_keras_mask', None) for t in in_list]
        previous_mask = masks if many_in else masks[0]
        if self._takes_mask() and 'mask' not in kwargs and any(m is not None for m in masks):
            kwargs['mask'] = previous_mask
        with tf.name_scope(self.name):
            if not self.built:
                self.build(input_shape)
                self.built = True
            outputs = self.call(list(inputs) if many_in else inputs, **kwargs)
            many_out = isinstance(outputs, (list, tuple))
            outs = list(outputs) if many_out else [outputs]
            # An input returned unchanged (Activation('linear')) gets an Identity, as TF 1.15's
            # _set_connectivity_metadata_ does (in a second scope of the layer's name, hence
            # `activation/activation/Identity`): marking the input itself would overwrite its history.
            outs = [_identity_in_scope(tf, self.name, o) if any(o is t for t in in_list) else o
                    for o in outs]
            if self.activity_regularizer is not None:
                self._apply_activity_regularizer(outs)
            out_masks = self.compute_mask(list(inputs) if many_in else inputs, previous_mask)
        out_masks = out_masks if isinstance(out_masks, (list, tuple)) else [out_masks] * len(outs)
        out_shapes = self.compute_output_shape(input_shape)
        if out_shapes is None:
            out_shapes = [(None,) + tuple(o.get_shape().as_list()[1:]) for o in outs]
        elif not many_out:
            out_shapes = [out_shapes]
        node_index = len(self.inbound)
        for i, (o, shape, m) in enumerate(zip(outs, out_shapes, out_masks)):
            o._keras_shape = tuple(shape)
            o._keras_history = (self, list(inputs) if many_in else inputs)
            o._keras_node = (self, node_index, i)
            o._keras_mask = m
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

    @classmethod
    def from_config(cls, config):
        """A new layer from `keras.layers.serialize(layer)['config']` (its constructor arguments)."""
        return cls(**config)


@export("keras.layers.InputLayer", "keras.engine.InputLayer", "keras.engine.topology.InputLayer")
class InputLayer(Layer):
    def __init__(self, input_shape=None, batch_size=None, batch_input_shape=None, dtype=None, name=None,
                 input_tensor=None, sparse=False):
        if not name:
            name = 'input_' + str(get_uid('input'))
        super().__init__(name=name, dtype=dtype)
        tf = _tf()
        if input_tensor is not None and input_tensor.shape.ndims is not None:
            # TF 1.15: a given tensor's static shape is the layer's, whatever `shape` said.
            batch_input_shape = tuple(input_tensor.shape.as_list())
        elif batch_input_shape is None:
            batch_input_shape = (batch_size,) + tuple(input_shape)
        self.batch_input_shape = tuple(batch_input_shape)
        if input_tensor is None:
            input_tensor = tf.placeholder(tf.as_dtype(self.dtype), shape=self.batch_input_shape, name=self.name)
        input_tensor._keras_shape = self.batch_input_shape
        input_tensor._keras_history = (self, None)
        input_tensor._keras_node = (self, 0, 0)
        input_tensor._keras_mask = None
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer, self.bias_regularizer = regularizers.get(kernel_regularizer), \
            regularizers.get(bias_regularizer)
        self.kernel_constraint, self.bias_constraint = constraints.get(kernel_constraint), \
            constraints.get(bias_constraint)

    supports_masking = True

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (int(input_shape[-1]), self.units), self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = self.add_weight('bias', (self.units,), self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
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
    supports_masking = True

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = get_activation(activation)

    def call(self, inputs):
        return self.activation(inputs)


@export("keras.layers.Dropout", "keras.layers.core.Dropout")
class Dropout(Layer):
    """Drops units only while `learning_phase()` is True (fit feeds it): the keep probability is
    1 - rate * phase, so at inference the mask is all ones and the output equals the input."""
    supports_masking = True

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = min(1., max(0., rate))
        self.seed = seed

    def call(self, inputs, training=None):
        tf = _tf()
        if not 0. < self.rate < 1.:
            return tf.identity(inputs)
        return inputs * dropout_mask(inputs, self.rate, self.seed)


def dropout_mask(like, rate, seed=None):
    """Kept units 1 / keep, dropped ones 0, with keep = 1 - rate while learning_phase() is True, and all
    ones (keep = 1) outside training."""
    tf = _tf()
    keep = 1. - rate * tf.cast(learning_phase(), like.dtype)
    return tf.floor(keep + tf.random_uniform(tf.shape(like), seed=seed, dtype=like.dtype)) / keep


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
