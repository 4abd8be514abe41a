"""`tf.test` (TestCase sessions/assertions, gradient checker, module functions) against goldens
recorded from real TensorFlow (tests/golden/platform/tf_test_make.py over tf_test_cases.py).

The oracle is TF 2.x's compat.v1; where its test_util changed since 1.15 (the spec), TF115 holds
1.15's result and says why.
"""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "platform")
sys.path.insert(0, GOLDEN)
import tf_test_cases as cases  # noqa: E402

with open(os.path.join(GOLDEN, "tf_test_golden.json")) as _f:
    GOLD = json.load(_f)

_NEAR = "AssertionError: False is not true : 1.000000 != 1.500000 +/- 0.100000"
TF115 = {
    # 1.15's assertNear had no "(difference: ...)" part.
    ("asserts", "near_fail"): _NEAR,
    ("asserts", "near_msg"): _NEAR + " (m)",
    ("asserts", "array_near_fail"): "AssertionError: False is not true : 2.000000 != 2.500000 +/- 0.100000",
    # 1.15's assertAllEqual formatted values with str(), 2.x with repr().
    ("asserts", "equal_fail"): "str-lhs",
    ("asserts", "shape_fail"): "str-lhs",
    ("asserts", "equal_shape"): "str-lhs",
    # 1.15's assertShapeEqual checked its arguments itself.
    ("asserts", "shape_not_np"): "TypeError: np_array must be a Numpy ndarray or Numpy scalar",
    ("asserts", "shape_not_tensor"): "TypeError: tf_tensor must be a Tensor",
}


def _str_lhs(gold):
    """2.x's repr()-formatted lhs/rhs/contents values, as 1.15's str() prints them (numpy's own
    report after "Mismatched" is left out: it is numpy's, not TF's)."""
    import re

    def as_str(m):
        return m.group(1) + str(np.array(eval(m.group(2))))
    gold = gold.split("Mismatched")[0]
    return re.sub(r"(not equal [lr]hs = |Contents: )array\((\[.*?\])\)", as_str, gold)


def _ours(name):
    return json.loads(json.dumps(cases.run_scenario(tf, cases.SCENARIOS[name])))


@pytest.mark.parametrize("key", sorted(GOLD["asserts"]["value"]))
def test_assertion_messages(key, _asserts=[]):
    if not _asserts:
        _asserts.append(_ours("asserts")["value"])
    ours, gold = _asserts[0][key], GOLD["asserts"]["value"][key]
    want = TF115.get(("asserts", key), gold)
    if want == "str-lhs":
        want = _str_lhs(gold)
        ours = ours.split("Mismatched")[0] if "Arrays are not equal" in ours else ours
    assert ours == want


@pytest.mark.parametrize("name", ["seed", "session_use_gpu", "session_closed_after", "evaluate_without_session",
                                  "cached_graph_mismatch", "raises_op_error", "gradient_error_random"])
def test_scenarios_exact(name):
    assert _ours(name) == GOLD[name]


def test_cached_session_pins_cpu():
    ours, gold = _ours("cached_session")["value"], GOLD["cached_session"]["value"]
    # TF 1.15's session()/cached_session() default to use_gpu=False and pin ops to the CPU (2.x: True).
    assert ours.pop("device") == "/device:CPU:0"
    gold.pop("device")
    assert ours == gold


@pytest.mark.parametrize("name", ["gradient_square", "gradient_list", "gradient_variable_init"])
def test_gradient_checker(name):
    ours, gold = _ours(name)["value"], GOLD[name]["value"]
    pairs = zip(ours, gold) if isinstance(gold, list) else [(ours, gold)]
    for o, g in pairs:
        np.testing.assert_allclose(o["t"], g["t"], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(o["n"], g["n"], rtol=1e-4, atol=1e-4)
        if "dtype" in g:
            assert o["dtype"] == g["dtype"]
        if "err" in g:
            assert o["err"] < 1e-9 and g["err"] < 1e-9


def test_module_functions():
    ours, gold = _ours("module_functions")["value"], GOLD["module_functions"]["value"]
    # The oracle's pip build reports CUDA support; tf1 has no CUDA kernels of its own.
    assert ours.pop("cuda") is False
    gold.pop("cuda")
    assert ours == gold


def test_test_session_is_not_a_test():
    class T(tf.test.TestCase):
        def testA(self):
            with self.test_session() as sess:
                self.assertIs(tf.get_default_session(), sess)

    import unittest
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(T).run(result)
    assert result.testsRun == 2 and not result.failures and not result.errors
    assert [t.id().rsplit(".", 1)[-1] for t, _ in result.skipped] == ["test_session"]


SCRIPT = textwrap.dedent('''
    import numpy as np
    import tensorflow as tf

    class SquareTest(tf.test.TestCase):
        def testSquare(self):
            with self.cached_session():
                x = tf.square([2, 3])
                self.assertAllEqual(x.eval(), [4, 9])

        def testGradient(self):
            with self.session():
                x = tf.placeholder(tf.float64, [3])
                err = tf.test.compute_gradient_error(x, [3], tf.sin(x), [3])
                self.assertLess(err, 1e-6)

        def testFails(self):
            self.assertAllClose([1.0], [2.0])

    if __name__ == "__main__":
        tf.test.main()
''')


def test_tf1_run_executes_test_main(tmp_path):
    script = tmp_path / "square_test.py"
    script.write_text(SCRIPT)
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    proc = subprocess.run([sys.executable, "-m", "tf1", "run", str(script)], cwd=root, capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, PYTHONPATH=os.path.abspath(root)))
    assert proc.returncode == 1, proc.stderr[-2000:]
    # test_session is collected by unittest's loader and skips itself ("Not a test."), as in TF.
    assert "Ran 4 tests" in proc.stderr
    assert "FAILED (failures=1, skipped=1)" in proc.stderr
    assert "testFails" in proc.stderr and "Not equal to tolerance rtol=1e-06, atol=1e-06" in proc.stderr


def test_pytest_collects_tf1_style_file(tmp_path):
    script = tmp_path / "square_test.py"
    script.write_text(SCRIPT.replace("import tensorflow as tf", "import tf1 as tf"))
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(script)],
                          cwd=str(tmp_path), capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=root))
    # test_session is no pytest test either; testFails fails.
    assert "1 failed, 2 passed" in proc.stdout, proc.stdout[-2000:]


def test_mock_is_unittest_mock():
    import unittest.mock
    assert tf.test.mock is unittest.mock
