"""Records TF 1.15's k-means (contrib/factorization clustering_ops.py) on real TensorFlow.

TF 2.x has no contrib, but it still ships the raw clustering kernels (NearestNeighbors,
KmeansPlusPlusInitialization, KMC2ChainInitialization) and every core op the TF 1.15 module uses, so
this script loads TF 1.15's own clustering_ops.py (unpacked from the tensorflow 1.15 wheel at
TF115_CLUSTERING, unchanged but for the few private functions TF 2.x moved, which are looked up in
tf.compat.v1 instead: see load_clustering_ops) and runs it under tf.compat.v1 graph mode.
Four spots where real TF races (unordered reads and writes of one variable in one step) are
pinned to the order the algorithm means, which is tf1's: see the four wrappers below.

Writes kmeans.npz (inputs and per-scenario results) and kmeans.json (scenario settings and the
graph's variable / output names). The scenarios (kmeans_scenarios.py) are deterministic: given
initial centers, a callable, or the seeded k-means++ / k-MC2 kernels (TF's Philox seeded by
`random_seed`); RANDOM_INIT is left out because tf1's random_uniform stream is not TF's.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/contrib/factorization/make_kmeans.py
"""
import importlib.util
import json
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

from kmeans_scenarios import SCENARIOS, make_data, run_scenario  # noqa: E402  (shared with the test)

tf.disable_v2_behavior()
TF115_CLUSTERING = "/tmp/tf115/tensorflow_core/contrib/factorization/python/ops/clustering_ops.py"


def _scatter_add_after_gathers(ref, indices, updates, use_locking=False, name=None):
    """TF's mini-batch step gathers the old counts/centers and scatter-adds the updates with no
    dependency between one variable's gather and the other's scatter, so real TF races (results
    vary run to run, even with one inter-op thread). The algorithm means the gathers to read the
    old values; tf1 runs them first (creation order breaks ties). So the recorded graph makes each
    scatter_add wait for the gathers built before it: TF's intended, deterministic result."""
    g = tf.get_default_graph()
    gathers = [op for op in g.get_operations()
               if op.type in ("Gather", "GatherV2") and op._control_flow_context is None]
    with tf.control_dependencies(gathers):
        return tf.scatter_add(ref, indices, updates, use_locking=use_locking, name=name)


def _assign_after_inference(ref, value, **kwargs):
    """The mini-batch sync (every mini_batch_steps_per_iteration steps) assigns the master centers
    in the same step whose cluster assignment (NearestNeighbors) reads them, with no order between
    the two: real TF races. tf1 reads first (the read is created first); so does this graph."""
    g = tf.get_default_graph()
    if ref.op.name == "clusters" and g._get_control_flow_context() is not None:
        readers = [op for op in g.get_operations()
                   if op.type == "NearestNeighbors" and op._control_flow_context is None]
        with tf.control_dependencies(readers):
            value = tf.identity(value)
    return tf.assign(ref, value, **kwargs)


def _gather_after_scatters(params, indices, **kwargs):
    """With several input shards each shard's step gathers and scatter-adds the same variables,
    unordered between shards in real TF (a race again). Shard by shard, in the order built, as
    tf1 runs them: each gather waits for the scatter_adds built before it."""
    g = tf.get_default_graph()
    scatters = [op for op in g.get_operations()
                if op.type == "ScatterAdd" and op._control_flow_context is None]
    with tf.control_dependencies(scatters):
        return tf.gather(params, indices, **kwargs)


def _serial_while_loop(cond, body, loop_vars, **kwargs):
    """k-MC2's loop assigns the centers variable in each iteration while the next iteration reads
    the value captured before the loop: with TF's 10 parallel iterations that read races the
    assignments. One iteration at a time, each sees the pre-loop snapshot, as tf1's loop does."""
    kwargs["parallel_iterations"] = 1
    return tf.while_loop(cond, body, loop_vars, **kwargs)


def load_clustering_ops():
    spec = importlib.util.spec_from_file_location("tf115_clustering_ops", TF115_CLUSTERING)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    # TF 2.x moved a few functions the module reaches through TF's private modules
    # (`variable_scope.variable`, `control_flow_ops.cond`/`while_loop`): its module references fall
    # back to the same public tf.compat.v1 functions. scatter_add, gather, while_loop,
    # assign: see _scatter_add_after_gathers, _gather_after_scatters, _serial_while_loop,
    # _assign_after_inference.
    for name in ("variable_scope", "control_flow_ops", "state_ops", "array_ops", "math_ops",
                 "check_ops", "random_ops", "nn_impl"):
        setattr(mod, name, _Fallback(getattr(mod, name)))
    mod.variable_scope.variable = tf.Variable
    mod.state_ops.scatter_add = _scatter_add_after_gathers
    mod.array_ops.gather = _gather_after_scatters
    mod.control_flow_ops.while_loop = _serial_while_loop
    mod.state_ops.assign = _assign_after_inference
    return mod


class _Fallback(types.SimpleNamespace):
    def __init__(self, module):
        super().__init__()
        self._module = module

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return getattr(self._module, name)
        except AttributeError:
            return getattr(tf, name)


def main():
    KMeans = load_clustering_ops().KMeans
    points = make_data()
    arrays, meta = {"points": points}, {"scenarios": SCENARIOS, "names": {}}
    for name, cfg in SCENARIOS.items():
        out, names = run_scenario(tf, KMeans, points, cfg)
        meta["names"][name] = names
        for k, v in out.items():
            arrays[name + "/" + k] = np.asarray(v)
    np.savez(os.path.join(HERE, "kmeans.npz"), **arrays)
    with open(os.path.join(HERE, "kmeans.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
