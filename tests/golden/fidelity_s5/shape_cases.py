"""Static shapes inferred from shape-valued tensors (TF's constant_value_as_shape / the C++ shape
refiner's partial shapes): `fn(tf) -> tensor`; the recorded value is `str(tensor.shape)`.
Shared by make_fidelity.py (real TF) and tests/ops/test_fidelity_s5_shapes.py (tf1)."""

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _x(tf, shape=(None, 6)):
    return tf.placeholder(tf.float32, shape, name="x")


@case
def reshape_concat_consts(tf):
    return tf.reshape(_x(tf), tf.concat([[-1], [3]], 0))


@case
def reshape_stack_dim_and_consts(tf):
    x = _x(tf)
    return tf.reshape(x, tf.stack([tf.shape(x)[0], 2, 3]))


@case
def reshape_stack_minus_one(tf):
    return tf.reshape(_x(tf), tf.stack([-1, 3]))


@case
def reshape_shape_of_other(tf):
    y = tf.placeholder(tf.float32, [None, 3, 2])
    return tf.reshape(_x(tf), tf.shape(y))


@case
def reshape_concat_shape_slice(tf):
    x = _x(tf)
    return tf.reshape(x, tf.concat([tf.shape(x)[:1], [2, 3]], 0))


@case
def reshape_cast_const(tf):
    return tf.reshape(_x(tf), tf.cast(tf.constant([2.0, 3.0]), tf.int32))


@case
def reshape_known_shape_stack(tf):
    x = _x(tf, (4, 6))
    return tf.reshape(x, tf.stack([tf.shape(x)[0], -1]))


@case
def reshape_list_with_tensor(tf):
    x = _x(tf)
    return tf.reshape(x, [-1, tf.shape(x)[1]])


@case
def reshape_list_with_unknown_dim(tf):
    x = _x(tf, (None, 2, 3))
    return tf.reshape(x, [tf.shape(x)[0], 6])


@case
def reshape_shape_tail(tf):
    x = _x(tf, (None, 2, 3))
    return tf.reshape(x, tf.shape(x)[1:])


@case
def reshape_concat_shape_head_minus_one(tf):
    x = _x(tf, (None, 2, 3))
    return tf.reshape(x, tf.concat([tf.shape(x)[:-1], [-1]], 0))


@case
def reshape_floordiv_size(tf):
    x = _x(tf)
    return tf.reshape(x, tf.stack([tf.size(x) // 6, 6]))


@case
def reshape_cast_shape(tf):
    x = _x(tf, (None, 2, 3))
    return tf.reshape(x, tf.cast(tf.shape(x, out_type=tf.int64), tf.int32))


@case
def reshape_placeholder_shape(tf):
    s = tf.placeholder(tf.int32, [3])
    return tf.reshape(_x(tf), s)


@case
def fill_stack(tf):
    x = _x(tf)
    return tf.fill(tf.stack([tf.shape(x)[0], 3]), 1.0)


@case
def zeros_stack(tf):
    x = _x(tf)
    return tf.zeros(tf.stack([tf.shape(x)[0], 3]))


@case
def ones_concat(tf):
    x = _x(tf)
    return tf.ones(tf.concat([tf.shape(x)[:1], [5]], 0))


@case
def zeros_list_with_tensor(tf):
    x = _x(tf)
    return tf.zeros([tf.shape(x)[0], 4])


@case
def broadcast_to_stack(tf):
    x = _x(tf)
    return tf.broadcast_to(tf.constant([1.0] * 6), tf.stack([tf.shape(x)[0], 6]))


@case
def random_normal_stack(tf):
    x = _x(tf)
    return tf.random_normal(tf.stack([tf.shape(x)[0], 2]))


@case
def random_uniform_concat(tf):
    x = _x(tf, (None, 2, 3))
    return tf.random_uniform(tf.concat([tf.shape(x)[1:], [4]], 0))


@case
def truncated_normal_shape(tf):
    x = _x(tf, (None, 2, 3))
    return tf.truncated_normal(tf.shape(x))


@case
def tile_multiples_stack(tf):
    x = _x(tf)
    return tf.tile(x, tf.stack([2, 1]))
