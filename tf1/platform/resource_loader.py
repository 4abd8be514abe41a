"""`tf.resource_loader`: locating data files next to the calling module (TF 1.15's few helpers)."""
import inspect as _inspect
import os as _os
import sys as _sys

from ..api import export


@export("resource_loader.get_root_dir_with_all_resources")
def get_root_dir_with_all_resources():
    """The directory of the calling script (TF: the runfiles root, or the script's directory)."""
    return _os.path.dirname(_os.path.abspath(_inspect.getfile(_sys._getframe(1))))


@export("resource_loader.get_data_files_path")
def get_data_files_path():
    """The directory of the module that calls this."""
    return _os.path.dirname(_inspect.getfile(_sys._getframe(1)))


@export("resource_loader.get_path_to_datafile")
def get_path_to_datafile(path):
    """`path` relative to the directory of the module that calls this."""
    data_files_path = _os.path.dirname(_inspect.getfile(_sys._getframe(1)))
    return _os.path.join(data_files_path, path)


@export("resource_loader.load_resource")
def load_resource(path):
    """The bytes of `path`, relative to the tensorflow (here: tf1) package root."""
    tf_root = _os.path.join(_os.path.dirname(__file__), _os.pardir, _os.pardir)
    with open(_os.path.join(tf_root, path), "rb") as f:
        return f.read()


@export("resource_loader.readahead_file_path")
def readahead_file_path(path, readahead="128M"):
    """TF's readahead hint: a no-op on local files."""
    del readahead
    return path
