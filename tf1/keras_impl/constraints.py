"""`tf.keras.constraints` (TF 1.15): MaxNorm, NonNeg, UnitNorm, MinMaxNorm (and their lower-case aliases)
and `get`. A constraint maps a weight's updated value to its projection; the Keras optimizers assign
the projection after each update."""
from ..api import export, public as _tf
from .losses_metrics import EPSILON


def _norms(w, axis):
    tf = _tf()
    return tf.sqrt(tf.reduce_sum(tf.square(w), axis=axis, keepdims=True))


@export("keras.constraints.Constraint")
class Constraint:
    def __call__(self, w):
        return w

    def get_config(self):
        return {}


@export("keras.constraints.MaxNorm", "keras.constraints.max_norm")
class MaxNorm(Constraint):
    """Rescales the weights whose norm along `axis` exceeds `max_value`."""

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        tf = _tf()
        norms = _norms(w, self.axis)
        desired = tf.clip_by_value(norms, 0., self.max_value)
        return w * (desired / (EPSILON + norms))

    def get_config(self):
        return {'max_value': self.max_value, 'axis': self.axis}


@export("keras.constraints.NonNeg", "keras.constraints.non_neg")
class NonNeg(Constraint):
    def __call__(self, w):
        tf = _tf()
        return w * tf.cast(tf.greater_equal(w, 0.), w.dtype.base_dtype)


@export("keras.constraints.UnitNorm", "keras.constraints.unit_norm")
class UnitNorm(Constraint):
    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return w / (EPSILON + _norms(w, self.axis))

    def get_config(self):
        return {'axis': self.axis}


@export("keras.constraints.MinMaxNorm", "keras.constraints.min_max_norm")
class MinMaxNorm(Constraint):
    """Moves the norms along `axis` towards [min_value, max_value] by `rate` (1: exactly into it)."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        tf = _tf()
        norms = _norms(w, self.axis)
        desired = (self.rate * tf.clip_by_value(norms, self.min_value, self.max_value)
                   + (1 - self.rate) * norms)
        return w * (desired / (EPSILON + norms))

    def get_config(self):
        return {'min_value': self.min_value, 'max_value': self.max_value, 'rate': self.rate,
                'axis': self.axis}


_BY_NAME = {'max_norm': MaxNorm, 'maxnorm': MaxNorm, 'MaxNorm': MaxNorm, 'non_neg': NonNeg,
            'nonneg': NonNeg, 'NonNeg': NonNeg, 'unit_norm': UnitNorm, 'unitnorm': UnitNorm,
            'UnitNorm': UnitNorm, 'min_max_norm': MinMaxNorm, 'MinMaxNorm': MinMaxNorm}


@export("keras.constraints.get")
def get(identifier):
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, dict) and identifier.get('class_name') in _BY_NAME:
        return _BY_NAME[identifier['class_name']](**identifier.get('config', {}))
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    raise ValueError('Could not interpret constraint identifier: ' + str(identifier))
