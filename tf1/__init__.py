"""tf1: the TensorFlow 1.x graph-mode API, run by JAX/XLA.

`import tf1 as tf` gives TF 1.15's public namespace. Every implementation module under this package
is imported here (discovered, not listed, so adding an op family needs no edit here); each declares
its public names with `tf1.api.export`, and `build_namespaces` assembles `tf1.nn`, `tf1.train`, ...
"""
import importlib as _importlib
import pkgutil as _pkgutil

import jax as _jax

# TF has float64/int64 tensors; JAX must not silently narrow them.
_jax.config.update("jax_enable_x64", True)

__version__ = "1.15.5"
VERSION = __version__
GIT_VERSION = "v1.15.5-tf1"
COMPILER_VERSION = "jax"
GRAPH_DEF_VERSION = 134
GRAPH_DEF_VERSION_MIN_CONSUMER = 0
GRAPH_DEF_VERSION_MIN_PRODUCER = 0

# Packages that are not part of the op/API surface (command line, import shims) are not auto-imported.
_SKIP = {"tf1.cli", "tf1.__main__", "tf1.compat_shim", "tf1.bench"}


def _import_all():
    for info in _pkgutil.walk_packages(__path__, prefix=__name__ + "."):
        name = info.name
        if name in _SKIP or any(name.startswith(s + ".") for s in _SKIP):
            continue
        if name.rsplit(".", 1)[-1].startswith("test"):
            continue
        _importlib.import_module(name)


_import_all()

from . import api as _api  # noqa: E402

_api.build_namespaces(__import__(__name__))

# TF 1.15 already had `tf.compat.v1` (the API itself, for code written to run on 1.x and 2.x).
compat.v1 = __import__(__name__)  # noqa: F821  (`compat` is a namespace module built just above)
