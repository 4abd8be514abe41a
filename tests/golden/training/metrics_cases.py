"""tf.metrics scenarios run by real TF (metrics_make.py) and by tf1 (tests/training/test_metrics.py).

Each case builds metrics over placeholders in a fresh graph and returns `(metrics, batches)`:
{key: (value, update_op)} and a list of feed dicts keyed by placeholder name. `run_case(tf, name)` feeds
the batches one by one and returns JSON-able facts: the value/update tensor names, the local, metric
and global variables created, and after each batch the update ops' outputs and the values read back.
"""
import numpy as np

_RNG = np.random.RandomState(1234)
N_BATCHES = 3
BATCH = 8
# Binary classification: labels in {0, 1}, probabilities in [0, 1] (some exactly at 0 / 0.5 / 1).
BIN_LABELS = _RNG.randint(0, 2, size=(N_BATCHES, BATCH)).astype(np.int64)
BIN_PROBS = np.round(_RNG.uniform(0, 1, size=(N_BATCHES, BATCH)), 2).astype(np.float32)
BIN_PROBS[0, :3] = [0.0, 0.5, 1.0]
BIN_WEIGHTS = np.round(_RNG.uniform(0, 2, size=(N_BATCHES, BATCH)), 2).astype(np.float32)
BIN_WEIGHTS[1, 2] = 0.0
# Regression.
REG_LABELS = np.round(_RNG.normal(size=(N_BATCHES, BATCH)), 3).astype(np.float32)
REG_PREDS = np.round(REG_LABELS + _RNG.normal(scale=0.5, size=(N_BATCHES, BATCH)), 3).astype(np.float32)
REG_NORMALIZER = np.round(_RNG.uniform(0.5, 2, size=(N_BATCHES, BATCH)), 2).astype(np.float32)
REG_NORMALIZER[2, 1] = 0.0
VEC_A = _RNG.normal(size=(N_BATCHES, BATCH, 3)).astype(np.float32)
VEC_B = _RNG.normal(size=(N_BATCHES, BATCH, 3)).astype(np.float32)
VEC_A /= np.linalg.norm(VEC_A, axis=-1, keepdims=True)
VEC_B /= np.linalg.norm(VEC_B, axis=-1, keepdims=True)
# Multi-class: 4 classes, class 3 never predicted in batch 0.
MC_LABELS = _RNG.randint(0, 4, size=(N_BATCHES, BATCH)).astype(np.int64)
MC_PREDS = np.where(_RNG.uniform(size=(N_BATCHES, BATCH)) < 0.6, MC_LABELS,
                    _RNG.randint(0, 4, size=(N_BATCHES, BATCH))).astype(np.int64)
MC_PREDS[0][MC_PREDS[0] == 3] = 2
# Top-k: scores over 5 classes, 1-3 labels per example (-1 padded) for dense labels.
TOPK_SCORES = np.round(_RNG.uniform(size=(N_BATCHES, BATCH, 5)), 3).astype(np.float32)
TOPK_LABELS = _RNG.randint(0, 5, size=(N_BATCHES, BATCH, 3)).astype(np.int64)
TOPK_LABELS[:, ::3, 2] = -1
TOPK_LABELS[:, 1::4, 1:] = -1
TOPK_LABELS[1, 0, 0] = 7  # out of range: average_precision_at_k drops it
TOPK_ONE_LABEL = _RNG.randint(0, 5, size=(N_BATCHES, BATCH)).astype(np.int64)


def _batches(pairs):
    """Feed dicts for each batch from (placeholder, array of batches) pairs."""
    return [{ph: arr[i] for ph, arr in pairs} for i in range(N_BATCHES)]


def binary(tf):
    labels = tf.placeholder(tf.int64, [BATCH], name="labels")
    probs = tf.placeholder(tf.float32, [BATCH], name="probs")
    weights = tf.placeholder(tf.float32, [BATCH], name="weights")
    hard = tf.greater(probs, 0.5)
    m = tf.metrics
    metrics = {
        "auc": m.auc(labels, probs),
        "auc_w": m.auc(labels, probs, weights=weights, num_thresholds=7),
        "auc_pr": m.auc(labels, probs, curve="PR"),
        "auc_pr_careful": m.auc(labels, probs, curve="PR", summation_method="careful_interpolation"),
        "auc_minoring": m.auc(labels, probs, num_thresholds=11, summation_method="minoring"),
        "auc_majoring": m.auc(labels, probs, num_thresholds=11, summation_method="majoring", name="maj"),
        "auc_thresholds": m.auc(labels, probs, thresholds=[0.75, 0.25, 0.5]),
        "precision": m.precision(labels, hard),
        "precision_w": m.precision(labels, hard, weights=weights),
        "recall": m.recall(labels, hard),
        "recall_w": m.recall(labels, hard, weights=weights),
        "tp": m.true_positives(labels, hard),
        "fp": m.false_positives(labels, hard, weights=weights),
        "tn": m.true_negatives(labels, hard),
        "fn": m.false_negatives(labels, hard, weights=2.0),
        "tp_t": m.true_positives_at_thresholds(labels, probs, [0.0, 0.3, 0.5, 0.9]),
        "fp_t": m.false_positives_at_thresholds(labels, probs, [0.3, 0.5], weights=weights),
        "tn_t": m.true_negatives_at_thresholds(labels, probs, [0.3, 0.5]),
        "fn_t": m.false_negatives_at_thresholds(labels, probs, [0.3, 0.5], weights=weights),
        "prec_t": m.precision_at_thresholds(labels, probs, [0.2, 0.5, 0.8]),
        "rec_t": m.recall_at_thresholds(labels, probs, [0.2, 0.5, 0.8], weights=weights),
        "sens_at_spec": m.sensitivity_at_specificity(labels, probs, 0.6),
        "sens_at_spec_w": m.sensitivity_at_specificity(labels, probs, 0.3, weights=weights, num_thresholds=9),
        "spec_at_sens": m.specificity_at_sensitivity(labels, probs, 0.7),
        "spec_at_sens_w": m.specificity_at_sensitivity(labels, probs, 0.4, weights=weights, num_thresholds=9),
        "accuracy": m.accuracy(labels, tf.cast(hard, tf.int64), weights=weights),
    }
    return metrics, _batches([(labels, BIN_LABELS), (probs, BIN_PROBS), (weights, BIN_WEIGHTS)])


def regression(tf):
    labels = tf.placeholder(tf.float32, [BATCH, 1], name="labels")  # squeezed to predictions' rank
    preds = tf.placeholder(tf.float32, [BATCH], name="preds")
    weights = tf.placeholder(tf.float32, [BATCH], name="weights")
    normalizer = tf.placeholder(tf.float32, [BATCH], name="normalizer")
    va = tf.placeholder(tf.float32, [BATCH, 3], name="va")
    vb = tf.placeholder(tf.float32, [BATCH, 3], name="vb")
    m = tf.metrics
    metrics = {
        "mse": m.mean_squared_error(labels, preds),
        "mse_w": m.mean_squared_error(labels, preds, weights=weights),
        "rmse": m.root_mean_squared_error(labels, preds),
        "rmse_w": m.root_mean_squared_error(labels, preds, weights=weights, name="my_rmse"),
        "mae": m.mean_absolute_error(labels, preds, weights=weights),
        "mre": m.mean_relative_error(tf.squeeze(labels, [1]), preds, normalizer),
        "mean": m.mean(preds),
        "mean_w": m.mean(preds, weights=tf.expand_dims(weights, 1)),
        "mean_tensor": m.mean_tensor(va),
        "mean_tensor_w": m.mean_tensor(va, weights=weights),
        "pct_below": m.percentage_below(preds, 0.25),
        "pct_below_w": m.percentage_below(preds, 0.0, weights=weights),
        "cosine": m.mean_cosine_distance(va, vb, dim=1),
        "cosine_w": m.mean_cosine_distance(va, vb, dim=1, weights=tf.expand_dims(weights, 1)),
    }
    return metrics, _batches([(labels, REG_LABELS[..., None]), (preds, REG_PREDS), (weights, BIN_WEIGHTS),
                               (normalizer, REG_NORMALIZER), (va, VEC_A), (vb, VEC_B)])


def multiclass(tf):
    labels = tf.placeholder(tf.int64, [BATCH], name="labels")
    preds = tf.placeholder(tf.int64, [BATCH], name="preds")
    weights = tf.placeholder(tf.float32, [BATCH], name="weights")
    m = tf.metrics
    metrics = {
        "iou": m.mean_iou(labels, preds, 4),
        "iou_w": m.mean_iou(tf.reshape(labels, [2, 4]), tf.reshape(preds, [2, 4]), 5,
                            weights=tf.reshape(weights, [2, 4])),
        "per_class": m.mean_per_class_accuracy(labels, preds, 4),
        "per_class_w": m.mean_per_class_accuracy(labels, preds, 5, weights=weights),
        "accuracy": m.accuracy(labels, preds),
    }
    return metrics, _batches([(labels, MC_LABELS), (preds, MC_PREDS), (weights, BIN_WEIGHTS)])


def top_k(tf):
    scores = tf.placeholder(tf.float32, [BATCH, 5], name="scores")
    labels = tf.placeholder(tf.int64, [BATCH, 3], name="labels")
    one = tf.placeholder(tf.int64, [BATCH], name="one")
    weights = tf.placeholder(tf.float32, [BATCH], name="weights")
    _, idx = tf.nn.top_k(scores, 3)
    m = tf.metrics
    metrics = {
        "p_at_1": m.precision_at_k(labels, scores, 1),
        "p_at_3": m.precision_at_k(labels, scores, 3),
        "p_at_2_w": m.precision_at_k(labels, scores, 2, weights=weights),
        "p_at_2_class1": m.precision_at_k(labels, scores, 2, class_id=1),
        "r_at_2": m.recall_at_k(labels, scores, 2),
        "r_at_3_class4_w": m.recall_at_k(labels, scores, 3, class_id=4, weights=weights),
        "r_at_2_one": m.recall_at_k(one, scores, 2),
        "p_at_1_one": m.precision_at_k(one, scores, 1, name="p1"),
        "p_top_k": m.precision_at_top_k(labels, idx),
        "r_top_k": m.recall_at_top_k(labels, idx, k=3, class_id=2),
        "ap_at_1": m.average_precision_at_k(labels, scores, 1),
        "ap_at_3": m.average_precision_at_k(labels, scores, 3),
        "ap_at_3_w": m.average_precision_at_k(labels, scores, 3, weights=weights),
        "ap_at_2_one": m.average_precision_at_k(one, scores, 2),
    }
    return metrics, _batches([(scores, TOPK_SCORES), (labels, TOPK_LABELS), (one, TOPK_ONE_LABEL),
                               (weights, BIN_WEIGHTS)])


def top_k_sparse(tf):
    """Labels as a SparseTensor: each row's present entries (no padding)."""
    scores = tf.placeholder(tf.float32, [BATCH, 5], name="scores")
    labels = tf.sparse_placeholder(tf.int64, name="labels")
    m = tf.metrics
    metrics = {
        "p_at_2": m.precision_at_k(labels, scores, 2),
        "r_at_3": m.recall_at_k(labels, scores, 3),
        "r_at_2_class0": m.recall_at_k(labels, scores, 2, class_id=0),
        "ap_at_3": m.average_precision_at_k(labels, scores, 3),
    }
    batches = []
    for i in range(N_BATCHES):
        indices, values = [], []
        for r in range(BATCH):
            for c in range(3):
                if 0 <= TOPK_LABELS[i, r, c] < 5:
                    indices.append([r, c])
                    values.append(TOPK_LABELS[i, r, c])
        batches.append({scores: TOPK_SCORES[i],
                        labels: tf.SparseTensorValue(np.array(indices, np.int64), np.array(values, np.int64),
                                                       np.array([BATCH, 3], np.int64))})
    return metrics, batches


def collections(tf):
    labels = tf.placeholder(tf.int64, [BATCH], name="labels")
    probs = tf.placeholder(tf.float32, [BATCH], name="probs")
    hard = tf.greater(probs, 0.5)
    m = tf.metrics
    with tf.variable_scope("eval"):
        metrics = {
            "auc": m.auc(labels, probs, num_thresholds=4, metrics_collections=["vals"],
                         updates_collections=["ups", tf.GraphKeys.UPDATE_OPS]),
            "precision": m.precision(labels, hard, metrics_collections=["vals"], updates_collections=["ups"]),
            "tp": m.true_positives(labels, hard, metrics_collections=["vals"], updates_collections=["ups"]),
            "mean": m.mean(probs, metrics_collections=["vals"], updates_collections=["ups"], name="avg"),
            "rmse": m.root_mean_squared_error(tf.cast(labels, tf.float32), probs, metrics_collections=["vals"],
                                              updates_collections=["ups"]),
            "p_at_1": m.precision_at_k(tf.expand_dims(labels, 1), tf.stack([1 - probs, probs], 1), 1,
                                       metrics_collections=["vals"], updates_collections=["ups"]),
        }
    return metrics, _batches([(labels, BIN_LABELS), (probs, BIN_PROBS)])


def dynamic_shapes(tf):
    """Batch size unknown while building: counts and thresholds use run-time shapes."""
    labels = tf.placeholder(tf.int64, [None], name="labels")
    probs = tf.placeholder(tf.float32, [None], name="probs")
    weights = tf.placeholder(tf.float32, [None], name="weights")
    hard = tf.cast(tf.greater(probs, 0.5), tf.int64)
    m = tf.metrics
    metrics = {
        "auc_w": m.auc(labels, probs, weights=weights, num_thresholds=9),
        "recall_w": m.recall(labels, hard, weights=weights),
        "spec_at_sens": m.specificity_at_sensitivity(labels, probs, 0.5, num_thresholds=9),
        "per_class_w": m.mean_per_class_accuracy(labels, hard, 2, weights=weights),
        "iou_w": m.mean_iou(labels, hard, 2, weights=weights),
        "mean_w": m.mean(probs, weights=weights),
        "r_at_1": m.recall_at_k(labels, tf.stack([1 - probs, probs], 1), 1),
    }
    return metrics, _batches([(labels, BIN_LABELS), (probs, BIN_PROBS), (weights, BIN_WEIGHTS)])


def binary_head_reference(tf):
    """The eval metrics TF 1.15's binary logistic head builds (canned/head.py), written with tf.metrics
    so the TF 2.x oracle (which has no estimator) can compute them; tf1's test gets the same dict from
    its own BinaryLogisticHead."""
    logits = tf.placeholder(tf.float32, [BATCH, 1], name="logits")
    labels = tf.placeholder(tf.int64, [BATCH, 1], name="labels")
    float_labels = tf.cast(labels, tf.float32)
    logistic = tf.sigmoid(logits)
    class_ids = tf.expand_dims(tf.argmax(tf.concat([tf.zeros_like(logits), logits], -1), axis=-1), -1)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=float_labels, logits=logits)
    m = tf.metrics
    label_mean = m.mean(float_labels, name="label/mean")
    metrics = {"average_loss": m.mean(loss), "accuracy": m.accuracy(float_labels, class_ids),
               "precision": m.precision(float_labels, class_ids), "recall": m.recall(float_labels, class_ids),
               "prediction/mean": m.mean(logistic), "label/mean": label_mean,
               "accuracy_baseline": (tf.maximum(label_mean[0], 1.0 - label_mean[0]),
                                     tf.maximum(label_mean[1], 1.0 - label_mean[1])),
               "auc": m.auc(float_labels, logistic),
               "auc_precision_recall": m.auc(float_labels, logistic, curve="PR")}
    return metrics, head_batches(logits, labels)


def head_batches(logits, labels):
    return _batches([(logits, HEAD_LOGITS), (labels, BIN_LABELS[..., None])])


HEAD_LOGITS = np.round(_RNG.normal(scale=2.0, size=(N_BATCHES, BATCH, 1)), 2).astype(np.float32)

CASES = {"binary": binary, "regression": regression, "multiclass": multiclass, "top_k": top_k,
         "top_k_sparse": top_k_sparse, "collections": collections, "dynamic_shapes": dynamic_shapes}
VALUE_ONLY_CASES = {"binary_head_reference": binary_head_reference}


def _json(x):
    x = np.asarray(x, dtype=np.float64)
    return x.tolist()


def run_case(tf, name):
    g = tf.Graph()
    with g.as_default():
        metrics, batches = dict(CASES, **VALUE_ONLY_CASES)[name](tf)
        return run_metrics(tf, metrics, batches)


def run_metrics(tf, metrics, batches):
    """Facts about `metrics` ({key: (value, update_op)}) in the default graph, fed `batches`."""
    facts = {
        "names": {k: [v.name, u.name] for k, (v, u) in metrics.items()},
        "local_variables": [v.name for v in tf.local_variables()],
        "metric_variables": [v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)],
        "global_variables": [v.name for v in tf.global_variables()],
        "collections": {c: [t.name for t in tf.get_collection(c)] for c in ("vals", "ups", "update_ops")},
        "updates": [], "values": [],
    }
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        facts["initial"] = {k: _json(v) for k, v in sess.run({k: v for k, (v, _) in metrics.items()}).items()}
        for feed in batches:
            ups = sess.run({k: u for k, (_, u) in metrics.items()}, feed)
            facts["updates"].append({k: _json(v) for k, v in ups.items()})
            vals = sess.run({k: v for k, (v, _) in metrics.items()})
            facts["values"].append({k: _json(v) for k, v in vals.items()})
    return facts


def error_cases(tf):
    """Messages of the errors TF raises for bad arguments: {case: "ExceptionType: message"}."""
    out = {}

    def record(key, fn):
        g = tf.Graph()
        with g.as_default():
            try:
                fn()
                out[key] = None
            except Exception as e:  # noqa: BLE001 (recording whatever TF raises)
                out[key] = "%s: %s" % (type(e).__name__, str(e).split("\n")[0])

    c = tf.constant
    record("auc_bad_curve", lambda: tf.metrics.auc(c([1, 0]), c([0.5, 0.2]), curve="XX"))
    record("auc_bad_summation", lambda: tf.metrics.auc(c([1, 0]), c([0.5, 0.2]), summation_method="bogus"))
    record("sens_bad", lambda: tf.metrics.sensitivity_at_specificity(c([1, 0]), c([0.5, 0.2]), 1.5))
    record("spec_bad", lambda: tf.metrics.specificity_at_sensitivity(c([1, 0]), c([0.5, 0.2]), -0.1))
    record("ap_bad_k", lambda: tf.metrics.average_precision_at_k(c([[1]], tf.int64), c([[0.5, 0.2]]), 0))
    record("shape_mismatch", lambda: tf.metrics.precision(c([1, 0, 1]), c([True, False])))
    record("mse_shape_mismatch", lambda: tf.metrics.mean_squared_error(c([1.0, 0.0, 1.0]), c([1.0, 2.0])))
    record("weights_not_broadcastable", lambda: tf.metrics.mean(c([1.0, 2.0, 3.0]), weights=c([1.0, 2.0])))
    record("at_k_labels_rank", lambda: tf.metrics.precision_at_k(c([[[1]]], tf.int64), c([0.5, 0.2]), 1))

    def out_of_range():
        v, u = tf.metrics.auc(c([1, 0]), c([0.5, 1.5]))
        with tf.Session() as s:
            s.run(tf.local_variables_initializer())
            s.run(u)
    record("auc_predictions_out_of_range", out_of_range)
    return out
