"""`tf.app.run`: absl's `app.run` with TF 1.15's flag parser, which tolerates unknown flags (they
stay in the argv given to `main`). `main` defaults to `__main__.main`; its return value becomes the
exit status (`sys.exit`), as with TF."""
import logging as _logging
import sys as _sys

from absl import app as _absl_app

from ..api import export
from .flags import FLAGS


def _parse_flags_tolerate_undef(argv):
    """Parse args, returning any unknown flags (absl's default is to fail on them)."""
    return FLAGS(_sys.argv if argv is None else argv, known_only=True)


@export("app.run")
def run(main=None, argv=None):
    """Runs the program with an optional 'main' function and 'argv' list."""
    main = main or _sys.modules["__main__"].main
    # absl's app.run lowers the root logger to INFO; jax's INFO lines (its backend probing: "Unable to
    # initialize backend 'tpu'") are tf1's machinery, never TF output, so jax stays at WARNING unless
    # the program set a level for it.
    jax_logger = _logging.getLogger("jax")
    if jax_logger.level == _logging.NOTSET:
        jax_logger.setLevel(_logging.WARNING)
    _absl_app.run(main=main, argv=argv, flags_parser=_parse_flags_tolerate_undef)
