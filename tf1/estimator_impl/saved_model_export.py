"""Estimator.export_saved_model: the PREDICT graph from a serving input receiver, its export outputs
as SignatureDefs, and the checkpoint's variables, written as a SavedModel under
`export_dir_base/<timestamp>` (TF 1.15 estimator.py _export_all_saved_models and
saved_model/model_utils/export_utils.py)."""
import collections
import os
import shutil
import time

from ..platform import tf_logging as logging
from ..api import public as tf
from ..saved_model_impl import constants as sm
from ..saved_model_impl import signature_def_utils
from .export_output import ExportOutput, PredictOutput
from .mode_keys import ModeKeys
from .serving_input import SINGLE_RECEIVER_DEFAULT_NAME

MAX_DIRECTORY_CREATION_ATTEMPTS = 10

_FRIENDLY_METHOD_NAMES = collections.OrderedDict([
    (sm.CLASSIFY_METHOD_NAME, "Classify"), (sm.REGRESS_METHOD_NAME, "Regress"),
    (sm.PREDICT_METHOD_NAME, "Predict"), (sm.SUPERVISED_TRAIN_METHOD_NAME, "Train"),
    (sm.SUPERVISED_EVAL_METHOD_NAME, "Eval")])


def get_timestamped_export_dir(export_dir_base):
    """export_dir_base/<seconds since epoch>, waiting a second while that directory exists."""
    for attempt in range(1, MAX_DIRECTORY_CREATION_ATTEMPTS + 1):
        result_dir = os.path.join(_as_bytes(export_dir_base), str(int(time.time())).encode())
        if not os.path.exists(result_dir):
            return result_dir
        time.sleep(1)
        logging.warn("Directory {} already exists; retrying (attempt {}/{})".format(
            result_dir.decode(), attempt, MAX_DIRECTORY_CREATION_ATTEMPTS))
    raise RuntimeError("Failed to obtain a unique export directory name after {} attempts.".format(
        MAX_DIRECTORY_CREATION_ATTEMPTS))


def get_temp_export_dir(timestamped_export_dir):
    dirname, basename = os.path.split(timestamped_export_dir)
    return os.path.join(dirname, b"temp-" + basename)


def _as_bytes(path):
    return path if isinstance(path, bytes) else str(path).encode()


def _maybe_add_default_serving_output(export_outputs):
    if len(export_outputs) == 1:
        (key, value), = export_outputs.items()
        if key != sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
            export_outputs[sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY] = value
    if len(export_outputs) > 1 and sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY not in export_outputs:
        raise ValueError("Multiple export_outputs were provided, but none of them is specified as the default.  "
                         "Do this by naming one of them with signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY.")
    return export_outputs


def get_export_outputs(export_outputs, predictions):
    """The model_fn's export outputs, or by default one PredictOutput of all predictions."""
    if export_outputs is None:
        export_outputs = {sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY: PredictOutput(predictions)}
    if not isinstance(export_outputs, dict):
        raise TypeError("export_outputs must be dict, given: {}".format(export_outputs))
    for value in export_outputs.values():
        if not isinstance(value, ExportOutput):
            raise TypeError("Values in export_outputs must be ExportOutput objects. Given: {}".format(export_outputs))
    return _maybe_add_default_serving_output(dict(export_outputs))


def _log_signature_report(signature_def_map, excluded_signatures):
    by_method = collections.OrderedDict((name, []) for name in _FRIENDLY_METHOD_NAMES)
    for signature_name, sig in signature_def_map.items():
        by_method.setdefault(sig.method_name, []).append(signature_name)
    for method_name, sig_names in by_method.items():
        logging.info("Signatures INCLUDED in export for {}: {}".format(
            _FRIENDLY_METHOD_NAMES.get(method_name, method_name), sig_names if sig_names else "None"))
    if excluded_signatures:
        logging.info("Signatures EXCLUDED from export because they cannot be be served via TensorFlow Serving "
                     "APIs:")
        for signature_name, message in excluded_signatures.items():
            logging.info("'{}' : {}".format(signature_name, message))
    if not signature_def_map:
        logging.warn("Export includes no signatures!")
    elif sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY not in signature_def_map:
        logging.warn("Export includes no default signature!")


def build_all_signature_defs(receiver_tensors, export_outputs, receiver_tensors_alternatives=None):
    """One signature per export output (and per alternative receiver, keyed 'receiver:output');
    those TensorFlow Serving cannot serve (a classify/regress output without one string input) are
    left out, logged."""
    if not isinstance(receiver_tensors, dict):
        receiver_tensors = {SINGLE_RECEIVER_DEFAULT_NAME: receiver_tensors}
    if export_outputs is None or not isinstance(export_outputs, dict):
        raise ValueError("export_outputs must be a dict and not {}".format(type(export_outputs)))
    receivers = [(None, receiver_tensors)]
    for name, tensors in (receiver_tensors_alternatives or {}).items():
        if not isinstance(tensors, dict):
            tensors = {SINGLE_RECEIVER_DEFAULT_NAME: tensors}
        receivers.append((name or "None", tensors))
    signature_def_map, excluded = {}, {}
    for receiver_name, tensors in receivers:
        for output_key, export_output in export_outputs.items():
            signature_name = "{}".format(output_key or "None")
            if receiver_name is not None:
                signature_name = "{}:{}".format(receiver_name, signature_name)
            try:
                signature_def_map[signature_name] = export_output.as_signature_def(tensors)
            except ValueError as e:
                excluded[signature_name] = str(e)
    _log_signature_report(signature_def_map, excluded)
    return {k: v for k, v in signature_def_map.items() if signature_def_utils.is_valid_signature(v)}


def _add_predict_meta_graph(estimator, builder, serving_input_receiver_fn, checkpoint_path,
                            strip_default_attrs):
    t = tf()
    with t.Graph().as_default():
        t.train.get_or_create_global_step()
        t.set_random_seed(estimator.config.tf_random_seed)
        receiver = serving_input_receiver_fn()
        spec = estimator._call_model_fn(receiver.features, getattr(receiver, "labels", None), ModeKeys.PREDICT,
                                        estimator.config)
        export_outputs = get_export_outputs(spec.export_outputs, spec.predictions)
        signature_def_map = build_all_signature_defs(receiver.receiver_tensors, export_outputs,
                                                     getattr(receiver, "receiver_tensors_alternatives", None))
        with t.Session(config=estimator._session_config) as session:
            local_init_op = spec.scaffold.local_init_op
            if local_init_op is None:
                local_init_op = t.train.Scaffold.default_local_init_op()
            # One saver restores the checkpoint now and is the SavedModel's saver.
            graph_saver = spec.scaffold.saver or t.train.Saver(sharded=True)
            try:
                graph_saver.restore(session, checkpoint_path)
            except t.errors.NotFoundError as e:
                raise ValueError(
                    "Could not load all requested variables from checkpoint. Please make sure your model_fn does "
                    "not expect variables that were not saved in the checkpoint.\n\nEncountered error with mode "
                    "`{}` while restoring checkpoint from: `{}`. Full Traceback:\n\n{}".format(
                        ModeKeys.PREDICT, checkpoint_path, e)) from None
            builder.add_meta_graph_and_variables(
                session, tags=[sm.SERVING], signature_def_map=signature_def_map,
                assets_collection=t.get_collection(t.GraphKeys.ASSET_FILEPATHS), main_op=local_init_op,
                saver=graph_saver, strip_default_attrs=strip_default_attrs)


def export_saved_model(estimator, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False,
                       checkpoint_path=None, strip_default_attrs=True):
    t = tf()
    if serving_input_receiver_fn is None:
        raise ValueError("An input_receiver_fn must be defined.")
    if not checkpoint_path:
        checkpoint_path = estimator.latest_checkpoint()
    if not checkpoint_path:
        raise ValueError("Couldn't find trained model at {}.".format(estimator.model_dir))
    export_dir = get_timestamped_export_dir(export_dir_base)
    temp_export_dir = get_temp_export_dir(export_dir)
    builder = t.saved_model.builder.SavedModelBuilder(temp_export_dir.decode())
    _add_predict_meta_graph(estimator, builder, serving_input_receiver_fn, checkpoint_path, strip_default_attrs)
    builder.save(as_text)
    for dest_relative, source in (assets_extra or {}).items():
        dest_absolute = os.path.join(temp_export_dir, sm.EXTRA_ASSETS_DIRECTORY.encode(), _as_bytes(dest_relative))
        os.makedirs(os.path.dirname(dest_absolute), exist_ok=True)
        shutil.copyfile(source, dest_absolute)
    os.rename(temp_export_dir, export_dir)
    return export_dir
