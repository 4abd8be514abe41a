"""Indexing ops: split, slice, gather/scatter, one_hot, reverse, masks, unique and partitions.

Ops whose output shape depends on the data (Where, Unique, DynamicPartition, DynamicStitch,
ListDiff) are host ops: XLA needs static shapes, so they run on numpy between compiled segments.
"""
import builtins
import numbers

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework.deprecation import deprecated_argument_lookup
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op, op_output
from ..framework.tensor_util import constant_value
from . import array_ops
from ._common import TensorShape, in_dtype, in_shape, output_tuple, shape_str, unknown
from .array_ops import static_ints

# ------------------------------------------------------------------------- shared helpers


def input_shapes(op):
    return ", ".join(shape_str(t.get_shape()) for t in op._inputs)


def shape_error(op, msg):
    """TF 1.15's shape-function error: `<msg> for 'name' (op: 'Type') with input shapes: ...`."""
    return ValueError("%s for '%s' (op: '%s') with input shapes: %s." % (msg, op.name, op.type,
                                                                         input_shapes(op)))


def check_rank(op, i, rank, at_least=False):
    """Input i's static shape (of that rank when unknown), with TF's shape-function error when its
    known rank is not `rank`."""
    s = in_shape(op, i)
    if s.ndims is None:
        return s.with_rank_at_least(rank) if at_least else tensor_shape.unknown_shape(rank)
    if (s.ndims < rank) if at_least else (s.ndims != rank):
        raise shape_error(op, "Shape must be %srank %d but is rank %d" % (
            "at least " if at_least else "", rank, s.ndims))
    return s


def const_ints(t):
    v = constant_value(t)
    return None if v is None else [int(d) for d in np.reshape(v, [-1])]


def convert_inputs(op_type, specs):
    """TF's op_def_library input conversion for `specs` = [(arg, value, type, allowed)].

    `type` is a DType (fixed), None (own type) or a type-attr name: inputs sharing an attr share
    the dtype of the first Tensor among them (Python values are converted to it)."""
    groups = {}
    for arg, v, g, _ in specs:
        if isinstance(g, str) and g not in groups and isinstance(v, Tensor):
            groups[g] = (v.dtype.base_dtype, arg)
    out = []
    for arg, v, g, allowed in specs:
        want = g if isinstance(g, dtypes.DType) else groups.get(g, (None, None))[0] if g else None
        if isinstance(v, Tensor) or hasattr(v, "_as_graph_element") and not isinstance(v, np.ndarray):
            t = convert_to_tensor(v)
            if want is not None and t.dtype.base_dtype != want:
                if isinstance(g, dtypes.DType):
                    raise TypeError("Input '%s' of '%s' Op has type %s that does not match expected type "
                                    "of %s." % (arg, op_type, t.dtype.base_dtype.name, want.name))
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of "
                                "argument '%s'." % (arg, op_type, t.dtype.base_dtype.name, want.name,
                                                    groups[g][1]))
        else:
            t = convert_to_tensor(v, dtype=want, name=arg)
        if isinstance(g, str) and g not in groups:
            groups[g] = (t.dtype.base_dtype, arg)
        if allowed and t.dtype.base_dtype not in allowed:
            raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                            "values: %s" % (arg, t.dtype.base_dtype.name,
                                            ", ".join(d.name for d in allowed)))
        out.append(t)
    return out


INDEX_TYPES = (dtypes.int32, dtypes.int64)


def gen_op(op_type, specs, attrs_fn, name=None, multi=False, fields=None):
    """A generated-op wrapper: scope `name or op_type`, inputs converted inside it, then the op."""
    values = [v for _, v, _, _ in specs if isinstance(v, Tensor)]
    with name_scope(name, op_type, values) as scope:
        ts = convert_inputs(op_type, specs)
        op = make_op(op_type, ts, attrs_fn(*ts), name=scope)
        if fields:
            return output_tuple(op, fields)
        return op.outputs if multi else op.outputs[0]


def host_values(op, *xs):
    """Numpy values for a host op; a traced value means it was asked to run inside XLA."""
    for x in xs:
        if isinstance(x, jax.core.Tracer):
            raise errors.UnimplementedError(
                None, op, "%s (op: '%s') has a data-dependent output shape and runs on the host; it "
                          "cannot be used inside tf.gradients, tf.while_loop or tf.cond bodies" % (
                              op.name, op.type))
    return [np.asarray(x) for x in xs]


def _is_concrete(x):
    return not isinstance(x, jax.core.Tracer)


def slice_debug_string(shape, flat):
    """TF's SliceDebugString: where element `flat` of a tensor of `shape` is ("" for a scalar)."""
    if not shape:
        return ""
    return "[%s]" % ",".join(str(int(p)) for p in np.unravel_index(int(flat), shape))


def first_bad(bad):
    """(no element is bad, flat position of the first bad one) -- computed in the program."""
    flat = jnp.ravel(bad)
    return ~jnp.any(flat), jnp.argmax(flat)


def bad_indices(indices, limit):
    """(no index is outside [0, limit), flat position of the first one that is)."""
    idx = jnp.asarray(indices)
    return first_bad((idx < 0) | (idx >= limit)) if idx.size else (True, 0)


def bad_index_rows(indices, shape):
    """The same for index tuples along the last axis of `indices`, against the leading dims of `shape`."""
    idx = jnp.asarray(indices)
    if not idx.size:
        return True, 0
    return first_bad(jnp.any((idx < 0) | (idx >= jnp.asarray(shape[:idx.shape[-1]], idx.dtype)), axis=-1))


def report_bad_index(ctx, op, indices, limit, ok, pos, what="indices", verdict="is not in", keep=None):
    """TF's kernel error `indices[i,j] = v is not in [0, limit)` for `bad_indices`' result: raised now
    for known indices, after the compiled run otherwise (`LowerCtx.check`), instead of JAX's silent
    clamping or filling."""
    idx = jnp.asarray(indices)
    if idx.size:
        shape, limit = idx.shape, int(limit)
        ctx.check(op, ok, lambda pos, value: "%s%s = %d %s [0, %d)" % (
            what, slice_debug_string(shape, pos), int(value), verdict, limit), pos, jnp.ravel(idx)[pos],
            keep=keep)


def report_bad_index_row(ctx, op, indices, shape, ok, pos, what="shape", keep=None):
    """TF's `indices[i] = [a, b] does not index into <what> [d0,d1]` for `bad_index_rows`' result
    (gather_nd: "param shape", the scatter_nd family: "shape")."""
    idx = jnp.asarray(indices)
    if idx.size:
        k = idx.shape[-1]
        outer, full = idx.shape[:-1], shape_str(TensorShape(list(shape)))
        ctx.check(op, ok, lambda pos, row: "indices%s = [%s] does not index into %s %s" % (
            slice_debug_string(outer, pos), ", ".join(str(int(v)) for v in row), what, full),
            pos, jnp.reshape(idx, (-1, k))[pos], keep=keep)


def check_indices(ctx, op, indices, limit, what="indices", verdict="is not in"):
    report_bad_index(ctx, op, indices, limit, *bad_indices(indices, limit), what=what, verdict=verdict)


def check_nd_indices(ctx, op, indices, shape, what="shape"):
    report_bad_index_row(ctx, op, indices, shape, *bad_index_rows(indices, shape), what=what)


# ----------------------------------------------------------------------------- Split/SplitV

def _split_infer(op):
    n = op._attrs["num_split"]
    x = in_shape(op, 1)
    dt = in_dtype(op, 1)
    ax = const_ints(op._inputs[0])
    if x.ndims is None:
        return [(dt, unknown())] * n
    if ax is None:
        return [(dt, unknown(x.ndims))] * n
    a = ax[0]
    if a < -x.ndims or a >= x.ndims:
        raise shape_error(op, "Dimension must be in range [%d, %d), but is %d" % (-x.ndims, x.ndims, a))
    a %= x.ndims
    dims = x.as_list()
    if dims[a] is not None:
        if dims[a] % n:
            raise ValueError("Dimension size must be evenly divisible by %d but is %d for '%s' (op: "
                             "'Split') with input shapes: %s and with computed input tensors: "
                             "input[0] = <%d>." % (n, dims[a], op.name, input_shapes(op), ax[0]))
        dims[a] //= n
    return [(dt, TensorShape(dims))] * n


def _split_lower(ctx, op, axis, x):
    n, a = op._attrs["num_split"], static_ints(op, 0, axis)[0]
    size = np.shape(x)[a]
    if size % n:
        raise errors.InvalidArgumentError(None, op, "Number of ways to split should evenly divide the split "
                                          "dimension, but got split_dim %d (size = %d) and num_split %d"
                                          % (a % np.ndim(x), size, n))
    return tuple(jnp.split(x, n, axis=a))


registry.register("Split", _split_infer, _split_lower)


def _splitv_sizes(sizes, dim):
    if -1 in sizes and dim is not None:
        sizes = list(sizes)
        sizes[sizes.index(-1)] = dim - (sum(sizes) + 1)
    return sizes


def _splitv_infer(op):
    n = op._attrs["num_split"]
    x = in_shape(op, 0)
    dt = in_dtype(op, 0)
    ax = const_ints(op._inputs[2])
    sizes = const_ints(op._inputs[1])
    if x.ndims is None:
        return [(dt, unknown())] * n
    if ax is None:
        return [(dt, unknown(x.ndims))] * n
    a = ax[0] % x.ndims
    dims = x.as_list()
    if sizes is None:
        return [(dt, TensorShape(dims[:a] + [None] + dims[a + 1:]))] * n
    if len(sizes) != n:
        raise shape_error(op, "Dimension 0 in both shapes must be equal, but are %d and %d" % (len(sizes), n))
    if sizes.count(-1) > 1:
        raise shape_error(op, "Only one dimensions can have a value of -1. Second one found at dimension %d"
                          % [i for i, s in enumerate(sizes) if s == -1][1])
    if dims[a] is not None:
        known = sum(s for s in sizes if s != -1)
        if (-1 not in sizes and known != dims[a]) or (-1 in sizes and known > dims[a]):
            raise shape_error(op, "Determined shape must either match input shape along split_dim exactly "
                                  "if fully specified, or be less than the size of the input along split_dim "
                                  "if not fully specified.  Got: %d" % known)
    sizes = _splitv_sizes(sizes, dims[a])
    return [(dt, TensorShape(dims[:a] + [None if s == -1 else s] + dims[a + 1:])) for s in sizes]


def _splitv_lower(ctx, op, x, sizes, axis):
    a = static_ints(op, 2, axis)[0] % jnp.ndim(x)
    sizes = _splitv_sizes(static_ints(op, 1, sizes), jnp.shape(x)[a])
    return tuple(jnp.split(x, np.cumsum(sizes)[:-1].tolist(), axis=a))


registry.register("SplitV", _splitv_infer, _splitv_lower)


@export("split")
def split(value=None, num_or_size_splits=None, axis=0, num=None, name="split", split_dim=None,
          num_split=None):
    # Pre-1.0 spelling `split(split_dim, num_split, value)` (seed listings use it), by keyword or by
    # position -- recognised by its types: two integers followed by a tensor-like value.
    if split_dim is not None or num_split is not None:
        axis = split_dim if split_dim is not None else axis
        num_or_size_splits = num_split if num_split is not None else num_or_size_splits
    elif (isinstance(value, numbers.Integral) and isinstance(num_or_size_splits, numbers.Integral)
          and not isinstance(axis, numbers.Integral)):
        value, axis = axis, value
    # TF 1.15 converts the sizes first (an unused Const for an integer count), as here.
    size_splits = convert_to_tensor(num_or_size_splits)
    if size_splits.get_shape().ndims == 0 and size_splits.dtype.is_integer:
        n = int(num_or_size_splits)
        return gen_op("Split", [("split_dim", axis, dtypes.int32, None), ("value", value, None, None)],
                      lambda a, v: {"T": v.dtype.base_dtype, "num_split": n}, name=name, multi=True)
    if num is None:
        shp = size_splits.get_shape()
        num = shp.as_list()[0] if shp.ndims else None
        if num is None:
            raise ValueError("Cannot infer num from shape %s" % (num_or_size_splits,))
    return gen_op("SplitV", [("value", value, None, None), ("size_splits", size_splits, "Tlen", None),
                             ("split_dim", axis, dtypes.int32, None)],
                  lambda v, s, a: {"T": v.dtype.base_dtype, "Tlen": s.dtype.base_dtype, "num_split": num},
                  name=name, multi=True)


# ------------------------------------------------------------------------------------ Slice

def _slice_infer(op):
    x = in_shape(op)
    dt = in_dtype(op)
    check_rank(op, 1, 1)
    check_rank(op, 2, 1)
    begin, size = const_ints(op._inputs[1]), const_ints(op._inputs[2])
    n = in_shape(op, 1).as_list()[0] if in_shape(op, 1).ndims == 1 else None
    if x.ndims is None:
        if size is not None:
            return [(dt, TensorShape([None if s == -1 else s for s in size]))]
        return [(dt, unknown() if n is None else unknown(n))]
    if n is not None and n != x.ndims:
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (n, x.ndims))
    if size is None:
        return [(dt, unknown(x.ndims))]
    dims = x.as_list()
    out = []
    for i, (d, s) in enumerate(zip(dims, size)):
        b = None if begin is None else begin[i]
        if s == -1:
            out.append(None if d is None or b is None else d - b)
            continue
        out.append(s)
    return [(dt, TensorShape(out))]


def _slice_error(begin, size, shape):
    """TF's Slice kernel validation, dimension by dimension: the first failure's message, or None."""
    for i, (b, s, d) in enumerate(zip(begin, size, shape)):
        b, s = int(b), int(s)
        s = d - b if s == -1 else s
        if not 0 <= b <= d:
            return "Expected begin[%d] in [0, %d], but got %d" % (i, d, b)
        if not (0 <= s and b + s <= d):
            return "Expected size[%d] in [0, %d], but got %d" % (i, d - b, s)
    return None


def _slice_lower(ctx, op, x, begin, size):
    shape = jnp.shape(x)
    size_v = static_ints(op, 2, size)
    if _is_concrete(begin):
        b = [int(v) for v in np.reshape(np.asarray(begin), [-1])]
        message = _slice_error(b, size_v, shape)
        if message:
            raise errors.InvalidArgumentError(None, op, message)
        return x[tuple(builtins.slice(bi, d if si == -1 else bi + si) for bi, si, d in zip(b, size_v, shape))]
    if -1 in size_v:
        raise errors.UnimplementedError(None, op, "Slice with a computed begin needs a static size")
    begin = jnp.reshape(begin, [-1])
    dims, sizes = jnp.asarray(shape, begin.dtype), jnp.asarray(size_v, begin.dtype)
    ok = jnp.all((begin >= 0) & (begin <= dims) & (begin + sizes <= dims)) & all(s >= 0 for s in size_v)
    ctx.check(op, ok, lambda b: _slice_error(b, size_v, shape), begin)
    return jax.lax.dynamic_slice(x, [begin[i] for i in range(len(size_v))], size_v)


registry.register("Slice", _slice_infer, _slice_lower)


@export("slice")
def slice(input_, begin, size, name=None):  # noqa: A001
    return gen_op("Slice", [("input", input_, None, None), ("begin", begin, "Index", INDEX_TYPES),
                            ("size", size, "Index", INDEX_TYPES)],
                  lambda x, b, s: {"T": x.dtype.base_dtype, "Index": b.dtype.base_dtype}, name=name)


# --------------------------------------------------------------------------------- GatherV2

def _gather_infer(op):
    p, i = in_shape(op, 0), in_shape(op, 1)
    dt = in_dtype(op, 0)
    bd = op._attrs.get("batch_dims", 0)
    ax = const_ints(op._inputs[2])
    if ax is None or p.ndims is None or i.ndims is None:
        return [(dt, unknown())]
    a = ax[0]
    if a < -p.ndims or a >= p.ndims:
        raise shape_error(op, "Shape must be at least rank %d but is rank %d" % (
            (a if a >= 0 else -a) + (1 if a >= 0 else 0), p.ndims))
    a %= p.ndims
    if bd < 0:
        bd += i.ndims
    pd, idims = p.as_list(), i.as_list()
    return [(dt, TensorShape(pd[:a] + idims[bd:] + pd[a + 1:]))]


def _take(params, indices, axis, batch_dims):
    if batch_dims == 0:
        return jnp.take(params, indices, axis=axis, mode="fill", fill_value=0)
    return jax.vmap(lambda p, i: _take(p, i, axis - 1, batch_dims - 1))(params, indices)


def _gather_lower(ctx, op, params, indices, axis):
    a = static_ints(op, 2, axis)[0] % jnp.ndim(params)
    check_indices(ctx, op, indices, jnp.shape(params)[a])
    bd = op._attrs.get("batch_dims", 0)
    if bd < 0:
        bd += jnp.ndim(indices)
    return _take(params, indices, a, bd)


def _gather_v1_lower(ctx, op, params, indices):
    check_indices(ctx, op, indices, jnp.shape(params)[0])
    return _take(params, indices, 0, 0)


registry.register("GatherV2", _gather_infer, _gather_lower)
registry.register("Gather", lambda op: _gather_infer(op) if len(op._inputs) == 3 else [
    (in_dtype(op), TensorShape(in_shape(op, 1).as_list() + in_shape(op, 0).as_list()[1:]))
    if in_shape(op, 0).ndims is not None and in_shape(op, 1).ndims is not None else (in_dtype(op), unknown())],
    lambda ctx, op, p, i: _gather_v1_lower(ctx, op, p, i))


@export("gather")
def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    if axis is None:
        axis = batch_dims
    attrs = lambda p, i, a: {"Tparams": p.dtype.base_dtype, "Tindices": i.dtype.base_dtype,  # noqa: E731
                             "Taxis": a.dtype.base_dtype, "batch_dims": batch_dims}
    return gen_op("GatherV2", [("params", params, None, None), ("indices", indices, "Tindices", INDEX_TYPES),
                               ("axis", axis, "Taxis", INDEX_TYPES)], attrs, name=name)


@export("batch_gather")
def batch_gather(params, indices, name=None):
    """TF 1.15's deprecated `tf.batch_gather`, built as TF builds it: each batch row's indices are
    offset into params flattened over the batch dimensions and gathered once -- so an index past its
    own row reads the next row, and only one past all rows fails (reported as a flat index)."""
    from ..platform.tf_logging import warn_deprecated_call
    from . import math_ops
    warn_deprecated_call("batch_gather", "tensorflow.python.ops.array_ops", "`tf.batch_gather` is "
                         "deprecated, please use `tf.gather` with `batch_dims=-1` instead.", date="2017-10-25")
    with name_scope(name, "BatchGather", [params, indices]):
        indices = convert_to_tensor(indices, name="indices")
        params = convert_to_tensor(params, name="params")
        rank = indices.shape.ndims
        if rank is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        batch_dims = rank - 1
        idt = indices.dtype.base_dtype
        params_shape = array_ops.shape(params)
        dims = math_ops.cast(params_shape, idt)
        flat = indices
        stride = array_ops.ones((), dtype=idt)
        for d in range(batch_dims, 0, -1):
            stride = stride * dims[d]
            offsets = math_ops.range(array_ops.zeros((), idt), dims[d - 1], array_ops.ones((), idt)) * stride
            flat = flat + array_ops.reshape(offsets, array_ops.stack([1] * (d - 1) + [dims[d - 1]]
                                                                     + [1] * (rank - d), axis=0))
        inner = params_shape[batch_dims + 1:]
        flat_params = array_ops.reshape(params, array_ops.concat(
            [[math_ops.reduce_prod(params_shape[:batch_dims + 1], [0], False)], inner], axis=0))
        result = array_ops.reshape(gather(flat_params, array_ops.reshape(flat, [-1])),
                                   array_ops.concat([array_ops.shape(indices), inner], axis=0))
        shape = indices.get_shape()[:batch_dims].merge_with(params.get_shape()[:batch_dims])
        shape = shape.concatenate(indices.get_shape().dims[batch_dims:])
        result.set_shape(shape.concatenate(params.get_shape()[batch_dims + 1:]))
        return result


# --------------------------------------------------------------------------------- GatherNd

def _gather_nd_infer(op):
    p, i = in_shape(op, 0), in_shape(op, 1)
    dt = in_dtype(op, 0)
    if i.ndims is None:
        return [(dt, unknown())]
    k = i.as_list()[-1] if i.ndims else None
    if i.ndims == 0:
        raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
    if k is None or p.ndims is None:
        return [(dt, unknown())]
    if k > p.ndims:
        raise shape_error(op, "indices.shape[-1] must be <= params.rank, but saw indices shape: %s and "
                              "params shape: %s" % (shape_str(i), shape_str(p)))
    return [(dt, TensorShape(i.as_list()[:-1] + p.as_list()[k:]))]


def _gather_nd_lower(ctx, op, params, indices):
    check_nd_indices(ctx, op, indices, jnp.shape(params), "param shape")
    return jnp.asarray(params)[_nd_index(indices)]


registry.register("GatherNd", _gather_nd_infer, _gather_nd_lower)


@export("gather_nd")
def gather_nd(params, indices, name=None, batch_dims=0):
    if batch_dims:
        raise NotImplementedError("gather_nd with batch_dims > 0 is not supported")
    return gen_op("GatherNd", [("params", params, None, None), ("indices", indices, "Tindices", INDEX_TYPES)],
                  lambda p, i: {"Tparams": p.dtype.base_dtype, "Tindices": i.dtype.base_dtype}, name=name)


# ------------------------------------------------------------------------ ScatterNd & friends

def _scatter_target_shape(op, shape, indices, updates):
    i, u = indices, updates
    if i.ndims is None or u.ndims is None or shape.ndims is None:
        return
    k = i.as_list()[-1]
    outer = i.ndims - 1
    want = TensorShape(i.as_list()[:-1]).concatenate(shape.as_list()[k:] if k is not None else unknown())
    if k is not None and not u.is_compatible_with(want):
        raise shape_error(op, "Dimensions [%d,%d) of input[shape=%s] = %s must match dimensions [%d,%d) of "
                          "updates[shape=%s] = %s" % (k, shape.ndims, shape_str(shape),
                                                      shape_str(TensorShape(shape.as_list()[k:])), outer,
                                                      u.ndims, shape_str(u),
                                                      shape_str(TensorShape(u.as_list()[outer:]))))


def _scatter_nd_infer(op):
    from ._common import shape_of_const
    shape = shape_of_const(op._inputs[2])
    _scatter_target_shape(op, shape, in_shape(op, 0), in_shape(op, 1))
    return [(in_dtype(op, 1), shape)]


def _nd_index(indices):
    return tuple(jnp.moveaxis(indices, -1, 0))


def _scatter_nd_lower(ctx, op, indices, updates, shape):
    shape = tuple(static_ints(op, 2, shape))
    check_nd_indices(ctx, op, indices, shape)
    return jnp.zeros(shape, dtype=updates.dtype).at[_nd_index(indices)].add(updates)


registry.register("ScatterNd", _scatter_nd_infer, _scatter_nd_lower)


@export("scatter_nd")
def scatter_nd(indices, updates, shape, name=None):
    return gen_op("ScatterNd", [("indices", indices, "Tindices", INDEX_TYPES), ("updates", updates, None, None),
                                ("shape", shape, "Tindices", None)],
                  lambda i, u, s: {"T": u.dtype.base_dtype, "Tindices": i.dtype.base_dtype}, name=name)


def _tensor_scatter_infer(op):
    _scatter_target_shape(op, in_shape(op, 0), in_shape(op, 1), in_shape(op, 2))
    return [(in_dtype(op), in_shape(op))]


_TENSOR_SCATTER = {
    "TensorScatterUpdate": ("tensor_scatter_update", "tensor_scatter_nd_update", lambda r, u: r.set(u)),
    "TensorScatterAdd": ("tensor_scatter_add", "tensor_scatter_nd_add", lambda r, u: r.add(u)),
    "TensorScatterSub": ("tensor_scatter_sub", "tensor_scatter_nd_sub", lambda r, u: r.add(-u)),
}


def _tensor_scatter(op_type):
    def fn(tensor, indices, updates, name=None):
        return gen_op(op_type, [("tensor", tensor, "T", None), ("indices", indices, "Tindices", INDEX_TYPES),
                                ("updates", updates, "T", None)],
                      lambda t, i, u: {"T": t.dtype.base_dtype, "Tindices": i.dtype.base_dtype}, name=name)
    return fn


def _tensor_scatter_lowering(update):
    def lower(ctx, op, tensor, indices, updates):
        check_nd_indices(ctx, op, indices, jnp.shape(tensor))
        return update(jnp.asarray(tensor).at[_nd_index(indices)], updates)
    return lower


for _op_type, (_name, _alias, _update) in _TENSOR_SCATTER.items():
    registry.register(_op_type, _tensor_scatter_infer, _tensor_scatter_lowering(_update))
    export(_name, _alias)(_tensor_scatter(_op_type))


# ------------------------------------------------------------------------------------ OneHot

def _one_hot_infer(op):
    i = in_shape(op, 0)
    dt = in_dtype(op, 2)
    axis = op._attrs["axis"]
    depth = const_ints(op._inputs[1])
    if i.ndims is None:
        return [(dt, unknown())]
    if axis < -1 or axis > i.ndims:
        raise ValueError("Expected axis to be -1 or between [0, %d).  But received: %d for '%s' (op: "
                         "'OneHot') with input shapes: %s." % (i.ndims + 1, axis, op.name, input_shapes(op)))
    dims = i.as_list()
    d = None if depth is None else depth[0]
    if d is not None and d < 0:
        raise ValueError("depth must be non-negative, got: %d" % d)
    dims.insert(len(dims) if axis == -1 else axis, d)
    return [(dt, TensorShape(dims))]


def _one_hot_lower(ctx, op, indices, depth, on, off):
    d = static_ints(op, 1, depth)[0]
    if d < 0:
        raise errors.InvalidArgumentError(None, op, "depth must be non-negative, got: %d" % d)
    hot = indices[..., None] == jnp.arange(d, dtype=indices.dtype)
    out = jnp.where(hot, on, off)
    axis = op._attrs["axis"]
    return out if axis == -1 else jnp.moveaxis(out, -1, axis)


registry.register("OneHot", _one_hot_infer, _one_hot_lower, differentiable=False)  # TF: NotDifferentiable


@export("one_hot")
def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    with name_scope(name, "one_hot", [indices, depth, on_value, off_value, axis, dtype]) as scope:
        on_exists, off_exists = on_value is not None, off_value is not None
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype).base_dtype
        if on_exists:
            on_value = convert_to_tensor(on_value)
        if off_exists:
            off_value = convert_to_tensor(off_value)
        on_dtype = on_value.dtype.base_dtype if on_exists else None
        off_dtype = off_value.dtype.base_dtype if off_exists else None
        if on_exists or off_exists:
            if dtype is not None:
                if on_exists and on_dtype != dtype:
                    raise TypeError("dtype {0} of on_value does not match dtype parameter {1}".format(
                        on_dtype, dtype))
                if off_exists and off_dtype != dtype:
                    raise TypeError("dtype {0} of off_value does not match dtype parameter {1}".format(
                        off_dtype, dtype))
            else:
                dtype = on_dtype if on_exists else off_dtype
        elif dtype is None:
            dtype = dtypes.float32
        if not on_exists:
            on_value = convert_to_tensor(1, dtype, name="on_value")
            on_dtype = dtype
        if not off_exists:
            off_value = convert_to_tensor(0, dtype, name="off_value")
            off_dtype = dtype
        if on_dtype != off_dtype:
            raise TypeError("dtype {0} of on_value does not match dtype {1} of off_value".format(
                on_dtype, off_dtype))
        ax = -1 if axis is None else int(axis)
        return gen_op("OneHot", [("indices", indices, "TI", (dtypes.uint8, dtypes.int32, dtypes.int64)),
                                 ("depth", depth, dtypes.int32, None), ("on_value", on_value, "T", None),
                                 ("off_value", off_value, "T", None)],
                      lambda i, d, on, off: {"T": on.dtype.base_dtype, "TI": i.dtype.base_dtype, "axis": ax},
                      name=scope)


# ------------------------------------------------------------------------------ boolean_mask

def where_indices(condition, name=None):
    """`tf.where(condition)` with no x/y: the `Where` host op (registered in elementwise_ops)."""
    c = convert_to_tensor(condition, name="condition")
    return op_output("Where", [c], {"T": c.dtype.base_dtype}, name=name or "Where")


@export("boolean_mask")
def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    with name_scope(name, values=[tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        shape_mask = mask.get_shape()
        ndims_mask = shape_mask.ndims
        shape_tensor = tensor.get_shape()
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some dimensions are "
                             "None.  E.g. shape=[None] is ok, but shape=None is not.")
        axis = 0 if axis is None else axis
        shape_tensor[axis:axis + ndims_mask].assert_is_compatible_with(shape_mask)
        leading = _leading_size(tensor, axis, ndims_mask)
        tensor = array_ops.reshape(tensor, array_ops.concat(
            [array_ops.shape(tensor)[:axis], [leading], array_ops.shape(tensor)[axis + ndims_mask:]], 0))
        first_dim = shape_tensor[axis:axis + ndims_mask].num_elements()
        tensor.set_shape(tensor_shape.as_shape(shape_tensor[:axis]).concatenate([first_dim]).concatenate(
            shape_tensor[axis + ndims_mask:]))
        mask = array_ops.reshape(mask, [-1])
        indices = array_ops.squeeze(where_indices(mask), axis=[1])
        return gather(tensor, indices, axis=axis)


def _leading_size(tensor, axis, ndims_mask):
    """`gen_math_ops.prod(shape(tensor)[axis:axis + ndims_mask], [0])` as TF builds it."""
    dims = array_ops.shape(tensor)[axis:axis + ndims_mask]
    with name_scope(None, "Prod", [dims]) as scope:
        red = convert_to_tensor([0], dtype=dtypes.int32, name="reduction_indices")
        return op_output("Prod", [dims, red], {"T": dims.dtype.base_dtype, "Tidx": dtypes.int32,
                                               "keep_dims": False}, name=scope)


# ------------------------------------------------------------------------ Unique & counts

def _unique_np(x):
    _, first, inv = np.unique(x, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return x[np.sort(first)], rank[np.reshape(inv, [-1])]


def _unique_infer(op):
    check_rank(op, 0, 1)
    dt, it = in_dtype(op), op._attrs["out_idx"]
    out = [(dt, TensorShape([None])), (it, in_shape(op))]
    if op.type == "UniqueWithCounts":
        out.append((it, TensorShape([None])))
    return out


def _unique_lower(ctx, op, x):
    x, = host_values(op, x)
    y, idx = _unique_np(x)
    it = op._attrs["out_idx"].as_numpy_dtype
    if op.type == "UniqueWithCounts":
        return y, idx.astype(it), np.bincount(idx, minlength=len(y)).astype(it)
    return y, idx.astype(it)


# No gradient registered in TF: tf.gradients through them raises LookupError.
registry.register("Unique", _unique_infer, _unique_lower, host=True, differentiable=None)
registry.register("UniqueWithCounts", _unique_infer, _unique_lower, host=True, differentiable=None)


@export("unique")
def unique(x, out_idx=dtypes.int32, name=None):
    return gen_op("Unique", [("x", x, None, None)],
                  lambda t: {"T": t.dtype.base_dtype, "out_idx": dtypes.as_dtype(out_idx)}, name=name,
                  fields=("y", "idx"))


@export("unique_with_counts")
def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    return gen_op("UniqueWithCounts", [("x", x, None, None)],
                  lambda t: {"T": t.dtype.base_dtype, "out_idx": dtypes.as_dtype(out_idx)}, name=name,
                  fields=("y", "idx", "count"))


# ---------------------------------------------------------------------------- ListDiff

def _listdiff_infer(op):
    check_rank(op, 0, 1)
    check_rank(op, 1, 1)
    return [(in_dtype(op), TensorShape([None])), (op._attrs["out_idx"], TensorShape([None]))]


def _listdiff_lower(ctx, op, x, y):
    x, y = host_values(op, x, y)
    keep = np.flatnonzero(~np.isin(x, y))
    return x[keep], keep.astype(op._attrs["out_idx"].as_numpy_dtype)


registry.register("ListDiff", _listdiff_infer, _listdiff_lower, host=True, differentiable=False)


@export("setdiff1d")
def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    return gen_op("ListDiff", [("x", x, "T", None), ("y", y, "T", None)],
                  lambda a, b: {"T": a.dtype.base_dtype, "out_idx": dtypes.as_dtype(index_dtype)},
                  name=name, fields=("out", "idx"))


# --------------------------------------------------------------------- InvertPermutation

registry.register("InvertPermutation", lambda op: (check_rank(op, 0, 1), [(in_dtype(op), in_shape(op))])[1],
                  lambda ctx, op, x: jnp.zeros_like(x).at[x].set(jnp.arange(jnp.shape(x)[0], dtype=x.dtype)),
                  differentiable=False)


@export("invert_permutation")
def invert_permutation(x, name=None):
    return gen_op("InvertPermutation", [("x", x, None, INDEX_TYPES)], lambda t: {"T": t.dtype.base_dtype},
                  name=name)


# -------------------------------------------------------------------- DynamicPartition/Stitch

def _dynamic_partition_infer(op):
    n = op._attrs["num_partitions"]
    d, p = in_shape(op, 0), in_shape(op, 1)
    dt = in_dtype(op)
    if d.ndims is None or p.ndims is None:
        return [(dt, unknown())] * n
    if not d[:p.ndims].is_compatible_with(p):
        raise shape_error(op, "Dimensions must be equal, but are %s and %s" % (
            shape_str(TensorShape(d.as_list()[:p.ndims])), shape_str(p)))
    return [(dt, TensorShape([None] + d.as_list()[p.ndims:]))] * n


def _dynamic_partition_lower(ctx, op, data, parts):
    data, parts = host_values(op, data, parts)
    n = op._attrs["num_partitions"]
    bad = np.argwhere((parts < 0) | (parts >= n))
    if bad.size:
        pos = tuple(int(v) for v in bad[0])
        raise errors.InvalidArgumentError(None, op, "partitions%s = %d is not in [0, %d)" % (
            list(pos), int(parts[pos]), n))
    return tuple(data[parts == i] for i in range(n))


registry.register("DynamicPartition", _dynamic_partition_infer, _dynamic_partition_lower, host=True)


@export("dynamic_partition")
def dynamic_partition(data, partitions, num_partitions, name=None):
    return gen_op("DynamicPartition", [("data", data, None, None), ("partitions", partitions, dtypes.int32, None)],
                  lambda d, p: {"T": d.dtype.base_dtype, "num_partitions": int(num_partitions)},
                  name=name, multi=True)


def _dynamic_stitch_infer(op):
    n = op._attrs["N"]
    idx, data = op._inputs[:n], op._inputs[n:]
    dt = data[0].dtype.base_dtype
    vals = [const_ints(t) for t in idx]
    first = None if vals[0] is None and idx[0].get_shape().ndims is None else True
    rest = unknown()
    for i, d in zip(idx, data):
        if i.get_shape().ndims is not None and d.get_shape().ndims is not None:
            rest = TensorShape(d.get_shape().as_list()[i.get_shape().ndims:])
            break
    if first is None or rest.ndims is None:
        return [(dt, unknown())]
    size = None
    if all(v is not None for v in vals):
        size = max([max(v) for v in vals if v] or [-1]) + 1
    return [(dt, TensorShape([size]).concatenate(rest))]


def _dynamic_stitch_lower(ctx, op, *args):
    n = op._attrs["N"]
    vals = host_values(op, *args)
    idx, data = vals[:n], vals[n:]
    for i in idx:
        negative = np.flatnonzero(np.reshape(i, [-1]) < 0)
        if negative.size:  # TF's kernel: the output has max(index) + 1 rows, so only these fall outside
            raise errors.InvalidArgumentError(None, op, "indices[%d] is out of range" % negative[0])
    size = max([int(i.max()) for i in idx if i.size] or [-1]) + 1
    rest = data[0].shape[idx[0].ndim:]
    out = np.zeros((size,) + rest, dtype=data[0].dtype)
    for i, d in zip(idx, data):
        out[np.reshape(i, [-1])] = np.reshape(d, (-1,) + rest)
    return out


registry.register("DynamicStitch", _dynamic_stitch_infer, _dynamic_stitch_lower, host=True)
registry.register("ParallelDynamicStitch", _dynamic_stitch_infer, _dynamic_stitch_lower, host=True)


def _stitch(op_type):
    def fn(indices, data, name=None):
        with name_scope(name, op_type, list(indices) + list(data)) as scope:
            idx = [convert_to_tensor(v, dtype=dtypes.int32, name="indices_%d" % k) for k, v in enumerate(indices)]
            ds = [convert_to_tensor(v, name="data_%d" % k) for k, v in enumerate(data)]
            dt = ds[0].dtype.base_dtype
            ds = [d if d.dtype.base_dtype == dt else convert_to_tensor(d, dtype=dt) for d in ds]
            return op_output(op_type, idx + ds, {"T": dt, "N": len(idx)}, name=scope)
    return fn


dynamic_stitch = export("dynamic_stitch")(_stitch("DynamicStitch"))
parallel_dynamic_stitch = export("parallel_dynamic_stitch")(_stitch("ParallelDynamicStitch"))


# --------------------------------------------------------------------------- Reverse

def _reverse_infer(op):
    x = in_shape(op)
    check_rank(op, 1, 1)
    ax = const_ints(op._inputs[1])
    if ax is not None and x.ndims is not None:
        for a in ax:
            if a < -x.ndims or a >= x.ndims:
                raise shape_error(op, "axis %d is out of valid range [%d, %d)" % (a, -x.ndims, x.ndims))
        norm = [a % x.ndims for a in ax]
        if len(set(norm)) != len(norm):
            raise shape_error(op, "axis %d specified more than once" % [a for a in norm if norm.count(a) > 1][0])
    return [(in_dtype(op), x)]


registry.register("ReverseV2", _reverse_infer,
                  lambda ctx, op, x, ax: jnp.flip(x, tuple(a % jnp.ndim(x) for a in static_ints(op, 1, ax)))
                  if static_ints(op, 1, ax) else x)


@export("reverse", "reverse_v2", "manip.reverse")
def reverse(tensor, axis, name=None):
    return gen_op("ReverseV2", [("tensor", tensor, None, None), ("axis", axis, "Tidx", INDEX_TYPES)],
                  lambda t, a: {"T": t.dtype.base_dtype, "Tidx": a.dtype.base_dtype}, name=name)


def _reverse_sequence_infer(op):
    x = in_shape(op)
    check_rank(op, 1, 1)
    sd, bd = op._attrs["seq_dim"], op._attrs["batch_dim"]
    if x.ndims is not None:
        if sd >= x.ndims or bd >= x.ndims:
            raise shape_error(op, "Invalid %s %d" % (("seq_dim", sd) if sd >= x.ndims else ("batch_dim", bd)))
        b = x.as_list()[bd]
        n = in_shape(op, 1).as_list()[0] if in_shape(op, 1).ndims == 1 else None
        if b is not None and n is not None and b != n:
            raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (b, n))
    return [(in_dtype(op), x)]


def _reverse_sequence_lower(ctx, op, x, lengths):
    sd, bd = op._attrs["seq_dim"], op._attrs["batch_dim"]
    t = jnp.arange(jnp.shape(x)[sd])
    lens = lengths.astype(t.dtype)
    # rev[b, t] = L[b] - 1 - t for t < L[b], else t: one gather along the sequence axis.
    rev = jnp.where(t[None, :] < lens[:, None], lens[:, None] - 1 - t[None, :], t[None, :])
    shape = [1] * jnp.ndim(x)
    shape[bd], shape[sd] = jnp.shape(x)[bd], jnp.shape(x)[sd]
    rev = rev if bd < sd else rev.T
    rev = jnp.broadcast_to(jnp.reshape(rev, shape), jnp.shape(x))
    return jnp.take_along_axis(x, rev, axis=sd)


registry.register("ReverseSequence", _reverse_sequence_infer, _reverse_sequence_lower)


@export("reverse_sequence")
def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None,  # noqa: A002
                     seq_dim=None, batch_dim=None):
    sd = deprecated_argument_lookup("seq_axis", seq_axis, "seq_dim", seq_dim)
    bd = deprecated_argument_lookup("batch_axis", batch_axis, "batch_dim", batch_dim)
    bd = 0 if bd is None else bd
    return gen_op("ReverseSequence", [("input", input, None, None),
                                      ("seq_lengths", seq_lengths, "Tlen", INDEX_TYPES)],
                  lambda x, s: {"T": x.dtype.base_dtype, "Tlen": s.dtype.base_dtype, "seq_dim": int(sd),
                                "batch_dim": int(bd)}, name=name)


# ----------------------------------------------------------------------------- sequence_mask

@export("sequence_mask")
def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    from . import math_ops
    with name_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = op_output("Max", [lengths, math_ops.reduction_dims(lengths, None)],
                               {"T": lengths.dtype.base_dtype, "Tidx": dtypes.int32, "keep_dims": False},
                               name="Max")
            maxlen = math_ops.maximum(array_ops.constant(0, maxlen.dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.get_shape().ndims is not None and maxlen.get_shape().ndims != 0:
            raise ValueError("maxlen must be scalar for sequence_mask")
        start = array_ops.constant(0, maxlen.dtype)
        delta = array_ops.constant(1, maxlen.dtype)
        row_vector = op_output("Range", [start, maxlen, delta], {"Tidx": maxlen.dtype.base_dtype}, name="Range")
        expanded = array_ops.expand_dims(lengths, -1)
        matrix = op_output("Cast", [expanded], {"SrcT": expanded.dtype.base_dtype, "DstT": maxlen.dtype.base_dtype,
                                                "Truncate": False}, name="Cast")
        result = row_vector < matrix
        dtype = dtypes.as_dtype(dtype)
        if dtype is None or result.dtype.base_dtype == dtype.base_dtype:
            return result
        return math_ops.cast(result, dtype)
