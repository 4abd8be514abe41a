"""`tf.metrics` over top-k class predictions with sparse (class id) labels, as TF 1.15 defines them:
precision_at_k / precision_at_top_k, recall_at_k / recall_at_top_k, average_precision_at_k (+ the
deprecated `sparse_*` names).

TF counts with set operations per row: tp = |top_k ∩ labels|, fp = |top_k \\ labels|, fn = |labels \\
top_k| over the distinct values of each row (a dense label row's -1 padding is a value like any other).
tf1 computes the same counts with dense comparisons: a SparseTensor of labels becomes a dense row plus
a mask of present entries. Counts are float64 variables named after their name scope
(`precision_at_5/true_positive_at_5`)."""
from ..api import export, public as tf
from .metrics_impl import add_to_collections, metric_variable


def _at_k_name(name, k=None, class_id=None):
    name = "%s_at_%d" % (name, k) if k is not None else "%s_at_k" % name
    if class_id is not None:
        name = "%s_class%d" % (name, class_id)
    return name


class _LabelRows:
    """Labels as dense int64 rows `[D1..DN, L]` and a bool mask of the entries that are present."""

    def __init__(self, labels, predictions_idx):
        t = tf()
        self.sparse = isinstance(labels, (t.SparseTensor, t.SparseTensorValue))
        if self.sparse:
            labels = t.SparseTensor.from_value(labels) if isinstance(labels, t.SparseTensorValue) else labels
            self.values = t.sparse.to_dense(t.cast(labels, t.int64) if labels.dtype != t.int64 else labels,
                                            default_value=-1)
            present = t.SparseTensor(labels.indices, t.ones_like(labels.values, t.bool), labels.dense_shape)
            self.present = t.sparse.to_dense(present, default_value=False)
        else:
            self.values = t.cast(t.convert_to_tensor(labels), t.int64)
            self.present = t.ones_like(self.values, t.bool)
        self._expand_to(predictions_idx)

    def _expand_to(self, predictions_idx):
        """TF's _maybe_expand_labels: labels of rank N for predictions of rank N+1 get a last dim."""
        t = tf()
        labels_rank, predictions_rank = self.values.get_shape().ndims, predictions_idx.get_shape().ndims
        if labels_rank is None or predictions_rank is None or predictions_rank == labels_rank:
            return
        if predictions_rank == labels_rank + 1:
            self.values, self.present = t.expand_dims(self.values, -1), t.expand_dims(self.present, -1)
            return
        raise ValueError("Unexpected labels shape %s for predictions shape %s." % (
            self.values.get_shape(), predictions_idx.get_shape()))


def _first_occurrences(values, present):
    """Mask of the entries of each row that are present and not a repeat of an earlier entry."""
    t = tf()
    same = t.logical_and(t.equal(t.expand_dims(values, -1), t.expand_dims(values, -2)),
                         t.logical_and(t.expand_dims(present, -1), t.expand_dims(present, -2)))
    n = t.shape(values)[-1]
    earlier = t.less(t.expand_dims(t.range(n), 0), t.expand_dims(t.range(n), 1))  # [a, b]: b < a
    repeat = t.reduce_any(t.logical_and(same, earlier), axis=-1)
    return t.logical_and(present, t.logical_not(repeat))


def _row_counts(labels, predictions_idx, class_id):
    """Per-row float64 (tp, fp, fn) of the top-k ids against the label set."""
    t = tf()
    preds = t.cast(predictions_idx, t.int64)
    if class_id is not None:
        # TF keeps only `class_id` in both sets: each row then holds {class_id} or nothing.
        in_labels = t.reduce_any(t.logical_and(t.equal(labels.values, class_id), labels.present), axis=-1)
        in_preds = t.reduce_any(t.equal(preds, class_id), axis=-1)
        tp = t.logical_and(in_preds, in_labels)
        fp = t.logical_and(in_preds, t.logical_not(in_labels))
        fn = t.logical_and(in_labels, t.logical_not(in_preds))
        return [t.cast(c, t.float64) for c in (tp, fp, fn)]
    match = t.logical_and(t.equal(t.expand_dims(preds, -1), t.expand_dims(labels.values, -2)),
                          t.expand_dims(labels.present, -2))  # [..., k, L]
    pred_hit, label_hit = t.reduce_any(match, axis=-1), t.reduce_any(match, axis=-2)
    pred_first = _first_occurrences(preds, t.ones_like(preds, t.bool))
    label_first = _first_occurrences(labels.values, labels.present)

    def count(mask):
        return t.cast(t.reduce_sum(t.cast(mask, t.int64), axis=-1), t.float64)
    return (count(t.logical_and(pred_first, pred_hit)), count(t.logical_and(pred_first, t.logical_not(pred_hit))),
            count(t.logical_and(label_first, t.logical_not(label_hit))))


def _streaming_count(per_row, weights, scope_name):
    """A float64 variable named after its scope, incremented by the (weighted) sum of `per_row`."""
    t = tf()
    with t.name_scope(None, scope_name, (per_row, weights)) as scope:
        if weights is not None:
            per_row = t.multiply(per_row, t.cast(weights, t.float64))
        batch_total = t.cast(t.reduce_sum(per_row), t.float64)
        var = metric_variable([], t.float64, name=scope)
        return var, t.assign_add(var, batch_total, name="update")


def _ratio_at_top_k(metric, other, labels, predictions_idx, k, class_id, weights, metrics_collections,
                    updates_collections, name):
    t = tf()
    with t.name_scope(name, _at_k_name(metric, k, class_id=class_id), (predictions_idx, labels, weights)) \
            as scope:
        predictions_idx = t.convert_to_tensor(predictions_idx)
        labels = _LabelRows(labels, predictions_idx)
        tp_rows, fp_rows, fn_rows = _row_counts(labels, predictions_idx, class_id)
        other_rows = {"false_positive": fp_rows, "false_negative": fn_rows}[other]
        tp, tp_update = _streaming_count(tp_rows, weights, _at_k_name("true_positive", k, class_id))
        o, o_update = _streaming_count(other_rows, weights, _at_k_name(other, k, class_id))
        value = t.divide(tp, t.add(tp, o), name=scope)
        add_to_collections(metrics_collections, value)
        update = t.divide(tp_update, t.add(tp_update, o_update), name="update")
        add_to_collections(updates_collections, update)
        return value, update


@export("metrics.precision_at_top_k")
def precision_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    return _ratio_at_top_k("precision", "false_positive", labels, predictions_idx, k, class_id, weights,
                           metrics_collections, updates_collections, name)


@export("metrics.recall_at_top_k")
def recall_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    return _ratio_at_top_k("recall", "false_negative", labels, predictions_idx, k, class_id, weights,
                           metrics_collections, updates_collections, name)


@export("metrics.precision_at_k")
def precision_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    t = tf()
    with t.name_scope(name, _at_k_name("precision", k, class_id=class_id), (predictions, labels, weights)) \
            as scope:
        _, top_k_idx = t.nn.top_k(predictions, k)
        return precision_at_top_k(labels, top_k_idx, k, class_id, weights, metrics_collections,
                                  updates_collections, name=scope)


@export("metrics.recall_at_k")
def recall_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                updates_collections=None, name=None):
    t = tf()
    with t.name_scope(name, _at_k_name("recall", k, class_id=class_id), (predictions, labels, weights)) \
            as scope:
        _, top_k_idx = t.nn.top_k(predictions, k)
        return recall_at_top_k(labels, top_k_idx, k, class_id, weights, metrics_collections,
                               updates_collections, name=scope)


@export("metrics.sparse_precision_at_k")
def sparse_precision_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                          updates_collections=None, name=None):
    """Deprecated alias of precision_at_k."""
    return precision_at_k(labels, predictions, k, class_id, weights, metrics_collections, updates_collections,
                          name)


def _average_precision_rows(labels, predictions_idx, k):
    """Per-row average precision of the ranked ids: sum of precision@i over relevant positions i,
    divided by min(number of relevant ids, k)."""
    t = tf()
    preds = t.cast(predictions_idx, t.int64)
    match = t.logical_and(t.equal(t.expand_dims(preds, -1), t.expand_dims(labels.values, -2)),
                          t.expand_dims(labels.present, -2))
    relevant = t.cast(t.reduce_any(match, axis=-1), t.int64)
    tp_per_k = t.cumsum(relevant, axis=-1)
    retrieved_per_k = t.cumsum(t.ones_like(relevant), axis=-1)
    precision_per_k = t.divide(t.cast(tp_per_k, t.float64), t.cast(retrieved_per_k, t.float64))
    precision_sum = t.reduce_sum(precision_per_k * t.cast(relevant, t.float64), axis=(-1,))
    if labels.sparse:  # TF: set_size, the distinct ids present in the row
        valid = _first_occurrences(labels.values, labels.present)
    else:  # TF: the ids >= 0, repeats included
        valid = t.greater_equal(labels.values, 0)
    num_relevant = t.minimum(t.reduce_sum(t.cast(valid, t.int64), axis=-1), k)
    return t.divide(precision_sum, t.cast(num_relevant, t.float64))


@export("metrics.average_precision_at_k")
def average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None,
                           updates_collections=None, name=None):
    """Mean over examples of the average precision of the top k (labels >= the number of classes
    are dropped first, as in TF)."""
    t = tf()
    if k < 1:
        raise ValueError("Invalid k=%s." % k)
    with t.name_scope(name, _at_k_name("average_precision", k), (predictions, labels, weights)) as scope:
        predictions = t.convert_to_tensor(predictions)
        _, predictions_idx = t.nn.top_k(predictions, k)
        labels = _LabelRows(labels, predictions_idx)
        num_classes = t.cast(t.shape(predictions)[-1], t.int64)
        # TF's _clean_out_of_range_indices: when the largest id is >= num_classes, such ids become -1.
        any_out_of_range = t.greater_equal(t.reduce_max(labels.values), num_classes)
        labels.values = t.where(t.logical_and(any_out_of_range, t.greater_equal(labels.values, num_classes)),
                                -t.ones_like(labels.values), labels.values)
        average_precision = _average_precision_rows(labels, predictions_idx, k)
        if weights is not None:
            weights = t.cast(weights, t.float64) * t.ones_like(average_precision)
            average_precision = t.multiply(average_precision, weights)
        with t.name_scope(None, "max", (average_precision,)) as max_scope:
            max_var = metric_variable([], t.float64, name=max_scope)
            if weights is None:
                batch_max = t.cast(t.size(average_precision, name="batch_max"), t.float64)
            else:
                batch_max = t.reduce_sum(weights, name="batch_max")
            max_update = t.assign_add(max_var, batch_max, name="update")
        with t.name_scope(None, "total", (average_precision,)) as total_scope:
            total_var = metric_variable([], t.float64, name=total_scope)
            batch_total = t.reduce_sum(average_precision, name="batch_total")
            total_update = t.assign_add(total_var, batch_total, name="update")
        value = t.div_no_nan(total_var, max_var, name="mean")
        add_to_collections(metrics_collections, value)
        update = t.div_no_nan(total_update, max_update, name=scope)
        add_to_collections(updates_collections, update)
        return value, update


@export("metrics.sparse_average_precision_at_k")
def sparse_average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None,
                                  updates_collections=None, name=None):
    """Deprecated alias of average_precision_at_k."""
    return average_precision_at_k(labels, predictions, k, weights, metrics_collections, updates_collections,
                                  name)
