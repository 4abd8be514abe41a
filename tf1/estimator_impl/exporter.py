"""`tf.estimator.{Exporter, LatestExporter, FinalExporter, BestExporter}`: what train_and_evaluate
exports after each evaluation, under `<model_dir>/export/<exporter name>/<timestamp>`
(TF 1.15 tensorflow_estimator/python/estimator/exporter.py)."""
import glob
import inspect
import os
import shutil

from ..api import export
from ..api import public as tf
from ..platform import tf_logging as logging


@export("estimator.Exporter")
class Exporter:
    """A class representing a type of model export: `name` and `export(...)`."""

    @property
    def name(self):
        raise NotImplementedError

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        raise NotImplementedError


class _SavedModelExporter(Exporter):
    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False):
        self._name = name
        self._serving_input_receiver_fn = serving_input_receiver_fn
        self._assets_extra = assets_extra
        self._as_text = as_text

    @property
    def name(self):
        return self._name

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        return estimator.export_saved_model(export_path, self._serving_input_receiver_fn,
                                            assets_extra=self._assets_extra, as_text=self._as_text,
                                            checkpoint_path=checkpoint_path)


def _check_exports_to_keep(exports_to_keep, message):
    if exports_to_keep is not None and exports_to_keep <= 0:
        raise ValueError(message)


def _garbage_collect_exports(export_dir_base, exports_to_keep):
    """Deletes all but the `exports_to_keep` newest exports (directories named by a 10-digit timestamp)."""
    if exports_to_keep is None:
        return
    base = export_dir_base.decode() if isinstance(export_dir_base, bytes) else export_dir_base
    if not os.path.isdir(base):
        return
    versions = sorted(int(n) for n in os.listdir(base) if len(n) == 10 and n.isdigit())
    for version in versions[:-exports_to_keep] if len(versions) > exports_to_keep else []:
        path = os.path.join(base, str(version))
        try:
            shutil.rmtree(path)
        except OSError as e:
            logging.warn("Can not delete %s recursively: %s", path, e)


@export("estimator.LatestExporter")
class LatestExporter(Exporter):
    """Exports after every evaluation, keeping the `exports_to_keep` newest."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False, exports_to_keep=5):
        self._saved_model_exporter = _SavedModelExporter(name, serving_input_receiver_fn, assets_extra, as_text)
        self._exports_to_keep = exports_to_keep
        _check_exports_to_keep(exports_to_keep, "`exports_to_keep`, if provided, must be positive number")

    @property
    def name(self):
        return self._saved_model_exporter.name

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        result = self._saved_model_exporter.export(estimator, export_path, checkpoint_path, eval_result,
                                                   is_the_final_export)
        _garbage_collect_exports(export_path, self._exports_to_keep)
        return result


@export("estimator.FinalExporter")
class FinalExporter(Exporter):
    """Exports only once: after the evaluation that reaches the training's max_steps."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False):
        self._saved_model_exporter = _SavedModelExporter(name, serving_input_receiver_fn, assets_extra, as_text)

    @property
    def name(self):
        return self._saved_model_exporter.name

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        if not is_the_final_export:
            return None
        logging.info("Performing the final export in the end of training.")
        return self._saved_model_exporter.export(estimator, export_path, checkpoint_path, eval_result,
                                                 is_the_final_export)


def _loss_smaller(best_eval_result, current_eval_result):
    default_key = "loss"
    if not best_eval_result or default_key not in best_eval_result:
        raise ValueError("best_eval_result cannot be empty or no loss is found in it.")
    if not current_eval_result or default_key not in current_eval_result:
        raise ValueError("current_eval_result cannot be empty or no loss is found in it.")
    return best_eval_result[default_key] > current_eval_result[default_key]


def _verify_compare_fn_args(compare_fn):
    args = set(inspect.signature(compare_fn).parameters)
    for needed in ("best_eval_result", "current_eval_result"):
        if needed not in args:
            raise ValueError("compare_fn (%s) must include %s argument." % (compare_fn, needed))
    extra = list(args - {"best_eval_result", "current_eval_result"})
    if extra:
        raise ValueError("compare_fn (%s) has following not expected args: %s" % (compare_fn, extra))


@export("estimator.BestExporter")
class BestExporter(Exporter):
    """Exports when `compare_fn(best_eval_result, current_eval_result)` says the evaluation beats the
    best so far. The best so far starts from the eval summaries already in the model's event files
    (which, as in TF, include the evaluation just written: the first evaluation is not exported)."""

    def __init__(self, name="best_exporter", serving_input_receiver_fn=None, event_file_pattern="eval/*.tfevents.*",
                 compare_fn=_loss_smaller, assets_extra=None, as_text=False, exports_to_keep=5):
        self._compare_fn = compare_fn
        if self._compare_fn is None:
            raise ValueError("`compare_fn` must not be None.")
        _verify_compare_fn_args(self._compare_fn)
        self._saved_model_exporter = _SavedModelExporter(name, serving_input_receiver_fn, assets_extra, as_text)
        self._event_file_pattern = event_file_pattern
        self._model_dir = None
        self._best_eval_result = None
        self._exports_to_keep = exports_to_keep
        _check_exports_to_keep(exports_to_keep, "`exports_to_keep`, if provided, must be a positive number. Got "
                               "%s" % exports_to_keep)

    @property
    def name(self):
        return self._saved_model_exporter.name

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        export_result = None
        if self._model_dir != estimator.model_dir and self._event_file_pattern:
            logging.info("Loading best metric from event files.")
            self._model_dir = estimator.model_dir
            self._best_eval_result = self._get_best_eval_result(
                os.path.join(self._model_dir, self._event_file_pattern))
        if self._best_eval_result is None or self._compare_fn(best_eval_result=self._best_eval_result,
                                                              current_eval_result=eval_result):
            logging.info("Performing best model export.")
            self._best_eval_result = eval_result
            export_result = self._saved_model_exporter.export(estimator, export_path, checkpoint_path,
                                                              eval_result, is_the_final_export)
            _garbage_collect_exports(export_path, self._exports_to_keep)
        return export_result

    def _get_best_eval_result(self, event_files):
        if not event_files:
            return None
        best_eval_result = None
        for event_file in sorted(glob.glob(event_files)):
            for event in tf().train.summary_iterator(event_file):
                if event.HasField("summary"):
                    event_eval_result = {value.tag: value.simple_value for value in event.summary.value
                                         if value.HasField("simple_value")}
                    if event_eval_result and (best_eval_result is None
                                              or self._compare_fn(best_eval_result, event_eval_result)):
                        best_eval_result = event_eval_result
        return best_eval_result
