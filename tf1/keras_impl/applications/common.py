"""What every keras_applications 1.0.8 architecture shares, with TF 1.15's argument errors.

Each architecture function is `build(include_top, weights, input_tensor, input_shape, pooling, classes,
**kwargs)`: `check_arguments` validates the arguments, `obtain_input_shape` resolves the input shape,
`image_input` makes (or adopts) the input tensor, the architecture adds its layers, and `finish` creates
the Model over the true source inputs and loads weights (an ImageNet file through
`tf.keras.utils.get_file`, or a user path through `Model.load_weights`).
"""
import os
import warnings

from tf1.api import export, public

IMAGENET_RELEASES = 'https://github.com/fchollet/deep-learning-models/releases/download/'


def _keras():
    return public().keras


def data_format():
    return _keras().backend.image_data_format()


def channel_axis():
    """BatchNormalization / concatenation axis of the image channels (3 for channels_last)."""
    return 1 if data_format() == 'channels_first' else 3


def check_kwargs(kwargs):
    """keras_applications accepts only the injected Keras modules as extra keywords (and TF 1.15's
    wrapper always injects them), so any other keyword is this TypeError, raised with two args."""
    for key in kwargs:
        if key not in ('backend', 'layers', 'models', 'utils'):
            raise TypeError('Invalid keyword argument: %s', key)


def check_arguments(weights, include_top, classes, kwargs=None):
    check_kwargs(kwargs or {})
    if not (weights in {'imagenet', None} or os.path.exists(weights)):
        raise ValueError('The `weights` argument should be either '
                         '`None` (random initialization), `imagenet` '
                         '(pre-training on ImageNet), '
                         'or the path to the weights file to be loaded.')
    if weights == 'imagenet' and include_top and classes != 1000:
        raise ValueError('If using `weights` as `"imagenet"` with `include_top`'
                         ' as true, `classes` should be 1000')


def _default_shape(input_shape, default_size, fmt, weights):
    """The shape at the default size; without ImageNet weights a user's 3-D shape keeps its
    channel count (with a warning when it is neither 1 nor 3)."""
    first = fmt == 'channels_first'
    if weights != 'imagenet' and input_shape and len(input_shape) == 3:
        channels = input_shape[0] if first else input_shape[-1]
        if channels not in {1, 3}:
            warnings.warn('This model usually expects 1 or 3 input channels. '
                          'However, it was passed an input_shape with ' +
                          str(channels) + ' input channels.')
    else:
        channels = 3
    return (channels, default_size, default_size) if first else (default_size, default_size, channels)


def _check_user_shape(input_shape, min_size, fmt, weights):
    if len(input_shape) != 3:
        raise ValueError('`input_shape` must be a tuple of three integers.')
    if fmt == 'channels_first':
        channels, spatial = input_shape[0], input_shape[1:]
    else:
        channels, spatial = input_shape[-1], input_shape[:2]
    if channels != 3 and weights == 'imagenet':
        raise ValueError('The input must have 3 channels; got '
                         '`input_shape=' + str(input_shape) + '`')
    if any(size is not None and size < min_size for size in spatial):
        raise ValueError('Input size must be at least ' + str(min_size) + 'x' + str(min_size) +
                         '; got `input_shape=' + str(input_shape) + '`')


def obtain_input_shape(input_shape, default_size, min_size, data_format, require_flatten,
                       weights=None):
    """keras_applications' `_obtain_input_shape`: the (rows, cols, channels) shape (channels first
    under that data format) the model is built for, with its checks and messages."""
    default_shape = _default_shape(input_shape, default_size, data_format, weights)
    if weights == 'imagenet' and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            raise ValueError('When setting `include_top=True` '
                             'and loading `imagenet` weights, '
                             '`input_shape` should be ' + str(default_shape) + '.')
        return default_shape
    if input_shape:
        _check_user_shape(input_shape, min_size, data_format, weights)
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (3, None, None) if data_format == 'channels_first' else (None, None, 3)
    if require_flatten and None in input_shape:
        raise ValueError('If `include_top` is True, '
                         'you should specify a static `input_shape`. '
                         'Got `input_shape=' + str(input_shape) + '`')
    return input_shape


def image_input(input_tensor, input_shape):
    """A new Input of `input_shape`, the given Keras tensor itself, or an Input wrapping a plain
    graph tensor."""
    keras = _keras()
    if input_tensor is None:
        return keras.layers.Input(shape=input_shape)
    if not keras.backend.is_keras_tensor(input_tensor):
        return keras.layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def model_input(weights, include_top, classes, kwargs, input_tensor, input_shape, default_size,
                min_size):
    """What every fixed-size model (all but MobileNet/NASNet, whose default size depends on the
    arguments) does first: check the arguments, settle the input shape, make the input tensor."""
    check_arguments(weights, include_top, classes, kwargs)
    input_shape = obtain_input_shape(input_shape, default_size=default_size, min_size=min_size,
                                     data_format=data_format(), require_flatten=include_top,
                                     weights=weights)
    return image_input(input_tensor, input_shape)


@export('keras.utils.get_source_inputs')
def get_source_inputs(tensor, layer=None, node_index=None):
    """TF 1.15's keras.utils.get_source_inputs: the Input tensors a Keras tensor was computed from (a
    tensor without Keras history is returned as is). `layer`/`node_index` start the walk at that
    layer call instead of the tensor's own."""
    if not hasattr(tensor, '_keras_history'):
        return tensor
    if layer is not None:
        index = 0 if node_index is None else node_index
        inbound = layer.inbound[index][0]
        if inbound is None:
            return [layer.inbound[index][1]]
        return _sources(inbound)
    return source_inputs(tensor)


def _sources(inbound):
    found = []
    for t in inbound if isinstance(inbound, (list, tuple)) else [inbound]:
        for source in source_inputs(t):
            if not any(source is f for f in found):
                found.append(source)
    return found


def source_inputs(tensor):
    """The Input tensors `tensor` was computed from: walks the layer calls recorded in
    `_keras_node` back to InputLayers."""
    layer, index = tensor._keras_node[:2]
    inbound = layer.inbound[index][0]
    if inbound is None:
        return [tensor]
    return _sources(inbound)


def pool(x, pooling, avg_name=None, max_name=None):
    """The feature-extraction head when include_top is False: None keeps the 4-D map."""
    layers = _keras().layers
    if pooling == 'avg':
        return layers.GlobalAveragePooling2D(name=avg_name)(x)
    if pooling == 'max':
        return layers.GlobalMaxPooling2D(name=max_name)(x)
    return x


def top(x, include_top, classes, pooling, dense_name='predictions', avg_name=None, max_name=None):
    """The classifier when include_top, else the `pooling` head."""
    if include_top:
        return classifier(x, classes, dense_name=dense_name)
    return pool(x, pooling, avg_name, max_name)


def classifier(x, classes, pool_name='avg_pool', dense_name='predictions'):
    """The usual top: global average pooling and a softmax Dense layer."""
    layers = _keras().layers
    x = layers.GlobalAveragePooling2D(name=pool_name)(x)
    return layers.Dense(classes, activation='softmax', name=dense_name)(x)


def get_file(fname, origin, file_hash=None):
    """Downloads (or finds cached) a weights file under ~/.keras/models, through tf.keras.utils."""
    kwargs = {'cache_subdir': 'models'}
    if file_hash is not None:
        kwargs['file_hash'] = file_hash
    return _keras().utils.get_file(fname, origin, **kwargs)


def release_file(release, include_top, top, notop):
    """The `imagenet_file` callable for `finish`: fetches the (file name, md5) pair `top` or `notop`
    from the release URL only when called."""
    fname, file_hash = top if include_top else notop
    return lambda: get_file(fname, release + fname, file_hash)


def finish(img_input, input_tensor, x, name, weights, imagenet_file=None):
    """Creates the Model and loads weights. `imagenet_file` is a callable returning the cached path
    of the ImageNet weights (so nothing is fetched unless weights='imagenet')."""
    inputs = source_inputs(input_tensor) if input_tensor is not None else img_input
    model = _keras().models.Model(inputs, x, name=name)
    if weights == 'imagenet':
        if imagenet_file is not None:
            model.load_weights(imagenet_file())
    elif weights is not None:
        model.load_weights(weights)
    return model


def publish(module, contrib=False, **objects):
    """Exports each object as `keras.applications.<module>.<name>` (the module path of TF 1.15),
    and under `contrib.keras.applications` for the modules tf.contrib.keras had."""
    roots = ('keras', 'contrib.keras') if contrib else ('keras',)
    for name, obj in objects.items():
        export(*['%s.applications.%s.%s' % (root, module, name) for root in roots])(obj)


def publish_model(modules, fn, contrib=None):
    """Exports an architecture as `keras.applications.<Name>` and under each module path; the six
    of TF 1.15's tf.contrib.keras also as `contrib.keras.applications.<Name>` and under their
    `contrib` module."""
    names = ['keras.applications.' + fn.__name__]
    names += ['keras.applications.%s.%s' % (m, fn.__name__) for m in modules]
    if contrib:
        names += ['contrib.keras.applications.' + fn.__name__,
                  'contrib.keras.applications.%s.%s' % (contrib, fn.__name__)]
    export(*names)(fn)
    return fn
