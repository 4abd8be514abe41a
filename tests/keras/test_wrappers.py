"""tf.keras.wrappers.scikit_learn (TF 1.15 semantics: python/keras/wrappers/scikit_learn.py).

TF 2.21 (the oracle) no longer has the wrappers, so each wrapper call is checked against the model
calls TF 1.15's wrapper makes, done by hand on the same data with deterministic (zero) initial
weights: label mapping, sk_params routing, predict/predict_proba/score."""
import numpy as np
import pytest

import tf1

keras = tf1.keras
KerasClassifier = keras.wrappers.scikit_learn.KerasClassifier
KerasRegressor = keras.wrappers.scikit_learn.KerasRegressor

RNG = np.random.RandomState(0)
X = RNG.normal(size=(24, 4)).astype("float32")
LABELS = np.array(["b", "a", "c"])[RNG.randint(0, 3, size=24)]
Y_REG = (X @ np.array([1., -2., 0.5, 3.])).astype("float32")


def build_classifier(hidden=3, lr=0.1, loss="categorical_crossentropy", n_out=3):
    model = keras.Sequential([
        keras.layers.Dense(hidden, activation="tanh", input_shape=(4,), kernel_initializer="ones"),
        keras.layers.Dense(n_out, activation="softmax" if n_out > 1 else "sigmoid",
                           kernel_initializer="zeros"),
    ])
    model.compile(keras.optimizers.SGD(lr), loss, metrics=["accuracy"])
    return model


def build_regressor(units=1):
    model = keras.Sequential([keras.layers.Dense(units, input_shape=(4,),
                                                 kernel_initializer="zeros")])
    model.compile(keras.optimizers.SGD(0.05), "mse")
    return model


def test_classifier_maps_labels_and_matches_direct_keras():
    clf = KerasClassifier(build_classifier, hidden=5, epochs=3, batch_size=8, verbose=0,
                          shuffle=False)
    hist = clf.fit(X, LABELS)
    assert list(clf.classes_) == ["a", "b", "c"] and clf.n_classes_ == 3
    assert len(hist.history["loss"]) == 3

    direct = build_classifier(hidden=5)
    y = keras.utils.to_categorical(np.searchsorted(np.array(["a", "b", "c"]), LABELS))
    want = direct.fit(X, y, epochs=3, batch_size=8, verbose=0, shuffle=False)
    np.testing.assert_allclose(hist.history["loss"], want.history["loss"], rtol=1e-5)

    proba = clf.predict_proba(X[:5])
    np.testing.assert_allclose(proba, direct.predict(X[:5]), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(clf.predict(X[:5]),
                                  np.array(["a", "b", "c"])[direct.predict(X[:5]).argmax(-1)])
    acc = clf.score(X, LABELS)
    assert acc == pytest.approx(direct.evaluate(X, y, verbose=0)[1], rel=1e-6)


def test_binary_classifier_proba_has_two_columns():
    y = (X[:, 0] > 0).astype("int32")
    clf = KerasClassifier(build_classifier, loss="binary_crossentropy", n_out=1, epochs=2,
                          verbose=0)
    clf.fit(X, y)
    proba = clf.predict_proba(X[:4])
    assert proba.shape == (4, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    pred = clf.predict(X)  # TF 1.15: predict_classes keeps the sigmoid column -> (n, 1)
    assert pred.shape == (24, 1) and set(pred.ravel().tolist()) <= {0, 1}


def test_one_hot_targets_give_index_classes():
    y = keras.utils.to_categorical(RNG.randint(0, 3, size=24), 3)
    clf = KerasClassifier(build_classifier, epochs=1, verbose=0)
    clf.fit(X, y)
    assert list(clf.classes_) == [0, 1, 2]
    with pytest.raises(ValueError, match=r"Invalid shape for y: \(24, 3, 1\)"):
        clf.fit(X, y[:, :, None])


def test_score_without_accuracy_raises():
    def build():
        m = build_classifier()
        m.compile("sgd", "categorical_crossentropy")
        return m
    clf = KerasClassifier(build, epochs=1, verbose=0)
    clf.fit(X, LABELS)
    with pytest.raises(ValueError, match="The model is not configured to compute accuracy"):
        clf.score(X, LABELS, verbose=0)


def test_regressor_predict_squeezes_and_scores_negated_loss():
    reg = KerasRegressor(build_regressor, epochs=4, batch_size=6, verbose=0, shuffle=False)
    reg.fit(X, Y_REG)
    pred = reg.predict(X)
    assert pred.shape == (24,)
    direct = build_regressor()
    direct.fit(X, Y_REG[:, None], epochs=4, batch_size=6, verbose=0, shuffle=False)
    np.testing.assert_allclose(pred, direct.predict(X)[:, 0], rtol=1e-5, atol=1e-6)
    assert reg.score(X, Y_REG) == pytest.approx(-direct.evaluate(X, Y_REG[:, None], verbose=0),
                                                  rel=1e-6)


def test_params_checked_filtered_and_round_trip():
    with pytest.raises(ValueError, match="^nonsense is not a legal parameter$"):
        KerasRegressor(build_regressor, nonsense=1)
    KerasRegressor(build_regressor, nb_epoch=2)  # the Keras 1 spelling is let through
    reg = KerasRegressor(build_regressor, units=1, epochs=2, validation_split=0.25)
    params = reg.get_params()
    assert params == {"build_fn": build_regressor, "units": 1, "epochs": 2,
                      "validation_split": 0.25}
    assert reg.filter_sk_params(build_regressor) == {"units": 1}
    from tf1.keras_impl.wrappers import _FIT_ARGS
    assert reg.filter_sk_params(_FIT_ARGS, {"verbose": 0}) == {
        "epochs": 2, "validation_split": 0.25, "verbose": 0}
    assert reg.set_params(epochs=5) is reg and reg.sk_params["epochs"] == 5
    with pytest.raises(ValueError, match="bogus is not a legal parameter"):
        reg.set_params(bogus=3)


def test_build_fn_none_uses_call_and_callable_objects():
    class MyRegressor(KerasRegressor):
        def __call__(self, units=1):
            return build_regressor(units)

    reg = MyRegressor(units=1, epochs=1, verbose=0)
    reg.fit(X, Y_REG)
    assert reg.predict(X[:3]).shape == (3,)
    with pytest.raises(ValueError, match="hidden is not a legal parameter"):
        MyRegressor(hidden=2)

    class Builder(object):
        def __call__(self, hidden=2):
            return build_classifier(hidden=hidden)

    clf = KerasClassifier(Builder(), hidden=4, epochs=1, verbose=0)
    clf.fit(X, LABELS)
    assert clf.model.layers[0].units == 4


def test_scikit_learn_interop():
    sklearn = pytest.importorskip("sklearn")
    from sklearn.base import clone
    del sklearn
    reg = KerasRegressor(build_regressor, epochs=1, verbose=0)
    cloned = clone(reg)
    assert cloned is not reg and cloned.get_params() == reg.get_params()
