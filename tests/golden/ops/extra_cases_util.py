"""A small harness for the sparse_extra / misc_extra goldens: a case is `fn(tf)` returning a dict
of fetches (Tensors or SparseTensors), optionally with "__feeds__" ({tensor: value}) and
"__runs__" (how many times to run). `run_case` builds it in a fresh graph, runs it and returns a
JSON-able record; a build error becomes {"error": class name, "message": text}.
"""
import numpy as np


def _value(v):
    if hasattr(v, "dense_shape"):
        return {"indices": _value(v.indices), "values": _value(v.values), "dense_shape": _value(v.dense_shape)}
    a = np.asarray(v)
    if a.dtype.kind in "SO":
        return {"dtype": "bytes", "shape": list(a.shape), "value": [x.decode() if isinstance(x, bytes) else x
                                                                    for x in a.ravel().tolist()]}
    return {"dtype": a.dtype.name, "shape": list(a.shape),
            "value": [None if np.isnan(x) else x for x in a.astype(np.float64).ravel().tolist()]
            if a.dtype.kind == "f" else a.ravel().tolist()}


def _static(t):
    if hasattr(t, "dense_shape"):
        return {"indices": _static(t.indices), "values": _static(t.values), "dense_shape": _static(t.dense_shape)}
    return {"dtype": t.dtype.name, "shape": t.get_shape().as_list() if t.get_shape().ndims is not None else None}


def run_case(tf, fn):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(1)
        try:
            spec = fn(tf)
        except Exception as e:  # pylint: disable=broad-except
            return {"error": type(e).__name__, "message": str(e)}
        feeds = spec.pop("__feeds__", {})
        runs = spec.pop("__runs__", 1)
        out = {"static": {k: _static(t) for k, t in spec.items() if hasattr(t, "dtype") or
                          hasattr(t, "dense_shape")}}
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.local_variables_initializer())
            try:
                out["runs"] = [{k: _value(v) for k, v in sess.run(spec, feeds).items()} for _ in range(runs)]
            except Exception as e:  # pylint: disable=broad-except
                # The class only: TF 2.x's compat.v1 session prefixes "Graph execution error:".
                out["run_error"] = {"error": type(e).__name__}
    return out


def make(module_name, out_name):
    """Records every case of `module_name` (a module with CASES) into `out_name`.json beside it."""
    import importlib
    import json
    import os
    import sys
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    cases = importlib.import_module(module_name)
    out = {name: run_case(tf, fn) for name, fn in sorted(cases.CASES.items())}
    with open(os.path.join(here, out_name + ".json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
