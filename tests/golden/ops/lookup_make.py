"""Records real TensorFlow's results for the scenarios in `lookup_cases.py`.

TF 2.x's Python lookup classes changed their argument checks and messages, so the oracle is TF 1.15's
own python/ops/lookup_ops.py (from the tensorflow-cpu 1.15.0 wheel) run on TF 2.x's kernels and
`tf.compat.v1` (its imports of moved TF 2.x modules -- trackable, tf_export -- are replaced by the
TF 2.x equivalents), published as `tf.lookup.*` / `tf.tables_initializer`; `tf.contrib.lookup` is
TF 1.15's contrib/lookup/lookup_ops.py loaded on top of that module, as in TF 1.15.

Command (from the repository root):
    pip download tensorflow-cpu==1.15.0 --no-deps --python-version 37 --only-binary=:all: -d /tmp/tf115
    (cd /tmp/tf115 && unzip -o -q tensorflow_cpu-1.15.0-*.whl 'tensorflow_core/contrib/*' \\
        tensorflow_core/python/ops/lookup_ops.py)
    cd tests/golden/ops && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python lookup_make.py

(tensorflow-cpu 2.21, v2 behaviour disabled.) Writes `lookup_golden.json`.
"""
import json
import os
import sys
import tempfile
import types

import tensorflow.compat.v1 as tf

import lookup_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TF115_CONTRIB", "/tmp/tf115/tensorflow_core/contrib")
CORE = os.path.join(os.path.dirname(SRC), "python/ops/lookup_ops.py")

_STANDINS = {
    "from tensorflow.python.training.tracking import base as trackable_base":
        "from tensorflow.python.trackable import base as trackable_base",
    "from tensorflow.python.training.tracking import tracking as trackable":
        "from tensorflow.python.trackable import resource as _resource, asset as _asset\n"
        "trackable = type('trackable', (), {'TrackableResource': _resource.TrackableResource, "
        "'TrackableAsset': _asset.Asset})",
    "from tensorflow.python.util.tf_export import tf_export": "tf_export = lambda *a, **k: (lambda c: c)",
    "ops.Tensor)": "tf.Tensor)",
    "from tensorflow.python.ops import lookup_ops": "lookup_ops = _core_lookup_ops",
    "from tensorflow.python.ops.lookup_ops import ": "from _tf115_lookup_ops import ",
    "ops.NotDifferentiable(": "(lambda name: None)(",  # TF 2.x's module registered these already
}


def _load(path, name, **env):
    with open(path) as f:
        src = f.read()
    for old, new in _STANDINS.items():
        src = src.replace(old, new)
    mod = types.ModuleType(name)
    mod.__dict__.update(env, tf=tf)
    exec(compile(src, path, "exec"), mod.__dict__)
    return mod


def main():
    core = _load(CORE, "lookup_ops")
    lookup = types.SimpleNamespace(
        StaticHashTable=core.StaticHashTableV1, StaticVocabularyTable=core.StaticVocabularyTableV1,
        KeyValueTensorInitializer=core.KeyValueTensorInitializer, TextFileIndex=core.TextFileIndex,
        TextFileInitializer=core.TextFileInitializer,
        experimental=types.SimpleNamespace(DenseHashTable=core.DenseHashTable))
    tf.lookup = lookup
    tf.tables_initializer = core.tables_initializer
    sys.modules["_tf115_lookup_ops"] = core  # contrib's `from ...lookup_ops import X` takes 1.15's X
    contrib = _load(os.path.join(SRC, "lookup/lookup_ops.py"), "tensorflow.contrib.lookup.lookup_ops",
                    _core_lookup_ops=core)
    tf.contrib = types.SimpleNamespace(lookup=contrib)
    out = {}
    for name, fn in lookup_cases.CASES.items():
        with tempfile.TemporaryDirectory() as root:
            with tf.Graph().as_default():
                out[name] = fn(tf, root)
    with open(os.path.join(HERE, "lookup_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
