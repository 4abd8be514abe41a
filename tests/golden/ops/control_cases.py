"""Graph-building cases for tf1's control flow, asserts and py_func, shared by the golden recorder
(control_make.py, run under real TensorFlow) and tests/ops/test_control_golden.py (run under tf1).

CASES: `fn(tf) -> (fetches, feeds, runs)`: `fetches` maps a key to a Tensor or a (nested) list/tuple
  of Tensors; the session runs them `runs` times (state that changes between runs shows) after
  `tf.global_variables_initializer()`. Keys starting with `grad` hold gradients: values are
  compared, not names.
BUILD_ERRORS: `fn(tf)` must raise while the graph is built.
RUN_ERRORS: `fn(tf) -> (fetch, feeds)`: the run must raise.
"""
import numpy as np

from golden_io import registrar

CASES = {}
BUILD_ERRORS = {}
RUN_ERRORS = {}

case = registrar(CASES)
build_error = registrar(BUILD_ERRORS)
run_error = registrar(RUN_ERRORS)


# ------------------------------------------------------------------------------------- cond

@case
def cond_basic(tf):
    x, y = tf.constant(1), tf.constant(2)
    z = tf.multiply(tf.constant(3), tf.constant(4))
    r = tf.cond(x < y, lambda: tf.add(x, z), lambda: tf.square(y))
    r2 = tf.cond(x > y, lambda: tf.add(x, z), lambda: tf.square(y))
    return {"r": r, "r2": r2}, {}, 1


@case
def cond_structures(tf):
    p = tf.placeholder(tf.bool, [], name="p")
    a, b = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    r = tf.cond(p, lambda: (a, [b, a * 2]), lambda: (b, [a, b * 2]))
    single = tf.cond(p, lambda: [a], lambda: [b])
    strict = tf.cond(p, lambda: [a], lambda: [b], strict=True)
    d = tf.cond(p, lambda: {"x": a, "y": b}, lambda: {"x": b, "y": a})
    named = tf.cond(p, lambda: a + 1.0, lambda: b - 1.0, name="mycond")
    return {"r": r, "single": single, "strict": strict, "d": d, "named": named}, {"p": True}, 1


@case
def cond_false_feed(tf):
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.placeholder(tf.float32, [None], name="x")
    r = tf.cond(p, lambda: tf.reduce_sum(x * x), lambda: tf.reduce_mean(x))
    shapes = tf.cond(p, lambda: tf.zeros([2, 3]), lambda: tf.ones([2, 3]))
    return {"r": r, "shapes": shapes}, {"p": False, "x": np.array([1., 2., 6.], np.float32)}, 1


@case
def cond_nested(tf):
    x = tf.placeholder(tf.int32, [], name="x")
    r = tf.cond(x > 0,
                lambda: tf.cond(x > 10, lambda: x * 100, lambda: x * 10),
                lambda: tf.cond(x < -10, lambda: x - 1000, lambda: x - 100))
    return {"r": r}, {"x": 5}, 1


@case
def cond_side_effects(tf):
    # Only the taken branch's assign runs; state carries across runs.
    v = tf.Variable(10.0, name="v")
    p = tf.placeholder_with_default(True, [], name="p")
    r = tf.cond(p, lambda: tf.assign_add(v, 1.0), lambda: tf.assign_sub(v, 5.0))
    return {"r": r}, {}, 3


@case
def cond_op_outputs(tf):
    v = tf.Variable(1, name="counter")
    c = tf.constant(True)
    r = tf.cond(c, lambda: tf.assign_add(v, 1).op, lambda: tf.no_op())
    r2 = tf.cond(tf.logical_not(c), lambda: tf.assign_add(v, 100).op, lambda: tf.no_op())
    with tf.control_dependencies([r, r2]):
        out = tf.identity(v.read_value())
    return {"r": r, "r2": r2, "out": out}, {}, 2


def _cond_gradients(tf, taken):
    """Gradients through a cond whose predicate `p` is fed `taken`."""
    w = tf.Variable([1.0, 2.0, 3.0], name="w")
    x = tf.placeholder(tf.float32, [3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: tf.reduce_sum(w * w * x), lambda: tf.reduce_sum(tf.sin(w) + x))
    g = tf.gradients(y, [w, x])
    return {"y": y, "grad": g}, {"p": taken, "x": np.array([1., 2., 3.], np.float32)}, 1


@case
def cond_gradients(tf):
    return _cond_gradients(tf, True)


@case
def cond_gradients_false(tf):
    return _cond_gradients(tf, False)


@case
def smart_cond_and_case(tf):
    x, y, z = tf.constant(0), tf.constant(1), tf.constant(2)

    def f1():
        return tf.constant(17)

    def f2():
        return tf.constant(23)

    def f3():
        return tf.constant(-1)
    r_dict = tf.case({tf.less(x, y): f2, tf.less(x, z): f1}, default=f3, exclusive=False)
    r_list = tf.case([(tf.less(x, y), f1), (tf.less(x, z), f2)], default=f3)
    r_default = tf.case([(tf.greater(x, y), f1), (tf.greater(x, z), f2)], default=f3)
    r_excl = tf.case([(tf.greater(x, y), f1), (tf.less(x, z), f2)], default=f3, exclusive=True)
    r_nodefault = tf.case([(tf.greater(x, y), f1), (tf.less(x, z), f2)])
    return {"dict": r_dict, "list": r_list, "default": r_default, "excl": r_excl,
            "nodefault": r_nodefault}, {}, 1


# ------------------------------------------------------------------------------- while_loop

@case
def while_seed(tf):
    a = tf.get_variable("a", dtype=tf.int32, shape=[], initializer=tf.ones_initializer())
    b = tf.constant(2)
    f = tf.constant(6)

    def cond(a, b, f):
        return a < 3

    def body(a, b, f):
        a = a + 1
        return a, b, f
    a, b, f = tf.while_loop(cond, body, [a, b, f])
    return {"res": [a, b, f]}, {}, 1


@case
def while_forms(tf):
    i = tf.constant(0)
    w = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [i])
    w_list = tf.while_loop(lambda i: i < 10, lambda i: [i + 1], [i], return_same_structure=True)
    w_max = tf.while_loop(lambda i, j: i < 10, lambda i, j: (i + 1, j * 2), (i, tf.constant(1)),
                          maximum_iterations=5)
    w_max1 = tf.while_loop(lambda i: i < 100, lambda i: i + 3, [i], maximum_iterations=7)
    n = tf.placeholder(tf.int32, [], name="n")
    w_fed = tf.while_loop(lambda k, acc: k < n, lambda k, acc: (k + 1, acc + k), (i, tf.constant(0)))
    w_named = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [i], name="myloop")
    return {"w": w, "w_list": w_list, "w_max": w_max, "w_max1": w_max1, "w_fed": w_fed,
            "w_named": w_named}, {"n": 5}, 1


@case
def while_nested_structures(tf):
    x = tf.constant([1.0, 2.0])

    def body(i, st):
        return i + 1, {"a": st["a"] * 2.0, "b": (st["b"][0] + 1.0,)}
    r = tf.while_loop(lambda i, st: i < 3, body, (tf.constant(0), {"a": x, "b": (tf.constant(0.5),)}))
    return {"r": r}, {}, 1


@case
def while_shape_invariants(tf):
    i0 = tf.constant(0)
    m0 = tf.ones([2, 2])
    r = tf.while_loop(lambda i, m: i < 3, lambda i, m: [i + 1, tf.concat([m, m], axis=0)], [i0, m0],
                      shape_invariants=[i0.get_shape(), tf.TensorShape([None, 2])])
    return {"r": r}, {}, 1


@case
def while_variables(tf):
    v = tf.Variable(0, name="v")
    n = tf.placeholder(tf.int32, [], name="n")

    def body(i):
        with tf.control_dependencies([tf.assign_add(v, i)]):
            return tf.identity(i + 1)
    r = tf.while_loop(lambda i: i < n, body, [tf.constant(0)])
    with tf.control_dependencies([r]):
        total = tf.identity(v.read_value())
    return {"r": r, "total": total}, {"n": 5}, 2


@case
def while_nested_loops(tf):
    def outer_body(i, acc):
        inner = tf.while_loop(lambda j, s: j < i, lambda j, s: (j + 1, s + j), (0, 0))
        return i + 1, acc + inner[1]
    r = tf.while_loop(lambda i, acc: i < 5, outer_body, (0, 0))
    c = tf.while_loop(lambda i, s: i < 4,
                      lambda i, s: (i + 1, tf.cond(tf.equal(i % 2, 0), lambda: s + i, lambda: s - 1)),
                      (0, 100))
    return {"r": r, "c": c}, {}, 1


@case
def while_gradients(tf):
    w = tf.Variable([1.0, 2.0, 3.0], name="w")
    x = tf.placeholder(tf.float32, [3], name="x")

    def body(i, acc):
        return i + 1, acc * w + x
    _, acc = tf.while_loop(lambda i, acc: i < 3, body, (tf.constant(0), tf.ones([3])))
    loss = tf.reduce_sum(acc * acc)
    g = tf.gradients(loss, [w, x])
    return {"acc": acc, "grad": g}, {"x": np.array([0.5, -1.0, 2.0], np.float32)}, 1


@case
def while_gradients_dynamic(tf):
    w = tf.Variable(0.5, name="w")
    n = tf.placeholder(tf.int32, [], name="n")
    _, acc = tf.while_loop(lambda i, acc: i < n, lambda i, acc: (i + 1, acc * w + 1.0),
                           (tf.constant(0), tf.constant(1.0)), maximum_iterations=10)
    g = tf.gradients(acc, w)
    return {"acc": acc, "grad": g}, {"n": 4}, 1


# -------------------------------------------------------------------- map_fn, scan, folds

@case
def functional(tf):
    x = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    m = tf.map_fn(lambda r: r * 2.0, x)
    m2 = tf.map_fn(lambda t: (t[0] + 1, t[1] * 2.0), (tf.constant([1, 2, 3]), tf.constant([4., 5., 6.])),
                   dtype=(tf.int32, tf.float32))
    s1 = tf.scan(lambda a, e: a + e, tf.constant([1, 2, 3, 4]))
    s2 = tf.scan(lambda a, e: a + e, tf.constant([1, 2, 3, 4]), initializer=tf.constant(10), reverse=True)
    s3 = tf.scan(lambda a, e: (a[0] + e, a[1] * e), tf.constant([1., 2., 3.]),
                 initializer=(tf.constant(0.), tf.constant(1.)))
    f1 = tf.foldl(lambda a, e: a * 10 + e, tf.constant([1, 2, 3]))
    f2 = tf.foldr(lambda a, e: a * 10 + e, tf.constant([1, 2, 3]))
    f3 = tf.foldl(lambda a, e: a + e, tf.constant([1, 2, 3]), initializer=tf.constant(100))
    return {"m": m, "m2": m2, "s1": s1, "s2": s2, "s3": s3, "f1": f1, "f2": f2, "f3": f3}, {}, 1


@case
def functional_gradients(tf):
    w = tf.Variable(2.0, name="w")
    p = tf.placeholder(tf.float32, [None], name="p")
    y = tf.reduce_sum(tf.map_fn(lambda e: e * w * w, p))
    s = tf.reduce_sum(tf.scan(lambda a, e: a * w + e, p, initializer=tf.constant(1.0)))
    g = tf.gradients([y, s], w)
    return {"y": y, "s": s, "grad": g}, {"p": np.array([1., 2., 3.], np.float32)}, 1


# ------------------------------------------------------------------------- asserts, py_func

@case
def asserts_pass(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    checks = [tf.assert_positive(x), tf.assert_less(x, 10.0), tf.assert_equal(x, x),
              tf.debugging.assert_rank(x, 1), tf.assert_non_negative(x),
              tf.Assert(tf.reduce_all(x > 0), [x])]
    with tf.control_dependencies(checks):
        y = tf.identity(x * 2.0)
    ok = tf.verify_tensor_all_finite(x, "finite")
    return {"y": y, "ok": ok}, {"x": np.array([1., 2., 3.], np.float32)}, 1


@case
def py_funcs(tf):
    x = tf.constant([1., 2.])
    a = tf.py_func(lambda v: v * 2, [x], tf.float32)
    b = tf.py_func(lambda v: [v, v + np.float32(1)], [x], [tf.float32, tf.float32])
    c = tf.numpy_function(lambda v: (v > 1).astype(np.int64), [x], tf.int64)
    return {"a": a, "b": b, "c": c}, {}, 1


@run_error
def assert_fails(tf):
    x = tf.placeholder(tf.float32, [5], name="xp")
    return tf.Assert(tf.reduce_all(x > 3), [x, "s"], name="myassert"), {"xp:0": [1., 2., 3., 4., 5.]}


@run_error
def assert_int_fails(tf):
    ip = tf.placeholder(tf.int32, [2], name="ip")
    return tf.Assert(tf.reduce_all(ip > 3), [ip, "str"]), {"ip:0": [1, 5]}


@run_error
def assert_equal_fails(tf):
    x = tf.placeholder(tf.float32, [5], name="xp")
    return tf.assert_equal(x, tf.zeros([5]), message="eqmsg"), {"xp:0": [1., 2., 3., 4., 5.]}


@run_error
def assert_positive_fails(tf):
    x = tf.placeholder(tf.float32, [5], name="xp")
    return tf.assert_positive(x - 3.0), {"xp:0": [1., 2., 3., 4., 5.]}


@run_error
def assert_non_positive_fails(tf):
    x = tf.placeholder(tf.float32, [5], name="xp")
    return tf.assert_non_positive(x), {"xp:0": [1., 2., 3., 4., 5.]}


@run_error
def check_numerics_fails(tf):
    x = tf.placeholder(tf.float32, [2], name="xp")
    return tf.check_numerics(tf.log(x), "neg log"), {"xp:0": [-1., 0.]}


@run_error
def verify_finite_fails(tf):
    x = tf.placeholder(tf.float32, [2], name="xp")
    return tf.verify_tensor_all_finite(x / 0.0, "vtaf"), {"xp:0": [1., 2.]}


@run_error
def case_exclusive_fails(tf):
    x, y, z = tf.constant(0), tf.constant(1), tf.constant(2)
    return tf.case([(tf.less(x, y), lambda: tf.constant(1)), (tf.less(x, z), lambda: tf.constant(2))],
                   default=lambda: tf.constant(3), exclusive=True), {}


@run_error
def py_func_double(tf):
    return tf.py_func(lambda v: 1.5, [tf.constant(1.0)], tf.float32), {}


@run_error
def py_func_count(tf):
    x = tf.constant(1.0)
    return tf.py_func(lambda v: (v, v), [x], tf.float32), {}


@run_error
def py_func_value_error(tf):
    def bad(v):
        raise ValueError("bad thing")
    return tf.py_func(bad, [tf.constant(1.0)], tf.float32), {}


@build_error
def cond_python_bool(tf):
    tf.cond(True, lambda: tf.constant(1), lambda: tf.constant(2))


@build_error
def cond_int_pred(tf):
    tf.cond(tf.constant(1), lambda: tf.constant(1), lambda: tf.constant(2))


@build_error
def cond_dtype_mismatch(tf):
    tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(1))


@build_error
def cond_structure_mismatch(tf):
    x = tf.constant(1)
    tf.cond(tf.constant(True), lambda: (x, x), lambda: x)


@build_error
def cond_missing_false(tf):
    tf.cond(tf.constant(True), lambda: tf.constant(1))


@build_error
def cond_not_callable(tf):
    tf.cond(tf.constant(True), 1, lambda: tf.constant(1))


@build_error
def while_shape_changes(tf):
    tf.while_loop(lambda a: tf.reduce_sum(a) < 30, lambda a: tf.concat([a, a], 0), [tf.constant([1])])


@build_error
def while_nonscalar_cond(tf):
    tf.while_loop(lambda a: a < 3, lambda a: a + 1, [tf.constant([1])])


@build_error
def while_count_mismatch(tf):
    tf.while_loop(lambda a: a < 3, lambda a: (a, a), [tf.constant(1)])


@build_error
def while_not_callable(tf):
    tf.while_loop(1, lambda a: a, [tf.constant(1)])


@build_error
def while_no_vars(tf):
    tf.while_loop(lambda: True, lambda: 1, [])


@build_error
def assert_static_equal(tf):
    tf.assert_equal(tf.constant([1., 2.]), tf.constant([0., 2.]), message="eqmsg")


@build_error
def assert_rank_static(tf):
    tf.assert_rank(tf.placeholder(tf.float32, [5], name="xp"), 2)


@build_error
def assert_integer_static(tf):
    tf.assert_integer(tf.placeholder(tf.float32, [5], name="xp"))


@build_error
def assert_scalar_static(tf):
    tf.assert_scalar(tf.placeholder(tf.float32, [5], name="xp"))


# ----------------------------------------------------------------- printing (stdout/stderr)
# PRINT_CASES: fn(tf) -> (fetch, runs); what running it prints (stderr and stdout) is the golden.
PRINT_CASES = {}
print_case = registrar(PRINT_CASES)


@print_case
def print_values(tf):
    vals = [tf.constant([True, False]),
            tf.constant([1 / 3, 1e-8, 123456789.0, 1.5e20, -0.0, float("inf")], tf.float32),
            tf.constant([1 / 3, 1e-8, 123456789.0], tf.float64), tf.constant([b"a'b", b"c\n"]),
            tf.constant(2 ** 40, tf.int64), tf.constant([[1, 2], [3, 4]], tf.uint8), tf.zeros([0]),
            tf.constant([1.0, 2.5], tf.float16)]
    return tf.Print(tf.constant(1), vals, "M", summarize=10), 1


@print_case
def print_summarize(tf):
    p = tf.Print(tf.constant(1), [tf.reshape(tf.range(24), [2, 3, 4])], "N", summarize=7)
    q = tf.Print(p, [tf.reshape(tf.range(12), [3, 4])], "all ", summarize=-1)
    return q, 1


@print_case
def print_first_n(tf):
    return tf.Print(tf.constant(1), [tf.range(5)], "F", first_n=2), 3


@print_case
def print_traced_in_branches(tf):
    x = tf.placeholder_with_default(tf.constant([1.0, -2.0, 3.0, 4.0]), [4])
    r = tf.cond(tf.reduce_sum(x) > 0, lambda: tf.Print(x, [x], "pos: "), lambda: tf.Print(x, [x], "neg: "))
    w = tf.while_loop(lambda i: i < 3, lambda i: tf.Print(i + 1, [i], "it "), [tf.constant(0)])
    return [r * 2.0, w], 1


@print_case
def print_v2(tf):
    import sys
    a = tf.print("a", 1.5, tf.constant([1 / 3, 2.0]), tf.constant(["x", "y"]), tf.constant(True),
                 [1, tf.constant(2)], sep="|", end="$\n", output_stream=sys.stdout)
    with tf.control_dependencies([a]):
        b = tf.print(tf.constant(3), tf.reshape(tf.range(8), [2, 2, 2]), output_stream=sys.stdout)
    with tf.control_dependencies([b]):
        c = tf.print(tf.reshape(tf.range(100), [10, 10]), output_stream=sys.stdout, summarize=2)
    with tf.control_dependencies([c]):
        d = tf.print("to stderr", tf.constant([1, 2, 3, 4, 5]))
    return d, 1
