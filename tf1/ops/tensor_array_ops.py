"""`tf.TensorArray`, the value-semantics way: an array's whole contents live in its `flow` tensor.

TF 1.15's TensorArray is a resource (`TensorArrayV3` handle) plus a scalar `flow` that orders the
reads and writes. tf1 has no resources inside XLA programs, so the flow here *is* the buffer: a
tensor `[size, *element_shape]`. `write` returns a new TensorArray whose buffer has one row
replaced, `unstack` makes the buffer from the value, `read`/`gather`/`stack` index it. Everything is
built from ordinary ops (Gather, Select, Concat), so it lowers and differentiates like them.

What this covers: the uses raw_rnn and its loop functions make (an input array read step by step,
an emitted array stacked at the end, a fixed-size array carried in a loop state), and the same
calls outside loops. Limits, honestly: a `dynamic_size` array grows by a data-dependent amount when
its write index is not known when the graph is built -- that runs on the host (eager) path only;
`concat` needs equal element shapes; `split`, `grad` and passing a TensorArray to `tf.while_loop`
as a loop variable are not supported.
"""
from ..api import export, public as _tf
from ..framework import dtypes, errors, tensor_shape
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value


def _loosened(t, shape):
    """`t` with TF's static shape for the op it stands for: TensorArray gathers and growing stacks do
    not know their length statically even where the Gather/Concat computing them here does."""
    t._shape_val = tensor_shape.as_shape(shape)
    return t


def _static_int(x):
    if isinstance(x, int):
        return x
    v = constant_value(convert_to_tensor(x))
    return None if v is None else int(v)


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
        self._infer_shape = infer_shape
        self._element_shape = tensor_shape.as_shape(element_shape) if element_shape is not None \
            else tensor_shape.unknown_shape()
        self._size = size
        self._buffer = None
        with name_scope(name, "TensorArray") as scope:
            self._name = scope
        if flow is not None:
            self._set_buffer(convert_to_tensor(flow, dtype=self._dtype))

    # ------------------------------------------------------------------------------- internals

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
        if not shape.is_compatible_with(self._element_shape):
            raise ValueError("Inconsistent shapes: saw %s but expected %s " % (shape, self._element_shape))
        if self._infer_shape:
            self._element_shape = self._element_shape.merge_with(shape)

    def _static_size(self):
        if self._buffer is not None:
            d = self._buffer.get_shape()
            if d.ndims:
                n = tensor_shape.dimension_value(d[0])
                if n is not None:
                    return n
            return None
        return None if self._size is None else _static_int(self._size)

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
        return self._copy(_tf().identity(self._buffer))

    def close(self, name=None):
        return _tf().no_op(name=name or "TensorArrayCloseV3")

    def size(self, name=None):
        tf = _tf()
        n = self._static_size() if self._buffer is not None or self._size is not None else 0
        if n is not None:
            return tf.constant(n, dtype=dtypes.int32, name=name or "TensorArraySizeV3")
        size = tf.shape(self._buffer, out_type=dtypes.int32)[0] if self._buffer is not None else self._size
        return tf.identity(size, name=name or "TensorArraySizeV3")

    def read(self, index, name=None):
        """Element `index` (TF: `TensorArrayReadV3`)."""
        tf = _tf()
        buf = self._allocated()
        value = tf.gather(buf, index, name=name or "TensorArrayReadV3")
        value.set_shape(self._element_shape)
        return value

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked (TF: `TensorArrayGatherV3`)."""
        value = _tf().gather(self._allocated(), indices, name=name or "TensorArrayGatherV3")
        return _loosened(value, tensor_shape.TensorShape([None]).concatenate(self._element_shape))

    def stack(self, name=None):
        """All elements stacked into one [size, ...] tensor (TF: `TensorArrayStack/TensorArrayGatherV3`)."""
        tf = _tf()
        with name_scope(name, "TensorArrayStack"):
            value = tf.identity(self._allocated(), name="TensorArrayGatherV3")
        # TF knows the length of a fixed-size array only.
        n = None if self._dynamic_size else self._static_size()
        return _loosened(value, tensor_shape.TensorShape([n]).concatenate(self._element_shape))

    def concat(self, name=None):
        """The elements joined along their first dimension (equal element shapes only; TF:
        `TensorArrayConcatV3`)."""
        tf = _tf()
        buf = self._allocated()
        rest = tf.shape(buf, out_type=dtypes.int32)[2:]
        value = tf.reshape(buf, tf.concat([[-1], rest], 0), name=name or "TensorArrayConcatV3")
        elem = self._element_shape
        if elem.ndims:
            n, d0 = self._static_size(), tensor_shape.dimension_value(elem[0])
            value.set_shape(tensor_shape.TensorShape([n * d0 if n is not None and d0 is not None else None])
                            .concatenate(elem[1:]))
        return value

    def unstack(self, value, name=None):
        """An array whose elements are the slices of `value` along dimension 0."""
        tf = _tf()
        with name_scope(name, "TensorArrayUnstack", [value]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self._dtype)
            self._check_dtype(value)
            with name_scope("TensorArrayScatter"):
                buf = tf.identity(value, name="TensorArrayScatterV3")
        return self._copy(buf)

    def scatter(self, indices, value, name=None):
        """Writes `value[i]` at `indices[i]`."""
        tf = _tf()
        with name_scope(name, "TensorArrayScatter", [indices, value]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self._dtype)
            self._check_dtype(value)
            shp = value.get_shape()
            elem = tensor_shape.TensorShape(shp.dims[1:]) if shp.ndims else tensor_shape.unknown_shape()
            self._merge_element_shape(elem)
            indices = tf.cast(convert_to_tensor(indices, name="indices"), dtypes.int32)
            buf = self._allocated(self._element_shape.merge_with(elem), like=value[0])
            if self._dynamic_size:
                buf = self._grown(buf, tf.reduce_max(indices) + 1, elem_shape=tf.shape(value)[1:])
            buf = tf.tensor_scatter_nd_update(buf, tf.expand_dims(indices, 1), value,
                                              name="TensorArrayScatterV3")
        return self._copy(buf)

    def write(self, index, value, name=None):
        """A new array equal to this one with element `index` set to `value`."""
        tf = _tf()
        with name_scope(name, "TensorArrayWrite", [index, value]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self._dtype)
            self._check_dtype(value)
            self._merge_element_shape(value.get_shape())
            index = tf.cast(convert_to_tensor(index, name="index"), dtypes.int32)
            buf = self._allocated(self._element_shape.merge_with(value.get_shape()), like=value)
            n, i = self._static_size(), _static_int(index)
            if n is not None and i is not None and i >= n:
                if not self._dynamic_size:
                    raise errors.InvalidArgumentError(
                        None, None, "Tried to write to index %d but array is not resizeable and size is: %d"
                        % (i, n))
            if self._dynamic_size and not (n is not None and i is not None and i < n):
                buf = self._grown(buf, index + 1, elem_shape=tf.shape(value))
            rows = tf.range(tf.shape(buf, out_type=dtypes.int32)[0])
            buf = tf.where(tf.equal(rows, index), tf.zeros_like(buf) + tf.expand_dims(value, 0), buf,
                           name="TensorArrayWriteV3")
        return self._copy(buf)

    def _grown(self, buf, min_size, elem_shape):
        """`buf` padded with zero rows up to `min_size` rows (dynamic_size arrays)."""
        tf = _tf()
        n, m = self._static_size(), _static_int(min_size)
        if n is not None and m is not None:
            if m <= n:
                return buf
            extra = tf.zeros(tf.concat([[m - n], tf.cast(elem_shape, dtypes.int32)], 0), self._dtype)
        else:
            pad = tf.maximum(min_size - tf.shape(buf, out_type=dtypes.int32)[0], 0)
            extra = tf.zeros(tf.concat([tf.reshape(pad, [1]), tf.cast(elem_shape, dtypes.int32)], 0), self._dtype)
        grown = tf.concat([buf, extra], 0)
        grown.set_shape(tensor_shape.TensorShape([m if n is not None and m is not None else None])
                        .concatenate(buf.get_shape()[1:] if buf.get_shape().ndims else tensor_shape.unknown_shape()))
        return grown

