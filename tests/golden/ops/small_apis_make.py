"""Record goldens for tf.nest, tf.sort/argsort, tf.switch_case and contrib.framework.get_name_scope
(small_apis_cases.py) from real TensorFlow.

Run with the oracle interpreter (never by the test suite), from the project root:

    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/ops/small_apis_make.py

TF 2.x has no tf.contrib: the cases see TF 1.15's `tf.contrib.framework` rebuilt from the modules it
re-exported (util.nest, the core sort/argsort, and get_name_scope = the default graph's name scope).
Writes tests/golden/ops/small_apis_golden.json:
  graph   per case and fetch key: structure, tensor name/dtype/shape, fetched values
  py      per case: describe(result)
  errors  per case: exception class and message
"""
import os
import sys
import types

import tensorflow.compat.v1 as tf
from tensorflow.python.util import nest as util_nest

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import small_apis_cases as cases  # noqa: E402
from custom_gradient_cases import run_case  # noqa: E402
from control_cases_util import flatten, structure, to_json  # noqa: E402
from golden_io import record_error, save, tensor_info  # noqa: E402


class _TF115:
    """tf.compat.v1 plus the tf.contrib.framework names these cases use."""
    contrib = types.SimpleNamespace(framework=types.SimpleNamespace(
        nest=util_nest, sort=tf.sort, argsort=tf.argsort,
        get_name_scope=lambda: tf.get_default_graph().get_name_scope()))

    def __getattr__(self, name):
        return getattr(tf, name)


def main():
    tf115 = _TF115()
    out = {"graph": {}, "py": {}, "errors": {}}
    for name, fn in sorted(cases.GRAPH_CASES.items()):
        fetches, results = run_case(tf115, fn)
        out["graph"][name] = {key: {"structure": structure(f), "tensors": [tensor_info(t) for t in flatten(f)],
                                    "values": [[to_json(v) for v in flatten(r[key])] for r in results]}
                              for key, f in fetches.items()}
    for name, fn in sorted(cases.PY_CASES.items()):
        with tf.Graph().as_default():
            out["py"][name] = cases.describe(fn(tf115))
    for name, fn in sorted(cases.ERRORS.items()):
        out["errors"][name] = record_error(tf115, fn) or {"type": None, "message": ""}
    save("small_apis_golden", out)


if __name__ == "__main__":
    main()
