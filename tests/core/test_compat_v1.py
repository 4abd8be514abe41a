"""TF 1.15 exposes its own API again as `tf.compat.v1`: code written for 1.x-and-2.x runs unchanged."""
import tf1 as tf


def test_compat_v1_is_the_api():
    assert tf.compat.v1 is tf
    assert tf.compat.v1.train.AdamOptimizer is tf.train.AdamOptimizer
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        assert x.name == "x:0"
