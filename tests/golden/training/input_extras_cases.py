"""Cases for tf.train.maybe_batch / maybe_shuffle_batch / match_filenames_once and tf.io.matching_files
(shared by input_extras_make.py, run with real TF, and tests/training/test_input_extras.py).
`run_case(tf, fn, tmpdir)` returns names/shapes and fetched batches (paths relative to tmpdir)."""
import os

import numpy as np


def _files(tmpdir):
    for n in ("b.txt", "a.txt", "c.csv", "sub_d.txt"):
        open(os.path.join(tmpdir, n), "w").close()


def match_once(tf, tmpdir):
    v = tf.train.match_filenames_once(os.path.join(tmpdir, "*.txt"))
    none = tf.train.match_filenames_once(os.path.join(tmpdir, "*.nothing"), name="nothing")
    m = tf.io.matching_files([os.path.join(tmpdir, "?.txt"), os.path.join(tmpdir, "*.csv")])
    return {"v": v, "none": none, "m": m}, 1, [v.op.name, v.name, none.op.name,
                                               [c for c in (tf.GraphKeys.LOCAL_VARIABLES,
                                                            tf.GraphKeys.GLOBAL_VARIABLES)
                                                if v in tf.get_collection(c)]]


def maybe_batch_vector(tf, tmpdir):
    x = tf.constant(np.arange(12).reshape(6, 2))
    y = tf.constant(list("abcdef"))
    b = tf.train.maybe_batch({"x": x, "y": y}, tf.constant([True, False, True, True, False, True]), 2,
                             enqueue_many=True)
    return b, 2, [b["x"].get_shape().as_list(), b["y"].op.name]


def maybe_batch_scalar(tf, tmpdir):
    b = tf.train.maybe_batch([tf.constant(5)], tf.constant(True), 3)
    return b, 2, [b.get_shape().as_list(), b.op.name]


def maybe_batch_scalar_many(tf, tmpdir):
    b = tf.train.maybe_batch([tf.constant([1, 2])], tf.constant(True), 4, enqueue_many=True)
    return b, 1, [b.get_shape().as_list()]


def maybe_shuffle_batch(tf, tmpdir):
    x = tf.constant(np.arange(8))
    b = tf.train.maybe_shuffle_batch([x], 8, 20, 8, tf.constant([True] * 4 + [False] * 4), enqueue_many=True,
                                     seed=3)
    # Which kept elements fill the batch depends on the runner threads: only kept ones may appear.
    return [tf.reduce_all(b < 4)], 1, [b.get_shape().as_list(), b.op.name]


def maybe_batch_vector_not_many(tf, tmpdir):
    tf.train.maybe_batch([tf.constant(1)], tf.constant([True]), 2)


def maybe_batch_matrix(tf, tmpdir):
    tf.train.maybe_batch([tf.constant([1])], tf.constant([[True]]), 2, enqueue_many=True)


CASES = {k: v for k, v in dict(globals()).items() if callable(v) and not k.startswith("_") and k != "run_case"}


def _plain(v, tmpdir):
    if isinstance(v, dict):
        return {k: _plain(x, tmpdir) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x, tmpdir) for x in v]
    a = np.asarray(v)
    if a.dtype.kind in "SO":
        return [os.path.relpath(x.decode(), tmpdir) if x.decode().startswith("/") else x.decode()
                for x in a.ravel()]
    return a.tolist()


def run_case(tf, fn, tmpdir):
    _files(tmpdir)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        try:
            fetches, runs, static = fn(tf, tmpdir)
        except Exception as e:  # pylint: disable=broad-except
            return {"error": type(e).__name__, "message": str(e)}
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            values = [_plain(sess.run(fetches), tmpdir) for _ in range(runs)]
            coord.request_stop()
            coord.join(threads, stop_grace_period_secs=5)
    return {"static": _plain(static, tmpdir), "values": values}
