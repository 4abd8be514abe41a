"""`tf.contrib.factorization.KMeans` (TF 1.15 contrib/factorization/python/ops/clustering_ops.py):
the k-means training graph -- full-batch Lloyd steps or mini-batch updates, random / k-means++ /
k-MC2 / given / callable initial centers, squared-euclidean or cosine distance.

The graph is TF's op for op (same variables `clusters`, `initialized`, `clusters_updated`,
`update_in_steps`, the counts variable; the same conds, asserts and scatter updates), built with
tf1's public API. The centers variable starts as an empty vector (`validate_shape=False`) and
`init_op` grows it: run `init_op` until `initialized` is True, then run `training_op`.
Nearest centers come from the `NearestNeighbors` kernel (tf1/ops/clustering_ops.py).
"""
from ...api import export, public as _tf
from ...ops import clustering_ops as _kernels

SQUARED_EUCLIDEAN_DISTANCE = "squared_euclidean"
COSINE_DISTANCE = "cosine"

RANDOM_INIT = "random"
KMEANS_PLUS_PLUS_INIT = "kmeans_plus_plus"
KMC2_INIT = "kmc2"

# The variable holding the centers; the estimator reads it back by this name.
CLUSTERS_VAR_NAME = "clusters"

_MODULE = "contrib.factorization.python.ops.clustering_ops."
for _name, _value in (("SQUARED_EUCLIDEAN_DISTANCE", SQUARED_EUCLIDEAN_DISTANCE),
                      ("COSINE_DISTANCE", COSINE_DISTANCE), ("RANDOM_INIT", RANDOM_INIT),
                      ("KMEANS_PLUS_PLUS_INIT", KMEANS_PLUS_PLUS_INIT)):
    export("contrib.factorization." + _name, _MODULE + _name)(_value)
for _name, _value in (("KMC2_INIT", KMC2_INIT), ("CLUSTERS_VAR_NAME", CLUSTERS_VAR_NAME),
                      ("nearest_neighbors", _kernels.nearest_neighbors),
                      ("kmeans_plus_plus_initialization", _kernels.kmeans_plus_plus_initialization),
                      ("kmc2_chain_initialization", _kernels.kmc2_chain_initialization)):
    export(_MODULE + _name)(_value)   # module-level only: TF 1.15's contrib.factorization hides them


def _l2_normalize(x):
    return _tf().nn.l2_normalize(x, axis=1)


def _colocated(t):
    return _tf().colocate_with(t, ignore_existing=True)


@export("contrib.factorization.KMeans", _MODULE + "KMeans")
class KMeans(object):
    """Creates the graph for k-means clustering."""

    def __init__(self, inputs, num_clusters, initial_clusters=RANDOM_INIT,
                 distance_metric=SQUARED_EUCLIDEAN_DISTANCE, use_mini_batch=False,
                 mini_batch_steps_per_iteration=1, random_seed=0, kmeans_plus_plus_num_retries=2,
                 kmc2_chain_length=200):
        if isinstance(initial_clusters, str) and initial_clusters not in [
                RANDOM_INIT, KMEANS_PLUS_PLUS_INIT, KMC2_INIT]:
            raise ValueError("Unsupported initialization algorithm '%s'" % initial_clusters)
        if distance_metric not in [SQUARED_EUCLIDEAN_DISTANCE, COSINE_DISTANCE]:
            raise ValueError("Unsupported distance metric '%s'" % distance_metric)
        self._inputs = inputs if isinstance(inputs, list) else [inputs]
        self._num_clusters = num_clusters
        self._initial_clusters = initial_clusters
        self._distance_metric = distance_metric
        self._use_mini_batch = use_mini_batch
        self._mini_batch_steps_per_iteration = int(mini_batch_steps_per_iteration)
        self._random_seed = random_seed
        self._kmeans_plus_plus_num_retries = kmeans_plus_plus_num_retries
        self._kmc2_chain_length = kmc2_chain_length

    # ------------------------------------------------------------------------------ distances

    @classmethod
    def _distance_graph(cls, inputs, clusters, distance_metric):
        assert isinstance(inputs, list)
        if distance_metric == SQUARED_EUCLIDEAN_DISTANCE:
            return cls._compute_euclidean_distance(inputs, clusters)
        elif distance_metric == COSINE_DISTANCE:
            return cls._compute_cosine_distance(inputs, clusters, inputs_normalized=True)
        assert False, str(distance_metric)

    @classmethod
    def _compute_euclidean_distance(cls, inputs, clusters):
        tf = _tf()
        output = []
        for inp in inputs:
            with _colocated(inp):
                # |x|^2 - 2 x.c + |c|^2, the first and last terms broadcast.
                output.append(
                    tf.reduce_sum(tf.square(inp), 1, keepdims=True)
                    - 2 * tf.matmul(inp, clusters, transpose_b=True)
                    + tf.transpose(tf.reduce_sum(tf.square(clusters), 1, keepdims=True)))
        return output

    @classmethod
    def _compute_cosine_distance(cls, inputs, clusters, inputs_normalized=True):
        tf = _tf()
        output = []
        if not inputs_normalized:
            with _colocated(clusters):
                clusters = _l2_normalize(clusters)
        for inp in inputs:
            with _colocated(inp):
                if not inputs_normalized:
                    inp = _l2_normalize(inp)
                output.append(1 - tf.matmul(inp, clusters, transpose_b=True))
        return output

    def _infer_graph(self, inputs, clusters):
        """(all_scores, scores, cluster_idx), each a tuple with one entry per input."""
        tf = _tf()
        assert isinstance(inputs, list)
        scores = self._distance_graph(inputs, clusters, self._distance_metric)
        output = []
        if self._distance_metric == COSINE_DISTANCE and not self._clusters_l2_normalized():
            # Between unit vectors the cosine distance is half the squared euclidean one, so
            # NearestNeighbors serves both metrics.
            with _colocated(clusters):
                clusters = _l2_normalize(clusters)
        for inp, score in zip(inputs, scores):
            with _colocated(inp):
                indices, distances = _kernels.nearest_neighbors(inp, clusters, 1)
                if self._distance_metric == COSINE_DISTANCE:
                    distances *= 0.5
                output.append((score, tf.squeeze(distances, [-1]), tf.squeeze(indices, [-1])))
        return tuple(zip(*output))

    def _clusters_l2_normalized(self):
        """True when the centers are kept normalized (cosine, unless plain mini-batch)."""
        return (self._distance_metric == COSINE_DISTANCE and
                (not self._use_mini_batch or self._mini_batch_steps_per_iteration > 1))

    # ------------------------------------------------------------------------------ variables

    def _create_variables(self, num_clusters):
        tf = _tf()
        init_value = tf.constant([], dtype=tf.float32)
        cluster_centers = tf.Variable(init_value, name=CLUSTERS_VAR_NAME, validate_shape=False)
        cluster_centers_initialized = tf.Variable(False, dtype=tf.bool, name="initialized")
        if self._use_mini_batch and self._mini_batch_steps_per_iteration > 1:
            # A second copy of the centers, updated every step and synced back every
            # mini_batch_steps_per_iteration steps.
            cluster_centers_updated = tf.Variable(init_value, name="clusters_updated",
                                                  validate_shape=False)
            update_in_steps = tf.Variable(self._mini_batch_steps_per_iteration, dtype=tf.int64,
                                          name="update_in_steps")
            cluster_counts = tf.Variable(tf.zeros([num_clusters], dtype=tf.int64))
        else:
            cluster_centers_updated = cluster_centers
            update_in_steps = None
            cluster_counts = (tf.Variable(tf.ones([num_clusters], dtype=tf.int64))
                              if self._use_mini_batch else None)
        return (cluster_centers, cluster_centers_initialized, cluster_counts,
                cluster_centers_updated, update_in_steps)

    @classmethod
    def _l2_normalize_data(cls, inputs):
        output = []
        for inp in inputs:
            with _colocated(inp):
                output.append(_l2_normalize(inp))
        return output

    # ------------------------------------------------------------------------------- training

    def training_graph(self):
        """(all_scores, cluster_idx, scores, cluster_centers_initialized, init_op, training_op).

        Run `init_op` until `cluster_centers_initialized` is True, then `training_op` (one Lloyd
        iteration, or one mini-batch step) as often as wanted.
        """
        tf = _tf()
        if isinstance(self._initial_clusters, str) or callable(self._initial_clusters):
            initial_clusters = self._initial_clusters
            num_clusters = tf.convert_to_tensor(self._num_clusters)
        else:
            initial_clusters = tf.convert_to_tensor(self._initial_clusters)
            num_clusters = tf.shape(initial_clusters)[0]

        inputs = self._inputs
        (cluster_centers_var, cluster_centers_initialized, total_counts,
         cluster_centers_updated, update_in_steps) = self._create_variables(num_clusters)
        init_op = _InitializeClustersOpFactory(
            self._inputs, num_clusters, initial_clusters, self._distance_metric,
            self._random_seed, self._kmeans_plus_plus_num_retries, self._kmc2_chain_length,
            cluster_centers_var, cluster_centers_updated, cluster_centers_initialized).op()
        cluster_centers = cluster_centers_var

        if self._distance_metric == COSINE_DISTANCE:
            inputs = self._l2_normalize_data(inputs)
            if not self._clusters_l2_normalized():
                cluster_centers = _l2_normalize(cluster_centers)

        all_scores, scores, cluster_idx = self._infer_graph(inputs, cluster_centers)
        if self._use_mini_batch:
            sync_updates_op = self._mini_batch_sync_updates_op(
                update_in_steps, cluster_centers_var, cluster_centers_updated, total_counts)
            assert sync_updates_op is not None
            with tf.control_dependencies([sync_updates_op]):
                training_op = self._mini_batch_training_op(
                    inputs, cluster_idx, cluster_centers_updated, total_counts)
        else:
            assert cluster_centers is cluster_centers_var
            training_op = self._full_batch_training_op(inputs, num_clusters, cluster_idx,
                                                       cluster_centers_var)
        return (all_scores, cluster_idx, scores, cluster_centers_initialized, init_op,
                training_op)

    def _mini_batch_sync_updates_op(self, update_in_steps, cluster_centers_var,
                                    cluster_centers_updated, total_counts):
        tf = _tf()
        if not (self._use_mini_batch and self._mini_batch_steps_per_iteration > 1):
            return tf.no_op()
        assert update_in_steps is not None
        with _colocated(update_in_steps):

            def _sync():
                # Reset the step counter first, copy the accumulated centers to the master copy,
                # then clear the counts (TF's order, which bounds the damage of racing workers).
                with tf.control_dependencies([
                        tf.assign(update_in_steps, self._mini_batch_steps_per_iteration - 1)]):
                    with _colocated(cluster_centers_updated):
                        if self._distance_metric == COSINE_DISTANCE:
                            cluster_centers = _l2_normalize(cluster_centers_updated)
                        else:
                            cluster_centers = cluster_centers_updated
                    with _colocated(cluster_centers_var):
                        with tf.control_dependencies(
                                [tf.assign(cluster_centers_var, cluster_centers)]):
                            with tf.control_dependencies(
                                    [tf.assign(total_counts, tf.zeros_like(total_counts))]):
                                return tf.identity(update_in_steps)

            return tf.cond(update_in_steps <= 0, _sync,
                           lambda: tf.assign_sub(update_in_steps, 1))

    def _mini_batch_training_op(self, inputs, cluster_idx_list, cluster_centers, total_counts):
        tf = _tf()
        update_ops = []
        for inp, cluster_idx in zip(inputs, cluster_idx_list):
            with _colocated(inp):
                assert total_counts is not None
                cluster_idx = tf.reshape(cluster_idx, [-1])
                # Aggregate per distinct center: with old center x, old count n and new points
                # d_1..d_k, x += (sum_i d_i - k x) / (n + k).
                unique_ids, unique_idx = tf.unique(cluster_idx)
                num_unique_cluster_idx = tf.size(unique_ids)
                with _colocated(total_counts):
                    old_counts = tf.gather(total_counts, unique_ids)
                with _colocated(cluster_centers):
                    old_cluster_centers = tf.gather(cluster_centers, unique_ids)
                count_updates = tf.unsorted_segment_sum(
                    tf.ones_like(unique_idx, dtype=total_counts.dtype), unique_idx,
                    num_unique_cluster_idx)
                cluster_center_updates = tf.unsorted_segment_sum(inp, unique_idx,
                                                                 num_unique_cluster_idx)
                # [num_unique, 1, ..., 1]: broadcasts per-center scalars against inp's rows.
                broadcast_shape = tf.concat([
                    tf.reshape(num_unique_cluster_idx, [1]),
                    tf.ones(tf.reshape(tf.rank(inp) - 1, [1]), dtype=tf.int32)], 0)
                cluster_center_updates -= tf.cast(
                    tf.reshape(count_updates, broadcast_shape), inp.dtype) * old_cluster_centers
                learning_rate = tf.reciprocal(tf.cast(old_counts + count_updates, inp.dtype))
                learning_rate = tf.reshape(learning_rate, broadcast_shape)
                cluster_center_updates *= learning_rate
            update_counts = tf.scatter_add(total_counts, unique_ids, count_updates)
            update_cluster_centers = tf.scatter_add(cluster_centers, unique_ids,
                                                    cluster_center_updates)
            update_ops.extend([update_counts, update_cluster_centers])
        return tf.group(*update_ops)

    def _full_batch_training_op(self, inputs, num_clusters, cluster_idx_list, cluster_centers):
        tf = _tf()
        cluster_sums = []
        cluster_counts = []
        epsilon = tf.constant(1e-6, dtype=inputs[0].dtype)
        for inp, cluster_idx in zip(inputs, cluster_idx_list):
            with _colocated(inp):
                cluster_sums.append(tf.unsorted_segment_sum(inp, cluster_idx, num_clusters))
                cluster_counts.append(tf.unsorted_segment_sum(
                    tf.reshape(tf.ones(tf.reshape(tf.shape(inp)[0], [-1])), [-1, 1]),
                    cluster_idx, num_clusters))
        with _colocated(cluster_centers):
            new_clusters_centers = tf.add_n(cluster_sums) / (
                tf.cast(tf.add_n(cluster_counts), cluster_sums[0].dtype) + epsilon)
            if self._clusters_l2_normalized():
                new_clusters_centers = _l2_normalize(new_clusters_centers)
        return tf.assign(cluster_centers, new_clusters_centers)


class _InitializeClustersOpFactory(object):
    """Builds the op that chooses initial centers. When run it does:

        num_remaining = num_clusters - length(cluster_centers)
        if num_remaining == 0: assert cluster_centers_initialized
        else:
          assert num_remaining > 0
          cluster_centers := concat(cluster_centers, up to num_remaining new centers)
          (and cluster_centers_updated := cluster_centers when that is a separate variable)
          if no centers remain: cluster_centers_initialized := True
    """

    def __init__(self, inputs, num_clusters, initial_clusters, distance_metric, random_seed,
                 kmeans_plus_plus_num_retries, kmc2_chain_length, cluster_centers,
                 cluster_centers_updated, cluster_centers_initialized):
        tf = _tf()
        self._inputs = inputs
        self._num_clusters = num_clusters
        self._initial_clusters = initial_clusters
        self._distance_metric = distance_metric
        self._random_seed = random_seed
        self._kmeans_plus_plus_num_retries = kmeans_plus_plus_num_retries
        self._kmc2_chain_length = kmc2_chain_length
        self._cluster_centers = cluster_centers
        self._cluster_centers_updated = cluster_centers_updated
        self._cluster_centers_initialized = cluster_centers_initialized

        self._num_selected = tf.shape(self._cluster_centers)[0]
        self._num_remaining = self._num_clusters - self._num_selected
        self._num_data = tf.add_n([tf.shape(i)[0] for i in self._inputs])

    def _random(self):
        tf = _tf()
        indices = tf.random_uniform(
            tf.reshape(self._num_remaining, [-1]), minval=0,
            maxval=tf.cast(self._num_data, tf.int64), seed=self._random_seed, dtype=tf.int64)
        return tf.nn.embedding_lookup(self._inputs, indices, partition_strategy="div")

    def _kmeans_plus_plus(self):
        tf = _tf()
        # Only the first shard's points are candidates (as in TF).
        inp = self._inputs[0]
        if self._distance_metric == COSINE_DISTANCE:
            inp = _l2_normalize(inp)
        return _kernels.kmeans_plus_plus_initialization(
            inp, tf.cast(self._num_remaining, tf.int64), self._random_seed,
            self._kmeans_plus_plus_num_retries)

    def _kmc2_multiple_centers(self):
        """Adds centers by k-MC2: the first shard is cut into subsets of `kmc2_chain_length`
        points, and one Markov chain over each subset adds one center (the very first center is
        the batch's first point, the batch being assumed shuffled)."""
        tf = _tf()
        first_shard = self._inputs[0]
        batch_size = tf.shape(first_shard)[0]
        max_to_sample = tf.cast(batch_size / self._kmc2_chain_length, dtype=tf.int32)
        num_to_sample = tf.maximum(tf.minimum(self._num_remaining, max_to_sample), 1)

        def _cond(i, _):
            return tf.less(i, num_to_sample)

        def _body(i, _):
            def _sample_random():
                new_center = tf.reshape(first_shard[0], [1, -1])
                if self._distance_metric == COSINE_DISTANCE:
                    new_center = _l2_normalize(new_center)
                return new_center

            def _sample_kmc2_chain():
                start = i * self._kmc2_chain_length
                end = start + self._kmc2_chain_length
                subset = first_shard[start:end]
                _, distances = _kernels.nearest_neighbors(subset, self._cluster_centers, 1)
                new_center_index = _kernels.kmc2_chain_initialization(
                    tf.squeeze(distances), self._random_seed)
                newly_sampled_center = tf.reshape(subset[new_center_index], [1, -1])
                if self._distance_metric == COSINE_DISTANCE:
                    newly_sampled_center = _l2_normalize(newly_sampled_center)
                return tf.concat([self._cluster_centers, newly_sampled_center], 0)

            new_centers = tf.cond(tf.equal(self._num_selected, 0), _sample_random,
                                  _sample_kmc2_chain)
            assigned_centers = tf.assign(self._cluster_centers, new_centers, validate_shape=False)
            if self._cluster_centers_updated is not self._cluster_centers:
                assigned_centers = tf.assign(self._cluster_centers_updated, assigned_centers,
                                             validate_shape=False)
            return i + 1, self._num_clusters - tf.shape(assigned_centers)[0]

        _, num_remaining = tf.while_loop(_cond, _body, [0, 0])
        return num_remaining

    def _greedy_batch_sampler(self, sampler):
        # A batch no larger than what is still needed is taken whole (mini-batch case).
        tf = _tf()
        return tf.cond(self._num_data <= self._num_remaining,
                       lambda: tf.concat(self._inputs, 0), sampler)

    def _single_batch_sampler(self, sampler):
        # The batch must hold at least as many points as centers still needed.
        tf = _tf()
        with tf.control_dependencies(
                [tf.assert_greater_equal(self._num_data, self._num_remaining)]):
            return sampler()

    def _choose_initial_centers(self):
        tf = _tf()
        if isinstance(self._initial_clusters, str):
            if self._initial_clusters == RANDOM_INIT:
                return self._greedy_batch_sampler(self._random)
            return self._single_batch_sampler(self._kmeans_plus_plus)
        elif callable(self._initial_clusters):
            return self._initial_clusters(self._inputs, self._num_remaining)
        with tf.control_dependencies([
                tf.assert_equal(self._num_remaining, tf.shape(self._initial_clusters)[0])]):
            return self._initial_clusters

    def _add_new_centers(self):
        """Adds some centers; returns how many remain to be chosen."""
        tf = _tf()
        new_centers = self._choose_initial_centers()
        if self._distance_metric == COSINE_DISTANCE:
            new_centers = _l2_normalize(new_centers)
        # An empty centers variable has no row shape to concat with.
        all_centers = tf.cond(tf.equal(self._num_selected, 0), lambda: new_centers,
                              lambda: tf.concat([self._cluster_centers, new_centers], 0))
        a = tf.assign(self._cluster_centers, all_centers, validate_shape=False)
        if self._cluster_centers_updated is not self._cluster_centers:
            a = tf.assign(self._cluster_centers_updated, a, validate_shape=False)
        return self._num_clusters - tf.shape(a)[0]

    def _initialize(self):
        tf = _tf()
        with tf.control_dependencies([tf.assert_positive(self._num_remaining)]):
            if isinstance(self._initial_clusters, str) and self._initial_clusters == KMC2_INIT:
                num_now_remaining = self._kmc2_multiple_centers()
            else:
                num_now_remaining = self._add_new_centers()
            return tf.cond(tf.equal(num_now_remaining, 0),
                           lambda: tf.assign(self._cluster_centers_initialized, True), tf.no_op)

    def op(self):
        """The cluster initializer op."""
        tf = _tf()
        return tf.cond(tf.equal(self._num_remaining, 0),
                       lambda: tf.assert_equal(self._cluster_centers_initialized, True),
                       self._initialize)
