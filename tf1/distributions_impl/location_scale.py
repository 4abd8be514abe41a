"""`tf.distributions.Laplace` and `tf.distributions.Uniform`: scalar families sampled by
transforming uniform draws (so they are fully reparameterized)."""
import math

import numpy as np

from ..api import public as _tf
from ..framework import dtypes, tensor_shape
from ..framework.graph import name_scope
from . import special_math
from .distribution import FULLY_REPARAMETERIZED, Distribution, export_dist, warn_deprecated
from .util import broadcast_dynamic_shape, same_float_dtype


class ScalarEvent:
    """Event shape `[]` for the scalar families."""

    def _event_shape_tensor(self):
        return _tf().constant([], dtype=dtypes.int32)

    def _event_shape(self):
        return tensor_shape.TensorShape([])


class LocScale(ScalarEvent):
    """The `loc`/`scale` parameters of a scalar family (Normal, Laplace): their shapes broadcast to
    the batch shape."""

    @staticmethod
    def _param_shapes(sample_shape):
        shape = _tf().convert_to_tensor(sample_shape, dtype=dtypes.int32)
        return {"loc": shape, "scale": shape}

    @property
    def loc(self):
        return self._loc

    @property
    def scale(self):
        return self._scale

    def _batch_shape_tensor(self):
        return broadcast_dynamic_shape(self.loc, self.scale)

    def _batch_shape(self):
        return _tf().broadcast_static_shape(self.loc.get_shape(), self.scale.get_shape())


@export_dist("Laplace")
class Laplace(LocScale, Distribution):
    """density exp(-|x - loc| / scale) / (2 scale)."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Laplace"):
        warn_deprecated("Laplace.__init__", "tensorflow.python.ops.distributions.laplace")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[loc, scale]) as name:
            with tf.control_dependencies([tf.debugging.assert_positive(scale)] if validate_args else []):
                self._loc = tf.identity(loc, name="loc")
                self._scale = tf.identity(scale, name="scale")
                same_float_dtype([self._loc, self._scale])
            super().__init__(dtype=self._loc.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             parameters=parameters, graph_parents=[self._loc, self._scale], name=name)

    def _sample_n(self, n, seed=None):
        tf = _tf()
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        np_dtype = self.dtype.as_numpy_dtype
        # Uniform on (-1, 1): the open lower end keeps log1p(-|u|) finite.
        u = tf.random_uniform(shape=shape, minval=np.nextafter(np_dtype(-1.), np_dtype(0.)), maxval=1.,
                              dtype=self.dtype, seed=seed)
        return self.loc - self.scale * tf.sign(u) * tf.log1p(-tf.abs(u))

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return _tf().exp(self._log_prob(x))

    def _log_cdf(self, x):
        return special_math.log_cdf_laplace(self._z(x))

    def _log_survival_function(self, x):
        return special_math.log_cdf_laplace(-self._z(x))

    def _cdf(self, x):
        tf = _tf()
        z = self._z(x)
        return 0.5 + 0.5 * tf.sign(z) * (1. - tf.exp(-tf.abs(z)))

    def _log_unnormalized_prob(self, x):
        return -_tf().abs(self._z(x))

    def _log_normalization(self):
        return math.log(2.) + _tf().log(self.scale)

    def _entropy(self):
        tf = _tf()
        return math.log(2.) + 1. + tf.log(self.scale + tf.zeros_like(self.loc))

    def _mean(self):
        return self.loc + _tf().zeros_like(self.scale)

    def _stddev(self):
        return math.sqrt(2.) * self.scale + _tf().zeros_like(self.loc)

    def _mode(self):
        return self._mean()

    def _z(self, x):
        return (x - self.loc) / self.scale


@export_dist("Uniform")
class Uniform(ScalarEvent, Distribution):
    """Constant density 1 / (high - low) on [low, high)."""

    def __init__(self, low=0., high=1., validate_args=False, allow_nan_stats=True, name="Uniform"):
        warn_deprecated("Uniform.__init__", "tensorflow.python.ops.distributions.uniform")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[low, high]) as name:
            with tf.control_dependencies([tf.debugging.assert_less(
                    low, high, message="uniform not defined when low >= high.")] if validate_args else []):
                self._low = tf.identity(low, name="low")
                self._high = tf.identity(high, name="high")
                same_float_dtype([self._low, self._high])
        super().__init__(dtype=self._low.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._low, self._high], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        shape = _tf().convert_to_tensor(sample_shape, dtype=dtypes.int32)
        return {"low": shape, "high": shape}

    @property
    def low(self):
        return self._low

    @property
    def high(self):
        return self._high

    def range(self, name="range"):
        with self._name_scope(name):
            return self.high - self.low

    def _batch_shape_tensor(self):
        return broadcast_dynamic_shape(self.low, self.high)

    def _batch_shape(self):
        return _tf().broadcast_static_shape(self.low.get_shape(), self.high.get_shape())

    def _sample_n(self, n, seed=None):
        tf = _tf()
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        samples = tf.random_uniform(shape=shape, dtype=self.dtype, seed=seed)
        return self.low + self.range() * samples

    def _prob(self, x):
        tf = _tf()
        bx = x * tf.ones(self.batch_shape_tensor(), dtype=x.dtype)
        return tf.where_v2(tf.is_nan(bx), bx,
                           tf.where_v2(tf.logical_or(bx < self.low, bx >= self.high), tf.zeros_like(bx),
                                       tf.ones_like(bx) / self.range()))

    def _cdf(self, x):
        tf = _tf()
        shape = tf.broadcast_dynamic_shape(tf.shape(x), self.batch_shape_tensor())
        zeros = tf.zeros(shape, dtype=self.dtype)
        ones = tf.ones(shape, dtype=self.dtype)
        bx = x * ones
        below = tf.where_v2(x < self.low, zeros, (bx - self.low) / self.range())
        return tf.where_v2(x >= self.high, ones, below)

    def _entropy(self):
        return _tf().log(self.range())

    def _mean(self):
        return (self.low + self.high) / 2.

    def _variance(self):
        return _tf().square(self.range()) / 12.

    def _stddev(self):
        return self.range() / math.sqrt(12.)
