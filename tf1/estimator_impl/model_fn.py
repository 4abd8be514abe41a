"""`tf.estimator.EstimatorSpec`: what a model_fn returns, validated per mode as TF 1.15 does."""
import collections

from ..api import export
from ..api import public as tf
from .mode_keys import ModeKeys
from .saved_model_export import get_export_outputs

LOSS_METRIC_KEY = "loss"

_FIELDS = ["mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs",
           "training_chief_hooks", "training_hooks", "scaffold", "evaluation_hooks", "prediction_hooks"]


@export("estimator.EstimatorSpec")
class EstimatorSpec(collections.namedtuple("EstimatorSpec", _FIELDS)):
    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None,
                export_outputs=None, training_chief_hooks=None, training_hooks=None, scaffold=None,
                evaluation_hooks=None, prediction_hooks=None):
        if mode not in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT):
            raise ValueError("mode={} unrecognized.".format(mode))
        if train_op is None and mode == ModeKeys.TRAIN:
            raise ValueError("Missing train_op.")
        if loss is None and mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise ValueError("Missing loss.")
        if predictions is None and mode == ModeKeys.PREDICT:
            raise ValueError("Missing predictions.")
        if loss is not None:
            loss = tf().convert_to_tensor(loss)
            if loss.shape.ndims not in (None, 0) and loss.shape.as_list() not in ([1],):
                raise ValueError("Loss must be scalar, given: {}".format(loss))
            if loss.shape.ndims == 1:
                loss = tf().reshape(loss, [])
        if export_outputs is not None:
            # A dict of ExportOutputs; a lone one is also the default serving signature.
            export_outputs = get_export_outputs(export_outputs, predictions)
        eval_metric_ops = dict(eval_metric_ops or {})
        for key, value in eval_metric_ops.items():
            if not (isinstance(value, tuple) and len(value) == 2):
                raise TypeError("Values of eval_metric_ops must be (metric_value, update_op) tuples, "
                                "given: {} for key: {}".format(value, key))
        return super().__new__(
            cls, mode=mode, predictions=predictions if predictions is not None else {}, loss=loss,
            train_op=train_op, eval_metric_ops=eval_metric_ops, export_outputs=export_outputs,
            training_chief_hooks=tuple(training_chief_hooks or []), training_hooks=tuple(training_hooks or []),
            scaffold=scaffold or tf().train.Scaffold(), evaluation_hooks=tuple(evaluation_hooks or []),
            prediction_hooks=tuple(prediction_hooks or []))

    def _replace(self, **kwds):
        if "mode" in kwds and self.mode != kwds["mode"]:
            raise ValueError("mode of EstimatorSpec cannot be changed.")
        return EstimatorSpec(**dict(self._asdict(), **kwds))
