"""Scenarios for `tf.test` (TestCase sessions and assertions, the gradient checker), shared by
tf_test_make.py (real TF, the oracle) and tests/platform/test_tf_test.py (tf1).

Each scenario is `fn(tf, tc)`: `tc` is a set-up TestCase instance; it returns a JSON-able value.
`run_scenario` records the value or the raised exception (class name and message).
"""
import numpy as np


def _seed(tf, tc):
    return tf.get_default_graph().seed


def _cached_session(tf, tc):
    with tc.cached_session() as sess:
        c = tf.constant([1.0, 2.0])
        same_default = tf.get_default_session() is sess
        value = tc.evaluate(c * 2).tolist()
        dev = c.device
    with tc.cached_session() as sess2:
        reused = sess2 is sess
    return {"default": same_default, "value": value, "device": dev, "reused": reused}


def _session_use_gpu(tf, tc):
    with tc.session(use_gpu=True) as sess:
        c = tf.constant(1.0)
        return {"device": c.device, "default": tf.get_default_session() is sess,
                "value": float(sess.run(c))}


def _session_closed_after(tf, tc):
    with tc.session() as sess:
        pass
    try:
        sess.run(tf.constant(1))
    except RuntimeError as e:
        return str(e)
    return "not closed"


def _evaluate_without_session(tf, tc):
    return tc.evaluate([tf.constant(3) * 2, {"a": tf.constant([1.5])}])[0].tolist()


def _cached_graph_mismatch(tf, tc):
    with tc.cached_session():
        pass
    with tc.cached_session(graph=tf.Graph()):
        pass


def _fail(fn):
    try:
        fn()
    except AssertionError as e:
        return "AssertionError: " + str(e)
    except (ValueError, TypeError) as e:
        return type(e).__name__ + ": " + str(e)
    return "passed"


def _asserts(tf, tc):
    out = {}
    out["close_ok"] = _fail(lambda: tc.assertAllClose([1.0, 2.0], np.array([1.0, 2.0000001])))
    out["close_fail"] = _fail(lambda: tc.assertAllClose([1.0, 2.0, 3.0], [1.0, 2.5, 3.0]))
    out["close_scalar_fail"] = _fail(lambda: tc.assertAllClose(1.0, 1.1, msg="hi"))
    out["close_shape"] = _fail(lambda: tc.assertAllClose([1.0, 2.0], [1.0, 2.0, 3.0]))
    out["close_dict_keys"] = _fail(lambda: tc.assertAllClose({"a": 1.0}, {"b": 1.0}))
    out["close_dict_nondict"] = _fail(lambda: tc.assertAllClose({"a": 1.0}, [1.0]))
    out["close_nested_ok"] = _fail(lambda: tc.assertAllClose({"a": [1.0, (2.0, [3.0])]},
                                                             {"a": [1.0, (2.0, [3.0])]}))
    out["close_nested_fail"] = _fail(lambda: tc.assertAllClose({"a": [1.0, 2.0]}, {"a": [1.0, 3.0]}))
    out["close_tensor"] = _fail(lambda: tc.assertAllClose(tf.constant([1.0, 2.0]), [1.0, 2.0]))
    out["close_tol"] = _fail(lambda: tc.assertAllClose([1.0], [1.05], rtol=0.1, atol=0.0))
    out["close_type_half_ok"] = _fail(lambda: tc.assertAllCloseAccordingToType(
        np.array([1.0], np.float16), np.array([1.0005], np.float16)))
    out["close_type_float_fail"] = _fail(lambda: tc.assertAllCloseAccordingToType(
        np.array([1.0], np.float32), np.array([1.0005], np.float32)))
    out["equal_ok"] = _fail(lambda: tc.assertAllEqual([[1, 2]], np.array([[1, 2]])))
    out["equal_nan_ok"] = _fail(lambda: tc.assertAllEqual([np.nan, 1.0], [np.nan, 1.0]))
    out["equal_fail"] = _fail(lambda: tc.assertAllEqual([1, 2, 3], [1, 5, 3]))
    out["equal_shape"] = _fail(lambda: tc.assertAllEqual([1, 2], [[1, 2]]))
    out["near_fail"] = _fail(lambda: tc.assertNear(1.0, 1.5, 0.1))
    out["near_msg"] = _fail(lambda: tc.assertNear(1.0, 1.5, 0.1, msg="m"))
    out["near_ok"] = _fail(lambda: tc.assertNear(1.0, 1.05, 0.1))
    out["array_near_fail"] = _fail(lambda: tc.assertArrayNear([1.0, 2.0], [1.0, 2.5], 0.1))
    out["array_near_len"] = _fail(lambda: tc.assertArrayNear([1.0, 2.0], [1.0], 0.1))
    x = tf.placeholder(tf.float32, [None, 3])
    out["shape_ok"] = _fail(lambda: tc.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3])))
    out["shape_fail"] = _fail(lambda: tc.assertShapeEqual(np.zeros((2, 3)), tf.zeros([3, 2])))
    out["shape_not_np"] = _fail(lambda: tc.assertShapeEqual([1], x))
    out["shape_not_tensor"] = _fail(lambda: tc.assertShapeEqual(np.zeros(1), [1]))
    out["device_ok"] = _fail(lambda: tc.assertDeviceEqual("/gpu:0", "/device:GPU:0"))
    out["device_fail"] = _fail(lambda: tc.assertDeviceEqual("/cpu:0", "/gpu:0"))
    out["greater_fail"] = _fail(lambda: tc.assertAllGreater([1, 2], 1))
    out["in_range_fail"] = _fail(lambda: tc.assertAllInRange([1.0, 5.0], 0.0, 2.0))
    out["items_equal_ok"] = _fail(lambda: tc.assertItemsEqual([1, 2, 2], [2, 1, 2]))
    return out


def _raises_op_error(tf, tc):
    with tc.cached_session():
        x = tf.placeholder(tf.float32)
        with tc.assertRaisesOpError("You must feed a value"):
            tc.evaluate(x)
    return "ok"


def _gradient_square(tf, tc):
    with tc.cached_session():
        x = tf.placeholder(tf.float64, [2, 3])
        y = tf.reduce_sum(x * x, axis=1)
        jt, jn = tf.test.compute_gradient(x, [2, 3], y, [2], x_init_value=np.arange(6.0).reshape(2, 3))
        err = tf.test.compute_gradient_error(x, [2, 3], y, [2], x_init_value=np.arange(6.0).reshape(2, 3))
    return {"t": jt.tolist(), "n": jn.tolist(), "dtype": str(jt.dtype), "err": float(err)}


def _gradient_list(tf, tc):
    with tc.cached_session():
        a = tf.placeholder(tf.float32, [2])
        b = tf.placeholder(tf.float32, [2])
        y = tf.tanh(a) * b
        a0, b0 = np.array([0.5, -1.0], np.float32), np.array([2.0, 3.0], np.float32)
        res = tf.test.compute_gradient([a, b], [[2], [2]], y, [2], x_init_value=[a0, b0],
                                       extra_feed_dict={a: a0, b: b0})
    return [{"t": t.tolist(), "n": n.tolist(), "dtype": str(n.dtype)} for t, n in res]


def _gradient_error_random(tf, tc):
    with tc.cached_session():
        x = tf.constant(np.ones((3, 2)), dtype=tf.float64)
        w = tf.constant([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float64)
        y = tf.matmul(x, w)
        err = tf.test.compute_gradient_error(x, [3, 2], y, [3, 2])
    return bool(err < 1e-8)


def _gradient_variable_init(tf, tc):
    with tc.cached_session():
        v = tf.Variable([1.0, 2.0], dtype=tf.float64)
        x = tf.placeholder(tf.float64, [2])
        y = x * v
        jt, jn = tf.test.compute_gradient(x, [2], y, [2], x_init_value=np.array([3.0, 4.0]),
                                          init_targets=[v.initializer])
    return {"t": jt.tolist(), "n": jn.tolist()}


def _module_functions(tf, tc):
    import os
    d = tf.test.get_temp_dir()
    return {"gpu": tf.test.is_gpu_available(), "gpu_name": tf.test.gpu_device_name(),
            "cuda": tf.test.is_built_with_cuda(), "temp_is_dir": os.path.isdir(d),
            "temp_stable": d == tf.test.get_temp_dir(),
            "tc_temp_under": tc.get_temp_dir().startswith(d) and os.path.isdir(tc.get_temp_dir())}


SCENARIOS = {
    "seed": _seed, "cached_session": _cached_session, "session_use_gpu": _session_use_gpu,
    "session_closed_after": _session_closed_after, "evaluate_without_session": _evaluate_without_session,
    "cached_graph_mismatch": _cached_graph_mismatch, "asserts": _asserts, "raises_op_error": _raises_op_error,
    "gradient_square": _gradient_square, "gradient_list": _gradient_list,
    "gradient_error_random": _gradient_error_random, "gradient_variable_init": _gradient_variable_init,
    "module_functions": _module_functions,
}


def run_scenario(tf, fn):
    class _Case(tf.test.TestCase):
        def runTest(self):
            pass

    tc = _Case()
    tc.setUp()
    try:
        return {"value": fn(tf, tc)}
    except Exception as e:  # pylint: disable=broad-except
        return {"error": type(e).__name__, "message": str(e)}
    finally:
        tc.tearDown()
