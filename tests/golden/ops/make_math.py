"""Record goldens for tf1's math surface from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/make_math.py

Runs every case of `math_cases.py` in a fresh graph and writes tests/golden/ops/:
  math_golden.json  per case: the graph's op (name, type) list outside the `gradients` scope, and
                    per fetched tensor its name, dtype and static shape; per error case the
                    exception class and message
  math_golden.npz   the fetched values, keyed "<case>/<fetch key>/<index>"
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import math_cases  # noqa: E402


def flat(v):
    return list(v) if isinstance(v, (list, tuple)) else [v]


def shape_list(t):
    s = t.get_shape()
    return None if s.ndims is None else s.as_list()


def main():
    meta = {"cases": {}, "errors": {}}
    values = {}
    for name, fn in sorted(math_cases.CASES.items()):
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
    for name, fn in sorted(math_cases.ERRORS.items()):
        g = tf.Graph()
        with g.as_default():
            try:
                fn(tf)
            except Exception as e:  # noqa: BLE001 -- recording whatever TF raises
                meta["errors"][name] = {"type": type(e).__name__, "message": str(e)}
            else:
                meta["errors"][name] = None
    with open(os.path.join(HERE, "math_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "math_golden.npz"), **values)


if __name__ == "__main__":
    main()
