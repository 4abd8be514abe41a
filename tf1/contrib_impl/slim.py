"""`tf.contrib.slim`: in TF 1.15 slim re-exports contrib.layers (conv2d, fully_connected, ...) and
contrib.framework's variable helpers. tf1 publishes the same objects under `contrib.slim.*`."""
from .. import api
from ..training import regularizers  # noqa: F401  (contrib.layers.l2_regularizer, ... : slim's too)
from . import arg_scope, layers  # noqa: F401  (register the contrib.layers/framework exports first)
from . import contrib_layers_extra, optimize_loss  # noqa: F401  (more contrib.layers, contrib.framework)

for _name, _obj in list(api._EXPORTS.items()):
    for _prefix in ("contrib.layers.", "contrib.framework."):
        if _name.startswith(_prefix):
            api._EXPORTS.setdefault("contrib.slim." + _name[len(_prefix):], _obj)

# contrib.framework's global-step helpers (its variables module, which slim star-imports) live in
# training_util, which may be imported after this module.
from ..training import training_util  # noqa: E402

for _name in ("get_global_step", "create_global_step", "get_or_create_global_step", "assert_global_step"):
    api._EXPORTS.setdefault("contrib.slim." + _name, getattr(training_util, _name))
