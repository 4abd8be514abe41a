"""`tf.contrib.rnn.stack_bidirectional_dynamic_rnn` and `stack_bidirectional_rnn` (TF 1.15
`contrib/rnn/python/ops/rnn.py`): bidirectional layers stacked so that each layer reads the
depth-concatenated forward and backward outputs of the layer below.

Layer `i` is built in variable scope `<scope or "stack_bidirectional_rnn">/cell_<i>`: the dynamic
driver's weights land in `.../cell_<i>/bidirectional_rnn/{fw,bw}/<cell>/...`, the static driver
passes the `cell_<i>` scope itself to `static_bidirectional_rnn` (`.../cell_<i>/{fw,bw}/<cell>/...`).
"""
from ..api import export
from ..ops import variable_scope as vs
from ..ops.rnn_cell_impl import _tf
from ..ops.rnn_ops import bidirectional_dynamic_rnn, static_bidirectional_rnn


def _export(name):
    return export("contrib.rnn." + name, "contrib.rnn.python.ops.rnn." + name)


def _check_layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    """TF 1.15's argument checks, in its order and with its messages."""
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    if initial_states_fw is not None and (not isinstance(initial_states_fw, list)
                                          or len(initial_states_fw) != len(cells_fw)):
        raise ValueError("initial_states_fw must be a list of state tensors (one per layer).")
    if initial_states_bw is not None and (not isinstance(initial_states_bw, list)
                                          or len(initial_states_bw) != len(cells_bw)):
        raise ValueError("initial_states_bw must be a list of state tensors (one per layer).")


def _layer_initial_states(i, initial_states_fw, initial_states_bw):
    # TF tests the lists' truth, so an empty list means "no initial states" too.
    return (initial_states_fw[i] if initial_states_fw else None,
            initial_states_bw[i] if initial_states_bw else None)


@_export("stack_bidirectional_dynamic_rnn")
def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                                    dtype=None, sequence_length=None, parallel_iterations=None,
                                    time_major=False, scope=None, swap_memory=False):
    """Stacked `bidirectional_dynamic_rnn` layers; returns (outputs [batch, time, fw+bw depth] (time-major
    with `time_major`), tuple of forward final states, tuple of backward final states), one per layer."""
    _check_layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with vs.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_state_fw, initial_state_bw = _layer_initial_states(i, initial_states_fw, initial_states_bw)
            with vs.variable_scope("cell_%d" % i):
                outputs, (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, prev_layer, initial_state_fw=initial_state_fw,
                    initial_state_bw=initial_state_bw, sequence_length=sequence_length,
                    parallel_iterations=parallel_iterations, dtype=dtype, swap_memory=swap_memory,
                    time_major=time_major)
                prev_layer = _tf().concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


@_export("stack_bidirectional_rnn")
def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                            dtype=None, sequence_length=None, scope=None):
    """Stacked `static_bidirectional_rnn` layers over a length-T list of [batch, depth] inputs; returns
    (list of T [batch, fw+bw depth] outputs, tuple of forward states, tuple of backward states)."""
    _check_layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with vs.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_state_fw, initial_state_bw = _layer_initial_states(i, initial_states_fw, initial_states_bw)
            with vs.variable_scope("cell_%d" % i) as cell_scope:
                prev_layer, state_fw, state_bw = static_bidirectional_rnn(
                    cell_fw, cell_bw, prev_layer, initial_state_fw=initial_state_fw,
                    initial_state_bw=initial_state_bw, sequence_length=sequence_length, dtype=dtype,
                    scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)
