"""NASNet-A (Zoph et al., 2017), Mobile (224x224, 4 normal cells per stack) and Large (331x331, 6 per
stack): searched normal and reduction cells of separable convolutions and poolings. Cells are built
inside graph name scopes (`normal_A_block_0/...`), so their weights carry those prefixes, as in
keras_applications. Unnamed ReLU layers keep Keras' automatic names."""
import warnings

from tf1.api import public

from . import common
from . import imagenet_utils
from .mobilenet_v2 import correct_pad

_RELEASE = 'https://github.com/titu1994/Keras-NASNet/releases/download/v1.2/'
# default size -> ((file with top, hash), (file without top, hash), release name suffixes)
_WEIGHTS = {
    224: (('nasnet_mobile.h5', 'NASNet-mobile.h5', '020fb642bf7360b370c678b08e0adf61'),
          ('nasnet_mobile_no_top.h5', 'NASNet-mobile-no-top.h5', '1ed92395b5b598bdda52abe5c0dbfd63')),
    331: (('nasnet_large.h5', 'NASNet-large.h5', '11577c9a518f0070763c2b964a382f17'),
          ('nasnet_large_no_top.h5', 'NASNet-large-no-top.h5', 'd81d89dc07e6e56530c4e77faddd61b5')),
}


def _k():
    return public().keras


def _bn(x, name):
    return _k().layers.BatchNormalization(axis=_channel_dim(), momentum=0.9997, epsilon=1e-3,
                                          name=name)(x)


def _channel_dim():
    return 1 if common.data_format() == 'channels_first' else -1


def _relu(x, name=None):
    return _k().layers.Activation('relu', name=name)(x)


def _conv1x1(x, filters, name, strides=(1, 1)):
    return _k().layers.Conv2D(filters, (1, 1), strides=strides, padding='same', use_bias=False,
                              name=name, kernel_initializer='he_normal')(x)


def _separable_conv_block(ip, filters, kernel_size=(3, 3), strides=(1, 1), block_id=None):
    """ReLU - separable conv (strided ones after correct_pad) - BN, twice."""
    layers = _k().layers
    with _k().backend.name_scope('separable_conv_block_%s' % block_id):
        x = _relu(ip)
        if strides == (2, 2):
            x = layers.ZeroPadding2D(padding=correct_pad(x, kernel_size),
                                     name='separable_conv_1_pad_%s' % block_id)(x)
            conv_pad = 'valid'
        else:
            conv_pad = 'same'
        x = layers.SeparableConv2D(filters, kernel_size, strides=strides,
                                   name='separable_conv_1_%s' % block_id, padding=conv_pad,
                                   use_bias=False, kernel_initializer='he_normal')(x)
        x = _bn(x, 'separable_conv_1_bn_%s' % block_id)
        x = _relu(x)
        x = layers.SeparableConv2D(filters, kernel_size, name='separable_conv_2_%s' % block_id,
                                   padding='same', use_bias=False, kernel_initializer='he_normal')(x)
        x = _bn(x, 'separable_conv_2_bn_%s' % block_id)
    return x


def _adjust_block(p, ip, filters, block_id=None):
    """Brings the previous cell's output `p` to the spatial size and width of `ip`."""
    layers, backend = _k().layers, _k().backend
    channel_dim = _channel_dim()
    img_dim = 2 if common.data_format() == 'channels_first' else -2
    ip_shape = backend.int_shape(ip)
    p_shape = backend.int_shape(p) if p is not None else None
    with backend.name_scope('adjust_block'):
        if p is None:
            return ip
        if p_shape[img_dim] != ip_shape[img_dim]:
            # Halve the resolution with two offset strided paths (factorised reduction).
            with backend.name_scope('adjust_reduction_block_%s' % block_id):
                p = _relu(p, 'adjust_relu_1_%s' % block_id)
                p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding='valid',
                                             name='adjust_avg_pool_1_%s' % block_id)(p)
                p1 = _conv1x1(p1, filters // 2, 'adjust_conv_1_%s' % block_id)
                p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
                p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
                p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding='valid',
                                             name='adjust_avg_pool_2_%s' % block_id)(p2)
                p2 = _conv1x1(p2, filters // 2, 'adjust_conv_2_%s' % block_id)
                p = layers.concatenate([p1, p2], axis=channel_dim)
                p = _bn(p, 'adjust_bn_%s' % block_id)
        elif p_shape[channel_dim] != filters:
            with backend.name_scope('adjust_projection_block_%s' % block_id):
                p = _relu(p)
                p = _conv1x1(p, filters, 'adjust_conv_projection_%s' % block_id)
                p = _bn(p, 'adjust_bn_%s' % block_id)
    return p


def _squeeze(ip, filters, kind, block_id):
    """ReLU - 1x1 conv - BN that starts each cell."""
    h = _relu(ip)
    h = _conv1x1(h, filters, '%s_conv_1_%s' % (kind, block_id))
    return _bn(h, '%s_bn_1_%s' % (kind, block_id))


def _normal_a_cell(ip, p, filters, block_id=None):
    layers, backend = _k().layers, _k().backend
    scope = backend.name_scope
    pool = lambda name: layers.AveragePooling2D((3, 3), strides=(1, 1), padding='same', name=name)
    with scope('normal_A_block_%s' % block_id):
        p = _adjust_block(p, ip, filters, block_id)
        h = _squeeze(ip, filters, 'normal', block_id)
        with scope('block_1'):
            x1_1 = _separable_conv_block(h, filters, kernel_size=(5, 5),
                                         block_id='normal_left1_%s' % block_id)
            x1_2 = _separable_conv_block(p, filters, block_id='normal_right1_%s' % block_id)
            x1 = layers.add([x1_1, x1_2], name='normal_add_1_%s' % block_id)
        with scope('block_2'):
            x2_1 = _separable_conv_block(p, filters, (5, 5), block_id='normal_left2_%s' % block_id)
            x2_2 = _separable_conv_block(p, filters, (3, 3), block_id='normal_right2_%s' % block_id)
            x2 = layers.add([x2_1, x2_2], name='normal_add_2_%s' % block_id)
        with scope('block_3'):
            x3 = pool('normal_left3_%s' % block_id)(h)
            x3 = layers.add([x3, p], name='normal_add_3_%s' % block_id)
        with scope('block_4'):
            x4_1 = pool('normal_left4_%s' % block_id)(p)
            x4_2 = pool('normal_right4_%s' % block_id)(p)
            x4 = layers.add([x4_1, x4_2], name='normal_add_4_%s' % block_id)
        with scope('block_5'):
            x5 = _separable_conv_block(h, filters, block_id='normal_left5_%s' % block_id)
            x5 = layers.add([x5, h], name='normal_add_5_%s' % block_id)
        x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=_channel_dim(),
                               name='normal_concat_%s' % block_id)
    return x, ip


def _reduction_a_cell(ip, p, filters, block_id=None):
    layers, backend = _k().layers, _k().backend
    scope = backend.name_scope
    with scope('reduction_A_block_%s' % block_id):
        p = _adjust_block(p, ip, filters, block_id)
        h = _squeeze(ip, filters, 'reduction', block_id)
        h3 = layers.ZeroPadding2D(padding=correct_pad(h, 3), name='reduction_pad_1_%s' % block_id)(h)
        with scope('block_1'):
            x1_1 = _separable_conv_block(h, filters, (5, 5), strides=(2, 2),
                                         block_id='reduction_left1_%s' % block_id)
            x1_2 = _separable_conv_block(p, filters, (7, 7), strides=(2, 2),
                                         block_id='reduction_right1_%s' % block_id)
            x1 = layers.add([x1_1, x1_2], name='reduction_add_1_%s' % block_id)
        with scope('block_2'):
            x2_1 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding='valid',
                                       name='reduction_left2_%s' % block_id)(h3)
            x2_2 = _separable_conv_block(p, filters, (7, 7), strides=(2, 2),
                                         block_id='reduction_right2_%s' % block_id)
            x2 = layers.add([x2_1, x2_2], name='reduction_add_2_%s' % block_id)
        with scope('block_3'):
            x3_1 = layers.AveragePooling2D((3, 3), strides=(2, 2), padding='valid',
                                           name='reduction_left3_%s' % block_id)(h3)
            x3_2 = _separable_conv_block(p, filters, (5, 5), strides=(2, 2),
                                         block_id='reduction_right3_%s' % block_id)
            x3 = layers.add([x3_1, x3_2], name='reduction_add3_%s' % block_id)
        with scope('block_4'):
            x4 = layers.AveragePooling2D((3, 3), strides=(1, 1), padding='same',
                                         name='reduction_left4_%s' % block_id)(x1)
            x4 = layers.add([x2, x4])
        with scope('block_5'):
            # keras_applications reuses the 'reduction_left4' id for this block's separable convs.
            x5_1 = _separable_conv_block(x1, filters, (3, 3),
                                         block_id='reduction_left4_%s' % block_id)
            x5_2 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding='valid',
                                       name='reduction_right5_%s' % block_id)(h3)
            x5 = layers.add([x5_1, x5_2], name='reduction_add4_%s' % block_id)
        x = layers.concatenate([x2, x3, x4, x5], axis=_channel_dim(),
                               name='reduction_concat_%s' % block_id)
    return x, ip


def NASNet(input_shape=None, penultimate_filters=4032, num_blocks=6, stem_block_filters=96,
           skip_reduction=True, filter_multiplier=2, include_top=True, weights=None,
           input_tensor=None, pooling=None, classes=1000, default_size=None, **kwargs):
    """The generic NASNet-A builder behind NASNetMobile and NASNetLarge."""
    backend, layers = _k().backend, _k().layers
    common.check_arguments(weights, include_top, classes, kwargs)
    if isinstance(input_shape, tuple) and None in input_shape and weights == 'imagenet':
        raise ValueError('When specifying the input shape of a NASNet'
                         ' and loading `ImageNet` weights, '
                         'the input_shape argument must be static '
                         '(no None entries). Got: `input_shape=' + str(input_shape) + '`.')
    if default_size is None:
        default_size = 331
    # NASNet always needs a static shape (require_flatten=True), with or without the top.
    input_shape = common.obtain_input_shape(input_shape, default_size=default_size, min_size=32,
                                            data_format=common.data_format(),
                                            require_flatten=True, weights=weights)
    old_data_format = None
    if common.data_format() != 'channels_last':
        warnings.warn('The NASNet family of models is only available '
                      'for the input data format "channels_last" '
                      '(width, height, channels). '
                      'However your settings specify the default '
                      'data format "channels_first" (channels, width, height).'
                      ' You should set `image_data_format="channels_last"` '
                      'in your Keras config located at ~/.keras/keras.json. '
                      'The model being returned right now will expect inputs '
                      'to follow the "channels_last" data format.')
        backend.set_image_data_format('channels_last')
        old_data_format = 'channels_first'
    img_input = common.image_input(input_tensor, input_shape)
    if penultimate_filters % (24 * (filter_multiplier ** 2)) != 0:
        raise ValueError('For NASNet-A models, the `penultimate_filters` must be a multiple '
                         'of 24 * (`filter_multiplier` ** 2). Current value: %d' %
                         penultimate_filters)
    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding='valid', use_bias=False,
                      name='stem_conv1', kernel_initializer='he_normal')(img_input)
    x = _bn(x, 'stem_bn1')
    p = None
    x, p = _reduction_a_cell(x, p, filters // (filter_multiplier ** 2), block_id='stem_1')
    x, p = _reduction_a_cell(x, p, filters // filter_multiplier, block_id='stem_2')
    for stack in range(3):
        width = filters * filter_multiplier ** stack
        if stack:
            x, p0 = _reduction_a_cell(x, p, width, block_id='reduce_%d' % (stack * num_blocks))
            p = p0 if not skip_reduction else p
        for i in range(num_blocks):
            x, p = _normal_a_cell(x, p, width,
                                  block_id='%d' % (stack * num_blocks + i + (1 if stack else 0)))
    x = _relu(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes, activation='softmax', name='predictions')(x)
    else:
        x = common.pool(x, pooling)

    def imagenet_file():
        if default_size not in _WEIGHTS:
            raise ValueError('ImageNet weights can only be loaded with NASNetLarge'
                             ' or NASNetMobile')
        fname, release_name, file_hash = _WEIGHTS[default_size][0 if include_top else 1]
        return common.get_file(fname, _RELEASE + release_name, file_hash)

    model = common.finish(img_input, input_tensor, x, 'NASNet', weights, imagenet_file)
    if old_data_format:
        backend.set_image_data_format(old_data_format)
    return model


def NASNetLarge(input_shape=None, include_top=True, weights='imagenet', input_tensor=None,
                pooling=None, classes=1000, **kwargs):
    """NASNet-A Large (331x331 RGB input by default)."""
    return NASNet(input_shape, penultimate_filters=4032, num_blocks=6, stem_block_filters=96,
                  skip_reduction=True, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling, classes=classes,
                  default_size=331, **kwargs)


def NASNetMobile(input_shape=None, include_top=True, weights='imagenet', input_tensor=None,
                 pooling=None, classes=1000, **kwargs):
    """NASNet-A Mobile (224x224 RGB input by default)."""
    return NASNet(input_shape, penultimate_filters=1056, num_blocks=4, stem_block_filters=32,
                  skip_reduction=False, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling, classes=classes,
                  default_size=224, **kwargs)


common.publish_model(['nasnet'], NASNetMobile)
common.publish_model(['nasnet'], NASNetLarge)
preprocess_input = imagenet_utils.with_mode('tf')
common.publish('nasnet', preprocess_input=preprocess_input,
               decode_predictions=imagenet_utils.decode_predictions)
