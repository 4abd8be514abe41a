"""`tf.read_file` / `tf.io.read_file` and `tf.io.write_file` (TF's `ReadFile` / `WriteFile` host
ops): a whole file as one string, as image-decoding input pipelines read them."""
import os

import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from .elementwise_ops import shape_error
from .reader_ops import _open


def _scalar_inputs(op):
    for t in op._inputs:
        s = t.get_shape()
        if s.ndims is not None and s.ndims != 0:
            raise shape_error(op, "Shape must be rank 0 but is rank %d" % s.ndims)


def _path(value):
    v = np.asarray(value, dtype=object).item()
    return v if isinstance(v, bytes) else str(v).encode()


def _read_infer(op):
    _scalar_inputs(op)
    return [(dtypes.string, tensor_shape.TensorShape([]))]


def _read_lower(ctx, op, filename):
    return np.asarray(_open(op, _path(filename)), dtype=object)


def _write_infer(op):
    _scalar_inputs(op)
    return []


def _write_lower(ctx, op, filename, contents):
    path = _path(filename).decode("utf-8", "surrogateescape")
    data = np.asarray(contents, dtype=object).item()
    try:
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else str(data).encode())
    except FileNotFoundError:
        raise errors.NotFoundError(None, op, "%s; No such file or directory" % os.path.dirname(path)) from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(None, op, "%s; Is a directory" % path) from None
    return ()


registry.register("ReadFile", _read_infer, _read_lower, host=True, differentiable=False)
registry.register("WriteFile", _write_infer, _write_lower, stateful=True, host=True, differentiable=False)


@export("read_file", "io.read_file")
def read_file(filename, name=None):
    """The contents of the file `filename` (a scalar string)."""
    with name_scope(name, "ReadFile") as scope:
        f = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        return make_op("ReadFile", [f], {}, name=scope).outputs[0]


@export("write_file", "io.write_file")
def write_file(filename, contents, name=None):
    """An op writing `contents` to the file `filename` (created or overwritten)."""
    with name_scope(name, "WriteFile") as scope:
        f = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        c = convert_to_tensor(contents, dtype=dtypes.string, name="contents")
        return make_op("WriteFile", [f, c], {}, name=scope)
