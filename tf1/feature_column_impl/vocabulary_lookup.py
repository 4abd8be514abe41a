"""A host op mapping each value to its index in a fixed vocabulary (default_value when absent; -1 for an empty string): the
lookup TF 1.15 does with a HashTable initialised from the vocabulary list."""
import numpy as np

from ..framework import dtypes, registry
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..ops._common import in_shape
from ..ops.indexing_ops import host_values


def _key(value):
    return value.encode() if isinstance(value, str) else value


def _lookup_lower(ctx, op, keys):
    (keys,) = host_values(op, keys)
    table = {_key(v): i for i, v in enumerate(op._attrs["vocabulary"])}
    default = op._attrs["default_value"]
    # An empty string is "no value" (TF drops it when it makes the sparse input): no id, -1.
    keys_flat = [_key(k.item() if hasattr(k, "item") else k) for k in keys.reshape(-1)]
    flat = [-1 if k in (b"", "") else table.get(k, default) for k in keys_flat]
    return np.asarray(flat, np.int64).reshape(keys.shape)


registry.register("FeatureColumnVocabularyLookup", lambda op: [(dtypes.int64, in_shape(op, 0))], _lookup_lower,
                  host=True, differentiable=False)


def vocabulary_lookup(keys, vocabulary, default_value, name=None):
    keys = convert_to_tensor(keys)
    op = make_op("FeatureColumnVocabularyLookup", [keys],
                 attrs={"vocabulary": tuple(vocabulary), "default_value": int(default_value)},
                 name=name or "hash_table_Lookup")
    return op.outputs[0]
