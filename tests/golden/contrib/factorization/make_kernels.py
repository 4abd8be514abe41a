"""Records TF's clustering kernels (NearestNeighbors, KmeansPlusPlusInitialization,
KMC2ChainInitialization: core/kernels/clustering_ops.cc, the kernels TF 1.15 shipped) on real
TensorFlow, through
tensorflow.python.ops.gen_clustering_ops, for the cases in KERNEL_CASES. The samplers draw from
TF's Philox seeded by the `seed` input, so tf1 must pick the very same points.

Also records tf.scatter_* (the state ops KMeans's mini-batch step uses; tf1/ops/scatter_state_ops.py).

Writes kernels.npz (inputs and outputs) and kernels.json (error messages of invalid inputs, and
the printed scatter output tensors).

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/contrib/factorization/make_kernels.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.ops import gen_clustering_ops as gen

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

KPP_CASES = [(6, 0, 2), (6, 7, 0), (6, 123456789012, -1), (50, 3, 1), (1, 2**40 + 5, 2)]  # (k, seed, retries)
KMC2_SEEDS = [0, 5, 99, 2**33 + 1]
NN_KS = [1, 3, 10]
ERRORS = {
    "kpp_too_many": ("kpp", dict(num_to_sample=51)),
    "kpp_zero": ("kpp", dict(num_to_sample=0)),
    "kpp_not_matrix": ("kpp", dict(points="vector")),
    "kmc2_empty": ("kmc2", dict(distances="empty")),
    "nn_dims": ("nn", dict(centers="wide")),
}


def data():
    rs = np.random.RandomState(0)
    return rs.rand(50, 4).astype(np.float32)


def build(gen_mod, x, kind, num_to_sample=4, points=None, distances=None, centers=None, k=1):
    """One kernel op for an error case (shared with the test)."""
    if kind == "kpp":
        pts = x[0] if points == "vector" else x
        return gen_mod.kmeans_plus_plus_initialization(pts, num_to_sample, 1, 2)
    if kind == "kmc2":
        return gen_mod.kmc2_chain_initialization(np.zeros([0], np.float32), 1)
    c = np.ones([3, 5], np.float32) if centers == "wide" else x[:3]
    return gen_mod.nearest_neighbors(x, c, k)[0]


SCATTER_FNS = ["scatter_add", "scatter_sub", "scatter_mul", "scatter_div", "scatter_min",
               "scatter_max", "scatter_update"]


def scatter_case(tf_mod, fn_name):
    """tf.scatter_* on a [4, 2] variable with a repeated index (shared with the test): the graph's
    output tensor as printed and the variable after two runs."""
    g = tf_mod.Graph()
    with g.as_default():
        v = tf_mod.Variable(np.arange(1, 9, dtype=np.float32).reshape(4, 2))
        indices = [0, 2] if fn_name == "scatter_update" else [0, 2, 0]
        updates = np.float32([[1.5, -2.0], [3.0, 0.5], [2.0, 4.0]])[:len(indices)]
        out = getattr(tf_mod, fn_name)(v, indices, updates)
        with tf_mod.Session(graph=g) as sess:
            sess.run(tf_mod.global_variables_initializer())
            sess.run(out)
            return str(out), sess.run(out)


def main():
    x = data()
    out = {"points": x}
    errors = {}
    with tf.Session() as sess:
        for i, (k, seed, retries) in enumerate(KPP_CASES):
            out["kpp_%d" % i] = sess.run(gen.kmeans_plus_plus_initialization(x, k, seed, retries))
        for i, seed in enumerate(KMC2_SEEDS):
            out["kmc2_%d" % i] = sess.run(gen.kmc2_chain_initialization(x[:, 0] * x[:, 1], seed))
        for k in NN_KS:
            idx, dist = sess.run(gen.nearest_neighbors(x, x[:7] * np.float32(1.1), k))
            out["nn_idx_%d" % k], out["nn_dist_%d" % k] = idx, dist
        for name, (kind, kwargs) in ERRORS.items():
            try:
                sess.run(build(gen, x, kind, **kwargs))
                errors[name] = None
            except tf.errors.OpError as e:
                errors[name] = [type(e).__name__, e.message.split("\n")[-2 if "\n" in e.message else -1]]
    printed = {}
    for fn_name in SCATTER_FNS:
        printed[fn_name], out[fn_name] = scatter_case(tf, fn_name)
    np.savez(os.path.join(HERE, "kernels.npz"), **out)
    with open(os.path.join(HERE, "kernels.json"), "w") as f:
        json.dump({"errors": errors, "scatter_printed": printed}, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
