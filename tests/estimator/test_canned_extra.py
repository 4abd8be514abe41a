"""DNNLinearCombined and Baseline estimators (variable names, trained values, eval metrics) and
crossed / hashed feature columns, against TF's graphs (tests/golden/estimator/make_canned_extra.py)."""
import json
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "estimator", "canned_extra.json")))
X = np.arange(12, dtype=np.float32).reshape(6, 2) / 10.0
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.5).astype(np.float32)
Z = np.array([1, 0, 1, 0, 1, 0], np.float32)
LABELS = np.array([0, 1, 2, 1, 0, 2], np.int64)
fc = tf.feature_column


def inputs(y=None, epochs=None):
    return tf.estimator.inputs.numpy_input_fn({"x": X, "z": Z}, y, batch_size=3, num_epochs=epochs, shuffle=False)


def _write_checkpoint(path, values):
    with tf.Graph().as_default():
        variables = [tf.get_variable(name, initializer=np.asarray(value, np.float32))
                     for name, value in values.items()]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver(variables).save(sess, path)
    return path


def _check_values(est, golden):
    for name, value in golden["values"].items():
        np.testing.assert_allclose(est.get_variable_value(name).ravel(), value, rtol=1e-5, atol=1e-7, err_msg=name)


def _check_eval(result, golden):
    for key, value in golden["eval"].items():
        assert result[key] == pytest.approx(value, rel=1e-5, abs=1e-7), key


def test_dnn_linear_combined_regressor_matches_tf(tmp_path):
    golden = GOLDEN["combined_regressor"]
    shapes = {"dnn/hiddenlayer_0/kernel": (2, 3), "dnn/logits/kernel": (3, 1)}
    init = {k: np.reshape(v, shapes.get(k, (-1,))) for k, v in golden["dnn_init"].items()}
    ckpt = _write_checkpoint(str(tmp_path / "init" / "model.ckpt"), init)
    est = tf.estimator.DNNLinearCombinedRegressor(
        model_dir=str(tmp_path / "model"), linear_feature_columns=[fc.numeric_column("z")],
        dnn_feature_columns=[fc.numeric_column("x", shape=(2,))], dnn_hidden_units=[3],
        # the checkpoint holds the DNN's weights only (TF's warm start requires every matched variable)
        warm_start_from=tf.estimator.WarmStartSettings(ckpt, vars_to_warm_start="dnn/.*"))
    est.train(inputs(Y), steps=4)
    assert est.get_variable_names() == golden["variables"]
    assert est.get_variable_value("global_step") == 4  # advanced once per step, not once per optimizer
    _check_values(est, golden)
    _check_eval(est.evaluate(inputs(Y, epochs=1)), golden)


def test_dnn_linear_combined_classifier_parts(tmp_path):
    est = tf.estimator.DNNLinearCombinedClassifier(
        model_dir=str(tmp_path), linear_feature_columns=[fc.numeric_column("z")],
        dnn_feature_columns=[fc.numeric_column("x", shape=(2,))], dnn_hidden_units=[2], n_classes=3)
    est.train(inputs(LABELS), steps=1)
    names = est.get_variable_names()
    assert "dnn/logits/kernel" in names and "linear/linear_model/z/weights/Ftrl" in names
    assert est.get_variable_value("linear/linear_model/z/weights").shape == (1, 3)
    assert est.get_variable_value("dnn/logits/kernel").shape == (2, 3)
    with pytest.raises(ValueError, match="Either linear_feature_columns or dnn_feature_columns must be defined"):
        tf.estimator.DNNLinearCombinedClassifier(model_dir=str(tmp_path / "x"))
    with pytest.raises(ValueError, match="dnn_hidden_units must be defined"):
        tf.estimator.DNNLinearCombinedRegressor(model_dir=str(tmp_path / "y"),
                                                dnn_feature_columns=[fc.numeric_column("x")])


@pytest.mark.parametrize("kind", ["regressor", "classifier"])
def test_baseline_matches_tf(tmp_path, kind):
    golden = GOLDEN["baseline_" + kind]
    if kind == "regressor":
        est, labels = tf.estimator.BaselineRegressor(model_dir=str(tmp_path)), Y
    else:
        est, labels = tf.estimator.BaselineClassifier(model_dir=str(tmp_path), n_classes=3), LABELS
    est.train(inputs(labels), steps=4)
    assert [n for n in est.get_variable_names() if "Ftrl" not in n] == ["baseline/bias", "global_step"]
    _check_values(est, golden)
    result = est.evaluate(inputs(labels, epochs=1))
    _check_eval(result, golden)


def _cross_features():
    feats = GOLDEN["crossed"]["features"]
    return {k: tf.constant(v, tf.int64 if k == "k" else None) for k, v in feats.items()}


def _crossed_columns():
    init = tf.constant_initializer(np.arange(14, dtype=np.float32).reshape(7, 2) / 10 - 0.3)
    k = fc.categorical_column_with_identity("k", 3)
    ab = fc.crossed_column(["a", "b"], 7)
    return {
        "a_X_b": fc.indicator_column(ab),
        "bucket_X_a": fc.indicator_column(fc.crossed_column([fc.bucketized_column(fc.numeric_column("n"), [0.5, 1.0]),
                                                             "a"], 5)),
        "nested": fc.indicator_column(fc.crossed_column([ab, k], 11)),
        "a_X_k_embedding": fc.embedding_column(fc.crossed_column(["a", k], 7), 2, combiner="sqrtn", initializer=init),
        "hash_a": fc.indicator_column(fc.categorical_column_with_hash_bucket("a", 6)),
        "hash_k": fc.indicator_column(fc.categorical_column_with_hash_bucket("k", 4, dtype=tf.int64)),
        "hash_k_embedding": fc.embedding_column(fc.categorical_column_with_hash_bucket("k", 7, dtype=tf.int64), 2,
                                                combiner="mean", initializer=init),
    }


@pytest.mark.parametrize("name", sorted(GOLDEN["crossed"]["columns"].keys() - {"linear_model"}))
def test_crossed_and_hashed_columns_match_tf(name):
    golden = GOLDEN["crossed"]["columns"][name]
    column = _crossed_columns()[name]
    assert column.name == golden["column_name"]
    with tf.Graph().as_default():
        value = fc.input_layer(_cross_features(), [column])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_allclose(sess.run(value), golden["value"], rtol=1e-6, atol=1e-7)


def test_linear_model_over_crossed_column():
    golden = GOLDEN["crossed"]["columns"]["linear_model"]
    with tf.Graph().as_default():
        logits = fc.linear_model(_cross_features(), [fc.crossed_column(["a", "b"], 7)], units=2)
        assert {v.op.name: v.shape.as_list() for v in tf.global_variables()} == golden["variables"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            weights = [v for v in tf.global_variables() if v.op.name.endswith("a_X_b/weights")][0]
            sess.run(weights.assign(np.arange(14, dtype=np.float32).reshape(7, 2)))
            np.testing.assert_allclose(sess.run(logits), golden["value"])


def test_crossed_column_errors():
    with pytest.raises(ValueError, match="keys must be a list with length > 1"):
        fc.crossed_column(["a"], 5)
    with pytest.raises(ValueError, match="hash_bucket_size must be > 1"):
        fc.crossed_column(["a", "b"], 0)
    with pytest.raises(ValueError, match="categorical_column_with_hash_bucket is not supported for crossing"):
        fc.crossed_column(["a", fc.categorical_column_with_hash_bucket("h", 3)], 5)
    with pytest.raises(ValueError, match="Unsupported key type"):
        fc.crossed_column(["a", fc.numeric_column("n")], 5)


def test_make_parse_example_spec():
    spec = fc.make_parse_example_spec([
        fc.numeric_column("x", shape=(2,)), fc.bucketized_column(fc.numeric_column("n"), [0.5]),
        fc.indicator_column(fc.categorical_column_with_identity("k", 3)),
        fc.embedding_column(fc.categorical_column_with_vocabulary_list("v", ["a", "b"]), 2),
        fc.crossed_column(["a", fc.categorical_column_with_identity("k", 3)], 5),
        fc.categorical_column_with_hash_bucket("h", 3, dtype=tf.int64)])
    assert spec == {"x": tf.FixedLenFeature((2,), tf.float32), "n": tf.FixedLenFeature((1,), tf.float32),
                    "k": tf.VarLenFeature(tf.int64), "v": tf.VarLenFeature(tf.string),
                    "a": tf.VarLenFeature(tf.string), "h": tf.VarLenFeature(tf.int64)}


@pytest.mark.parametrize("output", sorted(GOLDEN["weighted"]["outputs"]))
def test_weighted_categorical_column_matches_tf(output):
    golden = GOLDEN["weighted"]["outputs"][output]
    features = GOLDEN["weighted"]["features"]
    kind, _, combiner = output.partition("_")
    with tf.Graph().as_default():
        feats = {"ids": tf.constant(features["ids"], tf.int64), "w": tf.constant(features["w"])}
        column = fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 3), "w")
        assert column.name == golden["name"]
        init = tf.constant_initializer(np.arange(6, dtype=np.float32).reshape(3, 2) - 2.0)
        if kind == "indicator":
            value = fc.input_layer(feats, [fc.indicator_column(column)])
        elif kind == "embedding":
            value = fc.input_layer(feats, [fc.embedding_column(column, 2, combiner=combiner, initializer=init)])
        else:
            value = fc.linear_model(feats, [column], units=2, sparse_combiner=combiner)
        assert [v.op.name for v in tf.global_variables()] == golden["variables"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for v in tf.global_variables():
                if v.op.name.endswith("/weights") and "bias" not in v.op.name:
                    sess.run(v.assign(np.arange(6, dtype=np.float32).reshape(3, 2) / 2 - 1))
            np.testing.assert_allclose(sess.run(value), golden["value"], rtol=1e-6, atol=1e-7)


def test_weighted_categorical_column_errors():
    column = fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 3), "w")
    assert fc.make_parse_example_spec([column]) == {"ids": tf.VarLenFeature(tf.int64),
                                                    "w": tf.VarLenFeature(tf.float32)}
    with tf.Graph().as_default():
        feats = {"ids": tf.constant([[0]], tf.int64), "w": tf.constant([[1]], tf.int64)}
        with pytest.raises(ValueError, match="Bad dtype, expected <dtype: 'float32'>, but got <dtype: 'int64'>"):
            fc.input_layer(feats, [fc.indicator_column(column)])
        with pytest.raises(ValueError, match="crossed_column does not support weight_tensor"):
            fc.input_layer(feats, [fc.indicator_column(fc.crossed_column(["a", column], 3))])


def test_linear_classifier_matches_tf(tmp_path):
    golden = GOLDEN["linear_classifier"]
    cols = [fc.numeric_column("x", shape=(2,)), fc.numeric_column("z")]
    est = tf.estimator.LinearClassifier(cols, model_dir=str(tmp_path))
    labels = np.array([0, 1, 1, 0, 1, 0], np.int64)
    est.train(inputs(labels), steps=4)
    _check_values(est, golden)
    _check_eval(est.evaluate(inputs(labels, epochs=1)), golden)


def test_dnn_regressor(tmp_path):
    est = tf.estimator.DNNRegressor([3], [fc.numeric_column("x", shape=(2,))], model_dir=str(tmp_path))
    est.train(inputs(Y), steps=1)
    assert [n for n in est.get_variable_names() if not n.endswith("/Adagrad")] == [
        "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/kernel", "dnn/logits/bias", "dnn/logits/kernel", "global_step"]
    value = est.get_variable_value
    hidden = np.maximum(X @ value("dnn/hiddenlayer_0/kernel") + value("dnn/hiddenlayer_0/bias"), 0)
    want = hidden @ value("dnn/logits/kernel") + value("dnn/logits/bias")
    got = [p["predictions"] for p in est.predict(inputs(epochs=1))]
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
