"""Reading checkpoints without a graph: `tf.train.NewCheckpointReader`, `list_variables`,
`load_variable`, `load_checkpoint`, `init_from_checkpoint`, and `inspect_checkpoint`'s
`print_tensors_in_checkpoint_file` (TF 1.15's print format)."""
import os
import re

import numpy as np

from ..api import export
from ..framework import errors
from ..framework.graph import GraphKeys, get_default_graph
from ..formats import checkpoint_state, tensor_bundle


@export("train.NewCheckpointReader", "pywrap_tensorflow.NewCheckpointReader")
class CheckpointReader:
    """`pywrap_tensorflow.CheckpointReader` over a V2 (tensor bundle) checkpoint."""

    def __init__(self, filepattern):
        prefix = filepattern.decode("utf-8") if isinstance(filepattern, bytes) else os.fspath(filepattern)
        self._reader = tensor_bundle.BundleReader(prefix)

    def get_variable_to_shape_map(self):
        return {k: self._reader.shape(k) for k in self._reader.keys()}

    def get_variable_to_dtype_map(self):
        return {k: self._reader.dtype(k) for k in self._reader.keys()}

    def has_tensor(self, tensor_str):
        return self._reader.has(tensor_str)

    def get_tensor(self, tensor_str):
        value = self._reader.lookup(tensor_str)
        # TF returns numpy scalars for rank-0 numbers and bytes for rank-0 strings.
        if value.ndim == 0:
            return value[()]
        return value

    def debug_string(self):
        return self._reader.debug_string().encode("utf-8")


NewCheckpointReader = CheckpointReader


def _get_checkpoint_filename(ckpt_dir_or_file):
    if isinstance(ckpt_dir_or_file, os.PathLike):
        ckpt_dir_or_file = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(ckpt_dir_or_file):
        return checkpoint_state.latest_checkpoint(ckpt_dir_or_file)
    return ckpt_dir_or_file


@export("train.load_checkpoint")
def load_checkpoint(ckpt_dir_or_file):
    filename = _get_checkpoint_filename(ckpt_dir_or_file)
    if filename is None:
        raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory %s"
                         % ckpt_dir_or_file)
    return CheckpointReader(filename)


@export("train.load_variable")
def load_variable(ckpt_dir_or_file, name):
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


@export("train.list_variables")
def list_variables(ckpt_dir_or_file):
    reader = load_checkpoint(ckpt_dir_or_file)
    shapes = reader.get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


@export("train.init_from_checkpoint")
def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Overrides variables' initializers so they load from the checkpoint (TF 1.15's rules:
    'scope/' -> 'scope/' maps whole scopes, '/' maps the root, names map one variable)."""
    from ..ops.variables import Variable
    reader = load_checkpoint(ckpt_dir_or_file)
    ckpt_shapes = reader.get_variable_to_shape_map()
    filename = _get_checkpoint_filename(ckpt_dir_or_file)
    store = {v.op.name: v for v in get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES)}
    items = assignment_map.items() if isinstance(assignment_map, dict) else assignment_map
    for tensor_name_in_ckpt, current_var_or_name in sorted(items, key=lambda x: str(x[0])):
        if isinstance(current_var_or_name, Variable):
            var = current_var_or_name
        elif isinstance(current_var_or_name, str) and current_var_or_name in store:
            var = store[current_var_or_name]
        else:
            var = None
        if var is not None:
            if tensor_name_in_ckpt not in ckpt_shapes:
                raise ValueError("Tensor %s is not found in %s checkpoint %s"
                                 % (tensor_name_in_ckpt, ckpt_dir_or_file, ckpt_shapes))
            _set_variable_initializer(var, filename, tensor_name_in_ckpt, ckpt_shapes)
            continue
        # Scope mapping 'scope_in_ckpt/': 'current_scope/' ('/' is the root on either side).
        scopes = current_var_or_name[:current_var_or_name.rindex("/")] if "/" in current_var_or_name else ""
        if not tensor_name_in_ckpt.endswith("/"):
            raise ValueError("Assignment map with scope only name {} should map to scope only {}. "
                             "Should be 'scope/': 'other_scope/'.".format(scopes, tensor_name_in_ckpt))
        scope_variables = {n for n in store if not scopes or n.startswith(scopes + "/")}
        for var_name in sorted(scope_variables):
            full = var_name[len(scopes):]
            if current_var_or_name != "/":
                full = full[1:]
            if tensor_name_in_ckpt != "/":
                full = tensor_name_in_ckpt + full
            if full.endswith("/"):
                full = full[:-1]
            if full not in ckpt_shapes:
                raise ValueError("Tensor %s (%s in %s) is not found in %s checkpoint"
                                 % (full, var_name[len(scopes) + 1:], tensor_name_in_ckpt,
                                    ckpt_dir_or_file))
            _set_variable_initializer(store[var_name], filename, full, ckpt_shapes)


def _set_variable_initializer(variable, ckpt_file, tensor_name, ckpt_shapes):
    from ..ops.variables import assign
    from .saver import restore_v2
    g = variable.graph
    if list(variable.shape.as_list()) != list(ckpt_shapes[tensor_name]):
        raise ValueError("Shape of variable %s (%s) doesn't match with shape of tensor %s (%s) from "
                         "checkpoint reader." % (variable.name, variable.shape, tensor_name,
                                                 ckpt_shapes[tensor_name]))
    from ..ops.array_ops import constant
    with g.as_default(), g.colocate_with(variable.op):
        name = variable.op.name + "/Initializer/"
        with g.name_scope(None), g.name_scope(name):
            prefix = constant(ckpt_file, name="prefix")
            value = restore_v2(prefix, [tensor_name], [""], [variable.dtype.base_dtype],
                               name="RestoreV2")[0]
            init = assign(variable, value)
    variable._initializer_op = init.op
    variable._initial_value = value


def _count_total_params(reader, count_exclude_pattern=""):
    var_to_shape_map = reader.get_variable_to_shape_map()
    if count_exclude_pattern:
        regex_pattern = re.compile(count_exclude_pattern)
        new_map = {}
        exclude_num_tensors = 0
        exclude_num_params = 0
        for v in var_to_shape_map:
            if regex_pattern.search(v):
                exclude_num_tensors += 1
                exclude_num_params += np.prod(var_to_shape_map[v])
            else:
                new_map[v] = var_to_shape_map[v]
        var_to_shape_map = new_map
        print("# Excluding %d tensors (%d params) that match %s when counting."
              % (exclude_num_tensors, exclude_num_params, count_exclude_pattern))
    var_sizes = [np.prod(var_to_shape_map[v]) for v in var_to_shape_map]
    return np.sum(var_sizes, dtype=int)


@export("tools.inspect_checkpoint.print_tensors_in_checkpoint_file")
def print_tensors_in_checkpoint_file(file_name, tensor_name, all_tensors, all_tensor_names=False,
                                     count_exclude_pattern=""):
    """TF 1.15's inspect_checkpoint: `tensor_name:  <name>` then the value; a parameter count."""
    try:
        reader = CheckpointReader(file_name)
        if all_tensors or all_tensor_names:
            var_to_shape_map = reader.get_variable_to_shape_map()
            for key in sorted(var_to_shape_map):
                print("tensor_name: ", key)
                if all_tensors:
                    print(reader.get_tensor(key))
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8"))
        else:
            print("tensor_name: ", tensor_name)
            print(reader.get_tensor(tensor_name))
        print("# Total number of params: %d"
              % _count_total_params(reader, count_exclude_pattern=count_exclude_pattern))
    except Exception as e:  # noqa: BLE001 -- TF prints the error and a hint
        print(str(e.message if isinstance(e, errors.OpError) else e))
        if "corrupted compressed block contents" in str(e):
            print("It's likely that your checkpoint file has been compressed with SNAPPY.")
        if ("Data loss" in str(e) and any(ext in file_name for ext in [".index", ".meta", ".data"])):
            proposed_file = ".".join(file_name.split(".")[0:-1])
            v2_file_error_template = """
It's likely that this is a V2 checkpoint and you need to provide the filename
*prefix*.  Try removing the '.' and extension.  Try:
inspect checkpoint --file_name = {}"""
            print(v2_file_error_template.format(proposed_file))
