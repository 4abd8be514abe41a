"""Lookup tables (tf.lookup, tf.contrib.lookup, tf.tables_initializer) against real TF.

Goldens: tests/golden/ops/lookup_golden.json, made by tests/golden/ops/lookup_make.py from the
scenarios in lookup_cases.py (TF 2.x compat.v1's tf.lookup and TF 1.15's contrib/lookup source)."""
import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "ops"))
import lookup_cases  # noqa: E402

import tf1 as tf  # noqa: E402

with open(os.path.join(os.path.dirname(HERE), "golden", "ops", "lookup_golden.json")) as _f:
    GOLDEN = json.load(_f)


def _diff(got, want, where=""):
    if isinstance(want, dict) and isinstance(got, dict):
        if sorted(got) != sorted(want):
            return ["%s keys %r vs %r" % (where, sorted(got), sorted(want))]
        return [d for k in want for d in _diff(got[k], want[k], "%s.%s" % (where, k))]
    if isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in _diff(g, w, "%s[%d]" % (where, i))]
    if isinstance(want, float) and isinstance(got, (int, float)):
        return [] if abs(got - want) <= 1e-6 * max(1.0, abs(want)) else ["%s: %r vs %r" % (where, got, want)]
    return [] if got == want else ["%s: %r vs %r" % (where, got, want)]


@pytest.mark.parametrize("name", sorted(lookup_cases.CASES))
def test_against_tf(name, tmp_path):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(lookup_cases.CASES[name](tf, str(tmp_path))))
    diffs = _diff(got, GOLDEN[name], name)
    assert not diffs, "\n".join(diffs[:20])


def test_monitored_session_initializes_tables():
    # TF 1.15's Scaffold.default_local_init_op runs tf.tables_initializer().
    with tf.Graph().as_default():
        table = tf.contrib.lookup.index_table_from_tensor(["a", "b"], num_oov_buckets=1)
        ids = table.lookup(tf.constant(["b", "zz"]))
        with tf.train.MonitoredSession() as sess:
            assert sess.run(ids).tolist() == [1, 2]


def test_graph_def_round_trip_and_fed_keys():
    with tf.Graph().as_default() as g:
        keys = tf.placeholder(tf.string, [None], name="keys")
        table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["x", "y"], [5.0, 6.0]), -1.0)
        table.lookup(keys, name="out")
        graph_def = g.as_graph_def()
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            sess.run(tf.get_default_graph().get_operation_by_name("key_value_init/LookupTableImportV2"))
            assert sess.run("out/LookupTableFindV2:0", {"keys:0": ["y", "q", "x"]}).tolist() == [6.0, -1.0, 5.0]


def test_text_file_errors(tmp_path):
    path = tmp_path / "v.txt"
    path.write_text("a\n\nb\n")
    with tf.Graph().as_default():
        table = tf.contrib.lookup.index_table_from_file(str(path))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="empty line found at position 3"):
                sess.run(table.initializer)
            with pytest.raises(tf.errors.FailedPreconditionError, match="Table not initialized."):
                sess.run(table.lookup(tf.constant(["a"])))


def test_lookup_inside_dataset_map():
    # The common TF 1.x text pipeline: a vocabulary table used in Dataset.map, initialised by
    # tf.tables_initializer in the same Session.
    with tf.Graph().as_default():
        table = tf.contrib.lookup.index_table_from_tensor(["a", "b", "c"], num_oov_buckets=1)
        ds = tf.data.Dataset.from_tensor_slices(tf.constant(["a b", "c zz b"]))
        ds = ds.map(lambda s: table.lookup(tf.string_split([s]).values))
        it = ds.make_initializable_iterator()
        nxt = it.get_next()
        with tf.Session() as sess:
            sess.run([tf.tables_initializer(), it.initializer])
            assert sess.run(nxt).tolist() == [0, 1]
            assert sess.run(nxt).tolist() == [2, 3, 1]


def test_export_shapes():
    # TF 1.15's LookupTableExportV2 shape function: keys a vector, values of unknown shape (TF 2.x
    # changed it, so this is pinned from the 1.15 op registration); contrib's HashTable.export gives
    # the values the keys' shape.
    with tf.Graph().as_default():
        init = tf.lookup.KeyValueTensorInitializer(["a"], [1.0])
        keys, values = tf.lookup.StaticHashTable(init, -1.0).export()
        assert (str(keys.shape), str(values.shape)) == ("(?,)", "<unknown>")
        keys, values = tf.contrib.lookup.HashTable(init, -1.0).export()
        assert (str(keys.shape), str(values.shape)) == ("(?,)", "(?,)")
        assert keys.op.name == "hash_table_1_Export"
