"""tf.keras.datasets loaders and tf.keras.utils.get_file against TF 1.15's own loaders run on the same
synthetic cache files (tests/golden/datasets/keras_datasets.json, recorded by
tests/golden/datasets/make_keras_datasets.py; the files and scenarios are keras_dataset_cases.py).

Every loader's outputs (dtype, shape, sha256 of the bytes), its stdout (TF's re-download notice and
`Downloading data from ...`), its warnings and errors (offline: `URL fetch failure on ...`) and the
files left in the cache must be TF's. Downloads go to a stand-in for `urlretrieve`."""
import json
import os
import sys
import types
import urllib.error

import pytest

import tf1 as tf
from tf1.datasets import keras_datasets
from tf1.keras_impl import data_utils

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "..", "golden", "datasets")
sys.path.insert(0, GOLDEN_DIR)
import keras_dataset_cases as cases  # noqa: E402

with open(os.path.join(GOLDEN_DIR, "keras_datasets.json")) as _f:
    GOLDEN = json.load(_f)

# tf.keras.datasets.mnist.load_data is the older reader of tf1/datasets/mnist.py, which reads a cached
# mnist.npz without checking its hash (and falls back to the shared IDX mirror): only its arrays are
# TF's, not the re-download notice.
VALUE_ONLY = {"mnist"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    return cases.build_server(str(tmp_path_factory.mktemp("keras_server")))


@pytest.fixture
def env(server, tmp_path, monkeypatch):
    home = str(tmp_path / "home")
    os.makedirs(home)
    monkeypatch.setenv("HOME", home)
    network = cases.Network(server)
    monkeypatch.setattr(data_utils, "urlretrieve", network)
    warnings = []
    monkeypatch.setattr(keras_datasets, "logging", types.SimpleNamespace(warning=warnings.append))
    api = {"get_file": tf.keras.utils.get_file,
           "set_image_data_format": tf.keras.backend.set_image_data_format, "warnings": warnings}
    for ds in ("boston_housing", "cifar10", "cifar100", "fashion_mnist", "mnist", "imdb", "reuters"):
        module = getattr(tf.keras.datasets, ds)
        api[ds + ".load_data"] = module.load_data
        if hasattr(module, "get_word_index"):
            api[ds + ".get_word_index"] = module.get_word_index
    return api, home, server, network


def approx(expected):
    if isinstance(expected, dict):
        return {k: approx(v) for k, v in expected.items()}
    if isinstance(expected, list):
        return [approx(v) for v in expected]
    if isinstance(expected, float):
        return pytest.approx(expected)
    return expected


@pytest.mark.parametrize("name", sorted(cases.SCENARIOS))
def test_scenario_matches_tf115(name, env):
    api, home, server, network = env
    got = cases.run_scenario(name, api, home, server, network)
    expected = GOLDEN[name]
    if name in VALUE_ONLY:
        assert got["value"] == approx(expected["value"])
        return
    assert got == approx(expected)


def test_real_urllib_offline_error(tmp_path, monkeypatch):
    """The real urllib (a `.invalid` host never resolves): TF's message around urllib's reason."""
    monkeypatch.setenv("HOME", str(tmp_path))
    origin = "http://tf1-offline.invalid/data.npz"
    with pytest.raises(Exception) as info:
        tf.keras.utils.get_file("data.npz", origin)
    try:
        data_utils.urlretrieve(origin, str(tmp_path / "probe"))
    except urllib.error.URLError as e:
        reason = e.reason
    assert str(info.value) == "URL fetch failure on %s: None -- %s" % (origin, reason)
    assert type(info.value) is Exception
    assert not os.path.exists(tmp_path / ".keras" / "datasets" / "data.npz")


def test_default_cache_is_made_under_home(tmp_path, monkeypatch, server, capsys):
    """~/.keras existed once TF 1.15 was imported; tf1 makes it rather than using /tmp/.keras."""
    home = tmp_path / "fresh"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(data_utils, "urlretrieve", cases.Network(server))
    path = tf.keras.utils.get_file("hello.txt", "http://example.com/hello.txt")
    assert path == str(home / ".keras" / "datasets" / "hello.txt")
    assert open(path).read() == "hello keras\n"
    assert capsys.readouterr().out == "Downloading data from http://example.com/hello.txt\n"


def test_download_progress_bar(tmp_path, monkeypatch, server, capsys):
    """urlretrieve's reporthook drives a progress bar over the bytes (first call: the bar)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    network = cases.Network(server)

    def retrieve(url, filename, reporthook=None):
        for count in range(4):
            reporthook(count, 8192, 20000)
        return network(url, filename)

    monkeypatch.setattr(data_utils, "urlretrieve", retrieve)
    tf.keras.utils.get_file("hello.txt", "http://example.com/hello.txt")
    out = capsys.readouterr().out
    assert out.startswith("Downloading data from http://example.com/hello.txt\n")
    assert "20000/20000" in out


def test_validate_file_and_hash(server):
    path = os.path.join(server, "hello.txt")
    sha, md5 = cases.file_hash(path), cases.file_hash(path, "md5")
    assert data_utils.validate_file(path, sha)
    assert data_utils.validate_file(path, md5)
    assert data_utils.validate_file(path, md5, algorithm="md5")
    assert not data_utils.validate_file(path, md5, algorithm="sha256")
    assert data_utils._hash_file(path) == sha
    assert data_utils._hash_file(path, "md5") == md5


def test_public_names():
    for ds in ("boston_housing", "cifar10", "cifar100", "imdb", "mnist", "reuters"):
        assert getattr(tf.contrib.keras.datasets, ds).load_data is getattr(tf.keras.datasets, ds).load_data
    assert not hasattr(tf.contrib.keras.datasets, "fashion_mnist")
    assert tf.contrib.keras.utils.get_file is tf.keras.utils.get_file
    assert tf.keras.datasets.reuters.get_word_index.__name__ == "get_word_index"
