"""Records real TensorFlow's results for the raw_rnn / stacked bidirectional RNN cases in
`rnn_extra_cases.py`.

Command (from the repository root):
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python make_rnn_extra.py

(tensorflow-cpu 2.21 + tf-keras, `tf.compat.v1` with v2 behaviour disabled.) Writes
`rnn_extra_golden.json` (tensor names, static shapes, variable names) and `rnn_extra_golden.npz`
(values, keyed `<case>/<label>`).
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import rnn_extra_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    meta, arrays = {}, {}
    for case in rnn_extra_cases.CASES:
        r = rnn_extra_cases.run_case(tf, case)
        meta[case.__name__] = {"names": r["names"], "shapes": r["shapes"], "variables": r["variables"]}
        for k, v in r["values"].items():
            arrays["%s/%s" % (case.__name__, k)] = np.asarray(v)
    with open(os.path.join(HERE, "rnn_extra_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "rnn_extra_golden.npz"), **arrays)
    print("%d cases, %d arrays" % (len(meta), len(arrays)))
