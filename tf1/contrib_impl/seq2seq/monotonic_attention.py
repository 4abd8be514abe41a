"""`tf.contrib.seq2seq`'s monotonic attention (Raffel et al. 2017): `safe_cumprod`,
`monotonic_attention`, and the Bahdanau / Luong mechanisms whose alignments come from it.

A monotonic mechanism's state is the previous step's alignments (one-hot on the first memory entry at
the start); each step's score plus a learned scalar `attention_score_bias` gives per-entry "stop here"
probabilities sigmoid(score), and the new alignments are the probability of attending to each entry
given the previous ones ('parallel': closed form with cumulative products, 'recursive': tf.scan,
'hard': thresholded scores at test time).
"""
import functools

import numpy as np

from ...api import export
from ...framework import dtypes, tensor_shape
from ...framework.graph import name_scope
from ...framework.tensor_conversion import convert_to_tensor
from ...ops import variable_scope as vs
from ...ops.rnn_cell_impl import _tf
from .attention_wrapper import _BaseAttentionMechanism, _bahdanau_score, _dense, _luong_score


def _export(name):
    return export("contrib.seq2seq." + name, "contrib.seq2seq.python.ops.attention_wrapper." + name)


@_export("safe_cumprod")
def safe_cumprod(x, *args, **kwargs):
    """cumprod(x) computed as exp(cumsum(log(x))), with x clipped to [tiny, 1] so the log (and its
    gradient) stays finite; extra arguments go to `tf.cumsum`."""
    tf = _tf()
    with name_scope(None, "SafeCumprod", [x]):
        x = convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return tf.exp(tf.cumsum(tf.log(tf.clip_by_value(x, tiny, 1)), *args, **kwargs))


@_export("monotonic_attention")
def monotonic_attention(p_choose_i, previous_attention, mode):
    """The expected monotonic alignments [batch, memory] from the choose probabilities and the previous
    alignments; `mode` is 'recursive', 'parallel' or 'hard'."""
    tf = _tf()
    p_choose_i = convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        batch_size = tensor_shape.dimension_value(p_choose_i.shape[0]) or tf.shape(p_choose_i)[0]
        shifted_1mp_choose_i = tf.concat([tf.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1)
        # q_j = (1 - p_{j-1}) q_{j-1} + a_prev_j, scanned over memory positions.
        attention = p_choose_i * tf.transpose(tf.scan(
            lambda x, yz: tf.reshape(yz[0] * x + yz[1], (batch_size,)),
            [tf.transpose(shifted_1mp_choose_i), tf.transpose(previous_attention)],
            tf.zeros((batch_size,))))
    elif mode == "parallel":
        cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        attention = p_choose_i * cumprod_1mp_choose_i * tf.cumsum(
            previous_attention / tf.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.), axis=1)
    elif mode == "hard":
        p_choose_i *= tf.cumsum(previous_attention, axis=1)
        attention = p_choose_i * tf.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    else:
        raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")
    return attention


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode, seed=None):
    tf = _tf()
    if sigmoid_noise > 0:
        noise = tf.random_normal(tf.shape(score), dtype=score.dtype, seed=seed)
        score += sigmoid_noise * noise
    if mode == "hard":
        p_choose_i = tf.cast(score > 0, score.dtype)
    else:
        p_choose_i = tf.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    """Monotonic mechanisms start attending to the first memory entry."""

    def initial_alignments(self, batch_size, dtype):
        tf = _tf()
        return tf.one_hot(tf.zeros((batch_size,), dtype=dtypes.int32), self._alignments_size, dtype=dtype)


def _score_bias(dtype, init):
    return vs.get_variable("attention_score_bias", dtype=dtype, initializer=init)


@_export("BahdanauMonotonicAttention")
class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Additive score (as BahdanauAttention) plus `attention_score_bias`, through monotonic attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, score_mask_value=None,
                 sigmoid_noise=0., sigmoid_noise_seed=None, score_bias_init=0., mode="parallel", dtype=None,
                 name="BahdanauMonotonicAttention"):
        dtype = dtype or dtypes.float32
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(query_layer=_dense(num_units, "query_layer", dtype),
                         memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        tf = _tf()
        with vs.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            attention_v = vs.get_variable("attention_v", [self._num_units], dtype=query.dtype)
            attention_g = attention_b = None
            if self._normalize:
                attention_g = vs.get_variable("attention_g", dtype=query.dtype, shape=(),
                                              initializer=tf.constant_initializer(np.sqrt(1. / self._num_units)))
                attention_b = vs.get_variable("attention_b", [self._num_units], dtype=query.dtype,
                                              initializer=tf.zeros_initializer())
            score = _bahdanau_score(processed_query, self._keys, attention_v, attention_g, attention_b)
            score += _score_bias(processed_query.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


@_export("LuongMonotonicAttention")
class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Multiplicative score (as LuongAttention) plus `attention_score_bias`, through monotonic attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, score_mask_value=None,
                 sigmoid_noise=0., sigmoid_noise_seed=None, score_bias_init=0., mode="parallel", dtype=None,
                 name="LuongMonotonicAttention"):
        dtype = dtype or dtypes.float32
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(query_layer=None, memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, name=name)
        self._num_units = num_units
        self._scale = scale
        self._score_bias_init = score_bias_init
        self._name = name

    def __call__(self, query, state):
        tf = _tf()
        with vs.variable_scope(None, "luong_monotonic_attention", [query]):
            attention_g = None
            if self._scale:
                attention_g = vs.get_variable("attention_g", dtype=query.dtype, initializer=tf.ones_initializer,
                                              shape=())
            score = _luong_score(query, self._keys, attention_g)
            score += _score_bias(query.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments
