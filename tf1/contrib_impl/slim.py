"""`tf.contrib.slim`: in TF 1.15 slim re-exports contrib.layers (conv2d, fully_connected, ...) and
contrib.framework's variable helpers. tf1 publishes the same objects under `contrib.slim.*`."""
from .. import api
from . import layers  # noqa: F401  (registers the contrib.layers exports first)

for _name, _obj in list(api._EXPORTS.items()):
    for _prefix in ("contrib.layers.", "contrib.framework."):
        if _name.startswith(_prefix):
            api._EXPORTS.setdefault("contrib.slim." + _name[len(_prefix):], _obj)
