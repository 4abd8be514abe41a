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
from .indexing_ops import INDEX_TYPES, bad_index_rows, gen_op, report_bad_index, report_bad_index_row
from ._common import in_shape
from .variables import _as_var_dtype, _ref_tensor

_UPDATES = {
    "ScatterAdd": ("scatter_add", lambda at, u, **kw: at.add(u, **kw)),
    "ScatterSub": ("scatter_sub", lambda at, u, **kw: at.add(-u, **kw)),
    "ScatterMul": ("scatter_mul", lambda at, u, **kw: at.multiply(u, **kw)),
    "ScatterDiv": ("scatter_div", lambda at, u, **kw: at.divide(u, **kw)),
    "ScatterMin": ("scatter_min", lambda at, u, **kw: at.min(u, **kw)),
    "ScatterMax": ("scatter_max", lambda at, u, **kw: at.max(u, **kw)),
    "ScatterUpdate": ("scatter_update", lambda at, u, **kw: at.set(u, **kw)),
}


def _infer(op):
    return [(op._inputs[0].dtype, in_shape(op, 0))]


def _lower(update, nd):
    """ScatterX (`nd` False: indices pick rows) and ScatterNdX (`nd` True: the last axis of indices
    holds an index tuple)."""
    def lower(ctx, op, ref, indices, updates):
        if not isinstance(ref, VarRef):
            raise errors.InvalidArgumentError(None, op, "%s requires a variable reference input" % op.type)
        old = jnp.asarray(ctx.read_var(ref, op))
        indices = jnp.asarray(indices)
        k = indices.shape[-1] if nd else 1
        rows = jnp.reshape(indices, (-1, k))
        updates = jnp.reshape(jnp.broadcast_to(updates, rows.shape[:1] + old.shape[k:]) if jnp.ndim(updates) == 0
                              else updates, rows.shape[:1] + old.shape[k:])
        # TF's kernel applies the updates in order and stops at the first bad index, leaving what it
        # applied in the variable: later rows are sent out of range, where the scatter drops them.
        ok, pos = bad_index_rows(rows, old.shape)
        applied = jnp.where((ok | (jnp.arange(rows.shape[0]) < pos))[:, None], rows, old.shape[0])
        new = _as_var_dtype(ref, update(old.at[tuple(applied.T)], updates, mode="drop"))
        if nd:
            report_bad_index_row(ctx, op, indices, old.shape, ok, pos, keep={ref.name: new})
        else:
            report_bad_index(ctx, op, indices, old.shape[0], ok, pos, keep={ref.name: new})
        ctx.write_var(ref, new)
        return ref
    return lower


def _public(op_type, fn_name, locking_default=False):
    def scatter(ref, indices, updates, use_locking=locking_default, name=None):
        r = _ref_tensor(ref)
        return gen_op(op_type, [("ref", r, "T", None), ("indices", indices, "Tindices", INDEX_TYPES),
                                ("updates", updates, "T", None)],
                      lambda r_, i, u: {"T": r_.dtype.base_dtype, "Tindices": i.dtype.base_dtype,
                                        "use_locking": bool(use_locking)}, name=name)
    scatter.__name__ = fn_name
    return scatter


for _op_type, (_fn_name, _update) in _UPDATES.items():
    for _nd in (False, True):
        if _nd and _op_type not in ("ScatterAdd", "ScatterSub", "ScatterUpdate"):
            continue  # TF 1.15 has ScatterNdUpdate/Add/Sub only
        _nd_type = _op_type.replace("Scatter", "ScatterNd") if _nd else _op_type
        _nd_name = _fn_name.replace("scatter_", "scatter_nd_") if _nd else _fn_name
        registry.register(_nd_type, _infer, _lower(_update, _nd), ref_inputs=(0,), stateful=True,
                          differentiable=False)
        # TF 1.15: scatter_update and scatter_nd_update lock by default, the arithmetic ones do not.
        export(_nd_name)(_public(_nd_type, _nd_name, locking_default=_op_type == "ScatterUpdate"))
