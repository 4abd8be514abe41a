"""Writes the image files the codec goldens decode (tests/golden/ops/codecs/), with Pillow.

Run from the project root with the project's interpreter (not the TF oracle, which lacks Pillow):

    python3 tests/golden/ops/codecs_fixtures.py

The pixels are a deterministic smooth pattern plus seeded noise, so JPEG's chroma subsampling and
DCT rounding both show. PNG files with 16-bit RGB samples come from TF's own encoder
(codecs_make.py writes them), since Pillow does not write 16-bit colour PNGs.
"""
import io
import os

import numpy as np
from PIL import Image

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "codecs")


def pattern(h, w, c, seed=0):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    base = [128 + 100 * np.sin(x / 5.0 + k) * np.cos(y / 7.0 - k) for k in range(c)]
    img = np.stack(base, -1) + np.random.RandomState(seed).normal(0, 12, (h, w, c))
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def save(name, image, **kw):
    buf = io.BytesIO()
    image.save(buf, **kw)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(buf.getvalue())
    return buf.getvalue()


def main():
    os.makedirs(HERE, exist_ok=True)
    rgb = Image.fromarray(pattern(29, 37, 3))
    gray = Image.fromarray(pattern(29, 37, 1)[..., 0])
    rgba = Image.fromarray(pattern(13, 11, 4, seed=1))
    for sub, tag in ((2, "420"), (1, "422"), (0, "444")):
        save("rgb_%s.jpg" % tag, rgb, format="JPEG", quality=90, subsampling=sub)
    save("rgb_odd_420.jpg", Image.fromarray(pattern(17, 23, 3, seed=2)), format="JPEG", quality=75,
         subsampling=2)
    save("rgb_prog.jpg", rgb, format="JPEG", quality=85, progressive=True)
    save("gray.jpg", gray, format="JPEG", quality=90)
    save("cmyk.jpg", Image.fromarray(pattern(13, 17, 4, seed=6), "CMYK"), format="JPEG", quality=90)
    data = save("rgb_exif.jpg", rgb, format="JPEG", quality=80, exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00")
    with open(os.path.join(HERE, "truncated.jpg"), "wb") as f:
        f.write(data[:len(data) * 2 // 3])
    save("rgb.png", rgb, format="PNG")
    save("gray.png", gray, format="PNG")
    save("rgba.png", rgba, format="PNG")
    save("la.png", rgba.convert("LA"), format="PNG")
    save("palette.png", rgb.quantize(16), format="PNG")
    save("gray16.png", Image.fromarray((pattern(9, 7, 1, seed=3)[..., 0].astype(np.uint16) * 257 + 3)
                                       .astype(np.uint16)), format="PNG")
    save("bilevel.png", gray.point(lambda v: 255 if v > 128 else 0).convert("1"), format="PNG")
    tiny = (np.arange(48).reshape(4, 4, 3) * 5).astype(np.uint8)
    save("trns_rgb.png", Image.fromarray(tiny), format="PNG", transparency=(5, 10, 15))
    save("trns_gray.png", Image.fromarray(tiny[..., 0]), format="PNG", transparency=15)
    save("rgb.gif", rgb.quantize(32), format="GIF")
    frames = [Image.fromarray(pattern(12, 10, 3, seed=s)).quantize(8) for s in range(3)]
    save("anim.gif", frames[0], format="GIF", save_all=True, append_images=frames[1:], duration=50, loop=0)
    save("rgb24.bmp", Image.fromarray(pattern(7, 5, 3, seed=4)), format="BMP")
    save("rgba32.bmp", Image.fromarray(pattern(6, 5, 4, seed=5)), format="BMP")
    with open(os.path.join(HERE, "garbage.bin"), "wb") as f:
        f.write(b"\x00\x01hello, not an image at all")


if __name__ == "__main__":
    main()
