"""Image codecs: `tf.image.decode_jpeg/png/gif/bmp`, `decode_and_crop_jpeg`, `decode_image`,
`encode_jpeg/png`, `extract_jpeg_shape`, `is_jpeg` (and their `tf.io.` names), as TF 1.15.

All are host ops: encoded images are strings, which never enter XLA. Decoding follows TF 1.15's
kernels. `DecodeJpeg`, `DecodePng` and `DecodeGif` are one kernel there (DecodeImageOp): it looks at
the data's magic bytes, so `decode_jpeg` also decodes PNG and GIF data, `decode_gif` returns a
JPEG as one frame; `DecodeBmp` is its own kernel reading uncompressed BMP pixels. `decode_image`
is TF 1.15's Python graph: nested `cond`s on the magic bytes with `Assert`s on the channels.

Codecs: Pillow's libjpeg-turbo, zlib and LZW decoders do the entropy decoding; what TF asks of
libjpeg/libpng/giflib on top is reproduced here:
- JPEG: TF's default `dct_method` is libjpeg's IFAST DCT with fancy (triangle) chroma upsampling.
  Pillow couples IFAST with box upsampling (its "draft" mode), so for subsampled colour images the
  chroma planes are decoded with IFAST, read back at their stored resolution and upsampled with
  libjpeg-turbo's h2v1/h1v2/h2v2 fancy filters and YCbCr->RGB tables here (restarting at the crop's
  iMCU column for decode_and_crop_jpeg, as jpeg_crop_scanline does). INTEGER_ACCURATE 4:2:0 chroma
  at its stored size comes from a 1/2-scaled decode (libjpeg then IDCTs chroma blocks unscaled),
  4:2:2 / 4:4:0 chroma from undoing the fancy filter on Pillow's full-size decode.
  Grayscale, unsubsampled and other cases use Pillow's own libjpeg-turbo calls as TF makes them.
  Measured against TF (tests/golden/ops/codecs_golden): every `dct_method` x `fancy_upscaling` x
  `channels` x `ratio` x crop case of the test images (4:2:0, 4:2:2, 4:4:4, odd sizes,
  progressive, grayscale, CMYK) is exact, max difference 0.
  `try_recover_truncated` appends the EOI marker TF's source manager fakes; the pixels libjpeg then
  invents for the missing data differ from TF's. Without it a truncated JPEG fails as in TF (TF's
  libjpeg source suspends before the first scanline), whatever `acceptable_fraction`.
- PNG: libpng's transformations as TF's png::CommonInitDecode asks for them (tRNS to alpha, strip
  or add alpha, strip_16, rgb_to_gray with 0.299/0.587 truncating, gray_to_rgb, 8->16 bits x257).
- GIF: giflib's frames as TF's gif_io draws them: each frame's raster through its colour map,
  transparency and disposal ignored, the area outside a frame's rectangle copied from the previous
  frame; the first frame must fill the canvas.
- Encoding: JPEG with Pillow's libjpeg-turbo (TF's quality / progressive / optimize / subsampling /
  JFIF density / XMP settings; the JFIF density unit is patched in when it is centimetres);
  PNG with the summaries' encoder, which writes libpng's bytes.
"""
import io
import struct

import numpy as np

from ..api import export, public
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..framework.tensor_util import constant_value
from ._common import in_shape
from .elementwise_ops import shape_error

TensorShape = tensor_shape.TensorShape

# ---------------------------------------------------------------------------------- helpers


def _pil():
    from PIL import Image  # Pillow is only needed once an image is decoded or encoded
    return Image


def _bytes(value):
    v = value.item() if isinstance(value, np.ndarray) else value
    return v if isinstance(v, bytes) else str(v).encode()


def _scalar_contents(op, value):
    arr = np.asarray(value, dtype=object)
    if arr.ndim != 0:
        raise errors.InvalidArgumentError(None, op, "contents must be scalar, got shape [%s]"
                                          % ",".join(str(d) for d in arr.shape))
    return _bytes(arr)


def _c_escape(data):
    """absl::CEscape: C escapes for quotes, backslash and \\n\\r\\t, octal for other non-printables."""
    out = []
    for b in data:
        c = chr(b)
        if c in "\n\r\t\"'\\":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, "\\" + c))
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return "".join(out)


_MAGIC = ((b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF8", "GIF"))


def _classify(data):
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _format_string(kind, data):
    if kind:
        return kind
    if not data:
        return "empty file"
    return "unknown format starting with '%s'" % _c_escape(data[:16])


def _check_rank0(op, i=0):
    s = in_shape(op, i)
    if s.ndims is not None and s.ndims != 0:
        raise shape_error(op, "Shape must be rank 0 but is rank %d" % s.ndims)


# --------------------------------------------------------------------------------------- JPEG
# libjpeg-turbo's integer YCbCr->RGB tables (jdcolor.c) and fancy upsampling filters (jdsample.c).

_SCALEBITS = 16
_ONE_HALF = 1 << (_SCALEBITS - 1)


def _fix(x):
    return int(x * (1 << _SCALEBITS) + 0.5)


_X = np.arange(256, dtype=np.int64) - 128
_CR_R = ((_fix(1.40200) * _X + _ONE_HALF) >> _SCALEBITS).astype(np.int16)
_CB_B = ((_fix(1.77200) * _X + _ONE_HALF) >> _SCALEBITS).astype(np.int16)
_CB_G = (-_fix(0.34414) * _X + _ONE_HALF).astype(np.int32)
_CR_G = (-_fix(0.71414) * _X).astype(np.int32)


def _ycc_to_rgb(y, cb, cr):
    """jdcolor.c's ycc_rgb_convert: table lookups, then range_limit."""
    y, cb, cr = (np.asarray(p, np.uint8) for p in (y, cb, cr))
    y16 = y.astype(np.int16)
    out = np.empty(y.shape + (3,), np.uint8)
    out[..., 0] = np.clip(y16 + _CR_R[cr], 0, 255)
    out[..., 1] = np.clip(y16 + ((_CB_G[cb] + _CR_G[cr]) >> _SCALEBITS).astype(np.int16), 0, 255)
    out[..., 2] = np.clip(y16 + _CB_B[cb], 0, 255)
    return out


def _fancy_h2(plane):
    """h2v1_fancy_upsample: 3/4 nearer + 1/4 further sample, biases 1 and 2, edges replicated."""
    p = np.pad(plane.astype(np.int16), ((0, 0), (1, 1)), mode="edge")
    near = 3 * p[:, 1:-1]
    out = np.empty((plane.shape[0], plane.shape[1] * 2), np.int16)
    out[:, 0::2] = (near + p[:, :-2] + 1) >> 2
    out[:, 1::2] = (near + p[:, 2:] + 2) >> 2
    return out


def _fancy_v2_sums(plane):
    """The column sums h2v2/h1v2 upsampling weigh: 3 * nearer row + further row, per output row."""
    p = np.pad(plane.astype(np.int16), ((1, 1), (0, 0)), mode="edge")
    near = 3 * p[1:-1]
    out = np.empty((plane.shape[0] * 2, plane.shape[1]), np.int16)
    out[0::2] = near + p[:-2]
    out[1::2] = near + p[2:]
    return out


def _fancy_upsample(plane, fh, fv):
    if (fh, fv) == (2, 1):
        return _fancy_h2(plane)
    sums = _fancy_v2_sums(plane)
    if (fh, fv) == (1, 2):  # h1v2_fancy_upsample: biases 1 (row above) and 2 (row below)
        bias = np.zeros((sums.shape[0], 1), np.int16)
        bias[0::2], bias[1::2] = 1, 2
        return (sums + bias) >> 2
    p = np.pad(sums, ((0, 0), (1, 1)), mode="edge")  # h2v2_fancy_upsample: biases 8 and 7
    near = 3 * p[:, 1:-1]
    out = np.empty((sums.shape[0], sums.shape[1] * 2), np.int16)
    out[:, 0::2] = (near + p[:, :-2] + 8) >> 4
    out[:, 1::2] = (near + p[:, 2:] + 7) >> 4
    return out


def _upsample_plan(layers, ratio):
    """Per component, the (h, v) upsampling libjpeg-turbo still does after its DCT scaling (jdmaster.c
    scales chroma IDCTs up instead of upsampling when the output is reduced), and whether its fancy
    filter may run there (jdsample.c: scaled DCT size > 1, and > 2 stored columns for h2 filters)."""
    max_h = max(l[1] for l in layers)
    max_v = max(l[2] for l in layers)
    min_size = 8 // ratio
    plan = []
    for _, h, v, _ in layers:
        size = min_size
        while size < 8 and (max_h * min_size) % (h * size * 2) == 0 and \
                (max_v * min_size) % (v * size * 2) == 0:
            size *= 2
        plan.append(((max_h * min_size) // (h * size), (max_v * min_size) // (v * size), size > 1))
    return plan, max_h


def _pillow_jpeg(data, rawmode, ratio, ifast):
    """Decodes with Pillow's libjpeg-turbo decoder configured as TF configures libjpeg: output colour
    space `rawmode`, scale 1/ratio, and the draft flag (IFAST DCT, no fancy upsampling)."""
    Image = _pil()
    im = Image.open(io.BytesIO(data))
    tile = im.tile[0]
    w, h = im.size
    size = ((w + ratio - 1) // ratio, (h + ratio - 1) // ratio)
    im._mode = rawmode if rawmode != "CMYK;I" else "CMYK"
    im._size = size
    im.tile = [tile._replace(extents=(0, 0) + size, args=(rawmode, ""))]
    im.decoderconfig = (ratio, 1 if ifast else 0)
    im.load()
    arr = np.asarray(im)
    return arr if arr.ndim == 3 else arr[:, :, None]


def _jpeg_info(data):
    Image = _pil()
    im = Image.open(io.BytesIO(data))
    if im.format != "JPEG":
        raise ValueError("not a JPEG")
    return im


def _unfancy_h2(out, n):
    """The stored samples [rows, n] whose h2v1 fancy upsampling is `out` [rows, 2n or 2n - 1].

    Column by column each sample is pinned by the two outputs on either side of it (1-2 values
    fit); the few candidates per row are carried along and the chain that fits every output is
    read back (libjpeg's first and last outputs equal their sample, which anchors both ends)."""
    if n <= 2:  # libjpeg upsamples 1-2 columns without the fancy filter
        return out[:, ::2]
    R = out.shape[0]
    out = out.astype(np.int32)
    K = 4
    vals = np.full((R, n, K), -1, np.int32)   # candidate values per column
    back = np.zeros((R, n, K), np.int32)      # slot of a valid predecessor
    vals[:, 0, 0] = out[:, 0]
    for c in range(1, n):
        prev = vals[:, c - 1, :]                               # (R, K)
        base = 4 * out[:, 2 * c - 1][:, None] - 3 * prev       # (R, K)
        v = base[:, :, None] + np.arange(-2, 2)[None, None, :]  # (R, K, 4)
        p = prev[:, :, None]
        ok = (prev[:, :, None] >= 0) & (v >= 0) & (v <= 255)
        ok &= ((3 * p + v + 2) >> 2) == out[:, 2 * c - 1][:, None, None]
        ok &= ((3 * v + p + 1) >> 2) == out[:, 2 * c][:, None, None]
        if 2 * c + 1 < out.shape[1] and c == n - 1:
            ok &= v == out[:, 2 * c + 1][:, None, None]
        slot = np.broadcast_to(np.arange(K)[None, :, None], v.shape)
        key = np.where(ok, v * 16 + slot, 1 << 20).reshape(R, -1)
        key.sort(axis=1)
        vv = key >> 4
        dup = np.zeros_like(key, bool)
        dup[:, 1:] = vv[:, 1:] == vv[:, :-1]
        key = np.where(dup | (key >= (1 << 20)), 1 << 20, key)
        key.sort(axis=1)
        key = key[:, :K]
        valid = key < (1 << 20)
        vals[:, c, :] = np.where(valid, key >> 4, -1)
        back[:, c, :] = np.where(valid, key & 15, 0)
    res = np.empty((R, n), np.int32)
    slot = np.zeros(R, np.int32)
    rows = np.arange(R)
    for c in range(n - 1, -1, -1):
        res[:, c] = vals[rows, c, slot]
        slot = back[rows, c, slot]
    return res


def _stored_planes(data, chroma, ifast, ratio):
    """(full-size Y, the chroma planes at their stored size) for the DCT asked for, or None when
    Pillow cannot produce them: IFAST comes with box upsampling (every fv-th row / fh-th column is a
    stored sample); ISLOW 4:2:0 chroma comes out of a 1/2-scaled decode, where libjpeg IDCTs the
    chroma blocks at their stored size."""
    if ifast:
        ycc = _pillow_jpeg(data, "YCbCr", ratio, True)
        return ycc[..., 0], [ycc[::fv, ::fh, i] for i, (fh, fv, _) in zip((1, 2), chroma)]
    if ratio == 1 and all((fh, fv) in ((1, 1), (2, 2)) for fh, fv, _ in chroma):
        y = _pillow_jpeg(data, "YCbCr", 1, False)[..., 0]
        half = _pillow_jpeg(data, "YCbCr", 2, False)
        return y, [half[..., i] if (fh, fv) == (2, 2) else _pillow_jpeg(data, "YCbCr", 1, False)[..., i]
                   for i, (fh, fv, _) in zip((1, 2), chroma)]
    if ratio == 1 and all((fh, fv) in ((1, 1), (2, 1), (1, 2)) for fh, fv, _ in chroma):
        # ISLOW 4:2:2 / 4:4:0: undo the fancy filter Pillow's decode applied to the chroma planes.
        ycc = _pillow_jpeg(data, "YCbCr", 1, False)
        planes = []
        for i, (fh, fv, _) in zip((1, 2), chroma):
            p = ycc[..., i]
            if (fh, fv) == (2, 1):
                p = _unfancy_h2(p, -(-p.shape[1] // 2))
            elif (fh, fv) == (1, 2):
                p = _unfancy_h2(p.T, -(-p.shape[0] // 2)).T
            planes.append(p)
        return ycc[..., 0], planes
    return None


def _decode_ycc_jpeg(data, info, ratio, fancy, ifast, crop):
    """A YCbCr JPEG to RGB with the DCT and chroma upsampling TF's flags ask libjpeg for; with a
    crop window, libjpeg's cropped decode (jpeg_crop_scanline restarts the upsampling filters at
    the crop's iMCU column). Returns the image and the crop's offset in it."""
    plan, max_h = _upsample_plan(info.layer, ratio)
    chroma = plan[1:]
    w, h = -(-info.size[0] // ratio), -(-info.size[1] // ratio)
    x0, width = 0, w
    if crop is not None:  # jpeg_crop_scanline: the window's left edge moves to an iMCU boundary
        align = (8 // ratio) * max_h
        x0 = crop[1] // align * align
        width = crop[1] + crop[3] - x0
    needs = [(fh, fv) != (1, 1) for fh, fv, _ in chroma]
    simple = all((fh, fv) in ((1, 1), (2, 1), (1, 2), (2, 2)) for fh, fv, _ in chroma)
    fancy_runs = fancy and all(ok and (fh == 1 or -(-width // fh) > 2)
                               for (fh, fv, ok), n in zip(chroma, needs) if n)
    # Pillow's own decode is libjpeg's where its draft flag pairs the DCT with the upsampling TF
    # asks for (IFAST + box, ISLOW + fancy over the whole width); otherwise build RGB here.
    if fancy_runs:
        own = not ifast and (x0, width) == (0, w)
    else:
        own = ifast or fancy  # ISLOW with fancy asked for but not possible: libjpeg drops it itself
    stored = _stored_planes(data, chroma, ifast, ratio) if any(needs) and simple and not own else None
    if stored is None:
        # Also the nearest Pillow can ask for where no stored planes exist (ISLOW without fancy
        # upsampling on 4:2:2 / 4:4:0 images).
        return _pillow_jpeg(data, "RGB", ratio, ifast), 0
    y, planes = stored
    y = y[:, x0:x0 + width]
    ups = []
    for (fh, fv, _), plane in zip(chroma, planes):
        region = plane[:, x0 // fh:x0 // fh + -(-width // fh)]
        if (fh, fv) == (1, 1):
            up = region
        elif fancy_runs:
            up = _fancy_upsample(region, fh, fv)
        else:  # box (libjpeg's merged upsampler is box upsampling and the same colour tables)
            up = np.repeat(np.repeat(region, fv, 0), fh, 1)
        ups.append(up[:h, :width])
    return _ycc_to_rgb(y, *ups), x0


def _decode_jpeg(op, data, channels, a, crop=None):
    ratio = int(a.get("ratio", 1))
    fancy = bool(a.get("fancy_upscaling", True))
    ifast = a.get("dct_method", "") != "INTEGER_ACCURATE"
    size = len(data)
    if a.get("try_recover_truncated", False):
        data = data + b"\xff\xd9"  # TF's source manager fakes an EOI when the data runs out
    fail = errors.InvalidArgumentError(None, op, "Invalid JPEG data or crop window, data size %d" % size)
    window = None if crop is None else [int(v) for v in np.asarray(crop).reshape(-1)[:4]]
    x0 = 0
    try:
        info = _jpeg_info(data)
        if window is not None:
            y, x, ch, cw = window
            hh, ww = -(-info.size[1] // ratio), -(-info.size[0] // ratio)
            if not (ch > 0 and cw > 0 and y >= 0 and x >= 0 and y + ch <= hh and x + cw <= ww):
                raise fail
        layers = info.layer
        components = channels or min(len(layers), 3)
        if components == 1:
            out = _pillow_jpeg(data, "L", ratio, ifast)
        elif info.mode == "L":
            out = np.repeat(_pillow_jpeg(data, "L", ratio, ifast), 3, axis=2)
        elif info.mode == "CMYK":
            cmyk = _pillow_jpeg(data, "CMYK", ratio, ifast).astype(np.int64)
            c, m, y, k = (cmyk[..., i] for i in range(4))
            if "adobe" in info.info:
                rgb = [k * c // 255, k * m // 255, k * y // 255]
            else:
                rgb = [(255 - k) * (255 - c) // 255, (255 - k) * (255 - m) // 255, (255 - k) * (255 - y) // 255]
            out = np.stack(rgb, -1).astype(np.uint8)
        else:
            out, x0 = _decode_ycc_jpeg(data, info, ratio, fancy, ifast, window)
    except (OSError, ValueError, SyntaxError, IndexError, struct.error):
        raise fail from None
    if window is not None:
        y, x, ch, cw = window
        out = out[y:y + ch, x - x0:x - x0 + cw]
    return np.ascontiguousarray(out, dtype=np.uint8)


# ---------------------------------------------------------------------------------------- PNG

def _png_source(data):
    """(samples [h, w, c] uint8/uint16 at the file's depth, colour channels 1 or 3, alpha?, tRNS?)."""
    Image = _pil()
    im = Image.open(io.BytesIO(data))
    if im.format != "PNG":
        raise ValueError("not a PNG")
    mode = im.mode
    if mode == "P":
        trns = "transparency" in im.info
        arr = np.asarray(im.convert("RGBA" if trns else "RGB"))
        return arr, 3, trns, False
    if mode == "1":
        return np.asarray(im.convert("L"))[..., None], 1, False, "transparency" in im.info
    if mode in ("I;16", "I;16B", "I"):
        return np.asarray(im).astype(np.uint16)[..., None], 1, False, "transparency" in im.info
    if im.tile and str(im.tile[0].args) == "LA;16B":
        # 16-bit gray+alpha: Pillow keeps 8 bits; read each pixel as one 32-bit big-endian int.
        im._mode = "I"
        im.tile = [im.tile[0]._replace(args="I;32B")]
        packed = np.asarray(im).astype(np.int64) & 0xFFFFFFFF
        return np.stack([packed >> 16, packed & 0xFFFF], -1).astype(np.uint16), 1, True, False
    if mode in ("RGB", "RGBA") and im.tile and str(im.tile[0].args).endswith(";16B"):
        hi_mode = im.tile[0].args
        hi = np.asarray(im).astype(np.uint16)
        lo_im = Image.open(io.BytesIO(data))
        lo_im.tile = [lo_im.tile[0]._replace(args=hi_mode[:-1] + "L")]  # the low bytes
        lo = np.asarray(lo_im).astype(np.uint16)
        return (hi << 8) | lo, 3, mode == "RGBA", False
    arr = np.asarray(im)
    if arr.ndim == 2:
        arr = arr[..., None]
    return arr, (3 if mode in ("RGB", "RGBA") else 1), mode in ("RGBA", "LA"), "transparency" in im.info


def _decode_png(op, data, channels, bits):
    try:
        arr, color, alpha, trns = _png_source(data)
    except (OSError, ValueError, SyntaxError, struct.error):
        raise errors.InvalidArgumentError(None, op, "Invalid PNG header, data size %d" % len(data)) from None
    depth = 16 if arr.dtype == np.uint16 else 8
    want = channels or arr.shape[2]  # png_get_channels: a tRNS chunk adds no channel (palettes aside)
    colour = arr[..., :color].astype(np.int64)
    if alpha:
        a = arr[..., color:color + 1].astype(np.int64)
    elif trns:
        # tRNS on gray/RGB marks one colour transparent (Pillow has resolved palettes already)
        Image = _pil()
        t = Image.open(io.BytesIO(data)).info["transparency"]
        key = np.asarray(t if isinstance(t, tuple) else (t,), np.int64)
        a = np.where((colour == key).all(-1, keepdims=True), 0, (1 << depth) - 1)
    else:
        # png_set_add_alpha's filler is (1 << the file's bit depth) - 1, as TF passes it: 1 for
        # bilevel images, 15 for 4-bit palettes (IHDR's bit depth is byte 24 of the file).
        a = np.full(colour.shape[:2] + (1,), (1 << data[24]) - 1, np.int64)
    if want < 3 and color == 3:  # png_set_rgb_to_gray(0.299, 0.587), before strip_16
        r, g, b = colour[..., 0], colour[..., 1], colour[..., 2]
        mix = 9797 * r + 19234 * g + 3737 * b
        gray = (mix >> 15) if depth == 8 else ((mix + 16384) >> 15)
        colour = np.where((r == g) & (r == b), r, gray)[..., None]
    elif want >= 3 and color == 1:
        colour = np.repeat(colour, 3, axis=2)
    if depth == 16 and bits == 8:
        colour, a = colour >> 8, a >> 8  # png_set_strip_16
        depth = 8
    out = np.concatenate([colour, a], -1) if want % 2 == 0 else colour
    if bits == 16:
        if depth == 8:
            out = out * 257  # Convert8to16
        return out.astype(np.uint16)
    return out.astype(np.uint8)


# ---------------------------------------------------------------------------------------- GIF

def _sub_blocks(data, pos):
    start = pos
    while True:
        n = data[pos]
        pos += 1 + n
        if n == 0:
            return data[start:pos], pos


def _gif_frames(data):
    """The frames giflib's DGifSlurp reads: (left, top, width, height, colour indices, colour map)."""
    Image = _pil()
    width, height, packed = struct.unpack("<HHB", data[6:11])
    pos = 13
    global_map = None
    if packed & 0x80:
        n = 3 << ((packed & 7) + 1)
        global_map = np.frombuffer(data[pos:pos + n], np.uint8).reshape(-1, 3)
        pos += n
    frames = []
    while True:
        kind = data[pos]
        if kind == 0x3B:
            break
        if kind == 0x21:
            _, pos = _sub_blocks(data, pos + 2)
            continue
        if kind != 0x2C:
            raise ValueError("unexpected GIF block")
        left, top, w, h, fpacked = struct.unpack("<HHHHB", data[pos + 1:pos + 10])
        pos += 10
        cmap = global_map
        if fpacked & 0x80:
            n = 3 << ((fpacked & 7) + 1)
            cmap = np.frombuffer(data[pos:pos + n], np.uint8).reshape(-1, 3)
            pos += n
        lzw_size = data[pos:pos + 1]
        blocks, pos = _sub_blocks(data, pos + 1)
        # One frame alone, at the origin, with a colourful stand-in palette: Pillow then hands back
        # the raw colour indices (mode "P"), which TF maps through the frame's own colour map.
        single = (b"GIF89a" + struct.pack("<HHBBB", w, h, 0xF7, 0, 0)
                  + bytes(v for i in range(256) for v in (i, 255 - i, 7))
                  + b"\x2c" + struct.pack("<HHHHB", 0, 0, w, h, fpacked & 0x40) + lzw_size + blocks + b"\x3b")
        im = Image.open(io.BytesIO(single))
        im.load()
        frames.append((left, top, w, h, np.asarray(im), cmap))
        if pos >= len(data):
            break
    return width, height, frames


def _decode_gif(op, data):
    try:
        width, height, frames = _gif_frames(data)
    except (IndexError, struct.error):  # the data ran out: giflib's D_GIF_ERR_READ_FAILED
        raise errors.InvalidArgumentError(None, op, "Invalid GIF data (size %d), failed to slurp gif file: "
                                          "Failed to read from given file" % len(data)) from None
    except (OSError, ValueError, SyntaxError):
        raise errors.InvalidArgumentError(None, op, "Invalid GIF data (size %d), failed to slurp gif file: "
                                          "Data is not in GIF format" % len(data)) from None
    if not frames:
        raise errors.InvalidArgumentError(None, op, "Invalid GIF data (size %d), %s"
                                          % (len(data), "gif file does not contain any image"))
    out = np.zeros((len(frames), height, width, 3), np.uint8)
    for k, (left, top, w, h, idx, cmap) in enumerate(frames):
        if (left, top, w, h) != (0, 0, width, height):
            if k == 0:
                raise errors.InvalidArgumentError(None, op, "Invalid GIF data (size %d), the first frame "
                                                  "does not fill the canvas" % len(data))
            out[k] = out[k - 1]
        if cmap is None:
            raise errors.InvalidArgumentError(None, op, "Invalid GIF data (size %d), missing color map"
                                              % len(data))
        bottom, right = min(top + h, height), min(left + w, width)
        region = idx[:bottom - top, :right - left]
        if region.size and int(region.max()) >= len(cmap):
            raise errors.InvalidArgumentError(
                None, op, "Invalid GIF data (size %d), found color index %d outside of color map range %d"
                % (len(data), int(region.max()), len(cmap)))
        out[k, top:bottom, left:right] = cmap[region]
    return out


# ------------------------------------------------------------------------------ DecodeImageOp

def _decode_image_op(ctx, op, contents, *extra):
    """TF 1.15's DecodeImageOp, shared by DecodeJpeg / DecodeAndCropJpeg / DecodePng / DecodeGif."""
    a = op._attrs
    kind_of_op = {"DecodeJpeg": "JPEG", "DecodeAndCropJpeg": "JPEG", "DecodePng": "PNG",
                  "DecodeGif": "GIF"}[op.type]
    channels = 3 if kind_of_op == "GIF" else int(a.get("channels", 0))
    if channels not in (0, 1, 3, 4):
        raise errors.InvalidArgumentError(None, op, "channels must be 0, 1, 3, or 4, got %d" % channels)
    bits = 8
    if kind_of_op == "PNG":
        dt = dtypes.as_dtype(a.get("dtype", dtypes.uint8))
        if dt not in (dtypes.uint8, dtypes.uint16):
            raise errors.InvalidArgumentError(None, op, "Type must be uint8 or uint16, got %s" % dt.name)
        bits = 16 if dt == dtypes.uint16 else 8
    if kind_of_op == "JPEG":
        ratio = int(a.get("ratio", 1))
        if ratio not in (1, 2, 4, 8):
            raise errors.InvalidArgumentError(None, op, "ratio must be 1, 2, 4, or 8, got %d" % ratio)
        if a.get("dct_method", "") not in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
            raise errors.InvalidArgumentError(None, op, "dct_method must be one of {'', 'INTEGER_FAST', "
                                              "'INTEGER_ACCURATE'}")
    data = _scalar_contents(op, contents)
    magic = _classify(data)
    if magic is None:
        raise errors.InvalidArgumentError(None, op, "Expected image (JPEG, PNG, or GIF), got "
                                          + _format_string(magic, data))
    if magic != "PNG" and bits != 8:
        raise errors.InvalidArgumentError(None, op, "%s does not support uint16 output" % magic)
    as_frames = kind_of_op == "GIF"
    if magic == "JPEG":
        if channels not in (0, 1, 3):
            raise errors.InvalidArgumentError(None, op, "channels must be 0, 1, or 3 for JPEG, got %d"
                                              % channels)
        crop = extra[0] if op.type == "DecodeAndCropJpeg" else None
        if crop is not None and np.ndim(crop) != 1:
            raise errors.InvalidArgumentError(None, op, "crop_window must be 1-D, got shape [%s]"
                                              % ",".join(str(d) for d in np.shape(crop)))
        if crop is not None and np.size(crop) != 4:
            raise errors.InvalidArgumentError(None, op, "crop_size must have four elements [%d]"
                                              % np.size(crop))
        out = _decode_jpeg(op, data, channels, a if kind_of_op == "JPEG" else {}, crop)
        return out[None] if as_frames else out
    if magic == "PNG":
        out = _decode_png(op, data, channels, bits)
        return out[None] if as_frames else out
    if channels not in (0, 3):
        raise errors.InvalidArgumentError(None, op, "channels must be 0 or 3 for GIF, got %d" % channels)
    out = _decode_gif(op, data)
    if as_frames:
        return out
    if out.shape[0] != 1:
        raise errors.InvalidArgumentError(None, op, "Got %d frames, but animated gifs can only be decoded "
                                          "by tf.io.decode_gif or tf.io.decode_image" % out.shape[0])
    return out[0]


def _decode_bmp(ctx, op, contents):
    """TF's DecodeBmpOp: uncompressed 8/24/32-bit pixels straight from the file (BGR(A) -> RGB(A))."""
    channels = int(op._attrs.get("channels", 0))
    if channels not in (0, 1, 3, 4):
        raise errors.InvalidArgumentError(None, op, "channels must be 0, 1, 3 or 4, got %d" % channels)
    data = _scalar_contents(op, contents)
    err = lambda msg: errors.InvalidArgumentError(None, op, msg)  # noqa: E731
    if len(data) < 32:
        raise err("Incomplete bmp content, requires at least 32 bytes to find the header size, width, "
                  "height, and bpp, got %d bytes" % len(data))
    header_size, = struct.unpack("<i", data[10:14])
    width, height = struct.unpack("<ii", data[18:26])
    bpp, = struct.unpack("<i", data[28:32])
    if channels:
        if channels != int(bpp / 8):
            raise err("channels attribute %d does not match bits per pixel from file %d" % (channels, int(bpp / 8)))
    else:
        channels = int(bpp / 8)
    if channels not in (1, 3, 4):
        raise err("Number of channels must be 1, 3 or 4, was %d" % channels)
    if width <= 0:
        raise err("Width must be positive")
    if height == 0:
        raise err("Height must be nonzero")
    if header_size < 0:
        raise err("header size must be nonnegative")
    if width * abs(height) >= (2 ** 31 - 1) // 8:
        raise err("Total possible pixel bytes must be less than 2^30")
    rows = abs(height)
    row_size = (channels * width + 3) // 4 * 4
    expected = header_size + (rows - 1) * row_size + (width - 1) * channels + channels
    if expected > len(data):
        raise err("Incomplete bmp content, requires at least %d bytes, got %d bytes" % (expected, len(data)))
    # The last row's padding may be missing from the file (TF checks only up to the last pixel).
    buf = np.frombuffer(data[header_size:header_size + rows * row_size].ljust(rows * row_size, b"\0"), np.uint8)
    pixels = buf[:rows * row_size].reshape(rows, row_size)[:, :width * channels].reshape(rows, width, channels)
    if height > 0:  # bottom-up rows
        pixels = pixels[::-1]
    if channels >= 3:
        pixels = pixels[..., [2, 1, 0] + ([3] if channels == 4 else [])]
    return np.ascontiguousarray(pixels)


def _extract_jpeg_shape(ctx, op, contents):
    data = _scalar_contents(op, contents)
    try:
        im = _jpeg_info(data)
        shape = [im.size[1], im.size[0], len(im.layer)]
    except (OSError, ValueError, SyntaxError, struct.error):
        raise errors.InvalidArgumentError(None, op, "Invalid JPEG data, size %d" % len(data)) from None
    return np.asarray(shape, dtype=dtypes.as_dtype(op._attrs["output_type"]).as_numpy_dtype)


# ------------------------------------------------------------------------------------ encoders

def _image_shape_str(image):
    return "[%s]" % ",".join(str(d) for d in np.shape(image))


def _encode_jpeg(ctx, op, image):
    a = op._attrs
    fmt = a.get("format", "")
    err = lambda msg: errors.InvalidArgumentError(None, op, msg)  # noqa: E731
    if fmt not in ("", "grayscale", "rgb"):
        raise err("format must be '', grayscale or rgb, got %s" % fmt)
    quality = int(a.get("quality", 95))
    if not 0 <= quality <= 100:
        raise err("quality must be in [0,100], got %d" % quality)
    unit = a.get("density_unit", "in")
    if unit not in ("in", "cm"):
        raise err("density_unit must be 'in' or 'cm', got %s" % unit)
    image = np.asarray(image, np.uint8)
    if image.ndim != 3:
        raise err("image must be 3-dimensional" + _image_shape_str(image))
    if fmt == "":
        if image.shape[2] not in (1, 3):
            raise err("image must have 1 or 3 channels, got " + _image_shape_str(image))
        channels = image.shape[2]
    else:
        channels = 1 if fmt == "grayscale" else 3
        if channels != image.shape[2]:
            raise err("format %s expects %d channels, got %s" % (fmt, channels, _image_shape_str(image)))
    Image = _pil()
    pic = Image.fromarray(image[..., 0] if channels == 1 else image, "L" if channels == 1 else "RGB")
    x_density, y_density = int(a.get("x_density", 300)), int(a.get("y_density", 300))
    kwargs = {"quality": quality, "progressive": bool(a.get("progressive", False)),
              "optimize": bool(a.get("optimize_size", False)),
              # libjpeg's grayscale default is 1x1 sampling; Pillow's "4:2:0" would write 2x2
              "subsampling": 2 if a.get("chroma_downsampling", True) and channels == 3 else 0,
              "dpi": (x_density, y_density)}
    xmp = a.get("xmp_metadata", "")
    if xmp:
        kwargs["xmp"] = xmp.encode() if isinstance(xmp, str) else xmp
    buf = io.BytesIO()
    pic.save(buf, format="JPEG", **kwargs)
    out = bytearray(buf.getvalue())
    # JFIF APP0 right after SOI: FFE0, length, "JFIF\0", version, units, Xdensity, Ydensity.
    if out[2:4] == b"\xff\xe0" and out[6:11] == b"JFIF\x00":
        out[13] = 1 if unit == "in" else 2
        out[14:18] = struct.pack(">HH", x_density, y_density)
    return np.asarray(bytes(out), dtype=object)


def _encode_png(ctx, op, image):
    from ..summaries import encoders
    compression = int(op._attrs.get("compression", -1))
    err = lambda msg: errors.InvalidArgumentError(None, op, msg)  # noqa: E731
    if not -1 <= compression <= 9:
        raise err("compression should be in [-1,9], got %d" % compression)
    image = np.asarray(image)
    if image.ndim != 3:
        raise err("image must be 3-dimensional" + _image_shape_str(image))
    if not 1 <= image.shape[2] <= 4:
        raise err("image must have 1, 2, 3, or 4 channels, got %d" % image.shape[2])
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise errors.InternalError(None, op, "PNG encoding failed")
    return np.asarray(encoders.encode_png(image, compression=compression), dtype=object)


# ---------------------------------------------------------------------------- registration

def _decode_infer(rank4=False, attr="channels"):
    def infer(op):
        _check_rank0(op)
        if op.type == "DecodeAndCropJpeg":
            s = in_shape(op, 1)
            if s.ndims is not None and s.ndims != 1:
                raise shape_error(op, "Shape must be rank 1 but is rank %d" % s.ndims)
        if rank4:
            return [(dtypes.uint8, TensorShape([None, None, None, 3]))]
        c = int(op._attrs.get(attr, 0))
        dt = dtypes.as_dtype(op._attrs.get("dtype", dtypes.uint8))
        h = w = None
        if op.type == "DecodeAndCropJpeg":  # a constant crop window gives the output's height/width
            window = constant_value(op._inputs[1])
            if window is not None and np.size(window) >= 4:
                h, w = int(np.reshape(window, [-1])[2]), int(np.reshape(window, [-1])[3])
        return [(dt, TensorShape([h, w, c or None]))]
    return infer


def _encode_infer(op):
    s = in_shape(op)
    if s.ndims is not None and s.ndims != 3:
        raise shape_error(op, "Shape must be rank 3 but is rank %d" % s.ndims)
    return [(dtypes.string, TensorShape([]))]


def _jpeg_shape_infer(op):
    _check_rank0(op)
    return [(dtypes.as_dtype(op._attrs["output_type"]), TensorShape([3]))]


for _name in ("DecodeJpeg", "DecodeAndCropJpeg", "DecodePng"):
    registry.register(_name, _decode_infer(), _decode_image_op, host=True, differentiable=False)
registry.register("DecodeGif", _decode_infer(rank4=True), _decode_image_op, host=True, differentiable=False)
registry.register("DecodeBmp", _decode_infer(), _decode_bmp, host=True, differentiable=False)
registry.register("ExtractJpegShape", _jpeg_shape_infer, _extract_jpeg_shape, host=True, differentiable=False)
registry.register("EncodeJpeg", _encode_infer, _encode_jpeg, host=True, differentiable=False)
registry.register("EncodePng", _encode_infer, _encode_png, host=True, differentiable=False)


# ------------------------------------------------------------------------------- public API

def _contents(contents):
    return convert_to_tensor(contents, dtype=dtypes.string, name="contents")


def _op(op_type, inputs, attrs, name):
    return make_op(op_type, inputs, attrs, name=name or op_type).outputs[0]


def _jpeg_attrs(channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction, dct_method):
    return {"channels": int(channels), "ratio": int(ratio), "fancy_upscaling": bool(fancy_upscaling),
            "try_recover_truncated": bool(try_recover_truncated),
            "acceptable_fraction": float(acceptable_fraction), "dct_method": dct_method or ""}


@export("image.decode_jpeg", "io.decode_jpeg")
def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    """Decodes a JPEG image to a uint8 tensor [height, width, channels]."""
    return _op("DecodeJpeg", [_contents(contents)],
               _jpeg_attrs(channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction,
                           dct_method), name)


@export("image.decode_and_crop_jpeg", "io.decode_and_crop_jpeg")
def decode_and_crop_jpeg(contents, crop_window, channels=0, ratio=1, fancy_upscaling=True,
                         try_recover_truncated=False, acceptable_fraction=1, dct_method="", name=None):
    """Decodes the `crop_window` ([y, x, height, width]) of a JPEG image."""
    window = convert_to_tensor(crop_window, dtype=dtypes.int32, name="crop_window")
    return _op("DecodeAndCropJpeg", [_contents(contents), window],
               _jpeg_attrs(channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction,
                           dct_method), name)


@export("image.decode_png", "io.decode_png")
def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """Decodes a PNG image to a uint8 or uint16 tensor [height, width, channels]."""
    dt = dtypes.as_dtype(dtype)
    if dt not in (dtypes.uint8, dtypes.uint16):
        raise TypeError("Value passed to parameter 'dtype' has DataType %s not in list of allowed values: "
                        "uint8, uint16" % dt.name)
    return _op("DecodePng", [_contents(contents)], {"channels": int(channels), "dtype": dt}, name)


@export("image.decode_gif", "io.decode_gif")
def decode_gif(contents, name=None):
    """Decodes the frames of a GIF image to a uint8 tensor [num_frames, height, width, 3]."""
    return _op("DecodeGif", [_contents(contents)], {}, name)


@export("image.decode_bmp", "io.decode_bmp")
def decode_bmp(contents, channels=0, name=None):
    """Decodes an uncompressed BMP image to a uint8 tensor [height, width, channels]."""
    return _op("DecodeBmp", [_contents(contents)], {"channels": int(channels)}, name)


@export("image.extract_jpeg_shape", "io.extract_jpeg_shape")
def extract_jpeg_shape(contents, output_type=dtypes.int32, name=None):
    """The [height, width, channels] of a JPEG image, read from its header."""
    ot = dtypes.as_dtype(output_type)
    if ot not in (dtypes.int32, dtypes.int64):
        raise TypeError("Value passed to parameter 'output_type' has DataType %s not in list of allowed "
                        "values: int32, int64" % ot.name)
    return _op("ExtractJpegShape", [_contents(contents)], {"output_type": ot}, name)


def _uint8_image(image, op_type):
    """EncodeJpeg's `image: uint8` input: a tensor must be uint8 already, other values convert."""
    if not isinstance(image, Tensor):
        return convert_to_tensor(image, dtype=dtypes.uint8, name="image")
    if image.dtype.base_dtype != dtypes.uint8:
        raise TypeError("Input 'image' of '%s' Op has type %s that does not match expected type of uint8."
                        % (op_type, image.dtype.base_dtype.name))
    return image


@export("image.encode_jpeg", "io.encode_jpeg")
def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,  # noqa: A002
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                xmp_metadata="", name=None):
    """JPEG-encodes a uint8 image [height, width, 1 or 3]."""
    with name_scope(name, "EncodeJpeg") as scope:
        t = _uint8_image(image, "EncodeJpeg")
        return make_op("EncodeJpeg", [t], {
            "format": format, "quality": int(quality), "progressive": bool(progressive),
            "optimize_size": bool(optimize_size), "chroma_downsampling": bool(chroma_downsampling),
            "density_unit": density_unit, "x_density": int(x_density), "y_density": int(y_density),
            "xmp_metadata": xmp_metadata}, name=scope).outputs[0]


@export("image.encode_png", "io.encode_png")
def encode_png(image, compression=-1, name=None):
    """PNG-encodes a uint8 or uint16 image [height, width, 1 to 4]."""
    with name_scope(name, "EncodePng") as scope:
        t = convert_to_tensor(image, name="image")
        if t.dtype.base_dtype not in (dtypes.uint8, dtypes.uint16):
            raise TypeError("Value passed to parameter 'image' has DataType %s not in list of allowed values: "
                            "uint8, uint16" % t.dtype.base_dtype.name)
        return make_op("EncodePng", [t], {"compression": int(compression), "T": t.dtype.base_dtype},
                       name=scope).outputs[0]


@export("image.is_jpeg", "io.is_jpeg")
def is_jpeg(contents, name=None):
    """True when `contents` starts with JPEG's magic bytes."""
    tf = public()
    with name_scope(name, "is_jpeg"):
        substr = tf.strings.substr(contents, 0, 3)
        return tf.math.equal(substr, b"\xff\xd8\xff", name=name)


def _is_png(contents, name=None):
    tf = public()
    with name_scope(name, "is_png"):
        substr = tf.strings.substr(contents, 0, 3)
        return tf.math.equal(substr, b"\211PN", name=name)


@export("image.decode_image", "io.decode_image")
def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True):
    """Decodes a BMP, GIF, JPEG or PNG image: TF 1.15's graph of `cond`s on the magic bytes."""
    tf = public()
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "decode_image"):
        if channels not in (None, 0, 1, 3, 4):
            raise ValueError("channels must be in (None, 0, 1, 3, 4)")
        substr = tf.strings.substr(contents, 0, 3)

        def _bmp():
            signature = tf.strings.substr(contents, 0, 2)
            is_bmp = tf.math.equal(signature, "BM", name="is_bmp")
            assert_decode = tf.Assert(is_bmp, ["Unable to decode bytes as JPEG, PNG, GIF, or BMP"])
            bmp_channels = 0 if channels is None else channels
            good_channels = tf.math.not_equal(bmp_channels, 1, name="check_channels")
            assert_channels = tf.Assert(good_channels,
                                        ["Channels must be in (None, 0, 3) when decoding BMP images"])
            with tf.control_dependencies([assert_decode, assert_channels]):
                return tf.image.convert_image_dtype(decode_bmp(contents), dtype)

        def _gif():
            gif_channels = 0 if channels is None else channels
            good_channels = tf.math.logical_and(
                tf.math.not_equal(gif_channels, 1, name="check_gif_channels"),
                tf.math.not_equal(gif_channels, 4, name="check_gif_channels"))
            assert_channels = tf.Assert(good_channels,
                                        ["Channels must be in (None, 0, 3) when decoding GIF images"])
            with tf.control_dependencies([assert_channels]):
                result = tf.image.convert_image_dtype(decode_gif(contents), dtype)
                if not expand_animations:
                    result = tf.gather(result, 0)
                return result

        def check_gif():
            is_gif = tf.math.equal(substr, b"\x47\x49\x46", name="is_gif")
            return tf.cond(is_gif, _gif, _bmp, name="cond_gif")

        def _png():
            return tf.image.convert_image_dtype(
                decode_png(contents, channels or 0, dtype=dtypes.uint8 if dtype == dtypes.uint8 else dtypes.uint16),
                dtype)

        def check_png():
            return tf.cond(_is_png(contents), _png, check_gif, name="cond_png")

        def _jpeg():
            jpeg_channels = 0 if channels is None else channels
            good_channels = tf.math.not_equal(jpeg_channels, 4, name="check_jpeg_channels")
            assert_channels = tf.Assert(good_channels,
                                        ["Channels must be in (None, 0, 1, 3) when decoding JPEG images"])
            with tf.control_dependencies([assert_channels]):
                return tf.image.convert_image_dtype(decode_jpeg(contents, channels or 0), dtype)

        return tf.cond(is_jpeg(contents), _jpeg, check_png, name="cond_jpeg")
