"""tf.contrib.training.HParams, contrib.losses, contrib.opt, contrib.layers additions, contrib.framework
variable helpers, tf.train.ClusterSpec/replica_device_setter against TF 1.15's own code.

Goldens: tests/golden/training/contrib_extra_golden.json, made by
tests/golden/training/contrib_extra_make.py from the scenarios in contrib_extra_cases.py. Further tests
pin behaviour read from TF 1.15's source (projector config file, Server, recompute_grad)."""
import json
import math
import os
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden", "training"))
import contrib_extra_cases  # noqa: E402

import tf1 as tf  # noqa: E402

with open(os.path.join(os.path.dirname(HERE), "golden", "training", "contrib_extra_golden.json")) as _f:
    GOLDEN = json.load(_f)


def _assert_same(got, want, where):
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), "%s: %r vs %r" % (where, sorted(got),
                                                                                      sorted(want))
        for k in want:
            _assert_same(got[k], want[k], "%s.%s" % (where, k))
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), "%s: %r vs %r" % (where, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            _assert_same(g, w, "%s[%d]" % (where, i))
    elif isinstance(want, float) and not isinstance(got, bool):
        assert isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-4, abs_tol=2e-5), \
            "%s: %r vs %r" % (where, got, want)
    else:
        assert got == want, "%s: %r vs %r" % (where, got, want)


@pytest.mark.parametrize("name", sorted(contrib_extra_cases.CASES))
def test_against_tf(name, tmp_path):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(contrib_extra_cases.CASES[name](tf, str(tmp_path))))
    _assert_same(got, GOLDEN[name], name)


def test_projector_config_file(tmp_path):
    projector = tf.contrib.tensorboard.plugins.projector
    config = projector.ProjectorConfig()
    emb = config.embeddings.add()
    emb.tensor_name = "embedding:0"
    emb.metadata_path = "metadata.tsv"
    emb.sprite.image_path = "sprite.png"
    emb.sprite.single_image_dim.extend([28, 28])
    writer = tf.summary.FileWriter(str(tmp_path))
    projector.visualize_embeddings(writer, config)
    writer.close()
    with open(os.path.join(str(tmp_path), "projector_config.pbtxt")) as f:
        text = f.read()
    assert text == ('embeddings {\n  tensor_name: "embedding:0"\n  metadata_path: "metadata.tsv"\n'
                    '  sprite {\n    image_path: "sprite.png"\n    single_image_dim: 28\n'
                    '    single_image_dim: 28\n  }\n}\n')

    class NoDir:
        def get_logdir(self):
            return None
    with pytest.raises(ValueError, match="Summary writer must have a logdir"):
        projector.visualize_embeddings(NoDir(), config)


def test_server_is_unimplemented():
    with pytest.raises(tf.errors.UnimplementedError, match="tf.train.Server is not supported"):
        tf.train.Server(tf.train.ClusterSpec({"local": ["localhost:2222"]}), job_name="local", task_index=0)
    with pytest.raises(tf.errors.UnimplementedError):
        tf.train.Server.create_local_server()


def test_recompute_grad_matches_plain_function():
    with tf.Graph().as_default():
        z = tf.reshape(tf.cos(tf.range(8, dtype=tf.float32)), [2, 4])
        w = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0)

        def block(x):
            return tf.tanh(tf.matmul(x, w))
        plain = block(z)
        rc = tf.contrib.layers.recompute_grad(block)(z)
        grads = tf.gradients(tf.reduce_sum(tf.square(plain)), z)[0], tf.gradients(tf.reduce_sum(tf.square(rc)), z)[0]
        with tf.Session() as sess:
            a, b = sess.run(grads)
            assert np.abs(a).sum() > 0
            np.testing.assert_allclose(a, b)


def test_lazy_adam_explicit_indexed_slices():
    """IndexedSlices handed to apply_gradients: duplicate rows add up, other rows stay untouched."""
    class Slices:
        def __init__(self, values, indices, dense_shape):
            self.values, self.indices, self.dense_shape = values, indices, dense_shape

    with tf.Graph().as_default():
        v = tf.Variable(np.ones([4, 2], np.float32), name="v")
        opt = tf.contrib.opt.LazyAdamOptimizer(0.1)
        grad = Slices(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([2, 2]), tf.constant([4, 2]))
        train = opt.apply_gradients([(grad, v)])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            out = sess.run(v)
            m = sess.run(opt.get_slot(v, "m"))
    np.testing.assert_allclose(out[[0, 1, 3]], 1.0)
    np.testing.assert_allclose(m[2], [0.4, 0.6], rtol=1e-6)
    np.testing.assert_allclose(out[2], [0.9, 0.9], rtol=1e-5)


def test_adamw_minimize_reads_weights_before_the_decay():
    """TF leaves the order of the gradient's weight read and the decay's AssignSub to thread timing;
    tf1 computes the gradient first (creation order), so minimize equals feeding that gradient."""
    results = []
    for fed in (False, True):
        with tf.Graph().as_default():
            w, b, loss = contrib_extra_cases._two_var_model(tf)
            opt = tf.contrib.opt.AdamWOptimizer(0.05, learning_rate=0.1)
            grads = tf.gradients(loss, [w, b])
            phs = [tf.placeholder(tf.float32, v.get_shape()) for v in (w, b)]
            train = opt.apply_gradients(list(zip(phs, [w, b]))) if fed else opt.minimize(loss)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(3):
                    sess.run(train, dict(zip(phs, sess.run(grads))) if fed else None)
                results.append(sess.run([w, b]))
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6)
