"""tf.estimator.Estimator: training, evaluation, prediction and logging, against goldens that TF 2.21
computes for the same graph with plain tf.compat.v1 ops (tests/golden/estimator/make_estimator.py);
log lines as TF 1.15's tensorflow_estimator writes them."""
import glob
import json
import logging
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "estimator",
                                     "estimator.json")))["estimator"]
X = np.arange(12, dtype=np.float32).reshape(6, 2) / 10.0
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.5).astype(np.float32)


def model_fn(features, labels, mode, params):
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer([[0.1], [0.2]]))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    pred = tf.matmul(features["x"], w) + b
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": pred, "double": 2 * pred})
    loss = tf.losses.mean_squared_error(labels, pred)
    train_op = tf.train.GradientDescentOptimizer(params["lr"]).minimize(loss, global_step=tf.train.get_global_step())
    metrics = {"mae": tf.metrics.mean(tf.abs(labels - pred)),
               "acc": tf.metrics.accuracy(tf.cast(labels > 0, tf.int64), tf.cast(pred > 0, tf.int64))}
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops=metrics)


def train_input(epochs=None):
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=3, num_epochs=epochs, shuffle=False)


def make(tmp_path, **config):
    config.setdefault("log_step_count_steps", 1)
    return tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.1},
                                  config=tf.estimator.RunConfig(**config))


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO, logger="tensorflow")
    return caplog


def messages(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "tensorflow"]


def test_train_matches_plain_graph_and_logs_like_tf(tmp_path, log):
    est = make(tmp_path)
    assert est.train(train_input(), steps=5) is est
    np.testing.assert_allclose(est.get_variable_value("w"), GOLDEN["w"], rtol=1e-5)
    np.testing.assert_allclose(est.get_variable_value("b"), GOLDEN["b"], rtol=1e-5)
    assert est.get_variable_value("global_step") == 5
    assert est.get_variable_names() == ["b", "global_step", "w"]
    assert est.latest_checkpoint() == os.path.join(str(tmp_path), "model.ckpt-5")
    msgs = messages(log)
    assert msgs[0].startswith("Using config: {'_model_dir': '%s', '_tf_random_seed': None, "
                              "'_save_summary_steps': 100, '_save_checkpoints_steps': None, "
                              "'_save_checkpoints_secs': 600, '_session_config': allow_soft_placement: true\n"
                              "graph_options {\n  rewrite_options {\n    meta_optimizer_iterations: ONE\n  }\n}\n, "
                              "'_keep_checkpoint_max': 5, '_keep_checkpoint_every_n_hours': 10000, "
                              "'_log_step_count_steps': 1, " % tmp_path)
    assert msgs[0].endswith("'_task_type': 'worker', '_task_id': 0, '_global_id_in_cluster': 0, '_master': '', "
                            "'_evaluation_master': '', '_is_chief': True, '_num_ps_replicas': 0, "
                            "'_num_worker_replicas': 1}")
    expected = ["Calling model_fn.", "Done calling model_fn.", "Create CheckpointSaverHook.",
                "Graph was finalized.", "Running local_init_op.", "Done running local_init_op.",
                "Saving checkpoints for 0 into %s/model.ckpt." % tmp_path]
    assert msgs[1:8] == expected
    losses = [m for m in msgs if m.startswith("loss = ")]
    assert len(losses) == 5
    for i, (m, want) in enumerate(zip(losses, GOLDEN["train_losses"])):
        head, step = m.split(", step = ")
        assert int(step.split()[0]) == i + 1
        assert float(head[len("loss = "):]) == pytest.approx(want, rel=1e-5)
    assert msgs[-2] == "Saving checkpoints for 5 into %s/model.ckpt." % tmp_path
    assert msgs[-1] == "Loss for final step: %s." % np.float32(GOLDEN["train_losses"][-1])


def test_steps_are_incremental_and_max_steps_absolute(tmp_path, log):
    est = make(tmp_path, log_step_count_steps=None)
    est.train(train_input(), steps=2)
    est.train(train_input(), steps=3)
    assert est.get_variable_value("global_step") == 5
    est.train(train_input(), max_steps=5)
    assert messages(log)[-1] == "Skipping training since max_steps has already saved."
    np.testing.assert_allclose(est.get_variable_value("w"), GOLDEN["w"], rtol=1e-5)
    assert not [m for m in messages(log) if m.startswith("loss = ")]


def test_train_stops_at_end_of_input(tmp_path):
    est = make(tmp_path)
    est.train(train_input(epochs=1))  # 6 examples / batch 3: two steps, then OutOfRange ends training
    assert est.get_variable_value("global_step") == 2


def test_evaluate_returns_metrics_and_writes_eval_events(tmp_path, log):
    est = make(tmp_path)
    est.train(train_input(), steps=5)
    log.clear()
    result = est.evaluate(train_input(epochs=1))
    assert sorted(result) == ["acc", "global_step", "loss", "mae"]
    assert result["global_step"] == 5
    assert result["loss"] == pytest.approx(GOLDEN["eval_loss"], rel=1e-5)
    assert result["mae"] == pytest.approx(GOLDEN["eval_mae"], rel=1e-5)
    assert result["acc"] == pytest.approx(GOLDEN["eval_acc"], rel=1e-6)
    msgs = messages(log)
    assert msgs[:2] == ["Calling model_fn.", "Done calling model_fn."]
    assert msgs[2].startswith("Starting evaluation at ")
    assert "Restoring parameters from %s/model.ckpt-5" % tmp_path in msgs
    assert msgs[-2] == "Saving dict for global step 5: acc = %s, global_step = 5, loss = %s, mae = %s" % (
        result["acc"], result["loss"], result["mae"])
    assert msgs[-1] == "Saving 'checkpoint_path' summary for global step 5: %s/model.ckpt-5" % tmp_path
    events = glob.glob(os.path.join(str(tmp_path), "eval", "events.out.tfevents.*"))
    assert len(events) == 1
    values = {v.tag: v.simple_value for e in tf.train.summary_iterator(events[0]) if e.HasField("summary")
              for v in e.summary.value if v.tag != "checkpoint_path"}
    assert values["loss"] == pytest.approx(GOLDEN["eval_loss"], rel=1e-5)
    assert set(values) == {"loss", "mae", "acc"}


def test_evaluate_steps_and_name(tmp_path, log):
    est = make(tmp_path)
    est.train(train_input(), steps=5)
    log.clear()
    result = est.evaluate(train_input(), steps=2, name="train")
    assert result["loss"] == pytest.approx(GOLDEN["eval_loss"], rel=1e-5)
    assert "Evaluation [1/2]" in messages(log) and "Evaluation [2/2]" in messages(log)
    assert glob.glob(os.path.join(str(tmp_path), "eval_train", "events.out.tfevents.*"))


def test_evaluate_without_checkpoint_initialises(tmp_path, log):
    est = make(tmp_path)
    result = est.evaluate(train_input(epochs=1))
    assert result["global_step"] == 0
    assert ("Could not find trained model in model_dir: %s, running initialization to evaluate." % tmp_path
            in messages(log))


def test_predict(tmp_path):
    est = make(tmp_path)
    est.train(train_input(), steps=5)
    pred_input = tf.estimator.inputs.numpy_input_fn({"x": X}, batch_size=4, shuffle=False)
    preds = list(est.predict(pred_input))
    assert len(preds) == 6 and sorted(preds[0]) == ["double", "y"]
    np.testing.assert_allclose([p["y"][0] for p in preds], GOLDEN["predictions"], rtol=1e-5)
    only = list(est.predict(pred_input, predict_keys=["y"]))
    assert sorted(only[0]) == ["y"]
    batches = list(est.predict(pred_input, yield_single_examples=False))
    assert [b["y"].shape for b in batches] == [(4, 1), (2, 1)]


def test_dataset_input_fn(tmp_path):
    def input_fn():
        return tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).repeat().batch(3)
    est = make(tmp_path)
    est.train(input_fn, steps=5)
    np.testing.assert_allclose(est.get_variable_value("w"), GOLDEN["w"], rtol=1e-5)


def test_compat_v1_names():
    assert tf.compat.v1.estimator.inputs.numpy_input_fn is tf.estimator.inputs.numpy_input_fn
    assert tf.estimator.ModeKeys.TRAIN == "train" and tf.estimator.ModeKeys.PREDICT == "infer"


def test_argument_errors(tmp_path):
    est = make(tmp_path)
    with pytest.raises(ValueError, match="Can not provide both steps and max_steps."):
        est.train(train_input(), steps=1, max_steps=1)
    with pytest.raises(ValueError, match=r"Must specify steps > 0, given: 0"):
        est.train(train_input(), steps=0)
    with pytest.raises(ValueError, match="Missing train_op."):
        tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.TRAIN, loss=tf.constant(1.0))
    with pytest.raises(ValueError, match="shuffle must be provided and explicitly set as boolean"):
        tf.estimator.inputs.numpy_input_fn({"x": X})
    with pytest.raises(ValueError, match="`model_dir` are set both in constructor and `RunConfig`"):
        tf.estimator.Estimator(model_fn, model_dir="/a", config=tf.estimator.RunConfig(model_dir="/b"))


def test_metric_variables_match_tf():
    names = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "estimator",
                                        "estimator.json")))["metric_names"]
    with tf.Graph().as_default():
        mean, update = tf.metrics.mean(tf.constant([1.0, 2.0]))
        acc, acc_update = tf.metrics.accuracy(tf.constant([1, 2]), tf.constant([1, 1]))
        tf.metrics.mean(tf.constant([1.0]), name="my_mean")
        assert [v.op.name for v in tf.local_variables()] == names["local"]
        assert [v.op.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)] == names["metric"]
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            assert sess.run(mean) == 0.0  # no values yet: 0, not nan
            assert sess.run([update, acc_update]) == [1.5, 0.5]
            assert sess.run([update, mean, acc]) == [1.5, 1.5, 0.5]


def test_warm_start_from_another_model_dir(tmp_path):
    first = make(tmp_path / "a")
    first.train(train_input(), steps=5)
    second = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path / "b"), params={"lr": 0.0},
                                    warm_start_from=str(tmp_path / "a"))
    second.train(train_input(), steps=1)  # lr 0: the weights stay those warm-started from a
    np.testing.assert_allclose(second.get_variable_value("w"), GOLDEN["w"], rtol=1e-5)
    assert second.get_variable_value("global_step") == 1
