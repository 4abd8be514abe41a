"""tf.layers pooling: Max/AveragePooling1D/2D/3D and their functions."""
from ..api import export
from ..framework import tensor_shape
from ..ops import array_ops
from .base import InputSpec, Layer, conv_output_length, nn, normalize_data_format, normalize_padding, \
    normalize_tuple, warn_deprecated


class _Pooling(Layer):
    """Pooling over `rank` spatial dimensions; 1-D pooling runs as 2-D pooling over an added axis."""

    rank = 2
    mode = "max"

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None,
                 **kwargs):
        super().__init__(name=name, **kwargs)
        if strides is None:
            strides = pool_size
        self.pool_size = normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _fn(self, spatial):
        if spatial == 3:
            return nn().max_pool3d if self.mode == "max" else nn().avg_pool3d
        return nn().max_pool if self.mode == "max" else nn().avg_pool

    def call(self, inputs):
        last = self.data_format == "channels_last"
        if self.rank == 1:
            pad_axis = 2 if last else 3
            inputs = array_ops.expand_dims(inputs, pad_axis)
            pool, strides = self.pool_size + (1,), self.strides + (1,)
        else:
            pool, strides = self.pool_size, self.strides
        spatial = len(pool)
        if last:
            ksize, kstrides = (1,) + pool + (1,), (1,) + strides + (1,)
            fmt = "NHWC" if spatial == 2 else "NDHWC"
        else:
            ksize, kstrides = (1, 1) + pool, (1, 1) + strides
            fmt = "NCHW" if spatial == 2 else "NCDHW"
        if spatial == 3 and not last:
            # TF's 3-D pooling kernels are channels-last only: pool a transposed copy.
            x = array_ops.transpose(inputs, (0, 2, 3, 4, 1))
            out = self._fn(3)(x, ksize=[1] + list(pool) + [1], strides=[1] + list(strides) + [1],
                              padding=self.padding.upper())
            outputs = array_ops.transpose(out, (0, 4, 1, 2, 3))
        else:
            outputs = self._fn(spatial)(inputs, ksize=list(ksize), strides=list(kstrides),
                                        padding=self.padding.upper(), data_format=fmt)
        if self.rank == 1:
            outputs = array_ops.squeeze(outputs, [pad_axis])
        return outputs

    def compute_output_shape(self, input_shape):
        shape = tensor_shape.as_shape(input_shape).as_list()
        last = self.data_format == "channels_last"
        space = shape[1:-1] if last else shape[2:]
        new = [conv_output_length(space[i], self.pool_size[i], self.padding, self.strides[i])
               for i in range(self.rank)]
        if last:
            return tensor_shape.TensorShape([shape[0]] + new + [shape[-1]])
        return tensor_shape.TensorShape(shape[:2] + new)


def _make(rank, mode, names):
    cls = type(names[0], (_Pooling,), {"rank": rank, "mode": mode})
    cls.__module__ = __name__
    export(*["layers." + n for n in names])(cls)
    return cls


MaxPooling1D = _make(1, "max", ("MaxPooling1D", "MaxPool1D"))
AveragePooling1D = _make(1, "avg", ("AveragePooling1D", "AvgPool1D"))
MaxPooling2D = _make(2, "max", ("MaxPooling2D", "MaxPool2D"))
AveragePooling2D = _make(2, "avg", ("AveragePooling2D", "AvgPool2D"))
MaxPooling3D = _make(3, "max", ("MaxPooling3D", "MaxPool3D"))
AveragePooling3D = _make(3, "avg", ("AveragePooling3D", "AvgPool3D"))


def _functional(cls, public_name):
    def fn(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
        warn_deprecated(public_name, "pooling", "Use keras.layers.%s instead." % cls.__name__)
        layer = cls(pool_size=pool_size, strides=strides, padding=padding, data_format=data_format,
                    name=name)
        return layer.apply(inputs)
    fn.__name__ = public_name
    return export("layers." + public_name)(fn)


max_pooling1d = _functional(MaxPooling1D, "max_pooling1d")
average_pooling1d = _functional(AveragePooling1D, "average_pooling1d")
max_pooling2d = _functional(MaxPooling2D, "max_pooling2d")
average_pooling2d = _functional(AveragePooling2D, "average_pooling2d")
max_pooling3d = _functional(MaxPooling3D, "max_pooling3d")
average_pooling3d = _functional(AveragePooling3D, "average_pooling3d")
