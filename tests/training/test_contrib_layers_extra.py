"""More tf.contrib.layers (bias_add, one_hot_encoding, unit_norm, maxout, spatial_softmax, instance_norm,
group_norm, embedding_lookup_unique, summarize_*) against real TF 1.15 code.

Goldens: tests/golden/training/contrib_layers_extra_golden.json, made by
tests/golden/training/optimize_loss_make.py (tf_slim -- contrib.layers' code -- and TF 1.15's
embedding_ops.py) from the scenarios in contrib_layers_extra_cases.py."""
import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "training"))
sys.path.insert(0, HERE)
import contrib_layers_extra_cases  # noqa: E402
from test_optimize_loss import assert_same  # noqa: E402

import tf1 as tf  # noqa: E402

with open(os.path.join(os.path.dirname(HERE), "golden", "training", "contrib_layers_extra_golden.json")) as _f:
    GOLDEN = json.load(_f)


@pytest.mark.parametrize("name", sorted(contrib_layers_extra_cases.CASES))
def test_against_tf(name):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(contrib_layers_extra_cases.CASES[name](tf)))
    assert_same(got, GOLDEN[name], name)


def test_arg_scope_and_slim_aliases():
    with tf.Graph().as_default():
        with tf.contrib.framework.arg_scope([tf.contrib.layers.bias_add],
                                            initializer=tf.constant_initializer(2.0)):
            y = tf.contrib.slim.bias_add(tf.zeros([1, 3]))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(y).tolist() == [[2.0, 2.0, 2.0]]
    for name in ("bias_add", "one_hot_encoding", "unit_norm", "maxout", "instance_norm", "group_norm",
                 "spatial_softmax", "optimize_loss", "summarize_tensor"):
        assert getattr(tf.contrib.slim, name) is getattr(tf.contrib.layers, name)
