"""MetaGraphDef export and import (`tf.train.export_meta_graph`, `tf.train.import_meta_graph`).

A MetaGraphDef is the GraphDef plus the SaverDef and the graph's collections: variables as
VariableDef protos, tensors/ops as names, strings/ints/floats as values. Importing rebuilds the ops
through `graph_io.import_nodes` (op types from the registry, attrs from the NodeDefs), restores the
collections (Variables re-made from their VariableDefs) and returns a Saver for the SaverDef.
"""
import os

from google.protobuf import text_format
from tensorboard.compat.proto import meta_graph_pb2, op_def_pb2, saver_pb2, variable_pb2

from ..api import export
from ..framework.graph import GraphKeys, get_default_graph
from ..platform import tf_logging as logging
from . import graph_io

# Collections whose items serialise through a proto (TF's register_proto_function table).
_VARIABLE_COLLECTIONS = set(GraphKeys._VARIABLE_COLLECTIONS)


def _to_proto_function(key):
    if key in _VARIABLE_COLLECTIONS:
        return lambda v, export_scope=None: v.to_proto(export_scope=export_scope), variable_pb2.VariableDef
    if key == GraphKeys.SAVERS:
        return lambda s, export_scope=None: s.to_proto(export_scope=export_scope), saver_pb2.SaverDef
    return None, None


def _from_proto_function(key):
    if key in _VARIABLE_COLLECTIONS:
        from ..ops.variables import Variable
        return lambda p, import_scope=None: Variable(variable_def=p, import_scope=import_scope), \
            variable_pb2.VariableDef
    if key == GraphKeys.SAVERS:
        from .saver import Saver
        return lambda p, import_scope=None: Saver.from_proto(p, import_scope), saver_pb2.SaverDef
    return None, None


def _kind_name(item):
    if isinstance(item, (str, bytes)):
        return "bytes_list"
    if isinstance(item, bool) or not isinstance(item, int):
        return "float_list" if isinstance(item, float) else "node_list"
    return "int64_list"


def _strip(name, scope):
    if not scope:
        return name
    return name[len(scope) + 1:] if name.startswith(scope + "/") else name


def add_collection_def(meta_graph_def, key, graph=None, export_scope=None):
    graph = graph or get_default_graph()
    if not isinstance(key, (str, bytes)):
        logging.warning("Only collections with string type keys will be serialized. This key has %s",
                        type(key))
        return
    items = graph.get_collection(key)
    if export_scope:
        items = [x for x in items if not hasattr(x, "name") or x.name.startswith(export_scope)]
    if not items:
        return
    try:
        col_def = meta_graph_def.collection_def[key]
        to_proto, _ = _to_proto_function(key)
        if to_proto:
            for x in items:
                proto = to_proto(x, export_scope=export_scope)
                if proto:
                    col_def.bytes_list.value.append(proto.SerializeToString())
        else:
            kind = _kind_name(items[0])
            if kind == "node_list":
                for x in items:
                    col_def.node_list.value.append(_strip(x.name, export_scope))
            elif kind == "bytes_list":
                col_def.bytes_list.value.extend([x.encode() if isinstance(x, str) else x for x in items])
            else:
                getattr(col_def, kind).value.extend(items)
    except Exception as e:  # noqa: BLE001 -- TF drops the collection with a warning
        logging.warning("Issue encountered when serializing %s.\n%s", key, str(e))
        if key in meta_graph_def.collection_def:
            del meta_graph_def.collection_def[key]


def stripped_op_list_for_graph(graph_def):
    """The op types a graph uses (names only: tf1 keeps no OpDef protos)."""
    ops = op_def_pb2.OpList()
    for name in sorted({n.op for n in graph_def.node}):
        ops.op.add(name=name)
    return ops


def create_meta_graph_def(meta_info_def=None, graph_def=None, saver_def=None, collection_list=None,
                          graph=None, export_scope=None, clear_devices=False):
    import tf1
    graph = graph or get_default_graph()
    mg = meta_graph_pb2.MetaGraphDef()
    if meta_info_def is not None:
        mg.meta_info_def.CopyFrom(meta_info_def)
    if graph_def is None:
        graph_def = graph.as_graph_def(add_shapes=True)
    gd = type(graph_def)()
    gd.CopyFrom(graph_def)
    if export_scope:
        keep = [n for n in gd.node if n.name.startswith(export_scope + "/")]
        del gd.node[:]
        for n in keep:
            n.name = _strip(n.name, export_scope)
            n.input[:] = [("^" if i.startswith("^") else "") + _strip(i.lstrip("^"), export_scope)
                          for i in n.input]
            gd.node.add().CopyFrom(n)
    if clear_devices:
        for n in gd.node:
            n.device = ""
    mg.graph_def.CopyFrom(gd)
    mg.meta_info_def.stripped_op_list.CopyFrom(stripped_op_list_for_graph(gd))
    mg.meta_info_def.tensorflow_version = tf1.__version__
    mg.meta_info_def.tensorflow_git_version = tf1.GIT_VERSION
    if saver_def is not None:
        mg.saver_def.CopyFrom(saver_def)
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        add_collection_def(mg, key, graph, export_scope)
    return mg


@export("train.export_meta_graph")
def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                      collection_list=None, as_text=False, graph=None, export_scope=None,
                      clear_devices=False, clear_extraneous_savers=False, strip_default_attrs=False,
                      save_debug_info=False, **kwargs):
    mg = create_meta_graph_def(meta_info_def, graph_def, saver_def, collection_list, graph,
                               export_scope, clear_devices)
    if filename:
        graph_io.write_graph(mg, os.path.dirname(filename) or ".", os.path.basename(filename), as_text)
    return mg


def read_meta_graph_file(filename):
    mg = meta_graph_pb2.MetaGraphDef()
    if not os.path.exists(filename):
        raise IOError("File %s does not exist." % filename)
    with open(filename, "rb") as f:
        content = f.read()
    try:
        mg.ParseFromString(content)
        return mg
    except Exception:  # noqa: BLE001 -- TF falls back to the text format
        pass
    try:
        text_format.Merge(content.decode("utf-8"), mg)
    except text_format.ParseError as e:
        raise IOError("Cannot parse file %s: %s." % (filename, str(e)))
    return mg


def import_scoped_meta_graph(meta_graph_or_file, clear_devices=False, graph=None, import_scope=None,
                             input_map=None, restore_collections_predicate=lambda key: True):
    if isinstance(meta_graph_or_file, meta_graph_pb2.MetaGraphDef):
        mg = meta_graph_or_file
    else:
        mg = read_meta_graph_file(meta_graph_or_file)
    graph = graph or get_default_graph()
    input_map = {(k if ":" in k else k + ":0"): v for k, v in (input_map or {}).items()}
    with graph.as_default():
        prefix = (import_scope + "/") if import_scope else ""
        if import_scope:
            with graph.name_scope(import_scope) as scope:
                prefix = scope
        graph_io.import_nodes(graph, mg.graph_def, prefix, input_map, clear_devices)
        scope = prefix[:-1] if prefix else None
        variable_objects = {}
        for key, col_def in sorted(mg.collection_def.items()):
            if not restore_collections_predicate(key):
                continue
            kind = col_def.WhichOneof("kind")
            if kind is None:
                logging.error("Cannot identify data type for collection %s. Skipping.", key)
                continue
            from_proto, proto_type = _from_proto_function(key)
            if from_proto and kind == "bytes_list":
                for value in col_def.bytes_list.value:
                    obj = variable_objects.get(value) if key in _VARIABLE_COLLECTIONS else None
                    if obj is None:
                        proto = proto_type()
                        proto.ParseFromString(value)
                        obj = from_proto(proto, import_scope=scope)
                        if key in _VARIABLE_COLLECTIONS:
                            variable_objects[value] = obj
                    graph.add_to_collection(key, obj)
            else:
                field = getattr(col_def, kind)
                if kind == "node_list":
                    for value in field.value:
                        graph.add_to_collection(key, graph.as_graph_element(prefix + value))
                elif kind == "int64_list":
                    for value in field.value:
                        graph.add_to_collection(key, int(value))
                else:
                    for value in field.value:
                        graph.add_to_collection(key, value)
        var_list = {}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=scope):
            var_list[_strip(v.name, scope)] = v
    return var_list, mg


@export("train.import_meta_graph")
def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    from .saver import Saver, _all_saveable_objects
    var_list, mg = import_scoped_meta_graph(meta_graph_or_file, clear_devices=clear_devices,
                                            import_scope=import_scope,
                                            input_map=kwargs.get("input_map"))
    if mg.HasField("saver_def"):
        scope = import_scope
        if var_list:
            sample_key = next(iter(var_list))
            scope = var_list[sample_key].name[:-len(sample_key)]
        return Saver(saver_def=mg.saver_def, name=scope)
    if _all_saveable_objects(scope=import_scope):
        return Saver()
    logging.info("Saver not created because there are no variables in the graph to restore")
    return None

