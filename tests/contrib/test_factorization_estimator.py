"""tf.contrib.factorization.KMeansClustering on tf1's Estimator. TF 2.x ships no Estimator to record
it with, but the estimator only wraps KMeans.training_graph(): init hook, then one Lloyd step per
train step. So its results are checked against the KMeans goldens recorded from TF 1.15's
clustering_ops.py (kmeans.npz, scenario full_euclid / full_cosine: the same points, initial
centers and step counts)."""
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden", "contrib", "factorization")
GOLD = np.load(os.path.join(GOLDEN_DIR, "kmeans.npz"))
POINTS = GOLD["points"]
K = 5
KMC = tf.contrib.factorization.KMeansClustering


def _input_fn():
    # One epoch, as TF's KMeansClustering example: predict reads until the input ends.
    return tf.train.limit_epochs(tf.constant(POINTS), num_epochs=1)


def _dict_input_fn():
    # Two features concatenated in sorted key order ("a" then "b") give the same [n, 3] points.
    return {"b": tf.train.limit_epochs(tf.constant(POINTS[:, 2:]), num_epochs=1),
            "a": tf.train.limit_epochs(tf.constant(POINTS[:, :2]), num_epochs=1)}, None


def _endless_input_fn():
    return tf.constant(POINTS)


@pytest.mark.parametrize("scenario,metric,input_fn", [
    ("full_euclid", KMC.SQUARED_EUCLIDEAN_DISTANCE, _input_fn),
    ("full_cosine", KMC.COSINE_DISTANCE, _dict_input_fn),
])
def test_train_predict_score_transform(tmp_path, scenario, metric, input_fn):
    est = KMC(num_clusters=K, model_dir=str(tmp_path), initial_clusters=POINTS[:K] * np.float32(1.5),
              distance_metric=metric, use_mini_batch=False)
    est.train(_endless_input_fn, steps=2)
    np.testing.assert_allclose(est.cluster_centers(), GOLD[scenario + "/centers_1"], rtol=1e-4, atol=1e-4)
    est.train(_endless_input_fn, steps=2)   # resumes from the checkpoint: the init hook sees `initialized`
    np.testing.assert_allclose(est.cluster_centers(), GOLD[scenario + "/centers_3"], rtol=1e-4, atol=1e-4)
    assert est.get_variable_value("global_step") == 4
    idx = np.array(list(est.predict_cluster_index(input_fn)))
    np.testing.assert_array_equal(idx, GOLD[scenario + "/idx"])
    dist = np.array(list(est.transform(input_fn)))
    np.testing.assert_allclose(dist, GOLD[scenario + "/all_scores"], rtol=1e-4, atol=1e-4)
    score = est.score(input_fn)
    np.testing.assert_allclose(score, GOLD[scenario + "/scores"].sum(), rtol=1e-4)


def test_relative_tolerance_stops_training(tmp_path):
    est = KMC(num_clusters=K, model_dir=str(tmp_path), initial_clusters=POINTS[:K] * np.float32(1.5),
              use_mini_batch=False, relative_tolerance=1e-3)
    est.train(_endless_input_fn, steps=50)
    steps = est.get_variable_value("global_step")
    assert 2 <= steps < 50


def test_kmeans_plus_plus_mini_batch_trains(tmp_path):
    est = KMC(num_clusters=K, model_dir=str(tmp_path), initial_clusters=KMC.KMEANS_PLUS_PLUS_INIT,
              random_seed=3)
    est.train(_endless_input_fn, steps=3)
    centers = est.cluster_centers()
    assert centers.shape == (K, 3)
    # k-means++ draws real points (TF's seeded sampler); three mini-batch steps then move them.
    assert np.isfinite(centers).all()


def test_constructor_errors():
    with pytest.raises(ValueError, match="Unsupported initialization algorithm 'kmc2'"):
        KMC(num_clusters=2, initial_clusters="kmc2")
    with pytest.raises(ValueError, match="Unsupported distance metric 'l1'"):
        KMC(num_clusters=2, distance_metric="l1")
    assert (KMC.SCORE, KMC.CLUSTER_INDEX, KMC.ALL_DISTANCES, KMC.CLUSTER_CENTERS_VAR_NAME) == (
        "score", "cluster_index", "all_distances", "clusters")


# --------------------------------------------------------------------------------------------- GMM
GMM_GOLD = np.load(os.path.join(GOLDEN_DIR, "gmm.npz"))
GMM_POINTS = GMM_GOLD["points"]


def test_gmm_estimator_matches_the_em_steps_recorded_from_tf(tmp_path):
    """Scenario full_wmc of gmm.npz: same points, initial means and three EM steps."""
    est = tf.contrib.factorization.GMM(
        3, model_dir=str(tmp_path), initial_clusters=(GMM_POINTS[[0, 1, 2]] + np.float32(0.5)).tolist(),
        covariance_type="full")
    est.train(lambda: tf.constant(GMM_POINTS), steps=3)
    np.testing.assert_allclose(est.clusters(), GMM_GOLD["full_wmc/clusters_2"][:, 0], rtol=2e-4, atol=2e-4)
    np.testing.assert_allclose(est.weights(), GMM_GOLD["full_wmc/alphas_2"], rtol=2e-4, atol=2e-4)
    np.testing.assert_allclose(est.covariances(), GMM_GOLD["full_wmc/clusters_covs_2"], rtol=2e-4, atol=2e-4)
    assignments = list(est.predict_assignments(
        lambda: tf.train.limit_epochs(tf.constant(GMM_POINTS), num_epochs=1)))
    np.testing.assert_array_equal(assignments, GMM_GOLD["full_wmc/assignments"])
    score = est.score(lambda: tf.constant(GMM_POINTS), steps=1)
    np.testing.assert_allclose(score, np.log(np.sum(np.exp(GMM_GOLD["full_wmc/scores"]))), rtol=1e-4)


@pytest.mark.parametrize("name", ["WALSModel", "WALSMatrixFactorization"])
def test_wals_is_a_clear_not_implemented_error(name):
    with pytest.raises(NotImplementedError, match="tf.contrib.factorization.%s is not implemented in tf1: "
                       "TF 1.15's WALS runs on the custom kernels WALSComputePartialLhsAndRhs" % name):
        getattr(tf.contrib.factorization, name)(10, 10, 2)
