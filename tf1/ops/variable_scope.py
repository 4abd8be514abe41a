"""`tf.variable_scope` / `tf.get_variable`: TF 1.15's variable store and scope machinery.

Each graph has one `_VariableStore` (name -> Variable, the table that `reuse` consults) and one
thread-local `_VariableScopeStore` (the current `VariableScope` and the per-name open counts that make
`default_name` scopes unique). Both live in `graph._tf1_state`, so `tf.reset_default_graph()` or a new
`tf.Graph()` starts afresh, as in TF where they live in graph collections.

Naming follows TF exactly: a variable's name depends only on the variable scope (`foo/v`), while
`variable_scope("foo")` also opens a name scope of the same name that is uniquified like any other
(`foo_1/` for ops when `foo/` was used before).
"""
import enum
import functools
import inspect
import os
import threading
import traceback

from ..api import export, export_value
from ..framework import dtypes, tensor_shape
from ..framework.graph import (GraphKeys, _graph_from_inputs, add_to_collection, get_collection,
                               get_collection_ref, get_default_graph, name_scope)
from ..framework.tensor_conversion import convert_to_tensor, register_tensor_conversion_function
from ..platform import tf_logging as logging
from . import variables

from ..platform.tf_logging import TF1_DIR as _TF1_DIR  # noqa: E402


class _ReuseMode(enum.Enum):
    """Mode for variable access within a variable scope."""
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE
export_value("AUTO_REUSE", AUTO_REUSE)


class VariableSynchronization(enum.Enum):
    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3


export("VariableSynchronization")(VariableSynchronization)
export("VariableAggregation")(VariableAggregation)


def _resolve_trainable(synchronization, trainable, name):
    """TF's `validate_synchronization_aggregation_trainable` for graph mode."""
    if synchronization == VariableSynchronization.ON_READ:
        if trainable:
            raise ValueError("Synchronization value can be set to VariableSynchronization.ON_READ only "
                             "for non-trainable variables. You have specified trainable=True and "
                             "synchronization=VariableSynchronization.ON_READ.")
        return False
    return True if trainable is None else trainable


def _user_frames():
    """The creation stack without tf1's own frames (TF drops its `tensorflow/python` frames)."""
    frames = traceback.extract_stack()
    # `tf1 run prog.py` (tf1/cli.py) starts the program through runpy; as under `python prog.py`,
    # the stack shown starts at the program: drop the launcher's and runpy's frames below it.
    runpy_at = [i for i, f in enumerate(frames) if f.filename == "<frozen runpy>"
                or os.path.basename(f.filename) == "runpy.py"]
    if runpy_at and any(os.path.abspath(f.filename) == _TF1_DIR + "cli.py" for f in frames[:runpy_at[0]]):
        frames = frames[runpy_at[-1] + 1:]
    return [f for f in frames if not os.path.abspath(f.filename).startswith(_TF1_DIR)]


def _takes_no_arguments(fn):
    try:
        spec = inspect.getfullargspec(fn)
    except TypeError:
        return False
    args = list(spec.args)
    if inspect.ismethod(fn) or (not inspect.isfunction(fn) and hasattr(fn, "__call__")
                                and not inspect.isfunction(fn)):
        if args and args[0] == "self":
            args = args[1:]
    return len(args) == len(spec.defaults or ())


# ------------------------------------------------------------------------------ partitioning

class _PartitionInfo:
    """Where one shard sits in a partitioned variable (passed to initializers)."""

    def __init__(self, full_shape, var_offset):
        self._full_shape = list(full_shape)
        self._var_offset = list(var_offset)

    full_shape = property(lambda self: self._full_shape)
    var_offset = property(lambda self: self._var_offset)

    def single_offset(self, shape):
        dim = self.single_slice_dim(shape)
        return 0 if dim is None else self._var_offset[dim]

    def single_slice_dim(self, shape):
        dim = None
        for i, (s, f) in enumerate(zip(shape, self._full_shape)):
            if s != f:
                if dim is not None:
                    raise ValueError("Cannot use single_slice_dim() with shape=%s and self.full_shape=%s "
                                     "since slice dim could be either dimension %d or %d."
                                     % (shape, self._full_shape, i, dim))
                dim = i
        return dim


@export("PartitionedVariable")
class PartitionedVariable:
    """A variable split into shards along one axis; reads as their concatenation."""

    def __init__(self, name, shape, dtype, variable_list, partitions):
        self._name = name
        self._shape = tensor_shape.as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._variable_list = sorted(variable_list, key=lambda v: v._get_save_slice_info().var_offset)
        self._partitions = list(partitions)
        self._as_tensor = None

    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    graph = property(lambda self: self._variable_list[0].graph)

    def get_shape(self):
        return self._shape

    def __iter__(self):
        return iter(self._variable_list)

    def __len__(self):
        return len(self._variable_list)

    def _get_variable_list(self):
        return self._variable_list

    def _get_partitions(self):
        return self._partitions

    def _concat(self):
        from . import array_ops
        if len(self._variable_list) == 1:
            with name_scope(None):
                return array_ops.identity(self._variable_list[0], name=self._name)
        axis = [i for i, p in enumerate(self._partitions) if p > 1][0]
        with name_scope(self._name + "/ConcatPartitions/"):
            concatenated = array_ops.concat(self._variable_list, axis)
        with name_scope(None):
            return array_ops.identity(concatenated, name=self._name)

    def as_tensor(self):
        with get_default_graph().control_dependencies(None):
            return self._concat()

    def __repr__(self):
        return "<tensorflow.python.ops.variables.PartitionedVariable object at 0x%x>" % id(self)


register_tensor_conversion_function(PartitionedVariable, lambda v, dtype=None, name=None, as_ref=False:
                                    v.as_tensor())


class _SaveSliceInfo:
    def __init__(self, full_name, full_shape, var_offset, var_shape):
        self.full_name = full_name
        self.full_shape = list(full_shape)
        self.var_offset = list(var_offset)
        self.var_shape = list(var_shape)

    @property
    def spec(self):
        full = " ".join("%d" % d for d in self.full_shape) + " "
        sl = ":".join("%d,%d" % (o, s) for o, s in zip(self.var_offset, self.var_shape))
        return full + sl


variables.Variable.SaveSliceInfo = _SaveSliceInfo


def _call_partitioner(partitioner, shape, dtype):
    if not shape.is_fully_defined():
        raise ValueError("Shape of a new partitioned variable must be fully defined, but instead was %s."
                         % (shape,))
    if shape.ndims < 1:
        raise ValueError("A partitioned Variable must have rank at least 1, shape: %s" % shape)
    slicing = partitioner(shape=shape, dtype=dtype)
    if not isinstance(slicing, (list, tuple)):
        raise ValueError("Partitioner must return a sequence, but saw: %s" % slicing)
    if len(slicing) != shape.ndims:
        raise ValueError("Partitioner returned a partition list that does not match the Variable's "
                         "rank: %s vs. %s" % (slicing, shape))
    if any(p < 1 for p in slicing):
        raise ValueError("Partitioner returned zero partitions for some axes: %s" % slicing)
    if sum(p > 1 for p in slicing) > 1:
        raise ValueError("Can only slice a variable along one dimension: shape: %s, partitioning: %s"
                         % (shape, slicing))
    return list(slicing)


def _iter_slices(full_shape, num_slices, slice_dim):
    excess = full_shape[slice_dim] % num_slices
    offset = [0] * len(full_shape)
    min_len = full_shape[slice_dim] // num_slices
    for i in range(num_slices):
        shape = list(full_shape)
        shape[slice_dim] = min_len + bool(i < excess)
        yield list(offset), shape
        offset[slice_dim] += shape[slice_dim]


@export("fixed_size_partitioner")
def fixed_size_partitioner(num_shards, axis=0):
    def _partitioner(shape, **unused_args):
        partitions_list = [1] * len(shape)
        partitions_list[axis] = min(num_shards, shape.dims[axis].value)
        return partitions_list
    return _partitioner


# ------------------------------------------------------------------------------- the store

class _VariableStore:
    """Named variables of one graph: what `get_variable` creates and `reuse` finds."""

    def __init__(self):
        self._vars = {}
        self._partitioned_vars = {}
        self._tracebacks = {}
        self._store_eager_variables = False

    def get_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError("Passed a custom_getter which is not callable: %s" % custom_getter)
        try:
            dtype = dtype.base_dtype
        except AttributeError:
            pass

        def _true_getter(name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None,
                         reuse=None, trainable=None, collections=None, caching_device=None,
                         partitioner=None, validate_shape=True, use_resource=None, constraint=None,
                         synchronization=VariableSynchronization.AUTO,
                         aggregation=VariableAggregation.NONE):
            is_scalar = shape is not None and isinstance(shape, (list, tuple)) and not shape
            if partitioner is not None and not is_scalar:
                if not callable(partitioner):
                    raise ValueError("Partitioner must be callable, but received: %s" % partitioner)
                with name_scope(None):
                    return self._get_partitioned_variable(
                        name=name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, reuse=reuse, trainable=trainable,
                        collections=collections, caching_device=caching_device,
                        partitioner=partitioner, validate_shape=validate_shape,
                        use_resource=use_resource, constraint=constraint)
            if reuse is True and partitioner is None and name in self._partitioned_vars:
                return self._get_partitioned_variable(
                    name=name, shape=shape, dtype=dtype, initializer=initializer,
                    regularizer=regularizer, reuse=reuse, trainable=trainable, collections=collections,
                    caching_device=caching_device, partitioner=None, validate_shape=validate_shape,
                    use_resource=use_resource, constraint=constraint)
            if "%s/part_0" % name in self._vars:
                raise ValueError("No partitioner was provided, but a partitioned version of the variable "
                                 "was found: %s/part_0. Perhaps a variable of the same name was already "
                                 "created with partitioning?" % name)
            return self._get_single_variable(
                name=name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                reuse=reuse, trainable=trainable, collections=collections,
                caching_device=caching_device, validate_shape=validate_shape,
                use_resource=use_resource, constraint=constraint, synchronization=synchronization)

        trainable = _resolve_trainable(synchronization, trainable, name)
        if custom_getter is not None:
            kwargs = {"getter": _true_getter, "name": name, "shape": shape, "dtype": dtype,
                      "initializer": initializer, "regularizer": regularizer, "reuse": reuse,
                      "trainable": trainable, "collections": collections,
                      "caching_device": caching_device, "partitioner": partitioner,
                      "validate_shape": validate_shape, "use_resource": use_resource,
                      "synchronization": synchronization, "aggregation": aggregation}
            try:
                spec = inspect.getfullargspec(custom_getter)
                wants_constraint = "constraint" in spec.args or spec.varkw is not None
            except TypeError:
                wants_constraint = True
            if wants_constraint:
                kwargs["constraint"] = constraint
            return custom_getter(**kwargs)
        return _true_getter(name, shape=shape, dtype=dtype, initializer=initializer,
                            regularizer=regularizer, reuse=reuse, trainable=trainable,
                            collections=collections, caching_device=caching_device,
                            partitioner=partitioner, validate_shape=validate_shape,
                            use_resource=use_resource, constraint=constraint,
                            synchronization=synchronization, aggregation=aggregation)

    def _get_partitioned_variable(self, name, partitioner, shape=None, dtype=dtypes.float32,
                                  initializer=None, regularizer=None, reuse=None, trainable=None,
                                  collections=None, caching_device=None, validate_shape=True,
                                  use_resource=None, constraint=None):
        from ..framework.graph import Tensor
        from . import array_ops
        initializing_from_value = initializer is not None and isinstance(initializer, Tensor)
        if name in self._vars:
            raise ValueError("A partitioner was provided, but an unpartitioned version of the variable "
                             "was found: %s.  Perhaps a variable of the same name was already created "
                             "without partitioning?" % name)
        shape = tensor_shape.as_shape(shape)
        if initializing_from_value:
            shape = shape.merge_with(initializer.get_shape())
        partitions = None
        if not reuse or partitioner:
            partitions = _call_partitioner(partitioner, shape, dtype)
        if name in self._partitioned_vars:
            if reuse is False:
                raise ValueError("Partitioned variable with name %s already exists. Did you mean to set "
                                 "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % name)
            existing = self._partitioned_vars[name]
            if not shape.is_compatible_with(existing.get_shape()):
                raise ValueError("Trying to reuse partitioned variable %s, but specified shape %s and "
                                 "found shape %s." % (name, shape, existing.get_shape()))
            if not dtype.is_compatible_with(existing.dtype):
                raise ValueError("Trying to reuse partitioned variable %s, but specified dtype %s and "
                                 "found dtype %s." % (name, dtype.name, existing.dtype.name))
            if partitions is not None and existing._get_partitions() != partitions:
                raise ValueError("Trying to reuse partitioned variable %s, but specified partitions %s "
                                 "and found partitions %s." % (name, partitions, existing._get_partitions()))
            return existing
        if reuse is True:
            raise ValueError("PartitionedVariable %s does not exist, or was not created with "
                             "tf.get_variable(). Did you mean to set reuse=False or reuse=tf.AUTO_REUSE "
                             "in VarScope?" % name)
        slice_dim, num_slices = 0, 1
        for i, p in enumerate(partitions):
            if p > 1:
                slice_dim, num_slices = i, p
                break
        vs = []
        for i, (var_offset, var_shape) in enumerate(_iter_slices(shape.as_list(), num_slices, slice_dim)):
            info = _PartitionInfo(full_shape=shape.as_list(), var_offset=var_offset)
            var_full_name = "%s/part_%d" % (name, i)
            with name_scope(var_full_name + "/PartitionedInitializer"):
                if initializer is None:
                    init, from_value = self._get_default_initializer(name=name, shape=shape, dtype=dtype)
                    init_shape = None if from_value else var_shape
                elif callable(initializer):
                    init, init_shape = initializer, var_shape
                elif isinstance(initializer, Tensor):
                    init = array_ops.slice(initializer, var_offset, var_shape)
                    dtype = init.dtype.base_dtype
                    init_shape = None
                else:
                    init = convert_to_tensor(initializer, dtype=dtype)
                    init = array_ops.slice(init, var_offset, var_shape)
                    init_shape = None
            with name_scope(None):
                var = self._get_single_variable(
                    name=var_full_name, shape=init_shape, dtype=dtype, initializer=init,
                    partition_info=info, regularizer=regularizer, reuse=reuse, trainable=trainable,
                    collections=collections, caching_device=caching_device,
                    validate_shape=validate_shape, use_resource=use_resource, constraint=constraint)
            var._set_save_slice_info(_SaveSliceInfo(name, shape.as_list(), var_offset, var_shape))
            vs.append(var)
        pv = PartitionedVariable(name=name, shape=shape, dtype=dtype, variable_list=vs,
                                 partitions=partitions)
        self._partitioned_vars[name] = pv
        return pv

    def _get_single_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None,
                             regularizer=None, partition_info=None, reuse=None, trainable=None,
                             collections=None, caching_device=None, validate_shape=True,
                             use_resource=None, constraint=None,
                             synchronization=VariableSynchronization.AUTO):
        initializing_from_value = initializer is not None and not callable(initializer)
        if shape is not None and initializing_from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = dtypes.as_dtype(dtype)
        shape = tensor_shape.as_shape(shape)

        if name in self._vars:
            if reuse is False:
                err_msg = ("Variable %s already exists, disallowed. Did you mean to set reuse=True or "
                           "reuse=tf.AUTO_REUSE in VarScope?" % name)
                tb = self._tracebacks.get(name, [])[::-1][:5]
                raise ValueError("%s Originally defined at:\n\n%s"
                                 % (err_msg, "".join(traceback.format_list(tb))))
            found = self._vars[name]
            if not shape.is_compatible_with(found.get_shape()):
                raise ValueError("Trying to share variable %s, but specified shape %s and found shape %s."
                                 % (name, shape, found.get_shape()))
            if not dtype.is_compatible_with(found.dtype):
                raise ValueError("Trying to share variable %s, but specified dtype %s and found dtype %s."
                                 % (name, dtype.name, found.dtype.name))
            return found

        if reuse is True:
            raise ValueError("Variable %s does not exist, or was not created with tf.get_variable(). Did "
                             "you mean to set reuse=tf.AUTO_REUSE in VarScope?" % name)

        if initializer is None:
            initializer, initializing_from_value = self._get_default_initializer(
                name=name, shape=shape, dtype=dtype)
        g = get_default_graph()
        with g.control_dependencies(None):
            if initializing_from_value:
                init_val = initializer
                variable_dtype = None
            else:
                if inspect.isclass(initializer):
                    initializer = initializer()
                if shape.is_fully_defined():
                    init_fn = initializer

                    def init_val():
                        return _call_initializer(init_fn, shape.as_list(), dtype, partition_info)
                    variable_dtype = dtype.base_dtype
                elif _takes_no_arguments(initializer):
                    init_val = initializer
                    variable_dtype = None
                else:
                    raise ValueError("The initializer passed is not valid. It should be a callable with "
                                     "no arguments and the shape should not be provided or an instance "
                                     "of `tf.keras.initializers.*' and `shape` should be fully defined.")
        v = variables.Variable(initial_value=init_val, name=name, trainable=trainable,
                               collections=collections, caching_device=caching_device,
                               dtype=variable_dtype, validate_shape=validate_shape,
                               constraint=constraint)
        self._vars[name] = v
        self._tracebacks[name] = _user_frames()
        logging.vlog(1, "Created variable %s with shape %s and init %s", v.name, format(shape),
                     initializer)

        if regularizer:
            with g.colocate_with(v):
                with name_scope(name + "/Regularizer/"):
                    with g.control_dependencies(None):
                        loss = regularizer(v)
                if loss is not None:
                    logging.vlog(1, "Applied regularizer to %s and added the result %s to "
                                 "REGULARIZATION_LOSSES.", v.name, loss.name)
                    add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v

    def _get_default_initializer(self, name, shape=None, dtype=dtypes.float32):
        from . import init_ops
        if dtype.is_floating:
            return init_ops.glorot_uniform_initializer(), False
        if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype == dtypes.string:
            return init_ops.zeros_initializer(), False
        raise ValueError("An initializer for variable %s of %s is required" % (name, dtype.base_dtype))


def _call_initializer(initializer, shape, dtype, partition_info):
    """Calls `initializer(shape, dtype=, partition_info=)`, or without partition_info for Keras-style
    initializers whose `__call__` does not take it."""
    try:
        params = inspect.signature(initializer).parameters
        takes_info = "partition_info" in params or any(
            p.kind == inspect.Parameter.VAR_KEYWORD for p in params.values())
    except (TypeError, ValueError):
        takes_info = True
    if takes_info:
        return initializer(shape, dtype=dtype, partition_info=partition_info)
    return initializer(shape, dtype=dtype)


@export("no_regularizer")
def no_regularizer(_):
    """Use this function to prevent regularization of variables."""
    return None


# ---------------------------------------------------------------------------- VariableScope

@export("VariableScope")
class VariableScope:
    """Defaults for `get_variable` within a `variable_scope` (name prefix, reuse, initializer, ...)."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=dtypes.float32,
                 use_resource=None, constraint=None):
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = reuse
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def __repr__(self):
        return "<tensorflow.python.ops.variable_scope.VariableScope object at 0x%x>" % id(self)

    def reuse_variables(self):
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        scope = self._name + "/" if self._name else ""
        return get_collection(name, scope)

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if partitioner is None:
            partitioner = self._partitioner
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        if use_resource is None:
            use_resource = self._use_resource
        full_name = self.name + "/" + name if self.name else name
        # Variable names depend only on the variable scope, so the name scope is reset meanwhile.
        with name_scope(None):
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != dtypes.as_dtype(dtype):
                    raise ValueError("Initializer type '%s' and explicit dtype '%s' don't match."
                                     % (init_dtype, dtype))
            if initializer is None:
                initializer = self._initializer
            if constraint is None:
                constraint = self._constraint
            if dtype is None:
                dtype = self._dtype
            return var_store.get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                reuse=reuse, trainable=trainable, collections=collections,
                caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
                use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)

    def _get_partitioned_variable(self, var_store, name, shape=None, dtype=None, initializer=None,
                                  regularizer=None, trainable=None, collections=None,
                                  caching_device=None, partitioner=None, validate_shape=True,
                                  use_resource=None, constraint=None):
        initializer = self._initializer if initializer is None else initializer
        regularizer = self._regularizer if regularizer is None else regularizer
        constraint = self._constraint if constraint is None else constraint
        caching_device = self._caching_device if caching_device is None else caching_device
        partitioner = self._partitioner if partitioner is None else partitioner
        dtype = self._dtype if dtype is None else dtype
        if self._custom_getter is not None:
            raise ValueError("Private access to _get_partitioned_variable is not allowed when a custom "
                             "getter is set.  Current custom getter: %s.  It is likely that you're using "
                             "create_partitioned_variables.  If so, consider instead using get_variable "
                             "with a non-empty partitioner parameter instead." % self._custom_getter)
        if partitioner is None:
            raise ValueError("No partitioner was specified")
        full_name = "/".join([n for n in (self.name, name) if n])
        with name_scope(None):
            return var_store._get_partitioned_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                reuse=self.reuse, trainable=trainable, collections=collections,
                caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
                use_resource=use_resource, constraint=constraint)


class _VariableScopeStore(threading.local):
    """The current variable scope and how often each scope name was opened (per thread)."""

    def __init__(self):
        super().__init__()
        self.current_scope = VariableScope(False)
        self.variable_scopes_count = {}

    def open_variable_scope(self, scope_name):
        self.variable_scopes_count[scope_name] = self.variable_scopes_count.get(scope_name, 0) + 1

    def close_variable_subscopes(self, scope_name):
        if scope_name is None:
            for k in self.variable_scopes_count:
                self.variable_scopes_count[k] = 0
            return
        prefix = scope_name + "/"
        for k in self.variable_scopes_count:
            if k.startswith(prefix):
                self.variable_scopes_count[k] = 0

    def variable_scope_count(self, scope_name):
        return self.variable_scopes_count.get(scope_name, 0)


def get_variable_scope_store():
    state = get_default_graph()._tf1_state
    store = state.get("variable_scope_store")
    if store is None:
        store = state["variable_scope_store"] = _VariableScopeStore()
    return store


def _get_default_variable_store():
    state = get_default_graph()._tf1_state
    store = state.get("variable_store")
    if store is None:
        store = state["variable_store"] = _VariableStore()
    return store


@export("get_variable_scope")
def get_variable_scope():
    """The current `VariableScope`."""
    return get_variable_scope_store().current_scope


@export("get_variable")
def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO, aggregation=VariableAggregation.NONE):
    return get_variable_scope().get_variable(
        _get_default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


@export("get_local_variable")
def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True,
                       use_resource=None, custom_getter=None, constraint=None,
                       synchronization=VariableSynchronization.AUTO,
                       aggregation=VariableAggregation.NONE):
    if collections:
        collections = list(collections) + [GraphKeys.LOCAL_VARIABLES]
    else:
        collections = [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        caching_device=caching_device, partitioner=partitioner,
                        validate_shape=validate_shape, use_resource=use_resource,
                        synchronization=synchronization, aggregation=aggregation,
                        custom_getter=custom_getter, constraint=constraint)


def _get_partitioned_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                              trainable=True, collections=None, caching_device=None, partitioner=None,
                              validate_shape=True, use_resource=None, constraint=None):
    scope = get_variable_scope()
    if scope.custom_getter is not None:
        raise ValueError("Private access to _get_partitioned_variable is not allowed when a custom getter "
                         "is set.  Current custom getter: %s.  It is likely that you're using "
                         "create_partitioned_variables.  If so, consider instead using get_variable with "
                         "a non-empty partitioner parameter instead." % scope.custom_getter)
    return scope._get_partitioned_variable(
        _get_default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, constraint=constraint)


# --------------------------------------------------------------------------- scope managers

class _pure_variable_scope:  # noqa: N801 (TF's name)
    """Enters a VariableScope without opening a name scope."""

    def __init__(self, name_or_scope, reuse=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, old_name_scope=None,
                 dtype=dtypes.float32, use_resource=None, constraint=None):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._old_name_scope = old_name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        self._var_store = _get_default_variable_store()
        self._var_scope_store = get_variable_scope_store()
        self._last_variable_scope_object = None
        if isinstance(name_or_scope, VariableScope):
            self._new_name = name_or_scope.name
            scope = VariableScope(
                name_or_scope.reuse if not reuse else reuse, name=self._new_name,
                initializer=name_or_scope.initializer, regularizer=name_or_scope.regularizer,
                caching_device=name_or_scope.caching_device, partitioner=name_or_scope.partitioner,
                dtype=name_or_scope.dtype, custom_getter=name_or_scope.custom_getter,
                name_scope=name_or_scope._name_scope, use_resource=name_or_scope.use_resource,
                constraint=constraint)
            self._apply_overrides(scope, name_or_scope.custom_getter)
            self._cached_variable_scope_object = scope

    def _apply_overrides(self, scope, old_getter):
        if self._initializer is not None:
            scope.set_initializer(self._initializer)
        if self._regularizer is not None:
            scope.set_regularizer(self._regularizer)
        if self._caching_device is not None:
            scope.set_caching_device(self._caching_device)
        if self._partitioner is not None:
            scope.set_partitioner(self._partitioner)
        if self._custom_getter is not None:
            scope.set_custom_getter(_maybe_wrap_custom_getter(self._custom_getter, old_getter))
        if self._dtype is not None:
            scope.set_dtype(self._dtype)
        if self._use_resource is not None:
            scope.set_use_resource(self._use_resource)

    def __enter__(self):
        self._old = self._var_scope_store.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            self._var_scope_store.open_variable_scope(self._new_name)
            self._old_subscopes = dict(self._var_scope_store.variable_scopes_count)
            scope = self._cached_variable_scope_object
        else:
            old = self._old
            self._new_name = (old.name + "/" + self._name_or_scope if old.name else self._name_or_scope)
            self._reuse = self._reuse or old.reuse  # reuse is inherited by sub-scopes
            name_scope_str = self._name_or_scope if self._old_name_scope is None else self._old_name_scope
            scope = VariableScope(
                self._reuse, name=self._new_name, initializer=old.initializer,
                regularizer=old.regularizer, caching_device=old.caching_device,
                partitioner=old.partitioner, dtype=old.dtype, use_resource=old.use_resource,
                custom_getter=old.custom_getter, name_scope=name_scope_str, constraint=self._constraint)
            self._apply_overrides(scope, old.custom_getter)
            self._var_scope_store.open_variable_scope(self._new_name)
        self._var_scope_store.current_scope = scope
        self._last_variable_scope_object = scope
        return scope

    def __exit__(self, *exc):
        if self._var_scope_store.current_scope is not self._last_variable_scope_object:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(self._name_or_scope, VariableScope):
            self._var_scope_store.variable_scopes_count = self._old_subscopes
        else:
            self._var_scope_store.close_variable_subscopes(self._new_name)
        self._var_scope_store.current_scope = self._old
        return False


def _maybe_wrap_custom_getter(custom_getter, old_getter):
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped_custom_getter


def _get_unique_variable_scope(prefix):
    store = get_variable_scope_store()
    current = get_variable_scope()
    name = current.name + "/" + prefix if current.name else prefix
    if store.variable_scope_count(name) == 0:
        return prefix
    idx = 1
    while store.variable_scope_count(name + ("_%d" % idx)) > 0:
        idx += 1
    return prefix + ("_%d" % idx)


@export("variable_scope")
class variable_scope:  # noqa: N801 (TF's name)
    """A context manager for defining ops that create variables (layers).

    Opens a name scope and a variable scope; `name_or_scope` None uses `default_name`, made unique.
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None, auxiliary_name_scope=True):
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._reuse = reuse
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        if self._default_name is None and self._name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if self._reuse is False:
            # We don't allow non-inheriting scopes, False = None here.
            self._reuse = None
        if not (self._reuse is True or self._reuse is None or self._reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if self._values is None:
            self._values = []
        self._graph = _graph_from_inputs(self._values)
        self._cached_pure_variable_scope = None
        self._current_name_scope = None
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get {}"
                            .format(auxiliary_name_scope))
        self._auxiliary_name_scope = auxiliary_name_scope

    def __enter__(self):
        self._graph_context_manager = self._graph.as_default()
        self._graph_context_manager.__enter__()
        if self._cached_pure_variable_scope is not None:
            # Re-entering the same `variable_scope` object (e.g. a template calls it again).
            if self._current_name_scope is not None:
                self._current_name_scope.__enter__()
            return self._cached_pure_variable_scope.__enter__()
        try:
            return self._enter_scope_uncached()
        except BaseException:
            self._graph_context_manager.__exit__(None, None, None)
            raise

    def _pure(self, name_or_scope, old_name_scope=None, reuse=None):
        return _pure_variable_scope(
            name_or_scope, reuse=reuse, initializer=self._initializer, regularizer=self._regularizer,
            caching_device=self._caching_device, partitioner=self._partitioner,
            custom_getter=self._custom_getter, old_name_scope=old_name_scope, dtype=self._dtype,
            use_resource=self._use_resource, constraint=self._constraint)

    def _enter_pure(self, pure):
        try:
            entered = pure.__enter__()
        except BaseException:
            pure.__exit__(None, None, None)
            raise
        self._cached_pure_variable_scope = pure
        return entered

    def _enter_name_scope(self, ns):
        try:
            name = ns.__enter__()
        except BaseException:
            ns.__exit__(None, None, None)
            raise
        self._current_name_scope = ns
        return name

    def _enter_scope_uncached(self):
        if self._auxiliary_name_scope:
            current_name_scope = None
        else:
            ns = self._graph.get_name_scope()
            current_name_scope = name_scope(ns + "/" if ns else ns)

        if self._name_or_scope is not None:
            if not isinstance(self._name_or_scope, (VariableScope, str)):
                raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
            if isinstance(self._name_or_scope, str):
                ns_name = self._name_or_scope
            else:
                ns_name = self._name_or_scope.name.split("/")[-1]
            if ns_name or current_name_scope:
                current_name_scope = current_name_scope or name_scope(ns_name)
                entered_name = self._enter_name_scope(current_name_scope)
                if isinstance(self._name_or_scope, str):
                    old_name_scope = entered_name
                else:
                    old_name_scope = self._name_or_scope.original_name_scope
                return self._enter_pure(self._pure(self._name_or_scope, old_name_scope, self._reuse))
            self._current_name_scope = None
            return self._enter_pure(self._pure(self._name_or_scope, None, self._reuse))

        # name_or_scope is None: the default name, made unique.
        if self._reuse:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        current_name_scope = current_name_scope or name_scope(self._default_name)
        entered_name = self._enter_name_scope(current_name_scope)
        unique_default_name = _get_unique_variable_scope(self._default_name)
        return self._enter_pure(self._pure(unique_default_name, entered_name))

    def __exit__(self, *exc):
        try:
            self._cached_pure_variable_scope.__exit__(*exc)
        finally:
            try:
                if self._current_name_scope:
                    self._current_name_scope.__exit__(*exc)
            finally:
                self._graph_context_manager.__exit__(*exc)
        return False


@export("variable_op_scope")
class variable_op_scope(variable_scope):  # noqa: N801 (TF's name)
    """Deprecated: `variable_op_scope(values, name_or_scope, default_name)`."""

    def __init__(self, values, name_or_scope, default_name=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None):
        logging.warn("tf.variable_op_scope(values, name, default_name) is deprecated, use "
                     "tf.variable_scope(name, default_name, values)")
        super().__init__(name_or_scope, default_name=default_name, values=values,
                         initializer=initializer, regularizer=regularizer,
                         caching_device=caching_device, partitioner=partitioner,
                         custom_getter=custom_getter, reuse=reuse, dtype=dtype,
                         use_resource=use_resource, constraint=constraint)


# --------------------------------------------------------------------------------- templates

def _skip_common_stack_elements(stacktrace, base_case):
    for i, (trace, base) in enumerate(zip(stacktrace, base_case)):
        if trace != base:
            return stacktrace[i:]
    return stacktrace[-1:]


@export("make_template")
def make_template(name_, func_, create_scope_now_=False, unique_name_=None, custom_getter_=None,
                  **kwargs):
    """Wraps `func_` so that every call shares the variables the first call created."""
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_)


class Template:
    """A function whose `get_variable` calls share variables across calls (`tf.make_template`)."""

    def __init__(self, name, func, create_scope_now=False, unique_name=None, custom_getter=None):
        self._func = func
        self._stacktrace = traceback.format_stack()[:-2]
        self._name = name
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        if name is None:
            raise ValueError("name cannot be None.")
        if create_scope_now:
            with _pure_variable_scope(self._unique_name or _get_unique_variable_scope(self._name),
                                      custom_getter=self._custom_getter) as vs:
                self._variable_scope = vs
        else:
            self._variable_scope = None
        self._variables_created = False
        self._first_call = True

    def _call_func(self, args, kwargs):
        try:
            if self._variables_created:
                trainable_at_start = len(get_collection_ref(GraphKeys.TRAINABLE_VARIABLES))
                vars_at_start = len(get_collection_ref(GraphKeys.GLOBAL_VARIABLES))
                result = self._func(*args, **kwargs)
                trainable = get_collection_ref(GraphKeys.TRAINABLE_VARIABLES)
                if trainable_at_start != len(trainable):
                    raise ValueError("Trainable variable created when calling a template after the first "
                                     "time, perhaps you used tf.Variable when you meant tf.get_variable: "
                                     "%s" % (trainable[trainable_at_start:],))
                allv = get_collection_ref(GraphKeys.GLOBAL_VARIABLES)
                if vars_at_start != len(allv):
                    logging.info("New variables created when calling a template after the first time, "
                                 "perhaps you used tf.Variable when you meant tf.get_variable: %s",
                                 allv[vars_at_start:])
            else:
                self._first_call = False
                try:
                    result = self._func(*args, **kwargs)
                except BaseException:
                    self._first_call = True
                    raise
                self._variables_created = True
            return result
        except Exception as exc:
            args0 = exc.args
            arg0 = args0[0] if args0 else ""
            trace = "".join(_skip_common_stack_elements(self._stacktrace, traceback.format_stack()))
            exc.args = tuple(["%s\n\noriginally defined at:\n%s" % (arg0, trace)] + list(args0[1:]))
            raise

    def __call__(self, *args, **kwargs):
        if self._variable_scope:
            # Only reuse variables if not on first call.
            with variable_scope(self._variable_scope, reuse=not self._first_call):
                return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, self._name, custom_getter=self._custom_getter) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    name = property(lambda self: self._name)
    func = property(lambda self: self._func)
    variable_scope = property(lambda self: self._variable_scope)
    var_scope = variable_scope

    @property
    def variable_scope_name(self):
        if self._variable_scope:
            name = self._variable_scope.name
            return name if (not name or name[-1] == "/") else name + "/"
        return None

    def _collection(self, key):
        if not self._variables_created:
            return []
        return get_collection(key, self.variable_scope_name)

    @property
    def trainable_variables(self):
        return self._collection(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def global_variables(self):
        return self._collection(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self):
        return self._collection(GraphKeys.LOCAL_VARIABLES)

    @property
    def variables(self):
        return self.global_variables + self.local_variables

    @property
    def non_trainable_variables(self):
        trainable = set(self.trainable_variables)
        return [v for v in self.global_variables if v not in trainable]

    weights = variables
    trainable_weights = trainable_variables
    non_trainable_weights = non_trainable_variables

