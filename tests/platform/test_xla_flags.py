"""tf1 compiles its Session programs with XLA:CPU library choices (README "Benchmarks"): passed per
compilation rather than through XLA_FLAGS, only for the jaxlib line they were measured with, never
over flags the user set, not at all with TF1_NO_YNN, and dropped when XLA does not know them."""
import os
from importlib import metadata

import numpy as np
import pytest

import tf1
from tf1.runtime import xla_options

CHOSEN = {"xla_cpu_experimental_ynn_fusion_type": "LIBRARY_FUSION_TYPE_INDIVIDUAL_DOT",
          "xla_cpu_use_xnnpack": False}


def _wanted(monkeypatch, env, version="0.10.2"):
    for k in ("XLA_FLAGS", "TF1_NO_YNN"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(metadata, "version", lambda name: version)
    return xla_options.wanted()


def test_chosen_for_measured_jaxlib(monkeypatch):
    assert _wanted(monkeypatch, {}) == CHOSEN
    assert _wanted(monkeypatch, {"XLA_FLAGS": "--xla_dump_to=/tmp/x"}) == CHOSEN


@pytest.mark.parametrize("user", ["--xla_cpu_experimental_ynn_fusion_type=dot", "--xla_cpu_use_xnnpack=true"])
def test_user_choice_wins(monkeypatch, user):
    assert _wanted(monkeypatch, {"XLA_FLAGS": user}) == {}


def test_opt_out_and_other_jaxlib(monkeypatch):
    assert _wanted(monkeypatch, {"TF1_NO_YNN": "1"}) == {}
    assert _wanted(monkeypatch, {}, version="0.11.0") == {}


def test_import_leaves_the_process_flags_alone():
    # Other JAX code in the user's process keeps XLA's defaults.
    assert "ynn" not in os.environ.get("XLA_FLAGS", "")


def test_unknown_option_falls_back_to_defaults():
    assert xla_options._accepted({"xla_cpu_experimental_ynn_fusion_type": "NO_SUCH_FUSION"}) == {}


def test_compiler_options_are_the_accepted_choice():
    assert xla_options.compiler_options() == xla_options._accepted(xla_options.wanted())


def _conv_run():
    g = tf1.Graph()
    with g.as_default():
        x = tf1.placeholder(tf1.float32, [2, 4, 4, 1])
        y = tf1.nn.conv2d(x, tf1.ones([3, 3, 1, 2]), [1, 1, 1, 1], "SAME")
    with tf1.Session(graph=g) as sess:
        return sess.run(y, {x: np.ones((2, 4, 4, 1), np.float32)})


def test_session_programs_are_compiled_with_them(monkeypatch):
    assert _conv_run()[0, 1, 1].tolist() == [9.0, 9.0]
    # An option XLA rejects reaches the Session's compilation: proof that the options are passed there.
    monkeypatch.setattr(xla_options, "_cached", {"xla_cpu_experimental_ynn_fusion_type": "NO_SUCH_FUSION"})
    with pytest.raises(Exception, match="NO_SUCH_FUSION"):
        _conv_run()


def test_same_choices_as_flags_for_hand_written_jax():
    assert xla_options.as_xla_flags(CHOSEN) == \
        "--xla_cpu_experimental_ynn_fusion_type=individual_dot --xla_cpu_use_xnnpack=false"
