"""tf1's math surface against goldens recorded from real TensorFlow (tests/golden/ops/make_math.py).

Every case of tests/golden/ops/math_cases.py is built with tf1 and run; values, dtypes, static
shapes, tensor names and the graph's op names/types must match what TensorFlow produced. The
oracle is TF 2.x's `tf.compat.v1`; where it differs from TF 1.15 (the spec), `TF115` below records
the 1.15 behaviour and why.
"""
import json
import os
import re
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
from golden_io import flat as _flat, shape_list as _shape  # noqa: E402
import math_cases  # noqa: E402

with open(os.path.join(GOLDEN, "math_golden.json")) as _f:
    META = json.load(_f)
VALUES = np.load(os.path.join(GOLDEN, "math_golden.npz"))

# ---------------------------------------------------------------- TF 1.15 versus the 2.x oracle

# Op types TF 2 renamed; 1.15 graphs hold the old ones. The oracle builds AddV2 for both `+` and tf.add;
# TF 1.15 builds AddV2 for `+` and Add for tf.add (math_ops.py @ 1.15, `_add_dispatch`), so the two are
# compared as one type on both sides (tests/ops/test_add_types.py pins which one tf1 builds).
TYPE_115 = {"AddV2": "Add", "MatrixDiagV3": "MatrixDiag", "MatrixDiagPartV3": "MatrixDiagPart",
            "MatrixSetDiagV3": "MatrixSetDiag"}
# Inputs the V3 diag ops added (1.15's V1 ops have none): dropped from the oracle's op list.
V3_EXTRA_INPUTS = re.compile(r".*/(k|num_rows|num_cols|padding_value)$")

# Cases whose op list is not compared, and why (values, dtypes, shapes and fetched names still are).
OPS_NOT_COMPARED = {
    "bincount_confusion": "TF 1.15's bincount uses Prod(Shape) and Bincount (2.x: Size, DenseBincount); "
                          "confusion_matrix is one ConfusionMatrix op in tf1 (TF: asserts + scatter)",
    "decompositions": "lstsq with l2_regularizer builds its identity with static shapes in tf1; "
                      "1.15's matrix_triangular_solve is the bare op (2.x wraps it in a scope)",
    "decompositions_signed": "tf.shape of a static shape (core's business)",
    "reductions_extra": "1.15's reduce_logsumexp uses where (Select) + zeros_like; 2.x uses SelectV2",
    "unknown_shapes": "reduce_logsumexp as above; norm of unknown rank uses a Range",
    "segments": "1.15's unsorted_segment_mean/sqrt_n reshape the counts with a static shape",
    "complex_ops": "zeros_like/ones_like are the core's (1.15 folds them to constants)",
    "clipping": "ones_like is the core's (1.15 builds Shape + Fill)",
    "extras": "1.15's bessel_i0/i1 are exp(|x|) * bessel_i0e/i1e (2.x: BesselI0/I1 ops); expm is one "
              "MatrixExponential op in tf1 (TF: a Pade approximant with cond and while_loop)",
}

# Fetches whose tensor name differs in 1.15 for the reasons above.
NAMES_NOT_COMPARED = {
    ("decompositions", "tri_solve"), ("decompositions", "tri_solve_adj"),
    ("bincount_confusion", "bincount"), ("bincount_confusion", "bincount_min"),
    ("bincount_confusion", "bincount_max"), ("bincount_confusion", "bincount_p"),
    ("bincount_confusion", "bincount_w"), ("bincount_confusion", "confusion"),
    ("bincount_confusion", "confusion_math"), ("segments", "unsorted_mean"),
    ("segments", "unsorted_sqrt_n"), ("extras", "bessel_i0"), ("extras", "bessel_i1"), ("extras", "expm"), ("complex_ops", "imag_of_real"), ("complex_ops", "angle_of_real"),
}
NAMES_115 = {("decompositions", "tri_solve"): ["MatrixTriangularSolve:0"],
             ("decompositions", "tri_solve_adj"): ["MatrixTriangularSolve_1:0"]}

# Error messages TF 2 reworded.
ERRORS_115 = {
    "err_complex_types": ("TypeError", "real and imag have incorrect types: float32 float64"),
    "err_eye_type": ("TypeError", "num_rows and num_columns must be positive integer values."),
    "err_clip_broadcast": ("ValueError", "Shapes (2,) and (2, 2) are not compatible"),
    "err_tensordot_axes": ("ValueError", "Different number of contraction axes 'a' and 'b', 1 != 2."),
}

# Raw factors whose signs/phases are implementation-defined: dtype, shape and name only.
SIGN_FREE = {("decompositions_signed", k) for k in ("qr_raw", "svd_raw", "eig_raw")}

# Looser tolerances, with the reason.
TOLERANCE = {
    # float32 special functions: XLA's and Eigen's series differ in the last bits.
    "unary_special": dict(rtol=2e-5, atol=1e-6),
    "binary_special": dict(rtol=1e-4, atol=1e-6),
    # Factorisations: LAPACK-style algorithms differ in rounding order.
    "decompositions": dict(rtol=1e-4, atol=1e-5),
    "decompositions_signed": dict(rtol=1e-4, atol=1e-5),
    "norms": dict(rtol=1e-5, atol=1e-6),
    "tensordot_einsum": dict(rtol=1e-5, atol=1e-5),
    "extras": dict(rtol=1e-4, atol=1e-5),
}


def to_115_message(msg):
    """TF 2 prints the failing node as `'{{node X}} = Type[attrs](inputs)'`; 1.15 as `'X' (op: 'Type')`."""
    return re.sub(r"'\{\{node ([^}]+)\}\} = (\w+)\[.*?\]\([^)]*\)'", r"'\1' (op: '\2')", msg)


def _expected_ops(case):
    out = []
    for name, typ in META["cases"][case]["ops"]:
        if typ in ("MatrixDiagV3", "MatrixDiagPartV3", "MatrixSetDiagV3"):
            pass
        elif typ == "Const" and V3_EXTRA_INPUTS.match(name) and any(
                n == name.rsplit("/", 1)[0] and t.endswith("V3") for n, t in META["cases"][case]["ops"]):
            continue
        out.append([name, TYPE_115.get(typ, typ)])
    return out


def _build(case):
    g = tf.Graph()
    with g.as_default():
        fetches, feeds = math_cases.CASES[case](tf)
        with tf.Session(graph=g) as sess:
            results = sess.run(fetches, feeds)
    return g, fetches, results


@pytest.mark.parametrize("case", sorted(META["cases"]))
def test_case(case):
    g, fetches, results = _build(case)
    golden = META["cases"][case]["fetches"]
    assert sorted(fetches) == sorted(golden)
    tol = TOLERANCE.get(case, dict(rtol=1e-5, atol=1e-6))
    for key, infos in golden.items():
        ts, rs = _flat(fetches[key]), _flat(results[key])
        assert len(ts) == len(infos), key
        for i, (t, r, info) in enumerate(zip(ts, rs, infos)):
            where = "%s/%s/%d" % (case, key, i)
            assert t.dtype.name == info["dtype"], where
            assert _shape(t) == info["shape"], where
            if not key.startswith("grad") and (case, key) not in NAMES_NOT_COMPARED:
                assert t.name == info["name"], where
            if (case, key) in NAMES_115:
                assert t.name == NAMES_115[(case, key)][i], where
            want = VALUES[where]
            got = np.asarray(r)
            assert got.shape == want.shape, where
            assert got.dtype == want.dtype, where
            if (case, key) in SIGN_FREE:
                continue
            if want.dtype.kind in "biu":
                np.testing.assert_array_equal(got, want, err_msg=where)
            else:
                np.testing.assert_allclose(got, want, err_msg=where, **tol)


@pytest.mark.parametrize("case", sorted(c for c in META["cases"] if c not in OPS_NOT_COMPARED))
def test_op_names(case):
    g = tf.Graph()
    with g.as_default():
        math_cases.CASES[case](tf)
    got = [[op.name, "Add" if op.type == "AddV2" else op.type] for op in g.get_operations()
           if not op.name.startswith("gradients")]
    assert got == _expected_ops(case)


@pytest.mark.parametrize("case", sorted(META["errors"]))
def test_build_errors(case):
    golden = META["errors"][case]
    g = tf.Graph()
    with g.as_default():
        if golden is None:
            math_cases.ERRORS[case](tf)  # TF accepts it at build time
            return
        with pytest.raises(Exception) as info:
            math_cases.ERRORS[case](tf)
    typ, msg = ERRORS_115.get(case, (golden["type"], to_115_message(golden["message"])))
    assert type(info.value).__name__ == typ
    assert str(info.value) == msg


class _FedFloats:
    """tf1, except that float constants become `placeholder_with_default`: the same values, but
    traced inputs of the compiled program instead of constants folded while it is built."""

    def __getattr__(self, name):
        return getattr(tf, name)

    @staticmethod
    def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
        c = tf.constant(value, dtype=dtype, shape=shape, name=name)
        if not c.dtype.is_floating:
            return c
        return tf.placeholder_with_default(c, shape=c.get_shape(), name=name + "_fed")


JIT_CASES = sorted(c for c in META["cases"] if c not in ("decompositions_signed",))


@pytest.mark.parametrize("case", JIT_CASES)
def test_case_compiled(case):
    """The second run of a signature is jit-compiled: values must not change. (Gradients are left
    to the interpreted runs above: compiling them costs most of the time and tests jax, not tf1.)"""
    g = tf.Graph()
    with g.as_default():
        fetches, feeds = math_cases.CASES[case](_FedFloats())
        fetches = {k: v for k, v in fetches.items() if not k.startswith("grad")}
        with tf.Session(graph=g) as sess:
            sess.run(fetches, feeds)
            results = sess.run(fetches, feeds)
    tol = TOLERANCE.get(case, dict(rtol=1e-5, atol=1e-6))
    for key in fetches:
        for i, r in enumerate(_flat(results[key])):
            where = "%s/%s/%d" % (case, key, i)
            np.testing.assert_allclose(np.asarray(r), VALUES[where], err_msg=where, **tol)
