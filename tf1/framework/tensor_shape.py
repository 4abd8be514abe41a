"""TensorShape and Dimension with TF 1.x (V1) behaviour: indexing yields Dimension objects and the
printed forms are `TensorShape([Dimension(2), Dimension(None)])` / `(2, ?)`."""
from tensorboard.compat.proto import tensor_shape_pb2

from ..api import export


@export("Dimension")
class Dimension:
    __slots__ = ("_value",)

    def __init__(self, value):
        if value is None:
            self._value = None
        elif isinstance(value, Dimension):
            self._value = value.value
        else:
            if isinstance(value, bool) or not hasattr(value, "__index__"):
                try:
                    iv = int(value)
                except (TypeError, ValueError):
                    raise TypeError("Dimension value must be integer or None or have an __index__ "
                                    "method, got value '%r' with type '%r'" % (value, type(value)))
                if iv != value:
                    raise TypeError("Dimension value must be integer or None or have an __index__ "
                                    "method, got value '%r' with type '%r'" % (value, type(value)))
                value = iv
            self._value = int(value.__index__())
            if self._value < 0:
                raise ValueError("Dimension %d must be >= 0" % self._value)

    value = property(lambda self: self._value)

    def __repr__(self):
        return "Dimension(%s)" % repr(self._value)

    def __str__(self):
        return "?" if self._value is None else str(self._value)

    def __eq__(self, other):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other.value is None:
            return None
        return self._value == other.value

    def __ne__(self, other):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other.value is None:
            return None
        return self._value != other.value

    def __bool__(self):
        return bool(self._value)

    def __int__(self):
        return self._value

    def __index__(self):
        return self._value

    def __hash__(self):
        return hash(self._value)

    def is_compatible_with(self, other):
        other = as_dimension(other)
        return self._value is None or other.value is None or self._value == other.value

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError("Dimensions %s and %s are not compatible" % (self, other))

    def merge_with(self, other):
        other = as_dimension(other)
        self.assert_is_compatible_with(other)
        return Dimension(other.value if self._value is None else self._value)

    def _binary(self, other, fn):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other.value is None:
            return Dimension(None)
        return Dimension(fn(self._value, other.value))

    __add__ = lambda self, o: self._binary(o, lambda a, b: a + b)
    __radd__ = __add__
    __sub__ = lambda self, o: self._binary(o, lambda a, b: a - b)
    __rsub__ = lambda self, o: as_dimension(o)._binary(self, lambda a, b: a - b)
    __mul__ = lambda self, o: self._binary(o, lambda a, b: a * b)
    __rmul__ = __mul__
    __floordiv__ = lambda self, o: self._binary(o, lambda a, b: a // b)
    __rfloordiv__ = lambda self, o: as_dimension(o)._binary(self, lambda a, b: a // b)
    __div__ = __floordiv__
    __mod__ = lambda self, o: self._binary(o, lambda a, b: a % b)

    def _cmp(self, other, fn):
        other = as_dimension(other)
        if self._value is None or other.value is None:
            return None
        return fn(self._value, other.value)

    __lt__ = lambda self, o: self._cmp(o, lambda a, b: a < b)
    __le__ = lambda self, o: self._cmp(o, lambda a, b: a <= b)
    __gt__ = lambda self, o: self._cmp(o, lambda a, b: a > b)
    __ge__ = lambda self, o: self._cmp(o, lambda a, b: a >= b)

    def __reduce__(self):
        return Dimension, (self._value,)


def as_dimension(value):
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dimension):
    return dimension.value if isinstance(dimension, Dimension) else dimension


@export("TensorShape")
class TensorShape:
    __slots__ = ("_dims",)

    def __init__(self, dims):
        if dims is None:
            self._dims = None
        elif isinstance(dims, tensor_shape_pb2.TensorShapeProto):
            self._dims = None if dims.unknown_rank else [
                as_dimension(d.size if d.size != -1 else None) for d in dims.dim]
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        else:
            try:
                it = iter(dims)
            except TypeError:
                self._dims = [as_dimension(dims)]
            else:
                self._dims = [as_dimension(d) for d in it]

    @property
    def dims(self):
        return None if self._dims is None else list(self._dims)

    @property
    def ndims(self):
        return None if self._dims is None else len(self._dims)

    rank = ndims

    def __repr__(self):
        if self._dims is None:
            return "TensorShape(None)"
        return "TensorShape(%r)" % (self._dims,)

    def __str__(self):
        if self._dims is None:
            return "<unknown>"
        if len(self._dims) == 1:
            return "(%s,)" % self._dims[0]
        return "(%s)" % ", ".join(str(d) for d in self._dims)

    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __bool__(self):
        return self._dims is not None

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)

    def __getitem__(self, key):
        if self._dims is not None:
            if isinstance(key, slice):
                return TensorShape(self._dims[key])
            return self._dims[key]
        if isinstance(key, slice):
            start, stop = key.start, key.stop
            if key.step is not None or start is None or stop is None or start < 0 or stop < 0:
                return unknown_shape()
            return unknown_shape(ndims=stop - start)
        return Dimension(None)

    def num_elements(self):
        if self.is_fully_defined():
            n = 1
            for d in self._dims:
                n *= d.value
            return n
        return None

    def merge_with(self, other):
        other = as_shape(other)
        if self._dims is None:
            return other
        if other.dims is None:
            return self
        try:
            self.assert_same_rank(other)
            return TensorShape([a.merge_with(b) for a, b in zip(self._dims, other.dims)])
        except ValueError:
            raise ValueError("Shapes %s and %s are not compatible" % (self, other))

    def concatenate(self, other):
        other = as_shape(other)
        if self._dims is None or other.dims is None:
            return unknown_shape()
        return TensorShape(self._dims + other.dims)

    def assert_same_rank(self, other):
        other = as_shape(other)
        if self.ndims is not None and other.ndims is not None and self.ndims != other.ndims:
            raise ValueError("Shapes %s and %s must have the same rank" % (self, other))

    def assert_has_rank(self, rank):
        if self.ndims not in (None, rank):
            raise ValueError("Shape %s must have rank %d" % (self, rank))

    def with_rank(self, rank):
        try:
            return self.merge_with(unknown_shape(ndims=rank))
        except ValueError:
            raise ValueError("Shape %s must have rank %d" % (self, rank))

    def with_rank_at_least(self, rank):
        if self.ndims is not None and self.ndims < rank:
            raise ValueError("Shape %s must have rank at least %d" % (self, rank))
        return self

    def with_rank_at_most(self, rank):
        if self.ndims is not None and self.ndims > rank:
            raise ValueError("Shape %s must have rank at most %d" % (self, rank))
        return self

    def is_compatible_with(self, other):
        other = as_shape(other)
        if self._dims is not None and other.dims is not None:
            if self.ndims != other.ndims:
                return False
            return all(a.is_compatible_with(b) for a, b in zip(self._dims, other.dims))
        return True

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are incompatible" % (self, other))

    def most_specific_compatible_shape(self, other):
        other = as_shape(other)
        if self._dims is None or other.dims is None or self.ndims != other.ndims:
            return unknown_shape()
        return TensorShape([a if a.value == b.value else None for a, b in zip(self._dims, other.dims)])

    def is_fully_defined(self):
        return self._dims is not None and all(d.value is not None for d in self._dims)

    def assert_is_fully_defined(self):
        if not self.is_fully_defined():
            raise ValueError("Shape %s is not fully defined" % self)

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return [d.value for d in self._dims]

    def as_proto(self):
        if self._dims is None:
            return tensor_shape_pb2.TensorShapeProto(unknown_rank=True)
        return tensor_shape_pb2.TensorShapeProto(dim=[
            tensor_shape_pb2.TensorShapeProto.Dim(size=-1 if d.value is None else d.value)
            for d in self._dims])

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except TypeError:
            return NotImplemented
        return self._dims == other.dims

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash(None if self._dims is None else tuple(d.value for d in self._dims))

    def __reduce__(self):
        return TensorShape, (self.dims,)

    def __add__(self, other):
        return self.concatenate(other)

    def __radd__(self, other):
        return as_shape(other).concatenate(self)

    def __concat__(self, other):
        return self.concatenate(other)


def as_shape(shape):
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(ndims=None, rank=None):
    if rank is not None:
        ndims = rank
    return TensorShape(None) if ndims is None else TensorShape([Dimension(None)] * ndims)


def scalar():
    return TensorShape([])


export("dimension_value", "compat.dimension_value")(dimension_value)
