"""`tf.contrib.seq2seq` attention: BahdanauAttention, LuongAttention, AttentionWrapper(State), hardmax.

An attention mechanism keeps the (masked) encoder `memory` as `values` and its projection through
`memory_layer` (a bias-free Dense made when the mechanism is built, so `memory_layer/kernel` lives in
the scope the mechanism is created in) as `keys`. Called with a query it scores every memory step
(additive for Bahdanau, dot-product for Luong), masks steps past `memory_sequence_length` with -inf
and turns the scores into alignments. AttentionWrapper runs its cell on [inputs, previous attention],
attends with the cell output and emits the attention (optionally through `attention_layer`).

Variable names are TF 1.15's: `<scope>/attention_wrapper/<cell>/...`,
`.../attention_wrapper/bahdanau_attention/{query_layer/kernel,attention_v}`,
`.../attention_wrapper/luong_attention/attention_g`, `.../attention_wrapper/attention_layer/kernel`.

Not done: TF's run-time checks (`assert_positive` on memory_sequence_length, `assert_equal` of batch
sizes) -- they would be host ops inside every decoding step; the monotonic mechanisms.
"""
import collections
import math

import numpy as np

from ...api import export
from ...framework import dtypes, tensor_shape
from ...framework.graph import Tensor, name_scope
from ...framework.tensor_conversion import convert_to_tensor
from ...ops import _subgraph as nest
from ...ops import variable_scope as vs
from ...ops.rnn_cell_impl import RNNCell, _tf, _zero_state_tensors, assert_like_rnncell
from ...ops.tensor_array_ops import TensorArray


def _export(name):
    return export("contrib.seq2seq." + name, "contrib.seq2seq.python.ops.attention_wrapper." + name)


def _is_layer(x):
    from ...layers_impl.base import Layer
    return isinstance(x, Layer)


def _dense(units, name, dtype):
    return _tf().layers.Dense(units, name=name, use_bias=False, dtype=dtype)


@_export("AttentionMechanism")
class AttentionMechanism:
    @property
    def alignments_size(self):
        raise NotImplementedError

    @property
    def state_size(self):
        raise NotImplementedError


def _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined):
    """The memory with rows past each sequence's length zeroed."""
    tf = _tf()
    memory = nest.map_structure(lambda m: convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is not None:
        memory_sequence_length = convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    if check_inner_dims_defined:
        for m in nest.flatten(memory):
            if not m.get_shape()[2:].is_fully_defined():
                raise ValueError("Expected memory %s to have fully defined inner dims, but saw shape: %s"
                                 % (m.name, m.get_shape()))
    if memory_sequence_length is None:
        return memory
    first = nest.flatten(memory)[0]
    seq_len_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(first)[1], dtype=first.dtype)

    def maybe_mask(m):
        rank = m.get_shape().ndims
        rank = rank if rank is not None else tf.rank(m)
        extra_ones = tf.ones(rank - 2, dtype=dtypes.int32)
        mask = tf.reshape(seq_len_mask, tf.concat((tf.shape(seq_len_mask), extra_ones), 0))
        return m * mask

    return nest.map_structure(maybe_mask, memory)


def _maybe_mask_score(score, memory_sequence_length, score_mask_value):
    if memory_sequence_length is None:
        return score
    tf = _tf()
    memory_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(score)[1])
    score_mask_values = score_mask_value * tf.ones_like(score)
    return tf.where(memory_mask, score, score_mask_values)


class _BaseAttentionMechanism(AttentionMechanism):
    """Stores the query/memory layers, the masked memory (`values`) and its projection (`keys`)."""

    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length=None, memory_layer=None,
                 check_inner_dims_defined=True, score_mask_value=None, custom_key_value_fn=None, name=None):
        tf = _tf()
        if query_layer is not None and not _is_layer(query_layer):
            raise TypeError("query_layer is not a Layer: %s" % type(query_layer).__name__)
        if memory_layer is not None and not _is_layer(memory_layer):
            raise TypeError("memory_layer is not a Layer: %s" % type(memory_layer).__name__)
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        self.dtype = dtypes.as_dtype(memory_layer.dtype)
        if not callable(probability_fn):
            raise TypeError("probability_fn must be callable, saw type: %s" % type(probability_fn).__name__)
        if score_mask_value is None:
            score_mask_value = self.dtype.as_numpy_dtype(-np.inf)
        if memory_sequence_length is not None:
            memory_sequence_length = convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
        self._probability_fn = lambda score, prev: probability_fn(
            _maybe_mask_score(score, memory_sequence_length, score_mask_value), prev)
        with name_scope(name, "BaseAttentionMechanismInit", nest.flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined)
            self._keys = self.memory_layer(self._values) if self.memory_layer else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = tensor_shape.dimension_value(self._keys.get_shape()[0]) or \
                tf.shape(self._keys)[0]
            self._alignments_size = tensor_shape.dimension_value(self._keys.get_shape()[1]) or \
                tf.shape(self._keys)[1]

    @property
    def memory_layer(self):
        return self._memory_layer

    @property
    def query_layer(self):
        return self._query_layer

    @property
    def values(self):
        return self._values

    @property
    def keys(self):
        return self._keys

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def alignments_size(self):
        return self._alignments_size

    @property
    def state_size(self):
        return self._alignments_size

    def initial_alignments(self, batch_size, dtype):
        return _zero_state_tensors(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size, dtype):
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query, keys, scale):
    tf = _tf()
    depth = query.get_shape()[-1]
    key_units = keys.get_shape()[-1]
    if depth != key_units:
        raise ValueError("Incompatible or unknown inner dimensions between query and keys.  Query (%s) has "
                         "units: %s.  Keys (%s) have units: %s.  Perhaps you need to set num_units to the "
                         "keys' dimension (%s)?" % (query, depth, keys, key_units, key_units))
    query = tf.expand_dims(query, 1)
    score = tf.matmul(query, keys, transpose_b=True)
    score = tf.squeeze(score, [1])
    if scale is not None:
        score = scale * score
    return score


@_export("LuongAttention")
class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: score = query . keys (times a learned scalar `attention_g` if
    `scale`); the query must have `num_units` units."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="LuongAttention"):
        tf = _tf()
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or dtypes.float32
        super().__init__(query_layer=None, memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=lambda score, _: probability_fn(score),
                         memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
                         custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units = num_units
        self._scale = scale
        self._name = name

    def __call__(self, query, state):
        tf = _tf()
        with vs.variable_scope(None, "luong_attention", [query]):
            attention_g = None
            if self._scale:
                attention_g = vs.get_variable("attention_g", dtype=query.dtype,
                                              initializer=tf.ones_initializer, shape=())
            score = _luong_score(query, self._keys, attention_g)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _bahdanau_score(processed_query, keys, attention_v, attention_g=None, attention_b=None):
    tf = _tf()
    processed_query = tf.expand_dims(processed_query, 1)
    if attention_g is not None and attention_b is not None:
        normed_v = attention_g * attention_v * tf.rsqrt(tf.reduce_sum(tf.square(attention_v)))
        return tf.reduce_sum(normed_v * tf.tanh(keys + processed_query + attention_b), [2])
    return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])


@_export("BahdanauAttention")
class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: score = v . tanh(keys + query_layer(query)) (weight-normalised v plus a
    bias when `normalize`)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="BahdanauAttention"):
        tf = _tf()
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or dtypes.float32
        super().__init__(query_layer=_dense(num_units, "query_layer", dtype),
                         memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=lambda score, _: probability_fn(score),
                         custom_key_value_fn=custom_key_value_fn, memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name

    def __call__(self, query, state):
        tf = _tf()
        with vs.variable_scope(None, "bahdanau_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            attention_v = vs.get_variable("attention_v", [self._num_units], dtype=query.dtype)
            attention_g = attention_b = None
            if self._normalize:
                attention_g = vs.get_variable(
                    "attention_g", dtype=query.dtype,
                    initializer=tf.constant_initializer(math.sqrt(1. / self._num_units)), shape=())
                attention_b = vs.get_variable("attention_b", [self._num_units], dtype=query.dtype,
                                              initializer=tf.zeros_initializer())
            score = _bahdanau_score(processed_query, self._keys, attention_v, attention_g, attention_b)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


@_export("AttentionWrapperState")
class AttentionWrapperState(collections.namedtuple(
        "AttentionWrapperState",
        ("cell_state", "attention", "time", "alignments", "alignment_history", "attention_state"))):
    """The state of an AttentionWrapper; `clone(**kwargs)` replaces fields keeping static shapes."""

    def clone(self, **kwargs):
        def with_same_shape(old, new):
            if isinstance(old, Tensor) and isinstance(new, Tensor):
                new.set_shape(old.get_shape())
            return new

        new = super()._replace(**kwargs)
        flat_old, flat_new = nest.flatten(self), nest.flatten(new)
        if len(flat_old) != len(flat_new):
            nest.assert_same_structure(self, new)
        return nest.pack_sequence_as(self, [with_same_shape(o, n) for o, n in zip(flat_old, flat_new)])


@_export("hardmax")
def hardmax(logits, name=None):
    """One-hot of the argmax along the last axis."""
    tf = _tf()
    with name_scope(name, "Hardmax", [logits]):
        logits = convert_to_tensor(logits, name="logits")
        depth = tensor_shape.dimension_value(logits.get_shape()[-1])
        if depth is None:
            depth = tf.shape(logits)[-1]
        return tf.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)


def _compute_attention(attention_mechanism, cell_output, attention_state, attention_layer):
    tf = _tf()
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    expanded_alignments = tf.expand_dims(alignments, 1)
    context = tf.matmul(expanded_alignments, attention_mechanism.values)
    context = tf.squeeze(context, [1])
    if attention_layer is not None:
        attention = attention_layer(tf.concat([cell_output, context], 1))
    else:
        attention = context
    return attention, alignments, next_attention_state


def _empty_history(alignment, dtype):
    """An empty growing TensorArray for the alignments. tf1's arrays are their buffer: when the
    alignment shape is known only at run time, start from a [0, batch, memory_time] buffer."""
    shape = alignment.get_shape()
    if shape.is_fully_defined():
        return TensorArray(dtype, size=0, dynamic_size=True, element_shape=shape)
    tf = _tf()
    empty = tf.zeros(tf.concat([[0], tf.shape(alignment)], 0), dtype)
    empty.set_shape(tensor_shape.TensorShape([0]).concatenate(shape))
    return TensorArray(dtype, size=0, dynamic_size=True, element_shape=shape, flow=empty)


@_export("AttentionWrapper")
class AttentionWrapper(RNNCell):
    """A cell that attends over the mechanisms' memories after every step of `cell`."""

    def __init__(self, cell, attention_mechanism, attention_layer_size=None, alignment_history=False,
                 cell_input_fn=None, output_attention=True, initial_cell_state=None, name=None,
                 attention_layer=None, attention_fn=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        tf = _tf()
        assert_like_rnncell("cell", cell)
        if isinstance(attention_mechanism, (list, tuple)):
            self._is_multi = True
            attention_mechanisms = attention_mechanism
            for m in attention_mechanisms:
                if not isinstance(m, AttentionMechanism):
                    raise TypeError("attention_mechanism must contain only instances of AttentionMechanism, "
                                    "saw type: %s" % type(m).__name__)
        else:
            self._is_multi = False
            if not isinstance(attention_mechanism, AttentionMechanism):
                raise TypeError("attention_mechanism must be an AttentionMechanism or list of multiple "
                                "AttentionMechanism instances, saw type: %s" % type(attention_mechanism).__name__)
            attention_mechanisms = (attention_mechanism,)
        if cell_input_fn is None:
            cell_input_fn = lambda inputs, attention: tf.concat([inputs, attention], -1)  # noqa: E731
        elif not callable(cell_input_fn):
            raise TypeError("cell_input_fn must be callable, saw type: %s" % type(cell_input_fn).__name__)
        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                          else (attention_layer_size,))
            if len(sizes) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer_size must contain exactly one integer per "
                                 "attention_mechanism, saw: %d vs %d" % (len(sizes), len(attention_mechanisms)))
            self._attention_layers = tuple(_dense(size, "attention_layer", attention_mechanisms[i].dtype)
                                           for i, size in enumerate(sizes))
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            self._attention_layers = tuple(attention_layer if isinstance(attention_layer, (list, tuple))
                                           else (attention_layer,))
            if len(self._attention_layers) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer must contain exactly one layer per "
                                 "attention_mechanism, saw: %d vs %d"
                                 % (len(self._attention_layers), len(attention_mechanisms)))
            self._attention_layer_size = sum(
                tensor_shape.dimension_value(tensor_shape.as_shape(layer.compute_output_shape(
                    tensor_shape.TensorShape([None, cell.output_size + tensor_shape.dimension_value(
                        m.values.get_shape()[-1])])))[-1])
                for layer, m in zip(self._attention_layers, attention_mechanisms))
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(tensor_shape.dimension_value(m.values.get_shape()[-1])
                                             for m in attention_mechanisms)
        self._attention_fn = attention_fn or _compute_attention
        self._cell = cell
        self._attention_mechanisms = attention_mechanisms
        self._cell_input_fn = cell_input_fn
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        with name_scope(name, "AttentionWrapperInit"):
            if initial_cell_state is None:
                self._initial_cell_state = None
            else:
                self._initial_cell_state = nest.map_structure(
                    lambda s: tf.identity(s, name="check_initial_cell_state"), initial_cell_state)

    def _item_or_tuple(self, seq):
        t = tuple(seq)
        return t if self._is_multi else t[0]

    @property
    def output_size(self):
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self):
        return AttentionWrapperState(
            cell_state=self._cell.state_size, time=tensor_shape.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(a.alignments_size for a in self._attention_mechanisms),
            attention_state=self._item_or_tuple(a.state_size for a in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(a.alignments_size if self._alignment_history else ()
                                                  for a in self._attention_mechanisms))

    def zero_state(self, batch_size, dtype):
        tf = _tf()
        with name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            if self._initial_cell_state is not None:
                cell_state = self._initial_cell_state
            else:
                cell_state = self._cell.get_initial_state(batch_size=batch_size, dtype=dtype)
            cell_state = nest.map_structure(lambda s: tf.identity(s, name="checked_cell_state"), cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype) for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state, time=tf.zeros([], dtype=dtypes.int32),
                attention=_zero_state_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(m.initial_state(batch_size, dtype)
                                                    for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    _empty_history(a, dtype) if self._alignment_history else () for a in initial_alignments))

    def call(self, inputs, state):
        tf = _tf()
        if not isinstance(state, AttentionWrapperState):
            raise TypeError("Expected state to be instance of AttentionWrapperState. Received type %s instead."
                            % type(state))
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        cell_output = tf.identity(cell_output, name="checked_cell_output")
        if self._is_multi:
            previous_attention_state = state.attention_state
            previous_alignment_history = state.alignment_history
        else:
            previous_attention_state = [state.attention_state]
            previous_alignment_history = [state.alignment_history]
        all_alignments, all_attentions, all_attention_states, histories = [], [], [], []
        for i, m in enumerate(self._attention_mechanisms):
            attention, alignments, next_attention_state = self._attention_fn(
                m, cell_output, previous_attention_state[i],
                self._attention_layers[i] if self._attention_layers else None)
            history = previous_alignment_history[i].write(state.time, alignments) \
                if self._alignment_history else ()
            all_attention_states.append(next_attention_state)
            all_alignments.append(alignments)
            all_attentions.append(attention)
            histories.append(history)
        attention = tf.concat(all_attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(all_attention_states),
            alignments=self._item_or_tuple(all_alignments),
            alignment_history=self._item_or_tuple(histories))
        if self._output_attention:
            return attention, next_state
        return cell_output, next_state
