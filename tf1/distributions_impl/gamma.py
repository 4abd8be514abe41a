"""`tf.distributions.Gamma` (concentration/rate) and its special case `Exponential`, with the
Gamma-Gamma KL. Samples come from `tf.random_gamma`, whose gradient is the implicit
reparameterization one, so both are fully reparameterized as in TF."""
import numpy as np

from ..api import public as _tf
from ..framework import dtypes
from ..framework.graph import name_scope
from .distribution import FULLY_REPARAMETERIZED, Distribution, export_dist, warn_deprecated
from .location_scale import ScalarEvent
from .kullback_leibler import RegisterKL
from .util import broadcast_dynamic_shape, same_float_dtype, with_dependencies


def nan_where_undefined(dist, defined, value, shape, message, lower):
    """`value` where `defined`, NaN elsewhere -- or, with allow_nan_stats=False, `value` guarded by
    an assertion that `lower` (a parameter) exceeds 1."""
    tf = _tf()
    if dist.allow_nan_stats:
        nan = tf.fill(shape, np.array(np.nan, dtype=dist.dtype.as_numpy_dtype()), name="nan")
        return tf.where_v2(defined, value, nan)
    return with_dependencies([tf.debugging.assert_less(tf.ones([], dist.dtype), lower, message=message)], value)


@export_dist("Gamma")
class Gamma(ScalarEvent, Distribution):
    """density x**(concentration - 1) exp(-rate x) rate**concentration / Gamma(concentration)."""

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True, name="Gamma"):
        warn_deprecated("Gamma.__init__", "tensorflow.python.ops.distributions.gamma")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[concentration, rate]) as name:
            with tf.control_dependencies([tf.debugging.assert_positive(concentration),
                                          tf.debugging.assert_positive(rate)] if validate_args else []):
                self._concentration = tf.identity(concentration, name="concentration")
                self._rate = tf.identity(rate, name="rate")
                same_float_dtype([self._concentration, self._rate])
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, reparameterization_type=FULLY_REPARAMETERIZED,
                         parameters=parameters, graph_parents=[self._concentration, self._rate], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        shape = _tf().convert_to_tensor(sample_shape, dtype=dtypes.int32)
        return {"concentration": shape, "rate": shape}

    @property
    def concentration(self):
        return self._concentration

    @property
    def rate(self):
        return self._rate

    def _batch_shape_tensor(self):
        return broadcast_dynamic_shape(self.concentration, self.rate)

    def _batch_shape(self):
        return _tf().broadcast_static_shape(self.concentration.get_shape(), self.rate.get_shape())

    def _sample_n(self, n, seed=None):
        return _tf().random_gamma(shape=[n], alpha=self.concentration, beta=self.rate, dtype=self.dtype, seed=seed)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _cdf(self, x):
        x = self._maybe_assert_valid_sample(x)
        return _tf().igamma(self.concentration, self.rate * x)

    def _log_unnormalized_prob(self, x):
        tf = _tf()
        x = self._maybe_assert_valid_sample(x)
        return tf.math.xlogy(self.concentration - 1., x) - self.rate * x

    def _log_normalization(self):
        tf = _tf()
        return tf.lgamma(self.concentration) - self.concentration * tf.log(self.rate)

    def _entropy(self):
        tf = _tf()
        return (self.concentration - tf.log(self.rate) + tf.lgamma(self.concentration)
                + (1. - self.concentration) * tf.digamma(self.concentration))

    def _mean(self):
        return self.concentration / self.rate

    def _variance(self):
        return self.concentration / _tf().square(self.rate)

    def _stddev(self):
        return _tf().sqrt(self.concentration) / self.rate

    def _mode(self):
        mode = (self.concentration - 1.) / self.rate
        return nan_where_undefined(self, self.concentration > 1., mode, self.batch_shape_tensor(),
                                   "mode not defined when any concentration <= 1", self.concentration)

    def _maybe_assert_valid_sample(self, x):
        tf = _tf()
        tf.debugging.assert_same_float_dtype(tensors=[x], dtype=self.dtype)
        if not self.validate_args:
            return x
        return with_dependencies([tf.debugging.assert_positive(x)], x)


@RegisterKL(Gamma, Gamma)
def _kl_gamma_gamma(g0, g1, name=None):
    tf = _tf()
    with name_scope(name, "kl_gamma_gamma", values=[g0.concentration, g0.rate, g1.concentration, g1.rate]):
        return ((g0.concentration - g1.concentration) * tf.digamma(g0.concentration)
                + tf.lgamma(g1.concentration) - tf.lgamma(g0.concentration)
                + g1.concentration * tf.log(g0.rate) - g1.concentration * tf.log(g1.rate)
                + g0.concentration * (g1.rate / g0.rate - 1.))


@export_dist("Exponential")
class Exponential(Gamma):
    """Gamma(1, rate): density rate exp(-rate x)."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True, name="Exponential"):
        warn_deprecated("Exponential.__init__", "tensorflow.python.ops.distributions.exponential")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[rate]) as name:
            self._rate = tf.convert_to_tensor(rate, name="rate")
        super().__init__(concentration=tf.ones([], dtype=self._rate.dtype), rate=self._rate,
                         allow_nan_stats=allow_nan_stats, validate_args=validate_args, name=name)
        self._parameters = {k: v for k, v in parameters.items() if k not in ("self", "__class__")}
        self._graph_parents += [self._rate]

    @staticmethod
    def _param_shapes(sample_shape):
        return {"rate": _tf().convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    @property
    def rate(self):
        return self._rate

    def _log_survival_function(self, value):
        return self._log_prob(value) - _tf().log(self._rate)

    def _sample_n(self, n, seed=None):
        tf = _tf()
        shape = tf.concat([[n], tf.shape(self._rate)], 0)
        sampled = tf.random_uniform(shape, minval=np.finfo(self.dtype.as_numpy_dtype).tiny, maxval=1.,
                                    seed=seed, dtype=self.dtype)
        return -tf.log(sampled) / self._rate
