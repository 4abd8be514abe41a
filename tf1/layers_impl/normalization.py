"""tf.layers.BatchNormalization / batch_normalization (TF 1.15's V1 batch norm).

4-D inputs normalised over axis 1 or 3 use the fused kernel (FusedBatchNormV3); everything else uses
`nn.moments` + `nn.batch_normalization`. In training mode the layer records two `AssignMovingAvg`
updates (moving_mean, moving_variance) that tf.layers adds to `GraphKeys.UPDATE_OPS`; the caller runs
them (usually through `tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))`).
"""
from ..api import export
from ..framework import dtypes, tensor_shape
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import array_ops, init_ops, math_ops, variables
from ..ops import variable_scope as vs
from .base import InputSpec, Layer, constant_value, nn, smart_cond


@export("layers.BatchNormalization")
class BatchNormalization(Layer):
    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=init_ops.zeros_initializer(), gamma_initializer=init_ops.ones_initializer(),
                 moving_mean_initializer=init_ops.zeros_initializer(),
                 moving_variance_initializer=init_ops.ones_initializer(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, fused=None, trainable=True,
                 virtual_batch_size=None, adjustment=None, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        if isinstance(axis, list):
            self.axis = axis[:]
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError("axis must be int or list, type given: %s" % type(axis))
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.renorm = renorm
        self.virtual_batch_size = virtual_batch_size
        self.adjustment = adjustment
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("tf1's BatchNormalization does not support renorm, "
                                      "virtual_batch_size or adjustment")
        self.fused = True if fused is None else fused
        self.supports_masking = True

    def _fused_can_be_used(self):
        axis = [self.axis] if isinstance(self.axis, int) else self.axis
        return len(axis) == 1 and axis[0] in (-3, -1, 1, 3)

    def build(self, input_shape):
        input_shape = tensor_shape.as_shape(input_shape)
        if not input_shape.ndims:
            raise ValueError("Input has undefined rank:", input_shape)
        ndims = input_shape.ndims
        if isinstance(self.axis, int):
            self.axis = [self.axis]
        for idx, x in enumerate(self.axis):
            if x < 0:
                self.axis[idx] = ndims + x
        for x in self.axis:
            if x < 0 or x >= ndims:
                raise ValueError("Invalid axis: %d" % x)
        if len(self.axis) != len(set(self.axis)):
            raise ValueError("Duplicate axis: %s" % self.axis)
        self.fused = bool(self.fused) and ndims == 4 and self._fused_can_be_used()
        if self.fused:
            if self.axis == [1]:
                self._data_format = "NCHW"
            elif self.axis == [3]:
                self._data_format = "NHWC"
            else:
                raise ValueError("Unsupported axis, fused batch norm only supports axis == [1] or "
                                 "axis == [3]")
        dtype = dtypes.as_dtype(self.dtype or "float32")
        self._param_dtype = dtypes.float32 if dtype in (dtypes.float16, dtypes.bfloat16) else dtype
        dims = input_shape.as_list()
        axis_to_dim = {x: dims[x] for x in self.axis}
        for x in axis_to_dim:
            if axis_to_dim[x] is None:
                raise ValueError("Input has undefined `axis` dimension. Input shape: ", input_shape)
        self.input_spec = InputSpec(ndim=ndims, axes=axis_to_dim)
        if len(axis_to_dim) == 1:
            param_shape = (list(axis_to_dim.values())[0],)
        else:
            param_shape = [axis_to_dim[i] if i in axis_to_dim else 1 for i in range(ndims)]
        self.gamma = self._affine_param("gamma", self.scale, 1.0, param_shape)
        self.beta = self._affine_param("beta", self.center, 0.0, param_shape)
        # Moving statistics are never partitioned.
        partitioner = None
        if self._scope is not None:
            partitioner = self._scope.partitioner
            self._scope.set_partitioner(None)
        try:
            self.moving_mean = self.add_weight(
                name="moving_mean", shape=param_shape, dtype=self._param_dtype,
                initializer=self.moving_mean_initializer,
                synchronization=vs.VariableSynchronization.ON_READ, trainable=False,
                aggregation=vs.VariableAggregation.MEAN)
            self.moving_variance = self.add_weight(
                name="moving_variance", shape=param_shape, dtype=self._param_dtype,
                initializer=self.moving_variance_initializer,
                synchronization=vs.VariableSynchronization.ON_READ, trainable=False,
                aggregation=vs.VariableAggregation.MEAN)
        finally:
            if partitioner:
                self._scope.set_partitioner(partitioner)
        self.built = True

    def _affine_param(self, name, enabled, identity, param_shape):
        """The trainable `gamma`/`beta` weight, or None when disabled; the fused kernel then reads
        a constant `identity` (1 for gamma, 0 for beta) as `_<name>_const` instead."""
        if enabled:
            return self.add_weight(name=name, shape=param_shape, dtype=self._param_dtype,
                                   initializer=getattr(self, name + "_initializer"),
                                   regularizer=getattr(self, name + "_regularizer"),
                                   constraint=getattr(self, name + "_constraint"), trainable=True)
        if self.fused:
            setattr(self, "_%s_const" % name, array_ops.constant(identity, dtype=self._param_dtype,
                                                                   shape=param_shape))
        return None

    def _assign_moving_average(self, variable, value, momentum):
        with name_scope("AssignMovingAvg") as scope:
            with variable.graph.colocate_with(variable):
                decay = convert_to_tensor(1.0 - momentum, name="decay")
                if decay.dtype != variable.dtype.base_dtype:
                    decay = math_ops.cast(decay, variable.dtype.base_dtype)
                update_delta = (variable - math_ops.cast(value, variable.dtype.base_dtype)) * decay
                return variables.assign_sub(variable, update_delta, name=scope)

    def _fused_batch_norm(self, inputs, training):
        beta = self.beta if self.center else self._beta_const
        gamma = self.gamma if self.scale else self._gamma_const

        def _training():
            return nn().fused_batch_norm(inputs, gamma, beta, epsilon=self.epsilon,
                                         data_format=self._data_format)

        def _inference():
            return nn().fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                         variance=self.moving_variance, epsilon=self.epsilon,
                                         is_training=False, data_format=self._data_format)

        output, mean, variance = smart_cond(training, _training, _inference)
        training_value = constant_value(training)
        if training_value is None:
            momentum = smart_cond(training, lambda: self.momentum, lambda: 1.0)
        else:
            momentum = convert_to_tensor(self.momentum)
        if training_value or training_value is None:
            self.add_update(lambda: self._assign_moving_average(self.moving_mean, mean, momentum))
            self.add_update(lambda: self._assign_moving_average(self.moving_variance, variance, momentum))
        return output

    def call(self, inputs, training=False):
        if self.fused:
            return self._fused_batch_norm(inputs, training=training)
        input_shape = inputs.get_shape()
        ndims = input_shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = input_shape.as_list()[self.axis[0]]

        def _broadcast(v):
            if (v is not None and v.get_shape().ndims != ndims
                    and reduction_axes != list(range(ndims - 1))):
                return array_ops.reshape(v, broadcast_shape)
            return v

        scale, offset = _broadcast(self.gamma), _broadcast(self.beta)
        training_value = constant_value(training)
        if training_value is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            keep_dims = len(self.axis) > 1
            mean, variance = nn().moments(math_ops.cast(inputs, self._param_dtype), reduction_axes,
                                          keep_dims=keep_dims)
            moving_mean, moving_variance = self.moving_mean, self.moving_variance
            batch_mean, batch_variance = mean, variance
            mean = smart_cond(training, lambda: batch_mean, lambda: convert_to_tensor(moving_mean))
            variance = smart_cond(training, lambda: batch_variance,
                                  lambda: convert_to_tensor(moving_variance))

            def mean_update():
                return smart_cond(training,
                                  lambda: self._assign_moving_average(self.moving_mean, batch_mean,
                                                                      self.momentum),
                                  lambda: self.moving_mean)

            def variance_update():
                return smart_cond(training,
                                  lambda: self._assign_moving_average(self.moving_variance,
                                                                      batch_variance, self.momentum),
                                  lambda: self.moving_variance)

            self.add_update(mean_update)
            self.add_update(variance_update)
        mean = math_ops.cast(mean, inputs.dtype)
        variance = math_ops.cast(variance, inputs.dtype)
        if offset is not None:
            offset = math_ops.cast(offset, inputs.dtype)
        if scale is not None:
            scale = math_ops.cast(scale, inputs.dtype)
        outputs = nn().batch_normalization(inputs, _broadcast(mean), _broadcast(variance), offset, scale,
                                           self.epsilon)
        outputs.set_shape(input_shape)
        return outputs

    def compute_output_shape(self, input_shape):
        return tensor_shape.as_shape(input_shape)


@export("layers.batch_normalization")
def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=init_ops.zeros_initializer(),
                        gamma_initializer=init_ops.ones_initializer(),
                        moving_mean_initializer=init_ops.zeros_initializer(),
                        moving_variance_initializer=init_ops.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                        training=False, trainable=True, name=None, reuse=None, renorm=False,
                        renorm_clipping=None, renorm_momentum=0.99, fused=None, virtual_batch_size=None,
                        adjustment=None):
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer, beta_regularizer=beta_regularizer,
        gamma_regularizer=gamma_regularizer, beta_constraint=beta_constraint,
        gamma_constraint=gamma_constraint, renorm=renorm, renorm_clipping=renorm_clipping,
        renorm_momentum=renorm_momentum, fused=fused, trainable=trainable,
        virtual_batch_size=virtual_batch_size, adjustment=adjustment, name=name, _reuse=reuse,
        _scope=name)
    return layer.apply(inputs, training=training)
