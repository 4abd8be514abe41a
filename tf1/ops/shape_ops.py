"""Shape-changing ops: tile, pad, broadcast_to and broadcast shapes, meshgrid, space/depth/batch
rearrangements, linspace and shape_n."""
import numpy as np
import jax.numpy as jnp

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from . import array_ops
from ._common import TensorShape, broadcast_shapes, in_dtype, in_shape, shape_of_const, shape_str, unknown
from .array_ops import static_ints
from .indexing_ops import INDEX_TYPES, check_rank, const_ints, gen_op, input_shapes, shape_error

# -------------------------------------------------------------------------------------- Tile


def _tile_infer(op):
    x = in_shape(op)
    check_rank(op, 1, 1)
    mult = const_ints(op._inputs[1])
    m_shape = in_shape(op, 1)
    n = m_shape.as_list()[0] if m_shape.ndims == 1 else None
    if x.ndims is not None and n is not None and n != x.ndims:
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (x.ndims, n))
    if x.ndims is None:
        return [(in_dtype(op), unknown() if n is None else unknown(n))]
    if mult is None:
        return [(in_dtype(op), unknown(x.ndims))]
    return [(in_dtype(op), TensorShape([None if d is None else d * m for d, m in zip(x.as_list(), mult)]))]


def _tile_lower(ctx, op, x, multiples):
    mult = static_ints(op, 1, multiples)
    for i, m in enumerate(mult):
        if m < 0:
            raise errors.InvalidArgumentError(None, op, "Expected multiples[%d] >= 0, but got %d" % (i, m))
    return jnp.tile(x, mult)


registry.register("Tile", _tile_infer, _tile_lower)


@export("tile", "manip.tile")
def tile(input, multiples, name=None):  # noqa: A002
    return gen_op("Tile", [("input", input, None, None), ("multiples", multiples, "Tmultiples", INDEX_TYPES)],
                  lambda x, m: {"T": x.dtype.base_dtype, "Tmultiples": m.dtype.base_dtype}, name=name)


# --------------------------------------------------------------------------------------- Pad

def _pad_infer(op):
    x = in_shape(op)
    p = in_shape(op, 1)
    pads = constant_pairs(op._inputs[1])
    if p.ndims is not None and p.ndims != 2:
        raise shape_error(op, "Shape must be rank 2 but is rank %d" % p.ndims)
    n = p.as_list()[0] if p.ndims == 2 else None
    if p.ndims == 2 and p.as_list()[1] not in (None, 2):
        raise shape_error(op, "Dimension 1 in both shapes must be equal, but are %d and 2" % p.as_list()[1])
    if x.ndims is not None and n is not None and n != x.ndims:
        raise shape_error(op, "Shape must be rank %d but is rank %d" % (n, x.ndims))
    rank = x.ndims if x.ndims is not None else n
    if rank is None:
        return [(in_dtype(op), unknown())]
    if pads is None:
        return [(in_dtype(op), unknown(rank))]
    dims = x.as_list() if x.ndims is not None else [None] * rank
    mode = op._attrs.get("mode")
    for i, ((a, b), d) in enumerate(zip(pads, dims)):
        if a < 0 or b < 0:
            raise ValueError("Paddings must be non-negative: %d %d" % (a, b))
        if mode is not None and d is not None:
            lim = d - 1 if mode == "REFLECT" else d
            if a > lim or b > lim:
                raise shape_error(op, "paddings must be no greater than the dimension size: %d, %d greater "
                                      "than %d" % (a, b, lim))
    return [(in_dtype(op), TensorShape([None if d is None else d + a + b for (a, b), d in zip(pads, dims)]))]


def constant_pairs(t):
    v = const_ints(t)
    return None if v is None else [tuple(v[i:i + 2]) for i in range(0, len(v), 2)]


def _pad_lower(ctx, op, x, paddings, *rest):
    pads = [tuple(p) for p in np.reshape(static_ints(op, 1, paddings), [-1, 2]).tolist()]
    for before, after in pads:
        if before < 0 or after < 0:
            raise errors.InvalidArgumentError(None, op, "Paddings must be non-negative: %d %d" % (before, after))
    mode = op._attrs.get("mode")
    if mode is None:
        return jnp.pad(x, pads, constant_values=rest[0] if rest else 0)
    return jnp.pad(x, pads, mode=mode.lower())


registry.register("Pad", _pad_infer, _pad_lower)
registry.register("PadV2", _pad_infer, _pad_lower)
registry.register("MirrorPad", _pad_infer, _pad_lower)


@export("pad")
def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    mode = mode.upper()
    pad_spec = ("paddings", paddings, "Tpaddings", INDEX_TYPES)
    attrs = lambda x, p, *rest: {"T": x.dtype.base_dtype, "Tpaddings": p.dtype.base_dtype}  # noqa: E731
    if mode == "CONSTANT":
        if not isinstance(constant_values, Tensor) and np.all(np.asarray(constant_values) == 0):
            return gen_op("Pad", [("input", tensor, "T", None), pad_spec], attrs, name=name)
        return gen_op("PadV2", [("input", tensor, "T", None), pad_spec,
                                ("constant_values", constant_values, "T", None)], attrs, name=name)
    if mode in ("REFLECT", "SYMMETRIC"):
        return gen_op("MirrorPad", [("input", tensor, None, None), pad_spec],
                      lambda x, p: dict(attrs(x, p), mode=mode), name=name)
    raise ValueError("Unknown padding mode: %s" % mode)


# ------------------------------------------------------------------------------ BroadcastTo

def static_broadcast(s1, s2):
    """Broadcast of two TensorShapes, or None where they are incompatible."""
    try:
        return broadcast_shapes(s1, s2)
    except ValueError:
        return None


def _broadcast_to_infer(op):
    x = in_shape(op)
    target = shape_of_const(op._inputs[1])
    if target.ndims is not None and x.ndims is not None:
        if x.ndims > target.ndims:
            raise shape_error(op, "Rank of input (%d) must be no greater than rank of output shape (%d)"
                              % (x.ndims, target.ndims))
        dims = target.as_list()
        for d_in, d_out in zip(x.as_list()[::-1], dims[::-1]):
            if d_in is not None and d_out is not None and d_in != 1 and d_in != d_out:
                raise shape_error(op, "Incompatible shapes: %s vs. %s" % (shape_str(x), shape_str(target)))
    return [(in_dtype(op), target)]


registry.register("BroadcastTo", _broadcast_to_infer,
                  lambda ctx, op, x, s: jnp.broadcast_to(x, tuple(static_ints(op, 1, s))))


@export("broadcast_to")
def broadcast_to(input, shape, name=None):  # noqa: A002
    return gen_op("BroadcastTo", [("input", input, None, None), ("shape", shape, "Tidx", INDEX_TYPES)],
                  lambda x, s: {"T": x.dtype.base_dtype, "Tidx": s.dtype.base_dtype}, name=name)


def _broadcast_args_infer(op):
    check_rank(op, 0, 1)
    check_rank(op, 1, 1)
    n = [in_shape(op, i).as_list()[0] if in_shape(op, i).ndims == 1 else None for i in (0, 1)]
    return [(in_dtype(op), TensorShape([None if None in n else max(n)]))]


def _broadcast_args_lower(ctx, op, s0, s1):
    s0, s1 = jnp.asarray(s0), jnp.asarray(s1)
    n = max(s0.shape[0], s1.shape[0])
    a = jnp.concatenate([jnp.ones(n - s0.shape[0], s0.dtype), s0])
    b = jnp.concatenate([jnp.ones(n - s1.shape[0], s1.dtype), s1])
    return jnp.where(a == 1, b, a)


registry.register("BroadcastArgs", _broadcast_args_infer, _broadcast_args_lower, differentiable=False)


@export("broadcast_dynamic_shape")
def broadcast_dynamic_shape(shape_x, shape_y):
    return gen_op("BroadcastArgs", [("s0", shape_x, "T", INDEX_TYPES), ("s1", shape_y, "T", INDEX_TYPES)],
                  lambda a, b: {"T": a.dtype.base_dtype}, name=None)


@export("broadcast_static_shape")
def broadcast_static_shape(shape_x, shape_y):
    out = static_broadcast(tensor_shape.as_shape(shape_x), tensor_shape.as_shape(shape_y))
    if out is None:
        raise ValueError("Incompatible shapes for broadcasting: %s and %s" % (shape_x, shape_y))
    return out


# ---------------------------------------------------------------------------------- meshgrid

def _size_of(x):
    """`array_ops.size(x)` with TF's optimisation: a constant when the shape is static."""
    with name_scope(None, "Size", [x]) as scope:
        t = convert_to_tensor(x)
        if t.get_shape().is_fully_defined():
            return array_ops.constant(t.get_shape().num_elements(), dtypes.int32, name=scope)
        return array_ops.size(t, name=scope)


@export("meshgrid")
def meshgrid(*args, **kwargs):
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        key = list(kwargs.keys())[0]
        raise TypeError("'{}' is an invalid keyword argument for this function".format(key))
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    with name_scope(name, "meshgrid", args):
        ndim = len(args)
        s0 = (1,) * ndim
        output = []
        for i, x in enumerate(args):
            output.append(array_ops.reshape(array_ops.stack(x), (s0[:i] + (-1,) + s0[i + 1:])))
        shapes = [_size_of(x) for x in args]
        output_dtype = convert_to_tensor(args[0]).dtype.base_dtype
        if indexing == "xy" and ndim > 1:
            output[0] = array_ops.reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = array_ops.reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            shapes[0], shapes[1] = shapes[1], shapes[0]
        mult_fact = array_ops.ones(shapes, output_dtype)
        return [x * mult_fact for x in output]


# ----------------------------------------------------------------- SpaceToDepth/DepthToSpace

def _nhwc(op, shp):
    dims = shp.as_list()
    if op._attrs.get("data_format", b"NHWC") in ("NCHW", b"NCHW"):
        return [dims[0], dims[2], dims[3], dims[1]], True
    return dims, False


def _from_nhwc(dims, nchw):
    return [dims[0], dims[3], dims[1], dims[2]] if nchw else dims


def _s2d_infer(op):
    x = in_shape(op)
    check_rank(op, 0, 4)
    if x.ndims is None:
        return [(in_dtype(op), unknown(4))]
    bs = op._attrs["block_size"]
    (b, h, w, c), nchw = _nhwc(op, x)
    if op.type == "SpaceToDepth":
        for d in (h, w):
            if d is not None and d % bs:
                raise shape_error(op, "Dimension size must be evenly divisible by %d but is %d" % (bs, d))
        out = [b, None if h is None else h // bs, None if w is None else w // bs,
               None if c is None else c * bs * bs]
    else:
        if c is not None and c % (bs * bs):
            raise shape_error(op, "Dimension size must be evenly divisible by %d but is %d" % (bs * bs, c))
        out = [b, None if h is None else h * bs, None if w is None else w * bs,
               None if c is None else c // (bs * bs)]
    return [(in_dtype(op), TensorShape(_from_nhwc(out, nchw)))]


def _s2d_lower(ctx, op, x):
    bs = op._attrs["block_size"]
    nchw = op._attrs.get("data_format", b"NHWC") in ("NCHW", b"NCHW")
    if nchw:
        x = jnp.transpose(x, (0, 2, 3, 1))
    b, h, w, c = x.shape
    if op.type == "SpaceToDepth":
        y = jnp.reshape(x, (b, h // bs, bs, w // bs, bs, c)).transpose(0, 1, 3, 2, 4, 5)
        y = jnp.reshape(y, (b, h // bs, w // bs, bs * bs * c))
    else:
        y = jnp.reshape(x, (b, h, w, bs, bs, c // (bs * bs))).transpose(0, 1, 3, 2, 4, 5)
        y = jnp.reshape(y, (b, h * bs, w * bs, c // (bs * bs)))
    return jnp.transpose(y, (0, 3, 1, 2)) if nchw else y


registry.register("SpaceToDepth", _s2d_infer, _s2d_lower)
registry.register("DepthToSpace", _s2d_infer, _s2d_lower)


def _depth_op(op_type):
    def fn(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
        if block_size < 2:
            raise ValueError("Value for attr 'block_size' of %d must be at least minimum 2" % block_size)
        return gen_op(op_type, [("input", input, None, None)],
                      lambda x: {"T": x.dtype.base_dtype, "block_size": int(block_size),
                                 "data_format": data_format}, name=name)
    return fn


space_to_depth = export("space_to_depth", "nn.space_to_depth")(_depth_op("SpaceToDepth"))
depth_to_space = export("depth_to_space", "nn.depth_to_space")(_depth_op("DepthToSpace"))


# ------------------------------------------------------------ SpaceToBatchND/BatchToSpaceND

def _batch_space_infer(op):
    x = in_shape(op)
    block = const_ints(op._inputs[1])
    pads = constant_pairs(op._inputs[2])
    dt = in_dtype(op)
    m = len(block) if block is not None else (in_shape(op, 1).as_list()[0] if in_shape(op, 1).ndims == 1
                                              else None)
    if x.ndims is None:
        return [(dt, unknown())]
    if m is not None and x.ndims < m + 1:
        raise shape_error(op, "Shape must be at least rank %d but is rank %d" % (m + 1, x.ndims))
    if block is None or pads is None:
        return [(dt, unknown(x.ndims))]
    dims = x.as_list()
    prod = int(np.prod(block))
    to_batch = op.type == "SpaceToBatchND"
    out = list(dims)
    if dims[0] is not None:
        if not to_batch and dims[0] % prod:
            raise shape_error(op, "Dimension size must be evenly divisible by %d but is %d" % (prod, dims[0]))
        out[0] = dims[0] * prod if to_batch else dims[0] // prod
    for i, (bsz, (a, b)) in enumerate(zip(block, pads)):
        d = dims[i + 1]
        if d is None:
            out[i + 1] = None
        elif to_batch:
            if (d + a + b) % bsz:
                raise shape_error(op, "padded_shape[%d]=%d is not divisible by block_shape[%d]=%d" % (
                    i, d + a + b, i, bsz))
            out[i + 1] = (d + a + b) // bsz
        else:
            out[i + 1] = d * bsz - a - b
    return [(dt, TensorShape(out))]


def _space_to_batch_lower(ctx, op, x, block, paddings):
    block = static_ints(op, 1, block)
    pads = np.reshape(static_ints(op, 2, paddings), [-1, 2]).tolist()
    m = len(block)
    x = jnp.pad(x, [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)] * (x.ndim - m - 1))
    b, spatial, rest = x.shape[0], x.shape[1:m + 1], x.shape[m + 1:]
    shape = [b]
    for d, bs in zip(spatial, block):
        shape += [d // bs, bs]
    y = jnp.reshape(x, shape + list(rest))
    # [B, d1/b1, b1, ..., rest] -> [b1, ..., bm, B, d1/b1, ..., dm/bm, rest]
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + \
        list(range(2 * m + 1, y.ndim))
    y = jnp.transpose(y, perm)
    return jnp.reshape(y, [b * int(np.prod(block))] + [d // bs for d, bs in zip(spatial, block)] + list(rest))


def _batch_to_space_lower(ctx, op, x, block, crops):
    block = static_ints(op, 1, block)
    crops = np.reshape(static_ints(op, 2, crops), [-1, 2]).tolist()
    m = len(block)
    b, spatial, rest = x.shape[0], x.shape[1:m + 1], x.shape[m + 1:]
    nb = b // int(np.prod(block))
    y = jnp.reshape(x, list(block) + [nb] + list(spatial) + list(rest))
    # [b1, ..., bm, B, d1, ..., dm, rest] -> [B, d1, b1, ..., dm, bm, rest]
    perm = [m]
    for i in range(m):
        perm += [m + 1 + i, i]
    perm += list(range(2 * m + 1, y.ndim))
    y = jnp.reshape(jnp.transpose(y, perm), [nb] + [d * bs for d, bs in zip(spatial, block)] + list(rest))
    idx = tuple([builtins_slice(None)] + [builtins_slice(a, d * bs - c) for (a, c), d, bs in
                                          zip(crops, spatial, block)])
    return y[idx]


builtins_slice = slice
registry.register("SpaceToBatchND", _batch_space_infer, _space_to_batch_lower)
registry.register("BatchToSpaceND", _batch_space_infer, _batch_to_space_lower)


@export("space_to_batch_nd", "manip.space_to_batch_nd")
def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002
    return gen_op("SpaceToBatchND", [("input", input, None, None),
                                     ("block_shape", block_shape, "Tblock_shape", INDEX_TYPES),
                                     ("paddings", paddings, "Tpaddings", INDEX_TYPES)],
                  lambda x, b, p: {"T": x.dtype.base_dtype, "Tblock_shape": b.dtype.base_dtype,
                                   "Tpaddings": p.dtype.base_dtype}, name=name)


@export("batch_to_space_nd")
def batch_to_space_nd(input, block_shape, crops, name=None):  # noqa: A002
    return gen_op("BatchToSpaceND", [("input", input, None, None),
                                     ("block_shape", block_shape, "Tblock_shape", INDEX_TYPES),
                                     ("crops", crops, "Tcrops", INDEX_TYPES)],
                  lambda x, b, c: {"T": x.dtype.base_dtype, "Tblock_shape": b.dtype.base_dtype,
                                   "Tcrops": c.dtype.base_dtype}, name=name)


@export("space_to_batch", "nn.space_to_batch")
def space_to_batch(input, paddings, block_size=None, name=None, block_shape=None):  # noqa: A002
    block_size = block_size if block_size is not None else block_shape
    result = space_to_batch_nd(input, np.array([block_size, block_size], dtype=np.int64), paddings, name=name)
    result.set_shape(result.get_shape().with_rank(4))
    return result


@export("batch_to_space")
def batch_to_space(input, crops, block_size, name=None, block_shape=None):  # noqa: A002
    block_size = block_size if block_size is not None else block_shape
    result = batch_to_space_nd(input, np.array([block_size, block_size], dtype=np.int64), crops, name=name)
    result.set_shape(result.get_shape().with_rank(4))
    return result


# ---------------------------------------------------------------------------------- LinSpace

def _linspace_infer(op):
    for i in (0, 1, 2):
        check_rank(op, i, 0)
    n = const_ints(op._inputs[2])
    return [(in_dtype(op), TensorShape([None if n is None else n[0]]))]


registry.register("LinSpace", _linspace_infer, lambda ctx, op, a, b, n: jnp.linspace(
    a, b, static_ints(op, 2, n)[0]).astype(in_dtype(op).as_numpy_dtype), differentiable=False)  # TF: NotDifferentiable


@export("lin_space", "linspace")
def lin_space(start, stop, num, name=None):
    floats = (dtypes.bfloat16, dtypes.float32, dtypes.float64)
    return gen_op("LinSpace", [("start", start, "T", floats), ("stop", stop, "T", floats),
                               ("num", num, "Tidx", INDEX_TYPES)],
                  lambda a, b, n: {"T": a.dtype.base_dtype, "Tidx": n.dtype.base_dtype}, name=name)


# ------------------------------------------------------------------------------------ ShapeN

def _shape_n_infer(op):
    out = op._attrs.get("out_type", dtypes.int32)
    return [(out, TensorShape([t.get_shape().ndims])) for t in op._inputs]


registry.register("ShapeN", _shape_n_infer, lambda ctx, op, *xs: tuple(
    np.array(np.shape(x), dtype=op._attrs["out_type"].as_numpy_dtype) for x in xs), differentiable=False)


@export("shape_n")
def shape_n(input, out_type=dtypes.int32, name=None):  # noqa: A002
    with name_scope(name, "ShapeN", list(input)) as scope:
        xs = [convert_to_tensor(x, name="input_%d" % i) for i, x in enumerate(input)]
        dt = xs[0].dtype.base_dtype
        if any(x.dtype.base_dtype != dt for x in xs):
            raise TypeError("Tensors in list passed to 'input' of 'ShapeN' Op have types [%s] that don't all "
                            "match." % ", ".join(x.dtype.base_dtype.name for x in xs))
        return make_op("ShapeN", xs, {"T": dt, "N": len(xs), "out_type": dtypes.as_dtype(out_type)},
                       name=scope).outputs
