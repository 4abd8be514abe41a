"""MobileNet v1 (Howard et al., 2017): a strided 3x3 convolution, then 13 depthwise-separable blocks
(3x3 depthwise + 1x1 pointwise, each with batch norm and ReLU6). `alpha` scales every layer's width,
`depth_multiplier` the depthwise channels; ImageNet weights exist for alpha in {0.25, 0.5, 0.75, 1.0}
at 128/160/192/224 pixels."""
import warnings

from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = common.IMAGENET_RELEASES + 'v0.6/'
_SIZES = [128, 160, 192, 224]
# (pointwise filters, stride) of blocks 1..13.
_BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1),
           (512, 1), (512, 1), (1024, 2), (1024, 1)]


def _conv_block(inputs, filters, alpha, kernel=(3, 3), strides=(1, 1)):
    layers = public().keras.layers
    x = layers.ZeroPadding2D(padding=((0, 1), (0, 1)), name='conv1_pad')(inputs)
    x = layers.Conv2D(int(filters * alpha), kernel, padding='valid', use_bias=False, strides=strides,
                      name='conv1')(x)
    x = layers.BatchNormalization(axis=_bn_axis(), name='conv1_bn')(x)
    return layers.ReLU(6., name='conv1_relu')(x)


def _bn_axis():
    return 1 if common.data_format() == 'channels_first' else -1


def _depthwise_conv_block(inputs, pointwise_filters, alpha, depth_multiplier, strides, block_id):
    layers = public().keras.layers
    if strides == (1, 1):
        x = inputs
    else:
        # Pads bottom/right only, so a strided 'valid' convolution samples like TF-Slim's 'same'.
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name='conv_pad_%d' % block_id)(inputs)
    x = layers.DepthwiseConv2D((3, 3), padding='same' if strides == (1, 1) else 'valid',
                               depth_multiplier=depth_multiplier, strides=strides, use_bias=False,
                               name='conv_dw_%d' % block_id)(x)
    x = layers.BatchNormalization(axis=_bn_axis(), name='conv_dw_%d_bn' % block_id)(x)
    x = layers.ReLU(6., name='conv_dw_%d_relu' % block_id)(x)
    x = layers.Conv2D(int(pointwise_filters * alpha), (1, 1), padding='same', use_bias=False,
                      strides=(1, 1), name='conv_pw_%d' % block_id)(x)
    x = layers.BatchNormalization(axis=_bn_axis(), name='conv_pw_%d_bn' % block_id)(x)
    return layers.ReLU(6., name='conv_pw_%d_relu' % block_id)(x)


def _default_size(input_shape):
    """The input size whose ImageNet weights fit a square input of 128/160/192/224 pixels."""
    if input_shape is None:
        return 224
    first = common.data_format() == 'channels_first'
    rows, cols = (input_shape[1], input_shape[2]) if first else (input_shape[0], input_shape[1])
    return rows if rows == cols and rows in _SIZES else 224


def _check_imagenet(alpha, depth_multiplier, rows, cols):
    if depth_multiplier != 1:
        raise ValueError('If imagenet weights are being loaded, depth multiplier must be 1')
    if alpha not in [0.25, 0.50, 0.75, 1.0]:
        raise ValueError('If imagenet weights are being loaded, alpha can be one of'
                         '`0.25`, `0.50`, `0.75` or `1.0` only.')
    if rows != cols or rows not in _SIZES:
        warnings.warn('`input_shape` is undefined or non-square, or `rows` is not in '
                      '[128, 160, 192, 224]. Weights for input shape (224, 224) will be'
                      ' loaded as the default.')
        return 224
    return rows


def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3, include_top=True,
              weights='imagenet', input_tensor=None, pooling=None, classes=1000, **kwargs):
    """The MobileNet model (224x224 RGB input by default; at least 32x32)."""
    common.check_arguments(weights, include_top, classes, kwargs)
    input_shape = common.obtain_input_shape(input_shape, default_size=_default_size(input_shape),
                                            min_size=32, data_format=common.data_format(),
                                            require_flatten=include_top, weights=weights)
    first = common.data_format() == 'channels_first'
    rows, cols = (input_shape[1], input_shape[2]) if first else (input_shape[0], input_shape[1])
    if weights == 'imagenet':
        rows = _check_imagenet(alpha, depth_multiplier, rows, cols)
    layers = public().keras.layers
    img_input = common.image_input(input_tensor, input_shape)
    x = _conv_block(img_input, 32, alpha, strides=(2, 2))
    for block_id, (filters, stride) in enumerate(_BLOCKS, 1):
        x = _depthwise_conv_block(x, filters, alpha, depth_multiplier, (stride, stride), block_id)
    if include_top:
        width = int(1024 * alpha)
        shape = (width, 1, 1) if first else (1, 1, width)
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Reshape(shape, name='reshape_1')(x)
        x = layers.Dropout(dropout, name='dropout')(x)
        x = layers.Conv2D(classes, (1, 1), padding='same', name='conv_preds')(x)
        x = layers.Reshape((classes,), name='reshape_2')(x)
        x = layers.Activation('softmax', name='act_softmax')(x)
    else:
        x = common.pool(x, pooling)

    def imagenet_file():
        alpha_text = {1.0: '1_0', 0.75: '7_5', 0.5: '5_0'}.get(alpha, '2_5')
        fname = 'mobilenet_%s_%d_tf%s.h5' % (alpha_text, rows, '' if include_top else '_no_top')
        return common.get_file(fname, _RELEASE + fname)

    return common.finish(img_input, input_tensor, x, 'mobilenet_%0.2f_%s' % (alpha, rows), weights,
                         imagenet_file)


common.publish_model(['mobilenet'], MobileNet, contrib='mobilenet')
preprocess_input = imagenet_utils.with_mode('tf')
common.publish('mobilenet', contrib=True, preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
