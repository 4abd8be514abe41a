"""Select/SelectV2 on strings run on the host (TF's sharded Saver graph picks its temporary file name
with a Select of two strings; SavedModels written by TF contain it)."""
import numpy as np

import tf1 as tf


def test_select_picks_strings():
    with tf.Graph().as_default():
        c = tf.placeholder(tf.bool, [])
        s = tf.where(c, tf.constant("x"), tf.constant("y"))
        rows = tf.where(tf.constant([True, False]), tf.constant([["a", "b"], ["c", "d"]]),
                        tf.constant([["e", "f"], ["g", "h"]]))
        v2 = tf.where_v2(tf.constant([True, False]), tf.constant(["a", "b"]), tf.constant("z"))
        assert (s.op.type, rows.op.type, v2.op.type) == ("Select", "Select", "SelectV2")
        with tf.Session() as sess:
            assert sess.run(s, {c: True}) == b"x"
            assert sess.run(s, {c: False}) == b"y"
            np.testing.assert_array_equal(sess.run(rows), [[b"a", b"b"], [b"g", b"h"]])
            np.testing.assert_array_equal(sess.run(v2), [b"a", b"z"])
