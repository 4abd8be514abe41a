"""Records real TensorFlow's results for the scenarios in `optimize_loss_cases.py` and
`contrib_layers_extra_cases.py`.

TF 2.x has no `tf.contrib`: the oracle for optimize_loss/adaptive_clipping_fn is TF 1.15's own
contrib/layers/python/layers/optimizers.py (from the tensorflow-cpu 1.15.0 wheel) loaded into TF 2.x's
`tf.compat.v1`, its `contrib.framework.assert_scalar` replaced by a stand-in with the same body;
`tf_slim` 1.1.0 (contrib.slim / contrib.layers moved to their own package) is the oracle for
slim.learning.create_train_op and the extra contrib.layers functions.

Command (from the repository root):
    pip download tensorflow-cpu==1.15.0 --no-deps --python-version 37 --only-binary=:all: -d /tmp/tf115
    (cd /tmp/tf115 && unzip -o -q tensorflow_cpu-1.15.0-*.whl 'tensorflow_core/contrib/*')
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python optimize_loss_make.py

(tensorflow-cpu 2.21 + tf-keras + tf-slim, v2 behaviour disabled.) Writes `optimize_loss_golden.json`
and `contrib_layers_extra_golden.json`.
"""
import json
import os
import types

import tensorflow.compat.v1 as tf
import tf_slim
from tf_slim.layers import normalization as slim_normalization
from tf_slim.layers import summaries as slim_summaries

import contrib_layers_extra_cases
import optimize_loss_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TF115_CONTRIB", "/tmp/tf115/tensorflow_core/contrib")


def _assert_scalar(tensor, name=None):
    """contrib/framework/python/framework/tensor_util.py's assert_scalar."""
    with tf.name_scope(name, "assert_scalar", [tensor]) as name_scope:
        tensor = tf.convert_to_tensor(tensor, name=name_scope)
        shape = tensor.get_shape()
        if shape.ndims != 0:
            raise ValueError("Expected scalar shape for %s, saw shape: %s." % (tensor.name, shape))
        return tensor


def _optimizers():
    path = os.path.join(SRC, "layers/python/layers/optimizers.py")
    with open(path) as f:
        src = f.read()
    src = src.replace("from tensorflow.contrib import framework as contrib_framework",
                      "contrib_framework = _framework_standin")
    # TF 2.x moved ops.Tensor/IndexedSlices out of framework.ops; the module body is otherwise unchanged.
    src = src.replace("ops.Tensor)", "tf.Tensor)").replace("ops.IndexedSlices", "tf.IndexedSlices")
    mod = types.ModuleType("optimizers")
    mod.tf = tf
    mod._framework_standin = types.SimpleNamespace(assert_scalar=_assert_scalar)
    exec(compile(src, path, "exec"), mod.__dict__)
    return mod


def _embedding_ops(*names):
    """Functions of TF 1.15's contrib/layers/.../embedding_ops.py (the module's own imports include
    contrib kernels these functions do not use, so only their sources are taken)."""
    from tensorflow.python.framework import dtypes, ops, sparse_tensor, tensor_shape
    from tensorflow.python.ops import array_ops, embedding_ops, math_ops, sparse_ops, variables
    from tensorflow.python.platform import tf_logging as logging
    path = os.path.join(SRC, "layers/python/layers/embedding_ops.py")
    with open(path) as f:
        src = f.read()
    # TF 2.x moved array_ops.stack to array_ops_stack; the rest of array_ops is as in TF 1.15.
    array_ops = types.SimpleNamespace(**vars(array_ops), stack=tf.stack)
    env = {"ops": ops, "array_ops": array_ops, "math_ops": math_ops, "embedding_ops": embedding_ops,
           "dtypes": dtypes, "sparse_tensor": sparse_tensor, "tensor_shape": tensor_shape,
           "sparse_ops": sparse_ops, "variables": variables, "logging": logging,
           "contrib_tensor_util": types.SimpleNamespace(assert_same_float_dtype=lambda ts: None)}
    for name in names:
        start = src.index("def %s(" % name)
        end = src.index("\ndef ", start + 1)
        exec(compile("\n" * src[:start].count("\n") + src[start:end], path, "exec"), env)
    return [env[n] for n in names]


def _contrib():
    opt = _optimizers()
    layers = types.SimpleNamespace(**{n: getattr(tf_slim.layers, n) for n in dir(tf_slim.layers)
                                      if not n.startswith("_")})
    layers.optimize_loss = opt.optimize_loss
    layers.adaptive_clipping_fn = opt.adaptive_clipping_fn
    for n in ("summarize_activations", "summarize_collection", "summarize_tensor", "summarize_tensors",
              "summarize_variables", "summarize_weights"):
        setattr(layers, n, getattr(slim_summaries, n))
    (layers.embedding_lookup_unique, layers.safe_embedding_lookup_sparse) = _embedding_ops(
        "_prune_invalid_ids", "_prune_invalid_weights", "embedding_lookup_unique",
        "safe_embedding_lookup_sparse")[2:]
    layers.instance_norm = slim_normalization.instance_norm
    layers.group_norm = slim_normalization.group_norm
    slim = types.SimpleNamespace(learning=tf_slim.learning, evaluation=tf_slim.evaluation)
    return types.SimpleNamespace(layers=layers, slim=slim, framework=tf_slim)


def _run(cases, out_name):
    out = {}
    for name, fn in cases.CASES.items():
        with tf.Graph().as_default():
            out[name] = fn(tf)
    with open(os.path.join(HERE, out_name), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    # tf_slim 1.1.0 still names ops.Tensor and ops.IndexedSlices, which TF 2.x moved; give it the classes back.
    from tensorflow.python.framework import ops
    ops.Tensor = getattr(ops, "Tensor", tf.Tensor)
    ops.IndexedSlices = getattr(ops, "IndexedSlices", tf.IndexedSlices)
    tf.contrib = _contrib()
    _run(optimize_loss_cases, "optimize_loss_golden.json")
    _run(contrib_layers_extra_cases, "contrib_layers_extra_golden.json")


if __name__ == "__main__":
    main()
