"""ExponentialMovingAverage scenarios run by real TF (make_optimizers.py) and by tf1
(tests/training/test_ema.py). Each returns JSON-able facts: shadow names, collections, the ops
`apply` added, and the shadow values after each of a few runs."""
import numpy as np


def _ops(g, n_before):
    return [[op.name, op.type] for op in g.get_operations()[n_before:]]


def variables_basic(tf):
    w = tf.Variable([1.0, -2.0], name="w")
    b = tf.Variable(3.0, name="b")
    ema = tf.train.ExponentialMovingAverage(0.9)
    step = [tf.assign_add(w, [1.0, 0.5]), tf.assign_add(b, -1.0)]
    with tf.control_dependencies(step):
        op = ema.apply([w, b])
    return ema, op, [w, b]


def num_updates(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    n = tf.Variable(0, name="n", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=n, name="avg")
    upd = [tf.assign_add(w, [2.0, -1.0]), tf.assign_add(n, 1)]
    with tf.control_dependencies(upd):
        op = ema.apply([w])
    return ema, op, [w]


def zero_debias_tensor(tf):
    w = tf.Variable(1.0, name="w")
    t = tf.assign_add(w, 1.0) * 2.0
    ema = tf.train.ExponentialMovingAverage(0.8, zero_debias=True)
    op = ema.apply([t])
    return ema, op, [t]


def tensor_no_debias(tf):
    w = tf.Variable([0.5, 1.5], name="w")
    t = tf.square(w.assign_add([1.0, 1.0]))
    ema = tf.train.ExponentialMovingAverage(0.5)
    op = ema.apply([t])
    return ema, op, [t]


def scoped_two_emas(tf):
    with tf.variable_scope("net"):
        w = tf.get_variable("w", initializer=tf.constant([1.0, 2.0, 3.0]))
    ema1 = tf.train.ExponentialMovingAverage(0.9)
    ema2 = tf.train.ExponentialMovingAverage(0.5)
    with tf.control_dependencies([tf.assign_add(w, [1.0, 1.0, 1.0])]):
        op = tf.group(ema1.apply([w]), ema2.apply([w]))
    return ema2, op, [w]


def assign_moving_average_fn(tf):
    v = tf.Variable([0.0, 10.0], name="v", trainable=False)
    x = tf.Variable([1.0, 1.0], name="x")
    with tf.control_dependencies([tf.assign_add(x, [1.0, 2.0])]):
        op = tf.train.ExponentialMovingAverage(0.5).apply([x])  # a second EMA object on x too
    with tf.control_dependencies([op]):  # reads x after its increment (no race between the two)
        op2 = _assign_moving_average(tf)(v, x, 0.75, zero_debias=False)
    return None, op2, [v]


def _assign_moving_average(tf):
    """tf1 exports it as tf.train.assign_moving_average (what `moving_averages.` resolves to under
    `tf1 run`); real TF keeps it in tensorflow.python.training.moving_averages."""
    fn = getattr(tf.train, "assign_moving_average", None)
    if fn is None:
        from tensorflow.python.training import moving_averages
        fn = moving_averages.assign_moving_average
    return fn


CASES = {
    "variables_basic": variables_basic,
    "num_updates": num_updates,
    "zero_debias_tensor": zero_debias_tensor,
    "tensor_no_debias": tensor_no_debias,
    "scoped_two_emas": scoped_two_emas,
    "assign_moving_average": assign_moving_average_fn,
}


def run_case(tf, name):
    g = tf.Graph()
    with g.as_default():
        n_before = len(g.get_operations())
        ema, op, targets = CASES[name](tf)
        facts = {"ops": _ops(g, n_before),
                 "global_variables": [v.name for v in tf.global_variables()],
                 "trainable_variables": [v.name for v in tf.trainable_variables()],
                 "moving_average_variables": [v.name for v in tf.moving_average_variables()],
                 "values": []}
        if ema is not None:
            shadows = [ema.average(t) for t in targets]
            facts["averages"] = [s.name for s in shadows]
            facts["average_names"] = [ema.average_name(t) for t in targets]
            facts["restore"] = sorted([k, v.name] for k, v in ema.variables_to_restore().items())
        else:
            shadows = targets
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            facts["values"].append([np.asarray(x).tolist() for x in sess.run(shadows)])
            for _ in range(3):
                sess.run(op)
                facts["values"].append([np.asarray(x).tolist() for x in sess.run(shadows)])
        return facts
