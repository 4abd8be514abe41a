"""tf.nn.raw_rnn, tf.TensorArray and tf.contrib.rnn.stack_bidirectional_{dynamic_,}rnn against real
TensorFlow's results (tests/golden/training/rnn_extra_golden.*, recorded by make_rnn_extra.py from the
cases in rnn_extra_cases.py): outputs, final states and gradients to 1e-5; tensor names, static
shapes and variable names exactly. Argument errors use TF 1.15's messages."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
sys.path.insert(0, GOLDEN)
import rnn_extra_cases  # noqa: E402

with open(os.path.join(GOLDEN, "rnn_extra_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "rnn_extra_golden.npz"))


@pytest.mark.parametrize("case", rnn_extra_cases.CASES, ids=lambda c: c.__name__)
def test_case_matches_tf(case):
    want = META[case.__name__]
    got = rnn_extra_cases.run_case(tf, case)
    assert got["variables"] == want["variables"]
    assert got["names"] == want["names"]
    assert got["shapes"] == want["shapes"]
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    assert sorted(got["values"]) == keys
    for k in keys:
        np.testing.assert_allclose(got["values"][k], ARRAYS[case.__name__ + "/" + k], rtol=1e-5, atol=1e-5,
                                   err_msg=k)


def _load_like_run_case(sess):
    for i, v in enumerate(sorted(tf.global_variables(), key=lambda v: v.name)):
        v.load(np.random.RandomState(100 + i).uniform(-0.5, 0.5, v.get_shape().as_list()).astype(np.float32),
               sess)


def test_raw_rnn_step_count_follows_each_run_and_trains():
    """One graph, runs whose loops stop after 5 and after 4 steps (each as TF), then SGD steps: the
    host loop and its host-side gradient run again and again with the weights the optimizer wrote."""
    with tf.Graph().as_default():
        fetches, feeds = rnn_extra_cases._canonical_raw_rnn(tf, rnn_extra_cases.SEQ_FULL)
        inputs, seq = sorted(feeds, key=lambda t: t.name)
        loss = tf.reduce_sum(fetches["outputs"]) + tf.reduce_sum(fetches["c"]) + tf.reduce_sum(fetches["h"])
        kernel = [v for v in tf.trainable_variables() if v.name.endswith("kernel:0")][0]
        grad = tf.gradients(loss, kernel)[0]
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            _load_like_run_case(sess)
            for case, lengths in (("raw_lstm_full", rnn_extra_cases.SEQ_FULL),
                                  ("raw_lstm_short", rnn_extra_cases.SEQ_SHORT),
                                  ("raw_lstm_full", rnn_extra_cases.SEQ_FULL)):
                out, g = sess.run([fetches["outputs"], grad], {inputs: rnn_extra_cases.X_TM, seq: lengths})
                assert out.shape == (int(lengths.max()), rnn_extra_cases.B, rnn_extra_cases.H)
                np.testing.assert_allclose(out, ARRAYS[case + "/outputs"], rtol=1e-5, atol=1e-5)
                np.testing.assert_allclose(g, ARRAYS[case + "/grad:" + kernel.name], rtol=1e-5, atol=1e-5)
            feed = {inputs: rnn_extra_cases.X_TM, seq: rnn_extra_cases.SEQ_SHORT}
            losses = []
            for _ in range(4):
                losses.append(sess.run(loss, feed))
                sess.run(train, feed)
            assert losses[-1] < losses[0] - 1.0


def _cells(n, units=3):
    return [tf.nn.rnn_cell.GRUCell(units) for _ in range(n)]


@pytest.mark.parametrize("driver", ["stack_bidirectional_dynamic_rnn", "stack_bidirectional_rnn"])
def test_stack_bidirectional_argument_errors(driver):
    """TF 1.15's checks and messages (contrib/rnn/python/ops/rnn.py), made before any op is built."""
    fn = getattr(tf.contrib.rnn, driver)
    with tf.Graph().as_default() as g:
        x = tf.zeros([2, 3, 4]) if "dynamic" in driver else [tf.zeros([2, 4])] * 3
        h = tf.zeros([2, 3])
        n_ops = len(g.get_operations())
        cases = [
            (([], _cells(1)), {}, "Must specify at least one fw cell for BidirectionalRNN."),
            ((_cells(1), []), {}, "Must specify at least one bw cell for BidirectionalRNN."),
            ((None, _cells(1)), {}, "Must specify at least one fw cell for BidirectionalRNN."),
            ((tuple(_cells(2)), _cells(2)), {}, r"cells_fw must be a list of RNNCells \(one per layer\)."),
            ((_cells(2), tuple(_cells(2))), {}, r"cells_bw must be a list of RNNCells \(one per layer\)."),
            ((_cells(2), _cells(1)), {}, "Forward and Backward cells must have the same depth."),
            ((_cells(1), _cells(3)), {}, "Forward and Backward cells must have the same depth."),
            ((_cells(2), _cells(2)), {"initial_states_fw": [h]},
             r"initial_states_fw must be a list of state tensors \(one per layer\)."),
            ((_cells(2), _cells(2)), {"initial_states_fw": (h, h)},
             r"initial_states_fw must be a list of state tensors \(one per layer\)."),
            ((_cells(2), _cells(2)), {"initial_states_fw": [h, h], "initial_states_bw": [h, h, h]},
             r"initial_states_bw must be a list of state tensors \(one per layer\)."),
        ]
        for (cells_fw, cells_bw), kwargs, message in cases:
            with pytest.raises(ValueError, match="^" + message + "$"):
                fn(cells_fw, cells_bw, x, dtype=tf.float32, **kwargs)
        assert len(g.get_operations()) == n_ops
        assert tf.global_variables() == []


def test_stack_bidirectional_public_names():
    assert tf.contrib.rnn.stack_bidirectional_dynamic_rnn is \
        tf.contrib.rnn.python.ops.rnn.stack_bidirectional_dynamic_rnn
    assert tf.contrib.rnn.stack_bidirectional_rnn is tf.contrib.rnn.python.ops.rnn.stack_bidirectional_rnn
    assert tf.nn.raw_rnn.__module__ == "tf1.ops.rnn_extra"
    assert tf.TensorArray.__module__ == "tf1.ops.tensor_array_ops"


def test_raw_rnn_argument_errors():
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.GRUCell(3)
        with pytest.raises(TypeError, match="^loop_fn must be a callable$"):
            tf.nn.raw_rnn(cell, "not a function")
        with pytest.raises(TypeError, match="^The argument 'cell' .* is not an RNNCell"):
            tf.nn.raw_rnn(object(), lambda *a: None)


def test_raw_rnn_interpreted_step_matches_tf(monkeypatch):
    """The op-by-op path (used when the step holds variables, randomness or host ops) gives the
    compiled path's results: the canonical case against TF's golden."""
    from tf1.ops import rnn_extra
    monkeypatch.setattr(rnn_extra, "_compiled_step", lambda op, body, captured: None)
    got = rnn_extra_cases.run_case(tf, rnn_extra_cases.raw_lstm_short)
    for k, v in got["values"].items():
        np.testing.assert_allclose(v, ARRAYS["raw_lstm_short/" + k], rtol=1e-5, atol=1e-5, err_msg=k)


def test_raw_rnn_dropout_draws_per_step_and_per_run():
    """Random ops in the step (DropoutWrapper) draw a fresh mask at every step and every run."""
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(64, activation=tf.identity),
                                             output_keep_prob=0.5)
        x = tf.ones([6, 2, 64])
        ta = tf.TensorArray(tf.float32, size=6).unstack(x)

        def loop_fn(time, out, state, _):
            state = cell.zero_state(2, tf.float32) if out is None else state
            fin = tf.fill([2], time >= 6)
            return fin, tf.cond(time >= 6, lambda: tf.zeros([2, 64]), lambda: ta.read(time)), state, out, None

        emit, _, _ = tf.nn.raw_rnn(cell, loop_fn)
        out = emit.stack()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            a, b = sess.run(out), sess.run(out)
    assert a.shape == (6, 2, 64)
    masks = a == 0
    assert 0.3 < masks.mean() < 0.7
    assert not (masks[0] == masks[1]).all()
    assert not ((b == 0) == masks).all()
