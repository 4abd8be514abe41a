"""tf.nn behaviour the value goldens cannot pin: dropout's randomness and seeding, channels-first
layouts (TF's CPU kernels reject NCHW convolutions, so they are checked against NHWC here),
build-time checks of conv2d_transpose, gradients' routing, and deprecation warnings."""
import numpy as np
import pytest

import tf1 as tf


def _run(fetches, feeds=None):
    with tf.Session() as sess:
        return sess.run(fetches, feeds)


# ------------------------------------------------------------------------------- dropout

@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def test_dropout_keep_prob_scales_and_zeroes():
    x = tf.ones([200, 50])
    y = tf.nn.dropout(x, keep_prob=0.25)
    v = _run(y)
    assert set(np.unique(v)) <= {0.0, 4.0}
    assert 0.2 < (v != 0).mean() < 0.3
    assert y.get_shape().as_list() == [200, 50]


def test_dropout_rate_placeholder_and_new_mask_each_run():
    x = tf.ones([100, 100])
    rate = tf.placeholder(tf.float32, [])
    y = tf.nn.dropout(x, rate=rate)
    with tf.Session() as sess:
        a = sess.run(y, {rate: 0.5})
        b = sess.run(y, {rate: 0.5})
        c = sess.run(y, {rate: 0.0})
    assert set(np.unique(a)) <= {0.0, 2.0} and 0.4 < (a != 0).mean() < 0.6
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(c, np.ones([100, 100]))


def test_dropout_keep_prob_tensor_builds_sub_outside_scope():
    x = tf.ones([4, 4])
    kp = tf.placeholder(tf.float32, [])
    y = tf.nn.dropout(x, kp)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "sub" in names  # TF 1.15 computes `1. - keep_prob` before entering the dropout scope
    assert y.name.startswith("dropout/")
    v = _run(y, {kp: 1.0})
    np.testing.assert_array_equal(v, np.ones([4, 4]))


def test_dropout_rate_zero_returns_input():
    x = tf.ones([3])
    assert tf.nn.dropout(x, rate=0.0) is x


def test_dropout_noise_shape_broadcasts_mask():
    x = tf.ones([50, 8])
    y = tf.nn.dropout(x, rate=0.5, noise_shape=[50, 1])
    v = _run(y)
    assert (v == v[:, :1]).all()  # one decision per row


def test_dropout_seed_repeats_across_sessions():
    tf.set_random_seed(3)
    x = tf.ones([64, 64])
    y = tf.nn.dropout(x, rate=0.5, seed=7)
    a = _run(y)
    b = _run(y)
    np.testing.assert_array_equal(a, b)  # same seeds: same sequence in a new session


# ------------------------------------------------------------------------- channels first

def _nchw(a):
    return np.transpose(a, [0, 3, 1, 2])


def test_bias_add_and_pools_nchw_match_nhwc():
    rs = np.random.RandomState(0)
    x = rs.randn(2, 7, 6, 3).astype(np.float32)
    b = rs.randn(3).astype(np.float32)
    pairs = [
        (tf.nn.bias_add(x, b), tf.nn.bias_add(_nchw(x), b, data_format="NCHW")),
        (tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
         tf.nn.max_pool(_nchw(x), [1, 1, 3, 3], [1, 1, 2, 2], "SAME", data_format="NCHW")),
        (tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
         tf.nn.avg_pool(_nchw(x), [1, 1, 2, 2], [1, 1, 2, 2], "VALID", data_format="NCHW")),
    ]
    for (a, c), (va, vc) in zip(pairs, _run(pairs)):
        assert c.get_shape().as_list() == list(_nchw(va).shape)
        np.testing.assert_allclose(_nchw(va), vc, rtol=1e-6, atol=1e-6)


def test_conv2d_and_transpose_nchw_match_nhwc():
    rs = np.random.RandomState(1)
    x = rs.randn(2, 7, 6, 3).astype(np.float32)
    w = rs.randn(3, 3, 3, 4).astype(np.float32)
    a = tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME")
    c = tf.nn.conv2d(_nchw(x), w, [1, 1, 2, 2], "SAME", data_format="NCHW")
    y = rs.randn(2, 4, 3, 4).astype(np.float32)
    ta = tf.nn.conv2d_transpose(y, w, [2, 7, 6, 3], [1, 2, 2, 1], "SAME")
    tc = tf.nn.conv2d_transpose(_nchw(y), w, [2, 3, 7, 6], [1, 1, 2, 2], "SAME", data_format="NCHW")
    va, vc, vta, vtc = _run([a, c, ta, tc])
    np.testing.assert_allclose(_nchw(va), vc, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_nchw(vta), vtc, rtol=1e-5, atol=1e-5)


def test_conv2d_transpose_is_the_gradient_of_conv2d():
    rs = np.random.RandomState(2)
    x = tf.constant(rs.randn(1, 5, 5, 3).astype(np.float32))
    w = tf.constant(rs.randn(2, 2, 3, 1).astype(np.float32))
    dy = rs.randn(1, 3, 3, 1).astype(np.float32)
    y = tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME")
    g = tf.gradients(y, x, grad_ys=dy)[0]
    t = tf.nn.conv2d_transpose(dy, w, [1, 5, 5, 3], [1, 2, 2, 1], "SAME")
    vg, vt = _run([g, t])
    np.testing.assert_allclose(vg, vt, rtol=1e-5, atol=1e-5)


# -------------------------------------------------------------------- build-time checks

def test_conv2d_transpose_static_mismatch_is_tf_gradient_error():
    inputs = tf.random_normal(shape=[3, 97, 97, 10])
    conv1 = tf.nn.conv2d(inputs, tf.ones([3, 3, 10, 20]), [1, 4, 4, 1], "SAME")
    with pytest.raises(ValueError, match=r"Shapes \(3, 33, 33, 20\) and \(3, 25, 25, 20\) are not compatible"):
        tf.nn.conv2d_transpose(conv1, tf.ones([3, 3, 10, 20]), output_shape=tf.shape(inputs),
                               strides=[1, 3, 3, 1], padding="SAME")


def test_conv2d_transpose_python_checks():
    x = tf.zeros([1, 3, 3, 2])
    with pytest.raises(ValueError, match="input channels does not match filter's input channels, 2 != 1"):
        tf.nn.conv2d_transpose(x, tf.zeros([2, 2, 3, 1]), [1, 5, 5, 3], [1, 2, 2, 1])
    with pytest.raises(ValueError, match="output_shape does not match filter's output channels, 4 != 3"):
        tf.nn.conv2d_transpose(x, tf.zeros([2, 2, 3, 2]), [1, 5, 5, 4], [1, 2, 2, 1])
    with pytest.raises(ValueError, match=r"output_shape must have shape \(4,\), got \(3,\)"):
        tf.nn.conv2d_transpose(x, tf.zeros([2, 2, 3, 2]), [1, 5, 5], [1, 2, 2, 1])


def test_strides_length_message():
    with pytest.raises(ValueError, match="strides should be of length 1, 2 or 4 but was 3"):
        tf.nn.conv2d(tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1]), [1, 1, 1], "SAME")


def test_dilated_conv_unknown_size_uses_dilations_attr():
    x = tf.placeholder(tf.float32, [1, None, None, 2])
    w = np.random.RandomState(3).randn(3, 3, 2, 2).astype(np.float32)
    a = tf.nn.atrous_conv2d(x, w, 2, "SAME")
    xv = np.random.RandomState(4).randn(1, 9, 9, 2).astype(np.float32)
    b = tf.nn.atrous_conv2d(tf.constant(xv), w, 2, "SAME")  # static: SpaceToBatchND path
    assert b.op.type == "BatchToSpaceND" and a.op.type == "Conv2D"
    va, vb = _run([a, b], {x: xv})
    np.testing.assert_allclose(va, vb, rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------------------ warnings, names

def test_softmax_dim_deprecation_warning(caplog):
    from tf1.platform import tf_logging
    tf_logging._arg_warned.discard(("softmax", "dim"))  # logged once per process
    tf.nn.softmax(tf.ones([2, 3]), dim=0)
    err = caplog.text
    assert "calling softmax (from tensorflow.python.ops.nn_ops) with dim is deprecated" in err
    assert "Instructions for updating:\ndim is deprecated, use axis instead" in err
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'"):
        tf.nn.softmax(tf.ones([2, 3]), axis=0, dim=0)


def test_max_pool_with_argmax_is_a_namedtuple():
    r = tf.nn.max_pool_with_argmax(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    assert r.output.name == "MaxPoolWithArgmax:0" and r.argmax.name == "MaxPoolWithArgmax:1"
    assert r.argmax.dtype == tf.int64


def test_fused_batch_norm_inference_outputs_given_stats():
    x = np.random.RandomState(5).randn(2, 2, 2, 3).astype(np.float32)
    m = np.array([0.1, 0.2, 0.3], np.float32)
    v = np.array([1.0, 2.0, 3.0], np.float32)
    y, bm, bv = tf.nn.fused_batch_norm(x, np.ones(3, np.float32), np.zeros(3, np.float32), m, v,
                                       is_training=False)
    vy, vbm, vbv = _run([y, bm, bv])
    np.testing.assert_allclose(vy, (x - m) / np.sqrt(v + 0.001), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(vbm, m)
    np.testing.assert_array_equal(vbv, v)


# ------------------------------------------------------------------------ candidate sampling

def test_log_uniform_candidate_sampler_unique_and_expected_counts():
    true = tf.constant([[1], [7], [3]], tf.int64)
    s, te, se = tf.nn.log_uniform_candidate_sampler(true, 1, 16, True, 40, seed=3)
    assert s.get_shape().as_list() == [16] and te.get_shape().as_list() == [3, 1]
    with tf.Session() as sess:
        vs, vte, vse = sess.run([s, te, se])
        vs2 = sess.run(s)
    assert len(set(vs.tolist())) == 16 and vs.min() >= 0 and vs.max() < 40
    assert not np.array_equal(vs, vs2)  # a new draw each run
    p = lambda c: (np.log(c + 2.0) - np.log(c + 1.0)) / np.log(41.0)  # noqa: E731
    # Unique sampling: expected count = 1 - (1 - p)^tries for the same (unknown) number of tries.
    tries = np.log1p(-vse) / np.log1p(-p(vs.astype(np.float64)))
    np.testing.assert_allclose(tries, tries[0], rtol=1e-4)
    assert tries[0] >= 16
    np.testing.assert_allclose(vte[:, 0], -np.expm1(tries[0] * np.log1p(-p(np.array([1., 7., 3.])))),
                               rtol=1e-4)


def test_sampled_losses_train():
    tf.set_random_seed(0)
    w = tf.Variable(tf.truncated_normal([50, 8], stddev=0.1))
    b = tf.Variable(tf.zeros([50]))
    x = tf.constant(np.random.RandomState(0).randn(4, 8).astype(np.float32))
    y = tf.constant([[1], [2], [3], [4]], tf.int64)
    loss = tf.reduce_mean(tf.nn.nce_loss(w, b, y, x, 10, 50)) + \
        tf.reduce_mean(tf.nn.sampled_softmax_loss(w, b, y, x, 10, 50))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = np.mean([sess.run(loss) for _ in range(5)])
        for _ in range(30):
            sess.run(step)
        last = np.mean([sess.run(loss) for _ in range(5)])
    assert last < first
