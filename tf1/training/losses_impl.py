"""`tf.losses`: TF 1.15's weighted losses (ops/losses/losses_impl.py) and `Reduction`.

Every loss computes per-element losses in its own name scope, then `compute_weighted_loss` weights,
reduces (by default: sum / number of non-zero weights) and adds the result to `GraphKeys.LOSSES`.
"""

from ..api import export, public as _tf
from ..framework.deprecation import deprecated_argument_lookup
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value
from ..ops import array_ops, control_flow_ops, math_ops
from ..ops.elementwise_ops import divide_no_nan
from .regularizers import add_loss


@export("losses.Reduction")
class Reduction:
    """Types of loss reduction."""
    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError("Invalid Reduction Key %s." % key)


_ASSERT_BROADCASTABLE_ERROR_PREFIX = "weights can not be broadcast to values."


def _with_shape_and_rank(x, scope_name):
    """`x` as a tensor with its Shape and Rank, in a scope of their own (`weights/shape`, ...)."""
    with name_scope(None, scope_name, (x,)) as scope:
        x = convert_to_tensor(x, name=scope)
        return x, array_ops.shape(x, name="shape"), array_ops.rank(x, name="rank")


def assert_broadcastable(weights, values):
    """Static part of TF's `weights_broadcast_ops.assert_broadcastable` (a no-op when it holds)."""
    with name_scope(None, "assert_broadcastable", (weights, values)) as scope:
        weights, weights_shape, weights_rank = _with_shape_and_rank(weights, "weights")
        weights_rank_static = constant_value(weights_rank)
        values, values_shape, values_rank = _with_shape_and_rank(values, "values")
        values_rank_static = constant_value(values_rank)
        if weights_rank_static is not None and values_rank_static is not None:
            if weights_rank_static == 0:
                return control_flow_ops.no_op(name="static_scalar_check_success")
            if weights_rank_static != values_rank_static:
                raise ValueError("%s values.rank=%s. weights.rank=%s. values.shape=%s. weights.shape=%s."
                                 % (_ASSERT_BROADCASTABLE_ERROR_PREFIX, values_rank_static,
                                    weights_rank_static, values.shape, weights.shape))
            ws = constant_value(weights_shape)
            vs_ = constant_value(values_shape)
            if ws is not None and vs_ is not None:
                for i in range(len(vs_)):
                    if ws[i] not in (1, vs_[i]):
                        raise ValueError("%s Mismatch at dim %s. values.shape=%s weights.shape=%s."
                                         % (_ASSERT_BROADCASTABLE_ERROR_PREFIX, i, vs_, ws))
                return control_flow_ops.no_op(name="static_dims_check_success")
        # Shapes only known at run time: broadcasting itself reports a mismatch.
        return control_flow_ops.no_op(name=scope)


def broadcast_weights(weights, values):
    with name_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        ws, vs_ = weights.get_shape(), values.get_shape()
        if ws.is_fully_defined() and vs_.is_fully_defined() and ws.is_compatible_with(vs_):
            return weights
        with get_default_graph().control_dependencies((assert_broadcastable(weights, values),)):
            return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)


def _safe_mean(losses, num_present):
    total_loss = math_ops.reduce_sum(losses)
    return divide_no_nan(total_loss, num_present, name="value")


def _num_elements(losses):
    with name_scope(None, "num_elements", values=[losses]) as scope:
        return math_ops.cast(array_ops.size(losses, name=scope), dtype=losses.dtype)


def _num_present(losses, weights, per_batch=False):
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    with name_scope(None, "num_present", (losses, weights)) as scope:
        weights = math_ops.cast(weights, dtype=dtypes.float32)
        present = _tf().where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                              array_ops.ones_like(weights))
        present = broadcast_weights(present, losses)
        if per_batch:
            return math_ops.reduce_sum(present, axis=math_ops.range(1, array_ops.rank(present)),
                                       keepdims=True, name=scope)
        return math_ops.reduce_sum(present, name=scope)


@export("losses.compute_weighted_loss")
def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    Reduction.validate(reduction)
    with name_scope(scope, "weighted_loss", (losses, weights)):
        get_default_graph()._last_loss_reduction = reduction
        with get_default_graph().control_dependencies((assert_broadcastable(weights, losses),)):
            losses = convert_to_tensor(losses)
            input_dtype = losses.dtype
            losses = math_ops.cast(losses, dtype=dtypes.float32)
            weights = math_ops.cast(weights, dtype=dtypes.float32)
            weighted_losses = math_ops.multiply(losses, weights)
            if reduction == Reduction.NONE:
                loss = weighted_losses
            else:
                loss = math_ops.reduce_sum(weighted_losses)
                if reduction == Reduction.MEAN:
                    loss = _safe_mean(loss, math_ops.reduce_sum(array_ops.ones_like(losses) * weights))
                elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                    loss = _safe_mean(loss, _num_present(losses, weights))
                elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                    loss = _safe_mean(loss, _num_elements(losses))
            loss = math_ops.cast(loss, input_dtype)
            add_loss(loss, loss_collection)
            return loss


def _check_args(**kwargs):
    for name, value in kwargs.items():
        if value is None:
            raise ValueError("%s must not be None." % name)


def _float_pair(predictions, labels):
    predictions = math_ops.cast(predictions, dtype=dtypes.float32)
    labels = math_ops.cast(labels, dtype=dtypes.float32)
    predictions.get_shape().assert_is_compatible_with(labels.get_shape())
    return predictions, labels


def _labels_like_logits(logits, labels):
    logits = convert_to_tensor(logits)
    labels = math_ops.cast(labels, logits.dtype)
    logits.get_shape().assert_is_compatible_with(labels.get_shape())
    return logits, labels


def _weighted_loss(default_name, args, weights, scope, loss_collection, reduction, per_element,
                   prepare=_float_pair):
    """The shape every loss here shares: check `args` ({labels name: labels, predictions name:
    predictions}, in that order), then in the loss's scope `prepare` the pair, compute
    `per_element(predictions, labels)` and weight and reduce it with `compute_weighted_loss`."""
    _check_args(**args)
    labels, predictions = args.values()
    with name_scope(scope, default_name, (predictions, labels, weights)) as scope:
        predictions, labels = prepare(predictions, labels)
        losses = per_element(predictions, labels)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


@export("losses.absolute_difference")
def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    return _weighted_loss("absolute_difference", {"labels": labels, "predictions": predictions}, weights,
                          scope, loss_collection, reduction,
                          lambda predictions, labels: math_ops.abs(math_ops.subtract(predictions, labels)))


@export("losses.cosine_distance")
def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None,
                    loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
                    dim=None):
    axis = deprecated_argument_lookup("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("You must specify 'axis'.")

    def per_element(predictions, labels):
        radial_diffs = math_ops.multiply(predictions, labels)
        return 1 - math_ops.reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
    return _weighted_loss("cosine_distance_loss", {"labels": labels, "predictions": predictions}, weights,
                          scope, loss_collection, reduction, per_element)


@export("losses.hinge_loss")
def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    def per_element(logits, labels):
        all_ones = array_ops.ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        return _tf().nn.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))
    return _weighted_loss("hinge_loss", {"labels": labels, "logits": logits}, weights, scope,
                          loss_collection, reduction, per_element)


@export("losses.huber_loss")
def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    def per_element(predictions, labels):
        error = math_ops.subtract(predictions, labels)
        abs_error = math_ops.abs(error)
        quadratic = math_ops.minimum(abs_error, delta)
        # The linear term keeps the gradient at delta beyond the quadratic region.
        linear = math_ops.subtract(abs_error, quadratic)
        return math_ops.add(
            math_ops.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype),
                              math_ops.multiply(quadratic, quadratic)),
            math_ops.multiply(delta, linear))
    return _weighted_loss("huber_loss", {"labels": labels, "predictions": predictions}, weights, scope,
                          loss_collection, reduction, per_element)


@export("losses.log_loss")
def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    def per_element(predictions, labels):
        return -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - math_ops.multiply(
            (1 - labels), math_ops.log(1 - predictions + epsilon))
    return _weighted_loss("log_loss", {"labels": labels, "predictions": predictions}, weights, scope,
                          loss_collection, reduction, per_element)


@export("losses.mean_squared_error")
def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    return _weighted_loss("mean_squared_error", {"labels": labels, "predictions": predictions}, weights,
                          scope, loss_collection, reduction, math_ops.squared_difference)


@export("losses.mean_pairwise_squared_error")
def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None,
                                loss_collection=GraphKeys.LOSSES):
    _check_args(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_pairwise_squared_error", (predictions, labels, weights)) as scope:
        weights = math_ops.cast(weights, dtype=dtypes.float32)
        labels = math_ops.cast(labels, dtype=dtypes.float32)
        with get_default_graph().control_dependencies((assert_broadcastable(weights, labels),)):
            predictions = math_ops.cast(predictions, dtype=dtypes.float32)
            predictions.get_shape().assert_is_compatible_with(labels.get_shape())
            diffs = math_ops.subtract(predictions, labels)
            axis = math_ops.range(1, array_ops.rank(diffs))
            sum_squares_diff_per_batch = math_ops.reduce_sum(math_ops.square(diffs), axis=axis,
                                                             keepdims=True)
            num_present_per_batch = _num_present(diffs, weights, per_batch=True)
            term1 = 2.0 * divide_no_nan(sum_squares_diff_per_batch,
                                              math_ops.maximum(num_present_per_batch - 1, 0),
                                              name="value")
            sum_diff = math_ops.reduce_sum(diffs, axis=axis, keepdims=True)
            term2 = 2.0 * divide_no_nan(
                math_ops.square(sum_diff),
                math_ops.maximum(math_ops.multiply(num_present_per_batch, num_present_per_batch - 1), 0),
                name="value")
            weighted_losses = math_ops.multiply(term1 - term2, weights)
            loss = math_ops.reduce_sum(weighted_losses)
            mean_loss = _tf().where(math_ops.reduce_sum(num_present_per_batch) > 0, loss,
                                    array_ops.zeros_like(loss), name="value")
            add_loss(mean_loss, loss_collection)
            return mean_loss


@export("losses.sigmoid_cross_entropy")
def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    def per_element(logits, multi_class_labels):
        if label_smoothing > 0:
            multi_class_labels = multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing
        return _tf().nn.sigmoid_cross_entropy_with_logits(labels=multi_class_labels, logits=logits,
                                                          name="xentropy")
    return _weighted_loss("sigmoid_cross_entropy_loss", {"multi_class_labels": multi_class_labels,
                                                         "logits": logits},
                          weights, scope, loss_collection, reduction, per_element, _labels_like_logits)


@export("losses.softmax_cross_entropy")
def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    def per_element(logits, onehot_labels):
        if label_smoothing > 0:
            num_classes = math_ops.cast(array_ops.shape(onehot_labels)[-1], logits.dtype)
            smooth_positives = 1.0 - label_smoothing
            smooth_negatives = label_smoothing / num_classes
            onehot_labels = onehot_labels * smooth_positives + smooth_negatives
        onehot_labels = array_ops.stop_gradient(onehot_labels, name="labels_stop_gradient")
        return _tf().nn.softmax_cross_entropy_with_logits_v2(labels=onehot_labels, logits=logits,
                                                             name="xentropy")
    return _weighted_loss("softmax_cross_entropy_loss", {"onehot_labels": onehot_labels, "logits": logits},
                          weights, scope, loss_collection, reduction, per_element, _labels_like_logits)


def _remove_squeezable_dimensions(labels, predictions, weights=None, expected_rank_diff=0):
    """Squeezes a trailing size-1 dimension of labels/predictions (and weights) when the ranks say so."""
    with name_scope(None, "remove_squeezable_dimensions", [labels, predictions]):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        ps, ls = predictions.get_shape(), labels.get_shape()
        if ps.ndims is not None and ls.ndims is not None:
            rank_diff = ps.ndims - ls.ndims
            if rank_diff == expected_rank_diff + 1 and ps.dims[-1].is_compatible_with(1):
                predictions = array_ops.squeeze(predictions, [-1])
            elif rank_diff == expected_rank_diff - 1 and ls.dims[-1].is_compatible_with(1):
                labels = array_ops.squeeze(labels, [-1])
    if weights is not None:
        weights = convert_to_tensor(weights)
        labels_rank = labels.get_shape().ndims
        weights_rank = weights.get_shape().ndims
        if labels_rank is not None and weights_rank is not None and weights_rank - labels_rank == 1:
            weights = array_ops.squeeze(weights, [-1])
    return labels, predictions, weights


@export("losses.sparse_softmax_cross_entropy")
def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    _check_args(labels=labels, logits=logits)
    with name_scope(scope, "sparse_softmax_cross_entropy_loss", (logits, labels, weights)) as scope:
        labels, logits, weights = _remove_squeezable_dimensions(labels, logits, weights,
                                                                expected_rank_diff=1)
        losses = _tf().nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                                   name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)
