"""The v1 initializer constructions whose `dtype` notices TF 1.15 logs (or not), run in order by
make_goldens.py on real TF and by tests/ops/test_sweep_s2_init_ops.py on tf1; a class warns once per
process, so the order matters."""


def cases(tf):
    return [
        ("glorot_uniform_no_dtype", lambda: tf.glorot_uniform_initializer()),
        ("glorot_uniform_dtype", lambda: tf.glorot_uniform_initializer(dtype=tf.float32)),
        ("zeros_no_dtype", lambda: tf.zeros_initializer()),
        ("zeros_positional", lambda: tf.zeros_initializer(tf.float32)),
        ("zeros_again", lambda: tf.zeros_initializer(dtype=tf.float64)),
        ("random_normal_positional", lambda: tf.random_normal_initializer(0., 1., None, tf.float32)),
        ("variance_scaling", lambda: tf.variance_scaling_initializer(dtype=tf.float32)),
        ("three", lambda: (tf.truncated_normal_initializer(dtype=tf.float32),
                           tf.random_uniform_initializer(dtype=tf.float32),
                           tf.orthogonal_initializer(dtype=tf.float32))),
        ("identity_glorot_normal", lambda: (tf.initializers.identity(dtype=tf.float32),
                                            tf.glorot_normal_initializer(dtype=tf.float32))),
        ("constant_no_dtype", lambda: tf.constant_initializer(1.0)),
        ("constant_positional", lambda: tf.constant_initializer(1, tf.float32)),
        ("ones", lambda: tf.ones_initializer(dtype=tf.float32)),
    ]
