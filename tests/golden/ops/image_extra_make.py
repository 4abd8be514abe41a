"""Record goldens for tf1's extra image / morphology / CTC decoder ops from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/ops/image_extra_make.py

For every case of image_extra_cases.py (and of ctc_decoders_cases.py): each output's name, op type,
dtype, static shape and value (values skipped for PROPERTY_ONLY cases; ORACLE_OVERRIDES snippets
replace a case's own where TF 2's public function is not TF 1.15's op), and the gradients of
sum(out[0] * cotangent) w.r.t. `xs`.
Writes tests/golden/ops/image_extra_golden.{json,npz} and ctc_decoders_golden.{json,npz}, and the
GRAD_GRAPHS GraphDefs (image_extra_graphs/*.pb, image_extra_graphs_golden.{json,npz}).
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

from golden_io import HERE, save, shape_list
import ctc_decoders_cases
import image_extra_cases
from image_extra_cases import build, cotangent

tf.disable_v2_behavior()


def record(cases, stem):
    meta, values = {}, {}
    for name, code in sorted(cases.CASES.items()):
        g = tf.Graph()
        with g.as_default():
            out, xs, feeds = build(tf, np, cases.ORACLE_OVERRIDES.get(name, code))
            grads = []
            if xs:
                ct = tf.constant(cotangent(shape_list(out[0])).astype(out[0].dtype.as_numpy_dtype))
                grads = tf.gradients(tf.reduce_sum(out[0] * ct), xs)
            with tf.Session(graph=g) as sess:
                res = sess.run([out, grads], feeds)
        meta[name] = {"outputs": [{"name": t.name, "type": t.op.type, "dtype": t.dtype.name,
                                   "shape": shape_list(t)} for t in out],
                      "grads": len(grads)}
        if name not in cases.PROPERTY_ONLY:
            for i, v in enumerate(res[0]):
                values["%s/out/%d" % (name, i)] = np.asarray(v)
        for i, v in enumerate(res[1]):
            values["%s/grad/%d" % (name, i)] = np.asarray(v)
        print(name, [o["type"] for o in meta[name]["outputs"]])
    save(stem, meta, values)


def record_grad_graphs():
    """GRAD_GRAPHS: each gradient graph (x, dy placeholders -> gx) as a GraphDef holding TF's gradient
    kernels, with its fetched value, so tf1 can import and run it."""
    out_dir = os.path.join(HERE, "image_extra_graphs")
    os.makedirs(out_dir, exist_ok=True)
    meta, values = {}, {}
    for name, (code, wrt) in sorted(image_extra_cases.GRAD_GRAPHS.items()):
        g = tf.Graph()
        with g.as_default():
            env = {"tf": tf, "np": np}
            exec(code, env)  # noqa: S102 -- the case snippet
            x, y = env["x"], env["y"]
            dy = tf.placeholder(y.dtype, y.shape, name="dy")
            gx = tf.identity(tf.gradients(y, [env[wrt]], grad_ys=dy)[0], name="gx")
            feeds = {x: env["x_value"], dy: cotangent(shape_list(y)).astype(np.float32)}
            with tf.Session(graph=g) as sess:
                values["%s/gx" % name] = sess.run(gx, feeds)
        values["%s/x" % name], values["%s/dy" % name] = feeds[x], feeds[dy]
        with open(os.path.join(out_dir, name + ".pb"), "wb") as f:
            f.write(g.as_graph_def().SerializeToString())
        meta[name] = sorted({op.type for op in g.get_operations()})
        print(name, meta[name])
    save("image_extra_graphs_golden", meta, values)


if __name__ == "__main__":
    record_grad_graphs()
    record(image_extra_cases, "image_extra_golden")
    record(ctc_decoders_cases, "ctc_decoders_golden")
