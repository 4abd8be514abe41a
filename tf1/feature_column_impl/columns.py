"""TF 1.15's feature columns, as dense-id columns.

Categorical columns hand `input_layer` a dense [batch, n] int64 id tensor where -1 marks "no id"
(TF uses SparseTensors; for the dense feature tensors these columns take the ids and outputs are the
same). Indicator and embedding columns reduce over the n ids: the indicator counts each id, the
embedding combines the looked-up rows ('mean' by default, 'sum', 'sqrtn'), as TF's do; a weighted
column gives each id the weight of the same position in its weight feature.
"""
import collections
import math

import numpy as np

from ..api import export
from ..api import public as tf
from .vocabulary_lookup import vocabulary_lookup


def _as_2d(tensor):
    """Rank-1 features are [batch] and become [batch, 1], as TF's _LazyBuilder expands them.
    A numeric SparseTensor (a parsed VarLenFeature) becomes dense with -1 ("no id") where empty."""
    t = tf()
    if isinstance(tensor, t.SparseTensor):
        if tensor.dtype == t.string:
            raise NotImplementedError("string SparseTensor features are not supported; feed a dense [batch, n] "
                                      "string tensor ('' for no value)")
        tensor = t.sparse.to_dense(tensor, default_value=t.cast(-1, tensor.dtype))
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

    def _parse_example_spec(self):
        return {self.key: tf().FixedLenFeature(self.shape, self.dtype, self.default_value)}

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

    def _parse_example_spec(self):
        return self.source_column._parse_example_spec()

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

    def _parse_example_spec(self):
        return {self.key: tf().VarLenFeature(tf().int64)}

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

    def _parse_example_spec(self):
        t = tf()
        dtype = self.dtype or (t.string if isinstance(self.vocabulary_list[0], str) else t.int64)
        return {self.key: t.VarLenFeature(dtype)}

    @property
    def num_buckets(self):
        return len(self.vocabulary_list) + self.num_oov_buckets

    def _ids(self, features):
        return vocabulary_lookup(_as_2d(features[self.key]), self.vocabulary_list,
                                 -1 if self.default_value is None else self.default_value)


def _weighted_id_counts(column, features, prune_non_positive):
    """counts[b, i] = how often id i occurs in example b (ids of -1 count nowhere) -- for a weighted
    column, the sum of its weights -- and per example the sum of the weights and of their squares
    (the 'mean' and 'sqrtn' norms). Embedding lookups and linear models with a 'mean' or 'sqrtn'
    combiner drop non-positive weights, as TF's safe_embedding_lookup_sparse does."""
    t = tf()
    weighted = getattr(column, "_ids_and_weights", None)
    ids, weights = weighted(features) if weighted is not None else (column._ids(features), None)
    one_hot = t.one_hot(ids, column.num_buckets, dtype=t.float32)
    if weights is None:
        counts = t.reduce_sum(one_hot, axis=1)
        total = t.reduce_sum(counts, axis=1, keepdims=True)
        return counts, total, total
    if prune_non_positive:
        weights = t.where(t.greater(weights, 0.0), weights, t.zeros_like(weights))
    weights = weights * t.reduce_sum(one_hot, axis=2)  # no weight where there is no id
    counts = t.reduce_sum(one_hot * t.expand_dims(weights, -1), axis=1)
    return (counts, t.reduce_sum(weights, axis=1, keepdims=True),
            t.reduce_sum(weights * weights, axis=1, keepdims=True))


def _combine(column, features, table, combiner):
    """The rows of `table` of each example's ids, weighted and reduced by `combiner` ('sum', 'mean':
    over the sum of the weights, 'sqrtn': over the square root of the sum of their squares); an
    example without ids gets zeros."""
    t = tf()
    counts, total, total_sq = _weighted_id_counts(column, features, prune_non_positive=combiner != "sum")
    summed = t.matmul(counts, table)
    if combiner == "sum":
        return summed
    norm = t.sqrt(total_sq) if combiner == "sqrtn" else total
    return summed / t.where(t.greater(norm, 0.0), norm, t.ones_like(norm))


@export("feature_column.weighted_categorical_column")
def weighted_categorical_column(categorical_column, weight_feature_key, dtype=None):
    t = tf()
    dtype = t.as_dtype(dtype or t.float32)
    if dtype is None or not (dtype.is_integer or dtype.is_floating):
        raise ValueError("dtype {} is not convertible to float.".format(dtype))
    return WeightedCategoricalColumn(categorical_column, weight_feature_key, dtype)


class WeightedCategoricalColumn(_CategoricalColumn, collections.namedtuple(
        "WeightedCategoricalColumn", ["categorical_column", "weight_feature_key", "dtype"])):
    """A categorical column whose ids carry the weights of feature `weight_feature_key` (same shape)."""

    @property
    def name(self):
        return "{}_weighted_by_{}".format(self.categorical_column.name, self.weight_feature_key)

    @property
    def num_buckets(self):
        return self.categorical_column.num_buckets

    def _parse_example_spec(self):
        t = tf()
        config = dict(self.categorical_column._parse_example_spec())
        if self.weight_feature_key in config:
            raise ValueError("Parse config {} already exists for {}.".format(config[self.weight_feature_key],
                                                                           self.weight_feature_key))
        config[self.weight_feature_key] = t.VarLenFeature(self.dtype)
        return config

    def _ids_and_weights(self, features):
        t = tf()
        if self.weight_feature_key not in features:
            raise ValueError("Missing weights {}.".format(self.weight_feature_key))
        weights = _as_2d(features[self.weight_feature_key])
        if weights.dtype.base_dtype != self.dtype:
            raise ValueError("Bad dtype, expected {}, but got {}.".format(self.dtype, weights.dtype))
        return self.categorical_column._ids(features), t.cast(weights, t.float32)

    def _ids(self, features):
        return self.categorical_column._ids(features)


@export("feature_column.indicator_column")
def indicator_column(categorical_column):
    return IndicatorColumn(categorical_column)


class IndicatorColumn(_DenseColumn, collections.namedtuple("IndicatorColumn", ["categorical_column"])):
    @property
    def name(self):
        return "{}_indicator".format(self.categorical_column.name)

    def _parse_example_spec(self):
        return self.categorical_column._parse_example_spec()

    def _dense(self, features):
        # Each id's count, or for a weighted column the sum of its weights (none pruned).
        return _weighted_id_counts(self.categorical_column, features, prune_non_positive=False)[0]


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

    def _parse_example_spec(self):
        return self.categorical_column._parse_example_spec()

    def _dense(self, features):
        t = tf()
        weights = t.get_variable("embedding_weights", shape=[self.categorical_column.num_buckets, self.dimension],
                                 dtype=t.float32, initializer=self.initializer, trainable=self.trainable)
        return _combine(self.categorical_column, features, weights, self.combiner)


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
                    prediction = _combine(column, features, weights, sparse_combiner)
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


def _parse_spec(column):
    """What tf.parse_example needs for `column`'s raw features (TF 1.15's `_parse_example_spec`)."""
    spec_fn = getattr(column, "_parse_example_spec", None)
    if spec_fn is None:
        raise ValueError("All feature_columns must be _FeatureColumn instances. Given: {}".format(column))
    return spec_fn()


@export("feature_column.make_parse_example_spec")
def make_parse_example_spec(feature_columns):
    result = {}
    for column in feature_columns:
        for key, value in _parse_spec(column).items():
            if key in result and value != result[key]:
                raise ValueError("feature_columns contain different parse_spec for key {}. Given {} and {}".format(
                    key, value, result[key]))
            result[key] = value
    return result
