"""The tutorials' MNIST reader against what TF 1.x's reader returned for the same files and seeds
(tests/golden/mnist/mnist_golden.json, recorded by tests/golden/mnist/make_golden.py)."""
import json
import os
import shutil
import sys

import numpy as np
import pytest

import tf1 as tf
from tf1.datasets.tutorials_mnist import input_data

# The shared offline data sets (../shared/data beside the checkout); TF1_DATA_DIR overrides.
_CANDIDATES = [os.environ.get("TF1_DATA_DIR"),
               os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data"),
               "/work/shared/data"]
DATA = next((os.path.join(d, "mnist") for d in _CANDIDATES if d and os.path.isdir(os.path.join(d, "mnist"))),
            os.path.join(_CANDIDATES[1], "mnist"))
GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden", "mnist")
with open(os.path.join(GOLDEN_DIR, "mnist_golden.json")) as _f:
    GOLDEN = json.load(_f)
sys.path.insert(0, GOLDEN_DIR)
from mnist_describe import batches, describe, reader  # noqa: E402


read = reader(input_data)


def approx(expected):
    """pytest.approx over nested dicts/lists (newer pytest refuses nested structures)."""
    if isinstance(expected, dict):
        return {k: approx(v) for k, v in expected.items()}
    if isinstance(expected, list):
        return [approx(v) for v in expected]
    if isinstance(expected, float):
        return pytest.approx(expected)
    return expected


needs_data = pytest.mark.skipif(not os.path.isdir(DATA), reason="MNIST IDX files not found at %s "
                                                                "(set TF1_DATA_DIR)" % DATA)


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    if not os.path.isdir(DATA):
        pytest.skip("MNIST IDX files not found at %s (set TF1_DATA_DIR)" % DATA)
    shutil.copytree(DATA, tmp_path / "MNIST_data")
    monkeypatch.chdir(tmp_path)
    tf.reset_default_graph()
    yield tmp_path
    tf.reset_default_graph()


def test_default_and_one_hot(workdir):
    ds, printed = read("MNIST_data")
    g = GOLDEN["default"]
    assert printed == g["stdout"]
    for split in ("train", "validation", "test"):
        assert describe(getattr(ds, split)) == approx(g[split])
    ds, printed = read("MNIST_data/", one_hot=True)
    assert printed == GOLDEN["one_hot"]["stdout"]
    assert describe(ds.train) == approx(GOLDEN["one_hot"]["train"])
    assert ds.train.labels[:3].tolist() == GOLDEN["one_hot"]["first_rows"]
    assert type(ds).__name__ == "_Datasets"


def test_uint8_and_errors(workdir):
    ds, _ = read("MNIST_data", dtype=tf.uint8, reshape=False, validation_size=100)
    assert describe(ds.train) == approx(GOLDEN["uint8_noreshape"]["train"])
    assert describe(ds.validation) == approx(GOLDEN["uint8_noreshape"]["validation"])
    for bad in (-1, 8501):
        with pytest.raises(ValueError) as e:
            read("MNIST_data", validation_size=bad)
        assert str(e.value) == GOLDEN["bad_validation_%d" % bad]
    with pytest.raises(TypeError) as e:
        read("MNIST_data", dtype=tf.int32)
    assert str(e.value) == GOLDEN["bad_dtype"]


def test_seeded_batches(workdir):
    ds, _ = read("MNIST_data", seed=123)
    assert batches(ds.train, 1000, 5) == GOLDEN["seed123_train"]
    assert batches(ds.validation, 2000, 3, shuffle=False) == GOLDEN["seed123_validation_noshuffle"]
    ds, _ = read("MNIST_data", seed=123)
    got = {"batches": batches(ds.test, 600, 3), "np_rand_after": float(np.random.rand())}
    assert got == GOLDEN["seed123_test_then_rand"]
    read("MNIST_data", seed=123)
    assert float(np.random.rand()) == GOLDEN["seed123_rand_right_after"]
    tf.reset_default_graph()
    tf.set_random_seed(7)
    ds, _ = read("MNIST_data")
    assert batches(ds.test, 600, 3) == GOLDEN["graphseed7_test"]
    ds, _ = read("MNIST_data", seed=5)
    assert batches(ds.test, 600, 3) == GOLDEN["graphseed7_seed5_test"]


def test_fake_data(workdir):
    ds, _ = read("MNIST_data", fake_data=True, one_hot=True)
    x, y = ds.train.next_batch(2, fake_data=True)
    g = GOLDEN["fake_one_hot"]
    assert [ds.train.num_examples, [len(x), len(x[0])], x[0][:3], y] == \
        [g["num_examples"], g["x_len"], g["x_first"], g["y"]]
    ds, _ = read("MNIST_data", fake_data=True)
    assert ds.test.next_batch(3, fake_data=True)[1] == GOLDEN["fake"]["y"]


@needs_data
def test_missing_files_come_from_the_local_mirror(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TF1_DATA_DIR", os.path.dirname(DATA))
    ds, printed = read("fresh")
    assert printed[0] == "Successfully downloaded train-images-idx3-ubyte.gz %d bytes." % os.path.getsize(
        os.path.join(DATA, "train-images-idx3-ubyte.gz"))
    assert printed[1] == "Extracting fresh/train-images-idx3-ubyte.gz"
    assert ds.train.num_examples == GOLDEN["default"]["train"]["num_examples"]


@needs_data
def test_keras_load_data_matches_idx_files(monkeypatch):
    monkeypatch.setenv("TF1_DATA_DIR", os.path.dirname(DATA))
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data(path="/nonexistent/mnist.npz")
    assert x_train.shape == (8500, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (1500, 28, 28) and y_test.dtype == np.uint8
    # The tutorials reader's validation split is the first 5000 training images, one-hot off.
    assert y_train[:3].tolist() == GOLDEN["default"]["validation"]["first_labels"]
    assert y_test[:3].tolist() == GOLDEN["default"]["test"]["first_labels"]
