"""tf1 chooses XLA:CPU's library flags at import (README "Benchmarks"): only for the jaxlib line they
were measured with, never over flags the user set, and not at all with TF1_NO_YNN."""
from importlib import metadata

import pytest

import tf1

CHOSEN = "--xla_cpu_experimental_ynn_fusion_type=individual_dot --xla_cpu_use_xnnpack=false"


def _flags_after(monkeypatch, env, version="0.10.2"):
    for k in ("XLA_FLAGS", "TF1_NO_YNN"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(metadata, "version", lambda name: version)
    tf1._xla_cpu_flags()
    import os
    return os.environ.get("XLA_FLAGS")


def test_flags_set_for_measured_jaxlib(monkeypatch):
    assert _flags_after(monkeypatch, {}) == CHOSEN
    assert _flags_after(monkeypatch, {"XLA_FLAGS": "--xla_dump_to=/tmp/x"}) == "--xla_dump_to=/tmp/x " + CHOSEN


@pytest.mark.parametrize("user", ["--xla_cpu_experimental_ynn_fusion_type=dot", "--xla_cpu_use_xnnpack=true"])
def test_user_choice_wins(monkeypatch, user):
    assert _flags_after(monkeypatch, {"XLA_FLAGS": user}) == user


def test_opt_out_and_other_jaxlib(monkeypatch):
    assert _flags_after(monkeypatch, {"TF1_NO_YNN": "1"}) is None
    assert _flags_after(monkeypatch, {}, version="0.11.0") is None
