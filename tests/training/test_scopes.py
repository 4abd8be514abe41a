"""tf.variable_scope / tf.get_variable / tf.make_template / initializers against real TF's output."""
import numpy as np
import pytest

import tf1 as tf
from scopes_golden_util import GOLDENS, check, training_cases


@pytest.mark.parametrize("name", sorted(training_cases.SCOPE_CASES))
def test_scope_case(name):
    check("SCOPE_CASES", name)


def test_reuse_error_names_the_creation_site():
    with tf.Graph().as_default():
        with tf.variable_scope("conv1"):
            tf.get_variable("weights", [1])
        with pytest.raises(ValueError) as e:
            with tf.variable_scope("conv1"):
                tf.get_variable("weights", [1])
    msg = str(e.value)
    assert msg.startswith("Variable conv1/weights already exists, disallowed. Did you mean to set "
                          "reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n")
    assert "test_scopes.py" in msg and "tf1/ops" not in msg


def test_variable_scope_repr_and_store_per_graph():
    with tf.Graph().as_default():
        with tf.variable_scope("hello") as s:
            v = tf.get_variable("arr1", [2, 10])
        assert repr(s).startswith("<tensorflow.python.ops.variable_scope.VariableScope object at 0x")
        assert v.name == "hello/arr1:0"
    with tf.Graph().as_default():  # a new graph has a new store: no "already exists" error
        with tf.variable_scope("hello"):
            assert tf.get_variable("arr1", [2, 10]).name == "hello/arr1:0"


def _sample_all_initializers():
    """One graph, one initializer run: every table entry's variable value."""
    with tf.Graph().as_default():
        vs = {}
        for name, (expr, shape) in training_cases.INIT_STATS.items():
            init = eval(expr, {"tf": tf}) if expr else None
            vs[name] = tf.get_variable(name, shape, initializer=init)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            return s.run(vs)


def test_random_initializer_statistics():
    values = _sample_all_initializers()
    for name, want in sorted(GOLDENS["init_stats"].items()):
        val = values[name]
        shape = training_cases.INIT_STATS[name][1]
        if name == "orthogonal":
            m = val.reshape(-1, shape[-1])
            gram = m @ m.T if m.shape[0] < m.shape[1] else m.T @ m
            assert np.abs(gram - np.diag(np.diag(gram))).max() < 1e-4 and want[0] < 1e-4, name
            np.testing.assert_allclose(np.diag(gram).mean(), want[1], rtol=1e-4, err_msg=name)
            continue
        mean, std, lo, hi = want
        # both means are sample means of n draws: allow six standard errors of their difference
        assert abs(val.mean() - mean) < 6 * std * np.sqrt(2.0 / val.size), name
        np.testing.assert_allclose(val.std(), std, rtol=0.05, err_msg=name)
        if "uniform" in name or "truncated" in name or "unit_scaling" in name:
            # bounded distributions: the sample extremes sit at the same bounds
            assert abs(val.min() - lo) < 0.1 * std and abs(val.max() - hi) < 0.1 * std, name


def test_initializer_errors_have_tf_1_15_messages():
    with pytest.raises(ValueError, match=r"^Expected floating point type, got <dtype: 'int32'>\.$"):
        tf.random_normal_initializer(dtype=tf.int32)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="^The tensor to initialize must be at least two-dimensional$"):
            tf.get_variable("o1", [3], initializer=tf.orthogonal_initializer())
        with pytest.raises(ValueError, match="^The initializer passed is not valid"):
            tf.get_variable("noshape")
        with pytest.raises(TypeError, match="^Invalid type for initial value"):
            tf.constant_initializer(object())
