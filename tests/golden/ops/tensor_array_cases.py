"""TensorArray cases -- alone and as tf.while_loop variables -- shared by the golden recorder
(tensor_array_make.py, run under real TensorFlow) and tests/ops/test_tensor_array_golden.py (tf1).

CASES: `fn(tf) -> (fetches, feeds, runs)`: `fetches` maps a key to a Tensor or a (nested) list/tuple
  of Tensors; the session runs them `runs` times after `tf.global_variables_initializer()`. A key
  "train" holds an op run with the other fetches (its value is not recorded). Keys starting with
  `grad` hold gradients: values are compared, not names.
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

X5 = np.array([0.5, -1.0, 2.0, 3.0, -0.25], np.float32)
X32 = np.arange(6, dtype=np.float32).reshape(3, 2) / 4.0 - 0.5


# ----------------------------------------------------------------------------- outside loops

@case
def outside_write_read_stack(tf):
    x = tf.constant(X5)
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False)
    ta = ta.write(0, x[0] * 2.0).write(2, x[1])
    u = tf.TensorArray(tf.float32, size=5).unstack(x * 3.0)
    return {"stack": ta.stack(), "read": ta.read(2), "size": ta.size(), "u_read": u.read(3),
            "grad": tf.gradients(tf.reduce_sum(ta.stack() * ta.stack()) + u.read(4), x)}, {}, 1


@case
def outside_gather_concat_identity(tf):
    x = tf.constant(X32)
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
    ta2 = ta.identity()
    ta.close()
    return {"gather": ta.gather([2, 0]), "concat": ta2.concat(), "stack": ta2.stack(),
            "grad": tf.gradients(tf.reduce_sum(ta.gather([2, 0]) * 2.0) + tf.reduce_sum(ta2.concat()), x)}, {}, 1


@case
def outside_dynamic(tf):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)
    ta = ta.write(0, [1.0, 2.0]).write(2, [3.0, 4.0])
    return {"stack": ta.stack(), "size": ta.size(), "concat": ta.concat()}, {}, 1


@case
def outside_split_scatter(tf):
    x = tf.constant(np.arange(6, dtype=np.float32))
    sp = tf.TensorArray(tf.float32, size=3, clear_after_read=False).split(x * 2.0, [2, 2, 2])
    sc = tf.TensorArray(tf.float32, size=4).scatter([3, 1], tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    return {"split_stack": sp.stack(), "split_read": sp.read(1), "scatter": sc.stack(),
            "grad": tf.gradients(tf.reduce_sum(sp.stack() ** 2), x)}, {}, 1


@case
def outside_element_shape(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    return {"stack": ta.stack(), "shape_kept": tf.TensorArray(tf.float32, size=2, clear_after_read=False)
            .write(0, [[1.0, 2.0, 3.0]]).write(1, [[4.0, 5.0, 6.0]]).stack()}, {}, 1


@case
def outside_shape_inference(tf):
    a = tf.TensorArray(tf.float32, size=2, infer_shape=False, clear_after_read=False).write(0, [1.0, 2.0])
    b = tf.TensorArray(tf.float32, size=2, infer_shape=False, element_shape=[2],
                       clear_after_read=False).write(0, [1.0, 2.0])
    c = tf.TensorArray(tf.float32, size=2, dynamic_size=True, clear_after_read=False).write(0, [[1.0, 2.0]])
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    d = tf.TensorArray(tf.float32, size=3).unstack(x)
    return {"a": [a.read(0)], "b": [b.stack(), b.read(0), b.gather([0]), b.concat()],
            "c": [c.stack(), c.read(0), c.gather([0, 1]), c.concat()], "d": [d.stack(), d.size()]}, \
        {"x": np.ones([3, 3], np.float32)}, 1


# ------------------------------------------------------------------------------- in loops

@case
def loop_write_stack(tf):
    x = tf.constant(X5)
    ta = tf.TensorArray(tf.float32, size=5)
    _, ta = tf.while_loop(lambda i, ta: i < 5, lambda i, ta: (i + 1, ta.write(i, x[i] * 2.0)), [0, ta])
    out = ta.stack()
    return {"out": out, "size": ta.size(), "grad": tf.gradients(tf.reduce_sum(out * out), x)}, {}, 2


@case
def loop_read_unstack(tf):
    x = tf.constant(X32)
    ta_in = tf.TensorArray(tf.float32, size=3).unstack(x)
    out = tf.TensorArray(tf.float32, size=3)

    def body(i, acc, out):
        v = ta_in.read(i)
        return i + 1, acc + v * v, out.write(i, acc + v)
    _, acc, out = tf.while_loop(lambda i, *_: i < 3, body, [0, tf.zeros([2]), out])
    s = out.stack()
    return {"acc": acc, "stack": s,
            "grad": tf.gradients(tf.reduce_sum(s * s) + tf.reduce_sum(acc), x)}, {}, 2


@case
def loop_fed_length(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    n = tf.shape(x)[0]
    ta_in = tf.TensorArray(tf.float32, size=n).unstack(x)
    ta = tf.TensorArray(tf.float32, size=n)
    _, ta = tf.while_loop(lambda i, ta: i < n, lambda i, ta: (i + 1, ta.write(i, tf.tanh(ta_in.read(i)))),
                          [0, ta])
    s = ta.stack()
    return {"stack": s, "grad": tf.gradients(tf.reduce_sum(s), x)}, {"x": X32}, 2


@case
def loop_dynamic_static_trips(tf):
    x = tf.constant(X5)
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    _, ta = tf.while_loop(lambda i, ta: i < 4, lambda i, ta: (i + 1, ta.write(i, tf.stack([x[i], 1.0]))),
                          [0, ta])
    s = ta.stack()
    return {"stack": s, "size": ta.size(), "grad": tf.gradients(tf.reduce_sum(s * s), x)}, {}, 2


@case
def loop_dynamic_fed(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    n = tf.shape(x)[0]
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    _, ta = tf.while_loop(lambda i, ta: i < n, lambda i, ta: (i + 1, ta.write(i, x[i] * 3.0)), [0, ta])
    s = ta.stack()
    return {"stack": s, "size": ta.size(), "grad": tf.gradients(tf.reduce_sum(s * s), x)}, {"x": X32}, 2


@case
def loop_dynamic_max_iterations(tf):
    x = tf.placeholder(tf.float32, [5], name="x")
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)

    def cond(i, acc, ta):
        return acc < 3.0

    def body(i, acc, ta):
        return i + 1, acc + tf.abs(x[i]), ta.write(i, acc * x[i])
    i, acc, ta = tf.while_loop(cond, body, (0, 0.0, ta), maximum_iterations=5)
    s = ta.stack()
    return {"i": i, "stack": s, "size": ta.size(), "grad": tf.gradients(tf.reduce_sum(s), x)}, {"x": X5}, 2


@case
def loop_size_in_cond(tf):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    i, ta = tf.while_loop(lambda i, ta: ta.size() < 4,
                          lambda i, ta: (i + 1, ta.write(i, tf.ones([2]) * tf.cast(i, tf.float32))), [0, ta])
    return {"i": i, "stack": ta.stack(), "size": ta.size()}, {}, 1


@case
def loop_nested_structures(tf):
    x = tf.constant(X32)
    tas = {"a": tf.TensorArray(tf.float32, size=3),
           "b": [tf.TensorArray(tf.float32, size=3, element_shape=[2]), tf.zeros([2])]}

    def body(i, s):
        v = x[i]
        return i + 1, {"a": s["a"].write(i, tf.reduce_sum(v)), "b": [s["b"][0].write(i, v * s["b"][1]),
                                                                      s["b"][1] + v]}
    _, out = tf.while_loop(lambda i, s: i < 3, body, (0, tas))
    a, b = out["a"].stack(), out["b"][0].stack()
    return {"a": a, "b": b, "acc": out["b"][1],
            "grad": tf.gradients(tf.reduce_sum(a) + tf.reduce_sum(b * b), x)}, {}, 1


@case
def loop_shape_invariants(tf):
    ta = tf.TensorArray(tf.float32, size=3)

    def body(i, v, ta):
        return i + 1, tf.concat([v, [tf.cast(i, tf.float32)]], 0), ta.write(i, tf.reduce_sum(v))
    _, v, ta = tf.while_loop(lambda i, v, ta: i < 3, body, [0, tf.constant([1.0]), ta],
                             shape_invariants=[tf.TensorShape([]), tf.TensorShape([None]),
                                               tf.TensorShape(None)])
    return {"v": v, "stack": ta.stack()}, {}, 1


@case
def loop_maximum_iterations_single(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    r = tf.while_loop(lambda ta: True, lambda ta: ta.write(0, [1.0, 2.0]), [ta], maximum_iterations=1)
    return {"stack": r.stack()}, {}, 1


@case
def loop_options(tf):
    x = tf.constant(X5)
    ta = tf.TensorArray(tf.float32, size=5)
    _, ta = tf.while_loop(lambda i, ta: i < 5, lambda i, ta: (i + 1, ta.write(i, x[i] + 1.0)), [0, ta],
                          back_prop=False, parallel_iterations=1, swap_memory=True)
    ta2 = tf.TensorArray(tf.float32, size=5)
    _, ta2 = tf.while_loop(lambda i, ta: i < 5, lambda i, ta: (i + 1, ta.write(i, x[i] * x[i])), [0, ta2],
                           parallel_iterations=32)
    s2 = ta2.stack()
    return {"no_backprop": ta.stack(), "par": s2, "grad": tf.gradients(tf.reduce_sum(s2), x)}, {}, 1


@case
def loop_matrix_concat_split(tf):
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2) / 10.0)
    ta_in = tf.TensorArray(tf.float32, size=3).split(x, [2, 2, 2])
    out = tf.TensorArray(tf.float32, size=3)
    _, out = tf.while_loop(lambda i, o: i < 3, lambda i, o: (i + 1, o.write(i, tf.transpose(ta_in.read(i)))),
                           [0, out])
    c = out.concat()
    return {"concat": c, "grad": tf.gradients(tf.reduce_sum(c * tf.range(6.0)[:, None]), x)}, {}, 1


@case
def loop_scatter(tf):
    x = tf.placeholder(tf.float32, [4], name="x")
    ta = tf.TensorArray(tf.float32, size=4)
    _, ta = tf.while_loop(lambda i, ta: i < 4,
                          lambda i, ta: (i + 1, ta.scatter([i], tf.reshape(x[i], [1]) * 2.0)), [0, ta])
    s = ta.stack()
    d = tf.TensorArray(tf.float32, size=0, dynamic_size=True).scatter([3, 1], tf.reshape(x, [2, 2]))
    return {"stack": s, "dynamic": d.stack(), "grad": tf.gradients(tf.reduce_sum(s * s), x)}, \
        {"x": X5[:4]}, 2


@case
def loop_nested_loops(tf):
    x = tf.constant(X32)
    outer = tf.TensorArray(tf.float32, size=3)

    def obody(i, outer):
        inner = tf.TensorArray(tf.float32, size=2)
        _, inner = tf.while_loop(lambda j, t: j < 2,
                                 lambda j, t: (j + 1, t.write(j, x[i, j] * tf.cast(i + j, tf.float32))),
                                 [0, inner])
        return i + 1, outer.write(i, inner.stack())
    _, outer = tf.while_loop(lambda i, o: i < 3, obody, [0, outer])
    s = outer.stack()
    return {"stack": s, "grad": tf.gradients(tf.reduce_sum(s * s), x)}, {}, 2


@case
def loop_variables_gradient(tf):
    x = tf.constant(X32)
    w = tf.Variable([[0.5, -0.25], [0.75, 1.0]], name="w")
    ta_in = tf.TensorArray(tf.float32, size=3).unstack(x)
    out = tf.TensorArray(tf.float32, size=3)

    def body(t, h, out):
        h = tf.tanh(tf.matmul(tf.expand_dims(ta_in.read(t), 0), w)[0] + h)
        return t + 1, h, out.write(t, h)
    _, h, out = tf.while_loop(lambda t, *_: t < 3, body, [0, tf.zeros([2]), out])
    loss = tf.reduce_sum(out.stack() ** 2)
    gw, gx = tf.gradients(loss, [w, x])
    return {"loss": loss, "h": h, "grad_w": gw, "grad_x": gx}, {}, 1


@case
def rnn_training(tf):
    """The tutorial pattern: a cell unrolled by while_loop over a TensorArray, trained by SGD."""
    rng = np.random.RandomState(0)
    xs = rng.randn(4, 3, 2).astype(np.float32)  # [time, batch, features]
    ys = rng.randn(3, 1).astype(np.float32)
    x = tf.placeholder(tf.float32, [4, 3, 2], name="x")
    y = tf.placeholder(tf.float32, [3, 1], name="y")
    wx = tf.Variable(rng.randn(2, 4).astype(np.float32) * 0.5, name="wx")
    wh = tf.Variable(rng.randn(4, 4).astype(np.float32) * 0.5, name="wh")
    wo = tf.Variable(rng.randn(4, 1).astype(np.float32) * 0.5, name="wo")
    inputs = tf.TensorArray(tf.float32, size=4).unstack(x)
    outputs = tf.TensorArray(tf.float32, size=4)

    def step(t, h, outputs):
        h = tf.tanh(tf.matmul(inputs.read(t), wx) + tf.matmul(h, wh))
        return t + 1, h, outputs.write(t, h)
    _, h, outputs = tf.while_loop(lambda t, *_: t < 4, step, [0, tf.zeros([3, 4]), outputs])
    seq = outputs.stack()
    pred = tf.matmul(tf.reduce_mean(seq, 0), wo)
    loss = tf.reduce_mean((pred - y) ** 2)
    train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
    return {"loss": loss, "seq_shape": tf.shape(seq), "train": train}, {"x": xs, "y": ys}, 4


# ------------------------------------------------------------------------------------- errors

@build_error
def write_inconsistent_shape(tf):
    tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).write(1, [1.0, 2.0, 3.0])


@build_error
def write_element_shape_mismatch(tf):
    tf.TensorArray(tf.float32, size=2, element_shape=[2]).write(0, [1.0, 2.0, 3.0])


@build_error
def loop_invariant_not_scalar(tf):
    ta = tf.TensorArray(tf.float32, size=3)
    tf.while_loop(lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(i, 1.0)), [0, ta],
                  shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])


@build_error
def loop_inconsistent_shape_in_body(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    tf.while_loop(lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(i, [1.0, 2.0, 3.0])), [0, ta])


@run_error
def read_out_of_range(tf):
    return tf.TensorArray(tf.float32, size=5).unstack(tf.zeros([5])).read(5), {}


@run_error
def read_negative(tf):
    return tf.TensorArray(tf.float32, size=5).unstack(tf.zeros([5])).read(-1), {}


@run_error
def write_out_of_range(tf):
    return tf.TensorArray(tf.float32, size=5).write(5, 1.0).stack(), {}


@run_error
def write_wrong_dtype(tf):
    return tf.TensorArray(tf.float32, size=5).write(0, tf.constant(1)).stack(), {}


@run_error
def read_twice(tf):
    ta = tf.TensorArray(tf.float32, size=2).unstack(tf.ones([2]))
    return [ta.read(0), ta.read(0)], {}


@run_error
def read_then_stack(tf):
    ta = tf.TensorArray(tf.float32, size=2).unstack(tf.ones([2]))
    return [ta.read(1), ta.stack()], {}


@run_error
def stack_twice(tf):
    ta = tf.TensorArray(tf.float32, size=2).unstack(tf.ones([2]))
    return [ta.stack(), ta.stack()], {}


@run_error
def read_twice_after_loop(tf):
    ta = tf.TensorArray(tf.float32, size=3)
    _, ta = tf.while_loop(lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(i, 2.0)), [0, ta])
    return [ta.read(2), ta.stack()], {}


@run_error
def split_unequal(tf):
    return tf.TensorArray(tf.float32, size=3).split(tf.range(6.0), [1, 2, 3]).read(0), {}


@run_error
def split_bad_sum(tf):
    return tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [2, 2]).read(0), {}


# ----------------------------------------------------------------------------- tf.cond branches

@case
def cond_branches_return_arrays(tf):
    """A cond inside the loop body returns the array each branch wrote (fixed size), and a cond outside
    loops returns a dynamic array both branches filled."""
    x = tf.constant(X32 * 4.0)
    ta = tf.TensorArray(tf.float32, size=3)

    def body(i, ta):
        ta = tf.cond(tf.equal(i % 2, 0), lambda: ta.write(i, x[i] * 10.0), lambda: ta.write(i, -x[i]))
        return i + 1, ta

    _, ta = tf.while_loop(lambda i, ta: i < 3, body, [0, ta])
    out = ta.stack()
    p = tf.constant(False)
    dyn = tf.TensorArray(tf.float32, size=2, dynamic_size=True)
    picked = tf.cond(p, lambda: dyn.write(0, 1.0).write(1, 2.0), lambda: dyn.write(0, 5.0).write(1, 6.0))
    return {"stack": out, "picked": picked.stack(),
            "grad": tf.gradients(tf.reduce_sum(out * out), x)}, {}, 1
