"""`tf.contrib.seq2seq` helpers: what a BasicDecoder feeds its cell at each step and when a sequence ends.

TrainingHelper reads the next input from the given (teacher-forced) inputs; GreedyEmbeddingHelper feeds
back the embedding of the argmax of the previous output and finishes a sequence at `end_token`.
CustomHelper takes the three functions from the user.
"""
from ...api import export
from ...framework import dtypes, tensor_shape
from ...framework.graph import name_scope
from ...framework.tensor_conversion import convert_to_tensor
from ...ops import _subgraph as nest
from ...ops.rnn_cell_impl import _tf
from ...ops.rnn_ops import _transpose_batch_time
from ...ops.tensor_array_ops import TensorArray


def _export(name):
    return export("contrib.seq2seq." + name, "contrib.seq2seq.python.ops.helper." + name)


def _unstack_ta(inp):
    return TensorArray(dtype=inp.dtype, size=_tf().shape(inp)[0],
                       element_shape=inp.get_shape()[1:]).unstack(inp)


@_export("Helper")
class Helper:
    """Interface of the sampling helpers used by `BasicDecoder`."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def sample_ids_shape(self):
        raise NotImplementedError

    @property
    def sample_ids_dtype(self):
        raise NotImplementedError

    def initialize(self, name=None):
        """(initial_finished, initial_inputs)"""
        raise NotImplementedError

    def sample(self, time, outputs, state, name=None):
        raise NotImplementedError

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        """(finished, next_inputs, next_state)"""
        raise NotImplementedError


class _BatchedHelper(Helper):
    """The helpers that know their batch size at construction and sample scalar int32 ids."""

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return tensor_shape.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return dtypes.int32


@_export("CustomHelper")
class CustomHelper(Helper):
    """A Helper from `initialize_fn()`, `sample_fn(time, outputs, state)` and
    `next_inputs_fn(time, outputs, state, sample_ids)`."""

    def __init__(self, initialize_fn, sample_fn, next_inputs_fn, sample_ids_shape=None, sample_ids_dtype=None):
        self._initialize_fn = initialize_fn
        self._sample_fn = sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = tensor_shape.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or dtypes.int32

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_ids_dtype

    def initialize(self, name=None):
        with name_scope(name, "%sInitialize" % type(self).__name__):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = _tf().size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        with name_scope(name, "%sSample" % type(self).__name__, (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with name_scope(name, "%sNextInputs" % type(self).__name__, (time, outputs, state)):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state, sample_ids=sample_ids)


@_export("TrainingHelper")
class TrainingHelper(_BatchedHelper):
    """Teacher forcing: step t's input is `inputs[:, t]`; sample ids are the argmax of the outputs;
    a sequence is finished once `time + 1 >= sequence_length`."""

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        tf = _tf()
        with name_scope(name, "TrainingHelper", [inputs, sequence_length]):
            inputs = nest.map_structure(lambda x: convert_to_tensor(x, name="inputs"), inputs)
            self._inputs = inputs
            if not time_major:
                inputs = nest.map_structure(_transpose_batch_time, inputs)
            self._input_tas = nest.map_structure(_unstack_ta, inputs)
            self._sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.get_shape().ndims != 1:
                raise ValueError("Expected sequence_length to be a vector, but received shape: %s"
                                 % self._sequence_length.get_shape())
            self._zero_inputs = nest.map_structure(lambda inp: tf.zeros_like(inp[0, :]), inputs)
            self._batch_size = tf.size(sequence_length)

    @property
    def inputs(self):
        return self._inputs

    @property
    def sequence_length(self):
        return self._sequence_length

    def _read_or_zeros(self, all_finished, index):
        # TF reads past the end only when every sequence is done; then it feeds zeros instead.
        return _tf().cond(all_finished, lambda: self._zero_inputs,
                          lambda: nest.map_structure(lambda ta: ta.read(index), self._input_tas))

    def initialize(self, name=None):
        tf = _tf()
        with name_scope(name, "TrainingHelperInitialize"):
            finished = tf.equal(0, self._sequence_length)
            return finished, self._read_or_zeros(tf.reduce_all(finished), 0)

    def sample(self, time, outputs, name=None, **unused_kwargs):
        tf = _tf()
        with name_scope(name, "TrainingHelperSample", [time, outputs]):
            return tf.cast(tf.argmax(outputs, axis=-1), dtypes.int32)

    def next_inputs(self, time, outputs, state, name=None, **unused_kwargs):
        tf = _tf()
        with name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            return finished, self._read_or_zeros(tf.reduce_all(finished), next_time), state


@_export("GreedyEmbeddingHelper")
class GreedyEmbeddingHelper(_BatchedHelper):
    """Inference: the next input is the embedding of the argmax of the output; a sequence is finished
    when it emits `end_token`."""

    def __init__(self, embedding, start_tokens, end_token):
        tf = _tf()
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: tf.nn.embedding_lookup(embedding, ids)
        self._start_tokens = convert_to_tensor(start_tokens, dtype=dtypes.int32, name="start_tokens")
        self._end_token = convert_to_tensor(end_token, dtype=dtypes.int32, name="end_token")
        if self._start_tokens.get_shape().ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._batch_size = tf.size(start_tokens)
        if self._end_token.get_shape().ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    def initialize(self, name=None):
        finished = _tf().tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        from ...framework.graph import Tensor
        if not isinstance(outputs, Tensor):
            raise TypeError("Expected outputs to be a single Tensor, got: %s" % type(outputs))
        return _tf().argmax(outputs, axis=-1, output_type=dtypes.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        tf = _tf()
        finished = tf.equal(sample_ids, self._end_token)
        all_finished = tf.reduce_all(finished)
        next_inputs = tf.cond(all_finished, lambda: self._start_inputs,
                              lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


@_export("InferenceHelper")
class InferenceHelper(_BatchedHelper):
    """Inference without embeddings: `sample_fn(outputs)` gives the sample (fed back as the next input,
    through `next_inputs_fn` if given); `end_fn(sample_ids)` says which sequences finished."""

    def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn, next_inputs_fn=None):
        tf = _tf()
        self._sample_fn = sample_fn
        self._end_fn = end_fn
        self._sample_shape = tensor_shape.TensorShape(sample_shape)
        self._sample_dtype = sample_dtype
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = tf.shape(start_inputs)[0]
        self._start_inputs = convert_to_tensor(start_inputs, name="start_inputs")

    @property
    def sample_ids_shape(self):
        return self._sample_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_dtype

    def initialize(self, name=None):
        finished = _tf().tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        next_inputs = sample_ids if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state
