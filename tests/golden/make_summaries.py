"""Record golden summary protos, TFRecord files and an event file from real TensorFlow.

Run with the oracle interpreter (never by the test suite):

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/make_summaries.py

Writes tests/golden/summaries/:
  cases.json      one entry per summary case: builder name, keyword arguments, input key, golden file
  inputs.npz      the numpy inputs, keyed by case name
  <case>.pb       the serialized Summary that TF's summary kernel produced
  errors.json     TF's error class and message for the failing cases
  records*.tfrecord  TFRecordWriter output (none, GZIP, ZLIB) of the records in records.json
  tf.events       an event file written by tf.summary.FileWriter (read back by summary_iterator)
"""
import json
import os
import shutil
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "summaries")
rng = np.random.RandomState(1234)

cases = []  # (name, builder, kwargs, input array, graph-building function)
inputs = {}
errors = {}


def add(name, builder, value, kwargs, build):
    inputs[name] = value
    cases.append((name, builder, kwargs, build))


# --- scalars: ScalarSummary casts every value to float32 ---
for name, value in [("scalar_f32", np.float32(3.5)), ("scalar_f64", np.float64(1.0 / 3.0)),
                    ("scalar_i32", np.int32(7)), ("scalar_i64", np.int64(2 ** 40 + 1)),
                    ("scalar_neg", np.float32(-0.125))]:
    add(name, "scalar_summary", value, {"tag": "loss"},
        lambda v: tf.raw_ops.ScalarSummary(tags=tf.constant("loss"), values=tf.constant(v)))
add("scalar_vec", "scalar_summary", np.array([1.5, -2.0], np.float32), {"tag": ["a", "b/c"]},
    lambda v: tf.raw_ops.ScalarSummary(tags=tf.constant(["a", "b/c"]), values=tf.constant(v)))

# --- histograms: TF's default buckets, empty runs collapsed ---
hist_inputs = {
    "histo_normal": rng.normal(size=1000).astype(np.float32),
    "histo_int": rng.randint(-50, 50, size=(10, 10)).astype(np.int32),
    "histo_edges": np.array([0.0, 1e-12, -1e-12, 1.0, 1.1, -1.1, 0.0, 1e20, -1e21, 5e-13],
                            np.float64),
    "histo_huge": np.array([1e25, -1e300, 3.0], np.float64),
    "histo_empty": np.zeros((0,), np.float32),
    "histo_single": np.array([[42.0]], np.float32),
    "histo_uniform": rng.uniform(0, 10, size=(20, 30)).astype(np.float64),
}
for name, value in hist_inputs.items():
    add(name, "histogram_summary", value, {"tag": "layer1/weights"},
        lambda v: tf.raw_ops.HistogramSummary(tag=tf.constant("layer1/weights"), values=tf.constant(v)))

# --- images: uint8 passthrough, float normalisation, bad_color, tag rules ---
img_inputs = [
    ("image_uint8_rgb", rng.randint(0, 256, size=(2, 4, 5, 3)).astype(np.uint8), 3),
    ("image_f32_pos_gray", rng.uniform(0, 3, size=(3, 6, 7, 1)).astype(np.float32), 3),
    ("image_f32_signed", rng.normal(size=(4, 5, 5, 3)).astype(np.float32), 2),
    ("image_f64", rng.uniform(-1, 5, size=(1, 3, 4, 3)).astype(np.float64), 3),
    ("image_f16", rng.uniform(0, 1, size=(2, 4, 4, 1)).astype(np.float16), 3),
    ("image_rgba_one", rng.randint(0, 256, size=(2, 8, 8, 4)).astype(np.uint8), 1),
    ("image_zero", np.zeros((1, 3, 3, 3), np.float32), 3),
    ("image_tiny", np.full((1, 2, 2, 1), 1e-7, np.float32), 3),
    ("image_noise_big", rng.randint(0, 256, size=(1, 100, 120, 3)).astype(np.uint8), 3),
    ("image_smooth", np.tile(np.linspace(0, 1, 64, dtype=np.float32)[None, :, None, None],
                             (1, 1, 48, 3)).transpose(0, 2, 1, 3).copy(), 3),
    ("image_batch_empty", np.zeros((0, 4, 4, 3), np.uint8), 3),
]
bad = rng.uniform(-1, 1, size=(2, 4, 4, 3)).astype(np.float32)
bad[0, 1, 1, 0] = np.nan
bad[0, 2, 3, 2] = np.inf
bad[1, 0, 0, 1] = -np.inf
img_inputs.append(("image_nonfinite", bad, 3))
for name, value, mo in img_inputs:
    add(name, "image_summary", value, {"tag": "input", "max_outputs": mo},
        lambda v, mo=mo: tf.summary.image("input", tf.constant(v), max_outputs=mo))
custom_bad = np.array([0, 255, 0, 128], np.uint8)
add("image_bad_color", "image_summary", bad, {"tag": "input", "max_outputs": 2, "bad_color": custom_bad.tolist()},
    lambda v: tf.raw_ops.ImageSummary(tag=tf.constant("input"), tensor=tf.constant(v), max_images=2,
                                      bad_color=tf.make_tensor_proto(custom_bad)))

# --- audio: 16-bit PCM WAV ---
t = np.arange(200, dtype=np.float32) / 200.0
audio_inputs = [
    ("audio_mono", np.stack([np.sin(2 * np.pi * 5 * t), 0.5 * np.cos(2 * np.pi * 3 * t)]).astype(np.float32),
     16000.0, 3),
    ("audio_stereo_clip", rng.uniform(-1.5, 1.5, size=(3, 50, 2)).astype(np.float32), 44100.5, 1),
    ("audio_halves", (np.arange(-8, 9, dtype=np.float32) / 8.0 + 0.5 / 32768.0)[None, :], 8000.0, 3),
]
for name, value, sr, mo in audio_inputs:
    add(name, "audio_summary", value, {"tag": "sound", "sample_rate": sr, "max_outputs": mo},
        lambda v, sr=sr, mo=mo: tf.summary.audio("sound", tf.constant(v), sr, max_outputs=mo))

# --- text and tensor summaries ---
for name, value in [("text_scalar", np.array("hello world", object)),
                    ("text_matrix", np.array([["a", "bb"], ["ccc", "\u00e9"]], object))]:
    add(name, "text_summary", value, {"tag": "notes"},
        lambda v: tf.summary.text("notes", tf.constant(v.tolist() if v.ndim else v.item())))
add("tensor_f32", "tensor_summary", rng.normal(size=(2, 3)).astype(np.float32),
    {"tag": "t", "summary_description": "a tensor"},
    lambda v: tf.summary.tensor_summary("t", tf.constant(v), summary_description="a tensor"))
add("tensor_i64_display", "tensor_summary", np.array([1, -2, 3], np.int64),
    {"tag": "t", "display_name": "Ints"},
    lambda v: tf.summary.tensor_summary("t", tf.constant(v), display_name="Ints"))
add("tensor_bool_scalar", "tensor_summary", np.array(True), {"tag": "flag"},
    lambda v: tf.summary.tensor_summary("flag", tf.constant(v)))
add("tensor_str", "tensor_summary", np.array([b"x", b"yz"], object), {"tag": "s"},
    lambda v: tf.summary.tensor_summary("s", tf.constant(v.tolist())))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    meta = []
    with tf.Graph().as_default(), tf.Session() as sess:
        for name, builder, kwargs, build in cases:
            serialized = sess.run(build(inputs[name]))
            with open(os.path.join(OUT, name + ".pb"), "wb") as f:
                f.write(serialized)
            meta.append({"name": name, "builder": builder, "kwargs": kwargs})

        # merge: the inputs are the goldens above
        merged = sess.run(tf.summary.merge([tf.constant(open(os.path.join(OUT, n + ".pb"), "rb").read())
                                            for n in ("scalar_f32", "histo_int", "text_scalar")]))
        with open(os.path.join(OUT, "merge_three.pb"), "wb") as f:
            f.write(merged)
        meta.append({"name": "merge_three", "builder": "merge_summaries",
                     "kwargs": {"inputs": ["scalar_f32", "histo_int", "text_scalar"]}})

        def record_error(key, op):
            try:
                sess.run(op)
            except tf.errors.OpError as e:
                # TF 2.x wraps the kernel's message ("Graph execution error: ... Node: 'x'\n<message>
                # \n\t [[{{node x}}]]") and its C-API MergeSummary adds a trailing space; keep
                # the kernel's own line, which is what TF 1.15 reported.
                core = e.message.split("\n\t [[")[0].split("\n")[-1].rstrip()
                errors[key] = {"class": type(e).__name__, "message": core}

        scal = tf.constant(open(os.path.join(OUT, "scalar_f32.pb"), "rb").read())
        record_error("merge_duplicate", tf.summary.merge([scal, scal]))
        record_error("merge_unparsable", tf.summary.merge([tf.constant(b"\xff\xff\xff")]))
        record_error("histogram_nan", tf.summary.histogram(
            "weights", tf.constant([1.0, np.nan], tf.float32), family=None))
        record_error("histogram_inf", tf.summary.histogram("weights", tf.constant([np.inf], tf.float32)))
        record_error("scalar_shape", tf.raw_ops.ScalarSummary(tags=tf.constant("x"), values=tf.constant([1.0, 2.0])))
        record_error("image_rank", tf.raw_ops.ImageSummary(tag=tf.constant("im"), tensor=tf.zeros([2, 3, 3, 2])))
        record_error("audio_rank", tf.raw_ops.AudioSummaryV2(tag=tf.constant("au"), tensor=tf.zeros([2]),
                                                             sample_rate=tf.constant(1.0)))
        record_error("audio_rate", tf.raw_ops.AudioSummaryV2(tag=tf.constant("au"), tensor=tf.zeros([1, 3]),
                                                             sample_rate=tf.constant(0.0)))
        record_error("image_empty", tf.summary.image("im", tf.zeros([1, 0, 3, 3])))
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(meta, f, indent=1)
    with open(os.path.join(OUT, "errors.json"), "w") as f:
        json.dump(errors, f, indent=1)
    np.savez(os.path.join(OUT, "inputs.npz"), **{k: (v.astype("U") if v.dtype == object else v)
                                                  for k, v in inputs.items()})

    # TFRecord framing, byte for byte
    records = [b"", b"a", b"hello world" * 30, bytes(range(256)), b"\x00" * 5000,
               rng.randint(0, 256, size=70000).astype(np.uint8).tobytes()]
    with open(os.path.join(OUT, "records.json"), "w") as f:
        json.dump([r.hex() for r in records], f)
    for suffix, opt in [("", None), (".gz", "GZIP"), (".zlib", "ZLIB")]:
        with tf.io.TFRecordWriter(os.path.join(OUT, "records.tfrecord" + suffix), opt) as w:
            for r in records:
                w.write(r)

    # an event file from tf.summary.FileWriter
    tmp = tempfile.mkdtemp()
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        tf.identity(x * 2.0, name="y")
        w = tf.summary.FileWriter(tmp, graph=g)
        for step in range(3):
            w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=1.0 / (step + 1))]), step)
        w.add_summary(open(os.path.join(OUT, "histo_int.pb"), "rb").read(), 5)
        w.close()
    (event_file,) = os.listdir(tmp)
    shutil.copy(os.path.join(tmp, event_file), os.path.join(OUT, "tf.events"))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
