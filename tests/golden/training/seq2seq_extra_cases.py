"""tf.contrib.seq2seq's scheduled-sampling / sampling helpers and monotonic attention, run identically
on real TensorFlow (seq2seq_extra_make.py records them with TF 1.15's own contrib/seq2seq sources loaded
into TF 2.x) and on tf1 (tests/training/test_seq2seq_extra.py). `run_case` is seq2seq_cases.run_case.

tf1's random bits are not TF's, so the sampling cases are the ones whose draws are certain: sampling
probabilities 0 and 1 (a Bernoulli is `uniform < p`), and categorical draws from logits scaled so far
apart (by a huge factor or a tiny softmax temperature) that the draw is the argmax.
"""
import numpy as np

from seq2seq_cases import B, D, LENGTHS, MEMORY_LENGTHS, T, V, X, H, _memory, _state_fetches, run_case  # noqa: F401

SHARP = 1e5  # logits this far apart make a categorical draw its argmax


def _decode(tf, S, helper_fn, cell, output_layer, **kw):
    x = tf.placeholder(tf.float32, (B, T, D), name="x")
    helper = helper_fn(x)
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=output_layer)
    outputs, state, lengths = S.dynamic_decode(decoder, **kw)
    return ({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "state": state,
             "lengths": lengths}, {x: X})


def scheduled_embedding_never(tf, S):
    embedding = tf.get_variable("embedding", [V, D])
    return _decode(tf, S, lambda x: S.ScheduledEmbeddingTrainingHelper(x, tf.constant(LENGTHS), embedding, 0.0),
                   tf.nn.rnn_cell.GRUCell(H), tf.layers.Dense(V), impute_finished=True)


def scheduled_embedding_always(tf, S):
    embedding = tf.get_variable("embedding", [V, D])
    helper_fn = lambda x: S.ScheduledEmbeddingTrainingHelper(  # noqa: E731
        x, tf.constant(LENGTHS), lambda ids: tf.nn.embedding_lookup(embedding, ids), 1.0, seed=3,
        scheduling_seed=4)
    return _decode(tf, S, helper_fn, tf.nn.rnn_cell.BasicLSTMCell(H),
                   tf.layers.Dense(V, activation=lambda z: z * SHARP))


def scheduled_output_always(tf, S):
    return _decode(tf, S, lambda x: S.ScheduledOutputTrainingHelper(x, tf.constant(LENGTHS), 1.0),
                   tf.nn.rnn_cell.GRUCell(H), tf.layers.Dense(D), impute_finished=True)


def scheduled_output_never(tf, S):
    return _decode(tf, S, lambda x: S.ScheduledOutputTrainingHelper(x, tf.constant(LENGTHS), 0.0, seed=1),
                   tf.nn.rnn_cell.GRUCell(H), tf.layers.Dense(D))


def scheduled_output_next_inputs_fn_auxiliary(tf, S):
    """Sampled rows get tanh(output) joined with the next auxiliary input (scatter/gather path)."""
    x = tf.placeholder(tf.float32, (B, T, D - 1), name="x")
    aux = tf.placeholder(tf.float32, (B, T, 1), name="aux")
    helper = S.ScheduledOutputTrainingHelper(x, tf.constant(LENGTHS), 1.0, next_inputs_fn=tf.tanh,
                                             auxiliary_inputs=aux)
    cell = tf.nn.rnn_cell.GRUCell(H)
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=tf.layers.Dense(D - 1))
    outputs, state, lengths = S.dynamic_decode(decoder, impute_finished=True)
    return ({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "state": state,
             "lengths": lengths}, {x: X[:, :, :D - 1], aux: X[:, :, D - 1:]})


def sample_embedding_cold(tf, S):
    embedding = tf.get_variable("embedding", [V, D])
    cell = tf.nn.rnn_cell.GRUCell(H)
    h0 = tf.placeholder(tf.float32, (B, H), name="h0")
    helper = S.SampleEmbeddingHelper(embedding, tf.fill([B], 1), 2, softmax_temperature=1.0 / SHARP, seed=5)
    decoder = S.BasicDecoder(cell, helper, h0, output_layer=tf.layers.Dense(V, use_bias=False))
    outputs, state, lengths = S.dynamic_decode(decoder, maximum_iterations=6, impute_finished=True)
    return ({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "state": state,
             "lengths": lengths},
            {h0: np.random.RandomState(3).uniform(-2, 2, (B, H)).astype(np.float32)})


# ------------------------------------------------------------------------------ monotonic attention

P_CHOOSE = np.random.RandomState(9).uniform(0.05, 0.95, (B, 6)).astype(np.float32)
PREV = np.random.RandomState(10).dirichlet(np.ones(6), B).astype(np.float32)


def monotonic_functions(tf, S):
    p = tf.placeholder(tf.float32, (B, 6), name="p_choose_i")
    prev = tf.placeholder(tf.float32, (B, 6), name="previous_attention")
    out = {"cumprod": S.safe_cumprod(1 - p, axis=1), "cumprod_exclusive": S.safe_cumprod(p, axis=1, exclusive=True),
           "cumprod_reverse": S.safe_cumprod(p, axis=1, reverse=True)}
    for mode in ("parallel", "recursive", "hard"):
        out[mode] = S.monotonic_attention(p, prev, mode)
    out["hard_one_hot"] = S.monotonic_attention(tf.cast(p > 0.5, tf.float32), tf.one_hot([0, 2, 5], 6), "hard")
    return out, {p: P_CHOOSE, prev: PREV}


def _monotonic_training(tf, S, att, cell):
    x = tf.placeholder(tf.float32, (B, T, D), name="x")
    cell = S.AttentionWrapper(cell, att, attention_layer_size=4)
    helper = S.TrainingHelper(x, tf.constant(LENGTHS))
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=tf.layers.Dense(V))
    outputs, state, lengths = S.dynamic_decode(decoder, impute_finished=True)
    fetches = _state_fetches(state)
    fetches.update({"rnn_output": outputs.rnn_output, "lengths": lengths})
    return fetches, {x: X}


def bahdanau_monotonic(tf, S):
    memory, feeds = _memory(tf)
    att = S.BahdanauMonotonicAttention(5, memory, memory_sequence_length=MEMORY_LENGTHS, normalize=True,
                                       score_bias_init=-1.0)
    fetches, more = _monotonic_training(tf, S, att, tf.nn.rnn_cell.BasicLSTMCell(H))
    feeds.update(more)
    return fetches, feeds


def bahdanau_monotonic_hard(tf, S):
    memory, feeds = _memory(tf)
    att = S.BahdanauMonotonicAttention(5, memory, memory_sequence_length=MEMORY_LENGTHS, mode="hard")
    fetches, more = _monotonic_training(tf, S, att, tf.nn.rnn_cell.GRUCell(H))
    feeds.update(more)
    return fetches, feeds


def luong_monotonic_recursive(tf, S):
    memory, feeds = _memory(tf)
    att = S.LuongMonotonicAttention(H, memory, memory_sequence_length=MEMORY_LENGTHS, scale=True, mode="recursive",
                                    score_bias_init=0.5)
    fetches, more = _monotonic_training(tf, S, att, tf.nn.rnn_cell.GRUCell(H))
    feeds.update(more)
    return fetches, feeds


def luong_monotonic_parallel_unmasked(tf, S):
    memory, feeds = _memory(tf)
    att = S.LuongMonotonicAttention(H, memory)
    fetches, more = _monotonic_training(tf, S, att, tf.nn.rnn_cell.BasicLSTMCell(H))
    feeds.update(more)
    return fetches, feeds


CASES = [scheduled_embedding_never, scheduled_embedding_always, scheduled_output_always, scheduled_output_never,
         scheduled_output_next_inputs_fn_auxiliary, sample_embedding_cold, monotonic_functions, bahdanau_monotonic,
         bahdanau_monotonic_hard, luong_monotonic_recursive, luong_monotonic_parallel_unmasked]
