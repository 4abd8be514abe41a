"""Lookup-table scenarios (tf.lookup, tf.contrib.lookup, tf.tables_initializer), run by real TF
(lookup_make.py) and by tf1 (tests/ops/test_lookup.py).

Each scenario takes the `tf` module and a fresh temporary directory and returns JSON-able facts:
op names and types the graph gets, looked-up values (oov bucket ids included), sizes, exports and
the errors TF raises.
"""
import os

import numpy as np


def _py(x):
    if isinstance(x, (list, tuple)):
        return [_py(v) for v in x]
    x = np.asarray(x)
    if x.dtype == object or x.dtype.kind in "SU":
        flat = [v.decode() if isinstance(v, bytes) else v for v in x.reshape(-1).tolist()]
        return np.array(flat, dtype=object).reshape(x.shape).tolist()
    return x.tolist()


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 (the type and the kernel's message are the facts)
        lines = str(e).split("\n")
        if lines[0] == "Graph execution error:":
            # TF 2.x puts a traceback before the kernel's message, which precedes "\t [[{{node ...}}]]".
            at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("[["))
            lines = [line for line in lines[:at] if line.strip()][-1:]
        return [type(e).__name__, lines[0]]
    return None


def _type_only(err):
    return err and err[0]


def _ops(tf):
    # TF 2.x's math_ops.add makes AddV2 where TF 1.15's made Add; the ops are otherwise the same.
    return [[o.name, "Add" if o.type == "AddV2" else o.type] for o in tf.get_default_graph().get_operations()]


def _vocab(root, name, lines):
    path = os.path.join(root, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def contrib_index_table_from_tensor(tf, root):
    table = tf.contrib.lookup.index_table_from_tensor(tf.constant(["emerson", "lake", "palmer"]),
                                                      num_oov_buckets=3)
    ids = table.lookup(tf.constant([["emerson", "lake"], ["tarkus", "palmer"]]))
    no_oov = tf.contrib.lookup.index_table_from_tensor(["a", "b"], default_value=-5)
    ids2 = no_oov.lookup(tf.constant(["b", "z", "a"]))
    f = {"ops": _ops(tf), "shape": ids.shape.as_list(), "dtype": ids.dtype.name, "name": table.name,
         "init_collection": [o.name for o in tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)]}
    with tf.Session() as sess:
        f["uninit"] = _err(lambda: sess.run(ids2))
        init = tf.tables_initializer()
        f["init_op"] = [init.name, init.type]
        sess.run(init)
        f["ids"] = _py(sess.run(ids))
        f["ids2"] = _py(sess.run(ids2))
        f["sizes"] = _py(sess.run([table.size(), no_oov.size()]))
        sess.run(init)  # running the initializer again with the same data is allowed
    return f


def int_keys_and_hashing(tf, root):
    table = tf.contrib.lookup.index_table_from_tensor(tf.constant([42, 7, 1000], tf.int64),
                                                      num_oov_buckets=5, dtype=tf.int64)
    ids = table.lookup(tf.constant([7, 3, 1000, -12, 123456789], tf.int64))
    legacy = tf.contrib.lookup.index_table_from_tensor(
        ["a"], num_oov_buckets=10, hasher_spec=tf.contrib.lookup.HasherSpec("legacy", None))
    strong = tf.contrib.lookup.index_table_from_tensor(
        ["a"], num_oov_buckets=10, hasher_spec=tf.contrib.lookup.StrongHashSpec((1, 2)))
    words = tf.constant(["a", "hello", "world", "tf1", ""])
    out = [legacy.lookup(words), strong.lookup(words)]
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        return {"ids": _py(sess.run(ids)), "legacy_strong": _py(sess.run(out))}


def index_table_from_file(tf, root):
    path = _vocab(root, "vocab.txt", ["brain", "salad", "surgery"])
    table = tf.contrib.lookup.index_table_from_file(path, num_oov_buckets=1)
    ids = table.lookup(tf.constant(["salad", "surgery", "tarkus", "brain"]))
    cut = tf.contrib.lookup.index_table_from_file(path, vocab_size=2)
    ids2 = cut.lookup(tf.constant(["salad", "surgery"]))
    bad = tf.contrib.lookup.index_table_from_file(path, vocab_size=5)
    f = {"ops": [[n, t] for n, t in _ops(tf) if "Const" not in t]}
    with tf.Session() as sess:
        sess.run(table.initializer)
        sess.run(cut.initializer)
        f["ids"] = _py(sess.run(ids))
        f["ids2"] = _py(sess.run(ids2))
        bad_vocab = _err(lambda: sess.run(bad.initializer))
        f["bad_vocab_size"] = [bad_vocab[0], bad_vocab[1].replace(root, "<root>")]
    f["asset_collection"] = len(tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS))
    return f


def index_to_string(tf, root):
    path = _vocab(root, "words.txt", ["zero", "one", "two"])
    t1 = tf.contrib.lookup.index_to_string_table_from_tensor(["hello", "world"], default_value="??")
    t2 = tf.contrib.lookup.index_to_string_table_from_file(path)
    idx = tf.constant([1, 0, 7], tf.int64)
    out = [t1.lookup(idx), t2.lookup(idx)]
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        return {"out": _py(sess.run(out)), "names": [t.name for t in out],
                "ops": [[n, t] for n, t in _ops(tf) if "Const" not in t]}


def text_file_columns(tf, root):
    path = _vocab(root, "cols.txt", ["apple 3 0.5", "pear 9 1.5", "fig -2 2.5"])
    init = tf.lookup.TextFileInitializer(path, tf.string, 0, tf.int64, 1, delimiter=" ")
    table = tf.lookup.StaticHashTable(init, -1)
    finit = tf.lookup.TextFileInitializer(path, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER, tf.float32, 2,
                                          delimiter=" ")
    ftable = tf.lookup.StaticHashTable(finit, 0.0)
    winit = tf.lookup.TextFileInitializer(path, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64,
                                          tf.lookup.TextFileIndex.LINE_NUMBER)
    wtable = tf.lookup.StaticHashTable(winit, -1)
    out = [table.lookup(tf.constant(["pear", "fig", "kiwi"])), ftable.lookup(tf.constant([2, 0, 5], tf.int64)),
           wtable.lookup(tf.constant(["pear 9 1.5", "pear"]))]
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        return {"out": _py(sess.run(out)), "ops": [[n, t] for n, t in _ops(tf) if "Const" not in t],
                "errors": {
                    "key_index": _err(lambda: tf.lookup.TextFileInitializer(path, tf.string, -3, tf.int64, 1)),
                    "line_number_key": _err(lambda: tf.lookup.TextFileInitializer(
                        path, tf.string, tf.lookup.TextFileIndex.LINE_NUMBER, tf.int64, 1)),
                    "whole_line_value": _err(lambda: tf.lookup.TextFileInitializer(
                        path, tf.string, 0, tf.int64, tf.lookup.TextFileIndex.WHOLE_LINE)),
                    "vocab_size": _err(lambda: tf.lookup.TextFileInitializer(path, tf.string, 0, tf.int64, 1,
                                                                             vocab_size=0)),
                }}


def static_hash_table(tf, root):
    init = tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [3, 1, 2], value_dtype=tf.int64)
    table = tf.lookup.StaticHashTable(init, default_value=-1, name="my_table")
    out = table.lookup(tf.constant([["c", "a"], ["x", "b"]]), name="look")
    keys, values = table.export()
    sp = table.lookup(tf.SparseTensor([[0, 0], [1, 2]], tf.constant(["b", "q"]), [2, 3]))
    f = {"ops": _ops(tf), "name": table.name, "out_name": out.name, "shape": out.shape.as_list(),
         "key_dtype": table.key_dtype.name, "value_dtype": table.value_dtype.name,
         "sparse": [type(sp).__name__, sp.values.shape.as_list()],
         "errors": {"key_dtype": _err(lambda: table.lookup(tf.constant([1, 2], tf.int64))),
                    "default_dtype": _type_only(_err(lambda: tf.lookup.StaticHashTable(
                        tf.lookup.KeyValueTensorInitializer(["a"], [1.0]), "x")))}}
    with tf.Session() as sess:
        f["uninit"] = _err(lambda: sess.run(out))
        f["uninit_size"] = _err(lambda: sess.run(table.size()))
        sess.run(table.initializer)
        f["out"] = _py(sess.run(out))
        k, v = sess.run([keys, values])
        f["export"] = sorted(zip(_py(k), _py(v)))
        f["sparse_values"] = _py(sess.run(sp.values))
    with tf.Session() as sess:  # contents are per Session
        f["other_session"] = _err(lambda: sess.run(out))
    return f


def duplicate_and_reinit(tf, root):
    dup = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 2], value_dtype=tf.int64),
                                    -1)
    same = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 1], value_dtype=tf.int64),
                                     -1)
    # The shape-function message is worded differently by TF 2.x; its start is TF 1.15's.
    shape = _err(lambda: tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(["a", "b"], [1], value_dtype=tf.int64), -1))
    shape = shape and [shape[0], shape[1].startswith("Dimensions must be equal, but are 2 and 1 for ")]
    with tf.Session() as sess:
        f = {"dup": _err(lambda: sess.run(dup.initializer))}
        sess.run(same.initializer)
        f["same"] = _py(sess.run([same.size(), same.lookup(tf.constant("a"))]))
    f["shape"] = shape
    return f


def static_vocabulary_table(tf, root):
    init = tf.lookup.KeyValueTensorInitializer(["x", "y"], tf.constant([0, 1], tf.int64))
    table = tf.lookup.StaticVocabularyTable(init, num_oov_buckets=4)
    ids = table.lookup(tf.constant(["y", "x", "tf", "1.15", "graph"]))
    only = tf.lookup.StaticVocabularyTable(None, num_oov_buckets=3)
    ids2 = only.lookup(tf.constant(["y", "x", "tf"]))
    f = {"ops": [[n, t] for n, t in _ops(tf) if "Const" not in t], "name": table.name, "only_name": only.name,
         "errors": {"zero": _err(lambda: tf.lookup.StaticVocabularyTable(init, 0)),
                    "values": _err(lambda: tf.lookup.StaticVocabularyTable(
                        tf.lookup.KeyValueTensorInitializer(["a"], [1.0]), 1))}}
    with tf.Session() as sess:
        sess.run(table.initializer)
        f["ids"] = _py(sess.run(ids))
        f["ids2"] = _py(sess.run(ids2))
        f["size"] = _py(sess.run([table.size(), only.size()]))
    return f


def mutable_hash_table(tf, root):
    table = tf.contrib.lookup.MutableHashTable(tf.string, tf.int64, -1)
    ins = table.insert(tf.constant(["a", "b", "c"]), tf.constant([1, 2, 3], tf.int64))
    rem = table.remove(tf.constant(["b"]))
    out = table.lookup(tf.constant(["a", "b", "c", "d"]))
    keys, values = table.export()
    f = {"ops": [[n, t] for n, t in _ops(tf) if "Const" not in t], "name": table.name}
    with tf.Session() as sess:
        f["empty"] = _py(sess.run([out, table.size()]))
        sess.run(ins)
        f["after_insert"] = _py(sess.run([out, table.size()]))
        sess.run(rem)
        f["after_remove"] = _py(sess.run([out, table.size()]))
        k, v = sess.run([keys, values])
        f["export"] = sorted(zip(_py(k), _py(v)))
    return f


def contrib_hash_table_and_helpers(tf, root):
    lk = tf.contrib.lookup
    table = lk.HashTable(lk.KeyValueTensorInitializer(["p", "q"], [7, 8], value_dtype=tf.int64), -1)
    shared = lk.HashTable(lk.KeyValueTensorInitializer(["p"], [1], value_dtype=tf.int64), -1, shared_name="shr")
    keys, values = table.export()
    s2i = lk.string_to_index(tf.constant(["b", "x", "a"]), mapping=["a", "b"])
    i2s = lk.index_to_string(tf.constant([1, 5], tf.int64), mapping=["a", "b"], default_value="?")
    t3 = lk.string_to_index_table_from_tensor(["u", "v"], num_oov_buckets=2)
    ids3 = t3.lookup(tf.constant(["v", "w"]))
    f = {"ops": [[n, t] for n, t in _ops(tf) if "Const" not in t],
         "attrs": [_py(table.resource_handle.op.get_attr("shared_name")),
                   _py(shared.resource_handle.op.get_attr("shared_name"))],
         "errors": {"mapping": _err(lambda: lk.index_table_from_tensor(None)),
                    "mapping_to_string": _err(lambda: lk.index_to_string_table_from_tensor(None)),
                    "requires_string": _err(lambda: lk.string_to_index_table_from_tensor([1, 2]))}}
    with tf.Session() as sess:
        sess.run([table.init, shared.init, tf.tables_initializer()])
        f["values"] = _py(sess.run([table.lookup(tf.constant(["q", "z"])), s2i, i2s, ids3]))
        k, v = sess.run([keys, values])
        f["export"] = sorted(zip(_py(k), _py(v)))
    return f


def dense_hash_table(tf, root):
    table = tf.lookup.experimental.DenseHashTable(tf.int64, tf.float32, [-1.0, -2.0], empty_key=0,
                                                  deleted_key=-1)
    ins = table.insert(tf.constant([3, 5, 9], tf.int64), tf.constant([[1., 2.], [3., 4.], [5., 6.]]))
    out = table.lookup(tf.constant([5, 7, 3, 9], tf.int64))
    erase = table.erase(tf.constant([5], tf.int64))
    # (No export: TF's dense table exports its raw bucket array, empty and deleted slots included.)
    scalar = tf.contrib.lookup.MutableDenseHashTable(tf.string, tf.int64, -1, empty_key="", deleted_key="$",
                                                     name="words")
    ins2 = scalar.insert_or_assign(tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64))
    out2 = scalar.lookup(tf.constant(["b", "c"]))
    f = {"ops": [[n, t] for n, t in _ops(tf) if "Const" not in t], "names": [table.name, scalar.name],
         "shapes": [out.shape.as_list(), out2.shape.as_list()]}
    with tf.Session() as sess:
        sess.run([ins, ins2])
        f["values"] = _py(sess.run([out, table.size(), out2]))
        sess.run(erase)
        f["after_erase"] = _py(sess.run([out, table.size()]))
        f["empty_key"] = _err(lambda: sess.run(table.insert(tf.constant([0], tf.int64), tf.constant([[1., 1.]]))))
        f["deleted_key"] = _err(lambda: sess.run(scalar.insert(tf.constant(["$"]), tf.constant([1], tf.int64))))
    return f


CASES = {
    "dense_hash_table": dense_hash_table,
    "contrib_hash_table_and_helpers": contrib_hash_table_and_helpers,
    "contrib_index_table_from_tensor": contrib_index_table_from_tensor,
    "int_keys_and_hashing": int_keys_and_hashing,
    "index_table_from_file": index_table_from_file,
    "index_to_string": index_to_string,
    "text_file_columns": text_file_columns,
    "static_hash_table": static_hash_table,
    "duplicate_and_reinit": duplicate_and_reinit,
    "static_vocabulary_table": static_vocabulary_table,
    "mutable_hash_table": mutable_hash_table,
}
