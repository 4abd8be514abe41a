"""tf.contrib.metrics streaming aliases and the binary canned head's eval metrics, checked against the
real-TF goldens of tests/golden/training/metrics_golden.json (metrics_make.py / metrics_cases.py):
contrib's wrappers must give exactly what tf.metrics gives (TF 2.x has no contrib), and the head the
metrics TF 1.15's binary logistic head defines."""
import inspect
import json
import os
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "training"))
import metrics_cases as mc  # noqa: E402

import tf1 as tf  # noqa: E402

with open(os.path.join(os.path.dirname(HERE), "golden", "training", "metrics_golden.json")) as _f:
    GOLDEN = json.load(_f)["cases"]


def _assert_values(facts, case, keys):
    """`facts` (run_metrics output, keyed like `keys`' values) match golden `case` after each batch."""
    want = GOLDEN[case]
    for i in range(mc.N_BATCHES):
        for stage in ("updates", "values"):
            for got_key, want_key in keys.items():
                np.testing.assert_allclose(facts[stage][i][got_key], want[stage][i][want_key], rtol=1e-5,
                                           atol=1e-6, err_msg="%s %s batch %d" % (got_key, stage, i))


def test_streaming_binary_metrics_swap_argument_order():
    cm = tf.contrib.metrics
    with tf.Graph().as_default():
        labels = tf.placeholder(tf.int64, [mc.BATCH], name="labels")
        probs = tf.placeholder(tf.float32, [mc.BATCH], name="probs")
        weights = tf.placeholder(tf.float32, [mc.BATCH], name="weights")
        hard = tf.greater(probs, 0.5)
        metrics = {
            "auc": cm.streaming_auc(probs, labels),
            "auc_pr_careful": cm.streaming_auc(probs, labels, curve="PR", summation_method="careful_interpolation"),
            "auc_w": cm.streaming_auc(probs, labels, weights, 7),
            "precision_w": cm.streaming_precision(hard, labels, weights=weights),
            "recall": cm.streaming_recall(hard, labels),
            "tp": cm.streaming_true_positives(hard, labels),
            "fn": cm.streaming_false_negatives(hard, labels, 2.0),
            "accuracy": cm.streaming_accuracy(tf.cast(hard, tf.int64), labels, weights),
            "prec_t": cm.streaming_precision_at_thresholds(probs, labels, [0.2, 0.5, 0.8]),
            "spec_at_sens": cm.streaming_specificity_at_sensitivity(probs, labels, 0.7),
        }
        facts = mc.run_metrics(tf, metrics, mc._batches([(labels, mc.BIN_LABELS), (probs, mc.BIN_PROBS),
                                                         (weights, mc.BIN_WEIGHTS)]))
    assert facts["names"]["auc"] == ["auc/value:0", "auc/update_op:0"]
    assert facts["names"]["precision_w"] == ["precision/value:0", "precision/update_op:0"]
    assert "precision/true_positives/count:0" in facts["local_variables"]
    _assert_values(facts, "binary", {k: k for k in metrics})


def test_streaming_regression_and_multiclass_metrics():
    cm = tf.contrib.metrics
    with tf.Graph().as_default():
        labels = tf.placeholder(tf.float32, [mc.BATCH, 1], name="labels")
        preds = tf.placeholder(tf.float32, [mc.BATCH], name="preds")
        weights = tf.placeholder(tf.float32, [mc.BATCH], name="weights")
        normalizer = tf.placeholder(tf.float32, [mc.BATCH], name="normalizer")
        va = tf.placeholder(tf.float32, [mc.BATCH, 3], name="va")
        vb = tf.placeholder(tf.float32, [mc.BATCH, 3], name="vb")
        metrics = {
            "mse_w": cm.streaming_mean_squared_error(preds, labels, weights),
            "rmse": cm.streaming_root_mean_squared_error(preds, labels),
            "mae": cm.streaming_mean_absolute_error(preds, labels, weights=weights),
            "mre": cm.streaming_mean_relative_error(preds, tf.squeeze(labels, [1]), normalizer),
            "mean_w": cm.streaming_mean(preds, tf.expand_dims(weights, 1)),
            "mean_tensor": cm.streaming_mean_tensor(va),
            "pct_below": cm.streaming_percentage_less(preds, 0.25),
            "cosine": cm.streaming_mean_cosine_distance(vb, va, 1),
        }
        facts = mc.run_metrics(tf, metrics, mc._batches([
            (labels, mc.REG_LABELS[..., None]), (preds, mc.REG_PREDS), (weights, mc.BIN_WEIGHTS),
            (normalizer, mc.REG_NORMALIZER), (va, mc.VEC_A), (vb, mc.VEC_B)]))
    _assert_values(facts, "regression", {k: k for k in metrics})
    with tf.Graph().as_default():
        labels = tf.placeholder(tf.int64, [mc.BATCH], name="labels")
        preds = tf.placeholder(tf.int64, [mc.BATCH], name="preds")
        metrics = {"iou": cm.streaming_mean_iou(preds, labels, 4)}
        facts = mc.run_metrics(tf, metrics, mc._batches([(labels, mc.MC_LABELS), (preds, mc.MC_PREDS)]))
    assert facts["local_variables"] == ["mean_iou/total_confusion_matrix:0"]
    _assert_values(facts, "multiclass", {"iou": "iou"})


def test_streaming_sparse_at_k():
    cm = tf.contrib.metrics
    with tf.Graph().as_default():
        scores = tf.placeholder(tf.float32, [mc.BATCH, 5], name="scores")
        labels = tf.placeholder(tf.int64, [mc.BATCH, 3], name="labels")
        weights = tf.placeholder(tf.float32, [mc.BATCH], name="weights")
        _, idx = tf.nn.top_k(scores, 3)
        metrics = {"p_at_2_w": cm.streaming_sparse_precision_at_k(scores, labels, 2, weights=weights),
                   "r_at_2": cm.streaming_sparse_recall_at_k(scores, labels, 2),
                   "p_top_k": cm.streaming_sparse_precision_at_top_k(idx, labels),
                   "ap_at_3": cm.streaming_sparse_average_precision_at_k(scores, labels, 3)}
        facts = mc.run_metrics(tf, metrics, mc._batches([(scores, mc.TOPK_SCORES), (labels, mc.TOPK_LABELS),
                                                         (weights, mc.BIN_WEIGHTS)]))
    assert facts["names"]["p_at_2_w"] == ["precision_at_2:0", "precision_at_2/update:0"]
    _assert_values(facts, "top_k", {k: k for k in metrics})


def test_streaming_recall_at_k_is_a_mean_of_in_top_k():
    with tf.Graph().as_default():
        scores = tf.constant([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.3, 0.3, 0.4]])
        value, update = tf.contrib.metrics.streaming_recall_at_k(scores, tf.constant([2, 0, 1]), 2,
                                                                 weights=tf.constant([1.0, 2.0, 1.0]))
        assert (value.name, update.name) == ("recall_at_2/value:0", "recall_at_2/update_op:0")
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            # in top 2: row 0 (0.2 is 2nd) yes, row 1 yes, row 2 (0.3 ties at 0.3: in_top_k counts ties) yes
            assert sess.run(update) == pytest.approx(1.0)


def test_streaming_signatures_are_contribs():
    cm = tf.contrib.metrics
    assert tf.contrib.slim.metrics.streaming_auc is cm.streaming_auc  # slim.metrics is contrib.metrics
    assert list(inspect.signature(cm.streaming_auc).parameters) == [
        "predictions", "labels", "weights", "num_thresholds", "metrics_collections", "updates_collections",
        "curve", "name", "summation_method"]
    assert list(inspect.signature(cm.streaming_mean_iou).parameters) == [
        "predictions", "labels", "num_classes", "weights", "metrics_collections", "updates_collections", "name"]
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="unexpected keyword argument 'thresholds'"):
            cm.streaming_auc([0.5], [1], thresholds=[0.5])
        with pytest.raises(TypeError, match="missing a required argument: 'labels'"):
            cm.streaming_precision([True])


def test_aggregate_metrics_and_map():
    cm = tf.contrib.metrics
    with tf.Graph().as_default():
        m1 = cm.streaming_mean(tf.constant([1.0, 3.0]))
        m2 = cm.streaming_accuracy(tf.constant([1, 0]), tf.constant([1, 1]))
        values, updates = cm.aggregate_metrics(m1, m2)
        assert values == [m1[0], m2[0]] and updates == [m1[1], m2[1]]
        names_to_values, names_to_updates = cm.aggregate_metric_map({"mean": m1, "acc": m2})
        assert names_to_values == {"mean": m1[0], "acc": m2[0]}
        assert names_to_updates == {"mean": m1[1], "acc": m2[1]}
        count, count_update = cm.count(tf.constant([[1.0, 2.0], [3.0, 4.0]]), weights=tf.constant([0.5, 2.0]))
        assert count.name == "count/count:0"
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            assert sess.run(updates) == [2.0, 0.5]
            # weights [2] expand to [2, 1] against values [2, 2]: 0.5 + 0.5 + 2 + 2 per run
            assert sess.run(count_update) == 5.0
            assert sess.run(count_update) == 10.0
        with pytest.raises(ValueError, match="^Expected at least one value_tensor/update_op pair$"):
            cm.aggregate_metrics()


def test_binary_head_eval_metrics():
    from tf1.estimator_impl.heads import BinaryLogisticHead
    with tf.Graph().as_default():
        logits = tf.placeholder(tf.float32, [mc.BATCH, 1], name="logits")
        labels = tf.placeholder(tf.int64, [mc.BATCH, 1], name="labels")
        spec = BinaryLogisticHead().create_estimator_spec({}, tf.estimator.ModeKeys.EVAL, logits, labels)
        metrics = spec.eval_metric_ops
        assert sorted(metrics) == sorted(["accuracy", "accuracy_baseline", "auc", "auc_precision_recall",
                                          "average_loss", "label/mean", "precision", "prediction/mean", "recall"])
        facts = mc.run_metrics(tf, metrics, mc.head_batches(logits, labels))
    assert "head/metrics/auc_precision_recall/true_positives:0" in facts["local_variables"]
    assert facts["names"]["accuracy_baseline"] == ["head/metrics/accuracy_baseline/value:0",
                                                   "head/metrics/accuracy_baseline/update_op:0"]
    _assert_values(facts, "binary_head_reference", {k: k for k in metrics})


def test_binary_classifier_evaluate_reports_head_metrics(tmp_path):
    x = np.array([[0.5], [-1.0], [2.0], [0.1], [-0.3], [1.5]], np.float32)
    y = np.array([1, 0, 1, 0, 0, 1], np.int64)
    est = tf.estimator.LinearClassifier([tf.feature_column.numeric_column("x")], model_dir=str(tmp_path))

    def input_fn():
        return tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=3, num_epochs=1, shuffle=False)()
    est.train(input_fn, steps=2)
    result = est.evaluate(input_fn)
    assert sorted(result) == sorted(["accuracy", "accuracy_baseline", "auc", "auc_precision_recall",
                                     "average_loss", "global_step", "label/mean", "loss", "precision",
                                     "prediction/mean", "recall"])
    assert result["accuracy_baseline"] == pytest.approx(0.5)
    assert result["label/mean"] == pytest.approx(0.5)
    assert 0.0 <= result["auc"] <= 1.0 and 0.0 <= result["auc_precision_recall"] <= 1.0
