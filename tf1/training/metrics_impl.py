"""`tf.metrics`: streaming metrics as TF 1.15's metrics_impl builds them.

Every metric returns `(value, update_op)`: its state lives in zero-initialised LOCAL variables (also in
METRIC_VARIABLES) named under the metric's variable scope (`mean/total`, `auc/true_positives`, ...);
`update_op` folds one batch into that state and returns the refreshed value, `value` only reads it.
This module holds the shared helpers and the mean-based metrics; the confusion-count family (precision,
recall, auc, ...) is in metrics_confusion.py, the top-k family in metrics_at_k.py.
"""
from ..api import export, public as tf
from .losses_impl import _remove_squeezable_dimensions as _squeeze_labels_predictions
from .losses_impl import broadcast_weights


def metric_variable(shape, dtype, validate_shape=True, name=None):
    """A non-trainable zero-initialised variable in LOCAL_VARIABLES and METRIC_VARIABLES."""
    t = tf()
    return t.Variable(lambda: t.zeros(shape, dtype), trainable=False,
                      collections=[t.GraphKeys.LOCAL_VARIABLES, t.GraphKeys.METRIC_VARIABLES],
                      validate_shape=validate_shape, name=name)


def add_to_collections(names, value):
    """TF adds the value to `metrics_collections` and the update op to `updates_collections`."""
    for name in names or ():
        tf().add_to_collection(name, value)


def remove_squeezable_dimensions(predictions, labels, weights):
    """TF's metrics_impl._remove_squeezable_dimensions with static ranks: squeeze a trailing 1 off
    predictions or labels when their ranks differ by one, then squeeze or expand `weights` (unless
    scalar) to the rank of predictions."""
    t = tf()
    predictions = t.convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions, _ = _squeeze_labels_predictions(labels, predictions)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    if weights is None:
        return predictions, labels, None
    weights = t.convert_to_tensor(weights)
    weights_rank, predictions_rank = weights.get_shape().ndims, predictions.get_shape().ndims
    if weights_rank == 0 or weights_rank is None or predictions_rank is None:
        return predictions, labels, weights
    if weights_rank - predictions_rank == 1:
        weights = t.squeeze(weights, [-1])
    elif predictions_rank - weights_rank == 1:
        weights = t.expand_dims(weights, [-1])
    return predictions, labels, weights


def _check_graph_mode(metric):
    """TF raises RuntimeError for metrics under eager execution; tf1 is graph-only, so there is
    nothing to check until it grows an eager mode."""
    eager = getattr(tf(), "executing_eagerly", None)
    if eager is not None and eager():
        raise RuntimeError("tf.metrics.%s is not supported when eager execution is enabled." % metric)


@export("metrics.mean")
def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    _check_graph_mode("mean")
    t = tf()
    with t.variable_scope(name, "mean", (values, weights)):
        values = t.cast(values, t.float32)
        total = metric_variable([], t.float32, name="total")
        count = metric_variable([], t.float32, name="count")
        if weights is None:
            num_values = t.cast(t.size(values), t.float32)
        else:
            values, _, weights = remove_squeezable_dimensions(values, None, weights)
            weights = broadcast_weights(t.cast(weights, t.float32), values)
            values = t.multiply(values, weights)
            num_values = t.reduce_sum(weights)
        update_total = t.assign_add(total, t.reduce_sum(values))
        with t.control_dependencies([values]):
            update_count = t.assign_add(count, num_values)
        mean_t = t.div_no_nan(total, t.maximum(count, 0), name="value")
        add_to_collections(metrics_collections, mean_t)
        update_op = t.div_no_nan(update_total, t.maximum(update_count, 0), name="update_op")
        add_to_collections(updates_collections, update_op)
        return mean_t, update_op


@export("metrics.accuracy")
def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
             name=None):
    _check_graph_mode("accuracy")
    t = tf()
    predictions, labels, weights = remove_squeezable_dimensions(predictions, labels, weights)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    if labels.dtype != predictions.dtype:
        predictions = t.cast(predictions, labels.dtype)
    is_correct = t.cast(t.equal(predictions, labels), t.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


@export("metrics.mean_tensor")
def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Element-wise running mean: variables `total_tensor` / `count_tensor` of the values' shape."""
    _check_graph_mode("mean_tensor")
    t = tf()
    with t.variable_scope(name, "mean", (values, weights)):
        values = t.cast(values, t.float32)
        total = metric_variable(values.get_shape(), t.float32, name="total_tensor")
        count = metric_variable(values.get_shape(), t.float32, name="count_tensor")
        num_values = t.ones_like(values)
        if weights is not None:
            values, _, weights = remove_squeezable_dimensions(values, None, weights)
            weights = broadcast_weights(t.cast(weights, t.float32), values)
            values = t.multiply(values, weights)
            num_values = t.multiply(num_values, weights)
        update_total = t.assign_add(total, values)
        with t.control_dependencies([values]):
            update_count = t.assign_add(count, num_values)
        mean_t = t.div_no_nan(total, t.maximum(count, 0), name="value")
        add_to_collections(metrics_collections, mean_t)
        update_op = t.div_no_nan(update_total, t.maximum(update_count, 0), name="update_op")
        add_to_collections(updates_collections, update_op)
        return mean_t, update_op


@export("metrics.mean_absolute_error")
def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    _check_graph_mode("mean_absolute_error")
    predictions, labels, weights = remove_squeezable_dimensions(predictions, labels, weights)
    absolute_errors = tf().abs(predictions - labels)
    return mean(absolute_errors, weights, metrics_collections, updates_collections,
                name or "mean_absolute_error")


@export("metrics.mean_squared_error")
def mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    _check_graph_mode("mean_squared_error")
    predictions, labels, weights = remove_squeezable_dimensions(predictions, labels, weights)
    squared_error = tf().squared_difference(labels, predictions)
    return mean(squared_error, weights, metrics_collections, updates_collections,
                name or "mean_squared_error")


@export("metrics.root_mean_squared_error")
def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    _check_graph_mode("root_mean_squared_error")
    t = tf()
    predictions, labels, weights = remove_squeezable_dimensions(predictions, labels, weights)
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None,
                                         name or "root_mean_squared_error")
    rmse = t.sqrt(mse)
    add_to_collections(metrics_collections, rmse)
    update_rmse = t.sqrt(update_mse)
    add_to_collections(updates_collections, update_rmse)
    return rmse, update_rmse


@export("metrics.mean_relative_error")
def mean_relative_error(labels, predictions, normalizer, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    _check_graph_mode("mean_relative_error")
    t = tf()
    predictions, labels, weights = remove_squeezable_dimensions(predictions, labels, weights)
    normalizer, predictions, _ = _squeeze_labels_predictions(normalizer, predictions)
    predictions.get_shape().assert_is_compatible_with(normalizer.get_shape())
    relative_errors = t.where(t.equal(normalizer, 0.0), t.zeros_like(labels),
                              t.divide(t.abs(labels - predictions), normalizer))
    return mean(relative_errors, weights, metrics_collections, updates_collections,
                name or "mean_relative_error")


@export("metrics.percentage_below")
def percentage_below(values, threshold, weights=None, metrics_collections=None, updates_collections=None,
                     name=None):
    _check_graph_mode("percentage_below")
    t = tf()
    is_below_threshold = t.cast(t.less(values, threshold), t.float32)
    return mean(is_below_threshold, weights, metrics_collections, updates_collections,
                name or "percentage_below_threshold")


@export("metrics.mean_cosine_distance")
def mean_cosine_distance(labels, predictions, dim, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    """1 - mean of the dot products along `dim` (inputs are expected unit-normalised, as in TF)."""
    _check_graph_mode("mean_cosine_distance")
    t = tf()
    predictions, labels, weights = remove_squeezable_dimensions(predictions, labels, weights)
    radial_diffs = t.reduce_sum(t.multiply(predictions, labels), axis=[dim], keepdims=True)
    mean_distance, update_op = mean(radial_diffs, weights, None, None, name or "mean_cosine_distance")
    mean_distance = t.subtract(1.0, mean_distance)
    update_op = t.subtract(1.0, update_op)
    add_to_collections(metrics_collections, mean_distance)
    add_to_collections(updates_collections, update_op)
    return mean_distance, update_op


def _flatten(x):
    t = tf()
    return t.reshape(x, [-1]) if x.get_shape().ndims > 1 else x


@export("metrics.mean_per_class_accuracy")
def mean_per_class_accuracy(labels, predictions, num_classes, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """Per-class accuracy averaged over classes. `total[c]` counts (weighted) examples of label c,
    `count[c]` the correct ones; TF scatter-adds into them, tf1 adds the per-class segment sums."""
    _check_graph_mode("mean_per_class_accuracy")
    t = tf()
    with t.variable_scope(name, "mean_accuracy", (predictions, labels, weights)):
        labels = _flatten(t.cast(labels, t.int64))
        predictions = _flatten(t.convert_to_tensor(predictions))
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        total = metric_variable([num_classes], t.float32, name="total")
        count = metric_variable([num_classes], t.float32, name="count")
        ones = t.ones([t.size(labels)], t.float32)
        if labels.dtype != predictions.dtype:
            predictions = t.cast(predictions, labels.dtype)
        is_correct = t.cast(t.equal(predictions, labels), t.float32)
        if weights is not None:
            weights = _flatten(t.convert_to_tensor(weights))
            weights = t.cast(weights, t.float32)
            is_correct *= weights
            ones *= weights
        update_total = t.assign_add(total, t.unsorted_segment_sum(ones, labels, num_classes))
        update_count = t.assign_add(count, t.unsorted_segment_sum(is_correct, labels, num_classes))
        per_class = t.div_no_nan(count, t.maximum(total, 0))
        mean_accuracy = t.reduce_mean(per_class, name="mean_accuracy")
        add_to_collections(metrics_collections, mean_accuracy)
        update_op = t.div_no_nan(update_count, t.maximum(update_total, 0), name="update_op")
        add_to_collections(updates_collections, update_op)
        return mean_accuracy, update_op


@export("metrics.mean_iou")
def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """Mean intersection-over-union from a running float64 confusion matrix `total_confusion_matrix`;
    classes absent from both labels and predictions are left out of the mean."""
    _check_graph_mode("mean_iou")
    t = tf()
    with t.variable_scope(name, "mean_iou", (predictions, labels, weights)):
        predictions, labels = t.convert_to_tensor(predictions), t.convert_to_tensor(labels)
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        total_cm, update_op = streaming_confusion_matrix(labels, predictions, num_classes, weights)
        sum_over_row = t.cast(t.reduce_sum(total_cm, 0), t.float32)
        sum_over_col = t.cast(t.reduce_sum(total_cm, 1), t.float32)
        cm_diag = t.cast(t.diag_part(total_cm), t.float32)
        denominator = sum_over_row + sum_over_col - cm_diag
        num_valid_entries = t.reduce_sum(t.cast(t.not_equal(denominator, 0), dtype=t.float32))
        denominator = t.where(t.greater(denominator, 0), denominator, t.ones_like(denominator))
        iou = t.divide(cm_diag, denominator)
        result = t.where(t.greater(num_valid_entries, 0),
                         t.reduce_sum(iou, name="mean_iou") / num_valid_entries, 0)
        add_to_collections(metrics_collections, result)
        add_to_collections(updates_collections, update_op)
        return result, update_op


def streaming_confusion_matrix(labels, predictions, num_classes, weights=None):
    t = tf()
    total_cm = metric_variable([num_classes, num_classes], t.float64, name="total_confusion_matrix")
    predictions = _flatten(t.cast(predictions, t.int64))
    labels = _flatten(t.cast(labels, t.int64))
    num_classes = t.cast(num_classes, t.int64)
    if weights is not None:
        weights = t.convert_to_tensor(weights)
        weights = _flatten(weights)
    current_cm = t.confusion_matrix(labels, predictions, num_classes, weights=weights, dtype=t.float64)
    return total_cm, t.assign_add(total_cm, current_cm)
