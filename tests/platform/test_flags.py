"""tf.app.flags / tf.app.run against real TensorFlow's behaviour on the same script and command lines
(tests/golden/platform/flags_golden.json, recorded by make_flags_golden.py)."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "golden", "platform")
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
with open(os.path.join(GOLDEN_DIR, "flags_golden.json")) as _f:
    CASES = json.load(_f)

# Runs a script with `import tensorflow` meaning tf1, as `tf1 run` does.
RUNNER = ("import runpy, sys, tf1; sys.modules['tensorflow'] = tf1; sys.argv = sys.argv[1:]; "
          "runpy.run_path(sys.argv[0], run_name='__main__')")


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c["args"]) or "no-args" for c in CASES])
def test_flags_script(case):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", RUNNER, "flags_script.py"] + case["args"], cwd=GOLDEN_DIR,
                       env=env, capture_output=True, text=True, timeout=120)
    assert p.stdout.splitlines() == case["stdout"], p.stderr[-2000:]
    assert p.returncode == case["rc"], p.stderr[-2000:]
    if case["stderr_key"]:
        assert case["stderr_key"][-1] in p.stderr
