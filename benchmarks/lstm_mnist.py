# The seeds' LSTM MNIST classifier (seed000_08 / seed002_11): each 28x28 image is read as 28 steps
# of 28 inputs by a 128-unit BasicLSTMCell under tf.nn.dynamic_rnn, the last output is classified,
# Adam(0.001), batch 128. Random data of MNIST's shape (no files). This exact source runs on tf1 and
# on real TensorFlow; the benchmark times `sess.run(train_op, feed_dict)`.
import numpy as np
import tensorflow as tf

lr = 0.001
batch_size = 128
n_inputs = 28
n_steps = 28
n_hidden_units = 128
n_classes = 10

rng = np.random.RandomState(0)
batch_xs = rng.rand(batch_size, n_steps, n_inputs).astype(np.float32)
batch_ys = np.eye(n_classes, dtype=np.float32)[rng.randint(0, n_classes, batch_size)]

tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
y = tf.placeholder(tf.float32, [None, n_classes])
weights = {
    'in': tf.Variable(tf.random_normal([n_inputs, n_hidden_units])),
    'out': tf.Variable(tf.random_normal([n_hidden_units, n_classes])),
}
biases = {
    'in': tf.Variable(tf.constant(0.1, shape=[n_hidden_units, ])),
    'out': tf.Variable(tf.constant(0.1, shape=[n_classes, ])),
}


def RNN(X, weights, biases):
    X = tf.reshape(X, [-1, n_inputs])
    X_in = tf.matmul(X, weights['in']) + biases['in']
    X_in = tf.reshape(X_in, [-1, n_steps, n_hidden_units])
    cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden_units, forget_bias=1.0, state_is_tuple=True)
    init_state = cell.zero_state(batch_size, dtype=tf.float32)
    outputs, final_state = tf.nn.dynamic_rnn(cell, X_in, initial_state=init_state, time_major=False)
    outputs = tf.unstack(tf.transpose(outputs, [1, 0, 2]))
    return tf.matmul(outputs[-1], weights['out']) + biases['out']


pred = RNN(x, weights, biases)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
train_op = tf.train.AdamOptimizer(lr).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
feed = {x: batch_xs, y: batch_ys}


def step():
    sess.run(train_op, feed_dict=feed)


def final_loss():
    return float(sess.run(cost, feed_dict=feed))
