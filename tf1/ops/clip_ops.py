"""Clipping: clip_by_value, clip_by_norm, clip_by_average_norm, global_norm, clip_by_global_norm.
Each is TF 1.15's Python composite, so graphs carry TF's op names."""
import collections.abc

from ..api import export
from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from . import array_ops, math_ops
from .elementwise_ops import where

# L2Loss belongs to the nn family; global_norm builds it.
from . import nn_ops  # noqa: E402,F401  (registers L2Loss)


def _values(t):
    return t.values if type(t).__name__ == "IndexedSlices" else t


def _rewrap(t, values):
    if type(t).__name__ == "IndexedSlices":
        return type(t)(values, t.indices, t.dense_shape)
    return values


@export("clip_by_value")
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(_values(t), name="t")
        t_min = math_ops.minimum(values, clip_value_max)
        # Shapes must not grow by broadcasting against the bounds.
        values.get_shape().merge_with(t_min.get_shape())
        t_max = math_ops.maximum(t_min, clip_value_min, name=scope)
        values.get_shape().merge_with(t_max.get_shape())
        return _rewrap(t, t_max)


@export("clip_by_norm")
def clip_by_norm(t, clip_norm, axes=None, name=None):
    with name_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        values = convert_to_tensor(_values(t), name="t")
        l2sum = math_ops.reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        # Two wheres keep the gradient finite where the norm is 0.
        l2sum_safe = where(pred, l2sum, array_ops.ones_like(l2sum))
        l2norm = where(pred, math_ops.sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        values.get_shape().merge_with(intermediate.get_shape())
        values_clip = array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm), name=scope)
        return _rewrap(t, values_clip)


@export("clip_by_average_norm")
def clip_by_average_norm(t, clip_norm, name=None):
    with name_scope(name, "clip_by_average_norm", [t, clip_norm]) as scope:
        t = convert_to_tensor(t, name="t")
        n_element = math_ops.cast(array_ops.size(t), dtypes.float32)
        l2norm_inv = math_ops.unary_fn("Rsqrt")(math_ops.reduce_sum(t * t, math_ops.range(array_ops.rank(t))))
        tclip = array_ops.identity(
            t * clip_norm * math_ops.minimum(l2norm_inv * n_element, array_ops.constant(1.0) / clip_norm),
            name=scope)
        return tclip


def _check_sequence(t_list):
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError("t_list should be a sequence")
    return list(t_list)


@export("global_norm", "linalg.global_norm")
def global_norm(t_list, name=None):
    t_list = _check_sequence(t_list)
    with name_scope(name, "global_norm", [t for t in t_list if t is not None]):
        values = [convert_to_tensor(_values(t), name="t_%d" % i) if t is not None else None
                  for i, t in enumerate(t_list)]
        half_squared_norms = [op_output("L2Loss", [v], {"T": v.dtype.base_dtype}) for v in values if v is not None]
        half_squared_norm = math_ops.reduce_sum(array_ops.stack(half_squared_norms))
        two = array_ops.constant(2.0, dtype=half_squared_norm.dtype.base_dtype)
        return math_ops.sqrt(half_squared_norm * two, name="global_norm")


@export("clip_by_global_norm")
def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    t_list = _check_sequence(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with name_scope(name, "clip_by_global_norm", [t for t in t_list if t is not None] + [clip_norm]) as scope:
        scale_for_finite = clip_norm * math_ops.minimum(
            1.0 / use_norm, array_ops.constant(1.0, dtype=use_norm.dtype.base_dtype) / clip_norm)
        # A non-finite norm makes the scale NaN (and so every clipped value), as in TF.
        scale = scale_for_finite + (use_norm - use_norm)
        values = [convert_to_tensor(_values(t), name="t_%d" % i) if t is not None else None
                  for i, t in enumerate(t_list)]
        clipped = []
        for i, (t, v) in enumerate(zip(t_list, values)):
            if v is None:
                clipped.append(None)
                continue
            clipped.append(_rewrap(t, array_ops.identity(v * scale, name="%s_%d" % (scope, i))))
        return clipped, use_norm
