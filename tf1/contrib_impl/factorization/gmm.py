"""`tf.contrib.factorization.GMM` (TF 1.15 contrib/factorization/python/ops/gmm.py): an Estimator
around `gmm_ops.gmm` -- an init hook sets the means/covariances, then each train step is one EM
iteration.

TF 1.15 builds it on contrib.learn's Estimator (ModelFnOps); tf1 has the core Estimator only, so
the model function returns an EstimatorSpec and the few contrib.learn-isms map onto it: `score`'s
per-point `scores` metric is a (value, update) pair whose update is the value itself, evaluate's
"loss" is the core Estimator's mean loss (TF 1.15 sums it over the evaluation steps), and
`batch_size`/`outputs` of predict/evaluate are accepted but unused (input_fn batches the data).
"""
import numpy as np

from ...api import export, public as _tf
from ...estimator_impl.estimator import Estimator
from ...ops.control_flow_ops import with_dependencies
from . import gmm_ops
from .kmeans import _InitializeClustersHook


@export("contrib.factorization.GMM", "contrib.factorization.python.ops.gmm.GMM")
class GMM(Estimator):
    """An Estimator for Gaussian mixture model clustering."""

    SCORES = "scores"
    LOG_LIKELIHOOD = "loss"
    ASSIGNMENTS = "assignments"

    def __init__(self, num_clusters, model_dir=None, random_seed=0, params="wmc",
                 initial_clusters="random", covariance_type="full", config=None):
        self._num_clusters = num_clusters
        # Not `_params`: the core Estimator keeps its own `params` dict under that name.
        self._gmm_params = params
        self._training_initial_clusters = initial_clusters
        self._covariance_type = covariance_type
        self._training_graph = None
        self._random_seed = random_seed
        super(GMM, self).__init__(model_fn=self._model_builder(), model_dir=model_dir,
                                  config=config)

    def predict_assignments(self, input_fn=None, batch_size=None, outputs=None):
        """Yields each point's most probable cluster."""
        for result in self.predict(input_fn=input_fn):
            yield result[GMM.ASSIGNMENTS]

    def score(self, input_fn=None, batch_size=None, steps=None):
        """The total log-likelihood of the (last evaluated batch of) points."""
        results = self.evaluate(input_fn=input_fn, steps=steps)
        return np.log(np.sum(np.exp(results[GMM.SCORES])))

    def weights(self):
        return _tf().train.load_variable(self.model_dir, gmm_ops.GmmAlgorithm.CLUSTERS_WEIGHT)

    def clusters(self):
        """The means, [num_clusters, num_dimensions]."""
        clusters = _tf().train.load_variable(self.model_dir,
                                             gmm_ops.GmmAlgorithm.CLUSTERS_VARIABLE)
        return np.squeeze(clusters, 1)

    def covariances(self):
        return _tf().train.load_variable(self.model_dir,
                                         gmm_ops.GmmAlgorithm.CLUSTERS_COVS_VARIABLE)

    def _parse_tensor_or_dict(self, features):
        if isinstance(features, dict):
            return _tf().concat([features[k] for k in sorted(features.keys())], 1)
        return features

    def _model_builder(self):
        def _model_fn(features, labels, mode, config):
            tf = _tf()
            assert labels is None, labels
            (loss, scores, model_predictions, training_op, init_op,
             is_initialized) = gmm_ops.gmm(self._parse_tensor_or_dict(features),
                                           self._training_initial_clusters, self._num_clusters,
                                           self._random_seed, self._covariance_type, self._gmm_params)
            incr_step = tf.assign_add(tf.train.get_global_step(), 1)
            training_op = with_dependencies([training_op, incr_step], loss)
            training_hooks = [_InitializeClustersHook(init_op, is_initialized, config.is_chief)]
            predictions = {GMM.ASSIGNMENTS: model_predictions[0][0]}
            # TF's LOG_LIKELIHOOD ("loss") metric, a streaming sum of the loss, collides with the
            # core Estimator's own "loss" (the mean over evaluation steps): the core one reports
            # it, equal to TF's for one evaluation step.
            eval_metric_ops = {GMM.SCORES: (scores, scores)}
            return tf.estimator.EstimatorSpec(
                mode=mode, predictions=predictions, eval_metric_ops=eval_metric_ops, loss=loss,
                train_op=training_op, training_hooks=training_hooks)
        return _model_fn
