"""Record goldens for tf1's TensorArray (alone and as tf.while_loop variables) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/ops/tensor_array_make.py

Runs every case of `tensor_array_cases.py` in a fresh graph and writes
tests/golden/ops/tensor_array_golden.json:
  cases         per case and fetch key: the structure, and per tensor its name, dtype, static shape
                and the fetched value of every run (a "train" key is run, not recorded)
  build_errors  per case: exception class and message raised while building the graph
  run_errors    per case: exception class and the message of the failing run
"""
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tensor_array_cases  # noqa: E402
from control_cases_util import flatten, structure, to_json, resolve_feeds  # noqa: E402
from golden_io import record_error, save, tensor_info  # noqa: E402


def main():
    out = {"cases": {}, "build_errors": {}, "run_errors": {}}
    for name, fn in sorted(tensor_array_cases.CASES.items()):
        g = tf.Graph()
        with g.as_default():
            fetches, feeds, runs = fn(tf)
            with tf.Session(graph=g) as sess:
                sess.run(tf.global_variables_initializer())
                results = [sess.run(fetches, resolve_feeds(g, feeds)) for _ in range(runs)]
        entry = {}
        for key, f in fetches.items():
            if key == "train":
                continue
            ts = flatten(f)
            entry[key] = {"structure": structure(f), "tensors": [tensor_info(t) for t in ts],
                          "values": [[to_json(v) for v in flatten(r[key])] for r in results]}
        out["cases"][name] = entry
    for name, fn in sorted(tensor_array_cases.BUILD_ERRORS.items()):
        out["build_errors"][name] = record_error(tf, fn) or {"type": None, "message": ""}
    for name, fn in sorted(tensor_array_cases.RUN_ERRORS.items()):
        g = tf.Graph()
        with g.as_default():
            fetch, feeds = fn(tf)
            with tf.Session(graph=g) as sess:
                try:
                    sess.run(fetch, resolve_feeds(g, feeds))
                    out["run_errors"][name] = {"type": None, "message": ""}
                except tf.errors.OpError as e:
                    out["run_errors"][name] = {"type": type(e).__name__, "message": e.message}
    save("tensor_array_golden", out)


if __name__ == "__main__":
    main()
