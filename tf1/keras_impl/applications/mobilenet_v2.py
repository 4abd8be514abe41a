"""MobileNetV2 (Sandler et al., 2018): 17 inverted residual blocks (1x1 expansion, 3x3 depthwise,
linear 1x1 projection; a residual Add where shapes allow), ReLU6 throughout. `alpha` scales the
widths (rounded to multiples of 8); ImageNet weights exist for alpha in {0.35, 0.5, 0.75, 1.0, 1.3,
1.4} at 96/128/160/192/224 pixels."""
import warnings

from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = 'https://github.com/JonathanCMitchell/mobilenet_v2_keras/releases/download/v1.1/'
_SIZES = [96, 128, 160, 192, 224]
# (filters, stride, expansion) of blocks 0..16.
_BLOCKS = [(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6),
           (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6),
           (160, 1, 6), (160, 1, 6), (320, 1, 6)]


def _make_divisible(v, divisor, min_value=None):
    """`v` rounded to the nearest multiple of `divisor`, never below 90% of `v`."""
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def correct_pad(inputs, kernel_size):
    """Zero padding that makes a strided 'valid' convolution sample as TF's 'same' one does (one
    less row/column before than after on even sizes)."""
    backend = public().keras.backend
    img_dim = 2 if common.data_format() == 'channels_first' else 1
    input_size = backend.int_shape(inputs)[img_dim:img_dim + 2]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if input_size[0] is None else (1 - input_size[0] % 2, 1 - input_size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def _bn(x, name):
    return public().keras.layers.BatchNormalization(axis=_bn_axis(), epsilon=1e-3, momentum=0.999,
                                                    name=name)(x)


def _bn_axis():
    return 1 if common.data_format() == 'channels_first' else -1


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    layers, backend = public().keras.layers, public().keras.backend
    in_channels = backend.int_shape(inputs)[_bn_axis()]
    pointwise_filters = _make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = 'block_{}_'.format(block_id)
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding='same', use_bias=False,
                          activation=None, name=prefix + 'expand')(x)
        x = _bn(x, prefix + 'expand_BN')
        x = layers.ReLU(6., name=prefix + 'expand_relu')(x)
    else:
        prefix = 'expanded_conv_'
    if stride == 2:
        x = layers.ZeroPadding2D(padding=correct_pad(x, 3), name=prefix + 'pad')(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False,
                               padding='same' if stride == 1 else 'valid',
                               name=prefix + 'depthwise')(x)
    x = _bn(x, prefix + 'depthwise_BN')
    x = layers.ReLU(6., name=prefix + 'depthwise_relu')(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding='same', use_bias=False,
                      activation=None, name=prefix + 'project')(x)
    x = _bn(x, prefix + 'project_BN')
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=prefix + 'add')([inputs, x])
    return x


def _square_size(rows, cols):
    return rows if rows == cols and rows in _SIZES else 224


def _default_size(input_shape, input_tensor):
    """The size whose ImageNet weights fit: from `input_shape`, else from a Keras input tensor's
    static shape; with keras_applications' checks that the two agree."""
    backend = public().keras.backend
    first = common.data_format() == 'channels_first'
    if input_shape is not None and input_tensor is not None:
        try:
            is_keras = backend.is_keras_tensor(input_tensor)
        except ValueError:
            raise ValueError('input_tensor: ', input_tensor, 'is not type input_tensor')
        if not is_keras:
            raise ValueError('input_tensor specified: ', input_tensor, 'is not a keras tensor')
        # keras_applications compares the tensor's width with the shape's second entry (its
        # channels_first test never fires).
        if backend.int_shape(input_tensor)[2] != input_shape[1]:
            raise ValueError('input_shape: ', input_shape, 'and input_tensor: ', input_tensor,
                             'do not meet the same shape requirements')
    if input_shape is None and input_tensor is not None:
        try:
            is_keras = backend.is_keras_tensor(input_tensor)
        except ValueError:
            raise ValueError('input_tensor: ', input_tensor, 'is type: ', type(input_tensor),
                             'which is not a valid type')
        if not is_keras:
            return 224
        shape = backend.int_shape(input_tensor)
        return _square_size(*(shape[2:4] if first else shape[1:3]))
    if input_shape is None:
        return 224
    return _square_size(*(input_shape[1:3] if first else input_shape[0:2]))


def MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights='imagenet',
                input_tensor=None, pooling=None, classes=1000, **kwargs):
    """The MobileNetV2 model (224x224 RGB input by default; at least 32x32)."""
    common.check_arguments(weights, include_top, classes, kwargs)
    default_size = _default_size(input_shape, input_tensor)
    input_shape = common.obtain_input_shape(input_shape, default_size=default_size, min_size=32,
                                            data_format=common.data_format(),
                                            require_flatten=include_top, weights=weights)
    first = common.data_format() == 'channels_first'
    rows, cols = (input_shape[1], input_shape[2]) if first else (input_shape[0], input_shape[1])
    if weights == 'imagenet':
        if alpha not in [0.35, 0.50, 0.75, 1.0, 1.3, 1.4]:
            raise ValueError('If imagenet weights are being loaded, '
                             'alpha can be one of `0.35`, `0.50`, `0.75`, '
                             '`1.0`, `1.3` or `1.4` only.')
        if rows != cols or rows not in _SIZES:
            rows = 224
            warnings.warn('`input_shape` is undefined or non-square, '
                          'or `rows` is not in [96, 128, 160, 192, 224].'
                          ' Weights for input shape (224, 224) will be'
                          ' loaded as the default.')
    layers = public().keras.layers
    img_input = common.image_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=correct_pad(img_input, 3), name='Conv1_pad')(img_input)
    x = layers.Conv2D(_make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding='valid', use_bias=False, name='Conv1')(x)
    x = _bn(x, 'bn_Conv1')
    x = layers.ReLU(6., name='Conv1_relu')(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, filters=filters, alpha=alpha, stride=stride,
                                expansion=expansion, block_id=block_id)
    # The last convolution widens with alpha > 1 but never narrows.
    last_block_filters = _make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_block_filters, kernel_size=1, use_bias=False, name='Conv_1')(x)
    x = _bn(x, 'Conv_1_bn')
    x = layers.ReLU(6., name='out_relu')(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes, activation='softmax', use_bias=True, name='Logits')(x)
    else:
        x = common.pool(x, pooling)

    def imagenet_file():
        fname = ('mobilenet_v2_weights_tf_dim_ordering_tf_kernels_' + str(alpha) + '_' + str(rows) +
                 ('' if include_top else '_no_top') + '.h5')
        return common.get_file(fname, _RELEASE + fname)

    return common.finish(img_input, input_tensor, x, 'mobilenetv2_%0.2f_%s' % (alpha, rows), weights,
                         imagenet_file)


common.publish_model(['mobilenet_v2'], MobileNetV2)
preprocess_input = imagenet_utils.with_mode('tf')
common.publish('mobilenet_v2', preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
