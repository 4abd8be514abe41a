"""Record goldens for tf1's Example protos and Example-parsing ops from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/parsing_make.py

Uses the cases of `parsing_cases.py` and writes tests/golden/ops/parsing_golden.json:
- "records" / "protos": per message its serialized bytes (hex), class name, full name and text form;
- "serialize_tensor": per case the serialized TensorProto (hex); "parse_tensor": round trips;
- "parse": per case and key the fetched value with the static dtype/shape of each component;
- "sequence": per parse_single_sequence_example case, from TF's ParseSingleSequenceExample kernel,
  the static dtype/shapes and the values or the error;
- "run_errors": the exception class and the kernel's message (TF 2's "Graph execution error" frame
  and protobuf's DebugString marker stripped), "build_errors": the Python exception class and message.
Tensor names are not recorded: TF 2.21 builds ParseExampleV2 where TF 1.15 builds ParseExample /
ParseSingleExample, so the tests pin 1.15's names from its parsing_ops.py instead.
"""
import os
import re
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import parsing_cases  # noqa: E402
from control_cases_util import to_json  # noqa: E402
from golden_io import save, shape_list  # noqa: E402


def _describe(msg):
    return {"hex": msg.SerializeToString(deterministic=True).hex(), "class": type(msg).__name__,
            "full_name": msg.DESCRIPTOR.full_name, "text": str(msg)}


def _static(t):
    if hasattr(t, "dense_shape"):
        return [[p.dtype.name, shape_list(p)] for p in (t.indices, t.values, t.dense_shape)]
    return [t.dtype.name, shape_list(t)]


def _core(message):
    m = re.search(r"Node: '[^']*'\n(.*?)\n\t \[\[", message, re.S)
    message = m.group(1) if m else message
    # Newer protobuf starts DebugString with a marker line (random spelling and spacing, so the
    # golden would change on every run); TF 1.15's kernel printed the plain text format.
    return re.sub(r"goo\.gle/debug\w*\s*\n", "", message)


def raw_single_sequence(serialized, context_features, sequence_features, example_name):
    """TF's ParseSingleSequenceExample kernel with the arguments TF 1.15's wrapper passes it;
    returns the (context, feature_lists) dicts."""
    ctx, seq = context_features or {}, sequence_features or {}

    def keys(d, cls):
        return sorted(k for k, v in d.items() if isinstance(v, cls))
    cs, cd = keys(ctx, tf.io.VarLenFeature), keys(ctx, tf.io.FixedLenFeature)
    fs, fd = keys(seq, tf.io.VarLenFeature), keys(seq, tf.io.FixedLenSequenceFeature)
    defaults = [tf.constant([], ctx[k].dtype) if ctx[k].default_value is None else
                tf.reshape(tf.constant(ctx[k].default_value, ctx[k].dtype), ctx[k].shape) for k in cd]
    out = tf.raw_ops.ParseSingleSequenceExample(
        serialized=serialized, feature_list_dense_missing_assumed_empty=[k for k in fd if seq[k].allow_missing],
        context_sparse_keys=cs, context_dense_keys=cd, feature_list_sparse_keys=fs, feature_list_dense_keys=fd,
        context_dense_defaults=defaults, debug_name="" if example_name is None else example_name,
        context_sparse_types=[ctx[k].dtype for k in cs], context_dense_shapes=[ctx[k].shape for k in cd],
        feature_list_sparse_types=[seq[k].dtype for k in fs], feature_list_dense_types=[seq[k].dtype for k in fd],
        feature_list_dense_shapes=[seq[k].shape for k in fd])
    (c_ind, c_val, c_shp, c_dense, f_ind, f_val, f_shp, f_dense) = out
    context = dict(zip(cs + cd, [tf.SparseTensor(*t) for t in zip(c_ind, c_val, c_shp)] + list(c_dense)))
    lists = dict(zip(fs + fd, [tf.SparseTensor(*t) for t in zip(f_ind, f_val, f_shp)] + list(f_dense)))
    return context, lists


def main():
    recs = parsing_cases.records(tf)
    out = {"records": {k: v.hex() for k, v in recs.items()},
           "protos": {k: _describe(m) for k, m in parsing_cases.proto_cases(tf).items()},
           "parse": {}, "run_errors": {}, "build_errors": {}}
    for fn in parsing_cases.PARSE_CASES:
        g = tf.Graph()
        with g.as_default():
            fetches, feeds = fn(tf, recs)
            with tf.Session(graph=g) as sess:
                values = sess.run(fetches, feeds)
        out["parse"][fn.__name__] = {k: {"static": _static(fetches[k]), "value": to_json(values[k])}
                                     for k in sorted(fetches)}
    g = tf.Graph()
    with g.as_default():
        ser = parsing_cases.serialize_tensor_cases(tf, np)
        parsed = parsing_cases.parse_tensor_cases(tf, np)
        with tf.Session(graph=g) as sess:
            ser_v, parsed_v = sess.run([ser, parsed])
    out["serialize_tensor"] = {k: {"static": _static(ser[k]), "hex": ser_v[k].hex()} for k in ser}
    out["parse_tensor"] = {k: {"static": [parsed[k].dtype.name, shape_list(parsed[k])],
                               "value": to_json(parsed_v[k])} for k in parsed}
    seq_recs = parsing_cases.sequence_records(tf)
    out["sequence_records"] = {k: v.hex() for k, v in seq_recs.items()}
    out["sequence"] = {}
    for fn in parsing_cases.SEQ_CASES:
        g = tf.Graph()
        with g.as_default():
            fetches = raw_single_sequence(**fn(tf, seq_recs))
            entry = {"static": [{k: _static(t) for k, t in d.items()} for d in fetches]}
            with tf.Session(graph=g) as sess:
                try:
                    values = sess.run(fetches)
                    entry["value"] = [{k: to_json(v) for k, v in d.items()} for d in values]
                except tf.errors.OpError as e:
                    entry["error"] = {"type": type(e).__name__, "message": _core(e.message)}
        out["sequence"][fn.__name__] = entry
    for fn in parsing_cases.RUN_ERRORS:
        g = tf.Graph()
        with g.as_default():
            fetches = fn(tf, recs)
            with tf.Session(graph=g) as sess:
                try:
                    sess.run(fetches)
                    out["run_errors"][fn.__name__] = None
                except tf.errors.OpError as e:
                    out["run_errors"][fn.__name__] = {"type": type(e).__name__, "message": _core(e.message)}
    for fn in parsing_cases.BUILD_ERRORS:
        g = tf.Graph()
        with g.as_default():
            try:
                fn(tf, recs)
                out["build_errors"][fn.__name__] = None
            except (ValueError, TypeError) as e:
                out["build_errors"][fn.__name__] = {"type": type(e).__name__, "message": str(e)}
    save("parsing_golden", out)


if __name__ == "__main__":
    main()
