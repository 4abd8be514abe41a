"""Regressions found running chiphuyen/stanford-tensorflow-tutorials on tf1: TF 1.15 has
`tf.disable_v2_behavior()` (the first line of `import tensorflow.compat.v1 as tf` programs; it logs
disable_resource_variables' deprecation notice), and under `tf1 run prog.py` the "Originally defined at:"
frames of a duplicate get_variable start at the program, as under `python prog.py`.
Goldens: tests/golden/sweep_s1/ (make_goldens.py records them on TF)."""
import json
import os
import subprocess
import sys

import tf1 as tf
from tf1.platform import tf_logging

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "sweep_s1")


def _golden():
    with open(os.path.join(GOLDEN, "variable_exists.json")) as f:
        return json.load(f)


def test_disable_v2_behavior_logs_tf_notice_once(caplog):
    want = _golden()
    tf_logging._deprecation_warned.discard("disable_resource_variables")
    assert tf.disable_v2_behavior() is None
    assert tf.compat.v1.disable_v2_behavior() is None
    got = [r.getMessage() for r in caplog.records if "is deprecated" in r.getMessage()]
    assert len(got) == want["disable_v2_notices"]
    assert got[0].split(": ", 1)[1] == want["disable_v2_notice"]
    assert tf.executing_eagerly() is False and tf.disable_eager_execution() is None


def test_originally_defined_at_frames_start_at_the_program():
    want = _golden()
    run = subprocess.run([sys.executable, "-c", "import sys; from tf1.cli import main; sys.exit(main())", "run",
                          "variable_exists_scenario.py"], cwd=GOLDEN, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[0] == want["first_line"]
    assert [line for line in lines if line.startswith("  File ")] == want["frames"]
