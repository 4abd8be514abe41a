"""Record goldens for tf1's control flow (cond/case/while_loop/map_fn/scan/fold), asserts, check_numerics
and py_func from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/control_make.py

Runs every case of `control_cases.py` in a fresh graph and writes tests/golden/ops/control_golden.json:
  cases         per case and fetch key: the structure, and per tensor its name, dtype, static shape
                and the fetched value of every run
  build_errors  per case: exception class and message raised while building the graph
  run_errors    per case: exception class and the message of the failing run
  prints        per PRINT_CASES case: the stdout and stderr of running it (each in its own process,
                since TF's kernels write to the process's file descriptors)
"""
import os
import subprocess
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import control_cases  # noqa: E402
from control_cases_util import flatten, structure, to_json, resolve_feeds  # noqa: E402
from golden_io import record_error, save, tensor_info  # noqa: E402


def main():
    out = {"cases": {}, "build_errors": {}, "run_errors": {}}
    for name, fn in sorted(control_cases.CASES.items()):
        g = tf.Graph()
        with g.as_default():
            fetches, feeds, runs = fn(tf)
            with tf.Session(graph=g) as sess:
                sess.run(tf.global_variables_initializer())
                results = [sess.run(fetches, resolve_feeds(g, feeds)) for _ in range(runs)]
        entry = {}
        for key, f in fetches.items():
            ts = flatten(f)
            entry[key] = {"structure": structure(f), "tensors": [tensor_info(t) for t in ts],
                          "values": [[to_json(v) for v in flatten(r[key])] for r in results]}
        out["cases"][name] = entry
    for name, fn in sorted(control_cases.BUILD_ERRORS.items()):
        out["build_errors"][name] = record_error(tf, fn) or {"type": None, "message": ""}
    for name, fn in sorted(control_cases.RUN_ERRORS.items()):
        g = tf.Graph()
        with g.as_default():
            fetch, feeds = fn(tf)
            with tf.Session(graph=g) as sess:
                try:
                    sess.run(fetch, resolve_feeds(g, feeds))
                    out["run_errors"][name] = {"type": None, "message": ""}
                except tf.errors.OpError as e:
                    out["run_errors"][name] = {"type": type(e).__name__, "message": e.message}
    out["prints"] = {}
    for name in sorted(control_cases.PRINT_CASES):
        code = ("import sys; sys.path.insert(0, %r)\n"
                "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
                "import control_cases\n"
                "fetch, runs = control_cases.PRINT_CASES[%r](tf)\n"
                "with tf.Session() as s:\n"
                "    for _ in range(runs):\n"
                "        s.run(fetch)\n" % (HERE, name))
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        noise = ("WARNING", "I0000", "W0000", "Instructions", "non-resource", "    ", "Use tf.print",
                 "E0000", "All log messages")
        err = [ln for ln in p.stderr.splitlines() if not ln.startswith(noise) and ln.strip()]
        out["prints"][name] = {"stdout": p.stdout, "stderr": err}
    save("control_golden", out)


if __name__ == "__main__":
    main()
