"""Goldens for tests/estimator: what TF 1.15's Estimator computes, from plain tf.compat.v1 graphs.

TF 2.21 has no tensorflow_estimator, so the oracle runs the same model_fn graph the estimator builds
(global step, GradientDescent, MSE) in a plain MonitoredTrainingSession over the same batches, then
evaluates the metrics streaming over the eval batches, and checks feature columns with
tf.compat.v1.feature_column.input_layer.
Command: TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/estimator/make_estimator.py
"""
import json
import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

X = np.arange(12, dtype=np.float32).reshape(6, 2) / 10.0
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.5).astype(np.float32)


def linear(features):
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer([[0.1], [0.2]]))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    return tf.matmul(features["x"], w) + b


def batches(n_epochs):
    ds = tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).repeat(n_epochs).batch(3)
    return tf.data.make_one_shot_iterator(ds).get_next()


def train_and_eval():
    out = {}
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        features, labels = batches(None)
        pred = linear(features)
        loss = tf.losses.mean_squared_error(labels, pred)
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
        losses = []
        with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(last_step=5)]) as sess:
            while not sess.should_stop():
                _, l = sess.run([train_op, loss])
                losses.append(float(l))
        out["train_losses"] = losses
    # Weights after training, then eval and predict with them (a fresh graph restoring them).
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        features, labels = batches(None)
        pred = linear(features)
        loss = tf.losses.mean_squared_error(labels, pred)
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                sess.run(train_op)
            w, b = sess.run(["w:0", "b:0"])
    out["w"], out["b"] = w.tolist(), b.tolist()
    with tf.Graph().as_default():
        features, labels = batches(1)
        pred = linear(features)
        loss = tf.losses.mean_squared_error(labels, pred)
        mean_loss, up1 = tf.metrics.mean(loss)
        mae, up2 = tf.metrics.mean(tf.abs(labels - pred))
        acc, up3 = tf.metrics.accuracy(tf.cast(labels > 0, tf.int64), tf.cast(pred > 0, tf.int64))
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            sess.run([tf.assign(v, val) for v, val in zip(tf.trainable_variables(), [w, b])])
            try:
                while True:
                    sess.run([up1, up2, up3])
            except tf.errors.OutOfRangeError:
                pass
            out["eval_loss"], out["eval_mae"], out["eval_acc"] = [float(v) for v in sess.run([mean_loss, mae, acc])]
    out["predictions"] = (X @ w + b).ravel().tolist()
    return out


def feature_columns():
    fc = tf.feature_column
    features = {
        "a": np.array([[1.0], [2.0], [-1.0]], np.float32),
        "p": np.array([[0.5, 1.5], [2.0, 3.0], [4.0, -1.0]], np.float32),
        "id": np.array([[0], [2], [3]], np.int64),
        "word": np.array([["b"], ["c"], ["a"]]),
    }
    cols = [
        fc.numeric_column("a", normalizer_fn=lambda t: t * 2.0),
        fc.numeric_column("p", shape=(2,)),
        fc.bucketized_column(fc.numeric_column("a"), boundaries=[0.0, 1.5]),
        fc.indicator_column(fc.categorical_column_with_identity("id", num_buckets=4)),
        fc.indicator_column(fc.categorical_column_with_vocabulary_list("word", ["a", "b", "c"])),
        fc.embedding_column(fc.categorical_column_with_identity("id", num_buckets=4), dimension=3,
                            initializer=tf.constant_initializer(np.arange(12, dtype=np.float32).reshape(4, 3) / 10)),
    ]
    with tf.Graph().as_default():
        feats = {k: tf.constant(v) for k, v in features.items()}
        out = tf.feature_column.input_layer(feats, cols)
        names = [v.op.name for v in tf.global_variables()]
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
            value = sess.run(out)
    result = {"features": {k: v.tolist() for k, v in features.items()}, "input_layer": value.tolist(),
              "variables": names, "output_name": out.name}
    # Several ids per example (-1 and "" are "no id"), out-of-vocabulary words, combiners, rank-1 input.
    multi = {"ids": np.array([[0, 1], [2, -1], [-1, -1]], np.int64),
             "words": np.array([["a", "zz"], ["c", "c"], ["", "b"]]),
             "r1": np.array([3.0, 4.0, 5.0], np.float32)}
    init = tf.constant_initializer(np.arange(9, dtype=np.float32).reshape(3, 3) - 4)
    ids = fc.categorical_column_with_identity("ids", num_buckets=3)
    words = fc.categorical_column_with_vocabulary_list("words", ["a", "b", "c"])
    combos = {}
    for combiner in ("mean", "sum", "sqrtn"):
        with tf.Graph().as_default():
            cols = [fc.embedding_column(ids, 3, combiner=combiner, initializer=init),
                    fc.embedding_column(words, 3, combiner=combiner, initializer=init),
                    fc.indicator_column(ids), fc.indicator_column(words), fc.numeric_column("r1")]
            out = tf.feature_column.input_layer({k: tf.constant(v) for k, v in multi.items()}, cols)
            with tf.Session() as sess:
                sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
                combos[combiner] = sess.run(out).tolist()
            combos[combiner + "_variables"] = [v.op.name for v in tf.global_variables()]
    result["multi_features"] = {k: v.tolist() for k, v in multi.items()}
    result["multi"] = combos
    return result


Z = np.array([1, 0, 1, 0, 1, 0], np.float32)


def linear_regressor():
    """TF 1.15's LinearRegressor graph: linear_model under 'linear', Ftrl at min(0.2, 1/sqrt(#columns)),
    training loss the SUM of squared errors over the batch (v1 head)."""
    cols = [tf.feature_column.numeric_column("x", shape=(2,)), tf.feature_column.numeric_column("z")]

    def inputs(n_epochs):
        ds = tf.data.Dataset.from_tensor_slices(({"x": X, "z": Z}, Y)).repeat(n_epochs).batch(3)
        return tf.data.make_one_shot_iterator(ds).get_next()

    out = {}
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        features, labels = inputs(None)
        with tf.variable_scope("linear"):
            logits = tf.feature_column.linear_model(features, cols)
            loss = tf.reduce_sum(tf.squared_difference(logits, labels))
            train_op = tf.train.FtrlOptimizer(0.2).minimize(loss, global_step=gs)
        out["variables"] = sorted(v.op.name for v in tf.global_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                sess.run(train_op)
            values = {v.op.name: sess.run(v).ravel().tolist() for v in tf.trainable_variables()}
    out["values"] = values
    with tf.Graph().as_default():
        features, labels = inputs(1)
        with tf.variable_scope("linear"):
            logits = tf.feature_column.linear_model(features, cols)
        unreduced = tf.squared_difference(logits, labels)
        metrics = {"average_loss": tf.metrics.mean(unreduced), "label/mean": tf.metrics.mean(labels),
                   "prediction/mean": tf.metrics.mean(logits), "loss": tf.metrics.mean(tf.reduce_sum(unreduced))}
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            sess.run([tf.assign(v, np.reshape(values[v.op.name], v.shape.as_list())) for v in tf.trainable_variables()])
            try:
                while True:
                    sess.run([u for _, u in metrics.values()])
            except tf.errors.OutOfRangeError:
                pass
            out["eval"] = {k: float(sess.run(v)) for k, (v, _) in metrics.items()}
    return out


def metric_names():
    with tf.Graph().as_default():
        tf.metrics.mean(tf.constant([1.0, 2.0]))
        tf.metrics.accuracy(tf.constant([1, 2]), tf.constant([1, 1]))
        tf.metrics.mean(tf.constant([1.0]), name="my_mean")
        return {"local": [v.op.name for v in tf.local_variables()],
                "metric": [v.op.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]}


def main():
    golden = {"estimator": train_and_eval(), "feature_columns": feature_columns(), "metric_names": metric_names(),
              "linear_regressor": linear_regressor()}
    with open(os.path.join(HERE, "estimator.json"), "w") as f:
        json.dump(golden, f, indent=1)
    print(json.dumps(golden)[:3000])


if __name__ == "__main__":
    main()
