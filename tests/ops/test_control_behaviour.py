"""Behaviour of tf1's control flow that goldens cannot pin down (randomness, host bodies, what the
Session's plan runs)."""
import numpy as np

import tf1 as tf
from tf1.runtime import plan


def test_branch_ops_are_not_in_the_outer_plan():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [], name="x")
        r = tf.cond(x > 0, lambda: tf.square(x, name="sq"), lambda: tf.negative(x, name="neg"))
        w = tf.while_loop(lambda i: i < 3, lambda i: tf.add(i, 1, name="inc"), [0])
        ops = plan.needed_ops([r.op, w.op], frozenset())
        names = {op.name for op in ops}
        assert "cond/sq" not in names and "cond/neg" not in names and "while/inc" not in names
        assert {"cond", "while"} <= names


def test_random_draws_differ_per_iteration_and_run():
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(3)
        _, acc = tf.while_loop(lambda i, a: i < 3,
                               lambda i, a: (i + 1, tf.concat([a[1:], tf.random_uniform([1])], 0)),
                               (tf.constant(0), tf.zeros([3])))
        with tf.Session(graph=g) as sess:
            a1, a2 = sess.run(acc), sess.run(acc)
    assert len(set(a1.tolist())) == 3  # a fresh draw in every iteration
    assert not np.allclose(a1, a2)     # and in every run


def test_host_ops_in_bodies_and_branches():
    g = tf.Graph()
    with g.as_default():
        calls = []

        def record(v):
            calls.append(int(v))
            return v * 2

        p = tf.placeholder(tf.bool, [])
        r = tf.cond(p, lambda: tf.py_func(record, [tf.constant(5)], tf.int32), lambda: tf.constant(-1))
        w = tf.while_loop(lambda i: i < 20, lambda i: tf.reshape(tf.py_func(record, [i + 1], tf.int32), []),
                          [tf.constant(0)])
        with tf.Session(graph=g) as sess:
            assert sess.run(r, {p: False}) == -1
            assert calls == []                  # the untaken branch's py_func never ran
            assert sess.run(r, {p: True}) == 10
            assert sess.run(w) == 30            # 0 -> 2 -> 6 -> 14 -> 30
    assert calls == [5, 1, 3, 7, 15]


def test_gradient_through_loop_with_static_trip_count_under_placeholder_shapes():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        n = tf.shape(x)[0]
        _, s = tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + x[i] * x[i]),
                             (tf.constant(0), tf.constant(0.0)))
        gx = tf.gradients(s, x)[0]
        with tf.Session(graph=g) as sess:
            out = sess.run(gx, {x: np.array([1., 2., 3.], np.float32)})
    np.testing.assert_allclose(out, [2., 4., 6.])


def test_cond_inside_while_writes_variable_each_iteration():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0.0, name="v")

        def body(i):
            upd = tf.cond(tf.equal(i % 2, 0), lambda: tf.assign_add(v, 1.0), lambda: tf.assign_sub(v, 0.25))
            with tf.control_dependencies([upd]):
                return i + 1
        w = tf.while_loop(lambda i: i < 4, body, [tf.constant(0)])
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(w)
            assert sess.run(v) == 1.5
            sess.run(w)
            assert sess.run(v) == 3.0
