"""Model.weights / get_weights / set_weights go layer by layer, as Keras' Network does (recorded from
tf_keras in graph mode: d1/kernel, d1/bias, bn/gamma, bn/beta, bn/moving_mean, bn/moving_variance,
d2/kernel, d2/bias)."""
import numpy as np

import tf1 as tf

ORDER = ["d1/kernel:0", "d1/bias:0", "bn/gamma:0", "bn/beta:0", "bn/moving_mean:0", "bn/moving_variance:0",
         "d2/kernel:0", "d2/bias:0"]


def test_weights_are_listed_layer_by_layer():
    with tf.Graph().as_default():
        k = tf.keras
        m = k.Sequential([k.layers.Dense(3, input_shape=(4,), name="d1"), k.layers.BatchNormalization(name="bn"),
                          k.layers.Dense(2, name="d2")])
        assert [w.name for w in m.weights] == ORDER
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            new = [np.full(w.shape, i, np.float32) for i, w in enumerate(m.get_weights())]
            m.set_weights(new)
            for got, want in zip(m.get_weights(), new):
                np.testing.assert_array_equal(got, want)
