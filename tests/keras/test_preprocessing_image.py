"""tf.keras.preprocessing.image against keras_preprocessing 1.1.0 (TF 1.15's), recorded with scipy and
Pillow: tests/golden/keras/preprocessing_image/make_golden.py runs the same recorders (cases.py)."""
import json
import os
import sys
import warnings

import numpy as np
import pytest

import tf1

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "keras", "preprocessing_image")
sys.path.insert(0, GOLDEN)
import cases  # noqa: E402

pytest.importorskip("PIL")  # load_img/array_to_img/brightness need Pillow, as in Keras

kimage = tf1.keras.preprocessing.image
_ARRAYS = np.load(os.path.join(GOLDEN, "golden.npz"))
with open(os.path.join(GOLDEN, "golden.json")) as f:
    _META = json.load(f)


def _close(key, got, want):
    got = np.asarray(got)
    assert got.shape == want.shape, key
    assert got.dtype == want.dtype, (key, got.dtype, want.dtype)
    if key.startswith("fit/zca") or key.startswith("flow/zca") or key.startswith("standardize/zca"):
        # scipy.linalg.svd vs numpy's: the same LAPACK routine, summation order may differ
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-4, err_msg=key)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-5, err_msg=key)


def _needs_pandas(recorder):
    if recorder is cases.record_dataframe:
        pytest.importorskip("pandas")


@pytest.mark.parametrize("recorder", cases.RECORDERS + [cases.record_dataframe],
                         ids=lambda r: r.__name__)
def test_matches_keras_preprocessing(recorder, capsys):
    _needs_pandas(recorder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arrays, meta = recorder(kimage)
    assert arrays, "recorder produced nothing"
    for key, got in arrays.items():
        if isinstance(got, list):
            got = np.asarray(got)
        _close(key, got, _ARRAYS[key])
    for key, got in meta.items():
        want = _META[key]
        if key.startswith("params/"):
            got = cases._jsonable(got) if not isinstance(got, dict) else got
            assert set(got) == set(want), key
            for k in want:
                if want[k] is None:
                    assert got[k] is None, (key, k)
                else:
                    assert got[k] == pytest.approx(want[k], rel=1e-12, abs=1e-12), (key, k)
        else:
            assert json.loads(json.dumps(got)) == want, key


def test_affine_is_bit_exact_for_float32():
    img = cases.inputs()["img"]
    for name, kwargs in cases.AFFINE_CASES:
        np.testing.assert_array_equal(kimage.apply_affine_transform(img.copy(), **kwargs),
                                      _ARRAYS["affine/" + name], err_msg=name)


def test_directory_iterator_prints_and_indexes(tmp_path, capsys):
    cases.write_image_tree(str(tmp_path), kimage.save_img)
    it = kimage.ImageDataGenerator().flow_from_directory(str(tmp_path), target_size=(4, 4),
                                                         batch_size=3, shuffle=False)
    assert capsys.readouterr().out == "Found 8 images belonging to 3 classes.\n"
    assert isinstance(it, kimage.DirectoryIterator) and isinstance(it, tf1.keras.utils.Sequence)
    assert len(it) == 3 and it.samples == 8 and it.num_classes == 3
    assert it.filepaths[0] == os.path.join(str(tmp_path), "cats", "c0.png")
    x, y = it[2]
    assert x.shape == (2, 4, 4, 3) and y.shape == (2, 3) and x.dtype == np.float32
    with pytest.raises(ValueError, match="Asked to retrieve element 3, but the Sequence has length 3"):
        it[3]


def test_save_to_dir_writes_one_png_per_image(tmp_path):
    x = cases.inputs()["batch"]
    out = tmp_path / "aug"
    out.mkdir()
    it = kimage.ImageDataGenerator(rotation_range=10).flow(
        x, batch_size=4, seed=1, save_to_dir=str(out), save_prefix="aug", save_format="png")
    next(it)
    names = sorted(os.listdir(str(out)))
    assert len(names) == 4 and all(n.startswith("aug_") and n.endswith(".png") for n in names)
    indices = sorted(int(n.split("_")[1]) for n in names)
    assert len(set(indices)) == 4 and all(0 <= i < 8 for i in indices)


def test_errors_match_keras():
    with pytest.raises(ValueError, match="`validation_split` must be strictly between 0 and 1"):
        kimage.ImageDataGenerator(validation_split=1.5)
    with pytest.raises(ValueError, match="`zoom_range` should be a float or a tuple or list of two"):
        kimage.ImageDataGenerator(zoom_range=(1, 2, 3))
    with pytest.raises(ValueError, match='`data_format` should be `"channels_last"`'):
        kimage.ImageDataGenerator(data_format="NHWC")
    with pytest.raises(ValueError, match="brightness_range should be tuple or list of two floats"):
        kimage.ImageDataGenerator(brightness_range=0.5)
    gen = kimage.ImageDataGenerator(validation_split=0.25)
    x, y = cases.inputs()["batch"], cases.inputs()["labels"]
    with pytest.raises(ValueError, match="Training and validation subsets have different number of "
                                         "classes after the split"):
        gen.flow(x, y, subset="validation")
    with pytest.raises(ValueError, match="should have rank 4"):
        gen.flow(x[0], None)
    with pytest.raises(ValueError, match=r"`x` \(images tensor\) and `y` \(labels\) should have the "
                                         r"same length. Found: x.shape = \(8, 6, 5, 3\), "
                                         r"y.shape = \(3,\)"):
        gen.flow(x, y[:3])
    with pytest.raises(ValueError, match="Input to `.fit\\(\\)` should have rank 4"):
        gen.fit(x[0])
    with pytest.raises(ValueError, match="Unsupported channel number: 2"):
        kimage.array_to_img(np.zeros((3, 3, 2)))
    with pytest.raises(ValueError, match="Expected image array to have rank 3"):
        kimage.array_to_img(np.zeros((3, 3)))


def test_unfit_featurewise_warns():
    gen = kimage.ImageDataGenerator(featurewise_center=True)
    with pytest.warns(UserWarning, match="hasn't been fit on any training data"):
        gen.standardize(np.ones((2, 2, 3), dtype="float32"))


def test_flow_feeds_fit_generator():
    data = cases.inputs()
    x = data["batch"] / 255.
    y = tf1.keras.utils.to_categorical(data["labels"], 3)
    model = tf1.keras.Sequential([tf1.keras.layers.Flatten(input_shape=(6, 5, 3)),
                                  tf1.keras.layers.Dense(3, activation="softmax")])
    model.compile("sgd", "categorical_crossentropy")
    gen = kimage.ImageDataGenerator(horizontal_flip=True)
    hist = model.fit_generator(gen.flow(x, y, batch_size=4, seed=0), steps_per_epoch=2, epochs=2,
                               verbose=0)
    assert len(hist.history["loss"]) == 2 and np.all(np.isfinite(hist.history["loss"]))


def test_public_names_match_tf115():
    names = {"DirectoryIterator", "ImageDataGenerator", "Iterator", "NumpyArrayIterator",
             "apply_affine_transform", "apply_brightness_shift", "apply_channel_shift",
             "array_to_img", "img_to_array", "load_img", "random_brightness",
             "random_channel_shift", "random_rotation", "random_shear", "random_shift",
             "random_zoom", "save_img"}
    assert names <= set(dir(kimage))
    contrib = tf1.contrib.keras.preprocessing.image
    assert {"ImageDataGenerator", "load_img", "random_zoom"} <= set(dir(contrib))


def test_load_img_options_and_errors(tmp_path):
    cases.write_image_tree(str(tmp_path), kimage.save_img)
    path = str(tmp_path / "cats" / "c0.png")
    with pytest.warns(UserWarning, match='grayscale is deprecated. Please use color_mode = "grayscale"'):
        img = kimage.load_img(path, grayscale=True)
    assert img.mode == "L" and img.size == (7, 8)
    with pytest.raises(ValueError, match='color_mode must be "grayscale", "rgb", or "rgba"'):
        kimage.load_img(path, color_mode="cmyk")
    with pytest.raises(ValueError, match="Invalid interpolation method cubic specified. Supported "
                                         "methods are nearest, bilinear, bicubic, hamming, box, "
                                         "lanczos"):
        kimage.load_img(path, target_size=(2, 2), interpolation="cubic")
    x = kimage.img_to_array(kimage.load_img(path, target_size=(8, 7), interpolation="cubic"))
    assert x.shape == (8, 7, 3)  # no resize needed: the method is never looked up
