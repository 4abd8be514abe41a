"""Record TF's Conv2D (VALID, kernel spanning the input width: the TextCNN layer) values and
gradients for tests/ops/test_full_width_conv.py. Run from the project root with the oracle:

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/make_full_width_conv.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {"s1": (1, (3, 11, 6, 1), (3, 6, 1, 4)), "s2": (2, (2, 9, 5, 2), (2, 5, 2, 3))}


def main():
    out = {}
    rng = np.random.RandomState(0)
    for name, (stride, xs, ws) in CASES.items():
        xv = rng.randn(*xs).astype(np.float32)
        wv = rng.randn(*ws).astype(np.float32)
        with tf.Graph().as_default():
            x, w = tf.constant(xv), tf.constant(wv)
            y = tf.nn.conv2d(x, w, [1, stride, 1, 1], "VALID")
            cot = tf.constant(rng.randn(*y.get_shape().as_list()).astype(np.float32))
            gx, gw = tf.gradients(y, [x, w], grad_ys=cot)
            with tf.Session() as sess:
                vals = sess.run([y, gx, gw, cot])
        for k, v in zip(("y", "gx", "gw", "cot"), vals):
            out["%s_%s" % (name, k)] = v
        out["%s_x" % name], out["%s_w" % name] = xv, wv
    np.savez(os.path.join(HERE, "full_width_conv.npz"), **out)


if __name__ == "__main__":
    main()
