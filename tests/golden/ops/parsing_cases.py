"""Cases for tf.train.Example / SequenceExample and the Example-parsing ops, shared by
parsing_make.py (real TensorFlow) and tests/ops/test_parsing.py (tf1).

Every builder takes the `tf` module under test, so the same code builds the protos and graphs on
both sides. Nothing here imports TensorFlow or tf1.
"""


def _feats(tf):
    F = tf.train.Feature
    return {
        "i": lambda *v: F(int64_list=tf.train.Int64List(value=list(v))),
        "f": lambda *v: F(float_list=tf.train.FloatList(value=list(v))),
        "b": lambda *v: F(bytes_list=tf.train.BytesList(value=list(v))),
    }


def example(tf, **features):
    return tf.train.Example(features=tf.train.Features(feature=features))


# ----------------------------------------------------------------------------- the records

def records(tf):
    """name -> serialized record. Each name is also a byte-compared proto case."""
    k = _feats(tf)
    i, f, b = k["i"], k["f"], k["b"]
    out = {
        "full": example(tf, a=i(1, 2), b=f(0.5, 1.5, 2.5), c=b(b"hello"), d=f(1, 2, 3, 4),
                        s=i(5, 6, 7), m=f(1, 2, 3, 4, 5, 6), e=b(b"p", b"q\x00r")),
        "partial": example(tf, a=i(3, 4), b=f(), c=b(b"x"), s=i(8), m=f(9, 10)),
        "sparse_only": example(tf, b=f(7.0), e=b(b"only")),
        "empty": tf.train.Example(),
        "wrong_type": example(tf, a=f(1.0, 2.0), c=b(b"y")),
        "wrong_size": example(tf, a=i(1, 2, 3), c=b(b"z")),
        "big_ints": example(tf, a=i(-1, 2 ** 62), c=b("ünï".encode("utf-8"))),
        "seq_bad": example(tf, a=i(1, 2), c=b(b"w"), m=f(1, 2, 3)),
        "empty_feature": example(tf, a=i(5, 6), c=tf.train.Feature(), b=tf.train.Feature()),
        "fewer": example(tf, a=i(1), c=b(b"f"), s=tf.train.Feature(), d=f()),
        # float32 1.0, 2.0 little-endian: raw bytes for decode_raw
        "raw": example(tf, raw=b(b"\x00\x00\x80\x3f\x00\x00\x00\x40")),
        "raw2": example(tf, raw=b(b"\x01\x02\x03\x04\xff\xff\xff\xff")),
    }
    # Deterministic: map entries sorted by key (upb otherwise orders them by a per-process hash).
    ser = {name: ex.SerializeToString(deterministic=True) for name, ex in out.items()}
    ser["garbage"] = b"\x0a\x05ab"
    return ser


def proto_cases(tf):
    """name -> message; the serialized bytes are compared with real TF's."""
    k = _feats(tf)
    i, f, b = k["i"], k["f"], k["b"]
    out = {}
    out["feature_int64"] = i(0, 1, -1, 2 ** 63 - 1, -2 ** 63)
    out["feature_float"] = f(0.0, -1.5, 3.25, float("inf"))
    out["feature_bytes"] = b(b"", b"abc", b"\xff\x00")
    out["feature_empty"] = tf.train.Feature()
    out["features_one"] = tf.train.Features(feature={"x": i(3)})
    fl = tf.train.FeatureList(feature=[i(1), i(2, 3)])
    out["feature_list"] = fl
    out["feature_lists"] = tf.train.FeatureLists(feature_list={"tok": fl})
    out["sequence_example"] = tf.train.SequenceExample(
        context=tf.train.Features(feature={"len": i(2)}),
        feature_lists=tf.train.FeatureLists(feature_list={"tok": fl}))
    ex = tf.train.Example()
    ex.features.feature["z"].float_list.value.extend([1.0, 2.0])
    ex.features.feature["z"].float_list.value.append(3.0)
    out["example_mutated"] = ex
    return out


# ------------------------------------------------------------------------------ parse cases
# Each case: fn(tf, recs) -> (fetches, feed_dict). Fetch dicts of Tensors / SparseTensors.

def _fixed(tf, shape, dtype, default=None):
    return tf.io.FixedLenFeature(shape, dtype, default_value=default)


def single_fixed(tf, r):
    return tf.parse_single_example(r["full"], {
        "a": _fixed(tf, [2], tf.int64), "c": _fixed(tf, [], tf.string),
        "d": _fixed(tf, [2, 2], tf.float32)}), {}


def single_defaults(tf, r):
    return tf.parse_single_example(r["sparse_only"], {
        "a": _fixed(tf, [2], tf.int64, [9, 8]), "c": _fixed(tf, [], tf.string, "dflt"),
        "d": _fixed(tf, [1, 2], tf.float32, [[0.5, 0.25]]), "b": _fixed(tf, [1], tf.float32)}), {}


def single_varlen(tf, r):
    return tf.io.parse_single_example(r["full"], {
        "b": tf.io.VarLenFeature(tf.float32), "e": tf.io.VarLenFeature(tf.string),
        "a": tf.io.VarLenFeature(tf.int64), "zz": tf.io.VarLenFeature(tf.int64)}), {}


def single_seq(tf, r):
    return tf.parse_single_example(r["full"], {
        "s": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
        "m": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
        "zz": tf.io.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)}), {}


def single_placeholder(tf, r):
    p = tf.placeholder(tf.string, [], name="rec")
    out = tf.parse_single_example(p, {"a": _fixed(tf, [2], tf.int64), "b": tf.io.VarLenFeature(tf.float32)})
    return out, {p: r["partial"]}


def single_big_ints(tf, r):
    return tf.parse_single_example(r["big_ints"], {
        "a": _fixed(tf, [2], tf.int64), "c": _fixed(tf, [], tf.string)}), {}


def single_empty_feature(tf, r):
    return tf.parse_single_example(r["empty_feature"], {
        "a": _fixed(tf, [2], tf.int64), "c": tf.io.VarLenFeature(tf.string),
        "b": tf.io.VarLenFeature(tf.float32)}), {}


def single_unset_kind(tf, r):
    return tf.parse_single_example(r["fewer"], {
        "s": _fixed(tf, [2], tf.int64, [4, 4]), "d": tf.io.VarLenFeature(tf.float32),
        "c": tf.io.FixedLenSequenceFeature([], tf.string, allow_missing=True)}), {}


def batch_unset_kind(tf, r):
    return tf.parse_example([r["fewer"], r["full"]], {
        "s": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=-7),
        "d": tf.io.VarLenFeature(tf.float32)}), {}


def single_named(tf, r):
    return tf.parse_single_example(r["full"], {"a": _fixed(tf, [2], tf.int64),
                                               "e": tf.io.VarLenFeature(tf.string)},
                                   example_names="ex0"), {}


def batch_mixed(tf, r):
    recs = [r["full"], r["partial"], r["sparse_only"]]
    return tf.parse_example(recs, {
        "a": _fixed(tf, [2], tf.int64, [0, -1]), "b": tf.io.VarLenFeature(tf.float32),
        "c": _fixed(tf, [], tf.string, ""), "e": tf.io.VarLenFeature(tf.string),
        "s": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
        "m": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True, default_value=-1.0)}), {}


def batch_placeholder(tf, r):
    p = tf.placeholder(tf.string, [None], name="recs")
    out = tf.io.parse_example(p, {"a": _fixed(tf, [2], tf.int64), "c": _fixed(tf, [1], tf.string),
                                  "b": tf.io.VarLenFeature(tf.float32)})
    return out, {p: [r["partial"], r["full"], r["big_ints"], r["partial"]]}


def batch_empty(tf, r):
    p = tf.placeholder(tf.string, [None], name="recs")
    out = tf.parse_example(p, {"a": _fixed(tf, [2], tf.int64, [1, 1]), "b": tf.io.VarLenFeature(tf.float32),
                               "s": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)})
    return out, {p: []}


def batch_2d(tf, r):
    recs = [[r["full"], r["partial"]], [r["partial"], r["full"]]]
    return tf.parse_example(tf.reshape(recs, [-1]), {"a": _fixed(tf, [2], tf.int64)}), {}


def batch_named(tf, r):
    return tf.parse_example([r["full"], r["empty"]], {"b": tf.io.VarLenFeature(tf.float32)},
                            example_names=["n0", "n1"]), {}


def decode_raw_single(tf, r):
    raw = tf.parse_single_example(r["raw"], {"raw": _fixed(tf, [], tf.string)})["raw"]
    return {"f32": tf.decode_raw(raw, tf.float32), "u8": tf.io.decode_raw(raw, tf.uint8),
            "be": tf.decode_raw(raw, tf.int32, little_endian=False)}, {}


def decode_raw_batch(tf, r):
    raw = tf.parse_example([r["raw"], r["raw2"]], {"raw": _fixed(tf, [], tf.string)})["raw"]
    return {"i16": tf.decode_raw(raw, tf.int16), "f64": tf.decode_raw(raw, tf.float64)}, {}


PARSE_CASES = [decode_raw_single, decode_raw_batch, single_fixed, single_defaults, single_varlen, single_seq,
               single_placeholder,
               single_big_ints, single_empty_feature, single_unset_kind, batch_unset_kind, single_named,
               batch_mixed, batch_placeholder, batch_empty, batch_2d, batch_named]


# ------------------------------------------------------------------------------ run errors

def err_single_missing(tf, r):
    return tf.parse_single_example(r["sparse_only"], {"a": _fixed(tf, [2], tf.int64)})


def err_single_wrong_type(tf, r):
    return tf.parse_single_example(r["wrong_type"], {"a": _fixed(tf, [2], tf.int64)})


def err_single_wrong_size(tf, r):
    return tf.parse_single_example(r["wrong_size"], {"a": _fixed(tf, [2], tf.int64)})


def err_single_var_wrong_type(tf, r):
    return tf.parse_single_example(r["full"], {"c": tf.io.VarLenFeature(tf.float32)})


def err_single_string_size(tf, r):
    return tf.parse_single_example(r["full"], {"e": _fixed(tf, [3], tf.string)})


def err_single_float_size(tf, r):
    return tf.parse_single_example(r["full"], {"b": _fixed(tf, [2], tf.float32)})


def err_single_garbage(tf, r):
    return tf.parse_single_example(r["garbage"], {"a": _fixed(tf, [2], tf.int64, [0, 0])})


def err_single_seq_bad(tf, r):
    return tf.parse_single_example(r["seq_bad"], {
        "m": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)})


def err_single_fewer(tf, r):
    return tf.parse_single_example(r["fewer"], {"a": _fixed(tf, [2], tf.int64, [0, 0])})


def err_single_empty_list(tf, r):
    return tf.parse_single_example(r["fewer"], {"d": _fixed(tf, [1], tf.float32)})


def err_single_unset_required(tf, r):
    return tf.parse_single_example(r["fewer"], {"s": _fixed(tf, [], tf.int64)})


def err_batch_fewer(tf, r):
    return tf.parse_example([r["full"], r["fewer"]], {"a": _fixed(tf, [2], tf.int64)})


def err_batch_missing(tf, r):
    return tf.parse_example([r["full"], r["sparse_only"]], {"a": _fixed(tf, [2], tf.int64)})


def err_batch_wrong_type(tf, r):
    return tf.parse_example([r["full"], r["wrong_type"]], {"a": _fixed(tf, [2], tf.int64)})


def err_batch_wrong_size(tf, r):
    return tf.parse_example([r["wrong_size"]], {"a": _fixed(tf, [2], tf.int64)})


def err_batch_var_wrong_type(tf, r):
    return tf.parse_example([r["partial"], r["full"]], {"e": tf.io.VarLenFeature(tf.int64)})


def err_batch_garbage(tf, r):
    return tf.parse_example([r["full"], r["garbage"]], {"b": tf.io.VarLenFeature(tf.float32)})


def err_batch_seq_bad(tf, r):
    return tf.parse_example([r["seq_bad"]], {
        "m": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)})


def err_batch_named_missing(tf, r):
    return tf.parse_example([r["full"], r["empty"]], {"c": _fixed(tf, [], tf.string)},
                            example_names=["n0", "n1"])


RUN_ERRORS = [err_single_missing, err_single_wrong_type, err_single_wrong_size,
              err_single_var_wrong_type, err_single_string_size, err_single_float_size,
              err_single_garbage, err_single_seq_bad, err_single_fewer, err_single_empty_list,
              err_single_unset_required, err_batch_fewer, err_batch_missing, err_batch_wrong_type,
              err_batch_wrong_size, err_batch_var_wrong_type, err_batch_garbage, err_batch_seq_bad,
              err_batch_named_missing]


# ---------------------------------------------------------------------------- build errors

def bad_no_features(tf, r):
    tf.parse_example([r["full"]], {})


def bad_first_dim_unknown(tf, r):
    tf.parse_example([r["full"]], {"a": _fixed(tf, [None, 2], tf.int64)})


def bad_seq_not_missing(tf, r):
    tf.parse_example([r["full"]], {"s": tf.io.FixedLenSequenceFeature([], tf.int64)})


def bad_not_a_feature(tf, r):
    tf.parse_example([r["full"]], {"a": 3})


def bad_single_rank(tf, r):
    tf.parse_single_example([r["full"]], {"a": _fixed(tf, [2], tf.int64)})


def bad_partial_shape(tf, r):
    tf.parse_example([r["full"]], {"a": _fixed(tf, [2, None], tf.int64)})


BUILD_ERRORS = [bad_no_features, bad_first_dim_unknown, bad_seq_not_missing, bad_not_a_feature,
                bad_single_rank, bad_partial_shape]


# ------------------------------------------------------------- serialize_tensor / parse_tensor
# Each: fn(tf, np) -> fetch. The serialized bytes are compared with TF's.

def _tensor_values(np):
    return {
        "scalar_f32": np.float32(1.5),
        "int32_2x3": np.arange(6, dtype=np.int32).reshape(2, 3),
        "strings": np.array([b"a", b"bc", b""], dtype=object),
        "bool": np.array([True, False]),
        "empty_f64": np.zeros((0, 2), np.float64),
        "int64_neg": np.array([[-1], [2 ** 40]], np.int64),
        "uint8": np.array([0, 255, 7], np.uint8),
        "f16": np.array([1.5, -2.0], np.float16),
    }


def serialize_tensor_cases(tf, np):
    return {k: tf.io.serialize_tensor(v) for k, v in _tensor_values(np).items()}


def parse_tensor_cases(tf, np):
    """Round trips through serialize_tensor, and a proto made by make_tensor_proto."""
    out = {}
    for k, v in _tensor_values(np).items():
        dtype = tf.string if v.dtype == object else tf.as_dtype(v.dtype)
        out[k] = tf.io.parse_tensor(tf.io.serialize_tensor(v), dtype)
    out["from_proto"] = tf.parse_tensor(tf.make_tensor_proto([[1.0, 2.0]], tf.float32).SerializeToString(),
                                        tf.float32)
    return out


def err_parse_tensor_type(tf, r):
    return tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant([1.0, 2.0])), tf.int32)


def err_parse_tensor_garbage(tf, r):
    return tf.io.parse_tensor(b"\xff\xff", tf.int32)


RUN_ERRORS += [err_parse_tensor_type, err_parse_tensor_garbage]


# ------------------------------------------------------------------ parse_single_sequence_example
# Each: fn(tf, r) -> kwargs of tf.parse_single_sequence_example. The recorder runs TF's own
# ParseSingleSequenceExample kernel (tf.raw_ops; TF 2.21's Python wrapper builds a different op),
# so values, static shapes and messages are TF 1.15's op's.

def sequence_records(tf):
    k = _feats(tf)
    i, f, b = k["i"], k["f"], k["b"]

    def seq(context=None, lists=None):
        return tf.train.SequenceExample(
            context=tf.train.Features(feature=context or {}),
            feature_lists=tf.train.FeatureLists(feature_list={
                key: tf.train.FeatureList(feature=v) for key, v in (lists or {}).items()}))
    out = {
        "seq_full": seq({"len": i(3), "ctx_f": f(0.5, 1.5), "name": b(b"s1")},
                        {"tok": [i(1), i(2), i(3)], "emb": [f(1, 2), f(3, 4), f(5, 6)],
                         "var": [i(1, 2), i(), i(3)], "words": [b(b"a"), b(b"b", b"c")]}),
        "seq_bad": seq({"len": f(1.0), "ctx_f": f(1.0), "name": i(4)},
                       {"emb": [f(1, 2), f(3)], "tok": [i(1)], "words": [i(1)]}),
        "seq_empty": tf.train.SequenceExample(),
        "seq_unset": seq({"len": tf.train.Feature()}, {"tok": [tf.train.Feature(), i(4)], "none": []}),
    }
    ser = {name: ex.SerializeToString(deterministic=True) for name, ex in out.items()}
    ser["seq_garbage"] = b"\x0a\x05ab"
    return ser


def _seq(tf, rec, context=None, sequence=None, example_name=None):
    return {"serialized": rec, "context_features": context, "sequence_features": sequence,
            "example_name": example_name}


def seq_basic(tf, r):
    return _seq(tf, r["seq_full"], {
        "len": tf.io.FixedLenFeature([], tf.int64), "ctx_f": tf.io.FixedLenFeature([2], tf.float32),
        "name": tf.io.VarLenFeature(tf.string), "miss": tf.io.FixedLenFeature([], tf.int64, default_value=7),
        "missv": tf.io.VarLenFeature(tf.int64)}, {
        "tok": tf.io.FixedLenSequenceFeature([], tf.int64), "emb": tf.io.FixedLenSequenceFeature([2], tf.float32),
        "var": tf.io.VarLenFeature(tf.int64), "words": tf.io.VarLenFeature(tf.string),
        "zz": tf.io.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)})


def seq_context_only(tf, r):
    return _seq(tf, r["seq_full"], {"ctx_f": tf.io.FixedLenFeature([1, 2], tf.float32)})


def seq_sequence_only(tf, r):
    return _seq(tf, r["seq_full"], None, {"emb": tf.io.FixedLenSequenceFeature([1, 2], tf.float32)},
                example_name="ex")


def seq_empty_optional(tf, r):
    return _seq(tf, r["seq_empty"], {
        "len": tf.io.FixedLenFeature([2], tf.int64, default_value=[1, 2]), "name": tf.io.VarLenFeature(tf.string)}, {
        "tok": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
        "words": tf.io.VarLenFeature(tf.string)})


def seq_unset_sparse(tf, r):
    return _seq(tf, r["seq_unset"], {"len": tf.io.VarLenFeature(tf.int64)}, {
        "tok": tf.io.VarLenFeature(tf.int64), "none": tf.io.VarLenFeature(tf.float32),
        "nonef": tf.io.FixedLenSequenceFeature([], tf.float32, allow_missing=True)})


def seq_unset_context_dense(tf, r):
    return _seq(tf, r["seq_unset"], {"len": tf.io.FixedLenFeature([], tf.int64, default_value=3)})


def seq_unset_list_dense(tf, r):
    return _seq(tf, r["seq_unset"], None, {"tok": tf.io.FixedLenSequenceFeature([], tf.int64)})


def seq_empty_list_dense(tf, r):
    return _seq(tf, r["seq_unset"], None, {"none": tf.io.FixedLenSequenceFeature([2], tf.float32)})


def seq_err_required_list(tf, r):
    return _seq(tf, r["seq_full"], None, {"zz": tf.io.FixedLenSequenceFeature([2], tf.float32)})


def seq_err_required_context(tf, r):
    return _seq(tf, r["seq_empty"], {"len": tf.io.FixedLenFeature([], tf.int64)}, example_name="nm")


def seq_err_list_size(tf, r):
    return _seq(tf, r["seq_bad"], None, {"emb": tf.io.FixedLenSequenceFeature([2], tf.float32)})


def seq_err_list_type(tf, r):
    return _seq(tf, r["seq_bad"], None, {"tok": tf.io.FixedLenSequenceFeature([], tf.float32)})


def seq_err_list_sparse_type(tf, r):
    return _seq(tf, r["seq_bad"], None, {"words": tf.io.VarLenFeature(tf.string)})


def seq_err_context_type(tf, r):
    return _seq(tf, r["seq_bad"], {"len": tf.io.FixedLenFeature([], tf.int64)})


def seq_err_context_sparse_type(tf, r):
    return _seq(tf, r["seq_bad"], {"name": tf.io.VarLenFeature(tf.string)})


def seq_err_context_size(tf, r):
    return _seq(tf, r["seq_full"], {"ctx_f": tf.io.FixedLenFeature([3], tf.float32)})


def seq_err_garbage(tf, r):
    return _seq(tf, r["seq_garbage"], {"len": tf.io.VarLenFeature(tf.int64)})


SEQ_CASES = [seq_basic, seq_context_only, seq_sequence_only, seq_empty_optional, seq_unset_sparse,
             seq_unset_context_dense, seq_unset_list_dense, seq_empty_list_dense, seq_err_required_list,
             seq_err_required_context, seq_err_list_size, seq_err_list_type, seq_err_list_sparse_type,
             seq_err_context_type, seq_err_context_sparse_type, seq_err_context_size, seq_err_garbage]
