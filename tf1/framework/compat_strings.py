"""`tf.compat`'s string and path helpers (as_bytes, as_text, as_str_any, path_to_str, ...).
TensorBoard's own code calls them through `tensorflow.compat` when `tensorflow` resolves to tf1."""
import numbers
import os

import numpy as np

from ..api import export


@export("compat.as_bytes")
def as_bytes(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError("Expected binary or unicode string, got %r" % (bytes_or_text,))


@export("compat.as_text", "compat.as_str")
def as_text(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError("Expected binary or unicode string, got %r" % bytes_or_text)


@export("compat.as_str_any")
def as_str_any(value):
    return as_text(value) if isinstance(value, bytes) else str(value)


@export("compat.path_to_str")
def path_to_str(path):
    return os.fspath(path) if hasattr(path, "__fspath__") else path


export("compat.integral_types")((numbers.Integral, np.integer))
export("compat.real_types")((numbers.Real, np.integer, np.floating))
export("compat.complex_types")((numbers.Complex, np.number))
export("compat.bytes_or_text_types")((bytes, str))
