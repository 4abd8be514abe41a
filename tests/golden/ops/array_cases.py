"""Graph-building cases for tf1's shape/indexing/sparse/random-extra surface, shared by the golden
recorder (make_array.py, real TensorFlow) and the tests (tests/ops/test_array_ops.py, tf1).

Each case is `fn(tf) -> (fetches, feeds)`: `fetches` maps a key to a Tensor or a list of Tensors,
`feeds` maps placeholders to numpy values. Keys starting with `grad` hold gradients: values, dtypes
and shapes are compared, not names. ERRORS must raise while the graph is built; RUN_ERRORS raise
in `Session.run`; their exception class and message (first line) are recorded.
Cases in TF115_OPS build a graph where TF 1.15 differs from the TF 2.x oracle: their op list is
given here (from TF 1.15's source) instead of the recorded one (None: not compared), with the
fetched tensors' names in TF115_NAMES; TF115_RENAMES maps oracle op names to TF 1.15's where only
a name differs. The oracle builds `AddV2` for `+` and tf.add alike; TF 1.15 for `+` only (the tests compare Add/AddV2 as one).
Random cases fetch only seed-independent facts (shapes, sorted values, ranges).
"""
import numpy as np

from golden_io import registrar

_rng = np.random.RandomState(0)
X46 = np.arange(24, dtype=np.float32).reshape(4, 6)
X234 = _rng.normal(size=(2, 3, 4)).astype(np.float32)
X1443 = np.arange(48, dtype=np.float32).reshape(1, 4, 4, 3)
X4223 = np.arange(48, dtype=np.float32).reshape(4, 2, 2, 3)
I5 = np.array([4, 2, 4, 1, 2], dtype=np.int32)

CASES = {}
ERRORS = {}
RUN_ERRORS = {}
TF115_OPS = {}
TF115_NAMES = {}
TF115_RENAMES = {}
TF115_ERRORS = {}  # build errors where TF 1.15's message differs from the TF 2.x oracle's

case = registrar(CASES)
error = registrar(ERRORS)
run_error = registrar(RUN_ERRORS)


def _x(tf, shape=(4, 6), dtype=None, name="x"):
    return tf.placeholder(dtype or tf.float32, shape, name=name)


def _grad(tf, y, x):
    g = tf.gradients(tf.reduce_sum(y * y), x)[0]
    with tf.name_scope("gradients_dense"):  # TF's gather gradient is IndexedSlices
        return tf.convert_to_tensor(g)


# ------------------------------------------------------------------------------------ split

@case
def split_int(tf):
    x = _x(tf)
    return {"out": tf.split(x, 2, 1), "after": tf.constant(1.0)}, {x: X46}


# TF 1.15 converts `num_or_size_splits` to a tensor before choosing Split (an unused "Const").
TF115_OPS["split_int"] = [["x", "Placeholder"], ["Const", "Const"], ["split/split_dim", "Const"],
                          ["split", "Split"], ["Const_1", "Const"]]
TF115_NAMES["split_int"] = {"after": ["Const_1:0"]}


@case
def split_sizes(tf):
    x = _x(tf)
    return {"out": tf.split(x, [1, -1], 1), "b": tf.split(x, [1, 3], 0, name="rows")}, {x: X46}


@case
def split_unknown_dim(tf):
    x = _x(tf, (None, 6))
    return {"out": tf.split(x, [1, 2, 3], axis=1), "b": tf.split(x, [2, 4], axis=1)}, {x: X46}


@case
def split_grad(tf):
    x = _x(tf)
    a, b = tf.split(x, [2, 4], 1)
    return {"grad": _grad(tf, a * 3.0 + tf.reduce_sum(b), x)}, {x: X46}


# ------------------------------------------------------------------------------------ slice

@case
def slice_basic(tf):
    x = _x(tf)
    return {"a": tf.slice(x, [1, 0], [2, -1]), "b": tf.slice(x, [0, 2], [4, 3], name="s"),
            "c": tf.slice(tf.constant(X234), [1, 0, 0], [1, 1, 3])}, {x: X46}


@case
def slice_unknown(tf):
    x = _x(tf, (None, 6))
    b = tf.placeholder(tf.int32, [2], name="b")
    return {"a": tf.slice(x, [1, 0], [2, -1]), "b": tf.slice(x, b, [2, 3])}, {x: X46, b: np.array([1, 2], np.int32)}


@case
def slice_grad(tf):
    x = _x(tf)
    return {"grad": _grad(tf, tf.slice(x, [1, 1], [2, 3]), x)}, {x: X46}


# ----------------------------------------------------------------------------------- gather

@case
def gather_basic(tf):
    x = _x(tf)
    return {"a": tf.gather(x, [1, 0, 3]), "b": tf.gather(x, [[1, 0]], axis=1),
            "c": tf.gather(np.arange(6.0).reshape(3, 2), [2, 0]),
            "d": tf.gather(x, tf.constant([2, 2], dtype=tf.int64), axis=-1)}, {x: X46}


@case
def gather_batch_dims(tf):
    p = tf.constant(X234)
    return {"a": tf.gather(p, [[0, 2], [1, 1]], axis=1, batch_dims=1),
            "b": tf.gather(p, [[0, 3, 1], [2, 2, 0]], axis=2, batch_dims=1)}, {}


@case
def gather_unknown(tf):
    x = _x(tf, (None, 6))
    i = tf.placeholder(tf.int32, [None], name="i")
    return {"a": tf.gather(x, i), "b": tf.gather(x, i, axis=1)}, {x: X46, i: np.array([1, 2], np.int32)}


@case
def gather_grad(tf):
    x = _x(tf)
    return {"grad": _grad(tf, tf.gather(x, [1, 1, 3]), x),
            "grad_ax": _grad(tf, tf.gather(x, [0, 5], axis=1), x)}, {x: X46}


@case
def gather_nd_basic(tf):
    x = _x(tf)
    return {"a": tf.gather_nd(x, [[1, 0], [2, 2]]), "b": tf.gather_nd(x, [[1], [3]]),
            "c": tf.gather_nd(tf.constant(X234), [[[0, 1]], [[1, 2]]])}, {x: X46}


@case
def gather_nd_grad(tf):
    x = _x(tf)
    return {"grad": _grad(tf, tf.gather_nd(x, [[1, 0], [1, 0], [3, 5]]), x)}, {x: X46}


# ---------------------------------------------------------------------------------- scatter

@case
def scatter_nd_basic(tf):
    return {"a": tf.scatter_nd([[1], [2], [1]], [1.0, 2.0, 3.0], [4]),
            "b": tf.scatter_nd([[0], [2]], [[1, 2], [3, 4]], tf.constant([3, 2]))}, {}


@case
def tensor_scatter(tf):
    x = _x(tf)
    return {"upd": tf.tensor_scatter_update(x, [[1], [3]], tf.ones([2, 6])),
            "add": tf.tensor_scatter_add(x, [[0, 0], [0, 0], [2, 1]], [1.0, 2.0, 3.0]),
            "sub": tf.tensor_scatter_sub(x, [[3, 5]], [100.0])}, {x: X46}


# ---------------------------------------------------------------------------------- one_hot

@case
def one_hot_basic(tf):
    i = tf.placeholder(tf.int32, [None], name="i")
    return {"a": tf.one_hot([1, 2, -1, 5], 3), "b": tf.one_hot(i, 3, on_value=5, off_value=1, axis=0),
            "c": tf.one_hot([[0, 1], [2, 0]], 3, axis=1, dtype=tf.float64),
            "d": tf.one_hot(i, 4, on_value=2.0, name="oh")}, {i: np.array([0, 2], np.int32)}


# --------------------------------------------------------------------------------- tile/pad

@case
def tile_basic(tf):
    x = _x(tf, (None, 6))
    return {"a": tf.tile(x, [2, 1]), "b": tf.tile(tf.constant([[1, 2]]), [2, 3])}, {x: X46[:2]}


@case
def tile_grad(tf):
    x = _x(tf)
    return {"grad": _grad(tf, tf.tile(x, [2, 3]), x)}, {x: X46}


@case
def pad_modes(tf):
    x = _x(tf)
    t = tf.constant([[1, 2], [1, 2]])
    p = [[1, 1], [2, 0]]
    return {"c": tf.pad(x, p), "cv": tf.pad(x, p, constant_values=3), "r": tf.pad(x, p, "REFLECT"),
            "s": tf.pad(x, p, mode="symmetric"), "t": tf.pad(t, tf.constant([[1, 1], [1, 1]]), "CONSTANT"),
            "tr": tf.pad(t, [[1, 1], [1, 1]], "REFLECT"), "ts": tf.pad(t, [[1, 1], [1, 1]], "SYMMETRIC")}, {x: X46}


@case
def pad_unknown(tf):
    x = _x(tf, (None, 6))
    return {"a": tf.pad(x, [[1, 2], [0, 1]])}, {x: X46}


@case
def pad_grad(tf):
    x = _x(tf)
    return {"grad": _grad(tf, tf.pad(x, [[1, 1], [2, 0]]), x),
            "grad_r": _grad(tf, tf.pad(x, [[1, 1], [2, 0]], "REFLECT"), x)}, {x: X46}


# ---------------------------------------------------------------------------------- reverse

@case
def reverse_ops(tf):
    x = _x(tf)
    return {"a": tf.reverse(x, [1]), "b": tf.reverse_v2(x, [0, -1]),
            "c": tf.reverse_sequence(x, [1, 2, 3, 4], seq_axis=1, batch_axis=0),
            "d": tf.reverse_sequence(tf.constant(X234), [2, 0, 4], 2, 1)}, {x: X46}


@case
def reverse_grad(tf):
    x = _x(tf)
    return {"grad": _grad(tf, tf.reverse(x, [1]) * tf.constant(X46), x)}, {x: X46}


# ----------------------------------------------------------------------- masks and partitions

@case
def boolean_mask_basic(tf):
    x = _x(tf)
    return {"a": tf.boolean_mask(x, [True, False, True, True]),
            "b": tf.boolean_mask(x, [True, False, True, True, False, True], axis=1),
            "c": tf.boolean_mask(tf.constant(X234), [[True, False, True], [False, False, True]])}, {x: X46}


@case
def unique_ops(tf):
    return {"u": tf.unique(I5), "w": tf.unique_with_counts(tf.constant(I5), out_idx=tf.int64)}, {}


@case
def sequence_mask_ops(tf):
    return {"a": tf.sequence_mask([1, 3], 4), "b": tf.sequence_mask(tf.constant([[1, 0], [2, 4]]), 5),
            "c": tf.sequence_mask([2, 1], 3, dtype=tf.float32)}, {}


@case
def partition_stitch(tf):
    x = _x(tf)
    parts = tf.dynamic_partition(x, [0, 1, 0, 1], 2)
    return {"p": parts, "s": tf.dynamic_stitch([[0, 2], [1]], [[1.0, 2.0], [3.0]]),
            "back": tf.dynamic_stitch([[0, 2], [1, 3]], parts)}, {x: X46}


@case
def setdiff_invperm(tf):
    return {"d": tf.setdiff1d([1, 2, 3, 4, 2], [2, 4]), "p": tf.invert_permutation([2, 0, 3, 1])}, {}


# ------------------------------------------------------------------------------- broadcasts

@case
def broadcast_ops(tf):
    x = _x(tf, (1, 6))
    return {"a": tf.broadcast_to(x, [3, 6]), "b": tf.broadcast_dynamic_shape([1, 6], [3, 1]),
            "c": tf.broadcast_dynamic_shape(tf.shape(x), [2, 4, 1])}, {x: X46[:1]}


@case
def meshgrid_ops(tf):
    return {"xy": tf.meshgrid([1, 2, 3], [4, 5]), "ij": tf.meshgrid([1.0, 2.0], [3.0, 4.0, 5.0], indexing="ij")}, {}


# ----------------------------------------------------------------- space / depth / batch ND

@case
def depth_space(tf):
    x = tf.constant(X1443)
    return {"s2d": tf.space_to_depth(x, 2), "d2s": tf.depth_to_space(tf.constant(X1443.reshape(1, 2, 2, 12)), 2),
            "rt": tf.depth_to_space(tf.space_to_depth(x, 2), 2)}, {}


@case
def batch_space(tf):
    x = tf.constant(X1443)
    y = tf.constant(X4223)
    return {"s2b": tf.space_to_batch(x, [[0, 0], [0, 0]], 2), "s2bnd": tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]]),
            "b2s": tf.batch_to_space(y, [[0, 0], [0, 0]], 2), "b2snd": tf.batch_to_space_nd(y, [2, 2], [[0, 1], [1, 0]]),
            "s2b1": tf.space_to_batch_nd(tf.constant(X46.reshape(1, 4, 6)), [2], [[0, 0]])}, {}


# ------------------------------------------------------------------------- linspace/shape_n

@case
def linspace_ops(tf):
    return {"a": tf.linspace(0.0, 1.0, 5), "b": tf.lin_space(tf.constant(-1.0, tf.float64), 2.0, 4)}, {}


# TF 1.15: `linspace` is the LinSpace op itself (TF 2 rewrote it in Python ops).
TF115_OPS["linspace_ops"] = [["LinSpace/start", "Const"], ["LinSpace/stop", "Const"], ["LinSpace/num", "Const"],
                             ["LinSpace", "LinSpace"], ["Const", "Const"], ["LinSpace_1/stop", "Const"],
                             ["LinSpace_1/num", "Const"], ["LinSpace_1", "LinSpace"]]
TF115_NAMES["linspace_ops"] = {"a": ["LinSpace:0"], "b": ["LinSpace_1:0"]}


@case
def shape_n_op(tf):
    x = _x(tf, (None, 6))
    return {"a": tf.shape_n([x, tf.constant([1.0, 2.0])])}, {x: X46}


# ----------------------------------------------------------------------------- __getitem__

_SPECS = [
    "[1]", "[-1]", "[1:3]", "[:, 2]", "[::2]", "[::-1]", "[3:0:-2]", "[..., 1]", "[1, ...]",
    "[tf.newaxis]", "[:, tf.newaxis, 1]", "[..., tf.newaxis]", "[1:, :-1]", "[-3:-1, ::-2]",
    "[:, 5:1:-1]", "[10:]", "[:-10]", "[2, 3]", "[1:2, 4]", "[None, ..., None]", "[-2, ::3]",
]
_SPECS3 = ["[..., 0, :]", "[0, ..., 1:3]", "[:, None, ..., -1]", "[1, 2, 3]", "[::-1, ::-1, ::-1]",
           "[:, 1:, tf.newaxis, ::2]", "[..., tf.newaxis, 2:, tf.newaxis]"]


@case
def getitem_specs(tf):
    x = _x(tf)
    y = tf.constant(X234)
    out = {}
    for i, s in enumerate(_SPECS):
        out["x%02d" % i] = eval("x" + s, {"x": x, "tf": tf})
    for i, s in enumerate(_SPECS3):
        out["y%02d" % i] = eval("y" + s, {"y": y, "tf": tf})
    return out, {x: X46}


@case
def getitem_unknown(tf):
    x = _x(tf, (None, None))
    i = tf.placeholder(tf.int32, [], name="i")
    return {"a": x[1:], "b": x[:, 2], "c": x[..., ::-1], "d": x[i], "e": x[:, tf.newaxis],
            "f": x[i, 1:3], "g": tf.constant(X46)[i]}, {x: X46, i: np.int32(2)}


@case
def getitem_grad(tf):
    x = _x(tf)
    return {"grad": _grad(tf, x[1:3, ::-2], x), "grad2": _grad(tf, x[2], x)}, {x: X46}


# -------------------------------------------------------------------------------- sparse

def _sp(tf):
    return tf.SparseTensor([[0, 1], [1, 0], [1, 2]], [1.0, 2.0, 3.0], [2, 3])


def _parts(sp):
    return [sp.indices, sp.values, sp.dense_shape]


@case
def sparse_to_dense_ops(tf):
    sp = _sp(tf)
    return {"a": tf.sparse_tensor_to_dense(sp), "b": tf.sparse.to_dense(sp, default_value=-1.0),
            "c": tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6]),
            "d": tf.sparse_to_dense([1, 3], [5], 1.0, default_value=0.5)}, {}


# TF 1.15's sparse_tensor_to_dense passes `default_value=0` to the op (TF 2: a "zeros" Const).
TF115_RENAMES["sparse_to_dense_ops"] = {"zeros": "SparseToDense/default_value"}


@case
def sparse_add_ops(tf):
    a = _sp(tf)
    b = tf.SparseTensor([[0, 1], [0, 2]], [10.0, 20.0], [2, 3])
    return {"ss": _parts(tf.sparse_add(a, b)), "sd": tf.sparse_add(a, tf.ones([2, 3])),
            "ds": tf.sparse.add(tf.ones([2, 3]), b)}, {}


@case
def sparse_matmul_ops(tf):
    a = _sp(tf)
    m = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
    return {"a": tf.sparse_tensor_dense_matmul(a, m),
            "b": tf.sparse.sparse_dense_matmul(a, tf.constant(np.ones((2, 4), np.float32)), adjoint_a=True)}, {}


@case
def sparse_reshape_concat(tf):
    a = _sp(tf)
    b = tf.SparseTensor([[0, 0]], [7.0], [2, 1])
    return {"r": _parts(tf.sparse_reshape(a, [3, -1])), "c": _parts(tf.sparse_concat(1, [a, b])),
            "c0": _parts(tf.sparse.concat(0, [a, a]))}, {}


@case
def sparse_reduce_retain(tf):
    a = _sp(tf)
    return {"s1": tf.sparse_reduce_sum(a, 1), "s": tf.sparse_reduce_sum(a),
            "sk": tf.sparse_reduce_sum(a, 0, keepdims=True), "r": _parts(tf.sparse_retain(a, [True, False, True]))}, {}


@case
def sparse_fill_rows(tf):
    a = tf.SparseTensor([[0, 1], [2, 0]], [1.0, 2.0], [4, 3])
    sp, empty = tf.sparse_fill_empty_rows(a, -1.0)
    return {"f": _parts(sp), "e": empty}, {}


@case
def sparse_placeholder_feed(tf):
    sp = tf.sparse_placeholder(tf.float32)
    val = tf.SparseTensorValue(np.array([[0, 0], [1, 2]], np.int64), np.array([1.0, 2.0], np.float32),
                               np.array([2, 3], np.int64))
    return {"a": tf.sparse_tensor_to_dense(sp), "i": sp.indices, "s": sp.dense_shape * 2}, {sp: val}


TF115_RENAMES["sparse_placeholder_feed"] = {"zeros": "SparseToDense/default_value"}


# -------------------------------------------------------------------------- random extras

@case
def random_extras(tf):
    x = tf.constant(X46)
    sh = tf.random_shuffle(x, seed=3)
    m = tf.multinomial(tf.log([[0.5, 0.5, 0.0]]), 20, seed=1)
    c = tf.random.categorical(tf.constant([[0.0, -1e9], [-1e9, 0.0]]), 5)
    g = tf.random_gamma([3], [1.0, 2.0], seed=2)
    p = tf.random_poisson([1.0, 2.0], [5], seed=4)
    cr = tf.random_crop(x, [2, 3], seed=5)
    return {"sorted": tf.reduce_sum(sh, 0), "m_shape": tf.shape(m), "m_ok": tf.reduce_all(m < 2), "m": m * 0,
            "c": c, "g_pos": tf.reduce_all(g > 0), "g": g * 0, "p": p * 0, "p_int": tf.reduce_all(tf.equal(p, tf.round(p))),
            "crop": cr * 0, "crop_ok": tf.equal(tf.reduce_max(cr) - tf.reduce_min(cr), 8.0)}, {}


# TF 2 rewrote random_gamma's broadcasting (BroadcastArgs/BroadcastTo); TF 1.15 adds zeros_like(beta).
TF115_OPS["random_extras"] = None


# --------------------------------------------------------------------------------- errors

@error
def err_split_uneven(tf):
    tf.split(tf.placeholder(tf.float32, (4, 6), name="x"), 4, 1)


@run_error
def run_slice_size(tf):
    x = tf.placeholder(tf.float32, (4, 6), name="x")
    return tf.slice(x, [1, 0], [4, -1]), {x: X46}


@error
def err_tile_rank(tf):
    tf.tile(tf.placeholder(tf.float32, (4, 6), name="x"), [2, 1, 1])


@error
def err_gather_indices_type(tf):
    tf.gather(tf.placeholder(tf.float32, (4, 6), name="x"), [1.0, 2.0])


# TF 1.15's GatherV2 took int32/int64 indices only (int16 came in TF 2).
TF115_ERRORS["err_gather_indices_type"] = (
    "TypeError", "Value passed to parameter 'indices' has DataType float32 not in list of allowed values: "
                 "int32, int64")


@error
def err_one_hot_dtype(tf):
    tf.one_hot([1], 3, on_value=1.0, dtype=tf.int32)


@error
def err_boolean_mask_scalar(tf):
    tf.boolean_mask(tf.constant([1, 2]), True)


@error
def err_pad_mode(tf):
    tf.pad(tf.constant([[1]]), [[1, 1], [1, 1]], "EDGE")


TF115_ERRORS["err_pad_mode"] = ("ValueError", "Unknown padding mode: EDGE")


@error
def err_pad_rank(tf):
    tf.pad(tf.placeholder(tf.float32, (4, 6), name="x"), [[1, 1]])


@error
def err_space_to_depth(tf):
    tf.space_to_depth(tf.placeholder(tf.float32, (1, 5, 4, 3), name="x"), 2)


@error
def err_unique_rank(tf):
    tf.unique(tf.constant([[1, 2], [3, 4]]))


@error
def err_linspace_int(tf):
    tf.linspace(0, 1, 5)


# TF 1.15's LinSpace is the op itself, which takes only floating-point start/stop.
TF115_ERRORS["err_linspace_int"] = ("TypeError", "Value passed to parameter 'start' has DataType int32 not in "
                                                 "list of allowed values: bfloat16, float32, float64")


@error
def err_broadcast_static(tf):
    tf.broadcast_static_shape(tf.TensorShape([2, 3]), tf.TensorShape([4, 3]))


# TF 1.15's common_shapes.broadcast_shape message.
TF115_ERRORS["err_broadcast_static"] = ("ValueError", "Incompatible shapes for broadcasting: (2, 3) and (4, 3)")


@error
def err_getitem_float(tf):
    tf.constant([1, 2])[1.5]


@error
def err_getitem_range(tf):
    tf.constant([[1, 2]])[3]


@error
def err_shape_n_types(tf):
    tf.shape_n([tf.constant([1.0]), tf.constant([1, 2])])
