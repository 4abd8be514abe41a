"""Loads the SavedModels tf1's Estimator exported (tf1_exports/, written by write_tf1_exports.py)
with real TensorFlow and records, as JSON in tf1_exports.run_by_tf.json, per export:

  - each signature as TF reads it: method name, input/output keys with tensor names, dtypes, shapes;
  - each signature's outputs, run by TF on EXAMPLES (serialized tf.Examples, stored base64 so the
    test feeds the same bytes) or, for a raw receiver, on the RAW feature values.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/estimator/load_tf1_exports.py
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "tf1_exports")
FEATURES = [{"x": [0.5, -1.0], "z": [1.0], "i": [2]},
            {"x": [2.0, 0.25], "z": [0.0], "i": [0]},
            {"x": [-0.75, 1.5], "z": [3.0], "i": [1]}]
RAW = {"x": [[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]}


def example(values):
    feature = {}
    for key, value in values.items():
        if isinstance(value[0], int):
            feature[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=value))
        else:
            feature[key] = tf.train.Feature(float_list=tf.train.FloatList(value=value))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


EXAMPLES = [example(f) for f in FEATURES]


def tensor_info(info):
    return {"name": info.name, "dtype": tf.as_dtype(info.dtype).name,
            "shape": None if info.tensor_shape.unknown_rank else [d.size for d in info.tensor_shape.dim]}


def jsonable(value):
    if isinstance(value, bytes):
        return value.decode()
    value = np.asarray(value)
    if value.dtype == object:
        return [jsonable(v) for v in value]
    return value.tolist()


def run(export_dir):
    result = {"signatures": {}, "outputs": {}}
    with tf.Session(graph=tf.Graph()) as sess:
        meta_graph = tf.saved_model.loader.load(sess, ["serve"], export_dir)
        for key, sig in sorted(meta_graph.signature_def.items()):
            result["signatures"][key] = {
                "method_name": sig.method_name,
                "inputs": {k: tensor_info(v) for k, v in sig.inputs.items()},
                "outputs": {k: tensor_info(v) for k, v in sig.outputs.items()}}
            feeds = {}
            for input_key, info in sig.inputs.items():
                feeds[info.name] = EXAMPLES if info.dtype == tf.string.as_datatype_enum else RAW[input_key]
            fetches = {k: v.name for k, v in sig.outputs.items()}
            result["outputs"][key] = {k: jsonable(v) for k, v in sess.run(fetches, feeds).items()}
    return result


def main():
    golden = {"examples": [base64.b64encode(e).decode() for e in EXAMPLES], "raw": RAW,
              "exports": {name: run(os.path.join(FIXTURES, name)) for name in sorted(os.listdir(FIXTURES))}}
    with open(os.path.join(HERE, "tf1_exports.run_by_tf.json"), "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
    print(json.dumps(golden)[:2000])


if __name__ == "__main__":
    main()
