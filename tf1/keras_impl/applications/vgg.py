"""VGG16 and VGG19 (Simonyan & Zisserman, 2014): five blocks of 3x3 ReLU convolutions, each closed
by 2x2 max pooling, then three fully-connected layers."""
from tf1.api import public

from . import common
from . import imagenet_utils

_RELEASE = common.IMAGENET_RELEASES + 'v0.1/'
# Convolutions per block.
_DEPTHS = {'vgg16': (2, 2, 3, 3, 3), 'vgg19': (2, 2, 4, 4, 4)}
_FILTERS = (64, 128, 256, 512, 512)
_HASHES = {'vgg16': ('64373286793e3c8b2b4e3219cbf3544b', '6d6bbae143d832006294945121d1f1fc'),
           'vgg19': ('cbe5617147190e668d6c5d5026f83318', '253f8cb515780f3b799900260a226db6')}


def _vgg(name, include_top, weights, input_tensor, input_shape, pooling, classes, kwargs):
    layers = public().keras.layers
    img_input = common.model_input(weights, include_top, classes, kwargs, input_tensor,
                                   input_shape, default_size=224, min_size=32)
    x = img_input
    for block, (convs, filters) in enumerate(zip(_DEPTHS[name], _FILTERS), 1):
        for i in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation='relu', padding='same',
                              name='block%d_conv%d' % (block, i))(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name='block%d_pool' % block)(x)
    if include_top:
        x = layers.Flatten(name='flatten')(x)
        x = layers.Dense(4096, activation='relu', name='fc1')(x)
        x = layers.Dense(4096, activation='relu', name='fc2')(x)
        x = layers.Dense(classes, activation='softmax', name='predictions')(x)
    else:
        x = common.pool(x, pooling)

    def imagenet_file():
        suffix = '' if include_top else '_notop'
        fname = '%s_weights_tf_dim_ordering_tf_kernels%s.h5' % (name, suffix)
        return common.get_file(fname, _RELEASE + fname, _HASHES[name][0 if include_top else 1])

    return common.finish(img_input, input_tensor, x, name, weights, imagenet_file)


def VGG16(include_top=True, weights='imagenet', input_tensor=None, input_shape=None, pooling=None,
          classes=1000, **kwargs):
    """The VGG16 model (224x224 RGB input by default; at least 32x32)."""
    return _vgg('vgg16', include_top, weights, input_tensor, input_shape, pooling, classes, kwargs)


def VGG19(include_top=True, weights='imagenet', input_tensor=None, input_shape=None, pooling=None,
          classes=1000, **kwargs):
    """The VGG19 model (224x224 RGB input by default; at least 32x32)."""
    return _vgg('vgg19', include_top, weights, input_tensor, input_shape, pooling, classes, kwargs)


common.publish_model(['vgg16'], VGG16, contrib='vgg16')
common.publish_model(['vgg19'], VGG19, contrib='vgg19')
for _module in ('vgg16', 'vgg19'):
    common.publish(_module, contrib=True, preprocess_input=imagenet_utils.preprocess_input,
                   decode_predictions=imagenet_utils.decode_predictions)
