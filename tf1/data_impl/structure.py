"""The element structures of tf.data: tuples (namedtuples included) and dicts nest; everything
else, lists included, is one component (TF's `tensorflow/python/data/util/nest.py`: a list is
converted to a tensor, not treated as a sequence)."""
import collections

from ..framework import tensor_shape
from ..ops import _subgraph as _nest

_SEQUENCES = (tuple,)  # namedtuples too; lists are one component


def is_nested(x):
    return isinstance(x, _SEQUENCES + (dict,))


def flatten(x):
    return _nest.flatten(x, _SEQUENCES)


def pack_as(structure, flat):
    flat = list(flat)
    n = len(flatten(structure))
    out = _nest.pack_sequence_as(structure, flat, _SEQUENCES)
    if n != len(flat):
        raise ValueError("Structure had %d elements, but flat_sequence had %d elements." % (n, len(flat)))
    return out


def map_structure(fn, *structures):
    flats = [flatten(s) for s in structures]
    return pack_as(structures[0], [fn(*xs) for xs in zip(*flats)])


def same_structure(a, b):
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and sorted(a) == sorted(b) and \
            all(same_structure(a[k], b[k]) for k in a)
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and \
            all(same_structure(x, y) for x, y in zip(a, b))
    return True


def _dict_str(d, leaf):
    """TF's repr of a nested structure with the quotes removed: `{a: (), b: (?, 3)}`."""
    if isinstance(d, collections.OrderedDict):  # make_csv_dataset's features print as TF's do
        return "OrderedDict([" + ", ".join("(%s, %s)" % (k, _dict_str(d[k], leaf)) for k in d) + "])"
    if isinstance(d, dict):
        return "{" + ", ".join("%s: %s" % (k, _dict_str(d[k], leaf)) for k in d) + "}"
    if isinstance(d, tuple):
        inner = [_dict_str(v, leaf) for v in d]
        if hasattr(d, "_fields"):
            return "%s(%s)" % (type(d).__name__, ", ".join("%s=%s" % (f, v) for f, v in zip(d._fields, inner)))
        return "(" + ", ".join(inner) + ("," if len(inner) == 1 else "") + ")"
    return leaf(d)


def shapes_str(shapes):
    return _dict_str(shapes, str)


def types_str(types):
    return _dict_str(types, repr)


def as_shape(s):
    return s if isinstance(s, tensor_shape.TensorShape) else tensor_shape.as_shape(s)
