"""The GMM scenarios shared by make_gmm.py (TF 1.15's gmm_ops.py on real TF) and
tests/contrib/test_factorization_gmm.py (tf1). Needs no TensorFlow: callers pass their `tf` and
their `gmm` function."""
import numpy as np

# name -> settings; the initial means are always given (random rows would need TF's RNG stream).
SCENARIOS = {
    "full_wmc": dict(covariance_type="full", params="wmc", steps=3),
    "diag_wmc": dict(covariance_type="diag", params="wmc", steps=3),
    "full_mc": dict(covariance_type="full", params="mc", steps=2),
    "diag_w": dict(covariance_type="diag", params="w", steps=2),
}
K = 3


def make_data():
    rs = np.random.RandomState(77)
    centers = np.array([[0.0, 0.0], [4.0, 4.0], [-4.0, 3.0]])
    labels = rs.randint(0, K, 45)
    return (centers[labels] + rs.normal(0, 0.8, [45, 2])).astype(np.float32)


def run_scenario(tf_mod, gmm, points, cfg):
    g = tf_mod.Graph()
    out = {}
    with g.as_default():
        x = tf_mod.placeholder(tf_mod.float32, [None, 2], name="x")
        initial = (points[[0, 1, 2]] + np.float32(0.5)).tolist()  # a list: TF 1.15's check needs no
        loss, scores, assignments, train_op, init_op, initialized = gmm(   # array == str compare
            x, initial, K, 0, covariance_type=cfg["covariance_type"], params=cfg["params"])
        names = {"variables": [[v.op.name, str(v.get_shape())] for v in tf_mod.global_variables()],
                 "outputs": [loss.name, scores.name, assignments[0][0].name, initialized.name]}
        vars_ = {v.op.name: v for v in tf_mod.global_variables()}
        with tf_mod.Session(graph=g) as sess:
            sess.run(tf_mod.global_variables_initializer())
            sess.run(init_op, {x: points})
            out["initialized"] = sess.run(initialized)
            for step in range(cfg["steps"]):
                out["loss_%d" % step] = sess.run(loss, {x: points})
                sess.run(train_op, {x: points})
                for name in ("alphas", "clusters", "clusters_covs"):
                    out["%s_%d" % (name, step)] = sess.run(vars_[name])
            out["loss"], out["scores"], out["assignments"] = sess.run(
                [loss, scores, assignments[0][0]], {x: points})
    return out, names
