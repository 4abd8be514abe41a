"""tf.train.ProfilerHook against goldens recorded from real TensorFlow
(tests/golden/training/profiler_hook_make.py over profiler_hook_cases.py): which steps write
timeline files and run-metadata events. The traces' content is tf1's own (one Session.run event:
tf1 records no per-kernel step stats), so only its form is checked."""
import json
import os
import sys

import tf1 as tf
from tf1.training.training_util import _get_or_create_global_step_read as step_read

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "training")
sys.path.insert(0, GOLDEN)
import profiler_hook_cases as cases  # noqa: E402

with open(os.path.join(GOLDEN, "profiler_hook_golden.json")) as _f:
    GOLD = json.load(_f)


def test_every_2_steps(tmp_path):
    assert cases.run(tf, str(tmp_path), step_read, save_steps=2) == GOLD["every_2_steps"]


def test_every_3_steps(tmp_path):
    assert cases.run(tf, str(tmp_path), step_read, save_steps=3, steps=10) == GOLD["every_3_steps"]


def test_no_global_step(tmp_path):
    assert cases.no_global_step(tf, str(tmp_path)) == GOLD["no_global_step"]


def test_trace_is_chrome_trace_json(tmp_path):
    cases.run(tf, str(tmp_path), step_read, save_steps=2, steps=3)
    with open(os.path.join(str(tmp_path), "timeline-2.json")) as f:
        trace = json.load(f)
    complete = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert complete and all(e["dur"] >= 0 and "ts" in e and "pid" in e for e in complete)


def test_trace_from_step_stats():
    from tf1.framework.public_protos import config_pb2
    from tf1.training.profiler_hook import chrome_trace
    md = config_pb2.RunMetadata()
    dev = md.step_stats.dev_stats.add(device="/job:localhost/replica:0/task:0/device:CPU:0")
    dev.node_stats.add(node_name="MatMul", all_start_micros=10, all_end_rel_micros=5, thread_id=1,
                       timeline_label="MatMul = MatMul(a, b)")
    events = json.loads(chrome_trace(md.step_stats))["traceEvents"]
    assert events[0] == {"name": "process_name", "ph": "M", "pid": 0,
                         "args": {"name": "/job:localhost/replica:0/task:0/device:CPU:0"}}
    assert events[1]["name"] == "MatMul" and events[1]["ts"] == 10 and events[1]["dur"] == 5
