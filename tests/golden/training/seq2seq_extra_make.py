"""Records real TensorFlow's results for the tf.contrib.seq2seq cases in `seq2seq_extra_cases.py`
(scheduled-sampling / sampling helpers, monotonic attention).

The oracle is TF 1.15's own contrib/seq2seq Python sources loaded into TF 2.x's `tf.compat.v1`, exactly
as seq2seq_make.py loads them (see its docstring for getting the sources).

Command (from the repository root):
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python seq2seq_extra_make.py

(tensorflow-cpu 2.21 + tf-keras, v2 behaviour disabled.) Writes `seq2seq_extra_golden.json` (tensor
names, static shapes, variable names) and `seq2seq_extra_golden.npz` (values, keyed `<case>/<label>`).
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import seq2seq_extra_cases
from seq2seq_make import load_tf115_seq2seq, namespace

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    S = namespace(load_tf115_seq2seq())
    meta, arrays = {}, {}
    for case in seq2seq_extra_cases.CASES:
        r = seq2seq_extra_cases.run_case(tf, S, case)
        meta[case.__name__] = {"names": r["names"], "shapes": r["shapes"], "variables": r["variables"]}
        for k, v in r["values"].items():
            arrays["%s/%s" % (case.__name__, k)] = np.asarray(v)
    with open(os.path.join(HERE, "seq2seq_extra_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "seq2seq_extra_golden.npz"), **arrays)
    print("%d cases, %d arrays" % (len(meta), len(arrays)))
