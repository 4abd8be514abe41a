"""The `Distribution` base class, reparameterization constants and the deprecation notice that
every TF 1.15 `tf.distributions` constructor logs once.

A distribution owns one name scope (`Normal/`), fixed when it is built; each method re-enters it
and opens its own (`Normal/log_prob/`), as TF does, so the ops of `d.log_prob(x)` are named
`Normal/log_prob/...`. Subclasses implement the `_`-prefixed hooks; the public methods add the
scopes, convert values and fall back (`prob` from `log_prob`, `stddev` from `variance`, ...).
"""
import contextlib

import numpy as np

from ..api import export, export_value, public as _tf
from ..framework import dtypes, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_util import constant_value
from ..platform import tf_logging

_MOVED = ("The TensorFlow Distributions library has moved to TensorFlow Probability "
          "(https://github.com/tensorflow/probability). You should update all references to use "
          "`tfp.distributions` instead of `tf.distributions`.")
_CONTRIB_MOVED = _MOVED.replace("`tf.distributions`", "`tf.contrib.distributions`")


def warn_deprecated(qualname, module, depth=2, instructions=_MOVED, date="2019-01-01"):
    """TF 1.15's `@deprecated(date, ..., warn_once=True)` notice, naming the caller."""
    tf_logging._warn_deprecated(qualname, module, instructions, depth=depth + 1, date=date)


def warn_contrib_deprecated(cls_name, module_leaf):
    """The notice TF 1.15's tf.contrib.distributions constructors log (removal date 2018-10-01)."""
    warn_deprecated(cls_name + ".__init__", "tensorflow.contrib.distributions.python.ops." + module_leaf,
                    depth=3, instructions=_CONTRIB_MOVED, date="2018-10-01")


def export_dist(name, contrib=True):
    """Publish under `tf.distributions.<name>` and, as TF 1.15 does, `tf.contrib.distributions`."""
    names = ["distributions." + name]
    if contrib:
        names.append("contrib.distributions." + name)
    return export(*names)


@export_dist("ReparameterizationType")
class ReparameterizationType:
    """Whether samples are a differentiable function of the parameters; compared by identity."""

    def __init__(self, rep_type):
        self._rep_type = rep_type

    def __repr__(self):
        return "<Reparameterization Type: %s>" % self._rep_type

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


FULLY_REPARAMETERIZED = ReparameterizationType("FULLY_REPARAMETERIZED")
NOT_REPARAMETERIZED = ReparameterizationType("NOT_REPARAMETERIZED")
for _ns in ("distributions.", "contrib.distributions."):
    export_value(_ns + "FULLY_REPARAMETERIZED", FULLY_REPARAMETERIZED)
    export_value(_ns + "NOT_REPARAMETERIZED", NOT_REPARAMETERIZED)


def _convert_value(tf, value, dtype):
    return tf.convert_to_tensor(value, name="value", preferred_dtype=dtype)


@export_dist("Distribution")
class Distribution:
    """A batch of probability distributions over events of shape `event_shape`."""

    def __init__(self, dtype, reparameterization_type, validate_args, allow_nan_stats, parameters=None,
                 graph_parents=None, name=None):
        warn_deprecated("Distribution.__init__", "tensorflow.python.ops.distributions.distribution", depth=2)
        graph_parents = [] if graph_parents is None else graph_parents
        for i, t in enumerate(graph_parents):
            if t is None or not isinstance(t, Tensor):
                raise ValueError("Graph parent item %d is not a Tensor; %s." % (i, t))
        if not name or name[-1] != "/":  # not yet a scope: take a unique one now
            with name_scope(name or type(self).__name__) as name:
                pass
        self._dtype = dtype
        self._reparameterization_type = reparameterization_type
        self._allow_nan_stats = allow_nan_stats
        self._validate_args = validate_args
        self._parameters = dict(parameters or {})
        self._parameters.pop("self", None)
        self._parameters.pop("__class__", None)
        self._graph_parents = graph_parents
        self._name = name

    # -------------------------------------------------------------------------------- properties
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def parameters(self):
        return {k: v for k, v in self._parameters.items() if not k.startswith("__") and k != "self"}

    @property
    def reparameterization_type(self):
        return self._reparameterization_type

    @property
    def allow_nan_stats(self):
        return self._allow_nan_stats

    @property
    def validate_args(self):
        return self._validate_args

    def copy(self, **override_parameters_kwargs):
        return type(self)(**dict(self.parameters, **override_parameters_kwargs))

    @classmethod
    def param_shapes(cls, sample_shape, name="DistributionParamShapes"):
        with name_scope(name, values=[sample_shape]):
            return cls._param_shapes(sample_shape)

    @classmethod
    def param_static_shapes(cls, sample_shape):
        if isinstance(sample_shape, tensor_shape.TensorShape):
            if not sample_shape.is_fully_defined():
                raise ValueError("TensorShape sample_shape must be fully defined")
            sample_shape = sample_shape.as_list()
        out = {}
        for name, shape in cls.param_shapes(sample_shape).items():
            value = constant_value(shape)
            if value is None:
                raise ValueError("sample_shape must be a fully-defined TensorShape or list/tuple")
            out[name] = tensor_shape.TensorShape(value.tolist())
        return out

    @staticmethod
    def _param_shapes(sample_shape):
        raise NotImplementedError("_param_shapes not implemented")

    # ---------------------------------------------------------------------------------- shapes
    @property
    def batch_shape(self):
        return tensor_shape.as_shape(self._batch_shape())

    @property
    def event_shape(self):
        return tensor_shape.as_shape(self._event_shape())

    def _batch_shape(self):
        return tensor_shape.TensorShape(None)

    def _event_shape(self):
        return tensor_shape.TensorShape(None)

    def _batch_shape_tensor(self):
        raise NotImplementedError("batch_shape_tensor is not implemented: " + type(self).__name__)

    def _event_shape_tensor(self):
        raise NotImplementedError("event_shape_tensor is not implemented: " + type(self).__name__)

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        with self._name_scope(name):
            if self.batch_shape.is_fully_defined():
                return _tf().convert_to_tensor(self.batch_shape.as_list(), dtype=dtypes.int32,
                                               name="batch_shape")
            return self._batch_shape_tensor()

    def event_shape_tensor(self, name="event_shape_tensor"):
        with self._name_scope(name):
            if self.event_shape.is_fully_defined():
                return _tf().convert_to_tensor(self.event_shape.as_list(), dtype=dtypes.int32,
                                               name="event_shape")
            return self._event_shape_tensor()

    def is_scalar_event(self, name="is_scalar_event"):
        with self._name_scope(name):
            return _tf().convert_to_tensor(self._is_scalar_helper(self.event_shape, self.event_shape_tensor),
                                           name="is_scalar_event")

    def is_scalar_batch(self, name="is_scalar_batch"):
        with self._name_scope(name):
            return _tf().convert_to_tensor(self._is_scalar_helper(self.batch_shape, self.batch_shape_tensor),
                                           name="is_scalar_batch")

    def _is_scalar_helper(self, static_shape, dynamic_shape_fn):
        if static_shape.ndims is not None:
            return static_shape.ndims == 0
        shape = dynamic_shape_fn()
        if shape.get_shape().ndims is not None and shape.get_shape().dims[0].value is not None:
            return shape.get_shape().as_list() == [0]
        tf = _tf()
        return tf.equal(tf.shape(shape)[0], 0)

    # --------------------------------------------------------------------------------- sampling
    def _sample_n(self, n, seed=None):
        raise NotImplementedError("sample_n is not implemented: " + type(self).__name__)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        """`sample_shape + batch_shape + event_shape` draws; `_sample_n` draws `[n] + batch + event`
        for the flattened sample count and the result is reshaped back."""
        tf = _tf()
        with self._name_scope(name, values=[sample_shape]):
            sample_shape = tf.convert_to_tensor(sample_shape, dtype=dtypes.int32, name="sample_shape")
            sample_shape, n = self._expand_sample_shape_to_vector(sample_shape, "sample_shape")
            samples = self._sample_n(n, seed)
            batch_event_shape = tf.shape(samples)[1:]
            final_shape = tf.concat([sample_shape, batch_event_shape], 0)
            samples = tf.reshape(samples, final_shape)
            return self._set_sample_static_shape(samples, sample_shape)

    def _expand_sample_shape_to_vector(self, x, name):
        tf = _tf()
        static = constant_value(x)
        prod = tf.reduce_prod(x) if static is None else np.prod(static, dtype=x.dtype.as_numpy_dtype)
        ndims = x.get_shape().ndims
        if ndims is None:
            x = tf.reshape(x, tf.where(tf.equal(tf.rank(x), 0), [1], tf.shape(x)))
        elif ndims == 0:
            if static is not None:
                x = tf.convert_to_tensor(np.array([static], dtype=x.dtype.as_numpy_dtype), name=name)
            else:
                x = tf.reshape(x, [1])
        elif ndims != 1:
            raise ValueError("Input is neither scalar nor vector.")
        return x, prod

    def _set_sample_static_shape(self, x, sample_shape):
        static = constant_value(sample_shape)
        sample_shape = tensor_shape.TensorShape(None if static is None else static.tolist())
        ndims = x.get_shape().ndims
        sample_ndims, batch_ndims, event_ndims = (sample_shape.ndims, self.batch_shape.ndims,
                                                  self.event_shape.ndims)
        if ndims is None and None not in (sample_ndims, batch_ndims, event_ndims):
            ndims = sample_ndims + batch_ndims + event_ndims
            x.set_shape([None] * ndims)
        if ndims is not None and sample_ndims is not None:
            x.set_shape(x.get_shape().merge_with(sample_shape.concatenate([None] * (ndims - sample_ndims))))
        if ndims is not None and event_ndims is not None:
            shape = tensor_shape.TensorShape([None] * (ndims - event_ndims)).concatenate(self.event_shape)
            x.set_shape(x.get_shape().merge_with(shape))
        if batch_ndims is not None:
            if ndims is not None:
                if sample_ndims is None and event_ndims is not None:
                    sample_ndims = ndims - batch_ndims - event_ndims
                elif event_ndims is None and sample_ndims is not None:
                    event_ndims = ndims - batch_ndims - sample_ndims
            if sample_ndims is not None and event_ndims is not None:
                shape = tensor_shape.TensorShape([None] * sample_ndims).concatenate(
                    self.batch_shape).concatenate([None] * event_ndims)
                x.set_shape(x.get_shape().merge_with(shape))
        return x

    # ---------------------------------------------------------------- functions of a value
    def _value_fn(self, name, value, primary, fallback, kwargs):
        """`primary(value)`, or `fallback(value)` when the subclass leaves `primary` unimplemented."""
        with self._name_scope(name, values=[value]):
            value = _convert_value(_tf(), value, self.dtype)
            try:
                return primary(value, **kwargs)
            except NotImplementedError as original:
                try:
                    return fallback(value, **kwargs)
                except NotImplementedError:
                    raise original

    def log_prob(self, value, name="log_prob", **kwargs):
        return self._value_fn(name, value, self._log_prob, lambda v, **k: _tf().log(self._prob(v, **k)), kwargs)

    def prob(self, value, name="prob", **kwargs):
        return self._value_fn(name, value, self._prob, lambda v, **k: _tf().exp(self._log_prob(v, **k)), kwargs)

    def log_cdf(self, value, name="log_cdf", **kwargs):
        return self._value_fn(name, value, self._log_cdf, lambda v, **k: _tf().log(self._cdf(v, **k)), kwargs)

    def cdf(self, value, name="cdf", **kwargs):
        return self._value_fn(name, value, self._cdf, lambda v, **k: _tf().exp(self._log_cdf(v, **k)), kwargs)

    def log_survival_function(self, value, name="log_survival_function", **kwargs):
        return self._value_fn(name, value, self._log_survival_function,
                              lambda v, **k: _tf().log1p(-self.cdf(v, **k)), kwargs)

    def survival_function(self, value, name="survival_function", **kwargs):
        return self._value_fn(name, value, self._survival_function, lambda v, **k: 1. - self.cdf(v, **k), kwargs)

    def quantile(self, value, name="quantile", **kwargs):
        with self._name_scope(name, values=[value]):
            return self._quantile(_convert_value(_tf(), value, self.dtype), **kwargs)

    def _not_implemented(self, what):
        raise NotImplementedError("%s is not implemented: %s" % (what, type(self).__name__))

    def _log_prob(self, value):
        self._not_implemented("log_prob")

    def _prob(self, value):
        self._not_implemented("prob")

    def _log_cdf(self, value):
        self._not_implemented("log_cdf")

    def _cdf(self, value):
        self._not_implemented("cdf")

    def _log_survival_function(self, value):
        self._not_implemented("log_survival_function")

    def _survival_function(self, value):
        self._not_implemented("survival_function")

    def _quantile(self, value):
        self._not_implemented("quantile")

    # ------------------------------------------------------------------------ summary statistics
    def _stat(self, name, primary, fallback=None):
        with self._name_scope(name):
            try:
                return primary()
            except NotImplementedError as original:
                if fallback is None:
                    raise
                try:
                    return fallback()
                except NotImplementedError:
                    raise original

    def entropy(self, name="entropy"):
        return self._stat(name, self._entropy)

    def mean(self, name="mean"):
        return self._stat(name, self._mean)

    def variance(self, name="variance"):
        return self._stat(name, self._variance, lambda: _tf().square(self._stddev()))

    def stddev(self, name="stddev"):
        return self._stat(name, self._stddev, lambda: _tf().sqrt(self._variance()))

    def covariance(self, name="covariance"):
        return self._stat(name, self._covariance)

    def mode(self, name="mode"):
        return self._stat(name, self._mode)

    def _entropy(self):
        self._not_implemented("entropy")

    def _mean(self):
        self._not_implemented("mean")

    def _variance(self):
        self._not_implemented("variance")

    def _stddev(self):
        self._not_implemented("stddev")

    def _covariance(self):
        self._not_implemented("covariance")

    def _mode(self):
        self._not_implemented("mode")

    def cross_entropy(self, other, name="cross_entropy"):
        from .kullback_leibler import cross_entropy
        with self._name_scope(name):
            return cross_entropy(self, other, allow_nan_stats=self.allow_nan_stats)

    def kl_divergence(self, other, name="kl_divergence"):
        from .kullback_leibler import kl_divergence
        with self._name_scope(name):
            return kl_divergence(self, other, allow_nan_stats=self.allow_nan_stats)

    # ----------------------------------------------------------------------------- printing
    def __str__(self):
        return "tf.distributions.%s(\"%s\"%s%s, dtype=%s)" % (
            type(self).__name__, self.name,
            ", batch_shape=%s" % self.batch_shape if self.batch_shape.ndims is not None else "",
            ", event_shape=%s" % self.event_shape if self.event_shape.ndims is not None else "",
            self.dtype.name)

    def __repr__(self):
        return "<tf.distributions.%s '%s' batch_shape=%s event_shape=%s dtype=%s>" % (
            type(self).__name__, self.name, self.batch_shape, self.event_shape, self.dtype.name)

    @contextlib.contextmanager
    def _name_scope(self, name=None, values=None):
        with name_scope(self.name):
            with name_scope(name, values=([] if values is None else list(values)) + self._graph_parents) as scope:
                yield scope
