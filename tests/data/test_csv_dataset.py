"""CsvDataset / make_csv_dataset against real TensorFlow: every case of
tests/golden/data/csv_cases.py run on tf1 must give the result recorded from TF
(tests/golden/data/csv_make.py). make_csv_dataset's Python-side errors are TF 1.15's words (the
oracle, TF 2.21, rewrote them), pinned from 1.15's readers.py."""
import json
import os
import sys

import numpy as np
import pytest

import tf1

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "golden", "data")
sys.path.insert(0, GOLDEN_DIR)
import csv_cases  # noqa: E402

with open(os.path.join(GOLDEN_DIR, "csv_golden.json")) as f:
    GOLDEN = json.load(f)

# TF 1.15's readers.py messages where TF 2.21 words them differently.
BUILD_ERRORS_115 = {
    "no_header": "ValueError: Cannot infer column names without a header line.",
    "dup_names": "ValueError: Cannot have duplicate column names.",
    "bad_label": "ValueError: `label_name` provided must be one of the columns.",
    "bad_select_name": "ValueError: Value 'z' specified in select_columns not a valid column index or name.",
    "bad_select_index": "ValueError: Column index 5 specified in select_columns out of valid range.",
    "defaults_len": "ValueError: If specified, column_defaults and select_columns must have same length.",
    "no_files": "ValueError: No files match %s.",
    "empty_file": "ValueError: Received StopIteration when reading the header line of %s.  Empty file?",
}


def _normalize(v):
    """JSON round trip (tuples -> lists) and float rounding."""
    v = json.loads(json.dumps(v))

    def walk(x):
        if isinstance(x, float):
            return round(x, 4)
        if isinstance(x, list):
            return [walk(i) for i in x]
        if isinstance(x, dict):
            return {k: walk(i) for k, i in x.items()}
        return x
    return walk(v)


def test_every_case_has_a_golden():
    assert sorted(GOLDEN) == sorted(csv_cases.CASES)


@pytest.mark.parametrize("name", sorted(n for n in csv_cases.CASES if n != "make_csv_build_errors"))
def test_case(name):
    with tf1.Graph().as_default():
        got = csv_cases.CASES[name](tf1, np)
    assert _normalize(got) == _normalize(GOLDEN[name])


def test_make_csv_dataset_build_errors():
    with tf1.Graph().as_default():
        got = csv_cases.CASES["make_csv_build_errors"](tf1, np)
    assert sorted(got) == sorted(BUILD_ERRORS_115)
    for key, message in BUILD_ERRORS_115.items():
        text = got[key]["build_error"]
        if "%s" in message:  # the temporary file's path
            path = text[len(message.split("%s")[0]):len(text) - len(message.split("%s")[1])]
            assert os.path.basename(path) in ("a.csv.nope*", "e.csv"), text
            message = message % path
        assert text == message, key


def test_make_csv_dataset_graph():
    """TF 1.15's pipeline: file names -> flat_map(CsvDataset) -> batch -> map -> prefetch."""
    with tf1.Graph().as_default() as g:
        p = csv_cases.write({"a.csv": b"a,b\n1,x\n"})
        ds = tf1.data.experimental.make_csv_dataset(p["a.csv"], 4, label_name="b", num_epochs=1, shuffle=False)
        types = [op.type for op in g.get_operations()]
        assert "ExperimentalCSVDataset" in types and types[-1] == "PrefetchDataset"
        assert list(ds.output_types[0]) == ["a"] and ds.output_types[1] == tf1.string


def test_shuffled_is_a_permutation():
    with tf1.Graph().as_default():
        p = csv_cases.write({"a.csv": b"v\n" + b"".join(b"%d\n" % i for i in range(20))})
        ds = tf1.data.experimental.make_csv_dataset(p["a.csv"], 5, num_epochs=1, shuffle_seed=7)
        nxt = tf1.data.make_one_shot_iterator(ds).get_next()
        with tf1.Session() as sess:
            seen = np.concatenate([sess.run(nxt)["v"] for _ in range(4)])
    assert sorted(seen.tolist()) == list(range(20)) and seen.tolist() != list(range(20))
