"""TensorInfo helpers (`tf.saved_model.utils`) and the export directory's path helpers
(tensorflow/python/saved_model/utils_impl.py).

A TensorInfo names a graph tensor (or the three tensors of a SparseTensor) with its dtype and static
shape; signatures are maps of them, resolved against the loaded graph by name.
"""
import os

from tensorboard.compat.proto import meta_graph_pb2, tensor_shape_pb2, types_pb2

from ..api import export
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.sparse import SparseTensor
from . import constants


@export("saved_model.utils.build_tensor_info", "saved_model.build_tensor_info")
def build_tensor_info(tensor):
    """The TensorInfo of a Tensor or SparseTensor: its name(s), dtype and static shape."""
    info = meta_graph_pb2.TensorInfo(dtype=dtypes.as_dtype(tensor.dtype).as_datatype_enum,
                                     tensor_shape=tensor.get_shape().as_proto())
    if isinstance(tensor, SparseTensor):
        info.coo_sparse.values_tensor_name = tensor.values.name
        info.coo_sparse.indices_tensor_name = tensor.indices.name
        info.coo_sparse.dense_shape_tensor_name = tensor.dense_shape.name
    else:
        info.name = tensor.name
    return info


def build_tensor_info_from_op(op):
    """A TensorInfo naming an Operation (how init / train ops travel in signatures)."""
    return meta_graph_pb2.TensorInfo(dtype=types_pb2.DT_INVALID,
                                     tensor_shape=tensor_shape_pb2.TensorShapeProto(unknown_rank=True),
                                     name=op.name)


def _prepend_name_scope(name, import_scope):
    return "%s/%s" % (import_scope, name) if import_scope else name


@export("saved_model.utils.get_tensor_from_tensor_info", "saved_model.get_tensor_from_tensor_info")
def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The Tensor (or SparseTensor) a TensorInfo names, in `graph` (default graph)."""
    graph = graph or get_default_graph()

    def _get_tensor(name):
        return graph.get_tensor_by_name(_prepend_name_scope(name, import_scope))

    encoding = tensor_info.WhichOneof("encoding")
    if encoding == "name":
        return _get_tensor(tensor_info.name)
    if encoding == "coo_sparse":
        sparse = tensor_info.coo_sparse
        # Wrap the graph's existing tensors (SparseTensor() would add conversion ops to the graph).
        st = SparseTensor.__new__(SparseTensor)
        st._indices = _get_tensor(sparse.indices_tensor_name)
        st._values = _get_tensor(sparse.values_tensor_name)
        st._dense_shape = _get_tensor(sparse.dense_shape_tensor_name)
        return st
    raise ValueError("Invalid TensorInfo.encoding: %s" % encoding)


def get_element_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The Tensor or Operation a TensorInfo names (init/train ops are stored by op name)."""
    graph = graph or get_default_graph()
    return graph.as_graph_element(_prepend_name_scope(tensor_info.name, import_scope))


# -- export directory layout

def _as_text(path):
    return path.decode("utf-8") if isinstance(path, bytes) else os.fspath(path)


def get_variables_dir(export_dir):
    return os.path.join(_as_text(export_dir), constants.VARIABLES_DIRECTORY)


def get_variables_path(export_dir):
    return os.path.join(get_variables_dir(export_dir), constants.VARIABLES_FILENAME)


def get_or_create_variables_dir(export_dir):
    variables_dir = get_variables_dir(export_dir)
    os.makedirs(variables_dir, exist_ok=True)
    return variables_dir


def get_assets_dir(export_dir):
    return os.path.join(_as_text(export_dir), constants.ASSETS_DIRECTORY)


def get_or_create_assets_dir(export_dir):
    assets_dir = get_assets_dir(export_dir)
    os.makedirs(assets_dir, exist_ok=True)
    return assets_dir
