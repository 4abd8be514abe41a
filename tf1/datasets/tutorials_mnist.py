"""`tensorflow.examples.tutorials.mnist` (its `input_data` module), `tf.contrib.learn.datasets.mnist`
and `tf.keras.datasets.mnist`, all backed by `tf1.datasets.mnist`.

The tutorials module of TF 1.15 named its helpers `_extract_images`, `_DataSet`, ...; its deprecation
warnings say so. The public names (`DataSet`, `extract_images`, ...) are kept too for scripts that
import them. `functools.partial` adds no Python frame, so warnings name the user's line.
"""
import functools
import sys
import types

from ..api import export_value
from . import mnist as _mnist


def _module(name, doc, names):
    mod = types.ModuleType(name, doc)
    for attr in ("extract_images", "extract_labels", "dense_to_one_hot", "maybe_download",
                 "read_data_sets", "load_mnist"):
        fn = functools.partial(getattr(_mnist, attr), _names=names)
        setattr(mod, attr, fn)
        if names.private and attr != "read_data_sets" and attr != "load_mnist":
            setattr(mod, "_" + attr, fn)
    dataset = _mnist._TutorialsDataSet if names.private else _mnist.DataSet
    mod.DataSet = dataset
    mod.Datasets = _mnist._Datasets if names.private else _mnist.Datasets
    if names.private:
        mod._DataSet = dataset
        mod._Datasets = _mnist._Datasets
    mod.dtypes = _mnist.dtypes
    mod.DEFAULT_SOURCE_URL = _mnist.DEFAULT_SOURCE_URL
    mod.SOURCE_URL = _mnist.DEFAULT_SOURCE_URL
    sys.modules.setdefault(name, mod)
    return mod


# The module that `from tensorflow.examples.tutorials.mnist import input_data` yields.
input_data = _module("tf1.datasets.tutorials_mnist.input_data",
                     "Functions for downloading and reading MNIST data (deprecated).", _mnist.TUTORIALS)
read_data_sets = input_data.read_data_sets

# tf.contrib.learn.datasets.mnist
contrib_mnist = _module("tf1.datasets.contrib_learn_mnist",
                        "Functions for downloading and reading MNIST data (deprecated).", _mnist.CONTRIB)
export_value("contrib.learn.datasets.mnist", contrib_mnist)
export_value("contrib.learn.datasets.load_dataset",
             lambda name, size="small", test_with_fake_data=False: contrib_mnist.load_mnist()
             if name == "mnist" else (_ for _ in ()).throw(ValueError("Name of dataset is not "
                                                                         "recognized: %s" % name)))
export_value("keras.datasets.mnist.load_data", _mnist.keras_load_data)
