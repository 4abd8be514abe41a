"""`tf.while_loop`: the loop's cond and body are recorded sub-graphs run by one `While` op.

The graph keeps TF 1.15's frame names where users see them: each loop variable enters through
`while/Enter` -> `while/Merge` (what `cond` receives) -> `while/Identity` (what `body` receives),
the body's results pass `while/NextIteration`, the predicate `while/LoopCond`, and the results leave
through `while/Exit`, `while/Exit_1`, ... . Those frame ops only name values: one `While` op
(`StatelessWhile` without side effects), named like the loop's scope, runs the loop.

Lowering, in order of preference:
- host loop (a sub-graph holds host ops, or a loop variable's shape may vary): a Python loop;
- a trip count computable before the loop (the variables the predicate depends on evolve from
  known values, the usual `i < n` counter): `lax.scan` of that length -- reverse-mode
  differentiable, so `tf.gradients` flows through the loop;
- a static `maximum_iterations`: `lax.scan` of that length whose steps after the predicate turns
  false keep the variables unchanged (also differentiable);
- otherwise (or `back_prop=False`) `lax.while_loop`.
Variables the body assigns are carried through the loop and written back; random ops in the body
draw fresh values each iteration (their key is folded with the iteration number).

TensorArray loop variables (TF 1.15 passes their flow and rebuilds them in cond, body and after
the loop) travel as their buffer, a dynamic_size one also as its written length (carried after the
other variables). Before a compiled loop runs, an array whose element shape only the body's write
knows is allocated (`jax.eval_shape` of one step), and a dynamic_size one gets one spare row per
iteration of the loop's bound (its trip count, else a static `maximum_iterations`); its final length
is a known value when it evolves from known values (writes at the loop counter), so the stacked
result has a static shape in compiled code.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..runtime import interpreter
from . import _subgraph as sg_mod
from ._common import TensorShape, in_dtype, in_shape, shape_str
from .tensor_array_ops import TensorArray


# ------------------------------------------------------------------------------ frame ops

def _frame_infer(op):
    return [(in_dtype(op), in_shape(op))]


def _pass(ctx, op, x):
    return x


for _type in ("Enter", "Exit", "NextIteration", "RefEnter", "RefExit", "RefNextIteration"):
    registry.register(_type, _frame_infer, _pass)


def _loop_cond_infer(op):
    t = op._inputs[0]
    if t.dtype.base_dtype != dtypes.bool:
        raise TypeError("Input 'input' of 'LoopCond' Op has type %s that does not match expected "
                        "type of bool." % t.dtype.base_dtype.name)
    shp = t.get_shape()
    if shp.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d for '%s' (op: 'LoopCond') with input "
                         "shapes: %s." % (shp.ndims, op.name, shape_str(shp)))
    return [(dtypes.bool, TensorShape([]))]


registry.register("LoopCond", _loop_cond_infer, _pass)


# ------------------------------------------------------------------------------------ While

def _while_infer(op):
    return list(op._attrs["_tf1_out_specs"])


def _conform(v, dt):
    from .cond_ops import conform
    return conform(v, dt)


def _while_lower(ctx, op, *inputs):
    n = op._attrs["_tf1_num_vars"]
    cond_sg, body_sg = op._attrs["_tf1_cond"], op._attrs["_tf1_body"]
    err = op._attrs.get("_tf1_type_error")
    if err:
        raise errors.InvalidArgumentError(None, op, err)
    cap_env = dict(zip(op._inputs[n:], inputs[n:]))
    dts = [t.dtype.base_dtype for t in op._outputs]
    vals = [_conform(v, dt) for v, dt in zip(inputs[:n], dts)]
    if op._attrs["_tf1_host"] or (not op._attrs["_tf1_static_shapes"] and not sg_mod.is_traced(
            *vals, *cap_env.values())):
        return tuple(_python_loop(ctx, cond_sg, body_sg, vals, cap_env, dts))
    wnames = sg_mod.carried_vars(ctx, op._attrs["_tf1_written_vars"])
    w0 = [jnp.asarray(ctx.state[k]) for k in wnames]
    known = list(vals)  # before jnp.asarray: under a trace that would turn known values into tracers
    vals = [jnp.asarray(v) for v in vals]

    def state_with(w):
        st = dict(ctx.state)
        st.update(zip(wnames, w))
        return st

    def pred(vals, w, it):
        sctx = sg_mod.SubCtx(ctx, state_with(w), it)
        return jnp.reshape(jnp.asarray(cond_sg.run(sctx, vals, cap_env)[0], dtype=bool), ())

    def step(vals, w, it, checks=None):
        """One iteration; the body's run-time checks go into `checks` (None: dropped)."""
        sctx = sg_mod.SubCtx(ctx, state_with(w), it, checks=checks)
        new = body_sg.run(sctx, vals, cap_env)
        new = [jnp.asarray(_conform(v, dt)) for v, dt in zip(new, dts)]
        new_w = [jnp.asarray(sctx.state[k], dtype=w_i.dtype) for k, w_i in zip(wnames, w)]
        return new, new_w

    traced = sg_mod.is_traced(*known, *cap_env.values(), *w0)
    arrays = op._attrs.get("_tf1_arrays", ())
    trips = None
    if traced and op._attrs["_tf1_back_prop"] or arrays:
        trips = _static_trip_count(ctx, cond_sg, body_sg, known, cap_env)
    zero = jnp.int32(0)
    if arrays:
        vals = _allocate_arrays(op, arrays, vals, known, trips, cap_env, lambda v: step(v, w0, zero)[0])
    if trips is not None:
        made = []

        def scan_step(carry, _):
            v, w, it = carry
            nv, nw = step(v, w, it, made)
            return (nv, nw, it + 1), [(c.ok,) + tuple(c.payload) for c in made]
        (vals, w, _), checked = jax.lax.scan(scan_step, (vals, w0, zero), None, length=trips)
        sg_mod.report_loop_checks(ctx, made, checked)
    else:
        max_iter = _static_max_iterations(op, cap_env) if traced and op._attrs["_tf1_back_prop"] else None
        if max_iter is not None:
            guarded = []  # the taken step's checks, reported by sg_mod.switch into this list

            def guarded_step(carry, _):
                v, w, it = carry
                go = pred(v, w, it)
                with ctx.checks_collected() as reported:
                    nv, nw = sg_mod.switch(ctx, go.astype(jnp.int32), [lambda checks: (list(v), list(w)),
                                                                      lambda checks: step(v, w, it, checks)])
                guarded[:] = reported
                return (nv, nw, it + jnp.int32(go)), [(c.ok,) + tuple(c.payload) for c in reported]
            (vals, w, _), checked = jax.lax.scan(guarded_step, (vals, w0, zero), None, length=max_iter)
            sg_mod.report_loop_checks(ctx, guarded, checked)
        else:
            vals, w = _while_loop_with_checks(ctx, pred, step, vals, w0, zero)
    sg_mod.commit_writes(ctx, wnames, w)
    if trips is not None:
        vals = _known_lengths(ctx, op, arrays, body_sg, known, cap_env, trips, vals)
    return tuple(vals)


def _while_loop_with_checks(ctx, pred, step, vals, w0, zero):
    """`lax.while_loop` of `step`; when the body has run-time checks (known once it is traced), the
    loop is traced again carrying, per check, whether it held so far and the payload of its first
    failure -- the first trace is then dead code XLA drops."""
    made = []

    def body_fn(carry):
        v, w, it = carry
        nv, nw = step(v, w, it, made)
        return nv, nw, it + 1
    vals_out, w_out, _ = jax.lax.while_loop(lambda c: pred(*c), body_fn, (vals, w0, zero))
    if not made:
        return vals_out, w_out
    checks = list(made)
    first = [(jnp.ones((), bool),) + tuple(jnp.zeros(jnp.shape(p), jnp.result_type(p)) for p in c.payload)
             for c in checks]

    def body_with_checks(carry):
        v, w, it, state = carry
        nv, nw = step(v, w, it, made)
        new_state = []
        for (held, *payload), c in zip(state, made):
            failed_now = held & ~jnp.reshape(jnp.asarray(c.ok, bool), ())
            new_state.append((held & ~failed_now,) + tuple(
                jnp.where(failed_now, jnp.asarray(n, jnp.result_type(p)), p) for p, n in zip(payload, c.payload)))
        return nv, nw, it + 1, new_state
    vals_out, w_out, _, state = jax.lax.while_loop(lambda c: pred(*c[:3]), body_with_checks,
                                                   (vals, w0, zero, first))
    ctx.recheck(checks, state)
    return vals_out, w_out


def _allocate_arrays(op, arrays, vals, known, trips, cap_env, one_step):
    """Buffers of fixed shape for the TensorArrays a compiled loop carries: one whose element shape
    only the body's write knows is allocated from that write's shape (`jax.eval_shape` of one
    step); a dynamic_size one gets room for one more element per iteration of the loop's bound."""
    vals = list(vals)
    if any(jnp.ndim(vals[i]) == 0 for i, _ in arrays):
        shapes = jax.eval_shape(one_step, [jax.ShapeDtypeStruct(jnp.shape(v), jnp.result_type(v))
                                           for v in vals])
        for i, j in arrays:
            if jnp.ndim(vals[i]) == 0:
                shp = shapes[i].shape
                rows = shp[0]
                if j is not None:
                    if sg_mod.is_traced(known[j]):
                        raise errors.UnimplementedError(
                            None, op, "the size of a TensorArray entering tf.while_loop '%s' must be known "
                                      "when the loop runs" % op.name)
                    rows = int(np.asarray(known[j]))
                vals[i] = jnp.zeros((rows,) + tuple(shp[1:]), shapes[i].dtype)
    bound = trips if trips is not None else _static_max_iterations(op, cap_env)
    for i, j in arrays:
        if j is None:
            continue
        if bound is None:
            raise errors.UnimplementedError(
                None, op, "A TensorArray with dynamic_size=True is written inside tf.while_loop '%s', whose "
                          "number of iterations is not known before it runs; compiled code needs a bound to "
                          "size the array: pass maximum_iterations to tf.while_loop" % op.name)
        buf = vals[i]
        vals[i] = jnp.concatenate([buf, jnp.zeros((bound,) + tuple(buf.shape[1:]), buf.dtype)])
    return vals


def _known_lengths(ctx, op, arrays, body_sg, known, cap_env, trips, vals):
    """The final lengths of the dynamic_size arrays, as known values when they evolve from known
    values (writes at the loop counter): then their written part has a static shape."""
    for i, j in arrays:
        if j is None or not sg_mod.is_traced(vals[j]):
            continue
        final = _evolve_known(ctx, body_sg, known, cap_env, [j], trips)
        if final is None:
            continue
        n = int(np.asarray(final[j]))
        if n > vals[i].shape[0]:
            raise errors.UnimplementedError(
                None, op, "A TensorArray with dynamic_size=True written inside tf.while_loop '%s' grew to "
                          "%d elements, more than the %d the loop's bound allows for" % (op.name, n,
                                                                                       vals[i].shape[0]))
        vals = list(vals)
        vals[j] = np.int32(n)
    return vals


def _evolve_known(ctx, body_sg, vals, cap_env, outputs, steps):
    """The values of body outputs `outputs` after `steps` iterations, when the loop variables they
    depend on evolve from known values through side-effect-free ops; else None."""
    body_ops, idx = _body_closure(body_sg, outputs)
    if not _runs_on_known_values(body_ops, (body_sg,), idx, vals, cap_env):
        return None
    sctx = sg_mod.SubCtx(ctx, ctx.state)
    cur = {i: vals[i] for i in idx}
    with jax.ensure_compile_time_eval():
        for _ in range(steps):
            env = dict(cap_env)
            env.update((body_sg.args[i], cur[i]) for i in idx)
            interpreter.execute(body_ops, env, sctx)
            cur = {i: env[body_sg.outputs[i]] for i in idx}
            if sg_mod.is_traced(*cur.values()):
                return None
    return cur


def _python_loop(ctx, cond_sg, body_sg, vals, cap_env, dts):
    it = 0
    while True:
        sctx = sg_mod.SubCtx(ctx, None, np.uint32(it))
        if not bool(np.asarray(cond_sg.run(sctx, vals, cap_env)[0])):
            return vals
        vals = [_conform(v, dt) for v, dt in zip(body_sg.run(sctx, vals, cap_env), dts)]
        it += 1


def _static_max_iterations(op, cap_env):
    t = op._attrs.get("_tf1_max_iter")
    if t is None or t not in cap_env or sg_mod.is_traced(cap_env[t]):
        return None
    return max(int(np.asarray(cap_env[t])), 0)


def _body_closure(body_sg, outputs):
    """(the body ops computing `outputs` across iterations, the loop variables they read)."""
    needed = set(outputs)
    while True:
        body_ops, more = body_sg.partial(sorted(needed))
        if more <= needed:
            return body_ops, sorted(needed)
        needed |= more


def _runs_on_known_values(ops, subgraphs, idx, vals, cap_env):
    """Whether `ops` can run before the loop: the loop variables `idx` and every captured value they
    read are known (not traced, not variables) and no op has side effects."""
    if any(sg_mod.is_traced(vals[i]) for i in idx):
        return False
    if any(op._opdef.stateful and not op._opdef.is_variable for op in ops):
        return False
    produced = {t for op in ops for t in op._outputs}
    args = {t for sg in subgraphs for t in sg.args}
    for op in ops:
        for t in op._inputs:
            if t in produced or t in args:
                continue
            v = cap_env.get(t)
            if t not in cap_env or sg_mod.is_traced(v) or isinstance(v, interpreter.VarRef):
                return False
    return True


def _static_trip_count(ctx, cond_sg, body_sg, vals, cap_env, limit=10 ** 6):
    """The number of iterations, when the loop variables the predicate depends on evolve from
    known values through side-effect-free ops (a counter against a static bound); else None."""
    cond_ops, used = cond_sg.partial([0])
    body_ops, idx = _body_closure(body_sg, used)
    if not _runs_on_known_values(cond_ops + body_ops, (cond_sg, body_sg), idx, vals, cap_env):
        return None
    sctx = sg_mod.SubCtx(ctx, ctx.state)
    cur = {i: vals[i] for i in idx}
    count = 0
    with jax.ensure_compile_time_eval():
        while count <= limit:
            env = dict(cap_env)
            env.update((cond_sg.args[i], cur[i]) for i in idx)
            interpreter.execute(cond_ops, env, sctx)
            c = env[cond_sg.outputs[0]]
            if sg_mod.is_traced(c):
                return None
            if not bool(np.asarray(c)):
                return count
            env = dict(cap_env)
            env.update((body_sg.args[i], cur[i]) for i in idx)
            interpreter.execute(body_ops, env, sctx)
            cur = {i: env[body_sg.outputs[i]] for i in idx}
            if sg_mod.is_traced(*cur.values()):
                return None
            count += 1
    return None


registry.register("While", _while_infer, _while_lower, stateful=True)
registry.register("StatelessWhile", _while_infer, _while_lower)


# ------------------------------------------------------------------------------- while_loop

def _shape_less_than_or_equal(shape1, shape2):
    if shape2.dims is None:
        return True
    if shape1.ndims != shape2.ndims:
        return False
    for d1, d2 in zip(shape1.as_list(), shape2.as_list()):
        if d2 is not None and d1 != d2:
            return False
    return True


def _as_tensor(v):
    if isinstance(v, Tensor):
        return v
    if hasattr(v, "_as_graph_element") and hasattr(v, "value"):
        return v.value()
    return convert_to_tensor(v)


@export("while_loop", "control_flow_ops.while_loop")
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """`tf.while_loop`: repeats `body` while `cond` holds; returns the final loop variables."""
    with name_scope(name, "while", sg_mod.flatten(loop_vars)):
        if not loop_vars:
            raise ValueError("No loop variables provided")
        if not callable(cond):
            raise TypeError("cond must be callable.")
        if not callable(body):
            raise TypeError("body must be callable.")
        if parallel_iterations < 1:
            raise TypeError("parallel_iterations must be a positive integer.")
        try_to_pack = len(loop_vars) == 1 and not return_same_structure
        max_iter_t = None
        if maximum_iterations is not None:
            from .math_ops import logical_and
            max_iter_t = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            if max_iter_t.get_shape().ndims != 0:
                raise ValueError("maximum_iterations must be a scalar, saw shape: %s"
                                 % max_iter_t.get_shape())
            from .array_ops import constant
            counter = constant(0, dtype=max_iter_t.dtype, name="iteration_counter")
            orig_cond, orig_body = cond, body
            if try_to_pack:
                loop_vars = (counter, loop_vars[0])
                cond = lambda i, lv: logical_and(i < max_iter_t, orig_cond(lv))  # noqa: E731
                body = lambda i, lv: (i + 1, orig_body(lv))  # noqa: E731
            else:
                loop_vars = (counter, loop_vars)
                cond = lambda i, lv: logical_and(i < max_iter_t, orig_cond(*lv))  # noqa: E731
                body = lambda i, lv: (i + 1, orig_body(*lv))  # noqa: E731
            try_to_pack = False
            if shape_invariants is not None:
                shape_invariants = (TensorShape([]), shape_invariants)
        result = _build_loop(cond, body, loop_vars, shape_invariants, return_same_structure,
                             back_prop, parallel_iterations, max_iter_t)
        if maximum_iterations is not None:
            return result[1]
        return result


def _build_loop(cond, body, original_loop_vars, shape_invariants, return_same_structure, back_prop,
                parallel_iterations, max_iter_t):
    g = get_default_graph()
    scope_name = g.get_name_scope()
    leaves = sg_mod.flatten(original_loop_vars)
    flat_vars, ta_slots = _loop_tensors(leaves)
    n_leaves = len(leaves)
    if shape_invariants is None:
        invariants = [t.get_shape() for t in flat_vars[:n_leaves]]
    else:
        invariants = [tensor_shape.as_shape(s) for s in sg_mod.flatten(shape_invariants)]
        if len(invariants) != n_leaves:
            raise ValueError("The two structures don't have the same number of elements.")
        for i, (t, s) in enumerate(zip(flat_vars, invariants)):
            # A TensorArray's invariant is its (scalar) flow's in TF; tf1 carries its buffer.
            shp = TensorShape([]) if i in ta_slots else t.get_shape()
            if not _shape_less_than_or_equal(shp, s):
                raise ValueError("The shape invariant specified for %s is not compatible with the "
                                 "initial shape of the loop variable. It enters the loop with shape "
                                 "%s, but the specified shape invariant is %s."
                                 % (t.name, shp, s))
    for i, j in ta_slots.items():
        invariants[i] = leaves[i]._loop_invariant(flat_vars[i])
    invariants += [TensorShape([])] * (len(flat_vars) - n_leaves)
    start = g._last_id
    frame = scope_name
    with g.control_dependencies(None):
        enters = [g.create_op("Enter", [t], attrs={
            "T": t.dtype.base_dtype, "frame_name": frame, "is_constant": False,
            "parallel_iterations": parallel_iterations}, name="Enter").outputs[0] for t in flat_vars]
    for e, s in zip(enters, invariants):
        e._shape_val = s  # TF's Enter takes the invariant's shape (use_input_shape=False)
    merges = [g.create_op("Merge", [e], attrs={"T": e.dtype.base_dtype, "N": 1}, name="Merge").outputs[0]
              for e in enters]
    for m, s in zip(merges, invariants):
        m._shape_val = s
    packed = sg_mod.pack_sequence_as(original_loop_vars, _rebuilt(leaves, merges, ta_slots))
    c = convert_to_tensor(cond(*packed))
    loop_cond = g.create_op("LoopCond", [c], name="LoopCond").outputs[0]
    cond_ops = sg_mod.ops_after(g, start)
    body_start = g._last_id
    idents = [g.create_op("Identity", [m], attrs={"T": m.dtype.base_dtype}, name="Identity").outputs[0]
              for m in merges]
    packed_body = sg_mod.pack_sequence_as(original_loop_vars, _rebuilt(leaves, idents, ta_slots))
    body_result = body(*packed_body)
    if not sg_mod.is_sequence(body_result):
        body_result = [body_result]
    # TF compares the structures with the first level forced to a list (inputs are usually lists,
    # body results tuples).
    sg_mod.assert_same_structure(list(packed_body), list(body_result))
    original_body_result = body_result
    result_leaves = sg_mod.flatten(body_result)
    if n_leaves != len(result_leaves):
        raise ValueError("Number of inputs and outputs of body must match loop_vars: %d, %d"
                         % (n_leaves, len(result_leaves)))
    result = _result_tensors(leaves, result_leaves, ta_slots, len(flat_vars))
    type_error = None
    nexts = []
    for i, (m, v, src) in enumerate(zip(merges, result, flat_vars)):
        if not _shape_less_than_or_equal(v.get_shape(), m.get_shape()):
            raise ValueError("Input tensor '%s' enters the loop with shape %s, but has shape %s after "
                             "one iteration. To allow the shape to vary across iterations, use the "
                             "`shape_invariants` argument of tf.while_loop to specify a less-specific "
                             "shape." % (src.name, src.get_shape(), v.get_shape()))
        nxt = g.create_op("NextIteration", [v], attrs={"T": v.dtype.base_dtype},
                          name="NextIteration").outputs[0]
        nexts.append(nxt)
        if v.dtype.base_dtype != m.dtype.base_dtype and type_error is None:
            type_error = ("Input 1 of node %s was passed %s from %s incompatible with expected %s."
                          % (m.op.name, _short_type(v.dtype), nxt.name, _short_type(m.dtype)))
    body_ops = sg_mod.ops_after(g, body_start)
    cond_sg = sg_mod.SubGraph(cond_ops, merges, [loop_cond])
    body_sg = sg_mod.SubGraph(body_ops, idents, nexts)
    subs = [cond_sg, body_sg]
    captures = sg_mod.merge_captures(*subs)
    stateful = any(s.stateful for s in subs)
    out_specs = [(t.dtype.base_dtype, s) for t, s in zip(flat_vars, invariants)]
    for i in ta_slots:
        if invariants[i].ndims is None:  # entered as a scalar: the buffer has the body's shape
            out_specs[i] = (out_specs[i][0], leaves[i]._loop_invariant(result[i]))
    dynamic_arrays = any(j is not None or flat_vars[i].get_shape().ndims == 0 for i, j in ta_slots.items())
    attrs = {"T": [t.dtype.base_dtype for t in flat_vars + captures],
             "parallel_iterations": parallel_iterations,
             "_tf1_cond": cond_sg, "_tf1_body": body_sg, "_tf1_num_vars": len(flat_vars),
             "_tf1_out_specs": out_specs, "_tf1_back_prop": bool(back_prop),
             "_tf1_static_shapes": not dynamic_arrays and all(s.is_fully_defined() or s == t.get_shape()
                                                              for t, s in zip(flat_vars, invariants)),
             "_tf1_max_iter": max_iter_t, "_tf1_type_error": type_error,
             "_tf1_arrays": sorted(ta_slots.items())}
    attrs.update(sg_mod.outer_attrs(*subs))
    op = g.create_op("While" if stateful else "StatelessWhile", flat_vars + captures, attrs=attrs,
                     name=scope_name + "/")
    sg_mod.finish_outer_op(op, subs)
    exits = [g.create_op("Exit", [t], attrs={"T": t.dtype.base_dtype}, name="Exit").outputs[0]
             for t in op._outputs]
    exit_leaves = _rebuilt(leaves, exits, ta_slots, host_stack=max_iter_t is not None)
    packed_exit = sg_mod.pack_sequence_as(original_body_result, exit_leaves)
    if return_same_structure:
        return packed_exit
    return packed_exit[0] if len(exit_leaves) == 1 else packed_exit


# ------------------------------------------------------------------ TensorArray loop variables
# TF 1.15 passes a TensorArray's scalar flow through the loop and rebuilds the array around it in
# cond, body and after the loop. tf1's flow is the array's buffer, so the same trick carries its
# contents; a dynamic_size array also carries its written length, after all other variables (so the
# Exit names of the others stay TF's).

def _loop_tensors(leaves):
    """(the tensors the loop carries for `leaves`, {leaf index of a TensorArray: index of its
    length tensor or None})."""
    flat, lengths, slots = [], [], {}
    for i, v in enumerate(leaves):
        if isinstance(v, TensorArray):
            buf, n = v._loop_parts()
            flat.append(buf)
            slots[i] = None
            if n is not None:
                slots[i] = len(leaves) + len(lengths)
                lengths.append(n)
        else:
            flat.append(_as_tensor(v))
    return flat + lengths, slots


def _rebuilt(leaves, tensors, slots, host_stack=False):
    out = list(tensors[:len(leaves)])
    for i, j in slots.items():
        # A dynamic array leaving a loop bounded by maximum_iterations has a data-dependent length.
        out[i] = leaves[i]._from_loop(tensors[i], None if j is None else tensors[j],
                                      host_stack=host_stack and j is not None)
    return out


def _result_tensors(leaves, result_leaves, slots, n_flat):
    out = [None] * n_flat
    for i, v in enumerate(result_leaves):
        if i not in slots:
            if isinstance(v, TensorArray):
                raise TypeError("body returned a TensorArray where the loop variable %d is a Tensor" % i)
            out[i] = _as_tensor(v)
            continue
        if not isinstance(v, TensorArray):
            raise TypeError("body returned %s where the loop variable %d is a TensorArray" % (v, i))
        buf, n = v._loop_parts()
        out[i] = buf
        if slots[i] is not None:
            out[slots[i]] = n
    return out


def _short_type(dtype):
    names = {"float32": "float", "float64": "double"}
    n = dtype.base_dtype.name
    return names.get(n, n)


from . import control_flow_ops as _control_flow_ops  # noqa: E402

_control_flow_ops.while_loop = while_loop
