"""Cases for tf1's extra tf.image / tf.nn image ops (tf1/ops/image_extra_ops.py, morphology_ops.py),
shared by the recorder (image_extra_make.py, under real TensorFlow) and the test
(tests/ops/test_image_extra.py, under tf1). ctc_decoders_cases.py holds the CTC decoder cases in the
same form.

Each case is a code snippet run with `tf` and `np`: it sets `out` (a list of tensors), optionally `xs`
(tensors to differentiate out[0] by, under a fixed random cotangent) and `feeds`. `PROPERTY_ONLY`
cases are random: only names, dtypes and static shapes are recorded.
"""
RS = "rs = np.random.RandomState(0)\n"
RGB = RS + "x = tf.constant(rs.rand(2, 4, 5, 3).astype(np.float32))\n"
RGB_TIES = ("x = tf.constant(np.array([[[0, 0, 0], [1, 1, 1], [.5, .2, .2], [.2, .5, .2], [.2, .2, .5],"
            " [.5, .5, .1], [.1, .5, .5], [.5, .1, .5], [.3, .2, .1], [.1, .2, .3]]], np.float32))\n")
U8 = RS + "x = tf.constant(rs.randint(0, 256, size=(3, 4, 3)).astype(np.uint8))\n"
IMG = RS + "x = tf.constant(rs.rand(2, 7, 8, 3).astype(np.float32))\n"
BOXES = ("boxes = tf.constant(np.array([[0.1, 0.2, 0.7, 0.9], [0, 0, 1, 1], [-0.2, 0.3, 1.3, 0.8],"
         " [0.9, 0.8, 0.2, 0.1], [0.5, 0.5, 0.5, 0.5]], np.float32))\n"
         "box_ind = tf.constant([0, 1, 1, 0, 1])\n")

CASES = {
    # ---- colour spaces
    "rgb_to_hsv": RGB + "out = [tf.image.rgb_to_hsv(x)]\nxs = [x]",
    "rgb_to_hsv_ties": RGB_TIES + "out = [tf.image.rgb_to_hsv(x)]",
    "rgb_to_hsv_f64": RS + "x = tf.constant(rs.rand(3, 3))\nout = [tf.image.rgb_to_hsv(x, name='hsv')]",
    "hsv_to_rgb": RGB + "out = [tf.image.hsv_to_rgb(x)]",
    "hsv_roundtrip": RGB + "out = [tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(x))]",
    "adjust_saturation": RGB + "out = [tf.image.adjust_saturation(x, 1.7)]",
    "adjust_saturation_low": RGB_TIES + "out = [tf.image.adjust_saturation(x, 0.3)]",
    "adjust_saturation_u8": U8 + "out = [tf.image.adjust_saturation(x, 2.5)]",
    "adjust_hue": RGB + "out = [tf.image.adjust_hue(x, 0.3)]",
    "adjust_hue_neg": RGB + "out = [tf.image.adjust_hue(x, -0.45)]",
    "adjust_hue_ties": RGB_TIES + "out = [tf.image.adjust_hue(x, 0.2, name='hue')]",
    "adjust_hue_u8": U8 + "out = [tf.image.adjust_hue(x, 0.1)]",
    "adjust_gamma": RGB + "out = [tf.image.adjust_gamma(x, 2.2, 0.9)]\nxs = [x]",
    "adjust_gamma_u8": U8 + "out = [tf.image.adjust_gamma(x, 0.5)]",
    "adjust_gamma_tensor": RGB + "g = tf.constant(1.5)\nout = [tf.image.adjust_gamma(x, g)]\nxs = [x, g]",
    "adjust_jpeg_quality": RS + "x = tf.constant(rs.rand(16, 24, 3).astype(np.float32))\n"
                                "out = [tf.image.adjust_jpeg_quality(x, 40)]",
    "adjust_jpeg_quality_u8": RS + "x = tf.constant((rs.rand(8, 8, 3) * 255).astype(np.uint8))\n"
                                   "out = [tf.image.adjust_jpeg_quality(x, 90)]",
    "adjust_jpeg_quality_tensor": RS + "x = tf.constant((rs.rand(8, 16, 3) * 255).astype(np.uint8))\n"
                                       "out = [tf.image.adjust_jpeg_quality(x, tf.constant(30))]",
    "random_jpeg_quality": RS + "x = tf.constant(rs.rand(8, 8, 3).astype(np.float32))\n"
                                "out = [tf.image.random_jpeg_quality(x, 20, 80, seed=4)]",
    "resize_image_with_pad": IMG + "out = [tf.image.resize_image_with_pad(x, 10, 6)]\nxs = [x]",
    "resize_image_with_pad_3d": RGB + "out = [tf.image.resize_image_with_pad(x[0], 3, 9, method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)]",
    "resize_image_with_pad_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, 2])\n"
                                     "feeds = {x: rs.rand(5, 3, 2).astype(np.float32)}\n"
                                     "out = [tf.image.resize_image_with_pad(x, 8, 8, align_corners=True)]",
    "extract_glimpse": IMG + "out = [tf.image.extract_glimpse(x, [3, 4], [[0.1, -0.2], [-0.3, 0.25]])]",
    "extract_glimpse_pixels": IMG + "out = [tf.image.extract_glimpse(x, [2, 3], [[1.0, 2.0], [3.6, 2.2]], centered=False, normalized=False)]",
    "extract_glimpse_fits_far_edge": IMG + "out = [tf.image.extract_glimpse(x, [2, 3], [[5.0, 5.0], [6.0, 6.5]], centered=False, normalized=False, name='g')]",
    "random_hue": RGB + "out = [tf.image.random_hue(x, 0.2, seed=1)]",
    "random_saturation": RGB + "out = [tf.image.random_saturation(x, 0.5, 1.5, seed=1)]",
    # ---- quality metrics and filters
    "psnr": RS + "a = tf.constant(rs.rand(2, 6, 6, 3).astype(np.float32))\n"
                 "b = tf.constant(rs.rand(2, 6, 6, 3).astype(np.float32))\n"
                 "out = [tf.image.psnr(a, b, max_val=1.0)]\nxs = [a]",
    "psnr_u8": RS + "a = tf.constant(rs.randint(0, 256, (4, 4, 1)).astype(np.uint8))\n"
                    "b = tf.constant(rs.randint(0, 256, (4, 4, 1)).astype(np.uint8))\n"
                    "out = [tf.image.psnr(a, b, max_val=255, name='p')]",
    "ssim": RS + "an = rs.rand(2, 16, 16, 3).astype(np.float32)\na = tf.constant(an)\n"
                 "b = tf.constant(rs.rand(2, 16, 16, 3).astype(np.float32) * 0.3 + an * 0.7)\n"
                 "out = [tf.image.ssim(a, b, max_val=1.0)]\nxs = [a, b]",
    "ssim_small_filter": RS + "a = tf.constant(rs.rand(12, 14, 1).astype(np.float32))\n"
                              "b = tf.constant(rs.rand(12, 14, 1).astype(np.float32))\n"
                              "out = [tf.image.ssim(a, b, max_val=1.0, filter_size=5, filter_sigma=1.0)]",
    "ssim_multiscale": RS + "an = rs.rand(1, 64, 64, 3).astype(np.float32)\na = tf.constant(an)\n"
                            "b = tf.constant(rs.rand(1, 64, 64, 3).astype(np.float32) * 0.2 + an * 0.8)\n"
                            "out = [tf.image.ssim_multiscale(a, b, max_val=1.0, filter_size=3)]\nxs = [a]",
    "ssim_multiscale_odd": RS + "an = rs.rand(2, 50, 45, 1).astype(np.float32)\na = tf.constant(an)\n"
                                "b = tf.constant(rs.rand(2, 50, 45, 1).astype(np.float32) * 0.3 + an * 0.7)\n"
                                "out = [tf.image.ssim_multiscale(a, b, max_val=1.0, filter_size=3, power_factors=(0.2, 0.3, 0.5))]\nxs = [b]",
    "ssim_u8_broadcast": RS + "a = tf.constant(rs.randint(0, 256, (3, 12, 12, 3)).astype(np.uint8))\n"
                              "b = tf.constant(rs.randint(0, 256, (12, 12, 3)).astype(np.uint8))\n"
                              "out = [tf.image.ssim(a, b, 255, filter_size=7)]",
    "sobel_edges_f64": RS + "x = tf.constant(rs.rand(1, 4, 5, 2))\nout = [tf.image.sobel_edges(x)]",
    "sobel_edges": IMG + "out = [tf.image.sobel_edges(x)]\nxs = [x]",
    "total_variation": IMG + "out = [tf.image.total_variation(x)]\nxs = [x]",
    "image_gradients": IMG + "out = list(tf.image.image_gradients(x))",
    # ---- patches
    "extract_patches_valid": IMG + "out = [tf.image.extract_image_patches(x, [1, 3, 2, 1], [1, 2, 1, 1], [1, 1, 1, 1], 'VALID')]\nxs = [x]",
    "extract_patches_same_rates": IMG + "out = [tf.image.extract_image_patches(x, ksizes=[1, 2, 3, 1], strides=[1, 3, 2, 1], rates=[1, 2, 2, 1], padding='SAME')]\nxs = [x]",
    "extract_patches_toplevel": IMG + "out = [tf.extract_image_patches(x, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'SAME', name='pt')]",
    "extract_patches_int": "x = tf.constant(np.arange(2 * 5 * 5 * 2, dtype=np.int32).reshape(2, 5, 5, 2))\n"
                           "out = [tf.image.extract_image_patches(x, [1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID')]",
    # ---- crop_and_resize
    "crop_and_resize": IMG + BOXES + "out = [tf.image.crop_and_resize(x, boxes, box_ind, [4, 3])]\nxs = [x, boxes]",
    "crop_and_resize_extrap": IMG + BOXES + "out = [tf.image.crop_and_resize(x, boxes, box_ind, [5, 5], extrapolation_value=-1.5)]\nxs = [x]",
    "crop_and_resize_nearest": IMG + BOXES + "out = [tf.image.crop_and_resize(x, boxes, box_ind, [4, 6], method='nearest')]\nxs = [x, boxes]",
    "crop_and_resize_one": IMG + BOXES + "out = [tf.image.crop_and_resize(x, boxes, box_ind, [1, 1], name='cr')]\nxs = [x, boxes]",
    "crop_and_resize_u8": U8 + BOXES + "out = [tf.image.crop_and_resize(tf.stack([x, x]), boxes, box_ind, [3, 3])]",
    # ---- boxes
    "draw_bounding_boxes": RS + "x = tf.constant(rs.rand(2, 10, 12, 3).astype(np.float32))\n"
                           "b = tf.constant(np.array([[[0.1, 0.1, 0.6, 0.8], [0.3, 0.0, 0.9, 0.5]], "
                           "[[0.0, 0.0, 1.0, 1.0], [0.5, 0.6, 0.4, 0.2]]], np.float32))\n"
                           "out = [tf.image.draw_bounding_boxes(x, b)]",
    "draw_bounding_boxes_gray": RS + "x = tf.constant(rs.rand(1, 6, 7, 1).astype(np.float32))\n"
                                "b = tf.constant(np.array([[[0.2, 0.1, 0.8, 0.9]]], np.float32))\n"
                                "out = [tf.image.draw_bounding_boxes(x, b, name='dbb')]",
    "draw_bounding_boxes_outside": RS + "x = tf.constant(rs.rand(1, 9, 11, 4).astype(np.float32))\n"
                                   "b = tf.constant(np.array([[[-0.2, 0.3, 0.5, 1.4], [0.5, -0.5, 1.5, 0.5], "
                                   "[1.2, 0.1, 1.5, 0.5], [0.1, 0.1, 0.2, 0.2]] + [[0.05 * i, 0.1, 0.9, 0.05 * i + 0.3] "
                                   "for i in range(11)]], np.float32))\n"
                                   "out = [tf.image.draw_bounding_boxes(x, b)]",
    "draw_bounding_boxes_colors": RS + "x = tf.constant(rs.rand(2, 8, 8, 3).astype(np.float32))\n"
                                  "b = tf.constant(np.array([[[0.1, 0.1, 0.6, 0.8], [0.3, 0.0, 0.9, 0.5]]] * 2, np.float32))\n"
                                  "out = [tf.image.draw_bounding_boxes(x, b, colors=np.array([[0.2, 0.4, 0.6, 1], [1, 0.5, 0.25, 1]], np.float32))]",
    "nms_overlaps": RS + "o = tf.constant(rs.rand(8, 8).astype(np.float32))\n"
                         "s = tf.constant(rs.rand(8).astype(np.float32))\n"
                         "out = [tf.image.non_max_suppression_overlaps(o, s, 5, overlap_threshold=0.6, score_threshold=0.1)]",
    "extract_patches_v2": IMG + "out = [tf.image.extract_patches(x, sizes=[1, 3, 3, 1], strides=[1, 2, 2, 1], rates=[1, 1, 1, 1], padding='SAME')]",
    "yiq_yuv": RGB + "out = [tf.image.rgb_to_yiq(x), tf.image.yiq_to_rgb(x), tf.image.rgb_to_yuv(x), tf.image.yuv_to_rgb(x)]\nxs = [x]",
    "combined_nms": RS + "b = tf.constant((rs.rand(2, 12, 1, 4) * 1.2 - 0.1).astype(np.float32))\n"
                         "s = tf.constant(rs.rand(2, 12, 3).astype(np.float32))\n"
                         "out = list(tf.image.combined_non_max_suppression(b, s, 4, 7, iou_threshold=0.3, score_threshold=0.2))",
    "combined_nms_per_class": RS + "b = tf.constant(rs.rand(1, 10, 2, 4).astype(np.float32))\n"
                                   "s = tf.constant(rs.rand(1, 10, 2).astype(np.float32))\n"
                                   "out = list(tf.image.combined_non_max_suppression(b, s, 3, 20, pad_per_class=True, clip_boxes=False, name='cn'))",
    "nms": RS + "b = tf.constant(np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11],"
                " [0, 10.1, 1, 11.1], [0, 100, 1, 101]], np.float32))\n"
                "s = tf.constant(np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32))\n"
                "out = [tf.image.non_max_suppression(b, s, 3, iou_threshold=0.5)]",
    "nms_threshold": RS + "b = tf.constant(rs.rand(20, 4).astype(np.float32))\n"
                          "s = tf.constant(rs.rand(20).astype(np.float32))\n"
                          "out = [tf.image.non_max_suppression(b, s, 10, iou_threshold=0.3, score_threshold=0.2, name='n')]",
    "nms_padded": RS + "b = tf.constant(rs.rand(20, 4).astype(np.float32))\n"
                       "s = tf.constant(rs.rand(20).astype(np.float32))\n"
                       "out = list(tf.image.non_max_suppression_padded(b, s, 12, iou_threshold=0.3, pad_to_max_output_size=True))",
    "nms_with_scores": RS + "b = tf.constant(rs.rand(20, 4).astype(np.float32))\n"
                            "s = tf.constant(rs.rand(20).astype(np.float32))\n"
                            "out = list(tf.image.non_max_suppression_with_scores(b, s, 8, iou_threshold=0.4, soft_nms_sigma=0.5))",
    # ---- morphology
    "dilation2d": IMG + RS + "f = tf.constant(rs.rand(3, 2, 3).astype(np.float32))\n"
                  "out = [tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')]\nxs = [x, f]",
    "dilation2d_strided": IMG + RS + "f = tf.constant(rs.rand(2, 2, 3).astype(np.float32))\n"
                          "out = [tf.nn.dilation2d(x, f, [1, 2, 3, 1], [1, 2, 1, 1], 'VALID', name='dil')]\nxs = [x, f]",
    "dilation2d_ties": "x = tf.constant(np.floor(np.random.RandomState(2).rand(1, 6, 6, 2) * 3).astype(np.float32))\n"
                       "f = tf.constant(np.zeros([3, 3, 2], np.float32))\n"
                       "out = [tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')]\nxs = [x, f]",
    "erosion2d": IMG + RS + "f = tf.constant(rs.rand(3, 3, 3).astype(np.float32))\n"
                 "out = [tf.nn.erosion2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME')]\nxs = [x, f]",
    "erosion2d_valid": IMG + RS + "f = tf.constant(rs.rand(2, 3, 3).astype(np.float32))\n"
                       "out = [tf.nn.erosion2d(x, f, [1, 2, 1, 1], [1, 1, 2, 1], 'VALID')]",
    # ---- random
    "sample_distorted_bounding_box": "b = tf.constant([[[0.1, 0.2, 0.6, 0.9]]])\n"
        "out = list(tf.image.sample_distorted_bounding_box([40, 50, 3], b, seed=3, min_object_covered=0.3))",
}

# Snippets the recorder runs instead: TF 1.15's non_max_suppression_padded was NonMaxSuppressionV4
# itself; TF 2's is a different batched algorithm, so the oracle's V4 kernel gives the golden.
ORACLE_OVERRIDES = {
    "nms_padded": RS + "b = tf.constant(rs.rand(20, 4).astype(np.float32))\n"
                       "s = tf.constant(rs.rand(20).astype(np.float32))\n"
                       "with tf.name_scope('non_max_suppression_padded'):\n"
                       "    r = tf.raw_ops.NonMaxSuppressionV4(boxes=b, scores=s, max_output_size=12, iou_threshold=0.3,"
                       " score_threshold=float('-inf'), pad_to_max_output_size=True, name='NonMaxSuppressionV4')\n"
                       "out = list(r)",
}

PROPERTY_ONLY = {"random_jpeg_quality", "random_hue", "random_saturation", "sample_distorted_bounding_box"}


# Gradient graphs exported as GraphDefs (name: (snippet setting placeholder `x`, its `x_value`, an output
# `y`, and the tensor to differentiate by)): they hold TF's gradient kernels (CropAndResizeGradImage/
# GradBoxes, Dilation2DBackpropInput/Filter) for tf1 to import and run.
_XV = "x_value = np.random.RandomState(0).rand(2, 7, 8, 3).astype(np.float32)\nx = tf.placeholder(tf.float32, [2, 7, 8, 3], name='x')\n"
GRAD_GRAPHS = {
    "crop_grad_image": (_XV + BOXES + "y = tf.image.crop_and_resize(x, boxes, box_ind, [4, 3])", "x"),
    "crop_grad_image_nearest": (_XV + BOXES + "y = tf.image.crop_and_resize(x, boxes, box_ind, [4, 3], method='nearest')", "x"),
    "crop_grad_boxes": (_XV + BOXES + "y = tf.image.crop_and_resize(x, boxes, box_ind, [5, 2])", "boxes"),
    "dilation_grad_input": (_XV + "f = tf.constant(np.random.RandomState(1).rand(3, 2, 3).astype(np.float32))\n"
                            "y = tf.nn.dilation2d(x, f, [1, 2, 1, 1], [1, 1, 2, 1], 'SAME')", "x"),
    "dilation_grad_filter": (_XV + "f = tf.constant(np.random.RandomState(1).rand(3, 2, 3).astype(np.float32))\n"
                             "y = tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')", "f"),
}


def build(tf, np, code):
    """Runs a case's snippet; returns (out, xs, feeds)."""
    env = {"tf": tf, "np": np}
    exec(code, env)  # noqa: S102 -- the project's own case snippets
    return list(env["out"]), list(env.get("xs", [])), env.get("feeds", {})


def cotangent(shape, seed=42):
    return np.random.RandomState(seed).randn(*shape)


import numpy as np  # noqa: E402


def check_case(tf, cases, meta, arrays, name, compare_names=True, rtol=2e-5, atol=2e-5, static_shape=None):
    """Replays case `name` of the `cases` module under `tf` (tf1) and asserts it matches the recorded
    `meta` / `arrays`: output names, op types, dtypes, static shapes (`static_shape` replaces the
    recorded one where TF 1.15's differs from the oracle's), values and gradients."""
    g = tf.Graph()
    with g.as_default():
        out, xs, feeds = build(tf, np, cases.CASES[name])
        grads = []
        if xs:
            ct = tf.constant(cotangent(out[0].get_shape().as_list()).astype(out[0].dtype.as_numpy_dtype))
            grads = tf.gradients(tf.reduce_sum(out[0] * ct), xs)
        with tf.Session(graph=g) as sess:
            values, grad_values = sess.run([out, grads], feeds)
    want = meta[name]
    assert len(out) == len(want["outputs"])
    for t, w in zip(out, want["outputs"]):
        if compare_names:
            assert (t.name, t.op.type) == (w["name"], w["type"])
        assert t.dtype.name == w["dtype"]
        shape = t.get_shape()
        want_shape = w["shape"] if static_shape is None else static_shape
        assert (None if shape.ndims is None else shape.as_list()) == want_shape, t.name
    if name not in cases.PROPERTY_ONLY:
        for i, v in enumerate(values):
            ref = arrays["%s/out/%d" % (name, i)]
            assert np.asarray(v).dtype == ref.dtype and np.shape(v) == ref.shape, i
            np.testing.assert_allclose(v, ref, rtol=rtol, atol=atol, err_msg=str(i))
    assert len(grad_values) == want["grads"]
    for i, v in enumerate(grad_values):
        np.testing.assert_allclose(v, arrays["%s/grad/%d" % (name, i)], rtol=max(rtol, 1e-4), atol=1e-4,
                                   err_msg="grad %d" % i)
    return out, values
