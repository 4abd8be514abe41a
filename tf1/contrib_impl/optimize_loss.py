"""`tf.contrib.layers.optimize_loss` and `adaptive_clipping_fn` (TF 1.15's contrib/layers/.../optimizers.py).

optimize_loss wraps an optimizer the way tf.learn models did: inside the `OptimizeLoss` variable scope
it makes the learning rate (a non-trainable `OptimizeLoss/learning_rate` variable when given a float),
builds the optimizer from a name, class, instance or factory, computes gradients, optionally adds
noise, multiplies, clips and summarises them, applies them (op `OptimizeLoss/train`) and returns the
loss made to depend on that update. Built on the public graph API, as TF's own module is.
"""
from ..api import export, export_value, public
from ..framework.graph import GraphKeys, get_collection
from ..ops.control_flow_ops import with_dependencies
from ..training.moving_averages import assign_moving_average

# The optimizers a name selects (factories of the learning rate, looked up in the public namespace
# when called); "Momentum" fixes momentum at 0.9, as TF does.
OPTIMIZER_CLS_NAMES = {
    "Adagrad": lambda learning_rate: public().train.AdagradOptimizer(learning_rate),
    "Adam": lambda learning_rate: public().train.AdamOptimizer(learning_rate),
    "Ftrl": lambda learning_rate: public().train.FtrlOptimizer(learning_rate),
    "Momentum": lambda learning_rate: public().train.MomentumOptimizer(learning_rate, momentum=0.9),
    "RMSProp": lambda learning_rate: public().train.RMSPropOptimizer(learning_rate),
    "SGD": lambda learning_rate: public().train.GradientDescentOptimizer(learning_rate),
}

OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"]
export_value("contrib.layers.OPTIMIZER_CLS_NAMES", OPTIMIZER_CLS_NAMES)
export_value("contrib.layers.OPTIMIZER_SUMMARIES", OPTIMIZER_SUMMARIES)


@export("contrib.framework.assert_scalar")
def assert_scalar(tensor, name=None):
    tf = public()
    with tf.name_scope(name, "assert_scalar", [tensor]) as scope:
        tensor = tf.convert_to_tensor(tensor, name=scope)
        shape = tensor.get_shape()
        if shape.ndims != 0:
            raise ValueError("Expected scalar shape for %s, saw shape: %s." % (tensor.name, shape))
        return tensor


def _learning_rate_tensor(learning_rate):
    tf = public()
    if isinstance(learning_rate, tf.Tensor) and learning_rate.get_shape().ndims == 0:
        return learning_rate
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            # TF passes the value as a second ValueError argument (its message is not %-formatted).
            raise ValueError("Invalid learning_rate %s.", learning_rate)
        return tf.get_variable("learning_rate", [], trainable=False,
                               initializer=tf.constant_initializer(learning_rate))
    raise ValueError("Learning rate should be 0d Tensor or float. Got %s of type %s"
                     % (str(learning_rate), str(type(learning_rate))))


def _make_optimizer(optimizer, learning_rate, lr):
    base = public().train.Optimizer
    if isinstance(optimizer, str):
        if lr is None:
            raise ValueError("Learning rate is None, but should be specified if optimizer is string (%s)."
                             % optimizer)
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError("Optimizer name should be one of [%s], you provided %s."
                             % (", ".join(OPTIMIZER_CLS_NAMES), optimizer))
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, base):
        if lr is None:
            raise ValueError("Learning rate is None, but should be specified if optimizer is class (%s)."
                             % optimizer)
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, base):
        return optimizer
    if callable(optimizer):
        opt = optimizer(lr) if learning_rate is not None else optimizer()
        if not isinstance(opt, base):
            raise ValueError("Unrecognized optimizer: function should return subclass of Optimizer. Got %s."
                             % str(opt))
        return opt
    raise ValueError("Unrecognized optimizer: should be string, subclass of Optimizer, instance of subclass "
                     "of Optimizer or function with one argument. Got %s." % str(optimizer))


def _is_sparse(grad):
    # tf1's gradients are dense; an IndexedSlices can still come from user code (e.g. a clip function).
    return type(grad).__name__ == "IndexedSlices"


def _values(grad):
    return grad.values if _is_sparse(grad) else grad


def _map_grad(grad, fn):
    """`fn` applied to a gradient's values, keeping an IndexedSlices sparse."""
    if _is_sparse(grad):
        return type(grad)(fn(grad.values), grad.indices, grad.dense_shape)
    return fn(grad)


def _add_scaled_noise_to_gradients(grads_and_vars, scale):
    tf = public()
    noisy = []
    for grad, var in grads_and_vars:
        if grad is not None:
            # TF draws noise of the dense shape even for IndexedSlices (it then adds it to the slices).
            shape = grad.dense_shape if _is_sparse(grad) else grad.get_shape()
            grad = grad + tf.truncated_normal(shape) * scale
        noisy.append((grad, var))
    return noisy


def _multiply_gradients(grads_and_vars, multipliers):
    tf = public()
    out = []
    for grad, var in grads_and_vars:
        if grad is not None and (var in multipliers or var.name in multipliers):
            m = multipliers[var if var in multipliers else var.name]
            if _is_sparse(grad):
                grad = _map_grad(grad, lambda v, m=m: v * m)
            else:
                grad *= tf.cast(m, grad.dtype)
        out.append((grad, var))
    return out


def _clip_gradients_by_norm(grads_and_vars, clip_norm):
    grads, variables = zip(*grads_and_vars)
    clipped, _ = public().clip_by_global_norm(grads, clip_norm)
    return list(zip(clipped, variables))


@export("contrib.layers.optimize_loss")
def optimize_loss(loss, global_step, learning_rate, optimizer, gradient_noise_scale=None,
                  gradient_multipliers=None, clip_gradients=None, learning_rate_decay_fn=None,
                  update_ops=None, variables=None, name=None, summaries=None,
                  colocate_gradients_with_ops=False, increment_global_step=True):
    tf = public()
    loss = tf.convert_to_tensor(loss)
    assert_scalar(loss)
    if global_step is None:
        global_step = tf.train.get_global_step()
    else:
        tf.train.assert_global_step(global_step)
    with tf.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(get_collection(GraphKeys.UPDATE_OPS))
        if update_ops:
            loss = with_dependencies(list(update_ops), loss)

        lr = _learning_rate_tensor(learning_rate) if learning_rate is not None else None
        if summaries is None:
            summaries = ["loss", "learning_rate", "global_gradient_norm"]
        else:
            for summ in summaries:
                if summ not in OPTIMIZER_SUMMARIES:
                    raise ValueError("Summaries should be one of [%s], you provided %s."
                                     % (", ".join(OPTIMIZER_SUMMARIES), summ))
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            # TF 1.15 writes the learning-rate summary only for a decayed rate.
            if "learning_rate" in summaries:
                tf.summary.scalar("learning_rate", lr)

        opt = _make_optimizer(optimizer, learning_rate, lr)
        if variables is None:
            variables = tf.trainable_variables()
        gradients = opt.compute_gradients(loss, variables,
                                          colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = _add_scaled_noise_to_gradients(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiply_gradients(gradients, gradient_multipliers)
            if not gradients:
                raise ValueError("Empty list of (gradient, var) pairs encountered. This is most likely to be "
                                 "caused by an improper value of gradient_multipliers.")
        norm_summaries = "global_gradient_norm" in summaries or "gradient_norm" in summaries
        if norm_summaries:
            tf.summary.scalar("global_norm/gradient_norm", tf.global_norm(list(zip(*gradients))[0]))

        if isinstance(clip_gradients, float):
            gradients = _clip_gradients_by_norm(gradients, clip_gradients)
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError("Unknown type %s for clip_gradients" % type(clip_gradients))

        if "loss" in summaries:
            tf.summary.scalar("loss", loss)
        for grad, var in gradients:
            values = _values(grad)
            if values is None:
                continue
            var_name = var.name.replace(":", "_")
            if "gradients" in summaries:
                tf.summary.histogram("gradients/%s" % var_name, values)
            if "gradient_norm" in summaries:
                tf.summary.scalar("gradient_norm/%s" % var_name, tf.global_norm([values]))
        if clip_gradients is not None and norm_summaries:
            tf.summary.scalar("global_norm/clipped_gradient_norm", tf.global_norm(list(zip(*gradients))[0]))

        grad_updates = opt.apply_gradients(gradients, global_step=global_step if increment_global_step else None,
                                           name="train")
        return with_dependencies([grad_updates], loss)


def _adaptive_max_norm(norm, std_factor, decay, global_step, epsilon, name):
    """exp(mean + std_factor * std) of log(norm), from moving averages of log(norm) and its square."""
    tf = public()
    with tf.variable_scope(name, "AdaptiveMaxNorm", [norm]):
        log_norm = tf.log(norm + epsilon)

        def moving_average(var_name, value, decay):
            var = tf.get_variable(var_name, shape=value.get_shape(), dtype=value.dtype,
                                  initializer=tf.zeros_initializer(), trainable=False)
            return assign_moving_average(var, value, decay, zero_debias=False)

        if global_step is not None:
            n = tf.cast(global_step, tf.float32)
            decay = tf.minimum(decay, n / (n + 1.))
        mean = moving_average("mean", log_norm, decay)
        sq_mean = moving_average("sq_mean", tf.square(log_norm), decay)
        variance = sq_mean - tf.square(mean)
        std = tf.sqrt(tf.maximum(epsilon, variance))
        return tf.exp(mean + std_factor * std), mean


@export("contrib.layers.adaptive_clipping_fn")
def adaptive_clipping_fn(std_factor=2., decay=0.95, static_max_norm=None, global_step=None,
                         report_summary=False, epsilon=1e-8, name=None):
    """A clip_gradients function rescaling gradients to norm exp(mean) when the global norm exceeds
    exp(mean + std_factor * std) of the moving log-norm statistics (arXiv:1412.1602, 3.2.1)."""
    def gradient_clipping(grads_and_vars):
        tf = public()
        grads, variables = zip(*grads_and_vars)
        norm = tf.global_norm(grads)
        max_norm, log_mean = _adaptive_max_norm(norm, std_factor, decay, global_step, epsilon, name)
        if report_summary:
            tf.summary.scalar("global_norm/adaptive_max_gradient_norm", max_norm)
        factor = tf.where(norm < max_norm, tf.ones_like(norm), tf.exp(log_mean) / norm)
        if static_max_norm is not None:
            factor = tf.minimum(static_max_norm / norm, factor)
        clipped = [None if g is None else _map_grad(g, lambda v: v * factor) for g in grads]
        return list(zip(clipped, variables))
    return gradient_clipping

