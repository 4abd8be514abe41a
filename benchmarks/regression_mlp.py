# The seed's regression program (seed 000, "add_layer"): a 1-10-1 ReLU MLP fitted to 300 noisy points
# of y = x^2 - 0.5 with SGD(0.1). This exact source runs on tf1 and on real TensorFlow; the benchmark
# times `sess.run(train_step, feed_dict)` after WARMUP steps.
import numpy as np
import tensorflow as tf


def add_layer(inputs, in_size, out_size, activation_function=None):
    Weights = tf.Variable(tf.random_normal([in_size, out_size], seed=1))
    biases = tf.Variable(tf.zeros([1, out_size]) + 0.1)
    Wx_plus_b = tf.matmul(inputs, Weights) + biases
    return Wx_plus_b if activation_function is None else activation_function(Wx_plus_b)


rng = np.random.RandomState(0)
x_data = np.linspace(-1, 1, 300)[:, np.newaxis].astype(np.float32)
noise = rng.normal(0, 0.05, x_data.shape).astype(np.float32)
y_data = np.square(x_data) - 0.5 + noise

xs = tf.placeholder(tf.float32, [None, 1])
ys = tf.placeholder(tf.float32, [None, 1])
l1 = add_layer(xs, 1, 10, activation_function=tf.nn.relu)
prediction = add_layer(l1, 10, 1, activation_function=None)
loss = tf.reduce_mean(tf.reduce_sum(tf.square(ys - prediction), reduction_indices=[1]))
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
feed = {xs: x_data, ys: y_data}


def step():
    sess.run(train_step, feed_dict=feed)


def final_loss():
    return float(sess.run(loss, feed_dict=feed))
