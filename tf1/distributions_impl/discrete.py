"""`tf.distributions.Bernoulli` and `Categorical` (parameterized by logits or probs) with their KLs,
and contrib's `OneHotCategorical`. Samples are not reparameterized."""
from ..api import export, public as _tf
from ..framework import dtypes, tensor_shape
from ..framework.graph import name_scope
from .distribution import (NOT_REPARAMETERIZED, Distribution, export_dist, warn_contrib_deprecated,
                           warn_deprecated)
from .kullback_leibler import RegisterKL
from .location_scale import ScalarEvent
from .util import (embed_check_categorical_event_shape, embed_check_integer_casting_closed,
                   get_logits_and_probs)


@export_dist("Bernoulli")
class Bernoulli(ScalarEvent, Distribution):
    """1 with probability `probs` (= sigmoid(logits)), else 0."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Bernoulli"):
        warn_deprecated("Bernoulli.__init__", "tensorflow.python.ops.distributions.bernoulli")
        parameters = dict(locals())
        with name_scope(name) as name:
            self._logits, self._probs = get_logits_and_probs(logits=logits, probs=probs,
                                                             validate_args=validate_args, name=name)
        super().__init__(dtype=dtype, reparameterization_type=NOT_REPARAMETERIZED, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return {"logits": _tf().convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return _tf().shape(self._logits)

    def _batch_shape(self):
        return self._logits.get_shape()

    def _sample_n(self, n, seed=None):
        tf = _tf()
        new_shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        uniform = tf.random_uniform(new_shape, seed=seed, dtype=self.probs.dtype)
        return tf.cast(tf.less(uniform, self.probs), self.dtype)

    def _log_prob(self, event):
        tf = _tf()
        if self.validate_args:
            event = embed_check_integer_casting_closed(event, target_dtype=dtypes.bool)
        event = tf.cast(event, self.logits.dtype)
        logits = self.logits
        if not (event.get_shape().is_fully_defined() and logits.get_shape().is_fully_defined()
                and event.get_shape() == logits.get_shape()):
            logits, event = tf.ones_like(event) * logits, tf.ones_like(logits) * event
        return -tf.nn.sigmoid_cross_entropy_with_logits(labels=event, logits=logits)

    def _entropy(self):
        tf = _tf()
        return -self.logits * (tf.sigmoid(self.logits) - 1) + tf.nn.softplus(-self.logits)

    def _mean(self):
        return _tf().identity(self.probs)

    def _variance(self):
        return self._mean() * (1. - self.probs)

    def _mode(self):
        return _tf().cast(self.probs > 0.5, self.dtype)


@RegisterKL(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(a, b, name=None):
    tf = _tf()
    with name_scope(name, "kl_bernoulli_bernoulli", values=[a.logits, b.logits]):
        delta_probs0 = tf.nn.softplus(-b.logits) - tf.nn.softplus(-a.logits)
        delta_probs1 = tf.nn.softplus(b.logits) - tf.nn.softplus(a.logits)
        return tf.sigmoid(a.logits) * delta_probs0 + tf.sigmoid(-a.logits) * delta_probs1


def _broadcast_cat_event_and_params(event, params, base_dtype):
    """Broadcast integer class ids `event` against `params[..., classes]`."""
    tf = _tf()
    if event.dtype.is_integer:
        pass
    elif event.dtype.is_floating:
        event = tf.cast(event, dtype=dtypes.int32)
    else:
        raise TypeError("`value` should have integer `dtype` or `self.dtype` ({})".format(base_dtype))
    known = (params.shape.ndims is not None and params.shape[:-1].is_fully_defined()
             and event.shape.is_fully_defined())
    if not known or params.shape[:-1] != event.shape:
        params *= tf.ones_like(event[..., tf.newaxis], dtype=params.dtype)
        event *= tf.ones(tf.shape(params)[:-1], dtype=event.dtype)
        if params.shape.ndims is not None:
            event.set_shape(tensor_shape.TensorShape(params.shape[:-1]))
    return event, params


class _CategoricalParams(Distribution):
    """Logits/probs over the last axis, shared by Categorical and OneHotCategorical."""

    def _init_params(self, logits, probs, validate_args, name):
        tf = _tf()
        self._logits, self._probs = get_logits_and_probs(logits=logits, probs=probs, validate_args=validate_args,
                                                         multidimensional=True, name=name)
        if validate_args:
            self._logits = embed_check_categorical_event_shape(self._logits)
        static = self._logits.get_shape().with_rank_at_least(1)
        if static.ndims is not None:
            self._batch_rank = tf.convert_to_tensor(static.ndims - 1, dtype=dtypes.int32, name="batch_rank")
        else:
            with name_scope(name="batch_rank"):
                self._batch_rank = tf.rank(self._logits) - 1
        logits_shape = tf.shape(self._logits, name="logits_shape")
        if tensor_shape.dimension_value(static[-1]) is not None:
            self._event_size = tf.convert_to_tensor(static.dims[-1].value, dtype=dtypes.int32, name="event_size")
        else:
            with name_scope(name="event_size"):
                self._event_size = logits_shape[self._batch_rank]
        if static[:-1].is_fully_defined():
            self._batch_shape_val = tf.constant(static[:-1].as_list(), dtype=dtypes.int32, name="batch_shape")
        else:
            with name_scope(name="batch_shape"):
                self._batch_shape_val = logits_shape[:-1]

    @property
    def event_size(self):
        return self._event_size

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _batch_shape_tensor(self):
        return _tf().identity(self._batch_shape_val)

    def _batch_shape(self):
        return self.logits.get_shape()[:-1]

    def _draws(self, n, seed):
        """[n] + batch_shape class ids from `tf.multinomial` on the flattened batch."""
        tf = _tf()
        if self.logits.get_shape().ndims == 2:
            logits_2d = self.logits
        else:
            logits_2d = tf.reshape(self.logits, [-1, self.event_size])
        sample_dtype = dtypes.int64 if self.dtype.size > 4 else dtypes.int32
        draws = tf.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        return tf.reshape(tf.transpose(draws), tf.concat([[n], self.batch_shape_tensor()], 0))

    def _entropy(self):
        tf = _tf()
        return -tf.reduce_sum(tf.nn.log_softmax(self.logits) * self.probs, axis=-1)


@export_dist("Categorical")
class Categorical(ScalarEvent, _CategoricalParams):
    """A class id in [0, K) with probabilities softmax(logits) over the last axis."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Categorical"):
        warn_deprecated("Categorical.__init__", "tensorflow.python.ops.distributions.categorical")
        parameters = dict(locals())
        with name_scope(name, values=[logits, probs]) as name:
            self._init_params(logits, probs, validate_args, name)
        super().__init__(dtype=dtype, reparameterization_type=NOT_REPARAMETERIZED, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs], name=name)

    def _sample_n(self, n, seed=None):
        return _tf().cast(self._draws(n, seed), self.dtype)

    def _cdf(self, k):
        tf = _tf()
        k = tf.convert_to_tensor(k, name="k")
        if self.validate_args:
            k = embed_check_integer_casting_closed(k, target_dtype=dtypes.int32)
        k, probs = _broadcast_cat_event_and_params(k, self.probs, base_dtype=self.dtype.base_dtype)
        flat_probs = tf.reshape(probs, (-1, self._event_size))
        flat_k = tf.reshape(k, [-1])
        to_sum_over = tf.where(tf.sequence_mask(flat_k, self._event_size), flat_probs,
                               tf.zeros_like(flat_probs))
        return tf.reshape(tf.reduce_sum(to_sum_over, axis=-1), tf.shape(k))

    def _log_prob(self, k):
        tf = _tf()
        k = tf.convert_to_tensor(k, name="k")
        if self.validate_args:
            k = embed_check_integer_casting_closed(k, target_dtype=dtypes.int32)
        k, logits = _broadcast_cat_event_and_params(k, self.logits, base_dtype=self.dtype.base_dtype)
        return -tf.nn.sparse_softmax_cross_entropy_with_logits(labels=k, logits=logits)

    def _mode(self):
        tf = _tf()
        ret = tf.cast(tf.argmax(self.logits, axis=self._batch_rank), self.dtype)
        ret.set_shape(self.batch_shape)
        return ret


@RegisterKL(Categorical, Categorical)
def _kl_categorical_categorical(a, b, name=None):
    tf = _tf()
    with name_scope(name, "kl_categorical_categorical", values=[a.logits, b.logits]):
        delta_log_probs1 = tf.nn.log_softmax(a.logits) - tf.nn.log_softmax(b.logits)
        return tf.reduce_sum(tf.nn.softmax(a.logits) * delta_log_probs1, axis=-1)


@export("contrib.distributions.OneHotCategorical")
class OneHotCategorical(_CategoricalParams):
    """Categorical whose events are one-hot vectors of length K (event_shape [K])."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="OneHotCategorical"):
        parameters = dict(locals())
        warn_contrib_deprecated("OneHotCategorical", "onehot_categorical")
        with name_scope(name, values=[logits, probs]) as name:
            self._init_params(logits, probs, validate_args, name)
        super().__init__(dtype=dtype, reparameterization_type=NOT_REPARAMETERIZED, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs], name=name)

    def _event_shape_tensor(self):
        return _tf().shape(self.logits)[-1:]

    def _event_shape(self):
        return self.logits.get_shape().with_rank_at_least(1)[-1:]

    def _sample_n(self, n, seed=None):
        tf = _tf()
        return tf.one_hot(self._draws(n, seed), depth=self._event_size, dtype=self.dtype)

    def _log_prob(self, x):
        tf = _tf()
        x = tf.cast(x, self.logits.dtype)
        logits = self.logits
        if not (x.get_shape().is_fully_defined() and logits.get_shape().is_fully_defined()
                and x.get_shape() == logits.get_shape()):
            logits, x = tf.ones_like(x) * logits, tf.ones_like(logits) * x
        return -tf.nn.softmax_cross_entropy_with_logits_v2(labels=x, logits=logits)

    def _mean(self):
        return self.probs

    def _covariance(self):
        tf = _tf()
        p = self.probs
        return tf.matrix_set_diag(-tf.matmul(p[..., tf.newaxis], p[..., tf.newaxis, :]), p * (1. - p))

    def _variance(self):
        return self.probs * (1. - self.probs)

    def _mode(self):
        tf = _tf()
        ret = tf.one_hot(tf.argmax(self.logits, axis=self._batch_rank), depth=self._event_size,
                         dtype=self.dtype)
        ret.set_shape(self.logits.get_shape())
        return ret


@RegisterKL(OneHotCategorical, OneHotCategorical)
def _kl_one_hot_categorical(a, b, name=None):
    tf = _tf()
    with name_scope(name, "kl_categorical_categorical", values=[a.logits, b.logits]):
        return tf.reduce_sum(tf.nn.softmax(a.logits) * (tf.nn.log_softmax(a.logits) - tf.nn.log_softmax(b.logits)),
                             axis=-1)
