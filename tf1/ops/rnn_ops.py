"""`tf.nn.dynamic_rnn`, `bidirectional_dynamic_rnn`, `static_rnn`, `static_bidirectional_rnn`.

TF 1.15's dynamic_rnn is a `while_loop` over TensorArrays. tf1 records one time step instead -- the
cell called on `_Arg` placeholders for (time, input_t, state), plus TF's sequence-length copy-through
(`where(time >= sequence_length, zero_output / old state, new value)`) -- and runs it with one `Scan`
op (`functional_ops`: `lax.scan` over the time-major inputs), so the loop compiles to a single XLA
loop whose gradient is JAX's. Ops of the step that do not depend on the step's arguments (the
cell's weight reads, constants) are left outside the scan: the Session computes them once and
`tf.gradients` sees the weights as inputs of the loop.

The names users see are TF's: `rnn/transpose_1:0` (batch-major outputs),
`rnn/TensorArrayStack/TensorArrayGatherV3:0` (time-major outputs), `rnn/while/Exit_3:0`, ...
(final state), and the cell's weights `rnn/<cell>/kernel`.
"""
from ..api import export
from ..framework import dtypes, tensor_shape
from ..framework.graph import get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from . import _subgraph as nest
from . import variable_scope as vs
from .rnn_cell_impl import _concat, _tf, assert_like_rnncell


def _warn_deprecated(name, instructions):
    """TF 1.15's `@deprecated` on the rnn functions, naming the line that called `name`."""
    from ..layers_impl.base import warn_deprecated_call
    warn_deprecated_call(name, "tensorflow.python.ops.rnn", instructions, depth=3)


def _transpose_batch_time(x):
    """[batch, time, ...] <-> [time, batch, ...], keeping the static shape."""
    tf = _tf()
    x_static_shape = x.get_shape()
    if x_static_shape.ndims is not None and x_static_shape.ndims < 2:
        return x
    x_rank = tf.rank(x)
    x_t = tf.transpose(x, tf.concat(([1, 0], tf.range(2, x_rank)), axis=0))
    if x_static_shape.ndims is not None:
        dims = x_static_shape.as_list()
        x_t.set_shape(tensor_shape.TensorShape([dims[1], dims[0]] + dims[2:]))
    return x_t


def _best_effort_input_batch_size(flat_input):
    for input_ in flat_input:
        shape = input_.get_shape()
        if shape.ndims is None:
            continue
        if shape.ndims < 2:
            raise ValueError("Expected input tensor %s to have rank at least 2" % input_)
        batch_size = shape.as_list()[1]
        if batch_size is not None:
            return batch_size
    return _tf().shape(flat_input[0])[1]


def _infer_state_dtype(explicit_dtype, state):
    if explicit_dtype is not None:
        return explicit_dtype
    if nest.is_sequence(state):
        inferred = [e.dtype for e in nest.flatten(state)]
        if not inferred:
            raise ValueError("Unable to infer dtype from empty state.")
        if not all(x == inferred[0] for x in inferred):
            raise ValueError("State has tensors of different inferred_dtypes. Unable to infer a single "
                             "representative dtype.")
        return inferred[0]
    return state.dtype


def _copy_through(time, sequence_length, zero_output, state, new_output, new_state):
    """TF's `_rnn_step` (skip_conditionals): past a sequence's length, the output is zeros and the
    state is carried through unchanged."""
    tf = _tf()
    flat_new_output = nest.flatten(new_output)
    flat_new_state = nest.flatten(new_state)
    nest.assert_same_structure(zero_output, new_output)
    nest.assert_same_structure(state, new_state)
    copy_cond = time >= sequence_length

    def one(old, new):
        if new.get_shape().ndims == 0:
            return new
        return tf.where(copy_cond, old, new)

    outs = [one(z, n) for z, n in zip(nest.flatten(zero_output), flat_new_output)]
    sts = [one(s, n) for s, n in zip(nest.flatten(state), flat_new_state)]
    for t, ref in zip(outs + sts, flat_new_output + flat_new_state):
        t.set_shape(ref.get_shape())
    return (nest.pack_sequence_as(new_output, outs), nest.pack_sequence_as(new_state, sts))


# --------------------------------------------------------------------------- the recorded step

def _make_arg(g, t, shape, name, index):
    return g.create_op("_Arg", [], attrs={"T": t, "index": index, "_tf1_shape": shape}, name=name).outputs[0]


def _loop_variant_ops(recorded, args):
    """The recorded ops whose values change from step to step: those reading a step argument (or a
    value computed from one) and random/stateful ops. The rest (weight reads, constants) is loop
    invariant and is computed once outside the scan."""
    variant = set(args)
    ops = []
    for op in recorded:
        if any(t in variant for t in op._outputs):
            continue  # an argument placeholder
        if (op._opdef.stateful and not op._opdef.is_variable) or any(t in variant for t in op._inputs) \
                or any(c in ops for c in op._control_inputs):
            ops.append(op)
            variant.update(op._outputs)
    return ops


def _check_state_shape(init, new):
    if not new.get_shape().is_compatible_with(init.get_shape()):
        raise ValueError("Input tensor '%s' enters the loop with shape %s, but has shape %s after one "
                         "iteration. To allow the shape to vary across iterations, use the "
                         "`shape_invariants` argument of tf.while_loop to specify a less-specific shape."
                         % (init.name, init.get_shape(), new.get_shape()))


def _dynamic_rnn_loop(cell, inputs, initial_state, sequence_length, dtype):
    """Runs the cell over time-major `inputs`; returns (time-major outputs, final state)."""
    tf = _tf()
    g = get_default_graph()
    state = initial_state
    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    batch_size = _best_effort_input_batch_size(flat_input)
    inputs_got_shape = tuple(i.get_shape().with_rank_at_least(3) for i in flat_input)
    const_time_steps, const_batch_size = inputs_got_shape[0].as_list()[:2]
    for shape in inputs_got_shape:
        if not shape[2:].is_fully_defined():
            raise ValueError("Input size (depth of inputs) must be accessible via shape inference, "
                             "but saw value None.")
        got_time_steps, got_batch_size = shape.as_list()[:2]
        if const_time_steps != got_time_steps:
            raise ValueError("Time steps is not the same for all the elements in the input in a batch.")
        if const_batch_size != got_batch_size:
            raise ValueError("Batch_size is not the same for all the elements in the input.")

    zero_output = None
    if sequence_length is not None:
        state_dtype = _infer_state_dtype(dtype, state)
        flat_zero = tuple(tf.zeros(_concat(batch_size, size), state_dtype) for size in flat_output_size)
        for z, size in zip(flat_zero, flat_output_size):
            z.set_shape(_concat(const_batch_size, size, static=True))
        zero_output = nest.pack_sequence_as(cell.output_size, flat_zero) \
            if nest.is_sequence(cell.output_size) else flat_zero[0]
    time = tf.constant(0, dtype=dtypes.int32, name="time")
    flat_state = [convert_to_tensor(s) for s in nest.flatten(state)]
    n_out = len(flat_output_size)

    with name_scope("while") as while_scope:
        start = g._last_id
        time_arg = _make_arg(g, dtypes.int32, tensor_shape.TensorShape([]), "Identity_1", 0)
        state_args = [_make_arg(g, s.dtype.base_dtype, s.get_shape(), "Identity_%d" % (2 + n_out + i), 1 + i)
                      for i, s in enumerate(flat_state)]
        input_args = [_make_arg(g, x.dtype.base_dtype, tensor_shape.TensorShape(shp.as_list()[1:]),
                                "TensorArrayReadV3", 1 + len(flat_state) + i)
                      for i, (x, shp) in enumerate(zip(flat_input, inputs_got_shape))]
        input_t = nest.pack_sequence_as(inputs, input_args) if nest.is_sequence(inputs) else input_args[0]
        state_t = nest.pack_sequence_as(state, state_args) if nest.is_sequence(state) else state_args[0]
        output, new_state = cell(input_t, state_t)
        if sequence_length is not None:
            output, new_state = _copy_through(time_arg, sequence_length, zero_output, state_t, output,
                                              new_state)
        flat_out = [convert_to_tensor(o) for o in nest.flatten(output)]
        flat_new_state = [convert_to_tensor(s) for s in nest.flatten(new_state)]
        if len(flat_new_state) != len(flat_state):
            nest.assert_same_structure(state, new_state)
        next_time = tf.add(time_arg, 1)
        recorded = nest.ops_after(g, start)
    for s0, s1 in zip(flat_state, flat_new_state):
        _check_state_shape(s0, s1)
        if s0.dtype.base_dtype != s1.dtype.base_dtype:
            raise TypeError("Input 1 of node %s was passed %s incompatible with expected %s."
                            % (s0.op.name, s1.dtype.base_dtype.name, s0.dtype.base_dtype.name))
    args = [time_arg] + state_args + input_args
    body = nest.SubGraph(_loop_variant_ops(recorded, args), args, [next_time] + flat_new_state + flat_out)
    carry_init = [time] + flat_state
    out_specs = [(dtypes.int32, tensor_shape.TensorShape([]))]
    out_specs += [(s.dtype.base_dtype, s.get_shape()) for s in flat_state]
    out_specs += [(o.dtype.base_dtype, tensor_shape.TensorShape([const_time_steps]).concatenate(o.get_shape()))
                  for o in flat_out]
    attrs = {"reverse": False, "parallel_iterations": 32, "_tf1_fn": body,
             "_tf1_num_carry": len(carry_init), "_tf1_num_elems": len(flat_input), "_tf1_out_specs": out_specs}
    attrs.update(nest.outer_attrs(body))
    op = g.create_op("Scan" if body.stateful else "StatelessScan",
                     carry_init + list(flat_input) + body.captures, attrs=attrs, name=while_scope)
    nest.finish_outer_op(op, [body])
    final_time = op.outputs[0]
    final_states = op.outputs[1:1 + len(flat_state)]
    stacked = op.outputs[1 + len(flat_state):]

    # TF's while_loop exits: iteration counter, time, one TensorArray flow per output, the state.
    with name_scope(while_scope):
        def exit_(t):
            return g.create_op("Exit", [t], attrs={"T": t.dtype.base_dtype}, name="Exit").outputs[0]
        exit_(final_time)
        exit_(final_time)
        out_exits = [exit_(t) for t in stacked]
        state_exits = [exit_(t) for t in final_states]
    final_outputs = []
    for i, (t, size) in enumerate(zip(out_exits, flat_output_size)):
        with name_scope("TensorArrayStack"):
            o = g.create_op("Identity", [t], attrs={"T": t.dtype.base_dtype},
                            name="TensorArrayGatherV3").outputs[0]
        o.set_shape(_concat([const_time_steps, const_batch_size], size, static=True))
        final_outputs.append(o)
    final_outputs = nest.pack_sequence_as(cell.output_size, final_outputs) \
        if nest.is_sequence(cell.output_size) else final_outputs[0]
    final_state = nest.pack_sequence_as(state, state_exits) if nest.is_sequence(state) else state_exits[0]
    return final_outputs, final_state


def _initial_state(cell, initial_state, batch_size, dtype, no_dtype_message):
    """`initial_state`, else the cell's initial (zero) state; `dtype` is needed for the latter."""
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError(no_dtype_message)
    if getattr(cell, "get_initial_state", None) is not None:
        return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)
    return cell.zero_state(batch_size, dtype)


@export("nn.dynamic_rnn")
def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """Runs `cell` over `inputs` ([batch, time, ...], or [time, batch, ...] with time_major)."""
    _warn_deprecated("dynamic_rnn", "Please use `keras.layers.RNN(cell)`, which is equivalent to this API")
    tf = _tf()
    assert_like_rnncell("cell", cell)
    with vs.variable_scope(scope or "rnn"):
        flat_input = nest.flatten(inputs)
        if not time_major:
            flat_input = [convert_to_tensor(i) for i in flat_input]
            flat_input = tuple(_transpose_batch_time(i) for i in flat_input)
        else:
            flat_input = [convert_to_tensor(i) for i in flat_input]
        if sequence_length is not None:
            sequence_length = tf.cast(sequence_length, dtypes.int32)
            if sequence_length.get_shape().ndims not in (None, 1):
                raise ValueError("sequence_length must be a vector of length batch_size, but saw shape: %s"
                                 % sequence_length.get_shape())
            sequence_length = tf.identity(sequence_length, name="sequence_length")
        batch_size = _best_effort_input_batch_size(flat_input)
        state = _initial_state(cell, initial_state, batch_size, dtype,
                               "If there is no initial_state, you must give a dtype.")

        if sequence_length is not None:
            x_shape = tf.shape(sequence_length)
            packed_shape = tf.stack([batch_size])
            check = tf.Assert(tf.reduce_all(tf.equal(x_shape, packed_shape)),
                              ["Expected shape for Tensor %s is " % sequence_length.name, packed_shape,
                               " but saw shape: ", x_shape])
            with get_default_graph().control_dependencies([check]):
                sequence_length = tf.identity(sequence_length, name="CheckSeqLen")

        inputs = nest.pack_sequence_as(inputs, flat_input) if nest.is_sequence(inputs) else flat_input[0]
        outputs, final_state = _dynamic_rnn_loop(cell, inputs, state, sequence_length, dtype)
        if not time_major:
            outputs = nest.map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def _reverse(input_, seq_lengths, seq_axis, batch_axis):
    tf = _tf()
    if seq_lengths is not None:
        return tf.reverse_sequence(input=input_, seq_lengths=seq_lengths, seq_axis=seq_axis,
                                   batch_axis=batch_axis)
    return tf.reverse(input_, axis=[seq_axis])


@export("nn.bidirectional_dynamic_rnn")
def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """A forward and a backward dynamic_rnn; returns ((output_fw, output_bw), (state_fw, state_bw))."""
    _warn_deprecated("bidirectional_dynamic_rnn", "Please use `keras.layers.Bidirectional("
                     "keras.layers.RNN(cell))`, which is equivalent to this API")
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    with vs.variable_scope(scope or "bidirectional_rnn"):
        with vs.variable_scope("fw") as fw_scope:
            output_fw, output_state_fw = dynamic_rnn(
                cell=cell_fw, inputs=inputs, sequence_length=sequence_length, initial_state=initial_state_fw,
                dtype=dtype, parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                time_major=time_major, scope=fw_scope)
        time_axis, batch_axis = (0, 1) if time_major else (1, 0)

        def _map_reverse(inp):
            return _reverse(inp, seq_lengths=sequence_length, seq_axis=time_axis, batch_axis=batch_axis)

        with vs.variable_scope("bw") as bw_scope:
            inputs_reverse = nest.map_structure(_map_reverse, inputs)
            tmp, output_state_bw = dynamic_rnn(
                cell=cell_bw, inputs=inputs_reverse, sequence_length=sequence_length,
                initial_state=initial_state_bw, dtype=dtype, parallel_iterations=parallel_iterations,
                swap_memory=swap_memory, time_major=time_major, scope=bw_scope)
    output_bw = nest.map_structure(_map_reverse, tmp)
    return (output_fw, output_bw), (output_state_fw, output_state_bw)


@export("nn.static_rnn", "contrib.rnn.static_rnn", "nn.rnn")
def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """The cell unrolled over a Python list of [batch, input] tensors; returns (outputs list, state)."""
    _warn_deprecated("static_rnn", "Please use `keras.layers.RNN(cell, unroll=True)`, which is "
                     "equivalent to this API")
    tf = _tf()
    assert_like_rnncell("cell", cell)
    if not nest.is_sequence(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    outputs = []
    with vs.variable_scope(scope or "rnn") as varscope:
        first_input = inputs
        while nest.is_sequence(first_input):
            first_input = first_input[0]
        first_input = convert_to_tensor(first_input)
        if first_input.get_shape().ndims != 1:
            input_shape = first_input.get_shape().with_rank_at_least(2)
            fixed_batch_size = input_shape[0]
            for flat_input in nest.flatten(inputs):
                input_shape = convert_to_tensor(flat_input).get_shape().with_rank_at_least(2)
                fixed_batch_size = fixed_batch_size.merge_with(input_shape[0])
                for i, size in enumerate(input_shape[1:].as_list()):
                    if size is None:
                        raise ValueError("Input size (dimension %d of inputs) must be accessible via shape "
                                         "inference, but saw value None." % i)
        else:
            fixed_batch_size = first_input.get_shape().with_rank_at_least(1)[0]
        batch_size = tensor_shape.dimension_value(fixed_batch_size)
        if not batch_size:
            batch_size = tf.shape(first_input)[0]
        state = _initial_state(cell, initial_state, batch_size, dtype,
                               "If no initial_state is provided, dtype must be specified")
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if sequence_length.get_shape().ndims not in (None, 1):
                raise ValueError("sequence_length must be a vector of length batch_size")
            output_size = cell.output_size
            flat_output_size = nest.flatten(output_size)
            flat_zero = []
            for size in flat_output_size:
                z = tf.zeros(_concat(batch_size, size), _infer_state_dtype(dtype, state))
                z.set_shape(_concat(tensor_shape.dimension_value(fixed_batch_size), size, static=True))
                flat_zero.append(z)
            zero_output = nest.pack_sequence_as(output_size, flat_zero) if nest.is_sequence(output_size) \
                else flat_zero[0]
            sequence_length = tf.cast(sequence_length, dtypes.int32)
            tf.reduce_min(sequence_length)
            tf.reduce_max(sequence_length)
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, new_state = cell(input_, state)
            if sequence_length is not None:
                output, new_state = _copy_through(time, sequence_length, zero_output, state, output, new_state)
                output, new_state = _merge_names(output, new_state)
            state = new_state
            outputs.append(output)
        return outputs, state


def _merge_names(output, state):
    """TF selects each step's output and state with `cond` (`rnn/cond_<t>/Merge:0`, `Merge_1:0`, ...);
    tf1 selects with `where` and keeps TF's names on the results."""
    g = get_default_graph()
    flat_out, flat_state = nest.flatten(output), nest.flatten(state)
    with name_scope("cond"):
        named = [g.create_op("Identity", [t], attrs={"T": t.dtype.base_dtype}, name="Merge").outputs[0]
                 for t in flat_out + flat_state]
    out = named[:len(flat_out)]
    st = named[len(flat_out):]
    return (nest.pack_sequence_as(output, out) if nest.is_sequence(output) else out[0],
            nest.pack_sequence_as(state, st) if nest.is_sequence(state) else st[0])


def _reverse_seq(input_seq, lengths):
    tf = _tf()
    if lengths is None:
        return list(reversed(input_seq))
    flat_input_seq = tuple(nest.flatten(input_) for input_ in input_seq)
    flat_results = [[] for _ in range(len(input_seq))]
    for sequence in zip(*flat_input_seq):
        input_shape = tensor_shape.unknown_shape(ndims=sequence[0].get_shape().ndims)
        for input_ in sequence:
            input_shape = input_shape.merge_with(input_.get_shape())
            input_.set_shape(input_shape)
        s_joined = tf.stack(sequence)
        s_reversed = tf.reverse_sequence(s_joined, lengths, 0, 1)
        result = tf.unstack(s_reversed)
        for r, flat_result in zip(result, flat_results):
            r.set_shape(input_shape)
            flat_result.append(r)
    return [nest.pack_sequence_as(input_, flat_result) if nest.is_sequence(input_) else flat_result[0]
            for input_, flat_result in zip(input_seq, flat_results)]


def _like_rnncell(cell):
    try:
        assert_like_rnncell("cell", cell)
        return True
    except TypeError:
        return False


@export("nn.static_bidirectional_rnn", "contrib.rnn.static_bidirectional_rnn")
def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None,
                             dtype=None, sequence_length=None, scope=None):
    """static_rnn forwards and over the reversed inputs; outputs are [fw, bw] concatenated."""
    _warn_deprecated("static_bidirectional_rnn", "Please use `keras.layers.Bidirectional("
                     "keras.layers.RNN(cell, unroll=True))`, which is equivalent to this API")
    tf = _tf()
    if not _like_rnncell(cell_fw):
        raise TypeError("cell_fw must be an instance of RNNCell")
    if not _like_rnncell(cell_bw):
        raise TypeError("cell_bw must be an instance of RNNCell")
    if not nest.is_sequence(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with vs.variable_scope(scope or "bidirectional_rnn"):
        with vs.variable_scope("fw") as fw_scope:
            output_fw, output_state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length,
                                                    scope=fw_scope)
        with vs.variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_seq(inputs, sequence_length)
            tmp, output_state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype,
                                              sequence_length, scope=bw_scope)
    output_bw = _reverse_seq(tmp, sequence_length)
    flat_output_fw = nest.flatten(output_fw)
    flat_output_bw = nest.flatten(output_bw)
    flat_outputs = tuple(tf.concat([fw, bw], 1) for fw, bw in zip(flat_output_fw, flat_output_bw))
    outputs = nest.pack_sequence_as(output_fw, flat_outputs)
    return outputs, output_state_fw, output_state_bw

