"""`tf.contrib.seq2seq`'s sampling helpers: ScheduledEmbeddingTrainingHelper and
ScheduledOutputTrainingHelper (scheduled sampling, Bengio et al. 2015: each step, with probability
`sampling_probability`, a sequence is fed its own previous output instead of the ground truth) and
SampleEmbeddingHelper (inference feeding back ids drawn from softmax(outputs / temperature)).

The draws are TF's: a Bernoulli as `random_uniform < p` and a categorical as `tf.multinomial`, with the
same seeds and shapes (the random bits themselves are tf1's, see tf1/ops/random_ops.py).
"""
import numpy as np

from ...api import export
from ...framework import dtypes, tensor_shape
from ...framework.graph import Tensor, name_scope
from ...framework.tensor_conversion import convert_to_tensor
from ...framework.tensor_util import constant_value
from ...ops import _subgraph as nest
from ...ops.rnn_cell_impl import _tf
from ...ops.rnn_ops import _transpose_batch_time
from .helper import GreedyEmbeddingHelper, TrainingHelper, _unstack_ta


def _export(name):
    return export("contrib.seq2seq." + name, "contrib.seq2seq.python.ops.helper." + name)


def _call_sampler(sample_n_fn, sample_shape, name=None):
    """`sample_n_fn(prod(sample_shape))` reshaped to sample_shape + the event shape."""
    tf = _tf()
    with name_scope(name, "call_sampler", values=[sample_shape]):
        sample_shape = convert_to_tensor(sample_shape, dtype=dtypes.int32, name="sample_shape")
        static_sample_shape = constant_value(sample_shape)
        # A scalar sample_shape becomes [n].
        pad = tf.cast(tf.equal(tf.rank(sample_shape), 0), dtypes.int32)
        sample_shape = tf.reshape(sample_shape, tf.pad(tf.shape(sample_shape), paddings=[[pad, 0]],
                                                       constant_values=1))
        samples = sample_n_fn(tf.reduce_prod(sample_shape))
        final_shape = tf.concat([sample_shape, tf.shape(samples)[1:]], 0)
        result = tf.reshape(samples, final_shape)
        if static_sample_shape is not None:
            # TF's shape function evaluates the constant shape tensor: the samples' static shape is
            # sample_shape + the event shape.
            result.set_shape(tensor_shape.TensorShape(np.reshape(static_sample_shape, [-1]).tolist())
                             .concatenate(samples.get_shape()[1:]))
        return result


def bernoulli_sample(probs=None, logits=None, dtype=dtypes.int32, sample_shape=(), seed=None):
    tf = _tf()
    probs = tf.sigmoid(logits, name="probs") if probs is None else convert_to_tensor(probs, name="probs")
    batch_shape_tensor = tf.shape(probs)

    def _sample_n(n):
        new_shape = tf.concat([[n], batch_shape_tensor], 0)
        uniform = tf.random_uniform(new_shape, seed=seed, dtype=probs.dtype)
        return tf.cast(tf.less(uniform, probs), dtype)

    return _call_sampler(_sample_n, sample_shape)


def categorical_sample(logits, dtype=dtypes.int32, sample_shape=(), seed=None):
    tf = _tf()
    logits = convert_to_tensor(logits, name="logits")
    event_size = tf.shape(logits)[-1]
    batch_shape_tensor = tf.shape(logits)[:-1]

    def _sample_n(n):
        logits_2d = logits if logits.shape.ndims == 2 else tf.reshape(logits, [-1, event_size])
        sample_dtype = dtypes.int64 if logits.dtype.size > 4 else dtypes.int32
        draws = tf.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        draws = tf.reshape(tf.transpose(draws), tf.concat([[n], batch_shape_tensor], 0))
        return tf.cast(draws, dtype)

    return _call_sampler(_sample_n, sample_shape)


def _check_probability(p):
    p = convert_to_tensor(p, name="sampling_probability")
    if p.get_shape().ndims not in (0, 1):
        raise ValueError("sampling_probability must be either a scalar or a vector. saw shape: %s"
                         % p.get_shape())
    return p


def _merge(where_sampling, sampled, where_not_sampling, not_sampled, like):
    """Rows `where_sampling` from `sampled`, the others from `not_sampled`, in `like`'s shape."""
    tf = _tf()
    base_shape = tf.shape(like)
    return (tf.scatter_nd(indices=where_sampling, updates=sampled, shape=base_shape)
            + tf.scatter_nd(indices=where_not_sampling, updates=not_sampled, shape=base_shape))


@_export("ScheduledEmbeddingTrainingHelper")
class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """Teacher forcing, except that each sequence, with probability `sampling_probability`, gets the
    embedding of an id sampled from its previous output; sample ids are -1 where not sampled."""

    def __init__(self, inputs, sequence_length, embedding, sampling_probability, time_major=False, seed=None,
                 scheduling_seed=None, name=None):
        tf = _tf()
        with name_scope(name, "ScheduledEmbeddingSamplingWrapper", [embedding, sampling_probability]):
            if callable(embedding):
                self._embedding_fn = embedding
            else:
                self._embedding_fn = lambda ids: tf.nn.embedding_lookup(embedding, ids)
            self._sampling_probability = _check_probability(sampling_probability)
            self._seed = seed
            self._scheduling_seed = scheduling_seed
            super().__init__(inputs=inputs, sequence_length=sequence_length, time_major=time_major, name=name)

    def sample(self, time, outputs, state, name=None):
        tf = _tf()
        with name_scope(name, "ScheduledEmbeddingTrainingHelperSample", [time, outputs, state]):
            select_sample = bernoulli_sample(probs=self._sampling_probability, dtype=dtypes.bool,
                                             sample_shape=self.batch_size, seed=self._scheduling_seed)
            return tf.where(select_sample, categorical_sample(logits=outputs, seed=self._seed),
                            tf.fill([self.batch_size], -1))

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        tf = _tf()
        with name_scope(name, "ScheduledEmbeddingTrainingHelperNextInputs", [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(time=time, outputs=outputs, state=state,
                                                                    sample_ids=sample_ids, name=name)

            def maybe_sample():
                where_sampling = tf.cast(tf.where(sample_ids > -1), dtypes.int32)
                where_not_sampling = tf.cast(tf.where(sample_ids <= -1), dtypes.int32)
                sampled = self._embedding_fn(tf.gather_nd(sample_ids, where_sampling))
                not_sampled = tf.gather_nd(base_next_inputs, where_not_sampling)
                return _merge(where_sampling, sampled, where_not_sampling, not_sampled, base_next_inputs)

            next_inputs = tf.cond(tf.reduce_all(finished), lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


@_export("ScheduledOutputTrainingHelper")
class ScheduledOutputTrainingHelper(TrainingHelper):
    """Teacher forcing, except that each sequence, with probability `sampling_probability`, gets its
    previous output (through `next_inputs_fn` if given, concatenated with `auxiliary_inputs` if given);
    sample ids are the Bernoulli draws."""

    def __init__(self, inputs, sequence_length, sampling_probability, time_major=False, seed=None,
                 next_inputs_fn=None, auxiliary_inputs=None, name=None):
        tf = _tf()
        with name_scope(name, "ScheduledOutputTrainingHelper", [inputs, auxiliary_inputs, sampling_probability]):
            self._sampling_probability = _check_probability(sampling_probability)
            if auxiliary_inputs is None:
                maybe_concatenated_inputs = inputs
            else:
                inputs = convert_to_tensor(inputs, name="inputs")
                auxiliary_inputs = convert_to_tensor(auxiliary_inputs, name="auxiliary_inputs")
                maybe_concatenated_inputs = tf.concat((inputs, auxiliary_inputs), -1)
                if not time_major:
                    auxiliary_inputs = nest.map_structure(_transpose_batch_time, auxiliary_inputs)
            self._auxiliary_input_tas = (nest.map_structure(_unstack_ta, auxiliary_inputs)
                                         if auxiliary_inputs is not None else None)
            self._seed = seed
            self._next_inputs_fn = next_inputs_fn
            super().__init__(inputs=maybe_concatenated_inputs, sequence_length=sequence_length,
                             time_major=time_major, name=name)

    def sample(self, time, outputs, state, name=None):
        with name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs, state]):
            return bernoulli_sample(probs=self._sampling_probability, sample_shape=self.batch_size,
                                    seed=self._seed)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        tf = _tf()
        with name_scope(name, "ScheduledOutputTrainingHelperNextInputs", [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(time=time, outputs=outputs, state=state,
                                                                    sample_ids=sample_ids, name=name)
            sample_ids = tf.cast(sample_ids, dtypes.bool)

            def with_auxiliary(outputs_, indices=None):
                if self._auxiliary_input_tas is None:
                    return outputs_
                auxiliary = nest.map_structure(lambda ta: ta.read(time + 1), self._auxiliary_input_tas)
                if indices is not None:
                    auxiliary = tf.gather_nd(auxiliary, indices)
                return tf.concat((outputs_, auxiliary), -1)

            def maybe_sample():
                if self._next_inputs_fn is None:
                    return tf.where(sample_ids, with_auxiliary(outputs), base_next_inputs)
                where_sampling = tf.cast(tf.where(sample_ids), dtypes.int32)
                where_not_sampling = tf.cast(tf.where(tf.logical_not(sample_ids)), dtypes.int32)
                sampled = with_auxiliary(self._next_inputs_fn(tf.gather_nd(outputs, where_sampling)),
                                         where_sampling)
                not_sampled = tf.gather_nd(base_next_inputs, where_not_sampling)
                return _merge(where_sampling, sampled, where_not_sampling, not_sampled, base_next_inputs)

            no_samples = tf.logical_not(tf.reduce_any(sample_ids))
            next_inputs = tf.cond(tf.logical_or(tf.reduce_all(finished), no_samples),
                                  lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


@_export("SampleEmbeddingHelper")
class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """GreedyEmbeddingHelper drawing the fed-back id from softmax(outputs / softmax_temperature)."""

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time, outputs, state, name=None):
        del time, state
        if not isinstance(outputs, Tensor):
            raise TypeError("Expected outputs to be a single Tensor, got: %s" % type(outputs))
        logits = outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        return categorical_sample(logits=logits, seed=self._seed)
