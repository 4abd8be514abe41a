"""`tf.summary.*` graph ops (TF 1.15's summary.py, text_summary.py, logging_ops.py).

Each summary op is a host op: its lowering gets numpy values and returns the serialized `Summary`
proto (a scalar string), which a user fetches with `sess.run` and hands to `FileWriter.add_summary`.
Names follow TF: `tf.summary.scalar("loss", x)` opens name scope `loss`, so the op is `loss`, its
tag constant `loss/tags`, and the tag the scope name (`train/loss`, `loss_1` when reused).
"""
import re

from tensorboard.compat.proto import summary_pb2

from ..api import export
from ..framework import dtypes, registry, tensor_shape
from ..framework.graph import GraphKeys, Tensor, add_to_collection, get_collection, name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from ..framework.tensor_util import MakeNdarray, make_tensor_proto
from ..platform import tf_logging
from . import encoders, kernels

_SCALAR = tensor_shape.TensorShape([])

_REAL_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint8, dtypes.int16, dtypes.int8,
               dtypes.int64, dtypes.bfloat16, dtypes.uint16, dtypes.float16, dtypes.uint32,
               dtypes.uint64)
_IMAGE_TYPES = (dtypes.uint8, dtypes.float32, dtypes.float16, dtypes.float64)


# --------------------------------------------------------------------------- op registration

def _string_scalar(op):
    return [(dtypes.string, _SCALAR)]


def _register(op_type, kernel):
    """A summary op: string scalar out, not differentiable, run on the host by `kernel`."""
    registry.register(op_type, _string_scalar, kernel, host=True, differentiable=False)


_register("ScalarSummary", lambda ctx, op, tags, values: kernels.scalar_summary(tags, values, op))
_register("HistogramSummary", lambda ctx, op, tag, values: kernels.histogram_summary(tag, values, op))
_register("ImageSummary", lambda ctx, op, tag, tensor: kernels.image_summary(
    tag, tensor, op.get_attr("max_images"), _bad_color(op), op))
_register("AudioSummaryV2", lambda ctx, op, tag, tensor, rate: kernels.audio_summary(
    tag, tensor, rate, op.get_attr("max_outputs"), op))
_register("AudioSummary", lambda ctx, op, tag, tensor: kernels.audio_summary(
    tag, tensor, op.get_attr("sample_rate"), op.get_attr("max_outputs"), op))
_register("TensorSummaryV2", lambda ctx, op, tag, tensor, meta: kernels.tensor_summary(
    tag, tensor, meta, op._inputs[1].dtype, op))
_register("MergeSummary", lambda ctx, op, *inputs: kernels.merge_summary(inputs, op))


# The pre-1.3 TensorSummary (graphs imported from old GraphDefs): the value names the node.
_register("TensorSummary", lambda ctx, op, tensor: kernels.tensor_summary_v1(
    op.name, tensor, op._inputs[0].dtype, op))


def _bad_color(op):
    return MakeNdarray(op.get_attr("bad_color"))


def _default_bad_color():
    return make_tensor_proto(encoders.DEFAULT_BAD_COLOR, dtype=dtypes.uint8)


def _check_type(op_type, arg, t, allowed):
    if t.dtype.base_dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: %s" % (arg, t.dtype.base_dtype.name, ", ".join(a.name for a in allowed)))


def _check_min(op_type, attr, value, minimum=1):
    if value < minimum:
        raise ValueError("Attr '%s' of '%s' Op passed %d less than minimum %d."
                         % (attr, op_type, value, minimum))


# ------------------------------------------------------------------------------ naming helpers

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")


def clean_tag(name):
    """Replaces characters TF does not allow in summary names with `_` (and logs that it did)."""
    if name is not None:
        new_name = _INVALID_TAG_CHARACTERS.sub("_", name)
        new_name = new_name.lstrip("/")
        if new_name != name:
            tf_logging.info("Summary name %s is illegal; using %s instead." % (name, new_name))
            name = new_name
    return name


class _SummaryScope:
    """`summary_scope(name, family, default_name, values)` -> (tag, scope): the tag is the name
    scope, prefixed with `family` so TensorBoard shows it in that tab."""

    def __init__(self, name, family=None, default_name=None, values=None):
        name = clean_tag(name)
        self._family = clean_tag(family)
        base = name if self._family is None else "%s/%s" % (self._family, name)
        self._scope = name_scope(base, default_name, values)

    def __enter__(self):
        scope = self._scope.__enter__()
        tag = scope.rstrip("/")
        if self._family is not None:
            tag = "%s/%s" % (self._family, tag)
        return tag, scope

    def __exit__(self, *exc):
        return self._scope.__exit__(*exc)


def summary_scope(name, family=None, default_name=None, values=None):
    return _SummaryScope(name, family, default_name, values)


def collect(val, collections, default_collections):
    for key in (default_collections if collections is None else collections):
        add_to_collection(key, val)


# ------------------------------------------------------------------------------- tf.summary.*

def _typed_op(op_type, scope, inputs, typed_arg, allowed, attrs=None):
    """TF's op_def_library for an op with type attr `T` (from input `typed_arg`): re-enter the op's
    scope, convert inputs there (`<scope>/<arg>` constants), name the op after the scope.
    `inputs`: (arg name, value, dtype or None)."""
    with name_scope(scope) as s:
        tensors = [convert_to_tensor(v, dtype=dt, name=n) for n, v, dt in inputs]
        typed = tensors[[n for n, _, _ in inputs].index(typed_arg)]
        if allowed is not None:
            _check_type(op_type, typed_arg, typed, allowed)
        full = dict(attrs or {})
        full["T"] = typed.dtype.base_dtype
        return op_output(op_type, tensors, full, name=s)


def _scalar_op(tags, values, scope):
    return _typed_op("ScalarSummary", scope, [("tags", tags, dtypes.string), ("values", values, None)],
                     "values", _REAL_TYPES)


def _histogram_op(tag, values, scope):
    return _typed_op("HistogramSummary", scope, [("tag", tag, dtypes.string), ("values", values, None)],
                     "values", _REAL_TYPES)


def _image_op(tag, tensor, max_images, scope):
    _check_min("ImageSummary", "max_images", max_images)
    return _typed_op("ImageSummary", scope, [("tag", tag, dtypes.string), ("tensor", tensor, None)],
                     "tensor", _IMAGE_TYPES,
                     {"max_images": int(max_images), "bad_color": _default_bad_color()})


def _audio_op(tag, tensor, sample_rate, max_outputs, scope):
    _check_min("AudioSummaryV2", "max_outputs", max_outputs)
    with name_scope(scope) as s:
        tensors = [convert_to_tensor(tag, dtype=dtypes.string, name="tag"),
                   convert_to_tensor(tensor, dtype=dtypes.float32, name="tensor"), sample_rate]
        return op_output("AudioSummaryV2", tensors, {"max_outputs": int(max_outputs)}, name=s)


def _merge_op(inputs, name):
    inputs = _flatten(inputs)
    if not inputs:
        raise ValueError("List argument 'inputs' to 'MergeSummary' Op with length 0 shorter than "
                         "minimum length 1.")
    with name_scope(name, "MergeSummary", inputs) as s:
        tensors = [convert_to_tensor(v, dtype=dtypes.string, name="inputs_%d" % i)
                   for i, v in enumerate(inputs)]
        return op_output("MergeSummary", tensors, {"N": len(tensors)}, name=s)


def _flatten(inputs):
    """MergeSummary's inputs, with nested lists (`merge([get_collection(...)])`) flattened: TF would
    pack such a list into one string vector, which the kernel reads element by element."""
    out = []
    for v in inputs:
        if isinstance(v, (list, tuple)):
            out.extend(_flatten(v))
        else:
            out.append(v)
    return out


@export("summary.scalar")
def scalar(name, tensor, collections=None, family=None):
    """A summary with one scalar value, tagged with the op's name (TF 1.15 `tf.summary.scalar`)."""
    with summary_scope(name, family, values=[tensor]) as (tag, scope):
        val = _scalar_op(tag, tensor, scope)
        collect(val, collections, [GraphKeys.SUMMARIES])
    return val


@export("summary.histogram")
def histogram(name, values, collections=None, family=None):
    """A histogram of `values` over TF's default buckets."""
    with summary_scope(name, family, values=[values], default_name="HistogramSummary") as (tag, scope):
        val = _histogram_op(tag, values, scope)
        collect(val, collections, [GraphKeys.SUMMARIES])
    return val


@export("summary.image")
def image(name, tensor, max_outputs=3, collections=None, family=None):
    """Up to `max_outputs` PNG images from a [batch, height, width, 1|3|4] tensor."""
    with summary_scope(name, family, values=[tensor]) as (tag, scope):
        val = _image_op(tag, tensor, max_outputs, scope)
        collect(val, collections, [GraphKeys.SUMMARIES])
    return val


@export("summary.audio")
def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """Up to `max_outputs` 16-bit WAV clips from a [batch, frames(, channels)] float tensor."""
    with summary_scope(name, family=family, values=[tensor]) as (tag, scope):
        sample_rate = convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        val = _audio_op(tag, tensor, sample_rate, max_outputs, scope)
        collect(val, collections, [GraphKeys.SUMMARIES])
    return val


@export("summary.tensor_summary")
def tensor_summary(name, tensor, summary_description=None, collections=None, summary_metadata=None,
                   family=None, display_name=None):
    """The whole tensor as a TensorProto, with optional SummaryMetadata (TensorSummaryV2)."""
    if summary_metadata is None:
        summary_metadata = summary_pb2.SummaryMetadata()
    if summary_description is not None:
        summary_metadata.summary_description = summary_description
    if display_name is not None:
        summary_metadata.display_name = display_name
    serialized = summary_metadata.SerializeToString()
    with summary_scope(name, family, values=[tensor]) as (tag, scope):
        val = _typed_op("TensorSummaryV2", scope,
                        [("tag", tag, dtypes.string), ("tensor", tensor, None),
                         ("serialized_summary_metadata", serialized, dtypes.string)], "tensor", None)
        collect(val, collections, [GraphKeys.SUMMARIES])
    return val


@export("summary.text")
def text(name, tensor, collections=None):
    """A string tensor for TensorBoard's text dashboard (a tensor summary for the `text` plugin)."""
    if not isinstance(tensor, Tensor):
        tensor = convert_to_tensor(tensor)
    if tensor.dtype != dtypes.string:
        raise ValueError("Expected tensor %s to have dtype string, got %s" % (tensor.name, tensor.dtype))
    metadata = summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text"))
    return tensor_summary(name=name, tensor=tensor, summary_metadata=metadata, collections=collections)


@export("summary.merge")
def merge(inputs, collections=None, name=None):
    """One Summary holding the values of all `inputs` (serialized Summary string tensors)."""
    name = clean_tag(name)
    with name_scope(name, "Merge", _flatten(inputs)):
        val = _merge_op(inputs, name)
        collect(val, collections, [])
    return val


@export("summary.merge_all")
def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """`merge` of every summary in collection `key` (filtered by `scope`), or None if there are none."""
    summary_ops = get_collection(key, scope=scope)
    if not summary_ops:
        return None
    return merge(summary_ops, name=name)


@export("summary.get_summary_description")
def get_summary_description(node_def):
    """The SummaryDescription stored in a TensorSummary node's `description` attr."""
    from google.protobuf import json_format
    if node_def.op != "TensorSummary":
        raise ValueError("Can't get_summary_description on %s" % node_def.op)
    description_attr = node_def.attr.get("description")
    summary_description = summary_pb2.SummaryDescription()
    json_format.Parse(description_attr.s, summary_description)
    return summary_description


# ---------------------------------------------------------- pre-1.0 names (tf.contrib.deprecated)
# TF 1.15 kept these only under tf.contrib.deprecated (tf.scalar_summary & co. were removed in 1.0).
# Their first argument is the tag itself: no name-scope prefix, no uniquifying.

def _deprecated_collect(val, collections):
    collect(val, collections, [GraphKeys.SUMMARIES])
    return val


@export("contrib.deprecated.scalar_summary")
def scalar_summary(tags, values, collections=None, name=None):
    with name_scope(name, "ScalarSummary", [tags, values]) as scope:
        return _deprecated_collect(_scalar_op(tags, values, scope), collections)


@export("contrib.deprecated.histogram_summary")
def histogram_summary(tag, values, collections=None, name=None):
    with name_scope(name, "HistogramSummary", [tag, values]) as scope:
        return _deprecated_collect(_histogram_op(tag, values, scope), collections)


@export("contrib.deprecated.image_summary")
def image_summary(tag, tensor, max_images=3, collections=None, name=None):
    with name_scope(name, "ImageSummary", [tag, tensor]) as scope:
        return _deprecated_collect(_image_op(tag, tensor, max_images, scope), collections)


@export("contrib.deprecated.audio_summary")
def audio_summary(tag, tensor, sample_rate, max_outputs=3, collections=None, name=None):
    with name_scope(name, "AudioSummary", [tag, tensor]) as scope:
        sample_rate = convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        return _deprecated_collect(_audio_op(tag, tensor, sample_rate, max_outputs, scope), collections)


@export("contrib.deprecated.merge_summary")
def merge_summary(inputs, collections=None, name=None):
    with name_scope(name, "MergeSummary", _flatten(inputs)):
        val = _merge_op(inputs, name)
        collect(val, collections, [])
    return val


@export("contrib.deprecated.merge_all_summaries")
def merge_all_summaries(key=GraphKeys.SUMMARIES):
    summary_ops = get_collection(key)
    if not summary_ops:
        return None
    return merge_summary(summary_ops)


# ---------------------------------------------------------------------------- summary protos
export("Summary", "summary.Summary")(summary_pb2.Summary)
export("SummaryMetadata")(summary_pb2.SummaryMetadata)
export("HistogramProto")(summary_pb2.HistogramProto)
export("summary.SummaryDescription")(summary_pb2.SummaryDescription)
