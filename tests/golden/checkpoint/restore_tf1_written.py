"""Restores tf1_written/model (written by tf1's Saver) with real TensorFlow's Saver and prints every
variable; the output is kept as tf1_written/restored_by_tf.txt.

Command (from the repository root):
    cd tests/golden/checkpoint && TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python restore_tf1_written.py \
        > tf1_written/restored_by_tf.txt
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import values

tf.disable_v2_behavior()
os.chdir(os.path.dirname(os.path.abspath(__file__)))


def zeros(dtype, value):
    # Initialised to zeros/empty strings: every value printed comes from the checkpoint.
    init = np.zeros(np.shape(value), dtype=object if dtype == "string" else dtype)
    if dtype == "string":
        init[...] = b""
    return init


variables = values.make_dtype_variables(tf, zeros, skip=("large",))
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "tf1_written/model")
    for name in sorted(variables):
        v = sess.run(variables[name])
        raw = (repr(np.asarray(v).tolist()) if values.dtype_variables()[name][0] == "string"
               else np.asarray(v).tobytes().hex())
        print(name, variables[name].dtype.base_dtype.name, list(np.shape(v)), raw)
