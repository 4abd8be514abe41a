"""`tf.train.Saver`: TF 1.15's name-based checkpoints, built from the same graph nodes TF builds.

Under the `save` name scope: `Const` (the filename, fed at save/restore time), `SaveV2` with its
`tensor_names`/`shape_and_slices` constants, `control_dependency` (the filename, after the save),
`RestoreV2`, one `Assign` per variable and the `restore_all` NoOp. SaveV2 and RestoreV2 are host
ops: their lowerings get numpy values and do the tensor-bundle file I/O; restoring writes the
variables through the core `Assign` op, so the Session's usual variable handling applies.
"""
import os
import time

import numpy as np
from tensorboard.compat.proto import saver_pb2

from ..api import export
from ..framework import dtypes, errors, registry
from ..framework.graph import GraphKeys, Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..formats import checkpoint_state as ckpt_state
from ..formats import tensor_bundle
from ..ops._common import TensorShape, unknown
from ..platform import tf_logging as logging

_VARIABLE_OPS = ("Variable", "VariableV2", "AutoReloadVariable", "VarHandleOp", "ReadVariableOp")


# ------------------------------------------------------------------------------ SaveV2 / RestoreV2

def _text_list(value):
    arr = np.asarray(value, dtype=object).reshape(-1)
    return [x.decode("utf-8") if isinstance(x, (bytes, np.bytes_)) else str(x) for x in arr]


def _text(value):
    return _text_list(value)[0]


def _check_save_restore_args(op, names, slices, n):
    if len(names) != n or len(slices) != n:
        raise errors.InvalidArgumentError(
            None, op, "Expected %d tensor names and shape_and_slices, got %d and %d"
            % (n, len(names), len(slices)))
    for s in slices:
        if s:
            raise errors.UnimplementedError(
                None, op, "tf1 saves and restores whole tensors only (shape_and_slices %r)" % s)


def _save_v2_lower(ctx, op, prefix, names, slices, *tensors):
    names, slices = _text_list(names), _text_list(slices)
    _check_save_restore_args(op, names, slices, len(tensors))
    items = []
    for name, dtype, value in zip(names, op._attrs["dtypes"], tensors):
        value = np.asarray(value, dtype=object) if dtypes.as_dtype(dtype) == dtypes.string else np.asarray(value)
        items.append((name, dtype, value))
    try:
        tensor_bundle.write_bundle(_text(prefix), items)
    except errors.OpError as e:
        raise type(e)(None, op, e.message) from None
    return ()


def _data_type_string(dtype):
    """TF's DataTypeString: DT_FLOAT -> 'float', DT_INT32 -> 'int32'."""
    from tensorboard.compat.proto import types_pb2
    return types_pb2.DataType.Name(dtype.as_datatype_enum)[3:].lower()


def _restore_v2_infer(op):
    return [(dt, unknown()) for dt in op._attrs["dtypes"]]


def _restore_v2_lower(ctx, op, prefix, names, slices):
    names, slices = _text_list(names), _text_list(slices)
    wanted = [dtypes.as_dtype(d).base_dtype for d in op._attrs["dtypes"]]
    _check_save_restore_args(op, names, slices, len(wanted))
    try:
        reader = tensor_bundle.BundleReader(_text(prefix))
        out = []
        for name, dtype in zip(names, wanted):
            stored = reader.dtype(name)
            if stored != dtype:
                raise errors.InvalidArgumentError(
                    None, None, "tensor_name = %s; expected dtype %s does not equal original dtype %s"
                    % (name, _data_type_string(dtype), _data_type_string(stored)))
            out.append(reader.lookup(name))
        reader.close()
    except errors.OpError as e:
        raise type(e)(None, op, e.message) from None
    return out[0] if len(out) == 1 else tuple(out)


registry.register("SaveV2", lambda op: [], _save_v2_lower, stateful=True, host=True,
                  differentiable=False)
registry.register("RestoreV2", _restore_v2_infer, _restore_v2_lower, stateful=True, host=True,
                  differentiable=False)


def save_v2(prefix, tensor_names, shape_and_slices, tensors, name=None):
    """io_ops.save_v2: the SaveV2 op (its string lists become `<name>/tensor_names` constants)."""
    from ..ops.array_ops import constant
    with name_scope(name, "SaveV2", []) as scope:
        names_t = constant(list(tensor_names), dtype=dtypes.string, name="tensor_names")
        slices_t = constant(list(shape_and_slices), dtype=dtypes.string, name="shape_and_slices")
        tensors = [convert_to_tensor(t) for t in tensors]
        return make_op("SaveV2", [prefix, names_t, slices_t] + tensors,
                       {"dtypes": [t.dtype.base_dtype for t in tensors]}, name=scope)


def restore_v2(prefix, tensor_names, shape_and_slices, dtype_list, name=None):
    from ..ops.array_ops import constant
    with name_scope(name, "RestoreV2", []) as scope:
        names_t = constant(list(tensor_names), dtype=dtypes.string, name="tensor_names")
        slices_t = constant(list(shape_and_slices), dtype=dtypes.string, name="shape_and_slices")
        op = make_op("RestoreV2", [prefix, names_t, slices_t],
                     {"dtypes": [dtypes.as_dtype(d).base_dtype for d in dtype_list]}, name=scope)
        return op.outputs


# ---------------------------------------------------------------------------------- saveables

class SaveSpec:
    def __init__(self, tensor, slice_spec, name, dtype=None):
        self.tensor = tensor
        self.slice_spec = slice_spec
        self.name = name
        self.dtype = dtype if dtype is not None else tensor.dtype


class SaveableObject:
    def __init__(self, op, specs, name):
        self.op = op
        self.specs = specs
        self.name = name

    @property
    def device(self):
        return self.specs[0].tensor.device


class ReferenceVariableSaveable(SaveableObject):
    """A ref variable: saved from its ref output, restored with `Assign`."""

    def __init__(self, var, slice_spec, name):
        super().__init__(var, [SaveSpec(var, slice_spec, name, dtype=var.dtype.base_dtype)], name)

    def restore(self, restored_tensors, restored_shapes):
        from ..ops.variables import assign
        t = restored_tensors[0]
        if restored_shapes is not None:
            from ..ops.array_ops import reshape
            t = reshape(t, restored_shapes[0])
        return assign(self.op, t, validate_shape=restored_shapes is None
                      and self.op.get_shape().is_fully_defined())



def _tensor_comes_from_variable(v):
    return isinstance(v, Tensor) and v.op.type in _VARIABLE_OPS


def op_list_to_dict(op_list, convert_variable_to_tensor=True):
    """A list of variables -> {op name: ref tensor}, as saveable_object_util.op_list_to_dict."""
    if not isinstance(op_list, (list, tuple, set)):
        raise TypeError("Variables to save should be passed in a dict or a list: %s" % op_list)
    op_list = sorted(op_list, key=lambda x: x.name)
    names_to_saveables = {}
    for var in op_list:
        if isinstance(var, SaveableObject):
            names_to_saveables[var.name] = var
            continue
        if getattr(var, "_save_slice_info", None) is not None:
            raise NotImplementedError("tf1 does not save partitioned variable slices (%s)" % var.name)
        if convert_variable_to_tensor:
            var = convert_to_tensor(var, as_ref=True)
            if not _tensor_comes_from_variable(var):
                raise TypeError("Variable to save is not a Variable: %s" % var)
        name = var.op.inputs[0].op.name if var.op.type == "ReadVariableOp" else var.op.name
        if name in names_to_saveables:
            raise ValueError("At least two variables have the same name: %s" % name)
        names_to_saveables[name] = var
    return names_to_saveables


def saveable_objects_for_op(op, name):
    if not isinstance(name, str):
        raise TypeError("names_to_saveables must be a dict mapping string names to trackable "
                        "operations. Name is not a string: %s" % name)
    if isinstance(op, SaveableObject):
        yield op
        return
    if isinstance(op, (list, tuple)):
        raise NotImplementedError("tf1 does not save partitioned variables (%s)" % name)
    variable = convert_to_tensor(op, as_ref=True)
    if not _tensor_comes_from_variable(variable):
        raise TypeError("names_to_saveables must be a dict mapping string names to Tensors/Variables. "
                        "Not a variable: %s" % variable)
    yield ReferenceVariableSaveable(variable, "", name)


def validate_and_slice_inputs(names_to_saveables):
    if not isinstance(names_to_saveables, dict):
        names_to_saveables = op_list_to_dict(names_to_saveables)
    saveables = []
    seen = set()
    for name, op in sorted(names_to_saveables.items(), key=lambda x: x[0]):
        for saveable in saveable_objects_for_op(op, name):
            if id(saveable.op) in seen:
                raise ValueError("The same saveable will be restored with two names: %s" % saveable.name)
            saveables.append(saveable)
            seen.add(id(saveable.op))
    return saveables


def _all_saveable_objects(scope=None):
    g = get_default_graph()
    return g.get_collection(GraphKeys.GLOBAL_VARIABLES, scope) + \
        g.get_collection(GraphKeys.SAVEABLE_OBJECTS, scope)


# ------------------------------------------------------------------------------------- builder

class BaseSaverBuilder:
    SaveSpec = SaveSpec
    SaveableObject = SaveableObject
    VariableSaveable = ReferenceVariableSaveable

    def __init__(self, write_version=saver_pb2.SaverDef.V2):
        self._write_version = write_version

    def save_op(self, filename_tensor, saveables):
        names, tensors, slices = [], [], []
        for saveable in saveables:
            for spec in saveable.specs:
                names.append(spec.name)
                tensors.append(spec.tensor)
                slices.append(spec.slice_spec)
        if self._write_version != saver_pb2.SaverDef.V2:
            raise NotImplementedError("tf1 writes V2 checkpoints only (write_version=SaverDef.V2)")
        return save_v2(filename_tensor, names, slices, tensors)

    def bulk_restore(self, filename_tensor, saveables, preferred_shard, restore_sequentially):
        specs = [(spec.name, spec.slice_spec, spec.dtype) for s in saveables for spec in s.specs]
        names, slices, dts = zip(*specs)
        with get_default_graph().device("cpu:0"):
            return restore_v2(filename_tensor, names, slices, dts)

    def _AddSaveOps(self, filename_tensor, saveables):  # noqa: N802 (TF's name)
        from ..ops.control_flow_ops import with_dependencies
        save = self.save_op(filename_tensor, saveables)
        return with_dependencies([save], filename_tensor)

    def _AddRestoreOps(self, filename_tensor, saveables, restore_sequentially, reshape,  # noqa: N802
                       preferred_shard=-1, name="restore_all"):
        from ..ops.array_ops import shape as shape_op
        from ..ops.control_flow_ops import group
        all_tensors = self.bulk_restore(filename_tensor, saveables, preferred_shard, restore_sequentially)
        assign_ops = []
        idx = 0
        for saveable in saveables:
            shapes = None
            if reshape:
                shapes = []
                for spec in saveable.specs:
                    s = spec.tensor.get_shape()
                    shapes.append(s if s.is_fully_defined() else shape_op(spec.tensor))
                shapes = [s.as_list() if isinstance(s, TensorShape) else s for s in shapes]
            tensors = all_tensors[idx:idx + len(saveable.specs)]
            idx += len(saveable.specs)
            assign_ops.append(saveable.restore(tensors, shapes))
        return group(*assign_ops, name=name)

    def build(self, names_to_saveables, reshape=False, sharded=False, max_to_keep=5,
              keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
              filename="model"):
        return self._build_internal(names_to_saveables, reshape, sharded, max_to_keep,
                                    keep_checkpoint_every_n_hours, name, restore_sequentially, filename)

    def _build_internal(self, names_to_saveables, reshape=False, sharded=False, max_to_keep=5,
                        keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                        filename="model", build_save=True, build_restore=True):
        from ..ops.array_ops import constant
        if not build_save or not build_restore:
            raise ValueError("save and restore operations need to be built together  when eager "
                             "execution is not enabled.")
        if not isinstance(names_to_saveables, dict):
            names_to_saveables = op_list_to_dict(names_to_saveables)
        saveables = validate_and_slice_inputs(names_to_saveables)
        if max_to_keep is None:
            max_to_keep = 0
        with name_scope(name, "save", [s.op for s in saveables]):
            # TF 1.15: a Const, fed with the checkpoint path at save and restore time.
            filename_tensor = constant(filename or "model")
            # Sharded saves of one process write the same single-shard bundle (see module doc).
            save_tensor = self._AddSaveOps(filename_tensor, saveables)
            restore_op = self._AddRestoreOps(filename_tensor, saveables, restore_sequentially, reshape)
        return saver_pb2.SaverDef(filename_tensor_name=filename_tensor.name,
                                  save_tensor_name=save_tensor.name,
                                  restore_op_name=restore_op.name,
                                  max_to_keep=max_to_keep, sharded=sharded,
                                  keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
                                  version=self._write_version)


class BulkSaverBuilder(BaseSaverBuilder):
    """TF's default builder: one RestoreV2 for all variables (what BaseSaverBuilder does here too)."""


export("train.SaverDef")(saver_pb2.SaverDef)


# --------------------------------------------------------------------------------------- Saver

def _prepend_name_scope(name, scope):
    """TF's ops.prepend_name_scope: a scope given with its trailing "/" (import_meta_graph derives
    it from a variable name) is the same scope."""
    scope = (scope or "").rstrip("/")
    if not scope:
        return name
    prefix = "^" if name.startswith("^") else ""
    return prefix + scope + "/" + name.lstrip("^")


@export("train.Saver")
class Saver:
    """Saves and restores variables (TF 1.15's `tf.train.Saver`)."""

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=saver_pb2.SaverDef.V2, pad_step_number=False,
                 save_relative_paths=False, filename=None):
        if defer_build and var_list:
            raise ValueError("If `var_list` is provided then build cannot be deferred. Either set "
                             "defer_build=False or var_list=None.")
        self._var_list = var_list
        self._reshape = reshape
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._restore_sequentially = restore_sequentially
        self.saver_def = saver_def
        self._builder = builder
        self._is_built = False
        self._allow_empty = allow_empty
        self._is_empty = None
        self._write_version = write_version
        self._pad_step_number = pad_step_number
        self._filename = filename
        self._last_checkpoints = []
        self._checkpoints_to_be_deleted = []
        if not defer_build:
            self.build()
        if self.saver_def:
            self._check_saver_def()
            self._write_version = self.saver_def.version
        self._save_relative_paths = save_relative_paths

    def build(self):
        self._build(self._filename, build_save=True, build_restore=True)

    def _build(self, checkpoint_path, build_save, build_restore):
        if self._is_built:
            return
        self._is_built = True
        if not self.saver_def:
            if self._builder is None:
                self._builder = BulkSaverBuilder(self._write_version)
            if self._var_list is None:
                self._var_list = _all_saveable_objects()
            if not self._var_list:
                if self._allow_empty:
                    self._is_empty = True
                    return
                raise ValueError("No variables to save")
            self._is_empty = False
            self.saver_def = self._builder._build_internal(
                self._var_list, reshape=self._reshape, sharded=self._sharded,
                max_to_keep=self._max_to_keep,
                keep_checkpoint_every_n_hours=self._keep_checkpoint_every_n_hours, name=self._name,
                restore_sequentially=self._restore_sequentially, filename=checkpoint_path,
                build_save=build_save, build_restore=build_restore)
        elif self.saver_def and self._name:
            # `name` doubles as the import scope of a Saver rebuilt from a SaverDef.
            sd = self.saver_def
            sd.filename_tensor_name = _prepend_name_scope(sd.filename_tensor_name, self._name)
            sd.save_tensor_name = _prepend_name_scope(sd.save_tensor_name, self._name)
            sd.restore_op_name = _prepend_name_scope(sd.restore_op_name, self._name)
        self._check_saver_def()
        self._next_checkpoint_time = time.time() + self.saver_def.keep_checkpoint_every_n_hours * 3600

    def _check_saver_def(self):
        if not isinstance(self.saver_def, saver_pb2.SaverDef):
            raise ValueError("saver_def must be a saver_pb2.SaverDef: %s" % self.saver_def)
        if not self.saver_def.save_tensor_name:
            raise ValueError("saver_def must specify the save_tensor_name: %s" % str(self.saver_def))
        if not self.saver_def.restore_op_name:
            raise ValueError("saver_def must specify the restore_op_name: %s" % str(self.saver_def))

    # -- bookkeeping of kept checkpoints
    @staticmethod
    def _CheckpointFilename(p):  # noqa: N802
        name, _ = p
        return name

    def _RecordLastCheckpoint(self, latest_save_path):  # noqa: N802
        if not self.saver_def.max_to_keep:
            return
        for p in list(self._last_checkpoints):
            if latest_save_path == self._CheckpointFilename(p):
                self._last_checkpoints.remove(p)
        self._last_checkpoints.append((latest_save_path, time.time()))
        if len(self._last_checkpoints) > self.saver_def.max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _MaybeDeleteOldCheckpoints(self, meta_graph_suffix="meta"):  # noqa: N802
        if self._checkpoints_to_be_deleted:
            p = self._checkpoints_to_be_deleted.pop(0)
            # Kept: one checkpoint every keep_checkpoint_every_n_hours.
            if p[1] > self._next_checkpoint_time:
                self._next_checkpoint_time += self.saver_def.keep_checkpoint_every_n_hours * 3600
                return
            try:
                ckpt_state.remove_checkpoint(self._CheckpointFilename(p), self.saver_def.version,
                                             meta_graph_suffix)
            except Exception as e:  # noqa: BLE001 -- TF ignores deletion failures
                logging.warning("Ignoring: %s", str(e))

    def as_saver_def(self):
        return self.saver_def

    def to_proto(self, export_scope=None):
        if export_scope is None:
            return self.saver_def
        if not (self.saver_def.filename_tensor_name.startswith(export_scope)
                and self.saver_def.save_tensor_name.startswith(export_scope)
                and self.saver_def.restore_op_name.startswith(export_scope)):
            return None
        sd = saver_pb2.SaverDef()
        sd.CopyFrom(self.saver_def)
        n = len(export_scope) + 1
        sd.filename_tensor_name = sd.filename_tensor_name[n:]
        sd.save_tensor_name = sd.save_tensor_name[n:]
        sd.restore_op_name = sd.restore_op_name[n:]
        return sd

    @staticmethod
    def from_proto(saver_def, import_scope=None):
        return Saver(saver_def=saver_def, name=import_scope)

    @property
    def last_checkpoints(self):
        return [self._CheckpointFilename(p) for p in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        if not isinstance(last_checkpoints, list):
            raise AssertionError("last_checkpoints must be a list")
        self._last_checkpoints = [(s, np.inf) for s in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        if not isinstance(last_checkpoints_with_time, list):
            raise AssertionError("last_checkpoints_with_time must be a list")
        self._last_checkpoints = last_checkpoints_with_time

    def recover_last_checkpoints(self, checkpoint_paths):
        mtimes = ckpt_state.get_checkpoint_mtimes(checkpoint_paths)
        self.set_last_checkpoints_with_time(list(zip(checkpoint_paths, mtimes)))

    # -- save / restore
    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True, strip_default_attrs=False,
             save_debug_info=False):
        from ..runtime.session import BaseSession
        if not self._is_built:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        if latest_filename is None:
            latest_filename = "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                # training_util.global_step: the step variable's current value.
                global_step = int(sess.run(global_step))
            checkpoint_file = "%s-%d" % (save_path, global_step)
            if self._pad_step_number:
                checkpoint_file = "%s-%s" % (save_path, "{:08d}".format(global_step))
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename and not self._sharded:
                raise ValueError("'latest_filename' collides with 'save_path': '%s' and '%s'"
                                 % (latest_filename, save_path))
        if not isinstance(sess, BaseSession) and not hasattr(sess, "run"):
            raise TypeError("'sess' must be a Session; %s" % sess)
        save_path_parent = os.path.dirname(save_path)
        model_checkpoint_path = None
        if not self._is_empty:
            try:
                model_checkpoint_path = sess.run(self.saver_def.save_tensor_name,
                                                 {self.saver_def.filename_tensor_name: checkpoint_file})
                if isinstance(model_checkpoint_path, bytes):
                    model_checkpoint_path = model_checkpoint_path.decode("utf-8")
                model_checkpoint_path = str(model_checkpoint_path)
                if write_state:
                    self._RecordLastCheckpoint(model_checkpoint_path)
                    ckpt_state.update_checkpoint_state_internal(
                        save_dir=save_path_parent, model_checkpoint_path=model_checkpoint_path,
                        all_model_checkpoint_paths=self.last_checkpoints,
                        latest_filename=latest_filename,
                        save_relative_paths=self._save_relative_paths)
                    self._MaybeDeleteOldCheckpoints(meta_graph_suffix=meta_graph_suffix)
            except (errors.FailedPreconditionError, errors.NotFoundError) as exc:
                if save_path_parent and not os.path.isdir(save_path_parent):
                    raise ValueError("Parent directory of {} doesn't exist, can't save."
                                     .format(save_path)) from None
                raise exc
        if write_meta_graph:
            meta_graph_filename = ckpt_state.meta_graph_filename(checkpoint_file, meta_graph_suffix)
            with sess.graph.as_default():
                self.export_meta_graph(meta_graph_filename, strip_default_attrs=strip_default_attrs)
        return None if self._is_empty else model_checkpoint_path

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False,
                          export_scope=None, clear_devices=False, clear_extraneous_savers=False,
                          strip_default_attrs=False, save_debug_info=False):
        from .meta_graph import export_meta_graph
        return export_meta_graph(filename=filename,
                                 graph_def=get_default_graph().as_graph_def(add_shapes=True),
                                 saver_def=self.saver_def, collection_list=collection_list,
                                 as_text=as_text, export_scope=export_scope,
                                 clear_devices=clear_devices,
                                 clear_extraneous_savers=clear_extraneous_savers,
                                 strip_default_attrs=strip_default_attrs)

    def restore(self, sess, save_path):
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        checkpoint_prefix = save_path.decode("utf-8") if isinstance(save_path, bytes) else os.fspath(save_path)
        if not ckpt_state.checkpoint_exists_internal(checkpoint_prefix):
            raise ValueError("The passed save_path is not a valid checkpoint: " + checkpoint_prefix)
        logging.info("Restoring parameters from %s", checkpoint_prefix)
        try:
            sess.run(self.saver_def.restore_op_name,
                     {self.saver_def.filename_tensor_name: checkpoint_prefix})
        except errors.NotFoundError as err:
            raise _wrap_restore_error_with_msg(
                err, "a Variable name or other graph key that is missing") from None
        except errors.InvalidArgumentError as err:
            raise _wrap_restore_error_with_msg(
                err, "a mismatch between the current graph and the graph") from None


def _wrap_restore_error_with_msg(err, extra_verbiage):
    err_msg = ("Restoring from checkpoint failed. This is most likely due to {} from the checkpoint. "
               "Please ensure that you have not altered the graph expected based on the checkpoint. "
               "Original error:\n\n{}").format(extra_verbiage, err.message)
    return err.__class__(err.node_def, err.op, err_msg)
