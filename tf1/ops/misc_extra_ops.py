"""Smaller TF 1.15 ops: fake quantization (`tf.quantization.fake_quant_*`, `tf.fake_quant_*`),
`tf.histogram_fixed_width(_bins)` and `tf.math.cumulative_logsumexp`.

Fake quantization rounds to a grid, whose true derivative is zero almost everywhere; TF defines
its gradient as the straight-through estimator (FakeQuantWithMinMax*Gradient kernels), so the
lowering is a `jax.custom_vjp` carrying that rule.
"""
import functools

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export, public
from ..framework import dtypes, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ._common import TensorShape, in_dtype, in_shape
from .array_ops import static_ints
from .indexing_ops import const_ints, host_values

# ------------------------------------------------------------------------------ fake quantization


def _div32(a, b):
    """float32 a / b, correctly rounded: XLA:CPU may divide by a reciprocal estimate, which moves
    a zero point sitting on .5 (e.g. 6 / (12/255) = 127.5) to the other grid level than TF's kernel."""
    return (jnp.asarray(a, jnp.float64) / jnp.asarray(b, jnp.float64)).astype(jnp.float32)


def _nudge(min_, max_, num_bits, narrow_range):
    """TF's Nudge (fake_quant_ops_functor.h): a grid of 2^bits levels on which 0.0 is exact."""
    quant_min = 1.0 if narrow_range else 0.0
    quant_max = float((1 << num_bits) - 1)
    min_ = jnp.asarray(min_, jnp.float32)
    max_ = jnp.asarray(max_, jnp.float32)
    scale = _div32(max_ - min_, jnp.float32(quant_max - quant_min))
    zero_point_from_min = jnp.float32(quant_min) - _div32(min_, scale)
    # std::round: halves away from zero (the zero point is never negative here).
    nudged_zero_point = jnp.where(zero_point_from_min < quant_min, quant_min,
                                  jnp.where(zero_point_from_min > quant_max, quant_max,
                                            jnp.floor(zero_point_from_min + 0.5))).astype(jnp.float32)
    nudged_min = (jnp.float32(quant_min) - nudged_zero_point) * scale
    nudged_max = (jnp.float32(quant_max) - nudged_zero_point) * scale
    return nudged_min, nudged_max, scale


def _quantize(x, nudged_min, nudged_max, scale):
    clamped = jnp.clip(x, nudged_min, nudged_max)
    return jnp.floor((clamped - nudged_min) * _div32(1.0, scale) + jnp.float32(0.5)) * scale + nudged_min


@functools.partial(jax.custom_vjp, nondiff_argnums=(3, 4))
def _fake_quant(x, min_, max_, num_bits, narrow_range):
    return _quantize(x, *_nudge(min_, max_, num_bits, narrow_range))


def _fake_quant_fwd(x, min_, max_, num_bits, narrow_range):
    nudged_min, nudged_max, scale = _nudge(min_, max_, num_bits, narrow_range)
    return _quantize(x, nudged_min, nudged_max, scale), (x, nudged_min, nudged_max, min_, max_)


def _fake_quant_bwd(num_bits, narrow_range, res, g):
    x, nudged_min, nudged_max, min_, max_ = res
    inside = (x >= nudged_min) & (x <= nudged_max)
    # Below/above the range the output is the clamp bound, which moves with min/max.
    below = jnp.where(x < nudged_min, g, 0.0)
    above = jnp.where(x > nudged_max, g, 0.0)
    reduce_axes = tuple(range(jnp.ndim(x) - jnp.ndim(min_)))
    return (jnp.where(inside, g, 0.0), jnp.sum(below, axis=reduce_axes).reshape(jnp.shape(min_)),
            jnp.sum(above, axis=reduce_axes).reshape(jnp.shape(max_)))


_fake_quant.defvjp(_fake_quant_fwd, _fake_quant_bwd)


def _check_quant_attrs(num_bits, min_=None, max_=None):
    if not 2 <= num_bits <= 16:
        raise ValueError("num_bits is out of range, expected between 2 and 16, was: %d" % num_bits)
    if min_ is not None and not min_ < max_:
        raise ValueError("min has to be smaller than max, was: %g >= %g" % (min_, max_))


registry.register(
    "FakeQuantWithMinMaxArgs", lambda op: [(in_dtype(op), in_shape(op))],
    lambda ctx, op, x: _fake_quant(x, op.get_attr("min"), op.get_attr("max"), op.get_attr("num_bits"),
                                   op.get_attr("narrow_range")))


@export("quantization.fake_quant_with_min_max_args", "fake_quant_with_min_max_args")
def fake_quant_with_min_max_args(inputs, min=-6, max=6, num_bits=8, narrow_range=False, name=None):  # noqa: A002
    _check_quant_attrs(num_bits, float(min), float(max))
    with name_scope(name, "FakeQuantWithMinMaxArgs", [inputs]) as scope:
        inputs = convert_to_tensor(inputs, dtypes.float32, name="inputs")
        return make_op("FakeQuantWithMinMaxArgs", [inputs],
                       {"min": float(min), "max": float(max), "num_bits": int(num_bits),
                        "narrow_range": bool(narrow_range)}, name=scope).outputs[0]


def _vars_lower(ctx, op, x, min_, max_):
    return _fake_quant(x, min_, max_, op.get_attr("num_bits"), op.get_attr("narrow_range"))


registry.register("FakeQuantWithMinMaxVars", lambda op: [(in_dtype(op), in_shape(op))], _vars_lower)
registry.register("FakeQuantWithMinMaxVarsPerChannel", lambda op: [(in_dtype(op), in_shape(op))], _vars_lower)


def _vars_op(op_type, inputs, min, max, num_bits, narrow_range, name):  # noqa: A002
    _check_quant_attrs(num_bits)
    with name_scope(name, op_type, [inputs, min, max]) as scope:
        inputs = convert_to_tensor(inputs, dtypes.float32, name="inputs")
        min = convert_to_tensor(min, dtypes.float32, name="min")  # noqa: A001
        max = convert_to_tensor(max, dtypes.float32, name="max")  # noqa: A001
        return make_op(op_type, [inputs, min, max], {"num_bits": int(num_bits), "narrow_range": bool(narrow_range)},
                       name=scope).outputs[0]


@export("quantization.fake_quant_with_min_max_vars", "fake_quant_with_min_max_vars")
def fake_quant_with_min_max_vars(inputs, min, max, num_bits=8, narrow_range=False, name=None):  # noqa: A002
    return _vars_op("FakeQuantWithMinMaxVars", inputs, min, max, num_bits, narrow_range, name)


@export("quantization.fake_quant_with_min_max_vars_per_channel", "fake_quant_with_min_max_vars_per_channel")
def fake_quant_with_min_max_vars_per_channel(inputs, min, max, num_bits=8, narrow_range=False,  # noqa: A002
                                             name=None):
    return _vars_op("FakeQuantWithMinMaxVarsPerChannel", inputs, min, max, num_bits, narrow_range, name)


# The gradient ops as public functions (TF exports them for custom training loops).

def _args_grad_lower(ctx, op, g, x):
    mn, mx = op.get_attr("min"), op.get_attr("max")
    res = (x,) + _nudge(mn, mx, op.get_attr("num_bits"), op.get_attr("narrow_range"))[:2] + (mn, mx)
    return _fake_quant_bwd(op.get_attr("num_bits"), op.get_attr("narrow_range"), res, g)[0]


def _vars_grad_lower(ctx, op, g, x, mn, mx):
    nudged_min, nudged_max, _ = _nudge(mn, mx, op.get_attr("num_bits"), op.get_attr("narrow_range"))
    return _fake_quant_bwd(op.get_attr("num_bits"), op.get_attr("narrow_range"),
                           (x, nudged_min, nudged_max, jnp.asarray(mn), jnp.asarray(mx)), g)


registry.register("FakeQuantWithMinMaxArgsGradient", lambda op: [(in_dtype(op), in_shape(op))], _args_grad_lower,
                  differentiable=False)
for _t in ("FakeQuantWithMinMaxVarsGradient", "FakeQuantWithMinMaxVarsPerChannelGradient"):
    registry.register(_t, lambda op: [(in_dtype(op), in_shape(op, 1)), (in_dtype(op, 2), in_shape(op, 2)),
                                      (in_dtype(op, 3), in_shape(op, 3))], _vars_grad_lower, differentiable=False)


@export("quantization.fake_quant_with_min_max_args_gradient", "fake_quant_with_min_max_args_gradient")
def fake_quant_with_min_max_args_gradient(gradients, inputs, min=-6, max=6, num_bits=8,  # noqa: A002
                                          narrow_range=False, name=None):
    _check_quant_attrs(num_bits, float(min), float(max))
    with name_scope(name, "FakeQuantWithMinMaxArgsGradient", [gradients, inputs]) as scope:
        gradients = convert_to_tensor(gradients, dtypes.float32, name="gradients")
        inputs = convert_to_tensor(inputs, dtypes.float32, name="inputs")
        return make_op("FakeQuantWithMinMaxArgsGradient", [gradients, inputs],
                       {"min": float(min), "max": float(max), "num_bits": int(num_bits),
                        "narrow_range": bool(narrow_range)}, name=scope).outputs[0]


def _vars_grad_op(op_type, gradients, inputs, min, max, num_bits, narrow_range, name):  # noqa: A002
    _check_quant_attrs(num_bits)
    with name_scope(name, op_type, [gradients, inputs, min, max]) as scope:
        ts = [convert_to_tensor(v, dtypes.float32, name=n)
              for v, n in ((gradients, "gradients"), (inputs, "inputs"), (min, "min"), (max, "max"))]
        return tuple(make_op(op_type, ts, {"num_bits": int(num_bits), "narrow_range": bool(narrow_range)},
                             name=scope).outputs)


@export("quantization.fake_quant_with_min_max_vars_gradient", "fake_quant_with_min_max_vars_gradient")
def fake_quant_with_min_max_vars_gradient(gradients, inputs, min, max, num_bits=8,  # noqa: A002
                                          narrow_range=False, name=None):
    return _vars_grad_op("FakeQuantWithMinMaxVarsGradient", gradients, inputs, min, max, num_bits,
                         narrow_range, name)


@export("quantization.fake_quant_with_min_max_vars_per_channel_gradient",
        "fake_quant_with_min_max_vars_per_channel_gradient")
def fake_quant_with_min_max_vars_per_channel_gradient(gradients, inputs, min, max, num_bits=8,  # noqa: A002
                                                      narrow_range=False, name=None):
    return _vars_grad_op("FakeQuantWithMinMaxVarsPerChannelGradient", gradients, inputs, min, max, num_bits,
                         narrow_range, name)


# ------------------------------------------------------------------------------------- histograms

def _histogram_infer(op):
    nbins = const_ints(op._inputs[2])
    return [(op.get_attr("dtype"), TensorShape([nbins[0] if nbins else None]))]


def _histogram_lower(ctx, op, values, value_range, nbins):
    n = int(static_ints(op, 2, nbins)[0])
    # TF's kernel: (max(x, lo) - lo) in T, then divided in double by the double step.
    lo, hi = value_range[0], value_range[1]
    step = (hi - lo).astype(jnp.float64) / n
    shifted = (jnp.maximum(jnp.ravel(values), lo) - lo).astype(jnp.float64)
    idx = jnp.minimum(shifted / step, n - 1).astype(jnp.int32)
    return jnp.zeros((n,), op.get_attr("dtype").as_numpy_dtype).at[idx].add(1)


registry.register("HistogramFixedWidth", _histogram_infer, _histogram_lower, differentiable=False)


@export("histogram_fixed_width")
def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    with name_scope(name, "histogram_fixed_width", [values, value_range, nbins]) as name:
        values = convert_to_tensor(values, name="values")
        value_range = convert_to_tensor(value_range, values.dtype, name="value_range")
        nbins = convert_to_tensor(nbins, dtypes.int32, name="nbins")
        return make_op("HistogramFixedWidth", [values, value_range, nbins],
                       {"T": values.dtype.base_dtype, "dtype": dtypes.as_dtype(dtype)}, name=name).outputs[0]


@export("histogram_fixed_width_bins")
def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    tf = public()
    with name_scope(name, "histogram_fixed_width_bins", [values, value_range, nbins]):
        values = convert_to_tensor(values, name="values")
        shape = tf.shape(values)
        values = tf.reshape(values, [-1])
        value_range = convert_to_tensor(value_range, values.dtype, name="value_range")
        nbins = convert_to_tensor(nbins, dtypes.int32, name="nbins")
        nbins_float = tf.cast(nbins, values.dtype)
        scaled_values = tf.truediv(values - value_range[0], value_range[1] - value_range[0], name="scaled_values")
        indices = tf.floor(nbins_float * scaled_values, name="indices")
        indices = tf.cast(tf.clip_by_value(indices, 0, nbins_float - 1), dtypes.int32)
        return tf.reshape(indices, shape)


# ------------------------------------------------------------------------- cumulative_logsumexp

def _cumulative_logsumexp_lower(ctx, op, x, axis):
    ax = int(np.asarray(axis)) % jnp.ndim(x)
    reverse = op.get_attr("reverse")
    out = jax.lax.cumlogsumexp(x, axis=ax, reverse=reverse)
    if op.get_attr("exclusive"):
        # Shift by one along the axis, starting from log(0) = -inf.
        pad = jnp.full_like(jax.lax.slice_in_dim(x, 0, 1, axis=ax), -jnp.inf)
        n = x.shape[ax]
        out = (jnp.concatenate([jax.lax.slice_in_dim(out, 1, n, axis=ax), pad], axis=ax) if reverse
               else jnp.concatenate([pad, jax.lax.slice_in_dim(out, 0, n - 1, axis=ax)], axis=ax))
    return out


registry.register("CumulativeLogsumexp", lambda op: [(in_dtype(op), in_shape(op))], _cumulative_logsumexp_lower)


@export("math.cumulative_logsumexp")
def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    with name_scope(name, "CumulativeLogsumexp", [x]) as name:
        x = convert_to_tensor(x, name="x")
        axis = convert_to_tensor(axis, dtypes.int32, name="axis")
        return make_op("CumulativeLogsumexp", [x, axis],
                       {"T": x.dtype.base_dtype, "Tidx": dtypes.int32, "exclusive": bool(exclusive),
                        "reverse": bool(reverse)}, name=name).outputs[0]


# ------------------------------------------------------------------------ stateless random ops
# TF's stateless ops are pure functions of (shape, seed) whose values programs rely on, so they
# follow TF's kernels exactly: Philox4x32-10 keyed by GenerateKey (stateless_random_ops.cc) and the
# samplers of random_distributions.h. Integer arithmetic is exact; log/sin/cos come from XLA and
# may differ from glibc's by an ulp. They run on the host in numpy: the seeds are usually constants,
# and XLA constant-folding ten Philox rounds costs seconds of compile time per op.

_MASK32 = 0xFFFFFFFF


def _philox(c0, c1, c2, c3, k0, k1):
    """Philox4x32 with 10 rounds on uint64-held 32-bit words; returns the four output words."""
    mask = np.uint64(_MASK32)
    for _ in range(10):
        p0 = np.uint64(0xD2511F53) * c0
        p1 = np.uint64(0xCD9E8D57) * c2
        c0, c1, c2, c3 = (p1 >> np.uint64(32)) ^ c1 ^ k0, p1 & mask, (p0 >> np.uint64(32)) ^ c3 ^ k1, p0 & mask
        k0 = (k0 + np.uint64(0x9E3779B9)) & mask
        k1 = (k1 + np.uint64(0xBB67AE85)) & mask
    return c0, c1, c2, c3


def _philox_key_counter(seed):
    """GenerateKey: the seed pair scrambled by one Philox call into a key and a counter."""
    seed = np.asarray(seed).astype(np.int64).astype(np.uint64)  # int32 seeds sign-extend, as in C++
    mask = np.uint64(_MASK32)
    mix = _philox(seed[0] & mask, seed[0] >> np.uint64(32), seed[1] & mask, seed[1] >> np.uint64(32),
                  np.uint64(0x3EC8F720), np.uint64(0x02461E29))
    return (mix[0], mix[1]), (mix[2], mix[3])


def _philox_blocks(key, hi_counter, block_ids):
    """The 4 words of each block `block_ids` (counter skipped by that many), shape [len, 4]."""
    ids = np.asarray(block_ids, np.uint64)
    zero = np.zeros_like(ids)
    words = _philox(ids & np.uint64(_MASK32), ids >> np.uint64(32), zero + hi_counter[0], zero + hi_counter[1],
                    key[0], key[1])
    return np.stack(words, axis=-1)


def _u32_to_float(x):
    bits = (np.uint32(0x7F) << np.uint32(23)) | (np.asarray(x).astype(np.uint32) & np.uint32(0x7FFFFF))
    return bits.view(np.float32) - np.float32(1.0)


def _u64_to_double(x0, x1):
    man = ((x0 & np.uint64(0xFFFFF)) << np.uint64(32)) | x1
    bits = (np.uint64(1023) << np.uint64(52)) | man
    return np.ascontiguousarray(bits).view(np.float64) - 1.0


def _box_muller_float(x0, x1):
    u1 = np.maximum(_u32_to_float(x0), np.float32(1.0e-7))
    v1 = (2.0 * np.pi * _u32_to_float(x1).astype(np.float64)).astype(np.float32)
    u2 = np.sqrt(np.float32(-2.0) * np.log(u1))
    return np.sin(v1) * u2, np.cos(v1) * u2


def _box_muller_double(x0, x1, x2, x3):
    u1 = np.maximum(_u64_to_double(x0, x1), 1.0e-7)
    v1 = 2 * np.pi * _u64_to_double(x2, x3)
    u2 = np.sqrt(-2.0 * np.log(u1))
    return np.sin(v1) * u2, np.cos(v1) * u2


def _sample_uniform(key, ctr, size, dtype, extra=()):
    if dtype == np.float64:
        w = _philox_blocks(key, ctr, np.arange(-(-size // 2)))
        return np.stack([_u64_to_double(w[:, 0], w[:, 1]), _u64_to_double(w[:, 2], w[:, 3])], -1).ravel()[:size]
    w = _philox_blocks(key, ctr, np.arange(-(-size // 4)))
    return _u32_to_float(w.ravel()[:size])


def _sample_uniform_int(key, ctr, size, dtype, extra=()):
    lo, hi = extra
    if np.dtype(dtype) == np.int64:
        w = _philox_blocks(key, ctr, np.arange(-(-size // 2)))
        bits = np.stack([w[:, 0] | (w[:, 1] << np.uint64(32)), w[:, 2] | (w[:, 3] << np.uint64(32))], -1).ravel()[:size]
        rng = (np.asarray(hi, np.int64) - np.asarray(lo, np.int64)).astype(np.uint64)
        return (np.asarray(lo, np.int64).astype(np.uint64) + bits % rng).astype(np.int64)
    w = _philox_blocks(key, ctr, np.arange(-(-size // 4))).ravel()[:size]
    rng = (np.asarray(hi, np.int64) - np.asarray(lo, np.int64)).astype(np.uint64) & np.uint64(_MASK32)
    return ((np.asarray(lo, np.int64) + (w % rng).astype(np.int64)) & _MASK32).astype(np.uint32) \
        .astype(np.int32)


def _sample_normal(key, ctr, size, dtype, extra=()):
    if dtype == np.float64:
        w = _philox_blocks(key, ctr, np.arange(-(-size // 2)))
        return np.stack(_box_muller_double(w[:, 0], w[:, 1], w[:, 2], w[:, 3]), -1).ravel()[:size]
    w = _philox_blocks(key, ctr, np.arange(-(-size // 4)))
    a, b = _box_muller_float(w[:, 0], w[:, 1])
    c, d = _box_muller_float(w[:, 2], w[:, 3])
    return np.stack([a, b, c, d], -1).ravel()[:size]


_TRUNC_BLOCKS = 16  # Philox blocks drawn per output group: 32 Box-Muller pairs for 4 (or 2) values


def _sample_truncated_normal(key, ctr, size, dtype, extra=()):
    """Each output group restarts the generator 256 samples per output apart (kReservedSamplesPerOutput)
    and keeps the first |z| < 2 values of its single-sample stream."""
    group = 2 if dtype == np.float64 else 4
    n_groups = -(-size // group)
    skip = group * 256 // 4
    ids = np.arange(n_groups)[:, None] * skip + np.arange(_TRUNC_BLOCKS)[None, :]
    w = _philox_blocks(key, ctr, ids.ravel()).reshape(n_groups, -1)  # the single-sample stream
    if dtype == np.float64:
        cand = np.stack(_box_muller_double(w[:, 0::4], w[:, 1::4], w[:, 2::4], w[:, 3::4]), -1)
    else:
        cand = np.stack(_box_muller_float(w[:, 0::2], w[:, 1::2]), -1)
    cand = cand.reshape(n_groups, -1)
    ok = np.abs(cand) < 2.0
    rank = np.cumsum(ok, axis=1) - 1
    # For output slot j of a group: the candidate that is the (j+1)-th accepted one.
    pick = np.argmax(ok[:, :, None] & (rank[:, :, None] == np.arange(group)[None, None, :]), axis=1)
    return np.take_along_axis(cand, pick, axis=1).ravel()[:size]


_SAMPLERS = {"StatelessRandomUniform": _sample_uniform, "StatelessRandomNormal": _sample_normal,
             "StatelessTruncatedNormal": _sample_truncated_normal,
             "StatelessRandomUniformInt": _sample_uniform_int}


def _stateless_infer(op):
    from ..framework.tensor_util import constant_value
    dims = constant_value(op._inputs[0])
    shape = TensorShape(None if dims is None else [int(d) for d in np.reshape(dims, [-1])])
    dtype = op.get_attr("dtype") if "dtype" in op._attrs else in_dtype(op, 2)
    return [(dtype, shape)]


def _stateless_lower(ctx, op, shape, seed, *extra):
    shape, seed, *extra = host_values(op, shape, seed, *extra)
    dims = tuple(static_ints(op, 0, shape))
    dtype = op.outputs[0].dtype.as_numpy_dtype
    size = int(np.prod(dims))
    key, ctr = _philox_key_counter(seed)
    values = _SAMPLERS[op.type](key, ctr, size, dtype, extra) if size else np.zeros((0,), dtype)
    return np.reshape(np.asarray(values), dims).astype(dtype)


for _op_type in _SAMPLERS:
    registry.register(_op_type, _stateless_infer, _stateless_lower, host=True, differentiable=False)


def _stateless_op(op_type, shape, seed, dtype, extra=(), name=None):
    tf = public()
    shape = tf.convert_to_tensor(shape, name="shape")
    if shape.dtype not in (dtypes.int32, dtypes.int64):
        shape = tf.cast(shape, dtypes.int32)
    seed = convert_to_tensor(seed, name="seed")
    attrs = {"T": shape.dtype.base_dtype, "Tseed": seed.dtype.base_dtype}
    if op_type == "StatelessRandomUniformInt":
        attrs["dtype"] = extra[0].dtype.base_dtype
    else:
        attrs["dtype"] = dtypes.as_dtype(dtype)
    return make_op(op_type, [shape, seed] + list(extra), attrs, name=name).outputs[0]


_FLOATS = (dtypes.float32, dtypes.float64)


def _check_float(dtype):
    dtype = dtypes.as_dtype(dtype)
    if dtype in (dtypes.float16, dtypes.bfloat16):
        raise NotImplementedError("tf1 draws stateless random %s values only for float32/float64 (TF's "
                                  "half-precision Philox sampler is not implemented)" % dtype.name)
    if dtype not in _FLOATS:
        raise ValueError("Invalid dtype %r" % dtype)
    return dtype


@export("random.stateless_uniform")
def stateless_random_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None):
    tf = public()
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64):
        raise ValueError("Invalid dtype %r" % dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError("Must specify maxval for integer dtype %r" % dtype)
        maxval = 1
    with name_scope(name, "stateless_random_uniform", [shape, seed, minval, maxval]) as name:
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        if dtype.is_integer:
            return _stateless_op("StatelessRandomUniformInt", shape, seed, dtype, (minval, maxval), name=name)
        rnd = _stateless_op("StatelessRandomUniform", shape, seed, _check_float(dtype))
        return tf.add(rnd * (maxval - minval), minval, name=name)


@export("random.stateless_normal")
def stateless_random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
    tf = public()
    with name_scope(name, "stateless_random_normal", [shape, seed, mean, stddev]) as name:
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _stateless_op("StatelessRandomNormal", shape, seed, _check_float(dtype))
        return tf.add(rnd * stddev, mean, name=name)


@export("random.stateless_truncated_normal")
def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
    tf = public()
    with name_scope(name, "stateless_truncated_normal", [shape, seed, mean, stddev]) as name:
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _stateless_op("StatelessTruncatedNormal", shape, seed, _check_float(dtype))
        return tf.add(rnd * stddev, mean, name=name)


# ------------------------------------------------------------------------------- assert_shapes
# TF 1.15's check_ops.assert_shapes: sizes known at build time are checked at once (ValueError);
# the others become Assert ops, run after the rank assertions.

def _message_prefix(message):
    return "%s.  " % message if message else ""


def _has_known_value(size):
    try:
        int(size)
    except (ValueError, TypeError):
        return False
    return size is not None


def _dimension_sizes(x):
    tf = public()
    dynamic_shape = tf.shape(x)
    rank = x.get_shape().ndims
    if rank == 0:
        return (1,)
    if rank is not None:
        return [int(size) if size is not None else dynamic_shape[i]
                for i, size in enumerate(x.get_shape().as_list())]
    return tf.cond(tf.equal(tf.rank(x), 0), lambda: tf.constant([1]), lambda: dynamic_shape)


@export("debugging.assert_shapes", "assert_shapes")
def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    tf = public()
    from ..framework.sparse import SparseTensor as _Sparse
    if isinstance(shapes, dict):
        shapes = shapes.items()
    with name_scope(name, "assert_shapes", [shapes, data]):
        constraints = [(x if isinstance(x, _Sparse) else convert_to_tensor(x), s) for x, s in shapes
                       if s is not None]
        dim_sizes = []
        for tensor, symbolic_shape in constraints:
            if not (hasattr(symbolic_shape, "__iter__") or hasattr(symbolic_shape, "__getitem__")):
                raise ValueError("%sTensor %s.  Specified shape must be an iterable.  An iterable has the "
                                 "attribute `__iter__` or `__getitem__`.  Received specified shape: %s"
                                 % (_message_prefix(message), tensor.name, symbolic_shape))
            symbols = tuple(symbolic_shape)
            innermost = False
            for i, symbol in enumerate(symbols):
                if symbol is not Ellipsis and symbol != "*":
                    continue
                if i != 0:
                    raise ValueError("%sTensor %s specified shape index %d.  Symbol `...` or `*` for a "
                                     "variable number of unspecified dimensions is only allowed as the first "
                                     "entry" % (_message_prefix(message), tensor.name, i))
                innermost = True
            sym = symbols[1:] if innermost else symbols
            dim_sizes.append((tensor, innermost, _dimension_sizes(tensor), sym if sym else (1,)))

        rank_assertions = []
        for x, unspecified, _, symbolic in dim_sizes:
            rank = len(symbolic)
            if unspecified:
                if rank in (0, 1):
                    continue  # any rank >= 0 will do
                rank_assertions.append(tf.debugging.assert_rank_at_least(
                    x=x, rank=rank, data=data, summarize=summarize, message=message, name=name))
            elif rank in (0, 1):
                # A scalar counts as a vector of size 1 (see _dimension_sizes).
                rank_assertions.append(tf.debugging.assert_rank_in(
                    x=x, ranks=[0, 1], data=data, summarize=summarize, message=message, name=name))
            else:
                rank_assertions.append(tf.debugging.assert_rank(
                    x=x, rank=rank, data=data, summarize=summarize, message=message, name=name))

        size_assertions = []
        specified = {}
        for x, unspecified, actual, symbolic in dim_sizes:
            for i, symbol in enumerate(symbolic):
                if symbol in (None, "."):
                    continue
                dim = i - len(symbolic) if unspecified else i
                if symbol in specified or _has_known_value(symbol):
                    if _has_known_value(symbol):
                        size, how = int(symbol), "Specified explicitly"
                    else:
                        size, by, at = specified[symbol]
                        how = "Specified by tensor %s dimension %d" % (by.name, at)
                    actual_size = actual[dim]
                    if _has_known_value(actual_size) and _has_known_value(size):
                        if int(actual_size) != int(size):
                            raise ValueError("%s%s.  Tensor %s dimension %s must have size %d.  Received "
                                             "size %d, shape %s" % (_message_prefix(message), how, x.name, dim, size,
                                                                     actual_size, x.get_shape()))
                        continue
                    condition = tf.equal(tf.convert_to_tensor(actual_size), tf.convert_to_tensor(size))
                    data_ = data if data is not None else ([message] if message else []) + [
                        "%s.  Tensor %s dimension %s must have size %s.  Received shape: "
                        % (how, x.name, dim, size), tf.shape(x)]
                    size_assertions.append(tf.Assert(condition, data_, summarize=summarize))
                else:
                    specified[symbol] = (actual[dim], x, dim)

    with tf.control_dependencies(rank_assertions):
        return tf.group(size_assertions)


# ------------------------------------------------------------------------------- MatchingFiles

def _register_matching_files():
    """tf.data's readers register the MatchingFiles op type on first use; tf.io.matching_files
    uses the same one (one op type, one glob rule)."""
    from ..data_impl.readers import _matching_files_op
    _matching_files_op()


@export("io.matching_files", "matching_files")
def matching_files(pattern, name=None):
    """The files matching glob `pattern` (a string or a vector of them), sorted per pattern."""
    _register_matching_files()
    pattern = convert_to_tensor(pattern, dtypes.string, name="pattern")
    return make_op("MatchingFiles", [pattern], {}, name=name or "MatchingFiles").outputs[0]
