"""Makes TF 1.x import paths resolve to tf1 (`import tensorflow as tf`, `tensorflow.compat.v1`,
`tensorflow.contrib.*`, `tensorflow.examples.tutorials.mnist`, `tensorflow.python.*` paths users reach
into, and standalone `keras` when tf1 provides it).

`install()` puts a finder first on `sys.meta_path`; each `tensorflow...` name is answered with the
tf1 namespace module of the same dotted path (built by `tf1.api`), or with a module from the
SPECIAL table for paths whose TF layout differs from the public namespace.
"""
import importlib
import importlib.abc
import importlib.machinery
import sys
import types

# TF module path -> tf1 module path (or namespace path under tf1).
SPECIAL = {
    "tensorflow": "tf1",
    "tensorflow.compat.v1": "tf1",
    "tensorflow.compat": None,  # built as a namespace holding v1
    "tensorflow.examples": None,
    "tensorflow.examples.tutorials": None,
    "tensorflow.examples.tutorials.mnist": "tf1.datasets.tutorials_mnist",
    "tensorflow.examples.tutorials.mnist.input_data": "tf1.datasets.tutorials_mnist:input_data",
    "tensorflow.python": None,
    "tensorflow.python.tools": None,
    "tensorflow.python.tools.inspect_checkpoint": "tf1.tools.inspect_checkpoint",
    "tensorflow.python.client": None,
    "tensorflow.python.client.device_lib": "tf1.client.device_lib",
    "tensorflow.python.framework": None,
    "tensorflow.python.framework.graph_util": "tf1.graph_util",
    "tensorflow.python.framework.ops": "tf1",
    "tensorflow.python.ops": None,
    "tensorflow.python.debug": "tf1.debugging_tfdbg",
    "tensorflow.python.platform": None,
    "tensorflow.python.platform.gfile": "tf1.gfile",
    "tensorflow.python.training": None,
    "tensorflow.python.training.moving_averages": "tf1.train",
    "tensorflow.python.training.training_util": "tf1.training.training_util",
    "tensorflow.python.training.learning_rate_decay": "tf1.train",
    "tensorflow.python.training.saver": "tf1.train",
    "tensorflow.python.training.monitored_session": "tf1.train",
    "tensorflow.python.training.supervisor": "tf1.train",
    "tensorflow.python.training.basic_session_run_hooks": "tf1.train",
    "tensorflow.python.training.session_run_hook": "tf1.train",
    "tensorflow.python.ops.rnn_cell": "tf1.nn.rnn_cell",
    "tensorflow.python.ops.rnn": "tf1.nn",
}


def _resolve(path):
    """A tf1 module for a dotted tf1 path like 'tf1.contrib.layers' or 'mod:attr'."""
    import tf1  # noqa: F401  (builds the namespaces)
    attr = None
    if ":" in path:
        path, attr = path.split(":")
    try:
        mod = importlib.import_module(path)
    except ImportError:
        mod = sys.modules.get(path)
        if mod is None:
            return None
    if attr:
        mod = getattr(mod, attr, None)
    return mod


def _lookup(fullname):
    if fullname in SPECIAL:
        target = SPECIAL[fullname]
        if target is None:
            m = types.ModuleType(fullname)
            m.__path__ = []
            if fullname == "tensorflow.compat":
                m.v1 = _resolve("tf1")
            return m
        return _resolve(target)
    if fullname.startswith("tensorflow.compat.v1."):
        rest = fullname[len("tensorflow.compat.v1."):]
    elif fullname.startswith("tensorflow."):
        rest = fullname[len("tensorflow."):]
    elif fullname == "keras" or fullname.startswith("keras."):
        rest = fullname  # tf1.keras.* when tf1 provides Keras
    else:
        return None
    if rest == "python.keras" or rest.startswith("python.keras."):
        # TF 1.15's tf.keras *is* tensorflow.python.keras: same module tree under a private prefix.
        return _resolve("tf1." + rest[len("python."):])
    if rest.startswith("python."):
        # Private TF module paths: try the public namespace of the last component (e.g.
        # tensorflow.python.ops.rnn_cell -> tf1.nn.rnn_cell when it exists).
        return None
    return _resolve("tf1." + rest)


class _Loader(importlib.abc.Loader):
    def __init__(self, module):
        self._module = module

    def create_module(self, spec):
        return self._module

    def exec_module(self, module):
        pass


class TensorflowFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if not (fullname == "tensorflow" or fullname.startswith("tensorflow.") or
                fullname == "keras" or fullname.startswith("keras.")):
            return None
        module = _lookup(fullname)
        if module is None:
            return None
        if not hasattr(module, "__path__"):
            try:
                module.__path__ = []
            except (AttributeError, TypeError):
                pass
        spec = importlib.machinery.ModuleSpec(fullname, _Loader(module), is_package=True)
        return spec


def install():
    if not any(isinstance(f, TensorflowFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, TensorflowFinder())
