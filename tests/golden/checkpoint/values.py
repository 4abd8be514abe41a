"""The variable values of the checkpoint goldens, shared by the generator (run under real
TensorFlow) and the tests (run under tf1). numpy only."""
import hashlib

import numpy as np

LARGE = 70000  # float32 elements: 280 000 bytes, more than one 256 KiB table block


def dtype_variables():
    """name -> (tf dtype name, numpy value): one variable per dtype/shape case."""
    rng = np.random.RandomState(1234)
    return {
        "f32": ("float32", rng.standard_normal((2, 3)).astype(np.float32)),
        "f32_scalar": ("float32", np.float32(-0.8386945)),
        "f64": ("float64", np.array([np.pi, -np.e, 1e-300, np.inf], np.float64)),
        "f16": ("float16", np.array([0.5, -1.25, 65504.0], np.float16)),
        "i32": ("int32", np.array([1, -2, 2147483647, -2147483648], np.int32)),
        "i64": ("int64", np.array([[1, -(2 ** 62)], [2 ** 40, 7]], np.int64)),
        "i8": ("int8", np.array([-128, 0, 127], np.int8)),
        "u8": ("uint8", np.array([0, 200, 255], np.uint8)),
        "i16": ("int16", np.array([-32768, 32767], np.int16)),
        "b": ("bool", np.array([True, False, True], np.bool_)),
        "c64": ("complex64", np.array([1 + 2j, -0.5j], np.complex64)),
        "s": ("string", np.array([b"hello", b"", "\u00fcnic\u00f6de".encode("utf-8"), b"\x00\xff" * 70],
                                 dtype=object)),
        "s_scalar": ("string", np.array(b"one string", dtype=object)),
        "empty_f32": ("float32", np.zeros((0, 3), np.float32)),
        "empty_s": ("string", np.zeros((0,), dtype=object)),
        "scope/nested/w": ("float32", np.arange(6, dtype=np.float32).reshape(3, 2)),
        "large": ("float32", (np.arange(LARGE, dtype=np.float32) * 0.5 - 7.0)),
    }


def make_dtype_variables(tf, initial=lambda dtype, value: value, skip=()):
    """One `tf.Variable` per dtype_variables() case not in `skip`, named (under its name scope) and
    typed as there, holding `initial(dtype, value)`; `tf` is real TensorFlow or tf1. name -> Variable."""
    out = {}
    for name, (dtype, value) in dtype_variables().items():
        if name in skip:
            continue
        scope, _, leaf = name.rpartition("/")
        with tf.name_scope(scope + "/" if scope else None):
            out[name] = tf.Variable(initial(dtype, value), dtype=dtype, name=leaf)
    return out


def many_keys(n=4500):
    """n int8 scalars under long, unrelated keys: the .index then needs several table blocks."""
    out = []
    for i in range(n):
        key = "k%05d_%s" % (i, hashlib.sha1(str(i).encode()).hexdigest())
        out.append((key, np.int8(i % 251 - 125)))
    return out


# The small trained model: y = x W + b fitted by gradient descent on this data.
TRAIN_X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 1.0], [0.5, -1.0]], np.float32)
TRAIN_Y = np.array([[1.0], [2.0], [3.5], [5.0], [0.0]], np.float32)
TRAIN_STEPS = 50
PREDICT_X = np.array([[3.0, -2.0], [0.25, 0.75]], np.float32)
