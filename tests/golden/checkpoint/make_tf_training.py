"""Records a training graph built by real TensorFlow (its own gradient kernels: ReluGrad, MaxPoolGrad,
BiasAddGrad, SigmoidGrad, TanhGrad, AvgPoolGrad, BroadcastGradientArgs, ...) for
tests/checkpoint/test_saver.py: tf_training/model.{meta,index,data-*} before the step, and
tf_training/after.npz, every trainable variable after one Adam step and one SGD step on BATCH.

Command (from the repository root):
    cd tests/golden/checkpoint && TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=2 \
        /opt/tfvenv/bin/python make_tf_training.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
os.chdir(os.path.dirname(os.path.abspath(__file__)))
rng = np.random.RandomState(0)
BATCH_X = rng.rand(4, 8, 8, 1).astype(np.float32)
BATCH_Y = np.eye(5, dtype=np.float32)[[0, 3, 1, 4]]

tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None, 8, 8, 1], name="x")
y = tf.placeholder(tf.float32, [None, 5], name="y")
h = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
h = tf.layers.max_pooling2d(h, 2, 2)
h = tf.layers.average_pooling2d(h, 2, 2)
h = tf.layers.flatten(h)
h = tf.layers.dense(h, 6, activation=tf.nn.sigmoid)
h = tf.layers.dense(h, 6, activation=tf.nn.tanh)
logits = tf.layers.dense(h, 5)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits), name="loss")
adam = tf.train.AdamOptimizer(0.01).minimize(loss, name="adam_step")
sgd = tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="sgd_step")
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "tf_training/model")
    feed = {x: BATCH_X, y: BATCH_Y}
    sess.run(adam, feed)
    sess.run(sgd, feed)
    after = {v.op.name: sess.run(v) for v in tf.trainable_variables()}
    after["loss"] = sess.run(loss, feed)
np.savez("tf_training/after.npz", batch_x=BATCH_X, batch_y=BATCH_Y, **after)
print(sorted(after))
