"""tf.contrib.seq2seq (sequence_loss, TrainingHelper, GreedyEmbeddingHelper, BasicDecoder,
dynamic_decode) against real TensorFlow's results (tests/golden/training/seq2seq_golden.*, recorded by
seq2seq_make.py from TF 1.15's own contrib/seq2seq sources on the cases in seq2seq_cases.py):
outputs, sample ids, final states, lengths, losses and gradients to 1e-5; variable names and static
shapes exactly. Argument errors use TF 1.15's messages."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
sys.path.insert(0, GOLDEN)
import seq2seq_cases  # noqa: E402

with open(os.path.join(GOLDEN, "seq2seq_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "seq2seq_golden.npz"))
S = tf.contrib.seq2seq


@pytest.mark.parametrize("case", seq2seq_cases.CASES, ids=lambda c: c.__name__)
def test_case_matches_tf(case):
    want = META[case.__name__]
    got = seq2seq_cases.run_case(tf, S, case)
    assert got["variables"] == want["variables"]
    assert got["shapes"] == want["shapes"]
    assert got["names"] == want["names"]
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    assert sorted(got["values"]) == keys
    for k in keys:
        np.testing.assert_allclose(got["values"][k], ARRAYS[case.__name__ + "/" + k], rtol=1e-5, atol=1e-5,
                                   err_msg=k)


def test_sgd_training_matches_tf():
    """Attention decoder with unknown batch/time sizes, trained 3 SGD steps through dynamic_decode."""
    np.testing.assert_allclose(seq2seq_cases.train_steps(tf, S), ARRAYS["train_steps/losses"], rtol=1e-5,
                               atol=1e-5)


def test_case_list_is_complete():
    recorded = {k.split("/", 1)[0] for k in ARRAYS.files}
    assert recorded == {c.__name__ for c in seq2seq_cases.CASES} | {"train_steps"}
    assert set(META) == {c.__name__ for c in seq2seq_cases.CASES}


# ------------------------------------------------------------------------- argument errors

def _raises(exc, message, fn):
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == message


def test_sequence_loss_errors():
    with tf.Graph().as_default():
        logits = tf.zeros([2, 3, 4])
        targets = tf.zeros([2, 3], tf.int32)
        weights = tf.ones([2, 3])
        _raises(ValueError, "Logits must be a [batch_size x sequence_length x logits] tensor",
                lambda: S.sequence_loss(logits[0], targets, weights))
        _raises(ValueError, "Targets must be a [batch_size x sequence_length] tensor",
                lambda: S.sequence_loss(logits, targets[0], weights))
        _raises(ValueError, "Weights must be a [batch_size x sequence_length] tensor",
                lambda: S.sequence_loss(logits, targets, weights[0]))
        _raises(ValueError, "average_across_timesteps and sum_over_timesteps cannot be set to True at same time.",
                lambda: S.sequence_loss(logits, targets, weights, sum_over_timesteps=True))
        _raises(ValueError, "average_across_batch and sum_over_batch cannot be set to True at same time.",
                lambda: S.sequence_loss(logits, targets, weights, sum_over_batch=True))


def test_decoder_and_helper_errors():
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.GRUCell(3)
        x = tf.zeros([2, 4, 5])
        helper = S.TrainingHelper(x, [4, 2])
        state = cell.zero_state(2, tf.float32)
        _raises(TypeError, "Expected decoder to be type Decoder, but saw: <class 'str'>",
                lambda: S.dynamic_decode("decoder"))
        _raises(TypeError, "helper must be a Helper, received: <class 'str'>",
                lambda: S.BasicDecoder(cell, "helper", state))
        _raises(TypeError, "output_layer must be a Layer, received: <class 'int'>",
                lambda: S.BasicDecoder(cell, helper, state, output_layer=3))
        _raises(ValueError, "Expected sequence_length to be a vector, but received shape: ()",
                lambda: S.TrainingHelper(x, 4))
        emb = tf.zeros([6, 5])
        _raises(ValueError, "start_tokens must be a vector", lambda: S.GreedyEmbeddingHelper(emb, 1, 2))
        _raises(ValueError, "end_token must be a scalar", lambda: S.GreedyEmbeddingHelper(emb, [1, 1], [2]))
        decoder = S.BasicDecoder(cell, helper, state)
        _raises(ValueError, "maximum_iterations must be a scalar",
                lambda: S.dynamic_decode(decoder, maximum_iterations=[3]))


def test_attention_errors_and_clone():
    with tf.Graph().as_default():
        memory = tf.zeros([2, 5, 4])
        cell = tf.nn.rnn_cell.GRUCell(3)
        _raises(TypeError, "attention_mechanism must be an AttentionMechanism or list of multiple "
                           "AttentionMechanism instances, saw type: str",
                lambda: S.AttentionWrapper(cell, "attention"))
        luong = S.LuongAttention(4, memory)
        _raises(ValueError, "If provided, attention_layer_size must contain exactly one integer per "
                            "attention_mechanism, saw: 2 vs 1",
                lambda: S.AttentionWrapper(cell, luong, attention_layer_size=[2, 3]))
        wrapper = S.AttentionWrapper(cell, luong, attention_layer_size=2)
        assert wrapper.output_size == 2
        _raises(TypeError, "Expected state to be instance of AttentionWrapperState. Received type "
                           "<class 'tuple'> instead.",
                lambda: wrapper(tf.zeros([2, 4]), (tf.zeros([2, 3]),)))
        state = wrapper.zero_state(2, tf.float32)
        assert isinstance(state, S.AttentionWrapperState)
        assert state.alignments.get_shape().as_list() == [2, 5]
        cloned = state.clone(cell_state=tf.placeholder(tf.float32))
        assert cloned.cell_state.get_shape().as_list() == [2, 3]
        # The cell output (3 units) does not match the Luong keys (4 units).
        fresh = S.AttentionWrapper(tf.nn.rnn_cell.GRUCell(3), luong)
        with pytest.raises(ValueError, match="Incompatible or unknown inner dimensions between query and keys"):
            fresh(tf.zeros([2, 4]), fresh.zero_state(2, tf.float32))
        out = S.hardmax(tf.constant([[1., 3., 2.], [5., 0., 1.]]))
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(out), [[0, 1, 0], [1, 0, 0]])


def test_beam_search_errors():
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.GRUCell(3)
        emb = tf.zeros([6, 4])
        state = tf.zeros([4, 3])
        _raises(ValueError, "start_tokens must be a vector",
                lambda: S.BeamSearchDecoder(cell, emb, 1, 2, state, 2))
        _raises(ValueError, "end_token must be a scalar",
                lambda: S.BeamSearchDecoder(cell, emb, [1, 1], [2], state, 2))
        _raises(TypeError, "output_layer must be a Layer, received: <class 'str'>",
                lambda: S.BeamSearchDecoder(cell, emb, [1, 1], 2, state, 2, output_layer="dense"))
        _raises(ValueError, "t must have statically known rank", lambda: S.tile_batch(tf.constant(1.0), 2))
        # A state not tiled to batch * beam: TF's Reshape shape inference already refuses it.
        with pytest.raises(ValueError, match=r"Cannot reshape a tensor with 9 elements to shape \[2,2,3\]"):
            S.BeamSearchDecoder(cell, emb, [1, 1], 2, tf.zeros([3, 3]), 2)
        decoder = S.BeamSearchDecoder(cell, emb, [1, 1], 2, state, 2, coverage_penalty_weight=0.5)
        _raises(ValueError, "coverage_penalty_weight must be 0.0 if no cell is attentional.",
                lambda: decoder.initialize())
