"""`tf.metrics` built on confusion counts (TF 1.15 metrics_impl): true/false positives/negatives (plain
and at thresholds), precision, recall, auc, sensitivity_at_specificity, specificity_at_sensitivity.

Counts at thresholds are float32 variables of shape [num_thresholds] (`true_positives`,
`false_negatives`, `true_negatives`, `false_positives`, created in that order); a prediction is positive
at threshold t when prediction > t."""
from ..api import export, public as tf
from .losses_impl import broadcast_weights
from .metrics_impl import (_check_graph_mode, add_to_collections, metric_variable,
                           remove_squeezable_dimensions)

_ALL_INCLUDES = ("tp", "fn", "tn", "fp")
_COUNT_NAMES = {"tp": "true_positives", "fn": "false_negatives", "tn": "true_negatives",
                "fp": "false_positives"}


def confusion_matrix_at_thresholds(labels, predictions, thresholds, weights=None, includes=None):
    """Returns ({key: variable}, {key: update op}) for the requested keys of tp/fn/tn/fp."""
    t = tf()
    if includes is None:
        includes = _ALL_INCLUDES
    else:
        for include in includes:
            if include not in _ALL_INCLUDES:
                raise ValueError("Invalid key: %s." % include)
    predictions = t.convert_to_tensor(predictions)
    with t.control_dependencies([
            t.assert_greater_equal(predictions, t.cast(0.0, dtype=predictions.dtype),
                                   message="predictions must be in [0, 1]"),
            t.assert_less_equal(predictions, t.cast(1.0, dtype=predictions.dtype),
                                message="predictions must be in [0, 1]")]):
        predictions, labels, weights = remove_squeezable_dimensions(
            t.cast(predictions, t.float32), t.cast(labels, dtype=t.bool), weights)
    num_thresholds = len(thresholds)
    predictions_2d = t.reshape(predictions, [-1, 1])
    labels_2d = t.reshape(t.cast(labels, dtype=t.bool), [1, -1])
    num_predictions = predictions_2d.get_shape().as_list()[0]
    if num_predictions is None:
        num_predictions = t.shape(predictions_2d)[0]
    thresh_tiled = t.tile(t.expand_dims(t.constant(thresholds, t.float32), [1]),
                          t.stack([1, num_predictions]))
    pred_is_pos = t.greater(t.tile(t.transpose(predictions_2d), [num_thresholds, 1]), thresh_tiled)
    pred_is_neg = t.logical_not(pred_is_pos) if ("fn" in includes or "tn" in includes) else None
    label_is_pos = t.tile(labels_2d, [num_thresholds, 1])
    label_is_neg = t.logical_not(label_is_pos) if ("fp" in includes or "tn" in includes) else None
    weights_tiled = None
    if weights is not None:
        weights = broadcast_weights(t.cast(weights, t.float32), predictions)
        weights_tiled = t.tile(t.reshape(weights, [1, -1]), [num_thresholds, 1])
        thresh_tiled.get_shape().assert_is_compatible_with(weights_tiled.get_shape())
    conditions = {"tp": (label_is_pos, pred_is_pos), "fn": (label_is_pos, pred_is_neg),
                  "tn": (label_is_neg, pred_is_neg), "fp": (label_is_neg, pred_is_pos)}
    values, update_ops = {}, {}
    for key in _ALL_INCLUDES:  # TF's creation order, whatever order `includes` lists
        if key not in includes:
            continue
        var = metric_variable([num_thresholds], t.float32, name=_COUNT_NAMES[key])
        hits = t.cast(t.logical_and(*conditions[key]), t.float32)
        if weights_tiled is not None:
            hits *= weights_tiled
        update_ops[key] = t.assign_add(var, t.reduce_sum(hits, 1))
        values[key] = var
    return values, update_ops


def _read(var, metrics_collections):
    """TF reads a count through the replica context's `read_var`: an Identity of the variable."""
    value = tf().identity(var)
    add_to_collections(metrics_collections, value)
    return value


def _count_condition(values, weights, metrics_collections, updates_collections):
    t = tf()
    t.assert_type(values, t.bool)
    count = metric_variable([], t.float32, name="count")
    values = t.cast(values, t.float32)
    if weights is not None:
        with t.control_dependencies((t.assert_rank_in(weights, (0, t.rank(values))),)):
            weights = t.cast(weights, t.float32)
            values = t.multiply(values, weights)
    value_tensor = _read(count, metrics_collections)
    update_op = t.assign_add(count, t.reduce_sum(values))
    add_to_collections(updates_collections, update_op)
    return value_tensor, update_op


def _make_count(scope_name, label_value, prediction_value):
    def count(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
              name=None):
        _check_graph_mode(scope_name)
        t = tf()
        with t.variable_scope(name, scope_name, (predictions, labels, weights)):
            predictions, labels, weights = remove_squeezable_dimensions(
                t.cast(predictions, dtype=t.bool), t.cast(labels, dtype=t.bool), weights)
            condition = t.logical_and(t.equal(labels, label_value), t.equal(predictions, prediction_value))
            return _count_condition(condition, weights, metrics_collections, updates_collections)
    count.__name__ = scope_name
    count.__doc__ = "Sums the weights of cases that are %s." % scope_name.replace("_", " ")
    return export("metrics." + scope_name)(count)


def _make_count_at_thresholds(key):
    scope_name = _COUNT_NAMES[key]

    def count(labels, predictions, thresholds, weights=None, metrics_collections=None,
              updates_collections=None, name=None):
        _check_graph_mode(scope_name + "_at_thresholds")
        t = tf()
        with t.variable_scope(name, scope_name, (predictions, labels, weights)):
            values, update_ops = confusion_matrix_at_thresholds(labels, predictions, thresholds,
                                                                weights=weights, includes=(key,))
            value = _read(values[key], metrics_collections)
            add_to_collections(updates_collections, update_ops[key])
            return value, update_ops[key]
    count.__name__ = scope_name + "_at_thresholds"
    return export("metrics.%s_at_thresholds" % scope_name)(count)


true_positives = _make_count("true_positives", True, True)
false_positives = _make_count("false_positives", False, True)
true_negatives = _make_count("true_negatives", False, False)
false_negatives = _make_count("false_negatives", True, False)
true_positives_at_thresholds = _make_count_at_thresholds("tp")
false_positives_at_thresholds = _make_count_at_thresholds("fp")
true_negatives_at_thresholds = _make_count_at_thresholds("tn")
false_negatives_at_thresholds = _make_count_at_thresholds("fn")


def _ratio_metric(scope_name, other_count, labels, predictions, weights, metrics_collections,
                  updates_collections, name):
    """precision = tp / (tp + fp), recall = tp / (tp + fn); 0 while the denominator is 0."""
    t = tf()
    with t.variable_scope(name, scope_name, (predictions, labels, weights)):
        predictions, labels, weights = remove_squeezable_dimensions(
            t.cast(predictions, dtype=t.bool), t.cast(labels, dtype=t.bool), weights)
        true_p, true_p_update = true_positives(labels, predictions, weights)
        other, other_update = other_count(labels, predictions, weights)

        def ratio(tp, o, op_name):
            return t.where(t.greater(tp + o, 0), t.divide(tp, tp + o), 0, op_name)
        value = ratio(true_p, other, "value")
        add_to_collections(metrics_collections, value)
        update_op = ratio(true_p_update, other_update, "update_op")
        add_to_collections(updates_collections, update_op)
        return value, update_op


@export("metrics.precision")
def precision(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
              name=None):
    _check_graph_mode("precision")
    return _ratio_metric("precision", false_positives, labels, predictions, weights, metrics_collections,
                         updates_collections, name)


@export("metrics.recall")
def recall(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
           name=None):
    _check_graph_mode("recall")
    return _ratio_metric("recall", false_negatives, labels, predictions, weights, metrics_collections,
                         updates_collections, name)


def _ratio_at_thresholds(scope_name, other_key, labels, predictions, thresholds, weights,
                         metrics_collections, updates_collections, name):
    """precision/recall per threshold: tp / (1e-7 + tp + other)."""
    t = tf()
    with t.variable_scope(name, scope_name + "_at_thresholds", (predictions, labels, weights)):
        values, update_ops = confusion_matrix_at_thresholds(labels, predictions, thresholds, weights,
                                                            includes=("tp", other_key))
        epsilon = 1e-7

        def ratio(tp, other, suffix):
            return t.divide(tp, epsilon + tp + other, name="%s_%s" % (scope_name, suffix))
        value = ratio(values["tp"], values[other_key], "value")
        add_to_collections(metrics_collections, value)
        update_op = ratio(update_ops["tp"], update_ops[other_key], "update_op")
        add_to_collections(updates_collections, update_op)
        return value, update_op


@export("metrics.precision_at_thresholds")
def precision_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    _check_graph_mode("precision_at_thresholds")
    return _ratio_at_thresholds("precision", "fp", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections, name)


@export("metrics.recall_at_thresholds")
def recall_at_thresholds(labels, predictions, thresholds, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    _check_graph_mode("recall_at_thresholds")
    return _ratio_at_thresholds("recall", "fn", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections, name)


def _interpolate_pr_auc(tp, fp, fn, num_thresholds):
    """Davis & Goadrich's interpolation of the PR curve between adjacent thresholds."""
    t = tf()
    n = num_thresholds - 1
    dtp = tp[:n] - tp[1:]
    p = tp + fp
    prec_slope = t.div_no_nan(dtp, t.maximum(p[:n] - p[1:], 0), name="prec_slope")
    intercept = tp[1:] - t.multiply(prec_slope, p[1:])
    safe_p_ratio = t.where(t.logical_and(p[:n] > 0, p[1:] > 0),
                           t.div_no_nan(p[:n], t.maximum(p[1:], 0), name="recall_relative_ratio"),
                           t.ones_like(p[1:]))
    return t.reduce_sum(t.div_no_nan(prec_slope * (dtp + intercept * t.log(safe_p_ratio)),
                                     t.maximum(tp[1:] + fn[1:], 0), name="pr_auc_increment"),
                        name="interpolate_pr_auc")


# How each summation method combines the curve's heights at the two ends of an interval.
_SUMMATION_HEIGHTS = {"trapezoidal": lambda t, a, b: (a + b) / 2.0,
                      "careful_interpolation": lambda t, a, b: (a + b) / 2.0,
                      "minoring": lambda t, a, b: t.minimum(a, b),
                      "majoring": lambda t, a, b: t.maximum(a, b)}


@export("metrics.auc")
def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None,
        updates_collections=None, curve="ROC", name=None, summation_method="trapezoidal",
        thresholds=None):
    """Riemann-sum area under the ROC or PR curve over `num_thresholds` evenly spaced thresholds
    (or the given `thresholds`, plus -1e-7 and 1+1e-7 at the ends)."""
    _check_graph_mode("auc")
    t = tf()
    with t.variable_scope(name, "auc", (labels, predictions, weights)):
        if curve != "ROC" and curve != "PR":
            raise ValueError("curve must be either ROC or PR, %s unknown" % curve)
        kepsilon = 1e-7
        if thresholds is not None:
            thresholds = sorted(thresholds)
            num_thresholds = len(thresholds) + 2
        else:
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - kepsilon] + list(thresholds) + [1.0 + kepsilon]
        values, update_ops = confusion_matrix_at_thresholds(labels, predictions, thresholds, weights)
        epsilon = 1.0e-6
        n = num_thresholds - 1

        def compute_auc(tp, fn, tn, fp, op_name):
            if curve == "PR":
                if summation_method == "trapezoidal":
                    t.logging.warning("Trapezoidal rule is known to produce incorrect PR-AUCs; please "
                                      "switch to \"careful_interpolation\" instead.")
                elif summation_method == "careful_interpolation":
                    return _interpolate_pr_auc(tp, fp, fn, num_thresholds)
            rec = t.divide(tp + epsilon, tp + fn + epsilon)
            if curve == "ROC":
                x, y = t.divide(fp, fp + tn + epsilon), rec
            else:
                x, y = rec, t.divide(tp + epsilon, tp + fp + epsilon)
            if summation_method not in _SUMMATION_HEIGHTS:
                raise ValueError("Invalid summation_method: %s" % summation_method)
            height = _SUMMATION_HEIGHTS[summation_method](t, y[:n], y[1:])
            return t.reduce_sum(t.multiply(x[:n] - x[1:], height), name=op_name)

        value = compute_auc(values["tp"], values["fn"], values["tn"], values["fp"], "value")
        add_to_collections(metrics_collections, value)
        update_op = compute_auc(update_ops["tp"], update_ops["fn"], update_ops["tn"], update_ops["fp"],
                                "update_op")
        add_to_collections(updates_collections, update_op)
        return value, update_op


def _even_thresholds(num_thresholds, top):
    kepsilon = 1e-7
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - kepsilon] + inner + [top]


@export("metrics.sensitivity_at_specificity")
def sensitivity_at_specificity(labels, predictions, specificity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """Sensitivity at the threshold whose specificity is closest to `specificity` (first on ties)."""
    _check_graph_mode("sensitivity_at_specificity")
    if specificity < 0 or specificity > 1:
        raise ValueError("`specificity` must be in the range [0, 1].")
    t = tf()
    with t.variable_scope(name, "sensitivity_at_specificity", (predictions, labels, weights)):
        kepsilon = 1e-7
        values, update_ops = confusion_matrix_at_thresholds(
            labels, predictions, _even_thresholds(num_thresholds, 1.0 + kepsilon), weights)

        def compute(tp, tn, fp, fn, op_name):
            specificities = t.divide(tn, tn + fp + kepsilon)
            index = t.cast(t.argmin(t.abs(specificities - specificity), 0), t.int32)
            return t.divide(tp[index], tp[index] + fn[index] + kepsilon, op_name)

        value = compute(values["tp"], values["tn"], values["fp"], values["fn"], "value")
        add_to_collections(metrics_collections, value)
        update_op = compute(update_ops["tp"], update_ops["tn"], update_ops["fp"], update_ops["fn"],
                            "update_op")
        add_to_collections(updates_collections, update_op)
        return value, update_op


@export("metrics.specificity_at_sensitivity")
def specificity_at_sensitivity(labels, predictions, sensitivity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """Specificity at the threshold whose sensitivity is closest to `sensitivity` (last on ties)."""
    _check_graph_mode("specificity_at_sensitivity")
    if sensitivity < 0 or sensitivity > 1:
        raise ValueError("`sensitivity` must be in the range [0, 1].")
    t = tf()
    with t.variable_scope(name, "specificity_at_sensitivity", (predictions, labels, weights)):
        kepsilon = 1e-7
        values, update_ops = confusion_matrix_at_thresholds(
            labels, predictions, _even_thresholds(num_thresholds, 1.0 - kepsilon), weights)

        def compute(tp, tn, fp, fn, op_name):
            sensitivities = t.divide(tp, tp + fn + kepsilon)
            distance = t.abs(sensitivities - sensitivity)
            # argmax of the running count of minima: the LAST index where the minimum is reached.
            at_min = t.cumsum(t.cast(t.equal(distance, t.reduce_min(distance)), t.int64))
            index = t.cast(t.argmax(at_min, 0), t.int32)
            return t.divide(tn[index], tn[index] + fp[index] + kepsilon, op_name)

        value = compute(values["tp"], values["tn"], values["fp"], values["fn"], "value")
        add_to_collections(metrics_collections, value)
        update_op = compute(update_ops["tp"], update_ops["tn"], update_ops["fp"], update_ops["fn"],
                            "update_op")
        add_to_collections(updates_collections, update_op)
        return value, update_op
