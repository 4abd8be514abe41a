"""SignatureDef builders and checks (`tf.saved_model.signature_def_utils`,
tensorflow/python/saved_model/signature_def_utils_impl.py).

The predict / classify / regress builders produce the signatures TensorFlow Serving's APIs accept,
so they check the dtypes those APIs constrain (string examples, float scores, ...).
"""
from tensorboard.compat.proto import meta_graph_pb2, types_pb2

from ..api import export
from ..framework import dtypes, errors
from ..framework.graph import Tensor
from ..framework.tensor_shape import TensorShape
from . import constants as c
from . import utils


@export("saved_model.signature_def_utils.build_signature_def", "saved_model.build_signature_def")
def build_signature_def(inputs=None, outputs=None, method_name=None):
    signature_def = meta_graph_pb2.SignatureDef()
    for key in inputs or {}:
        signature_def.inputs[key].CopyFrom(inputs[key])
    for key in outputs or {}:
        signature_def.outputs[key].CopyFrom(outputs[key])
    if method_name is not None:
        signature_def.method_name = method_name
    return signature_def


def _typed_info(tensor, dtype_enum, message):
    info = utils.build_tensor_info(tensor)
    if info.dtype != dtype_enum:
        raise ValueError(message)
    return info


@export("saved_model.signature_def_utils.regression_signature_def",
        "saved_model.regression_signature_def")
def regression_signature_def(examples, predictions):
    if examples is None:
        raise ValueError("Regression examples cannot be None.")
    if not isinstance(examples, Tensor):
        raise ValueError("Regression examples must be a string Tensor.")
    if predictions is None:
        raise ValueError("Regression predictions cannot be None.")
    inputs = {c.REGRESS_INPUTS: _typed_info(examples, types_pb2.DT_STRING,
                                            "Regression examples must be a string Tensor.")}
    outputs = {c.REGRESS_OUTPUTS: _typed_info(predictions, types_pb2.DT_FLOAT,
                                              "Regression output must be a float Tensor.")}
    return build_signature_def(inputs, outputs, c.REGRESS_METHOD_NAME)


@export("saved_model.signature_def_utils.classification_signature_def",
        "saved_model.classification_signature_def")
def classification_signature_def(examples, classes, scores):
    if examples is None:
        raise ValueError("Classification examples cannot be None.")
    if not isinstance(examples, Tensor):
        raise ValueError("Classification examples must be a string Tensor.")
    if classes is None and scores is None:
        raise ValueError("Classification classes and scores cannot both be None.")
    inputs = {c.CLASSIFY_INPUTS: _typed_info(examples, types_pb2.DT_STRING,
                                             "Classification examples must be a string Tensor.")}
    outputs = {}
    if classes is not None:
        outputs[c.CLASSIFY_OUTPUT_CLASSES] = _typed_info(
            classes, types_pb2.DT_STRING, "Classification classes must be a string Tensor.")
    if scores is not None:
        outputs[c.CLASSIFY_OUTPUT_SCORES] = _typed_info(
            scores, types_pb2.DT_FLOAT, "Classification scores must be a float Tensor.")
    return build_signature_def(inputs, outputs, c.CLASSIFY_METHOD_NAME)


@export("saved_model.signature_def_utils.predict_signature_def", "saved_model.predict_signature_def")
def predict_signature_def(inputs, outputs):
    if inputs is None or not inputs:
        raise ValueError("Prediction inputs cannot be None or empty.")
    if outputs is None or not outputs:
        raise ValueError("Prediction outputs cannot be None or empty.")
    return build_signature_def({k: utils.build_tensor_info(t) for k, t in inputs.items()},
                               {k: utils.build_tensor_info(t) for k, t in outputs.items()},
                               c.PREDICT_METHOD_NAME)


def _is_valid_predict_signature(sig):
    return sig.method_name == c.PREDICT_METHOD_NAME and bool(sig.inputs) and bool(sig.outputs)


def _is_valid_regression_signature(sig):
    return (sig.method_name == c.REGRESS_METHOD_NAME
            and set(sig.inputs) == {c.REGRESS_INPUTS}
            and sig.inputs[c.REGRESS_INPUTS].dtype == types_pb2.DT_STRING
            and set(sig.outputs) == {c.REGRESS_OUTPUTS}
            and sig.outputs[c.REGRESS_OUTPUTS].dtype == types_pb2.DT_FLOAT)


def _is_valid_classification_signature(sig):
    if sig.method_name != c.CLASSIFY_METHOD_NAME:
        return False
    if set(sig.inputs) != {c.CLASSIFY_INPUTS} or sig.inputs[c.CLASSIFY_INPUTS].dtype != types_pb2.DT_STRING:
        return False
    if not sig.outputs or set(sig.outputs) - {c.CLASSIFY_OUTPUT_CLASSES, c.CLASSIFY_OUTPUT_SCORES}:
        return False
    wanted = {c.CLASSIFY_OUTPUT_CLASSES: types_pb2.DT_STRING, c.CLASSIFY_OUTPUT_SCORES: types_pb2.DT_FLOAT}
    return all(sig.outputs[k].dtype == wanted[k] for k in sig.outputs)


@export("saved_model.signature_def_utils.is_valid_signature", "saved_model.is_valid_signature")
def is_valid_signature(signature_def):
    """Whether TensorFlow Serving can serve the SignatureDef (classify, regress or predict)."""
    if signature_def is None:
        return False
    return (_is_valid_classification_signature(signature_def)
            or _is_valid_regression_signature(signature_def)
            or _is_valid_predict_signature(signature_def))


def get_signature_def_input_shapes(signature):
    return {k: TensorShape(_shape_list(v.tensor_shape)) for k, v in signature.inputs.items()}


def get_signature_def_output_shapes(signature):
    return {k: TensorShape(_shape_list(v.tensor_shape)) for k, v in signature.outputs.items()}


def get_signature_def_input_types(signature):
    return {k: dtypes.as_dtype(v.dtype) for k, v in signature.inputs.items()}


def get_signature_def_output_types(signature):
    return {k: dtypes.as_dtype(v.dtype) for k, v in signature.outputs.items()}


def _shape_list(shape_proto):
    if shape_proto.unknown_rank:
        return None
    return [None if d.size == -1 else d.size for d in shape_proto.dim]


def op_signature_def(op, key):
    """A signature whose one output names `op` (how the init / train ops are recorded)."""
    return build_signature_def(outputs={key: utils.build_tensor_info_from_op(op)})


def load_op_from_signature_def(signature_def, key, import_scope=None):
    tensor_info = signature_def.outputs[key]
    try:
        return utils.get_element_from_tensor_info(tensor_info, import_scope=import_scope)
    except KeyError:
        raise errors.NotFoundError(
            None, None,
            "The {0} could not be found in the graph. Please make sure the SavedModel was created "
            "by the internal _SavedModelBuilder. If you are using the public API, please make sure "
            "the SignatureDef in the SavedModel does not contain the key \"{0}\".".format(key)) from None
