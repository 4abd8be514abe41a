"""Conv2D whose kernel spans the input width (VALID) is lowered as row windows times a matrix
(conv_ops._full_width_conv); values and both gradients must be TF's (goldens: make_full_width_conv.py)."""
import os

import numpy as np
import pytest

import tf1 as tf

G = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "ops", "full_width_conv.npz"))


@pytest.mark.parametrize("name,stride", [("s1", 1), ("s2", 2)])
def test_full_width_conv_matches_tf(name, stride):
    with tf.Graph().as_default():
        x, w = tf.constant(G[name + "_x"]), tf.constant(G[name + "_w"])
        y = tf.nn.conv2d(x, w, [1, stride, 1, 1], "VALID")
        assert y.get_shape().as_list() == list(G[name + "_y"].shape)
        gx, gw = tf.gradients(y, [x, w], grad_ys=tf.constant(G[name + "_cot"]))
        with tf.Session() as sess:
            got = sess.run([y, gx, gw])
    for v, key in zip(got, ("y", "gx", "gw")):
        np.testing.assert_allclose(v, G["%s_%s" % (name, key)], rtol=1e-5, atol=1e-5)
