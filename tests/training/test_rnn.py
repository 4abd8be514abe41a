"""RNN cells, dynamic/static/bidirectional RNNs against real TensorFlow's results
(tests/golden/training/rnn_golden.*, recorded by make_rnn.py from the cases in rnn_cases.py):
outputs, final states and gradients to 1e-5, tensor and variable names exactly."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
sys.path.insert(0, GOLDEN)
import rnn_cases  # noqa: E402

with open(os.path.join(GOLDEN, "rnn_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "rnn_golden.npz"))


@pytest.mark.parametrize("case", rnn_cases.CASES, ids=lambda c: c.__name__)
def test_rnn_case_matches_tf(case):
    want = META[case.__name__]
    got = rnn_cases.run_case(tf, case)
    assert got["variables"] == want["variables"]
    assert got["names"] == want["names"]
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    assert sorted(got["values"]) == keys
    for k in keys:
        np.testing.assert_allclose(got["values"][k], ARRAYS[case.__name__ + "/" + k], rtol=1e-5, atol=1e-5,
                                   err_msg=k)
