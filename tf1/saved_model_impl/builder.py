"""`tf.saved_model.builder.SavedModelBuilder` (TF 1.15's v1 builder, builder_impl.py).

A SavedModel directory holds `saved_model.pb` (a SavedModel proto: one tagged MetaGraphDef per
`add_meta_graph*` call), the variables as a V2 checkpoint under `variables/variables`, and copied
asset files under `assets/`. The first meta graph saves the variables; later ones only add graphs
that share them. Each meta graph is exported through a Saver built with `sharded=True`, so its
SaverDef restores from `variables/variables` wherever the directory is moved.
"""
import os
import shutil

from google.protobuf.any_pb2 import Any
from tensorboard.compat.proto import meta_graph_pb2, saver_pb2, types_pb2

from ..api import export
from ..framework import dtypes
from ..framework.graph import Operation, Tensor, add_to_collection, get_collection, \
    get_default_graph
from ..framework.tensor_util import constant_value
from ..formats.saved_model_proto import SavedModel
from ..platform import tf_logging as logging
from ..training import saver as tf_saver
from . import constants, utils


@export("saved_model.builder.SavedModelBuilder", "saved_model.Builder")
class SavedModelBuilder:
    """Builds a SavedModel: tagged meta graphs sharing one set of saved variables and assets."""

    def __init__(self, export_dir):
        self._saved_model = SavedModel()
        self._saved_model.saved_model_schema_version = constants.SAVED_MODEL_SCHEMA_VERSION
        self._export_dir = export_dir
        path = utils._as_text(export_dir)
        if os.path.exists(path):
            if os.listdir(path):
                raise AssertionError(
                    "Export directory already exists, and isn't empty. Please choose a different "
                    "export directory, or delete all the contents of the specified directory: %s"
                    % export_dir)
        else:
            os.makedirs(path)
        # The first meta graph must save the variables; later ones must not.
        self._has_saved_variables = False

    # -- validation
    def _validate_tensor_info(self, tensor_info):
        if tensor_info is None:
            raise AssertionError("All TensorInfo protos used in the SignatureDefs must have the name "
                                 "and dtype fields set.")
        if tensor_info.WhichOneof("encoding") is None:
            raise AssertionError("All TensorInfo protos used in the SignatureDefs must have one of "
                                 "the 'encoding' fields (e.g., name or coo_sparse) set: %s" % tensor_info)
        if tensor_info.dtype == types_pb2.DT_INVALID:
            raise AssertionError("All TensorInfo protos used in the SignatureDefs must have the dtype "
                                 "field set: %s" % tensor_info)

    def _validate_signature_def_map(self, signature_def_map):
        for signature_def in signature_def_map.values():
            for info in signature_def.inputs.values():
                self._validate_tensor_info(info)
            for info in signature_def.outputs.values():
                self._validate_tensor_info(info)
        for key, what in ((constants.INIT_OP_SIGNATURE_KEY, "initialization"),
                          (constants.TRAIN_OP_SIGNATURE_KEY, "the train op")):
            if key in signature_def_map:
                raise KeyError("SignatureDef map key \"{}\" is reserved for {}. Please use a "
                               "different key.".format(key, what))

    # -- collections the loader reads back: assets, the main (init) op
    def _save_and_write_assets(self, assets_collection_to_add=None):
        asset_filename_map = _maybe_save_assets(assets_collection_to_add)
        if not asset_filename_map:
            logging.info("No assets to write.")
            return
        copy_assets_to_destination_dir(asset_filename_map, self._export_dir)

    def _maybe_add_main_op(self, main_op):
        if main_op is None:
            return
        if not isinstance(main_op, Operation):
            raise TypeError("main_op needs to be an Operation: %r" % main_op)
        for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
            if get_collection(key):
                raise ValueError("Graph already contains one or more main ops under the "
                                 "collection {}.".format(key))
        add_to_collection(constants.MAIN_OP_KEY, main_op)

    def _add_train_op(self, train_op):
        if train_op is not None:
            if not isinstance(train_op, (Tensor, Operation)):
                raise TypeError("train_op needs to be a Tensor or Op: %r" % train_op)
            add_to_collection(constants.TRAIN_OP_KEY, train_op)

    def _add_collections(self, assets_collection, main_op, train_op):
        self._save_and_write_assets(assets_collection)
        self._maybe_add_main_op(main_op)
        self._add_train_op(train_op)

    def _maybe_create_saver(self, saver=None):
        if not saver:
            saver = tf_saver.Saver(tf_saver._all_saveable_objects(), sharded=True,
                                   write_version=saver_pb2.SaverDef.V2, allow_empty=True)
        return saver

    def _export_meta_graph(self, saver, clear_devices, strip_default_attrs):
        # tf1's collection export knows no `Any` items: the asset collection is added here, as TF's
        # any_list (the loader reads it back as AssetFileDef protos).
        graph = get_default_graph()
        keys = [k for k in graph.get_all_collection_keys() if k != constants.ASSETS_KEY]
        meta_graph_def = saver.export_meta_graph(collection_list=keys, clear_devices=clear_devices,
                                                 strip_default_attrs=strip_default_attrs)
        assets = graph.get_collection(constants.ASSETS_KEY)
        if assets:
            meta_graph_def.collection_def[constants.ASSETS_KEY].any_list.value.extend(assets)
        return meta_graph_def

    def _tag_and_add_meta_graph(self, meta_graph_def, tags, signature_def_map):
        for tag in tags:
            meta_graph_def.meta_info_def.tags.append(tag)
        for key in signature_def_map or {}:
            meta_graph_def.signature_def[key].CopyFrom(signature_def_map[key])
        self._saved_model.meta_graphs.add().CopyFrom(meta_graph_def)

    # -- public API
    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None,
                       legacy_init_op=None, clear_devices=False, main_op=None,
                       strip_default_attrs=False, saver=None):
        """Adds the default graph as a meta graph sharing the variables already saved."""
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been saved yet. "
                                 "Please invoke `add_meta_graph_and_variables()` first.")
        signature_def_map = signature_def_map or {}
        self._validate_signature_def_map(signature_def_map)
        # legacy_init_op is the deprecated spelling of main_op.
        main_op = main_op if main_op is not None else legacy_init_op
        self._add_collections(assets_collection, main_op, None)
        saver = self._maybe_create_saver(saver)
        meta_graph_def = self._export_meta_graph(saver, clear_devices, strip_default_attrs)
        self._tag_and_add_meta_graph(meta_graph_def, tags, signature_def_map)

    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None,
                                     assets_collection=None, legacy_init_op=None,
                                     clear_devices=False, main_op=None, strip_default_attrs=False,
                                     saver=None):
        """Saves the session's variables and adds its graph as the first meta graph."""
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already been saved. "
                                 "Please invoke `add_meta_graph()` instead.")
        signature_def_map = signature_def_map or {}
        self._validate_signature_def_map(signature_def_map)
        main_op = main_op or legacy_init_op
        with sess.graph.as_default():
            self._add_collections(assets_collection, main_op, None)
            utils.get_or_create_variables_dir(self._export_dir)
            variables_path = utils.get_variables_path(self._export_dir)
            saver = self._maybe_create_saver(saver)
            # No `checkpoint` state file: a SavedModel can be moved, which would make it stale.
            saver.save(sess, variables_path, write_meta_graph=False, write_state=False)
            meta_graph_def = self._export_meta_graph(saver, clear_devices, strip_default_attrs)
        self._tag_and_add_meta_graph(meta_graph_def, tags, signature_def_map)
        self._has_saved_variables = True

    def save(self, as_text=False):
        """Writes saved_model.pb (or .pbtxt) and returns its path (bytes, as TF does)."""
        export_dir = utils._as_text(self._export_dir)
        os.makedirs(export_dir, exist_ok=True)
        if as_text:
            path = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
            with open(path, "w") as f:
                f.write(str(self._saved_model))
        else:
            path = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
            with open(path, "wb") as f:
                f.write(self._saved_model.SerializeToString(deterministic=True))
        logging.info("SavedModel written to: %s", path)
        return path.encode("utf-8")


# -- assets

ASSET_FILE_DEF_TYPE_URL = "type.googleapis.com/tensorflow.AssetFileDef"

def _asset_path_from_tensor(path_tensor):
    if not isinstance(path_tensor, Tensor):
        raise TypeError("Asset path tensor must be a Tensor.")
    if path_tensor.op.type != "Const":
        raise TypeError("Asset path tensor must be of type constant.")
    if path_tensor.dtype != dtypes.string:
        raise TypeError("Asset path  tensor must be of type string.")
    value = constant_value(path_tensor)
    if value is None or getattr(value, "ndim", 0) != 0:
        raise TypeError("Asset path tensor must be a scalar.")
    value = value.item() if hasattr(value, "item") else value
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _add_asset_to_collection(asset_filename, asset_tensor):
    asset_proto = meta_graph_pb2.AssetFileDef(filename=asset_filename)
    asset_proto.tensor_info.name = asset_tensor.name
    # TF unpacks by type name: tensorflow.AssetFileDef (tensorboard's copy lives in `tensorboard.`).
    packed = Any(type_url=ASSET_FILE_DEF_TYPE_URL, value=asset_proto.SerializeToString())
    add_to_collection(constants.ASSETS_KEY, packed)


def get_asset_filename_to_add(asset_filepath, asset_filename_map):
    """The basename an asset is saved under; different files with one basename get `_1`, `_2`..."""
    asset_filename = os.path.basename(asset_filepath)
    other = asset_filename_map.get(asset_filename)
    if other is None or other == asset_filepath:
        return asset_filename
    with open(asset_filepath, "rb") as a, open(other, "rb") as b:
        if a.read() == b.read():
            return asset_filename
    i = 1
    unique = asset_filename
    while unique in asset_filename_map:
        unique = "%s_%d" % (asset_filename, i)
        i += 1
    return unique


def _maybe_save_assets(assets_to_add=None):
    asset_filename_map = {}
    if assets_to_add is None:
        logging.info("No assets to save.")
        return asset_filename_map
    for asset_tensor in assets_to_add:
        source = _asset_path_from_tensor(asset_tensor)
        if not source:
            raise ValueError("Invalid asset filepath tensor %s" % asset_tensor)
        asset_filename = get_asset_filename_to_add(source, asset_filename_map)
        _add_asset_to_collection(asset_filename, asset_tensor)
        asset_filename_map[asset_filename] = source
    logging.info("Assets added to graph.")
    return asset_filename_map


def copy_assets_to_destination_dir(asset_filename_map, destination_dir):
    assets_dir = utils.get_or_create_assets_dir(destination_dir)
    for basename, source in asset_filename_map.items():
        destination = os.path.join(assets_dir, basename)
        if os.path.exists(source) and source != destination and not os.path.exists(destination):
            shutil.copyfile(source, destination)
    logging.info("Assets written to: %s", assets_dir)
