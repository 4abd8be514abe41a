"""tf.layers: TF 1.15's graph-mode layers (classes and functions), exported under `tf.layers`."""
