"""`tf.contrib.metrics` (TF 1.15 contrib/metrics/python/ops/metric_ops.py): the deprecated `streaming_*`
names are thin wrappers over `tf.metrics` that take `predictions` before `labels`, plus the
`aggregate_metrics` / `aggregate_metric_map` helpers and `count`."""
import inspect

from ..api import export, public as tf
from ..training import metrics_impl
from ..training.losses_impl import broadcast_weights


def _names(name):
    """TF 1.15 users reach these as `tf.contrib.metrics.X` and as `slim.metrics.X`."""
    return "contrib.metrics." + name, "contrib.slim.metrics." + name


def _wrap(contrib_name, metric_name, leading, options, renames=None):
    """A `streaming_*` function with contrib's signature (positional `leading` arguments, then the
    `options` (name, default) pairs) that forwards everything by keyword to `tf.metrics.<metric_name>`
    (`renames` maps a contrib argument name to the tf.metrics one)."""
    signature = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in leading] +
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=d) for p, d in options])
    renames = renames or {}

    def streaming(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        metric = getattr(tf().metrics, metric_name)
        return metric(**{renames.get(k, k): v for k, v in bound.arguments.items()})
    streaming.__name__ = streaming.__qualname__ = contrib_name
    streaming.__signature__ = signature
    streaming.__doc__ = "Deprecated: use tf.metrics.%s (note its argument order)." % metric_name
    export(*_names(contrib_name))(streaming)
    return streaming


_COMMON = (("weights", None), ("metrics_collections", None), ("updates_collections", None), ("name", None))
_PL = ("predictions", "labels")

for _name in ("true_positives", "true_negatives", "false_positives", "false_negatives", "accuracy",
              "precision", "recall", "mean_absolute_error", "mean_squared_error",
              "root_mean_squared_error"):
    _wrap("streaming_" + _name, _name, _PL, _COMMON)
for _name in ("mean", "mean_tensor"):
    _wrap("streaming_" + _name, _name, ("values",), _COMMON)
for _name in ("precision_at_thresholds", "recall_at_thresholds"):
    _wrap("streaming_" + _name, _name, _PL + ("thresholds",), _COMMON)
_wrap("streaming_mean_relative_error", "mean_relative_error", _PL + ("normalizer",), _COMMON)
_wrap("streaming_mean_cosine_distance", "mean_cosine_distance", _PL + ("dim",), _COMMON)
_wrap("streaming_mean_iou", "mean_iou", _PL + ("num_classes",), _COMMON)
_wrap("streaming_percentage_less", "percentage_below", ("values", "threshold"), _COMMON)
_wrap("streaming_auc", "auc", _PL, (("weights", None), ("num_thresholds", 200), ("metrics_collections", None),
                                    ("updates_collections", None), ("curve", "ROC"), ("name", None),
                                    ("summation_method", "trapezoidal")))
_wrap("streaming_sensitivity_at_specificity", "sensitivity_at_specificity", _PL + ("specificity",),
      (("weights", None), ("num_thresholds", 200)) + _COMMON[1:])
_wrap("streaming_specificity_at_sensitivity", "specificity_at_sensitivity", _PL + ("sensitivity",),
      (("weights", None), ("num_thresholds", 200)) + _COMMON[1:])
_wrap("streaming_sparse_precision_at_k", "precision_at_k", _PL + ("k",), (("class_id", None),) + _COMMON)
_wrap("streaming_sparse_recall_at_k", "recall_at_k", _PL + ("k",), (("class_id", None),) + _COMMON)
_wrap("streaming_sparse_precision_at_top_k", "precision_at_top_k", ("top_k_predictions", "labels"),
      (("class_id", None),) + _COMMON, renames={"top_k_predictions": "predictions_idx"})
_wrap("streaming_sparse_average_precision_at_k", "average_precision_at_k", _PL + ("k",), _COMMON)


@export(*_names("streaming_recall_at_k"))
def streaming_recall_at_k(predictions, labels, k, weights=None, metrics_collections=None,
                          updates_collections=None, name=None):
    """Deprecated: the (weighted) fraction of examples whose single label is in the top `k`
    predictions (`tf.nn.in_top_k`), as a streaming mean named `recall_at_<k>`."""
    t = tf()
    in_top_k = t.cast(t.nn.in_top_k(predictions, labels, k), t.float32)
    return t.metrics.mean(in_top_k, weights, metrics_collections, updates_collections,
                          name or "recall_at_%d" % k)


@export(*_names("aggregate_metrics"))
def aggregate_metrics(*value_update_tuples):
    """Splits (value, update_op) pairs into a list of values and a list of update ops."""
    if not value_update_tuples:
        raise ValueError("Expected at least one value_tensor/update_op pair")
    value_ops, update_ops = zip(*value_update_tuples)
    return list(value_ops), list(update_ops)


@export(*_names("aggregate_metric_map"))
def aggregate_metric_map(names_to_tuples):
    """{name: (value, update_op)} -> ({name: value}, {name: update_op})."""
    metric_names = names_to_tuples.keys()
    value_ops, update_ops = zip(*names_to_tuples.values())
    return dict(zip(metric_names, value_ops)), dict(zip(metric_names, update_ops))


@export(*_names("count"))
def count(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Number of examples (or the sum of `weights`) seen, in a variable `count/count`."""
    t = tf()
    with t.variable_scope(name, "count", (values, weights)):
        count_ = metrics_impl.metric_variable([], t.float32, name="count")
        values = t.convert_to_tensor(values)
        if weights is None:
            num_values = t.cast(t.size(values), t.float32)
        else:
            _, _, weights = metrics_impl.remove_squeezable_dimensions(values, None, weights)
            weights = broadcast_weights(t.cast(weights, t.float32), values)
            num_values = t.reduce_sum(weights)
        with t.control_dependencies([values]):
            update_op = t.assign_add(count_, num_values)
        metrics_impl.add_to_collections(metrics_collections, count_)
        metrics_impl.add_to_collections(updates_collections, update_op)
        return count_, update_op
