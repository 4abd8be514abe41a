"""tf.image against real TensorFlow: each case of tests/golden/ops/make_image.py replayed under tf1.

Per case: every output's name, static shape, dtype and value; the gradients w.r.t. `xs` under the
recorded cotangent; the graph's (name, type) op list (outside control-flow bodies, whose inner ops
tf1 builds as If sub-graphs rather than Switch/Merge). Random cases compare structure, and the
behaviour tests below check their values' properties. Errors: type and message (TF 2's "{{node}}"
rendering of a shape-function error is read as TF 1.15's "'name' (op: 'Type')"). Imported gradient
GraphDefs run TF's Resize*Grad ops.
"""
import json
import os
import re

import numpy as np
import pytest

import tf1

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
with open(os.path.join(GOLDEN, "image_golden.json")) as _f:
    META = json.load(_f)
ARRAYS = np.load(os.path.join(GOLDEN, "image_golden.npz"))


def _cotangent(shape):
    return np.asarray(np.random.RandomState(42).randn(*shape))


_BODY = re.compile(r"(^|/)(cond|case|AssertGuard)(_\d+)?/")
_ASSERT = re.compile(r"(^|/)(assert_\w+|Assert)(/|$)")
_CLAMP = re.compile(r"^(Const(_\d+)?|clamp|min|max|Maximum|Minimum)$")

# Cases whose op lists are not compared, with why: tf1's random_crop (not part of this module) ends
# in another op.
OPS_NOT_COMPARED = {"random_crop", "random_crop_4d"}

# Cases tf1 cannot run yet (strict xfails: the marker must go when they pass).
KNOWN_LIMITS = {}


def _structural_ops(ops):
    """The op list, less what TF 2 (the oracle) builds differently from TF 1.15 in core ops:
    tf.cond/tf.case bodies and assertion internals (tf1 builds If sub-graphs), random_uniform's
    arithmetic (TF 2 skips `* (max - min) + min` for [0, 1)), saturate_cast's clamp (TF 2: ClipByValue,
    TF 1.15: Maximum/Minimum), and AddV2 where TF 1.15's tf.add built Add."""
    casts = {name for name, typ in ops if typ == "Cast"}
    out = []
    for name, typ in ops:
        scope, _, leaf = name.rpartition("/")
        if leaf in ("switch_t", "switch_f", "pred_id"):   # a tf.cond named after the enclosing scope
            continue
        # TF 1.15's math_ops.mod is gen floor_mod (named "FloorMod"); TF 2 scopes it "mod".
        name = re.sub(r"(^|/)mod(_\d+)?(/|$)", r"\1FloorMod\2\3", name)
        if _BODY.search(name) or typ in ("Switch", "Merge", "If", "StatelessIf") or _ASSERT.search(name):
            continue
        if ("random_uniform/" in name or name.endswith("random_uniform")) and typ != "RandomUniform":
            continue
        if scope in casts and _CLAMP.match(leaf):
            continue
        out.append((name, "Add" if typ == "AddV2" else typ))
    return out


def _tol(dtype):
    return dict(rtol=1e-12, atol=1e-12) if dtype == "float64" else dict(rtol=1e-5, atol=1e-5)


def _run(info):
    g = tf1.Graph()
    with g.as_default():
        env = {"tf": tf1, "np": np}
        exec(info["code"], env)  # noqa: S102 -- the recorded case
        outs = env["out"] if isinstance(env["out"], list) else [env["out"]]
        xs, feeds = env.get("xs", []), env.get("feeds", {})
        ops = [[op.name, op.type] for op in g.get_operations()]
        grads = []
        if xs:
            cot = tf1.constant(_cotangent(outs[0].get_shape().as_list()).astype(outs[0].dtype.as_numpy_dtype))
            grads = tf1.gradients(outs[0], xs, grad_ys=cot)
        with tf1.Session(graph=g) as sess:
            results = sess.run([outs, [gr for gr in grads if gr is not None]], feeds)
    return outs, ops, grads, results


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_LIMITS[n])) if n in KNOWN_LIMITS else n
    for n in sorted(META["cases"])])
def test_case(name):
    info = META["cases"][name]
    outs, ops, grads, (values, grad_values) = _run(info)
    for t, want in zip(outs, info["outs"]):
        shape = t.get_shape()
        assert t.name == want["name"]
        assert (None if shape.ndims is None else shape.as_list()) == want["shape"]
        assert t.dtype.name == want["dtype"]
    if info["compare_ops"] and name not in OPS_NOT_COMPARED:
        assert _structural_ops(ops) == _structural_ops(info["ops"])
    if info["random"]:
        return
    for i, (v, want) in enumerate(zip(values, info["outs"])):
        expect = ARRAYS["%s/out/%d" % (name, i)]
        assert v.dtype == expect.dtype and v.shape == expect.shape
        if expect.dtype.kind in "iub":
            np.testing.assert_array_equal(v, expect)
        else:
            np.testing.assert_allclose(v, expect, **_tol(want["dtype"]))
    assert [gr is not None for gr in grads] == info["grads"]
    for i, v in enumerate(grad_values):
        np.testing.assert_allclose(v, ARRAYS["%s/grad/%d" % (name, i)], rtol=1e-4, atol=1e-4)


def _as_tf115(message):
    # TF 2: "for '{{node X}} = Type[attrs](inputs)' with input shapes" -- TF 1.15: "for 'X' (op: 'Type') with".
    return re.sub(r"'\{\{node (\S+)\}\} = (\w+)\[.*?\]\(.*?\)'", r"'\1' (op: '\2')", message)


@pytest.mark.parametrize("name", sorted(META["errors"]))
def test_build_error(name):
    info = META["errors"][name]
    with tf1.Graph().as_default():
        with pytest.raises(Exception) as e:
            exec(info["code"], {"tf": tf1, "np": np})  # noqa: S102
    assert type(e.value).__name__ == info["type"]
    assert str(e.value).split("\n")[0] == _as_tf115(info["message"])


@pytest.mark.parametrize("name", sorted(META["run_errors"]))
def test_run_error(name):
    info = META["run_errors"][name]
    with tf1.Graph().as_default():
        env = {"tf": tf1, "np": np}
        exec(info["code"], env)  # noqa: S102
        with tf1.Session() as sess:
            with pytest.raises(tf1.errors.OpError) as e:
                sess.run(env["x"], env.get("feeds", {}))
    assert type(e.value).__name__ == info["type"]
    assert info["message"] in e.value.message


@pytest.mark.parametrize("name", sorted(META["grad_graphs"]))
def test_imported_gradient_graph(name):
    with open(os.path.join(GOLDEN, "image_graphs", name + ".pb"), "rb") as f:
        gd = tf1.GraphDef.FromString(f.read())
    with tf1.Graph().as_default() as g:
        tf1.import_graph_def(gd, name="")
        assert sorted({op.type for op in g.get_operations()}) == META["grad_graphs"][name]
        with tf1.Session() as sess:
            gx = sess.run("gx:0", {"x:0": ARRAYS["graph/%s/x" % name], "dy:0": ARRAYS["graph/%s/dy" % name]})
    np.testing.assert_allclose(gx, ARRAYS["graph/%s/gx" % name], rtol=1e-4, atol=1e-4)


# ------------------------------------------------------------------------- behaviour (no oracle)

def test_crop_to_bounding_box_builds_tf115_slice():
    # TF 1.15 slices with size stack([-1, h, w, -1]); TF 2 reads the batch/depth from Shape ops.
    with tf1.Graph().as_default() as g:
        out = tf1.image.crop_to_bounding_box(tf1.zeros([2, 4, 5, 3]), 1, 2, 2, 3)
        types = [op.type for op in g.get_operations() if op.name.startswith("crop_to_bounding_box/")]
        assert out.op.type == "Slice" and out.name == "crop_to_bounding_box/Slice:0"
        assert "Shape" not in types
        with tf1.Session() as sess:
            assert sess.run(out.op.inputs[2]).tolist() == [-1, 2, 3, -1]


def test_random_flips_give_the_image_or_its_mirror():
    img = np.arange(2 * 3 * 4 * 2, dtype=np.float32).reshape(2, 3, 4, 2)
    with tf1.Graph().as_default():
        lr = tf1.image.random_flip_left_right(tf1.constant(img[0]), seed=1)
        ud4 = tf1.image.random_flip_up_down(tf1.constant(img), seed=2)
        seen3, seen4 = set(), set()
        with tf1.Session() as sess:
            for _ in range(12):
                a, b = sess.run([lr, ud4])
                seen3.add(0 if np.array_equal(a, img[0]) else 1 if np.array_equal(a, img[0, :, ::-1]) else -1)
                for i in range(2):
                    seen4.add(0 if np.array_equal(b[i], img[i]) else 1 if np.array_equal(b[i], img[i, ::-1]) else -1)
    assert seen3 == {0, 1} and seen4 == {0, 1}


def test_random_brightness_and_contrast_ranges():
    img = np.random.RandomState(0).rand(4, 5, 3).astype(np.float32)
    with tf1.Graph().as_default():
        b = tf1.image.random_brightness(tf1.constant(img), 0.25)
        c = tf1.image.random_contrast(tf1.constant(img), 0.5, 1.5, seed=3)
        with tf1.Session() as sess:
            for _ in range(5):
                bv, cv = sess.run([b, c])
                delta = bv - img
                assert np.ptp(delta) < 1e-5 and abs(delta.mean()) <= 0.25
                mean = img.mean(axis=(0, 1))
                factor = (cv - mean) / (img - mean)
                assert 0.5 <= factor.mean() <= 1.5 and np.ptp(factor) < 1e-3


def test_rot90_static_k_non_square_runs():
    img = np.arange(2 * 3 * 4 * 1, dtype=np.float32).reshape(2, 3, 4, 1)
    with tf1.Graph().as_default():
        outs = [tf1.image.rot90(tf1.constant(img), k) for k in range(-1, 5)]
        outs3 = [tf1.image.rot90(tf1.constant(img[1]), k) for k in range(4)]
        with tf1.Session() as sess:
            vals, vals3 = sess.run([outs, outs3])
    for k, v in zip(range(-1, 5), vals):
        np.testing.assert_array_equal(v, np.rot90(img, k, axes=(1, 2)))
    for k, v in enumerate(vals3):
        np.testing.assert_array_equal(v, np.rot90(img[1], k))


def test_resize_bilinear_gradient_op_and_static_shapes():
    with tf1.Graph().as_default():
        x = tf1.placeholder(tf1.float32, [None, 4, 4, 3])
        y = tf1.image.resize_bilinear(x, [8, 2])
        assert y.get_shape().as_list() == [None, 8, 2, 3] and y.dtype == tf1.float32
        z = tf1.image.resize_nearest_neighbor(tf1.placeholder(tf1.uint8, [1, 4, 4, 1]), tf1.placeholder(tf1.int32, [2]))
        assert z.get_shape().as_list() == [1, None, None, 1] and z.dtype == tf1.uint8
        assert y.op.get_attr("align_corners") is False and y.op.get_attr("half_pixel_centers") is False
        assert tf1.image.ResizeMethod.BICUBIC == 2 and tf1.image.ResizeMethod.AREA == 3
