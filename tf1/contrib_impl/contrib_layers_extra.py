"""More of `tf.contrib.layers` (TF 1.15's contrib/layers layers.py, normalization.py, summaries.py,
embedding_ops.py): bias_add, one_hot_encoding, unit_norm, maxout, spatial_softmax, instance_norm,
group_norm, embedding_lookup_unique and the summarize_* helpers.

Each function keeps contrib's variable scope (`BiasAdd`, `InstanceNorm`, `GroupNorm`, ...), model
variables (`biases`, `beta`, `gamma`, `temperature`) and op structure, so names and values match TF's.
"""
import functools
import re

from ..api import export, public
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_collection
from .arg_scope import add_arg_scope
from .layers import _collect_named_outputs, _get_variable_collections, model_variable

DATA_FORMAT_NCHW = "NCHW"
DATA_FORMAT_NHWC = "NHWC"


# ------------------------------------------------------------------------------ layers

@export("contrib.layers.bias_add")
@add_arg_scope
def bias_add(inputs, activation_fn=None, initializer=None, regularizer=None, reuse=None,
             variables_collections=None, outputs_collections=None, trainable=True, data_format=DATA_FORMAT_NHWC,
             scope=None):
    tf = public()
    initializer = initializer if initializer is not None else tf.zeros_initializer()
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with tf.variable_scope(scope, "BiasAdd", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        dtype = inputs.dtype.base_dtype
        inputs_shape = inputs.get_shape()
        if inputs_shape.ndims is None:
            raise ValueError("Dims of shape must be known but is None")
        if inputs_shape.ndims != 4 and data_format == DATA_FORMAT_NCHW:
            raise ValueError("Data format NCHW only supports 4D Tensor")
        axis = 1 if data_format == DATA_FORMAT_NCHW else -1
        num_features = inputs_shape.dims[axis].value
        if num_features is None:
            raise ValueError("`C` dimension must be known but is None")
        biases = model_variable("biases", shape=[num_features], dtype=dtype, initializer=initializer,
                                regularizer=regularizer,
                                collections=_get_variable_collections(variables_collections, "biases"),
                                trainable=trainable)
        outputs = tf.nn.bias_add(inputs, biases, data_format=data_format)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.layers.one_hot_encoding")
@add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0, outputs_collections=None, scope=None):
    tf = public()
    with tf.name_scope(scope, "OneHotEncoding", [labels, num_classes]) as sc:
        labels = tf.convert_to_tensor(labels)
        if labels.dtype == dtypes.int32:
            labels = tf.to_int64(labels)
        outputs = tf.one_hot(labels, num_classes, on_value=on_value, off_value=off_value)
        return _collect_named_outputs(outputs_collections, sc, outputs)


@export("contrib.layers.unit_norm")
@add_arg_scope
def unit_norm(inputs, dim, epsilon=1e-7, scope=None):
    """`inputs` divided by its L2 norm along `dim` (tiled back to the input's shape, as TF does)."""
    tf = public()
    with tf.variable_scope(scope, "UnitNorm", [inputs]):
        if not inputs.get_shape():
            raise ValueError("The input rank must be known.")
        input_rank = len(inputs.get_shape().as_list())
        if dim < 0 or dim >= input_rank:
            raise ValueError("dim must be positive but smaller than the input rank.")
        lengths = tf.sqrt(epsilon + tf.reduce_sum(tf.square(inputs), dim, True))
        multiples = []
        if dim > 0:
            multiples.append(tf.ones([dim], dtypes.int32))
        multiples.append(tf.strided_slice(tf.shape(inputs), [dim], [dim + 1]))
        if dim < input_rank - 1:
            multiples.append(tf.ones([input_rank - 1 - dim], dtypes.int32))
        multiples = tf.concat(multiples, 0)
        return tf.div(inputs, tf.tile(lengths, multiples))


@export("contrib.layers.maxout")
@add_arg_scope
def maxout(inputs, num_units, axis=-1, scope=None):
    """The max over groups of `num_channels // num_units` features along `axis`."""
    tf = public()
    with tf.variable_scope(scope, "MaxOut", [inputs]):
        inputs = tf.convert_to_tensor(inputs)
        shape = inputs.get_shape().as_list()
        num_channels = shape[axis]
        if num_channels % num_units:
            raise ValueError("number of features({}) is not a multiple of num_units({})".format(num_channels,
                                                                                               num_units))
        shape[axis] = num_units
        shape += [num_channels // num_units]
        for i in range(len(shape)):
            if shape[i] is None:
                shape[i] = tf.shape(inputs)[i]
        return tf.reduce_max(tf.reshape(inputs, shape), -1, keepdims=False)


@export("contrib.layers.spatial_softmax")
@add_arg_scope
def spatial_softmax(features, temperature=None, name=None, variables_collections=None, trainable=True,
                    data_format="NHWC"):
    """Expected (x, y) image coordinates of each channel's softmax over positions (a learned temperature)."""
    tf = public()
    with tf.variable_scope(name, "spatial_softmax"):
        shape = tf.shape(features)
        static_shape = features.shape
        if data_format == DATA_FORMAT_NHWC:
            height, width, num_channels = shape[1], shape[2], static_shape[3]
        elif data_format == DATA_FORMAT_NCHW:
            num_channels, height, width = static_shape[1], shape[2], shape[3]
        else:
            raise ValueError("data_format has to be either NCHW or NHWC.")
        num_channels = getattr(num_channels, "value", num_channels)  # tensor_shape.dimension_value
        if num_channels is None:
            raise ValueError("The num_channels dimension of the inputs to `spatial_softmax` should be defined. "
                             "Found `None`.")
        with tf.name_scope("spatial_softmax_op", "spatial_softmax_op", [features]):
            pos_x, pos_y = tf.meshgrid(tf.lin_space(-1., 1., num=height), tf.lin_space(-1., 1., num=width),
                                       indexing="ij")
            pos_x = tf.reshape(pos_x, [height * width])
            pos_y = tf.reshape(pos_y, [height * width])
            temp_initializer = (tf.ones_initializer() if temperature is None
                                else tf.constant_initializer(temperature))
            temp_collections = (_get_variable_collections(variables_collections, "temperature")
                                if trainable else None)
            temperature = model_variable("temperature", shape=(), dtype=dtypes.float32,
                                         initializer=temp_initializer, collections=temp_collections,
                                         trainable=trainable)
            if data_format == "NCHW":
                features = tf.reshape(features, [-1, height * width])
            else:
                features = tf.reshape(tf.transpose(features, [0, 3, 1, 2]), [-1, height * width])
            softmax_attention = tf.nn.softmax(features / temperature)
            expected_x = tf.reduce_sum(pos_x * softmax_attention, [1], keepdims=True)
            expected_y = tf.reduce_sum(pos_y * softmax_attention, [1], keepdims=True)
            expected_xy = tf.concat([expected_x, expected_y], 1)
            keypoints = tf.reshape(expected_xy, [-1, num_channels * 2])
            keypoints.set_shape([None, num_channels * 2])
    return keypoints


def _norm_params(tf, params_shape, dtype, center, scale, param_initializers, variables_collections, trainable):
    """contrib's `beta` (zeros) and `gamma` (ones) model variables, either optional."""
    param_initializers = param_initializers or {}
    beta = gamma = None
    if center:
        beta = model_variable("beta", shape=params_shape, dtype=dtype,
                              initializer=param_initializers.get("beta", tf.zeros_initializer()),
                              collections=_get_variable_collections(variables_collections, "beta"),
                              trainable=trainable)
    if scale:
        gamma = model_variable("gamma", shape=params_shape, dtype=dtype,
                               initializer=param_initializers.get("gamma", tf.ones_initializer()),
                               collections=_get_variable_collections(variables_collections, "gamma"),
                               trainable=trainable)
    return beta, gamma


@export("contrib.layers.instance_norm")
@add_arg_scope
def instance_norm(inputs, center=True, scale=True, epsilon=1e-6, activation_fn=None, param_initializers=None,
                  reuse=None, variables_collections=None, outputs_collections=None, trainable=True,
                  data_format=DATA_FORMAT_NHWC, scope=None):
    """Normalises each example's channels over their spatial axes (Ulyanov et al. 2016)."""
    tf = public()
    inputs = tf.convert_to_tensor(inputs)
    inputs_shape = inputs.shape
    inputs_rank = inputs.shape.ndims
    if inputs_rank is None:
        raise ValueError("Inputs %s has undefined rank." % inputs.name)
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with tf.variable_scope(scope, "InstanceNorm", [inputs], reuse=reuse) as sc:
        if data_format == DATA_FORMAT_NCHW:
            reduction_axis = 1
            params_shape_broadcast = [1, inputs_shape[1].value] + [1 for _ in range(2, inputs_rank)]
        else:
            reduction_axis = inputs_rank - 1
            params_shape_broadcast = None
        moments_axes = list(range(inputs_rank))
        del moments_axes[reduction_axis]
        del moments_axes[0]
        params_shape = inputs_shape[reduction_axis:reduction_axis + 1]
        if not params_shape.is_fully_defined():
            raise ValueError("Inputs %s has undefined channels dimension %s." % (inputs.name, params_shape))
        beta, gamma = _norm_params(tf, params_shape, inputs.dtype.base_dtype, center, scale, param_initializers,
                                   variables_collections, trainable)
        if params_shape_broadcast:
            beta = None if beta is None else tf.reshape(beta, params_shape_broadcast)
            gamma = None if gamma is None else tf.reshape(gamma, params_shape_broadcast)
        mean, variance = tf.nn.moments(inputs, moments_axes, keep_dims=True)
        outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, epsilon, name="instancenorm")
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.layers.group_norm")
@add_arg_scope
def group_norm(inputs, groups=32, channels_axis=-1, reduction_axes=(-3, -2), center=True, scale=True,
               epsilon=1e-6, activation_fn=None, param_initializers=None, reuse=None, variables_collections=None,
               outputs_collections=None, trainable=True, scope=None, mean_close_to_zero=False):
    """Normalises groups of channels over `reduction_axes` (Wu & He 2018)."""
    tf = public()
    inputs = tf.convert_to_tensor(inputs)
    ndims = inputs.shape.ndims
    if ndims is None:
        raise ValueError("Inputs %s has undefined rank." % inputs.name)
    if channels_axis > ndims - 1:
        raise ValueError("Axis is out of bounds.")
    dynamic_shape = tf.shape(inputs)
    input_shape_list = [dynamic_shape[i] if dim.value is None else dim for i, dim in enumerate(inputs.shape)]
    if channels_axis < 0:
        channels_axis = ndims + channels_axis
    channels = inputs.shape[channels_axis].value
    if channels is None:
        raise ValueError("Inputs %s has undefined channel dimension: %d." % (inputs.name, channels_axis))
    reduction_axes = [a + ndims if a < 0 else a for a in reduction_axes]
    for a in reduction_axes:
        if a > ndims:
            raise ValueError("Axis is out of bounds.")
        if inputs.shape[a].value is None:
            raise ValueError("Inputs %s has undefined dimensions %d." % (inputs.name, a))
        if channels_axis == a:
            raise ValueError("reduction_axis must be mutually exclusive with channels_axis")
    if groups > channels:
        raise ValueError("Invalid groups %d for %d channels." % (groups, channels))
    if channels % groups != 0:
        raise ValueError("%d channels is not commensurate with %d groups." % (channels, groups))

    before, after = input_shape_list[:channels_axis], input_shape_list[channels_axis + 1:]
    params_shape_broadcast = [1] * len(before) + [groups, channels // groups] + [1] * len(after)
    inputs = tf.reshape(inputs, before + [groups, channels // groups] + after)
    moments_axes = [channels_axis + 1] + [a + 1 if a > channels_axis else a for a in reduction_axes]

    with tf.variable_scope(scope, "GroupNorm", [inputs], reuse=reuse) as sc:
        beta, gamma = _norm_params(tf, [channels], inputs.dtype.base_dtype, center, scale, param_initializers,
                                   variables_collections, trainable)
        beta = None if beta is None else tf.reshape(beta, params_shape_broadcast)
        gamma = None if gamma is None else tf.reshape(gamma, params_shape_broadcast)
        if mean_close_to_zero:
            counts, means_ss, variance_ss, _ = tf.nn.sufficient_statistics(inputs, moments_axes, keep_dims=True)
            mean, variance = tf.nn.normalize_moments(counts, means_ss, variance_ss, shift=None)
        else:
            mean, variance = tf.nn.moments(inputs, moments_axes, keep_dims=True)
        # Folding the normalisation into one multiply-add, as TF does.
        gain = tf.rsqrt(variance + epsilon)
        offset = -mean * gain
        if gamma is not None:
            gain *= gamma
            offset *= gamma
        if beta is not None:
            offset += beta
        outputs = inputs * gain + offset
        outputs = tf.reshape(outputs, input_shape_list)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@export("contrib.layers.embedding_lookup_unique")
def embedding_lookup_unique(params, ids, partition_strategy="mod", name=None):
    """embedding_lookup of the unique ids only, gathered back to every id (any rank of `ids`)."""
    tf = public()
    with tf.name_scope(name, "EmbeddingLookupUnique", [params, ids]):
        ids = tf.convert_to_tensor(ids)
        shape = tf.shape(ids)
        ids_flat = tf.reshape(ids, tf.reduce_prod(shape, keepdims=True))
        unique_ids, idx = tf.unique(ids_flat)
        unique_embeddings = tf.nn.embedding_lookup(params, unique_ids, partition_strategy)
        embeds_flat = tf.gather(unique_embeddings, idx)
        embed_shape = tf.concat([shape, tf.shape(unique_embeddings)[1:]], 0)
        embeds = tf.reshape(embeds_flat, embed_shape)
        embeds.set_shape(ids.get_shape().concatenate(unique_embeddings.get_shape()[1:]))
        return embeds


# ------------------------------------------------------------------------------ summaries

def _add_scalar_summary(tensor, tag=None):
    tensor.get_shape().assert_has_rank(0)
    return public().summary.scalar(tag or "%s_summary" % tensor.op.name, tensor)


def _add_histogram_summary(tensor, tag=None):
    return public().summary.histogram(tag or "%s_summary" % tensor.op.name, tensor)


@export("contrib.layers.summarize_activation")
def summarize_activation(op):
    """A histogram of an activation; for ReLU-like ones also the fraction of zeros (and of sixes)."""
    tf = public()
    x = op.op.inputs[0] if op.op.inputs else None
    if op.op.type in ("Relu", "Softplus", "Relu6"):
        _add_scalar_summary(tf.reduce_mean(tf.to_float(tf.less(x, tf.cast(0.0, x.dtype)))), "%s/zeros" % op.op.name)
    if op.op.type == "Relu6":
        _add_scalar_summary(tf.reduce_mean(tf.to_float(tf.greater(x, tf.cast(6.0, x.dtype)))),
                            "%s/sixes" % op.op.name)
    return _add_histogram_summary(op, "%s/activation" % op.op.name)


@export("contrib.layers.summarize_tensor")
def summarize_tensor(tensor, tag=None):
    """A scalar summary for a scalar, a histogram otherwise; none for strings and booleans."""
    if tensor.dtype.is_compatible_with(dtypes.string) or tensor.dtype.base_dtype == dtypes.bool:
        return None
    if tensor.get_shape().ndims == 0:
        return _add_scalar_summary(tensor, tag)
    return _add_histogram_summary(tensor, tag)


@export("contrib.layers.summarize_tensors")
def summarize_tensors(tensors, summarizer=summarize_tensor):
    return [summarizer(tensor) for tensor in tensors]


@export("contrib.layers.summarize_collection")
def summarize_collection(collection, name_filter=None, summarizer=summarize_tensor):
    tensors = [t for t in get_collection(collection) if name_filter is None or re.match(name_filter, t.op.name)]
    return summarize_tensors(tensors, summarizer)


@export("contrib.layers.summarize_activations")
def summarize_activations(name_filter=None, summarizer=summarize_activation):
    return summarize_collection(GraphKeys.ACTIVATIONS, name_filter, summarizer)


export("contrib.layers.summarize_variables")(functools.partial(summarize_collection, GraphKeys.GLOBAL_VARIABLES))
export("contrib.layers.summarize_weights")(functools.partial(summarize_collection, GraphKeys.WEIGHTS))
export("contrib.layers.summarize_biases")(functools.partial(summarize_collection, GraphKeys.BIASES))


# ------------------------------------------------------------------------------ sparse embeddings

def _prune_invalid_ids(tf, sparse_ids, sparse_weights):
    is_id_valid = tf.greater_equal(sparse_ids.values, 0)
    if sparse_weights is not None:
        is_id_valid = tf.logical_and(is_id_valid, tf.ones_like(sparse_weights.values, dtype=dtypes.bool))
    sparse_ids = tf.sparse_retain(sparse_ids, is_id_valid)
    if sparse_weights is not None:
        sparse_weights = tf.sparse_retain(sparse_weights, is_id_valid)
    return sparse_ids, sparse_weights


def _prune_invalid_weights(tf, sparse_ids, sparse_weights):
    if sparse_weights is not None:
        is_weights_valid = tf.greater(sparse_weights.values, 0)
        sparse_ids = tf.sparse_retain(sparse_ids, is_weights_valid)
        sparse_weights = tf.sparse_retain(sparse_weights, is_weights_valid)
    return sparse_ids, sparse_weights


@export("contrib.layers.safe_embedding_lookup_sparse")
def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None, combiner=None, default_id=None,
                                 name=None, partition_strategy="div", max_norm=None):
    """embedding_lookup_sparse over the last dimension of `sparse_ids` (any rank), dropping negative ids
    (and non-positive weights unless combiner is "sum"); empty rows give zeros, or `default_id`'s row."""
    tf = public()
    if combiner is None:
        tf.logging.warn('The default value of combiner will change from "mean" to "sqrtn" after 2016/11/01.')
        combiner = "mean"
    if embedding_weights is None:
        raise ValueError("Missing embedding_weights %s." % embedding_weights)
    if isinstance(embedding_weights, tf.PartitionedVariable):
        embedding_weights = list(embedding_weights)
    if not isinstance(embedding_weights, list):
        embedding_weights = [embedding_weights]
    if len(embedding_weights) < 1:
        raise ValueError("Missing embedding_weights %s." % embedding_weights)
    dtype = sparse_weights.dtype if sparse_weights is not None else None
    embedding_weights = [tf.convert_to_tensor(w, dtype=dtype) for w in embedding_weights]
    float_dtypes = {w.dtype.base_dtype for w in embedding_weights + ([sparse_weights] if sparse_weights is not None
                                                                      else [])}
    if len(float_dtypes) > 1 or not next(iter(float_dtypes)).is_floating:
        raise ValueError("Expected float tensors of one dtype, got %s." % sorted(d.name for d in float_dtypes))
    with tf.name_scope(name, "embedding_lookup", embedding_weights + [sparse_ids, sparse_weights]) as scope:
        original_shape = sparse_ids.dense_shape
        rank_value = original_shape.get_shape()[0].value
        original_rank = tf.size(original_shape) if rank_value is None else rank_value
        # Flatten the leading dimensions: one row per id list.
        sparse_ids = tf.sparse_reshape(sparse_ids, [
            tf.reduce_prod(tf.slice(original_shape, [0], [original_rank - 1])),
            tf.gather(original_shape, original_rank - 1)])
        if sparse_weights is not None:
            sparse_weights = tf.SparseTensor(sparse_ids.indices, sparse_weights.values, sparse_ids.dense_shape)
        sparse_ids, sparse_weights = _prune_invalid_ids(tf, sparse_ids, sparse_weights)
        if combiner != "sum":
            sparse_ids, sparse_weights = _prune_invalid_weights(tf, sparse_ids, sparse_weights)
        sparse_ids, is_row_empty = tf.sparse_fill_empty_rows(sparse_ids, default_id or 0)
        if sparse_weights is not None:
            sparse_weights, _ = tf.sparse_fill_empty_rows(sparse_weights, 1.0)
        result = tf.nn.embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights, combiner=combiner,
                                               partition_strategy=partition_strategy,
                                               name=None if default_id is None else scope, max_norm=max_norm)
        if default_id is None:
            is_row_empty = tf.tile(tf.reshape(is_row_empty, [-1, 1]), tf.stack([1, tf.shape(result)[1]]))
            result = tf.where(is_row_empty, tf.zeros_like(result), result, name=scope)
        final_result = tf.reshape(result, tf.concat([
            tf.slice(tf.cast(original_shape, dtypes.int32), [0], [original_rank - 1]),
            tf.slice(tf.shape(result), [1], [-1])], 0))
        if rank_value is not None:
            # TF's Reshape shape function evaluates a constant dense_shape through the slice/concat; so
            # do we.
            known = tf.get_static_value(original_shape)
            lead = [None] * (rank_value - 1) if known is None else [int(d) for d in known[:-1]]
            final_result.set_shape(tf.TensorShape(lead).concatenate(result.get_shape()[1:]))
        return final_result
