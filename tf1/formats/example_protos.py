"""`tf.train.Example` and friends: the protos of tensorflow/core/example/{feature,example}.proto.

tensorboard does not ship them, so they are declared with protobuf's descriptor API (as
`protos.py` declares the checkpoint protos), in package "tensorflow" with TF's field numbers,
types and packing, so their bytes, text form and full names are TensorFlow's.
"""
from google.protobuf import descriptor_pb2

from ..api import export

from .proto_decl import F as _F, field as _field, message_classes

_FILE = "tf1/formats/example.proto"


def _map_field(msg, name, number, value_type):
    """A proto3 `map<string, value_type> name = number;`: a repeated nested *Entry message."""
    entry_name = "".join(part.capitalize() for part in name.split("_")) + "Entry"
    entry = msg.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    _field(entry, "key", 1, _F.TYPE_STRING)
    _field(entry, "value", 2, _F.TYPE_MESSAGE, type_name=value_type)
    _field(msg, name, number, _F.TYPE_MESSAGE, _F.LABEL_REPEATED,
           ".tensorflow.%s.%s" % (msg.name, entry_name))


def _build_file():
    fd = descriptor_pb2.FileDescriptorProto(name=_FILE, package="tensorflow", syntax="proto3")
    rep = _F.LABEL_REPEATED

    # tensorflow/core/example/feature.proto
    _field(fd.message_type.add(name="BytesList"), "value", 1, _F.TYPE_BYTES, rep)
    _field(fd.message_type.add(name="FloatList"), "value", 1, _F.TYPE_FLOAT, rep, packed=True)
    _field(fd.message_type.add(name="Int64List"), "value", 1, _F.TYPE_INT64, rep, packed=True)
    feature = fd.message_type.add(name="Feature")
    feature.oneof_decl.add(name="kind")
    _field(feature, "bytes_list", 1, _F.TYPE_MESSAGE, type_name=".tensorflow.BytesList", oneof=0)
    _field(feature, "float_list", 2, _F.TYPE_MESSAGE, type_name=".tensorflow.FloatList", oneof=0)
    _field(feature, "int64_list", 3, _F.TYPE_MESSAGE, type_name=".tensorflow.Int64List", oneof=0)
    _map_field(fd.message_type.add(name="Features"), "feature", 1, ".tensorflow.Feature")
    _field(fd.message_type.add(name="FeatureList"), "feature", 1, _F.TYPE_MESSAGE, rep,
           ".tensorflow.Feature")
    _map_field(fd.message_type.add(name="FeatureLists"), "feature_list", 1, ".tensorflow.FeatureList")

    # tensorflow/core/example/example.proto
    _field(fd.message_type.add(name="Example"), "features", 1, _F.TYPE_MESSAGE,
           type_name=".tensorflow.Features")
    seq = fd.message_type.add(name="SequenceExample")
    _field(seq, "context", 1, _F.TYPE_MESSAGE, type_name=".tensorflow.Features")
    _field(seq, "feature_lists", 2, _F.TYPE_MESSAGE, type_name=".tensorflow.FeatureLists")
    return fd


_CLASSES = message_classes(_FILE, _build_file)
for _cls in _CLASSES.values():
    # Generated classes have no module; naming this one gives them a real repr and lets pickle find them.
    _cls.__module__ = __name__
BytesList = export("train.BytesList")(_CLASSES["BytesList"])
FloatList = export("train.FloatList")(_CLASSES["FloatList"])
Int64List = export("train.Int64List")(_CLASSES["Int64List"])
Feature = export("train.Feature")(_CLASSES["Feature"])
Features = export("train.Features")(_CLASSES["Features"])
FeatureList = export("train.FeatureList")(_CLASSES["FeatureList"])
FeatureLists = export("train.FeatureLists")(_CLASSES["FeatureLists"])
Example = export("train.Example")(_CLASSES["Example"])
SequenceExample = export("train.SequenceExample")(_CLASSES["SequenceExample"])
