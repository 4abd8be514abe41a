"""Linear algebra: matrix structure (diag, band_part, set_diag, transpose, trace, eye), solvers and
factorisations (det, inverse, solve, triangular_solve, cholesky, qr, svd, eigh, slogdet, lstsq),
norm, tensordot and einsum. Factorisations lower to jax.numpy.linalg / jax.lax.linalg."""
import numbers

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework.deprecation import deprecated_argument_lookup
from ..framework import dtypes, registry
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op, op_output
from ..framework.tensor_util import constant_value
from . import array_ops, math_ops
from ._common import TensorShape, in_dtype, in_shape, output_tuple, unknown
from .elementwise_ops import (apply_op, broadcast_shapes, merge_shapes, shape_error, with_rank_at_least)

# ------------------------------------------------------------------------ shape inference

_FLOAT_CPLX = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128)


def _dims(op, i, rank=2):
    s = with_rank_at_least(op, in_shape(op, i), rank)
    return None if s.ndims is None else s.as_list()


def _merge_dim(op, a, b):
    if a is not None and b is not None and a != b:
        raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (a, b))
    return a if a is not None else b


def _square(op, i=0):
    """[..., M, M]: returns (batch dims, M) or (None, None) for an unknown rank."""
    d = _dims(op, i)
    if d is None:
        return None, None
    return d[:-2], _merge_dim(op, d[-1], d[-2])


def _batch_scalar_infer(op):
    batch, _ = _square(op)
    return [(in_dtype(op), unknown() if batch is None else TensorShape(batch))]


def _same_square_infer(op):
    batch, m = _square(op)
    return [(in_dtype(op), unknown() if batch is None else TensorShape(batch + [m, m]))]


def _solve_infer(op):
    batch, m = _square(op, 0)
    rhs = _dims(op, 1)
    if batch is None or rhs is None:
        return [(in_dtype(op), unknown())]
    merge_shapes(op, TensorShape(batch), TensorShape(rhs[:-2]))
    _merge_dim(op, m, rhs[-2])
    return [(in_dtype(op), TensorShape(batch + [m, rhs[-1]]))]


# ---------------------------------------------------------------------- matrix structure ops

def _diag_infer(op):
    d = with_rank_at_least(op, in_shape(op), 1)
    if d.ndims is None:
        return [(in_dtype(op), unknown())]
    dims = d.as_list()
    return [(in_dtype(op), TensorShape(dims + [dims[-1]]))]


def _diag_part_infer(op):
    d = _dims(op, 0)
    if d is None:
        return [(in_dtype(op), unknown())]
    m, n = d[-2], d[-1]
    return [(in_dtype(op), TensorShape(d[:-2] + [None if m is None or n is None else min(m, n)]))]


def _set_diag_infer(op):
    d = _dims(op, 0)
    diag = with_rank_at_least(op, in_shape(op, 1), 1)
    if d is None:
        return [(in_dtype(op), unknown())]
    m, n = d[-2], d[-1]
    if diag.ndims is not None and m is not None and n is not None:
        merge_shapes(op, TensorShape(d[:-2] + [min(m, n)]), diag)
    return [(in_dtype(op), TensorShape(d))]


def _set_diag_lower(ctx, op, x, diag):
    x = jnp.asarray(x)
    m, n = x.shape[-2:]
    k = min(m, n)
    eye = jnp.eye(m, n, dtype=bool)
    full = jnp.zeros(x.shape, x.dtype)
    full = full.at[..., jnp.arange(k), jnp.arange(k)].set(diag)
    return jnp.where(eye, full, x)


def _band_lower(ctx, op, x, lo, hi):
    x = jnp.asarray(x)
    m, n = x.shape[-2:]
    lo = array_ops.static_ints(op, 1, lo)[0]
    hi = array_ops.static_ints(op, 2, hi)[0]
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    keep = ((lo < 0) | (i - j <= lo)) & ((hi < 0) | (j - i <= hi))
    return jnp.where(keep, x, jnp.zeros((), x.dtype))


def _tensor_diag_infer(op):
    s = in_shape(op)
    if s.ndims is None:
        return [(in_dtype(op), unknown())]
    return [(in_dtype(op), s.concatenate(s))]


def _tensor_diag_part_infer(op):
    s = in_shape(op)
    if s.ndims is None:
        return [(in_dtype(op), unknown())]
    if s.ndims % 2:
        raise shape_error(op, "Input must have even rank. Got rank %d" % s.ndims)
    half = s.ndims // 2
    d = s.as_list()
    return [(in_dtype(op), TensorShape([_merge_dim(op, a, b) for a, b in zip(d[:half], d[half:])]))]


def _tensor_diag_lower(ctx, op, d):
    d = jnp.asarray(d)
    n = d.size
    return (jnp.eye(n, dtype=d.dtype) * d.reshape(-1)).reshape(d.shape + d.shape)


def _tensor_diag_part_lower(ctx, op, x):
    x = jnp.asarray(x)
    half = x.shape[:x.ndim // 2]
    n = int(np.prod(half))
    return jnp.diagonal(x.reshape(n, n)).reshape(half)


registry.register("MatrixDiag", _diag_infer,
                  lambda ctx, op, d: jnp.asarray(d)[..., None] * jnp.eye(jnp.shape(d)[-1], dtype=jnp.result_type(d)))
registry.register("MatrixDiagPart", _diag_part_infer,
                  lambda ctx, op, x: jnp.diagonal(x, axis1=-2, axis2=-1))
registry.register("MatrixSetDiag", _set_diag_infer, _set_diag_lower)
registry.register("MatrixBandPart", lambda op: [(in_dtype(op), in_shape(op))], _band_lower)
registry.register("Diag", _tensor_diag_infer, _tensor_diag_lower)
registry.register("DiagPart", _tensor_diag_part_infer, _tensor_diag_part_lower)


def _only_main_diagonal(k, num_rows, num_cols, padding_value):
    if not (isinstance(k, int) and k == 0 and num_rows == -1 and num_cols == -1 and padding_value == 0):
        raise NotImplementedError("tf1: only the main diagonal (k=0, default sizes, padding 0) is supported")


@export("linalg.diag", "matrix_diag")
def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0):
    _only_main_diagonal(k, num_rows, num_cols, padding_value)
    return apply_op("MatrixDiag", [diagonal], ["diagonal"], name)


@export("linalg.diag_part", "matrix_diag_part")
def matrix_diag_part(input, name="diag_part", k=0, padding_value=0):  # noqa: A002
    _only_main_diagonal(k, -1, -1, padding_value)
    return apply_op("MatrixDiagPart", [input], ["input"], name)


@export("linalg.set_diag", "matrix_set_diag")
def matrix_set_diag(input, diagonal, name="set_diag", k=0):  # noqa: A002
    _only_main_diagonal(k, -1, -1, 0)
    return apply_op("MatrixSetDiag", [input, diagonal], ["input", "diagonal"], name)


@export("linalg.band_part", "matrix_band_part")
def matrix_band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    with name_scope(name, "MatrixBandPart", [input, num_lower, num_upper]) as scope:
        x = convert_to_tensor(input, name="input")
        lo = convert_to_tensor(num_lower, preferred_dtype=dtypes.int64, name="num_lower")
        hi = convert_to_tensor(num_upper, dtype=lo.dtype.base_dtype, name="num_upper")
        return op_output("MatrixBandPart", [x, lo, hi], {"T": x.dtype.base_dtype, "Tindex": lo.dtype.base_dtype},
                         name=scope)


@export("diag", "linalg.tensor_diag")
def diag(diagonal, name=None):
    return apply_op("Diag", [diagonal], ["diagonal"], name)


@export("diag_part", "linalg.tensor_diag_part")
def diag_part(input, name=None):  # noqa: A002
    return apply_op("DiagPart", [input], ["input"], name)


@export("linalg.matrix_transpose", "linalg.transpose", "matrix_transpose")
def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    with name_scope(name, values=[a]):
        a = convert_to_tensor(a, name="a")
        ndims = a.get_shape().ndims
        if ndims is not None:
            if ndims < 2:
                raise ValueError("Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: %s"
                                 % a.get_shape())
            perm = list(range(ndims - 2)) + [ndims - 1, ndims - 2]
        else:
            r = array_ops.rank(a)
            perm = array_ops.concat([math_ops.range(0, r - 2, 1), array_ops.stack([r - 1, r - 2])], 0)
        out = array_ops.transpose(a, perm=perm)
        return math_ops.conj(out) if conjugate else out


@export("linalg.adjoint")
def adjoint(matrix, name=None):
    with name_scope(name, "adjoint", [matrix]):
        matrix = convert_to_tensor(matrix, name="matrix")
        return matrix_transpose(matrix, conjugate=True)


@export("linalg.matvec")
def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    with name_scope(name, "MatVec", [a, b]):
        out = math_ops.matmul(a, array_ops.expand_dims(b, axis=-1), transpose_a=transpose_a,
                              adjoint_a=adjoint_a)
        return array_ops.squeeze(out, axis=-1)


@export("trace", "linalg.trace")
def trace(x, name=None):
    with name_scope(name, "Trace", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return math_ops.reduce_sum(matrix_diag_part(x), [-1], name=scope)


@export("eye", "linalg.eye")
def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    with name_scope(name, "eye", [num_rows, num_columns, batch_shape]):
        is_square = num_columns is None
        batch_shape = [] if batch_shape is None else batch_shape
        num_columns = num_rows if num_columns is None else num_columns
        if isinstance(num_rows, Tensor) or isinstance(num_columns, Tensor):
            diag_size = math_ops.minimum(num_rows, num_columns)
        else:
            if not isinstance(num_rows, numbers.Integral) or not isinstance(num_columns, numbers.Integral):
                # TF 1.15's wording (2.x rephrased it).
                raise TypeError("num_rows and num_columns must be positive integer values.")
            is_square = num_rows == num_columns
            diag_size = min(num_rows, num_columns)
        if isinstance(batch_shape, Tensor) or isinstance(diag_size, Tensor):
            batch_shape = convert_to_tensor(batch_shape, name="shape", dtype=dtypes.int32)
            diag_shape = array_ops.concat([batch_shape, array_ops.stack([diag_size])], 0)
            if not is_square:
                shape = array_ops.concat([batch_shape, array_ops.stack([num_rows, num_columns])], 0)
        else:
            batch_shape = list(TensorShape(batch_shape).as_list())
            diag_shape = batch_shape + [diag_size]
            if not is_square:
                shape = batch_shape + [num_rows, num_columns]
        diag_ones = array_ops.ones(diag_shape, dtype=dtype)
        if is_square:
            return matrix_diag(diag_ones)
        return matrix_set_diag(array_ops.zeros(shape, dtype=dtype), diag_ones)


# ------------------------------------------------------------------- solvers and factorisations

def _adj(x):
    return jnp.conj(jnp.swapaxes(x, -1, -2))


def _slogdet_lower(ctx, op, x):
    sign, logdet = jnp.linalg.slogdet(x)
    return sign.astype(x.dtype), logdet.astype(jnp.real(x).dtype)


def _slogdet_infer(op):
    (dt, shp), = _batch_scalar_infer(op)
    return [(dt, shp), (dt.real_dtype if dt.is_complex else dt, shp)]


def _triangular_lower(ctx, op, a, b):
    adjoint = bool(op._attrs.get("adjoint"))
    return jax.lax.linalg.triangular_solve(a, b, left_side=True, lower=bool(op._attrs.get("lower", True)),
                                           transpose_a=adjoint, conjugate_a=adjoint)


def _qr_infer(op):
    d = _dims(op, 0)
    if d is None:
        return [(in_dtype(op), unknown()), (in_dtype(op), unknown())]
    m, n = d[-2], d[-1]
    p = None if m is None or n is None else min(m, n)
    full = op._attrs.get("full_matrices", False)
    return [(in_dtype(op), TensorShape(d[:-2] + [m, m if full else p])),
            (in_dtype(op), TensorShape(d[:-2] + [m if full else p, n]))]


def _qr_lower(ctx, op, x):
    return jnp.linalg.qr(x, mode="complete" if op._attrs.get("full_matrices") else "reduced")


def _svd_infer(op):
    dt = in_dtype(op)
    real = dt.real_dtype if dt.is_complex else dt
    d = _dims(op, 0)
    uv = op._attrs.get("compute_uv", True)
    if d is None:
        return [(real, unknown()), (dt, unknown() if uv else TensorShape([0])),
                (dt, unknown() if uv else TensorShape([0]))]
    m, n = d[-2], d[-1]
    p = None if m is None or n is None else min(m, n)
    full = op._attrs.get("full_matrices", False)
    if not uv:
        return [(real, TensorShape(d[:-2] + [p])), (dt, TensorShape([0])), (dt, TensorShape([0]))]
    return [(real, TensorShape(d[:-2] + [p])), (dt, TensorShape(d[:-2] + [m, m if full else p])),
            (dt, TensorShape(d[:-2] + [n, n if full else p]))]


def _svd_lower(ctx, op, x):
    if not op._attrs.get("compute_uv", True):
        s = jnp.linalg.svd(x, compute_uv=False)
        return s, jnp.zeros([0], x.dtype), jnp.zeros([0], x.dtype)
    u, s, vh = jnp.linalg.svd(x, full_matrices=bool(op._attrs.get("full_matrices")))
    return s, u, _adj(vh)


def _eig_infer(op):
    batch, m = _square(op)
    dt = in_dtype(op)
    real = dt.real_dtype if dt.is_complex else dt
    if batch is None:
        return [(real, unknown()), (dt, unknown())]
    v = TensorShape(batch + [m, m]) if op._attrs.get("compute_v", True) else TensorShape([0])
    return [(real, TensorShape(batch + [m])), (dt, v)]


def _eig_lower(ctx, op, x):
    e, v = jnp.linalg.eigh(x)
    if not op._attrs.get("compute_v", True):
        return e, jnp.zeros([0], x.dtype)
    return e, v


registry.register("MatrixDeterminant", _batch_scalar_infer, lambda ctx, op, x: jnp.linalg.det(x))
registry.register("LogMatrixDeterminant", _slogdet_infer, _slogdet_lower)
def _lu_solve(ctx, op, a, b, message):
    """Solves a @ x = b through one LU factorisation with partial pivoting, raising TF's error where
    a pivot is exactly zero (Eigen's PartialPivLU check in TF's MatrixInverse/MatrixSolve kernels;
    XLA would return infinities)."""
    lu, _, perm = jax.lax.linalg.lu(a)
    if jnp.size(a):
        ctx.check(op, jnp.all(jnp.abs(jnp.diagonal(lu, axis1=-2, axis2=-1)) > 0), lambda: message)
    rows = jnp.take_along_axis(b, jnp.broadcast_to(perm[..., None], b.shape[:-1] + (1,)), axis=-2)
    y = jax.lax.linalg.triangular_solve(lu, rows, left_side=True, lower=True, unit_diagonal=True)
    return jax.lax.linalg.triangular_solve(lu, y, left_side=True, lower=False)


def _inverse_lower(ctx, op, x):
    a = _adj(x) if op._attrs.get("adjoint") else x
    eye = jnp.broadcast_to(jnp.eye(a.shape[-1], dtype=a.dtype), a.shape)
    return _lu_solve(ctx, op, a, eye, "Input is not invertible.")


def _solve_lower(ctx, op, a, b):
    a = _adj(a) if op._attrs.get("adjoint") else a
    return _lu_solve(ctx, op, a, jnp.broadcast_to(b, a.shape[:-2] + b.shape[-2:]), "Input matrix is not invertible.")


def _cholesky_lower(ctx, op, x):
    # TF 1.15's CPU kernel fails where Eigen's LLT does (XLA gives NaN there).
    chol = jnp.linalg.cholesky(x)
    if jnp.size(x):
        ctx.check(op, jnp.all(jnp.isfinite(chol)) | ~jnp.all(jnp.isfinite(x)),
                  lambda: "Cholesky decomposition was not successful. The input might not be valid.")
    return chol


registry.register("MatrixInverse", _same_square_infer, _inverse_lower)
registry.register("Cholesky", _same_square_infer, _cholesky_lower)
registry.register("MatrixSolve", _solve_infer, _solve_lower)
registry.register("MatrixTriangularSolve", _solve_infer, _triangular_lower)
registry.register("Qr", _qr_infer, _qr_lower)
registry.register("Svd", _svd_infer, _svd_lower)
registry.register("SelfAdjointEigV2", _eig_infer, _eig_lower)


def _gen(op_type, inputs, names, name, attrs=None, allowed=_FLOAT_CPLX):
    with name_scope(name, op_type, [v for v in inputs if isinstance(v, Tensor)]) as scope:
        from .elementwise_ops import check_type, convert_same_type
        ts = convert_same_type(op_type, inputs, names)
        check_type(ts[0], names[0], allowed)
        a = {"T": ts[0].dtype.base_dtype}
        a.update(attrs or {})
        return make_op(op_type, ts, a, name=scope)


@export("matrix_determinant", "linalg.det")
def matrix_determinant(input, name=None):  # noqa: A002
    return _gen("MatrixDeterminant", [input], ["input"], name).outputs[0]


@export("linalg.slogdet")
def slogdet(input, name=None):  # noqa: A002
    op = _gen("LogMatrixDeterminant", [input], ["input"], name)
    return op.outputs[0], op.outputs[1]


@export("matrix_inverse", "linalg.inv")
def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002
    return _gen("MatrixInverse", [input], ["input"], name, {"adjoint": bool(adjoint)}).outputs[0]


@export("cholesky", "linalg.cholesky")
def cholesky(input, name=None):  # noqa: A002
    return _gen("Cholesky", [input], ["input"], name).outputs[0]


@export("matrix_solve", "linalg.solve")
def matrix_solve(matrix, rhs, adjoint=False, name=None):
    return _gen("MatrixSolve", [matrix, rhs], ["matrix", "rhs"], name, {"adjoint": bool(adjoint)}).outputs[0]


@export("matrix_triangular_solve", "linalg.triangular_solve")
def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    return _gen("MatrixTriangularSolve", [matrix, rhs], ["matrix", "rhs"], name,
                {"lower": bool(lower), "adjoint": bool(adjoint)}).outputs[0]


@export("cholesky_solve", "linalg.cholesky_solve")
def cholesky_solve(chol, rhs, name=None):
    with name_scope(name, "cholesky_solve", [chol, rhs]):
        y = matrix_triangular_solve(chol, rhs, adjoint=False, lower=True)
        return matrix_triangular_solve(chol, y, adjoint=True, lower=True)


@export("qr", "linalg.qr")
def qr(input, full_matrices=False, name=None):  # noqa: A002
    op = _gen("Qr", [input], ["input"], name, {"full_matrices": bool(full_matrices)})
    return output_tuple(op, ("q", "r"))


@export("svd", "linalg.svd")
def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    op = _gen("Svd", [tensor], ["input"], name, {"compute_uv": bool(compute_uv),
                                                 "full_matrices": bool(full_matrices)})
    s, u, v = op.outputs
    from .complex_ops import real
    if compute_uv:
        return real(s), u, v
    return real(s)


@export("self_adjoint_eig", "linalg.eigh")
def self_adjoint_eig(tensor, name=None):
    op = _gen("SelfAdjointEigV2", [tensor], ["input"], name, {"compute_v": True})
    return op.outputs[0], op.outputs[1]


@export("self_adjoint_eigvals", "linalg.eigvalsh")
def self_adjoint_eigvals(tensor, name=None):
    return _gen("SelfAdjointEigV2", [tensor], ["input"], name, {"compute_v": False}).outputs[0]


@export("linalg.logdet")
def logdet(matrix, name=None):
    with name_scope(name, "logdet", [matrix]):
        from .complex_ops import real
        chol = cholesky(matrix)
        return 2.0 * math_ops.reduce_sum(math_ops.log(real(matrix_diag_part(chol))), axis=[-1])


@export("matrix_solve_ls", "linalg.lstsq")
def matrix_solve_ls(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """Least squares through the (regularised) normal equations and Cholesky, as TF's fast path;
    the underdetermined case uses the minimum-norm form A^H (A A^H + l2 I)^-1 b."""
    matrix = convert_to_tensor(matrix, name="matrix")
    if matrix.dtype == dtypes.complex128 and l2_regularizer != 0:
        raise ValueError("matrix_solve_ls is currently disabled for complex128 and l2_regularizer != 0 due to "
                         "poor accuracy.")
    with name_scope(name, "matrix_solve_ls", [matrix, rhs, l2_regularizer]):
        d = matrix.get_shape().as_list() if matrix.get_shape().ndims is not None else None
        over = d is None or d[-2] is None or d[-1] is None or d[-2] >= d[-1]
        chol = _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind=over)
        if over:
            return cholesky_solve(chol, math_ops.matmul(matrix, rhs, adjoint_a=True))
        return math_ops.matmul(matrix, cholesky_solve(chol, rhs), adjoint_a=True)


def _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind):
    gramian = math_ops.matmul(matrix, matrix, adjoint_a=first_kind, adjoint_b=not first_kind)
    if isinstance(l2_regularizer, Tensor) or l2_regularizer != 0:
        d = matrix.get_shape().as_list()
        small = d[-1] if first_kind else d[-2]
        identity = eye(small, batch_shape=d[:-2], dtype=matrix.dtype.base_dtype)
        gramian += math_ops.cast(l2_regularizer, matrix.dtype.base_dtype) * identity
    return cholesky(gramian)


# -------------------------------------------------------------------------------------- norm

@export("norm", "linalg.norm")
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    keepdims = bool(deprecated_argument_lookup("keepdims", keepdims, "keep_dims", keep_dims))
    is_matrix_norm = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix_norm:
        axis = tuple(axis)
        if not isinstance(axis[0], int) or not isinstance(axis[1], int) or axis[0] == axis[1]:
            raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique integers, got %s" % (axis,))
        supported = ["euclidean", "fro", 1, 2, np.inf]
        if ord not in supported:
            raise ValueError("'ord' must be a supported matrix norm in %s, got %s" % (supported, ord))
    else:
        if not (isinstance(axis, int) or axis is None):
            raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique integers, got %s" % (axis,))
        supported = ["euclidean", 1, 2, np.inf]
        if (not np.isreal(ord) or ord <= 0) and ord not in supported:
            raise ValueError("'ord' must be a supported vector norm, got %s" % ord)
        if axis is not None:
            axis = (axis,)
    with name_scope(name, "norm", [tensor]):
        tensor = convert_to_tensor(tensor)
        if ord in ["fro", "euclidean", 2, 2.0]:
            if is_matrix_norm and ord in [2, 2.0]:
                result = _matrix_2_norm(tensor, axis)
            else:
                result = math_ops.sqrt(math_ops.reduce_sum(tensor * math_ops.conj(tensor), axis, keepdims=True))
        else:
            result = math_ops.abs(tensor)
            if ord == 1:
                sum_axis = None if axis is None else axis[0]
                result = math_ops.reduce_sum(result, sum_axis, keepdims=True)
                if is_matrix_norm:
                    result = math_ops.reduce_max(result, axis[-1], keepdims=True)
            elif ord == np.inf:
                if is_matrix_norm:
                    result = math_ops.reduce_sum(result, axis[1], keepdims=True)
                max_axis = None if axis is None else axis[0]
                result = math_ops.reduce_max(result, max_axis, keepdims=True)
            else:
                result = math_ops.pow(math_ops.reduce_sum(math_ops.pow(result, ord), axis, keepdims=True),
                                      1.0 / ord)
        if not keepdims:
            result = array_ops.squeeze(result, axis)
        return result


def _matrix_2_norm(tensor, axis):
    """Largest singular value over `axis` (TF builds the permutations with map_fn; the rank is
    static here, so they are constants)."""
    r = tensor.get_shape().ndims
    if r is None:
        raise NotImplementedError("tf1: the matrix 2-norm needs a tensor of known rank")
    pos = [a % r for a in axis]
    perm_before = [i for i in range(r) if i not in pos] + pos
    perm_after = [perm_before.index(i) for i in range(r)]
    permed = array_ops.transpose(tensor, perm=perm_before)
    s = svd(permed, compute_uv=False)
    m2 = array_ops.expand_dims(math_ops.reduce_max(math_ops.abs(s), axis=-1, keepdims=True), axis=-1)
    return array_ops.transpose(m2, perm=perm_after)


# ------------------------------------------------------------------------- tensordot / einsum

def _einsum_infer(op):
    eq = op._attrs["equation"].replace(" ", "")
    shapes = [t.get_shape() for t in op._inputs]
    if "->" not in eq or "." in eq or any(s.ndims is None for s in shapes):
        if all(s.is_fully_defined() for s in shapes):
            out = jax.eval_shape(lambda *xs: jnp.einsum(op._attrs["equation"], *xs),
                                 *[jax.ShapeDtypeStruct(s.as_list(), np.float32) for s in shapes])
            return [(in_dtype(op), TensorShape(list(out.shape)))]
        return [(in_dtype(op), unknown())]
    ins, out = eq.split("->")
    sizes = {}
    for sub, s in zip(ins.split(","), shapes):
        if len(sub) != s.ndims:
            raise shape_error(op, "Input %d has rank %d but the equation subscripts give rank %d"
                              % (len(sizes), s.ndims, len(sub)))
        for ch, dim in zip(sub, s.as_list()):
            sizes[ch] = dim if sizes.get(ch) is None else sizes[ch]
    return [(in_dtype(op), TensorShape([sizes.get(ch) for ch in out]))]


registry.register("Einsum", _einsum_infer, lambda ctx, op, *xs: jnp.einsum(op._attrs["equation"], *xs))


@export("einsum", "linalg.einsum")
def einsum(equation, *inputs, **kwargs):
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("invalid keyword arguments for this function: %s" % ", ".join(sorted(kwargs)))
    with name_scope(name, "einsum", [equation, inputs]):
        from .elementwise_ops import convert_same_type
        ts = convert_same_type("Einsum", list(inputs), ["inputs"] * len(inputs))
        return op_output("Einsum", ts, {"equation": equation, "N": len(ts), "T": ts[0].dtype.base_dtype})


def _tensordot_axes(a, axes):
    shape = a.get_shape()
    if isinstance(axes, numbers.Integral):
        if axes < 0:
            raise ValueError("'axes' must be at least 0.")
        if shape.ndims is None:
            return None
        if axes > shape.ndims:
            raise ValueError("'axes' must not be larger than the number of dimensions of tensor %s." % a)
        return list(range(shape.ndims - axes, shape.ndims)), list(range(axes))
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError("'axes' must be an integer or have length 2.")
        a_axes, b_axes = axes
        if isinstance(a_axes, numbers.Integral) and isinstance(b_axes, numbers.Integral):
            a_axes, b_axes = [a_axes], [b_axes]
        if len(a_axes) != len(b_axes):
            raise ValueError("Different number of contraction axes 'a' and 'b', %s != %s." %
                             (len(a_axes), len(b_axes)))
        return list(a_axes), list(b_axes)
    v = constant_value(convert_to_tensor(axes, name="axes", dtype=dtypes.int32))
    if v is None:
        return None
    return [int(i) for i in v[0]], [int(i) for i in v[1]]


def _tensordot_reshape(a, axes, flipped=False):
    shape_a = a.get_shape().as_list()
    axes = [i if i >= 0 else i + len(shape_a) for i in axes]
    free = [i for i in range(len(shape_a)) if i not in axes]
    free_dims = [shape_a[i] for i in free]
    prod_free = int(np.prod([shape_a[i] for i in free]))
    prod_axes = int(np.prod([shape_a[i] for i in axes]))
    perm = list(axes) + free if flipped else free + list(axes)
    new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
    a_trans = array_ops.transpose(a, perm) if perm != list(range(len(shape_a))) else a
    if a_trans.get_shape().as_list() != new_shape:
        return array_ops.reshape(a_trans, new_shape), free_dims
    return a_trans, free_dims


@export("tensordot", "linalg.tensordot")
def tensordot(a, b, axes, name=None):
    with name_scope(name, "Tensordot", [a, b, axes]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        ax = _tensordot_axes(a, axes)
        if ax is not None and a.get_shape().is_fully_defined() and b.get_shape().is_fully_defined():
            a_reshape, a_free = _tensordot_reshape(a, ax[0])
            b_reshape, b_free = _tensordot_reshape(b, ax[1], True)
            ab = math_ops.matmul(a_reshape, b_reshape)
            if ab.get_shape().as_list() == a_free + b_free:
                return ab
            return array_ops.reshape(ab, a_free + b_free, name=scope)
        # Shapes known only at run time: the same contraction as one Einsum (TF builds it from
        # Shape/Gather/Reshape ops; the values agree).
        ra, rb = a.get_shape().ndims, b.get_shape().ndims
        if ax is None or ra is None or rb is None:
            raise NotImplementedError("tf1: tensordot needs inputs of known rank and constant axes")
        letters = "abcdefghijklmnopqrstuvwxyz"
        sa = list(letters[:ra])
        sb = list(letters[ra:ra + rb])
        for i, j in zip(ax[0], ax[1]):
            sb[j % rb] = sa[i % ra]
        out = [c for i, c in enumerate(sa) if i not in [x % ra for x in ax[0]]] + \
              [c for j, c in enumerate(sb) if j not in [x % rb for x in ax[1]]]
        return op_output("Einsum", [a, b], {"equation": "%s,%s->%s" % ("".join(sa), "".join(sb), "".join(out)),
                                            "N": 2, "T": a.dtype.base_dtype}, name=scope)


del broadcast_shapes


# ------------------------------------------------------------ matrix functions and LU

def _lu_infer(op):
    batch, m = _square(op)
    if batch is None:
        return [(in_dtype(op), unknown()), (op._attrs["output_idx_type"], unknown())]
    return [(in_dtype(op), TensorShape(batch + [m, m])), (op._attrs["output_idx_type"], TensorShape(batch + [m]))]


def _lu_lower(ctx, op, x):
    lu, _, perm = jax.lax.linalg.lu(x)
    return lu, perm.astype(op._attrs["output_idx_type"].as_numpy_dtype)


registry.register("Lu", _lu_infer, _lu_lower, differentiable=None)  # TF 1.15: no Lu gradient
registry.register("MatrixExponential", _same_square_infer,
                  lambda ctx, op, x: jax.vmap(jax.scipy.linalg.expm)(x.reshape((-1,) + x.shape[-2:])).reshape(x.shape))
registry.register("MatrixSquareRoot", _same_square_infer,
                  lambda ctx, op, x: jnp.stack([jax.scipy.linalg.sqrtm(m) for m in
                                                jnp.reshape(x, (-1,) + x.shape[-2:])]).reshape(x.shape).astype(x.dtype))


@export("linalg.lu")
def lu(input, output_idx_type=dtypes.int32, name=None):  # noqa: A002
    op = _gen("Lu", [input], ["input"], name, {"output_idx_type": dtypes.as_dtype(output_idx_type)})
    return output_tuple(op, ("lu", "p"))


@export("linalg.expm")
def matrix_exponential(input, name=None):  # noqa: A002
    """One MatrixExponential op (TF 1.15 builds the Pade approximant from matmuls; same values)."""
    with name_scope(name, "matrix_exponential", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        return op_output("MatrixExponential", [x], {"T": x.dtype.base_dtype}, name=scope)


@export("linalg.sqrtm")
def matrix_square_root(input, name=None):  # noqa: A002
    return _gen("MatrixSquareRoot", [input], ["input"], name).outputs[0]
