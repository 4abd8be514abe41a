"""Records tests/golden/datasets/keras_datasets.json: what TF 1.15's `tf.keras.datasets` loaders and
`tf.keras.utils.get_file` return, print and raise on the synthetic files of keras_dataset_cases.py.

Command (from the repository root; needs the TF 1.15 wheel, not an installed TF):
    /opt/tfvenv/bin/python tests/golden/datasets/make_keras_datasets.py \
        /tmp/tf115/tensorflow_cpu-1.15.0-cp37-cp37m-manylinux2010_x86_64.whl /tmp/kpkgs/src

The installed oracle is TF 2.21, whose tf-keras loaders differ from 1.15's (imdb/reuters build
`dtype=object` arrays, get_file checks the hash again after downloading and caches under
KERAS_HOME...), so this script runs TF 1.15's own Python source, read from the 1.15 wheel
(`tensorflow_core/python/keras/utils/data_utils.py`, `.../keras/datasets/*.py`), under the oracle's
Python. The few TF modules those files import are stubbed here: `keras_export` (no-op),
`tf_logging.warning` (records the message), `backend.image_data_format` (a setting, 'channels_last'
by default as in 1.15), `Progbar` (never reached: the stand-in network reports no progress), and
`preprocessing.sequence._remove_long_seq` (from keras_preprocessing 1.1.0, the version TF 1.15
installs; its source dir is the second argument). One emulation: TF 1.15 ran on numpy < 1.24, where `np.array(ragged
lists)` built a 1-D object array of lists (equal-length lists: a 2-D int array); the oracle's numpy
raises instead, so imdb.py and reuters.py see a numpy whose `array` does what old numpy did.
The script also runs TF 2.21's tf-keras loaders on the same scenarios (fetching through the 1.15
get_file) and stores which agree under "_tf_keras_2_21_crosscheck": they differ only where 2.x changed
the loaders (imdb filters `maxlen` per split and builds object arrays, its TypeError text ends with a
period; cifar100's label_mode message), which is why the goldens are the 1.15 runs.
Downloads go to keras_dataset_cases.Network (the served synthetic files, or an offline/HTTP-404
failure), put in place of data_utils' `urlretrieve`.
"""
import json
import os
import sys
import tempfile
import types
import zipfile

import numpy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import keras_dataset_cases as cases  # noqa: E402

WARNINGS = []
_FORMAT = ["channels_last"]


def _module(name, **attrs):
    mod = types.ModuleType(name)
    mod.__path__ = []
    mod.__dict__.update(attrs)
    sys.modules[name] = mod
    parent, _, leaf = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], leaf, mod)
    return mod


def _set_format(value):
    if value not in ("channels_last", "channels_first"):
        raise ValueError("Unknown data_format: " + str(value))
    _FORMAT[0] = value


class _Progbar:
    def __init__(self, *args, **kwargs):
        raise AssertionError("the stand-in network reports no progress")


class _OldNumpy(types.ModuleType):
    """numpy, but `array` of ragged lists builds the object array numpy < 1.24 built."""

    def __getattr__(self, name):
        return getattr(numpy, name)

    @staticmethod
    def array(obj, *args, **kwargs):
        try:
            return numpy.array(obj, *args, **kwargs)
        except ValueError:
            out = numpy.empty(len(obj), dtype=object)
            for i, row in enumerate(obj):
                out[i] = row
            return out


def load_tf115(wheel, kpkgs):
    """TF 1.15's data_utils and dataset modules, executed with stubbed `tensorflow.*` imports; the real
    `tensorflow` modules (if imported before) are put back afterwards."""
    saved = {name: mod for name, mod in sys.modules.items() if name.split(".")[0] == "tensorflow"}
    try:
        return _load_tf115(wheel, kpkgs)
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "tensorflow"]:
            del sys.modules[name]
        sys.modules.update(saved)


def _load_tf115(wheel, kpkgs):
    sys.path.insert(0, kpkgs)
    from keras_preprocessing import sequence as kp_sequence
    for name in ("tensorflow", "tensorflow.python", "tensorflow.python.util", "tensorflow.python.platform",
                 "tensorflow.python.keras", "tensorflow.python.keras.utils",
                 "tensorflow.python.keras.preprocessing", "tensorflow.python.keras.datasets"):
        _module(name)
    _module("tensorflow.python.util.tf_export", keras_export=lambda *a, **k: (lambda f: f))
    import inspect
    _module("tensorflow.python.util.tf_inspect", isgenerator=inspect.isgenerator)
    _module("tensorflow.python.platform.tf_logging", warning=lambda msg, *a: WARNINGS.append(msg % a if a else msg))
    _module("tensorflow.python.keras.utils.generic_utils", Progbar=_Progbar)
    _module("tensorflow.python.keras.backend", image_data_format=lambda: _FORMAT[0])
    _module("tensorflow.python.keras.preprocessing.sequence", _remove_long_seq=kp_sequence._remove_long_seq)

    mods = {}
    with zipfile.ZipFile(wheel) as whl:
        def exec_source(name, path, numpy_module=None):
            mod = _module(name)
            del mod.__path__
            code = compile(whl.read(path).decode("utf8"), path, "exec")
            exec(code, mod.__dict__)
            if numpy_module is not None:
                mod.np = numpy_module
            return mod

        base = "tensorflow_core/python/keras/"
        mods["data_utils"] = exec_source("tensorflow.python.keras.utils.data_utils", base + "utils/data_utils.py")
        exec_source("tensorflow.python.keras.datasets.cifar", base + "datasets/cifar.py")
        old_numpy = _OldNumpy("numpy")
        for ds in ("boston_housing", "cifar10", "cifar100", "fashion_mnist", "mnist", "imdb", "reuters"):
            mods[ds] = exec_source("tensorflow.python.keras.datasets." + ds, base + "datasets/%s.py" % ds,
                                   old_numpy if ds in ("imdb", "reuters") else None)
    return mods


def crosscheck(mods, golden):
    """Which scenarios TF 2.21's tf-keras loaders answer with the same values (fetching through the
    1.15 get_file above, as their own re-checks the hash after downloading): a check of the harness,
    stored for the record; the goldens are the 1.15 runs."""
    import importlib
    tfk_warnings = []
    api = {"get_file": mods["data_utils"].get_file, "warnings": tfk_warnings}
    from tf_keras.src import backend as tfk_backend
    api["set_image_data_format"] = tfk_backend.set_image_data_format
    for ds in ("boston_housing", "cifar10", "cifar100", "fashion_mnist", "mnist", "imdb", "reuters"):
        module = importlib.import_module("tf_keras.src.datasets." + ds)
        module.get_file = lambda *a, cache_dir=None, **k: mods["data_utils"].get_file(*a, **k)
        api[ds + ".load_data"] = module.load_data
        if hasattr(module, "get_word_index"):
            api[ds + ".get_word_index"] = module.get_word_index
    report = {"agree": [], "differ": []}
    with tempfile.TemporaryDirectory() as tmp:
        server = cases.build_server(os.path.join(tmp, "server"))
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        os.environ["HOME"] = home
        network = cases.Network(server)
        mods["data_utils"].urlretrieve = network
        for name, (fn_name, *_rest) in cases.SCENARIOS.items():
            if fn_name == "get_file":
                continue
            got = cases.run_scenario(name, api, home, server, network)
            same = (got.get("value"), got.get("error")) == (golden[name].get("value"), golden[name].get("error"))
            report["agree" if same else "differ"].append(name)
    print("tf-keras 2.21 differs on", report["differ"])
    return report


def main(wheel, kpkgs):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tf_keras.src.datasets  # noqa: F401 -- the real TF first, for the cross-check
    mods = load_tf115(wheel, kpkgs)
    api = {"get_file": mods["data_utils"].get_file, "set_image_data_format": _set_format,
           "warnings": WARNINGS}
    for ds in ("boston_housing", "cifar10", "cifar100", "fashion_mnist", "mnist", "imdb", "reuters"):
        api[ds + ".load_data"] = mods[ds].load_data
        if hasattr(mods[ds], "get_word_index"):
            api[ds + ".get_word_index"] = mods[ds].get_word_index
    with tempfile.TemporaryDirectory() as tmp:
        server = cases.build_server(os.path.join(tmp, "server"))
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        os.environ["HOME"] = home
        network = cases.Network(server)
        mods["data_utils"].urlretrieve = network
        golden = {name: cases.run_scenario(name, api, home, server, network) for name in cases.SCENARIOS}
    golden["_tf_keras_2_21_crosscheck"] = crosscheck(mods, golden)
    out = os.path.join(HERE, "keras_datasets.json")
    with open(out, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
    print("wrote", out, len(golden), "scenarios")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
