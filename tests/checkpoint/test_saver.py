"""tf.train.Saver, checkpoint readers, meta graphs and GraphDef I/O against real TensorFlow's files
(goldens: tests/golden/checkpoint/, see make_checkpoints.py and make_tf1_written.py there)."""
import io
import contextlib
import os

import numpy as np
import pytest

import make_tf1_written
import tf1 as tf
import values


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def _dtype_variables(real=False):
    """Variables named and typed as in values.py, holding zeros (or, with real=True, the values)."""
    return values.make_dtype_variables(
        tf, lambda dtype, value: value if real or dtype == "string" else np.zeros_like(value))


def test_saver_builds_tf_1_15_graph():
    w = tf.Variable([[1.5], [-2.0]], name="W")
    b = tf.Variable([0.25], name="b")
    saver = tf.train.Saver()
    nodes = [(op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs])
             for op in tf.get_default_graph().get_operations() if op.name.startswith("save/")]
    assert nodes == [
        ("save/Const", "Const", [], []),
        ("save/SaveV2/tensor_names", "Const", [], []),
        ("save/SaveV2/shape_and_slices", "Const", [], []),
        ("save/SaveV2", "SaveV2", ["save/Const:0", "save/SaveV2/tensor_names:0",
                                   "save/SaveV2/shape_and_slices:0", "W:0", "b:0"], []),
        ("save/control_dependency", "Identity", ["save/Const:0"], ["save/SaveV2"]),
        ("save/RestoreV2/tensor_names", "Const", [], []),
        ("save/RestoreV2/shape_and_slices", "Const", [], []),
        ("save/RestoreV2", "RestoreV2", ["save/Const:0", "save/RestoreV2/tensor_names:0",
                                         "save/RestoreV2/shape_and_slices:0"], []),
        ("save/Assign", "Assign", ["W:0", "save/RestoreV2:0"], []),
        ("save/Assign_1", "Assign", ["b:0", "save/RestoreV2:1"], []),
        ("save/restore_all", "NoOp", [], ["save/Assign", "save/Assign_1"]),
    ]
    sd = saver.as_saver_def()
    assert (sd.filename_tensor_name, sd.save_tensor_name, sd.restore_op_name) == (
        "save/Const:0", "save/control_dependency:0", "save/restore_all")
    assert sd.max_to_keep == 5 and sd.keep_checkpoint_every_n_hours == 10000 and sd.version == 2
    assert tf.train.Saver().as_saver_def().restore_op_name == "save_1/restore_all"
    assert w is not None and b is not None


def test_restores_tensorflow_checkpoint_bit_exactly(golden):
    vs = _dtype_variables()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(golden, "dtypes/model"))
        got = sess.run(vs)
    for name, (dtype, want) in values.dtype_variables().items():
        want = np.asarray(want, dtype=object if dtype == "string" else None)
        g = np.asarray(got[name], dtype=object if dtype == "string" else None)
        assert g.shape == want.shape, name
        assert (g.tolist() == want.tolist()) if dtype == "string" else g.tobytes() == want.tobytes(), name


def test_own_checkpoint_is_byte_identical_to_tensorflow(golden, tmp_path):
    _dtype_variables(real=True)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model"), write_meta_graph=False)
    assert path == str(tmp_path / "model")
    for suffix in (".index", ".data-00000-of-00001"):
        with open(os.path.join(golden, "dtypes/model" + suffix), "rb") as f:
            assert open(path + suffix, "rb").read() == f.read(), suffix


def test_tf1_checkpoint_restored_by_tensorflow(golden, tmp_path):
    """The fixture tf1_written/ was written by tf1 (make_tf1_written.py) and restored by real TF:
        cd tests/golden/checkpoint && TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python \\
            restore_tf1_written.py > tf1_written/restored_by_tf.txt
    Here: tf1 still writes exactly those bytes, and what TF printed is the values saved."""
    make_tf1_written.build_variables()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "model"), write_meta_graph=False)
    for suffix in (".index", ".data-00000-of-00001"):
        with open(os.path.join(golden, "tf1_written/model" + suffix), "rb") as f:
            assert (tmp_path / ("model" + suffix)).read_bytes() == f.read(), suffix
    lines = open(os.path.join(golden, "tf1_written/restored_by_tf.txt")).read().splitlines()
    vs = {k: v for k, v in values.dtype_variables().items() if k != "large"}
    assert len(lines) == len(vs)
    for line in lines:
        name, dtype, rest = line.split(" ", 2)
        want_dtype, want = vs[name]
        assert dtype == want_dtype
        want = np.asarray(want, dtype=object if dtype == "string" else None)
        raw = repr(want.tolist()) if dtype == "string" else want.tobytes().hex()
        assert rest.endswith(raw) and rest.startswith(str(list(want.shape)))


def test_restore_trained_model_and_predict(golden):
    import json
    exp = json.load(open(os.path.join(golden, "trained/expected.json")))
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable(tf.zeros([2, 1]), name="W")
    b = tf.Variable(tf.zeros([1]), name="b")
    step = tf.Variable(0, dtype=tf.int64, name="global_step", trainable=False)
    y = tf.matmul(x, w) + b
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(os.path.join(golden, "trained")))
        wv, bv, sv, pred = sess.run([w, b, step, y], {x: values.PREDICT_X})
    assert wv.tobytes().hex() == exp["W_hex"] and bv.tobytes().hex() == exp["b_hex"]
    assert sv == values.TRAIN_STEPS
    np.testing.assert_allclose(pred, exp["prediction"], rtol=1e-6)


def test_import_tensorflow_meta_graph_and_run(golden):
    saver = tf.train.import_meta_graph(os.path.join(golden, "inference/model.meta"))
    g = tf.get_default_graph()
    assert [v.name for v in tf.global_variables()] == ["W:0", "b:0"]
    assert [v.name for v in tf.trainable_variables()] == ["W:0", "b:0"]
    assert tf.get_collection("outputs") == [g.get_tensor_by_name("y:0")]
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(golden, "inference/model"))
        out = sess.run("y:0", {"x:0": values.PREDICT_X})
    np.testing.assert_allclose(out, values.PREDICT_X @ np.float32([[1.5], [-2.0]]) + 0.25, rtol=1e-6)
    # A new Saver in the imported graph takes the next free scope, as in TF.
    assert tf.train.Saver().as_saver_def().restore_op_name == "save_1/restore_all"


def test_export_meta_graph_then_import(tmp_path):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[2.0], [3.0]], name="w")
    y = tf.identity(tf.matmul(x, w), name="y")
    tf.add_to_collection("my_tensors", y)
    tf.add_to_collection("my_strings", "hello")
    tf.add_to_collection("my_ints", 42)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.assign(w, [[5.0], [7.0]]))
        path = saver.save(sess, str(tmp_path / "m"), global_step=3)
    assert path == str(tmp_path / "m-3") and os.path.exists(path + ".meta")
    with tf.Graph().as_default() as g2:
        saver2 = tf.train.import_meta_graph(path + ".meta")
        assert tf.get_collection("my_strings") == [b"hello"]
        assert tf.get_collection("my_ints") == [42]
        assert tf.get_collection("my_tensors") == [g2.get_tensor_by_name("y:0")]
        with tf.Session() as sess:
            saver2.restore(sess, path)
            assert sess.run("y:0", {"x:0": [[1.0, 1.0]]}).tolist() == [[12.0]]


def test_save_state_file_and_max_to_keep(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in (1, 2, 3):
            assert saver.save(sess, "ck/model", global_step=step) == "ck/model-%d" % step
    assert saver.last_checkpoints == ["ck/model-2", "ck/model-3"]
    assert sorted(os.listdir("ck")) == ["checkpoint"] + [
        "model-%d.%s" % (s, e) for s in (2, 3) for e in ("data-00000-of-00001", "index", "meta")]
    assert open("ck/checkpoint").read() == ('model_checkpoint_path: "model-3"\n'
                                            'all_model_checkpoint_paths: "model-2"\n'
                                            'all_model_checkpoint_paths: "model-3"\n')
    assert tf.train.latest_checkpoint("ck") == "ck/model-3"
    s2 = tf.train.Saver()
    s2.recover_last_checkpoints(["ck/model-2", "ck/model-3"])
    assert s2.last_checkpoints == ["ck/model-2", "ck/model-3"]
    assert v is not None


def test_restore_errors(golden, tmp_path):
    prefix = os.path.join(golden, "dtypes/model")
    with tf.Graph().as_default():
        tf.Variable([1.0], name="missing")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            with pytest.raises(tf.errors.NotFoundError) as e:
                saver.restore(sess, prefix)
            assert e.value.message.startswith(
                "Restoring from checkpoint failed. This is most likely due to a Variable name or other "
                "graph key that is missing from the checkpoint. Please ensure that you have not "
                "altered the graph expected based on the checkpoint. Original error:\n\n"
                "Key missing not found in checkpoint")
            with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint: "):
                saver.restore(sess, str(tmp_path / "nothing"))
    with tf.Graph().as_default():
        tf.Variable([1, 2], name="f32")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError) as e:
                tf.train.Saver().restore(sess, prefix)
            assert "a mismatch between the current graph and the graph" in e.value.message
            assert "tensor_name = f32; expected dtype int32 does not equal original dtype float" \
                in e.value.message
    with tf.Graph().as_default():
        tf.Variable([1.0, 2.0, 3.0], name="f32_scalar")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError) as e:
                tf.train.Saver().restore(sess, prefix)
            assert "Assign requires shapes of both tensors to match. lhs shape= [3] rhs shape= []" \
                in e.value.message


def test_constructor_errors():
    with pytest.raises(ValueError, match="^No variables to save$"):
        tf.train.Saver()
    with tf.Session() as sess:
        assert tf.train.Saver(allow_empty=True).save(sess, "x", write_meta_graph=False) is None
    v = tf.Variable(1.0, name="v")
    with pytest.raises(TypeError, match="Name is not a string: 1"):
        tf.train.Saver({1: v})
    with pytest.raises(TypeError, match=r"Variable to save is not a Variable: Tensor\(\"Const"):
        tf.train.Saver([tf.constant(1.0)])
    with pytest.raises(ValueError, match="The same saveable will be restored with two names"):
        tf.train.Saver({"a": v, "b": v})
    with pytest.raises(ValueError, match="build cannot be deferred"):
        tf.train.Saver([v], defer_build=True)


def test_uninitialized_variable_save_fails(tmp_path):
    tf.Variable(1.0, name="u")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value u"):
            saver.save(sess, str(tmp_path / "m"))
    assert not os.path.exists(str(tmp_path / "m.index"))


def test_readers_and_inspect_checkpoint(golden):
    prefix = os.path.join(golden, "inference/model")
    r = tf.train.NewCheckpointReader(prefix)
    assert r.get_variable_to_shape_map() == {"W": [2, 1], "b": [1]}
    assert r.get_variable_to_dtype_map() == {"W": tf.float32, "b": tf.float32}
    assert r.has_tensor("W") and not r.has_tensor("x")
    assert r.debug_string() == b"W (DT_FLOAT) [2,1]\nb (DT_FLOAT) [1]\n"
    with pytest.raises(tf.errors.NotFoundError, match="^Key zz not found in checkpoint$"):
        r.get_tensor("zz")
    assert tf.train.list_variables(os.path.dirname(prefix)) == [("W", [2, 1]), ("b", [1])]
    assert tf.train.load_variable(prefix, "b").tolist() == [0.25]
    assert isinstance(tf.train.NewCheckpointReader(os.path.join(golden, "dtypes/model"))
                      .get_tensor("s_scalar"), bytes)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        tf.tools.inspect_checkpoint.print_tensors_in_checkpoint_file(prefix, None, True)
    assert out.getvalue() == ("tensor_name:  W\n[[ 1.5]\n [-2. ]]\ntensor_name:  b\n[0.25]\n"
                              "# Total number of params: 3\n")
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files for"):
        tf.train.NewCheckpointReader(prefix + "_missing")


def test_init_from_checkpoint(golden):
    with tf.variable_scope("net") if hasattr(tf, "variable_scope") else tf.name_scope("net/"):
        w = tf.Variable(tf.zeros([2, 1]), name="W")
    b = tf.Variable(tf.zeros([1]), name="bias")
    tf.train.init_from_checkpoint(os.path.join(golden, "inference"), {"/": "net/", "b": b})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(w).tolist() == [[1.5], [-2.0]]
        assert sess.run(b).tolist() == [0.25]


def test_graph_def_io_and_graph_util(tmp_path):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    y = tf.identity(tf.matmul(x, w), name="y")
    tf.identity(y, name="unused")
    g = tf.get_default_graph()
    path = tf.train.write_graph(g, str(tmp_path / "d"), "g.pbtxt")
    assert path == str(tmp_path / "d" / "g.pbtxt") and 'name: "y"' in open(path).read()
    tf.train.write_graph(g.as_graph_def(), str(tmp_path / "d"), "g.pb", as_text=False)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["y"])
    assert [(n.name, n.op) for n in frozen.node] == [
        ("x", "Placeholder"), ("w", "Const"), ("w/read", "Identity"), ("MatMul", "MatMul"),
        ("y", "Identity")]
    sub = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["w/read"])
    assert [n.name for n in sub.node] == ["w", "w/read"]
    with pytest.raises(TypeError, match="dest_nodes must be a list."):
        tf.graph_util.extract_sub_graph(g.as_graph_def(), "y")
    pruned = tf.graph_util.remove_training_nodes(frozen)
    assert [n.name for n in pruned.node] == ["x", "w", "MatMul"]
    assert list(pruned.node[2].input) == ["x", "w"]
    with tf.Graph().as_default():
        feed = tf.placeholder(tf.float32, [1, 2], name="feed")
        out, mm = tf.import_graph_def(frozen, input_map={"x:0": feed}, return_elements=["y:0", "MatMul"])
        assert out.name == "import/y:0" and mm.name == "import/MatMul"
        with tf.Session() as sess:
            assert sess.run(out, {feed: [[1.0, 1.0]]}).tolist() == [[3.0]]
        tf.import_graph_def(frozen, name="again")
        assert tf.get_default_graph().get_operation_by_name("again/y").type == "Identity"


def test_import_tensorflow_training_meta_graph_and_keep_training(golden):
    """TF's own training graph (gradients built by TF: BroadcastGradientArgs, Tile, ...) imports,
    restores, predicts TF's values and takes one more SGD step equal to the step computed by hand."""
    import json
    exp = json.load(open(os.path.join(golden, "trained/expected.json")))
    saver = tf.train.import_meta_graph(os.path.join(golden, "trained/model.ckpt-50.meta"))
    g = tf.get_default_graph()
    train_op = g.get_collection(tf.GraphKeys.TRAIN_OP)[0]
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(golden, "trained/model.ckpt-50"))
        pred = sess.run("y:0", {"x:0": values.PREDICT_X})
        sess.run(train_op, {"x:0": values.TRAIN_X, "y_:0": values.TRAIN_Y})
        w2, b2 = sess.run(["W:0", "b:0"])
    np.testing.assert_allclose(pred, exp["prediction"], rtol=1e-6)
    x, y = np.asarray(values.TRAIN_X, np.float64), np.asarray(values.TRAIN_Y, np.float64)
    w, b = np.asarray(exp["W"], np.float64), np.asarray(exp["b"], np.float64)
    err = x @ w + b - y
    np.testing.assert_allclose(w2, w - 0.1 * 2 * x.T @ err / len(x), rtol=1e-5)
    np.testing.assert_allclose(b2, b - 0.1 * 2 * err.mean(0), rtol=1e-5)


def test_tf1_meta_graph_loads_in_tensorflow(golden, tmp_path):
    """tf1_meta/ was written by tf1 (make_tf1_meta.py) and loaded by real TF (import_meta_graph +
    restore + run), whose output is tf1_meta/run_by_tf.txt:
        cd tests/golden/checkpoint && python3 make_tf1_meta.py && TF_CPP_MIN_LOG_LEVEL=2 \\
            /opt/tfvenv/bin/python load_tf1_meta.py > tf1_meta/run_by_tf.txt
    tf1 must still write that graph, and compute what TF computed from it."""
    import make_tf1_meta
    from tensorboard.compat.proto import meta_graph_pb2
    make_tf1_meta.write(str(tmp_path))

    def graph_of(path):
        m = meta_graph_pb2.MetaGraphDef()
        with open(path, "rb") as f:
            m.ParseFromString(f.read())
        return m.graph_def

    assert graph_of(str(tmp_path / "model.meta")) == graph_of(os.path.join(golden, "tf1_meta/model.meta"))
    hexval, rest = open(os.path.join(golden, "tf1_meta/run_by_tf.txt")).read().split(" ", 1)
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(str(tmp_path / "model.meta"))
        with tf.Session() as sess:
            saver.restore(sess, str(tmp_path / "model"))
            y = sess.run("y:0", {"x:0": make_tf1_meta.INPUT})
    np.testing.assert_allclose(y, np.frombuffer(bytes.fromhex(hexval), np.float32).reshape(2, 2), rtol=1e-6)
    assert rest.strip() == "[2, 2] ['y:0']"


def test_tensorflow_built_training_graph_trains_in_tf1(golden):
    """tf_training/ (make_tf_training.py, real TF): a conv/pool/dense graph whose gradients TF built
    from its own kernels (ReluGrad, MaxPoolGrad, AvgPoolGrad, BiasAddGrad, SigmoidGrad, TanhGrad,
    BroadcastGradientArgs). tf1 imports it, restores the pre-step checkpoint, runs TF's Adam and SGD
    train ops once each, and ends with TF's weights."""
    want = np.load(os.path.join(golden, "tf_training/after.npz"))
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(os.path.join(golden, "tf_training/model.meta"))
        g = tf.get_default_graph()
        with tf.Session() as sess:
            saver.restore(sess, os.path.join(golden, "tf_training/model"))
            feed = {"x:0": want["batch_x"], "y:0": want["batch_y"]}
            sess.run(g.get_operation_by_name("adam_step"), feed)
            sess.run(g.get_operation_by_name("sgd_step"), feed)
            got = {v.op.name: sess.run(v) for v in tf.trainable_variables()}
            loss = sess.run("loss:0", feed)
    assert sorted(got) == sorted(k for k in want.files if k not in ("batch_x", "batch_y", "loss"))
    for name, value in got.items():
        np.testing.assert_allclose(value, want[name], rtol=1e-4, atol=1e-6, err_msg=name)
    np.testing.assert_allclose(loss, want["loss"], rtol=1e-4)


def test_import_meta_graph_with_scope_restores(tmp_path):
    """import_meta_graph(import_scope=) derives the saver's scope from a variable name ("s/"), which
    TF's prepend_name_scope strips: the restore op is s/save/restore_all, not s//save/..."""
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0], name="v")
        tf.identity(v * 2, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default() as g:
        saver = tf.train.import_meta_graph(path + ".meta", import_scope="s")
        assert saver.saver_def.restore_op_name == "s/save/restore_all"
        assert g.get_operation_by_name("s/save/restore_all").type == "NoOp"
        with tf.Session() as sess:
            saver.restore(sess, path)
            np.testing.assert_array_equal(sess.run("s/y:0"), [2.0, 4.0])
