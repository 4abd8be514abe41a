"""TF 1.15's Keras HDF5 files (tensorflow/python/keras/saving/hdf5_format.py): whole models
(`Model.save`, `keras.models.save_model` / `load_model`) and weights (`save_weights('w.h5')`).

Layout of a whole-model file:
  attrs  keras_version ('2.2.4-tf'), backend ('tensorflow'), model_config (JSON bytes of
         {'class_name', 'config'}), training_config (JSON bytes of the compile arguments, when the
         model is compiled and include_optimizer)
  model_weights/            attrs layer_names (every layer, weights or not), backend, keras_version
    <layer>/                attrs weight_names (`dense/kernel:0`, ...: the variables' names)
      <weight name>         one dataset per weight (h5py paths: `dense/kernel:0` nests a group `dense`)
  optimizer_weights/        attrs weight_names (`training/Adam/iter:0`, `training/Adam/dense/kernel/m:0`,
                            ...), one dataset each, in the optimizer's weight order
A weights file is the `model_weights` group at the root. Layer weights are saved and loaded in
Keras' legacy order: trainable weights, then non-trainable ones.

tf1's optimizers keep Keras 2.2's update rules and attribute names; the files carry TF 1.15's
OptimizerV2 config and weight names, translated here (see `_OPTIMIZER_SLOTS`).
Byte strings are written as fixed-length HDF5 strings, which h5py reads back as bytes (what TF 1.15's
loader decodes); h5py 3 would store a plain `bytes` as a variable-length string. Attributes are read
whether h5py gives str (files of newer Keras) or bytes (TF 1.15's).
"""
import json
import os

import numpy as np

try:
    import h5py
except ImportError:  # TF 1.15's behaviour without h5py: the HDF5 entry points raise ImportError
    h5py = None

from ..platform import tf_logging as logging
from .serialization import KERAS_VERSION

HDF5_OBJECT_HEADER_LIMIT = 64512  # bytes one HDF5 attribute can hold; longer lists are chunked


def _session():
    from .backend import get_session
    return get_session()


def _text(value):
    return value.decode('utf8') if isinstance(value, (bytes, np.bytes_)) else str(value)


def _legacy_weights(layer):
    return layer.trainable_weights + layer.non_trainable_weights


def _assign(pairs):
    """Gives each variable its value in one run: the values are fed to the variables' initializers
    (as Layer.set_weights does), so variables the Keras session has not initialised yet are not
    initialised at random first."""
    from . import backend
    if not pairs:
        return
    backend.mark_initialized([v for v, _ in pairs])
    feed = {}
    for var, value in pairs:
        op = var._initializer_op
        feed[op._inputs[1]] = np.asarray(value, dtype=var.dtype.base_dtype.as_numpy_dtype)
    _session().run([v._initializer_op for v, _ in pairs], feed)


def get_json_type(obj):
    """TF's `serialization.get_json_type`: what json.dumps writes for objects it does not know."""
    if hasattr(obj, 'get_config'):
        return {'class_name': obj.__class__.__name__, 'config': obj.get_config()}
    if type(obj).__module__ == np.__name__:
        return obj.item() if not isinstance(obj, np.ndarray) else obj.tolist()
    if callable(obj):
        return obj.__name__
    if type(obj).__name__ == type.__name__:
        return obj.__name__
    if hasattr(obj, 'as_list'):  # TensorShape / Dimension
        return obj.as_list()
    raise TypeError('Not JSON Serializable:', obj)


def ask_to_proceed_with_overwrite(filepath):
    """TF's io_utils prompt before overwriting a file (overwrite=False)."""
    overwrite = input('[WARNING] %s already exists - overwrite? [y/n]' % filepath).strip().lower()
    while overwrite not in ('y', 'n'):
        overwrite = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if overwrite == 'n':
        return False
    print('[TIP] Next time specify overwrite=True!')
    return True


# attributes ----------------------------------------------------------------------------------------
def save_attributes_to_hdf5_group(group, name, data):
    """A list of byte strings as one attribute, split into `<name>0`, `<name>1`, ... when it exceeds
    the HDF5 object header limit."""
    bad_attributes = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    if bad_attributes:
        raise RuntimeError('The following attributes cannot be saved to HDF5 file because they are '
                           'larger than %d bytes: %s' % (HDF5_OBJECT_HEADER_LIMIT,
                                                         ', '.join(_text(x) for x in bad_attributes)))
    data_npy = np.asarray(data)
    num_chunks = 1
    chunked_data = np.array_split(data_npy, num_chunks)
    while any(x.nbytes > HDF5_OBJECT_HEADER_LIMIT for x in chunked_data):
        num_chunks += 1
        chunked_data = np.array_split(data_npy, num_chunks)
    if num_chunks > 1:
        for chunk_id, chunk_data in enumerate(chunked_data):
            group.attrs['%s%d' % (name, chunk_id)] = chunk_data
    else:
        group.attrs[name] = data_npy if len(data) else data


def load_attributes_from_hdf5_group(group, name):
    if name in group.attrs:
        return [_text(n) for n in group.attrs[name]]
    data = []
    chunk_id = 0
    while '%s%d' % (name, chunk_id) in group.attrs:
        data.extend(_text(n) for n in group.attrs['%s%d' % (name, chunk_id)])
        chunk_id += 1
    return data


def _write_dataset(group, name, value):
    value = np.asarray(value)
    dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
    if not value.shape:
        dataset[()] = value
    else:
        dataset[:] = value


# layer weights -------------------------------------------------------------------------------------
def save_weights_to_hdf5_group(f, layers):
    save_attributes_to_hdf5_group(f, 'layer_names', [layer.name.encode('utf8') for layer in layers])
    f.attrs['backend'] = np.bytes_(b'tensorflow')
    f.attrs['keras_version'] = np.bytes_(KERAS_VERSION.encode('utf8'))
    weights = [_legacy_weights(layer) for layer in layers]
    flat = [w for ws in weights for w in ws]
    values = iter(_session().run(flat) if flat else [])
    for layer, layer_weights in zip(layers, weights):
        g = f.create_group(layer.name)
        names = [w.name.encode('utf8') for w in layer_weights]
        save_attributes_to_hdf5_group(g, 'weight_names', names)
        for name in names:
            _write_dataset(g, name, next(values))


def _saved_layers(f):
    """[(layer name, [weight values])] of the layers of a weights group that have weights."""
    out = []
    for name in load_attributes_from_hdf5_group(f, 'layer_names'):
        g = f[name]
        weight_names = load_attributes_from_hdf5_group(g, 'weight_names')
        if weight_names:
            out.append((name, [np.asarray(g[w]) for w in weight_names]))
    return out


def _preprocess_weights(layer, values):
    """TF's preprocess_weights_for_loading, reduced to what tf1's layers need: a convolution kernel
    saved channels-first ((filters, in, rows, cols), Theano/Keras 1 layout) is transposed."""
    if layer.__class__.__name__ in ('Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose') and values:
        expected = tuple(_legacy_weights(layer)[0].get_shape().as_list())
        if values[0].ndim == 4 and tuple(values[0].shape) != expected:
            values = [np.transpose(values[0], (3, 2, 0, 1))] + list(values[1:])
    return values


def load_weights_from_hdf5_group(f, layers):
    """Topological loading: the i-th layer with weights gets the i-th saved layer with weights."""
    filtered_layers = [layer for layer in layers if _legacy_weights(layer)]
    saved = _saved_layers(f)
    if len(saved) != len(filtered_layers):
        raise ValueError('You are trying to load a weight file containing ' + str(len(saved)) +
                         ' layers into a model with ' + str(len(filtered_layers)) + ' layers.')
    pairs = []
    for k, ((name, values), layer) in enumerate(zip(saved, filtered_layers)):
        symbolic_weights = _legacy_weights(layer)
        values = _preprocess_weights(layer, values)
        if len(values) != len(symbolic_weights):
            raise ValueError('Layer #' + str(k) + ' (named "' + layer.name + '" in the current model) was '
                             'found to correspond to layer ' + name + ' in the save file. However the new '
                             'layer ' + layer.name + ' expects ' + str(len(symbolic_weights)) +
                             ' weights, but the saved weights have ' + str(len(values)) + ' elements.')
        for var, value in zip(symbolic_weights, values):
            shape = tuple(var.get_shape().as_list())
            if shape != tuple(value.shape):
                # TF's K.batch_set_value fails in Variable.assign with this message.
                raise ValueError('Cannot assign to variable %s due to variable shape %s and value shape '
                                 '%s are incompatible' % (var.op.name, list(shape), list(value.shape)))
            pairs.append((var, value))
    _assign(pairs)


def load_weights_from_hdf5_group_by_name(f, layers):
    """Name-based loading: saved layers whose name no layer of the model has are skipped."""
    index = {}
    for layer in layers:
        if layer.name:
            index.setdefault(layer.name, []).append(layer)
    pairs = []
    for k, name in enumerate(load_attributes_from_hdf5_group(f, 'layer_names')):
        g = f[name]
        values = [np.asarray(g[w]) for w in load_attributes_from_hdf5_group(g, 'weight_names')]
        for layer in index.get(name, []):
            symbolic_weights = _legacy_weights(layer)
            values = _preprocess_weights(layer, values)
            if len(values) != len(symbolic_weights):
                raise ValueError('Layer #' + str(k) + ' (named "' + layer.name + '") expects ' +
                                 str(len(symbolic_weights)) + ' weight(s), but the saved weights have ' +
                                 str(len(values)) + ' element(s).')
            for var, value in zip(symbolic_weights, values):
                shape = tuple(var.get_shape().as_list())
                if shape != tuple(value.shape):
                    raise ValueError('Layer #' + str(k) + ' (named "' + layer.name + '"), weight ' +
                                     str(var) + ' has shape {}'.format(shape) +
                                     ', but the saved weight has shape ' + str(value.shape) + '.')
                pairs.append((var, value))
    _assign(pairs)


def _assert_weights_created(model):
    if not model.built:
        raise ValueError('Weights for model %s have not yet been created. Weights are created when the '
                         'Model is first called on inputs or `build()` is called with an `input_shape`.'
                         % model.name)


def save_weights(model, filepath, overwrite=True):
    """`Model.save_weights` in HDF5: the `model_weights` layout at the file's root."""
    if h5py is None:
        raise ImportError('`save_weights` requires h5py when saving in hdf5.')
    _assert_weights_created(model)
    if not overwrite and os.path.isfile(filepath) and not ask_to_proceed_with_overwrite(filepath):
        return
    with h5py.File(filepath, 'w') as f:
        save_weights_to_hdf5_group(f, model.layers)


def load_weights(model, filepath, by_name=False):
    """`Model.load_weights` of an HDF5 weights file, or of a whole-model file's `model_weights`."""
    if h5py is None:
        raise ImportError('`load_weights` requires h5py when loading weights from HDF5.')
    _assert_weights_created(model)
    with h5py.File(filepath, 'r') as f:
        if 'layer_names' not in f.attrs and 'model_weights' in f:
            f = f['model_weights']
        if by_name:
            load_weights_from_hdf5_group_by_name(f, model.layers)
        else:
            load_weights_from_hdf5_group(f, model.layers)


# optimizer -------------------------------------------------------------------------------------------
# TF 1.15's OptimizerV2 per-weight slot names (in creation order) and its extra weights after `iter`;
# tf1's optimizer lists its weights in the same order (see keras_impl/optimizers.py), except that
# RMSprop/Adagrad leave `iterations` out and SGD keeps momenta that TF creates only for momentum > 0.
_OPTIMIZER_SLOTS = {'SGD': ['momentum'], 'Adam': ['m', 'v'], 'Adamax': ['m', 'v'], 'Nadam': ['m', 'v'],
                    'RMSprop': ['rms'], 'Adagrad': ['accumulator']}
_OPTIMIZER_EXTRAS = {'Nadam': ['momentum_cache']}


def _value(var):
    return _session().run(var)


def _hyper(optimizer, attr, trained):
    """TF serializes a hyper-parameter as given until the train step turns it into a variable; then
    as the float32 variable's value."""
    value = np.float32(_value(getattr(optimizer, attr)))
    return float(value) if trained else float(np.format_float_positional(value))


def optimizer_config(model):
    """{'class_name', 'config'} of TF 1.15's OptimizerV2 with the hyper-parameters of tf1's optimizer."""
    optimizer = model.optimizer
    name = optimizer.__class__.__name__
    trained = getattr(model, '_train_step', None) is not None
    config = {'name': name}
    if optimizer.clipnorm is not None:
        config['clipnorm'] = optimizer.clipnorm
    if optimizer.clipvalue is not None:
        config['clipvalue'] = optimizer.clipvalue
    config['learning_rate'] = _hyper(optimizer, 'lr', trained)
    if hasattr(optimizer, 'decay'):
        config['decay'] = _hyper(optimizer, 'decay', trained)
    else:  # tf1's Nadam has no decay; TF's has one (0)
        config['decay'] = 0.0
    if name == 'SGD':
        config.update(momentum=_hyper(optimizer, 'momentum', trained), nesterov=optimizer.nesterov)
    elif name == 'RMSprop':
        config.update(rho=_hyper(optimizer, 'rho', trained), momentum=0.0, epsilon=optimizer.epsilon,
                      centered=False)
    elif name == 'Adagrad':
        config.update(initial_accumulator_value=0.0, epsilon=optimizer.epsilon)
    else:
        config.update(beta_1=_hyper(optimizer, 'beta_1', trained),
                      beta_2=_hyper(optimizer, 'beta_2', trained), epsilon=optimizer.epsilon)
        if name == 'Adam':
            config['amsgrad'] = optimizer.amsgrad
    return {'class_name': name, 'config': config}


# TF 1.15 config keys -> tf1 optimizer arguments (keys of newer Keras' configs are ignored)
_OPTIMIZER_ARGS = {'learning_rate': 'lr', 'lr': 'lr', 'decay': 'decay', 'momentum': 'momentum',
                   'nesterov': 'nesterov', 'rho': 'rho', 'epsilon': 'epsilon', 'beta_1': 'beta_1',
                   'beta_2': 'beta_2', 'amsgrad': 'amsgrad', 'clipnorm': 'clipnorm',
                   'clipvalue': 'clipvalue'}


def optimizer_from_config(config, custom_objects=None):
    import inspect
    from . import optimizers
    class_name = config['class_name']
    if custom_objects and class_name in custom_objects:
        return custom_objects[class_name](**config['config'])
    classes = {name.lower(): cls for name, cls in optimizers._BY_NAME.items()}
    cls = classes.get(class_name.lower())
    if cls is None:
        raise ValueError('Unknown optimizer: ' + class_name)
    accepted = set(inspect.signature(cls.__init__).parameters) | {'clipnorm', 'clipvalue'}
    args, ignored = {}, []
    for key, value in config['config'].items():
        arg = _OPTIMIZER_ARGS.get(key)
        if arg in accepted and value is not None:
            args[arg] = value
        elif key != 'name' and value not in (None, False, 0, 0.0):
            ignored.append('%s=%r' % (key, value))
    if ignored:
        # e.g. RMSprop's momentum/centered, Adagrad's initial_accumulator_value (tf1's starts at 0)
        logging.warning('tf1.keras\'s %s has no %s: the optimizer is restored without %s.'
                        % (cls.__name__, ', '.join(ignored), 'it' if len(ignored) == 1 else 'them'))
    return cls(**args)


def _optimizer_weights(model):
    """[(TF 1.15 weight name, tf1 variable)] of a compiled model's optimizer once it has a train step."""
    optimizer = model.optimizer
    name = optimizer.__class__.__name__
    if getattr(model, '_train_step', None) is None or name not in _OPTIMIZER_SLOTS:
        return []
    weights = list(optimizer.weights)
    if not weights or weights[0] is not optimizer.iterations:
        weights = [optimizer.iterations] + weights
    prefix = 'training/%s/' % name
    extras = _OPTIMIZER_EXTRAS.get(name, [])
    params = model.trainable_weights
    out = [(prefix + 'iter:0', weights[0])]
    out += [(prefix + extra + ':0', var) for extra, var in zip(extras, weights[1:])]
    slots = weights[1 + len(extras):]
    slot_names = _OPTIMIZER_SLOTS[name]
    if name == 'SGD' and float(_value(optimizer.momentum)) == 0:
        slot_names = []  # TF's SGD has no momentum slots without momentum
    for i, slot in enumerate(slot_names):
        for param, var in zip(params, slots[i * len(params):(i + 1) * len(params)]):
            out.append((prefix + param.op.name + '/' + slot + ':0', var))
    return out


def save_optimizer_weights_to_hdf5_group(hdf5_group, model):
    weights = _optimizer_weights(model)
    if weights:
        group = hdf5_group.create_group('optimizer_weights')
        names = [name.encode('utf8') for name, _ in weights]
        save_attributes_to_hdf5_group(group, 'weight_names', names)
        for name, value in zip(names, _session().run([v for _, v in weights])):
            _write_dataset(group, name, value)


def load_optimizer_weights_from_hdf5_group(hdf5_group):
    group = hdf5_group['optimizer_weights']
    return [np.asarray(group[name]) for name in load_attributes_from_hdf5_group(group, 'weight_names')]


def _set_optimizer_weights(model, values):
    weights = [var for _, var in _optimizer_weights(model)]
    if len(values) != len(weights) or any(tuple(v.get_shape().as_list()) != tuple(np.shape(value))
                                          for v, value in zip(weights, values)):
        logging.warning('Error in loading the saved optimizer state. As a result, your model is '
                        'starting with a freshly initialized optimizer.')
        return
    _assign(list(zip(weights, values)))


# whole models --------------------------------------------------------------------------------------
def _is_graph_network(model):
    from .models import Sequential
    return isinstance(model, Sequential) or getattr(model, 'inputs', None) is not None


def model_metadata(model, include_optimizer=True):
    """The root attributes: keras_version, backend, model_config and (compiled) training_config."""
    metadata = dict(keras_version=KERAS_VERSION, backend='tensorflow',
                    model_config={'class_name': model.__class__.__name__, 'config': model.get_config()})
    if model.optimizer and include_optimizer:
        compiled = getattr(model, '_compile_args', {})
        # TF 1.15's compile keeps `loss or {}` and `metrics or []`.
        training_config = {'loss': compiled.get('loss') or {},
                           'metrics': compiled.get('metrics') or [],
                           'weighted_metrics': compiled.get('weighted_metrics'),
                           'sample_weight_mode': compiled.get('sample_weight_mode'),
                           'loss_weights': compiled.get('loss_weights')}
        training_config['optimizer_config'] = optimizer_config(model)
        metadata['training_config'] = training_config
    return metadata


def save_model_to_hdf5(model, filepath, overwrite=True, include_optimizer=True):
    if h5py is None:
        raise ImportError('`save_model` requires h5py.')
    if not isinstance(filepath, h5py.File):
        if not overwrite and os.path.isfile(filepath) and not ask_to_proceed_with_overwrite(filepath):
            return
        f = h5py.File(filepath, mode='w')
        opened_new_file = True
    else:
        f = filepath
        opened_new_file = False
    try:
        for key, value in model_metadata(model, include_optimizer).items():
            if isinstance(value, (dict, list, tuple)):
                f.attrs[key] = np.bytes_(json.dumps(value, default=get_json_type).encode('utf8'))
            else:
                f.attrs[key] = value
        save_weights_to_hdf5_group(f.create_group('model_weights'), model.layers)
        if include_optimizer and model.optimizer:
            save_optimizer_weights_to_hdf5_group(f, model)
        f.flush()
    finally:
        if opened_new_file:
            f.close()


def compile_args_from_training_config(training_config, custom_objects=None):
    custom_objects = custom_objects or {}

    def resolve(obj):
        if isinstance(obj, list):
            return [resolve(o) for o in obj]
        if isinstance(obj, dict):
            return {k: resolve(v) for k, v in obj.items()}
        return custom_objects.get(obj, obj) if isinstance(obj, str) else obj

    return dict(optimizer=optimizer_from_config(training_config['optimizer_config'], custom_objects),
                loss=resolve(training_config['loss']), metrics=resolve(training_config['metrics']),
                weighted_metrics=resolve(training_config.get('weighted_metrics')),
                loss_weights=training_config['loss_weights'],
                sample_weight_mode=training_config['sample_weight_mode'])


def load_model_from_hdf5(filepath, custom_objects=None, compile=True):  # noqa: A002 (Keras' argument)
    from .serialization import model_from_config
    if h5py is None:
        raise ImportError('`load_model` requires h5py.')
    custom_objects = custom_objects or {}
    opened_new_file = not isinstance(filepath, h5py.File)
    f = h5py.File(filepath, mode='r') if opened_new_file else filepath
    try:
        config = f.attrs.get('model_config')
        if config is None:
            raise ValueError('No model found in config file.')
        model = model_from_config(json.loads(_text(config)), custom_objects=custom_objects)
        load_weights_from_hdf5_group(f['model_weights'], model.layers)
        if compile:
            training_config = f.attrs.get('training_config')
            if training_config is None:
                logging.warning('No training configuration found in save file: the model was *not* '
                                'compiled. Compile it manually.')
                return model
            model.compile(**compile_args_from_training_config(json.loads(_text(training_config)),
                                                              custom_objects))
            if 'optimizer_weights' in f:
                if model.built:
                    model._make_train_step()  # creates the optimizer's weights
                    _set_optimizer_weights(model, load_optimizer_weights_from_hdf5_group(f))
                else:
                    logging.warning('Sequential models without an `input_shape` passed to the first '
                                    'layer cannot reload their optimizer state. As a result, your model '
                                    'is starting with a freshly initialized optimizer.')
    finally:
        if opened_new_file:
            f.close()
    return model
