"""Record goldens for tf1's string ops from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/strings_make.py

Runs every case of `strings_cases.py` in a fresh graph and writes tests/golden/ops/strings_golden.json:
per case the fetched value(s) (SparseTensorValue for splits), tensor name, dtype and static shape;
per error case the exception class and message.
"""
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import strings_cases  # noqa: E402
from control_cases_util import to_json  # noqa: E402
from golden_io import save, shape_list  # noqa: E402


def main():
    out = {"cases": {}, "errors": {}}
    for name, fn in strings_cases.CASES + strings_cases.SPLIT_CASES:
        g = tf.Graph()
        with g.as_default():
            t = fn(tf)
            entry = {}
            if hasattr(t, "dense_shape"):
                entry["static"] = [[p.dtype.name, p.get_shape().as_list()] for p in
                                   (t.indices, t.values, t.dense_shape)]
            else:
                entry["name"] = t.name
                entry["static"] = [t.dtype.name, shape_list(t)]
            with tf.Session(graph=g) as sess:
                entry["value"] = to_json(sess.run(t))
        out["cases"][name] = entry
    for name, fn in strings_cases.ERROR_CASES:
        g = tf.Graph()
        with g.as_default():
            with tf.Session(graph=g) as sess:
                try:
                    sess.run(fn(tf))
                    out["errors"][name] = {"type": None, "message": ""}
                except tf.errors.OpError as e:
                    out["errors"][name] = {"type": type(e).__name__, "message": e.message}
    save("strings_golden", out)


if __name__ == "__main__":
    main()
