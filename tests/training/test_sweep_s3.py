"""Sweep of MorvanZhou/Tensorflow-Tutorial: TF 1.15's deprecation warnings of tf.layers functions, RNN
cells/functions and Dataset iterator methods (golden from TF 1.15's source:
tests/golden/sweep_s3/make_deprecations_golden.py)."""
import json
import os
import subprocess
import sys

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "sweep_s3")


def _warnings(stderr):
    """The `WARNING:tensorflow:` records of `stderr`, each with its continuation lines."""
    blocks = []
    for line in stderr.splitlines():
        if line.startswith("WARNING:tensorflow:"):
            blocks.append(line)
        elif blocks and not line.startswith(("INFO:", "ERROR:", "Traceback")):
            blocks[-1] += "\n" + line
    return blocks


def test_deprecation_warnings_name_the_calling_line_once():
    # A fresh process: each warning is logged once per process, as TF's warn_once does.
    proc = subprocess.run([sys.executable, "-m", "tf1", "run", "deprecations_scenario.py"], cwd=GOLDEN,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    expected = json.load(open(os.path.join(GOLDEN, "deprecations_golden.json")))["warnings"]
    assert _warnings(proc.stderr) == expected
    assert proc.stdout == "(?, 4, 5) [0. 0.]\n"


def test_internal_calls_stay_silent():
    # tf1's own uses of tf.layers / dynamic_rnn (canned estimators, fused LSTM cells, contrib.layers)
    # stand for TF internals that do not call the deprecated functions.
    code = ("import tf1 as tf\n"
            "x = tf.placeholder(tf.float32, [None, 8, 8, 3])\n"
            "f = tf.contrib.layers.flatten(tf.contrib.layers.conv2d(x, 2, 3))\n"
            "cell = tf.contrib.rnn.LSTMBlockFusedCell(3)\n"
            "o, s = cell(tf.zeros([4, 2, 3]), dtype=tf.float32)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "is deprecated" not in proc.stderr, proc.stderr
