"""The k-means scenarios shared by make_kmeans.py (run on real TF with TF 1.15's clustering_ops.py)
and tests/contrib/test_factorization_kmeans.py (run on tf1): same data, same graph, same session
steps. Needs no TensorFlow: the caller passes its `tf` module and its KMeans class."""
import numpy as np

# name -> settings. "init": "given" (the first k points, scaled), "callable" (the last k points),
# or a KMeans init name; "batches": the number of batches fed in turn (mini-batch) or 0 (full batch).
SCENARIOS = {
    "full_euclid": dict(metric="squared_euclidean", init="given", mini=False, spi=1, steps=4, batches=0),
    "full_cosine": dict(metric="cosine", init="given", mini=False, spi=1, steps=4, batches=0),
    "mini_euclid": dict(metric="squared_euclidean", init="given", mini=True, spi=1, steps=5, batches=3),
    "mini_cosine": dict(metric="cosine", init="given", mini=True, spi=1, steps=5, batches=3),
    "mini3_euclid": dict(metric="squared_euclidean", init="given", mini=True, spi=3, steps=7, batches=3),
    "mini3_cosine": dict(metric="cosine", init="given", mini=True, spi=3, steps=7, batches=3),
    "kpp_euclid": dict(metric="squared_euclidean", init="kmeans_plus_plus", mini=False, spi=1, steps=2,
                       batches=0, seed=3, retries=2),
    "kpp_cosine": dict(metric="cosine", init="kmeans_plus_plus", mini=False, spi=1, steps=2, batches=0,
                       seed=11, retries=-1),
    "kmc2_euclid": dict(metric="squared_euclidean", init="kmc2", mini=False, spi=1, steps=2, batches=0,
                        seed=5, chain=12),
    "kmc2_mini3_cosine": dict(metric="cosine", init="kmc2", mini=True, spi=3, steps=3, batches=0, seed=9,
                              chain=12),
    "sharded_full": dict(metric="squared_euclidean", init="given", mini=False, spi=1, steps=3,
                         batches=0, shards=2),
    "sharded_kpp_mini": dict(metric="cosine", init="kmeans_plus_plus", mini=True, spi=1, steps=3,
                             batches=0, shards=2, seed=21),
    "callable_mini": dict(metric="squared_euclidean", init="callable", mini=True, spi=1, steps=3,
                          batches=0),
}
K = 5


def make_data():
    rs = np.random.RandomState(1234)
    centers = rs.uniform(-5, 5, [K, 3])
    labels = rs.randint(0, K, 60)
    return (centers[labels] + rs.normal(0, 0.6, [60, 3])).astype(np.float32)


def run_scenario(tf_mod, KMeans, points, cfg, config=None):
    """Builds the graph and runs it: returns (arrays, names). Shared logic with the test."""
    g = tf_mod.Graph()
    out, names = {}, {}
    with g.as_default():
        x = tf_mod.placeholder(tf_mod.float32, [None, 3], name="x")
        inputs, n_shards = x, cfg.get("shards", 0)
        if n_shards:
            # A list of input shards: the points split in that many placeholders.
            inputs = [x] + [tf_mod.placeholder(tf_mod.float32, [None, 3], name="x%d" % i)
                            for i in range(1, n_shards)]
        if cfg["init"] == "given":
            initial = points[:K] * np.float32(1.5)
        elif cfg["init"] == "callable":
            initial = lambda inputs, k: inputs[0][-K:]  # noqa: E731
        else:
            initial = cfg["init"]
        km = KMeans(inputs, K, initial_clusters=initial, distance_metric=cfg["metric"],
                    use_mini_batch=cfg["mini"], mini_batch_steps_per_iteration=cfg["spi"],
                    random_seed=cfg.get("seed", 0),
                    kmeans_plus_plus_num_retries=cfg.get("retries", 2),
                    kmc2_chain_length=cfg.get("chain", 200))
        graph = km.training_graph()
        all_scores, idx, scores, initialized, init_op, train_op = graph
        names["tuple_lengths"] = [len(all_scores), len(idx), len(scores)]
        names["outputs"] = [t.name for t in (all_scores + idx + scores + (initialized,))]
        names["variables"] = [[v.op.name, str(v.get_shape())] for v in tf_mod.global_variables()]
        with tf_mod.Session(graph=g, config=config) as sess:
            sess.run(tf_mod.global_variables_initializer())
            n_init = 0

            def feed_of(batch):
                if not n_shards:
                    return {x: batch}
                return dict(zip(inputs, np.array_split(batch, n_shards)))

            while not sess.run(initialized):
                sess.run(init_op, feed_of(points))
                n_init += 1
            out["n_init"] = np.int64(n_init)
            clusters = [v for v in tf_mod.global_variables() if v.op.name == "clusters"][0]
            out["init_centers"] = sess.run(clusters)
            nb = cfg["batches"]
            for step in range(cfg["steps"]):
                feed = points if not nb else points[step % nb::nb]
                sess.run(train_op, feed_of(feed))
                out["centers_%d" % step] = sess.run(clusters)
            a, i, s = sess.run([all_scores, idx, scores], feed_of(points))
            out["all_scores"], out["idx"], out["scores"] = (np.concatenate(v) for v in (a, i, s))
            for v in tf_mod.global_variables():
                if v.op.name != "clusters":
                    out["var_" + v.op.name] = sess.run(v)
    return out, names
