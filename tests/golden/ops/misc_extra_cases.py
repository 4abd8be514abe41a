"""Cases for fake quantization, histogram_fixed_width(_bins), cumulative_logsumexp and the stateless
random ops (see extra_cases_util.py); recorded by misc_extra_make.py, checked by
tests/ops/test_misc_extra.py."""
import numpy as np

X = np.array([-7.0, -6.0, -3.1, -0.02, 0.0, 0.01, 0.3, 1.234, 5.9, 6.1, 9.0], np.float32)


def fake_quant_args(tf):
    x = tf.constant(X)
    a = tf.quantization.fake_quant_with_min_max_args(x)
    b = tf.fake_quant_with_min_max_args(x, min=-1.3, max=2.7, num_bits=4, narrow_range=True)
    c = tf.fake_quant_with_min_max_args(x, min=0.2, max=3.0, name="fq")
    return {"a": a, "b": b, "c": c, "ga": tf.gradients(a * x, x)[0], "gb": tf.gradients(b, x)[0]}


def fake_quant_vars(tf):
    x = tf.constant(X)
    mn = tf.Variable(-2.5)
    mx = tf.Variable(3.25)
    y = tf.quantization.fake_quant_with_min_max_vars(x, mn, mx, num_bits=6)
    z = tf.fake_quant_with_min_max_vars(x, -0.5, 0.7, narrow_range=True)
    gx, gmin, gmax = tf.gradients(y * tf.range(11.0), [x, mn, mx])
    return {"y": y, "z": z, "gx": gx, "gmin": gmin, "gmax": gmax}


def fake_quant_per_channel(tf):
    x = tf.constant(X[:9].reshape(3, 3))
    mn = tf.Variable([-1.0, -6.0, 0.1])
    mx = tf.Variable([1.0, 6.0, 0.9])
    y = tf.quantization.fake_quant_with_min_max_vars_per_channel(x, mn, mx)
    gx, gmin, gmax = tf.gradients(y * tf.reshape(tf.range(9.0), [3, 3]), [x, mn, mx])
    return {"y": y, "gx": gx, "gmin": gmin, "gmax": gmax}


def histogram(tf):
    v = tf.constant([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0, 3.3, 4.999, 2.5])
    return {"h": tf.histogram_fixed_width(v, [0.0, 5.0], nbins=5),
            "h64": tf.histogram_fixed_width(tf.reshape(v, [3, 3]), [0.0, 5.0], nbins=3, dtype=tf.int64),
            "int": tf.histogram_fixed_width(tf.constant([1, 2, 3, 9]), [0, 10], nbins=4),
            "bins": tf.histogram_fixed_width_bins(tf.reshape(v, [3, 3]), [0.0, 5.0], nbins=5),
            "default": tf.histogram_fixed_width(v, [0.0, 5.0])}


def cumulative_logsumexp(tf):
    x = tf.constant([[0.0, 1.0, -2.0], [3.0, 0.5, 0.25]], tf.float64)
    outs = {}
    for ex in (False, True):
        for rev in (False, True):
            for ax in (0, 1, -1):
                outs["ax%d_ex%d_rev%d" % (ax, ex, rev)] = tf.math.cumulative_logsumexp(
                    x, axis=ax, exclusive=ex, reverse=rev)
    outs["grad"] = tf.gradients(tf.math.cumulative_logsumexp(x, axis=1), x)[0]
    outs["f32"] = tf.math.cumulative_logsumexp(tf.constant([1.0, 2.0, 3.0]))
    return outs


def stateless_uniform(tf):
    return {"f32": tf.random.stateless_uniform([3, 5], seed=[1, 2]),
            "f32b": tf.random.stateless_uniform([7], seed=tf.constant([123456789012, -5], tf.int64)),
            "f64": tf.random.stateless_uniform([5], seed=[7, 8], dtype=tf.float64),
            "range": tf.random.stateless_uniform([6], seed=[0, 0], minval=-2.0, maxval=3.0),
            "int": tf.random.stateless_uniform([6], seed=[4, 5], minval=-10, maxval=100, dtype=tf.int32)}


def stateless_normal(tf):
    return {"f32": tf.random.stateless_normal([2, 3], seed=[1, 2]),
            "f64": tf.random.stateless_normal([5], seed=[3, 4], dtype=tf.float64),
            "ms": tf.random.stateless_normal([9], seed=[9, 9], mean=1.0, stddev=0.5)}


def stateless_truncated_normal(tf):
    return {"f32": tf.random.stateless_truncated_normal([3, 7], seed=[1, 2]),
            "f64": tf.random.stateless_truncated_normal([6], seed=[5, 6], dtype=tf.float64, stddev=2.0)}


CASES = {"fake_quant_args": fake_quant_args, "fake_quant_vars": fake_quant_vars,
         "fake_quant_per_channel": fake_quant_per_channel, "histogram": histogram,
         "cumulative_logsumexp": cumulative_logsumexp, "stateless_uniform": stateless_uniform,
         "stateless_normal": stateless_normal, "stateless_truncated_normal": stateless_truncated_normal}


def assert_shapes_static_ok(tf):
    x = tf.zeros([2, 3])
    y = tf.zeros([3, 4])
    op = tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("Q", 4)), (tf.zeros([5]), (Ellipsis, 5)),
                                     (tf.zeros([7, 3, 5]), ("*", "Q", 5)), (tf.zeros([]), ()), (x, None)])
    with tf.control_dependencies([op]):
        out = tf.identity(x)
    return {"out": out}


def assert_shapes_static_bad(tf):
    x = tf.zeros([2, 3])
    y = tf.zeros([4, 4])
    tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("Q", 4))], message="msg")
    return {}


def assert_shapes_explicit_bad(tf):
    tf.debugging.assert_shapes([(tf.zeros([2, 3], name="z"), (2, 5))])
    return {}


def assert_shapes_rank_bad(tf):
    tf.debugging.assert_shapes([(tf.zeros([2, 3], name="z"), ("a", "b", "c"))])
    return {}


def assert_shapes_ellipsis_bad(tf):
    tf.debugging.assert_shapes([(tf.zeros([2, 3], name="z"), ("a", "*", "c"))])
    return {}


def assert_shapes_not_iterable(tf):
    tf.debugging.assert_shapes([(tf.zeros([2, 3], name="z"), 3)])
    return {}


def _dynamic(tf, feed_y):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None], name="y")
    op = tf.debugging.assert_shapes([(x, ("N", 3)), (y, ("N",))])
    with tf.control_dependencies([op]):
        out = tf.reduce_sum(x) + tf.reduce_sum(y)
    return {"out": out, "__feeds__": {x: np.ones((2, 3), np.float32), y: np.ones(feed_y, np.float32)}}


def assert_shapes_dynamic_ok(tf):
    return _dynamic(tf, 2)


def assert_shapes_dynamic_bad(tf):
    return _dynamic(tf, 3)


CASES.update({k: v for k, v in dict(globals()).items() if k.startswith("assert_shapes_")})


def fake_quant_gradient_ops(tf):
    g = tf.constant(np.linspace(1.0, 2.0, 11).astype(np.float32))
    x = tf.constant(X)
    a = tf.quantization.fake_quant_with_min_max_args_gradient(g, x, min=-3.0, max=6.0)
    v = tf.fake_quant_with_min_max_vars_gradient(g, x, -2.5, 3.25, num_bits=6)
    x2 = tf.constant(X[:9].reshape(3, 3))
    p = tf.quantization.fake_quant_with_min_max_vars_per_channel_gradient(
        tf.ones([3, 3]), x2, [-1.0, -6.0, 0.1], [1.0, 6.0, 0.9])
    return {"a": a, "v0": v[0], "v1": v[1], "v2": v[2], "p0": p[0], "p1": p[1], "p2": p[2]}


CASES["fake_quant_gradient_ops"] = fake_quant_gradient_ops
