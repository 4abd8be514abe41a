"""Keras 2 numpy utilities (to_categorical, normalize, pad_sequences, text helpers, Tokenizer)
against goldens recorded from real Keras by tests/golden/keras/make_keras_utils.py."""
import json
import os

import numpy as np
import pytest

import tf1
from tf1 import compat_shim

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "keras", "keras_utils.json")
with open(GOLDEN, encoding="utf-8") as _f:
    G = json.load(_f)


def _resolve(root, path):
    obj = root
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _id(case):
    return "%s-%s" % (case["path"].rsplit(".", 1)[-1], json.dumps(case["kwargs"], sort_keys=True))


@pytest.mark.parametrize("case", G["calls"], ids=[_id(c) for c in G["calls"]])
def test_call_matches_keras(case):
    fn = _resolve(tf1.keras, case["path"])
    want = case["result"]
    if "error" in want:
        with pytest.raises(getattr(__builtins__, want["error"], None) or ValueError) as info:
            fn(*case["args"], **case["kwargs"])
        assert type(info.value).__name__ == want["error"]
        assert str(info.value) == want["message"]
        return
    got = fn(*case["args"], **case["kwargs"])
    if "value" in want:
        assert got == want["value"]
        return
    assert isinstance(got, np.ndarray)
    assert str(got.dtype) == want["dtype"]
    assert list(got.shape) == want["shape"]
    expected = np.array(want["array"], dtype=want["dtype"]).reshape(want["shape"])
    if want["kind"] == "f":
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    else:
        np.testing.assert_array_equal(got, expected)


def _pairs(d):
    return [list(p) for p in sorted(d.items())]


@pytest.mark.parametrize("case", G["tokenizers"], ids=[json.dumps(c["kwargs"]) for c in G["tokenizers"]])
def test_tokenizer_matches_keras(case):
    want = case["result"]
    Tokenizer = tf1.keras.preprocessing.text.Tokenizer
    tok = Tokenizer(**case["kwargs"])
    tok.fit_on_texts(case["fit"])
    assert _pairs(tok.word_index) == want["word_index"]
    assert _pairs(tok.index_word) == want["index_word"]
    assert [list(p) for p in tok.word_counts.items()] == want["word_counts"]
    assert _pairs(tok.word_docs) == want["word_docs"]
    assert _pairs(tok.index_docs) == want["index_docs"]
    assert tok.document_count == want["document_count"]
    assert tok.texts_to_sequences(case["texts"]) == want["sequences"]
    assert tok.sequences_to_texts(case["seqs"]) == want["texts"]
    # word_docs/index_docs are filled while iterating a set of strings, so their key order
    # follows string hashing (random per process, in Keras too): compare those as mappings.
    got_config, want_config = tok.get_config(), dict(want["config"])
    for key in ("word_docs", "index_docs"):
        assert json.loads(got_config.pop(key)) == json.loads(want_config.pop(key))
    assert got_config == want_config
    for mode in ("binary", "count", "freq", "tfidf"):
        got = tok.texts_to_matrix(case["texts"], mode=mode)
        assert got.dtype == np.float64
        np.testing.assert_allclose(got, np.array(want["matrix_" + mode]), rtol=1e-12, atol=0)
    restored = tf1.keras.preprocessing.text.tokenizer_from_json(tok.to_json())
    assert restored.texts_to_sequences(case["texts"]) == want["restored_sequences"]
    tok.fit_on_sequences([[1, 2, 2], [3]])
    assert tok.document_count == want["after_fit_on_sequences"]["document_count"]
    assert _pairs(tok.index_docs) == want["after_fit_on_sequences"]["index_docs"]


def test_unfitted_tokenizer_matrix_error():
    with pytest.raises(ValueError) as info:
        tf1.keras.preprocessing.text.Tokenizer().texts_to_matrix(["a"])
    assert str(info.value) == G["unfitted_matrix_error"]


def test_tokenizer_rejects_unknown_kwargs():
    with pytest.raises(TypeError, match="Unrecognized keyword arguments"):
        tf1.keras.preprocessing.text.Tokenizer(bogus=1)


@pytest.mark.parametrize("name", [
    "utils.to_categorical", "utils.normalize", "preprocessing.sequence.pad_sequences",
    "preprocessing.text.Tokenizer", "preprocessing.text.text_to_word_sequence",
])
def test_same_object_under_contrib_keras(name):
    assert _resolve(tf1.contrib.keras, name) is _resolve(tf1.keras, name)


def test_import_paths_through_shim():
    # `import keras` / `keras.utils.np_utils` / `tensorflow.contrib.keras` as old scripts spell them.
    keras = compat_shim._lookup("keras")
    np_utils = compat_shim._lookup("keras.utils.np_utils")
    kr = compat_shim._lookup("tensorflow.contrib.keras")
    assert keras.utils.to_categorical is tf1.keras.utils.to_categorical
    assert np_utils.to_categorical is tf1.keras.utils.to_categorical
    assert kr.preprocessing.sequence.pad_sequences is tf1.keras.preprocessing.sequence.pad_sequences
    out = kr.preprocessing.sequence.pad_sequences([[1, 3, 5, 7, 9], [2, 4, 6, 3]], maxlen=8,
                                                  dtype="float32", padding="post")
    assert str(out) == "[[1. 3. 5. 7. 9. 0. 0. 0.]\n [2. 4. 6. 3. 0. 0. 0. 0.]]"


def test_tensorflow_python_keras_paths_through_shim():
    # TF 1.15's tf.keras is the module tree tensorflow.python.keras; scripts import from it directly.
    assert compat_shim._lookup("tensorflow.python.keras").Sequential is tf1.keras.Sequential
    assert compat_shim._lookup("tensorflow.python.keras.layers").Dense is tf1.keras.layers.Dense
    assert (compat_shim._lookup("tensorflow.python.keras.utils.data_utils").get_file
            is tf1.keras.utils.get_file)
    assert (compat_shim._lookup("tensorflow.python.keras.datasets.imdb").load_data
            is tf1.keras.datasets.imdb.load_data)
    assert compat_shim._lookup("tensorflow.python.ops.no_such_module") is None
