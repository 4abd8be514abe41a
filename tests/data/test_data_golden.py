"""tf.data against real TensorFlow: every case of tests/golden/data/data_cases.py run on tf1 must
give the result recorded from TF (tests/golden/data/make_data_golden.py)."""
import json
import os
import sys

import numpy as np
import pytest

import tf1

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "golden", "data")
sys.path.insert(0, GOLDEN_DIR)
import data_cases  # noqa: E402

with open(os.path.join(GOLDEN_DIR, "data_golden.json")) as f:
    GOLDEN = json.load(f)


def _normalize(v):
    """JSON round trip (tuples -> lists) and float rounding: values come from different kernels."""
    v = json.loads(json.dumps(v))

    def walk(x):
        if isinstance(x, float):
            return round(x, 4)
        if isinstance(x, list):
            return [walk(i) for i in x]
        if isinstance(x, dict):
            return {k: walk(i) for k, i in x.items()}
        return x
    return walk(v)


def test_every_case_has_a_golden():
    assert sorted(GOLDEN) == sorted(data_cases.CASES)


@pytest.mark.parametrize("name", sorted(data_cases.CASES))
def test_case(name):
    with tf1.Graph().as_default():
        got = data_cases.CASES[name](tf1, np)
    assert _normalize(got) == _normalize(GOLDEN[name])
