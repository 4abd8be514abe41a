"""`tf.contrib.factorization.gmm` / `GmmAlgorithm` (TF 1.15 contrib/factorization/python/ops/
gmm_ops.py): Gaussian mixture clustering by expectation-maximization, as one graph.

Variables `clusters` ([k, 1, d] means), `clusters_covs` ([k, d, d] full or [k, d] diagonal),
`alphas` (mixture weights) and `initialized`. The init ops set the means (given, or k random input
rows) and every covariance to the data's covariance; each training step is one E step (posterior
weights of each point per class) and the M step updates of the parameters named in `params`
("w" weights, "m" means, "c" covariances). The graph is TF's op for op, built on tf1's public API.
"""
import numpy as np

from ...api import export, public as _tf

MEPS = np.finfo(float).eps
FULL_COVARIANCE = "full"
DIAG_COVARIANCE = "diag"

_MODULE = "contrib.factorization.python.ops.gmm_ops."
for _name, _value in (("MEPS", MEPS), ("FULL_COVARIANCE", FULL_COVARIANCE),
                      ("DIAG_COVARIANCE", DIAG_COVARIANCE)):
    export(_MODULE + _name)(_value)


def _covariance(x, diag):
    """The sample covariance of the rows of x (its diagonal only, as a [1, d] row, when `diag`)."""
    tf = _tf()
    num_points = tf.cast(tf.shape(x)[0], tf.float32)
    x -= tf.reduce_mean(x, 0, keepdims=True)
    if diag:
        return tf.reduce_sum(tf.square(x), 0, keepdims=True) / (num_points - 1)
    return tf.matmul(x, x, transpose_a=True) / (num_points - 1)


def _init_clusters_random(data, num_clusters, random_seed):
    """`num_clusters` random rows of the shards in `data`."""
    tf = _tf()
    assert isinstance(data, list)
    num_data = tf.add_n([tf.shape(inp)[0] for inp in data])
    with tf.control_dependencies([tf.assert_less_equal(num_clusters, num_data)]):
        indices = tf.random_uniform([num_clusters], minval=0,
                                    maxval=tf.cast(num_data, tf.int64), seed=random_seed,
                                    dtype=tf.int64)
    indices %= tf.cast(num_data, tf.int64)
    return tf.nn.embedding_lookup(data, indices, partition_strategy="div")


@export("contrib.factorization.GmmAlgorithm", _MODULE + "GmmAlgorithm")
class GmmAlgorithm(object):
    """Gaussian mixture model clustering graph."""

    CLUSTERS_WEIGHT = "alphas"
    CLUSTERS_VARIABLE = "clusters"
    CLUSTERS_COVS_VARIABLE = "clusters_covs"

    def __init__(self, data, num_classes, initial_means=None, params="wmc",
                 covariance_type=FULL_COVARIANCE, random_seed=0):
        tf = _tf()
        self._params = params
        self._random_seed = random_seed
        self._covariance_type = covariance_type
        if self._covariance_type not in [DIAG_COVARIANCE, FULL_COVARIANCE]:
            raise Exception("programmer error: Invalid covariance type: %s" % self._covariance_type)
        num_shards = len(data)
        self._probs = [None] * num_shards
        self._prior_probs = [None] * num_shards
        self._w = [None] * num_shards
        self._points_in_k = [None] * num_shards
        first_shard = data[0]
        self._dimensions = tf.shape(first_shard)[1]
        self._num_classes = num_classes
        # A small ridge keeping the covariances positive definite.
        self._min_var = tf.diag(tf.ones(tf.stack([self._dimensions]))) * 1e-3
        self._create_variables()
        self._initialize_variables(data, initial_means)
        self._w_mul_x = []
        self._w_mul_x2 = []
        self._define_graph(data)

    def _create_variables(self):
        tf = _tf()
        init_value = tf.constant([], dtype=tf.float32)
        self._means = tf.Variable(init_value, name=self.CLUSTERS_VARIABLE, validate_shape=False)
        self._covs = tf.Variable(init_value, name=self.CLUSTERS_COVS_VARIABLE, validate_shape=False)
        self._alpha = tf.Variable(tf.tile([1.0 / self._num_classes], [self._num_classes]),
                                  name=self.CLUSTERS_WEIGHT, validate_shape=False)
        self._cluster_centers_initialized = tf.Variable(False, dtype=tf.bool, name="initialized")

    def _initialize_variables(self, data, initial_means=None):
        tf = _tf()
        first_shard = data[0]
        if initial_means is not None:
            means = tf.expand_dims(initial_means, 1)
        else:
            means = tf.expand_dims(
                _init_clusters_random(data, self._num_classes, self._random_seed), 1)
        if self._covariance_type == FULL_COVARIANCE:
            cov = _covariance(first_shard, False) + self._min_var
            covs = tf.tile(tf.expand_dims(cov, 0), [self._num_classes, 1, 1])
        elif self._covariance_type == DIAG_COVARIANCE:
            cov = _covariance(first_shard, True) + self._min_var
            covs = tf.tile(tf.expand_dims(tf.diag_part(cov), 0), [self._num_classes, 1])
        with tf.colocate_with(self._cluster_centers_initialized):
            initialized = tf.identity(self._cluster_centers_initialized)
            initialized = _with_dependencies([means, covs], initialized)
        self._init_ops = []
        with tf.colocate_with(self._means):
            init_means = tf.assign(self._means, means, validate_shape=False)
            init_means = _with_dependencies(
                [init_means], tf.assign(self._cluster_centers_initialized, True))
            self._init_ops.append(tf.cond(initialized, tf.no_op, lambda: init_means).op)
        with tf.colocate_with(self._covs):
            init_covs = tf.assign(self._covs, covs, validate_shape=False)
            init_covs = _with_dependencies(
                [init_covs], tf.assign(self._cluster_centers_initialized, True))
            self._init_ops.append(tf.cond(initialized, tf.no_op, lambda: init_covs).op)

    def init_ops(self):
        return _tf().group(*self._init_ops)

    def training_ops(self):
        return _tf().group(*self._train_ops)

    def is_initialized(self):
        return self._cluster_centers_initialized

    def alphas(self):
        return self._alpha

    def clusters(self):
        """The means, [num_classes, 1, num_dimensions]."""
        return self._means

    def covariances(self):
        return self._covs

    def assignments(self):
        """Per shard, each point's most probable class."""
        return [_tf().argmax(w, 1) for w in self._w]

    def scores(self):
        """Per-point log-likelihoods."""
        return self._scores

    def log_likelihood_op(self):
        return self._log_likelihood_op

    def _define_graph(self, data):
        tf = _tf()
        for shard_id, shard in enumerate(data):
            self._num_examples = tf.shape(shard)[0]
            shard = tf.expand_dims(shard, 0)
            self._define_log_prob_operation(shard_id, shard)
            self._define_prior_log_prob_operation(shard_id)
            self._define_expectation_operation(shard_id)
            self._define_partial_maximization_operation(shard_id, shard)
        self._define_maximization_operation(len(data))
        self._define_loglikelihood_operation()
        self._define_score_samples()

    def _define_full_covariance_probs(self, shard_id, shard):
        """Log densities [num_examples, num_classes] under full covariances (via Cholesky)."""
        tf = _tf()
        diff = shard - self._means
        cholesky = tf.cholesky(self._covs + self._min_var)
        log_det_covs = 2.0 * tf.reduce_sum(tf.log(tf.matrix_diag_part(cholesky)), 1)
        x_mu_cov = tf.square(tf.matrix_triangular_solve(
            cholesky, tf.transpose(diff, perm=[0, 2, 1]), lower=True))
        diag_m = tf.transpose(tf.reduce_sum(x_mu_cov, 1))
        self._probs[shard_id] = -0.5 * (
            diag_m + tf.cast(self._dimensions, tf.float32) * tf.log(2 * np.pi) + log_det_covs)

    def _define_diag_covariance_probs(self, shard_id, shard):
        """Log densities [num_examples, num_classes] under diagonal covariances."""
        tf = _tf()
        det_expanded = tf.reduce_sum(tf.log(self._covs + 1e-3), 1, keepdims=True)
        x2 = tf.squared_difference(shard, self._means)
        cov_expanded = tf.expand_dims(1.0 / (self._covs + 1e-3), 2)
        x2_cov = tf.matmul(x2, cov_expanded)
        x2_cov = tf.transpose(tf.squeeze(x2_cov, [2]))
        self._probs[shard_id] = -0.5 * (
            tf.cast(self._dimensions, tf.float32) * tf.log(2.0 * np.pi)
            + tf.transpose(det_expanded) + x2_cov)

    def _define_log_prob_operation(self, shard_id, shard):
        tf = _tf()
        if self._covariance_type == FULL_COVARIANCE:
            self._define_full_covariance_probs(shard_id, shard)
        elif self._covariance_type == DIAG_COVARIANCE:
            self._define_diag_covariance_probs(shard_id, shard)
        self._probs[shard_id] += tf.log(self._alpha)

    def _define_prior_log_prob_operation(self, shard_id):
        self._prior_probs[shard_id] = _tf().reduce_logsumexp(
            self._probs[shard_id], axis=1, keepdims=True)

    def _define_expectation_operation(self, shard_id):
        tf = _tf()
        probs = tf.expand_dims(self._probs[shard_id], 0)
        self._w[shard_id] = tf.reshape(tf.exp(probs - self._prior_probs[shard_id]),
                                       tf.stack([self._num_examples, self._num_classes]))

    def _define_partial_maximization_operation(self, shard_id, shard):
        """This shard's sums for the M step: weights per class, weighted x and x x^T."""
        tf = _tf()
        self._points_in_k[shard_id] = tf.reduce_sum(self._w[shard_id], 0, keepdims=True)
        w_mul_x = tf.expand_dims(
            tf.matmul(self._w[shard_id], tf.squeeze(shard, [0]), transpose_a=True), 1)
        self._w_mul_x.append(w_mul_x)
        x = tf.concat([shard for _ in range(self._num_classes)], 0)
        x_trans = tf.transpose(x, perm=[0, 2, 1])
        x_mul_w = tf.concat([tf.expand_dims(x_trans[k, :, :] * self._w[shard_id][:, k], 0)
                             for k in range(self._num_classes)], 0)
        self._w_mul_x2.append(tf.matmul(x_mul_w, x))

    def _define_maximization_operation(self, num_batches):
        tf = _tf()
        with tf.control_dependencies(self._w):
            points_in_k = tf.squeeze(tf.add_n(self._points_in_k), axis=[0])
            if "w" in self._params:
                final_points_in_k = points_in_k / num_batches
                num_examples = tf.cast(tf.reduce_sum(final_points_in_k), tf.float32)
                self._alpha_op = self._alpha.assign(final_points_in_k / (num_examples + MEPS))
            else:
                self._alpha_op = tf.no_op()
            self._train_ops = [self._alpha_op]
            points_in_k_expanded = tf.reshape(points_in_k, [self._num_classes, 1, 1])
            if "m" in self._params:
                self._means_op = self._means.assign(
                    tf.div(tf.add_n(self._w_mul_x), points_in_k_expanded + MEPS))
            else:
                self._means_op = tf.no_op()
            # The covariances use the means just updated (read after the means assignment).
            with tf.control_dependencies([self._means_op]):
                b = tf.add_n(self._w_mul_x2) / (points_in_k_expanded + MEPS)
                new_covs = []
                for k in range(self._num_classes):
                    mean = self._means.value()[k, :, :]
                    square_mean = tf.matmul(mean, mean, transpose_a=True)
                    new_cov = b[k, :, :] - square_mean + self._min_var
                    if self._covariance_type == FULL_COVARIANCE:
                        new_covs.append(tf.expand_dims(new_cov, 0))
                    elif self._covariance_type == DIAG_COVARIANCE:
                        new_covs.append(tf.expand_dims(tf.diag_part(new_cov), 0))
                new_covs = tf.concat(new_covs, 0)
                if "c" in self._params:
                    with tf.control_dependencies([self._means_op, new_covs]):
                        self._train_ops.append(
                            tf.assign(self._covs, new_covs, validate_shape=False))

    def _define_loglikelihood_operation(self):
        tf = _tf()
        op = [tf.reduce_logsumexp(prior_probs) for prior_probs in self._prior_probs]
        self._log_likelihood_op = tf.reduce_logsumexp(op)

    def _define_score_samples(self):
        tf = _tf()
        op = [prior_probs + tf.log(self._w[shard_id])
              for shard_id, prior_probs in enumerate(self._prior_probs)]
        self._scores = tf.squeeze(tf.reduce_logsumexp(op, axis=2, keepdims=True), axis=0)


def _with_dependencies(deps, output):
    from ...ops.control_flow_ops import with_dependencies
    return with_dependencies(deps, output)


@export("contrib.factorization.gmm", _MODULE + "gmm")
def gmm(inp, initial_clusters, num_clusters, random_seed, covariance_type=FULL_COVARIANCE,
        params="wmc"):
    """The GMM graph: (loss, scores, [assignments], training_op, init_op, is_initialized).

    `initial_clusters`: "random" (rows of the input) or anything `tf.constant` takes. A Tensor
    falls through to random rows, as in TF 1.15 (its check only converts non-Tensor values).
    """
    tf = _tf()
    initial_means = None
    if not isinstance(initial_clusters, tf.Tensor) and not (
            isinstance(initial_clusters, str) and initial_clusters == "random"):
        initial_means = tf.constant(initial_clusters, dtype=tf.float32)
    inp = inp if isinstance(inp, list) else [inp]
    gmm_tool = GmmAlgorithm(inp, num_clusters, initial_means, params, covariance_type, random_seed)
    assignments = gmm_tool.assignments()
    scores = gmm_tool.scores()
    loss = gmm_tool.log_likelihood_op()
    return (loss, scores, [assignments], gmm_tool.training_ops(), gmm_tool.init_ops(),
            gmm_tool.is_initialized())
