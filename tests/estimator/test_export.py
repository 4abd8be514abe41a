"""Estimator.export_saved_model: tf1 writes the exports of write_tf1_exports.py again and serves each
signature with its own loader; the signatures and outputs must be those real TensorFlow read and
served from the committed fixtures (tests/golden/estimator/tf1_exports.run_by_tf.json, made by
load_tf1_exports.py). Also the receivers', export outputs' and export directory's behaviour."""
import base64
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "estimator")
sys.path.insert(0, GOLDEN_DIR)
import write_tf1_exports  # noqa: E402

RUN_BY_TF = json.load(open(os.path.join(GOLDEN_DIR, "tf1_exports.run_by_tf.json")))
EXAMPLES = [base64.b64decode(e) for e in RUN_BY_TF["examples"]]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    return {name: write_tf1_exports.export(name, str(root / name / "export"), str(root))
            for name in write_tf1_exports.NAMES}


def _tensor_info(info):
    return {"name": info.name, "dtype": tf.as_dtype(info.dtype).name,
            "shape": None if info.tensor_shape.unknown_rank else [d.size for d in info.tensor_shape.dim]}


def _decode(value):
    value = np.asarray(value)
    if value.dtype == object:
        return np.vectorize(lambda b: b.decode(), otypes=[object])(value).tolist()
    return value


@pytest.mark.parametrize("name", write_tf1_exports.NAMES)
def test_export_serves_what_tf_served(exports, name):
    want = RUN_BY_TF["exports"][name]
    with tf.Session(graph=tf.Graph()) as sess:
        meta_graph = tf.saved_model.loader.load(sess, ["serve"], exports[name])
        signatures = {key: {"method_name": sig.method_name,
                            "inputs": {k: _tensor_info(v) for k, v in sig.inputs.items()},
                            "outputs": {k: _tensor_info(v) for k, v in sig.outputs.items()}}
                      for key, sig in meta_graph.signature_def.items()}
        # Static shapes may be more precise in TF (its Tile infers [?, n_classes]); names, dtypes and
        # ranks must agree.
        assert sorted(signatures) == sorted(want["signatures"])
        for key, sig in signatures.items():
            assert sig["method_name"] == want["signatures"][key]["method_name"], key
            for part in ("inputs", "outputs"):
                assert sorted(sig[part]) == sorted(want["signatures"][key][part]), (key, part)
                for k, info in sig[part].items():
                    expected = want["signatures"][key][part][k]
                    assert (info["name"], info["dtype"]) == (expected["name"], expected["dtype"]), (key, k)
                    assert len(info["shape"]) == len(expected["shape"]), (key, k)
        for key, sig in meta_graph.signature_def.items():
            feeds = {info.name: EXAMPLES if info.dtype == tf.string.as_datatype_enum else RUN_BY_TF["raw"][k]
                     for k, info in sig.inputs.items()}
            got = sess.run({k: v.name for k, v in sig.outputs.items()}, feeds)
            for k, value in got.items():
                expected = want["outputs"][key][k]
                if np.asarray(value).dtype == object:
                    assert _decode(value) == expected, (key, k)
                else:
                    np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-6, err_msg="%s %s" % (key, k))


def test_export_directory(tmp_path):
    est = tf.estimator.Estimator(write_tf1_exports._custom_model_fn, model_dir=str(tmp_path / "model"))
    receiver_fn = write_tf1_exports._raw()
    with pytest.raises(ValueError, match="Couldn't find trained model at"):
        est.export_saved_model(str(tmp_path / "export"), receiver_fn)
    ckpt = write_tf1_exports.write_checkpoint(est, receiver_fn, str(tmp_path / "ckpt" / "model.ckpt"), 0)
    extra = tmp_path / "notes.txt"
    extra.write_text("hello")
    path = est.export_savedmodel(str(tmp_path / "export"), receiver_fn, checkpoint_path=ckpt,
                                 assets_extra={"sub/notes.txt": str(extra)})
    assert isinstance(path, bytes)
    base, version = os.path.split(path.decode())
    assert len(version) == 10 and version.isdigit()
    assert os.listdir(base) == [version]  # the temp-<version> directory was renamed
    assert sorted(os.listdir(path)) == [b"assets.extra", b"saved_model.pb", b"variables"]
    assert open(os.path.join(path.decode(), "assets.extra", "sub", "notes.txt")).read() == "hello"


def test_serving_input_receivers():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2])
        receiver = tf.estimator.export.ServingInputReceiver(x, x)
        assert receiver.features == {"feature": x} and receiver.receiver_tensors == {"input": x}
        receiver = tf.estimator.export.TensorServingInputReceiver(x, {"x": x})
        assert receiver.features is x
        with pytest.raises(ValueError, match="feature must be a Tensor or SparseTensor"):
            tf.estimator.export.TensorServingInputReceiver([1.0], {"x": x})
        with pytest.raises(ValueError, match="receiver_tensor keys must be strings: 1"):
            tf.estimator.export.ServingInputReceiver({"a": x}, {1: x})
        with pytest.raises(ValueError, match="features must be defined"):
            tf.estimator.export.ServingInputReceiver(None, x)
        raw = tf.estimator.export.build_raw_serving_input_receiver_fn({"x": x}, default_batch_size=4)()
        assert raw.receiver_tensors["x"].shape.as_list() == [4, 2]
        assert raw.receiver_tensors["x"].op.name == x.op.name + "_1"  # a placeholder named as the feature's op


def test_export_outputs():
    eo = tf.estimator.export
    with tf.Graph().as_default():
        scores = tf.placeholder(tf.float32, [None, 2])
        with pytest.raises(ValueError, match="Classification scores must be a float32 Tensor"):
            eo.ClassificationOutput(scores=tf.placeholder(tf.int32))
        with pytest.raises(ValueError, match="Classification classes must be a string Tensor"):
            eo.ClassificationOutput(classes=scores)
        with pytest.raises(ValueError, match="At least one of scores and classes must be set"):
            eo.ClassificationOutput()
        with pytest.raises(ValueError, match="Regression output value must be a float32 Tensor"):
            eo.RegressionOutput(tf.placeholder(tf.int64))
        assert list(eo.PredictOutput(scores).outputs) == ["output"]
        assert list(eo.PredictOutput({("a", "b"): scores}).outputs) == ["a/b"]
        # Classify/regress signatures need one string input: with another input they are left out.
        sig = eo.ClassificationOutput(scores=scores).as_signature_def(
            {"examples": tf.placeholder(tf.string, [None])})
        assert sig.method_name == "tensorflow/serving/classify" and list(sig.inputs) == ["inputs"]
        with pytest.raises(ValueError, match="Classification input must be a single string Tensor"):
            eo.ClassificationOutput(scores=scores).as_signature_def({"x": scores})


def test_export_leaves_out_signatures_tf_serving_cannot_serve(tmp_path):
    def model_fn(features, mode):
        y = tf.layers.dense(features["x"], 1, kernel_initializer=tf.ones_initializer())
        outputs = {"serving_default": tf.estimator.export.PredictOutput({"y": y}),
                   "regression": tf.estimator.export.RegressionOutput(y)}
        return tf.estimator.EstimatorSpec(mode, predictions={"y": y}, export_outputs=outputs)

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path / "model"))
    receiver_fn = write_tf1_exports._raw()
    ckpt = write_tf1_exports.write_checkpoint(est, receiver_fn, str(tmp_path / "ckpt" / "model.ckpt"), 0)
    path = est.export_saved_model(str(tmp_path / "export"), receiver_fn, checkpoint_path=ckpt)
    with tf.Session(graph=tf.Graph()) as sess:
        meta_graph = tf.saved_model.loader.load(sess, ["serve"], path)
        assert sorted(meta_graph.signature_def) == ["serving_default"]


def test_multiple_export_outputs_need_a_default():
    from tf1.estimator_impl.saved_model_export import get_export_outputs
    with tf.Graph().as_default():
        y = tf.constant([[1.0]])
        outputs = get_export_outputs({"only": tf.estimator.export.PredictOutput(y)}, None)
        assert sorted(outputs) == ["only", "serving_default"]
        with pytest.raises(ValueError, match="Multiple export_outputs were provided, but none of them is specified"):
            get_export_outputs({"a": tf.estimator.export.PredictOutput(y),
                                "b": tf.estimator.export.PredictOutput(y)}, None)


def test_receiver_alternatives_add_signatures(tmp_path):
    def model_fn(features, mode):
        y = tf.layers.dense(features["x"], 1)
        return tf.estimator.EstimatorSpec(mode, predictions={"y": y},
                                          export_outputs={"reg": tf.estimator.export.RegressionOutput(y),
                                                          "serving_default": tf.estimator.export.PredictOutput(y)})

    def receiver_fn():
        examples = tf.placeholder(tf.string, [None], name="examples")
        x = tf.parse_example(examples, {"x": tf.FixedLenFeature([2], tf.float32)})["x"]
        raw = tf.placeholder(tf.float32, [None, 2], name="raw_x")
        return tf.estimator.export.ServingInputReceiver({"x": x}, {"examples": examples},
                                                        receiver_tensors_alternatives={"raw": {"x": raw}})

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path / "model"))
    ckpt = write_tf1_exports.write_checkpoint(est, receiver_fn, str(tmp_path / "ckpt" / "model.ckpt"), 0)
    path = est.export_saved_model(str(tmp_path / "export"), receiver_fn, checkpoint_path=ckpt)
    with tf.Session(graph=tf.Graph()) as sess:
        signatures = tf.saved_model.loader.load(sess, ["serve"], path).signature_def
        # Each output again with the alternative receiver ("raw:<output>"), except the regress one,
        # which needs a single string input.
        assert sorted(signatures) == ["raw:serving_default", "reg", "serving_default"]
        assert signatures["reg"].method_name == "tensorflow/serving/regress"
        assert list(signatures["raw:serving_default"].inputs) == ["x"]
        assert signatures["raw:serving_default"].inputs["x"].name == "raw_x:0"
        assert list(signatures["raw:serving_default"].outputs) == ["output"]
