"""Cases for tf.sparse softmax/reorder/transpose/slice/merge/to_indicator/from_dense (see
extra_cases_util.py); recorded by sparse_extra_make.py, checked by tests/ops/test_sparse_extra.py."""
import numpy as np


def _sp(tf, dtype="float32"):
    return tf.SparseTensor(indices=[[0, 0, 1], [0, 0, 3], [0, 2, 0], [1, 1, 1], [1, 1, 2], [1, 1, 4]],
                           values=np.array([1.0, 2.0, 3.0, -1.0, 0.5, 4.0], dtype), dense_shape=[2, 3, 5])


def softmax(tf):
    sp = _sp(tf)
    out = tf.sparse.softmax(sp)
    return {"out": out, "dense": tf.sparse.to_dense(out), "name": out.values}


def softmax_grad(tf):
    v = tf.Variable(np.array([1.0, 2.0, 3.0, -1.0, 0.5, 4.0], np.float64))
    sp = tf.SparseTensor([[0, 1], [0, 3], [1, 0], [2, 1], [2, 2], [2, 4]], v, [3, 5])
    out = tf.sparse_softmax(sp)
    loss = tf.reduce_sum(out.values * tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], tf.float64))
    return {"grad": tf.gradients(loss, v)[0], "out": out.values}


def softmax_placeholder(tf):
    sp = tf.sparse_placeholder(tf.float32)
    out = tf.sparse_softmax(sp)
    return {"out": out, "__feeds__": {sp: tf.SparseTensorValue([[0, 0], [0, 1], [2, 2]], [1.0, 1.0, 7.0],
                                                                [3, 3])}}


def reorder(tf):
    sp = tf.SparseTensor([[1, 0], [0, 3], [0, 1], [2, 2]], [1, 2, 3, 4], [3, 4])
    return {"out": tf.sparse.reorder(sp), "old_name": tf.sparse_reorder(sp, name="ro").values}


def transpose(tf):
    sp = _sp(tf)
    return {"default": tf.sparse.transpose(sp), "perm": tf.sparse_transpose(sp, [1, 0, 2])}


def slice_(tf):
    sp = _sp(tf)
    return {"a": tf.sparse.slice(sp, [0, 0, 1], [2, 2, 3]), "b": tf.sparse_slice(sp, [1, 1, 2], [5, 5, 5]),
            "empty": tf.sparse_slice(sp, [0, 1, 0], [1, 1, 5])}


def merge(tf):
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]], tf.constant([3, 1, 2, 0, 4, 1]), [3, 3])
    vals = tf.SparseTensor(ids.indices, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], ids.dense_shape)
    return {"merged": tf.sparse_merge(ids, vals, 5), "sorted": tf.sparse.merge(ids, vals, 6, already_sorted=True)}


def merge_multi(tf):
    ids1 = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([2, 0, 1], tf.int64), [2, 2])
    ids2 = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 1, 0], tf.int64), [2, 2])
    vals = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [1.0, 2.0, 3.0], [2, 2])
    return {"merged": tf.sparse_merge([ids1, ids2], vals, [3, 2])}


def to_indicator(tf):
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], tf.constant([0, 3, 1, 1, 2], tf.int64),
                          [3, 4])
    return {"ind": tf.sparse_to_indicator(ids, 5), "ind2": tf.sparse.to_indicator(ids, 4, name="x")}


def from_dense(tf):
    return {"sp": tf.sparse.from_dense([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]]),
            "ints": tf.sparse.from_dense(tf.constant([[0, 0, 7]]))}


CASES = {"softmax": softmax, "softmax_grad": softmax_grad, "softmax_placeholder": softmax_placeholder,
         "reorder": reorder, "transpose": transpose, "slice": slice_, "merge": merge, "merge_multi": merge_multi,
         "to_indicator": to_indicator, "from_dense": from_dense}


def expand_dims(tf):
    sp = _sp(tf)
    return {"last": tf.sparse.expand_dims(sp), "first": tf.sparse.expand_dims(sp, 0),
            "mid": tf.sparse.expand_dims(sp, axis=-2), "t": tf.sparse.expand_dims(sp, tf.constant(1))}


def eye(tf):
    return {"sq": tf.sparse.eye(3), "rect": tf.sparse.eye(2, 4, dtype=tf.int32),
            "t": tf.sparse.to_dense(tf.sparse.eye(tf.constant(3), 2))}


def max_min(tf):
    a = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], [1.0, -2.0, 3.0], [2, 3])
    b = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], [0.5, -4.0, 5.0], [2, 3])
    return {"max": tf.sparse.maximum(a, b), "min": tf.sparse_minimum(a, b), "max_old": tf.sparse_maximum(a, b)}


CASES.update({"expand_dims": expand_dims, "eye": eye, "max_min": max_min})


def reduce_max(tf):
    sp = tf.SparseTensor([[0, 0], [0, 2], [1, 1], [1, 2]], [-1.0, -2.0, 3.0, -0.5], [3, 3])
    spi = tf.SparseTensor([[0, 1], [2, 0]], [-4, 9], [3, 2])
    return {"all": tf.sparse.reduce_max(sp), "ax0": tf.sparse.reduce_max(sp, 0),
            "ax1_keep": tf.sparse_reduce_max(sp, axis=1, keepdims=True), "neg": tf.sparse.reduce_max(sp, -1),
            "int": tf.sparse.reduce_max(spi, 1)}


CASES["reduce_max"] = reduce_max


def split(tf):
    sp = _sp(tf)
    a = tf.sparse.split(sp_input=sp, num_split=2, axis=2)
    b = tf.sparse_split(sp_input=sp, num_split=3, axis=1)
    return {"a0": a[0], "a1": a[1], "b0": b[0], "b1": b[1], "b2": b[2]}


CASES["split"] = split


def reset_shape(tf):
    sp = _sp(tf)
    ph = tf.sparse_placeholder(tf.float32, shape=[None, None])
    return {"tight": tf.sparse.reset_shape(sp), "bigger": tf.sparse_reset_shape(sp, [3, 4, 6]),
            "dyn": tf.sparse.reset_shape(ph, tf.constant([5, 5])),
            "__feeds__": {ph: tf.SparseTensorValue([[0, 1], [2, 3]], [1.0, 2.0], [3, 4])}}


def reset_shape_smaller(tf):
    return {"x": tf.sparse.reset_shape(_sp(tf), [1, 4, 6])}


def reset_shape_dyn_smaller(tf):
    ph = tf.sparse_placeholder(tf.float32, shape=[None, None])
    return {"x": tf.sparse.reset_shape(ph, tf.constant([2, 5])).dense_shape,
            "__feeds__": {ph: tf.SparseTensorValue([[0, 1], [2, 3]], [1.0, 2.0], [3, 4])}}


CASES.update({"reset_shape": reset_shape, "reset_shape_smaller": reset_shape_smaller,
              "reset_shape_dyn_smaller": reset_shape_dyn_smaller})


def cross(tf):
    a = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ["a", "b", "c"], [3, 2])
    b = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], tf.constant([1, 2, 3, 4], tf.int64), [3, 3])
    d = tf.constant([["x"], ["y"], ["z"]])
    return {"abd": tf.sparse.cross([a, b, d]), "dense_first": tf.sparse.cross([d, a]),
            "ints": tf.sparse.cross([b, tf.constant([[7, 8], [9, 10], [11, 12]])])}


CASES["cross"] = cross
