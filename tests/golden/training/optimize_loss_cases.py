"""tf.contrib.layers.optimize_loss / adaptive_clipping_fn and slim.learning.create_train_op scenarios,
run by real TF 1.15 code (optimize_loss_make.py) and by tf1 (tests/training/test_optimize_loss.py).

Each scenario takes the `tf` module and returns JSON-able facts: variable names, summary names, the
graph's op names under OptimizeLoss that users see, and values over a few training steps.
"""
import numpy as np


def _round(x):
    return np.round(np.asarray(x, np.float64), 5).tolist()


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 (the type and message are the facts)
        return [type(e).__name__, str(e)]
    return None


def _model(tf):
    x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.25]])
    y = tf.constant([[1.0], [0.0], [2.0]])
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer([[0.3], [-0.2]]))
    b = tf.get_variable("b", [1], initializer=tf.constant_initializer(0.1))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    return loss, w, b


def _train(tf, train_op, fetches, steps=3):
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            out.append(_round(sess.run(train_op)))
        out.append([_round(v) for v in sess.run(fetches)])
    return out


def _op_names(tf):
    """The ops optimize_loss adds under its scope, less the gradient subgraph (TF builds one gradient op
    per forward op, tf1 one op for all) and ones_like's internals (TF 2.x builds them differently)."""
    return [o.name for o in tf.get_default_graph().get_operations()
            if o.name.startswith(("OptimizeLoss", "Train/", "train_op", "update_barrier", "clip_grads",
                                  "multiply_grads", "summarize_grads"))
            and "gradients/" not in o.name and "ones_like/" not in o.name]


def _facts(tf, train_op, fetches, steps=3, op_names=True):
    return {
        # TF 2.x's FtrlOptimizer builds different ops from TF 1.15's (a `beta` term, ones*value slot
        # initializers): its op names are not compared.
        "ops": _op_names(tf) if op_names else None,
        "train_op": [train_op.name, str(train_op.dtype.name)],
        "vars": [[v.name, v.op.type] for v in tf.global_variables()],
        "trainable": [v.name for v in tf.trainable_variables()],
        "summaries": [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)],
        "values": _train(tf, train_op, fetches, steps),
    }


def _optimizer_name(name, **kw):
    def case(tf):
        loss, w, b = _model(tf)
        gs = tf.train.get_or_create_global_step()
        op = tf.contrib.layers.optimize_loss(loss, gs, 0.1, name, **kw)
        return _facts(tf, op, [w, b, gs], op_names=name != "Ftrl")
    return case


def sgd_tensor_lr_decay(tf):
    loss, w, b = _model(tf)
    gs = tf.train.get_or_create_global_step()
    op = tf.contrib.layers.optimize_loss(
        loss, gs, tf.constant(0.2), "SGD",
        learning_rate_decay_fn=lambda lr, step: tf.train.exponential_decay(lr, step, 1, 0.5),
        summaries=["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"])
    return _facts(tf, op, [w, b, gs])


def float_lr_decay(tf):
    loss, w, b = _model(tf)
    gs = tf.train.get_or_create_global_step()
    op = tf.contrib.layers.optimize_loss(
        loss, gs, 0.2, "SGD", learning_rate_decay_fn=lambda lr, step: lr / tf.cast(step + 1, tf.float32))
    return _facts(tf, op, [w, b, gs])


def class_instance_callable(tf):
    f = {}
    for kind in ("class", "instance", "callable", "callable_no_lr"):
        with tf.Graph().as_default():
            loss, w, b = _model(tf)
            gs = tf.train.get_or_create_global_step()
            lr = 0.05
            if kind == "class":
                opt = tf.train.AdagradOptimizer
            elif kind == "instance":
                opt, lr = tf.train.MomentumOptimizer(0.05, 0.5), None
            elif kind == "callable":
                opt = lambda rate: tf.train.RMSPropOptimizer(rate, decay=0.8)  # noqa: E731
            else:
                opt, lr = (lambda: tf.train.GradientDescentOptimizer(0.3)), None  # noqa: E731
            op = tf.contrib.layers.optimize_loss(loss, gs, lr, opt, name="Train")
            f[kind] = _facts(tf, op, [w, b, gs])
    return f


def clip_multipliers_no_increment(tf):
    loss, w, b = _model(tf)
    gs = tf.train.get_or_create_global_step()
    op = tf.contrib.layers.optimize_loss(
        loss, gs, 0.1, "SGD", clip_gradients=0.5, gradient_multipliers={w: 2.0, "b:0": 0.0},
        increment_global_step=False, summaries=["gradient_norm"])
    return _facts(tf, op, [w, b, gs])


def update_ops_and_variables(tf):
    loss, w, b = _model(tf)
    gs = tf.train.get_or_create_global_step()
    counter = tf.get_variable("counter", [], initializer=tf.zeros_initializer(), trainable=False)
    tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign_add(counter, 1.0))
    op = tf.contrib.layers.optimize_loss(loss, gs, 0.1, "Ftrl", variables=[w], summaries=[])
    return _facts(tf, op, [w, b, gs, counter], op_names=False)


def adaptive_clipping(tf):
    loss, w, b = _model(tf)
    gs = tf.train.get_or_create_global_step()
    clip = tf.contrib.layers.adaptive_clipping_fn(decay=0.9, static_max_norm=1.0, global_step=gs,
                                                  report_summary=True)
    op = tf.contrib.layers.optimize_loss(loss, gs, 0.1, "SGD", clip_gradients=clip)
    return _facts(tf, op, [w, b, gs], steps=4)


def gradient_noise(tf):
    loss, w, b = _model(tf)
    gs = tf.train.get_or_create_global_step()
    op = tf.contrib.layers.optimize_loss(loss, gs, 0.1, "SGD", gradient_noise_scale=0.01)
    names = sorted(o.name for o in tf.get_default_graph().get_operations()
                   if o.type == "TruncatedNormal")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        moved = float(np.abs(sess.run(w) - np.array([[0.3], [-0.2]])).max())
    return {"noise_ops": names, "moved": moved > 0}


def errors(tf):
    loss, w, b = _model(tf)
    gs = tf.train.get_or_create_global_step()
    olm = tf.contrib.layers.optimize_loss
    return {
        "bad_summary": _err(lambda: olm(loss, gs, 0.1, "SGD", summaries=["nope"])),
        "bad_name": _err(lambda: olm(loss, gs, 0.1, "Nope")),
        "bad_lr": _err(lambda: olm(loss, gs, "x", "SGD")),
        "negative_lr": _err(lambda: olm(loss, gs, -1.0, "SGD")),
        "no_lr_string": _err(lambda: olm(loss, gs, None, "SGD")),
        "bad_opt": _err(lambda: olm(loss, gs, 0.1, 3)),
        "bad_clip": _err(lambda: olm(loss, gs, 0.1, "SGD", clip_gradients=1)),
        "nonscalar": _err(lambda: olm(tf.constant([1.0, 2.0]), gs, 0.1, "SGD")),
        "callable_bad": _err(lambda: olm(loss, gs, 0.1, lambda lr: 3)),
    }


def create_train_op(tf):
    f = {}
    for variant in ("plain", "clip_and_multiply", "no_global_step"):
        with tf.Graph().as_default():
            loss, w, b = _model(tf)
            gs = tf.train.get_or_create_global_step()
            counter = tf.get_variable("counter", [], initializer=tf.zeros_initializer(), trainable=False)
            tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign_add(counter, 1.0))
            opt = tf.train.GradientDescentOptimizer(0.1)
            kw = {}
            if variant == "clip_and_multiply":
                kw = dict(clip_gradient_norm=0.3, gradient_multipliers={w: 3.0}, summarize_gradients=True)
            if variant == "no_global_step":
                kw = dict(global_step=None)
            op = tf.contrib.slim.learning.create_train_op(loss, opt, **kw)
            facts = _facts(tf, op, [w, b, gs, counter])
            facts["train_op_collection"] = [t.name for t in tf.get_collection(tf.GraphKeys.TRAIN_OP)]
            f[variant] = facts
    return f


CASES = {
    "sgd": _optimizer_name("SGD"),
    "adam": _optimizer_name("Adam", summaries=["loss", "gradients"]),
    "adagrad": _optimizer_name("Adagrad"),
    "momentum": _optimizer_name("Momentum"),
    "rmsprop": _optimizer_name("RMSProp"),
    "ftrl": _optimizer_name("Ftrl"),
    "sgd_tensor_lr_decay": sgd_tensor_lr_decay,
    "float_lr_decay": float_lr_decay,
    "class_instance_callable": class_instance_callable,
    "clip_multipliers_no_increment": clip_multipliers_no_increment,
    "update_ops_and_variables": update_ops_and_variables,
    "adaptive_clipping": adaptive_clipping,
    "gradient_noise": gradient_noise,
    "errors": errors,
    "create_train_op": create_train_op,
}


def _listing(logdir):
    import os
    return sorted("events" if n.startswith("events.out.tfevents") else n for n in os.listdir(logdir))


def slim_train(tf):
    import tempfile
    f = {}
    for variant in ("default", "custom_step_fn", "no_logdir"):
        with tf.Graph().as_default(), tempfile.TemporaryDirectory() as logdir:
            loss, w, b = _model(tf)
            tf.summary.scalar("total_loss", loss)
            opt = tf.train.GradientDescentOptimizer(0.1)
            op = tf.contrib.slim.learning.create_train_op(loss, opt)
            calls = []
            kw = dict(number_of_steps=4, save_summaries_secs=600, save_interval_secs=600,
                      init_fn=lambda sess: calls.append(("init_fn", _round(sess.run(w)))))
            if variant == "custom_step_fn":
                def step_fn(sess, train_op, global_step, train_step_kwargs):
                    total, should_stop = tf.contrib.slim.learning.train_step(sess, train_op, global_step,
                                                                             train_step_kwargs)
                    calls.append(("step", _round(total), bool(should_stop)))
                    return total, should_stop
                kw["train_step_fn"] = step_fn
            final = tf.contrib.slim.learning.train(op, None if variant == "no_logdir" else logdir, **kw)
            facts = {"final_loss": _round(final), "calls": calls}
            if variant != "no_logdir":
                facts["files"] = _listing(logdir)
                facts["latest"] = tf.train.latest_checkpoint(logdir)[len(logdir) + 1:]
                facts["restored_w"] = _round(tf.train.load_variable(logdir, "w"))
            f[variant] = facts
    return f


CASES["slim_train"] = slim_train


def slim_evaluation(tf):
    import os
    import tempfile
    f = {}
    with tempfile.TemporaryDirectory() as root:
        train_dir, eval_dir = os.path.join(root, "train"), os.path.join(root, "eval")
        with tf.Graph().as_default():
            loss, w, b = _model(tf)
            op = tf.contrib.slim.learning.create_train_op(loss, tf.train.GradientDescentOptimizer(0.1))
            tf.contrib.slim.learning.train(op, train_dir, number_of_steps=3, save_summaries_secs=600,
                                           save_interval_secs=600)
        for variant in ("once", "loop"):
            with tf.Graph().as_default():
                loss, w, b = _model(tf)
                tf.train.get_or_create_global_step()
                mean, update = tf.metrics.mean(loss * 2.0)
                tf.summary.scalar("eval_mean", mean)
                logdir = os.path.join(eval_dir, variant)
                if variant == "once":
                    out = tf.contrib.slim.evaluation.evaluate_once(
                        "", tf.train.latest_checkpoint(train_dir), logdir, num_evals=3, eval_op=update,
                        final_op={"mean": mean, "w": w})
                else:
                    out = tf.contrib.slim.evaluation.evaluation_loop(
                        "", train_dir, logdir, num_evals=2, eval_op=[update], final_op=mean,
                        eval_interval_secs=0, max_number_of_evaluations=1)
                events = [n for n in os.listdir(logdir) if n.startswith("events.out.tfevents")]
                values = []
                for e in tf.train.summary_iterator(os.path.join(logdir, events[0])):
                    values += [[e.step, v.tag, round(v.simple_value, 4)] for v in e.summary.value]
                f[variant] = {"out": _round(out) if not isinstance(out, dict) else
                              {k: _round(v) for k, v in out.items()}, "events": values,
                              "local": [v.name for v in tf.local_variables()]}
    return f


CASES["slim_evaluation"] = slim_evaluation
