"""tf1's control flow, asserts and py_func against goldens recorded from real TensorFlow
(tests/golden/ops/control_make.py over tests/golden/ops/control_cases.py).

Values of every run, fetched structures, tensor names (`cond/Merge:0`, `while/Exit_1:0`, ...),
dtypes and static shapes must match; errors must have TF's class and message. The oracle is TF
2.x's `tf.compat.v1`; where its message differs from TF 1.15 (the spec), `MESSAGES_115` holds the
1.15 text.
"""
import json
import os
import re
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import control_cases  # noqa: E402
from control_cases_util import flatten, resolve_feeds, structure, to_json  # noqa: E402
from golden_io import shape_list  # noqa: E402

with open(os.path.join(GOLDEN, "control_golden.json")) as _f:
    GOLD = json.load(_f)

# TF 1.15's wording where TF 2.x's compat.v1 rewrote the message (control_flow_ops.py of 1.15).
MESSAGES_115 = {
    "cond_python_bool": "pred must not be a Python bool",
    "cond_dtype_mismatch": "Outputs of true_fn and false_fn must have the same type: int32, float32",
    "cond_missing_false": "cond(): false_fn argument required",
    "cond_not_callable": "true_fn must be callable.",
    "cond_structure_mismatch": "Incompatible return values of true_fn and false_fn: The two structures "
                               "don't have the same nested structure.",
    "while_no_vars": "No loop variables provided",
    "while_not_callable": "cond must be callable.",
    "while_nonscalar_cond": "Shape must be rank 0 but is rank 1 for 'while/LoopCond' (op: 'LoopCond') "
                            "with input shapes: [1].",
}


def _close(a, b):
    if isinstance(a, dict) and "dtype" in a and "value" in a:
        assert a["dtype"] == b["dtype"], (a, b)
        assert a["shape"] == b["shape"], (a, b)
        if a.get("kind") == "float":
            x = np.array(_unnan(a["value"]), dtype=np.float64)
            y = np.array(_unnan(b["value"]), dtype=np.float64)
            np.testing.assert_allclose(x, y, rtol=2e-5, atol=1e-6)
        else:
            assert a["value"] == b["value"], (a, b)
    elif isinstance(a, dict):
        assert sorted(a) == sorted(b)
        for k in a:
            _close(a[k], b[k])
    else:
        assert a == b


def _unnan(v):
    if isinstance(v, list):
        return [_unnan(x) for x in v]
    return {"nan": np.nan, "inf": np.inf, "-inf": -np.inf}.get(v, v) if isinstance(v, str) else v


@pytest.mark.parametrize("name", sorted(control_cases.CASES))
def test_case(name):
    gold = GOLD["cases"][name]
    g = tf.Graph()
    with g.as_default():
        fetches, feeds, runs = control_cases.CASES[name](tf)
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            results = [sess.run(fetches, resolve_feeds(g, feeds)) for _ in range(runs)]
    for key, f in fetches.items():
        exp = gold[key]
        assert structure(f) == exp["structure"], key
        ts = flatten(f)
        assert len(ts) == len(exp["tensors"])
        for t, e in zip(ts, exp["tensors"]):
            assert t.dtype.name == e["dtype"], (key, t)
            shape = shape_list(t)
            assert shape == e["shape"], (key, t, e)
            if not key.startswith("grad"):
                assert t.name == e["name"], (key, t.name, e["name"])
        for run, (r, exp_vals) in enumerate(zip(results, exp["values"])):
            got = [to_json(v) for v in flatten(r[key])]
            assert len(got) == len(exp_vals)
            for a, b in zip(got, exp_vals):
                _close(a, b)


def _norm(msg):
    return re.sub(r"pyfunc_\d+", "pyfunc_N", msg)


@pytest.mark.parametrize("name", sorted(control_cases.BUILD_ERRORS))
def test_build_error(name):
    gold = GOLD["build_errors"][name]
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(Exception) as info:
            control_cases.BUILD_ERRORS[name](tf)
    assert type(info.value).__name__ == gold["type"]
    expected = MESSAGES_115.get(name, gold["message"].split("\n")[0])
    assert expected in str(info.value)


def _core(message):
    """The kernel's own text inside TF's run-error message (without the graph-execution frame)."""
    m = re.search(r"Node: '[^']*'\n(.*?)\n\t \[\[", message, re.S)
    return m.group(1) if m else message


@pytest.mark.parametrize("name", sorted(control_cases.RUN_ERRORS))
def test_run_error(name):
    gold = GOLD["run_errors"][name]
    g = tf.Graph()
    with g.as_default():
        fetch, feeds = control_cases.RUN_ERRORS[name](tf)
        with tf.Session(graph=g) as sess:
            with pytest.raises(tf.errors.OpError) as info:
                sess.run(fetch, resolve_feeds(g, feeds))
    assert type(info.value).__name__ == gold["type"]
    ours = _norm(info.value.message)
    theirs = _norm(_core(gold["message"]))
    if name == "py_func_value_error":  # both carry a traceback; its last line is the exception
        assert ours.startswith("ValueError: bad thing") and "ValueError: bad thing" in theirs
    else:
        assert ours == theirs


@pytest.mark.parametrize("name", sorted(control_cases.PRINT_CASES))
def test_print(name, capfd):
    gold = GOLD["prints"][name]
    capfd.readouterr()
    g = tf.Graph()
    with g.as_default():
        fetch, runs = control_cases.PRINT_CASES[name](tf)
        with tf.Session(graph=g) as sess:
            for _ in range(runs):
                sess.run(fetch)
    out, err = capfd.readouterr()
    assert out == gold["stdout"]
    # Independent Print ops may run in either order (TF runs them in parallel).
    assert sorted(ln for ln in err.splitlines() if ln.strip()) == sorted(gold["stderr"])
