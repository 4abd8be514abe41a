"""What TF's summary kernels compute, on numpy values: histogram buckets, PNG and WAV encoding.

Each function follows the C++ kernel it stands for (`core/lib/histogram/histogram.cc`,
`core/kernels/summary_image_op.cc` + `core/lib/png/png_io.cc`, `core/lib/wav/wav_io.cc`) closely
enough that the bytes come out equal, so a summary written here is the one TF would have written.
"""
import struct
import sys
import zlib

import numpy as np
from tensorboard.compat.proto import summary_pb2

_DBL_MAX = sys.float_info.max


# ------------------------------------------------------------------------------------- histogram

def _default_bucket_limits():
    """TF's default buckets: +-1e-12 growing by 10% up to 1e20, then +-DBL_MAX, and 0 between."""
    pos = []
    v = 1.0e-12
    while v < 1.0e20:
        pos.append(v)
        v *= 1.1  # the same repeated double multiply as the C++ loop, so the edges are bit-equal
    pos.append(_DBL_MAX)
    return np.array([-x for x in reversed(pos)] + [0.0] + pos, dtype=np.float64)


BUCKET_LIMITS = _default_bucket_limits()


def histogram_proto(values):
    """`HistogramProto` of finite doubles, empty runs of buckets collapsed as `EncodeToProto` does."""
    x = np.asarray(values, dtype=np.float64).reshape(-1)
    proto = summary_pb2.HistogramProto()
    if x.size:
        proto.min = float(x.min())
        proto.max = float(x.max())
        proto.num = float(x.size)
        # Histogram::Add accumulates one value at a time: a sequential sum (cumsum), not numpy's
        # pairwise one, gives the same rounding.
        proto.sum = float(np.cumsum(x)[-1])
        with np.errstate(over="ignore"):  # TF's double overflows to inf the same way
            proto.sum_squares = float(np.cumsum(x * x)[-1])
    else:
        proto.min, proto.max = _DBL_MAX, -_DBL_MAX
    # std::upper_bound over the limits = searchsorted(side="right").
    idx = np.searchsorted(BUCKET_LIMITS, x, side="right")
    counts = np.bincount(idx, minlength=len(BUCKET_LIMITS))[: len(BUCKET_LIMITS)].astype(np.float64)
    limits, buckets = [], []
    i, n = 0, len(counts)
    while i < n:
        end, count = BUCKET_LIMITS[i], counts[i]
        i += 1
        if count <= 0.0:
            while i < n and counts[i] <= 0.0:
                end, count = BUCKET_LIMITS[i], counts[i]
                i += 1
        limits.append(float(end))
        buckets.append(float(count))
    proto.bucket_limit.extend(limits)
    proto.bucket.extend(buckets)
    return proto


# ------------------------------------------------------------------------------------------ image

DEFAULT_BAD_COLOR = np.array([255, 0, 0, 255], np.uint8)  # ImageSummary's `bad_color` attr default


def normalize_float_image(img, bad_color=DEFAULT_BAD_COLOR):
    """One [h, w, depth] float image -> uint8, as ImageSummaryOp::NormalizeFloatImage.

    All-nonnegative images scale so the largest value is 255; otherwise 0 goes to 128 and the
    largest magnitude to 127 away from it. Pixels with any non-finite channel get `bad_color`. The
    affine map runs in the input's own type (half arithmetic for float16), min/max in float32.
    """
    t = img.dtype.type
    h, w, depth = img.shape
    flat = img.reshape(h * w, depth)
    finite = np.isfinite(flat).all(axis=1)
    good = flat[finite].astype(np.float32)
    image_min = np.float32(good.min()) if good.size else np.float32(np.inf)
    image_max = np.float32(good.max()) if good.size else np.float32(-np.inf)
    zero_threshold = np.float32(1e-6)
    if image_min < 0:
        max_val = max(abs(image_min), abs(image_max))
        scale = t(0.0 if max_val < zero_threshold else np.float32(127.0) / max_val)
        offset = t(128.0)
    else:
        scale = t(0.0 if image_max < zero_threshold else np.float32(255.0) / image_max)
        offset = t(0.0)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = flat * scale + offset
    out = np.clip(np.trunc(np.nan_to_num(scaled.astype(np.float64))), 0, 255).astype(np.uint8)
    out[~finite] = np.asarray(bad_color, np.uint8)[:depth]
    return out.reshape(h, w, depth)


_PNG_COLOR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> gray, gray+alpha, RGB, RGBA


def _png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _shift(row, bpp):
    """The byte `bpp` to the left of each byte (0 before the first pixel)."""
    return np.concatenate([np.zeros(bpp, np.int16), row[:-bpp]]) if bpp < len(row) else np.zeros_like(row)


def _paeth(left, up, upleft):
    p = left + up - upleft
    pa, pb, pc = np.abs(p - left), np.abs(p - up), np.abs(p - upleft)
    return np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, upleft))


# PNG filter types 0-4 (None, Sub, Up, Average, Paeth): the predictor each subtracts. Filtering
# reads the raw (unfiltered) neighbours, so a whole row is one vector expression.
_PREDICTORS = (
    lambda left, up, upleft: 0,
    lambda left, up, upleft: left,
    lambda left, up, upleft: up,
    lambda left, up, upleft: (left + up) >> 1,
    _paeth,
)


def _filter_row(kind, row, prev, bpp):
    """Row (int16 bytes) filtered with type `kind` given the previous raw row."""
    pred = _PREDICTORS[kind](_shift(row, bpp), prev, _shift(prev, bpp))
    return ((row - pred) & 0xFF).astype(np.uint8)


def _filter_cost(filtered):
    """libpng's heuristic: the sum of the bytes read as signed magnitudes."""
    v = filtered.astype(np.int32)
    return int(np.where(v < 128, v, 256 - v).sum())


def _optimize_cmf(stream, data_size):
    """libpng's optimize_cmf: the zlib header claims the smallest window the data fits in (zlib
    itself cannot compress with an 8-bit window, so the header is rewritten after the fact)."""
    cmf = stream[0]
    if data_size > 16384 or (cmf & 0x0F) != 8 or (cmf & 0xF0) > 0x70:
        return stream
    cinfo = cmf >> 4
    half_window = 1 << (cinfo + 7)
    if data_size > half_window:
        return stream
    while True:
        half_window >>= 1
        cinfo -= 1
        if not (cinfo > 0 and data_size <= half_window):
            break
    cmf = (cmf & 0x0F) | (cinfo << 4)
    flg = stream[1] & 0xE0
    flg += 0x1F - ((cmf << 8) + flg) % 0x1F
    return bytes([cmf, flg]) + stream[2:]


def encode_png(image, compression=-1):
    """[h, w, channels] uint8 (or uint16: 16-bit samples) -> PNG bytes, as TF's
    png::WriteImageToBuffer (libpng 1.6) makes them at zlib level `compression` (-1: default).

    libpng picks each row's filter by the minimum-sum-of-magnitudes heuristic (ties go to the first
    filter in the order None, Sub, Up, Average, Paeth; a one-row image skips the filters that read
    the row above, a one-column image those that read the left pixel), compresses with zlib at the
    default level, memLevel 9, strategy Z_FILTERED and a window shrunk to fit small images, and
    splits the stream into IDAT chunks of 8192 bytes.
    """
    bit_depth = 16 if np.asarray(image).dtype == np.uint16 else 8
    image = np.ascontiguousarray(image, dtype=">u2" if bit_depth == 16 else np.uint8)
    h, w, depth = image.shape
    image = image.view(np.uint8).reshape(h, w, depth * bit_depth // 8)
    bpp = depth * bit_depth // 8
    rowbytes = w * bpp
    filters = [0, 1, 2, 3, 4]
    if h == 1:
        filters = [f for f in filters if f not in (2, 3, 4)]
    if w == 1:
        filters = [f for f in filters if f not in (1, 3, 4)]
    rows = image.reshape(h, rowbytes).astype(np.int16)
    prev = np.zeros(rowbytes, np.int16)
    raw = bytearray()
    for y in range(h):
        row = rows[y]
        best_kind, best, best_cost = None, None, None
        for kind in filters:
            filtered = _filter_row(kind, row, prev, bpp)
            if len(filters) == 1:
                best_kind, best = kind, filtered
                break
            cost = _filter_cost(filtered)
            if best_cost is None or cost < best_cost:
                best_kind, best, best_cost = kind, filtered, cost
        raw.append(best_kind)
        raw += best.tobytes()
        prev = row
    # png_deflate_claim: for images up to 16 KiB, halve the window while the data still fits.
    window_bits = 15
    data_size = (rowbytes + 1) * h
    if data_size <= 16384:
        half_window = 1 << (window_bits - 1)
        while data_size + 262 <= half_window:
            half_window >>= 1
            window_bits -= 1
    window_bits = max(window_bits, 9)  # zlib treats 8 as 9
    strategy = zlib.Z_FILTERED if filters != [0] else zlib.Z_DEFAULT_STRATEGY
    level = zlib.Z_DEFAULT_COMPRESSION if compression < 0 else compression
    comp = zlib.compressobj(level, zlib.DEFLATED, window_bits, 9, strategy)
    stream = _optimize_cmf(comp.compress(bytes(raw)) + comp.flush(), data_size)
    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, _PNG_COLOR_TYPE[depth], 0, 0, 0)
    out = [b"\x89PNG\r\n\x1a\n", _png_chunk(b"IHDR", ihdr)]
    for i in range(0, len(stream), 8192):
        out.append(_png_chunk(b"IDAT", stream[i:i + 8192]))
    out.append(_png_chunk(b"IEND", b""))
    return b"".join(out)


# ------------------------------------------------------------------------------------------ audio

def encode_wav(samples, sample_rate):
    """[frames, channels] float32 in [-1, 1] -> 16-bit PCM WAV bytes (wav::EncodeAudioAsS16LEWav)."""
    frames, channels = samples.shape
    scaled = (samples.astype(np.float32) * np.float32(32768.0)).astype(np.float64)
    # roundf rounds halves away from zero (np.round would round them to even); in float64 the
    # `+ 0.5` is exact.
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    pcm = np.clip(rounded, -32768, 32767).astype("<i2").tobytes()
    rate = int(sample_rate)
    header = (b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE"
              + b"fmt " + struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * channels * 2,
                                      channels * 2, 16)
              + b"data" + struct.pack("<I", len(pcm)))
    return header + pcm
