"""Segment reductions (sorted, unsorted, sparse), bincount and confusion_matrix.

Ops whose output size is the largest segment id + 1 (SegmentSum, SparseSegmentSum, Bincount, ...)
have data-dependent shapes, which XLA cannot compile: they are host ops. Their lowerings use
jax.numpy all the same, so a gradient through them works wherever the ids are known values.
The unsorted and `..._with_num_segments` forms take the count as an input and run on the device.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import constant_value
from . import array_ops, math_ops
from .indexing_ops import check_indices
from ._common import TensorShape, in_dtype, in_shape, unknown
from .elementwise_ops import INTS, check_type, shape_error, with_rank, with_rank_at_least


def _merge_dim(op, a, b):
    if a is not None and b is not None and a != b:
        raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (a, b))
    return a if a is not None else b


def _segment_infer(op):
    data = with_rank_at_least(op, in_shape(op, 0), 1)
    ids = with_rank(op, in_shape(op, 1), 1)
    if data.ndims is None:
        return [(in_dtype(op), unknown())]
    _merge_dim(op, data.as_list()[0], ids.as_list()[0])
    return [(in_dtype(op), TensorShape([None] + data.as_list()[1:]))]


def _sparse_segment_infer(op):
    data = with_rank_at_least(op, in_shape(op, 0), 1)
    idx = with_rank(op, in_shape(op, 1), 1)
    ids = with_rank(op, in_shape(op, 2), 1)
    _merge_dim(op, idx.as_list()[0], ids.as_list()[0])
    n = None
    if len(op._inputs) == 4:
        v = constant_value(op._inputs[3])
        n = None if v is None else int(v)
    if data.ndims is None:
        return [(in_dtype(op), unknown())]
    return [(in_dtype(op), TensorShape([n] + data.as_list()[1:]))]


def _unsorted_infer(op):
    data, ids = in_shape(op, 0), in_shape(op, 1)
    with_rank(op, in_shape(op, 2), 0)
    if ids.ndims is None or data.ndims is None:
        return [(in_dtype(op), unknown())]
    if data.ndims < ids.ndims:
        raise shape_error(op, "Shape must be at least rank %d but is rank %d" % (ids.ndims, data.ndims))
    for a, b in zip(data.as_list(), ids.as_list()):
        _merge_dim(op, a, b)
    n = constant_value(op._inputs[2])
    return [(in_dtype(op), TensorShape([None if n is None else int(n)] + data.as_list()[ids.ndims:]))]


# ---------------------------------------------------------------------------------- kernels

def _reduce(kind, data, ids, num):
    """Segment reduction of `data` rows by `ids` into `num` segments with TF's empty-segment values:
    sorted ops give 0 (prod 1); unsorted max/min give the dtype's lowest/highest value."""
    data = jnp.asarray(data)
    ids = jnp.asarray(ids).astype(jnp.int32)
    dt = data.dtype
    count = jax.ops.segment_sum(jnp.ones(ids.shape, dt), ids, num_segments=num)
    count = count.reshape((num,) + (1,) * (data.ndim - 1))
    if kind in ("sum", "mean", "sqrt_n"):
        out = jax.ops.segment_sum(data, ids, num_segments=num)
        if kind == "mean":
            out = out / jnp.maximum(count, 1).astype(dt)
        elif kind == "sqrt_n":
            out = out / jnp.sqrt(jnp.maximum(count, 1)).astype(dt)
        return out.astype(dt)
    if kind == "prod":
        return _segment_prod(data, ids, num).astype(dt)
    fn = jax.ops.segment_max if kind in ("max", "umax") else jax.ops.segment_min
    out = fn(data, ids, num_segments=num)
    if kind in ("max", "min"):
        empty = jnp.zeros((), dt)
    else:
        info = jnp.finfo(dt) if jnp.issubdtype(dt, jnp.floating) else jnp.iinfo(dt)
        empty = jnp.asarray(info.min if kind == "umax" else info.max, dt)
    return jnp.where(count > 0, out, empty).astype(dt)


def _segment_prod(data, ids, num):
    """Per-segment products as a segmented scan over the rows sorted by id: unlike
    jax.ops.segment_prod (a scatter-multiply), JAX differentiates it for repeated ids, zeros
    included (TF's UnsortedSegmentProd gradient)."""
    out = jnp.ones((num,) + data.shape[1:], data.dtype)
    if data.shape[0] == 0:
        return out
    order = jnp.argsort(ids, stable=True)
    sids, sdata = ids[order], data[order]
    start = jnp.concatenate([jnp.ones((1,), bool), sids[1:] != sids[:-1]])
    end = jnp.concatenate([sids[1:] != sids[:-1], jnp.ones((1,), bool)])
    start = jnp.broadcast_to(start.reshape((-1,) + (1,) * (data.ndim - 1)), data.shape)

    def combine(a, b):
        return jnp.where(b[1], b[0], a[0] * b[0]), a[1] | b[1]

    prods, _ = jax.lax.associative_scan(combine, (sdata, start), axis=0)
    # Each segment's product sits at its last row; ids out of [0, num) (dropped rows) go nowhere.
    return out.at[jnp.where(end, sids, num)].set(prods, mode="drop")


def _known_ids(op, i, runtime):
    """Segment ids as numpy: the graph's constant if it is one (a gradient's re-traced forward
    sees them as traced values), else the run's concrete value."""
    v = constant_value(op._inputs[i])
    if v is not None:
        return np.asarray(v)
    if isinstance(runtime, jax.core.Tracer):
        raise NotImplementedError("tf1: %s (%s) needs segment ids known outside compiled code; this "
                                  "gradient re-traces it with ids computed at run time" % (op.name, op.type))
    return np.asarray(runtime)


def _num_from_ids(ids):
    return int(ids.max()) + 1 if ids.size else 0


def _check_sorted(op, ids):
    """TF's SegmentReductionOp checks: the output has ids[-1] + 1 rows; segment by segment, the next
    id must be larger, then the id must be a row."""
    if not ids.size:
        return
    rows = int(ids[-1]) + 1
    if rows < 0:
        raise errors.InvalidArgumentError(None, op, "segment ids must be >= 0")
    starts = ids[np.concatenate([[True], ids[1:] != ids[:-1]])]
    not_increasing = np.append(starts[:-1] >= starts[1:], False)
    bad = not_increasing | (starts < 0) | (starts >= rows)
    if bad.any():
        j = int(np.argmax(bad))
        if not_increasing[j]:
            raise errors.InvalidArgumentError(None, op, "segment ids are not increasing")
        raise errors.InvalidArgumentError(None, op, "Segment id %d out of range [0, %d), possibly because "
                                          "'segment_ids' input is not sorted." % (starts[j], rows))


def _segment_lowering(kind):
    def lower(ctx, op, data, ids):
        ids = _known_ids(op, 1, ids)
        _check_sorted(op, ids)
        return _reduce(kind, data, ids, _num_from_ids(ids))
    return lower


def _sparse_lowering(kind):
    def lower(ctx, op, data, indices, ids, num=None):
        if num is not None:
            n = array_ops.static_ints(op, 3, num)[0]
        else:
            ids = _known_ids(op, 2, ids)
            n = _num_from_ids(ids)
        return _reduce(kind, jnp.take(jnp.asarray(data), jnp.asarray(indices), axis=0), ids, n)
    return lower


def _unsorted_lowering(kind):
    def lower(ctx, op, data, ids, num):
        n = array_ops.static_ints(op, 2, num)[0]
        data = jnp.asarray(data)
        ids = jnp.asarray(ids)
        # Ids of any rank index the leading dimensions of data: flatten both to one segment axis.
        flat = data.reshape((-1,) + data.shape[ids.ndim:])
        # Negative ids drop their rows, as in TF; ids >= num_segments are TF's error.
        check_indices(ctx, op, jnp.where(ids < 0, 0, ids), n, "segment_ids", "is out of range")
        flat_ids = jnp.where(ids < 0, n, ids).reshape(-1)
        return _reduce(kind, flat, flat_ids, n)
    return lower


for _kind, _suffix in (("sum", "Sum"), ("mean", "Mean"), ("max", "Max"), ("min", "Min"), ("prod", "Prod")):
    # TF 1.15 registers no SegmentProd gradient: tf.gradients through it raises LookupError.
    registry.register("Segment" + _suffix, _segment_infer, _segment_lowering(_kind), host=True,
                      differentiable=None if _suffix == "Prod" else True)
for _kind, _suffix in (("sum", "Sum"), ("mean", "Mean"), ("sqrt_n", "SqrtN")):
    registry.register("SparseSegment" + _suffix, _sparse_segment_infer, _sparse_lowering(_kind), host=True)
    registry.register("SparseSegment%sWithNumSegments" % _suffix, _sparse_segment_infer, _sparse_lowering(_kind))
for _kind, _suffix in (("sum", "Sum"), ("umax", "Max"), ("umin", "Min"), ("prod", "Prod")):
    registry.register("UnsortedSegment" + _suffix, _unsorted_infer, _unsorted_lowering(_kind))


# --------------------------------------------------------------------------- public functions

def _convert_ids(v, name):
    t = convert_to_tensor(v, name=name)
    check_type(t, name, INTS)
    return t


def _segment(op_type):
    def fn(data, segment_ids, name=None):
        with name_scope(name, op_type, [data, segment_ids]) as scope:
            d = convert_to_tensor(data, name="data")
            ids = _convert_ids(segment_ids, "segment_ids")
            return op_output(op_type, [d, ids], {"T": d.dtype.base_dtype, "Tindices": ids.dtype.base_dtype},
                             name=scope)
    return fn


segment_sum = export("segment_sum", "math.segment_sum")(_segment("SegmentSum"))
segment_mean = export("segment_mean", "math.segment_mean")(_segment("SegmentMean"))
segment_max = export("segment_max", "math.segment_max")(_segment("SegmentMax"))
segment_min = export("segment_min", "math.segment_min")(_segment("SegmentMin"))
segment_prod = export("segment_prod", "math.segment_prod")(_segment("SegmentProd"))


def _unsorted(op_type):
    def fn(data, segment_ids, num_segments, name=None):
        with name_scope(name, op_type, [data, segment_ids, num_segments]) as scope:
            d = convert_to_tensor(data, name="data")
            ids = _convert_ids(segment_ids, "segment_ids")
            n = convert_to_tensor(num_segments, preferred_dtype=dtypes.int32, name="num_segments")
            return op_output(op_type, [d, ids, n], {"T": d.dtype.base_dtype, "Tindices": ids.dtype.base_dtype,
                                                    "Tnumsegments": n.dtype.base_dtype}, name=scope)
    return fn


unsorted_segment_sum = export("unsorted_segment_sum", "math.unsorted_segment_sum")(
    _unsorted("UnsortedSegmentSum"))
unsorted_segment_max = export("unsorted_segment_max", "math.unsorted_segment_max")(
    _unsorted("UnsortedSegmentMax"))
unsorted_segment_min = export("unsorted_segment_min", "math.unsorted_segment_min")(
    _unsorted("UnsortedSegmentMin"))
unsorted_segment_prod = export("unsorted_segment_prod", "math.unsorted_segment_prod")(
    _unsorted("UnsortedSegmentProd"))


def _unsorted_segment_n(data, segment_ids, num_segments):
    """TF 1.15's per-segment entry count (0 made 1), shaped to broadcast against the sums."""
    ones = array_ops.ones(array_ops.shape(segment_ids), dtype=data.dtype.base_dtype)
    n = unsorted_segment_sum(ones, segment_ids, num_segments)
    extra = data.get_shape().ndims - segment_ids.get_shape().ndims
    n = array_ops.reshape(n, [num_segments] + [1] * extra)
    return math_ops.maximum(n, 1)


def _unsorted_normalized_sum(default_name, normalizer, data, segment_ids, num_segments, name):
    """The unsorted segment sums divided by `normalizer(per-segment count)`."""
    with name_scope(name, default_name):
        data = convert_to_tensor(data)
        segment_ids = convert_to_tensor(segment_ids)
        n = _unsorted_segment_n(data, segment_ids, num_segments)
        return unsorted_segment_sum(data, segment_ids, num_segments) / normalizer(n)


@export("unsorted_segment_mean", "math.unsorted_segment_mean")
def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    return _unsorted_normalized_sum("UnsortedSegmentMean", lambda n: n, data, segment_ids, num_segments, name)


@export("unsorted_segment_sqrt_n", "math.unsorted_segment_sqrt_n")
def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    return _unsorted_normalized_sum("UnsortedSegmentSqrtN", math_ops.sqrt, data, segment_ids, num_segments,
                                    name)


def _sparse(suffix):
    def fn(data, indices, segment_ids, name=None, num_segments=None):
        op_type = "SparseSegment" + suffix + ("WithNumSegments" if num_segments is not None else "")
        with name_scope(name, op_type, [data, indices, segment_ids]) as scope:
            d = convert_to_tensor(data, name="data")
            idx = _convert_ids(indices, "indices")
            ids = convert_to_tensor(segment_ids, dtype=dtypes.int32, name="segment_ids")
            inputs = [d, idx, ids]
            attrs = {"T": d.dtype.base_dtype, "Tidx": idx.dtype.base_dtype}
            if num_segments is not None:
                n = convert_to_tensor(num_segments, preferred_dtype=dtypes.int32, name="num_segments")
                inputs.append(n)
                attrs["Tnumsegments"] = n.dtype.base_dtype
            return op_output(op_type, inputs, attrs, name=scope)
    return fn


sparse_segment_sum = export("sparse_segment_sum", "sparse.segment_sum")(_sparse("Sum"))
sparse_segment_mean = export("sparse_segment_mean", "sparse.segment_mean")(_sparse("Mean"))
sparse_segment_sqrt_n = export("sparse_segment_sqrt_n", "sparse.segment_sqrt_n")(_sparse("SqrtN"))


# ------------------------------------------------------------------------------------ bincount

def _bincount_infer(op):
    with_rank(op, in_shape(op, 1), 0)
    size = constant_value(op._inputs[1])
    return [(in_dtype(op, 2), TensorShape([None if size is None else int(size)]))]


def _bincount_lower(ctx, op, arr, size, weights):
    arr = np.asarray(arr).reshape(-1)
    size = int(np.asarray(size))
    if size < 0:
        from ..framework.errors import InvalidArgumentError
        raise InvalidArgumentError(None, op, "size (%d) must be non-negative" % size)
    if arr.size and arr.min() < 0:
        from ..framework.errors import InvalidArgumentError
        raise InvalidArgumentError(None, op, "Input arr must be non-negative!")
    w = np.asarray(weights)
    keep = (arr >= 0) & (arr < size)
    out = np.zeros([size], w.dtype)
    np.add.at(out, arr[keep], w.reshape(-1)[keep] if w.size else 1)
    return out


registry.register("Bincount", _bincount_infer, _bincount_lower, host=True, differentiable=False)


@export("bincount", "math.bincount")
def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32):
    """TF 1.15's bincount: the output size is max(arr) + 1 (0 for an empty arr), clipped by
    minlength/maxlength; weighted counts are an UnsortedSegmentSum."""
    with name_scope("bincount"):
        arr = convert_to_tensor(arr, name="arr", dtype=dtypes.int32)
        nonempty = math_ops.reduce_prod(array_ops.shape(arr)) > 0
        output_size = math_ops.cast(nonempty, dtypes.int32) * (math_ops.reduce_max(arr) + 1)
        if minlength is not None:
            minlength = convert_to_tensor(minlength, name="minlength", dtype=dtypes.int32)
            output_size = math_ops.maximum(minlength, output_size)
        if maxlength is not None:
            maxlength = convert_to_tensor(maxlength, name="maxlength", dtype=dtypes.int32)
            output_size = math_ops.minimum(maxlength, output_size)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            return unsorted_segment_sum(weights, arr, output_size)
        weights = array_ops.constant([], dtype)
        return op_output("Bincount", [arr, output_size, weights], {"T": weights.dtype.base_dtype})


# ---------------------------------------------------------------------------- confusion_matrix

def _confusion_infer(op):
    n = constant_value(op._inputs[2])
    dim = None if n is None else int(n)
    return [(op._attrs["dtype"], TensorShape([dim, dim]))]


def _confusion_lower(ctx, op, labels, predictions, num_classes, weights):
    n = array_ops.static_ints(op, 2, num_classes)[0]
    idx = jnp.asarray(labels).astype(jnp.int64) * n + jnp.asarray(predictions).astype(jnp.int64)
    out = jax.ops.segment_sum(jnp.asarray(weights), idx.astype(jnp.int32), num_segments=n * n)
    return out.reshape(n, n)


# One op for TF's scatter of (label, prediction) pairs: tf1 has no SparseTensor add kernel here.
registry.register("ConfusionMatrix", _confusion_infer, _confusion_lower, differentiable=False)


@export("confusion_matrix", "math.confusion_matrix")
def confusion_matrix(labels, predictions, num_classes=None, dtype=dtypes.int32, name=None, weights=None):
    with name_scope(name, "confusion_matrix", [predictions, labels, num_classes, weights]) as scope:
        labels = convert_to_tensor(labels, name="labels")
        predictions = convert_to_tensor(predictions, name="predictions")
        predictions = math_ops.cast(predictions, dtypes.int64)
        labels = math_ops.cast(labels, dtypes.int64)
        if num_classes is None:
            num_classes = math_ops.maximum(math_ops.reduce_max(predictions), math_ops.reduce_max(labels)) + 1
        num_classes = math_ops.cast(num_classes, dtypes.int64)
        dtype = dtypes.as_dtype(dtype)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.get_shape().assert_is_compatible_with(weights.get_shape())
            weights = math_ops.cast(weights, dtype)
        else:
            weights = array_ops.ones_like(predictions, dtype=dtype)
        return op_output("ConfusionMatrix", [labels, predictions, num_classes, weights], {"dtype": dtype},
                         name=scope)
