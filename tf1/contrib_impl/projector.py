"""`tf.contrib.tensorboard.plugins.projector` (TF 1.15's contrib/tensorboard/plugins/projector):
the ProjectorConfig protos (shipped by the tensorboard package) and `visualize_embeddings`, which
writes the config as `projector_config.pbtxt` into the summary writer's logdir, where TensorBoard's
projector plugin looks for it."""
import os

from google.protobuf import text_format
from tensorboard.plugins.projector import projector_config_pb2

from ..api import export

_PREFIX = "contrib.tensorboard.plugins.projector."
for _name in ("ProjectorConfig", "EmbeddingInfo", "SpriteMetadata"):
    export(_PREFIX + _name)(getattr(projector_config_pb2, _name))
export(_PREFIX + "projector_config_pb2")(projector_config_pb2)


@export(_PREFIX + "visualize_embeddings")
def visualize_embeddings(summary_writer, config):
    logdir = summary_writer.get_logdir()
    if logdir is None:
        raise ValueError("Summary writer must have a logdir")
    config_pbtxt = text_format.MessageToString(config)
    with open(os.path.join(logdir, "projector_config.pbtxt"), "w") as f:
        f.write(config_pbtxt)
