"""tf.app.run program from golbin/TensorFlow-Tutorials (12 - DQN/agent.py, 10 - RNN/ChatBot/train.py
shape): flags, then a session run inside main. Run by tests/platform/test_sweep_s2_app.py."""
import tensorflow as tf

tf.app.flags.DEFINE_boolean("train", False, "train mode")
FLAGS = tf.app.flags.FLAGS


def main(_):
    with tf.Session() as sess:
        print("train:", FLAGS.train)
        print(sess.run(tf.reduce_sum(tf.constant([1.0, 2.0, 3.0]))))


if __name__ == "__main__":
    tf.app.run()
