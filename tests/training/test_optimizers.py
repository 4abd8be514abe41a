"""tf.train optimizers against real TF: values after 1 and 3 steps, slots, and the ops they add.

Goldens: tests/golden/training/optimizers.json, made by tests/golden/training/make_optimizers.py."""
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training"))
import optimizers_cases as oc  # noqa: E402

import tf1 as tf  # noqa: E402

GOLDEN = oc.load_golden("optimizers.json")


@pytest.fixture(scope="module")
def results():
    return {}


def _run(results, name):
    if name not in results:
        results[name] = oc.run_case(tf, name)
    return results[name]


@pytest.mark.parametrize("name", sorted(oc.CASES))
def test_values_after_1_and_3_steps(results, name):
    got, want = _run(results, name), GOLDEN[name]
    assert sorted(got["values"]) == sorted(want["values"])
    for step, values in want["values"].items():
        assert sorted(got["values"][step]) == sorted(values), step
        for var, value in values.items():
            oc.assert_close(got["values"][step][var], value, "%s after %s steps" % (var, step))


@pytest.mark.parametrize("name", sorted(oc.CASES))
def test_slots_and_variables(results, name):
    got, want = _run(results, name), GOLDEN[name]
    for key in ("slot_names", "slots", "optimizer_variables", "global_variables", "trainable_variables",
                "train_op"):
        assert got[key] == want[key], key


@pytest.mark.parametrize("name", sorted(oc.CASES))
def test_apply_ops(results, name):
    got, want = _run(results, name), GOLDEN[name]
    if oc.CASES[name][2].get("ftrl"):
        # The oracle (TF 2.x) builds Ftrl's accumulator from an initializer and adds a `beta` term
        # (Ftrl/Maximum, Ftrl/add...); TF 1.15 has neither. Only the training ops are common.
        def training_ops(ops):
            return [o for o in ops if o[1].startswith("Apply")]
        got_ops = [o[:2] for o in training_ops(got["apply_ops"])]
        want_ops = [o[:2] for o in training_ops(want["apply_ops"])]
        assert got_ops == want_ops
        return
    assert oc.norm_ops(got["apply_ops"]) == oc.norm_ops(want["apply_ops"])


def test_slot_lookup_and_errors():
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable([1.0, 2.0], name="W")
        opt = tf.train.MomentumOptimizer(0.1, 0.9)
        assert opt.get_slot(w, "momentum") is None
        opt.minimize(tf.reduce_sum(w * w))
        slot = opt.get_slot(w, "momentum")
        assert slot.name == "W/Momentum:0" and not slot.trainable
        assert slot in tf.global_variables() and slot not in tf.trainable_variables()
        assert opt.get_slot(w, "nope") is None
        assert opt.get_name() == "Momentum"
        assert slot.op.colocation_groups() == [b"loc:@W"]
        assert g.get_collection(tf.GraphKeys.TRAIN_OP)
        with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
            tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
        with pytest.raises(ValueError, match="learning_rate_power"):
            tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)
        with pytest.raises(ValueError, match="No gradients provided"):
            tf.train.AdamOptimizer().minimize(tf.constant(1.0) * 2.0, var_list=[w])


def test_second_minimize_reuses_slots_and_names_scopes():
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable([1.0, 2.0], name="W")
        opt = tf.train.AdamOptimizer(0.1)
        a = opt.minimize(tf.reduce_sum(w * w))
        b = opt.minimize(tf.reduce_sum(w))
        assert a.name == "Adam" and b.name == "Adam_1"
        assert [v.name for v in opt.variables()] == ["W/Adam:0", "W/Adam_1:0", "beta1_power:0", "beta2_power:0"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run([a])
            sess.run([b])
            # beta powers start at beta and advance once per apply_gradients run.
            np.testing.assert_allclose(sess.run(opt._get_beta_accumulators()), [0.9 ** 3, 0.999 ** 3], rtol=1e-6)


def test_global_step_helpers():
    g = tf.Graph()
    with g.as_default():
        assert tf.train.get_global_step() is None
        step = tf.train.get_or_create_global_step()
        assert step.name == "global_step:0" and step.dtype == tf.int64_ref
        assert tf.train.get_or_create_global_step() is step
        assert tf.contrib.framework.get_or_create_global_step() is step
        assert tf.contrib.framework.get_global_step() is step
        assert g.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
        assert step in tf.global_variables() and step not in tf.trainable_variables()
        with pytest.raises(ValueError, match='"global_step" already exists.'):
            tf.train.create_global_step()
        w = tf.Variable(3.0)
        train = tf.train.GradientDescentOptimizer(0.5).minimize(w * w, global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            sess.run(train)
            assert tf.train.global_step(sess, step) == 2
            assert isinstance(tf.train.global_step(sess, step), int)
    g2 = tf.Graph()
    with g2.as_default():
        # A plain variable named global_step is found by name (TF looks up 'global_step:0').
        v = tf.Variable(0, name="global_step", trainable=False)
        found = tf.train.get_global_step()
        assert isinstance(found, tf.Tensor) and found is v._ref()
        with pytest.raises(TypeError, match="does not have integer type"):
            with tf.Graph().as_default():
                tf.Variable(0.0, name="global_step")
                tf.train.get_global_step()
