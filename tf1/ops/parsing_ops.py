"""Parsing `tf.train.Example` records: `tf.parse_example`, `tf.parse_single_example` (also under
`tf.io.`) and the feature configs `FixedLenFeature`, `VarLenFeature`, `FixedLenSequenceFeature`.

The graphs are TF 1.15's (parsing_ops.py): `parse_example` builds a `ParseExample` op under a
"ParseExample" scope, `parse_single_example` a `ParseSingleExample` op under "ParseSingleExample"
(or, given `example_names`, a one-row `ParseExample` whose outputs are squeezed / sliced). Both
are host ops: the records are decoded with the `tf.train.Example` message class and laid out as
TF's FastParseExample kernels lay them out, with their error messages.
"""
import base64
import collections
import re

import numpy as np
from google.protobuf.message import DecodeError
from tensorboard.compat.proto import tensor_pb2

from ..api import export
from ..formats import example_protos  # noqa: F401  (tf1.formats is not auto-imported: exports tf.train.Example)
from ..formats.example_protos import Example
from ..framework import dtypes, errors, registry, tensor_shape, tensor_util
from ..framework.graph import name_scope
from ..framework.sparse import SparseTensor
from ..framework.tensor_conversion import convert_to_tensor, is_tensor, make_op
from . import array_ops, indexing_ops
from ._common import in_shape

# ---------------------------------------------------------------------------- feature configs


@export("io.VarLenFeature", "VarLenFeature")
class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """Configuration for parsing a variable-length input feature (a SparseTensor)."""


@export("io.SparseFeature", "SparseFeature")
class SparseFeature(collections.namedtuple(
        "SparseFeature", ["index_key", "value_key", "dtype", "size", "already_sorted"])):
    """Configuration for a SparseTensor split over index and value features (not parsed by tf1)."""

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return super(SparseFeature, cls).__new__(cls, index_key, value_key, dtype, size, already_sorted)


@export("io.FixedLenFeature", "FixedLenFeature")
class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """Configuration for parsing a fixed-length input feature (a dense Tensor of `shape`)."""

    def __new__(cls, shape, dtype, default_value=None):
        return super(FixedLenFeature, cls).__new__(cls, shape, dtype, default_value)


@export("io.FixedLenSequenceFeature", "FixedLenSequenceFeature")
class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """Configuration for a variable number of `shape` blocks, parsed into a `[None] + shape` Tensor."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super(FixedLenSequenceFeature, cls).__new__(cls, shape, dtype, allow_missing, default_value)


_ALL_FEATURES = [VarLenFeature, SparseFeature, FixedLenFeature, FixedLenSequenceFeature]


def _features_to_raw_params(features, types):
    """Splits `features` (in sorted key order, as TF) into the parse op's sparse / dense parameters."""
    sparse_keys, sparse_types, dense_keys, dense_types, dense_shapes = [], [], [], [], []
    dense_defaults = collections.OrderedDict()
    for key in sorted(features or {}):
        feature = features[key]
        if isinstance(feature, VarLenFeature):
            if VarLenFeature not in types:
                raise ValueError("Unsupported VarLenFeature %s." % (feature,))
            if not feature.dtype:
                raise ValueError("Missing type for feature %s." % key)
            sparse_keys.append(key)
            sparse_types.append(dtypes.as_dtype(feature.dtype))
        elif isinstance(feature, SparseFeature):
            # TF merges the index / value features with sparse_merge, which tf1 does not have.
            raise ValueError("Unsupported SparseFeature %s: tf1 does not parse SparseFeature; use "
                             "VarLenFeature." % (feature,))
        elif isinstance(feature, FixedLenFeature):
            if FixedLenFeature not in types:
                raise ValueError("Unsupported FixedLenFeature %s." % (feature,))
            if not feature.dtype:
                raise ValueError("Missing type for feature %s." % key)
            if feature.shape is None:
                raise ValueError("Missing shape for feature %s." % key)
            shape = tensor_shape.as_shape(feature.shape)
            if feature.shape and shape.ndims and shape.dims[0].value is None:
                raise ValueError("First dimension of shape for feature %s unknown. "
                                 "Consider using FixedLenSequenceFeature." % key)
            if not shape.is_fully_defined():
                raise ValueError("All dimensions of shape for feature %s need to be "
                                 "known but received %s." % (key, str(feature.shape)))
            dense_keys.append(key)
            dense_shapes.append(feature.shape)
            dense_types.append(dtypes.as_dtype(feature.dtype))
            if feature.default_value is not None:
                dense_defaults[key] = feature.default_value
        elif isinstance(feature, FixedLenSequenceFeature):
            if FixedLenSequenceFeature not in types:
                raise ValueError("Unsupported FixedLenSequenceFeature %s." % (feature,))
            if not feature.dtype:
                raise ValueError("Missing type for feature %s." % key)
            if feature.shape is None:
                raise ValueError("Missing shape for feature %s." % key)
            dense_keys.append(key)
            dense_shapes.append(feature.shape)
            dense_types.append(dtypes.as_dtype(feature.dtype))
            if feature.allow_missing:
                dense_defaults[key] = None
            if feature.default_value is not None:
                dense_defaults[key] = feature.default_value
        else:
            raise ValueError("Invalid feature %s:%s." % (key, feature))
    return sparse_keys, sparse_types, dense_keys, dense_types, dense_defaults, dense_shapes


def _prepend_none_dimension(features):
    """FixedLenSequenceFeature shapes gain their leading variable-length dimension."""
    if not features:
        return features
    out = dict(features)
    for key, feature in features.items():
        if isinstance(feature, FixedLenSequenceFeature):
            if not feature.allow_missing:
                raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to be True.")
            out[key] = FixedLenSequenceFeature([None] + list(feature.shape), feature.dtype,
                                               feature.allow_missing, feature.default_value)
    return out


def _key_name(prefix, key):
    return prefix + re.sub("[^A-Za-z0-9_.\\-/]", "_", key)


def _process_raw_parameters(dense_defaults, sparse_keys, sparse_types, dense_keys, dense_types,
                            dense_shapes):
    """Checks the raw parameters and builds the dense default tensors (in the current scope)."""
    if len(dense_shapes) != len(dense_keys):
        raise ValueError("len(dense_shapes) != len(dense_keys): %d vs. %d"
                         % (len(dense_shapes), len(dense_keys)))
    if len(dense_types) != len(dense_keys):
        raise ValueError("len(dense_types) != len(num_dense): %d vs. %d"
                         % (len(dense_types), len(dense_keys)))
    if len(sparse_types) != len(sparse_keys):
        raise ValueError("len(sparse_types) != len(sparse_keys): %d vs. %d"
                         % (len(sparse_types), len(sparse_keys)))
    if not dense_keys and not sparse_keys:
        raise ValueError("Must provide at least one sparse key or dense key")
    if not set(dense_keys).isdisjoint(set(sparse_keys)):
        raise ValueError("Dense and sparse keys must not intersect; intersection: %s"
                         % set(dense_keys).intersection(set(sparse_keys)))
    shapes = [tensor_shape.as_shape(s) for s in dense_shapes]
    defaults = []
    for key, shape, dtype in zip(dense_keys, shapes, dense_types):
        default = dense_defaults.get(key)
        if shape.ndims is not None and shape.ndims > 0 and shape.dims[0].value is None:
            # Variable-length blocks: the default is the scalar padding value.
            if default is None:
                default = convert_to_tensor("" if dtype == dtypes.string else 0, dtype=dtype)
            else:
                default = convert_to_tensor(default, dtype=dtype, name=_key_name("padding_", key))
                default = array_ops.reshape(default, [])
        elif default is None:
            default = array_ops.constant([], dtype=dtype)
        elif not is_tensor(default):
            default = convert_to_tensor(default, dtype=dtype, name=_key_name("key_", key))
            default = array_ops.reshape(default, shape)
        defaults.append(default)
    return defaults, shapes


# ------------------------------------------------------------------------------- the kernels

_KIND_DTYPE = {"bytes_list": dtypes.string, "float_list": dtypes.float32, "int64_list": dtypes.int64}
_LIST_OF = {dtypes.string: "bytes_list", dtypes.float32: "float_list", dtypes.int64: "int64_list"}
_VALUES_NAME = {dtypes.string: "bytes", dtypes.float32: "float", dtypes.int64: "int64"}


def _as_bytes(v):
    """One host string element as bytes (elements may arrive as 0-d arrays, np.bytes_ or str)."""
    while isinstance(v, np.ndarray):
        v = v.item()
    return bytes(v) if isinstance(v, (bytes, np.bytes_)) else str(v).encode("utf-8")


def _host_strings(value):
    """A host string tensor's elements, flattened, as bytes."""
    return [_as_bytes(v) for v in np.asarray(value, dtype=object).reshape(-1)]


def _type_str(dtype):
    """The kernel's DataTypeString: `float` for float32, `double` for float64."""
    return {"float32": "float", "float64": "double"}.get(dtype.name, dtype.name)


def _np_dtype(dtype):
    return object if dtype == dtypes.string else dtype.as_numpy_dtype


def _dims_str(shape):
    """A PartialTensorShape's DebugString: `[?,2]`."""
    return "[" + ",".join("?" if d.value is None else str(d.value) for d in shape.dims) + "]"


class _Parser:
    """One parse op's configuration, and the checks / messages of TF's fast Example parser.

    `single` selects FastParseSingleExample's messages (no `Name:`/`Index:` context, and a count
    mismatch reported as a parse failure) over FastParseExample's.
    """

    def __init__(self, op, sparse_keys, dense_keys, single):
        a = op._attrs
        self.op = op
        self.single = single
        self.sparse = list(zip(sparse_keys, a["sparse_types"]))
        self.dense = list(zip(dense_keys, a["Tdense"], a["dense_shapes"]))

    def error(self, message):
        return errors.InvalidArgumentError(None, self.op, message)

    def context(self, key, name, index):
        if self.single:
            return "Key: %s.  " % key
        return "Name: %s, Key: %s, Index: %d.  " % (name, key, index)

    def parse(self, record):
        try:
            return Example.FromString(record).features.feature
        except (DecodeError, RuntimeError, ValueError):
            raise self.error("Could not parse example input, value: '%s'"
                             % record.decode("utf-8", "replace")) from None

    @staticmethod
    def values_of(features, key):
        """The feature's values and dtype, or (None, None) when absent or of no kind."""
        if key not in features:
            return None, None
        feature = features[key]
        kind = feature.WhichOneof("kind")
        if kind is None:
            return None, None
        return list(getattr(feature, kind).value), _KIND_DTYPE[kind]

    def sparse_values(self, features, key, dtype, name, index):
        values, got = self.values_of(features, key)
        if values is None:
            return []
        if got != dtype:
            raise self.error(self.context(key, name, index) + "Data types don't match. Expected type: %s, "
                             "Actual type: %s" % (_type_str(dtype), _type_str(got)))
        return values

    def dense_values(self, features, key, dtype, shape, default, name, index):
        """The feature's values shaped as `shape` (variable first dimension: as many rows as given)."""
        values, got = self.values_of(features, key)
        variable = shape.ndims and shape.dims[0].value is None
        if values is None:
            if variable:
                return np.zeros([0] + shape.as_list()[1:], dtype=_np_dtype(dtype))
            if np.size(default) == 0:
                prefix = "" if self.single else "Name: %s, " % name
                raise self.error(prefix + "Feature: %s (data type: %s) is required but could not be found."
                                 % (key, _type_str(dtype)))
            return np.asarray(default, dtype=_np_dtype(dtype)).reshape(shape.as_list())
        if got != dtype:
            raise self.error(self.context(key, name, index) + "Data types don't match. Data type: %s but "
                             "expected type: %s" % (_type_str(got), _type_str(dtype)))
        if variable:
            stride = int(np.prod(shape.as_list()[1:]))
            if len(values) % stride:
                if self.single:
                    raise self.error("Error while parsing feature with key %s: number of elements should be "
                                     "divisible by %d, found %d instead" % (key, stride, len(values)))
                raise self.error(self.context(key, name, index) + "Number of %s values is not a multiple of "
                                 "stride length. Saw %d values but output shape is: %s"
                                 % (_VALUES_NAME[dtype], len(values), _dims_str(shape)))
            return np.array(values, dtype=_np_dtype(dtype)).reshape([-1] + shape.as_list()[1:])
        if len(values) != shape.num_elements():
            if self.single:
                raise self.error("Key: %s.  Can't parse serialized Example: Some %s slice was not parsed."
                                 % (key, _LIST_OF[dtype]))
            raise self.error(self.context(key, name, index) + "Number of %s values != expected.  Values size: "
                             "%d but output shape: %s" % (_VALUES_NAME[dtype], len(values), _dims_str(shape)))
        return np.array(values, dtype=_np_dtype(dtype)).reshape(shape.as_list())


def _batch_sparse(rows, dtype, single):
    """SparseTensor components for a feature's per-example value lists."""
    width = max([len(r) for r in rows] + [0])
    values = np.array([v for r in rows for v in r], dtype=_np_dtype(dtype)).reshape(-1)
    if single:
        indices = np.arange(len(values), dtype=np.int64).reshape(-1, 1)
        return indices, values, np.array([width], dtype=np.int64)
    indices = np.array([(b, j) for b, r in enumerate(rows) for j in range(len(r))],
                       dtype=np.int64).reshape(-1, 2)
    return indices, values, np.array([len(rows), width], dtype=np.int64)


def _batch_dense(blocks, dtype, shape, padding, batch):
    """Stacks per-example dense values, padding variable-length ones to the longest."""
    inner = shape.as_list()[1:] if shape.ndims and shape.dims[0].value is None else None
    if inner is None:
        return np.stack(blocks).astype(_np_dtype(dtype)) if blocks else \
            np.zeros([0] + shape.as_list(), dtype=_np_dtype(dtype))
    rows = max([len(b) for b in blocks] + [0])
    out = np.empty([batch, rows] + inner, dtype=_np_dtype(dtype))
    out[...] = np.asarray(padding, dtype=_np_dtype(dtype)).reshape(())
    for i, b in enumerate(blocks):
        out[i, :len(b)] = b
    return out


def _run(parser, records, names, defaults):
    batch = len(records)
    sparse_rows = [[] for _ in parser.sparse]
    dense_blocks = [[] for _ in parser.dense]
    for i, record in enumerate(records):
        name = names[i].decode("utf-8", "replace") if names else "<unknown>"
        features = parser.parse(record)
        for s, (key, dtype) in enumerate(parser.sparse):
            sparse_rows[s].append(parser.sparse_values(features, key, dtype, name, i))
        for d, (key, dtype, shape) in enumerate(parser.dense):
            dense_blocks[d].append(parser.dense_values(features, key, dtype, shape, defaults[d], name, i))
    sparse = [_batch_sparse(rows, dtype, parser.single) for rows, (_, dtype) in zip(sparse_rows, parser.sparse)]
    if parser.single:
        dense = list(dense_blocks[d][0] for d in range(len(parser.dense)))
    else:
        dense = [_batch_dense(blocks, dtype, shape, defaults[d], batch)
                 for d, (blocks, (_, dtype, shape)) in enumerate(zip(dense_blocks, parser.dense))]
    return tuple([s[0] for s in sparse] + [s[1] for s in sparse] + [s[2] for s in sparse] + dense)


def _strings(values):
    """Key inputs (host scalars) as Python strings."""
    return [_as_bytes(v).decode("utf-8") for v in values]


def _parse_example_lower(ctx, op, serialized, names, *rest):
    a = op._attrs
    ns, nd = a["Nsparse"], a["Ndense"]
    sparse_keys, dense_keys = _strings(rest[:ns]), _strings(rest[ns:ns + nd])
    records, names = _host_strings(serialized), _host_strings(names)
    if names and len(names) != len(records):
        raise errors.InvalidArgumentError(None, op, "Expected len(names) == len(serialized), but got: %d vs. %d"
                                          % (len(names), len(records)))
    return _run(_Parser(op, sparse_keys, dense_keys, single=False), records, names, rest[ns + nd:])


def _parse_example_infer(op):
    a = op._attrs
    indexing_ops.check_rank(op, 0, 1)
    indexing_ops.check_rank(op, 1, 1)
    batch = in_shape(op, 0).with_rank(1) if in_shape(op, 0).ndims is not None else tensor_shape.TensorShape([None])
    ns = a["Nsparse"]
    return ([(dtypes.int64, tensor_shape.TensorShape([None, 2]))] * ns
            + [(t, tensor_shape.TensorShape([None])) for t in a["sparse_types"]]
            + [(dtypes.int64, tensor_shape.TensorShape([2]))] * ns
            + [(t, batch.concatenate(s)) for t, s in zip(a["Tdense"], a["dense_shapes"])])


def _parse_single_example_lower(ctx, op, serialized, *defaults):
    a = op._attrs
    parser = _Parser(op, list(a["sparse_keys"]), list(a["dense_keys"]), single=True)
    return _run(parser, _host_strings(serialized), None, defaults)


def _parse_single_example_infer(op):
    a = op._attrs
    indexing_ops.check_rank(op, 0, 0)
    ns = a["num_sparse"]
    return ([(dtypes.int64, tensor_shape.TensorShape([None, 1]))] * ns
            + [(t, tensor_shape.TensorShape([None])) for t in a["sparse_types"]]
            + [(dtypes.int64, tensor_shape.TensorShape([1]))] * ns
            + [(t, tensor_shape.TensorShape(s)) for t, s in zip(a["Tdense"], a["dense_shapes"])])


registry.register("ParseExample", _parse_example_infer, _parse_example_lower, host=True, differentiable=False)
registry.register("ParseSingleExample", _parse_single_example_infer, _parse_single_example_lower, host=True,
                  differentiable=False)


# ------------------------------------------------------------------------------ public API

def _split_outputs(outputs, sparse_keys, dense_keys):
    ns = len(sparse_keys)
    sparse = [SparseTensor(outputs[i], outputs[ns + i], outputs[2 * ns + i]) for i in range(ns)]
    return dict(zip(sparse_keys + dense_keys, sparse + list(outputs[3 * ns:])))


def _string_inputs(values, name):
    return [convert_to_tensor(v, dtype=dtypes.string, name="%s_%d" % (name, i)) for i, v in enumerate(values)]


def _parse_example_raw(serialized, names, sparse_keys, sparse_types, dense_keys, dense_types,
                       dense_defaults, dense_shapes, name):
    with name_scope(name, "ParseExample", [serialized, names]):
        defaults, shapes = _process_raw_parameters(dense_defaults, sparse_keys, sparse_types, dense_keys,
                                                   dense_types, dense_shapes)
        # The generated op wrapper's own scope: its inputs are converted (and named) inside it.
        with name_scope(name or "ParseExample") as scope:
            serialized = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
            names = convert_to_tensor([] if names is None else names, dtype=dtypes.string, name="names")
            inputs = ([serialized, names] + _string_inputs(sparse_keys, "sparse_keys")
                      + _string_inputs(dense_keys, "dense_keys") + list(defaults))
            op = make_op("ParseExample", inputs, {
                "Nsparse": len(sparse_keys), "Ndense": len(dense_keys), "sparse_types": list(sparse_types),
                "Tdense": [t.dtype.base_dtype for t in defaults], "dense_shapes": shapes}, name=scope)
    return _split_outputs(op.outputs, sparse_keys, dense_keys)


@export("io.parse_example", "parse_example")
def parse_example(serialized, features, name=None, example_names=None):
    """Parses a batch of serialized `Example` protos into a dict of Tensors and SparseTensors."""
    if not features:
        raise ValueError("Missing: features was %s." % features)
    features = _prepend_none_dimension(features)
    params = _features_to_raw_params(features, _ALL_FEATURES)
    return _parse_example_raw(serialized, example_names, *params, name=name)


@export("io.parse_single_example", "parse_single_example")
def parse_single_example(serialized, features, name=None, example_names=None):
    """Parses one serialized `Example` proto: `parse_example` without the batch dimension."""
    if not features:
        raise ValueError("Missing features.")
    features = _prepend_none_dimension(features)
    params = _features_to_raw_params(features, _ALL_FEATURES)
    if example_names is None:
        return _parse_single_example_v2(serialized, *params, name=name)
    return _parse_single_example_named(serialized, example_names, *params, name=name)


def _parse_single_example_v2(serialized, sparse_keys, sparse_types, dense_keys, dense_types,
                             dense_defaults, dense_shapes, name):
    with name_scope(name, "ParseSingleExample", [serialized]):
        serialized = convert_to_tensor(serialized, name="serialized")
        defaults, shapes = _process_raw_parameters(dense_defaults, sparse_keys, sparse_types, dense_keys,
                                                   dense_types, dense_shapes)
        with name_scope(name or "ParseSingleExample") as scope:
            op = make_op("ParseSingleExample", [serialized] + list(defaults), {
                "num_sparse": len(sparse_keys), "sparse_keys": list(sparse_keys), "dense_keys": list(dense_keys),
                "sparse_types": list(sparse_types), "Tdense": [t.dtype.base_dtype for t in defaults],
                "dense_shapes": shapes}, name=scope)
    return _split_outputs(op.outputs, sparse_keys, dense_keys)


def _parse_single_example_named(serialized, names, sparse_keys, sparse_types, dense_keys, dense_types,
                                dense_defaults, dense_shapes, name):
    """TF 1.15's path with `example_names`: a one-row ParseExample, squeezed back to one example."""
    with name_scope(name, "ParseSingleExample", [serialized, names]):
        serialized = convert_to_tensor(serialized)
        if serialized.get_shape().ndims not in (None, 0):
            raise ValueError("Input serialized must be a scalar")
        serialized = array_ops.expand_dims(serialized, 0)
        names = convert_to_tensor(names)
        if names.get_shape().ndims not in (None, 0):
            raise ValueError("Input names must be a scalar")
        names = array_ops.expand_dims(names, 0)
        outputs = _parse_example_raw(serialized, names, sparse_keys, sparse_types, dense_keys, dense_types,
                                     dense_defaults, dense_shapes, name)
        for d in dense_keys:
            outputs[d] = array_ops.squeeze(outputs[d], [0], name=_key_name("Squeeze_", d))
        for s in sparse_keys:
            sp = outputs[s]
            outputs[s] = SparseTensor(
                indexing_ops.slice(sp.indices, [0, 1], [-1, -1], name=_key_name("Slice_Indices_", s)),
                sp.values,
                indexing_ops.slice(sp.dense_shape, [1], [-1], name=_key_name("Squeeze_Shape_", s)))
    return outputs


# ---------------------------------------------------------------- serialize_tensor / parse_tensor

def _serialize_tensor_lower(ctx, op, x):
    dtype = op._attrs["T"]
    arr = np.asarray(x)
    # TF's Tensor::AsProtoTensorContent: the shape always, then the raw little-endian buffer
    # (string_val for strings).
    proto = tensor_pb2.TensorProto(dtype=dtype.as_datatype_enum)
    proto.tensor_shape.SetInParent()
    for n in arr.shape:
        proto.tensor_shape.dim.add(size=n)
    if dtype == dtypes.string:
        proto.string_val.extend(_host_strings(arr))
    else:
        proto.tensor_content = np.ascontiguousarray(arr.astype(_np_dtype(dtype))).astype(
            np.dtype(_np_dtype(dtype)).newbyteorder("<")).tobytes()
    return np.array(proto.SerializeToString(), dtype=object)


def _parse_tensor_lower(ctx, op, serialized):
    out_type = op._attrs["out_type"]
    data = _as_bytes(serialized)
    try:
        proto = tensor_pb2.TensorProto.FromString(data)
    except (DecodeError, RuntimeError, ValueError):
        raise errors.InvalidArgumentError(None, op, "Could not parse `serialized` as TensorProto, base64: %s"
                                          % base64.b64encode(data).decode()) from None
    parsed = dtypes.as_dtype(proto.dtype)
    if parsed != out_type:
        raise errors.InvalidArgumentError(None, op, "Type mismatch between parsed tensor (%s) and dtype (%s)"
                                          % (_type_str(parsed), _type_str(out_type)))
    return tensor_util.MakeNdarray(proto)


registry.register("SerializeTensor", lambda op: [(dtypes.string, tensor_shape.TensorShape([]))],
                  _serialize_tensor_lower, host=True, differentiable=False)
registry.register("ParseTensor", lambda op: [(op._attrs["out_type"], tensor_shape.unknown_shape())],
                  _parse_tensor_lower, host=True, differentiable=False)


@export("io.serialize_tensor", "serialize_tensor")
def serialize_tensor(tensor, name=None):
    """A scalar string: `tensor` as a serialized TensorProto."""
    with name_scope(name, "SerializeTensor") as scope:
        t = convert_to_tensor(tensor, name="tensor")
        return make_op("SerializeTensor", [t], {"T": t.dtype.base_dtype}, name=scope).outputs[0]


@export("io.parse_tensor", "parse_tensor")
def parse_tensor(serialized, out_type, name=None):
    """The tensor of a serialized TensorProto, which must hold `out_type`."""
    with name_scope(name, "ParseTensor") as scope:
        s = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
        return make_op("ParseTensor", [s], {"out_type": dtypes.as_dtype(out_type)}, name=scope).outputs[0]


# ----------------------------------------------------------------- parse_single_sequence_example

class _SequenceParser:
    """TF's ParseSingleSequenceExample kernel: context features as in an Example, feature lists
    one row (dense) or one sparse row per step, with that kernel's messages."""

    def __init__(self, op, debug_name):
        self.op = op
        self.name = debug_name

    def error(self, message):
        return errors.InvalidArgumentError(None, self.op, "Name: %s, %s" % (self.name, message))

    def mismatch(self, what, key, index, dtype, feature):
        where = "%s: %s" % (what, key) if index is None else "%s: %s, Index: %d" % (what, key, index)
        return self.error("%s.  Data types don't match. Expected type: %s  Feature is: %s"
                          % (where, _type_str(dtype), str(feature)))

    def dense(self, feature, key, index, dtype, shape, what):
        kind = feature.WhichOneof("kind")
        if kind is None or _KIND_DTYPE[kind] != dtype:
            raise self.mismatch(what, key, index, dtype, feature)
        values = list(getattr(feature, kind).value)
        if len(values) != shape.num_elements():
            raise self.error("Key: %s, Index: %d.  Number of %s values != expected.  values size: %d but output "
                             "shape: %s" % (key, index or 0, _VALUES_NAME[dtype], len(values), _dims_str(shape)))
        return np.array(values, dtype=_np_dtype(dtype)).reshape(shape.as_list())

    def sparse(self, feature, key, index, dtype, what):
        kind = feature.WhichOneof("kind")
        if kind is None:
            return []
        if _KIND_DTYPE[kind] != dtype:
            raise self.mismatch(what, key, index, dtype, feature)
        return list(getattr(feature, kind).value)


def _parse_single_sequence_lower(ctx, op, serialized, missing_empty, *rest):
    a = op._attrs
    counts = [a["Ncontext_sparse"], a["Ncontext_dense"], a["Nfeature_list_sparse"], a["Nfeature_list_dense"]]
    bounds = np.cumsum([0] + counts)
    cs_keys, cd_keys, fs_keys, fd_keys = [_strings(rest[bounds[i]:bounds[i + 1]]) for i in range(4)]
    defaults = rest[bounds[4]:-1]
    debug_name = _strings([rest[-1]])[0]
    assumed_empty = set(_strings(_host_strings(missing_empty)))
    data = _as_bytes(serialized)
    try:
        ex = example_protos.SequenceExample.FromString(data)
    except (DecodeError, RuntimeError, ValueError):
        raise errors.InvalidArgumentError(None, op, "Could not parse example input, value: '%s'"
                                          % data.decode("utf-8", "replace")) from None
    p = _SequenceParser(op, debug_name)
    context, lists = ex.context.feature, ex.feature_lists.feature_list

    c_dense = []
    for key, dtype, shape, default in zip(cd_keys, a["Tcontext_dense"], a["context_dense_shapes"], defaults):
        if key in context:
            c_dense.append(p.dense(context[key], key, None, dtype, shape, "Context feature"))
        elif np.size(default) == 0:
            raise p.error("Context feature '%s' is required but could not be found." % key)
        else:
            c_dense.append(np.asarray(default, dtype=_np_dtype(dtype)).reshape(shape.as_list()))
    c_sparse = [_batch_sparse([p.sparse(context[key], key, None, dtype, "Context feature")
                               if key in context else []], dtype, single=True)
                for key, dtype in zip(cs_keys, a["context_sparse_types"])]

    f_dense = []
    for key, dtype, shape in zip(fd_keys, a["feature_list_dense_types"], a["feature_list_dense_shapes"]):
        if key not in lists:
            if key not in assumed_empty:
                raise p.error("Feature list '%s' is required but could not be found.  Did you mean to include it in "
                              "feature_list_dense_missing_assumed_empty or feature_list_dense_defaults?" % key)
            f_dense.append(np.zeros([0] + shape.as_list(), dtype=_np_dtype(dtype)))
            continue
        rows = [p.dense(f, key, t, dtype, shape, "Feature list") for t, f in enumerate(lists[key].feature)]
        f_dense.append(np.stack(rows) if rows else np.zeros([0] + shape.as_list(), dtype=_np_dtype(dtype)))
    f_sparse = []
    for key, dtype in zip(fs_keys, a["feature_list_sparse_types"]):
        steps = lists[key].feature if key in lists else []
        f_sparse.append(_batch_sparse([p.sparse(f, key, t, dtype, "Feature List") for t, f in enumerate(steps)],
                                      dtype, single=False))
    return tuple([s[0] for s in c_sparse] + [s[1] for s in c_sparse] + [s[2] for s in c_sparse] + c_dense
                 + [s[0] for s in f_sparse] + [s[1] for s in f_sparse] + [s[2] for s in f_sparse] + f_dense)


def _parse_single_sequence_infer(op):
    a = op._attrs
    indexing_ops.check_rank(op, 0, 0)
    indexing_ops.check_rank(op, len(op._inputs) - 1, 0)
    TS = tensor_shape.TensorShape
    ncs, nfs = a["Ncontext_sparse"], a["Nfeature_list_sparse"]
    return ([(dtypes.int64, TS([None, 1]))] * ncs + [(t, TS([None])) for t in a["context_sparse_types"]]
            + [(dtypes.int64, TS([1]))] * ncs
            + [(t, TS(s)) for t, s in zip(a["Tcontext_dense"], a["context_dense_shapes"])]
            + [(dtypes.int64, TS([None, 2]))] * nfs + [(t, TS([None])) for t in a["feature_list_sparse_types"]]
            + [(dtypes.int64, TS([2]))] * nfs
            + [(t, TS([None]).concatenate(s))
               for t, s in zip(a["feature_list_dense_types"], a["feature_list_dense_shapes"])])


registry.register("ParseSingleSequenceExample", _parse_single_sequence_infer, _parse_single_sequence_lower,
                  host=True, differentiable=False)


@export("io.parse_single_sequence_example", "parse_single_sequence_example")
def parse_single_sequence_example(serialized, context_features=None, sequence_features=None, example_name=None,
                                  name=None):
    """Parses one serialized `SequenceExample`: returns (context dict, feature-list dict)."""
    if not (context_features or sequence_features):
        raise ValueError("Missing features.")
    cs_keys, cs_types, cd_keys, cd_types, cd_defaults, cd_shapes = _features_to_raw_params(
        context_features, [VarLenFeature, FixedLenFeature])
    fs_keys, fs_types, fd_keys, fd_types, fd_defaults, fd_shapes = _features_to_raw_params(
        sequence_features, [VarLenFeature, FixedLenSequenceFeature])
    with name_scope(name, "ParseSingleSequenceExample", [serialized]):
        if not set(cd_keys).isdisjoint(set(cs_keys)):
            raise ValueError("context_dense and context_sparse keys must not intersect; intersection: %s"
                             % set(cd_keys).intersection(set(cs_keys)))
        if not set(fd_keys).isdisjoint(set(fs_keys)):
            raise ValueError("feature_list_dense and feature_list_sparse keys must not intersect; intersection: %s"
                             % set(fd_keys).intersection(set(fs_keys)))
        assumed_empty = []
        for k, v in fd_defaults.items():
            if v is not None:
                raise ValueError("Value feature_list_dense_defaults[%s] must be None" % k)
            assumed_empty.append(k)
        defaults = []
        for key, dtype, shape in zip(cd_keys, cd_types, cd_shapes):
            default = cd_defaults.get(key)
            if default is None:
                default = array_ops.constant([], dtype=dtype)
            elif not is_tensor(default):
                default = convert_to_tensor(default, dtype=dtype, name=_key_name("key_", key))
                default = array_ops.reshape(default, shape)
            defaults.append(default)
        with name_scope(name or "ParseSingleSequenceExample") as scope:
            inputs = ([convert_to_tensor(serialized, dtype=dtypes.string, name="serialized"),
                       convert_to_tensor(assumed_empty, dtype=dtypes.string,
                                         name="feature_list_dense_missing_assumed_empty")]
                      + _string_inputs(cs_keys, "context_sparse_keys") + _string_inputs(cd_keys, "context_dense_keys")
                      + _string_inputs(fs_keys, "feature_list_sparse_keys")
                      + _string_inputs(fd_keys, "feature_list_dense_keys") + defaults
                      + [convert_to_tensor("" if example_name is None else example_name, dtype=dtypes.string,
                                           name="debug_name")])
            op = make_op("ParseSingleSequenceExample", inputs, {
                "Ncontext_sparse": len(cs_keys), "Ncontext_dense": len(cd_keys),
                "Nfeature_list_sparse": len(fs_keys), "Nfeature_list_dense": len(fd_keys),
                "context_sparse_types": list(cs_types), "Tcontext_dense": [t.dtype.base_dtype for t in defaults],
                "feature_list_dense_types": list(fd_types),
                "context_dense_shapes": [tensor_shape.as_shape(s) for s in cd_shapes],
                "feature_list_sparse_types": list(fs_types),
                "feature_list_dense_shapes": [tensor_shape.as_shape(s) for s in fd_shapes]}, name=scope)
    outs = op.outputs
    ncs, ncd = len(cs_keys), len(cd_keys)
    context = _split_outputs(outs[:3 * ncs + ncd], cs_keys, cd_keys)
    lists = _split_outputs(outs[3 * ncs + ncd:], fs_keys, fd_keys)
    return context, lists
