"""`tf.estimator.export.{ExportOutput, ClassificationOutput, RegressionOutput, PredictOutput}`:
what a model_fn offers for serving, each turned into a SignatureDef against the serving receivers
(TF 1.15 tensorflow/python/saved_model/model_utils/export_output.py)."""
from ..api import export
from ..framework import dtypes
from ..framework.graph import Tensor
from ..saved_model_impl import signature_def_utils


@export("estimator.export.ExportOutput")
class ExportOutput:
    """Base class: as_signature_def(receiver_tensors) -> SignatureDef."""

    _SEPARATOR_CHAR = "/"

    def as_signature_def(self, receiver_tensors):
        raise NotImplementedError

    def _check_output_key(self, key, error_label):
        # A multi-head model's keys may be tuples: they are joined with "/".
        if isinstance(key, tuple):
            key = self._SEPARATOR_CHAR.join(key)
        if not isinstance(key, str):
            raise ValueError("{} output key must be a string; got {}.".format(error_label, key))
        return key

    def _wrap_and_check_outputs(self, outputs, single_output_default_name, error_label=None):
        if not isinstance(outputs, dict):
            outputs = {single_output_default_name: outputs}
        output_dict = {}
        for key, value in outputs.items():
            error_name = error_label or single_output_default_name
            key = self._check_output_key(key, error_name)
            if not isinstance(value, Tensor):
                raise ValueError("{} output value must be a Tensor; got {}.".format(error_name, value))
            output_dict[key] = value
        return output_dict


def _single_string_input(receiver_tensors, what):
    """Classify/Regress signatures take exactly one serialized tf.Example string tensor."""
    if len(receiver_tensors) != 1:
        raise ValueError("{} input must be a single string Tensor; got {}".format(what, receiver_tensors))
    (_, examples), = receiver_tensors.items()
    if dtypes.as_dtype(examples.dtype) != dtypes.string:
        raise ValueError("{} input must be a single string Tensor; got {}".format(what, receiver_tensors))
    return examples


@export("estimator.export.ClassificationOutput")
class ClassificationOutput(ExportOutput):
    def __init__(self, scores=None, classes=None):
        if scores is not None and not (isinstance(scores, Tensor) and scores.dtype.is_floating):
            raise ValueError("Classification scores must be a float32 Tensor; got {}".format(scores))
        if classes is not None and not (isinstance(classes, Tensor)
                                        and dtypes.as_dtype(classes.dtype) == dtypes.string):
            raise ValueError("Classification classes must be a string Tensor; got {}".format(classes))
        if scores is None and classes is None:
            raise ValueError("At least one of scores and classes must be set.")
        self._scores = scores
        self._classes = classes

    @property
    def scores(self):
        return self._scores

    @property
    def classes(self):
        return self._classes

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Classification")
        return signature_def_utils.classification_signature_def(examples, self.classes, self.scores)


@export("estimator.export.RegressionOutput")
class RegressionOutput(ExportOutput):
    def __init__(self, value):
        if not (isinstance(value, Tensor) and value.dtype.is_floating):
            raise ValueError("Regression output value must be a float32 Tensor; got {}".format(value))
        self._value = value

    @property
    def value(self):
        return self._value

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Regression")
        return signature_def_utils.regression_signature_def(examples, self.value)


@export("estimator.export.PredictOutput")
class PredictOutput(ExportOutput):
    _SINGLE_OUTPUT_DEFAULT_NAME = "output"

    def __init__(self, outputs):
        self._outputs = self._wrap_and_check_outputs(outputs, self._SINGLE_OUTPUT_DEFAULT_NAME,
                                                     error_label="Prediction")

    @property
    def outputs(self):
        return self._outputs

    def as_signature_def(self, receiver_tensors):
        return signature_def_utils.predict_signature_def(receiver_tensors, self.outputs)
