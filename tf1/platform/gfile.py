"""`tf.gfile` (TF 1.x names) and `tf.io.gfile` (lowercase names): TF's file API on local paths.

Same behaviour as TF's file_io on a local file system, including its errors (`NotFoundError:
nope; No such file or directory`, `Could not find directory nope`, `AlreadyExistsError: file
already exists`, ...), text mode that decodes UTF-8 without newline translation, writes that create
the file only when something is written, and `Walk`/`Glob` returning `str` paths.
"""
import errno
import glob as _glob
import os
import shutil

from ..api import export
from ..framework import errors


def _path(name):
    name = os.fspath(name)
    return name.decode("utf-8") if isinstance(name, bytes) else name


def _os_error(path, exc):
    """TF's status for an OSError: `<path>; <strerror>` with the matching error class."""
    cls = {errno.ENOENT: errors.NotFoundError, errno.EEXIST: errors.AlreadyExistsError,
           errno.EACCES: errors.PermissionDeniedError, errno.EPERM: errors.PermissionDeniedError,
           errno.EISDIR: errors.FailedPreconditionError, errno.ENOTDIR: errors.FailedPreconditionError,
           errno.ENOTEMPTY: errors.FailedPreconditionError}.get(exc.errno, errors.UnknownError)
    return cls(None, None, "%s; %s" % (path, exc.strerror))


def _os_call(path, fn, *args, **kwargs):
    """`fn(*args, **kwargs)`, an OSError raised as TF's status error for `path`."""
    try:
        return fn(*args, **kwargs)
    except OSError as e:
        raise _os_error(path, e) from None


class FileStatistics:
    """What `Stat` returns: `length`, `mtime_nsec`, `is_directory`."""

    def __init__(self, length=None, mtime_nsec=None, is_directory=None):
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory


@export("gfile.GFile", "gfile.Open", "io.gfile.GFile")
class GFile:
    """File I/O wrapper without thread locking (TF's `FileIO`)."""

    def __init__(self, name, mode="r"):
        self.__name = _path(name)
        self.__mode = mode
        self._f = None
        if mode not in ("r", "w", "a", "rb", "wb", "ab", "r+", "w+", "a+", "r+b", "w+b", "a+b"):
            raise errors.InvalidArgumentError(None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or "
                                              "'w+' or 'a+'")
        self._read_check_passed = mode.startswith("r") or "+" in mode
        self._write_check_passed = mode[0] in "wa" or "+" in mode
        self._binary_mode = "b" in mode

    @property
    def name(self):
        return self.__name

    @property
    def mode(self):
        return self.__mode

    def _open_for(self, allowed, purpose, mode):
        """The file opened (once, in `mode`) for `purpose`, or TF's error when `allowed` is false."""
        if not allowed:
            raise errors.PermissionDeniedError(None, None, "File isn't open for %s" % purpose)
        if self._f is None:
            self._f = _os_call(self.__name, open, self.__name, mode)

    def _preread_check(self):
        self._open_for(self._read_check_passed, "reading",
                       "r+b" if "+" in self.__mode and self.__mode[0] != "r" else "rb")

    def _prewrite_check(self):
        mode = {"w": "wb", "a": "ab", "r": "r+b"}[self.__mode[0]]
        if "+" in self.__mode and mode != "r+b":
            mode = mode + "+"
        self._open_for(self._write_check_passed, "writing", mode)

    def _prepare_value(self, val):
        return val if self._binary_mode else val.decode("utf-8")

    def size(self):
        return stat(self.__name).length

    def write(self, file_content):
        self._prewrite_check()
        if isinstance(file_content, str):
            file_content = file_content.encode("utf-8")
        self._f.write(bytes(file_content))

    def read(self, n=-1):
        self._preread_check()
        data = self._f.read() if n is None or n < 0 else self._f.read(n)
        return self._prepare_value(data)

    def seek(self, offset=None, whence=0, position=None):
        self._preread_check()
        if offset is None and position is None:
            raise TypeError("seek(): offset argument required")
        if offset is not None and position is not None:
            raise TypeError("seek(): offset and position may not be set simultaneously.")
        if position is not None:
            offset = position
        if whence == 1:
            offset += self.tell()
        elif whence == 2:
            offset += self.size()
        elif whence != 0:
            raise errors.InvalidArgumentError(None, None, "Invalid whence argument: {}. Valid values "
                                              "are 0, 1, or 2.".format(whence))
        self._f.seek(offset)

    def readline(self):
        self._preread_check()
        return self._prepare_value(self._f.readline())

    def readlines(self):
        self._preread_check()
        lines = []
        while True:
            s = self.readline()
            if not s:
                break
            lines.append(s)
        return lines

    def tell(self):
        if self._f is None:
            self._preread_check() if self._read_check_passed else self._prewrite_check()
        return self._f.tell()

    def __enter__(self):
        return self

    def __exit__(self, unused_type, unused_value, unused_traceback):
        self.close()

    def __iter__(self):
        return self

    def __next__(self):
        retval = self.readline()
        if not retval:
            raise StopIteration()
        return retval

    def next(self):
        return self.__next__()

    def flush(self):
        if self._f is not None and self._write_check_passed:
            self._f.flush()

    def close(self):
        if self._f is not None:
            self._f.close()
            self._f = None

    def seekable(self):
        return True


@export("gfile.FastGFile")
class FastGFile(GFile):
    """File I/O wrappers without thread locking (deprecated in TF 1.15)."""

    def __init__(self, name, mode="r"):
        from .tf_logging import _warn_deprecated
        _warn_deprecated("FastGFile.__init__", "tensorflow.python.platform.gfile",
                         "Use tf.gfile.GFile.")
        super().__init__(name, mode)


@export("gfile.Exists", "io.gfile.exists")
def exists(path):
    return os.path.exists(_path(path))


@export("gfile.Remove", "io.gfile.remove")
def remove(path):
    path = _path(path)
    if os.path.isdir(path):
        raise errors.FailedPreconditionError(None, None, "%s; Is a directory" % path)
    _os_call(path, os.remove, path)


@export("gfile.MkDir", "io.gfile.mkdir")
def mkdir(path):
    path = _path(path)
    try:
        os.mkdir(path)
    except FileExistsError:
        pass  # TF ignores ALREADY_EXISTS here
    except OSError as e:
        raise _os_error(path, e) from None


@export("gfile.MakeDirs", "io.gfile.makedirs")
def makedirs(path):
    path = _path(path)
    _os_call(path, os.makedirs, path, exist_ok=True)


@export("gfile.DeleteRecursively", "io.gfile.rmtree")
def rmtree(path):
    path = _path(path)
    if not os.path.exists(path):
        raise errors.NotFoundError(None, None, "%s not found" % path)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


@export("gfile.IsDirectory", "io.gfile.isdir")
def isdir(path):
    return os.path.isdir(_path(path))


@export("gfile.ListDirectory", "io.gfile.listdir")
def listdir(path):
    path = _path(path)
    if not os.path.isdir(path):
        raise errors.NotFoundError(None, None, "Could not find directory %s" % path)
    return os.listdir(path)


@export("gfile.Glob", "io.gfile.glob")
def glob(filename):
    if isinstance(filename, (list, tuple)):
        out = []
        for single in filename:
            out.extend(glob(single))
        return out
    return sorted(_glob.glob(_path(filename)))


def _check_target(path, overwrite):
    if not overwrite and os.path.exists(path):
        raise errors.AlreadyExistsError(None, None, "file already exists")


@export("gfile.Copy", "io.gfile.copy")
def copy(oldpath, newpath, overwrite=False):
    oldpath, newpath = _path(oldpath), _path(newpath)
    _check_target(newpath, overwrite)
    try:
        shutil.copyfile(oldpath, newpath)
    except OSError as e:
        raise _os_error(oldpath if not os.path.exists(oldpath) else newpath, e) from None


@export("gfile.Rename", "io.gfile.rename")
def rename(oldname, newname, overwrite=False):
    oldname, newname = _path(oldname), _path(newname)
    _check_target(newname, overwrite)
    _os_call(oldname, os.replace, oldname, newname)


@export("gfile.Stat", "io.gfile.stat")
def stat(filename):
    filename = _path(filename)
    st = _os_call(filename, os.stat, filename)
    import stat as _stat
    return FileStatistics(length=st.st_size, mtime_nsec=st.st_mtime_ns,
                          is_directory=_stat.S_ISDIR(st.st_mode))


@export("gfile.Walk", "io.gfile.walk")
def walk(top, in_order=True, topdown=None):
    """Like os.walk over `top`: (dirname, [subdirs], [files]); a missing top yields nothing."""
    if topdown is not None:
        in_order = topdown
    top = _path(top)
    try:
        listing = listdir(top)
    except errors.NotFoundError:
        return
    files, subdirs = [], []
    for item in listing:
        (subdirs if isdir(os.path.join(top, item)) else files).append(item)
    here = (top, subdirs, files)
    if in_order:
        yield here
    for subdir in subdirs:
        for subitem in walk(os.path.join(top, subdir), in_order):
            yield subitem
    if not in_order:
        yield here


@export("io.gfile.join")
def join(path, *paths):
    return os.path.join(path, *paths)


@export("io.gfile.get_registered_schemes")
def get_registered_schemes():
    return ["", "file"]

