"""TF 1.15's switches between 1.x and 2.x behaviour (`tf.disable_v2_behavior` and the toggles it flips).

tf1 only has the 1.x behaviour (graph mode, ref variables), so the `disable_*` switches change nothing;
they exist because programs written for `import tensorflow.compat.v1 as tf` start with
`tf.disable_v2_behavior()`. TF 1.15 also has these names, and its `disable_resource_variables` is
`@deprecated`: `disable_v2_behavior` logs that notice (naming TF's own call site)."""
from ..api import export
from ..platform import tf_logging as logging


@export("executing_eagerly")
def executing_eagerly():
    return False


@export("disable_eager_execution")
def disable_eager_execution():
    """Graph mode is the only mode tf1 has."""


@export("disable_resource_variables")
def disable_resource_variables():
    """tf1's variables are TF 1.15's default ref variables already."""
    logging._warn_deprecated("disable_resource_variables", "tensorflow.python.ops.variable_scope",
                             "non-resource variables are not supported in the long term", depth=2)


@export("disable_v2_behavior")
def disable_v2_behavior():
    """Switches every behaviour that differs between TF 1.x and 2.x to 1.x: tf1's only behaviour."""
    disable_eager_execution()
    disable_resource_variables()
