"""`tf.contrib.seq2seq.BeamSearchDecoder`, `tile_batch` and `gather_tree` (TF 1.15 beam_search_*.py).

The decoder keeps `beam_width` hypotheses per batch entry: each step it runs the cell on the
[batch * beam] merged state, adds the step's log-probabilities (a finished beam can only extend with
`end_token` at no cost) to the beams' totals, keeps the top `beam_width` of beam x vocab per batch
entry (scores divided by TF's length penalty) and gathers the cell state of the chosen parents.
`finalize` follows the parent pointers back (`GatherTree`) to give the predicted ids.

GatherTree is a registered op lowered with `lax.scan` (no gradient, as in TF). Not done: TF's
run-time Assert that TensorArrays in the cell state have [batch, beam, ...] elements.
"""
import collections

import jax
import jax.numpy as jnp
import numpy as np

from ...api import export
from ...framework import dtypes, registry, tensor_shape
from ...framework.graph import name_scope
from ...framework.tensor_conversion import convert_to_tensor, op_output
from ...framework.tensor_util import constant_value
from ...ops import _subgraph as nest
from ...ops.rnn_cell_impl import _tf, assert_like_rnncell
from ...ops.tensor_array_ops import TensorArray
from ...platform import tf_logging
from .attention_wrapper import AttentionWrapperState
from .decoder import Decoder, _is_layer, rnn_output_size


def _export(name, module="beam_search_decoder"):
    return export("contrib.seq2seq." + name, "contrib.seq2seq.python.ops.%s.%s" % (module, name))


# ----------------------------------------------------------------------------- GatherTree op

def _gather_tree_infer(op):
    shp = op._inputs[0].get_shape().merge_with(op._inputs[1].get_shape())
    if shp.ndims is not None and shp.ndims != 3:
        raise ValueError("Shape must be rank 3 but is rank %d for '%s' (op: 'GatherTree')." % (shp.ndims, op.name))
    return [(op._inputs[0].dtype.base_dtype, shp)]


def _gather_tree_lower(ctx, op, step_ids, parent_ids, max_sequence_lengths, end_token):
    """For every (batch, beam): walk the parent pointers back from step max_len-1; steps at or after
    max_len, and steps after the first `end_token`, are `end_token`."""
    step_ids = jnp.asarray(step_ids)
    parent_ids = jnp.asarray(parent_ids)
    max_time, batch, beam = step_ids.shape
    max_len = jnp.asarray(max_sequence_lengths).astype(jnp.int32)[:, None]    # [batch, 1]
    end = jnp.asarray(end_token).astype(step_ids.dtype)
    own = jnp.broadcast_to(jnp.arange(beam, dtype=jnp.int32), (batch, beam))

    def back(cur, t):
        valid = t < max_len                                                 # [batch, 1]
        idx = jnp.clip(cur, 0, beam - 1)
        out = jnp.take_along_axis(step_ids[t], idx, axis=1)
        nxt = jnp.take_along_axis(parent_ids[t], idx, axis=1).astype(jnp.int32)
        return jnp.where(valid, nxt, cur), jnp.where(valid, out, end)

    _, beams = jax.lax.scan(back, own, jnp.arange(max_time - 1, -1, -1))
    beams = beams[::-1]
    is_end = beams == end
    ended_before = (jnp.cumsum(is_end, axis=0) - is_end) > 0
    return jnp.where(ended_before, end, beams)


registry.register("GatherTree", _gather_tree_infer, _gather_tree_lower, differentiable=False)


@_export("gather_tree", "beam_search_ops")
def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """The full beams from per-step ids and parent pointers ([max_time, batch, beam])."""
    step_ids = convert_to_tensor(step_ids, name="step_ids")
    parent_ids = convert_to_tensor(parent_ids, dtype=step_ids.dtype, name="parent_ids")
    max_sequence_lengths = convert_to_tensor(max_sequence_lengths, dtype=dtypes.int32,
                                             name="max_sequence_lengths")
    end_token = convert_to_tensor(end_token, dtype=step_ids.dtype, name="end_token")
    return op_output("GatherTree", [step_ids, parent_ids, max_sequence_lengths, end_token],
                     {"T": step_ids.dtype.base_dtype}, name=name or "GatherTree")


# ----------------------------------------------------------------------------- tile_batch

def _tile_batch(t, multiplier):
    tf = _tf()
    t = convert_to_tensor(t, name="t")
    shape_t = tf.shape(t)
    if t.get_shape().ndims is None or t.get_shape().ndims < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.get_shape().ndims + 1)
    tiling[1] = multiplier
    d0 = tensor_shape.dimension_value(t.get_shape()[0])
    tiled = tf.tile(tf.expand_dims(t, 1), tiling)
    tiled = tf.reshape(tiled, tf.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(tensor_shape.TensorShape([d0 * multiplier if d0 is not None else None])
                    .concatenate(t.get_shape()[1:]))
    return tiled


@_export("tile_batch")
def tile_batch(t, multiplier, name=None):
    """Repeats every batch entry `multiplier` times along dimension 0 (entry-major), for each tensor
    of the structure `t`."""
    flat_t = nest.flatten(t)
    with name_scope(name, "tile_batch", flat_t + [multiplier]):
        return nest.map_structure(lambda t_: _tile_batch(t_, multiplier), t)


def gather_tree_from_array(t, parent_ids, sequence_length):
    """The [time, batch*beam, ...] values of a TensorArray reordered along the final beams."""
    tf = _tf()
    pshape = parent_ids.get_shape()
    max_time = tensor_shape.dimension_value(pshape[0]) or tf.shape(parent_ids)[0]
    batch_size = tensor_shape.dimension_value(pshape[1]) or tf.shape(parent_ids)[1]
    beam_width = tensor_shape.dimension_value(pshape[2]) or tf.shape(parent_ids)[2]
    beam_ids = tf.expand_dims(tf.expand_dims(tf.range(beam_width), 0), 0)
    beam_ids = tf.tile(beam_ids, [max_time, batch_size, 1])
    max_sequence_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1), dtypes.int32)
    sorted_beam_ids = gather_tree(step_ids=beam_ids, parent_ids=parent_ids,
                                  max_sequence_lengths=max_sequence_lengths, end_token=beam_width + 1)
    in_bound_steps = tf.transpose(tf.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    sorted_beam_ids = tf.where(in_bound_steps, x=sorted_beam_ids, y=beam_ids)
    time_ind = tf.tile(tf.reshape(tf.range(max_time), [-1, 1, 1]), [1, batch_size, beam_width])
    batch_ind = tf.tile(tf.reshape(tf.range(batch_size), [-1, 1, 1]), [1, max_time, beam_width])
    batch_ind = tf.transpose(batch_ind, perm=[1, 0, 2])
    indices = tf.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    final_shape = tf.shape(t)
    gather_from = tf.reshape(t, [max_time, batch_size, beam_width, -1])
    ordered = tf.gather_nd(gather_from, indices)
    return tf.reshape(ordered, final_shape)


# ----------------------------------------------------------------------------- the decoder

class BeamSearchDecoderState(collections.namedtuple(
        "BeamSearchDecoderState", ("cell_state", "log_probs", "finished", "lengths",
                                   "accumulated_attention_probs"))):
    pass


class BeamSearchDecoderOutput(collections.namedtuple(
        "BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))):
    pass


class FinalBeamSearchDecoderOutput(collections.namedtuple(
        "FinalBeamDecoderOutput", ["predicted_ids", "beam_search_decoder_output"])):
    pass


for _cls in (BeamSearchDecoderState, BeamSearchDecoderOutput, FinalBeamSearchDecoderOutput):
    _export(_cls.__name__)(_cls)


def _check_ndims(t):
    if t.get_shape().ndims is None:
        raise ValueError("Expected tensor (%s) to have known rank, but ndims == None." % t)


def _static_shape(s):
    if hasattr(s, "op") and hasattr(s, "get_shape"):
        return tensor_shape.as_shape(constant_value(s))
    return tensor_shape.as_shape(s) if not isinstance(s, int) else tensor_shape.TensorShape([s])


@_export("BeamSearchDecoder")
class BeamSearchDecoder(Decoder):
    """Beam search over `cell` from `start_tokens`; `initial_state` must be batch*beam sized (see
    `tile_batch`)."""

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width, output_layer=None,
                 length_penalty_weight=0.0, coverage_penalty_weight=0.0, reorder_tensor_arrays=True):
        tf = _tf()
        assert_like_rnncell("cell", cell)
        if output_layer is not None and not _is_layer(output_layer):
            raise TypeError("output_layer must be a Layer, received: %s" % type(output_layer))
        self._cell = cell
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: tf.nn.embedding_lookup(embedding, ids)
        self._start_tokens = convert_to_tensor(start_tokens, dtype=dtypes.int32, name="start_tokens")
        if self._start_tokens.get_shape().ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = convert_to_tensor(end_token, dtype=dtypes.int32, name="end_token")
        if self._end_token.get_shape().ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = tf.size(start_tokens)
        self._initial_cell_state = self._map_state(self._maybe_split_batch_beams, initial_state)
        self._start_tokens = tf.tile(tf.expand_dims(self._start_tokens, 1), [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = tf.one_hot(tf.zeros([self._batch_size], dtype=dtypes.int32), depth=self._beam_width,
                                    on_value=False, off_value=True, dtype=dtypes.bool)

    def _map_state(self, fn, state):
        sizes = nest.flatten(self._cell.state_size)
        leaves = nest.flatten(state)
        if len(sizes) != len(leaves):
            nest.assert_same_structure(state, self._cell.state_size)
        return nest.pack_sequence_as(state, [fn(t, s) for t, s in zip(leaves, sizes)]) \
            if nest.is_sequence(state) else fn(leaves[0], sizes[0])

    @property
    def batch_size(self):
        return self._batch_size

    def _rnn_output_size(self):
        return rnn_output_size(self._cell, self._output_layer)

    @property
    def tracks_own_finished(self):
        return True

    @property
    def output_size(self):
        k = tensor_shape.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=k, predicted_ids=k, parent_ids=k)

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(scores=nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                       predicted_ids=dtypes.int32, parent_ids=dtypes.int32)

    def initialize(self, name=None):
        tf = _tf()
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        log_probs = tf.one_hot(tf.zeros([self._batch_size], dtype=dtypes.int32), depth=self._beam_width,
                               on_value=convert_to_tensor(0.0, dtype=dtype),
                               off_value=convert_to_tensor(-np.inf, dtype=dtype), dtype=dtype)
        init_attention_probs = get_attention_probs(self._initial_cell_state, self._coverage_penalty_weight)
        if init_attention_probs is None:
            init_attention_probs = ()
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=self._finished,
            lengths=tf.zeros([self._batch_size, self._beam_width], dtype=dtypes.int64),
            accumulated_attention_probs=init_attention_probs)
        return self._finished, self._start_inputs, initial_state

    def finalize(self, outputs, final_state, sequence_lengths):
        tf = _tf()
        max_sequence_lengths = tf.cast(tf.reduce_max(final_state.lengths, axis=1), dtypes.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids,
                                    max_sequence_lengths=max_sequence_lengths, end_token=self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=nest.map_structure(
                lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids, final_state.lengths),
                final_state.cell_state))
        return FinalBeamSearchDecoderOutput(beam_search_decoder_output=outputs,
                                            predicted_ids=predicted_ids), final_state

    def _merge_batch_beams(self, t, s=None):
        tf = _tf()
        s = _static_shape(s)
        static_batch_size = constant_value(convert_to_tensor(self._batch_size))
        bb = None if static_batch_size is None else int(static_batch_size) * self._beam_width
        reshaped = tf.reshape(t, tf.concat(([self._batch_size * self._beam_width], tf.shape(t)[2:]), 0))
        reshaped.set_shape(tensor_shape.TensorShape([bb]).concatenate(s))
        return reshaped

    def _split_batch_beams(self, t, s=None):
        tf = _tf()
        s = _static_shape(s)
        reshaped = tf.reshape(t, tf.concat(([self._batch_size, self._beam_width], tf.shape(t)[1:]), 0))
        static_batch_size = constant_value(convert_to_tensor(self._batch_size))
        expected = tensor_shape.TensorShape(
            [None if static_batch_size is None else int(static_batch_size), self._beam_width]).concatenate(s)
        if not reshaped.get_shape().is_compatible_with(expected):
            raise ValueError("Unexpected behavior when reshaping between beam width and batch size.  The reshaped "
                             "tensor has shape: %s.  We expected it to have shape (batch_size, beam_width, depth) "
                             "== %s.  Perhaps you forgot to create a zero_state with "
                             "batch_size=encoder_batch_size * beam_width?" % (reshaped.get_shape(), expected))
        reshaped.set_shape(expected)
        return reshaped

    def _maybe_split_batch_beams(self, t, s):
        if isinstance(t, TensorArray):
            return t
        _check_ndims(t)
        return self._split_batch_beams(t, s) if t.get_shape().ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t, s):
        if isinstance(t, TensorArray):
            return t
        _check_ndims(t)
        return self._merge_batch_beams(t, s) if t.get_shape().ndims >= 2 else t

    def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
        if not isinstance(t, TensorArray):
            return t
        elem = t.element_shape
        if elem.ndims is None or elem.ndims < 1:
            tf_logging.warning("The TensorArray %s in the cell state is not amenable to sorting based on the beam "
                               "search result. For a TensorArray to be sorted, its elements shape must be defined "
                               "and have at least a rank of 1, but saw shape: %s" % (t._name, elem))
            return t
        batch = constant_value(convert_to_tensor(self._batch_size))
        d0 = tensor_shape.dimension_value(elem[0])
        if batch is not None and d0 is not None and (
                d0 != batch * self._beam_width or (elem.ndims >= 2 and tensor_shape.dimension_value(elem[1])
                                                   is not None and (d0 != batch or elem[1] != self._beam_width))):
            tf_logging.warning("TensorArray reordering expects elements to be reshapable to %s which is incompatible "
                               "with the current shape %s. Consider setting reorder_tensor_arrays to False to "
                               "disable TensorArray reordering during the beam search."
                               % (tensor_shape.TensorShape([batch, self._beam_width, None]), elem))
            return t
        return gather_tree_from_array(t.stack(), parent_ids, sequence_length)

    def step(self, time, inputs, state, name=None):
        tf = _tf()
        with name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            inputs = nest.map_structure(lambda inp: self._merge_batch_beams(inp, s=inp.get_shape()[2:]), inputs)
            cell_state = self._map_state(self._maybe_merge_batch_beams, state.cell_state)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = nest.map_structure(
                lambda out: self._split_batch_beams(out, out.get_shape()[1:]), cell_outputs)
            next_cell_state = self._map_state(self._maybe_split_batch_beams, next_cell_state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            beam_search_output, beam_search_state = _beam_search_step(
                time=time, logits=cell_outputs, next_cell_state=next_cell_state, beam_state=state,
                batch_size=self._batch_size, beam_width=self._beam_width, end_token=self._end_token,
                length_penalty_weight=self._length_penalty_weight,
                coverage_penalty_weight=self._coverage_penalty_weight)
            finished = beam_search_state.finished
            sample_ids = beam_search_output.predicted_ids
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                                  lambda: self._embedding_fn(sample_ids))
        return beam_search_output, beam_search_state, next_inputs, finished


def _beam_search_step(time, logits, next_cell_state, beam_state, batch_size, beam_width, end_token,
                      length_penalty_weight, coverage_penalty_weight):
    tf = _tf()
    static_batch_size = constant_value(convert_to_tensor(batch_size))
    static_batch_size = None if static_batch_size is None else int(static_batch_size)
    prediction_lengths = beam_state.lengths
    previously_finished = beam_state.finished
    not_finished = tf.logical_not(previously_finished)

    step_log_probs = tf.nn.log_softmax(logits)
    step_log_probs = _mask_probs(step_log_probs, end_token, previously_finished)
    total_probs = tf.expand_dims(beam_state.log_probs, 2) + step_log_probs

    vocab_size = tensor_shape.dimension_value(logits.get_shape()[-1]) or tf.shape(logits)[-1]
    lengths_to_add = tf.one_hot(indices=tf.fill([batch_size, beam_width], end_token), depth=vocab_size,
                                on_value=tf.cast(0, dtypes.int64), off_value=tf.cast(1, dtypes.int64),
                                dtype=dtypes.int64)
    add_mask = tf.cast(not_finished, dtypes.int64)
    lengths_to_add *= tf.expand_dims(add_mask, 2)
    new_prediction_lengths = lengths_to_add + tf.expand_dims(prediction_lengths, 2)

    accumulated_attention_probs = None
    attention_probs = get_attention_probs(next_cell_state, coverage_penalty_weight)
    if attention_probs is not None:
        attention_probs *= tf.expand_dims(tf.cast(not_finished, dtypes.float32), 2)
        accumulated_attention_probs = beam_state.accumulated_attention_probs + attention_probs

    scores = _get_scores(log_probs=total_probs, sequence_lengths=new_prediction_lengths,
                         length_penalty_weight=length_penalty_weight,
                         coverage_penalty_weight=coverage_penalty_weight, finished=previously_finished,
                         accumulated_attention_probs=accumulated_attention_probs)

    time = convert_to_tensor(time, name="time")
    scores_flat = tf.reshape(scores, [batch_size, -1])
    next_beam_scores, word_indices = tf.nn.top_k(scores_flat, k=beam_width)
    next_beam_scores.set_shape([static_batch_size, beam_width])
    word_indices.set_shape([static_batch_size, beam_width])

    next_beam_probs = _tensor_gather_helper(word_indices, total_probs, batch_size, beam_width * vocab_size,
                                            [-1], name="next_beam_probs")
    next_word_ids = tf.cast(tf.mod(word_indices, vocab_size, name="next_beam_word_ids"), dtypes.int32)
    # TF: cast(word_indices / vocab_size) -- truncating division of non-negative ints.
    next_beam_ids = tf.cast(tf.floordiv(word_indices, vocab_size), dtypes.int32, name="next_beam_parent_ids")

    previously_finished = _tensor_gather_helper(next_beam_ids, previously_finished, batch_size, beam_width, [-1])
    next_finished = tf.logical_or(previously_finished, tf.equal(next_word_ids, end_token),
                                  name="next_beam_finished")
    lengths_to_add = tf.cast(tf.logical_not(previously_finished), dtypes.int64)
    next_prediction_len = _tensor_gather_helper(next_beam_ids, beam_state.lengths, batch_size, beam_width, [-1])
    next_prediction_len += lengths_to_add
    next_accumulated_attention_probs = ()
    if accumulated_attention_probs is not None:
        next_accumulated_attention_probs = _tensor_gather_helper(
            next_beam_ids, accumulated_attention_probs, batch_size, beam_width, [batch_size * beam_width, -1],
            name="next_accumulated_attention_probs")

    next_cell_state = nest.map_structure(
        lambda gather_from: _maybe_tensor_gather_helper(next_beam_ids, gather_from, batch_size, beam_width,
                                                        [batch_size * beam_width, -1]),
        next_cell_state)
    next_state = BeamSearchDecoderState(cell_state=next_cell_state, log_probs=next_beam_probs,
                                        lengths=next_prediction_len, finished=next_finished,
                                        accumulated_attention_probs=next_accumulated_attention_probs)
    output = BeamSearchDecoderOutput(scores=next_beam_scores, predicted_ids=next_word_ids,
                                     parent_ids=next_beam_ids)
    return output, next_state


def get_attention_probs(next_cell_state, coverage_penalty_weight):
    if coverage_penalty_weight == 0.0:
        return None
    probs = []
    if isinstance(next_cell_state, AttentionWrapperState):
        probs = [_attention_probs_from_attn_state(next_cell_state)]
    elif isinstance(next_cell_state, tuple):
        probs = [_attention_probs_from_attn_state(s) for s in next_cell_state
                 if isinstance(s, AttentionWrapperState)]
    if not probs:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    if len(probs) == 1:
        return probs[0]
    tf = _tf()
    return tf.reduce_mean(tf.concat([tf.expand_dims(p, -1) for p in probs], -1), -1)


def _attention_probs_from_attn_state(attention_state):
    probs = attention_state.alignments
    if isinstance(probs, tuple):
        tf = _tf()
        probs = tf.reduce_mean(tf.concat([tf.expand_dims(p, -1) for p in probs], -1), -1)
    return probs


def _get_scores(log_probs, sequence_lengths, length_penalty_weight, coverage_penalty_weight, finished,
                accumulated_attention_probs):
    tf = _tf()
    length_penalty_ = _length_penalty(sequence_lengths, length_penalty_weight)
    length_penalty_ = tf.cast(length_penalty_, dtype=log_probs.dtype)
    scores = log_probs / length_penalty_
    coverage_penalty_weight = convert_to_tensor(coverage_penalty_weight, name="coverage_penalty_weight")
    if coverage_penalty_weight.get_shape().ndims != 0:
        raise ValueError("coverage_penalty_weight should be a scalar, but saw shape: %s"
                         % coverage_penalty_weight.get_shape())
    if constant_value(coverage_penalty_weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is disabled.")
    accumulated_attention_probs = tf.where(tf.equal(accumulated_attention_probs, 0.0),
                                           tf.ones_like(accumulated_attention_probs), accumulated_attention_probs)
    coverage_penalty = tf.reduce_sum(tf.log(tf.minimum(accumulated_attention_probs, 1.0)), 2)
    coverage_penalty *= tf.cast(finished, dtypes.float32)
    weighted = tf.expand_dims(coverage_penalty * coverage_penalty_weight, 2)
    return scores + weighted


def _length_penalty(sequence_lengths, penalty_factor):
    tf = _tf()
    penalty_factor = convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static_penalty = constant_value(penalty_factor)
    if static_penalty is not None and static_penalty == 0:
        return 1.0
    return tf.div((5. + tf.cast(sequence_lengths, dtypes.float32)) ** penalty_factor,
                  (5. + 1.) ** penalty_factor)


def _mask_probs(probs, eos_token, finished):
    """Finished beams: every token but `eos_token` gets the dtype's lowest value, eos 0."""
    tf = _tf()
    vocab_size = tf.shape(probs)[2]
    finished_row = tf.one_hot(eos_token, vocab_size, dtype=probs.dtype,
                              on_value=convert_to_tensor(0., dtype=probs.dtype),
                              off_value=convert_to_tensor(np.finfo(probs.dtype.as_numpy_dtype).min,
                                                          dtype=probs.dtype))
    finished_probs = tf.tile(tf.reshape(finished_row, [1, 1, -1]), tf.concat([tf.shape(finished), [1]], 0))
    finished_mask = tf.tile(tf.expand_dims(finished, 2), [1, 1, vocab_size])
    return tf.where(finished_mask, finished_probs, probs)


def _maybe_tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape):
    if isinstance(gather_from, TensorArray):
        return gather_from
    _check_ndims(gather_from)
    if gather_from.get_shape().ndims >= len(gather_shape):
        return _tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape)
    return gather_from


def _tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape, name=None):
    tf = _tf()
    with name_scope(name, "tensor_gather_helper"):
        range_ = tf.expand_dims(tf.range(batch_size) * range_size, 1)
        gather_indices = tf.reshape(gather_indices + range_, [-1])
        output = tf.gather(tf.reshape(gather_from, gather_shape), gather_indices)
        final_shape = tf.shape(gather_from)[:1 + len(gather_shape)]
        static_batch_size = constant_value(convert_to_tensor(batch_size))
        final_static_shape = tensor_shape.TensorShape(
            [None if static_batch_size is None else int(static_batch_size)]).concatenate(
            gather_from.get_shape()[1:1 + len(gather_shape)])
        output = tf.reshape(output, final_shape, name="output")
        output.set_shape(final_static_shape)
        return output
