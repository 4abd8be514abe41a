"""`tf.Variable` (TF 1.x's RefVariable) and the state ops behind it.

A variable is a `VariableV2` op whose output is a reference: the Session keeps its value, keyed by
the op's name, outside the graph. `Assign*` ops take the reference (`ref_inputs=(0,)`) and write the
new value; every other consumer reads the value current when it runs, as in TF.
"""
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import (GraphKeys, Operation, Tensor, add_to_collections, get_collection,
                               get_default_graph, name_from_scope_name, name_scope)
from ..framework.tensor_conversion import (convert_to_tensor, make_op, op_output,
                                           register_tensor_conversion_function)
from ..runtime.interpreter import VarRef
from ._common import TensorShape, in_dtype, in_shape, shape_str


# ----------------------------------------------------------------------------------- ops

def _variable_infer(op):
    return [(op._attrs["dtype"]._as_ref, op._attrs["shape"])]


registry.register("VariableV2", _variable_infer, lambda ctx, op: VarRef(op.name, op),
                  stateful=True, is_variable=True)
registry.register("Variable", _variable_infer, lambda ctx, op: VarRef(op.name, op),
                  stateful=True, is_variable=True)


def _assign_infer(op):
    ref, val = in_shape(op, 0), in_shape(op, 1)
    if op._attrs.get("validate_shape", True) and not ref.is_compatible_with(val):
        if ref.ndims is not None and val.ndims is not None and ref.ndims == val.ndims:
            i = [k for k, (a, b) in enumerate(zip(ref.as_list(), val.as_list()))
                 if a is not None and b is not None and a != b][0]
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. Shapes are "
                             "%s and %s. for '%s' (op: '%s') with input shapes: %s, %s." % (
                                 i, ref.as_list()[i], val.as_list()[i], shape_str(ref), shape_str(val),
                                 op.name, op.type, shape_str(ref), shape_str(val)))
        raise ValueError("Shapes must be equal rank, but are %d and %d for '%s' (op: '%s') with input "
                         "shapes: %s, %s." % (ref.ndims, val.ndims, op.name, op.type, shape_str(ref),
                                              shape_str(val)))
    shp = val if not op._attrs.get("validate_shape", True) or op.type != "Assign" else ref.merge_with(val)
    return [(op._inputs[0].dtype, shp)]


def _as_var_dtype(ref, value):
    dt = ref.op._attrs["dtype"]
    if dt == dtypes.string:
        return value
    return jnp.asarray(value, dtype=dt.as_numpy_dtype)


def _assign_lower(update):
    def lower(ctx, op, ref, value):
        if not isinstance(ref, VarRef):
            raise errors.InvalidArgumentError(None, op, "Assign requires a variable reference input")
        new = update(ctx, op, ref, value)
        if op._attrs.get("validate_shape", True) and op.type == "Assign":
            shape = op._inputs[0].get_shape()
            if shape.is_fully_defined() and tuple(np.shape(new)) != tuple(shape.as_list()):
                raise errors.InvalidArgumentError(
                    None, op, "Assign requires shapes of both tensors to match. lhs shape= %s rhs "
                              "shape= %s" % (shape_str(shape), list(np.shape(new))))
        ctx.write_var(ref, _as_var_dtype(ref, new))
        return ref
    return lower


# state_grad.py: NotDifferentiable (an assignment's value gives tf.gradients None).
registry.register("Assign", _assign_infer, _assign_lower(lambda ctx, op, ref, v: v), ref_inputs=(0,),
                  stateful=True, differentiable=False)
registry.register("AssignAdd", _assign_infer,
                  _assign_lower(lambda ctx, op, ref, v: ctx.read_var(ref, op) + v), ref_inputs=(0,),
                  stateful=True, differentiable=False)
registry.register("AssignSub", _assign_infer,
                  _assign_lower(lambda ctx, op, ref, v: ctx.read_var(ref, op) - v), ref_inputs=(0,),
                  stateful=True, differentiable=False)
registry.register("IsVariableInitialized", lambda op: [(dtypes.bool, TensorShape([]))],
                  lambda ctx, op, ref: np.bool_(ctx.is_initialized(ref)) if isinstance(ref, VarRef)
                  else np.bool_(True), ref_inputs=(0,), stateful=True, differentiable=False)


def _ref_tensor(ref):
    if isinstance(ref, Variable):
        return ref._variable
    if isinstance(ref, Tensor) and ref.dtype._is_ref_dtype:
        return ref
    raise TypeError("'%s' needs a reference input (a tf.Variable); got %r" % ("Assign", ref))


def _assign_op(op_type, ref, value, use_locking=None, name=None, validate_shape=True):
    r = _ref_tensor(ref)
    with name_scope(name, op_type, [r, value]) as scope:
        v = convert_to_tensor(value, dtype=r.dtype.base_dtype, name="value")
        attrs = {"T": r.dtype.base_dtype, "use_locking": bool(use_locking) if use_locking is not None
                 else op_type == "Assign"}
        if op_type == "Assign":
            attrs["validate_shape"] = validate_shape
            attrs["use_locking"] = True if use_locking is None else bool(use_locking)
        else:
            attrs["use_locking"] = bool(use_locking)
        return op_output(op_type, [r, v], attrs, name=scope)


@export("assign")
def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    return _assign_op("Assign", ref, value, use_locking, name,
                      True if validate_shape is None else validate_shape)


@export("assign_add")
def assign_add(ref, value, use_locking=None, name=None):
    return _assign_op("AssignAdd", ref, value, use_locking, name)


@export("assign_sub")
def assign_sub(ref, value, use_locking=None, name=None):
    return _assign_op("AssignSub", ref, value, use_locking, name)


@export("is_variable_initialized")
def is_variable_initialized(variable):
    r = _ref_tensor(variable)
    return op_output("IsVariableInitialized", [r], {"dtype": r.dtype.base_dtype},
                     name="IsVariableInitialized")


# ------------------------------------------------------------------------------ Variable

def _init_scope(g):
    """TF's `init_scope` in graph mode: variables are created outside control dependencies."""
    return g.control_dependencies(None)


@export("Variable")
class Variable:
    """TF 1.x's `tf.Variable` (a RefVariable)."""

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        if variable_def is not None:
            self._init_from_proto(variable_def, import_scope)
            return
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        init_from_fn = callable(initial_value)
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError("collections argument to Variable constructor must be a list, tuple, or "
                             "set. Got %s of type %s" % (collections, type(collections)))
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        self._trainable = trainable
        self._constraint = constraint
        self._save_slice_info = None
        g = get_default_graph()
        self._graph = g
        with _init_scope(g):
            with name_scope(name, "Variable", [] if init_from_fn else [initial_value]) as scope:
                true_name = name_from_scope_name(scope)
                if init_from_fn:
                    from tensorboard.compat.proto import attr_value_pb2
                    cls_attr = attr_value_pb2.AttrValue(
                        list=attr_value_pb2.AttrValue.ListValue(s=[("loc:@%s" % true_name).encode()]))
                    with g._attr_scope_ctx({"_class": cls_attr}):
                        with name_scope("Initializer"), g.device(None):
                            self._initial_value = convert_to_tensor(initial_value(), name="initial_value",
                                                                    dtype=dtype)
                else:
                    self._initial_value = convert_to_tensor(initial_value, name="initial_value",
                                                            dtype=dtype)
                    if hasattr(initial_value, "_tf1_variable_init") and False:
                        pass
                init_shape = self._initial_value.get_shape()
                if shape is not None:
                    var_shape = tensor_shape.as_shape(shape)
                elif validate_shape:
                    if not init_shape.is_fully_defined():
                        raise ValueError("initial_value must have a shape specified: %s"
                                         % self._initial_value)
                    var_shape = init_shape
                else:
                    var_shape = tensor_shape.unknown_shape()
                base = self._initial_value.dtype.base_dtype
                self._variable = g.create_op("VariableV2", [], attrs={
                    "shape": var_shape, "dtype": base, "container": "", "shared_name": ""},
                    name=scope).outputs[0]
                self._initializer_op = assign(self._variable, self._initial_value,
                                              validate_shape=validate_shape).op
                with g.colocate_with(self._variable.op):
                    self._snapshot = op_output("Identity", [self._variable], {"T": base}, name="read")
        self._caching_device = caching_device
        add_to_collections(collections, self)

    def _init_from_proto(self, variable_def, import_scope=None):
        g = get_default_graph()
        self._graph = g

        def scoped(name):
            return name if not import_scope else import_scope + "/" + name
        self._variable = g.as_graph_element(scoped(variable_def.variable_name))
        self._initializer_op = g.as_graph_element(scoped(variable_def.initializer_name))
        snap = variable_def.snapshot_name or (variable_def.variable_name.split(":")[0] + "/read:0")
        self._snapshot = g.as_graph_element(scoped(snap))
        if variable_def.initial_value_name:
            self._initial_value = g.as_graph_element(scoped(variable_def.initial_value_name))
        else:
            self._initial_value = None
        self._trainable = getattr(variable_def, "trainable", True)
        self._constraint = None
        self._save_slice_info = None
        self._caching_device = None

    # -- identity
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    graph = property(lambda self: self._variable.graph)
    dtype = property(lambda self: self._variable.dtype)
    device = property(lambda self: self._variable.device)
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)
    shape = property(lambda self: self._variable.get_shape())

    def get_shape(self):
        return self.shape

    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (self.name, self.get_shape(), self.dtype.name)

    def _as_graph_element(self):
        return self._variable

    def _ref(self):
        return self._variable

    def value(self):
        return self._snapshot

    def read_value(self):
        return op_output("Identity", [self._variable], {"T": self.dtype.base_dtype}, name="read")

    def _AsTensor(self):  # noqa: N802
        return self._snapshot

    def _tf1_identity(self, name):
        return op_output("Identity", [self._snapshot], {"T": self.dtype.base_dtype}, name=name or "Identity")

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __bool__(self):
        return self._snapshot.__bool__()

    def eval(self, session=None):
        return self._variable.eval(session=session)

    def initialized_value(self):
        with _init_scope(self._graph):
            from . import cond_ops as control_flow_ops  # TF: control_flow_ops.cond
            if hasattr(control_flow_ops, "cond"):
                return control_flow_ops.cond(is_variable_initialized(self), self.read_value,
                                             lambda: self.initial_value)
            with self._graph.control_dependencies([self._initializer_op]):
                return op_output("Identity", [self._variable], {"T": self.dtype.base_dtype},
                                 name="Identity")

    def assign(self, value, use_locking=False, name=None, read_value=True):
        r = assign(self._variable, value, use_locking=use_locking, name=name)
        return r if read_value else r.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        r = assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return r if read_value else r.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        r = assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return r if read_value else r.op

    def load(self, value, session=None):
        from ..runtime.session import get_default_session
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session should be "
                             "established")
        session.run(self._initializer_op, {self._initializer_op._inputs[1]: value})

    def to_proto(self, export_scope=None):
        from tensorboard.compat.proto import variable_pb2

        def strip(n):
            if export_scope and n.startswith(export_scope + "/"):
                return n[len(export_scope) + 1:]
            return n
        vd = variable_pb2.VariableDef(variable_name=strip(self._variable.name),
                                      initializer_name=strip(self._initializer_op.name),
                                      snapshot_name=strip(self._snapshot.name),
                                      is_resource=False, trainable=self._trainable)
        if self._initial_value is not None:
            vd.initial_value_name = strip(self._initial_value.name)
        return vd

    @staticmethod
    def from_proto(variable_def, import_scope=None):
        return Variable(variable_def=variable_def, import_scope=import_scope)

    def _get_save_slice_info(self):
        return self._save_slice_info

    def _set_save_slice_info(self, info):
        self._save_slice_info = info

    def count_up_to(self, limit):
        from .pipeline_ops import count_up_to
        return count_up_to(self._variable, limit)

    def __getitem__(self, spec):
        from .array_ops import slice_helper
        return slice_helper(self._snapshot, spec, var=self)

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError("Cannot convert a symbolic Variable (%s) to a numpy array." % self.name)

    __array_priority__ = 100


# Variables take part in arithmetic through their snapshot, like TF's `_OverloadAllOperators`.
def _overload(name):
    def op(self, *args):
        return getattr(Tensor, name)(self._AsTensor(), *args)
    op.__name__ = name
    return op


for _op_name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
                 "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__",
                 "__rpow__", "__matmul__", "__rmatmul__", "__lt__", "__le__", "__gt__", "__ge__",
                 "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__", "__neg__", "__abs__",
                 "__invert__", "__div__", "__rdiv__"):
    setattr(Variable, _op_name, _overload(_op_name))


def _variable_conversion(v, dtype=None, name=None, as_ref=False):
    if dtype is not None and not dtypes.as_dtype(dtype).is_compatible_with(v.dtype):
        raise ValueError("Incompatible type conversion requested to type '%s' for variable of type '%s'"
                         % (dtypes.as_dtype(dtype).name, v.dtype.name))
    return v._ref() if as_ref else v.value()


register_tensor_conversion_function(Variable, _variable_conversion)
export("VariableV1")(Variable)
RefVariable = Variable


# -------------------------------------------------------------------------- collections API

@export("global_variables", "all_variables")
def global_variables(scope=None):
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


@export("local_variables")
def local_variables(scope=None):
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


@export("trainable_variables")
def trainable_variables(scope=None):
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


@export("model_variables")
def model_variables(scope=None):
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)


@export("moving_average_variables")
def moving_average_variables(scope=None):
    return get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


@export("variables_initializer", "initialize_variables")
def variables_initializer(var_list, name="init"):
    from .control_flow_ops import group, no_op
    if var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


@export("global_variables_initializer", "initialize_all_variables")
def global_variables_initializer():
    return variables_initializer(global_variables())


@export("local_variables_initializer", "initialize_local_variables")
def local_variables_initializer():
    return variables_initializer(local_variables())


@export("assert_variables_initialized")
def assert_variables_initialized(var_list=None):
    raise errors.UnimplementedError(None, None, "assert_variables_initialized is not supported")


registry.register("ReportUninitialized", lambda op: [(dtypes.string, TensorShape([None]))],
                  lambda ctx, op, *refs: np.array(
                      [r.name.encode() for r in refs if isinstance(r, VarRef) and not ctx.is_initialized(r)],
                      dtype=object), ref_inputs=range(1024), host=True, differentiable=False)


@export("report_uninitialized_variables")
def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    if var_list is None:
        var_list = global_variables() + local_variables()
    with name_scope(name) as scope:
        refs = [v._ref() for v in var_list]
        return op_output("ReportUninitialized", refs, {}, name=scope)
