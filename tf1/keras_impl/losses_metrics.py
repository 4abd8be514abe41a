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


@export("keras.losses.mean_absolute_percentage_error", "keras.losses.mape",
        "keras.metrics.mean_absolute_percentage_error", "keras.metrics.mape")
def mean_absolute_percentage_error(y_true, y_pred):
    tf = _tf()
    y_true = tf.cast(y_true, y_pred.dtype)
    diff = tf.abs((y_true - y_pred) / tf.maximum(tf.abs(y_true), EPSILON))
    return 100. * tf.reduce_mean(diff, axis=-1)


@export("keras.losses.mean_squared_logarithmic_error", "keras.losses.msle",
        "keras.metrics.mean_squared_logarithmic_error", "keras.metrics.msle")
def mean_squared_logarithmic_error(y_true, y_pred):
    tf = _tf()
    y_true = tf.cast(y_true, y_pred.dtype)
    first_log = tf.log(tf.maximum(y_pred, EPSILON) + 1.)
    second_log = tf.log(tf.maximum(y_true, EPSILON) + 1.)
    return tf.reduce_mean(tf.squared_difference(first_log, second_log), axis=-1)


@export("keras.metrics.cosine_proximity", "keras.metrics.cosine")
def cosine_proximity(y_true, y_pred, axis=-1):
    """TF 1.15's metric (positive: the similarity; the loss of that name is its negative)."""
    tf = _tf()
    y_true = tf.nn.l2_normalize(y_true, axis=axis)
    y_pred = tf.nn.l2_normalize(y_pred, axis=axis)
    return tf.reduce_sum(y_true * y_pred, axis=axis)


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


_METRICS = None


def _metric_table():
    global _METRICS
    if _METRICS is None:
        _METRICS = dict(_LOSSES, categorical_accuracy=categorical_accuracy, binary_accuracy=binary_accuracy,
                        sparse_categorical_accuracy=sparse_categorical_accuracy,
                        mean_absolute_percentage_error=mean_absolute_percentage_error,
                        mape=mean_absolute_percentage_error, MAPE=mean_absolute_percentage_error,
                        mean_squared_logarithmic_error=mean_squared_logarithmic_error,
                        msle=mean_squared_logarithmic_error, MSLE=mean_squared_logarithmic_error,
                        cosine_proximity=cosine_proximity, cosine=cosine_proximity)
    return _METRICS


# compile() names whose function depends on the output and loss: (binary, sparse, categorical).
_OUTPUT_DEPENDENT_NAMES = {'accuracy': 'acc', 'acc': 'acc', 'crossentropy': 'ce', 'ce': 'ce'}
_OUTPUT_DEPENDENT = {'acc': (binary_accuracy, sparse_categorical_accuracy, categorical_accuracy),
                     'ce': (binary_crossentropy, sparse_categorical_crossentropy, categorical_crossentropy)}


def get_metric(identifier, loss_fn, output_shape=None):
    """(display name, fn) for a compile() metric, as TF 1.15's training_utils get_metric_name /
    get_metric_function: 'accuracy'/'acc' is named 'acc' and 'crossentropy'/'ce' 'ce', each picking
    the binary form for a one-unit output or binary_crossentropy loss and the sparse form for
    sparse_categorical_crossentropy; any other metric is named after its function
    ('mae' -> 'mean_absolute_error')."""
    short = _OUTPUT_DEPENDENT_NAMES.get(identifier) if isinstance(identifier, str) else None
    if short is not None:
        binary, sparse, categorical = _OUTPUT_DEPENDENT[short]
        if (output_shape is not None and len(output_shape) > 0 and output_shape[-1] == 1) \
                or loss_fn is binary_crossentropy:
            return short, binary
        return short, sparse if loss_fn is sparse_categorical_crossentropy else categorical
    if callable(identifier):
        return getattr(identifier, 'name', None) or identifier.__name__, identifier
    table = _metric_table()
    if identifier not in table:
        raise ValueError('Unknown metric function:' + str(identifier))
    fn = table[identifier]
    return fn.__name__, fn
