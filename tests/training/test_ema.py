"""tf.train.ExponentialMovingAverage against real TF: shadow names, ops, collections and values.

Goldens: tests/golden/training/ema.json, made by tests/golden/training/make_optimizers.py."""
import os
import re
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training"))
import ema_cases  # noqa: E402
import optimizers_cases as oc  # noqa: E402

import tf1 as tf  # noqa: E402

GOLDEN = oc.load_golden("ema.json")
_COND = re.compile(r"(^|/)cond(_\d+)?(/|$)")


def _without_cond_machinery(ops):
    """A shadow starts from `var.initialized_value()`, a tf.cond: TF 1.15 wires it from Switch/Merge
    (and guards the shadow's initializer with a second cond), tf1 from one If op. Compare the rest."""
    return [o for o in oc.norm_ops(ops) if not _COND.search(o[0]) and not
            (o[1] == "IsVariableInitialized" and "/" in o[0])]


@pytest.mark.parametrize("name", sorted(ema_cases.CASES))
def test_ema_case(name):
    got, want = ema_cases.run_case(tf, name), GOLDEN[name]
    assert sorted(got) == sorted(want)
    for key in want:
        if key == "values":
            assert len(got[key]) == len(want[key])
            for i, (g, w) in enumerate(zip(got[key], want[key])):
                for j, (a, b) in enumerate(zip(g, w)):
                    oc.assert_close(a, b, "shadow %d after %d runs" % (j, i))
        elif key == "ops":
            assert _without_cond_machinery(got[key]) == _without_cond_machinery(want[key])
        else:
            assert got[key] == want[key], key


def test_average_before_apply_and_errors():
    with tf.Graph().as_default():
        w = tf.Variable(1.0, name="w")
        ema = tf.train.ExponentialMovingAverage(0.9)
        assert ema.average(w) is None
        assert ema.average_name(w) == "w/ExponentialMovingAverage"
        assert ema.name == "ExponentialMovingAverage"
        with pytest.raises(TypeError, match="The variables must be half, float, or double: i:0"):
            ema.apply([tf.Variable(1, name="i")])
        ema.apply([w])
        shadow = ema.average(w)
        assert shadow.name == "w/ExponentialMovingAverage:0" and not shadow.trainable
        assert shadow.op.colocation_groups() == [b"loc:@w"]
        assert tf.moving_average_variables() == [w]


def test_apply_under_control_dependencies_reads_updated_value():
    # seed002_61: each run increments w first, and the average sees the new value.
    with tf.Graph().as_default():
        w = tf.Variable(1.0)
        ema = tf.train.ExponentialMovingAverage(0.9)
        update = tf.assign_add(w, 1.0)
        with tf.control_dependencies([update]):
            ema_op = ema.apply([w])
        with tf.Session() as sess:
            tf.global_variables_initializer().run()
            out = []
            for _ in range(3):
                sess.run(ema_op)
                out.append(sess.run(ema.average(w)))
        np.testing.assert_array_equal(np.array(out, np.float32), np.array([1.1, 1.2900001, 1.5610001], np.float32))
