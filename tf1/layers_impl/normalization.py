"""tf.layers.BatchNormalization / batch_normalization (TF 1.15's V1 batch norm).

4-D inputs normalised over axis 1 or 3 use the fused kernel (FusedBatchNormV3); everything else uses
`nn.moments` + `nn.batch_normalization`. In training mode the layer records two `AssignMovingAvg`
updates (moving_mean, moving_variance) that tf.layers adds to `GraphKeys.UPDATE_OPS`; the caller runs
them (usually through `tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))`).

Batch renormalization (`renorm=True`, https://arxiv.org/abs/1702.03275) is TF 1.15's: it turns the
fused kernel off and adds three non-trainable variables, `moving_stddev` (the inference stddev the
moving variance is derived from) and the training-time averages `renorm_mean` / `renorm_stddev`.
(TF 1.15 no longer has the `renorm_mean_weight` / `renorm_stddev_weight` of earlier releases.)
"""
from ..api import export
from ..framework import dtypes, tensor_shape
from ..framework.graph import control_dependencies, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..ops import array_ops, init_ops, math_ops, variables
from ..ops import variable_scope as vs
from .base import InputSpec, Layer, constant_value, nn, smart_cond, warn_deprecated


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
        if virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("tf1's BatchNormalization does not support "
                                      "virtual_batch_size or adjustment")
        self.fused = True if fused is None else fused
        self.supports_masking = True
        if renorm:
            renorm_clipping = renorm_clipping or {}
            keys = ["rmax", "rmin", "dmax"]
            if set(renorm_clipping) - set(keys):
                # TF 1.15's message (tf-keras words it differently)
                raise ValueError("renorm_clipping %s contains keys not in %s" % (renorm_clipping, keys))
            self.renorm_clipping = renorm_clipping
            self.renorm_momentum = renorm_momentum

    def _fused_can_be_used(self):
        # The fused kernel has no renorm; a V1 layer then silently takes the unfused path.
        if self.renorm:
            return False
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
            if self.renorm:
                self._build_renorm_variables(param_shape)
        finally:
            if partitioner:
                self._scope.set_partitioner(partitioner)
        self.built = True

    def _build_renorm_variables(self, param_shape):
        """TF 1.15 tracks the inference stddev (`moving_stddev`, sqrt of the moving-variance
        initializer) and, for training, `renorm_mean` / `renorm_stddev`, which start from the moving
        statistics' initial values. (TF colocates them with the moving statistics; one device here.)"""
        def moving_stddev_initializer(*args, **kwargs):
            return math_ops.sqrt(self.moving_variance_initializer(*args, **kwargs))

        def stat(name, initializer):
            return self.add_weight(name=name, shape=param_shape, dtype=self._param_dtype,
                                   initializer=initializer,
                                   synchronization=vs.VariableSynchronization.ON_READ, trainable=False,
                                   aggregation=vs.VariableAggregation.MEAN)

        self.moving_stddev = stat("moving_stddev", moving_stddev_initializer)
        self.renorm_mean = stat("renorm_mean", self.moving_mean_initializer)
        self.renorm_stddev = stat("renorm_stddev", moving_stddev_initializer)

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

    def _assign_new_value(self, variable, value):
        with name_scope("AssignNewValue") as scope:
            with variable.graph.colocate_with(variable):
                return variables.assign(variable, value, name=scope)

    def _renorm_correction_and_moments(self, mean, variance, training):
        """TF 1.15's renorm: the corrections r = stddev / renorm_stddev and
        d = (mean - renorm_mean) / renorm_stddev from the renorm averages as they were before this
        step (clipped by `renorm_clipping`; 1 and 0 when not training), and the batch moments again,
        now carrying the update of the renorm averages (with `renorm_momentum`) as a control
        dependency, so the moving-statistics updates run it."""
        stddev = math_ops.sqrt(variance + self.epsilon)
        renorm_mean = self.renorm_mean
        # Avoid dividing by zero early on in training.
        renorm_stddev = math_ops.maximum(self.renorm_stddev, math_ops.sqrt(self.epsilon))
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        # The corrections use the averages from before the update.
        with control_dependencies([r, d]):
            mean = array_ops.identity(mean)
            stddev = array_ops.identity(stddev)
        rmin, rmax, dmax = [self.renorm_clipping.get(key) for key in ["rmin", "rmax", "dmax"]]
        if rmin is not None:
            r = math_ops.maximum(r, rmin)
        if rmax is not None:
            r = math_ops.minimum(r, rmax)
        if dmax is not None:
            d = math_ops.maximum(d, -dmax)
            d = math_ops.minimum(d, dmax)
        r = smart_cond(training, lambda: r, lambda: array_ops.ones_like(r))
        d = smart_cond(training, lambda: d, lambda: array_ops.zeros_like(d))

        def update_renorm_variable(var, value):
            value = array_ops.identity(value)
            return smart_cond(training,
                              lambda: self._assign_moving_average(var, value, self.renorm_momentum),
                              lambda: array_ops.identity(var))

        update_new_mean = update_renorm_variable(self.renorm_mean, mean)
        update_new_stddev = update_renorm_variable(self.renorm_stddev, stddev)
        with control_dependencies([update_new_mean, update_new_stddev]):
            out_mean = array_ops.identity(mean)
            out_variance = array_ops.identity(variance)
        return r, d, out_mean, out_variance

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

        def _compose_transforms(scale, offset, then_scale, then_offset):
            if then_scale is not None:
                scale *= then_scale
                offset *= then_scale
            if then_offset is not None:
                offset += then_offset
            return scale, offset

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

            if self.renorm:
                # Renorm moves the statistics with the smart_cond'ed moments (as TF 1.15 does),
                # which carry the renorm-average updates as control dependencies.
                r, d, batch_mean, batch_variance = self._renorm_correction_and_moments(
                    mean, variance, training)
                # The normalized x becomes (x * r + d) * gamma + beta = x * (r * gamma) +
                # (d * gamma + beta); r and d are constants to the gradient.
                r = _broadcast(array_ops.stop_gradient(r, name="renorm_r"))
                d = _broadcast(array_ops.stop_gradient(d, name="renorm_d"))
                scale, offset = _compose_transforms(r, d, scale, offset)

            def mean_update():
                return smart_cond(training,
                                  lambda: self._assign_moving_average(self.moving_mean, batch_mean,
                                                                      self.momentum),
                                  lambda: self.moving_mean)

            def variance_update_renorm():
                # TF 1.15 averages the stddev (epsilon included, as in training) and derives the
                # variance from it; relu guards against rounding below zero.
                moving_stddev = self._assign_moving_average(
                    self.moving_stddev, math_ops.sqrt(batch_variance + self.epsilon), self.momentum)
                return self._assign_new_value(
                    self.moving_variance, nn().relu(moving_stddev * moving_stddev - self.epsilon))

            def variance_update():
                if self.renorm:
                    return smart_cond(training, variance_update_renorm, lambda: self.moving_variance)
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
    warn_deprecated("batch_normalization", "normalization",
                    "Use keras.layers.BatchNormalization instead.  In particular, "
                    "`tf.control_dependencies(tf.GraphKeys.UPDATE_OPS)` should not be used (consult the "
                    "`tf.keras.layers.batch_normalization` documentation).")
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
