"""The global-step read hooks fetch (training_util's cached `global_step/add`) sees the step before the
run's train op increments it. Real TensorFlow prints [0, 1, 2, 3] (the expected value in
tests/training/test_global_step_read.py):

    TF_CPP_MIN_LOG_LEVEL=3 /opt/tfvenv/bin/python -c "import sys, tensorflow.compat.v1 as tf; \
        tf.disable_v2_behavior(); sys.modules['tensorflow'] = tf; \
        exec(open('tests/golden/training/global_step_read.py').read())"

and tf1 runs the same file with `tf1 run tests/golden/training/global_step_read.py`.
"""
import tensorflow as tf
from tensorflow.python.training import training_util
x = tf.Variable(1.0)
gs = tf.train.get_or_create_global_step()
train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(x), global_step=gs)
read = training_util._get_or_create_global_step_read()
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    print([s.run([train, read])[1] for _ in range(4)])
