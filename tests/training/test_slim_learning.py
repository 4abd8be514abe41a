"""tf.contrib.slim.learning (create_train_op, train, train_step) and tf.contrib.training's
create_train_op / train against real TF 1.15 code.

Goldens: the `create_train_op` and `slim_train` entries of tests/golden/training/optimize_loss_golden.json,
made by tests/golden/training/optimize_loss_make.py (tf_slim, which is contrib.slim's code) from
optimize_loss_cases.py."""
import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "training"))
sys.path.insert(0, HERE)
import optimize_loss_cases  # noqa: E402
from test_optimize_loss import GOLDEN, assert_same  # noqa: E402

import tf1 as tf  # noqa: E402


@pytest.mark.parametrize("name", ["create_train_op", "slim_train", "slim_evaluation"])
def test_against_tf(name):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(optimize_loss_cases.CASES[name](tf)))
    assert_same(got, GOLDEN[name], name)


def test_train_writes_summaries(tmp_path):
    with tf.Graph().as_default():
        loss, _, _ = optimize_loss_cases._model(tf)
        tf.summary.scalar("total_loss", loss)
        op = tf.contrib.slim.learning.create_train_op(loss, tf.train.GradientDescentOptimizer(0.1))
        tf.contrib.slim.learning.train(op, str(tmp_path), number_of_steps=3)
    events = [n for n in os.listdir(tmp_path) if n.startswith("events.out.tfevents")]
    assert len(events) == 1
    tags = {v.tag for e in tf.train.summary_iterator(str(tmp_path / events[0])) for v in e.summary.value}
    assert "total_loss" in tags


def test_train_errors():
    with tf.Graph().as_default():
        loss, _, _ = optimize_loss_cases._model(tf)
        op = tf.contrib.slim.learning.create_train_op(loss, tf.train.GradientDescentOptimizer(0.1))
        with pytest.raises(ValueError, match="train_op cannot be None."):
            tf.contrib.slim.learning.train(None, None)
        with pytest.raises(ValueError, match="Cannot provide saver because logdir=None"):
            tf.contrib.slim.learning.train(op, None, saver=tf.train.Saver())
        with pytest.raises(ValueError, match="`number_of_steps` must be either None or a positive number."):
            tf.contrib.slim.learning.train(op, None, number_of_steps=0)


def test_contrib_training_train_and_transforms(tmp_path):
    with tf.Graph().as_default():
        loss, w, _ = optimize_loss_cases._model(tf)
        op = tf.contrib.training.create_train_op(
            loss, tf.train.GradientDescentOptimizer(0.1),
            transform_grads_fn=tf.contrib.training.clip_gradient_norms_fn(0.01))
        final = tf.contrib.training.train(op, str(tmp_path), hooks=[tf.train.StopAtStepHook(num_steps=2)],
                                          save_summaries_steps=None)
        # Each gradient is clipped to norm 0.01, so two steps move w by at most 0.002.
        moved = abs(tf.train.load_variable(str(tmp_path), "w") - [[0.3], [-0.2]]).max()
    assert final > 0 and 0 < moved <= 0.002 + 1e-6
    with pytest.raises(ValueError, match="logdir cannot be None when save_summaries_steps is not None"):
        tf.contrib.training.train(op, None)


def test_slim_namespace_reaches_helpers():
    slim = tf.contrib.slim
    for name in ("get_variables_to_restore", "losses", "learning", "evaluation", "fully_connected", "arg_scope",
                 "get_or_create_global_step", "assign_from_checkpoint_fn"):
        assert hasattr(slim, name), name
    assert slim.learning.multiply_gradients is tf.contrib.training.multiply_gradients
