"""More random ops with TF's seed rules: random_shuffle, multinomial/categorical, random_crop,
random_gamma and random_poisson. Like random_ops, the distributions and seeding semantics are TF's,
the bits are JAX's."""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..platform import tf_logging as logging
from . import array_ops
from ._common import TensorShape, in_dtype, in_shape, shape_of_const, unknown
from .array_ops import static_ints
from .indexing_ops import INDEX_TYPES, check_rank, const_ints, gen_op
from .random_ops import seed_attrs

# ------------------------------------------------------------------------------ RandomShuffle

def _shuffle_lower(ctx, op, x):
    if np.ndim(x) == 0:
        return x
    perm = jax.random.permutation(ctx.rng_key(op), np.shape(x)[0])
    if isinstance(x, np.ndarray) and x.dtype == object:
        return x[np.asarray(perm)]  # strings (string_input_producer's file names) stay on the host
    return jnp.take(x, perm, axis=0)


registry.register("RandomShuffle", lambda op: [(in_dtype(op), in_shape(op))], _shuffle_lower,
                  stateful=True, differentiable=False)


@export("random_shuffle", "random.shuffle")
def random_shuffle(value, seed=None, name=None):
    attrs = seed_attrs(seed)
    return gen_op("RandomShuffle", [("value", value, None, None)],
                  lambda x: dict(attrs, T=x.dtype.base_dtype), name=name)


# -------------------------------------------------------------------------------- Multinomial

def _multinomial_infer(op):
    check_rank(op, 0, 2)
    logits = in_shape(op)
    n = const_ints(op._inputs[1])
    batch = logits.as_list()[0] if logits.ndims == 2 else None
    return [(op._attrs["output_dtype"], TensorShape([batch, None if n is None else n[0]]))]


def _multinomial_lower(ctx, op, logits, num_samples):
    n = static_ints(op, 1, num_samples)[0]
    logits = jnp.asarray(logits)
    draws = jax.random.categorical(ctx.rng_key(op), logits.astype(jnp.float32), axis=-1,
                                   shape=(n, logits.shape[0]))
    return draws.T.astype(op._attrs["output_dtype"].as_numpy_dtype)


registry.register("Multinomial", _multinomial_infer, _multinomial_lower, stateful=True, differentiable=False)


def _multinomial(logits, num_samples, seed, output_dtype):
    logits = convert_to_tensor(logits, name="logits")
    attrs = dict(seed_attrs(seed), output_dtype=dtypes.as_dtype(output_dtype or dtypes.int64))
    return gen_op("Multinomial", [("logits", logits, None, None), ("num_samples", num_samples, dtypes.int32, None)],
                  lambda lg, n: dict(attrs, T=lg.dtype.base_dtype))


@export("multinomial", "random.multinomial")
def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    # TF 1.15: `@deprecation.deprecated(None, "Use `tf.random.categorical` instead.")`, once, naming the caller.
    logging._warn_deprecated("multinomial", "tensorflow.python.ops.random_ops",
                             "Use `tf.random.categorical` instead.", depth=2)
    with name_scope(name, "multinomial", [logits]):
        return _multinomial(logits, num_samples, seed, output_dtype)


@export("random.categorical")
def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    with name_scope(name, "categorical", [logits]):
        return _multinomial(logits, num_samples, seed, dtype)


# ---------------------------------------------------------------------------------- RandomGamma

def _gamma_infer(op):
    shape = shape_of_const(op._inputs[0])
    alpha = in_shape(op, 1)
    if shape.ndims is None or alpha.ndims is None:
        return [(in_dtype(op, 1), unknown())]
    return [(in_dtype(op, 1), shape.concatenate(alpha))]


def _gamma_lower(ctx, op, shape, alpha):
    dims = tuple(static_ints(op, 0, shape)) + tuple(jnp.shape(alpha))
    dt = in_dtype(op, 1).as_numpy_dtype
    work = jnp.float32 if dt == np.float16 else dt
    return jax.random.gamma(ctx.rng_key(op), jnp.asarray(alpha, work), shape=dims, dtype=work).astype(dt)


# TF differentiates RandomGamma with respect to alpha (implicit reparameterisation), as JAX does.
registry.register("RandomGamma", _gamma_infer, _gamma_lower, stateful=True)


@export("random_gamma", "random.gamma")
def random_gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    from . import math_ops
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "random_gamma", [shape, alpha, beta]):
        shape = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        alpha = convert_to_tensor(alpha, name="alpha", dtype=dtype)
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        alpha_broadcast = alpha + array_ops.zeros_like(beta)
        attrs = dict(seed_attrs(seed), S=shape.dtype.base_dtype, T=dtype)
        sample = op_output("RandomGamma", [shape, alpha_broadcast], attrs, name="RandomGamma")
        return math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta)


# ------------------------------------------------------------------------------ RandomPoissonV2

def _poisson_infer(op):
    shape = shape_of_const(op._inputs[0])
    rate = in_shape(op, 1)
    if shape.ndims is None or rate.ndims is None:
        return [(op._attrs["dtype"], unknown())]
    return [(op._attrs["dtype"], shape.concatenate(rate))]


def _poisson_lower(ctx, op, shape, rate):
    dims = tuple(static_ints(op, 0, shape)) + tuple(jnp.shape(rate))
    draws = jax.random.poisson(ctx.rng_key(op), jnp.asarray(rate, jnp.float32), shape=dims)
    return draws.astype(op._attrs["dtype"].as_numpy_dtype)


registry.register("RandomPoissonV2", _poisson_infer, _poisson_lower, stateful=True, differentiable=False)


@export("random_poisson", "random.poisson")
def random_poisson(lam, shape, dtype=dtypes.float32, seed=None, name=None):
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "random_poisson", [lam, shape]):
        shape = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        attrs = dict(seed_attrs(seed), dtype=dtype)
        return gen_op("RandomPoissonV2", [("shape", shape, "S", INDEX_TYPES), ("rate", lam, "R", None)],
                      lambda s, r: dict(attrs, S=s.dtype.base_dtype, R=r.dtype.base_dtype))


# ---------------------------------------------------------------------------------- random_crop

@export("random_crop", "image.random_crop")
def random_crop(value, size, seed=None, name=None):
    from . import math_ops
    from .indexing_ops import slice as slice_op
    from .random_ops import random_uniform
    with name_scope(name, "random_crop", [value, size]) as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        shape = array_ops.shape(value)
        assert_fn = _assert_fn()
        if assert_fn is not None:
            from .control_flow_ops import with_dependencies
            check = assert_fn(math_ops.reduce_all(shape >= size),
                              ["Need value.shape >= size, got ", shape, size], summarize=1000)
            shape = with_dependencies([check], shape)
        limit = shape - size + 1
        offset = math_ops.floormod(random_uniform(array_ops.shape(shape), dtype=size.dtype,
                                                  maxval=size.dtype.max, seed=seed), limit)
        return slice_op(value, offset, size, name=scope)


def _assert_fn():
    from ..api import _EXPORTS
    return _EXPORTS.get("Assert")
