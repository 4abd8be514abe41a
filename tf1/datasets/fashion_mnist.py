"""`tf.keras.datasets.fashion_mnist` (TF 1.15): Zalando's 28x28 grayscale article images."""
import gzip
import os

import numpy as np

from ..api import export
from ..keras_impl.data_utils import get_file
from .keras_datasets import ORIGIN_FOLDER


@export("keras.datasets.fashion_mnist.load_data")
def load_data():
    """`(x_train, y_train), (x_test, y_test)`: uint8 images N x 28 x 28 and uint8 labels, read from
    the four gzipped IDX files cached in `~/.keras/datasets/fashion-mnist` (headers skipped as TF
    does: 8 bytes for labels, 16 for images; the image count is the label count)."""
    dirname = os.path.join("datasets", "fashion-mnist")
    files = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
             "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"]

    paths = []
    for fname in files:
        paths.append(get_file(fname, origin=ORIGIN_FOLDER + fname, cache_subdir=dirname))

    with gzip.open(paths[0], "rb") as lbpath:
        y_train = np.frombuffer(lbpath.read(), np.uint8, offset=8)
    with gzip.open(paths[1], "rb") as imgpath:
        x_train = np.frombuffer(imgpath.read(), np.uint8, offset=16).reshape(len(y_train), 28, 28)
    with gzip.open(paths[2], "rb") as lbpath:
        y_test = np.frombuffer(lbpath.read(), np.uint8, offset=8)
    with gzip.open(paths[3], "rb") as imgpath:
        x_test = np.frombuffer(imgpath.read(), np.uint8, offset=16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
