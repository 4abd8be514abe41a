"""Loads tf1_meta/model.meta (written by tf1) with real TensorFlow: import_meta_graph, restore, run
`y:0` on make_tf1_meta.INPUT; prints the result as hex float32 bytes into tf1_meta/run_by_tf.txt.

Command (from the repository root):
    cd tests/golden/checkpoint && TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python load_tf1_meta.py \
        > tf1_meta/run_by_tf.txt
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
os.chdir(os.path.dirname(os.path.abspath(__file__)))
INPUT = [[1.0, 2.0, 0.5], [0.0, 3.0, -1.0]]
with tf.Session() as sess:
    saver = tf.train.import_meta_graph("tf1_meta/model.meta")
    saver.restore(sess, "tf1_meta/model")
    y = sess.run("y:0", {"x:0": INPUT})
    print(np.asarray(y, np.float32).tobytes().hex(), list(y.shape),
          [t.name for t in tf.get_collection("outputs")])
