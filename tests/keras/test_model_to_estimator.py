"""tf.keras.estimator.model_to_estimator (TF 1.15 / tensorflow_estimator 1.15 keras.py semantics).

TF 2.21 (the oracle) has no Estimator, so the estimator is checked against Keras' own fit / evaluate /
predict on the same data and initial weights: N estimator steps on a batched Dataset must equal one
`fit(shuffle=False)` pass over the same batches."""
import os

import numpy as np
import pytest

import tf1 as tf

keras = tf.keras
RNG = np.random.RandomState(0)
X = RNG.normal(size=(32, 4)).astype("float32")
LABELS = RNG.randint(0, 3, size=32)
Y = keras.utils.to_categorical(LABELS, 3)


def _sequential(optimizer):
    model = keras.Sequential([keras.layers.Dense(5, activation="relu", input_shape=(4,)),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer, "categorical_crossentropy", metrics=["accuracy"])
    return model


def _batches(x, y=None, batch=8):
    def input_fn():
        data = (x, y) if y is not None else x
        return tf.data.Dataset.from_tensor_slices(data).batch(batch)
    return input_fn


def _assert_same_weights(est, model):
    names = [layer.name for layer in model.layers]  # Keras numbers layer names per graph
    for layer, (kernel, bias) in zip(names, zip(*[iter(model.get_weights())] * 2)):
        np.testing.assert_allclose(est.get_variable_value(layer + "/kernel"), kernel, rtol=1e-5,
                                   atol=1e-6)
        np.testing.assert_allclose(est.get_variable_value(layer + "/bias"), bias, rtol=1e-5,
                                   atol=1e-6)


def test_adam_training_matches_keras_fit(tmp_path):
    model = _sequential(keras.optimizers.Adam(0.02, beta_1=0.8))
    est = keras.estimator.model_to_estimator(keras_model=model, model_dir=str(tmp_path))
    est.train(_batches(X, Y), steps=4)
    model.fit(X, Y, batch_size=8, epochs=1, shuffle=False, verbose=0)  # the same 4 batches
    _assert_same_weights(est, model)


def test_train_evaluate_predict_match_keras(tmp_path):
    model = _sequential(keras.optimizers.SGD(0.1, momentum=0.5))
    est = keras.estimator.model_to_estimator(keras_model=model, model_dir=str(tmp_path))
    assert os.path.exists(str(tmp_path / "keras" / "keras_model.ckpt.index"))
    est.train(_batches(X, Y), steps=4)
    model.fit(X, Y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    _assert_same_weights(est, model)
    assert est.get_variable_value("global_step") == 4

    results = est.evaluate(_batches(X, Y))
    assert set(results) == {"loss", "acc", "global_step"}
    loss, acc = model.evaluate(X, Y, batch_size=8, verbose=0)
    assert results["loss"] == pytest.approx(loss, rel=1e-5)
    assert results["acc"] == pytest.approx(acc, rel=1e-6)
    assert results["global_step"] == 4

    out = model.layers[-1].name
    preds = list(est.predict(_batches(X[:5], batch=2)))
    assert len(preds) == 5 and set(preds[0]) == {out}
    np.testing.assert_allclose(np.stack([p[out] for p in preds]), model.predict(X[:5]),
                               rtol=1e-5, atol=1e-6)

    est.train(_batches(X, Y), steps=2)  # resumes from the estimator's own checkpoint
    assert est.get_variable_value("global_step") == 6


def test_dict_features_by_input_name_and_sample_weights(tmp_path):
    a = keras.layers.Input(shape=(2,), name="a")
    b = keras.layers.Input(shape=(2,), name="b")
    out = keras.layers.Dense(1, activation="sigmoid", name="out")(
        keras.layers.Concatenate()([a, b]))
    model = keras.Model([a, b], out)
    model.compile(keras.optimizers.SGD(0.2), "binary_crossentropy", metrics=["accuracy"])
    y = (X[:, 0] > 0).astype("float32")[:, None]
    weights = np.linspace(0.5, 2.0, 32).astype("float32")
    est = keras.estimator.model_to_estimator(model, model_dir=str(tmp_path))

    def input_fn():
        feats = {"b": X[:, 2:], "a": X[:, :2], "unused": X[:, 0]}
        return tf.data.Dataset.from_tensor_slices((feats, y)).batch(16)

    est.train(input_fn, steps=2)
    model.fit([X[:, :2], X[:, 2:]], y, batch_size=16, shuffle=False, verbose=0)
    np.testing.assert_allclose(est.get_variable_value("out/kernel"), model.get_weights()[0],
                               rtol=1e-5, atol=1e-6)

    def weighted_fn():
        feats = {"features": {"a": X[:, :2], "b": X[:, 2:]}, "sample_weights": weights}
        return tf.data.Dataset.from_tensor_slices((feats, y)).batch(32)

    p = model.predict([X[:, :2], X[:, 2:]])
    per_sample = -(y * np.log(np.clip(p, 1e-7, 1)) + (1 - y) * np.log(np.clip(1 - p, 1e-7, 1)))
    want = float(np.sum(per_sample[:, 0] * weights) / 32)
    assert est.evaluate(weighted_fn)["loss"] == pytest.approx(want, rel=1e-4)

    def missing_fn():
        return tf.data.Dataset.from_tensor_slices(({"a": X[:, :2]}, y)).batch(8)

    with pytest.raises(KeyError) as err:
        est.evaluate(missing_fn)
    text = str(err.value)  # set order in the message follows string hashing
    assert text.startswith("The dictionary passed into features does not cover requested inputs "
                           "keys defined in the keras model.\n\tExpected keys: {")
    assert "\n\tfeatures keys: {'a'}\n\tMissed keys: {'b'}" in text


def test_from_hdf5_path(tmp_path):
    model = _sequential(keras.optimizers.SGD(0.))
    path = str(tmp_path / "model.h5")
    model.save(path)
    est = keras.estimator.model_to_estimator(keras_model_path=path,
                                             model_dir=str(tmp_path / "est"))
    # As in TF 1.15, only `train` warm-starts from the Keras weights (predict/evaluate before any
    # training run freshly initialised variables); a step with lr=0 keeps them.
    est.train(_batches(X, Y), steps=1)
    out = model.layers[-1].name
    preds = np.stack([p[out] for p in est.predict(_batches(X[:4], batch=4))])
    np.testing.assert_allclose(preds, model.predict(X[:4]), rtol=1e-5, atol=1e-6)


def test_errors_match_tf115(tmp_path):
    with pytest.raises(ValueError, match="^Either `keras_model` or `keras_model_path` needs to be "
                                         "provided.$"):
        keras.estimator.model_to_estimator()
    model = _sequential("sgd")
    with pytest.raises(ValueError, match="^Please specity either `keras_model` or "
                                         "`keras_model_path`, but not both.$"):
        keras.estimator.model_to_estimator(model, keras_model_path="x.h5")
    with pytest.raises(ValueError, match='^Checkpoint format must be one of "checkpoint" or '
                                         '"saver". Got bogus$'):
        keras.estimator.model_to_estimator(model, checkpoint_format="bogus")
    raw = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])
    with pytest.raises(ValueError, match="^The given keras model has not been compiled yet. Please "
                                         r"compile the model with `model.compile\(\)` before "
                                         r"calling `model_to_estimator\(\)`.$"):
        keras.estimator.model_to_estimator(raw, model_dir=str(tmp_path))
