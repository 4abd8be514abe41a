"""Records real TensorFlow's output for the cases in `training_cases.py`, and the statistics of the
random initializers.

Command (from the repository root):
    cd tests/golden/training && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 \
        /opt/tfvenv/bin/python make_training_goldens.py

(tensorflow-cpu 2.21 + tf-keras, `tf.compat.v1` with v2 behaviour disabled.) Writes `scopes_layers_losses.json`:
{"cases": {group: {case: stdout}}, "init_stats": {name: [mean, std, min, max]}}.
"""
import contextlib
import io
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import training_cases

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))


def run_case(code):
    out = io.StringIO()
    with tf.Graph().as_default(), contextlib.redirect_stdout(out):
        exec(code, {"tf": tf})
    return out.getvalue()


INIT_STATS = training_cases.INIT_STATS


def init_stats():
    stats = {}
    for name, (expr, shape) in INIT_STATS.items():
        with tf.Graph().as_default():
            init = eval(expr, {"tf": tf}) if expr else None
            v = tf.get_variable("v", shape, initializer=init)
            with tf.Session() as s:
                s.run(tf.global_variables_initializer())
                val = s.run(v)
        if name == "orthogonal":
            # W^T W = gain^2 I for the orthogonal rows/columns
            m = val.reshape(-1, shape[-1])
            gram = m @ m.T if m.shape[0] < m.shape[1] else m.T @ m
            stats[name] = [float(np.abs(gram - np.diag(np.diag(gram))).max()), float(np.diag(gram).mean())]
        else:
            stats[name] = [float(val.mean()), float(val.std()), float(val.min()), float(val.max())]
    return stats


def main():
    cases = {}
    for group in ("SCOPE_CASES", "LAYER_CASES", "LOSS_CASES"):
        cases[group] = {name: run_case(code) for name, code in getattr(training_cases, group).items()}
    with open(os.path.join(HERE, "scopes_layers_losses.json"), "w") as f:
        json.dump({"cases": cases, "init_stats": init_stats()}, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
