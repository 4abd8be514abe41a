"""DenseNet-121/169/201 (Huang et al., 2016): four dense blocks (each conv block's 32 new channels
concatenated to its input) joined by transition blocks (1x1 convolution halving the channels,
2x2 average pooling). Inputs are preprocessed in 'torch' mode."""
from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = 'https://github.com/keras-team/keras-applications/releases/download/densenet/'
_EPSILON = 1.001e-5
# Conv blocks per dense block -> (model name, weights hash with top, without top).
_VARIANTS = {
    (6, 12, 24, 16): ('densenet121', '9d60b8095a5708f2dcce2bca79d332c7',
                      '30ee3e1110167f948a6b9946edeeb738'),
    (6, 12, 32, 32): ('densenet169', 'd699b8f76981ab1b30698df4c175e90b',
                      'b8c4d4c20dd625c148057b9ff1c1176b'),
    (6, 12, 48, 32): ('densenet201', '1ceb130c1ea1b78c3bf6114dbdfd8807',
                      'c13680b51ded0fb44dff2d8f86ac8bb1'),
}


def _bn_relu(x, name):
    layers = public().keras.layers
    x = layers.BatchNormalization(axis=common.channel_axis(), epsilon=_EPSILON, name=name + '_bn')(x)
    return layers.Activation('relu', name=name + '_relu')(x)


def conv_block(x, growth_rate, name):
    """BN-ReLU-1x1 conv (4 x growth) - BN-ReLU-3x3 conv (growth), concatenated to the input."""
    layers = public().keras.layers
    x1 = _bn_relu(x, name + '_0')
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=name + '_1_conv')(x1)
    x1 = _bn_relu(x1, name + '_1')
    x1 = layers.Conv2D(growth_rate, 3, padding='same', use_bias=False, name=name + '_2_conv')(x1)
    return layers.Concatenate(axis=common.channel_axis(), name=name + '_concat')([x, x1])


def dense_block(x, blocks, name):
    for i in range(blocks):
        x = conv_block(x, 32, name=name + '_block' + str(i + 1))
    return x


def transition_block(x, reduction, name):
    layers, backend = public().keras.layers, public().keras.backend
    x = _bn_relu(x, name)
    x = layers.Conv2D(int(backend.int_shape(x)[common.channel_axis()] * reduction), 1,
                      use_bias=False, name=name + '_conv')(x)
    return layers.AveragePooling2D(2, strides=2, name=name + '_pool')(x)


def _densenet(blocks, include_top, weights, input_tensor, input_shape, pooling, classes, kwargs):
    layers = public().keras.layers
    img_input = common.model_input(weights, include_top, classes, kwargs, input_tensor,
                                   input_shape, default_size=224, min_size=32)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name='conv1/conv')(x)
    x = layers.BatchNormalization(axis=common.channel_axis(), epsilon=_EPSILON, name='conv1/bn')(x)
    x = layers.Activation('relu', name='conv1/relu')(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name='pool1')(x)
    for i, n in enumerate(blocks):
        x = dense_block(x, n, name='conv%d' % (i + 2))
        if i < 3:
            x = transition_block(x, 0.5, name='pool%d' % (i + 2))
    x = layers.BatchNormalization(axis=common.channel_axis(), epsilon=_EPSILON, name='bn')(x)
    x = layers.Activation('relu', name='relu')(x)
    x = common.top(x, include_top, classes, pooling, dense_name='fc1000', avg_name='avg_pool',
                   max_name='max_pool')
    name, hash_top, hash_notop = _VARIANTS[tuple(blocks)]

    def imagenet_file():
        fname = name + '_weights_tf_dim_ordering_tf_kernels%s.h5' % ('' if include_top else '_notop')
        return common.get_file(fname, _RELEASE + fname, hash_top if include_top else hash_notop)

    return common.finish(img_input, input_tensor, x, name, weights, imagenet_file)


def _variant(blocks, depth):
    def build(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
              pooling=None, classes=1000, **kwargs):
        return _densenet(blocks, include_top, weights, input_tensor, input_shape, pooling, classes,
                         kwargs)
    build.__name__ = 'DenseNet%d' % depth
    build.__doc__ = 'The DenseNet-%d model (224x224 RGB input by default; at least 32x32).' % depth
    return common.publish_model(['densenet'], build)


DenseNet121 = _variant((6, 12, 24, 16), 121)
DenseNet169 = _variant((6, 12, 32, 32), 169)
DenseNet201 = _variant((6, 12, 48, 32), 201)


def preprocess_input(x, data_format=None, **kwargs):
    """Preprocesses images for DenseNet ('torch' mode: [0, 1], then per-channel ImageNet stats)."""
    return imagenet_utils.preprocess_input(x, data_format, mode='torch', **kwargs)


common.publish('densenet', preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
