"""`tf.contrib.layers`: TF 1.15's contrib layers on top of tf.layers.

The contrib functions open their own variable scope (`fully_connected`, `Conv`, `BatchNorm`, ...) whose
custom getter renames the core layers' `kernel`/`bias` to contrib's `weights`/`biases` and makes every
variable a model variable (GLOBAL_VARIABLES + MODEL_VARIABLES).
"""
import functools
import inspect
import math

from ..api import export
from .arg_scope import add_arg_scope
from ..framework import dtypes
from ..framework.graph import GraphKeys, add_to_collections, get_collection, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..layers_impl import convolutional, core, normalization, pooling
from ..layers_impl.base import constant_value, nn, smart_cond
from ..ops import array_ops, init_ops, random_ops
from ..ops import variable_scope as vs
from ..ops import variables as tf_variables

DATA_FORMAT_NCHW = "NCHW"
DATA_FORMAT_NHWC = "NHWC"


# ------------------------------------------------------------------------------ initializers

@export("contrib.layers.variance_scaling_initializer")
def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=dtypes.float32):
    """He/Xavier-style initializer with contrib's fan estimate and truncation factor 1.3."""
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    if mode not in ["FAN_IN", "FAN_OUT", "FAN_AVG"]:
        raise TypeError("Unknown mode %s [FAN_IN, FAN_OUT, FAN_AVG]", mode)

    def _initializer(shape, dtype=dtype, partition_info=None):
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        shape = list(shape)
        if shape:
            fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            fan_out = float(shape[-1])
        else:
            fan_in = fan_out = 1.0
        for dim in shape[:-2]:
            fan_in *= float(dim)
            fan_out *= float(dim)
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return random_ops.random_uniform(shape, -limit, limit, dtype, seed=seed)
        trunc_stddev = math.sqrt(1.3 * factor / n)
        return random_ops.truncated_normal(shape, 0.0, trunc_stddev, dtype, seed=seed)
    return _initializer


@export("contrib.layers.xavier_initializer", "contrib.layers.xavier_initializer_conv2d")
def xavier_initializer(uniform=True, seed=None, dtype=dtypes.float32):
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


# --------------------------------------------------------------------------------- variables

@export("contrib.framework.variable")
@add_arg_scope
def variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True,
             collections=None, caching_device=None, device=None, partitioner=None, custom_getter=None,
             use_resource=None, synchronization=vs.VariableSynchronization.AUTO,
             aggregation=vs.VariableAggregation.NONE):
    collections = list(collections if collections is not None else [GraphKeys.GLOBAL_VARIABLES])
    collections = list(dict.fromkeys(collections))
    getter = vs.get_variable
    if custom_getter is not None:
        getter = functools.partial(custom_getter, reuse=vs.get_variable_scope().reuse)
    from ..framework.graph import get_default_graph
    with get_default_graph().device(device or ""):
        return getter(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                      trainable=trainable, collections=collections, caching_device=caching_device,
                      partitioner=partitioner, use_resource=use_resource,
                      synchronization=synchronization, aggregation=aggregation)


@export("contrib.framework.model_variable")
@add_arg_scope
def model_variable(name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None,
                   trainable=True, collections=None, caching_device=None, device=None, partitioner=None,
                   custom_getter=None, use_resource=None, synchronization=vs.VariableSynchronization.AUTO,
                   aggregation=vs.VariableAggregation.NONE):
    collections = list(collections or [])
    collections += [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
    return variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                    trainable=trainable, collections=collections, caching_device=caching_device,
                    device=device, partitioner=partitioner, custom_getter=custom_getter,
                    use_resource=use_resource, synchronization=synchronization, aggregation=aggregation)


def _model_variable_getter(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
                           trainable=True, collections=None, caching_device=None, partitioner=None,
                           rename=None, use_resource=None, synchronization=vs.VariableSynchronization.AUTO,
                           aggregation=vs.VariableAggregation.NONE, **_):
    short_name = name.split("/")[-1]
    if rename and short_name in rename:
        parts = name.split("/")
        parts[-1] = rename[short_name]
        name = "/".join(parts)
    return model_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                          collections=collections, trainable=trainable, caching_device=caching_device,
                          partitioner=partitioner, custom_getter=getter, use_resource=use_resource,
                          synchronization=synchronization, aggregation=aggregation)


def _build_variable_getter(rename=None):
    def layer_variable_getter(getter, *args, **kwargs):
        kwargs["rename"] = rename
        return _model_variable_getter(getter, *args, **kwargs)
    return layer_variable_getter


def _get_variable_collections(variables_collections, name):
    if isinstance(variables_collections, dict):
        return variables_collections.get(name, None)
    return variables_collections


def _add_variable_to_collections(var, collections_set, collections_name):
    collections = _get_variable_collections(collections_set, collections_name) or []
    var_list = list(var) if isinstance(var, vs.PartitionedVariable) else [var]
    for collection in collections:
        for v in var_list:
            if v not in get_collection(collection):
                add_to_collections(collection, v)


def _collect_named_outputs(collections, alias, outputs):
    if collections:
        if alias[-1] == "/":
            alias = alias[:-1]
        if not hasattr(outputs, "aliases"):
            outputs.aliases = []
        outputs.aliases.append(alias)
        add_to_collections(collections, outputs)
    return outputs


# ------------------------------------------------------------------------------------ layers

def _relu(features, name=None):
    """contrib's default activation, `tf.nn.relu` (looked up when called)."""
    return nn().relu(features, name=name)


def _layer_with_weights(default_name, inputs, make_layer, activation_fn, normalizer_fn, normalizer_params,
                        weights_initializer, weights_regularizer, biases_initializer, biases_regularizer, reuse,
                        variables_collections, outputs_collections, trainable, scope):
    """fully_connected/convolution: `make_layer(inputs, **core_layer_args)` built in contrib's scope (its
    `kernel`/`bias` renamed `weights`/`biases`), then the normalizer and the activation."""
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with vs.variable_scope(scope, default_name, [inputs], reuse=reuse, custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = make_layer(inputs, activation=None, use_bias=not normalizer_fn and biases_initializer,
                           kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
                           kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
                           activity_regularizer=None, trainable=trainable, name=sc.name,
                           dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs)
        _add_variable_to_collections(layer.kernel, variables_collections, "weights")
        if layer.bias is not None:
            _add_variable_to_collections(layer.bias, variables_collections, "biases")
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.layers.fully_connected")
@add_arg_scope
def fully_connected(inputs, num_outputs, activation_fn=_relu, normalizer_fn=None,
                    normalizer_params=None, weights_initializer=xavier_initializer(),
                    weights_regularizer=None, biases_initializer=init_ops.zeros_initializer(),
                    biases_regularizer=None, reuse=None, variables_collections=None,
                    outputs_collections=None, trainable=True, scope=None):
    if not isinstance(num_outputs, int) or isinstance(num_outputs, bool):
        raise ValueError("num_outputs type should be one of %s, got %s." % ([int], type(num_outputs)))

    def make_layer(inputs, **layer_args):
        return core.Dense(units=num_outputs, **layer_args)
    return _layer_with_weights("fully_connected", inputs, make_layer, activation_fn, normalizer_fn,
                               normalizer_params, weights_initializer, weights_regularizer, biases_initializer,
                               biases_regularizer, reuse, variables_collections, outputs_collections, trainable,
                               scope)


@export("contrib.layers.linear")
def linear(inputs, num_outputs, **kwargs):
    return fully_connected(inputs, num_outputs, activation_fn=None, **kwargs)


def _channels(data_format):
    """tf.layers' `data_format` for a contrib one (NCHW, NCW, ... put channels first)."""
    return "channels_first" if data_format and data_format.startswith("NC") else "channels_last"


@export("contrib.layers.convolution")
@add_arg_scope
def convolution(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
                activation_fn=_relu, normalizer_fn=None, normalizer_params=None,
                weights_initializer=xavier_initializer(), weights_regularizer=None,
                biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None, reuse=None,
                variables_collections=None, outputs_collections=None, trainable=True, scope=None,
                conv_dims=None):
    if data_format not in [None, "NWC", "NCW", "NHWC", "NCHW", "NDHWC", "NCDHW"]:
        raise ValueError("Invalid data_format: %r" % (data_format,))

    def make_layer(inputs, **layer_args):
        input_rank = inputs.get_shape().ndims
        if conv_dims is not None and conv_dims + 2 != input_rank:
            raise ValueError("Convolution expects input with rank %d, got %d" % (conv_dims + 2, input_rank))
        layer_class = {3: convolutional.Conv1D, 4: convolutional.Conv2D, 5: convolutional.Conv3D}.get(input_rank)
        if layer_class is None:
            raise ValueError("Convolution not supported for input with rank", input_rank)
        return layer_class(filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
                           data_format=_channels(data_format), dilation_rate=rate, **layer_args)
    return _layer_with_weights("Conv", inputs, make_layer, activation_fn, normalizer_fn, normalizer_params,
                               weights_initializer, weights_regularizer, biases_initializer, biases_regularizer,
                               reuse, variables_collections, outputs_collections, trainable, scope)


def _fixed_rank(conv_dims, public_names):
    def conv(inputs, num_outputs, kernel_size, *args, **kwargs):
        kwargs["conv_dims"] = conv_dims
        # TF's convolution2d passes every argument on, so convolution's own arg_scope never applies.
        return convolution.__wrapped__(inputs, num_outputs, kernel_size, *args, **kwargs)
    conv.__name__ = conv.__qualname__ = public_names[0]
    sig = inspect.signature(convolution)   # arg_scoped_arguments(conv2d): convolution's, less conv_dims
    conv.__signature__ = sig.replace(parameters=[p for p in sig.parameters.values() if p.name != "conv_dims"])
    return export(*["contrib.layers." + n for n in public_names])(add_arg_scope(conv))


convolution1d = conv1d = _fixed_rank(1, ("convolution1d", "conv1d"))
convolution2d = conv2d = _fixed_rank(2, ("convolution2d", "conv2d"))
convolution3d = conv3d = _fixed_rank(3, ("convolution3d", "conv3d"))


def _pool2d(layer_cls, default_scope, inputs, kernel_size, stride, padding, data_format,
            outputs_collections, scope):
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with name_scope(scope, default_scope, [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        layer = layer_cls(pool_size=kernel_size, strides=stride, padding=padding,
                          data_format=_channels(data_format), _scope=sc)
        outputs = layer.apply(inputs)
        return _collect_named_outputs(outputs_collections, sc, outputs)


@export("contrib.layers.max_pool2d")
@add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format=DATA_FORMAT_NHWC,
               outputs_collections=None, scope=None):
    return _pool2d(pooling.MaxPooling2D, "MaxPool2D", inputs, kernel_size, stride, padding, data_format,
                   outputs_collections, scope)


@export("contrib.layers.avg_pool2d")
@add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format=DATA_FORMAT_NHWC,
               outputs_collections=None, scope=None):
    return _pool2d(pooling.AveragePooling2D, "AvgPool2D", inputs, kernel_size, stride, padding,
                   data_format, outputs_collections, scope)


@export("contrib.layers.dropout")
@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None,
            scope=None, seed=None):
    with vs.variable_scope(scope, "Dropout", [inputs], custom_getter=_model_variable_getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = core.Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed, name=sc.name, _scope=sc)
        outputs = layer.apply(inputs, training=is_training)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.layers.flatten")
@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    with name_scope(scope, "Flatten", [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        outputs = core.flatten(inputs)
        return _collect_named_outputs(outputs_collections, sc, outputs)


@export("contrib.layers.embed_sequence")
def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None, regularizer=None,
                   trainable=True, scope=None, reuse=None):
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError("Must specify vocab size and embedding dimension when not reusing. Got "
                         "vocab_size=%s and embed_dim=%s" % (vocab_size, embed_dim))
    with vs.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = [vocab_size, embed_dim]
        if reuse and vocab_size is None or embed_dim is None:
            shape = None
        embeddings = model_variable("embeddings", shape=shape, initializer=initializer,
                                    regularizer=regularizer, trainable=trainable)
        return nn().embedding_lookup(embeddings, ids)


# ------------------------------------------------------------------------------- batch norm

def _assign_moving_average(variable, value, decay):
    from ..training.moving_averages import assign_moving_average
    return assign_moving_average(variable, value, decay, zero_debias=False)


def _fused_batch_norm(inputs, decay, center, scale, epsilon, activation_fn, param_initializers,
                      param_regularizers, updates_collections, is_training, reuse, variables_collections,
                      outputs_collections, trainable, data_format, scope):
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with vs.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        original_shape = inputs.get_shape()
        original_inputs = inputs
        original_rank = original_shape.ndims
        if original_rank is None:
            raise ValueError("Inputs %s has undefined rank" % inputs.name)
        if original_rank not in [2, 4]:
            raise ValueError("Inputs %s has unsupported rank. Expected 2 or 4 but got %d"
                             % (inputs.name, original_rank))
        if original_rank == 2:
            channels = original_shape.as_list()[-1]
            if channels is None:
                raise ValueError("`C` dimension must be known but is None")
            new_shape = [-1, channels, 1, 1] if data_format == DATA_FORMAT_NCHW else [-1, 1, 1, channels]
            inputs = array_ops.reshape(inputs, new_shape)
        inputs_shape = inputs.get_shape()
        params_shape = inputs_shape[-1:] if data_format == DATA_FORMAT_NHWC else inputs_shape[1:2]
        if not params_shape.is_fully_defined():
            raise ValueError("Inputs %s has undefined `C` dimension %s." % (inputs.name, params_shape))
        param_initializers = param_initializers or {}
        param_regularizers = param_regularizers or {}
        variable_dtype = dtypes.float32

        def param(name, default_initializer, trainable, regularizer=None):
            return model_variable(name, shape=params_shape, dtype=variable_dtype,
                                  initializer=param_initializers.get(name, default_initializer),
                                  regularizer=regularizer, trainable=trainable,
                                  collections=_get_variable_collections(variables_collections, name))

        if center:
            beta = param("beta", init_ops.zeros_initializer(), trainable, param_regularizers.get("beta"))
        else:
            beta = array_ops.constant(0.0, dtype=variable_dtype, shape=params_shape.as_list())
        if scale:
            gamma = param("gamma", init_ops.ones_initializer(), trainable, param_regularizers.get("gamma"))
        else:
            gamma = array_ops.constant(1.0, dtype=variable_dtype, shape=params_shape.as_list())
        with vs.variable_scope(vs.get_variable_scope()) as local_scope:
            local_scope.set_partitioner(None)
            moving_mean = param("moving_mean", init_ops.zeros_initializer(), False)
            moving_variance = param("moving_variance", init_ops.ones_initializer(), False)

        def _training():
            return nn().fused_batch_norm(inputs, gamma, beta, epsilon=epsilon, data_format=data_format)

        def _inference():
            return nn().fused_batch_norm(inputs, gamma, beta, mean=moving_mean, variance=moving_variance,
                                         epsilon=epsilon, is_training=False, data_format=data_format)

        outputs, mean, variance = smart_cond(is_training, _training, _inference)
        is_training_value = constant_value(is_training)
        if is_training_value is None or is_training_value:
            if updates_collections is None:
                def _force_updates():
                    um = _assign_moving_average(moving_mean, mean, decay)
                    uv = _assign_moving_average(moving_variance, variance, decay)
                    with um.graph.control_dependencies([um, uv]):
                        return array_ops.identity(outputs)
                outputs = smart_cond(is_training, _force_updates, lambda: outputs)
            else:
                def _delay_updates():
                    return (_assign_moving_average(moving_mean, mean, decay),
                            _assign_moving_average(moving_variance, variance, decay))
                update_mean, update_variance = smart_cond(is_training, _delay_updates,
                                                          lambda: (moving_mean, moving_variance))
                add_to_collections(updates_collections, update_mean)
                add_to_collections(updates_collections, update_variance)
        outputs.set_shape(inputs_shape)
        if original_rank == 2:
            outputs = array_ops.reshape(outputs, array_ops.shape(original_inputs))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.layers.batch_norm")
@add_arg_scope
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, param_regularizers=None, updates_collections=GraphKeys.UPDATE_OPS,
               is_training=True, reuse=None, variables_collections=None, outputs_collections=None,
               trainable=True, batch_weights=None, fused=None, data_format=DATA_FORMAT_NHWC,
               zero_debias_moving_mean=False, scope=None, renorm=False, renorm_clipping=None,
               renorm_decay=0.99, adjustment=None):
    if fused is None:
        fused = True
    if batch_weights is not None or zero_debias_moving_mean or adjustment is not None:
        raise NotImplementedError("tf1's contrib batch_norm does not support batch_weights, "
                                  "adjustment or zero_debias_moving_mean")
    inputs = convert_to_tensor(inputs)
    rank = inputs.get_shape().ndims
    # The fused kernel has no renorm: TF 1.15 then always uses the core layer (renorm included).
    possible_to_fuse = not renorm and rank in [2, 4]
    if fused and possible_to_fuse and (rank == 2 or updates_collections is not GraphKeys.UPDATE_OPS):
        return _fused_batch_norm(inputs, decay, center, scale, epsilon, activation_fn, param_initializers,
                                 param_regularizers, updates_collections, is_training, reuse,
                                 variables_collections, outputs_collections, trainable, data_format, scope)
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    if renorm and updates_collections is not GraphKeys.UPDATE_OPS:
        raise ValueError("renorm is not supported with batch_weights, updates_collections or "
                         "zero_debias_moving_mean")
    if updates_collections is not GraphKeys.UPDATE_OPS:
        raise NotImplementedError("tf1's contrib batch_norm supports updates_collections other than "
                                  "UPDATE_OPS only for rank-2 and rank-4 inputs")
    getter = _build_variable_getter()
    with vs.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse, custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        axis = 1 if data_format == DATA_FORMAT_NCHW else -1
        param_initializers = param_initializers or {}
        param_regularizers = param_regularizers or {}
        layer = normalization.BatchNormalization(
            axis=axis, momentum=decay, epsilon=epsilon, center=center, scale=scale,
            beta_initializer=param_initializers.get("beta", init_ops.zeros_initializer()),
            gamma_initializer=param_initializers.get("gamma", init_ops.ones_initializer()),
            moving_mean_initializer=param_initializers.get("moving_mean", init_ops.zeros_initializer()),
            moving_variance_initializer=param_initializers.get("moving_variance",
                                                               init_ops.ones_initializer()),
            beta_regularizer=param_regularizers.get("beta"),
            gamma_regularizer=param_regularizers.get("gamma"), trainable=trainable, renorm=renorm,
            renorm_clipping=renorm_clipping, renorm_momentum=renorm_decay, name=sc.name,
            _scope=sc, _reuse=reuse, fused=fused)
        outputs = layer.apply(inputs, training=is_training)
        _add_variable_to_collections(layer.moving_mean, variables_collections, "moving_mean")
        _add_variable_to_collections(layer.moving_variance, variables_collections, "moving_variance")
        if layer.beta is not None:
            _add_variable_to_collections(layer.beta, variables_collections, "beta")
        if layer.gamma is not None:
            _add_variable_to_collections(layer.gamma, variables_collections, "gamma")
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.framework.get_model_variables")
def get_model_variables(scope=None, suffix=None):
    return [v for v in get_collection(GraphKeys.MODEL_VARIABLES, scope)
            if suffix is None or v.op.name.endswith(suffix)]


del tf_variables


# ------------------------------------------------------------ layer norm, transposed/separable conv

@export("contrib.layers.layer_norm")
@add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None, variables_collections=None,
               outputs_collections=None, trainable=True, begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """Normalises over dimensions begin_norm_axis.. (moments kept per example); `LayerNorm/beta` and
    `LayerNorm/gamma` have the shape of dimensions begin_params_axis.."""
    with vs.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        inputs_shape = inputs.shape
        inputs_rank = inputs_shape.ndims
        if inputs_rank is None:
            raise ValueError("Inputs %s has undefined rank." % inputs.name)
        dtype = inputs.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis = inputs_rank + begin_norm_axis
        if begin_params_axis >= inputs_rank or begin_norm_axis >= inputs_rank:
            raise ValueError("begin_params_axis (%d) and begin_norm_axis (%d) must be < rank(inputs) (%d)"
                             % (begin_params_axis, begin_norm_axis, inputs_rank))
        params_shape = inputs_shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError("Inputs %s: shape(inputs)[%s:] is not fully defined: %s"
                             % (inputs.name, begin_params_axis, inputs_shape))
        beta = gamma = None
        if center:
            beta = model_variable("beta", shape=params_shape, dtype=dtype, initializer=init_ops.zeros_initializer(),
                                  collections=_get_variable_collections(variables_collections, "beta"),
                                  trainable=trainable)
        if scale:
            gamma = model_variable("gamma", shape=params_shape, dtype=dtype, initializer=init_ops.ones_initializer(),
                                   collections=_get_variable_collections(variables_collections, "gamma"),
                                   trainable=trainable)
        norm_axes = list(range(begin_norm_axis, inputs_rank))
        mean, variance = nn().moments(inputs, norm_axes, keep_dims=True)
        variance_epsilon = 1e-12 if dtype != dtypes.float16 else 1e-3
        outputs = nn().batch_normalization(inputs, mean, variance, offset=beta, scale=gamma,
                                           variance_epsilon=variance_epsilon)
        outputs.set_shape(inputs_shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.layers.convolution2d_transpose", "contrib.layers.conv2d_transpose")
@add_arg_scope
def convolution2d_transpose(inputs, num_outputs, kernel_size, stride=1, padding="SAME",
                            data_format=DATA_FORMAT_NHWC, activation_fn=_relu, normalizer_fn=None,
                            normalizer_params=None, weights_initializer=xavier_initializer(),
                            weights_regularizer=None, biases_initializer=init_ops.zeros_initializer(),
                            biases_regularizer=None, reuse=None, variables_collections=None,
                            outputs_collections=None, trainable=True, scope=None):
    def make_layer(inputs, **layer_args):
        if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
            raise ValueError("data_format has to be either NCHW or NHWC.")
        return convolutional.Conv2DTranspose(filters=num_outputs, kernel_size=kernel_size, strides=stride,
                                             padding=padding, data_format=_channels(data_format), **layer_args)
    return _layer_with_weights("Conv2d_transpose", inputs, make_layer, activation_fn, normalizer_fn,
                               normalizer_params, weights_initializer, weights_regularizer, biases_initializer,
                               biases_regularizer, reuse, variables_collections, outputs_collections, trainable,
                               scope)


conv2d_transpose = convolution2d_transpose


def _pair(value):
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError("Must be a two-element tuple or list: %s" % (value,))
        return int(value[0]), int(value[1])
    return int(value), int(value)


@export("contrib.layers.separable_convolution2d", "contrib.layers.separable_conv2d")
@add_arg_scope
def separable_convolution2d(inputs, num_outputs, kernel_size, depth_multiplier=1, stride=1, padding="SAME",
                            data_format=DATA_FORMAT_NHWC, rate=1, activation_fn=_relu, normalizer_fn=None,
                            normalizer_params=None, weights_initializer=xavier_initializer(),
                            pointwise_initializer=None, weights_regularizer=None,
                            biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None, reuse=None,
                            variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """A depthwise conv followed by a 1x1 pointwise conv; with num_outputs=None the depthwise conv only."""
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    getter = _build_variable_getter({"bias": "biases", "depthwise_kernel": "depthwise_weights",
                                     "pointwise_kernel": "pointwise_weights"})
    with vs.variable_scope(scope, "SeparableConv2d", [inputs], reuse=reuse, custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        if pointwise_initializer is None:
            pointwise_initializer = weights_initializer
        df = _channels(data_format)
        if num_outputs is not None:
            layer = convolutional.SeparableConv2D(
                filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding, data_format=df,
                dilation_rate=_pair(rate), activation=None, depth_multiplier=depth_multiplier,
                use_bias=not normalizer_fn and biases_initializer, depthwise_initializer=weights_initializer,
                pointwise_initializer=pointwise_initializer, bias_initializer=biases_initializer,
                depthwise_regularizer=weights_regularizer, pointwise_regularizer=weights_regularizer,
                bias_regularizer=biases_regularizer, activity_regularizer=None, trainable=trainable,
                name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
            outputs = layer.apply(inputs)
            _add_variable_to_collections(layer.depthwise_kernel, variables_collections, "weights")
            _add_variable_to_collections(layer.pointwise_kernel, variables_collections, "weights")
            if layer.bias is not None:
                _add_variable_to_collections(layer.bias, variables_collections, "biases")
            if normalizer_fn is not None:
                outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        else:
            dtype = inputs.dtype.base_dtype
            kernel_h, kernel_w = _pair(kernel_size)
            stride_h, stride_w = _pair(stride)
            shape = inputs.get_shape()
            if shape.ndims is None or shape.ndims < 4:
                raise ValueError("Inputs must have at least rank 4")
            channel = shape.as_list()[1 if df == "channels_first" else -1]
            if channel is None:
                raise ValueError("Number of in_channels must be known.")
            num_filters_in = int(channel)
            depthwise_weights = model_variable(
                "depthwise_weights", shape=[kernel_h, kernel_w, num_filters_in, depth_multiplier], dtype=dtype,
                initializer=weights_initializer, regularizer=weights_regularizer, trainable=trainable,
                collections=_get_variable_collections(variables_collections, "weights"))
            strides = [1, 1, stride_h, stride_w] if data_format.startswith("NC") else [1, stride_h, stride_w, 1]
            outputs = nn().depthwise_conv2d(inputs, depthwise_weights, strides, padding, rate=_pair(rate),
                                            data_format=data_format)
            num_outputs = depth_multiplier * num_filters_in
            if normalizer_fn is not None:
                outputs = normalizer_fn(outputs, **(normalizer_params or {}))
            elif biases_initializer is not None:
                biases = model_variable(
                    "biases", shape=[num_outputs], dtype=dtype, initializer=biases_initializer,
                    regularizer=biases_regularizer, trainable=trainable,
                    collections=_get_variable_collections(variables_collections, "biases"))
                outputs = nn().bias_add(outputs, biases, data_format=data_format)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


separable_conv2d = separable_convolution2d


@export("contrib.layers.recompute_grad")
def recompute_grad(fn, use_data_dep=None, tupleize_grads=False):
    """TF recomputes `fn`'s activations in the backward pass to save memory; the gradients are the
    same, and XLA decides what to keep, so tf1 calls `fn` as it is."""
    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapped


# ------------------------------------------------------------------ contrib.framework variables

@export("contrib.framework.local_variable")
def local_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    from ..ops.variables import Variable
    return Variable(initial_value, trainable=False, collections=[GraphKeys.LOCAL_VARIABLES],
                                 validate_shape=validate_shape, name=name)


@export("contrib.framework.global_variable")
def global_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    from ..ops.variables import Variable
    return Variable(initial_value, trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES],
                                 validate_shape=validate_shape, name=name)


@export("contrib.framework.add_model_variable")
def add_model_variable(var):
    if var not in get_collection(GraphKeys.MODEL_VARIABLES):
        add_to_collections(GraphKeys.MODEL_VARIABLES, var)


@export("contrib.framework.get_variables")
def get_variables(scope=None, suffix=None, collection=GraphKeys.GLOBAL_VARIABLES):
    """The collection's variables whose names match `scope` (a regex from the start) and end in
    `suffix`."""
    if isinstance(scope, vs.VariableScope):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return get_collection(collection, scope)


@export("contrib.framework.get_local_variables")
def get_local_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


@export("contrib.framework.get_trainable_variables")
def get_trainable_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


@export("contrib.framework.get_variables_by_suffix")
def get_variables_by_suffix(suffix, scope=None):
    return get_variables(scope=scope, suffix=suffix)


@export("contrib.framework.get_variables_by_name")
def get_variables_by_name(given_name, scope=None):
    suffix = "/" + given_name + ":|^" + given_name + ":"
    return get_variables(scope=scope, suffix=suffix)


@export("contrib.framework.get_unique_variable")
def get_unique_variable(var_op_name):
    candidates = get_variables(scope=var_op_name)
    if not candidates:
        raise ValueError("Couldn't find variable %s" % var_op_name)
    for candidate in candidates:
        if candidate.op.name == var_op_name:
            return candidate
    raise ValueError("Variable %s does not uniquely identify a variable" % var_op_name)


@export("contrib.framework.get_variables_to_restore")
def get_variables_to_restore(include=None, exclude=None):
    """Global variables under the `include` scopes (all by default), less those under `exclude`."""
    if include is None:
        vars_to_include = get_variables()
    else:
        if not isinstance(include, (list, tuple)):
            raise TypeError("include is provided but is not a list or a tuple.")
        vars_to_include = []
        for scope in include:
            vars_to_include += get_variables(scope)
    vars_to_exclude = set()
    if exclude is not None:
        if not isinstance(exclude, (list, tuple)):
            raise TypeError("exclude is provided but is not a list or a tuple.")
        for scope in exclude:
            vars_to_exclude |= set(get_variables(scope))
    return [v for v in vars_to_include if v not in vars_to_exclude]


@export("contrib.framework.filter_variables")
def filter_variables(var_list, include_patterns=None, exclude_patterns=None, reg_search=True):
    import re
    match = re.search if reg_search else re.match
    included = list(var_list) if include_patterns is None else [
        v for v in var_list if any(match(p, v.name) for p in include_patterns)]
    if exclude_patterns is None:
        return included
    return [v for v in included if not any(match(p, v.name) for p in exclude_patterns)]


@export("contrib.framework.get_variable_full_name")
def get_variable_full_name(var):
    if getattr(var, "_save_slice_info", None):
        return var._save_slice_info.full_name
    return var.op.name


def _placeholder_assign(var, value, feed_dict, assign_ops):
    placeholder = array_ops.placeholder(dtype=var.dtype.base_dtype, shape=var.get_shape(),
                                        name="placeholder/" + var.op.name)
    assign_ops.append(var.assign(placeholder))
    feed_dict[placeholder] = value


@export("contrib.framework.assign_from_values")
def assign_from_values(var_names_to_values):
    """(assign op, feed dict) setting each named global variable to its value."""
    from ..ops.control_flow_ops import group
    feed_dict, assign_ops = {}, []
    for var_name, var_value in var_names_to_values.items():
        var = get_collection(GraphKeys.GLOBAL_VARIABLES, var_name)
        if not var:
            raise ValueError("Variable %s wasn't found" % var_name)
        if len(var) > 1:
            exact = [v for v in var if v.op.name == var_name]
            if not exact:
                raise ValueError("Variable %s doesn't uniquely identify a variable" % var_name)
            var = exact[0]
        else:
            var = var[0]
        _placeholder_assign(var, var_value.reshape(var.get_shape()), feed_dict, assign_ops)
    return group(*assign_ops), feed_dict


@export("contrib.framework.assign_from_values_fn")
def assign_from_values_fn(var_names_to_values):
    assign_op, feed_dict = assign_from_values(var_names_to_values)

    def callback(session):
        return session.run(assign_op, feed_dict)
    return callback


@export("contrib.framework.assign_from_checkpoint")
def assign_from_checkpoint(model_path, var_list, ignore_missing_vars=False):
    """(assign op, feed dict) loading `var_list` (a list, or checkpoint name -> variable(s)) from
    the checkpoint `model_path`."""
    from ..ops.control_flow_ops import group
    from ..platform import tf_logging as logging
    from ..training.checkpoint_utils import CheckpointReader
    grouped_vars = {}
    if isinstance(var_list, (tuple, list)):
        for var in var_list:
            grouped_vars.setdefault(get_variable_full_name(var), []).append(var)
    else:
        for ckpt_name, value in var_list.items():
            grouped_vars[ckpt_name] = list(value) if isinstance(value, (tuple, list)) else [value]
    reader = CheckpointReader(model_path)
    feed_dict, assign_ops = {}, []
    for ckpt_name, variables in grouped_vars.items():
        if not reader.has_tensor(ckpt_name):
            log_str = "Checkpoint is missing variable [%s]" % ckpt_name
            if ignore_missing_vars:
                logging.warning(log_str)
                continue
            raise ValueError(log_str)
        ckpt_value = reader.get_tensor(ckpt_name)
        for var in variables:
            info = getattr(var, "_save_slice_info", None)
            if not info:
                if var.get_shape() != ckpt_value.shape:
                    raise ValueError("Total size of new array must be unchanged for %s lh_shape: [%s], "
                                     "rh_shape: [%s]" % (ckpt_name, str(ckpt_value.shape), str(var.get_shape())))
                value = ckpt_value
            else:
                value = ckpt_value[tuple(slice(start, start + size)
                                         for start, size in zip(info.var_offset, info.var_shape))]
                value = value.reshape(info.var_shape)
            _placeholder_assign(var, value, feed_dict, assign_ops)
    return group(*assign_ops), feed_dict


@export("contrib.framework.assign_from_checkpoint_fn")
def assign_from_checkpoint_fn(model_path, var_list, ignore_missing_vars=False, reshape_variables=False):
    """A `callback(session)` restoring `var_list` from `model_path` with a Saver (None when nothing
    is left to restore)."""
    from ..platform import tf_logging as logging
    from ..training.checkpoint_utils import CheckpointReader
    from ..training.saver import Saver
    if not var_list:
        raise ValueError("var_list cannot be empty")
    if ignore_missing_vars:
        reader = CheckpointReader(model_path)
        var_dict = var_list if isinstance(var_list, dict) else {var.op.name: var for var in var_list}
        available_vars = {}
        for var in var_dict:
            if reader.has_tensor(var):
                available_vars[var] = var_dict[var]
            else:
                logging.warning("Variable %s missing in checkpoint %s", var, model_path)
        var_list = available_vars
    if not var_list:
        logging.warning("No Variables to restore")
        return None
    saver = Saver(var_list, reshape=reshape_variables)

    def callback(session):
        saver.restore(session, model_path)
    return callback


def _export_checkpoint_utils():
    """contrib.framework's names for tf.train's checkpoint readers (the same functions in TF 1.15)."""
    from ..training import checkpoint_utils
    for name in ("init_from_checkpoint", "load_checkpoint", "list_variables", "load_variable"):
        export("contrib.framework." + name)(getattr(checkpoint_utils, name))


_export_checkpoint_utils()
