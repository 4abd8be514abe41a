"""GraphDef I/O: `tf.import_graph_def`, `tf.train.write_graph` and `tf.graph_util` (freezing and
pruning GraphDefs).

Importing turns each NodeDef back into an Operation of the same registered op type: attrs come
from the NodeDef, output dtypes and shapes from the op's own inference, exactly as if the op had
been built by its Python wrapper. `import_meta_graph` shares this code.
"""
import copy
import os
import re

from google.protobuf import text_format
from tensorboard.compat.proto import attr_value_pb2, graph_pb2, node_def_pb2

from ..api import export
from ..framework import dtypes, registry, tf1_attrs
from ..framework.attr_values import attr_from_proto
from ..framework.graph import Graph, get_default_graph, name_scope
from ..formats.checkpoint_state import atomic_write_string_to_file
from ..platform import tf_logging as logging


# --------------------------------------------------------------------------------- NodeDef -> op

def _attr_value(key, av):
    """A NodeDef attr in the form the op wrappers store: TensorProtos stay protos (Const keeps its
    `value` proto), colocation lists stay AttrValues, the rest become Python values."""
    which = av.WhichOneof("value")
    if which == "tensor":
        return av.tensor
    if key == "_class" or which == "func" or which is None:
        return av
    if which == "list" and len(av.list.tensor):
        return list(av.list.tensor)
    if which == "s":
        try:
            return av.s.decode("utf-8")
        except UnicodeDecodeError:
            return av.s
    return attr_from_proto(av)


def _parse_input(name):
    """'^op' -> (op, None, True); 'op:1' -> (op, 1, False); 'op' -> (op, 0, False)."""
    if name.startswith("^"):
        return name[1:], None, True
    op, _, idx = name.partition(":")
    return op, int(idx) if idx else 0, False


def _deps(node):
    """Names a node needs imported first: its inputs, and the ops its `_tf1` attr refers to (a
    branch or loop body, the forward ops of a gradient)."""
    names = [_parse_input(inp)[0] for inp in node.input]
    if tf1_attrs.ATTR in node.attr:
        names += sorted(tf1_attrs.referenced_ops(node.attr[tf1_attrs.ATTR].s))
    return names


def _topological(nodes):
    """NodeDefs ordered so that every input comes first (GraphDefs need not be sorted)."""
    by_name = {n.name: n for n in nodes}
    order, state = [], {}
    for root in nodes:
        if root.name in state:
            continue
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                state[node.name] = 2
                order.append(node)
                continue
            if state.get(node.name):
                continue
            state[node.name] = 1
            stack.append((node, True))
            for src in reversed(_deps(node)):
                if src in by_name and not state.get(src):
                    stack.append((by_name[src], False))
    return order


def _mark_name_used(graph, name):
    """Imported names (and every scope prefix of them) count as used, as TF's importer does, so a
    later `Saver()` makes `save_1` rather than a clashing `save`."""
    parts = name.split("/")
    for i in range(1, len(parts) + 1):
        key = "/".join(parts[:i]).lower()
        graph._names_in_use[key] = max(graph._names_in_use.get(key, 0), 1)


def import_nodes(graph, graph_def, prefix="", input_map=None, clear_devices=False):
    """Adds the nodes of `graph_def` to `graph` under `prefix`; returns {node name: Operation}."""
    input_map = dict(input_map or {})
    created = {}

    def scoped(n):
        return prefix + n if prefix else n

    def resolve_tensor(src, idx, node):
        key = "%s:%d" % (src, idx)
        if key in input_map:
            return input_map[key]
        op = created.get(src)
        if op is None:
            raise ValueError("Node '%s': Unknown input node '%s'" % (node.name, "%s:%d" % (src, idx)
                                                                     if idx else src))
        return op.outputs[idx]

    for node in _topological(list(graph_def.node)):
        if registry.get(node.op) is None:
            raise ValueError("Op type not registered '%s' in binary running on %s. Make sure the Op "
                             "and Kernel are registered in the binary running in this process."
                             % (node.op, _hostname()))
        inputs, controls = [], []
        for inp in node.input:
            src, idx, is_control = _parse_input(inp)
            if is_control:
                if src not in created:
                    raise ValueError("Node '%s': Unknown input node '^%s'" % (node.name, src))
                controls.append(created[src])
            else:
                inputs.append(resolve_tensor(src, idx, node))
        attrs, extra_deps = {}, []
        if tf1_attrs.ATTR in node.attr:
            attrs, extra_deps = tf1_attrs.decode(node.attr[tf1_attrs.ATTR].s, created.__getitem__,
                                                 node.name)
        for k, av in node.attr.items():
            if k in ("_output_shapes", tf1_attrs.ATTR):
                continue
            if k == "_class" and prefix:
                av = attr_value_pb2.AttrValue(list=attr_value_pb2.AttrValue.ListValue(
                    s=[b"loc:@" + scoped(s.decode()[5:]).encode() if s.startswith(b"loc:@") else s
                       for s in av.list.s]))
            attrs[k] = _attr_value(k, av)
        name = scoped(node.name)
        if name in graph._ops_by_name:
            raise ValueError("Duplicate node name in graph: '%s'" % name)
        with graph.control_dependencies(None), graph.device(None):
            with graph.control_dependencies(controls) if controls else _null():
                op = graph.create_op(node.op, inputs, attrs=attrs, name=name + "/")
        _mark_name_used(graph, name)
        if extra_deps:
            op._tf1_extra_deps = extra_deps
        if node.device and not clear_devices:
            op._set_device(node.device)
        created[node.name] = op
    return created


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _hostname():
    import socket
    return socket.gethostname()


@export("import_graph_def", "graph_util.import_graph_def")
def import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
                     producer_op_list=None):
    if not isinstance(graph_def, graph_pb2.GraphDef):
        try:
            old = graph_def
            graph_def = graph_pb2.GraphDef()
            graph_def.MergeFrom(old)
        except TypeError:
            raise TypeError("graph_def must be a GraphDef proto.") from None
    if input_map is not None:
        if not isinstance(input_map, dict):
            raise TypeError("input_map must be a dictionary mapping strings to Tensor objects.")
        for k, v in input_map.items():
            if not isinstance(k, str):
                raise TypeError("input_map must be a dictionary mapping strings to Tensor objects.")
    if return_elements is not None:
        return_elements = list(return_elements)
        if not all(isinstance(x, str) for x in return_elements):
            raise TypeError("return_elements must be a list of strings.")
    graph = get_default_graph()
    input_map = {(k if ":" in k or k.startswith("^") else k + ":0"): v
                 for k, v in (input_map or {}).items()}
    with name_scope(name, "import", list(input_map.values())) as scope:
        prefix = scope
        import_nodes(graph, graph_def, prefix, input_map)
    if return_elements is None:
        return None
    out = []
    for r in return_elements:
        out.append(graph.as_graph_element(prefix + r))
    return out


# ------------------------------------------------------------------------------------ write_graph

@export("train.write_graph", "io.write_graph")
def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    if isinstance(graph_or_graph_def, Graph):
        graph_def = graph_or_graph_def.as_graph_def()
    else:
        graph_def = graph_or_graph_def
    if not os.path.exists(logdir):
        os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    if as_text:
        atomic_write_string_to_file(path, text_format.MessageToString(graph_def))
    else:
        _atomic_write_bytes(path, graph_def.SerializeToString(deterministic=True))
    return path


def _atomic_write_bytes(path, data):
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


# -------------------------------------------------------------------------------------- graph_util

def _node_name(n):
    if n.startswith("^"):
        return n[1:]
    return n.split(":")[0]


def _extract_graph_summary(graph_def):
    name_to_input_name, name_to_node, name_to_seq_num = {}, {}, {}
    for seq, node in enumerate(graph_def.node):
        n = _node_name(node.name)
        name_to_node[n] = node
        name_to_input_name[n] = [_node_name(x) for x in node.input]
        name_to_seq_num[n] = seq
    return name_to_input_name, name_to_node, name_to_seq_num


def _bfs_for_reachable_nodes(target_nodes, name_to_input_name):
    nodes_to_keep = set()
    next_to_visit = list(target_nodes)
    while next_to_visit:
        node = next_to_visit[0]
        del next_to_visit[0]
        if node in nodes_to_keep:
            continue
        nodes_to_keep.add(node)
        if node in name_to_input_name:
            next_to_visit += name_to_input_name[node]
    return nodes_to_keep


@export("graph_util.extract_sub_graph")
def extract_sub_graph(graph_def, dest_nodes):
    if not isinstance(graph_def, graph_pb2.GraphDef):
        raise TypeError("graph_def must be a graph_pb2.GraphDef proto.")
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be a list.")
    name_to_input_name, name_to_node, name_to_seq_num = _extract_graph_summary(graph_def)
    for d in dest_nodes:
        if d not in name_to_input_name:
            raise AssertionError("%s is not in graph" % d)
    nodes_to_keep = _bfs_for_reachable_nodes(dest_nodes, name_to_input_name)
    out = graph_pb2.GraphDef()
    for n in sorted(nodes_to_keep, key=lambda n: name_to_seq_num[n]):
        out.node.extend([copy.deepcopy(name_to_node[n])])
    out.library.CopyFrom(graph_def.library)
    out.versions.CopyFrom(graph_def.versions)
    return out


@export("graph_util.tensor_shape_from_node_def_name")
def tensor_shape_from_node_def_name(graph, input_name):
    if ":" not in input_name:
        canonical_name = input_name + ":0"
    else:
        canonical_name = input_name
    return graph.get_tensor_by_name(canonical_name).get_shape()


_VARIABLE_OP_TYPES = ("Variable", "VariableV2", "VarHandleOp")


@export("graph_util.convert_variables_to_constants")
def convert_variables_to_constants(sess, input_graph_def, output_node_names,
                                   variable_names_whitelist=None, variable_names_blacklist=None):
    from ..framework.tensor_util import make_tensor_proto
    inference_graph = extract_sub_graph(input_graph_def, output_node_names)
    variable_names, variable_dict_names = [], []
    for node in inference_graph.node:
        if node.op in _VARIABLE_OP_TYPES:
            variable_name = node.name
            if ((variable_names_whitelist is not None and variable_name not in variable_names_whitelist)
                    or (variable_names_blacklist is not None
                        and variable_name in variable_names_blacklist)):
                continue
            variable_dict_names.append(variable_name)
            variable_names.append(variable_name + ":0")
    if variable_names:
        returned_variables = sess.run(variable_names)
    else:
        returned_variables = []
    found_variables = dict(zip(variable_dict_names, returned_variables))
    logging.info("Froze %d variables.", len(returned_variables))
    output_graph_def = graph_pb2.GraphDef()
    how_many_converted = 0
    for input_node in inference_graph.node:
        output_node = node_def_pb2.NodeDef()
        if input_node.name in found_variables:
            output_node.op = "Const"
            output_node.name = input_node.name
            dtype = input_node.attr["dtype"]
            data = found_variables[input_node.name]
            output_node.attr["dtype"].CopyFrom(dtype)
            output_node.attr["value"].CopyFrom(attr_value_pb2.AttrValue(
                tensor=make_tensor_proto(data, dtype=dtypes.as_dtype(dtype.type),
                                         shape=list(getattr(data, "shape", ())))))
            how_many_converted += 1
        else:
            output_node.CopyFrom(input_node)
            if output_node.op == "Assign" and output_node.input and output_node.input[0] in found_variables:
                # Assigning to a frozen variable would need a ref input; TF turns it into Identity.
                output_node.op = "Identity"
                del output_node.input[0:1]
                for k in ("use_locking", "validate_shape"):
                    if k in output_node.attr:
                        del output_node.attr[k]
        output_graph_def.node.extend([output_node])
    output_graph_def.library.CopyFrom(inference_graph.library)
    output_graph_def.versions.CopyFrom(inference_graph.versions)
    logging.info("Converted %d variables to const ops.", how_many_converted)
    return output_graph_def


def _copy_nodes(nodes, names_to_drop, rewrite_input):
    """Copies of `nodes` except those in `names_to_drop`, each input replaced by `rewrite_input(input)`
    (dropped where that is None)."""
    copies = []
    for node in nodes:
        if node.name in names_to_drop:
            continue
        new_node = node_def_pb2.NodeDef()
        new_node.CopyFrom(node)
        del new_node.input[:]
        for full_input_name in node.input:
            full_input_name = rewrite_input(full_input_name)
            if full_input_name is not None:
                new_node.input.append(full_input_name)
        copies.append(new_node)
    return copies


@export("graph_util.remove_training_nodes")
def remove_training_nodes(input_graph, protected_nodes=None):
    if not protected_nodes:
        protected_nodes = []
    types_to_remove = {"CheckNumerics": True}
    input_nodes = input_graph.node
    names_to_remove = {}
    for node in input_nodes:
        if node.op in types_to_remove and node.name not in protected_nodes:
            names_to_remove[node.name] = True

    def kept_input(full_input_name):
        return None if re.sub(r"^\^", "", full_input_name) in names_to_remove else full_input_name

    nodes_after_removal = _copy_nodes(input_nodes, names_to_remove, kept_input)
    types_to_splice = {"Identity": True}
    control_input_names = set()
    node_names_with_control_input = set()
    for node in nodes_after_removal:
        for node_input in node.input:
            if "^" in node_input:
                control_input_names.add(node_input.replace("^", ""))
                node_names_with_control_input.add(node.name)
    names_to_splice = {}
    for node in nodes_after_removal:
        if node.op in types_to_splice and node.name not in protected_nodes:
            # Identities that carry control dependencies, or are control inputs, must stay.
            if node.name not in node_names_with_control_input and node.name not in control_input_names:
                names_to_splice[node.name] = node.input[0]
    names_to_splice = {name: value for name, value in names_to_splice.items()
                       if name not in control_input_names}

    def spliced_input(full_input_name):
        input_name = re.sub(r"^\^", "", full_input_name)
        while input_name in names_to_splice:
            full_input_name = names_to_splice[input_name]
            input_name = re.sub(r"^\^", "", full_input_name)
        return full_input_name

    nodes_after_splicing = _copy_nodes(nodes_after_removal, names_to_splice, spliced_input)
    output_graph = graph_pb2.GraphDef()
    output_graph.node.extend(nodes_after_splicing)
    return output_graph

