"""tf.distributions cases, run identically on real TensorFlow (dist_make.py records them with
`tf.compat.v1.distributions`, the same TF 1.15 sources) and on tf1 (tests/distributions/).

Each case is `case(tf, D)` with `D` the distributions namespace; it returns (fetches, feeds), fetches a
dict label -> Tensor. `run_case` fetches them and also the gradient of the sum of every float fetch
whose label starts with `g:` with respect to the placeholders fed. Fetches labelled `sample...` are
random: only their names and static shapes are recorded (they are not run: tests/distributions/
test_distribution_api.py checks draws by their statistics).
"""
import numpy as np

RNG = np.random.RandomState(7)
X = np.array([-30., -3., -0.5, 0., 0.7, 2.5, 9.], np.float32)


def _ph(tf, value, name):
    return tf.placeholder(tf.as_dtype(value.dtype), value.shape, name=name)


def normal(tf, D):
    loc = _ph(tf, np.array([[0.], [1.5]], np.float32), "loc")  # batch [2, 7] against x
    scale = _ph(tf, np.array([[1.], [2.5]], np.float32), "scale")
    feeds = {loc: np.array([[0.], [1.5]], np.float32), scale: np.array([[1.], [2.5]], np.float32)}
    d = D.Normal(loc=loc, scale=scale)
    out = {"g:log_prob": d.log_prob(X), "prob": d.prob(X), "cdf": d.cdf(X), "g:log_cdf": d.log_cdf(X),
           "survival": d.survival_function(X), "log_survival": d.log_survival_function(X),
           "g:entropy": d.entropy(), "mean": d.mean(), "stddev": d.stddev(), "variance": d.variance(),
           "mode": d.mode(), "quantile": d.quantile(np.array([0.01, 0.5, 0.9], np.float32)[:, None, None]),
           "batch_shape_tensor": d.batch_shape_tensor(), "event_shape_tensor": d.event_shape_tensor(),
           "sample": d.sample(), "sample_5": d.sample(5, seed=3), "sample_23": d.sample([2, 3])}
    return out, feeds


def normal_float64_scalar(tf, D):
    d = D.Normal(np.float64(1.), np.float64(0.5), name="N64")
    x = X.astype(np.float64)
    return {"log_prob": d.log_prob(x), "log_cdf": d.log_cdf(x), "cdf": d.cdf(x), "entropy": d.entropy(),
            "sample": d.sample(4)}, {}


def laplace(tf, D):
    d = D.Laplace(loc=[0., 1.], scale=[[1.], [2.]])
    x = X[:, None, None]
    return {"log_prob": d.log_prob(x), "prob": d.prob(x), "cdf": d.cdf(x), "log_cdf": d.log_cdf(x),
            "log_survival": d.log_survival_function(x), "entropy": d.entropy(), "mean": d.mean(),
            "stddev": d.stddev(), "mode": d.mode(), "sample": d.sample(3)}, {}


def uniform(tf, D):
    d = D.Uniform(low=[-1., 0.], high=[1., 4.])
    x = np.array([[-2., -1.], [0., 0.], [0.5, 3.9], [1., 4.], [np.nan, 5.]], np.float32)
    return {"prob": d.prob(x), "log_prob": d.log_prob(x), "cdf": d.cdf(x), "entropy": d.entropy(),
            "mean": d.mean(), "variance": d.variance(), "stddev": d.stddev(), "range": d.range(),
            "sample": d.sample([2])}, {}


def bernoulli(tf, D):
    logits = _ph(tf, np.array([-2., 0., 0.5, 3.], np.float32), "logits")
    feeds = {logits: np.array([-2., 0., 0.5, 3.], np.float32)}
    a = D.Bernoulli(logits=logits)
    b = D.Bernoulli(probs=[0.1, 0.5, 0.7, 0.999], dtype=tf.float32)
    ev = np.array([[1, 0, 1, 1], [0, 0, 0, 1]], np.int32)
    return {"g:log_prob": a.log_prob(ev), "prob": a.prob(ev), "probs": a.probs, "g:entropy": a.entropy(),
            "mean": a.mean(), "variance": a.variance(), "mode": a.mode(), "b_logits": b.logits,
            "b_log_prob": b.log_prob(1.), "b_entropy": b.entropy(), "b_mode": b.mode(),
            "g:kl": D.kl_divergence(a, b), "sample": a.sample(2), "b_sample": b.sample()}, feeds


def categorical(tf, D):
    logits = _ph(tf, RNG.uniform(-2, 2, (2, 3, 4)).astype(np.float32), "logits")
    feeds = {logits: RNG.uniform(-2, 2, (2, 3, 4)).astype(np.float32)}
    a = D.Categorical(logits=logits)
    b = D.Categorical(probs=[0.1, 0.2, 0.3, 0.4])
    k = np.array([[0, 3, 2], [1, 1, 0]], np.int32)
    return {"g:log_prob": a.log_prob(k), "prob": a.prob(k), "cdf": a.cdf(k), "log_prob_float": a.log_prob(
        k.astype(np.float32)), "log_prob_bcast": a.log_prob(np.array([[[2]], [[1]]], np.int64)),
            "g:entropy": a.entropy(), "mode": a.mode(), "probs": a.probs, "event_size": a.event_size,
            "b_logits": b.logits, "b_log_prob": b.log_prob(k), "b_cdf": b.cdf([0, 1, 3, 4]),
            "g:kl": D.kl_divergence(a, b), "sample": a.sample(5), "b_sample": b.sample([2, 2])}, feeds


def gamma(tf, D):
    c = _ph(tf, np.array([0.5, 1., 2.5, 7.], np.float32), "concentration")
    feeds = {c: np.array([0.5, 1., 2.5, 7.], np.float32)}
    d = D.Gamma(concentration=c, rate=[2., 1., 0.5, 3.])
    x = np.array([[0.1], [1.], [3.], [12.]], np.float32)
    e = D.Gamma(concentration=[2., 2., 2., 2.], rate=1.5)
    return {"g:log_prob": d.log_prob(x), "prob": d.prob(x), "cdf": d.cdf(x), "g:entropy": d.entropy(),
            "mean": d.mean(), "variance": d.variance(), "stddev": d.stddev(), "mode": d.mode(),
            "g:kl": D.kl_divergence(d, e), "sample": d.sample(3)}, feeds


def exponential(tf, D):
    d = D.Exponential(rate=[0.5, 2.])
    x = np.array([[0.], [0.3], [4.]], np.float32)
    return {"log_prob": d.log_prob(x), "cdf": d.cdf(x), "log_survival": d.log_survival_function(x),
            "entropy": d.entropy(), "mean": d.mean(), "mode": d.mode(), "sample": d.sample(6)}, {}


def beta(tf, D):
    c1 = _ph(tf, np.array([0.5, 2., 3.], np.float32), "c1")
    feeds = {c1: np.array([0.5, 2., 3.], np.float32)}
    d = D.Beta(c1, [1.5, 2., 0.7])
    x = np.array([[0.01], [0.3], [0.5], [0.95]], np.float32)
    e = D.Beta(2., 3.)
    return {"g:log_prob": d.log_prob(x), "prob": d.prob(x), "cdf": d.cdf(x[1:, 0]), "log_cdf": d.log_cdf(x[:3, 0]),
            "g:entropy": d.entropy(), "mean": d.mean(), "variance": d.variance(), "mode": d.mode(),
            "total_concentration": d.total_concentration, "g:kl": D.kl_divergence(d, e),
            "sample": d.sample(2)}, feeds


def dirichlet(tf, D):
    conc = np.array([[1., 2., 3.], [0.5, 4., 1.5]], np.float32)
    c = _ph(tf, conc, "concentration")
    d = D.Dirichlet(c)
    x = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]], np.float32)
    e = D.Dirichlet([1.5, 1.5, 2.])
    return {"g:log_prob": d.log_prob(x), "prob": d.prob(x), "g:entropy": d.entropy(), "mean": d.mean(),
            "variance": d.variance(), "covariance": d.covariance(), "e_mode": e.mode(),
            "g:kl": D.kl_divergence(d, e), "event_shape_tensor": d.event_shape_tensor(),
            "sample": d.sample(3)}, {c: conc}


def multinomial(tf, D):
    d = D.Multinomial(total_count=[4., 6.], logits=[[0., 1., -1.], [2., 0., 0.5]])
    counts = np.array([[1., 2., 1.], [3., 1., 2.]], np.float32)
    e = D.DirichletMultinomial(total_count=5., concentration=[[1., 2., 0.5]])
    c2 = np.array([[2., 2., 1.], [0., 5., 0.]], np.float32)
    return {"log_prob": d.log_prob(counts), "prob": d.prob(counts), "mean": d.mean(), "variance": d.variance(),
            "covariance": d.covariance(), "dm_log_prob": e.log_prob(c2), "dm_mean": e.mean(),
            "dm_variance": e.variance(), "dm_covariance": e.covariance(), "sample": d.sample(2),
            "dm_sample": e.sample(3)}, {}


def student_t(tf, D):
    df = _ph(tf, np.array([0.8, 1.5, 3., 30.], np.float32), "df")
    feeds = {df: np.array([0.8, 1.5, 3., 30.], np.float32)}
    d = D.StudentT(df=df, loc=[0., 1., -1., 0.5], scale=[1., 2., 0.5, 1.])
    x = np.array([[-4.], [0.], [0.7], [5.]], np.float32)
    return {"g:log_prob": d.log_prob(x), "prob": d.prob(x), "cdf": d.cdf(x[:, 0]),
            "g:entropy": d.entropy(), "mean": d.mean(), "variance": d.variance(), "mode": d.mode(),
            "sample": d.sample(2)}, feeds


def kl_checked(tf, D):
    a = D.Normal([0., 1.], [1., 2.])
    b = D.Normal(0.5, [3., 0.5])
    return {"kl": D.kl_divergence(a, b, allow_nan_stats=False), "kl_method": a.kl_divergence(b),
            "cross_entropy": a.cross_entropy(b)}, {}


def names_and_scopes(tf, D):
    with tf.name_scope("model"):
        d = D.Normal(0., 1., name="prior")
        d2 = D.Normal(0., 1., name="prior")
    lp1 = d.log_prob(0.5)
    lp2 = d.log_prob(0.25, name="lp")
    return {"lp1": lp1, "lp2": lp2, "d2_entropy": d2.entropy(), "bst": d.batch_shape_tensor(),
            "is_scalar_batch": d.is_scalar_batch(), "sample": d.sample(2)}, {}


CASES = [normal, normal_float64_scalar, laplace, uniform, bernoulli, categorical, gamma, exponential, beta,
         dirichlet, multinomial, student_t, kl_checked, names_and_scopes]


def run_case(tf, D, case):
    """{'names', 'shapes', 'values', 'dyn_shapes'} for one case, in a fresh graph."""
    with tf.Graph().as_default():
        fetches, feeds = case(tf, D)
        labels = sorted(fetches)
        run_labels = [k for k in labels if "sample" not in k]
        grads = {}
        gl = [k for k in labels if k.startswith("g:")]
        float_feeds = [p for p in feeds if p.dtype.is_floating]
        if gl and float_feeds:
            total = tf.add_n([tf.reduce_sum(fetches[k]) for k in gl])
            for p, g in zip(float_feeds, tf.gradients(total, float_feeds)):
                grads["grad/" + p.op.name] = g
        with tf.Session() as sess:
            values = sess.run({**{k: fetches[k] for k in run_labels}, **grads}, feed_dict=feeds)
        return {"names": {k: fetches[k].name for k in labels},
                "shapes": {k: str(fetches[k].get_shape()) for k in labels},
                "values": {k: np.asarray(v) for k, v in values.items()}}
