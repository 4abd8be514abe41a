"""Canned LinearRegressor / DNNClassifier: TF 1.15's variable names, and (LinearRegressor) trained
weights and eval metrics equal to the same graph run by TF 2.21 (tests/golden/estimator)."""
import json
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "estimator",
                                     "estimator.json")))["linear_regressor"]
X = np.arange(12, dtype=np.float32).reshape(6, 2) / 10.0
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.5).astype(np.float32)
Z = np.array([1, 0, 1, 0, 1, 0], np.float32)
LABELS = np.array([0, 1, 2, 1, 0, 2], np.int64)
COLS = [tf.feature_column.numeric_column("x", shape=(2,)), tf.feature_column.numeric_column("z")]


def inputs(y=None, epochs=None, batch_size=3):
    return tf.estimator.inputs.numpy_input_fn({"x": X, "z": Z}, y, batch_size=batch_size, num_epochs=epochs,
                                              shuffle=False)


def test_linear_regressor_matches_tf(tmp_path):
    est = tf.estimator.LinearRegressor(COLS, model_dir=str(tmp_path))
    est.train(inputs(Y), steps=5)
    assert est.get_variable_names() == GOLDEN["variables"]
    for name, value in GOLDEN["values"].items():
        np.testing.assert_allclose(est.get_variable_value(name).ravel(), value, rtol=1e-5)
    result = est.evaluate(inputs(Y, epochs=1))
    assert sorted(result) == ["average_loss", "global_step", "label/mean", "loss", "prediction/mean"]
    for key, value in GOLDEN["eval"].items():
        assert result[key] == pytest.approx(value, rel=1e-5), key
    preds = list(est.predict(inputs(epochs=1)))
    w = est.get_variable_value("linear/linear_model/x/weights")
    want = X @ w + Z[:, None] * est.get_variable_value("linear/linear_model/z/weights") + \
        est.get_variable_value("linear/linear_model/bias_weights")
    np.testing.assert_allclose([p["predictions"] for p in preds], want, rtol=1e-5)


def _dnn_forward(est, hidden):
    net = np.concatenate([X, Z[:, None]], axis=1)
    for i in range(hidden):
        net = np.maximum(net @ est.get_variable_value("dnn/hiddenlayer_%d/kernel" % i)
                         + est.get_variable_value("dnn/hiddenlayer_%d/bias" % i), 0)
    return net @ est.get_variable_value("dnn/logits/kernel") + est.get_variable_value("dnn/logits/bias")


def test_dnn_classifier_multiclass(tmp_path):
    est = tf.estimator.DNNClassifier([4, 3], COLS, n_classes=3, model_dir=str(tmp_path))
    est.train(inputs(LABELS), steps=3)
    names = [n for n in est.get_variable_names() if not n.endswith("/Adagrad")]
    assert names == ["dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_1/bias",
                     "dnn/hiddenlayer_1/kernel", "dnn/logits/bias", "dnn/logits/kernel", "global_step"]
    assert est.get_variable_value("dnn/hiddenlayer_0/kernel").shape == (3, 4)
    assert est.get_variable_value("dnn/logits/kernel").shape == (3, 3)
    logits = _dnn_forward(est, 2)
    probs = np.exp(logits - logits.max(1, keepdims=True))
    probs /= probs.sum(1, keepdims=True)
    preds = list(est.predict(inputs(epochs=1)))
    assert sorted(preds[0]) == ["all_class_ids", "all_classes", "class_ids", "classes", "logits", "probabilities"]
    np.testing.assert_allclose([p["probabilities"] for p in preds], probs, rtol=1e-4, atol=1e-6)
    assert [p["class_ids"][0] for p in preds] == list(probs.argmax(1))
    assert preds[0]["classes"][0] == str(probs.argmax(1)[0]).encode()
    result = est.evaluate(inputs(LABELS, epochs=1))
    per_example = -np.log(probs[np.arange(6), LABELS])
    assert result["average_loss"] == pytest.approx(per_example.mean(), rel=1e-4)
    assert result["loss"] == pytest.approx(per_example.reshape(2, 3).sum(1).mean(), rel=1e-4)
    assert result["accuracy"] == pytest.approx((probs.argmax(1) == LABELS).mean())


def test_dnn_classifier_binary(tmp_path):
    labels = (LABELS > 0).astype(np.int64)
    est = tf.estimator.DNNClassifier([4], COLS, model_dir=str(tmp_path))
    est.train(inputs(labels), steps=3)
    logistic = 1 / (1 + np.exp(-_dnn_forward(est, 1)[:, 0]))
    preds = list(est.predict(inputs(epochs=1)))
    np.testing.assert_allclose([p["logistic"][0] for p in preds], logistic, rtol=1e-4)
    np.testing.assert_allclose(preds[0]["probabilities"], [1 - logistic[0], logistic[0]], rtol=1e-4)
    result = est.evaluate(inputs(labels, epochs=1))
    assert result["label/mean"] == pytest.approx(labels.mean())
    assert result["prediction/mean"] == pytest.approx(logistic.mean(), rel=1e-4)
    assert result["accuracy"] == pytest.approx(((logistic > 0.5) == labels).mean())
