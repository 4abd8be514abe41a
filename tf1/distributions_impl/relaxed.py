"""`tf.contrib.distributions`' continuous relaxations of discrete variables (Concrete / Gumbel-softmax,
Maddison et al. 2016; Jang et al. 2016): `ExpRelaxedOneHotCategorical` (log-simplex),
`RelaxedOneHotCategorical` (its exp, on the simplex) and `RelaxedBernoulli`. Samples are
differentiable functions of the logits (reparameterized through Gumbel / logistic noise).

TF 1.15 builds the last two as TransformedDistributions (Exp and Sigmoid bijectors); the density
change of variables is written out here instead.
"""
import numpy as np

from ..api import export, public as _tf
from ..framework import dtypes
from ..framework.graph import name_scope
from .distribution import FULLY_REPARAMETERIZED, Distribution, warn_contrib_deprecated
from .util import get_logits_and_probs, with_dependencies


@export("contrib.distributions.ExpRelaxedOneHotCategorical")
class ExpRelaxedOneHotCategorical(Distribution):
    """log of a Concrete(temperature, probs) variable: log_softmax((logits + Gumbel) / temperature)."""

    def __init__(self, temperature, logits=None, probs=None, dtype=None, validate_args=False,
                 allow_nan_stats=True, name="ExpRelaxedOneHotCategorical"):
        parameters = dict(locals())
        warn_contrib_deprecated("ExpRelaxedOneHotCategorical", "relaxed_onehot_categorical")
        tf = _tf()
        with name_scope(name, values=[logits, probs, temperature]) as name:
            self._logits, self._probs = get_logits_and_probs(name=name, logits=logits, probs=probs,
                                                             validate_args=validate_args, multidimensional=True)
            if dtype is None:
                dtype = self._logits.dtype
                if not validate_args:
                    temperature = tf.cast(temperature, dtype)
            with tf.control_dependencies([tf.debugging.assert_positive(temperature)] if validate_args else []):
                self._temperature = tf.identity(temperature, name="temperature")
                self._temperature_2d = tf.reshape(temperature, [-1, 1], name="temperature_2d")
            static = self._logits.get_shape().with_rank_at_least(1)
            if static.ndims is not None:
                self._batch_rank = tf.convert_to_tensor(static.ndims - 1, dtype=dtypes.int32, name="batch_rank")
            else:
                with name_scope(name="batch_rank"):
                    self._batch_rank = tf.rank(self._logits) - 1
            with name_scope(name="event_size"):
                self._event_size = tf.shape(self._logits)[-1]
        super().__init__(dtype=dtype, reparameterization_type=FULLY_REPARAMETERIZED, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs, self._temperature], name=name)

    @property
    def event_size(self):
        return self._event_size

    @property
    def temperature(self):
        return self._temperature

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return _tf().shape(self._logits)[:-1]

    def _batch_shape(self):
        return self.logits.get_shape()[:-1]

    def _event_shape_tensor(self):
        return _tf().shape(self.logits)[-1:]

    def _event_shape(self):
        return self.logits.get_shape().with_rank_at_least(1)[-1:]

    def _sample_n(self, n, seed=None):
        tf = _tf()
        sample_shape = tf.concat([[n], tf.shape(self.logits)], 0)
        logits_2d = tf.reshape(self.logits * tf.ones(sample_shape, dtype=self.dtype), [-1, self.event_size])
        uniform = tf.random_uniform(shape=tf.shape(logits_2d), minval=np.finfo(self.dtype.as_numpy_dtype).tiny,
                                    maxval=1., dtype=self.dtype, seed=seed)
        gumbel = -tf.log(-tf.log(uniform))
        noisy_logits = tf.div(gumbel + logits_2d, self._temperature_2d)
        return tf.reshape(tf.nn.log_softmax(noisy_logits), sample_shape)

    def _log_prob(self, x):
        tf = _tf()
        x = self._assert_valid_sample(x)
        logits = self.logits
        if not (x.get_shape().is_fully_defined() and logits.get_shape().is_fully_defined()
                and x.get_shape() == logits.get_shape()):
            logits = tf.ones_like(x, dtype=logits.dtype) * logits
            x = tf.ones_like(logits, dtype=x.dtype) * x
        logits_shape = tf.shape(tf.reduce_sum(logits, axis=[-1]))
        logits_2d = tf.reshape(logits, [-1, self.event_size])
        x_2d = tf.reshape(x, [-1, self.event_size])
        k = tf.cast(self.event_size, x.dtype)
        log_norm_const = tf.lgamma(k) + (k - 1.) * tf.log(self.temperature)
        log_softmax = tf.nn.log_softmax(logits_2d - x_2d * self._temperature_2d)
        log_prob = log_norm_const + tf.reduce_sum(log_softmax, [-1], keepdims=False)
        return tf.reshape(log_prob, logits_shape)

    def _assert_valid_sample(self, x):
        if not self.validate_args:
            return x
        tf = _tf()
        return with_dependencies([
            tf.debugging.assert_non_positive(x),
            tf.debugging.assert_near(tf.zeros([], dtype=self.dtype), tf.reduce_logsumexp(x, axis=[-1])),
        ], x)


@export("contrib.distributions.RelaxedOneHotCategorical")
class RelaxedOneHotCategorical(Distribution):
    """Concrete(temperature, probs) on the simplex: exp of an ExpRelaxedOneHotCategorical."""

    def __init__(self, temperature, logits=None, probs=None, dtype=None, validate_args=False,
                 allow_nan_stats=True, name="RelaxedOneHotCategorical"):
        parameters = dict(locals())
        warn_contrib_deprecated("RelaxedOneHotCategorical", "relaxed_onehot_categorical")
        self._base = ExpRelaxedOneHotCategorical(temperature, logits=logits, probs=probs, dtype=dtype,
                                                 validate_args=validate_args, allow_nan_stats=allow_nan_stats)
        with name_scope(name) as name:
            pass
        super().__init__(dtype=self._base.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=list(self._base._graph_parents), name=name)

    distribution = property(lambda self: self._base)
    temperature = property(lambda self: self._base.temperature)
    logits = property(lambda self: self._base.logits)
    probs = property(lambda self: self._base.probs)

    def _batch_shape_tensor(self):
        return self._base._batch_shape_tensor()

    def _batch_shape(self):
        return self._base._batch_shape()

    def _event_shape_tensor(self):
        return self._base._event_shape_tensor()

    def _event_shape(self):
        return self._base._event_shape()

    def _sample_n(self, n, seed=None):
        return _tf().exp(self._base._sample_n(n, seed))

    def _log_prob(self, y):
        # Change of variables through exp: p(y) = p_log(log y) / prod(y).
        tf = _tf()
        log_y = tf.log(y)
        return self._base._log_prob(log_y) - tf.reduce_sum(log_y, -1)


@export("contrib.distributions.RelaxedBernoulli")
class RelaxedBernoulli(Distribution):
    """sigmoid((logits + Logistic noise) / temperature), on (0, 1)."""

    def __init__(self, temperature, logits=None, probs=None, validate_args=False, allow_nan_stats=True,
                 name="RelaxedBernoulli"):
        parameters = dict(locals())
        warn_contrib_deprecated("RelaxedBernoulli", "relaxed_bernoulli")
        tf = _tf()
        with name_scope(name, values=[logits, probs, temperature]) as name:
            with tf.control_dependencies([tf.debugging.assert_positive(temperature)] if validate_args else []):
                self._temperature = tf.identity(temperature, name="temperature")
            self._logits, self._probs = get_logits_and_probs(logits=logits, probs=probs,
                                                             validate_args=validate_args)
        super().__init__(dtype=self._logits.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs, self._temperature], name=name)

    temperature = property(lambda self: self._temperature)
    logits = property(lambda self: self._logits)
    probs = property(lambda self: self._probs)

    def _batch_shape_tensor(self):
        tf = _tf()
        return tf.broadcast_dynamic_shape(tf.shape(self._logits), tf.shape(self._temperature))

    def _batch_shape(self):
        return _tf().broadcast_static_shape(self._logits.get_shape(), self._temperature.get_shape())

    def _event_shape_tensor(self):
        return _tf().constant([], dtype=dtypes.int32)

    def _event_shape(self):
        from ..framework import tensor_shape
        return tensor_shape.TensorShape([])

    def _sample_n(self, n, seed=None):
        tf = _tf()
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        u = tf.random_uniform(shape, minval=np.finfo(self.dtype.as_numpy_dtype).tiny, maxval=1.,
                              dtype=self.dtype, seed=seed)
        logistic = tf.log(u) - tf.log1p(-u)
        return tf.sigmoid((self._logits + logistic) / self._temperature)

    def _log_prob(self, y):
        # X = logit(y) ~ Logistic(logits / t, 1 / t); p(y) = p_X(logit y) / (y (1 - y)).
        tf = _tf()
        x = tf.log(y) - tf.log1p(-y)
        z = x * self._temperature - self._logits
        log_logistic = -z - 2. * tf.nn.softplus(-z) + tf.log(self._temperature)
        return log_logistic - tf.log(y) - tf.log1p(-y)
