"""The clustering kernels (tf1/ops/clustering_ops.py) against real TF's (make_kernels.py): k-means++
and k-MC2 pick the same points for the same seeds (TF's Philox stream), NearestNeighbors gives the
same indices and distances, invalid inputs give TF's errors. Also tf.scatter_* (the state ops the
mini-batch k-means step needs)."""
import json
import os

import numpy as np
import pytest

import tf1 as tf
from tf1.ops import clustering_ops as gen

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden", "contrib", "factorization")
GOLD = np.load(os.path.join(GOLDEN_DIR, "kernels.npz"))
META = json.load(open(os.path.join(GOLDEN_DIR, "kernels.json")))
ERRORS = META["errors"]
X = GOLD["points"]

# The cases of make_kernels.py (which imports TensorFlow, so they are repeated here).
KPP_CASES = [(6, 0, 2), (6, 7, 0), (6, 123456789012, -1), (50, 3, 1), (1, 2**40 + 5, 2)]
KMC2_SEEDS = [0, 5, 99, 2**33 + 1]
NN_KS = [1, 3, 10]


@pytest.fixture(scope="module")
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


@pytest.mark.parametrize("i", range(len(KPP_CASES)))
def test_kmeans_plus_plus_picks_tfs_points(sess, i):
    k, seed, retries = KPP_CASES[i]
    got = sess.run(gen.kmeans_plus_plus_initialization(X, k, seed, retries))
    np.testing.assert_array_equal(got, GOLD["kpp_%d" % i])


@pytest.mark.parametrize("i", range(len(KMC2_SEEDS)))
def test_kmc2_chain_picks_tfs_index(sess, i):
    got = sess.run(gen.kmc2_chain_initialization(X[:, 0] * X[:, 1], KMC2_SEEDS[i]))
    assert got.dtype == np.int64 and got == GOLD["kmc2_%d" % i]


@pytest.mark.parametrize("k", NN_KS)
def test_nearest_neighbors(sess, k):
    idx, dist = sess.run(gen.nearest_neighbors(X, X[:7] * np.float32(1.1), k))
    np.testing.assert_array_equal(idx, GOLD["nn_idx_%d" % k])
    np.testing.assert_allclose(dist, GOLD["nn_dist_%d" % k], rtol=1e-5, atol=1e-5)
    assert idx.dtype == np.int64 and dist.dtype == np.float32


def test_static_shapes_and_names():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [20, 3])
        nn = gen.nearest_neighbors(x, x, 2)
        assert type(nn).__name__ == "NearestNeighbors"
        assert nn._fields == ("nearest_center_indices", "nearest_center_distances")
        assert repr(nn.nearest_center_indices) == \
            "<tf.Tensor 'NearestNeighbors:0' shape=<unknown> dtype=int64>"
        assert str(gen.kmeans_plus_plus_initialization(x, 4, 7, 2)) == \
            'Tensor("KmeansPlusPlusInitialization:0", dtype=float32)'
        assert str(gen.kmc2_chain_initialization(x[:, 0], 5)) == \
            'Tensor("KMC2ChainInitialization:0", shape=(), dtype=int64)'
        op = tf.get_default_graph().get_operation_by_name("NearestNeighbors")
        assert [t.op.name for t in op.inputs] == ["Placeholder", "Placeholder", "NearestNeighbors/k"]


def _build(x, kind, num_to_sample=4, points=None, distances=None, centers=None, k=1):
    # make_kernels.build, repeated here.
    if kind == "kpp":
        pts = x[0] if points == "vector" else x
        return gen.kmeans_plus_plus_initialization(pts, num_to_sample, 1, 2)
    if kind == "kmc2":
        return gen.kmc2_chain_initialization(np.zeros([0], np.float32), 1)
    c = np.ones([3, 5], np.float32) if centers == "wide" else x[:3]
    return gen.nearest_neighbors(x, c, k)[0]


ERROR_CASES = {
    "kpp_too_many": ("kpp", dict(num_to_sample=51)),
    "kpp_zero": ("kpp", dict(num_to_sample=0)),
    "kpp_not_matrix": ("kpp", dict(points="vector")),
    "kmc2_empty": ("kmc2", dict(distances="empty")),
    "nn_dims": ("nn", dict(centers="wide")),
}


@pytest.mark.parametrize("name", sorted(ERROR_CASES))
def test_errors(sess, name):
    assert sorted(ERROR_CASES) == sorted(ERRORS)
    kind, kwargs = ERROR_CASES[name]
    err_type, message = ERRORS[name]
    with pytest.raises(getattr(tf.errors, err_type)) as info:
        sess.run(_build(X, kind, **kwargs))
    assert info.value.message == message


SCATTER_FNS = ["scatter_add", "scatter_sub", "scatter_mul", "scatter_div", "scatter_min",
               "scatter_max", "scatter_update"]


@pytest.mark.parametrize("fn_name", SCATTER_FNS)
def test_scatter_state_ops(fn_name):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(np.arange(1, 9, dtype=np.float32).reshape(4, 2))
        indices = [0, 2] if fn_name == "scatter_update" else [0, 2, 0]
        updates = np.float32([[1.5, -2.0], [3.0, 0.5], [2.0, 4.0]])[:len(indices)]
        out = getattr(tf, fn_name)(v, indices, updates)
        assert str(out) == META["scatter_printed"][fn_name]
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(out)
            np.testing.assert_allclose(sess.run(out), GOLD[fn_name], rtol=1e-6)
            np.testing.assert_allclose(sess.run(v), GOLD[fn_name], rtol=1e-6)  # the variable too
