"""Records goldens for tests/keras/test_keras_utils.py from real Keras (tf_keras, the Keras 2 that
TF 1.15's `tf.keras` became): to_categorical, normalize, pad_sequences, make_sampling_table, the text
helpers and Tokenizer.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python \
        tests/golden/keras/make_keras_utils.py

Writes tests/golden/keras/keras_utils.json: each case names the public function (a dotted path under
`keras.`), its JSON arguments, and the result (array values/dtype/shape, a plain value, or the error).
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
keras = tf.keras

HERE = os.path.dirname(os.path.abspath(__file__))

# (public path under keras., positional args, keyword args)
CALLS = [
    ("utils.to_categorical", [[1, 3, 9]], {}),
    ("utils.to_categorical", [[0, 2, 1, 2]], {"num_classes": 5}),
    ("utils.to_categorical", [[[0], [2], [1]]], {}),
    ("utils.to_categorical", [[[0, 1], [2, 1]]], {"num_classes": 3, "dtype": "int32"}),
    ("utils.to_categorical", [[2, 0]], {"dtype": "float64"}),
    ("utils.to_categorical", [5], {}),
    ("utils.to_categorical", [[1.7, 0.2]], {"num_classes": 2}),
    ("utils.normalize", [[[3.0, 4.0], [0.0, 0.0]]], {}),
    ("utils.normalize", [[[3.0, 4.0], [1.0, 2.0]]], {"axis": 0, "order": 1}),
    ("preprocessing.sequence.pad_sequences", [[[1, 3, 5, 7, 9], [2, 4, 6, 3]]],
     {"maxlen": 8, "dtype": "float32", "padding": "post"}),
    ("preprocessing.sequence.pad_sequences", [[[1], [2, 3], [4, 5, 6]]], {}),
    ("preprocessing.sequence.pad_sequences", [[[1], [2, 3], [4, 5, 6]]], {"value": -1}),
    ("preprocessing.sequence.pad_sequences", [[[1], [2, 3], [4, 5, 6]]], {"maxlen": 2}),
    ("preprocessing.sequence.pad_sequences", [[[1], [2, 3], [4, 5, 6]]],
     {"maxlen": 2, "truncating": "post", "padding": "post"}),
    ("preprocessing.sequence.pad_sequences", [[[1, 2, 3, 4, 5, 6, 7], [], [8]]], {"maxlen": 4}),
    ("preprocessing.sequence.pad_sequences", [[[1.5, 2.7], [3.9]]], {}),
    ("preprocessing.sequence.pad_sequences", [[[1.5, 2.7], [3.9]]], {"dtype": "float64", "value": 0.5}),
    ("preprocessing.sequence.pad_sequences", [[[[1, 2], [3, 4]], [[5, 6]]]], {"maxlen": 3}),
    ("preprocessing.sequence.pad_sequences", [[["a", "b"], ["c"]]], {"dtype": "<U1", "value": "x"}),
    ("preprocessing.sequence.pad_sequences", [[[1, 2]]], {"padding": "middle"}),
    ("preprocessing.sequence.pad_sequences", [[[1, 2]]], {"truncating": "middle"}),
    ("preprocessing.sequence.pad_sequences", [[[1, 2]]], {"value": "x"}),
    ("preprocessing.sequence.pad_sequences", [[[[1, 2]], [[1, 2, 3]]]], {}),
    ("preprocessing.sequence.pad_sequences", [[1, 2]], {}),
    ("preprocessing.sequence.make_sampling_table", [6], {}),
    ("preprocessing.sequence.make_sampling_table", [4], {"sampling_factor": 1e-3}),
    ("preprocessing.text.text_to_word_sequence", ["This is a sample, sentence!\tTab"], {}),
    ("preprocessing.text.text_to_word_sequence", ["A-b c--D"], {"filters": "-", "lower": False}),
    ("preprocessing.text.text_to_word_sequence", ["a;b;;C"], {"split": ";"}),
    ("preprocessing.text.hashing_trick", ["the cat sat on the mat", 17], {"hash_function": "md5"}),
]

TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "cat and dog; cat, dog",
         "Unseen words here"]

# (constructor kwargs, texts to fit on, texts to transform, sequences to decode)
TOKENIZERS = [
    ({}, TEXTS[:3], TEXTS, [[1, 2, 3], [9, 99, 0]]),
    ({"num_words": 4}, TEXTS[:3], TEXTS, [[1, 2, 3, 4, 5]]),
    ({"oov_token": "<OOV>"}, TEXTS[:3], TEXTS, [[1, 2, 50]]),
    ({"oov_token": "<OOV>", "num_words": 5}, TEXTS[:3], TEXTS, [[1, 2, 3, 4, 5, 6]]),
    ({"char_level": True}, ["abca", "Bcd"], ["abcz", "dd"], [[1, 2, 3]]),
    ({"lower": False, "filters": ""}, [["Tok", "a"], ["a", "b"]], [["a", "Tok", "c"]], [[1, 2]]),
    ({"split": ",", "filters": ""}, ["x,y,z,x", "y,,w"], ["x,w,q"], [[1, 4]]),
]


def encode(value):
    if isinstance(value, np.ndarray):
        kind = value.dtype.kind
        values = value.tolist()
        return {"array": values, "dtype": str(value.dtype), "shape": list(value.shape),
                "kind": kind}
    return {"value": value}


def resolve(path):
    obj = keras
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def call(path, args, kwargs):
    try:
        return encode(resolve(path)(*args, **kwargs))
    except Exception as e:  # the error type and message are part of the spec
        return {"error": type(e).__name__, "message": str(e)}


def tokenizer_case(kwargs, fit, texts, seqs):
    tok = keras.preprocessing.text.Tokenizer(**kwargs)
    tok.fit_on_texts(fit)
    out = {
        "word_index": sorted(tok.word_index.items()),
        "index_word": sorted(tok.index_word.items()),
        "word_counts": list(tok.word_counts.items()),  # insertion order matters
        "word_docs": sorted(tok.word_docs.items()),
        "index_docs": sorted(tok.index_docs.items()),
        "document_count": tok.document_count,
        "sequences": tok.texts_to_sequences(texts),
        "texts": tok.sequences_to_texts(seqs),
        "config": tok.get_config(),
    }
    for mode in ("binary", "count", "freq", "tfidf"):
        out["matrix_" + mode] = tok.texts_to_matrix(texts, mode=mode).tolist()
    restored = keras.preprocessing.text.tokenizer_from_json(tok.to_json())
    out["restored_sequences"] = restored.texts_to_sequences(texts)
    tok.fit_on_sequences([[1, 2, 2], [3]])
    out["after_fit_on_sequences"] = {"document_count": tok.document_count,
                                     "index_docs": sorted(tok.index_docs.items())}
    return out


def main():
    golden = {
        "calls": [{"path": p, "args": a, "kwargs": k, "result": call(p, a, k)} for p, a, k in CALLS],
        "tokenizers": [{"kwargs": k, "fit": f, "texts": t, "seqs": s,
                        "result": tokenizer_case(k, f, t, s)} for k, f, t, s in TOKENIZERS],
    }
    empty = keras.preprocessing.text.Tokenizer()
    try:
        empty.texts_to_matrix(["a"])
        golden["unfitted_matrix_error"] = None
    except ValueError as e:
        golden["unfitted_matrix_error"] = str(e)
    with open(os.path.join(HERE, "keras_utils.json"), "w") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
