"""tf1.keras.utils.Sequence with fit_generator / evaluate_generator / predict_generator (and fit /
evaluate / predict given a Sequence or generator) against real Keras.

Goldens: tests/golden/keras/extras_golden.json ('generators'), recorded from tf_keras in graph mode by
tests/golden/keras/extras_make_golden.py (command in its docstring) with the runs of
tests/golden/keras/extras_generator_cases.py. metrics=['mae'] is named `mean_absolute_error` in the
history, as TF 1.15 names it.
"""
import json
import os
import sys

import numpy as np
import pytest

from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
sys.path.insert(0, GOLDEN)
import extras_generator_cases as gc  # noqa: E402

with open(os.path.join(GOLDEN, 'extras_golden.json')) as f:
    G = json.load(f)['generators']
K = keras.backend


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


@pytest.fixture(scope='module')
def runs():
    K.clear_session()
    out = gc.run(keras)
    K.clear_session()
    return out


def _history(h):
    return dict(h)


@pytest.mark.parametrize('key', ['seq_history', 'gen_history'])
def test_fit_generator_history(runs, key):
    want = _history(G[key])
    got = runs[key]
    assert sorted(got) == sorted(want)
    for k in want:
        np.testing.assert_allclose(got[k], want[k], rtol=1e-5, err_msg=k)


@pytest.mark.parametrize('key', ['seq_weights', 'gen_weights', 'evaluate', 'evaluate_gen', 'predict',
                                 'predict_gen'])
def test_generator_values(runs, key):
    for got, want in zip(runs[key], G[key]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=key)
    assert len(runs[key]) == len(G[key])


def test_sequence_on_epoch_end_runs_each_epoch(runs):
    assert runs['seq_epochs_ended'] == G['seq_epochs_ended'] == 2


def test_fit_evaluate_predict_take_a_sequence():
    m = gc.model(keras)
    h = m.fit(gc.make_sequence(keras), epochs=2, verbose=0, shuffle=False,
              validation_data=gc.make_sequence(keras, 3))
    want = _history(G['seq_history'])
    for k in want:
        np.testing.assert_allclose(h.history[k], want[k], rtol=1e-5, err_msg=k)
    np.testing.assert_allclose(m.evaluate(gc.make_sequence(keras), verbose=0), [
        v for v in m.evaluate_generator(gc.make_sequence(keras))], rtol=1e-6)
    np.testing.assert_allclose(m.predict(gc.make_sequence(keras)), m.predict(gc.X), rtol=1e-6)


def test_unbuilt_sequential_builds_from_the_first_batch_and_errors():
    m = keras.models.Sequential([keras.layers.Dense(2)])
    m.compile('sgd', 'mse')
    m.fit_generator(gc.generator(), steps_per_epoch=3, epochs=1, verbose=0)
    assert m.built and m.input_shape == (None, 3)
    with pytest.raises(ValueError, match='`steps_per_epoch=None` is only valid for a generator based on '
                                         'the `keras.utils.Sequence` class'):
        m.fit_generator(gc.generator())
    with pytest.raises(ValueError, match='Output of generator should be a tuple'):
        m.fit_generator(iter([gc.X]), steps_per_epoch=1, verbose=0)
    shuffled = gc.make_sequence(keras)
    m.fit_generator(shuffled, epochs=3, verbose=0)  # shuffle=True: every batch still seen once an epoch
    assert shuffled.epochs_ended == 3
