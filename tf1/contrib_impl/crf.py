"""`tf.contrib.crf` (TF 1.15 contrib/crf/python/ops/crf.py): a linear-chain conditional random field.

Scores of tag sequences (unary potentials + transition scores), the log partition function by the
forward algorithm (`CrfForwardRnnCell` run by `dynamic_rnn`), and Viterbi decoding both in numpy
(`viterbi_decode`) and in the graph (`crf_decode`: a forward max-product pass that records
backpointers, then a backward pass following them). Sequence lengths mask every step past a
sequence's end; a length-1 time axis takes the direct path, as in TF.
"""
import numpy as np

from ..api import export, public as _tf
from ..framework import dtypes, tensor_shape
from ..framework.tensor_util import constant_value, register_constant_value
from ..ops import variable_scope as vs
from ..ops.rnn_cell_impl import RNNCell


def _const_compare(fn):
    def rule(t):
        x, y = (constant_value(i) for i in t.op._inputs)
        return None if x is None or y is None else np.asarray(fn(x, y))
    return rule


# TF 1.15's constant_value folds Equal/NotEqual of build-time values; the CRF's smart_cond on
# `equal(time_steps, 1)` depends on it to pick its branch without a `cond`.
for _op, _fn in (("Equal", np.equal), ("NotEqual", np.not_equal)):
    register_constant_value(_op)(_const_compare(_fn))


def _export(name):
    return export("contrib.crf." + name, "contrib.crf.python.ops.crf." + name)


def _time_is_one(inputs):
    """`smart_cond` predicate: is the time axis (1) of length 1? Static when the shape says so."""
    tf = _tf()
    return tf.equal(tensor_shape.dimension_value(inputs.shape[1]) or tf.shape(inputs)[1], 1)


@_export("crf_sequence_score")
def crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params):
    """Unnormalized score of each tag sequence: [batch]."""
    tf = _tf()

    def _single_seq_fn():
        batch_size = tf.shape(inputs, out_type=tag_indices.dtype)[0]
        example_inds = tf.reshape(tf.range(batch_size, dtype=tag_indices.dtype), [-1, 1])
        scores = tf.gather_nd(tf.squeeze(inputs, [1]), tf.concat([example_inds, tag_indices], axis=1))
        return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(scores), scores)

    def _multi_seq_fn():
        return (crf_unary_score(tag_indices, sequence_lengths, inputs)
                + crf_binary_score(tag_indices, sequence_lengths, transition_params))

    return tf.smart_cond(_time_is_one(inputs), true_fn=_single_seq_fn, false_fn=_multi_seq_fn)


@_export("crf_multitag_sequence_score")
def crf_multitag_sequence_score(inputs, tag_bitmap, sequence_lengths, transition_params):
    """Log-sum of the scores of every tag sequence allowed by the boolean `tag_bitmap`."""
    tf = _tf()

    def _filtered():
        return tf.where(tag_bitmap, inputs, tf.fill(tf.shape(inputs), float("-inf")))

    def _single_seq_fn():
        return tf.reduce_logsumexp(_filtered(), axis=[1, 2], keepdims=False)

    def _multi_seq_fn():
        return crf_log_norm(inputs=_filtered(), sequence_lengths=sequence_lengths,
                            transition_params=transition_params)

    return tf.smart_cond(_time_is_one(inputs), true_fn=_single_seq_fn, false_fn=_multi_seq_fn)


@_export("crf_log_norm")
def crf_log_norm(inputs, sequence_lengths, transition_params):
    """log Z, the log-sum-exp of the scores of all tag sequences: [batch]."""
    tf = _tf()
    first_input = tf.squeeze(tf.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])

    def _masked(log_norm):
        return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(log_norm), log_norm)

    def _single_seq_fn():
        return _masked(tf.reduce_logsumexp(first_input, [1]))

    def _multi_seq_fn():
        rest_of_input = tf.slice(inputs, [0, 1, 0], [-1, -1, -1])
        lengths_less_one = tf.maximum(tf.constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 1)
        _, alphas = tf.nn.dynamic_rnn(cell=CrfForwardRnnCell(transition_params), inputs=rest_of_input,
                                      sequence_length=lengths_less_one, initial_state=first_input,
                                      dtype=dtypes.float32)
        return _masked(tf.reduce_logsumexp(alphas, [1]))

    return tf.smart_cond(_time_is_one(inputs), true_fn=_single_seq_fn, false_fn=_multi_seq_fn)


@_export("crf_log_likelihood")
def crf_log_likelihood(inputs, tag_indices, sequence_lengths, transition_params=None):
    """(log-likelihood [batch], transition_params); makes the `transitions` [tags, tags] variable in
    the current variable scope when `transition_params` is not given."""
    num_tags = tensor_shape.dimension_value(inputs.shape[2])
    if transition_params is None:
        transition_params = vs.get_variable("transitions", [num_tags, num_tags])
    sequence_scores = crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params)
    log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
    return sequence_scores - log_norm, transition_params


@_export("crf_unary_score")
def crf_unary_score(tag_indices, sequence_lengths, inputs):
    """Sum over valid steps of inputs[b, t, tag[b, t]]: [batch]."""
    tf = _tf()
    batch_size = tf.shape(inputs)[0]
    max_seq_len = tf.shape(inputs)[1]
    num_tags = tf.shape(inputs)[2]
    flattened_inputs = tf.reshape(inputs, [-1])
    offsets = tf.expand_dims(tf.range(batch_size) * max_seq_len * num_tags, 1)
    offsets += tf.expand_dims(tf.range(max_seq_len) * num_tags, 0)
    if tag_indices.dtype == dtypes.int64:
        offsets = tf.cast(offsets, dtypes.int64)
    flattened_tag_indices = tf.reshape(offsets + tag_indices, [-1])
    unary_scores = tf.reshape(tf.gather(flattened_inputs, flattened_tag_indices), [batch_size, max_seq_len])
    masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=dtypes.float32)
    return tf.reduce_sum(unary_scores * masks, 1)


@_export("crf_binary_score")
def crf_binary_score(tag_indices, sequence_lengths, transition_params):
    """Sum over valid steps t >= 1 of transition_params[tag[t-1], tag[t]]: [batch]."""
    tf = _tf()
    num_tags = tensor_shape.dimension_value(transition_params.get_shape()[0])
    if num_tags is None:
        num_tags = tf.shape(transition_params, out_type=tag_indices.dtype)[0]
    num_transitions = tf.shape(tag_indices)[1] - 1
    start_tag_indices = tf.slice(tag_indices, [0, 0], [-1, num_transitions])
    end_tag_indices = tf.slice(tag_indices, [0, 1], [-1, num_transitions])
    flattened_transition_indices = start_tag_indices * num_tags + end_tag_indices
    flattened_transition_params = tf.reshape(transition_params, [-1])
    binary_scores = tf.gather(flattened_transition_params, flattened_transition_indices)
    masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=dtypes.float32)
    truncated_masks = tf.slice(masks, [0, 1], [-1, -1])
    return tf.reduce_sum(binary_scores * truncated_masks, 1)


class _VariableFreeCell(RNNCell):
    """An RNNCell with no variables and no Layer bookkeeping: `__call__` is the step itself."""

    def __init__(self, num_tags):  # pylint: disable=super-init-not-called
        self._num_tags = num_tags

    @property
    def state_size(self):
        return self._num_tags

    @property
    def output_size(self):
        return self._num_tags


@_export("CrfForwardRnnCell")
class CrfForwardRnnCell(_VariableFreeCell):
    """One forward-algorithm step: alpha_t = inputs_t + logsumexp_i(alpha_{t-1}[i] + T[i, :])."""

    def __init__(self, transition_params):
        super().__init__(tensor_shape.dimension_value(transition_params.shape[0]))
        self._transition_params = _tf().expand_dims(transition_params, 0)

    def __call__(self, inputs, state, scope=None):
        tf = _tf()
        transition_scores = tf.expand_dims(state, 2) + self._transition_params
        new_alphas = inputs + tf.reduce_logsumexp(transition_scores, [1])
        return new_alphas, new_alphas


@_export("viterbi_decode")
def viterbi_decode(score, transition_params):
    """Best tag sequence (a list) and its score for one [time, tags] `score` array, in numpy."""
    trellis = np.zeros_like(score)
    backpointers = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        v = np.expand_dims(trellis[t - 1], 1) + transition_params
        trellis[t] = score[t] + np.max(v, 0)
        backpointers[t] = np.argmax(v, 0)
    viterbi = [np.argmax(trellis[-1])]
    for bp in reversed(backpointers[1:]):
        viterbi.append(bp[viterbi[-1]])
    viterbi.reverse()
    return viterbi, np.max(trellis[-1])


@_export("CrfDecodeForwardRnnCell")
class CrfDecodeForwardRnnCell(_VariableFreeCell):
    """One max-product step; outputs the backpointers (argmax previous tag) [batch, tags] int32."""

    def __init__(self, transition_params):
        super().__init__(tensor_shape.dimension_value(transition_params.shape[0]))
        self._transition_params = _tf().expand_dims(transition_params, 0)

    def __call__(self, inputs, state, scope=None):
        tf = _tf()
        transition_scores = tf.expand_dims(state, 2) + self._transition_params  # [B, O, O]
        new_state = inputs + tf.reduce_max(transition_scores, [1])  # [B, O]
        backpointers = tf.cast(tf.argmax(transition_scores, 1), dtype=dtypes.int32)  # [B, O]
        return backpointers, new_state


@_export("CrfDecodeBackwardRnnCell")
class CrfDecodeBackwardRnnCell(_VariableFreeCell):
    """Follows backpointers: from the current tag [batch, 1] to the previous one."""

    @property
    def state_size(self):
        return 1

    @property
    def output_size(self):
        return 1

    def __call__(self, inputs, state, scope=None):
        tf = _tf()
        state = tf.squeeze(state, axis=[1])  # [B]
        b_indices = tf.range(tf.shape(inputs)[0])  # [B]
        indices = tf.stack([b_indices, state], axis=1)  # [B, 2]
        new_tags = tf.expand_dims(tf.gather_nd(inputs, indices), axis=-1)  # [B, 1]
        return new_tags, new_tags


@_export("crf_decode")
def crf_decode(potentials, transition_params, sequence_length):
    """(decode_tags [batch, time] int32, best_score [batch]): Viterbi decoding in the graph."""
    tf = _tf()

    def _single_seq_fn():
        squeezed = tf.squeeze(potentials, [1])
        decode_tags = tf.expand_dims(tf.argmax(squeezed, axis=1), 1)
        return tf.cast(decode_tags, dtype=dtypes.int32), tf.reduce_max(squeezed, axis=1)

    def _multi_seq_fn():
        num_tags = tensor_shape.dimension_value(potentials.shape[2])
        initial_state = tf.squeeze(tf.slice(potentials, [0, 0, 0], [-1, 1, -1]), axis=[1])  # [B, O]
        inputs = tf.slice(potentials, [0, 1, 0], [-1, -1, -1])  # [B, T-1, O]
        lengths_less_one = tf.maximum(tf.constant(0, dtype=sequence_length.dtype), sequence_length - 1)
        backpointers, last_score = tf.nn.dynamic_rnn(
            CrfDecodeForwardRnnCell(transition_params), inputs=inputs, sequence_length=lengths_less_one,
            initial_state=initial_state, time_major=False, dtype=dtypes.int32)  # [B, T-1, O], [B, O]
        backpointers = tf.reverse_sequence(backpointers, lengths_less_one, seq_axis=1)
        initial_state = tf.expand_dims(tf.cast(tf.argmax(last_score, axis=1), dtype=dtypes.int32), axis=-1)
        decode_tags, _ = tf.nn.dynamic_rnn(
            CrfDecodeBackwardRnnCell(num_tags), inputs=backpointers, sequence_length=lengths_less_one,
            initial_state=initial_state, time_major=False, dtype=dtypes.int32)  # [B, T-1, 1]
        decode_tags = tf.squeeze(decode_tags, axis=[2])
        decode_tags = tf.concat([initial_state, decode_tags], axis=1)  # [B, T]
        decode_tags = tf.reverse_sequence(decode_tags, sequence_length, seq_axis=1)
        return decode_tags, tf.reduce_max(last_score, axis=1)

    return tf.smart_cond(_time_is_one(potentials), true_fn=_single_seq_fn, false_fn=_multi_seq_fn)
