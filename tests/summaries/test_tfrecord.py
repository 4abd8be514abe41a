"""TFRecord framing and compression against files real TensorFlow wrote (make_summaries.py)."""
import json
import os
import struct

import pytest

import tf1 as tf
from tf1.summaries import tfrecord

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "summaries")
RECORDS = [bytes.fromhex(h) for h in json.load(open(os.path.join(GOLDEN, "records.json")))]
FILES = [("records.tfrecord", None), ("records.tfrecord.gz", "GZIP"), ("records.tfrecord.zlib", "ZLIB")]


def read(name):
    with open(os.path.join(GOLDEN, name), "rb") as f:
        return f.read()


@pytest.mark.parametrize("name,compression", FILES)
def test_reads_tf_written_records(name, compression):
    got = list(tf.python_io.tf_record_iterator(os.path.join(GOLDEN, name), compression))
    assert got == RECORDS


@pytest.mark.parametrize("name,compression", FILES)
def test_writes_the_same_bytes_as_tf(tmp_path, name, compression):
    path = str(tmp_path / name)
    with tf.python_io.TFRecordWriter(path, compression) as w:
        for r in RECORDS:
            w.write(r)
    assert read(name) == open(path, "rb").read()


def test_framing_fields_and_masked_crc():
    # TF's test vector: crc32c("123456789") = 0xE3069283; Mask rotates by 15 and adds 0xa282ead8.
    crc = 0xE3069283
    assert tfrecord.masked_crc32c(b"123456789") == (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF
    framed = tfrecord.frame(b"abc")
    assert struct.unpack("<Q", framed[:8])[0] == 3
    assert struct.unpack("<I", framed[8:12])[0] == tfrecord.masked_crc32c(framed[:8])
    assert framed[12:15] == b"abc"
    assert struct.unpack("<I", framed[15:])[0] == tfrecord.masked_crc32c(b"abc")
    assert read("records.tfrecord").startswith(tfrecord.frame(RECORDS[0]) + tfrecord.frame(RECORDS[1]))


def test_options_objects_and_enum():
    opts = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    assert tf.python_io.TFRecordOptions.get_compression_type_string(opts) == "GZIP"
    assert tf.io.TFRecordOptions.get_compression_type_string(None) == ""
    assert tf.io.TFRecordOptions.get_compression_type_string("ZLIB") == "ZLIB"
    with pytest.raises(ValueError, match='Not a valid compression_type: "BZ2"'):
        tf.python_io.TFRecordOptions("BZ2")
    got = list(tf.python_io.tf_record_iterator(os.path.join(GOLDEN, "records.tfrecord.gz"), opts))
    assert got == RECORDS


def test_corrupt_and_truncated_files(tmp_path):
    data = bytearray(read("records.tfrecord"))
    first = len(tfrecord.frame(RECORDS[0]))
    bad = tmp_path / "bad"
    data[first + 12] ^= 0xFF  # the second record's data byte: its data CRC no longer matches
    bad.write_bytes(bytes(data))
    it = tf.python_io.tf_record_iterator(str(bad))
    assert next(it) == RECORDS[0]
    with pytest.raises(tf.errors.DataLossError, match="corrupted record at %d" % first):
        next(it)
    cut = tmp_path / "cut"
    cut.write_bytes(read("records.tfrecord")[:first + 14])  # inside the second record
    it = tf.python_io.tf_record_iterator(str(cut))
    assert next(it) == RECORDS[0]
    with pytest.raises(tf.errors.DataLossError, match="truncated record at %d" % first):
        next(it)
    with pytest.raises(tf.errors.NotFoundError):
        next(tf.python_io.tf_record_iterator(str(tmp_path / "missing")))


def test_summary_iterator_reads_tf_event_file():
    events = list(tf.train.summary_iterator(os.path.join(GOLDEN, "tf.events")))
    assert events[0].file_version == "brain.Event:2"
    assert events[0].wall_time == int(events[0].wall_time)
    kinds = [e.WhichOneof("what") for e in events]
    assert "graph_def" in kinds and "meta_graph_def" in kinds
    losses = [(e.step, e.summary.value[0].simple_value) for e in events
              if e.HasField("summary") and e.summary.value[0].tag == "loss"]
    assert losses == [(0, 1.0), (1, 0.5), (2, pytest.approx(1.0 / 3.0))]
