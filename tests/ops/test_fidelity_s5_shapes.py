"""Static shapes inferred from shape tensors (Reshape, Fill/zeros/ones, BroadcastTo, Tile, random
ops) against real TensorFlow's (golden/fidelity_s5/shape_golden.json, recorded by
make_fidelity.py from shape_cases.py)."""
import json
import os
import sys

import pytest

import tf1

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "fidelity_s5")
sys.path.insert(0, GOLDEN_DIR)
import shape_cases  # noqa: E402

GOLDEN = json.load(open(os.path.join(GOLDEN_DIR, "shape_golden.json")))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_static_shape(name):
    with tf1.Graph().as_default():
        assert str(shape_cases.CASES[name](tf1).shape) == GOLDEN[name]


def test_constant_value_as_shape_is_exported_where_tf_has_it():
    from tf1.framework import tensor_util
    with tf1.Graph().as_default():
        x = tf1.placeholder(tf1.float32, [None, 2, 3])
        s = tf1.concat([tf1.shape(x)[1:], [-1]], 0)
        assert tensor_util.constant_value_as_shape(s).as_list() == [2, 3, None]
