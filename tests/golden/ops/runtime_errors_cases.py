"""Bad values that TF's CPU kernels reject at run time (an index out of range, a label outside the
classes, a fed tensor whose size does not fit a reshape): shared by `runtime_errors_make.py` (run
under real TensorFlow) and `tests/ops/test_runtime_errors.py` (run under tf1).

Each case builds a graph with `tf` and returns (fetch, feed, after): `feed` maps placeholders to
the bad values; `after` (or None) is a tensor fetched after the failing run -- what a variable
holds once the run that would have updated it failed."""
import numpy as np


def _ph(tf, dtype="int32"):
    return tf.placeholder(getattr(tf, dtype), None)


def gather(tf):
    p = _ph(tf)
    return tf.gather(tf.constant([1., 2, 3]), p), {p: [0, 5]}, None


def gather_negative(tf):
    p = _ph(tf)
    return tf.gather(tf.constant([1., 2, 3]), p), {p: [-1]}, None


def gather_scalar_index(tf):
    p = tf.placeholder(tf.int32, [])
    return tf.gather(tf.constant([1., 2, 3]), p), {p: 3}, None


def gather_axis1_2d_indices(tf):
    p = _ph(tf)
    return tf.gather(tf.ones([2, 3]), tf.reshape(p, [2, 2]), axis=1), {p: [0, 1, 2, 3]}, None


def gather_int64(tf):
    p = _ph(tf, "int64")
    return tf.gather(tf.constant([1., 2, 3]), p), {p: [7]}, None


def gather_nd(tf):
    p = _ph(tf)
    return tf.gather_nd(tf.ones([2, 3]), tf.reshape(p, [2, 2])), {p: [0, 1, 1, 3]}, None


def embedding_lookup_trains_nothing(tf):
    # A bad id in a training step: TF stops before any update, so the embedding keeps its values.
    p = _ph(tf)
    emb = tf.Variable(tf.reshape(tf.range(8, dtype=tf.float32), [4, 2]), name="emb")
    loss = tf.reduce_sum(tf.nn.embedding_lookup(emb, p))
    train = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
    return train, {p: [1, 7]}, emb


def sparse_softmax_xent(tf):
    p = _ph(tf)
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=p, logits=tf.ones([2, 3])), {p: [1, 3]}, None


def sparse_softmax_xent_negative(tf):
    p = _ph(tf)
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=p, logits=tf.ones([3, 3])), {p: [2, -1, 0]}, None


def losses_sparse_softmax(tf):
    p = _ph(tf)
    return tf.losses.sparse_softmax_cross_entropy(labels=p, logits=tf.ones([2, 3])), {p: [1, 4]}, None


def scatter_update_keeps_variable(tf):
    p = _ph(tf)
    v = tf.Variable([1., 2., 3.], name="v")
    return tf.scatter_update(v, p, [9., 9.]), {p: [0, 3]}, v


def scatter_add(tf):
    p = _ph(tf)
    v = tf.Variable(tf.zeros([3, 2]), name="v")
    return tf.scatter_add(v, p, tf.ones([1, 2])), {p: [-2]}, v


def scatter_nd(tf):
    p = _ph(tf)
    return tf.scatter_nd(tf.reshape(p, [-1, 1]), [1., 2.], [3]), {p: [2, 5]}, None


def tensor_scatter_update(tf):
    p = _ph(tf)
    return tf.tensor_scatter_update(tf.zeros([2, 2]), tf.reshape(p, [1, 2]), [1.]), {p: [1, 2]}, None


def unsorted_segment_sum(tf):
    p = _ph(tf)
    return tf.unsorted_segment_sum([1., 2.], p, 3), {p: [0, 5]}, None


def segment_sum_not_increasing(tf):
    p = _ph(tf)
    return tf.segment_sum([1., 2.], p), {p: [1, 0]}, None


def segment_mean_negative(tf):
    p = _ph(tf)
    return tf.segment_mean([1., 2.], p), {p: [-1, 0]}, None


def reshape_size(tf):
    p = _ph(tf)
    return tf.reshape(p, [2, 2]), {p: [1, 2, 3]}, None


def reshape_multiple(tf):
    p = _ph(tf)
    return tf.reshape(p, [-1, 2]), {p: [1, 2, 3]}, None


def concat_dims(tf):
    p = _ph(tf)
    return tf.concat([tf.reshape(p, [1, -1]), tf.ones([1, 2], tf.int32)], 0), {p: [1, 2, 3]}, None


def concat_ranks(tf):
    p, q = _ph(tf), _ph(tf)
    return tf.concat([p, q], 0), {p: [[1, 2]], q: [3]}, None


# Good values of the same kinds pass (no error, TF's values).
def one_hot_out_of_range_is_zeros(tf):
    p = _ph(tf)
    return tf.one_hot(p, 3), {p: [1, 5, -1]}, None


def unsorted_segment_negative_dropped(tf):
    p = _ph(tf)
    return tf.unsorted_segment_sum([1., 2., 4.], p, 2), {p: [1, -1, 1]}, None


def gather_in_range(tf):
    p = _ph(tf)
    return tf.gather(tf.constant([1., 2, 3]), p), {p: [2, 0]}, None


def scatter_nd_update_partial(tf):
    p = _ph(tf)
    v = tf.Variable(tf.zeros([2, 2]), name="v")
    return tf.scatter_nd_update(v, tf.reshape(p, [-1, 2]), [1., 2., 3.]), {p: [0, 1, 1, 0, 2, 0]}, v


def scatter_nd_add(tf):
    p = _ph(tf)
    v = tf.Variable(tf.ones([3]), name="v")
    return tf.scatter_nd_add(v, tf.reshape(p, [-1, 1]), [5., 5.]), {p: [2, 3]}, v


def scatter_nd_sub_good(tf):
    p = _ph(tf)
    v = tf.Variable(tf.ones([2, 2]), name="v")
    return tf.scatter_nd_sub(v, tf.reshape(p, [-1, 1]), tf.ones([2, 2])), {p: [1, 1]}, v


def batch_gather(tf):
    p = _ph(tf)
    return tf.batch_gather(tf.reshape(tf.range(6.), [2, 3]), tf.reshape(p, [2, 2])), {p: [2, 0, 1, 1]}, None


def batch_gather_out_of_range(tf):
    p = _ph(tf)
    return tf.batch_gather(tf.reshape(tf.range(6.), [2, 3]), tf.reshape(p, [2, 1])), {p: [0, 3]}, None


def _fed(tf, dtype, value, build):
    p = tf.placeholder(getattr(tf, dtype), None)
    return build(p), {p: value}, None


def slice_begin(tf):
    return _fed(tf, "int32", [2], lambda p: tf.slice(tf.constant([1, 2, 3]), p, [2]))


def slice_size(tf):
    return _fed(tf, "int32", [5], lambda p: tf.slice(tf.constant([1, 2, 3]), [1], p))


def strided_slice_index(tf):
    return _fed(tf, "int32", 5, lambda p: tf.constant([1, 2, 3])[p])


def strided_slice_negative_index(tf):
    return _fed(tf, "int32", -4, lambda p: tf.constant([[1, 2, 3]])[0, p])


def strided_slice_index_in_range(tf):
    return _fed(tf, "int32", -1, lambda p: tf.constant([1, 2, 3])[p])


def integer_floordiv_by_zero(tf):
    return _fed(tf, "int32", [1, 0], lambda p: tf.constant([4, 2]) // p)


def integer_floormod_by_zero(tf):
    return _fed(tf, "int32", [0, 1], lambda p: tf.mod(tf.constant([4, 2]), p))


def integer_truncatediv_by_zero(tf):
    return _fed(tf, "int64", [1, 0], lambda p: tf.truncatediv(tf.constant([4, 2], tf.int64), p))


def float_division_by_zero_is_inf(tf):
    return _fed(tf, "float32", [0.], lambda p: tf.constant([1.]) / p)


def range_delta_zero(tf):
    return _fed(tf, "int32", 0, lambda p: tf.range(0, 5, p))


def range_wrong_direction(tf):
    return _fed(tf, "int32", 5, lambda p: tf.range(p, 0, 1))


def matrix_inverse_singular(tf):
    return _fed(tf, "float32", [[1., 2.], [2., 4.]], lambda p: tf.matrix_inverse(p))


def matrix_inverse_regular(tf):
    return _fed(tf, "float32", [[2., 1.], [1., 3.]], lambda p: tf.matrix_inverse(p))


def matrix_solve_singular(tf):
    return _fed(tf, "float64", [[[1., 2.], [2., 4.]]], lambda p: tf.matrix_solve(p, [[[1.], [1.]]]))


def matrix_solve_regular(tf):
    return _fed(tf, "float64", [[4., 1.], [2., 3.]], lambda p: tf.matrix_solve(p, [[1.], [2.]]))


def cholesky_not_positive_definite(tf):
    return _fed(tf, "float32", [[1., 2.], [2., 1.]], lambda p: tf.cholesky(p))


def tile_negative(tf):
    return _fed(tf, "int32", [-1], lambda p: tf.tile(tf.constant([1, 2]), p))


def fill_negative(tf):
    return _fed(tf, "int32", [-2], lambda p: tf.fill(p, 1.0))


def zeros_negative(tf):
    return _fed(tf, "int32", [2, -1], lambda p: tf.zeros(p))


def one_hot_negative_depth(tf):
    return _fed(tf, "int32", -1, lambda p: tf.one_hot([1], p))


def transpose_not_a_permutation(tf):
    return _fed(tf, "int32", [0, 0], lambda p: tf.transpose(tf.ones([2, 3]), p))


def transpose_out_of_range(tf):
    return _fed(tf, "int32", [0, 2], lambda p: tf.transpose(tf.ones([2, 3]), p))


def reduce_sum_axis(tf):
    return _fed(tf, "int32", 2, lambda p: tf.reduce_sum(tf.ones([2, 3]), p))


def reduce_max_negative_axis(tf):
    return _fed(tf, "int32", -3, lambda p: tf.reduce_max(tf.ones([2, 3]), p))


def pad_negative(tf):
    return _fed(tf, "int32", [-1, 0], lambda p: tf.pad(tf.ones([2]), tf.reshape(p, [1, 2])))


def expand_dims_axis(tf):
    return _fed(tf, "int32", 5, lambda p: tf.expand_dims(tf.ones([2]), p))


def squeeze_not_one(tf):
    return _fed(tf, "int32", [[1, 2], [3, 4]], lambda p: tf.squeeze(p, [0]))


def dynamic_stitch_negative(tf):
    return _fed(tf, "int32", [0, -1], lambda p: tf.dynamic_stitch([p], [[1., 2.]]))


def bincount_negative(tf):
    return _fed(tf, "int32", [1, -1], lambda p: tf.bincount(p))


# Inside control flow: loop bodies (scan, while_loop, with maximum_iterations) and taken branches.
def _loop_sum(tf, p, **kw):
    table = tf.constant([10., 20., 30.])
    return tf.while_loop(lambda i, acc: i < tf.shape(p)[0],
                         lambda i, acc: [i + 1, acc + tf.gather(table, p[i])], [0, 0.0], **kw)[1]


def while_loop_gather(tf):
    p = tf.placeholder(tf.int32, [None])
    # One bad index: TF runs up to 10 iterations in parallel, so with two the one it reports varies.
    return _loop_sum(tf, p), {p: [0, 1, 4]}, None


def while_loop_max_iterations_gather(tf):
    p = tf.placeholder(tf.int32, [None])
    return _loop_sum(tf, p, maximum_iterations=10), {p: [2, 3]}, None


def while_loop_in_range(tf):
    p = tf.placeholder(tf.int32, [None])
    return _loop_sum(tf, p, maximum_iterations=10), {p: [2, 0, 1]}, None


def cond_taken_branch(tf):
    p, flag = _ph(tf), tf.placeholder(tf.bool, [])
    table = tf.constant([10., 20., 30.])
    out = tf.cond(flag, lambda: tf.reduce_sum(tf.gather(table, p)), lambda: tf.constant(0.))
    return out, {p: [0, 5], flag: True}, None


def cond_untaken_branch(tf):
    p, flag = _ph(tf), tf.placeholder(tf.bool, [])
    table = tf.constant([10., 20., 30.])
    out = tf.cond(flag, lambda: tf.reduce_sum(tf.gather(table, p)), lambda: tf.constant(0.))
    return out, {p: [0, 5], flag: False}, None


def dynamic_rnn_embedding_trains_nothing(tf):
    ids = tf.placeholder(tf.int32, [2, 3])
    emb = tf.Variable(tf.reshape(tf.range(15, dtype=tf.float32), [5, 3]) / 15., name="emb")
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    out, _ = tf.nn.dynamic_rnn(cell, tf.nn.embedding_lookup(emb, ids), dtype=tf.float32)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(out))
    return train, {ids: [[0, 1, 2], [3, 9, 0]]}, emb


# Shapes only the run knows (placeholders of unknown shape).
def matmul_inner_dims(tf):
    p = tf.placeholder(tf.float32, [None, None])
    return tf.matmul(p, tf.ones([4, 5])), {p: np.ones((2, 3))}, None


def batch_matmul_inner_dims(tf):
    p = tf.placeholder(tf.float32, [None, None, None])
    return tf.matmul(p, tf.ones([2, 4, 5])), {p: np.ones((2, 2, 3))}, None


def batch_matmul_batch_dims(tf):
    p = tf.placeholder(tf.float32, [None, None, None])
    return tf.matmul(p, tf.ones([3, 4, 5])), {p: np.ones((2, 3, 4))}, None


def add_broadcast(tf):
    return _fed(tf, "float32", np.ones((2, 3)), lambda p: p + tf.ones([4]))


def multiply_broadcast(tf):
    return _fed(tf, "float32", np.ones((2, 3)), lambda p: tf.multiply(p, tf.ones([2, 4])))


def conv2d_depth(tf):
    return _fed(tf, "float32", np.ones((1, 5, 5, 3)),
                lambda p: tf.nn.conv2d(p, tf.ones([3, 3, 2, 4]), [1, 1, 1, 1], "SAME"))


def softmax_xent_shapes(tf):
    return _fed(tf, "float32", np.ones((2, 4)),
                lambda p: tf.nn.softmax_cross_entropy_with_logits_v2(labels=p, logits=tf.ones([2, 3])))


def stack_shapes(tf):
    return _fed(tf, "float32", np.ones((2,)), lambda p: tf.stack([p, tf.ones([3])]))


def bias_add_size(tf):
    return _fed(tf, "float32", np.ones((2, 3)), lambda p: tf.nn.bias_add(p, tf.ones([4])))


def split_uneven(tf):
    return _fed(tf, "float32", np.ones((3,)), lambda p: tf.split(p, 2))


def unstack_count(tf):
    return _fed(tf, "float32", np.ones((2,)), lambda p: tf.unstack(tf.reshape(p, [-1]), num=3))


def mean_squared_error_shapes(tf):
    return _fed(tf, "float32", np.ones((2, 4)), lambda p: tf.losses.mean_squared_error(tf.ones([2, 3]), p))


def assign_shape(tf):
    return _fed(tf, "float32", np.ones((2,)), lambda p: tf.assign(tf.Variable(tf.ones([3])), p))


CASES = [v for k, v in sorted(globals().items()) if callable(v) and not k.startswith("_")
         and getattr(v, "__module__", None) == __name__]


def run(tf, case, message=lambda text: text.split("\n")[0]):
    """{'error': [class name, the kernel's message], 'value': ..., 'after': ...} for one case
    (`message` picks the kernel's message out of the error text)."""
    g = tf.Graph()
    out = {}
    with g.as_default():
        fetch, feed, after = case(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            try:
                v = sess.run(fetch, feed)
                out["value"] = None if v is None else np.asarray(v).tolist()
            except tf.errors.OpError as e:
                out["error"] = [type(e).__name__, message(e.message)]
            if after is not None:
                out["after"] = np.asarray(sess.run(after)).tolist()
    return out
