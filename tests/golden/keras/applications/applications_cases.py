"""Cases shared by make_goldens.py (keras_applications 1.0.8 on real TF with tf.keras injected, as TF
1.15's tf.keras.applications runs it) and tests/keras/test_applications*.py (tf1.keras.applications).

Each case is (case id, TF 1.15 module under tf.keras.applications, function, keyword arguments); the
keras_applications module that TF 1.15 calls for it is KA_MODULE[module]. All use weights=None.
"""
import zlib

import numpy as np

KA_MODULE = {'vgg16': 'vgg16', 'vgg19': 'vgg19', 'resnet': 'resnet', 'resnet_v2': 'resnet_v2',
             'mobilenet': 'mobilenet', 'inception_v3': 'inception_v3', 'xception': 'xception',
             'inception_resnet_v2': 'inception_resnet_v2', 'mobilenet_v2': 'mobilenet_v2',
             'densenet': 'densenet', 'nasnet': 'nasnet'}

# Architecture cases: layer names/classes/output shapes, parameter counts, weight names.
STRUCTURE = [
    ('vgg16_top', 'vgg16', 'VGG16', {}),
    ('vgg16_avg', 'vgg16', 'VGG16', {'include_top': False, 'pooling': 'avg'}),
    ('vgg19_top', 'vgg19', 'VGG19', {}),
    ('vgg19_max48', 'vgg19', 'VGG19', {'include_top': False, 'pooling': 'max', 'input_shape': (48, 64, 3)}),
    ('resnet50_top', 'resnet', 'ResNet50', {}),
    ('resnet50_max', 'resnet', 'ResNet50', {'include_top': False, 'pooling': 'max'}),
    ('resnet101_notop', 'resnet', 'ResNet101', {'include_top': False}),
    ('resnet50v2_top', 'resnet_v2', 'ResNet50V2', {'classes': 7}),
    ('mobilenet_top', 'mobilenet', 'MobileNet', {}),
    ('mobilenet_a05_dm2', 'mobilenet', 'MobileNet',
     {'alpha': 0.5, 'depth_multiplier': 2, 'input_shape': (160, 160, 3), 'classes': 12}),
    ('mobilenet_notop_1ch', 'mobilenet', 'MobileNet',
     {'include_top': False, 'input_shape': (40, 56, 1), 'pooling': 'avg'}),
    ('inception_v3_top', 'inception_v3', 'InceptionV3', {}),
    ('inception_v3_notop', 'inception_v3', 'InceptionV3', {'include_top': False}),
    ('xception_top', 'xception', 'Xception', {}),
    ('xception_avg', 'xception', 'Xception', {'include_top': False, 'pooling': 'avg'}),
    ('inception_resnet_v2_top', 'inception_resnet_v2', 'InceptionResNetV2', {}),
    ('inception_resnet_v2_notop', 'inception_resnet_v2', 'InceptionResNetV2',
     {'include_top': False, 'input_shape': (75, 75, 3)}),
    ('mobilenet_v2_top', 'mobilenet_v2', 'MobileNetV2', {}),
    ('mobilenet_v2_a035', 'mobilenet_v2', 'MobileNetV2',
     {'alpha': 0.35, 'include_top': False, 'input_shape': (96, 96, 3), 'pooling': 'avg'}),
    ('mobilenet_v2_a14', 'mobilenet_v2', 'MobileNetV2', {'alpha': 1.4, 'classes': 5}),
    ('densenet121_top', 'densenet', 'DenseNet121', {}),
    ('densenet169_notop', 'densenet', 'DenseNet169', {'include_top': False, 'pooling': 'max'}),
    ('densenet201_top', 'densenet', 'DenseNet201', {'classes': 10}),
    ('nasnet_mobile_top', 'nasnet', 'NASNetMobile', {}),
    ('nasnet_mobile_notop', 'nasnet', 'NASNetMobile', {'include_top': False, 'input_shape': (64, 64, 3)}),
    ('nasnet_large_notop', 'nasnet', 'NASNetLarge', {'include_top': False, 'input_shape': (64, 64, 3),
                                                     'pooling': 'avg'}),
    ('resnet152v2_notop', 'resnet_v2', 'ResNet152V2', {'include_top': False, 'pooling': 'max'}),
    ('resnet152_top', 'resnet', 'ResNet152', {'input_shape': (96, 96, 3), 'classes': 3}),
    # input_tensor: a Keras Input is used as is; a plain graph tensor is wrapped in an InputLayer.
    ('resnet50_keras_input', 'resnet', 'ResNet50',
     {'include_top': False, 'input_tensor': ('keras', (64, 64, 3))}),
    ('vgg16_placeholder', 'vgg16', 'VGG16',
     {'include_top': False, 'input_tensor': ('placeholder', (None, 48, 48, 3)), 'pooling': 'max'}),
    ('mobilenet_v2_keras_input', 'mobilenet_v2', 'MobileNetV2',
     {'include_top': False, 'input_tensor': ('keras', (128, 128, 3))}),
    ('mobilenet_keras_input_derived', 'mobilenet', 'MobileNet',
     {'include_top': False, 'alpha': 0.25, 'input_tensor': ('derived', (64, 64, 3))}),
]

# ImageNet weights through get_file: keras_applications names MobileNet's files without a hash, so a
# fake file in ~/.keras/models is used as is. Weights are quantised so the gzipped file stays small.
IMAGENET_FILE = 'mobilenet_2_5_128_tf_no_top.h5'
IMAGENET_KWARGS = {'alpha': 0.25, 'input_shape': (128, 128, 3), 'include_top': False}


def quantised(name, shape):
    return np.round(fill_value(name, shape) * 8) / 8


def make_input_tensor(spec, keras, tf):
    """('keras', shape): keras.layers.Input; ('placeholder', batch shape): tf.placeholder;
    ('derived', shape): a Keras tensor computed from an Input (the model's inputs are the source)."""
    kind, shape = spec
    if kind == 'keras':
        return keras.layers.Input(shape=shape)
    if kind == 'placeholder':
        return tf.placeholder(tf.float32, shape)
    return keras.layers.Activation('relu', name='pre')(keras.layers.Input(shape=shape))


def resolve(kwargs, keras, tf):
    kwargs = dict(kwargs)
    if 'input_tensor' in kwargs:
        kwargs['input_tensor'] = make_input_tensor(kwargs['input_tensor'], keras, tf)
    kwargs.setdefault('weights', None)
    return kwargs


# preprocess_input cases: (id, mode, data_format, input shape, dtype); inputs are PIXELS(shape, dtype).
PREPROCESS = [
    ('caffe_last_4d', 'caffe', 'channels_last', (2, 3, 4, 3), 'float32'),
    ('caffe_last_3d_uint8', 'caffe', 'channels_last', (3, 4, 3), 'uint8'),
    ('caffe_first_4d', 'caffe', 'channels_first', (2, 3, 4, 5), 'float32'),
    ('caffe_first_3d', 'caffe', 'channels_first', (3, 4, 5), 'float64'),
    ('tf_last_4d', 'tf', 'channels_last', (2, 3, 4, 3), 'float32'),
    ('tf_int', 'tf', 'channels_last', (2, 2, 3), 'int32'),
    ('torch_last_4d', 'torch', 'channels_last', (2, 3, 4, 3), 'float32'),
    ('torch_first_4d', 'torch', 'channels_first', (2, 3, 4, 5), 'float32'),
]


def PIXELS(shape, dtype):
    return np.random.RandomState(3).randint(0, 256, shape).astype(dtype)


def fake_class_index():
    return {str(i): ['n%08d' % i, 'class_%d' % i] for i in range(1000)}


def PREDS():
    return np.random.RandomState(5).dirichlet(np.ones(1000), 3).astype(np.float32)

# Predictions with every weight set from `fill_value` (rtol 1e-4); x is X(shape).
PREDICT = [
    ('p_mobilenet', 'mobilenet', 'MobileNet',
     {'alpha': 0.25, 'input_shape': (32, 32, 3), 'classes': 10}),
    ('p_resnet50', 'resnet', 'ResNet50', {'include_top': False, 'input_shape': (32, 32, 3), 'pooling': 'avg'}),
    ('p_vgg16', 'vgg16', 'VGG16', {'include_top': False, 'input_shape': (32, 32, 3)}),
    ('p_inception_v3', 'inception_v3', 'InceptionV3',
     {'include_top': False, 'input_shape': (75, 75, 3), 'pooling': 'max'}),
    ('p_xception', 'xception', 'Xception', {'include_top': False, 'input_shape': (71, 71, 3)}),
    ('p_inception_resnet_v2', 'inception_resnet_v2', 'InceptionResNetV2',
     {'include_top': False, 'input_shape': (75, 75, 3), 'pooling': 'avg'}),
    ('p_mobilenet_v2', 'mobilenet_v2', 'MobileNetV2',
     {'alpha': 0.35, 'input_shape': (32, 32, 3), 'classes': 6}),
    ('p_densenet121', 'densenet', 'DenseNet121', {'include_top': False, 'input_shape': (32, 32, 3), 'pooling': 'avg'}),
    ('p_nasnet_mobile', 'nasnet', 'NASNetMobile', {'include_top': False, 'input_shape': (32, 32, 3), 'pooling': 'avg'}),
    ('p_resnet50v2', 'resnet_v2', 'ResNet50V2', {'include_top': False, 'input_shape': (32, 32, 3)}),
]

# Argument errors: (case id, module, function, kwargs) -> (exception class name, message).
ERRORS = [
    ('bad_weights', 'vgg16', 'VGG16', {'weights': 'no/such/file.h5'}),
    ('imagenet_classes', 'resnet', 'ResNet50', {'weights': 'imagenet', 'classes': 10}),
    ('too_small', 'vgg16', 'VGG16', {'weights': None, 'include_top': False, 'input_shape': (31, 64, 3)}),
    ('too_small_inception', 'inception_v3', 'InceptionV3', {'weights': None, 'include_top': False,
                                                            'input_shape': (74, 100, 3)}),
    ('too_small_xception', 'xception', 'Xception', {'weights': None, 'include_top': False,
                                                    'input_shape': (70, 70, 3)}),
    ('not_3d', 'resnet', 'ResNet50', {'weights': None, 'include_top': False, 'input_shape': (64, 64)}),
    ('imagenet_channels', 'vgg19', 'VGG19', {'weights': 'imagenet', 'include_top': False,
                                             'input_shape': (64, 64, 1)}),
    ('imagenet_top_shape', 'inception_v3', 'InceptionV3', {'weights': 'imagenet',
                                                           'input_shape': (224, 224, 3)}),
    ('top_needs_static', 'vgg16', 'VGG16', {'weights': None, 'input_shape': (None, None, 3)}),
    ('mobilenet_dm', 'mobilenet', 'MobileNet', {'weights': 'imagenet', 'depth_multiplier': 2}),
    ('mobilenet_alpha', 'mobilenet', 'MobileNet', {'weights': 'imagenet', 'alpha': 0.3}),
    ('bad_kwarg', 'xception', 'Xception', {'weights': None, 'foo': 1}),
    ('mobilenet_v2_alpha', 'mobilenet_v2', 'MobileNetV2', {'weights': 'imagenet', 'alpha': 0.6}),
    ('densenet_classes', 'densenet', 'DenseNet121', {'weights': 'imagenet', 'classes': 3}),
    ('nasnet_small', 'nasnet', 'NASNetMobile', {'weights': None, 'include_top': False,
                                                'input_shape': (31, 31, 3)}),
]


def fill_value(name, shape):
    """A deterministic value for the weight `name` (no ':0'), independent of creation order: batch-norm
    variances and scales in [0.5, 1.5], kernels ~ N(0, 1/fan_in), other vectors ~ N(0, 0.1)."""
    rng = np.random.RandomState(zlib.crc32(name.encode()) & 0x7fffffff)
    leaf = name.rsplit('/', 1)[-1]
    if leaf in ('moving_variance', 'gamma'):
        return rng.uniform(0.5, 1.5, shape).astype(np.float32)
    if len(shape) >= 2:
        fan_in = int(np.prod(shape[:-1]))
        return (rng.normal(0, 1, shape) / np.sqrt(fan_in)).astype(np.float32)
    return (rng.normal(0, 0.1, shape)).astype(np.float32)


def X(shape):
    return np.random.RandomState(0).uniform(-1, 1, (2,) + tuple(shape)).astype(np.float32)


def fill_weights(model):
    """Sets every weight of `model` (either Keras) from fill_value; returns the names set."""
    names = [w.name.split(':')[0] for w in model.weights]
    model.set_weights([fill_value(n, tuple(int(d) for d in w.shape)) for n, w in
                       zip(names, model.weights)])
    return names


def describe(model):
    """What a structure golden records about a model."""
    def shape(s):
        return [list(x) for x in s] if isinstance(s, list) else list(s)
    return {
        'name': model.name,
        'layers': [[l.name, type(l).__name__, shape(l.output_shape)] for l in model.layers],
        'input_shape': list(model.input_shape),
        'output_shape': list(model.output_shape),
        'count_params': int(model.count_params()),
        'trainable': [w.name for w in model.trainable_weights],
        'non_trainable': [w.name for w in model.non_trainable_weights],
    }
