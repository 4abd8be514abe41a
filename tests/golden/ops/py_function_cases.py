"""`tf.py_function` / `tf.numpy_function` cases shared by the golden recorder (py_function_make.py,
real TF) and tests/ops/test_py_function.py (tf1). Each case is `fn(tf, np)` -> JSON-able dict."""
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _j(v, np):
    if isinstance(v, (list, tuple)):
        return [_j(x, np) for x in v]
    if isinstance(v, bytes):
        return v.decode("latin-1")
    a = np.asarray(v)
    return {"dtype": a.dtype.name, "value": a.tolist()} if a.dtype != object else a.tolist()


def _run(tf, np, fetch):
    with tf.Session() as sess:
        try:
            return _j(sess.run(fetch), np)
        except tf.errors.OpError as e:
            lines = e.message.split("\n")
            if lines[0].startswith("Graph execution error"):  # TF 2's frame around the kernel's text
                node = [i for i, l in enumerate(lines) if l.startswith("Node: ")]
                lines = lines[node[0] + 1:]
            return {"error": type(e).__name__, "first_line": lines[0]}


def _info(t):
    return {"name": t.name, "dtype": t.dtype.name,
            "shape": None if t.get_shape().ndims is None else t.get_shape().as_list()}


@case
def values(tf, np):
    seen = {}

    def f(x, y):
        seen["x"] = [x.numpy().tolist(), x.shape.as_list(), x.dtype.name, type(x.numpy()).__name__]
        return x * 2 + y

    a = tf.constant([1., 2.])
    b = tf.constant(3.)
    r = tf.py_function(f, [a, b], tf.float32)
    two = tf.py_function(lambda x: [x, x + 1], [a], [tf.float32, tf.float32], name="two")
    out = {"infos": [_info(r)] + [_info(t) for t in two], "op": [r.op.type, r.op.name, sorted(r.op.node_def.attr)]}
    out["r"] = _run(tf, np, r)
    out["two"] = _run(tf, np, two)
    out["seen"] = seen["x"]
    out["python_float"] = _run(tf, np, tf.py_function(lambda x: 1.5, [a], tf.float32))
    out["float64_to_32"] = _run(tf, np, tf.py_function(lambda x: np.float64(2.25), [a], tf.float32))
    out["ints_to_float"] = _run(tf, np, tf.py_function(lambda x: np.array([1, 2]), [a], tf.float32))
    out["int32_to_int64"] = _run(tf, np, tf.py_function(lambda x: x.numpy().astype(np.int32),
                                                        [tf.constant(3, tf.int64)], tf.int64))
    out["tuple_for_one"] = _run(tf, np, tf.py_function(lambda x: (1., 2.), [a], tf.float32))
    out["string"] = _run(tf, np, tf.py_function(lambda s: s.numpy() + b"!", [tf.constant(b"hi")], tf.string))
    out["scalar_numpy"] = _run(tf, np, tf.py_function(lambda s: np.float32(s.numpy() * 2),
                                                      [tf.constant(2.5)], tf.float32))
    out["control_flow"] = _run(tf, np, tf.py_function(lambda n: sum(i for i in range(int(n))),
                                                      [tf.constant(5)], tf.int32))
    none = tf.py_function(lambda x: None, [a], [])
    out["no_outputs"] = [type(none).__name__, none.type, _run(tf, np, none)]
    return out


@case
def errors(tf, np):
    a = tf.constant([1., 2.])
    out = {}
    for key, fn, tout in (("zero_division", lambda x: 1 / 0, tf.float32),
                          ("value_error", lambda x: int("q"), tf.float32),
                          ("stop_iteration", lambda x: next(iter([])), tf.float32),
                          ("count", lambda x: 1., [tf.float32, tf.float32]),
                          ("bad_string", lambda x: "a", tf.float32),
                          ("float_to_int", lambda x: 1.5, tf.int32)):
        out[key] = _run(tf, np, tf.py_function(fn, [a], tout))
    return out


@case
def numpy_function(tf, np):
    a = tf.constant([1., 2.])
    r = tf.numpy_function(lambda x: x * 2, [a], tf.float32)
    out = {"info": _info(r), "op": [r.op.type, r.op.name], "r": _run(tf, np, r)}
    out["wrong_dtype"] = _run(tf, np, tf.numpy_function(lambda x: x.astype(np.float64), [a], tf.float32))
    return out
