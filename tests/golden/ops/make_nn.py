"""Record goldens for tf1's tf.nn ops (nn_ops, conv_ops, pool_ops, nn_impl) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/ops/make_nn.py

Each case is a code snippet run with `tf` and `np` in a fresh graph. It sets `out` (a tensor) and
optionally `xs` (tensors to differentiate): the golden holds out's name, static shape and value, and
the gradients of `out` w.r.t. `xs` under a fixed random cotangent (so routing and ties show up).
Error cases set nothing; they must raise an exception whose message contains `expect` (checked here
against TF, and in the test against tf1). The snippets are stored in the JSON, so the test replays
exactly what TF ran. Writes tests/golden/ops/nn_golden.json and nn_golden.npz.
"""
import numpy as np
import tensorflow.compat.v1 as tf

from golden_io import save, tensor_info

tf.disable_v2_behavior()

R = "rs = np.random.RandomState(0)\n"
TIES = "ties = np.random.RandomState(1).randint(0, 3, size=%s).astype(np.float32)\n"

CASES = {
    # ---- activations (inputs include exact 0 and 6 so gradients at the kinks are compared)
    "relu": R + "x = tf.constant(np.array([[-2., 0., 3.], [6., -0.5, 7.]], np.float32))\nout = tf.nn.relu(x)\nxs = [x]",
    "relu_int": "out = tf.nn.relu(tf.constant([[-2, -4], [4, -2]]))",
    "relu6": "x = tf.constant(np.array([-1., 0., 3., 6., 7.], np.float32))\nout = tf.nn.relu6(x)\nxs = [x]",
    "elu": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.elu(x)\nxs = [x]",
    "selu": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.selu(x)\nxs = [x]",
    "softplus": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32) * 10)\nout = tf.nn.softplus(x)\nxs = [x]",
    "softsign": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.softsign(x)\nxs = [x]",
    "leaky_relu": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.leaky_relu(x, 0.1)\nxs = [x]",
    "crelu": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.crelu(x)\nxs = [x]",
    # ---- softmax family
    "softmax": R + "x = tf.constant(rs.randn(3, 5).astype(np.float32))\nout = tf.nn.softmax(x)\nxs = [x]",
    "softmax_axis1": R + "x = tf.constant(rs.randn(2, 3, 4).astype(np.float32))\nout = tf.nn.softmax(x, axis=1)\nxs = [x]",
    "softmax_dim0": "out = tf.nn.softmax(tf.constant(5, dtype=tf.float32, shape=(5, 3)), dim=0)",
    "softmax_named": R + "x = tf.constant(rs.randn(2, 3).astype(np.float32))\nout = tf.nn.softmax(x, name='probs')",
    "log_softmax": R + "x = tf.constant(rs.randn(3, 5).astype(np.float64))\nout = tf.nn.log_softmax(x)\nxs = [x]",
    "log_softmax_axis0": R + "x = tf.constant(rs.randn(3, 5).astype(np.float32))\nout = tf.nn.log_softmax(x, axis=0)\nxs = [x]",
    "xent_v1": R + "lo = tf.constant(rs.randn(4, 3).astype(np.float32))\nla = tf.constant(np.eye(3, dtype=np.float32)[[0, 2, 1, 1]])\n"
               "out = tf.nn.softmax_cross_entropy_with_logits(labels=la, logits=lo)\nxs = [lo, la]",
    "xent_v1_lists": "out = tf.nn.softmax_cross_entropy_with_logits(labels=[[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]], logits=[[2, 0.5, 1], [0.1, 1, 3]])",
    "xent_v2": R + "lo = tf.constant(rs.randn(4, 3).astype(np.float32))\nla = tf.nn.softmax(tf.constant(rs.randn(4, 3).astype(np.float32)))\n"
               "out = tf.nn.softmax_cross_entropy_with_logits_v2(labels=la, logits=lo)\nxs = [lo, la]",
    "xent_v2_3d_axis": R + "lo = tf.constant(rs.randn(2, 3, 4).astype(np.float32))\nla = tf.nn.softmax(tf.constant(rs.randn(2, 3, 4).astype(np.float32)), axis=1)\n"
                       "out = tf.nn.softmax_cross_entropy_with_logits_v2(labels=la, logits=lo, axis=1)\nxs = [lo]",
    "sparse_xent": R + "lo = tf.constant(rs.randn(4, 3).astype(np.float32))\n"
                   "out = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 2, 1, 1], logits=lo)\nxs = [lo]",
    "sparse_xent_3d": R + "lo = tf.constant(rs.randn(2, 3, 4).astype(np.float32))\n"
                      "out = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0, 3, 1], [2, 2, 0]], logits=lo)\nxs = [lo]",
    "sigmoid_xent": R + "lo = tf.constant(rs.randn(3, 4).astype(np.float32) * 3)\nla = tf.constant(rs.rand(3, 4).astype(np.float32))\n"
                    "out = tf.nn.sigmoid_cross_entropy_with_logits(labels=la, logits=lo)\nxs = [lo, la]",
    "weighted_xent": R + "lo = tf.constant(rs.randn(3, 4).astype(np.float32) * 3)\nla = tf.constant(rs.rand(3, 4).astype(np.float32))\n"
                     "out = tf.nn.weighted_cross_entropy_with_logits(la, lo, 2.5)\nxs = [lo, la]",
    # ---- bias_add, l2_loss, dense helpers
    "bias_add": R + "x = tf.constant(rs.randn(2, 3, 4).astype(np.float32))\nb = tf.constant(rs.randn(4).astype(np.float32))\nout = tf.nn.bias_add(x, b)\nxs = [x, b]",
    "bias_add_nchw": R + "x = tf.constant(rs.randn(2, 3, 4, 5).astype(np.float32))\nb = tf.constant(rs.randn(3).astype(np.float32))\n"
                     "out = tf.nn.bias_add(x, b, data_format='NCHW')\nxs = [x, b]",
    "l2_loss": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.l2_loss(x)\nxs = [x]",
    "xw_plus_b": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nw = tf.constant(rs.randn(4, 2).astype(np.float32))\n"
                 "b = tf.constant(rs.randn(2).astype(np.float32))\nout = tf.nn.xw_plus_b(x, w, b)\nxs = [x, w, b]",
    "relu_layer": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nw = tf.constant(rs.randn(4, 2).astype(np.float32))\n"
                  "b = tf.constant(rs.randn(2).astype(np.float32))\nout = tf.nn.relu_layer(x, w, b)\nxs = [x, w, b]",
    # ---- convolutions
    "conv2d_doc": "k = tf.constant([[1, 0, 1], [2, 1, 0], [0, 0, 1]], dtype=tf.float32)\n"
                  "i = tf.constant([[4, 3, 1, 0], [2, 1, 0, 1], [1, 2, 4, 1], [3, 1, 0, 2]], dtype=tf.float32)\n"
                  "out = tf.nn.conv2d(tf.reshape(i, [1, 4, 4, 1]), tf.reshape(k, [3, 3, 1, 1]), [1, 1, 1, 1], 'VALID')",
    "conv2d_same_s2": R + "x = tf.constant(rs.randn(2, 7, 6, 3).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 3, 4).astype(np.float32))\n"
                      "out = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding='SAME')\nxs = [x, w]",
    "conv2d_valid_s2_even": R + "x = tf.constant(rs.randn(2, 8, 8, 2).astype(np.float32))\nw = tf.constant(rs.randn(4, 4, 2, 3).astype(np.float32))\n"
                            "out = tf.nn.conv2d(x, w, [1, 2, 3, 1], 'VALID')\nxs = [x, w]",
    "conv2d_same_even_kernel": R + "x = tf.constant(rs.randn(1, 6, 6, 2).astype(np.float32))\nw = tf.constant(rs.randn(2, 4, 2, 3).astype(np.float32))\n"
                               "out = tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME', name='c')\nxs = [x, w]",
    "conv2d_dilated": R + "x = tf.constant(rs.randn(1, 9, 9, 2).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 2, 3).astype(np.float32))\n"
                      "out = tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME', dilations=[1, 2, 2, 1])\nxs = [x, w]",
    "conv1d": R + "x = tf.constant(rs.randn(2, 9, 3).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 4).astype(np.float32))\n"
              "out = tf.nn.conv1d(x, w, 2, 'SAME')\nxs = [x, w]",
    "conv3d": R + "x = tf.constant(rs.randn(1, 5, 6, 5, 2).astype(np.float32))\nw = tf.constant(rs.randn(2, 3, 3, 2, 3).astype(np.float32))\n"
              "out = tf.nn.conv3d(x, w, [1, 1, 2, 2, 1], 'SAME')\nxs = [x, w]",
    "convolution_dilated": R + "x = tf.constant(rs.randn(1, 9, 9, 2).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 2, 3).astype(np.float32))\n"
                           "out = tf.nn.convolution(x, w, 'VALID', dilation_rate=[2, 2])\nxs = [x, w]",
    "atrous_conv2d": R + "x = tf.constant(rs.randn(1, 9, 9, 2).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 2, 3).astype(np.float32))\n"
                     "out = tf.nn.atrous_conv2d(x, w, 2, 'SAME')\nxs = [x, w]",
    "depthwise": R + "x = tf.constant(rs.randn(2, 6, 6, 3).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 3, 2).astype(np.float32))\n"
                 "out = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], 'SAME')\nxs = [x, w]",
    "separable": R + "x = tf.constant(rs.randn(2, 6, 6, 3).astype(np.float32))\nd = tf.constant(rs.randn(3, 3, 3, 2).astype(np.float32))\n"
                 "p = tf.constant(rs.randn(1, 1, 6, 4).astype(np.float32))\nout = tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], 'VALID')\nxs = [x, d, p]",
    "conv2d_transpose_same": R + "x = tf.constant(rs.randn(1, 3, 3, 2).astype(np.float32))\nw = tf.constant(rs.randn(2, 2, 3, 2).astype(np.float32))\n"
                             "out = tf.nn.conv2d_transpose(x, w, output_shape=[1, 5, 5, 3], strides=[1, 2, 2, 1], padding='SAME')\nxs = [x, w]",
    "conv2d_transpose_same6": R + "x = tf.constant(rs.randn(1, 3, 3, 2).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 3, 2).astype(np.float32))\n"
                              "out = tf.nn.conv2d_transpose(x, w, output_shape=[1, 6, 6, 3], strides=[1, 2, 2, 1], padding='SAME')\nxs = [x, w]",
    "conv2d_transpose_valid": R + "x = tf.constant(rs.randn(2, 3, 4, 2).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 1, 2).astype(np.float32))\n"
                              "out = tf.nn.conv2d_transpose(x, w, tf.constant([2, 8, 9, 1]), [1, 2, 2, 1], 'VALID')\nxs = [x, w]",
    "conv3d_transpose": R + "x = tf.constant(rs.randn(1, 2, 3, 3, 2).astype(np.float32))\nw = tf.constant(rs.randn(2, 2, 2, 3, 2).astype(np.float32))\n"
                        "out = tf.nn.conv3d_transpose(x, w, [1, 4, 6, 6, 3], [1, 2, 2, 2, 1], 'SAME')\nxs = [x, w]",
    "conv2d_backprop_filter": R + "x = tf.constant(rs.randn(2, 5, 5, 2).astype(np.float32))\ndy = tf.constant(rs.randn(2, 3, 3, 4).astype(np.float32))\n"
                              "out = tf.nn.conv2d_backprop_filter(x, [3, 3, 2, 4], dy, [1, 2, 2, 1], 'SAME')\nxs = [x, dy]",
    # ---- pooling (TIES: small integers so windows hold equal maxima)
    "max_pool_2x2": TIES % "(2, 6, 6, 3)" + "x = tf.constant(ties)\nout = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')\nxs = [x]",
    "max_pool_3x3_s2_same": TIES % "(2, 7, 7, 2)" + "x = tf.constant(ties)\nout = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')\nxs = [x]",
    "max_pool_3x3_s1_valid": TIES % "(1, 6, 5, 2)" + "x = tf.constant(ties)\nout = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], 'VALID')\nxs = [x]",
    "max_pool_2x2_same_odd": TIES % "(1, 5, 5, 1)" + "x = tf.constant(ties)\nout = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME')\nxs = [x]",
    # windows that tile the input with a cropped remainder (VALID on odd sizes): the hand-written
    # tiled-pool gradient must leave the remainder at 0 and keep TF's first-maximum routing
    "max_pool_2x2_valid_odd": TIES % "(2, 7, 5, 3)" + "x = tf.constant(ties)\nout = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')\nxs = [x]",
    "max_pool_3x3_tiled": TIES % "(1, 6, 9, 2)" + "x = tf.constant(ties)\nout = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 3, 3, 1], 'VALID')\nxs = [x]",
    "avg_pool_valid_odd": R + "x = tf.constant(rs.randn(2, 7, 5, 3).astype(np.float32))\nout = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')\nxs = [x]",
    "max_pool_neg": R + "x = tf.constant(-np.abs(rs.randn(1, 5, 5, 2)).astype(np.float32))\nout = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME')\nxs = [x]",
    "avg_pool_same": R + "x = tf.constant(rs.randn(2, 5, 5, 3).astype(np.float32))\nout = tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')\nxs = [x]",
    "avg_pool_valid": R + "x = tf.constant(rs.randn(2, 6, 6, 3).astype(np.float32))\nout = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')\nxs = [x]",
    "max_pool1d": TIES % "(2, 7, 3)" + "x = tf.constant(ties)\nout = tf.nn.max_pool1d(x, 3, 2, 'SAME')\nxs = [x]",
    "avg_pool1d": R + "x = tf.constant(rs.randn(2, 7, 3).astype(np.float32))\nout = tf.nn.avg_pool1d(x, 2, 2, 'VALID')\nxs = [x]",
    "max_pool3d": TIES % "(1, 4, 4, 4, 2)" + "x = tf.constant(ties)\nout = tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], 'VALID')\nxs = [x]",
    "avg_pool3d": R + "x = tf.constant(rs.randn(1, 5, 4, 4, 2).astype(np.float32))\nout = tf.nn.avg_pool3d(x, [1, 2, 3, 3, 1], [1, 2, 1, 1, 1], 'SAME')\nxs = [x]",
    "max_pool_with_argmax": R + "x = tf.constant(rs.randn(2, 5, 5, 3).astype(np.float32))\nout = tf.nn.max_pool_with_argmax(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')[1]",
    "max_pool_with_argmax_batch": R + "x = tf.constant(rs.randn(2, 4, 4, 2).astype(np.float32))\n"
                                  "out = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID', include_batch_in_index=True)[1]",
    # ---- normalization
    "lrn": R + "x = tf.constant(rs.randn(2, 3, 3, 8).astype(np.float32))\nout = tf.nn.lrn(x, 2, 1.5, 0.3, 0.75)\nxs = [x]",
    "lrn_default": R + "x = tf.constant(rs.randn(1, 2, 2, 12).astype(np.float32))\nout = tf.nn.local_response_normalization(x)\nxs = [x]",
    "l2_normalize": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.l2_normalize(x, 1)\nxs = [x]",
    "l2_normalize_all": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.l2_normalize(x)\nxs = [x]",
    "moments_mean": R + "x = tf.constant(rs.randn(4, 3, 2).astype(np.float32))\nout = tf.nn.moments(x, [0, 1])[0]\nxs = [x]",
    "moments_var": R + "x = tf.constant(rs.randn(4, 3, 2).astype(np.float32))\nout = tf.nn.moments(x, [0, 1])[1]\nxs = [x]",
    "moments_keepdims": R + "x = tf.constant(rs.randn(4, 3, 2).astype(np.float32))\nout = tf.nn.moments(x, [1], keep_dims=True)[1]\nxs = [x]",
    "batch_normalization": R + "x = tf.constant(rs.randn(4, 3).astype(np.float32))\nm, v = tf.nn.moments(x, [0])\n"
                           "o = tf.constant(rs.randn(3).astype(np.float32))\ns = tf.constant(rs.rand(3).astype(np.float32))\n"
                           "out = tf.nn.batch_normalization(x, m, v, o, s, 1e-3)\nxs = [x, o, s]",
    "fused_bn_train_y": R + "x = tf.constant(rs.randn(2, 3, 3, 4).astype(np.float32))\ns = tf.constant(rs.rand(4).astype(np.float32))\n"
                        "o = tf.constant(rs.randn(4).astype(np.float32))\nout = tf.nn.fused_batch_norm(x, s, o)[0]\nxs = [x, s, o]",
    "fused_bn_train_var": R + "x = tf.constant(rs.randn(2, 3, 3, 4).astype(np.float32))\n"
                          "out = tf.nn.fused_batch_norm(x, tf.ones([4]), tf.zeros([4]))[2]",
    "fused_bn_infer": R + "x = tf.constant(rs.randn(2, 3, 3, 4).astype(np.float32))\ns = tf.constant(rs.rand(4).astype(np.float32))\n"
                      "o = tf.constant(rs.randn(4).astype(np.float32))\nm = tf.constant(rs.randn(4).astype(np.float32))\n"
                      "v = tf.constant(rs.rand(4).astype(np.float32))\nout = tf.nn.fused_batch_norm(x, s, o, m, v, is_training=False)[0]\nxs = [x, s, o]",
    # ---- embeddings
    "embedding_single": R + "p = tf.constant(rs.randn(10, 3).astype(np.float32))\nout = tf.nn.embedding_lookup(p, [[1, 3], [9, 1]])\nxs = [p]",
    "embedding_mod": R + "ps = [tf.constant(rs.randn(4, 3).astype(np.float32)), tf.constant(rs.randn(3, 3).astype(np.float32))]\n"
                     "out = tf.nn.embedding_lookup(ps, [0, 1, 2, 3, 6, 5, 1])\nxs = ps",
    "embedding_div": R + "ps = [tf.constant(rs.randn(4, 3).astype(np.float32)), tf.constant(rs.randn(3, 3).astype(np.float32))]\n"
                     "out = tf.nn.embedding_lookup(ps, [[0, 1, 2], [3, 6, 4]], partition_strategy='div')\nxs = ps",
    "embedding_max_norm": R + "p = tf.constant(rs.randn(10, 3).astype(np.float32) * 3)\nout = tf.nn.embedding_lookup(p, [1, 3, 9], max_norm=1.5)\nxs = [p]",
    # ---- sampled losses, with the candidates given (the sampler's draws are not TF's bits)
    "nce_loss": R + "w = tf.constant(rs.randn(20, 4).astype(np.float32))\nb = tf.constant(rs.randn(20).astype(np.float32))\n"
                "x = tf.constant(rs.randn(3, 4).astype(np.float32))\n"
                "sv = (tf.constant([5, 1, 7, 2], tf.int64), tf.constant([[0.3], [0.2], [0.5]]), tf.constant([0.1, 0.4, 0.2, 0.3]))\n"
                "out = tf.nn.nce_loss(w, b, tf.constant([[1], [4], [7]]), x, 4, 20, sampled_values=sv)\nxs = [w, b, x]",
    "nce_loss_hits": R + "w = tf.constant(rs.randn(20, 4).astype(np.float32))\nb = tf.constant(rs.randn(20).astype(np.float32))\n"
                     "x = tf.constant(rs.randn(3, 4).astype(np.float32))\n"
                     "sv = (tf.constant([5, 1, 7, 2], tf.int64), tf.constant([[0.3, 0.1], [0.2, 0.1], [0.5, 0.1]]), tf.constant([0.1, 0.4, 0.2, 0.3]))\n"
                     "out = tf.nn.nce_loss(w, b, tf.constant([[1, 2], [4, 3], [7, 1]]), x, 4, 20, num_true=2, sampled_values=sv, remove_accidental_hits=True)\nxs = [w, b, x]",
    "sampled_softmax": R + "w = tf.constant(rs.randn(20, 4).astype(np.float32))\nb = tf.constant(rs.randn(20).astype(np.float32))\n"
                       "x = tf.constant(rs.randn(3, 4).astype(np.float32))\n"
                       "sv = (tf.constant([5, 1, 7, 2], tf.int64), tf.constant([[0.3], [0.2], [0.5]]), tf.constant([0.1, 0.4, 0.2, 0.3]))\n"
                       "out = tf.nn.sampled_softmax_loss(w, b, tf.constant([[1], [4], [9]]), x, 4, 20, sampled_values=sv)\nxs = [w, b, x]",
    "embedding_sparse_mean": R + "p = tf.constant(rs.randn(10, 3).astype(np.float32))\n"
                             "sp = tf.SparseTensor([[0, 0], [0, 1], [2, 0], [2, 3]], tf.constant([1, 3, 3, 9], tf.int64), [3, 4])\n"
                             "out = tf.nn.embedding_lookup_sparse(p, sp, None, combiner='mean')\nxs = [p]",
    "embedding_sparse_weighted_sqrtn": R + "p = tf.constant(rs.randn(10, 3).astype(np.float32))\n"
                                       "sp = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 3]], tf.constant([1, 3, 3, 9], tf.int64), [2, 4])\n"
                                       "sw = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 3]], tf.constant([1., 2., 0.5, 3.]), [2, 4])\n"
                                       "out = tf.nn.embedding_lookup_sparse(p, sp, sw, combiner='sqrtn')\nxs = [p]",
    "ctc_loss": R + "x = tf.constant(rs.randn(6, 3, 5).astype(np.float32))\n"
                "lab = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]], tf.constant([1, 1, 3, 0, 2, 0], tf.int32), [3, 3])\n"
                "out = tf.nn.ctc_loss(lab, x, [6, 4, 5])\nxs = [x]",
    "swish": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nout = tf.nn.swish(x)\nxs = [x]",
    "zero_fraction": "out = tf.nn.zero_fraction(tf.constant([[0., 1., 0.], [2., 0., 3.]]))",
    "sufficient_statistics": R + "x = tf.constant(rs.randn(4, 3).astype(np.float32))\nout = tf.nn.sufficient_statistics(x, [0], shift=0.5)[2]\nxs = [x]",
    "log_poisson_loss": R + "x = tf.constant(rs.randn(3, 4).astype(np.float32))\nt = tf.constant(rs.rand(3, 4).astype(np.float32) * 3)\n"
                        "out = tf.nn.log_poisson_loss(t, x, compute_full_loss=True)\nxs = [x, t]",
    "conv1d_transpose": R + "x = tf.constant(rs.randn(2, 4, 3).astype(np.float32))\nw = tf.constant(rs.randn(3, 2, 3).astype(np.float32))\n"
                        "out = tf.nn.conv1d_transpose(x, w, [2, 8, 2], 2, 'SAME')\nxs = [x, w]",
    "atrous_conv2d_transpose": R + "x = tf.constant(rs.randn(1, 7, 7, 3).astype(np.float32))\nw = tf.constant(rs.randn(3, 3, 2, 3).astype(np.float32))\n"
                               "out = tf.nn.atrous_conv2d_transpose(x, w, [1, 7, 7, 2], 2, 'SAME')\nxs = [x, w]",
    "depthwise_backprop_filter": R + "x = tf.constant(rs.randn(2, 5, 5, 3).astype(np.float32))\ndy = tf.constant(rs.randn(2, 3, 3, 6).astype(np.float32))\n"
                                 "out = tf.nn.depthwise_conv2d_native_backprop_filter(x, [3, 3, 3, 2], dy, [1, 2, 2, 1], 'SAME')\nxs = [x, dy]",
    "pool_avg": R + "x = tf.constant(rs.randn(2, 6, 6, 3).astype(np.float32))\nout = tf.nn.pool(x, [3, 3], 'AVG', 'SAME', strides=[2, 2])\nxs = [x]",
}

# TF 2.x dropped the `_sentinel` guard of the v1 cross-entropies; these expectations are TF 1.15's
# (nn_ops._ensure_xent_args), stored without an oracle run.
ERRORS_TF115 = {
    "xent_positional": ("out = tf.nn.softmax_cross_entropy_with_logits([[1., 2.]], [[0., 1.]])", "ValueError",
                        "Only call `softmax_cross_entropy_with_logits` with named arguments (labels=..., logits=..., ...)"),
    "sparse_xent_positional": ("out = tf.nn.sparse_softmax_cross_entropy_with_logits([0], [[1., 2.]])", "ValueError",
                               "Only call `sparse_softmax_cross_entropy_with_logits` with named arguments"),
    "sigmoid_xent_positional": ("out = tf.nn.sigmoid_cross_entropy_with_logits([0.], [1.])", "ValueError",
                                "Only call `sigmoid_cross_entropy_with_logits` with named arguments"),
    # TF 2.x rewrote this message; TF 1.15's text (nn_ops.sparse_softmax_cross_entropy_with_logits).
    "sparse_xent_rank": ("out = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0]], logits=[[1., 2.]])",
                         "ValueError",
                         "Rank mismatch: Rank of labels (received 2) should equal rank of logits minus 1 (received 2)."),
    "sigmoid_shapes": ("out = tf.nn.sigmoid_cross_entropy_with_logits(labels=[[0., 1.]], logits=[[1., 2., 3.]])",
                       "ValueError", "logits and labels must have the same shape ((1, 3) vs (1, 2))"),
    # TF 2.x reworded dropout's messages, dropped fused_batch_norm's check, and runs
    # conv2d_transpose through oneDNN (another message): TF 1.15's texts.
    "dropout_int": ("out = tf.nn.dropout(tf.constant([1, 2]), rate=0.5)", "ValueError",
                    "x has to be a floating point tensor since it's going to be scaled."),
    "dropout_rate_range": ("out = tf.nn.dropout(tf.constant([1., 2.]), rate=1.5)", "ValueError",
                           "rate must be a scalar tensor or a float in the range [0, 1), got 1.5"),
    "dropout_no_rate": ("out = tf.nn.dropout(tf.constant([1., 2.]))", "ValueError", "You must provide a rate to dropout."),
    "fused_bn_training_stats": ("out = tf.nn.fused_batch_norm(tf.zeros([1, 2, 2, 3]), tf.ones([3]), tf.zeros([3]), "
                                "tf.zeros([3]), tf.ones([3]))", "ValueError",
                                "Both 'mean' and 'variance' must be None when is_training is True."),
    "transpose_runtime": ("x = tf.placeholder(tf.float32, [None, None, None, 2])\n"
                          "y = tf.nn.conv2d_transpose(x, tf.ones([3, 3, 1, 2]), tf.constant([1, 9, 9, 1]), [1, 3, 3, 1], 'SAME')\n"
                          "tf.Session().run(y, {x: np.ones([1, 2, 2, 2])})", "InvalidArgumentError",
                          "Size of out_backprop doesn't match computed: actual = 2, computed = 3"),
}

ERRORS = {
    "conv_depth": ("out = tf.nn.conv2d(tf.zeros([2, 5, 5, 3]), tf.zeros([3, 3, 4, 8]), [1, 1, 1, 1], 'SAME')",
                   "Depth of input (3) is not a multiple of input depth of filter (4)"),
    "conv_negative": ("out = tf.nn.conv2d(tf.zeros([2, 2, 2, 3]), tf.zeros([3, 3, 3, 8]), [1, 1, 1, 1], 'VALID')",
                      "Negative dimension size caused by subtracting 3 from 2"),
    "conv_rank": ("out = tf.nn.conv2d(tf.zeros([2, 5, 5]), tf.zeros([3, 3, 3, 8]), [1, 1, 1, 1], 'SAME')",
                  "Shape must be rank 4 but is rank 3"),
    "conv_padding": ("out = tf.nn.conv2d(tf.zeros([2, 5, 5, 3]), tf.zeros([3, 3, 3, 8]), [1, 1, 1, 1], 'FOO')",
                     "Attr 'padding' of 'Conv2D' Op passed string 'FOO' not in: \"SAME\", \"VALID\", \"EXPLICIT\"."),
    "pool_negative": ("out = tf.nn.max_pool(tf.zeros([2, 5, 5, 3]), [1, 6, 6, 1], [1, 2, 2, 1], 'VALID')",
                      "Negative dimension size caused by subtracting 6 from 5"),
    "bias_add_dims": ("out = tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([4]))",
                      "Dimensions must be equal, but are 3 and 4"),
    "xent_dims": ("out = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 4]), logits=tf.zeros([2, 3]))",
                  "Dimensions must be equal, but are 3 and 4"),
}


def _cotangent(shape):
    return np.asarray(np.random.RandomState(42).randn(*shape))


def run_case(code):
    g = tf.Graph()
    with g.as_default():
        env = {"tf": tf, "np": np}
        exec(code, env)  # noqa: S102 -- the golden cases above
        out, xs = env["out"], env.get("xs", [])
        with tf.Session(graph=g) as sess:
            value = np.asarray(sess.run(out))
            grads = []
            if xs:
                ct = tf.constant(_cotangent(value.shape).astype(value.dtype))
                gts = [None if t is None else tf.convert_to_tensor(t)  # IndexedSlices -> dense
                       for t in tf.gradients(out, xs, grad_ys=ct)]
                vals = sess.run([t for t in gts if t is not None])
                grads = [None if t is None else vals.pop(0) for t in gts]
        return tensor_info(out), value, grads


def main():
    meta, arrays = {"cases": {}, "errors": {}}, {}
    for name, code in CASES.items():
        info, value, grads = run_case(code)
        info["code"] = code
        info["n_grads"] = len(grads)
        meta["cases"][name] = info
        arrays[name + "/value"] = value
        info["none_grads"] = [i for i, gv in enumerate(grads) if gv is None]
        for i, gv in enumerate(grads):
            if gv is not None:
                arrays["%s/grad%d" % (name, i)] = gv
    for name, (code, expect) in ERRORS.items():
        try:
            run_case(code + "\nout = tf.constant(0)")
        except Exception as e:  # noqa: BLE001 -- recording what TF raises
            msg = e.message if hasattr(e, "message") else str(e)
            if expect not in msg:
                raise AssertionError("%s: TF says %r" % (name, msg))
            meta["errors"][name] = {"code": code, "type": type(e).__name__, "expect": expect}
            continue
        raise AssertionError("%s did not raise" % name)
    for name, (code, etype, expect) in ERRORS_TF115.items():
        meta["errors"][name] = {"code": code, "type": etype, "expect": expect}
    save("nn_golden", meta, arrays)
    print("recorded %d cases, %d errors" % (len(meta["cases"]), len(meta["errors"])))


if __name__ == "__main__":
    main()
