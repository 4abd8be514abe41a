"""tf.sparse softmax/reorder/transpose/slice/merge/to_indicator/from_dense against goldens recorded
from real TensorFlow (tests/golden/ops/sparse_extra_make.py over sparse_extra_cases.py)."""
import json
import os
import sys

import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import sparse_extra_cases as cases  # noqa: E402
from extra_cases_util import run_case  # noqa: E402
from extra_compare import assert_record_matches  # noqa: E402

with open(os.path.join(GOLDEN, "sparse_extra_golden.json")) as _f:
    GOLD = json.load(_f)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name):
    ours = json.loads(json.dumps(run_case(tf, cases.CASES[name])))
    assert_record_matches(ours, GOLD[name], path=name)


def test_names_and_aliases():
    with tf.Graph().as_default():
        sp = tf.SparseTensor([[0, 0], [0, 2]], [1.0, 2.0], [1, 3])
        assert tf.sparse_softmax(sp).values.op.name == "SparseSoftmax"
        assert tf.sparse.softmax(sp, name="sm").values.op.name == "sm"
        assert tf.sparse.slice(sp, [0, 0], [1, 2]).values.op.type == "SparseSlice"
        assert tf.sparse.reorder(sp).values.op.name == "SparseReorder"
        assert tf.sparse_tensor_to_dense is tf.sparse.to_dense


def test_not_sparse_input():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="Input must be a SparseTensor"):
            tf.sparse_softmax(tf.constant([1.0]))


def test_split_needs_keywords():
    with tf.Graph().as_default():
        sp = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
        with pytest.raises(ValueError, match="Keyword arguments are required for this function."):
            tf.sparse.split(sp, 2, 1)


def test_cross_hashed_is_refused():
    with tf.Graph().as_default():
        sp = tf.SparseTensor([[0, 0]], ["a"], [1, 1])
        with pytest.raises(NotImplementedError, match="FarmHash"):
            tf.sparse.cross_hashed([sp, sp], num_buckets=10)
