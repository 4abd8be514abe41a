"""`tf.keras.utils.get_file` as TF 1.15 has it: Keras's download cache.

A file is looked up as `<cache_dir>/<cache_subdir>/<fname>` (`cache_dir` defaults to `~/.keras`;
TF 1.15 ignores `KERAS_HOME` here, and falls back to `/tmp/.keras` when the cache dir is not
writable). It is downloaded with `urllib` only when it is missing or its hash (sha256 or md5,
`hashlib`) does not match; machines here are offline, so a download fails with TF's
`URL fetch failure on <origin>: <errno> -- <reason>` exception. `untar=True` names the archive
`<fname>.tar.gz` and returns the extracted `<fname>` path, extracting only when that path is absent.
"""
import hashlib
import os
import shutil
import tarfile
import zipfile
from urllib.error import HTTPError
from urllib.error import URLError
from urllib.request import urlretrieve  # module attribute: tests replace it by a fake network

from ..api import export


def _extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts `file_path` into `path` when it is a tar (any compression) or zip archive of a format
    in `archive_format` ('auto' = ['tar', 'zip']; None or [] matches nothing). True if extracted."""
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]

    for archive_type in archive_format:
        # As in TF, an unknown type reuses the previous type's functions (NameError if it is first).
        if archive_type == "tar":
            open_fn = tarfile.open
            is_match_fn = tarfile.is_tarfile
        if archive_type == "zip":
            open_fn = zipfile.ZipFile
            is_match_fn = zipfile.is_zipfile

        if is_match_fn(file_path):
            with open_fn(file_path) as archive:
                try:
                    archive.extractall(path)
                except (tarfile.TarError, RuntimeError, KeyboardInterrupt):
                    # A half-extracted tree is removed (TF removes `path` itself).
                    if os.path.exists(path):
                        if os.path.isfile(path):
                            os.remove(path)
                        else:
                            shutil.rmtree(path)
                    raise
            return True
    return False


def _progress_hook():
    """urlretrieve's reporthook: a Keras progress bar over the bytes, created on the first call."""
    state = {}

    def dl_progress(count, block_size, total_size):
        if "bar" not in state:
            from .models import Progbar
            # An unknown size (-1) gets no bar: the epoch Progbar needs a target.
            state["bar"] = Progbar(total_size) if total_size > 0 else None
        elif state["bar"] is not None:
            state["bar"].update(min(count * block_size, state["bar"].target))

    return dl_progress


@export("keras.utils.get_file", "keras.utils.data_utils.get_file", "contrib.keras.utils.get_file")
def get_file(fname, origin, untar=False, md5_hash=None, file_hash=None, cache_subdir="datasets",
             hash_algorithm="auto", extract=False, archive_format="auto", cache_dir=None):
    """Downloads a file from a URL if it not already in the cache; returns its path."""
    if cache_dir is None:
        cache_dir = os.path.join(os.path.expanduser("~"), ".keras")
        # TF 1.15 made ~/.keras when it was imported (its Keras backend writes keras.json there), so
        # the default cache never fell back to /tmp/.keras for being absent.
        if not os.path.exists(cache_dir):
            try:
                os.makedirs(cache_dir)
            except OSError:
                pass
    if md5_hash is not None and file_hash is None:
        file_hash = md5_hash
        hash_algorithm = "md5"
    datadir_base = os.path.expanduser(cache_dir)
    if not os.access(datadir_base, os.W_OK):
        datadir_base = os.path.join("/tmp", ".keras")
    datadir = os.path.join(datadir_base, cache_subdir)
    if not os.path.exists(datadir):
        os.makedirs(datadir)

    if untar:
        untar_fpath = os.path.join(datadir, fname)
        fpath = untar_fpath + ".tar.gz"
    else:
        fpath = os.path.join(datadir, fname)

    download = False
    if os.path.exists(fpath):
        # File found; verify integrity if a hash was provided.
        if file_hash is not None:
            if not validate_file(fpath, file_hash, algorithm=hash_algorithm):
                print("A local file was found, but it seems to be incomplete or outdated because the "
                      + hash_algorithm + " file hash does not match the original value of " + file_hash
                      + " so we will re-download the data.")
                download = True
    else:
        download = True

    if download:
        print("Downloading data from", origin)
        error_msg = "URL fetch failure on {}: {} -- {}"
        try:
            try:
                urlretrieve(origin, fpath, _progress_hook())
            except HTTPError as e:
                raise Exception(error_msg.format(origin, e.code, e.msg))
            except URLError as e:
                raise Exception(error_msg.format(origin, e.errno, e.reason))
        except (Exception, KeyboardInterrupt):
            if os.path.exists(fpath):
                os.remove(fpath)
            raise

    if untar:
        if not os.path.exists(untar_fpath):
            _extract_archive(fpath, datadir, archive_format="tar")
        return untar_fpath

    if extract:
        _extract_archive(fpath, datadir, archive_format)

    return fpath


def _hash_file(fpath, algorithm="sha256", chunk_size=65535):
    """The sha256 (or, for 'md5', md5) hex digest of the file at `fpath`."""
    # TF 1.15 tests `len(hash)` (the builtin) for 'auto' here, so 'auto' raises TypeError as there.
    if (algorithm == "sha256") or (algorithm == "auto" and len(hash) == 64):
        hasher = hashlib.sha256()
    else:
        hasher = hashlib.md5()
    with open(fpath, "rb") as fpath_file:
        for chunk in iter(lambda: fpath_file.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


@export("keras.utils.data_utils.validate_file")
def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """Whether the file's sha256 or md5 hash ('auto': sha256 for a 64-digit hash) is `file_hash`."""
    if (algorithm == "sha256") or (algorithm == "auto" and len(file_hash) == 64):
        hasher = "sha256"
    else:
        hasher = "md5"
    return str(_hash_file(fpath, hasher, chunk_size)) == str(file_hash)

