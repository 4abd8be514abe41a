"""tf1's TensorArray -- alone and carried by tf.while_loop -- against goldens recorded from real
TensorFlow (tests/golden/ops/tensor_array_make.py over tests/golden/ops/tensor_array_cases.py).

Values of every run (the first run of a signature is interpreted, later ones compiled), fetched
structures, tensor names, dtypes and static shapes must match, and so must gradients through
loops; errors must have TF's class and message (TF names the array's resource with a process-wide
counter, "TensorArray TensorArray_46:", which is compared up to that number).
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
import tensor_array_cases  # noqa: E402
from control_cases_util import flatten, resolve_feeds, structure, to_json  # noqa: E402
from golden_io import shape_list  # noqa: E402

with open(os.path.join(GOLDEN, "tensor_array_golden.json")) as _f:
    GOLD = json.load(_f)


def _close(a, b):
    assert a["dtype"] == b["dtype"], (a, b)
    assert a["shape"] == b["shape"], (a, b)
    if a.get("kind") == "float":
        np.testing.assert_allclose(np.array(a["value"], np.float64), np.array(b["value"], np.float64),
                                   rtol=2e-5, atol=1e-6)
    else:
        assert a["value"] == b["value"], (a, b)


@pytest.mark.parametrize("name", sorted(tensor_array_cases.CASES))
def test_case(name):
    gold = GOLD["cases"][name]
    g = tf.Graph()
    with g.as_default():
        fetches, feeds, runs = tensor_array_cases.CASES[name](tf)
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            results = [sess.run(fetches, resolve_feeds(g, feeds)) for _ in range(runs)]
    for key, f in fetches.items():
        if key == "train":
            continue
        exp = gold[key]
        assert structure(f) == exp["structure"], key
        ts = flatten(f)
        assert len(ts) == len(exp["tensors"])
        for t, e in zip(ts, exp["tensors"]):
            assert t.dtype.name == e["dtype"], (key, t)
            assert shape_list(t) == e["shape"], (key, t, e)
            if not key.startswith("grad"):
                assert t.name == e["name"], (key, t.name, e["name"])
        for r, exp_vals in zip(results, exp["values"]):
            got = [to_json(v) for v in flatten(r[key])]
            assert len(got) == len(exp_vals)
            for a, b in zip(got, exp_vals):
                _close(a, b)


@pytest.mark.parametrize("name", sorted(tensor_array_cases.BUILD_ERRORS))
def test_build_error(name):
    gold = GOLD["build_errors"][name]
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(Exception) as info:
            tensor_array_cases.BUILD_ERRORS[name](tf)
    assert type(info.value).__name__ == gold["type"]
    expected = gold["message"].split("\n")[0]
    if name == "loop_invariant_not_scalar":  # TF names the array's flow, tf1 its buffer
        expected = expected.split(" for ")[0]
        assert "It enters the loop with shape (), but the specified shape invariant is (?,)." in \
            str(info.value)
    assert expected in str(info.value)


def _core(message):
    """The kernel's own text inside TF's run-error message (without the graph-execution frame)."""
    m = re.search(r"Node: '[^']*'\n(.*?)\n\t \[\[", message, re.S)
    return m.group(1) if m else message


def _norm(message):
    return re.sub(r"^TensorArray \S+: ", "TensorArray <name>: ", message)


@pytest.mark.parametrize("name", sorted(tensor_array_cases.RUN_ERRORS))
def test_run_error(name):
    gold = GOLD["run_errors"][name]
    g = tf.Graph()
    with g.as_default():
        fetch, feeds = tensor_array_cases.RUN_ERRORS[name](tf)
        with tf.Session(graph=g) as sess:
            for _ in range(2):  # interpreted, then compiled
                with pytest.raises(tf.errors.OpError) as info:
                    sess.run(fetch, resolve_feeds(g, feeds))
                assert type(info.value).__name__ == gold["type"]
                assert _norm(info.value.message) == _norm(_core(gold["message"]))
