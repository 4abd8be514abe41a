"""Keras 2 model API on tf1 (tf1/keras_impl): layers, summary(), compile/fit/evaluate/predict.

Goldens: tests/golden/keras/keras_models.{json,npz}, recorded from tf_keras by
tests/golden/keras/make_keras_models_golden.py (command in its docstring). The summary table rows are
Keras 2.2's (TF 1.15 lays them out the same), checked against the output the seed document printed with
real Keras 2.2; TF 1.15 adds the `Model: "<name>"` line.
"""
import io
import re
import json
import os
import contextlib

import numpy as np
import pytest

from tf1 import compat_shim
from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
with open(os.path.join(GOLDEN, 'keras_models.json')) as f:
    G = json.load(f)
A = np.load(os.path.join(GOLDEN, 'keras_models.npz'))

L = keras.layers


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def build(name):
    if name == 'mlp':
        m = keras.models.Sequential()
        m.add(L.Dense(units=128, activation='sigmoid', input_shape=(784,)))
        m.add(L.Dropout(0.1))
        m.add(L.Dense(units=128, activation='sigmoid'))
        m.add(L.Dropout(0.1))
        m.add(L.Dense(units=10, activation='softmax'))
        return m
    if name == 'functional':
        inp = L.Input(shape=(64,))
        h = L.Dense(10)(inp)
        h = L.Activation('tanh')(h)
        h = L.Dense(10)(h)
        return keras.models.Model(inputs=inp, outputs=L.Activation('softmax')(h))
    if name == 'rnn':
        # The Keras 2.0-2.3 module path listings import, resolved without installing the shim globally
        # (an installed shim makes `tensorflow` mean tf1 for TensorBoard's code in later tests too).
        SimpleRNN = compat_shim._lookup("keras.layers.recurrent").SimpleRNN
        m = keras.models.Sequential()
        m.add(SimpleRNN(units=16, activation='relu', input_shape=(28, 28)))
        m.add(L.Dense(10))
        m.add(L.Activation('softmax'))
        return m
    if name == 'flat':
        return keras.models.Sequential([L.Flatten(input_shape=(4, 5)), L.Dense(3, input_dim=20)])
    raise KeyError(name)


@pytest.mark.parametrize('name', sorted(G['models']))
def test_layer_shapes_and_param_counts_match_keras(name):
    model = build(name)
    want = G['models'][name]
    got = [[l.__class__.__name__, list(l.output_shape), l.count_params()] for l in model.layers
           if not isinstance(l, L.InputLayer)]
    assert got == want['layers']
    assert [w.get_shape().as_list() for w in model.trainable_weights] == want['weights']
    assert model.count_params() == want['total']


def summary_text(model):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.summary()
    return buf.getvalue()


# The table real Keras 2.2 printed for this model in the seed document (seed003_13's listing), under the
# `Model: "<name>"` line TF 1.15's print_summary writes first (tensorflow/python/keras/utils/layer_utils.py).
DOC_SUMMARY = """\
Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
dense_13 (Dense)             (None, 128)               100480    
_________________________________________________________________
dropout_9 (Dropout)          (None, 128)               0         
_________________________________________________________________
dense_14 (Dense)             (None, 128)               16512     
_________________________________________________________________
dropout_10 (Dropout)         (None, 128)               0         
_________________________________________________________________
dense_15 (Dense)             (None, 10)                1290      
=================================================================
Total params: 118,282
Trainable params: 118,282
Non-trainable params: 0
_________________________________________________________________
"""


def test_summary_is_keras_2_table():
    m = keras.models.Sequential()
    m.add(L.Dense(128, activation='sigmoid', input_shape=(784,), name='dense_13'))
    m.add(L.Dropout(0.1, name='dropout_9'))
    m.add(L.Dense(128, activation='sigmoid', name='dense_14'))
    m.add(L.Dropout(0.1, name='dropout_10'))
    m.add(L.Dense(10, activation='softmax', name='dense_15'))
    assert summary_text(m) == DOC_SUMMARY


def test_functional_summary_lists_input_layer_and_counts():
    text = summary_text(build('functional'))
    lines = text.splitlines()
    # TF 1.15 names (tf_keras under TF_USE_LEGACY_KERAS=1 agrees): zero-based `dense`, `dense_1`; the
    # InputLayer counts from 1.
    assert lines[0] == 'Model: "model"'
    assert lines[4].startswith('input_1 (InputLayer)         (None, 64)                0')
    assert 'dense (Dense)                (None, 10)                650' in text
    assert 'dense_1 (Dense)              (None, 10)                110' in text
    assert lines[-4:-1] == ['Total params: 760', 'Trainable params: 760', 'Non-trainable params: 0']


def test_keras_names_for_layers_and_variables():
    m = build('mlp')
    assert [l.name for l in m.layers] == ['dense', 'dropout', 'dense_1', 'dropout_1', 'dense_2']
    assert m.name == 'sequential'
    assert [w.name for w in m.trainable_weights[:2]] == ['dense/kernel:0', 'dense/bias:0']
    assert m.input.name == 'dense_input:0'


def _opt(name):
    O = keras.optimizers
    return {
        'sgd': lambda: O.SGD(lr=0.1),
        'sgd_momentum_decay': lambda: O.SGD(lr=0.1, momentum=0.9, decay=0.01),
        'sgd_nesterov': lambda: O.SGD(lr=0.1, momentum=0.9, nesterov=True),
        'rmsprop': lambda: O.RMSprop(lr=0.01),
        'adam': lambda: 'adam',
    }[name]()


@pytest.mark.parametrize('key', sorted(G['optimizers']))
def test_train_on_batch_matches_keras(key):
    opt, loss = key.split('/')
    x, labels = A['opt_x'], A['opt_labels']
    target = labels if loss.startswith('sparse') else np.eye(3, dtype=np.float32)[labels]
    m = keras.models.Sequential([L.Dense(5, activation='relu', input_shape=(6,)),
                                 L.Dense(3, activation='softmax')])
    m.compile(optimizer=_opt(opt), loss=loss, metrics=['accuracy'])
    m.set_weights([A['opt_w0_%d' % i] for i in range(4)])
    results = [m.train_on_batch(x, target) for _ in range(3)]
    want = G['optimizers'][key]
    np.testing.assert_allclose(results, want['results'], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(m.evaluate(x, target, verbose=0), want['evaluate'], rtol=1e-4, atol=1e-6)
    for i, w in enumerate(m.get_weights()):
        np.testing.assert_allclose(w, A['%s_w%d' % (key.replace('/', '__'), i)], rtol=1e-4, atol=1e-6)


def test_fit_lowers_loss_and_prints_epochs(capsys):
    rng = np.random.RandomState(1)
    x = rng.rand(200, 8).astype(np.float32)
    y = np.eye(2, dtype=np.float32)[(x[:, 0] + x[:, 1] > 1).astype(int)]
    inp = L.Input(shape=(8,))
    h = L.Dropout(0.2)(L.Dense(16, activation='tanh')(inp))
    m = keras.models.Model(inputs=inp, outputs=L.Dense(2, activation='softmax')(h))
    m.compile(optimizer=keras.optimizers.RMSprop(lr=0.01), loss='categorical_crossentropy', metrics=['accuracy'])
    before = m.evaluate(x, y, verbose=0)
    hist = m.fit(x, y, batch_size=20, epochs=8, verbose=2, validation_data=(x, y), shuffle=True)
    after = m.evaluate(x, y, verbose=0)
    out = capsys.readouterr().out
    assert out.startswith('Train on 200 samples, validate on 200 samples\nEpoch 1/8\n')
    lines = out.splitlines()
    assert len(lines) == 17 and re.match(r' - \d+s - loss: \d\.\d{4} - acc: ', lines[2])
    assert all(line.count(' - val_loss: ') == 1 and line.endswith(' - val_acc: %.4f' % hist.history['val_acc'][i])
               for i, line in enumerate(lines[2::2]))
    assert sorted(hist.history) == ['acc', 'loss', 'val_acc', 'val_loss']
    assert len(hist.history['loss']) == 8 and hist.epoch == list(range(8))
    assert hist.history['loss'][-1] < hist.history['loss'][0]
    assert after[0] < before[0] - 0.05
    assert after[1] > 0.8
    pred = m.predict(x)
    assert pred.shape == (200, 2)
    np.testing.assert_allclose(pred.sum(-1), 1, rtol=1e-5)
    # Dropout is off at inference: predicting twice gives the same values.
    np.testing.assert_array_equal(pred, m.predict(x, batch_size=7))


def test_binary_crossentropy_and_sequential_without_input_shape():
    rng = np.random.RandomState(2)
    x = rng.randn(128, 3).astype(np.float32)
    y = (x.sum(-1, keepdims=True) > 0).astype(np.float32)
    m = keras.models.Sequential([L.Dense(1, activation='sigmoid')])
    m.compile(optimizer=keras.optimizers.SGD(lr=0.5), loss='binary_crossentropy', metrics=['accuracy'])
    hist = m.fit(x, y, batch_size=16, epochs=5, verbose=0)
    assert hist.history['loss'][-1] < hist.history['loss'][0]
    assert m.evaluate(x, y, verbose=0)[1] > 0.9
    assert m.layers[0].output_shape == (None, 1)


def test_fit_verbose_1_writes_progress_bar(capsys):
    m = keras.models.Sequential([L.Dense(2, activation='softmax', input_dim=4)])
    m.compile('sgd', 'categorical_crossentropy', metrics=['accuracy'])
    m.fit(np.ones((50, 4), np.float32), np.eye(2, dtype=np.float32)[np.arange(50) % 2], batch_size=10,
          epochs=1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == 'Epoch 1/1'
    assert lines[1].startswith('50/50 [==============================] - ')
    assert ' - loss: ' in lines[1] and ' - acc: ' in lines[1]
