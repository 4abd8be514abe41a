"""SavedModels cross between tf1 and real TensorFlow (fixtures in tests/golden/saved_model/):

  tf_simple_save/   written by TF 2.21 (`tf.compat.v1.saved_model.simple_save`), make_tf_simple_save.py;
                    TF's own output through the signature in tf_simple_save.run_by_tf.txt.
  tf_assets/        written by TF's Builder (two meta graphs, an asset, a main_op), make_tf_assets.py;
                    TF's outputs and the loaded asset path in tf_assets.run_by_tf.json.
  tf1_builder/, tf1_text/, tf1_simple_save/, tf1_assets/
                    written by tf1 (make_tf1_saved_model.py) and loaded by TF
                    (load_tf1_saved_model.py), whose outputs and view of saved_model.pb (parsed as
                    TF's SavedModel proto) are tf1_saved_model.run_by_tf.json.
"""
import json
import os
import shutil
import sys

import numpy as np
import pytest

import tf1 as tf
from tf1.formats.saved_model_proto import SavedModel

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "saved_model")
sys.path.insert(0, GOLDEN)
import make_tf1_saved_model  # noqa: E402

INPUT = make_tf1_saved_model.INPUT


def _hex_to_array(hexval, shape):
    return np.frombuffer(bytes.fromhex(hexval), np.float32).reshape(shape)


@pytest.fixture(scope="module")
def tf_runs():
    with open(os.path.join(GOLDEN, "tf1_saved_model.run_by_tf.json")) as f:
        return json.load(f)


ALL_TF1 = ["tf1_builder", "tf1_text", "tf1_simple_save", "tf1_assets"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """make_tf1_saved_model's SavedModels, written by tf1 now (the asset source path is relative,
    as in the fixture, so the graphs match)."""
    root = tmp_path_factory.mktemp("sm")
    make_tf1_saved_model.write_builder(str(root / "tf1_builder"))
    make_tf1_saved_model.write_builder(str(root / "tf1_text"), as_text=True)
    make_tf1_saved_model.write_simple_save(str(root / "tf1_simple_save"))
    shutil.copytree(os.path.join(GOLDEN, "assets_src"), str(root / "assets_src"))
    cwd = os.getcwd()
    os.chdir(str(root))
    try:
        make_tf1_saved_model.write_assets("tf1_assets")
    finally:
        os.chdir(cwd)
    return root


def _parse(export_dir):
    from tf1.saved_model_impl.loader import parse_saved_model
    sm = parse_saved_model(export_dir)
    for mg in sm.meta_graphs:  # the version stamp is tf1's, not part of what the fixture pins
        mg.meta_info_def.ClearField("tensorflow_version")
        mg.meta_info_def.ClearField("tensorflow_git_version")
    return sm


def _run(export_dir, tags):
    out = {}
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, tags, export_dir)
            for key, sig in sorted(mg.signature_def.items()):
                if "x" not in sig.inputs:
                    continue
                for name, info in sorted(sig.outputs.items()):
                    out["%s/%s" % (key, name)] = sess.run(info.name, {sig.inputs["x"].name: INPUT})
            if any(op.name == "vocab_path" for op in sess.graph.get_operations()):
                out["vocab_path"] = os.path.relpath(sess.run("vocab_path:0").decode(), export_dir)
    return out


def _tensor_info(info):
    return {"name": info.name, "dtype": tf.as_dtype(info.dtype).name,
            "shape": None if info.tensor_shape.unknown_rank else [d.size for d in info.tensor_shape.dim]}


def _structure(sm):
    """load_tf1_saved_model.structure(), from tf1's side."""
    graphs = []
    for mg in sm.meta_graphs:
        sd = mg.saver_def
        graphs.append({
            "tags": list(mg.meta_info_def.tags),
            "saver_def": [sd.filename_tensor_name, sd.save_tensor_name, sd.restore_op_name,
                          sd.sharded, sd.version],
            "collections": sorted(mg.collection_def),
            "signatures": {k: {"method_name": s.method_name,
                               "inputs": {i: _tensor_info(v) for i, v in s.inputs.items()},
                               "outputs": {o: _tensor_info(v) for o, v in s.outputs.items()}}
                           for k, s in mg.signature_def.items()}})
    return {"schema_version": sm.saved_model_schema_version, "meta_graphs": graphs}


# ------------------------------------------------------------------- TF writes, tf1 loads

def test_tensorflow_simple_save_loads_in_tf1():
    line = open(os.path.join(GOLDEN, "tf_simple_save.run_by_tf.txt")).read().strip()
    hexval, rest = line.split(" ", 1)
    assert rest.endswith("x:0 y:0")
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING],
                                            os.path.join(GOLDEN, "tf_simple_save"))
            sig = mg.signature_def[tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
            assert sig.method_name == tf.saved_model.signature_constants.PREDICT_METHOD_NAME
            x = tf.saved_model.utils.get_tensor_from_tensor_info(sig.inputs["x"])
            y = tf.saved_model.utils.get_tensor_from_tensor_info(sig.outputs["y"])
            assert (x.name, y.name) == ("x:0", "y:0")
            got = sess.run(y, {x: INPUT})
            # TF's sharded Saver graph (ShardedFilename, MergeV2Checkpoints) came in with the model.
            assert sess.graph.get_operation_by_name("save/MergeV2Checkpoints").type == "MergeV2Checkpoints"
    assert list(mg.meta_info_def.tags) == ["serve"]
    np.testing.assert_allclose(got, _hex_to_array(hexval, (2, 2)), rtol=1e-6)


@pytest.mark.parametrize("tags,key", [(["serve"], "serving_default"), (["train"], "predict")])
def test_tensorflow_builder_model_with_assets_loads_in_tf1(tags, key):
    """TF's Builder output: each tag set loads its own meta graph; the SERVING one's main_op runs
    with the asset tensor fed the asset's path inside the export directory."""
    with open(os.path.join(GOLDEN, "tf_assets.run_by_tf.json")) as f:
        want = json.load(f)[",".join(tags)]
    export_dir = os.path.join(GOLDEN, "tf_assets")
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.load(sess, tags, export_dir)
            sig = mg.signature_def[key]
            got = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: INPUT})
            if "vocab_path" in want:
                path = sess.run("vocab_path:0").decode()
                assert os.path.relpath(path, export_dir) == want["vocab_path"]
                assert open(path).read() == "alpha\nbeta\ngamma\n"
            else:
                assert not any(op.name == "vocab_path" for op in sess.graph.get_operations())
    assert list(mg.meta_info_def.tags) == tags
    assert sorted(mg.collection_def) == want["collections"]
    np.testing.assert_allclose(got, _hex_to_array(want["y"][0], want["y"][1]), rtol=1e-6)


# ------------------------------------------------------------------- tf1 writes, TF loads

@pytest.mark.parametrize("name", ALL_TF1)
def test_tf1_writes_the_saved_model_tensorflow_loaded(written, name):
    """The committed fixture TF loaded is what tf1 writes now (graphs, signatures, variables)."""
    assert _parse(str(written / name)) == _parse(os.path.join(GOLDEN, name))
    from tf1.formats.tensor_bundle import BundleReader
    new = BundleReader(str(written / name / "variables" / "variables"))
    old = BundleReader(os.path.join(GOLDEN, name, "variables", "variables"))
    assert new.keys() == old.keys() == ["b", "w"]
    for key in new.keys():
        np.testing.assert_array_equal(new.lookup(key), old.lookup(key))


@pytest.mark.parametrize("name,tags", [("tf1_builder", ["serve"]), ("tf1_builder", ["train"]),
                                       ("tf1_text", ["serve"]), ("tf1_text", ["train"]),
                                       ("tf1_simple_save", ["serve"]), ("tf1_assets", ["serve"])])
def test_tf1_saved_model_computes_what_tensorflow_computed_from_it(written, tf_runs, name, tags):
    want = tf_runs[name]["runs"][",".join(tags)]
    got = _run(str(written / name), tags)
    assert sorted(got) == sorted(want) and want
    if "vocab_path" in want:  # the init op ran with the asset's path in this directory fed
        assert got.pop("vocab_path") == want.pop("vocab_path") == "assets/vocab.txt"
        assert open(str(written / name / "assets" / "vocab.txt")).read() == "alpha\nbeta\ngamma\n"
    for key, (hexval, shape) in want.items():
        assert list(got[key].shape) == shape
        np.testing.assert_allclose(got[key], _hex_to_array(hexval, shape), rtol=1e-6, err_msg=key)


@pytest.mark.parametrize("name", ALL_TF1)
def test_tf1_saved_model_proto_parses_as_tensorflow_reads_it(written, tf_runs, name):
    """TF parsed the fixture's saved_model.pb(txt) with its own SavedModel proto; tf1's view of the
    file it writes now is the same: schema version, tags, SaverDef, collections, signatures."""
    assert _structure(_parse(str(written / name))) == tf_runs[name]["structure"]


def test_tf1_simple_save_signature_is_tensorflows(written):
    """tf1's simple_save of make_tf_simple_save.py's model: the same signature map, tags,
    collections and restore entry points as the SavedModel TF wrote for that model."""
    ours = _parse(str(written / "tf1_simple_save")).meta_graphs[0]
    theirs = _parse(os.path.join(GOLDEN, "tf_simple_save")).meta_graphs[0]
    assert dict(ours.signature_def) == dict(theirs.signature_def)
    assert list(ours.meta_info_def.tags) == list(theirs.meta_info_def.tags) == ["serve"]
    assert sorted(ours.collection_def) == sorted(theirs.collection_def)
    for field in ("filename_tensor_name", "restore_op_name", "sharded", "version", "max_to_keep",
                  "keep_checkpoint_every_n_hours"):
        assert getattr(ours.saver_def, field) == getattr(theirs.saver_def, field), field
    # Devices cleared, as simple_save asks.
    assert all(not n.device for n in ours.graph_def.node)
    with open(os.path.join(GOLDEN, "tf_simple_save", "saved_model.pb"), "rb") as f:
        sm = SavedModel.FromString(f.read())
    assert sm.saved_model_schema_version == 1 and len(sm.meta_graphs) == 1
