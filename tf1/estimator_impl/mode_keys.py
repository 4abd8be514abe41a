"""`tf.estimator.ModeKeys`."""
from ..api import export


@export("estimator.ModeKeys")
class ModeKeys:
    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"
