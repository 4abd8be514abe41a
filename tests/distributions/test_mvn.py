"""tf.contrib.distributions' multivariate normals and OneHotCategorical. Real TF 2.x has no
tf.contrib (nor TFP here), so values are checked against the textbook densities computed in numpy from
the covariance (inverse and log-determinant), a different route from the triangular-factor formulas
the implementation uses."""
import numpy as np
import pytest

import tf1 as tf

C = tf.contrib.distributions
RNG = np.random.RandomState(3)
LOC = RNG.uniform(-1, 1, (2, 3)).astype(np.float32)
TRIL = np.tril(RNG.uniform(-1, 1, (2, 3, 3))).astype(np.float32) + 2 * np.eye(3, dtype=np.float32)
X = RNG.uniform(-2, 2, (4, 2, 3)).astype(np.float32)


def _np_log_prob(x, loc, cov):
    d = x - loc
    sol = np.linalg.solve(cov, d[..., None])[..., 0]
    return -0.5 * (np.sum(d * sol, -1) + np.linalg.slogdet(cov)[1] + loc.shape[-1] * np.log(2 * np.pi))


def _np_kl(la, ca, lb, cb):
    k = la.shape[-1]
    inv = np.linalg.inv(cb)
    d = lb - la
    return 0.5 * (np.trace(inv @ ca, axis1=-2, axis2=-1) + np.einsum("...i,...ij,...j", d, inv, d) - k
                  + np.linalg.slogdet(cb)[1] - np.linalg.slogdet(ca)[1])


def _run(ts):
    with tf.Session() as sess:
        return sess.run(ts)


def test_tril_and_full_covariance_match_numpy():
    cov = TRIL @ np.swapaxes(TRIL, -1, -2)
    with tf.Graph().as_default():
        t = C.MultivariateNormalTriL(LOC, TRIL)
        f = C.MultivariateNormalFullCovariance(LOC, cov)
        assert t.batch_shape.as_list() == [2] and t.event_shape.as_list() == [3]
        lp_t, lp_f, ent, c, var, mean = _run([t.log_prob(X), f.log_prob(X), t.entropy(), t.covariance(),
                                              t.variance(), t.mean()])
    want = _np_log_prob(X.astype(np.float64), LOC, cov)
    np.testing.assert_allclose(lp_t, want, rtol=1e-5)
    np.testing.assert_allclose(lp_f, want, rtol=1e-4)
    np.testing.assert_allclose(ent, 0.5 * (3 * (1 + np.log(2 * np.pi)) + np.linalg.slogdet(cov)[1]), rtol=1e-5)
    np.testing.assert_allclose(c, cov, rtol=1e-5)
    np.testing.assert_allclose(var, np.diagonal(cov, axis1=-2, axis2=-1), rtol=1e-5)
    np.testing.assert_allclose(mean, LOC)


def test_diag_matches_numpy_and_kl():
    diag = np.array([0.5, 1., 2.], np.float32)
    cov_d = np.diag((diag + 0.5) ** 2)
    cov_t = TRIL @ np.swapaxes(TRIL, -1, -2)
    with tf.Graph().as_default():
        d = C.MultivariateNormalDiag(LOC, diag, scale_identity_multiplier=0.5)
        t = C.MultivariateNormalTriL(LOC[::-1], TRIL)
        lp, kl_dt, kl_td, kl_dd, std = _run([d.log_prob(X), C.kl_divergence(d, t), C.kl_divergence(t, d),
                                             C.kl_divergence(d, d), d.stddev()])
    np.testing.assert_allclose(lp, _np_log_prob(X.astype(np.float64), LOC, cov_d), rtol=1e-5)
    np.testing.assert_allclose(kl_dt, _np_kl(LOC, cov_d, LOC[::-1], cov_t), rtol=1e-4)
    np.testing.assert_allclose(kl_td, _np_kl(LOC[::-1], cov_t, LOC, cov_d), rtol=1e-4)
    np.testing.assert_allclose(kl_dd, 0., atol=1e-6)
    np.testing.assert_allclose(std, np.broadcast_to(diag + 0.5, (2, 3)), rtol=1e-6)


def test_sampling_statistics_and_reparameterization():
    n = 20000
    cov = TRIL[0] @ TRIL[0].T
    with tf.Graph().as_default():
        loc = tf.Variable(LOC[0])
        t = C.MultivariateNormalTriL(loc, TRIL[0])
        s = t.sample(n, seed=5)
        g = tf.gradients(tf.reduce_sum(s), loc)[0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sv, gv = sess.run([s, g])
    assert sv.shape == (n, 3)
    np.testing.assert_allclose(sv.mean(0), LOC[0], atol=0.1)
    np.testing.assert_allclose(np.cov(sv.T), cov, atol=0.25)
    np.testing.assert_allclose(gv, [n, n, n])


def test_errors_and_names():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="^Cannot infer `event_shape` unless `loc` or `scale_diag` is specified.$"):
            C.MultivariateNormalDiag()
        d = C.MultivariateNormalDiag([0., 0.])
        assert d.name == "MultivariateNormalDiag_1/"  # the failed construction above took the first name
        assert d.log_prob([0., 0.]).name.startswith("MultivariateNormalDiag_1/log_prob/")
        assert d.reparameterization_type == C.FULLY_REPARAMETERIZED


def test_one_hot_categorical():
    logits = np.array([[0., 1., 2.], [1., 1., -1.]], np.float32)
    x = np.eye(3, dtype=np.int32)[[2, 0]]
    with tf.Graph().as_default():
        d = C.OneHotCategorical(logits=logits)
        assert d.event_shape.as_list() == [3] and d.batch_shape.as_list() == [2]
        s = d.sample(4000, seed=2)
        assert s.get_shape().as_list() == [4000, 2, 3]
        lp, ent, mode, sv, kl = _run([d.log_prob(x), d.entropy(), d.mode(), s,
                                      C.kl_divergence(d, C.OneHotCategorical(probs=[0.2, 0.3, 0.5]))])
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    p = np.exp(logp)
    np.testing.assert_allclose(lp, [logp[0, 2], logp[1, 0]], rtol=1e-5)
    np.testing.assert_allclose(ent, -(p * logp).sum(-1), rtol=1e-5)
    np.testing.assert_array_equal(mode, np.eye(3, dtype=np.int32)[[2, 0]])
    np.testing.assert_array_equal(sv.sum(-1), 1)
    np.testing.assert_allclose(sv.mean(0), p, atol=0.03)
    np.testing.assert_allclose(kl, (p * (logp - np.log([0.2, 0.3, 0.5]))).sum(-1), rtol=1e-5)


def test_relaxed_densities_integrate_to_one_and_samples_relax():
    """Two classes: the relaxed one-hot density over y in (0, 1) (as (y, 1 - y)) and the relaxed
    Bernoulli density both integrate to 1; low temperatures push samples to the corners with the
    class probabilities."""
    y = np.linspace(1e-4, 1 - 1e-4, 20001).astype(np.float64)
    with tf.Graph().as_default():
        oh = C.RelaxedOneHotCategorical(np.float64(1.5), logits=np.array([0.3, -0.4]))
        rb = C.RelaxedBernoulli(np.float64(1.5), logits=np.float64(0.7))
        ex = C.ExpRelaxedOneHotCategorical(0.5, probs=[0.2, 0.3, 0.5])
        cold = C.RelaxedOneHotCategorical(0.05, probs=[0.2, 0.3, 0.5])
        logits = tf.Variable([0.1, 0.2, 0.3])
        g = tf.gradients(tf.reduce_sum(C.RelaxedOneHotCategorical(0.5, logits=logits).sample(seed=1)[0]),
                         logits)[0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            p_oh, p_rb, ev, cv, gv = sess.run([oh.prob(np.stack([y, 1 - y], -1)), rb.prob(y),
                                               ex.sample(500, seed=3), cold.sample(4000, seed=4), g])
    np.testing.assert_allclose(np.trapezoid(p_oh, y), 1., atol=2e-3)
    np.testing.assert_allclose(np.trapezoid(p_rb, y), 1., atol=2e-3)
    np.testing.assert_allclose(np.log(np.exp(ev).sum(-1)), 0., atol=1e-5)
    assert cv.shape == (4000, 3)
    np.testing.assert_allclose(np.bincount(cv.argmax(-1), minlength=3) / 4000., [0.2, 0.3, 0.5], atol=0.03)
    assert np.mean(cv.max(-1) > 0.9) > 0.9
    assert np.all(np.isfinite(gv)) and np.any(gv != 0)
