"""TF 1.15's Keras HDF5 files: whole models (Model.save / keras.models.save_model / load_model) and
weights (save_weights / load_weights of .h5), checked against files real Keras wrote and read
(tests/golden/keras/hdf5/, made by make_hdf5_golden.py there)."""
import json
import os
import sys

import h5py
import numpy as np
import pytest

import tf1

keras = tf1.keras
GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras', 'hdf5')
sys.path.insert(0, GOLDEN)
import make_hdf5_golden as maker  # noqa: E402  (the models and data the goldens were made from)

ARRAYS = np.load(os.path.join(GOLDEN, 'hdf5_golden.npz'))
DATA = maker.inputs()
X_OF = {'dense': 'x_dense', 'func': 'x_image', 'trained': 'x_dense'}


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def golden(name):
    return os.path.join(GOLDEN, name)


def text(value):
    return value.decode('utf8') if isinstance(value, bytes) else str(value)


# files written by real Keras ---------------------------------------------------------------------------
@pytest.mark.parametrize('name', ['dense', 'func', 'trained'])
def test_loads_keras_files_and_predicts_what_keras_did(name):
    model = keras.models.load_model(golden('tf_%s.h5' % name))
    np.testing.assert_allclose(model.predict(DATA[X_OF[name]]), ARRAYS['tf_' + name], rtol=1e-5, atol=1e-6)


def test_keras_model_layers_and_weights_come_back():
    model = keras.models.load_model(golden('tf_func.h5'))
    assert model.name == 'conv_bn_lstm'
    assert [l.name for l in model.layers] == ['image', 'conv', 'bn', 'rows', 'lstm', 'logits']
    with h5py.File(golden('tf_func.h5'), 'r') as f:
        group = f['model_weights']['bn']
        saved = [np.asarray(group[text(n)]) for n in group.attrs['weight_names']]
    for value, expected in zip(model.get_layer('bn').get_weights(), saved):
        np.testing.assert_array_equal(value, expected)
    assert model.optimizer is None  # saved uncompiled: load_model leaves it so


def test_keras_trained_model_is_compiled_with_its_optimizer_state():
    model = keras.models.load_model(golden('tf_trained.h5'))
    sess = keras.backend.get_session()
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert model.loss == 'categorical_crossentropy'
    assert model.metrics_names == ['loss', 'acc']
    assert sess.run(model.optimizer.iterations) == ARRAYS['tf_trained_optimizer'] == 6
    np.testing.assert_allclose(sess.run(model.optimizer.lr), 0.01, rtol=1e-7)
    with h5py.File(golden('tf_trained.h5'), 'r') as f:
        group = f['optimizer_weights']
        names = [text(n) for n in group.attrs['weight_names']]
        saved = {n: np.asarray(group[n]) for n in names}
    m_kernel = model.optimizer.weights[1]  # the first layer kernel's first moment
    np.testing.assert_array_equal(sess.run(m_kernel), saved['training/Adam/d1/kernel/m:0'])
    # The next train step continues from the restored moments, as it did in Keras.
    model.train_on_batch(DATA['x_train'][:8], DATA['y_train'][:8])
    np.testing.assert_allclose(model.predict(DATA['x_dense']), ARRAYS['tf_trained_step'], rtol=1e-5, atol=1e-6)


def test_compile_false_and_h5py_file_objects():
    with h5py.File(golden('tf_trained.h5'), 'r') as f:
        model = keras.models.load_model(f, compile=False)
        assert f.id.valid  # a file passed in stays open
    assert model.optimizer is None
    np.testing.assert_allclose(model.predict(DATA['x_dense']), ARRAYS['tf_trained'], rtol=1e-5, atol=1e-6)


def test_load_weights_of_keras_files_topological_and_by_name():
    dense = maker.dense_model(keras)
    dense.load_weights(golden('tf_dense_weights.h5'))
    np.testing.assert_allclose(dense.predict(DATA['x_dense']), ARRAYS['tf_dense'], rtol=1e-5, atol=1e-6)
    # A whole-model file's weights load too (its `model_weights` group).
    func = maker.func_model(keras)
    func.load_weights(golden('tf_func.h5'))
    np.testing.assert_allclose(func.predict(DATA['x_image']), ARRAYS['tf_func'], rtol=1e-5, atol=1e-6)
    # by_name: only the layers whose names are in the file; the others keep their values.
    L = keras.layers
    other = keras.models.Sequential([L.Dense(3, activation='relu', input_shape=(4,), name='hidden'),
                                     L.Dense(5, name='new_head')])
    head = other.get_layer('new_head').get_weights()
    other.load_weights(golden('tf_dense_weights.h5'), by_name=True)
    with h5py.File(golden('tf_dense_weights.h5'), 'r') as f:
        kernel = np.asarray(f['hidden']['hidden/kernel:0'])
    np.testing.assert_array_equal(other.get_layer('hidden').get_weights()[0], kernel)
    for value, before in zip(other.get_layer('new_head').get_weights(), head):
        np.testing.assert_array_equal(value, before)


# files written by tf1, read by real Keras ---------------------------------------------------------------
@pytest.fixture(scope='module')
def tf1_files(tmp_path_factory):
    directory = tmp_path_factory.mktemp('tf1_h5')
    keras.backend.clear_session()
    dense, func, trained, _ = maker.make_tf1(str(directory))
    predictions = {'dense': dense.predict(DATA['x_dense']), 'func': func.predict(DATA['x_image']),
                   'trained': trained.predict(DATA['x_dense'])}
    keras.backend.clear_session()
    return str(directory), predictions


def _contents(path):
    """Everything of an HDF5 file but its bytes: attributes (JSON ones parsed) and datasets, by path."""
    out = {}
    with h5py.File(path, 'r') as f:
        def visit(name, obj):
            attrs = {}
            for key, value in obj.attrs.items():
                value = [text(v) for v in value] if isinstance(value, np.ndarray) else text(value)
                attrs[key] = json.loads(value) if key in ('model_config', 'training_config') else value
            out[name] = (attrs, np.asarray(obj) if isinstance(obj, h5py.Dataset) else None)
        visit('/', f)
        f.visititems(visit)
    return out


@pytest.mark.parametrize('name', ['tf1_dense.h5', 'tf1_func.h5', 'tf1_trained.h5', 'tf1_func_weights.h5'])
def test_tf1_writes_the_files_keras_read(tf1_files, name):
    directory, _ = tf1_files
    written, committed = _contents(os.path.join(directory, name)), _contents(golden(name))
    assert sorted(written) == sorted(committed)
    for key in committed:
        assert written[key][0] == committed[key][0], key
        if committed[key][1] is not None:
            np.testing.assert_allclose(written[key][1], committed[key][1], rtol=1e-6, atol=1e-7, err_msg=key)


@pytest.mark.parametrize('name', ['dense', 'func', 'trained'])
def test_keras_predicts_from_tf1_files_what_tf1_does(tf1_files, name):
    _, predictions = tf1_files
    np.testing.assert_allclose(predictions[name], ARRAYS['tf1_' + name], rtol=1e-5, atol=1e-6)


def test_keras_continues_training_from_tf1_optimizer_state(tf1_files):
    directory, _ = tf1_files
    assert ARRAYS['tf1_trained_iterations'] == 6
    model = keras.models.load_model(os.path.join(directory, 'tf1_trained.h5'))
    model.train_on_batch(DATA['x_train'][:8], DATA['y_train'][:8])
    np.testing.assert_allclose(model.predict(DATA['x_dense']), ARRAYS['tf1_trained_step'], rtol=1e-5, atol=1e-6)


def test_keras_loads_tf1_weights_and_yaml(tf1_files):
    directory, predictions = tf1_files
    np.testing.assert_allclose(predictions['func'], ARRAYS['tf1_func_weights'], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(predictions['func'], ARRAYS['tf1_func_yaml'], rtol=1e-5, atol=1e-6)
    with open(os.path.join(directory, 'tf1_func_yaml.json')) as f, \
            open(golden('tf1_func_yaml.json')) as g:
        assert json.load(f) == json.load(g)
    with open(os.path.join(directory, 'tf1_func.yaml')) as f, open(golden('tf1_func.yaml')) as g:
        assert f.read() == g.read()


# TF 1.15's layout ---------------------------------------------------------------------------------------
def test_tf1_file_layout_is_tf115s(tf1_files):
    directory, _ = tf1_files
    with h5py.File(os.path.join(directory, 'tf1_trained.h5'), 'r') as f:
        assert f.attrs['keras_version'] == '2.2.4-tf' and f.attrs['backend'] == 'tensorflow'
        # TF 1.15 (h5py 2) wrote its byte strings as fixed-length strings: h5py reads them as bytes.
        assert isinstance(f.attrs['model_config'], bytes)
        training = f.attrs['training_config'].decode('utf8')
        assert training == (
            '{"loss": "categorical_crossentropy", "metrics": ["accuracy"], "weighted_metrics": null, '
            '"sample_weight_mode": null, "loss_weights": null, "optimizer_config": {"class_name": "Adam", '
            '"config": {"name": "Adam", "learning_rate": 0.009999999776482582, "decay": 0.0, '
            '"beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033, "epsilon": 1e-07, '
            '"amsgrad": false}}}')
        weights = f['model_weights']
        assert weights.attrs['keras_version'] == b'2.2.4-tf' and weights.attrs['backend'] == b'tensorflow'
        assert list(weights.attrs['layer_names']) == [b'd1', b'd2']
        assert list(weights['d1'].attrs['weight_names']) == [b'd1/kernel:0', b'd1/bias:0']
        assert weights['d1']['d1/kernel:0'].shape == (4, 8)
        assert [text(n) for n in f['optimizer_weights'].attrs['weight_names']] == [
            'training/Adam/iter:0', 'training/Adam/d1/kernel/m:0', 'training/Adam/d1/bias/m:0',
            'training/Adam/d2/kernel/m:0', 'training/Adam/d2/bias/m:0', 'training/Adam/d1/kernel/v:0',
            'training/Adam/d1/bias/v:0', 'training/Adam/d2/kernel/v:0', 'training/Adam/d2/bias/v:0']
        assert f['optimizer_weights']['training/Adam/iter:0'][()] == 6
    with h5py.File(os.path.join(directory, 'tf1_func.h5'), 'r') as f:
        assert 'training_config' not in f.attrs and 'optimizer_weights' not in f
        weights = f['model_weights']
        assert list(weights.attrs['layer_names']) == [b'image', b'conv', b'bn', b'rows', b'lstm', b'logits']
        assert list(weights['bn'].attrs['weight_names']) == [
            b'bn/gamma:0', b'bn/beta:0', b'bn/moving_mean:0', b'bn/moving_variance:0']
        assert weights['image'].attrs['weight_names'].shape == (0,)
    with h5py.File(os.path.join(directory, 'tf1_func_weights.h5'), 'r') as f:
        assert sorted(f.attrs) == ['backend', 'keras_version', 'layer_names'] and 'model_weights' not in f
