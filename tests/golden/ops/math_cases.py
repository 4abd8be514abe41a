"""Graph-building cases for tf1's math surface, shared by the golden recorder and the tests.

Each case is `fn(tf) -> (fetches, feeds)` where `tf` is either real TensorFlow (`tf.compat.v1`)
or tf1, `fetches` maps a key to a Tensor (or a list/tuple of Tensors), and `feeds` maps
placeholders to numpy values. Keys starting with `grad` hold gradients: their values, dtypes and
shapes are compared, not their names (tf1 builds one gradient op, TF a sub-graph of many).
ERROR cases must raise while the graph is built; the exception class and message are recorded.
Inputs come from a seeded numpy RandomState, so both sides see the same numbers.
"""
import numpy as np

from golden_io import registrar

_rng = np.random.RandomState(0)
X01 = (_rng.uniform(0.05, 0.95, size=(2, 3))).astype(np.float32)        # in (0, 1)
XPOS = (_rng.uniform(0.5, 3.0, size=(2, 3))).astype(np.float32)         # positive
XPOS2 = (_rng.uniform(0.5, 3.0, size=(2, 3))).astype(np.float32)
XGT1 = (_rng.uniform(1.2, 3.0, size=(2, 3))).astype(np.float32)         # > 1
XS = (_rng.uniform(-2.0, 2.0, size=(2, 3))).astype(np.float32)          # signed
XS64 = (_rng.uniform(-2.0, 2.0, size=(3, 4))).astype(np.float64)
M3 = (_rng.normal(size=(3, 3)) + 3 * np.eye(3)).astype(np.float32)      # well conditioned
BM3 = (_rng.normal(size=(2, 3, 3)) + 3 * np.eye(3)).astype(np.float32)
RHS = (_rng.normal(size=(3, 2))).astype(np.float32)
A43 = (_rng.normal(size=(4, 3))).astype(np.float32)
B42 = (_rng.normal(size=(4, 2))).astype(np.float32)
_s = _rng.normal(size=(3, 3))
SPD = (_s @ _s.T + 3 * np.eye(3)).astype(np.float32)
V3A = (_rng.normal(size=(2, 3))).astype(np.float32)
V3B = (_rng.normal(size=(2, 3))).astype(np.float32)
SEG_DATA = (_rng.normal(size=(5, 2))).astype(np.float32)
T345 = (_rng.normal(size=(3, 4, 5))).astype(np.float32)
T452 = (_rng.normal(size=(4, 5, 2))).astype(np.float32)
LOGITS = (_rng.normal(size=(3, 5))).astype(np.float32)

CASES = {}
ERRORS = {}

case = registrar(CASES)
error = registrar(ERRORS)


def _grad(tf, y, x):
    # The loss lives in the `gradients` scope too, so op-name comparisons can leave it out.
    with tf.name_scope("gradients_loss"):
        loss = tf.reduce_sum(y)
    return tf.gradients(loss, x)[0]


# ------------------------------------------------------------------ elementwise special functions

@case
def unary_trig(tf):
    x = tf.constant(X01, name="x")
    xs = tf.constant(XS, name="xs")
    g = tf.constant(XGT1, name="g")
    out = {
        "asin": tf.asin(x), "acos": tf.acos(x), "atan": tf.atan(xs), "sinh": tf.sinh(xs),
        "cosh": tf.cosh(xs), "asinh": tf.asinh(xs), "acosh": tf.acosh(g), "atanh": tf.atanh(x),
        "math_asin": tf.math.asin(x, name="my_asin"),
    }
    out["grad_asin"] = _grad(tf, out["asin"], x)
    out["grad_acos"] = _grad(tf, out["acos"], x)
    out["grad_atanh"] = _grad(tf, out["atanh"], x)
    out["grad_cosh"] = _grad(tf, out["cosh"], xs)
    return out, {}


@case
def unary_special(tf):
    x = tf.constant(XPOS, name="x")
    xs = tf.constant(XS, name="xs")
    u = tf.constant(X01, name="u")
    out = {
        "lgamma": tf.lgamma(x), "digamma": tf.digamma(x), "erf": tf.erf(xs), "erfc": tf.erfc(xs),
        "erfinv": tf.math.erfinv(u * 2.0 - 1.0), "bessel_i0e": tf.math.bessel_i0e(xs),
        "bessel_i1e": tf.math.bessel_i1e(xs), "log_sigmoid": tf.math.log_sigmoid(xs),
        "lbeta": tf.lbeta(x), "math_lgamma": tf.math.lgamma(x),
    }
    out["grad_lgamma"] = _grad(tf, out["lgamma"], x)
    out["grad_erf"] = _grad(tf, out["erf"], xs)
    out["grad_lbeta"] = _grad(tf, out["lbeta"], x)
    out["grad_log_sigmoid"] = _grad(tf, out["log_sigmoid"], xs)
    return out, {}


@case
def binary_special(tf):
    a = tf.constant(XPOS, name="a")
    x = tf.constant(XPOS2, name="x")
    q = tf.constant(XGT1, name="q")
    u = tf.constant(X01, name="u")
    n = tf.constant(np.array([[0., 1., 2.], [1., 2., 3.]], np.float32), name="n")
    out = {
        "igamma": tf.igamma(a, x), "igammac": tf.igammac(a, x), "zeta": tf.zeta(q + 1.0, x),
        "polygamma": tf.polygamma(n, x), "betainc": tf.betainc(a, x, u),
        "xlogy": tf.math.xlogy(u, a), "xdivy": tf.math.xdivy(u, a),
        "floor_div": tf.floor_div(tf.constant([7, -7, 9]), tf.constant([2, 2, -4])),
        "squared_difference": tf.squared_difference(a, x),
    }
    out["grad_igamma"] = _grad(tf, out["igamma"], x)
    out["grad_betainc"] = _grad(tf, out["betainc"], u)
    return out, {}


@case
def float64_special(tf):
    x = tf.constant(np.abs(XS64) + 0.5, name="x")
    return {"lgamma": tf.lgamma(x), "digamma": tf.digamma(x), "erfc": tf.erfc(x),
            "acosh": tf.acosh(x + 1.0), "betainc": tf.betainc(x, x, tf.constant(0.5, tf.float64))}, {}


@case
def cross_and_accumulate(tf):
    a = tf.constant(V3A, name="a")
    b = tf.constant(V3B, name="b")
    out = {"cross": tf.cross(a, b), "linalg_cross": tf.linalg.cross(a, b, name="c2"),
           "accumulate_n": tf.accumulate_n([a, b, a]),
           "accumulate_named": tf.math.accumulate_n([a, b], name="acc")}
    out["grad_cross"] = _grad(tf, out["cross"], a)
    return out, {}


@case
def where_ops(tf):
    c = tf.constant([[True, False, True], [False, False, True]], name="c")
    a = tf.constant(XS, name="a")
    b = tf.constant(XPOS, name="b")
    vec = tf.constant([True, False], name="vec")
    p = tf.placeholder(tf.bool, shape=[None, 3], name="p")
    out = {"where3": tf.where(c, a, b), "where_vec": tf.where(vec, a, b), "where1": tf.where(c),
           "where1_p": tf.where(p), "where_v2": tf.where_v2(vec[0], a, 0.0),
           "where_scalar": tf.where(True, a, b, name="ws")}
    out["grad_where"] = _grad(tf, out["where3"], a)
    return out, {p: np.array([[True, True, False]])}


# ---------------------------------------------------------------------------- complex numbers

@case
def complex_ops(tf):
    re = tf.constant(XS, name="re")
    im = tf.constant(XPOS, name="im")
    z = tf.complex(re, im)
    z64 = tf.complex(tf.constant(XS64), tf.constant(XS64 * 2))
    out = {"complex": z, "real": tf.real(z), "imag": tf.imag(z), "angle": tf.angle(z),
           "abs": tf.abs(z), "conj": tf.conj(z), "real64": tf.math.real(z64), "imag64": tf.math.imag(z64),
           "abs64": tf.abs(z64), "real_of_real": tf.real(re), "angle_of_real": tf.angle(re),
           "imag_of_real": tf.imag(re)}
    out["grad_abs"] = _grad(tf, out["abs"], re)
    out["grad_angle"] = _grad(tf, out["angle"], im)
    return out, {}


# ------------------------------------------------------------------------ scans and reductions

@case
def cumulative(tf):
    x = tf.constant(XS, name="x")
    i = tf.constant([[1, 2, 3], [4, 5, 6]], name="i")
    out = {"cumsum": tf.cumsum(x), "cumsum1": tf.cumsum(x, axis=1),
           "cumsum_excl": tf.cumsum(x, axis=1, exclusive=True),
           "cumsum_rev": tf.cumsum(x, axis=1, reverse=True),
           "cumsum_both": tf.cumsum(x, axis=-1, exclusive=True, reverse=True),
           "cumprod": tf.cumprod(x, 1), "cumprod_excl_rev": tf.math.cumprod(i, axis=1, exclusive=True,
                                                                               reverse=True),
           "cumsum_int": tf.math.cumsum(i, name="cs")}
    out["grad_cumsum"] = _grad(tf, out["cumsum_excl"], x)
    out["grad_cumprod"] = _grad(tf, out["cumprod"], x)
    return out, {}


@case
def reductions_extra(tf):
    x = tf.constant(XS, name="x")
    i = tf.constant([[0, 2, 0], [3, 0, 0]], name="i")
    out = {"logsumexp": tf.reduce_logsumexp(x), "logsumexp1": tf.reduce_logsumexp(x, axis=1),
           "logsumexp_keep": tf.reduce_logsumexp(x, 0, keepdims=True),
           "count_nonzero": tf.count_nonzero(i), "count_nonzero1": tf.count_nonzero(i, axis=1),
           "count_nonzero_keep": tf.math.count_nonzero(i, 0, keepdims=True, dtype=tf.int32),
           "euclid": tf.math.reduce_euclidean_norm(x), "euclid1": tf.math.reduce_euclidean_norm(x, 1),
           "std": tf.math.reduce_std(x), "variance": tf.math.reduce_variance(x, axis=0)}
    out["grad_logsumexp"] = _grad(tf, out["logsumexp1"], x)
    # No grad_euclid: TF 1.15 registers EuclideanNorm as NotDifferentiable (tf.gradients gives None;
    # tests/ops/test_fidelity_s5_grads.py pins that).
    return out, {}


@case
def top_k_ops(tf):
    x = tf.constant(LOGITS, name="x")
    v, ix = tf.nn.top_k(x, k=3)
    v2, ix2 = tf.math.top_k(tf.constant([3, 1, 3, 2]), k=2, name="tk")
    out = {"values": v, "indices": ix, "values_int": v2, "indices_int": ix2,
           "in_top_k": tf.nn.in_top_k(x, tf.constant([0, 4, 2]), 2),
           "in_top_k_math": tf.math.in_top_k(x, tf.constant([1, 1, 1]), 3, name="itk")}
    out["grad_top_k"] = _grad(tf, v, x)
    return out, {}


# ---------------------------------------------------------------------------- segment ops

@case
def segments(tf):
    d = tf.constant(SEG_DATA, name="d")
    ids = tf.constant([0, 0, 1, 3, 3], name="ids")
    uids = tf.constant([2, 0, 2, 1, 0], name="uids")
    out = {"segment_sum": tf.segment_sum(d, ids), "segment_mean": tf.segment_mean(d, ids),
           "segment_max": tf.segment_max(d, ids), "segment_min": tf.math.segment_min(d, ids),
           "segment_prod": tf.segment_prod(d, ids),
           "unsorted_sum": tf.unsorted_segment_sum(d, uids, 4),
           "unsorted_max": tf.unsorted_segment_max(d, uids, 3),
           "unsorted_min": tf.unsorted_segment_min(d, uids, 3),
           "unsorted_prod": tf.unsorted_segment_prod(d, uids, 3),
           "unsorted_mean": tf.unsorted_segment_mean(d, uids, 3),
           "unsorted_sqrt_n": tf.unsorted_segment_sqrt_n(d, uids, 3),
           "sparse_sum": tf.sparse_segment_sum(d, tf.constant([0, 2, 4]), tf.constant([0, 0, 1])),
           "sparse_mean": tf.sparse_segment_mean(d, tf.constant([0, 2, 4]), tf.constant([0, 1, 1])),
           "sparse_sqrt_n": tf.sparse_segment_sqrt_n(d, tf.constant([1, 2, 3]), tf.constant([0, 0, 2])),
           "sparse_sum_n": tf.sparse_segment_sum(d, tf.constant([0, 1]), tf.constant([0, 1]),
                                                 num_segments=3)}
    out["grad_segment_sum"] = _grad(tf, out["segment_sum"], d)
    out["grad_unsorted_sum"] = _grad(tf, out["unsorted_sum"], d)
    out["grad_unsorted_max"] = _grad(tf, out["unsorted_max"], d)
    out["grad_sparse_mean"] = _grad(tf, out["sparse_mean"], d)
    return out, {}


@case
def bincount_confusion(tf):
    arr = tf.constant([1, 1, 3, 0, 3, 3], name="arr")
    w = tf.constant([0.5, 1.0, 2.0, 1.0, 1.0, 0.25], name="w")
    p = tf.placeholder(tf.int32, [None], name="p")
    out = {"bincount": tf.bincount(arr), "bincount_min": tf.math.bincount(arr, minlength=6),
           "bincount_w": tf.bincount(arr, weights=w), "bincount_max": tf.bincount(arr, maxlength=2),
           "bincount_p": tf.bincount(p),
           "confusion": tf.confusion_matrix([1, 2, 4], [2, 2, 4]),
           "confusion_math": tf.math.confusion_matrix(tf.constant([0, 1, 2, 1]), tf.constant([0, 2, 2, 1]),
                                                      num_classes=4, weights=tf.constant([1, 2, 3, 4]))}
    return out, {p: np.array([2, 0, 2], np.int32)}


# --------------------------------------------------------------------------------- clipping

@case
def clipping(tf):
    t = tf.constant(XS, name="t")
    u = tf.constant(V3A, name="u")
    out = {"by_value": tf.clip_by_value(t, -0.5, 0.5),
           "by_value_t": tf.clip_by_value(t, tf.constant(-1.0), tf.constant(1.0), name="cv"),
           "by_norm": tf.clip_by_norm(t, 1.0), "by_norm_axes": tf.clip_by_norm(t, 1.0, axes=[1]),
           "by_avg_norm": tf.clip_by_average_norm(t, 0.1),
           "global_norm": tf.global_norm([t, u]),
           "linalg_global_norm": tf.linalg.global_norm([u], name="gn")}
    clipped, norm = tf.clip_by_global_norm([t, u], 1.5)
    out["by_global_norm"] = clipped
    out["by_global_norm_norm"] = norm
    out["grad_by_value"] = _grad(tf, out["by_value"], t)
    out["grad_by_norm"] = _grad(tf, out["by_norm"], t)
    return out, {}


# ---------------------------------------------------------------------------- linear algebra

@case
def matrix_structure(tf):
    d = tf.constant(V3A, name="d")
    m = tf.constant(BM3, name="m")
    out = {"matrix_diag": tf.matrix_diag(d), "matrix_diag_part": tf.matrix_diag_part(m),
           "matrix_set_diag": tf.matrix_set_diag(m, d), "band_part": tf.matrix_band_part(m, 0, -1),
           "band_part_11": tf.linalg.band_part(m, 1, 1),
           "matrix_transpose": tf.matrix_transpose(m), "linalg_transpose": tf.linalg.transpose(m),
           "diag": tf.diag(tf.constant([1., 2., 3.])), "diag_part": tf.diag_part(tf.constant(M3)),
           "trace": tf.trace(m), "linalg_trace": tf.linalg.trace(tf.constant(M3), name="tr"),
           "eye": tf.eye(3), "eye_rect": tf.eye(2, 3, dtype=tf.int32),
           "eye_batch": tf.eye(2, batch_shape=[3]), "eye_named": tf.linalg.eye(2, name="I"),
           "linalg_diag": tf.linalg.diag(d), "tensor_diag": tf.linalg.tensor_diag([1, 2])}
    out["grad_set_diag"] = _grad(tf, out["matrix_set_diag"] * out["matrix_set_diag"], m)
    out["grad_trace"] = _grad(tf, out["trace"], m)
    return out, {}


@case
def decompositions(tf):
    m = tf.constant(M3, name="m")
    bm = tf.constant(BM3, name="bm")
    spd = tf.constant(SPD, name="spd")
    chol = tf.cholesky(spd)
    out = {"det": tf.matrix_determinant(m), "det_batch": tf.linalg.det(bm),
           "inverse": tf.matrix_inverse(m), "inverse_adj": tf.matrix_inverse(bm, adjoint=True),
           "solve": tf.matrix_solve(m, tf.constant(RHS)), "cholesky": chol,
           "cholesky_solve": tf.cholesky_solve(chol, tf.constant(RHS)),
           "tri_solve": tf.matrix_triangular_solve(chol, tf.constant(RHS)),
           "tri_solve_adj": tf.matrix_triangular_solve(chol, tf.constant(RHS), lower=True, adjoint=True),
           "slogdet": tf.linalg.slogdet(bm), "slogdet_single": tf.linalg.slogdet(m, name="sld"),
           "logdet": tf.linalg.logdet(spd),
           "eigvals": tf.self_adjoint_eigvals(spd),
           "solve_ls": tf.matrix_solve_ls(tf.constant(A43), tf.constant(B42)),
           "solve_ls_l2": tf.linalg.lstsq(tf.constant(A43), tf.constant(B42), l2_regularizer=0.5)}
    out["grad_det"] = _grad(tf, out["det"], m)
    out["grad_inverse"] = _grad(tf, out["inverse"], m)
    out["grad_cholesky"] = _grad(tf, chol, spd)
    out["grad_solve"] = _grad(tf, out["solve"], m)
    return out, {}


@case
def decompositions_signed(tf):
    """Factorisations whose signs are implementation-defined: compared through invariants."""
    a = tf.constant(A43, name="a")
    spd = tf.constant(SPD, name="spd")
    q, r = tf.qr(a)
    qf, rf = tf.linalg.qr(a, full_matrices=True)
    s, u, v = tf.svd(a)
    s_only = tf.svd(a, compute_uv=False)
    su, uf, vf = tf.linalg.svd(a, full_matrices=True)
    e, ev = tf.self_adjoint_eig(spd)
    out = {"qr_recon": tf.matmul(q, r), "qr_abs_r": tf.abs(r), "qr_q_shape": tf.shape(q),
           "qr_full_shapes": [tf.shape(qf), tf.shape(rf)], "svd_s": s, "svd_s_only": s_only,
           "svd_recon": tf.matmul(u * s[None, :], v, transpose_b=True), "svd_full_shapes": [tf.shape(uf), tf.shape(vf)],
           "eig_e": e, "eig_recon": tf.matmul(ev * e[None, :], ev, transpose_b=True),
           "qr_raw": [q, r], "svd_raw": [s, u, v], "eig_raw": [e, ev]}
    return out, {}


@case
def norms(tf):
    x = tf.constant(XS, name="x")
    m = tf.constant(BM3, name="m")
    out = {"norm": tf.norm(x), "norm_axis": tf.norm(x, axis=1), "norm_1": tf.norm(x, ord=1, axis=0),
           "norm_inf": tf.norm(x, ord=np.inf, axis=1, keepdims=True), "norm_p3": tf.norm(x, ord=3),
           "norm_fro": tf.norm(m, ord="fro", axis=[-2, -1]), "norm_mat1": tf.norm(m, ord=1, axis=[1, 2]),
           "norm_matinf": tf.linalg.norm(m, ord=np.inf, axis=(-2, -1)),
           "norm_named": tf.norm(x, name="nn")}
    out["grad_norm"] = _grad(tf, out["norm"], x)
    return out, {}


@case
def tensordot_einsum(tf):
    a = tf.constant(T345, name="a")
    b = tf.constant(T452, name="b")
    m = tf.constant(A43, name="m")
    out = {"tensordot2": tf.tensordot(a, b, 2), "tensordot_axes": tf.tensordot(a, b, [[1, 2], [0, 1]]),
           "tensordot_0": tf.tensordot(m, tf.constant([1., 2.]), 0),
           "tensordot_1": tf.linalg.tensordot(m, tf.constant(A43.T), axes=1, name="td"),
           "einsum_mm": tf.einsum("ij,jk->ik", m, tf.constant(A43.T)),
           "einsum_trace": tf.einsum("ii", tf.constant(M3)),
           "einsum_batch": tf.einsum("bij,bjk->bik", tf.constant(BM3), tf.constant(BM3)),
           "einsum_outer": tf.linalg.einsum("i,j->ij", tf.constant([1., 2.]), tf.constant([3., 4., 5.]))}
    out["grad_tensordot"] = _grad(tf, out["tensordot2"], a)
    out["grad_einsum"] = _grad(tf, out["einsum_mm"], m)
    return out, {}


@case
def unknown_shapes(tf):
    """Static shapes inferred from partially known inputs."""
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    q = tf.placeholder(tf.float32, None, name="q")
    sq = tf.placeholder(tf.float32, [None, 4, 4], name="sq")
    out = {"asin": tf.asin(p), "cumsum": tf.cumsum(p, axis=1), "det": tf.matrix_determinant(sq),
           "diag_part": tf.matrix_diag_part(sq), "seg": tf.segment_sum(p, tf.constant([0, 0])),
           "useg": tf.unsorted_segment_sum(p, tf.constant([1, 0]), 2), "top_k": tf.nn.top_k(p, 2)[0],
           "cross": tf.cross(p, p), "norm_unknown": tf.norm(q), "logsumexp": tf.reduce_logsumexp(p, 1),
           "where3": tf.where(tf.constant([True, False]), p, p)}
    return out, {p: XS, q: XS, sq: np.stack([np.eye(4, dtype=np.float32) * 2, np.eye(4, dtype=np.float32)])}


@case
def fed_at_run_time(tf):
    """Ids, conditions and counts that only exist when the graph runs (host ops, traced values)."""
    d = tf.placeholder(tf.float32, [None, 2], name="d")
    ids = tf.placeholder(tf.int32, [None], name="ids")
    cond = tf.placeholder(tf.float32, [None], name="cond")
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    out = {"segment_sum": tf.segment_sum(d, ids), "segment_max": tf.segment_max(d, ids),
           "sparse_sqrt_n": tf.sparse_segment_sqrt_n(d, tf.constant([0, 1, 2]), ids[:3]),
           "unsorted_sum": tf.unsorted_segment_sum(d, ids, 5),
           "top_k": tf.nn.top_k(x, 2), "where1_numeric": tf.where(cond),
           "in_top_k64": tf.nn.in_top_k(x, tf.constant([0, 1, 4], tf.int64), 1),
           "cumsum_rev": tf.cumsum(d, axis=0, reverse=True), "matvec": tf.linalg.matvec(tf.constant(M3), tf.constant([1., 2., 3.])),
           "adjoint": tf.linalg.adjoint(tf.constant(A43)), "trace_fed": tf.trace(tf.reshape(x[:, :4], [-1, 2, 2]))}
    return out, {d: SEG_DATA, ids: np.array([0, 0, 1, 3, 3], np.int32),
                 cond: np.array([0., 1.5, 0., -2.], np.float32), x: LOGITS}


@case
def extras(tf):
    x = tf.constant(XS, name="x")
    m = tf.constant(M3, name="m")
    lu, p = tf.linalg.lu(m)
    out = {"polyval": tf.math.polyval([1.0, -2.0, x], x), "reciprocal_no_nan": tf.math.reciprocal_no_nan(
               tf.constant([0., 2., -4.])), "divide_no_nan": tf.math.divide_no_nan(x, tf.constant([0., 1., 2.])),
           "bessel_i0": tf.math.bessel_i0(x), "bessel_i1": tf.math.bessel_i1(x),
           "expm": tf.linalg.expm(m * 0.1), "sqrtm": tf.linalg.sqrtm(tf.constant(SPD)),
           "lu": lu, "lu_p": p}
    return out, {}


# ------------------------------------------------------------------------- build-time errors

@error
def err_cross_dim(tf):
    tf.cross(tf.constant([[1., 2.]]), tf.constant([[1., 2.]]))


@error
def err_det_nonsquare(tf):
    tf.matrix_determinant(tf.constant(A43))


@error
def err_det_rank(tf):
    tf.matrix_determinant(tf.constant([1., 2.]))


@error
def err_select_shapes(tf):
    tf.where(tf.constant([True, False]), tf.constant([1., 2.]), tf.constant([1., 2., 3.]))


@error
def err_select_cond(tf):
    tf.where(tf.constant([True, False, True]), tf.constant([[1., 2.], [3., 4.]]), tf.constant([[1., 2.], [3., 4.]]))


@error
def err_where_one_arg(tf):
    tf.where(tf.constant([True]), tf.constant([1.]))


@error
def err_cumsum_axis(tf):
    tf.cumsum(tf.constant([1., 2.]), axis=3)


@error
def err_top_k_k(tf):
    tf.nn.top_k(tf.constant([1., 2.]), k=3)


@error
def err_matmul_solve(tf):
    tf.matrix_solve(tf.constant(M3), tf.constant(B42))


@error
def err_igamma_types(tf):
    tf.igamma(tf.constant([1.]), tf.constant([1.], tf.float64))


@error
def err_asin_int(tf):
    tf.asin(tf.constant([1, 2]))


@error
def err_norm_ord(tf):
    tf.norm(tf.constant([1., 2.]), ord=-1)


@error
def err_norm_axis(tf):
    tf.norm(tf.constant([[1., 2.]]), axis=[0, 0])


@error
def err_segment_ids_rank(tf):
    tf.segment_sum(tf.constant([1., 2.]), tf.constant([[0, 0]]))


@error
def err_unsorted_ids(tf):
    tf.unsorted_segment_sum(tf.constant([[1., 2.]]), tf.constant([0, 1]), 2)


@error
def err_tensordot_axes(tf):
    tf.tensordot(tf.constant(A43), tf.constant(A43), [[0], [0, 1]])


@error
def err_clip_broadcast(tf):
    tf.clip_by_value(tf.constant([1., 2.]), tf.constant([[0.], [1.]]), 5.0)


@error
def err_betainc_shapes(tf):
    tf.betainc(tf.constant([1., 2.]), tf.constant([1., 2., 3.]), tf.constant([0.5, 0.5]))


@error
def err_eye_type(tf):
    tf.eye(2.5)


@error
def err_band_part_rank(tf):
    tf.matrix_band_part(tf.constant([1., 2.]), 0, -1)


@error
def err_complex_types(tf):
    tf.complex(tf.constant([1.]), tf.constant([1.], tf.float64))


@error
def err_accumulate_empty(tf):
    tf.accumulate_n([])
