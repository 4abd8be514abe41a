"""`tf1 bench`: steps/s of the seeds' training programs on tf1, on real TensorFlow (when a Python with
TensorFlow is given or importable) and as the same step hand-written in JAX -- all in one run.

The TF1 program source (benchmarks/<name>.py) is the same for tf1 and TensorFlow; each defines
`step()` and `final_loss()`. The JAX version (benchmarks/<name>_jax.py) defines the same two names.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from .runtime import xla_options

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.join(os.path.dirname(HERE), "benchmarks")
PROGRAMS = ["regression_mlp", "cnn_mnist", "lstm_mnist"]

_TIMER = r"""
import json, os, runpy, sys, time
sys.argv = [%(path)r]
t0 = time.perf_counter()
ns = runpy.run_path(%(path)r, run_name="bench")
build = time.perf_counter() - t0
t0 = time.perf_counter(); ns["step"](); first = time.perf_counter() - t0
for _ in range(%(warmup)d): ns["step"]()
ns["final_loss"]()  # compiles the loss fetch, which the timed region ends with
n = 0; t0 = time.perf_counter()
while True:
    ns["step"](); n += 1
    if (n >= %(min_steps)d and time.perf_counter() - t0 >= %(seconds)f) or n >= %(max_steps)d: break
# Fetching the loss waits for every dispatched step (tf1 and JAX dispatch asynchronously, TF does not),
# so the figure is completed steps per second for all three.
loss = ns["final_loss"]()
el = time.perf_counter() - t0
print("BENCH" + json.dumps({"steps_per_s": n / el, "first_step_s": first, "build_s": build,
                            "final_loss": loss}))
"""


def _run(python, path, args, tf1_shim, xla_flags=""):
    code = _TIMER % dict(path=path, warmup=args.warmup, min_steps=args.min_steps, seconds=args.seconds,
                         max_steps=args.max_steps)
    if tf1_shim is True:
        code = "from tf1 import compat_shim; compat_shim.install()\n" + code
    elif tf1_shim == "tf":
        # Real TensorFlow 2.x running the TF1 program: its compat.v1 API as `tensorflow`.
        code = ("import sys, tensorflow.compat.v1 as _v1\n_v1.disable_v2_behavior()\n"
                "sys.modules['tensorflow'] = _v1\n") + code
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TF_USE_LEGACY_KERAS="1")
    if xla_flags:
        env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " " + xla_flags).strip()
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH"):
            return json.loads(line[5:])
    return {"error": (out.stderr or out.stdout).strip().splitlines()[-1:] or ["failed"]}


def _find_tf_python(explicit):
    if explicit:
        return explicit
    for cand in (os.environ.get("TF1_BENCH_TF_PYTHON"), "/opt/tfvenv/bin/python"):
        if cand and os.path.exists(cand):
            return cand
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(prog="tf1 bench", description=__doc__.splitlines()[0])
    ap.add_argument("programs", nargs="*", default=PROGRAMS)
    ap.add_argument("--tf-python", help="a Python with tensorflow (and tf-keras) installed")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--min-steps", type=int, default=50)
    ap.add_argument("--max-steps", type=int, default=100000)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args(argv)
    tf_python = _find_tf_python(args.tf_python)
    results = {}
    for name in args.programs:
        path = os.path.join(BENCH_DIR, name + ".py")
        jax_path = os.path.join(BENCH_DIR, name + "_jax.py")
        row = {"tf1": _run(sys.executable, path, args, tf1_shim=True)}
        if os.path.exists(jax_path):
            # Hand-written JAX gets the XLA:CPU choices tf1 compiles with (as flags: it is a plain JAX program).
            row["jax"] = _run(sys.executable, jax_path, args, tf1_shim=False,
                              xla_flags=xla_options.as_xla_flags(xla_options.wanted()))
        row["tf"] = _run(tf_python, path, args, tf1_shim="tf") if tf_python else {"error": ["no TensorFlow"]}
        results[name] = row
        t = row["tf1"].get("steps_per_s")
        line = "%-16s tf1 %9.1f steps/s" % (name, t or float("nan"))
        for other in ("tf", "jax"):
            o = row.get(other, {}).get("steps_per_s")
            line += "   %s %9.1f steps/s (tf1/%s = %s)" % (other, o or float("nan"), other,
                                                           ("%.2fx" % (t / o)) if (t and o) else "n/a")
        print(line)
        print("%-16s first step: tf1 %.3fs, tf %s, jax %s; final loss tf1 %s tf %s" % (
            "", row["tf1"].get("first_step_s", float("nan")),
            "%.3fs" % row["tf"]["first_step_s"] if "first_step_s" in row["tf"] else "n/a",
            "%.3fs" % row["jax"]["first_step_s"] if "first_step_s" in row.get("jax", {}) else "n/a",
            row["tf1"].get("final_loss", row["tf1"].get("error")), row["tf"].get("final_loss", row["tf"].get("error"))))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0
