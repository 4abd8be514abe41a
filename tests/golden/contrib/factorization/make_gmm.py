"""Records TF 1.15's GMM graph (contrib/factorization gmm_ops.py) on real TensorFlow: TF 1.15's own
gmm_ops.py (unpacked from the 1.15 wheel at TF115_GMM_OPS) loaded unchanged under tf.compat.v1 --
its private-module references that TF 2.x moved fall back to tf.compat.v1's public functions.

Writes gmm.npz / gmm.json: for each scenario of gmm_scenarios.py, the weights, means and
covariances after each EM step, the loss before each step, and the final scores and assignments.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/contrib/factorization/make_gmm.py
"""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

from gmm_scenarios import SCENARIOS, make_data, run_scenario  # noqa: E402  (shared with the test)
from make_kmeans import _Fallback  # noqa: E402

tf.disable_v2_behavior()
TF115_GMM_OPS = "/tmp/tf115/tensorflow_core/contrib/factorization/python/ops/gmm_ops.py"


def load_gmm_ops():
    spec = importlib.util.spec_from_file_location("tf115_gmm_ops", TF115_GMM_OPS)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name in ("variable_scope", "variables", "control_flow_ops", "state_ops", "array_ops",
                 "math_ops", "check_ops", "random_ops", "linalg_ops", "ops"):
        setattr(mod, name, _Fallback(getattr(mod, name)))
    mod.variable_scope.variable = tf.Variable
    mod.variables.VariableV1 = tf.Variable
    return mod


def main():
    gmm = load_gmm_ops().gmm
    points = make_data()
    arrays, meta = {"points": points}, {"scenarios": SCENARIOS, "names": {}}
    for name, cfg in SCENARIOS.items():
        out, names = run_scenario(tf, gmm, points, cfg)
        meta["names"][name] = names
        for k, v in out.items():
            arrays[name + "/" + k] = np.asarray(v)
    np.savez(os.path.join(HERE, "gmm.npz"), **arrays)
    with open(os.path.join(HERE, "gmm.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
