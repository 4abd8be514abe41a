"""tf.summary.* graph building and running: node names, tags, collections, merge/merge_all, against
what real TF built for the same code (tests/golden/summary_scenarios.py -> names.json)."""
import json
import os
import sys

import numpy as np
import pytest
from tensorboard.compat.proto import summary_pb2

import tf1 as tf

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden")
sys.path.insert(0, GOLDEN_DIR)
from summary_scenarios import describe, scenarios  # noqa: E402

NAMES = json.load(open(os.path.join(GOLDEN_DIR, "summaries", "names.json")))


def _without_packed_merge_inputs(facts):
    """TF packs a list given as one element of merge()'s inputs into a `Pack` node
    (`merge([get_collection(...)])`); tf1 passes the list's tensors to MergeSummary directly (string
    tensors cannot enter a compiled segment). The merged Summary is the same; compare the rest."""
    nodes = [dict(n) for n in facts["nodes"] if n["op"] != "Pack"]
    packed = {n["name"] + ":0": n["inputs"] for n in facts["nodes"] if n["op"] == "Pack"}
    for n in nodes:
        n["inputs"] = [i for x in n["inputs"] for i in packed.get(x, [x])]
    return dict(facts, nodes=nodes)


@pytest.mark.parametrize("name", [n for n, _ in scenarios(None, None)])
def test_scenario_matches_tf(name):
    build = dict(scenarios(tf, tf.contrib.deprecated))[name]
    with tf.Graph().as_default() as g:
        fetches = build()
        with tf.Session() as sess:
            values = sess.run(fetches)
        got = describe(tf, tf.Summary, g, fetches, values)
    want = _without_packed_merge_inputs(NAMES[name])
    assert [(n["name"], n["op"], n["inputs"]) for n in got["nodes"]] == \
        [(n["name"], n["op"], n["inputs"]) for n in want["nodes"]]
    summary_ops = {n["name"]: n["attrs"] for n in want["nodes"] if "Summary" in n["op"]}
    assert {n["name"]: n["attrs"] for n in got["nodes"] if n["name"] in summary_ops} == summary_ops
    for key in ("summaries", "collections", "fetches", "tags"):
        assert got[key] == want[key], key


def test_fetched_summary_is_bytes_and_parses():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [])
        s = tf.summary.scalar("loss", x)
        with tf.Session() as sess:
            out = [sess.run(s, {x: v}) for v in (1.0, 2.5, -3.0)]
    assert all(type(o) is bytes for o in out)
    assert [summary_pb2.Summary.FromString(o).value[0].simple_value for o in out] == [1.0, 2.5, -3.0]


def test_merge_all_empty_is_none_and_merge_needs_inputs():
    with tf.Graph().as_default():
        assert tf.summary.merge_all() is None
        assert tf.contrib.deprecated.merge_all_summaries() is None
        with pytest.raises(ValueError, match="shorter than minimum length 1"):
            tf.summary.merge([])


def test_text_requires_strings():
    with tf.Graph().as_default():
        with pytest.raises(ValueError,
                           match="Expected tensor Const:0 to have dtype string, got <dtype: 'float32'>"):
            tf.summary.text("t", tf.constant(1.0))


def test_scalar_rejects_string_values():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="Value passed to parameter 'values' has DataType string"):
            tf.summary.scalar("s", tf.constant("x"))


def test_runtime_errors_name_the_op():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        with tf.name_scope("layer"):
            h = tf.summary.histogram("w", x)
        s = tf.summary.scalar("bad", x)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="Nan in summary histogram for: layer/w"):
                sess.run(h, {x: [1.0, np.nan]})
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"tags and values not the same shape: \[\] != \[2\] \(tag 'bad'\)"):
                sess.run(s, {x: [1.0, 2.0]})


def _two_models(merge_by_scope):
    """seed002_48/49: two models in one graph; merge_all also takes the other model's summary."""
    models = []
    for scope_name in ("train", "test"):
        with tf.name_scope(scope_name) as scope:
            x = tf.placeholder(tf.float32, [None, 1])
            tf.summary.scalar("loss", tf.reduce_mean(x))
            merged = (tf.summary.merge(tf.get_collection(tf.GraphKeys.SUMMARIES, scope))
                      if merge_by_scope else tf.summary.merge_all())
            models.append((x, merged))
    return models


def test_merge_all_across_models_needs_the_other_placeholder():
    with tf.Graph().as_default():
        (x1, m1), (x2, m2) = _two_models(merge_by_scope=False)
        with tf.Session() as sess:
            sess.run(m1, {x1.name: np.ones([3, 1])})
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="You must feed a value for placeholder tensor 'train/Placeholder' "
                                     "with dtype float"):
                sess.run([m2], {x2.name: np.ones([3, 1])})


def test_merge_by_scope_fix():
    with tf.Graph().as_default():
        (x1, m1), (x2, m2) = _two_models(merge_by_scope=True)
        with tf.Session() as sess:
            su = sess.run([m2], {x2.name: np.ones([3, 1])})
    assert type(su[0]) is bytes
    assert [v.tag for v in summary_pb2.Summary.FromString(su[0]).value] == ["test/loss"]


def test_summaries_are_not_differentiable_and_run_on_host():
    from tf1.framework import registry
    for op_type in ("ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummaryV2",
                    "TensorSummaryV2", "MergeSummary"):
        opdef = registry.get(op_type)
        assert opdef.host and not opdef.differentiable


def test_get_summary_description():
    from google.protobuf import json_format
    from tensorboard.compat.proto import node_def_pb2
    nd = node_def_pb2.NodeDef(name="t", op="TensorSummary")
    nd.attr["description"].s = json_format.MessageToJson(
        summary_pb2.SummaryDescription(type_hint="image")).encode()
    assert tf.summary.get_summary_description(nd).type_hint == "image"
    with pytest.raises(ValueError, match="Can't get_summary_description on ScalarSummary"):
        tf.summary.get_summary_description(node_def_pb2.NodeDef(op="ScalarSummary"))


def test_pre_1_0_top_level_names_are_aliases():
    # TF 1.0 moved tf.scalar_summary & co. to tf.contrib.deprecated; the seeds' programs (TF 0.x)
    # still call the old names, so tf1 keeps them as the very same functions.
    for name in ("scalar_summary", "histogram_summary", "image_summary", "audio_summary",
                 "merge_summary", "merge_all_summaries"):
        assert getattr(tf, name) is getattr(tf.contrib.deprecated, name)
    assert tf.train.SummaryWriter is tf.summary.FileWriter
