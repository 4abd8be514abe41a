"""tf.contrib.seq2seq's ScheduledEmbeddingTrainingHelper, ScheduledOutputTrainingHelper,
SampleEmbeddingHelper, safe_cumprod, monotonic_attention, BahdanauMonotonicAttention and
LuongMonotonicAttention against TF 1.15's own contrib code run on real TensorFlow
(tests/golden/training/seq2seq_extra_golden.*, recorded by seq2seq_extra_make.py from
seq2seq_extra_cases.py): values and gradients to 1e-5 (the sampling cases are those whose draws are
certain), tensor names, static shapes and variable names exactly. The random draws themselves are
checked for their distribution here."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
sys.path.insert(0, GOLDEN)
import seq2seq_extra_cases as cases  # noqa: E402

with open(os.path.join(GOLDEN, "seq2seq_extra_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "seq2seq_extra_golden.npz"))
S = tf.contrib.seq2seq

# Known differences from TF, pinned so a change shows up:
# - without impute_finished, TF's decoder loop stacks the sample ids of a Bernoulli draw as (?, ?):
#   inside its while loop the draw's batch dimension is unknown; tf1 keeps the static batch size 3.
KNOWN_SHAPES = {("scheduled_output_never", "sample_id"): ("(?, ?)", "(3, ?)")}
# - the hard monotonic mode thresholds the score (score > 0): no gradient reaches the attention
#   weights. TF reports None for them; tf1's decoder-loop gradient reports zeros.
ZERO_NOT_NONE = {"bahdanau_monotonic_hard"}


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.__name__)
def test_case_matches_tf(case):
    want = META[case.__name__]
    got = cases.run_case(tf, S, case)
    assert got["variables"] == want["variables"]
    assert got["names"] == want["names"]
    want_shapes = dict(want["shapes"])
    for (name, label), (tf_shape, tf1_shape) in KNOWN_SHAPES.items():
        if name == case.__name__:
            assert want_shapes[label] == tf_shape
            want_shapes[label] = tf1_shape
    assert got["shapes"] == want_shapes
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    if case.__name__ in ZERO_NOT_NONE:
        extra = sorted(set(got["values"]) - set(keys))
        assert extra and all(k.startswith("grad:") for k in extra)
        for k in extra:
            assert not np.any(got["values"].pop(k)), k
    assert sorted(got["values"]) == keys
    for k in keys:
        want_v = ARRAYS[case.__name__ + "/" + k]
        # rnn_output of the sharpened cases is ~1e4: compare relative to the scale.
        atol = 1e-5 * max(1.0, float(np.abs(want_v).max())) if want_v.dtype.kind == "f" else 0
        np.testing.assert_allclose(got["values"][k], want_v, rtol=1e-5, atol=atol, err_msg=k)


def _scheduled_embedding_samples(p, runs=4):
    with tf.Graph().as_default():
        x = tf.constant(cases.X)
        embedding = tf.constant(np.eye(cases.V, cases.D, dtype=np.float32))
        helper = S.ScheduledEmbeddingTrainingHelper(x, tf.constant([cases.T] * cases.B), embedding, p, seed=1)
        cell = tf.nn.rnn_cell.GRUCell(cases.H)
        decoder = S.BasicDecoder(cell, helper, cell.zero_state(cases.B, tf.float32),
                                 output_layer=tf.layers.Dense(cases.V))
        outputs, _, _ = S.dynamic_decode(decoder)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return np.stack([sess.run(outputs.sample_id) for _ in range(runs)])


def test_scheduled_embedding_samples_at_the_given_rate():
    ids = _scheduled_embedding_samples(0.5, runs=10)
    sampled = ids > -1
    assert 0.3 < sampled.mean() < 0.7
    assert ((ids >= -1) & (ids < cases.V)).all()
    assert len(np.unique(ids[sampled])) > 1  # categorical draws, not an argmax


def test_sample_embedding_helper_draws_follow_the_softmax():
    with tf.Graph().as_default():
        logits = tf.constant(np.log(np.array([[0.7, 0.2, 0.1]] * 2000, np.float32)))
        helper = S.SampleEmbeddingHelper(tf.eye(3), tf.fill([2000], 0), 5, seed=2)
        ids = helper.sample(0, logits, None)
        hot = helper.sample(0, logits * 0.0, None)
        with tf.Session() as sess:
            got, uniform = sess.run([ids, hot])
    assert ids.dtype == tf.int32 and ids.get_shape().as_list() == [2000] and got.shape == (2000,)
    np.testing.assert_allclose(np.bincount(got, minlength=3) / 2000.0, [0.7, 0.2, 0.1], atol=0.04)
    np.testing.assert_allclose(np.bincount(uniform, minlength=3) / 2000.0, [1 / 3.] * 3, atol=0.05)


def test_monotonic_attention_noise_and_errors():
    with tf.Graph().as_default():
        memory = tf.constant(cases.X)
        att = S.BahdanauMonotonicAttention(3, memory, sigmoid_noise=1.0, sigmoid_noise_seed=4)
        init = att.initial_alignments(cases.B, tf.float32)
        al, _ = att(tf.ones([cases.B, 2]), init)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            i0, a1 = sess.run([init, al])
            a2 = sess.run(al)
        np.testing.assert_array_equal(i0, np.eye(cases.T, dtype=np.float32)[[0] * cases.B])
        assert not np.allclose(a1, a2)  # fresh noise each run
        assert (a1.sum(1) <= 1 + 1e-6).all()
        with pytest.raises(ValueError, match="mode must be 'recursive', 'parallel', or 'hard'."):
            S.monotonic_attention(tf.ones([2, 3]), tf.ones([2, 3]), "soft")
        with pytest.raises(ValueError, match="sampling_probability must be either a scalar or a vector"):
            S.ScheduledOutputTrainingHelper(memory, [5, 5, 5], tf.ones([2, 2]))
