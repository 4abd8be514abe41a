"""The clustering kernels of `tf.contrib.factorization` (TF's core/kernels/clustering_ops.cc):
`NearestNeighbors`, `KmeansPlusPlusInitialization` and `KMC2ChainInitialization`.

All three are host ops. The two samplers are sequential, data-dependent loops over points, and
their `seed` is an input tensor driving TF's own generator (`PhiloxRandom(seed)` read through
`SimplePhilox`), which is reproduced here word for word so the same seed picks the same points as
TF. Only float rounding in the distance sums (Eigen's vectorised order vs numpy's) can move a draw
that lands exactly on a cumulative-sum boundary. When every remaining point is at distance 0
(duplicates), k-means++ draws uniformly, as TF's current kernel does. `NearestNeighbors` runs on
the host too: its outputs' width min(k, centers) depends on run-time values (the centers variable
grows during initialization), and it ranks centers exactly as the kernel does (|c|^2/2 - <p, c>,
lower index first on ties). TF's shape functions leave every output shape unknown except KMC2's
scalar index; so do these.
"""
import collections

import numpy as np

from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from .misc_extra_ops import _philox

_MASK32 = np.uint64(0xFFFFFFFF)


class _SimplePhilox:
    """TF's `SimplePhilox` over `PhiloxRandom(seed)`: key = the seed's two 32-bit halves, counter 0,
    each Philox call yields 4 words handed out one at a time (SingleSampleAdapter)."""

    def __init__(self, seed):
        s = np.uint64(np.int64(seed).astype(np.uint64))
        self._key = (s & _MASK32, s >> np.uint64(32))
        self._counter = 0
        self._words = []

    def rand32(self):
        if not self._words:
            c = np.uint64(self._counter)
            zero = np.uint64(0)
            out = _philox(c & _MASK32, c >> np.uint64(32), zero, zero, *self._key)
            self._words = [int(w) for w in out][::-1]
            self._counter += 1
        return self._words.pop()

    def rand64(self):
        lo = self.rand32()
        return lo | (self.rand32() << 32)

    def rand_float(self):
        # Uint32ToFloat: 23 random mantissa bits under exponent 0 give [1, 2); minus one.
        bits = np.uint32(0x3F800000 | (self.rand32() & 0x7FFFFF))
        return np.float32(bits.view(np.float32) - np.float32(1.0))

    def uniform64(self, n):
        # ExactUniformInt: mask for powers of two, else reject the low biased range.
        if n & (n - 1) == 0:
            return self.rand64() & (n - 1)
        rem = ((2 ** 64 - 1) % n) + 1
        while True:
            r = self.rand64()
            if r >= rem:
                return r % n


def _check_matrix(op, x, what):
    if x.ndim != 2:
        raise errors.InvalidArgumentError(None, op, "Input %s should be a matrix." % what)


def _check_scalar(op, x, what):
    if x.ndim != 0:
        raise errors.InvalidArgumentError(None, op, "Input %s should be a scalar." % what)


def _half_sq_norms(x):
    return np.float32(0.5) * np.einsum("ij,ij->i", x, x, dtype=np.float32)


# ------------------------------------------------------------------------------ k-means++

def _kmeans_pp_lower(ctx, op, points, num_to_sample, seed, num_retries):
    points = np.asarray(points, np.float32)
    num_to_sample, seed, num_retries = (np.asarray(v) for v in (num_to_sample, seed, num_retries))
    _check_matrix(op, points, "points")
    _check_scalar(op, num_to_sample, "num_to_sample")
    _check_scalar(op, seed, "seed")
    _check_scalar(op, num_retries, "num_retries_per_sample")
    n = points.shape[0]
    k = int(num_to_sample)
    retries = int(num_retries)
    if retries < 0:
        retries = 2 + int(np.log(k)) if k > 0 else 2
    if n <= 0:
        raise errors.InvalidArgumentError(None, op, "Expected points.rows() > 0.")
    if k <= 0:
        raise errors.InvalidArgumentError(None, op, "Expected num_to_sample > 0.")
    if k > n:
        raise errors.InvalidArgumentError(
            None, op, "Expected num_to_sample <= points.rows(). %d vs %d." % (k, n))
    rng = _SimplePhilox(int(seed))
    half_norm = _half_sq_norms(points)
    min_d = np.full([n], np.inf, np.float32)
    cumsum = np.zeros([n], np.float32)
    chosen = set()

    def draw():
        if not chosen:
            return rng.uniform64(n)
        while True:
            total = cumsum[-1]
            if not total > 0:   # all remaining mass zero (duplicate points): uniform fallback
                index = rng.uniform64(n)
            else:
                index = min(int(np.searchsorted(cumsum, rng.rand_float() * total, side="right")), n - 1)
            if index not in chosen:
                return index

    def distances_to(i):
        return np.minimum(min_d, (half_norm - points @ points[i]) + half_norm[i])

    out = np.empty([k, points.shape[1]], np.float32)
    for i in range(k):
        if i > 0:
            cumsum = np.cumsum(min_d, dtype=np.float32)
        if retries == 0:
            best = draw()
            min_d = distances_to(best)
        else:
            best, best_potential, best_d = 0, np.float32(np.inf), None
            for _ in range(1 + retries):
                cand = draw()
                d = distances_to(cand)
                potential = np.sum(d, dtype=np.float32)
                if potential < best_potential:
                    best, best_potential, best_d = cand, potential, d
            if best_d is not None:
                min_d = best_d
        best = min(best, n - 1)
        out[i] = points[best]
        chosen.add(best)
    return out


def _kmeans_pp_infer(op):
    return [(dtypes.float32, tensor_shape.unknown_shape())]


registry.register("KmeansPlusPlusInitialization", _kmeans_pp_infer, _kmeans_pp_lower, host=True,
                  differentiable=False)


def kmeans_plus_plus_initialization(points, num_to_sample, seed, num_retries_per_sample, name=None):
    """gen_clustering_ops.kmeans_plus_plus_initialization: `num_to_sample` rows of `points`."""
    with name_scope(name, "KmeansPlusPlusInitialization",
                    [points, num_to_sample, seed, num_retries_per_sample]) as scope:
        inputs = [convert_to_tensor(points, dtype=dtypes.float32, name="points"),
                  convert_to_tensor(num_to_sample, dtype=dtypes.int64, name="num_to_sample"),
                  convert_to_tensor(seed, dtype=dtypes.int64, name="seed"),
                  convert_to_tensor(num_retries_per_sample, dtype=dtypes.int64,
                                    name="num_retries_per_sample")]
        return make_op("KmeansPlusPlusInitialization", inputs, {}, name=scope).outputs[0]


# ---------------------------------------------------------------------------------- k-MC2

def _kmc2_lower(ctx, op, distances, seed):
    distances, seed = np.asarray(distances, np.float32), np.asarray(seed)
    if distances.ndim != 1:
        raise errors.InvalidArgumentError(None, op, "Input distances should be a vector.")
    _check_scalar(op, seed, "seed")
    if distances.shape[0] <= 0:
        raise errors.InvalidArgumentError(None, op, "Expected distances_tensor.size() > 0.")
    rng = _SimplePhilox(int(seed))
    # One Markov chain over the candidates: move to candidate i with probability
    # min(1, d_i / d_current); the last state is the new center.
    selected, selected_d = 0, distances[0]
    for i in range(1, distances.shape[0]):
        if distances[i] > rng.rand_float() * selected_d:
            selected, selected_d = i, distances[i]
    return np.asarray(selected, np.int64)


registry.register("KMC2ChainInitialization",
                  lambda op: [(dtypes.int64, tensor_shape.TensorShape([]))], _kmc2_lower, host=True,
                  differentiable=False)


def kmc2_chain_initialization(distances, seed, name=None):
    """gen_clustering_ops.kmc2_chain_initialization: the index of the chain's final candidate."""
    with name_scope(name, "KMC2ChainInitialization", [distances, seed]) as scope:
        inputs = [convert_to_tensor(distances, dtype=dtypes.float32, name="distances"),
                  convert_to_tensor(seed, dtype=dtypes.int64, name="seed")]
        return make_op("KMC2ChainInitialization", inputs, {}, name=scope).outputs[0]


# ------------------------------------------------------------------------- nearest neighbors

def _nearest_lower(ctx, op, points, centers, k):
    points, centers, k = np.asarray(points, np.float32), np.asarray(centers, np.float32), np.asarray(k)
    _check_matrix(op, points, "points")
    _check_matrix(op, centers, "centers")
    _check_scalar(op, k, "k")
    if points.shape[0] <= 0:
        raise errors.InvalidArgumentError(None, op, "Expected points.rows() > 0.")
    if points.shape[1] != centers.shape[1]:
        raise errors.InvalidArgumentError(
            None, op, "Expected point_dimensions == center_dimensions: %d vs %d."
            % (points.shape[1], centers.shape[1]))
    if int(k) < 0:
        raise errors.InvalidArgumentError(None, op, "Expected k >= 0.")
    k = min(int(k), centers.shape[0])
    # As the kernel: rank by |c|^2/2 - <p, c> (the point's own norm is constant per row); the
    # distance is twice that plus |p|^2. Ties keep the lower center index.
    partial = _half_sq_norms(centers)[None, :] - points @ centers.T
    order = np.argsort(partial, axis=1, kind="stable")[:, :k]
    best = np.take_along_axis(partial, order, axis=1)
    dist = np.float32(2.0) * (_half_sq_norms(points)[:, None] + best)
    return order.astype(np.int64), dist.astype(np.float32)


registry.register("NearestNeighbors",
                  lambda op: [(dtypes.int64, tensor_shape.unknown_shape()),
                              (dtypes.float32, tensor_shape.unknown_shape())],
                  _nearest_lower, host=True, differentiable=False)


_NearestNeighborsOutput = collections.namedtuple(
    "NearestNeighbors", ["nearest_center_indices", "nearest_center_distances"])


def nearest_neighbors(points, centers, k, name=None):
    """gen_clustering_ops.nearest_neighbors: (indices, squared distances) of the k nearest
    centers of each point, nearest first."""
    with name_scope(name, "NearestNeighbors", [points, centers, k]) as scope:
        inputs = [convert_to_tensor(points, dtype=dtypes.float32, name="points"),
                  convert_to_tensor(centers, dtype=dtypes.float32, name="centers"),
                  convert_to_tensor(k, dtype=dtypes.int64, name="k")]
        op = make_op("NearestNeighbors", inputs, {}, name=scope)
    return _NearestNeighborsOutput(op.outputs[0], op.outputs[1])
