"""tf.train learning-rate schedules against real TF: the ops they add and the rate at several steps.

Goldens: tests/golden/training/schedules.json, made by tests/golden/training/make_optimizers.py."""
import os
import re
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training"))
import optimizers_cases as oc  # noqa: E402
import schedules_cases as sc  # noqa: E402

import tf1 as tf  # noqa: E402

GOLDEN = oc.load_golden("schedules.json")
_CONTROL_FLOW = re.compile(r"(^|/)(cond|case)(_\d+)?(/|$)")


def _outside_control_flow(ops):
    """tf.cond / tf.case inside a schedule: TF 1.15 wires them from Switch/Merge, tf1 from If ops
    (cond_ops' own tests cover them); the rest of the schedule's ops must match."""
    return sorted(o for o in oc.norm_ops(ops) if not _CONTROL_FLOW.search(o[0]))


@pytest.mark.parametrize("name", sorted(sc.CASES))
def test_schedule(name):
    got, want = sc.run_case(tf, name), GOLDEN[name]
    for key in ("name", "dtype", "shape"):
        assert got[key] == want[key], key
    if name in sc.NOISY:
        # Random noise: same count, finite, and within the noiseless envelope's order of magnitude.
        assert len(got["values"]) == len(want["values"])
        assert np.all(np.isfinite(got["values"])) and np.all(np.abs(got["values"]) < 1.0)
    else:
        oc.assert_close(got["values"], want["values"], name)
    assert _outside_control_flow(got["ops"]) == _outside_control_flow(want["ops"])


def test_decay_follows_the_step_variable():
    # seed002_67/68: the rate is recomputed from the step each run; without minimize(global_step=...)
    # the step never moves.
    with tf.Graph().as_default():
        step = tf.Variable(0, trainable=False)
        lr = tf.train.exponential_decay(0.1, step, decay_steps=10, decay_rate=0.9)
        w = tf.Variable(1.0)
        train = tf.train.GradientDescentOptimizer(lr).minimize(tf.square(w))
        train_gs = tf.train.GradientDescentOptimizer(lr).minimize(tf.square(w), global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            assert sess.run(lr) == np.float32(0.1)
            sess.run(train_gs)
            np.testing.assert_allclose(sess.run(lr), 0.1 * 0.9 ** 0.1, rtol=1e-6)


def test_piecewise_constant_dtype_errors():
    with tf.Graph().as_default():
        step = tf.Variable(0, dtype=tf.int64, trainable=False)
        with pytest.raises(ValueError, match="Boundaries"):
            tf.train.piecewise_constant(step, [1.0], [0.1, 0.2])
        with pytest.raises(ValueError, match="Values must have elements all with the same dtype"):
            tf.train.piecewise_constant(step, [1], [0.1, 2])
        with pytest.raises(ValueError, match="length of boundaries"):
            tf.train.piecewise_constant(step, [1, 2], [0.1, 0.2])
