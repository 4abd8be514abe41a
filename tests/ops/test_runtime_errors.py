"""Bad values TF's CPU kernels reject at run time raise TF's InvalidArgumentError with TF's message
(golden: tests/golden/ops/runtime_errors_make.py, real TensorFlow), instead of JAX's silent clamping,
zero-filling or NaN; a failing run leaves variables as TF leaves them."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "ops")
sys.path.insert(0, HERE)
import runtime_errors_cases as cases  # noqa: E402

with open(os.path.join(HERE, "runtime_errors_golden.json")) as f:
    GOLDEN = json.load(f)


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.__name__)
def test_matches_tensorflow(case):
    want = GOLDEN[case.__name__]
    got = cases.run(tf, case)
    assert got.get("error") == want.get("error")
    if "value" in want:
        np.testing.assert_allclose(got["value"], want["value"])
    if "after" in want:
        np.testing.assert_allclose(got["after"], want["after"])


def test_every_case_has_a_golden():
    assert sorted(GOLDEN) == sorted(c.__name__ for c in cases.CASES)


def test_error_names_the_node_and_the_run_can_continue():
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.int32, [None])
        out = tf.gather(tf.constant([1., 2, 3]), p, name="lookup")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError) as e:
                sess.run(out, {p: [4]})
            assert e.value.op.name == "lookup"
            assert "[[node lookup" in str(e.value)
            # Same compiled program, good values: no error, TF's values.
            assert sess.run(out, {p: [2, 1]}).tolist() == [3.0, 2.0]


def test_checks_inside_a_training_step_keep_every_variable():
    # The bad id stops the step: neither the embedding nor the dense layer nor the optimizer's slots
    # and global step change, and the next good step trains from the old values.
    g = tf.Graph()
    with g.as_default():
        ids = tf.placeholder(tf.int32, [None])
        emb = tf.get_variable("emb", initializer=tf.ones([5, 3]))
        w = tf.get_variable("w", initializer=tf.ones([3, 1]))
        loss = tf.reduce_sum(tf.matmul(tf.nn.embedding_lookup(emb, ids), w))
        step = tf.train.get_or_create_global_step()
        train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            before = sess.run(tf.global_variables())
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 9 is not in \[0, 5\)"):
                sess.run(train, {ids: [0, 9]})
            for b, a in zip(before, sess.run(tf.global_variables())):
                np.testing.assert_array_equal(a, b)
            sess.run(train, {ids: [0, 1]})
            assert sess.run(step) == 1


def test_known_bad_indices_raise_when_the_graph_runs():
    g = tf.Graph()
    with g.as_default():
        out = tf.gather(tf.constant([1., 2, 3]), [0, 3])
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 3 is not in \[0, 3\)"):
                sess.run(out)
