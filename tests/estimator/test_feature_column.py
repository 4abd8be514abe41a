"""tf.feature_column columns and input_layer against TF 2.21's tf.compat.v1.feature_column.input_layer
(tests/golden/estimator/make_estimator.py)."""
import json
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "estimator",
                                     "estimator.json")))["feature_columns"]
fc = tf.feature_column


def _features(raw, types):
    return {k: tf.constant(np.array(v, dtype=types.get(k))) for k, v in raw.items()}


def _run(out):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(out)


def test_input_layer_all_column_kinds():
    with tf.Graph().as_default():
        feats = _features(GOLDEN["features"], {"a": np.float32, "p": np.float32, "id": np.int64})
        cols = [fc.numeric_column("a", normalizer_fn=lambda t: t * 2.0), fc.numeric_column("p", shape=(2,)),
                fc.bucketized_column(fc.numeric_column("a"), boundaries=[0.0, 1.5]),
                fc.indicator_column(fc.categorical_column_with_identity("id", num_buckets=4)),
                fc.indicator_column(fc.categorical_column_with_vocabulary_list("word", ["a", "b", "c"])),
                fc.embedding_column(fc.categorical_column_with_identity("id", num_buckets=4), dimension=3,
                                    initializer=tf.constant_initializer(
                                        np.arange(12, dtype=np.float32).reshape(4, 3) / 10))]
        out = fc.input_layer(feats, cols)
        assert out.name == GOLDEN["output_name"]
        assert out.shape.as_list() == [3, 16]
        assert [v.op.name for v in tf.global_variables()] == GOLDEN["variables"]
        np.testing.assert_allclose(_run(out), GOLDEN["input_layer"], rtol=1e-6)


@pytest.mark.parametrize("combiner", ["mean", "sum", "sqrtn"])
def test_multi_id_columns_and_combiners(combiner):
    with tf.Graph().as_default():
        feats = _features(GOLDEN["multi_features"], {"ids": np.int64, "r1": np.float32})
        init = tf.constant_initializer(np.arange(9, dtype=np.float32).reshape(3, 3) - 4)
        ids = fc.categorical_column_with_identity("ids", num_buckets=3)
        words = fc.categorical_column_with_vocabulary_list("words", ["a", "b", "c"])
        cols = [fc.embedding_column(ids, 3, combiner=combiner, initializer=init),
                fc.embedding_column(words, 3, combiner=combiner, initializer=init),
                fc.indicator_column(ids), fc.indicator_column(words), fc.numeric_column("r1")]
        out = fc.input_layer(feats, cols)
        assert [v.op.name for v in tf.global_variables()] == GOLDEN["multi"][combiner + "_variables"]
        np.testing.assert_allclose(_run(out), GOLDEN["multi"][combiner], rtol=1e-6)


def test_embedding_trains_through_input_layer():
    with tf.Graph().as_default():
        ids = fc.categorical_column_with_identity("ids", num_buckets=3)
        col = fc.embedding_column(ids, 2, initializer=tf.ones_initializer())
        out = fc.input_layer({"ids": tf.constant([[0], [0], [2]], tf.int64)}, [col])
        weights = tf.global_variables()[0]
        grad = tf.gradients(tf.reduce_sum(out), [weights])[0]
        g = _run(tf.convert_to_tensor(grad))
        np.testing.assert_allclose(g, [[2, 2], [0, 0], [1, 1]])


def test_column_names_and_errors():
    num = fc.numeric_column("x")
    assert num.name == "x" and num.shape == (1,) and num.dtype == tf.float32
    assert fc.bucketized_column(num, [1, 2]).name == "x_bucketized"
    ident = fc.categorical_column_with_identity("c", 5)
    assert fc.indicator_column(ident).name == "c_indicator"
    assert fc.embedding_column(ident, 4).name == "c_embedding"
    with pytest.raises(ValueError, match="boundaries must be a sorted list."):
        fc.bucketized_column(num, [2, 1])
    with pytest.raises(ValueError, match="Items of feature_columns must be a _DenseColumn"):
        fc.input_layer({"c": tf.constant([[1]])}, [ident])
    with pytest.raises(ValueError, match=r"num_buckets 0 < 1, column_name c"):
        fc.categorical_column_with_identity("c", 0)
    with pytest.raises(TypeError, match="normalizer_fn must be a callable"):
        fc.numeric_column("x", normalizer_fn=3)
