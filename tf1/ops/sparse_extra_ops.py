"""More `tf.SparseTensor` ops: softmax, reorder, transpose, slice, split, merge, to_indicator,
from_dense, expand_dims, eye, maximum/minimum and reduce_max.

SparseSoftmax, SparseReorder and SparseReduceMax keep static shapes and lower to XLA (so softmax
is differentiable); SparseSlice, SparseSplit and SparseSparseMaximum/Minimum give a data-dependent
number of entries and run on the host. The others are compositions of graph ops, as TF builds
them in python/ops/sparse_ops.py.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export, public
from ..framework import dtypes, registry
from ..framework.graph import Tensor, name_scope
from ..framework.sparse import SparseTensor
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..framework.tensor_util import constant_value
from ._common import TensorShape, in_dtype, in_shape
from .indexing_ops import host_values
from .sparse_ops import convert_to_sparse_tensor


def _nnz_shape(op):
    return TensorShape([in_shape(op, 1).as_list()[0] if in_shape(op, 1).ndims == 1 else None])


def _row_major_order(indices):
    """Permutation sorting the rows of `indices` lexicographically (first column most significant)."""
    if indices.shape[0] == 0:
        return jnp.zeros((0,), jnp.int32)
    return jnp.lexsort(tuple(indices[:, k] for k in reversed(range(indices.shape[1]))))


# ------------------------------------------------------------------------------- SparseSoftmax

def _sparse_softmax_lower(ctx, op, indices, values, shape):
    indices = jnp.asarray(indices)
    values = jnp.asarray(values)
    n = values.shape[0]
    if n == 0:
        return values
    # Entries (in canonical order) that share all but the last index form one softmax group;
    # numbering groups by where the prefix changes keeps every shape static.
    prefix = indices[:, :-1]
    starts = jnp.concatenate([jnp.ones((1,), bool), jnp.any(prefix[1:] != prefix[:-1], axis=1)])
    group = jnp.cumsum(starts.astype(jnp.int32)) - 1
    peak = jax.ops.segment_max(values, group, num_segments=n)
    e = jnp.exp(values - jax.lax.stop_gradient(peak)[group])
    return e / jax.ops.segment_sum(e, group, num_segments=n)[group]


registry.register("SparseSoftmax", lambda op: [(in_dtype(op, 1), _nnz_shape(op))], _sparse_softmax_lower)


@export("sparse.softmax", "sparse_softmax")
def sparse_softmax(sp_input, name=None):
    sp = convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseSoftmax", [sp.indices, sp.values]) as scope:
        out = make_op("SparseSoftmax", [sp.indices, sp.values, sp.dense_shape],
                      {"T": sp.values.dtype.base_dtype}, name=scope).outputs[0]
        return SparseTensor(sp.indices, out, sp.dense_shape)


# ------------------------------------------------------------------------------- SparseReorder

def _sparse_reorder_lower(ctx, op, indices, values, shape):
    order = _row_major_order(jnp.asarray(indices))
    return jnp.asarray(indices)[order], jnp.asarray(values)[order]


registry.register("SparseReorder",
                  lambda op: [(dtypes.int64, in_shape(op, 0)), (in_dtype(op, 1), in_shape(op, 1))],
                  _sparse_reorder_lower, differentiable=False)


@export("sparse.reorder", "sparse_reorder")
def sparse_reorder(sp_input, name=None):
    sp = convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseReorder", [sp.indices, sp.values]) as scope:
        ind, val = make_op("SparseReorder", [sp.indices, sp.values, sp.dense_shape],
                           {"T": sp.values.dtype.base_dtype}, name=scope).outputs
    if sp.get_shape().is_fully_defined():
        dense_shape = sp.get_shape().as_list()
    else:
        dense_shape = public().identity(sp.dense_shape)
    return SparseTensor(ind, val, dense_shape)


@export("sparse.transpose", "sparse_transpose")
def sparse_transpose(sp_input, perm=None, name=None):
    tf = public()
    sp = convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseTranspose", [sp]):
        if perm is None:
            rank = sp.get_shape().ndims
            perm = (rank - 1) - np.arange(0, rank, 1) if rank is not None else \
                (tf.rank(sp) - 1) - tf.range(0, tf.rank(sp), 1)
        transposed_indices = tf.transpose(tf.gather(tf.transpose(sp.indices), perm))
        perm_ = constant_value(convert_to_tensor(perm))
        if perm_ is not None and sp.get_shape().is_fully_defined():
            old = sp.get_shape().as_list()
            new_shape = [old[p] for p in perm_]
        else:
            new_shape = tf.gather(sp.dense_shape, perm)
        return sparse_reorder(SparseTensor(transposed_indices, sp.values, new_shape))


# --------------------------------------------------------------------------------- SparseSlice

def _sparse_slice_infer(op):
    rank = in_shape(op, 0).as_list()[1] if in_shape(op, 0).ndims == 2 else None
    return [(dtypes.int64, TensorShape([None, rank])), (in_dtype(op, 1), TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


def _sparse_slice_lower(ctx, op, indices, values, shape, start, size):
    indices, values, shape, start, size = host_values(op, indices, values, shape, start, size)
    indices = indices.reshape(-1, len(shape)).astype(np.int64)
    end = np.minimum(start + size, shape)
    keep = np.all((indices >= start) & (indices < end), axis=1)
    return (indices[keep] - start, values[keep], np.maximum(end - start, 0).astype(np.int64))


registry.register("SparseSlice", _sparse_slice_infer, _sparse_slice_lower, host=True, differentiable=False)


@export("sparse.slice", "sparse_slice")
def sparse_slice(sp_input, start, size, name=None):
    sp = convert_to_sparse_tensor(sp_input)
    start = convert_to_tensor(start, dtypes.int64)
    size = convert_to_tensor(size, dtypes.int64)
    with name_scope(name, "SparseSlice", [sp]) as scope:
        ind, val, shp = make_op("SparseSlice", [sp.indices, sp.values, sp.dense_shape, start, size],
                                {"T": sp.values.dtype.base_dtype}, name=scope).outputs
        return SparseTensor(ind, val, shp)


# --------------------------------------------------------------------------- merge / indicator

def _sparse_merge_impl(sp_ids, sp_values, vocab_size, name=None, already_sorted=False):
    tf = public()
    if isinstance(vocab_size, (Tensor, int, np.integer)):
        vocab_size = [vocab_size]
        sp_ids = [sp_ids]
    if not isinstance(sp_values, SparseTensor):
        raise TypeError("sp_values must be a SparseTensor")
    for sp_id in sp_ids:
        if not isinstance(sp_id, SparseTensor):
            raise TypeError("sp_ids must be a SparseTensor or a list thereof")
    if len(sp_ids) != len(vocab_size):
        raise ValueError("sp_ids and vocab_size must have the same length")
    with name_scope(name, "SparseMerge", sp_ids + [sp_values]):
        ids_columns = []
        for ids in sp_ids:
            ids_values = ids.values
            if ids_values.dtype != dtypes.int64:
                ids_values = tf.cast(ids_values, dtypes.int64)
            ids_columns.append(tf.expand_dims(ids_values, 1))
        new_indices = tf.concat([sp_values.indices[:, :-1]] + ids_columns, 1)
        new_shape = tf.concat([sp_values.dense_shape[:-1],
                               tf.cast(tf.stack([tf.convert_to_tensor(v) for v in vocab_size]), dtypes.int64)], 0)
        result = SparseTensor(new_indices, sp_values.values, new_shape)
        if already_sorted:
            return result
        sorted_result = sparse_reorder(result)
        return SparseTensor(sorted_result.indices, sorted_result.values, new_shape)


@export("sparse.merge", "sparse_merge")
def sparse_merge(sp_ids, sp_values, vocab_size, name=None, already_sorted=False):
    return _sparse_merge_impl(sp_ids, sp_values, vocab_size, name, already_sorted)


@export("sparse.to_indicator", "sparse_to_indicator")
def sparse_to_indicator(sp_input, vocab_size, name=None):
    tf = public()
    sp = convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseToIndicator", [sp]) as name:
        num_entries = tf.shape(sp.indices)[0]
        new_values = tf.fill(tf.expand_dims(num_entries, 0), True)
        sp_values = SparseTensor(sp.indices, new_values, sp.dense_shape)
        sp_new = _sparse_merge_impl(sp, sp_values, vocab_size, name)
        # Repeated ids are allowed in an indicator matrix: no index validation.
        return tf.sparse.to_dense(sp_new, default_value=False, validate_indices=False, name=name)


@export("sparse.from_dense")
def from_dense(tensor, name=None):
    tf = public()
    with name_scope(name, "dense_to_sparse"):
        tensor = convert_to_tensor(tensor)
        indices = tf.where(tf.not_equal(tensor, tf.constant(0, tensor.dtype)))
        values = tf.gather_nd(tensor, indices)
        shape = tf.shape(tensor, out_type=dtypes.int64)
        return SparseTensor(indices, values, shape)


# ------------------------------------------------------------------- expand_dims / eye / max / min

@export("sparse.expand_dims")
def sparse_expand_dims(sp_input, axis=None, name=None):
    tf = public()
    sp = convert_to_sparse_tensor(sp_input)
    rank = sp.dense_shape.get_shape().as_list()[0]
    axis = -1 if axis is None else axis
    with name_scope(name, "expand_dims", [sp]):
        if isinstance(axis, (int, np.integer)):
            axis = convert_to_tensor(axis, dtypes.int32, name="axis")
        elif not isinstance(axis, Tensor):
            raise TypeError("axis must be an int or tensor")
        axis = tf.where(axis >= 0, axis, axis + rank + 1)
        column_size = tf.shape(sp.indices)[0]
        new_index = tf.zeros([column_size, 1], dtype=dtypes.int64)
        indices_before = tf.slice(sp.indices, [0, 0], tf.stack([-1, axis]))
        indices_after = tf.slice(sp.indices, tf.stack([0, axis]), [-1, -1])
        indices = tf.concat([indices_before, new_index, indices_after], axis=1)
        shape_before = tf.slice(sp.dense_shape, [0], tf.reshape(axis, [1]))
        shape_after = tf.slice(sp.dense_shape, tf.reshape(axis, [1]), [-1])
        new_shape = convert_to_tensor([1], name="new_shape", dtype=dtypes.int64)
        shape = tf.concat([shape_before, new_shape, shape_after], axis=0)
        if rank is not None:
            # The slices' sizes depend on `axis`'s value; their total does not (TF's shape
            # inference folds the constant axis to the same static shapes).
            shape = tf.reshape(shape, [rank + 1])
            n = sp.indices.get_shape().as_list()[0] if sp.indices.get_shape().ndims == 2 else None
            indices = tf.reshape(indices, [-1 if n is None else n, rank + 1])
        return SparseTensor(indices=indices, values=sp.values, dense_shape=shape)


def _make_int64_tensor(value, name):
    if isinstance(value, (int, np.integer)):
        return convert_to_tensor(value, name=name, dtype=dtypes.int64)
    if not isinstance(value, Tensor):
        raise TypeError("{} must be an integer value".format(name))
    if value.dtype == dtypes.int64:
        return value
    return public().cast(value, dtypes.int64)


@export("sparse.eye")
def sparse_eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None):
    tf = public()
    with name_scope(name, "eye", [num_rows, num_columns]):
        num_rows = _make_int64_tensor(num_rows, "num_rows")
        num_columns = num_rows if num_columns is None else _make_int64_tensor(num_columns, "num_columns")
        diag_size = tf.minimum(num_rows, num_columns)
        diag_range = tf.range(diag_size, dtype=dtypes.int64)
        return SparseTensor(indices=tf.stack([diag_range, diag_range], axis=1),
                            values=tf.ones(diag_size, dtype=dtype), dense_shape=[num_rows, num_columns])


def _union_lower(fn):
    def lower(ctx, op, a_i, a_v, a_s, b_i, b_v, b_s):
        a_i, a_v, a_s, b_i, b_v, b_s = host_values(op, a_i, a_v, a_s, b_i, b_v, b_s)
        # The union of both index sets; an entry missing on one side counts as an implicit zero.
        a = {tuple(i): v for i, v in zip(a_i.tolist(), a_v)}
        b = {tuple(i): v for i, v in zip(b_i.tolist(), b_v)}
        keys = sorted(set(a) | set(b))
        zero = np.zeros((), a_v.dtype)
        vals = np.array([fn(a.get(k, zero), b.get(k, zero)) for k in keys], dtype=a_v.dtype)
        return np.array(keys, dtype=np.int64).reshape(-1, a_i.shape[1]), vals
    return lower


def _union_infer(op):
    return [(dtypes.int64, TensorShape([None, None])), (in_dtype(op, 1), TensorShape([None]))]


registry.register("SparseSparseMaximum", _union_infer, _union_lower(np.maximum), host=True, differentiable=False)
registry.register("SparseSparseMinimum", _union_infer, _union_lower(np.minimum), host=True, differentiable=False)


def _union_op(op_type, sp_a, sp_b, name):
    sp_a, sp_b = convert_to_sparse_tensor(sp_a), convert_to_sparse_tensor(sp_b)
    with name_scope(name, op_type, [sp_a.indices, sp_a.values, sp_b.indices, sp_b.values]) as name:
        ind, val = make_op(op_type, [sp_a.indices, sp_a.values, sp_a.dense_shape, sp_b.indices, sp_b.values,
                                     sp_b.dense_shape], {"T": sp_a.values.dtype.base_dtype}, name=name).outputs
    return SparseTensor(ind, val, sp_a.dense_shape)


@export("sparse.maximum", "sparse_maximum")
def sparse_maximum(sp_a, sp_b, name=None):
    return _union_op("SparseSparseMaximum", sp_a, sp_b, name)


@export("sparse.minimum", "sparse_minimum")
def sparse_minimum(sp_a, sp_b, name=None):
    return _union_op("SparseSparseMinimum", sp_a, sp_b, name)


# ------------------------------------------------------------------------------- SparseReduceMax

def _sparse_reduce_max_lower(ctx, op, indices, values, shape, axes):
    from .array_ops import static_ints
    from .sparse_ops import _index_tuple
    dims = tuple(static_ints(op, 2, shape))
    values = jnp.asarray(values)
    lowest = -jnp.inf if jnp.issubdtype(values.dtype, jnp.floating) else jnp.iinfo(values.dtype).min
    # Only the present values take part: implicit zeros are not candidates for the maximum; an
    # output with no present value at all is 0.
    where = _index_tuple(indices, len(dims))
    dense = jnp.full(dims, lowest, dtype=values.dtype).at[where].max(values)
    present = jnp.zeros(dims, dtype=bool).at[where].set(True)
    ax = tuple(sorted({a % len(dims) for a in static_ints(op, 3, axes)}))
    keep = bool(op._attrs["keep_dims"])
    return jnp.where(jnp.any(present, axis=ax, keepdims=keep), jnp.max(dense, axis=ax, keepdims=keep),
                     jnp.zeros((), values.dtype))


def _register_reduce_max():
    from .sparse_ops import _sparse_reduce_infer
    registry.register("SparseReduceMax", _sparse_reduce_infer, _sparse_reduce_max_lower, differentiable=False)


_register_reduce_max()


@export("sparse.reduce_max", "sparse_reduce_max")
def sparse_reduce_max(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
    from .indexing_ops import gen_op
    if reduction_axes is not None:
        axis = reduction_axes
    if keep_dims is not None:
        keepdims = keep_dims
    sp = convert_to_sparse_tensor(sp_input)
    name = None
    if axis is None:
        n = sp.dense_shape.get_shape().as_list()[0]
        axis = public().constant(np.arange(n, dtype=np.int32))
        name = "SparseReduceMax"
    return gen_op("SparseReduceMax", [("input_indices", sp.indices, dtypes.int64, None),
                                      ("input_values", sp.values, "T", None),
                                      ("input_shape", sp.dense_shape, dtypes.int64, None),
                                      ("reduction_axes", axis, dtypes.int32, None)],
                  lambda i, v, s, a: {"T": v.dtype.base_dtype, "keep_dims": bool(keepdims)}, name=name)


# ------------------------------------------------------------------------------------ SparseSplit

def _sparse_split_infer(op):
    n = op.get_attr("num_split")
    rank = in_shape(op, 1).as_list()[1] if in_shape(op, 1).ndims == 2 else None
    return ([(dtypes.int64, TensorShape([None, rank]))] * n + [(in_dtype(op, 2), TensorShape([None]))] * n
            + [(dtypes.int64, TensorShape([rank]))] * n)


def _sparse_split_lower(ctx, op, split_dim, indices, values, shape):
    split_dim, indices, values, shape = host_values(op, split_dim, indices, values, shape)
    n = op.get_attr("num_split")
    axis = int(split_dim) % len(shape)
    size = int(shape[axis])
    # TF's rule: the first size % n pieces are one longer.
    small, extra = divmod(size, n)
    bounds = np.cumsum([0] + [small + (1 if i < extra else 0) for i in range(n)])
    out_i, out_v, out_s = [], [], []
    for k in range(n):
        keep = (indices[:, axis] >= bounds[k]) & (indices[:, axis] < bounds[k + 1])
        idx = indices[keep].astype(np.int64).copy()
        idx[:, axis] -= bounds[k]
        piece = shape.astype(np.int64).copy()
        piece[axis] = bounds[k + 1] - bounds[k]
        out_i.append(idx)
        out_v.append(values[keep])
        out_s.append(piece)
    return tuple(out_i + out_v + out_s)


registry.register("SparseSplit", _sparse_split_infer, _sparse_split_lower, host=True, differentiable=False)


@export("sparse.split", "sparse_split")
def sparse_split(keyword_required=None, sp_input=None, num_split=None, axis=None, name=None, split_dim=None):
    if keyword_required is not None:
        raise ValueError("Keyword arguments are required for this function.")
    if sp_input is None:
        raise ValueError("sp_input is required")
    if num_split is None:
        raise ValueError("num_split is required")
    if axis is None:
        axis = split_dim
    if axis is None:
        raise ValueError("axis is required")
    sp = convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseSplit", [sp]) as scope:
        axis_t = convert_to_tensor(axis, dtypes.int64, name="split_dim")
        outs = make_op("SparseSplit", [axis_t, sp.indices, sp.values, sp.dense_shape],
                       {"T": sp.values.dtype.base_dtype, "num_split": int(num_split)}, name=scope).outputs
    n = int(num_split)
    return [SparseTensor(outs[k], outs[n + k], outs[2 * n + k]) for k in range(n)]


# ------------------------------------------------------------------------------------ reset_shape

@export("sparse.reset_shape", "sparse_reset_shape")
def sparse_reset_shape(sp_input, new_shape=None):
    tf = public()
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor")
    in_indices = tf.identity(sp_input.indices)
    in_values = tf.identity(sp_input.values)
    in_shape = tf.identity(sp_input.dense_shape)
    if new_shape is None:
        dim_low_bound = tf.reduce_max(in_indices, axis=0)
        output_shape = tf.maximum(tf.constant(0, dtype=dtypes.int64), tf.add(dim_low_bound, tf.ones_like(in_shape)))
        return SparseTensor(in_indices, in_values, output_shape)
    output_shape = convert_to_tensor(new_shape)
    output_shape.get_shape().assert_has_rank(1)
    output_shape = tf.cast(output_shape, dtypes.int64)
    if output_shape.get_shape().ndims is not None:
        output_shape.get_shape()[:1].assert_is_compatible_with(in_shape.get_shape()[:1])
    output_shape_const = constant_value(output_shape)
    if output_shape_const is not None and sp_input.get_shape().is_fully_defined():
        in_shape_const = np.array(sp_input.get_shape().as_list())
        if not np.all(in_shape_const <= output_shape_const):
            # (TF's message names the two shapes the other way round.)
            raise ValueError("Requested new_shape should have dimension sizes >= sp_input.shape.  Found new_shape "
                             "(%s), sp_input.shape (%s)." % (in_shape_const, output_shape_const))
        output_shape = output_shape_const
    else:
        with tf.control_dependencies([tf.debugging.assert_equal(tf.shape(in_shape), tf.shape(output_shape))]):
            output_shape = tf.identity(output_shape)
        with tf.control_dependencies([tf.debugging.assert_less_equal(in_shape, output_shape)]):
            output_shape = tf.identity(output_shape)
    return SparseTensor(in_indices, in_values, output_shape)


# ------------------------------------------------------------------------------------- SparseCross

def _cross_lower(ctx, op, *inputs):
    inputs = host_values(op, *inputs)
    n = op.get_attr("N")
    indices, values, shapes, dense = inputs[:n], inputs[n:2 * n], inputs[2 * n:3 * n], inputs[3 * n:]
    batch = int(shapes[0][0]) if n else int(dense[0].shape[0])

    def text(v):
        return v if isinstance(v, bytes) else str(int(v)).encode()

    # Per input, per row: its features in column order (sparse inputs first, then dense ones).
    columns = []
    for ind, val in zip(indices, values):
        rows = [[] for _ in range(batch)]
        for (r, _), v in sorted(zip(map(tuple, ind.tolist()), val), key=lambda p: p[0]):
            rows[r].append(text(v))
        columns.append(rows)
    for d in dense:
        columns.append([[text(v) for v in np.reshape(d[r], [-1])] for r in range(batch)])
    out_idx, out_val, width = [], [], 0
    for r in range(batch):
        crosses = [b""]
        for col in columns:
            # The first input varies slowest, as TF's product iterator walks the inputs.
            crosses = [(c + b"_X_" + f if c else f) for c in crosses for f in col[r]]
        if not columns:
            crosses = []
        for k, c in enumerate(crosses):
            out_idx.append([r, k])
            out_val.append(c)
        width = max(width, len(crosses))
    return (np.array(out_idx, np.int64).reshape(-1, 2), np.array(out_val, dtype=object),
            np.array([batch, width], np.int64))


registry.register("SparseCross", lambda op: [(dtypes.int64, TensorShape([None, 2])),
                                             (dtypes.string, TensorShape([None])),
                                             (dtypes.int64, TensorShape([2]))],
                  _cross_lower, host=True, differentiable=False)


@export("sparse.cross")
def sparse_cross(inputs, name=None):
    """String crosses of the features of each row ("a_X_b"); int features print as decimals."""
    tf = public()
    if not isinstance(inputs, list):
        raise TypeError("Inputs must be a list")
    if not all(isinstance(i, (SparseTensor, Tensor)) for i in inputs):
        raise TypeError("All inputs must be SparseTensors")
    sparse_inputs = [i for i in inputs if isinstance(i, SparseTensor)]
    dense_inputs = [i for i in inputs if not isinstance(i, SparseTensor)]
    values = [sp.values if sp.values.dtype == dtypes.string else tf.cast(sp.values, dtypes.int64)
              for sp in sparse_inputs]
    dense_inputs = [d if d.dtype == dtypes.string else tf.cast(d, dtypes.int64) for d in dense_inputs]
    ind, val, shp = make_op("SparseCross", [sp.indices for sp in sparse_inputs] + values
                            + [sp.dense_shape for sp in sparse_inputs] + dense_inputs,
                            {"N": len(sparse_inputs), "hashed_output": False, "num_buckets": 0,
                             "out_type": dtypes.string}, name=name or "SparseCross").outputs
    return SparseTensor(ind, val, shp)


@export("sparse.cross_hashed")
def sparse_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    raise NotImplementedError("tf.sparse.cross_hashed needs TF's FarmHash Fingerprint64 of each cross, which "
                              "tf1 does not implement; use tf.sparse.cross (string crosses) instead")
