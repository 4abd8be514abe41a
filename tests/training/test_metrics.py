"""tf.metrics against real TF: value/update tensor names, the local/metric variables each metric
creates, collections, and the values after several (weighted) update batches; plus TF's errors.

Goldens: tests/golden/training/metrics_golden.json, made by tests/golden/training/metrics_make.py
from the scenarios in metrics_cases.py."""
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
    GOLDEN = json.load(_f)

_RESULTS = {}


def _case(name):
    if name not in _RESULTS:
        _RESULTS[name] = mc.run_case(tf, name)
    return _RESULTS[name]


def _close(got, want, what):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, what
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, equal_nan=True, err_msg=what)


@pytest.mark.parametrize("name", sorted(mc.CASES))
def test_names_and_variables(name):
    got, want = _case(name), GOLDEN["cases"][name]
    assert got["names"] == want["names"]
    assert got["local_variables"] == want["local_variables"]
    assert got["metric_variables"] == want["metric_variables"] == want["local_variables"]
    assert got["global_variables"] == want["global_variables"] == []
    assert got["collections"] == want["collections"]


@pytest.mark.parametrize("name", sorted(mc.CASES))
def test_values_after_each_batch(name):
    got, want = _case(name), GOLDEN["cases"][name]
    assert sorted(got["initial"]) == sorted(want["initial"])
    for key in want["initial"]:
        _close(got["initial"][key], want["initial"][key], "%s initial" % key)
    assert len(got["updates"]) == len(want["updates"]) == mc.N_BATCHES
    for i in range(mc.N_BATCHES):
        for stage in ("updates", "values"):
            for key in want[stage][i]:
                _close(got[stage][i][key], want[stage][i][key], "%s %s after batch %d" % (key, stage, i))


# Messages where TF 1.15 (the spec) words the error differently from the TF 2.x oracle.
_TF115_MESSAGES = {
    "auc_bad_curve": "ValueError: curve must be either ROC or PR, XX unknown",
    "auc_bad_summation": "ValueError: Invalid summation_method: bogus",
    "sens_bad": "ValueError: `specificity` must be in the range [0, 1].",
    "spec_bad": "ValueError: `sensitivity` must be in the range [0, 1].",
    "ap_bad_k": "ValueError: Invalid k=0.",
    "at_k_labels_rank": "ValueError: Unexpected labels shape (1, 1, 1) for predictions shape (1,).",
}


@pytest.mark.parametrize("name", sorted(GOLDEN["errors"]))
def test_errors(name):
    if "errors" not in _RESULTS:
        _RESULTS["errors"] = mc.error_cases(tf)
    got = _RESULTS["errors"][name]
    want = GOLDEN["errors"][name]
    if name in _TF115_MESSAGES:
        # The oracle (TF 2.x) raises the same exception type with a reworded message.
        assert want.split(":")[0] == _TF115_MESSAGES[name].split(":")[0]
        assert got == _TF115_MESSAGES[name]
    elif name == "weights_not_broadcastable":
        prefix = "ValueError: weights can not be broadcast to values. Mismatch at dim 0."
        assert want.startswith(prefix) and got.startswith(prefix)
    else:
        assert got == want


def test_value_does_not_change_state_and_update_returns_value():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        value, update = tf.metrics.mean(x)
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            assert sess.run(value) == 0.0  # 0 while nothing was counted (div_no_nan)
            assert sess.run(update, {x: [1.0, 3.0]}) == 2.0
            assert sess.run(update, {x: [8.0]}) == 4.0
            assert sess.run(value) == sess.run(value) == 4.0
            sess.run(tf.local_variables_initializer())  # resetting the metric = re-initialising it
            assert sess.run(value) == 0.0


def test_auc_rejects_predictions_outside_unit_interval_at_run_time():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [2])
        _, update = tf.metrics.auc([1, 0], p)
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            sess.run(update, {p: [0.2, 1.0]})
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"predictions must be in \[0, 1\]"):
                sess.run(update, {p: [-0.5, 0.3]})


def test_confusion_counts_reject_unknown_include_key():
    from tf1.training import metrics_confusion
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="^Invalid key: xx.$"):
            metrics_confusion.confusion_matrix_at_thresholds(tf.constant([1]), tf.constant([0.5]), [0.5],
                                                             includes=("tp", "xx"))


def test_metrics_namespace():
    expected = {"accuracy", "auc", "average_precision_at_k", "false_negatives", "false_negatives_at_thresholds",
                "false_positives", "false_positives_at_thresholds", "mean", "mean_absolute_error",
                "mean_cosine_distance", "mean_iou", "mean_per_class_accuracy", "mean_relative_error",
                "mean_squared_error", "mean_tensor", "percentage_below", "precision", "precision_at_k",
                "precision_at_thresholds", "precision_at_top_k", "recall", "recall_at_k", "recall_at_thresholds",
                "recall_at_top_k", "root_mean_squared_error", "sensitivity_at_specificity",
                "sparse_average_precision_at_k", "sparse_precision_at_k", "specificity_at_sensitivity",
                "true_negatives", "true_negatives_at_thresholds", "true_positives", "true_positives_at_thresholds"}
    assert expected <= set(dir(tf.metrics))
