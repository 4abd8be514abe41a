"""`tf.nest` and `tf.contrib.framework.nest`: TF's structure utilities over lists, tuples,
namedtuples and dicts (leaves in sorted-key order for dicts).

The core (flatten, pack_sequence_as, assert_same_structure) is the one tf1 already uses for
cond/while_loop/map_fn structures (`ops/_subgraph.py`); this module adds the public signatures,
TF's argument checks and messages, and the path-based helpers.
"""
from ..api import export
from . import _subgraph as sg_mod

_NEST = ("nest.", "contrib.framework.nest.")


def _names(*names, full_only=()):
    """Public names: in both tf.nest and contrib.framework.nest, or (full_only) only in the latter
    (contrib exposes the whole util.nest module, tf.nest five functions)."""
    return tuple(p + n for n in names for p in _NEST) + tuple("contrib.framework.nest." + n for n in full_only)


def _truncate(value, length):
    s = str(value)
    return s[:length] + (s[length:] and "...")


@export(*_names("is_nested", full_only=("is_sequence",)))
def is_nested(seq):
    return sg_mod.is_sequence(seq)


is_sequence = is_nested


@export(*_names("flatten"))
def flatten(structure, expand_composites=False):
    return sg_mod.flatten(structure)


@export(*_names("pack_sequence_as"))
def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    if not sg_mod.is_sequence(flat_sequence):
        raise TypeError("Attempted to pack value:\n  {}\ninto a sequence, but found incompatible type `{}` "
                        "instead.".format(_truncate(flat_sequence, 100), type(flat_sequence)))
    flat_sequence = list(flat_sequence)
    if not sg_mod.is_sequence(structure):
        if len(flat_sequence) != 1:
            raise ValueError(
                "The target structure is of type `{}`\n  {}\nHowever the input structure is a sequence "
                "({}) of length {}.\n  {}\nnest cannot guarantee that it is safe to map one to the "
                "other.".format(type(structure), _truncate(structure, 100), type(flat_sequence),
                                len(flat_sequence), _truncate(flat_sequence, 100)))
        return flat_sequence[0]
    n = len(sg_mod.flatten(structure))
    if n != len(flat_sequence):
        raise ValueError("Could not pack sequence. Structure had %d elements, but flat_sequence had %d "
                         "elements.  Structure: %s, flat_sequence: %s."
                         % (n, len(flat_sequence), structure, flat_sequence))
    return sg_mod.pack_sequence_as(structure, flat_sequence)


@export(*_names("assert_same_structure"))
def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    sg_mod.assert_same_structure(nest1, nest2, check_types=check_types)


def _check_map_args(func, structure, kwargs):
    if not callable(func):
        raise TypeError("func must be callable, got: %s" % func)
    if not structure:
        raise ValueError("Must provide at least one structure")
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", False)
    if kwargs:
        raise ValueError("Only valid keyword arguments are `check_types` and `expand_composites`, not: "
                         "`%s`" % ("`, `".join(kwargs.keys())))
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)


@export(*_names("map_structure"))
def map_structure(func, *structure, **kwargs):
    _check_map_args(func, structure, kwargs)
    flat = [sg_mod.flatten(s) for s in structure]
    return pack_sequence_as(structure[0], [func(*x) for x in zip(*flat)])


# ------------------------------------------------------------------------ paths (util.nest only)

def _yield_paths(structure, prefix):
    if isinstance(structure, dict):
        for k in sorted(structure):
            yield from _yield_paths(structure[k], prefix + (k,))
    elif hasattr(structure, "_fields") and isinstance(structure, tuple):  # namedtuple: field names
        for k, v in zip(structure._fields, structure):
            yield from _yield_paths(v, prefix + (k,))
    elif sg_mod.is_sequence(structure):
        for i, v in enumerate(structure):
            yield from _yield_paths(v, prefix + (i,))
    else:
        yield prefix


@export("contrib.framework.nest.yield_flat_paths")
def yield_flat_paths(nest, expand_composites=False):
    """Tuple paths (dict keys / sequence indices) of the leaves, in flatten's order."""
    return _yield_paths(nest, ())


@export("contrib.framework.nest.flatten_with_tuple_paths")
def flatten_with_tuple_paths(structure, expand_composites=False):
    return list(zip(yield_flat_paths(structure), flatten(structure)))


@export("contrib.framework.nest.flatten_with_joined_string_paths")
def flatten_with_joined_string_paths(structure, separator="/", expand_composites=False):
    return [(separator.join(str(s) for s in path), v) for path, v in flatten_with_tuple_paths(structure)]


@export("contrib.framework.nest.map_structure_with_tuple_paths")
def map_structure_with_tuple_paths(func, *structure, **kwargs):
    _check_map_args(func, structure, kwargs)
    flat = [sg_mod.flatten(s) for s in structure]
    paths = list(yield_flat_paths(structure[0]))
    return pack_sequence_as(structure[0], [func(p, *x) for p, x in zip(paths, zip(*flat))])


@export("contrib.framework.nest.map_structure_with_paths")
def map_structure_with_paths(func, *structure, **kwargs):
    return map_structure_with_tuple_paths(
        lambda path, *values: func("/".join(str(s) for s in path), *values), *structure, **kwargs)


def _flatten_up_to(shallow, tree, check_types):
    if not sg_mod.is_sequence(shallow):
        return [tree]
    if not sg_mod.is_sequence(tree):
        raise TypeError("If shallow structure is a sequence, input must also be a sequence. Input has "
                        "type: %s." % type(tree))
    if check_types and not isinstance(tree, type(shallow)) and not (
            isinstance(shallow, (list, tuple)) and isinstance(tree, (list, tuple))
            and not hasattr(shallow, "_fields")):
        raise TypeError("The two structures don't have the same sequence type. Input structure has "
                        "type %s, while shallow structure has type %s." % (type(tree), type(shallow)))
    if len(tree) < len(shallow):
        raise ValueError("The two structures don't have the same sequence length. Input structure has "
                         "length %s, while shallow structure has length %s." % (len(tree), len(shallow)))
    if isinstance(shallow, dict):
        for k in shallow:
            if k not in tree:
                raise ValueError("The two structures don't have the same keys. Input structure has keys "
                                 "%s, while shallow structure has keys %s." % (list(tree), list(shallow)))
        pairs = [(shallow[k], tree[k]) for k in sorted(shallow)]
    else:
        pairs = list(zip(shallow, tree))
    return [leaf for s, t in pairs for leaf in _flatten_up_to(s, t, check_types)]


@export("contrib.framework.nest.flatten_up_to")
def flatten_up_to(shallow_tree, input_tree, check_types=True, expand_composites=False):
    """Flattens `input_tree` only as deep as `shallow_tree` nests."""
    return _flatten_up_to(shallow_tree, input_tree, check_types)


@export("contrib.framework.nest.map_structure_up_to")
def map_structure_up_to(shallow_tree, func, *inputs, **kwargs):
    if not inputs:
        raise ValueError("Cannot map over no sequences")
    check_types = kwargs.pop("check_types", True)
    flat = [_flatten_up_to(shallow_tree, x, check_types) for x in inputs]
    return pack_sequence_as(shallow_tree, [func(*x) for x in zip(*flat)])


@export("contrib.framework.nest.flatten_dict_items")
def flatten_dict_items(dictionary):
    """{(k1, k2): (v1, v2)} -> {k1: v1, k2: v2} (keys and values nested alike)."""
    if not isinstance(dictionary, dict):
        raise TypeError("input must be a dictionary")
    out = {}
    for k, v in dictionary.items():
        if not sg_mod.is_sequence(k):
            if k in out:
                raise ValueError("Could not flatten dictionary: key %s is not unique." % (k,))
            out[k] = v
            continue
        keys, values = flatten(k), flatten(v)
        if len(keys) != len(values):
            raise ValueError("Could not flatten dictionary. Key had %d elements, but value had %d "
                             "elements. Key: %s, value: %s." % (len(keys), len(values), k, v))
        for nk, nv in zip(keys, values):
            if nk in out:
                raise ValueError("Could not flatten dictionary: key %s is not unique." % (nk,))
            out[nk] = nv
    return out
