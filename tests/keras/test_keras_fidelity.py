"""tf.keras fidelity against TF 1.15 (tf_keras v1 layers as the oracle): default names, regularizers
(`layer.losses` / `model.losses`, added to the training loss), constraints (applied after each update),
masking (Embedding(mask_zero=True), Masking, RNNs carrying outputs and states over masked steps, the
masked training loss), RNN dropout / recurrent_dropout (training only), summary() "Connected to",
clone_model.

Goldens: tests/golden/keras/keras_fidelity.{json,npz}, recorded by
tests/golden/keras/make_keras_fidelity_golden.py (command in its docstring) on the models of
tests/golden/keras/fidelity_models.py.
"""
import contextlib
import io
import json
import os
import re
import sys

import numpy as np
import pytest

import tf1 as tf
from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
sys.path.insert(0, GOLDEN)
from fidelity_models import MODELS, build, naming_cases  # noqa: E402

with open(os.path.join(GOLDEN, 'keras_fidelity.json')) as f:
    G = json.load(f)
A = np.load(os.path.join(GOLDEN, 'keras_fidelity.npz'))
L = keras.layers


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def tf115_name(name):
    """tf_keras' `lstm/lstm_cell/kernel:0` is TF 1.15's `lstm/kernel:0`."""
    return re.sub(r'/[a-z_]+_cell/', '/', name)


def test_default_names_follow_tf115():
    assert naming_cases(tf, keras) == G['names']


@pytest.mark.parametrize('name', sorted(MODELS))
def test_regularization_masking_and_constraints_match_keras(name):
    """Fixed weights and inputs: outputs, the regularization penalties (`model.losses`), and three SGD
    steps: their losses (penalties included, masked steps weighted out) and the weights afterwards
    (the constraints applied after each update)."""
    want = G['models'][name]
    model = build(name, keras)
    assert [w.name for w in model.weights] == [tf115_name(n) for n in want['weight_names']]
    # one set_weights / get_weights for the whole model: each run of new fetches costs an XLA compile
    model.set_weights([A['%s/w0/%s/%d' % (name, layer.name, i)] for layer in model.layers
                       for i in range(len(layer.weights))])
    x = A[name + '/x']
    # outputs and penalties in one run
    values = keras.backend.get_session().run(model.outputs + model.losses, {model.inputs[0]: x})
    ys, losses = values[:len(model.outputs)], values[len(model.outputs):]
    for i, y in enumerate(ys):
        np.testing.assert_allclose(y, A['%s/y%d' % (name, i)], rtol=2e-5, atol=2e-6)
    np.testing.assert_allclose(losses, want['losses'], rtol=2e-5, atol=1e-7)
    loss = MODELS[name][1]
    if loss is None:
        return
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss=loss)
    got = [model.train_on_batch(x, A[name + '/target']) for _ in range(3)]
    np.testing.assert_allclose(got, want['train_losses'], rtol=2e-5)
    keys = ['%s/w3/%s/%d' % (name, layer.name, i) for layer in model.layers for i in range(len(layer.weights))]
    for key, w in zip(keys, model.get_weights()):
        np.testing.assert_allclose(w, A[key], rtol=2e-5, atol=2e-6, err_msg=key)


def test_layer_losses_and_regularizer_values():
    d = L.Dense(2, kernel_initializer='ones', bias_initializer='ones',
                kernel_regularizer=keras.regularizers.l1_l2(l1=0.1, l2=0.2), bias_regularizer='l2',
                activity_regularizer=keras.regularizers.l1(0.5))
    x = L.Input((3,))
    d(x)
    assert len(d.losses) == 3  # activity first, then kernel and bias
    act, kernel, bias = keras.backend.get_session().run(d.losses, {x: np.ones((4, 3), np.float32)})
    assert kernel == pytest.approx(6 * 0.1 + 6 * 0.2)
    assert bias == pytest.approx(2 * 0.01)
    assert act == pytest.approx(0.5 * 4 * 2 * 4 / 4)  # the penalty over the batch, divided by its size
    assert keras.regularizers.l2(0.)(tf.constant([3.])).op.type == 'Const'


def test_constraints_project_as_tf_keras():
    C = keras.constraints
    w = np.array([[3., -4.], [4., 3.]], np.float32)
    sess = tf.Session()
    np.testing.assert_allclose(sess.run(C.max_norm(2.)(tf.constant(w))), w * 2 / (5 + 1e-7), rtol=1e-6)
    np.testing.assert_array_equal(sess.run(C.non_neg()(tf.constant(w))), [[3, 0], [4, 3]])
    np.testing.assert_allclose(sess.run(C.unit_norm(axis=1)(tf.constant(w))), w / 5, rtol=1e-6)
    np.testing.assert_allclose(sess.run(C.MinMaxNorm(1., 4., rate=0.5)(tf.constant(w))),
                               w * (0.5 * 4 + 0.5 * 5) / 5, rtol=1e-6)
    assert isinstance(C.get('max_norm'), C.MaxNorm) and C.get(None) is None


def run_training_and_inference(model, x):
    sess = keras.backend.get_session()
    phase = keras.backend.learning_phase()
    out = model.outputs[0]
    return sess.run(out, {model.inputs[0]: x, phase: True}), sess.run(out, {model.inputs[0]: x})


def test_simple_rnn_dropout_masks_inputs_once_per_sequence():
    """Identity kernel, zero recurrence: each step's output is the input times the dropout mask, which
    keeps units with probability 1 - rate scaled by 1 / (1 - rate), the same mask at every step; at
    inference the output is the input."""
    rnn = L.SimpleRNN(8, activation='linear', use_bias=False, dropout=0.25, return_sequences=True,
                      kernel_initializer='zeros', recurrent_initializer='zeros')
    x = L.Input((3, 8))
    model = keras.models.Model(x, rnn(x))
    rnn.set_weights([np.eye(8, dtype=np.float32), np.zeros((8, 8), np.float32)])
    data = np.ones((2000, 3, 8), np.float32)
    train, infer = run_training_and_inference(model, data)
    np.testing.assert_array_equal(infer, data)
    assert set(np.unique(train).tolist()) <= {0., np.float32(1 / 0.75)}
    assert abs((train == 0).mean() - 0.25) < 0.02
    np.testing.assert_array_equal(train[:, 0], train[:, 1])
    np.testing.assert_array_equal(train[:, 0], train[:, 2])


def test_recurrent_dropout_masks_the_previous_state():
    """Identity kernels: h_t = x_t + mask * h_{t-1}, so h_2 = 1 + mask with mask in {0, 1/keep}."""
    rnn = L.SimpleRNN(6, activation='linear', use_bias=False, recurrent_dropout=0.5, return_sequences=True)
    x = L.Input((2, 6))
    model = keras.models.Model(x, rnn(x))
    rnn.set_weights([np.eye(6, dtype=np.float32), np.eye(6, dtype=np.float32)])
    train, infer = run_training_and_inference(model, np.ones((1000, 2, 6), np.float32))
    np.testing.assert_array_equal(infer[:, 1], np.full((1000, 6), 2., np.float32))
    np.testing.assert_array_equal(train[:, 0], np.ones((1000, 6), np.float32))
    assert set(np.unique(train[:, 1]).tolist()) == {1., 3.}
    assert abs((train[:, 1] == 1.).mean() - 0.5) < 0.03


def test_gated_rnn_dropout_is_training_only():
    """LSTM and GRU with dropout and recurrent_dropout: at inference the outputs of the same layers
    without dropout; in training other (random) outputs of the same shape."""
    x = L.Input((2, 3))
    # equal seeded initial weights for the layers with and without dropout
    init = dict(kernel_initializer=tf.glorot_uniform_initializer(seed=3),
                recurrent_initializer=tf.glorot_uniform_initializer(seed=4), return_sequences=True)
    drop = dict(init, dropout=0.4, recurrent_dropout=0.3)
    layers = [L.LSTM(3, **init), L.LSTM(3, **drop), L.GRU(3, **init), L.GRU(3, **drop)]
    model = keras.models.Model(x, [layer(x) for layer in layers])
    data = np.random.RandomState(0).uniform(-1, 1, (64, 2, 3)).astype(np.float32)
    sess = keras.backend.get_session()
    infer = sess.run(model.outputs, {x: data})
    np.testing.assert_allclose(infer[1], infer[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(infer[3], infer[2], rtol=1e-5, atol=1e-6)
    train1, train2 = [sess.run(model.outputs, {x: data, keras.backend.learning_phase(): True}) for _ in range(2)]
    np.testing.assert_array_equal(train1[0], infer[0])  # no dropout: training changes nothing
    for i in (1, 3):
        assert train1[i].shape == (64, 2, 3)
        assert np.abs(train1[i] - infer[i]).max() > 1e-2 and np.abs(train1[i] - train2[i]).max() > 1e-2


def test_fit_trains_with_rnn_dropout():
    model = keras.models.Sequential([L.LSTM(2, dropout=0.2, recurrent_dropout=0.2, input_shape=(2, 2)),
                                     L.Dense(1)])
    model.compile('sgd', 'mse')
    data = np.random.RandomState(1).uniform(-1, 1, (16, 2, 2)).astype(np.float32)
    history = model.fit(data, data[:, 0, :1], epochs=1, batch_size=16, verbose=0)
    assert len(history.history['loss']) == 1 and np.isfinite(history.history['loss'][0])


def test_masks_propagate_and_drop_as_tf115():
    x = L.Input((4,))
    e = L.Embedding(5, 2, mask_zero=True)(x)
    assert e._keras_mask is not None
    seq = L.LSTM(3, return_sequences=True)(e)
    assert seq._keras_mask is e._keras_mask  # return_sequences keeps the mask
    assert L.Dense(2)(seq)._keras_mask is e._keras_mask  # Dense supports masking
    assert L.LSTM(3)(e)._keras_mask is None  # the last output has no time axis
    assert L.Flatten()(e)._keras_mask is None  # Flatten drops it
    mask = keras.backend.get_session().run(e._keras_mask, {x: [[1, 0, 2, 0]]})
    np.testing.assert_array_equal(mask, [[True, False, True, False]])
    m = L.Masking(-1.)(L.Input((3, 2)))
    assert m._keras_mask.get_shape().as_list() == [None, 3]


def test_masked_rnn_ignores_padding():
    """A sequence and the same sequence with masked steps appended (or inserted) give the same final
    output and states."""
    x = L.Input((6,))
    out, h, c = L.LSTM(3, return_state=True)(L.Embedding(9, 2, mask_zero=True)(x))
    model = keras.models.Model(x, [out, h, c])
    a = model.predict(np.array([[3, 5, 7, 0, 0, 0], [3, 0, 5, 0, 7, 0], [3, 5, 7, 2, 2, 2]]))
    for got in a:
        np.testing.assert_allclose(got[0], got[1], rtol=1e-6)
        assert np.abs(got[0] - got[2]).max() > 1e-3
    np.testing.assert_array_equal(a[0], a[1])


# The layers, order and connections tf_keras prints for this model, in TF 1.15's layout.
FUNCTIONAL_SUMMARY = """\
Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to                     
==================================================================================================
input_1 (InputLayer)            (None, 3)            0                                            
__________________________________________________________________________________________________
dense (Dense)                   (None, 4)            16          input_1[0][0]                    
__________________________________________________________________________________________________
dense_1 (Dense)                 (None, 4)            16          input_1[0][0]                    
__________________________________________________________________________________________________
add (Add)                       (None, 4)            0           dense[0][0]                      
                                                                 dense_1[0][0]                    
__________________________________________________________________________________________________
dense_2 (Dense)                 (None, 4)            20          add[0][0]                        
                                                                 dense[0][0]                      
==================================================================================================
Total params: 52
Trainable params: 52
Non-trainable params: 0
__________________________________________________________________________________________________
"""


def summary_text(model):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.summary()
    return buf.getvalue()


def shared_layer_model():
    x = L.Input((3,))
    a = L.Dense(4)(x)
    b = L.Dense(4)(x)
    shared = L.Dense(4)
    return keras.models.Model(x, [shared(L.add([a, b])), shared(a)])


def test_summary_of_a_branching_model_prints_connections():
    """TF 1.15's print_summary (tensorflow/python/keras/utils/layer_utils.py): 98 columns, "Connected
    to" as `layer[node][tensor]`, one row per connection; a shared layer lists each of its calls."""
    assert summary_text(shared_layer_model()) == FUNCTIONAL_SUMMARY


def test_clone_model_rebuilds_the_graph_with_new_weights():
    model = shared_layer_model()
    clone = keras.models.clone_model(model)
    assert clone is not model and clone.name == model.name
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert not any(w is v for w in clone.weights for v in model.weights)
    # As TF 1.15's clone_model, the nodes are re-made deepest first: the shared layer's call on `dense`
    # becomes its node 0.
    lines = FUNCTIONAL_SUMMARY.splitlines()
    assert lines[-7:-5] == ['dense_2 (Dense)'.ljust(32) + '(None, 4)'.ljust(21) + '20'.ljust(12) + 'add[0][0]'.ljust(33),
                            ' ' * 65 + 'dense[0][0]'.ljust(33)]
    lines[-7:-5] = ['dense_2 (Dense)'.ljust(32) + '(None, 4)'.ljust(21) + '20'.ljust(12) + 'dense[0][0]'.ljust(33),
                    ' ' * 65 + 'add[0][0]'.ljust(33)]
    assert summary_text(clone) == '\n'.join(lines) + '\n'
    clone.set_weights(model.get_weights())
    data = np.random.RandomState(0).uniform(-1, 1, (5, 3)).astype(np.float32)
    for got, want in zip(clone.predict(data), model.predict(data)):
        np.testing.assert_allclose(got, want, rtol=1e-6)
    seq = keras.models.Sequential([L.Dense(3, input_shape=(2,), kernel_regularizer='l2'), L.Dense(1)])
    seq_clone = keras.models.clone_model(seq)
    assert isinstance(seq_clone, keras.models.Sequential) and len(seq_clone.losses) == 1
    assert [w.get_shape().as_list() for w in seq_clone.weights] == [[2, 3], [3], [3, 1], [1]]
    # a new input tensor
    inp = L.Input((3,), name='new_in')
    on_new = keras.models.clone_model(model, input_tensors=inp)
    assert on_new.inputs[0] is inp


def test_masked_loss_and_metric_in_evaluate():
    """TF 1.15: the loss sums the per-step losses of the kept steps over all steps (SUM_OVER_BATCH_SIZE);
    a metric is the mean over the kept steps only."""
    model = keras.models.Sequential([L.Embedding(6, 3, mask_zero=True, input_length=4),
                                     L.SimpleRNN(2, return_sequences=True, activation='softmax')])
    model.compile('sgd', 'mse', metrics=['acc'])
    x = np.array([[1, 2, 0, 0], [3, 0, 4, 5], [1, 1, 1, 1]])
    y = np.random.RandomState(2).uniform(0, 1, (3, 4, 2)).astype(np.float32)
    pred = model.predict(x)
    kept = (x != 0).astype(np.float32)
    mse = ((pred - y) ** 2).mean(-1)
    acc = (pred.argmax(-1) == y.argmax(-1)).astype(np.float32)
    loss, metric = model.evaluate(x, y, verbose=0)
    assert loss == pytest.approx((mse * kept).sum() / mse.size, rel=1e-5)
    assert metric == pytest.approx((acc * kept).sum() / kept.sum(), rel=1e-5)


def test_callable_regularizer_and_model_losses_in_training_loss():
    x = L.Input((2,))
    d = L.Dense(1, kernel_initializer='ones', use_bias=False,
                kernel_regularizer=lambda w: 0.5 * tf.reduce_sum(w))
    model = keras.models.Model(x, d(x))
    model.compile(keras.optimizers.SGD(lr=0.), 'mse')
    assert len(model.losses) == 1
    loss = model.train_on_batch(np.zeros((1, 2), np.float32), np.zeros((1, 1), np.float32))
    assert loss == pytest.approx(1.0)  # mse 0 + 0.5 * (1 + 1)


def test_summary_of_an_unbuilt_sequential_raises():
    with pytest.raises(ValueError, match='This model has not yet been built'):
        keras.models.Sequential([L.Dense(2)]).summary()


def test_backend_initialises_only_variables_not_set_by_set_weights():
    d = L.Dense(2, kernel_initializer='ones')
    d(L.Input((2,)))
    d.set_weights([np.full((2, 2), 3., np.float32), np.zeros(2, np.float32)])
    np.testing.assert_array_equal(d.get_weights()[0], np.full((2, 2), 3., np.float32))
