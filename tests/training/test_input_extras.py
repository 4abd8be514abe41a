"""tf.train.maybe_batch / maybe_shuffle_batch / match_filenames_once and tf.io.matching_files against
goldens recorded from real TensorFlow (tests/golden/training/input_extras_make.py over
input_extras_cases.py)."""
import json
import os
import sys

import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "training")
sys.path.insert(0, GOLDEN)
import input_extras_cases as cases  # noqa: E402

with open(os.path.join(GOLDEN, "input_extras_golden.json")) as _f:
    GOLD = json.load(_f)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name, tmp_path):
    ours = json.loads(json.dumps(cases.run_case(tf, cases.CASES[name], str(tmp_path))))
    assert ours == GOLD[name]
