"""The standard normal CDF and its logarithm, accurate in both tails (TF 1.15
`distributions/special_math.py`), and the Laplace log-CDF."""
import numpy as np

from ..api import public as _tf
from ..framework.graph import name_scope

# Where log(ndtr(x)) switches to -ndtr(-x) (upper) and to the asymptotic series (lower).
_LOG_NDTR_SEGMENTS = {np.float64: (-20., 8.), np.float32: (-10., 5.)}


def _check_float(x):
    if x.dtype.as_numpy_dtype not in (np.float32, np.float64):
        raise TypeError("x.dtype=%s is not handled, see docstring for supported types." % x.dtype)


def ndtr(x, name="ndtr"):
    tf = _tf()
    with name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        _check_float(x)
        return _ndtr(x)


def _ndtr(x):
    """0.5 * erfc(-x / sqrt(2)), using erf near 0 and erfc in the tails where erf loses digits."""
    tf = _tf()
    half_sqrt_2 = tf.constant(0.5 * np.sqrt(2.), dtype=x.dtype, name="half_sqrt_2")
    w = x * half_sqrt_2
    z = tf.abs(w)
    y = tf.where_v2(tf.less(z, half_sqrt_2), 1. + tf.erf(w),
                    tf.where_v2(tf.greater(w, 0.), 2. - tf.erfc(z), tf.erfc(z)))
    return 0.5 * y


def ndtri(p, name="ndtri"):
    tf = _tf()
    with name_scope(name, values=[p]):
        p = tf.convert_to_tensor(p, name="p")
        _check_float(p)
        return tf.math.ndtri(p)


def _double_factorial(n):
    return np.prod(np.arange(n, 1, -2))


def log_ndtr(x, series_order=3, name="log_ndtr"):
    """log(ndtr(x)): -ndtr(-x) far right, an asymptotic series far left, log(ndtr(x)) between."""
    if not isinstance(series_order, int):
        raise TypeError("series_order must be a Python integer.")
    if series_order < 0:
        raise ValueError("series_order must be non-negative.")
    if series_order > 30:
        raise ValueError("series_order must be <= 30.")
    tf = _tf()
    with name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        segments = _LOG_NDTR_SEGMENTS.get(x.dtype.as_numpy_dtype)
        if segments is None:
            raise TypeError("x.dtype=%s is not supported." % x.dtype)
        lower, upper = segments
        return tf.where_v2(
            tf.greater(x, upper), -_ndtr(-x),
            tf.where_v2(tf.greater(x, lower), tf.log(_ndtr(tf.maximum(x, lower))),
                        _log_ndtr_lower(tf.minimum(x, lower), series_order)))


def _log_ndtr_lower(x, series_order):
    tf = _tf()
    log_scale = -0.5 * tf.square(x) - tf.log(-x) - 0.5 * np.log(2. * np.pi)
    return log_scale + tf.log(_log_ndtr_asymptotic_series(x, series_order))


def _log_ndtr_asymptotic_series(x, series_order):
    tf = _tf()
    dtype = x.dtype.as_numpy_dtype
    if series_order <= 0:
        return np.array(1, dtype)
    x_2 = tf.square(x)
    even_sum = tf.zeros_like(x)
    odd_sum = tf.zeros_like(x)
    x_2n = x_2
    for n in range(1, series_order + 1):
        y = np.array(_double_factorial(2 * n - 1), dtype) / x_2n
        if n % 2:
            odd_sum += y
        else:
            even_sum += y
        x_2n *= x_2
    return 1. + even_sum - odd_sum


def log_cdf_laplace(x, name="log_cdf_laplace"):
    tf = _tf()
    with name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        lower_solution = -np.log(2.) + x
        upper_solution = tf.log1p(-0.5 * tf.exp(-tf.abs(x)))
        return tf.where_v2(x < 0., lower_solution, upper_solution)
