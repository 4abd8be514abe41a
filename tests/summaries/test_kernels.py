"""Summary kernels against the protos real TensorFlow produced (tests/golden/make_summaries.py):
scalars, histograms (TF's bucket edges), PNG images, WAV audio, tensors/text, merge; byte for byte."""
import json
import os

import numpy as np
import pytest
from tensorboard.compat.proto import summary_pb2

from tf1.framework import errors
from tf1.summaries import encoders, kernels

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "summaries")
CASES = {c["name"]: c for c in json.load(open(os.path.join(GOLDEN, "cases.json")))}
INPUTS = np.load(os.path.join(GOLDEN, "inputs.npz"))
ERRORS = json.load(open(os.path.join(GOLDEN, "errors.json")))


def golden(name):
    with open(os.path.join(GOLDEN, name + ".pb"), "rb") as f:
        data = f.read()
    s = summary_pb2.Summary()
    s.ParseFromString(data)
    return data, s


def value(name):
    x = INPUTS[name]
    return x.astype(object) if x.dtype.kind == "U" else x


def run_case(name):
    """Our kernel on the case's recorded input. Tags come from the golden: TF uniquified the
    summary names while recording many cases in one graph (`input_7/image/0`)."""
    case = CASES[name]
    kw, (_, g) = case["kwargs"], golden(name)
    builder = case["builder"]
    x = value(name)
    if builder == "scalar_summary":
        out = kernels.scalar_summary(np.array(kw["tag"], dtype=object), x)
    elif builder == "histogram_summary":
        out = kernels.histogram_summary(g.value[0].tag, x)
    elif builder == "image_summary":
        base = g.value[0].tag.rsplit("/image", 1)[0] if g.value else "input"
        out = kernels.image_summary(base, x, kw["max_outputs"], kw.get("bad_color"))
    elif builder == "audio_summary":
        base = g.value[0].tag.rsplit("/audio", 1)[0]
        out = kernels.audio_summary(base, x, kw["sample_rate"], kw["max_outputs"])
    else:
        v = g.value[0]
        dtype = {1: "float32", 9: "int64", 10: "bool", 7: "string"}[v.tensor.dtype]
        out = kernels.tensor_summary(v.tag, x, v.metadata.SerializeToString(), dtype)
    assert isinstance(out, np.ndarray) and out.dtype == object and out.shape == ()
    return out.item()


@pytest.mark.parametrize("name", sorted(n for n in CASES if n != "merge_three"))
def test_summary_bytes_equal_tf(name):
    data, g = golden(name)
    out = run_case(name)
    got = summary_pb2.Summary()
    got.ParseFromString(out)
    # Field by field first (a readable failure), then the exact bytes.
    assert [v.tag for v in got.value] == [v.tag for v in g.value]
    for a, b in zip(got.value, g.value):
        assert a.WhichOneof("value") == b.WhichOneof("value")
        if a.HasField("histo"):
            for f in ("min", "max", "num", "sum", "sum_squares"):
                assert getattr(a.histo, f) == getattr(b.histo, f), f
            assert list(a.histo.bucket_limit) == list(b.histo.bucket_limit)
            assert list(a.histo.bucket) == list(b.histo.bucket)
        if a.HasField("image"):
            assert (a.image.height, a.image.width, a.image.colorspace) == \
                (b.image.height, b.image.width, b.image.colorspace)
            assert decode_png(a.image.encoded_image_string).tobytes() == \
                decode_png(b.image.encoded_image_string).tobytes()
    assert out == data


def test_merge_matches_tf():
    data, _ = golden("merge_three")
    parts = [np.array(golden(n)[0], dtype=object) for n in CASES["merge_three"]["kwargs"]["inputs"]]
    assert kernels.merge_summary(parts).item() == data


def test_merge_reads_every_element_of_vector_inputs():
    a, b = golden("scalar_vec")[0], golden("text_scalar")[0]
    out = summary_pb2.Summary.FromString(kernels.merge_summary([np.array([a, b], dtype=object)]).item())
    assert [v.tag for v in out.value] == ["a", "b/c", "notes"]


class _Op:
    name = "weights"


def _error(fn, *args):
    with pytest.raises(errors.InvalidArgumentError) as e:
        fn(*args)
    return e.value.message


def test_kernel_errors_match_tf():
    scal = np.array(golden("scalar_f32")[0], dtype=object)
    assert _error(kernels.merge_summary, [scal, scal]) == ERRORS["merge_duplicate"]["message"]
    assert _error(kernels.merge_summary, [np.array(b"\xff\xff\xff", dtype=object)]) == \
        ERRORS["merge_unparsable"]["message"]
    assert _error(kernels.histogram_summary, "weights", np.array([1.0, np.nan], np.float32), _Op()) == \
        ERRORS["histogram_nan"]["message"]
    assert _error(kernels.image_summary, "im", np.zeros([2, 3, 3, 2], np.float32)) == \
        ERRORS["image_rank"]["message"]
    assert _error(kernels.audio_summary, "au", np.zeros([2], np.float32), 1.0) == \
        ERRORS["audio_rank"]["message"]
    assert _error(kernels.audio_summary, "au", np.zeros([1, 3], np.float32), 0.0) == \
        ERRORS["audio_rate"]["message"]
    assert _error(kernels.image_summary, "im", np.zeros([1, 0, 3, 3], np.float32)) == \
        ERRORS["image_empty"]["message"]


def test_kernel_errors_worded_as_tf_1_15():
    # TF 2.x moved these kernels to the C API and reworded two messages; TF 1.15's summary_op.cc
    # said "Infinity in summary histogram for: <node>" and "tags and values not the same shape".
    assert ERRORS["histogram_inf"]["message"] == "Infinity in Histogram for: weights_1"
    op = _Op()
    op.name = "weights_1"
    assert _error(kernels.histogram_summary, "w", np.array([np.inf], np.float32), op) == \
        "Infinity in summary histogram for: weights_1"
    assert ERRORS["scalar_shape"]["message"] == "tags and values are not the same shape: [] != [2] (tag 'x')"
    assert _error(kernels.scalar_summary, np.array(b"x", dtype=object), np.array([1.0, 2.0])) == \
        "tags and values not the same shape: [] != [2] (tag 'x')"


def test_histogram_bucket_edges():
    limits = encoders.BUCKET_LIMITS
    assert limits[len(limits) // 2] == 0.0
    assert limits[-1] == np.finfo(np.float64).max and limits[0] == -limits[-1]
    assert np.all(np.diff(limits) > 0)
    assert limits[len(limits) // 2 + 1] == 1e-12
    assert limits[len(limits) // 2 + 2] == 1e-12 * 1.1


def decode_png(data):
    """A minimal PNG decoder (8-bit, non-interlaced) to compare pixels independently of bytes."""
    import struct
    import zlib
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        assert struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0] == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, color = ihdr[0], ihdr[1], ihdr[2], ihdr[3]
    assert depth == 8
    bpp = {0: 1, 4: 2, 2: 3, 6: 4}[color]
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = np.zeros((h, stride), np.int32)
    prev = np.zeros(stride, np.int32)
    for y in range(h):
        kind = raw[y * (stride + 1)]
        line = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int32)
        cur = np.zeros(stride, np.int32)
        for i in range(stride):
            a = cur[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 0:
                p = 0
            elif kind == 1:
                p = a
            elif kind == 2:
                p = b
            elif kind == 3:
                p = (a + b) >> 1
            else:
                pp = a + b - c
                pa, pb, pc = abs(pp - a), abs(pp - b), abs(pp - c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[i] = (line[i] + p) & 0xFF
        out[y] = cur
        prev = cur
    return out.astype(np.uint8).reshape(h, w, bpp)


def test_png_pixels_roundtrip():
    rng = np.random.RandomState(0)
    for shape in [(1, 1, 1), (1, 7, 3), (9, 1, 4), (5, 6, 2), (40, 30, 3)]:
        img = rng.randint(0, 256, size=shape).astype(np.uint8)
        assert np.array_equal(decode_png(encoders.encode_png(img)), img)


def test_float_image_scaling_rules():
    # all >= 0: the largest value becomes 255; with negatives 0 maps to 128, the largest |v| to 1 or 255.
    pos = encoders.normalize_float_image(np.array([[[0.0], [1.0], [2.0]]], np.float32))
    assert pos.reshape(-1).tolist() == [0, 127, 255]
    signed = encoders.normalize_float_image(np.array([[[-2.0], [0.0], [1.0]]], np.float32))
    assert signed.reshape(-1).tolist() == [1, 128, 191]
    bad = encoders.normalize_float_image(np.array([[[np.nan, 0.0, 1.0], [0.5, 0.5, 0.5]]], np.float32))
    assert bad.tolist() == [[[255, 0, 0], [255, 255, 255]]]


def test_wav_rounds_half_away_from_zero():
    wav = encoders.encode_wav(np.array([[0.5 / 32768], [-0.5 / 32768], [2.0], [-2.0]], np.float32), 100)
    assert np.frombuffer(wav[44:], "<i2").tolist() == [1, -1, 32767, -32768]
    assert wav[:4] == b"RIFF" and wav[8:16] == b"WAVEfmt "
