"""`tf.distributions.Normal` (and `NormalWithSoftplusScale`) with its closed-form Normal-Normal KL."""
import math

from ..api import export, public as _tf
from ..framework.graph import name_scope
from . import special_math
from .distribution import FULLY_REPARAMETERIZED, Distribution, export_dist, warn_deprecated
from .kullback_leibler import RegisterKL
from .location_scale import LocScale
from .util import same_float_dtype

_MODULE = "tensorflow.python.ops.distributions.normal"


@export_dist("Normal")
class Normal(LocScale, Distribution):
    """N(loc, scale**2), batched by broadcasting `loc` against `scale`."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Normal"):
        warn_deprecated("Normal.__init__", _MODULE)
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[loc, scale]) as name:
            with tf.control_dependencies([tf.debugging.assert_positive(scale)] if validate_args else []):
                self._loc = tf.identity(loc, name="loc")
                self._scale = tf.identity(scale, name="scale")
                same_float_dtype([self._loc, self._scale])
        super().__init__(dtype=self._scale.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._loc, self._scale], name=name)

    def _sample_n(self, n, seed=None):
        tf = _tf()
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        sampled = tf.random_normal(shape=shape, mean=0., stddev=1., dtype=self.loc.dtype, seed=seed)
        return sampled * self.scale + self.loc

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_cdf(self, x):
        return special_math.log_ndtr(self._z(x))

    def _cdf(self, x):
        return special_math.ndtr(self._z(x))

    def _log_survival_function(self, x):
        return special_math.log_ndtr(-self._z(x))

    def _survival_function(self, x):
        return special_math.ndtr(-self._z(x))

    def _log_unnormalized_prob(self, x):
        return -0.5 * _tf().square(self._z(x))

    def _log_normalization(self):
        return 0.5 * math.log(2. * math.pi) + _tf().log(self.scale)

    def _entropy(self):
        tf = _tf()
        scale = self.scale * tf.ones_like(self.loc)
        return 0.5 * math.log(2. * math.pi * math.e) + tf.log(scale)

    def _mean(self):
        return self.loc * _tf().ones_like(self.scale)

    def _quantile(self, p):
        return self._inv_z(special_math.ndtri(p))

    def _stddev(self):
        return self.scale * _tf().ones_like(self.loc)

    def _mode(self):
        return self._mean()

    def _z(self, x):
        with name_scope("standardize", values=[x]):
            return (x - self.loc) / self.scale

    def _inv_z(self, z):
        with name_scope("reconstruct", values=[z]):
            return z * self.scale + self.loc


@export("contrib.distributions.NormalWithSoftplusScale")
class NormalWithSoftplusScale(Normal):
    """Normal(loc, softplus(scale))."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="NormalWithSoftplusScale"):
        parameters = dict(locals())
        with name_scope(name, values=[scale]) as name:
            super().__init__(loc=loc, scale=_tf().nn.softplus(scale, name="softplus_scale"),
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = parameters
        self._parameters.pop("self", None)
        self._parameters.pop("__class__", None)


@RegisterKL(Normal, Normal)
def _kl_normal_normal(n_a, n_b, name=None):
    tf = _tf()
    with name_scope(name, "kl_normal_normal", [n_a.loc, n_b.loc]):
        one = tf.constant(1, dtype=n_a.dtype)
        two = tf.constant(2, dtype=n_a.dtype)
        half = tf.constant(0.5, dtype=n_a.dtype)
        s_a_squared = tf.square(n_a.scale)
        s_b_squared = tf.square(n_b.scale)
        ratio = s_a_squared / s_b_squared
        return (tf.squared_difference(n_a.loc, n_b.loc) / (two * s_b_squared)
                + half * (ratio - one - tf.log(ratio)))
