"""MNIST readers of TF 1.15: the tutorials' `input_data.read_data_sets` (also
`tf.contrib.learn.datasets.mnist`) and `tf.keras.datasets.mnist.load_data`, offline.

`read_data_sets(train_dir)` behaves like TF's: it reads the four IDX `.gz` files from `train_dir`,
printing `Extracting <train_dir>/<file>` for each, splits `validation_size` images off the front of
the training set, and builds `DataSet`s whose `next_batch` shuffles with numpy's global RNG exactly
as TF did (numpy is reseeded from the graph seed / `seed` in each DataSet constructor), so batches
match TF's for the same seeds. TF downloaded missing files into `train_dir`; machines here are
offline, so a missing file is copied ("downloaded") from the local mirror instead: `$TF1_DATA_DIR/mnist`,
`$TF1_CONFORMANCE_DATA/mnist` or `/work/shared/data/mnist`. With no mirror either, the download
fails with the URLError an offline TF raised.
"""
import collections
import contextlib
import gzip
import os
import shutil
import urllib.error

import numpy

from ..framework import dtypes
from ..platform import gfile
from ..platform import tf_logging as logging

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"

_TUTORIALS = "tensorflow.examples.tutorials.mnist.input_data"
_CONTRIB = "tensorflow.contrib.learn.python.learn.datasets.mnist"
_TF_DATA = "Please use tf.data to implement this functionality."


class _Names:
    """The names TF's deprecation warnings use: the tutorials module renamed its helpers `_x`."""

    def __init__(self, module, private, dataset_hint, read_hint, download_module):
        self.module = module
        self.private = private
        self.dataset_hint = dataset_hint
        self.read_hint = read_hint
        self.download_module = download_module

    def name(self, base):
        return ("_" + base) if self.private else base


TUTORIALS = _Names(_TUTORIALS, True, "Please use alternatives such as official/mnist/_DataSet.py from "
                   "tensorflow/models.", "Please use alternatives such as: tensorflow_datasets.load('mnist')",
                   _TUTORIALS)
CONTRIB = _Names(_CONTRIB, False, "Please use alternatives such as official/mnist/dataset.py from "
                 "tensorflow/models.", "Please use alternatives such as official/mnist/dataset.py from "
                 "tensorflow/models.", "tensorflow.contrib.learn.python.learn.datasets.base")


def _warn(names, base, module, instructions):
    logging._warn_deprecated(names.name(base) if base != "read_data_sets" else base, module,
                             instructions, depth=3)


def _read32(bytestream):
    dt = numpy.dtype(numpy.uint32).newbyteorder(">")
    return numpy.frombuffer(bytestream.read(4), dtype=dt)[0]


@contextlib.contextmanager
def _idx_stream(f, expected_magic, kind):
    """The gzipped IDX file `f` past its magic number, announced as TF's reader does."""
    print("Extracting", f.name)
    with gzip.GzipFile(fileobj=f) as bytestream:
        magic = _read32(bytestream)
        if magic != expected_magic:
            raise ValueError("Invalid magic number %d in MNIST %s file: %s" % (magic, kind, f.name))
        yield bytestream


def extract_images(f, _names=CONTRIB):
    """Extract the images into a 4D uint8 numpy array [index, y, x, depth]."""
    _warn(_names, "extract_images", _names.module, _TF_DATA)
    with _idx_stream(f, 2051, "image") as bytestream:
        num_images = _read32(bytestream)
        rows = _read32(bytestream)
        cols = _read32(bytestream)
        buf = bytestream.read(rows * cols * num_images)
        data = numpy.frombuffer(buf, dtype=numpy.uint8)
        return data.reshape(num_images, rows, cols, 1)


def dense_to_one_hot(labels_dense, num_classes, _names=CONTRIB):
    """Convert class labels from scalars to one-hot vectors (float64, as TF's)."""
    _warn(_names, "dense_to_one_hot", _names.module, "Please use tf.one_hot on tensors.")
    num_labels = labels_dense.shape[0]
    index_offset = numpy.arange(num_labels) * num_classes
    labels_one_hot = numpy.zeros((num_labels, num_classes))
    labels_one_hot.flat[index_offset + labels_dense.ravel()] = 1
    return labels_one_hot


def extract_labels(f, one_hot=False, num_classes=10, _names=CONTRIB):
    """Extract the labels into a 1D uint8 numpy array [index]."""
    _warn(_names, "extract_labels", _names.module, _TF_DATA)
    with _idx_stream(f, 2049, "label") as bytestream:
        num_items = _read32(bytestream)
        buf = bytestream.read(num_items)
        labels = numpy.frombuffer(buf, dtype=numpy.uint8)
        if one_hot:
            return dense_to_one_hot(labels, num_classes, _names=_names)
        return labels


class DataSet:
    """One split (train, validation or test) with TF's `next_batch` epoch/shuffle logic."""

    _names = CONTRIB

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True,
                 seed=None):
        _warn(self._names, "DataSet.__init__", self._names.module, self._names.dataset_hint)
        from ..ops.random_ops import get_seed
        seed1, seed2 = get_seed(seed)
        # Without an op seed numpy takes the graph seed (None: fresh entropy), as in TF.
        numpy.random.seed(seed1 if seed is None else seed2)
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype not in (dtypes.uint8, dtypes.float32):
            raise TypeError("Invalid image dtype %r, expected uint8 or float32" % dtype)
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            assert images.shape[0] == labels.shape[0], (
                "images.shape: %s labels.shape: %s" % (images.shape, labels.shape))
            self._num_examples = images.shape[0]
            if reshape:
                assert images.shape[3] == 1
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == dtypes.float32:
                images = images.astype(numpy.float32)
                images = numpy.multiply(images, 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def _shuffle(self):
        perm = numpy.arange(self._num_examples)
        numpy.random.shuffle(perm)
        self._images = self.images[perm]
        self._labels = self.labels[perm]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """Return the next `batch_size` examples from this data set."""
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [fake_image for _ in range(batch_size)], [fake_label for _ in range(batch_size)]
        start = self._index_in_epoch
        # Shuffle for the first epoch.
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        # Go to the next epoch: the rest of this one, reshuffle, the start of the next.
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            rest_num_examples = self._num_examples - start
            images_rest_part = self._images[start:self._num_examples]
            labels_rest_part = self._labels[start:self._num_examples]
            if shuffle:
                self._shuffle()
            start = 0
            self._index_in_epoch = batch_size - rest_num_examples
            end = self._index_in_epoch
            images_new_part = self._images[start:end]
            labels_new_part = self._labels[start:end]
            return (numpy.concatenate((images_rest_part, images_new_part), axis=0),
                    numpy.concatenate((labels_rest_part, labels_new_part), axis=0))
        self._index_in_epoch += batch_size
        end = self._index_in_epoch
        return self._images[start:end], self._labels[start:end]


class _TutorialsDataSet(DataSet):
    _names = TUTORIALS


_TutorialsDataSet.__name__ = "_DataSet"
_TutorialsDataSet.__qualname__ = "_DataSet"

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])
_Datasets = collections.namedtuple("_Datasets", ["train", "validation", "test"])


def local_mirrors():
    """Directories holding the MNIST IDX files on an offline machine, in search order."""
    dirs = []
    for var in ("TF1_DATA_DIR", "TF1_CONFORMANCE_DATA"):
        if os.environ.get(var):
            dirs.append(os.path.join(os.environ[var], "mnist"))
    dirs.append("/work/shared/data/mnist")
    return dirs


def _find_local(filename):
    for d in local_mirrors():
        path = os.path.join(d, filename)
        if os.path.isfile(path):
            return path
    return None


def maybe_download(filename, work_directory, source_url, _names=CONTRIB):
    """The file in `work_directory`, fetched from the local mirror if it is not there yet."""
    _warn(_names, "maybe_download", _names.download_module, "Please write your own downloading logic.")
    if not gfile.exists(work_directory):
        gfile.makedirs(work_directory)
    filepath = os.path.join(work_directory, filename)
    if not gfile.exists(filepath):
        mirror = _find_local(filename)
        if mirror is None:
            raise urllib.error.URLError(
                "[Errno -3] Temporary failure in name resolution (downloading %s: this machine is "
                "offline and no local copy of %s was found in %s)"
                % (source_url, filename, ", ".join(local_mirrors())))
        shutil.copyfile(mirror, filepath)
        print("Successfully downloaded", filename, gfile.stat(filepath).length, "bytes.")
    return filepath


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL, _names=CONTRIB):
    """TF's MNIST reader: (train, validation, test) DataSets from the IDX files in `train_dir`."""
    _warn(_names, "read_data_sets", _names.module, _names.read_hint)
    dataset_cls = _TutorialsDataSet if _names is TUTORIALS else DataSet
    datasets_cls = _Datasets if _names is TUTORIALS else Datasets
    if fake_data:
        def fake():
            return dataset_cls([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)
        return datasets_cls(train=fake(), validation=fake(), test=fake())
    if not source_url:
        source_url = DEFAULT_SOURCE_URL

    def load(filename, extract, **kw):
        local_file = maybe_download(filename, train_dir, source_url + filename, _names=_names)
        with open(local_file, "rb") as f:  # its .name is the path TF prints
            return extract(f, _names=_names, **kw)

    train_images = load(TRAIN_IMAGES, extract_images)
    train_labels = load(TRAIN_LABELS, extract_labels, one_hot=one_hot)
    test_images = load(TEST_IMAGES, extract_images)
    test_labels = load(TEST_LABELS, extract_labels, one_hot=one_hot)

    if not 0 <= validation_size <= len(train_images):
        raise ValueError("Validation size should be between 0 and {}. Received: {}."
                         .format(len(train_images), validation_size))
    validation_images = train_images[:validation_size]
    validation_labels = train_labels[:validation_size]
    train_images = train_images[validation_size:]
    train_labels = train_labels[validation_size:]

    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    train = dataset_cls(train_images, train_labels, **options)
    validation = dataset_cls(validation_images, validation_labels, **options)
    test = dataset_cls(test_images, test_labels, **options)
    return datasets_cls(train=train, validation=validation, test=test)


def load_mnist(train_dir="MNIST-data", _names=CONTRIB):
    _warn(_names, "load_mnist", _names.module, _names.read_hint)
    return read_data_sets(train_dir, _names=_names)


# ------------------------------------------------------------------------ tf.keras.datasets.mnist

def _read_idx(path):
    with gzip.open(path) as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return numpy.frombuffer(data, numpy.uint8, offset=4 + 4 * ndim).reshape(shape).copy()


def keras_load_data(path="mnist.npz"):
    """`(x_train, y_train), (x_test, y_test)`: uint8 images N x 28 x 28 and uint8 labels.

    From Keras's cache (`~/.keras/datasets/<path>`) when present, else from the local IDX mirror."""
    origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
    cache_dir = os.path.join(os.environ.get("KERAS_HOME", os.path.join(os.path.expanduser("~"), ".keras")),
                             "datasets")
    cached = path if os.path.isabs(path) else os.path.join(cache_dir, path)
    if os.path.isfile(cached):
        with numpy.load(cached, allow_pickle=True) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
    files = [_find_local(name) for name in (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)]
    if any(f is None for f in files):
        raise Exception("URL fetch failure on {}: None -- [Errno -3] Temporary failure in name "
                        "resolution (offline; no MNIST files in {})".format(origin, ", ".join(local_mirrors())))
    x_train, y_train, x_test, y_test = (_read_idx(f) for f in files)
    return (x_train, y_train), (x_test, y_test)
