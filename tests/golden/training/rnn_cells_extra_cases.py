"""tf.contrib.rnn's extra cells (TF 1.15 `contrib/rnn/python/ops/rnn_cell.py`), run identically on real
TensorFlow (rnn_cells_extra_make.py records them, with TF 1.15's own contrib source) and on tf1
(tests/training/test_rnn_cells_extra.py).

Each case builds a cell from `R` (the `tf.contrib.rnn` namespace) and runs it with `tf.nn.dynamic_rnn`;
`run_case` gives every variable a fixed seeded value, then fetches outputs, final states, their names
and static shapes, the variable names and the gradients of `sum(all fetched floats)` with respect to
every trainable variable and fed float input.
"""
import numpy as np

B, T = 3, 4
SEQ = np.array([4, 2, 3], np.int32)


def _x(shape, seed):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32)


def _run(tf, cell, shape, seq=True, time_input=False):
    x = tf.placeholder(tf.float32, [B, T] + list(shape), name="x")
    feeds = {x: _x([B, T] + list(shape), 7)}
    inputs = x
    if time_input:  # PhasedLSTMCell reads (time, features)
        times = tf.placeholder(tf.float32, [B, T, 1], name="times")
        feeds[times] = np.cumsum(np.random.RandomState(8).uniform(0.2, 1.5, [B, T, 1]), 1).astype(np.float32)
        inputs = (times, x)
    kw = {"sequence_length": tf.constant(SEQ)} if seq else {}
    outputs, state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32, **kw)
    return {"outputs": outputs, "state": state}, feeds


def attention_cell_wrapper(tf, R):
    cell = R.AttentionCellWrapper(tf.nn.rnn_cell.LSTMCell(5), attn_length=2, state_is_tuple=True)
    return _run(tf, cell, [3])


def attention_cell_wrapper_sizes(tf, R):
    cell = R.AttentionCellWrapper(tf.nn.rnn_cell.GRUCell(4), attn_length=3, attn_size=2, attn_vec_size=6,
                                  input_size=5, state_is_tuple=True)
    return _run(tf, cell, [3], seq=False)


def highway_wrapper(tf, R):
    return _run(tf, R.HighwayWrapper(tf.nn.rnn_cell.GRUCell(4), couple_carry_transform_gates=True), [4])


def highway_wrapper_uncoupled(tf, R):
    cell = R.HighwayWrapper(tf.nn.rnn_cell.BasicRNNCell(4), couple_carry_transform_gates=False,
                            carry_bias_init=0.5)
    return _run(tf, cell, [4], seq=False)


def cifg_lstm(tf, R):
    return _run(tf, R.CoupledInputForgetGateLSTMCell(5), [3])


def cifg_lstm_peephole_proj_clip_norm(tf, R):
    cell = R.CoupledInputForgetGateLSTMCell(5, use_peepholes=True, num_proj=3, proj_clip=0.2, layer_norm=True,
                                            forget_bias=0.5)
    return _run(tf, cell, [3])


def conv1d_lstm(tf, R):
    return _run(tf, R.Conv1DLSTMCell(input_shape=[6, 2], output_channels=3, kernel_shape=[3]), [6, 2])


def conv2d_lstm(tf, R):
    cell = R.Conv2DLSTMCell(input_shape=[4, 3, 2], output_channels=2, kernel_shape=[3, 2],
                            forget_bias=0.7)
    return _run(tf, cell, [4, 3, 2], seq=False)


def indy_lstm(tf, R):
    return _run(tf, R.IndyLSTMCell(5), [3])


def ind_rnn(tf, R):
    return _run(tf, R.IndRNNCell(5), [3])


def ugrnn(tf, R):
    return _run(tf, R.UGRNNCell(5, forget_bias=0.5), [3])


def intersection_rnn(tf, R):
    return _run(tf, R.IntersectionRNNCell(5, num_in_proj=5), [3])


def intersection_rnn_same_size(tf, R):
    return _run(tf, R.IntersectionRNNCell(4, y_activation=tf.nn.tanh), [4], seq=False)


def nas_cell(tf, R):
    return _run(tf, R.NASCell(5), [3])


def nas_cell_proj_biases(tf, R):
    return _run(tf, R.NASCell(5, num_proj=3, use_bias=True), [3])


def sru_cell(tf, R):
    return _run(tf, R.SRUCell(5), [3])


def phased_lstm(tf, R):
    return _run(tf, R.PhasedLSTMCell(5), [3], time_input=True)


def phased_lstm_peepholes(tf, R):
    return _run(tf, R.PhasedLSTMCell(5, use_peepholes=True, leak=0.01, ratio_on=0.2), [3], seq=False,
                time_input=True)


def glstm(tf, R):
    return _run(tf, R.GLSTMCell(4, number_of_groups=2), [6])


def glstm_proj(tf, R):
    return _run(tf, R.GLSTMCell(6, number_of_groups=3, num_proj=3, forget_bias=0.5), [3], seq=False)


def layer_norm_lstm(tf, R):
    return _run(tf, R.LayerNormLSTMCell(5, layer_norm=True), [3])


def layer_norm_lstm_peephole_proj(tf, R):
    cell = R.LayerNormLSTMCell(5, use_peepholes=True, cell_clip=0.5, num_proj=3, proj_clip=0.4, layer_norm=True, norm_gain=1.5,
                               norm_shift=0.1)
    return _run(tf, cell, [3], seq=False)


def conv3d_lstm(tf, R):
    cell = R.Conv3DLSTMCell(input_shape=[3, 2, 2, 1], output_channels=2, kernel_shape=[2, 2, 1], use_bias=False)
    return _run(tf, cell, [3, 2, 2, 1])


def indy_gru(tf, R):
    return _run(tf, R.IndyGRUCell(5), [3])


def minimal_rnn(tf, R):
    return _run(tf, R.MinimalRNNCell(5), [3])


def cfn(tf, R):
    return _run(tf, R.CFNCell(5, activation="relu"), [3], seq=False)


def weight_norm_lstm(tf, R):
    return _run(tf, R.WeightNormLSTMCell(5), [3])


def weight_norm_lstm_peephole_proj_clip(tf, R):
    cell = R.WeightNormLSTMCell(5, use_peepholes=True, cell_clip=0.4, num_proj=3, proj_clip=0.3, forget_bias=0.5)
    return _run(tf, cell, [3], seq=False)


CASES = [attention_cell_wrapper, attention_cell_wrapper_sizes, highway_wrapper, highway_wrapper_uncoupled,
         cifg_lstm, cifg_lstm_peephole_proj_clip_norm, conv1d_lstm, conv2d_lstm, indy_lstm, ind_rnn, ugrnn,
         intersection_rnn, intersection_rnn_same_size, nas_cell, nas_cell_proj_biases, sru_cell, phased_lstm,
         phased_lstm_peepholes, glstm, glstm_proj, layer_norm_lstm, layer_norm_lstm_peephole_proj,
         conv3d_lstm, indy_gru, minimal_rnn, cfn, weight_norm_lstm, weight_norm_lstm_peephole_proj_clip]


def _flat(x):
    if isinstance(x, (tuple, list)):
        return [t for e in x for t in _flat(e)]
    return [x]


def variable_value(i, v):
    """The fixed value run_case loads into the i-th variable (sorted by name): PhasedLSTMCell's period
    stays positive."""
    shape = v.get_shape().as_list()
    rng = np.random.RandomState(100 + i)
    if "period" in v.name:
        return rng.uniform(1.0, 3.0, shape).astype(np.float32)
    return rng.uniform(-0.5, 0.5, shape).astype(np.float32)


def run_case(tf, R, case):
    """{"names": {label: tensor name}, "shapes": {label: str(static shape)}, "variables": [[name, shape]],
    "values": {key: array}}."""
    with tf.Graph().as_default():
        fetches, feeds = case(tf, R)
        labels, tensors = [], []
        for k in sorted(fetches):
            flat = _flat(fetches[k])
            for i, t in enumerate(flat):
                labels.append(k if len(flat) == 1 else "%s_%d" % (k, i))
                tensors.append(t)
        variables = sorted(tf.global_variables(), key=lambda v: v.name)
        total = tf.add_n([tf.reduce_sum(t) for t in tensors])
        xs = list(tf.trainable_variables()) + [p for p in feeds if p.dtype == tf.float32]
        grads = tf.gradients(total, xs)
        with tf.Session() as sess:
            for i, v in enumerate(variables):
                v.load(variable_value(i, v), sess)
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
