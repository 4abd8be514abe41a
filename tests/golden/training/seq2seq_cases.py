"""tf.contrib.seq2seq cases, run identically on real TensorFlow (seq2seq_make.py records them with TF
1.15's own contrib/seq2seq sources loaded into TF 2.x) and on tf1 (tests/training/test_seq2seq.py).

Each case is `case(tf, S)` with `S` the seq2seq namespace; it returns (fetches, feeds). `run_case`
gives every variable a fixed seeded value, fetches the tensors, their names and static shapes, the
variable names and the gradients of `sum(all fetched float tensors)` with respect to every trainable
variable and fed float input.
"""
import numpy as np

B, T, D, H, V = 3, 5, 4, 6, 7
RNG = np.random.RandomState(5)
X = RNG.uniform(-1, 1, (B, T, D)).astype(np.float32)
LENGTHS = np.array([5, 2, 3], np.int32)
LOGITS = RNG.uniform(-2, 2, (B, T, V)).astype(np.float32)
TARGETS = RNG.randint(0, V, (B, T)).astype(np.int32)
WEIGHTS = (np.arange(T)[None, :] < LENGTHS[:, None]).astype(np.float32)
MEMORY = RNG.uniform(-1, 1, (B, 6, D)).astype(np.float32)
MEMORY_LENGTHS = np.array([6, 3, 4], np.int32)


# ------------------------------------------------------------------------------- sequence_loss

def _loss_inputs(tf):
    logits = tf.placeholder(tf.float32, (B, T, V), name="logits")
    targets = tf.constant(TARGETS, name="targets")
    weights = tf.placeholder(tf.float32, (B, T), name="weights")
    return logits, targets, weights, {logits: LOGITS, weights: WEIGHTS}


def loss_modes(tf, S):
    logits, targets, weights, feeds = _loss_inputs(tf)
    out = {}
    for i, (at, ab, st, sb) in enumerate([(True, True, False, False), (False, False, True, True),
                                          (True, False, False, False), (False, True, False, False),
                                          (False, False, True, False), (False, False, False, True),
                                          (False, False, False, False), (True, False, False, True)]):
        out["loss_%d" % i] = S.sequence_loss(logits, targets, weights, average_across_timesteps=at,
                                             average_across_batch=ab, sum_over_timesteps=st,
                                             sum_over_batch=sb)
    return out, feeds


def loss_custom(tf, S):
    logits, targets, weights, feeds = _loss_inputs(tf)

    def softmax_loss_function(labels, logits):
        return tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.one_hot(labels, V), logits=logits)

    return {"loss": S.sequence_loss(logits, targets, weights, softmax_loss_function=softmax_loss_function,
                                    name="custom")}, feeds


# ------------------------------------------------------------------------------- decoding

def _training_decode(tf, S, impute_finished, time_major=False, cell_kind="lstm"):
    x = tf.placeholder(tf.float32, (B, T, D), name="x")
    lengths = tf.placeholder(tf.int32, (B,), name="lengths")
    cell = tf.nn.rnn_cell.BasicLSTMCell(H) if cell_kind == "lstm" else tf.nn.rnn_cell.GRUCell(H)
    inputs = tf.transpose(x, [1, 0, 2]) if time_major else x
    helper = S.TrainingHelper(inputs, lengths, time_major=time_major)
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=tf.layers.Dense(V))
    outputs, state, final_lengths = S.dynamic_decode(decoder, impute_finished=impute_finished)
    # The decoded length is max(LENGTHS) == T, so the targets need no slicing.
    loss = S.sequence_loss(outputs.rnn_output, tf.constant(TARGETS),
                           tf.sequence_mask(final_lengths, T, dtype=tf.float32))
    return ({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "state": state,
             "lengths": final_lengths, "loss": loss},
            {x: X, lengths: LENGTHS})


def train_lstm(tf, S):
    return _training_decode(tf, S, impute_finished=False)


def train_lstm_impute(tf, S):
    return _training_decode(tf, S, impute_finished=True)


def train_gru_time_major(tf, S):
    return _training_decode(tf, S, impute_finished=True, time_major=True, cell_kind="gru")


def _greedy(tf, S, end_token, maximum_iterations, impute_finished):
    embedding = tf.get_variable("embedding", [V, D])
    cell = tf.nn.rnn_cell.GRUCell(H)
    h0 = tf.placeholder(tf.float32, (B, H), name="h0")
    helper = S.GreedyEmbeddingHelper(embedding, tf.fill([B], 1), end_token)
    decoder = S.BasicDecoder(cell, helper, h0, output_layer=tf.layers.Dense(V, use_bias=False))
    outputs, state, lengths = S.dynamic_decode(decoder, maximum_iterations=maximum_iterations,
                                               impute_finished=impute_finished, scope="infer")
    return ({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "state": state,
             "lengths": lengths},
            {h0: np.random.RandomState(3).uniform(-2, 2, (B, H)).astype(np.float32)})


def inference_helper(tf, S):
    """Continuous outputs fed back as inputs (a regression decoder), ending when the first output
    drops below 0.1; sample ids are float vectors."""
    start = tf.placeholder(tf.float32, (B, D), name="start")
    cell = tf.nn.rnn_cell.BasicRNNCell(H)
    helper = S.InferenceHelper(sample_fn=lambda outputs: tf.tanh(outputs), sample_shape=[D],
                               sample_dtype=tf.float32, start_inputs=start,
                               end_fn=lambda sample_ids: sample_ids[:, 0] < 0.1,
                               next_inputs_fn=lambda sample_ids: 2.0 * sample_ids)
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=tf.layers.Dense(D))
    outputs, state, lengths = S.dynamic_decode(decoder, maximum_iterations=6, impute_finished=True)
    return ({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "state": state,
             "lengths": lengths},
            {start: np.random.RandomState(6).uniform(0, 1, (B, D)).astype(np.float32)})


def greedy_max_iterations(tf, S):
    return _greedy(tf, S, end_token=-1, maximum_iterations=4, impute_finished=False)


def greedy_end_token(tf, S):
    return _greedy(tf, S, end_token=GREEDY_END, maximum_iterations=9, impute_finished=True)


def greedy_end_token_no_impute(tf, S):
    return _greedy(tf, S, end_token=GREEDY_END, maximum_iterations=9, impute_finished=False)


# ------------------------------------------------------------------------------- attention

def _memory(tf):
    memory = tf.placeholder(tf.float32, (B, 6, D), name="memory")
    return memory, {memory: MEMORY}


def _state_fetches(state):
    return {"cell_state": state.cell_state, "attention": state.attention, "time": state.time,
            "alignments": state.alignments}


def _bahdanau_training(tf, S, history):
    memory, feeds = _memory(tf)
    x = tf.placeholder(tf.float32, (B, T, D), name="x")
    feeds[x] = X
    att = S.BahdanauAttention(5, memory, memory_sequence_length=MEMORY_LENGTHS)
    cell = S.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), att, attention_layer_size=4,
                              alignment_history=history)
    c0 = tf.placeholder(tf.float32, (B, H), name="c0")
    feeds[c0] = np.random.RandomState(4).uniform(-1, 1, (B, H)).astype(np.float32)
    init = cell.zero_state(B, tf.float32).clone(cell_state=tf.nn.rnn_cell.LSTMStateTuple(c0, tf.tanh(c0)))
    helper = S.TrainingHelper(x, tf.constant(LENGTHS))
    decoder = S.BasicDecoder(cell, helper, init, output_layer=tf.layers.Dense(V))
    outputs, state, lengths = S.dynamic_decode(decoder, impute_finished=True)
    fetches = _state_fetches(state)
    fetches.update({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "lengths": lengths})
    if history:
        fetches["history"] = state.alignment_history.stack()
    return fetches, feeds


def bahdanau_training(tf, S):
    return _bahdanau_training(tf, S, history=False)


def alignment_history(tf, S):
    return _bahdanau_training(tf, S, history=True)


# tf1 runs a step that grows a TensorArray op by op (its size changes every step); the values and
# names are checked, the (slow) gradients are left to bahdanau_training.
alignment_history.gradients = False


def bahdanau_normalized(tf, S):
    memory, feeds = _memory(tf)
    x = tf.placeholder(tf.float32, (B, T, D), name="x")
    feeds[x] = X
    att = S.BahdanauAttention(5, memory, memory_sequence_length=MEMORY_LENGTHS, normalize=True)
    cell = S.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), att, output_attention=False)
    helper = S.TrainingHelper(x, tf.constant(LENGTHS))
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    outputs, state, lengths = S.dynamic_decode(decoder, scope="attn")
    fetches = _state_fetches(state)
    fetches.update({"rnn_output": outputs.rnn_output, "lengths": lengths})
    return fetches, feeds


def luong_greedy(tf, S):
    memory, feeds = _memory(tf)
    att = S.LuongAttention(H, memory, memory_sequence_length=MEMORY_LENGTHS, scale=True)
    cell = S.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), att, attention_layer_size=H, name="attn_cell")
    embedding = tf.get_variable("embedding", [V, D])
    helper = S.GreedyEmbeddingHelper(embedding, tf.fill([B], 1), GREEDY_END)
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=tf.layers.Dense(V))
    outputs, state, lengths = S.dynamic_decode(decoder, maximum_iterations=7, impute_finished=True)
    fetches = _state_fetches(state)
    fetches.update({"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "lengths": lengths})
    return fetches, feeds


def luong_unmasked(tf, S):
    memory, feeds = _memory(tf)
    x = tf.placeholder(tf.float32, (B, T, D), name="x")
    feeds[x] = X
    att = S.LuongAttention(H, memory)
    cell = S.AttentionWrapper(tf.nn.rnn_cell.BasicRNNCell(H), att)
    helper = S.TrainingHelper(x, tf.constant(LENGTHS))
    decoder = S.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    outputs, state, lengths = S.dynamic_decode(decoder)
    fetches = _state_fetches(state)
    fetches.update({"rnn_output": outputs.rnn_output, "hardmax": S.hardmax(outputs.rnn_output)})
    return fetches, feeds


# ------------------------------------------------------------------------------- beam search

K = 3  # beam width


def gather_tree(tf, S):
    # TF's documented example, plus a second batch entry with a shorter length and an early end token.
    step_ids = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 9], [-1, -1, -1]],
                         [[3, 2, 1], [10, 5, 4], [6, 10, 9], [2, 2, 2]]], np.int32).transpose([1, 0, 2])
    parent_ids = np.array([[[0, 0, 0], [0, 1, 1], [2, 1, 2], [-1, -1, -1]],
                           [[0, 0, 0], [2, 0, 1], [0, 1, 2], [1, 1, 0]]], np.int32).transpose([1, 0, 2])
    ids = tf.placeholder(tf.int32, (4, 2, 3), name="ids")
    return {"beams": S.gather_tree(ids, tf.constant(parent_ids), [3, 4], 10)}, {ids: step_ids}


def tile_batch(tf, S):
    x = tf.placeholder(tf.float32, (B, 2, 3), name="x")
    return {"tiled": S.tile_batch((x, tf.constant([1, 2, 3])), 2)}, \
        {x: RNG_TILE.uniform(-1, 1, (B, 2, 3)).astype(np.float32)}


RNG_TILE = np.random.RandomState(8)


def _beam_outputs(outputs, state, lengths):
    return {"predicted_ids": outputs.predicted_ids, "scores": outputs.beam_search_decoder_output.scores,
            "parent_ids": outputs.beam_search_decoder_output.parent_ids, "log_probs": state.log_probs,
            "finished": state.finished, "beam_lengths": state.lengths, "lengths": lengths}


def beam_search(tf, S):
    embedding = tf.get_variable("embedding", [V, D])
    h0 = tf.placeholder(tf.float32, (B, H), name="h0")
    cell = tf.nn.rnn_cell.GRUCell(H)
    decoder = S.BeamSearchDecoder(cell, embedding, tf.fill([B], 1), 3, S.tile_batch(h0, K), K,
                                  output_layer=tf.layers.Dense(V), length_penalty_weight=0.6)
    outputs, state, lengths = S.dynamic_decode(decoder, maximum_iterations=6)
    fetches = _beam_outputs(outputs, state, lengths)
    fetches["cell_state"] = state.cell_state
    return fetches, {h0: np.random.RandomState(3).uniform(-2, 2, (B, H)).astype(np.float32)}


def beam_search_attention(tf, S):
    memory, feeds = _memory(tf)
    embedding = tf.get_variable("embedding", [V, D])
    att = S.LuongAttention(H, S.tile_batch(memory, K),
                           memory_sequence_length=S.tile_batch(tf.constant(MEMORY_LENGTHS), K))
    cell = S.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), att, attention_layer_size=H)
    init = cell.zero_state(B * K, tf.float32)
    decoder = S.BeamSearchDecoder(cell, embedding, tf.fill([B], 1), GREEDY_END, init, K,
                                  output_layer=tf.layers.Dense(V), coverage_penalty_weight=0.3)
    outputs, state, lengths = S.dynamic_decode(decoder, maximum_iterations=5, output_time_major=True)
    fetches = _beam_outputs(outputs, state, lengths)
    fetches["alignments"] = state.cell_state.alignments
    fetches["accumulated"] = state.accumulated_attention_probs
    return fetches, feeds


GREEDY_END = 4  # the sequences emit it at different steps and all end before maximum_iterations

CASES = [loss_modes, loss_custom, train_lstm, train_lstm_impute, train_gru_time_major,
         greedy_max_iterations, greedy_end_token, greedy_end_token_no_impute, inference_helper,
         bahdanau_training, alignment_history, bahdanau_normalized, luong_greedy, luong_unmasked,
         gather_tree, tile_batch, beam_search, beam_search_attention]


# ------------------------------------------------------------------------------- training

def train_steps(tf, S, steps=3):
    """A small attention NMT-style model with unknown batch and time sizes trained by SGD: the loss
    after each of `steps` updates."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, (None, None, D), name="x")
        lengths = tf.placeholder(tf.int32, (None,), name="lengths")
        memory = tf.placeholder(tf.float32, (None, None, D), name="memory")
        att = S.BahdanauAttention(5, memory, memory_sequence_length=lengths)
        cell = S.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(H), att, attention_layer_size=4)
        helper = S.TrainingHelper(x, lengths)
        decoder = S.BasicDecoder(cell, helper, cell.zero_state(tf.shape(x)[0], tf.float32),
                                 output_layer=tf.layers.Dense(V))
        outputs, _, final_lengths = S.dynamic_decode(decoder, impute_finished=True)
        targets = tf.placeholder(tf.int32, (None, None), name="targets")
        loss = S.sequence_loss(outputs.rnn_output, targets,
                               tf.sequence_mask(final_lengths, tf.shape(targets)[1], dtype=tf.float32))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        feeds = {x: X, lengths: LENGTHS, memory: MEMORY[:, :5], targets: TARGETS}
        losses = []
        with tf.Session() as sess:
            for i, v in enumerate(sorted(tf.global_variables(), key=lambda v: v.name)):
                v.load(np.random.RandomState(100 + i).uniform(-0.5, 0.5, v.get_shape().as_list())
                       .astype(np.float32), sess)
            for _ in range(steps):
                losses.append(sess.run([loss, train], feeds)[0])
            losses.append(sess.run(loss, feeds))
        return np.array(losses, np.float32)


def _flat(x):
    if isinstance(x, (list, tuple)):
        return [leaf for v in x for leaf in _flat(v)]
    return [x]


def run_case(tf, S, case):
    """{"names": {label: tensor name}, "shapes": {label: str(static shape)}, "variables": [[name, shape]],
    "values": {key: array}}."""
    with tf.Graph().as_default():
        fetches, feeds = case(tf, S)
        labels, tensors = [], []
        for k in sorted(fetches):
            flat = _flat(fetches[k])
            for i, t in enumerate(flat):
                labels.append(k if len(flat) == 1 else "%s_%d" % (k, i))
                tensors.append(t)
        variables = sorted(tf.global_variables(), key=lambda v: v.name)
        floats = [tf.reduce_sum(t) for t in tensors if t.dtype == tf.float32]
        xs = list(tf.trainable_variables()) + [p for p in feeds if p.dtype == tf.float32]
        if not getattr(case, "gradients", True) or not floats:
            xs = []
        total = tf.add_n(floats) if xs else None
        grads = [tf.convert_to_tensor(g) if g is not None and hasattr(g, "indices") else g
                 for g in (tf.gradients(total, xs) if xs else [])]  # embedding gradients are IndexedSlices
        with tf.Session() as sess:
            for i, v in enumerate(variables):  # load initializes: no initializer program to compile
                value = np.random.RandomState(100 + i).uniform(-0.5, 0.5, v.get_shape().as_list())
                v.load(value.astype(np.float32), sess)
            got = sess.run(tensors + [g for g in grads if g is not None], feeds)
        values = dict(zip(labels, got[:len(tensors)]))
        gi = len(tensors)
        for x, g in zip(xs, grads):
            if g is not None:
                values["grad:" + x.name] = got[gi]
                gi += 1
        return {"names": dict(zip(labels, [t.name for t in tensors])),
                "shapes": dict(zip(labels, [str(t.get_shape()) for t in tensors])),
                "variables": [[v.name, v.get_shape().as_list()] for v in variables],
                "values": values}
