"""tf.gfile, queues, readers, decode_csv, input producers, QueueRunner and Coordinator against the
lines real TensorFlow reported for the same probes (tests/golden/platform/, see make_goldens.py)."""
import itertools
import json
import os
import re
import sys

import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "platform")
sys.path.insert(0, GOLDEN)
import probes  # noqa: E402


def _golden(name):
    with open(os.path.join(GOLDEN, name + ".json")) as f:
        return json.load(f)


def _norm(lines):
    # Thread numbers depend on what else the process started.
    return [re.sub(r"Thread-\d+", "Thread-N", line) for line in lines]


def _compare(got, want):
    got, want = _norm(got), _norm(want)
    for g, w in zip(got, want):
        assert g == w
    assert len(got) == len(want)


def test_gfile(tmp_path):
    cwd = os.getcwd()
    try:
        _compare(probes.probe_gfile(tf, str(tmp_path)), _golden("gfile"))
    finally:
        os.chdir(cwd)


def test_queues_then_pipeline(tmp_path, monkeypatch):
    # TF names queues "_<id>_<node>" from one process-wide counter: start it where TF's was.
    from tf1.ops import queue_ops
    monkeypatch.setattr(queue_ops, "_resource_ids", itertools.count())
    cwd = os.getcwd()
    try:
        tf.reset_default_graph()
        (tmp_path / "q").mkdir()
        (tmp_path / "p").mkdir()
        _compare(probes.probe_queues(tf, str(tmp_path / "q")), _golden("queues"))
        tf.reset_default_graph()
        _compare(probes.probe_pipeline(tf, str(tmp_path / "p")), _golden("pipeline"))
    finally:
        os.chdir(cwd)
        tf.reset_default_graph()


def test_random_shuffle_queue_keeps_min_after_dequeue():
    tf.reset_default_graph()
    q = tf.RandomShuffleQueue(10, 3, [tf.int32], shapes=[[]], seed=1)
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2, 3, 4, 5]]))
    got = sess.run(q.dequeue_many(2))
    assert sorted(set(got.tolist())) == sorted(got.tolist()) and set(got.tolist()) <= {1, 2, 3, 4, 5}
    assert sess.run(q.size()) == 3
    # Only min_after_dequeue left: a dequeue must wait, so a timeout shows it blocked.
    sess2 = tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=100))
    sess2.run(q.enqueue_many([[1, 2, 3]]))
    with pytest.raises(tf.errors.DeadlineExceededError):
        sess2.run(q.dequeue())
    tf.reset_default_graph()
