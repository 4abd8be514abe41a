"""tf1's string ops against goldens recorded from real TensorFlow (tests/golden/ops/strings_make.py
over tests/golden/ops/strings_cases.py), plus the three hash functions on their own."""
import json
import os
import re
import sys

import numpy as np
import pytest

import tf1 as tf
from tf1.ops import string_hash

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "ops")
sys.path.insert(0, GOLDEN)
import strings_cases  # noqa: E402
from control_cases_util import to_json  # noqa: E402

with open(os.path.join(GOLDEN, "strings_golden.json")) as _f:
    GOLD = json.load(_f)


def _check(got, exp):
    if isinstance(exp, dict) and "value" in exp:
        assert got["dtype"] == exp["dtype"] and got["shape"] == exp["shape"], (got, exp)
        if exp.get("kind") == "float":
            np.testing.assert_allclose(np.array(got["value"], dtype=float), np.array(exp["value"], dtype=float),
                                       rtol=1e-6)
        else:
            assert got["value"] == exp["value"], (got, exp)
    else:
        assert sorted(got) == sorted(exp)
        for k in exp:
            _check(got[k], exp[k])


@pytest.mark.parametrize("name", [n for n, _ in strings_cases.CASES + strings_cases.SPLIT_CASES])
def test_string_case(name):
    fn = dict(strings_cases.CASES + strings_cases.SPLIT_CASES)[name]
    gold = GOLD["cases"][name]
    g = tf.Graph()
    with g.as_default():
        t = fn(tf)
        if "name" in gold:
            assert t.name == gold["name"]
            assert [t.dtype.name, None if t.get_shape().ndims is None else t.get_shape().as_list()] == \
                gold["static"]
        else:
            assert [[p.dtype.name, p.get_shape().as_list()] for p in (t.indices, t.values, t.dense_shape)] \
                == gold["static"]
        with tf.Session(graph=g) as sess:
            _check(to_json(sess.run(t)), gold["value"])


def _core(message):
    m = re.search(r"Node: '[^']*'\n(.*?)\n\t \[\[", message, re.S)
    return m.group(1) if m else message


@pytest.mark.parametrize("name", [n for n, _ in strings_cases.ERROR_CASES])
def test_string_error(name):
    fn = dict(strings_cases.ERROR_CASES)[name]
    gold = GOLD["errors"][name]
    g = tf.Graph()
    with g.as_default():
        with tf.Session(graph=g) as sess:
            with pytest.raises(tf.errors.OpError) as info:
                sess.run(fn(tf))
    assert type(info.value).__name__ == gold["type"]
    assert info.value.message == _core(gold["message"])


# Published test vectors (not from TF): SipHash-2-4 reference vector (key 00..0f, message 00..0e),
# and FarmHash's Fingerprint64 of the empty string (its k2 constant).
def test_siphash_reference_vector():
    key = bytes(range(16))
    k0, k1 = int.from_bytes(key[:8], "little"), int.from_bytes(key[8:], "little")
    assert string_hash.siphash24(k0, k1, bytes(range(15))) == 0xA129CA6149BE45E5


def test_fingerprint64_empty():
    assert string_hash.fingerprint64(b"") == 0x9AE16A3B2F90404F


def test_split_rejects_matrix():
    with pytest.raises(ValueError):
        tf.string_split(tf.constant([["a b"]]))


def test_strings_inside_cond_and_map_fn():
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.bool, [])
        s = tf.cond(p, lambda: tf.string_join(["a", "b"]), lambda: tf.constant("zz"))
        m = tf.map_fn(lambda x: tf.string_to_number(x), tf.constant(["1", "2.5"]), dtype=tf.float32)
        with tf.Session(graph=g) as sess:
            assert sess.run(s, {p: True}) == b"ab"
            assert sess.run(s, {p: False}) == b"zz"
            np.testing.assert_allclose(sess.run(m), [1.0, 2.5])
