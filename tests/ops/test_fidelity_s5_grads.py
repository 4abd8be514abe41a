"""Which ops tf.gradients differentiates (values / None / LookupError), against real TensorFlow's
outcomes (golden/fidelity_s5/grad_golden.json, recorded by make_fidelity.py from grad_cases.py)
with TF 1.15's outcome where it differs from the TF 2.x oracle (grad_cases.TF115)."""
import json
import os
import sys

import numpy as np
import pytest

import tf1

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "fidelity_s5")
sys.path.insert(0, GOLDEN_DIR)
import grad_cases  # noqa: E402
from grad_outcomes import outcome  # noqa: E402

GOLDEN = json.load(open(os.path.join(GOLDEN_DIR, "grad_golden.json")))
GOLDEN.update(grad_cases.TF115)


def _tf115_message(msg):
    """TF 2.x appended advice to TF 1.15's one-line message (and lost a space)."""
    return msg.split(". In general")[0].replace("operation'", "operation '")


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_gradient_outcome(name):
    want = GOLDEN[name]
    got = outcome(tf1, name)
    if want and want[0] == "error":
        assert got[:2] == want[:2], got
        assert got[2] == _tf115_message(want[2])
        return
    assert len(got) == len(want)
    for g, w in zip(got, want):
        if w is None:
            assert g is None
        else:
            assert g is not None
            np.testing.assert_allclose(np.asarray(g), np.asarray(w), rtol=2e-4, atol=2e-4)


def test_sign_gradient_is_zeros_not_none():
    with tf1.Graph().as_default():
        x = tf1.constant([-2.0, 0.0, 3.0])
        g = tf1.gradients(tf1.sign(x), x)[0]
        assert g is not None
        with tf1.Session() as sess:
            np.testing.assert_array_equal(sess.run(g), [0.0, 0.0, 0.0])


def test_no_gradient_op_behind_stop_gradient_is_fine():
    with tf1.Graph().as_default():
        x = tf1.placeholder(tf1.float32, [1, 2, 3])
        y = tf1.stop_gradient(tf1.image.adjust_hue(x, 0.1)) + x
        assert tf1.gradients(y, x)[0] is not None
        y2 = tf1.image.adjust_hue(x, 0.1) + x
        with pytest.raises(LookupError, match=r"^No gradient defined for operation 'adjust_hue_1/AdjustHue' "
                                              r"\(op type: AdjustHue\)$"):
            tf1.gradients(y2, x)
        # stop_gradients= stops TF's walk before the op too.
        h = tf1.image.adjust_hue(x, 0.1)
        assert tf1.gradients(h + x, x, stop_gradients=[h])[0] is not None


@tf1.RegisterGradient("K5PassThrough")
def _pass_through(op, grad):
    return [grad, None]


def test_gradient_override_gives_no_gradient_op_a_gradient():
    g = tf1.Graph()
    with g.as_default():
        x = tf1.placeholder(tf1.float32, [1, 2, 3])
        with g.gradient_override_map({"AdjustHue": "K5PassThrough"}):
            y = tf1.image.adjust_hue(x, 0.1)
        grad = tf1.gradients(y, x)[0]
        with tf1.Session() as sess:
            np.testing.assert_array_equal(sess.run(grad, {x: np.zeros([1, 2, 3])}), np.ones([1, 2, 3]))


# ------------------------------------------------- every registered op against TF 1.15's registry

REGISTRY = json.load(open(os.path.join(GOLDEN_DIR, "tf115_gradient_registry.json")))
# TF's gradient function returns None for every input: tf1 marks them NotDifferentiable (same result).
GRADIENT_RETURNS_NONE = {"ArgMax", "ArgMin", "Floor", "Ceil", "Round", "Rint", "FloorDiv", "TruncateDiv"}
# Known gaps: TF's PreventGradient gradient raises "Gradient explicitly disabled" (tf1 stops there);
# TF differentiates these sparse ops' values and py_function (tf1 gives None).
KNOWN_GAPS = {"PreventGradient", "EagerPyFunc", "SparseReorder", "SparseSlice", "SparseSparseMaximum",
              "SparseSparseMinimum"}
# Ops TF 1.15 has no gradient for that tf1 differentiates: tf1's single-op forms of what TF 1.15
# builds from differentiable ops (einsum, expm, scan/case/while bodies, TensorArrays, gradients),
# source ops with no inputs, ops TF 1.15 does not make public, and JAX-backed gradient kernels.
TF1_COMPOSITES = {"Einsum", "MatrixExponential", "RawRNN", "Scan", "StatelessScan", "StatelessCase",
                  "SymbolicGradient", "Placeholder", "Variable", "VariableV2", "_Arg", "Erfinv", "Ndtri",
                  "SoftsignGrad"}
# No gradient in TF, float results a gradient can reach: tf.gradients must raise LookupError.
MUST_RAISE = {"AdjustHue", "AdjustSaturation", "AdjustContrastv2", "ResizeArea", "Unique", "UniqueWithCounts",
              "SegmentProd", "TruncateMod", "Lu", "ResizeBilinearGrad", "ResizeBicubicGrad",
              "ResizeNearestNeighborGrad"}


def _kind(opdef):
    d = opdef.differentiable
    return "none" if d is None else "not_differentiable" if d is False else "gradient"


def test_registered_ops_follow_tf115_gradient_registry():
    from tf1.framework import registry
    grad, nodiff = set(REGISTRY["gradient"]), set(REGISTRY["not_differentiable"])
    wrong = []
    for name in registry.registered_names():
        kind = _kind(registry.get(name))
        if name in grad:
            ok = kind == "gradient" or name in GRADIENT_RETURNS_NONE | KNOWN_GAPS
        elif name in nodiff:
            ok = kind == "not_differentiable" or name == "Const"
        else:
            ok = kind != "gradient" or name in TF1_COMPOSITES or name.startswith("TensorArrayBuffer")
        if name in MUST_RAISE:
            ok = kind == "none"
        if not ok:
            wrong.append((name, kind))
    assert wrong == []
