"""Helpers shared by control_make.py / strings_make.py (real TF) and the tf1 tests: flatten fetch
structures, describe them, and turn fetched values into JSON."""
import numpy as np


def flatten(x):
    if isinstance(x, dict):
        return [leaf for k in sorted(x) for leaf in flatten(x[k])]
    if isinstance(x, (list, tuple)):
        return [leaf for v in x for leaf in flatten(v)]
    return [x]


def structure(x):
    if isinstance(x, dict):
        return {k: structure(x[k]) for k in sorted(x)}
    if isinstance(x, (list, tuple)):
        return [type(x).__name__] + [structure(v) for v in x]
    return "."


def to_json(v):
    if hasattr(v, "indices") and hasattr(v, "dense_shape"):  # SparseTensorValue
        return {"indices": to_json(v.indices), "values": to_json(v.values),
                "dense_shape": to_json(v.dense_shape)}
    if v is None:
        return None
    arr = np.asarray(v)
    if arr.dtype == object or arr.dtype.kind == "S":
        return {"dtype": "string", "value": np.vectorize(lambda s: s.decode("latin-1"), otypes=[object])(
            arr).tolist() if arr.size else arr.tolist(), "shape": list(arr.shape)}
    kind = "float" if arr.dtype.kind in "fc" else arr.dtype.name
    vals = arr.astype(np.float64).tolist() if arr.dtype.kind == "f" else arr.tolist()
    if arr.dtype.kind == "f":
        vals = _nan_safe(vals)
    return {"dtype": arr.dtype.name, "kind": kind, "value": vals, "shape": list(arr.shape)}


def _nan_safe(v):
    if isinstance(v, list):
        return [_nan_safe(x) for x in v]
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    return v


def resolve_feeds(g, feeds):
    out = {}
    for k, v in feeds.items():
        name = k if ":" in k else k + ":0"
        out[g.get_tensor_by_name(name)] = v
    return out
