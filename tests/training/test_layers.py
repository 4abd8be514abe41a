"""tf.layers against real TF's output, and tf.contrib.layers' naming and values."""
import numpy as np
import pytest

import tf1 as tf
from scopes_golden_util import check, training_cases


@pytest.mark.parametrize("name", sorted(training_cases.LAYER_CASES))
def test_layer_case(name):
    check("LAYER_CASES", name)


def test_contrib_layers_names_and_collections():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4])
        h = tf.contrib.layers.fully_connected(x, 3)
        h2 = tf.contrib.layers.fully_connected(h, 2, activation_fn=None, scope="out",
                                               variables_collections=["myw"])
        im = tf.placeholder(tf.float32, [None, 8, 8, 3])
        c = tf.contrib.layers.conv2d(im, 4, 3)
        p = tf.contrib.layers.max_pool2d(c, 2)
        a = tf.contrib.layers.avg_pool2d(c, [2, 2], stride=1, padding="SAME")
        f = tf.contrib.layers.flatten(p)
        d = tf.contrib.layers.dropout(f, 0.7, is_training=False)
        e = tf.contrib.layers.embed_sequence(tf.constant([[1, 2], [3, 0]]), 10, 5)
        assert [t.name for t in (h, h2, c, p, a, f, d, e)] == [
            "fully_connected/Relu:0", "out/BiasAdd:0", "Conv/Relu:0", "MaxPool2D/MaxPool:0",
            "AvgPool2D/AvgPool:0", "Flatten/flatten/Reshape:0", "Dropout/Identity:0",
            "EmbedSequence/embedding_lookup/Identity:0"]
        assert [t.get_shape().as_list() for t in (c, p, a, f, e)] == [
            [None, 8, 8, 4], [None, 4, 4, 4], [None, 8, 8, 4], [None, 64], [2, 2, 5]]
        names = ["fully_connected/weights:0", "fully_connected/biases:0", "out/weights:0", "out/biases:0",
                 "Conv/weights:0", "Conv/biases:0", "EmbedSequence/embeddings:0"]
        assert [v.name for v in tf.global_variables()] == names
        assert [v.name for v in tf.model_variables()] == names
        assert [v.name for v in tf.get_collection("myw")] == ["out/weights:0", "out/biases:0"]
        with pytest.raises(ValueError, match="already exists"):
            tf.contrib.layers.fully_connected(h, 2, scope="out")
        assert tf.contrib.layers.fully_connected(h, 2, scope="out", reuse=True).name == "out_2/Relu:0"


def test_contrib_batch_norm_updates_moving_statistics():
    xv = np.array([[1., 2.], [3., 6.], [5., 10.]], np.float32)
    with tf.Graph().as_default():
        x = tf.constant(xv)
        y = tf.contrib.layers.batch_norm(x, decay=0.5, scale=True)  # rank 2: contrib's fused path
        img = tf.reshape(tf.constant(np.arange(16, dtype=np.float32)), [2, 2, 2, 2])
        y4 = tf.contrib.layers.batch_norm(img, decay=0.5, is_training=True)  # core-layer path
        upd = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        assert len(upd) == 4
        names = [v.name for v in tf.global_variables()]
        assert names == ["BatchNorm/beta:0", "BatchNorm/gamma:0", "BatchNorm/moving_mean:0",
                         "BatchNorm/moving_variance:0", "BatchNorm_1/beta:0", "BatchNorm_1/moving_mean:0",
                         "BatchNorm_1/moving_variance:0"]
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            out, _ = s.run([y, upd])
            mm, mv = s.run(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)[2:4])
            o4 = s.run(y4)
    mean, var = xv.mean(0), xv.var(0)
    np.testing.assert_allclose(out, (xv - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(mm, 0.5 * mean, rtol=1e-5)
    # the fused kernel's variance output is Bessel-corrected (n / (n - 1)), as in TF
    np.testing.assert_allclose(mv, 0.5 + 0.5 * var * 3 / 2, rtol=1e-5)
    v = np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2)
    np.testing.assert_allclose(o4, (v - v.mean((0, 1, 2))) / np.sqrt(v.var((0, 1, 2)) + 1e-3), rtol=1e-4,
                               atol=1e-5)


def test_xavier_and_contrib_variance_scaling_statistics():
    with tf.Graph().as_default():
        a = tf.get_variable("a", [300, 200], initializer=tf.contrib.layers.xavier_initializer())
        b = tf.get_variable("b", [3, 3, 64, 128],
                            initializer=tf.contrib.layers.variance_scaling_initializer())
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            av, bv = s.run([a, b])
    limit = np.sqrt(6.0 / 500)
    assert av.min() >= -limit and av.max() <= limit and av.max() > 0.99 * limit
    np.testing.assert_allclose(av.std(), limit / np.sqrt(3), rtol=0.03)
    # truncated normal with stddev sqrt(1.3 * 2 / fan_in): std after truncation ~ sqrt(2 / fan_in)
    np.testing.assert_allclose(bv.std(), np.sqrt(1.3 * 2.0 / (9 * 64)) * 0.8796, rtol=0.03)


def test_layer_input_checks_have_tf_1_15_messages():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4])
        layer = tf.layers.Dense(5)
        layer(x)
        with pytest.raises(ValueError, match=r"^Input 0 of layer dense is incompatible with the layer: "
                                             r"expected axis -1 of input shape to have value 4 but "
                                             r"received input with shape \[None, 5\]$"):
            layer(tf.placeholder(tf.float32, [None, 5]))
        with pytest.raises(ValueError, match="^The last dimension of the inputs to `Dense` should be "
                                             "defined. Found `None`.$"):
            tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 3)
        with pytest.raises(ValueError, match="expected min_ndim=2, found ndim=1"):
            tf.layers.dense(tf.placeholder(tf.float32, [3]), 3)
