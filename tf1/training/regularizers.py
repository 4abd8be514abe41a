"""Weight regularizers (`tf.contrib.layers.l1_regularizer`, `l2_regularizer`, `sum_regularizer`,
`apply_regularization`), as TF 1.15's contrib/layers/regularizers.py builds them.

A regularizer maps a weight to a scalar penalty tensor; `get_variable(regularizer=...)` and the layers
put the penalties into `GraphKeys.REGULARIZATION_LOSSES`.
"""
import numbers

from ..api import export
from ..framework.graph import GraphKeys, add_to_collection, get_collection, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import array_ops, math_ops
from ..platform import tf_logging as logging


def l2_loss(t):
    """`tf.nn.l2_loss` (sum(t ** 2) / 2), through the nn module once it provides it."""
    import sys
    nn = getattr(sys.modules.get("tf1"), "nn", None)
    fn = getattr(nn, "l2_loss", None)
    if fn is not None:
        return fn(t)
    with name_scope(None, "L2Loss", [t]) as scope:
        return math_ops.multiply(math_ops.reduce_sum(math_ops.square(t)),
                                 convert_to_tensor(0.5, dtype=t.dtype.base_dtype), name=scope)


def _check_scale(scale, integral_msg, negative_msg):
    if isinstance(scale, numbers.Integral):
        raise ValueError(integral_msg % (scale,))
    if isinstance(scale, numbers.Real):
        if scale < 0.:
            raise ValueError(negative_msg % scale)
        if scale == 0.:
            logging.info("Scale of 0 disables regularizer.")
            return False
    return True


@export("contrib.layers.l1_regularizer")
def l1_regularizer(scale, scope=None):
    """A function `l1(weights)` = scale * sum(|weights|)."""
    if not _check_scale(scale, "scale cannot be an integer: %s",
                        "Setting a scale less than 0 on a regularizer: %g"):
        return lambda _: None

    def l1(weights, name=None):
        with name_scope(scope, "l1_regularizer", [weights]) as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(my_scale, math_ops.reduce_sum(math_ops.abs(weights)), name=name)
    return l1


@export("contrib.layers.l2_regularizer")
def l2_regularizer(scale, scope=None):
    """A function `l2(weights)` = scale * sum(weights ** 2) / 2."""
    if not _check_scale(scale, "scale cannot be an integer: %s",
                        "Setting a scale less than 0 on a regularizer: %g."):
        return lambda _: None

    def l2(weights):
        with name_scope(scope, "l2_regularizer", [weights]) as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(my_scale, l2_loss(weights), name=name)
    return l2


@export("contrib.layers.l1_l2_regularizer")
def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    scope = scope or "l1_l2_regularizer"
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


@export("contrib.layers.sum_regularizer")
def sum_regularizer(regularizer_list, scope=None):
    regularizer_list = [reg for reg in regularizer_list if reg is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        with name_scope(scope, "sum_regularizer", [weights]) as name:
            tensors = [reg(weights) for reg in regularizer_list]
            return math_ops.add_n(tensors, name=name)
    return sum_reg


@export("contrib.layers.apply_regularization")
def apply_regularization(regularizer, weights_list=None):
    """Sums `regularizer(w)` over `weights_list` (default: the WEIGHTS collection) and records the sum
    in REGULARIZATION_LOSSES."""
    if not weights_list:
        weights_list = get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else array_ops.constant(0.0) for p in penalties]
        for p in penalties:
            if p.get_shape().ndims != 0:
                raise ValueError("regularizer must return a scalar Tensor instead of a Tensor with "
                                 "rank %d." % p.get_shape().ndims)
        summed = math_ops.add_n(penalties, name=scope)
        add_to_collection(GraphKeys.REGULARIZATION_LOSSES, summed)
        return summed


# ------------------------------------------------------------------ tf.losses collection helpers

@export("losses.get_regularization_losses")
def get_regularization_losses(scope=None):
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


@export("losses.get_regularization_loss")
def get_regularization_loss(scope=None, name="total_regularization_loss"):
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return array_ops.constant(0.0)


@export("losses.get_losses")
def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    return get_collection(loss_collection, scope)


@export("losses.add_loss")
def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    if loss_collection:
        add_to_collection(loss_collection, loss)


@export("losses.get_total_loss")
def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return math_ops.add_n(losses, name=name)
