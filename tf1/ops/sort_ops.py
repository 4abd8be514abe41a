"""`tf.sort` / `tf.argsort` (also `tf.contrib.framework.sort/argsort`), built as TF 1.15 builds them:
`TopKV2` over the whole axis (descending), ascending order by negating the values, and other axes
moved last by a transpose that swaps them (its own inverse)."""
import numpy as np

from ..api import export
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value


def _descending_sort(values, axis, return_argsort=False):
    from . import array_ops, reduce_ops
    k = array_ops.shape(values)[axis]
    rank = array_ops.rank(values)
    static_rank = values.get_shape().ndims
    if axis == -1 or axis + 1 == values.get_shape().ndims:
        top_k_input, transposition = values, None
    else:
        if axis < 0:
            axis += static_rank or rank
        if static_rank is not None:
            transposition = array_ops.constant(
                np.r_[np.arange(axis), [static_rank - 1], np.arange(axis + 1, static_rank - 1), [axis]],
                name="transposition")
        else:
            from . import math_ops
            transposition = array_ops.concat([
                math_ops.range(axis), [rank - 1], math_ops.range(axis + 1, rank - 1), [axis]], 0)
        top_k_input = array_ops.transpose(values, transposition)
    values, indices = reduce_ops.top_k(top_k_input, k)
    # TF's shape function reads k from the partially known shape (`shape(x)[-1]` of a [?, 4] input
    # is 4); the sorted outputs keep the input's static shape.
    values.set_shape(top_k_input.get_shape())
    indices.set_shape(top_k_input.get_shape())
    out = indices if return_argsort else values
    if transposition is not None:
        out = array_ops.transpose(out, transposition)
    return out


def _ascending_sort(values, axis, return_argsort=False):
    from . import math_ops
    out = _descending_sort(math_ops.negative(values), axis, return_argsort)
    return out if return_argsort else math_ops.negative(out)


_SORT_IMPL = {"ASCENDING": _ascending_sort, "DESCENDING": _descending_sort}


def _sort_or_argsort(values, axis, direction, return_argsort):
    if direction not in _SORT_IMPL:
        raise ValueError("%s should be one of %s" % (direction, ", ".join(sorted(_SORT_IMPL.keys()))))
    axis = convert_to_tensor(axis, name="axis")
    axis_static = constant_value(axis)
    if axis.get_shape().ndims not in (None, 0) or axis_static is None:
        raise ValueError("axis must be a constant scalar")
    axis_static = int(axis_static)
    values = convert_to_tensor(values, name="values")
    return _SORT_IMPL[direction](values, axis_static, return_argsort)


@export("sort", "contrib.framework.sort")
def sort(values, axis=-1, direction="ASCENDING", name=None):
    with name_scope(name, "sort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=False)


@export("argsort", "contrib.framework.argsort")
def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    del stable  # TopKV2 is stable: equal values keep their index order
    with name_scope(name, "argsort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=True)
