"""tf1.keras extra layers (ReLU, PReLU, ELU, ThresholdedReLU, Softmax, Dot, SeparableConv1D/2D,
DepthwiseConv2D, Cropping1D/2D/3D, ZeroPadding1D/3D, UpSampling1D/3D, GaussianNoise, GaussianDropout,
AlphaDropout, SpatialDropout1D/2D/3D, ActivityRegularization, LayerNormalization) against real Keras:
weight names and shapes, output shapes, inference outputs with fixed weights, activity-regularization
losses; and the training-time behaviour of the random layers (properties: tf1's random streams differ).

Goldens: tests/golden/keras/extras_golden.{json,npz}, recorded from tf_keras in graph mode by
tests/golden/keras/extras_make_golden.py (command in its docstring) on the models of
tests/golden/keras/extras_layers_cases.py. An InputLayer's output shape is a tuple in TF 1.15 (tf_keras:
a list of one tuple).
"""
import json
import os
import sys

import numpy as np
import pytest

from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
sys.path.insert(0, GOLDEN)
import extras_layers_cases as lc  # noqa: E402

with open(os.path.join(GOLDEN, 'extras_golden.json')) as f:
    G = json.load(f)
A = np.load(os.path.join(GOLDEN, 'extras_golden.npz'))
K = keras.backend
L = keras.layers


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


def as_list(shape):
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)


def tf115_shape(shape):
    return shape[0] if isinstance(shape, list) and len(shape) == 1 and isinstance(shape[0], list) else shape


@pytest.mark.parametrize('name', lc.MODELS)
def test_layer_classes_shapes_and_weight_names(name):
    model = lc.build(name, keras)
    want = G['layers'][name]
    got = [{'name': l.name, 'class': l.__class__.__name__, 'output_shape': as_list(l.output_shape),
            'weights': [[w.name, w.get_shape().as_list()] for w in l.weights]} for l in model.layers]
    for g, w in zip(got, want['layers']):
        w = dict(w, output_shape=tf115_shape(w['output_shape']))
        assert g == w
    assert len(got) == len(want['layers'])
    assert [w.name for w in model.trainable_weights] == want['trainable']


@pytest.mark.parametrize('name', lc.MODELS)
def test_layer_outputs_with_fixed_weights(name):
    seed = lc.MODELS.index(name) + 1
    model = lc.build(name, keras)
    for layer, ws in zip(model.layers, lc.fixed_weights(model, seed)):
        layer.set_weights(ws)
    xs = lc.inputs(model, seed)
    outs = model.predict(xs)
    outs = outs if isinstance(outs, list) else [outs]
    n = len([k for k in A.files if k.startswith('layers/%s/out' % name)])
    assert len(outs) == n
    for i, o in enumerate(outs):
        np.testing.assert_allclose(o, A['layers/%s/out%d' % (name, i)], rtol=1e-5, atol=1e-5,
                                   err_msg='%s output %d' % (name, i))
    key = 'layers/%s/losses' % name
    if key in A.files:
        sess = K.get_session()
        got = sess.run(keras.backend.sum(K.stack(model.losses)), dict(zip(model.inputs, xs)))
        np.testing.assert_allclose(got, A[key], rtol=1e-5)


def _train_phase(model, x):
    return K.function([model.input, K.learning_phase()], [model.output])([x, True])[0]


def test_spatial_dropout_drops_whole_channels_while_training():
    for cls, shape in ((L.SpatialDropout1D, (6, 40)), (L.SpatialDropout2D, (3, 4, 40)),
                       (L.SpatialDropout3D, (2, 2, 3, 40))):
        x = L.Input(shape)
        model = keras.models.Model(x, cls(0.5)(x))
        data = np.ones((5,) + shape, np.float32)
        np.testing.assert_array_equal(model.predict(data), data)
        out = _train_phase(model, data)
        flat = out.reshape(5, -1, 40)
        # every channel of a sample is entirely dropped (0) or entirely kept (scaled by 2)
        assert set(np.unique(out)) <= {0., 2.}
        assert (flat.min(axis=1) == flat.max(axis=1)).all()
        assert 0 < (flat[:, 0] == 0).sum() < 200


def test_noise_layers_are_identity_at_inference_and_random_while_training():
    x = L.Input((1000,))
    for layer in (L.GaussianNoise(0.5), L.GaussianDropout(0.3), L.AlphaDropout(0.2)):
        model = keras.models.Model(x, layer(x))
        data = np.full((2, 1000), 0.5, np.float32)
        np.testing.assert_array_equal(model.predict(data), data)
        out = _train_phase(model, data)
        assert out.std() > 0.05, layer.name
    noisy = _train_phase(keras.models.Model(x, L.GaussianNoise(0.5)(x)), np.zeros((4, 1000), np.float32))
    assert abs(noisy.std() - 0.5) < 0.03
    # AlphaDropout keeps the mean and variance of standard-normal inputs
    data = np.random.RandomState(0).normal(size=(4, 1000)).astype(np.float32)
    out = _train_phase(keras.models.Model(x, L.AlphaDropout(0.2)(x)), data)
    assert abs(out.mean()) < 0.08 and abs(out.std() - 1.) < 0.08


def test_default_names_follow_tf115():
    layers = [L.ReLU(), L.PReLU(), L.ELU(), L.ThresholdedReLU(), L.Softmax(), L.SeparableConv2D(2, 1),
              L.DepthwiseConv2D(1), L.LayerNormalization(), L.SpatialDropout1D(0.1), L.UpSampling1D(),
              L.Cropping3D(), L.ZeroPadding3D(), L.ActivityRegularization(), L.Dot(1), L.ReLU()]
    assert [l.name for l in layers] == [
        're_lu', 'p_re_lu', 'elu', 'thresholded_re_lu', 'softmax', 'separable_conv2d', 'depthwise_conv2d',
        'layer_normalization', 'spatial_dropout1d', 'up_sampling1d', 'cropping3d', 'zero_padding3d',
        'activity_regularization', 'dot', 're_lu_1']


def test_prelu_trains_and_dot_rejects_bad_axes():
    model = keras.models.Sequential([L.PReLU(input_shape=(3,), alpha_initializer='zeros')])
    model.compile('sgd', 'mse')
    x = -np.ones((4, 3), np.float32)
    model.fit(x, x, epochs=2, verbose=0)
    assert (model.get_weights()[0] > 0).all()  # alpha moves towards 1 (y = x for negative x)
    with pytest.raises(ValueError, match='Invalid format for `axes`'):
        L.Dot(axes=(1, 2, 3))
