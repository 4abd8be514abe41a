"""Spline-order 0/1 affine resampling of 2-D arrays, pixel-for-pixel as `scipy.ndimage.affine_transform`
(scipy >= 1.6) computes it, for the Keras image augmentation (`keras.preprocessing.image`).

scipy is not a tf1 dependency, so the resampler is re-implemented with numpy, following scipy's own
arithmetic so that results match to the last bit for float64 input:
  * the input coordinate of output pixel (i, j) is `(o0 + i*m00) + j*m01`, `(o1 + i*m10) + j*m11`
    (scipy >= 1.16 accumulates onto the offset);
  * the coordinate is first folded into the image by the boundary mode ('constant' sends any point
    outside [0, n-1] to `cval` -- no interpolation against cval at the rim);
  * the 2 (order 1) neighbouring samples are then folded again with the mode's *spline* boundary
    rule (mirror for 'constant' and 'wrap', the mode itself otherwise);
  * weights are `1 - f` and `1 - (1 - f)` with `f = c - floor(c)`, and the four products
    `(v * wr) * wc` are summed in scipy's filter order.
Orders above 1 need scipy's B-spline prefilter; Keras (and TF 1.15's ImageDataGenerator) use order 1.
"""
import numpy as np

_SPLINE_MODE = {"constant": "mirror", "wrap": "mirror"}
_MODES = ("constant", "nearest", "reflect", "wrap", "mirror")


def _fold(c, n, mode):
    """scipy's `map_coordinate`: the position inside [0, n-1] (or -1 for 'constant') that `c` stands
    for. Integer divisions in the C code truncate towards zero, hence `np.trunc`."""
    c = np.array(c, dtype=np.float64, copy=True)
    if n <= 1 and mode in ("reflect", "wrap", "mirror"):
        return np.where((c < 0) | (c > n - 1), 0.0, c)
    lo = c < 0
    hi = c > n - 1
    if mode == "nearest":
        c[lo] = 0
        c[hi] = n - 1
    elif mode == "constant":
        c[lo | hi] = -1
    elif mode == "mirror":
        sz2 = 2 * n - 2
        v = c[lo]
        v = sz2 * np.trunc(-v / sz2) + v
        c[lo] = np.where(v <= 1 - n, v + sz2, -v)
        v = c[hi]
        v = v - sz2 * np.trunc(v / sz2)
        c[hi] = np.where(v >= n, sz2 - v, v)
    elif mode == "reflect":
        sz2 = 2 * n
        v = c[lo]
        v = np.where(v < -sz2, sz2 * np.trunc(-v / sz2) + v, v)
        # scipy guards -0.0 so that (-c - 1) never lands exactly on -1
        c[lo] = np.where(v < -n, v + sz2, np.where(v > -1e-15, 1e-15, -v) - 1)
        v = c[hi]
        v = v - sz2 * np.trunc(v / sz2)
        c[hi] = np.where(v >= n, sz2 - v - 1, v)
    elif mode == "wrap":
        # scipy's legacy 'wrap' repeats with period n - 1 (the first and last samples coincide)
        sz = n - 1
        v = c[lo]
        c[lo] = v + sz * (np.trunc(-v / sz) + 1)
        v = c[hi]
        c[hi] = v - sz * np.trunc(v / sz)
    return c


def _axis_taps(c, n, mode, order):
    """For coordinates `c` along one axis: a mask of points that take `cval`, the sample indices
    and the weights of the (order + 1) taps."""
    if mode == "nearest":  # scipy never folds the point itself here: its taps are clamped instead
        outside = np.zeros(c.shape, dtype=bool)
    else:
        c = _fold(c, n, mode)
        outside = ~(c > -1.0)
        c = np.where(outside, 0.0, c)
    spline_mode = _SPLINE_MODE.get(mode, mode)
    if order == 0:
        start = np.floor(c + 0.5)
        idx = _fold(start, n, spline_mode).astype(np.int64)
        return outside, [idx], None
    start = np.floor(c)
    idx0 = _fold(start, n, spline_mode).astype(np.int64)
    idx1 = _fold(start + 1, n, spline_mode).astype(np.int64)
    w0 = 1.0 - (c - start)
    w1 = 1.0 - w0
    return outside, [idx0, idx1], [w0, w1]


def affine_transform(image, matrix, offset, order=1, mode="constant", cval=0.0):
    """`scipy.ndimage.affine_transform(image, matrix, offset, order=order, mode=mode, cval=cval)` for
    a 2-D `image` and a 2x2 `matrix` (output shape and dtype = the input's)."""
    if mode not in _MODES:
        raise RuntimeError("boundary mode not supported")
    if order not in (0, 1):
        raise NotImplementedError("spline order %r: only orders 0 and 1 are supported" % (order,))
    image = np.asarray(image)
    h, w = image.shape
    m = np.asarray(matrix, dtype=np.float64)
    o = np.asarray(offset, dtype=np.float64)
    ii = np.arange(h, dtype=np.float64)[:, None]
    jj = np.arange(w, dtype=np.float64)[None, :]
    rows = (o[0] + ii * m[0, 0]) + jj * m[0, 1]
    cols = (o[1] + ii * m[1, 0]) + jj * m[1, 1]
    out_r, ridx, rw = _axis_taps(rows, h, mode, order)
    out_c, cidx, cw = _axis_taps(cols, w, mode, order)
    src = image.astype(np.float64)
    if order == 0:
        t = src[ridx[0], cidx[0]]
    else:
        t = np.zeros((h, w), dtype=np.float64)
        for a in range(2):
            for b in range(2):
                t = t + (src[ridx[a], cidx[b]] * rw[a]) * cw[b]
    t = np.where(out_r | out_c, float(cval), t)
    return _cast_like(t, image.dtype)


def _cast_like(t, dtype):
    """scipy's output conversion: integers are rounded half away from zero (unsigned ones clamp 0)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "u":
        t = np.where(t > 0, t + 0.5, 0)
        t = np.clip(t, 0, np.iinfo(dtype).max)
    elif dtype.kind == "i":
        t = np.where(t > 0, t + 0.5, t - 0.5)
        t = np.clip(t, np.iinfo(dtype).min, np.iinfo(dtype).max)
    return t.astype(dtype)
