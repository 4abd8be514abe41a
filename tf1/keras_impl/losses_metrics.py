"""Keras 2.x losses and accuracy metrics (on probabilities, as `keras.losses` with the TF backend):
each returns one value per sample; `Model.compile` averages it over the batch."""
from ..api import export, public as _tf

EPSILON = 1e-7


@export("keras.losses.categorical_crossentropy", "keras.metrics.categorical_crossentropy")
def categorical_crossentropy(y_true, y_pred):
    tf = _tf()
    y_pred = y_pred / tf.reduce_sum(y_pred, axis=-1, keepdims=True)
    y_pred = tf.clip_by_value(y_pred, EPSILON, 1. - EPSILON)
    return -tf.reduce_sum(y_true * tf.log(y_pred), axis=-1)


@export("keras.losses.sparse_categorical_crossentropy", "keras.metrics.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(y_true, y_pred):
    tf = _tf()
    y_pred = tf.clip_by_value(y_pred, EPSILON, 1. - EPSILON)
    n = y_pred.get_shape().as_list()[-1]
    labels = tf.cast(tf.reshape(y_true, [-1]), tf.int32)
    flat = tf.reshape(y_pred, [-1, n])
    return -tf.reduce_sum(tf.one_hot(labels, n) * tf.log(flat), axis=-1)


@export("keras.losses.binary_crossentropy", "keras.metrics.binary_crossentropy")
def binary_crossentropy(y_true, y_pred):
    tf = _tf()
    p = tf.clip_by_value(y_pred, EPSILON, 1. - EPSILON)
    logits = tf.log(p / (1. - p))
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=logits), axis=-1)


@export("keras.losses.mean_squared_error", "keras.losses.mse", "keras.metrics.mean_squared_error",
        "keras.metrics.mse")
def mean_squared_error(y_true, y_pred):
    tf = _tf()
    return tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)


@export("keras.losses.mean_absolute_error", "keras.losses.mae", "keras.metrics.mean_absolute_error",
        "keras.metrics.mae")
def mean_absolute_error(y_true, y_pred):
    tf = _tf()
    return tf.reduce_mean(tf.abs(y_pred - y_true), axis=-1)


@export("keras.metrics.categorical_accuracy")
def categorical_accuracy(y_true, y_pred):
    tf = _tf()
    return tf.cast(tf.equal(tf.argmax(y_true, axis=-1), tf.argmax(y_pred, axis=-1)), tf.float32)


@export("keras.metrics.sparse_categorical_accuracy")
def sparse_categorical_accuracy(y_true, y_pred):
    tf = _tf()
    labels = tf.cast(tf.reshape(y_true, [-1]), tf.int64)
    n = y_pred.get_shape().as_list()[-1]
    return tf.cast(tf.equal(labels, tf.argmax(tf.reshape(y_pred, [-1, n]), axis=-1)), tf.float32)


@export("keras.metrics.binary_accuracy")
def binary_accuracy(y_true, y_pred):
    tf = _tf()
    return tf.reduce_mean(tf.cast(tf.equal(y_true, tf.round(y_pred)), tf.float32), axis=-1)


_LOSSES = {
    'categorical_crossentropy': categorical_crossentropy,
    'sparse_categorical_crossentropy': sparse_categorical_crossentropy,
    'binary_crossentropy': binary_crossentropy,
    'mean_squared_error': mean_squared_error, 'mse': mean_squared_error, 'MSE': mean_squared_error,
    'mean_absolute_error': mean_absolute_error, 'mae': mean_absolute_error, 'MAE': mean_absolute_error,
}


@export("keras.losses.get")
def get_loss(identifier):
    if callable(identifier):
        return identifier
    if identifier not in _LOSSES:
        raise ValueError('Unknown loss function:' + str(identifier))
    return _LOSSES[identifier]


def get_metric(identifier, loss_fn):
    """(display name, fn) for a metric; 'accuracy'/'acc' picks the accuracy that fits the loss, named
    'acc' as Keras 2.2 prints it."""
    if identifier in ('accuracy', 'acc'):
        if loss_fn is binary_crossentropy:
            return 'acc', binary_accuracy
        if loss_fn is sparse_categorical_crossentropy:
            return 'acc', sparse_categorical_accuracy
        return 'acc', categorical_accuracy
    if callable(identifier):
        return identifier.__name__, identifier
    table = dict(_LOSSES, categorical_accuracy=categorical_accuracy, binary_accuracy=binary_accuracy,
                 sparse_categorical_accuracy=sparse_categorical_accuracy)
    if identifier not in table:
        raise ValueError('Unknown metric function:' + str(identifier))
    return identifier, table[identifier]
