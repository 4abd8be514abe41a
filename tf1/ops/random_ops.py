"""Random ops and TF's seed rules (`tf.set_random_seed`, op-level seeds).

Every random op carries TF's (seed, seed2) attrs. The Session turns them into a JAX key and folds in
how many times this session has run the op, so each run draws new values and the same seeds give
the same sequence in every process. Unseeded ops draw from the session's own entropy, as in TF.
The bits differ from TF's Philox streams; the distributions and the seeding semantics are TF's.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, registry
from ..framework.graph import get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ._common import in_dtype
from .array_ops import shape_of_const, static_ints

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1


@export("random.get_seed", "get_seed")
def get_seed(op_seed):
    """TF 1.15's `random_seed.get_seed`: the (graph seed, op seed) pair an op uses."""
    g = get_default_graph()
    global_seed = g.seed
    if global_seed is not None:
        if op_seed is None:
            op_seed = g._last_id
        seeds = (int(global_seed), int(op_seed))
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, int(op_seed))
    else:
        seeds = (None, None)
    if seeds == (0, 0):
        return (0, _MAXINT32)
    return seeds


@export("set_random_seed", "random.set_random_seed")
def set_random_seed(seed):
    get_default_graph().seed = seed


def seed_attrs(seed):
    s1, s2 = get_seed(seed)
    return {"seed": s1 or 0, "seed2": s2 or 0}


def _shape_infer(dtype_attr="dtype"):
    def infer(op):
        return [(op._attrs[dtype_attr], shape_of_const(op._inputs[0]))]
    return infer


def _sampler(sample):
    def lower(ctx, op, shape, *rest):
        dims = tuple(static_ints(op, 0, shape))
        dt = op._attrs["dtype"].as_numpy_dtype
        return sample(ctx.rng_key(op), dims, dt, *rest)
    return lower


def _normal(key, dims, dt):
    return jax.random.normal(key, dims, dtype=jnp.float32 if dt == np.float16 else dt).astype(dt)


def _truncated(key, dims, dt):
    # TF resamples values beyond two standard deviations.
    return jax.random.truncated_normal(key, -2.0, 2.0, dims, dtype=jnp.float32 if dt == np.float16 else dt).astype(dt)


def _uniform(key, dims, dt):
    return jax.random.uniform(key, dims, dtype=jnp.float32 if dt == np.float16 else dt).astype(dt)


def _uniform_int(key, dims, dt, lo, hi):
    return jax.random.randint(key, dims, lo, hi, dtype=dt)


registry.register("RandomStandardNormal", _shape_infer(), _sampler(_normal), stateful=True,
                  differentiable=False)
registry.register("TruncatedNormal", _shape_infer(), _sampler(_truncated), stateful=True,
                  differentiable=False)
registry.register("RandomUniform", _shape_infer(), _sampler(_uniform), stateful=True, differentiable=False)
registry.register("RandomUniformInt", lambda op: [(in_dtype(op, 1), shape_of_const(op._inputs[0]))],
                  lambda ctx, op, shape, lo, hi: _uniform_int(
                      ctx.rng_key(op), tuple(static_ints(op, 0, shape)), in_dtype(op, 1).as_numpy_dtype, lo, hi),
                  stateful=True, differentiable=False)


def _shape_tensor(shape):
    from ..framework.graph import Tensor
    if isinstance(shape, Tensor):
        return shape
    return convert_to_tensor(shape, dtype=dtypes.int32, name="shape")


def _scaled(op_type, default_name, shape, mean, stddev, dtype, seed, name):
    from . import math_ops
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, default_name, [shape, mean, stddev]) as scope:
        shape_t = _shape_tensor(shape)
        mean_t = convert_to_tensor(mean, dtype=dtype, name="mean")
        std_t = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        attrs = {"dtype": dtype, "T": shape_t.dtype.base_dtype}
        attrs.update(seed_attrs(seed))
        rnd = op_output(op_type, [shape_t], attrs, name=op_type)
        mul = rnd * std_t
        return math_ops.add(mul, mean_t, name=scope)


@export("random_normal", "random.normal")
def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    return _scaled("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype, seed, name)


@export("truncated_normal", "random.truncated_normal")
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    return _scaled("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype, seed, name)


@export("random_uniform", "random.uniform")
def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    from . import math_ops
    dtype = dtypes.as_dtype(dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError("Must specify maxval for integer dtype %r" % dtype)
        maxval = 1
    with name_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape_t = _shape_tensor(shape)
        lo = convert_to_tensor(minval, dtype=dtype, name="min")
        hi = convert_to_tensor(maxval, dtype=dtype, name="max")
        attrs = seed_attrs(seed)
        if dtype.is_integer:
            attrs.update({"Tout": dtype, "T": shape_t.dtype.base_dtype})
            return op_output("RandomUniformInt", [shape_t, lo, hi], attrs, name=scope)
        attrs.update({"dtype": dtype, "T": shape_t.dtype.base_dtype})
        rnd = op_output("RandomUniform", [shape_t], attrs, name="RandomUniform")
        return math_ops.add(rnd * (hi - lo), lo, name=scope)
