"""tf1 against real TensorFlow on the snippets of snippets.py (goldens: golden/core/core.json)."""
import json
import os

import numpy as np
import pytest

import tf1
from core.encode import run_snippet
from core.snippets import SNIPPETS, TF115_OVERRIDES

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "core", "core.json")))
# Values that are random by design are compared by the snippet itself (it returns booleans/shapes).


def _compare(got, want, path="result"):
    if isinstance(want, dict) and "array" in want:
        assert isinstance(got, dict) and "array" in got, "%s: %r vs %r" % (path, got, want)
        assert got["dtype"] == want["dtype"], path
        assert got["shape"] == want["shape"], path
        assert got["scalar_type"] == want["scalar_type"], path
        np.testing.assert_allclose(got["array"], want["array"], rtol=1e-5, atol=1e-6, err_msg=path)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), "%s: %r vs %r" % (path, got, want)
        for k in want:
            _compare(got[k], want[k], path + "." + k)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), "%s: %r vs %r" % (path, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            _compare(g, w, "%s[%d]" % (path, i))
    else:
        assert got == want, "%s: %r != %r" % (path, got, want)


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet(name):
    got = run_snippet(tf1, SNIPPETS[name])
    want = GOLDEN[name]
    if name in TF115_OVERRIDES:
        etype, msg = TF115_OVERRIDES[name]
        assert got.get("error") == etype, got
        assert msg in got["message"], got["message"]
        return
    if "error" in want:
        assert got.get("error") == want["error"], got
        assert want["message"] in got["message"]
        return
    assert "result" in got, got
    _compare(got["result"], want["result"])
