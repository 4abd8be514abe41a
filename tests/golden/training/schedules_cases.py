"""Learning-rate schedule scenarios run by real TF (make_optimizers.py) and by tf1
(tests/training/test_schedules.py): each builds `tf.train.<fn>(...)` on a global step, records the
ops it added and the rate at the steps in STEPS (the step is loaded between runs)."""
import numpy as np

STEPS = [0, 1, 5, 10, 15, 25, 40, 100]

# name: (function, positional args after (learning_rate, global_step) handled by kwargs, step dtype)
CASES = {
    "exponential": ("exponential_decay", {"learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9}),
    "exponential_staircase": ("exponential_decay", {"learning_rate": 0.5, "decay_steps": 7, "decay_rate": 0.5,
                                                    "staircase": True, "name": "lr"}),
    "piecewise": ("piecewise_constant", {"boundaries": [5, 20], "values": [1.0, 0.5, 0.1]}),
    "piecewise_one": ("piecewise_constant", {"boundaries": [10], "values": [0.3, 0.03]}),
    "polynomial": ("polynomial_decay", {"learning_rate": 0.1, "decay_steps": 20, "end_learning_rate": 0.01,
                                        "power": 2.0}),
    "polynomial_cycle": ("polynomial_decay", {"learning_rate": 0.1, "decay_steps": 12,
                                              "end_learning_rate": 0.001, "cycle": True}),
    "natural_exp": ("natural_exp_decay", {"learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5}),
    "natural_exp_staircase": ("natural_exp_decay", {"learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5,
                                                    "staircase": True}),
    "inverse_time": ("inverse_time_decay", {"learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5}),
    "inverse_time_staircase": ("inverse_time_decay", {"learning_rate": 0.1, "decay_steps": 5,
                                                      "decay_rate": 0.5, "staircase": True}),
    "cosine": ("cosine_decay", {"learning_rate": 0.1, "decay_steps": 30, "alpha": 0.1}),
    "cosine_restarts": ("cosine_decay_restarts", {"learning_rate": 0.1, "first_decay_steps": 8}),
    "cosine_restarts_t1": ("cosine_decay_restarts", {"learning_rate": 0.1, "first_decay_steps": 8,
                                                     "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.05}),
    "linear_cosine": ("linear_cosine_decay", {"learning_rate": 0.1, "decay_steps": 30, "num_periods": 2.0,
                                              "alpha": 0.1, "beta": 0.01}),
    "noisy_linear_cosine": ("noisy_linear_cosine_decay", {"learning_rate": 0.1, "decay_steps": 30}),
}
NOISY = {"noisy_linear_cosine"}  # random: only the shape and range of the values are compared


def run_case(tf, name):
    fn, kwargs = CASES[name]
    g = tf.Graph()
    with g.as_default():
        step = tf.train.get_or_create_global_step()
        n_before = len(g.get_operations())
        if fn == "piecewise_constant":
            lr = tf.train.piecewise_constant(step, **kwargs)
        else:
            lr = getattr(tf.train, fn)(global_step=step, **kwargs)
        facts = {"name": lr.name, "dtype": lr.dtype.name, "shape": str(lr.get_shape()),
                 "ops": [[op.name, op.type] for op in g.get_operations()[n_before:]], "values": []}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for s in STEPS:
                step.load(s, sess)
                facts["values"].append(float(np.asarray(sess.run(lr))))
        return facts
