"""Cases for tf1's CTC decoders (tf1/ops/ctc_decoder_ops.py), in image_extra_cases.py's form (the same
recorder, image_extra_make.py, writes ctc_decoders_golden.*): each snippet sets `out`, the decoded
SparseTensors' indices/values/dense_shape then the log probabilities.
"""
RS = "rs = np.random.RandomState(0)\n"
DECODE1 = "out = (lambda d: [d[0][0].indices, d[0][0].values, d[0][0].dense_shape, d[1]])("
DECODEN = "out = (lambda d: [t for sp in d[0] for t in (sp.indices, sp.values, sp.dense_shape)] + [d[1]])("

CASES = {
    "ctc_greedy": RS + "x = tf.constant(np.log(rs.dirichlet(np.ones(5), size=(6, 3))).astype(np.float32))\n"
                  "out = (lambda d: [d[0][0].indices, d[0][0].values, d[0][0].dense_shape, d[1]])("
                  "tf.nn.ctc_greedy_decoder(x, [6, 4, 0]))",
    "ctc_greedy_nomerge": RS + "x = tf.constant(rs.randn(7, 2, 3).astype(np.float32))\n"
                          "out = (lambda d: [d[0][0].indices, d[0][0].values, d[0][0].dense_shape, d[1]])("
                          "tf.nn.ctc_greedy_decoder(x, [7, 5], merge_repeated=False))",
    "ctc_beam": RS + "x = tf.constant(rs.randn(6, 2, 4).astype(np.float32))\n"
                "out = (lambda d: [d[0][0].indices, d[0][0].values, d[0][0].dense_shape, d[1]])("
                "tf.nn.ctc_beam_search_decoder(x, [6, 4], beam_width=5))",
    "ctc_beam_top3": RS + "x = tf.constant(rs.randn(5, 3, 3).astype(np.float32) * 2)\n"
                     "out = (lambda d: [t for sp in d[0] for t in (sp.indices, sp.values, sp.dense_shape)] + [d[1]])("
                     "tf.nn.ctc_beam_search_decoder(x, [5, 3, 4], beam_width=4, top_paths=3))",
    "ctc_beam_merge": RS + "x = tf.constant(rs.randn(6, 2, 4).astype(np.float32))\n"
                      "out = (lambda d: [d[0][0].indices, d[0][0].values, d[0][0].dense_shape, d[1]])("
                      "tf.nn.ctc_beam_search_decoder(x, [6, 6], beam_width=3, merge_repeated=True))",
}
# Beam searches on random logits: beam widths 1..8, up to 4 paths, peaked and flat distributions.
for _seed in range(6):
    _w = 1 + _seed + _seed // 2
    _k = min(_w, 1 + _seed % 4)
    CASES["ctc_beam_random_%d" % _seed] = (
        "rs = np.random.RandomState(%d)\nx = tf.constant((rs.randn(9, 3, 5) * %s).astype(np.float32))\n"
        % (_seed, [0.5, 1, 3][_seed % 3]) + DECODEN + "tf.nn.ctc_beam_search_decoder(x, [9, 7, 1], beam_width=%d, "
        "top_paths=%d, merge_repeated=%s))" % (_w, _k, _seed % 2 == 0))
CASES["ctc_greedy_ties"] = ("x = tf.constant(np.array([[[1, 1, 0]], [[0, 2, 2]], [[0, 2, 2]], [[3, 3, 3]]], np.float32))\n"
                            + DECODE1 + "tf.nn.ctc_greedy_decoder(x, [4]))")
CASES["ctc_greedy_f64_empty"] = (RS + "x = tf.constant(rs.randn(4, 2, 3))\n" + DECODE1
                                 + "tf.nn.ctc_greedy_decoder(x, tf.constant([0, 0])))")
CASES["ctc_beam_empty"] = (RS + "x = tf.constant(rs.randn(4, 2, 3).astype(np.float32))\n" + DECODE1
                           + "tf.nn.ctc_beam_search_decoder(x, [0, 2], beam_width=3))")
CASES["ctc_beam_v2"] = (RS + "x = tf.constant(rs.randn(6, 2, 4).astype(np.float32))\n" + DECODEN
                        + "tf.nn.ctc_beam_search_decoder_v2(x, [6, 5], beam_width=4, top_paths=2))")

PROPERTY_ONLY = set()
ORACLE_OVERRIDES = {}
