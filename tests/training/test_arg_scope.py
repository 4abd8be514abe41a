"""arg_scope, add_arg_scope, slim.repeat / slim.stack against TF 1.15's slim code (tf_slim on the
oracle): tests/golden/training/arg_scope_make.py's cases replayed under tf1 (variable names, shapes
and devices, output names and shapes, regularization losses and update ops), plus behaviour checks
of the arg_scope stack itself.
"""
import json
import os
import re

import numpy as np
import pytest

import tf1

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "training", "arg_scope_golden.json")
with open(GOLDEN) as _f:
    META = json.load(_f)

slim = tf1.contrib.slim


@pytest.mark.parametrize("name", sorted(META["cases"]))
def test_case(name):
    info = META["cases"][name]
    with tf1.Graph().as_default():
        env = {"tf": tf1, "slim": slim, "np": np}
        exec(info["code"], env)  # noqa: S102 -- the recorded case
        out = env["out"]
        assert [out.name, out.get_shape().as_list()] == info["out"]
        assert [[v.name, v.get_shape().as_list(), v.device] for v in tf1.global_variables()] == info["variables"]
        assert [t.name for t in tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES)] == info["regularization"]
        assert [t.name for t in tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)] == info["update_ops"]
        assert json.loads(json.dumps(env.get("report"))) == info["report"]
    assert slim.current_arg_scope() == {}


@pytest.mark.parametrize("name", sorted(META["errors"]))
def test_error(name):
    info = META["errors"][name]
    with tf1.Graph().as_default():
        with pytest.raises(Exception) as e:
            exec(info["code"], {"tf": tf1, "slim": slim, "np": np})  # noqa: S102
    assert type(e.value).__name__ == info["type"]
    # The module of an undecorated function is tf1's, not TensorFlow's.
    want = re.sub(r"\('[\w.]+', ", "(MODULE, ", info["message"])
    assert re.sub(r"\('[\w.]+', ", "(MODULE, ", str(e.value)) == want
    assert slim.current_arg_scope() == {}


def test_contrib_framework_and_slim_share_the_functions():
    fw = tf1.contrib.framework
    for n in ["arg_scope", "add_arg_scope", "arg_scoped_arguments", "has_arg_scope", "current_arg_scope"]:
        assert getattr(slim, n) is getattr(fw, n)
    assert slim.repeat is tf1.contrib.layers.repeat and slim.stack is tf1.contrib.layers.stack
    assert slim.l2_regularizer is tf1.contrib.layers.l2_regularizer


def test_add_arg_scope_on_a_user_function_and_list_keys():
    @slim.add_arg_scope
    def f(a, b=1, c=2):
        return a, b, c

    @slim.add_arg_scope
    def g(a, b=1):
        return a, b

    assert slim.has_arg_scope(f) and slim.arg_scoped_arguments(f) == ("b", "c") and f.__name__ == "f"
    with slim.arg_scope([f, g], b=10):
        assert f(0) == (0, 10, 2) and g(0) == (0, 10)
        with slim.arg_scope([f], c=20) as sc:
            assert f(0) == (0, 10, 20) and f(0, b=3) == (0, 3, 20)
            assert g(0) == (0, 10)
        assert f(0) == (0, 10, 2)
    assert f(0) == (0, 1, 2)
    with slim.arg_scope(sc):
        assert f(0) == (0, 10, 20)
    with pytest.raises(ValueError):
        with slim.arg_scope([lambda x: x], b=1):
            pass
    assert slim.current_arg_scope() == {}


def test_batch_norm_params_reach_the_normalizer():
    with tf1.Graph().as_default():
        x = tf1.placeholder(tf1.float32, [2, 8, 8, 3])
        with slim.arg_scope([slim.conv2d], normalizer_fn=slim.batch_norm):
            with slim.arg_scope([slim.batch_norm], is_training=False):
                out = slim.conv2d(x, 4, [3, 3], scope="c")
        assert tf1.get_collection(tf1.GraphKeys.UPDATE_OPS) == []
        names = [v.op.name for v in tf1.global_variables()]
        assert names == ["c/weights", "c/BatchNorm/beta", "c/BatchNorm/moving_mean", "c/BatchNorm/moving_variance"]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            assert sess.run(out, {x: np.ones([2, 8, 8, 3], np.float32)}).shape == (2, 8, 8, 4)
