"""Records real TensorFlow's results for the tf.contrib.rnn cells in `rnn_cells_extra_cases.py`.

TF 2.x has no `tf.contrib`, so the oracle is TF 1.15's own contrib/rnn Python sources (`rnn_cell.py`,
`core_rnn_cell.py`), taken from the tensorflow-cpu 1.15.0 wheel and loaded into TF 2.x's `tf.compat.v1`.
A few names TF 2.x moved are pointed back: `rnn_cell_impl.RNNCell`/`LayerRNNCell`/`LSTMCell` are tf-keras's
legacy cells (the TF 1.x classes), and `contrib.layers.layer_norm` (used by LayerNormLSTMCell with
reuse=True on the gamma/beta it has just made) is TF 1.15's layer_norm math for normalizing the last axis.

Command (from the repository root):
    pip download tensorflow-cpu==1.15.0 --no-deps --python-version 37 --only-binary=:all: -d /tmp/tf115
    (cd /tmp/tf115 && unzip -o -q tensorflow_cpu-1.15.0-*.whl 'tensorflow_core/contrib/rnn/python/ops/*')
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python rnn_cells_extra_make.py

(tensorflow-cpu 2.21 + tf-keras, v2 behaviour disabled.) Writes `rnn_cells_extra_golden.json` (tensor
names, static shapes, variable names) and `rnn_cells_extra_golden.npz` (values, keyed `<case>/<label>`).
"""
import importlib.util
import json
import os
import sys
import types

import numpy as np
import tensorflow.compat.v1 as tf

import rnn_cells_extra_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TF115_RNN", "/tmp/tf115/tensorflow_core/contrib/rnn/python/ops")


def _pkg(name):
    m = types.ModuleType(name)
    m.__path__ = []
    sys.modules[name] = m
    return m


class _Proxy:
    def __init__(self, base, **extra):
        self._base, self._extra = base, extra

    def __getattr__(self, k):
        return self._extra[k] if k in self._extra else getattr(self._base, k)


def _layer_norm(inputs, reuse=None, scope=None, begin_norm_axis=1, begin_params_axis=-1):
    """TF 1.15 contrib.layers.layer_norm with its defaults (center, scale, epsilon 1e-12)."""
    with tf.variable_scope(scope, reuse=reuse):
        beta = tf.get_variable("beta")
        gamma = tf.get_variable("gamma")
        axes = list(range(begin_norm_axis, inputs.get_shape().ndims))
        mean, variance = tf.nn.moments(inputs, axes, keep_dims=True)
        return tf.nn.batch_normalization(inputs, mean, variance, offset=beta, scale=gamma,
                                         variance_epsilon=1e-12)


def load_tf115_rnn():
    for n in ["tensorflow.contrib", "tensorflow.contrib.rnn", "tensorflow.contrib.rnn.python",
              "tensorflow.contrib.rnn.python.ops", "tensorflow.contrib.compiler", "tensorflow.contrib.layers",
              "tensorflow.contrib.layers.python", "tensorflow.contrib.layers.python.layers"]:
        _pkg(n)
    jit = types.ModuleType("tensorflow.contrib.compiler.jit")
    sys.modules[jit.__name__] = jit
    sys.modules["tensorflow.contrib.compiler"].jit = jit
    lay = types.ModuleType("tensorflow.contrib.layers.python.layers.layers")
    lay.layer_norm = _layer_norm
    sys.modules[lay.__name__] = lay
    sys.modules["tensorflow.contrib.layers.python.layers"].layers = lay
    from tf_keras.src.layers.rnn import legacy_cells
    from tensorflow.python.util import nest
    if not hasattr(nest, "is_sequence"):
        nest.is_sequence = nest.is_nested  # the TF 1.x name
    mods = {}
    for name in ["core_rnn_cell", "rnn_cell"]:
        full = "tensorflow.contrib.rnn.python.ops." + name
        spec = importlib.util.spec_from_file_location(full, os.path.join(SRC, name + ".py"))
        m = importlib.util.module_from_spec(spec)
        sys.modules[full] = m
        setattr(sys.modules["tensorflow.contrib.rnn.python.ops"], name, m)
        # rnn_cell_impl must be the TF 1.x cells before the class statements run.
        import tensorflow.python.ops.rnn_cell_impl as rci
        proxy = _Proxy(rci, RNNCell=legacy_cells.RNNCell, LayerRNNCell=legacy_cells.LayerRNNCell,
                       LSTMCell=legacy_cells.LSTMCell, LSTMStateTuple=legacy_cells.LSTMStateTuple)
        sys.modules["tensorflow.python.ops"].rnn_cell_impl = proxy
        try:
            spec.loader.exec_module(m)
        finally:
            sys.modules["tensorflow.python.ops"].rnn_cell_impl = rci
        mods[name] = m
    return mods


def namespace(mods):
    ns = types.SimpleNamespace()
    for m in mods.values():
        for k in dir(m):
            if not k.startswith("_"):
                setattr(ns, k, getattr(m, k))
    return ns


if __name__ == "__main__":
    R = namespace(load_tf115_rnn())
    meta, arrays = {}, {}
    for case in rnn_cells_extra_cases.CASES:
        r = rnn_cells_extra_cases.run_case(tf, R, case)
        meta[case.__name__] = {"names": r["names"], "shapes": r["shapes"], "variables": r["variables"]}
        for k, v in r["values"].items():
            arrays["%s/%s" % (case.__name__, k)] = np.asarray(v)
    with open(os.path.join(HERE, "rnn_cells_extra_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "rnn_cells_extra_golden.npz"), **arrays)
    print("%d cases, %d arrays" % (len(meta), len(arrays)))
