"""`tf.saved_model.simple_save`: one SERVING meta graph with a predict signature
(TF 1.15's simple_save.py)."""
from ..api import export
from ..framework.graph import GraphKeys, get_collection
from . import constants, signature_def_utils
from .builder import SavedModelBuilder


@export("saved_model.simple_save")
def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """Saves `session`'s graph and variables with `inputs`/`outputs` (dicts of tensors) as the
    default serving signature; devices are cleared so the model loads anywhere."""
    signature_def_map = {
        constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
            signature_def_utils.predict_signature_def(inputs, outputs)
    }
    b = SavedModelBuilder(export_dir)
    with session.graph.as_default():
        assets = get_collection(GraphKeys.ASSET_FILEPATHS)
    b.add_meta_graph_and_variables(session, tags=[constants.SERVING],
                                   signature_def_map=signature_def_map, assets_collection=assets,
                                   main_op=legacy_init_op, clear_devices=True)
    b.save()
