"""tf.train.warm_start / tf.estimator.WarmStartSettings against goldens recorded from real
TensorFlow (tests/golden/training/warm_start_make.py over warm_start_cases.py)."""
import json
import os
import re
import sys

import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "training")
sys.path.insert(0, GOLDEN)
import warm_start_cases as cases  # noqa: E402

with open(os.path.join(GOLDEN, "warm_start_golden.json")) as _f:
    GOLD = json.load(_f)


def _normalize(message):
    # The checkpoint path is a temporary directory, and the shape map's order is the reader's.
    return re.sub(r"/\S*/model\.ckpt", "<ckpt>", message).split(" checkpoint {")[0]


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name, tmp_path):
    ours = json.loads(json.dumps(cases.run_case(tf, cases.CASES[name], str(tmp_path))))
    gold = GOLD[name]
    if "message" in gold:
        assert ours.get("error") == gold["error"], ours
        assert _normalize(ours["message"]) == _normalize(gold["message"])
    else:
        assert ours == gold


def test_warm_start_settings():
    s = tf.estimator.WarmStartSettings("/tmp/x")
    assert s == ("/tmp/x", ".*", {}, {})
    s = tf.estimator.WarmStartSettings("/tmp/x", vars_to_warm_start=["a"], var_name_to_prev_var_name={"a": "b"})
    assert s.vars_to_warm_start == ["a"] and s.var_name_to_prev_var_name == {"a": "b"}
    with pytest.raises(ValueError, match="`ckpt_to_initialize_from` MUST be set in WarmStartSettings"):
        tf.estimator.WarmStartSettings("")


def test_vocab_info_is_refused(tmp_path):
    ckpt = cases._first_graph(tf, str(tmp_path))
    with tf.Graph().as_default():
        cases._second_graph(tf)
        info = tf.train.VocabInfo("new.txt", 3, 0, "old.txt")
        with pytest.raises(NotImplementedError, match="vocabulary remapping"):
            tf.train.warm_start(ckpt, var_name_to_vocab_info={"a/w": info})
