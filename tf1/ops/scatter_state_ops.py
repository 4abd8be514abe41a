"""`tf.scatter_add`, `tf.scatter_sub`, `tf.scatter_mul`, `tf.scatter_div`, `tf.scatter_min`,
`tf.scatter_max`, `tf.scatter_update` (TF 1.15 state_ops): in-place row updates of a variable.

Like `Assign*`, each op takes the variable's reference (`ref_inputs=(0,)`), writes the new value
and outputs the reference, so consumers read the updated variable. Repeated indices accumulate for
the arithmetic ops, as in TF's kernels.
"""
import jax.numpy as jnp

from ..api import export
from ..framework import errors, registry
from ..runtime.interpreter import VarRef
from .indexing_ops import INDEX_TYPES, gen_op
from ._common import in_shape
from .variables import _as_var_dtype, _ref_tensor

_UPDATES = {
    "ScatterAdd": ("scatter_add", lambda at, u: at.add(u)),
    "ScatterSub": ("scatter_sub", lambda at, u: at.add(-u)),
    "ScatterMul": ("scatter_mul", lambda at, u: at.multiply(u)),
    "ScatterDiv": ("scatter_div", lambda at, u: at.divide(u)),
    "ScatterMin": ("scatter_min", lambda at, u: at.min(u)),
    "ScatterMax": ("scatter_max", lambda at, u: at.max(u)),
    "ScatterUpdate": ("scatter_update", lambda at, u: at.set(u)),
}


def _infer(op):
    return [(op._inputs[0].dtype, in_shape(op, 0))]


def _lower(update):
    def lower(ctx, op, ref, indices, updates):
        if not isinstance(ref, VarRef):
            raise errors.InvalidArgumentError(None, op, "%s requires a variable reference input" % op.type)
        old = jnp.asarray(ctx.read_var(ref, op))
        ctx.write_var(ref, _as_var_dtype(ref, update(old.at[indices], updates)))
        return ref
    return lower


def _public(op_type, fn_name):
    def scatter(ref, indices, updates, use_locking=False, name=None):
        r = _ref_tensor(ref)
        return gen_op(op_type, [("ref", r, "T", None), ("indices", indices, "Tindices", INDEX_TYPES),
                                ("updates", updates, "T", None)],
                      lambda r_, i, u: {"T": r_.dtype.base_dtype, "Tindices": i.dtype.base_dtype,
                                        "use_locking": bool(use_locking)}, name=name)
    scatter.__name__ = fn_name
    return scatter


for _op_type, (_fn_name, _update) in _UPDATES.items():
    registry.register(_op_type, _infer, _lower(_update), ref_inputs=(0,), stateful=True,
                      differentiable=False)
    export(_fn_name)(_public(_op_type, _fn_name))
