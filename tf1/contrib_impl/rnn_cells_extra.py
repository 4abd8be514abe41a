"""`tf.contrib.rnn`'s research cells and wrappers (TF 1.15 `contrib/rnn/python/ops/rnn_cell.py`).

Each is written with public ops and keeps TF's variable names, shapes, gate layouts and defaults, so
checkpoints written by TF 1.15 restore into the same graph:
- plain `RNNCell`s (AttentionCellWrapper, CoupledInputForgetGateLSTMCell, UGRNNCell, ...) make their
  weights with `get_variable` inside `call`, in the cell's scope (`rnn/ugrnn_cell/kernel`);
- `LayerRNNCell`s (NASCell, SRUCell, IndRNNCell, IndyLSTMCell) make them in `build`;
- HighwayWrapper and CompiledWrapper call their cell in the caller's scope, so HighwayWrapper's
  `carry_w`/`carry_b` sit beside the cell's weights;
- WeightNormLSTMCell builds its normalized kernel under `control_dependencies(None)`, as TF does.
"""
import math

from ..api import export, public as _tf
from ..framework import tensor_shape
from ..layers_impl.base import InputSpec
from ..ops import _subgraph as nest
from ..ops import variable_scope as vs
from ..ops.rnn_cell_impl import (LayerRNNCell, LSTMStateTuple, RNNCell, _BIAS_VARIABLE_NAME,
                                 _WEIGHTS_VARIABLE_NAME, _DelegatingCell, _StoredSizes, assert_like_rnncell)
from .rnn import _Linear
from .rnn_fused import _layer_norm


def _export(name):
    return export("contrib.rnn." + name, "contrib.rnn.python.ops.rnn_cell." + name)


def _warn(msg, *args):
    from ..platform import tf_logging
    tf_logging.warning(msg, *args)


def _known_depth(inputs):
    """The static last dimension of rank-2 `inputs` (TF's cells need it to size their weights)."""
    d = tensor_shape.dimension_value(inputs.get_shape().with_rank(2)[1])
    if d is None:
        raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
    return d


def _sharded_variable(name, shape, dtype, num_shards):
    """`name_0 .. name_{n-1}` splitting shape[0] as evenly as possible (the first ones one row larger),
    concatenated back into one matrix (TF 1.15's `_get_concat_variable`)."""
    tf = _tf()
    if num_shards > shape[0]:
        raise ValueError("Too many shards: shape=%s, num_shards=%d" % (shape, num_shards))
    unit = int(math.floor(shape[0] / num_shards))
    extra = shape[0] - unit * num_shards
    shards = [vs.get_variable(name + "_%d" % i, [unit + (1 if i < extra else 0)] + shape[1:], dtype=dtype)
              for i in range(num_shards)]
    if len(shards) == 1:
        return shards[0]
    concat_name = name + "/concat"
    full_name = vs.get_variable_scope().name + "/" + concat_name + ":0"
    for value in tf.get_collection(tf.GraphKeys.CONCATENATED_VARIABLES):
        if value.name == full_name:
            return value
    concat = tf.concat(shards, 0, name=concat_name)
    tf.add_to_collection(tf.GraphKeys.CONCATENATED_VARIABLES, concat)
    return concat


def _norm(gain, shift, inp, scope):
    """Layer normalization of `inp` with `gamma`/`beta` (initialized to gain/shift) in `scope`."""
    tf = _tf()
    shape = inp.get_shape()[-1:]
    with vs.variable_scope(scope):
        vs.get_variable("gamma", shape=shape, initializer=tf.constant_initializer(gain))
        vs.get_variable("beta", shape=shape, initializer=tf.constant_initializer(shift))
    return _layer_norm(inp, scope)


# ------------------------------------------------------------------------------------- wrappers

@_export("AttentionCellWrapper")
class AttentionCellWrapper(RNNCell):
    """Attention over the cell's last `attn_length` outputs (Vinyals et al. 2015): the state is
    (cell state, attention [attn_size], attention window [attn_length * attn_size])."""

    def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None, input_size=None,
                 state_is_tuple=True, reuse=None):
        super().__init__(_reuse=reuse)
        assert_like_rnncell("cell", cell)
        if nest.is_sequence(cell.state_size) and not state_is_tuple:
            raise ValueError("Cell returns tuple of states, but the flag state_is_tuple is not set. State size "
                             "is: %s" % str(cell.state_size))
        if attn_length <= 0:
            raise ValueError("attn_length should be greater than zero, got %s" % str(attn_length))
        if not state_is_tuple:
            _warn("%s: Using a concatenated state is slower and will soon be deprecated.  Use "
                  "state_is_tuple=True.", self)
        if attn_size is None:
            attn_size = cell.output_size
        if attn_vec_size is None:
            attn_vec_size = attn_size
        self._state_is_tuple = state_is_tuple
        self._cell = cell
        self._attn_vec_size = attn_vec_size
        self._input_size = input_size
        self._attn_size = attn_size
        self._attn_length = attn_length
        self._linear_in = self._linear_out = self._linear_query = None

    @property
    def state_size(self):
        size = (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)
        return size if self._state_is_tuple else sum(size)

    @property
    def output_size(self):
        return self._attn_size

    def call(self, inputs, state):
        tf = _tf()
        if self._state_is_tuple:
            state, attns, attn_states = state
        else:
            states = state
            state = tf.slice(states, [0, 0], [-1, self._cell.state_size])
            attns = tf.slice(states, [0, self._cell.state_size], [-1, self._attn_size])
            attn_states = tf.slice(states, [0, self._cell.state_size + self._attn_size],
                                   [-1, self._attn_size * self._attn_length])
        attn_states = tf.reshape(attn_states, [-1, self._attn_length, self._attn_size])
        input_size = self._input_size
        if input_size is None:
            input_size = inputs.get_shape().as_list()[1]
        if self._linear_in is None:
            self._linear_in = _Linear([inputs, attns], input_size, True)
        inputs = self._linear_in([inputs, attns])
        cell_output, new_state = self._cell(inputs, state)
        new_state_cat = tf.concat(nest.flatten(new_state), 1) if self._state_is_tuple else new_state
        new_attns, new_attn_states = self._attention(new_state_cat, attn_states)
        with vs.variable_scope("attn_output_projection"):
            if self._linear_out is None:
                self._linear_out = _Linear([cell_output, new_attns], self._attn_size, True)
            output = self._linear_out([cell_output, new_attns])
        # The window drops its oldest entry and appends this step's output.
        new_attn_states = tf.concat([new_attn_states, tf.expand_dims(output, 1)], 1)
        new_attn_states = tf.reshape(new_attn_states, [-1, self._attn_length * self._attn_size])
        new_state = (new_state, new_attns, new_attn_states)
        if not self._state_is_tuple:
            new_state = tf.concat(list(new_state), 1)
        return output, new_state

    def _attention(self, query, attn_states):
        tf = _tf()
        with vs.variable_scope("attention"):
            k = vs.get_variable("attn_w", [1, 1, self._attn_size, self._attn_vec_size])
            v = vs.get_variable("attn_v", [self._attn_vec_size])
            hidden = tf.reshape(attn_states, [-1, self._attn_length, 1, self._attn_size])
            hidden_features = tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME")
            if self._linear_query is None:
                self._linear_query = _Linear(query, self._attn_vec_size, True)
            y = tf.reshape(self._linear_query(query), [-1, 1, 1, self._attn_vec_size])
            s = tf.reduce_sum(v * tf.tanh(hidden_features + y), [2, 3])
            a = tf.nn.softmax(s)
            d = tf.reduce_sum(tf.reshape(a, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
            new_attns = tf.reshape(d, [-1, self._attn_size])
            new_attn_states = tf.slice(attn_states, [0, 1, 0], [-1, -1, -1])
            return new_attns, new_attn_states


@_export("HighwayWrapper")
class HighwayWrapper(_DelegatingCell):
    """`output = input * carry + cell_output * transform` (Srivastava et al. 2015), with
    `carry = sigmoid(input W_c + b_c)` and `transform = 1 - carry` unless the gates are uncoupled."""

    def __init__(self, cell, couple_carry_transform_gates=True, carry_bias_init=1.0):
        super().__init__(cell)
        self._couple_carry_transform_gates = couple_carry_transform_gates
        self._carry_bias_init = carry_bias_init

    def _highway(self, inp, out):
        tf = _tf()
        input_size = tensor_shape.dimension_value(inp.get_shape().with_rank(2)[1])
        carry_weight = vs.get_variable("carry_w", [input_size, input_size])
        carry_bias = vs.get_variable("carry_b", [input_size],
                                     initializer=tf.constant_initializer(self._carry_bias_init))
        carry = tf.sigmoid(tf.nn.xw_plus_b(inp, carry_weight, carry_bias))
        if self._couple_carry_transform_gates:
            transform = 1 - carry
        else:
            transform_weight = vs.get_variable("transform_w", [input_size, input_size])
            transform_bias = vs.get_variable("transform_b", [input_size],
                                             initializer=tf.constant_initializer(-self._carry_bias_init))
            transform = tf.sigmoid(tf.nn.xw_plus_b(inp, transform_weight, transform_bias))
        return inp * carry + out * transform

    def __call__(self, inputs, state, scope=None):
        # Not a layer call: the highway weights live in the caller's scope, beside the cell's.
        outputs, new_state = self._cell(inputs, state, scope=scope)
        nest.assert_same_structure(inputs, outputs)
        flat_in, flat_out = nest.flatten(inputs), nest.flatten(outputs)
        for i, o in zip(flat_in, flat_out):
            i.get_shape().assert_is_compatible_with(o.get_shape())
        res = [self._highway(i, o) for i, o in zip(flat_in, flat_out)]
        return nest.pack_sequence_as(outputs, res), new_state


@_export("CompiledWrapper")
class CompiledWrapper(_DelegatingCell):
    """Runs the cell's step in an XLA JIT scope. tf1 compiles every graph segment with XLA already, so
    the step is simply the cell's, with its variables in the caller's scope as in TF."""

    def __init__(self, cell, compile_stateful=False):
        super().__init__(cell)
        self._compile_stateful = compile_stateful

    def __call__(self, inputs, state, scope=None):
        return self._cell(inputs, state, scope=scope)


# ----------------------------------------------------------------------------------- LSTM cells

@_export("CoupledInputForgetGateLSTMCell")
class CoupledInputForgetGateLSTMCell(_StoredSizes, RNNCell):
    """An LSTM whose input gate is `1 - forget gate` (Greff et al. 2015): weights `W_0..` ([input +
    num_proj, 3 * units], gates [j, f, o]), `B`, optional `W_F_diag`/`W_O_diag` peepholes, projection
    `W_P_0..` and layer normalization (`transform`, `forget`, `output`, `state` gamma/beta)."""

    def __init__(self, num_units, use_peepholes=False, initializer=None, num_proj=None, proj_clip=None,
                 num_unit_shards=1, num_proj_shards=1, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, layer_norm=False, norm_gain=1.0, norm_shift=0.0):
        super().__init__(_reuse=reuse)
        if not state_is_tuple:
            _warn("%s: Using a concatenated state is slower and will soon be deprecated.  Use "
                  "state_is_tuple=True.", self)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or _tf().tanh
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        out = num_proj if num_proj else num_units
        self._state_size = LSTMStateTuple(num_units, out) if state_is_tuple else num_units + out
        self._output_size = out

    def call(self, inputs, state):
        tf = _tf()
        sigmoid = tf.sigmoid
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
            m_prev = tf.slice(state, [0, self._num_units], [-1, num_proj])
        dtype = inputs.dtype
        input_size = _known_depth(inputs)
        concat_w = _sharded_variable("W", [input_size + num_proj, 3 * self._num_units], dtype,
                                     self._num_unit_shards)
        b = vs.get_variable("B", shape=[3 * self._num_units], initializer=tf.zeros_initializer(), dtype=dtype)
        lstm_matrix = tf.matmul(tf.concat([inputs, m_prev], 1), concat_w)
        if not self._layer_norm:
            lstm_matrix = tf.nn.bias_add(lstm_matrix, b)
        j, f, o = tf.split(value=lstm_matrix, num_or_size_splits=3, axis=1)
        if self._layer_norm:
            j = _norm(self._norm_gain, self._norm_shift, j, "transform")
            f = _norm(self._norm_gain, self._norm_shift, f, "forget")
            o = _norm(self._norm_gain, self._norm_shift, o, "output")
        if self._use_peepholes:
            w_f_diag = vs.get_variable("W_F_diag", shape=[self._num_units], dtype=dtype)
            w_o_diag = vs.get_variable("W_O_diag", shape=[self._num_units], dtype=dtype)
            f_act = sigmoid(f + self._forget_bias + w_f_diag * c_prev)
        else:
            f_act = sigmoid(f + self._forget_bias)
        c = f_act * c_prev + (1 - f_act) * self._activation(j)
        if self._layer_norm:
            c = _norm(self._norm_gain, self._norm_shift, c, "state")
        if self._use_peepholes:
            m = sigmoid(o + w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            w_proj = _sharded_variable("W_P", [self._num_units, self._num_proj], dtype, self._num_proj_shards)
            m = tf.matmul(m, w_proj)
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


# ------------------------------------------------------------------------------ convolutional LSTM

def _conv(args, filter_size, num_features, bias, bias_start=0.0):
    """A SAME-padded, stride-1 convolution of the channel-concatenated `args`: `kernel`
    (filter_size + [in channels, num_features]) and `biases`."""
    tf = _tf()
    shapes = [a.get_shape().as_list() for a in args]
    rank = len(shapes[0])
    depth = 0
    for shape in shapes:
        if len(shape) not in (3, 4, 5):
            raise ValueError("Conv Linear expects 3D, 4D or 5D arguments: %s" % str(shapes))
        if len(shape) != rank:
            raise ValueError("Conv Linear expects all args to be of same Dimension: %s" % str(shapes))
        depth += shape[-1]
    dtype = args[0].dtype
    conv_op, strides = {3: (tf.nn.conv1d, 1), 4: (tf.nn.conv2d, [1] * 4), 5: (tf.nn.conv3d, [1] * 5)}[rank]
    kernel = vs.get_variable("kernel", filter_size + [depth, num_features], dtype=dtype)
    x = args[0] if len(args) == 1 else tf.concat(axis=rank - 1, values=args)
    res = conv_op(x, kernel, strides, padding="SAME")
    if not bias:
        return res
    return res + vs.get_variable("biases", [num_features], dtype=dtype,
                                 initializer=tf.constant_initializer(bias_start, dtype=dtype))


@_export("ConvLSTMCell")
class ConvLSTMCell(RNNCell):
    """An LSTM whose gates are convolutions over [input, hidden] (Shi et al. 2015); gates [i, j, f, o]
    along the channel axis; with `skip_connection` the output also carries the input channels."""

    def __init__(self, conv_ndims, input_shape, output_channels, kernel_shape, use_bias=True,
                 skip_connection=False, forget_bias=1.0, initializers=None, name="conv_lstm_cell"):
        super().__init__(name=name)
        if conv_ndims != len(input_shape) - 1:
            raise ValueError("Invalid input_shape {} for conv_ndims={}.".format(input_shape, conv_ndims))
        self._conv_ndims = conv_ndims
        self._input_shape = list(input_shape)
        self._output_channels = output_channels
        self._kernel_shape = list(kernel_shape)
        self._use_bias = use_bias
        self._forget_bias = forget_bias
        self._skip_connection = skip_connection
        self._total_output_channels = output_channels + (self._input_shape[-1] if skip_connection else 0)
        size = tensor_shape.TensorShape(self._input_shape[:-1] + [self._output_channels])
        self._state_size = LSTMStateTuple(size, size)
        self._output_size = tensor_shape.TensorShape(self._input_shape[:-1] + [self._total_output_channels])

    @property
    def output_size(self):
        return self._output_size

    @property
    def state_size(self):
        return self._state_size

    def call(self, inputs, state, scope=None):
        tf = _tf()
        cell, hidden = state
        new_hidden = _conv([inputs, hidden], self._kernel_shape, 4 * self._output_channels, self._use_bias)
        input_gate, new_input, forget_gate, output_gate = tf.split(value=new_hidden, num_or_size_splits=4,
                                                                   axis=self._conv_ndims + 1)
        new_cell = tf.sigmoid(forget_gate + self._forget_bias) * cell
        new_cell += tf.sigmoid(input_gate) * tf.tanh(new_input)
        output = tf.tanh(new_cell) * tf.sigmoid(output_gate)
        if self._skip_connection:
            output = tf.concat([output, inputs], axis=-1)
        return output, LSTMStateTuple(new_cell, output)


def _conv_lstm_class(ndims):
    default_name = "conv_%dd_lstm_cell" % ndims

    class _ConvNDLSTMCell(ConvLSTMCell):
        def __init__(self, name=default_name, **kwargs):
            super().__init__(conv_ndims=ndims, name=name, **kwargs)

    _ConvNDLSTMCell.__name__ = _ConvNDLSTMCell.__qualname__ = "Conv%dDLSTMCell" % ndims
    _ConvNDLSTMCell.__doc__ = "%dD convolutional LSTM cell (scope `%s`)." % (ndims, default_name)
    return _export(_ConvNDLSTMCell.__name__)(_ConvNDLSTMCell)


Conv1DLSTMCell = _conv_lstm_class(1)
Conv2DLSTMCell = _conv_lstm_class(2)
Conv3DLSTMCell = _conv_lstm_class(3)


@_export("LayerNormLSTMCell")
class LayerNormLSTMCell(_StoredSizes, RNNCell):
    """LSTMCell with optional layer normalization of the gates and cell state (applied before the
    nonlinearities; the gate bias is then left out): `kernel` ([input + out, 4 * units], gates
    [i, j, f, o]), `bias`, peepholes `w_f_diag`/`w_i_diag`/`w_o_diag`, `projection/kernel`."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, forget_bias=1.0, activation=None, layer_norm=False, norm_gain=1.0,
                 norm_shift=0.0, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._activation = activation or _tf().tanh
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        out = num_proj if num_proj else num_units
        self._state_size = LSTMStateTuple(num_units, out)
        self._output_size = out

    @staticmethod
    def _linear(args, output_size, bias, layer_norm=False):
        """`concat(args) @ kernel`, plus `bias` unless layer norm follows (the bias is still made)."""
        tf = _tf()
        if not nest.is_sequence(args):
            args = [args]
        total = 0
        for shape in [a.get_shape() for a in args]:
            if shape.ndims != 2:
                raise ValueError("linear is expecting 2D arguments: %s" % [a.get_shape() for a in args])
            d = tensor_shape.dimension_value(shape[1])
            if d is None:
                raise ValueError("linear expects shape[1] to be provided for shape %s, but saw %s"
                                 % (shape, shape[1]))
            total += d
        dtype = args[0].dtype
        weights = vs.get_variable(_WEIGHTS_VARIABLE_NAME, [total, output_size], dtype=dtype)
        res = tf.matmul(args[0] if len(args) == 1 else tf.concat(args, 1), weights)
        if not bias:
            return res
        with vs.variable_scope(vs.get_variable_scope()) as inner_scope:
            inner_scope.set_partitioner(None)
            biases = vs.get_variable(_BIAS_VARIABLE_NAME, [output_size], dtype=dtype,
                                     initializer=tf.constant_initializer(0.0, dtype=dtype))
        return res if layer_norm else tf.nn.bias_add(res, biases)

    def call(self, inputs, state):
        tf = _tf()
        sigmoid = tf.sigmoid
        c_prev, m_prev = state
        dtype = inputs.dtype
        _known_depth(inputs)
        with vs.variable_scope(vs.get_variable_scope(), initializer=self._initializer):
            lstm_matrix = self._linear([inputs, m_prev], 4 * self._num_units, bias=True,
                                       layer_norm=self._layer_norm)
            i, j, f, o = tf.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
            if self._layer_norm:
                i = _norm(self._norm_gain, self._norm_shift, i, "input")
                j = _norm(self._norm_gain, self._norm_shift, j, "transform")
                f = _norm(self._norm_gain, self._norm_shift, f, "forget")
                o = _norm(self._norm_gain, self._norm_shift, o, "output")
            if self._use_peepholes:
                w_f_diag = vs.get_variable("w_f_diag", shape=[self._num_units], dtype=dtype)
                w_i_diag = vs.get_variable("w_i_diag", shape=[self._num_units], dtype=dtype)
                w_o_diag = vs.get_variable("w_o_diag", shape=[self._num_units], dtype=dtype)
                c = (sigmoid(f + self._forget_bias + w_f_diag * c_prev) * c_prev
                     + sigmoid(i + w_i_diag * c_prev) * self._activation(j))
            else:
                c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
            if self._layer_norm:
                c = _norm(self._norm_gain, self._norm_shift, c, "state")
            if self._cell_clip is not None:
                c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
            if self._use_peepholes:
                m = sigmoid(o + w_o_diag * c) * self._activation(c)
            else:
                m = sigmoid(o) * self._activation(c)
            if self._num_proj is not None:
                with vs.variable_scope("projection"):
                    m = self._linear(m, self._num_proj, bias=False)
                if self._proj_clip is not None:
                    m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        return m, LSTMStateTuple(c, m)


@_export("GLSTMCell")
class GLSTMCell(_StoredSizes, RNNCell):
    """Group LSTM (Kuchaiev & Ginsburg 2017): input and recurrent state split into groups, each with
    its own `group<k>/kernel` (no bias); shared `bias_i/j/f/o`; optional `projection/kernel`."""

    def __init__(self, num_units, initializer=None, num_proj=None, number_of_groups=1, forget_bias=1.0,
                 activation=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._num_proj = num_proj
        self._forget_bias = forget_bias
        self._activation = activation or _tf().tanh
        self._number_of_groups = number_of_groups
        if num_units % number_of_groups != 0:
            raise ValueError("num_units must be divisible by number_of_groups")
        if num_proj:
            if num_proj % number_of_groups != 0:
                raise ValueError("num_proj must be divisible by number_of_groups")
            self._group_shape = [int(num_proj / number_of_groups), int(num_units / number_of_groups)]
        else:
            self._group_shape = [int(num_units / number_of_groups), int(num_units / number_of_groups)]
        out = num_proj if num_proj else num_units
        self._state_size = LSTMStateTuple(num_units, out)
        self._output_size = out
        self._group_linears = [None] * number_of_groups
        self._proj_linear = None

    def _group_slice(self, x, group_id, group_size, batch_size):
        return _tf().slice(input_=x, begin=[0, group_id * group_size], size=[batch_size, group_size],
                           name="GLSTM_group%d_input_generation" % group_id)

    def call(self, inputs, state):
        tf = _tf()
        c_prev, m_prev = state
        batch_size = tensor_shape.dimension_value(inputs.shape[0]) or tf.shape(inputs)[0]
        input_size = tensor_shape.dimension_value(inputs.shape[1])
        if input_size is None:
            raise ValueError("input size must be statically known")
        if input_size % self._number_of_groups != 0:
            raise ValueError("input size (%d) must be divisible by number_of_groups (%d)"
                             % (input_size, self._number_of_groups))
        input_group_size = int(input_size / self._number_of_groups)
        dtype = inputs.dtype
        parts = [[], [], [], []]
        with vs.variable_scope(vs.get_variable_scope(), initializer=self._initializer):
            for group_id in range(self._number_of_groups):
                with vs.variable_scope("group%d" % group_id):
                    x_g = tf.concat([self._group_slice(inputs, group_id, input_group_size, batch_size),
                                     self._group_slice(m_prev, group_id, self._group_shape[0], batch_size)],
                                    axis=1)
                    if self._group_linears[group_id] is None:
                        self._group_linears[group_id] = _Linear(x_g, 4 * self._group_shape[1], False)
                    for part, gate in zip(parts, tf.split(self._group_linears[group_id](x_g), 4, 1)):
                        part.append(gate)
            i, j, f, o = [
                tf.nn.bias_add(tf.concat(part, axis=1),
                               vs.get_variable(name="bias_" + gate, shape=[self._num_units], dtype=dtype,
                                               initializer=tf.constant_initializer(0.0, dtype=dtype)))
                for gate, part in zip("ijfo", parts)]
        c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * tf.tanh(j)
        m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            with vs.variable_scope("projection"):
                if self._proj_linear is None:
                    self._proj_linear = _Linear(m, self._num_proj, False)
                m = self._proj_linear(m)
        return m, LSTMStateTuple(c, m)


def _random_exp_initializer(minval, maxval, seed=None, dtype=None):
    """exp(uniform(log(min), log(max))): periods spread evenly on a log scale."""
    tf = _tf()

    def _initializer(shape, dtype=dtype or tf.float32, partition_info=None):
        del partition_info
        return tf.exp(tf.random_uniform(shape, tf.log(minval), tf.log(maxval), dtype, seed=seed))

    return _initializer


@_export("PhasedLSTMCell")
class PhasedLSTMCell(RNNCell):
    """Phased LSTM (Neil et al. 2016): inputs are `(time, features)`; a per-unit oscillation (`period`,
    `phase`, `ratio_on`) opens the time gate, which mixes the new and previous state."""

    def __init__(self, num_units, use_peepholes=False, leak=0.001, ratio_on=0.1, trainable_ratio_on=True,
                 period_init_min=1.0, period_init_max=1000.0, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._leak = leak
        self._ratio_on = ratio_on
        self._trainable_ratio_on = trainable_ratio_on
        self._period_init_min = period_init_min
        self._period_init_max = period_init_max
        self._linear_mask = self._linear_input = self._linear_output = None

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    @staticmethod
    def _mod(x, y):
        """mod(x, y) forward, identity gradient w.r.t. x (TF's Mod has no useful gradient)."""
        tf = _tf()
        return tf.stop_gradient(tf.mod(x, y) - x) + x

    def _get_cycle_ratio(self, time, phase, period):
        tf = _tf()
        phase = tf.cast(phase, dtype=time.dtype)
        period = tf.cast(period, dtype=time.dtype)
        cycle_ratio = self._mod(time - phase, period) / period
        return tf.cast(cycle_ratio, dtype=tf.float32)

    def call(self, inputs, state):
        tf = _tf()
        c_prev, h_prev = state
        time, x = inputs
        in_mask_gates = [x, h_prev] + ([c_prev] if self._use_peepholes else [])
        with vs.variable_scope("mask_gates"):
            if self._linear_mask is None:
                self._linear_mask = _Linear(in_mask_gates, 2 * self._num_units, True)
            mask_gates = tf.sigmoid(self._linear_mask(in_mask_gates))
            input_gate, forget_gate = tf.split(axis=1, num_or_size_splits=2, value=mask_gates)
        with vs.variable_scope("new_input"):
            if self._linear_input is None:
                self._linear_input = _Linear([x, h_prev], self._num_units, True)
            new_input = tf.tanh(self._linear_input([x, h_prev]))
        new_c = c_prev * forget_gate + input_gate * new_input
        in_out_gate = [x, h_prev] + ([new_c] if self._use_peepholes else [])
        with vs.variable_scope("output_gate"):
            if self._linear_output is None:
                self._linear_output = _Linear(in_out_gate, self._num_units, True)
            output_gate = tf.sigmoid(self._linear_output(in_out_gate))
        new_h = tf.tanh(new_c) * output_gate

        period = vs.get_variable("period", [self._num_units],
                                 initializer=_random_exp_initializer(self._period_init_min, self._period_init_max))
        phase = vs.get_variable("phase", [self._num_units],
                                initializer=tf.random_uniform_initializer(0.0, period.initial_value))
        ratio_on = vs.get_variable("ratio_on", [self._num_units],
                                   initializer=tf.constant_initializer(self._ratio_on),
                                   trainable=self._trainable_ratio_on)
        cycle_ratio = self._get_cycle_ratio(time, phase, period)
        k_up = 2 * cycle_ratio / ratio_on
        k_down = 2 - k_up
        k_closed = self._leak * cycle_ratio
        k = tf.where(cycle_ratio < ratio_on, k_down, k_closed)
        k = tf.where(cycle_ratio < 0.5 * ratio_on, k_up, k)
        new_c = k * new_c + (1 - k) * c_prev
        new_h = k * new_h + (1 - k) * h_prev
        return new_h, LSTMStateTuple(new_c, new_h)


# ------------------------------------------------------------------------------ gated RNN cells

class _GatedCell(RNNCell):
    """A `num_units` state/output cell whose weights are made in `call` under `initializer`."""

    def __init__(self, num_units, initializer, forget_bias, reuse):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units


@_export("UGRNNCell")
class UGRNNCell(_GatedCell):
    """Update Gate RNN (Collins et al. 2016): `h = g * h_prev + (1 - g) * act(c)`, one `kernel`
    ([input + units, 2 * units], [g, c]) and `bias`."""

    def __init__(self, num_units, initializer=None, forget_bias=1.0, activation=None, reuse=None):
        super().__init__(num_units, initializer, forget_bias, reuse)
        self._activation = activation or _tf().tanh
        self._linear = None

    def call(self, inputs, state):
        tf = _tf()
        _known_depth(inputs)
        with vs.variable_scope(vs.get_variable_scope(), initializer=self._initializer):
            cell_inputs = tf.concat([inputs, state], 1)
            if self._linear is None:
                self._linear = _Linear(cell_inputs, 2 * self._num_units, True)
            g_act, c_act = tf.split(axis=1, num_or_size_splits=2, value=self._linear(cell_inputs))
            c = self._activation(c_act)
            g = tf.sigmoid(g_act + self._forget_bias)
            new_state = g * state + (1.0 - g) * c
        return new_state, new_state


@_export("IntersectionRNNCell")
class IntersectionRNNCell(_GatedCell):
    """Intersection RNN (Collins et al. 2016): separate gated state and output flows; the input must be
    `num_units` wide unless `num_in_proj` adds an `in_projection` layer."""

    def __init__(self, num_units, num_in_proj=None, initializer=None, forget_bias=1.0, y_activation=None,
                 reuse=None):
        super().__init__(num_units, initializer, forget_bias, reuse)
        self._num_input_proj = num_in_proj
        self._y_activation = y_activation or _tf().nn.relu
        self._linear_in = self._linear = None

    def call(self, inputs, state):
        tf = _tf()
        input_size = _known_depth(inputs)
        with vs.variable_scope(vs.get_variable_scope(), initializer=self._initializer):
            if input_size != self._num_units:
                if not self._num_input_proj:
                    raise ValueError("Must have input size == output size for Intersection RNN. To fix, "
                                     "num_in_proj should be set to num_units at cell init.")
                with vs.variable_scope("in_projection"):
                    if self._linear_in is None:
                        self._linear_in = _Linear(inputs, self._num_units, True)
                    inputs = self._linear_in(inputs)
            n = self._num_units
            cell_inputs = tf.concat([inputs, state], 1)
            if self._linear is None:
                self._linear = _Linear(cell_inputs, 4 * n, True)
            rnn_matrix = self._linear(cell_inputs)
            gh_act, h_act = rnn_matrix[:, :n], rnn_matrix[:, n:2 * n]
            gy_act, y_act = rnn_matrix[:, 2 * n:3 * n], rnn_matrix[:, 3 * n:4 * n]
            h = tf.tanh(h_act)
            y = self._y_activation(y_act)
            gh = tf.sigmoid(gh_act + self._forget_bias)
            gy = tf.sigmoid(gy_act + self._forget_bias)
            new_state = gh * state + (1.0 - gh) * h
            new_y = gy * inputs + (1.0 - gy) * y
        return new_y, new_state


# --------------------------------------------------------------------------- layer-built cells

class _BuiltCell(LayerRNNCell):
    """Rank-2 inputs, weights made in `build` from the inputs' known depth."""

    def __init__(self, num_units, activation, reuse, name, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = activation or _tf().tanh

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    @staticmethod
    def _depth(inputs_shape):
        d = tensor_shape.dimension_value(inputs_shape[1])
        if d is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
        return d


@_export("NASCell")
class NASCell(_StoredSizes, LayerRNNCell):
    """The LSTM-like cell found by Neural Architecture Search (Zoph & Le 2017): `kernel`,
    `recurrent_kernel` (8 * units wide), optional `bias` and `projection_weights`."""

    _NAS_BASE = 8

    def __init__(self, num_units, num_proj=None, use_bias=False, reuse=None, **kwargs):
        super().__init__(_reuse=reuse, **kwargs)
        self._num_units = num_units
        self._num_proj = num_proj
        self._use_bias = use_bias
        out = num_proj if num_proj is not None else num_units
        self._state_size = LSTMStateTuple(num_units, out)
        self._output_size = out

    def build(self, inputs_shape):
        tf = _tf()
        input_size = tensor_shape.dimension_value(tensor_shape.TensorShape(inputs_shape).with_rank(2)[1])
        if input_size is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        width = self._NAS_BASE * self._num_units
        self.recurrent_kernel = self.add_variable("recurrent_kernel", [num_proj, width])
        self.kernel = self.add_variable("kernel", [input_size, width])
        if self._use_bias:
            self.bias = self.add_variable("bias", shape=[width], initializer=tf.zeros_initializer)
        if self._num_proj is not None:
            self.projection_weights = self.add_variable("projection_weights", [self._num_units, self._num_proj])
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        sigmoid, tanh, relu = tf.sigmoid, tf.tanh, tf.nn.relu
        c_prev, m_prev = state
        m_matrix = tf.matmul(m_prev, self.recurrent_kernel)
        inputs_matrix = tf.matmul(inputs, self.kernel)
        if self._use_bias:
            m_matrix = tf.nn.bias_add(m_matrix, self.bias)
        m = tf.split(axis=1, num_or_size_splits=self._NAS_BASE, value=m_matrix)
        x = tf.split(axis=1, num_or_size_splits=self._NAS_BASE, value=inputs_matrix)
        # The searched tree: 8 first-layer combinations, 4 second-layer, the cell, then the output.
        layer1 = [sigmoid(x[0] + m[0]), relu(x[1] + m[1]), sigmoid(x[2] + m[2]), relu(x[3] * m[3]),
                  tanh(x[4] + m[4]), sigmoid(x[5] + m[5]), tanh(x[6] + m[6]), sigmoid(x[7] + m[7])]
        l2_0 = tanh(layer1[0] * layer1[1])
        l2_1 = tanh(layer1[2] + layer1[3])
        l2_2 = tanh(layer1[4] * layer1[5])
        l2_3 = sigmoid(layer1[6] + layer1[7])
        l2_0 = tanh(l2_0 + c_prev)
        new_c = l2_0 * l2_1
        l3_1 = tanh(l2_2 + l2_3)
        new_m = tanh(new_c * l3_1)
        if self._num_proj is not None:
            new_m = tf.matmul(new_m, self.projection_weights)
        return new_m, LSTMStateTuple(new_c, new_m)


@_export("SRUCell")
class SRUCell(_BuiltCell):
    """Simple Recurrent Unit (Lei et al. 2017): `kernel` ([input, 4 * units]: x_bar, f, r, x_tx) and a
    `bias` on the forget/reset gates only."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, **kwargs):
        super().__init__(num_units, activation, reuse, name, **kwargs)

    def build(self, inputs_shape):
        tf = _tf()
        depth = self._depth(inputs_shape)
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME, shape=[depth, 4 * self._num_units])
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[2 * self._num_units],
                                       initializer=tf.zeros_initializer)
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        x_bar, f_pre, r_pre, x_tx = tf.split(value=tf.matmul(inputs, self._kernel), num_or_size_splits=4, axis=1)
        f_r = tf.sigmoid(tf.nn.bias_add(tf.concat([f_pre, r_pre], 1), self._bias))
        f, r = tf.split(value=f_r, num_or_size_splits=2, axis=1)
        c = f * state + (1.0 - f) * x_bar
        h = r * self._activation(c) + (1.0 - r) * x_tx
        return h, c


@_export("IndRNNCell")
class IndRNNCell(_BuiltCell):
    """Independently recurrent cell (Li et al. 2018): `act(x W + h * u + b)` with a per-unit recurrent
    weight `kernel_u` ([1, units], uniform(-1, 1) at start)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None):
        super().__init__(num_units, activation, reuse, name, dtype=dtype)

    def build(self, inputs_shape):
        tf = _tf()
        depth = self._depth(inputs_shape)
        self._kernel_w = self.add_variable("%s_w" % _WEIGHTS_VARIABLE_NAME, shape=[depth, self._num_units])
        self._kernel_u = self.add_variable("%s_u" % _WEIGHTS_VARIABLE_NAME, shape=[1, self._num_units],
                                           initializer=tf.random_uniform_initializer(minval=-1, maxval=1,
                                                                                     dtype=self.dtype))
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[self._num_units],
                                       initializer=tf.zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        gate_inputs = tf.nn.bias_add(tf.matmul(inputs, self._kernel_w) + state * self._kernel_u, self._bias)
        output = self._activation(gate_inputs)
        return output, output


@_export("IndyLSTMCell")
class IndyLSTMCell(_BuiltCell):
    """LSTM with independently recurrent (diagonal) recurrent weights (Gonnet & Deselaers 2019):
    `kernel_w` ([input, 4 * units], gates [i, j, f, o]), `kernel_u` ([1, 4 * units]), `bias`."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None):
        super().__init__(num_units, activation, reuse, name, dtype=dtype)
        self._forget_bias = forget_bias
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    def build(self, inputs_shape):
        tf = _tf()
        depth = self._depth(inputs_shape)
        n4 = 4 * self._num_units
        self._kernel_w = self.add_variable("%s_w" % _WEIGHTS_VARIABLE_NAME, shape=[depth, n4],
                                           initializer=self._kernel_initializer)
        self._kernel_u = self.add_variable("%s_u" % _WEIGHTS_VARIABLE_NAME, shape=[1, n4],
                                           initializer=tf.random_uniform_initializer(minval=-1, maxval=1,
                                                                                     dtype=self.dtype))
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[n4],
                                       initializer=self._bias_initializer if self._bias_initializer is not None
                                       else tf.zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        c, h = state
        gate_inputs = tf.matmul(inputs, self._kernel_w) + tf.tile(h, [1, 4]) * self._kernel_u
        gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
        i, j, f, o = tf.split(value=gate_inputs, num_or_size_splits=4, axis=tf.constant(1, dtype=tf.int32))
        forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


@_export("IndyGRUCell")
class IndyGRUCell(_BuiltCell):
    """GRU with independently recurrent (diagonal) recurrent weights: `gates/kernel_w`, `gates/kernel_u`,
    `gates/bias` (1.0 at start), `candidate/kernel`, `candidate/kernel_u`, `candidate/bias`."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None):
        super().__init__(num_units, activation, reuse, name, dtype=dtype)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape):
        tf = _tf()
        depth = self._depth(inputs_shape)
        n = self._num_units
        recurrent_init = tf.random_uniform_initializer(minval=-1, maxval=1, dtype=self.dtype)

        def bias_init(default):
            return self._bias_initializer if self._bias_initializer is not None else default

        self._gate_kernel_w = self.add_variable("gates/%s_w" % _WEIGHTS_VARIABLE_NAME, shape=[depth, 2 * n],
                                                initializer=self._kernel_initializer)
        self._gate_kernel_u = self.add_variable("gates/%s_u" % _WEIGHTS_VARIABLE_NAME, shape=[1, 2 * n],
                                                initializer=recurrent_init)
        self._gate_bias = self.add_variable("gates/%s" % _BIAS_VARIABLE_NAME, shape=[2 * n],
                                            initializer=bias_init(tf.constant_initializer(1.0, dtype=self.dtype)))
        self._candidate_kernel_w = self.add_variable("candidate/%s" % _WEIGHTS_VARIABLE_NAME, shape=[depth, n],
                                                     initializer=self._kernel_initializer)
        self._candidate_kernel_u = self.add_variable("candidate/%s_u" % _WEIGHTS_VARIABLE_NAME, shape=[1, n],
                                                     initializer=recurrent_init)
        self._candidate_bias = self.add_variable("candidate/%s" % _BIAS_VARIABLE_NAME, shape=[n],
                                                 initializer=bias_init(tf.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        gate_inputs = tf.matmul(inputs, self._gate_kernel_w) + tf.tile(state, [1, 2]) * self._gate_kernel_u
        r, u = tf.split(value=tf.sigmoid(tf.nn.bias_add(gate_inputs, self._gate_bias)), num_or_size_splits=2,
                        axis=1)
        candidate = tf.matmul(inputs, self._candidate_kernel_w) + r * state * self._candidate_kernel_u
        c = self._activation(tf.nn.bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class _KerasStyleCell(LayerRNNCell):
    """The cells written keras-style in TF 1.15 (`units`, activation/initializer identifiers)."""

    def __init__(self, units, activation="tanh", kernel_initializer="glorot_uniform", bias_initializer="ones",
                 name=None, dtype=None, **kwargs):
        from ..ops.rnn_cell_impl import _activation
        super().__init__(name=name, dtype=dtype, **kwargs)
        self.input_spec = InputSpec(ndim=2)
        self.units = units
        self.activation = _activation(activation)
        self.kernel_initializer = _tf().keras.initializers.get(kernel_initializer)
        self.bias_initializer = _tf().keras.initializers.get(bias_initializer)

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    @staticmethod
    def _input_size(inputs_shape):
        size = tensor_shape.dimension_value(inputs_shape[-1])
        if size is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % str(inputs_shape))
        return size


@_export("MinimalRNNCell")
class MinimalRNNCell(_KerasStyleCell):
    """MinimalRNN (Chen 2017): `z = act(x W_x)`, `u = sigmoid([z, h] W_u + b)`, `h = u * h + (1 - u) * z`;
    one `kernel` ([input + 2 * units, units]) and `bias`."""

    def build(self, inputs_shape):
        input_size = self._input_size(inputs_shape)
        self.kernel = self.add_weight(name=_WEIGHTS_VARIABLE_NAME, shape=[input_size + 2 * self.units, self.units],
                                      initializer=self.kernel_initializer)
        self.bias = self.add_weight(name=_BIAS_VARIABLE_NAME, shape=[self.units], initializer=self.bias_initializer)
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        input_size = _known_depth(inputs)
        feedforward_weight, gate_weight = tf.split(value=self.kernel, num_or_size_splits=[input_size, 2 * self.units],
                                                   axis=0)
        feedforward = self.activation(tf.matmul(inputs, feedforward_weight))
        u = tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([feedforward, state], 1), gate_weight), self.bias))
        new_h = u * state + (1 - u) * feedforward
        return new_h, new_h


@_export("CFNCell")
class CFNCell(_KerasStyleCell):
    """Chaos-free network (Laurent & von Brecht 2016): `h = theta * act(h) + (1 - eta) * act(x W)` with
    gates theta, eta from `kernel` ([input, 3 * units]), `recurrent_kernel` and `bias`."""

    def build(self, inputs_shape):
        input_size = self._input_size(inputs_shape)
        self.kernel = self.add_weight(shape=[input_size, 3 * self.units], name=_WEIGHTS_VARIABLE_NAME,
                                      initializer=self.kernel_initializer)
        self.recurrent_kernel = self.add_weight(shape=[self.units, 2 * self.units],
                                                name="recurrent_%s" % _WEIGHTS_VARIABLE_NAME,
                                                initializer=self.kernel_initializer)
        self.bias = self.add_weight(shape=[2 * self.units], name=_BIAS_VARIABLE_NAME,
                                    initializer=self.bias_initializer)
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        _known_depth(inputs)
        v, w = tf.split(value=self.kernel, num_or_size_splits=[2 * self.units, self.units], axis=1)
        gates = tf.sigmoid(tf.nn.bias_add(tf.matmul(state, self.recurrent_kernel) + tf.matmul(inputs, v),
                                          self.bias))
        theta, eta = tf.split(value=gates, num_or_size_splits=2, axis=1)
        new_h = theta * self.activation(state) + (1 - eta) * self.activation(tf.matmul(inputs, w))
        return new_h, new_h


@_export("WeightNormLSTMCell")
class WeightNormLSTMCell(_StoredSizes, RNNCell):
    """LSTM with weight-normalized kernels (Salimans & Kingma 2016), in scope `wn_lstm_cell`: each
    argument's block of `kernel` is l2-normalized per column and scaled by `norm_<i>`."""

    def __init__(self, num_units, norm=True, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, forget_bias=1, activation=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._scope = "wn_lstm_cell"
        self._num_units = num_units
        self._norm = norm
        self._initializer = initializer
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._activation = activation or _tf().tanh
        self._forget_bias = forget_bias
        out = num_proj if num_proj else num_units
        self._state_size = LSTMStateTuple(num_units, out)
        self._output_size = out

    def _linear(self, args, output_size, norm, bias):
        tf = _tf()
        if not nest.is_sequence(args):
            args = [args]
        widths = []
        for shape in [a.get_shape() for a in args]:
            if shape.ndims != 2:
                raise ValueError("linear is expecting 2D arguments: %s" % [a.get_shape() for a in args])
            d = tensor_shape.dimension_value(shape[1])
            if d is None:
                raise ValueError("linear expects shape[1] to be provided for shape %s, but saw %s"
                                 % (shape, shape[1]))
            widths.append(d)
        dtype = args[0].dtype
        weights = vs.get_variable(_WEIGHTS_VARIABLE_NAME, [sum(widths), output_size], dtype=dtype)
        if norm:
            # The normalized weights do not depend on the step: TF builds them outside the loop.
            with tf.control_dependencies(None):
                blocks, start = [], 0
                for i, width in enumerate(widths):
                    g = vs.get_variable("norm_{}".format(i), [output_size], dtype=dtype)
                    blocks.append(tf.nn.l2_normalize(weights[start:start + width, :], axis=0) * g)
                    start += width
                weights = tf.concat(blocks, axis=0)
        res = tf.matmul(args[0] if len(args) == 1 else tf.concat(args, 1), weights)
        if not bias:
            return res
        with vs.variable_scope(vs.get_variable_scope()) as inner_scope:
            inner_scope.set_partitioner(None)
            biases = vs.get_variable(_BIAS_VARIABLE_NAME, [output_size], dtype=dtype,
                                     initializer=tf.constant_initializer(0.0, dtype=dtype))
        return tf.nn.bias_add(res, biases)

    def call(self, inputs, state):
        tf = _tf()
        sigmoid = tf.sigmoid
        dtype = inputs.dtype
        n = self._num_units
        c, h = state
        _known_depth(inputs)
        with vs.variable_scope(self._scope, initializer=self._initializer):
            i, j, f, o = tf.split(value=self._linear([inputs, h], 4 * n, norm=self._norm, bias=True),
                                  num_or_size_splits=4, axis=1)
            if self._use_peepholes:
                w_f_diag = vs.get_variable("w_f_diag", shape=[n], dtype=dtype)
                w_i_diag = vs.get_variable("w_i_diag", shape=[n], dtype=dtype)
                w_o_diag = vs.get_variable("w_o_diag", shape=[n], dtype=dtype)
                new_c = (c * sigmoid(f + self._forget_bias + w_f_diag * c)
                         + sigmoid(i + w_i_diag * c) * self._activation(j))
            else:
                new_c = c * sigmoid(f + self._forget_bias) + sigmoid(i) * self._activation(j)
            if self._cell_clip is not None:
                new_c = tf.clip_by_value(new_c, -self._cell_clip, self._cell_clip)
            if self._use_peepholes:
                new_h = sigmoid(o + w_o_diag * new_c) * self._activation(new_c)
            else:
                new_h = sigmoid(o) * self._activation(new_c)
            if self._num_proj is not None:
                with vs.variable_scope("projection"):
                    new_h = self._linear(new_h, self._num_proj, norm=self._norm, bias=False)
                if self._proj_clip is not None:
                    new_h = tf.clip_by_value(new_h, -self._proj_clip, self._proj_clip)
            return new_h, LSTMStateTuple(new_c, new_h)
