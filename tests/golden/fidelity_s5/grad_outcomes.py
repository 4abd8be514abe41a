"""Runs grad_cases.py's cases with a TF module (real TF or tf1) and returns each case's outcome."""
import numpy as np

import grad_cases


def outcome(tf, name):
    """'none' per x, the gradient's value as a nested list, or ['error', class name, message]."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2, 3], name="x")
        y, xs = grad_cases.CASES[name](tf, x)
        try:
            grads = tf.gradients(y, xs)
        except Exception as e:  # the class and message are the outcome
            return ["error", type(e).__name__, str(e).splitlines()[0]]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            vals = sess.run([tf.convert_to_tensor(gr) for gr in grads if gr is not None], {x: grad_cases.X})
        vals = iter(vals)
        return [None if gr is None else np.asarray(next(vals), np.float64).round(5).tolist()
                for gr in grads]
