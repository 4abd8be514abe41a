"""`tf.keras.datasets.boston_housing` (TF 1.15): the Boston housing price regression dataset."""
import numpy as np

from ..api import export
from ..keras_impl.data_utils import get_file
from .keras_datasets import ORIGIN_FOLDER


@export("keras.datasets.boston_housing.load_data", "contrib.keras.datasets.boston_housing.load_data")
def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """`(x_train, y_train), (x_test, y_test)`: the 506 samples shuffled with numpy's global RNG seeded
    with `seed`, the last `test_split` of them for testing."""
    assert 0 <= test_split < 1
    path = get_file(path, origin=ORIGIN_FOLDER + "boston_housing.npz",
                    file_hash="f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5")
    with np.load(path) as f:
        x = f["x"]
        y = f["y"]

    # TF reseeds the global RNG (so the user's numpy stream changes too).
    np.random.seed(seed)
    indices = np.arange(len(x))
    np.random.shuffle(indices)
    x = x[indices]
    y = y[indices]

    split = int(len(x) * (1 - test_split))
    x_train = np.array(x[:split])
    y_train = np.array(y[:split])
    x_test = np.array(x[split:])
    y_test = np.array(y[split:])
    return (x_train, y_train), (x_test, y_test)
