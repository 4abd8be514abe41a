"""`tf.keras.datasets.reuters` (TF 1.15): 11,228 Reuters newswires labelled over 46 topics, as
sequences of word indices."""
import numpy as np

from ..api import export
from ..keras_impl.data_utils import get_file
from .keras_datasets import (ORIGIN_FOLDER, cut_vocabulary, legacy_num_words, load_word_index,
                             offset_words, remove_long_seq, shuffled, split_at)


@export("keras.datasets.reuters.load_data", "contrib.keras.datasets.reuters.load_data")
def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113,
              start_char=1, oov_char=2, index_from=3, **kwargs):
    """`(x_train, y_train), (x_test, y_test)`: the newswires shuffled with numpy's global RNG seeded
    with `seed`, sequences of `maxlen` words or more dropped, words cut to [skip_top, num_words), the
    last `test_split` of the remaining ones for testing."""
    num_words = legacy_num_words(num_words, kwargs)
    path = get_file(path, origin=ORIGIN_FOLDER + "reuters.npz",
                    file_hash="d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916")
    with np.load(path, allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]

    np.random.seed(seed)
    xs, labels = shuffled(xs, labels)
    xs = offset_words(xs, start_char, index_from)

    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = cut_vocabulary(xs, num_words, skip_top, oov_char)

    return split_at(xs, labels, int(len(xs) * (1 - test_split)))


@export("keras.datasets.reuters.get_word_index", "contrib.keras.datasets.reuters.get_word_index")
def get_word_index(path="reuters_word_index.json"):
    """The dict word -> index (before `index_from`) of the cached `reuters_word_index.json`."""
    return load_word_index(path, "reuters_word_index.json", "4d44cc38712099c9e383dc6e5f11a921")
