"""`tf.train.Optimizer` (TF 1.x's `optimizer.Optimizer`) and `GradientDescentOptimizer`.

Structure and names follow TF: `compute_gradients` calls `tf.gradients` on the variables' refs,
`apply_gradients` opens the optimizer's name scope, creates slots (outside control dependencies),
prepares hyper-parameter tensors, adds one `Apply*` op per variable under `update_<var>/`, and
groups them (or bumps `global_step` after them).
"""
import jax.numpy as jnp

from ..api import export, export_value
from ..framework import dtypes, registry
from ..framework.graph import (GraphKeys, Operation, Tensor, get_collection, get_default_graph,
                               name_scope)
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..ops import variables as variables_mod
from ..ops.control_flow_ops import group
from ..ops.gradients import gradients as tf_gradients
from ..ops.math_ops import cast
from ..ops._common import in_shape

GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2


def register_apply_op(op_type, update, n_refs=1):
    """An `Apply*` training op: inputs are `n_refs` variable refs (var, slots...) then plain tensors.
    `update(ctx, op, refs_values, *others) -> new values for the refs` (same order)."""
    def infer(op):
        return [(op._inputs[0].dtype, in_shape(op, 0))]

    def lower(ctx, op, *args):
        refs = args[:n_refs]
        vals = [ctx.read_var(r, op) for r in refs]
        new = update(op, vals, *args[n_refs:])
        for r, v, old in zip(refs, new, vals):
            ctx.write_var(r, jnp.asarray(v, dtype=jnp.result_type(old)))
        return refs[0]

    registry.register(op_type, infer, lower, ref_inputs=range(n_refs), stateful=True, differentiable=False)


def training_op(op_type, n_refs=1):
    """`register_apply_op` as a decorator, so each op's registration stands beside its formula."""
    def decorate(update):
        register_apply_op(op_type, update, n_refs)
        return update
    return decorate


register_apply_op("ApplyGradientDescent", lambda op, v, alpha, delta: [v[0] - alpha * delta])


def _ref(v):
    return v._ref() if hasattr(v, "_ref") else v


def _cast_all(var, *tensors):
    """`tensors` (hyper-parameters) cast to `var`'s dtype, one Cast op each, in order."""
    return [cast(t, var.dtype.base_dtype) for t in tensors]


def apply_op(op_type, refs, others, use_locking=False, name=None, extra_attrs=None):
    attrs = {"T": refs[0].dtype.base_dtype, "use_locking": bool(use_locking)}
    attrs.update(extra_attrs or {})
    return op_output(op_type, list(refs) + list(others), attrs, name=name or op_type)


def _var_key(var):
    return var.op.name if hasattr(var, "op") else var.name


@export("train.Optimizer")
class Optimizer:
    GATE_NONE, GATE_OP, GATE_GRAPH = GATE_NONE, GATE_OP, GATE_GRAPH

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}          # slot name -> {var key: slot variable}
        self._non_slot_dict = {}  # (name, graph) -> variable

    def get_name(self):
        return self._name

    # ------------------------------------------------------------------ public API
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None, grad_loss=None):
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients, aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not support "
                "gradients, between variables %s and loss %s." % ([str(v) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        if callable(loss):
            loss = loss()
        if gate_gradients not in (GATE_NONE, GATE_OP, GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                             "Optimizer.GATE_GRAPH.  Not %s" % gate_gradients)
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        if var_list is None:
            var_list = (get_collection(GraphKeys.TRAINABLE_VARIABLES) +
                        get_collection(GraphKeys.TRAINABLE_RESOURCE_VARIABLES))
        else:
            var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        var_refs = [v._ref() if isinstance(v, variables_mod.Variable) else v for v in var_list]
        grads = tf_gradients(loss, var_refs, grad_ys=grad_loss, gate_gradients=gate_gradients == GATE_OP,
                             aggregation_method=aggregation_method,
                             colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == GATE_GRAPH:
            from ..ops.control_flow_ops import tuple as tf_tuple
            present = [g for g in grads if g is not None]
            gated = iter(tf_tuple(present))
            grads = [next(gated) if g is not None else None for g in grads]
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars
                                   if g is not None and v.dtype.base_dtype != dtypes.resource])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for g, v in grads_and_vars:
            if g is not None:
                try:
                    g = convert_to_tensor(g) if not hasattr(g, "indices") else g
                except TypeError:
                    raise TypeError("Gradient must be convertible to a Tensor or IndexedSlices, or None: "
                                    "%s" % g)
            if not isinstance(v, variables_mod.Variable) and not (isinstance(v, Tensor) and
                                                                   v.dtype._is_ref_dtype):
                raise TypeError("Can not convert a %s into a Tensor or Operation." % type(v).__name__)
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: %s." %
                             ([str(v) for _, v in converted],))
        with get_default_graph().control_dependencies(None):
            self._create_slots(var_list)
        update_ops = []
        with name_scope(name, self._name) as scope:
            self._prepare()
            for grad, var in converted:
                if grad is None:
                    continue
                with name_scope("update_" + var.op.name), get_default_graph().colocate_with(var.op):
                    if hasattr(grad, "indices") and hasattr(grad, "values") and not isinstance(grad, Tensor):
                        update_op = self._apply_sparse_duplicate_indices(grad, var)
                    else:
                        update_op = self._apply_dense(grad, var)
                    constraint = getattr(var, "constraint", None)
                    if constraint is not None:
                        # TF's _RefVariableProcessor: project the variable after its update.
                        with get_default_graph().control_dependencies([update_op]):
                            update_op = var.assign(constraint(var))
                    update_ops.append(update_op)
            if global_step is None:
                apply_updates = self._finish(update_ops, scope)
            else:
                with get_default_graph().control_dependencies([self._finish(update_ops, "update")]):
                    with get_default_graph().colocate_with(
                            global_step.op if hasattr(global_step, "op") else global_step):
                        apply_updates = variables_mod.assign_add(global_step, 1, name=scope)
            if isinstance(apply_updates, Tensor):
                apply_updates = apply_updates.op  # TF returns the op: running it gives None
            train_op = get_collection_ref_train_op()
            if apply_updates not in train_op:
                train_op.append(apply_updates)
            return apply_updates

    def get_slot(self, var, name):
        named = self._slots.get(name)
        if not named:
            return None
        return named.get(_var_key(var))

    def get_slot_names(self):
        return sorted(self._slots.keys())

    def variables(self):
        out = []
        for named in self._slots.values():
            out.extend(named.values())
        out.extend(self._non_slot_dict.values())
        return sorted(out, key=lambda v: v.name)

    # ------------------------------------------------------------------ subclass hooks
    def _create_slots(self, var_list):
        pass

    # TF's `_prepare` for most optimizers: one tensor per hyper-parameter, in this order, made from
    # `self.<value attribute>` and kept as `self.<value attribute><_hyper_suffix>`.
    _hypers = ()  # (value attribute, tensor name)
    _hyper_suffix = "_tensor"
    _call_hypers = True  # whether callable hyper-parameters are called first (not by every TF optimizer)

    def _prepare(self):
        for value_attr, tensor_name in self._hypers:
            value = getattr(self, value_attr)
            if self._call_hypers:
                value = self._call_if_callable(value)
            setattr(self, value_attr + self._hyper_suffix, convert_to_tensor(value, name=tensor_name))

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _apply(self, op_type, var, slot_names, inputs, extra_attrs=None):
        """The `op_type` training op on `var` and its slots `slot_names` (refs, in the op's order)."""
        refs = [_ref(var)] + [_ref(self.get_slot(var, n)) for n in slot_names]
        return apply_op(op_type, refs, inputs, use_locking=self._use_locking, extra_attrs=extra_attrs)

    def _apply_sparse_duplicate_indices(self, grad, var):
        from ..ops.math_ops import add  # noqa: F401
        dense = _indexed_slices_to_dense(grad)
        return self._apply_dense(dense, var)

    def _finish(self, update_ops, name_scope_name):
        return group(*update_ops, name=name_scope_name)

    def _valid_dtypes(self):
        return {dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64}

    def _assert_valid_dtypes(self, tensors):
        valid = self._valid_dtypes()
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in valid:
                raise ValueError("Invalid type %r for %s, expected: %s." % (
                    dtype, t.op.name if hasattr(t, "op") else t.name,
                    [v for v in sorted(valid, key=lambda d: d.name)]))

    # ------------------------------------------------------------------ slots
    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _slot_once(self, var, slot_name, create):
        """The `slot_name` slot of `var`, made by `create(slot_creator)` the first time it is asked for."""
        named = self._slot_dict(slot_name)
        key = _var_key(var)
        if key not in named:
            from . import slot_creator
            named[key] = create(slot_creator)
        return named[key]

    def _get_or_make_slot(self, var, val, slot_name, op_name):
        return self._slot_once(var, slot_name, lambda sc: sc.create_slot(var, val, op_name))

    def _zeros_slot(self, var, slot_name, op_name):
        return self._slot_once(var, slot_name, lambda sc: sc.create_zeros_slot(var, op_name))

    def _zeros_slots(self, var_list, *slot_names):
        """A zeros slot per name for each variable in turn (the creation order TF's optimizers use)."""
        for v in var_list:
            for slot_name in slot_names:
                self._zeros_slot(v, slot_name, self._name)

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name, op_name):
        return self._slot_once(var, slot_name, lambda sc: sc.create_slot_with_initializer(
            var, initializer, shape, dtype, op_name))

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        g = colocate_with.graph
        key = (name, g)
        v = self._non_slot_dict.get(key)
        if v is None:
            with g.colocate_with(colocate_with.op):
                v = variables_mod.Variable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph or get_default_graph()))

    def _call_if_callable(self, param):
        return param() if callable(param) else param


def get_collection_ref_train_op():
    return get_default_graph().get_collection_ref(GraphKeys.TRAIN_OP)


def _indexed_slices_to_dense(grad):
    from ..ops import math_ops  # noqa: F401
    raise NotImplementedError("sparse gradients are converted to dense by tf.gradients in tf1")


@export("train.GradientDescentOptimizer")
class GradientDescentOptimizer(Optimizer):
    _hypers = (("_learning_rate", "learning_rate"),)

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _apply_dense(self, grad, var):
        return self._apply("ApplyGradientDescent", var, (), _cast_all(var, self._learning_rate_tensor) + [grad]).op
