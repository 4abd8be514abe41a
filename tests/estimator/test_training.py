"""tf.estimator.train_and_evaluate (local): evaluation after each checkpoint, throttled, and at the
end; the exporters; the specs' validation. The final evaluation is of the LinearRegressor trained
5 steps, whose metrics TF computed (tests/golden/estimator/estimator.json, linear_regressor)."""
import glob
import json
import os

import numpy as np
import pytest

import tf1 as tf

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "estimator",
                                     "estimator.json")))["linear_regressor"]
X = np.arange(12, dtype=np.float32).reshape(6, 2) / 10.0
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.5).astype(np.float32)
Z = np.array([1, 0, 1, 0, 1, 0], np.float32)
COLS = [tf.feature_column.numeric_column("x", shape=(2,)), tf.feature_column.numeric_column("z")]


def inputs(epochs):
    return tf.estimator.inputs.numpy_input_fn({"x": X, "z": Z}, Y, batch_size=3, num_epochs=epochs, shuffle=False)


def _eval_steps(model_dir, name="eval"):
    steps = []
    for path in sorted(glob.glob(os.path.join(model_dir, name, "events.out.tfevents.*"))):
        for event in tf.train.summary_iterator(path):
            if any(v.tag == "loss" for v in event.summary.value):
                steps.append(event.step)
    return steps


def _versions(path):
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def test_train_and_evaluate_after_every_checkpoint(tmp_path):
    config = tf.estimator.RunConfig(save_checkpoints_steps=2)
    est = tf.estimator.LinearRegressor(COLS, model_dir=str(tmp_path), config=config)
    receiver_fn = tf.estimator.export.build_parsing_serving_input_receiver_fn(
        tf.feature_column.make_parse_example_spec(COLS))
    exporters = [tf.estimator.LatestExporter("latest", receiver_fn, exports_to_keep=2),
                 tf.estimator.FinalExporter("final", receiver_fn),
                 tf.estimator.BestExporter(serving_input_receiver_fn=receiver_fn)]
    metrics, export_results = tf.estimator.train_and_evaluate(
        est, tf.estimator.TrainSpec(inputs(None), max_steps=5),
        tf.estimator.EvalSpec(inputs(1), steps=None, throttle_secs=0, exporters=exporters))
    # Checkpoints at steps 0 (not evaluated: untrained), 2, 4 and 5 (the end).
    assert _eval_steps(str(tmp_path)) == [2, 4, 5]
    assert metrics["global_step"] == 5
    for key, value in GOLDEN["eval"].items():
        assert metrics[key] == pytest.approx(value, rel=1e-5), key
    export_base = tmp_path / "export"
    assert len(_versions(export_base / "latest")) == 2  # three exports, the newest two kept
    assert len(_versions(export_base / "final")) == 1  # only after the evaluation at max_steps
    # The best exporter starts from the eval events already written, the first evaluation's
    # included, so that one is not exported; the loss falls each time after it.
    assert len(_versions(export_base / "best_exporter")) == 2
    assert [os.path.dirname(r.decode()) for r in export_results] == [
        str(export_base / "latest"), str(export_base / "final"), str(export_base / "best_exporter")]


def test_throttle_secs_skips_evaluations_but_not_the_last(tmp_path):
    config = tf.estimator.RunConfig(save_checkpoints_steps=2)
    est = tf.estimator.LinearRegressor(COLS, model_dir=str(tmp_path), config=config)
    metrics, export_results = tf.estimator.train_and_evaluate(
        est, tf.estimator.TrainSpec(inputs(None), max_steps=5),
        tf.estimator.EvalSpec(inputs(1), steps=1, name="holdout", throttle_secs=600))
    # The first checkpoint after training starts is evaluated; step 4 is within throttle_secs; the
    # end of training evaluates the last checkpoint.
    assert _eval_steps(str(tmp_path), "eval_holdout") == [2, 5]
    assert metrics["global_step"] == 5 and export_results == []


def test_train_and_evaluate_when_already_trained(tmp_path):
    est = tf.estimator.LinearRegressor(COLS, model_dir=str(tmp_path))
    est.train(inputs(None), steps=1)
    assert tf.estimator.train_and_evaluate(est, tf.estimator.TrainSpec(inputs(None), max_steps=1),
                                           tf.estimator.EvalSpec(inputs(1))) == (None, None)


def test_spec_validation():
    fn = inputs(1)
    with pytest.raises(ValueError, match=r"Must specify max_steps > 0, given: 0"):
        tf.estimator.TrainSpec(fn, max_steps=0)
    with pytest.raises(TypeError, match="`input_fn` must be callable, given: 3"):
        tf.estimator.TrainSpec(3)
    with pytest.raises(TypeError, match="All hooks must be `SessionRunHook` instances"):
        tf.estimator.TrainSpec(fn, hooks=[object()])
    with pytest.raises(ValueError, match=r"Must specify steps > 0, given: 0"):
        tf.estimator.EvalSpec(fn, steps=0)
    with pytest.raises(ValueError, match=r"Must specify throttle_secs >= 0, given: -1"):
        tf.estimator.EvalSpec(fn, throttle_secs=-1)
    with pytest.raises(ValueError, match=r"Must specify start_delay_secs >= 0, given: -1"):
        tf.estimator.EvalSpec(fn, start_delay_secs=-1)
    with pytest.raises(TypeError, match="`exporters` must be an Exporter, an iterable of Exporter, or `None`"):
        tf.estimator.EvalSpec(fn, exporters=[3])
    same = [tf.estimator.FinalExporter("a", None), tf.estimator.LatestExporter("a", None)]
    with pytest.raises(ValueError, match="`exporters` must have unique names"):
        tf.estimator.EvalSpec(fn, exporters=same)
    spec = tf.estimator.EvalSpec(fn, exporters=tf.estimator.FinalExporter("f", None))
    assert (spec.steps, spec.start_delay_secs, spec.throttle_secs, len(spec.exporters)) == (100, 120, 600, 1)
    with pytest.raises(TypeError, match="`eval_spec` must have type `tf.estimator.EvalSpec`"):
        tf.estimator.train_and_evaluate(None, tf.estimator.TrainSpec(fn), None)
    with pytest.raises(ValueError, match="`exports_to_keep`, if provided, must be positive number"):
        tf.estimator.LatestExporter("l", None, exports_to_keep=0)
    with pytest.raises(ValueError, match="compare_fn .* must include current_eval_result argument"):
        tf.estimator.BestExporter(compare_fn=lambda best_eval_result: True)
