"""Loads the SavedModels tf1 wrote (make_tf1_saved_model.py) with real TensorFlow and records, as
JSON in tf1_saved_model.run_by_tf.json:

  - for each directory and tag set: `tf.compat.v1.saved_model.loader.load`, then each signature's
    outputs run through its tensor names on INPUT (hex float32 bytes + shape), and where the graph
    has one, the `vocab_path` variable the init op set from the asset (relative to the directory);
  - saved_model.pb parsed as TF's own `saved_model_pb2.SavedModel`: schema version, and per meta
    graph its tags, SaverDef, collection keys and the signatures (method, tensor names, dtypes,
    shapes) as TF reads them.

Command (from the repository root):
    cd tests/golden/saved_model && TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python \
        load_tf1_saved_model.py > tf1_saved_model.run_by_tf.json
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import text_format
from tensorflow.core.protobuf import saved_model_pb2

tf.disable_v2_behavior()
os.chdir(os.path.dirname(os.path.abspath(__file__)))
INPUT = [[1.0, 2.0, 0.5], [0.5, 1.0, 2.0]]


def tensor_info(info):
    return {"name": info.name, "dtype": tf.as_dtype(info.dtype).name,
            "shape": None if info.tensor_shape.unknown_rank else [d.size for d in info.tensor_shape.dim]}


def structure(export_dir):
    sm = saved_model_pb2.SavedModel()
    pb = os.path.join(export_dir, "saved_model.pb")
    if os.path.exists(pb):
        with open(pb, "rb") as f:
            sm.ParseFromString(f.read())
    else:
        with open(os.path.join(export_dir, "saved_model.pbtxt")) as f:
            text_format.Parse(f.read(), sm)
    graphs = []
    for mg in sm.meta_graphs:
        sd = mg.saver_def
        graphs.append({
            "tags": list(mg.meta_info_def.tags),
            "saver_def": [sd.filename_tensor_name, sd.save_tensor_name, sd.restore_op_name,
                          sd.sharded, sd.version],
            "collections": sorted(mg.collection_def),
            "signatures": {k: {"method_name": s.method_name,
                               "inputs": {i: tensor_info(v) for i, v in s.inputs.items()},
                               "outputs": {o: tensor_info(v) for o, v in s.outputs.items()}}
                           for k, s in mg.signature_def.items()}})
    return {"schema_version": sm.saved_model_schema_version, "meta_graphs": graphs}


def run(export_dir, tags):
    out = {}
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, tags, export_dir)
            for key, sig in sorted(mg.signature_def.items()):
                if "x" not in sig.inputs:
                    continue
                for name, info in sorted(sig.outputs.items()):
                    value = np.asarray(sess.run(info.name, {sig.inputs["x"].name: INPUT}), np.float32)
                    out["%s/%s" % (key, name)] = [value.tobytes().hex(), list(value.shape)]
            if any(op.name == "vocab_path" for op in sess.graph.get_operations()):
                out["vocab_path"] = os.path.relpath(sess.run("vocab_path:0").decode(), export_dir)
    return out


result = {}
for d, tag_sets in (("tf1_builder", [["serve"], ["train"]]), ("tf1_text", [["serve"], ["train"]]),
                    ("tf1_simple_save", [["serve"]]), ("tf1_assets", [["serve"]])):
    result[d] = {"structure": structure(d),
                 "runs": {",".join(tags): run(d, tags) for tags in tag_sets}}
print(json.dumps(result, indent=1, sort_keys=True))
