"""Cases for tf.train.warm_start (shared by warm_start_make.py, run with real TF, and
tests/training/test_warm_start.py). `run_case(tf, fn, tmpdir)` saves a checkpoint of a first
graph, builds a second graph, calls fn(tf, ckpt) in it and returns the variables' values after
initialization, or the raised error (class name and message)."""
import os

import numpy as np


def _first_graph(tf, path):
    with tf.Graph().as_default():
        with tf.variable_scope("a"):
            tf.get_variable("w", initializer=np.arange(6.0, dtype=np.float32).reshape(2, 3))
            tf.get_variable("b", initializer=np.array([7.0, 8.0], np.float32))
        tf.get_variable("old_c", initializer=np.array(3.5, np.float32))
        tf.get_variable("step", initializer=np.int64(42), trainable=False)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return saver.save(sess, os.path.join(path, "model.ckpt"))


def _second_graph(tf):
    with tf.variable_scope("a"):
        tf.get_variable("w", initializer=tf.zeros([2, 3]))
        tf.get_variable("b", initializer=tf.zeros([2]))
    tf.get_variable("c", initializer=tf.constant(0.0))
    tf.get_variable("step", initializer=tf.constant(0, tf.int64), trainable=False)


def default_regex(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(os.path.dirname(ckpt), var_name_to_prev_var_name={"c": "old_c"})


def scope_regex(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(ckpt, vars_to_warm_start="a/w")


def list_of_strings(tf, ckpt):
    _second_graph(tf)
    # A list of names searches GLOBAL_VARIABLES, so non-trainable ones too.
    tf.train.warm_start(ckpt, vars_to_warm_start=["a/b", "step"])


def list_of_variables(tf, ckpt):
    _second_graph(tf)
    with tf.variable_scope("a", reuse=True):
        w = tf.get_variable("w")
    tf.train.warm_start(ckpt, vars_to_warm_start=[w])


def regex_misses_non_trainable(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(ckpt, vars_to_warm_start="step")


def none_warm_starts_nothing(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(ckpt, vars_to_warm_start=None)


def missing_in_checkpoint(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(ckpt)


def unused_prev_name(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(ckpt, vars_to_warm_start="a/", var_name_to_prev_var_name={"a/x": "q"})


def bad_list(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(ckpt, vars_to_warm_start=["a/w", 3])


def bad_type(tf, ckpt):
    _second_graph(tf)
    tf.train.warm_start(ckpt, vars_to_warm_start=3)


CASES = {k: v for k, v in dict(globals()).items()
         if callable(v) and not k.startswith("_") and k not in ("run_case",)}


def run_case(tf, fn, tmpdir):
    ckpt = _first_graph(tf, tmpdir)
    with tf.Graph().as_default():
        try:
            fn(tf, ckpt)
        except Exception as e:  # pylint: disable=broad-except
            return {"error": type(e).__name__, "message": str(e)}
        names = sorted(v.op.name for v in tf.global_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run({v.op.name: v for v in tf.global_variables()})
    return {"values": {n: np.asarray(values[n]).tolist() for n in names}}
