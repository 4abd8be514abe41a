"""tf1's own op attributes (`_tf1_*`) in GraphDefs, so graphs tf1 exports import into tf1 again.

tf1's control flow, map_fn/scan/dynamic_rnn loops and `tf.gradients` are ops of tf1's own types
(`StatelessIf`, `StatelessWhile`, `Scan`, `SymbolicGradient`, `_Arg`, ...) whose Python-only attrs
say which recorded ops form a branch or loop body, what the outputs' dtypes and shapes are, which
variables a loop writes. TF has no attr for these, so a NodeDef carries them as one string attr,
`_tf1` (attrs starting with "_" are TF's internal attrs, which TF's importer keeps and ignores),
holding JSON in which sub-graphs, tensors and ops are referred to by name. Values that are caches
are not written. An op holding a Python callable (a tf.data pipeline) gets no `_tf1` attr at all:
its own import path applies (an imported dataset says it cannot run).
"""
import base64
import json

import numpy as np

ATTR = "_tf1"
# Per-op caches, rebuilt on demand: never serialised.
_CACHES = frozenset({"_tf1_np", "_tf1_compiled_step"})


class _Unencodable(Exception):
    pass


def _enc(v):
    from ..ops._subgraph import SubGraph
    from . import dtypes, tensor_shape
    from .graph import Operation, Tensor
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (np.integer, np.floating, np.bool_)):
        return {"np": [np.asarray(v).dtype.str, np.asarray(v).tolist()]}
    if isinstance(v, np.ndarray) and v.dtype.kind in "biuf":
        return {"np": [v.dtype.str, v.tolist(), list(v.shape)]}
    if isinstance(v, bytes):
        return {"b": base64.b64encode(v).decode()}
    if isinstance(v, list):
        return {"l": [_enc(x) for x in v]}
    if isinstance(v, tuple):
        return {"t": [_enc(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"s": sorted((_enc(x) for x in v), key=lambda e: json.dumps(e, sort_keys=True))}
    if isinstance(v, dict):
        return {"d": [[_enc(k), _enc(x)] for k, x in v.items()]}
    if isinstance(v, tensor_shape.TensorShape):
        return {"shape": None if v.ndims is None else v.as_list()}
    if isinstance(v, dtypes.DType):
        return {"dtype": v.name}
    if isinstance(v, Tensor):
        return {"tensor": v.name}
    if isinstance(v, Operation):
        return {"op": v.name}
    if isinstance(v, SubGraph):
        return {"sg": {"ops": [op.name for op in v.ops], "args": [t.name for t in v.args],
                       "outputs": [t.name for t in v.outputs]}}
    raise _Unencodable(type(v).__name__)


def encode(op):
    """The `_tf1` attr value for `op` (bytes), or None when it has no tf1 attrs to carry."""
    items = {k: v for k, v in op._attrs.items() if k.startswith("_tf1_") and k not in _CACHES}
    extra = getattr(op, "_tf1_extra_deps", None)
    if extra:
        items["_tf1_extra_deps"] = list(extra)
    if not items:
        return None
    try:
        out = {k: _enc(v) for k, v in items.items()}
    except _Unencodable:
        return None
    return json.dumps(out, sort_keys=True).encode()


def referenced_ops(data):
    """Names of the ops a `_tf1` value refers to (they must be imported first)."""
    names = set()

    def walk(x):
        if isinstance(x, dict):
            if "tensor" in x and len(x) == 1:
                names.add(x["tensor"].rsplit(":", 1)[0])
            elif "op" in x and len(x) == 1:
                names.add(x["op"])
            elif "sg" in x and len(x) == 1:
                names.update(x["sg"]["ops"])
                names.update(t.rsplit(":", 1)[0] for t in x["sg"]["args"] + x["sg"]["outputs"])
            else:
                for v in x.values():
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(json.loads(data))
    return names


def decode(data, op_named, node_name):
    """The attrs (and extra deps) a `_tf1` value encodes; `op_named(name)` finds an imported op by
    its name in the GraphDef."""
    from ..ops._subgraph import SubGraph
    from . import dtypes, tensor_shape

    def tensor(name):
        op_name, _, idx = name.rpartition(":")
        return op_named(op_name).outputs[int(idx)]

    def dec(x):
        if not isinstance(x, dict):
            return x
        (tag, v), = x.items()
        if tag == "np":
            arr = np.asarray(v[1], dtype=np.dtype(v[0]))
            return arr.reshape(v[2]) if len(v) > 2 else arr[()]
        if tag == "b":
            return base64.b64decode(v)
        if tag == "l":
            return [dec(e) for e in v]
        if tag == "t":
            return tuple(dec(e) for e in v)
        if tag == "s":
            return {dec(e) for e in v}
        if tag == "d":
            return {dec(k): dec(e) for k, e in v}
        if tag == "shape":
            return tensor_shape.TensorShape(v)
        if tag == "dtype":
            return dtypes.as_dtype(v)
        if tag == "tensor":
            return tensor(v)
        if tag == "op":
            return op_named(v)
        if tag == "sg":
            ops = [op_named(n) for n in v["ops"]]
            return SubGraph(ops, [tensor(t) for t in v["args"]], [tensor(t) for t in v["outputs"]],
                            control_outputs=ops)
        raise ValueError("Unknown tf1 attr encoding %r in node '%s'" % (tag, node_name))

    attrs = {k: dec(v) for k, v in json.loads(data).items()}
    extra = attrs.pop("_tf1_extra_deps", [])
    return attrs, extra
