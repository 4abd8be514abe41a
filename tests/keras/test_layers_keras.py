"""tf1.keras layers (Conv1D/2D, pooling, Embedding, LSTM/GRU, Bidirectional, BatchNormalization, Reshape,
Permute, RepeatVector, Lambda, merge layers, ZeroPadding2D, UpSampling2D, Conv2DTranspose, LeakyReLU,
TimeDistributed) against real Keras.

Goldens: tests/golden/keras/layers_golden.{json,npz}, recorded from tf_keras (v1 LSTM/GRU, TF 1.15's) by
tests/golden/keras/layers_make_golden.py (command in its docstring) on the models of
tests/golden/keras/layers_models.py. TF 1.15 wins where tf_keras differs: RNN weights are
`lstm/kernel:0` (tf_keras: `lstm/lstm_cell/kernel:0`), an InputLayer's output shape is a tuple (tf_keras:
a list of one tuple), and summary() prints TF 1.15's table rows (tf_keras 2.x indents and wraps).
"""
import io
import json
import os
import re
import sys
import contextlib

import numpy as np
import pytest

from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
sys.path.insert(0, GOLDEN)
from layers_models import MODELS, TRAIN, build  # noqa: E402

with open(os.path.join(GOLDEN, 'layers_golden.json')) as f:
    G = json.load(f)
A = np.load(os.path.join(GOLDEN, 'layers_golden.npz'))
L = keras.layers


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def tf115_name(name):
    """tf_keras' `lstm/lstm_cell/kernel:0` is TF 1.15's `lstm/kernel:0`."""
    return re.sub(r'/[a-z_]+_cell/', '/', name)


def tf115_shape(shape):
    if isinstance(shape, list) and shape and isinstance(shape[0], list):
        return shape[0] if len(shape) == 1 else [list(s) for s in shape]
    return shape


def as_list(shape):
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)


@pytest.mark.parametrize('name', MODELS)
def test_layers_output_shapes_params_and_weight_names(name):
    model = build(name, keras)
    want = G[name]['layers']
    got = [{'name': l.name, 'class': l.__class__.__name__, 'output_shape': as_list(l.output_shape),
            'params': l.count_params(), 'weights': [[w.name, w.get_shape().as_list()] for w in l.weights]}
           for l in model.layers]
    for w in want:
        w['output_shape'] = tf115_shape(w['output_shape'])
        w['weights'] = [[tf115_name(n), s] for n, s in w['weights']]
    # In Keras' order: by depth from the inputs, as TF 1.15's Network lists its layers.
    assert got == want
    assert model.count_params() == G[name]['count_params']
    assert [w.name for w in model.trainable_weights] == [tf115_name(n) for n in G[name]['trainable']]
    assert [w.name for w in model.non_trainable_weights] == [tf115_name(n) for n in G[name]['non_trainable']]


def set_fixed_weights(model, name, stage='w0'):
    for layer in model.layers:
        n = len(layer.weights)
        if n:
            layer.set_weights([A['%s/%s/%s/%d' % (name, stage, layer.name, i)] for i in range(n)])


def inputs(name):
    xs = []
    while '%s/x%d' % (name, len(xs)) in A:
        xs.append(A['%s/x%d' % (name, len(xs))])
    return xs


@pytest.mark.parametrize('name', MODELS)
def test_outputs_and_sgd_steps_match_keras(name):
    """Outputs on fixed inputs with fixed weights (BatchNormalization then uses its moving statistics);
    for the TRAIN models also three SGD train_on_batch steps from those weights: losses, every weight
    afterwards (BatchNormalization's moving statistics included, updated only while training) and the
    predictions afterwards. One model per test: each new graph costs XLA compiles."""
    model = build(name, keras)
    set_fixed_weights(model, name)
    xs = inputs(name)
    ys = model.predict(xs if len(xs) > 1 else xs[0])
    ys = ys if isinstance(ys, list) else [ys]
    assert len(ys) == G[name]['n_outputs']
    for i, y in enumerate(ys):
        np.testing.assert_allclose(y, A['%s/y%d' % (name, i)], rtol=2e-5, atol=2e-6)
    if name not in TRAIN:
        return
    model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss=TRAIN[name])
    x = xs[0]
    target = A['%s/target' % name]
    losses = [model.train_on_batch(x, target) for _ in range(3)]
    np.testing.assert_allclose(losses, G[name]['losses'], rtol=2e-5)
    for layer in model.layers:
        for i, w in enumerate(layer.get_weights()):
            np.testing.assert_allclose(w, A['%s/w3/%s/%d' % (name, layer.name, i)], rtol=2e-5, atol=2e-6,
                                       err_msg='%s weight %d' % (layer.name, i))
    np.testing.assert_allclose(model.predict(x), A['%s/y_after' % name], rtol=2e-5, atol=2e-6)


def summary_lines(model):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.summary()
    return buf.getvalue().splitlines()


def tf115_row(fields, positions=(29, 55, 65)):
    """A summary row as TF 1.15 / Keras 2.2 lays it out: each field cut at its column's end."""
    line = ''
    for i, field in enumerate(fields):
        if i > 0:
            line = line[:-1] + ' '
        line += str(field)
        line = line[:positions[i]]
        line += ' ' * (positions[i] - len(line))
    return line


def shape_text(shape):
    if isinstance(shape, list) and shape and isinstance(shape[0], list):
        return str([tuple(s) for s in shape])
    return str(tuple(shape))


def golden_connections(lines):
    """{layer name: ['inbound[node][tensor]', ...]} from tf_keras' "Connected to" column (a list repr,
    possibly wrapped over several lines)."""
    out, current = {}, None
    for line in lines[4:]:
        m = re.match(r'^ (\S+) \(', line)
        if m:
            current = out.setdefault(m.group(1), [])
        if current is not None:
            current += re.findall(r"'([^']+\[\d+\]\[\d+\])'", line)
    return out


@pytest.mark.parametrize('name', ['cnn', 'seq', 'bn_conv', 'rnn_misc', 'vision', 'merge'])
def test_summary_rows_and_totals(name):
    """TF 1.15's table: 3 columns for sequential-like models; for branching ones (vision: two heads;
    merge: layers on two inputs) 98 wide with "Connected to", one more row per further connection."""
    lines = summary_lines(build(name, keras))
    golden_lines = G[name]['summary']
    branching = 'Connected to' in golden_lines[2]
    connections = golden_connections(golden_lines)
    rows = []
    for l in G[name]['layers']:
        fields = ['%s (%s)' % (l['name'], l['class']), shape_text(tf115_shape(l['output_shape'])), l['params']]
        if not branching:
            rows.append(tf115_row(fields))
            continue
        conns = connections[l['name']]
        rows.append(tf115_row(fields + [conns[0] if conns else ''], (32, 53, 65, 98)))
        rows += [tf115_row(['', '', '', c], (32, 53, 65, 98)) for c in conns[1:]]
    body = [ln for ln in lines if ln and not set(ln) <= set('_=')]
    assert body[0] == golden_lines[0]  # Model: "<name>"
    assert lines[1] == '_' * (98 if branching else 65)
    body = body[1:]
    assert body[0].rstrip().endswith('Connected to') == branching
    assert body[1:1 + len(rows)] == rows
    total = G[name]['count_params']
    trainable = int(re.search(r'Trainable params: ([\d,]+)', '\n'.join(golden_lines)).group(1).replace(',', ''))
    assert body[1 + len(rows):] == ['Total params: {:,}'.format(total), 'Trainable params: {:,}'.format(trainable),
                                    'Non-trainable params: {:,}'.format(total - trainable)]


def test_summary_text_of_a_cnn_is_tf115_table():
    m = build('cnn', keras)
    assert '\n'.join(summary_lines(m)) == '\n'.join([
        'Model: "cnn"',
        '_' * 65,
        'Layer (type)                 Output Shape              Param #   ',
        '=' * 65,
        'conv (Conv2D)                (None, 6, 6, 4)           76        ',
        '_' * 65,
        'pool (MaxPooling2D)          (None, 3, 3, 4)           0         ',
        '_' * 65,
        'conv_b (Conv2D)              (None, 3, 3, 3)           51        ',
        '_' * 65,
        'avg (AveragePooling2D)       (None, 2, 2, 3)           0         ',
        '_' * 65,
        'flat (Flatten)               (None, 12)                0         ',
        '_' * 65,
        'out (Dense)                  (None, 3)                 39        ',
        '=' * 65,
        'Total params: 166',
        'Trainable params: 166',
        'Non-trainable params: 0',
        '_' * 65])


def test_default_names_and_variable_names_follow_the_layer_counter():
    m = keras.models.Sequential([L.Conv2D(2, 3, input_shape=(5, 5, 1)), L.MaxPooling2D(),
                                 L.BatchNormalization(), L.Flatten(), L.Dense(2)])
    # TF 1.15's zero-based names (checked with tf_keras under TF_USE_LEGACY_KERAS=1).
    assert [l.name for l in m.layers] == ['conv2d', 'max_pooling2d', 'batch_normalization',
                                          'flatten', 'dense']
    assert [w.name for w in m.trainable_weights] == [
        'conv2d/kernel:0', 'conv2d/bias:0', 'batch_normalization/gamma:0',
        'batch_normalization/beta:0', 'dense/kernel:0', 'dense/bias:0']
    assert [w.name for w in m.layers[2].weights] == [
        'batch_normalization/gamma:0', 'batch_normalization/beta:0',
        'batch_normalization/moving_mean:0', 'batch_normalization/moving_variance:0']
    s = keras.models.Sequential([L.Embedding(10, 3, input_length=4), L.LSTM(2), L.Dense(1)])
    assert [w.name for w in s.weights] == ['embedding/embeddings:0', 'lstm/kernel:0',
                                           'lstm/recurrent_kernel:0', 'lstm/bias:0', 'dense_1/kernel:0',
                                           'dense_1/bias:0']


def test_lstm_default_bias_has_unit_forget_bias_and_defaults_are_tf115():
    lstm = L.LSTM(3, recurrent_initializer='zeros')  # (orthogonal's QR only costs compile time here)
    x = L.Input((4, 2))
    lstm(x)
    bias = keras.backend.get_session().run(lstm.bias)
    np.testing.assert_array_equal(bias, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    gru = L.GRU(2)
    gru(x)
    assert gru.bias.get_shape().as_list() == [6]  # reset_after=False
    assert lstm.get_config()['recurrent_activation'] == 'hard_sigmoid'
    assert gru.get_config()['recurrent_activation'] == 'hard_sigmoid'


def test_get_config_basics():
    c = L.Conv2D(8, (3, 3), strides=2, padding='same', activation='relu', name='c').get_config()
    assert (c['name'], c['filters'], c['kernel_size'], c['strides'], c['padding'], c['activation']) == \
        ('c', 8, (3, 3), (2, 2), 'same', 'relu')
    p = L.MaxPooling2D().get_config()
    assert (p['pool_size'], p['strides'], p['padding']) == ((2, 2), (2, 2), 'valid')
    e = L.Embedding(100, 8, input_length=5).get_config()
    assert (e['input_dim'], e['output_dim'], e['input_length']) == (100, 8, 5)
    assert L.Concatenate(axis=1).get_config()['axis'] == 1
    assert L.LeakyReLU().get_config()['alpha'] == pytest.approx(0.3)


def test_batch_normalization_uses_moving_statistics_outside_training():
    m = build('bn_dense', keras)
    set_fixed_weights(m, 'bn_dense')
    before = m.get_layer('bn').get_weights()
    m.predict(np.ones((3, 3), np.float32))
    after = m.get_layer('bn').get_weights()
    for b, a in zip(before, after):
        np.testing.assert_array_equal(a, b)


def test_merge_layer_needs_a_list_and_permute_checks_dims():
    x = L.Input((3,))
    with pytest.raises(ValueError, match='merge layer should be called on a list'):
        L.Add()([x])
    with pytest.raises(ValueError, match='Invalid permutation'):
        L.Permute((1, 3))
    with pytest.raises(ValueError, match='Invalid merge mode'):
        L.Bidirectional(L.LSTM(2), merge_mode='max')


def test_reshape_with_unknown_dimension_and_lambda_output_shape():
    x = L.Input((12,))
    r = L.Reshape((-1, 4))(x)
    assert r._keras_shape == (None, 3, 4)
    lam = L.Lambda(lambda t: t[:, :2], output_shape=(2, 4))
    assert lam(r)._keras_shape == (None, 2, 4)
    with pytest.raises(ValueError, match='total size of new array must be unchanged'):
        L.Reshape((5, 5))(x)


def test_keras_2_module_paths_resolve():
    from tf1 import compat_shim
    assert compat_shim._lookup('keras.layers.convolutional').Conv2D is L.Conv2D
    assert compat_shim._lookup('keras.layers.pooling').MaxPooling2D is L.MaxPooling2D
    assert compat_shim._lookup('keras.layers.recurrent').LSTM is L.LSTM
    assert compat_shim._lookup('keras.layers.embeddings').Embedding is L.Embedding
    assert compat_shim._lookup('keras.layers.normalization').BatchNormalization is L.BatchNormalization
    assert compat_shim._lookup('keras.layers.merge').concatenate is L.concatenate
    assert compat_shim._lookup('keras.layers.wrappers').TimeDistributed is L.TimeDistributed
    assert L.Convolution2D is L.Conv2D and L.MaxPool2D is L.MaxPooling2D


def test_embedding_casts_float_inputs_and_keeps_float32_dtype():
    emb = L.Embedding(5, 2, embeddings_initializer='ones', input_length=3)
    assert emb.dtype == 'float32'
    m = keras.models.Sequential([emb])
    assert m.input.dtype.name == 'float32'
    out = m.predict(np.array([[0., 4., 2.]], np.float32))
    np.testing.assert_array_equal(out, np.ones((1, 3, 2), np.float32))
