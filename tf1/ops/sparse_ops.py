"""Sparse basics over `tf.SparseTensor`: to-dense, add, sparse x dense matmul, reshape, concat,
reduce_sum, retain, fill_empty_rows, and sparse placeholders (`tf.sparse.*` names too).

Ops whose number of output entries depends on the data (SparseAdd, SparseFillEmptyRows) are host
ops; the others keep the number of entries and lower to XLA.
"""
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework.deprecation import deprecated_argument_lookup
from ..framework import dtypes, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.sparse import SparseTensor, SparseTensorValue
from ..framework.tensor_conversion import convert_to_tensor, make_op
from . import array_ops
from ._common import TensorShape, in_dtype, in_shape, shape_of_const, unknown
from .array_ops import static_ints
from .indexing_ops import INDEX_TYPES, const_ints, gen_op, host_values


def convert_to_sparse_tensor(sp_input):
    if isinstance(sp_input, SparseTensorValue):
        return SparseTensor.from_value(sp_input)
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return sp_input


def _index_tuple(indices, rank):
    indices = jnp.reshape(indices, (-1, rank)) if jnp.ndim(indices) != 2 else indices
    return tuple(indices[:, k] for k in range(rank))


# ------------------------------------------------------------------------------- SparseToDense

def _sparse_to_dense_infer(op):
    return [(in_dtype(op, 2), shape_of_const(op._inputs[1]))]


def _sparse_to_dense_lower(ctx, op, indices, shape, values, default):
    indices, shape, values, default = host_values(op, indices, shape, values, default)
    dims = tuple(static_ints(op, 1, shape))
    indices = jnp.asarray(indices)
    if indices.ndim < 2:
        indices = jnp.reshape(indices, (-1, 1)) if len(dims) == 1 else jnp.reshape(indices, (1, -1))
    out = jnp.full(dims, default, dtype=jnp.result_type(values))
    vals = jnp.broadcast_to(values, (indices.shape[0],))
    return out.at[_index_tuple(indices, len(dims))].set(vals)


# The output shape is an input's value: fed (a sparse_placeholder's dense_shape) it is only known
# when the step runs, so the op runs on the host.
registry.register("SparseToDense", _sparse_to_dense_infer, _sparse_to_dense_lower, host=True)


@export("sparse_to_dense")
def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True,
                    name=None):
    return gen_op("SparseToDense", [("sparse_indices", sparse_indices, "Tindices", INDEX_TYPES),
                                    ("output_shape", output_shape, "Tindices", INDEX_TYPES),
                                    ("sparse_values", sparse_values, "T", None),
                                    ("default_value", default_value, "T", None)],
                  lambda i, s, v, d: {"T": v.dtype.base_dtype, "Tindices": i.dtype.base_dtype,
                                      "validate_indices": bool(validate_indices)}, name=name)


@export("sparse.to_dense", "sparse_tensor_to_dense")
def sparse_tensor_to_dense(sp_input, default_value=0, validate_indices=True, name=None):
    sp = convert_to_sparse_tensor(sp_input)
    return sparse_to_dense(sp.indices, sp.dense_shape, sp.values, default_value=default_value,
                           validate_indices=validate_indices, name=name)


# ------------------------------------------------------------------------------ SparseAdd

def _sparse_add_infer(op):
    dt = in_dtype(op, 1)
    return [(dtypes.int64, TensorShape([None, in_shape(op, 0).as_list()[1] if in_shape(op, 0).ndims == 2
                                        else None])),
            (dt, TensorShape([None])), (dtypes.int64, in_shape(op, 2))]


def _sparse_add_lower(ctx, op, a_i, a_v, a_s, b_i, b_v, b_s, thresh):
    a_i, a_v, a_s, b_i, b_v, b_s, thresh = host_values(op, a_i, a_v, a_s, b_i, b_v, b_s, thresh)
    sums = {}
    for idx, val in zip(map(tuple, a_i.tolist()), a_v):
        sums[idx] = sums.get(idx, 0) + val
    for idx, val in zip(map(tuple, b_i.tolist()), b_v):
        sums[idx] = sums.get(idx, 0) + val
    keys = sorted(k for k, v in sums.items() if np.abs(v) >= thresh)
    rank = a_i.shape[1]
    return (np.array(keys, dtype=np.int64).reshape(-1, rank),
            np.array([sums[k] for k in keys], dtype=a_v.dtype), a_s.astype(np.int64))


registry.register("SparseAdd", _sparse_add_infer, _sparse_add_lower, host=True)


def _sparse_dense_add_lower(ctx, op, indices, values, shape, dense):
    return jnp.asarray(dense).at[_index_tuple(indices, jnp.ndim(dense))].add(values)


registry.register("SparseTensorDenseAdd", lambda op: [(in_dtype(op, 1), in_shape(op, 3))],
                  _sparse_dense_add_lower)


@export("sparse.add", "sparse_add")
def sparse_add(a, b, threshold=None, thresh=None):
    threshold = deprecated_argument_lookup("threshold", threshold, "thresh", thresh)
    threshold = 0 if threshold is None else threshold
    sparse_classes = (SparseTensor, SparseTensorValue)
    if not any(isinstance(inp, sparse_classes) for inp in (a, b)):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add()?")
    if all(isinstance(inp, sparse_classes) for inp in (a, b)):
        a, b = convert_to_sparse_tensor(a), convert_to_sparse_tensor(b)
        thr = convert_to_tensor(threshold, dtype=a.values.dtype.real_dtype.base_dtype, name="threshold")
        op = make_op("SparseAdd", [a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape, thr],
                     {"T": a.values.dtype.base_dtype, "Treal": thr.dtype.base_dtype}, name="SparseAdd")
        ind, val, shp = op.outputs
        a.get_shape().assert_is_compatible_with(b.get_shape())
        from .shape_ops import broadcast_static_shape
        static = broadcast_static_shape(a.get_shape(), b.get_shape())
        if static.is_fully_defined():
            shp = static.as_list()
        return SparseTensor(ind, val, shp)
    if isinstance(b, sparse_classes):
        a, b = b, a
    a = convert_to_sparse_tensor(a)
    return gen_op("SparseTensorDenseAdd", [("a_indices", a.indices, "Tindices", INDEX_TYPES),
                                           ("a_values", a.values, "T", None), ("a_shape", a.dense_shape, "Tindices", None),
                                           ("b", b, "T", None)],
                  lambda i, v, s, d: {"T": v.dtype.base_dtype, "Tindices": i.dtype.base_dtype})


# ------------------------------------------------------------------- SparseTensorDenseMatMul

def _spmm_infer(op):
    b = in_shape(op, 3)
    a_shape = const_ints(op._inputs[2])
    adj_a, adj_b = op._attrs["adjoint_a"], op._attrs["adjoint_b"]
    rows = None if a_shape is None else a_shape[1 if adj_a else 0]
    cols = None if b.ndims is None else b.as_list()[0 if adj_b else 1]
    return [(in_dtype(op, 1), TensorShape([rows, cols]))]


def _spmm_lower(ctx, op, indices, values, a_shape, b):
    adj_a, adj_b = op._attrs["adjoint_a"], op._attrs["adjoint_b"]
    rows_n = static_ints(op, 2, a_shape)[1 if adj_a else 0]
    b = jnp.conj(b).T if adj_b else b
    r, c = indices[:, 0], indices[:, 1]
    if adj_a:
        r, c, values = c, r, jnp.conj(values)
    out = jnp.zeros((rows_n, b.shape[1]), dtype=jnp.result_type(values, b))
    return out.at[r].add(values[:, None] * b[c])


registry.register("SparseTensorDenseMatMul", _spmm_infer, _spmm_lower)


@export("sparse.sparse_dense_matmul", "sparse.matmul", "sparse_tensor_dense_matmul")
def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    sp_a = convert_to_sparse_tensor(sp_a)
    with name_scope(name, "SparseTensorDenseMatMul", [sp_a.indices, sp_a.values, b]):
        b = convert_to_tensor(b, name="b")
        return gen_op("SparseTensorDenseMatMul", [
            ("a_indices", sp_a.indices, "Tindices", INDEX_TYPES), ("a_values", sp_a.values, "T", None),
            ("a_shape", sp_a.dense_shape, dtypes.int64, None), ("b", b, "T", None)],
            lambda i, v, s, d: {"T": v.dtype.base_dtype, "Tindices": i.dtype.base_dtype,
                                "adjoint_a": bool(adjoint_a), "adjoint_b": bool(adjoint_b)})


# ------------------------------------------------------------------------------ SparseReshape

def _new_shape(old, new):
    """TF's reshape rule for the target shape (one -1 inferred) on concrete or traced values."""
    total = jnp.prod(old)
    known = jnp.prod(jnp.where(new == -1, 1, new))
    return jnp.where(new == -1, total // jnp.maximum(known, 1), new)


def _sparse_reshape_infer(op):
    n = in_shape(op, 0).as_list()[0] if in_shape(op, 0).ndims == 2 else None
    r = in_shape(op, 2).as_list()[0] if in_shape(op, 2).ndims == 1 else None
    return [(dtypes.int64, TensorShape([n, r])), (dtypes.int64, TensorShape([r]))]


def _sparse_reshape_lower(ctx, op, indices, old, new):
    old, new = jnp.asarray(old, jnp.int64), jnp.asarray(new, jnp.int64)
    shape = _new_shape(old, new)
    old_strides = jnp.cumprod(jnp.concatenate([old[1:], jnp.ones(1, jnp.int64)])[::-1])[::-1]
    new_strides = jnp.cumprod(jnp.concatenate([shape[1:], jnp.ones(1, jnp.int64)])[::-1])[::-1]
    linear = jnp.sum(jnp.asarray(indices, jnp.int64) * old_strides, axis=1)
    out = (linear[:, None] // new_strides[None, :]) % shape[None, :]
    return out, shape


registry.register("SparseReshape", _sparse_reshape_infer, _sparse_reshape_lower, differentiable=False)


@export("sparse.reshape", "sparse_reshape")
def sparse_reshape(sp_input, shape, name=None):
    from . import math_ops
    sp_input = convert_to_sparse_tensor(sp_input)
    shape = math_ops.cast(shape, dtype=dtypes.int64)
    with name_scope(name, "SparseReshape", [sp_input]) as scope:
        op = make_op("SparseReshape", [sp_input.indices, sp_input.dense_shape, shape], {}, name=scope)
        ind, out_shape = op.outputs
        target = const_ints(shape)
        if target is not None and sp_input.get_shape().is_fully_defined():
            total = sp_input.get_shape().num_elements()
            if target.count(-1) > 1:
                raise ValueError("At most one dimension can be unknown (-1).")
            known = int(np.prod([d for d in target if d != -1]))
            if -1 in target:
                if known == 0 or total % known:
                    raise ValueError("Cannot reshape a tensor with %d elements to shape %s" % (total, target))
                target[target.index(-1)] = total // known
            elif known != total:
                raise ValueError("Cannot reshape a tensor with %d elements to shape %s (%d elements)."
                                 % (total, target, known))
            out_shape = array_ops.constant(np.array(target, dtype=np.int64))
        return SparseTensor(ind, array_ops.identity(sp_input.values), out_shape)


# -------------------------------------------------------------------------------- SparseConcat

def _sparse_concat_infer(op):
    n = op._attrs["N"]
    idx, vals, shapes = op._inputs[:n], op._inputs[n:2 * n], op._inputs[2 * n:]
    total = 0
    for t in idx:
        s = t.get_shape()
        d = s.as_list()[0] if s.ndims == 2 else None
        total = None if total is None or d is None else total + d
    r = shapes[0].get_shape().as_list()[0] if shapes[0].get_shape().ndims == 1 else None
    return [(dtypes.int64, TensorShape([total, r])), (vals[0].dtype.base_dtype, TensorShape([total])),
            (dtypes.int64, TensorShape([r]))]


def _sparse_concat_lower(ctx, op, *args):
    n = op._attrs["N"]
    idx, vals, shapes = args[:n], args[n:2 * n], [jnp.asarray(s, jnp.int64) for s in args[2 * n:]]
    axis = op._attrs["concat_dim"]
    rank = shapes[0].shape[0]
    axis %= rank
    offsets = [0]
    for s in shapes[:-1]:
        offsets.append(offsets[-1] + s[axis])
    moved = []
    for i, off in zip(idx, offsets):
        i = jnp.asarray(i, jnp.int64)
        moved.append(i.at[:, axis].add(off))
    out_shape = shapes[0].at[axis].set(sum(s[axis] for s in shapes))
    ind = jnp.concatenate(moved, 0)
    val = jnp.concatenate([jnp.asarray(v) for v in vals], 0)
    # Row-major order of the output, as TF's kernel produces it.
    strides = jnp.cumprod(jnp.concatenate([out_shape[1:], jnp.ones(1, jnp.int64)])[::-1])[::-1]
    order = jnp.argsort(jnp.sum(ind * strides, axis=1), stable=True)
    return ind[order], val[order], out_shape


registry.register("SparseConcat", _sparse_concat_infer, _sparse_concat_lower,
                  differentiable=False)  # sparse_grad.py: NotDifferentiable


@export("sparse.concat", "sparse_concat")
def sparse_concat(axis, sp_inputs, name=None, expand_nonconcat_dim=False, concat_dim=None,
                  expand_nonconcat_dims=None):
    if concat_dim is not None:
        axis = concat_dim
    expand = expand_nonconcat_dim or bool(expand_nonconcat_dims)
    sps = [convert_to_sparse_tensor(s) for s in sp_inputs]
    shape_vals = [const_ints(s.dense_shape) for s in sps]
    shapes = [s.dense_shape for s in sps]
    if expand:
        if any(v is None for v in shape_vals):
            raise NotImplementedError("sparse_concat(expand_nonconcat_dim=True) needs static dense shapes")
        ax = axis % len(shape_vals[0])
        top = np.max(np.array(shape_vals), axis=0)
        shape_vals = [[int(top[k]) if k != ax else v[k] for k in range(len(v))] for v in shape_vals]
        shapes = [array_ops.constant(np.array(v, np.int64)) for v in shape_vals]
    n = len(sps)
    op = make_op("SparseConcat", [s.indices for s in sps] + [s.values for s in sps] + shapes,
                 {"T": sps[0].values.dtype.base_dtype, "N": n, "concat_dim": int(axis)},
                 name=name or "SparseConcat")
    ind, val, out_shape = op.outputs
    if all(v is not None for v in shape_vals):
        ax = axis % len(shape_vals[0])
        static = list(shape_vals[0])
        static[ax] = sum(v[ax] for v in shape_vals)
        out_shape = array_ops.constant(np.array(static, np.int64))
    return SparseTensor(ind, val, out_shape)


# ------------------------------------------------------------------------------- SparseReduceSum

def _sparse_reduce_infer(op):
    shape = const_ints(op._inputs[2])
    axes = const_ints(op._inputs[3])
    dt = in_dtype(op, 1)
    if shape is None or axes is None:
        return [(dt, unknown())]
    r = len(shape)
    axes = {a % r for a in axes}
    if op._attrs["keep_dims"]:
        return [(dt, TensorShape([1 if i in axes else d for i, d in enumerate(shape)]))]
    return [(dt, TensorShape([d for i, d in enumerate(shape) if i not in axes]))]


def _sparse_reduce_lower(ctx, op, indices, values, shape, axes):
    dims = tuple(static_ints(op, 2, shape))
    dense = jnp.zeros(dims, dtype=jnp.result_type(values)).at[_index_tuple(indices, len(dims))].add(values)
    ax = tuple(sorted({a % len(dims) for a in static_ints(op, 3, axes)}))
    return jnp.sum(dense, axis=ax, keepdims=bool(op._attrs["keep_dims"]))


registry.register("SparseReduceSum", _sparse_reduce_infer, _sparse_reduce_lower)


@export("sparse.reduce_sum", "sparse_reduce_sum")
def sparse_reduce_sum(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
    if reduction_axes is not None:
        axis = reduction_axes
    if keep_dims is not None:
        keepdims = keep_dims
    sp = convert_to_sparse_tensor(sp_input)
    if axis is None:
        n = sp.dense_shape.get_shape().as_list()[0]
        axes = array_ops.constant(np.arange(n, dtype=np.int32))
        name = "SparseReduceSum"
    else:
        axes = axis
        name = None
    return gen_op("SparseReduceSum", [("input_indices", sp.indices, dtypes.int64, None),
                                      ("input_values", sp.values, "T", None),
                                      ("input_shape", sp.dense_shape, dtypes.int64, None),
                                      ("reduction_axes", axes, dtypes.int32, None)],
                  lambda i, v, s, a: {"T": v.dtype.base_dtype, "keep_dims": bool(keepdims)}, name=name)


# ---------------------------------------------------------------------------------- sparse_retain

@export("sparse.retain", "sparse_retain")
def sparse_retain(sp_input, to_retain):
    from .indexing_ops import gather, where_indices
    sp = convert_to_sparse_tensor(sp_input)
    to_retain = convert_to_tensor(to_retain)
    retain_shape = to_retain.get_shape()
    retain_shape.assert_has_rank(1)
    n = sp.values.get_shape()
    if n.ndims == 1 and n.as_list()[0] is not None and retain_shape.as_list()[0] is not None and \
            n.as_list()[0] != retain_shape.as_list()[0]:
        raise ValueError("Dimensions %d and %d are not compatible" % (n.as_list()[0], retain_shape.as_list()[0]))
    where_true = array_ops.reshape(where_indices(to_retain), [-1])
    return SparseTensor(gather(sp.indices, where_true), gather(sp.values, where_true),
                        array_ops.identity(sp.dense_shape))


# ---------------------------------------------------------------------------- SparseFillEmptyRows

def _fill_rows_infer(op):
    r = in_shape(op, 0).as_list()[1] if in_shape(op, 0).ndims == 2 else None
    rows = const_ints(op._inputs[2])
    return [(dtypes.int64, TensorShape([None, r])), (in_dtype(op, 1), TensorShape([None])),
            (dtypes.bool, TensorShape([None if rows is None else rows[0]])),
            (dtypes.int64, TensorShape([in_shape(op, 1).as_list()[0] if in_shape(op, 1).ndims == 1 else None]))]


def _fill_rows_lower(ctx, op, indices, values, shape, default):
    indices, values, shape, default = host_values(op, indices, values, shape, default)
    n_rows = int(shape[0])
    present = np.zeros(n_rows, dtype=bool)
    present[indices[:, 0]] = True
    empty = np.flatnonzero(~present)
    add_idx = np.zeros((len(empty), indices.shape[1]), dtype=np.int64)
    add_idx[:, 0] = empty
    all_idx = np.concatenate([indices.astype(np.int64), add_idx], 0)
    all_val = np.concatenate([values, np.full(len(empty), default, dtype=values.dtype)], 0)
    order = np.lexsort(all_idx.T[::-1]) if len(all_idx) else np.zeros(0, np.int64)
    # reverse_index_map: where each input entry landed in the output.
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    return all_idx[order], all_val[order], ~present, position[:len(indices)]


registry.register("SparseFillEmptyRows", _fill_rows_infer, _fill_rows_lower, host=True)


@export("sparse.fill_empty_rows", "sparse_fill_empty_rows")
def sparse_fill_empty_rows(sp_input, default_value, name=None):
    sp = convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseFillEmptyRows", [sp]):
        default_value = convert_to_tensor(default_value, dtype=sp.values.dtype)
        op = make_op("SparseFillEmptyRows", [sp.indices, sp.values, sp.dense_shape, default_value],
                     {"T": sp.values.dtype.base_dtype}, name="SparseFillEmptyRows")
        ind, val, empty, _ = op.outputs
        return SparseTensor(ind, val, sp.dense_shape), empty


# ---------------------------------------------------------------------------- sparse_placeholder

@export("sparse.placeholder", "sparse_placeholder")
def sparse_placeholder(dtype, shape=None, name=None):
    shape_name = (name + "/shape") if name is not None else None
    rank = None
    if shape is not None:
        if isinstance(shape, Tensor):
            rank = shape.get_shape().as_list()[0]
        else:
            shape = tensor_shape.as_shape(shape).as_list() if isinstance(shape, tensor_shape.TensorShape) \
                else list(shape)
            rank = len(shape)
            if None in shape:
                shape = None
            else:
                shape = convert_to_tensor(np.array(shape, dtype=np.int64), dtype=dtypes.int64, name=shape_name)
    if shape is None:
        shape = array_ops.placeholder(dtypes.int64, shape=[rank], name=shape_name)
    values = array_ops.placeholder(dtype, shape=[None], name=(name + "/values") if name is not None else None)
    indices = array_ops.placeholder(dtypes.int64, shape=[None, rank],
                                    name=(name + "/indices") if name is not None else None)
    return SparseTensor(indices=indices, values=values, dense_shape=shape)


export("sparse.SparseTensor")(SparseTensor)
