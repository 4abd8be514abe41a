"""tf1's shape/indexing/sparse/random-extra ops against real TensorFlow's goldens
(golden/ops/array_golden.json + .npz, recorded by golden/ops/make_array.py from array_cases.py)."""
import json
import os
import re
import sys

import numpy as np
import pytest

import tf1

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "golden", "ops")
sys.path.insert(0, GOLDEN_DIR)
import array_cases  # noqa: E402
from golden_io import flat, shape_list  # noqa: E402

META = json.load(open(os.path.join(GOLDEN_DIR, "array_golden.json")))
VALUES = np.load(os.path.join(GOLDEN_DIR, "array_golden.npz"))


def tf115_message(msg):
    """The oracle (TF 2.x) prints a node as `'{{node X}} = Type[attrs](inputs)'`; TF 1.15 printed
    `'X' (op: 'Type')`."""
    return re.sub(r"'\{\{node (\S+?)\}\} = (\w+)\[.*?\]\(.*?\)' with input shapes",
                  r"'\1' (op: '\2') with input shapes", msg)


@pytest.mark.parametrize("name", sorted(array_cases.CASES))
def test_case(name):
    want = META["cases"][name]
    g = tf1.Graph()
    with g.as_default():
        fetches, feeds = array_cases.CASES[name](tf1)
        # Add/AddV2 compared as one type (see tests/ops/test_math_golden.py, TYPE_115).
        ops = [[op.name, "Add" if op.type == "AddV2" else op.type] for op in g.get_operations()
               if not op.name.startswith("gradients")]
        with tf1.Session(graph=g) as sess:
            results = sess.run(fetches, feeds)
            again = sess.run(fetches, feeds)  # the second run goes through the compiled path
    renames = array_cases.TF115_RENAMES.get(name, {})
    want_ops = [[renames.get(n, n), "Add" if t == "AddV2" else t] for n, t in want["ops"]]
    if name in array_cases.TF115_OPS:
        want_ops = array_cases.TF115_OPS[name]
    if want_ops is not None:
        assert ops == want_ops
    assert sorted(fetches) == sorted(want["fetches"])
    for key, infos in want["fetches"].items():
        ts = flat(fetches[key])
        assert len(ts) == len(infos), key
        for i, (t, info, r, r2) in enumerate(zip(ts, infos, flat(results[key]), flat(again[key]))):
            where = "%s/%s/%d" % (name, key, i)
            if not key.startswith("grad"):
                want_name = info["name"]
                op_name, _, port = want_name.rpartition(":")
                want_name = renames.get(op_name, op_name) + ":" + port
                want_name = array_cases.TF115_NAMES.get(name, {}).get(key, {i: want_name}.get)[i] \
                    if key in array_cases.TF115_NAMES.get(name, {}) else want_name
                assert t.name == want_name, where
            assert t.dtype.name == info["dtype"], where
            assert shape_list(t) == info["shape"], where
            expected = VALUES[where]
            r, r2 = np.asarray(r), np.asarray(r2)
            assert r.dtype == expected.dtype, where
            assert r.shape == expected.shape, where
            if expected.dtype.kind == "f":
                np.testing.assert_allclose(r, expected, rtol=1e-6, atol=1e-6, err_msg=where)
                np.testing.assert_allclose(r2, expected, rtol=1e-6, atol=1e-6, err_msg=where)
            else:
                np.testing.assert_array_equal(r, expected, err_msg=where)
                np.testing.assert_array_equal(r2, expected, err_msg=where)


@pytest.mark.parametrize("name", sorted(array_cases.ERRORS))
def test_build_error(name):
    want = META["errors"][name]
    if name in array_cases.TF115_ERRORS:
        etype, msg = array_cases.TF115_ERRORS[name]
    else:
        assert want is not None, "the oracle raised nothing for %s" % name
        etype, msg = want["type"], tf115_message(want["message"])
    with tf1.Graph().as_default():
        with pytest.raises(Exception) as info:
            array_cases.ERRORS[name](tf1)
    assert type(info.value).__name__ == etype
    # TF 1.15 appends the node and its input shapes to some messages the oracle prints bare.
    assert str(info.value).split("\n")[0].startswith(msg.rstrip(".")), (str(info.value), msg)


@pytest.mark.parametrize("name", sorted(array_cases.RUN_ERRORS))
def test_run_error(name):
    want = META["run_errors"][name]
    g = tf1.Graph()
    with g.as_default():
        fetch, feeds = array_cases.RUN_ERRORS[name](tf1)
        with tf1.Session(graph=g) as sess:
            with pytest.raises(tf1.errors.OpError) as info:
                sess.run(fetch, feeds)
    assert type(info.value).__name__ == want["type"]
    first = info.value.message.split("\n")[0]
    assert first and first in want["message"], (first, want["message"])


def test_host_op_inside_gradient_is_reported():
    """DynamicPartition has a data-dependent output shape (a host op): TF differentiates it, tf1
    says it cannot run inside the XLA-lowered gradient."""
    with tf1.Graph().as_default():
        x = tf1.placeholder(tf1.float32, [4], name="x")
        part = tf1.dynamic_partition(x, [0, 1, 0, 1], 2)[0]
        g = tf1.gradients(tf1.reduce_sum(part * part), x)[0]
        assert g is not None
        with tf1.Session() as sess:
            with pytest.raises(tf1.errors.UnimplementedError, match="runs on the host"):
                sess.run(g, {x: np.ones(4, np.float32)})
