"""`tf.contrib.factorization.KMeansClustering` (TF 1.15 contrib/factorization/python/ops/kmeans.py):
a canned Estimator around `KMeans.training_graph()`.

Training first runs the cluster initializer from a hook (`after_create_session`: run `init_op`
until `initialized` is set), then each step runs one Lloyd iteration / mini-batch step and adds one
to the global step. The loss is the summed distance of each point to its nearest center; `score`
evaluates it on one batch, `predict_cluster_index` / `transform` yield per-point predictions,
`cluster_centers()` reads the `clusters` variable from the latest checkpoint.
"""
import time

from ...api import export, public as _tf
from ...estimator_impl.estimator import Estimator
from ...ops.control_flow_ops import with_dependencies
from ...platform import tf_logging as logging
from ...training.session_run_hooks import SessionRunArgs, SessionRunHook
from . import clustering_ops


class _LossRelativeChangeHook(SessionRunHook):
    """Stops when the loss changes by less than `tolerance` (relative) between steps."""

    def __init__(self, loss_tensor, tolerance):
        self._loss_tensor = loss_tensor
        self._tolerance = tolerance
        self._prev_loss = None

    def before_run(self, run_context):
        return SessionRunArgs(self._loss_tensor)

    def after_run(self, run_context, run_values):
        loss = run_values.results
        assert loss is not None
        if self._prev_loss:
            relative_change = abs(loss - self._prev_loss) / (1 + abs(self._prev_loss))
            if relative_change < self._tolerance:
                run_context.request_stop()
        self._prev_loss = loss


class _InitializeClustersHook(SessionRunHook):
    """The chief runs the initializer until every center is chosen; workers wait for it."""

    def __init__(self, init_op, is_initialized_var, is_chief):
        self._init_op = init_op
        self._is_initialized_var = is_initialized_var
        self._is_chief = is_chief

    def after_create_session(self, session, coord):
        del coord
        tf = _tf()
        assert self._init_op.graph is tf.get_default_graph()
        assert self._is_initialized_var.graph is self._init_op.graph
        while True:
            try:
                if session.run(self._is_initialized_var):
                    break
                elif self._is_chief:
                    session.run(self._init_op)
                else:
                    time.sleep(1)
            except RuntimeError as e:
                logging.info(e)


def _parse_features_if_necessary(features, feature_columns):
    """A dict of features becomes one [n, k] matrix: through `feature_columns` if given, else the
    features concatenated in sorted key order. Anything else is used as it is."""
    tf = _tf()
    if not isinstance(features, dict):
        return features
    if feature_columns:
        return tf.feature_column.input_layer(features, feature_columns)
    keys = sorted(features.keys())
    with tf.colocate_with(features[keys[0]]):
        return tf.concat([features[k] for k in keys], axis=1)


class _ModelFn(object):
    """The model function of KMeansClustering."""

    def __init__(self, num_clusters, initial_clusters, distance_metric, random_seed,
                 use_mini_batch, mini_batch_steps_per_iteration, kmeans_plus_plus_num_retries,
                 relative_tolerance, feature_columns):
        self._num_clusters = num_clusters
        self._initial_clusters = initial_clusters
        self._distance_metric = distance_metric
        self._random_seed = random_seed
        self._use_mini_batch = use_mini_batch
        self._mini_batch_steps_per_iteration = mini_batch_steps_per_iteration
        self._kmeans_plus_plus_num_retries = kmeans_plus_plus_num_retries
        self._relative_tolerance = relative_tolerance
        self._feature_columns = feature_columns

    def model_fn(self, features, mode, config):
        """Takes no labels: `input_fn` returns the points (or `(points, None)`)."""
        tf = _tf()
        input_points = _parse_features_if_necessary(features, self._feature_columns)
        (all_distances, model_predictions, losses, is_initialized, init_op,
         training_op) = clustering_ops.KMeans(
             inputs=input_points, num_clusters=self._num_clusters,
             initial_clusters=self._initial_clusters, distance_metric=self._distance_metric,
             use_mini_batch=self._use_mini_batch,
             mini_batch_steps_per_iteration=self._mini_batch_steps_per_iteration,
             random_seed=self._random_seed,
             kmeans_plus_plus_num_retries=self._kmeans_plus_plus_num_retries).training_graph()

        loss = tf.reduce_sum(losses)
        tf.summary.scalar("loss/raw", loss)
        incr_step = tf.assign_add(tf.train.get_global_step(), 1)
        training_op = with_dependencies([training_op, incr_step], loss)

        training_hooks = [_InitializeClustersHook(init_op, is_initialized, config.is_chief)]
        if self._relative_tolerance is not None:
            training_hooks.append(_LossRelativeChangeHook(loss, self._relative_tolerance))

        PredictOutput = tf.estimator.export.PredictOutput
        export_outputs = {
            KMeansClustering.ALL_DISTANCES: PredictOutput(all_distances[0]),
            KMeansClustering.CLUSTER_INDEX: PredictOutput(model_predictions[0]),
            tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
                PredictOutput(model_predictions[0]),
        }
        return tf.estimator.EstimatorSpec(
            mode=mode,
            predictions={KMeansClustering.ALL_DISTANCES: all_distances[0],
                         KMeansClustering.CLUSTER_INDEX: model_predictions[0]},
            loss=loss, train_op=training_op,
            eval_metric_ops={KMeansClustering.SCORE: tf.metrics.mean(loss)},
            training_hooks=training_hooks, export_outputs=export_outputs)


@export("contrib.factorization.KMeansClustering",
        "contrib.factorization.python.ops.kmeans.KMeansClustering")
class KMeansClustering(Estimator):
    """An Estimator for k-means clustering (see the module docstring)."""

    SQUARED_EUCLIDEAN_DISTANCE = clustering_ops.SQUARED_EUCLIDEAN_DISTANCE
    COSINE_DISTANCE = clustering_ops.COSINE_DISTANCE
    RANDOM_INIT = clustering_ops.RANDOM_INIT
    KMEANS_PLUS_PLUS_INIT = clustering_ops.KMEANS_PLUS_PLUS_INIT
    SCORE = "score"
    CLUSTER_INDEX = "cluster_index"
    ALL_DISTANCES = "all_distances"
    CLUSTER_CENTERS_VAR_NAME = clustering_ops.CLUSTERS_VAR_NAME

    def __init__(self, num_clusters, model_dir=None, initial_clusters=RANDOM_INIT,
                 distance_metric=SQUARED_EUCLIDEAN_DISTANCE, random_seed=0,
                 use_mini_batch=True, mini_batch_steps_per_iteration=1,
                 kmeans_plus_plus_num_retries=2, relative_tolerance=None, config=None,
                 feature_columns=None):
        if isinstance(initial_clusters, str) and initial_clusters not in [
                KMeansClustering.RANDOM_INIT, KMeansClustering.KMEANS_PLUS_PLUS_INIT]:
            raise ValueError("Unsupported initialization algorithm '%s'" % initial_clusters)
        if distance_metric not in [KMeansClustering.SQUARED_EUCLIDEAN_DISTANCE,
                                   KMeansClustering.COSINE_DISTANCE]:
            raise ValueError("Unsupported distance metric '%s'" % distance_metric)
        super(KMeansClustering, self).__init__(
            model_fn=_ModelFn(num_clusters, initial_clusters, distance_metric, random_seed,
                              use_mini_batch, mini_batch_steps_per_iteration,
                              kmeans_plus_plus_num_retries, relative_tolerance,
                              feature_columns).model_fn,
            model_dir=model_dir, config=config)

    def _predict_one_key(self, input_fn, predict_key):
        for result in self.predict(input_fn=input_fn, predict_keys=[predict_key]):
            yield result[predict_key]

    def predict_cluster_index(self, input_fn):
        """Yields the index of the nearest center of each input point."""
        for index in self._predict_one_key(input_fn, KMeansClustering.CLUSTER_INDEX):
            yield index

    def score(self, input_fn):
        """The summed distance of the first batch's points to their nearest centers (sklearn's
        score negated)."""
        return self.evaluate(input_fn=input_fn, steps=1)[KMeansClustering.SCORE]

    def transform(self, input_fn):
        """Yields each point's distances to all centers (squared, for squared euclidean)."""
        for distances in self._predict_one_key(input_fn, KMeansClustering.ALL_DISTANCES):
            yield distances

    def cluster_centers(self):
        """The cluster centers, from the latest checkpoint."""
        return self.get_variable_value(KMeansClustering.CLUSTER_CENTERS_VAR_NAME)
