"""Records real TensorFlow's results for the tf.contrib.seq2seq cases in `seq2seq_cases.py`.

TF 2.x has no `tf.contrib`, so the oracle is TF 1.15's own contrib/seq2seq Python sources, taken from
the tensorflow-cpu 1.15.0 wheel and loaded into TF 2.x's `tf.compat.v1` (a few names TF 2.x moved
are pointed back: `control_flow_ops.cond`, `ops.Tensor`, the tf.layers base class and Dense).

Command (from the repository root):
    pip download tensorflow-cpu==1.15.0 --no-deps --python-version 37 --only-binary=:all: -d /tmp/tf115
    (cd /tmp/tf115 && unzip -o -q tensorflow_cpu-1.15.0-*.whl 'tensorflow_core/contrib/seq2seq/python/ops/*')
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \\
        /opt/tfvenv/bin/python seq2seq_make.py

(tensorflow-cpu 2.21 + tf-keras, v2 behaviour disabled.) Writes `seq2seq_golden.json` (tensor names,
static shapes, variable names) and `seq2seq_golden.npz` (values, keyed `<case>/<label>`).
"""
import importlib.util
import json
import os
import sys
import types

import numpy as np
import tensorflow.compat.v1 as tf

import seq2seq_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TF115_SEQ2SEQ", "/tmp/tf115/tensorflow_core/contrib/seq2seq/python/ops")

def _gather_tree_np(step_ids, parent_ids, max_sequence_lengths, end_token):
    max_time, batch, beam = step_ids.shape
    beams = np.full_like(step_ids, end_token)
    for b in range(batch):
        length = int(max_sequence_lengths[b])
        if length <= 0:
            continue
        for k in range(beam):
            beams[length - 1, b, k] = step_ids[length - 1, b, k]
            parent = parent_ids[length - 1, b, k]
            for level in range(length - 2, -1, -1):
                if parent < 0 or parent > beam:
                    raise ValueError("invalid parent id %d" % parent)
                beams[level, b, k] = step_ids[level, b, parent]
                parent = parent_ids[level, b, parent]
            finished = False
            for t in range(length):
                if finished:
                    beams[t, b, k] = end_token
                elif beams[t, b, k] == end_token:
                    finished = True
    return beams


def _gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    import tensorflow.compat.v1 as tf1
    step_ids = tf1.convert_to_tensor(step_ids)
    out = tf1.numpy_function(_gather_tree_np, [step_ids, tf1.cast(parent_ids, step_ids.dtype),
                                               tf1.cast(max_sequence_lengths, tf1.int32),
                                               tf1.cast(end_token, step_ids.dtype)], step_ids.dtype,
                               name=name or "GatherTree")  # the name TF 1.15's op gets
    out.set_shape(step_ids.get_shape())
    return out


def _pkg(name):
    m = types.ModuleType(name)
    m.__path__ = []
    sys.modules[name] = m
    return m


class _Proxy:
    """A module with a few names added back (TF 2.x moved them)."""

    def __init__(self, base, **extra):
        self._base, self._extra = base, extra
    def __getattr__(self, k):
        return self._extra[k] if k in self._extra else getattr(self._base, k)

def load_tf115_seq2seq():
    if not hasattr(np, "Inf"):
        np.Inf = np.inf  # TF 1.15's beam_search_decoder uses the NumPy 1 alias
    for n in ["tensorflow.contrib", "tensorflow.contrib.seq2seq", "tensorflow.contrib.seq2seq.python",
              "tensorflow.contrib.seq2seq.python.ops", "tensorflow.contrib.framework",
              "tensorflow.contrib.framework.python", "tensorflow.contrib.framework.python.framework"]:
        _pkg(n)
    # attention_wrapper only needs with_same_shape from contrib's tensor_util.
    tu = types.ModuleType("tensorflow.contrib.framework.python.framework.tensor_util")
    def with_same_shape(expected, tensor):
        tensor.set_shape(expected.get_shape())
        return tensor
    tu.with_same_shape = with_same_shape
    sys.modules[tu.__name__] = tu
    sys.modules["tensorflow.contrib.framework.python.framework"].tensor_util = tu
    # TF 2.x has no GatherTree kernel (it lived in contrib's _beam_search_ops.so): the golden uses a
    # numpy transcription of TF 1.15's CPU kernel (tensorflow/contrib/seq2seq/kernels/beam_search_ops.cc).
    bso = types.ModuleType("tensorflow.contrib.seq2seq.python.ops.beam_search_ops")
    bso.gather_tree = _gather_tree
    sys.modules[bso.__name__] = bso
    sys.modules["tensorflow.contrib.seq2seq.python.ops"].beam_search_ops = bso
    mods = {"beam_search_ops": bso}
    for name in ["decoder", "helper", "sampler", "basic_decoder", "loss", "attention_wrapper",
                 "beam_search_decoder"]:
        full = "tensorflow.contrib.seq2seq.python.ops." + name
        spec = importlib.util.spec_from_file_location(full, os.path.join(SRC, name + ".py"))
        m = importlib.util.module_from_spec(spec)
        sys.modules[full] = m
        setattr(sys.modules["tensorflow.contrib.seq2seq.python.ops"], name, m)
        spec.loader.exec_module(m)
        mods[name] = m
    import tensorflow.compat.v1 as tf1
    Layer = type(tf1.layers.Dense(1)).__mro__[1]  # tf_keras legacy base Layer
    for m in mods.values():
        if hasattr(m, "layers") and hasattr(m, "BeamSearchDecoder"):
            m.layers = _Proxy(m.layers, Layer=Layer)
        if hasattr(m, "layers_base"):
            m.layers_base = types.SimpleNamespace(Layer=Layer)
        if hasattr(m, "control_flow_ops"):
            m.control_flow_ops = _Proxy(m.control_flow_ops, cond=tf1.cond, while_loop=tf1.while_loop)
        if hasattr(m, "ops"):
            m.ops = _Proxy(m.ops, Tensor=tf1.Tensor)
        if hasattr(m, "layers_core"):
            m.layers_core = types.SimpleNamespace(Dense=tf1.layers.Dense)
    return mods


def namespace(mods):
    """The `tf.contrib.seq2seq` names the cases use."""
    ns = types.SimpleNamespace()
    for m in mods.values():
        for k in dir(m):
            if not k.startswith("_"):
                setattr(ns, k, getattr(m, k))
    return ns


if __name__ == "__main__":
    S = namespace(load_tf115_seq2seq())
    meta, arrays = {}, {}
    for case in seq2seq_cases.CASES:
        r = seq2seq_cases.run_case(tf, S, case)
        meta[case.__name__] = {"names": r["names"], "shapes": r["shapes"], "variables": r["variables"]}
        for k, v in r["values"].items():
            arrays["%s/%s" % (case.__name__, k)] = np.asarray(v)
    arrays["train_steps/losses"] = seq2seq_cases.train_steps(tf, S)
    with open(os.path.join(HERE, "seq2seq_golden.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    np.savez_compressed(os.path.join(HERE, "seq2seq_golden.npz"), **arrays)
    print("%d cases, %d arrays" % (len(meta), len(arrays)))
