"""Helpers shared by the ops golden recorders (make_*.py / *_make.py, run under real TensorFlow),
the case modules (*_cases.py) and the tf1 tests that read the goldens.

Nothing here imports TensorFlow or tf1: the recorders pass their `tf` in, so the tests can import
this module without TensorFlow installed.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def registrar(table):
    """A decorator that files a case function in `table` under its own name."""
    def register(fn):
        table[fn.__name__] = fn
        return fn
    return register


def flat(v):
    return list(v) if isinstance(v, (list, tuple)) else [v]


def shape_list(t):
    """A tensor's static shape as a list; None when even the rank is unknown."""
    s = t.get_shape()
    return None if s.ndims is None else s.as_list()


def tensor_info(t):
    return {"name": t.name, "dtype": t.dtype.name, "shape": shape_list(t)}


def record_cases(tf, cases):
    """Runs every `fn(tf) -> (fetches, feeds)` of `cases` in a fresh graph.

    Returns (per case: the graph's op (name, type) list outside the `gradients` scope and per fetch
    key the tensor_info of each fetched tensor; the fetched values keyed "<case>/<fetch key>/<index>").
    """
    metas, values = {}, {}
    for name, fn in sorted(cases.items()):
        g = tf.Graph()
        with g.as_default():
            fetches, feeds = fn(tf)
            ops = [[op.name, op.type] for op in g.get_operations() if not op.name.startswith("gradients")]
            with tf.Session(graph=g) as sess:
                results = sess.run(fetches, feeds)
        entry = {"ops": ops, "fetches": {}}
        for key, ts in fetches.items():
            rs = flat(results[key])
            infos = []
            for i, (t, r) in enumerate(zip(flat(ts), rs)):
                infos.append(tensor_info(t))
                values["%s/%s/%d" % (name, key, i)] = np.asarray(r)
            entry["fetches"][key] = infos
        metas[name] = entry
    return metas, values


def record_error(tf, fn, run=False, first_line=False):
    """The exception class and message of a case that must raise, in a fresh graph; None if it did not.

    Build errors raise from `fn(tf)` (`first_line`: keep only the message's first line); with `run`,
    `fn(tf)` returns (fetch, feeds) and the error comes from `Session.run`.
    """
    g = tf.Graph()
    with g.as_default():
        try:
            out = fn(tf)
            if run:
                fetch, feeds = out
                with tf.Session(graph=g) as sess:
                    sess.run(fetch, feeds)
        except Exception as e:  # noqa: BLE001 -- recording whatever TF raises
            if run:  # TF 2 wraps the kernel's message in "Graph execution error: ..." lines
                return {"type": type(e).__name__, "message": e.message}
            message = str(e)
            return {"type": type(e).__name__, "message": message.split("\n")[0] if first_line else message}
    return None


def save(stem, meta, values=None):
    """Writes `<stem>.json` (and `<stem>.npz` from `values`) next to this module."""
    with open(os.path.join(HERE, stem + ".json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    if values is not None:
        np.savez_compressed(os.path.join(HERE, stem + ".npz"), **values)
