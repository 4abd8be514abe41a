"""tf.distributions against real TensorFlow's results (tests/golden/distributions/dist_golden.*,
recorded by dist_make.py from `tf.compat.v1.distributions` on the cases in dist_cases.py): log-probs,
CDFs, entropies, moments, KLs and their gradients to 1e-5 relative; tensor names and static shapes
exactly, samples included (sampled values use tf1's RNG: test_distribution_api.py tests their
shapes and statistics)."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "distributions")
sys.path.insert(0, GOLDEN)
import dist_cases  # noqa: E402

with open(os.path.join(GOLDEN, "dist_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "dist_golden.npz"))
D = tf.distributions


@pytest.mark.parametrize("case", dist_cases.CASES, ids=lambda c: c.__name__)
def test_case_matches_tf(case):
    want = META[case.__name__]
    got = dist_cases.run_case(tf, D, case)
    assert got["shapes"] == want["shapes"]
    assert got["names"] == want["names"]
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    assert sorted(got["values"]) == keys
    for k in keys:
        want_v = ARRAYS[case.__name__ + "/" + k]
        assert got["values"][k].dtype == want_v.dtype, k
        np.testing.assert_allclose(got["values"][k], want_v, rtol=2e-5, atol=1e-5, err_msg=k)


def test_case_list_is_complete():
    assert set(META) == {c.__name__ for c in dist_cases.CASES}
