"""Optimizer scenarios run by real TF (make_optimizers.py) and by tf1 (tests/training/test_optimizers.py).

`CASES` maps a case name to `(optimizer name, keyword arguments, options)`; `run_case(tf, name)`
builds the same small regression problem in a fresh graph, trains it with that optimizer and returns
JSON-able facts: variable values after 1 and 3 steps, slot names, and the ops `apply_gradients` added.
"""
import numpy as np

X = np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.25], [2.0, 1.0]], dtype=np.float32)
Y = np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -0.5], [1.5, 0.5, 0.0], [-1.0, 1.0, 2.0]], dtype=np.float32)
W0 = np.array([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6]], dtype=np.float32)
B0 = np.array([0.05, -0.05, 0.0], dtype=np.float32)

# options: "dtype" (variables' dtype), "global_step" (minimize bumps a global step),
# "tensor_lr" (learning rate given as a tensor), "callable_lr" (given as a function).
CASES = {
    "gd": ("GradientDescentOptimizer", {"learning_rate": 0.05}, {}),
    "gd_global_step": ("GradientDescentOptimizer", {"learning_rate": 0.05}, {"global_step": True}),
    "momentum": ("MomentumOptimizer", {"learning_rate": 0.05, "momentum": 0.9}, {}),
    "momentum_nesterov": ("MomentumOptimizer", {"learning_rate": 0.05, "momentum": 0.9,
                                                "use_nesterov": True}, {"global_step": True}),
    "momentum_tensor_lr": ("MomentumOptimizer", {"momentum": 0.5}, {"tensor_lr": 0.05}),
    "adam": ("AdamOptimizer", {"learning_rate": 0.1}, {}),
    "adam_callable": ("AdamOptimizer", {"beta1": 0.8, "beta2": 0.99, "epsilon": 1e-4},
                      {"callable_lr": 0.02, "global_step": True}),
    "adam_f64": ("AdamOptimizer", {"learning_rate": 0.1}, {"dtype": "float64"}),
    "adagrad": ("AdagradOptimizer", {"learning_rate": 0.1, "initial_accumulator_value": 0.2}, {}),
    "adagrad_da": ("AdagradDAOptimizer", {"learning_rate": 0.1}, {"global_step": True, "da": True}),
    "adagrad_da_l1_l2": ("AdagradDAOptimizer", {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
                                                "l2_regularization_strength": 0.02},
                         {"global_step": True, "da": True}),
    "rmsprop": ("RMSPropOptimizer", {"learning_rate": 0.01}, {}),
    "rmsprop_centered_momentum": ("RMSPropOptimizer", {"learning_rate": 0.01, "decay": 0.8, "momentum": 0.5,
                                                       "centered": True, "epsilon": 1e-6}, {}),
    "adadelta": ("AdadeltaOptimizer", {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-6}, {}),
    "ftrl": ("FtrlOptimizer", {"learning_rate": 0.1}, {"ftrl": True}),
    "ftrl_l1_l2_power": ("FtrlOptimizer", {"learning_rate": 0.1, "learning_rate_power": -0.6,
                                           "l1_regularization_strength": 0.01,
                                           "l2_regularization_strength": 0.02}, {"ftrl": True}),
    "ftrl_shrinkage": ("FtrlOptimizer", {"learning_rate": 0.1, "l1_regularization_strength": 0.001,
                                         "l2_shrinkage_regularization_strength": 0.1,
                                         "initial_accumulator_value": 0.5}, {"ftrl": True}),
    "proximal_gd": ("ProximalGradientDescentOptimizer", {"learning_rate": 0.05}, {}),
    "proximal_gd_l1_l2": ("ProximalGradientDescentOptimizer", {"learning_rate": 0.05,
                                                               "l1_regularization_strength": 0.05,
                                                               "l2_regularization_strength": 0.1}, {}),
    "proximal_adagrad": ("ProximalAdagradOptimizer", {"learning_rate": 0.1}, {}),
    "proximal_adagrad_l1_l2": ("ProximalAdagradOptimizer", {"learning_rate": 0.1,
                                                            "l1_regularization_strength": 0.05,
                                                            "l2_regularization_strength": 0.1}, {}),
}


def run_case(tf, name):
    opt_name, kwargs, options = CASES[name]
    kwargs = dict(kwargs)
    g = tf.Graph()
    with g.as_default():
        dtype = getattr(tf, options.get("dtype", "float32"))
        w = tf.Variable(W0.astype(dtype.as_numpy_dtype), name="W")
        b = tf.Variable(B0.astype(dtype.as_numpy_dtype), name="b")
        pred = tf.matmul(tf.constant(X, dtype=dtype), w) + b
        loss = tf.reduce_mean(tf.square(pred - tf.constant(Y, dtype=dtype)))
        step = tf.train.get_or_create_global_step() if options.get("global_step") else None
        if options.get("da"):
            kwargs["global_step"] = step
        if "tensor_lr" in options:
            kwargs["learning_rate"] = tf.constant(options["tensor_lr"], name="lr")
        if "callable_lr" in options:
            kwargs["learning_rate"] = lambda: options["callable_lr"]
        opt = getattr(tf.train, opt_name)(**kwargs)
        grads_and_vars = opt.compute_gradients(loss)
        n_before = len(g.get_operations())
        grad_names = {gr.name: "<grad %s>" % v.op.name for gr, v in grads_and_vars}
        train = opt.apply_gradients(grads_and_vars, global_step=step)
        new_ops = [[op.name, op.type, [grad_names.get(t.name, t.name) for t in op.inputs]]
                   for op in g.get_operations()[n_before:]]
        facts = {
            "train_op": [train.name, train.type],
            "slot_names": opt.get_slot_names(),
            "slots": {v.op.name: {s: opt.get_slot(v, s).name for s in opt.get_slot_names()} for v in (w, b)},
            "optimizer_variables": [v.name for v in opt.variables()],
            "global_variables": [v.name for v in tf.global_variables()],
            "trainable_variables": [v.name for v in tf.trainable_variables()],
            "apply_ops": new_ops,
            "values": {},
        }
        watched = [w, b] + opt.variables() + ([step] if step is not None else [])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for n in range(1, 4):
                sess.run(train)
                if n in (1, 3):
                    vals = sess.run(watched)
                    facts["values"][str(n)] = {v.name: np.asarray(x).tolist() for v, x in zip(watched, vals)}
        return facts


# --------------------------------------------------------------- helpers of the tf1 tests
# (kept here so that tests/training/test_optimizers.py, test_ema.py and test_schedules.py share them)

# TF 1.15 builds `x + y` as AddV2 and tf.add as Add; the oracle builds AddV2 for both. The same op.
_SAME_TYPE = {"AddV2": "Add"}


def load_golden(name):
    import json
    import os
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name)) as f:
        return json.load(f)


def norm_ops(ops):
    return [[o[0], _SAME_TYPE.get(o[1], o[1])] + list(o[2:]) for o in ops]


def assert_close(got, want, what, rtol=1e-5, atol=1e-6):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape, "%s: shape %s != %s" % (what, got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=what)
