"""tf.data cases shared by the golden recorder (real TF) and the tests (tf1).

Each case is `fn(tf, np)` -> a JSON-able dict; it runs its own graph and sessions, so the same code
drives TensorFlow and tf1. Shapes are recorded as lists (None: unknown) and dtypes by name, never as
printed strings (TF 2's TensorShape prints `None` where TF 1.15 prints `?`).
"""
import os
import tempfile


def jsonable(v, np):
    if isinstance(v, dict):
        return {str(k): jsonable(x, np) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x, np) for x in v]
    if isinstance(v, bytes):
        return v.decode("latin-1")
    if isinstance(v, np.ndarray):
        return jsonable(v.tolist(), np)
    if isinstance(v, np.generic):
        return jsonable(v.item(), np)
    return v


def shape_of(s):
    return None if s.ndims is None else s.as_list()


def struct(x, leaf):
    if isinstance(x, dict):
        return {k: struct(x[k], leaf) for k in sorted(x)}
    if isinstance(x, tuple):
        return [struct(v, leaf) for v in x]
    return leaf(x)


def _shape_str_115(s):
    """TF 1.15's str(TensorShape): `(?, 3)`, `(3,)`, `()`, `<unknown>`."""
    if s.ndims is None:
        return "<unknown>"
    dims = ["?" if d is None else str(d) for d in s.as_list()]
    return "(%s,)" % dims[0] if len(dims) == 1 else "(%s)" % ", ".join(dims)


def _repr_115(tf, ds):
    """TF 1.15's Dataset.__repr__ (dataset_ops.py) applied to the legacy shapes/types: TF 2 prints
    `element_spec=` instead, so the oracle's printed form is rebuilt from TF 1.15's formula."""
    nest = tf.nest
    shapes = str(nest.map_structure(_shape_str_115, tf.data.get_output_shapes(ds))).replace("'", "")
    types = str(nest.map_structure(repr, tf.data.get_output_types(ds))).replace("'", "")
    return "<%s shapes: %s, types: %s>" % (type(ds).__name__, shapes, types)


def spec(tf, ds):
    printed = repr(ds) if tf.__version__.startswith("1.") else _repr_115(tf, ds)
    return {"repr": printed,"types": struct(tf.data.get_output_types(ds), lambda d: d.name),
            "shapes": struct(tf.data.get_output_shapes(ds), shape_of),
            "classes": struct(tf.data.get_output_classes(ds), lambda c: c.__name__),
            "class": type(ds).__name__}


def tensor_info(t):
    return {"name": t.name, "dtype": t.dtype.name, "shape": shape_of(t.get_shape())}


def drain(tf, np, sess, fetch, limit=200, feed_dict=None):
    out = []
    for _ in range(limit):
        try:
            out.append(jsonable(sess.run(fetch, feed_dict), np))
        except tf.errors.OpError as e:  # OutOfRange at the end; others (bad batch) end it too
            return out, first_line(e)
    return out, "no end"


def first_line(e):
    """The error's own first line (TF 2 puts "Graph execution error:" and the node's Python
    frames before it; TF 1.15 and tf1 start with it)."""
    lines = str(e.message).split("\n")
    if lines[0].startswith("Graph execution error"):
        node = [i for i, l in enumerate(lines) if l.startswith("Node: ")]
        lines = lines[node[0] + 1:] if node else lines
    return "%s: %s" % (type(e).__name__, lines[0])


def one_shot(tf, np, ds, limit=200):
    it = tf.data.make_one_shot_iterator(ds)
    nxt = it.get_next()
    with tf.Session() as sess:
        values, end = drain(tf, np, sess, nxt, limit)
    return {"spec": spec(tf, ds), "values": values, "end": end,
            "next": struct(nxt, tensor_info)}


def case_slices_matrix(tf, np):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(12, dtype=np.float32).reshape(4, 3))
    return one_shot(tf, np, ds)


def case_slices_nested(tf, np):
    ds = tf.data.Dataset.from_tensor_slices(
        {"a": np.arange(3), "b": (np.array([1.5, 2.5, 3.5]), np.array([b"x", b"y", b"z"]))})
    return one_shot(tf, np, ds)


def case_slices_list_is_tensor(tf, np):
    ds = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4], [5, 6]])
    return one_shot(tf, np, ds)


def case_from_tensors_repeat(tf, np):
    ds = tf.data.Dataset.from_tensors((np.array([1, 2, 3], np.int32), 7.0)).repeat(3)
    return one_shot(tf, np, ds)


def case_range(tf, np):
    r = {}
    for key, args in (("stop", (5,)), ("start_stop_step", (2, 10, 3)), ("negative", (10, 0, -2)),
                      ("empty", (3, 3))):
        r[key] = one_shot(tf, np, tf.data.Dataset.range(*args))
    return r


def case_zip_concatenate(tf, np):
    a = tf.data.Dataset.range(5)
    b = tf.data.Dataset.from_tensor_slices(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32))
    z = tf.data.Dataset.zip((a, {"v": b}))
    c = tf.data.Dataset.from_tensor_slices(np.array([[1], [2]], np.int64)).concatenate(
        tf.data.Dataset.from_tensor_slices(np.array([[3, 4]], np.int64)))
    return {"zip": one_shot(tf, np, z), "concat": one_shot(tf, np, c)}


def case_map(tf, np):
    scale = tf.constant(3, tf.int64)
    ds = tf.data.Dataset.range(4).map(lambda x: (x * scale, tf.cast(x, tf.float32) / 2.0))
    ds = ds.map(lambda a, b: {"sum": tf.cast(a, tf.float32) + b, "a": a})
    ds2 = tf.data.Dataset.range(3).map(lambda x: [x, x + 1])
    ds3 = tf.data.Dataset.range(2).map(lambda x: 5, num_parallel_calls=2)
    return {"chain": one_shot(tf, np, ds), "list": one_shot(tf, np, ds2), "const": one_shot(tf, np, ds3)}


def case_batch(tf, np):
    base = tf.data.Dataset.from_tensor_slices(np.arange(14, dtype=np.int32).reshape(7, 2))
    return {"keep": one_shot(tf, np, base.batch(3)),
            "drop": one_shot(tf, np, base.batch(3, drop_remainder=True)),
            "nested": one_shot(tf, np, tf.data.Dataset.zip((base, tf.data.Dataset.range(7))).batch(4)),
            "batch_of_batch": one_shot(tf, np, base.batch(2).batch(2))}


def case_padded_batch(tf, np):
    ds = tf.data.Dataset.range(1, 6).map(lambda x: tf.fill([tf.cast(x, tf.int32)], x))
    ds2 = tf.data.Dataset.range(1, 4).map(
        lambda x: (tf.fill(tf.stack([tf.cast(x, tf.int32), 2]), tf.cast(x, tf.float32)), x))
    minus_one = tf.constant(-1, tf.int64)
    return {"auto": one_shot(tf, np, ds.padded_batch(2, padded_shapes=[None])),
            "fixed": one_shot(tf, np, ds.padded_batch(3, padded_shapes=[6], padding_values=minus_one)),
            "tuple": one_shot(tf, np, ds2.padded_batch(2, padded_shapes=([4, None], []), drop_remainder=True))}


def case_shuffle_permutation(tf, np):
    ds = tf.data.Dataset.range(10).shuffle(4, seed=7).repeat(3)
    r = one_shot(tf, np, ds)
    epochs = [r["values"][i * 10:(i + 1) * 10] for i in range(3)]
    r["values"] = [sorted(e) for e in epochs]
    return r


def case_filter_take_skip(tf, np):
    base = tf.data.Dataset.range(20)
    return {"filter": one_shot(tf, np, base.filter(lambda x: tf.equal(x % 3, 0))),
            "take": one_shot(tf, np, base.take(4)),
            "skip": one_shot(tf, np, base.skip(17)),
            "take_all": one_shot(tf, np, base.take(-1).skip(18)),
            "prefetch_cache": one_shot(tf, np, base.take(3).cache().prefetch(2).repeat(2))}


def case_flat_map_interleave(tf, np):
    fm = tf.data.Dataset.range(4).flat_map(lambda x: tf.data.Dataset.from_tensors(x).repeat(x))
    il = tf.data.Dataset.range(1, 4).interleave(
        lambda x: tf.data.Dataset.from_tensors(x).repeat(4), cycle_length=2, block_length=3)
    return {"flat_map": one_shot(tf, np, fm), "interleave": one_shot(tf, np, il)}


def case_apply(tf, np):
    ds = tf.data.Dataset.range(6).apply(lambda d: d.map(lambda x: x * x).batch(4))
    en = tf.data.Dataset.from_tensor_slices(np.array([b"a", b"b", b"c"])).enumerate(start=5)
    return {"apply": one_shot(tf, np, ds), "enumerate": one_shot(tf, np, en)}


def case_initializable(tf, np):
    x = tf.placeholder(tf.float32, [None, 2])
    ds = tf.data.Dataset.from_tensor_slices(x).map(lambda v: v * 2.0).batch(2)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    r = {"next": tensor_info(nxt), "init": [it.initializer.name, it.initializer.type]}
    with tf.Session() as sess:
        sess.run(it.initializer, {x: np.arange(6, dtype=np.float32).reshape(3, 2)})
        r["first"] = drain(tf, np, sess, nxt)
        sess.run(it.initializer, {x: np.ones((1, 2), np.float32)})
        r["second"] = drain(tf, np, sess, nxt)
        sess.run(it.initializer, {x: np.zeros((4, 2), np.float32)})
        r["restart_one"] = jsonable(sess.run(nxt), np)
        sess.run(it.initializer, {x: np.full((4, 2), 5, np.float32)})
        r["restart_two"] = jsonable(sess.run(nxt), np)
    return r


def case_from_structure(tf, np):
    train = tf.data.Dataset.range(100).map(lambda x: (x, tf.cast(x, tf.float32))).batch(4)
    val = tf.data.Dataset.range(3).map(lambda x: (-x, tf.cast(x, tf.float32) * 0.5)).batch(2)
    it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
    a, b = it.get_next()
    t_init = it.make_initializer(train)
    v_init = it.make_initializer(val)
    r = {"next": [tensor_info(a), tensor_info(b)],
         "inits": [[t_init.name, t_init.type], [v_init.name, v_init.type]],
         "spec": {"types": struct(it.output_types, lambda d: d.name),
                  "shapes": struct(it.output_shapes, shape_of)}}
    with tf.Session() as sess:
        sess.run(t_init)
        r["train"] = [jsonable(sess.run([a, b]), np) for _ in range(2)]
        sess.run(v_init)
        r["val"] = drain(tf, np, sess, [a, b])
        sess.run(t_init)
        r["train_again"] = jsonable(sess.run(a), np)
    try:
        it.make_initializer(tf.data.Dataset.range(3))
    except (TypeError, ValueError) as e:
        r["mismatch"] = type(e).__name__
    try:
        it.initializer
    except ValueError as e:
        r["no_initializer"] = type(e).__name__  # TF 2 reworded it (tests check TF 1.15's)
    return r


def case_string_handle(tf, np):
    train = tf.data.Dataset.range(10).repeat()
    val = tf.data.Dataset.range(100, 103)
    handle = tf.placeholder(tf.string, shape=[])
    it = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    nxt = it.get_next()
    t_it = tf.data.make_one_shot_iterator(train)
    v_it = tf.data.make_initializable_iterator(val)
    r = {"next": tensor_info(nxt), "handle_op": t_it.string_handle().op.type}
    with tf.Session() as sess:
        th, vh = sess.run([t_it.string_handle(), v_it.string_handle()])
        sess.run(v_it.initializer)
        r["train"] = [jsonable(sess.run(nxt, {handle: th}), np) for _ in range(3)]
        r["val"] = drain(tf, np, sess, nxt, feed_dict={handle: vh})
        r["train_more"] = jsonable(sess.run(nxt, {handle: th}), np)
    return r


def case_same_run_one_element(tf, np):
    ds = tf.data.Dataset.from_tensor_slices((np.arange(4), np.arange(4) * 10))
    a, b = tf.data.make_one_shot_iterator(ds).get_next()
    s = a + b
    with tf.Session() as sess:
        r = [jsonable(sess.run([a, b, s, a]), np) for _ in range(2)]
        r.append(jsonable(sess.run(s), np))
    return {"runs": r}


def case_uninitialized(tf, np):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(3))
    nxt = it.get_next()
    with tf.Session() as sess:
        try:
            sess.run(nxt)
            return {"error": None}
        except tf.errors.FailedPreconditionError as e:
            return {"error": first_line(e)}


def case_build_errors(tf, np):
    r = {}
    try:
        tf.data.Dataset.range(3).filter(lambda x: x)
    except (TypeError, ValueError) as e:
        r["filter_not_bool"] = type(e).__name__
    try:
        tf.data.Dataset.range(3).concatenate(tf.data.Dataset.from_tensors(1.0))
    except TypeError as e:
        r["concat_types"] = type(e).__name__
    try:
        iter(tf.data.Dataset.range(3))
    except RuntimeError as e:
        r["iter"] = type(e).__name__  # the message is TF 2's here (tests check TF 1.15's)
    try:
        tf.data.Dataset.from_tensor_slices((np.zeros(3), np.zeros(2)))
    except ValueError as e:
        r["slices_mismatch"] = type(e).__name__
    return r


def case_files(tf, np):
    d = tempfile.mkdtemp()
    lines = [os.path.join(d, "a.txt"), os.path.join(d, "b.txt")]
    with open(lines[0], "w") as f:
        f.write("1,2\n3,4\r\n5,6\n")
    with open(lines[1], "w") as f:
        f.write("7,8")
    rec = os.path.join(d, "r.tfrecord")
    with tf.python_io.TFRecordWriter(rec) as w:
        for i in range(4):
            w.write(("record-%d" % i).encode())
    text = tf.data.TextLineDataset(lines)
    parsed = text.map(lambda s: tf.string_to_number(tf.string_split([s], ",").values, tf.int32))
    return {"text": one_shot(tf, np, text), "parsed": one_shot(tf, np, parsed),
            "tfrecord": one_shot(tf, np, tf.data.TFRecordDataset(rec)),
            "tfrecord_batched": one_shot(tf, np, tf.data.TFRecordDataset([rec, rec]).batch(3))}


def case_op_names(tf, np):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(6)).map(lambda x: x + 1).shuffle(3).repeat(2) \
        .batch(2).prefetch(1)
    it = tf.data.make_one_shot_iterator(ds)
    nxt = it.get_next()
    g = tf.get_default_graph()
    names = [[op.name, op.type] for op in g.get_operations()
             if op.type.endswith("Dataset") or op.type.endswith("DatasetV2") or "Iterator" in op.type]
    # Every op but a function body's (TF keeps those in function graphs; tf1 records them in the
    # graph under a `Dataset_<kind>` scope).
    # TF 1.15's structure.normalize_element converts components under "normalize_tensors" (TF 2.x
    # renamed the scope "normalize_element").
    every = [[op.name.replace("normalize_element/", "normalize_tensors/"), op.type]
             for op in g.get_operations() if not op.name.startswith("Dataset_")]
    return {"ops": names, "every": every, "next": tensor_info(nxt), "iterator": it._iterator_resource.op.type}


def case_training_loop(tf, np):
    """The common TF1 pattern: features/labels from a dataset feed a model trained to the end."""
    tf.set_random_seed(1)
    xs = np.linspace(-1, 1, 32).astype(np.float32).reshape(-1, 1)
    ys = (3 * xs + 1).astype(np.float32)
    ds = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(8).repeat(5)
    x, y = tf.data.make_one_shot_iterator(ds).get_next()
    w = tf.Variable(tf.zeros([1, 1]))
    b = tf.Variable(tf.zeros([1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    steps = 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        while True:
            try:
                sess.run(train)
                steps += 1
            except tf.errors.OutOfRangeError:
                break
        wv, bv = sess.run([w, b])
    return {"steps": steps, "w": round(float(wv[0, 0]), 4), "b": round(float(bv[0]), 4)}


def case_generator(tf, np):
    def gen():
        for i in range(3):
            yield i, [float(i)] * i
    ds = tf.data.Dataset.from_generator(gen, (tf.int64, tf.float32), (tf.TensorShape([]), tf.TensorShape([None])))
    return one_shot(tf, np, ds)



def case_map_host_ops(tf, np):
    words = tf.data.Dataset.from_tensor_slices(np.array([b"a b", b"c d e"])).map(
        lambda s: tf.string_split([s]).values)
    py = tf.data.Dataset.range(3).map(lambda x: tf.py_func(lambda v: v * 3, [x], tf.int64))
    return {"words": one_shot(tf, np, words), "py_func": one_shot(tf, np, py)}


def case_list_files(tf, np):
    d = tempfile.mkdtemp()
    for name in ("b.csv", "a.csv", "c.txt"):
        open(os.path.join(d, name), "w").close()
    plain = tf.data.Dataset.list_files(os.path.join(d, "*.csv"), shuffle=False)
    shuffled = tf.data.Dataset.list_files([os.path.join(d, "*.csv"), os.path.join(d, "*.txt")], seed=3)

    def names(r):
        r["values"] = [os.path.basename(v) for v in r["values"]]
        return r
    s = names(one_shot(tf, np, shuffled))
    s["values"] = sorted(s["values"])
    return {"plain": names(one_shot(tf, np, plain)), "shuffled": s}


def case_experimental(tf, np):
    ex = tf.data.experimental
    base = tf.data.Dataset.range(7)
    r = {"map_and_batch": one_shot(tf, np, base.apply(ex.map_and_batch(lambda x: x * 2, 3))),
            "map_and_batch_drop": one_shot(tf, np, base.apply(ex.map_and_batch(lambda x: (x, -x), 3,
                                                                                drop_remainder=True))),
            "unbatch": one_shot(tf, np, base.batch(3).apply(ex.unbatch())),
            "parallel_interleave": one_shot(tf, np, tf.data.Dataset.range(1, 4).apply(ex.parallel_interleave(
                lambda x: tf.data.Dataset.from_tensors(x).repeat(x), cycle_length=2))),
            "shuffle_and_repeat": one_shot(tf, np, base.apply(ex.shuffle_and_repeat(7, 2, seed=1)))}
    values = r["shuffle_and_repeat"]["values"]
    r["shuffle_and_repeat"]["values"] = [sorted(values[:7]), sorted(values[7:])]  # a permutation per epoch
    return r



def case_shard_fixed_length(tf, np):
    d = tempfile.mkdtemp()
    path = os.path.join(d, "f.bin")
    with open(path, "wb") as f:
        f.write(b"HH" + b"".join(b"%03d" % i for i in range(5)) + b"F")
    fixed = tf.data.FixedLengthRecordDataset(path, 3, header_bytes=2, footer_bytes=1)
    return {"shard": one_shot(tf, np, tf.data.Dataset.range(10).shard(3, 1)),
            "fixed": one_shot(tf, np, fixed)}



def case_parallel_reads(tf, np):
    d = tempfile.mkdtemp()
    paths = []
    for k in range(3):
        paths.append(os.path.join(d, "f%d.tfrecord" % k))
        with tf.python_io.TFRecordWriter(paths[-1]) as w:
            for i in range(k + 2):
                w.write(("f%d-%d" % (k, i)).encode())
    return {"parallel": one_shot(tf, np, tf.data.TFRecordDataset(paths, num_parallel_reads=2)),
            "from_dataset": one_shot(tf, np, tf.data.TFRecordDataset(tf.data.Dataset.from_tensor_slices(paths))),
            "interleave_files": one_shot(tf, np, tf.data.Dataset.from_tensor_slices(paths).interleave(
                tf.data.TFRecordDataset, cycle_length=3, block_length=2))}


CASES = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}
