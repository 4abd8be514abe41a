"""`tf.keras.datasets.cifar10` (TF 1.15): 50,000 + 10,000 32x32 colour images in 10 classes."""
import os

import numpy as np

from ..api import export
from ..keras_impl.backend_ops import image_data_format
from ..keras_impl.data_utils import get_file
from .keras_datasets import load_batch


@export("keras.datasets.cifar10.load_data", "contrib.keras.datasets.cifar10.load_data")
def load_data():
    """`(x_train, y_train), (x_test, y_test)`: uint8 images N x 32 x 32 x 3 (N x 3 x 32 x 32 under
    'channels_first') and uint8 labels N x 1, from the five training batches and the test batch of
    `cifar-10-python.tar.gz` (extracted to `~/.keras/datasets/cifar-10-batches-py`)."""
    dirname = "cifar-10-batches-py"
    origin = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    path = get_file(dirname, origin=origin, untar=True,
                    file_hash="6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce")

    num_train_samples = 50000
    x_train = np.empty((num_train_samples, 3, 32, 32), dtype="uint8")
    y_train = np.empty((num_train_samples,), dtype="uint8")

    for i in range(1, 6):
        fpath = os.path.join(path, "data_batch_" + str(i))
        (x_train[(i - 1) * 10000:i * 10000, :, :, :],
         y_train[(i - 1) * 10000:i * 10000]) = load_batch(fpath)

    fpath = os.path.join(path, "test_batch")
    x_test, y_test = load_batch(fpath)

    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))

    if image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)

    x_test = x_test.astype(x_train.dtype)
    y_test = y_test.astype(y_train.dtype)
    return (x_train, y_train), (x_test, y_test)
