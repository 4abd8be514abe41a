"""`tf.distributions.Multinomial` and `DirichletMultinomial`: counts over K classes summing to
`total_count` (event_shape [K])."""
import numpy as np

from ..api import public as _tf
from ..framework.graph import name_scope
from ..framework.tensor_util import constant_value
from .distribution import NOT_REPARAMETERIZED, Distribution, export_dist, warn_deprecated
from .util import (embed_check_categorical_event_shape, embed_check_nonnegative_integer_form, gen_new_seed,
                   get_logits_and_probs, log_combinations, with_dependencies)


def _static_draw_counts(total_count):
    """The per-batch-member number of draws, which must be known when the graph is built (XLA
    programs have static shapes; TF drew a data-dependent number per member)."""
    value = constant_value(total_count)
    if value is None:
        raise NotImplementedError("sampling needs `total_count` known at graph-construction time, got %s"
                                  % total_count)
    return np.asarray(value).astype(np.int64)


def _count_draws(logits_2d, n, n_draws, k, seed, dtype):
    """[n, B, k] class counts: `n_draws[b]` categorical draws from `logits_2d[b]`, `n` times.
    Every member draws the largest count and the surplus draws are masked out."""
    tf = _tf()
    most = max(int(np.max(n_draws)) if n_draws.size else 0, 1)
    draws = tf.multinomial(logits_2d, n * most, seed=seed)  # [B, n * most]
    # [B, n, most] (n == 1 needs no reshape: the op count then matches TF's graph)
    draws = tf.expand_dims(draws, 1) if n == 1 else tf.reshape(draws, [-1, n, most])
    keep = tf.cast(tf.constant(np.arange(most)[None, :] < n_draws.reshape(-1, 1)), dtype)  # [B, most]
    counts = tf.reduce_sum(tf.one_hot(draws, depth=k, dtype=dtype) * keep[:, None, :, None], axis=-2)
    return tf.transpose(counts, [1, 0, 2])


def _check_counts(dist, counts, message):
    if not dist.validate_args:
        return counts
    tf = _tf()
    counts = embed_check_nonnegative_integer_form(counts)
    return with_dependencies([tf.debugging.assert_equal(dist.total_count, tf.reduce_sum(counts, -1),
                                                        message=message)], counts)


class _CountsEvent(Distribution):
    def _event_shape_tensor(self):
        return _tf().shape(self._event_source())[-1:]

    def _event_shape(self):
        return self._event_source().get_shape().with_rank_at_least(1)[-1:]


@export_dist("Multinomial")
class Multinomial(_CountsEvent):
    """`total_count` draws from Categorical(logits|probs), counted per class."""

    def __init__(self, total_count, logits=None, probs=None, validate_args=False, allow_nan_stats=True,
                 name="Multinomial"):
        warn_deprecated("Multinomial.__init__", "tensorflow.python.ops.distributions.multinomial")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[total_count, logits, probs]) as name:
            self._total_count = tf.convert_to_tensor(total_count, name="total_count")
            if validate_args:
                self._total_count = embed_check_nonnegative_integer_form(self._total_count)
            self._logits, self._probs = get_logits_and_probs(logits=logits, probs=probs, multidimensional=True,
                                                             validate_args=validate_args, name=name)
            self._mean_val = self._total_count[..., tf.newaxis] * self._probs
        super().__init__(dtype=self._probs.dtype, reparameterization_type=NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._total_count, self._logits, self._probs], name=name)

    @property
    def total_count(self):
        return self._total_count

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _event_source(self):
        return self._mean_val

    def _batch_shape_tensor(self):
        return _tf().shape(self._mean_val)[:-1]

    def _batch_shape(self):
        return self._mean_val.get_shape().with_rank_at_least(1)[:-1]

    def _sample_n(self, n, seed=None):
        tf = _tf()
        k = self.event_shape_tensor()[0]
        n_draws = _static_draw_counts(self.total_count)
        batch = self.batch_shape
        if batch.is_fully_defined():
            n_draws = np.broadcast_to(n_draws, batch.as_list())
        logits = tf.ones_like(self._mean_val, dtype=self.logits.dtype) * self.logits
        x = _count_draws(tf.reshape(logits, [-1, k]), n, n_draws, self.event_shape.dims[-1].value, seed,
                         self.dtype)
        return tf.reshape(x, tf.concat([[n], self.batch_shape_tensor(), [k]], 0))

    def _log_prob(self, counts):
        return self._log_unnormalized_prob(counts) - self._log_normalization(counts)

    def _log_unnormalized_prob(self, counts):
        tf = _tf()
        counts = self._maybe_assert_valid_sample(counts)
        return tf.reduce_sum(counts * tf.nn.log_softmax(self.logits), -1)

    def _log_normalization(self, counts):
        counts = self._maybe_assert_valid_sample(counts)
        return -log_combinations(self.total_count, counts)

    def _mean(self):
        return _tf().identity(self._mean_val)

    def _covariance(self):
        tf = _tf()
        p = self.probs * tf.ones_like(self.total_count)[..., tf.newaxis]
        return tf.matrix_set_diag(-tf.matmul(self._mean_val[..., tf.newaxis], p[..., tf.newaxis, :]),
                                  self._variance())

    def _variance(self):
        tf = _tf()
        p = self.probs * tf.ones_like(self.total_count)[..., tf.newaxis]
        return self._mean_val - self._mean_val * p

    def _maybe_assert_valid_sample(self, counts):
        return _check_counts(self, counts, "counts must sum to `self.total_count`")


@export_dist("DirichletMultinomial")
class DirichletMultinomial(_CountsEvent):
    """Multinomial(total_count, probs) with probs drawn from Dirichlet(concentration)."""

    def __init__(self, total_count, concentration, validate_args=False, allow_nan_stats=True,
                 name="DirichletMultinomial"):
        warn_deprecated("DirichletMultinomial.__init__",
                        "tensorflow.python.ops.distributions.dirichlet_multinomial")
        parameters = dict(locals())
        tf = _tf()
        with name_scope(name, values=[total_count, concentration]) as name:
            self._total_count = tf.convert_to_tensor(total_count, name="total_count")
            if validate_args:
                self._total_count = embed_check_nonnegative_integer_form(self._total_count)
            concentration = tf.convert_to_tensor(concentration, name="concentration")
            if validate_args:
                concentration = embed_check_categorical_event_shape(concentration)
                concentration = with_dependencies([tf.debugging.assert_positive(
                    concentration, message="Concentration parameter must be positive.")], concentration)
            self._concentration = concentration
            self._total_concentration = tf.reduce_sum(self._concentration, -1)
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, reparameterization_type=NOT_REPARAMETERIZED,
                         parameters=parameters, graph_parents=[self._total_count, self._concentration], name=name)

    @property
    def total_count(self):
        return self._total_count

    @property
    def concentration(self):
        return self._concentration

    @property
    def total_concentration(self):
        return self._total_concentration

    def _event_source(self):
        return self.concentration

    def _batch_shape_tensor(self):
        return _tf().shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.get_shape()

    def _sample_n(self, n, seed=None):
        tf = _tf()
        k = self.event_shape_tensor()[0]
        n_draws = _static_draw_counts(self.total_count)
        if n_draws.ndim:
            raise NotImplementedError("DirichletMultinomial sampling needs a scalar `total_count`")
        logits = tf.reshape(tf.log(tf.random_gamma(shape=[n], alpha=self.concentration, dtype=self.dtype,
                                                   seed=seed)), [-1, k])  # [n * B, k]
        x = _count_draws(logits, 1, n_draws.reshape(1), self.event_shape.dims[-1].value,
                         gen_new_seed(seed, salt="dirichlet_multinomial"), self.dtype)[0]
        return tf.reshape(x, tf.concat([[n], self.batch_shape_tensor(), [k]], 0))

    def _log_prob(self, counts):
        tf = _tf()
        counts = self._maybe_assert_valid_sample(counts)
        ordered_prob = tf.lbeta(self.concentration + counts) - tf.lbeta(self.concentration)
        return ordered_prob + log_combinations(self.total_count, counts)

    def _prob(self, counts):
        return _tf().exp(self._log_prob(counts))

    def _mean(self):
        return self.total_count * (self.concentration / self.total_concentration[..., _tf().newaxis])

    def _covariance(self):
        tf = _tf()
        x = self._variance_scale_term() * self._mean()
        return tf.matrix_set_diag(-tf.matmul(x[..., tf.newaxis], x[..., tf.newaxis, :]), self._variance())

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (self.total_count * scale - x)

    def _variance_scale_term(self):
        tf = _tf()
        c0 = self.total_concentration[..., tf.newaxis]
        return tf.sqrt((1. + c0 / self.total_count) / (1. + c0))

    def _maybe_assert_valid_sample(self, counts):
        return _check_counts(self, counts, "counts last-dimension must sum to `self.total_count`")
