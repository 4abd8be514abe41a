"""`tf.keras.regularizers` (TF 1.15): L1L2 and its shortcuts l1 / l2 / l1_l2, and `get`.

A regularizer maps a weight (or an output, as an activity regularizer) to a scalar penalty that the layer
adds to its `losses` and `Model.compile` adds to the training loss."""
from ..api import export, public as _tf


@export("keras.regularizers.Regularizer")
class Regularizer:
    def __call__(self, x):
        return 0.

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@export("keras.regularizers.L1L2")
class L1L2(Regularizer):
    """sum(l1 * |x|) + sum(l2 * x^2), each term only when its factor is non-zero (TF 1.15's sums)."""

    def __init__(self, l1=0., l2=0.):
        self.l1 = float(l1)
        self.l2 = float(l2)

    def __call__(self, x):
        tf = _tf()
        if not self.l1 and not self.l2:
            return tf.constant(0.)
        regularization = 0.
        if self.l1:
            regularization += tf.reduce_sum(self.l1 * tf.abs(x))
        if self.l2:
            regularization += tf.reduce_sum(self.l2 * tf.square(x))
        return regularization

    def get_config(self):
        return {'l1': self.l1, 'l2': self.l2}


@export("keras.regularizers.l1")
def l1(l=0.01):
    return L1L2(l1=l)


@export("keras.regularizers.l2")
def l2(l=0.01):
    return L1L2(l2=l)


@export("keras.regularizers.l1_l2")
def l1_l2(l1=0.01, l2=0.01):  # pylint: disable=redefined-outer-name
    return L1L2(l1=l1, l2=l2)


_BY_NAME = {'l1': l1, 'l2': l2, 'l1_l2': l1_l2}


@export("keras.regularizers.get")
def get(identifier):
    """None, a callable (used as is), a name ('l1', 'l2', 'l1_l2': the default factors 0.01) or a
    {'class_name': 'L1L2', 'config': {...}} dict."""
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, dict) and identifier.get('class_name') == 'L1L2':
        return L1L2(**identifier.get('config', {}))
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    raise ValueError('Could not interpret regularizer identifier: ' + str(identifier))
