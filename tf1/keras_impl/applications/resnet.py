"""ResNet50/101/152 (He et al., 2015) and ResNet50V2/101V2/152V2 (pre-activation, 2016), as
keras_applications 1.0.8's `resnet_common` builds them (TF 1.15's `tf.keras.applications.ResNet50`
is this one, with `conv2_block1_1_conv`-style layer names).

A network is a 7x7/2 stem, four stacks of bottleneck blocks, and the classifier; v1 blocks put batch
norm after each convolution, v2 blocks before (with one final `post_bn`)."""
from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = 'https://github.com/keras-team/keras-applications/releases/download/resnet/'
_HASHES = {
    'resnet50': ('2cb95161c43110f7111970584f804107', '4d473c1dd8becc155b73f8504c6f6626'),
    'resnet101': ('f1aeb4b969a6efcfb50fad2f0c20cfc5', '88cf7a10940856eca736dc7b7e228a21'),
    'resnet152': ('100835be76be38e30d865e96f2aaae62', 'ee4c566cf9a93f14d82f913c2dc6dd0c'),
    'resnet50v2': ('3ef43a0b657b3be2300d5770ece849e0', 'fac2f116257151a9d068a22e544a4917'),
    'resnet101v2': ('6343647c601c52e1368623803854d971', 'c0ed64b8031c3730f411d2eb4eea35b5'),
    'resnet152v2': ('a49b44d1979771252814e80f8ec446f9', 'ed17cf2e0169df9d443503ef94b23b33'),
}
_EPSILON = 1.001e-5
# Blocks per stack (filters 64, 128, 256, 512).
_BLOCKS = {'50': (3, 4, 6, 3), '101': (3, 4, 23, 3), '152': (3, 8, 36, 3)}


def _bn(x, name):
    return public().keras.layers.BatchNormalization(axis=common.channel_axis(), epsilon=_EPSILON,
                                                    name=name)(x)


def _relu(x, name):
    return public().keras.layers.Activation('relu', name=name)(x)


def _block_v1(x, filters, stride=1, conv_shortcut=True, name=None):
    layers = public().keras.layers
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + '_0_conv')(x)
        shortcut = _bn(shortcut, name + '_0_bn')
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=name + '_1_conv')(x)
    x = _relu(_bn(x, name + '_1_bn'), name + '_1_relu')
    x = layers.Conv2D(filters, 3, padding='SAME', name=name + '_2_conv')(x)
    x = _relu(_bn(x, name + '_2_bn'), name + '_2_relu')
    x = layers.Conv2D(4 * filters, 1, name=name + '_3_conv')(x)
    x = _bn(x, name + '_3_bn')
    x = layers.Add(name=name + '_add')([shortcut, x])
    return _relu(x, name + '_out')


def _stack_v1(x, filters, blocks, stride1=2, name=None):
    x = _block_v1(x, filters, stride=stride1, name=name + '_block1')
    for i in range(2, blocks + 1):
        x = _block_v1(x, filters, conv_shortcut=False, name=name + '_block' + str(i))
    return x


def _block_v2(x, filters, stride=1, conv_shortcut=False, name=None):
    layers = public().keras.layers
    preact = _relu(_bn(x, name + '_preact_bn'), name + '_preact_relu')
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + '_0_conv')(preact)
    else:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x) if stride > 1 else x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=name + '_1_conv')(preact)
    x = _relu(_bn(x, name + '_1_bn'), name + '_1_relu')
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=name + '_2_pad')(x)
    x = layers.Conv2D(filters, 3, strides=stride, use_bias=False, name=name + '_2_conv')(x)
    x = _relu(_bn(x, name + '_2_bn'), name + '_2_relu')
    x = layers.Conv2D(4 * filters, 1, name=name + '_3_conv')(x)
    return layers.Add(name=name + '_out')([shortcut, x])


def _stack_v2(x, filters, blocks, stride1=2, name=None):
    # v2 downsamples in the last block of a stack (v1 in the first).
    x = _block_v2(x, filters, conv_shortcut=True, name=name + '_block1')
    for i in range(2, blocks):
        x = _block_v2(x, filters, name=name + '_block' + str(i))
    return _block_v2(x, filters, stride=stride1, name=name + '_block' + str(blocks))


def _stacks_v1(x, blocks):
    for i, (filters, n) in enumerate(zip((64, 128, 256, 512), blocks)):
        x = _stack_v1(x, filters, n, stride1=1 if i == 0 else 2, name='conv%d' % (i + 2))
    return x


def _stacks_v2(x, blocks):
    for i, (filters, n) in enumerate(zip((64, 128, 256, 512), blocks)):
        x = _stack_v2(x, filters, n, stride1=1 if i == 3 else 2, name='conv%d' % (i + 2))
    return x


def _resnet(depth, preact, include_top, weights, input_tensor, input_shape, pooling, classes, kwargs):
    model_name = 'resnet' + depth + ('v2' if preact else '')
    layers = public().keras.layers
    img_input = common.model_input(weights, include_top, classes, kwargs, input_tensor,
                                   input_shape, default_size=224, min_size=32)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name='conv1_pad')(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=True, name='conv1_conv')(x)
    if not preact:
        x = _relu(_bn(x, 'conv1_bn'), 'conv1_relu')
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name='pool1_pad')(x)
    x = layers.MaxPooling2D(3, strides=2, name='pool1_pool')(x)
    x = (_stacks_v2 if preact else _stacks_v1)(x, _BLOCKS[depth])
    if preact:
        x = _relu(_bn(x, 'post_bn'), 'post_relu')
    x = common.top(x, include_top, classes, pooling, dense_name='probs', avg_name='avg_pool',
                   max_name='max_pool')

    def imagenet_file():
        suffix = '' if include_top else '_notop'
        fname = model_name + '_weights_tf_dim_ordering_tf_kernels%s.h5' % suffix
        return common.get_file(fname, _RELEASE + fname, _HASHES[model_name][0 if include_top else 1])

    return common.finish(img_input, input_tensor, x, model_name, weights, imagenet_file)


def _variant(depth, preact):
    def build(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
              pooling=None, classes=1000, **kwargs):
        return _resnet(depth, preact, include_top, weights, input_tensor, input_shape, pooling,
                       classes, kwargs)
    build.__name__ = 'ResNet' + depth + ('V2' if preact else '')
    build.__doc__ = 'The %s model (224x224 RGB input by default; at least 32x32).' % build.__name__
    return build


ResNet50 = common.publish_model(['resnet', 'resnet50'], _variant('50', False),
                                contrib='resnet50')
ResNet101 = common.publish_model(['resnet'], _variant('101', False))
ResNet152 = common.publish_model(['resnet'], _variant('152', False))
ResNet50V2 = common.publish_model(['resnet_v2'], _variant('50', True))
ResNet101V2 = common.publish_model(['resnet_v2'], _variant('101', True))
ResNet152V2 = common.publish_model(['resnet_v2'], _variant('152', True))

# v1 takes Caffe-style inputs (BGR, mean-subtracted); v2 scales to [-1, 1].
preprocess_input = imagenet_utils.with_mode('caffe')
preprocess_input_v2 = imagenet_utils.with_mode('tf')
common.publish('resnet', preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
common.publish('resnet50', contrib=True, preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
common.publish('resnet_v2', preprocess_input=preprocess_input_v2,
               decode_predictions=imagenet_utils.decode_predictions)
