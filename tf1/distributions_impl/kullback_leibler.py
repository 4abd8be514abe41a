"""KL(a || b) dispatch on the pair of distribution classes (`tf.distributions.RegisterKL`,
`kl_divergence`): the registered function for the closest pair of ancestors in method-resolution
order wins, so a subclass inherits its parent's KL."""
from ..api import public as _tf
from ..framework.graph import name_scope
from .distribution import export_dist, warn_deprecated

_DIVERGENCES = {}


def _registered_kl(type_a, type_b):
    best, best_dist = None, None
    for i, parent_a in enumerate(type_a.__mro__):
        for j, parent_b in enumerate(type_b.__mro__):
            fn = _DIVERGENCES.get((parent_a, parent_b))
            if fn is not None and (best is None or i + j < best_dist):
                best, best_dist = fn, i + j
    return best


@export_dist("kl_divergence")
def kl_divergence(distribution_a, distribution_b, allow_nan_stats=True, name=None):
    """KL(distribution_a || distribution_b), batched; with `allow_nan_stats=False` a NaN result
    fails at run time with an InvalidArgumentError."""
    warn_deprecated("kl_divergence", "tensorflow.python.ops.distributions.kullback_leibler")
    kl_fn = _registered_kl(type(distribution_a), type(distribution_b))
    if kl_fn is None:
        raise NotImplementedError(
            "No KL(distribution_a || distribution_b) registered for distribution_a type %s and "
            "distribution_b type %s" % (type(distribution_a).__name__, type(distribution_b).__name__))
    tf = _tf()
    with name_scope("KullbackLeibler"):
        kl_t = kl_fn(distribution_a, distribution_b, name=name)
        if allow_nan_stats:
            return kl_t
        kl_t = tf.identity(kl_t, name="kl")
        check = tf.Assert(tf.logical_not(tf.reduce_any(tf.is_nan(kl_t))),
                          ["KL calculation between %s and %s returned NaN values (and was called with "
                           "allow_nan_stats=False). Values:" % (distribution_a.name, distribution_b.name), kl_t])
        with tf.control_dependencies([check]):
            return tf.identity(kl_t, name="checked_kl")


def cross_entropy(ref, other, allow_nan_stats=True, name=None):
    with name_scope(name, "cross_entropy"):
        return ref.entropy() + kl_divergence(ref, other, allow_nan_stats=allow_nan_stats)


@export_dist("RegisterKL")
class RegisterKL:
    """Decorator registering `kl_fn(a, b, name=None)` for the pair (dist_cls_a, dist_cls_b)."""

    def __init__(self, dist_cls_a, dist_cls_b):
        self._key = (dist_cls_a, dist_cls_b)

    def __call__(self, kl_fn):
        if not callable(kl_fn):
            raise TypeError("kl_fn must be callable, received: %s" % kl_fn)
        if self._key in _DIVERGENCES:
            raise ValueError("KL(%s || %s) has already been registered to: %s"
                             % (self._key[0].__name__, self._key[1].__name__, _DIVERGENCES[self._key]))
        _DIVERGENCES[self._key] = kl_fn
        return kl_fn
