"""Which ops `tf.gradients` differentiates, and how: shared by the golden recorder
(make_fidelity.py, real TensorFlow) and tests/ops/test_fidelity_s5_grads.py (tf1).

Each case is `fn(tf, x) -> (y, xs)`: `x` is a float32 [2, 3] placeholder fed with X; the outcome of
`tf.gradients(y, xs)` is recorded per x as None, the gradient's value, or (for the whole call) the
exception class and message that TF raises while building the gradient graph.
TF 1.15 wins where the TF 2.x oracle differs: TF115 holds those outcomes, read from TF 1.15's
math_grad.py/array_grad.py/image_grad.py.
"""
import numpy as np

X = np.array([[-1.5, 0.25, 2.0], [0.5, -0.75, 1.25]], np.float32)
XPOS = np.abs(X) * 0.5 + 0.1          # inside (0, 1): valid for log/acos/atanh/...

CASES = {}
TF115 = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _un(name, path, positive=False):
    def fn(tf, x):
        f = tf
        for p in path.split("."):
            f = getattr(f, p)
        xin = x * 0.5 + 0.1 if not positive else tf.abs(x) * 0.5 + 0.1
        return f(xin), [x]
    fn.__name__ = name
    CASES[name] = fn


for _n, _p, _pos in [
        ("abs", "abs", 0), ("neg", "negative", 0), ("exp", "exp", 0), ("log", "log", 1),
        ("sqrt", "sqrt", 1), ("rsqrt", "rsqrt", 1), ("square", "square", 0), ("sign", "sign", 0),
        ("floor", "floor", 0), ("ceil", "ceil", 0), ("round", "round", 0), ("rint", "math.rint", 0),
        ("reciprocal", "math.reciprocal", 1), ("log1p", "log1p", 1), ("expm1", "expm1", 0),
        ("sigmoid", "sigmoid", 0), ("tanh", "tanh", 0), ("sin", "sin", 0), ("cos", "cos", 0),
        ("tan", "tan", 0), ("asin", "asin", 1), ("acos", "acos", 1), ("atan", "atan", 0),
        ("sinh", "sinh", 0), ("cosh", "cosh", 0), ("asinh", "asinh", 0), ("atanh", "atanh", 1),
        ("erf", "erf", 0), ("erfc", "erfc", 0), ("lgamma", "lgamma", 1), ("digamma", "digamma", 1),
        ("softplus", "nn.softplus", 0), ("softsign", "nn.softsign", 0), ("relu", "nn.relu", 0),
        ("relu6", "nn.relu6", 0), ("elu", "nn.elu", 0), ("selu", "nn.selu", 0),
        ("leaky_relu", "nn.leaky_relu", 0), ("zeros_like", "zeros_like", 0),
        ("ones_like", "ones_like", 0), ("stop_gradient", "stop_gradient", 0),
        ("identity", "identity", 0), ("cumsum", "cumsum", 0), ("cumprod", "cumprod", 0),
        ("reduce_sum", "reduce_sum", 0), ("reduce_max", "reduce_max", 0),
        ("reduce_prod", "reduce_prod", 0), ("softmax", "nn.softmax", 0),
        ("log_softmax", "nn.log_softmax", 0), ("l2_normalize", "nn.l2_normalize", 0),
        ("bessel_i0e", "math.bessel_i0e", 0), ("bessel_i1e", "math.bessel_i1e", 0),
        ("erfinv", "math.erfinv", 1), ("ndtri", "math.ndtri", 1),
        ("reduce_euclidean_norm", "math.reduce_euclidean_norm", 0),
        ("matrix_transpose", "matrix_transpose", 0)]:
    _un(_n, _p, _pos)


def _bin(name, path, positive=False):
    def fn(tf, x):
        f = tf
        for p in path.split("."):
            f = getattr(f, p)
        a = tf.abs(x) + 0.5 if positive else x
        b = tf.abs(x) * 0.5 + 0.75
        return f(a, b), [x]
    fn.__name__ = name
    CASES[name] = fn


for _n, _p, _pos in [
        ("add", "add", 0), ("sub", "subtract", 0), ("mul", "multiply", 0), ("div", "div", 0),
        ("truediv", "truediv", 0), ("realdiv", "realdiv", 0), ("floordiv", "floordiv", 0),
        ("floor_div", "floor_div", 0), ("truncatediv", "truncatediv", 0),
        ("floormod", "floormod", 0), ("truncatemod", "truncatemod", 0), ("pow", "pow", 1),
        ("maximum", "maximum", 0), ("minimum", "minimum", 0),
        ("squared_difference", "squared_difference", 0), ("div_no_nan", "div_no_nan", 0),
        ("atan2", "atan2", 0), ("xdivy", "math.xdivy", 0), ("xlogy", "math.xlogy", 0),
        ("igamma", "math.igamma", 1), ("igammac", "math.igammac", 1)]:
    _bin(_n, _p, _pos)


@case
def zeta_q(tf, x):
    # TF's Zeta gradient is None for x (only q has one).
    return tf.math.zeta(3.0, tf.abs(x) * 0.5 + 0.75), [x]


@case
def polygamma_x(tf, x):
    # TF's Polygamma gradient is None for n.
    return tf.math.polygamma(2.0, tf.abs(x) * 0.5 + 0.75), [x]


def _cmp(name, path):
    def fn(tf, x):
        f = tf
        for p in path.split("."):
            f = getattr(f, p)
        return tf.cast(f(x, 0.0), tf.float32) * x, [x]
    fn.__name__ = name
    CASES[name] = fn


for _n, _p in [("equal", "equal"), ("not_equal", "not_equal"), ("less", "less"),
               ("less_equal", "less_equal"), ("greater", "greater"),
               ("greater_equal", "greater_equal")]:
    _cmp(_n, _p)


@case
def cast_to_int(tf, x):
    return tf.cast(x * 3.0, tf.int32), [x]


@case
def cast_int_to_float(tf, x):
    return tf.cast(tf.cast(x, tf.int32), tf.float32), [x]


@case
def cast_to_double(tf, x):
    return tf.cast(x, tf.float64) * 2.0, [x]


@case
def argmax(tf, x):
    return tf.argmax(x, 1), [x]


@case
def argmin_cast(tf, x):
    return tf.cast(tf.argmin(x, 1), tf.float32), [x]


@case
def shape_of(tf, x):
    return tf.cast(tf.shape(x), tf.float32), [x]


@case
def size_of(tf, x):
    return tf.cast(tf.size(x), tf.float32), [x]


@case
def is_nan(tf, x):
    return tf.cast(tf.is_nan(x), tf.float32), [x]


@case
def one_hot_on_value(tf, x):
    return tf.one_hot([0, 2], 3, on_value=tf.reduce_sum(x), off_value=0.0), [x]


@case
def linspace_start(tf, x):
    return tf.linspace(tf.reduce_sum(x), 5.0, 4), [x]


@case
def range_start(tf, x):
    return tf.range(tf.reduce_min(x), 5.0, 1.0), [x]


@case
def where_select(tf, x):
    return tf.where(x > 0, x * 2.0, x * x), [x]


@case
def clip_by_value(tf, x):
    return tf.clip_by_value(x, -0.5, 1.0), [x]


@case
def top_k_values(tf, x):
    return tf.nn.top_k(x, 2).values, [x]


@case
def gather_rows(tf, x):
    return tf.gather(x, [1, 0, 1]), [x]


@case
def segment_prod(tf, x):
    return tf.math.segment_prod(x, [0, 0]), [x]


@case
def unsorted_segment_prod(tf, x):
    return tf.math.unsorted_segment_prod(x, [0, 0], 2), [x]


@case
def unique_values(tf, x):
    return tf.unique(tf.reshape(x, [-1])).y, [x]


@case
def unique_through_cast(tf, x):
    return tf.cast(tf.unique(tf.reshape(x, [-1])).idx, tf.float32), [x]


@case
def adjust_hue(tf, x):
    img = tf.reshape(tf.abs(x) * 0.3, [1, 2, 3])
    return tf.image.adjust_hue(img, 0.2), [x]


@case
def adjust_saturation(tf, x):
    img = tf.reshape(tf.abs(x) * 0.3, [1, 2, 3])
    return tf.image.adjust_saturation(img, 0.5), [x]


@case
def adjust_contrast(tf, x):
    img = tf.reshape(tf.abs(x) * 0.3, [1, 2, 3])
    return tf.image.adjust_contrast(img, 0.5), [x]


@case
def adjust_hue_behind_stop(tf, x):
    # No gradient reaches AdjustHue (its consumer has none): TF raises nothing.
    img = tf.reshape(tf.abs(x) * 0.3, [1, 2, 3])
    return tf.reduce_sum(tf.cast(tf.argmax(tf.image.adjust_hue(img, 0.2), 2), tf.float32)) + x, [x]


@case
def resize_area(tf, x):
    img = tf.reshape(x, [1, 2, 3, 1])
    return tf.image.resize_area(img, [4, 6]), [x]


@case
def resize_bilinear(tf, x):
    img = tf.reshape(x, [1, 2, 3, 1])
    return tf.image.resize_bilinear(img, [4, 6]), [x]


@case
def assign_value(tf, x):
    v = tf.Variable(np.zeros([2, 3], np.float32), name="v")
    return tf.assign(v, x * 2.0), [x]


@case
def bincount_weights(tf, x):
    return tf.math.bincount([0, 1, 1, 2, 0, 2], weights=tf.reshape(x, [-1])), [x]


@case
def histogram_fixed_width(tf, x):
    return tf.cast(tf.histogram_fixed_width(x, [-2.0, 2.0], nbins=4), tf.float32), [x]


@case
def matrix_inverse(tf, x):
    m = tf.matmul(x, x, transpose_b=True) + tf.eye(2)
    return tf.matrix_inverse(m), [x]


@case
def einsum_ij(tf, x):
    return tf.einsum("ij,kj->ik", x, x), [x]


@case
def sign_times_x(tf, x):
    return tf.sign(x) * x, [x]


# TF 1.15's outcome where the TF 2.x oracle differs (TF 1.15 source cited).
TF115.update({
    # math_ops.linspace = gen_math_ops.lin_space; math_grad.py: NotDifferentiable("LinSpace").
    "linspace_start": [None],
    # math_grad.py: NotDifferentiable("EuclideanNorm").
    "reduce_euclidean_norm": [None],
    # math_ops.bincount with weights is unsorted_segment_sum(weights, arr, output_size) (TF 2.x:
    # DenseBincount, no gradient): every weight lands in one bin once.
    "bincount_weights": [[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]],
    # math_grad.py registers no "SegmentProd" gradient (TF 2.x added one).
    "segment_prod": ["error", "LookupError",
                     "No gradient defined for operation 'SegmentProd' (op type: SegmentProd)"],
})
