"""The `tf.data.experimental` transformations TF 1.15 programs use most: each returns a function
for `Dataset.apply` and is built from the core transformations (TF fuses some of them; the
elements are the same)."""
import numpy as np

from ..api import export
from ..framework import errors
from ..framework import tensor_shape
from . import pipelines
from . import structure as nest
from .dataset_ops import DatasetV1, AUTOTUNE


@export("data.experimental.shuffle_and_repeat")
def shuffle_and_repeat(buffer_size, count=None, seed=None):
    return lambda dataset: dataset.shuffle(buffer_size, seed=seed).repeat(count)


@export("data.experimental.map_and_batch")
def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                  num_parallel_calls=None):
    return lambda dataset: dataset.map(map_func).batch(batch_size, drop_remainder=drop_remainder)


@export("data.experimental.parallel_interleave")
def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False,
                        buffer_output_elements=None, prefetch_input_elements=None):
    return lambda dataset: dataset.interleave(map_func, cycle_length=cycle_length,
                                              block_length=block_length)


def _unbatch(dataset):
    for s in nest.flatten(dataset.output_shapes):
        if s.ndims == 0:
            raise ValueError("Cannot unbatch an input with scalar components.")
    shapes = nest.map_structure(lambda s: s[1:] if s.ndims is not None else tensor_shape.unknown_shape(),
                                dataset.output_shapes)
    return DatasetV1._op("UnbatchDataset", [dataset._variant_tensor],
                         lambda ctx, op, child: _Unbatch(child), dataset.output_types, shapes)


class _Unbatch(pipelines.DatasetValue):
    def __init__(self, child):
        self.child = child

    def iterate(self, rt):
        for element in self.child.iterate(rt):
            sizes = {c.shape[0] for c in element}
            if len(sizes) != 1:
                raise errors.InvalidArgumentError(None, rt.op, "Input element must have the same "
                                                  "batch size in each component.")
            for i in range(element[0].shape[0]):
                yield [c[i] if c.dtype != object else np.asarray(c[i], dtype=object)
                       for c in element]


@export("data.experimental.unbatch")
def unbatch():
    return _unbatch


export("data.experimental.AUTOTUNE")(AUTOTUNE)
