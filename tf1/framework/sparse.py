"""SparseTensor and SparseTensorValue (tf.SparseTensor), fetchable and feedable as in TF."""
import collections

import numpy as np

from ..api import export


@export("SparseTensorValue")
class SparseTensorValue(collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])):
    pass


@export("SparseTensor")
class SparseTensor:
    def __init__(self, indices, values, dense_shape):
        from .tensor_conversion import convert_to_tensor
        from . import dtypes
        from .graph import name_scope
        with name_scope(None, "SparseTensor", [indices, values, dense_shape]):
            self._indices = convert_to_tensor(indices, name="indices", dtype=dtypes.int64)
            self._values = convert_to_tensor(values, name="values")
            self._dense_shape = convert_to_tensor(dense_shape, name="dense_shape", dtype=dtypes.int64)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._indices.graph)

    def get_shape(self):
        from .tensor_util import constant_value
        from .tensor_shape import TensorShape, unknown_shape
        v = constant_value(self._dense_shape)
        return TensorShape([int(x) for x in v]) if v is not None else unknown_shape()

    shape = property(get_shape)

    def _tf1_fetch_components(self):
        return [self._indices, self._values, self._dense_shape]

    def _tf1_fetch_build(self, parts):
        return SparseTensorValue(*parts)

    def eval(self, feed_dict=None, session=None):
        from ..runtime.session import get_default_session
        sess = session or get_default_session()
        return sess.run(self, feed_dict)

    @classmethod
    def from_value(cls, value):
        return cls(value.indices, value.values, value.dense_shape)

    def __repr__(self):
        return "SparseTensor(indices=%s, values=%s, dense_shape=%s)" % (
            self._indices, self._values, self._dense_shape)


def expand_sparse_feed(graph, key, value):
    """A SparseTensor feed key maps to its three component tensors."""
    if isinstance(key, SparseTensor):
        if isinstance(value, SparseTensorValue) or (isinstance(value, tuple) and len(value) == 3):
            ind, val, shp = value
            return [(key.indices, ind, key), (key.values, val, key), (key.dense_shape, shp, key)]
        raise TypeError("The value of a SparseTensor feed must be a SparseTensorValue")
    return None
