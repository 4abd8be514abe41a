"""tf.contrib.crf against real TensorFlow's results (tests/golden/distributions/crf_golden.*, recorded by
crf_make.py from TF 1.15's own contrib/crf source on the cases in crf_cases.py): sequence scores, log
partition functions, log-likelihoods, Viterbi tags and scores and their gradients to 1e-5; tensor
names, static shapes and variable names exactly; SGD training of an emission + CRF tagger."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "distributions")
sys.path.insert(0, GOLDEN)
import crf_cases  # noqa: E402

with open(os.path.join(GOLDEN, "crf_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "crf_golden.npz"))
C = tf.contrib.crf


@pytest.mark.parametrize("case", crf_cases.CASES, ids=lambda c: c.__name__)
def test_case_matches_tf(case):
    want = META[case.__name__]
    got = crf_cases.run_case(tf, C, case)
    assert got["variables"] == want["variables"]
    assert got["shapes"] == want["shapes"]
    assert got["names"] == want["names"]
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    assert sorted(got["values"]) == keys
    for k in keys:
        want_v = ARRAYS[case.__name__ + "/" + k]
        assert got["values"][k].dtype == want_v.dtype, k
        np.testing.assert_allclose(got["values"][k], want_v, rtol=1e-5, atol=1e-5, err_msg=k)


def test_sgd_training_matches_tf():
    np.testing.assert_allclose(crf_cases.train_steps(tf, C), ARRAYS["train_steps/losses"], rtol=1e-5, atol=1e-5)


def test_case_list_is_complete():
    assert {k.split("/", 1)[0] for k in ARRAYS.files} == {c.__name__ for c in crf_cases.CASES} | {"train_steps"}
    assert set(META) == {c.__name__ for c in crf_cases.CASES}


def test_viterbi_decode_matches_crf_decode():
    """numpy Viterbi on each sequence's valid prefix agrees with the graph decoder."""
    tags, best = ARRAYS["decode/tags"], ARRAYS["decode/best"]
    for b in range(crf_cases.B):
        n = crf_cases.LENGTHS[b]
        seq, score = C.viterbi_decode(crf_cases.INPUTS[b, :n], crf_cases.TRANS)
        assert list(seq) == list(tags[b, :n])
        np.testing.assert_allclose(score, best[b], rtol=1e-6)
