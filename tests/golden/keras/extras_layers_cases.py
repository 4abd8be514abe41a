"""Models of the extra Keras layers, shared by extras_make_golden.py (real tf_keras) and
tests/keras/test_keras_extras_layers.py (tf1.keras): `build(name, keras)` builds the same model with either
library; `inputs(name)` its fixed inputs. Every layer is named, so weight names do not depend on the
library's name counters."""
import numpy as np


def build(name, keras):
    L = keras.layers
    M = keras.models
    if name == 'activations':
        x = L.Input((3, 4), name='x')
        outs = [L.ReLU(name='relu')(x), L.ReLU(max_value=0.5, negative_slope=0.1, threshold=0.2, name='relu_b')(x),
                L.PReLU(name='prelu')(x), L.PReLU(shared_axes=[1], name='prelu_s')(x),
                L.ELU(alpha=0.7, name='elu')(x), L.ThresholdedReLU(theta=0.3, name='trelu')(x),
                L.Softmax(name='softmax')(x), L.Softmax(axis=1, name='softmax_1')(x),
                L.LeakyReLU(alpha=0.2, name='leaky')(x)]
        return M.Model(x, outs, name='activations')
    if name == 'dot':
        a = L.Input((4,), name='a')
        b = L.Input((4,), name='b')
        s = L.Input((3, 4), name='s')
        t = L.Input((5, 4), name='t')
        outs = [L.Dot(axes=1, name='dot')([a, b]), L.Dot(axes=1, normalize=True, name='cos')([a, b]),
                L.Dot(axes=(2, 2), name='dot3')([s, t]), L.dot([s, a], axes=(2, 1), name='dot_f'),
                L.Subtract(name='sub')([a, b]), L.Minimum(name='min')([a, b]), L.Maximum(name='max')([a, b]),
                L.Average(name='avg')([a, b])]
        return M.Model([a, b, s, t], outs, name='dot')
    if name == 'separable':
        x = L.Input((7, 7, 3), name='x')
        h = L.SeparableConv2D(4, 3, depth_multiplier=2, padding='same', activation='relu', name='sep')(x)
        h = L.DepthwiseConv2D(2, strides=2, depth_multiplier=2, name='dw')(h)
        h = L.SeparableConv2D(2, (2, 2), use_bias=False, name='sep_b')(h)
        return M.Model(x, h, name='separable')
    if name == 'separable1d':
        x = L.Input((9, 3), name='x')
        h = L.SeparableConv1D(4, 3, depth_multiplier=2, name='sep')(x)
        h = L.SeparableConv1D(2, 2, strides=2, padding='same', name='sep_b')(h)
        return M.Model(x, h, name='separable1d')
    if name == 'resample':
        x1 = L.Input((6, 2), name='x1')
        x2 = L.Input((5, 6, 2), name='x2')
        x3 = L.Input((3, 4, 5, 2), name='x3')
        outs = [L.Cropping1D((1, 2), name='crop1')(x1), L.ZeroPadding1D(2, name='pad1')(x1),
                L.ZeroPadding1D((0, 1), name='pad1b')(x1), L.UpSampling1D(3, name='up1')(x1),
                L.Cropping2D(((1, 0), (2, 1)), name='crop2')(x2), L.Cropping2D(1, name='crop2b')(x2),
                L.Cropping3D(((1, 0), (1, 2), (0, 1)), name='crop3')(x3), L.ZeroPadding3D(1, name='pad3')(x3),
                L.ZeroPadding3D(((1, 0), (0, 2), (1, 1)), name='pad3b')(x3),
                L.UpSampling3D((2, 1, 2), name='up3')(x3)]
        return M.Model([x1, x2, x3], outs, name='resample')
    if name == 'noise':
        x = L.Input((4, 3), name='x')
        h = L.GaussianNoise(0.5, name='gn')(x)
        h = L.GaussianDropout(0.3, name='gd')(h)
        h = L.AlphaDropout(0.2, name='ad')(h)
        h = L.SpatialDropout1D(0.5, name='sd')(h)
        h = L.ActivityRegularization(l1=0.01, l2=0.1, name='ar')(h)
        h = L.LayerNormalization(name='ln')(h)
        return M.Model(x, h, name='noise')
    if name == 'layernorm':
        x = L.Input((3, 4), name='x')
        outs = [L.LayerNormalization(name='ln')(x), L.LayerNormalization(axis=1, epsilon=0.1, name='ln1')(x),
                L.LayerNormalization(axis=[1, 2], center=False, name='ln12')(x),
                L.LayerNormalization(scale=False, name='ln_ns')(x)]
        return M.Model(x, outs, name='layernorm')
    raise KeyError(name)


MODELS = ['activations', 'dot', 'separable', 'separable1d', 'resample', 'noise', 'layernorm']


def inputs(model, seed):
    rng = np.random.RandomState(seed)
    return [rng.uniform(-1, 1, (2,) + tuple(t.get_shape().as_list()[1:])).astype(np.float32)
            for t in model.inputs]


def fixed_weights(model, seed):
    rng = np.random.RandomState(seed + 100)
    return [[rng.uniform(-0.8, 0.8, w.get_shape().as_list()).astype(np.float32) for w in layer.weights]
            for layer in model.layers]
