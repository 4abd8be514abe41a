"""Keras fidelity (session 5): compile(metrics=...) names (metrics_names, History keys) and values
as TF 1.15's training_utils get_metric_name / get_metric_function give them, and RNN layers with
return_state=True returning an output tensor distinct from the state h.

Goldens: tests/golden/fidelity_s5/keras_golden.json, recorded by
tests/golden/fidelity_s5/make_keras_fidelity_s5.py (command in its docstring) from keras_cases.py.
"""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf
from tf1 import keras

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden', 'fidelity_s5')
sys.path.insert(0, GOLDEN_DIR)
import keras_cases  # noqa: E402

with open(os.path.join(GOLDEN_DIR, 'keras_golden.json')) as f:
    G = json.load(f)

# TF 1.15's metrics.get('cosine_proximity') is metrics.py's `def cosine_proximity` (named so); tf_keras
# 2.x aliases it to cosine_similarity.
TF115_NAMES = {'cosine_similarity': 'cosine_proximity'}


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def _115(names):
    return [TF115_NAMES.get(n, n) for n in names]


@pytest.mark.parametrize('name', sorted(G['metrics']))
def test_compile_metric_names_and_values(name):
    want = G['metrics'][name]
    got = keras_cases.metric_outcome(keras, name)
    assert got['names'] == _115(want['names'])
    assert got['history'] == sorted(_115(want['history']))
    np.testing.assert_allclose(got['values'], want['values'], rtol=1e-5, atol=1e-6)


def test_cosine_alias_names_like_cosine_proximity():
    model = keras.models.Sequential([keras.layers.Dense(3, input_shape=(4,))])
    model.compile('sgd', loss='mse', metrics=['cosine', 'MAE'])
    assert model.metrics_names == ['loss', 'cosine_proximity', 'mean_absolute_error']


def test_callable_metric_named_after_function():
    model = keras.models.Sequential([keras.layers.Dense(3, input_shape=(4,))])
    model.compile('sgd', loss='mse', metrics=[keras.metrics.mae, keras.metrics.mean_squared_logarithmic_error])
    assert model.metrics_names == ['loss', 'mean_absolute_error', 'mean_squared_logarithmic_error']


@pytest.mark.parametrize('cls,seq', keras_cases.RNN_CASES)
def test_rnn_return_state_outputs_are_distinct(cls, seq):
    want = G['rnn']['%s_%s' % (cls, seq)]
    assert keras_cases.rnn_outcome(tf, cls, seq) == want


def test_one_dimensional_targets_and_inputs_become_columns():
    # TF 1.15's standardize_single_array: y of shape (n,) for a Dense(1) output is fed as (n, 1)
    # (not broadcast against the (n, 1) prediction); a 1-D x for a (None, 1) input likewise.
    x = np.linspace(-1., 1., 8).astype('float32')
    y = 3. * x + 1.
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(1,), kernel_initializer='ones')])
    model.compile('sgd', 'mse')
    loss = model.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(loss, np.mean((x - y) ** 2), rtol=1e-6)
    history = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert sorted(history.history) == ['loss'] and len(history.history['loss']) == 2


def test_layer_returning_its_input_gets_an_identity():
    # TF 1.15's _set_connectivity_metadata_ copies an unmodified input under a second scope of the
    # layer's name (oracle: 'activation/activation/Identity:0'); the model keeps all its layers.
    inp = keras.Input((3,))
    out = keras.layers.Activation('linear')(inp)
    assert out is not inp and out.name == 'activation/activation/Identity:0'
    model = keras.Model(inp, keras.layers.Dense(2)(out))
    assert [type(l).__name__ for l in model.layers] == ['InputLayer', 'Activation', 'Dense']


def test_predict_proba_is_predict_with_tf115_warning(caplog):
    model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,), kernel_initializer='ones')])
    x = np.arange(6, dtype='float32').reshape(2, 3)
    with caplog.at_level('WARNING'):
        proba = model.predict_proba(x)
    np.testing.assert_array_equal(proba, model.predict(x))
    assert 'Network returning invalid probability values.' in caplog.text


def test_backend_bias_add_data_format():
    # Oracle (tf.keras.backend.bias_add, TF 2.21 = TF 1.15 for these 4-D cases): channels_first adds a
    # 1-D bias along axis 1 and reshapes an N-D bias (channels last) to (1, C, ...) -- a reshape, not
    # a transpose; the argument errors are TF's.
    K = keras.backend
    x = np.arange(24, dtype='float32').reshape(1, 2, 3, 4)
    sess = tf.Session()
    out = sess.run(K.bias_add(tf.constant(x), tf.constant([10., 20.]), 'channels_first'))
    np.testing.assert_array_equal(out.ravel(), list(range(10, 22)) + list(range(32, 44)))
    bias = np.arange(24, dtype='float32').reshape(3, 4, 2) * 100
    out = sess.run(K.bias_add(tf.constant(x), tf.constant(bias), 'channels_first'))
    np.testing.assert_array_equal(out.ravel(), [101. * i for i in range(24)])
    # TF 1.15's source (3-D, channels_first, 1-D bias): x + reshape(bias, (1, C, 1)).
    out = sess.run(K.bias_add(tf.constant(x[0]), tf.constant([10., 20., 30.]), 'channels_first'))
    np.testing.assert_array_equal(out, x[0] + np.array([10., 20., 30.]).reshape(1, 3, 1))
    # TF 1.15's text puts ndim(x) in the message (TF 2.21 corrected it to ndim(x) - 1 = 3).
    with pytest.raises(ValueError, match='^Unexpected bias dimensions 2, expect to be 1 or 4 dimensions$'):
        K.bias_add(tf.constant(x), tf.constant(np.zeros((2, 2), 'float32')))
    with pytest.raises(ValueError, match='^Unknown data_format: nhwc$'):
        K.bias_add(tf.constant(x), tf.constant([1., 2., 3., 4.]), 'nhwc')
