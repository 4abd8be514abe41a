"""User-defined gradients (tf.custom_gradient, tf.RegisterGradient + gradient_override_map,
tf.NotDifferentiable) against goldens recorded from real TensorFlow
(tests/golden/ops/custom_gradient_make.py over tests/golden/ops/custom_gradient_cases.py).

Values of every run, fetched structures, dtypes and static shapes must match, and the names of
non-gradient tensors (`IdentityN:0` for custom_gradient results); errors must have TF's class and
message (TF 1.15's wording where TF 2.x's compat.v1 changed it).
"""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import custom_gradient_cases as cases  # noqa: E402
from control_cases_util import flatten, structure, to_json  # noqa: E402
from golden_io import shape_list  # noqa: E402

with open(os.path.join(GOLDEN, "custom_gradient_golden.json")) as _f:
    GOLD = json.load(_f)

# TF 1.15's wording (gradients_impl.py) where TF 2.x appended advice to the message.
MESSAGES_115 = {
    "unregistered_gradient_name": "No gradient defined for operation 'Square' (op type: Square)",
}
# Messages that embed a location or a NodeDef: compared up to this many characters.
PREFIX = {
    "register_twice": "\"Registering two gradient with name 'CgTwice'! (Previous registration was in",
    "register_builtin_op_type": "\"Registering two gradient with name 'Square'! (Previous registration was in",
    "wrong_gradient_count": 'Num gradients 2 generated for op name: "Square"',
}


def _unnan(v):
    if isinstance(v, list):
        return [_unnan(x) for x in v]
    return {"nan": np.nan, "inf": np.inf, "-inf": -np.inf}.get(v, v) if isinstance(v, str) else v


def _close(a, b):
    assert a["dtype"] == b["dtype"], (a, b)
    assert a["shape"] == b["shape"], (a, b)
    if a.get("kind") == "float":
        np.testing.assert_allclose(np.array(_unnan(a["value"]), np.float64),
                                   np.array(_unnan(b["value"]), np.float64), rtol=2e-5, atol=1e-6)
    else:
        assert a["value"] == b["value"], (a, b)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case(name):
    gold = GOLD["cases"][name]
    fetches, results = cases.run_case(tf, cases.CASES[name])
    assert sorted(fetches) == sorted(gold)
    for key, f in fetches.items():
        exp = gold[key]
        assert structure(f) == exp["structure"], key
        ts = flatten(f)
        assert len(ts) == len(exp["tensors"])
        for t, e in zip(ts, exp["tensors"]):
            assert t.dtype.name == e["dtype"], (key, t)
            assert shape_list(t) == e["shape"], (key, t, e)
            if not key.startswith("grad") and key not in ("attr", "none"):
                assert t.name == e["name"], (key, t.name, e["name"])
        assert len(results) == len(exp["values"])
        for r, exp_vals in zip(results, exp["values"]):
            got = [to_json(v) for v in flatten(r[key])]
            assert len(got) == len(exp_vals)
            for a, b in zip(got, exp_vals):
                _close(a, b)


@pytest.mark.parametrize("name", sorted(cases.BUILD_ERRORS))
def test_build_error(name):
    gold = GOLD["build_errors"][name]
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(Exception) as info:
            cases.BUILD_ERRORS[name](tf)
    assert type(info.value).__name__ == gold["type"]
    ours = str(info.value)
    if name in MESSAGES_115:
        assert ours == MESSAGES_115[name]
    elif name in PREFIX:
        assert gold["message"].startswith(PREFIX[name]) and ours.startswith(PREFIX[name]), ours
    else:
        assert ours == gold["message"]


# ------------------------------------------------------------------------------ graph form

def test_custom_gradient_graph_form():
    """TF 1.15's graph form: results, inputs and variables pass one IdentityN whose
    `_gradient_op_type` names a fresh `CustomGradient-<uid>` gradient."""
    g = tf.Graph()
    with g.as_default():
        @tf.custom_gradient
        def f(x):
            return x * 2.0, lambda dy: dy

        x = tf.constant([1.0, 2.0], name="x")
        y = f(x)
        assert y.name == "IdentityN:0" and y.op.type == "IdentityN"
        assert [t.name for t in y.op.inputs] == ["mul:0", "x:0"]
        kind = y.op.get_attr("_gradient_op_type")
        assert isinstance(kind, bytes) and kind.startswith(b"CustomGradient-")
        y2 = f(x)
        assert y2.op.get_attr("_gradient_op_type") != kind
        nd = y.op.node_def
        assert nd.attr["_gradient_op_type"].s == kind


def test_override_map_scoping():
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0)
        with g.gradient_override_map({"Square": "A"}):
            a = tf.square(x)
            with g.gradient_override_map({"Square": "B"}):
                b = tf.square(x)
            c = tf.square(x)
        d = tf.square(x)
        assert a.op.get_attr("_gradient_op_type") == b"A"
        assert b.op.get_attr("_gradient_op_type") == b"B"
        assert c.op.get_attr("_gradient_op_type") == b"A"
        with pytest.raises(ValueError):
            d.op.get_attr("_gradient_op_type")


def test_gradient_ops_live_in_gradients_scope():
    """The user's gradient function runs inside `gradients/<op>_grad`, as in TF."""
    g = tf.Graph()
    with g.as_default():
        @tf.RegisterGradient("TestScopeGrad")
        def _grad(op, grad):
            return tf.multiply(grad, 3.0, name="scaled")

        x = tf.constant(2.0)
        with g.gradient_override_map({"Identity": "TestScopeGrad"}):
            y = tf.identity(x, name="ident")
        tf.gradients(y, x)
        names = [op.name for op in g.get_operations()]
        assert "gradients/ident_grad/scaled" in names


def test_register_gradient_reachable_from_framework_ops():
    """`from tensorflow.python.framework import ops; ops.RegisterGradient` under `tf1 run`."""
    from tf1 import compat_shim
    ops = compat_shim._lookup("tensorflow.python.framework.ops")
    assert ops.RegisterGradient is tf.RegisterGradient
    assert ops.NotDifferentiable is tf.no_gradient and ops.custom_gradient is tf.custom_gradient


def test_compiled_and_repeated_runs():
    """The overridden gradient stays right when a signature runs compiled (second and later runs)."""
    g = tf.Graph()
    with g.as_default():
        @tf.custom_gradient
        def f(x):
            return tf.sin(x), lambda dy: dy * 100.0

        x = tf.placeholder(tf.float32, [3])
        gx = tf.gradients(tf.reduce_sum(f(x)), x)[0]
        with tf.Session() as sess:
            for i in range(3):
                v = np.arange(3, dtype=np.float32) + i
                np.testing.assert_allclose(sess.run(gx, {x: v}), [100.0] * 3)
