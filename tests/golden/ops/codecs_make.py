"""Record goldens for tf1's image codecs (tests/ops/test_image_codecs.py) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root, after
codecs_fixtures.py has written the image files:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/codecs_make.py

Writes tests/golden/ops/codecs/rgb16.png (TF's encoder: 16-bit RGB, which Pillow cannot write),
codecs_golden.npz (decoded pixels, "<case>" keys) and codecs_golden.json (per case: the static
dtype/shape of the op's output and the fetched shape, or the run error; is_jpeg / extract_jpeg_shape;
encode_jpeg reconstruction statistics). The oracle is TF 2.21, whose image kernels replaced TF 1.15's
DecodeImageOp: errors where 1.15 differs (one kernel decoding JPEG/PNG/GIF whatever the op type) are
pinned in the tests from 1.15's source, not from here.
"""
import json
import os
import re

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "codecs")

JPEGS = ["rgb_420.jpg", "rgb_422.jpg", "rgb_444.jpg", "rgb_odd_420.jpg", "rgb_prog.jpg", "gray.jpg",
         "rgb_exif.jpg"]
PNGS = ["rgb.png", "gray.png", "rgba.png", "la.png", "palette.png", "gray16.png", "bilevel.png", "rgb16.png",
        "trns_rgb.png", "trns_gray.png"]
GIFS = ["rgb.gif", "anim.gif"]
BMPS = ["rgb24.bmp", "rgba32.bmp"]
# decode_image (channels, dtype, expand_animations) variants whose pixels are kept.
IMAGE_PIXELS = {(None, "uint8", True), (0, "float32", True), (3, "uint8", False), (1, "float32", True),
                (4, "uint8", True), (None, "uint16", True), (3, "uint8", True)}
ALL = JPEGS + PNGS + GIFS + BMPS + ["truncated.jpg", "garbage.bin"]


def read(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


def pattern(h, w, c, seed):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    base = [128 + 100 * np.sin(x / 5.0 + k) * np.cos(y / 7.0 - k) for k in range(c)]
    img = np.stack(base, -1) + np.random.RandomState(seed).normal(0, 12, (h, w, c))
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def run_case(build, meta, values, key, keep=True):
    g = tf.Graph()
    with g.as_default():
        t = build()
        info = {"dtype": t.dtype.name, "static": None if t.get_shape().ndims is None else t.get_shape().as_list()}
        with tf.Session(graph=g) as sess:
            try:
                v = sess.run(t)
                info["shape"] = list(np.shape(v))
                if keep:
                    values[key] = v
            except tf.errors.OpError as e:
                m = re.search(r"Node: '[^']*'\n(.*?)\n\t \[\[", e.message, re.S)
                info["error"] = [type(e).__name__, m.group(1) if m else e.message]
    meta[key] = info


def main():
    with open(os.path.join(FIX, "rgb16.png"), "wb") as f:
        img = (pattern(5, 6, 3, 7).astype(np.uint16) * 251) + 17
        with tf.Session(graph=tf.Graph()) as sess:
            f.write(sess.run(tf.image.encode_png(img)))
    meta, values = {}, {}
    for name in JPEGS:
        data = read(name)
        for ch in (0, 1, 3):
            for dct in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
                for fancy in (True, False):
                    run_case(lambda: tf.image.decode_jpeg(data, channels=ch, dct_method=dct, fancy_upscaling=fancy),
                             meta, values, "jpeg/%s/c%d/%s/%s" % (name, ch, dct or "default", fancy))
        for ratio in (2, 4, 8):
            for dct in ("", "INTEGER_ACCURATE"):
                run_case(lambda: tf.image.decode_jpeg(data, ratio=ratio, dct_method=dct),
                         meta, values, "jpeg/%s/ratio%d/%s" % (name, ratio, dct or "default"))
    cmyk = read("cmyk.jpg")  # Adobe CMYK: TF converts to RGB itself (channels=1 fails in libjpeg)
    for ch in (0, 3):
        for dct in ("", "INTEGER_ACCURATE"):
            run_case(lambda: tf.image.decode_jpeg(cmyk, channels=ch, dct_method=dct), meta, values,
                     "cmyk/c%d/%s" % (ch, dct or "default"))
    for name in ("rgb_420.jpg", "rgb_444.jpg", "gray.jpg"):
        data = read(name)
        for window in ([0, 0, 29, 37], [3, 5, 10, 12], [16, 16, 13, 21], [0, 8, 5, 3], [20, 30, 10, 10]):
            for dct in ("", "INTEGER_ACCURATE"):
                run_case(lambda: tf.image.decode_and_crop_jpeg(data, window, dct_method=dct), meta, values,
                         "crop/%s/%s/%s" % (name, "_".join(map(str, window)), dct or "default"))
    trunc = read("truncated.jpg")
    for rec in (False, True):
        for frac in (1.0, 0.5, 0.1):
            run_case(lambda: tf.image.decode_jpeg(trunc, try_recover_truncated=rec, acceptable_fraction=frac),
                     meta, values, "truncated/%s/%s" % (rec, frac))
    for name in PNGS:
        data = read(name)
        for ch in (0, 1, 3, 4):
            for dt in (tf.uint8, tf.uint16):
                run_case(lambda: tf.image.decode_png(data, channels=ch, dtype=dt), meta, values,
                         "png/%s/c%d/%s" % (name, ch, dt.name))
    for name in GIFS:
        data = read(name)
        run_case(lambda: tf.image.decode_gif(data), meta, values, "gif/%s" % name)
    for name in BMPS:
        data = read(name)
        for ch in (0, 3, 4):
            run_case(lambda: tf.image.decode_bmp(data, channels=ch), meta, values, "bmp/%s/c%d" % (name, ch))
    for name in ALL:
        data = read(name)
        for ch in (None, 0, 1, 3, 4):
            for dt in (tf.uint8, tf.float32, tf.uint16):
                for expand in (True, False):
                    # Pixels of the variants the tests decode (the rest: shapes, errors).
                    run_case(lambda: tf.image.decode_image(data, channels=ch, dtype=dt, expand_animations=expand),
                             meta, values, "image/%s/%s/%s/%s" % (name, ch, dt.name, expand),
                             keep=(ch, dt.name, expand) in IMAGE_PIXELS)
    for name in ALL:
        data = read(name)
        run_case(lambda: tf.image.is_jpeg(data), meta, values, "is_jpeg/%s" % name)
        for ot in (tf.int32, tf.int64):
            run_case(lambda: tf.image.extract_jpeg_shape(data, output_type=ot), meta, values,
                     "jpeg_shape/%s/%s" % (name, ot.name))
    # Static shapes from placeholders (unknown contents).
    shapes = {}
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.string, [])
        built = {"decode_jpeg_c0": tf.image.decode_jpeg(p), "decode_jpeg_c3": tf.image.decode_jpeg(p, 3),
                 "decode_png_c4": tf.image.decode_png(p, 4), "decode_png_u16": tf.image.decode_png(p, dtype=tf.uint16),
                 "decode_gif": tf.image.decode_gif(p), "decode_bmp_c0": tf.image.decode_bmp(p),
                 "decode_bmp_c3": tf.image.decode_bmp(p, 3), "decode_image": tf.image.decode_image(p),
                 "decode_image_c3": tf.image.decode_image(p, 3),
                 "decode_image_noexpand": tf.image.decode_image(p, 3, expand_animations=False),
                 "extract_jpeg_shape": tf.image.extract_jpeg_shape(p), "is_jpeg": tf.image.is_jpeg(p),
                 "encode_png": tf.image.encode_png(tf.zeros([2, 2, 3], tf.uint8)),
                 "encode_jpeg": tf.image.encode_jpeg(tf.zeros([2, 2, 3], tf.uint8))}
        for k, t in built.items():
            shapes[k] = {"name": t.name, "dtype": t.dtype.name,
                         "shape": None if t.get_shape().ndims is None else t.get_shape().as_list()}
    # encode_jpeg: what TF's decoder reads back from TF's encoding, per option set.
    enc = {}
    src = pattern(29, 37, 3, 0)
    options = {"default": {}, "q50": {"quality": 50}, "q100": {"quality": 100},
               "rgb_fmt": {"format": "rgb"}, "progressive": {"progressive": True},
               "optimize": {"optimize_size": True}, "no_chroma_ds": {"chroma_downsampling": False},
               "cm": {"density_unit": "cm", "x_density": 72, "y_density": 96},
               "xmp": {"xmp_metadata": "<x:xmpmeta xmlns:x='adobe:ns:meta/'>tf1</x:xmpmeta>"}}
    for key, kw in options.items():
        g = tf.Graph()
        with g.as_default():
            e = tf.image.encode_jpeg(src, **kw)
            d = tf.image.decode_jpeg(e, dct_method="INTEGER_ACCURATE")
            with tf.Session(graph=g) as sess:
                eb, dv = sess.run([e, d])
        values["encode_jpeg/" + key] = dv
        enc[key] = {"kwargs": kw, "bytes": eb.hex(), "shape": list(dv.shape)}
    gsrc = pattern(9, 11, 1, 3)
    with tf.Session(graph=tf.Graph()) as sess:
        eb = sess.run(tf.image.encode_jpeg(gsrc, format="grayscale", quality=80))
        values["encode_jpeg/gray_input"] = sess.run(tf.image.decode_jpeg(eb, dct_method="INTEGER_ACCURATE"))
        enc["gray_input"] = {"kwargs": {"format": "grayscale", "quality": 80}, "bytes": eb.hex(), "shape": list(gsrc.shape)}
        for lvl in (-1, 0, 9):
            enc["png_level%d" % lvl] = {"bytes": sess.run(tf.image.encode_png(src, compression=lvl)).hex()}
    out = {"cases": meta, "shapes": shapes, "encode": enc}
    with open(os.path.join(HERE, "codecs_golden.json"), "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "codecs_golden.npz"), **values)


if __name__ == "__main__":
    main()
