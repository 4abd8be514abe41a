"""tf.contrib.rnn's fused cells (LSTMBlockCell, LSTMBlockFusedCell, GRUBlockCell(V2)) and
LayerNormBasicLSTMCell against real TensorFlow (tests/golden/training/rnn_fused_golden.*, recorded by
rnn_fused_make.py from TF's raw LSTMBlockCell / BlockLSTM / GRUBlockCell kernels and TF 1.15's cell code).

Each case builds the cell in tf1, checks its variables' names and shapes (literally, as TF 1.15's
lstm_ops.py / gru_ops.py / rnn_cell.py name them), loads the golden weights into them by name, and
compares the outputs, final states and the gradients of sum_k sum(fetch_k * R_k) with respect to every
weight and input (R_k as in the golden script) to 1e-5.
"""
import json
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
ARRAYS = np.load(os.path.join(GOLDEN, "rnn_fused_golden.npz"))
with open(os.path.join(GOLDEN, "rnn_fused_golden.json")) as f:
    META = json.load(f)
B, T, D, H = 3, 4, 4, 5

LSTM_VARS = [("kernel", [D + H, 4 * H]), ("bias", [4 * H])]
PEEPHOLE_VARS = [("w_i_diag", [H]), ("w_f_diag", [H]), ("w_o_diag", [H])]
GRU_VARS = [("w_ru", [D + H, 2 * H]), ("b_ru", [2 * H]), ("w_c", [D + H, H]), ("b_c", [H])]
GRU_V2_NAMES = {"gates/kernel": "w_ru", "gates/bias": "b_ru", "candidate/kernel": "w_c", "candidate/bias": "b_c"}
LN_VARS = [("kernel", [D + H, 4 * H])] + [("%s/%s" % (s, p), [H]) for s in ("input", "transform", "forget",
                                                                               "output", "state")
                                          for p in ("gamma", "beta")]


def _golden(case, kind):
    prefix = "%s/%s/" % (case, kind)
    return {k[len(prefix):]: ARRAYS[k] for k in ARRAYS.files if k.startswith(prefix)}


def _check_case(case, build, expected_vars, golden_name=lambda name: name.rsplit("/", 1)[-1]):
    """build(inputs) -> fetches; inputs are placeholders named after the golden inputs."""
    ins = _golden(case, "in")
    with tf.Graph().as_default():
        phs = {k: tf.placeholder(tf.int32 if k == "seq" else tf.float32, v.shape, name=k) for k, v in ins.items()}
        fetches = build(phs)
        variables = tf.global_variables()
        assert [(v.op.name, v.get_shape().as_list()) for v in variables] == expected_vars
        assert tf.trainable_variables() == variables
        labels = sorted(fetches)
        loss = tf.add_n([tf.reduce_sum(fetches[k] * np.random.RandomState(500 + i).uniform(
            -1, 1, fetches[k].get_shape().as_list()).astype(np.float32)) for i, k in enumerate(labels)])
        wrt = {golden_name(v.op.name): v for v in variables}
        wrt.update({k: p for k, p in phs.items() if k != "seq"})
        names = sorted(wrt)
        grads = tf.gradients(loss, [wrt[n] for n in names])
        weights = _golden(case, "var")
        assert sorted(golden_name(v.op.name) for v in variables) == sorted(weights)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for v in variables:
                v.load(weights[golden_name(v.op.name)], sess)
            got = sess.run([fetches[k] for k in labels] + grads, {phs[k]: v for k, v in ins.items()})
    want_out, want_grad = _golden(case, "out"), _golden(case, "grad")
    assert sorted(want_out) == labels and sorted(want_grad) == names
    for k, g in zip(labels, got):
        np.testing.assert_allclose(g, want_out[k], rtol=1e-5, atol=1e-5, err_msg=k)
    for n, g in zip(names, got[len(labels):]):
        np.testing.assert_allclose(g, want_grad[n], rtol=1e-5, atol=1e-5, err_msg="grad " + n)


def _scoped(scope, pairs):
    return [("%s/%s" % (scope, n), s) for n, s in pairs]


def _lstm_step(cell, phs):
    h, st = cell(phs["x"], tf.nn.rnn_cell.LSTMStateTuple(phs["c0"], phs["h0"]))
    assert isinstance(st, tf.nn.rnn_cell.LSTMStateTuple) and st.h is h
    return {"h": h, "c": st.c}


# ---------------------------------------------------------------------------------- LSTMBlockCell

def test_lstm_block_cell_step():
    _check_case("lstm_cell_plain", lambda phs: _lstm_step(tf.contrib.rnn.LSTMBlockCell(H), phs),
                _scoped("lstm_cell", LSTM_VARS))


def test_lstm_block_cell_peephole_clip():
    """cell_clip clips the cell state forward only (TF's gradient kernel ignores the clip)."""
    def build(phs):
        cell = tf.contrib.rnn.LSTMBlockCell(H, forget_bias=0.5, cell_clip=0.2, use_peephole=True)
        return _lstm_step(cell, phs)

    _check_case("lstm_cell_peephole_clip", build, _scoped("lstm_cell", LSTM_VARS + PEEPHOLE_VARS))


def test_dynamic_rnn_over_lstm_block_cell():
    def build(phs):
        cell = tf.contrib.rnn.LSTMBlockCell(H, forget_bias=0.7, use_peephole=True)
        out, st = tf.nn.dynamic_rnn(cell, phs["x"], sequence_length=phs["seq"],
                                    initial_state=tf.nn.rnn_cell.LSTMStateTuple(phs["c0"], phs["h0"]))
        return {"out": out, "c": st.c, "h": st.h}

    _check_case("lstm_cell_dynamic_rnn", build, _scoped("rnn/lstm_cell", LSTM_VARS + PEEPHOLE_VARS))


def test_lstm_block_cell_api():
    cell = tf.contrib.rnn.LSTMBlockCell(H)
    assert cell.state_size == (H, H) and cell.output_size == H
    assert tf.contrib.rnn.LSTMBlockCell is tf.contrib.rnn.python.ops.lstm_ops.LSTMBlockCell
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [B, D])
        cell = tf.contrib.rnn.LSTMBlockCell(H)
        state = cell.zero_state(B, tf.float32)
        out, state = cell(x, state)
        out2, _ = cell(x, state)  # a second call shares the weights
        assert len(tf.global_variables()) == 2 and out2.get_shape().as_list() == [B, H]
        assert cell.trainable_variables == tf.global_variables()
        with pytest.raises(ValueError, match="Expecting state to be a tuple with length 2."):
            cell(x, (state.c,))
        with pytest.raises(ValueError, match="expected ndim=2"):
            tf.contrib.rnn.LSTMBlockCell(H)(tf.placeholder(tf.float32, [B, T, D]), state)


# ----------------------------------------------------------------------------- LSTMBlockFusedCell

def _fused(phs, cell, **kwargs):
    out, st = cell(phs["x"], **kwargs)
    assert isinstance(st, tf.nn.rnn_cell.LSTMStateTuple)
    assert out.get_shape().as_list() == [T, B, H]
    return {"out": out, "c": st.c, "h": st.h}


def test_lstm_block_fused_cell():
    _check_case("fused_plain", lambda phs: _fused(phs, tf.contrib.rnn.LSTMBlockFusedCell(H), dtype=tf.float32),
                _scoped("lstm_fused_cell", LSTM_VARS))


def test_lstm_block_fused_cell_sequence_length_peephole_clip():
    def build(phs):
        cell = tf.contrib.rnn.LSTMBlockFusedCell(H, forget_bias=0.7, cell_clip=0.3, use_peephole=True)
        return _fused(phs, cell, initial_state=(phs["c0"], phs["h0"]), sequence_length=phs["seq"])

    _check_case("fused_seq_peephole_clip", build, _scoped("lstm_fused_cell", LSTM_VARS + PEEPHOLE_VARS))


def test_lstm_block_fused_cell_sequence_length_zero_state():
    def build(phs):
        with tf.variable_scope("encoder"):
            return _fused(phs, tf.contrib.rnn.LSTMBlockFusedCell(H), dtype=tf.float32,
                          sequence_length=phs["seq"])

    _check_case("fused_seq_no_state", build, _scoped("encoder/lstm_fused_cell", LSTM_VARS))


def test_lstm_block_fused_cell_errors():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [T, B, D])
        cell = tf.contrib.rnn.LSTMBlockFusedCell(H)
        assert cell.num_units == H
        with pytest.raises(ValueError, match="Either initial_state or dtype needs to be specified"):
            cell(x)
        with pytest.raises(ValueError, match="Expecting initial_state to be a tuple with length 2 or None"):
            cell(x, initial_state=(tf.zeros([B, H]),))


# ---------------------------------------------------------------------------------- GRUBlockCell

def test_gru_block_cell_step():
    def build(phs):
        h, st = tf.contrib.rnn.GRUBlockCell(H)(phs["x"], phs["h0"])
        assert st is h
        return {"h": h}

    _check_case("gru_cell_step", build, _scoped("gru_cell", GRU_VARS))


def test_dynamic_rnn_over_gru_block_cell_v2():
    def build(phs):
        out, st = tf.nn.dynamic_rnn(tf.contrib.rnn.GRUBlockCellV2(H), phs["x"], sequence_length=phs["seq"],
                                    dtype=tf.float32)
        return {"out": out, "h": st}

    expected = [("rnn/gru_cell/" + n, s) for n, s in
                [("gates/kernel", [D + H, 2 * H]), ("gates/bias", [2 * H]), ("candidate/kernel", [D + H, H]),
                 ("candidate/bias", [H])]]
    _check_case("gru_dynamic_rnn", build, expected,
                golden_name=lambda name: GRU_V2_NAMES[name.split("/", 2)[2]])


def test_gru_block_cell_arguments():
    with pytest.raises(ValueError, match="Exactly one of num_units or cell_size must be provided."):
        tf.contrib.rnn.GRUBlockCell()
    with pytest.raises(ValueError, match="Exactly one of num_units or cell_size must be provided."):
        tf.contrib.rnn.GRUBlockCell(H, cell_size=H)
    cell = tf.contrib.rnn.GRUBlockCell(cell_size=H)
    assert cell.state_size == H and cell.output_size == H
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Shape of h_prev\\[1\\] incorrect: cell_size 5 vs 4"):
            cell(tf.zeros([B, D]), tf.zeros([B, 4]))


# ------------------------------------------------------------------------ LayerNormBasicLSTMCell

def test_layer_norm_basic_lstm_cell_dynamic_rnn():
    def build(phs):
        cell = tf.contrib.rnn.LayerNormBasicLSTMCell(H, forget_bias=0.8)
        out, st = tf.nn.dynamic_rnn(cell, phs["x"], sequence_length=phs["seq"],
                                    initial_state=tf.nn.rnn_cell.LSTMStateTuple(phs["c0"], phs["h0"]))
        assert cell.trainable_variables == tf.trainable_variables()
        return {"out": out, "c": st.c, "h": st.h}

    expected = _scoped("rnn/layer_norm_basic_lstm_cell", LN_VARS)
    assert [(n, s) for n, s in META["ln_lstm_dynamic_rnn"]["variables"]] == expected
    _check_case("ln_lstm_dynamic_rnn", build, expected, golden_name=lambda name: name)


def test_layer_norm_basic_lstm_cell_without_norm():
    def build(phs):
        cell = tf.contrib.rnn.LayerNormBasicLSTMCell(H, layer_norm=False)
        h, st = cell(phs["x"][:, 0], tf.nn.rnn_cell.LSTMStateTuple(phs["c0"], phs["h0"]))
        return {"out": h, "c": st.c, "h": st.h}

    expected = _scoped("layer_norm_basic_lstm_cell", [("kernel", [D + H, 4 * H]), ("bias", [4 * H])])
    assert [(n, s) for n, s in META["ln_lstm_no_norm_step"]["variables"]] == expected
    _check_case("ln_lstm_no_norm_step", build, expected, golden_name=lambda name: name)


def test_layer_norm_basic_lstm_cell_dropout():
    """Recurrent dropout (keep_prob < 1) drops candidate units: with keep_prob -> 0 the candidate
    vanishes, so the new cell state is the (normalized) forgotten old state alone."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [B, D])
        keep = tf.placeholder(tf.float32, [])
        cell = tf.contrib.rnn.LayerNormBasicLSTMCell(H, dropout_keep_prob=keep, dropout_prob_seed=3,
                                                     layer_norm=False)
        h, st = cell(x, cell.zero_state(B, tf.float32))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            xv = np.ones([B, D], np.float32)
            full = sess.run(st.c, {x: xv, keep: 1.0})
            dropped = sess.run(st.c, {x: xv, keep: 1e-7})
    assert np.abs(full).max() > 1e-3
    np.testing.assert_array_equal(dropped, np.zeros_like(dropped))
