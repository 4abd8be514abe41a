"""`tf.nn.rnn_cell`: TF 1.15's RNN cells, built on `tf.layers.Layer` so their weights get TF's names.

A cell is a layer called as `cell(inputs, state) -> (output, new_state)`. `LayerRNNCell`s
(BasicRNNCell, BasicLSTMCell, LSTMCell, GRUCell) create their weights in `build` inside their own
variable scope (`rnn/basic_lstm_cell/kernel`); `MultiRNNCell` nests its cells under `cell_<i>`;
wrappers (Dropout, Residual, Device) call the wrapped cell in the caller's scope, so wrapping never
renames weights. The cells' math is written with public ops, exactly as TF writes it, so the same
op sequence runs here (inside `dynamic_rnn`'s scan, or unrolled by `static_rnn`).
"""
import collections
import hashlib
import numbers

from ..api import export, public as _tf
from ..framework import dtypes, tensor_shape
from ..framework.graph import Tensor, device as _device, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value
from ..layers_impl.base import InputSpec, Layer, warn_deprecated_call
from . import _subgraph as nest
from . import variable_scope as vs

_WEIGHTS_VARIABLE_NAME = "kernel"
_BIAS_VARIABLE_NAME = "bias"


def _warn_deprecated_cell(cls_name, keras_name):
    """TF 1.15's `@deprecated` on the cell classes' `__init__`, naming the line that built the cell."""
    warn_deprecated_call(cls_name + ".__init__", "tensorflow.python.ops.rnn_cell_impl",
                         "This class is equivalent as tf.keras.layers.%s, and will be replaced by "
                         "that in Tensorflow 2.0." % keras_name, depth=3)


def _export_cell(name, *extra):
    return export("nn.rnn_cell." + name, "contrib.rnn." + name,
                  "contrib.rnn.python.ops.core_rnn_cell_impl." + name, *extra)


# ----------------------------------------------------------------------------------- state tuple

_LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ("c", "h"))


@_export_cell("LSTMStateTuple", "nn.rnn_cell.LSTMStateTuple")
class LSTMStateTuple(_LSTMStateTuple):
    """Tuple used by LSTM cells for `state_size`, `zero_state` and output state: `(c, h)`."""
    __slots__ = ()

    @property
    def dtype(self):
        (c, h) = self
        if c.dtype != h.dtype:
            raise TypeError("Inconsistent internal state: %s vs %s" % (str(c.dtype), str(h.dtype)))
        return c.dtype


def _hasattr(obj, attr_name):
    try:
        getattr(obj, attr_name)
    except AttributeError:
        return False
    return True


def assert_like_rnncell(cell_name, cell):
    conditions = [_hasattr(cell, "output_size"), _hasattr(cell, "state_size"),
                  _hasattr(cell, "get_initial_state") or _hasattr(cell, "zero_state"), callable(cell)]
    errors = ["'output_size' property is missing", "'state_size' property is missing",
              "either 'zero_state' or 'get_initial_state' method is required", "is not callable"]
    if not all(conditions):
        errors = [e for e, c in zip(errors, conditions) if not c]
        raise TypeError("The argument {!r} ({}) is not an RNNCell: {}.".format(cell_name, cell, ", ".join(errors)))


def _check_supported_dtypes(dtype):
    if dtype is None:
        return
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_complex):
        raise ValueError("RNN cell only supports floating point inputs, but saw dtype: %s" % dtype)


def _concat(prefix, suffix, static=False):
    """`prefix + suffix` as a shape: a 1-D int32 tensor, or (static=True) a list with Nones."""
    tf = _tf()

    def part(x, what):
        if isinstance(x, Tensor):
            v = constant_value(x)
            static_v = None if v is None else [int(e) for e in (v.reshape(-1) if hasattr(v, "reshape") else [v])]
            if x.get_shape().ndims == 0:
                x = tf.expand_dims(x, 0)
            elif x.get_shape().ndims != 1:
                raise ValueError("%s tensor must be either a scalar or vector, but saw tensor: %s" % (what, x))
            return x, static_v
        s = tensor_shape.as_shape(x)
        static_v = s.as_list() if s.ndims is not None else None
        t = tf.constant(s.as_list(), dtype=dtypes.int32) if s.is_fully_defined() and not static else None
        return t, static_v

    p, p_static = part(prefix, "prefix")
    s, s_static = part(suffix, "suffix")
    if static:
        shape = tensor_shape.as_shape(p_static).concatenate(s_static)
        return shape.as_list() if shape.ndims is not None else None
    if p is None or s is None:
        raise ValueError("Provided a prefix or suffix of None: %s and %s" % (prefix, suffix))
    return tf.concat((p, s), 0)


def _zero_state_tensors(state_size, batch_size, dtype):
    tf = _tf()

    def get_state_shape(s):
        c = _concat(batch_size, s)
        size = tf.zeros(c, dtype=dtype)
        c_static = _concat(batch_size, s, static=True)
        size.set_shape(c_static)
        return size

    return nest.map_structure(get_state_shape, state_size)


# ------------------------------------------------------------------------------------ base cells

@_export_cell("RNNCell")
class RNNCell(Layer):
    """Abstract cell: `state_size`, `output_size`, `zero_state`, `__call__(inputs, state, scope)`."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._is_tf_rnn_cell = True

    def __call__(self, inputs, state, scope=None):
        if scope is not None:
            with vs.variable_scope(scope) as scope:
                return super().__call__(inputs, state, scope=scope)
        # TF re-enters the variable scope current at the first call on every later call.
        saved = getattr(self, "_rnncell_scope", None)
        if saved is None:
            saved = vs.get_variable_scope()
            self._rnncell_scope = saved
        with vs.variable_scope(saved):
            return super().__call__(inputs, state)

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def build(self, _):
        self.built = True

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = convert_to_tensor(inputs, name="inputs")
            if batch_size is not None:
                static_batch_size = constant_value(batch_size) if isinstance(batch_size, Tensor) else batch_size
                if inputs.get_shape()[0].value != static_batch_size:
                    raise ValueError("batch size from input tensor is different from the input param. "
                                     "Input tensor batch: {}, batch_size: {}".format(
                                         inputs.get_shape()[0].value, batch_size))
            if dtype is not None and inputs.dtype != dtype:
                raise ValueError("dtype from input tensor is different from the input param. Input "
                                 "tensor dtype: {}, dtype: {}".format(inputs.dtype, dtype))
            batch_size = inputs.get_shape()[0].value or _tf().shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial state: "
                             "batch_size={}, dtype={}".format(batch_size, dtype))
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        with self._zero_state_scope(batch_size):
            return _zero_state_tensors(self.state_size, batch_size, dtype)

    def _zero_state_scope(self, batch_size):
        """The name scope every cell's `zero_state` builds in (`<ClassName>ZeroState`)."""
        return name_scope(type(self).__name__ + "ZeroState", values=[batch_size])


@export("contrib.rnn.LayerRNNCell")
class LayerRNNCell(RNNCell):
    """A cell whose weights are made in `build` (TF bypasses RNNCell's scope re-entry for them)."""

    def __call__(self, inputs, state, scope=None, *args, **kwargs):
        return Layer.__call__(self, inputs, state, scope=scope, *args, **kwargs)


class _UnitsCell(LayerRNNCell):
    """The built-in cells' common part: float dtype, rank-2 inputs, `num_units` wide state and output."""

    def __init__(self, num_units, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtypes(self.dtype)
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def _input_depth(self, inputs_shape):
        """The inputs' last dimension (it must be known), checking the dtype again as TF's `build` does."""
        input_depth = _depth(inputs_shape, self.name)
        _check_supported_dtypes(self.dtype)
        return input_depth


def _warn_concatenated_state(cell, state_is_tuple):
    if not state_is_tuple:
        _warn("%s: Using a concatenated state is slower and will soon be deprecated.  Use "
              "state_is_tuple=True.", cell)


def _depth(inputs_shape, name):
    d = tensor_shape.dimension_value(inputs_shape[-1])
    if d is None:
        raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % str(inputs_shape))
    return d


def _activation(activation):
    if activation is None:
        return _tf().tanh
    if isinstance(activation, str):
        return getattr(_tf().nn, activation, None) or getattr(_tf(), activation)
    return activation


@_export_cell("BasicRNNCell")
class BasicRNNCell(_UnitsCell):
    """`output = new_state = act(W * [input, state] + b)`."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        _warn_deprecated_cell("BasicRNNCell", "SimpleRNNCell")
        super().__init__(num_units, reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._activation = _activation(activation)

    def build(self, inputs_shape):
        input_depth = self._input_depth(inputs_shape)
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME, shape=[input_depth + self._num_units,
                                                                        self._num_units])
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[self._num_units],
                                       initializer=_tf().zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        gate_inputs = tf.matmul(tf.concat([inputs, state], 1), self._kernel)
        gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
        output = self._activation(gate_inputs)
        return output, output


@_export_cell("GRUCell")
class GRUCell(_UnitsCell):
    """Gated Recurrent Unit cell (Cho et al. 2014)."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None, **kwargs):
        _warn_deprecated_cell("GRUCell", "GRUCell")
        super().__init__(num_units, reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._activation = _activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape):
        tf = _tf()
        input_depth = self._input_depth(inputs_shape)
        self._gate_kernel = self.add_variable(
            "gates/%s" % _WEIGHTS_VARIABLE_NAME, shape=[input_depth + self._num_units, 2 * self._num_units],
            initializer=self._kernel_initializer)
        self._gate_bias = self.add_variable(
            "gates/%s" % _BIAS_VARIABLE_NAME, shape=[2 * self._num_units],
            initializer=(self._bias_initializer if self._bias_initializer is not None
                         else tf.constant_initializer(1.0, dtype=self.dtype)))
        self._candidate_kernel = self.add_variable(
            "candidate/%s" % _WEIGHTS_VARIABLE_NAME, shape=[input_depth + self._num_units, self._num_units],
            initializer=self._kernel_initializer)
        self._candidate_bias = self.add_variable(
            "candidate/%s" % _BIAS_VARIABLE_NAME, shape=[self._num_units],
            initializer=(self._bias_initializer if self._bias_initializer is not None
                         else tf.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        gate_inputs = tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel)
        gate_inputs = tf.nn.bias_add(gate_inputs, self._gate_bias)
        value = tf.sigmoid(gate_inputs)
        r, u = tf.split(value=value, num_or_size_splits=2, axis=1)
        r_state = r * state
        candidate = tf.matmul(tf.concat([inputs, r_state], 1), self._candidate_kernel)
        candidate = tf.nn.bias_add(candidate, self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


@_export_cell("BasicLSTMCell")
class BasicLSTMCell(_UnitsCell):
    """The basic LSTM cell (no peepholes, no projection); `forget_bias` is added to the forget gate."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None,
                 name=None, dtype=None, **kwargs):
        _warn_deprecated_cell("BasicLSTMCell", "LSTMCell")
        super().__init__(num_units, reuse=reuse, name=name, dtype=dtype, **kwargs)
        _warn_concatenated_state(self, state_is_tuple)
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        return (LSTMStateTuple(self._num_units, self._num_units) if self._state_is_tuple
                else 2 * self._num_units)

    def build(self, inputs_shape):
        input_depth = self._input_depth(inputs_shape)
        h_depth = self._num_units
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME,
                                         shape=[input_depth + h_depth, 4 * self._num_units])
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[4 * self._num_units],
                                       initializer=_tf().zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        sigmoid = tf.sigmoid
        one = tf.constant(1, dtype=dtypes.int32)
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = tf.split(value=state, num_or_size_splits=2, axis=one)
        gate_inputs = tf.matmul(tf.concat([inputs, h], 1), self._kernel)
        gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
        # i = input_gate, j = new_input, f = forget_gate, o = output_gate
        i, j, f, o = tf.split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias_tensor = tf.constant(self._forget_bias, dtype=f.dtype)
        add, multiply = tf.add, tf.multiply
        new_c = add(multiply(c, sigmoid(add(f, forget_bias_tensor))), multiply(sigmoid(i), self._activation(j)))
        new_h = multiply(self._activation(new_c), sigmoid(o))
        if self._state_is_tuple:
            new_state = LSTMStateTuple(new_c, new_h)
        else:
            new_state = tf.concat([new_c, new_h], 1)
        return new_h, new_state


class _StoredSizes:
    """A cell whose `state_size` / `output_size` its `__init__` computes once (`self._state_size`,
    `self._output_size`)."""

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size


@_export_cell("LSTMCell")
class LSTMCell(_StoredSizes, _UnitsCell):
    """LSTM with optional peepholes (`use_peepholes`), cell clipping and a projection (`num_proj`)."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0,
                 state_is_tuple=True, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        _warn_deprecated_cell("LSTMCell", "LSTMCell")
        super().__init__(num_units, reuse=reuse, name=name, dtype=dtype, **kwargs)
        _warn_concatenated_state(self, state_is_tuple)
        if num_unit_shards is not None or num_proj_shards is not None:
            _warn("%s: The num_unit_shards and proj_unit_shards parameters are deprecated and will be "
                  "removed in Jan 2017.  Use a variable scope with a partitioner instead.", self)
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)
        if num_proj:
            self._state_size = (LSTMStateTuple(num_units, num_proj) if state_is_tuple else num_units + num_proj)
            self._output_size = num_proj
        else:
            self._state_size = (LSTMStateTuple(num_units, num_units) if state_is_tuple else 2 * num_units)
            self._output_size = num_units

    def build(self, inputs_shape):
        tf = _tf()
        input_depth = self._input_depth(inputs_shape)
        h_depth = self._num_units if self._num_proj is None else self._num_proj
        part = (vs.fixed_size_partitioner(self._num_unit_shards) if self._num_unit_shards is not None else None)
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME, shape=[input_depth + h_depth, 4 * self._num_units],
                                         initializer=self._initializer, partitioner=part)
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[4 * self._num_units],
                                       initializer=tf.zeros_initializer(dtype=self.dtype))
        if self._use_peepholes:
            self._w_f_diag = self.add_variable("w_f_diag", shape=[self._num_units], initializer=self._initializer)
            self._w_i_diag = self.add_variable("w_i_diag", shape=[self._num_units], initializer=self._initializer)
            self._w_o_diag = self.add_variable("w_o_diag", shape=[self._num_units], initializer=self._initializer)
        if self._num_proj is not None:
            ppart = (vs.fixed_size_partitioner(self._num_proj_shards) if self._num_proj_shards is not None
                     else None)
            self._proj_kernel = self.add_variable("projection/%s" % _WEIGHTS_VARIABLE_NAME,
                                                  shape=[self._num_units, self._num_proj],
                                                  initializer=self._initializer, partitioner=ppart)
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        sigmoid = tf.sigmoid
        if self._state_is_tuple:
            (c_prev, m_prev) = state
        else:
            c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
            m_prev = tf.slice(state, [0, self._num_units], [-1, num_proj])
        input_size = inputs.get_shape().with_rank(2)[1].value
        if input_size is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        kernel = _whole(self._kernel)
        lstm_matrix = tf.matmul(tf.concat([inputs, m_prev], 1), kernel)
        lstm_matrix = tf.nn.bias_add(lstm_matrix, self._bias)
        i, j, f, o = tf.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev +
                 sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, _whole(self._proj_kernel))
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


def _whole(weight):
    """A (sharded) weight as one tensor: the shards of a PartitionedVariable concatenated."""
    if isinstance(weight, vs.PartitionedVariable):
        return _tf().concat(list(weight), 0)
    return weight


def _warn(msg, *args):
    from ..platform import tf_logging
    tf_logging.warning(msg, *args)


# ------------------------------------------------------------------------------- composite cells

def _child_weights(cells, attr):
    out = []
    for c in cells:
        for w in getattr(c, attr, []):
            if all(w is not v for v in out):
                out.append(w)
    return out


class _CompositeCell(RNNCell):
    """A cell made of `_child_cells()`: its weights are theirs (each listed once)."""

    @property
    def trainable_weights(self):
        return _child_weights(self._child_cells(), "trainable_weights") if self.trainable else []

    @property
    def non_trainable_weights(self):
        return _child_weights(self._child_cells(), "non_trainable_weights")

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights


@_export_cell("MultiRNNCell")
class MultiRNNCell(_CompositeCell):
    """Cells stacked in layers: cell i reads cell i-1's output; its weights live in `cell_<i>/`."""

    def __init__(self, cells, state_is_tuple=True):
        _warn_deprecated_cell("MultiRNNCell", "StackedRNNCells")
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_sequence(cells):
            raise TypeError("cells must be a list or tuple, but saw: %s." % (cells,))
        if len(set(id(cell) for cell in cells)) < len(cells):
            _warn("At least two cells provided to MultiRNNCell are the same object and will share weights.")
        self._cells = cells
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple:
            if any(nest.is_sequence(c.state_size) for c in self._cells):
                raise ValueError("Some cells return tuples of states, but the flag state_is_tuple is not "
                                 "set.  State sizes are: %s" % str([c.state_size for c in self._cells]))

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def _child_cells(self):
        return self._cells

    def zero_state(self, batch_size, dtype):
        with self._zero_state_scope(batch_size):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return super().zero_state(batch_size, dtype)

    def call(self, inputs, state):
        tf = _tf()
        cur_state_pos = 0
        cur_inp = inputs
        new_states = []
        for i, cell in enumerate(self._cells):
            with vs.variable_scope("cell_%d" % i):
                if self._state_is_tuple:
                    if not nest.is_sequence(state):
                        raise ValueError("Expected state to be a tuple of length %d, but received: %s"
                                         % (len(self.state_size), state))
                    cur_state = state[i]
                else:
                    cur_state = tf.slice(state, [0, cur_state_pos], [-1, cell.state_size])
                    cur_state_pos += cell.state_size
                cur_inp, new_state = cell(cur_inp, cur_state)
                new_states.append(new_state)
        new_states = tuple(new_states) if self._state_is_tuple else tf.concat(new_states, 1)
        return cur_inp, new_states


class _DelegatingCell(RNNCell):
    """A cell around another, `self._cell`, whose sizes and zero state it has."""

    def __init__(self, cell, **kwargs):
        super().__init__(**kwargs)
        assert_like_rnncell("cell", cell)
        self._cell = cell

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def zero_state(self, batch_size, dtype):
        with self._zero_state_scope(batch_size):
            return self._cell.zero_state(batch_size, dtype)


class _WrapperCell(_DelegatingCell, _CompositeCell):
    """A cell around another: its call runs in the caller's scope (weights keep the inner names)."""

    @property
    def wrapped_cell(self):
        return self._cell

    cell = property(lambda self: self._cell)

    def _child_cells(self):
        return [self._cell]

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped_cell(inputs, state, cell_call_fn=self._cell.__call__, scope=scope)


def _default_dropout_state_filter_visitor(substate):
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    if isinstance(substate, Tensor) and hasattr(substate, "_tf1_is_tensor_array"):
        return False
    return True


def _items(structure):
    return [structure[k] for k in sorted(structure)] if isinstance(structure, dict) else list(structure)


def _like(structure, items):
    if isinstance(structure, dict):
        return type(structure)(zip(sorted(structure), items))
    return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)


def _shallow_filter(visitor, structure):
    """TF's `nest.get_traverse_shallow_structure`: the visitor says, per sub-structure, True (go on
    into it), False (leave it alone) or a structure of such flags for its children."""
    r = visitor(structure)
    if not nest.is_sequence(structure):
        if not isinstance(r, bool):
            raise TypeError("traverse_fn returned structure: %s for non-structure: %s" % (r, structure))
        return r
    if isinstance(r, bool):
        if not r:
            return False
        return _like(structure, [_shallow_filter(visitor, b) for b in _items(structure)])
    if not nest.is_sequence(r):
        raise TypeError("traverse_fn returned a non-bool scalar: %s for input: %s" % (r, structure))
    out = []
    for t, branch in zip(_items(r), _items(structure)):
        if not isinstance(t, bool):
            raise TypeError("traverse_fn didn't return a depth=1 structure of bools.  saw: %s  for "
                            "structure: %s" % (r, structure))
        out.append(_shallow_filter(visitor, branch) if t else False)
    return _like(structure, out)


def _enumerated_map_structure_up_to(shallow, fn, values):
    """fn(index, flag, value) for each leaf `flag` of `shallow` (indices count those leaves); a leaf
    at a sequence position of `values` gets that whole sub-structure."""
    counter = [0]

    def walk(s, v):
        if nest.is_sequence(s):
            return _like(v, [walk(a, b) for a, b in zip(_items(s), _items(v))])
        i = counter[0]
        counter[0] += 1
        return fn(i, s, v)

    return walk(shallow, values)


@_export_cell("DropoutWrapper")
class DropoutWrapper(_WrapperCell):
    """Dropout on the inputs, outputs and (LSTM's `h`) states of a cell; keep probabilities may be
    Python floats or tensors."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None):
        super().__init__(cell)
        if dropout_state_filter_visitor is not None and not callable(dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable")
        self._dropout_state_filter = dropout_state_filter_visitor or _default_dropout_state_filter_visitor
        tf = _tf()
        with name_scope("DropoutWrapperInit"):
            for prob, attr in [(input_keep_prob, "input_keep_prob"), (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")]:
                tensor_prob = convert_to_tensor(prob)
                const_prob = constant_value(tensor_prob)
                if const_prob is not None:
                    if const_prob < 0 or const_prob > 1:
                        raise ValueError("Parameter %s must be between 0 and 1: %d" % (attr, const_prob))
                    setattr(self, "_%s" % attr, float(const_prob))
                else:
                    setattr(self, "_%s" % attr, tensor_prob)
        self._variational_recurrent = variational_recurrent
        self._seed = seed
        self._recurrent_input_noise = None
        self._recurrent_state_noise = None
        self._recurrent_output_noise = None
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")

            def batch_noise(s, inner_seed):
                shape = tf.concat(([1], tensor_shape.TensorShape(s).as_list()), 0)
                return tf.random_uniform(shape, seed=inner_seed, dtype=dtype)

            def noise_for(sizes, salt):
                flat = nest.flatten(sizes) if nest.is_sequence(sizes) else [sizes]
                noises = [batch_noise(s, self._gen_seed(salt, i)) for i, s in enumerate(flat)]
                return nest.pack_sequence_as(sizes, noises) if nest.is_sequence(sizes) else noises[0]

            if not isinstance(self._input_keep_prob, numbers.Real) or self._input_keep_prob < 1.0:
                if input_size is None:
                    raise ValueError("When variational_recurrent=True and input_keep_prob < 1.0 or is "
                                     "unknown, input_size must be provided")
                self._recurrent_input_noise = noise_for(input_size, "input")
            self._recurrent_state_noise = noise_for(cell.state_size, "state")
            self._recurrent_output_noise = noise_for(cell.output_size, "output")

    def _gen_seed(self, salt_prefix, index):
        if self._seed is None:
            return None
        salt = "%s_%d" % (salt_prefix, index)
        string = (str(self._seed) + salt).encode("utf-8")
        return int(hashlib.md5(string).hexdigest()[:8], 16) & 0x7FFFFFFF

    def _variational_recurrent_dropout_value(self, index, value, noise, keep_prob):
        tf = _tf()
        random_tensor = keep_prob + noise
        binary_tensor = tf.floor(random_tensor)
        ret = tf.div(value, keep_prob) * binary_tensor
        ret.set_shape(value.get_shape())
        return ret

    def _dropout(self, values, salt_prefix, recurrent_noise, keep_prob, shallow_filtered_substructure=None):
        tf = _tf()
        if shallow_filtered_substructure is None:
            shallow_filtered_substructure = nest.map_structure(lambda _: True, values) \
                if nest.is_sequence(values) else True
        if not self._variational_recurrent:
            def dropout(i, do_dropout, v):
                if not isinstance(do_dropout, bool) or do_dropout:
                    return tf.nn.dropout(v, keep_prob=keep_prob, seed=self._gen_seed(salt_prefix, i))
                return v
        else:
            flat_noise = nest.flatten(recurrent_noise) if nest.is_sequence(recurrent_noise) else [recurrent_noise]

            def dropout(i, do_dropout, v):
                if not isinstance(do_dropout, bool) or do_dropout:
                    return self._variational_recurrent_dropout_value(i, v, flat_noise[i], keep_prob)
                return v
        return _enumerated_map_structure_up_to(shallow_filtered_substructure, dropout, values)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        def _should_dropout(p):
            return (not isinstance(p, float)) or p < 1

        if _should_dropout(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._recurrent_input_noise, self._input_keep_prob)
        output, new_state = cell_call_fn(inputs, state, **kwargs)
        if _should_dropout(self._state_keep_prob):
            shallow = _shallow_filter(self._dropout_state_filter, new_state)
            new_state = self._dropout(new_state, "state", self._recurrent_state_noise, self._state_keep_prob,
                                      shallow)
        if _should_dropout(self._output_keep_prob):
            output = self._dropout(output, "output", self._recurrent_output_noise, self._output_keep_prob)
        return output, new_state


@_export_cell("ResidualWrapper")
class ResidualWrapper(_WrapperCell):
    """Adds the cell's input to its output (`residual_fn(inputs, outputs)`)."""

    def __init__(self, cell, residual_fn=None):
        super().__init__(cell)
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        outputs, new_state = cell_call_fn(inputs, state, **kwargs)

        def default_residual_fn(inputs, outputs):
            nest.assert_same_structure(inputs, outputs)
            return nest.pack_sequence_as(outputs, [i + o for i, o in zip(nest.flatten(inputs),
                                                                          nest.flatten(outputs))])

        res_outputs = (self._residual_fn or default_residual_fn)(inputs, outputs)
        return res_outputs, new_state


@_export_cell("DeviceWrapper")
class DeviceWrapper(_WrapperCell):
    """Runs the cell on `device`."""

    def __init__(self, cell, device):
        super().__init__(cell)
        self._device_name = device

    def zero_state(self, batch_size, dtype):
        with self._zero_state_scope(batch_size):
            with _device(self._device_name):
                return self._cell.zero_state(batch_size, dtype)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        with _device(self._device_name):
            return cell_call_fn(inputs, state, **kwargs)

