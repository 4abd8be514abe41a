"""raw_rnn and stacked bidirectional RNN cases, run identically on real TensorFlow
(make_rnn_extra.py records them) and on tf1 (tests/training/test_rnn_extra.py).

Each case builds a graph with `tf` and returns (fetches, feeds); `run_case` gives every variable a
fixed seeded value, fetches the tensors, their names and static shapes, the variable names and the
gradients of `sum(all fetched floats)` with respect to every trainable variable and fed float input.

TF 2.x dropped `tf.contrib`, so on real TF the stacked drivers are `_stack_bidirectional_*` below:
TF 1.15's `tensorflow/contrib/rnn/python/ops/rnn.py` code path (the same variable scopes,
`stack_bidirectional_rnn/cell_%d/...`, over `tf.nn.bidirectional_dynamic_rnn` /
`tf.nn.static_bidirectional_rnn`). On tf1 the cases call `tf.contrib.rnn.stack_bidirectional_*`.
"""
import numpy as np

B, T, D, H = 3, 5, 4, 6
RNG = np.random.RandomState(11)
X_TM = RNG.uniform(-1, 1, (T, B, D)).astype(np.float32)
X = np.transpose(X_TM, (1, 0, 2)).copy()
SEQ_FULL = np.array([5, 2, 3], np.int32)    # the loop runs max_time steps
SEQ_SHORT = np.array([3, 2, 4], np.int32)   # the loop stops after 4 of 5 steps
H0 = RNG.uniform(-1, 1, (B, H)).astype(np.float32)


# ------------------------------------------------------------------------------- raw_rnn

def _canonical_raw_rnn(tf, seq):
    """TF's raw_rnn docstring example: dynamic_rnn written with raw_rnn over an input TensorArray."""
    inputs = tf.placeholder(shape=(T, B, D), dtype=tf.float32, name="inputs")
    sequence_length = tf.placeholder(shape=(B,), dtype=tf.int32, name="sequence_length")
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=T)
    inputs_ta = inputs_ta.unstack(inputs)
    cell = tf.nn.rnn_cell.LSTMCell(H)

    def loop_fn(time, cell_output, cell_state, loop_state):
        emit_output = cell_output  # None at time 0
        if cell_output is None:
            next_cell_state = cell.zero_state(B, tf.float32)
        else:
            next_cell_state = cell_state
        elements_finished = (time >= sequence_length)
        finished = tf.reduce_all(elements_finished)
        next_input = tf.cond(finished, lambda: tf.zeros([B, D], dtype=tf.float32),
                             lambda: inputs_ta.read(time))
        return (elements_finished, next_input, next_cell_state, emit_output, None)

    outputs_ta, final_state, final_loop_state = tf.nn.raw_rnn(cell, loop_fn)
    assert final_loop_state is None
    outputs = outputs_ta.stack()
    return ({"outputs": outputs, "c": final_state.c, "h": final_state.h},
            {inputs: X_TM, sequence_length: seq})


def raw_lstm_full(tf):
    return _canonical_raw_rnn(tf, SEQ_FULL)


def raw_lstm_short(tf):
    return _canonical_raw_rnn(tf, SEQ_SHORT)


def raw_gru_emit_structure_loop_state(tf):
    """An emit structure of its own ([batch, 2] and [batch] per step), a given initial state, a
    tensor loop state (running sum of outputs) and a custom scope."""
    inputs = tf.placeholder(shape=(T, B, D), dtype=tf.float32, name="inputs")
    h0 = tf.placeholder(shape=(B, H), dtype=tf.float32, name="h0")
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=T).unstack(inputs)
    cell = tf.nn.rnn_cell.GRUCell(H)
    lengths = tf.constant(SEQ_SHORT)

    def loop_fn(time, cell_output, cell_state, loop_state):
        if cell_output is None:
            emit = (tf.zeros([2], tf.float32), tf.zeros([], tf.float32))
            return (time >= lengths, inputs_ta.read(time), h0, emit, tf.zeros([B, H]))
        emit = (cell_output[:, :2] * 2.0, tf.reduce_sum(cell_output, 1))
        finished = time >= lengths
        next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([B, D]),
                             lambda: inputs_ta.read(tf.minimum(time, T - 1)))
        return (finished, next_input, cell_state, emit, loop_state + cell_output)

    emit_ta, final_state, final_loop = tf.nn.raw_rnn(cell, loop_fn, scope="decoder")
    return ({"emit_a": emit_ta[0].stack(), "emit_b": emit_ta[1].stack(), "state": final_state,
             "loop": final_loop}, {inputs: X_TM, h0: H0})


def raw_rnn_dynamic_batch(tf):
    """Batch size known only at run time: zero state, zero inputs and emits sized from tf.shape."""
    inputs = tf.placeholder(shape=(T, None, D), dtype=tf.float32, name="inputs")
    seq = tf.placeholder(shape=(None,), dtype=tf.int32, name="seq")
    batch = tf.shape(inputs)[1]
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=T).unstack(inputs)
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)

    def loop_fn(time, cell_output, cell_state, loop_state):
        state = cell.zero_state(batch, tf.float32) if cell_output is None else cell_state
        finished = time >= seq
        next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([batch, D]),
                             lambda: inputs_ta.read(time))
        return (finished, next_input, state, cell_output, None)

    emit_ta, final_state, _ = tf.nn.raw_rnn(cell, loop_fn)
    return ({"outputs": emit_ta.stack(), "c": final_state.c, "h": final_state.h},
            {inputs: X_TM[:, :2], seq: SEQ_SHORT[:2]})


def raw_rnn_tensor_array_loop_state(tf):
    """A fixed-size TensorArray in the loop state, written once per step (pointer-network style)."""
    inputs = tf.placeholder(shape=(T, B, D), dtype=tf.float32, name="inputs")
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=T).unstack(inputs)
    cell = tf.nn.rnn_cell.BasicRNNCell(H)

    def loop_fn(time, cell_output, cell_state, loop_state):
        if cell_output is None:
            ta = tf.TensorArray(dtype=tf.float32, size=T, element_shape=[B])
            return (tf.fill([B], time >= T), inputs_ta.read(time), cell.zero_state(B, tf.float32), None,
                    ta)
        ta = loop_state.write(time - 1, tf.reduce_max(cell_output, 1))
        finished = tf.fill([B], time >= T)
        next_input = tf.cond(time >= T, lambda: tf.zeros([B, D]), lambda: inputs_ta.read(time))
        return (finished, next_input, cell_state, cell_output, ta)

    emit_ta, final_state, final_loop = tf.nn.raw_rnn(cell, loop_fn)
    return {"outputs": emit_ta.stack(), "state": final_state, "maxes": final_loop.stack()}, {inputs: X_TM}


def tensor_array_outside_loops(tf):
    """TensorArray calls outside any loop: unstack/read/gather/concat, writes into fixed-size and
    growing arrays, stack, size."""
    x = tf.placeholder(tf.float32, [4, 3], name="x")
    ta = tf.TensorArray(tf.float32, size=4, clear_after_read=False).unstack(x)
    fixed = tf.TensorArray(tf.float32, size=3)
    fixed = fixed.write(0, x[0]).write(2, x[1] * 2.0).write(1, x[3])
    grown = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(0, x[1]).write(1, x[2] - 1.0)
    return ({"read": ta.read(2), "gather": ta.gather([3, 0]), "concat": ta.concat(), "fixed": fixed.stack(),
             "grown": grown.stack(), "size": tf.cast(fixed.size(), tf.float32),
             "grown_size": tf.cast(grown.size(), tf.float32)},
            {x: X[0, :4, :3]})


# ---------------------------------------------------------------- stacked bidirectional RNNs

def _check_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    # TF 1.15 contrib/rnn/python/ops/rnn.py argument checks (both drivers).
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


def _stack_bidirectional_dynamic_rnn(tf, cells_fw, cells_bw, inputs, initial_states_fw=None,
                                     initial_states_bw=None, dtype=None, sequence_length=None,
                                     parallel_iterations=None, time_major=False, scope=None,
                                     swap_memory=False):
    """TF 1.15's contrib code path, on real TF (which has no tf.contrib)."""
    if hasattr(tf, "contrib"):
        return tf.contrib.rnn.stack_bidirectional_dynamic_rnn(
            cells_fw, cells_bw, inputs, initial_states_fw, initial_states_bw, dtype, sequence_length,
            parallel_iterations, time_major, scope, swap_memory)
    _check_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_state_fw = initial_states_fw[i] if initial_states_fw else None
            initial_state_bw = initial_states_bw[i] if initial_states_bw else None
            with tf.variable_scope("cell_%d" % i):
                outputs, (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, prev_layer, initial_state_fw=initial_state_fw,
                    initial_state_bw=initial_state_bw, sequence_length=sequence_length,
                    parallel_iterations=parallel_iterations, dtype=dtype, swap_memory=swap_memory,
                    time_major=time_major)
                prev_layer = tf.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def _stack_bidirectional_rnn(tf, cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                             dtype=None, sequence_length=None, scope=None):
    if hasattr(tf, "contrib"):
        return tf.contrib.rnn.stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw,
                                                      initial_states_bw, dtype, sequence_length, scope)
    _check_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            initial_state_fw = initial_states_fw[i] if initial_states_fw else None
            initial_state_bw = initial_states_bw[i] if initial_states_bw else None
            with tf.variable_scope("cell_%d" % i) as cell_scope:
                prev_layer, state_fw, state_bw = tf.nn.static_bidirectional_rnn(
                    cell_fw, cell_bw, prev_layer, initial_state_fw=initial_state_fw,
                    initial_state_bw=initial_state_bw, sequence_length=sequence_length, dtype=dtype,
                    scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def _lstm_gru_cells(tf):
    cells_fw = [tf.nn.rnn_cell.LSTMCell(H), tf.nn.rnn_cell.GRUCell(5)]
    cells_bw = [tf.nn.rnn_cell.GRUCell(H), tf.nn.rnn_cell.LSTMCell(3)]
    return cells_fw, cells_bw


def _states(states_fw, states_bw):
    return {"states_fw": states_fw, "states_bw": states_bw}


def stack_dyn_seq_len(tf):
    x = tf.placeholder(tf.float32, [B, T, D], name="x")
    seq = tf.placeholder(tf.int32, [B], name="seq")
    cells_fw, cells_bw = _lstm_gru_cells(tf)
    out, sf, sb = _stack_bidirectional_dynamic_rnn(tf, cells_fw, cells_bw, x, dtype=tf.float32,
                                                   sequence_length=seq)
    return dict(_states(sf, sb), outputs=out), {x: X, seq: SEQ_SHORT}


def stack_dyn_time_major(tf):
    x = tf.placeholder(tf.float32, [T, B, D], name="x")
    seq = tf.placeholder(tf.int32, [B], name="seq")
    cells_fw, cells_bw = _lstm_gru_cells(tf)
    out, sf, sb = _stack_bidirectional_dynamic_rnn(tf, cells_fw, cells_bw, x, dtype=tf.float32,
                                                   sequence_length=seq, time_major=True)
    return dict(_states(sf, sb), outputs=out), {x: X_TM, seq: SEQ_FULL}


def stack_dyn_initial_states_scope(tf):
    """Given initial states for every layer, no sequence_length, a scope of its own."""
    x = tf.placeholder(tf.float32, [B, T, D], name="x")
    h0 = tf.placeholder(tf.float32, [B, H], name="h0")
    cells_fw = [tf.nn.rnn_cell.GRUCell(H), tf.nn.rnn_cell.GRUCell(H)]
    cells_bw = [tf.nn.rnn_cell.BasicRNNCell(H), tf.nn.rnn_cell.GRUCell(H)]
    out, sf, sb = _stack_bidirectional_dynamic_rnn(tf, cells_fw, cells_bw, x, initial_states_fw=[h0, h0 * 0.5],
                                                   initial_states_bw=[-h0, h0], scope="encoder")
    return dict(_states(sf, sb), outputs=out), {x: X, h0: H0}


def stack_static_seq_len(tf):
    xs = [tf.placeholder(tf.float32, [B, D], name="x%d" % t) for t in range(T)]
    seq = tf.placeholder(tf.int32, [B], name="seq")
    cells_fw, cells_bw = _lstm_gru_cells(tf)
    outs, sf, sb = _stack_bidirectional_rnn(tf, cells_fw, cells_bw, xs, dtype=tf.float32, sequence_length=seq)
    feeds = {x: X[:, t] for t, x in enumerate(xs)}
    feeds[seq] = SEQ_SHORT
    return dict(_states(sf, sb), outputs=outs), feeds


def stack_static_no_len(tf):
    xs = [tf.placeholder(tf.float32, [B, D], name="x%d" % t) for t in range(3)]
    cells_fw = [tf.nn.rnn_cell.BasicLSTMCell(4)]
    cells_bw = [tf.nn.rnn_cell.BasicLSTMCell(4)]
    outs, sf, sb = _stack_bidirectional_rnn(tf, cells_fw, cells_bw, xs, dtype=tf.float32, scope="stk")
    return dict(_states(sf, sb), outputs=outs), {x: X[:, t] for t, x in enumerate(xs)}


CASES = [raw_lstm_full, raw_lstm_short, raw_gru_emit_structure_loop_state, raw_rnn_tensor_array_loop_state,
         raw_rnn_dynamic_batch, tensor_array_outside_loops,
         stack_dyn_seq_len, stack_dyn_time_major, stack_dyn_initial_states_scope, stack_static_seq_len,
         stack_static_no_len]


def _flat(x):
    if isinstance(x, (list, tuple)):
        return [t for v in x for t in _flat(v)]
    return [x]


def run_case(tf, case):
    """{"names": {label: tensor name}, "shapes": {label: str(static shape)}, "variables": [[name, shape]],
    "values": {key: array}}."""
    with tf.Graph().as_default():
        fetches, feeds = case(tf)
        labels, tensors = [], []
        for k in sorted(fetches):
            flat = _flat(fetches[k])
            for i, t in enumerate(flat):
                labels.append(k if len(flat) == 1 else "%s_%d" % (k, i))
                tensors.append(t)
        variables = sorted(tf.global_variables(), key=lambda v: v.name)
        total = tf.add_n([tf.reduce_sum(t) for t in tensors])
        xs = list(tf.trainable_variables()) + [p for p in feeds if p.dtype == tf.float32]
        grads = tf.gradients(total, xs)
        with tf.Session() as sess:
            for i, v in enumerate(variables):  # load initializes: no initializer program to compile
                value = np.random.RandomState(100 + i).uniform(-0.5, 0.5, v.get_shape().as_list())
                v.load(value.astype(np.float32), sess)
            got = sess.run(tensors + [g for g in grads if g is not None], feeds)
        values = dict(zip(labels, got[:len(tensors)]))
        gi = len(tensors)
        for x, g in zip(xs, grads):
            if g is not None:
                values["grad:" + x.name] = got[gi]
                gi += 1
        return {"names": dict(zip(labels, [t.name for t in tensors])),
                "shapes": dict(zip(labels, [str(t.get_shape()) for t in tensors])),
                "variables": [[v.name, v.get_shape().as_list()] for v in variables],
                "values": values}
