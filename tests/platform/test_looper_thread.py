"""tf.train.LooperThread as TF 1.15's coordinator.py runs it (behaviour read from the 1.15 source)."""
import threading
import time

import tf1 as tf


def test_no_interval_calls_back_to_back_until_stop():
    coord = tf.train.Coordinator()
    calls = []
    enough = threading.Event()

    def target():
        calls.append(1)
        if len(calls) == 5:
            enough.set()
            coord.request_stop()

    looper = tf.train.LooperThread.loop(coord, None, target)
    assert enough.wait(10)
    coord.join([looper], stop_grace_period_secs=10)
    assert len(calls) == 5


def test_interval_stops_with_coordinator():
    coord = tf.train.Coordinator()
    calls = []
    looper = tf.train.LooperThread.loop(coord, 0.01, calls.append, args=("tick",))
    while len(calls) < 3:
        time.sleep(0.005)
    coord.request_stop()
    coord.join([looper], stop_grace_period_secs=10)
    assert set(calls) == {"tick"}
