"""tf.train.Example protos and the Example-parsing ops against goldens recorded from real TensorFlow
(tests/golden/ops/parsing_make.py over tests/golden/ops/parsing_cases.py), plus the graph TF 1.15
builds (its parsing_ops.py: TF 2.21, the oracle, builds ParseExampleV2 instead) and TFRecord files."""
import json
import os
import re
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import parsing_cases  # noqa: E402
from control_cases_util import to_json  # noqa: E402

with open(os.path.join(GOLDEN, "parsing_golden.json")) as _f:
    GOLD = json.load(_f)

RECORDS = parsing_cases.records(tf)


# ------------------------------------------------------------------------------------ protos

@pytest.mark.parametrize("name", sorted(GOLD["records"]))
def test_record_bytes(name):
    assert RECORDS[name].hex() == GOLD["records"][name]


@pytest.mark.parametrize("name", sorted(GOLD["protos"]))
def test_proto_matches_tf(name):
    msg = parsing_cases.proto_cases(tf)[name]
    gold = GOLD["protos"][name]
    # At most one map entry per map here, so plain serialization is deterministic too.
    assert msg.SerializeToString().hex() == gold["hex"]
    assert msg.SerializeToString(deterministic=True).hex() == gold["hex"]
    assert type(msg).__name__ == gold["class"]
    assert msg.DESCRIPTOR.full_name == gold["full_name"]
    assert str(msg) == gold["text"]
    assert type(msg).FromString(bytes.fromhex(gold["hex"])) == msg


def test_example_round_trip_and_oneof():
    ex = tf.train.Example.FromString(RECORDS["full"])
    feats = ex.features.feature
    assert sorted(feats) == ["a", "b", "c", "d", "e", "m", "s"]
    assert list(feats["a"].int64_list.value) == [1, 2]
    assert feats["c"].WhichOneof("kind") == "bytes_list"
    f = tf.train.Feature(int64_list=tf.train.Int64List(value=[1]))
    f.float_list.value.append(2.0)  # setting one member of the oneof clears the other
    assert f.WhichOneof("kind") == "float_list" and not f.HasField("int64_list")
    assert tf.train.SequenceExample.DESCRIPTOR.fields_by_name["feature_lists"].number == 2


# ------------------------------------------------------------------------------------- parse

def _static(t):
    if hasattr(t, "dense_shape"):
        return [[p.dtype.name, p.get_shape().as_list()] for p in (t.indices, t.values, t.dense_shape)]
    return [t.dtype.name, t.get_shape().as_list()]


def _check(got, exp):
    if isinstance(exp, dict) and "value" in exp:
        assert got["dtype"] == exp["dtype"] and got["shape"] == exp["shape"], (got, exp)
        if exp.get("kind") == "float":
            np.testing.assert_allclose(np.array(got["value"], dtype=float), np.array(exp["value"], dtype=float))
        else:
            assert got["value"] == exp["value"], (got, exp)
    else:
        assert sorted(got) == sorted(exp)
        for k in exp:
            _check(got[k], exp[k])


@pytest.mark.parametrize("fn", parsing_cases.PARSE_CASES, ids=lambda f: f.__name__)
def test_parse_case(fn):
    gold = GOLD["parse"][fn.__name__]
    g = tf.Graph()
    with g.as_default():
        fetches, feeds = fn(tf, RECORDS)
        assert sorted(fetches) == sorted(gold)
        for k in gold:
            assert _static(fetches[k]) == gold[k]["static"], k
        with tf.Session(graph=g) as sess:
            values = sess.run(fetches, feeds)
    for k in gold:
        _check(to_json(values[k]), gold[k]["value"])


@pytest.mark.parametrize("fn", parsing_cases.RUN_ERRORS, ids=lambda f: f.__name__)
def test_run_error(fn):
    gold = GOLD["run_errors"][fn.__name__]
    g = tf.Graph()
    with g.as_default():
        fetches = fn(tf, RECORDS)
        with tf.Session(graph=g) as sess:
            with pytest.raises(tf.errors.OpError) as info:
                sess.run(fetches)
    assert type(info.value).__name__ == gold["type"]
    assert info.value.message == gold["message"]


# Where TF 1.15's Python wrapper words a build error differently from the oracle's (TF 2.21), the
# 1.15 text (tensorflow/python/ops/parsing_ops.py at r1.15) is the spec.
TF115_BUILD_ERRORS = {
    "bad_no_features": "Missing: features was {}.",
    "bad_first_dim_unknown": "First dimension of shape for feature a unknown. Consider using "
                             "FixedLenSequenceFeature.",
    "bad_not_a_feature": "Invalid feature a:3.",
    # 1.15 has no Python rank check here: ParseSingleExample's shape function rejects the input.
    "bad_single_rank": "Shape must be rank 0 but is rank 1 for 'ParseSingleExample/ParseSingleExample' "
                       "(op: 'ParseSingleExample') with input shapes: [1], [0].",
}


@pytest.mark.parametrize("fn", parsing_cases.BUILD_ERRORS, ids=lambda f: f.__name__)
def test_build_error(fn):
    gold = GOLD["build_errors"][fn.__name__]
    with tf.Graph().as_default():
        with pytest.raises((ValueError, TypeError)) as info:
            fn(tf, RECORDS)
    assert type(info.value).__name__ == gold["type"]
    expected = TF115_BUILD_ERRORS.get(fn.__name__, gold["message"])
    assert str(info.value) == expected


# ------------------------------------------------------------ serialize_tensor / parse_tensor

def test_serialize_tensor_bytes():
    g = tf.Graph()
    with g.as_default():
        ser = parsing_cases.serialize_tensor_cases(tf, np)
        with tf.Session(graph=g) as sess:
            values = sess.run(ser)
    assert sorted(ser) == sorted(GOLD["serialize_tensor"])
    for k, gold in GOLD["serialize_tensor"].items():
        assert _static(ser[k]) == gold["static"], k
        assert values[k].hex() == gold["hex"], k


def test_parse_tensor_round_trips():
    g = tf.Graph()
    with g.as_default():
        parsed = parsing_cases.parse_tensor_cases(tf, np)
        with tf.Session(graph=g) as sess:
            values = sess.run(parsed)
    assert sorted(parsed) == sorted(GOLD["parse_tensor"])
    for k, gold in GOLD["parse_tensor"].items():
        assert [parsed[k].dtype.name, parsed[k].get_shape().ndims] == [gold["static"][0], None], k
        _check(to_json(values[k]), gold["value"])


def test_serialize_tensor_graph():
    g = tf.Graph()
    with g.as_default():
        t = tf.io.serialize_tensor([1, 2])
        p = tf.io.parse_tensor(t, tf.int32, name="back")
    assert _ops(g) == [("Const", "SerializeTensor/tensor"), ("SerializeTensor", "SerializeTensor"),
                       ("ParseTensor", "back")]
    assert p.op.get_attr("out_type") == tf.int32


# ------------------------------------------------------------------------ TF 1.15's graphs

def _ops(g):
    return [(op.type, op.name) for op in g.get_operations()]


def test_parse_example_graph_is_tf115():
    g = tf.Graph()
    with g.as_default():
        out = tf.parse_example(tf.placeholder(tf.string, [None]), {
            "a": tf.FixedLenFeature([2], tf.int64, default_value=[1, 2]), "b": tf.VarLenFeature(tf.float32),
            "c": tf.FixedLenFeature([], tf.string)})
    assert _ops(g) == [
        ("Placeholder", "Placeholder"), ("Const", "ParseExample/key_a"),
        ("Const", "ParseExample/Reshape/shape"), ("Reshape", "ParseExample/Reshape"),
        ("Const", "ParseExample/Const"), ("Const", "ParseExample/ParseExample/names"),
        ("Const", "ParseExample/ParseExample/sparse_keys_0"), ("Const", "ParseExample/ParseExample/dense_keys_0"),
        ("Const", "ParseExample/ParseExample/dense_keys_1"), ("ParseExample", "ParseExample/ParseExample")]
    op = g.get_operation_by_name("ParseExample/ParseExample")
    assert op.get_attr("Nsparse") == 1 and op.get_attr("Ndense") == 2
    assert [t.name for t in op.get_attr("Tdense")] == ["int64", "string"]
    assert out["b"].indices.name == "ParseExample/ParseExample:0"
    assert out["b"].dense_shape.name == "ParseExample/ParseExample:2"
    assert out["a"].name == "ParseExample/ParseExample:3"
    assert out["c"].name == "ParseExample/ParseExample:4"


def test_parse_single_example_graph_is_tf115():
    g = tf.Graph()
    with g.as_default():
        out = tf.io.parse_single_example(RECORDS["full"], {
            "m": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
            "e": tf.io.VarLenFeature(tf.string)}, name="parse")
    assert _ops(g) == [("Const", "parse/serialized"), ("Const", "parse/Const"), ("ParseSingleExample", "parse/parse")]
    op = g.get_operation_by_name("parse/parse")
    assert op.get_attr("sparse_keys") == ["e"] and op.get_attr("dense_keys") == ["m"]
    assert op.get_attr("num_sparse") == 1
    assert op.get_attr("dense_shapes")[0].as_list() == [None, 2]
    assert out["m"].name == "parse/parse:3"


def test_parse_single_example_with_names_squeezes_a_batch():
    g = tf.Graph()
    with g.as_default():
        out, _ = parsing_cases.single_named(tf, RECORDS)
    names = [n for _, n in _ops(g)]
    assert "ParseSingleExample/ParseExample/ParseExample" in names
    assert out["a"].name == "ParseSingleExample/Squeeze_a:0"
    assert out["e"].indices.name == "ParseSingleExample/Slice_Indices_e:0"
    assert out["e"].dense_shape.name == "ParseSingleExample/Squeeze_Shape_e:0"


def test_named_single_example_errors_name_the_example():
    with tf.Graph().as_default() as g:
        out = tf.parse_single_example(RECORDS["empty"], {"a": tf.FixedLenFeature([], tf.int64)},
                                      example_names="ex7")
        with tf.Session(graph=g) as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=re.escape("Name: ex7, Feature: a (data type: int64) is required")):
                sess.run(out)


def test_exports():
    assert tf.io.FixedLenFeature is tf.FixedLenFeature
    assert tf.io.VarLenFeature is tf.VarLenFeature
    assert tf.io.FixedLenSequenceFeature is tf.FixedLenSequenceFeature
    assert tf.io.parse_example is tf.parse_example
    assert tf.io.parse_single_example is tf.parse_single_example
    assert tf.FixedLenFeature([2], tf.int64) == tf.FixedLenFeature(shape=[2], dtype=tf.int64, default_value=None)
    assert tf.FixedLenSequenceFeature([], tf.int64).allow_missing is False


# --------------------------------------------------------------------------------- TFRecord

def test_tfrecord_examples_round_trip(tmp_path):
    path = str(tmp_path / "data.tfrecord")
    names = ["full", "partial", "sparse_only"]
    with tf.python_io.TFRecordWriter(path) as w:
        for n in names:
            w.write(tf.train.Example.FromString(RECORDS[n]).SerializeToString())
    records = list(tf.python_io.tf_record_iterator(path))
    assert [tf.train.Example.FromString(r) for r in records] == \
        [tf.train.Example.FromString(RECORDS[n]) for n in names]
    with tf.Graph().as_default() as g:
        out = tf.parse_example(records, {"a": tf.FixedLenFeature([2], tf.int64, default_value=[0, 0])})
        with tf.Session(graph=g) as sess:
            np.testing.assert_array_equal(sess.run(out["a"]), [[1, 2], [3, 4], [0, 0]])


# ------------------------------------------------------------ parse_single_sequence_example

SEQ_RECORDS = parsing_cases.sequence_records(tf)


@pytest.mark.parametrize("name", sorted(GOLD["sequence_records"]))
def test_sequence_record_bytes(name):
    assert SEQ_RECORDS[name].hex() == GOLD["sequence_records"][name]


@pytest.mark.parametrize("fn", parsing_cases.SEQ_CASES, ids=lambda f: f.__name__)
def test_parse_single_sequence_example(fn):
    gold = GOLD["sequence"][fn.__name__]
    g = tf.Graph()
    with g.as_default():
        fetches = tf.parse_single_sequence_example(**fn(tf, SEQ_RECORDS))
        assert [{k: _static(t) for k, t in d.items()} for d in fetches] == gold["static"]
        with tf.Session(graph=g) as sess:
            if "error" in gold:
                with pytest.raises(tf.errors.OpError) as info:
                    sess.run(fetches)
                assert type(info.value).__name__ == gold["error"]["type"]
                assert info.value.message == gold["error"]["message"]
                return
            values = sess.run(fetches)
    for got, exp in zip(values, gold["value"]):
        assert sorted(got) == sorted(exp)
        for k in exp:
            _check(to_json(got[k]), exp[k])


def test_parse_single_sequence_example_graph_is_tf115():
    g = tf.Graph()
    with g.as_default():
        ctx, seq = tf.io.parse_single_sequence_example(
            SEQ_RECORDS["seq_full"], {"len": tf.FixedLenFeature([], tf.int64, default_value=0)},
            {"tok": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True), "var": tf.VarLenFeature(tf.int64)})
    prefix = "ParseSingleSequenceExample/"
    assert _ops(g) == [
        ("Const", prefix + "key_len"), ("Const", prefix + "Reshape/shape"), ("Reshape", prefix + "Reshape"),
        ("Const", prefix + "ParseSingleSequenceExample/serialized"),
        ("Const", prefix + "ParseSingleSequenceExample/feature_list_dense_missing_assumed_empty"),
        ("Const", prefix + "ParseSingleSequenceExample/context_dense_keys_0"),
        ("Const", prefix + "ParseSingleSequenceExample/feature_list_sparse_keys_0"),
        ("Const", prefix + "ParseSingleSequenceExample/feature_list_dense_keys_0"),
        ("Const", prefix + "ParseSingleSequenceExample/debug_name"),
        ("ParseSingleSequenceExample", prefix + "ParseSingleSequenceExample")]
    assert ctx["len"].name == prefix + "ParseSingleSequenceExample:0"
    assert seq["var"].indices.name == prefix + "ParseSingleSequenceExample:1"
    assert seq["tok"].name == prefix + "ParseSingleSequenceExample:4"
    with tf.Session(graph=g) as sess:
        assert sess.run(ctx["len"]) == 3


def test_parse_single_sequence_example_build_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"^Missing features\.$"):
            tf.parse_single_sequence_example(SEQ_RECORDS["seq_full"])
        with pytest.raises(ValueError, match=re.escape("Value feature_list_dense_defaults[t] must be None")):
            tf.parse_single_sequence_example(SEQ_RECORDS["seq_full"], sequence_features={
                "t": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=1)})
        with pytest.raises(ValueError, match=re.escape("Unsupported FixedLenSequenceFeature")):
            tf.parse_single_sequence_example(SEQ_RECORDS["seq_full"], context_features={
                "t": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True)})


def test_tfrecord_dataset_map_parse(tmp_path):
    # The usual TF 1 input pipeline: records from a file, parsed per element and per batch.
    path = str(tmp_path / "data.tfrecord")
    with tf.io.TFRecordWriter(path) as w:
        for n in ["full", "partial", "big_ints"]:
            w.write(RECORDS[n])
    feats = {"a": tf.FixedLenFeature([2], tf.int64),
             "b": tf.FixedLenSequenceFeature([], tf.float32, allow_missing=True)}
    with tf.Graph().as_default() as g:
        one = tf.data.TFRecordDataset(path).map(lambda s: tf.parse_single_example(s, feats))
        one = one.make_one_shot_iterator().get_next()
        two = tf.data.TFRecordDataset(path).batch(2).map(lambda s: tf.parse_example(s, feats))
        two = two.make_one_shot_iterator().get_next()
        assert one["a"].get_shape().as_list() == [2] and two["b"].get_shape().as_list() == [None, None]
        with tf.Session(graph=g) as sess:
            got = [sess.run(one) for _ in range(3)]
            batch = sess.run(two)
    np.testing.assert_array_equal([v["a"] for v in got], [[1, 2], [3, 4], [-1, 2 ** 62]])
    np.testing.assert_array_equal(got[0]["b"], [0.5, 1.5, 2.5])
    assert got[1]["b"].shape == (0,)
    np.testing.assert_array_equal(batch["a"], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(batch["b"], [[0.5, 1.5, 2.5], [0, 0, 0]])


def test_example_pickles_and_names_its_module():
    import pickle
    ex = tf.train.Example.FromString(RECORDS["full"])
    assert pickle.loads(pickle.dumps(ex)) == ex
    assert type(ex).__module__ == "tf1.formats.example_protos"
