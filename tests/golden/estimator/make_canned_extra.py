"""Goldens for tests/estimator/test_canned_extra.py: TF 1.15's DNNLinearCombinedRegressor,
Baseline{Classifier,Regressor} and (binary) LinearClassifier graphs, and crossed / hashed /
weighted feature columns.

TF 2.21 has no tensorflow_estimator, so the canned models' graphs are built here as TF 1.15's
model_fns build them (v1 heads: the loss is the SUM over the batch):
  - combined: logits = dnn logits (relu hidden layer, starting from DNN_INIT, the values the test
    warm-starts from) + linear_model logits; Adagrad(0.001) steps the dnn variables, Ftrl(min(0.005,
    1/sqrt(#linear columns))) the linear ones, then the global step advances;
  - baseline: logits = bias * ones([batch, logits_dimension]), Ftrl(0.3);
  - linear classifier: linear_model logits, Ftrl(min(0.2, 1/sqrt(#columns))), sigmoid cross-entropy;
then the metrics streamed over one epoch. The feature columns run through
tf.compat.v1.feature_column.input_layer / linear_model themselves.
Command: TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/estimator/make_canned_extra.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
X = np.arange(12, dtype=np.float32).reshape(6, 2) / 10.0
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.5).astype(np.float32)
Z = np.array([1, 0, 1, 0, 1, 0], np.float32)
LABELS = np.array([0, 1, 2, 1, 0, 2], np.int64)
_rng = np.random.RandomState(3)
DNN_INIT = {"dnn/hiddenlayer_0/kernel": _rng.uniform(-1, 1, (2, 3)).astype(np.float32),
            "dnn/hiddenlayer_0/bias": _rng.uniform(-0.1, 0.1, (3,)).astype(np.float32),
            "dnn/logits/kernel": _rng.uniform(-1, 1, (3, 1)).astype(np.float32),
            "dnn/logits/bias": np.array([0.05], np.float32)}
STEPS = 4


def batches(labels, n_epochs):
    ds = tf.data.Dataset.from_tensor_slices(({"x": X, "z": Z}, labels)).repeat(n_epochs).batch(3)
    return tf.data.make_one_shot_iterator(ds).get_next()


def combined_logits(features):
    with tf.variable_scope("dnn"):
        k0 = tf.get_variable("hiddenlayer_0/kernel", initializer=DNN_INIT["dnn/hiddenlayer_0/kernel"])
        b0 = tf.get_variable("hiddenlayer_0/bias", initializer=DNN_INIT["dnn/hiddenlayer_0/bias"])
        k1 = tf.get_variable("logits/kernel", initializer=DNN_INIT["dnn/logits/kernel"])
        b1 = tf.get_variable("logits/bias", initializer=DNN_INIT["dnn/logits/bias"])
        dnn_logits = tf.matmul(tf.nn.relu(tf.matmul(features["x"], k0) + b0), k1) + b1
    with tf.variable_scope("linear"):
        linear_logits = tf.feature_column.linear_model(features, [tf.feature_column.numeric_column("z")])
    return dnn_logits + linear_logits


def streamed(metrics, assign_values):
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        sess.run([tf.assign(v, np.reshape(assign_values[v.op.name], v.shape.as_list()))
                  for v in tf.trainable_variables()])
        try:
            while True:
                sess.run([u for _, u in metrics.values()])
        except tf.errors.OutOfRangeError:
            pass
        return {k: float(sess.run(v)) for k, (v, _) in metrics.items()}


def combined_regressor():
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        features, labels = batches(Y, None)
        loss = tf.reduce_sum(tf.squared_difference(combined_logits(features), labels))
        dnn_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="dnn")
        linear_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="linear")
        train = tf.group(tf.train.AdagradOptimizer(0.001).minimize(loss, var_list=dnn_vars),
                         tf.train.FtrlOptimizer(0.005).minimize(loss, var_list=linear_vars))
        with tf.control_dependencies([train]):
            train_op = tf.assign_add(gs, 1)
        names = sorted(v.op.name for v in tf.global_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(STEPS):
                sess.run(train_op)
            values = {v.op.name: sess.run(v).ravel().tolist() for v in tf.trainable_variables()}
    with tf.Graph().as_default():
        features, labels = batches(Y, 1)
        logits = combined_logits(features)
        unreduced = tf.squared_difference(logits, labels)
        metrics = {"average_loss": tf.metrics.mean(unreduced), "label/mean": tf.metrics.mean(labels),
                   "prediction/mean": tf.metrics.mean(logits), "loss": tf.metrics.mean(tf.reduce_sum(unreduced))}
        result = streamed(metrics, values)
    return {"variables": names, "values": values, "eval": result,
            "dnn_init": {k: v.ravel().tolist() for k, v in DNN_INIT.items()}}


def baseline(n_outputs, labels_np, classify):
    def logits_of(features):
        with tf.variable_scope("baseline"):
            bias = tf.get_variable("bias", [n_outputs], initializer=tf.zeros_initializer())
        return bias * tf.ones([tf.shape(features["x"])[0], n_outputs])

    def unreduced_loss(labels, logits):
        if classify:
            return tf.expand_dims(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits), -1)
        return tf.squared_difference(logits, tf.expand_dims(labels, -1) if labels.shape.ndims == 1 else labels)

    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        features, labels = batches(labels_np, None)
        loss = tf.reduce_sum(unreduced_loss(labels, logits_of(features)))
        train_op = tf.train.FtrlOptimizer(0.3).minimize(loss, global_step=gs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(STEPS):
                sess.run(train_op)
            values = {"baseline/bias": sess.run("baseline/bias:0").tolist()}
    with tf.Graph().as_default():
        features, labels = batches(labels_np, 1)
        logits = logits_of(features)
        unreduced = unreduced_loss(labels, logits)
        metrics = {"average_loss": tf.metrics.mean(unreduced), "loss": tf.metrics.mean(tf.reduce_sum(unreduced))}
        if classify:
            metrics["accuracy"] = tf.metrics.accuracy(labels, tf.argmax(logits, -1))
        else:
            metrics["label/mean"] = tf.metrics.mean(labels)
            metrics["prediction/mean"] = tf.metrics.mean(logits)
        result = streamed(metrics, values)
    return {"values": values, "eval": result}


CROSS_FEATURES = {"a": [["x", "y"], ["z", ""], ["", ""]], "b": [["p"], ["q"], ["p"]],
                  "k": [[1, -1], [2, 0], [-1, -1]], "n": [[0.2], [1.7], [0.9]]}


def crossed_columns():
    fc = tf.feature_column
    init = tf.constant_initializer(np.arange(14, dtype=np.float32).reshape(7, 2) / 10 - 0.3)
    k = fc.categorical_column_with_identity("k", 3)
    ab = fc.crossed_column(["a", "b"], 7)
    cols = {
        "a_X_b": fc.indicator_column(ab),
        "bucket_X_a": fc.indicator_column(fc.crossed_column([fc.bucketized_column(fc.numeric_column("n"), [0.5, 1.0]),
                                                             "a"], 5)),
        "nested": fc.indicator_column(fc.crossed_column([ab, k], 11)),
        "a_X_k_embedding": fc.embedding_column(fc.crossed_column(["a", k], 7), 2, combiner="sqrtn", initializer=init),
        "hash_a": fc.indicator_column(fc.categorical_column_with_hash_bucket("a", 6)),
        "hash_k": fc.indicator_column(fc.categorical_column_with_hash_bucket("k", 4, dtype=tf.int64)),
        "hash_k_embedding": fc.embedding_column(fc.categorical_column_with_hash_bucket("k", 7, dtype=tf.int64), 2,
                                                combiner="mean", initializer=init),
    }
    out = {}
    for name, col in cols.items():
        with tf.Graph().as_default():
            feats = {key: tf.constant(v, tf.int64 if key == "k" else None) for key, v in CROSS_FEATURES.items()}
            value = tf.feature_column.input_layer(feats, [col])
            with tf.Session() as sess:
                sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
                out[name] = {"value": sess.run(value).tolist(), "column_name": col.name}
    # linear_model over a cross: its weights are [hash_bucket_size, units], named after the cross.
    with tf.Graph().as_default():
        feats = {key: tf.constant(v, tf.int64 if key == "k" else None) for key, v in CROSS_FEATURES.items()}
        logits = tf.feature_column.linear_model(feats, [ab], units=2)
        names = {v.op.name: v.shape.as_list() for v in tf.global_variables()}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            weights = [v for v in tf.global_variables() if v.op.name.endswith("a_X_b/weights")][0]
            sess.run(weights.assign(np.arange(14, dtype=np.float32).reshape(7, 2)))
            out["linear_model"] = {"variables": names, "value": sess.run(logits).tolist()}
    return {"features": CROSS_FEATURES, "columns": out}


BINARY = np.array([0, 1, 1, 0, 1, 0], np.int64)


def linear_classifier():
    """LinearClassifier (binary): linear_model over x and z under 'linear', Ftrl(min(0.2, 1/sqrt(2))),
    the SUM of the sigmoid cross-entropies."""
    cols = [tf.feature_column.numeric_column("x", shape=(2,)), tf.feature_column.numeric_column("z")]

    def loss_of(features, labels):
        with tf.variable_scope("linear"):
            logits = tf.feature_column.linear_model(features, cols)
        unreduced = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(tf.reshape(labels, [-1, 1]), tf.float32),
                                                            logits=logits)
        return unreduced

    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        features, labels = batches(BINARY, None)
        train_op = tf.train.FtrlOptimizer(0.2).minimize(tf.reduce_sum(loss_of(features, labels)), global_step=gs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(STEPS):
                sess.run(train_op)
            values = {v.op.name: sess.run(v).ravel().tolist() for v in tf.trainable_variables()}
    with tf.Graph().as_default():
        features, labels = batches(BINARY, 1)
        unreduced = loss_of(features, labels)
        metrics = {"average_loss": tf.metrics.mean(unreduced), "loss": tf.metrics.mean(tf.reduce_sum(unreduced))}
        result = streamed(metrics, values)
    return {"values": values, "eval": result}


WEIGHTED_FEATURES = {"ids": [[0, 2], [1, -1], [1, 1], [-1, -1]],
                     "w": [[2.0, -0.5], [0.5, 0.0], [1.0, 3.0], [0.0, 0.0]]}


def weighted_columns():
    """weighted_categorical_column through indicator (weights summed, none dropped), embeddings and
    linear_model (each combiner; non-positive weights dropped)."""
    fc = tf.feature_column
    init = tf.constant_initializer(np.arange(6, dtype=np.float32).reshape(3, 2) - 2.0)

    def run(make_output):
        with tf.Graph().as_default():
            feats = {"ids": tf.constant(WEIGHTED_FEATURES["ids"], tf.int64), "w": tf.constant(WEIGHTED_FEATURES["w"])}
            column = fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 3), "w")
            value = make_output(feats, column)
            names = [v.op.name for v in tf.global_variables()]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for v in tf.global_variables():
                    if v.op.name.endswith("/weights") and "bias" not in v.op.name:
                        sess.run(v.assign(np.arange(6, dtype=np.float32).reshape(3, 2) / 2 - 1))
                return {"value": sess.run(value).tolist(), "variables": names, "name": column.name}

    out = {"indicator": run(lambda f, c: fc.input_layer(f, [fc.indicator_column(c)]))}
    for combiner in ("mean", "sqrtn", "sum"):
        out["embedding_" + combiner] = run(lambda f, c: fc.input_layer(
            f, [fc.embedding_column(c, 2, combiner=combiner, initializer=init)]))
        out["linear_" + combiner] = run(lambda f, c: fc.linear_model(f, [c], units=2, sparse_combiner=combiner))
    return {"features": WEIGHTED_FEATURES, "outputs": out}


def main():
    golden = {"weighted": weighted_columns(), "linear_classifier": linear_classifier(),
              "combined_regressor": combined_regressor(),
              "baseline_regressor": baseline(1, Y, classify=False),
              "baseline_classifier": baseline(3, LABELS, classify=True),
              "crossed": crossed_columns()}
    with open(os.path.join(HERE, "canned_extra.json"), "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
    print(json.dumps(golden)[:3000])


if __name__ == "__main__":
    main()
