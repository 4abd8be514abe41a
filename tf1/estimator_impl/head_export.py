"""The canned heads' serving signatures, as TF 1.15's v1 heads attach them to their PREDICT spec:

  classifiers: 'serving_default' and 'classification' (scores = probabilities, classes = the class
               names tiled per example), 'predict' (every prediction); binary ones add 'regression'
               (value = logistic);
  regressors:  'serving_default' and 'regression' (value = predictions), 'predict'.
"""
from ..api import public as tf
from ..saved_model_impl import constants as sm
from .export_output import ClassificationOutput, PredictOutput, RegressionOutput
from .heads import BinaryLogisticHead, MultiClassHead
from .mode_keys import ModeKeys

_CLASSIFY_SERVING_KEY = "classification"
_REGRESS_SERVING_KEY = "regression"
_PREDICT_SERVING_KEY = "predict"


def _classification_output(scores, n_classes):
    """ClassificationOutput(scores, classes = the class ids as strings, one row per example).
    TF tiles the class-name strings; tf1's Tile runs on numbers, so the ids are tiled first and then
    turned into strings (the same values)."""
    t = tf()
    batch_size = t.shape(scores)[0]
    classes = t.as_string(t.tile(t.expand_dims(t.range(n_classes), 0), [batch_size, 1]))
    return ClassificationOutput(scores=scores, classes=classes)


def export_outputs(head, predictions):
    """The export outputs `head` serves `predictions` with."""
    if isinstance(head, (BinaryLogisticHead, MultiClassHead)):
        n_classes = 2 if isinstance(head, BinaryLogisticHead) else head.n_classes
        classifier = _classification_output(predictions["probabilities"], n_classes)
        outputs = {sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY: classifier, _CLASSIFY_SERVING_KEY: classifier}
        if isinstance(head, BinaryLogisticHead):
            outputs[_REGRESS_SERVING_KEY] = RegressionOutput(value=predictions["logistic"])
    else:
        regression = RegressionOutput(value=predictions["predictions"])
        outputs = {sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY: regression, _REGRESS_SERVING_KEY: regression}
    outputs[_PREDICT_SERVING_KEY] = PredictOutput(predictions)
    return outputs


def create_estimator_spec(head, features, mode, logits, labels=None, optimizer=None, train_op_fn=None):
    """head.create_estimator_spec, with the serving export outputs on the PREDICT spec (built in the
    head's name scope, as TF's head builds them). `train_op_fn(loss)` replaces `optimizer.minimize`
    when given (the combined estimators step two optimizers)."""
    t = tf()
    if train_op_fn is not None and mode == ModeKeys.TRAIN:
        optimizer = _FnOptimizer(train_op_fn)
    spec = head.create_estimator_spec(features, mode, logits, labels, optimizer)
    if mode != ModeKeys.PREDICT:
        return spec
    scope = t.get_default_graph().get_name_scope()
    with t.name_scope((scope + "/" if scope else "") + "head/"):
        return spec._replace(export_outputs=export_outputs(head, spec.predictions))


class _FnOptimizer:
    """Stands in for an optimizer where the head calls `minimize(loss, global_step=...)`."""

    def __init__(self, train_op_fn):
        self._train_op_fn = train_op_fn

    def minimize(self, loss, global_step=None):
        return self._train_op_fn(loss)
