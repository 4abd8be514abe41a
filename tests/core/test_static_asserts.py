"""Asserts on values known while tracing are checked inside the compiled program (runtime/static_values.py);
asserts on data stay host ops. Messages are TF's (the goldens in core.json cover assert_then_shape_arith)."""
import numpy as np
import pytest

import tf1 as tf
from tf1.runtime.interpreter import is_host_op


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def _plan(sess):
    return next(iter(sess._plans.values()))


def test_shape_assert_compiles_into_one_segment_and_fails_every_time():
    x = tf.placeholder(tf.float32, [None, 4])
    n = tf.shape(x)[0]
    with tf.control_dependencies([tf.assert_equal(n, 2)]):
        y = tf.reshape(x, [n * 2, 2])
    sess = tf.Session()
    assert sess.run(y, {x: np.ones((2, 4))}).shape == (4, 2)
    assert [s.host for s in _plan(sess).segments] == [False]
    for _ in range(2):  # a failed trace is not cached: the second run fails the same way
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: .*\[3\]"):
            sess.run(y, {x: np.ones((3, 4))})


def test_value_assert_stays_on_the_host():
    x = tf.placeholder(tf.float32, [None])
    check = tf.assert_positive(x)
    assert any(is_host_op(op) for op in tf.get_default_graph().get_operations() if op.type == "Assert")
    with tf.control_dependencies([check]):
        y = tf.identity(x)
    sess = tf.Session()
    assert sess.run(y, {x: [1.0]}).tolist() == [1.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="x > 0 did not hold"):
        sess.run(y, {x: [-1.0]})


def test_rnn_sequence_length_check_keeps_a_cond_compiled():
    seq = tf.placeholder(tf.int32, [None])
    inp = tf.placeholder(tf.float32, [None, None, 3])
    pred = tf.placeholder(tf.bool, [])
    cell = tf.nn.rnn_cell.GRUCell(4, kernel_initializer=tf.constant_initializer(0.1))

    def branch():
        outputs, _ = tf.nn.dynamic_rnn(cell, inp, sequence_length=seq, dtype=tf.float32)
        return tf.reduce_sum(outputs)

    out = tf.cond(pred, branch, lambda: tf.constant(0.0))
    ifs = [op for op in tf.get_default_graph().get_operations() if op.type in ("If", "StatelessIf")]
    assert ifs and not any(is_host_op(op) for op in ifs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    full = sess.run(out, {seq: [3, 3], inp: np.ones((2, 3, 3)), pred: True})
    short = sess.run(out, {seq: [1, 3], inp: np.ones((2, 3, 3)), pred: True})
    assert short < full
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expected shape for Tensor"):
        sess.run(out, {seq: [1, 2, 3], inp: np.ones((2, 3, 3)), pred: True})
