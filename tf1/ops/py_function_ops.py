"""`tf.py_function`: an `EagerPyFunc` host op calling a Python function on eager-tensor values.

In TF 1.15 graph mode the function runs eagerly: it receives `EagerTensor`s (`.numpy()`, `.shape`,
`.dtype`, arithmetic, printing as `tf.Tensor(...)`) and may return tensors, numpy values or Python
values; each result is converted to its declared dtype as `convert_to_tensor` would in eager mode
(ints to floats are fine, "Cannot convert 'a' to EagerTensor of dtype float" otherwise). tf1 has no
eager mode, so the function gets `EagerTensor` stand-ins holding numpy values: calling graph ops
on them inside the function is not supported, nor is differentiating through the op.
Python errors become TF errors as for `tf.py_func` (script_ops.py).
"""
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import get_default_graph
from ..framework.tensor_conversion import convert_to_tensor
from . import script_ops

_IDS = iter(range(1, 1 << 62))


def _wrap(value):
    return EagerTensor(value) if isinstance(value, (np.ndarray, np.generic)) else value


def _unwrap(value):
    return value._value if isinstance(value, EagerTensor) else value


def _binary(fn, reflected=False):
    def method(self, other):
        a, b = (_unwrap(other), self._value) if reflected else (self._value, _unwrap(other))
        return _wrap(np.asarray(fn(a, b)))
    return method


class EagerTensor:
    """The value a `py_function` receives: a numpy array with TF's eager-tensor face."""
    __array_priority__ = 100

    def __init__(self, value):
        self._value = np.asarray(value)
        self._id = next(_IDS)

    def numpy(self):
        v = self._value
        return v.item() if v.dtype == object and v.ndim == 0 else v.copy() if v.ndim else v[()]

    @property
    def dtype(self):
        return dtypes.string if self._value.dtype.kind in "OSU" else dtypes.as_dtype(self._value.dtype)

    @property
    def shape(self):
        return tensor_shape.TensorShape(list(self._value.shape))

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self._value.ndim

    def __array__(self, dtype=None, copy=None):
        return self._value if dtype is None else self._value.astype(dtype)

    def __len__(self):
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return len(self._value)

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (_wrap(np.asarray(v)) for v in self._value)

    def __getitem__(self, key):
        return _wrap(np.asarray(self._value[_unwrap(key)]))

    def __bool__(self):
        return bool(self._value)

    def __int__(self):
        return int(self._value)

    def __float__(self):
        return float(self._value)

    def __index__(self):
        return self._value.__index__()

    def __hash__(self):
        return id(self)

    def __neg__(self):
        return _wrap(-self._value)

    def __abs__(self):
        return _wrap(np.abs(self._value))

    def _numpy_text(self):
        return np.array2string(self._value) if self._value.dtype != object else repr(self.numpy())

    def __str__(self):
        return "tf.Tensor(%s, shape=%s, dtype=%s)" % (self._numpy_text(), self.shape, self.dtype.name)

    def __repr__(self):
        return "<tf.Tensor: id=%d, shape=%s, dtype=%s, numpy=%s>" % (
            self._id, self.shape, self.dtype.name, repr(self.numpy()))

    __add__, __radd__ = _binary(np.add), _binary(np.add, True)
    __sub__, __rsub__ = _binary(np.subtract), _binary(np.subtract, True)
    __mul__, __rmul__ = _binary(np.multiply), _binary(np.multiply, True)
    __truediv__, __rtruediv__ = _binary(np.true_divide), _binary(np.true_divide, True)
    __floordiv__, __rfloordiv__ = _binary(np.floor_divide), _binary(np.floor_divide, True)
    __mod__, __rmod__ = _binary(np.mod), _binary(np.mod, True)
    __pow__, __rpow__ = _binary(np.power), _binary(np.power, True)
    __matmul__, __rmatmul__ = _binary(np.matmul), _binary(np.matmul, True)
    __lt__, __le__ = _binary(np.less), _binary(np.less_equal)
    __gt__, __ge__ = _binary(np.greater), _binary(np.greater_equal)
    __eq__, __ne__ = _binary(np.equal), _binary(np.not_equal)
    __and__, __or__, __xor__ = _binary(np.logical_and), _binary(np.logical_or), _binary(np.logical_xor)


def _compatible(want, have):
    """TF's IsCompatible for eager conversion: ints widen to any int/float/complex, floats to
    floats/complex."""
    if want == have:
        return True
    if want.is_integer and have.is_integer:
        return True
    if want.is_floating and (have.is_floating or have.is_integer):
        return True
    if want.is_complex and (have.is_complex or have.is_floating or have.is_integer):
        return True
    return False


def _as_eager(op, value, want):
    """convert_to_tensor(value, dtype=want) as eager mode does it."""
    raw = _unwrap(value)
    if want == dtypes.string:
        return script_ops._convert_result(op, 0, raw, want)
    arr = np.asarray(raw)
    if arr.dtype.kind in "OSU":
        have = None
    elif isinstance(raw, (bool, int, float, complex)) or (isinstance(raw, (list, tuple)) and arr.dtype != bool):
        have = want if (arr.dtype.kind in "iu" or (arr.dtype.kind == "f" and (want.is_floating or want.is_complex))
                        or (arr.dtype.kind == "b" and want == dtypes.bool)) else None
    else:
        have = dtypes.as_dtype(arr.dtype)
    if have is None or not _compatible(want, have):
        raise TypeError("Cannot convert %r to EagerTensor of dtype %s" % (raw, script_ops._np_type_name(
            want.as_numpy_dtype)))
    return arr.astype(want.as_numpy_dtype)


def _lower(ctx, op, *args):
    func = script_ops._FUNCS[op._attrs["token"]]
    eager_args = [EagerTensor(np.asarray(a, dtype=object) if isinstance(a, (bytes, str)) else a) for a in args]
    tout = op._attrs["Tout"]
    ret = script_ops.call_python(op, func, eager_args)

    def convert():
        # EagerFunc zips a returned list/tuple with Tout (extra values dropped); one value otherwise.
        if isinstance(ret, (list, tuple)):
            return [_as_eager(op, v, dt) for v, dt in zip(ret, tout)]
        if ret is None:
            return []
        return [_as_eager(op, ret, tout[0])] if tout else [ret]
    outs = script_ops.call_python(op, convert, [])
    if len(outs) != len(tout):
        raise errors.InvalidArgumentError(None, op, "%s returns %d values, but expects to see %d values."
                                          % (op._attrs["token"], len(outs), len(tout)))
    if not tout:
        return ()
    return outs[0] if len(outs) == 1 else tuple(outs)


registry.register("EagerPyFunc", script_ops._infer, _lower, stateful=True, host=True, differentiable=False)


@export("py_function")
def py_function(func, inp, Tout, name=None):  # noqa: N803
    """Wraps a Python function, run on eager-tensor values, as an `EagerPyFunc` op."""
    is_list = isinstance(Tout, (list, tuple))
    touts = [dtypes.as_dtype(t) for t in (Tout if is_list else [Tout])]
    token = "pyfunc_%d" % next(script_ops._TOKENS)
    script_ops._FUNCS[token] = func
    inputs = [convert_to_tensor(x) for x in inp]
    op = get_default_graph().create_op(
        "EagerPyFunc", inputs, attrs={"token": token, "is_async": False,
                                      "Tin": [t.dtype.base_dtype for t in inputs], "Tout": touts},
        name=name or "EagerPyFunc")
    if not touts:
        return op
    return list(op.outputs) if is_list else op.outputs[0]
