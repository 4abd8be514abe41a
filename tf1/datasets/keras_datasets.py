"""What TF 1.15's `tf.keras.datasets` loaders share: CIFAR's pickled batches, the sequence helpers of
IMDB/Reuters, and the origin of Keras's hosted files. Each dataset has its own module
(`boston_housing`, `cifar10`, `cifar100`, `fashion_mnist`, `imdb`, `reuters`), as in TF; every file is
fetched through `tf.keras.utils.get_file` (`~/.keras/datasets`, offline: only what is cached).
"""
import json
import pickle

import numpy as np

from ..api import export_value
from ..keras_impl.data_utils import get_file
from ..platform import tf_logging as logging
from . import mnist as _mnist

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def load_batch(fpath, label_key="labels"):
    """`(data, labels)` of one CIFAR batch file: uint8 data N x 3 x 32 x 32 and the label list.

    The batches are Python 2 pickles whose keys are bytes; TF decodes the keys (not the values)."""
    with open(fpath, "rb") as f:
        d = pickle.load(f, encoding="bytes")
        d = {k.decode("utf8"): v for k, v in d.items()}
    data = d["data"]
    labels = d[label_key]
    data = data.reshape(data.shape[0], 3, 32, 32)
    return data, labels


def remove_long_seq(maxlen, seq, label):
    """keras_preprocessing's `_remove_long_seq`: keeps the sequences strictly shorter than `maxlen`."""
    new_seq, new_label = [], []
    for x, y in zip(seq, label):
        if len(x) < maxlen:
            new_seq.append(x)
            new_label.append(y)
    return new_seq, new_label


def sequences_array(rows):
    """`np.array(rows)` as the numpy of TF 1.15 built it: a 2-D array when all sequences have the same
    length, else a 1-D object array of the lists (numpy >= 1.24 refuses ragged input instead)."""
    try:
        return np.array(rows)
    except ValueError:
        out = np.empty(len(rows), dtype=object)
        for i, row in enumerate(rows):
            out[i] = row
        return out


def legacy_num_words(num_words, kwargs):
    """`num_words`, or the `nb_words` of Keras 1 (with TF's warning); other keywords are an error."""
    if "nb_words" in kwargs:
        logging.warning("The `nb_words` argument in `load_data` has been renamed `num_words`.")
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError("Unrecognized keyword arguments: " + str(kwargs))
    return num_words


def offset_words(xs, start_char, index_from):
    """Word indices shifted by `index_from`, each sequence led by `start_char` (when not None)."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return xs


def cut_vocabulary(xs, num_words, skip_top, oov_char):
    """Words outside [skip_top, num_words) become `oov_char`, or are dropped when it is None;
    `num_words` None/0 means the largest index present (TF's `max` of each sequence's `max`)."""
    if not num_words:
        num_words = max([max(x) for x in xs])
    # By convention 2 is the OOV word; `index_from` (3 by default) reserves 0 (padding),
    # 1 (start), 2 (OOV).
    if oov_char is not None:
        return [[w if (skip_top <= w < num_words) else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


# tf.contrib.keras.datasets has the same loaders (no fashion_mnist).
export_value("contrib.keras.datasets.mnist.load_data", _mnist.keras_load_data)


def shuffled(xs, labels):
    """Both arrays in one permutation drawn from numpy's global RNG (the loaders seed it first)."""
    indices = np.arange(len(xs))
    np.random.shuffle(indices)
    return xs[indices], labels[indices]


def split_at(xs, labels, idx):
    """`(x_train, y_train), (x_test, y_test)`: the sequences before and from `idx`."""
    return ((sequences_array(xs[:idx]), np.array(labels[:idx])),
            (sequences_array(xs[idx:]), np.array(labels[idx:])))


def load_word_index(path, origin_name, file_hash):
    """The dict word -> index (before `index_from`) of the cached `path` (downloaded, when absent,
    from the dataset folder's `origin_name`)."""
    with open(get_file(path, origin=ORIGIN_FOLDER + origin_name, file_hash=file_hash)) as f:
        return json.load(f)
