"""Inception-ResNet v2 (Szegedy et al., 2016): an Inception stem, then 10 block35, 20 block17 and 10
block8 residual Inception blocks (each branch concatenation projected by a 1x1 convolution, scaled
and added to the block input by a Lambda layer), with grid reductions mixed_6a and mixed_7a between.
Default input 299x299, at least 75x75."""
from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = common.IMAGENET_RELEASES + 'v0.7/'


def conv2d_bn(x, filters, kernel_size, strides=1, padding='same', activation='relu', use_bias=False,
              name=None):
    """Convolution, batch norm without scale (when there is no bias), activation."""
    layers = public().keras.layers
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias,
                      name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(axis=common.channel_axis(), scale=False,
                                      name=None if name is None else name + '_bn')(x)
    if activation is not None:
        x = layers.Activation(activation, name=None if name is None else name + '_ac')(x)
    return x


def _branches(x, block_type):
    if block_type == 'block35':
        b0 = conv2d_bn(x, 32, 1)
        b1 = conv2d_bn(conv2d_bn(x, 32, 1), 32, 3)
        b2 = conv2d_bn(conv2d_bn(conv2d_bn(x, 32, 1), 48, 3), 64, 3)
        return [b0, b1, b2]
    if block_type == 'block17':
        b0 = conv2d_bn(x, 192, 1)
        b1 = conv2d_bn(conv2d_bn(conv2d_bn(x, 128, 1), 160, [1, 7]), 192, [7, 1])
        return [b0, b1]
    if block_type == 'block8':
        b0 = conv2d_bn(x, 192, 1)
        b1 = conv2d_bn(conv2d_bn(conv2d_bn(x, 192, 1), 224, [1, 3]), 256, [3, 1])
        return [b0, b1]
    raise ValueError('Unknown Inception-ResNet block type. '
                     'Expects "block35", "block17" or "block8", '
                     'but got: ' + str(block_type))


def _scaled_residual(inputs, scale):
    return inputs[0] + inputs[1] * scale


def inception_resnet_block(x, scale, block_type, block_idx, activation='relu'):
    """x + scale * conv1x1(concat(branches)), then the activation."""
    layers, backend = public().keras.layers, public().keras.backend
    branches = _branches(x, block_type)
    block_name = block_type + '_' + str(block_idx)
    axis = common.channel_axis()
    mixed = layers.Concatenate(axis=axis, name=block_name + '_mixed')(branches)
    up = conv2d_bn(mixed, backend.int_shape(x)[axis], 1, activation=None, use_bias=True,
                   name=block_name + '_conv')
    x = layers.Lambda(_scaled_residual, output_shape=backend.int_shape(x)[1:],
                      arguments={'scale': scale}, name=block_name)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=block_name + '_ac')(x)
    return x


def InceptionResNetV2(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                      pooling=None, classes=1000, **kwargs):
    """The Inception-ResNet v2 model (299x299 RGB input by default; at least 75x75)."""
    layers = public().keras.layers
    axis = common.channel_axis()
    img_input = common.model_input(weights, include_top, classes, kwargs, input_tensor,
                                   input_shape, default_size=299, min_size=75)
    x = conv2d_bn(img_input, 32, 3, strides=2, padding='valid')
    x = conv2d_bn(x, 32, 3, padding='valid')
    x = conv2d_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = conv2d_bn(x, 80, 1, padding='valid')
    x = conv2d_bn(x, 192, 3, padding='valid')
    x = layers.MaxPooling2D(3, strides=2)(x)
    # mixed_5b (Inception-A).
    b0 = conv2d_bn(x, 96, 1)
    b1 = conv2d_bn(conv2d_bn(x, 48, 1), 64, 5)
    b2 = conv2d_bn(conv2d_bn(conv2d_bn(x, 64, 1), 96, 3), 96, 3)
    bp = conv2d_bn(layers.AveragePooling2D(3, strides=1, padding='same')(x), 64, 1)
    x = layers.Concatenate(axis=axis, name='mixed_5b')([b0, b1, b2, bp])
    for block_idx in range(1, 11):
        x = inception_resnet_block(x, scale=0.17, block_type='block35', block_idx=block_idx)
    # mixed_6a (Reduction-A).
    b0 = conv2d_bn(x, 384, 3, strides=2, padding='valid')
    b1 = conv2d_bn(conv2d_bn(conv2d_bn(x, 256, 1), 256, 3), 384, 3, strides=2, padding='valid')
    bp = layers.MaxPooling2D(3, strides=2, padding='valid')(x)
    x = layers.Concatenate(axis=axis, name='mixed_6a')([b0, b1, bp])
    for block_idx in range(1, 21):
        x = inception_resnet_block(x, scale=0.1, block_type='block17', block_idx=block_idx)
    # mixed_7a (Reduction-B).
    b0 = conv2d_bn(conv2d_bn(x, 256, 1), 384, 3, strides=2, padding='valid')
    b1 = conv2d_bn(conv2d_bn(x, 256, 1), 288, 3, strides=2, padding='valid')
    b2 = conv2d_bn(conv2d_bn(conv2d_bn(x, 256, 1), 288, 3), 320, 3, strides=2, padding='valid')
    bp = layers.MaxPooling2D(3, strides=2, padding='valid')(x)
    x = layers.Concatenate(axis=axis, name='mixed_7a')([b0, b1, b2, bp])
    for block_idx in range(1, 10):
        x = inception_resnet_block(x, scale=0.2, block_type='block8', block_idx=block_idx)
    x = inception_resnet_block(x, scale=1., activation=None, block_type='block8', block_idx=10)
    x = conv2d_bn(x, 1536, 1, name='conv_7b')
    x = common.top(x, include_top, classes, pooling)

    imagenet_file = common.release_file(
        _RELEASE, include_top,
        ('inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5', 'e693bd0210a403b3192acc6073ad2e96'),
        ('inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5',
         'd19885ff4a710c122648d3b5c3b684e4'))

    return common.finish(img_input, input_tensor, x, 'inception_resnet_v2', weights, imagenet_file)


common.publish_model(['inception_resnet_v2'], InceptionResNetV2)
preprocess_input = imagenet_utils.with_mode('tf')
common.publish('inception_resnet_v2', preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
