"""`tf.metrics.mean` / `tf.metrics.accuracy`: streaming metrics over local variables, as TF 1.15's
metrics_impl builds them (variables `<scope>/total` and `<scope>/count` in LOCAL_VARIABLES and
METRIC_VARIABLES; value = total / count, 0 while count is 0)."""
from ..api import export, public as tf


def _metric_variable(shape, dtype, name):
    t = tf()
    return t.Variable(t.zeros(shape, dtype), trainable=False, name=name,
                      collections=[t.GraphKeys.LOCAL_VARIABLES, t.GraphKeys.METRIC_VARIABLES])


def _safe_div(numerator, denominator, name):
    t = tf()
    return t.where(t.greater(denominator, 0), t.truediv(numerator, t.maximum(denominator, 1e-30)),
                   t.zeros_like(numerator), name=name)


@export("metrics.mean")
def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    t = tf()
    with t.variable_scope(name, "mean", (values, weights)):
        values = t.cast(values, t.float32)
        total = _metric_variable([], t.float32, "total")
        count = _metric_variable([], t.float32, "count")
        if weights is None:
            num_values = t.cast(t.size(values), t.float32)
        else:
            weights = t.cast(weights, t.float32) * t.ones_like(values)
            values = values * weights
            num_values = t.reduce_sum(weights)
        update_total = t.assign_add(total, t.reduce_sum(values))
        with t.control_dependencies([values]):
            update_count = t.assign_add(count, num_values)
        mean_t = _safe_div(total, count, "value")
        update_op = _safe_div(update_total, update_count, "update_op")
        for coll, obj in ((metrics_collections, mean_t), (updates_collections, update_op)):
            for c in coll or []:
                t.add_to_collection(c, obj)
        return mean_t, update_op


@export("metrics.accuracy")
def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
             name=None):
    t = tf()
    predictions = t.convert_to_tensor(predictions)
    labels = t.convert_to_tensor(labels)
    if labels.dtype != predictions.dtype:
        predictions = t.cast(predictions, labels.dtype)
    if predictions.shape.ndims is not None and labels.shape.ndims is not None \
            and labels.shape.ndims == predictions.shape.ndims + 1 and labels.shape.as_list()[-1] == 1:
        labels = t.squeeze(labels, [-1])
    elif predictions.shape.ndims is not None and labels.shape.ndims is not None \
            and predictions.shape.ndims == labels.shape.ndims + 1 and predictions.shape.as_list()[-1] == 1:
        predictions = t.squeeze(predictions, [-1])
    is_correct = t.cast(t.equal(predictions, labels), t.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")
