"""tf.contrib.crf cases, run identically on real TensorFlow (crf_make.py records them with TF 1.15's own
contrib/crf/python/ops/crf.py loaded into TF 2.x's `tf.compat.v1`) and on tf1 (tests/distributions/).

Each case is `case(tf, C)` with `C` the crf namespace; it returns (fetches, feeds). `run_case` gives
every variable a fixed value, fetches the tensors, their names and static shapes, the variable names,
and the gradients of `sum(all fetched float tensors)` with respect to every variable and fed float input.
"""
import numpy as np

B, T, K = 3, 5, 4
RNG = np.random.RandomState(11)
INPUTS = RNG.uniform(-2, 2, (B, T, K)).astype(np.float32)
TAGS = RNG.randint(0, K, (B, T)).astype(np.int32)
LENGTHS = np.array([5, 1, 3], np.int32)
TRANS = RNG.uniform(-1, 1, (K, K)).astype(np.float32)
BITMAP = RNG.uniform(0, 1, (B, T, K)) < 0.6


def _inputs(tf, time=T):
    x = tf.placeholder(tf.float32, (B, time, K), name="inputs")
    lengths = tf.placeholder(tf.int32, (B,), name="lengths")
    trans = tf.placeholder(tf.float32, (K, K), name="trans")
    t = INPUTS.shape[1] if time is None else time
    return x, lengths, trans, {x: INPUTS[:, :t], lengths: np.minimum(LENGTHS, t), trans: TRANS}


def scores(tf, C):
    x, lengths, trans, feeds = _inputs(tf)
    tags = tf.constant(TAGS, name="tags")
    return {"sequence_score": C.crf_sequence_score(x, tags, lengths, trans),
            "unary": C.crf_unary_score(tags, lengths, x),
            "binary": C.crf_binary_score(tags, lengths, trans),
            "log_norm": C.crf_log_norm(x, lengths, trans)}, feeds


def log_likelihood_given(tf, C):
    x, lengths, trans, feeds = _inputs(tf)
    ll, tp = C.crf_log_likelihood(x, tf.constant(TAGS), lengths, trans)
    return {"ll": ll, "tp": tp}, feeds


def log_likelihood_variable(tf, C):
    x, lengths, _, feeds = _inputs(tf)
    del feeds[_]
    with tf.variable_scope("crf"):
        ll, tp = C.crf_log_likelihood(x, tf.constant(TAGS.astype(np.int64)), lengths)
    return {"ll": ll, "tp": tp}, feeds


def zero_length(tf, C):
    x, lengths, trans, feeds = _inputs(tf)
    feeds[lengths] = np.array([4, 0, 2], np.int32)
    ll, _ = C.crf_log_likelihood(x, tf.constant(TAGS), lengths, trans)
    tags, best = C.crf_decode(x, trans, lengths)
    return {"ll": ll, "tags": tags, "best": best}, feeds


def single_step(tf, C):
    x, lengths, trans, feeds = _inputs(tf, time=1)
    tags = tf.constant(TAGS[:, :1])
    ll, _ = C.crf_log_likelihood(x, tags, lengths, trans)
    dtags, best = C.crf_decode(x, trans, lengths)
    return {"ll": ll, "score": C.crf_sequence_score(x, tags, lengths, trans),
            "log_norm": C.crf_log_norm(x, lengths, trans), "tags": dtags, "best": best,
            "multitag": C.crf_multitag_sequence_score(x, tf.constant(BITMAP[:, :1]), lengths, trans)}, feeds


def decode(tf, C):
    x, lengths, trans, feeds = _inputs(tf)
    tags, best = C.crf_decode(x, trans, lengths)
    return {"tags": tags, "best": best}, feeds


def multitag(tf, C):
    x, lengths, trans, feeds = _inputs(tf)
    return {"multitag": C.crf_multitag_sequence_score(x, tf.constant(BITMAP), lengths, trans)}, feeds


def unknown_time(tf, C):
    x, lengths, trans, feeds = _inputs(tf, time=None)
    ll, _ = C.crf_log_likelihood(x, tf.placeholder_with_default(TAGS, (B, None)), lengths, trans)
    tags, best = C.crf_decode(x, trans, lengths)
    return {"ll": ll, "tags": tags, "best": best}, feeds


def cells(tf, C):
    trans = tf.constant(TRANS)
    state = tf.constant(INPUTS[:, 0])
    inp = tf.constant(INPUTS[:, 1])
    fwd = C.CrfForwardRnnCell(trans)
    dfwd = C.CrfDecodeForwardRnnCell(trans)
    bwd = C.CrfDecodeBackwardRnnCell(K)
    out, new = fwd(inp, state)
    bp, score = dfwd(inp, state)
    tags, _ = bwd(bp, tf.constant([[0], [3], [1]], tf.int32))
    return {"fwd": out, "fwd_state": new, "bp": bp, "score": score, "bwd": tags,
            "sizes": tf.constant([fwd.state_size, fwd.output_size, bwd.state_size, bwd.output_size])}, {}


CASES = [scores, log_likelihood_given, log_likelihood_variable, zero_length, single_step, decode, multitag,
         unknown_time, cells]


def _set_variables(tf, sess):
    for i, v in enumerate(tf.global_variables()):
        shape = v.get_shape().as_list()
        value = np.random.RandomState(100 + i).uniform(-0.5, 0.5, shape).astype(v.dtype.base_dtype.as_numpy_dtype)
        sess.run(v.initializer)
        v.load(value, sess)


def run_case(tf, C, case):
    with tf.Graph().as_default():
        fetches, feeds = case(tf, C)
        labels = sorted(fetches)
        floats = [fetches[k] for k in labels if fetches[k].dtype.is_floating]
        xs = list(tf.trainable_variables()) + [p for p in feeds if p.dtype.is_floating]
        grads = {}
        if floats and xs:
            total = tf.add_n([tf.reduce_sum(f) for f in floats])
            for x, g in zip(xs, tf.gradients(total, xs)):
                if g is not None:
                    grads["grad/" + x.op.name] = g
        with tf.Session() as sess:
            _set_variables(tf, sess)
            values = sess.run({**{k: fetches[k] for k in labels}, **grads}, feed_dict=feeds)
        return {"names": {k: fetches[k].name for k in labels},
                "shapes": {k: str(fetches[k].get_shape()) for k in labels},
                "variables": [v.name for v in tf.global_variables()],
                "values": {k: np.asarray(v) for k, v in values.items()}}


def train_steps(tf, C, steps=4):
    """A BiLSTM-free tagger: dense emissions + CRF, trained by SGD; the loss of each step."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, (B, None, K), name="x")
        lengths = tf.placeholder(tf.int32, (B,), name="lengths")
        tags = tf.placeholder(tf.int32, (B, None), name="tags")
        emissions = tf.layers.dense(x, K, name="emit")
        ll, trans = C.crf_log_likelihood(emissions, tags, lengths)
        loss = tf.reduce_mean(-ll)
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        decoded, _ = C.crf_decode(emissions, trans, lengths)
        losses = []
        with tf.Session() as sess:
            _set_variables(tf, sess)
            feeds = {x: INPUTS, lengths: LENGTHS, tags: TAGS}
            for _ in range(steps):
                losses.append(sess.run([loss, train], feeds)[0])
            losses.append(sess.run(loss, feeds))
            losses.extend(sess.run(decoded, feeds).ravel().astype(np.float32))
        return np.array(losses, np.float32)
