"""Records real TensorFlow's results for tf.contrib.rnn's fused cells (tests/training/test_rnn_fused.py).

Command (from the repository root):
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \
        /opt/tfvenv/bin/python rnn_fused_make.py

TF 2.21 has no tf.contrib, but the contrib cells' kernels are still there as raw ops. Values come from:
- LSTMBlockCell (one step, and unrolled with dynamic_rnn's sequence-length semantics):
  `tf.raw_ops.LSTMBlockCell`, differentiated with TF 1.15's `_LSTMBlockCellGrad` (registered below; it is
  `tf.raw_ops.LSTMBlockCellGrad` plus the matmuls TF 1.15's lstm_ops.py adds around it);
- LSTMBlockFusedCell: `tf.raw_ops.BlockLSTM` with TF 1.15's `LSTMBlockWrapper.call` masking/gathering,
  differentiated with TF's own registered BlockLSTM gradient;
- GRUBlockCell / GRUBlockCellV2: `tf.raw_ops.GRUBlockCell` with TF 1.15's `_GRUBlockCellGrad`;
- LayerNormBasicLSTMCell: TF 1.15's cell written out on tf-keras's legacy `RNNCell` (TF 1.15's code),
  with contrib's `layer_norm` math, run by the real `dynamic_rnn`; its variable names are recorded.
Writes `rnn_fused_golden.npz` (inputs, weights, outputs and gradients keyed `<case>/<kind>/<name>`) and
`rnn_fused_golden.json` (the LayerNormBasicLSTMCell cases' variable names and shapes).
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.framework import ops
from tensorflow.python.ops import rnn_grad  # noqa: F401  (registers BlockLSTM's gradient)

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

B, T, D, H = 3, 4, 4, 5
RNG = np.random.RandomState(2024)
X_TM = RNG.uniform(-1, 1, (T, B, D)).astype(np.float32)  # time-major inputs
C0 = RNG.uniform(-1, 1, (B, H)).astype(np.float32)
H0 = RNG.uniform(-1, 1, (B, H)).astype(np.float32)
SEQ = np.array([3, 1, 2], np.int32)  # max 3 < T: the fused kernel stops at seq_len_max


def _u(shape, seed):
    return np.random.RandomState(seed).uniform(-0.5, 0.5, shape).astype(np.float32)


# ------------------------------------------------------------------ TF 1.15's python gradients

@ops.RegisterGradient("LSTMBlockCell")
def _lstm_block_cell_grad(op, *grad):
    x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
    i, cs, f, o, ci, co, _ = op.outputs
    d = x.get_shape()[1]
    cs_prev_grad, dicfo, wci_grad, wcf_grad, wco_grad = tf.raw_ops.LSTMBlockCellGrad(
        x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco, b=b, i=i, cs=cs, f=f, o=o,
        ci=ci, co=co, cs_grad=grad[1], h_grad=grad[6], use_peephole=op.get_attr("use_peephole"))
    xh_grad = tf.matmul(dicfo, w, transpose_b=True)
    w_grad = tf.matmul(tf.concat([x, h_prev], 1), dicfo, transpose_a=True)
    return (xh_grad[:, :d], cs_prev_grad, xh_grad[:, d:], w_grad, wci_grad, wcf_grad, wco_grad,
            tf.reduce_sum(dicfo, 0))


@ops.RegisterGradient("GRUBlockCell")
def _gru_block_cell_grad(op, *grad):
    x, h_prev, w_ru, w_c, b_ru, b_c = op.inputs
    r, u, c, _ = op.outputs
    d_x, d_h_prev, d_c_bar, d_r_bar_u_bar = tf.raw_ops.GRUBlockCellGrad(
        x=x, h_prev=h_prev, w_ru=w_ru, w_c=w_c, b_ru=b_ru, b_c=b_c, r=r, u=u, c=c, d_h=grad[3])
    d_w_ru = tf.matmul(tf.concat([x, h_prev], 1), d_r_bar_u_bar, transpose_a=True)
    d_w_c = tf.matmul(tf.concat([x, h_prev * r], 1), d_c_bar, transpose_a=True)
    return d_x, d_h_prev, d_w_ru, d_w_c, tf.reduce_sum(d_r_bar_u_bar, 0), tf.reduce_sum(d_c_bar, 0)


# ------------------------------------------------------------------------------ case helpers

def _lstm_weights(peephole):
    w = {"kernel": _u([D + H, 4 * H], 1), "bias": _u([4 * H], 2)}
    if peephole:
        w.update({"w_i_diag": _u([H], 3), "w_f_diag": _u([H], 4), "w_o_diag": _u([H], 5)})
    return w


def _peepholes(wt, peephole):
    if peephole:
        return wt["w_i_diag"], wt["w_f_diag"], wt["w_o_diag"]
    z = tf.zeros([H])
    return z, z, z


def _run(fetches, wrt):
    """Evaluates `fetches` ({label: tensor}) and the gradients of sum_k sum(fetch_k * R_k) w.r.t. `wrt`
    ({name: tensor}); R_k is uniform(-1, 1) from a RandomState seeded by the label's position."""
    labels = sorted(fetches)
    loss = tf.add_n([tf.reduce_sum(fetches[k] * _weights_for(k, i, fetches[k].get_shape().as_list()))
                     for i, k in enumerate(labels)])
    names = sorted(wrt)
    grads = tf.gradients(loss, [wrt[n] for n in names])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([fetches[k] for k in labels] + grads)
    out = {"out/" + k: v for k, v in zip(labels, got)}
    out.update({"grad/" + n: g for n, g in zip(names, got[len(labels):])})
    return out


def _weights_for(label, i, shape):
    return tf.constant(np.random.RandomState(500 + i).uniform(-1, 1, shape).astype(np.float32))


def _consts(arrays):
    return {k: tf.constant(v) for k, v in arrays.items()}


# ---------------------------------------------------------------------------------- LSTM cases

def _lstm_cell_step(forget_bias, cell_clip, peephole):
    wt_np = _lstm_weights(peephole)
    inputs = {"x": X_TM[0], "c0": C0, "h0": H0}
    wt, inp = _consts(wt_np), _consts(inputs)
    wci, wcf, wco = _peepholes(wt, peephole)
    _, cs, _, _, _, _, h = tf.raw_ops.LSTMBlockCell(
        x=inp["x"], cs_prev=inp["c0"], h_prev=inp["h0"], w=wt["kernel"], wci=wci, wcf=wcf, wco=wco,
        b=wt["bias"], forget_bias=forget_bias, cell_clip=cell_clip if cell_clip is not None else -1,
        use_peephole=peephole)
    res = _run({"h": h, "c": cs}, dict(wt, **inp))
    res.update({"var/" + k: v for k, v in wt_np.items()})
    res.update({"in/" + k: v for k, v in inputs.items()})
    return res


def lstm_cell_plain():
    return _lstm_cell_step(1.0, None, False)


def lstm_cell_peephole_clip():
    return _lstm_cell_step(0.5, 0.2, True)


def lstm_cell_dynamic_rnn():
    """dynamic_rnn over LSTMBlockCell(forget_bias=0.7, use_peephole=True), batch-major inputs,
    sequence_length and an initial state: the step op unrolled with dynamic_rnn's copy-through."""
    wt_np = _lstm_weights(True)
    inputs = {"x": np.transpose(X_TM, (1, 0, 2)).copy(), "c0": C0, "h0": H0}
    wt, inp = _consts(wt_np), _consts(inputs)
    wci, wcf, wco = _peepholes(wt, True)
    c, h, outs = inp["c0"], inp["h0"], []
    for t in range(T):
        _, cs, _, _, _, _, hn = tf.raw_ops.LSTMBlockCell(
            x=inp["x"][:, t], cs_prev=c, h_prev=h, w=wt["kernel"], wci=wci, wcf=wcf, wco=wco, b=wt["bias"],
            forget_bias=0.7, cell_clip=-1, use_peephole=True)
        valid = tf.constant((t < SEQ)[:, None].repeat(H, 1))
        outs.append(tf.where(valid, hn, tf.zeros_like(hn)))
        c, h = tf.where(valid, cs, c), tf.where(valid, hn, h)
    res = _run({"out": tf.stack(outs, 1), "c": c, "h": h}, dict(wt, **inp))
    res.update({"var/" + k: v for k, v in wt_np.items()})
    res.update({"in/" + k: v for k, v in inputs.items()})
    res["in/seq"] = SEQ
    return res


def _fused(forget_bias, cell_clip, peephole, with_state, with_seq):
    """TF 1.15's LSTMBlockWrapper.call + LSTMBlockFusedCell._call_cell, on the raw BlockLSTM op."""
    wt_np = _lstm_weights(peephole)
    inputs = {"x": X_TM}
    if with_state:
        inputs.update({"c0": C0, "h0": H0})
    wt, inp = _consts(wt_np), _consts(inputs)
    wci, wcf, wco = _peepholes(wt, peephole)
    c0 = inp.get("c0", tf.zeros([B, H]))
    h0 = inp.get("h0", tf.zeros([B, H]))
    seq_len_max = tf.constant(int(SEQ.max()) if with_seq else T, tf.int64)
    _, cs, _, _, _, _, h = tf.raw_ops.BlockLSTM(
        seq_len_max=seq_len_max, x=inp["x"], cs_prev=c0, h_prev=h0, w=wt["kernel"], wci=wci, wcf=wcf,
        wco=wco, b=wt["bias"], forget_bias=forget_bias, cell_clip=cell_clip if cell_clip is not None else -1,
        use_peephole=peephole)
    if with_seq:
        seq = tf.constant(SEQ)
        mask = tf.transpose(tf.sequence_mask(seq, T, dtype=tf.float32), [1, 0])
        h = h * tf.tile(tf.expand_dims(mask, -1), [1, 1, H])
        idx = tf.stack([seq, tf.range(B)], axis=1)
        final_c = tf.gather_nd(tf.concat([c0[None], cs], 0), idx)
        final_h = tf.gather_nd(tf.concat([h0[None], h], 0), idx)
    else:
        final_c, final_h = cs[-1], h[-1]
    res = _run({"out": h, "c": final_c, "h": final_h}, dict(wt, **inp))
    res.update({"var/" + k: v for k, v in wt_np.items()})
    res.update({"in/" + k: v for k, v in inputs.items()})
    if with_seq:
        res["in/seq"] = SEQ
    return res


def fused_plain():
    return _fused(1.0, None, False, False, False)


def fused_seq_peephole_clip():
    return _fused(0.7, 0.3, True, True, True)


def fused_seq_no_state():
    return _fused(1.0, None, False, False, True)


# ----------------------------------------------------------------------------------- GRU cases

def _gru_weights():
    return {"w_ru": _u([D + H, 2 * H], 11), "b_ru": _u([2 * H], 12), "w_c": _u([D + H, H], 13),
            "b_c": _u([H], 14)}


def gru_cell_step():
    wt_np = _gru_weights()
    inputs = {"x": X_TM[0], "h0": H0}
    wt, inp = _consts(wt_np), _consts(inputs)
    _, _, _, h = tf.raw_ops.GRUBlockCell(x=inp["x"], h_prev=inp["h0"], w_ru=wt["w_ru"], w_c=wt["w_c"],
                                         b_ru=wt["b_ru"], b_c=wt["b_c"])
    res = _run({"h": h}, dict(wt, **inp))
    res.update({"var/" + k: v for k, v in wt_np.items()})
    res.update({"in/" + k: v for k, v in inputs.items()})
    return res


def gru_dynamic_rnn():
    """dynamic_rnn over GRUBlockCellV2, batch-major, sequence_length, zero initial state."""
    wt_np = _gru_weights()
    inputs = {"x": np.transpose(X_TM, (1, 0, 2)).copy()}
    wt, inp = _consts(wt_np), _consts(inputs)
    h, outs = tf.zeros([B, H]), []
    for t in range(T):
        _, _, _, hn = tf.raw_ops.GRUBlockCell(x=inp["x"][:, t], h_prev=h, w_ru=wt["w_ru"], w_c=wt["w_c"],
                                              b_ru=wt["b_ru"], b_c=wt["b_c"])
        valid = tf.constant((t < SEQ)[:, None].repeat(H, 1))
        outs.append(tf.where(valid, hn, tf.zeros_like(hn)))
        h = tf.where(valid, hn, h)
    res = _run({"out": tf.stack(outs, 1), "h": h}, dict(wt, **inp))
    res.update({"var/" + k: v for k, v in wt_np.items()})
    res.update({"in/" + k: v for k, v in inputs.items()})
    res["in/seq"] = SEQ
    return res


# --------------------------------------------------------------------- LayerNormBasicLSTMCell

def _layer_norm(inp, scope):
    """contrib.layers.layer_norm(inp, reuse=True, scope=scope) for a 2-D input (TF 1.15's math)."""
    with tf.variable_scope(scope, reuse=True):
        beta = tf.get_variable("beta")
        gamma = tf.get_variable("gamma")
        mean, variance = tf.nn.moments(inp, [1], keep_dims=True)
        return tf.nn.batch_normalization(inp, mean, variance, offset=beta, scale=gamma, variance_epsilon=1e-12)


class LayerNormBasicLSTMCell(tf.nn.rnn_cell.RNNCell):
    """TF 1.15's contrib LayerNormBasicLSTMCell (rnn_cell.py), on the legacy RNNCell it subclassed."""

    def __init__(self, num_units, forget_bias=1.0, layer_norm=True, norm_gain=1.0, norm_shift=0.0):
        super().__init__()
        self._num_units, self._forget_bias = num_units, forget_bias
        self._layer_norm, self._norm_gain, self._norm_shift = layer_norm, norm_gain, norm_shift

    @property
    def state_size(self):
        return tf.nn.rnn_cell.LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def _norm(self, inp, scope, dtype=tf.float32):
        shape = inp.get_shape()[-1:]
        with tf.variable_scope(scope):
            tf.get_variable("gamma", shape=shape, initializer=tf.constant_initializer(self._norm_gain),
                            dtype=dtype)
            tf.get_variable("beta", shape=shape, initializer=tf.constant_initializer(self._norm_shift),
                            dtype=dtype)
        return _layer_norm(inp, scope)

    def _linear(self, args):
        out_size = 4 * self._num_units
        weights = tf.get_variable("kernel", [args.get_shape()[-1], out_size], dtype=args.dtype)
        out = tf.matmul(args, weights)
        if not self._layer_norm:
            out = tf.nn.bias_add(out, tf.get_variable("bias", [out_size], dtype=args.dtype))
        return out

    def call(self, inputs, state):
        c, h = state
        args = tf.concat([inputs, h], 1)
        concat = self._linear(args)
        i, j, f, o = tf.split(value=concat, num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i = self._norm(i, "input")
            j = self._norm(j, "transform")
            f = self._norm(f, "forget")
            o = self._norm(o, "output")
        g = tf.tanh(j)
        new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state")
        new_h = tf.tanh(new_c) * tf.sigmoid(o)
        return new_h, tf.nn.rnn_cell.LSTMStateTuple(new_c, new_h)


def _ln_case(layer_norm, forget_bias, dynamic):
    inputs = {"x": np.transpose(X_TM, (1, 0, 2)).copy(), "c0": C0, "h0": H0}
    with tf.Graph().as_default():
        inp = _consts(inputs)
        cell = LayerNormBasicLSTMCell(H, forget_bias=forget_bias, layer_norm=layer_norm)
        state = tf.nn.rnn_cell.LSTMStateTuple(inp["c0"], inp["h0"])
        if dynamic:
            out, st = tf.nn.dynamic_rnn(cell, inp["x"], initial_state=state, sequence_length=tf.constant(SEQ))
        else:
            out, st = cell(inp["x"][:, 0], state)
        variables = tf.global_variables()
        assigns = [v.assign(_u(v.get_shape().as_list(), 40 + k)) for k, v in enumerate(variables)]
        wrt = dict(inp, **{v.op.name: v for v in variables})
        labels = {"out": out, "c": st.c, "h": st.h}
        names = sorted(wrt)
        loss = tf.add_n([tf.reduce_sum(labels[k] * _weights_for(k, i, labels[k].get_shape().as_list()))
                         for i, k in enumerate(sorted(labels))])
        grads = tf.gradients(loss, [wrt[n] for n in names])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(assigns)
            got = sess.run([labels[k] for k in sorted(labels)] + grads + variables)
        res = {"out/" + k: v for k, v in zip(sorted(labels), got)}
        res.update({"grad/" + n: g for n, g in zip(names, got[len(labels):])})
        res.update({"var/" + v.op.name: val for v, val in zip(variables, got[len(labels) + len(names):])})
        res.update({"in/" + k: v for k, v in inputs.items()})
        if dynamic:
            res["in/seq"] = SEQ
        return res, [[v.op.name, v.get_shape().as_list()] for v in variables]


def ln_lstm_dynamic_rnn():
    return _ln_case(True, 0.8, True)


def ln_lstm_no_norm_step():
    return _ln_case(False, 1.0, False)


CASES = [lstm_cell_plain, lstm_cell_peephole_clip, lstm_cell_dynamic_rnn, fused_plain, fused_seq_peephole_clip,
         fused_seq_no_state, gru_cell_step, gru_dynamic_rnn]
LN_CASES = [ln_lstm_dynamic_rnn, ln_lstm_no_norm_step]

if __name__ == "__main__":
    arrays, meta = {}, {}
    for case in CASES:
        with tf.Graph().as_default():
            res = case()
        arrays.update({"%s/%s" % (case.__name__, k): np.asarray(v) for k, v in res.items()})
    for case in LN_CASES:
        res, variables = case()
        meta[case.__name__] = {"variables": variables}
        arrays.update({"%s/%s" % (case.__name__, k): np.asarray(v) for k, v in res.items()})
    np.savez_compressed(os.path.join(HERE, "rnn_fused_golden.npz"), **arrays)
    with open(os.path.join(HERE, "rnn_fused_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    print("%d arrays" % len(arrays))
