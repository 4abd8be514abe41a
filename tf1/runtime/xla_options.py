"""The XLA:CPU library choices tf1 compiles its Session programs with (measured: README "Benchmarks",
../shared/notes/cpu-conv.md).

jaxlib 0.10's default sends convolutions to YNNPACK, which runs them at one core's speed (MNIST conv2:
14/14/36 ms forward/input/filter gradient); keeping YNNPACK for dots only and XNNPACK off gives
Eigen's two-core convolutions (7/8/12 ms) without slowing matmuls.

They are passed per compilation (`jax.jit(compiler_options=...)`), not through the process-wide
`XLA_FLAGS`: other JAX code in the user's process keeps XLA's defaults, and an option this XLA does
not know fails one probe compilation (then tf1 compiles without it) instead of aborting the process
as an unknown flag does. They apply only to the jaxlib line they were measured with, never over
flags the user set in `XLA_FLAGS`, and not at all with `TF1_NO_YNN` set."""
import os
from importlib import metadata

MEASURED_JAXLIB = "0.10."
CHOSEN = {"xla_cpu_experimental_ynn_fusion_type": "LIBRARY_FUSION_TYPE_INDIVIDUAL_DOT",
          "xla_cpu_use_xnnpack": False}

_cached = None


def wanted():
    """The options tf1 would choose here, before asking XLA whether it knows them."""
    try:
        version = metadata.version("jaxlib")
    except metadata.PackageNotFoundError:
        return {}
    user = os.environ.get("XLA_FLAGS", "")
    if (not version.startswith(MEASURED_JAXLIB) or os.environ.get("TF1_NO_YNN") is not None
            or any(name in user for name in CHOSEN)):
        return {}
    return dict(CHOSEN)


def _accepted(options):
    import jax
    if not options or jax.default_backend() != "cpu":
        return {}
    try:
        jax.jit(lambda x: x + 1, compiler_options=options).lower(1.0).compile()
    except Exception:  # an XLA without these options: compile with its defaults
        return {}
    return options


def compiler_options():
    """`compiler_options` for the Session's `jax.jit` calls (computed once per process)."""
    global _cached
    if _cached is None:
        _cached = _accepted(wanted())
    return _cached


def as_xla_flags(options):
    """The same choices written as `XLA_FLAGS` (for hand-written JAX run beside tf1 in `tf1 bench`)."""
    def value(v):
        if isinstance(v, bool):
            return str(v).lower()
        return ",".join(part.replace("LIBRARY_FUSION_TYPE_", "").lower() for part in str(v).split(","))
    return " ".join("--%s=%s" % (k, value(v)) for k, v in options.items())
