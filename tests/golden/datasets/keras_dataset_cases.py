"""Synthetic Keras dataset files and the scenarios run on them, shared by the golden script
(make_keras_datasets.py, run with TF 1.15's loaders on the oracle) and tests/datasets/test_keras_datasets.py
(run with tf1's). Needs numpy only.

`build_server(dir)` writes small files in the real formats under the names Keras caches them as (npz
for boston/imdb/reuters/mnist, the cifar-10/100 tar.gz of Python-2-style pickles with bytes keys, the
fashion-MNIST gzipped IDX files, the word-index json). None matches TF's published hash, so every
loader finds its cached copy "incomplete or outdated" and downloads again: `Network` stands in for
`urlretrieve` and serves these files (or fails as an offline machine, or with an HTTP 404).

`run_all(api, home, server)` runs every scenario in a fresh `~/.keras` under `home` and returns
{name: description}: the loader's outputs (arrays as dtype, shape, sha256 and a few values; object
arrays of word sequences as lists), its stdout, its warnings or error, the cache files left, and a
draw of numpy's global RNG after the call (the loaders reseed it).
"""
import contextlib
import gzip
import hashlib
import io
import json
import os
import pickle
import shutil
import socket
import struct
import tarfile
import urllib.error
import zipfile

import numpy as np

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


# ----------------------------------------------------------------------------------- the files
def _sequences(rng, n, vocab, max_len, min_len=1):
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = [int(w) for w in rng.randint(1, vocab, size=rng.randint(min_len, max_len + 1))]
    return out


def _cifar_batch(rng, n, base, label_keys):
    j = np.arange(3072, dtype=np.int64)
    i = np.arange(n, dtype=np.int64)[:, None]
    data = ((i * 31 + j * 7 + base) % 251).astype(np.uint8)
    batch = {b"batch_label": b"synthetic batch", b"data": data,
             b"filenames": [b"img_%d.png" % k for k in range(n)]}
    for key, classes in label_keys:
        batch[key.encode()] = [int(v) for v in rng.randint(0, classes, size=n)]
    return batch


def _add_pickle(tar, name, obj):
    payload = pickle.dumps(obj, protocol=2)
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = 1500000000
    tar.addfile(info, io.BytesIO(payload))


def _idx_gz(path, array, magic):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(header + array.astype(np.uint8).tobytes())


def build_server(root):
    """Writes the synthetic files into `root` (served by `Network`), by the cache names."""
    rng = np.random.RandomState(1234)
    os.makedirs(root, exist_ok=True)
    # Boston: 23 samples x 13 float64 features (not a multiple of 5: the split rounds down).
    np.savez(os.path.join(root, "boston_housing.npz"), x=rng.uniform(0, 100, size=(23, 13)),
             y=np.round(rng.uniform(5, 50, size=23), 1))
    np.savez(os.path.join(root, "boston_small.npz"), x=rng.uniform(0, 1, size=(7, 13)),
             y=rng.uniform(5, 50, size=7))
    # IMDB: ragged reviews (word 1 = most frequent), binary labels.
    np.savez(os.path.join(root, "imdb.npz"), x_train=_sequences(rng, 12, 30, 12),
             y_train=rng.randint(0, 2, size=12), x_test=_sequences(rng, 9, 30, 12),
             y_test=rng.randint(0, 2, size=9))
    # Equal-length reviews: TF 1.15's numpy then built 2-D int arrays, not object arrays.
    np.savez(os.path.join(root, "imdb_same.npz"), x_train=_sequences(rng, 5, 20, 4, min_len=4),
             y_train=rng.randint(0, 2, size=5), x_test=_sequences(rng, 3, 20, 4, min_len=4),
             y_test=rng.randint(0, 2, size=3))
    np.savez(os.path.join(root, "reuters.npz"), x=_sequences(rng, 17, 40, 14),
             y=rng.randint(0, 46, size=17))
    np.savez(os.path.join(root, "mnist.npz"),
             x_train=rng.randint(0, 256, size=(5, 28, 28)).astype(np.uint8),
             y_train=rng.randint(0, 10, size=5).astype(np.uint8),
             x_test=rng.randint(0, 256, size=(3, 28, 28)).astype(np.uint8),
             y_test=rng.randint(0, 10, size=3).astype(np.uint8))
    for name, words in (("imdb_word_index.json", 30), ("reuters_word_index.json", 40)):
        with open(os.path.join(root, name), "w") as f:
            json.dump({"w%d" % (i * 7 % words): i for i in range(1, words)}, f)
    # CIFAR-10: TF reads exactly five training batches of 10000 images.
    with tarfile.open(os.path.join(root, "cifar-10-batches-py.tar.gz"), "w:gz", compresslevel=1) as tar:
        for b in range(1, 6):
            _add_pickle(tar, "cifar-10-batches-py/data_batch_%d" % b,
                        _cifar_batch(rng, 10000, b * 17, [("labels", 10)]))
        _add_pickle(tar, "cifar-10-batches-py/test_batch", _cifar_batch(rng, 7, 3, [("labels", 10)]))
        _add_pickle(tar, "cifar-10-batches-py/batches.meta", {b"label_names": [b"a", b"b"]})
    with tarfile.open(os.path.join(root, "cifar-100-python.tar.gz"), "w:gz") as tar:
        keys = [("fine_labels", 100), ("coarse_labels", 20)]
        _add_pickle(tar, "cifar-100-python/train", _cifar_batch(rng, 11, 5, keys))
        _add_pickle(tar, "cifar-100-python/test", _cifar_batch(rng, 4, 9, keys))
    fashion = os.path.join(root, "fashion-mnist")
    os.makedirs(fashion, exist_ok=True)
    for split, n in (("train", 6), ("t10k", 4)):
        _idx_gz(os.path.join(fashion, "%s-labels-idx1-ubyte.gz" % split), rng.randint(0, 10, size=n), 2049)
        _idx_gz(os.path.join(fashion, "%s-images-idx3-ubyte.gz" % split),
                rng.randint(0, 256, size=(n, 28, 28)), 2051)
    # Archives for get_file's extract=True.
    with open(os.path.join(root, "hello.txt"), "w") as f:
        f.write("hello keras\n")
    with zipfile.ZipFile(os.path.join(root, "pack.zip"), "w") as z:
        z.writestr("pack/inner.txt", "zipped\n")
    with tarfile.open(os.path.join(root, "bundle.tar.gz"), "w:gz") as tar:
        data = b"tarred\n"
        info = tarfile.TarInfo("bundle/inner.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return root


def file_hash(path, algorithm="sha256"):
    h = hashlib.sha256() if algorithm == "sha256" else hashlib.md5()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


# ----------------------------------------------------------------------------------- the network
class Network:
    """A stand-in for `urlretrieve(url, filename, reporthook)`: `mode` 'server' copies the served
    file of the destination's name (fashion files from fashion-mnist/), 'offline' fails as a machine
    without DNS, 'http404' as a missing URL; every URL asked for is logged."""

    def __init__(self, server):
        self.server = server
        self.mode = "server"
        self.log = []

    def __call__(self, url, filename, reporthook=None, data=None):
        self.log.append(url)
        if self.mode == "offline":
            raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))
        if self.mode == "http404":
            raise urllib.error.HTTPError(url, 404, "Not Found", None, None)
        name = os.path.basename(filename)
        src = os.path.join(self.server, name)
        if not os.path.exists(src):
            src = os.path.join(self.server, "fashion-mnist", name)
        shutil.copyfile(src, filename)
        return filename, None


# ----------------------------------------------------------------------------------- descriptions
def describe(value, home):
    if isinstance(value, (tuple, list)):
        return [describe(v, home) for v in value]
    if isinstance(value, dict):
        return {str(k): describe(v, home) for k, v in sorted(value.items())}
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return {"dtype": "object", "shape": list(value.shape),
                    "items": [[int(w) for w in x] for x in value],
                    "item_types": sorted({type(x).__name__ for x in value})}
        flat = np.ascontiguousarray(value).reshape(-1)
        return {"dtype": str(value.dtype), "shape": list(value.shape),
                "sha256": hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest(),
                "head": [float(v) for v in flat[:6]], "sum": float(flat.astype(np.float64).sum())}
    if isinstance(value, str):
        return value.replace(home, "<HOME>")
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return repr(value)


def cache_listing(home):
    root = os.path.join(home, ".keras")
    out = []
    for d, _, files in os.walk(root):
        for f in files:
            out.append(os.path.relpath(os.path.join(d, f), home))
    return sorted(out)


# ----------------------------------------------------------------------------------- scenarios
def _stale(*names, subdir="datasets"):
    """Setup: the served files copied into the cache first (their hash then mismatches)."""
    def setup(home, server):
        dst = os.path.join(home, ".keras", subdir)
        os.makedirs(dst, exist_ok=True)
        for name in names:
            src = os.path.join(server, name)
            if not os.path.exists(src):
                src = os.path.join(server, "fashion-mnist", name)
            shutil.copyfile(src, os.path.join(dst, name))
    return setup


def _mkdir(name):
    return lambda home, server: os.makedirs(os.path.join(home, name))


def _valid_hash(name, algorithm):
    """kwargs for get_file with the served file's true hash (it is cached first)."""
    return lambda server: {"file_hash" if algorithm != "md5_hash" else "md5_hash":
                           file_hash(os.path.join(server, name),
                                     "md5" if algorithm in ("md5", "md5_hash") else "sha256")}


FASHION = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
           "t10k-images-idx3-ubyte.gz"]

# name -> (function, kwargs, setup, network mode, image data format, extra kwargs computed from server)
SCENARIOS = {
    "boston_default": ("boston_housing.load_data", {}, _stale("boston_housing.npz"), "server", None, None),
    "boston_absent": ("boston_housing.load_data", {"test_split": 0.5, "seed": 1}, None, "server", None, None),
    "boston_no_test": ("boston_housing.load_data", {"path": "boston_small.npz", "test_split": 0.0, "seed": 7},
                       None, "server", None, None),
    "boston_bad_split": ("boston_housing.load_data", {"test_split": 1.0}, None, "server", None, None),
    "boston_offline": ("boston_housing.load_data", {}, None, "offline", None, None),
    "boston_offline_stale": ("boston_housing.load_data", {}, _stale("boston_housing.npz"), "offline", None,
                             None),
    "cifar10": ("cifar10.load_data", {}, _stale("cifar-10-batches-py.tar.gz"), "server", "channels_last",
                None),
    "cifar100_fine": ("cifar100.load_data", {}, None, "server", "channels_last", None),
    "cifar100_coarse_first": ("cifar100.load_data", {"label_mode": "coarse"}, None, "server",
                              "channels_first", None),
    "cifar100_bad_mode": ("cifar100.load_data", {"label_mode": "medium"}, None, "server", None, None),
    "fashion": ("fashion_mnist.load_data", {}, _stale(*FASHION[:2], subdir="datasets/fashion-mnist"),
                "server", None, None),
    "mnist": ("mnist.load_data", {}, _stale("mnist.npz"), "server", None, None),
    "imdb_default": ("imdb.load_data", {}, _stale("imdb.npz"), "server", None, None),
    "imdb_cut": ("imdb.load_data", {"num_words": 20, "skip_top": 5, "maxlen": 9, "seed": 5}, None, "server",
                 None, None),
    "imdb_no_start_no_oov": ("imdb.load_data", {"start_char": None, "oov_char": None, "index_from": 0,
                                                "num_words": 25}, None, "server", None, None),
    "imdb_no_start": ("imdb.load_data", {"start_char": None, "index_from": 2, "oov_char": 7, "skip_top": 3},
                      None, "server", None, None),
    "imdb_nb_words": ("imdb.load_data", {"nb_words": 12}, None, "server", None, None),
    "imdb_bad_kwarg": ("imdb.load_data", {"nb_word": 12}, None, "server", None, None),
    "imdb_maxlen_too_small": ("imdb.load_data", {"maxlen": 1}, None, "server", None, None),
    "imdb_same_length": ("imdb.load_data", {"path": "imdb_same.npz"}, None, "server", None, None),
    "imdb_word_index": ("imdb.get_word_index", {}, _stale("imdb_word_index.json"), "server", None, None),
    "reuters_default": ("reuters.load_data", {}, None, "server", None, None),
    "reuters_cut": ("reuters.load_data", {"num_words": 15, "skip_top": 2, "maxlen": 10, "test_split": 0.3,
                                          "seed": 3}, None, "server", None, None),
    "reuters_no_oov": ("reuters.load_data", {"oov_char": None, "num_words": 30, "test_split": 0.5}, None,
                       "server", None, None),
    "reuters_nb_words": ("reuters.load_data", {"nb_words": 9}, None, "server", None, None),
    "reuters_bad_kwarg": ("reuters.load_data", {"foo": 1}, None, "server", None, None),
    "reuters_word_index": ("reuters.get_word_index", {}, None, "server", None, None),
    "get_file_offline": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt"}, None,
                         "offline", None, None),
    "get_file_http404": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt"}, None,
                         "http404", None, None),
    "get_file_download": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt",
                                       "cache_subdir": "mine"}, None, "server", None, None),
    "get_file_cached_no_hash": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt"},
                                _stale("hello.txt"), "offline", None, None),
    "get_file_cached_sha256": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt"},
                               _stale("hello.txt"), "offline", None, _valid_hash("hello.txt", "sha256")),
    "get_file_cached_md5": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt"},
                            _stale("hello.txt"), "offline", None, _valid_hash("hello.txt", "md5")),
    "get_file_cached_md5_hash": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/x"},
                                 _stale("hello.txt"), "offline", None, _valid_hash("hello.txt", "md5_hash")),
    "get_file_wrong_md5_hash": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/x",
                                             "md5_hash": "0" * 32}, _stale("hello.txt"), "server", None, None),
    "get_file_wrong_sha256_offline": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/x",
                                                   "file_hash": "f" * 64}, _stale("hello.txt"), "offline",
                                      None, None),
    "get_file_algorithm_sha256": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/x",
                                               "file_hash": "abc", "hash_algorithm": "sha256"},
                                  _stale("hello.txt"), "server", None, None),
    "get_file_extract_zip": ("get_file", {"fname": "pack.zip", "origin": "http://example.com/pack.zip",
                                          "extract": True}, None, "server", None, None),
    "get_file_extract_tar": ("get_file", {"fname": "bundle.tar.gz", "origin": "http://example.com/b.tgz",
                                          "extract": True, "cache_subdir": "ex"}, None, "server", None, None),
    "get_file_extract_tar_as_zip": ("get_file", {"fname": "bundle.tar.gz", "origin": "http://e.com/b",
                                                 "extract": True, "archive_format": "zip"}, None, "server",
                                    None, None),
    "get_file_extract_none": ("get_file", {"fname": "pack.zip", "origin": "http://e.com/p", "extract": True,
                                           "archive_format": None}, None, "server", None, None),
    "get_file_untar": ("get_file", {"fname": "bundle", "origin": "http://example.com/bundle.tgz",
                                    "untar": True}, _stale("bundle.tar.gz"), "server", None, None),
    "get_file_cache_dir": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt",
                                        "cache_dir": "<HOME>/elsewhere", "cache_subdir": "sub"},
                           _mkdir("elsewhere"), "server", None, None),
    "get_file_absolute_subdir": ("get_file", {"fname": "hello.txt", "origin": "http://example.com/hello.txt",
                                              "cache_subdir": "<HOME>/abs/sub"}, None, "server", None, None),
}


def _resolve(value, home):
    if isinstance(value, str):
        return value.replace("<HOME>", home)
    return value


def run_scenario(name, api, home, server, network):
    """Runs scenario `name` with `api` {function name: callable, 'set_image_data_format': callable,
    'warnings': the list the loaders' logged warnings are appended to}, `network` serving `server`."""
    fn_name, kwargs, setup, mode, data_format, extra = SCENARIOS[name]
    keras_dir = os.path.join(home, ".keras")
    if os.path.exists(keras_dir):
        shutil.rmtree(keras_dir)
    for d in os.listdir(home):
        shutil.rmtree(os.path.join(home, d))
    # TF 1.15 made ~/.keras (and its keras.json) when it was imported: get_file finds it writable.
    os.makedirs(keras_dir)
    if setup is not None:
        setup(home, server)
    kwargs = {k: _resolve(v, home) for k, v in kwargs.items()}
    if extra is not None:
        kwargs.update(extra(server))
    network.mode = mode
    network.log = []
    if data_format is not None:
        api["set_image_data_format"](data_format)
    # TF 1.15's loaders reseed numpy's global RNG: a draw after the call shows it.
    np.random.seed(99)
    out = io.StringIO()
    result = {}
    warnings = api["warnings"]
    del warnings[:]
    try:
        with contextlib.redirect_stdout(out):
            value = api[fn_name](**kwargs)
        result["value"] = describe(value, home)
    except Exception as e:  # noqa: BLE001 -- the error is what is compared
        result["error"] = "%s: %s" % (type(e).__name__, describe(str(e), home))
    finally:
        if data_format is not None:
            api["set_image_data_format"]("channels_last")
    result["stdout"] = out.getvalue().replace(home, "<HOME>").splitlines()
    result["rng_after"] = int(np.random.randint(0, 2 ** 31 - 1))
    result["warnings"] = list(warnings)
    result["downloads"] = list(network.log)
    result["cache"] = cache_listing(home) + sorted(
        os.path.relpath(os.path.join(d, f), home) for top in os.listdir(home) if top != ".keras"
        for d, _, files in os.walk(os.path.join(home, top)) for f in files)
    return result
