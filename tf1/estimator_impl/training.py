"""`tf.estimator.train_and_evaluate` with `TrainSpec` / `EvalSpec`, for the local (non-distributed)
case TF 1.15's _TrainingExecutor.run_local handles: one `Estimator.train` up to max_steps, and a
checkpoint-saver listener that evaluates (and runs the exporters) after each checkpoint at most
once per `throttle_secs`, and once more at the end of training if the last step was not evaluated.
(tensorflow_estimator/python/estimator/training.py)"""
import collections
import os
import time

from ..api import export
from ..api import public as tf
from ..platform import tf_logging as logging
from .estimator import Estimator
from .exporter import Exporter


def _validate_input_fn(input_fn):
    if not callable(input_fn):
        raise TypeError("`input_fn` must be callable, given: {}".format(input_fn))


def _validate_hooks(hooks):
    hooks = tuple(hooks or [])
    for hook in hooks:
        if not isinstance(hook, tf().train.SessionRunHook):
            raise TypeError("All hooks must be `SessionRunHook` instances, given: {}".format(hook))
    return hooks


def _validate_saving_listeners(saving_listeners):
    saving_listeners = tuple(saving_listeners or [])
    for listener in saving_listeners:
        if not isinstance(listener, tf().train.CheckpointSaverListener):
            raise TypeError("All saving_listeners must be `CheckpointSaverListener` instances, given: {}".format(
                listener))
    return saving_listeners


def _validate_exporters(exporters):
    if not exporters:
        return ()
    if isinstance(exporters, Exporter):
        exporters = [exporters]
    unique_names = []
    try:
        for exporter in exporters:
            if not isinstance(exporter, Exporter):
                raise TypeError
            if not exporter.name:
                raise ValueError("An Exporter cannot have a name that is `None` or empty. All exporter names: "
                                 "{}".format([e.name for e in exporters]))
            if not isinstance(exporter.name, str):
                raise ValueError("An Exporter must have a string name. Given: {}".format(type(exporter.name)))
            if exporter.name in unique_names:
                raise ValueError("`exporters` must have unique names. Such a name cannot be `None`. All exporter "
                                 "names: {}".format([e.name for e in exporters]))
            unique_names.append(exporter.name)
    except TypeError:
        raise TypeError("`exporters` must be an Exporter, an iterable of Exporter, or `None`, found %s."
                        % (exporters,)) from None
    return tuple(exporters)


@export("estimator.TrainSpec")
class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks", "saving_listeners"])):
    def __new__(cls, input_fn, max_steps=None, hooks=None, saving_listeners=None):
        _validate_input_fn(input_fn)
        if max_steps is not None and max_steps <= 0:
            raise ValueError("Must specify max_steps > 0, given: {}".format(max_steps))
        return super().__new__(cls, input_fn=input_fn, max_steps=max_steps, hooks=_validate_hooks(hooks),
                               saving_listeners=_validate_saving_listeners(saving_listeners))


@export("estimator.EvalSpec")
class EvalSpec(collections.namedtuple("EvalSpec", ["input_fn", "steps", "name", "hooks", "exporters",
                                                   "start_delay_secs", "throttle_secs"])):
    def __new__(cls, input_fn, steps=100, name=None, hooks=None, exporters=None, start_delay_secs=120,
                throttle_secs=600):
        _validate_input_fn(input_fn)
        if steps is not None and steps <= 0:
            raise ValueError("Must specify steps > 0, given: {}".format(steps))
        if name is not None and not isinstance(name, str):
            raise TypeError("`name` must be string, given: {}".format(name))
        hooks = _validate_hooks(hooks)
        exporters = _validate_exporters(exporters)
        if start_delay_secs < 0:
            raise ValueError("Must specify start_delay_secs >= 0, given: {}".format(start_delay_secs))
        if throttle_secs < 0:
            raise ValueError("Must specify throttle_secs >= 0, given: {}".format(throttle_secs))
        return super().__new__(cls, input_fn=input_fn, steps=steps, name=name, hooks=hooks, exporters=exporters,
                               start_delay_secs=start_delay_secs, throttle_secs=throttle_secs)


def _assert_eval_spec(eval_spec):
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError("`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {}".format(type(eval_spec)))


class _Evaluator:
    """Evaluates the newest checkpoint (once per checkpoint) and hands the result to the exporters."""

    def __init__(self, estimator, eval_spec, max_training_steps):
        self._estimator = estimator
        self._eval_spec = eval_spec
        self._max_training_steps = max_training_steps
        self._previous_ckpt_path = None
        self._last_warning_time = 0

    def _log_err_msg(self, message):
        now = time.time()
        if now - self._last_warning_time > 600:
            logging.warning(message)
            self._last_warning_time = now

    def evaluate_and_export(self):
        latest_ckpt_path = self._estimator.latest_checkpoint()
        if not latest_ckpt_path:
            self._log_err_msg("Estimator is not trained yet. Will start an evaluation when a checkpoint is ready.")
            return None, []
        if latest_ckpt_path == self._previous_ckpt_path:
            self._log_err_msg("No new checkpoint ready for evaluation. Skip the current evaluation pass as "
                              "evaluation results are expected to be same for the same checkpoint.")
            return None, []
        metrics = self._estimator.evaluate(input_fn=self._eval_spec.input_fn, steps=self._eval_spec.steps,
                                           name=self._eval_spec.name, checkpoint_path=latest_ckpt_path,
                                           hooks=self._eval_spec.hooks)
        if not metrics:
            raise ValueError("Internal error: `Estimator.evaluate` should never return empty metrics.")
        if "global_step" not in metrics:
            raise ValueError("Internal error: `Estimator.evaluate` result should have `global_step` in result. "
                             "Given {}".format(metrics))
        is_the_final_export = (metrics["global_step"] >= self._max_training_steps
                               if self._max_training_steps else False)
        export_dir_base = os.path.join(str(self._estimator.model_dir), "export")
        export_results = [
            exporter.export(estimator=self._estimator, export_path=os.path.join(export_dir_base, exporter.name),
                            checkpoint_path=latest_ckpt_path, eval_result=metrics,
                            is_the_final_export=is_the_final_export)
            for exporter in self._eval_spec.exporters]
        self._last_warning_time = 0
        self._previous_ckpt_path = latest_ckpt_path
        return metrics, export_results


def _new_checkpoint_listener_for_evaluate(evaluator, eval_throttle_secs):
    t = tf()

    class NewCheckpointListenerForEvaluate(t.train.CheckpointSaverListener):
        """Evaluates after a checkpoint save (not the first: the model is untrained then), throttled."""

        def __init__(self):
            self.eval_result, self.export_results = None, None

        def begin(self):
            self._timer = t.train.SecondOrStepTimer(every_secs=eval_throttle_secs)
            self._is_first_run = True

        def after_save(self, session, global_step_value):
            if self._is_first_run:
                self._is_first_run = False
                return
            if self._timer.should_trigger_for_step(global_step_value):
                self._evaluate(global_step_value)
            else:
                logging.info("Skip the current checkpoint eval due to throttle secs ({} secs).".format(
                    eval_throttle_secs))

        def end(self, session, global_step_value):
            if global_step_value != self._timer.last_triggered_step():
                self._evaluate(global_step_value)

        def _evaluate(self, global_step_value):
            self._timer.update_last_triggered_step(global_step_value)
            self.eval_result, self.export_results = evaluator.evaluate_and_export()
            if self.eval_result is None:
                raise RuntimeError("There was no new checkpoint after the training. Eval status: no new checkpoint")

    return NewCheckpointListenerForEvaluate()


@export("estimator.train_and_evaluate")
def train_and_evaluate(estimator, train_spec, eval_spec):
    """Trains `estimator` to train_spec.max_steps, evaluating (and exporting) after checkpoints.
    Returns (the last evaluation's metrics, the last exporters' results), as TF's local run does."""
    _assert_eval_spec(eval_spec)
    if not isinstance(estimator, Estimator):
        raise TypeError("`estimator` must have type `tf.estimator.Estimator`. Got: {}".format(type(estimator)))
    if not isinstance(train_spec, TrainSpec):
        raise TypeError("`train_spec` must have type `tf.estimator.TrainSpec`. Got: {}".format(type(train_spec)))
    config = estimator.config
    logging.info("Running training and evaluation locally (non-distributed).")
    logging.info("Start train and evaluate loop. The evaluate will happen after every checkpoint. Checkpoint "
                 "frequency is determined based on RunConfig arguments: save_checkpoints_steps {} or "
                 "save_checkpoints_secs {}.".format(config.save_checkpoints_steps, config.save_checkpoints_secs))
    evaluator = _Evaluator(estimator, eval_spec, train_spec.max_steps)
    listener_for_eval = _new_checkpoint_listener_for_evaluate(evaluator, eval_spec.throttle_secs)
    estimator.train(input_fn=train_spec.input_fn, max_steps=train_spec.max_steps, hooks=list(train_spec.hooks),
                    saving_listeners=train_spec.saving_listeners + (listener_for_eval,))
    return listener_for_eval.eval_result, listener_for_eval.export_results
