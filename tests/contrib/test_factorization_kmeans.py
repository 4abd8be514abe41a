"""tf.contrib.factorization.KMeans against TF 1.15's own clustering_ops.py run on real TF
(tests/golden/contrib/factorization/make_kmeans.py): the same scenarios (kmeans_scenarios.py), the
same graph names, the centers after each init/training step, and the final assignments/scores."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden", "contrib", "factorization")
sys.path.insert(0, GOLDEN_DIR)
from kmeans_scenarios import SCENARIOS, run_scenario  # noqa: E402

META = json.load(open(os.path.join(GOLDEN_DIR, "kmeans.json")))
GOLD = np.load(os.path.join(GOLDEN_DIR, "kmeans.npz"))
POINTS = GOLD["points"]


@pytest.fixture(scope="module")
def results():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = run_scenario(tf, tf.contrib.factorization.KMeans, POINTS, SCENARIOS[name])
        return cache[name]
    return get


def test_scenarios_match_the_recorded_ones():
    assert META["scenarios"] == json.loads(json.dumps(SCENARIOS))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_graph_names(results, name):
    _, names = results(name)
    assert names == META["names"][name]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_values(results, name):
    out, _ = results(name)
    keys = sorted(k.split("/", 1)[1] for k in GOLD.files if k.startswith(name + "/"))
    assert sorted(out) == keys
    for key in keys:
        want, got = GOLD[name + "/" + key], np.asarray(out[key])
        assert got.shape == want.shape, key
        assert got.dtype == want.dtype, key
        if key == "idx":
            np.testing.assert_array_equal(got, want, err_msg=key)
        else:
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4, err_msg=key)


def test_random_init_takes_small_batches_whole_then_samples_rows():
    """RANDOM_INIT (values not comparable with TF: tf1's random_uniform stream differs): a batch no
    larger than the centers still needed is taken whole, later batches are sampled, and
    `initialized` turns True once all num_clusters centers exist."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        graph = tf.contrib.factorization.KMeans(x, 5, use_mini_batch=True).training_graph()
        _, _, _, initialized, init_op, _ = graph
        clusters = [v for v in tf.global_variables() if v.op.name == "clusters"][0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(init_op, {x: POINTS[:3]})
            np.testing.assert_array_equal(sess.run(clusters), POINTS[:3])
            assert not sess.run(initialized)
            sess.run(init_op, {x: POINTS[10:20]})
            centers = sess.run(clusters)
            assert sess.run(initialized)
            assert centers.shape == (5, 3)
            np.testing.assert_array_equal(centers[:3], POINTS[:3])
            for row in centers[3:]:
                assert any((row == p).all() for p in POINTS[10:20])
            sess.run(init_op, {x: POINTS})   # all chosen: only asserts `initialized`
            np.testing.assert_array_equal(sess.run(clusters), centers)


def test_constructor_errors():
    with tf.Graph().as_default():
        x = tf.zeros([4, 2])
        with pytest.raises(ValueError, match="Unsupported initialization algorithm 'best'"):
            tf.contrib.factorization.KMeans(x, 2, initial_clusters="best")
        with pytest.raises(ValueError, match="Unsupported distance metric 'l1'"):
            tf.contrib.factorization.KMeans(x, 2, distance_metric="l1")


def test_kmeans_plus_plus_needs_enough_points():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        graph = tf.contrib.factorization.KMeans(
            x, 5, initial_clusters=tf.contrib.factorization.KMEANS_PLUS_PLUS_INIT).training_graph()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError, match="assertion failed"):
                sess.run(graph[4], {x: POINTS[:3]})
