"""Keras 2 (TF 1.15 `tf.keras` / `tf.contrib.keras` / standalone `keras`) implementation modules.

Public names are declared with `tf1.api.export` in each module (`keras.*`, `contrib.keras.*`);
`tf1.compat_shim` answers `import keras` and `import tensorflow.contrib.keras` from those namespaces.
"""
