"""`tf.keras.datasets.imdb` (TF 1.15): 25,000 + 25,000 movie reviews labelled by sentiment, as
sequences of word indices (most frequent word = index 1, before `index_from` is added)."""
import numpy as np

from ..api import export
from ..keras_impl.data_utils import get_file
from .keras_datasets import (ORIGIN_FOLDER, cut_vocabulary, legacy_num_words, load_word_index,
                             offset_words, remove_long_seq, shuffled, split_at)


@export("keras.datasets.imdb.load_data", "contrib.keras.datasets.imdb.load_data")
def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
              oov_char=2, index_from=3, **kwargs):
    """`(x_train, y_train), (x_test, y_test)`: each split shuffled with numpy's global RNG seeded once
    with `seed`; sequences of `maxlen` words or more dropped (ValueError when none is left); words
    cut to the vocabulary [skip_top, num_words) (see `cut_vocabulary`)."""
    num_words = legacy_num_words(num_words, kwargs)
    path = get_file(path, origin=ORIGIN_FOLDER + "imdb.npz",
                    file_hash="69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f")
    with np.load(path, allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["y_train"]
        x_test, labels_test = f["x_test"], f["y_test"]

    np.random.seed(seed)
    x_train, labels_train = shuffled(x_train, labels_train)
    x_test, labels_test = shuffled(x_test, labels_test)

    xs = np.concatenate([x_train, x_test])
    labels = np.concatenate([labels_train, labels_test])
    xs = offset_words(xs, start_char, index_from)

    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
        if not xs:
            raise ValueError("After filtering for sequences shorter than maxlen=" + str(maxlen)
                             + ", no sequence was kept. Increase maxlen.")
    xs = cut_vocabulary(xs, num_words, skip_top, oov_char)

    # The split is at the original training-set size, even after `maxlen` dropped some (as in TF).
    return split_at(xs, labels, len(x_train))


@export("keras.datasets.imdb.get_word_index", "contrib.keras.datasets.imdb.get_word_index")
def get_word_index(path="imdb_word_index.json"):
    """The dict word -> index (before `index_from`) of the cached `imdb_word_index.json`."""
    return load_word_index(path, "imdb_word_index.json", "bfafd718b763782e994055a2d397834f")
