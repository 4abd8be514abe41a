"""The SavedModel's constant names: file layout, collection keys, tags and signature keys
(tensorflow/python/saved_model/{constants,tag_constants,signature_constants}.py).

Each is published both in its own namespace (`tf.saved_model.tag_constants.SERVING`) and at the
top of `tf.saved_model` (`tf.saved_model.SERVING`), as TF 1.15's v1 API does.
"""
from ..api import export_value


def _publish(module, **values):
    for name, value in values.items():
        export_value("saved_model.%s.%s" % (module, name), value)
        export_value("saved_model.%s" % name, value)
        globals()[name] = value


# -- constants.py: layout of the export directory and the collection / signature keys
_publish("constants",
         ASSETS_DIRECTORY="assets",
         ASSETS_KEY="saved_model_assets",
         DEBUG_DIRECTORY="debug",
         DEBUG_INFO_FILENAME_PB="saved_model_debug_info.pb",
         LEGACY_INIT_OP_KEY="legacy_init_op",
         MAIN_OP_KEY="saved_model_main_op",
         SAVED_MODEL_FILENAME_PB="saved_model.pb",
         SAVED_MODEL_FILENAME_PBTXT="saved_model.pbtxt",
         SAVED_MODEL_SCHEMA_VERSION=1,
         VARIABLES_DIRECTORY="variables",
         VARIABLES_FILENAME="variables")
EXTRA_ASSETS_DIRECTORY = "assets.extra"
TRAIN_OP_KEY = "saved_model_train_op"
INIT_OP_SIGNATURE_KEY = "__saved_model_init_op"
TRAIN_OP_SIGNATURE_KEY = "__saved_model_train_op"

# -- tag_constants.py
_publish("tag_constants", SERVING="serve", TRAINING="train", GPU="gpu", TPU="tpu")
EVAL = "eval"  # defined by TF, not exported in its v1 API

# -- signature_constants.py
_publish("signature_constants",
         DEFAULT_SERVING_SIGNATURE_DEF_KEY="serving_default",
         CLASSIFY_INPUTS="inputs",
         CLASSIFY_METHOD_NAME="tensorflow/serving/classify",
         CLASSIFY_OUTPUT_CLASSES="classes",
         CLASSIFY_OUTPUT_SCORES="scores",
         PREDICT_INPUTS="inputs",
         PREDICT_METHOD_NAME="tensorflow/serving/predict",
         PREDICT_OUTPUTS="outputs",
         REGRESS_INPUTS="inputs",
         REGRESS_METHOD_NAME="tensorflow/serving/regress",
         REGRESS_OUTPUTS="outputs")
SUPERVISED_TRAIN_METHOD_NAME = "tensorflow/supervised/training"
SUPERVISED_EVAL_METHOD_NAME = "tensorflow/supervised/eval"
