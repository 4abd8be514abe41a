"""`tf.TensorArray`, the value-semantics way: an array's whole contents live in its `flow` tensor.

TF 1.15's TensorArray is a resource (`TensorArrayV3` handle) plus a scalar `flow` that orders the
reads and writes. tf1 has no resources inside XLA programs, so the flow here *is* the buffer: a
tensor `[size, *element_shape]`. `write` returns a new TensorArray whose buffer has one row
replaced, `unstack`/`split` make the buffer from a value, `read`/`gather`/`stack`/`concat` index it.
The ops doing that are small `TensorArrayBuffer*` ops (one jnp expression each, differentiated by
JAX like any other op) that carry TF's run-time checks: reading out of range, writing past a
fixed size, reading an element twice when `clear_after_read`.

As in TF, every array derived from one `TensorArray(...)` (its writes, the copies a while_loop makes)
shares one inferred element shape: a write inside a loop body fixes the shape the stacked result
has after the loop.

`tf.while_loop` carries an array as its buffer (tf1/ops/while_ops.py), plus, for `dynamic_size`
arrays, the number of elements written so far: the buffer is sized, when the loop runs, to that
number plus the loop's bound (its trip count when computable before the loop, else a static
`maximum_iterations`), and `size()`/`stack()` return the written part. An array whose element shape
is unknown until the body writes it enters the loop as a scalar placeholder; the loop allocates it
from the shape the body's write has (`jax.eval_shape` of one step).

Limits, honestly:
- elements have one shape: `split` into unequal lengths (TF allows it with `infer_shape=False`)
  raises `UnimplementedError`;
- a `dynamic_size` array grows by a data-dependent amount only where its write index is a known
  value (constants, a host loop, a loop whose variables are all known); in a compiled
  `tf.while_loop` it grows only up to the loop's bound, so a loop with neither a computable trip
  count nor `maximum_iterations` raises `UnimplementedError` (the message says to pass
  `maximum_iterations`); stacking it after a loop bounded by `maximum_iterations` runs on the host,
  and so do gradients through that stack;
- TF's run-time checks (reading out of range, writing past a fixed size, `clear_after_read`
  double reads) see indices known when the op runs -- constants, host loops -- not indices
  computed inside compiled code (where, as for `tf.gather`, a bad index is not reported); TF's
  "already been written to" (writing one index twice) is not checked;
- `grad` (TF's gradient arrays) and `handle` (its resource) do not exist;
- a `tf.cond` returning TensorArrays merges their buffers (tf1/ops/cond_ops.py); a dynamic array
  keeps a static length only where both branches wrote the same known number of elements.
"""
import itertools

import jax
import jax.numpy as jnp
import numpy as np

from ..api import export, public as _tf
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value
from ..platform import tf_logging

_array_ids = itertools.count()


def _loosened(t, shape):
    """`t` with TF's static shape for the op it stands for: TensorArray gathers and growing stacks do
    not know their length statically even where the Gather/Concat computing them here does."""
    t._shape_val = tensor_shape.as_shape(shape)
    return t


def _static_int(x):
    if isinstance(x, (int, np.integer)):
        return int(x)
    v = constant_value(convert_to_tensor(x))
    return None if v is None else int(v)


def _short_type(dtype):
    names = {"float32": "float", "float64": "double", "float16": "half"}
    return names.get(dtype.name, dtype.name)


def _dims(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


# ------------------------------------------------------------------------------ buffer ops
# Every op takes the buffer first; `length` (last input, where present) is the number of elements
# a dynamic_size array carried by a while_loop holds (its buffer may have spare rows).

def _specs_infer(op):
    return list(op._attrs["_tf1_out_specs"])


def _concrete(*xs):
    return not any(isinstance(x, jax.core.Tracer) for x in xs)


def _known_int(x):
    """`x` as an int when its value is known (also a gradient tracer's known primal), else None."""
    try:
        return int(x)
    except (jax.errors.ConcretizationTypeError, jax.errors.TracerIntegerConversionError):
        return None


def _array(op):
    return op._attrs["_tf1_array"]  # (array id, name in messages, clear_after_read)


def _check_written(op, buf):
    if np.ndim(buf) == 0:
        raise errors.InvalidArgumentError(
            None, op, "TensorArray %s: Could not read from TensorArray index 0.  Furthermore, the element "
                      "shape is not fully defined: <unknown>.  It is possible you are working with a "
                      "resizeable TensorArray and stop_gradients is not allowing the gradients to be "
                      "written.  If you set the full element_shape property on the forward TensorArray, "
                      "the proper all-zeros tensor will be returned instead of incurring this error."
            % _array(op)[1])


def _note_reads(ctx, op, indices):
    """TF's clear_after_read: an element read by one op cannot be read by another in the same run.
    (The same op running again -- a gradient re-running the forward ops -- is not a second read.)"""
    ident, name, clear = _array(op)
    if not clear or not _concrete(indices):
        return
    reads = ctx.__dict__.setdefault("_tf1_tensor_array_reads", {}).setdefault(ident, {})
    for i in np.reshape(np.asarray(indices), [-1]).tolist():
        first = reads.setdefault(int(i), op.name)
        if first != op.name:
            raise errors.InvalidArgumentError(
                None, op, "TensorArray %s: Could not read index %d twice because it was cleared after a "
                          "previous read (perhaps try setting clear_after_read = false?)." % (name, i))


def _written_part(op, buf, length):
    """The rows of `buf` holding elements: all of them, or the first `length` (a loop's array)."""
    _check_written(op, buf)
    if not length:
        return buf
    n = _known_int(length[0])
    if n is None:
        raise errors.UnimplementedError(
            None, op, "TensorArray %s (dynamic_size=True) was written inside a tf.while_loop whose number "
                      "of writes is only known when the loop runs; it cannot be stacked inside compiled code "
                      "(op: '%s'). Give the loop a trip count known before it runs, or set "
                      "maximum_iterations." % (_array(op)[1], op.name))
    return buf[:n]


def _read_lower(ctx, op, buf, index, *length):
    _check_written(op, buf)
    n = length[0] if length else buf.shape[0]
    if _concrete(index, n):
        i, size = int(index), int(n)
        if i < 0 or i >= size:
            raise errors.InvalidArgumentError(
                None, op, "Tried to read from index %d but array size is: %d" % (i, size))
        _note_reads(ctx, op, i)
    return jnp.asarray(buf)[index]


def _gather_lower(ctx, op, buf, indices, *length):
    _check_written(op, buf)
    n = length[0] if length else buf.shape[0]
    if _concrete(indices, n):
        bad = [int(i) for i in np.reshape(np.asarray(indices), [-1]) if i < 0 or i >= int(n)]
        if bad:
            raise errors.InvalidArgumentError(
                None, op, "Tried to gather element %d but array size is: %d" % (bad[0], int(n)))
        _note_reads(ctx, op, indices)
    return jnp.take(jnp.asarray(buf), indices, axis=0)


def _stack_lower(ctx, op, buf, *length):
    buf = _written_part(op, buf, length)
    _note_reads(ctx, op, np.arange(buf.shape[0]))
    return buf


def _concat_lower(ctx, op, buf, *length):
    buf = _written_part(op, buf, length)
    _note_reads(ctx, op, np.arange(buf.shape[0]))
    return jnp.reshape(buf, (-1,) + tuple(buf.shape[2:]))


def _write_lower(ctx, op, buf, index, value, n):
    """Element `index` set to `value`. `n` is the array's size, or for a dynamic array its written
    length (used by a first write that allocates the buffer)."""
    err = op._attrs.get("_tf1_dtype_error")
    if err:
        raise errors.InvalidArgumentError(None, op, err)
    value = jnp.asarray(value)
    return _set_rows(op, buf, index, value, n, value.shape)


def _scatter_lower(ctx, op, buf, indices, value, n):
    """Elements `indices[k]` set to `value[k]`."""
    value = jnp.asarray(value)
    return _set_rows(op, buf, indices, value, n, value.shape[1:])


def _set_rows(op, buf, index, value, n, elem_shape):
    dynamic = op._attrs["_tf1_dynamic"]
    name = _array(op)[1]
    top = None  # the largest index written, when known
    if np.ndim(buf) == 0:
        # A loop's array whose element shape was unknown until this write: allocate it. (Under
        # jax.eval_shape, when the loop looks for that shape, the row count does not matter.)
        if not dynamic:
            if not _concrete(n):
                raise errors.UnimplementedError(
                    None, op, "TensorArray %s: its size must be known when the op runs" % name)
            rows = int(n)
        else:
            rows = max(int(n), int(np.max(index)) + 1) if _concrete(n, index) and np.size(index) else 1
        buf = jnp.zeros((rows,) + tuple(elem_shape), value.dtype)
    rows = buf.shape[0]
    if dynamic and not op._attrs["_tf1_loop_buffer"]:
        index = np.asarray(index)  # growing by a traced amount is impossible: fails as a trace error
    if _concrete(index) and np.size(index):
        flat = np.reshape(np.asarray(index), [-1])
        bad = [int(i) for i in flat if i < 0 or (i >= rows and not dynamic)]
        if bad:
            raise errors.InvalidArgumentError(
                None, op, "TensorArray %s: Tried to write to index %d but array is not resizeable and size "
                          "is: %d" % (name, bad[0], rows))
        top = int(flat.max())
        if top >= rows:
            buf = jnp.concatenate([jnp.asarray(buf), jnp.zeros((top + 1 - rows,) + buf.shape[1:], buf.dtype)])
    if tuple(elem_shape) != tuple(buf.shape[1:]):
        raise errors.InvalidArgumentError(
            None, op, "TensorArray %s: Could not write to TensorArray index %s because the value shape is %s "
                      "which is incompatible with the TensorArray's inferred element shape: %s (consider "
                      "setting infer_shape=False)." % (name, top if top is not None else "?",
                                                       _dims(elem_shape), _dims(buf.shape[1:])))
    return jnp.asarray(buf).at[index].set(value.astype(buf.dtype))


def _split_lower(ctx, op, value, lengths):
    name = _array(op)[1]
    if not _concrete(lengths):
        raise errors.UnimplementedError(
            None, op, "TensorArray %s: split lengths must be known when the op runs in tf1 (op: '%s')"
            % (name, op.name))
    lens = [int(v) for v in np.reshape(np.asarray(lengths), [-1])]
    value = jnp.asarray(value)
    if sum(lens) != value.shape[0]:
        raise errors.InvalidArgumentError(
            None, op, "Expected sum of lengths to be equal to values.shape[0], but sum of lengths is %d and "
                      "value's shape is: %s" % (sum(lens), _dims(value.shape)))
    for i, n in enumerate(lens):
        if n != lens[0]:
            if op._attrs["_tf1_infer_shape"]:
                raise errors.InvalidArgumentError(
                    None, op, "TensorArray %s: Could not write to TensorArray index %d because the value "
                              "shape is %s which is incompatible with the TensorArray's inferred element "
                              "shape: %s (consider setting infer_shape=False)."
                    % (name, i, _dims((n,) + value.shape[1:]), _dims((lens[0],) + value.shape[1:])))
            raise errors.UnimplementedError(
                None, op, "TensorArray %s: tf1's TensorArray holds elements of one shape; splitting into "
                          "unequal lengths %s is not supported" % (name, lens))
    return jnp.reshape(value, (len(lens), lens[0] if lens else 0) + value.shape[1:])


registry.register("TensorArrayBufferRead", _specs_infer, _read_lower)
registry.register("TensorArrayBufferGather", _specs_infer, _gather_lower)
registry.register("TensorArrayBufferStack", _specs_infer, _stack_lower)
registry.register("TensorArrayBufferConcat", _specs_infer, _concat_lower)
registry.register("TensorArrayBufferWrite", _specs_infer, _write_lower)
registry.register("TensorArrayBufferScatter", _specs_infer, _scatter_lower)
registry.register("TensorArrayBufferSplit", _specs_infer, _split_lower)
# The written part of an array that left a loop bounded by maximum_iterations has a data-dependent
# length: no XLA program can produce it, so these run on the host (and so do gradients through them).
registry.register("TensorArrayBufferStackOnHost", _specs_infer, _stack_lower, host=True)
registry.register("TensorArrayBufferConcatOnHost", _specs_infer, _concat_lower, host=True)


@export("TensorArray")
class TensorArray:
    """A list of same-dtype tensors indexed by position (see module docstring)."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None,
                 colocate_with_first_write_call=True, name=None):
        if handle is not None:
            raise NotImplementedError("tf1's TensorArray has no resource handle; build it from dtype and "
                                      "size (or from flow=<a [size, ...] buffer>)")
        if size is None and flow is None:
            raise ValueError("Size must be provided if handle is not provided")
        self._dtype = dtypes.as_dtype(dtype).base_dtype
        self._dynamic_size = bool(dynamic_size)
        self._clear_after_read = True if clear_after_read is None else bool(clear_after_read)
        self._infer_shape = infer_shape
        # One cell shared by every array derived from this one (TF shares its `_element_shape` list).
        self._shape_cell = [tensor_shape.as_shape(element_shape) if element_shape is not None
                            else tensor_shape.unknown_shape()]
        # TF's gather knows its length only from an element shape given here (the resource's).
        self._handle_shape = tensor_shape.as_shape(element_shape) if element_shape is not None else None
        self._size = size
        self._buffer = None
        self._length = None      # elements written, for a dynamic array carried by a while_loop
        self._host_stack = False  # its length is data-dependent (a loop bounded by maximum_iterations)
        self._id = next(_array_ids)
        with name_scope(name, "TensorArray") as scope:
            self._name = scope
        # TF names the resource "<op name>_<process-wide counter>" in its messages.
        self._array_name = "%s_%d" % (tensor_array_name or scope.rstrip("/"), self._id)
        if flow is not None:
            self._set_buffer(convert_to_tensor(flow, dtype=self._dtype))

    # ------------------------------------------------------------------------------- internals

    @property
    def _element_shape(self):
        return self._shape_cell[0]

    @_element_shape.setter
    def _element_shape(self, shape):
        self._shape_cell[0] = shape

    def _copy(self, buffer):
        ta = TensorArray.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._buffer = None
        ta._set_buffer(buffer)
        return ta

    def _set_buffer(self, buffer):
        shp = buffer.get_shape()
        if shp.ndims is not None and shp.ndims >= 1:
            self._merge_element_shape(tensor_shape.TensorShape(shp.dims[1:]))
        self._buffer = buffer

    def _merge_element_shape(self, shape):
        if not self._infer_shape:  # TF neither checks nor records element shapes then
            return
        if not shape.is_compatible_with(self._element_shape):
            raise ValueError("Inconsistent shapes: saw %s but expected %s " % (shape, self._element_shape))
        self._element_shape = self._element_shape.merge_with(shape)

    def _static_size(self):
        if self._length is not None:
            return None
        if self._buffer is not None:
            d = self._buffer.get_shape()
            if d.ndims:
                n = tensor_shape.dimension_value(d[0])
                if n is not None:
                    return n
        if self._buffer is None or not self._dynamic_size:
            return None if self._size is None else _static_int(self._size)
        return None

    def _allocated(self, element_shape=None, like=None):
        """The buffer, making a zero-filled one ([size] + element shape) for an unwritten array; an
        element shape known only at run time is taken from `like` (the first value written)."""
        if self._buffer is not None:
            return self._buffer
        tf = _tf()
        shape = self._element_shape if element_shape is None else element_shape
        size = 0 if self._size is None else self._size
        n = _static_int(size)
        if shape.is_fully_defined():
            if n is not None:
                return tf.zeros([n] + shape.as_list(), self._dtype)
            elem = tf.constant(shape.as_list(), dtype=dtypes.int32)
        elif like is not None:
            elem = tf.shape(like, out_type=dtypes.int32)
        else:
            raise errors.UnimplementedError(
                None, None, "TensorArray %s has not been written to and its element shape %s is not fully "
                            "defined" % (self._name, shape))
        buf = tf.zeros(tf.concat([tf.reshape(tf.cast(size, dtypes.int32), [1]), elem], 0), self._dtype)
        buf.set_shape(tensor_shape.TensorShape([n]).concatenate(shape))
        return buf

    def _check_dtype(self, value):
        if value.dtype.base_dtype != self._dtype:
            raise errors.InvalidArgumentError(
                None, None, "TensorArray dtype is %s but Op is trying to write dtype %s."
                % (self._dtype.name, value.dtype.base_dtype.name))

    def _buffer_op(self, op_type, inputs, specs, name, **attrs):
        attrs = dict(attrs, _tf1_out_specs=specs, _tf1_array=(self._id, self._array_name, self._clear_after_read))
        return get_default_graph().create_op(op_type, inputs, attrs=attrs, name=name).outputs

    def _length_inputs(self):
        return [] if self._length is None else [self._length]

    def _read_buffer(self):
        """The buffer for a read: an unwritten array reads zeros when its element shape is known."""
        return self._allocated()

    # --------------------------------------------------------------- while_loop support (while_ops)

    def _loop_parts(self):
        """(buffer, length or None): what a while_loop carries for this array. An array with no
        buffer yet and an element shape known only from the body's writes enters as a scalar."""
        tf = _tf()
        if self._buffer is None:
            if self._element_shape.is_fully_defined() or self._size is None:
                buf = self._allocated()
            else:
                buf = tf.zeros([], self._dtype, name="TensorArray")
        else:
            buf = self._buffer
        if not self._dynamic_size:
            return buf, None
        if self._length is not None:
            return buf, self._length
        if self._buffer is None:
            size = 0 if self._size is None else self._size
            return buf, tf.cast(convert_to_tensor(size), dtypes.int32)
        return buf, self._rows(buf)

    def _rows(self, buf):
        tf = _tf()
        n = tensor_shape.dimension_value(buf.get_shape()[0]) if buf.get_shape().ndims else None
        if n is not None:
            return tf.constant(n, dtype=dtypes.int32)
        return tf.shape(buf, out_type=dtypes.int32)[0]

    def _loop_invariant(self, buf):
        """The shape the carried buffer keeps across iterations."""
        shp = buf.get_shape()
        if shp.ndims == 0:
            return tensor_shape.unknown_shape()
        if self._dynamic_size and shp.ndims:
            return tensor_shape.TensorShape([None]).concatenate(shp[1:])
        return shp

    def _from_loop(self, buf, length, host_stack=False):
        """This array around the tensors a while_loop carries for it."""
        ta = TensorArray.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._buffer = None
        ta._set_buffer(buf)
        ta._length = length
        ta._host_stack = host_stack or self._host_stack
        return ta

    # ---------------------------------------------------------------------------- public API

    @property
    def dtype(self):
        return self._dtype

    @property
    def flow(self):
        """The array's contents ([size, ...]); a scalar 0 while nothing was written."""
        if self._buffer is None:
            return convert_to_tensor(0.0)
        return self._buffer

    @property
    def handle(self):
        return None

    @property
    def element_shape(self):
        return self._element_shape

    @property
    def dynamic_size(self):
        return self._dynamic_size

    def identity(self):
        if self._buffer is None:
            return self
        ta = self._copy(_tf().identity(self._buffer))
        if self._length is not None:
            ta._length = _tf().identity(self._length)
        return ta

    def close(self, name=None):
        return _tf().no_op(name=name or "TensorArrayCloseV3")

    def grad(self, source, flow=None, name=None):
        raise NotImplementedError("tf1's TensorArray has no gradient arrays (TensorArray.grad): gradients "
                                  "through TensorArray ops come from tf.gradients directly")

    def size(self, name=None):
        tf = _tf()
        if self._length is not None:
            return tf.identity(self._length, name=name or "TensorArraySizeV3")
        if not self._dynamic_size and self._size is not None:
            return convert_to_tensor(self._size, dtype=dtypes.int32)  # TF: the size it was given
        n = self._static_size() if self._buffer is not None or self._size is not None else 0
        if n is not None:
            return tf.constant(n, dtype=dtypes.int32, name=name or "TensorArraySizeV3")
        size = tf.shape(self._buffer, out_type=dtypes.int32)[0] if self._buffer is not None else self._size
        return tf.identity(size, name=name or "TensorArraySizeV3")

    def _index(self, index, name):
        index = convert_to_tensor(index, name=name)
        if index.dtype.base_dtype != dtypes.int32:
            index = _tf().cast(index, dtypes.int32)
        return index

    def read(self, index, name=None):
        """Element `index` (TF: `TensorArrayReadV3`)."""
        buf = self._read_buffer()
        index = self._index(index, "index")
        return self._buffer_op("TensorArrayBufferRead", [buf, index] + self._length_inputs(),
                               [(self._dtype, self._element_shape)], name or "TensorArrayReadV3")[0]

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked (TF: `TensorArrayGatherV3`)."""
        buf = self._read_buffer()
        indices = self._index(indices, "indices")
        shape = tensor_shape.TensorShape([None]).concatenate(self._element_shape)
        if self._handle_shape is not None and self._handle_shape.ndims is not None:
            ishape = indices.get_shape()
            n = tensor_shape.dimension_value(ishape[0]) if ishape.ndims == 1 else None
            shape = tensor_shape.TensorShape([n]).concatenate(self._handle_shape).merge_with(shape)
        return self._buffer_op("TensorArrayBufferGather", [buf, indices] + self._length_inputs(),
                               [(self._dtype, shape)], name or "TensorArrayGatherV3")[0]

    def stack(self, name=None):
        """All elements stacked into one [size, ...] tensor (TF: `TensorArrayStack/TensorArrayGatherV3`)."""
        with name_scope(name, "TensorArrayStack"):
            # TF knows the length of a fixed-size array only.
            n = None if self._dynamic_size else self._static_size()
            shape = tensor_shape.TensorShape([n]).concatenate(self._element_shape)
            op_type = "TensorArrayBufferStackOnHost" if self._host_stack else "TensorArrayBufferStack"
            return self._buffer_op(op_type, [self._read_buffer()] + self._length_inputs(),
                                   [(self._dtype, shape)], "TensorArrayGatherV3",
                                   _tf1_vjp_on_host=self._host_stack)[0]

    def concat(self, name=None):
        """The elements joined along their first dimension (equal element shapes only; TF:
        `TensorArrayConcatV3`)."""
        elem = self._element_shape
        shape = tensor_shape.unknown_shape()
        if elem.ndims:
            n, d0 = self._static_size(), tensor_shape.dimension_value(elem[0])
            if self._dynamic_size or not self._infer_shape:
                n = None
            shape = tensor_shape.TensorShape([n * d0 if n is not None and d0 is not None else None]) \
                .concatenate(elem[1:])
        op_type = "TensorArrayBufferConcatOnHost" if self._host_stack else "TensorArrayBufferConcat"
        return self._buffer_op(op_type, [self._read_buffer()] + self._length_inputs(),
                               [(self._dtype, shape)], name or "TensorArrayConcatV3",
                               _tf1_vjp_on_host=self._host_stack)[0]

    def _replaced(self, buf):
        """An array holding exactly `buf` (no spare rows: any loop length is dropped)."""
        ta = self._copy(buf)
        ta._length = None
        ta._host_stack = False
        return ta

    def unstack(self, value, name=None):
        """An array whose elements are the slices of `value` along dimension 0."""
        tf = _tf()
        with name_scope(name, "TensorArrayUnstack", [value]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self._dtype)
            self._check_dtype(value)
            with name_scope("TensorArrayScatter"):
                buf = tf.identity(value, name="TensorArrayScatterV3")
        return self._replaced(buf)

    def split(self, value, lengths, name=None):
        """An array whose elements are consecutive pieces of `value` of the given `lengths` (equal
        lengths only in tf1; TF: `TensorArraySplitV3`)."""
        with name_scope(name, "TensorArraySplit", [value, lengths]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self._dtype)
            self._check_dtype(value)
            lengths = convert_to_tensor(lengths, name="lengths", dtype=dtypes.int64) \
                if not hasattr(lengths, "dtype") else lengths
            lens = constant_value(lengths)
            shp = value.get_shape()
            rest = shp[1:] if shp.ndims else tensor_shape.unknown_shape()
            if lens is not None:
                lens = [int(v) for v in np.reshape(lens, [-1])]
                d0 = lens[0] if lens and all(v == lens[0] for v in lens) else None
                shape = tensor_shape.TensorShape([len(lens), d0]).concatenate(rest)
                if d0 is not None:
                    self._merge_element_shape(tensor_shape.TensorShape([d0]).concatenate(rest))
            else:
                shape = tensor_shape.TensorShape([None, None]).concatenate(rest)
            buf = self._buffer_op("TensorArrayBufferSplit", [value, lengths], [(self._dtype, shape)],
                                  "TensorArraySplitV3", _tf1_infer_shape=bool(self._infer_shape))[0]
        return self._replaced(buf)

    def scatter(self, indices, value, name=None):
        """Writes `value[i]` at `indices[i]` (TF: `TensorArrayScatterV3`)."""
        with name_scope(name, "TensorArrayScatter", [indices, value]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self._dtype)
            self._check_dtype(value)
            shp = value.get_shape()
            elem = tensor_shape.TensorShape(shp.dims[1:]) if shp.ndims else tensor_shape.unknown_shape()
            self._merge_element_shape(elem)
            indices = self._index(indices, "indices")
            elem = self._element_shape.merge_with(elem)
            buf = self._allocated(elem, like=_tf().gather(value, 0) if not elem.is_fully_defined() else None)
            n_in, rows = self._size_input(buf)
            if self._dynamic_size:
                idx = constant_value(indices)
                rows = None if self._length is not None or rows is None or idx is None or not np.size(idx) \
                    else max(rows, int(np.max(idx)) + 1)
            out = self._buffer_op("TensorArrayBufferScatter", [buf, indices, value, n_in],
                                  [(self._dtype, tensor_shape.TensorShape([rows]).concatenate(elem))],
                                  "TensorArrayScatterV3", _tf1_dynamic=self._dynamic_size,
                                  _tf1_loop_buffer=self._length is not None)[0]
            ta = self._copy(out)
            if self._length is not None:
                ta._length = _tf().maximum(self._length, _tf().reduce_max(indices) + 1)
        return ta

    def _size_input(self, buf):
        """(the `n` input of a write -- the size, or a dynamic array's written length --, the
        buffer's static row count or None)."""
        if self._dynamic_size:
            n_in = self._length if self._length is not None else self._rows(buf)
        elif self._size is not None:
            n_in = _tf().cast(convert_to_tensor(self._size), dtypes.int32)
        else:
            n_in = self._rows(buf)
        bshape = buf.get_shape()
        rows = tensor_shape.dimension_value(bshape[0]) if bshape.ndims else None
        if rows is None and not self._dynamic_size and self._size is not None:
            rows = _static_int(self._size)
        return n_in, rows

    def write(self, index, value, name=None):
        """A new array equal to this one with element `index` set to `value`."""
        with name_scope(name, "TensorArrayWrite", [index, value]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self._dtype)
            dtype_error = None
            if value.dtype.base_dtype != self._dtype:
                # TF logs at build time and fails when the write runs.
                tf_logging.error("Error: Input value %s has dtype %s, but expected dtype %s.  This leads to "
                                 "undefined behavior and will be an error in future versions of TensorFlow."
                                 % (value, value.dtype, self._dtype))
                dtype_error = ("TensorArray dtype is %s but Op is trying to write dtype %s."
                               % (_short_type(self._dtype), _short_type(value.dtype.base_dtype)))
                value = _tf().cast(value, self._dtype)
            self._merge_element_shape(value.get_shape())
            index = self._index(index, "index")
            elem = self._element_shape.merge_with(value.get_shape())
            buf = self._allocated(elem, like=value)
            n_in, rows = self._size_input(buf)
            if self._dynamic_size:
                i = _static_int(index)
                rows = None if self._length is not None or rows is None or i is None else max(rows, i + 1)
            specs = [(self._dtype, tensor_shape.TensorShape([rows]).concatenate(elem))]
            out = self._buffer_op("TensorArrayBufferWrite", [buf, index, value, n_in], specs,
                                  "TensorArrayWriteV3", _tf1_dynamic=self._dynamic_size,
                                  _tf1_dtype_error=dtype_error,
                                  # a while_loop sized its buffer: writes stay inside it
                                  _tf1_loop_buffer=self._length is not None)[0]
            ta = self._copy(out)
            if self._length is not None:
                # Its own op (not an output of the write), so a loop's trip count and final length
                # can be computed from the counter alone.
                ta._length = _tf().maximum(self._length, index + 1)
        return ta
