"""TF's DType objects: one per TF1 dtype, with `_ref` forms, numpy mapping and TF's printed forms."""
import builtins

import ml_dtypes
import numpy as np
from tensorboard.compat.proto import types_pb2

from ..api import export

_REF_OFFSET = 100

# enum -> (name, numpy type). Quantized types keep their storage numpy type, as in TF.
_INFO = {
    types_pb2.DT_FLOAT: ("float32", np.float32),
    types_pb2.DT_DOUBLE: ("float64", np.float64),
    types_pb2.DT_INT32: ("int32", np.int32),
    types_pb2.DT_UINT8: ("uint8", np.uint8),
    types_pb2.DT_INT16: ("int16", np.int16),
    types_pb2.DT_INT8: ("int8", np.int8),
    types_pb2.DT_STRING: ("string", np.object_),
    types_pb2.DT_COMPLEX64: ("complex64", np.complex64),
    types_pb2.DT_INT64: ("int64", np.int64),
    types_pb2.DT_BOOL: ("bool", np.bool_),
    types_pb2.DT_QINT8: ("qint8", np.int8),
    types_pb2.DT_QUINT8: ("quint8", np.uint8),
    types_pb2.DT_QINT32: ("qint32", np.int32),
    types_pb2.DT_BFLOAT16: ("bfloat16", ml_dtypes.bfloat16),
    types_pb2.DT_QINT16: ("qint16", np.int16),
    types_pb2.DT_QUINT16: ("quint16", np.uint16),
    types_pb2.DT_UINT16: ("uint16", np.uint16),
    types_pb2.DT_COMPLEX128: ("complex128", np.complex128),
    types_pb2.DT_HALF: ("float16", np.float16),
    types_pb2.DT_RESOURCE: ("resource", np.object_),
    types_pb2.DT_VARIANT: ("variant", np.object_),
    types_pb2.DT_UINT32: ("uint32", np.uint32),
    types_pb2.DT_UINT64: ("uint64", np.uint64),
}


class DType:
    """A TensorFlow data type (`tf.float32`, `tf.int32_ref`, ...)."""

    __slots__ = ("_type_enum",)

    def __init__(self, type_enum):
        type_enum = int(type_enum)
        if type_enum % _REF_OFFSET not in _INFO or type_enum == types_pb2.DT_INVALID:
            raise TypeError("types_pb2.DataType does not contain a value with number %d" % type_enum)
        self._type_enum = type_enum

    @property
    def _is_ref_dtype(self):
        return self._type_enum > _REF_OFFSET

    @property
    def _as_ref(self):
        return self if self._is_ref_dtype else _BY_ENUM[self._type_enum + _REF_OFFSET]

    @property
    def base_dtype(self):
        return _BY_ENUM[self._type_enum - _REF_OFFSET] if self._is_ref_dtype else self

    @property
    def real_dtype(self):
        base = self.base_dtype
        return {complex64: float32, complex128: float64}.get(base, base)

    @property
    def is_numpy_compatible(self):
        return self.base_dtype._type_enum not in (types_pb2.DT_RESOURCE, types_pb2.DT_VARIANT)

    @property
    def as_numpy_dtype(self):
        return _INFO[self.base_dtype._type_enum][1]

    @property
    def as_datatype_enum(self):
        return self._type_enum

    @property
    def is_bool(self):
        return self.base_dtype == bool

    @property
    def is_integer(self):
        return (self.is_numpy_compatible and not self.is_quantized
                and np.issubdtype(self.as_numpy_dtype, np.integer))

    @property
    def is_floating(self):
        b = self.base_dtype
        return b in (float16, float32, float64, bfloat16)

    @property
    def is_complex(self):
        return self.base_dtype in (complex64, complex128)

    @property
    def is_quantized(self):
        return self.base_dtype in (qint8, quint8, qint16, quint16, qint32)

    @property
    def is_unsigned(self):
        try:
            return self.min == 0
        except TypeError:
            return False

    @property
    def min(self):
        if self.is_quantized or self.base_dtype in (bool, string, complex64, complex128, resource, variant):
            raise TypeError("Cannot find minimum value of %s." % self)
        nt = np.dtype(self.as_numpy_dtype)
        return float(ml_dtypes.finfo(nt).min) if self.is_floating else int(np.iinfo(nt).min)

    @property
    def max(self):
        if self.is_quantized or self.base_dtype in (bool, string, complex64, complex128, resource, variant):
            raise TypeError("Cannot find maximum value of %s." % self)
        nt = np.dtype(self.as_numpy_dtype)
        return float(ml_dtypes.finfo(nt).max) if self.is_floating else int(np.iinfo(nt).max)

    @property
    def limits(self, clip_negative=True):
        if self.is_bool:
            return (False, True)
        mn, mx = self.min, self.max
        return (0 if clip_negative and self.is_unsigned else mn, mx)

    @property
    def size(self):
        if self.base_dtype in (string, resource, variant):
            return 1
        return np.dtype(self.as_numpy_dtype).itemsize

    @property
    def name(self):
        base_name = _INFO[self._type_enum % _REF_OFFSET][0]
        return base_name + "_ref" if self._is_ref_dtype else base_name

    def is_compatible_with(self, other):
        other = as_dtype(other)
        return self._type_enum in (other.as_datatype_enum, other.base_dtype.as_datatype_enum)

    def __eq__(self, other):
        if other is None:
            return False
        if not isinstance(other, DType):
            try:
                other = as_dtype(other)
            except TypeError:
                return False
        return self._type_enum == other._type_enum

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self._type_enum

    def __reduce__(self):
        return as_dtype, (self.name,)

    def __repr__(self):
        return "tf." + self.name

    def __str__(self):
        return "<dtype: %r>" % self.name


export("DType", "dtypes.DType")(DType)

_BY_ENUM = {}
for _enum, (_name, _np) in _INFO.items():
    _BY_ENUM[_enum] = DType(_enum)
    _BY_ENUM[_enum + _REF_OFFSET] = DType(_enum + _REF_OFFSET)

float16 = half = _BY_ENUM[types_pb2.DT_HALF]
float32 = _BY_ENUM[types_pb2.DT_FLOAT]
float64 = double = _BY_ENUM[types_pb2.DT_DOUBLE]
bfloat16 = _BY_ENUM[types_pb2.DT_BFLOAT16]
int8 = _BY_ENUM[types_pb2.DT_INT8]
int16 = _BY_ENUM[types_pb2.DT_INT16]
int32 = _BY_ENUM[types_pb2.DT_INT32]
int64 = _BY_ENUM[types_pb2.DT_INT64]
uint8 = _BY_ENUM[types_pb2.DT_UINT8]
uint16 = _BY_ENUM[types_pb2.DT_UINT16]
uint32 = _BY_ENUM[types_pb2.DT_UINT32]
uint64 = _BY_ENUM[types_pb2.DT_UINT64]
bool = _BY_ENUM[types_pb2.DT_BOOL]  # noqa: A001 (TF's own name)
string = _BY_ENUM[types_pb2.DT_STRING]
complex64 = _BY_ENUM[types_pb2.DT_COMPLEX64]
complex128 = _BY_ENUM[types_pb2.DT_COMPLEX128]
qint8 = _BY_ENUM[types_pb2.DT_QINT8]
quint8 = _BY_ENUM[types_pb2.DT_QUINT8]
qint16 = _BY_ENUM[types_pb2.DT_QINT16]
quint16 = _BY_ENUM[types_pb2.DT_QUINT16]
qint32 = _BY_ENUM[types_pb2.DT_QINT32]
resource = _BY_ENUM[types_pb2.DT_RESOURCE]
variant = _BY_ENUM[types_pb2.DT_VARIANT]

for _d in list(_BY_ENUM.values()):
    globals()[_d.name] = _d if _d._is_ref_dtype else globals().get(_d.name, _d)
    export(_d.name, "dtypes." + _d.name)(_d)
for _alias, _d in (("half", float16), ("double", float64)):
    export(_alias, "dtypes." + _alias)(_d)

_BY_NAME = {d.name: d for d in _BY_ENUM.values()}
_BY_NAME.update({"half": float16, "float": float32, "double": float64, "half_ref": float16._as_ref,
                 "float_ref": float32._as_ref, "double_ref": float64._as_ref})

_PYTHON_TO_TF = {builtins.float: float32, builtins.bool: bool, builtins.object: string,
                 builtins.int: int32, builtins.complex: complex128, builtins.str: string,
                 builtins.bytes: string}


def _from_numpy(np_dtype):
    np_dtype = np.dtype(np_dtype)
    if np_dtype.kind in "OSU":
        return string
    for enum, (name, nt) in _INFO.items():
        if name.startswith("q") or name in ("resource", "variant", "string"):
            continue
        if np.dtype(nt) == np_dtype:
            return _BY_ENUM[enum]
    return None


@export("as_dtype", "dtypes.as_dtype")
def as_dtype(type_value):
    """Converts `type_value` (DType, enum, name, numpy or Python type) to a `DType`."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, np.dtype) or (isinstance(type_value, type) and issubclass(type_value, np.generic)):
        d = _from_numpy(type_value)
        if d is not None:
            return d
    if isinstance(type_value, builtins.int) and not isinstance(type_value, builtins.bool):
        if type_value in _BY_ENUM:
            return _BY_ENUM[type_value]
    if isinstance(type_value, builtins.str) and type_value in _BY_NAME:
        return _BY_NAME[type_value]
    if isinstance(type_value, type) and type_value in _PYTHON_TO_TF:
        return _PYTHON_TO_TF[type_value]
    if hasattr(type_value, "as_numpy_dtype") or hasattr(type_value, "dtype") and isinstance(type_value.dtype, np.dtype):
        return as_dtype(getattr(type_value, "dtype", None))
    try:
        d = _from_numpy(np.dtype(type_value))
        if d is not None:
            return d
    except TypeError:
        pass
    raise TypeError("Cannot convert value %r to a TensorFlow DType." % (type_value,))


def dtype_of_value(value):
    """The DType TF infers for a Python/numpy value given without a dtype."""
    arr = np.asarray(value)
    if arr.dtype.kind in "OSU":
        return string
    if arr.dtype == np.float64 and not isinstance(value, np.ndarray) and not isinstance(value, np.generic):
        return float32  # Python floats become float32 in TF
    if arr.dtype == np.int64 and not isinstance(value, (np.ndarray, np.generic)):
        if arr.size == 0 or (arr.min() >= -2 ** 31 and arr.max() < 2 ** 31):
            return int32
        return int64
    if arr.dtype == np.complex128 and not isinstance(value, (np.ndarray, np.generic)):
        return complex128
    return as_dtype(arr.dtype)
