"""tf.summary.FileWriter: event files that TensorBoard's own reader loads (scalars, histograms,
images, audio, text, graph), TF's file naming and first event, flushing without close()."""
import os
import re
import socket
import subprocess
import sys
import time

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.compat.proto import event_pb2, graph_pb2, summary_pb2

import tf1 as tf

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def events_files(logdir):
    return sorted(f for f in os.listdir(logdir) if f.startswith("events.out.tfevents."))


def load(logdir):
    acc = event_accumulator.EventAccumulator(str(logdir), size_guidance={
        event_accumulator.TENSORS: 0, event_accumulator.IMAGES: 0, event_accumulator.AUDIO: 0,
        event_accumulator.HISTOGRAMS: 0, event_accumulator.SCALARS: 0})
    acc.Reload()
    return acc


def build_and_log(logdir, steps=3):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None], name="x")
        loss = tf.reduce_mean(tf.square(x), name="loss_value")
        tf.summary.scalar("loss", loss)
        with tf.name_scope("layer1"):
            tf.summary.histogram("weights", x)
        tf.summary.image("img", tf.reshape(x[:4], [1, 2, 2, 1]), max_outputs=1)
        tf.summary.audio("au", tf.reshape(x[:4], [1, 4]) / 10.0, 8000.0)
        tf.summary.text("notes", tf.constant("hello"))
        merged = tf.summary.merge_all()
        with tf.Session() as sess:
            writer = tf.summary.FileWriter(str(logdir), sess.graph)
            for step in range(steps):
                writer.add_summary(sess.run(merged, {x: np.arange(5.0) + step}), step)
            writer.close()
    return g


def test_tensorboard_reads_everything(tmp_path):
    g = build_and_log(tmp_path / "run")
    acc = load(tmp_path / "run")
    tags = acc.Tags()
    assert tags["scalars"] == ["loss"]
    assert [e.step for e in acc.Scalars("loss")] == [0, 1, 2]
    assert [e.value for e in acc.Scalars("loss")] == pytest.approx([6.0, 11.0, 18.0])
    assert tags["histograms"] == ["layer1/weights"]
    h = acc.Histograms("layer1/weights")[2].histogram_value
    assert (h.min, h.max, h.num, h.sum) == (2.0, 6.0, 5.0, 20.0)
    assert tags["images"] == ["img/image"]
    img = acc.Images("img/image")[0]
    assert (img.width, img.height) == (2, 2) and img.encoded_image_string.startswith(b"\x89PNG")
    assert tags["audio"] == ["au/audio/0"]
    assert acc.Audio("au/audio/0")[0].content_type == "audio/wav"
    assert "notes" in tags["tensors"]
    assert acc.Tensors("notes")[0].tensor_proto.string_val == [b"hello"]
    assert acc.SummaryMetadata("notes").plugin_data.plugin_name == "text"
    graph = acc.Graph()
    assert [n.name for n in graph.node] == [op.name for op in g.get_operations()]
    assert "_output_shapes" in graph.node[0].attr
    assert tags["meta_graph"] is True


def test_file_name_first_event_and_order(tmp_path):
    before = int(time.time())
    build_and_log(tmp_path, steps=2)
    (name,) = events_files(tmp_path)
    m = re.match(r"^events\.out\.tfevents\.(\d{10})\.(.+)$", name)
    assert m and m.group(2) == socket.gethostname()
    assert before <= int(m.group(1)) <= time.time()
    events = list(tf.train.summary_iterator(str(tmp_path / name)))
    assert events[0].file_version == "brain.Event:2"
    assert events[0].wall_time == float(m.group(1))
    kinds = [e.WhichOneof("what") for e in events]
    assert kinds == ["file_version", "graph_def", "meta_graph_def", "summary", "summary"]
    gd = graph_pb2.GraphDef.FromString(events[1].graph_def)
    assert gd.node[0].name == "x"


def test_metadata_kept_only_on_first_value_of_a_tag(tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    meta = summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text"))
    for step in range(2):
        s = summary_pb2.Summary()
        s.value.add(tag="t", metadata=meta).tensor.string_val.append(b"x")
        w.add_summary(s.SerializeToString(), step)
    w.close()
    events = list(tf.train.summary_iterator(os.path.join(str(tmp_path), events_files(tmp_path)[0])))
    values = [e.summary.value[0] for e in events if e.HasField("summary")]
    assert values[0].HasField("metadata") and not values[1].HasField("metadata")


def test_lazy_file_suffix_reopen_and_logdir(tmp_path):
    logdir = tmp_path / "a" / "b"
    w = tf.summary.FileWriter(str(logdir))
    assert os.path.isdir(logdir) and events_files(logdir) == []  # created with the first event
    assert w.get_logdir() == str(logdir)
    w.close()
    assert events_files(logdir) == []
    with pytest.warns(UserWarning, match="Attempting to use a closed FileWriter"):
        w.add_summary(summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="x", simple_value=1)]), 1)
    w.reopen()
    w.add_session_log(event_pb2.SessionLog(status=event_pb2.SessionLog.START), 3)
    w.close()
    (name,) = events_files(logdir)
    events = list(tf.train.summary_iterator(str(logdir / name)))
    assert events[1].session_log.status == event_pb2.SessionLog.START and events[1].step == 3
    w2 = tf.summary.FileWriter(str(tmp_path / "s"), filename_suffix=".v2")
    (name,) = events_files(tmp_path / "s")  # a suffix creates the file at once (InitWithSuffix)
    assert name.endswith(".v2")
    w2.close()


def test_run_metadata_tags_are_unique(tmp_path):
    from tensorboard.compat.proto import config_pb2
    with tf.summary.FileWriter(str(tmp_path)) as w:
        w.add_run_metadata(config_pb2.RunMetadata(), "step1", 1)
        with pytest.raises(ValueError, match="The provided tag was already used for this event type"):
            w.add_run_metadata(config_pb2.RunMetadata(), "step1", 2)
    assert load(tmp_path).Tags()["run_metadata"] == ["step1"]


def test_add_graph_accepts_graph_def_and_rejects_others(tmp_path):
    with tf.Graph().as_default() as g:
        tf.constant(1.0, name="c")
    w = tf.summary.FileWriter(str(tmp_path), graph_def=g.as_graph_def())
    with pytest.raises(TypeError, match="The passed graph must be an instance of `Graph`"):
        w.add_graph("nope")
    with pytest.raises(ValueError, match="Please pass only graph, or graph_def"):
        w.add_graph(g, graph_def=g.as_graph_def())
    w.close()
    assert [n.name for n in load(tmp_path).Graph().node] == ["c"]


def test_file_writer_cache(tmp_path):
    a = tf.summary.FileWriterCache.get(str(tmp_path))
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is a
    tf.summary.FileWriterCache.clear()
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is not a
    tf.summary.FileWriterCache.clear()


def test_events_reach_disk_without_close_at_exit(tmp_path):
    script = (
        "import tf1 as tf\n"
        "w = tf.summary.FileWriter(%r, flush_secs=1000)\n"
        "for i in range(5):\n"
        "    w.add_summary(tf.Summary(value=[tf.Summary.Value(tag='v', simple_value=i)]), i)\n"
        % str(tmp_path))
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=120,
                   env=dict(os.environ, PYTHONPATH=ROOT))
    acc = load(tmp_path)
    assert [(e.step, e.value) for e in acc.Scalars("v")] == [(i, float(i)) for i in range(5)]


def test_background_flush_every_flush_secs(tmp_path):
    w = tf.summary.FileWriter(str(tmp_path), max_queue=1000, flush_secs=1)
    w.add_summary(summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="v", simple_value=2.0)]), 7)
    path = os.path.join(str(tmp_path), events_files(tmp_path)[0])
    deadline = time.time() + 10
    while time.time() < deadline and len(list(tf.train.summary_iterator(path))) < 2:
        time.sleep(0.2)
    events = list(tf.train.summary_iterator(path))
    assert events[-1].step == 7
    w.close()


def test_max_queue_pending_events_are_written(tmp_path):
    w = tf.summary.FileWriter(str(tmp_path), max_queue=2, flush_secs=1000)
    for i in range(4):
        w.add_summary(summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="v", simple_value=i)]), i)
    path = os.path.join(str(tmp_path), events_files(tmp_path)[0])
    assert [e.step for e in tf.train.summary_iterator(path)][1:] == [0, 1, 2, 3]
    w.close()


def test_same_events_as_tf_file_writer(tmp_path):
    """The program make_summaries.py ran under TF, replayed: same event sequence, same graph
    nodes and shapes, same summaries (TF 2.x adds a `__run_graph__` summary TF 1.15 did not)."""
    golden = os.path.join(ROOT, "tests", "golden", "summaries")
    want = list(tf.train.summary_iterator(os.path.join(golden, "tf.events")))
    want = [e for e in want if not (e.HasField("summary") and e.summary.value[0].tag == "__run_graph__")]
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        tf.identity(x * 2.0, name="y")
        w = tf.summary.FileWriter(str(tmp_path), graph=g)
        for step in range(3):
            value = tf.Summary.Value(tag="loss", simple_value=1.0 / (step + 1))
            w.add_summary(tf.Summary(value=[value]), step)
        w.add_summary(open(os.path.join(golden, "histo_int.pb"), "rb").read(), 5)
        w.close()
    got = list(tf.train.summary_iterator(os.path.join(str(tmp_path), events_files(tmp_path)[0])))
    assert [(e.WhichOneof("what"), e.step) for e in got] == [(e.WhichOneof("what"), e.step) for e in want]
    assert [e.summary for e in got if e.HasField("summary")] == \
        [e.summary for e in want if e.HasField("summary")]
    gd_got, gd_want = (graph_pb2.GraphDef.FromString(e.graph_def) for e in (got[1], want[1]))
    assert [(n.name, n.op, list(n.input), n.attr["_output_shapes"]) for n in gd_got.node] == \
        [(n.name, n.op, list(n.input), n.attr["_output_shapes"]) for n in gd_want.node]
