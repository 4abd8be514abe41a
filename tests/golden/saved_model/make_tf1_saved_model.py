"""Writes SavedModels with tf1, for the interop fixtures real TensorFlow then loads
(load_tf1_saved_model.py):

  tf1_builder/     SavedModelBuilder: SERVING meta graph (predict + classify signatures, a main_op
                   that initialises a local variable the output needs) and a TRAINING meta graph
                   added with add_meta_graph; binary saved_model.pb.
  tf1_text/        the same model through builder.save(as_text=True) (saved_model.pbtxt).
  tf1_simple_save/ tf.saved_model.simple_save of the model make_tf_simple_save.py saves with TF.
  tf1_assets/      simple_save with an asset (assets_src/vocab.txt, a path relative to the working
                   directory) and a legacy_init_op storing the loaded asset's path in `vocab_path`.

Command (from the repository root):
    cd tests/golden/saved_model && rm -rf tf1_builder tf1_text tf1_simple_save tf1_assets && \
        python3 make_tf1_saved_model.py
"""
import os

import numpy as np

import tf1 as tf

INPUT = [[1.0, 2.0, 0.5], [0.5, 1.0, 2.0]]


def build_forward(scale_as_local_variable):
    """make_tf_simple_save.py's model; the softmax scale optionally a local variable (main_op)."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) / 4 - 0.5, name="w")
    b = tf.Variable([0.5, -0.75], name="b")
    h = tf.nn.relu(tf.matmul(x, w) + b)
    if scale_as_local_variable:
        scale = tf.Variable(2.0, name="scale", trainable=False,
                            collections=[tf.GraphKeys.LOCAL_VARIABLES])
    else:
        scale = 2.0
    y = tf.identity(tf.nn.softmax(h * scale), name="y")
    return x, y


def write_builder(export_dir, as_text=False):
    builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
    with tf.Graph().as_default():
        x, y = build_forward(scale_as_local_variable=True)
        examples = tf.placeholder(tf.string, [None], name="examples")
        scores = tf.identity(y, name="scores")
        predict = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": y})
        classify = tf.saved_model.signature_def_utils.classification_signature_def(
            examples, None, scores)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder.add_meta_graph_and_variables(
                sess, [tf.saved_model.tag_constants.SERVING],
                signature_def_map={
                    tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: predict,
                    "classify": classify},
                main_op=tf.local_variables_initializer())
    with tf.Graph().as_default():
        x, y = build_forward(scale_as_local_variable=False)
        builder.add_meta_graph([tf.saved_model.tag_constants.TRAINING],
                               signature_def_map={"predict": tf.saved_model.predict_signature_def(
                                   {"x": x}, {"y": y})})
    return builder.save(as_text=as_text)


def write_simple_save(export_dir):
    with tf.Graph().as_default():
        x, y = build_forward(scale_as_local_variable=False)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"y": y})


def write_assets(export_dir, vocab_source="assets_src/vocab.txt"):
    with tf.Graph().as_default():
        x, y = build_forward(scale_as_local_variable=False)
        asset = tf.constant(vocab_source, name="vocab_asset")
        tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
        vocab_path = tf.Variable("", name="vocab_path", trainable=False,
                                 collections=[tf.GraphKeys.LOCAL_VARIABLES])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"y": y},
                                       legacy_init_op=tf.assign(vocab_path, asset).op)


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    print(write_builder("tf1_builder"))
    print(write_builder("tf1_text", as_text=True))
    write_simple_save("tf1_simple_save")
    write_assets("tf1_assets")
