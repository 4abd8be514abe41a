"""The pre-1.0 top-level summary names (`tf.merge_all_summaries`, `tf.scalar_summary`,
`tf.train.SummaryWriter`, ...). TF 1.0 moved them to `tf.summary` / `tf.contrib.deprecated`; the
seeds' programs (written against TF 0.x) still call them, so tf1 keeps them as aliases of the same
functions (same ops, same protos)."""
from ..api import export
from . import file_writer, summary_ops

for _name in ("scalar_summary", "histogram_summary", "image_summary", "audio_summary", "merge_summary",
              "merge_all_summaries"):
    export(_name)(getattr(summary_ops, _name))
export("train.SummaryWriter")(file_writer.FileWriter)
