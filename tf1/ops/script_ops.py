"""`tf.py_func` / `tf.numpy_function`: host ops that call a Python function on numpy values.

As in TF, the function's results must have exactly the declared dtypes ("0-th value returned by
pyfunc_0 is double, but expects float"), and a Python exception becomes the TF error TF maps it to
(ValueError/TypeError -> InvalidArgumentError, StopIteration/IndexError -> OutOfRangeError, ...)
carrying the formatted traceback.
"""
import itertools
import traceback

import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import get_default_graph
from ..framework.tensor_conversion import convert_to_tensor

_TOKENS = itertools.count()
_FUNCS = {}  # token -> the Python callable (TF keeps the same process-wide registry)

_EXCEPTION_TO_ERROR = [
    ((ValueError, TypeError), errors.InvalidArgumentError),
    ((StopIteration, IndexError), errors.OutOfRangeError),
    ((MemoryError,), errors.ResourceExhaustedError),
    ((NotImplementedError,), errors.UnimplementedError),
]


def _infer(op):
    return [(dt, tensor_shape.unknown_shape()) for dt in op._attrs["Tout"]]


def _np_type_name(dt):
    return {np.dtype(np.float32): "float", np.dtype(np.float64): "double"}.get(np.dtype(dt), np.dtype(dt).name)


def _convert_result(op, i, value, want):
    token = op._attrs["token"]
    if want == dtypes.string:
        arr = np.asarray(value, dtype=object) if not isinstance(value, (bytes, str)) else \
            np.asarray(value if isinstance(value, bytes) else value.encode(), dtype=object)
        return np.vectorize(lambda s: s.encode() if isinstance(s, str) else s, otypes=[object])(arr) \
            if arr.size else arr
    arr = np.asarray(value)
    if arr.dtype.kind in "US":
        raise errors.InvalidArgumentError(None, op, "%d-th value returned by %s is %s, but expects %s"
                                          % (i, token, "string", _np_type_name(want.as_numpy_dtype)))
    if arr.dtype != np.dtype(want.as_numpy_dtype):
        raise errors.InvalidArgumentError(None, op, "%d-th value returned by %s is %s, but expects %s"
                                          % (i, token, _np_type_name(arr.dtype),
                                             _np_type_name(want.as_numpy_dtype)))
    return arr


def call_python(op, func, args):
    """`func(*args)`, any Python error raised as the TF error TF maps it to (also py_function's)."""
    try:
        return func(*args)
    except Exception as e:  # noqa: BLE001 -- every Python error becomes TF's error for it
        cls = errors.UnknownError
        for types, err in _EXCEPTION_TO_ERROR:
            if isinstance(e, types):
                cls = err
                break
        text = "%s: %s\n%s" % (type(e).__name__, e, "".join(traceback.format_exception(e)))
        raise cls(None, op, text.rstrip("\n")) from e


def _lower(ctx, op, *args):
    func = _FUNCS[op._attrs["token"]]
    host_args = [a if isinstance(a, (bytes, str)) else np.asarray(a) for a in args]
    ret = call_python(op, func, host_args)
    tout = op._attrs["Tout"]
    if not tout:
        return ()
    if isinstance(ret, (list, tuple)):
        values = list(ret)
    else:
        values = [ret]
    if len(values) != len(tout):
        raise errors.InvalidArgumentError(None, op, "%s returns %d values, but expects to see %d values."
                                          % (op._attrs["token"], len(values), len(tout)))
    outs = [_convert_result(op, i, v, dt) for i, (v, dt) in enumerate(zip(values, tout))]
    return outs[0] if len(outs) == 1 else tuple(outs)


registry.register("PyFunc", _infer, _lower, stateful=True, host=True, differentiable=False)
registry.register("PyFuncStateless", _infer, _lower, host=True, differentiable=False)


def _py_func(func, inp, Tout, stateful=True, name=None):
    is_list = isinstance(Tout, (list, tuple))
    touts = [dtypes.as_dtype(t) for t in (Tout if is_list else [Tout])]
    token = "pyfunc_%d" % next(_TOKENS)
    _FUNCS[token] = func
    inputs = [convert_to_tensor(x) for x in inp]
    op = get_default_graph().create_op(
        "PyFunc" if stateful else "PyFuncStateless", inputs,
        attrs={"token": token, "Tin": [t.dtype.base_dtype for t in inputs], "Tout": touts},
        name=name or ("PyFunc" if stateful else "PyFuncStateless"))
    if not touts:
        return op
    return list(op.outputs) if is_list else op.outputs[0]


@export("py_func")
def py_func(func, inp, Tout, stateful=True, name=None):  # noqa: N803
    """Wraps a Python function taking and returning numpy arrays as an op."""
    return _py_func(func, inp, Tout, stateful=stateful, name=name)


@export("numpy_function")
def numpy_function(func, inp, Tout, name=None):  # noqa: N803
    return _py_func(func, inp, Tout, stateful=True, name=name)
