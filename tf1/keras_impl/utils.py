"""`keras.utils` numpy helpers (Keras 2 / TF 1.15 `tf.keras.utils`): one-hot labels and normalisation.

Pure numpy on host values, as in Keras: these never build graph ops.
"""
import numpy as np

from tf1.api import export


@export("keras.utils.to_categorical", "keras.utils.np_utils.to_categorical",
        "contrib.keras.utils.to_categorical")
def to_categorical(y, num_classes=None, dtype="float32"):
    """Class vector (integers) -> one-hot matrix; the class axis is appended last.

    A trailing axis of size 1 (labels shaped (n, 1)) is replaced rather than extended, and
    `num_classes` defaults to max(y) + 1, exactly as Keras 2 does."""
    y = np.array(y, dtype="int")
    input_shape = y.shape
    # Keras treats (..., 1) label columns as a vector of labels.
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    y = y.ravel()
    if not num_classes:
        num_classes = np.max(y) + 1
    n = y.shape[0]
    categorical = np.zeros((n, num_classes), dtype=dtype)
    categorical[np.arange(n), y] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


@export("keras.utils.normalize", "keras.utils.np_utils.normalize", "contrib.keras.utils.normalize")
def normalize(x, axis=-1, order=2):
    """Divides `x` by its `order`-norm along `axis` (zero norms are left as 1, so zero rows stay 0)."""
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)
