"""`tf.contrib.framework.arg_scope` (TF 1.15's contrib/framework/python/ops/arg_scope.py) and slim's
layer combinators `repeat` / `stack` (contrib/layers/python/layers/layers.py).

An arg_scope is a stack of dicts {function key: {kwarg: default}}; a function decorated with
`add_arg_scope` looks itself up in the innermost dict and lets the call's explicit kwargs win.
"""
import contextlib
import functools
import inspect

from ..api import export
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import variable_scope as vs

_ARGSTACK = [{}]
_DECORATED_OPS = {}   # function key -> names of the kwargs arg_scope may set


def _get_arg_stack():
    if not _ARGSTACK:
        _ARGSTACK.append({})
    return _ARGSTACK


@export("contrib.framework.current_arg_scope")
def current_arg_scope():
    return _get_arg_stack()[-1]


@export("contrib.framework.arg_scope_func_key")
def arg_scope_func_key(op):
    return getattr(op, "_key_op", str(op))


def _name_op(op):
    return (op.__module__, op.__name__)


def _kwarg_names(func):
    """TF's reading of the kwargs off __code__ (kept as is, though it counts from the end of
    co_varnames, locals included). A *args/**kwargs wrapper with a declared __signature__ (tf1's
    conv1d/2d/3d over `convolution`) reports that signature's kwargs, as TF's own convolution2d does."""
    code = func.__code__
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS) and hasattr(func, "__signature__"):
        params = func.__signature__.parameters.values()
        return tuple(p.name for p in params if p.default is not inspect.Parameter.empty)
    n = len(func.__defaults__) if func.__defaults__ else 0
    return code.co_varnames[-n:code.co_argcount] if n else ()


def _add_op(op):
    _DECORATED_OPS[arg_scope_func_key(op)] = _kwarg_names(op)


@export("contrib.framework.arg_scope")
@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """Sets default kwargs for the listed (decorated) functions; a dict re-enters a saved scope."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a"
                             "dictionary, kwargs must be empty.")
        current_scope = list_ops_or_scope.copy()
        try:
            _get_arg_stack().append(current_scope)
            yield current_scope
        finally:
            _get_arg_stack().pop()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused "
                            "scope (i.e. dict)")
        try:
            current_scope = current_arg_scope().copy()
            for op in list_ops_or_scope:
                key = arg_scope_func_key(op)
                if not has_arg_scope(op):
                    # TF passes the op as a second exception argument (no %-formatting): same here.
                    raise ValueError("%s is not decorated with @add_arg_scope", _name_op(op))
                if key in current_scope:
                    current_kwargs = current_scope[key].copy()
                    current_kwargs.update(kwargs)
                    current_scope[key] = current_kwargs
                else:
                    current_scope[key] = kwargs.copy()
            _get_arg_stack().append(current_scope)
            yield current_scope
        finally:
            _get_arg_stack().pop()


@export("contrib.framework.add_arg_scope")
def add_arg_scope(func):
    """Makes `func` read its defaults from the enclosing arg_scope (explicit kwargs win)."""
    key_func = arg_scope_func_key(func)

    @functools.wraps(func)
    def func_with_args(*args, **kwargs):
        current_scope = current_arg_scope()
        current_args = kwargs
        if key_func in current_scope:
            current_args = current_scope[key_func].copy()
            current_args.update(kwargs)
        return func(*args, **current_args)

    _add_op(func)
    func_with_args._key_op = key_func
    return func_with_args


@export("contrib.framework.has_arg_scope")
def has_arg_scope(func):
    return arg_scope_func_key(func) in _DECORATED_OPS


@export("contrib.framework.arg_scoped_arguments")
def arg_scoped_arguments(func):
    assert has_arg_scope(func)
    return _DECORATED_OPS[arg_scope_func_key(func)]


# ------------------------------------------------------------------------- repeat and stack

def _layer_scope_name(layer, fallback):
    if hasattr(layer, "__name__"):
        return layer.__name__
    if hasattr(layer, "func") and hasattr(layer.func, "__name__"):
        return layer.func.__name__   # a functools.partial
    return fallback


@export("contrib.layers.repeat")
def repeat(inputs, repetitions, layer, *args, **kwargs):
    """`layer` applied `repetitions` times, the i-th call scoped `<scope>/<scope>_<i>`."""
    scope = kwargs.pop("scope", None)
    with vs.variable_scope(scope, "Repeat", [inputs]):
        inputs = convert_to_tensor(inputs)
        if scope is None:
            scope = _layer_scope_name(layer, "repeat")
        outputs = inputs
        for i in range(repetitions):
            kwargs["scope"] = scope + "_" + str(i + 1)
            outputs = layer(outputs, *args, **kwargs)
        return outputs


@export("contrib.layers.stack")
def stack(inputs, layer, stack_args, **kwargs):
    """`layer` applied once per entry of `stack_args` (its positional args), scoped like `repeat`."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with vs.variable_scope(scope, "Stack", [inputs]):
        inputs = convert_to_tensor(inputs)
        if scope is None:
            scope = _layer_scope_name(layer, "stack")
        outputs = inputs
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = scope + "_" + str(i + 1)
            if not isinstance(layer_args, (list, tuple)):
                layer_args = [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs
