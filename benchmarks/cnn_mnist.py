# The seeds' MNIST CNN (seed000_07 / seed002_07): conv 5x5x1->32, 2x2 max-pool, conv 5x5x32->64, pool,
# dense 3136->1024 (ReLU, dropout 0.5), dense ->10, softmax cross-entropy, Adam(1e-4), batch 100.
# Random data of MNIST's shape (the step's cost does not depend on the values); same source on tf1 and TF.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
bx = rng.rand(100, 784).astype(np.float32)
by = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 100)]


def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1, seed=1))


def bias_variable(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))


def conv2d(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='SAME')


def max_pool_2x2(x):
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')


xs = tf.placeholder(tf.float32, [None, 784])
ys = tf.placeholder(tf.float32, [None, 10])
keep_prob = tf.placeholder(tf.float32)
x_image = tf.reshape(xs, [-1, 28, 28, 1])
h_pool1 = max_pool_2x2(tf.nn.relu(conv2d(x_image, weight_variable([5, 5, 1, 32])) + bias_variable([32])))
h_pool2 = max_pool_2x2(tf.nn.relu(conv2d(h_pool1, weight_variable([5, 5, 32, 64])) + bias_variable([64])))
h_flat = tf.reshape(h_pool2, [-1, 7 * 7 * 64])
h_fc1 = tf.nn.dropout(tf.nn.relu(tf.matmul(h_flat, weight_variable([3136, 1024])) + bias_variable([1024])), keep_prob)
logits = tf.matmul(h_fc1, weight_variable([1024, 10])) + bias_variable([10])
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=ys, logits=logits))
train_step = tf.train.AdamOptimizer(1e-4).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())


def step():
    sess.run(train_step, feed_dict={xs: bx, ys: by, keep_prob: 0.5})


def final_loss():
    return float(sess.run(loss, feed_dict={xs: bx, ys: by, keep_prob: 1.0}))
