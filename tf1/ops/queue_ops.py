"""TF 1.15's queues: `tf.FIFOQueue`, `tf.RandomShuffleQueue`, `tf.PaddingFIFOQueue` and their ops.

Queues are host ops: a queue op (`FIFOQueueV2`, ...) yields a handle to a Python-side queue object
that lives in the Session (`session._resources`), created the first time the op runs in that
Session, exactly as TF's resource kernels do. Enqueue/dequeue ops block on that object with TF's
semantics (capacity, `min_after_dequeue`, closing, cancelling), so queue-runner threads and the
training loop interact as they do in TF. Messages are TF's, e.g.
`FIFOQueue '_0_fifo_queue' is closed and has insufficient elements (requested 1, current size 0)`.
"""
import collections
import itertools
import threading
import time

import numpy as np

from ..api import export
from ..framework import dtypes as dtypes_mod
from ..framework import errors, registry, tensor_shape
from ..framework.graph import Tensor, name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..framework.tensor_util import constant_value

TensorShape = tensor_shape.TensorShape

# TF's ResourceMgr::GenerateUniqueId: one process-wide counter; a queue without shared_name is named
# "_<id>_<node name>" in messages.
_resource_ids = itertools.count()


# ----------------------------------------------------------------------------- the queue object

class QueueResource:
    """One queue in one Session: a buffer of element tuples guarded by a condition variable."""

    def __init__(self, kind, name, component_types, shapes, capacity, min_after_dequeue=0,
                 seed=0, seed2=0, timeout_ms=0):
        self.kind = kind                     # "FIFOQueue", "RandomShuffleQueue", "PaddingFIFOQueue"
        self.name = name
        self.component_types = component_types
        self.shapes = shapes                 # [] when the queue was made without shapes
        self.capacity = capacity if capacity >= 0 else None  # TF: -1 means unbounded
        self.min_after_dequeue = min_after_dequeue
        self.buffer = collections.deque()
        self.closed = False
        self.cancelled = False
        self.enqueue_generation = 0
        self.cond = threading.Condition()
        self.timeout = timeout_ms / 1000.0 if timeout_ms and timeout_ms > 0 else None
        if seed == 0 and seed2 == 0:
            self.rng = np.random.default_rng()
        else:
            self.rng = np.random.default_rng([seed & 0xFFFFFFFF, seed2 & 0xFFFFFFFF])

    # -- waiting (cancelled by Session.close; bounded by ConfigProto.operation_timeout_in_ms)
    def _wait(self, deadline):
        if deadline is None:
            self.cond.wait()
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise errors.DeadlineExceededError(None, None, "Timed out waiting for notification")
        self.cond.wait(left)

    def _deadline(self):
        return None if self.timeout is None else time.monotonic() + self.timeout

    def cancel(self):
        with self.cond:
            self.cancelled = True
            self.cond.notify_all()

    def _full(self):
        return self.capacity is not None and len(self.buffer) >= self.capacity

    # -- enqueue: element by element as room appears (TF's enqueue attempts)
    def enqueue(self, op, elements):
        deadline = self._deadline()
        with self.cond:
            generation = self.enqueue_generation
            for element in elements:
                while True:
                    if self.cancelled or generation != self.enqueue_generation:
                        raise errors.CancelledError(None, op, "Enqueue operation was cancelled")
                    if self.closed:
                        raise errors.CancelledError(None, op, "%s '%s' is closed." % (
                            "FIFOQueue" if self.kind == "PaddingFIFOQueue" else self.kind, self.name))
                    if not self._full():
                        self.buffer.append(element)
                        self.cond.notify_all()
                        break
                    self._wait(deadline)

    def close(self, cancel_pending_enqueues=False):
        with self.cond:
            self.closed = True
            if cancel_pending_enqueues:
                self.enqueue_generation += 1  # enqueues waiting now fail; later ones see "closed"
            self.cond.notify_all()

    # -- dequeue: TF's attempt that takes elements as they arrive and gives them back on failure
    def _take(self):
        if self.kind == "RandomShuffleQueue":
            i = int(self.rng.integers(len(self.buffer)))
            self.buffer[i], self.buffer[-1] = self.buffer[-1], self.buffer[i]
            return self.buffer.pop()
        return self.buffer.popleft()

    def _give_back(self, taken):
        if self.kind == "RandomShuffleQueue":
            self.buffer.extend(taken)
        else:
            self.buffer.extendleft(reversed(taken))

    def dequeue(self, op, n, allow_small_batch=False):
        deadline = self._deadline()
        taken = []
        requested = n
        with self.cond:
            while True:
                if self.cancelled:
                    self._give_back(taken)
                    raise errors.CancelledError(None, op, "Dequeue operation was cancelled")
                size = len(self.buffer)
                if self.closed and size < requested:
                    self._give_back(taken)
                    if allow_small_batch and self.buffer:
                        taken = list(self.buffer)
                        if self.kind == "RandomShuffleQueue":
                            taken = [self._take() for _ in range(len(self.buffer))]
                        self.buffer.clear()
                        self.cond.notify_all()
                        return taken
                    kind = self.kind if n > 1 or self.kind != "PaddingFIFOQueue" else "FIFOQueue"
                    raise errors.OutOfRangeError(None, op, "%s '%s' is closed and has insufficient "
                                                 "elements (requested %d, current size %d)"
                                                 % (kind, self.name, requested, size))
                available = size if self.closed else size - self.min_after_dequeue
                took = False
                while available > 0 and requested > 0:
                    taken.append(self._take())
                    available -= 1
                    requested -= 1
                    took = True
                if took:
                    self.cond.notify_all()
                if requested == 0:
                    return taken
                try:
                    self._wait(deadline)
                except errors.DeadlineExceededError:
                    self._give_back(taken)
                    raise

    def size(self):
        with self.cond:
            return len(self.buffer)


# ------------------------------------------------------------------------------ ops: lowering

def _session(ctx, op):
    session = getattr(ctx, "session", None)
    if session is None:
        raise errors.InternalError(None, op, "%s needs a Session to hold its state" % op.type)
    return session


def get_resource(ctx, op, factory):
    """The Session's resource for `op` (by shared_name, else by op), made by `factory(name)` once."""
    session = _session(ctx, op)
    shared = op._attrs.get("shared_name") or ""
    key = ("shared", op._attrs.get("container") or "", shared) if shared else op
    with session._lock:
        res = session._resources.get(key)
        if res is None:
            name = shared or "_%d_%s" % (next(_resource_ids), op.name)
            res = session._resources[key] = factory(name)
        return res


def register_session_op(op_type, infer, lower):
    """An op on a Session's resources (queues, readers): stateful, on the host, without gradient."""
    registry.register(op_type, infer, lower, stateful=True, host=True, differentiable=False)


def scalar_infer(dtype):
    return lambda op: [(dtype, TensorShape([]))]


def no_outputs(op):
    return []


def _timeout_ms(ctx):
    config = getattr(_session_or_none(ctx), "_config", None)
    return getattr(config, "operation_timeout_in_ms", 0) if config is not None else 0


def _session_or_none(ctx):
    return getattr(ctx, "session", None)


def _queue_lower(kind):
    def lower(ctx, op):
        a = op._attrs
        return get_resource(ctx, op, lambda name: QueueResource(
            kind, name, list(a["component_types"]), list(a.get("shapes") or []), a.get("capacity", -1),
            a.get("min_after_dequeue", 0), a.get("seed", 0), a.get("seed2", 0), _timeout_ms(ctx)))
    return lower


for _kind in ("FIFOQueue", "RandomShuffleQueue", "PaddingFIFOQueue"):
    register_session_op(_kind + "V2", scalar_infer(dtypes_mod.resource), _queue_lower(_kind))


def _np_component(value, dtype):
    if dtype == dtypes_mod.string:
        arr = np.array(value, dtype=object)
        return arr
    return np.array(value, dtype=dtype.as_numpy_dtype)


def _shape_str(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _check_shapes(queue, op, components, batched):
    for i, (c, shape) in enumerate(zip(components, queue.shapes)):
        got = c.shape[1:] if batched else c.shape
        if shape.ndims is None:
            continue
        want = shape.as_list()
        if len(got) != len(want) or any(w is not None and w != g for w, g in zip(want, got)):
            raise errors.InvalidArgumentError(None, op, "Shape mismatch in tuple component %d. "
                                              "Expected %s, got %s" % (
                                                  i, _shape_str([-1 if d is None else d for d in want]),
                                                  _shape_str(got)))


def _enqueue_lower(many):
    def lower(ctx, op, queue, *components):
        comps = [_np_component(c, t) for c, t in zip(components, op._attrs["Tcomponents"])]
        _check_shapes(queue, op, comps, many)
        if many:
            sizes = {c.shape[0] for c in comps}
            if len(sizes) > 1:
                raise errors.InvalidArgumentError(None, op, "Expected all components to have the same "
                                                  "size (dimension 0)")
            n = comps[0].shape[0]
            elements = [tuple(np.array(c[j], dtype=c.dtype) for c in comps) for j in range(n)]
        else:
            elements = [tuple(comps)]
        queue.enqueue(op, elements)
    return lower


register_session_op("QueueEnqueueV2", no_outputs, _enqueue_lower(False))
register_session_op("QueueEnqueueManyV2", no_outputs, _enqueue_lower(True))


def _queue_shapes(op):
    """The component shapes of the queue feeding `op` (unknown when the handle is not a queue op)."""
    src = op._inputs[0].op
    shapes = src._attrs.get("shapes") if src._type.endswith("QueueV2") else None
    n = len(op._attrs["component_types"])
    return list(shapes) if shapes else [tensor_shape.unknown_shape()] * n


def _dequeue_infer(op):
    return list(zip(op._attrs["component_types"], _queue_shapes(op)))


def _dequeue_many_infer(up_to):
    def infer(op):
        n = None if up_to else constant_value(op._inputs[1])
        batch = TensorShape([None if n is None else int(n)])
        out = []
        for dt, shape in zip(op._attrs["component_types"], _queue_shapes(op)):
            out.append((dt, batch.concatenate(shape) if shape.ndims is not None else shape))
        return out
    return infer


def _single(op, components):
    return components[0] if len(op._outputs) == 1 else tuple(components)


def _dequeue_lower(ctx, op, queue):
    (element,) = queue.dequeue(op, 1)
    return _single(op, list(element))


def _stack(queue, op, elements, n_components):
    out = []
    for i in range(n_components):
        parts = [e[i] for e in elements]
        dt = op._attrs["component_types"][i]
        if queue.kind == "PaddingFIFOQueue" and parts:
            rank = parts[0].ndim
            target = [max(p.shape[d] for p in parts) for d in range(rank)]
            fill = b"" if dt == dtypes_mod.string else 0
            padded = []
            for p in parts:
                pad = [(0, t - s) for s, t in zip(p.shape, target)]
                padded.append(np.pad(p, pad, constant_values=fill) if any(w for _, w in pad) else p)
            parts = padded
        if parts:
            out.append(np.stack(parts))
        else:
            shape = queue.shapes[i].as_list() if queue.shapes else []
            out.append(np.zeros([0] + [d or 0 for d in shape], dtype=_np_component(0 if dt != dtypes_mod.string
                                                                               else b"", dt).dtype))
    return out


def _dequeue_many_lower(up_to):
    def lower(ctx, op, queue, n):
        n = int(n)
        if queue.kind != "PaddingFIFOQueue" and (
                not queue.shapes or not all(s.is_fully_defined() for s in queue.shapes)):
            raise errors.InvalidArgumentError(
                None, op, "%s's DequeueMany and DequeueUpTo require the components to have specified "
                          "shapes." % queue.kind)
        if n < 0:
            raise errors.InvalidArgumentError(None, op, "Negative 'n' (%d) passed to DequeueMany" % n)
        elements = queue.dequeue(op, n, allow_small_batch=up_to) if n else []
        return _single(op, _stack(queue, op, elements, len(op._outputs)))
    return lower


register_session_op("QueueDequeueV2", _dequeue_infer, _dequeue_lower)
register_session_op("QueueDequeueManyV2", _dequeue_many_infer(False), _dequeue_many_lower(False))
register_session_op("QueueDequeueUpToV2", _dequeue_many_infer(True), _dequeue_many_lower(True))
register_session_op("QueueSizeV2", scalar_infer(dtypes_mod.int32),
                    lambda ctx, op, queue: np.int32(queue.size()))
register_session_op("QueueIsClosedV2", scalar_infer(dtypes_mod.bool),
                    lambda ctx, op, queue: np.bool_(queue.closed))


def _close_lower(ctx, op, queue):
    queue.close(op._attrs.get("cancel_pending_enqueues", False))


register_session_op("QueueCloseV2", no_outputs, _close_lower)


# ------------------------------------------------------------------------------- Python classes

def _as_type_list(dtypes):
    if isinstance(dtypes, (list, tuple)):
        return [dtypes_mod.as_dtype(d) for d in dtypes]
    return [dtypes_mod.as_dtype(dtypes)]


def _as_shape_list(shapes, dtypes, unknown_dim_allowed=False, unknown_rank_allowed=False):
    """TF's data_flow_ops._as_shape_list (its checks and messages)."""
    del dtypes
    if unknown_dim_allowed:
        if (not isinstance(shapes, (list, tuple)) or not shapes
                or any(shape is None or isinstance(shape, int) for shape in shapes)):
            raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError("shapes must be a TensorShape or a list or tuple of TensorShapes.")
    if all(shape is None or isinstance(shape, int) for shape in shapes):
        shapes = [shapes]
    shapes = [tensor_shape.as_shape(shape) for shape in shapes]
    if not unknown_dim_allowed:
        if any(not shape.is_fully_defined() for shape in shapes):
            raise ValueError("All shapes must be fully defined: %s" % shapes)
    if not unknown_rank_allowed:
        if any(shape.dims is None for shape in shapes):
            raise ValueError("All shapes must have a defined rank: %s" % shapes)
    return shapes


def _as_name_list(names, dtypes):
    if names is None:
        return None
    if not isinstance(names, (list, tuple)):
        names = [names]
    if len(names) != len(dtypes):
        raise ValueError("List of names must have the same length as the list of dtypes")
    return list(names)


@export("queue.QueueBase", "QueueBase", "io.QueueBase")
class QueueBase:
    """Base class for queues: holds the handle and builds the enqueue/dequeue/close ops."""

    def __init__(self, dtypes, shapes, names, queue_ref):
        self._dtypes = dtypes
        if shapes is not None:
            if len(shapes) != len(dtypes):
                raise ValueError("Queue shapes must have the same length as dtypes")
            self._shapes = [tensor_shape.TensorShape(s) for s in shapes]
        else:
            self._shapes = [tensor_shape.unknown_shape() for _ in self._dtypes]
        if names is not None:
            if len(names) != len(dtypes):
                raise ValueError("Queue names must have the same length as dtypes")
            self._names = names
        else:
            self._names = None
        self._queue_ref = queue_ref
        self._name = self._queue_ref.op.name.split("/")[-1]

    @staticmethod
    def from_list(index, queues):
        raise NotImplementedError("QueueBase.from_list is not supported by tf1")

    queue_ref = property(lambda self: self._queue_ref)
    name = property(lambda self: self._queue_ref.op.name)
    dtypes = property(lambda self: self._dtypes)
    shapes = property(lambda self: self._shapes)
    names = property(lambda self: self._names)

    def _check_enqueue_dtypes(self, vals):
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError("Keys in dictionary to enqueue do not match names of Queue.  "
                                 "Dictionary: (%s), Queue: (%s)" % (sorted(vals.keys()), sorted(self._names)))
            vals = [vals[k] for k in self._names]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if not isinstance(vals, (list, tuple)):
                vals = [vals]
        tensors = []
        for i, (val, dtype) in enumerate(zip(vals, self._dtypes)):
            tensors.append(convert_to_tensor(val, dtype=dtype, name="component_%d" % i))
        return tensors

    def _scope_vals(self, vals):
        if isinstance(vals, (list, tuple)):
            return vals
        if isinstance(vals, dict):
            return vals.values()
        return [vals]

    def _enqueue_op(self, op_type, vals, scope):
        return make_op(op_type, [self._queue_ref] + vals,
                       {"Tcomponents": [v.dtype.base_dtype for v in vals], "timeout_ms": -1}, name=scope)

    def enqueue(self, vals, name=None):
        with name_scope(name, "%s_enqueue" % self._name, self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            for val, shape in zip(vals, self._shapes):
                val.get_shape().assert_is_compatible_with(shape)
            return self._enqueue_op("QueueEnqueueV2", vals, scope)

    def enqueue_many(self, vals, name=None):
        with name_scope(name, "%s_EnqueueMany" % self._name, self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            batch_dim = tensor_shape.dimension_value(vals[0].get_shape().with_rank_at_least(1)[0])
            batch_dim = tensor_shape.Dimension(batch_dim)
            for val, shape in zip(vals, self._shapes):
                val_batch_dim = tensor_shape.dimension_value(val.get_shape().with_rank_at_least(1)[0])
                batch_dim = batch_dim.merge_with(val_batch_dim)
                val.get_shape()[1:].assert_is_compatible_with(shape)
            return self._enqueue_op("QueueEnqueueManyV2", vals, scope)

    def _dequeue_return_value(self, tensors):
        if self._names:
            return {n: tensors[i] for i, n in enumerate(self._names)}
        if len(tensors) == 1:
            return tensors[0]
        return tensors

    def _op_on_queue(self, op_type, name, suffix, attrs, *inputs):
        """An `op_type` op on this queue, named `name` or "<queue name>_<suffix>"."""
        if name is None:
            name = "%s_%s" % (self._name, suffix)
        return make_op(op_type, [self._queue_ref] + list(inputs), attrs, name=name)

    def _dequeue_attrs(self):
        return {"component_types": list(self._dtypes), "timeout_ms": -1}

    def dequeue(self, name=None):
        op = self._op_on_queue("QueueDequeueV2", name, "Dequeue", self._dequeue_attrs())
        for output, shape in zip(op.outputs, self._shapes):
            output.set_shape(shape)
        return self._dequeue_return_value(op.outputs)

    def _dequeue_n(self, op_type, suffix, n, name):
        n = convert_to_tensor(n, dtype=dtypes_mod.int32, name="n") if not isinstance(n, Tensor) else n
        op = self._op_on_queue(op_type, name, suffix, self._dequeue_attrs(), n)
        return self._dequeue_return_value(op.outputs)

    def dequeue_many(self, n, name=None):
        return self._dequeue_n("QueueDequeueManyV2", "DequeueMany", n, name)

    def dequeue_up_to(self, n, name=None):
        return self._dequeue_n("QueueDequeueUpToV2", "DequeueUpTo", n, name)

    def close(self, cancel_pending_enqueues=False, name=None):
        return self._op_on_queue("QueueCloseV2", name, "Close",
                              {"cancel_pending_enqueues": bool(cancel_pending_enqueues)})

    def is_closed(self, name=None):
        return self._op_on_queue("QueueIsClosedV2", name, "Is_Closed", {}).outputs[0]

    def size(self, name=None):
        return self._op_on_queue("QueueSizeV2", name, "Size", {}).outputs[0]


def _queue_op(op_type, name, attrs, shared_name):
    attrs = dict(attrs, container="", shared_name=shared_name or "")
    return make_op(op_type, [], attrs, name=name).outputs[0]


def _component_specs(dtypes, shapes, names, **shape_checks):
    """The constructor's dtypes, shapes and names, checked as TF's queues check them."""
    dtypes = _as_type_list(dtypes)
    return dtypes, _as_shape_list(shapes, dtypes, **shape_checks), _as_name_list(names, dtypes)


@export("queue.FIFOQueue", "FIFOQueue", "io.FIFOQueue")
class FIFOQueue(QueueBase):
    """A queue that dequeues elements in first-in first-out order."""

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None,
                 name="fifo_queue"):
        dtypes, shapes, names = _component_specs(dtypes, shapes, names)
        queue_ref = _queue_op("FIFOQueueV2", name, {
            "component_types": dtypes, "shapes": shapes or [], "capacity": int(capacity)}, shared_name)
        super().__init__(dtypes, shapes, names, queue_ref)


@export("queue.PaddingFIFOQueue", "PaddingFIFOQueue", "io.PaddingFIFOQueue")
class PaddingFIFOQueue(QueueBase):
    """A FIFOQueue whose `dequeue_many` pads variable-size components with zeros."""

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None,
                 name="padding_fifo_queue"):
        dtypes, shapes, names = _component_specs(dtypes, shapes, names, unknown_dim_allowed=True)
        if len(dtypes) != len(shapes):
            raise ValueError("Shapes must be provided for all components, but received %d dtypes "
                             "and %d shapes." % (len(dtypes), len(shapes)))
        queue_ref = _queue_op("PaddingFIFOQueueV2", name, {
            "component_types": dtypes, "shapes": shapes, "capacity": int(capacity)}, shared_name)
        super().__init__(dtypes, shapes, names, queue_ref)


@export("queue.RandomShuffleQueue", "RandomShuffleQueue", "io.RandomShuffleQueue")
class RandomShuffleQueue(QueueBase):
    """A queue that dequeues elements in a random order, keeping `min_after_dequeue` buffered."""

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None,
                 shared_name=None, name="random_shuffle_queue"):
        from .random_ops import get_seed
        dtypes, shapes, names = _component_specs(dtypes, shapes, names)
        seed1, seed2 = get_seed(seed)
        if seed1 is None and seed2 is None:
            seed1, seed2 = 0, 0
        elif seed is None and shared_name is not None:
            # Same shared_name, same seed (TF hashes the name into seed2).
            import hashlib
            string = (str(seed1) + shared_name).encode("utf-8")
            seed2 = int(hashlib.md5(string).hexdigest()[:8], 16) & 0x7FFFFFFF
        queue_ref = _queue_op("RandomShuffleQueueV2", name, {
            "component_types": dtypes, "shapes": shapes or [], "capacity": int(capacity),
            "min_after_dequeue": int(min_after_dequeue), "seed": int(seed1), "seed2": int(seed2)}, shared_name)
        super().__init__(dtypes, shapes, names, queue_ref)
