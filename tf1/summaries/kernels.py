"""The summary kernels: numpy inputs in, a serialized `Summary` proto out (TF 1.15's summary_op.cc,
summary_image_op.cc, summary_audio_op.cc, summary_tensor_op.cc), with their error messages.

They know nothing about graphs: `summary_ops` registers them as host ops and calls them with the
op's input values; tests call them directly with recorded inputs.
"""
import numpy as np
from tensorboard.compat.proto import summary_pb2, tensor_pb2

from ..framework import dtypes, errors, tensor_shape
from . import encoders


def _fail(op, message):
    raise errors.InvalidArgumentError(None, op, message)


def _shape_str(shape):
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


def as_string_array(value):
    """A string tensor's value (bytes/str scalars, object or 'S'/'U' arrays) as an object array of bytes."""
    arr = np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    for i, x in enumerate(arr.reshape(-1)):
        flat[i] = x.encode("utf-8") if isinstance(x, str) else bytes(x)
    return out


def _scalar_string(value):
    return as_string_array(value).reshape(-1)[0]


def _tag(b):
    return b.decode("utf-8", "surrogateescape")


def _serialize(summary):
    return np.array(summary.SerializeToString(), dtype=object)


# ----------------------------------------------------------------------------------------- scalar

def scalar_summary(tags, values, op=None):
    tags = as_string_array(tags)
    values = np.asarray(values)
    if tags.shape != values.shape:
        single = " (tag '%s')" % _tag(tags.reshape(-1)[0]) if tags.size == 1 else ""
        _fail(op, "tags and values not the same shape: %s != %s%s"
              % (_shape_str(tags.shape), _shape_str(values.shape), single))
    s = summary_pb2.Summary()
    for tag, value in zip(tags.reshape(-1), values.reshape(-1)):
        s.value.add(tag=_tag(tag), simple_value=float(np.float32(value)))
    return _serialize(s)


# -------------------------------------------------------------------------------------- histogram

def histogram_summary(tag, values, op=None):
    x = np.asarray(values).reshape(-1).astype(np.float64)
    bad = ~np.isfinite(x)
    if bad.any():
        first = x[np.argmax(bad)]
        name = op.name if op is not None else ""
        _fail(op, ("Nan in summary histogram for: %s" if np.isnan(first)
                   else "Infinity in summary histogram for: %s") % name)
    s = summary_pb2.Summary()
    s.value.add(tag=_tag(_scalar_string(tag)), histo=encoders.histogram_proto(x))
    return _serialize(s)


# ------------------------------------------------------------------------------------------ image

def image_summary(tag, tensor, max_images=3, bad_color=None, op=None):
    tensor = np.asarray(tensor)
    base = _tag(_scalar_string(tag))
    if tensor.ndim != 4 or tensor.shape[3] not in (1, 3, 4):
        _fail(op, "Tensor must be 4-D with last dim 1, 3, or 4, not %s" % _shape_str(tensor.shape))
    batch, h, w, depth = tensor.shape
    if h * w == 0:
        _fail(op, "input tensor must have non-zero dims. Found: [%d, %d, %d, %d]." % (batch, h, w, depth))
    if bad_color is None:
        bad_color = encoders.DEFAULT_BAD_COLOR
    bad_color = np.asarray(bad_color, np.uint8).reshape(-1)
    is_uint8 = tensor.dtype == np.uint8
    if not is_uint8 and bad_color.size < depth:
        _fail(op, "expected depth <= bad_color.size, got depth = %d, bad_color.size = %d"
              % (depth, bad_color.size))
    s = summary_pb2.Summary()
    for i in range(min(max_images, batch)):
        # The tag depends on the number of images requested, not on the number produced.
        suffix = "/image/%d" % i if max_images > 1 else "/image"
        img = tensor[i] if is_uint8 else encoders.normalize_float_image(tensor[i], bad_color)
        v = s.value.add(tag=base + suffix)
        v.image.height, v.image.width, v.image.colorspace = h, w, depth
        v.image.encoded_image_string = encoders.encode_png(img)
    return _serialize(s)


# ------------------------------------------------------------------------------------------ audio

def audio_summary(tag, tensor, sample_rate, max_outputs=3, op=None):
    tensor = np.asarray(tensor, dtype=np.float32)
    base = _tag(_scalar_string(tag))
    if not 2 <= tensor.ndim <= 3:
        _fail(op, "Tensor must be 3-D or 2-D, got: %s" % _shape_str(tensor.shape))
    rate = np.asarray(sample_rate, dtype=np.float32)
    if rate.size != 1:
        _fail(op, "sample_rate must be rank-0 or contain a single value")
    rate = np.float32(rate.reshape(-1)[0])
    if not rate > 0.0:
        _fail(op, "sample_rate must be > 0")
    batch, frames = tensor.shape[0], tensor.shape[1]
    channels = 1 if tensor.ndim == 2 else tensor.shape[2]
    samples = tensor.reshape(batch, frames, channels)
    s = summary_pb2.Summary()
    for i in range(min(max_outputs, batch)):
        suffix = "/audio/%d" % i if max_outputs > 1 else "/audio"
        v = s.value.add(tag=base + suffix)
        v.audio.sample_rate = float(rate)
        v.audio.num_channels = channels
        v.audio.length_frames = frames
        v.audio.content_type = "audio/wav"
        v.audio.encoded_audio_string = encoders.encode_wav(samples[i], rate)
    return _serialize(s)


# ----------------------------------------------------------------------------------------- tensor

def tensor_proto(value, dtype):
    """Tensor::AsProtoTensorContent (strings: AsProtoField), as TensorSummaryV2 stores its input."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    proto = tensor_pb2.TensorProto(dtype=dtype.as_datatype_enum)
    arr = np.asarray(value)
    proto.tensor_shape.CopyFrom(tensor_shape.TensorShape(list(arr.shape)).as_proto())
    if dtype == dtypes.string:
        proto.string_val.extend(as_string_array(arr).reshape(-1).tolist())
    else:
        proto.tensor_content = np.ascontiguousarray(arr.astype(dtype.as_numpy_dtype)).tobytes()
    return proto


def tensor_summary(tag, tensor, serialized_metadata, dtype, op=None):
    s = summary_pb2.Summary()
    v = s.value.add(tag=_tag(_scalar_string(tag)))
    v.tensor.CopyFrom(tensor_proto(tensor, dtype))
    v.metadata.SetInParent()
    v.metadata.ParseFromString(_scalar_string(serialized_metadata))
    return _serialize(s)


def tensor_summary_v1(node_name, tensor, dtype, op=None):
    """The pre-1.3 TensorSummary op: the value names its node instead of carrying a tag."""
    s = summary_pb2.Summary()
    v = s.value.add(node_name=node_name)
    v.tensor.CopyFrom(tensor_proto(tensor, dtype))
    return _serialize(s)


# ------------------------------------------------------------------------------------------ merge

def merge_summary(inputs, op=None):
    s = summary_pb2.Summary()
    seen = set()
    for value in inputs:
        for serialized in as_string_array(value).reshape(-1):
            piece = summary_pb2.Summary()
            try:
                piece.ParseFromString(serialized)
            except Exception:
                _fail(op, "Could not parse one of the summary inputs")
            for v in piece.value:
                # TensorSummary values may share an empty tag.
                if v.tag and v.tag in seen:
                    _fail(op, "Duplicate tag %s found in summary inputs" % v.tag)
                seen.add(v.tag)
                s.value.add().CopyFrom(v)
    return _serialize(s)
