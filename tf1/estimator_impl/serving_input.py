"""Serving input receivers (`tf.estimator.export.ServingInputReceiver`, ...): the placeholders a
SavedModel's signatures feed and the features they become for the model_fn
(TF 1.15 tensorflow_estimator/python/estimator/export/export.py)."""
import collections

from ..api import export
from ..api import public as tf
from ..framework.graph import Tensor
from ..framework.sparse import SparseTensor

_SINGLE_TENSOR_DEFAULT_NAMES = {"feature": "feature", "label": "label", "receiver_tensor": "input",
                                "receiver_tensors_alternative": "input"}
SINGLE_RECEIVER_DEFAULT_NAME = "input"


def _check_tensor(tensor, name, error_label="feature"):
    if not isinstance(tensor, (Tensor, SparseTensor)):
        fmt_name = " {}".format(name) if name else ""
        raise ValueError("{}{} must be a Tensor or SparseTensor.".format(error_label, fmt_name))


def _check_tensor_key(name, error_label="feature", allow_ints=False):
    if not isinstance(name, str):
        if not allow_ints:
            raise ValueError("{} keys must be strings: {}.".format(error_label, name))
        if not isinstance(name, int):
            raise ValueError("{} keys must be strings or ints: {}.".format(error_label, name))


def wrap_and_check_input_tensors(tensors, field_name, allow_int_keys=False):
    """A lone tensor becomes {default name: tensor}; keys and values are checked."""
    if tensors is None:
        raise ValueError("{}s must be defined.".format(field_name))
    if not isinstance(tensors, dict):
        tensors = {_SINGLE_TENSOR_DEFAULT_NAMES[field_name]: tensors}
    for name, tensor in tensors.items():
        _check_tensor_key(name, error_label=field_name, allow_ints=allow_int_keys)
        _check_tensor(tensor, name, error_label=field_name)
    return tensors


def _check_alternatives(alternatives):
    if alternatives is None:
        return None
    if not isinstance(alternatives, dict):
        raise ValueError("receiver_tensors_alternatives must be a dict: {}.".format(alternatives))
    return {name: wrap_and_check_input_tensors(tensors, "receiver_tensors_alternative")
            for name, tensors in alternatives.items()}


_RECEIVER_FIELDS = ["features", "receiver_tensors", "receiver_tensors_alternatives"]


@export("estimator.export.ServingInputReceiver")
class ServingInputReceiver(collections.namedtuple("ServingInputReceiver", _RECEIVER_FIELDS)):
    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        features = wrap_and_check_input_tensors(features, "feature", allow_int_keys=True)
        receiver_tensors = wrap_and_check_input_tensors(receiver_tensors, "receiver_tensor")
        return super().__new__(cls, features=features, receiver_tensors=receiver_tensors,
                               receiver_tensors_alternatives=_check_alternatives(receiver_tensors_alternatives))


@export("estimator.export.TensorServingInputReceiver")
class TensorServingInputReceiver(collections.namedtuple("TensorServingInputReceiver", _RECEIVER_FIELDS)):
    """Hands the model_fn a single Tensor as its features instead of a dict."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        if features is None:
            raise ValueError("features must be defined.")
        _check_tensor(features, None)
        receiver = ServingInputReceiver(features=features, receiver_tensors=receiver_tensors,
                                        receiver_tensors_alternatives=receiver_tensors_alternatives)
        return super().__new__(cls, features=receiver.features["feature"],
                               receiver_tensors=receiver.receiver_tensors,
                               receiver_tensors_alternatives=receiver.receiver_tensors_alternatives)


@export("estimator.export.build_parsing_serving_input_receiver_fn")
def build_parsing_serving_input_receiver_fn(feature_spec, default_batch_size=None):
    """Serving takes serialized tf.Examples ('examples'), parsed with `feature_spec`."""

    def serving_input_receiver_fn():
        t = tf()
        serialized_tf_example = t.placeholder(dtype=t.string, shape=[default_batch_size],
                                              name="input_example_tensor")
        receiver_tensors = {"examples": serialized_tf_example}
        features = t.parse_example(serialized_tf_example, feature_spec)
        return ServingInputReceiver(features, receiver_tensors)

    return serving_input_receiver_fn


@export("estimator.export.build_raw_serving_input_receiver_fn")
def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
    """Serving feeds each feature directly: one placeholder per feature, named as its op."""

    def serving_input_receiver_fn():
        t = tf()
        receiver_tensors = {}
        for name, tensor in features.items():
            shape_list = tensor.get_shape().as_list()
            shape_list[0] = default_batch_size
            receiver_tensors[name] = t.placeholder(dtype=tensor.dtype, shape=shape_list, name=tensor.op.name)
        return ServingInputReceiver(receiver_tensors, receiver_tensors.copy())

    return serving_input_receiver_fn
