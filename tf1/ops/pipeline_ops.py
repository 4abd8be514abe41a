"""Two ops the queue input pipeline needs that no other family defined: `RandomShuffle`
(`tf.random_shuffle`, shuffles along the first axis; works on strings, as string_input_producer
shuffles filenames) and `CountUpTo` (`tf.count_up_to`, the epoch counter of `limit_epochs`, which
raises `OutOfRangeError: Reached limit of N` once the counter reaches its limit)."""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import errors, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..runtime.interpreter import VarRef


def _shuffle_lower(ctx, op, value):
    if np.ndim(value) == 0:
        return value
    n = np.shape(value)[0]
    perm = jax.random.permutation(ctx.rng_key(op), n)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return value[np.asarray(perm)]  # strings stay on the host
    return jnp.take(jnp.asarray(value), perm, axis=0)


registry.register("RandomShuffle", lambda op: [(op._inputs[0].dtype.base_dtype, op._inputs[0].get_shape())],
                  _shuffle_lower, stateful=True, differentiable=False)


@export("random_shuffle", "random.shuffle")
def random_shuffle(value, seed=None, name=None):
    """Randomly shuffles a tensor along its first dimension."""
    from .random_ops import seed_attrs
    with name_scope(name, "RandomShuffle", [value]) as scope:
        value = convert_to_tensor(value, name="value")
        attrs = dict(seed_attrs(seed), T=value.dtype.base_dtype)
        return make_op("RandomShuffle", [value], attrs, name=scope).outputs[0]


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
