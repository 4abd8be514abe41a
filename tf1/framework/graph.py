"""Graph, Operation and Tensor: TensorFlow's graph model with TF 1.15's naming, scoping and reprs."""
import contextlib
import re
import threading

from tensorboard.compat.proto import graph_pb2, node_def_pb2, versions_pb2

from ..api import export
from . import dtypes as dtypes_mod
from . import registry, tensor_shape
from .errors import InvalidArgumentError

_VALID_OP_NAME_REGEX = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME_REGEX = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


def name_from_scope_name(name):
    return name[:-1] if (name and name[-1] == "/") else name


# ----------------------------------------------------------------------------------------- Tensor

class Tensor:
    """A symbolic output of an Operation (`Tensor("Add:0", shape=(), dtype=float32)`)."""

    # Makes numpy defer to our operator overloads (`np_array * tensor`).
    __array_priority__ = 100

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtypes_mod.as_dtype(dtype)
        self._shape_val = tensor_shape.as_shape(shape)
        self._consumers = []
        self._id = op.graph._next_tensor_id()

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op.graph)
    device = property(lambda self: self._op.device)

    @property
    def name(self):
        return "%s:%d" % (self._op.name, self._value_index)

    @property
    def shape(self):
        return self._shape_val

    def get_shape(self):
        return self._shape_val

    def set_shape(self, shape):
        self._shape_val = self._shape_val.merge_with(shape)

    def consumers(self):
        return list(self._consumers)

    def _as_node_def_input(self):
        if self._value_index == 0:
            return self._op.name
        return "%s:%d" % (self._op.name, self._value_index)

    def __str__(self):
        return "Tensor(\"%s\"%s%s%s)" % (
            self.name,
            (", shape=%s" % self.get_shape()) if self.get_shape().ndims is not None else "",
            (", dtype=%s" % self._dtype.name) if self._dtype else "",
            (", device=%s" % self.device) if self.device else "")

    def __repr__(self):
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (self.name, self.get_shape(), self._dtype.name)

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __bool__(self):
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not "
                        "None:` instead of `if t:` to test if a tensor is defined, and use TensorFlow "
                        "ops such as tf.cond to execute subgraphs conditioned on the value of a tensor.")

    def __iter__(self):
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. To "
                        "iterate over this tensor use tf.map_fn.")

    def __len__(self):
        raise TypeError("len is not well defined for symbolic Tensors. ({}) Please call `x.shape` "
                        "rather than `len(x)` for shape information.".format(self.name))

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError("Cannot convert a symbolic Tensor ({}) to a numpy array."
                                  .format(self.name))

    def eval(self, feed_dict=None, session=None):
        from ..runtime.session import _run_using_default_session
        return _run_using_default_session(self, feed_dict, self.graph, session)

    def experimental_ref(self):
        return _Ref(self)

    ref = experimental_ref

    # Operator overloads are attached by tf1.ops.math_ops (it owns the op functions they call).


class _Ref:
    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self):
        return id(self._obj)

    def __eq__(self, other):
        return isinstance(other, _Ref) and other._obj is self._obj


export("Tensor")(Tensor)


# -------------------------------------------------------------------------------------- Operation

class Operation:
    """A node of the graph: TF's op type, attrs, inputs, control inputs and outputs."""

    def __init__(self, graph, op_type, name, inputs, attrs, output_specs, control_inputs, device):
        self._graph = graph
        self._type = op_type
        self._name = name
        self._inputs = list(inputs)
        self._attrs = dict(attrs)
        self._control_inputs = []
        self._device = device or ""
        self._id = graph._next_op_id()
        self._outputs = [Tensor(self, i, dt, shp) for i, (dt, shp) in enumerate(output_specs)]
        self._control_outputs = []
        for t in self._inputs:
            t._consumers.append(self)
        self._add_control_inputs(control_inputs)
        self._opdef = registry.get(op_type)
        self._traceback = None

    graph = property(lambda self: self._graph)
    type = property(lambda self: self._type)
    name = property(lambda self: self._name)
    outputs = property(lambda self: list(self._outputs))
    device = property(lambda self: self._device)
    control_inputs = property(lambda self: list(self._control_inputs))
    opdef = property(lambda self: self._opdef)

    @property
    def inputs(self):
        return _InputList(self._inputs)

    def values(self):
        return tuple(self._outputs)

    def _add_control_inputs(self, ops):
        for op in ops:
            if not isinstance(op, Operation):
                raise TypeError("op must be an Operation: %s" % op)
            if op not in self._control_inputs:
                self._control_inputs.append(op)
                op._control_outputs.append(self)

    def _add_control_input(self, op):
        self._add_control_inputs([op])

    def _set_device(self, device):
        self._device = canonical_device(device)

    def get_attr(self, name):
        if name not in self._attrs:
            raise ValueError("Operation '%s' has no attr named '%s'." % (self._name, name))
        return self._attrs[name]

    def _set_attr(self, name, value):
        self._attrs[name] = value

    @property
    def node_def(self):
        from .attr_values import attr_to_proto
        nd = node_def_pb2.NodeDef(name=self._name, op=self._type, device=self._device)
        nd.input.extend([t._as_node_def_input() for t in self._inputs])
        nd.input.extend(["^" + op.name for op in self._control_inputs])
        for k, v in sorted(self._attrs.items()):
            if k.startswith("_tf1_"):
                continue  # tf1's own attrs travel together in one `_tf1` attr (framework/tf1_attrs.py)
            nd.attr[k].CopyFrom(attr_to_proto(v))
        from . import tf1_attrs
        carried = tf1_attrs.encode(self)
        if carried is not None:
            nd.attr[tf1_attrs.ATTR].s = carried
        return nd

    def colocation_groups(self):
        """TF's rule: the `loc:@` entries of the `_class` attr, else the op's own group."""
        cls = self._attrs.get("_class")
        if cls is not None:
            names = list(cls.list.s) if hasattr(cls, "list") else [
                c if isinstance(c, bytes) else c.encode() for c in cls]
            groups = [c for c in names if c.startswith(b"loc:@")]
            if groups:
                return groups
        return [("loc:@%s" % self._name).encode()]

    def run(self, feed_dict=None, session=None):
        from ..runtime.session import _run_using_default_session
        _run_using_default_session(self, feed_dict, self.graph, session)

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self._name, self._type)

    def __str__(self):
        return str(self.node_def)

    @property
    def traceback(self):
        return self._traceback


class _InputList(list):
    """TF's `op.inputs`: a read-only list of Tensors."""


export("Operation")(Operation)


def canonical_device(spec):
    """'/gpu:0' -> '/device:GPU:0', as TF's DeviceSpec prints device strings."""
    if spec is None:
        return ""
    spec = str(spec)
    parts = []
    for part in spec.split("/"):
        if not part:
            continue
        low = part.lower()
        m = re.match(r"^(?:device:)?(cpu|gpu|tpu|xla_cpu|xla_gpu)(?::(\d+|\*))?$", low)
        if m:
            parts.append("device:%s:%s" % (m.group(1).upper(), m.group(2) or "0"))
        else:
            parts.append(part)
    return ("/" + "/".join(parts)) if parts else ""


# ------------------------------------------------------------------------------------------ Graph

class _ControlDependenciesController:
    def __init__(self, graph, control_inputs):
        self._graph = graph
        self._control_inputs = control_inputs if control_inputs is not None else []
        self._new_stack = control_inputs is None
        self._seen_nodes = set()
        self._old_stack = None

    control_inputs = property(lambda self: self._control_inputs)

    def __enter__(self):
        if self._new_stack:
            self._old_stack = self._graph._control_dependencies_stack
            self._graph._control_dependencies_stack = []
        self._graph._control_dependencies_stack.append(self)

    def __exit__(self, *exc):
        self._graph._control_dependencies_stack.pop()
        if self._new_stack:
            self._graph._control_dependencies_stack = self._old_stack

    def add_op(self, op):
        self._seen_nodes.add(op)

    def op_in_group(self, op):
        return op in self._seen_nodes


class Graph:
    """A TensorFlow computation, as a dataflow graph of Operations."""

    def __init__(self):
        self._lock = threading.RLock()
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        self._name_stack = ""
        self._collections = {}
        self._control_dependencies_stack = []
        self._device_stack = []
        self._colocation_stack = []
        self._finalized = False
        self._seed = None
        self._op_counter = 0
        self._tensor_counter = 0
        self._version = 0
        self._unfeedable = set()
        self._unfetchable = set()
        self._gradient_override_map = {}
        self._building_function = False
        self._variable_creator_stack = []
        self._attr_scope = {}
        self._tf1_state = {}  # per-graph state owned by other modules (variable scope store, ...)

    # --- identity / ids
    def _next_op_id(self):
        self._op_counter += 1
        return self._op_counter

    def _next_tensor_id(self):
        self._tensor_counter += 1
        return self._tensor_counter

    @property
    def _last_id(self):
        return self._op_counter

    @property
    def version(self):
        return self._op_counter

    @property
    def seed(self):
        return self._seed

    @seed.setter
    def seed(self, seed):
        self._seed = seed

    @property
    def finalized(self):
        return self._finalized

    @property
    def building_function(self):
        return self._building_function

    @property
    def graph_def_versions(self):
        return versions_pb2.VersionDef(producer=134, min_consumer=0)

    def finalize(self):
        self._finalized = True

    def _unsafe_unfinalize(self):
        self._finalized = False

    def _check_not_finalized(self):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    @contextlib.contextmanager
    def as_default(self):
        _default_graph_stack.push(self)
        try:
            yield self
        finally:
            _default_graph_stack.pop(self)

    # --- naming
    def get_name_scope(self):
        return self._name_stack

    def unique_name(self, name, mark_as_used=True):
        if self._name_stack:
            name = self._name_stack + "/" + name
        name_key = name.lower()
        i = self._names_in_use.get(name_key, 0)
        if mark_as_used:
            self._names_in_use[name_key] = i + 1
        if i > 0:
            base_name_key = name_key
            while name_key in self._names_in_use:
                name_key = "%s_%d" % (base_name_key, i)
                i += 1
            if mark_as_used:
                self._names_in_use[name_key] = 1
            name = "%s_%d" % (name, i - 1)
        return name

    @contextlib.contextmanager
    def name_scope(self, name):
        if name:
            if not isinstance(name, str):
                name = name.decode() if isinstance(name, bytes) else str(name)
            if self._name_stack:
                if not _VALID_SCOPE_NAME_REGEX.match(name):
                    raise ValueError("'%s' is not a valid scope name" % name)
            elif not _VALID_OP_NAME_REGEX.match(name):
                raise ValueError("'%s' is not a valid scope name" % name)
        old_stack = self._name_stack
        if not name:
            new_stack = ""
        elif name[-1] == "/":
            new_stack = name_from_scope_name(name)
        else:
            new_stack = self.unique_name(name)
        self._name_stack = new_stack
        try:
            yield "" if not new_stack else new_stack + "/"
        finally:
            self._name_stack = old_stack

    # --- op creation
    def create_op(self, op_type, inputs, dtypes=None, input_types=None, name=None, attrs=None,
                  op_def=None, compute_shapes=True, compute_device=True):
        """Adds an op. Output dtypes/shapes come from the registry's `infer` for `op_type`."""
        self._check_not_finalized()
        inputs = list(inputs)
        for t in inputs:
            if not isinstance(t, Tensor):
                raise TypeError("Input #%d is not a tensor: %r" % (inputs.index(t), t))
            if t.graph is not self:
                raise ValueError("Tensor %s must be from the same graph as %s." % (t, name or op_type))
        if name is None:
            name = op_type
        if name and name[-1] == "/":
            name = name_from_scope_name(name)
        else:
            name = self.unique_name(name)
        opdef = registry.get(op_type)
        if opdef is None:
            raise ValueError("Op type not registered '%s' in binary running on %s. Make sure the "
                             "Op and Kernel are registered in the binary running in this process."
                             % (op_type, _hostname()))
        attrs = dict(attrs or {})
        for k, v in self._attr_scope.items():
            attrs.setdefault(k, v)
        input_ops = {t.op for t in inputs}
        control_inputs = self._control_dependencies_for_inputs(input_ops)
        device = self._current_device()
        op = Operation.__new__(Operation)
        # Inference sees a partially built op (inputs and attrs, no outputs yet).
        op._graph, op._type, op._name, op._inputs, op._attrs = self, op_type, name, inputs, attrs
        op._device = device
        specs = opdef.infer(op) if (dtypes is None) else list(zip(dtypes, [None] * len(dtypes)))
        specs = [(dt, tensor_shape.unknown_shape() if shp is None else shp) for dt, shp in specs]
        Operation.__init__(op, self, op_type, name, inputs, attrs, specs, control_inputs, device)
        if any(callable(spec) for spec in self._device_stack):
            self._apply_device_functions(op)
        groups = self._colocation_groups_in_scope()
        if opdef.stateful and opdef.ref_inputs:
            # TF's op_def_library colocates an op with the variables it takes by reference.
            groups = sorted(set(groups).union(*(
                t.op.colocation_groups() for i, t in enumerate(inputs)
                if i in opdef.ref_inputs and t.dtype._is_ref_dtype)))
        if groups:
            op._attrs["_class"] = groups
        mapped = self._gradient_override_map.get(op_type)
        if mapped is not None:
            # TF's gradient_override_map: tf.gradients looks the gradient up under this name.
            op._attrs["_gradient_op_type"] = mapped.encode() if isinstance(mapped, str) else mapped
        self._add_op(op)
        import traceback
        op._traceback = traceback.extract_stack()[:-2]
        return op

    def _add_op(self, op):
        self._ops.append(op)
        self._ops_by_name[op.name] = op
        for controller in self._control_dependencies_stack:
            controller.add_op(op)

    def _control_dependencies_for_inputs(self, input_ops):
        ret = []
        for controller in self._control_dependencies_stack:
            dominated = any(controller.op_in_group(op) for op in input_ops)
            if not dominated:
                ret.extend(c for c in controller.control_inputs if c not in input_ops)
        return ret

    def control_dependencies(self, control_inputs):
        if control_inputs is None:
            return _ControlDependenciesController(self, None)
        control_ops = []
        current = self._current_control_dependencies()
        for c in control_inputs:
            if hasattr(c, "_as_graph_element") and not isinstance(c, (Tensor, Operation)):
                c = c._as_graph_element()
            if isinstance(c, Tensor):
                c = c.op
            elif not isinstance(c, Operation):
                raise TypeError("Control input must be Operation or Tensor: %s" % c)
            if c.graph is not self:
                raise ValueError("Control input %s must be from the same graph" % c.name)
            if c not in current:
                control_ops.append(c)
                current.add(c)
        return _ControlDependenciesController(self, control_ops)

    def _current_control_dependencies(self):
        ret = set()
        for controller in self._control_dependencies_stack:
            ret.update(controller.control_inputs)
        return ret

    # --- devices
    def _current_device(self):
        device = ""
        for spec in self._device_stack:
            if callable(spec):
                continue
            device = _merge_device(device, spec)
        return device

    def _apply_device_functions(self, op):
        """TF 1.15's order when a device function is on the stack: from the most recent entry down,
        a function gets the op (with the device chosen so far) and its result replaces the op's
        device; a device string fills only the fields not chosen yet."""
        op._device = ""
        for spec in reversed(self._device_stack):
            if callable(spec):
                chosen = spec(op)
                chosen = chosen.to_string() if hasattr(chosen, "to_string") else (chosen or "")
                op._set_device(chosen)
            else:
                op._device = _merge_device(spec, op._device)

    @contextlib.contextmanager
    def device(self, device_name_or_function):
        if callable(device_name_or_function) and not isinstance(device_name_or_function, str):
            spec = device_name_or_function
        else:
            spec = canonical_device(device_name_or_function) if device_name_or_function else None
        old = self._device_stack
        self._device_stack = [] if spec is None else old + [spec]
        try:
            yield
        finally:
            self._device_stack = old

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        """Ops created inside get a `_class` attr: the colocation groups of every op on the stack
        (TF merges the whole stack); `None` / `ignore_existing` start a fresh stack."""
        if op is not None:
            if hasattr(op, "_as_graph_element"):
                op = op._as_graph_element()
            if isinstance(op, Tensor):
                op = op.op
        saved = self._colocation_stack
        if op is None or ignore_existing:
            self._colocation_stack = []
        self._colocation_stack = self._colocation_stack + ([op] if op is not None else [])
        try:
            yield
        finally:
            self._colocation_stack = saved

    def _colocation_groups_in_scope(self):
        return sorted({g for op in self._colocation_stack for g in op.colocation_groups()})

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        if not isinstance(op_type_map, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in op_type_map.items()):
            raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        saved = dict(self._gradient_override_map)
        self._gradient_override_map.update(op_type_map)
        try:
            yield
        finally:
            self._gradient_override_map = saved

    @contextlib.contextmanager
    def _attr_scope_ctx(self, attr_map):
        saved = dict(self._attr_scope)
        self._attr_scope.update(attr_map)
        try:
            yield
        finally:
            self._attr_scope = saved

    # --- lookup
    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def _get_operation_by_name_unsafe(self, name):
        return self._ops_by_name[name]

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        if allow_tensor and allow_operation:
            types_str = "Tensor or Operation"
        elif allow_tensor:
            types_str = "Tensor"
        else:
            types_str = "Operation"
        temp_obj = obj
        if hasattr(obj, "_as_graph_element") and not isinstance(obj, (Tensor, Operation)):
            obj = obj._as_graph_element()
            if obj is None:
                obj = temp_obj
        if isinstance(obj, str):
            name = obj
            if ":" in name and allow_tensor:
                try:
                    op_name, out_n = name.split(":")
                    out_n = int(out_n)
                except Exception:
                    raise ValueError("The name %s looks a like a Tensor name, but is not a valid one. "
                                     "Tensor names must be of the form \"<op_name>:<output_index>\"."
                                     % repr(name))
                if op_name in self._ops_by_name:
                    op = self._ops_by_name[op_name]
                else:
                    raise KeyError("The name %s refers to a Tensor which does not exist. The operation, "
                                   "%s, does not exist in the graph." % (repr(name), repr(op_name)))
                try:
                    return op.outputs[out_n]
                except IndexError:
                    raise KeyError("The name %s refers to a Tensor which does not exist. The operation, "
                                   "%s, exists but only has %s outputs."
                                   % (repr(name), repr(op_name), len(op.outputs)))
            elif ":" in name and not allow_tensor:
                raise ValueError("Name %s appears to refer to a Tensor, not a %s." % (repr(name), types_str))
            elif ":" not in name and allow_operation:
                if name not in self._ops_by_name:
                    raise KeyError("The name %s refers to an Operation not in the graph." % repr(name))
                return self._ops_by_name[name]
            else:
                if name in self._ops_by_name:
                    err_msg = ("The name %s refers to an Operation, not a %s." % (repr(name), types_str))
                else:
                    err_msg = ("The name %s looks like an (invalid) Operation name, not a %s."
                               % (repr(name), types_str))
                err_msg += (" Tensor names must be of the form \"<op_name>:<output_index>\".")
                raise ValueError(err_msg)
        elif isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError("Tensor %s is not an element of this graph." % obj)
            return obj
        elif isinstance(obj, Operation) and allow_operation:
            if obj.graph is not self:
                raise ValueError("Operation %s is not an element of this graph." % obj)
            return obj
        raise TypeError("Can not convert a %s into a %s." % (type(obj).__name__, types_str))

    # --- collections
    def add_to_collection(self, name, value):
        self._check_not_finalized()
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        coll = self._collections.get(name)
        if coll is None:
            return []
        if scope is None:
            return list(coll)
        c = []
        regex = re.compile(scope)
        for item in coll:
            try:
                if regex.match(item.name):
                    c.append(item)
            except AttributeError:
                pass
        return c

    def get_all_collection_keys(self):
        return [x for x in self._collections if isinstance(x, str)]

    def clear_collection(self, name):
        self._check_not_finalized()
        self._collections.pop(name, None)

    # --- feeding / fetching
    def prevent_feeding(self, tensor):
        self._unfeedable.add(tensor)

    def is_feedable(self, tensor):
        return tensor not in self._unfeedable

    def prevent_fetching(self, op):
        self._unfetchable.add(op)

    def is_fetchable(self, tensor_or_op):
        op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._unfetchable

    # --- serialisation
    def as_graph_def(self, from_version=None, add_shapes=False):
        gd = graph_pb2.GraphDef()
        gd.versions.CopyFrom(self.graph_def_versions)
        for op in self._ops:
            if from_version is not None and op._id <= from_version:
                continue
            nd = gd.node.add()
            nd.CopyFrom(op.node_def)
            if add_shapes:
                from .attr_values import attr_to_proto
                nd.attr["_output_shapes"].CopyFrom(attr_to_proto([t.get_shape() for t in op.outputs]))
        return gd

    def _as_graph_def(self, from_version=None, add_shapes=False):
        return self.as_graph_def(from_version, add_shapes), self._op_counter

    def __repr__(self):
        return "<tensorflow.python.framework.ops.Graph object at 0x%x>" % id(self)


export("Graph")(Graph)


def _merge_device(outer, inner):
    """Merges device strings as TF's DeviceSpec.merge_from does: inner fields override outer."""
    if not outer:
        return inner
    if not inner:
        return outer

    def fields(spec):
        out = {}
        for part in spec.strip("/").split("/"):
            if part.startswith("device:"):
                out["device"] = part
            elif ":" in part:
                out[part.split(":")[0]] = part
        return out

    merged = fields(outer)
    merged.update(fields(inner))
    order = ["job", "replica", "task", "device"]
    return "/" + "/".join(merged[k] for k in order if k in merged)


def _hostname():
    import socket
    return socket.gethostname()


# ------------------------------------------------------------------------------- default graph

class _DefaultGraphStack(threading.local):
    def __init__(self):
        super().__init__()
        self.stack = []

    def push(self, g):
        self.stack.append(g)

    def pop(self, g):
        if self.stack and self.stack[-1] is g:
            self.stack.pop()
        elif g in self.stack:
            self.stack.remove(g)


_default_graph_stack = _DefaultGraphStack()
_global_default_graph = [None]


@export("get_default_graph")
def get_default_graph():
    if _default_graph_stack.stack:
        return _default_graph_stack.stack[-1]
    if _global_default_graph[0] is None:
        _global_default_graph[0] = Graph()
    return _global_default_graph[0]


@export("reset_default_graph")
def reset_default_graph():
    if _default_graph_stack.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you need "
                             "a cleared graph, exit the nesting and create a new graph.")
    _global_default_graph[0] = Graph()
    from ..runtime import session as _session
    _session._reset_default_session_stack()


def _graph_from_inputs(values):
    for v in values or ():
        g = getattr(v, "graph", None)
        if isinstance(g, Graph):
            return g
    return get_default_graph()


@export("name_scope", "keras.backend.name_scope")
class name_scope:
    """`tf.name_scope(name, default_name=None, values=None)`: TF 1.x's op-name context manager."""

    def __init__(self, name, default_name=None, values=None):
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values
        self._ctx = None
        self._gctx = None

    def __enter__(self):
        if self._name is None and self._values is not None:
            raise ValueError("At least one of name (%s) and default_name (%s) must be provided."
                             % (self._name, self._default_name))
        g = _graph_from_inputs(self._values)
        self._gctx = g.as_default()
        self._gctx.__enter__()
        try:
            self._ctx = g.name_scope(self._name)
            return self._ctx.__enter__()
        except Exception:
            self._gctx.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        self._ctx.__exit__(*exc)
        self._gctx.__exit__(*exc)
        return False


@export("control_dependencies")
def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


@export("device")
def device(device_name_or_function):
    return get_default_graph().device(device_name_or_function)


@export("colocate_with")
def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


@export("add_to_collection")
def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


@export("add_to_collections")
def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


@export("get_collection")
def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


@export("get_collection_ref")
def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


@export("GraphKeys")
class GraphKeys:
    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"
    _SUMMARY_COLLECTION = "_SUMMARY_V2"
    _VARIABLE_COLLECTIONS = [GLOBAL_VARIABLES, LOCAL_VARIABLES, METRIC_VARIABLES, MODEL_VARIABLES,
                             TRAINABLE_VARIABLES, MOVING_AVERAGE_VARIABLES, CONCATENATED_VARIABLES,
                             TRAINABLE_RESOURCE_VARIABLES]
    _STREAMING_MODEL_PORTS = "streaming_model_ports"
    VARIABLES = GLOBAL_VARIABLES


def op_scope(values, name, default_name=None):
    return name_scope(name, default_name, values)


export("op_scope")(op_scope)


def _is_tensor_like(x):
    return isinstance(x, Tensor)


def invalid_argument(msg, op=None):
    return InvalidArgumentError(None, op, msg)


@export("get_name_scope", "contrib.framework.get_name_scope")
def get_name_scope():
    """The current name scope of the default graph ("" at the top)."""
    return get_default_graph().get_name_scope()
