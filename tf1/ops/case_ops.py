"""`tf.switch_case`: N branch functions recorded as sub-graphs and run by one `Case` op
(`StatelessCase` when no branch has side effects) named `switch_case/indexed_case`, whose results
reach the user through `switch_case/indexed_case/Identity*` as in TF 1.15 (cond_v2.indexed_case).

An index outside [0, N) runs the last branch (the `default` when given), as TF's Case kernel does.
The lowering runs only the selected branch when the index is known and `lax.switch` under a trace;
variables a branch assigns are threaded through and written back (as `If` does, ops/cond_ops.py).
"""
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, registry
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from . import _subgraph as sg_mod
from .cond_ops import conform, merge_shapes


def _case_infer(op):
    return list(op._attrs["_tf1_out_specs"])


def _case_lower(ctx, op, index, *captured):
    branches = op._attrs["_tf1_branches"]
    n = len(branches)
    cap_env = dict(zip(op._inputs[1:], captured))
    out_dtypes = [t.dtype for t in op._outputs]
    if not sg_mod.is_traced(index):
        i = int(np.asarray(index))
        outs = branches[i if 0 <= i < n else n - 1].run(ctx, [], cap_env)
        return tuple(conform(v, dt) for v, dt in zip(outs, out_dtypes))
    wnames = sg_mod.carried_vars(ctx, op._attrs["_tf1_written_vars"])

    def branch_fn(sub):
        def f(checks):
            sctx = sg_mod.SubCtx(ctx, ctx.state, checks=checks)
            outs = [conform(v, dt) for v, dt in zip(sub.run(sctx, [], cap_env), out_dtypes)]
            writes = [jnp.asarray(sctx.state[w], dtype=jnp.result_type(ctx.state[w])) for w in wnames]
            return outs, writes
        return f

    index = jnp.reshape(index, ())
    index = jnp.where((index < 0) | (index >= n), n - 1, index)
    outs, writes = sg_mod.switch(ctx, index, [branch_fn(b) for b in branches])
    sg_mod.commit_writes(ctx, wnames, writes)
    return tuple(outs)


registry.register("Case", _case_infer, _case_lower, stateful=True)
registry.register("StatelessCase", _case_infer, _case_lower)


def _canonical_branches(branch_fns, default, branch_index):
    """TF 1.15's _indexed_case_verify_and_canonicalize_args: the branch functions in index order."""
    if not isinstance(branch_index, Tensor):
        raise TypeError("branch_index must a Tensor, got {}".format(type(branch_index)))
    if not branch_index.dtype.is_integer:
        raise TypeError("branch_index must an integer Tensor, got {}".format(branch_index.dtype))
    if not branch_fns:
        raise ValueError("Must provide at least one item in branch_fns")
    if not isinstance(branch_fns, (list, tuple, dict)):
        raise TypeError("branch_fns must be a list, tuple, or dict")
    if isinstance(branch_fns, dict):
        branch_fns = branch_fns.items()
    if all(callable(fn) for fn in branch_fns):
        branch_fns = list(enumerate(branch_fns))
    for pair in branch_fns:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("Each entry in branch_fns must be a 2-tuple")
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError("key must be a Python `int`, got {}".format(type(key)))
        if not callable(fn):
            raise TypeError("fn for key {} must be callable.".format(key))
    keys = [p[0] for p in branch_fns]
    if min(keys) < 0 or max(keys) >= len(keys) or len(set(keys)) != len(keys):
        raise ValueError("branch indices (keys) must form contiguous range of [0 to {}) but found {{{}}}"
                         .format(len(keys), ",".join(map(str, sorted(keys)))))
    actions = [p[1] for p in sorted(branch_fns, key=lambda p: p[0])]
    if default is not None:
        actions.append(default)
    return actions


def _record_branch(g, fn, i):
    with name_scope("branch%d" % i):
        structure, ops = sg_mod.record(g, fn)
    flat = [convert_to_tensor(v) for v in sg_mod.flatten(structure)]
    return structure, flat, ops


@export("switch_case")
def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Runs `branch_fns[branch_index]` (the last function when the index is out of range)."""
    fns = _canonical_branches(branch_fns, default, branch_index)
    g = get_default_graph()
    with name_scope(name, "case", [branch_index]):
        with name_scope("indexed_case") as case_scope:
            built = [_record_branch(g, fn, i) for i, fn in enumerate(fns)]
        structure0, flat0, _ = built[0]
        for structure, flat, _ in built[1:]:
            sg_mod.assert_same_structure(structure0, structure)
            for a, b in zip(flat0, flat):
                if a.dtype.base_dtype != b.dtype.base_dtype:
                    raise TypeError("Case branch outputs must have the same type: %s, %s"
                                    % (a.dtype.name, b.dtype.name))
        branches = [sg_mod.SubGraph(ops, [], flat) for _, flat, ops in built]
        specs = []
        for j, t in enumerate(flat0):
            shape = t.get_shape()
            for _, flat, _ in built[1:]:
                shape = merge_shapes(shape, flat[j].get_shape())
            specs.append((t.dtype.base_dtype, shape))
        captures = sg_mod.merge_captures(*branches)
        attrs = {"Tin": [t.dtype.base_dtype for t in captures], "Tout": [dt for dt, _ in specs],
                 "_tf1_branches": branches, "_tf1_out_specs": specs}
        attrs.update(sg_mod.outer_attrs(*branches))
        stateful = any(b.stateful for b in branches)
        op_type = "Case" if stateful else "StatelessCase"
        if branch_index.dtype.base_dtype != dtypes.int32:
            raise TypeError("Input 'branch_index' of '%s' Op has type %s that does not match expected "
                            "type of int32." % (op_type, branch_index.dtype.base_dtype.name))
        op = g.create_op(op_type, [branch_index] + captures, attrs=attrs, name=case_scope)
        sg_mod.finish_outer_op(op, branches)
        from .array_ops import identity
        with name_scope(case_scope):
            outs = [identity(t) for t in op.outputs]
        return sg_mod.pack_sequence_as(structure0, outs)
