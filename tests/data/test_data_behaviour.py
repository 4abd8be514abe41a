"""tf.data behaviour pinned to TF 1.15's source (messages TF 2 reworded), and tf1-specific
properties: per-session iterator state, functions reading variables and random ops, GraphDef export."""
import os

import numpy as np
import pytest

import tf1 as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def _drain(sess, t, feed_dict=None):
    out = []
    while True:
        try:
            out.append(sess.run(t, feed_dict))
        except tf.errors.OutOfRangeError:
            return out


def test_end_of_sequence_is_out_of_range_every_time():
    nxt = tf.data.Dataset.range(2).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert _drain(sess, nxt) == [0, 1]
        for _ in range(2):
            with pytest.raises(tf.errors.OutOfRangeError) as info:
                sess.run(nxt)
            assert info.value.message.startswith("End of sequence")
            assert info.value.op.name == "IteratorGetNext"


def test_uninitialized_iterator_message():
    nxt = tf.data.Dataset.range(2).make_initializable_iterator().get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="GetNext\\(\\) failed because the "
                           "iterator has not been initialized"):
            sess.run(nxt)


def test_tf115_messages():
    ds = tf.data.Dataset.range(3)
    with pytest.raises(RuntimeError, match="^dataset.__iter__\\(\\) is only supported when eager "
                       "execution is enabled.$"):
        iter(ds)
    with pytest.raises(ValueError, match="^Iterator does not have an initializer.$"):
        ds.make_one_shot_iterator().initializer


def test_repr_and_classes():
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((4, 3), np.float32), np.zeros(4, np.int32)))
    assert repr(ds.batch(2)) == "<DatasetV1Adapter shapes: ((?, 3), (?,)), types: (tf.float32, tf.int32)>"
    assert str(ds) == "<DatasetV1Adapter shapes: ((3,), ()), types: (tf.float32, tf.int32)>"
    assert ds.output_classes == (tf.Tensor, tf.Tensor)
    assert isinstance(ds, tf.data.Dataset)
    assert tf.data.get_output_types(ds) == (tf.float32, tf.int32)


def test_make_initializer_names():
    ds = tf.data.Dataset.range(3)
    it = tf.data.Iterator.from_structure(ds.output_types, ds.output_shapes)
    assert it.make_initializer(ds).name == "make_initializer"
    assert it.make_initializer(ds, name="init_train").name == "init_train"
    assert it._iterator_resource.op.type == "IteratorV2"
    with pytest.raises(TypeError, match="Expected output types"):
        it.make_initializer(tf.data.Dataset.from_tensors(1.0))


def test_one_shot_iterator_state_is_per_session():
    nxt = tf.data.Dataset.range(3).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 0
        assert sess.run(nxt) == 1
    with tf.Session() as sess:
        assert _drain(sess, nxt) == [0, 1, 2]


def test_one_shot_cannot_capture_placeholder():
    x = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError, match="Cannot capture a placeholder"):
        tf.data.Dataset.from_tensor_slices(x).make_one_shot_iterator()


def test_map_random_op_draws_per_element():
    ds = tf.data.Dataset.range(6).map(lambda x: tf.random_uniform([]))
    nxt = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        values = _drain(sess, nxt)
    assert len(set(np.round(values, 6).tolist())) == 6


def test_map_captured_variable_is_read_at_initialization():
    v = tf.Variable(10, dtype=tf.int64)
    it = tf.data.Dataset.range(3).map(lambda x: x + v).make_initializable_iterator()
    nxt = it.get_next()
    bump = tf.assign_add(v, 100)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(it.initializer)
        assert sess.run(nxt) == 10
        sess.run(bump)
        assert sess.run(nxt) == 11
        sess.run(it.initializer)
        assert sess.run(nxt) == 110


def test_map_after_batch_sees_batches():
    seen = []

    def fn(x):
        seen.append(x.get_shape().as_list())
        return tf.reduce_sum(x, axis=1)
    ds = tf.data.Dataset.from_tensor_slices(np.arange(12).reshape(6, 2)).batch(4).map(fn)
    nxt = ds.make_one_shot_iterator().get_next()
    assert seen == [[None, 2]]
    with tf.Session() as sess:
        out = _drain(sess, nxt)
    assert [o.tolist() for o in out] == [[1, 5, 9, 13], [17, 21]]


def test_shuffle_reshuffles_each_epoch_unless_told_not_to():
    def epochs(reshuffle, seed):
        ds = tf.data.Dataset.range(20).shuffle(20, seed=seed, reshuffle_each_iteration=reshuffle).repeat(4)
        with tf.Session() as sess:
            out = _drain(sess, ds.make_one_shot_iterator().get_next())
        return [out[i * 20:(i + 1) * 20] for i in range(4)]

    for reshuffle, seed in ((True, 3), (True, None), (False, 5)):
        es = epochs(reshuffle, seed)
        assert all(sorted(e) == list(range(20)) for e in es)
        distinct = len({tuple(e) for e in es})
        assert distinct == (4 if reshuffle else 1)
        assert es[0] != list(range(20))
    assert epochs(True, 3) == epochs(True, 3)  # a seeded shuffle repeats in a new session


def test_graph_def_has_dataset_nodes_without_private_attrs():
    ds = tf.data.Dataset.range(10).map(lambda x: x * 2).batch(3)
    ds.make_one_shot_iterator().get_next()
    gd = tf.get_default_graph().as_graph_def()
    ops = {n.name: n.op for n in gd.node}
    assert ops["RangeDataset"] == "RangeDataset" and ops["BatchDatasetV2"] == "BatchDatasetV2"
    assert ops["OneShotIterator"] == "OneShotIterator" and ops["IteratorGetNext"] == "IteratorGetNext"
    for n in gd.node:
        assert not any(k.startswith("_tf1_") for k in n.attr)  # only the carried `_tf1`


def test_string_handle_unknown_handle():
    h = tf.placeholder(tf.string, [])
    nxt = tf.data.Iterator.from_string_handle(h, tf.int64, []).get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Could not parse string_handle as a "
                           "valid ResourceHandle"):
            sess.run(nxt, {h: b"nonsense"})


def test_tfrecord_gzip_and_text_compression(tmp_path):
    path = str(tmp_path / "r.tfrecord.gz")
    opts = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    with tf.python_io.TFRecordWriter(path, opts) as w:
        for i in range(3):
            w.write(b"r%d" % i)
    import gzip
    text = str(tmp_path / "t.txt.gz")
    with gzip.open(text, "wb") as f:
        f.write(b"a\nbb\n")
    rec = tf.data.TFRecordDataset(path, compression_type="GZIP").make_one_shot_iterator().get_next()
    lines = tf.data.TextLineDataset(text, compression_type="GZIP").make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert _drain(sess, rec) == [b"r0", b"r1", b"r2"]
        assert _drain(sess, lines) == [b"a", b"bb"]


def test_missing_file_is_not_found(tmp_path):
    nxt = tf.data.TextLineDataset(os.path.join(str(tmp_path), "nope.txt")).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError):
            sess.run(nxt)


def test_batch_size_tensor_and_drop_remainder_shape():
    n = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(7).batch(n)
    assert ds.output_shapes.as_list() == [None]
    assert tf.data.Dataset.range(7).batch(3, drop_remainder=True).output_shapes.as_list() == [3]
    it = ds.make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {n: 5})
        assert [v.tolist() for v in _drain(sess, nxt)] == [[0, 1, 2, 3, 4], [5, 6]]
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Batch size must be greater than zero."):
            sess.run(it.initializer, {n: 0})


def test_list_files_without_match_fails_like_tf_assert():
    nxt = tf.data.Dataset.list_files("/nonexistent_dir_tf1/*.rec").make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^assertion failed: \[No files matched "
                           r"pattern: /nonexistent_dir_tf1/\*.rec\]"):
            sess.run(nxt)


def test_map_with_data_dependent_shapes_runs_op_by_op():
    # tf.unique's output size depends on the values: XLA cannot trace it, so the map falls back.
    ds = tf.data.Dataset.from_tensor_slices(np.array([[1, 1, 2], [3, 4, 5]])).map(lambda x: tf.unique(x)[0])
    nxt = ds.make_one_shot_iterator().get_next()
    fused = tf.data.Dataset.from_tensor_slices(np.array([[1, 1], [2, 3]])).map(
        lambda x: tf.reduce_sum(tf.unique(x)[0])).batch(2)
    nf = fused.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert [v.tolist() for v in _drain(sess, nxt)] == [[1, 2], [3, 4, 5]]
        assert [v.tolist() for v in _drain(sess, nf)] == [[1, 5]]


def test_map_then_batch_matches_unfused_and_reports_shape_mismatch():
    data = np.arange(10, dtype=np.float32)
    fn = lambda x: (x * 2.0, tf.stack([x, x + 1]))  # noqa: E731
    fused = tf.data.Dataset.from_tensor_slices(data).map(fn).batch(4)
    unfused = tf.data.Dataset.from_tensor_slices(data).map(fn).prefetch(1).batch(4)
    a = fused.make_one_shot_iterator().get_next()
    b = unfused.make_one_shot_iterator().get_next()
    ragged = tf.data.Dataset.range(1, 4).map(lambda x: tf.range(x)).batch(3)
    r = ragged.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        for x, y in zip(_drain(sess, a), _drain(sess, b)):
            np.testing.assert_array_equal(x[0], y[0])
            np.testing.assert_array_equal(x[1], y[1])
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Cannot batch tensors with different "
                           "shapes in component 0. First element had shape \\[1\\] and element 1 had "
                           "shape \\[2\\]."):
            sess.run(r)


def test_meta_graph_with_datasets_imports(tmp_path):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(4.0, dtype=np.float32)).map(lambda x: x * 2.0)
    nxt = ds.make_one_shot_iterator().get_next()
    tf.constant(3.0, name="c")
    path = str(tmp_path / "m.meta")
    tf.train.export_meta_graph(path)
    with tf.Graph().as_default():
        tf.train.import_meta_graph(path)
        with tf.Session() as sess:
            assert sess.run("c:0") == 3.0
            with pytest.raises(tf.errors.UnimplementedError, match="imported from a GraphDef"):
                sess.run(nxt.name)


def test_map_over_many_shapes_stops_compiling():
    def gen():
        for n in range(1, 41):
            yield np.arange(n, dtype=np.float32)
    ds = tf.data.Dataset.from_generator(gen, tf.float32, tf.TensorShape([None])).map(lambda v: v * 2.0 + 1.0)
    nxt = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        out = _drain(sess, nxt)
    assert len(out) == 40
    for n, v in enumerate(out, 1):
        np.testing.assert_array_equal(v, np.arange(n, dtype=np.float32) * 2 + 1)
