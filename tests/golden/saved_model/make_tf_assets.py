"""Writes tf_assets/ with real TensorFlow's `tf.compat.v1.saved_model.Builder`: a SERVING meta graph
(predict signature; an asset file, assets_src/vocab.txt, whose path a main_op stores in the local
string variable `vocab_path`) and a TRAINING meta graph added with add_meta_graph. TF then loads each
tag set and records, as JSON in tf_assets.run_by_tf.json, the signature's output for INPUT (hex
float32) and `vocab_path` relative to the export directory.

Command (from the repository root):
    cd tests/golden/saved_model && rm -rf tf_assets && TF_CPP_MIN_LOG_LEVEL=2 \
        /opt/tfvenv/bin/python make_tf_assets.py > tf_assets.run_by_tf.json
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
os.chdir(os.path.dirname(os.path.abspath(__file__)))
INPUT = [[1.0, 2.0, 0.5], [0.5, 1.0, 2.0]]


def forward():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) / 4 - 0.5, name="w")
    y = tf.nn.tanh(tf.matmul(x, w), name="y")
    return x, y


builder = tf.saved_model.Builder("tf_assets")
with tf.Graph().as_default():
    x, y = forward()
    asset = tf.constant("assets_src/vocab.txt", name="vocab_asset")
    tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
    vocab_path = tf.Variable("", name="vocab_path", trainable=False,
                             collections=[tf.GraphKeys.LOCAL_VARIABLES])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder.add_meta_graph_and_variables(
            sess, [tf.saved_model.SERVING],
            signature_def_map={"serving_default": tf.saved_model.predict_signature_def({"x": x}, {"y": y})},
            assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
            main_op=tf.assign(vocab_path, asset).op)
with tf.Graph().as_default():
    x, y = forward()
    builder.add_meta_graph([tf.saved_model.TRAINING],
                           signature_def_map={"predict": tf.saved_model.predict_signature_def({"x": x}, {"y": y})})
builder.save()

result = {}
for tags, key in ((["serve"], "serving_default"), (["train"], "predict")):
    with tf.Graph().as_default():
        with tf.Session() as sess:
            mg = tf.saved_model.loader.load(sess, tags, "tf_assets")
            sig = mg.signature_def[key]
            out = np.asarray(sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: INPUT}), np.float32)
            entry = {"y": [out.tobytes().hex(), list(out.shape)],
                     "collections": sorted(mg.collection_def)}
            if tags == ["serve"]:
                entry["vocab_path"] = os.path.relpath(sess.run("vocab_path:0").decode(), "tf_assets")
            result[",".join(tags)] = entry
print(json.dumps(result, indent=1, sort_keys=True))
