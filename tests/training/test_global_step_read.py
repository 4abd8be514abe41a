"""Hooks' global-step read runs before the train op's increment, as under TF's executor
(golden: tests/golden/training/global_step_read.py prints [0, 1, 2, 3] under real TensorFlow)."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "golden", "training", "global_step_read.py")


def test_read_sees_step_before_increment():
    out = subprocess.run([sys.executable, "-m", "tf1", "run", SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[np.int64(0), np.int64(1), np.int64(2), np.int64(3)]"
