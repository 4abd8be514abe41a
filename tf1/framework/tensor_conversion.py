"""`convert_to_tensor` and the small helpers every op module uses to add ops to the default graph."""
import numbers

import numpy as np

from ..api import export
from . import dtypes
from .graph import Operation, Tensor, get_default_graph, name_scope

_CONVERSION_FUNCS = []  # (priority, base_type, fn)


@export("register_tensor_conversion_function")
def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    _CONVERSION_FUNCS.append((priority, base_type, conversion_func))
    _CONVERSION_FUNCS.sort(key=lambda e: e[0])


def _check_python_value(value, dtype):
    """TF's `_AssertCompatible`: `Expected int32, got 2.5 of type 'float' instead.`"""
    def first_bad(v):
        if isinstance(v, (list, tuple)):
            for x in v:
                r = first_bad(x)
                if r is not None:
                    return r
            return None
        if dtype.is_integer and isinstance(v, float) and not isinstance(v, bool):
            return v
        if dtype.is_integer and isinstance(v, (str, bytes)):
            return v
        if (dtype.is_floating or dtype.is_integer or dtype.is_bool) and isinstance(v, (str, bytes)):
            return v
        if dtype == dtypes.string and isinstance(v, numbers.Number):
            return v
        return None

    bad = first_bad(value)
    if bad is not None:
        raise TypeError("Expected %s, got %s of type '%s' instead." % (
            dtype.name, repr(bad) if isinstance(bad, (str, bytes)) else bad, type(bad).__name__))


def _contains_tensor(value):
    if isinstance(value, Tensor) or hasattr(value, "_as_graph_element") and not isinstance(value, Operation):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_tensor(v) for v in value)
    return False


@export("convert_to_tensor")
def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, dtype_hint=None,
                      as_ref=False):
    dtype = dtypes.as_dtype(dtype) if dtype is not None else None
    preferred_dtype = preferred_dtype or dtype_hint
    if isinstance(value, Tensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, value.dtype.name, value))
        return value
    if value is None:
        raise ValueError("None values not supported.")
    if isinstance(value, Operation):
        raise TypeError("Can't convert Operation '%s' to Tensor (target dtype=%s, name=%s, as_ref=%s)"
                        % (value.name, dtype, name, as_ref))
    for _, base_type, fn in _CONVERSION_FUNCS:
        if isinstance(value, base_type):
            ret = fn(value, dtype=dtype, name=name, as_ref=as_ref)
            if ret is NotImplemented:
                continue
            if dtype is not None and not dtype.is_compatible_with(ret.dtype):
                raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                                 % (dtype.name, ret.dtype.name, ret))
            return ret
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        from ..ops import array_ops
        return array_ops.pack_autoconvert(value, dtype=dtype, name=name)
    if preferred_dtype is not None and dtype is None:
        try:
            return constant(value, dtype=preferred_dtype, name=name or "Const")
        except (TypeError, ValueError):
            pass
    return constant(value, dtype=dtype, name=name or "Const")


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    from ..ops.array_ops import constant as _constant
    return _constant(value, dtype=dtype, shape=shape, name=name, verify_shape=verify_shape)


@export("convert_to_tensor_or_indexed_slices")
def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None):
    if hasattr(value, "indices") and hasattr(value, "values") and hasattr(value, "dense_shape"):
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def convert_n_to_tensor(values, dtype=None, name=None):
    return [convert_to_tensor(v, dtype=dtype, name=None if name is None else "%s_%d" % (name, i))
            for i, v in enumerate(values)]


def make_op(op_type, inputs, attrs=None, name=None, graph=None):
    """Adds an op of `op_type` to the graph of its inputs (or the default graph); returns it."""
    g = graph
    if g is None:
        for t in inputs:
            if isinstance(t, Tensor):
                g = t.graph
                break
    if g is None:
        g = get_default_graph()
    return g.create_op(op_type, inputs, attrs=attrs, name=name)


def op_output(op_type, inputs, attrs=None, name=None, graph=None):
    """`make_op` for the common single-output case: returns the op's first output."""
    return make_op(op_type, inputs, attrs, name, graph).outputs[0]


def scoped(name, default_name, values):
    """`with scoped(name, "Add", [x, y]) as scope:` — TF's op-wrapper name-scope idiom."""
    return name_scope(name, default_name, values)


def is_tensor(x):
    return isinstance(x, Tensor) or hasattr(x, "_as_graph_element") and hasattr(x, "dtype") and \
        not isinstance(x, np.ndarray)


export("is_tensor", "contrib.framework.is_tensor")(is_tensor)
