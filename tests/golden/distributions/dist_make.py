"""Records real TensorFlow's results for the tf.distributions cases in `dist_cases.py`.

TF 2.x still ships TF 1.15's `tensorflow/python/ops/distributions` (as `tf.compat.v1.distributions`);
its sources differ from 1.15's only in comments and imports. Command (from the repository root):
    cd tests/golden/distributions && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python dist_make.py
(tensorflow-cpu 2.21, v2 behaviour disabled.) Writes `dist_golden.json` (tensor names, static shapes)
and `dist_golden.npz` (values, keyed `<case>/<label>`).
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import dist_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    meta, arrays = {}, {}
    for case in dist_cases.CASES:
        r = dist_cases.run_case(tf, tf.distributions, case)
        meta[case.__name__] = {"names": r["names"], "shapes": r["shapes"]}
        for k, v in r["values"].items():
            arrays["%s/%s" % (case.__name__, k)] = v
    with open(os.path.join(HERE, "dist_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "dist_golden.npz"), **arrays)
    print("%d cases, %d arrays" % (len(meta), len(arrays)))
