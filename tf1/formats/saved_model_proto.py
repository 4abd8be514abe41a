"""TensorFlow's `SavedModel` proto (tensorflow/core/protobuf/saved_model.proto), which tensorboard
does not ship.

    message SavedModel {
      int64 saved_model_schema_version = 1;
      repeated MetaGraphDef meta_graphs = 2;
    }

Declared with protobuf's descriptor API (as `protos.py` declares the checkpoint protos); the meta
graphs are tensorboard's `MetaGraphDef`, so the bytes are TensorFlow's and the graphs need no
conversion on the way in or out.
"""
from google.protobuf import descriptor_pb2
from tensorboard.compat.proto import meta_graph_pb2

from .proto_decl import F as _F, message_classes

_FILE = "tf1/formats/saved_model.proto"


def _build_file():
    fd = descriptor_pb2.FileDescriptorProto(name=_FILE, package="tensorflow", syntax="proto3")
    fd.dependency.append(meta_graph_pb2.DESCRIPTOR.name)
    sm = fd.message_type.add(name="SavedModel")
    sm.field.add(name="saved_model_schema_version", number=1, type=_F.TYPE_INT64,
                 label=_F.LABEL_OPTIONAL)
    sm.field.add(name="meta_graphs", number=2, type=_F.TYPE_MESSAGE, label=_F.LABEL_REPEATED,
                 type_name=".tensorboard.MetaGraphDef")
    return fd


SavedModel = message_classes(_FILE, _build_file)["SavedModel"]
