"""Extra tf.image ops and tf.nn.dilation2d/erosion2d against real TensorFlow, and behaviour tests.

Golden cases (tests/golden/ops/image_extra_cases.py) are replayed under tf1: every output's name, op
type, dtype, static shape and value, and the gradients w.r.t. `xs` under the recorded cotangent.
Random cases compare structure there and their values' properties in the behaviour tests below.
"""
import json
import os
import sys

import numpy as np
import pytest

import tf1

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import image_extra_cases  # noqa: E402

with open(os.path.join(GOLDEN, "image_extra_golden.json")) as _f:
    META = json.load(_f)
ARRAYS = np.load(os.path.join(GOLDEN, "image_extra_golden.npz"))
with open(os.path.join(GOLDEN, "image_extra_graphs_golden.json")) as _f:
    GRAPH_META = json.load(_f)
GRAPH_ARRAYS = np.load(os.path.join(GOLDEN, "image_extra_graphs_golden.npz"))

# Tolerances beyond float32 rounding, with why: ssim sums many products (reduction order differs).
RTOL = {"ssim": 1e-4, "ssim_small_filter": 1e-4, "ssim_multiscale": 1e-4}

# Static shapes where TF 1.15 differs from the oracle, with why: 1.15's adjust_jpeg_quality decodes
# without `channels` (shape [?, ?, ?]); TF 2 passes the input's channel count.
TF115_SHAPES = {"adjust_jpeg_quality": [None, None, None], "adjust_jpeg_quality_u8": [None, None, None],
                "adjust_jpeg_quality_tensor": [None, None, None], "random_jpeg_quality": [None, None, None]}


@pytest.mark.parametrize("name", sorted(image_extra_cases.CASES))
def test_case(name):
    image_extra_cases.check_case(tf1, image_extra_cases, META, ARRAYS, name, rtol=RTOL.get(name, 2e-5),
                                 static_shape=TF115_SHAPES.get(name))


@pytest.mark.parametrize("name", sorted(GRAPH_META))
def test_imported_gradient_graph(name):
    """TF's gradient kernels (CropAndResizeGrad*, Dilation2DBackprop*) in imported GraphDefs."""
    with open(os.path.join(GOLDEN, "image_extra_graphs", name + ".pb"), "rb") as f:
        gd = tf1.GraphDef.FromString(f.read())
    with tf1.Graph().as_default() as g:
        tf1.import_graph_def(gd, name="")
        assert sorted({op.type for op in g.get_operations()}) == GRAPH_META[name]
        with tf1.Session() as sess:
            gx = sess.run("gx:0", {"x:0": GRAPH_ARRAYS[name + "/x"], "dy:0": GRAPH_ARRAYS[name + "/dy"]})
    np.testing.assert_allclose(gx, GRAPH_ARRAYS[name + "/gx"], rtol=1e-5, atol=1e-5)


def _run(fetch, feeds=None):
    with tf1.Session() as sess:
        return sess.run(fetch, feeds)


def test_random_hue_and_saturation_draw_from_their_range():
    x = np.random.RandomState(1).rand(4, 5, 3).astype(np.float32)
    with tf1.Graph().as_default():
        img = tf1.constant(x)
        hue = tf1.image.random_hue(img, 0.2, seed=3)
        sat = tf1.image.random_saturation(img, 0.5, 1.5, seed=3)
        with tf1.Session() as sess:
            hues = [sess.run(hue) for _ in range(4)]
            sats = [sess.run(sat) for _ in range(4)]
    # Each draw is adjust_hue/adjust_saturation by some amount in range: recover it by a scan.
    with tf1.Graph().as_default():
        d = tf1.placeholder(tf1.float32, [])
        adj_h = tf1.image.adjust_hue(tf1.constant(x), d)
        adj_s = tf1.image.adjust_saturation(tf1.constant(x), d)
        with tf1.Session() as sess:
            grid_h = np.linspace(-0.2, 0.2, 401)
            cand_h = [sess.run(adj_h, {d: v}) for v in grid_h]
            grid_s = np.linspace(0.5, 1.5, 201)
            cand_s = [sess.run(adj_s, {d: v}) for v in grid_s]
    for got in hues:
        assert min(np.abs(c - got).max() for c in cand_h) < 2e-3
    for got in sats:
        assert min(np.abs(c - got).max() for c in cand_s) < 1e-2
    assert not all(np.array_equal(hues[0], h) for h in hues[1:])


def test_random_jpeg_quality_is_a_round_trip_at_a_quality_in_range():
    x = (np.random.RandomState(2).rand(8, 8, 3) * 255).astype(np.uint8)
    with tf1.Graph().as_default():
        img = tf1.constant(x)
        rand = tf1.image.random_jpeg_quality(img, 20, 30, seed=5)
        q = tf1.placeholder(tf1.int32, [])
        fixed = tf1.image.adjust_jpeg_quality(img, q)
        with tf1.Session() as sess:
            candidates = [sess.run(fixed, {q: v}) for v in range(20, 30)]
            for _ in range(5):
                got = sess.run(rand)
                assert any(np.array_equal(got, c) for c in candidates)
        with pytest.raises(ValueError, match="jpeg encoding range must be between 0 and 100."):
            tf1.image.random_jpeg_quality(img, 20, 101)
        with pytest.raises(ValueError, match="`min_jpeg_quality` must be less than `max_jpeg_quality`."):
            tf1.image.random_jpeg_quality(img, 30, 30)


def test_random_hue_and_saturation_argument_errors():
    with tf1.Graph().as_default():
        x = tf1.zeros([2, 2, 3])
        with pytest.raises(ValueError, match="max_delta must be <= 0.5."):
            tf1.image.random_hue(x, 0.6)
        with pytest.raises(ValueError, match="max_delta must be non-negative."):
            tf1.image.random_hue(x, -0.1)
        with pytest.raises(ValueError, match="upper must be > lower."):
            tf1.image.random_saturation(x, 0.5, 0.5)
        with pytest.raises(ValueError, match="lower must be non-negative."):
            tf1.image.random_saturation(x, -0.5, 0.5)


def test_sample_distorted_bounding_box_properties():
    with tf1.Graph().as_default():
        boxes = tf1.constant([[[0.1, 0.2, 0.6, 0.9]]])
        begin, size, bbox = tf1.image.sample_distorted_bounding_box(
            [40, 50, 3], boxes, min_object_covered=0.3, aspect_ratio_range=[0.5, 2.0], area_range=[0.1, 1.0])
        with tf1.Session() as sess:
            draws = [sess.run([begin, size, bbox]) for _ in range(20)]
    seen = set()
    for b, s, bb in draws:
        assert b[2] == 0 and s[2] == -1
        h, w = s[0], s[1]
        assert 0 <= b[0] and b[0] + h <= 40 and 0 <= b[1] and b[1] + w <= 50
        assert 0.1 * 2000 <= h * w <= 2000
        np.testing.assert_allclose(bb[0, 0], [b[0] / 40, b[1] / 50, (b[0] + h) / 40, (b[1] + w) / 50], rtol=1e-6)
        # the crop covers at least 30% of the object box
        oy0, ox0, oy1, ox1 = 4, 10, 24, 45
        inter = max(0, min(oy1, b[0] + h) - max(oy0, b[0])) * max(0, min(ox1, b[1] + w) - max(ox0, b[1]))
        assert inter >= 0.3 * (oy1 - oy0) * (ox1 - ox0) - 1e-6
        seen.add((int(b[0]), int(b[1]), int(h), int(w)))
    assert len(seen) > 5


# TF 2's "{{node ...}}" rendering of these shape-function errors (recorded by hand from the oracle)
# read as TF 1.15's "'name' (op: 'Type')".
SHAPE_ERRORS = [
    (lambda tf, x: tf.image.extract_image_patches(x[None], [1, 2, 2], [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
     "Attr 'ksizes' of 'ExtractImagePatches' Op passed list of length 3 less than minimum 4."),
    (lambda tf, x: tf.image.crop_and_resize(x[None], tf.ones([2, 3]), [0, 0], [2, 3]),
     "Dimension must be 4 but is 3 for 'CropAndResize' (op: 'CropAndResize') with input shapes: "
     "[1,2,2,3], [2,3], [2], [2]."),
    (lambda tf, x: tf.image.rgb_to_hsv(tf.ones([2, 2, 4])),
     "Dimension must be 3 but is 4 for 'RGBToHSV' (op: 'RGBToHSV') with input shapes: [2,2,4]."),
    (lambda tf, x: tf.nn.dilation2d(x[None], tf.ones([2, 2, 3]), [1, 1, 1], [1, 1, 1, 1], "SAME"),
     "Attr 'strides' of 'Dilation2D' Op passed list of length 3 less than minimum 4."),
    (lambda tf, x: tf.nn.dilation2d(x[None], tf.ones([2, 2, 2]), [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
     "Dimensions must be equal, but are 3 and 2 for 'Dilation2D' (op: 'Dilation2D') with input shapes: "
     "[1,2,2,3], [2,2,2]."),
]


@pytest.mark.parametrize("i", range(len(SHAPE_ERRORS)))
def test_shape_function_errors(i):
    build, message = SHAPE_ERRORS[i]
    with tf1.Graph().as_default():
        with pytest.raises(ValueError) as e:
            build(tf1, tf1.ones([2, 2, 3]))
    assert str(e.value) == message


def test_adjust_hue_needs_three_channels_at_run_time():
    with tf1.Graph().as_default():
        out = tf1.image.adjust_hue(tf1.ones([2, 2, 4]), 0.1)   # TF's shape function accepts it
        assert out.get_shape().as_list() == [2, 2, 4]
        with pytest.raises(tf1.errors.InvalidArgumentError, match="input must have 3 channels but instead has 4"):
            _run(out)


def test_extract_glimpse_fills_outside_the_image_with_noise_in_range():
    x = np.random.RandomState(3).rand(1, 5, 6, 2).astype(np.float32) + 2
    with tf1.Graph().as_default():
        g = tf1.image.extract_glimpse(tf1.constant(x), [4, 4], [[-1.0, 4.0]], centered=False, normalized=False)
        got = _run(g)
    # corner (-1 - 2, 4 - 2) = (-3, 2): rows 3.. of the window are image rows 0.., columns 0..3 are 2..5
    np.testing.assert_array_equal(got[0, 3:, :4], x[0, :1, 2:6])
    noise = got[0, :3]
    assert noise.min() >= x.min() and noise.max() <= x.max() and len(np.unique(noise)) > 10


def test_crop_and_resize_run_time_errors():
    with tf1.Graph().as_default():
        out = tf1.image.crop_and_resize(tf1.ones([1, 2, 2, 3]), tf1.ones([2, 4]), [0, 0], [0, 3])
        assert out.get_shape().as_list() == [2, 0, 3, 3]   # as TF's shape function
        with pytest.raises(tf1.errors.InvalidArgumentError, match="crop dimensions must be positive"):
            _run(out)


def test_crop_and_resize_needs_a_static_crop_size_shape():
    with tf1.Graph().as_default():
        img = tf1.zeros([1, 4, 4, 1])
        out = tf1.image.crop_and_resize(img, [[0., 0., 1., 1.]], [0], tf1.placeholder(tf1.int32, [2]))
        assert out.get_shape().as_list() == [1, None, None, 1]


def test_non_max_suppression_dynamic_output_size():
    with tf1.Graph().as_default():
        b = tf1.placeholder(tf1.float32, [None, 4])
        s = tf1.placeholder(tf1.float32, [None])
        sel = tf1.image.non_max_suppression(b, s, 5, iou_threshold=0.5)
        assert sel.get_shape().as_list() == [None]
        got = _run(sel, {b: [[0, 0, 1, 1], [0, 0, 1, 1.05], [2, 2, 3, 3]], s: [0.5, 0.9, 0.1]})
    np.testing.assert_array_equal(got, [1, 2])
