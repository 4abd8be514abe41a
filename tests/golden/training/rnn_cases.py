"""RNN cases run identically on real TensorFlow (make_rnn.py records them) and on tf1 (test_rnn.py).

Each case builds a graph with `tf` and returns (fetches, feeds): `fetches` maps a label to a tensor
(or a structure of tensors). `run_case` then gives every global variable a fixed value (uniform in
[-0.5, 0.5) from a RandomState seeded by its position in name order), and fetches the tensors, their
names, the variable names, and the gradients of `sum(all fetched floats)` with respect to every
trainable variable and every fed float input.
"""
import numpy as np

B, T, D, H = 3, 5, 4, 6
RNG = np.random.RandomState(7)
X = RNG.uniform(-1, 1, (B, T, D)).astype(np.float32)
X_TM = np.transpose(X, (1, 0, 2)).copy()
SEQ = np.array([5, 2, 3], np.int32)
C0 = RNG.uniform(-1, 1, (B, H)).astype(np.float32)
H0 = RNG.uniform(-1, 1, (B, H)).astype(np.float32)


def _x(tf, shape=(B, T, D), name="x"):
    return tf.placeholder(tf.float32, list(shape), name=name)


def cell_basic_rnn(tf):
    x = tf.placeholder(tf.float32, [B, D], name="x")
    cell = tf.nn.rnn_cell.BasicRNNCell(H)
    out, st = cell(x, cell.zero_state(B, tf.float32))
    return {"out": out, "state": st, "sizes": None}, {x: X[:, 0]}


def cell_basic_lstm(tf):
    x = tf.placeholder(tf.float32, [B, D], name="x")
    cell = tf.nn.rnn_cell.BasicLSTMCell(H, forget_bias=0.5)
    c = tf.placeholder(tf.float32, [B, H], name="c")
    h = tf.placeholder(tf.float32, [B, H], name="h")
    out, st = cell(x, tf.nn.rnn_cell.LSTMStateTuple(c, h))
    return {"out": out, "c": st.c, "h": st.h}, {x: X[:, 0], c: C0, h: H0}


def cell_basic_lstm_concat_state(tf):
    x = tf.placeholder(tf.float32, [B, D], name="x")
    cell = tf.nn.rnn_cell.BasicLSTMCell(H, state_is_tuple=False)
    s = tf.placeholder(tf.float32, [B, 2 * H], name="s")
    out, st = cell(x, s)
    return {"out": out, "state": st}, {x: X[:, 0], s: np.concatenate([C0, H0], 1)}


def cell_lstm_peephole_proj(tf):
    x = tf.placeholder(tf.float32, [B, D], name="x")
    cell = tf.nn.rnn_cell.LSTMCell(H, use_peepholes=True, num_proj=3, cell_clip=0.3, proj_clip=0.2)
    c = tf.placeholder(tf.float32, [B, H], name="c")
    h = tf.placeholder(tf.float32, [B, 3], name="h")
    out, st = cell(x, tf.nn.rnn_cell.LSTMStateTuple(c, h))
    return {"out": out, "c": st.c, "h": st.h}, {x: X[:, 0], c: C0, h: H0[:, :3]}


def cell_gru(tf):
    x = tf.placeholder(tf.float32, [B, D], name="x")
    cell = tf.nn.rnn_cell.GRUCell(H)
    s = tf.placeholder(tf.float32, [B, H], name="s")
    out, st = cell(x, s)
    return {"out": out, "state": st}, {x: X[:, 0], s: H0}


def cell_multi(tf):
    x = tf.placeholder(tf.float32, [B, D], name="x")
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(H), tf.nn.rnn_cell.GRUCell(H)])
    out, st = cell(x, cell.zero_state(B, tf.float32))
    return {"out": out, "s0c": st[0].c, "s0h": st[0].h, "s1": st[1]}, {x: X[:, 0]}


def dyn_lstm_seq_len(tf):
    x = _x(tf, (None, T, D))
    sl = tf.placeholder(tf.int32, [None], name="sl")
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    o, s = tf.nn.dynamic_rnn(cell, x, sequence_length=sl, dtype=tf.float32)
    return {"out": o, "c": s.c, "h": s.h}, {x: X, sl: SEQ}


def dyn_lstm_init_state(tf):
    x = _x(tf)
    c = tf.placeholder(tf.float32, [B, H], name="c")
    h = tf.placeholder(tf.float32, [B, H], name="h")
    cell = tf.nn.rnn_cell.LSTMCell(H, use_peepholes=True)
    o, s = tf.nn.dynamic_rnn(cell, x, initial_state=tf.nn.rnn_cell.LSTMStateTuple(c, h))
    return {"out": o, "c": s.c, "h": s.h}, {x: X, c: C0, h: H0}


def dyn_gru_time_major(tf):
    x = _x(tf, (T, B, D))
    sl = tf.placeholder(tf.int32, [B], name="sl")
    o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(H), x, sequence_length=sl, dtype=tf.float32,
                             time_major=True, scope="enc")
    return {"out": o, "state": s}, {x: X_TM, sl: SEQ}


def dyn_multi_basic_rnn(tf):
    x = _x(tf)
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(H) for _ in range(2)])
    o, s = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return {"out": o, "s0": s[0], "s1": s[1]}, {x: X}


def dyn_residual_dropout1(tf):
    x = _x(tf, (B, T, H))
    cell = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(H),
                                                                        output_keep_prob=1.0))
    o, s = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return {"out": o, "state": s}, {x: np.tile(X, (1, 1, 2))[:, :, :H]}


def bidi_lstm(tf):
    x = _x(tf)
    sl = tf.placeholder(tf.int32, [B], name="sl")
    (of, ob), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.LSTMCell(H), tf.nn.rnn_cell.LSTMCell(H),
                                                         x, sequence_length=sl, dtype=tf.float32)
    return {"of": of, "ob": ob, "sfc": sf.c, "sfh": sf.h, "sbc": sb.c, "sbh": sb.h}, {x: X, sl: SEQ}


def bidi_gru_no_len(tf):
    x = _x(tf)
    (of, ob), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(H), tf.nn.rnn_cell.GRUCell(H),
                                                         x, dtype=tf.float32)
    return {"of": of, "ob": ob, "sf": sf, "sb": sb}, {x: X}


def static_lstm(tf):
    x = _x(tf)
    outs, s = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(H), tf.unstack(x, axis=1), dtype=tf.float32)
    return {"outs": outs, "c": s.c, "h": s.h}, {x: X}


def static_gru_seq_len(tf):
    x = _x(tf)
    sl = tf.placeholder(tf.int32, [B], name="sl")
    outs, s = tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(H), tf.unstack(x, axis=1), dtype=tf.float32,
                               sequence_length=sl)
    return {"outs": outs, "state": s}, {x: X, sl: SEQ}


def static_bidi(tf):
    x = _x(tf)
    sl = tf.placeholder(tf.int32, [B], name="sl")
    outs, sf, sb = tf.nn.static_bidirectional_rnn(tf.nn.rnn_cell.BasicRNNCell(H), tf.nn.rnn_cell.BasicRNNCell(H),
                                                  tf.unstack(x, axis=1), dtype=tf.float32, sequence_length=sl)
    return {"outs": outs, "sf": sf, "sb": sb}, {x: X, sl: SEQ}


CASES = [cell_basic_rnn, cell_basic_lstm, cell_basic_lstm_concat_state, cell_lstm_peephole_proj, cell_gru,
         cell_multi, dyn_lstm_seq_len, dyn_lstm_init_state, dyn_gru_time_major, dyn_multi_basic_rnn,
         dyn_residual_dropout1, bidi_lstm, bidi_gru_no_len, static_lstm, static_gru_seq_len, static_bidi]


def _flat(x):
    if isinstance(x, dict):
        return [v for k in sorted(x) for v in _flat(x[k])]
    if isinstance(x, (list, tuple)):
        return [v for e in x for v in _flat(e)]
    return [] if x is None else [x]


def run_case(tf, case):
    """Returns {"names": {label: tensor name}, "variables": [[name, shape]], "values": {key: array}}."""
    with tf.Graph().as_default():
        fetches, feeds = case(tf)
        fetches = {k: v for k, v in fetches.items() if v is not None}
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
            sess.run(tf.global_variables_initializer())
            for i, v in enumerate(variables):
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
                "variables": [[v.name, v.get_shape().as_list()] for v in variables],
                "values": values}
