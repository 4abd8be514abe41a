"""Summary-building scenarios run by real TF (make_summary_names.py) and by tf1 (the tests).

`scenarios(tf, deprecated)` takes the TF module and the module holding the pre-1.0 summary
functions (TF: tensorflow.python.ops.logging_ops; tf1: tf1.contrib.deprecated); `describe` turns a
built graph and the fetched summaries into JSON-able facts to compare.
"""


def scenarios(tf, deprecated):
    """Each scenario builds summaries in the default graph and returns the tensors to fetch.

    The same function runs on tf1 in the tests (with tf1's module and tf1.contrib.deprecated)."""

    def basic():
        x = tf.constant(2.0, name="x")
        a = tf.summary.scalar("loss", x)
        b = tf.summary.scalar("loss", x * 2.0)
        with tf.name_scope("train"):
            c = tf.summary.scalar("acc", x)
            d = tf.summary.histogram("weights", tf.constant([1.0, 2.0]))
        return [a, b, c, d, tf.summary.merge_all(), tf.summary.merge_all(scope="train")]

    def family_and_cleaning():
        x = tf.constant(1.5)
        a = tf.summary.scalar("lr", x, family="opt")
        b = tf.summary.scalar("lr", x, family="opt")
        c = tf.summary.scalar("my loss!", x)
        d = tf.summary.histogram("/lead", tf.constant([3.0]), family="hist")
        with tf.name_scope("outer"):
            e = tf.summary.scalar("v", x, family="fam")
        return [a, b, c, d, e, tf.summary.merge_all()]

    def images_audio_text():
        img = tf.zeros([2, 4, 4, 3])
        a = tf.summary.image("one", img, max_outputs=1)
        b = tf.summary.image("many", img, max_outputs=3)
        c = tf.summary.audio("clip", tf.zeros([2, 10]), 8000, max_outputs=2)
        d = tf.summary.audio("clip1", tf.zeros([1, 10, 2]), 8000.0, max_outputs=1)
        e = tf.summary.text("notes", tf.constant("hello"))
        f = tf.summary.tensor_summary("t", tf.constant([1, 2]), summary_description="d",
                                      display_name="T")
        return [a, b, c, d, e, f, tf.summary.merge_all(name="all")]

    def merges():
        x = tf.constant(1.0)
        a = tf.summary.scalar("a", x)
        b = tf.summary.scalar("b", x, collections=["mine"])
        c = tf.summary.scalar("c", x, collections=[])
        m1 = tf.summary.merge([a, b])
        m2 = tf.summary.merge([a, c], name="named")
        m3 = tf.summary.merge([tf.get_collection(tf.GraphKeys.SUMMARIES, "a")])
        m4 = tf.summary.merge([a], collections=["merged"])
        none = tf.summary.merge_all(key="nothing")
        mine = tf.summary.merge_all(key="mine")
        assert none is None
        return [m1, m2, m3, m4, mine, tf.summary.merge([m1, c])]

    def deprecated_names():
        x = tf.constant(1.0)
        a = deprecated.scalar_summary("old/loss", x)
        b = deprecated.scalar_summary(["t1", "t2"], tf.constant([1.0, 2.0]), name="pair")
        c = deprecated.histogram_summary("old/hist", tf.constant([1.0]))
        d = deprecated.image_summary("old/img", tf.zeros([1, 2, 2, 1]), max_images=1)
        e = deprecated.audio_summary("old/au", tf.zeros([1, 4]), 100.0)
        m = deprecated.merge_summary([a, b])
        return [a, b, c, d, e, m, deprecated.merge_all_summaries()]

    return [("basic", basic), ("family_and_cleaning", family_and_cleaning),
            ("images_audio_text", images_audio_text), ("merges", merges),
            ("deprecated_names", deprecated_names)]


def describe(tf, summary_cls, graph, fetches, values):
    nodes = [{"name": op.name, "op": op.type, "inputs": [t.name for t in op.inputs],
              "attrs": sorted(k for k in op.node_def.attr)} for op in graph.get_operations()]
    tags = []
    for v in values:
        s = summary_cls()
        s.ParseFromString(v)
        tags.append([x.tag for x in s.value])
    return {"nodes": nodes,
            "summaries": [t.name for t in graph.get_collection(tf.GraphKeys.SUMMARIES)],
            "collections": {k: [t.name for t in graph.get_collection(k)]
                            for k in ("mine", "merged") if graph.get_collection(k)},
            "fetches": [t.name for t in fetches],
            "tags": tags}


