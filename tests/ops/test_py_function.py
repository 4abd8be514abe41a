"""tf.py_function / tf.numpy_function against goldens recorded from real TensorFlow
(tests/golden/ops/py_function_make.py over py_function_cases.py), plus the eager-tensor face of the
values a py_function receives (TF 1.15's EagerTensor printing)."""
import json
import os
import re
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import py_function_cases  # noqa: E402

with open(os.path.join(GOLDEN, "py_function_golden.json")) as _f:
    GOLD = json.load(_f)


def _tokens(v):
    """py_func tokens count up per process: compare them without their number."""
    return json.loads(re.sub(r"pyfunc_\d+", "pyfunc_N", json.dumps(v)))


@pytest.mark.parametrize("name", sorted(py_function_cases.CASES))
def test_case(name):
    with tf.Graph().as_default():
        got = py_function_cases.CASES[name](tf, np)
    assert _tokens(got) == _tokens(GOLD[name])


def test_eager_tensor_face():
    seen = {}

    def f(x, s):
        seen["repr"], seen["str"] = repr(x), str(x)
        seen["len"], seen["items"] = len(x), [float(v) for v in x]
        seen["s"] = (s.numpy(), s.dtype, s.shape.as_list())
        seen["mixed"] = (x + np.float32(1)).numpy().tolist(), (2 * x).numpy().tolist(), bool((x > 1)[1])
        return x

    with tf.Graph().as_default(), tf.Session() as sess:
        sess.run(tf.py_function(f, [tf.constant([1., 2.]), tf.constant("ab")], tf.float32))
    assert re.fullmatch(r"<tf.Tensor: id=\d+, shape=\(2,\), dtype=float32, numpy=array\(\[1., 2.\], "
                        r"dtype=float32\)>", seen["repr"])
    assert seen["str"] == "tf.Tensor([1. 2.], shape=(2,), dtype=float32)"
    assert seen["len"] == 2 and seen["items"] == [1.0, 2.0]
    assert seen["s"] == (b"ab", tf.string, [])
    assert seen["mixed"] == ([2.0, 3.0], [2.0, 4.0], True)


def test_py_function_in_dataset_map():
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(3).map(lambda x: tf.py_function(lambda v: v * 10, [x], tf.int64))
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            assert [sess.run(nxt) for _ in range(3)] == [0, 10, 20]
