"""Slot variables (TF 1.15's `training/slot_creator.py`): per-variable accumulators of optimizers and
moving averages.

A slot lives in the primary's namespace: `variable_scope(None, default_name="<primary>/<name>")`
then `get_variable("")`, so the first slot is `W/Adam`, the next one under the same prefix `W/Adam_1`,
and its initializer ops are `W/Adam/Initializer/zeros` as in TF. Slots are not trainable, belong to
GLOBAL_VARIABLES and are colocated with the primary.
"""
import contextlib

from ..framework.graph import get_default_graph
from ..ops import variable_scope as vs
from ..ops import variables as variables_mod


def _create_slot_var(primary, val, name, colocate_with_primary, validate_shape, shape, dtype):
    with vs.variable_scope(None, primary.op.name + "/" + name), _colocated(primary, colocate_with_primary):
        # Slots never inherit the enclosing scope's partitioner: they follow the primary's partitioning.
        scope_obj = vs.get_variable_scope()
        current_partitioner = scope_obj.partitioner
        scope_obj.set_partitioner(None)
        try:
            # An initial value (not a callable initializer) carries its own shape.
            shape = shape if callable(val) else None
            slot = vs.get_variable("", initializer=val, trainable=False, use_resource=False, shape=shape,
                                   dtype=dtype, validate_shape=validate_shape)
        finally:
            scope_obj.set_partitioner(current_partitioner)
        info = getattr(primary, "_save_slice_info", None)
        if isinstance(primary, variables_mod.Variable) and info:
            # The slot of a partition is itself a partition of the full slot tensor.
            real_slot_name = slot.name[len(primary.op.name + "/"):-2]
            n = slot.shape.ndims
            if n is None or n > 0:
                slot._set_save_slice_info(variables_mod.Variable.SaveSliceInfo(
                    info.full_name + "/" + real_slot_name, info.full_shape[:n], info.var_offset[:n],
                    info.var_shape[:n]))
        return slot


def _colocated(primary, colocate_with_primary):
    if colocate_with_primary:
        return get_default_graph().colocate_with(primary.op)
    return contextlib.nullcontext()


def create_slot(primary, val, name, colocate_with_primary=True):
    """A slot initialised to the tensor `val` (its dtype and shape are the slot's)."""
    validate_shape = val.get_shape().is_fully_defined()
    return _create_slot_var(primary, val, name, colocate_with_primary, validate_shape, None, None)


def create_slot_with_initializer(primary, initializer, shape, dtype, name, colocate_with_primary=True):
    """A slot of `shape`/`dtype` initialised by the callable `initializer`."""
    from ..framework import tensor_shape
    shape = tensor_shape.as_shape(shape)
    return _create_slot_var(primary, initializer, name, colocate_with_primary, shape.is_fully_defined(), shape,
                            dtype)


def create_zeros_slot(primary, name, dtype=None, colocate_with_primary=True):
    """A slot of zeros shaped like `primary`."""
    from ..ops import array_ops, init_ops
    if dtype is None:
        dtype = primary.dtype
    dtype = dtype.base_dtype
    slot_shape = primary.get_shape()
    if slot_shape.is_fully_defined():
        return create_slot_with_initializer(primary, init_ops.zeros_initializer(), slot_shape, dtype, name,
                                            colocate_with_primary=colocate_with_primary)
    if isinstance(primary, variables_mod.Variable):
        slot_shape = array_ops.shape(primary.initialized_value())
    else:
        slot_shape = array_ops.shape(primary)
    val = array_ops.zeros(slot_shape, dtype=dtype)
    return create_slot(primary, val, name, colocate_with_primary=colocate_with_primary)
