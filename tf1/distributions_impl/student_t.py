"""`tf.distributions.StudentT(df, loc, scale)`: sampled as Normal / sqrt(Gamma(df/2, 1/2) / df)."""
import numpy as np

from ..api import public as _tf
from ..framework import dtypes
from ..framework.graph import name_scope
from .distribution import FULLY_REPARAMETERIZED, Distribution, export_dist, warn_deprecated
from .location_scale import ScalarEvent
from .util import gen_new_seed, same_float_dtype, with_dependencies


@export_dist("StudentT")
class StudentT(ScalarEvent, Distribution):
    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True, name="StudentT"):
        warn_deprecated("StudentT.__init__", "tensorflow.python.ops.distributions.student_t")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[df, loc, scale]) as name:
            with tf.control_dependencies([tf.debugging.assert_positive(df)] if validate_args else []):
                self._df = tf.identity(df, name="df")
                self._loc = tf.identity(loc, name="loc")
                self._scale = tf.identity(scale, name="scale")
                same_float_dtype((self._df, self._loc, self._scale))
        super().__init__(dtype=self._scale.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._df, self._loc, self._scale], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        shape = _tf().convert_to_tensor(sample_shape, dtype=dtypes.int32)
        return {"df": shape, "loc": shape, "scale": shape}

    @property
    def df(self):
        return self._df

    @property
    def loc(self):
        return self._loc

    @property
    def scale(self):
        return self._scale

    def _batch_shape_tensor(self):
        tf = _tf()
        return tf.broadcast_dynamic_shape(tf.shape(self.df), tf.broadcast_dynamic_shape(
            tf.shape(self.loc), tf.shape(self.scale)))

    def _batch_shape(self):
        tf = _tf()
        return tf.broadcast_static_shape(tf.broadcast_static_shape(self.df.get_shape(), self.loc.get_shape()),
                                          self.scale.get_shape())

    def _sample_n(self, n, seed=None):
        tf = _tf()
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        normal_sample = tf.random_normal(shape, dtype=self.dtype, seed=seed)
        df = self.df * tf.ones(self.batch_shape_tensor(), dtype=self.dtype)
        gamma_sample = tf.random_gamma([n], 0.5 * df, beta=0.5, dtype=self.dtype,
                                       seed=gen_new_seed(seed, salt="student_t"))
        samples = normal_sample * tf.rsqrt(gamma_sample / df)
        return samples * self.scale + self.loc

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_unnormalized_prob(self, x):
        tf = _tf()
        y = (x - self.loc) / self.scale
        return -0.5 * (self.df + 1.) * tf.log1p(y ** 2. / self.df)

    def _log_normalization(self):
        tf = _tf()
        return (tf.log(tf.abs(self.scale)) + 0.5 * tf.log(self.df) + 0.5 * np.log(np.pi)
                + tf.lgamma(0.5 * self.df) - tf.lgamma(0.5 * (self.df + 1.)))

    def _cdf(self, x):
        tf = _tf()
        y = (x - self.loc) / tf.abs(self.scale)
        x_t = self.df / (y ** 2. + self.df)
        neg_cdf = 0.5 * tf.betainc(0.5 * self.df, 0.5, x_t)
        return tf.where_v2(tf.less(y, 0.), neg_cdf, 1. - neg_cdf)

    def _entropy(self):
        tf = _tf()
        v = tf.ones(self.batch_shape_tensor(), dtype=self.dtype)[..., tf.newaxis]
        u = v * self.df[..., tf.newaxis]
        beta_arg = tf.concat([u, v], -1) / 2.
        return (tf.log(tf.abs(self.scale)) + 0.5 * tf.log(self.df) + tf.lbeta(beta_arg)
                + 0.5 * (self.df + 1.) * (tf.digamma(0.5 * (self.df + 1.)) - tf.digamma(0.5 * self.df)))

    def _undefined_below_one(self, value, message):
        tf = _tf()
        if self.allow_nan_stats:
            nan = np.array(np.nan, dtype=self.dtype.as_numpy_dtype())
            return tf.where_v2(tf.greater(self.df, tf.ones(self.batch_shape_tensor(), dtype=self.dtype)), value,
                               tf.fill(self.batch_shape_tensor(), nan, name="nan"))
        return with_dependencies([tf.debugging.assert_less(tf.ones([], dtype=self.dtype), self.df,
                                                           message=message)], value)

    def _mean(self):
        mean = self.loc * _tf().ones(self.batch_shape_tensor(), dtype=self.dtype)
        return self._undefined_below_one(mean, "mean not defined for components of df <= 1")

    def _variance(self):
        tf = _tf()
        denom = tf.where_v2(tf.greater(self.df, 2.), self.df - 2., tf.ones_like(self.df))
        var = tf.ones(self.batch_shape_tensor(), dtype=self.dtype) * tf.square(self.scale) * self.df / denom
        inf = np.array(np.inf, dtype=self.dtype.as_numpy_dtype())
        defined = tf.where_v2(self.df > tf.fill(self.batch_shape_tensor(), 2.), var,
                              tf.fill(self.batch_shape_tensor(), inf, name="inf"))
        return self._undefined_below_one(defined, "variance not defined for components of df <= 1")

    def _mode(self):
        return _tf().identity(self.loc)
