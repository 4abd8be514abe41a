"""Model.save_weights / load_weights in the TF-checkpoint format (TF 1.15's tf.keras default for paths
not ending in .h5), get_weights / set_weights.

Goldens: tests/golden/keras/callbacks.json ('save_weights') and the checkpoint tf.keras wrote,
tests/golden/keras/callbacks_ckpt/, both from tests/golden/keras/make_keras_callbacks_golden.py.
"""
import json
import os

import numpy as np
import pytest
from tensorboard.compat.proto import trackable_object_graph_pb2

import tf1
from tf1 import keras
from tf1.formats import tensor_bundle

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
with open(os.path.join(GOLDEN, 'callbacks.json')) as f:
    G = json.load(f)
S = G['save_weights']
X = np.asarray(G['x'], np.float32)
Y = np.asarray(G['y'], np.float32)
W0 = [np.asarray(w, np.float32) for w in G['w0']]
TF_CKPT = os.path.join(GOLDEN, 'callbacks_ckpt', 'weights')


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def model(units=4):
    m = keras.models.Sequential([keras.layers.Dense(units, activation='tanh', input_shape=(3,)),
                                 keras.layers.Dense(1)])
    m.compile(keras.optimizers.SGD(lr=0.1), 'mse', metrics=['mean_absolute_error'])
    return m


def read_bundle(prefix):
    reader = tensor_bundle.BundleReader(prefix)
    try:
        return {k: reader.lookup(k) for k in reader.keys()}
    finally:
        reader.close()


def test_save_weights_writes_tf_keras_checkpoint(tmp_path):
    m = model()
    m.set_weights(W0)
    m.fit(X, Y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    prefix = str(tmp_path / 'weights')
    assert m.save_weights(prefix) is None
    assert sorted(os.listdir(tmp_path)) == S['files']
    assert (tmp_path / 'checkpoint').read_text() == S['checkpoint_file']
    values = read_bundle(prefix)
    assert {k: list(np.shape(v)) for k, v in values.items()} == S['keys']
    for k, v in S['optimizer'].items():
        assert float(values[k]) == pytest.approx(v)
    graph = trackable_object_graph_pb2.TrackableObjectGraph()
    graph.ParseFromString(values['_CHECKPOINTABLE_OBJECT_GRAPH'].item())
    # tf_keras (2.x) also lists the root under itself as `root`; TF 1.15's object graph did not.
    assert [[c.local_name, c.node_id] for c in graph.nodes[0].children] == \
        [c for c in S['root_children'] if c[0] != 'root']
    attributes = sorted(([a.full_name, a.checkpoint_key] for n in graph.nodes for a in n.attributes),
                        key=lambda a: a[1])
    golden = sorted(S['attributes'], key=lambda a: a[1])
    assert [a[1] for a in attributes] == [a[1] for a in golden]
    # full_name is the variable's graph name: tf1's layers are named as TF 1.15 names them (`dense`,
    # `dense_1`); its optimizer variables keep Keras 2.2's names.
    assert [a[0] for a in attributes[:4]] == [a[0] for a in golden[:4]]
    # The values are the trained weights (those tf.keras saved from the same run).
    for i, key in enumerate(['layer_with_weights-0/kernel', 'layer_with_weights-0/bias',
                             'layer_with_weights-1/kernel', 'layer_with_weights-1/bias']):
        np.testing.assert_allclose(values[key + '/.ATTRIBUTES/VARIABLE_VALUE'], S['weights'][i],
                                   rtol=2e-4, atol=1e-6)


def test_load_weights_reads_tf_keras_checkpoint():
    m = model()
    status = m.load_weights(TF_CKPT)
    status.assert_consumed()
    for w, g in zip(m.get_weights(), S['weights']):
        np.testing.assert_array_equal(w, np.asarray(g, np.float32))
    np.testing.assert_allclose(m.predict(X[:5]), S['predict'], rtol=1e-5)
    # The optimizer's hyper-parameters come back too (iter=10 after 2 epochs of 5 batches).
    assert keras.backend.get_value(m.optimizer.iterations) == 0  # no train step yet: not tracked
    m.fit(X[:1], Y[:1], epochs=1, verbose=0)
    m.load_weights(TF_CKPT)
    assert keras.backend.get_value(m.optimizer.iterations) == 10


def test_save_load_round_trip_exact(tmp_path):
    m = model()
    m.set_weights(W0)
    m.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    before = m.get_weights()
    prefix = str(tmp_path / 'sub' / 'ck')
    m.save_weights(prefix)
    m.set_weights([np.zeros_like(w) for w in before])
    m.load_weights(prefix)
    for a, b in zip(m.get_weights(), before):
        np.testing.assert_array_equal(a, b)
    # Into a new graph / new model (other variable names: layer names do not matter).
    keras.backend.clear_session()
    keras.layers.Dense(2)  # shifts the layer name counter
    m2 = model()
    m2.load_weights(prefix)
    for a, b in zip(m2.get_weights(), before):
        np.testing.assert_array_equal(a, b)


def test_load_weights_from_name_based_checkpoint(tmp_path):
    m = model()
    m.set_weights(W0)
    prefix = tf1.train.Saver(m.weights).save(keras.backend.get_session(), str(tmp_path / 'plain'))
    m.set_weights([np.ones_like(w) for w in W0])
    m.load_weights(prefix)
    for a, b in zip(m.get_weights(), W0):
        np.testing.assert_array_equal(a, b)


def test_load_weights_errors(tmp_path):
    m = model()
    m.save_weights(str(tmp_path / 'a'))
    keras.backend.clear_session()
    other = model(units=5)
    with pytest.raises(ValueError, match='incompatible'):
        other.load_weights(str(tmp_path / 'a'))
    with pytest.raises(tf1.errors.NotFoundError):
        other.load_weights(str(tmp_path / 'missing'))


def test_hdf5_needs_h5py(tmp_path, monkeypatch):
    from tf1.keras_impl import hdf5_format
    monkeypatch.setattr(hdf5_format, 'h5py', None)  # h5py is a dependency now: simulate its absence
    m = model()
    with pytest.raises(ImportError) as e:
        m.save_weights(str(tmp_path / 'w.h5'))
    assert str(e.value) == '`save_weights` requires h5py when saving in hdf5.'
    with pytest.raises(ImportError) as e:
        m.load_weights(str(tmp_path / 'w.h5'))
    assert str(e.value) == '`load_weights` requires h5py when loading weights from HDF5.'
    with pytest.raises(ValueError, match='looks like an HDF5 file'):
        m.save_weights(str(tmp_path / 'w.h5'), save_format='tf')
    with pytest.raises(ImportError, match='`save_model` requires h5py.'):
        m.save(str(tmp_path / 'm.h5'))


def test_get_set_weights():
    m = model()
    m.set_weights(W0)
    got = m.get_weights()
    assert [w.shape for w in got] == [(3, 4), (4,), (4, 1), (1,)]
    for a, b in zip(got, W0):
        np.testing.assert_array_equal(a, b)
