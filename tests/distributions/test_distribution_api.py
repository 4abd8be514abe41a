"""tf.distributions behaviour that is not a value: errors (TF 1.15's messages), validate_args checks at
run time, the KL registry, printed forms, and sampling -- shapes, seeds, statistics of the draws and
gradients through reparameterized samples (tf1's RNG differs from TF's, so draws are checked by
their statistics rather than against recorded values)."""
import numpy as np
import pytest

import tf1 as tf

D = tf.distributions


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def _run_error(build, exc, text):
    """TF's asserts fail while the graph is built when their inputs are constants, else at run time."""
    with pytest.raises(exc) as info:
        _run(build())
    assert text in str(info.value)


# --------------------------------------------------------------------------------------- errors

def test_build_time_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"^Must pass probs or logits, but not both\.$"):
            D.Bernoulli(logits=[1.], probs=[0.5])
        with pytest.raises(ValueError, match=r"^Must pass probs or logits, but not both\.$"):
            D.Categorical()
        with pytest.raises(ValueError, match=r"^A categorical-distribution parameter must have at least 2 events\.$"):
            D.Categorical(logits=[[0.5]], validate_args=True)
        with pytest.raises(TypeError, match=r"^logits must having floating type\.$"):
            D.Bernoulli(logits=[1])
        with pytest.raises(NotImplementedError) as info:
            D.kl_divergence(D.Normal(0., 1.), D.Gamma(1., 1.))
        assert str(info.value) == ("No KL(distribution_a || distribution_b) registered for distribution_a type "
                                   "Normal and distribution_b type Gamma")
        with pytest.raises(NotImplementedError, match=r"^covariance is not implemented: Normal$"):
            D.Normal(0., 1.).covariance()
        with pytest.raises(ValueError, match="must be of the same type"):
            D.Normal(np.float32(0.), np.float64(1.))


@pytest.mark.parametrize("build,text", [
    (lambda: D.Normal(0., -1., validate_args=True).log_prob(0.), "Condition x > 0 did not hold"),
    (lambda: D.Normal(0., tf.placeholder_with_default(-1., []), validate_args=True).log_prob(0.),
     "Condition x > 0 did not hold"),
    (lambda: D.Bernoulli(probs=[1.5], validate_args=True).sample(), "probs has components greater than 1."),
    (lambda: D.Uniform(2., 1., validate_args=True).sample(), "uniform not defined when low >= high."),
    (lambda: D.Beta(2., 3., validate_args=True).log_prob(1.5), "sample must be less than `1`."),
    (lambda: D.Gamma(0.5, 3., allow_nan_stats=False).mode(), "mode not defined when any concentration <= 1"),
    (lambda: D.Bernoulli(logits=[1.], validate_args=True).log_prob(0.5), "Elements must be bool-equivalent."),
    (lambda: D.Categorical(logits=[1., 2.], validate_args=True).log_prob(-1), "Elements must be non-negative."),
    (lambda: D.Multinomial(3., probs=[0.5, 0.5], validate_args=True).log_prob([1., 1.]),
     "counts must sum to `self.total_count`"),
    (lambda: D.kl_divergence(D.Normal(0., 1.), D.Normal(0., 0.), allow_nan_stats=False),
     "KL calculation between Normal/ and Normal_1/ returned NaN values (and was called with "
     "allow_nan_stats=False). Values:"),
], ids=["normal_scale", "normal_scale_fed", "bernoulli_probs", "uniform_order", "beta_sample", "gamma_mode",
        "bernoulli_event",
        "categorical_event", "multinomial_counts", "kl_nan"])
def test_validate_args_fail(build, text):
    with tf.Graph().as_default():
        _run_error(build, tf.errors.InvalidArgumentError, text)


def test_valid_arguments_pass_the_checks():
    with tf.Graph().as_default():
        d = D.Normal(0., [1., 2.], validate_args=True)
        np.testing.assert_allclose(_run(d.log_prob(0.)), [-0.9189385, -1.6120857], rtol=1e-6)
        c = D.Categorical(probs=[0.25, 0.75], validate_args=True)
        np.testing.assert_allclose(_run(c.log_prob(1)), np.log(0.75), rtol=1e-6)


# ----------------------------------------------------------------------------------- registry

def test_register_kl_and_inheritance():
    class MyNormal(D.Normal):
        pass

    class Other(D.Normal):
        pass

    with tf.Graph().as_default():
        a, b = MyNormal(0., 1.), MyNormal(1., 2.)
        # Inherits Normal-Normal until a closer pair is registered.
        np.testing.assert_allclose(_run(D.kl_divergence(a, b)), np.log(2.) + (1. + 1.) / 8. - 0.5, rtol=1e-6)

        @D.RegisterKL(MyNormal, D.Normal)
        def _kl(x, y, name=None):
            return tf.constant(42., name=name or "fortytwo")

        assert _run(D.kl_divergence(a, b)) == 42.
        assert _run(D.kl_divergence(a, Other(0., 1.))) == 42.
        with pytest.raises(ValueError, match=r"^KL\(MyNormal \|\| Normal\) has already been registered to: "):
            D.RegisterKL(MyNormal, D.Normal)(_kl)
        with pytest.raises(TypeError, match=r"^kl_fn must be callable, received: 3$"):
            D.RegisterKL(Other, Other)(3)


# -------------------------------------------------------------------------------- printed forms

def test_printing_properties_and_namespaces():
    with tf.Graph().as_default():
        d = D.Normal(loc=[0., 1.], scale=2.)
        assert str(d) == 'tf.distributions.Normal("Normal/", batch_shape=(2,), event_shape=(), dtype=float32)'
        assert repr(d) == "<tf.distributions.Normal 'Normal/' batch_shape=(2,) event_shape=() dtype=float32>"
        assert d.name == "Normal/"
        assert d.parameters == {"loc": [0., 1.], "scale": 2., "validate_args": False, "allow_nan_stats": True,
                                "name": "Normal"}
        assert repr(d.reparameterization_type) == "<Reparameterization Type: FULLY_REPARAMETERIZED>"
        assert d.reparameterization_type == D.FULLY_REPARAMETERIZED
        assert D.Bernoulli(probs=0.5).reparameterization_type == D.NOT_REPARAMETERIZED
        assert D.FULLY_REPARAMETERIZED != D.NOT_REPARAMETERIZED
        assert isinstance(d, D.Distribution) and isinstance(D.Exponential(1.), D.Gamma)
        e = d.copy(scale=3.)
        assert e.name == "Normal_1/" and e.parameters["scale"] == 3.
        shapes = D.Normal.param_static_shapes([5, 2])
        assert {k: v.as_list() for k, v in shapes.items()} == {"loc": [5, 2], "scale": [5, 2]}
        d = D.Dirichlet([[1., 2., 3.]])
        assert str(d) == ('tf.distributions.Dirichlet("Dirichlet/", batch_shape=(1,), event_shape=(3,), '
                          'dtype=float32)')
    for name in ["Normal", "Bernoulli", "Categorical", "Beta", "Gamma", "Dirichlet", "Exponential", "Laplace",
                 "Multinomial", "StudentT", "Uniform", "DirichletMultinomial", "kl_divergence", "RegisterKL",
                 "FULLY_REPARAMETERIZED", "NOT_REPARAMETERIZED", "ReparameterizationType", "Distribution"]:
        assert getattr(tf.contrib.distributions, name) is getattr(D, name)


def test_deprecation_notice_is_tf_text(caplog):
    from tf1.platform import tf_logging
    tf_logging._deprecation_warned.discard("Laplace.__init__")
    with tf.Graph().as_default():
        D.Laplace(0., 1.)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert ("Laplace.__init__ (from tensorflow.python.ops.distributions.laplace) is deprecated and will be "
            "removed after 2019-01-01.\nInstructions for updating:\nThe TensorFlow Distributions library has "
            "moved to TensorFlow Probability (https://github.com/tensorflow/probability). You should update "
            "all references to use `tfp.distributions` instead of `tf.distributions`.") in text


# ------------------------------------------------------------------------------------ sampling

def test_sample_statistics():
    n = 20000
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        cases = [
            (D.Normal([0., 2.], [1., 0.5]), [0., 2.], [1., 0.25]),
            (D.Laplace(1., [1., 2.]), [1., 1.], [2., 8.]),
            (D.Uniform(-1., [1., 3.]), [0., 1.], [1. / 3, 16. / 12]),
            (D.Bernoulli(probs=[0.2, 0.7]), [0.2, 0.7], [0.16, 0.21]),
            (D.Gamma([0.5, 4.], 2.), [0.25, 2.], [0.125, 1.]),
            (D.Exponential([1., 4.]), [1., 0.25], [1., 1. / 16]),
            (D.Beta([2., 0.5], 3.), [0.4, 0.5 / 3.5], [0.04, 1.5 / (3.5 ** 2 * 4.5)]),
            (D.StudentT(5., 1., [1., 2.]), [1., 1.], [5. / 3, 20. / 3]),
        ]
        draws = [d.sample(n, seed=i + 1) for i, (d, _, _) in enumerate(cases)]
        values = _run(draws)
    for (d, mean, var), v in zip(cases, values):
        assert v.shape == (n, 2)
        se = np.sqrt(np.asarray(var) / n)
        assert np.all(np.abs(v.mean(0) - mean) < 5 * se + 1e-3), (d, v.mean(0), mean)
        np.testing.assert_allclose(v.var(0), var, rtol=0.12, err_msg=str(d))


def test_multivariate_sample_statistics():
    n = 5000
    with tf.Graph().as_default():
        probs = np.array([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]], np.float32)
        cat = D.Categorical(probs=probs)
        dirichlet = D.Dirichlet([1., 2., 5.])
        multinomial = D.Multinomial([3., 5.], probs=probs)
        dm = D.DirichletMultinomial(4., [1., 1., 2.])
        c, dv, m, dmv = _run([cat.sample(n, seed=1), dirichlet.sample(n, seed=2), multinomial.sample(n, seed=3),
                              dm.sample(n, seed=4)])
    assert c.shape == (n, 2) and c.dtype == np.int32
    for b in range(2):
        np.testing.assert_allclose(np.bincount(c[:, b], minlength=3) / n, probs[b], atol=0.03)
    assert dv.shape == (n, 3)
    np.testing.assert_allclose(dv.sum(-1), 1., rtol=1e-5)
    np.testing.assert_allclose(dv.mean(0), [1. / 8, 2. / 8, 5. / 8], atol=0.015)
    assert m.shape == (n, 2, 3)
    np.testing.assert_array_equal(m.sum(-1), np.broadcast_to([3., 5.], (n, 2)))
    np.testing.assert_allclose(m.mean(0), probs * [[3.], [5.]], atol=0.08)
    assert dmv.shape == (n, 3)
    np.testing.assert_array_equal(dmv.sum(-1), 4.)
    np.testing.assert_allclose(dmv.mean(0), [1., 1., 2.], atol=0.1)


def test_seeds_follow_tf_rules():
    """Same graph seed + op seed: the same draws in every session; new draws on every run."""
    def draws():
        with tf.Graph().as_default():
            tf.set_random_seed(5)
            s = D.Normal(0., 1.).sample(4, seed=9)
            with tf.Session() as sess:
                return sess.run(s), sess.run(s)
    (a1, a2), (b1, b2) = draws(), draws()
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)
    assert not np.array_equal(a1, a2)


def test_sample_shapes_with_unknown_batch():
    with tf.Graph().as_default():
        loc = tf.placeholder(tf.float32, [None, 3])
        d = D.Normal(loc, 1.)
        s = d.sample([2, 4], seed=1)
        assert s.get_shape().as_list() == [2, 4, None, 3]
        v, bs = _run([s, d.batch_shape_tensor()], {loc: np.zeros((5, 3), np.float32)})
        assert v.shape == (2, 4, 5, 3)
        assert bs.tolist() == [5, 3]


def test_reparameterized_gradients():
    """A VAE's reparameterized Normal sample: d sample / d loc = 1, d sample / d scale = the noise."""
    with tf.Graph().as_default():
        loc = tf.Variable([0.5, -1.], name="loc")
        scale = tf.Variable([2., 0.5], name="scale")
        s = D.Normal(loc, scale).sample(seed=4)
        g_loc, g_scale = tf.gradients(tf.reduce_sum(s), [loc, scale])
        alpha = tf.constant([0.7, 3.])
        g = D.Gamma(alpha, 1.).sample(seed=2)
        g_alpha = tf.gradients(tf.reduce_sum(g), alpha)[0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sv, gl, gs, ga = sess.run([s, g_loc, g_scale, g_alpha])
    np.testing.assert_allclose(gl, [1., 1.])
    np.testing.assert_allclose(gs, (sv - [0.5, -1.]) / [2., 0.5], rtol=1e-5)
    assert np.all(np.isfinite(ga)) and np.all(ga > 0)


def test_vae_style_training_reduces_loss():
    """Fit q = Normal(loc, softplus(rho)) to p = Normal(3, 0.5) by the reparameterized ELBO + KL."""
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        loc = tf.Variable(0., name="loc")
        rho = tf.Variable(0., name="rho")
        q = D.Normal(loc, tf.nn.softplus(rho))
        p = D.Normal(3., 0.5)
        z = q.sample(64, seed=3)
        loss = -tf.reduce_mean(p.log_prob(z) - q.log_prob(z))
        kl = D.kl_divergence(q, p)
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            kl0 = sess.run(kl)
            for _ in range(300):
                sess.run(train)
            kl1, lv, sv = sess.run([kl, loc, tf.nn.softplus(rho)])
    assert kl1 < 0.05 * kl0
    assert abs(lv - 3.) < 0.15 and abs(sv - 0.5) < 0.1
