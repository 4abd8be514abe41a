"""Batch renormalization cases run identically on real TensorFlow (batch_renorm_make.py records them)
and on tf1 (tests/training/test_batch_renorm.py).

Each case builds one graph with `tf` and returns a dict:
  "train":  {label: tensor}   outputs computed with training on (fetched before each step),
  "infer":  {label: tensor}   outputs computed with training off (fetched after the last step),
  "loss":   a scalar whose gradients (w.r.t. the fed input and every trainable variable) are fetched,
  "feed":   function(step, training) -> feed_dict.
`run_case` then trains STEPS steps of plain gradient descent on `loss`, the update ops of
`GraphKeys.UPDATE_OPS` run through `tf.control_dependencies`, as a TF1 training loop does, and records
the outputs, the gradients and every global variable's value before each step and after the last,
plus the variable list (names, shapes), the model and trainable variable names and the names of the
update ops.

Real TF 2.21 has no `tf.contrib`: the contrib cases there go through `_emulated_contrib_batch_norm`,
which does what TF 1.15's contrib `batch_norm` does when `renorm=True` (renorm rules out its fused
path, so it builds the core `tf.layers.BatchNormalization` in a `BatchNorm` variable scope whose
custom getter makes every variable a model variable, with `momentum=decay`,
`renorm_momentum=renorm_decay`, axis 1 for NCHW, -1 for NHWC).
"""
import numpy as np

STEPS = 3
RNG = np.random.RandomState(11)


def _batches(shape, scale, shift):
    return [(RNG.standard_normal(shape) * scale + shift).astype(np.float32) for _ in range(STEPS + 1)]


X2 = _batches((6, 3), np.array([1.0, 3.0, 0.2]), np.array([0.5, -2.0, 4.0]))
X4 = _batches((4, 2, 2, 3), np.array([2.0, 0.5, 1.0]), np.array([1.0, 0.0, -3.0]))
X4C = _batches((4, 3, 2, 2), np.array([2.0, 0.5, 1.0]).reshape(3, 1, 1),
               np.array([1.0, 0.0, -3.0]).reshape(3, 1, 1))


def _weights(shape):
    return RNG.uniform(-1, 1, shape).astype(np.float32)


W2, W4, W4C = _weights((6, 3)), _weights((4, 2, 2, 3)), _weights((4, 3, 2, 2))


def _emulated_contrib_batch_norm(tf, inputs, decay=0.999, center=True, scale=False, epsilon=0.001,
                                 is_training=True, reuse=None, scope=None, renorm=False,
                                 renorm_clipping=None, renorm_decay=0.99, data_format="NHWC"):
    def model_variable_getter(getter, *args, **kwargs):
        kwargs["collections"] = list(kwargs.get("collections") or []) + [
            tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.MODEL_VARIABLES]
        return getter(*args, **kwargs)

    with tf.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse,
                           custom_getter=model_variable_getter) as sc:
        layer = tf.layers.BatchNormalization(
            axis=1 if data_format == "NCHW" else -1, momentum=decay, epsilon=epsilon, center=center,
            scale=scale, renorm=renorm, renorm_clipping=renorm_clipping, renorm_momentum=renorm_decay,
            name=sc.name, _scope=sc, _reuse=reuse, fused=True)
        return layer.apply(inputs, training=is_training)


def contrib_batch_norm(tf, inputs, **kwargs):
    if hasattr(tf, "contrib"):
        return tf.contrib.layers.batch_norm(inputs, **kwargs)
    return _emulated_contrib_batch_norm(tf, inputs, **kwargs)


def _loss(tf, pairs):
    return tf.add_n([tf.reduce_sum(y * tf.constant(w)) for y, w in pairs])


def layers_rank2(tf):
    x = tf.placeholder(tf.float32, [6, 3], name="x")
    y = tf.layers.batch_normalization(x, training=True, renorm=True, momentum=0.9, renorm_momentum=0.7)
    y_inf = tf.layers.batch_normalization(x, training=False, renorm=True, momentum=0.9,
                                          renorm_momentum=0.7, name="batch_normalization", reuse=True)
    return {"train": {"y": y}, "infer": {"y": y_inf}, "loss": _loss(tf, [(y, W2)]), "x": x,
            "feed": lambda step, training: {x: X2[step]}}


def layers_rank4_clipped(tf):
    x = tf.placeholder(tf.float32, [4, 2, 2, 3], name="x")
    clip = {"rmax": 1.2, "rmin": 0.9, "dmax": 0.1}
    # fused (the default) is turned off by renorm
    y = tf.layers.batch_normalization(x, training=True, renorm=True, renorm_clipping=clip,
                                      momentum=0.8, renorm_momentum=0.6, name="bn")
    y_inf = tf.layers.batch_normalization(x, training=False, renorm=True, renorm_clipping=clip,
                                          name="bn", reuse=True)
    return {"train": {"y": y}, "infer": {"y": y_inf}, "loss": _loss(tf, [(y, W4)]), "x": x,
            "feed": lambda step, training: {x: X4[step]}}


def layers_class_axis1_training_tensor(tf):
    x = tf.placeholder(tf.float32, [4, 3, 2, 2], name="x")
    training = tf.placeholder(tf.bool, [], name="training")
    layer = tf.layers.BatchNormalization(axis=1, renorm=True, renorm_clipping={"rmax": 1.5, "dmax": 0.5},
                                         renorm_momentum=0.9, momentum=0.5, center=False)
    y = layer(x, training=training)
    return {"train": {"y": y}, "infer": {"y": y}, "loss": _loss(tf, [(y, W4C)]), "x": x,
            "feed": lambda step, training_value: {x: X4C[step], training: training_value}}


def layers_two_layers_rmin_only(tf):
    x = tf.placeholder(tf.float32, [6, 3], name="x")
    h = tf.layers.batch_normalization(x, training=True, renorm=True, renorm_clipping={"rmin": 0.95},
                                      scale=False, renorm_momentum=0.5)
    y = tf.layers.batch_normalization(tf.tanh(h) * 3.0, training=True, renorm=True,
                                      renorm_clipping={"dmax": 0.05}, momentum=0.7, epsilon=0.01)
    return {"train": {"h": h, "y": y}, "infer": {}, "loss": _loss(tf, [(y, W2), (h, W2[::-1])]), "x": x,
            "feed": lambda step, training: {x: X2[step]}}


def contrib_rank2(tf):
    x = tf.placeholder(tf.float32, [6, 3], name="x")
    kwargs = dict(decay=0.9, scale=True, renorm=True, renorm_clipping={"rmax": 1.3, "rmin": 0.8, "dmax": 0.2},
                  renorm_decay=0.75)
    y = contrib_batch_norm(tf, x, is_training=True, **kwargs)
    y_inf = contrib_batch_norm(tf, x, is_training=False, scope="BatchNorm", reuse=True, **kwargs)
    return {"train": {"y": y}, "infer": {"y": y_inf}, "loss": _loss(tf, [(y, W2)]), "x": x,
            "feed": lambda step, training: {x: X2[step]}}


def contrib_rank4_nchw(tf):
    x = tf.placeholder(tf.float32, [4, 3, 2, 2], name="x")
    y = contrib_batch_norm(tf, x, data_format="NCHW", renorm=True, is_training=True, decay=0.6)
    y_inf = contrib_batch_norm(tf, x, data_format="NCHW", renorm=True, is_training=False, scope="BatchNorm",
                               reuse=True)
    return {"train": {"y": y}, "infer": {"y": y_inf}, "loss": _loss(tf, [(y, W4C)]), "x": x,
            "feed": lambda step, training: {x: X4C[step]}}


CASES = [layers_rank2, layers_rank4_clipped, layers_class_axis1_training_tensor, layers_two_layers_rmin_only,
         contrib_rank2, contrib_rank4_nchw]


def run_case(tf, case):
    values = {}
    with tf.Graph().as_default():
        c = case(tf)
        train_vars = tf.trainable_variables()
        global_vars = tf.global_variables()
        update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        grads = tf.gradients(c["loss"], [c["x"]] + train_vars)
        with tf.control_dependencies(update_ops):
            train_op = tf.train.GradientDescentOptimizer(0.1).minimize(c["loss"], var_list=train_vars)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(STEPS):
                out, g, var_values = sess.run([c["train"], grads, global_vars], c["feed"](step, True))
                for k, v in out.items():
                    values["step%d/train/%s" % (step, k)] = v
                for t, v in zip([c["x"]] + train_vars, g):
                    values["step%d/grad/%s" % (step, t.name)] = v
                for var, v in zip(global_vars, var_values):
                    values["step%d/var/%s" % (step, var.name)] = v
                sess.run(train_op, c["feed"](step, True))
            for var, v in zip(global_vars, sess.run(global_vars)):
                values["final/var/%s" % var.name] = v
            for k, v in sess.run(c["infer"], c["feed"](STEPS, False)).items():
                values["final/infer/%s" % k] = v
            for k, v in sess.run(c["train"], c["feed"](STEPS, True)).items():
                values["final/train/%s" % k] = v
        return {"variables": [[v.name, v.get_shape().as_list()] for v in global_vars],
                "model_variables": [v.name for v in tf.model_variables()],
                "trainable": [v.name for v in train_vars],
                "update_ops": [op.name for op in update_ops],
                "values": values}
