"""`tf.nn.raw_rnn`: an RNN whose inputs, state and stopping come from a user `loop_fn`.

TF 1.15 runs `while not all(finished)` as a `while_loop` that writes each step's emit into a
dynamically sized TensorArray. The number of steps is data-dependent (it ends when `loop_fn` says
every sequence is finished), so the emitted `[time, batch, ...]` tensor has a data-dependent shape:
no XLA program can produce it. tf1 therefore records one loop step (the cell, `loop_fn`, TF's
copy-through of finished entries) as a sub-graph, like `dynamic_rnn`, and runs it with one host op
(`RawRNN`): a Python loop over the step until `all(finished)`, the emits stacked at the end. The
step is one jitted function (compiled once per shape signature) when it is pure -- no variables,
random ops or host ops inside -- and is interpreted op by op otherwise (DropoutWrapper, py_func).
Ops of the step that do not depend on the loop (weight reads, constants) stay outside, so
`tf.gradients` sees the weights as inputs of the loop.

Gradients: the loop only runs on concrete values, so the op asks `tf.gradients` to run its
`SymbolicGradient` on the host too (attr `_tf1_vjp_on_host`), where `jax.vjp` of the Python loop is
exact. If the loop is ever traced into an XLA program (nested in a compiled `tf.while_loop`/
`tf.cond` body) it raises `UnimplementedError` instead of guessing a trip count.

Names are TF's where users see them: weights `rnn/<cell>/kernel`, the step's ops under
`rnn/while/`, the loop results `rnn/while/Exit`, `Exit_1`, ... in TF's loop-variable order
(time, finished, inputs, emitted arrays, state, loop state).
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value
from ..runtime.interpreter import LowerCtx, VarRef
from . import _subgraph as nest
from . import variable_scope as vs
from .cond_ops import conform
from .rnn_cell_impl import _concat, _tf, assert_like_rnncell
from .rnn_ops import _loop_variant_ops, _make_arg
from .tensor_array_ops import TensorArray


# ------------------------------------------------------------------------------- the RawRNN op

def _raw_rnn_infer(op):
    return list(op._attrs["_tf1_out_specs"])


def _all_finished(op, finished):
    try:
        return bool(jnp.all(finished))
    except jax.errors.ConcretizationTypeError:
        raise errors.UnimplementedError(
            None, op, "raw_rnn (op: '%s') runs a data-dependent number of steps on the host; it cannot "
                      "be traced inside a compiled tf.while_loop or tf.cond body" % op.name) from None


_TRACE_ERRORS = (jax.errors.ConcretizationTypeError, jax.errors.TracerArrayConversionError,
                 jax.errors.TracerIntegerConversionError)


def _compiled_step(op, body, captured):
    """The step as one jitted function of (carry, captured values), when the step is pure: no
    variables, randomness or host ops inside (weight reads stay outside the step as captures).
    Compiled once per shape signature; None when the step must be interpreted op by op."""
    fn = getattr(op, "_tf1_compiled_step", None)
    if fn is not None:
        return fn or None
    pure = not (body.host or body.random_ops or body.written_vars or body.extra_deps)
    if not pure:
        op._tf1_compiled_step = False
        return None

    def step(carry, caps):
        return body.run(LowerCtx({}, in_jit=True), list(carry), dict(zip(captured, caps)))

    op._tf1_compiled_step = jax.jit(step)
    return op._tf1_compiled_step


def _raw_rnn_lower(ctx, op, *inputs):
    nc, ne = op._attrs["_tf1_num_carry"], op._attrs["_tf1_num_emit"]
    body = op._attrs["_tf1_body"]
    carry_dts = [t.dtype.base_dtype for t in body.args]
    emit_dts = [t.dtype.base_dtype for t in body.outputs[nc:]]
    carry = [conform(v, dt) for v, dt in zip(inputs[:nc], carry_dts)]
    zero_emits = inputs[nc:nc + ne]
    captured, cap_values = op._inputs[nc + ne:], inputs[nc + ne:]
    cap_env = dict(zip(captured, cap_values))
    step = None if any(isinstance(v, VarRef) for v in cap_values) else _compiled_step(op, body, captured)
    emits = [[] for _ in range(ne)]
    it = 0
    while not _all_finished(op, carry[1]):
        outs = None
        if step is not None:
            try:
                outs = step(carry, list(cap_values))
            except _TRACE_ERRORS:
                # A lowering needs a concrete value (a shape computed in the step): interpret instead.
                op._tf1_compiled_step = False
                step = None
        if outs is None:
            outs = body.run(nest.SubCtx(ctx, None, np.uint32(it)), carry, cap_env)
        carry = [conform(v, dt) for v, dt in zip(outs[:nc], carry_dts)]
        for acc, v, dt in zip(emits, outs[nc:], emit_dts):
            acc.append(conform(v, dt))
        it += 1
    stacked = [jnp.stack(acc) if acc else np.zeros((0,) + np.shape(z), dt.as_numpy_dtype)
               for acc, z, dt in zip(emits, zero_emits, emit_dts)]
    # Output order is TF's loop-variable order: time, finished, inputs, emits, state, loop state.
    n_in = op._attrs["_tf1_num_inputs"]
    return tuple(carry[:2 + n_in] + stacked + carry[2 + n_in:])


registry.register("RawRNN", _raw_rnn_infer, _raw_rnn_lower, stateful=True, host=True)


# ------------------------------------------------------------------------- structure helpers

def _to_loop_value(x):
    """A loop-state leaf as a tensor: TensorArrays travel as their buffer."""
    if isinstance(x, TensorArray):
        return x._allocated()
    return convert_to_tensor(x)


def _from_loop_value(template, t):
    if isinstance(template, TensorArray):
        return template._copy(t)
    return t


def _loop_shape(x, t):
    """The shape a loop variable keeps across steps (a growing TensorArray's length may change)."""
    if isinstance(x, TensorArray) and x.dynamic_size:
        shp = t.get_shape()
        return tensor_shape.TensorShape([None]).concatenate(shp[1:]) if shp.ndims else shp
    return t.get_shape()


def _maybe_tensor_shape_from_tensor(shape):
    if hasattr(shape, "get_shape") and hasattr(shape, "op"):
        v = constant_value(shape)
        if v is not None:
            return tensor_shape.TensorShape([int(d) for d in np.reshape(v, [-1])])
        n = tensor_shape.dimension_value(shape.get_shape()[0]) if shape.get_shape().ndims == 1 else None
        return tensor_shape.unknown_shape(ndims=n) if n is not None else tensor_shape.unknown_shape()
    return tensor_shape.as_shape(shape)


def _check_loop_shape(init, shape, new):
    if not new.get_shape().is_compatible_with(shape):
        raise ValueError("Input tensor '%s' enters the loop with shape %s, but has shape %s after one "
                         "iteration. To allow the shape to vary across iterations, use the "
                         "`shape_invariants` argument of tf.while_loop to specify a less-specific shape."
                         % (init.name, shape, new.get_shape()))
    if init.dtype.base_dtype != new.dtype.base_dtype:
        raise TypeError("Input 1 of node %s was passed %s incompatible with expected %s."
                        % (init.op.name, new.dtype.base_dtype.name, init.dtype.base_dtype.name))


# ----------------------------------------------------------------------------------- raw_rnn

@export("nn.raw_rnn")
def raw_rnn(cell, loop_fn, parallel_iterations=None, swap_memory=False, scope=None):
    """Runs `cell` with inputs, initial state, emits and stopping decided by
    `loop_fn(time, cell_output, cell_state, loop_state) -> (finished, next_input, next_cell_state,
    emit_output, next_loop_state)`. Returns (emit_ta, final_state, final_loop_state)."""
    tf = _tf()
    assert_like_rnncell("cell", cell)
    if not callable(loop_fn):
        raise TypeError("loop_fn must be a callable")
    parallel_iterations = parallel_iterations or 32
    g = get_default_graph()
    with vs.variable_scope(scope or "rnn"):
        time = tf.constant(0, dtype=dtypes.int32)
        (elements_finished, next_input, initial_state, emit_structure, init_loop_state) = loop_fn(
            time, None, None, None)
        flat_input = [convert_to_tensor(i) for i in nest.flatten(next_input)]
        loop_state = init_loop_state if init_loop_state is not None \
            else tf.constant(0, dtype=dtypes.int32)

        input_shape = [i.get_shape() for i in flat_input]
        static_batch_size = input_shape[0].with_rank_at_least(1)[0]
        for shp in input_shape:
            static_batch_size.assert_is_compatible_with(shp.with_rank_at_least(1)[0])
        batch_size = tensor_shape.dimension_value(static_batch_size)
        const_batch_size = batch_size
        if batch_size is None:
            batch_size = tf.shape(flat_input[0])[0]

        nest.assert_same_structure(initial_state, cell.state_size)
        flat_state = [convert_to_tensor(s) for s in nest.flatten(initial_state)]
        state = nest.pack_sequence_as(initial_state, flat_state) if nest.is_sequence(initial_state) \
            else flat_state[0]

        if emit_structure is not None:
            flat_emit_structure = [convert_to_tensor(e) for e in nest.flatten(emit_structure)]
            flat_emit_size = [e.get_shape() if e.get_shape().is_fully_defined() else tf.shape(e)
                              for e in flat_emit_structure]
            flat_emit_dtypes = [e.dtype.base_dtype for e in flat_emit_structure]
        else:
            emit_structure = cell.output_size
            flat_emit_size = nest.flatten(emit_structure)
            flat_emit_dtypes = [flat_state[0].dtype.base_dtype] * len(flat_emit_size)
        flat_emit_shapes = [tensor_shape.TensorShape([const_batch_size]).concatenate(
            _maybe_tensor_shape_from_tensor(s)) for s in flat_emit_size]
        flat_zero_emit = [tf.zeros(_concat(batch_size, s), dt) for s, dt in zip(flat_emit_size, flat_emit_dtypes)]
        zero_emit = nest.pack_sequence_as(emit_structure, flat_zero_emit) if nest.is_sequence(emit_structure) \
            else flat_zero_emit[0]

        finished0 = convert_to_tensor(elements_finished)
        flat_loop = nest.flatten(loop_state)
        flat_loop_t = [_to_loop_value(x) for x in flat_loop]
        carry_init = [time, finished0] + flat_input + flat_state + flat_loop_t
        carry_shapes = [t.get_shape() for t in [time, finished0] + flat_input + flat_state]
        carry_shapes += [_loop_shape(x, t) for x, t in zip(flat_loop, flat_loop_t)]

        with name_scope("while") as while_scope:
            start = g._last_id
            args = [_make_arg(g, t.dtype.base_dtype, s, "Identity" if i == 0 else "Identity_%d" % i, i)
                    for i, (t, s) in enumerate(zip(carry_init, carry_shapes))]
            n_in, n_st = len(flat_input), len(flat_state)
            time_a, finished_a = args[0], args[1]
            input_a = args[2:2 + n_in]
            state_a = args[2 + n_in:2 + n_in + n_st]
            loop_a = args[2 + n_in + n_st:]
            current_input = nest.pack_sequence_as(next_input, input_a) if nest.is_sequence(next_input) \
                else input_a[0]
            cur_state = nest.pack_sequence_as(state, state_a) if nest.is_sequence(state) else state_a[0]
            loop_leaves = [_from_loop_value(x, t) for x, t in zip(flat_loop, loop_a)]
            cur_loop = nest.pack_sequence_as(loop_state, loop_leaves) if nest.is_sequence(loop_state) \
                else loop_leaves[0]

            next_output, cell_state = cell(current_input, cur_state)
            nest.assert_same_structure(cur_state, cell_state)
            nest.assert_same_structure(cell.output_size, next_output)
            next_time = time_a + 1
            (next_finished, step_input, next_state, emit_output, next_loop_state) = loop_fn(
                next_time, next_output, cell_state, cur_loop)
            nest.assert_same_structure(cur_state, next_state)
            nest.assert_same_structure(current_input, step_input)
            nest.assert_same_structure(emit_structure, emit_output)
            new_loop = cur_loop if next_loop_state is None else next_loop_state

            def copy_some_through(current, candidate):
                out = []
                for cur_i, cand_i in zip(nest.flatten(current), nest.flatten(candidate)):
                    cand_i = convert_to_tensor(cand_i)
                    if cur_i.get_shape().ndims == 0:
                        out.append(cand_i)  # scalars pass through, as in TF
                    else:
                        out.append(tf.where(finished_a, cur_i, cand_i))
                return out

            flat_emit = copy_some_through(zero_emit, emit_output)
            flat_next_state = copy_some_through(cur_state, next_state)
            finished_next = tf.logical_or(finished_a, next_finished)
            flat_new_loop = [_to_loop_value(x) for x in nest.flatten(new_loop)]
            flat_step_input = [convert_to_tensor(x) for x in nest.flatten(step_input)]
            outs = [next_time, finished_next] + flat_step_input + flat_next_state + flat_new_loop
            recorded = nest.ops_after(g, start)

        if len(outs) != len(carry_init):
            nest.assert_same_structure(loop_state, new_loop)
        for t0, shp, t1 in zip(carry_init, carry_shapes, outs):
            _check_loop_shape(t0, shp, t1)
        for e, shp in zip(flat_emit, flat_emit_shapes):
            e.set_shape(shp.merge_with(e.get_shape()) if shp.is_compatible_with(e.get_shape()) else e.get_shape())

        body = nest.SubGraph(_loop_variant_ops(recorded, args), args, outs + flat_emit)
        carry_specs = [(t.dtype.base_dtype, s) for t, s in zip(carry_init, carry_shapes)]
        emit_specs = [(dt, tensor_shape.TensorShape([None]).concatenate(s))
                      for dt, s in zip(flat_emit_dtypes, flat_emit_shapes)]
        out_specs = carry_specs[:2 + n_in] + emit_specs + carry_specs[2 + n_in:]
        attrs = {"parallel_iterations": parallel_iterations, "swap_memory": bool(swap_memory),
                 "_tf1_body": body, "_tf1_num_carry": len(carry_init), "_tf1_num_emit": len(flat_emit),
                 "_tf1_num_inputs": n_in, "_tf1_out_specs": out_specs, "_tf1_vjp_on_host": True}
        attrs.update(nest.outer_attrs(body))
        op = g.create_op("RawRNN", carry_init + flat_zero_emit + body.captures, attrs=attrs, name=while_scope)
        nest.finish_outer_op(op, [body])
        with name_scope(while_scope):
            exits = [g.create_op("Exit", [t], attrs={"T": t.dtype.base_dtype}, name="Exit").outputs[0]
                     for t in op.outputs]

        n_emit = len(flat_emit)
        emit_exits = exits[2 + n_in:2 + n_in + n_emit]
        state_exits = exits[2 + n_in + n_emit:2 + n_in + n_emit + n_st]
        loop_exits = exits[2 + n_in + n_emit + n_st:]
        flat_emit_ta = [TensorArray(dtype=dt, dynamic_size=True, size=0, element_shape=shp,
                                    flow=t, name="rnn_output_%d" % i)
                        for i, (dt, shp, t) in enumerate(zip(flat_emit_dtypes, flat_emit_shapes, emit_exits))]
        emit_ta = nest.pack_sequence_as(emit_structure, flat_emit_ta) if nest.is_sequence(emit_structure) \
            else flat_emit_ta[0]
        final_state = nest.pack_sequence_as(state, state_exits) if nest.is_sequence(state) else state_exits[0]
        final_leaves = [_from_loop_value(x, t) for x, t in zip(flat_loop, loop_exits)]
        final_loop_state = nest.pack_sequence_as(loop_state, final_leaves) if nest.is_sequence(loop_state) \
            else final_leaves[0]
        if init_loop_state is None:
            final_loop_state = None
        return emit_ta, final_state, final_loop_state
