"""`Model.save_weights` / `load_weights` in TF 1.15's TF-checkpoint format (object-based).

tf.keras writes a V2 tensor bundle keyed by object path -- `layer_with_weights-<i>/<weight>/.ATTRIBUTES/
VARIABLE_VALUE`, i counting the model's layers that own weights -- plus `_CHECKPOINTABLE_OBJECT_GRAPH`
(a serialized TrackableObjectGraph), and a `checkpoint` state file naming the prefix relatively.
Loading matches the object graph's keys; a checkpoint without an object graph (written by
`tf.train.Saver`) is restored by variable name, as TF's name-based fallback does.
HDF5 files (.h5/.keras/.hdf5 paths, save_format='h5', whole models) are keras_impl/hdf5_format.py's.

The optimizer's hyper-parameter variables (`optimizer/iter`, `optimizer/learning_rate`, ...) are written
once it has a train step; its slot variables (momenta, Adam's m/v) are not -- TF keys those under
each weight (`.OPTIMIZER_SLOT/optimizer/m`), and tf1 does not write or restore them.
"""
import os

import numpy as np
from tensorboard.compat.proto import trackable_object_graph_pb2

from ..formats import checkpoint_state, tensor_bundle
from ..framework import dtypes
from . import hdf5_format

OBJECT_GRAPH_KEY = '_CHECKPOINTABLE_OBJECT_GRAPH'
_ATTR = '.ATTRIBUTES/VARIABLE_VALUE'


def _is_hdf5(filepath):
    return str(filepath).endswith(('.h5', '.keras', '.hdf5'))


def _weight_name(var):
    # `dense/kernel` -> `kernel`: the attribute name the layer tracks the weight under.
    return var.op.name.split('/')[-1]


def _layers_with_weights(model):
    return [layer for layer in model.layers if layer.weights]


def _checkpoint_entries(model):
    """[(key, variable)] and the TrackableObjectGraph of the model, laid out as tf.keras does:
    node ids in breadth-first order (root, its layers and optimizer, then their variables)."""
    graph = trackable_object_graph_pb2.TrackableObjectGraph()
    root = graph.nodes.add()
    node_of_layer = {}
    owners = []  # (node id, key prefix, [(local name, variable)]) in breadth-first order
    counter = 0
    for i, layer in enumerate(model.layers):
        if id(layer) not in node_of_layer:
            node_of_layer[id(layer)] = len(graph.nodes)
            graph.nodes.add()
        node_id = node_of_layer[id(layer)]
        if layer.weights:
            prefix = 'layer_with_weights-%d' % counter
            counter += 1
            root.children.add(node_id=node_id, local_name=prefix)
            owners.append((node_id, prefix, [(_weight_name(v), v) for v in layer.weights]))
        root.children.add(node_id=node_id, local_name='layer-%d' % i)
    if model.optimizer is not None:
        opt_id = len(graph.nodes)
        root.children.add(node_id=opt_id, local_name='optimizer')
        graph.nodes.add()
        # TF creates its optimizer's variables with the train step; before that the node is empty.
        if getattr(model, '_train_step', None) is not None:
            owners.append((opt_id, 'optimizer',
                           [(name, v) for v, name in _optimizer_hypers(model.optimizer)]))
    entries = []
    for owner_id, prefix, variables in owners:
        for local_name, var in variables:
            key = '%s/%s/%s' % (prefix, local_name, _ATTR)
            var_id = len(graph.nodes)
            var_node = graph.nodes.add()
            var_node.attributes.add(name='VARIABLE_VALUE', full_name=var.op.name, checkpoint_key=key)
            graph.nodes[owner_id].children.add(node_id=var_id, local_name=local_name)
            entries.append((key, var))
    return entries, graph


# tf1's optimizers keep Keras 2.2's attribute names; TF 1.15's OptimizerV2 checkpoints `iter` and
# `learning_rate` under the names below (the other hyper-parameters keep theirs).
_HYPER_NAMES = [('iterations', 'iter'), ('lr', 'learning_rate'), ('decay', 'decay'),
                ('momentum', 'momentum'), ('rho', 'rho'), ('beta_1', 'beta_1'), ('beta_2', 'beta_2')]


def _optimizer_hypers(optimizer):
    from ..ops.variables import Variable
    found = [(getattr(optimizer, attr, None), name) for attr, name in _HYPER_NAMES]
    return sorted([(v, name) for v, name in found if isinstance(v, Variable)], key=lambda p: p[1])


def save_weights(model, filepath, overwrite=True, save_format=None):
    filepath = os.fspath(filepath)
    if save_format is None:
        save_format = 'h5' if _is_hdf5(filepath) else 'tf'
    else:
        save_format = str(save_format).strip().lower()
        if save_format in ('tensorflow', 'tf'):
            save_format = 'tf'
        elif save_format in ('hdf5', 'h5', 'keras'):
            save_format = 'h5'
        else:
            raise ValueError('Unknown format "%s". Was expecting one of {"tf", "h5"}.' % save_format)
    if save_format == 'tf' and _is_hdf5(filepath):
        raise ValueError(('save_weights got save_format="tf"/"tensorflow", but the filepath ("%s") '
                          'looks like an HDF5 file. Omit the ".h5"/".keras" when saving in '
                          'TensorFlow format.') % filepath)
    if save_format != 'tf':
        return hdf5_format.save_weights(model, filepath, overwrite=overwrite)
    from .backend import get_session
    entries, graph = _checkpoint_entries(model)
    values = get_session().run([v for _, v in entries]) if entries else []
    items = [(key, var.dtype.base_dtype, np.asarray(value))
             for (key, var), value in zip(entries, values)]
    items.append((OBJECT_GRAPH_KEY, dtypes.string, np.asarray(graph.SerializeToString(), dtype=object)))
    directory = os.path.dirname(filepath)
    if directory and not os.path.exists(directory):
        os.makedirs(directory)
    tensor_bundle.write_bundle(filepath, sorted(items, key=lambda item: item[0]))
    checkpoint_state.update_checkpoint_state_internal(
        save_dir=os.path.dirname(filepath), model_checkpoint_path=filepath, save_relative_paths=True,
        all_model_checkpoint_paths=[filepath])


class _LoadStatus:
    """What `load_weights` returns for a TF checkpoint: the restore already ran (graph mode runs it
    in the Keras session), so the status methods only check the match."""

    def __init__(self, matched, unmatched):
        self._matched = matched
        self._unmatched = unmatched

    def assert_consumed(self):
        if self._unmatched:
            raise AssertionError('Some objects had attributes which were not restored: %s'
                                 % ', '.join(v.op.name for v in self._unmatched))
        return self

    def assert_existing_objects_matched(self):
        return self.assert_consumed()

    def assert_nontrivial_match(self):
        return self

    def run_restore_ops(self, session=None):
        pass

    def initialize_or_restore(self, session=None):
        pass

    def expect_partial(self):
        return self


def load_weights(model, filepath, by_name=False):
    filepath = os.fspath(filepath)
    if _is_hdf5(filepath) or _is_hdf5_file(filepath):
        return hdf5_format.load_weights(model, filepath, by_name=by_name)
    if by_name:
        raise NotImplementedError('Weights may only be loaded based on topology into Models when '
                                  'loading TensorFlow-formatted weights (got by_name=True to '
                                  'load_weights).')
    from .backend import get_session
    reader = tensor_bundle.BundleReader(filepath)
    try:
        if reader.has(OBJECT_GRAPH_KEY):
            wanted, _ = _checkpoint_entries(model)
        else:
            wanted = [(var.op.name, var) for var in model.weights]
        matched, unmatched = [], []
        for key, var in wanted:
            if not reader.has(key):
                unmatched.append(var)
                continue
            value = reader.lookup(key)
            shape = tuple(var.get_shape().as_list())
            if tuple(value.shape) != shape:
                raise ValueError('Shapes %s and %s are incompatible' % (list(shape), list(value.shape)))
            matched.append((var, value))
    finally:
        reader.close()
    if not matched:
        raise AssertionError('Nothing except the root object matched a checkpointed value. Typically '
                             'this means that the checkpoint does not match the Python program. The '
                             'following objects have checkpointed values: %s' % filepath)
    sess = get_session()
    for var, value in matched:
        var.load(value, sess)
    return _LoadStatus(matched, unmatched)


def _is_hdf5_file(filepath):
    """TF tries a path that is no TF checkpoint as HDF5 (save_weights(..., save_format='h5'))."""
    h5py = hdf5_format.h5py
    return (h5py is not None and not os.path.exists(filepath + '.index') and os.path.isfile(filepath)
            and h5py.is_hdf5(filepath))


def save_model(model, filepath, overwrite=True, include_optimizer=True, save_format=None, signatures=None):
    """TF 1.15 saves whole models as HDF5 by default (the SavedModel form is 2.x's default)."""
    h5py = hdf5_format.h5py
    save_format = save_format or 'h5'
    if (save_format == 'h5' or (h5py is not None and isinstance(filepath, h5py.File))
            or os.path.splitext(filepath)[1] in _HDF5_EXTENSIONS):
        if not hdf5_format._is_graph_network(model):
            raise NotImplementedError(
                'Saving the model to HDF5 format requires the model to be a Functional model or a '
                'Sequential model. It does not work for subclassed models, because such models are '
                'defined via the body of a Python method, which isn\'t safely serializable. Consider '
                'saving to the Tensorflow SavedModel format (by setting save_format="tf") or using '
                '`save_weights`.')
        return hdf5_format.save_model_to_hdf5(model, filepath, overwrite, include_optimizer)
    raise NotImplementedError('tf1.keras does not save Keras models as SavedModel (save_format="%s"); '
                              'use save_format="h5"' % save_format)


_HDF5_EXTENSIONS = ['.h5', '.hdf5', '.keras']


def load_model(filepath, custom_objects=None, compile=True):  # noqa: A002 (Keras' argument)
    """An HDF5 file (or h5py.File) is loaded; anything else is taken for a SavedModel directory."""
    h5py = hdf5_format.h5py
    if h5py is not None and (isinstance(filepath, h5py.File) or h5py.is_hdf5(filepath)):
        return hdf5_format.load_model_from_hdf5(filepath, custom_objects, compile)
    if isinstance(filepath, (str, bytes, os.PathLike)):
        filepath = os.fspath(filepath)
        if not any(os.path.exists(os.path.join(filepath, name))
                   for name in ('saved_model.pbtxt', 'saved_model.pb')):
            # TF 1.15's loader_impl.parse_saved_model
            raise IOError('SavedModel file does not exist at: %s/{saved_model.pbtxt|saved_model.pb}'
                          % filepath)
        raise NotImplementedError('tf1.keras does not load Keras models from SavedModel directories')
    raise IOError('Unable to load model. Filepath is not an hdf5 file (or h5py is not available) or '
                  'SavedModel.')
