"""`tf.test`: TensorFlowTestCase (a unittest.TestCase with graph-mode sessions and numpy-aware
assertions), `tf.test.main`, temp dirs, device queries and the numeric gradient checker.

Follows TF 1.15's `framework/test_util.py` and `ops/gradient_checker.py`: every test starts in a
fresh default graph seeded with DEFAULT_GRAPH_SEED, sessions are made default and pin ops to the CPU
unless `use_gpu=True`, and assertion messages carry TF's wording.
"""
import collections.abc
import contextlib
import math
import random
import tempfile
import unittest
import unittest.mock

import numpy as np

from ..api import export, export_value, public
from ..framework import errors
from ..framework.graph import Tensor, canonical_device, reset_default_graph

DEFAULT_GRAPH_SEED = 87654321
_TEMP_DIR = []

export_value("test.mock", unittest.mock)


@export("test.main")
def main(argv=None):
    """Runs the tests of `__main__` (TF: googletest.main -> absltest -> unittest)."""
    return unittest.main(argv=argv)


@export("test.get_temp_dir")
def get_temp_dir():
    """One temporary directory per process, as googletest.GetTempDir gives."""
    if not _TEMP_DIR:
        _TEMP_DIR.append(tempfile.mkdtemp(prefix="tf1_test_"))
    return _TEMP_DIR[0]


@export("test.is_gpu_available")
def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    # tf1 runs its graphs through XLA on the host's default JAX backend; TF's notion of a
    # visible CUDA device for kernel placement does not exist here.
    return False


@export("test.gpu_device_name")
def gpu_device_name():
    return ""


@export("test.is_built_with_cuda")
def is_built_with_cuda():
    return False


@export("test.is_built_with_rocm")
def is_built_with_rocm():
    return False


@export("test.is_built_with_gpu_support")
def is_built_with_gpu_support():
    return False


# ------------------------------------------------------------------------------ TestCase

@export("test.TestCase")
class TensorFlowTestCase(unittest.TestCase):
    """TF 1.15's `tf.test.TestCase` for graph-mode tests."""

    def __init__(self, methodName="runTest"):
        super().__init__(methodName)
        self._threads = []
        self._tempdir = None
        self._cached_session = None
        self._cached_graph = None
        self._cached_config = None
        self._cached_force_gpu = None

    def setUp(self):
        self._clear_cached_session()
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        reset_default_graph()
        public().set_random_seed(DEFAULT_GRAPH_SEED)

    def tearDown(self):
        for thread in self._threads:
            thread.check_termination()
        self._clear_cached_session()

    def _clear_cached_session(self):
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None

    def get_temp_dir(self):
        if not self._tempdir:
            self._tempdir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._tempdir

    # -------------------------------------------------------------------------- sessions

    def _create_session(self, graph, config, force_gpu):
        return public().Session(graph=graph, config=config)

    @contextlib.contextmanager
    def _constrain_devices_and_set_default(self, sess, use_gpu, force_gpu):
        with sess.graph.as_default(), sess.as_default():
            if force_gpu:
                with sess.graph.device(gpu_device_name() or "/device:GPU:0"):
                    yield sess
            elif use_gpu:
                yield sess
            else:
                with sess.graph.device("/device:CPU:0"):
                    yield sess

    def _get_cached_session(self, graph=None, config=None, force_gpu=False, crash_if_inconsistent_args=True):
        if self._cached_session is None:
            self._cached_session = self._create_session(graph, config, force_gpu)
            self._cached_graph = graph
            self._cached_config = config
            self._cached_force_gpu = force_gpu
            return self._cached_session
        if crash_if_inconsistent_args and self._cached_graph is not graph:
            raise ValueError("The graph used to get the cached session is different than the one that was "
                             "used to create the session. Maybe create a new session with self.session()")
        if crash_if_inconsistent_args and self._cached_config is not config:
            raise ValueError("The config used to get the cached session is different than the one that was "
                             "used to create the session. Maybe create a new session with self.session()")
        if crash_if_inconsistent_args and self._cached_force_gpu is not force_gpu:
            raise ValueError("The force_gpu value used to get the cached session is different than the one "
                             "that was used to create the session. Maybe create a new session with "
                             "self.session()")
        return self._cached_session

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new Session, made default (with its graph) for the `with` block and closed after it."""
        with self._create_session(graph, config, force_gpu) as sess:
            with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu):
                yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one Session (kept open until tearDown), made default for the `with` block."""
        sess = self._get_cached_session(graph, config, force_gpu, crash_if_inconsistent_args=True)
        with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu) as constrained:
            yield constrained

    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """Deprecated: cached_session() without a graph, session() with one."""
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")
        return self._test_session(graph, config, use_gpu, force_gpu)

    test_session.__test__ = False  # not a test for pytest's collector either

    @contextlib.contextmanager
    def _test_session(self, graph, config, use_gpu, force_gpu):
        if graph is None:
            sess = self._get_cached_session(graph, config, force_gpu, crash_if_inconsistent_args=False)
            with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu) as constrained:
                yield constrained
        else:
            with self.session(graph, config, use_gpu, force_gpu) as sess:
                yield sess

    def evaluate(self, tensors):
        sess = public().get_default_session()
        if sess is None:
            with self.test_session() as sess:
                return sess.run(tensors)
        return sess.run(tensors)

    def checkedThread(self, target, args=None, kwargs=None):
        thread = _CheckedThread(self, target, args, kwargs)
        self._threads.append(thread)
        return thread

    # ------------------------------------------------------------------------ assertions

    def _GetNdArray(self, a):
        if isinstance(a, Tensor):
            a = self.evaluate(a)
        if not isinstance(a, np.ndarray):
            return np.array(a)
        return a

    def assertNear(self, f1, f2, err, msg=None):
        self.assertTrue(f1 == f2 or math.fabs(f1 - f2) <= err,
                        "%f != %f +/- %f%s" % (f1, f2, err, " (%s)" % msg if msg is not None else ""))

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def _assertArrayLikeAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        a = self._GetNdArray(a)
        b = self._GetNdArray(b)
        if a.shape != b.shape and (b.ndim <= 3 or b.size < 500):
            shape_mismatch_msg = ("Shape mismatch: expected %s, got %s with contents %s."
                                  % (a.shape, b.shape, b))
        else:
            shape_mismatch_msg = "Shape mismatch: expected %s, got %s." % (a.shape, b.shape)
        self.assertEqual(a.shape, b.shape, shape_mismatch_msg)
        msgs = [msg]
        if not np.allclose(a, b, rtol=rtol, atol=atol):
            # Names the offending elements before numpy's own report.
            cond = np.logical_or(np.abs(a - b) > atol + rtol * np.abs(b), np.isnan(a) != np.isnan(b))
            if a.ndim:
                x, y = a[np.where(cond)], b[np.where(cond)]
                msgs.append("not close where = {}".format(np.where(cond)))
            else:
                x, y = a, b
            msgs.append("not close lhs = {}".format(x))
            msgs.append("not close rhs = {}".format(y))
            msgs.append("not close dif = {}".format(np.abs(x - y)))
            msgs.append("not close tol = {}".format(atol + rtol * np.abs(y)))
            msgs.append("dtype = {}, shape = {}".format(a.dtype, a.shape))
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg="\n".join(str(m) for m in msgs),
                                       equal_nan=True)

    def _assertAllCloseRecursive(self, a, b, rtol=1e-6, atol=1e-6, path=None, msg=None):
        path = path or []
        path_str = ("[" + "][".join(str(p) for p in path) + "]") if path else ""
        msg = msg if msg else ""
        if hasattr(a, "_asdict"):
            a = a._asdict()
        if hasattr(b, "_asdict"):
            b = b._asdict()
        a_is_dict = isinstance(a, collections.abc.Mapping)
        if a_is_dict != isinstance(b, collections.abc.Mapping):
            raise ValueError("Can't compare dict to non-dict, a%s vs b%s. %s" % (path_str, path_str, msg))
        if a_is_dict:
            self.assertItemsEqual(a.keys(), b.keys(),
                                  msg="mismatched keys: a%s has keys %s, but b%s has keys %s. %s"
                                  % (path_str, a.keys(), path_str, b.keys(), msg))
            for k in a:
                path.append(k)
                self._assertAllCloseRecursive(a[k], b[k], rtol=rtol, atol=atol, path=path, msg=msg)
                del path[-1]
        elif isinstance(a, (list, tuple)):
            # Compare as arrays when the sequences are regular; walk them otherwise.
            try:
                a_nd = self._GetNdArray(a)
                b_nd = self._GetNdArray(b)
                self._assertArrayLikeAllClose(a_nd, b_nd, rtol=rtol, atol=atol,
                                              msg="Mismatched value: a%s is different from b%s. %s"
                                              % (path_str, path_str, msg))
            except (ValueError, TypeError):
                if len(a) != len(b):
                    raise ValueError("Mismatched length: a%s has %d items, but b%s has %d items. %s"
                                     % (path_str, len(a), path_str, len(b), msg))
                for idx, (a_ele, b_ele) in enumerate(zip(a, b)):
                    path.append(str(idx))
                    self._assertAllCloseRecursive(a_ele, b_ele, rtol=rtol, atol=atol, path=path, msg=msg)
                    del path[-1]
        else:
            try:
                self._assertArrayLikeAllClose(a, b, rtol=rtol, atol=atol,
                                              msg="Mismatched value: a%s is different from b%s. %s"
                                              % (path_str, path_str, msg))
            except TypeError as e:
                msg = "Error: a%s has %s, but b%s has %s. %s" % (path_str, type(a), path_str, type(b), msg)
                e.args = ((e.args[0] + " : " + msg,) + e.args[1:])
                raise

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        self._assertAllCloseRecursive(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6, float_atol=1e-6,
                                      half_rtol=1e-3, half_atol=1e-3, bfloat16_rtol=1e-2, bfloat16_atol=1e-2,
                                      msg=None):
        a = self._GetNdArray(a)
        b = self._GetNdArray(b)
        # Lower-precision types come later so that their looser tolerances win.
        if a.dtype in (np.float32, np.complex64) or b.dtype in (np.float32, np.complex64):
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if a.dtype == np.float16 or b.dtype == np.float16:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if a.dtype.name == "bfloat16" or b.dtype.name == "bfloat16":
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, **kwargs):
        try:
            self.assertAllClose(a, b, **kwargs)
        except AssertionError:
            return
        raise AssertionError("The two values are close at all elements")

    def assertAllEqual(self, a, b, msg=None):
        msg = msg if msg else ""
        a = self._GetNdArray(a)
        b = self._GetNdArray(b)
        if b.ndim <= 3 or b.size < 500:
            self.assertEqual(a.shape, b.shape, "Shape mismatch: expected %s, got %s. Contents: %s. \n%s."
                             % (a.shape, b.shape, b, msg))
        else:
            self.assertEqual(a.shape, b.shape, "Shape mismatch: expected %s, got %s. %s"
                             % (a.shape, b.shape, msg))
        same = a == b
        if a.dtype in (np.float16, np.float32, np.float64) or a.dtype.name == "bfloat16":
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        msgs = [msg]
        if not np.all(same):
            diff = np.logical_not(same)
            if a.ndim:
                x, y = a[np.where(diff)], b[np.where(diff)]
                msgs.append("not equal where = {}".format(np.where(diff)))
            else:
                x, y = a, b
            msgs.append("not equal lhs = {}".format(x))
            msgs.append("not equal rhs = {}".format(y))
            np.testing.assert_array_equal(a, b, err_msg="\n".join(msgs))

    def assertAllGreater(self, a, comparison_target):
        a = self._GetNdArray(a)
        self.assertGreater(np.min(a), comparison_target)

    def assertAllLess(self, a, comparison_target):
        a = self._GetNdArray(a)
        self.assertLess(np.max(a), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):
        a = self._GetNdArray(a)
        self.assertGreaterEqual(np.min(a), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):
        a = self._GetNdArray(a)
        self.assertLessEqual(np.max(a), comparison_target)

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,
                         open_upper_bound=False):
        target = self._GetNdArray(target)
        if not (np.issubdtype(target.dtype, np.floating) or np.issubdtype(target.dtype, np.integer)):
            raise AssertionError("The value of %s does not have an ordered numeric type, instead it has type: %s"
                                 % (target, target.dtype))
        nan_subscripts = np.where(np.isnan(target))
        if np.size(nan_subscripts):
            raise AssertionError("%d of the %d element(s) are NaN. Subscripts(s) and value(s) of the NaN "
                                 "element(s):\n" % (len(nan_subscripts[0]), np.size(target))
                                 + self._format_subscripts(nan_subscripts, target))
        range_str = (("(" if open_lower_bound else "[") + str(lower_bound) + ", " + str(upper_bound)
                     + (")" if open_upper_bound else "]"))
        violations = np.less_equal(target, lower_bound) if open_lower_bound else np.less(target, lower_bound)
        violations = np.logical_or(violations, np.greater_equal(target, upper_bound) if open_upper_bound
                                   else np.greater(target, upper_bound))
        violation_subscripts = np.where(violations)
        if np.size(violation_subscripts):
            raise AssertionError("%d of the %d element(s) are outside the range %s. " % (
                len(violation_subscripts[0]), np.prod(target.shape), range_str)
                + "Subscript(s) and value(s) of the offending elements:\n"
                + self._format_subscripts(violation_subscripts, target))

    def _format_subscripts(self, subscripts, value, limit=10, indent=2):
        lines = []
        subscripts = np.transpose(subscripts)
        for subscript in subscripts[:limit]:
            lines.append(" " * indent + str(subscript) + " : " + str(value[tuple(subscript)]))
        if len(subscripts) > limit:
            lines.append(" " * indent + "...")
        return "\n".join(lines)

    def assertAllInSet(self, target, expected_set):
        target = self._GetNdArray(target)
        diff = np.setdiff1d(target.flatten(), list(expected_set))
        if np.size(diff):
            raise AssertionError("%d unique element(s) are not in the set %s: %s"
                                 % (np.size(diff), expected_set, diff))

    def assertDTypeEqual(self, target, expected_dtype):
        target = self._GetNdArray(target)
        if not isinstance(target, list):
            arrays = [target]
        for arr in arrays:
            self.assertEqual(arr.dtype, expected_dtype)

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):
        if not isinstance(np_array, (np.ndarray, np.generic)):
            raise TypeError("np_array must be a Numpy ndarray or Numpy scalar")
        if not isinstance(tf_tensor, Tensor):
            raise TypeError("tf_tensor must be a Tensor")
        self.assertAllEqual(np_array.shape, tf_tensor.get_shape().as_list(), msg=msg)

    def assertDeviceEqual(self, device1, device2, msg=None):
        device1 = canonical_device(device1)
        device2 = canonical_device(device2)
        if device1 != device2:
            # absltest's multi-line string diff, as TF's TestCase (an absltest.TestCase) reports it.
            import difflib
            self.fail("Devices %s and %s are not equal. %s:\n" % (device1, device2, msg)
                      + "".join(difflib.ndiff([device1 + "\n"], [device2 + "\n"])))

    def assertItemsEqual(self, expected_seq, actual_seq, msg=None):
        return self.assertCountEqual(expected_seq, actual_seq, msg=msg)

    def assertStartsWith(self, actual, expected_start, msg=None):
        if not actual.startswith(expected_start):
            fail_msg = "%r does not start with %r" % (actual, expected_start)
            fail_msg += " : %r" % msg if msg else ""
            self.fail(fail_msg)

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(e):
                import re
                err_str = e.message if isinstance(e, errors.OpError) else str(e)
                op = e.op if isinstance(e, errors.OpError) else None
                while op is not None:
                    err_str += "\nCaused by: " + op.name
                    op = getattr(op, "_original_op", None)
                return re.search(expected_err_re_or_predicate, err_str)
        try:
            yield
            self.fail(exception_type.__name__ + " not raised")
        except Exception as e:  # pylint: disable=broad-except
            if not isinstance(e, exception_type) or not predicate(e):
                raise AssertionError("Exception of type %s: %s" % (str(type(e)), str(e)))

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        return self.assertRaisesWithPredicateMatch(errors.OpError, expected_err_re_or_predicate)

    def assertProtoEquals(self, expected_message_maybe_ascii, message, msg=None):
        from google.protobuf import text_format
        if isinstance(expected_message_maybe_ascii, type(message)):
            expected = expected_message_maybe_ascii
        elif isinstance(expected_message_maybe_ascii, str):
            expected = type(message)()
            text_format.Merge(expected_message_maybe_ascii, expected)
        else:
            raise AssertionError("Can't compare protos of type %s and %s. %s"
                                 % (type(expected_message_maybe_ascii), type(message), msg))
        self.assertEqual(text_format.MessageToString(expected), text_format.MessageToString(message), msg)


class _CheckedThread:
    """A thread whose exceptions fail the test that started it (TF's checkedThread)."""

    def __init__(self, testcase, target, args=None, kwargs=None):
        import threading
        self._testcase = testcase
        self._target = target
        self._args = () if args is None else args
        self._kwargs = {} if kwargs is None else kwargs
        self._thread = threading.Thread(target=self._protected_run)
        self._exception = None
        self._is_thread_joined = False

    def _protected_run(self):
        try:
            self._target(*self._args, **self._kwargs)
        except Exception as e:  # pylint: disable=broad-except
            self._exception = e

    def start(self):
        self._thread.start()

    def join(self):
        self._thread.join()
        self._is_thread_joined = True
        if self._exception is not None:
            self._testcase.fail("Error in checkedThread: %s" % str(self._exception))

    def is_alive(self):
        return self._thread.is_alive()

    def check_termination(self):
        if self._is_thread_joined:
            if self.is_alive():
                raise RuntimeError("Thread was not joined with main thread, and is still running when the "
                                   "test finished.")
        else:
            self._testcase.fail("A checked thread was not joined.")


# ------------------------------------------------------------------------ gradient checker

_REAL_FLOATS = ("float16", "bfloat16", "float32", "float64")


def _extra_feeds(extra_feed_dict, new_feeds):
    if not extra_feed_dict:
        return new_feeds
    feeds = dict(extra_feed_dict)
    feeds.update(new_feeds)
    return feeds


def _compute_dx_and_dy(x, y, y_shape):
    tf = public()
    with x.graph.as_default():
        dy_orig = tf.constant(1.0, shape=y_shape, dtype=y.dtype)
        dy = tf.identity(dy_orig)
    grads = tf.gradients(y, x, dy)
    assert len(grads) == 1
    return grads[0], dy_orig


def _compute_theoretical_jacobian(x, x_shape, x_data, dy, dy_shape, dx, extra_feed_dict):
    """Column j of the Jacobian is the backprop of the one-hot dy_j (TF's gradient_checker; tf1's
    gradients are always dense, so there is no IndexedSlices case)."""
    x_size = int(np.prod(x_shape))
    dy_size = int(np.prod(dy_shape))
    jacobian = np.zeros((x_size, dy_size), dtype=x_data.dtype)
    dy_data = np.zeros(dy_shape, dtype=dy.dtype.as_numpy_dtype)
    dy_flat = dy_data.ravel()
    sess = public().get_default_session()
    for col in range(dy_size):
        dy_flat[col] = 1
        feeds = _extra_feeds(extra_feed_dict, {x: x_data, dy: dy_data})
        if dx is None:
            pass  # y does not depend on x: a zero column
        else:
            jacobian[:, col] = np.asarray(sess.run(dx, feed_dict=feeds)).ravel()
        dy_flat[col] = 0
    return jacobian


def _compute_numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict):
    """Central differences, one row per element of x."""
    x_size = int(np.prod(x_shape))
    y_size = int(np.prod(y_shape))
    x_dtype = x.dtype.base_dtype.as_numpy_dtype
    y_dtype = y.dtype.base_dtype.as_numpy_dtype
    # Half types lose too much in the difference quotient; TF computes it in float32.
    if x.dtype.base_dtype.name in ("float16", "bfloat16"):
        x_dtype = np.float32
    if y.dtype.base_dtype.name in ("float16", "bfloat16"):
        y_dtype = np.float32
    scale = np.asarray(2 * delta, dtype=y_dtype)[()]
    jacobian = np.zeros((x_size, y_size), dtype=x_dtype)
    sess = public().get_default_session()
    for row in range(x_size):
        x_pos = x_data.copy()
        x_pos.ravel()[row] += delta
        y_pos = sess.run(y, feed_dict=_extra_feeds(extra_feed_dict, {x: x_pos}))
        x_neg = x_data.copy()
        x_neg.ravel()[row] -= delta
        y_neg = sess.run(y, feed_dict=_extra_feeds(extra_feed_dict, {x: x_neg}))
        diff = (np.asarray(y_pos, dtype=y_dtype) - np.asarray(y_neg, dtype=y_dtype)) / scale
        jacobian[row, :] = diff.ravel()
    return jacobian


def _compute_gradient(x, x_shape, dx, y, y_shape, dy, x_init_value=None, delta=1e-3, extra_feed_dict=None):
    t = x.dtype.base_dtype
    assert t.name in _REAL_FLOATS, "Don't support type %s for x" % t.name
    t2 = y.dtype.base_dtype
    assert t2.name in _REAL_FLOATS, "Don't support type %s for y" % t2.name
    if x_init_value is not None:
        i_shape = list(x_init_value.shape)
        assert list(x_shape) == i_shape, "x_shape = %s, init_data shape = %s" % (x_shape, i_shape)
        x_data = x_init_value
    else:
        x_data = np.random.random_sample(x_shape).astype(t.as_numpy_dtype)
    jacob_t = _compute_theoretical_jacobian(x, x_shape, x_data, dy, y_shape, dx, extra_feed_dict)
    jacob_n = _compute_numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict)
    return jacob_t, jacob_n


@export("test.compute_gradient")
def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                     extra_feed_dict=None):
    """(theoretical, numeric) Jacobians of y w.r.t. x, each of shape [x_size, y_size]; a list of
    such pairs when x is a list. Runs in the default session."""
    if extra_feed_dict is None:
        extra_feed_dict = {}
    xs = x if isinstance(x, list) else [x]
    shapes = x_shape if isinstance(x, list) else [x_shape]
    inits = (x_init_value if x_init_value is not None else [None] * len(xs)) if isinstance(x, list) \
        else [x_init_value]
    pairs = [_compute_dx_and_dy(xi, y, y_shape) for xi in xs]
    if init_targets is not None:
        assert isinstance(init_targets, (list, tuple))
        for init in init_targets:
            init.run()
    ret = [_compute_gradient(xi, si, dxi, y, y_shape, dyi, ii, delta, extra_feed_dict=extra_feed_dict)
           for xi, si, (dxi, dyi), ii in zip(xs, shapes, pairs, inits)]
    return ret if isinstance(x, list) else ret[0]


def _compute_error(grad):
    if isinstance(grad, tuple):
        grad = [grad]
    error = 0
    for j_t, j_n in grad:
        if j_t.size or j_n.size:  # zero-size tensors have no error
            error = np.maximum(error, np.fabs(j_t - j_n).max())
    return error


@export("test.compute_gradient_error")
def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                           extra_feed_dict=None):
    """max |theoretical - numeric| over the Jacobians' entries."""
    grad = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta, init_targets,
                            extra_feed_dict=extra_feed_dict)
    return _compute_error(grad)
