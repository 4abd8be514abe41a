"""tf.nn.ctc_greedy_decoder / ctc_beam_search_decoder against real TensorFlow (the cases of
tests/golden/ops/ctc_decoders_cases.py: SparseTensor indices, values and dense shapes, and the log
probabilities, with TF's op and output names), and their structure and errors."""
import json
import os
import sys

import numpy as np
import pytest

import tf1

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import ctc_decoders_cases  # noqa: E402
from image_extra_cases import check_case  # noqa: E402

with open(os.path.join(GOLDEN, "ctc_decoders_golden.json")) as _f:
    META = json.load(_f)
ARRAYS = np.load(os.path.join(GOLDEN, "ctc_decoders_golden.npz"))


@pytest.mark.parametrize("name", sorted(ctc_decoders_cases.CASES))
def test_case(name):
    check_case(tf1, ctc_decoders_cases, META, ARRAYS, name, rtol=1e-5, atol=1e-5)


def test_outputs_are_sparse_tensors():
    with tf1.Graph().as_default():
        x = tf1.zeros([3, 2, 4])
        decoded, log_probs = tf1.nn.ctc_beam_search_decoder(x, [3, 3], beam_width=4, top_paths=2)
        assert len(decoded) == 2 and all(isinstance(d, tf1.SparseTensor) for d in decoded)
        assert log_probs.get_shape().as_list() == [2, 2]
        greedy, neg = tf1.nn.ctc_greedy_decoder(x, [3, 3])
        assert isinstance(greedy[0], tf1.SparseTensor) and neg.get_shape().as_list() == [2, 1]
        with tf1.Session() as sess:
            value = sess.run(greedy[0])
        assert isinstance(value, tf1.SparseTensorValue)


def test_shape_function_errors():
    # TF 2's "{{node ...}}" rendering of these (the oracle) read as TF 1.15's "'name' (op: 'Type')".
    with tf1.Graph().as_default():
        with pytest.raises(ValueError, match=r"^Shape must be rank 3 but is rank 2 for 'CTCGreedyDecoder' "
                                             r"\(op: 'CTCGreedyDecoder'\) with input shapes: \[3,2\], \[2\]\.$"):
            tf1.nn.ctc_greedy_decoder(tf1.ones([3, 2]), [1, 1])
        with pytest.raises(ValueError, match=r"^Dimensions must be equal, but are 1 and 2 for 'CTCBeamSearchDecoder'"):
            tf1.nn.ctc_beam_search_decoder(tf1.ones([3, 2, 4]), [1])


def test_errors():
    with tf1.Graph().as_default():
        x = tf1.zeros([3, 2, 4])
        too_long = tf1.nn.ctc_greedy_decoder(x, [4, 3])[1]
        lengths = tf1.placeholder(tf1.int32, [None])
        bad_batch = tf1.nn.ctc_greedy_decoder(x, lengths)[1]
        too_many = tf1.nn.ctc_beam_search_decoder(x, [3, 3], beam_width=2, top_paths=3)[1]
        with tf1.Session() as sess:
            with pytest.raises(tf1.errors.InvalidArgumentError, match=r"sequence_length\(0\) <= 3"):
                sess.run(too_long)
            with pytest.raises(tf1.errors.InvalidArgumentError, match="len\\(sequence_length\\) != batch_size"):
                sess.run(bad_batch, {lengths: [3]})
            with pytest.raises(tf1.errors.InvalidArgumentError, match="Requested more paths than the beam width"):
                sess.run(too_many)
