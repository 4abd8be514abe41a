"""`tf.data.Iterator` and the iterator ops: `IteratorV2` / `OneShotIterator` /
`IteratorFromStringHandleV2` yield a per-Session iterator resource (kept in `session._resources`
like a queue), `MakeIterator` (re)starts it on a dataset value, `IteratorGetNext` advances it once
per run and raises `OutOfRangeError: End of sequence` when it is used up.
"""
import threading

import numpy as np

from ..api import export
from ..framework import dtypes, errors, tensor_shape
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import _subgraph as sg_mod
from ..ops.queue_ops import get_resource, no_outputs, register_session_op, scalar_infer
from ..runtime.plan import ancestors
from . import dataset_ops
from . import structure as nest
from .pipelines import as_component

TensorShape = tensor_shape.TensorShape


class IteratorResource:
    """One iterator in one Session: the running pass over a dataset value."""

    def __init__(self, name):
        self.name = name
        self.elements = None  # the generator of the current pass; None until initialized
        self.ctx = None       # the run advancing it (user functions run in its context)
        self.op = None
        self.lock = threading.Lock()

    def cancel(self):
        pass

    def start(self, value):
        with self.lock:
            self.elements = value.iterate(self)

    def next(self, ctx, op):
        with self.lock:
            if self.elements is None:
                raise errors.FailedPreconditionError(
                    None, op, "GetNext() failed because the iterator has not been initialized. Ensure "
                              "that you have run the initializer operation for this iterator before "
                              "getting the next element.")
            self.ctx, self.op = ctx, op
            try:
                return next(self.elements)
            except StopIteration:
                raise errors.OutOfRangeError(None, op, "End of sequence") from None
            finally:
                self.ctx = self.op = None


# -------------------------------------------------------------------------------------- the ops

def _specs(op):
    return {"output_types": list(op._attrs["output_types"]), "output_shapes": list(op._attrs["output_shapes"])}


register_session_op("IteratorV2", scalar_infer(dtypes.resource),
                    lambda ctx, op: get_resource(ctx, op, IteratorResource))


def _make_iterator_lower(ctx, op, dataset, iterator):
    iterator.start(dataset)


register_session_op("MakeIterator", no_outputs, _make_iterator_lower)


def _one_shot_lower(ctx, op):
    res = get_resource(ctx, op, IteratorResource)
    with res.lock:
        started = res.elements is not None
    if not started:
        factory = op._attrs.get("_tf1_dataset_factory")
        if factory is None:
            raise errors.UnimplementedError(None, op, "OneShotIterator was imported from a GraphDef; tf1 "
                                            "runs only datasets built by the tf.data Python API")
        (value,) = factory.run(sg_mod.SubCtx(ctx, None), [], {})
        res.start(value)
    return res


register_session_op("OneShotIterator", scalar_infer(dtypes.resource), _one_shot_lower)


def _get_next_infer(op):
    return list(zip(op._attrs["output_types"], op._attrs["output_shapes"]))


def _get_next_lower(ctx, op, iterator):
    element = iterator.next(ctx, op)
    out = []
    for v, dt, shape in zip(element, op._attrs["output_types"], op._attrs["output_shapes"]):
        v = as_component(v, dt)
        if not shape.is_compatible_with(TensorShape(v.shape)):
            raise errors.InvalidArgumentError(None, op, "Incompatible shapes at component 0: expected "
                                              "%s but got %s." % (shape, TensorShape(v.shape)))
        out.append(v)
    return out[0] if len(out) == 1 else tuple(out)


register_session_op("IteratorGetNext", _get_next_infer, _get_next_lower)


def _handle_key(handle):
    return ("tf1_iterator_handle", handle)


def _to_handle_lower(ctx, op, iterator):
    handle = ("tf1-iterator:%s" % iterator.name).encode()
    with ctx.session._lock:
        ctx.session._resources[_handle_key(handle)] = iterator
    return handle


register_session_op("IteratorToStringHandle", scalar_infer(dtypes.string), _to_handle_lower)


def _from_handle_lower(ctx, op, handle):
    h = np.asarray(handle, dtype=object).item() if not isinstance(handle, bytes) else handle
    h = h if isinstance(h, bytes) else str(h).encode()
    res = ctx.session._resources.get(_handle_key(h))
    if res is None:
        raise errors.InvalidArgumentError(None, op, "Could not parse string_handle as a valid ResourceHandle")
    return res


register_session_op("IteratorFromStringHandleV2", scalar_infer(dtypes.resource), _from_handle_lower)


# ---------------------------------------------------------------------------------- the class

def _normalize(output_types, output_shapes):
    types = nest.map_structure(dtypes.as_dtype, output_types) if nest.is_nested(output_types) \
        else dtypes.as_dtype(output_types)
    if output_shapes is None:
        shapes = nest.map_structure(lambda _: tensor_shape.unknown_shape(), types)
    elif nest.is_nested(types):
        if not nest.is_nested(output_shapes):
            raise ValueError("The two structures don't have the same nested structure.")
        shapes = nest.map_structure(nest.as_shape, output_shapes)
    else:
        shapes = nest.as_shape(output_shapes)
    return types, shapes


@export("data.Iterator")
class Iterator:
    """Represents the state of iterating through a `Dataset`."""

    def __init__(self, iterator_resource, initializer, output_types, output_shapes, output_classes):
        self._iterator_resource = iterator_resource
        self._initializer = initializer
        self._types = output_types
        self._shapes = output_shapes
        self._classes = output_classes
        # TF 1.15 makes the string handle with the iterator; string_handle() without a name returns it.
        self._string_handle = get_default_graph().create_op(
            "IteratorToStringHandle", [iterator_resource], name="IteratorToStringHandle").outputs[0]

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        types, shapes = _normalize(output_types, output_shapes)
        op = get_default_graph().create_op(
            "IteratorV2", [], attrs={"container": "", "shared_name": shared_name or "",
                                     "output_types": nest.flatten(types),
                                     "output_shapes": nest.flatten(shapes)}, name="Iterator")
        return Iterator(op.outputs[0], None, types, shapes,
                        nest.map_structure(lambda _: Tensor, types))

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None, output_classes=None):
        types, shapes = _normalize(output_types, output_shapes)
        handle = convert_to_tensor(string_handle, dtype=dtypes.string)
        op = get_default_graph().create_op(
            "IteratorFromStringHandleV2", [handle], attrs={"output_types": nest.flatten(types),
                                                           "output_shapes": nest.flatten(shapes)},
            name="IteratorFromStringHandleV2")
        return Iterator(op.outputs[0], None, types, shapes,
                        nest.map_structure(lambda _: Tensor, types))

    @property
    def initializer(self):
        if self._initializer is not None:
            return self._initializer
        raise ValueError("Iterator does not have an initializer.")

    @property
    def output_types(self):
        return self._types

    @property
    def output_shapes(self):
        return self._shapes

    @property
    def output_classes(self):
        return self._classes

    def make_initializer(self, dataset, name=None):
        with name_scope(name, "make_initializer") as scope:
            _check_compatible(self, dataset)
            return get_default_graph().create_op(
                "MakeIterator", [dataset._variant_tensor, self._iterator_resource],
                name=scope)  # a scope name ("make_initializer/") names the op itself, as in TF

    def get_next(self, name=None):
        op = get_default_graph().create_op(
            "IteratorGetNext", [self._iterator_resource],
            attrs={"output_types": nest.flatten(self._types), "output_shapes": nest.flatten(self._shapes)},
            name=name or "IteratorGetNext")
        return nest.pack_as(self._types, op.outputs)

    def string_handle(self, name=None):
        if name is None:
            return self._string_handle
        return get_default_graph().create_op("IteratorToStringHandle", [self._iterator_resource],
                                             name=name).outputs[0]


def _check_compatible(iterator, dataset):
    if not nest.same_structure(iterator._types, dataset.output_types):
        raise ValueError("The two structures don't have the same nested structure.\n\nFirst "
                         "structure: %s\n\nSecond structure: %s" % (iterator._types, dataset.output_types))
    if nest.flatten(iterator._types) != nest.flatten(dataset.output_types):
        raise TypeError("Expected output types %r but got dataset with output types %r."
                        % (iterator._types, dataset.output_types))
    if not all(a.is_compatible_with(b) for a, b in zip(nest.flatten(iterator._shapes),
                                                       nest.flatten(dataset.output_shapes))):
        raise TypeError("Expected output shapes compatible with %r but got dataset with output shapes %r."
                        % (iterator._shapes, dataset.output_shapes))


def make_one_shot_iterator(dataset):
    start = dataset._variant_tensor.op
    upstream = ancestors([start])
    for op in sorted(upstream, key=lambda o: o._id):
        if op.type in ("Placeholder", "PlaceholderWithDefault", "PlaceholderV2"):
            raise ValueError("Cannot capture a placeholder (name:%s, type:%s) by value."
                             % (op.name, op.type))
    factory = sg_mod.SubGraph(sorted(upstream, key=lambda o: o._id), [], [dataset._variant_tensor])
    types, shapes = dataset.output_types, dataset.output_shapes
    op = get_default_graph().create_op(
        "OneShotIterator", [], attrs={"container": "", "shared_name": "",
                                      "output_types": nest.flatten(types),
                                      "output_shapes": nest.flatten(shapes),
                                      "_tf1_dataset_factory": factory}, name="OneShotIterator")
    op._tf1_extra_deps = list(factory.extra_deps)
    return Iterator(op.outputs[0], None, types, shapes, dataset.output_classes)


def make_initializable_iterator(dataset, shared_name=None):
    it = Iterator.from_structure(dataset.output_types, dataset.output_shapes, shared_name)
    it._initializer = get_default_graph().create_op(
        "MakeIterator", [dataset._variant_tensor, it._iterator_resource], name="MakeIterator")
    it._classes = dataset.output_classes
    return it


export("data.make_one_shot_iterator")(make_one_shot_iterator)
export("data.make_initializable_iterator")(make_initializable_iterator)


# TF 1.15 deprecates the Dataset methods (not the tf.data functions above), naming the caller's line.
_ITERATOR_DEPRECATION = ("Use `for ... in dataset:` to iterate over a dataset. If using `tf.estimator`, "
                         "return the `Dataset` object directly from your input function. As a last resort, "
                         "you can use `tf.compat.v1.data.%s(dataset)`.")


def _deprecated_method(function):
    def method(self, *args, **kwargs):
        from ..layers_impl.base import warn_deprecated_call
        warn_deprecated_call("DatasetV1." + function.__name__, "tensorflow.python.data.ops.dataset_ops",
                             _ITERATOR_DEPRECATION % function.__name__, depth=2)
        return function(self, *args, **kwargs)
    method.__name__ = function.__name__
    method.__qualname__ = "DatasetV1." + function.__name__
    return method


dataset_ops.DatasetV1.make_one_shot_iterator = _deprecated_method(make_one_shot_iterator)
dataset_ops.DatasetV1.make_initializable_iterator = _deprecated_method(make_initializable_iterator)
