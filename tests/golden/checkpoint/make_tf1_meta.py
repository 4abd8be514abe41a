"""Writes tf1_meta/model.{meta,index,data-*} with tf1's Saver (a small forward model), for the
MetaGraphDef interop fixture: real TF then loads it with load_tf1_meta.py.

Command (from the repository root):
    cd tests/golden/checkpoint && python3 make_tf1_meta.py
"""
import os

import numpy as np

import tf1 as tf

INPUT = [[1.0, 2.0, 0.5], [0.0, 3.0, -1.0]]


def build():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) / 4, name="w")
    b = tf.Variable([0.5, -0.25], name="b")
    h = tf.nn.relu(tf.matmul(x, w) + b)
    y = tf.identity(tf.nn.softmax(h * 2.0), name="y")
    tf.add_to_collection("outputs", y)
    return y


def write(directory):
    with tf.Graph().as_default():
        build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return saver.save(sess, os.path.join(directory, "model"))


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    print(write("tf1_meta"))
