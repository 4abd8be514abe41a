"""Records real TensorFlow's results for the scenarios in `contrib_extra_cases.py`.

TF 2.x has no `tf.contrib`, so the oracle is TF 1.15's own Python sources loaded into TF 2.x's
`tf.compat.v1`: contrib/training hparam.py, contrib/losses loss_ops.py, contrib/opt
weight_decay_optimizers.py, lazy_adam_optimizer.py and moving_average_optimizer.py (taken from the
tensorflow-cpu 1.15.0 wheel; their imports of other contrib modules -- hparam_pb2, shampoo,
tf_export, add_arg_scope -- are replaced by stand-ins the scenarios do not use), and `tf_slim` 1.1.0 (contrib.layers and
contrib.framework's code, moved to its own package) for contrib.layers / contrib.framework.

Command (from the repository root):
    pip download tensorflow-cpu==1.15.0 --no-deps --python-version 37 --only-binary=:all: -d /tmp/tf115
    (cd /tmp/tf115 && unzip -o -q tensorflow_cpu-1.15.0-*.whl 'tensorflow_core/contrib/*')
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python contrib_extra_make.py

(tensorflow-cpu 2.21 + tf-keras + tf-slim, v2 behaviour disabled.) Writes `contrib_extra_golden.json`.
"""
import json
import os
import tempfile
import types

import tensorflow.compat.v1 as tf
import tf_slim

import contrib_extra_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TF115_CONTRIB", "/tmp/tf115/tensorflow_core/contrib")

_STANDINS = {
    "from tensorflow.contrib.training.python.training import hparam_pb2":
        "hparam_pb2 = type('hparam_pb2', (), {'HParamDef': None})",
    "ops.register_proto_function(": "(lambda *a, **k: None)(",
    "from tensorflow.contrib.opt.python.training import shampoo":
        "shampoo = type('shampoo', (), {'ShampooOptimizer': object})",
    "from tensorflow.python.util.tf_export import tf_export":
        "tf_export = lambda *a, **k: (lambda c: c)",
    "from tensorflow.contrib.framework.python.ops import add_arg_scope":
        "from tf_slim import add_arg_scope",
}


def _load(relpath, name):
    with open(os.path.join(SRC, relpath)) as f:
        src = f.read()
    for old, new in _STANDINS.items():
        src = src.replace(old, new)
    mod = types.ModuleType(name)
    exec(compile(src, os.path.join(SRC, relpath), "exec"), mod.__dict__)
    return mod


def _contrib():
    hparam = _load("training/python/training/hparam.py", "hparam")
    loss_ops = _load("losses/python/losses/loss_ops.py", "tensorflow.contrib.losses.python.losses.loss_ops")
    wd = _load("opt/python/training/weight_decay_optimizers.py", "weight_decay_optimizers")
    lazy = _load("opt/python/training/lazy_adam_optimizer.py", "lazy_adam_optimizer")
    mao = _load("opt/python/training/moving_average_optimizer.py", "moving_average_optimizer")
    contrib = types.SimpleNamespace()
    contrib.training = types.SimpleNamespace(HParams=hparam.HParams, parse_values=hparam.parse_values)
    contrib.losses = types.SimpleNamespace(**{n: getattr(loss_ops, n) for n in loss_ops.__all__})
    contrib.opt = types.SimpleNamespace(
        AdamWOptimizer=wd.AdamWOptimizer, MomentumWOptimizer=wd.MomentumWOptimizer,
        extend_with_decoupled_weight_decay=wd.extend_with_decoupled_weight_decay,
        LazyAdamOptimizer=lazy.LazyAdamOptimizer, MovingAverageOptimizer=mao.MovingAverageOptimizer)
    contrib.layers = tf_slim.layers
    contrib.framework = tf_slim
    return contrib


def main():
    tf.contrib = _contrib()
    out = {}
    for name, fn in contrib_extra_cases.CASES.items():
        with tempfile.TemporaryDirectory() as root:
            with tf.Graph().as_default():
                out[name] = fn(tf, root)
    with open(os.path.join(HERE, "contrib_extra_golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
