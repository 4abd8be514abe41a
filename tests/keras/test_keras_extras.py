"""tf1.keras.backend functions (placeholder/variable, shape queries, math, reductions, Keras losses with
from_logits, function/gradients, learning phase) against real Keras.

Goldens: tests/golden/keras/extras_golden.{json,npz}, recorded from tf_keras in graph mode by
tests/golden/keras/extras_make_golden.py (command in its docstring) on the cases of
tests/golden/keras/extras_backend_cases.py.
"""
import json
import os
import sys

import numpy as np
import pytest

import tf1
from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
sys.path.insert(0, GOLDEN)
import extras_backend_cases as bc  # noqa: E402

with open(os.path.join(GOLDEN, 'extras_golden.json')) as f:
    G = json.load(f)
A = np.load(os.path.join(GOLDEN, 'extras_golden.npz'))
K = keras.backend


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


@pytest.fixture(scope='module')
def backend_values():
    K.clear_session()
    cases = bc.backend_cases(K)
    values = dict(zip(cases, K.batch_get_value(list(cases.values()))))
    K.clear_session()
    return values


NAMES = sorted(k[len('backend/'):] for k in A.files if k.startswith('backend/'))


def test_every_backend_case_has_a_golden():
    K.clear_session()
    assert sorted(bc.backend_cases(K)) == NAMES


@pytest.mark.parametrize('name', NAMES)
def test_backend_values(backend_values, name):
    want = A['backend/' + name]
    got = np.asarray(backend_values[name])
    assert got.shape == want.shape, name
    assert got.dtype == want.dtype, (name, got.dtype, want.dtype)
    if want.dtype.kind in 'biu':
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6)


def test_static_facts_names_shapes_dtypes():
    assert json.loads(json.dumps(bc.static_facts(K))) == G['static']


def test_function_runs_outputs_then_updates_and_gradients():
    x = K.placeholder(shape=(None, 3))
    w = K.variable(np.array([[1.], [2.], [-1.]]), name='w')
    y = K.sum(K.square(K.dot(x, w)))
    grads = K.gradients(y, [w])
    f = K.function([x], [y] + grads, updates=[K.update_add(w, K.constant([[.5], [.5], [.5]]))])
    xv = np.array([[1., 2., 3.], [0., -1., 2.]], np.float32)
    r1, r2 = f([xv]), f([xv])
    assert isinstance(r1, list) and len(r1) == 2
    for i, (a, b) in enumerate([(r1[0], 'call1_y'), (r1[1], 'call1_g'), (r2[0], 'call2_y'), (r2[1], 'call2_g')]):
        np.testing.assert_allclose(a, A['function/' + b], rtol=1e-6)
    np.testing.assert_allclose(K.get_value(w), A['function/w_after'])


def test_function_with_tuple_updates_and_set_get_value():
    v = K.variable(np.zeros(2), name='counter')
    f = K.function([], [v], updates=[(v, v + 1.)])
    f([])
    f([])
    np.testing.assert_allclose(K.get_value(v), [2., 2.])
    K.set_value(v, [5., 6.])
    K.batch_set_value([(v, [7., 8.])])
    assert [list(x) for x in K.batch_get_value([v])] == [[7., 8.]]
    np.testing.assert_allclose(K.eval(v * 2.), [14., 16.])
    with pytest.raises(TypeError):
        K.function(v, [v])


def test_learning_phase_placeholder_and_set_learning_phase():
    lp = K.learning_phase()
    assert lp.name == 'keras_learning_phase:0' and lp.dtype.name == 'bool'
    x = K.constant([1., 2.])
    y = K.in_train_phase(x * 10., x)
    f = K.function([lp], [y])
    np.testing.assert_allclose(f([True])[0], [10., 20.])
    np.testing.assert_allclose(f([False])[0], [1., 2.])
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    np.testing.assert_allclose(K.eval(K.in_train_phase(x * 10., x)), [10., 20.])
    with pytest.raises(ValueError, match='Expected learning phase to be 0 or 1.'):
        K.set_learning_phase(2)


def test_fit_with_fixed_learning_phase_runs():
    K.set_learning_phase(0)
    model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,)), keras.layers.Dropout(0.5)])
    model.compile('sgd', 'mse')
    model.fit(np.ones((4, 3)), np.ones((4, 2)), verbose=0)
    # the learning phase is fixed to 0: Dropout is the identity even while training
    out = model.predict(np.ones((1, 3)))
    np.testing.assert_allclose(K.function([model.input], [model.output])([np.ones((1, 3))])[0], out)


def test_set_epsilon_and_floatx_round_trip():
    K.set_epsilon(1e-5)
    try:
        assert K.epsilon() == 1e-5
    finally:
        K.set_epsilon(1e-7)
    with pytest.raises(ValueError, match='Unknown floatx type'):
        K.set_floatx('int8')
    K.set_floatx('float64')
    try:
        assert K.floatx() == 'float64'
        assert K.dtype(K.placeholder((2,))) == 'float64' and K.cast_to_floatx(1).dtype == np.float64
    finally:
        K.set_floatx('float32')
    assert K.floatx() == 'float32'


OPT_X = np.random.RandomState(3).uniform(-1, 1, (6, 3)).astype(np.float32)
OPT_Y = np.random.RandomState(4).uniform(-1, 1, (6, 2)).astype(np.float32)
OPT_W = [np.random.RandomState(5).uniform(-1, 1, (3, 2)).astype(np.float32), np.array([0.1, -0.2], np.float32)]
OPTIMIZERS = {
    'nadam': lambda O: O.Nadam(),
    'nadam_lr': lambda O: O.Nadam(learning_rate=0.01, beta_1=0.8, beta_2=0.99),
    'adamax': lambda O: O.Adamax(),
    'adamax_lr': lambda O: O.Adamax(learning_rate=0.05, beta_1=0.7, beta_2=0.9),
}


@pytest.mark.parametrize('name', sorted(OPTIMIZERS))
def test_nadam_adamax_three_steps(name):
    """Same runs as extras_make_golden.py's record_optimizers (tf_keras' legacy = TF 1.15's OptimizerV2)."""
    m = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,), name='d')])
    m.compile(OPTIMIZERS[name](keras.optimizers), 'mse')
    m.set_weights(OPT_W)
    for step in range(3):
        loss = m.train_on_batch(OPT_X, OPT_Y)
        assert loss == pytest.approx(G['optimizers'][name][step], rel=1e-5)
        for i, w in enumerate(m.get_weights()):
            np.testing.assert_allclose(w, A['opt/%s/step%d/w%d' % (name, step, i)], rtol=1e-5, atol=1e-6)


def test_optimizers_by_name():
    assert isinstance(keras.optimizers.get('nadam'), keras.optimizers.Nadam)
    assert isinstance(keras.optimizers.get('Adamax'), keras.optimizers.Adamax)


def test_get_uid_reset_uids_and_manual_initialization():
    assert [K.get_uid('foo'), K.get_uid('foo'), K.get_uid('bar')] == [1, 2, 1]
    K.reset_uids()
    assert K.get_uid('foo') == 1
    K.manual_variable_initialization(True)
    try:
        v = K.variable([1., 2.], name='manual')
        sess = K.get_session()
        with pytest.raises(tf1.errors.FailedPreconditionError, match='Attempting to use uninitialized value manual'):
            sess.run(v)  # not initialised by the backend
        sess.run(v.initializer)
        np.testing.assert_allclose(sess.run(v), [1., 2.])
    finally:
        K.manual_variable_initialization(False)
