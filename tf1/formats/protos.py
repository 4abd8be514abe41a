"""The checkpoint protos tensorboard does not ship: BundleHeaderProto, BundleEntryProto,
TensorSliceProto (tensor_bundle.proto, tensor_slice.proto) and CheckpointState
(checkpoint_state.proto).

They are declared with protobuf's own descriptor API, field numbers and types as in TensorFlow, so
the bytes they serialise to are TensorFlow's. The shape, dtype and version fields reuse tensorboard's
TensorShapeProto / DataType / VersionDef, so values move between the two without conversion.
"""
from google.protobuf import descriptor_pb2
from tensorboard.compat.proto import tensor_shape_pb2, types_pb2, versions_pb2

from .proto_decl import F as _F, field as _field, message_classes


def _build_file():
    fd = descriptor_pb2.FileDescriptorProto(
        name="tf1/formats/tensor_bundle.proto", package="tensorflow", syntax="proto3")
    fd.dependency.extend([tensor_shape_pb2.DESCRIPTOR.name, types_pb2.DESCRIPTOR.name,
                          versions_pb2.DESCRIPTOR.name])

    # tensorflow/core/framework/tensor_slice.proto
    ts = fd.message_type.add(name="TensorSliceProto")
    ext = ts.nested_type.add(name="Extent")
    ext.oneof_decl.add(name="has_length")
    _field(ext, "start", 1, _F.TYPE_INT64)
    _field(ext, "length", 2, _F.TYPE_INT64, oneof=0)
    _field(ts, "extent", 1, _F.TYPE_MESSAGE, _F.LABEL_REPEATED, ".tensorflow.TensorSliceProto.Extent")

    # tensorflow/core/protobuf/tensor_bundle.proto
    hdr = fd.message_type.add(name="BundleHeaderProto")
    endian = hdr.enum_type.add(name="Endianness")
    endian.value.add(name="LITTLE", number=0)
    endian.value.add(name="BIG", number=1)
    _field(hdr, "num_shards", 1, _F.TYPE_INT32)
    _field(hdr, "endianness", 2, _F.TYPE_ENUM, type_name=".tensorflow.BundleHeaderProto.Endianness")
    _field(hdr, "version", 3, _F.TYPE_MESSAGE, type_name=".tensorboard.VersionDef")

    ent = fd.message_type.add(name="BundleEntryProto")
    _field(ent, "dtype", 1, _F.TYPE_ENUM, type_name=".tensorboard.DataType")
    _field(ent, "shape", 2, _F.TYPE_MESSAGE, type_name=".tensorboard.TensorShapeProto")
    _field(ent, "shard_id", 3, _F.TYPE_INT32)
    _field(ent, "offset", 4, _F.TYPE_INT64)
    _field(ent, "size", 5, _F.TYPE_INT64)
    _field(ent, "crc32c", 6, _F.TYPE_FIXED32)
    _field(ent, "slices", 7, _F.TYPE_MESSAGE, _F.LABEL_REPEATED, ".tensorflow.TensorSliceProto")

    # tensorflow/python/training/checkpoint_state.proto
    cs = fd.message_type.add(name="CheckpointState")
    _field(cs, "model_checkpoint_path", 1, _F.TYPE_STRING)
    _field(cs, "all_model_checkpoint_paths", 2, _F.TYPE_STRING, _F.LABEL_REPEATED)
    _field(cs, "all_model_checkpoint_timestamps", 3, _F.TYPE_DOUBLE, _F.LABEL_REPEATED)
    _field(cs, "last_preserved_timestamp", 4, _F.TYPE_DOUBLE)
    return fd


_CLASSES = message_classes("tf1/formats/tensor_bundle.proto", _build_file)
TensorSliceProto = _CLASSES["TensorSliceProto"]
BundleHeaderProto = _CLASSES["BundleHeaderProto"]
BundleEntryProto = _CLASSES["BundleEntryProto"]
CheckpointState = _CLASSES["CheckpointState"]
