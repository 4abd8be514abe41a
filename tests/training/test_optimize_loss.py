"""tf.contrib.layers.optimize_loss and adaptive_clipping_fn against real TF 1.15 code.

Goldens: tests/golden/training/optimize_loss_golden.json, made by tests/golden/training/optimize_loss_make.py
(TF 1.15's optimizers.py run on TF 2.x compat.v1) from the scenarios in optimize_loss_cases.py."""
import json
import math
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "training"))
import optimize_loss_cases  # noqa: E402

import tf1 as tf  # noqa: E402

with open(os.path.join(os.path.dirname(HERE), "golden", "training", "optimize_loss_golden.json")) as _f:
    GOLDEN = json.load(_f)

# create_train_op, slim_train and slim_evaluation are slim.learning's: tests/training/test_slim_learning.py checks them.
NAMES = sorted(n for n in optimize_loss_cases.CASES if n not in ("create_train_op", "slim_train", "slim_evaluation"))


def assert_same(got, want, where):
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), "%s: %r vs %r" % (where, sorted(got),
                                                                                      sorted(want))
        for k in want:
            assert_same(got[k], want[k], "%s.%s" % (where, k))
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), "%s: %r vs %r" % (where, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, "%s[%d]" % (where, i))
    elif isinstance(want, float) and not isinstance(got, bool):
        assert isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-4, abs_tol=2e-5), \
            "%s: %r vs %r" % (where, got, want)
    else:
        assert got == want, "%s: %r vs %r" % (where, got, want)


@pytest.mark.parametrize("name", NAMES)
def test_against_tf(name):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(optimize_loss_cases.CASES[name](tf)))
    assert_same(got, GOLDEN[name], name)


def test_summaries_write_values(tmp_path):
    # The summaries optimize_loss adds merge and evaluate like any others.
    with tf.Graph().as_default():
        loss, _, _ = optimize_loss_cases._model(tf)
        gs = tf.train.get_or_create_global_step()
        op = tf.contrib.layers.optimize_loss(loss, gs, 0.1, "SGD", summaries=["loss", "gradient_norm"])
        merged = tf.summary.merge_all()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            _, blob = sess.run([op, merged])
    summary = tf.Summary.FromString(blob)
    assert [v.tag for v in summary.value] == ["OptimizeLoss/global_norm/gradient_norm", "OptimizeLoss/loss",
                                              "OptimizeLoss/gradient_norm/w_0", "OptimizeLoss/gradient_norm/b_0"]
