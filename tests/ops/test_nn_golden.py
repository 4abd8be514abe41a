"""tf.nn against real TensorFlow: each case of tests/golden/ops/make_nn.py replayed under tf1.

Compared per case: the output tensor's name, static shape and dtype; its value; and the gradients
w.r.t. `xs` under the same fixed random cotangent (None where TF's is None). Error cases must raise
the recorded exception type with a message containing the recorded text.
"""
import json
import os

import numpy as np
import pytest

import tf1

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
with open(os.path.join(GOLDEN, "nn_golden.json")) as _f:
    META = json.load(_f)
ARRAYS = np.load(os.path.join(GOLDEN, "nn_golden.npz"))


def _cotangent(shape):
    return np.asarray(np.random.RandomState(42).randn(*shape))


class _FedConstants:
    """`tf1` for a case, except that float arrays given to `tf.constant` become fed placeholders of
    the same static shape: the case then runs compiled (as real models do) instead of being
    constant-folded op by op, which is also much faster."""

    def __init__(self):
        self.feeds = {}

    def __getattr__(self, name):
        return getattr(tf1, name)

    def constant(self, value, dtype=None, *args, **kwargs):
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and dtype is None and not args and not kwargs:
            p = tf1.placeholder(value.dtype, value.shape)
            self.feeds[p] = value
            return p
        return tf1.constant(value, dtype, *args, **kwargs)


def _tol(dtype):
    return dict(rtol=1e-9, atol=1e-9) if dtype == np.float64 else dict(rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("name", sorted(META["cases"]))
def test_case(name):
    info = META["cases"][name]
    g = tf1.Graph()
    with g.as_default():
        proxy = _FedConstants()
        env = {"tf": proxy, "np": np}
        exec(info["code"], env)  # noqa: S102 -- the recorded case
        out, xs = env["out"], env.get("xs", [])
        assert out.name == info["name"]
        shape = out.get_shape()
        assert (None if shape.ndims is None else shape.as_list()) == info["shape"]
        assert out.dtype.name == info["dtype"]
        expected = ARRAYS[name + "/value"]
        grads = []
        if xs:
            ct = tf1.constant(_cotangent(expected.shape).astype(expected.dtype))
            grads = tf1.gradients(out, xs, grad_ys=ct)
        for i, gt in enumerate(grads):
            if i in info["none_grads"]:
                assert gt is None, "gradient %d should be None" % i
            else:
                assert gt is not None, "gradient %d is None" % i
        with tf1.Session(graph=g) as sess:  # one run: one compiled program per case
            value, *gvals = sess.run([out] + [gt for gt in grads if gt is not None], proxy.feeds)
        value = np.asarray(value)
        assert value.dtype == expected.dtype and value.shape == expected.shape
        if expected.dtype.kind in "iub":
            np.testing.assert_array_equal(value, expected)
        else:
            np.testing.assert_allclose(value, expected, **_tol(expected.dtype))
        for i, gt in enumerate(grads):
            if gt is not None:
                ge = ARRAYS["%s/grad%d" % (name, i)]
                np.testing.assert_allclose(gvals.pop(0), ge, err_msg="gradient %d" % i, **_tol(ge.dtype))


@pytest.mark.parametrize("name", sorted(META["errors"]))
def test_error(name):
    info = META["errors"][name]
    g = tf1.Graph()
    with g.as_default():
        with pytest.raises(Exception) as exc:
            exec(info["code"], {"tf": tf1, "np": np})  # noqa: S102
    assert type(exc.value).__name__ == info["type"]
    msg = getattr(exc.value, "message", None) or str(exc.value)
    assert info["expect"] in msg
