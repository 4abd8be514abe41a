"""`tf.contrib.distributions`' multivariate normals: N(loc, scale @ scale^T) with `scale` diagonal
(`MultivariateNormalDiag`), lower-triangular (`MultivariateNormalTriL`) or the Cholesky factor of a
given covariance (`MultivariateNormalFullCovariance`), and their KL.

TF 1.15 builds these on `tf.linalg.LinearOperator`s; here the scale is a dense lower-triangular
matrix or a diagonal vector and every formula works on that factor directly: samples
loc + scale @ eps, log-densities by a triangular solve and log|det scale| = sum log|diag|.
"""
import math

from ..api import export, public as _tf
from ..framework.graph import name_scope
from .distribution import FULLY_REPARAMETERIZED, Distribution, warn_contrib_deprecated
from .kullback_leibler import RegisterKL


class _MultivariateNormalScale(Distribution):
    """Shared machinery; subclasses set `self._diag` (vector) or `self._tril` (matrix)."""

    def _setup(self, loc, name, parameters, validate_args, allow_nan_stats, graph_parents):
        self._loc = loc
        super().__init__(dtype=self._scale_param().dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[t for t in graph_parents if t is not None], name=name)
        self._parameters.pop("self", None)
        self._parameters.pop("__class__", None)

    def _scale_param(self):
        return self._diag if self._tril is None else self._tril

    @property
    def loc(self):
        return self._loc

    @property
    def scale_dense(self):
        tf = _tf()
        return tf.matrix_diag(self._diag) if self._tril is None else self._tril

    def _scale_batch_shape(self):
        s = self._scale_param().get_shape()
        return s[:-1] if self._tril is None else s[:-2]

    def _batch_shape(self):
        shape = self._scale_batch_shape()
        if self._loc is not None:
            shape = _tf().broadcast_static_shape(shape, self._loc.get_shape()[:-1])
        return shape

    def _batch_shape_tensor(self):
        tf = _tf()
        p = tf.shape(self._scale_param())
        shape = p[:-1] if self._tril is None else p[:-2]
        if self._loc is not None:
            shape = tf.broadcast_dynamic_shape(shape, tf.shape(self._loc)[:-1])
        return shape

    def _event_shape(self):
        return self._scale_param().get_shape()[-1:]

    def _event_shape_tensor(self):
        return _tf().shape(self._scale_param())[-1:]

    def _k(self):
        return _tf().cast(self.event_shape_tensor()[0], self.dtype)

    def _scale_times(self, x):
        """scale @ x for x [..., k]."""
        tf = _tf()
        if self._tril is None:
            return self._diag * x
        return tf.squeeze(tf.matmul(self._tril, x[..., tf.newaxis]), -1)

    def _scale_solve(self, x):
        """scale^{-1} @ x for x [..., k], broadcasting x's leading dims against the batch."""
        tf = _tf()
        if self._tril is None:
            return x / self._diag
        tril = self._tril
        shape = tf.broadcast_dynamic_shape(tf.shape(x)[:-1], tf.shape(tril)[:-2])
        tril = tf.broadcast_to(tril, tf.concat([shape, tf.shape(tril)[-2:]], 0))
        x = tf.broadcast_to(x, tf.concat([shape, tf.shape(x)[-1:]], 0))
        return tf.squeeze(tf.matrix_triangular_solve(tril, x[..., tf.newaxis], lower=True), -1)

    def _log_abs_det(self):
        tf = _tf()
        diag = self._diag if self._tril is None else tf.matrix_diag_part(self._tril)
        return tf.reduce_sum(tf.log(tf.abs(diag)), -1)

    def _centered(self, x):
        return x if self._loc is None else x - self._loc

    def _sample_n(self, n, seed=None):
        tf = _tf()
        shape = tf.concat([[n], self.batch_shape_tensor(), self.event_shape_tensor()], 0)
        eps = tf.random_normal(shape, dtype=self.dtype, seed=seed)
        x = self._scale_times(eps)
        return x if self._loc is None else x + self._loc

    def _log_prob(self, x):
        tf = _tf()
        z = self._scale_solve(self._centered(x))
        return (-0.5 * tf.reduce_sum(tf.square(z), -1) - 0.5 * self._k() * math.log(2. * math.pi)
                - self._log_abs_det())

    def _entropy(self):
        tf = _tf()
        h = 0.5 * self._k() * (1. + math.log(2. * math.pi)) + self._log_abs_det()
        return h * tf.ones(self.batch_shape_tensor(), dtype=self.dtype)

    def _mean(self):
        tf = _tf()
        shape = tf.concat([self.batch_shape_tensor(), self.event_shape_tensor()], 0)
        if self._loc is None:
            return tf.zeros(shape, dtype=self.dtype)
        return self._loc * tf.ones(shape, dtype=self.dtype)

    def _mode(self):
        return self._mean()

    def _covariance(self):
        tf = _tf()
        scale = self.scale_dense
        cov = tf.matmul(scale, scale, transpose_b=True)
        shape = tf.concat([self.batch_shape_tensor(), self.event_shape_tensor(), self.event_shape_tensor()], 0)
        return cov * tf.ones(shape, dtype=self.dtype)

    def _variance(self):
        tf = _tf()
        if self._tril is None:
            v = tf.square(self._diag)
        else:
            v = tf.reduce_sum(tf.square(self._tril), -1)
        return v * tf.ones_like(self._mean())

    def _stddev(self):
        return _tf().sqrt(self._variance())


def _float_loc(loc):
    return None if loc is None else _tf().convert_to_tensor(loc, name="loc")


@export("contrib.distributions.MultivariateNormalDiag")
class MultivariateNormalDiag(_MultivariateNormalScale):
    """scale = diag(scale_diag) + scale_identity_multiplier * I (either may be omitted)."""

    def __init__(self, loc=None, scale_diag=None, scale_identity_multiplier=None, validate_args=False,
                 allow_nan_stats=True, name="MultivariateNormalDiag"):
        parameters = dict(locals())
        warn_contrib_deprecated("MultivariateNormalDiag", "mvn_diag")
        tf = _tf()
        with name_scope(name) as name:
            with name_scope("init", values=[loc, scale_diag, scale_identity_multiplier]):
                loc = _float_loc(loc)
                diag = None if scale_diag is None else tf.convert_to_tensor(scale_diag, name="scale_diag")
                if scale_identity_multiplier is not None:
                    mult = tf.convert_to_tensor(scale_identity_multiplier, name="scale_identity_multiplier")
                    if diag is None:
                        if loc is None:
                            raise ValueError("Cannot infer `event_shape` unless `loc` or `scale_diag` is "
                                             "specified.")
                        diag = mult[..., tf.newaxis] * tf.ones_like(loc)
                    else:
                        diag = diag + mult[..., tf.newaxis]
                elif diag is None:
                    if loc is None:
                        raise ValueError("Cannot infer `event_shape` unless `loc` or `scale_diag` is specified.")
                    diag = tf.ones_like(loc)
                if validate_args:
                    with tf.control_dependencies([tf.debugging.assert_none_equal(
                            diag, tf.zeros([], diag.dtype), message="diagonal part must be non-zero")]):
                        diag = tf.identity(diag)
        self._diag, self._tril = diag, None
        self._setup(loc, name, parameters, validate_args, allow_nan_stats, [loc, diag])

    @property
    def scale_diag(self):
        return self._diag


@export("contrib.distributions.MultivariateNormalDiagWithSoftplusScale")
class MultivariateNormalDiagWithSoftplusScale(MultivariateNormalDiag):
    def __init__(self, loc, scale_diag, validate_args=False, allow_nan_stats=True,
                 name="MultivariateNormalDiagWithSoftplusScale"):
        parameters = dict(locals())
        warn_contrib_deprecated("MultivariateNormalDiagWithSoftplusScale", "mvn_diag")
        with name_scope(name, values=[scale_diag]) as name:
            super().__init__(loc=loc, scale_diag=_tf().nn.softplus(scale_diag), validate_args=validate_args,
                             allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = {k: v for k, v in parameters.items() if k not in ("self", "__class__")}


@export("contrib.distributions.MultivariateNormalTriL")
class MultivariateNormalTriL(_MultivariateNormalScale):
    """scale = the lower triangle of `scale_tril` (the Cholesky factor of the covariance)."""

    def __init__(self, loc=None, scale_tril=None, validate_args=False, allow_nan_stats=True,
                 name="MultivariateNormalTriL"):
        parameters = dict(locals())
        warn_contrib_deprecated("MultivariateNormalTriL", "mvn_tril")
        tf = _tf()
        with name_scope(name) as name:
            with name_scope("init", values=[loc, scale_tril]):
                loc = _float_loc(loc)
                if scale_tril is None:
                    if loc is None:
                        raise ValueError("Must specify one or both of `loc`, `scale_tril`.")
                    tril = tf.matrix_diag(tf.ones_like(loc))
                else:
                    tril = tf.matrix_band_part(tf.convert_to_tensor(scale_tril, name="scale_tril"), -1, 0)
        self._diag, self._tril = None, tril
        self._setup(loc, name, parameters, validate_args, allow_nan_stats, [loc, tril])

    @property
    def scale_tril(self):
        return self._tril


@export("contrib.distributions.MultivariateNormalFullCovariance")
class MultivariateNormalFullCovariance(MultivariateNormalTriL):
    """N(loc, covariance_matrix), factored by Cholesky."""

    def __init__(self, loc=None, covariance_matrix=None, validate_args=False, allow_nan_stats=True,
                 name="MultivariateNormalFullCovariance"):
        parameters = dict(locals())
        warn_contrib_deprecated("MultivariateNormalFullCovariance", "mvn_full_covariance")
        tf = _tf()
        with name_scope(name) as name:
            with name_scope("init", values=[loc, covariance_matrix]):
                tril = None
                if covariance_matrix is not None:
                    cov = tf.convert_to_tensor(covariance_matrix, name="covariance_matrix")
                    tril = tf.cholesky(cov)
            super().__init__(loc=loc, scale_tril=tril, validate_args=validate_args,
                             allow_nan_stats=allow_nan_stats, name=name)
        self._parameters = {k: v for k, v in parameters.items() if k not in ("self", "__class__")}


@RegisterKL(_MultivariateNormalScale, _MultivariateNormalScale)
def _kl_mvn_mvn(a, b, name=None):
    """0.5 (tr(Sb^-1 Sa) + |Lb^-1 (mb - ma)|^2 - k) + log|det Lb| - log|det La|."""
    tf = _tf()
    with name_scope(name, "kl_mvn", values=[a.loc, b.loc]):
        dense_a = a.scale_dense
        if b._tril is None:
            m = dense_a / b._diag[..., tf.newaxis]
        else:
            shape = tf.broadcast_dynamic_shape(tf.shape(dense_a)[:-2], tf.shape(b._tril)[:-2])
            full = lambda t: tf.broadcast_to(t, tf.concat([shape, tf.shape(t)[-2:]], 0))  # noqa: E731
            m = tf.matrix_triangular_solve(full(b._tril), full(dense_a), lower=True)
        trace = tf.reduce_sum(tf.square(m), [-2, -1])
        diff = b._mean() - a._mean()
        mahalanobis = tf.reduce_sum(tf.square(b._scale_solve(diff)), -1)
        return 0.5 * (trace + mahalanobis - a._k()) + b._log_abs_det() - a._log_abs_det()
