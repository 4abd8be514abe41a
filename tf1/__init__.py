"""tf1: the TensorFlow 1.x graph-mode API, run by JAX/XLA."""
