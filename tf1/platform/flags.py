"""`tf.flags` / `tf.app.flags`: TF 1.15's thin layer over absl.flags (the library TF used).

Everything of `absl.flags` is here, plus TF's two differences: the DEFINE functions still accept the
old keyword names (`flag_name`, `default_value`, `docstring`) with a warning, and reading a flag
from `FLAGS` before anything parsed the command line parses `sys.argv` then (absl would raise
UnparsedFlagAccessError); unknown flags fail there as in TF (only tf.app.run tolerates them).
"""
import sys as _sys

from absl.flags import *  # noqa: F401,F403  (TF re-exports all of absl.flags)
from absl.flags import DEFINE_boolean as _DEFINE_boolean
from absl.flags import DEFINE_float as _DEFINE_float
from absl.flags import DEFINE_integer as _DEFINE_integer
from absl.flags import DEFINE_string as _DEFINE_string
from absl.flags import FLAGS as _ABSL_FLAGS

from ..api import export_value
from . import tf_logging as _logging

try:  # flags defined through these wrappers belong to the caller's module (absl's --helpshort)
    from absl.flags import _helpers as _absl_helpers
    _absl_helpers.disclaim_module_ids.add(id(_sys.modules[__name__]))
except (ImportError, AttributeError):  # pragma: no cover - absl internals moved
    pass

_RENAMED_ARGUMENTS = {"flag_name": "name", "default_value": "default", "docstring": "help"}


def _wrap_define_function(original_function):
    def wrapper(*args, **kwargs):
        has_old_names = False
        for old_name, new_name in _RENAMED_ARGUMENTS.items():
            if old_name in kwargs:
                has_old_names = True
                kwargs[new_name] = kwargs.pop(old_name)
        if has_old_names:
            _logging.warning("Use of the keyword argument names (flag_name, default_value, docstring) "
                             "is deprecated, please use (name, default, help) instead.")
        return original_function(*args, **kwargs)

    wrapper.__name__ = original_function.__name__
    wrapper.__doc__ = original_function.__doc__
    wrapper.__wrapped__ = original_function
    return wrapper


class _FlagValuesWrapper:
    """absl's FLAGS, except that reading a flag before parsing parses sys.argv."""

    def __init__(self, flags_object):
        self.__dict__["__wrapped"] = flags_object

    def __getattribute__(self, name):
        if name == "__dict__":
            return super().__getattribute__(name)
        return self.__dict__["__wrapped"].__getattribute__(name)

    def __getattr__(self, name):
        wrapped = self.__dict__["__wrapped"]
        if not wrapped.is_parsed():
            wrapped(_sys.argv)  # TF 1.15: unknown flags fail here (the notebook '-f' error)
        return wrapped.__getattr__(name)

    def __setattr__(self, name, value):
        return self.__dict__["__wrapped"].__setattr__(name, value)

    def __delattr__(self, name):
        return self.__dict__["__wrapped"].__delattr__(name)

    def __dir__(self):
        return self.__dict__["__wrapped"].__dir__()

    def __getitem__(self, name):
        return self.__dict__["__wrapped"].__getitem__(name)

    def __setitem__(self, name, flag):
        return self.__dict__["__wrapped"].__setitem__(name, flag)

    def __len__(self):
        return self.__dict__["__wrapped"].__len__()

    def __iter__(self):
        return self.__dict__["__wrapped"].__iter__()

    def __str__(self):
        return self.__dict__["__wrapped"].__str__()

    def __call__(self, *args, **kwargs):
        return self.__dict__["__wrapped"].__call__(*args, **kwargs)


DEFINE_string = _wrap_define_function(_DEFINE_string)
DEFINE_boolean = _wrap_define_function(_DEFINE_boolean)
DEFINE_bool = DEFINE_boolean
DEFINE_float = _wrap_define_function(_DEFINE_float)
DEFINE_integer = _wrap_define_function(_DEFINE_integer)

FLAGS = _FlagValuesWrapper(_ABSL_FLAGS)

# `tf.flags` and `tf.app.flags` are this module, as in TF 1.15.
export_value("flags", _sys.modules[__name__])
export_value("app.flags", _sys.modules[__name__])
