"""`tf.saved_model.loader.load` (TF 1.15's loader_impl.py): reads saved_model.pb (or .pbtxt),
imports the meta graph whose tag set matches into the session's graph, restores the variables from
`variables/variables` through the meta graph's own SaverDef, then runs the init (main) op with the
asset paths fed.
"""
import os

from google.protobuf import message, text_format
from tensorboard.compat.proto import meta_graph_pb2

from ..api import export
from ..formats.saved_model_proto import SavedModel
from ..framework.graph import get_collection
from ..platform import tf_logging as logging
from ..training import saver as tf_saver
from ..training.meta_graph import import_scoped_meta_graph
from . import constants, signature_def_utils, utils


def parse_saved_model(export_dir):
    """The SavedModel proto of `export_dir` (saved_model.pb, else saved_model.pbtxt)."""
    export_dir = utils._as_text(export_dir)
    path_to_pbtxt = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
    path_to_pb = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
    saved_model = SavedModel()
    if os.path.isfile(path_to_pb):
        with open(path_to_pb, "rb") as f:
            content = f.read()
        try:
            saved_model.ParseFromString(content)
        except message.DecodeError as e:
            raise IOError("Cannot parse file %s: %s." % (path_to_pb, str(e))) from None
    elif os.path.isfile(path_to_pbtxt):
        with open(path_to_pbtxt, "rb") as f:
            content = f.read()
        try:
            text_format.Merge(content.decode("utf-8"), saved_model)
        except text_format.ParseError as e:
            raise IOError("Cannot parse file %s: %s." % (path_to_pbtxt, str(e))) from None
    else:
        raise IOError("SavedModel file does not exist at: %s/{%s|%s}"
                      % (export_dir, constants.SAVED_MODEL_FILENAME_PBTXT,
                         constants.SAVED_MODEL_FILENAME_PB))
    return saved_model


def _import_meta_graph(meta_graph_def, import_scope=None, **saver_kwargs):
    """tf.train.import_meta_graph for a MetaGraphDef: the graph and collections, and a Saver
    for its SaverDef (its names prefixed with the scope the graph was imported under)."""
    var_list, _ = import_scoped_meta_graph(meta_graph_def, clear_devices=saver_kwargs.pop(
        "clear_devices", False), import_scope=import_scope, input_map=saver_kwargs.pop("input_map", None))
    if meta_graph_def.HasField("saver_def"):
        scope = import_scope
        if var_list:
            # The scope the import actually used (a taken name scope gets a suffix).
            sample_key = next(iter(var_list))
            scope = var_list[sample_key].name[:-len(sample_key)].rstrip("/") or None
        saver_def = type(meta_graph_def.saver_def)()
        saver_def.CopyFrom(meta_graph_def.saver_def)
        return tf_saver.Saver(saver_def=saver_def, name=scope, **saver_kwargs)
    if tf_saver._all_saveable_objects(scope=import_scope):
        return tf_saver.Saver(**saver_kwargs)
    logging.info("Saver not created because there are no variables in the graph to restore")
    return None


def get_asset_tensors(export_dir, meta_graph_def_to_load, import_scope=None):
    """{asset tensor name: path of the asset file in this export directory}."""
    collection_def = meta_graph_def_to_load.collection_def
    asset_protos = list(meta_graph_def_to_load.asset_file_def)
    if not asset_protos and constants.ASSETS_KEY in collection_def:
        for packed in collection_def[constants.ASSETS_KEY].any_list.value:
            # Parsed whatever the package in the type URL (tensorflow. or tensorboard.).
            asset_protos.append(meta_graph_pb2.AssetFileDef.FromString(packed.value))
    assets_directory = utils.get_assets_dir(export_dir)
    out = {}
    for proto in asset_protos:
        name = proto.tensor_info.name
        if import_scope:
            name = "%s/%s" % (import_scope, name)
        out[name] = os.path.join(assets_directory, proto.filename).encode("utf-8")
    return out


def _get_main_op_tensor(meta_graph_def_to_load, init_op_key=constants.MAIN_OP_KEY):
    collection_def = meta_graph_def_to_load.collection_def
    if init_op_key not in collection_def:
        return None
    init_op_list = collection_def[init_op_key].node_list.value
    if len(init_op_list) != 1:
        raise RuntimeError("Expected exactly one SavedModel init op. Found: {}".format(init_op_list))
    return get_collection(init_op_key)[0]


def _get_op_from_signature_def(meta_graph_def, op_signature_key, import_scope):
    if op_signature_key in meta_graph_def.signature_def:
        return signature_def_utils.load_op_from_signature_def(
            meta_graph_def.signature_def[op_signature_key], op_signature_key, import_scope)
    return None


def get_init_op(meta_graph_def, import_scope=None):
    return (_get_op_from_signature_def(meta_graph_def, constants.INIT_OP_SIGNATURE_KEY, import_scope)
            or _get_main_op_tensor(meta_graph_def, constants.MAIN_OP_KEY)
            or _get_main_op_tensor(meta_graph_def, constants.LEGACY_INIT_OP_KEY))


def get_train_op(meta_graph_def, import_scope=None):
    train_op = _get_op_from_signature_def(meta_graph_def, constants.TRAIN_OP_SIGNATURE_KEY, import_scope)
    return train_op if train_op is not None else _get_main_op_tensor(meta_graph_def, constants.TRAIN_OP_KEY)


@export("saved_model.loader.maybe_saved_model_directory", "saved_model.maybe_saved_model_directory",
        "saved_model.contains_saved_model")
def maybe_saved_model_directory(export_dir):
    """Whether `export_dir` holds a saved_model.pb or saved_model.pbtxt (it may still not load)."""
    export_dir = utils._as_text(export_dir)
    return (os.path.isfile(os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT))
            or os.path.isfile(os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)))


class SavedModelLoader:
    """Loads graphs and restores variable values from a SavedModel."""

    def __init__(self, export_dir):
        self._export_dir = export_dir
        self._variables_path = utils.get_variables_path(export_dir)
        self._saved_model = parse_saved_model(export_dir)

    export_dir = property(lambda self: self._export_dir)
    variables_path = property(lambda self: self._variables_path)
    saved_model = property(lambda self: self._saved_model)

    def get_meta_graph_def_from_tags(self, tags):
        available_tags = []
        for meta_graph_def in self._saved_model.meta_graphs:
            available_tags.append(set(meta_graph_def.meta_info_def.tags))
            if set(meta_graph_def.meta_info_def.tags) == set(tags):
                return meta_graph_def
        raise RuntimeError(
            "MetaGraphDef associated with tags " + str(tags).strip("[]") +
            " could not be found in SavedModel. To inspect available tag-sets in"
            " the SavedModel, please use the SavedModel CLI: `saved_model_cli`"
            "\navailable_tags: " + str(available_tags))

    def load_graph(self, graph, tags, import_scope=None, **saver_kwargs):
        """Imports the tagged meta graph into `graph`; returns (its Saver or None, None)."""
        meta_graph_def = self.get_meta_graph_def_from_tags(tags)
        with graph.as_default():
            return _import_meta_graph(meta_graph_def, import_scope, **saver_kwargs), None

    def restore_variables(self, sess, saver, import_scope=None):
        with sess.graph.as_default():
            if saver is None and not tf_saver._all_saveable_objects(scope=import_scope):
                logging.info("The specified SavedModel has no variables; no checkpoints were restored.")
            elif isinstance(saver, tf_saver.Saver):
                saver.restore(sess, self._variables_path)
            else:
                raise ValueError("No tf.train.Saver object was passed to the function "
                                 "SavedModelLoader.restore_variables. Since there are variables in "
                                 "the graph, a saver is required.")

    def run_init_ops(self, sess, tags, import_scope=None):
        meta_graph_def = self.get_meta_graph_def_from_tags(tags)
        with sess.graph.as_default():
            asset_tensors_dictionary = get_asset_tensors(self._export_dir, meta_graph_def,
                                                         import_scope=import_scope)
            init_op = get_init_op(meta_graph_def, import_scope)
            if init_op is not None:
                sess.run(fetches=[init_op], feed_dict=asset_tensors_dictionary)

    def load(self, sess, tags, import_scope=None, **saver_kwargs):
        with sess.graph.as_default():
            saver, _ = self.load_graph(sess.graph, tags, import_scope, **saver_kwargs)
            self.restore_variables(sess, saver, import_scope)
            self.run_init_ops(sess, tags, import_scope)
        return self.get_meta_graph_def_from_tags(tags)


@export("saved_model.loader.load", "saved_model.load")
def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Loads the meta graph tagged `tags` into `sess`; returns its MetaGraphDef."""
    return SavedModelLoader(export_dir).load(sess, tags, import_scope, **saver_kwargs)
