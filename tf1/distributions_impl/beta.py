"""`tf.distributions.Beta` and its multivariate form `Dirichlet`, sampled as normalized Gamma
draws, with the Beta-Beta and Dirichlet-Dirichlet KLs."""
from ..api import public as _tf
from ..framework import dtypes
from ..framework.graph import name_scope
from .distribution import FULLY_REPARAMETERIZED, Distribution, export_dist, warn_deprecated
from .location_scale import ScalarEvent
from .gamma import nan_where_undefined
from .kullback_leibler import RegisterKL
from .util import gen_new_seed, same_float_dtype, with_dependencies


def _positive_concentration(concentration, validate_args, extra=()):
    if not validate_args:
        return concentration
    tf = _tf()
    return with_dependencies([tf.debugging.assert_positive(
        concentration, message="Concentration parameter must be positive.")] + list(extra), concentration)


@export_dist("Beta")
class Beta(ScalarEvent, Distribution):
    """density x**(c1 - 1) (1 - x)**(c0 - 1) / B(c1, c0) on (0, 1)."""

    def __init__(self, concentration1=None, concentration0=None, validate_args=False, allow_nan_stats=True,
                 name="Beta"):
        warn_deprecated("Beta.__init__", "tensorflow.python.ops.distributions.beta")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[concentration1, concentration0]) as name:
            self._concentration1 = _positive_concentration(
                tf.convert_to_tensor(concentration1, name="concentration1"), validate_args)
            self._concentration0 = _positive_concentration(
                tf.convert_to_tensor(concentration0, name="concentration0"), validate_args)
            same_float_dtype([self._concentration1, self._concentration0])
            self._total_concentration = self._concentration1 + self._concentration0
        super().__init__(dtype=self._total_concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, reparameterization_type=FULLY_REPARAMETERIZED,
                         parameters=parameters, name=name,
                         graph_parents=[self._concentration1, self._concentration0, self._total_concentration])

    @staticmethod
    def _param_shapes(sample_shape):
        shape = _tf().convert_to_tensor(sample_shape, dtype=dtypes.int32)
        return {"concentration1": shape, "concentration0": shape}

    @property
    def concentration1(self):
        return self._concentration1

    @property
    def concentration0(self):
        return self._concentration0

    @property
    def total_concentration(self):
        return self._total_concentration

    def _batch_shape_tensor(self):
        return _tf().shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.get_shape()

    def _sample_n(self, n, seed=None):
        tf = _tf()
        ones = tf.ones_like(self.total_concentration, dtype=self.dtype)
        gamma1 = tf.random_gamma(shape=[n], alpha=ones * self.concentration1, dtype=self.dtype, seed=seed)
        gamma2 = tf.random_gamma(shape=[n], alpha=ones * self.concentration0, dtype=self.dtype,
                                 seed=gen_new_seed(seed, "beta"))
        return gamma1 / (gamma1 + gamma2)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return _tf().exp(self._log_prob(x))

    def _log_cdf(self, x):
        return _tf().log(self._cdf(x))

    def _cdf(self, x):
        return _tf().betainc(self.concentration1, self.concentration0, x)

    def _log_unnormalized_prob(self, x):
        tf = _tf()
        x = self._maybe_assert_valid_sample(x)
        return tf.math.xlogy(self.concentration1 - 1., x) + (self.concentration0 - 1.) * tf.log1p(-x)

    def _log_normalization(self):
        tf = _tf()
        return tf.lgamma(self.concentration1) + tf.lgamma(self.concentration0) - tf.lgamma(self.total_concentration)

    def _entropy(self):
        tf = _tf()
        return (self._log_normalization()
                - (self.concentration1 - 1.) * tf.digamma(self.concentration1)
                - (self.concentration0 - 1.) * tf.digamma(self.concentration0)
                + (self.total_concentration - 2.) * tf.digamma(self.total_concentration))

    def _mean(self):
        return self._concentration1 / self._total_concentration

    def _variance(self):
        return self._mean() * (1. - self._mean()) / (1. + self.total_concentration)

    def _mode(self):
        tf = _tf()
        mode = (self.concentration1 - 1.) / (self.total_concentration - 2.)
        if self.allow_nan_stats:
            defined = tf.logical_and(self.concentration1 > 1., self.concentration0 > 1.)
            return nan_where_undefined(self, defined, mode, self.batch_shape_tensor(), None, None)
        one = tf.ones([], dtype=self.dtype)
        return with_dependencies([
            tf.debugging.assert_less(one, self.concentration1, message="Mode undefined for concentration1 <= 1."),
            tf.debugging.assert_less(one, self.concentration0, message="Mode undefined for concentration0 <= 1."),
        ], mode)

    def _maybe_assert_valid_sample(self, x):
        if not self.validate_args:
            return x
        tf = _tf()
        return with_dependencies([
            tf.debugging.assert_positive(x, message="sample must be positive"),
            tf.debugging.assert_less(x, tf.ones([], self.dtype), message="sample must be less than `1`."),
        ], x)


@RegisterKL(Beta, Beta)
def _kl_beta_beta(d1, d2, name=None):
    tf = _tf()
    with name_scope(name, "kl_beta_beta", values=[d1.concentration1, d1.concentration0, d1.total_concentration,
                                                  d2.concentration1, d2.concentration0, d2.total_concentration]):
        return ((d2._log_normalization() - d1._log_normalization())
                - tf.digamma(d1.concentration1) * (d2.concentration1 - d1.concentration1)
                - tf.digamma(d1.concentration0) * (d2.concentration0 - d1.concentration0)
                + tf.digamma(d1.total_concentration) * (d2.total_concentration - d1.total_concentration))


@export_dist("Dirichlet")
class Dirichlet(Distribution):
    """density prod(x**(concentration - 1)) / B(concentration) on the simplex (event_shape [K])."""

    def __init__(self, concentration, validate_args=False, allow_nan_stats=True, name="Dirichlet"):
        warn_deprecated("Dirichlet.__init__", "tensorflow.python.ops.distributions.dirichlet")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[concentration]) as name:
            concentration = tf.convert_to_tensor(concentration, name="concentration")
            extra = []
            if validate_args:
                extra = [
                    tf.debugging.assert_rank_at_least(
                        concentration, 1, message="Concentration parameter must have >=1 dimensions."),
                    tf.debugging.assert_less(1, tf.shape(concentration)[-1],
                                             message="Concentration parameter must have event_size >= 2."),
                ]
            self._concentration = _positive_concentration(concentration, validate_args, extra)
            self._total_concentration = tf.reduce_sum(self._concentration, -1)
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, reparameterization_type=FULLY_REPARAMETERIZED,
                         parameters=parameters, graph_parents=[self._concentration, self._total_concentration],
                         name=name)

    @property
    def concentration(self):
        return self._concentration

    @property
    def total_concentration(self):
        return self._total_concentration

    def _batch_shape_tensor(self):
        return _tf().shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.get_shape()

    def _event_shape_tensor(self):
        return _tf().shape(self.concentration)[-1:]

    def _event_shape(self):
        return self.concentration.get_shape().with_rank_at_least(1)[-1:]

    def _sample_n(self, n, seed=None):
        tf = _tf()
        gamma_sample = tf.random_gamma(shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed)
        return gamma_sample / tf.reduce_sum(gamma_sample, -1, keepdims=True)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return _tf().exp(self._log_prob(x))

    def _log_unnormalized_prob(self, x):
        tf = _tf()
        x = self._maybe_assert_valid_sample(x)
        return tf.reduce_sum(tf.math.xlogy(self.concentration - 1., x), -1)

    def _log_normalization(self):
        return _tf().lbeta(self.concentration)

    def _entropy(self):
        tf = _tf()
        k = tf.cast(self.event_shape_tensor()[0], self.dtype)
        return (self._log_normalization()
                + (self.total_concentration - k) * tf.digamma(self.total_concentration)
                - tf.reduce_sum((self.concentration - 1.) * tf.digamma(self.concentration), axis=-1))

    def _mean(self):
        return self.concentration / self.total_concentration[..., _tf().newaxis]

    def _covariance(self):
        tf = _tf()
        x = self._variance_scale_term() * self._mean()
        return tf.matrix_set_diag(-tf.matmul(x[..., tf.newaxis], x[..., tf.newaxis, :]), self._variance())

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (scale - x)

    def _variance_scale_term(self):
        tf = _tf()
        return tf.rsqrt(1. + self.total_concentration[..., tf.newaxis])

    def _mode(self):
        tf = _tf()
        k = tf.cast(self.event_shape_tensor()[0], self.dtype)
        mode = (self.concentration - 1.) / (self.total_concentration[..., tf.newaxis] - k)
        return nan_where_undefined(self, tf.reduce_all(self.concentration > 1., axis=-1), mode, tf.shape(mode),
                                   "Mode undefined when any concentration <= 1", self.concentration)

    def _maybe_assert_valid_sample(self, x):
        if not self.validate_args:
            return x
        tf = _tf()
        return with_dependencies([
            tf.debugging.assert_positive(x, message="samples must be positive"),
            tf.debugging.assert_near(tf.ones([], dtype=self.dtype), tf.reduce_sum(x, -1),
                                     message="sample last-dimension must sum to `1`"),
        ], x)


@RegisterKL(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(d1, d2, name=None):
    tf = _tf()
    with name_scope(name, "kl_dirichlet_dirichlet", values=[d1.concentration, d2.concentration]):
        digamma_sum_d1 = tf.digamma(tf.reduce_sum(d1.concentration, axis=-1, keepdims=True))
        digamma_diff = tf.digamma(d1.concentration) - digamma_sum_d1
        concentration_diff = d1.concentration - d2.concentration
        return (tf.reduce_sum(concentration_diff * digamma_diff, axis=-1)
                - tf.lbeta(d1.concentration) + tf.lbeta(d2.concentration))
