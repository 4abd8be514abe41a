"""`tf.logging`: TF 1.15's logging front end over Python's `logging` module.

Messages go to the logger named 'tensorflow'. Like TF, the logger gets its own stderr handler in the
`LEVEL:tensorflow:message` format only if the root logger has no handler when it is first used; it
still propagates to the root logger, so after `tf.app.run` (which installs absl's handler on root)
messages print twice, once in each format, exactly as TF 1.15 did.
"""
import logging as _logging
import os as _os
import sys as _sys
import threading as _threading
from logging import DEBUG, ERROR, FATAL, INFO, WARN  # TF's constants are Python's: 10 20 30 40 50

from ..api import export, export_value

WARNING = WARN  # not in TF 1.15's tf.logging (only WARN); kept module-level, not exported

_logger = None
_logger_lock = _threading.Lock()
_log_counter_per_token = {}


def _get_caller(offset=3):
    """(code, frame) of the first frame below `offset` frames up that is in another file.

    TF's algorithm, kept as is, including its quirk: log_every_n/log_first_n called straight from a
    script's top level find no such frame, so all of those calls share one counter (as in TF).
    """
    f = _sys._getframe(offset)
    our_file = f.f_code.co_filename
    f = f.f_back
    while f:
        if f.f_code.co_filename != our_file:
            return f.f_code, f
        f = f.f_back
    return None, None


def _logger_find_caller(stack_info=False, stacklevel=1):
    # Replaces Logger.findCaller so records name the user's line, not this module's.
    code, frame = _get_caller(4)
    sinfo = None
    if stack_info:
        import traceback
        sinfo = "\n".join(traceback.format_stack())
    if code:
        return code.co_filename, frame.f_lineno, code.co_name, sinfo
    return "(unknown file)", 0, "(unknown function)", sinfo


@export("get_logger")
def get_logger():
    """The 'tensorflow' Python logger, configured on first use as TF 1.15 does."""
    global _logger
    if _logger:
        return _logger
    with _logger_lock:
        if _logger:
            return _logger
        logger = _logging.getLogger("tensorflow")
        logger.findCaller = _logger_find_caller
        # A configured root logger (absl, logging.basicConfig) already prints: no second handler.
        if not _logging.getLogger().handlers:
            interactive = bool(getattr(_sys, "ps1", None)) or bool(_sys.flags.interactive)
            if interactive:  # notebooks and shells: INFO, on stdout
                logger.setLevel(INFO)
                target = _sys.stdout
            else:
                target = _sys.stderr
            handler = _logging.StreamHandler(target)
            handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT, None))
            logger.addHandler(handler)
        _logger = logger
        return _logger


# Each public function calls the logger directly: _logger_find_caller counts on this call depth.
@export("logging.log")
def log(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


@export("logging.debug")
def debug(msg, *args, **kwargs):
    get_logger().debug(msg, *args, **kwargs)


@export("logging.error")
def error(msg, *args, **kwargs):
    get_logger().error(msg, *args, **kwargs)


@export("logging.fatal")
def fatal(msg, *args, **kwargs):
    # Like TF: logs at FATAL (printed as CRITICAL) and does not exit.
    get_logger().fatal(msg, *args, **kwargs)


@export("logging.info")
def info(msg, *args, **kwargs):
    get_logger().info(msg, *args, **kwargs)


@export("logging.warn")
def warn(msg, *args, **kwargs):
    get_logger().warning(msg, *args, **kwargs)


@export("logging.warning")
def warning(msg, *args, **kwargs):
    get_logger().warning(msg, *args, **kwargs)


@export("logging.vlog")
def vlog(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


@export("logging.TaskLevelStatusMessage")
def TaskLevelStatusMessage(msg):  # noqa: N802 (TF's name)
    error(msg)


@export("logging.flush")
def flush():
    raise NotImplementedError()


def _GetNextLogCountPerToken(token):  # noqa: N802
    _log_counter_per_token[token] = 1 + _log_counter_per_token.get(token, -1)
    return _log_counter_per_token[token]


def _GetFileAndLine():  # noqa: N802
    code, f = _get_caller()
    if not code:
        return ("<unknown>", 0)
    return (code.co_filename, f.f_lineno)


@export("logging.log_every_n")
def log_every_n(level, msg, n, *args):
    """Logs the 1st, (n+1)th, (2n+1)th... call from one source line."""
    count = _GetNextLogCountPerToken(_GetFileAndLine())
    log_if(level, msg, not (count % n), *args)


@export("logging.log_first_n")
def log_first_n(level, msg, n, *args):
    """Logs only the first n calls from one source line."""
    count = _GetNextLogCountPerToken(_GetFileAndLine())
    log_if(level, msg, count < n, *args)


@export("logging.log_if")
def log_if(level, msg, condition, *args):
    if condition:
        vlog(level, msg, *args)


@export("logging.get_verbosity")
def get_verbosity():
    return get_logger().getEffectiveLevel()


@export("logging.set_verbosity")
def set_verbosity(v):
    get_logger().setLevel(v)


for _name, _value in (("DEBUG", DEBUG), ("ERROR", ERROR), ("FATAL", FATAL), ("INFO", INFO),
                      ("WARN", WARN)):
    export_value("logging." + _name, _value)

_deprecation_warned = set()


# tf1's own source tree: deprecation notices stay silent for calls made from it (tf1's internals stand
# for TF's, which do not call the deprecated public functions).
TF1_DIR = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))) + _os.sep


def warn_deprecated_call(name, module, instructions, depth=2, date=None):
    """TF 1.15's `@deprecated` warning for `name` (defined in TF's `module`), once, naming the line
    `depth` frames up (1: this function's caller, the deprecated function; 2: the line calling it).
    Calls from tf1's own code stay silent."""
    caller = _sys._getframe(depth).f_code.co_filename
    if _os.path.abspath(caller).startswith(TF1_DIR):
        return
    _warn_deprecated(name, module, instructions, depth=depth + 1, date=date)


_arg_warned = set()


def warn_deprecated_arg(func, module, arg, instructions, depth=2):
    """TF's `@deprecated_args` warning: once per (function, argument), naming the line `depth` frames
    up (2: the line calling the function that calls this one)."""
    if (func, arg) in _arg_warned:
        return
    _arg_warned.add((func, arg))
    frame = _sys._getframe(depth)
    warning("From %s:%d: calling %s (from %s) with %s is deprecated and will be removed in a "
            "future version.\nInstructions for updating:\n%s", frame.f_code.co_filename,
            frame.f_lineno, func, module, arg, instructions)


def _warn_deprecated(name, module, instructions, depth=2, date=None):
    """TF's `@deprecated` message, once per `name`; `depth` frames up is the call site it names."""
    if name in _deprecation_warned:
        return
    _deprecation_warned.add(name)
    frame = _sys._getframe(depth)
    warning("From %s: %s (from %s) is deprecated and will be removed %s.\n"
            "Instructions for updating:\n%s",
            "%s:%d" % (frame.f_code.co_filename, frame.f_lineno), name, module,
            "after %s" % date if date else "in a future version", instructions)
