"""Python attr values <-> TF's AttrValue protos (for NodeDefs, GraphDef import/export)."""
import numpy as np
from tensorboard.compat.proto import attr_value_pb2, tensor_pb2, tensor_shape_pb2

from . import dtypes, tensor_shape


def attr_to_proto(value):
    av = attr_value_pb2.AttrValue()
    if isinstance(value, attr_value_pb2.AttrValue):
        av.CopyFrom(value)
    elif isinstance(value, (bool, np.bool_)):
        av.b = bool(value)
    elif isinstance(value, (int, np.integer)):
        av.i = int(value)
    elif isinstance(value, (float, np.floating)):
        av.f = float(value)
    elif isinstance(value, str):
        av.s = value.encode()
    elif isinstance(value, bytes):
        av.s = value
    elif isinstance(value, dtypes.DType):
        av.type = value.as_datatype_enum
    elif isinstance(value, tensor_shape.TensorShape):
        av.shape.CopyFrom(value.as_proto())
    elif isinstance(value, tensor_shape_pb2.TensorShapeProto):
        av.shape.CopyFrom(value)
    elif isinstance(value, tensor_pb2.TensorProto):
        av.tensor.CopyFrom(value)
    elif isinstance(value, np.ndarray):
        from .tensor_util import make_tensor_proto
        av.tensor.CopyFrom(make_tensor_proto(value))
    elif isinstance(value, attr_value_pb2.NameAttrList):
        av.func.CopyFrom(value)
    elif isinstance(value, (list, tuple)):
        lst = av.list
        lst.SetInParent()
        for v in value:
            if isinstance(v, (bool, np.bool_)):
                lst.b.append(bool(v))
            elif isinstance(v, (int, np.integer)):
                lst.i.append(int(v))
            elif isinstance(v, (float, np.floating)):
                lst.f.append(float(v))
            elif isinstance(v, (str, bytes)):
                lst.s.append(v.encode() if isinstance(v, str) else v)
            elif isinstance(v, dtypes.DType):
                lst.type.append(v.as_datatype_enum)
            elif isinstance(v, tensor_shape.TensorShape):
                lst.shape.add().CopyFrom(v.as_proto())
            elif isinstance(v, tensor_pb2.TensorProto):
                lst.tensor.add().CopyFrom(v)
            else:
                raise TypeError("Cannot convert list attr element %r" % (v,))
    elif value is None:
        pass
    else:
        raise TypeError("Cannot convert attr value %r to an AttrValue" % (value,))
    return av


def attr_from_proto(av):
    which = av.WhichOneof("value")
    if which == "s":
        return av.s.decode("utf-8", "surrogateescape") if _printable(av.s) else av.s
    if which in ("i", "f", "b"):
        return getattr(av, which)
    if which == "type":
        return dtypes.as_dtype(av.type)
    if which == "shape":
        return tensor_shape.TensorShape(av.shape)
    if which == "tensor":
        from .tensor_util import MakeNdarray
        return MakeNdarray(av.tensor)
    if which == "func":
        return av.func
    if which == "list":
        lst = av.list
        for field in ("s", "i", "f", "b", "type", "shape", "tensor"):
            items = getattr(lst, field)
            if len(items):
                if field == "s":
                    return [x.decode() for x in items]
                if field == "type":
                    return [dtypes.as_dtype(x) for x in items]
                if field == "shape":
                    return [tensor_shape.TensorShape(x) for x in items]
                if field == "tensor":
                    from .tensor_util import MakeNdarray
                    return [MakeNdarray(x) for x in items]
                return list(items)
        return []
    return None


def _printable(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
