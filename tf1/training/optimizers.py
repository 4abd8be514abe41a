"""The `tf.train.*Optimizer`s beyond plain gradient descent, each beside its training op.

Every optimizer follows TF 1.15's class of the same name: the same slots (names, initial values,
creation order), the same hyper-parameter tensors (`Adam/learning_rate`, ...), and one `Apply*` op
per variable whose lowering is the formula of TF's CPU kernel (`core/kernels/training_ops.cc`).
Branches that TF's kernel takes on a scalar input's value (`l1 > 0`, `lr_power == -0.5`) are
`jnp.where` selections, so the lowering stays traceable when those scalars are fed or computed.
"""
import jax.numpy as jnp
from jax import lax

from ..api import export
from ..framework.graph import get_default_graph
from ..ops import array_ops, init_ops
from ..ops.array_ops import constant
from ..ops.control_flow_ops import group
from ..ops.math_ops import cast
from .optimizer import Optimizer, _cast_all, training_op


def _as(x, like):
    return jnp.asarray(x, dtype=jnp.result_type(like))


# ------------------------------------------------------------------------- training ops

@training_op("ApplyMomentum", n_refs=2)
def _momentum_update(op, refs, lr, grad, momentum):
    var, accum = refs
    lr, momentum = _as(lr, var), _as(momentum, var)
    accum = accum * momentum + grad
    if op.get_attr("use_nesterov"):
        return [var - (grad * lr + accum * momentum * lr), accum]
    return [var - accum * lr, accum]


@training_op("ApplyAdam", n_refs=3)
def _adam_update(op, refs, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad):
    var, m, v = refs
    one = _as(1, var)
    alpha = lr * jnp.sqrt(one - beta2_power) / (one - beta1_power)
    m = m + (grad - m) * (one - beta1)
    v = v + (jnp.square(grad) - v) * (one - beta2)
    if op.get_attr("use_nesterov"):
        var = var - ((grad * (one - beta1) + beta1 * m) * alpha) / (jnp.sqrt(v) + epsilon)
    else:
        var = var - (m * alpha) / (jnp.sqrt(v) + epsilon)
    return [var, m, v]


@training_op("ApplyAdagrad", n_refs=2)
def _adagrad_update(op, refs, lr, grad):
    var, accum = refs
    if op.get_attr("update_slots"):
        accum = accum + jnp.square(grad)
    return [var - grad * lr * lax.rsqrt(accum), accum]


@training_op("ApplyAdagradDA", n_refs=3)
def _adagrad_da_update(op, refs, grad, lr, l1, l2, global_step):
    var, g_acc, gg_acc = refs
    g_acc = g_acc + grad
    gg_acc = gg_acc + jnp.square(grad)
    # TF's kernel turns the int64 step into a float before mixing it with the T-typed scalars.
    step = _as(jnp.asarray(global_step, jnp.float32), var)
    denom = l2 * (step * lr) + jnp.sqrt(gg_acc)
    with_l1 = lr * -1.0 * jnp.sign(g_acc) * jnp.maximum(jnp.abs(g_acc) - step * l1, 0) / denom
    without = lr * g_acc * -1.0 / denom
    return [jnp.where(l1 > 0, with_l1, without).astype(var.dtype), g_acc, gg_acc]


def _rmsprop_step(var, mg, ms, mom, lr, rho, momentum, epsilon, grad):
    """RMSProp's step; centered on the mean gradient `mg` unless it is None."""
    ms = ms + (jnp.square(grad) - ms) * (1 - rho)
    if mg is None:
        denom = ms + epsilon
    else:
        mg = mg + (grad - mg) * (1 - rho)
        denom = (ms - jnp.square(mg)) + epsilon
    mom = mom * momentum + (grad * lr) / jnp.sqrt(denom)
    return var - mom, mg, ms, mom


@training_op("ApplyRMSProp", n_refs=3)
def _rmsprop_update(op, refs, *inputs):
    var, ms, mom = refs
    var, _, ms, mom = _rmsprop_step(var, None, ms, mom, *inputs)
    return [var, ms, mom]


@training_op("ApplyCenteredRMSProp", n_refs=4)
def _centered_rmsprop_update(op, refs, *inputs):
    return list(_rmsprop_step(*refs, *inputs))


@training_op("ApplyAdadelta", n_refs=3)
def _adadelta_update(op, refs, lr, rho, epsilon, grad):
    var, accum, accum_update = refs
    accum = accum * rho + jnp.square(grad) * (1 - rho)
    update = jnp.sqrt(accum_update + epsilon) * lax.rsqrt(accum + epsilon) * grad
    var = var - update * lr
    accum_update = accum_update * rho + jnp.square(update) * (1 - rho)
    return [var, accum, accum_update]


def _ftrl_step(var, accum, linear, grad, lr, l1, l2, lr_power, shrinkage):
    g_shrunk = grad + 2 * shrinkage * var if shrinkage is not None else grad
    new_accum = accum + jnp.square(grad)
    special = lr_power == -0.5
    new_pow = jnp.where(special, jnp.sqrt(new_accum), jnp.power(new_accum, -lr_power))
    old_pow = jnp.where(special, jnp.sqrt(accum), jnp.power(accum, -lr_power))
    linear = linear + g_shrunk - (new_pow - old_pow) / lr * var
    x = l1 * jnp.sign(linear) - linear
    y = new_pow / lr + 2 * l2
    var = jnp.where(jnp.abs(linear) > l1, x / y, jnp.zeros_like(var))
    return [var, new_accum, linear]


@training_op("ApplyFtrl", n_refs=3)
def _ftrl_update(op, refs, grad, lr, l1, l2, lr_power):
    return _ftrl_step(*refs, grad, lr, l1, l2, lr_power, None)


@training_op("ApplyFtrlV2", n_refs=3)
def _ftrl_v2_update(op, refs, grad, lr, l1, l2, l2_shrinkage, lr_power):
    return _ftrl_step(*refs, grad, lr, l1, l2, lr_power, l2_shrinkage)


def _proximal(prox_var, lr, l1, l2):
    """sign(v) * max(|v| - lr*l1, 0) / (1 + lr*l2), or v / (1 + lr*l2) without l1 (Fobos)."""
    shrunk = jnp.sign(prox_var) * jnp.maximum(jnp.abs(prox_var) - lr * l1, 0) / (1 + l2 * lr)
    return jnp.where(l1 > 0, shrunk, prox_var / (1 + l2 * lr))


@training_op("ApplyProximalGradientDescent")
def _proximal_gd_update(op, refs, alpha, l1, l2, delta):
    (var,) = refs
    return [_proximal(var - delta * alpha, alpha, l1, l2)]


@training_op("ApplyProximalAdagrad", n_refs=2)
def _proximal_adagrad_update(op, refs, lr, l1, l2, grad):
    var, accum = refs
    accum = accum + jnp.square(grad)
    learning_rate = lr * lax.rsqrt(accum)
    return [_proximal(var - grad * learning_rate, learning_rate, l1, l2), accum]


# --------------------------------------------------------------------------- optimizers

def _filled_like(v, value):
    """A constant of `v`'s shape and dtype, colocated with `v`: the initial value of a slot."""
    with get_default_graph().colocate_with(v.op):
        return constant(value, shape=v.get_shape(), dtype=v.dtype.base_dtype)


# The hyper-parameters these optimizers keep as tensors without calling them first, as TF does.
_LR_L1_L2 = (("_learning_rate", "learning_rate"),
             ("_l1_regularization_strength", "l1_regularization_strength"),
             ("_l2_regularization_strength", "l2_regularization_strength"))


@export("train.MomentumOptimizer")
class MomentumOptimizer(Optimizer):
    _hypers = (("_learning_rate", "learning_rate"), ("_momentum", "momentum"))

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        self._zeros_slots(var_list, "momentum")

    def _apply_dense(self, grad, var):
        lr, momentum = _cast_all(var, self._learning_rate_tensor, self._momentum_tensor)
        return self._apply("ApplyMomentum", var, ["momentum"], [lr, grad, momentum],
                           extra_attrs={"use_nesterov": bool(self._use_nesterov)}).op


@export("train.AdamOptimizer")
class AdamOptimizer(Optimizer):
    _hypers = (("_lr", "learning_rate"), ("_beta1", "beta1"), ("_beta2", "beta2"), ("_epsilon", "epsilon"))
    _hyper_suffix = "_t"

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False,
                 name="Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon
        self._lr_t = self._beta1_t = self._beta2_t = self._epsilon_t = None

    def _get_beta_accumulators(self):
        g = get_default_graph()
        return self._get_non_slot_variable("beta1_power", g), self._get_non_slot_variable("beta2_power", g)

    def _create_slots(self, var_list):
        # The beta powers live beside the variable whose name sorts first, as in TF.
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        self._zeros_slots(var_list, "m", "v")

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        hypers = _cast_all(var, beta1_power, beta2_power, self._lr_t, self._beta1_t, self._beta2_t,
                           self._epsilon_t)
        return self._apply("ApplyAdam", var, ["m", "v"], hypers + [grad],
                           extra_attrs={"use_nesterov": False}).op

    def _finish(self, update_ops, name_scope_name):
        g = get_default_graph()
        with g.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            with g.colocate_with(beta1_power.op):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, use_locking=self._use_locking)
                update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, use_locking=self._use_locking)
        return group(*(list(update_ops) + [update_beta1, update_beta2]), name=name_scope_name)


@export("train.AdagradOptimizer")
class AdagradOptimizer(Optimizer):
    _hypers = (("_learning_rate", "learning_rate"),)

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s" % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._learning_rate_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            dtype = v.dtype.base_dtype
            if v.get_shape().is_fully_defined():
                init = init_ops.constant_initializer(self._initial_accumulator_value, dtype=dtype)
            else:
                init = self._init_constant_op(v, dtype)
            self._get_or_make_slot_with_initializer(v, init, v.get_shape(), dtype, "accumulator", self._name)

    def _init_constant_op(self, v, dtype):
        def init():
            value = array_ops.fill(array_ops.shape(v), self._initial_accumulator_value)
            return cast(value, dtype)
        return init

    def _apply_dense(self, grad, var):
        return self._apply("ApplyAdagrad", var, ["accumulator"],
                           _cast_all(var, self._learning_rate_tensor) + [grad],
                           extra_attrs={"update_slots": True})


@export("train.AdagradDAOptimizer")
class AdagradDAOptimizer(Optimizer):
    _hypers = (("_learning_rate", "learning_rate"),)
    _call_hypers = False

    def __init__(self, learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False,
                 name="AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError("initial_gradient_squared_accumulator_value must be positive: %s"
                             % initial_gradient_squared_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_gradient_squared_accumulator_value = initial_gradient_squared_accumulator_value
        self._learning_rate_tensor = None
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._global_step = global_step
        self._global_step_on_worker = None

    def _create_slots(self, var_list):
        for v in var_list:
            g_val = _filled_like(v, 0.0)
            gg_val = _filled_like(v, self._initial_gradient_squared_accumulator_value)
            self._get_or_make_slot(v, g_val, "gradient_accumulator", self._name)
            self._get_or_make_slot(v, gg_val, "gradient_squared_accumulator", self._name)

    def _prepare(self):
        super()._prepare()
        with get_default_graph().colocate_with(self._learning_rate_tensor.op):
            self._global_step_on_worker = array_ops.identity(self._global_step) + 1

    def _apply_dense(self, grad, var):
        with get_default_graph().device(var.device):
            global_step = array_ops.identity(self._global_step_on_worker)
        hypers = _cast_all(var, self._learning_rate_tensor, self._l1_regularization_strength,
                           self._l2_regularization_strength)
        return self._apply("ApplyAdagradDA", var, ["gradient_accumulator", "gradient_squared_accumulator"],
                           [grad] + hypers + [global_step])


@export("train.RMSPropOptimizer")
class RMSPropOptimizer(Optimizer):
    _hypers = (("_learning_rate", "learning_rate"), ("_decay", "decay"), ("_momentum", "momentum"),
               ("_epsilon", "epsilon"))

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False,
                 centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = centered
        self._learning_rate_tensor = self._decay_tensor = None
        self._momentum_tensor = self._epsilon_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            if v.get_shape().is_fully_defined():
                init_rms = init_ops.ones_initializer(dtype=v.dtype.base_dtype)
            else:
                init_rms = array_ops.ones_like(v)
            self._get_or_make_slot_with_initializer(v, init_rms, v.get_shape(), v.dtype.base_dtype, "rms",
                                                    self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        hypers = _cast_all(var, self._learning_rate_tensor, self._decay_tensor, self._momentum_tensor,
                           self._epsilon_tensor) + [grad]
        if self._centered:
            return self._apply("ApplyCenteredRMSProp", var, ["mg", "rms", "momentum"], hypers).op
        return self._apply("ApplyRMSProp", var, ["rms", "momentum"], hypers).op


@export("train.AdadeltaOptimizer")
class AdadeltaOptimizer(Optimizer):
    _hypers = (("_lr", "lr"), ("_rho", "rho"), ("_epsilon", "epsilon"))
    _hyper_suffix = "_t"

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._rho = rho
        self._epsilon = epsilon
        self._lr_t = self._rho_t = self._epsilon_t = None

    def _create_slots(self, var_list):
        self._zeros_slots(var_list, "accum", "accum_update")

    def _apply_dense(self, grad, var):
        return self._apply("ApplyAdadelta", var, ["accum", "accum_update"],
                           _cast_all(var, self._lr_t, self._rho_t, self._epsilon_t) + [grad])


@export("train.FtrlOptimizer")
class FtrlOptimizer(Optimizer):
    _hypers = _LR_L1_L2 + (("_l2_shrinkage_regularization_strength", "l2_shrinkage_regularization_strength"),
                           ("_learning_rate_power", "learning_rate_power"))
    _call_hypers = False

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False,
                 name="Ftrl", accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0):
        super().__init__(use_locking, name)
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value %f needs to be positive or zero"
                             % initial_accumulator_value)
        if learning_rate_power > 0.0:
            raise ValueError("learning_rate_power %f needs to be negative or zero" % learning_rate_power)
        if l1_regularization_strength < 0.0:
            raise ValueError("l1_regularization_strength %f needs to be positive or zero"
                             % l1_regularization_strength)
        if l2_regularization_strength < 0.0:
            raise ValueError("l2_regularization_strength %f needs to be positive or zero"
                             % l2_regularization_strength)
        if l2_shrinkage_regularization_strength < 0.0:
            raise ValueError("l2_shrinkage_regularization_strength %f needs to be positive or zero"
                             % l2_shrinkage_regularization_strength)
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self._accum_name = accum_name
        self._linear_name = linear_name

    def _create_slots(self, var_list):
        g = get_default_graph()
        for v in var_list:
            with g.colocate_with(v.op):
                val = _filled_like(v, self._initial_accumulator_value)
                self._get_or_make_slot(v, val, "accum", self._accum_name or self._name)
                self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _apply_dense(self, grad, var):
        head = _cast_all(var, self._learning_rate_tensor, self._l1_regularization_strength_tensor,
                         self._l2_regularization_strength_tensor)
        (power,) = _cast_all(var, self._learning_rate_power_tensor)
        if self._l2_shrinkage_regularization_strength <= 0.0:
            return self._apply("ApplyFtrl", var, ["accum", "linear"], [grad] + head + [power])
        (shrinkage,) = _cast_all(var, self._l2_shrinkage_regularization_strength_tensor)
        return self._apply("ApplyFtrlV2", var, ["accum", "linear"], [grad] + head + [shrinkage, power])


@export("train.ProximalGradientDescentOptimizer")
class ProximalGradientDescentOptimizer(Optimizer):
    _hypers = _LR_L1_L2
    _call_hypers = False

    def __init__(self, learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._l1_regularization_strength_tensor = self._l2_regularization_strength_tensor = None

    def _apply_dense(self, grad, var):
        return self._apply("ApplyProximalGradientDescent", var, [],
                           [self._learning_rate_tensor, self._l1_regularization_strength_tensor,
                            self._l2_regularization_strength_tensor, grad]).op


@export("train.ProximalAdagradOptimizer")
class ProximalAdagradOptimizer(Optimizer):
    _hypers = _LR_L1_L2
    _call_hypers = False

    def __init__(self, learning_rate, initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s" % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._l1_regularization_strength_tensor = self._l2_regularization_strength_tensor = None
        self._learning_rate_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot(v, _filled_like(v, self._initial_accumulator_value), "accumulator",
                                   self._name)

    def _apply_dense(self, grad, var):
        return self._apply("ApplyProximalAdagrad", var, ["accumulator"],
                           [self._learning_rate_tensor, self._l1_regularization_strength_tensor,
                            self._l2_regularization_strength_tensor, grad])
