"""`tf.contrib.training.HParams` and `parse_values` (TF 1.15's contrib/training/.../hparam.py).

Hyperparameters are typed by the value they are created with (int, float, bool, str, or a non-empty
list of one of them); `parse("a=1,b=[2,3],c[1]=4")`, `parse_json` and `override_from_dict` cast
new values to that type with TF's rules and error messages.
"""
import json
import numbers
import re

from ..api import export

# name=value, name[index]=value or name=[v1,v2]: TF's grammar for `parse`.
PARAM_RE = re.compile(r"""
  (?P<name>[a-zA-Z][\w\.]*)      # variable name: "var" or "x"
  (\[\s*(?P<index>\d+)\s*\])?    # (optional) index: "1" or None
  \s*=\s*
  ((?P<val>[^,\[]*)              # single value: "a" or None
   |
   \[(?P<vals>[^\]]*)\])         # list of values: None or "1,2,3"
  ($|,\s*)""", re.VERBOSE)


def _parse_fail(name, var_type, value, values):
    raise ValueError("Could not parse hparam '%s' of type '%s' with value '%s' in %s"
                     % (name, var_type.__name__, value, values))


def _reuse_fail(name, values):
    raise ValueError("Multiple assignments to variable '%s' in %s" % (name, values))


def _assign_scalar(name, parse, var_type, match, values, results):
    try:
        parsed = parse(match["val"])
    except ValueError:
        _parse_fail(name, var_type, match["val"], values)
    if not match["index"]:
        if name in results:
            _reuse_fail(name, values)
        results[name] = parsed
        return
    # "arr[1]=5": an {index: value} dictionary for the list `arr`.
    if name in results:
        if not isinstance(results[name], dict):
            _reuse_fail(name, values)
    else:
        results[name] = {}
    index = int(match["index"])
    if index in results[name]:
        _reuse_fail("{}[{}]".format(name, index), values)
    results[name][index] = parsed


def _assign_list(name, parse, var_type, match, values, results):
    if match["index"] is not None:
        raise ValueError("Assignment of a list to a list index.")
    elements = [e for e in re.split("[ ,]", match["vals"]) if e]
    if name in results:
        _reuse_fail(name, values)
    try:
        results[name] = [parse(e) for e in elements]
    except ValueError:
        _parse_fail(name, var_type, match["vals"], values)


def _cast_to_type_if_compatible(name, param_type, value):
    """`value` as `param_type`: str stays str, bool stays bool, ints need integral values, numbers
    need numbers."""
    fail_msg = "Could not cast hparam '%s' of type '%s' from value %r" % (name, param_type, value)
    if type(value) == param_type:  # noqa: E721 (exact type, as TF)
        return value
    if issubclass(param_type, type(None)):
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise ValueError(fail_msg)
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise ValueError(fail_msg)
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise ValueError(fail_msg)
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise ValueError(fail_msg)
    return param_type(value)


def _bool_parser(name, type_, values):
    def parse_bool(value):
        if value in ("true", "True"):
            return True
        if value in ("false", "False"):
            return False
        try:
            return bool(int(value))
        except ValueError:
            _parse_fail(name, type_, value, values)
    return parse_bool


@export("contrib.training.parse_values", "contrib.training.python.training.hparam.parse_values")
def parse_values(values, type_map, ignore_unknown=False):
    """"x=5,L=[1,2],arr[1]=3" -> {'x': 5, 'L': [1, 2], 'arr': {1: 3}}, each value parsed with its
    name's type in `type_map`."""
    results = {}
    pos = 0
    while pos < len(values):
        m = PARAM_RE.match(values, pos)
        if not m:
            raise ValueError("Malformed hyperparameter value: %s" % values[pos:])
        pos = m.end()
        match = m.groupdict()
        name = match["name"]
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError("Unknown hyperparameter type for %s" % name)
        type_ = type_map[name]
        parse = _bool_parser(name, type_, values) if type_ == bool else type_
        if match["val"] is not None:
            _assign_scalar(name, parse, type_, match, values, results)
        elif match["vals"] is not None:
            _assign_list(name, parse, type_, match, values, results)
        else:
            _parse_fail(name, type_, "", values)
    return results


@export("contrib.training.HParams", "contrib.training.python.training.hparam.HParams")
class HParams:
    """Named hyperparameters, readable as attributes (`hparams.learning_rate`)."""

    _HAS_DYNAMIC_ATTRIBUTES = True

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        self._hparam_types = {}
        self._model_structure = model_structure
        if hparam_def:
            raise NotImplementedError("tf1's HParams cannot be built from an HParamDef proto")
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        # Names of methods and attributes (`values`, `parse`, ...) are reserved.
        if getattr(self, name, None) is not None:
            raise ValueError("Hyperparameter name is reserved: %s" % name)
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError("Multi-valued hyperparameters cannot be empty: %s" % name)
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError("Must not pass a list for single-valued parameter: %s" % name)
            setattr(self, name, [_cast_to_type_if_compatible(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError("Must pass a list for multi-valued parameter: %s." % name)
            setattr(self, name, _cast_to_type_if_compatible(name, param_type, value))

    def del_hparam(self, name):
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values):
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map):
        from ..platform import tf_logging as logging
        logging._warn_deprecated("HParams.set_from_map", "tensorflow.contrib.training.python.training.hparam",
                                 "Use `override_from_dict`.")
        return self.override_from_dict(values_dict=values_map)

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False):
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        return self.override_from_dict(json.loads(values_json))

    def values(self):
        return {n: getattr(self, n) for n in self._hparam_types}

    def get(self, key, default=None):
        """The value of `key`, else `default` (which must then fit `key`'s type)."""
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_param_list = self._hparam_types[key]
            type_str = "list<%s>" % param_type if is_param_list else str(param_type)
            fail_msg = "Hparam '%s' of type '%s' is incompatible with default=%s" % (key, type_str, default)
            is_default_list = isinstance(default, list)
            if is_param_list != is_default_list:
                raise ValueError(fail_msg)
            try:
                for value in (default if is_default_list else [default]):
                    _cast_to_type_if_compatible(key, param_type, value)
            except ValueError as e:
                raise ValueError("%s. %s" % (fail_msg, e))
        return getattr(self, key)

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        hpdict = self.values()
        return ",".join("{}={}".format(key, hpdict[key]) for key in hpdict)

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, str(sorted(self.values().items())))
