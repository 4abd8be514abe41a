"""tf.saved_model's builder / loader / signature API: TF 1.15's names, constants, errors and
bookkeeping. Constants and names are checked against tests/golden/saved_model/tf_names.json
(dump_tf_names.py, real TF); error texts are TF 1.15's (builder_impl.py, loader_impl.py,
signature_def_utils_impl.py)."""
import json
import os

import numpy as np
import pytest
from tensorboard.compat.proto import meta_graph_pb2, types_pb2

import tf1 as tf
from tf1.framework.tensor_conversion import make_op
from tf1.formats import tensor_bundle

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "saved_model")


def _model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    v = tf.Variable([[1.0], [2.0]], name="v")
    y = tf.matmul(x, v, name="y")
    return x, v, y


def _save(export_dir, **kwargs):
    with tf.Graph().as_default():
        x, v, y = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y}, **kwargs)


# ------------------------------------------------------------------------------ names

def test_constants_and_names_are_tensorflows():
    with open(os.path.join(GOLDEN, "tf_names.json")) as f:
        want = json.load(f)
    for name, value in want["top"].items():
        assert getattr(tf.saved_model, name) == value, name
    for module, names in want.items():
        if module == "top":
            continue
        ns = getattr(tf.saved_model, module)
        for name, value in names.items():
            if name == "MethodNameUpdater":  # a TF 2 addition, not in 1.15
                continue
            got = getattr(ns, name)
            assert got == value if value != "<callable>" else callable(got), (module, name)
    assert tf.saved_model.Builder is tf.saved_model.builder.SavedModelBuilder
    assert tf.saved_model.load is tf.saved_model.loader.load


# ------------------------------------------------------------------------------ builder

def test_existing_nonempty_export_dir_is_refused(tmp_path):
    (tmp_path / "junk").write_text("x")
    with pytest.raises(AssertionError) as e:
        tf.saved_model.builder.SavedModelBuilder(str(tmp_path))
    assert str(e.value) == (
        "Export directory already exists, and isn't empty. Please choose a different export "
        "directory, or delete all the contents of the specified directory: %s" % tmp_path)


def test_existing_empty_export_dir_is_used_and_save_returns_bytes_path(tmp_path):
    builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path))
    with tf.Graph().as_default():
        _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder.add_meta_graph_and_variables(sess, ["foo"])
    path = builder.save()
    assert path == os.path.join(str(tmp_path), "saved_model.pb").encode()
    assert sorted(os.listdir(tmp_path)) == ["saved_model.pb", "variables"]
    # No `checkpoint` state file: only the bundle.
    assert sorted(os.listdir(tmp_path / "variables")) == ["variables.data-00000-of-00001",
                                                           "variables.index"]
    assert tf.saved_model.loader.maybe_saved_model_directory(str(tmp_path))
    assert not tf.saved_model.maybe_saved_model_directory(str(tmp_path / "variables"))


def test_builder_call_order_is_enforced(tmp_path):
    builder = tf.saved_model.Builder(str(tmp_path / "m"))
    with tf.Graph().as_default():
        _model()
        with pytest.raises(AssertionError, match=r"^Graph state including variables and assets has "
                           r"not been saved yet. Please invoke `add_meta_graph_and_variables\(\)` first.$"):
            builder.add_meta_graph(["foo"])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder.add_meta_graph_and_variables(sess, ["foo"])
            with pytest.raises(AssertionError, match=r"^Graph state including variables and assets "
                               r"has already been saved. Please invoke `add_meta_graph\(\)` instead.$"):
                builder.add_meta_graph_and_variables(sess, ["bar"])
        builder.add_meta_graph(["bar"])
    builder.save()
    from tf1.saved_model_impl.loader import parse_saved_model
    sm = parse_saved_model(str(tmp_path / "m"))
    assert [list(m.meta_info_def.tags) for m in sm.meta_graphs] == [["foo"], ["bar"]]
    # Each meta graph got its own Saver (the second in scope save_1), as TF's builder does.
    assert [m.saver_def.restore_op_name for m in sm.meta_graphs] == ["save/restore_all",
                                                                     "save_1/restore_all"]


def test_signature_map_is_validated(tmp_path):
    builder = tf.saved_model.Builder(str(tmp_path / "m"))
    with tf.Graph().as_default():
        x, v, y = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(KeyError) as e:
                builder.add_meta_graph_and_variables(
                    sess, ["foo"], signature_def_map={"__saved_model_init_op":
                                                      tf.saved_model.predict_signature_def({"x": x}, {"y": y})})
            assert e.value.args[0] == ('SignatureDef map key "__saved_model_init_op" is reserved for '
                                       'initialization. Please use a different key.')
            no_dtype = tf.saved_model.build_signature_def(
                {"x": meta_graph_pb2.TensorInfo(name="x:0")}, {}, "m")
            with pytest.raises(AssertionError, match="must have the dtype field set"):
                builder.add_meta_graph_and_variables(sess, ["foo"], signature_def_map={"s": no_dtype})
            no_name = tf.saved_model.build_signature_def(
                {"x": meta_graph_pb2.TensorInfo(dtype=types_pb2.DT_FLOAT)}, {}, "m")
            with pytest.raises(AssertionError, match="must have one of the 'encoding' fields"):
                builder.add_meta_graph_and_variables(sess, ["foo"], signature_def_map={"s": no_name})


def test_main_op_must_be_an_operation_and_unique(tmp_path):
    with tf.Graph().as_default():
        x, v, y = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(TypeError, match="main_op needs to be an Operation"):
                tf.saved_model.Builder(str(tmp_path / "a")).add_meta_graph_and_variables(
                    sess, ["foo"], legacy_init_op=y)
            with pytest.raises(TypeError, match="as a Python `bool` is not allowed"):
                # TF's `main_op or legacy_init_op` tests a Tensor's truth, which raises.
                tf.saved_model.Builder(str(tmp_path / "a2")).add_meta_graph_and_variables(
                    sess, ["foo"], main_op=y)
            tf.add_to_collection("legacy_init_op", tf.no_op())
            with pytest.raises(ValueError) as e:
                tf.saved_model.Builder(str(tmp_path / "b")).add_meta_graph_and_variables(
                    sess, ["foo"], main_op=tf.no_op())
            assert str(e.value) == ("Graph already contains one or more main ops under the "
                                    "collection legacy_init_op.")


def test_as_text_round_trips(tmp_path):
    export_dir = str(tmp_path / "m")
    builder = tf.saved_model.Builder(export_dir)
    with tf.Graph().as_default():
        x, v, y = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder.add_meta_graph_and_variables(
                sess, ["foo", "bar"], {"s": tf.saved_model.predict_signature_def({"x": x}, {"y": y})})
    assert builder.save(as_text=True).endswith(b"saved_model.pbtxt")
    text = open(os.path.join(export_dir, "saved_model.pbtxt")).read()
    assert text.startswith("saved_model_schema_version: 1\nmeta_graphs {\n")
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.load(sess, ["bar", "foo"], export_dir)  # tag order is free
            out = sess.run(mg.signature_def["s"].outputs["y"].name, {"x:0": [[1.0, 1.0]]})
    np.testing.assert_allclose(out, [[3.0]])


def test_variables_are_restored_not_reinitialised(tmp_path):
    export_dir = str(tmp_path / "m")
    with tf.Graph().as_default():
        x, v, y = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign(v, [[5.0], [7.0]]))
            tf.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y})
    with tf.Graph().as_default():
        with tf.Session() as sess:
            tf.saved_model.loader.load(sess, ["serve"], export_dir)
            np.testing.assert_allclose(sess.run("v:0"), [[5.0], [7.0]])
            assert [t.name for t in tf.global_variables()] == ["v:0"]


def test_import_scope(tmp_path):
    export_dir = str(tmp_path / "m")
    _save(export_dir)
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, ["serve"], export_dir, import_scope="imported")
            sig = mg.signature_def["serving_default"]
            assert sig.inputs["x"].name == "x:0"  # the returned proto is not rescoped
            y = tf.saved_model.utils.get_tensor_from_tensor_info(sig.outputs["y"], import_scope="imported")
            assert y.name == "imported/y:0"
            np.testing.assert_allclose(sess.run(y, {"imported/x:0": [[1.0, 1.0]]}), [[3.0]])


# ------------------------------------------------------------------------------ loader errors

def test_missing_tags_raise_tensorflows_runtime_error(tmp_path):
    export_dir = str(tmp_path / "m")
    _save(export_dir)
    with tf.Graph().as_default():
        with tf.Session() as sess:
            with pytest.raises(RuntimeError) as e:
                tf.saved_model.loader.load(sess, ["foo", "bar"], export_dir)
    assert str(e.value) == (
        "MetaGraphDef associated with tags 'foo', 'bar' could not be found in SavedModel. To "
        "inspect available tag-sets in the SavedModel, please use the SavedModel CLI: "
        "`saved_model_cli`\navailable_tags: [{'serve'}]")


def test_missing_or_damaged_saved_model_file(tmp_path):
    with tf.Graph().as_default():
        with tf.Session() as sess:
            with pytest.raises(IOError) as e:
                tf.saved_model.loader.load(sess, ["serve"], str(tmp_path))
            assert str(e.value) == "SavedModel file does not exist at: %s/{saved_model.pbtxt|saved_model.pb}" \
                % tmp_path
            (tmp_path / "saved_model.pb").write_bytes(b"\xff\xff\xff")
            with pytest.raises(IOError, match="^Cannot parse file %s" % (tmp_path / "saved_model.pb")):
                tf.saved_model.loader.load(sess, ["serve"], str(tmp_path))


# ------------------------------------------------------------------------------ signatures

def test_tensor_info_round_trip_dense_and_sparse():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.int32, [None, 4], name="ids")
        info = tf.saved_model.utils.build_tensor_info(x)
        assert info == meta_graph_pb2.TensorInfo(
            name="ids:0", dtype=types_pb2.DT_INT32,
            tensor_shape={"dim": [{"size": -1}, {"size": 4}]})
        assert tf.saved_model.utils.get_tensor_from_tensor_info(info) is x
        sp = tf.SparseTensor([[0, 1]], [2.0], [3, 4])
        sinfo = tf.saved_model.build_tensor_info(sp)
        assert sinfo.WhichOneof("encoding") == "coo_sparse"
        assert sinfo.coo_sparse.values_tensor_name == sp.values.name
        back = tf.saved_model.get_tensor_from_tensor_info(sinfo, graph=g)
        assert (back.indices, back.values, back.dense_shape) == (sp.indices, sp.values, sp.dense_shape)
        unknown = tf.saved_model.utils.build_tensor_info(tf.placeholder(tf.float32, name="u"))
        assert unknown.tensor_shape.unknown_rank


def test_signature_builders_and_their_errors():
    with tf.Graph().as_default():
        examples = tf.placeholder(tf.string, [None], name="examples")
        scores = tf.placeholder(tf.float32, [None, 3], name="scores")
        classes = tf.placeholder(tf.string, [None, 3], name="classes")
        pred = tf.placeholder(tf.float32, [None, 1], name="pred")
        sdu = tf.saved_model.signature_def_utils
        c = sdu.classification_signature_def(examples, classes, scores)
        assert c.method_name == "tensorflow/serving/classify"
        assert sorted(c.outputs) == ["classes", "scores"] and list(c.inputs) == ["inputs"]
        r = sdu.regression_signature_def(examples, pred)
        assert (r.method_name, list(r.outputs)) == ("tensorflow/serving/regress", ["outputs"])
        p = sdu.predict_signature_def({"a": scores}, {"b": pred})
        assert all(sdu.is_valid_signature(s) for s in (c, r, p))
        assert not sdu.is_valid_signature(sdu.build_signature_def({}, {}, "tensorflow/serving/predict"))
        # A regress method with classify outputs is not servable.
        assert not sdu.is_valid_signature(sdu.build_signature_def(r.inputs, c.outputs, r.method_name))
        cases = [
            (lambda: sdu.predict_signature_def({}, {"b": pred}), "Prediction inputs cannot be None or empty."),
            (lambda: sdu.predict_signature_def({"a": scores}, None), "Prediction outputs cannot be None or empty."),
            (lambda: sdu.classification_signature_def(scores, None, scores),
             "Classification examples must be a string Tensor."),
            (lambda: sdu.classification_signature_def(examples, None, None),
             "Classification classes and scores cannot both be None."),
            (lambda: sdu.classification_signature_def(examples, scores, None),
             "Classification classes must be a string Tensor."),
            (lambda: sdu.classification_signature_def(examples, None, classes),
             "Classification scores must be a float Tensor."),
            (lambda: sdu.regression_signature_def(None, pred), "Regression examples cannot be None."),
            (lambda: sdu.regression_signature_def(examples, classes), "Regression output must be a float Tensor."),
        ]
        for fn, message in cases:
            with pytest.raises(ValueError) as e:
                fn()
            assert str(e.value) == message


def test_main_op_initialises_locals_after_restore(tmp_path):
    export_dir = str(tmp_path / "m")
    with tf.Graph().as_default():
        x, v, y = _model()
        tf.Variable(7, name="counter", trainable=False,
                              collections=[tf.GraphKeys.LOCAL_VARIABLES])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y},
                                       legacy_init_op=tf.saved_model.main_op.main_op())
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, ["serve"], export_dir)
            assert sess.run("counter:0") == 7
            assert list(mg.collection_def["saved_model_main_op"].node_list.value) == ["group_deps"]


# ------------------------------------------------------------------------------ sharded save ops

def test_sharded_filename_and_merge_v2_checkpoints(tmp_path):
    """The ops of TF's sharded Saver graph: shard names, and merging shard bundles into one."""
    tensor_bundle.write_bundle(str(tmp_path / "tmp" / "part-00000-of-00002"),
                               [("a", tf.float32, np.array([1.0, 2.0], np.float32))])
    tensor_bundle.write_bundle(str(tmp_path / "tmp" / "part-00001-of-00002"),
                               [("b", tf.string, np.array([b"x", b"yz"], dtype=object))])
    with tf.Graph().as_default():
        names = [make_op("ShardedFilename", [tf.constant(str(tmp_path / "tmp" / "part")),
                                             tf.constant(i), tf.constant(2)], {}).outputs[0]
                 for i in range(2)]
        merge = make_op("MergeV2Checkpoints", [tf.stack(names), tf.constant(str(tmp_path / "merged"))],
                        {"delete_old_dirs": True})
        with tf.Session() as sess:
            assert sess.run(names[1]) == str(tmp_path / "tmp" / "part-00001-of-00002").encode()
            sess.run(merge)
    assert sorted(os.listdir(tmp_path)) == ["merged.data-00000-of-00001", "merged.index"]
    reader = tensor_bundle.BundleReader(str(tmp_path / "merged"))
    assert reader.keys() == ["a", "b"]
    np.testing.assert_array_equal(reader.lookup("a"), [1.0, 2.0])
    assert list(reader.lookup("b")) == [b"x", b"yz"]
