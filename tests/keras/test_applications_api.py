"""tf.keras.applications around the architectures: TF 1.15's public names (module paths, the
tf.contrib.keras set), preprocess_input / decode_predictions against keras_applications 1.0.8 on real
TF, weights='imagenet' through tf.keras.utils.get_file with a fake cached file written by real Keras,
and weights=<path>.

Goldens: tests/golden/keras/applications/{preprocess.npz, mobilenet_2_5_128_tf_no_top.h5.gz}, recorded
by tests/golden/keras/applications/make_goldens.py (command in its docstring).
"""
import gzip
import os
import shutil
import sys

import numpy as np
import pytest

import tf1 as tf
from tf1 import keras
from tf1.keras_impl.applications import imagenet_utils

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras', 'applications')
sys.path.insert(0, GOLDEN)
import applications_cases as cases  # noqa: E402

PRE = np.load(os.path.join(GOLDEN, 'preprocess.npz'))
K = keras.backend
A = keras.applications

# TF 1.15's tf.keras.applications (v1 API): module -> names.
MODULES = {
    'densenet': ['DenseNet121', 'DenseNet169', 'DenseNet201', 'decode_predictions', 'preprocess_input'],
    'imagenet_utils': ['decode_predictions', 'preprocess_input'],
    'inception_resnet_v2': ['InceptionResNetV2', 'decode_predictions', 'preprocess_input'],
    'inception_v3': ['InceptionV3', 'decode_predictions', 'preprocess_input'],
    'mobilenet': ['MobileNet', 'decode_predictions', 'preprocess_input'],
    'mobilenet_v2': ['MobileNetV2', 'decode_predictions', 'preprocess_input'],
    'nasnet': ['NASNetLarge', 'NASNetMobile', 'decode_predictions', 'preprocess_input'],
    'resnet': ['ResNet101', 'ResNet152', 'ResNet50', 'decode_predictions', 'preprocess_input'],
    'resnet50': ['ResNet50', 'decode_predictions', 'preprocess_input'],
    'resnet_v2': ['ResNet101V2', 'ResNet152V2', 'ResNet50V2', 'decode_predictions', 'preprocess_input'],
    'vgg16': ['VGG16', 'decode_predictions', 'preprocess_input'],
    'vgg19': ['VGG19', 'decode_predictions', 'preprocess_input'],
    'xception': ['Xception', 'decode_predictions', 'preprocess_input'],
}
CONTRIB = {'inception_v3': 'InceptionV3', 'mobilenet': 'MobileNet', 'resnet50': 'ResNet50',
           'vgg16': 'VGG16', 'vgg19': 'VGG19', 'xception': 'Xception'}


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


def test_public_names():
    for module, names in MODULES.items():
        for name in names:
            obj = getattr(getattr(A, module), name)
            if name[0].isupper():
                assert getattr(A, name) is obj, name
    assert A.resnet50.ResNet50 is A.resnet.ResNet50
    assert A.resnet50.preprocess_input is A.resnet.preprocess_input
    for module, name in CONTRIB.items():
        contrib = tf.contrib.keras.applications
        assert getattr(contrib, name) is getattr(A, name)
        assert getattr(getattr(contrib, module), name) is getattr(A, name)
        assert getattr(contrib, module).preprocess_input is getattr(A, module).preprocess_input


@pytest.mark.parametrize('cid,mode,fmt,shape,dtype', cases.PREPROCESS, ids=[c[0] for c in cases.PREPROCESS])
def test_preprocess_numpy(cid, mode, fmt, shape, dtype):
    got = A.imagenet_utils.preprocess_input(cases.PIXELS(shape, dtype), data_format=fmt, mode=mode)
    want = PRE['np_' + cid]
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-6)


# Tensor goldens exist for float inputs except 3-D channels_first (see make_goldens.py).
SYM_ERRORS = list(PRE['sym_errors'])
TENSOR_CASES = [c for c in cases.PREPROCESS if 'sym_' + c[0] in PRE or c[0] in SYM_ERRORS]


@pytest.mark.parametrize('cid,mode,fmt,shape,dtype', TENSOR_CASES, ids=[c[0] for c in TENSOR_CASES])
def test_preprocess_tensor(cid, mode, fmt, shape, dtype, monkeypatch):
    # keras_applications reuses the mean of the first tensor it preprocessed in the process; the
    # oracle's first was a 'caffe' case, so its later 'torch' outputs subtract Caffe's mean.
    monkeypatch.setattr(imagenet_utils, '_IMAGENET_MEAN', -np.array([103.939, 116.779, 123.68]))
    x = tf.constant(cases.PIXELS(shape, dtype))
    if cid in SYM_ERRORS:
        with pytest.raises(ValueError):
            A.imagenet_utils.preprocess_input(x, data_format=fmt, mode=mode)
        return
    got = K.get_session().run(A.imagenet_utils.preprocess_input(x, data_format=fmt, mode=mode))
    np.testing.assert_allclose(got, PRE['sym_' + cid], rtol=1e-5)


def test_module_preprocess_modes():
    x = cases.PIXELS((2, 3, 4, 3), 'float32')
    by_mode = {'caffe': ['vgg16', 'vgg19', 'resnet', 'resnet50'],
               'tf': ['mobilenet', 'mobilenet_v2', 'inception_v3', 'inception_resnet_v2', 'xception',
                      'nasnet', 'resnet_v2'],
               'torch': ['densenet']}
    for mode, modules in by_mode.items():
        for module in modules:
            got = getattr(A, module).preprocess_input(x.copy())
            np.testing.assert_allclose(got, PRE['np_%s_last_4d' % mode], rtol=1e-6, err_msg=module)
    with pytest.raises(ValueError, match='Unknown data_format channels_middle'):
        A.imagenet_utils.preprocess_input(x, data_format='channels_middle')


def test_decode_predictions(monkeypatch):
    monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX', cases.fake_class_index())
    decoded = A.vgg16.decode_predictions(cases.PREDS(), top=4)
    assert [[list(r[:2]) for r in row] for row in decoded] == PRE['decoded_names'].tolist()
    np.testing.assert_array_equal([[r[2] for r in row] for row in decoded], PRE['decoded_scores'])
    with pytest.raises(ValueError) as info:
        A.imagenet_utils.decode_predictions(np.zeros((2, 10)))
    assert str(info.value) == ('`decode_predictions` expects a batch of predictions (i.e. a 2D array '
                               'of shape (samples, 1000)). Found array with shape: (2, 10)')


def test_imagenet_weights_from_cache(tmp_path, monkeypatch):
    """weights='imagenet' asks tf.keras.utils.get_file for ~/.keras/models/<file> (MobileNet's files
    carry no hash, so a cached fake is used as is) and loads it by topology."""
    models_dir = tmp_path / '.keras' / 'models'
    models_dir.mkdir(parents=True)
    with gzip.open(os.path.join(GOLDEN, cases.IMAGENET_FILE + '.gz'), 'rb') as f, \
            open(str(models_dir / cases.IMAGENET_FILE), 'wb') as g:
        shutil.copyfileobj(f, g)
    monkeypatch.setenv('HOME', str(tmp_path))
    model = A.MobileNet(weights='imagenet', **cases.IMAGENET_KWARGS)
    assert model.name == 'mobilenet_0.25_128'
    for w, value in zip(model.weights, model.get_weights()):
        name = w.name.split(':')[0]
        np.testing.assert_array_equal(value, cases.quantised(name, value.shape), err_msg=name)


def test_weights_path(tmp_path):
    kwargs = dict(alpha=0.25, input_shape=(32, 32, 3), include_top=False, pooling='avg')
    source = A.MobileNet(weights=None, **kwargs)
    cases.fill_weights(source)
    source.save_weights(str(tmp_path / 'w.h5'))
    source.save_weights(str(tmp_path / 'ckpt'))
    expected = source.get_weights()
    K.clear_session()
    model = A.MobileNet(weights=str(tmp_path / 'w.h5'), **kwargs)
    for got, want in zip(model.get_weights(), expected):
        np.testing.assert_array_equal(got, want)
    # The path must exist as a file: a TF-format checkpoint prefix is refused (as in TF 1.15).
    with pytest.raises(ValueError, match='The `weights` argument should be either'):
        A.MobileNet(weights=str(tmp_path / 'ckpt'), **kwargs)


def test_input_tensor_sources():
    """A model built on a tensor derived from an Input takes that Input as its input."""
    inp = keras.layers.Input(shape=(32, 32, 3))
    scaled = keras.layers.Lambda(lambda t: t * 2.0)(inp)
    model = A.MobileNet(weights=None, alpha=0.25, include_top=False, input_tensor=scaled)
    assert model.inputs == [inp]
    assert model.layers[1].name == 'lambda'
    other = keras.layers.Input(shape=(4,))
    merged = keras.layers.add([keras.layers.Dense(4)(other), keras.layers.Dense(4)(other)])
    both = keras.layers.concatenate([merged, keras.layers.Flatten()(scaled)])
    assert keras.utils.get_source_inputs(both) == [other, inp]
    assert keras.utils.get_source_inputs(inp) == [inp]
    plain = tf.constant(1.)
    assert keras.utils.get_source_inputs(plain) is plain


def test_nasnet_imagenet_static_shape():
    with pytest.raises(ValueError) as info:
        A.NASNetMobile(weights='imagenet', include_top=False, input_shape=(None, None, 3))
    assert str(info.value) == ('When specifying the input shape of a NASNet and loading `ImageNet` '
                               'weights, the input_shape argument must be static (no None entries). '
                               'Got: `input_shape=(None, None, 3)`.')
