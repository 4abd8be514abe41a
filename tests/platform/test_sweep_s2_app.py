"""A tf.app.run program (shape of golbin/TensorFlow-Tutorials' DQN agent and ChatBot trainer) prints what
TF prints (tests/golden/sweep_s2/app_run.json) and no jax log lines: absl's app.run lowers the root
logger to INFO, which let jax's backend probing ("Unable to initialize backend 'tpu'") through."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "golden", "sweep_s2")
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# As `tf1 run` does; main's level check runs inside tf.app.run (so after absl set up logging).
RUNNER = ("import logging, runpy, sys, tf1; sys.modules['tensorflow'] = tf1; sys.argv = sys.argv[1:]; "
          "g = runpy.run_path(sys.argv[0], run_name='sweep'); m = g['main']; "
          "g['tf'].app.run(lambda a: (m(a), print('jax level', logging.getLogger('jax').getEffectiveLevel())) and None)")


def test_app_run_program_output_and_no_jax_info():
    with open(os.path.join(GOLDEN_DIR, "app_run.json")) as f:
        want = json.load(f)
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", RUNNER, "app_run_script.py", "--train"], cwd=GOLDEN_DIR,
                       env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == want["rc"], p.stderr[-2000:]
    assert p.stdout.splitlines() == want["stdout"] + ["jax level 30"], p.stderr[-2000:]
    assert "xla_bridge" not in p.stderr and "Unable to initialize backend" not in p.stderr, p.stderr
