"""Writes tf1_written/ with tf1's Saver (the half of the interop check that needs no TensorFlow).

Command (from the repository root):
    cd tests/golden/checkpoint && PYTHONPATH=../../.. python3 make_tf1_written.py
then, with real TensorFlow, restore_tf1_written.py records what TF reads back from it.
"""
import os
import shutil

import tf1 as tf

import values


def build_variables():
    """One tf1 Variable per dtype case of values.py except `large` (kept small here)."""
    return values.make_dtype_variables(tf, skip=("large",))


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    shutil.rmtree("tf1_written", ignore_errors=True)
    with tf.Graph().as_default():
        build_variables()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(saver.save(sess, "tf1_written/model", write_meta_graph=False))
