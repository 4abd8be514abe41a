"""TensorArray behaviour that the goldens do not pin: where tf1 differs from TF by design (it says so
with a clear error), the host-loop path, and a dynamically sized RNN trained by an optimizer."""
import numpy as np
import pytest

import tf1 as tf


def _rnn_losses(dynamic, steps=4):
    g = tf.Graph()
    with g.as_default():
        rng = np.random.RandomState(1)
        xs = rng.randn(5, 2, 3).astype(np.float32)
        ys = rng.randn(2, 1).astype(np.float32)
        x = tf.placeholder(tf.float32, [None, 2, 3], name="x")
        y = tf.placeholder(tf.float32, [2, 1], name="y")
        wx = tf.Variable(rng.randn(3, 4).astype(np.float32) * 0.5)
        wh = tf.Variable(rng.randn(4, 4).astype(np.float32) * 0.5)
        wo = tf.Variable(rng.randn(4, 1).astype(np.float32) * 0.5)
        n = tf.shape(x)[0]
        inputs = tf.TensorArray(tf.float32, size=n).unstack(x)
        outputs = tf.TensorArray(tf.float32, size=0 if dynamic else n, dynamic_size=dynamic)

        def step(t, h, outputs):
            h = tf.tanh(tf.matmul(inputs.read(t), wx) + tf.matmul(h, wh))
            return t + 1, h, outputs.write(t, h)
        _, _, outputs = tf.while_loop(lambda t, *_: t < n, step, [0, tf.zeros([2, 4]), outputs])
        pred = tf.matmul(tf.reduce_mean(outputs.stack(), 0), wo)
        loss = tf.reduce_mean((pred - y) ** 2)
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return [sess.run([loss, train], {x: xs, y: ys})[0] for _ in range(steps)]


def test_dynamic_size_rnn_trains_like_fixed_size():
    fixed, dynamic = _rnn_losses(False), _rnn_losses(True)
    np.testing.assert_allclose(dynamic, fixed, rtol=1e-5)
    assert fixed[-1] < fixed[0]


def test_dynamic_size_unbounded_loop_needs_maximum_iterations_when_compiled():
    x = tf.placeholder(tf.float32, [5], name="x")
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    _, _, ta = tf.while_loop(lambda i, acc, ta: acc < 3.0,
                             lambda i, acc, ta: (i + 1, acc + tf.abs(x[i]), ta.write(i, x[i] * 2.0)),
                             [0, 0.0, ta])
    s = ta.stack()
    feed = {x: np.array([0.5, -1.0, 2.0, 3.0, -0.25], np.float32)}
    with tf.Session() as sess:
        for _ in range(2):
            with pytest.raises(tf.errors.UnimplementedError, match="pass maximum_iterations"):
                sess.run(s, feed)
    # With the bound, the written part comes back.
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    _, _, ta = tf.while_loop(lambda i, acc, ta: acc < 3.0,
                             lambda i, acc, ta: (i + 1, acc + tf.abs(x[i]), ta.write(i, x[i] * 2.0)),
                             (0, 0.0, ta), maximum_iterations=5)
    with tf.Session() as sess:
        for _ in range(2):
            np.testing.assert_allclose(sess.run(ta.stack(), feed), [1.0, -2.0, 4.0])


def test_host_loop_allocates_on_first_write():
    def double(v):
        return v * 2
    ta = tf.TensorArray(tf.float32, size=3)
    _, ta = tf.while_loop(
        lambda i, ta: i < 3,
        lambda i, ta: (i + 1, ta.write(i, tf.py_func(double, [tf.fill([2], tf.cast(i, tf.float32))],
                                                     tf.float32, stateful=False))),
        [0, ta])
    with tf.Session() as sess:
        for _ in range(2):
            np.testing.assert_allclose(sess.run(ta.stack()), [[0, 0], [2, 2], [4, 4]])


def test_element_shape_is_shared_with_the_loop_copies():
    ta = tf.TensorArray(tf.float32, size=4)
    _, out = tf.while_loop(lambda i, ta: i < 4, lambda i, ta: (i + 1, ta.write(i, tf.ones([3]))), [0, ta])
    assert ta.element_shape == tf.TensorShape([3])  # TF: the body's write set it for every copy
    assert out.stack().shape == tf.TensorShape([4, 3])


def test_dynamic_array_stacked_inside_a_compiled_loop_is_refused():
    x = tf.placeholder(tf.float32, [], name="x")
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)

    def body(i, acc, ta):
        ta = ta.write(i, tf.cast(i, tf.float32) * x)
        return i + 1, acc + tf.reduce_sum(ta.stack()), ta
    _, acc, _ = tf.while_loop(lambda i, *_: i < 3, body, [0, 0.0, ta])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="cannot be stacked inside compiled code"):
            sess.run(acc, {x: 1.0})
    # The loop's own values (not traced) run as a Python loop: the array grows as it is written.
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)

    def body2(i, acc, ta):
        ta = ta.write(i, tf.cast(i, tf.float32))
        return i + 1, acc + tf.reduce_sum(ta.stack()), ta
    _, acc, _ = tf.while_loop(lambda i, *_: i < 3, body2, [0, 0.0, ta])
    with tf.Session() as sess:
        assert sess.run(acc) == 4.0  # 0 + 1 + 3


def test_split_into_unequal_lengths_is_not_supported():
    ta = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(tf.range(3.0), [1, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="elements of one shape"):
            sess.run(ta.read(0))


def test_grad_and_handle():
    ta = tf.TensorArray(tf.float32, size=2)
    assert ta.handle is None
    with pytest.raises(NotImplementedError):
        ta.grad("source")


def test_write_past_the_loop_bound_is_reported():
    x = tf.placeholder(tf.float32, [], name="x")
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    _, ta = tf.while_loop(lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(2 * i, x)), [0, ta])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="grew to 5 elements, more than the 3"):
            sess.run(ta.stack(), {x: 1.0})
