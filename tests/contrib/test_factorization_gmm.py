"""tf.contrib.factorization.gmm (GmmAlgorithm) against TF 1.15's own gmm_ops.py run on real TF
(tests/golden/contrib/factorization/make_gmm.py): graph names, then the weights, means and
covariances after each EM step, the losses, scores and assignments."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden", "contrib", "factorization")
sys.path.insert(0, GOLDEN_DIR)
from gmm_scenarios import SCENARIOS, run_scenario  # noqa: E402

META = json.load(open(os.path.join(GOLDEN_DIR, "gmm.json")))
GOLD = np.load(os.path.join(GOLDEN_DIR, "gmm.npz"))
POINTS = GOLD["points"]


@pytest.fixture(scope="module")
def results():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = run_scenario(tf, tf.contrib.factorization.gmm, POINTS, SCENARIOS[name])
        return cache[name]
    return get


def test_scenarios_match_the_recorded_ones():
    assert META["scenarios"] == json.loads(json.dumps(SCENARIOS))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_graph_names(results, name):
    assert results(name)[1] == META["names"][name]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_values(results, name):
    out, _ = results(name)
    keys = sorted(k.split("/", 1)[1] for k in GOLD.files if k.startswith(name + "/"))
    assert sorted(out) == keys
    for key in keys:
        want, got = GOLD[name + "/" + key], np.asarray(out[key])
        assert got.shape == want.shape and got.dtype == want.dtype, key
        if key in ("assignments", "initialized"):
            np.testing.assert_array_equal(got, want, err_msg=key)
        else:
            np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-4, err_msg=key)


def test_invalid_covariance_type():
    with tf.Graph().as_default():
        with pytest.raises(Exception, match="programmer error: Invalid covariance type: spherical"):
            tf.contrib.factorization.gmm(tf.zeros([4, 2]), [[0.0, 0.0]], 1, 0,
                                         covariance_type="spherical")
