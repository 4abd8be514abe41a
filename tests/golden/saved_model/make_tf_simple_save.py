"""Writes tf_simple_save/ with real TensorFlow (`tf.compat.v1.saved_model.simple_save` of a small
forward model) and records TF's own output for INPUT, through the signature's tensor names, as hex
float32 bytes in tf_simple_save.run_by_tf.txt (outside the SavedModel directory).

Command (from the repository root):
    cd tests/golden/saved_model && rm -rf tf_simple_save && TF_CPP_MIN_LOG_LEVEL=2 \
        /opt/tfvenv/bin/python make_tf_simple_save.py > tf_simple_save.run_by_tf.txt
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
os.chdir(os.path.dirname(os.path.abspath(__file__)))
INPUT = [[1.0, 2.0, 0.5], [0.5, 1.0, 2.0]]

with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) / 4 - 0.5, name="w")
    b = tf.Variable([0.5, -0.75], name="b")
    h = tf.nn.relu(tf.matmul(x, w) + b)
    y = tf.identity(tf.nn.softmax(h * 2.0), name="y")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.saved_model.simple_save(sess, "tf_simple_save", inputs={"x": x}, outputs={"y": y})

# Run the export the way a serving client does: load it, resolve the signature's tensor names.
with tf.Graph().as_default():
    with tf.Session() as sess:
        mg = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], "tf_simple_save")
        sig = mg.signature_def[tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
        out = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: INPUT})
print(np.asarray(out, np.float32).tobytes().hex(), list(out.shape), sig.inputs["x"].name,
      sig.outputs["y"].name)
