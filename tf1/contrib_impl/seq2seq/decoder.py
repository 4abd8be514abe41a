"""`tf.contrib.seq2seq.Decoder`, `BasicDecoder` and `dynamic_decode`.

TF 1.15's dynamic_decode is a `while_loop` that runs until every sequence is finished (or
`maximum_iterations` steps), so its trip count depends on the data -- the situation of
`tf.nn.raw_rnn`. tf1 reuses raw_rnn's machinery (`tf1/ops/rnn_extra.py`): one decoding step
(`decoder.step` plus TF's finished/length bookkeeping and the optional impute/copy-through) is
recorded as a sub-graph on `_Arg` placeholders and run by the host op `RawRNN`, a Python loop that
stops when its carried `done` flag is set; gradients are `jax.vjp` of that loop on the host (exact).

The carry is (time, done, finished, sequence_lengths, inputs..., state...); `done` is
`all(finished) or time >= maximum_iterations` -- TF stops the loop at maximum_iterations without
marking the sequences finished, so the finished flags themselves are carried separately.
Names follow TF: variables `decoder/<cell>/kernel`, `decoder/dense/kernel`; step ops under
`decoder/while/`; batch-major outputs `decoder/transpose`.
"""
import collections

from ...api import export
from ...framework import dtypes, tensor_shape
from ...framework.graph import get_default_graph, name_scope
from ...framework.tensor_conversion import convert_to_tensor
from ...framework.tensor_util import constant_value
from ...ops import _subgraph as nest
from ...ops import variable_scope as vs
from ...ops.rnn_cell_impl import _tf, _zero_state_tensors, assert_like_rnncell
from ...ops.rnn_extra import _check_loop_shape, _from_loop_value, _loop_shape, _to_loop_value
from ...ops.rnn_ops import _loop_variant_ops, _make_arg, _transpose_batch_time
from ...ops.tensor_array_ops import TensorArray
from .helper import Helper


def _export(name, module):
    return export("contrib.seq2seq." + name, "contrib.seq2seq.python.ops.%s.%s" % (module, name))


@_export("Decoder", "decoder")
class Decoder:
    """An RNN decoder: `initialize()` -> (finished, inputs, state), `step(time, inputs, state)` ->
    (outputs, next_state, next_inputs, finished), optional `finalize`."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def output_size(self):
        raise NotImplementedError

    @property
    def output_dtype(self):
        raise NotImplementedError

    def initialize(self, name=None):
        raise NotImplementedError

    def step(self, time, inputs, state, name=None):
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        raise NotImplementedError

    @property
    def tracks_own_finished(self):
        return False


@_export("BasicDecoderOutput", "basic_decoder")
class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    pass


def _is_layer(x):
    from ...layers_impl.base import Layer
    return isinstance(x, Layer)


def rnn_output_size(cell, output_layer):
    """The per-step output size of `cell`, after `output_layer` when there is one."""
    size = cell.output_size
    if output_layer is None:
        return size
    shapes = nest.map_structure(lambda s: tensor_shape.TensorShape([None]).concatenate(s), size)
    out = output_layer.compute_output_shape(shapes)
    return nest.map_structure(lambda s: tensor_shape.as_shape(s)[1:], out)


@_export("BasicDecoder", "basic_decoder")
class BasicDecoder(Decoder):
    """Runs `cell` (then `output_layer`) and lets `helper` pick sample ids and next inputs."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        assert_like_rnncell("cell", cell)
        if not isinstance(helper, Helper):
            raise TypeError("helper must be a Helper, received: %s" % type(helper))
        if output_layer is not None and not _is_layer(output_layer):
            raise TypeError("output_layer must be a Layer, received: %s" % type(output_layer))
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        return rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self):
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(), sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    def initialize(self, name=None):
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        with name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished


def _map2(fn, a, b):
    """map_structure over two same-structured values."""
    return nest.pack_sequence_as(a, [fn(x, y) for x, y in zip(nest.flatten(a), nest.flatten(b))])


def _create_zero_outputs(size, dtype, batch_size):
    return _map2(lambda s, d: _zero_state_tensors(s, batch_size, d), size, dtype)


def _pack(structure, flat):
    return nest.pack_sequence_as(structure, flat) if nest.is_sequence(structure) else flat[0]


@_export("dynamic_decode", "decoder")
def dynamic_decode(decoder, output_time_major=False, impute_finished=False, maximum_iterations=None,
                   parallel_iterations=32, swap_memory=False, scope=None):
    """Calls `decoder.initialize()` once and `decoder.step()` until every sequence is finished or
    `maximum_iterations` steps ran. Returns (final_outputs, final_state, final_sequence_lengths)."""
    if not isinstance(decoder, Decoder):
        raise TypeError("Expected decoder to be type Decoder, but saw: %s" % type(decoder))
    tf = _tf()
    g = get_default_graph()
    with vs.variable_scope(scope, "decoder"):
        if maximum_iterations is not None:
            maximum_iterations = convert_to_tensor(maximum_iterations, dtype=dtypes.int32,
                                                   name="maximum_iterations")
            if maximum_iterations.get_shape().ndims != 0:
                raise ValueError("maximum_iterations must be a scalar")
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = _create_zero_outputs(decoder.output_size, decoder.output_dtype, decoder.batch_size)
        if maximum_iterations is not None:
            initial_finished = tf.logical_or(initial_finished, 0 >= maximum_iterations)
        initial_sequence_lengths = tf.zeros_like(initial_finished, dtype=dtypes.int32)
        initial_time = tf.constant(0, dtype=dtypes.int32)

        def done_after(time, finished):
            done = tf.reduce_all(finished)
            if maximum_iterations is not None:
                done = tf.logical_or(done, time >= maximum_iterations)
            return done

        batch = constant_value(convert_to_tensor(decoder.batch_size, name="batch_size"))
        out_size, out_dtype = decoder.output_size, decoder.output_dtype
        flat_out_dtypes = [dtypes.as_dtype(d).base_dtype for d in nest.flatten(out_dtype)]
        flat_elem_shapes = [tensor_shape.TensorShape([batch]).concatenate(
                                s if isinstance(s, tensor_shape.TensorShape) else tensor_shape.as_shape([s]))
                            for s in nest.flatten(out_size)]
        flat_zero = [convert_to_tensor(z) for z in nest.flatten(zero_outputs)]

        flat_inputs = [convert_to_tensor(x) for x in nest.flatten(initial_inputs)]
        # TensorArrays in the state (AttentionWrapper's alignment_history) travel as their buffer.
        state_leaves = nest.flatten(initial_state)
        flat_state = [_to_loop_value(x) for x in state_leaves]
        initial_finished = convert_to_tensor(initial_finished)
        carry_init = [initial_time, done_after(initial_time, initial_finished), initial_finished,
                      initial_sequence_lengths] + flat_inputs + flat_state
        n_in = len(flat_inputs)
        carry_shapes = [t.get_shape() for t in carry_init[:4 + n_in]]
        carry_shapes += [_loop_shape(x, t) for x, t in zip(state_leaves, flat_state)]

        with name_scope("while") as while_scope:
            start = g._last_id
            args = [_make_arg(g, t.dtype.base_dtype, s, "Identity" if i == 0 else "Identity_%d" % i, i)
                    for i, (t, s) in enumerate(zip(carry_init, carry_shapes))]
            time, _, finished, sequence_lengths = args[:4]
            inputs = _pack(initial_inputs, args[4:4 + n_in])
            state = _pack(initial_state, [_from_loop_value(x, t) for x, t in zip(state_leaves, args[4 + n_in:])])

            next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(time, inputs, state)
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
            else:
                next_finished = tf.logical_or(decoder_finished, finished)
            next_sequence_lengths = tf.where(tf.logical_not(finished),
                                             tf.fill(tf.shape(sequence_lengths), time + 1), sequence_lengths)
            nest.assert_same_structure(state, decoder_state)
            nest.assert_same_structure(out_size, next_outputs)
            nest.assert_same_structure(inputs, next_inputs)
            if impute_finished:
                emit = _map2(lambda out, zero: tf.where(finished, zero, out), next_outputs, zero_outputs)

                def maybe_copy_state(new, cur):
                    if isinstance(cur, TensorArray):
                        return new
                    new = convert_to_tensor(new)
                    new.set_shape(cur.get_shape())
                    # Scalar states pass through, as in TF.
                    return new if new.get_shape().ndims == 0 else tf.where(finished, cur, new)

                next_state = _map2(maybe_copy_state, decoder_state, state)
            else:
                emit = next_outputs
                next_state = decoder_state
            next_time = time + 1
            flat_emit = [convert_to_tensor(e) for e in nest.flatten(emit)]
            outs = [next_time, done_after(next_time, next_finished), next_finished, next_sequence_lengths]
            outs += [convert_to_tensor(x) for x in nest.flatten(next_inputs)]
            outs += [_to_loop_value(x) for x in nest.flatten(next_state)]
            recorded = nest.ops_after(g, start)

        for t0, shp, t1 in zip(carry_init, carry_shapes, outs):
            _check_loop_shape(t0, shp, t1)
        for e, shp, dt in zip(flat_emit, flat_elem_shapes, flat_out_dtypes):
            if e.dtype.base_dtype != dt:
                raise TypeError("TensorArray dtype is %s but Op is trying to write dtype %s."
                                % (dt.name, e.dtype.base_dtype.name))
            if not shp.is_compatible_with(e.get_shape()):
                raise ValueError("Inconsistent shapes: saw %s but expected %s " % (e.get_shape(), shp))

        # The loop op is raw_rnn's RawRNN: carry[1] is the stop flag, the emits are stacked after
        # carry[:2] in its outputs (num_inputs 0).
        body = nest.SubGraph(_loop_variant_ops(recorded, args), args, outs + flat_emit)
        carry_specs = [(t.dtype.base_dtype, s) for t, s in zip(carry_init, carry_shapes)]
        emit_specs = [(dt, tensor_shape.TensorShape([None]).concatenate(s))
                      for dt, s in zip(flat_out_dtypes, flat_elem_shapes)]
        attrs = {"parallel_iterations": parallel_iterations, "swap_memory": bool(swap_memory),
                 "_tf1_body": body, "_tf1_num_carry": len(carry_init), "_tf1_num_emit": len(flat_emit),
                 "_tf1_num_inputs": 0, "_tf1_out_specs": carry_specs[:2] + emit_specs + carry_specs[2:],
                 "_tf1_vjp_on_host": True}
        attrs.update(nest.outer_attrs(body))
        op = g.create_op("RawRNN", carry_init + flat_zero + body.captures, attrs=attrs, name=while_scope)
        nest.finish_outer_op(op, [body])
        # Exit ops numbered in TF's loop-variable order: (iteration counter when maximum_iterations
        # is given -- here the stop flag), time, outputs, state, inputs, finished, lengths.
        n_emit = len(flat_emit)
        outs_ = op.outputs
        time_o, done_o, emit_o = outs_[0], outs_[1], outs_[2:2 + n_emit]
        fin_o, len_o = outs_[2 + n_emit], outs_[3 + n_emit]
        in_o, st_o = outs_[4 + n_emit:4 + n_emit + n_in], outs_[4 + n_emit + n_in:]
        order = [time_o] + list(emit_o) + list(st_o) + list(in_o) + [fin_o, len_o]
        order = [done_o] + order if maximum_iterations is not None else order + [done_o]
        with name_scope(while_scope):
            exit_of = {t: g.create_op("Exit", [t], attrs={"T": t.dtype.base_dtype}, name="Exit").outputs[0]
                       for t in order}
        emit_exits = [exit_of[t] for t in emit_o]
        final_sequence_lengths = exit_of[len_o]
        final_state = _pack(initial_state, [_from_loop_value(x, exit_of[t]) for x, t in zip(state_leaves, st_o)])
        flat_final = [TensorArray(dtype=dt, dynamic_size=True, size=0, element_shape=shp, flow=t).stack()
                      for dt, shp, t in zip(flat_out_dtypes, flat_elem_shapes, emit_exits)]
        final_outputs = _pack(out_size, flat_final)
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_sequence_lengths)
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_sequence_lengths
