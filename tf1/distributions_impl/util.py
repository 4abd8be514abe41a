"""Parameter helpers shared by the families (TF 1.15 `distributions/util.py`): logits <-> probs,
argument checks embedded as control dependencies, log multinomial coefficients, seed salting."""
import hashlib

import numpy as np

from ..api import public as _tf
from ..framework import dtypes, tensor_shape
from ..framework.graph import name_scope


def with_dependencies(dependencies, x):
    """`x` passed through an Identity that runs only after `dependencies` (TF's
    `control_flow_ops.with_dependencies`)."""
    tf = _tf()
    with name_scope(None, "control_dependency", list(dependencies) + [x]):
        with tf.control_dependencies(dependencies):
            return tf.identity(x)


def same_float_dtype(tensors):
    _tf().debugging.assert_same_float_dtype(tensors)


def largest_integer_by_dtype(dt):
    if dt.is_floating:
        return int(2 ** (np.finfo(dt.as_numpy_dtype).nmant + 1))
    if dt.is_integer:
        return int(np.iinfo(dt.as_numpy_dtype).max)
    if dt.base_dtype == dtypes.bool:
        return 1
    raise TypeError("Unrecognized dtype: {}".format(dt.name))


def _is_integer_like(dt):
    return dt.is_integer or dt.base_dtype == dtypes.bool


def assert_integer_form(x, int_dtype=None, message=None):
    """Asserts `x` has no fractional part (compared after a round trip through `int_dtype`)."""
    tf = _tf()
    with name_scope(None, "assert_integer_form", [x]):
        x = tf.convert_to_tensor(x, name="x")
        if _is_integer_like(x.dtype):
            return tf.no_op()
        message = message or "{} has non-integer components".format(x)
        if int_dtype is None:
            int_dtype = {dtypes.float16: dtypes.int16, dtypes.float32: dtypes.int32,
                         dtypes.float64: dtypes.int64}[x.dtype.base_dtype]
        return tf.debugging.assert_equal(x, tf.cast(tf.cast(x, int_dtype), x.dtype), message=message)


def embed_check_nonnegative_integer_form(x, name="embed_check_nonnegative_integer_form"):
    tf = _tf()
    with name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        assertions = [tf.debugging.assert_non_negative(x, message="'{}' must be non-negative.".format(x))]
        if not x.dtype.is_integer:
            assertions.append(assert_integer_form(
                x, message="'{}' cannot contain fractional components.".format(x)))
        return with_dependencies(assertions, x)


def embed_check_categorical_event_shape(categorical_param, name="embed_check_categorical_event_shape"):
    """`categorical_param` once its last dimension is known to hold 2 or more events."""
    tf = _tf()
    with name_scope(name, values=[categorical_param]):
        x = tf.convert_to_tensor(categorical_param, name="categorical_param")
        x_dtype = x.dtype.base_dtype
        max_event_size = largest_integer_by_dtype(x_dtype) if x_dtype.is_floating else 0
        if max_event_size == 0:
            raise TypeError("Unable to validate size of unrecognized dtype ({}).".format(x_dtype.name))
        try:
            static = x.get_shape().with_rank_at_least(1)
        except ValueError:
            raise ValueError("A categorical-distribution parameter must have at least 1 dimension.")
        if tensor_shape.dimension_value(static[-1]) is not None:
            event_size = static.dims[-1].value
            if event_size < 2:
                raise ValueError("A categorical-distribution parameter must have at least 2 events.")
            if event_size > max_event_size:
                raise ValueError("Number of classes exceeds `dtype` precision, i.e., {} implies shape ({}) "
                                 "cannot exceed {}.".format(x_dtype.name, event_size, max_event_size))
            return x
        event_size = tf.shape(x, name="x_shape")[-1]
        return with_dependencies([
            tf.debugging.assert_rank_at_least(
                x, 1, message="A categorical-distribution parameter must have at least 1 dimension."),
            tf.debugging.assert_greater_equal(
                tf.shape(x)[-1], 2, message="A categorical-distribution parameter must have at least 2 events."),
            tf.debugging.assert_less_equal(
                event_size, max_event_size,
                message="Number of classes exceeds `dtype` precision, i.e., {} dtype cannot exceed {} shape."
                .format(x_dtype.name, max_event_size)),
        ], x)


def embed_check_integer_casting_closed(x, target_dtype, assert_nonnegative=True,
                                       name="embed_check_casting_closed"):
    """`x` once its values are known to survive a cast to `target_dtype` unchanged."""
    tf = _tf()
    with name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        if not _is_integer_like(x.dtype) and not x.dtype.is_floating:
            raise TypeError("{}.dtype must be floating- or integer-type.".format(x.dtype.name))
        if not _is_integer_like(target_dtype) and not target_dtype.is_floating:
            raise TypeError("target_dtype ({}) must be floating- or integer-type.".format(target_dtype.name))
        if not _is_integer_like(x.dtype) and not _is_integer_like(target_dtype):
            raise TypeError("At least one of {}.dtype ({}) and target_dtype ({}) must be integer-type."
                            .format(x, x.dtype.name, target_dtype.name))
        assertions = []
        if assert_nonnegative:
            assertions.append(tf.debugging.assert_non_negative(x, message="Elements must be non-negative."))
        if x.dtype.is_floating:
            assertions.append(assert_integer_form(
                x, int_dtype=target_dtype, message="Elements must be {}-equivalent.".format(target_dtype.name)))
        elif largest_integer_by_dtype(x.dtype) > largest_integer_by_dtype(target_dtype):
            limit = largest_integer_by_dtype(target_dtype)
            assertions.append(tf.debugging.assert_less_equal(
                x, tf.cast(limit, x.dtype), message="Elements cannot exceed {}.".format(limit)))
        if not assertions:
            return x
        return with_dependencies(assertions, x)


def get_logits_and_probs(logits=None, probs=None, multidimensional=False, validate_args=False,
                         name="get_logits_and_probs", dtype=None):
    """(logits, probs) from exactly one of them: sigmoid/softmax one way, log-odds/log the other."""
    tf = _tf()
    with name_scope(name, values=[probs, logits]):
        if (probs is None) == (logits is None):
            raise ValueError("Must pass probs or logits, but not both.")
        if probs is None:
            logits = tf.convert_to_tensor(logits, name="logits", dtype=dtype)
            if not logits.dtype.is_floating:
                raise TypeError("logits must having floating type.")
            if multidimensional:
                if validate_args:
                    logits = embed_check_categorical_event_shape(logits)
                return logits, tf.nn.softmax(logits, name="probs")
            return logits, tf.sigmoid(logits, name="probs")
        probs = tf.convert_to_tensor(probs, name="probs", dtype=dtype)
        if not probs.dtype.is_floating:
            raise TypeError("probs must having floating type.")
        if validate_args:
            with name_scope("validate_probs"):
                one = tf.constant(1., probs.dtype)
                dependencies = [tf.debugging.assert_non_negative(probs)]
                if multidimensional:
                    probs = embed_check_categorical_event_shape(probs)
                    dependencies.append(tf.debugging.assert_near(tf.reduce_sum(probs, -1), one,
                                                                 message="probs does not sum to 1."))
                else:
                    dependencies.append(tf.debugging.assert_less_equal(
                        probs, one, message="probs has components greater than 1."))
                probs = with_dependencies(dependencies, probs)
        with name_scope("logits"):
            if multidimensional:
                return tf.log(probs), probs
            return tf.log(probs) - tf.log1p(-1. * probs), probs


def log_combinations(n, counts, name="log_combinations"):
    """log(n! / prod(counts!)): the multinomial coefficient over the last axis of `counts`."""
    tf = _tf()
    with name_scope(name, values=[n, counts]):
        n = tf.convert_to_tensor(n, name="n")
        counts = tf.convert_to_tensor(counts, name="counts")
        return tf.lgamma(n + 1) - tf.reduce_sum(tf.lgamma(counts + 1), axis=[-1])


def gen_new_seed(seed, salt):
    """A second op seed derived from `seed` (None stays None), so two draws differ but repeat."""
    if seed is None:
        return None
    return int(hashlib.md5((str(seed) + salt).encode("utf-8")).hexdigest()[:8], 16) & 0x7FFFFFFF


def broadcast_static_shape(*shapes):
    tf = _tf()
    out = shapes[0]
    for s in shapes[1:]:
        out = tf.broadcast_static_shape(out, s)
    return out


def broadcast_dynamic_shape(*tensors):
    tf = _tf()
    out = tf.shape(tensors[0])
    for t in tensors[1:]:
        out = tf.broadcast_dynamic_shape(out, tf.shape(t))
    return out
