"""tf.contrib.rnn's extra cells (AttentionCellWrapper, HighwayWrapper, CoupledInputForgetGateLSTMCell,
ConvLSTM 1D/2D/3D, IndRNN/IndyLSTM/IndyGRU, UGRNN, IntersectionRNN, NAS, SRU, PhasedLSTM, GLSTM,
LayerNormLSTM, MinimalRNN, CFN, WeightNormLSTM) against
TF 1.15's own contrib code run on real TensorFlow (tests/golden/training/rnn_cells_extra_golden.*,
recorded by rnn_cells_extra_make.py from rnn_cells_extra_cases.py): outputs, final states and gradients
to 1e-5; tensor names, static shapes and variable names exactly."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
sys.path.insert(0, GOLDEN)
import rnn_cells_extra_cases as cases  # noqa: E402

with open(os.path.join(GOLDEN, "rnn_cells_extra_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "rnn_cells_extra_golden.npz"))


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.__name__)
def test_case_matches_tf(case):
    want = META[case.__name__]
    got = cases.run_case(tf, tf.contrib.rnn, case)
    assert got["variables"] == want["variables"]
    assert got["names"] == want["names"]
    assert got["shapes"] == want["shapes"]
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    assert sorted(got["values"]) == keys
    for k in keys:
        np.testing.assert_allclose(got["values"][k], ARRAYS[case.__name__ + "/" + k], rtol=1e-5, atol=1e-5,
                                   err_msg=k)


# Those with initializers of their own (log-uniform periods, uniform recurrent weights, keras-style
# identifiers, weight norms); the other cells' gradients are checked against TF above.
TRAINED = [c for c in cases.CASES if c.__name__ in (
    "conv1d_lstm", "ind_rnn", "nas_cell", "phased_lstm", "indy_gru", "minimal_rnn", "weight_norm_lstm")]


@pytest.mark.parametrize("case", TRAINED, ids=lambda c: c.__name__)
def test_cell_trains_from_its_default_initializers(case):
    """The cells' own initializers (PhasedLSTMCell's log-uniform period, the phase drawn below it,
    IndRNN's uniform recurrent weights, ...) run, and SGD on sum(outputs^2) lowers the loss."""
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        fetches, feeds = case(tf, tf.contrib.rnn)
        loss = tf.reduce_mean(tf.square(fetches["outputs"] - 0.3))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            if case.__name__ == "phased_lstm":
                period, phase = sess.run(["rnn/phased_lstm_cell/period:0", "rnn/phased_lstm_cell/phase:0"])
                assert ((period >= 1.0) & (period <= 1000.0)).all() and ((phase >= 0) & (phase <= period)).all()
            losses = [sess.run([loss, train], feeds)[0] for _ in range(4)]
    assert np.isfinite(losses).all()
    assert losses[-1] < losses[0]


def test_argument_errors_use_tf_messages():
    R = tf.contrib.rnn
    with pytest.raises(ValueError, match="attn_length should be greater than zero, got 0"):
        R.AttentionCellWrapper(tf.nn.rnn_cell.GRUCell(3), attn_length=0)
    with pytest.raises(ValueError, match="Cell returns tuple of states, but the flag state_is_tuple is not set"):
        R.AttentionCellWrapper(tf.nn.rnn_cell.LSTMCell(3), attn_length=2, state_is_tuple=False)
    with pytest.raises(ValueError, match="num_units must be divisible by number_of_groups"):
        R.GLSTMCell(5, number_of_groups=2)
    with pytest.raises(ValueError, match=r"Invalid input_shape \[4, 2\] for conv_ndims=2."):
        R.Conv2DLSTMCell(input_shape=[4, 2], output_channels=2, kernel_shape=[3, 3])
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Must have input size == output size for Intersection RNN"):
            tf.nn.dynamic_rnn(R.IntersectionRNNCell(4), tf.zeros([2, 3, 5]), dtype=tf.float32)


def test_sharded_cifg_weights_concatenate_once_per_scope():
    with tf.Graph().as_default():
        cell = tf.contrib.rnn.CoupledInputForgetGateLSTMCell(4, num_unit_shards=3, num_proj=2, num_proj_shards=2)
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 5]), dtype=tf.float32)
        names = sorted((v.name, v.get_shape().as_list()) for v in tf.global_variables())
        assert names == [("rnn/coupled_input_forget_gate_lstm_cell/B:0", [12]),
                         ("rnn/coupled_input_forget_gate_lstm_cell/W_0:0", [3, 12]),
                         ("rnn/coupled_input_forget_gate_lstm_cell/W_1:0", [2, 12]),
                         ("rnn/coupled_input_forget_gate_lstm_cell/W_2:0", [2, 12]),
                         ("rnn/coupled_input_forget_gate_lstm_cell/W_P_0:0", [2, 2]),
                         ("rnn/coupled_input_forget_gate_lstm_cell/W_P_1:0", [2, 2])]
        concat = tf.get_collection(tf.GraphKeys.CONCATENATED_VARIABLES)
        # As TF 1.15 names them (checked on its contrib code): the scope name is re-opened inside the loop.
        assert [t.name for t in concat] == ["rnn/while/rnn/coupled_input_forget_gate_lstm_cell/W/concat:0",
                                            "rnn/while/rnn/coupled_input_forget_gate_lstm_cell/W_P/concat:0"]


def test_compiled_wrapper_is_the_cell_with_its_names():
    """CompiledWrapper (XLA scope in TF; tf1 compiles every step anyway) keeps the wrapped cell's
    variable names and results (the highway_wrapper case's GRU)."""
    def build(wrap):
        g = tf.Graph()
        with g.as_default():
            cell = tf.nn.rnn_cell.GRUCell(4)
            cell = tf.contrib.rnn.CompiledWrapper(cell) if wrap else cell
            x = tf.constant(cases._x([cases.B, cases.T, 4], 7))
            out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
            names = [v.name for v in tf.global_variables()]
            with tf.Session() as sess:
                for i, v in enumerate(sorted(tf.global_variables(), key=lambda v: v.name)):
                    v.load(cases.variable_value(i, v), sess)
                return names, out.name, sess.run([out, state])
    plain, wrapped = build(False), build(True)
    assert wrapped[0] == plain[0] == ["rnn/gru_cell/gates/kernel:0", "rnn/gru_cell/gates/bias:0",
                                      "rnn/gru_cell/candidate/kernel:0", "rnn/gru_cell/candidate/bias:0"]
    assert wrapped[1] == plain[1]
    np.testing.assert_allclose(wrapped[2][0], plain[2][0], rtol=1e-6)
    np.testing.assert_allclose(wrapped[2][1], plain[2][1], rtol=1e-6)
