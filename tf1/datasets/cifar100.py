"""`tf.keras.datasets.cifar100` (TF 1.15): 50,000 + 10,000 32x32 colour images in 100 fine
(20 coarse) classes."""
import os

import numpy as np

from ..api import export
from ..keras_impl.backend_ops import image_data_format
from ..keras_impl.data_utils import get_file
from .keras_datasets import load_batch


@export("keras.datasets.cifar100.load_data", "contrib.keras.datasets.cifar100.load_data")
def load_data(label_mode="fine"):
    """`(x_train, y_train), (x_test, y_test)`: uint8 images (channels_last: N x 32 x 32 x 3) and int64
    labels N x 1 of `label_mode` ('fine' or 'coarse'), from `cifar-100-python.tar.gz`."""
    if label_mode not in ["fine", "coarse"]:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`.')

    dirname = "cifar-100-python"
    origin = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
    path = get_file(dirname, origin=origin, untar=True,
                    file_hash="85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7")

    fpath = os.path.join(path, "train")
    x_train, y_train = load_batch(fpath, label_key=label_mode + "_labels")

    fpath = os.path.join(path, "test")
    x_test, y_test = load_batch(fpath, label_key=label_mode + "_labels")

    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))

    if image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)
