"""Cases for tf.nest / tf.contrib.framework.nest, tf.sort / tf.argsort, tf.switch_case and
tf.contrib.framework.get_name_scope, shared by the golden recorder small_apis_make.py (real
TensorFlow) and tests/ops/test_small_apis.py (tf1).

GRAPH_CASES: `fn(tf) -> dict(fetches=..., feeds=..., train=None, runs=n)` (as custom_gradient_cases):
  fetched values, tensor names, dtypes and static shapes are compared; keys starting with `grad`
  compare values only.
PY_CASES: `fn(tf) -> value`: a Python result (nest structures), compared through `describe`.
ERRORS: `fn(tf)` must raise: class and message are compared.
"""
import collections

import numpy as np

from golden_io import registrar

GRAPH_CASES = {}
PY_CASES = {}
ERRORS = {}

graph_case = registrar(GRAPH_CASES)
py_case = registrar(PY_CASES)
error = registrar(ERRORS)

Point = collections.namedtuple("Point", ["x", "y"])


def describe(v):
    """A JSON form of a nested Python value that keeps container types and dict key order."""
    if hasattr(v, "_fields"):
        return {"namedtuple": type(v).__name__, "items": [describe(x) for x in v]}
    if isinstance(v, tuple):
        return {"tuple": [describe(x) for x in v]}
    if isinstance(v, list):
        return [describe(x) for x in v]
    if isinstance(v, dict):
        return {"dict": type(v).__name__, "items": [[describe(k), describe(x)] for k, x in v.items()]}
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    return {"repr": type(v).__name__}


_NESTED = {"b": [1, (2, 3)], "a": Point(4, {"z": 5, "y": 6}), "c": None}


# ----------------------------------------------------------------------------------- tf.nest

@py_case
def nest_flatten(tf):
    return [tf.nest.flatten(_NESTED), tf.nest.flatten(7), tf.nest.flatten(None), tf.nest.flatten([]),
            tf.nest.flatten("abc"), tf.nest.flatten(collections.OrderedDict([("q", 1), ("p", 2)]))]


@py_case
def nest_pack_sequence_as(tf):
    flat = list(range(10, 17))
    return [tf.nest.pack_sequence_as(_NESTED, flat), tf.nest.pack_sequence_as(3, [9]),
            tf.nest.pack_sequence_as(collections.OrderedDict([("q", 1), ("p", 2)]), ["P", "Q"]),
            tf.nest.pack_sequence_as([(), []], [])]


@py_case
def nest_map_structure(tf):
    return [tf.nest.map_structure(lambda v: None if v is None else v * 10, _NESTED),
            tf.nest.map_structure(lambda a, b: a + b, (1, [2, 3]), (10, [20, 30])),
            tf.nest.map_structure(lambda a, b: a - b, Point(1, 2), (3, 4), check_types=False)]


@py_case
def nest_is_nested(tf):
    return [tf.nest.is_nested(v) for v in ([], (), {}, Point(1, 2), 1, "ab", None, np.zeros(3))] + [
        tf.contrib.framework.nest.is_nested([1])]


@py_case
def nest_assert_same_structure_ok(tf):
    tf.nest.assert_same_structure(_NESTED, _NESTED)
    tf.nest.assert_same_structure((1, [2]), [3, (4,)], check_types=False)
    return True


@py_case
def nest_paths(tf):
    n = tf.contrib.framework.nest
    return [n.flatten_with_joined_string_paths(_NESTED),
            n.flatten_with_joined_string_paths({"a": [1, 2]}, separator="."),
            [list(p) for p in n.yield_flat_paths(_NESTED)],
            n.flatten_with_tuple_paths({"k": (1, 2)}),
            n.map_structure_with_paths(lambda p, v: "%s=%s" % (p, v), {"a": [1, 2], "b": 3})]


@py_case
def nest_up_to(tf):
    n = tf.contrib.framework.nest
    return [n.flatten_up_to([0, 0], [[1, 2], (3, 4)]),
            n.flatten_up_to({"a": 0, "b": (0, 0)}, {"a": [1], "b": (2, [3])}),
            n.map_structure_up_to((0, 0), lambda v: len(v), ([1, 2], (3, 4, 5))),
            n.flatten_dict_items({"a": 1, ("b", "c"): (2, 3)})]


@py_case
def nest_with_tensors(tf):
    t = tf.constant([1.0, 2.0], name="t")
    out = tf.nest.map_structure(lambda v: v * 2.0, {"x": t, "y": [t]})
    return [v.name for v in tf.nest.flatten(out)]


@error
def nest_pack_wrong_count(tf):
    tf.nest.pack_sequence_as([1, (2, 3)], [1, 2])


@error
def nest_pack_scalar_structure(tf):
    tf.nest.pack_sequence_as(1, [1, 2])


@error
def nest_pack_not_sequence(tf):
    tf.nest.pack_sequence_as([1], 5)


@error
def nest_assert_same_structure_length(tf):
    tf.nest.assert_same_structure([1, 2], [1, 2, 3])


@error
def nest_assert_same_structure_type(tf):
    tf.nest.assert_same_structure((1, 2), [1, 2])


@error
def nest_map_not_callable(tf):
    tf.nest.map_structure(3, [1])


@error
def nest_map_no_structure(tf):
    tf.nest.map_structure(lambda v: v)


@error
def nest_map_bad_kwarg(tf):
    tf.nest.map_structure(lambda v: v, [1], foo=1)


# ------------------------------------------------------------------------------ sort / argsort

_VALUES = np.array([[[3.0, -1.0, 2.5], [0.0, 7.0, -4.0]],
                    [[1.0, 1.0, -2.0], [5.0, -6.0, 0.5]]], np.float32)


@graph_case
def sort_float(tf):
    x = tf.constant(_VALUES, name="x")
    return dict(fetches={"last": tf.sort(x), "desc": tf.sort(x, direction="DESCENDING"),
                         "axis0": tf.sort(x, axis=0), "axis1": tf.sort(x, axis=1, direction="DESCENDING"),
                         "neg_axis": tf.sort(x, axis=-2), "named": tf.sort(x, name="my_sort"),
                         "contrib": tf.contrib.framework.sort(x, axis=1)},
                feeds={}, train=None, runs=1)


@graph_case
def argsort_values(tf):
    x = tf.constant(_VALUES, name="x")
    ties = tf.constant([3, 1, 3, 2, 1], name="ties")
    return dict(fetches={"last": tf.argsort(x), "desc": tf.argsort(x, direction="DESCENDING"),
                         "axis0": tf.argsort(x, axis=0), "axis1": tf.argsort(x, axis=1),
                         "ties": tf.argsort(ties), "ties_desc": tf.argsort(ties, direction="DESCENDING", stable=True),
                         "contrib": tf.contrib.framework.argsort(x, axis=0, direction="DESCENDING")},
                feeds={}, train=None, runs=1)


@graph_case
def sort_dynamic_and_int(tf):
    p = tf.placeholder(tf.float32, [None, 4], name="p")
    i = tf.constant([5, -3, 0, 9, 2], tf.int32)
    v = tf.constant([2.0, 0.5, 1.5])
    s = tf.sort(v)
    return dict(fetches={"dyn": tf.sort(p), "dyn_axis0": tf.argsort(p, axis=0), "int": tf.sort(i),
                         "int_desc": tf.sort(i, direction="DESCENDING"), "i64": tf.sort(tf.cast(i, tf.int64)),
                         "grad": tf.gradients(tf.reduce_sum(s * tf.constant([1.0, 2.0, 3.0])), v)},
                feeds={"p": np.array([[3, 1, 2, 0], [9, -1, 4, 4], [0, 0, 1, -5]], np.float32)},
                train=None, runs=1)


@error
def sort_bad_direction(tf):
    tf.sort(tf.constant([1.0]), direction="UP")


@error
def sort_axis_not_constant(tf):
    tf.sort(tf.constant([1.0]), axis=tf.placeholder(tf.int32, []))


# -------------------------------------------------------------------------------- switch_case

@graph_case
def switch_case_values(tf):
    i = tf.placeholder(tf.int32, [], name="i")
    x = tf.constant([1.0, 2.0], name="x")
    r = tf.switch_case(i, [lambda: x * 2.0, lambda: x + 10.0], default=lambda: tf.zeros([2]))
    r2 = tf.switch_case(tf.constant(1), {1: lambda: (x * 3.0, tf.constant(2)), 0: lambda: (x, tf.constant(1))})
    r3 = tf.switch_case(i, [lambda: [x[0]], lambda: [x[1]]], name="pick")
    return dict(fetches={"r": r, "r2": r2, "r3": r3, "grad": tf.gradients(r, x)},
                feeds={"i": 1}, train=None, runs=1)


@graph_case
def switch_case_out_of_range(tf):
    i = tf.placeholder(tf.int32, [], name="i")
    c = tf.constant(4.0)
    r = tf.switch_case(i, [lambda: c, lambda: c * 2.0, lambda: c * 3.0])
    return dict(fetches={"r": r, "grad": tf.gradients(r, c)}, feeds={"i": 7}, train=None, runs=1)


@graph_case
def switch_case_negative_index(tf):
    i = tf.placeholder(tf.int32, [], name="i")
    c = tf.constant(4.0)
    r = tf.switch_case(i, [lambda: c, lambda: c * 2.0], default=lambda: c - 1.0)
    return dict(fetches={"r": r}, feeds={"i": -2}, train=None, runs=1)


@graph_case
def switch_case_in_scope(tf):
    with tf.name_scope("outer"):
        i = tf.constant(0)
        r = tf.switch_case(i, (lambda: tf.constant([1, 2]), lambda: tf.constant([3, 4])))
    return dict(fetches={"r": r}, feeds={}, train=None, runs=1)


@error
def switch_case_int64_index(tf):
    tf.switch_case(tf.constant(0, tf.int64), [lambda: tf.constant(1)])


@error
def switch_case_python_index(tf):
    tf.switch_case(1, [lambda: tf.constant(1)])


@error
def switch_case_float_index(tf):
    tf.switch_case(tf.constant(1.0), [lambda: tf.constant(1)])


@error
def switch_case_empty(tf):
    tf.switch_case(tf.constant(0), [])


@error
def switch_case_bad_keys(tf):
    tf.switch_case(tf.constant(0), {0: lambda: tf.constant(1), 2: lambda: tf.constant(2)})


@error
def switch_case_non_int_key(tf):
    tf.switch_case(tf.constant(0), [("a", lambda: tf.constant(1))])


# ------------------------------------------------------------------------------- name scopes

@py_case
def get_name_scope(tf):
    out = [tf.contrib.framework.get_name_scope()]
    with tf.name_scope("foo"):
        out.append(tf.contrib.framework.get_name_scope())
        with tf.name_scope("bar"):
            out.append(tf.contrib.framework.get_name_scope())
        with tf.name_scope("bar"):
            out.append(tf.contrib.framework.get_name_scope())
        with tf.variable_scope("vs"):
            out.append(tf.contrib.framework.get_name_scope())
    out.append(tf.contrib.framework.get_name_scope())
    return out
