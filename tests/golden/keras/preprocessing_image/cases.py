"""Inputs and cases shared by make_golden.py (run on the oracle) and tests/keras/test_preprocessing_image.py."""
import os
import shutil
import tempfile

import numpy as np


def inputs():
    rng = np.random.RandomState(1234)
    return {
        "img": rng.uniform(0, 1, size=(7, 9, 3)).astype("float32"),      # H, W, C
        "chw": rng.uniform(-1, 2, size=(2, 8, 6)).astype("float32"),     # C, H, W
        "batch": rng.uniform(0, 255, size=(8, 6, 5, 3)).astype("float32"),
        "labels": np.array([0, 1, 2, 1, 0, 2, 1, 0]),
        "misc": rng.normal(size=(8, 2)).astype("float32"),
        "weights": rng.uniform(size=8),
    }


# apply_affine_transform(img, **kwargs) on the H, W, C image
AFFINE_CASES = [
    ("rot30", dict(theta=30)),
    ("rot_neg75_constant", dict(theta=-75, fill_mode="constant", cval=0.25)),
    ("shift", dict(tx=1.5, ty=-2.25)),
    ("shift_int_wrap", dict(tx=-3, ty=4, fill_mode="wrap")),
    ("shear_reflect", dict(shear=20, fill_mode="reflect")),
    ("zoom", dict(zx=0.7, zy=1.3)),
    ("zoom_out_constant", dict(zx=1.6, zy=1.6, fill_mode="constant")),
    ("all", dict(theta=12, tx=0.7, ty=1.1, shear=-9, zx=1.1, zy=0.8, fill_mode="reflect")),
    ("all_nearest_order0", dict(theta=40, tx=2, shear=5, zx=0.9, order=0)),
    ("channels_first_axes", dict(theta=25, zx=1.2, row_axis=1, col_axis=2, channel_axis=0)),
    ("identity", dict()),
]

# keras.preprocessing.image.<fn>(chw, *args, **kwargs) after np.random.seed(7)
RANDOM_FN_CASES = [
    ("rotation", "random_rotation", (40,), {}),
    ("rotation_constant", "random_rotation", (90,), dict(fill_mode="constant", cval=-1.)),
    ("shift", "random_shift", (0.2, 0.3), {}),
    ("shear", "random_shear", (30,), dict(fill_mode="wrap")),
    ("zoom", "random_zoom", ((0.6, 1.4),), dict(fill_mode="reflect")),
    ("channel_shift", "random_channel_shift", (0.5,), {}),
    ("channel_shift_last", "random_channel_shift", (0.8,), dict(channel_axis=2)),
]

def _preprocess(x):
    """A preprocessing_function: runs first in standardize, on the augmented image."""
    return np.sqrt(np.abs(x)) - x[::-1] * 0.01


# ImageDataGenerator(**kwargs): get_random_transform / random_transform (seed 11), fit (seed 3),
# flow (seed 5, batch 3), standardize
GENERATOR_CASES = [
    ("default", dict()),
    ("rotation", dict(rotation_range=35)),
    ("shifts_float", dict(width_shift_range=0.3, height_shift_range=0.2)),
    ("shifts_pixels", dict(width_shift_range=2, height_shift_range=[1, 3])),
    ("shifts_big_float", dict(width_shift_range=1.5, height_shift_range=2.0,
                              fill_mode="constant", cval=9.)),
    ("shear_zoom", dict(shear_range=15, zoom_range=0.3, fill_mode="reflect")),
    ("zoom_pair", dict(zoom_range=[0.8, 1.1], fill_mode="wrap")),
    ("flips_channel", dict(horizontal_flip=True, vertical_flip=True, channel_shift_range=20.)),
    ("brightness", dict(brightness_range=(0.6, 1.4), rescale=1. / 255)),
    ("samplewise", dict(samplewise_center=True, samplewise_std_normalization=True,
                        rotation_range=10)),
    ("featurewise", dict(featurewise_center=True, featurewise_std_normalization=True,
                         width_shift_range=0.1)),
    ("preprocessing_function", dict(preprocessing_function=_preprocess, rescale=2.,
                                    vertical_flip=True)),
    ("zca", dict(zca_whitening=True, zca_epsilon=500., rescale=0.01)),  # 8 samples, 90 features: an
    # epsilon well above float32 noise in the null-space eigenvalues keeps LAPACK builds comparable
    ("everything_cf", dict(rotation_range=20, width_shift_range=0.2, height_shift_range=0.1,
                           shear_range=10, zoom_range=0.2, horizontal_flip=True,
                           channel_shift_range=5., fill_mode="nearest", rescale=0.5,
                           featurewise_center=True, data_format="channels_first")),
]


def write_image_tree(root, save_img):
    """cats/ (3 PNGs + a nested folder with 1 + a text file) and dogs/ (4 PNGs, one JPEG-named
    upper-case .PNG, one BMP); images of several sizes, written without rescaling."""
    rng = np.random.RandomState(99)
    os.makedirs(os.path.join(root, "cats", "more"))
    os.makedirs(os.path.join(root, "dogs"))
    os.makedirs(os.path.join(root, "empty"))
    files = [("cats/c0.png", (8, 7)), ("cats/c1.png", (5, 5)), ("cats/c2.png", (6, 9)),
             ("cats/more/c3.png", (4, 6)), ("dogs/d0.png", (7, 7)), ("dogs/d1.PNG", (3, 8)),
             ("dogs/d2.bmp", (6, 5)), ("dogs/d3.png", (9, 4))]
    for rel, (h, w) in files:
        pixels = rng.randint(0, 256, size=(h, w, 3)).astype("float32")
        fmt = "bmp" if rel.endswith(".bmp") else "png"
        save_img(os.path.join(root, rel), pixels, data_format="channels_last", file_format=fmt,
                 scale=False)
    with open(os.path.join(root, "cats", "notes.txt"), "w") as f:
        f.write("not an image")


# ------------------------------------------------------------------ recorders (kimage: the module)
def record_affine(kimage):
    arrays, meta = {}, {}
    img = inputs()["img"]
    for name, kwargs in AFFINE_CASES:
        arrays["affine/" + name] = kimage.apply_affine_transform(img.copy(), **kwargs)
    return arrays, meta


def record_random_fns(kimage):
    arrays, meta = {}, {}
    chw = inputs()["chw"]
    for name, fn, args, kwargs in RANDOM_FN_CASES:
        np.random.seed(7)
        arrays["randfn/" + name] = getattr(kimage, fn)(chw.copy(), *args, **kwargs)
    return arrays, meta


def _jsonable(params):
    return {k: (None if v is None else float(v)) for k, v in params.items()}


def record_generators(kimage):
    arrays, meta = {}, {}
    data = inputs()
    for name, kwargs in GENERATOR_CASES:
        fmt = kwargs.get("data_format", "channels_last")
        x = data["batch"] if fmt == "channels_last" else data["batch"].transpose(0, 3, 1, 2)
        gen = kimage.ImageDataGenerator(**kwargs)
        params = gen.get_random_transform(x[0].shape, seed=11)
        meta["params/" + name] = _jsonable(params)
        arrays["random_transform/" + name] = gen.random_transform(x[0].copy(), seed=11)
        if gen.featurewise_center or gen.zca_whitening:
            gen.fit(x, seed=3)
            for attr in ("mean", "std", "principal_components"):
                if getattr(gen, attr) is not None:
                    arrays["fit/%s/%s" % (name, attr)] = getattr(gen, attr)
        it = gen.flow(x, data["labels"], batch_size=3, shuffle=True, seed=5)
        arrays["flow/%s/0x" % name], arrays["flow/%s/0y" % name] = it[0]
        arrays["flow/%s/1x" % name], arrays["flow/%s/1y" % name] = next(it)
        arrays["flow/%s/2x" % name], arrays["flow/%s/2y" % name] = next(it)
        arrays["standardize/" + name] = gen.standardize(x[1].copy())
    return arrays, meta


def record_flow_variants(kimage):
    arrays, meta = {}, {}
    data = inputs()
    x, y = data["batch"], data["labels"]
    gen = kimage.ImageDataGenerator(rotation_range=30, validation_split=0.5)
    np.random.seed(0)
    val = gen.flow(x, y, batch_size=3, shuffle=False, subset="validation")
    tr = gen.flow(x, y, batch_size=3, shuffle=True, seed=2, subset="training")
    meta["subset_sizes"] = [int(val.n), int(tr.n), len(val), len(tr)]
    arrays["subset/val_y"] = val[0][1]
    arrays["subset/tr_x"], arrays["subset/tr_y"] = tr[1]
    plain = kimage.ImageDataGenerator()
    it = plain.flow((x, data["misc"]), y, sample_weight=data["weights"], batch_size=5,
                    shuffle=True, seed=9)
    (bx, bmisc), by, bw = next(it)
    arrays["misc/x"], arrays["misc/misc"], arrays["misc/y"], arrays["misc/w"] = bx, bmisc, by, bw
    it = plain.flow(x, None, batch_size=7, shuffle=True, seed=1)
    order = []
    for _ in range(4):  # across the epoch boundary: reshuffles with the per-batch seed
        order.append(next(it))
    arrays["noy/batches"] = np.concatenate(order)
    return arrays, meta


def record_directory(kimage):
    arrays, meta = {}, {}
    root = tempfile.mkdtemp()
    try:
        write_image_tree(root, kimage.save_img)
        gen = kimage.ImageDataGenerator(rescale=1. / 255, horizontal_flip=True,
                                        validation_split=0.34)
        for subset in (None, "training", "validation"):
            it = gen.flow_from_directory(root, target_size=(6, 5), batch_size=3, seed=4,
                                         subset=subset)
            key = "dir/%s" % subset
            meta[key] = {"filenames": it.filenames, "classes": it.classes.tolist(),
                         "class_indices": it.class_indices, "n": it.n, "len": len(it)}
            arrays[key + "/x"], arrays[key + "/y"] = it[0]
        it = gen.flow_from_directory(root, target_size=(4, 4), color_mode="grayscale",
                                     class_mode="sparse", batch_size=4, shuffle=False,
                                     interpolation="bilinear", classes=["dogs", "cats"])
        meta["dir/gray"] = {"filenames": it.filenames, "classes": it.classes.tolist(),
                            "class_indices": it.class_indices}
        arrays["dir/gray/x"], arrays["dir/gray/y"] = next(it)
        it = gen.flow_from_directory(root, target_size=(3, 3), class_mode=None, batch_size=2,
                                     shuffle=False, color_mode="rgba")
        arrays["dir/none/x"] = it[1]
        it = gen.flow_from_directory(root, target_size=(5, 5), class_mode="binary",
                                     batch_size=10, shuffle=False, classes=["cats", "dogs"])
        arrays["dir/binary/y"] = it[0][1]
        path = os.path.join(root, "cats", "c0.png")
        for interp in ("nearest", "bilinear", "bicubic", "lanczos", "box", "hamming"):
            img = kimage.load_img(path, target_size=(5, 3), interpolation=interp)
            arrays["load/" + interp] = kimage.img_to_array(img)
        arrays["load/gray"] = kimage.img_to_array(kimage.load_img(path, color_mode="grayscale"),
                                                  data_format="channels_first")
        arrays["load/rgba"] = kimage.img_to_array(kimage.load_img(path, color_mode="rgba"))
    finally:
        shutil.rmtree(root)
    return arrays, meta


def record_pil_roundtrips(kimage):
    arrays, meta = {}, {}
    img = inputs()["img"]
    arrays["a2i/scaled"] = np.asarray(kimage.array_to_img(img))
    arrays["a2i/unscaled"] = np.asarray(kimage.array_to_img(img * 40 + 100, scale=False))
    arrays["a2i/gray_cf"] = np.asarray(
        kimage.array_to_img(img[:, :, :1].transpose(2, 0, 1), data_format="channels_first"))
    arrays["brightness"] = kimage.apply_brightness_shift(img.copy(), 1.6)
    np.random.seed(4)
    arrays["random_brightness"] = kimage.random_brightness(img.copy(), (0.5, 1.5))
    arrays["channel_shift"] = kimage.apply_channel_shift(img.copy(), 0.7, 2)
    return arrays, meta


RECORDERS = [record_affine, record_random_fns, record_generators, record_flow_variants,
             record_directory, record_pil_roundtrips]


def record_dataframe(kimage):
    """flow_from_dataframe (needs pandas): class modes, weights, missing files, subsets."""
    import pandas as pd
    arrays, meta = {}, {}
    root = tempfile.mkdtemp()
    try:
        write_image_tree(root, kimage.save_img)
        df = pd.DataFrame({
            "filename": ["cats/c0.png", "dogs/d0.png", "cats/c1.png", "missing.png",
                         "dogs/d2.bmp", "cats/notes.txt", "dogs/d3.png", "cats/more/c3.png"],
            "class": ["cat", "dog", "cat", "dog", "dog", "cat", "dog", "cat"],
            "tags": [["a"], ["b", "c"], ["c"], ["a"], ["a", "b"], ["b"], ["z"], ["c", "a"]],
            "score": [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5],
            "w": [1., 2., 3., 4., 5., 6., 7., 8.],
        })
        gen = kimage.ImageDataGenerator(rotation_range=20, validation_split=0.4)
        runs = [
            ("cat", dict(class_mode="categorical", weight_col="w", seed=3)),
            ("bin", dict(class_mode="binary", shuffle=False, subset="training")),
            ("val", dict(class_mode="sparse", shuffle=False, subset="validation")),
            ("multi", dict(y_col="tags", classes=["a", "b", "c"], shuffle=False)),
            ("raw", dict(y_col="score", class_mode="raw", seed=1)),
            ("multi_out", dict(y_col=["score", "w"], class_mode="multi_output", shuffle=False)),
            ("none", dict(class_mode=None, shuffle=False, validate_filenames=True)),
        ]
        for name, kwargs in runs:
            it = gen.flow_from_dataframe(df, directory=root, target_size=(4, 5), batch_size=3,
                                         **kwargs)
            info = {"filenames": it.filenames, "n": it.n}
            if hasattr(it, "class_indices"):
                info["class_indices"] = it.class_indices
                info["classes"] = [c if isinstance(c, int) else list(c) for c in it.classes]
            meta["df/" + name] = info
            batch = it[0]
            if not isinstance(batch, tuple):
                batch = (batch,)
            for i, part in enumerate(batch):
                if isinstance(part, list):
                    for j, sub in enumerate(part):
                        arrays["df/%s/%d_%d" % (name, i, j)] = np.asarray(sub)
                else:
                    arrays["df/%s/%d" % (name, i)] = np.asarray(part)
    finally:
        shutil.rmtree(root)
    return arrays, meta
