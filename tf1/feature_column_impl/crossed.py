"""`crossed_column` and `categorical_column_with_hash_bucket`: hashed categorical columns.

A cross hashes each combination of its keys' values the way TF's SparseCross (hashed output) does:
start from hash_key (default 0xDECAFCAFFE), fold in each value with FingerprintCat64 -- a string's
value is its FarmHash Fingerprint64, an integer (a raw int feature or a categorical column's id) is
itself -- and take the result modulo hash_bucket_size. A row crosses every combination of its
values (the last key varying fastest); a categorical key's "no id" (-1) takes part in none, while
raw feature values all take part, as TF's dense cross inputs do. The categorical keys' ids are hashed before
the raw features' values (TF's op takes its sparse inputs first).
"""
import collections

import numpy as np

from ..api import export
from ..api import public as tf
from ..framework import dtypes, registry, tensor_shape
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..ops import string_hash
from ..ops.indexing_ops import host_values
from .columns import _CategoricalColumn, _as_2d, _parse_spec

_M64 = (1 << 64) - 1
_K_MUL = 0xC6A4A7935BD1E995
DEFAULT_HASH_KEY = 0xDECAFCAFFE


def _shift_mix(v):
    return v ^ (v >> 47)


def fingerprint_cat64(fp1, fp2):
    """TF's FingerprintCat64 (core/platform/fingerprint.h) on unsigned 64-bit ints."""
    result = fp1 ^ _K_MUL
    result ^= (_shift_mix((fp2 * _K_MUL) & _M64) * _K_MUL) & _M64
    result = (result * _K_MUL) & _M64
    result = (_shift_mix(result) * _K_MUL) & _M64
    return _shift_mix(result)


def _value_hash(value):
    if isinstance(value, (bytes, str)):
        return string_hash.fingerprint64(value.encode() if isinstance(value, str) else value)
    return int(value) & _M64


def _cross_lower(ctx, op, *inputs):
    values = host_values(op, *inputs)
    num_buckets, hash_key = op._attrs["num_buckets"], op._attrs["hash_key"]
    masked = op._attrs["masked"]
    batch = values[0].shape[0]
    rows = []
    for b in range(batch):
        per_key = []
        for value, is_masked in zip(values, masked):
            row = [v.item() if hasattr(v, "item") else v for v in value[b]]
            per_key.append([v for v in row if not (is_masked and v == -1)])
        crossed = [[]]
        for key_values in per_key:
            crossed = [c + [v] for c in crossed for v in key_values]
        ids = []
        for combination in crossed if all(per_key) else []:
            h = hash_key
            for v in combination:
                h = fingerprint_cat64(h, _value_hash(v))
            ids.append(h % num_buckets if num_buckets > 0 else h % ((1 << 63) - 1))
        rows.append(ids)
    width = int(np.prod([v.shape[1] for v in values]))
    out = np.full((batch, width), -1, np.int64)
    for b, ids in enumerate(rows):
        out[b, :len(ids)] = ids
    return out


def _cross_infer(op):
    shapes = [x.get_shape() for x in op._inputs]
    widths = [s.dims[1].value if s.ndims == 2 else None for s in shapes]
    width = int(np.prod(widths)) if all(w is not None for w in widths) else None
    batch = shapes[0].dims[0].value if shapes[0].ndims else None
    return [(dtypes.int64, tensor_shape.TensorShape([batch, width]))]


registry.register("FeatureColumnCrossHashed", _cross_infer, _cross_lower, host=True, differentiable=False)


def _cross_hashed(inputs, masked, num_buckets, hash_key):
    inputs = [convert_to_tensor(x) for x in inputs]
    op = make_op("FeatureColumnCrossHashed", inputs,
                 attrs={"num_buckets": int(num_buckets), "hash_key": int(hash_key), "masked": tuple(masked)},
                 name="SparseCross")
    return op.outputs[0]


@export("feature_column.crossed_column")
def crossed_column(keys, hash_bucket_size, hash_key=None):
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError("hash_bucket_size must be > 1. hash_bucket_size: {}".format(hash_bucket_size))
    if not keys or len(keys) < 2:
        raise ValueError("keys must be a list with length > 1. Given: {}".format(keys))
    for key in keys:
        if not isinstance(key, (str, _CategoricalColumn)):
            raise ValueError("Unsupported key type. All keys must be either string, or categorical column except "
                             "_HashedCategoricalColumn. Given: {}".format(key))
        if isinstance(key, HashedCategoricalColumn):
            raise ValueError("categorical_column_with_hash_bucket is not supported for crossing. Hashing before "
                             "crossing will increase probability of collision. Instead, use the feature name as a "
                             "string. Given: {}".format(key))
    return CrossedColumn(tuple(keys), int(hash_bucket_size), hash_key)


class CrossedColumn(_CategoricalColumn, collections.namedtuple("CrossedColumn",
                                                               ["keys", "hash_bucket_size", "hash_key"])):
    @property
    def name(self):
        return "_X_".join(sorted(k if isinstance(k, str) else k.name for k in self.keys))

    @property
    def num_buckets(self):
        return self.hash_bucket_size

    def _parse_example_spec(self):
        t = tf()
        spec = {}
        for key in self.keys:
            spec.update({key: t.VarLenFeature(t.string)} if isinstance(key, str) else _parse_spec(key))
        return spec

    def _leaf_keys(self):
        for key in self.keys:
            if isinstance(key, CrossedColumn):
                yield from key._leaf_keys()
            else:
                yield key

    def _ids(self, features):
        # TF's SparseCross takes its sparse inputs (categorical columns' ids) before its dense ones
        # (raw features), and hashes them in that order.
        for key in self._leaf_keys():
            if hasattr(key, "_ids_and_weights"):
                raise ValueError("crossed_column does not support weight_tensor, but the given column populates "
                                 "weight_tensor. Given column: {}".format(key.name))
        categorical = [key._ids(features) for key in self._leaf_keys() if not isinstance(key, str)]
        raw = [_as_2d(features[key]) for key in self._leaf_keys() if isinstance(key, str)]
        inputs, masked = categorical + raw, [True] * len(categorical) + [False] * len(raw)
        return _cross_hashed(inputs, masked, self.hash_bucket_size,
                             DEFAULT_HASH_KEY if self.hash_key is None else self.hash_key)


@export("feature_column.categorical_column_with_hash_bucket")
def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=None):
    t = tf()
    if hash_bucket_size is None:
        raise ValueError("hash_bucket_size must be set. key: {}".format(key))
    if hash_bucket_size < 1:
        raise ValueError("hash_bucket_size must be at least 1. hash_bucket_size: {}, key: {}".format(
            hash_bucket_size, key))
    dtype = t.as_dtype(dtype or t.string)
    if dtype != t.string and not dtype.is_integer:
        raise ValueError("dtype must be string or integer. dtype: {}, column_name: {}".format(dtype, key))
    return HashedCategoricalColumn(key, int(hash_bucket_size), dtype)


class HashedCategoricalColumn(_CategoricalColumn, collections.namedtuple(
        "HashedCategoricalColumn", ["key", "hash_bucket_size", "dtype"])):
    """ids = Fingerprint64(value as a string) % hash_bucket_size; "" and -1 are no id."""

    @property
    def name(self):
        return self.key

    @property
    def num_buckets(self):
        return self.hash_bucket_size

    def _parse_example_spec(self):
        return {self.key: tf().VarLenFeature(self.dtype)}

    def _ids(self, features):
        # TF hashes an integer feature's decimal string (as_string, then StringToHashBucketFast);
        # "" and -1 are no id. Built from TF's own ops, so a SavedModel with it loads in TF.
        t = tf()
        values = _as_2d(features[self.key])
        if values.dtype == t.string:
            present, strings = t.greater(t.strings.length(values), 0), values
        else:
            present, strings = t.not_equal(values, t.cast(-1, values.dtype)), t.as_string(values)
        ids = t.strings.to_hash_bucket_fast(strings, self.hash_bucket_size)
        return t.where(present, ids, t.fill(t.shape(ids), t.constant(-1, t.int64)))
