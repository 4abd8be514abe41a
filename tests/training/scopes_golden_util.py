"""Runs the cases of tests/golden/training/training_cases.py with tf1 and returns real TF's output."""
import contextlib
import io
import json
import os
import sys

import tf1

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
sys.path.insert(0, GOLDEN_DIR)
import training_cases  # noqa: E402

with open(os.path.join(GOLDEN_DIR, "scopes_layers_losses.json")) as _f:
    GOLDENS = json.load(_f)


def run_case(code):
    out = io.StringIO()
    with tf1.Graph().as_default(), contextlib.redirect_stdout(out):
        exec(code, {"tf": tf1})
    return out.getvalue()


def check(group, name):
    got = run_case(getattr(training_cases, group)[name]).splitlines()
    want = GOLDENS["cases"][group][name].splitlines()
    assert got == want, "\n".join("%s\n  tf:  %s\n  tf1: %s" % (i, w, g) for i, (w, g) in
                                  enumerate(zip(want + [""] * len(got), got + [""] * len(want)))
                                  if w != g)
