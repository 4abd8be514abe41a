"""`tf.estimator.Estimator`: builds a fresh graph per call from input_fn + model_fn and runs it in a
MonitoredTrainingSession (train) or MonitoredSession (evaluate/predict), logging as TF 1.15 does."""
import inspect
import os
import tempfile
import time

import numpy as np

from ..api import export
from ..platform import tf_logging as logging
from ..api import public as tf
from . import saved_model_export
from .mode_keys import ModeKeys
from .model_fn import LOSS_METRIC_KEY, EstimatorSpec
from .run_config import RunConfig, get_default_session_config


def _fn_args(fn):
    return tuple(inspect.signature(fn).parameters)


def _config_with_model_dir(config, model_dir):
    if config is None:
        config = RunConfig()
        logging.info("Using default config.")
    if not isinstance(config, RunConfig):
        raise ValueError("config must be an instance of `RunConfig`, but provided %s." % config)
    if config.session_config is None:
        config = config.replace(session_config=get_default_session_config())
    if model_dir is not None and config.model_dir is not None and config.model_dir != model_dir:
        raise ValueError(
            "`model_dir` are set both in constructor and `RunConfig`, but with different values. In "
            "constructor: '{}', in `RunConfig`: '{}' ".format(model_dir, config.model_dir))
    if model_dir:
        config = config.replace(model_dir=model_dir)
    elif config.model_dir is None:
        model_dir = tempfile.mkdtemp()
        logging.warning("Using temporary folder as model directory: %s", model_dir)
        config = config.replace(model_dir=model_dir)
    return config




def _stop_after_n_evals_hook(num_evals):
    """TF's evaluation._StopAfterNEvalsHook: stops after `num_evals` runs, logging progress."""
    t = tf()

    class StopAfterNEvalsHook(t.train.SessionRunHook):
        def __init__(self):
            self._num_evals = num_evals
            self._evals_completed = None
            self._log_progress = True
            self._log_frequency = 1 if num_evals is None or num_evals < 20 else int(np.floor(num_evals / 10.0))

        def _set_evals_completed_tensor(self, tensor):
            self._evals_completed = tensor

        def before_run(self, run_context):
            return t.train.SessionRunArgs({"evals_completed": self._evals_completed})

        def after_run(self, run_context, run_values):
            evals_completed = run_values.results["evals_completed"]
            if self._log_progress:
                if self._num_evals is None:
                    logging.info("Evaluation [%d]", evals_completed)
                elif (evals_completed % self._log_frequency) == 0 or self._num_evals == evals_completed:
                    logging.info("Evaluation [%d/%d]", evals_completed, self._num_evals)
            if self._num_evals is not None and evals_completed >= self._num_evals:
                run_context.request_stop()

    return StopAfterNEvalsHook()


def _get_or_create_eval_step():
    t = tf()
    steps = t.get_collection(t.GraphKeys.EVAL_STEP if hasattr(t.GraphKeys, "EVAL_STEP") else "eval_step")
    if steps:
        return steps[0]
    return t.get_variable("eval_step", shape=[], dtype=t.int64, initializer=t.zeros_initializer(),
                          trainable=False,
                          collections=[t.GraphKeys.LOCAL_VARIABLES, getattr(t.GraphKeys, "EVAL_STEP", "eval_step")])


def _dict_to_str(dictionary):
    return ", ".join("%s = %s" % (k, v) for k, v in sorted(dictionary.items()) if not isinstance(v, bytes))


@export("estimator.Estimator")
class Estimator:
    def __init__(self, model_fn, model_dir=None, config=None, params=None, warm_start_from=None):
        self._config = _config_with_model_dir(config, model_dir)
        self._model_dir = self._config.model_dir
        self._session_config = self._config.session_config
        logging.info("Using config: %s", str(vars(self._config)))
        self._model_fn = model_fn
        self._params = dict(params or {})
        self._warm_start_from = warm_start_from

    @property
    def model_dir(self):
        return self._model_dir

    @property
    def config(self):
        return self._config

    @property
    def params(self):
        return dict(self._params)

    @property
    def model_fn(self):
        return self._model_fn

    # Checkpoint access -------------------------------------------------------------------------------
    def latest_checkpoint(self):
        return tf().train.latest_checkpoint(self._model_dir)

    def _checkpoint(self):
        path = self.latest_checkpoint()
        if not path:
            raise ValueError("Could not find trained model in model_dir: {}.".format(self._model_dir))
        return path

    def get_variable_names(self):
        return [name for name, _ in tf().train.list_variables(self._checkpoint())]

    def get_variable_value(self, name):
        return tf().train.load_variable(self._checkpoint(), name)

    def eval_dir(self, name=None):
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    # Graph building -----------------------------------------------------------------------------------
    def _call_input_fn(self, input_fn, mode):
        kwargs = {}
        args = _fn_args(input_fn)
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self._params
        if "config" in args:
            kwargs["config"] = self._config
        result = input_fn(**kwargs)
        if isinstance(result, tf().data.Dataset):
            result = tf().data.make_one_shot_iterator(result).get_next()
        if isinstance(result, (list, tuple)):
            if len(result) == 2:
                return result[0], result[1]
            if len(result) == 1:
                return result[0], None
        return result, None

    def _call_model_fn(self, features, labels, mode, config):
        args = _fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self._params
        if "config" in args:
            kwargs["config"] = config
        logging.info("Calling model_fn.")
        spec = self._model_fn(features=features, **kwargs)
        logging.info("Done calling model_fn.")
        if not isinstance(spec, EstimatorSpec):
            raise ValueError("model_fn should return an EstimatorSpec.")
        return spec

    def _new_graph(self, mode):
        t = tf()
        graph = t.Graph()
        with graph.as_default():
            t.set_random_seed(self._config.tf_random_seed)
            global_step = t.train.get_or_create_global_step()
            features, labels = self._call_input_fn(self._input_fn_for_graph, mode)
            spec = self._call_model_fn(features, labels, mode, self._config)
        return graph, global_step, spec

    # Train --------------------------------------------------------------------------------------------
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        t = tf()
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError("Must specify steps > 0, given: {}".format(steps))
        if max_steps is not None and max_steps <= 0:
            raise ValueError("Must specify max_steps > 0, given: {}".format(max_steps))
        if max_steps is not None:
            ckpt = self.latest_checkpoint()
            start_step = int(t.train.load_variable(ckpt, "global_step")) if ckpt else 0
            if max_steps <= start_step:
                logging.info("Skipping training since max_steps has already saved.")
                return self
        hooks = list(hooks or [])
        if steps is not None or max_steps is not None:
            hooks.append(t.train.StopAtStepHook(steps, max_steps))
        loss = self._train_model(input_fn, hooks, list(saving_listeners or []))
        logging.info("Loss for final step: %s.", loss)
        return self

    def _maybe_warm_start(self):
        """warm_start_from: a checkpoint path or model directory (TF's default WarmStartSettings:
        every trainable variable from the value of the same name) or a WarmStartSettings."""
        t = tf()
        settings = self._warm_start_from
        if settings is None:
            return
        if isinstance(settings, (str, bytes)):
            settings = t.estimator.WarmStartSettings(ckpt_to_initialize_from=settings)
        if not isinstance(settings, t.estimator.WarmStartSettings):
            raise ValueError("warm_start_from must be a string or a WarmStartSettings, instead got %s"
                             % type(settings))
        logging.info("Warm-starting with WarmStartSettings: %s" % (settings,))
        t.train.warm_start(*settings)

    def _train_model(self, input_fn, hooks, saving_listeners):
        t = tf()
        self._input_fn_for_graph = input_fn
        graph, global_step, spec = self._new_graph(ModeKeys.TRAIN)
        with graph.as_default():
            self._maybe_warm_start()
            if not any(s.op.name == "loss" for s in t.get_collection(t.GraphKeys.SUMMARIES)):
                t.summary.scalar("loss", spec.loss)
            t.add_to_collection(t.GraphKeys.LOSSES, spec.loss)
            worker_hooks = list(hooks)
            worker_hooks.append(t.train.NanTensorHook(spec.loss))
            if self._config.log_step_count_steps is not None:
                worker_hooks.append(t.train.LoggingTensorHook({"loss": spec.loss, "step": global_step},
                                                              every_n_iter=self._config.log_step_count_steps))
            worker_hooks.extend(spec.training_hooks)
            if not (spec.scaffold.saver or t.get_collection(t.GraphKeys.SAVERS)):
                t.add_to_collection(t.GraphKeys.SAVERS, t.train.Saver(
                    sharded=True, max_to_keep=self._config.keep_checkpoint_max,
                    keep_checkpoint_every_n_hours=self._config.keep_checkpoint_every_n_hours,
                    defer_build=True, save_relative_paths=True))
            chief_hooks = []
            all_hooks = worker_hooks + list(spec.training_chief_hooks)
            saver_hooks = [h for h in all_hooks if isinstance(h, t.train.CheckpointSaverHook)]
            if self._config.save_checkpoints_secs or self._config.save_checkpoints_steps:
                if not saver_hooks:
                    chief_hooks = [t.train.CheckpointSaverHook(
                        self._model_dir, save_secs=self._config.save_checkpoints_secs,
                        save_steps=self._config.save_checkpoints_steps, scaffold=spec.scaffold)]
                    saver_hooks = [chief_hooks[0]]
            if saving_listeners:
                if not saver_hooks:
                    raise ValueError(
                        "There should be a CheckpointSaverHook to use saving_listeners. Please set one of the "
                        "RunConfig.save_checkpoints_steps or RunConfig.save_checkpoints_secs.")
                for listener in saving_listeners:
                    if listener not in saver_hooks[0]._listeners:
                        saver_hooks[0]._listeners.append(listener)
            loss = None
            any_step_done = False
            with t.train.MonitoredTrainingSession(
                    master=self._config.master, is_chief=True, checkpoint_dir=self._model_dir,
                    scaffold=spec.scaffold, hooks=worker_hooks,
                    chief_only_hooks=tuple(chief_hooks) + tuple(spec.training_chief_hooks),
                    save_checkpoint_secs=0, save_summaries_steps=self._config.save_summary_steps,
                    config=self._session_config, log_step_count_steps=self._config.log_step_count_steps) as sess:
                while not sess.should_stop():
                    _, loss = sess.run([spec.train_op, spec.loss])
                    any_step_done = True
            if not any_step_done:
                logging.warning("Training with estimator made no steps. Perhaps input is empty or misspecified.")
        return loss

    # Evaluate -----------------------------------------------------------------------------------------
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        t = tf()
        hooks = list(hooks or [])
        if steps is not None and steps <= 0:
            raise ValueError("Must specify steps > 0, given: {}".format(steps))
        if not checkpoint_path:
            latest_path = self.latest_checkpoint()
            if not latest_path:
                logging.info("Could not find trained model in model_dir: {}, running initialization to "
                             "evaluate.".format(self._model_dir))
            checkpoint_path = latest_path
        self._input_fn_for_graph = input_fn
        graph, global_step, spec = self._new_graph(ModeKeys.EVAL)
        with graph.as_default():
            eval_metric_ops = dict(spec.eval_metric_ops)
            if LOSS_METRIC_KEY in eval_metric_ops:
                raise ValueError("Metric with name \"%s\" is not allowed, because Estimator already defines "
                                 "a default metric with the same name." % LOSS_METRIC_KEY)
            eval_metric_ops[LOSS_METRIC_KEY] = t.metrics.mean(spec.loss)
            update_ops = [op for _, (_, op) in sorted(eval_metric_ops.items())]
            eval_dict = {k: v for k, (v, _) in eval_metric_ops.items()}
            if "global_step" in eval_dict:
                raise ValueError("Metric with name `global_step` is not allowed, because Estimator already "
                                 "defines a default metric with the same name.")
            eval_dict["global_step"] = global_step
            eval_step = _get_or_create_eval_step()
            with t.control_dependencies([t.group(*update_ops)]):
                eval_ops = t.assign_add(eval_step, 1)
            all_hooks = list(hooks) + list(spec.evaluation_hooks)
            stop_hooks = []
            if steps is not None:
                stop_hooks = [_stop_after_n_evals_hook(steps)]
                stop_hooks[0]._set_evals_completed_tensor(eval_ops)
            final_hook = t.train.FinalOpsHook(eval_dict)
            logging.info("Starting evaluation at " + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
            with t.train.MonitoredSession(
                    session_creator=t.train.ChiefSessionCreator(
                        scaffold=spec.scaffold, checkpoint_filename_with_path=checkpoint_path,
                        master=self._config.evaluation_master, config=self._session_config),
                    hooks=stop_hooks + all_hooks + [final_hook]) as sess:
                while not sess.should_stop():
                    sess.run(eval_ops)
            logging.info("Finished evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S", time.gmtime()))
            results = final_hook.final_ops_values
            self._write_eval_summary(self.eval_dir(name), results, checkpoint_path)
        return results

    def _write_eval_summary(self, output_dir, results, checkpoint_path):
        t = tf()
        step = int(results["global_step"])
        logging.info("Saving dict for global step %d: %s", step, _dict_to_str(results))
        summary = t.Summary()
        for key, value in results.items():
            if value is None or key == "global_step":
                continue
            if isinstance(value, (np.floating, float, np.integer, int)) and np.ndim(value) == 0:
                summary.value.add(tag=key, simple_value=float(value))
            else:
                logging.warn("Skipping summary for %s, must be a float, np.float32, np.int64, np.int32 or int or "
                             "a serialized string of Summary.", key)
        writer = t.summary.FileWriterCache.get(output_dir)
        writer.add_summary(summary, step)
        writer.flush()
        if checkpoint_path:
            path = os.path.relpath(checkpoint_path, output_dir)
            logging.info("Saving 'checkpoint_path' summary for global step %d: %s", step, checkpoint_path)
            tensor_summary = t.Summary()
            value = tensor_summary.value.add(tag="checkpoint_path")
            value.tensor.dtype = 7  # DT_STRING
            value.tensor.string_val.append(path.encode())
            value.metadata.plugin_data.plugin_name = "text"
            writer.add_summary(tensor_summary, step)
            writer.flush()

    # Predict ------------------------------------------------------------------------------------------
    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None,
                yield_single_examples=True):
        t = tf()
        hooks = list(hooks or [])
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
        if not checkpoint_path:
            logging.info("Could not find trained model in model_dir: {}, running initialization to "
                         "predict.".format(self._model_dir))
        graph = t.Graph()
        with graph.as_default():
            t.set_random_seed(self._config.tf_random_seed)
            t.train.get_or_create_global_step()
            features, _ = self._call_input_fn(input_fn, ModeKeys.PREDICT)
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self._config)
            predictions = self._extract_keys(spec.predictions, predict_keys)
            with t.train.MonitoredSession(
                    session_creator=t.train.ChiefSessionCreator(
                        checkpoint_filename_with_path=checkpoint_path, master=self._config.master,
                        scaffold=spec.scaffold, config=self._session_config),
                    hooks=hooks + list(spec.prediction_hooks)) as sess:
                while not sess.should_stop():
                    preds = sess.run(predictions)
                    if not yield_single_examples:
                        yield preds
                    elif not isinstance(predictions, dict):
                        for pred in preds:
                            yield pred
                    else:
                        batch = _batch_length(preds)
                        for i in range(batch):
                            yield {key: value[i] for key, value in preds.items()}

    # Export -------------------------------------------------------------------------------------------
    def export_saved_model(self, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False,
                           checkpoint_path=None, experimental_mode=ModeKeys.PREDICT):
        """Writes the PREDICT graph and the latest (or given) checkpoint's variables as a SavedModel in
        export_dir_base/<timestamp>; returns that directory (bytes)."""
        if experimental_mode != ModeKeys.PREDICT:
            raise NotImplementedError("only experimental_mode=ModeKeys.PREDICT is supported")
        return saved_model_export.export_saved_model(self, export_dir_base, serving_input_receiver_fn,
                                                     assets_extra, as_text, checkpoint_path,
                                                     strip_default_attrs=True)

    def export_savedmodel(self, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False,
                          checkpoint_path=None, strip_default_attrs=False):
        """The deprecated spelling of export_saved_model (it keeps default-valued attrs unless asked)."""
        return saved_model_export.export_saved_model(self, export_dir_base, serving_input_receiver_fn,
                                                     assets_extra, as_text, checkpoint_path,
                                                     strip_default_attrs=strip_default_attrs)

    @staticmethod
    def _extract_keys(predictions, predict_keys):
        if not predict_keys:
            return predictions
        if not isinstance(predictions, dict):
            raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")
        existing = predictions.keys()
        predictions = {key: value for key, value in predictions.items() if key in predict_keys}
        if not predictions:
            raise ValueError("Expected to run at least one output from {}, provided {}.".format(
                existing, predict_keys))
        return predictions


def _batch_length(preds):
    lengths = {key: value.shape[0] for key, value in preds.items()}
    values = set(lengths.values())
    if len(values) != 1:
        raise ValueError("Batch length of predictions should be same. {} has different batch length than "
                         "others.".format([k for k in lengths][0]))
    return values.pop()
