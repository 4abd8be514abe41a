"""More tf.contrib.layers (bias_add, one_hot_encoding, unit_norm, maxout, spatial_softmax, instance_norm,
group_norm, embedding_lookup_unique, summarize_*) scenarios, run by real TF 1.15 code
(optimize_loss_make.py: tf_slim, which is contrib.layers' code, and TF 1.15's embedding_ops.py) and by
tf1 (tests/training/test_contrib_layers_extra.py).

Each scenario takes the `tf` module and returns JSON-able facts: variable names and collections,
output names and shapes, and values for a deterministic input.
"""
import numpy as np


def _round(x):
    return np.round(np.asarray(x, np.float64), 4).tolist()


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 (the type and message are the facts)
        return [type(e).__name__, str(e)]
    return None


def _x(tf, shape=(2, 3, 4, 6)):
    n = int(np.prod(shape))
    return tf.reshape(tf.sin(tf.range(1, n + 1, dtype=tf.float32)) * 3.0, list(shape))


def _run(tf, outputs):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [_round(v) for v in sess.run(outputs)]


def _vars(tf):
    return {"global": [v.name for v in tf.global_variables()],
            "model": [v.name for v in tf.model_variables()],
            "trainable": [v.name for v in tf.trainable_variables()]}


def bias_add(tf):
    x = _x(tf)
    a = tf.contrib.layers.bias_add(x, initializer=tf.constant_initializer(0.5), activation_fn=tf.nn.relu,
                                   outputs_collections="outs")
    b = tf.contrib.layers.bias_add(tf.transpose(x, [0, 3, 1, 2]), data_format="NCHW", scope="nchw",
                                   variables_collections={"biases": ["my_biases"]})
    c = tf.contrib.layers.bias_add(x[:, :, :, :2], trainable=False)
    return {"names": [a.name, b.name, c.name], "vars": _vars(tf),
            "my_biases": [v.name for v in tf.get_collection("my_biases")],
            "outs": [t.name for t in tf.get_collection("outs")],
            "aliases": list(getattr(a, "aliases", [])),
            "values": _run(tf, [a[0, 0], b[1, :, 0, 0], c[0, 0, 0]]),
            "errors": {"format": _err(lambda: tf.contrib.layers.bias_add(x, data_format="NCW")),
                       "nchw_rank": _err(lambda: tf.contrib.layers.bias_add(x[0], data_format="NCHW"))}}


def one_hot_unit_norm_maxout(tf):
    oh = tf.contrib.layers.one_hot_encoding(tf.constant([0, 2, 1]), 4, on_value=2.0, off_value=-1.0)
    oh64 = tf.contrib.layers.one_hot_encoding(tf.constant([3], tf.int64), 4)
    x = _x(tf)
    un = [tf.contrib.layers.unit_norm(x, d) for d in (1, 3)]
    mo = tf.contrib.layers.maxout(x, 3)
    mo1 = tf.contrib.layers.maxout(x, 2, axis=2, scope="mo_axis")
    return {"names": [t.name for t in [oh, oh64] + un + [mo, mo1]],
            "shapes": [t.shape.as_list() for t in [oh, oh64] + un + [mo, mo1]],
            "values": _run(tf, [oh, oh64, un[0][1, :, 2, 3], un[1][0, 1, 2], mo[1, 2], mo1[0, 1, :, 1]]),
            "errors": {"maxout": _err(lambda: tf.contrib.layers.maxout(x, 4)),
                       "unit_norm_dim": _err(lambda: tf.contrib.layers.unit_norm(x, 4))}}


def spatial_softmax(tf):
    x = _x(tf)
    a = tf.contrib.layers.spatial_softmax(x)
    b = tf.contrib.layers.spatial_softmax(tf.transpose(x, [0, 3, 1, 2]), temperature=0.5, data_format="NCHW",
                                          trainable=False)
    return {"names": [a.name, b.name], "shapes": [a.shape.as_list(), b.shape.as_list()], "vars": _vars(tf),
            "values": _run(tf, [a, b])}


def instance_norm(tf):
    x = _x(tf)
    a = tf.contrib.layers.instance_norm(x)
    b = tf.contrib.layers.instance_norm(tf.transpose(x, [0, 3, 1, 2]), data_format="NCHW", center=False,
                                        param_initializers={"gamma": tf.constant_initializer(2.0)},
                                        activation_fn=tf.nn.relu)
    return {"names": [a.name, b.name], "vars": _vars(tf), "values": _run(tf, [a[1, 2], b[0, :, 1, 2]])}


def group_norm(tf):
    x = _x(tf)
    a = tf.contrib.layers.group_norm(x, groups=3)
    b = tf.contrib.layers.group_norm(x, groups=2, channels_axis=2, reduction_axes=(1, -1), scale=False,
                                     mean_close_to_zero=True)
    p = tf.placeholder(tf.float32, [None, 3, 4, 6])
    c = tf.contrib.layers.group_norm(p, groups=6, scope="dyn")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        xv = sess.run(x)
        vals = [_round(v) for v in sess.run([a[0, 1], b[1, 2, :, 3], c[1, 0]], {p: xv})]
    return {"names": [a.name, b.name, c.name], "vars": _vars(tf), "values": vals,
            "errors": {"groups": _err(lambda: tf.contrib.layers.group_norm(x, groups=4)),
                       "too_many": _err(lambda: tf.contrib.layers.group_norm(x, groups=12)),
                       "exclusive": _err(lambda: tf.contrib.layers.group_norm(x, groups=2, channels_axis=-2))}}


def embedding_lookup_unique(tf):
    params = tf.reshape(tf.range(20, dtype=tf.float32), [5, 4])
    ids = tf.constant([[1, 3, 1], [4, 0, 3]])
    out = tf.contrib.layers.embedding_lookup_unique(params, ids)
    shards = [tf.reshape(tf.range(8, dtype=tf.float32), [2, 4]), tf.reshape(tf.range(8, 20, dtype=tf.float32),
                                                                            [3, 4])]
    div = tf.contrib.layers.embedding_lookup_unique(shards, tf.constant([4, 1, 1]), partition_strategy="div")
    return {"names": [out.name, div.name], "shapes": [out.shape.as_list(), div.shape.as_list()],
            "values": _run(tf, [out, div])}


def summaries(tf):
    x = _x(tf, (2, 6))
    r = tf.nn.relu(x, name="r")
    r6 = tf.nn.relu6(x, name="r6")
    t = tf.tanh(x, name="t")
    for a in (r, r6, t):
        tf.add_to_collection(tf.GraphKeys.ACTIVATIONS, a)
    acts = tf.contrib.layers.summarize_activations()
    only = tf.contrib.layers.summarize_activations(name_filter="r6")
    tensors = tf.contrib.layers.summarize_tensors([tf.reduce_sum(x), x, tf.constant("s"), tf.constant(True)])
    one = tf.contrib.layers.summarize_tensor(tf.reduce_mean(x), tag="mean_tag")
    w = tf.get_variable("w", [3], initializer=tf.ones_initializer())
    tf.add_to_collection(tf.GraphKeys.WEIGHTS, w)
    weights = tf.contrib.layers.summarize_weights()
    variables = tf.contrib.layers.summarize_variables()
    names = lambda ss: [None if s is None else s.op.name for s in ss]  # noqa: E731
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        blob = sess.run(tf.summary.merge_all())
    summary = tf.Summary.FromString(blob)
    return {"acts": names(acts), "only": names(only), "tensors": names(tensors), "one": one.op.name,
            "weights": names(weights), "variables": names(variables),
            "tags": [v.tag for v in summary.value],
            "scalars": [[v.tag, round(v.simple_value, 4)] for v in summary.value if v.WhichOneof("value") ==
                        "simple_value"],
            "collection": len(tf.get_collection(tf.GraphKeys.SUMMARIES))}


CASES = {
    "bias_add": bias_add,
    "one_hot_unit_norm_maxout": one_hot_unit_norm_maxout,
    "spatial_softmax": spatial_softmax,
    "instance_norm": instance_norm,
    "group_norm": group_norm,
    "embedding_lookup_unique": embedding_lookup_unique,
    "summaries": summaries,
}


def safe_embedding_lookup_sparse(tf):
    w = tf.reshape(tf.range(15, dtype=tf.float32), [5, 3]) / 7.0
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [3, 0], [3, 1], [3, 2]],
                          tf.constant([1, 4, -1, 2, 0, 2], tf.int64), [4, 3])
    wts = tf.SparseTensor(ids.indices, tf.constant([1.0, 2.0, 3.0, 0.0, 0.5, 1.5]), ids.dense_shape)
    ids3 = tf.SparseTensor([[0, 0, 0], [0, 1, 1], [1, 1, 0]], tf.constant([3, 1, 2], tf.int64), [2, 2, 2])
    shards = [w[:3], w[3:]]
    outs = [tf.contrib.layers.safe_embedding_lookup_sparse(w, ids),
            tf.contrib.layers.safe_embedding_lookup_sparse(w, ids, wts, combiner="sum"),
            tf.contrib.layers.safe_embedding_lookup_sparse(w, ids, wts, combiner="sqrtn", default_id=4),
            tf.contrib.layers.safe_embedding_lookup_sparse(shards, ids3, combiner="mean")]
    return {"names": [o.name for o in outs], "shapes": [o.shape.as_list() for o in outs],
            "values": _run(tf, outs)}


CASES["safe_embedding_lookup_sparse"] = safe_embedding_lookup_sparse
