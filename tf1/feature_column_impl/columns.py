"""TF 1.15's feature columns, as dense-id columns.

Categorical columns hand `input_layer` a dense [batch, n] int64 id tensor where -1 marks "no id"
(TF uses SparseTensors; for the dense feature tensors these columns take the ids and outputs are the
same). Indicator and embedding columns reduce over the n ids: the indicator counts each id, the
embedding combines the looked-up rows ('mean' by default, 'sum', 'sqrtn'), as TF's do.
"""
import collections
import math

import numpy as np

from ..api import export
from ..api import public as tf
from .vocabulary_lookup import vocabulary_lookup


def _as_2d(tensor):
    """Rank-1 features are [batch] and become [batch, 1], as TF's _LazyBuilder expands them."""
    t = tf()
    tensor = t.convert_to_tensor(tensor)
    if tensor.shape.ndims == 1:
        return t.expand_dims(tensor, -1)
    return tensor


class _DenseColumn:
    def _variable_shape(self):
        raise NotImplementedError


class _CategoricalColumn:
    pass


@export("feature_column.numeric_column")
def numeric_column(key, shape=(1,), default_value=None, dtype=None, normalizer_fn=None):
    t = tf()
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError("normalizer_fn must be a callable. Given: {}".format(normalizer_fn))
    return NumericColumn(key, shape, default_value, dtype or t.float32, normalizer_fn)


class NumericColumn(_DenseColumn, collections.namedtuple(
        "NumericColumn", ["key", "shape", "default_value", "dtype", "normalizer_fn"])):
    @property
    def name(self):
        return self.key

    def _num_elements(self):
        return int(np.prod(self.shape))

    def _transform(self, features):
        t = tf()
        value = t.cast(_as_2d(features[self.key]), self.dtype)
        if self.normalizer_fn is not None:
            value = self.normalizer_fn(value)
        return t.cast(value, t.float32)

    def _dense(self, features):
        return self._transform(features)


@export("feature_column.bucketized_column")
def bucketized_column(source_column, boundaries):
    if not isinstance(source_column, NumericColumn):
        raise ValueError("source_column must be a column generated with numeric_column(). Given: {}".format(
            source_column))
    if len(source_column.shape) > 1:
        raise ValueError("source_column must be one-dimensional column. Given: {}".format(source_column))
    boundaries = tuple(float(b) for b in boundaries)
    if not boundaries or any(a >= b for a, b in zip(boundaries, boundaries[1:])):
        raise ValueError("boundaries must be a sorted list.")
    return BucketizedColumn(source_column, boundaries)


class BucketizedColumn(_DenseColumn, _CategoricalColumn,
                       collections.namedtuple("BucketizedColumn", ["source_column", "boundaries"])):
    @property
    def name(self):
        return "{}_bucketized".format(self.source_column.name)

    @property
    def num_buckets(self):
        return self.source_column.shape[0] * (len(self.boundaries) + 1)

    def _buckets(self, features):
        # Bucket i holds boundaries[i-1] <= x < boundaries[i]: the count of boundaries <= x.
        t = tf()
        x = self.source_column._transform(features)
        return t.add_n([t.cast(t.greater_equal(x, b), t.int64) for b in self.boundaries])

    def _dense(self, features):
        t = tf()
        one_hot = t.one_hot(self._buckets(features), len(self.boundaries) + 1, dtype=t.float32)
        return t.reshape(one_hot, [-1, self.num_buckets])

    def _ids(self, features):
        # Dimension d's buckets are numbered after those of the dimensions before it.
        t = tf()
        buckets = self._buckets(features)
        offsets = t.constant(np.arange(self.source_column.shape[0], dtype=np.int64) * (len(self.boundaries) + 1))
        return buckets + offsets


@export("feature_column.categorical_column_with_identity")
def categorical_column_with_identity(key, num_buckets, default_value=None):
    if num_buckets < 1:
        raise ValueError("num_buckets {} < 1, column_name {}".format(num_buckets, key))
    if default_value is not None and (default_value < 0 or default_value >= num_buckets):
        raise ValueError("default_value {} not in range [0, {}), column_name {}".format(
            default_value, num_buckets, key))
    return IdentityCategoricalColumn(key, int(num_buckets), default_value)


class IdentityCategoricalColumn(_CategoricalColumn, collections.namedtuple(
        "IdentityCategoricalColumn", ["key", "number_buckets", "default_value"])):
    @property
    def name(self):
        return self.key

    @property
    def num_buckets(self):
        return self.number_buckets

    def _ids(self, features):
        t = tf()
        ids = t.cast(_as_2d(features[self.key]), t.int64)
        # -1 is "no id" (TF drops it when it makes the sparse input); other ids outside the range
        # become default_value, or no id when there is none.
        out_of_range = t.logical_or(t.less(ids, 0), t.greater_equal(ids, self.number_buckets))
        fill = -1 if self.default_value is None else self.default_value
        fill = t.where(t.equal(ids, -1), t.fill(t.shape(ids), t.constant(-1, t.int64)),
                       t.fill(t.shape(ids), t.constant(fill, t.int64)))
        return t.where(out_of_range, fill, ids)


@export("feature_column.categorical_column_with_vocabulary_list")
def categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1,
                                            num_oov_buckets=0):
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError("vocabulary_list {} must be non-empty, column_name: {}".format(vocabulary_list, key))
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError("Duplicate keys in vocabulary_list {}, column_name: {}".format(vocabulary_list, key))
    if num_oov_buckets:
        raise NotImplementedError("num_oov_buckets (hashed out-of-vocabulary ids) is not supported")
    return VocabularyListCategoricalColumn(key, tuple(vocabulary_list), dtype, default_value, num_oov_buckets)


class VocabularyListCategoricalColumn(_CategoricalColumn, collections.namedtuple(
        "VocabularyListCategoricalColumn",
        ["key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"])):
    @property
    def name(self):
        return self.key

    @property
    def num_buckets(self):
        return len(self.vocabulary_list) + self.num_oov_buckets

    def _ids(self, features):
        return vocabulary_lookup(_as_2d(features[self.key]), self.vocabulary_list,
                                 -1 if self.default_value is None else self.default_value)


@export("feature_column.indicator_column")
def indicator_column(categorical_column):
    return IndicatorColumn(categorical_column)


class IndicatorColumn(_DenseColumn, collections.namedtuple("IndicatorColumn", ["categorical_column"])):
    @property
    def name(self):
        return "{}_indicator".format(self.categorical_column.name)

    def _dense(self, features):
        t = tf()
        ids = self.categorical_column._ids(features)
        return t.reduce_sum(t.one_hot(ids, self.categorical_column.num_buckets, dtype=t.float32), axis=1)


@export("feature_column.embedding_column")
def embedding_column(categorical_column, dimension, combiner="mean", initializer=None, ckpt_to_load_from=None,
                     tensor_name_in_ckpt=None, max_norm=None, trainable=True):
    if dimension is None or dimension < 1:
        raise ValueError("Invalid dimension {}.".format(dimension))
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum'")
    if initializer is not None and not callable(initializer):
        raise ValueError("initializer must be callable if specified. Embedding of column_name: {}".format(
            categorical_column.name))
    if initializer is None:
        initializer = tf().truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))
    return EmbeddingColumn(categorical_column, dimension, combiner, initializer, trainable)


class EmbeddingColumn(_DenseColumn, collections.namedtuple(
        "EmbeddingColumn", ["categorical_column", "dimension", "combiner", "initializer", "trainable"])):
    @property
    def name(self):
        return "{}_embedding".format(self.categorical_column.name)

    def _dense(self, features):
        t = tf()
        weights = t.get_variable("embedding_weights", shape=[self.categorical_column.num_buckets, self.dimension],
                                 dtype=t.float32, initializer=self.initializer, trainable=self.trainable)
        ids = self.categorical_column._ids(features)
        # counts[b, i] = how often id i occurs in example b (ids of -1 count nowhere).
        counts = t.reduce_sum(t.one_hot(ids, self.categorical_column.num_buckets, dtype=t.float32), axis=1)
        summed = t.matmul(counts, weights)
        if self.combiner == "sum":
            return summed
        # Each id occurrence has weight 1: mean divides by the number of ids, sqrtn by its square root.
        norm = t.reduce_sum(counts, axis=1, keepdims=True)
        if self.combiner == "sqrtn":
            norm = t.sqrt(norm)
        return summed / t.maximum(norm, 1.0)


@export("feature_column.input_layer")
def input_layer(features, feature_columns, weight_collections=None, trainable=True, cols_to_vars=None,
                cols_to_output_tensors=None):
    t = tf()
    feature_columns = list(feature_columns)
    if not feature_columns:
        raise ValueError("feature_columns must not be empty.")
    for column in feature_columns:
        if not isinstance(column, _DenseColumn):
            raise ValueError("Items of feature_columns must be a _DenseColumn. You can wrap a categorical "
                             "column with an embedding_column or indicator_column. Given: {}".format(column))
    with t.variable_scope(None, default_name="input_layer", values=list(features.values())):
        outputs = []
        for column in sorted(feature_columns, key=lambda c: c.name):
            with t.variable_scope(None, default_name=column.name):
                before = set(t.global_variables())
                tensor = column._dense(features)
                width = int(np.prod(tensor.shape.as_list()[1:]))
                tensor = t.reshape(tensor, [-1, width])
                outputs.append(tensor)
                if cols_to_vars is not None:
                    cols_to_vars[column] = [v for v in t.global_variables() if v not in before]
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = tensor
        return t.concat(outputs, 1)


@export("feature_column.linear_model")
def linear_model(features, feature_columns, units=1, sparse_combiner="sum", weight_collections=None,
                 trainable=True, cols_to_vars=None):
    """sum over columns of (column input x `<col>/weights`) + `bias_weights`, as TF 1.15's linear_model:
    dense columns multiply their values, categorical ones add up the weight rows of their ids."""
    t = tf()
    feature_columns = sorted(feature_columns, key=lambda c: c.name)
    if not feature_columns:
        raise ValueError("feature_columns must not be empty.")
    with t.variable_scope(None, default_name="linear_model", values=list(features.values())):
        predictions = []
        for column in feature_columns:
            with t.variable_scope(None, default_name=column.name):
                if isinstance(column, _CategoricalColumn):
                    weights = t.get_variable("weights", [column.num_buckets, units], initializer=t.zeros_initializer(),
                                             trainable=trainable)
                    ids = column._ids(features)
                    counts = t.reduce_sum(t.one_hot(ids, column.num_buckets, dtype=t.float32), axis=1)
                    summed = t.matmul(counts, weights)
                    if sparse_combiner != "sum":
                        norm = t.reduce_sum(counts, axis=1, keepdims=True)
                        summed = summed / t.maximum(t.sqrt(norm) if sparse_combiner == "sqrtn" else norm, 1.0)
                    prediction = summed
                else:
                    tensor = column._dense(features)
                    width = int(np.prod(tensor.shape.as_list()[1:]))
                    weights = t.get_variable("weights", [width, units], initializer=t.zeros_initializer(),
                                             trainable=trainable)
                    prediction = t.matmul(t.reshape(tensor, [-1, width]), weights, name="weighted_sum")
                predictions.append(prediction)
                if cols_to_vars is not None:
                    cols_to_vars[column] = [weights]
        bias = t.get_variable("bias_weights", [units], initializer=t.zeros_initializer(), trainable=trainable)
        if cols_to_vars is not None:
            cols_to_vars["bias"] = [bias]
        return t.nn.bias_add(t.add_n(predictions), bias, name="weighted_sum")
