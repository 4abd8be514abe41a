"""`tf.distributions` (TF 1.15 `tensorflow/python/ops/distributions/`) and the part of
`tf.contrib.distributions` TF1 programs use, built from tf1's public ops so graphs, names and
gradients are TF's: a `Distribution` base that owns the name scopes and sample-shape bookkeeping,
one small module per family, and the KL registry."""
