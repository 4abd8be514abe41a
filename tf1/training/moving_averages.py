"""`tf.train.ExponentialMovingAverage` and `assign_moving_average` (TF 1.15's
`training/moving_averages.py`).

The shadow of a variable is a slot `<var>/ExponentialMovingAverage` initialised from the variable's
initialized value; the shadow of a Tensor starts at zeros. Each update is
`shadow -= (shadow - value) * (1 - decay)`, an `AssignSub` named like its `AssignMovingAvg` scope,
colocated with the shadow. The value is read when the update runs (variable reads are not
snapshotted at graph-building time), which is what makes EMA under control dependencies print
TF's numbers.
"""
from ..api import export
from ..framework import dtypes
from ..framework.graph import GraphKeys, add_to_collection, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import variable_scope as vs
from ..ops import variables as variables_mod
from ..ops.control_flow_ops import group
from ..ops.math_ops import cast
from . import slot_creator


def _update_colocated(var, fn, *args):
    """The default distribution strategy's `extended.update`: run `fn` colocated with `var`."""
    with get_default_graph().colocate_with(var.op):
        return fn(var, *args)


@export("train.assign_moving_average")
def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """`variable -= (variable - value) * (1 - decay)`, or its zero-debiased form."""
    with name_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        decay = convert_to_tensor(1.0 - decay, name="decay")
        if decay.dtype != variable.dtype.base_dtype:
            decay = cast(decay, variable.dtype.base_dtype)

        def update_fn(v, value):
            return variables_mod.assign_sub(v, (v - value) * decay, name=scope)

        if zero_debias:
            return _zero_debias(variable, value, decay)
        return _update_colocated(variable, update_fn, value)


@export("train.weighted_moving_average")
def weighted_moving_average(value, decay, weight, truediv=True, collections=None, name=None):
    """A moving average of `value * weight` divided by a moving average of `weight`."""
    from ..ops import init_ops, math_ops
    if collections is None:
        collections = [GraphKeys.GLOBAL_VARIABLES]
    with vs.variable_scope(name, "WeightedMovingAvg", [value, weight, decay]) as scope:
        value_x_weight_var = vs.get_variable(
            "value_x_weight", shape=value.get_shape(), dtype=value.dtype,
            initializer=init_ops.zeros_initializer(), trainable=False, collections=collections)
        weight_var = vs.get_variable(
            "weight", shape=weight.get_shape(), dtype=weight.dtype, initializer=init_ops.zeros_initializer(),
            trainable=False, collections=collections)
        numerator = assign_moving_average(value_x_weight_var, value * weight, decay, zero_debias=False)
        denominator = assign_moving_average(weight_var, weight, decay, zero_debias=False)
        if truediv:
            return math_ops.truediv(numerator, denominator, name=scope.name)
        return math_ops.divide(numerator, denominator, name=scope.name)


def _zero_debias(unbiased_var, value, decay):
    """Adam-style bias correction: a biased EMA plus a step count, `unbiased = biased / (1 - b^t)`."""
    from ..ops import init_ops, math_ops
    g = get_default_graph()
    with vs.variable_scope(unbiased_var.name[:-len(":0")], values=[unbiased_var, value, decay]):
        with g.control_dependencies(None):
            biased_initializer = init_ops.zeros_initializer()
            local_step_initializer = init_ops.zeros_initializer()

        def _maybe_get_unique(name):
            scope = vs.get_variable_scope()
            if scope.reuse:
                return name
            vs_vars = [x.op.name for x in scope.global_variables()]
            full_name = scope.name + "/" + name
            if full_name not in vs_vars:
                return name
            idx = 1
            while full_name + ("_%d" % idx) in vs_vars:
                idx += 1
            return name + ("_%d" % idx)

        with g.colocate_with(unbiased_var.op):
            biased_var = vs.get_variable(_maybe_get_unique("biased"), initializer=biased_initializer,
                                         shape=unbiased_var.get_shape(), dtype=unbiased_var.dtype.base_dtype,
                                         trainable=False)
            local_step = vs.get_variable(_maybe_get_unique("local_step"), shape=[],
                                         dtype=unbiased_var.dtype.base_dtype,
                                         initializer=local_step_initializer, trainable=False)

    def update_fn(v, value, biased_var, local_step):
        update_biased = variables_mod.assign_sub(biased_var, (biased_var - value) * decay)
        update_local_step = local_step.assign_add(1)
        # `decay` here is already `1 - decay`: the bias factor is 1 - decay^t.
        bias_factor = 1 - math_ops.pow(1.0 - decay, update_local_step)
        return variables_mod.assign(v, update_biased / bias_factor, name=g.get_name_scope() + "/")

    return _update_colocated(unbiased_var, update_fn, value, biased_var, local_step)


@export("train.ExponentialMovingAverage")
class ExponentialMovingAverage:
    """Shadow copies of variables (or tensors) that track their exponential moving averages."""

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}

    @property
    def name(self):
        return self._name

    def apply(self, var_list=None):
        """Creates the shadows (once per variable) and returns the op that updates them all."""
        if var_list is None:
            var_list = variables_mod.trainable_variables()
        zero_debias_true = set()
        g = get_default_graph()
        for var in var_list:
            if var.dtype.base_dtype not in (dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64):
                raise TypeError("The variables must be half, float, or double: %s" % var.name)
            if var not in self._averages:
                # Shadows are created outside any control dependencies (TF's init_scope).
                with g.control_dependencies(None):
                    if isinstance(var, variables_mod.Variable):
                        avg = slot_creator.create_slot(var, var.initialized_value(), self.name,
                                                       colocate_with_primary=True)
                        # Only tf.Variables join MOVING_AVERAGE_VARIABLES (not tensors).
                        add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                    else:
                        avg = slot_creator.create_zeros_slot(
                            var, self.name,
                            colocate_with_primary=var.op.type in ("Variable", "VariableV2", "VarHandleOp"))
                        if self._zero_debias:
                            zero_debias_true.add(avg)
                self._averages[var] = avg

        with name_scope(self.name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                from ..ops import math_ops
                num_updates = cast(self._num_updates, dtypes.float32, name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = []
            for var in var_list:
                avg = self._averages[var]
                updates.append(assign_moving_average(avg, var, decay, zero_debias=avg in zero_debias_true))
            return group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var`, or None if `apply` never saw it."""
        return self._averages.get(var, None)

    def average_name(self, var):
        """The shadow's name (in a checkpoint too): `<var op name>/<EMA name>`, uniquified like TF."""
        if var in self._averages:
            return self._averages[var].op.name
        return get_default_graph().unique_name(var.op.name + "/" + self.name, mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint name: variable}: averaged variables restore from their shadows, the rest as is."""
        name_map = {}
        if moving_avg_variables is None:
            moving_avg_variables = variables_mod.trainable_variables()
            moving_avg_variables += variables_mod.moving_average_variables()
        # Remove duplicates, keeping first-seen order (TF uses a set; the map is the same).
        unique = list(dict.fromkeys(moving_avg_variables))
        for v in unique:
            name_map[self.average_name(v)] = v
        names = set(v.name for v in unique)
        for v in variables_mod.global_variables():
            if v.name not in names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
