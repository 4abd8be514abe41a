"""Fake quantization (+ gradients), histogram_fixed_width(_bins), cumulative_logsumexp and the
stateless random ops against goldens recorded from real TensorFlow
(tests/golden/ops/misc_extra_make.py over misc_extra_cases.py)."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import misc_extra_cases as cases  # noqa: E402
from extra_cases_util import run_case  # noqa: E402
from extra_compare import assert_record_matches  # noqa: E402

with open(os.path.join(GOLDEN, "misc_extra_golden.json")) as _f:
    GOLD = json.load(_f)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name):
    ours = json.loads(json.dumps(run_case(tf, cases.CASES[name])))
    assert_record_matches(ours, GOLD[name], path=name)


def test_fake_quant_attr_checks():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="num_bits is out of range"):
            tf.fake_quant_with_min_max_args([1.0], num_bits=1)
        op = tf.quantization.fake_quant_with_min_max_args([1.0], min=-1.0, max=1.0).op
        assert op.type == "FakeQuantWithMinMaxArgs" and op.get_attr("num_bits") == 8
        assert op.name == "FakeQuantWithMinMaxArgs"


def test_stateless_argument_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
            tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)
        with pytest.raises(ValueError, match="Invalid dtype"):
            tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.string)
        # Half-precision Philox sampling is not implemented: refused, never different numbers.
        with pytest.raises(NotImplementedError, match="float32/float64"):
            tf.random.stateless_normal([2], seed=[1, 2], dtype=tf.float16)
        x = tf.random.stateless_uniform([2, 3], seed=[1, 2], name="u")
        assert x.op.name == "u" and x.get_shape().as_list() == [2, 3]
        with tf.Session() as sess:
            a, b = sess.run([x, x])
            assert (a == b).all() and (sess.run(x) == a).all()  # stateless: same values every run


def test_assert_shapes_dynamic_message():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        y = tf.placeholder(tf.float32, [None], name="y")
        op = tf.debugging.assert_shapes({x: ("N", 3), y: ("N",)})
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Specified by tensor x:0 dimension 0.  Tensor y:0 dimension 0 must have "
                                     "size"):
                sess.run(op, {x: np.ones((2, 3)), y: np.ones(3)})
