"""`tf.map_fn`, `tf.scan`, `tf.foldl`, `tf.foldr`: the user function is a recorded sub-graph run by
one `Scan` op over the leading dimension of `elems` with `lax.scan` (reverse-mode differentiable, so
gradients flow through them), or by a Python loop when the function holds host ops (py_func,
strings).

TF 1.15 builds these from `while_loop` + TensorArrays; tf1 keeps TF's scopes (`map/`, `scan/`,
`foldl/`, `foldr/`) and the name users see for map_fn/scan results
(`map/TensorArrayStack/TensorArrayGatherV3:0`).
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, registry, tensor_shape
from ..framework.graph import get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from . import _subgraph as sg_mod
from ._common import TensorShape


# --------------------------------------------------------------------------- argument placeholders

def _arg_infer(op):
    return [(op._attrs["T"], op._attrs["_tf1_shape"])]


def _arg_lower(ctx, op):
    raise RuntimeError("%s is a function argument; its value comes from the op that runs the function"
                       % op.name)


# TF's function-body argument op: the value is supplied by the op running the sub-graph.
registry.register("_Arg", _arg_infer, _arg_lower)


def _make_arg(g, dtype, shape, name, index):
    return g.create_op("_Arg", [], attrs={"T": dtype, "index": index, "_tf1_shape": shape},
                       name=name).outputs[0]


# ------------------------------------------------------------------------------------- Scan op

def _scan_infer(op):
    return list(op._attrs["_tf1_out_specs"])


def _scan_lower(ctx, op, *inputs):
    nc, ne = op._attrs["_tf1_num_carry"], op._attrs["_tf1_num_elems"]
    fn_sg = op._attrs["_tf1_fn"]
    reverse = op._attrs["reverse"]
    carry = list(inputs[:nc])
    elems = list(inputs[nc:nc + ne])
    cap_env = dict(zip(op._inputs[nc + ne:], inputs[nc + ne:]))
    out_dtypes = [t.dtype.base_dtype for t in op._outputs]
    carry_dts, y_dts = out_dtypes[:nc], out_dtypes[nc:]
    from .cond_ops import conform
    carry = [conform(v, dt) for v, dt in zip(carry, carry_dts)]
    n = int(np.shape(elems[0])[0]) if elems else 0
    if op._attrs["_tf1_host"]:
        order = range(n - 1, -1, -1) if reverse else range(n)
        ys = []
        for k, i in enumerate(order):
            sctx = sg_mod.SubCtx(ctx, None, np.uint32(k))
            outs = fn_sg.run(sctx, carry + [e[i] for e in elems], cap_env)
            carry = [conform(v, dt) for v, dt in zip(outs[:nc], carry_dts)]
            ys.append([conform(v, dt) for v, dt in zip(outs[nc:], y_dts)])
        if reverse:
            ys.reverse()
        stacked = [_stack_host([y[j] for y in ys], op._outputs[nc + j]) for j in range(len(y_dts))]
        return tuple(carry + stacked)
    wnames = sg_mod.carried_vars(ctx, op._attrs["_tf1_written_vars"])
    w0 = [jnp.asarray(ctx.state[k]) for k in wnames]

    made = []  # the body's run-time checks, reported after the scan

    def step(c, xs):
        vals, w, it = c
        st = dict(ctx.state)
        st.update(zip(wnames, w))
        sctx = sg_mod.SubCtx(ctx, st, it, checks=made)
        outs = fn_sg.run(sctx, list(vals) + list(xs), cap_env)
        new = [jnp.asarray(conform(v, dt)) for v, dt in zip(outs[:nc], carry_dts)]
        ys = [jnp.asarray(conform(v, dt)) for v, dt in zip(outs[nc:], y_dts)]
        nw = [jnp.asarray(sctx.state[k], dtype=wi.dtype) for k, wi in zip(wnames, w)]
        return (new, nw, it + 1), (ys, [(k.ok,) + tuple(k.payload) for k in made])

    init = ([jnp.asarray(v) for v in carry], w0, jnp.uint32(0))
    (carry, w, _), (ys, checked) = jax.lax.scan(step, init, [jnp.asarray(e) for e in elems], length=n,
                                                reverse=reverse)
    sg_mod.report_loop_checks(ctx, made, checked, reverse=reverse)
    sg_mod.commit_writes(ctx, wnames, w)
    return tuple(list(carry) + list(ys))


def _stack_host(values, t):
    dt = t.dtype.base_dtype
    if values:
        return np.stack([np.asarray(v, dtype=object if dt == dtypes.string else dt.as_numpy_dtype)
                         for v in values])
    shape = [0] + [d or 0 for d in (t.get_shape().as_list()[1:] if t.get_shape().ndims else [])]
    return np.zeros(shape, dtype=object if dt == dtypes.string else dt.as_numpy_dtype)


registry.register("Scan", _scan_infer, _scan_lower, stateful=True)
registry.register("StatelessScan", _scan_infer, _scan_lower)


def _build_scan(fn, carry_init, elems_flat, elems_struct, carry_struct, reverse, emit_carry,
                parallel_iterations):
    """Records fn(carry..., elem slices...) and adds the Scan op. Returns (final carry tensors,
    stacked output tensors, output structure)."""
    g = get_default_graph()
    n_static = None
    for e in elems_flat:
        shp = e.get_shape()
        if shp.ndims is not None and shp.ndims >= 1 and shp.as_list()[0] is not None:
            n_static = shp.as_list()[0] if n_static is None else n_static
    with name_scope("while") as while_scope:
        start = g._last_id
        carry_args = [_make_arg(g, t.dtype.base_dtype, t.get_shape(), "Identity", i)
                      for i, t in enumerate(carry_init)]
        elem_args = [_make_arg(g, e.dtype.base_dtype, tensor_shape.TensorShape(e.get_shape().dims[1:])
                               if e.get_shape().ndims else tensor_shape.unknown_shape(),
                               "TensorArrayReadV3", len(carry_init) + i)
                     for i, e in enumerate(elems_flat)]
        packed_carry = sg_mod.pack_sequence_as(carry_struct, carry_args) if carry_struct is not None else None
        packed_elems = sg_mod.pack_sequence_as(elems_struct, elem_args)
        if carry_struct is None:
            result = fn(packed_elems)
        else:
            result = fn(packed_carry, packed_elems)
        flat_result = [convert_to_tensor(v) for v in sg_mod.flatten(result)]
        recorded = sg_mod.ops_after(g, start)
    if carry_struct is not None:
        new_carry = flat_result
        if len(new_carry) != len(carry_init):
            sg_mod.assert_same_structure(carry_struct, result)
        for a, b in zip(carry_init, new_carry):
            if a.dtype.base_dtype != b.dtype.base_dtype:
                raise TypeError("Input 1 of 'scan' was passed %s incompatible with expected %s."
                                % (b.dtype.base_dtype.name, a.dtype.base_dtype.name))
        ys = list(new_carry) if emit_carry else []
    else:
        new_carry, ys = [], flat_result
    fn_sg = sg_mod.SubGraph(recorded, carry_args + elem_args, list(new_carry) + ys)
    captures = fn_sg.captures
    out_specs = [(t.dtype.base_dtype, t.get_shape()) for t in carry_init]
    out_specs += [(y.dtype.base_dtype, TensorShape([n_static]).concatenate(y.get_shape())
                   if y.get_shape().ndims is not None else tensor_shape.unknown_shape()) for y in ys]
    attrs = {"reverse": bool(reverse), "parallel_iterations": parallel_iterations or 10,
             "_tf1_fn": fn_sg, "_tf1_num_carry": len(carry_init), "_tf1_num_elems": len(elems_flat),
             "_tf1_out_specs": out_specs}
    attrs.update(sg_mod.outer_attrs(fn_sg))
    op = g.create_op("Scan" if fn_sg.stateful else "StatelessScan",
                     list(carry_init) + list(elems_flat) + captures, attrs=attrs, name=while_scope)
    sg_mod.finish_outer_op(op, [fn_sg])
    outs = op.outputs
    final = outs[:len(carry_init)]
    if carry_init:
        # TF's fold loop variables are (counter, i, accumulators...): the accumulators leave the
        # loop as while/Exit_2, Exit_3, ...
        with g.name_scope(while_scope):
            final = [g.create_op("Exit", [t], attrs={"T": t.dtype.base_dtype},
                                 name="Exit_%d" % (k + 2)).outputs[0] for k, t in enumerate(final)]
    return final, outs[len(carry_init):], result


def _elems(elems):
    flat = [convert_to_tensor(e, name="elem") for e in sg_mod.flatten(elems)]
    if not flat:
        raise ValueError("elems must be a Tensor or (possibly nested) sequence of Tensors. Got %s" % elems)
    return flat


def _gather_names(g, tensors):
    out = []
    for t in tensors:
        with name_scope("TensorArrayStack"):
            out.append(g.create_op("Identity", [t], attrs={"T": t.dtype.base_dtype},
                                   name="TensorArrayGatherV3").outputs[0])
    return out


@export("map_fn")
def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None):
    """Applies `fn` to each slice of `elems` along dimension 0; stacks the results."""
    if not callable(fn):
        raise TypeError("fn must be callable.")
    with name_scope(name, "map", sg_mod.flatten(elems)):
        flat = _elems(elems)
        _, ys, result = _build_scan(fn, [], flat, elems, None, False, False, parallel_iterations)
        if dtype is not None and len(sg_mod.flatten(dtype)) != len(ys):
            sg_mod.assert_same_structure(dtype, result)
        out = _gather_names(get_default_graph(), ys)
        return sg_mod.pack_sequence_as(result, out) if sg_mod.is_sequence(result) else out[0]


def _scan_like(kind, fn, elems, initializer, parallel_iterations, reverse, name, post=None):
    if not callable(fn):
        raise TypeError("fn must be callable.")
    with name_scope(name, kind, sg_mod.flatten(elems)):
        flat = _elems(elems)
        if initializer is None:
            # TF: the first (last, reversed) elements are the initial accumulator.
            first = [e[-1] if reverse else e[0] for e in flat]
            rest = [_drop_first(e, reverse) for e in flat]
            carry_struct, init, elems_used = elems, first, rest
        else:
            carry_struct = initializer
            init = [convert_to_tensor(v) for v in sg_mod.flatten(initializer)]
            elems_used = flat
        final, ys, _ = _build_scan(fn, init, elems_used, elems, carry_struct, reverse, kind == "scan",
                                   parallel_iterations)
        if post is not None:
            ys = post(init, ys)
        return carry_struct, init, final, ys


def _drop_first(e, reverse):
    if reverse:
        return e[:-1]
    return e[1:]


@export("scan")
def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """Scans `fn(accumulator, element)` over dimension 0 of `elems`; stacks every accumulator."""
    def stack(init, ys):
        if initializer is None:
            # Without an initializer the first (last) element is itself the first (last) output.
            from .array_ops import concat, expand_dims
            ys = [concat([y, expand_dims(i, 0)], 0) if reverse else concat([expand_dims(i, 0), y], 0)
                  for y, i in zip(ys, init)]
        return _gather_names(get_default_graph(), ys)

    carry_struct, init, _, ys = _scan_like("scan", fn, elems, initializer, parallel_iterations,
                                           reverse, name, post=stack)
    return sg_mod.pack_sequence_as(carry_struct, ys) if sg_mod.is_sequence(carry_struct) else ys[0]


def _fold(kind, fn, elems, initializer, parallel_iterations, name, reverse):
    carry_struct, _, final, _ = _scan_like(kind, fn, elems, initializer, parallel_iterations,
                                           reverse, name)
    return sg_mod.pack_sequence_as(carry_struct, final) if sg_mod.is_sequence(carry_struct) else final[0]


@export("foldl")
def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """`fn(acc, x)` folded over dimension 0 of `elems` from the left; the final accumulator."""
    return _fold("foldl", fn, elems, initializer, parallel_iterations, name, False)


@export("foldr")
def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """`fn(acc, x)` folded over dimension 0 of `elems` from the right; the final accumulator."""
    return _fold("foldr", fn, elems, initializer, parallel_iterations, name, True)
