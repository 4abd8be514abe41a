"""Model architecture serialization (TF 1.15 `Model.get_config` / `to_json`, `keras.models.model_from_json`
/ `model_from_config`, `keras.layers.serialize` / `deserialize`) and the HDF5 entry points.

A layer's config is its constructor arguments (recorded by `Layer.__init_subclass__`) with its name and
`trainable`, nested objects (layers, regularizers, constraints, initializers) as `{'class_name', 'config'}`
and functions by name (activations). A functional model's config lists each layer with its
`inbound_nodes` ([[layer name, node index, tensor index, {}], ...] per call) plus `input_layers` /
`output_layers`, as TF's Network.get_config does; a Sequential's, the layer list.
Whole-model HDF5 files are written and read by keras_impl/hdf5_format.py (through saving.py).
"""
import json

from ..api import export, public as _tf

KERAS_VERSION = '2.2.4-tf'  # what TF 1.15's tf.keras writes


def _serialize_value(value):
    from .layers import Layer
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_serialize_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _serialize_value(v) for k, v in value.items()}
    if isinstance(value, Layer):
        return serialize_layer(value)
    if hasattr(value, 'get_config'):
        return {'class_name': value.__class__.__name__, 'config': _serialize_value(value.get_config())}
    if hasattr(value, 'dtype') and hasattr(value, 'tolist') and not hasattr(value, 'op'):
        return value.tolist()  # numpy arrays and scalars
    if callable(value) and getattr(value, '__name__', '<lambda>') != '<lambda>':
        return value.__name__
    raise NotImplementedError('tf1.keras cannot serialize the argument %r' % (value,))


def _arguments(layer):
    """The constructor's arguments: each named parameter (given or default), then the given **kwargs."""
    import inspect
    cls, given = getattr(layer, '_init_args', (type(layer), {}))
    args = {}
    for name, p in inspect.signature(cls.__init__).parameters.items():
        if name == 'self' or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if name in given:
            args[name] = given[name]
        elif p.default is not p.empty:
            args[name] = p.default
    args.update((k, v) for k, v in given.items() if k not in args)
    return args


@export("keras.layers.serialize")
def serialize_layer(layer):
    """{'class_name': ..., 'config': ...}: the layer's constructor arguments, name and trainable."""
    from .layers_misc import Lambda
    if isinstance(layer, Lambda):
        raise NotImplementedError('tf1.keras does not serialize Lambda layers (their Python function)')
    if hasattr(layer, '_serialization_config'):
        config = layer._serialization_config()
    else:
        config = {k: _serialize_value(v) for k, v in _arguments(layer).items()}
        config['name'] = layer.name
        config['trainable'] = layer.trainable
        if getattr(layer, 'batch_input_shape', None) is not None and 'batch_input_shape' not in config:
            import inspect
            own = inspect.signature(getattr(layer, '_init_args', (type(layer),))[0].__init__).parameters
            for key in ('input_shape', 'input_dim'):
                if key not in own:  # the base Layer's shape arguments, replaced by batch_input_shape
                    config.pop(key, None)
            config['batch_input_shape'] = list(layer.batch_input_shape)
        inner = config.get('layer')
        if getattr(layer, 'forward_layer', None) is not None and isinstance(inner, dict):
            # tf1's Bidirectional renames the wrapped layer `forward_<name>`; TF keeps the given name.
            inner['config']['name'] = inner['config']['name'][len('forward_'):]
    return {'class_name': layer.__class__.__name__, 'config': config}


def _lookup(class_name, custom_objects):
    tf = _tf()
    if custom_objects and class_name in custom_objects:
        return custom_objects[class_name]
    if class_name in ('Model', 'Sequential'):
        return getattr(tf.keras.models, class_name)
    if class_name == 'Functional':  # newer Keras' name of a functional Model
        return tf.keras.models.Model
    for namespace in (tf.keras.layers, tf.keras.regularizers, tf.keras.constraints, tf.keras.initializers):
        if hasattr(namespace, class_name):
            return getattr(namespace, class_name)
    # Initializer classes that tf.keras.initializers exports under snake_case names only
    # (GlorotUniform, ... as TF 1.15's configs name them).
    for value in vars(tf.keras.initializers).values():
        if isinstance(value, type) and value.__name__ == class_name:
            return value
    raise ValueError('Unknown layer: ' + class_name)


def _deserialize_value(value, custom_objects):
    if isinstance(value, dict) and set(value) == {'class_name', 'config'}:
        return deserialize(value, custom_objects)
    if isinstance(value, list):
        return [_deserialize_value(v, custom_objects) for v in value]
    return value


@export("keras.layers.deserialize")
def deserialize(config, custom_objects=None):
    """A layer (model, regularizer, constraint, initializer) from its {'class_name', 'config'}."""
    cls = _lookup(config['class_name'], custom_objects)
    if (config['class_name'] in ('Model', 'Sequential', 'Functional')
            or getattr(cls, '_is_model_class', False)):
        return model_from_config(config, custom_objects)
    args = dict(config['config'])
    if config['class_name'] == 'InputLayer':
        return cls(batch_input_shape=tuple(args['batch_input_shape']), dtype=args.get('dtype'),
                   name=args.get('name'))
    from .layers import Layer
    if not (isinstance(cls, type) and issubclass(cls, Layer)) and hasattr(cls, 'from_config'):
        return cls.from_config(args)
    return cls(**{k: _deserialize_value(v, custom_objects) for k, v in args.items()})


def _input_layer_config(layer):
    return {'class_name': 'InputLayer',
            'config': {'batch_input_shape': list(layer.batch_input_shape), 'dtype': layer.dtype,
                       'sparse': False, 'name': layer.name}}


def model_config(model):
    """TF 1.15's Network.get_config (functional) / Sequential.get_config."""
    from .layers import InputLayer
    from .models import Sequential, _inbound
    if isinstance(model, Sequential):
        return {'name': model.name, 'layers': [serialize_layer(l) for l in model.layers]}
    relevant = {node for nodes in model._nodes_by_depth.values() for node in nodes}
    layers = []
    for layer in model.layers:
        entry = _input_layer_config(layer) if isinstance(layer, InputLayer) else serialize_layer(layer)
        nodes = []
        for index in range(len(layer.inbound)):
            if (layer, index) not in relevant or isinstance(layer, InputLayer):
                continue
            nodes.append([[l.name, i, t, {}] for l, i, t in _inbound((layer, index))])
        entry['name'] = layer.name
        entry['inbound_nodes'] = nodes
        layers.append(entry)

    def ends(tensors):
        return [[t._keras_node[0].name, t._keras_node[1], t._keras_node[2]] for t in tensors]
    return {'name': model.name, 'layers': layers, 'input_layers': ends(model.inputs),
            'output_layers': ends(model.outputs)}


# Keys that newer Keras versions write into a config, with the value that means TF 1.15's behaviour:
# dropped, so that their files load (a key with another value still fails as an unknown argument).
_NEUTRAL_NEWER_KEYS = {'groups': 1, 'time_major': False, 'ragged': False, 'optional': False}


def _from_newer_keras(value):
    """A config of TF's Keras (HDF5 files, JSON) in the terms tf1's layers take: functional models are
    `Model` (newer Keras: `Functional`), nested objects lose their `shared_object_id` (newer Keras),
    a built BatchNormalization's `axis: [3]` (TF 1.15 too) is the int tf1's layer takes."""
    if isinstance(value, list):
        return [_from_newer_keras(v) for v in value]
    if not isinstance(value, dict):
        return value
    value = {k: _from_newer_keras(v) for k, v in value.items() if k != 'shared_object_id'}
    if 'class_name' in value and isinstance(value.get('config'), dict):
        if value['class_name'] == 'Functional':
            value['class_name'] = 'Model'
        value['config'] = {k: v for k, v in value['config'].items()
                           if not (k in _NEUTRAL_NEWER_KEYS and v == _NEUTRAL_NEWER_KEYS[k])}
        axis = value['config'].get('axis')
        if value['class_name'] == 'BatchNormalization' and isinstance(axis, list) and len(axis) == 1:
            value['config']['axis'] = axis[0]
    return value


@export("keras.models.model_from_config")
def model_from_config(config, custom_objects=None):
    """A new model (new layers, new weights) from {'class_name': 'Model'|'Sequential', 'config': ...}."""
    from .models import Model, Sequential
    if isinstance(config, list):
        raise TypeError('`model_from_config` expects a dictionary, not a list. Maybe you meant to use '
                        '`Sequential.from_config(config)`?')
    config = _from_newer_keras(config)
    class_name, cfg = config['class_name'], config['config']
    if class_name == 'Sequential':
        layer_configs = cfg['layers'] if isinstance(cfg, dict) else cfg
        if len(layer_configs) > 1 and layer_configs[0]['class_name'] == 'InputLayer':
            # Newer Keras lists a Sequential's InputLayer: its shape goes to the first layer.
            first = dict(layer_configs[1], config=dict(layer_configs[1]['config']))
            first['config'].setdefault('batch_input_shape', layer_configs[0]['config']['batch_input_shape'])
            layer_configs = [first] + list(layer_configs[2:])
        return Sequential([deserialize(c, custom_objects) for c in layer_configs],
                          name=cfg.get('name') if isinstance(cfg, dict) else None)
    if class_name != 'Model':
        cls = _lookup(class_name, custom_objects)
        if not issubclass(cls, Model):
            raise ValueError('Unknown model class: ' + class_name)
    created, outputs_of = {}, {}  # layer name -> layer; (layer name, node index) -> output tensors
    pending = []
    for entry in cfg['layers']:
        layer = deserialize({'class_name': entry['class_name'], 'config': entry['config']}, custom_objects)
        created[entry['name']] = layer
        if entry['class_name'] == 'InputLayer':
            outputs_of[(entry['name'], 0)] = [layer.inbound[0][1]]
        for node in entry.get('inbound_nodes', []):
            pending.append((layer, node))
    node_counts = {name: (1 if (name, 0) in outputs_of else 0) for name in created}
    # Call each layer once its inputs exist (TF's process_node loop with deferral).
    while pending:
        progressed = False
        for item in list(pending):
            layer, node = item
            if not all((name, index) in outputs_of for name, index, _, _ in node):
                continue
            inputs = [outputs_of[(name, index)][t] for name, index, t, _ in node]
            out = layer(inputs if len(inputs) > 1 else inputs[0])
            outputs_of[(layer.name, node_counts[layer.name])] = out if isinstance(out, list) else [out]
            node_counts[layer.name] += 1
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError('Cannot rebuild the model: some layers\' inputs are never produced')
    inputs = [outputs_of[(name, index)][t] for name, index, t in cfg['input_layers']]
    outputs = [outputs_of[(name, index)][t] for name, index, t in cfg['output_layers']]
    return Model(inputs, outputs, name=cfg.get('name'))


def model_to_json(model, **kwargs):
    return json.dumps({'class_name': model.__class__.__name__, 'config': model_config(model),
                       'keras_version': KERAS_VERSION, 'backend': 'tensorflow'}, **kwargs)


@export("keras.models.model_from_json")
def model_from_json(json_string, custom_objects=None):
    return model_from_config(json.loads(json_string), custom_objects=custom_objects)


# Config entries TF 1.15's layers hold as tuples (conv_utils.normalize_tuple, shapes): yaml.dump
# tags them `!!python/tuple`, where JSON has lists.
_TUPLE_KEYS = {'batch_input_shape', 'kernel_size', 'strides', 'dilation_rate', 'pool_size', 'size',
               'target_shape', 'dims', 'cropping', 'padding'}


def _tuples(value, as_tuple=False):
    if isinstance(value, list):
        items = [_tuples(v, as_tuple) for v in value]
        return tuple(items) if as_tuple else items
    if isinstance(value, dict):
        return {k: _tuples(v, as_tuple or k in _TUPLE_KEYS) for k, v in value.items()}
    return value


def model_to_yaml(model, **kwargs):
    """TF 1.15's Network.to_yaml: `yaml.dump` of the config `to_json` writes, with TF's tuples."""
    try:
        import yaml
    except ImportError:
        yaml = None
    if yaml is None:
        raise ImportError('Requires yaml module installed (`pip install pyyaml`).')
    return yaml.dump(_tuples({'class_name': model.__class__.__name__, 'config': model_config(model),
                              'keras_version': KERAS_VERSION, 'backend': 'tensorflow'}), **kwargs)


@export("keras.models.model_from_yaml")
def model_from_yaml(yaml_string, custom_objects=None):
    """TF 1.15 used `yaml.load` (PyYAML 5's FullLoader, which reads the `!!python/tuple` tags that
    yaml.dump writes for tuples in a config); PyYAML 6 needs the loader named."""
    try:
        import yaml
    except ImportError:
        yaml = None
    if yaml is None:
        raise ImportError('Requires yaml module installed (`pip install pyyaml`).')
    config = yaml.load(yaml_string, Loader=getattr(yaml, 'FullLoader', yaml.Loader))
    return deserialize(_lists(config), custom_objects=custom_objects)


def _lists(value):
    """Tuples of a YAML config (`!!python/tuple`) as the lists a JSON config has."""
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


@export("keras.models.save_model")
def save_model(model, filepath, overwrite=True, include_optimizer=True, save_format=None, signatures=None):
    from . import saving
    saving.save_model(model, filepath, overwrite, include_optimizer, save_format, signatures)


@export("keras.models.load_model")
def load_model(filepath, custom_objects=None, compile=True):  # noqa: A002 (Keras' argument)
    """TF 1.15: an HDF5 file (path or h5py.File) written by `save_model`; see saving.load_model."""
    from . import saving
    return saving.load_model(filepath, custom_objects=custom_objects, compile=compile)
