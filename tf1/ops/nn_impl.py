"""tf.nn built from other ops (TF's nn_impl.py / embedding_ops.py): moments, batch normalization,
l2_normalize, the logistic losses, xw_plus_b, embedding_lookup; plus the LRN and FusedBatchNorm ops.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry
from ..framework.deprecation import deprecated_argument_lookup
from ..framework.graph import Tensor, colocate_with, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op, op_output
from . import array_ops, elementwise_ops, indexing_ops, math_ops, nn_ops
from ._common import TensorShape, in_dtype, in_shape, output_tuple, shape_str, unknown
from ._common import unary_fn

_rsqrt, _log1p, _reciprocal = unary_fn("Rsqrt"), unary_fn("Log1p"), unary_fn("Reciprocal")


# ---------------------------------------------------------------------------- moments & norms

def _keep_dims(keepdims, keep_dims):
    keep_dims = deprecated_argument_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    return False if keep_dims is None else keep_dims


@export("nn.moments")
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    keep_dims = _keep_dims(keepdims, keep_dims)
    with name_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x, name="x")
        y = math_ops.cast(x, dtypes.float32) if x.dtype == dtypes.float16 else x
        mean = math_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = math_ops.reduce_mean(
            math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes, keepdims=True, name="variance")
        if not keep_dims:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if x.dtype == dtypes.float16:
            return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
        return mean, variance


@export("nn.weighted_moments")
def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    keep_dims = _keep_dims(keepdims, keep_dims)
    with name_scope(name, "weighted_moments", [x, frequency_weights, axes]):
        x = convert_to_tensor(x, name="x")
        w = convert_to_tensor(frequency_weights, name="frequency_weights")
        needs_cast = x.dtype == dtypes.float16
        if needs_cast:
            x = math_ops.cast(x, dtypes.float32)
        if w.dtype != x.dtype:
            w = math_ops.cast(w, x.dtype)
        weighted_input_sum = math_ops.reduce_sum(w * x, axes, name="weighted_input_sum", keepdims=True)
        broadcasted_weights = math_ops.add(w, array_ops.zeros_like(x))
        sum_of_weights = math_ops.reduce_sum(broadcasted_weights, axes, name="sum_of_weights", keepdims=True)
        divisor = _reciprocal(sum_of_weights, name="inv_weight_sum")
        weighted_mean = math_ops.multiply(weighted_input_sum, divisor)
        weighted_distsq = math_ops.reduce_sum(
            w * math_ops.squared_difference(x, weighted_mean), axes, name="weighted_distsq", keepdims=True)
        weighted_variance = math_ops.multiply(weighted_distsq, divisor)
        if not keep_dims:
            weighted_mean = array_ops.squeeze(weighted_mean, axes)
            weighted_variance = array_ops.squeeze(weighted_variance, axes)
        if needs_cast:
            weighted_mean = math_ops.cast(weighted_mean, dtypes.float16)
            weighted_variance = math_ops.cast(weighted_variance, dtypes.float16)
        return weighted_mean, weighted_variance


@export("nn.batch_normalization")
def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        inv = _rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv *= scale
        x = convert_to_tensor(x)
        return x * math_ops.cast(inv, x.dtype) + math_ops.cast(
            offset - mean * inv if offset is not None else -mean * inv, x.dtype)


@export("nn.l2_normalize", "math.l2_normalize", "linalg.l2_normalize")
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    with name_scope(name, "l2_normalize", [x]) as name:
        axis = deprecated_argument_lookup("axis", axis, "dim", dim)
        x = convert_to_tensor(x, name="x")
        square_sum = math_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        x_inv_norm = _rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=name)


@export("nn.normalize_moments")
def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    with name_scope(name, "normalize", [counts, mean_ss, variance_ss, shift]):
        divisor = _reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="shifted_mean")
            mean = math_ops.add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = math_ops.subtract(math_ops.multiply(variance_ss, divisor),
                                     math_ops.square(shifted_mean), name="variance")
    return mean, variance


# -------------------------------------------------------------------------- FusedBatchNorm

def _fbn_infer(op):
    x, scale = in_shape(op, 0), in_shape(op, 1)
    if x.ndims is not None and x.ndims != 4:
        raise ValueError("Shape must be rank 4 but is rank %d for '%s' (op: '%s') with input shapes: %s."
                         % (x.ndims, op.name, op.type, ", ".join(shape_str(t.get_shape()) for t in op._inputs)))
    fmt = op._attrs.get("data_format", "NHWC")
    c = x.as_list()[fmt.index("C")] if x.ndims is not None else None
    if c is None and scale.ndims == 1:
        c = scale.as_list()[0]
    vec = TensorShape([c])
    u = in_dtype(op, 1)
    outs = [(in_dtype(op), x), (u, vec), (u, vec), (u, vec), (u, vec)]
    if op.type == "FusedBatchNormV3":
        outs.append((u, unknown()))
    return outs


def _fbn_lower(ctx, op, x, scale, offset, mean, var):
    fmt = op._attrs.get("data_format", "NHWC")
    eps = op._attrs.get("epsilon", 1e-4)
    c_ax = fmt.index("C")
    axes = tuple(a for a in range(4) if a != c_ax)
    shape = [1] * 4
    shape[c_ax] = -1
    xf = x.astype(jnp.float32) if x.dtype in (jnp.float16, jnp.bfloat16) else x
    if op._attrs.get("is_training", True):
        n = int(np.prod([x.shape[a] for a in axes]))
        mean = jnp.mean(xf, axis=axes)
        var = jnp.mean(jnp.square(xf - mean.reshape(shape)), axis=axes)
        # TF reports the unbiased batch variance (what moving averages should track).
        out_var = var * (n / max(n - 1, 1))
    else:
        out_var = var
    inv = jax.lax.rsqrt(var + eps) * scale
    y = (xf - mean.reshape(shape)) * inv.reshape(shape) + offset.reshape(shape)
    outs = (y.astype(x.dtype), mean, out_var, mean, jax.lax.rsqrt(var + eps))
    if op.type == "FusedBatchNormV3":
        outs += (jnp.zeros((0,), mean.dtype),)
    return outs


for _t in ("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"):
    registry.register(_t, _fbn_infer, _fbn_lower)


@export("nn.fused_batch_norm")
def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None):
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    if is_training:
        if mean is not None or variance is not None:
            raise ValueError("Both 'mean' and 'variance' must be None when is_training is True.")
    if mean is None:
        mean = array_ops.constant([])
    if variance is None:
        variance = array_ops.constant([])
    mean = convert_to_tensor(mean, name="mean")
    variance = convert_to_tensor(variance, name="variance")
    min_epsilon = 1.001e-5
    epsilon = epsilon if epsilon > min_epsilon else min_epsilon
    op = make_op("FusedBatchNormV3", [x, scale, offset, mean, variance], {
        "T": x.dtype.base_dtype, "U": scale.dtype.base_dtype, "epsilon": float(epsilon),
        "exponential_avg_factor": 1.0, "data_format": data_format, "is_training": bool(is_training)},
        name=name or "FusedBatchNormV3")
    return op.outputs[0], op.outputs[1], op.outputs[2]


# ------------------------------------------------------------------------------------- LRN

def _lrn_lower(ctx, op, x):
    r = int(op._attrs.get("depth_radius", 5))
    bias, alpha, beta = (op._attrs.get("bias", 1.0), op._attrs.get("alpha", 1.0), op._attrs.get("beta", 0.5))
    sq = jnp.square(x)
    c = x.shape[-1]
    padded = jnp.pad(sq, [(0, 0)] * (x.ndim - 1) + [(r, r)])
    sqr_sum = sum(jax.lax.slice_in_dim(padded, i, i + c, axis=x.ndim - 1) for i in range(2 * r + 1))
    return x * jnp.power(bias + alpha * sqr_sum, -beta).astype(x.dtype)


def _lrn_infer(op):
    x = in_shape(op)
    if x.ndims is not None and x.ndims != 4:
        raise ValueError("Shape must be rank 4 but is rank %d for '%s' (op: 'LRN') with input shapes: %s."
                         % (x.ndims, op.name, shape_str(x)))
    return [(in_dtype(op), x)]


registry.register("LRN", _lrn_infer, _lrn_lower)


@export("nn.local_response_normalization", "nn.lrn")
def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):  # noqa: A002
    with name_scope(name, "LRN", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        return op_output("LRN", [x], {"T": x.dtype.base_dtype, "depth_radius": int(depth_radius),
                                      "bias": float(bias), "alpha": float(alpha), "beta": float(beta)},
                         name=scope)


# ------------------------------------------------------------------------------ logistic losses

def _check_same_shape(x, y, x_name, y_name):
    try:
        y.get_shape().merge_with(x.get_shape())
    except ValueError:
        raise ValueError("%s and %s must have the same shape (%s vs %s)" % (
            x_name, y_name, x.get_shape(), y.get_shape())) from None


@export("nn.sigmoid_cross_entropy_with_logits")
def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    nn_ops._ensure_xent_args("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "logistic_loss", [logits, labels]) as name:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        _check_same_shape(logits, labels, "logits", "labels")
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = elementwise_ops.where(cond, logits, zeros)
        neg_abs_logits = elementwise_ops.where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels, _log1p(math_ops.exp(neg_abs_logits)),
                            name=name)


@export("nn.weighted_cross_entropy_with_logits")
def weighted_cross_entropy_with_logits(targets=None, logits=None, pos_weight=None, name=None, labels=None):
    targets = deprecated_argument_lookup("labels", labels, "targets", targets)
    with name_scope(name, "logistic_loss", [logits, targets]) as name:
        logits = convert_to_tensor(logits, name="logits")
        targets = convert_to_tensor(targets, name="targets")
        _check_same_shape(logits, targets, "logits", "targets")
        log_weight = 1 + (pos_weight - 1) * targets
        return math_ops.add((1 - targets) * logits,
                            log_weight * (_log1p(math_ops.exp(-math_ops.abs(logits))) +
                                          nn_ops.relu(-logits)), name=name)


# --------------------------------------------------------------------------- dense helpers

def _dense(default_name, x, weights, biases, name, finish):
    """matmul(x, weights) handed with `biases` to `finish(mm, biases, name)` in the op's scope."""
    with name_scope(name, default_name, [x, weights, biases]) as name:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return finish(math_ops.matmul(x, weights), biases, name)


@export("nn.xw_plus_b")
def xw_plus_b(x, weights, biases, name=None):
    return _dense("xw_plus_b", x, weights, biases, name,
                  lambda mm, b, name: nn_ops.bias_add(mm, b, name=name))


@export("nn.xw_plus_b_v1")
def xw_plus_b_v1(x, weights, biases, name=None):
    return _dense("xw_plus_b_v1", x, weights, biases, name,
                  lambda mm, b, name: nn_ops.bias_add_v1(mm, b, name=name))


@export("nn.relu_layer")
def relu_layer(x, weights, biases, name=None):
    return _dense("relu_layer", x, weights, biases, name,
                  lambda mm, b, name: nn_ops.relu(nn_ops.bias_add(mm, b), name=name))


# ---------------------------------------------------------------------------- embeddings

def _param_list(params, sequences=list):
    """A PartitionedVariable as its list of shards; a single table (not a `sequences`) as [table]."""
    if hasattr(params, "_get_variable_list"):
        return list(params)
    return params if isinstance(params, sequences) else [params]


def _clip(params, ids, max_norm):
    """TF's `_clip`: rescale looked-up rows whose l2 norm exceeds max_norm."""
    if max_norm is None:
        return params
    ids_rank = array_ops.rank(ids)
    params_rank = array_ops.rank(params)
    return _clip_by_norm(params, max_norm, math_ops.range(ids_rank, params_rank))


def _clip_by_norm(t, clip_norm, axes):
    with name_scope(None, "clip_by_norm", [t, clip_norm]) as name:
        t = convert_to_tensor(t, name="t")
        l2sum = math_ops.reduce_sum(t * t, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = elementwise_ops.where(pred, l2sum, array_ops.ones_like(l2sum))
        l2norm = elementwise_ops.where(pred, math_ops.sqrt(l2sum_safe), l2sum)
        intermediate = t * clip_norm
        return array_ops.identity(
            math_ops.truediv(intermediate, math_ops.maximum(l2norm, clip_norm)), name=name)


@export("nn.embedding_lookup")
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True,
                     max_norm=None):
    """TF's embedding_lookup. A partitioned table is looked up with one gather per shard and a
    select of the shard each id lives in (TF: DynamicPartition/DynamicStitch), which keeps the
    computation free of data-dependent shapes."""
    if params is None or (isinstance(params, (list, tuple)) and not params):
        raise ValueError("Need at least one param")
    params = _param_list(params, (list, tuple))
    if partition_strategy not in ("mod", "div"):
        raise ValueError("Unrecognized partition strategy: " + partition_strategy)
    with name_scope(name, "embedding_lookup", [p for p in params if isinstance(p, Tensor) or
                                               hasattr(p, "_as_graph_element")] + [ids]) as name:
        np_ = len(params)
        params = [convert_to_tensor(p, name="params") if not hasattr(p, "_as_graph_element") else p
                  for p in params]
        ids = convert_to_tensor(ids, name="ids")
        if np_ == 1:
            with colocate_with(params[0]):
                result = _clip(indexing_ops.gather(params[0], ids, name=name), ids, max_norm)
            return array_ops.identity(result)
        flat_ids = array_ops.reshape(ids, [-1])
        if partition_strategy == "mod":
            p_assignments = flat_ids % np_
            new_ids = flat_ids // np_
        else:
            dim0 = [convert_to_tensor(p).get_shape().as_list()[0] for p in params]
            if any(d is None for d in dim0):
                dims = [array_ops.shape(p)[0] for p in params]
                num_total_ids = math_ops.add_n([math_ops.cast(d, flat_ids.dtype) for d in dims])
            else:
                num_total_ids = convert_to_tensor(sum(dim0), dtype=flat_ids.dtype)
            ids_per_partition = num_total_ids // np_
            extras = num_total_ids % np_
            p_assignments = math_ops.maximum(flat_ids // (ids_per_partition + 1),
                                             (flat_ids - extras) // ids_per_partition)
            is_in_first_extras = math_ops.less(p_assignments, extras)
            new_ids = elementwise_ops.where(is_in_first_extras, flat_ids % (ids_per_partition + 1),
                                            (flat_ids - extras) % ids_per_partition)
        p_assignments = math_ops.cast(p_assignments, dtypes.int32)
        result = None
        for p, param in enumerate(params):
            mine = math_ops.equal(p_assignments, p)
            local = elementwise_ops.where(mine, new_ids, array_ops.zeros_like(new_ids))
            with colocate_with(param):
                rows = indexing_ops.gather(param, local)
            result = rows if result is None else elementwise_ops.where(mine, rows, result)
        result = _clip(result, flat_ids, max_norm)
        element_shape = convert_to_tensor(params[0]).get_shape()[1:]
        ret = array_ops.reshape(result, array_ops.concat(
            [array_ops.shape(ids), array_ops.shape(result)[1:]], 0), name=None)
        ret.set_shape(ids.get_shape().concatenate(element_shape))
        return ret


# ------------------------------------------------------------------------ candidate sampling

def _sampler_infer(op):
    n, k = op._attrs["num_sampled"], op._attrs["num_true"]
    t = in_shape(op)
    batch = t.as_list()[0] if t.ndims == 2 else None
    return [(dtypes.int64, TensorShape([n])), (dtypes.float32, TensorShape([batch, k])),
            (dtypes.float32, TensorShape([n]))]


def _log_uniform(range_max):
    log_range = np.log(range_max + 1.0)

    def sample(u):
        v = jnp.floor(jnp.exp(u * log_range)).astype(jnp.int64) - 1
        return jnp.clip(v, 0, range_max - 1)

    def prob(c):
        c = c.astype(jnp.float64)
        return ((jnp.log(c + 2.0) - jnp.log(c + 1.0)) / log_range)
    return sample, prob


def _uniform(range_max):
    return (lambda u: jnp.clip(jnp.floor(u * range_max).astype(jnp.int64), 0, range_max - 1),
            lambda c: jnp.full(jnp.shape(c), 1.0 / range_max, jnp.float64))


def _expected_count(p, n, tries):
    # TF's ExpectedCountHelper: with unique sampling, the chance of appearing in `tries` draws.
    return jnp.where(tries == n, p * n, -jnp.expm1(tries * jnp.log1p(-p)))


def _sampler_lower(distribution):
    def lower(ctx, op, true_classes):
        n, rmax, unique = op._attrs["num_sampled"], op._attrs["range_max"], op._attrs["unique"]
        sample, prob = distribution(rmax)
        key = ctx.rng_key(op)
        if not unique:
            cand = sample(jax.random.uniform(key, (n,), jnp.float64))
            tries = jnp.asarray(n, jnp.float64)
        else:
            if n > rmax:
                raise errors.InvalidArgumentError(None, op, "Sampler's range is too small.")

            # Draw until `n` distinct classes were seen, counting the draws (TF's RangeSampler).
            def cond(state):
                return state[1] < n

            def body(state):
                k, count, tries, cand = state
                k, sub = jax.random.split(k)
                v = sample(jax.random.uniform(sub, (), jnp.float64))
                seen = jnp.any((cand == v) & (jnp.arange(n) < count))
                cand = jnp.where(seen, cand, cand.at[count].set(v))
                return k, count + jnp.where(seen, 0, 1), tries + 1, cand

            _, _, tries, cand = jax.lax.while_loop(
                cond, body, (key, jnp.int32(0), jnp.asarray(0, jnp.float64), jnp.zeros((n,), jnp.int64)))
        true_exp = _expected_count(prob(true_classes), n, tries).astype(jnp.float32)
        samp_exp = _expected_count(prob(cand), n, tries).astype(jnp.float32)
        return cand, true_exp, samp_exp
    return lower


registry.register("LogUniformCandidateSampler", _sampler_infer, _sampler_lower(_log_uniform),
                  stateful=True, differentiable=False)
registry.register("UniformCandidateSampler", _sampler_infer, _sampler_lower(_uniform),
                  stateful=True, differentiable=False)


def _candidate_sampler(op_type, default_name):
    def fn(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
        from .random_ops import seed_attrs
        with name_scope(name, default_name, [true_classes]) as scope:
            t = convert_to_tensor(true_classes, dtype=dtypes.int64, name="true_classes")
            attrs = {"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
                     "range_max": int(range_max)}
            attrs.update(seed_attrs(seed))
            return output_tuple(make_op(op_type, [t], attrs, name=scope),
                                ("sampled_candidates", "true_expected_count", "sampled_expected_count"))
    fn.__name__ = default_name
    return fn


log_uniform_candidate_sampler = export("nn.log_uniform_candidate_sampler", "random.log_uniform_candidate_sampler")(
    _candidate_sampler("LogUniformCandidateSampler", "LogUniformCandidateSampler"))
uniform_candidate_sampler = export("nn.uniform_candidate_sampler", "random.uniform_candidate_sampler")(
    _candidate_sampler("UniformCandidateSampler", "UniformCandidateSampler"))


# --------------------------------------------------------------------- sampled losses

def _sum_rows(x):
    cols = array_ops.shape(x)[1]
    ones_shape = array_ops.stack([cols, 1])
    ones = array_ops.ones(ones_shape, x.dtype)
    return array_ops.reshape(math_ops.matmul(x, ones), [-1])


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                            sampled_values=None, subtract_log_q=True, remove_accidental_hits=False,
                            partition_strategy="mod", name=None, seed=None):
    """TF's `_compute_sampled_logits`. Accidental hits are masked densely (a comparison of the
    sampled ids with the labels) instead of through ComputeAccidentalHits' data-sized sparse
    output; the logits are the same."""
    weights = _param_list(weights)
    with name_scope(name, "compute_sampled_logits", weights + [biases, inputs, labels]):
        labels = convert_to_tensor(labels, name="labels")
        inputs = convert_to_tensor(inputs, name="inputs")
        if labels.dtype != dtypes.int64:
            labels = math_ops.cast(labels, dtypes.int64)
        labels_flat = array_ops.reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(
                true_classes=labels, num_true=num_true, num_sampled=num_sampled, unique=True,
                range_max=num_classes, seed=seed)
        sampled, true_expected_count, sampled_expected_count = (
            array_ops.stop_gradient(s) for s in sampled_values)
        sampled = math_ops.cast(sampled, dtypes.int64)
        all_ids = array_ops.concat([labels_flat, sampled], 0)
        all_w = embedding_lookup(weights, all_ids, partition_strategy=partition_strategy)
        if all_w.dtype != inputs.dtype:
            all_w = math_ops.cast(all_w, inputs.dtype)
        n_true = array_ops.shape(labels_flat)[0]
        true_w = indexing_ops.slice(all_w, [0, 0], array_ops.stack([n_true, -1]))
        sampled_w = indexing_ops.slice(all_w, array_ops.stack([n_true, 0]), [-1, -1])
        sampled_logits = math_ops.matmul(inputs, sampled_w, transpose_b=True)
        all_b = embedding_lookup(biases, all_ids, partition_strategy=partition_strategy)
        if all_b.dtype != inputs.dtype:
            all_b = math_ops.cast(all_b, inputs.dtype)
        true_b = indexing_ops.slice(all_b, [0], array_ops.shape(labels_flat))
        sampled_b = indexing_ops.slice(all_b, array_ops.shape(labels_flat), [-1])
        dim = indexing_ops.slice(array_ops.shape(true_w), [1], [1])
        new_true_w_shape = array_ops.concat([[-1, num_true], dim], 0)
        row_wise_dots = math_ops.multiply(array_ops.expand_dims(inputs, 1),
                                          array_ops.reshape(true_w, new_true_w_shape))
        dots_as_matrix = array_ops.reshape(row_wise_dots, array_ops.concat([[-1], dim], 0))
        true_logits = array_ops.reshape(_sum_rows(dots_as_matrix), [-1, num_true])
        true_b = array_ops.reshape(true_b, [-1, num_true])
        true_logits += true_b
        sampled_logits += sampled_b
        if remove_accidental_hits:
            hits = math_ops.reduce_any(math_ops.equal(
                array_ops.expand_dims(labels, 2),
                array_ops.reshape(sampled, [1, 1, -1])), axis=1)
            sampled_logits += elementwise_ops.where(
                hits, array_ops.fill(array_ops.shape(sampled_logits),
                                     convert_to_tensor(np.finfo(np.float32).min, dtype=sampled_logits.dtype)),
                array_ops.zeros_like(sampled_logits))
        if subtract_log_q:
            true_logits -= math_ops.log(true_expected_count)
            sampled_logits -= math_ops.log(sampled_expected_count)
        out_logits = array_ops.concat([true_logits, sampled_logits], 1)
        out_labels = array_ops.concat([array_ops.ones_like(true_logits) / num_true,
                                       array_ops.zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


@export("nn.nce_loss")
def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
             remove_accidental_hits=False, partition_strategy="mod", name="nce_loss"):
    logits, labels = _compute_sampled_logits(
        weights=weights, biases=biases, labels=labels, inputs=inputs, num_sampled=num_sampled,
        num_classes=num_classes, num_true=num_true, sampled_values=sampled_values, subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits, partition_strategy=partition_strategy, name=name)
    sampled_losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="sampled_losses")
    return _sum_rows(sampled_losses)


@export("nn.sampled_softmax_loss")
def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_values=None, remove_accidental_hits=True, partition_strategy="mod",
                         name="sampled_softmax_loss", seed=None):
    logits, labels = _compute_sampled_logits(
        weights=weights, biases=biases, labels=labels, inputs=inputs, num_sampled=num_sampled,
        num_classes=num_classes, num_true=num_true, sampled_values=sampled_values, subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits, partition_strategy=partition_strategy, name=name,
        seed=seed)
    labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return nn_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)


@export("nn.embedding_lookup_sparse")
def embedding_lookup_sparse(params, sp_ids, sp_weights, partition_strategy="mod", name=None, combiner=None,
                            max_norm=None):
    """TF 1.15's embedding_lookup_sparse: unique ids, one lookup, then a per-row segment reduction."""
    from ..framework.sparse import SparseTensor
    from ..platform import tf_logging as logging
    from . import segment_ops
    if combiner is None:
        logging.warn("The default value of combiner will change from \"mean\" to \"sqrtn\" after 2016/11/01.")
        combiner = "mean"
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum'")
    params = _param_list(params)
    if not isinstance(sp_ids, SparseTensor):
        raise TypeError("sp_ids must be SparseTensor")
    ignore_weights = sp_weights is None
    if not ignore_weights and not isinstance(sp_weights, SparseTensor):
        raise TypeError("sp_weights must be either None or SparseTensor")
    with name_scope(name, "embedding_lookup_sparse", params + [sp_ids]) as name:
        segment_ids = sp_ids.indices[:, 0]
        if segment_ids.dtype != dtypes.int32:
            segment_ids = math_ops.cast(segment_ids, dtypes.int32)
        ids, idx = indexing_ops.unique(sp_ids.values)
        embeddings = embedding_lookup(params, ids, partition_strategy=partition_strategy, max_norm=max_norm)
        orig_dtype = embeddings.dtype
        if orig_dtype in (dtypes.float16, dtypes.bfloat16):
            embeddings = math_ops.cast(embeddings, dtypes.float32)
        if not ignore_weights:
            weights = sp_weights.values
            if weights.dtype != embeddings.dtype:
                weights = math_ops.cast(weights, embeddings.dtype)
            embeddings = indexing_ops.gather(embeddings, idx)
            ones = array_ops.fill(array_ops.expand_dims(array_ops.rank(embeddings) - 1, 0), 1)
            bcast_weights_shape = array_ops.concat([array_ops.shape(weights), ones], 0)
            orig_weights_shape = weights.get_shape()
            weights = array_ops.reshape(weights, bcast_weights_shape)
            if embeddings.get_shape().ndims is not None:
                weights.set_shape(orig_weights_shape.concatenate(
                    [1 for _ in range(embeddings.get_shape().ndims - 1)]))
            embeddings *= weights
            if combiner == "sum":
                embeddings = segment_ops.segment_sum(embeddings, segment_ids, name=name)
            elif combiner == "mean":
                embeddings = segment_ops.segment_sum(embeddings, segment_ids)
                weight_sum = segment_ops.segment_sum(weights, segment_ids)
                embeddings = math_ops.div(embeddings, weight_sum, name=name)
            else:
                embeddings = segment_ops.segment_sum(embeddings, segment_ids)
                weight_sum = segment_ops.segment_sum(math_ops.pow(weights, 2), segment_ids)
                embeddings = math_ops.div(embeddings, math_ops.sqrt(weight_sum), name=name)
        else:
            fn = {"sum": segment_ops.sparse_segment_sum, "mean": segment_ops.sparse_segment_mean,
                  "sqrtn": segment_ops.sparse_segment_sqrt_n}[combiner]
            embeddings = fn(embeddings, idx, segment_ids, name=name)
        if orig_dtype in (dtypes.float16, dtypes.bfloat16):
            embeddings = math_ops.cast(embeddings, orig_dtype)
        return embeddings


# ------------------------------------------------------------------------------------ CTC

def _ctc_infer(op):
    x = in_shape(op)
    dims = x.as_list() if x.ndims is not None else [None, None, None]
    dt = in_dtype(op)
    return [(dt, TensorShape([dims[1]])), (dt, TensorShape(dims))]


def _ctc_lower(ctx, op, logits, indices, values, seq_len):
    """CTC loss of time-major logits: the forward (alpha) recursion in log space over the label
    sequence with blanks interleaved (blank = last class), as in TF's CTCLossCalculator; the second
    output is TF's gradient output (the loss's gradient w.r.t. the logits)."""
    if op._attrs.get("preprocess_collapse_repeated") or not op._attrs.get("ctc_merge_repeated", True):
        raise NotImplementedError("tf1: ctc_loss supports the default preprocess_collapse_repeated=False, "
                                  "ctc_merge_repeated=True")
    t_max, batch, n_cls = logits.shape
    blank = n_cls - 1
    n_lab = max(int(values.shape[0]), 1)  # no label row is longer than all labels together
    indices = jnp.asarray(indices)
    dense = jnp.full((batch, n_lab), blank, jnp.int32).at[indices[:, 0], indices[:, 1]].set(
        jnp.asarray(values, jnp.int32), mode="drop")
    lab_len = jnp.zeros((batch,), jnp.int32).at[indices[:, 0]].add(1, mode="drop")
    seq_len = jnp.asarray(seq_len, jnp.int32)

    def loss_fn(lg):
        logp = jax.nn.log_softmax(lg.astype(jnp.float32), axis=-1)            # [T, B, C]
        s_len = 2 * n_lab + 1
        ext = jnp.full((batch, s_len), blank, jnp.int32).at[:, 1::2].set(dense)
        valid_s = jnp.arange(s_len)[None, :] < (2 * lab_len + 1)[:, None]
        skip = jnp.concatenate([jnp.zeros((batch, 2), bool),
                                (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])], axis=1)
        # A huge finite "log 0": with -inf, logaddexp(-inf, -inf) has a NaN gradient.
        neg = jnp.float32(-1e30)
        emit = jnp.take_along_axis(logp, jnp.broadcast_to(ext[None], (t_max, batch, s_len)), axis=2)
        alpha0 = jnp.where(jnp.arange(s_len)[None, :] < 2, emit[0], neg)
        alpha0 = jnp.where(valid_s, alpha0, neg)

        def step(alpha, inp):
            t, e = inp
            a1 = jnp.concatenate([jnp.full((batch, 1), neg), alpha[:, :-1]], axis=1)
            a2 = jnp.concatenate([jnp.full((batch, 2), neg), alpha[:, :-2]], axis=1)
            a2 = jnp.where(skip, a2, neg)
            new = jnp.logaddexp(jnp.logaddexp(alpha, a1), a2) + e
            new = jnp.where(valid_s, new, neg)
            return jnp.where((t < seq_len)[:, None], new, alpha), None

        alpha, _ = jax.lax.scan(step, alpha0, (jnp.arange(1, t_max), emit[1:]))
        end = 2 * lab_len
        last = jnp.take_along_axis(alpha, end[:, None], axis=1)[:, 0]
        prev = jnp.where(end >= 1, jnp.take_along_axis(alpha, jnp.maximum(end - 1, 0)[:, None], axis=1)[:, 0], neg)
        return -jnp.logaddexp(last, prev)

    loss, grad = jax.value_and_grad(lambda lg: jnp.sum(loss_fn(lg)))(jax.lax.stop_gradient(logits))
    loss = loss_fn(logits)
    if op._attrs.get("ignore_longer_outputs_than_inputs", False):
        feasible = loss < 1e29
        loss = jnp.where(feasible, loss, 0.)
        grad = jnp.where(feasible[None, :, None], grad, 0.)
    return loss.astype(logits.dtype), grad.astype(logits.dtype)


registry.register("CTCLoss", _ctc_infer, _ctc_lower)


@export("nn.ctc_loss")
def ctc_loss(labels, inputs=None, sequence_length=None, preprocess_collapse_repeated=False,
             ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False, time_major=True, logits=None):
    from ..framework.sparse import SparseTensor
    inputs = deprecated_argument_lookup("logits", logits, "inputs", inputs)
    if not isinstance(labels, SparseTensor):
        raise TypeError("Expected labels (first argument) to be a SparseTensor")
    inputs = convert_to_tensor(inputs, name="inputs")
    if not time_major:
        inputs = array_ops.transpose(inputs, [1, 0, 2])
    seq = convert_to_tensor(sequence_length, dtype=dtypes.int32, name="sequence_length")
    op = make_op("CTCLoss", [inputs, labels.indices, labels.values, seq], {
        "T": inputs.dtype.base_dtype, "preprocess_collapse_repeated": bool(preprocess_collapse_repeated),
        "ctc_merge_repeated": bool(ctc_merge_repeated),
        "ignore_longer_outputs_than_inputs": bool(ignore_longer_outputs_than_inputs)}, name="CTCLoss")
    return op.outputs[0]


# ------------------------------------------------------------------------- small composites

@export("nn.swish")
def swish(features):
    features = convert_to_tensor(features, name="features")
    # TF 1.15 defines swish with @custom_gradient, whose graph form returns through an IdentityN.
    return array_ops.identity_n([features * math_ops.sigmoid(features), features])[0]


@export("nn.zero_fraction", "math.zero_fraction")
def zero_fraction(value, name=None):
    with name_scope(name, "zero_fraction", [value]):
        value = convert_to_tensor(value, name="value")
        size = array_ops.size(value, out_type=dtypes.int64)
        num_nonzero = math_ops.reduce_sum(math_ops.cast(math_ops.not_equal(value, array_ops.zeros_like(value)),
                                                        dtypes.int64))
        with name_scope("counts_to_fraction"):
            num_zero = size - num_nonzero
            zero_fraction_float32 = math_ops.cast(num_zero, dtypes.float32) / math_ops.cast(size, dtypes.float32)
        return array_ops.identity(zero_fraction_float32, "fraction")


@export("nn.sufficient_statistics")
def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    keep_dims = _keep_dims(keepdims, keep_dims)
    axes = list(set(axes))
    with name_scope(name, "sufficient_statistics", [x, shift]):
        x = convert_to_tensor(x, name="x")
        x_shape = x.get_shape()
        if x_shape.is_fully_defined():
            counts = 1
            for d in axes:
                counts *= x_shape.as_list()[d]
            counts = array_ops.constant(counts, dtype=x.dtype)
        else:
            x_dims = indexing_ops.gather(math_ops.cast(array_ops.shape(x), x.dtype), axes)
            counts = math_ops.reduce_prod(x_dims, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, name="shift")
            m_ss = math_ops.subtract(x, shift)
            v_ss = math_ops.squared_difference(x, shift)
        else:
            m_ss, v_ss = x, math_ops.square(x)
        m_ss = math_ops.reduce_sum(m_ss, axes, keepdims=keep_dims, name="mean_ss")
        v_ss = math_ops.reduce_sum(v_ss, axes, keepdims=keep_dims, name="var_ss")
    return counts, m_ss, v_ss, shift


@export("nn.log_poisson_loss")
def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    with name_scope(name, "log_poisson_loss", [log_input, targets]) as name:
        log_input = convert_to_tensor(log_input, name="log_input")
        targets = convert_to_tensor(targets, name="targets")
        _check_same_shape(log_input, targets, "log_input", "targets")
        result = math_ops.exp(log_input) - log_input * targets
        if compute_full_loss:
            point_five = array_ops.constant(0.5, dtype=targets.dtype)
            two_pi = array_ops.constant(2 * np.pi, dtype=targets.dtype)
            stirling_approx = (targets * math_ops.log(targets)) - targets + (
                point_five * math_ops.log(two_pi * targets))
            zeros = array_ops.zeros_like(targets, dtype=targets.dtype)
            ones = array_ops.ones_like(targets, dtype=targets.dtype)
            cond = math_ops.logical_and(targets >= zeros, targets <= ones)
            result += elementwise_ops.where(cond, zeros, stirling_approx)
        return result


@export("nn.batch_norm_with_global_normalization")
def batch_norm_with_global_normalization(t=None, m=None, v=None, beta=None, gamma=None, variance_epsilon=None,
                                         scale_after_normalization=None, name=None, input=None,  # noqa: A002
                                         mean=None, variance=None):
    t = deprecated_argument_lookup("input", input, "t", t)
    m = deprecated_argument_lookup("mean", mean, "m", m)
    v = deprecated_argument_lookup("variance", variance, "v", v)
    return batch_normalization(t, m, v, beta, gamma if scale_after_normalization else None, variance_epsilon,
                               name)


@export("nn.pool")
def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None, name=None,  # noqa: A002
         data_format=None, dilations=None):
    from . import pool_ops
    dilation_rate = deprecated_argument_lookup("dilations", dilations, "dilation_rate", dilation_rate)
    n = len(window_shape)
    if dilation_rate is not None and any(int(d) != 1 for d in np.broadcast_to(dilation_rate, (n,))):
        raise NotImplementedError("tf1: tf.nn.pool with dilation_rate > 1")
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError("Invalid pooling_type: %s" % pooling_type)
    strides = [1] * n if strides is None else list(strides)
    with name_scope(name, "%s_pool" % pooling_type.lower(), [input]) as scope:
        if n == 1:
            fn = pool_ops.max_pool1d if pooling_type == "MAX" else pool_ops.avg_pool1d
            return fn(input, window_shape, strides, padding, data_format or "NWC", name=scope)
        if n == 2:
            fn = pool_ops.max_pool if pooling_type == "MAX" else pool_ops.avg_pool
            return fn(input, window_shape, strides, padding, data_format or "NHWC", name=scope)
        fn = pool_ops.max_pool3d if pooling_type == "MAX" else pool_ops.avg_pool3d
        fmt = data_format or "NDHWC"
        ci = 1 if fmt.startswith("NC") else 4
        from .conv_ops import get_sequence
        return fn(input, get_sequence(window_shape, 3, ci, "ksize"), get_sequence(strides, 3, ci, "strides"),
                  padding, fmt, name=scope)
