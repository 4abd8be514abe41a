"""TF 1.15's HDF5 entry points around the format: save_format / paths, overwrite, errors (texts of TF
1.15's hdf5_format.py, save.py and loader_impl.py), to_yaml / model_from_yaml, and what happens
without h5py or PyYAML."""
import ast
import builtins
import json
import os
import sys

import h5py
import numpy as np
import pytest

import tf1
from tf1.keras_impl import hdf5_format

keras = tf1.keras
L = keras.layers
GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras', 'hdf5')
ARRAYS = np.load(os.path.join(GOLDEN, 'hdf5_golden.npz'))
X = np.random.RandomState(0).rand(4, 4).astype(np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def two_layers(name_b='b'):
    return keras.models.Sequential([L.Dense(3, input_shape=(4,), name='a'), L.Dense(2, name=name_b)])


def test_save_weights_round_trip_and_save_format(tmp_path):
    model = two_layers()
    model.save_weights(str(tmp_path / 'w.h5'))
    model.save_weights(str(tmp_path / 'plain'), save_format='h5')  # no extension: HDF5 as asked
    assert h5py.is_hdf5(str(tmp_path / 'plain')) and not (tmp_path / 'checkpoint').exists()
    model.save_weights(str(tmp_path / 'w.hdf5'), save_format='hdf5')
    expected = model.predict(X)
    for path in ('w.h5', 'plain', 'w.hdf5'):
        keras.backend.clear_session()
        other = two_layers()
        assert np.abs(other.predict(X) - expected).max() > 1e-3
        assert other.load_weights(str(tmp_path / path)) is None  # HDF5 loading returns nothing
        np.testing.assert_allclose(other.predict(X), expected, rtol=1e-6)


def test_load_weights_mismatch_errors_are_tf115s(tmp_path):
    two_layers().save_weights(str(tmp_path / 'w.h5'))
    three = keras.models.Sequential([L.Dense(3, input_shape=(4,)), L.Dense(2), L.Dense(2)])
    with pytest.raises(ValueError) as e:
        three.load_weights(str(tmp_path / 'w.h5'))
    assert str(e.value) == ('You are trying to load a weight file containing 2 layers into a model with '
                            '3 layers.')
    no_bias = keras.models.Sequential([L.Dense(3, input_shape=(4,), name='x'),
                                       L.Dense(2, use_bias=False, name='y')])
    with pytest.raises(ValueError) as e:
        no_bias.load_weights(str(tmp_path / 'w.h5'))
    assert str(e.value) == ('Layer #1 (named "y" in the current model) was found to correspond to layer b '
                            'in the save file. However the new layer y expects 1 weights, but the saved '
                            'weights have 2 elements.')
    by_name = keras.models.Sequential([L.Dense(3, input_shape=(4,), name='a'),
                                       L.Dense(2, use_bias=False, name='b')])
    with pytest.raises(ValueError) as e:
        by_name.load_weights(str(tmp_path / 'w.h5'), by_name=True)
    assert str(e.value) == ('Layer #1 (named "b") expects 1 weight(s), but the saved weights have '
                            '2 element(s).')
    wider = keras.models.Sequential([L.Dense(3, input_shape=(4,), name='a'), L.Dense(5, name='b')])
    with pytest.raises(ValueError, match=r'Layer #1 \(named "b"\), weight .* has shape \(3, 5\), but the '
                                         r'saved weight has shape \(3, 2\)\.'):
        wider.load_weights(str(tmp_path / 'w.h5'), by_name=True)


def test_layers_without_weights_do_not_count(tmp_path):
    model = keras.models.Sequential([L.Dense(3, input_shape=(4,)), L.Dropout(0.5), L.Dense(2)])
    model.save_weights(str(tmp_path / 'w.h5'))
    other = keras.models.Sequential([L.Dense(3, input_shape=(4,)), L.Dense(2), L.Activation('relu')])
    other.load_weights(str(tmp_path / 'w.h5'))
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_unbuilt_and_subclassed_models(tmp_path):
    unbuilt = keras.models.Sequential([L.Dense(2)], name='lazy')
    with pytest.raises(ValueError) as e:
        unbuilt.save_weights(str(tmp_path / 'w.h5'))
    assert str(e.value) == ('Weights for model lazy have not yet been created. Weights are created when '
                            'the Model is first called on inputs or `build()` is called with an '
                            '`input_shape`.')
    with pytest.raises(NotImplementedError, match='^Saving the model to HDF5 format requires the model to '
                                                  'be a Functional model or a Sequential model'):
        keras.Model().save(str(tmp_path / 'm.h5'))


def test_load_model_errors_are_tf115s(tmp_path):
    missing = str(tmp_path / 'missing.h5')
    with pytest.raises(IOError) as e:
        keras.models.load_model(missing)
    assert str(e.value) == 'SavedModel file does not exist at: %s/{saved_model.pbtxt|saved_model.pb}' % missing
    corrupt = tmp_path / 'corrupt.h5'
    corrupt.write_bytes(b'not an HDF5 file')
    with pytest.raises(IOError, match='^SavedModel file does not exist at: '):
        keras.models.load_model(str(corrupt))
    two_layers().save_weights(str(tmp_path / 'w.h5'))
    with pytest.raises(ValueError) as e:
        keras.models.load_model(str(tmp_path / 'w.h5'))  # a weights file has no model config
    assert str(e.value) == 'No model found in config file.'
    # load_weights opens the file with h5py, whose error TF passes on.
    with pytest.raises(OSError, match='Unable to .*open file.*No such file or directory'):
        two_layers().load_weights(missing)
    with pytest.raises(OSError, match='file signature not found'):
        two_layers().load_weights(str(corrupt))


def test_save_model_options(tmp_path):
    model = two_layers()
    model.compile(keras.optimizers.SGD(0.1, momentum=0.5), loss='mse')
    model.fit(X, X[:, :2], epochs=1, verbose=0)
    keras.models.save_model(model, str(tmp_path / 'no_opt.keras'), include_optimizer=False)
    with h5py.File(str(tmp_path / 'no_opt.keras'), 'r') as f:
        assert 'training_config' not in f.attrs and 'optimizer_weights' not in f
    model.save(str(tmp_path / 'plain'))  # TF 1.15's save_format default is 'h5' for any path
    with h5py.File(str(tmp_path / 'plain'), 'r') as f:
        names = [n.decode() for n in f['optimizer_weights'].attrs['weight_names']]
        training = json.loads(f.attrs['training_config'])
    assert training['metrics'] == [] and training['loss'] == 'mse'  # TF 1.15: `metrics or []`
    assert training['optimizer_config'] == {'class_name': 'SGD', 'config': {
        'name': 'SGD', 'learning_rate': 0.10000000149011612, 'decay': 0.0, 'momentum': 0.5, 'nesterov': False}}
    assert names == ['training/SGD/iter:0', 'training/SGD/a/kernel/momentum:0', 'training/SGD/a/bias/momentum:0',
                     'training/SGD/b/kernel/momentum:0', 'training/SGD/b/bias/momentum:0']
    with h5py.File(str(tmp_path / 'open.h5'), 'w') as f:
        model.save(f)
        assert 'model_weights' in f and f.id.valid
    loaded = keras.models.load_model(str(tmp_path / 'open.h5'))
    assert isinstance(loaded.optimizer, keras.optimizers.SGD)
    sess = keras.backend.get_session()
    np.testing.assert_allclose(sess.run(loaded.optimizer.momentum), 0.5)
    for a, b in zip(sess.run(model.optimizer.weights), sess.run(loaded.optimizer.weights)):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(loaded.predict(X), model.predict(X), rtol=1e-6)
    with pytest.raises(NotImplementedError, match='SavedModel'):
        model.save(str(tmp_path / 'dir'), save_format='tf')


def test_overwrite_false_asks(tmp_path, monkeypatch, capsys):
    model = two_layers()
    path = str(tmp_path / 'm.h5')
    model.save(path)
    before = os.path.getmtime(path), os.path.getsize(path)
    answers = iter(['maybe', 'n'])
    prompts = []
    monkeypatch.setattr(builtins, 'input', lambda prompt: prompts.append(prompt) or next(answers))
    model.save(path, overwrite=False)
    assert prompts == ['[WARNING] %s already exists - overwrite? [y/n]' % path,
                       'Enter "y" (overwrite) or "n" (cancel).']
    assert (os.path.getmtime(path), os.path.getsize(path)) == before
    monkeypatch.setattr(builtins, 'input', lambda prompt: 'y')
    model.save_weights(path, overwrite=False)
    assert capsys.readouterr().out == '[TIP] Next time specify overwrite=True!\n'
    with h5py.File(path, 'r') as f:
        assert 'model_config' not in f.attrs


def test_uncompiled_load_logs_tf115s_warning(tmp_path, caplog):
    two_layers().save(str(tmp_path / 'm.h5'))
    model = keras.models.load_model(str(tmp_path / 'm.h5'))
    assert model.optimizer is None
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ('tensorflow', 'WARNING', 'No training configuration found in save file: the model was *not* '
                                  'compiled. Compile it manually.')]


# YAML ----------------------------------------------------------------------------------------------------
def test_to_yaml_round_trip():
    yaml = pytest.importorskip('yaml')
    model = two_layers()
    text = model.to_yaml()
    assert '  - class_name: Dense\n    config:\n      activation: null\n' in text  # yaml.dump's layout
    # TF 1.15's config holds shapes as tuples, which yaml.dump tags.
    assert 'batch_input_shape: !!python/tuple\n      - null\n      - 4\n' in text
    config = yaml.load(text, Loader=yaml.FullLoader)
    from tf1.keras_impl.serialization import _lists
    assert _lists(config) == json.loads(model.to_json())
    assert config['keras_version'] == '2.2.4-tf' and config['backend'] == 'tensorflow'
    keras.backend.clear_session()
    rebuilt = keras.models.model_from_yaml(text)
    assert [l.name for l in rebuilt.layers] == ['a', 'b']
    assert rebuilt.get_layer('b').get_weights()[0].shape == (3, 2)


def test_model_from_yaml_reads_keras_yaml_with_tuples():
    """TF 1.15's to_yaml was yaml.dump of the model config, whose tuples PyYAML tags
    `!!python/tuple`; the config here is real Keras's."""
    yaml = pytest.importorskip('yaml')
    with open(os.path.join(GOLDEN, 'tf_func_config.txt')) as f:
        text = yaml.dump(ast.literal_eval(f.read()))
    assert '!!python/tuple' in text
    model = keras.models.model_from_yaml(text)
    model.load_weights(os.path.join(GOLDEN, 'tf_func.h5'))
    x = np.random.RandomState(7)
    x.rand(5, 4)
    np.testing.assert_allclose(model.predict(x.rand(3, 6, 6, 2).astype(np.float32)), ARRAYS['tf_func'],
                               rtol=1e-5, atol=1e-6)


def test_yaml_missing_raises_tf115s_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, 'yaml', None)  # `import yaml` fails
    model = two_layers()
    for call in (model.to_yaml, lambda: keras.models.model_from_yaml('a: 1')):
        with pytest.raises(ImportError) as e:
            call()
        assert str(e.value) == 'Requires yaml module installed (`pip install pyyaml`).'


# without h5py ----------------------------------------------------------------------------------------------
def test_without_h5py_tf115s_import_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(hdf5_format, 'h5py', None)
    model = two_layers()
    with pytest.raises(ImportError) as e:
        model.save_weights(str(tmp_path / 'w.h5'))
    assert str(e.value) == '`save_weights` requires h5py when saving in hdf5.'
    with pytest.raises(ImportError) as e:
        model.load_weights(str(tmp_path / 'w.h5'))
    assert str(e.value) == '`load_weights` requires h5py when loading weights from HDF5.'
    for save in (model.save, lambda p: keras.models.save_model(model, p)):
        with pytest.raises(ImportError) as e:
            save(str(tmp_path / 'm.h5'))
        assert str(e.value) == '`save_model` requires h5py.'


WEIGHTS = ('a/kernel', 'a/bias', 'b/kernel', 'b/bias')


@pytest.mark.parametrize('optimizer, names', ids=['SGD', 'RMSprop', 'Adagrad', 'Nadam'], argvalues=[
    (lambda: keras.optimizers.SGD(0.1), ['iter']),
    (lambda: keras.optimizers.RMSprop(0.01), ['iter'] + ['%s/rms' % w for w in WEIGHTS]),
    (lambda: keras.optimizers.Adagrad(0.1), ['iter'] + ['%s/accumulator' % w for w in WEIGHTS]),
    (lambda: keras.optimizers.Nadam(0.01),
     ['iter', 'momentum_cache'] + ['%s/%s' % (w, s) for s in 'mv' for w in WEIGHTS]),
])
def test_optimizer_weights_in_tf115s_names_and_back(tmp_path, optimizer, names):
    model = two_layers()
    opt = optimizer()
    model.compile(opt, loss='mse')
    model.fit(X, X[:, :2], epochs=2, batch_size=4, verbose=0)
    model.save(str(tmp_path / 'm.h5'))
    prefix = 'training/%s/' % type(opt).__name__
    with h5py.File(str(tmp_path / 'm.h5'), 'r') as f:
        saved = [n.decode() for n in f['optimizer_weights'].attrs['weight_names']]
        assert saved == [prefix + n + ':0' for n in names]
        assert f['optimizer_weights'][prefix + 'iter:0'][()] == 2
        values = [np.asarray(f['optimizer_weights'][n]) for n in saved]
    keras.backend.clear_session()
    loaded = keras.models.load_model(str(tmp_path / 'm.h5'))
    assert type(loaded.optimizer).__name__ == type(opt).__name__
    sess = keras.backend.get_session()
    restored = sess.run([loaded.optimizer.iterations] + [w for w in loaded.optimizer.weights
                                                          if w is not loaded.optimizer.iterations])
    for value, expected in zip(restored, values):
        np.testing.assert_array_equal(value, expected)


def test_optimizer_arguments_tf1_lacks_are_logged(caplog):
    from tf1.keras_impl.hdf5_format import optimizer_from_config
    opt = optimizer_from_config({'class_name': 'RMSprop', 'config': {
        'name': 'RMSprop', 'learning_rate': 0.5, 'decay': 0.0, 'rho': 0.8, 'momentum': 0.9, 'epsilon': 1e-07,
        'centered': True}})
    assert isinstance(opt, keras.optimizers.RMSprop) and opt.epsilon == 1e-07
    sess = keras.backend.get_session()
    np.testing.assert_allclose(sess.run([opt.lr, opt.rho]), [0.5, 0.8], rtol=1e-7)
    assert [r.getMessage() for r in caplog.records] == [
        "tf1.keras's RMSprop has no momentum=0.9, centered=True: the optimizer is restored without them."]


def test_long_attribute_lists_are_chunked(tmp_path):
    """TF 1.15 splits a name list longer than the HDF5 object header limit (64512 bytes) into
    `<name>0`, `<name>1`, ... attributes."""
    names = [('layer_%05d' % i).encode() + b'x' * 20 for i in range(4000)]  # 4000 x 31 bytes
    with h5py.File(str(tmp_path / 'a.h5'), 'w') as f:
        hdf5_format.save_attributes_to_hdf5_group(f, 'layer_names', names)
        assert sorted(f.attrs) == ['layer_names0', 'layer_names1']
        assert hdf5_format.load_attributes_from_hdf5_group(f, 'layer_names') == [n.decode() for n in names]
        with pytest.raises(RuntimeError, match='larger than 64512 bytes'):
            hdf5_format.save_attributes_to_hdf5_group(f, 'big', [b'x' * 70000])


class MyDense(L.Dense):
    pass


def my_loss(y_true, y_pred):
    return tf1.reduce_mean(tf1.abs(y_true - y_pred), axis=-1)


def test_custom_objects(tmp_path):
    model = keras.models.Sequential([MyDense(2, input_shape=(4,), name='mine')])
    model.compile('sgd', loss=my_loss)
    model.save(str(tmp_path / 'm.h5'))
    with h5py.File(str(tmp_path / 'm.h5'), 'r') as f:
        assert json.loads(f.attrs['training_config'])['loss'] == 'my_loss'
    with pytest.raises(ValueError, match='^Unknown layer: MyDense$'):
        keras.models.load_model(str(tmp_path / 'm.h5'))
    loaded = keras.models.load_model(str(tmp_path / 'm.h5'),
                                     custom_objects={'MyDense': MyDense, 'my_loss': my_loss})
    assert isinstance(loaded.layers[0], MyDense) and loaded.loss is my_loss
    np.testing.assert_allclose(loaded.predict(X), model.predict(X), rtol=1e-6)
