"""Record goldens for tf1's tf.image (tf1/ops/image_ops.py, image_resize_ops.py) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/ops/make_image.py

Each case is a code snippet run with `tf` and `np` in a fresh graph. It sets `out` (a tensor or a list
of tensors), optionally `xs` (tensors to differentiate) and `feeds` ({placeholder: value}). The golden
holds, per output, its name, static shape, dtype and value; the gradients of out[0] w.r.t. `xs` under
a fixed random cotangent; and the graph's (name, type) op list. Random cases (`RANDOM`) keep names,
shapes and ops only (tf1's random bits are not TF's). Error cases must raise; their exception type and
message are recorded. `GRAD_GRAPHS` are gradient graphs exported as GraphDefs (they hold TF's
ResizeBilinearGrad/ResizeNearestNeighborGrad/ResizeBicubicGrad kernels) with their fetched values, so
tf1 can import and run them. Writes tests/golden/ops/image_golden.json, image_golden.npz and
image_graphs/*.pb.

`OPS_DIFFER_IN_TF2`: cases whose op list is not compared, because TF 2.x builds crop_to_bounding_box's
slice size from Shape ops where TF 1.15 used `stack([-1, h, w, -1])` (the values are the same); tf1
builds 1.15's graph and tests/ops/test_image.py asserts it literally.
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

from golden_io import HERE, save, shape_list

tf.disable_v2_behavior()

IMG = "x = tf.constant(np.arange(2 * 4 * 5 * 3, dtype=np.float32).reshape(2, 4, 5, 3))\n"
RS = "rs = np.random.RandomState(0)\n"
RIMG = RS + "x = tf.constant(rs.rand(2, 5, 6, 3).astype(np.float32) * 10)\n"
RIMG3 = RS + "x = tf.constant(rs.rand(5, 6, 3).astype(np.float32))\n"
U8 = RS + "x = tf.constant(rs.randint(0, 256, size=(2, 4, 5, 3)).astype(np.uint8))\n"

CASES = {}
for kind in ["bilinear", "nearest_neighbor", "bicubic"]:
    for tag, sizes in [("up", "[7, 9]"), ("down", "[3, 2]"), ("mixed", "[7, 3]"), ("one", "[1, 1]")]:
        for mode, kw in [("", ""), ("_ac", ", align_corners=True"), ("_hp", ", half_pixel_centers=True")]:
            xs = "\nxs = [x]" if kind != "nearest_neighbor" else "\nxs = [x]"
            CASES["resize_%s_%s%s" % (kind, tag, mode)] = (
                RIMG + "out = tf.image.resize_%s(x, %s%s)%s" % (kind, sizes, kw, xs))
CASES.update({
    "resize_area_down": RIMG + "out = tf.image.resize_area(x, [3, 4])",
    "resize_area_up": RIMG + "out = tf.image.resize_area(x, [7, 9])",
    "resize_area_ac": RIMG + "out = tf.image.resize_area(x, [3, 4], align_corners=True)",
    "resize_bilinear_named": RIMG + "out = tf.image.resize_bilinear(x, [3, 3], name='rb')",
    "resize_bilinear_int": U8 + "out = tf.image.resize_bilinear(x, [3, 7])",
    "resize_bilinear_f64": RS + "x = tf.constant(rs.rand(1, 3, 4, 2))\nout = tf.image.resize_bilinear(x, [5, 5])\nxs = [x]",
    "resize_nn_int": U8 + "out = tf.image.resize_nearest_neighbor(x, [5, 9])",
    "resize_bilinear_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, None, 2])\n"
                               "feeds = {x: rs.rand(1, 3, 4, 2).astype(np.float32)}\n"
                               "out = tf.image.resize_bilinear(x, tf.shape(x)[1:3] * 2 - 1)",
    "resize_bilinear_fed_size": RS + "x = tf.placeholder(tf.float32, [None, None, None, 2])\n"
                                "s = tf.placeholder(tf.int32, [2])\n"
                                "feeds = {x: rs.rand(1, 3, 4, 2).astype(np.float32), s: np.array([6, 5], np.int32)}\n"
                                "out = tf.image.resize_bilinear(x, s)",
    "resize_images_aspect_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, 3])\n"
                                    "feeds = {x: rs.rand(4, 6, 3).astype(np.float32)}\n"
                                    "out = tf.image.resize_images(x, [9, 9], preserve_aspect_ratio=True)",
    "crop_or_pad_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, 3])\n"
                           "feeds = {x: rs.rand(4, 9, 3).astype(np.float32)}\n"
                           "out = tf.image.resize_image_with_crop_or_pad(x, 6, 6)",
    "resize_images_default": RIMG + "out = tf.image.resize_images(x, [7, 9])\nxs = [x]",
    "resize_images_3d": RIMG3 + "out = tf.image.resize_images(x, [7, 9])",
    "resize_images_nn": RIMG + "out = tf.image.resize_images(x, [3, 9], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)",
    "resize_images_bicubic_ac": RIMG + "out = tf.image.resize_images(x, [8, 4], method=tf.image.ResizeMethod.BICUBIC, align_corners=True)",
    "resize_images_area": RIMG + "out = tf.image.resize_images(x, [2, 3], method=tf.image.ResizeMethod.AREA)",
    "resize_images_same": RIMG + "out = tf.image.resize_images(x, [5, 6])",
    "resize_images_aspect": RIMG3 + "out = tf.image.resize_images(x, [10, 10], preserve_aspect_ratio=True)",
    "resize_images_named": RIMG3 + "out = tf.image.resize_images(x, [3, 3], name='rs')",
    "resize_alias": RIMG + "out = tf.image.resize(x, [4, 4])",
    "resize_images_uint8": U8 + "out = tf.image.resize_images(x, [3, 3])",
    "resize_images_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, 3])\n"
                             "feeds = {x: rs.rand(4, 5, 3).astype(np.float32)}\n"
                             "out = tf.image.resize_images(x, [6, 2])",
    # ---- flips, transpose, rot90
    "flip_left_right": IMG + "out = tf.image.flip_left_right(x)\nxs = [x]",
    "flip_left_right_3d": IMG + "out = tf.image.flip_left_right(x[0])",
    "flip_up_down": IMG + "out = tf.image.flip_up_down(x)",
    "flip_up_down_3d": IMG + "out = tf.image.flip_up_down(x[1])",
    "flip_unknown_rank": RS + "x = tf.placeholder(tf.float32)\nfeeds = {x: rs.rand(3, 4, 2).astype(np.float32)}\n"
                         "out = tf.image.flip_left_right(x)",
    "flip_partial": RS + "x = tf.placeholder(tf.float32, [None, 4, 2])\nfeeds = {x: rs.rand(3, 4, 2).astype(np.float32)}\n"
                    "out = tf.image.flip_up_down(x)",
    "transpose_image": IMG + "out = tf.image.transpose_image(x)",
    "transpose_3d": IMG + "out = tf.image.transpose(x[0])",
    "rot90_square_dynamic_k": RS + "x = tf.constant(rs.rand(4, 4, 2).astype(np.float32))\n"
                              "k = tf.placeholder(tf.int32, [])\nfeeds = {k: 3}\nout = tf.image.rot90(x, k)",
    "rot90_4d_square_dynamic_k": RS + "x = tf.constant(rs.rand(2, 3, 3, 2).astype(np.float32))\n"
                                 "k = tf.placeholder(tf.int32, [])\nfeeds = {k: 1}\nout = tf.image.rot90(x, k)",
    # ---- crops and pads
    "central_crop": IMG + "out = tf.image.central_crop(x[0], 0.5)",
    "central_crop_4d": IMG + "out = tf.image.central_crop(x, 0.6)",
    "central_crop_one": IMG + "out = tf.image.central_crop(x, 1.0)",
    "central_crop_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, 3])\n"
                            "feeds = {x: rs.rand(6, 8, 3).astype(np.float32)}\nout = tf.image.central_crop(x, 0.5)",
    "pad_to_bounding_box": IMG + "out = tf.image.pad_to_bounding_box(x, 1, 2, 7, 8)\nxs = [x]",
    "pad_to_bounding_box_3d": IMG + "out = tf.image.pad_to_bounding_box(x[0], 0, 1, 4, 7)",
    "pad_to_bounding_box_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, 2])\n"
                                   "feeds = {x: rs.rand(3, 2, 2).astype(np.float32)}\n"
                                   "out = tf.image.pad_to_bounding_box(x, 1, 1, 5, 6)",
    "crop_to_bounding_box": IMG + "out = tf.image.crop_to_bounding_box(x, 1, 2, 2, 3)\nxs = [x]",
    "crop_to_bounding_box_3d": IMG + "out = tf.image.crop_to_bounding_box(x[0], 0, 1, 3, 3)",
    "resize_with_crop_or_pad_crop": IMG + "out = tf.image.resize_image_with_crop_or_pad(x, 2, 3)",
    "resize_with_crop_or_pad_pad": IMG + "out = tf.image.resize_image_with_crop_or_pad(x[0], 7, 8)",
    "resize_with_crop_or_pad_mixed": IMG + "out = tf.image.resize_image_with_crop_or_pad(x, 3, 8)",
    "resize_with_crop_or_pad_alias": IMG + "out = tf.image.resize_with_crop_or_pad(x, 6, 2)",
    # ---- values
    "per_image_standardization": RIMG + "out = tf.image.per_image_standardization(x)\nxs = [x]",
    "per_image_standardization_3d_uint8": U8 + "out = tf.image.per_image_standardization(x[0])",
    "per_image_standardization_uniform": "out = tf.image.per_image_standardization(tf.ones([3, 3, 2]))",
    "convert_u8_f32": U8 + "out = tf.image.convert_image_dtype(x, tf.float32)",
    "convert_f32_u8": RIMG3 + "out = tf.image.convert_image_dtype(x, tf.uint8)",
    "convert_f32_u8_saturate": RIMG3 + "out = tf.image.convert_image_dtype(x * 2 - 0.5, tf.uint8, saturate=True)",
    "convert_f32_u8_nosat": "out = tf.image.convert_image_dtype(tf.constant([0., 0.5, 1.0, 0.999]), tf.uint8)",
    "convert_u8_i32": U8 + "out = tf.image.convert_image_dtype(x, tf.int32)",
    "convert_i32_u8": "out = tf.image.convert_image_dtype(tf.constant([0, 2**24, 2**31 - 1, 12345678]), tf.uint8)",
    "convert_i32_i16_sat": "out = tf.image.convert_image_dtype(tf.constant([0, 2**24, 2**31 - 1]), tf.int16, saturate=True)",
    "convert_u16_u8": "out = tf.image.convert_image_dtype(tf.constant([0, 255, 256, 65535], tf.uint16), tf.uint8)",
    "convert_f32_f64": RIMG3 + "out = tf.image.convert_image_dtype(x, tf.float64)",
    "convert_same": RIMG3 + "out = tf.image.convert_image_dtype(x, tf.float32, name='same')",
    "convert_f16_u8": "out = tf.image.convert_image_dtype(tf.constant([0., 0.25, 1.], tf.float16), tf.uint8)",
    "convert_named": U8 + "out = tf.image.convert_image_dtype(x, tf.float32, name='cvt')",
    "adjust_brightness": RIMG3 + "out = tf.image.adjust_brightness(x, 0.2)\nxs = [x]",
    "adjust_brightness_uint8": U8 + "out = tf.image.adjust_brightness(x, -0.3)",
    "adjust_contrast": RIMG + "out = tf.image.adjust_contrast(x, 1.8)",
    "adjust_contrast_3d": RIMG3 + "out = tf.image.adjust_contrast(x, 0.5)",
    "adjust_contrast_uint8": U8 + "out = tf.image.adjust_contrast(x, 2.5)",
    "rgb_to_grayscale": RIMG + "out = tf.image.rgb_to_grayscale(x)\nxs = [x]",
    "rgb_to_grayscale_uint8": U8 + "out = tf.image.rgb_to_grayscale(x)",
    "grayscale_to_rgb": RS + "x = tf.constant(rs.rand(2, 3, 4, 1).astype(np.float32))\nout = tf.image.grayscale_to_rgb(x)\nxs = [x]",
    "grayscale_to_rgb_dynamic": RS + "x = tf.placeholder(tf.float32, [None, None, 1])\n"
                                "feeds = {x: rs.rand(2, 3, 1).astype(np.float32)}\nout = tf.image.grayscale_to_rgb(x)",
    "image_gradients": RIMG + "out = list(tf.image.image_gradients(x))\nxs = [x]",
    "total_variation": RIMG + "out = tf.image.total_variation(x)\nxs = [x]",
    "total_variation_3d": RIMG3 + "out = tf.image.total_variation(x, name='tv')",
})

# Randomised: names, shapes and ops only.
RANDOM = {
    "random_flip_left_right": IMG + "out = tf.image.random_flip_left_right(x[0], seed=3)",
    "random_flip_left_right_4d": IMG + "out = tf.image.random_flip_left_right(x, seed=3)",
    "random_flip_up_down": IMG + "out = tf.image.random_flip_up_down(x[0])",
    "random_flip_up_down_4d": IMG + "out = tf.image.random_flip_up_down(x)",
    "random_brightness": RIMG3 + "out = tf.image.random_brightness(x, 0.3)",
    "random_contrast": RIMG3 + "out = tf.image.random_contrast(x, 0.2, 1.8, seed=5)",
    "random_crop": IMG + "out = tf.image.random_crop(x[0], [2, 3, 3])",
    "random_crop_4d": IMG + "out = tf.image.random_crop(x, [2, 3, 3, 3], seed=1)",
}

OPS_DIFFER_IN_TF2 = {"crop_or_pad_dynamic", "crop_to_bounding_box", "crop_to_bounding_box_3d", "resize_with_crop_or_pad_crop",
                     "resize_with_crop_or_pad_pad", "resize_with_crop_or_pad_mixed", "resize_with_crop_or_pad_alias"}

ERRORS = {
    "resize_bilinear_rank3": "tf.image.resize_bilinear(tf.zeros([4, 4, 1]), [2, 2])",
    "resize_nn_size3": "tf.image.resize_nearest_neighbor(tf.zeros([1, 4, 4, 1]), [2, 2, 2])",
    "resize_bicubic_size_rank2": "tf.image.resize_bicubic(tf.zeros([1, 4, 4, 1]), [[2, 2]])",
    "resize_images_rank2": "tf.image.resize_images(tf.zeros([4, 4]), [2, 2])",
    "resize_images_rank5": "tf.image.resize_images(tf.zeros([1, 1, 4, 4, 1]), [2, 2])",
    "resize_images_unknown_rank": "tf.image.resize_images(tf.placeholder(tf.float32), [2, 2])",
    "resize_images_size3": "tf.image.resize_images(tf.zeros([4, 4, 1]), [2, 2, 2])",
    "resize_images_size_float": "tf.image.resize_images(tf.zeros([4, 4, 1]), [2.5, 2])",
    "resize_images_bad_method": "tf.image.resize_images(tf.zeros([4, 4, 1]), [2, 3], method=7)",
    "flip_rank2": "tf.image.flip_left_right(tf.zeros([4, 4]))",
    "flip_rank5": "tf.image.flip_up_down(tf.zeros([1, 1, 4, 4, 1]))",
    "random_flip_rank5": "tf.image.random_flip_left_right(tf.zeros([1, 1, 4, 4, 1]))",
    "flip_zero_dim": "tf.image.flip_left_right(tf.zeros([0, 4, 1]))",
    "transpose_rank2": "tf.image.transpose_image(tf.zeros([4, 4]))",
    "rot90_rank2": "tf.image.rot90(tf.zeros([4, 4]))",
    "rot90_k_rank1": "tf.image.rot90(tf.zeros([4, 4, 1]), [1])",
    "central_crop_fraction": "tf.image.central_crop(tf.zeros([4, 4, 1]), 1.5)",
    "central_crop_zero": "tf.image.central_crop(tf.zeros([4, 4, 1]), 0.0)",
    "central_crop_rank5": "tf.image.central_crop(tf.zeros([1, 1, 4, 4, 1]), 0.5)",
    "pad_offset": "tf.image.pad_to_bounding_box(tf.zeros([4, 4, 1]), -1, 0, 5, 5)",
    "pad_too_small": "tf.image.pad_to_bounding_box(tf.zeros([4, 4, 1]), 0, 2, 5, 5)",
    "pad_rank2": "tf.image.pad_to_bounding_box(tf.zeros([4, 4]), 0, 0, 5, 5)",
    "crop_too_big": "tf.image.crop_to_bounding_box(tf.zeros([4, 4, 1]), 1, 0, 4, 4)",
    "crop_target_zero": "tf.image.crop_to_bounding_box(tf.zeros([4, 4, 1]), 0, 0, 0, 4)",
    "crop_offset": "tf.image.crop_to_bounding_box(tf.zeros([4, 4, 1]), 0, -1, 2, 2)",
    "crop_or_pad_target": "tf.image.resize_image_with_crop_or_pad(tf.zeros([4, 4, 1]), 0, 3)",
    "random_brightness_neg": "tf.image.random_brightness(tf.zeros([4, 4, 1]), -0.1)",
    "random_contrast_order": "tf.image.random_contrast(tf.zeros([4, 4, 1]), 0.5, 0.5)",
    "random_contrast_neg": "tf.image.random_contrast(tf.zeros([4, 4, 1]), -0.5, 0.5)",
    "adjust_contrast_rank2": "tf.image.adjust_contrast(tf.zeros([4, 4]), 2.0)",
    "convert_bool": "tf.image.convert_image_dtype(tf.zeros([4, 4, 1]), tf.bool)",
    "grayscale_last_dim": "tf.image.grayscale_to_rgb(tf.zeros([4, 4, 3]))",
    "grayscale_rank1": "tf.image.grayscale_to_rgb(tf.zeros([4]))",
    "total_variation_rank2": "tf.image.total_variation(tf.zeros([4, 4]))",
    "image_gradients_rank3": "tf.image.image_gradients(tf.zeros([4, 4, 1]))",
}

# Errors raised by Session.run (kernel checks).
RUN_ERRORS = {
    "resize_bilinear_zero_size": "x = tf.image.resize_bilinear(tf.ones([1, 4, 4, 1]), tf.placeholder_with_default([0, 2], [2]))",
    "resize_bilinear_both_modes": "x = tf.image.resize_bilinear(tf.ones([1, 4, 4, 1]), [2, 2], align_corners=True, half_pixel_centers=True)",
    "resize_nn_both_modes": "x = tf.image.resize_nearest_neighbor(tf.ones([1, 4, 4, 1]), [2, 2], align_corners=True, half_pixel_centers=True)",
    "crop_dynamic_too_big": "p = tf.placeholder(tf.float32, [None, None, 1])\n"
                            "x = tf.image.crop_to_bounding_box(p, 0, 0, 3, 3)\nfeeds = {p: np.zeros([2, 5, 1], np.float32)}",
}

# Gradient graphs written as GraphDefs: tf1 imports them (TF's *Grad kernels inside) and runs them.
GRAD_GRAPHS = {
    "bilinear_grad": "tf.image.resize_bilinear(x, [7, 4])",
    "bilinear_grad_ac": "tf.image.resize_bilinear(x, [7, 9], align_corners=True)",
    "bilinear_grad_hp": "tf.image.resize_bilinear(x, [3, 4], half_pixel_centers=True)",
    "nn_grad": "tf.image.resize_nearest_neighbor(x, [7, 4])",
    "nn_grad_hp": "tf.image.resize_nearest_neighbor(x, [3, 9], half_pixel_centers=True)",
    "bicubic_grad": "tf.image.resize_bicubic(x, [7, 4])",
    "bicubic_grad_hp": "tf.image.resize_bicubic(x, [3, 9], half_pixel_centers=True)",
}


def _cotangent(shape):
    return np.asarray(np.random.RandomState(42).randn(*shape))


def _run_case(code, values, name, random=False):
    g = tf.Graph()
    with g.as_default():
        env = {"tf": tf, "np": np}
        exec(code, env)  # noqa: S102 -- the case snippet
        outs = env["out"] if isinstance(env["out"], list) else [env["out"]]
        xs, feeds = env.get("xs", []), env.get("feeds", {})
        ops = [[op.name, op.type] for op in g.get_operations()]
        grads = []
        if xs:
            cot = tf.constant(_cotangent(shape_list(outs[0])).astype(outs[0].dtype.as_numpy_dtype))
            grads = tf.gradients(outs[0], xs, grad_ys=cot)
        with tf.Session(graph=g) as sess:
            results = sess.run([outs, [gr for gr in grads if gr is not None]], feeds)
    info = {"code": code, "ops": ops, "random": random,
            "outs": [{"name": t.name, "dtype": t.dtype.name, "shape": shape_list(t)} for t in outs],
            "grads": [gr is not None for gr in grads]}
    if not random:
        for i, r in enumerate(results[0]):
            values["%s/out/%d" % (name, i)] = np.asarray(r)
        for i, r in enumerate(results[1]):
            values["%s/grad/%d" % (name, i)] = np.asarray(r)
    return info


def _error(code, run=False):
    g = tf.Graph()
    with g.as_default():
        env = {"tf": tf, "np": np}
        try:
            exec(code, env)  # noqa: S102
            if not run:
                raise AssertionError("no error: " + code)
            with tf.Session(graph=g) as sess:
                sess.run(env["x"], env.get("feeds", {}))
        except AssertionError:
            raise
        except Exception as e:  # noqa: BLE001 -- recording whatever TF raises
            lines = (e.message if run else str(e)).split("\n")
            # TF 2 wraps a kernel's message: "Graph execution error: ... Node: 'X'\n<message>\n\t [[...]]".
            ends = [i for i, line in enumerate(lines) if line.startswith("\t [[")]
            msg = lines[ends[0] - 1] if run and ends else lines[0]
            return {"code": code, "type": type(e).__name__, "message": msg}
    raise AssertionError("no run error: " + code)


def main():
    values = {}
    meta = {"cases": {}, "errors": {}, "run_errors": {}, "grad_graphs": {}}
    for name, code in sorted(CASES.items()):
        meta["cases"][name] = _run_case(code, values, name)
        meta["cases"][name]["compare_ops"] = name not in OPS_DIFFER_IN_TF2
    for name, code in sorted(RANDOM.items()):
        meta["cases"][name] = _run_case(code, values, name, random=True)
        meta["cases"][name]["compare_ops"] = True
    for name, code in sorted(ERRORS.items()):
        meta["errors"][name] = _error(code)
    for name, code in sorted(RUN_ERRORS.items()):
        meta["run_errors"][name] = _error(code, run=True)
    os.makedirs(os.path.join(HERE, "image_graphs"), exist_ok=True)
    rs = np.random.RandomState(7)
    for name, code in sorted(GRAD_GRAPHS.items()):
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, [2, 5, 6, 3], name="x")
            y = eval(code, {"tf": tf, "x": x})  # noqa: S307
            dy = tf.placeholder(tf.float32, shape_list(y), name="dy")
            gx = tf.identity(tf.gradients(y, x, grad_ys=dy)[0], name="gx")
            xv = rs.rand(2, 5, 6, 3).astype(np.float32)
            dyv = rs.randn(*shape_list(y)).astype(np.float32)
            with tf.Session(graph=g) as sess:
                values["graph/%s/gx" % name] = sess.run(gx, {x: xv, dy: dyv})
            values["graph/%s/x" % name] = xv
            values["graph/%s/dy" % name] = dyv
            with open(os.path.join(HERE, "image_graphs", name + ".pb"), "wb") as f:
                f.write(g.as_graph_def().SerializeToString())
            meta["grad_graphs"][name] = sorted({op.type for op in g.get_operations()})
    save("image_golden", meta, values)
    print(json.dumps({k: len(v) for k, v in meta.items()}))


if __name__ == "__main__":
    main()
