"""`tf.layers.Layer`: TF 1.15's graph-mode layer, whose weights are `get_variable`s in its own
variable scope.

A layer's variable scope is chosen once: the `name` given (re-entered as is), or the class's snake-case
name made unique by the variable-scope counts (`dense`, `dense_1`, ...). Its ops live in the name scope
that this variable scope opened (`dense/MatMul`; a second call of the same layer gives
`dense/MatMul_1`). The first call builds the weights; later calls reuse them.
"""
import re
import sys

from ..api import export
from ..framework import dtypes, tensor_shape
from ..framework.graph import GraphKeys, Tensor, get_collection_ref, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import variable_scope as vs
from ..ops import variables as tf_variables
from ..platform.tf_logging import warn_deprecated_call  # noqa: F401 (rnn cells, iterators)


def nn():
    """The public `tf.nn` namespace (its ops are defined by the nn modules)."""
    return sys.modules["tf1"].nn


def tf():
    return sys.modules["tf1"]


def warn_deprecated(name, module, instructions, depth=3):
    """The warning of the tf.layers function `name` (TF's `tensorflow.python.layers.<module>`);
    `depth` 3 names the line calling the function that called this one."""
    warn_deprecated_call(name, "tensorflow.python.layers." + module, instructions, depth=depth)


def to_snake_case(name):
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    if insecure[0] != "_":
        return insecure
    return "private" + insecure


def unique_object_name(base_name):
    """Keras's per-graph layer-name counter: `dense`, `dense_1`, ..."""
    uids = get_default_graph()._tf1_state.setdefault("layer_name_uids", {})
    uids[base_name] = uids.get(base_name, 0) + 1
    n = uids[base_name]
    return base_name if n == 1 else "%s_%d" % (base_name, n - 1)


def smart_cond(pred, true_fn, false_fn, name=None):
    """Calls one branch when `pred` is known at graph-build time, else builds a `tf.cond`."""
    from ..framework.tensor_util import constant_value
    value = pred
    if isinstance(pred, Tensor) or hasattr(pred, "_as_graph_element"):
        value = constant_value(convert_to_tensor(pred))
    elif isinstance(pred, (int, bool)):
        value = bool(pred)
    if value is None:
        return tf().cond(pred, true_fn, false_fn, name=name)
    return true_fn() if value else false_fn()


def constant_value(pred):
    from ..framework.tensor_util import constant_value as cv
    if isinstance(pred, (bool, int)):
        return bool(pred)
    if isinstance(pred, Tensor):
        v = cv(pred)
        return None if v is None else bool(v)
    return pred


@export("layers.InputSpec")
class InputSpec:
    """Rank, dtype and axis-size constraints a layer puts on its input."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None):
        self.dtype = dtype
        self.shape = shape
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = axes or {}

    def __repr__(self):
        spec = [("dtype=" + str(self.dtype)) if self.dtype else "",
                ("shape=" + str(self.shape)) if self.shape else "",
                ("ndim=" + str(self.ndim)) if self.ndim else "",
                ("max_ndim=" + str(self.max_ndim)) if self.max_ndim else "",
                ("min_ndim=" + str(self.min_ndim)) if self.min_ndim else "",
                ("axes=" + str(self.axes)) if self.axes else ""]
        return "InputSpec(%s)" % ", ".join(x for x in spec if x)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Keras's checks, with its messages."""
    if not input_spec:
        return
    specs = input_spec if isinstance(input_spec, (list, tuple)) else [input_spec]
    ins = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    if len(ins) != len(specs):
        raise ValueError("Layer " + layer_name + " expects " + str(len(specs)) + " inputs, but it "
                         "received " + str(len(ins)) + " input tensors. Inputs received: " + str(ins))
    for input_index, (x, spec) in enumerate(zip(ins, specs)):
        if spec is None:
            continue
        shape = x.get_shape()
        if spec.ndim is not None and shape.ndims is not None and shape.ndims != spec.ndim:
            raise ValueError("Input " + str(input_index) + " of layer " + layer_name + " is incompatible "
                             "with the layer: expected ndim=" + str(spec.ndim) + ", found ndim=" +
                             str(shape.ndims) + ". Full shape received: " + str(shape.as_list()))
        if spec.max_ndim is not None and shape.ndims is not None and shape.ndims > spec.max_ndim:
            raise ValueError("Input " + str(input_index) + " of layer " + layer_name + " is incompatible "
                             "with the layer: expected max_ndim=" + str(spec.max_ndim) + ", found ndim=" +
                             str(shape.ndims))
        if spec.min_ndim is not None and shape.ndims is not None and shape.ndims < spec.min_ndim:
            raise ValueError("Input " + str(input_index) + " of layer " + layer_name + " is incompatible "
                             "with the layer: : expected min_ndim=" + str(spec.min_ndim) + ", found ndim=" +
                             str(shape.ndims) + ". Full shape received: " + str(shape.as_list()))
        if spec.dtype is not None and x.dtype.base_dtype.name != dtypes.as_dtype(spec.dtype).name:
            raise ValueError("Input " + str(input_index) + " of layer " + layer_name + " is incompatible "
                             "with the layer: expected dtype=" + str(spec.dtype) + ", found dtype=" +
                             str(x.dtype))
        if spec.axes and shape.ndims is not None:
            for axis, value in spec.axes.items():
                if value is None:
                    continue
                dim = shape.as_list()[int(axis)]
                if dim not in (value, None):
                    raise ValueError("Input " + str(input_index) + " of layer " + layer_name + " is "
                                     "incompatible with the layer: expected axis " + str(axis) + " of "
                                     "input shape to have value " + str(value) + " but received input "
                                     "with shape " + str(shape.as_list()))


def _add_elements_to_collection(elements, collection_list):
    if isinstance(collection_list, str):
        collection_list = [collection_list]
    for name in collection_list:
        collection = get_collection_ref(name)
        present = {id(e) for e in collection}
        for element in elements:
            if id(element) not in present:
                collection.append(element)
                present.add(id(element))


@export("layers.Layer")
class WeightLists:
    """Keras' rule for a layer's weight lists: a frozen layer (`trainable=False`) reports all of its
    weights as non-trainable. Shared by tf.layers and tf1's Keras layers."""

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return list(self._non_trainable_weights)
        return list(self._trainable_weights) + list(self._non_trainable_weights)

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights


class Layer(WeightLists):
    """Base layer: `build(input_shape)` creates weights with `add_weight`, `call(inputs)` computes."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        kwargs.pop("autocast", None)
        self._activity_regularizer = kwargs.pop("activity_regularizer", None)
        for k in ("input_shape", "batch_input_shape", "batch_size", "weights"):
            kwargs.pop(k, None)
        if kwargs:
            raise TypeError("Keyword argument not understood:", next(iter(kwargs)))
        self.trainable = trainable
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype).name
        self._trainable_weights = []
        self._non_trainable_weights = []
        self._updates = []
        self._losses = []
        self._callable_losses = []
        self._use_resource_variables = False
        self._init_set_name(name)
        if scope:
            with vs.variable_scope(scope) as captured_scope:
                self._scope = captured_scope
        else:
            self._scope = None
        self._current_scope = None
        self._always_reuse_variable_scope = None

    def _init_set_name(self, name):
        if isinstance(name, vs.VariableScope):
            base_name = name.name
            self._name = unique_object_name(to_snake_case(type(self).__name__))
        else:
            base_name = name
            self._name = name
        if not name:
            base_name = to_snake_case(type(self).__name__)
            self._name = unique_object_name(base_name)
        self._base_name = base_name

    # ------------------------------------------------------------------ properties
    name = property(lambda self: self._name)

    @property
    def dtype(self):
        return self._dtype

    @property
    def scope_name(self):
        if not self._scope:
            raise ValueError("No name available for layer scope because the layer \"" + self._name +
                             "\" has not been used yet. The scope name  is determined the first time the "
                             "layer instance is called. You must therefore call the layer before querying "
                             "`scope_name`.")
        return self._scope.name


    trainable_variables = WeightLists.trainable_weights
    non_trainable_variables = WeightLists.non_trainable_weights
    variables = WeightLists.weights

    @property
    def updates(self):
        return list(self._updates)

    @property
    def losses(self):
        return list(self._losses)

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    def count_params(self):
        if not self.built:
            raise ValueError("You tried to call `count_params` on " + self.name + ", but the layer isn't "
                             "built. You can build it manually via: `" + self.name + ".build(batch_input_shape)`.")
        return int(sum(v.get_shape().num_elements() for v in self.weights))

    def get_weights(self):
        from ..runtime.session import get_default_session
        return get_default_session().run(self.weights)

    def set_weights(self, weights):
        from ..runtime.session import get_default_session
        sess = get_default_session()
        for v, w in zip(self.weights, weights):
            v.load(w, sess)

    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable}
        if self._dtype is not None:
            config["dtype"] = self._dtype
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # ------------------------------------------------------------------ scope handling
    def _name_scope(self):
        return self._current_scope.original_name_scope

    def _set_scope(self, scope=None):
        if self._scope is None:
            if self._reuse:
                with vs.variable_scope(scope if scope is not None else self._base_name) as captured:
                    self._scope = captured
            else:
                with vs.variable_scope(scope, default_name=self._base_name) as captured:
                    self._scope = captured

    # ------------------------------------------------------------------ weights, losses, updates
    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, use_resource=None, synchronization=vs.VariableSynchronization.AUTO,
                   aggregation=vs.VariableAggregation.NONE, partitioner=None, getter=None, **kwargs):
        if synchronization == vs.VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError("Synchronization value can be set to VariableSynchronization.ON_READ "
                                 "only for non-trainable variables. You have specified trainable=True "
                                 "and synchronization=VariableSynchronization.ON_READ.")
            trainable = False
        elif trainable is None:
            trainable = True
        existing = set(tf_variables.global_variables())
        if dtype is None:
            dtype = self._dtype or dtypes.float32
        dtype = dtypes.as_dtype(dtype)
        self._set_scope(None)
        reuse = self.built or self._reuse
        with vs.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with name_scope(self._name_scope()):
                if initializer is None:
                    initializer = scope.initializer
                if initializer is None:
                    from ..ops import init_ops
                    if dtype.is_floating:
                        initializer = init_ops.GlorotUniform()
                    elif dtype.is_integer or dtype.is_unsigned or dtype.is_bool:
                        initializer = init_ops.Zeros()
                    else:
                        raise ValueError("An initializer for variable %s of type %s is required for "
                                         "layer %s" % (name, dtype.base_dtype, self.name))
                variable = vs.get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                           trainable=trainable and self.trainable, constraint=constraint,
                                           partitioner=partitioner, use_resource=use_resource,
                                           synchronization=synchronization, aggregation=aggregation,
                                           **{k: v for k, v in kwargs.items()
                                              if k in ("collections", "caching_device", "validate_shape")})
                parts = list(variable) if isinstance(variable, vs.PartitionedVariable) else [variable]
                # A custom getter or scope may have overridden `trainable`: the collection decides.
                trainable_now = set(tf_variables.trainable_variables())
                for p in parts:
                    if p in self._trainable_weights or p in self._non_trainable_weights:
                        continue
                    if trainable and self.trainable and p in trainable_now:
                        self._trainable_weights.append(p)
                    else:
                        self._non_trainable_weights.append(p)
                if regularizer and all(p not in existing for p in parts):
                    for p in parts:
                        self._handle_weight_regularization(name, p, regularizer)
        return variable

    add_variable = add_weight

    def _handle_weight_regularization(self, name, variable, regularizer):
        with name_scope(name + "/Regularizer"):
            loss = regularizer(variable)
        if loss is not None:
            self._losses.append(loss)
            _add_elements_to_collection([loss], GraphKeys.REGULARIZATION_LOSSES)

    def add_loss(self, losses, inputs=None):
        losses = losses if isinstance(losses, (list, tuple)) else [losses]
        new = []
        for loss in losses:
            if callable(loss) and not isinstance(loss, Tensor):
                loss = loss()
            if loss is None:
                continue
            if not isinstance(loss, Tensor):
                loss = convert_to_tensor(loss, dtype=dtypes.float32)
            new.append(loss)
        self._losses.extend(new)
        _add_elements_to_collection(new, GraphKeys.REGULARIZATION_LOSSES)

    def add_update(self, updates, inputs=None):
        updates = updates if isinstance(updates, (list, tuple)) else [updates]
        for u in updates:
            if callable(u) and not isinstance(u, Tensor):
                u = u()
            # Keras keeps the update's Operation (UPDATE_OPS lists ops, as in TF 1.15).
            self._updates.append(u.op if isinstance(u, Tensor) else u)

    def get_updates_for(self, inputs):
        return self.updates

    def get_losses_for(self, inputs):
        return self.losses

    # ------------------------------------------------------------------ build / call
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError

    def _maybe_build(self, inputs):
        if self.built:
            return
        assert_input_compatibility(self.input_spec, inputs, self.name)
        first = inputs[0] if isinstance(inputs, (list, tuple)) else inputs
        if self._dtype is None and hasattr(first, "dtype"):
            self._dtype = first.dtype.base_dtype.name
        if isinstance(inputs, (list, tuple)):
            input_shapes = [x.get_shape() for x in inputs]
        else:
            input_shapes = inputs.get_shape()
        self.build(input_shapes)
        self.built = True

    def __call__(self, inputs, *args, **kwargs):
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        if self.built:
            if self._always_reuse_variable_scope is None:
                self._always_reuse_variable_scope = vs.variable_scope(
                    self._scope, reuse=True, auxiliary_name_scope=False)
            scope_cm = self._always_reuse_variable_scope
        else:
            scope_cm = vs.variable_scope(self._scope, reuse=self._reuse, auxiliary_name_scope=False)
        with scope_cm as scope:
            self._current_scope = scope
            if not isinstance(inputs, (list, tuple)):
                inputs = _to_tensor(inputs)
            else:
                inputs = type(inputs)(_to_tensor(x) for x in inputs)
            with name_scope(self._name_scope()):
                if not self.built:
                    self._maybe_build(inputs)
                else:
                    assert_input_compatibility(self.input_spec, inputs, self.name)
                outputs = self.call(inputs, *args, **kwargs)
                if self._activity_regularizer is not None:
                    with name_scope("ActivityRegularizer"):
                        outs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
                        for o in outs:
                            reg = self._activity_regularizer(o)
                            if reg is not None:
                                self.add_loss(reg)
        _add_elements_to_collection(self.updates, GraphKeys.UPDATE_OPS)
        return outputs

    def apply(self, inputs, *args, **kwargs):
        return self.__call__(inputs, *args, **kwargs)


def _to_tensor(x):
    if isinstance(x, Tensor):
        return x
    return convert_to_tensor(x)


def normalize_tuple(value, n, name):
    """Keras's `conv_utils.normalize_tuple` with its messages."""
    if isinstance(value, int):
        return (value,) * n
    try:
        value_tuple = tuple(value)
    except TypeError:
        raise ValueError("The `" + name + "` argument must be a tuple of " + str(n) + " integers. "
                         "Received: " + str(value))
    if len(value_tuple) != n:
        raise ValueError("The `" + name + "` argument must be a tuple of " + str(n) + " integers. "
                         "Received: " + str(value))
    for single_value in value_tuple:
        try:
            int(single_value)
        except (ValueError, TypeError):
            raise ValueError("The `" + name + "` argument must be a tuple of " + str(n) + " integers. "
                             "Received: " + str(value) + " including element " + str(single_value) +
                             " of type " + str(type(single_value)))
    return tuple(int(v) for v in value_tuple)


def normalize_data_format(value):
    if value is None:
        value = "channels_last"
    data_format = value.lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError("The `data_format` argument must be one of \"channels_first\", "
                         "\"channels_last\". Received: " + str(value))
    return data_format


def normalize_padding(value):
    if isinstance(value, (list, tuple)):
        return value
    padding = value.lower()
    if padding not in {"valid", "same", "causal"}:
        raise ValueError("The `padding` argument must be a list/tuple or one of \"valid\", \"same\" (or "
                         "\"causal\", only for `Conv1D). Received: " + str(padding))
    return padding


def conv_output_length(input_length, filter_size, padding, stride, dilation=1):
    if input_length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        output_length = input_length
    elif padding == "valid":
        output_length = input_length - dilated + 1
    else:
        output_length = input_length + dilated - 1
    return (output_length + stride - 1) // stride


def deconv_output_length(input_length, filter_size, padding, output_padding=None, stride=0, dilation=1):
    if input_length is None:
        return None
    filter_size = filter_size + (filter_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return input_length * stride + max(filter_size - stride, 0)
        if padding == "full":
            return input_length * stride - (stride + filter_size - 2)
        return input_length * stride
    pad = {"same": filter_size // 2, "valid": 0, "full": filter_size - 1}[padding]
    return (input_length - 1) * stride + filter_size - 2 * pad + output_padding


def as_shape(s):
    return tensor_shape.as_shape(s)
