"""Implementations of the `tf.contrib.*` namespaces that TF 1.15 programs use."""
