"""`tf.contrib.rnn`'s fused-kernel cells (TF 1.15 `lstm_ops.py`, `gru_ops.py`) and
`LayerNormBasicLSTMCell` (`rnn_cell.py`), written as ordinary cells over tf1 ops.

TF runs LSTMBlockCell / LSTMBlockFusedCell / GRUBlockCell as single C++ kernels; here each is the same
math spelled out with public ops (XLA fuses it anyway), with TF's variable names, shapes, gate layouts
and gradients:
- the LSTM block kernels lay the 4 gates out as [i, ci (cell input), f, o] -- unlike LSTMCell's
  [i, j, f, o] only in name -- and add `forget_bias` inside the kernel;
- their cell clip (`cell_clip > 0`) is invisible to the gradient: TF's LSTMBlockCellGrad / BlockLSTMGrad
  back-propagate through the clipped cell state as if unclipped, so the clip is written straight-through;
- LSTMBlockFusedCell runs the block step with `dynamic_rnn` over time-major input, then masks and
  gathers the final state exactly as TF's LSTMBlockWrapper does with BlockLSTM's outputs.
"""

from ..api import export, public as _tf
from ..framework import dtypes, tensor_shape
from ..framework.tensor_conversion import convert_to_tensor
from ..layers_impl.base import InputSpec, Layer
from ..ops import variable_scope as vs
from ..ops.math_ops import tanh
from ..ops.rnn_cell_impl import LayerRNNCell, LSTMStateTuple, RNNCell, _zero_state_tensors


def _export(name, module):
    return export("contrib.rnn." + name, "contrib.rnn.python.ops.%s.%s" % (module, name))


def _warn(msg, *args):
    from ..platform import tf_logging
    tf_logging.warning(msg, *args)


# ------------------------------------------------------------------------------ kernel math

def _straight_through_clip(cs, clip):
    """clip(cs) forward, identity backward (what TF's LSTM block gradient kernels compute)."""
    tf = _tf()
    return cs + tf.stop_gradient(tf.clip_by_value(cs, -clip, clip) - cs)


def _lstm_block_step(x, cs_prev, h_prev, w, b, peepholes, forget_bias, cell_clip):
    """One step of TF's LSTMBlockCell kernel: returns (cs, h).

    `peepholes` is (wci, wcf, wco) or None; `cell_clip` <= 0 means no clipping."""
    tf = _tf()
    gates = tf.nn.bias_add(tf.matmul(tf.concat([x, h_prev], 1), w), b)
    i, ci, f, o = tf.split(value=gates, num_or_size_splits=4, axis=1)
    f = f + forget_bias
    if peepholes is not None:
        wci, wcf, wco = peepholes
        i = i + cs_prev * wci
        f = f + cs_prev * wcf
    cs = tf.tanh(ci) * tf.sigmoid(i) + cs_prev * tf.sigmoid(f)
    if cell_clip > 0:
        cs = _straight_through_clip(cs, cell_clip)
    if peepholes is not None:
        o = o + cs * wco
    h = tf.tanh(cs) * tf.sigmoid(o)
    return cs, h


def _gru_block_step(x, h_prev, w_ru, b_ru, w_c, b_c):
    """One step of TF's GRUBlockCell kernel: gates [r, u], candidate from [x, r * h_prev]."""
    tf = _tf()
    ru = tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([x, h_prev], 1), w_ru), b_ru))
    r, u = tf.split(value=ru, num_or_size_splits=2, axis=1)
    c = tf.tanh(tf.nn.bias_add(tf.matmul(tf.concat([x, h_prev * r], 1), w_c), b_c))
    return u * (h_prev - c) + c


def _constant_initializer(value):
    return _tf().constant_initializer(value)


# ----------------------------------------------------------------------------- LSTMBlockCell

@_export("LSTMBlockCell", "lstm_ops")
class LSTMBlockCell(LayerRNNCell):
    """Basic LSTM cell computed as TF's LSTMBlockCell kernel; weights `lstm_cell/kernel`
    ([input + units, 4 * units], gates [i, ci, f, o]), `lstm_cell/bias` and, with `use_peephole`,
    `w_i_diag`, `w_f_diag`, `w_o_diag`."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, dtype=None, reuse=None,
                 name="lstm_cell"):
        super().__init__(_reuse=reuse, dtype=dtype, name=name)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._use_peephole = use_peephole
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._names = {"W": "kernel", "b": "bias", "wci": "w_i_diag", "wcf": "w_f_diag", "wco": "w_o_diag",
                       "scope": "lstm_cell"}
        self.input_spec = InputSpec(ndim=2)

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        input_size = tensor_shape.dimension_value(inputs_shape[1])
        if not input_size:
            raise ValueError("Expecting inputs_shape[1] to be set: %s" % str(inputs_shape))
        self._kernel = self.add_variable(self._names["W"], [input_size + self._num_units, self._num_units * 4])
        self._bias = self.add_variable(self._names["b"], [self._num_units * 4],
                                       initializer=_constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_variable(self._names["wci"], [self._num_units])
            self._w_f_diag = self.add_variable(self._names["wcf"], [self._num_units])
            self._w_o_diag = self.add_variable(self._names["wco"], [self._num_units])
        self.built = True

    def call(self, inputs, state):
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        peepholes = (self._w_i_diag, self._w_f_diag, self._w_o_diag) if self._use_peephole else None
        cs_prev, h_prev = state
        cs, h = _lstm_block_step(inputs, cs_prev, h_prev, self._kernel, self._bias, peepholes,
                                 self._forget_bias, self._cell_clip)
        return h, LSTMStateTuple(cs, h)


# ------------------------------------------------------------------------ LSTMBlockFusedCell

class _SequenceStep:
    """The cell `LSTMBlockWrapper` hands to dynamic_rnn: state (cs, h), output (cs, h) per step, so the
    whole cell-state and output sequences come back (BlockLSTM's `cs` and `h`)."""

    def __init__(self, step, num_units):
        self._step = step
        self._num_units = num_units

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    def zero_state(self, batch_size, dtype):
        return _zero_state_tensors(self.state_size, batch_size, dtype)

    def __call__(self, inputs, state):
        cs, h = self._step(inputs, state.c, state.h)
        return LSTMStateTuple(cs, h), LSTMStateTuple(cs, h)


@_export("LSTMBlockWrapper", "lstm_ops")
class LSTMBlockWrapper(Layer):
    """A layer running an LSTM over time-major [time, batch, depth] inputs: subclasses give `num_units`
    and `_call_cell(inputs, initial_cell_state, initial_output, dtype, sequence_length)`, returning the
    [time, batch, units] cell states and outputs; this class masks outputs past `sequence_length` and
    picks each sequence's final state."""

    @property
    def num_units(self):
        raise NotImplementedError("Abstract method")

    def _call_cell(self, inputs, initial_cell_state, initial_output, dtype, sequence_length):
        raise NotImplementedError("Abstract method")

    def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        tf = _tf()
        is_list = isinstance(inputs, list)
        if is_list:
            inputs = tf.stack(inputs)
        inputs_shape = inputs.get_shape().with_rank(3)
        if not tensor_shape.dimension_value(inputs_shape[2]):
            raise ValueError("Expecting inputs_shape[2] to be set: %s" % inputs_shape)
        batch_size = tensor_shape.dimension_value(inputs_shape[1])
        if batch_size is None:
            batch_size = tf.shape(inputs)[1]
        time_len = tensor_shape.dimension_value(inputs_shape[0])
        if time_len is None:
            time_len = tf.shape(inputs)[0]

        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            z = tf.zeros(tf.stack([batch_size, self.num_units]), dtype=dtype)
            initial_state = z, z
        else:
            if len(initial_state) != 2:
                raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
            if dtype is None:
                dtype = initial_state[0].dtype

        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length)
        initial_cell_state, initial_output = initial_state
        cell_states, outputs = self._call_cell(inputs, initial_cell_state, initial_output, dtype,
                                               sequence_length)

        if sequence_length is not None:
            # Outputs past each sequence's end are zero; its final state is the one at step
            # sequence_length - 1, the initial state (prepended at index 0) for an empty sequence.
            mask = tf.transpose(tf.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
            mask = tf.tile(tf.expand_dims(mask, -1), [1, 1, self.num_units])
            outputs *= mask
            mod_cell_states = tf.concat([tf.expand_dims(initial_cell_state, 0), cell_states], 0)
            mod_outputs = tf.concat([tf.expand_dims(initial_output, 0), outputs], 0)
            final_cell_state = self._gather_states(mod_cell_states, sequence_length, batch_size)
            final_output = self._gather_states(mod_outputs, sequence_length, batch_size)
        else:
            final_cell_state = cell_states[-1]
            final_output = outputs[-1]

        if is_list:
            outputs = tf.unstack(outputs)
        return outputs, LSTMStateTuple(final_cell_state, final_output)

    def _gather_states(self, data, indices, batch_size):
        """out[i, j] = data[indices[i], i, j]."""
        tf = _tf()
        return tf.gather_nd(data, tf.stack([indices, tf.range(batch_size)], axis=1))


@_export("LSTMBlockFusedCell", "lstm_ops")
class LSTMBlockFusedCell(LSTMBlockWrapper):
    """The whole-sequence LSTM (TF's BlockLSTM kernel): `cell(inputs, initial_state=None, dtype=None,
    sequence_length=None)` on [time, batch, depth] inputs returns (outputs, LSTMStateTuple(c, h)).
    Weights `lstm_fused_cell/kernel`, `bias` (and `w_i_diag`, `w_f_diag`, `w_o_diag`) as LSTMBlockCell's."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, reuse=None, dtype=None,
                 name="lstm_fused_cell"):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._use_peephole = use_peephole
        self.input_spec = InputSpec(ndim=3)

    @property
    def num_units(self):
        return self._num_units

    def build(self, input_shape):
        input_size = tensor_shape.dimension_value(input_shape[2])
        self._kernel = self.add_variable("kernel", [input_size + self._num_units, self._num_units * 4])
        self._bias = self.add_variable("bias", [self._num_units * 4], initializer=_constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_variable("w_i_diag", [self._num_units])
            self._w_f_diag = self.add_variable("w_f_diag", [self._num_units])
            self._w_o_diag = self.add_variable("w_o_diag", [self._num_units])
        self.built = True

    def _call_cell(self, inputs, initial_cell_state=None, initial_output=None, dtype=None,
                   sequence_length=None):
        # BlockLSTM stops at max(sequence_length); the steps after it are masked away by `call`, so
        # running to the end of time gives the same outputs, final states and gradients.
        peepholes = (self._w_i_diag, self._w_f_diag, self._w_o_diag) if self._use_peephole else None

        def step(x, cs_prev, h_prev):
            return _lstm_block_step(x, cs_prev, h_prev, self._kernel, self._bias, peepholes, self._forget_bias,
                                    self._cell_clip)

        (cs, h), _ = _tf().nn.dynamic_rnn(
            _SequenceStep(step, self._num_units), inputs, dtype=dtype, time_major=True,
            initial_state=LSTMStateTuple(initial_cell_state, initial_output))
        return cs, h


# ------------------------------------------------------------------------------ GRUBlockCell

@_export("GRUBlockCell", "gru_ops")
class GRUBlockCell(LayerRNNCell):
    """GRU computed as TF's GRUBlockCell kernel; weights `gru_cell/w_ru` ([input + units, 2 * units],
    gates [r, u]), `b_ru` (ones), `w_c` ([input + units, units]), `b_c` (zeros)."""

    def __init__(self, num_units=None, cell_size=None, reuse=None, name="gru_cell"):
        super().__init__(_reuse=reuse, name=name)
        if cell_size is not None:
            _warn("calling __init__ (from tensorflow.contrib.rnn.python.ops.gru_ops) with cell_size is "
                  "deprecated and will be removed in a future version.\nInstructions for updating:\n"
                  "cell_size is deprecated, use num_units instead")
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        if num_units is None:
            num_units = cell_size
        self._cell_size = num_units
        self.input_spec = InputSpec(ndim=2)

    _variable_names = ("w_ru", "b_ru", "w_c", "b_c")

    @property
    def state_size(self):
        return self._cell_size

    @property
    def output_size(self):
        return self._cell_size

    def build(self, input_shape):
        input_size = tensor_shape.dimension_value(input_shape[1])
        if input_size is None:
            raise ValueError("Expecting input_size to be set.")
        w_ru, b_ru, w_c, b_c = self._variable_names
        self._gate_kernel = self.add_variable(w_ru, [input_size + self._cell_size, self._cell_size * 2])
        self._gate_bias = self.add_variable(b_ru, [self._cell_size * 2], initializer=_constant_initializer(1.0))
        self._candidate_kernel = self.add_variable(w_c, [input_size + self._cell_size, self._cell_size])
        self._candidate_bias = self.add_variable(b_c, [self._cell_size], initializer=_constant_initializer(0.0))
        self.built = True

    def call(self, inputs, h_prev):
        cell_size = h_prev.get_shape().with_rank(2)[1]
        if tensor_shape.dimension_value(cell_size) != self._cell_size:
            raise ValueError("Shape of h_prev[1] incorrect: cell_size %i vs %s" % (self._cell_size, cell_size))
        new_h = _gru_block_step(inputs, h_prev, self._gate_kernel, self._gate_bias, self._candidate_kernel,
                                self._candidate_bias)
        return new_h, new_h


@_export("GRUBlockCellV2", "gru_ops")
class GRUBlockCellV2(GRUBlockCell):
    """GRUBlockCell with GRUCell's variable names: `gates/kernel`, `gates/bias`, `candidate/kernel`,
    `candidate/bias`."""

    _variable_names = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


# -------------------------------------------------------------------- LayerNormBasicLSTMCell

def _layer_norm(inp, scope):
    """`contrib.layers.layer_norm(inp, reuse=True, scope=scope)` over the last axis of a 2-D input, with
    the `beta` / `gamma` already made in `scope`."""
    tf = _tf()
    with vs.variable_scope(scope, reuse=True):
        beta = vs.get_variable("beta")
        gamma = vs.get_variable("gamma")
        mean, variance = tf.nn.moments(inp, [1], keep_dims=True)
        epsilon = 1e-12 if inp.dtype.base_dtype != dtypes.float16 else 1e-3
        outputs = tf.nn.batch_normalization(inp, mean, variance, offset=beta, scale=gamma,
                                            variance_epsilon=epsilon)
        outputs.set_shape(inp.get_shape())
        return outputs


@_export("LayerNormBasicLSTMCell", "rnn_cell")
class LayerNormBasicLSTMCell(RNNCell):
    """LSTM with layer normalization of the four gate pre-activations and the new cell state, and
    recurrent dropout on the candidate (`dropout_keep_prob`). Weights (made on call, in the cell's
    scope `layer_norm_basic_lstm_cell`): `kernel`, `bias` (only without layer norm), and `gamma` / `beta`
    in `input/`, `transform/`, `forget/`, `output/`, `state/`."""

    def __init__(self, num_units, forget_bias=1.0, input_size=None, activation=tanh, layer_norm=True,
                 norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None, reuse=None):
        super().__init__(_reuse=reuse)
        if input_size is not None:
            _warn("%s: The input_size parameter is deprecated.", self)
        self._num_units = num_units
        self._activation = activation
        self._forget_bias = forget_bias
        self._keep_prob = dropout_keep_prob
        self._seed = dropout_prob_seed
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        self._reuse = reuse

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def _get_variable(self, name, shape, dtype, initializer=None):
        # TF's RNNCell records the variables its cells make in `call` as the cell's weights.
        v = vs.get_variable(name, shape=shape, dtype=dtype, initializer=initializer)
        trainable = any(v is t for t in _tf().trainable_variables())
        if trainable and all(v is not w for w in self._trainable_weights):
            self._trainable_weights.append(v)
        return v

    def _norm(self, inp, scope, dtype=dtypes.float32):
        shape = inp.get_shape()[-1:]
        with vs.variable_scope(scope):
            self._get_variable("gamma", shape, dtype, _constant_initializer(self._norm_gain))
            self._get_variable("beta", shape, dtype, _constant_initializer(self._norm_shift))
        return _layer_norm(inp, scope)

    def _linear(self, args):
        tf = _tf()
        out_size = 4 * self._num_units
        proj_size = args.get_shape()[-1]
        dtype = args.dtype
        weights = self._get_variable("kernel", [proj_size, out_size], dtype)
        out = tf.matmul(args, weights)
        if not self._layer_norm:
            bias = self._get_variable("bias", [out_size], dtype)
            out = tf.nn.bias_add(out, bias)
        return out

    def call(self, inputs, state):
        tf = _tf()
        c, h = state
        args = tf.concat([inputs, h], 1)
        concat = self._linear(args)
        dtype = args.dtype
        i, j, f, o = tf.split(value=concat, num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i = self._norm(i, "input", dtype=dtype)
            j = self._norm(j, "transform", dtype=dtype)
            f = self._norm(f, "forget", dtype=dtype)
            o = self._norm(o, "output", dtype=dtype)
        g = self._activation(j)
        if (not isinstance(self._keep_prob, float)) or self._keep_prob < 1:
            g = tf.nn.dropout(g, self._keep_prob, seed=self._seed)
        new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state", dtype=dtype)
        new_h = self._activation(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)
