"""Xception (Chollet, 2016): depthwise-separable convolutions with residual connections -- an entry
flow of three downsampling blocks, a middle flow of eight 728-channel blocks, an exit flow. Default
input 299x299, at least 71x71."""
from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = common.IMAGENET_RELEASES + 'v0.4/'


def _bn(x, name=None):
    return public().keras.layers.BatchNormalization(axis=_bn_axis(), name=name)(x)


def _bn_axis():
    return 1 if common.data_format() == 'channels_first' else -1


def _sepconv(x, filters, name):
    return public().keras.layers.SeparableConv2D(filters, (3, 3), padding='same', use_bias=False,
                                                 name=name)(x)


def _relu(x, name):
    return public().keras.layers.Activation('relu', name=name)(x)


def _residual(x, filters):
    """The strided 1x1 projection added back after a downsampling block (auto-named)."""
    layers = public().keras.layers
    residual = layers.Conv2D(filters, (1, 1), strides=(2, 2), padding='same', use_bias=False)(x)
    return _bn(residual)


def _downsampling_block(x, filters, block, first_relu=True):
    """Two separable convolutions and a strided max pool, plus the projected residual."""
    layers = public().keras.layers
    residual = _residual(x, filters[1])
    prefix = 'block%d' % block
    if first_relu:
        x = _relu(x, prefix + '_sepconv1_act')
    x = _bn(_sepconv(x, filters[0], prefix + '_sepconv1'), prefix + '_sepconv1_bn')
    x = _relu(x, prefix + '_sepconv2_act')
    x = _bn(_sepconv(x, filters[1], prefix + '_sepconv2'), prefix + '_sepconv2_bn')
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding='same', name=prefix + '_pool')(x)
    return layers.add([x, residual])


def Xception(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
             pooling=None, classes=1000, **kwargs):
    """The Xception model (299x299 RGB input by default; at least 71x71)."""
    layers = public().keras.layers
    img_input = common.model_input(weights, include_top, classes, kwargs, input_tensor,
                                   input_shape, default_size=299, min_size=71)
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name='block1_conv1')(img_input)
    x = _relu(_bn(x, 'block1_conv1_bn'), 'block1_conv1_act')
    x = layers.Conv2D(64, (3, 3), use_bias=False, name='block1_conv2')(x)
    x = _relu(_bn(x, 'block1_conv2_bn'), 'block1_conv2_act')
    # Block 2 has no ReLU before its first separable convolution, and names its second ReLU
    # 'block2_sepconv2_act' (as the ImageNet weights file does).
    x = _downsampling_block(x, (128, 128), 2, first_relu=False)
    x = _downsampling_block(x, (256, 256), 3)
    x = _downsampling_block(x, (728, 728), 4)
    for i in range(8):
        residual = x
        prefix = 'block' + str(i + 5)
        for j in (1, 2, 3):
            x = _relu(x, prefix + '_sepconv%d_act' % j)
            x = _bn(_sepconv(x, 728, prefix + '_sepconv%d' % j), prefix + '_sepconv%d_bn' % j)
        x = layers.add([x, residual])
    x = _downsampling_block(x, (728, 1024), 13)
    x = _bn(_sepconv(x, 1536, 'block14_sepconv1'), 'block14_sepconv1_bn')
    x = _relu(x, 'block14_sepconv1_act')
    x = _bn(_sepconv(x, 2048, 'block14_sepconv2'), 'block14_sepconv2_bn')
    x = _relu(x, 'block14_sepconv2_act')
    x = common.top(x, include_top, classes, pooling)

    imagenet_file = common.release_file(
        _RELEASE, include_top,
        ('xception_weights_tf_dim_ordering_tf_kernels.h5',
         '0a58e3b7378bc2990ea3b43d5981f1f6'),
        ('xception_weights_tf_dim_ordering_tf_kernels_notop.h5',
         'b0042744bf5b25fce3cb969f33bebb97'))

    return common.finish(img_input, input_tensor, x, 'xception', weights, imagenet_file)


common.publish_model(['xception'], Xception, contrib='xception')
preprocess_input = imagenet_utils.with_mode('tf')
common.publish('xception', contrib=True, preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
