"""tf.keras Embedding, SimpleRNN, LSTM, GRU and the Bidirectional wrapper (TF 1.15's keras v1 recurrent
layers).

TF 1.15's `tf.keras.layers.LSTM` / `GRU` (graph mode, v1 layers) default to
`recurrent_activation='hard_sigmoid'` (0.2 x + 0.5, clipped), LSTM to `unit_forget_bias=True`, and GRU
to `reset_after=False` (tf_keras 2.x's v2 GRU defaults to reset_after=True and sigmoid; TF 1.15 wins).
Gate order in the fused kernels is Keras': LSTM i, f, c, o; GRU z, r, h. The recurrence is unrolled
over the static number of time steps.

Masks (Embedding(mask_zero=True), Masking) are honoured as TF 1.15's `K.rnn` does: at a masked step the
output and the states are carried over from the previous step (the output starts at zeros). `dropout` /
`recurrent_dropout` draw one mask per gate and batch (TF's implementation=1), constant over the time
steps, and only while `learning_phase()` is True.
"""
import copy

from ..api import export
from . import constraints, regularizers
from .layers import Layer, _initializer, _tf, dropout_mask, get_activation


@export("keras.layers.Embedding", "keras.layers.embeddings.Embedding")
class Embedding(Layer):
    def __init__(self, input_dim, output_dim, embeddings_initializer='uniform', embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 **kwargs):
        if 'input_shape' not in kwargs and 'batch_input_shape' not in kwargs:
            if input_length is not None:
                kwargs['input_shape'] = tuple(input_length) if isinstance(input_length, (list, tuple)) \
                    else (input_length,)
            else:
                kwargs['input_shape'] = (None,)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        self.embeddings_initializer = embeddings_initializer
        self.mask_zero = mask_zero
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.input_length = input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight('embeddings', (self.input_dim, self.output_dim),
                                          self.embeddings_initializer, regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        tf = _tf()
        if inputs.dtype != tf.int32:
            inputs = tf.cast(inputs, tf.int32)
        return tf.nn.embedding_lookup(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return _tf().not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({'input_dim': self.input_dim, 'output_dim': self.output_dim,
                       'mask_zero': self.mask_zero, 'input_length': self.input_length})
        return config


class _RNN(Layer):
    """The recurrent layers' skeleton: weights kernel (in, gates*units), recurrent_kernel
    (units, gates*units), bias; `step(x, states, masks) -> (output, states)` per time step, where masks
    holds the dropout masks (None without dropout); return_sequences / return_state / go_backwards."""
    gates, n_states = 1, 1

    def __init__(self, units, activation='tanh', use_bias=True, kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal', bias_initializer='zeros', kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.,
                 recurrent_dropout=0., return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, **kwargs):
        if stateful:
            raise NotImplementedError("tf1's Keras RNN layers do not support stateful=True")
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation_name = activation
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.recurrent_initializer = recurrent_initializer
        self.bias_initializer = bias_initializer
        self.regularizers = tuple(regularizers.get(r) for r in (kernel_regularizer, recurrent_regularizer,
                                                                 bias_regularizer))
        self.constraints = tuple(constraints.get(c) for c in (kernel_constraint, recurrent_constraint,
                                                               bias_constraint))
        self.dropout = min(1., max(0., dropout))
        self.recurrent_dropout = min(1., max(0., recurrent_dropout))
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards

    def _bias_initializer(self):
        return self.bias_initializer

    def _bias_shape(self):
        return (self.gates * self.units,)

    def build(self, input_shape):
        n = self.gates * self.units
        (k_reg, r_reg, b_reg), (k_con, r_con, b_con) = self.regularizers, self.constraints
        self.kernel = self.add_weight('kernel', (int(input_shape[-1]), n), self.kernel_initializer,
                                      regularizer=k_reg, constraint=k_con)
        self.recurrent_kernel = self.add_weight('recurrent_kernel', (self.units, n), self.recurrent_initializer,
                                                regularizer=r_reg, constraint=r_con)
        self.bias = self.add_weight('bias', self._bias_shape(), self._bias_initializer(), regularizer=b_reg,
                                    constraint=b_con) if self.use_bias else None
        self.built = True

    def _dropout_masks(self, like, rate):
        if not 0. < rate < 1.:
            return None
        return [dropout_mask(like, rate) for _ in range(self.gates)]

    def _project(self, x, masks, kernel):
        """x @ kernel; with dropout masks, each gate's column block from x times that gate's mask."""
        tf = _tf()
        if masks is None:
            return tf.matmul(x, kernel)
        blocks = tf.split(kernel, len(masks), axis=1)
        return tf.concat([tf.matmul(x * m, k) for m, k in zip(masks, blocks)], axis=1)

    def call(self, inputs, mask=None, initial_state=None):
        tf = _tf()
        if inputs.get_shape().as_list()[1] is None:
            raise ValueError('%s here needs a static number of time steps' % self.__class__.__name__)
        xs = tf.unstack(inputs, axis=1)
        step_masks = tf.unstack(mask, axis=1) if mask is not None else [None] * len(xs)
        if self.go_backwards:
            xs, step_masks = xs[::-1], step_masks[::-1]
        batch = tf.shape(inputs)[0]
        zeros = tf.zeros(tf.stack([batch, self.units]), dtype=inputs.dtype)
        states = list(initial_state) if initial_state is not None else [zeros] * self.n_states
        dp = self._dropout_masks(xs[0], self.dropout)
        rec_dp = self._dropout_masks(zeros, self.recurrent_dropout)
        outs, output = [], zeros
        for x, m in zip(xs, step_masks):
            new_output, new_states = self.step(x, states, dp, rec_dp)
            if m is not None:
                # TF 1.15's K.rnn: a masked step keeps the previous output and states.
                new_output = tf.where(m, new_output, output)
                new_states = [tf.where(m, n, s) for n, s in zip(new_states, states)]
            output, states = new_output, new_states
            outs.append(output)
        if self.return_sequences:
            output = tf.stack(outs, axis=1)
        elif self.return_state:
            # TF 1.15's K.rnn takes the last output from the stacked outputs (`outputs[-1]`): a
            # tensor distinct from the final state h, which return_state hands back beside it. (An
            # identity here: slicing a stack let XLA fuse the last steps differently from h's.)
            output = tf.identity(output)
        if self.return_state:
            return [output] + list(states)
        return output

    def compute_mask(self, inputs, mask=None):
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * self.n_states
        return output_mask

    def compute_output_shape(self, input_shape):
        if self.return_sequences:
            out = (input_shape[0], input_shape[1], self.units)
        else:
            out = (input_shape[0], self.units)
        if self.return_state:
            return [out] + [(input_shape[0], self.units)] * self.n_states
        return out

    def get_config(self):
        config = super().get_config()
        config.update({'units': self.units, 'activation': self.activation_name, 'use_bias': self.use_bias,
                       'return_sequences': self.return_sequences, 'return_state': self.return_state,
                       'go_backwards': self.go_backwards, 'dropout': self.dropout,
                       'recurrent_dropout': self.recurrent_dropout})
        return config


@export("keras.layers.SimpleRNN", "keras.layers.recurrent.SimpleRNN")
class SimpleRNN(_RNN):
    """Fully-connected RNN, h_t = activation(x_t W + b + h_{t-1} U)."""

    def step(self, x, states, dp, rec_dp):
        tf = _tf()
        h = self._project(x, dp, self.kernel)
        if self.use_bias:
            h = tf.nn.bias_add(h, self.bias)
        h = self.activation(h + self._project(states[0], rec_dp, self.recurrent_kernel))
        return h, [h]


class _GatedRNN(_RNN):
    def __init__(self, units, activation='tanh', recurrent_activation='hard_sigmoid', **kwargs):
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation_name = recurrent_activation
        self.recurrent_activation = get_activation(recurrent_activation)

    def get_config(self):
        config = super().get_config()
        config['recurrent_activation'] = self.recurrent_activation_name
        return config


@export("keras.layers.LSTM", "keras.layers.recurrent.LSTM")
class LSTM(_GatedRNN):
    gates, n_states = 4, 2

    def __init__(self, units, activation='tanh', recurrent_activation='hard_sigmoid', unit_forget_bias=True,
                 implementation=1, **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation, **kwargs)
        self.unit_forget_bias = unit_forget_bias

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        tf = _tf()
        base = _initializer(self.bias_initializer)
        units = self.units

        def init(shape, dtype=None, partition_info=None):
            # Keras: [bias_init(units), ones(units), bias_init(2 * units)]
            return tf.concat([base((units,), dtype=dtype), tf.ones((units,), dtype=dtype),
                              base((2 * units,), dtype=dtype)], 0)
        return init

    def step(self, x, states, dp, rec_dp):
        tf = _tf()
        h, c = states
        z = self._project(x, dp, self.kernel)
        if self.use_bias:
            z = tf.nn.bias_add(z, self.bias)
        z = z + self._project(h, rec_dp, self.recurrent_kernel)
        i, f, g, o = tf.split(z, 4, axis=1)
        i = self.recurrent_activation(i)
        f = self.recurrent_activation(f)
        c = f * c + i * self.activation(g)
        o = self.recurrent_activation(o)
        h = o * self.activation(c)
        return h, [h, c]


@export("keras.layers.GRU", "keras.layers.recurrent.GRU")
class GRU(_GatedRNN):
    """reset_after=False (TF 1.15's default): one bias of 3*units and the reset gate applied to h before
    the recurrent matmul; reset_after=True (CuDNN-compatible): bias (2, 3*units), reset applied after."""
    gates, n_states = 3, 1

    def __init__(self, units, activation='tanh', recurrent_activation='hard_sigmoid', reset_after=False,
                 implementation=1, **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation, **kwargs)
        self.reset_after = reset_after

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def step(self, x, states, dp, rec_dp):
        tf = _tf()
        h = states[0]
        u = self.units
        xw = self._project(x, dp, self.kernel)
        if self.use_bias:
            if self.reset_after:
                in_bias, rec_bias = tf.unstack(self.bias)
            else:
                in_bias, rec_bias = self.bias, None
            xw = tf.nn.bias_add(xw, in_bias)
        x_z, x_r, x_h = tf.split(xw, 3, axis=1)
        if self.reset_after:
            hu = self._project(h, rec_dp, self.recurrent_kernel)
            if self.use_bias:
                hu = tf.nn.bias_add(hu, rec_bias)
            h_z, h_r, h_h = tf.split(hu, 3, axis=1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            hh = self.activation(x_h + r * h_h)
        else:
            h_zr = self._project(h, rec_dp[:2] if rec_dp else None, self.recurrent_kernel[:, :2 * u])
            h_z, h_r = tf.split(h_zr, 2, axis=1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            h_for_h = h * rec_dp[2] if rec_dp else h
            hh = self.activation(x_h + tf.matmul(r * h_for_h, self.recurrent_kernel[:, 2 * u:]))
        h = z * h + (1. - z) * hh
        return h, [h]


@export("keras.layers.Bidirectional", "keras.layers.wrappers.Bidirectional")
class Bidirectional(Layer):
    """Runs `layer` forwards and a copy with go_backwards flipped; weights live under
    `bidirectional_1/forward_lstm_1/...` and `.../backward_lstm_1/...` as in Keras."""

    def __init__(self, layer, merge_mode='concat', weights=None, **kwargs):
        if merge_mode not in ('sum', 'mul', 'ave', 'concat', None):
            raise ValueError('Invalid merge mode. Merge mode should be one of '
                             '{"sum", "mul", "ave", "concat", None}')
        super().__init__(**kwargs)
        self.layer = layer
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = getattr(layer, 'return_state', False)
        name = layer.name
        self.forward_layer = layer
        self.backward_layer = copy.copy(layer)
        self.backward_layer._trainable_weights = []
        self.backward_layer._non_trainable_weights = []
        self.backward_layer.inbound = []
        self.backward_layer._losses = []
        self.backward_layer._weight_losses = []
        self.backward_layer._weight_loss_tensors = {}
        self.backward_layer.go_backwards = not layer.go_backwards
        self.forward_layer.name = 'forward_' + name
        self.backward_layer.name = 'backward_' + name

    def build(self, input_shape):
        tf = _tf()
        for layer in (self.forward_layer, self.backward_layer):
            with tf.name_scope(layer.name):
                layer.build(input_shape)
                layer.built = True
        self._trainable_weights = self.forward_layer._trainable_weights + self.backward_layer._trainable_weights
        self._non_trainable_weights = (self.forward_layer._non_trainable_weights
                                       + self.backward_layer._non_trainable_weights)
        self.built = True

    @property
    def losses(self):
        return super().losses + self.forward_layer.losses + self.backward_layer.losses

    def _clone(self):
        new = super()._clone()
        new.forward_layer, new.backward_layer = self.forward_layer._clone(), self.backward_layer._clone()
        new.layer = new.forward_layer
        return new

    def compute_mask(self, inputs, mask=None):
        output_mask = mask if self.return_sequences else None
        if self.merge_mode is None:
            output_mask = [output_mask, output_mask]
        if self.return_state:
            n = self.forward_layer.n_states * 2
            return (output_mask if isinstance(output_mask, list) else [output_mask]) + [None] * n
        return output_mask

    def call(self, inputs, mask=None):
        tf = _tf()
        with tf.name_scope(self.forward_layer.name):
            y = self.forward_layer.call(inputs, mask=mask)
        with tf.name_scope(self.backward_layer.name):
            y_rev = self.backward_layer.call(inputs, mask=mask)
        states = []
        if self.return_state:
            states = y[1:] + y_rev[1:]
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = tf.reverse(y_rev, [1])
        if self.merge_mode == 'concat':
            out = tf.concat([y, y_rev], axis=-1)
        elif self.merge_mode == 'sum':
            out = y + y_rev
        elif self.merge_mode == 'ave':
            out = (y + y_rev) / 2
        elif self.merge_mode == 'mul':
            out = y * y_rev
        else:
            out = [y, y_rev]
        if self.return_state:
            return (out if isinstance(out, list) else [out]) + states
        return out

    def compute_output_shape(self, input_shape):
        shape = self.forward_layer.compute_output_shape(input_shape)
        state_shapes = []
        if self.return_state:
            state_shapes = shape[1:] * 2
            shape = shape[0]
        if self.merge_mode == 'concat':
            out = [tuple(shape[:-1]) + (shape[-1] * 2,)]
        elif self.merge_mode is None:
            out = [shape, shape]
        else:
            out = [shape]
        if len(out) == 1 and not state_shapes:
            return tuple(out[0])
        return out + state_shapes

    def get_config(self):
        config = super().get_config()
        config.update({'merge_mode': self.merge_mode, 'layer': {'class_name': self.layer.__class__.__name__,
                                                               'config': self.layer.get_config()}})
        return config
