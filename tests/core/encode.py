"""Runs a snippet and encodes its result (or error) as JSON-able data, the same way for tf1 and TF."""
import numpy as np


def encode(v):
    if isinstance(v, dict):
        return {"dict": {str(k): encode(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}}
    if hasattr(v, "_fields"):
        return {"namedtuple": type(v).__name__, "items": [encode(x) for x in v]}
    if isinstance(v, (list, tuple)):
        return {"list": [encode(x) for x in v]}
    if isinstance(v, (np.ndarray, np.generic)):
        a = np.asarray(v)
        if a.dtype == object:
            return {"objarray": [x.decode() if isinstance(x, bytes) else str(x) for x in a.reshape(-1)],
                    "shape": list(a.shape)}
        return {"array": a.astype(np.float64).reshape(-1).tolist() if a.dtype != bool else a.reshape(-1).tolist(),
                "dtype": str(a.dtype), "shape": list(a.shape), "scalar_type": type(v).__name__}
    if isinstance(v, bytes):
        return {"bytes": v.decode("latin1")}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return {"repr": repr(v)}


def run_snippet(tf, code):
    tf.reset_default_graph()
    env = {"tf": tf, "np": np}
    try:
        exec(code, env)
    except Exception as e:  # the error is the result
        msg = str(e.message) if hasattr(e, "message") and isinstance(getattr(e, "message"), str) else str(e)
        return {"error": type(e).__name__, "message": msg}
    return {"result": encode(env.get("result"))}
