"""Records real TensorFlow's results for the tf.contrib.crf cases in `crf_cases.py`.

TF 2.x has no `tf.contrib`, so the oracle is TF 1.15's own contrib/crf/python/ops/crf.py, taken from the
tensorflow-cpu 1.15.0 wheel and run on TF 2.x's `tf.compat.v1` (it uses only core ops; the modules it
imports that TF 2.x moved -- layers.utils.smart_cond, rnn, rnn_cell -- are pointed at their TF 2.x homes).

Command (from the repository root):
    pip download tensorflow-cpu==1.15.0 --no-deps --python-version 37 --only-binary=:all: -d /tmp/tf115
    (cd /tmp/tf115 && unzip -o -q tensorflow_cpu-1.15.0-*.whl 'tensorflow_core/contrib/crf/python/ops/*')
    cd tests/golden/distributions && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python crf_make.py

(tensorflow-cpu 2.21 + tf-keras, v2 behaviour disabled.) Writes `crf_golden.json` (tensor names, static
shapes, variable names) and `crf_golden.npz` (values, keyed `<case>/<label>`).
"""
import json
import os
import types

import numpy as np
import tensorflow.compat.v1 as tf

import crf_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TF115_CRF", "/tmp/tf115/tensorflow_core/contrib/crf/python/ops/crf.py")


def load_tf115_crf():
    from tensorflow.python.framework import smart_cond
    shims = {
        "from tensorflow.python.layers import utils":
            "utils = __shim__.SimpleNamespace(smart_cond=__smart_cond__)",
        "from tensorflow.python.ops import rnn\n": "rnn = __tf__.nn\n",
        "from tensorflow.python.ops import rnn_cell\n": "rnn_cell = __tf__.nn.rnn_cell\n",
    }
    src = open(SRC).read()
    for old, new in shims.items():
        assert old in src, old
        src = src.replace(old, new)
    mod = types.ModuleType("tf115_crf")
    mod.__dict__.update(__shim__=types, __smart_cond__=smart_cond.smart_cond, __tf__=tf)
    exec(compile(src, SRC, "exec"), mod.__dict__)
    mod.array_ops = _Proxy(mod.array_ops, stack=tf.stack)  # TF 2.x moved stack to array_ops_stack
    return mod


class _Proxy:
    """A module with a few names added back (TF 2.x moved them)."""

    def __init__(self, base, **extra):
        self._base, self._extra = base, extra

    def __getattr__(self, k):
        return self._extra[k] if k in self._extra else getattr(self._base, k)


if __name__ == "__main__":
    C = load_tf115_crf()
    meta, arrays = {}, {}
    for case in crf_cases.CASES:
        r = crf_cases.run_case(tf, C, case)
        meta[case.__name__] = {"names": r["names"], "shapes": r["shapes"], "variables": r["variables"]}
        for k, v in r["values"].items():
            arrays["%s/%s" % (case.__name__, k)] = v
    arrays["train_steps/losses"] = crf_cases.train_steps(tf, C)
    with open(os.path.join(HERE, "crf_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "crf_golden.npz"), **arrays)
    print("%d cases, %d arrays" % (len(meta), len(arrays)))
