"""Record goldens for tf1's shape/indexing/sparse/random-extra surface from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/make_array.py

Runs every case of `array_cases.py` in a fresh graph and writes tests/golden/ops/:
  array_golden.json  per case: the graph's op (name, type) list outside the `gradients` scope, and
                     per fetched tensor its name, dtype and static shape; per build-time error
                     (ERRORS) and run-time error (RUN_ERRORS) the exception class and message
  array_golden.npz   the fetched values, keyed "<case>/<fetch key>/<index>"
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import array_cases  # noqa: E402


def flat(v):
    return list(v) if isinstance(v, (list, tuple)) else [v]


def shape_list(t):
    s = t.get_shape()
    return None if s.ndims is None else s.as_list()


def record_error(fn, run):
    g = tf.Graph()
    with g.as_default():
        try:
            out = fn(tf)
            if run:
                fetch, feeds = out
                with tf.Session(graph=g) as sess:
                    sess.run(fetch, feeds)
        except Exception as e:  # noqa: BLE001 -- recording whatever TF raises
            if run:  # TF 2 wraps the kernel's message in "Graph execution error: ..." lines
                return {"type": type(e).__name__, "message": e.message}
            return {"type": type(e).__name__, "message": str(e).split("\n")[0]}
    return None


def main():
    meta = {"cases": {}, "errors": {}, "run_errors": {}}
    values = {}
    for name, fn in sorted(array_cases.CASES.items()):
        g = tf.Graph()
        with g.as_default():
            fetches, feeds = fn(tf)
            ops = [[op.name, op.type] for op in g.get_operations() if not op.name.startswith("gradients")]
            with tf.Session(graph=g) as sess:
                results = sess.run(fetches, feeds)
        entry = {"ops": ops, "fetches": {}}
        for key, ts in fetches.items():
            rs = flat(results[key])
            infos = []
            for i, (t, r) in enumerate(zip(flat(ts), rs)):
                infos.append({"name": t.name, "dtype": t.dtype.name, "shape": shape_list(t)})
                values["%s/%s/%d" % (name, key, i)] = np.asarray(r)
            entry["fetches"][key] = infos
        meta["cases"][name] = entry
    for name, fn in sorted(array_cases.ERRORS.items()):
        meta["errors"][name] = record_error(fn, False)
    for name, fn in sorted(array_cases.RUN_ERRORS.items()):
        meta["run_errors"][name] = record_error(fn, True)
    with open(os.path.join(HERE, "array_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "array_golden.npz"), **values)


if __name__ == "__main__":
    main()
