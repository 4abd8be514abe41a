"""Record goldens for tf1's arg_scope / slim.repeat / slim.stack (tf1/contrib_impl/arg_scope.py) from
TF 1.15's slim code: `tf_slim` (the contrib/slim + contrib/layers + contrib/framework code of TF 1.15,
published on PyPI) on the oracle TensorFlow, since TF 2.x has no tf.contrib.

Needs `pip install tf-slim` into the oracle environment. Run from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/training/arg_scope_make.py

Each case is a snippet run with `tf`, `slim` and `np` in a fresh graph; it sets `out` (a tensor) and
may set `report` (a dict of plain values it computed). The golden holds out's name and static shape,
every global variable's name and shape (plus its device where the case sets one), the names in the
REGULARIZATION_LOSSES and UPDATE_OPS collections, and `report`. Error cases record the exception type
and str(). Writes tests/golden/training/arg_scope_golden.json.
"""
import json
import os

import importlib
import sys

import numpy as np
import tensorflow.compat.v1 as tf

# TF 2.21 lazy-loads tf.layers' BatchNormalization (used by slim.batch_norm) from
# `tf_keras.legacy_tf_layers`, which tf-keras 2.21 ships as `tf_keras.src.legacy_tf_layers`.
for _mod in ("", ".normalization", ".base", ".core", ".convolutional", ".pooling"):
    sys.modules["tf_keras.legacy_tf_layers" + _mod] = importlib.import_module("tf_keras.src.legacy_tf_layers" + _mod)
import tf_slim as slim  # noqa: E402

tf.disable_v2_behavior()

HERE = os.path.dirname(os.path.abspath(__file__))
X = "x = tf.placeholder(tf.float32, [2, 32, 32, 3], name='images')\n"

CASES = {
    "nested_scopes_net": X +
        "with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu6,\n"
        "                    weights_regularizer=slim.l2_regularizer(0.1)):\n"
        "    with slim.arg_scope([slim.conv2d], padding='VALID', stride=2):\n"
        "        n = slim.repeat(x, 2, slim.conv2d, 8, [3, 3], scope='conv1')\n"
        "        n = slim.max_pool2d(n, [2, 2], scope='pool1')\n"
        "        n = slim.stack(n, slim.conv2d, [(16, [3, 3]), (8, [1, 1])], scope='conv2')\n"
        "        n = slim.flatten(n)\n"
        "        out = slim.stack(n, slim.fully_connected, [10, 5])\n",
    "batch_norm_normalizer": X +
        "with slim.arg_scope([slim.conv2d], normalizer_fn=slim.batch_norm, padding='SAME'):\n"
        "    with slim.arg_scope([slim.batch_norm], decay=0.9, scale=True, is_training=True):\n"
        "        n = slim.conv2d(x, 4, [3, 3], scope='c1')\n"
        "        with slim.arg_scope([slim.batch_norm], center=False):\n"
        "            n = slim.conv2d(n, 6, [3, 3], stride=2, scope='c2')\n"
        "        out = slim.avg_pool2d(n, [2, 2], scope='pool')\n",
    "explicit_kwargs_win": X +
        "with slim.arg_scope([slim.conv2d], padding='VALID', activation_fn=None, stride=4):\n"
        "    out = slim.conv2d(x, 3, [5, 5], padding='SAME', scope='c')\n",
    "reuse_saved_scope": X +
        "with slim.arg_scope([slim.conv2d], padding='VALID', stride=2) as sc:\n"
        "    pass\n"
        "n = slim.conv2d(x, 2, [3, 3], scope='outside')\n"
        "with slim.arg_scope(sc):\n"
        "    out = slim.conv2d(n, 2, [3, 3], scope='inside')\n"
        "report = {'keys': len(sc), 'args': sorted(list(sc.values())[0])}\n",
    "repeat_default_scope": X +
        "out = slim.repeat(x, 3, slim.conv2d, 4, [3, 3])\n",
    "stack_default_scope": X +
        "out = slim.stack(x, slim.conv2d, [4, (5,)], kernel_size=[3, 3])\n",
    "repeat_partial": X +
        "import functools\n"
        "out = slim.repeat(x, 2, functools.partial(slim.conv2d, kernel_size=[1, 1]), 4)\n",
    "fully_connected_scope": "x = tf.placeholder(tf.float32, [3, 7])\n"
        "with slim.arg_scope([slim.fully_connected], num_outputs=4, biases_initializer=None):\n"
        "    n = slim.fully_connected(x, scope='fc1')\n"
        "    out = slim.fully_connected(n, num_outputs=2, activation_fn=None, scope='fc2')\n",
    "dropout_scope": X +
        "with slim.arg_scope([slim.dropout], is_training=False, keep_prob=0.3):\n"
        "    out = slim.dropout(x, scope='drop')\n",
    "model_variable_device": "with slim.arg_scope([slim.model_variable], device='/cpu:0'):\n"
        "    v = slim.model_variable('w', shape=[2, 3], initializer=tf.zeros_initializer())\n"
        "out = tf.identity(v)\n"
        "report = {'model_vars': [m.op.name for m in slim.get_model_variables()]}\n",
    "layer_variables_device": X +
        "with slim.arg_scope([slim.model_variable, slim.variable], device='/cpu:0'):\n"
        "    out = slim.conv2d(x, 2, [3, 3], scope='c')\n",
    "current_scope_contents": X +
        "with slim.arg_scope([slim.conv2d, slim.max_pool2d], padding='SAME'):\n"
        "    with slim.arg_scope([slim.conv2d], stride=2):\n"
        "        cur = slim.current_arg_scope()\n"
        "        report = {'n_keys': len(cur), 'values': sorted(sorted(v.items()) for v in cur.values())}\n"
        "    out = tf.identity(x)\n"
        "report['after'] = len(slim.current_arg_scope())\n"
        "report['has'] = [slim.has_arg_scope(slim.conv2d), slim.has_arg_scope(tf.nn.relu),\n"
        "                 slim.has_arg_scope(slim.batch_norm), slim.has_arg_scope(slim.flatten)]\n"
        "report['conv2d_args'] = list(slim.arg_scoped_arguments(slim.conv2d))\n"
        "report['conv2d_name'] = slim.conv2d.__name__\n",
}

ERRORS = {
    "not_decorated": "with slim.arg_scope([tf.nn.relu], a=1):\n    pass\n",
    "not_a_list": "with slim.arg_scope(slim.conv2d, padding='SAME'):\n    pass\n",
    "dict_with_kwargs": "with slim.arg_scope({}, padding='SAME'):\n    pass\n",
    "stack_args_not_list": "slim.stack(tf.zeros([1, 4, 4, 1]), slim.conv2d, 4)\n",
}


def _run(code):
    g = tf.Graph()
    with g.as_default():
        env = {"tf": tf, "slim": slim, "np": np}
        exec(code, env)  # noqa: S102 -- the case snippet
        out = env["out"]
        return {
            "code": code,
            "out": [out.name, out.get_shape().as_list()],
            "variables": [[v.name, v.get_shape().as_list(), v.device] for v in tf.global_variables()],
            "regularization": [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)],
            "update_ops": [t.name for t in tf.get_collection(tf.GraphKeys.UPDATE_OPS)],
            "report": env.get("report"),
        }


def _error(code):
    with tf.Graph().as_default():
        try:
            exec(code, {"tf": tf, "slim": slim, "np": np})  # noqa: S102
        except Exception as e:  # noqa: BLE001 -- recording whatever slim raises
            return {"code": code, "type": type(e).__name__, "message": str(e)}
    raise AssertionError("no error: " + code)


def main():
    meta = {"cases": {k: _run(c) for k, c in sorted(CASES.items())},
            "errors": {k: _error(c) for k, c in sorted(ERRORS.items())}}
    with open(os.path.join(HERE, "arg_scope_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    print(json.dumps({k: len(v) for k, v in meta.items()}))


if __name__ == "__main__":
    main()
