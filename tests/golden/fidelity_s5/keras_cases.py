"""Keras fidelity cases shared by make_keras_fidelity_s5.py (real TF, tf_keras v1 graph mode) and
tests/keras/test_keras_fidelity_s5.py (tf1): compile(metrics=...) names and values, and RNN
return_state outputs."""
import numpy as np

_rng = np.random.RandomState(0)
X = _rng.uniform(-1, 1, size=(8, 4)).astype(np.float32)
Y1 = (_rng.uniform(size=(8, 1)) > 0.5).astype(np.float32)
Y3 = np.eye(3, dtype=np.float32)[_rng.randint(0, 3, size=8)]
YREG = _rng.uniform(0.1, 2.0, size=(8, 3)).astype(np.float32)
SEQ = _rng.uniform(-1, 1, size=(2, 4, 3)).astype(np.float32)

# name: (units, activation, loss, metrics, targets)
METRIC_CASES = {
    "acc_binary_by_units": (1, "sigmoid", "mse", ["acc"], "Y1"),
    "accuracy_binary_loss": (1, "sigmoid", "binary_crossentropy", ["accuracy"], "Y1"),
    "acc_categorical": (3, "softmax", "categorical_crossentropy", ["acc", "accuracy"], "Y3"),
    "ce_categorical": (3, "softmax", "mse", ["ce", "crossentropy"], "Y3"),
    "ce_binary_by_units": (1, "sigmoid", "mse", ["crossentropy"], "Y1"),
    "regression_aliases": (3, "softplus", "mse", ["mae", "mse", "mape", "msle"], "YREG"),
    "regression_long_names": (3, "softplus", "mae", ["mean_absolute_error", "MSE", "MAPE", "MSLE"], "YREG"),
    "cosine": (3, "linear", "mse", ["cosine_proximity"], "YREG"),
    "named_accuracies": (3, "softmax", "categorical_crossentropy",
                         ["categorical_accuracy", "binary_accuracy"], "Y3"),
}


def metric_model(keras, name):
    units, act, loss, metrics, _ = METRIC_CASES[name]
    model = keras.models.Sequential([keras.layers.Dense(units, activation=act, input_shape=(4,))])
    w = np.linspace(-0.5, 0.5, 4 * units).reshape(4, units).astype(np.float32)
    model.layers[0].set_weights([w, np.full((units,), 0.1, np.float32)])
    model.compile("sgd", loss=loss, metrics=metrics)
    return model


def targets(name):
    return {"Y1": Y1, "Y3": Y3, "YREG": YREG}[METRIC_CASES[name][4]]


def metric_outcome(keras, name):
    """metrics_names, evaluate()'s values, and the History keys of one fit epoch."""
    model = metric_model(keras, name)
    y = targets(name)
    values = model.evaluate(X, y, batch_size=8, verbose=0)
    hist = model.fit(X, y, batch_size=8, epochs=1, verbose=0)
    return {"names": list(model.metrics_names), "values": np.asarray(values, np.float64).tolist(),
            "history": sorted(hist.history)}


RNN_CASES = [("LSTM", False), ("GRU", False), ("SimpleRNN", False), ("LSTM", True)]


def rnn_outcome(tf, cls, return_sequences):
    """For Layer(return_state=True): whether output and state h are one tensor object, and whether
    they evaluate equal (the last time step's output for return_sequences)."""
    inp = tf.keras.layers.Input((4, 3))
    outs = getattr(tf.keras.layers, cls)(5, return_state=True, return_sequences=return_sequences)(inp)
    sess = tf.keras.backend.get_session()
    sess.run(tf.global_variables_initializer())
    vals = sess.run(outs, {inp: SEQ})
    last = vals[0][:, -1] if return_sequences else vals[0]
    return {"n": len(outs), "same_object": outs[0] is outs[1],
            "distinct_names": len({t.name for t in outs}) == len(outs),
            "h_equals_output": bool(np.allclose(last, vals[1], atol=1e-6)),
            "shapes": [str(t.shape) for t in outs]}
