"""RNN API behaviour beyond the TF-recorded goldens: LSTMStateTuple fetch/feed through Session,
TF's error messages, dropout inside dynamic_rnn, training through dynamic_rnn, legacy_seq2seq and
contrib.seq2seq losses (checked against their formulas in numpy; TF 2.x has no tf.contrib to record
them from)."""
import numpy as np
import pytest

import tf1 as tf


def _softmax_xent(logits, labels):
    z = logits - logits.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    return -logp[np.arange(len(labels)), labels]


def test_lstm_state_tuple_fetch_and_feed():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, 3, 4])
        cell = tf.contrib.rnn.BasicLSTMCell(5)
        init = cell.zero_state(2, tf.float32)
        _, final = tf.nn.dynamic_rnn(cell, x, initial_state=init)
        assert final.c.name == "rnn/while/Exit_3:0" and final.h.name == "rnn/while/Exit_4:0"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            xv = np.random.RandomState(0).rand(2, 3, 4).astype(np.float32)
            s1 = sess.run(final, {x: xv})
            assert type(s1).__name__ == "LSTMStateTuple" and repr(s1).startswith("LSTMStateTuple(c=array(")
            s2 = sess.run(final, {x: xv, init: s1})  # a tuple key feeds each of its tensors
            assert not np.allclose(s1.h, s2.h)
            # Feeding the zeros explicitly equals the default zero state.
            s0 = sess.run(final, {x: xv, init: (np.zeros((2, 5)), np.zeros((2, 5)))})
            np.testing.assert_allclose(s0.h, s1.h, rtol=1e-6)


def test_dynamic_rnn_needs_dtype_or_state():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, 3, 4])
        with pytest.raises(ValueError, match="If there is no initial_state, you must give a dtype."):
            tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), x)
        with pytest.raises(TypeError, match="is not an RNNCell"):
            tf.nn.dynamic_rnn(object(), x, dtype=tf.float32)
        with pytest.raises(TypeError, match="inputs must be a sequence"):
            tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(3), x, dtype=tf.float32)


def test_sequence_length_zeroes_outputs_and_copies_state():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4, 2])
        sl = tf.placeholder(tf.int32, [None])
        out, st = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(3), x, sequence_length=sl, dtype=tf.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            o, s = sess.run([out, st], {x: np.ones((3, 4, 2)), sl: [4, 1, 0]})
    assert np.all(o[1, 1:] == 0) and np.all(o[2] == 0)
    np.testing.assert_array_equal(s[1], o[1, 0])
    np.testing.assert_array_equal(s[2], np.zeros(3))
    np.testing.assert_array_equal(s[0], o[0, 3])


def test_dropout_wrapper_draws_per_step_and_per_run():
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        x = tf.ones([2, 6, 8])
        cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(8), input_keep_prob=0.5)
        out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            a, b = sess.run(out), sess.run(out)
    assert not np.allclose(a, b)
    assert not np.allclose(a[:, 0], a[:, 1])


def test_training_through_dynamic_rnn_reduces_loss():
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        rng = np.random.RandomState(0)
        xv = rng.rand(16, 5, 3).astype(np.float32)
        yv = xv.sum(axis=(1, 2))[:, None].astype(np.float32) / 5
        x = tf.placeholder(tf.float32, [None, 5, 3])
        y = tf.placeholder(tf.float32, [None, 1])
        cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(8), tf.nn.rnn_cell.GRUCell(8)])
        out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        pred = tf.layers.dense(out[:, -1], 1)
        loss = tf.reduce_mean(tf.square(pred - y))
        train = tf.train.AdamOptimizer(0.02).minimize(loss)
        assert len(cell.trainable_weights) == 6
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(loss, {x: xv, y: yv})
            for _ in range(60):
                sess.run(train, {x: xv, y: yv})
            last = sess.run(loss, {x: xv, y: yv})
    assert last < first * 0.2


def test_sequence_loss_by_example_and_sequence_loss():
    rng = np.random.RandomState(1)
    logits = [rng.randn(4, 6).astype(np.float32) for _ in range(3)]
    targets = [rng.randint(0, 6, 4).astype(np.int32) for _ in range(3)]
    weights = [rng.rand(4).astype(np.float32) for _ in range(3)]
    per = sum(_softmax_xent(l, t) * w for l, t, w in zip(logits, targets, weights)) / (sum(weights) + 1e-12)
    with tf.Graph().as_default():
        ex = tf.contrib.legacy_seq2seq.sequence_loss_by_example(
            [tf.constant(v) for v in logits], [tf.constant(v) for v in targets], [tf.constant(v) for v in weights])
        total = tf.contrib.legacy_seq2seq.sequence_loss(
            [tf.constant(v) for v in logits], [tf.constant(v) for v in targets], [tf.constant(v) for v in weights])
        assert ex.name.startswith("sequence_loss_by_example/")
        with tf.Session() as sess:
            e, t = sess.run([ex, total])
    np.testing.assert_allclose(e, per, rtol=1e-5)
    np.testing.assert_allclose(t, per.sum() / 4, rtol=1e-5)


def test_sequence_loss_by_example_custom_loss_keywords():
    with tf.Graph().as_default():
        p = tf.constant([1., 2., 3.])
        y = tf.constant([1., 0., 3.])
        loss = tf.contrib.legacy_seq2seq.sequence_loss_by_example(
            [p], [y], [tf.ones([3])], softmax_loss_function=lambda labels, logits: tf.square(labels - logits))
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(loss), [0., 4., 0.], atol=1e-6)


def test_contrib_seq2seq_sequence_loss():
    rng = np.random.RandomState(2)
    logits = rng.randn(2, 3, 5).astype(np.float32)
    targets = rng.randint(0, 5, (2, 3)).astype(np.int32)
    weights = rng.rand(2, 3).astype(np.float32)
    xent = _softmax_xent(logits.reshape(-1, 5), targets.reshape(-1)).reshape(2, 3) * weights
    with tf.Graph().as_default():
        a = tf.contrib.seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets), tf.constant(weights))
        b = tf.contrib.seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets), tf.constant(weights),
                                             average_across_batch=False)
        with tf.Session() as sess:
            va, vb = sess.run([a, b])
    np.testing.assert_allclose(va, xent.sum() / weights.sum(), rtol=1e-5)
    np.testing.assert_allclose(vb, xent.sum(1) / weights.sum(1), rtol=1e-5)


def test_embedding_attention_seq2seq_builds_trains_and_names():
    with tf.Graph().as_default():
        enc = [tf.placeholder(tf.int32, [2]) for _ in range(3)]
        dec = [tf.placeholder(tf.int32, [2]) for _ in range(2)]
        cell = tf.contrib.rnn.GRUCell(4)
        outs, state = tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(enc, dec, cell, 7, 9, 5)
        names = [v.name for v in tf.global_variables()]
        assert "embedding_attention_seq2seq/rnn/embedding_wrapper/embedding:0" in names
        assert "embedding_attention_seq2seq/rnn/embedding_wrapper/gru_cell/gates/kernel:0" in names
        assert ("embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder/"
                "output_projection_wrapper/kernel:0") in names
        assert [o.get_shape().as_list() for o in outs] == [[2, 9], [2, 9]]
        loss = tf.contrib.legacy_seq2seq.sequence_loss(outs, dec, [tf.ones([2])] * 2)
        grads = tf.gradients(loss, tf.trainable_variables())
        assert all(g is not None for g in grads)
        feed = {p: [1, 2] for p in enc + dec}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert np.isfinite(sess.run(loss, feed))


def test_output_projection_and_basic_rnn_seq2seq():
    with tf.Graph().as_default():
        enc = [tf.placeholder(tf.float32, [2, 3]) for _ in range(2)]
        dec = [tf.placeholder(tf.float32, [2, 3]) for _ in range(2)]
        cell = tf.contrib.rnn.OutputProjectionWrapper(tf.contrib.rnn.BasicLSTMCell(4), 6)
        outs, st = tf.contrib.legacy_seq2seq.basic_rnn_seq2seq(enc, dec, cell)
        names = sorted(v.name for v in tf.global_variables())
        assert names == [
            "basic_rnn_seq2seq/rnn/output_projection_wrapper/basic_lstm_cell/bias:0",
            "basic_rnn_seq2seq/rnn/output_projection_wrapper/basic_lstm_cell/kernel:0",
            "basic_rnn_seq2seq/rnn/output_projection_wrapper/bias:0",
            "basic_rnn_seq2seq/rnn/output_projection_wrapper/kernel:0",
            "basic_rnn_seq2seq/rnn_decoder/output_projection_wrapper/basic_lstm_cell/bias:0",
            "basic_rnn_seq2seq/rnn_decoder/output_projection_wrapper/basic_lstm_cell/kernel:0",
            "basic_rnn_seq2seq/rnn_decoder/output_projection_wrapper/bias:0",
            "basic_rnn_seq2seq/rnn_decoder/output_projection_wrapper/kernel:0"]
        assert outs[1].get_shape().as_list() == [2, 6]
