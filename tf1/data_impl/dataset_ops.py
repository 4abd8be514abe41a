"""`tf.data.Dataset` (TF 1.15's `DatasetV1`): each dataset is one graph op (`TensorSliceDataset`,
`MapDataset`, `BatchDatasetV2`, ...) with TF's name and inputs, whose variant output is a host-side
pipeline value (`pipelines.py`) built when the op runs in a Session. User functions (map, filter,
flat_map, interleave) are recorded once as sub-graphs (as map_fn's body is) and run per element.
"""
import os

import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import _subgraph as sg_mod
from ..ops.array_ops import placeholder
from . import pipelines
from . import structure as nest

TensorShape = tensor_shape.TensorShape
AUTOTUNE = -1


# ------------------------------------------------------------------------------ the dataset ops

def _dataset_infer(op):
    return [(dtypes.variant, TensorShape([]))]


def _dataset_lower(ctx, op, *inputs):
    # Each dataset op carries the function that binds its input values into a pipeline value.
    build = op._attrs.get("_tf1_build")
    if build is None:
        raise errors.UnimplementedError(None, op, "%s was imported from a GraphDef; tf1 runs only datasets "
                                        "built by the tf.data Python API in this process" % op.type)
    return build(ctx, op, *inputs)


_DATASET_OPS = ("TensorDataset", "TensorSliceDataset", "RangeDataset", "ZipDataset",
                "ConcatenateDataset", "MapDataset", "ParallelMapDataset", "FilterDataset",
                "FlatMapDataset", "InterleaveDataset", "BatchDatasetV2", "PaddedBatchDatasetV2",
                "ShuffleDataset", "RepeatDataset", "TakeDataset", "SkipDataset", "PrefetchDataset",
                "CacheDataset", "TextLineDataset", "TFRecordDataset", "GeneratorDataset",
                "UnbatchDataset", "ShardDataset", "FixedLengthRecordDatasetV2")
for _t in _DATASET_OPS:
    registry.register(_t, _dataset_infer, _dataset_lower, stateful=True, host=True,
                      differentiable=False)


def _flat_specs(types, shapes):
    return {"output_types": nest.flatten(types), "output_shapes": nest.flatten(shapes)}


def _const(value, dtype, name):
    return convert_to_tensor(value, dtype=dtype, name=name)


# ------------------------------------------------------------------------- recorded functions

class _Traced:
    """A user function recorded against an element structure: its sub-graph, result structure,
    flat output dtypes/shapes and the outside tensors it captures (inputs of the dataset op)."""

    def __init__(self, fn, types, shapes, scope):
        g = get_default_graph()
        flat_types, flat_shapes = nest.flatten(types), nest.flatten(shapes)
        with name_scope(scope):  # TF's function bodies live in their own graph; here a scope
            start = g._last_id
            # A function's arguments are placeholders (as in TF's function graphs); the dataset op
            # supplies their values, and a GraphDef holding them imports like any other graph.
            args = [placeholder(dt, s, name="args_%d" % i)
                    for i, (dt, s) in enumerate(zip(flat_types, flat_shapes))]
            nested = nest.pack_as(types, args)
            ret = fn(*nested) if type(nested) is tuple else fn(nested)
            if isinstance(ret, list):
                ret = tuple(ret)  # TF 1.15 treats a returned list as a tuple of components
            ret = nest.map_structure(lambda v: v if isinstance(v, DatasetV1) else convert_to_tensor(v), ret)
            recorded = sg_mod.ops_after(g, start)
        self.structure = ret
        flat = [v._variant_tensor if isinstance(v, DatasetV1) else v for v in nest.flatten(ret)]
        self.subgraph = sg_mod.SubGraph(recorded, args, flat)
        self.captures = self.subgraph.captures
        self.compiled = {}  # jitted forms, shared by every binding (see pipelines.Function)
        self.out_dtypes = [t.dtype.base_dtype for t in flat]
        self.types = nest.map_structure(lambda v: v.dtype.base_dtype if isinstance(v, Tensor) else v, ret)
        self.shapes = nest.map_structure(lambda v: v.get_shape() if isinstance(v, Tensor) else v, ret)

    def bind(self, op, capture_values):
        env = dict(zip(op._inputs[len(op._inputs) - len(self.captures):],
                       [pipelines.host_copy(v) for v in capture_values]))
        return pipelines.Function(self.subgraph, env, self.out_dtypes, self.compiled)

    def finish(self, op):
        sg_mod.finish_outer_op(op, [self.subgraph])


# ---------------------------------------------------------------------------------- the class

@export("data.Dataset")
class DatasetV1:
    """A sequence of elements, each a nested structure (tuples, dicts) of tensors."""

    def __init__(self, variant_tensor, types, shapes):
        self._variant_tensor = variant_tensor
        self._types = types
        self._shapes = shapes

    # -- structure
    @property
    def output_types(self):
        return self._types

    @property
    def output_shapes(self):
        return self._shapes

    @property
    def output_classes(self):
        return nest.map_structure(lambda _: Tensor, self._types)

    def __repr__(self):
        return "<%s shapes: %s, types: %s>" % (type(self).__name__, nest.shapes_str(self._shapes),
                                               nest.types_str(self._types))

    def __iter__(self):
        raise RuntimeError("dataset.__iter__() is only supported when eager execution is enabled.")

    @staticmethod
    def _op(op_type, inputs, build, types, shapes, attrs=None, traced=None):
        a = _flat_specs(types, shapes)
        a.update(attrs or {})
        a["_tf1_build"] = build
        extra = list(traced.captures) if traced is not None else []
        op = get_default_graph().create_op(op_type, list(inputs) + extra, attrs=a, name=op_type)
        if traced is not None:
            traced.finish(op)
        return DatasetV1Adapter(op.outputs[0], types, shapes)

    # -- sources
    @staticmethod
    def from_tensors(tensors):
        with name_scope("normalize_tensors"):  # TF 1.15 structure.normalize_element
            flat = [convert_to_tensor(t, name="component_%d" % i) for i, t in enumerate(nest.flatten(tensors))]
        types = nest.pack_as(tensors, [t.dtype.base_dtype for t in flat])
        shapes = nest.pack_as(tensors, [t.get_shape() for t in flat])

        def build(ctx, op, *values):
            return pipelines.Tensors([pipelines.as_component(v, dt) for v, dt in zip(values, nest.flatten(types))])
        return DatasetV1._op("TensorDataset", flat, build, types, shapes,
                             {"Toutput_types": nest.flatten(types)})

    @staticmethod
    def from_tensor_slices(tensors):
        with name_scope("normalize_tensors"):  # TF 1.15 structure.normalize_element
            flat = [convert_to_tensor(t, name="component_%d" % i) for i, t in enumerate(nest.flatten(tensors))]
        batch = tensor_shape.Dimension(None)
        for t in flat:
            if t.get_shape().ndims == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            batch = batch.merge_with(t.get_shape().with_rank_at_least(1)[0])
        types = nest.pack_as(tensors, [t.dtype.base_dtype for t in flat])
        shapes = nest.pack_as(tensors, [t.get_shape()[1:] for t in flat])

        def build(ctx, op, *values):
            comps = [pipelines.as_component(v, dt) for v, dt in zip(values, nest.flatten(types))]
            sizes = {c.shape[0] for c in comps}
            if len(sizes) > 1:
                raise errors.InvalidArgumentError(None, op, "All components must have the same size in "
                                                  "the 0th dimension")
            return pipelines.Slices(comps)
        return DatasetV1._op("TensorSliceDataset", flat, build, types, shapes,
                             {"Toutput_types": nest.flatten(types)})

    @staticmethod
    def range(*args):
        if not 1 <= len(args) <= 3:
            raise ValueError("Invalid arguments to RangeDataset: %s" % (args,))
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (tuple(args) + (1,))[:3]
        inputs = [_const(start, dtypes.int64, "start"), _const(stop, dtypes.int64, "stop"),
                  _const(step, dtypes.int64, "step")]

        def build(ctx, op, start, stop, step):
            if int(step) == 0:
                raise errors.InvalidArgumentError(None, op, "step must be a non-zero integer.")
            return pipelines.Range(start, stop, step)
        return DatasetV1._op("RangeDataset", inputs, build, dtypes.int64, TensorShape([]))

    @staticmethod
    def zip(datasets):
        flat = nest.flatten(datasets)
        for d in flat:
            if not isinstance(d, DatasetV1):
                raise TypeError("The argument to `Dataset.zip()` must be a nested structure of "
                                "`Dataset` objects.")
        types = nest.map_structure(lambda d: d.output_types, datasets)
        shapes = nest.map_structure(lambda d: d.output_shapes, datasets)

        def build(ctx, op, *values):
            return pipelines.Zip(list(values))
        return DatasetV1._op("ZipDataset", [d._variant_tensor for d in flat], build, types, shapes,
                             {"N": len(flat)})

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None):
        if not callable(generator):
            raise TypeError("`generator` must be callable.")
        types = nest.map_structure(dtypes.as_dtype, output_types)
        if output_shapes is None:
            shapes = nest.map_structure(lambda _: tensor_shape.unknown_shape(), types)
        else:
            shapes = nest.map_structure(nest.as_shape, output_shapes) if nest.is_nested(output_shapes) \
                else nest.as_shape(output_shapes)
        flat_args = [convert_to_tensor(a) for a in (args or ())]

        def build(ctx, op, *values):
            return _Generated(op, generator, values, types, shapes)
        return DatasetV1._op("GeneratorDataset", flat_args, build, types, shapes)

    # -- transformations
    def concatenate(self, dataset):
        if not nest.same_structure(self._types, dataset._types) or \
                nest.flatten(self._types) != nest.flatten(dataset._types):
            raise TypeError("Two datasets to concatenate have different types %s and %s"
                            % (self._types, dataset._types))
        shapes = nest.map_structure(lambda a, b: a.most_specific_compatible_shape(b), self._shapes,
                                    dataset._shapes)
        return self._op("ConcatenateDataset", [self._variant_tensor, dataset._variant_tensor],
                        lambda ctx, op, a, b: pipelines.Concatenate(a, b), self._types, shapes)

    def map(self, map_func, num_parallel_calls=None):
        traced = _Traced(map_func, self._types, self._shapes, "Dataset_map")
        for v in nest.flatten(traced.structure):
            if isinstance(v, DatasetV1):
                raise TypeError("map function cannot return a Dataset; use flat_map")
        inputs = [self._variant_tensor]
        if num_parallel_calls is not None:
            inputs.append(_const(num_parallel_calls, dtypes.int32, "num_parallel_calls"))

        def build(ctx, op, child, *rest):
            return pipelines.Map(child, traced.bind(op, rest[len(rest) - len(traced.captures):]))
        return self._op("MapDataset" if num_parallel_calls is None else "ParallelMapDataset", inputs,
                        build, traced.types, traced.shapes, traced=traced)

    def filter(self, predicate):
        traced = _Traced(predicate, self._types, self._shapes, "Dataset_filter")
        out = nest.flatten(traced.structure)
        if len(out) != 1 or not isinstance(out[0], Tensor) or out[0].dtype.base_dtype != dtypes.bool \
                or not out[0].get_shape().is_compatible_with(TensorShape([])):
            raise ValueError("`predicate` must return a scalar boolean tensor.")

        def build(ctx, op, child, *caps):
            return pipelines.Filter(child, traced.bind(op, caps))
        return self._op("FilterDataset", [self._variant_tensor], build, self._types, self._shapes,
                        traced=traced)

    def _dataset_fn(self, map_func, scope):
        traced = _Traced(map_func, self._types, self._shapes, scope)
        if not isinstance(traced.structure, DatasetV1):
            raise TypeError("`map_func` must return a `Dataset` object.")
        return traced

    def flat_map(self, map_func):
        traced = self._dataset_fn(map_func, "Dataset_flat_map")
        inner = traced.structure

        def build(ctx, op, child, *caps):
            return pipelines.FlatMap(child, traced.bind(op, caps))
        return self._op("FlatMapDataset", [self._variant_tensor], build, inner._types, inner._shapes,
                        traced=traced)

    def interleave(self, map_func, cycle_length=AUTOTUNE, block_length=1, num_parallel_calls=None):
        traced = self._dataset_fn(map_func, "Dataset_interleave")
        inner = traced.structure
        inputs = [self._variant_tensor, _const(cycle_length, dtypes.int64, "cycle_length"),
                  _const(block_length, dtypes.int64, "block_length")]

        def build(ctx, op, child, cycle, block, *caps):
            cycle = int(cycle)
            return pipelines.Interleave(child, traced.bind(op, caps),
                                        os.cpu_count() or 1 if cycle == AUTOTUNE else cycle, block)
        return self._op("InterleaveDataset", inputs, build, inner._types, inner._shapes, traced=traced)

    def _batched_shapes(self, batch_size, drop_remainder, base):
        n = None
        if drop_remainder is True:  # a static batch dimension only when partial batches are dropped
            from ..framework.tensor_util import constant_value
            n = constant_value(batch_size)
            n = None if n is None else int(n)
        return nest.map_structure(lambda s: TensorShape([n]).concatenate(s), base)

    def batch(self, batch_size, drop_remainder=False):
        size = _const(batch_size, dtypes.int64, "batch_size")
        drop = _const(drop_remainder, dtypes.bool, "drop_remainder")
        shapes = self._batched_shapes(size, drop_remainder, self._shapes)
        flat_types = nest.flatten(self._types)

        def build(ctx, op, child, n, drop):
            _check_batch_size(op, n)
            return pipelines.Batch(child, n, drop, flat_types)
        return self._op("BatchDatasetV2", [self._variant_tensor, size, drop], build, self._types, shapes,
                        {"parallel_copy": False})

    def padded_batch(self, batch_size, padded_shapes, padding_values=None, drop_remainder=False):
        size = _const(batch_size, dtypes.int64, "batch_size")
        flat_types = nest.flatten(self._types)
        if nest.is_nested(self._types):
            pshapes = [nest.as_shape(s) for s in nest.flatten(padded_shapes)] \
                if nest.is_nested(padded_shapes) else None
        else:
            pshapes = [nest.as_shape(padded_shapes)]
        if pshapes is None or len(pshapes) != len(flat_types):
            raise ValueError("The two structures don't have the same nested structure: %s and %s"
                             % (self._types, padded_shapes))
        for p, s in zip(pshapes, nest.flatten(self._shapes)):
            if not p.is_compatible_with(s) and s.ndims is not None and p.ndims != s.ndims:
                raise ValueError("The padded shape %s is not compatible with the corresponding input "
                                 "component shape %s." % (p, s))
        if padding_values is None:
            pads = [b"" if dt == dtypes.string else 0 for dt in flat_types]
        else:
            pads = nest.flatten(padding_values) if nest.is_nested(self._types) else [padding_values]
        with name_scope("padded_shapes"):
            pshape_tensors = [_const([-1 if d is None else d for d in p.as_list()], dtypes.int64,
                                     "component_%d" % i) for i, p in enumerate(pshapes)]
        pad_tensors = [_const(v, dt, "padding_value" if i == 0 else "padding_value_%d" % i)
                       for i, (v, dt) in enumerate(zip(pads, flat_types))]
        drop = _const(drop_remainder, dtypes.bool, "drop_remainder")
        shapes = self._batched_shapes(size, drop_remainder, nest.pack_as(self._types, pshapes))
        npad = len(pshapes)

        def build(ctx, op, child, n, *rest):
            _check_batch_size(op, n)
            shape_values = [[int(d) for d in np.asarray(s).reshape(-1)] for s in rest[:npad]]
            pad_values = [np.asarray(v, dtype=object).item() if dt == dtypes.string else np.asarray(v).item()
                          for v, dt in zip(rest[npad:2 * npad], flat_types)]
            return pipelines.PaddedBatch(child, n, rest[2 * npad], flat_types, shape_values, pad_values)
        return self._op("PaddedBatchDatasetV2", [self._variant_tensor, size] + pshape_tensors + pad_tensors
                        + [drop], build, self._types, shapes, {"Toutput_types": flat_types, "N": npad,
                                                               "parallel_copy": False})

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        from ..ops.random_ops import get_seed
        s1, s2 = get_seed(seed)
        s1, s2 = (0, 0) if s1 is None else (s1, s2)
        inputs = [self._variant_tensor, _const(buffer_size, dtypes.int64, "buffer_size"),
                  _const(s1, dtypes.int64, "seed"), _const(s2, dtypes.int64, "seed2")]
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)

        def build(ctx, op, child, n, a, b):
            if int(n) <= 0:
                raise errors.InvalidArgumentError(None, op, "buffer_size must be greater than zero.")
            return pipelines.Shuffle(child, n, int(a), int(b), reshuffle)
        return self._op("ShuffleDataset", inputs, build, self._types, self._shapes,
                        {"reshuffle_each_iteration": reshuffle})

    def _counted(self, op_type, count, cls):
        inputs = [self._variant_tensor, _const(-1 if count is None else count, dtypes.int64, "count")]
        return self._op(op_type, inputs, lambda ctx, op, child, n: cls(child, n), self._types, self._shapes)

    def repeat(self, count=None):
        return self._counted("RepeatDataset", count, pipelines.Repeat)

    def take(self, count):
        return self._counted("TakeDataset", count, pipelines.Take)

    def skip(self, count):
        return self._counted("SkipDataset", count, pipelines.Skip)

    def shard(self, num_shards, index):
        inputs = [self._variant_tensor, _const(num_shards, dtypes.int64, "num_shards"),
                  _const(index, dtypes.int64, "index")]

        def build(ctx, op, child, n, i):
            n, i = int(n), int(i)
            if n <= 0:
                raise errors.InvalidArgumentError(None, op, "Number of shards must be greater than "
                                                  "zero (currently num_shards = %d)." % n)
            if not 0 <= i < n:
                raise errors.InvalidArgumentError(None, op, "Index must be between 0 and %d "
                                                  "(currently index = %d)." % (n - 1, i))
            return pipelines.Shard(child, n, i)
        return self._op("ShardDataset", inputs, build, self._types, self._shapes,
                        {"require_non_empty": False})

    def prefetch(self, buffer_size):
        inputs = [self._variant_tensor, _const(buffer_size, dtypes.int64, "buffer_size")]
        return self._op("PrefetchDataset", inputs, lambda ctx, op, child, n: pipelines.Passthrough(child),
                        self._types, self._shapes)

    def cache(self, filename=""):
        inputs = [self._variant_tensor, _const(filename, dtypes.string, "filename")]
        return self._op("CacheDataset", inputs, lambda ctx, op, child, f: pipelines.Cache(child),
                        self._types, self._shapes)

    def enumerate(self, start=0):
        """(index, element) pairs: TF zips a range from `start` to the largest int64 with the dataset."""
        return DatasetV1.zip((DatasetV1.range(start, np.iinfo(np.int64).max), self))

    def apply(self, transformation_func):
        dataset = transformation_func(self)
        if not isinstance(dataset, DatasetV1):
            raise TypeError("`transformation_func` must return a Dataset. Got {}.".format(dataset))
        return dataset

    # -- iterators (iterator_ops adds make_one_shot_iterator / make_initializable_iterator)


@export("data.DatasetV1Adapter")
class DatasetV1Adapter(DatasetV1):
    """The class TF 1.15's transformations return (its name shows in the repr)."""


def _check_batch_size(op, n):
    if int(n) <= 0:
        raise errors.InvalidArgumentError(None, op, "Batch size must be greater than zero.")


class _Generated(pipelines.DatasetValue):
    """from_generator: the Python generator is called per pass; values must match the declared types."""

    def __init__(self, op, generator, args, types, shapes):
        self.op = op
        self.generator = generator
        self.args = args
        self.types = types
        self.shapes = shapes

    def iterate(self, rt):
        for value in self.generator(*[np.asarray(a).item() if np.ndim(a) == 0 else a for a in self.args]):
            if isinstance(value, list) and nest.is_nested(self.types):
                value = tuple(value)
            flat = nest.flatten(value) if nest.is_nested(self.types) else [value]
            out = []
            for v, dt, s in zip(flat, nest.flatten(self.types), nest.flatten(self.shapes)):
                arr = pipelines.as_component(v, dt)
                if not s.is_compatible_with(TensorShape(arr.shape)):
                    raise errors.InvalidArgumentError(
                        None, self.op, "`generator` yielded an element of shape %s where an element of "
                                       "shape %s was expected." % (TensorShape(arr.shape), s))
                out.append(arr)
            yield out


@export("data.get_output_types")
def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


@export("data.get_output_shapes")
def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


@export("data.get_output_classes")
def get_output_classes(dataset_or_iterator):
    return dataset_or_iterator.output_classes
