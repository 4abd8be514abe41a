"""Learning-rate schedules (`tf.train.exponential_decay`, ...), as TF 1.15 builds them.

TF 1.15's `tf.train.*_decay` functions wrap the Keras `LearningRateSchedule` classes and, in graph
mode, call the schedule on `global_step` at once: the result is a float tensor that is recomputed
from the step's current value each time it runs. Each schedule opens its own name scope
(`ExponentialDecay`, `PolynomialDecay`, ...) and names its result like the scope, as TF does.
"""
import math

from ..api import export
from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import math_ops
from ..ops._common import unary_fn
from ..ops.math_ops import cast

# Unary ops math_ops publishes only through the export table.
_floor, _ceil, _cos = unary_fn("Floor"), unary_fn("Ceil"), unary_fn("Cos")


def _convert_n(values):
    return [convert_to_tensor(v) for v in values]


class LearningRateSchedule:
    """A callable `step -> learning rate tensor` (Keras' `LearningRateSchedule`)."""

    def __call__(self, step):
        raise NotImplementedError("Learning rate schedule must override __call__")

    def get_config(self):
        raise NotImplementedError("Learning rate schedule must override get_config")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _ScheduleBase(LearningRateSchedule):
    _default_name = None
    _fields = ()

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def get_config(self):
        return {k: getattr(self, k) for k in self._fields}

    def _scope(self):
        return name_scope(self.name, self._default_name, [self.initial_learning_rate])

    def _lr(self):
        lr = convert_to_tensor(self.initial_learning_rate, name="initial_learning_rate")
        return lr, lr.dtype


class _RateDecay(_ScheduleBase):
    """The schedules driven by `decay_rate` and p = step / decay_steps, floored when `staircase`."""
    _fields = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                         decay_rate=decay_rate, staircase=staircase, name=name)

    def __call__(self, step):
        with self._scope() as name:
            lr, dtype = self._lr()
            decay_steps = cast(self.decay_steps, dtype)
            decay_rate = cast(self.decay_rate, dtype)
            p = cast(step, dtype) / decay_steps
            if self.staircase:
                p = _floor(p)
            return self._decayed(lr, decay_rate, p, dtype, name)


class ExponentialDecay(_RateDecay):
    """lr * decay_rate ^ (step / decay_steps), the exponent floored when `staircase`."""
    _default_name = "ExponentialDecay"

    def _decayed(self, lr, decay_rate, p, dtype, name):
        return math_ops.multiply(lr, math_ops.pow(decay_rate, p), name=name)


class PiecewiseConstantDecay(_ScheduleBase):
    """values[i] for boundaries[i-1] < step <= boundaries[i] (a `tf.case` over the intervals)."""
    _fields = ("boundaries", "values", "name")

    def __init__(self, boundaries, values, name=None):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of values")
        super().__init__(boundaries=boundaries, values=values, name=name)

    def __call__(self, step):
        from ..ops.cond_ops import case
        with name_scope(self.name, "PiecewiseConstant", [step] + list(self.boundaries) + list(self.values)):
            boundaries = _convert_n(self.boundaries)
            values = _convert_n(self.values)
            x = convert_to_tensor(step)
            for i, b in enumerate(boundaries):
                if b.dtype.base_dtype != x.dtype.base_dtype:
                    boundaries[i] = cast(b, x.dtype.base_dtype)
            pred_fn_pairs = [(x <= boundaries[0], lambda: values[0]),
                             (x > boundaries[-1], lambda: values[-1])]
            for low, high, v in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
                pred_fn_pairs.append(((x > low) & (x <= high), lambda v=v: v))
            # The intervals are exclusive and exhaustive; tf.case still wants a default.
            return case(pred_fn_pairs, lambda: values[0], exclusive=True)


class PolynomialDecay(_ScheduleBase):
    """(lr - end) * (1 - step/decay_steps)^power + end; `cycle` stretches decay_steps by ceil(step/decay_steps)."""
    _default_name = "PolynomialDecay"
    _fields = ("initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle", "name")

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                 name=None):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                         end_learning_rate=end_learning_rate, power=power, cycle=cycle, name=name)

    def __call__(self, step):
        from ..ops.elementwise_ops import where_v2
        with self._scope() as name:
            lr, dtype = self._lr()
            end_learning_rate = cast(self.end_learning_rate, dtype)
            power = cast(self.power, dtype)
            step_f = cast(step, dtype)
            decay_steps = cast(self.decay_steps, dtype)
            if self.cycle:
                # Step 0 uses multiplier 1, not ceil(0) = 0.
                multiplier = where_v2(math_ops.equal(step_f, 0), 1.0, _ceil(step_f / self.decay_steps))
                decay_steps = math_ops.multiply(decay_steps, multiplier)
            else:
                step_f = math_ops.minimum(step_f, decay_steps)
            p = math_ops.divide(step_f, decay_steps)
            return math_ops.add(math_ops.multiply(lr - end_learning_rate, math_ops.pow(1 - p, power)),
                                end_learning_rate, name=name)


class InverseTimeDecay(_RateDecay):
    """lr / (1 + decay_rate * step / decay_steps), the quotient floored when `staircase`."""
    _default_name = "InverseTimeDecay"

    def _decayed(self, lr, decay_rate, p, dtype, name):
        from ..ops.array_ops import constant
        const = cast(constant(1), dtype)
        denom = math_ops.add(const, math_ops.multiply(decay_rate, p))
        return math_ops.divide(lr, denom, name=name)


class CosineDecay(_ScheduleBase):
    """lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)."""
    _default_name = "CosineDecay"
    _fields = ("initial_learning_rate", "decay_steps", "alpha", "name")

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name=None):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps, alpha=alpha,
                         name=name)

    def __call__(self, step):
        # Unlike the other schedules, TF does not name the result after the scope.
        with self._scope():
            lr, dtype = self._lr()
            decay_steps = cast(self.decay_steps, dtype)
            step_f = math_ops.minimum(cast(step, dtype), decay_steps)
            completed_fraction = step_f / decay_steps
            cosine_decayed = _cosine_decayed(completed_fraction)
            decayed = (1 - self.alpha) * cosine_decayed + self.alpha
            return math_ops.multiply(lr, decayed)


class CosineDecayRestarts(_ScheduleBase):
    """SGDR: cosine decay restarted after first_decay_steps * t_mul^i steps, scaled by m_mul^i."""
    _default_name = "SGDRDecay"
    _fields = ("initial_learning_rate", "first_decay_steps", "_t_mul", "_m_mul", "alpha", "name")

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name=None):
        super().__init__(initial_learning_rate=initial_learning_rate, first_decay_steps=first_decay_steps,
                         _t_mul=t_mul, _m_mul=m_mul, alpha=alpha, name=name)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self._t_mul, "m_mul": self._m_mul,
                "alpha": self.alpha, "name": self.name}

    def __call__(self, step):
        from ..ops.cond_ops import cond
        with self._scope() as name:
            lr, dtype = self._lr()
            first_decay_steps = cast(self.first_decay_steps, dtype)
            alpha = cast(self.alpha, dtype)
            t_mul = cast(self._t_mul, dtype)
            m_mul = cast(self._m_mul, dtype)
            completed_fraction = cast(step, dtype) / first_decay_steps

            def compute_step(completed_fraction, geometric=False):
                """The restart index and the fraction completed within the current period."""
                if geometric:
                    i_restart = _floor(
                        math_ops.log(1.0 - completed_fraction * (1.0 - t_mul)) / math_ops.log(t_mul))
                    sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
                    completed_fraction = (completed_fraction - sum_r) / t_mul ** i_restart
                else:
                    i_restart = _floor(completed_fraction)
                    completed_fraction -= i_restart
                return i_restart, completed_fraction

            i_restart, completed_fraction = cond(
                math_ops.equal(t_mul, 1.0), lambda: compute_step(completed_fraction, geometric=False),
                lambda: compute_step(completed_fraction, geometric=True))
            m_fac = m_mul ** i_restart
            cosine_decayed = 0.5 * m_fac * (1.0 + _cos(_pi() * completed_fraction))
            decayed = (1 - alpha) * cosine_decayed + alpha
            return math_ops.multiply(lr, decayed, name=name)


def _pi():
    from ..ops.array_ops import constant
    return constant(math.pi)


def _cosine_decayed(fraction):
    """0.5 * (1 + cos(pi * fraction))."""
    return 0.5 * (1.0 + _cos(_pi() * fraction))


class LinearCosineDecay(_ScheduleBase):
    """lr * ((alpha + linear_decay) * cosine_decay(num_periods) + beta) (Bello et al. 2017)."""
    _default_name = "LinearCosineDecay"
    _fields = ("initial_learning_rate", "decay_steps", "num_periods", "alpha", "beta", "name")

    def __init__(self, initial_learning_rate, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001, name=None):
        super().__init__(initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                         num_periods=num_periods, alpha=alpha, beta=beta, name=name)

    def __call__(self, step):
        with self._scope() as name:
            lr, dtype = self._lr()
            decay_steps = cast(self.decay_steps, dtype)
            extra = self._extra_casts(dtype)
            num_periods = cast(self.num_periods, dtype)
            alpha = cast(self.alpha, dtype)
            beta = cast(self.beta, dtype)
            step_f = math_ops.minimum(cast(step, dtype), decay_steps)
            linear_decayed = self._linear_term((decay_steps - step_f) / decay_steps, step_f, extra)
            completed_fraction = step_f / decay_steps
            fraction = 2.0 * num_periods * completed_fraction
            cosine_decayed = _cosine_decayed(fraction)
            return math_ops.multiply(lr, (alpha + linear_decayed) * cosine_decayed + beta, name=name)

    def _extra_casts(self, dtype):
        """A subclass's own hyper-parameters, cast where TF casts them (right after decay_steps)."""
        return None

    def _linear_term(self, linear_decayed, step_f, extra):
        """(decay_steps - step) / decay_steps; the noisy schedule adds its noise here."""
        return linear_decayed


class NoisyLinearCosineDecay(LinearCosineDecay):
    """Linear cosine decay with Gaussian noise of variance initial_variance / (1 + step)^variance_decay."""
    _default_name = "NoisyLinearCosineDecay"
    _fields = ("initial_learning_rate", "decay_steps", "initial_variance", "variance_decay", "num_periods",
               "alpha", "beta", "name")

    def __init__(self, initial_learning_rate, decay_steps, initial_variance=1.0, variance_decay=0.55,
                 num_periods=0.5, alpha=0.0, beta=0.001, name=None):
        _ScheduleBase.__init__(self, initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
                               initial_variance=initial_variance, variance_decay=variance_decay,
                               num_periods=num_periods, alpha=alpha, beta=beta, name=name)

    def _extra_casts(self, dtype):
        return cast(self.initial_variance, dtype), cast(self.variance_decay, dtype)

    def _linear_term(self, linear_decayed, step_f, extra):
        from ..ops.random_ops import random_normal
        initial_variance, variance_decay = extra
        variance = initial_variance / math_ops.pow(1.0 + step_f, variance_decay)
        std = math_ops.sqrt(variance)
        return linear_decayed + random_normal(linear_decayed.shape, stddev=std)


# ------------------------------------------------------------------------ tf.train.* functions

@export("train.exponential_decay")
def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    return ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase=staircase, name=name)(global_step)


@export("train.piecewise_constant", "train.piecewise_constant_decay")
def piecewise_constant(x, boundaries, values, name=None):
    boundaries = _convert_n(boundaries)
    values = _convert_n(values)
    x_recomp = convert_to_tensor(x)
    # Only int32 -> int64 is promoted: other mismatches could compare wrongly (floats as ints).
    for i, b in enumerate(boundaries):
        if b.dtype.base_dtype != x_recomp.dtype.base_dtype:
            if b.dtype.base_dtype == dtypes.int32 and x_recomp.dtype.base_dtype == dtypes.int64:
                boundaries[i] = cast(b, x_recomp.dtype.base_dtype)
            else:
                raise ValueError("Boundaries (%s) must have the same dtype as x (%s)." % (
                    b.dtype.base_dtype, x_recomp.dtype.base_dtype))
    for v in values[1:]:
        if v.dtype.base_dtype != values[0].dtype.base_dtype:
            raise ValueError("Values must have elements all with the same dtype (%s vs %s)." % (
                values[0].dtype.base_dtype, v.dtype.base_dtype))
    return PiecewiseConstantDecay(boundaries, values, name=name)(x)


@export("train.polynomial_decay")
def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    return PolynomialDecay(learning_rate, decay_steps, end_learning_rate=end_learning_rate, power=power,
                           cycle=cycle, name=name)(global_step)


@export("train.natural_exp_decay")
def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    natural_exp_rate = math_ops.exp(math_ops.negative(decay_rate))
    return ExponentialDecay(learning_rate, decay_steps, natural_exp_rate, staircase=staircase,
                            name=name)(global_step)


@export("train.inverse_time_decay")
def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    return InverseTimeDecay(learning_rate, decay_steps, decay_rate, staircase=staircase, name=name)(global_step)


@export("train.cosine_decay")
def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    return CosineDecay(learning_rate, decay_steps, alpha=alpha, name=name)(global_step)


@export("train.cosine_decay_restarts")
def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                          name=None):
    return CosineDecayRestarts(learning_rate, first_decay_steps, t_mul=t_mul, m_mul=m_mul, alpha=alpha,
                               name=name)(global_step)


@export("train.linear_cosine_decay")
def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001,
                        name=None):
    return LinearCosineDecay(learning_rate, decay_steps, num_periods=num_periods, alpha=alpha, beta=beta,
                             name=name)(global_step)


@export("train.noisy_linear_cosine_decay")
def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0, variance_decay=0.55,
                              num_periods=0.5, alpha=0.0, beta=0.001, name=None):
    return NoisyLinearCosineDecay(learning_rate, decay_steps, initial_variance=initial_variance,
                                  variance_decay=variance_decay, num_periods=num_periods, alpha=alpha, beta=beta,
                                  name=name)(global_step)
