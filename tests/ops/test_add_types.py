"""Which add op TF 1.15 builds (its ops/math_ops.py, `_add_dispatch`, with the forward-compatibility
horizon of 1.15.0, 2019-08-21, past the 2019-06-25 switch): `x + y` is AddV2 except on strings, where it
is Add; `tf.add` / `tf.math.add` are gen_math_ops.add, i.e. Add. The 2.x oracle builds AddV2 for all of
them, so this is pinned from 1.15's source rather than recorded."""
import pytest

import tf1 as tf


def test_operator_builds_addv2_and_tf_add_builds_add():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0, 2.0])
        b = a + 1.0
        assert (b.op.type, b.name) == ("AddV2", "add:0")  # the operator's scope is still "add"
        assert (1.0 + a).op.type == "AddV2"
        assert tf.add(a, a).op.type == "Add"
        assert tf.math.add(a, a).op.type == "Add"
        s = tf.constant("x") + "y"
        assert s.op.type == "Add"
        with tf.Session() as sess:
            assert sess.run(a + a).tolist() == [2.0, 4.0]
            assert sess.run(s) == b"xy"


def test_operator_dtype_error_names_addv2():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match=r"^Input 'y' of 'AddV2' Op has type float32 that does not match "
                                            r"type int32 of argument 'x'\.$"):
            tf.constant(1) + tf.constant(1.0)


def test_div_no_nan_names():
    """TF 1.15 exports one function as tf.div_no_nan and tf.math.divide_no_nan (math_ops.div_no_nan,
    scope "div_no_nan"); tf.math.div_no_nan does not exist there."""
    with tf.Graph().as_default():
        a = tf.div_no_nan(tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0]))
        b = tf.math.divide_no_nan(1.0, 2.0)
        assert (a.name, a.op.type, b.name) == ("div_no_nan:0", "DivNoNan", "div_no_nan_1:0")
        assert not hasattr(tf.math, "div_no_nan")
        with tf.Session() as sess:
            assert sess.run(a).tolist() == [0.0, 0.5]
