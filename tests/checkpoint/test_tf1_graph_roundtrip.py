"""Graphs tf1 exports import into tf1 again, with tf1's own ops (cond/while_loop as StatelessIf/
StatelessWhile, map_fn and dynamic_rnn as Scan, tf.gradients as SymbolicGradient): their sub-graphs
and specs travel in the NodeDef's `_tf1` attr (framework/tf1_attrs.py). A restored meta graph must
compute what the original computed and keep training the same way."""
import os

import numpy as np
import pytest

import tf1 as tf

FEED = np.random.RandomState(0).rand(2, 5, 3).astype(np.float32)


def _build_and_save(d):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
        out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
        tf.identity(out[:, -1], name="y")
        tf.identity(tf.map_fn(lambda r: r * 2, x), name="mm")
        tf.identity(tf.cond(tf.reduce_sum(x) > 0, lambda: x * 3, lambda: x), name="cc")
        tf.identity(tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2),
                                  [0, tf.reduce_sum(x)])[1], name="ww")
        loss = tf.reduce_mean(tf.get_default_graph().get_tensor_by_name("y:0") ** 2, name="loss")
        tf.add_to_collection("train_op", tf.train.AdamOptimizer(0.1).minimize(loss))
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = saver.save(sess, os.path.join(d, "m"))
            want = sess.run(["y:0", "mm:0", "cc:0", "ww:0"], {x: FEED})
            sess.run("Adam", {x: FEED})
            after = sess.run(loss, {x: FEED})
    return path, want, after


@pytest.mark.parametrize("scope", [None, "s"])
def test_control_flow_rnn_and_training_graph_round_trip(tmp_path, scope):
    path, want, after = _build_and_save(str(tmp_path))
    pre = scope + "/" if scope else ""
    with tf.Graph().as_default() as g:
        saver = tf.train.import_meta_graph(path + ".meta", import_scope=scope)
        assert g.get_operation_by_name(pre + "rnn/while/Exit_3").type != ""  # dynamic_rnn names kept
        with tf.Session() as sess:
            saver.restore(sess, path)
            got = sess.run([pre + n for n in ("y:0", "mm:0", "cc:0", "ww:0")], {pre + "x:0": FEED})
            for a, b in zip(got, want):
                np.testing.assert_array_equal(a, b)
            sess.run(tf.get_collection("train_op")[0], {pre + "x:0": FEED})
            assert sess.run(pre + "loss:0", {pre + "x:0": FEED}) == pytest.approx(after, rel=1e-6)

