"""Inception v3 (Szegedy et al., 2015): a convolutional stem, then the mixed0..mixed10 blocks of
parallel 1x1 / 3x3 / factorised 7x7 branches concatenated along the channels. Default input
299x299, at least 75x75. Unnamed convolutions keep Keras' automatic names (`conv2d_5`), which the
ImageNet weights file expects."""
from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = common.IMAGENET_RELEASES + 'v0.5/'


def conv2d_bn(x, filters, num_row, num_col, padding='same', strides=(1, 1), name=None):
    """Convolution (no bias) + batch norm without scale + ReLU."""
    layers = public().keras.layers
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding, use_bias=False,
                      name=None if name is None else name + '_conv')(x)
    x = layers.BatchNormalization(axis=common.channel_axis(), scale=False,
                                  name=None if name is None else name + '_bn')(x)
    return layers.Activation('relu', name=name)(x)


def _avg_branch(x, filters):
    pooled = public().keras.layers.AveragePooling2D((3, 3), strides=(1, 1), padding='same')(x)
    return conv2d_bn(pooled, filters, 1, 1)


def _concat(branches, name=None):
    return public().keras.layers.concatenate(branches, axis=common.channel_axis(), name=name)


def _block_35(x, pool_filters, name):
    """mixed0-2: 1x1, 5x5, double 3x3 and average-pool branches."""
    b1 = conv2d_bn(x, 64, 1, 1)
    b5 = conv2d_bn(conv2d_bn(x, 48, 1, 1), 64, 5, 5)
    b3 = conv2d_bn(conv2d_bn(conv2d_bn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
    return _concat([b1, b5, b3, _avg_branch(x, pool_filters)], name)


def _block_17(x, width, name):
    """mixed4-7: 1x1, 1x7/7x1 and double 1x7/7x1 branches of `width` inner filters."""
    b1 = conv2d_bn(x, 192, 1, 1)
    b7 = conv2d_bn(x, width, 1, 1)
    b7 = conv2d_bn(b7, width, 1, 7)
    b7 = conv2d_bn(b7, 192, 7, 1)
    bd = conv2d_bn(x, width, 1, 1)
    bd = conv2d_bn(bd, width, 7, 1)
    bd = conv2d_bn(bd, width, 1, 7)
    bd = conv2d_bn(bd, width, 7, 1)
    bd = conv2d_bn(bd, 192, 1, 7)
    return _concat([b1, b7, bd, _avg_branch(x, 192)], name)


def _block_8(x, i):
    """mixed9-10: 1x1, split 3x3 and split double-3x3 branches."""
    b1 = conv2d_bn(x, 320, 1, 1)
    b3 = conv2d_bn(x, 384, 1, 1)
    b3 = _concat([conv2d_bn(b3, 384, 1, 3), conv2d_bn(b3, 384, 3, 1)], 'mixed9_' + str(i))
    bd = conv2d_bn(x, 448, 1, 1)
    bd = conv2d_bn(bd, 384, 3, 3)
    bd = _concat([conv2d_bn(bd, 384, 1, 3), conv2d_bn(bd, 384, 3, 1)])
    return _concat([b1, b3, bd, _avg_branch(x, 192)], 'mixed' + str(9 + i))


def InceptionV3(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                pooling=None, classes=1000, **kwargs):
    """The Inception v3 model (299x299 RGB input by default; at least 75x75)."""
    layers = public().keras.layers
    img_input = common.model_input(weights, include_top, classes, kwargs, input_tensor,
                                   input_shape, default_size=299, min_size=75)
    x = conv2d_bn(img_input, 32, 3, 3, strides=(2, 2), padding='valid')
    x = conv2d_bn(x, 32, 3, 3, padding='valid')
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding='valid')
    x = conv2d_bn(x, 192, 3, 3, padding='valid')
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = _block_35(x, 32, 'mixed0')
    x = _block_35(x, 64, 'mixed1')
    x = _block_35(x, 64, 'mixed2')
    # mixed3: grid reduction 35 -> 17.
    b3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding='valid')
    bd = conv2d_bn(conv2d_bn(x, 64, 1, 1), 96, 3, 3)
    bd = conv2d_bn(bd, 96, 3, 3, strides=(2, 2), padding='valid')
    x = _concat([b3, bd, layers.MaxPooling2D((3, 3), strides=(2, 2))(x)], 'mixed3')
    x = _block_17(x, 128, 'mixed4')
    x = _block_17(x, 160, 'mixed5')
    x = _block_17(x, 160, 'mixed6')
    x = _block_17(x, 192, 'mixed7')
    # mixed8: grid reduction 17 -> 8.
    b3 = conv2d_bn(conv2d_bn(x, 192, 1, 1), 320, 3, 3, strides=(2, 2), padding='valid')
    b7 = conv2d_bn(x, 192, 1, 1)
    b7 = conv2d_bn(b7, 192, 1, 7)
    b7 = conv2d_bn(b7, 192, 7, 1)
    b7 = conv2d_bn(b7, 192, 3, 3, strides=(2, 2), padding='valid')
    x = _concat([b3, b7, layers.MaxPooling2D((3, 3), strides=(2, 2))(x)], 'mixed8')
    x = _block_8(x, 0)
    x = _block_8(x, 1)
    x = common.top(x, include_top, classes, pooling)

    imagenet_file = common.release_file(
        _RELEASE, include_top,
        ('inception_v3_weights_tf_dim_ordering_tf_kernels.h5',
         '9a0d58056eeedaa3f26cb7ebd46da564'),
        ('inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5',
         'bcbd6486424b2319ff4ef7d526e38f63'))

    return common.finish(img_input, input_tensor, x, 'inception_v3', weights, imagenet_file)


common.publish_model(['inception_v3'], InceptionV3, contrib='inception_v3')
preprocess_input = imagenet_utils.with_mode('tf')
common.publish('inception_v3', contrib=True, preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
