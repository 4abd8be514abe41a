"""`tf.contrib.slim`: in TF 1.15 slim re-exports contrib.layers (conv2d, fully_connected, ...) and
contrib.framework's variable helpers. tf1 publishes the same objects under `contrib.slim.*`."""
from .. import api
from ..training import regularizers  # noqa: F401  (contrib.layers.l2_regularizer, ... : slim's too)
from . import arg_scope, layers  # noqa: F401  (register the contrib.layers/framework exports first)

for _name, _obj in list(api._EXPORTS.items()):
    for _prefix in ("contrib.layers.", "contrib.framework."):
        if _name.startswith(_prefix):
            api._EXPORTS.setdefault("contrib.slim." + _name[len(_prefix):], _obj)
