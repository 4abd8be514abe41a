"""`tf.contrib.losses`: TF 1.15's deprecated contrib/losses/python/losses/loss_ops.py.

These predate `tf.losses`: the logits/predictions come first (`softmax_cross_entropy(logits,
onehot_labels)`), and every weighted loss is the weighted sum divided by the number of present
(non-zero-weight) elements, computed with contrib's own ops and name scopes, then added to
GraphKeys.LOSSES. Each function logs TF's deprecation notice once.
"""
import functools

from ..api import export, public
from ..framework.graph import GraphKeys, add_to_collection, get_collection
from ..platform.tf_logging import _warn_deprecated
from .arg_scope import add_arg_scope

_MODULE = "tensorflow.contrib.losses.python.losses.loss_ops"


def _deprecated(instructions):
    """TF's @deprecated('2016-12-30', instructions): one warning per function, naming the caller."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            _warn_deprecated(fn.__name__, _MODULE, instructions, depth=2, date="2016-12-30")
            return fn(*args, **kwargs)
        return wrapper
    return deco


def _export(name, instructions=None):
    instructions = instructions or "Use tf.losses.%s instead." % name

    def deco(fn):
        # slim.losses is this module too in TF 1.15.
        return export("contrib.losses." + name, "contrib.slim.losses." + name)(_deprecated(instructions)(fn))
    return deco


def _order_note(name, what):
    return ("Use tf.losses.%s instead. Note that the order of the %s arguments has been changed."
            % (name, what))


def _scale_losses(losses, weights):
    """Sum over the dimensions weights lack, times weights, summed to a scalar."""
    tf = public()
    start_index = max(0, weights.get_shape().ndims)
    axis = list(range(start_index, losses.get_shape().ndims))
    reduced_losses = tf.reduce_sum(losses, axis=axis)
    reduced_losses = tf.multiply(reduced_losses, weights)
    return tf.reduce_sum(reduced_losses)


def _safe_mean(losses, num_present):
    tf = public()
    total_loss = tf.reduce_sum(losses)
    return tf.div_no_nan(total_loss, num_present, name="value")


def _num_present(losses, weights, per_batch=False):
    """How many loss elements count: a scalar weight counts all of them (none when 0); otherwise
    the non-zero weights, each times the number of loss elements it broadcasts over."""
    tf = public()
    if weights.get_shape().ndims == 0:
        batch_size = tf.reshape(tf.slice(tf.shape(losses), [0], [1]), [])
        num_per_batch = tf.div(tf.cast(tf.size(losses), tf.float32), tf.cast(batch_size, tf.float32))
        num_per_batch = tf.where(tf.equal(weights, 0), 0.0, num_per_batch)
        num_per_batch = tf.multiply(tf.ones(tf.reshape(batch_size, [1])), num_per_batch)
        return num_per_batch if per_batch else tf.reduce_sum(num_per_batch)
    axis = list(range(1, weights.get_shape().ndims))
    num_nonzero_per_batch = tf.reduce_sum(tf.cast(tf.not_equal(weights, 0), tf.float32), axis=axis)
    broadcast_dims = tf.slice(tf.shape(losses), [weights.get_shape().ndims], [-1])
    num_to_broadcast = tf.cast(tf.reduce_prod(broadcast_dims), tf.float32)
    num_per_batch = tf.multiply(num_nonzero_per_batch, num_to_broadcast)
    return num_per_batch if per_batch else tf.reduce_sum(num_per_batch)


@_export("compute_weighted_loss")
def compute_weighted_loss(losses, weights=1.0, scope=None):
    tf = public()
    with tf.name_scope(scope, "weighted_loss", [losses, weights]):
        losses = tf.convert_to_tensor(losses)
        input_dtype = losses.dtype
        losses = tf.cast(losses, tf.float32)
        weights = tf.cast(tf.convert_to_tensor(weights), tf.float32)
        if losses.get_shape().ndims is None:
            raise ValueError("losses.get_shape().ndims cannot be None")
        weights_shape = weights.get_shape()
        if weights_shape.ndims is None:
            raise ValueError("weights.get_shape().ndims cannot be None")
        if weights_shape.ndims > 1 and weights_shape.dims[-1].is_compatible_with(1):
            weights = tf.squeeze(weights, [-1])
        total_loss = _scale_losses(losses, weights)
        num_present = _num_present(losses, weights)
        mean_loss = _safe_mean(total_loss, num_present)
        mean_loss = tf.cast(mean_loss, input_dtype)
        add_loss.__wrapped__(mean_loss)
        return mean_loss


@_export("add_loss")
@add_arg_scope
def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    if loss_collection:
        add_to_collection(loss_collection, loss)


@_export("get_losses")
def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    return get_collection(loss_collection, scope)


@_export("get_regularization_losses")
def get_regularization_losses(scope=None):
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


@_export("get_total_loss")
def get_total_loss(add_regularization_losses=True, name="total_loss"):
    losses = get_losses.__wrapped__()
    if add_regularization_losses:
        losses += get_regularization_losses.__wrapped__()
    return public().add_n(losses, name=name)


def _weighted(losses, weights, scope):
    return compute_weighted_loss.__wrapped__(losses, weights, scope=scope)


@_export("absolute_difference")
def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
    tf = public()
    with tf.name_scope(scope, "absolute_difference", [predictions, labels, weights]) as scope:
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        predictions = tf.cast(predictions, tf.float32)
        labels = tf.cast(labels, tf.float32)
        losses = tf.abs(tf.subtract(predictions, labels))
        return _weighted(losses, weights, scope)


@_export("sigmoid_cross_entropy", _order_note("sigmoid_cross_entropy", "predictions and labels"))
def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0, scope=None):
    tf = public()
    with tf.name_scope(scope, "sigmoid_cross_entropy_loss", [logits, multi_class_labels, weights]) as scope:
        logits.get_shape().assert_is_compatible_with(multi_class_labels.get_shape())
        multi_class_labels = tf.cast(multi_class_labels, logits.dtype)
        if label_smoothing > 0:
            multi_class_labels = multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=multi_class_labels, logits=logits,
                                                         name="xentropy")
        return _weighted(losses, weights, scope)


@_export("softmax_cross_entropy", _order_note("softmax_cross_entropy", "logits and labels"))
def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    tf = public()
    with tf.name_scope(scope, "softmax_cross_entropy_loss", [logits, onehot_labels, weights]) as scope:
        logits.get_shape().assert_is_compatible_with(onehot_labels.get_shape())
        onehot_labels = tf.cast(onehot_labels, logits.dtype)
        if label_smoothing > 0:
            num_classes = tf.cast(tf.shape(onehot_labels)[1], logits.dtype)
            smooth_positives = 1.0 - label_smoothing
            smooth_negatives = label_smoothing / num_classes
            onehot_labels = onehot_labels * smooth_positives + smooth_negatives
        losses = tf.nn.softmax_cross_entropy_with_logits(labels=onehot_labels, logits=logits, name="xentropy")
        return _weighted(losses, weights, scope)


@_export("sparse_softmax_cross_entropy", _order_note("sparse_softmax_cross_entropy", "logits and labels"))
def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    tf = public()
    with tf.name_scope(scope, "sparse_softmax_cross_entropy_loss", [logits, labels, weights]) as scope:
        labels = tf.reshape(labels, shape=[tf.shape(labels)[0]])
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return _weighted(losses, weights, scope)


@_export("log_loss", _order_note("log_loss", "predictions and labels"))
def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
    tf = public()
    with tf.name_scope(scope, "log_loss", [predictions, labels, weights]) as scope:
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        predictions = tf.cast(predictions, tf.float32)
        labels = tf.cast(labels, tf.float32)
        losses = -tf.multiply(labels, tf.log(predictions + epsilon)) - tf.multiply(
            1 - labels, tf.log(1 - predictions + epsilon))
        return _weighted(losses, weights, scope)


@_export("hinge_loss", "Use tf.losses.hinge_loss instead. Note that the order of the logits and labels "
                       "arguments has been changed, and to stay unweighted, reduction=Reduction.NONE")
def hinge_loss(logits, labels=None, scope=None):
    """The unreduced hinge loss, max(0, 1 - (2*labels - 1) * logits) (not added to LOSSES)."""
    tf = public()
    with tf.name_scope(scope, "hinge_loss", [logits, labels]) as scope:
        logits.get_shape().assert_is_compatible_with(labels.get_shape())
        labels = tf.cast(labels, tf.float32)
        all_ones = tf.ones_like(labels)
        labels = tf.subtract(2 * labels, all_ones)
        return tf.nn.relu(tf.subtract(all_ones, tf.multiply(labels, logits)))


@_export("mean_squared_error")
def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
    tf = public()
    with tf.name_scope(scope, "mean_squared_error", [predictions, labels, weights]) as scope:
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        predictions = tf.cast(predictions, tf.float32)
        labels = tf.cast(labels, tf.float32)
        losses = tf.squared_difference(predictions, labels)
        return _weighted(losses, weights, scope)


@_export("mean_pairwise_squared_error", _order_note("mean_pairwise_squared_error", "predictions and labels"))
def mean_pairwise_squared_error(predictions, labels=None, weights=1.0, scope=None):
    tf = public()
    with tf.name_scope(scope, "mean_pairwise_squared_error", [predictions, labels, weights]) as scope:
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        predictions = tf.cast(predictions, tf.float32)
        labels = tf.cast(labels, tf.float32)
        weights = tf.cast(tf.convert_to_tensor(weights), tf.float32)
        diffs = tf.subtract(predictions, labels)
        if diffs.get_shape().ndims is None:
            raise ValueError("diffs.get_shape().ndims cannot be None")
        if weights.get_shape().ndims is None:
            raise ValueError("weights.get_shape().ndims cannot be None")
        axis = list(range(1, diffs.get_shape().ndims))
        sum_squares_diff_per_batch = tf.reduce_sum(tf.square(diffs), axis=axis)
        num_present_per_batch = _num_present(diffs, weights, per_batch=True)
        term1 = 2.0 * tf.div_no_nan(sum_squares_diff_per_batch, num_present_per_batch, name="value")
        sum_diff = tf.reduce_sum(diffs, axis=axis)
        term2 = 2.0 * tf.div_no_nan(tf.square(sum_diff), tf.square(num_present_per_batch), name="value")
        loss = _scale_losses(term1 - term2, weights)
        mean_loss = tf.where(tf.reduce_sum(num_present_per_batch) > 0, loss, tf.zeros_like(loss), name="value")
        add_loss.__wrapped__(mean_loss)
        return mean_loss


@_export("cosine_distance")
def cosine_distance(predictions, labels=None, axis=None, weights=1.0, scope=None, dim=None):
    """1 - sum(predictions * labels) over `axis` (inputs are assumed unit-normalised), weighted."""
    tf = public()
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    with tf.name_scope(scope, "cosine_distance_loss", [predictions, labels, weights]) as scope:
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        predictions = tf.cast(predictions, tf.float32)
        labels = tf.cast(labels, tf.float32)
        radial_diffs = tf.multiply(predictions, labels)
        losses = 1 - tf.reduce_sum(radial_diffs, axis=[axis])
        return _weighted(losses, weights, scope)
