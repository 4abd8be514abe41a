"""Records real TensorFlow's results for the batch renormalization cases in `batch_renorm_cases.py`.

Command (from the repository root):
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \
        /opt/tfvenv/bin/python batch_renorm_make.py

(tensorflow-cpu 2.21 + tf-keras, `tf.compat.v1` with v2 behaviour disabled; `tf.layers` is tf-keras's
legacy layer, whose batch renorm is TF 1.15's: `moving_stddev`, `renorm_mean`, `renorm_stddev`.)
Writes `batch_renorm_golden.json` (variable lists, update-op names) and `batch_renorm_golden.npz`
(values, keyed `<case>/<label>`).
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import batch_renorm_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    meta, arrays = {}, {}
    for case in batch_renorm_cases.CASES:
        r = batch_renorm_cases.run_case(tf, case)
        meta[case.__name__] = {k: v for k, v in r.items() if k != "values"}
        for k, v in r["values"].items():
            arrays["%s/%s" % (case.__name__, k)] = np.asarray(v)
    with open(os.path.join(HERE, "batch_renorm_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "batch_renorm_golden.npz"), **arrays)
    print("%d cases, %d arrays" % (len(meta), len(arrays)))
