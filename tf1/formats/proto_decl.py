"""Declaring TensorFlow protos tensorboard does not ship, with protobuf's own descriptor API: field
numbers and types as in TensorFlow's .proto files, so the bytes they serialise to are TensorFlow's.
Used by protos.py (checkpoint protos), example_protos.py (tf.train.Example) and saved_model_proto.py.
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

F = descriptor_pb2.FieldDescriptorProto


def field(msg, name, number, ftype, label=F.LABEL_OPTIONAL, type_name=None, oneof=None, packed=None):
    """Adds `name = number` of type `ftype` to the DescriptorProto `msg`."""
    f = msg.field.add(name=name, number=number, type=ftype, label=label)
    if type_name:
        f.type_name = type_name
    if oneof is not None:
        f.oneof_index = oneof
    if packed is not None:
        f.options.packed = packed
    return f


def message_classes(file_name, build_file):
    """{message name: class} of the file `file_name`, added to the default pool from
    `build_file()` (a FileDescriptorProto) the first time."""
    pool = descriptor_pool.Default()
    try:
        fdesc = pool.FindFileByName(file_name)
    except KeyError:
        fdesc = pool.Add(build_file())
        if not hasattr(fdesc, "message_types_by_name"):  # older protobuf: Add returns None
            fdesc = pool.FindFileByName(file_name)
    return {name: message_factory.GetMessageClass(d) for name, d in fdesc.message_types_by_name.items()}
