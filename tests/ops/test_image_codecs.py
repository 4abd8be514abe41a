"""Image codecs against goldens recorded from real TensorFlow (tests/golden/ops/codecs_make.py over
the files codecs_fixtures.py writes): decoded pixels, static shapes, encoded bytes. The oracle is
TF 2.21, whose image kernels and `decode_image` differ from TF 1.15's in a few places (one 1.15
kernel decodes JPEG/PNG/GIF whatever the op; `decode_image` is 1.15's graph of conds); those
cases are pinned from TF 1.15's source below instead of the golden."""
import json
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
with open(os.path.join(GOLDEN, "codecs_golden.json")) as _f:
    GOLD = json.load(_f)
VALUES = np.load(os.path.join(GOLDEN, "codecs_golden.npz"))
CASES = GOLD["cases"]

JPEGS = ["rgb_420.jpg", "rgb_422.jpg", "rgb_444.jpg", "rgb_odd_420.jpg", "rgb_prog.jpg", "gray.jpg",
         "rgb_exif.jpg"]
PNGS = ["rgb.png", "gray.png", "rgba.png", "la.png", "palette.png", "gray16.png", "bilevel.png", "rgb16.png",
        "trns_rgb.png", "trns_gray.png"]
ALL = JPEGS + PNGS + ["rgb.gif", "anim.gif", "rgb24.bmp", "rgba32.bmp", "truncated.jpg", "garbage.bin"]


def read(name):
    with open(os.path.join(GOLDEN, "codecs", name), "rb") as f:
        return f.read()


def run_each(build, names, dtype=tf.string):
    """Builds `build(placeholder)` once and runs it on each file: {name: value or the OpError}."""
    out = {}
    with tf.Graph().as_default():
        p = tf.placeholder(dtype, [])
        t = build(p)
        with tf.Session() as sess:
            for name in names:
                try:
                    out[name] = sess.run(t, {p: read(name)})
                except tf.errors.OpError as e:
                    out[name] = e
    return t, out


def check_case(key, got, static=None):
    info = CASES[key]
    if static is not None:
        assert static == info["static"], key
    if "error" in info:
        assert isinstance(got, tf.errors.OpError), key
        assert [type(got).__name__, got.message] == info["error"], key
        return
    assert not isinstance(got, Exception), (key, got)
    want = VALUES[key]
    assert got.dtype == want.dtype and got.shape == want.shape, key
    np.testing.assert_array_equal(got, want, err_msg=key)


def static(t):
    s = t.get_shape()
    return None if s.ndims is None else s.as_list()


# ----------------------------------------------------------------------------------------- JPEG

@pytest.mark.parametrize("channels", [0, 1, 3])
@pytest.mark.parametrize("dct", ["", "INTEGER_FAST", "INTEGER_ACCURATE"])
@pytest.mark.parametrize("fancy", [True, False])
def test_decode_jpeg_matches_tf(channels, dct, fancy):
    t, got = run_each(lambda p: tf.image.decode_jpeg(p, channels=channels, dct_method=dct,
                                                     fancy_upscaling=fancy), JPEGS)
    for name in JPEGS:
        check_case("jpeg/%s/c%d/%s/%s" % (name, channels, dct or "default", fancy), got[name], static(t))


@pytest.mark.parametrize("ratio", [2, 4, 8])
@pytest.mark.parametrize("dct", ["", "INTEGER_ACCURATE"])
def test_decode_jpeg_ratio_matches_tf(ratio, dct):
    t, got = run_each(lambda p: tf.image.decode_jpeg(p, ratio=ratio, dct_method=dct), JPEGS)
    for name in JPEGS:
        check_case("jpeg/%s/ratio%d/%s" % (name, ratio, dct or "default"), got[name], static(t))


CROP_WINDOWS = ([0, 0, 29, 37], [3, 5, 10, 12], [16, 16, 13, 21], [0, 8, 5, 3])


@pytest.mark.parametrize("dct", ["", "INTEGER_ACCURATE"])
def test_decode_and_crop_jpeg_matches_tf(dct):
    for window in CROP_WINDOWS:
        t, got = run_each(lambda p: tf.image.decode_and_crop_jpeg(p, window, dct_method=dct),
                          ["rgb_420.jpg", "rgb_444.jpg", "gray.jpg"])
        for name, value in got.items():
            # libjpeg's crop restarts fancy chroma upsampling at the crop's iMCU column ([16, 16, ...]
            # on the 4:2:0 image), which tf1 reproduces.
            check_case("crop/%s/%s/%s" % (name, "_".join(map(str, window)), dct or "default"), value, static(t))


def test_decode_and_crop_jpeg_bad_window():
    # TF 1.15's DecodeImageOp message (TF 2's differs).
    with tf.Graph().as_default(), tf.Session() as sess:
        t = tf.image.decode_and_crop_jpeg(read("rgb_420.jpg"), [20, 30, 10, 10])
        assert static(t) == [10, 10, None]
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(t)
        assert e.value.message == "Invalid JPEG data or crop window, data size 1225"


@pytest.mark.parametrize("dct", ["", "INTEGER_ACCURATE"])
def test_decode_cmyk_jpeg(dct):
    t, got = run_each(lambda p: tf.image.decode_jpeg(p, dct_method=dct), ["cmyk.jpg"])
    check_case("cmyk/c0/%s" % (dct or "default"), got["cmyk.jpg"], static(t))
    t, got = run_each(lambda p: tf.image.decode_jpeg(p, channels=3, dct_method=dct), ["cmyk.jpg"])
    check_case("cmyk/c3/%s" % (dct or "default"), got["cmyk.jpg"], static(t))
    # libjpeg cannot convert CMYK to grayscale: TF 1.15's DecodeImageOp message.
    _, got = run_each(lambda p: tf.image.decode_jpeg(p, channels=1, dct_method=dct), ["cmyk.jpg"])
    assert got["cmyk.jpg"].message == "Invalid JPEG data or crop window, data size %d" % len(read("cmyk.jpg"))


def test_truncated_gif():
    data = read("anim.gif")[:272]
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(tf.image.decode_gif(data))
        assert e.value.message == ("Invalid GIF data (size 272), failed to slurp gif file: Failed to read "
                                   "from given file")


def test_truncated_jpeg():
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(tf.image.decode_jpeg(read("truncated.jpg")))
        assert e.value.message == "Invalid JPEG data or crop window, data size 691"
        # Recovered: the missing data decodes as libjpeg fills it in (shape as TF; the filled-in
        # pixels of a stream cut inside its first MCU rows are not compared).
        v = sess.run(tf.image.decode_jpeg(read("truncated.jpg"), try_recover_truncated=True))
        assert v.shape == tuple(CASES["truncated/True/1.0"]["shape"]) and v.dtype == np.uint8


# ------------------------------------------------------------------------------------------ PNG

@pytest.mark.parametrize("channels", [0, 1, 3, 4])
@pytest.mark.parametrize("dtype", ["uint8", "uint16"])
def test_decode_png_matches_tf(channels, dtype):
    t, got = run_each(lambda p: tf.image.decode_png(p, channels=channels, dtype=dtype), PNGS)
    for name in PNGS:
        check_case("png/%s/c%d/%s" % (name, channels, dtype), got[name], static(t))


def test_encode_png_round_trips_and_matches_tf_bytes():
    rng = np.random.RandomState(0)
    with tf.Graph().as_default(), tf.Session() as sess:
        for shape, dt in (([5, 7, 1], np.uint8), ([4, 3, 2], np.uint8), ([6, 5, 3], np.uint16),
                          ([3, 9, 4], np.uint16), ([1, 1, 3], np.uint8), ([4, 5, 2], np.uint16),
                          ([2, 3, 1], np.uint16)):
            img = rng.randint(0, np.iinfo(dt).max + 1, shape).astype(dt)
            png = sess.run(tf.image.encode_png(img))
            back = sess.run(tf.image.decode_png(png, dtype=tf.as_dtype(dt)))
            np.testing.assert_array_equal(back, img)
        src = _pattern()
        for level in (-1, 0, 9):
            png = sess.run(tf.image.encode_png(src, compression=level))
            assert png.hex() == GOLD["encode"]["png_level%d" % level]["bytes"]


# ------------------------------------------------------------------------------------ GIF / BMP

def test_decode_gif_matches_tf():
    t, got = run_each(tf.image.decode_gif, ["rgb.gif", "anim.gif"])
    for name, value in got.items():
        check_case("gif/" + name, value, static(t))


@pytest.mark.parametrize("channels", [0, 3, 4])
def test_decode_bmp_matches_tf(channels):
    t, got = run_each(lambda p: tf.image.decode_bmp(p, channels=channels), ["rgb24.bmp", "rgba32.bmp"])
    for name, value in got.items():
        bpp = {"rgb24.bmp": 3, "rgba32.bmp": 4}[name]
        if channels and channels != bpp:
            # TF 1.15's DecodeBmpOp refuses a channel count other than the file's (TF 2 converts).
            assert isinstance(value, tf.errors.InvalidArgumentError)
            assert value.message == ("channels attribute %d does not match bits per pixel from file %d"
                                     % (channels, bpp))
            continue
        check_case("bmp/%s/c%d" % (name, channels), value, static(t))


# ------------------------------------------------------------------------------- decode_image

def _image_error_115(name, channels):
    """The error TF 1.15's decode_image graph raises (its Asserts), or None."""
    kind = name.rsplit(".", 1)[-1]
    if kind == "jpg" and channels == 4:
        return "assertion failed: [Channels must be in (None, 0, 1, 3) when decoding JPEG images]"
    if kind == "gif" and channels in (1, 4):
        return "assertion failed: [Channels must be in (None, 0, 3) when decoding GIF images]"
    if kind == "bin":
        return "assertion failed: [Unable to decode bytes as JPEG, PNG, GIF, or BMP]"
    if kind == "bmp" and channels == 1:
        return "assertion failed: [Channels must be in (None, 0, 3) when decoding BMP images]"
    if name == "truncated.jpg":
        return "Invalid JPEG data or crop window, data size 691"
    return None


@pytest.mark.parametrize("channels,dtype,expand", [(None, "uint8", True), (0, "float32", True),
                                                   (3, "uint8", False), (1, "float32", True),
                                                   (4, "uint8", True), (None, "uint16", True)])
def test_decode_image(channels, dtype, expand):
    t, got = run_each(lambda p: tf.image.decode_image(p, channels=channels, dtype=dtype,
                                                      expand_animations=expand), ALL)
    # TF 1.15 merges the cond branches: rank 3 and 4 (GIF) merge to an unknown shape.
    assert static(t) == (None if expand else [None, None, None])
    assert t.name == "decode_image/cond_jpeg/Merge:0" and t.dtype == tf.as_dtype(dtype)
    for name in ALL:
        key = "image/%s/%s/%s/%s" % (name, channels, dtype, expand)
        message = _image_error_115(name, channels)
        if message is not None:
            assert isinstance(got[name], tf.errors.InvalidArgumentError), key
            assert got[name].message == message, key
        elif name.endswith(".bmp"):
            # 1.15 decodes BMPs with channels=0 whatever was asked: the file's own channels.
            ref = VALUES["bmp/%s/c0" % name]  # then convert_image_dtype as TF computes it
            if dtype == "uint16":
                ref = ref.astype(np.uint16) * 256
            elif dtype == "float32":
                ref = ref.astype(np.float32) * np.float32(1.0 / 255)
            np.testing.assert_array_equal(got[name], ref)
        elif key in VALUES.files:
            check_case(key, got[name])
        else:
            assert got[name].shape == tuple(CASES[key]["shape"]), key


# ------------------------------------------------------------------------ shapes / is_jpeg

def test_is_jpeg_and_extract_jpeg_shape():
    t, got = run_each(tf.image.is_jpeg, ALL)
    assert t.name == "is_jpeg/Equal:0" and static(t) == []
    for name in ALL:
        check_case("is_jpeg/" + name, np.asarray(got[name]))
    for ot in ("int32", "int64"):
        t, got = run_each(lambda p: tf.image.extract_jpeg_shape(p, output_type=ot), ALL)
        assert static(t) == [3]
        for name in ALL:
            check_case("jpeg_shape/%s/%s" % (name, ot), got[name])


def test_static_shapes_and_names():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.string, [])
        built = {"decode_jpeg_c0": tf.image.decode_jpeg(p), "decode_jpeg_c3": tf.image.decode_jpeg(p, 3),
                 "decode_png_c4": tf.image.decode_png(p, 4), "decode_png_u16": tf.image.decode_png(p, dtype=tf.uint16),
                 "decode_gif": tf.image.decode_gif(p), "decode_bmp_c0": tf.image.decode_bmp(p),
                 "decode_bmp_c3": tf.image.decode_bmp(p, 3),
                 "extract_jpeg_shape": tf.image.extract_jpeg_shape(p), "is_jpeg": tf.image.is_jpeg(p),
                 "encode_png": tf.image.encode_png(tf.zeros([2, 2, 3], tf.uint8)),
                 "encode_jpeg": tf.image.encode_jpeg(tf.zeros([2, 2, 3], tf.uint8))}
        for key, t in built.items():
            gold = GOLD["shapes"][key]
            assert (t.name, t.dtype.name, static(t)) == (gold["name"], gold["dtype"], gold["shape"]), key
        with pytest.raises(ValueError, match=r"Shape must be rank 0 but is rank 1 for 'DecodeJpeg_2' "
                                             r"\(op: 'DecodeJpeg'\) with input shapes: \[2\]\."):
            tf.image.decode_jpeg(["a", "b"])
        with pytest.raises(ValueError, match=r"channels must be in \(None, 0, 1, 3, 4\)"):
            tf.image.decode_image(p, channels=2)
    assert tf.io.decode_jpeg is tf.image.decode_jpeg and tf.io.encode_png is tf.image.encode_png
    assert tf.io.decode_image is tf.image.decode_image and tf.io.is_jpeg is tf.image.is_jpeg


# ---------------------------------------------------------- TF 1.15's one decoding kernel

def _run(t):
    with tf.Session() as sess:
        return sess.run(t)


def test_kernel_decodes_by_magic_bytes():
    """TF 1.15's DecodeImageOp serves DecodeJpeg/DecodePng/DecodeGif and looks at the data."""
    with tf.Graph().as_default():
        jpeg_as_png = _run(tf.image.decode_png(read("rgb_444.jpg")))
        np.testing.assert_array_equal(jpeg_as_png, VALUES["jpeg/rgb_444.jpg/c0/default/True"])
        png_as_jpeg = _run(tf.image.decode_jpeg(read("rgba.png")))
        np.testing.assert_array_equal(png_as_jpeg, VALUES["png/rgba.png/c0/uint8"])
        png_as_gif = _run(tf.image.decode_gif(read("rgb.png")))
        np.testing.assert_array_equal(png_as_gif, VALUES["png/rgb.png/c0/uint8"][None])
        gif_as_jpeg = _run(tf.image.decode_jpeg(read("rgb.gif")))
        np.testing.assert_array_equal(gif_as_jpeg, VALUES["gif/rgb.gif"][0])


@pytest.mark.parametrize("build,message", [
    (lambda: tf.image.decode_jpeg(read("garbage.bin")),
     r"Expected image (JPEG, PNG, or GIF), got unknown format starting with '\000\001hello, not an '"),
    (lambda: tf.image.decode_png(b""), "Expected image (JPEG, PNG, or GIF), got empty file"),
    (lambda: tf.image.decode_jpeg(read("rgb24.bmp")),
     "Expected image (JPEG, PNG, or GIF), got unknown format starting with 'BM\\246\\000\\000\\000\\000"
     "\\000\\000\\0006\\000\\000\\000(\\000'"),
    (lambda: tf.image.decode_jpeg(read("anim.gif")),
     "Got 3 frames, but animated gifs can only be decoded by tf.io.decode_gif or tf.io.decode_image"),
    (lambda: tf.image.decode_jpeg(read("rgb_420.jpg"), channels=4), "channels must be 0, 1, or 3 for JPEG, got 4"),
    (lambda: tf.image.decode_jpeg(read("rgb_420.jpg"), ratio=3), "ratio must be 1, 2, 4, or 8, got 3"),
    (lambda: tf.image.decode_jpeg(read("rgb_420.jpg"), dct_method="FLOAT"),
     "dct_method must be one of {'', 'INTEGER_FAST', 'INTEGER_ACCURATE'}"),
    (lambda: tf.image.decode_png(read("rgb_420.jpg"), dtype=tf.uint16), "JPEG does not support uint16 output"),
    (lambda: tf.image.decode_jpeg(read("rgb.gif"), channels=1),
     "channels must be 0 or 3 for GIF, got 1"),
    (lambda: tf.image.decode_png(b"\x89PNG\r\n\x1a\nbroken"), "Invalid PNG header, data size 14"),
    (lambda: tf.image.decode_jpeg(b"\xff\xd8\xff\xe0broken"), "Invalid JPEG data or crop window, data size 10"),
    (lambda: tf.image.decode_bmp(b"BM" + b"\x00" * 10), "Incomplete bmp content, requires at least 32 bytes "
     "to find the header size, width, height, and bpp, got 12 bytes"),
    (lambda: tf.image.extract_jpeg_shape(read("rgb.png")), "Invalid JPEG data, size 2643"),
    (lambda: tf.image.encode_jpeg(np.zeros([2, 2, 3], np.uint8), format="grayscale"),
     "format grayscale expects 1 channels, got [2,2,3]"),
    (lambda: tf.image.encode_jpeg(np.zeros([2, 2, 4], np.uint8)), "image must have 1 or 3 channels, got [2,2,4]"),
    (lambda: tf.image.encode_jpeg(np.zeros([2, 2, 3], np.uint8), quality=101), "quality must be in [0,100], got 101"),
    (lambda: tf.image.encode_png(np.zeros([2, 2, 5], np.uint8)), "image must have 1, 2, 3, or 4 channels, got 5"),
])
def test_kernel_errors(build, message):
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            _run(build())
        assert e.value.message == message


# --------------------------------------------------------------------------------- encode_jpeg

def _pattern(h=29, w=37, c=3, seed=0):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    base = [128 + 100 * np.sin(x / 5.0 + k) * np.cos(y / 7.0 - k) for k in range(c)]
    img = np.stack(base, -1) + np.random.RandomState(seed).normal(0, 12, (h, w, c))
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("key", sorted(k for k in GOLD["encode"] if not k.startswith("png")))
def test_encode_jpeg_matches_tf(key):
    case = GOLD["encode"][key]
    src = _pattern(9, 11, 1, 3) if key == "gray_input" else _pattern()
    with tf.Graph().as_default(), tf.Session() as sess:
        encoded = tf.image.encode_jpeg(src, **case["kwargs"])
        data, decoded = sess.run([encoded, tf.image.decode_jpeg(encoded, dct_method="INTEGER_ACCURATE")])
    # libjpeg-turbo with TF's settings writes the same bytes; TF's decoder reads back the same pixels.
    assert data.hex() == case["bytes"]
    np.testing.assert_array_equal(decoded, VALUES["encode_jpeg/" + key])


def test_encode_jpeg_input_type():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="Input 'image' of 'EncodeJpeg' Op has type float32 that does not "
                                            "match expected type of uint8."):
            tf.image.encode_jpeg(tf.zeros([2, 2, 3]))
        with pytest.raises(ValueError, match="Shape must be rank 3 but is rank 2"):
            tf.image.encode_png(tf.zeros([2, 2], tf.uint8))


# ------------------------------------------------------------------------ read_file / pipelines

def test_read_and_write_file(tmp_path):
    """TF 1.15's ReadFile / WriteFile graphs and errors (recorded with the oracle by hand:
    `ReadFile:0` scalar string, `WriteFile` op with a `WriteFile/filename` constant)."""
    target = str(tmp_path / "out.bin")
    with tf.Graph().as_default() as g, tf.Session() as sess:
        p = tf.placeholder(tf.string)
        r = tf.read_file(p)
        w = tf.io.write_file(target, tf.constant(b"abc"))
        assert r.name == "ReadFile:0" and static(r) == [] and r.dtype == tf.string
        assert [(op.name, op.type) for op in g.get_operations()][-2:] == [("WriteFile/filename", "Const"),
                                                                          ("WriteFile", "WriteFile")]
        assert tf.io.read_file is tf.read_file
        assert sess.run(w) is None
        assert sess.run(r, {p: target}) == b"abc"
        with pytest.raises(tf.errors.NotFoundError) as e:
            sess.run(r, {p: target + ".nope"})
        assert e.value.message == target + ".nope; No such file or directory"
        with pytest.raises(tf.errors.FailedPreconditionError) as e:
            sess.run(r, {p: str(tmp_path)})
        assert e.value.message == str(tmp_path) + "; Is a directory"


def test_decode_in_dataset_pipeline():
    names = [os.path.join(GOLDEN, "codecs", n) for n in ("rgb_420.jpg", "rgb.png", "rgb24.bmp")]
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_tensor_slices(names).map(
            lambda f: tf.image.decode_image(tf.read_file(f), channels=3, expand_animations=False))
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        assert static(nxt) == [None, None, None]
        with tf.Session() as sess:
            got = [sess.run(nxt) for _ in names]
    np.testing.assert_array_equal(got[0], VALUES["image/rgb_420.jpg/3/uint8/True"])
    np.testing.assert_array_equal(got[1], VALUES["image/rgb.png/3/uint8/True"])
    np.testing.assert_array_equal(got[2], VALUES["bmp/rgb24.bmp/c0"])
