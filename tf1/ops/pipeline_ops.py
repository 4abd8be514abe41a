"""An op the queue input pipeline needs: `CountUpTo` (`tf.count_up_to`, the epoch counter of `limit_epochs`, which
raises `OutOfRangeError: Reached limit of N` once the counter reaches its limit)."""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import errors, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..runtime.interpreter import VarRef


def _count_up_to_lower(ctx, op, ref):
    if not isinstance(ref, VarRef):
        raise errors.InvalidArgumentError(None, op, "CountUpTo requires a variable reference input")
    value = np.asarray(ctx.read_var(ref, op))
    limit = op._attrs["limit"]
    if value >= limit:
        raise errors.OutOfRangeError(None, op, "Reached limit of %d" % limit)
    ctx.write_var(ref, np.asarray(value + 1, dtype=value.dtype))
    return value


# A host op: its data-dependent error cannot be raised inside a compiled segment.
registry.register("CountUpTo", lambda op: [(op._inputs[0].dtype.base_dtype, op._inputs[0].get_shape())],
                  _count_up_to_lower, ref_inputs=(0,), stateful=True, host=True, differentiable=False)


@export("count_up_to")
def count_up_to(ref, limit, name=None):
    """Increments the variable `ref` until it reaches `limit`; returns the value before the increment."""
    ref_tensor = getattr(ref, "_ref", None)
    ref_tensor = ref_tensor() if callable(ref_tensor) else (ref_tensor or getattr(ref, "_variable", ref))
    return make_op("CountUpTo", [ref_tensor], {"limit": int(limit), "T": ref_tensor.dtype.base_dtype},
                   name=name or "CountUpTo").outputs[0]
