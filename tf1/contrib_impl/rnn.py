"""`tf.contrib.rnn`'s own cells (TF 1.15 `core_rnn_cell`): EmbeddingWrapper, InputProjectionWrapper,
OutputProjectionWrapper, and the `_linear` helper legacy_seq2seq builds its attention from.

The core cells (`BasicLSTMCell`, `MultiRNNCell`, ...) and `static_rnn` are published under
`tf.contrib.rnn` by `tf1/ops/rnn_cell_impl.py` and `tf1/ops/rnn_ops.py`.
"""
import math

from ..api import export
from ..framework import dtypes, tensor_shape
from ..framework.graph import device
from ..ops import _subgraph as nest
from ..ops import variable_scope as vs
from ..ops.rnn_cell_impl import _BIAS_VARIABLE_NAME, _WEIGHTS_VARIABLE_NAME, _DelegatingCell, _tf


def _export(name):
    return export("contrib.rnn." + name, "contrib.rnn.core_rnn_cell." + name,
                  "contrib.rnn.python.ops.core_rnn_cell." + name)


def _arg_size(args):
    total = 0
    shapes = [a.get_shape() for a in args]
    for shape in shapes:
        if shape.ndims != 2:
            raise ValueError("linear is expecting 2D arguments: %s" % shapes)
        d = tensor_shape.dimension_value(shape[1])
        if d is None:
            raise ValueError("linear expects shape[1] to be provided for shape %s, but saw %s" % (shape, shape[1]))
        total += d
    return total


class _Linear:
    """`sum_i(args[i] * W[i]) + b`, weights `kernel` and `bias` in the current variable scope."""

    def __init__(self, args, output_size, build_bias, bias_initializer=None, kernel_initializer=None):
        self._build_bias = build_bias
        if args is None or (nest.is_sequence(args) and not args):
            raise ValueError("`args` must be specified")
        if not nest.is_sequence(args):
            args = [args]
            self._is_sequence = False
        else:
            self._is_sequence = True
        total_arg_size = _arg_size(args)
        dtype = args[0].dtype
        scope = vs.get_variable_scope()
        with vs.variable_scope(scope) as outer_scope:
            self._weights = vs.get_variable(_WEIGHTS_VARIABLE_NAME, [total_arg_size, output_size], dtype=dtype,
                                            initializer=kernel_initializer)
            if build_bias:
                with vs.variable_scope(outer_scope) as inner_scope:
                    inner_scope.set_partitioner(None)
                    if bias_initializer is None:
                        bias_initializer = _tf().constant_initializer(0.0, dtype=dtype)
                    self._biases = vs.get_variable(_BIAS_VARIABLE_NAME, [output_size], dtype=dtype,
                                                   initializer=bias_initializer)

    def __call__(self, args):
        tf = _tf()
        if not self._is_sequence:
            args = [args]
        if len(args) == 1:
            res = tf.matmul(args[0], self._weights)
        else:
            res = tf.matmul(tf.concat(args, tf.constant(1, dtype=dtypes.int32)), self._weights)
        if self._build_bias:
            res = tf.nn.bias_add(res, self._biases)
        return res


def _linear(args, output_size, bias, bias_initializer=None, kernel_initializer=None):
    """The function form of `_Linear` (TF's `rnn_cell_impl._linear`, used by legacy_seq2seq)."""
    tf = _tf()
    if args is None or (nest.is_sequence(args) and not args):
        raise ValueError("`args` must be specified")
    if not nest.is_sequence(args):
        args = [args]
    total_arg_size = _arg_size(args)
    dtype = args[0].dtype
    scope = vs.get_variable_scope()
    with vs.variable_scope(scope) as outer_scope:
        weights = vs.get_variable(_WEIGHTS_VARIABLE_NAME, [total_arg_size, output_size], dtype=dtype,
                                  initializer=kernel_initializer)
        if len(args) == 1:
            res = tf.matmul(args[0], weights)
        else:
            res = tf.matmul(tf.concat(args, 1), weights)
        if not bias:
            return res
        with vs.variable_scope(outer_scope) as inner_scope:
            inner_scope.set_partitioner(None)
            if bias_initializer is None:
                bias_initializer = tf.constant_initializer(0.0, dtype=dtype)
            biases = vs.get_variable(_BIAS_VARIABLE_NAME, [output_size], dtype=dtype, initializer=bias_initializer)
        return tf.nn.bias_add(res, biases)


class _InnerCellWrapper(_DelegatingCell):
    """A cell with its own variable scope (`<wrapper_name>/`) holding the inner cell's scope."""

    def __init__(self, cell, reuse=None):
        super().__init__(cell, _reuse=reuse)


class _ProjectionWrapper(_InnerCellWrapper):
    """A wrapper applying a `_Linear` map (made on first use) and an optional activation."""

    def __init__(self, cell, activation, reuse):
        super().__init__(cell, reuse)
        self._activation = activation
        self._linear = None

    def _project(self, x, size):
        if self._linear is None:
            self._linear = _Linear(x, size, True)
        projected = self._linear(x)
        if self._activation:
            projected = self._activation(projected)
        return projected


@_export("EmbeddingWrapper")
class EmbeddingWrapper(_InnerCellWrapper):
    """Embeds integer ids (`embedding` variable, [classes, size]) before calling the cell."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(cell, reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError("Both embedding_classes and embedding_size must be > 0: %d, %d."
                             % (embedding_classes, embedding_size))
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer

    def call(self, inputs, state):
        tf = _tf()
        with device("/cpu:0"):
            if self._initializer:
                initializer = self._initializer
            elif vs.get_variable_scope().initializer:
                initializer = vs.get_variable_scope().initializer
            else:
                # Uniform(-sqrt(3), sqrt(3)) has variance 1, the default for embeddings.
                sqrt3 = math.sqrt(3)
                initializer = tf.random_uniform_initializer(-sqrt3, sqrt3)
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = vs.get_variable("embedding", [self._embedding_classes, self._embedding_size],
                                        initializer=initializer, dtype=data_type)
            embedded = tf.nn.embedding_lookup(embedding, tf.reshape(inputs, [-1]))
            return self._cell(embedded, state)


@_export("InputProjectionWrapper")
class InputProjectionWrapper(_ProjectionWrapper):
    """A linear projection of the input (to `num_proj`) before the cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell, activation, reuse)
        if input_size is not None:
            from ..platform import tf_logging
            tf_logging.warning("%s: The input_size parameter is deprecated.", self)
        self._num_proj = num_proj

    def call(self, inputs, state):
        return self._cell(self._project(inputs, self._num_proj), state)


@_export("OutputProjectionWrapper")
class OutputProjectionWrapper(_ProjectionWrapper):
    """A linear projection of the cell's output to `output_size`."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(cell, activation, reuse)
        if output_size < 1:
            raise ValueError("Parameter output_size must be > 0: %d." % output_size)
        self._output_size = output_size

    @property
    def output_size(self):
        return self._output_size

    def call(self, inputs, state):
        output, res_state = self._cell(inputs, state)
        return self._project(output, self._output_size), res_state
