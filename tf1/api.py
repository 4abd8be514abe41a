"""The public namespace, assembled from export declarations (as Keras 3 and TF itself do).

Implementation modules declare what they publish with `@export("nn.relu", "nn.relu_v1")`; nothing
keeps hand-written `__init__` lists. `build_namespaces(root)` turns the declarations into module
objects `tf1.nn`, `tf1.train`, `tf1.contrib.layers`, ... once every implementation module is imported.
Implementation packages never take a public namespace's name, so the two never collide.
"""
import sys
import types

_EXPORTS = {}  # "nn.relu" -> object


def export(*names):
    """Decorator (or call `export(name)(obj)`) publishing `obj` under each dotted name."""

    def deco(obj):
        for name in names:
            _EXPORTS[name] = obj
        return obj

    return deco


def export_value(name, value):
    _EXPORTS[name] = value
    return value


def public():
    """The public `tf1` namespace, for code built on the graph API by its public names (layers, RNN
    cells, Keras, the estimator -- as TF's own higher-level modules are). Looked up at call time:
    it is complete once `import tf1` has finished."""
    return sys.modules["tf1"]


def _namespace(root, path):
    mod = root
    for i, part in enumerate(path):
        child = mod.__dict__.get(part)
        if not isinstance(child, types.ModuleType):
            full = root.__name__ + "." + ".".join(path[: i + 1])
            child = sys.modules.get(full)
            if child is None:
                child = types.ModuleType(full)
                sys.modules[full] = child
            setattr(mod, part, child)
        mod = child
    return mod


def build_namespaces(root):
    for name, obj in sorted(_EXPORTS.items()):
        *path, leaf = name.split(".")
        setattr(_namespace(root, path), leaf, obj)
