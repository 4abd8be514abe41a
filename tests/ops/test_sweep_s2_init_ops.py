"""Regressions found running golbin/TensorFlow-Tutorials on tf1: TF 1.15 warns (once per class) when a
v1 initializer is given a `dtype` at construction (RMSProp's slots and the RNN cells do so too).
Goldens: tests/golden/sweep_s2/ (make_goldens.py records them on TF)."""
import json
import os
import sys

import tf1 as tf
from tf1.platform import tf_logging

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "sweep_s2")

sys.path.insert(0, GOLDEN)
import initializer_cases  # noqa: E402

CASES = initializer_cases.cases(tf)


def _notices(caplog):
    return [r.getMessage() for r in caplog.records if "with dtype is deprecated" in r.getMessage()]


def test_initializer_dtype_notices_match_tf(caplog):
    with open(os.path.join(GOLDEN, "initializer_dtype.json")) as f:
        want = json.load(f)
    tf_logging._arg_warned.clear()  # the notices are logged once per process
    for name, fn in CASES:
        caplog.clear()
        fn()
        got = _notices(caplog)
        assert [m.split(": ", 1)[1] for m in got] == want[name], name
        for m in got:  # the call site named is the cases' lambda, not tf1's wrapper
            assert m.startswith("From %s:" % initializer_cases.__file__), m


def test_dtype_still_applies_and_glorot_warns_for_itself_only(caplog):
    tf_logging._arg_warned.clear()  # the notices are logged once per process
    g = tf.glorot_normal_initializer(seed=3, dtype=tf.float64)
    assert g.dtype == tf.float64 and g.get_config() == {"seed": 3, "dtype": "float64"}
    assert [m.split(" (from")[0].split(": ", 1)[1] for m in _notices(caplog)] == ["calling GlorotNormal.__init__"]
    c = tf.constant_initializer(2, tf.int32)
    with tf.Graph().as_default(), tf.Session() as sess:
        assert sess.run(c([2])).tolist() == [2, 2]
        assert sess.run(tf.zeros_initializer(tf.int64)([1])).dtype.name == "int64"


def test_library_internal_calls_stay_silent(caplog):
    # tf1's RMSProp slots (ones_initializer(dtype=...)) and RNN cells stand for TF internals: no notice.
    tf_logging._arg_warned.clear()  # the notices are logged once per process
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0])
        tf.train.RMSPropOptimizer(0.1).minimize(tf.reduce_sum(v * v))
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.zeros([1, 3, 2]), dtype=tf.float32)
    assert _notices(caplog) == []
    tf.ones_initializer(dtype=tf.float32)  # still warns once for the user's own call
    assert len(_notices(caplog)) == 1
