"""tf.nest / tf.contrib.framework.nest, tf.sort / tf.argsort, tf.switch_case and
tf.contrib.framework.get_name_scope against goldens recorded from real TensorFlow
(tests/golden/ops/small_apis_make.py over tests/golden/ops/small_apis_cases.py).

Where TF 2.x's compat.v1 reworded a message, MESSAGES_115 holds TF 1.15's text (the spec).
"""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import small_apis_cases as cases  # noqa: E402
from control_cases_util import flatten, structure, to_json  # noqa: E402
from custom_gradient_cases import run_case  # noqa: E402
from golden_io import shape_list  # noqa: E402

with open(os.path.join(GOLDEN, "small_apis_golden.json")) as _f:
    GOLD = json.load(_f)

# TF 1.15's wording (util/nest.py, ops/sort_ops.py, ops/control_flow_ops.py of 1.15).
MESSAGES_115 = {
    "nest_pack_wrong_count": "Could not pack sequence. Structure had 3 elements, but flat_sequence had 2 "
                             "elements.  Structure: [1, (2, 3)], flat_sequence: [1, 2].",
    "nest_pack_not_sequence": "Attempted to pack value:\n  5\ninto a sequence, but found incompatible type "
                              "`<class 'int'>` instead.",
    "nest_pack_scalar_structure": "The target structure is of type `<class 'int'>`\n  1\nHowever the input "
                                  "structure is a sequence (<class 'list'>) of length 2.\n  [1, 2]\nnest "
                                  "cannot guarantee that it is safe to map one to the other.",
    "sort_bad_direction": "UP should be one of ASCENDING, DESCENDING",
    "sort_axis_not_constant": "axis must be a constant scalar",
    "switch_case_python_index": "branch_index must a Tensor, got <class 'int'>",
    "switch_case_float_index": "branch_index must an integer Tensor, got <dtype: 'float32'>",
    "switch_case_empty": "Must provide at least one item in branch_fns",
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


@pytest.mark.parametrize("name", sorted(cases.GRAPH_CASES))
def test_graph_case(name):
    gold = GOLD["graph"][name]
    fetches, results = run_case(tf, cases.GRAPH_CASES[name])
    assert sorted(fetches) == sorted(gold)
    for key, f in fetches.items():
        exp = gold[key]
        assert structure(f) == exp["structure"], key
        ts = flatten(f)
        assert len(ts) == len(exp["tensors"])
        for t, e in zip(ts, exp["tensors"]):
            assert t.dtype.name == e["dtype"], (key, t)
            assert shape_list(t) == e["shape"], (key, t, e)
            # Integer ascending sort: TF 2.x negates with `~x` (names sort/sub_1), TF 1.15 with Neg.
            if not key.startswith("grad") and not (name == "sort_dynamic_and_int" and key in ("int", "i64")):
                assert t.name == e["name"], (key, t.name, e["name"])
        for r, exp_vals in zip(results, exp["values"]):
            got = [to_json(v) for v in flatten(r[key])]
            assert len(got) == len(exp_vals)
            for a, b in zip(got, exp_vals):
                _close(a, b)


@pytest.mark.parametrize("name", sorted(cases.PY_CASES))
def test_py_case(name):
    with tf.Graph().as_default():
        got = cases.describe(cases.PY_CASES[name](tf))
    assert json.loads(json.dumps(got)) == GOLD["py"][name]


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_error(name):
    gold = GOLD["errors"][name]
    with tf.Graph().as_default():
        with pytest.raises(Exception) as info:
            cases.ERRORS[name](tf)
    assert type(info.value).__name__ == gold["type"]
    assert str(info.value) == MESSAGES_115.get(name, gold["message"])


# ----------------------------------------------------------------------------- tf1-only checks

def test_sort_graph_is_tf115s():
    """TF 1.15 builds sort from TopKV2 over a negated input; a non-last axis is swapped last."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(np.zeros([2, 3, 4], np.float32))
        tf.sort(x, axis=1)
        types = [(op.name, op.type) for op in g.get_operations()]
    assert ("sort/Neg", "Neg") in types and ("sort/TopKV2", "TopKV2") in types
    assert ("sort/transposition", "Const") in types and ("sort/transpose_1", "Transpose") in types
    assert ("sort/Neg_1", "Neg") in types


def test_contrib_nest_is_tf_nest_functions():
    assert tf.contrib.framework.nest.flatten is tf.nest.flatten
    assert tf.contrib.framework.nest.is_sequence([1]) and not tf.contrib.framework.nest.is_sequence("a")
    assert not hasattr(tf.nest, "flatten_with_joined_string_paths")  # util.nest only, as in TF


def test_switch_case_compiled_runs_and_variables():
    """A fed index runs the compiled lax.switch path on repeated runs; branch assignments persist."""
    g = tf.Graph()
    with g.as_default():
        i = tf.placeholder(tf.int32, [])
        v = tf.Variable(0.0)
        r = tf.switch_case(i, [lambda: tf.assign_add(v, 1.0), lambda: tf.assign_add(v, 10.0)])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = [sess.run(r, {i: k}) for k in (0, 1, 1, 0, 5)]
    assert got == [1.0, 11.0, 21.0, 22.0, 32.0]
    assert r.op.inputs[0].op.type == "Case"


def test_get_name_scope_matches_graph():
    with tf.Graph().as_default() as g:
        with tf.name_scope("a"):
            with tf.name_scope("b"):
                assert tf.get_name_scope() == g.get_name_scope() == "a/b"
