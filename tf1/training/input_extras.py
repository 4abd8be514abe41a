"""`tf.train.maybe_batch` / `maybe_shuffle_batch` (batching that keeps only the examples whose
`keep_input` is True) and `tf.train.match_filenames_once`.

TF enqueues through `dynamic_partition` for a vector `keep_input` and through a cond around the
enqueue op for a scalar one; here both use the partition (a scalar becomes a batch of one, or a
whole `enqueue_many` batch), which enqueues the same elements without a stateful op under a cond.
"""
from ..api import export, public
from ..framework import dtypes
from ..framework.graph import GraphKeys, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import queue_ops
from . import input_pipeline as ip
from .queue_runner import QueueRunner, add_queue_runner


def _validate_keep_input(keep_input, enqueue_many):
    keep_input = convert_to_tensor(keep_input)
    ndims = keep_input.get_shape().ndims
    if ndims is None:
        raise ValueError("`keep_input` dimensions must be known at graph construction.")
    if not enqueue_many and ndims == 1:
        raise ValueError("`keep_input` cannot be a vector when `enqueue_many=False`.")
    if ndims > 1:
        raise ValueError("`keep_input` must be 0 or 1 dimensions.")
    return keep_input


def _enqueue_kept(queue, tensor_list, threads, enqueue_many, keep_input):
    tf = public()
    if keep_input.get_shape().ndims == 1:
        keep = keep_input
    elif enqueue_many:
        keep = tf.fill(tf.shape(tensor_list[0])[:1], keep_input)
    else:
        tensor_list = [tf.expand_dims(t, 0) for t in tensor_list]
        keep = tf.reshape(keep_input, [1])
    select = tf.cast(keep, dtypes.int32)
    kept = [tf.dynamic_partition(t, select, num_partitions=2)[1] for t in tensor_list]
    add_queue_runner(QueueRunner(queue, [queue.enqueue_many(kept)] * threads))


@export("train.maybe_batch")
def maybe_batch(tensors, keep_input, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
                dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """tf.train.batch over the examples whose `keep_input` is True."""
    tensor_list = ip._as_tensor_list(tensors)
    with name_scope(name, "batch", list(tensor_list) + [keep_input]) as name:
        tensor_list = ip._validate(tensor_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        types = ip._dtypes([tensor_list])
        shapes = ip._shapes([tensor_list], shapes, enqueue_many)
        queue = ip._which_queue(dynamic_pad)(capacity=capacity, dtypes=types, shapes=shapes,
                                             shared_name=shared_name)
        _enqueue_kept(queue, tensor_list, num_threads, enqueue_many, keep_input)
        ip._summary_scalar("fraction_of_%d_full" % capacity, ip._fraction_full(queue, capacity))
        dequeued = ip._dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return ip._as_original_type(tensors, dequeued)


@export("train.maybe_shuffle_batch")
def maybe_shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input, num_threads=1, seed=None,
                        enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None,
                        name=None):
    """tf.train.shuffle_batch over the examples whose `keep_input` is True."""
    tensor_list = ip._as_tensor_list(tensors)
    with name_scope(name, "shuffle_batch", list(tensor_list) + [keep_input]) as name:
        if capacity <= min_after_dequeue:
            raise ValueError("capacity %d must be bigger than min_after_dequeue %d."
                             % (capacity, min_after_dequeue))
        tensor_list = ip._validate(tensor_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        types = ip._dtypes([tensor_list])
        shapes = ip._shapes([tensor_list], shapes, enqueue_many)
        queue = queue_ops.RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed,
                                             dtypes=types, shapes=shapes, shared_name=shared_name)
        _enqueue_kept(queue, tensor_list, num_threads, enqueue_many, keep_input)
        ip._summary_scalar("fraction_over_%d_of_%d_full" % (min_after_dequeue, capacity - min_after_dequeue),
                           ip._shuffle_fraction(queue, capacity, min_after_dequeue))
        dequeued = ip._dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return ip._as_original_type(tensors, dequeued)


@export("train.match_filenames_once")
def match_filenames_once(pattern, name=None):
    """A local variable holding the files matching `pattern`, computed once at initialization."""
    tf = public()
    with name_scope(name, "matching_filenames", [pattern]) as name:
        return tf.Variable(tf.io.matching_files(pattern), name=name, trainable=False, validate_shape=False,
                           collections=[GraphKeys.LOCAL_VARIABLES])
