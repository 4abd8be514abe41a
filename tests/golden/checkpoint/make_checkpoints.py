"""Writes the checkpoint goldens with real TensorFlow.

Command (from the repository root):
    cd tests/golden/checkpoint && TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python make_checkpoints.py

(tensorflow-cpu 2.21, `tf.compat.v1` with v2 behaviour disabled: the V2 checkpoint format and the
Saver's graph are unchanged since TF 1.15.) Writes, relative to this directory:
  dtypes/model.{index,data-00000-of-00001,meta}, dtypes/checkpoint   one variable per dtype/shape
  many/bundle.{index,data-00000-of-00001}     4500 keys written by a raw SaveV2 (multi-block index)
  trained/model.ckpt-50.*, trained/checkpoint a linear model trained 50 steps; trained/expected.json
  inference/model.{index,data-*,meta}         a forward-only graph for import_meta_graph
"""
import json
import os
import shutil

import numpy as np
import tensorflow.compat.v1 as tf

import values

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)
for d in ("dtypes", "many", "trained", "inference"):
    shutil.rmtree(d, ignore_errors=True)


def dtypes_checkpoint():
    g = tf.Graph()
    with g.as_default():
        values.make_dtype_variables(tf)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(saver.save(sess, "dtypes/model", write_meta_graph=False))


def many_checkpoint():
    g = tf.Graph()
    with g.as_default():
        items = values.many_keys()
        names = [k for k, _ in items]
        tensors = [tf.constant(v, dtype=tf.int8) for _, v in items]
        op = tf.raw_ops.SaveV2(prefix="many/bundle", tensor_names=names,
                               shape_and_slices=[""] * len(names), tensors=tensors)
        with tf.Session() as sess:
            sess.run(op)


def trained_checkpoint():
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(7)
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y_ = tf.placeholder(tf.float32, [None, 1], name="y_")
        w = tf.Variable(tf.zeros([2, 1]), name="W")
        b = tf.Variable(tf.zeros([1]), name="b")
        y = tf.add(tf.matmul(x, w), b, name="y")
        loss = tf.reduce_mean(tf.square(y - y_), name="loss")
        step = tf.train.get_or_create_global_step()
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
        tf.add_to_collection("prediction", y)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(values.TRAIN_STEPS):
                sess.run(train, {x: values.TRAIN_X, y_: values.TRAIN_Y})
            path = saver.save(sess, "trained/model.ckpt", global_step=step)
            pred = sess.run(y, {x: values.PREDICT_X})
            wv, bv = sess.run([w, b])
        with open("trained/expected.json", "w") as f:
            json.dump({"path": path, "W": wv.tolist(), "b": bv.tolist(), "prediction": pred.tolist(),
                       "W_hex": wv.tobytes().hex(), "b_hex": bv.tobytes().hex(),
                       "prediction_hex": pred.tobytes().hex()}, f, indent=1)
        print(path)


def inference_checkpoint():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.5], [-2.0]], name="W")
        b = tf.Variable([0.25], name="b")
        y = tf.add(tf.matmul(x, w), b, name="y")
        tf.add_to_collection("outputs", y)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(saver.save(sess, "inference/model"))


dtypes_checkpoint()
many_checkpoint()
trained_checkpoint()
inference_checkpoint()
