"""tf.losses against real TF's output; regularizers against their definitions."""
import numpy as np
import pytest

import tf1 as tf
from scopes_golden_util import check, training_cases


@pytest.mark.parametrize("name", sorted(training_cases.LOSS_CASES))
def test_loss_case(name):
    check("LOSS_CASES", name)


def test_regularizers_names_values_and_collections():
    with tf.Graph().as_default():
        with tf.variable_scope("var", initializer=tf.random_normal_initializer(),
                               regularizer=tf.contrib.layers.l1_regularizer(0.1)):
            w = tf.get_variable("weight", shape=[8], initializer=tf.ones_initializer())
        l2 = tf.contrib.layers.l2_regularizer(0.5)(w)
        s = tf.contrib.layers.sum_regularizer([tf.contrib.layers.l1_regularizer(0.1),
                                               tf.contrib.layers.l2_regularizer(0.5)])(w)
        l12 = tf.contrib.layers.l1_l2_regularizer(0.1, 0.5)(w)
        ap = tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.5), [w, w * 2.0])
        assert [t.name for t in (l2, s, l12, ap)] == [
            "l2_regularizer:0", "sum_regularizer:0", "l1_l2_regularizer:0", "get_regularization_penalty:0"]
        assert [x.name for x in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)] == [
            "var/weight/Regularizer/l1_regularizer:0", "get_regularization_penalty:0"]
        total = tf.losses.get_regularization_loss()
        assert total.name == "total_regularization_loss:0"
        assert tf.contrib.layers.l1_regularizer(0.0)(w) is None
        with pytest.raises(ValueError, match="^scale cannot be an integer: 1$"):
            tf.contrib.layers.l2_regularizer(1)
        with pytest.raises(ValueError, match=r"^Setting a scale less than 0 on a regularizer: -0.5\.$"):
            tf.contrib.layers.l2_regularizer(-0.5)
        with pytest.raises(ValueError, match="^No weights to regularize.$"):
            tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.5))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run([l2, s, l12, ap, total])
    # l2 = 0.5 * sum(w^2) / 2 = 2; l1 = 0.1 * 8 = 0.8; penalty over [w, 2w] = 2 + 8
    np.testing.assert_allclose(got, [2.0, 2.8, 2.8, 10.0, 10.8], rtol=1e-6)


def test_total_loss_adds_regularization_losses():
    with tf.Graph().as_default():
        tf.losses.absolute_difference([1.0, 2.0], [2.0, 4.0])
        tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25))
        total = tf.losses.get_total_loss()
        only = tf.losses.get_total_loss(add_regularization_losses=False, name="only")
        with tf.Session() as s:
            assert s.run([total, only]) == [pytest.approx(1.75), pytest.approx(1.5)]
