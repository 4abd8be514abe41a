"""TF 1.15's queue-based input pipeline (`tensorflow/python/training/input.py`):
`tf.train.string_input_producer`, `input_producer`, `range_input_producer`, `slice_input_producer`,
`limit_epochs`, `batch`, `shuffle_batch`, `batch_join`, `shuffle_batch_join`.

Each builds the same ops as TF (a queue, its enqueue ops, a QueueRunner added to the graph's
QUEUE_RUNNERS collection, a "fraction_of_N_full" summary) with TF's names, so the usual
`start_queue_runners` / `Coordinator` loop drives them.
"""
from ..api import _EXPORTS, export
from ..framework import dtypes, tensor_shape
from ..framework.graph import GraphKeys, Tensor, control_dependencies, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import queue_ops
from ..platform import tf_logging as logging
from .queue_runner import QueueRunner, add_queue_runner

_MODULE = "tensorflow.python.training.input"
_QUEUE_BASED = "Queue-based input pipelines have been replaced by `tf.data`. "


def _deprecated(name, instructions):
    logging._warn_deprecated(name, _MODULE, _QUEUE_BASED + instructions, depth=3)


def _public(name):
    fn = _EXPORTS.get(name)
    if fn is None:
        raise NotImplementedError("tf.%s is needed by the input pipeline" % name)
    return fn


def _summary_scalar(name, value_fn):
    """TF adds a queue-fullness summary; skipped only if tf.summary is not available."""
    scalar = _EXPORTS.get("summary.scalar")
    if scalar is not None:
        scalar(name, value_fn())


@export("train.limit_epochs")
def limit_epochs(tensor, num_epochs=None, name=None):
    """Returns `tensor` `num_epochs` times, then raises OutOfRangeError (a local counter variable)."""
    _deprecated("limit_epochs", "Use `tf.data.Dataset.from_tensors(tensor).repeat(num_epochs)`.")
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError("num_epochs must be > 0 not %d." % num_epochs)
    from ..ops.pipeline_ops import count_up_to
    with name_scope(name, "limit_epochs", [tensor]) as name:
        zero64 = convert_to_tensor(0, dtype=dtypes.int64)
        epochs = _public("Variable")(zero64, name="epochs", trainable=False,
                                     collections=[GraphKeys.LOCAL_VARIABLES])
        counter = count_up_to(epochs, num_epochs)
        with control_dependencies([counter.op]):
            return _public("identity")(tensor, name=name)


@export("train.input_producer")
def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None,
                   capacity=32, shared_name=None, summary_name=None, name=None, cancel_op=None):
    """Outputs the rows of `input_tensor` to a queue, for an input pipeline."""
    _deprecated("input_producer", "Use `tf.data.Dataset.from_tensor_slices(input_tensor).shuffle"
                "(tf.shape(input_tensor, out_type=tf.int64)[0]).repeat(num_epochs)`. If "
                "`shuffle=False`, omit the `.shuffle(...)`.")
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.get_shape()[1:].merge_with(tensor_shape.as_shape(element_shape)
                                                                if element_shape is not None
                                                                else tensor_shape.unknown_shape())
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or `element_shape` "
                             "must be specified")
        if shuffle:
            input_tensor = _public("random_shuffle")(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = queue_ops.FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype.base_dtype],
                                shapes=[element_shape], shared_name=shared_name, name=name)
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        if summary_name is not None:
            _summary_scalar(summary_name, lambda: _public("multiply")(
                _public("cast")(q.size(), dtypes.float32), 1. / capacity))
        return q


@export("train.string_input_producer")
def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32,
                          shared_name=None, name=None, cancel_op=None):
    """Output strings (e.g. filenames) to a queue for an input pipeline."""
    _deprecated("string_input_producer", "Use `tf.data.Dataset.from_tensor_slices(string_tensor)."
                "shuffle(tf.shape(input_tensor, out_type=tf.int64)[0]).repeat(num_epochs)`. If "
                "`shuffle=False`, omit the `.shuffle(...)`.")
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, Tensor) and not string_tensor:
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as name:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        assert_fn = _EXPORTS.get("Assert")
        deps = []
        if assert_fn is not None:
            deps = [assert_fn(_public("greater")(_public("size")(string_tensor), 0), [not_null_err])]
        with control_dependencies(deps):
            string_tensor = _public("identity")(string_tensor)
        return input_producer(input_tensor=string_tensor, element_shape=[], num_epochs=num_epochs,
                              shuffle=shuffle, seed=seed, capacity=capacity, shared_name=shared_name,
                              name=name, summary_name="fraction_of_%d_full" % capacity,
                              cancel_op=cancel_op)


@export("train.range_input_producer")
def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                         name=None):
    """Produces the integers 0 to limit-1 in a queue."""
    _deprecated("range_input_producer", "Use `tf.data.Dataset.range(limit).shuffle(limit).repeat"
                "(num_epochs)`. If `shuffle=False`, omit the `.shuffle(...)`.")
    with name_scope(name, "input_producer", [limit]) as name:
        range_tensor = _public("range")(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity, shared_name,
                              "fraction_of_%d_full" % capacity, name)


@export("train.slice_input_producer")
def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """Produces a slice of each tensor in `tensor_list` per dequeue."""
    _deprecated("slice_input_producer", "Use `tf.data.Dataset.from_tensor_slices(tuple(tensor_list))."
                "shuffle(tf.shape(input_tensor, out_type=tf.int64)[0]).repeat(num_epochs)`. If "
                "`shuffle=False`, omit the `.shuffle(...)`.")
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = _public("shape")(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle, seed=seed,
                                     capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        gather = _public("gather")
        return [gather(t, index) for t in tensor_list]


# ------------------------------------------------------------------------------------- batching

def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return tensors


def _as_original_type(original_tensors, tensor_list):
    if isinstance(original_tensors, dict):
        if len(original_tensors) == 1:
            # A single dequeued component comes back as one tensor (TF's b/28117485): re-list it.
            tensor_list = [tensor_list]
        return {k: tensor_list[i] for i, k in enumerate(sorted(original_tensors, key=str))}
    return tensor_list


def _validate(tensor_list):
    tensor_list = [convert_to_tensor(t) for t in tensor_list]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    return tensor_list


def _validate_join(tensor_list_list):
    tensor_list_list = [[convert_to_tensor(t) for t in tl] for tl in tensor_list_list]
    if not tensor_list_list:
        raise ValueError("Expected at least one input in batch_join().")
    return tensor_list_list


def _check_keep_input(keep_input):
    if keep_input is not True:
        raise NotImplementedError("keep_input other than True is only supported by tf.train.maybe_batch "
                                  "and maybe_shuffle_batch in tf1 (not by their *_join variants)")


def _dtypes(tensor_list_list):
    all_types = [[t.dtype.base_dtype for t in tl] for tl in tensor_list_list]
    types = all_types[0]
    for other_types in all_types[1:]:
        if other_types != types:
            raise TypeError("Expected types to be consistent: %s vs. %s." % (
                ", ".join(x.name for x in types), ", ".join(x.name for x in other_types)))
    return types


def _merge_shapes(shape_list, enqueue_many):
    shape_list = [tensor_shape.as_shape(s) for s in shape_list]
    if enqueue_many:
        shape_list = [s.with_rank_at_least(1)[1:] for s in shape_list]
    merged_shape = shape_list[0]
    for s in shape_list[1:]:
        merged_shape = merged_shape.merge_with(s)
    return merged_shape.as_list()


def _shapes(tensor_list_list, shapes, enqueue_many):
    if shapes is None:
        len0 = len(tensor_list_list[0])
        for tl in tensor_list_list:
            for i in range(len0):
                if tl[i].get_shape().ndims is None:
                    raise ValueError("Cannot infer Tensor's rank: %s" % tl[i])
        shapes = [_merge_shapes([tl[i].get_shape().as_list() for tl in tensor_list_list], enqueue_many)
                  for i in range(len0)]
    return shapes


def _enqueue(queue, tensor_list, threads, enqueue_many):
    enqueue_fn = queue.enqueue_many if enqueue_many else queue.enqueue
    enqueue_ops = [enqueue_fn(tensor_list)] * threads
    add_queue_runner(QueueRunner(queue, enqueue_ops))


def _enqueue_join(queue, tensor_list_list, enqueue_many):
    enqueue_fn = queue.enqueue_many if enqueue_many else queue.enqueue
    enqueue_ops = [enqueue_fn(tl) for tl in tensor_list_list]
    add_queue_runner(QueueRunner(queue, enqueue_ops))


def _fraction_full(queue, capacity):
    return lambda: _public("multiply")(_public("cast")(queue.size(), dtypes.float32), 1. / capacity)


def _dequeue(queue, batch_size, allow_smaller_final_batch, name):
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size, name=name)
    return queue.dequeue_many(batch_size, name=name)


def _which_queue(dynamic_pad):
    return queue_ops.PaddingFIFOQueue if dynamic_pad else queue_ops.FIFOQueue


def _batch(tensors, batch_size, keep_input, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
           dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "batch", list(tensor_list)) as name:
        tensor_list = _validate(tensor_list)
        _check_keep_input(keep_input)
        types = _dtypes([tensor_list])
        shapes = _shapes([tensor_list], shapes, enqueue_many)
        queue = _which_queue(dynamic_pad)(capacity=capacity, dtypes=types, shapes=shapes,
                                          shared_name=shared_name)
        _enqueue(queue, tensor_list, num_threads, enqueue_many)
        _summary_scalar("fraction_of_%d_full" % capacity, _fraction_full(queue, capacity))
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors, dequeued)


def _batch_join(tensors_list, batch_size, keep_input, capacity=32, enqueue_many=False, shapes=None,
                dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    tensor_list_list = [_as_tensor_list(t) for t in tensors_list]
    with name_scope(name, "batch_join", [t for tl in tensor_list_list for t in tl]) as name:
        tensor_list_list = _validate_join(tensor_list_list)
        _check_keep_input(keep_input)
        types = _dtypes(tensor_list_list)
        shapes = _shapes(tensor_list_list, shapes, enqueue_many)
        queue = _which_queue(dynamic_pad)(capacity=capacity, dtypes=types, shapes=shapes,
                                          shared_name=shared_name)
        _enqueue_join(queue, tensor_list_list, enqueue_many)
        _summary_scalar("fraction_of_%d_full" % capacity, _fraction_full(queue, capacity))
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors_list[0], dequeued)


def _shuffle_fraction(queue, capacity, min_after_dequeue):
    def value():
        over = _public("maximum")(0, queue.size() - min_after_dequeue)
        return _public("multiply")(_public("cast")(over, dtypes.float32),
                                   1. / (capacity - min_after_dequeue))
    return value


def _shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input, num_threads=1,
                   seed=None, enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                   shared_name=None, name=None):
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "shuffle_batch", list(tensor_list)) as name:
        if capacity <= min_after_dequeue:
            raise ValueError("capacity %d must be bigger than min_after_dequeue %d."
                             % (capacity, min_after_dequeue))
        tensor_list = _validate(tensor_list)
        _check_keep_input(keep_input)
        types = _dtypes([tensor_list])
        shapes = _shapes([tensor_list], shapes, enqueue_many)
        queue = queue_ops.RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue,
                                             seed=seed, dtypes=types, shapes=shapes,
                                             shared_name=shared_name)
        _enqueue(queue, tensor_list, num_threads, enqueue_many)
        _summary_scalar("fraction_over_%d_of_%d_full" % (min_after_dequeue, capacity - min_after_dequeue),
                        _shuffle_fraction(queue, capacity, min_after_dequeue))
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors, dequeued)


def _shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, keep_input, seed=None,
                        enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                        shared_name=None, name=None):
    tensor_list_list = [_as_tensor_list(t) for t in tensors_list]
    with name_scope(name, "shuffle_batch_join", [t for tl in tensor_list_list for t in tl]) as name:
        if capacity <= min_after_dequeue:
            raise ValueError("capacity %d must be bigger than min_after_dequeue %d."
                             % (capacity, min_after_dequeue))
        tensor_list_list = _validate_join(tensor_list_list)
        _check_keep_input(keep_input)
        types = _dtypes(tensor_list_list)
        shapes = _shapes(tensor_list_list, shapes, enqueue_many)
        queue = queue_ops.RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue,
                                             seed=seed, dtypes=types, shapes=shapes,
                                             shared_name=shared_name)
        _enqueue_join(queue, tensor_list_list, enqueue_many)
        _summary_scalar("fraction_over_%d_of_%d_full" % (min_after_dequeue, capacity - min_after_dequeue),
                        _shuffle_fraction(queue, capacity, min_after_dequeue))
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors_list[0], dequeued)


@export("train.batch")
def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
          dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Creates batches of tensors in `tensors` (a FIFOQueue filled by `num_threads` threads)."""
    _deprecated("batch", "Use `tf.data.Dataset.batch(batch_size)` (or `padded_batch(...)` if "
                "`dynamic_pad=True`).")
    return _batch(tensors, batch_size, keep_input=True, num_threads=num_threads, capacity=capacity,
                  enqueue_many=enqueue_many, shapes=shapes, dynamic_pad=dynamic_pad,
                  allow_smaller_final_batch=allow_smaller_final_batch, shared_name=shared_name,
                  name=name)


@export("train.batch_join")
def batch_join(tensors_list, batch_size, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
               allow_smaller_final_batch=False, shared_name=None, name=None):
    """Runs a list of tensors to fill a queue to create batches of examples."""
    _deprecated("batch_join", "Use `tf.data.Dataset.interleave(...).batch(batch_size)` (or "
                "`padded_batch(...)` if `dynamic_pad=True`).")
    return _batch_join(tensors_list, batch_size, keep_input=True, capacity=capacity,
                       enqueue_many=enqueue_many, shapes=shapes, dynamic_pad=dynamic_pad,
                       allow_smaller_final_batch=allow_smaller_final_batch, shared_name=shared_name,
                       name=name)


@export("train.shuffle_batch")
def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None,
                  enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None,
                  name=None):
    """Creates batches by randomly shuffling tensors (a RandomShuffleQueue)."""
    _deprecated("shuffle_batch", "Use `tf.data.Dataset.shuffle(min_after_dequeue).batch(batch_size)`.")
    return _shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input=True,
                          num_threads=num_threads, seed=seed, enqueue_many=enqueue_many, shapes=shapes,
                          allow_smaller_final_batch=allow_smaller_final_batch, shared_name=shared_name,
                          name=name)


@export("train.shuffle_batch_join")
def shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, seed=None,
                       enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None,
                       name=None):
    """Creates batches by randomly shuffling tensors from several producers."""
    _deprecated("shuffle_batch_join", "Use `tf.data.Dataset.interleave(...).shuffle(min_after_dequeue)."
                "batch(batch_size)`.")
    return _shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, keep_input=True,
                               seed=seed, enqueue_many=enqueue_many, shapes=shapes,
                               allow_smaller_final_batch=allow_smaller_final_batch,
                               shared_name=shared_name, name=name)
