"""`keras.backend` tensor functions (TF 1.15's `tf.keras.backend`): placeholders and variables, shape
queries, math and reductions, Keras' losses with `from_logits`, and `function` / `gradients`.

Each is a thin composition of tf1 graph ops, as Keras' TF backend is; values come back through the
backend's per-graph session (backend.get_session()). Default dtypes follow `floatx()` ('float32').
"""
import builtins

import numpy as np

from ..api import export, public as _tf
from . import backend

_IMAGE_DATA_FORMAT = ['channels_last']


def _floatx(dtype):
    return dtype or backend.floatx()


# ------------------------------------------------------------------------------------------ config
@export("keras.backend.set_floatx")
def set_floatx(value):
    if value not in ('float16', 'float32', 'float64'):
        raise ValueError('Unknown floatx type: ' + str(value))
    backend._FLOATX[0] = str(value)


@export("keras.backend.set_epsilon")
def set_epsilon(value):
    backend.set_epsilon_value(value)


@export("keras.backend.image_data_format")
def image_data_format():
    return _IMAGE_DATA_FORMAT[0]


@export("keras.backend.set_image_data_format")
def set_image_data_format(data_format):
    if data_format not in ('channels_last', 'channels_first'):
        raise ValueError('Unknown data_format: ' + str(data_format))
    _IMAGE_DATA_FORMAT[0] = str(data_format)


@export("keras.backend.cast_to_floatx")
def cast_to_floatx(x):
    return np.asarray(x, dtype=backend.floatx())


# ------------------------------------------------------------------------------------------ tensors
@export("keras.backend.placeholder")
def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    tf = _tf()
    if sparse:
        raise NotImplementedError('tf1.keras backend.placeholder does not build sparse placeholders')
    if not shape and ndim:
        shape = (None,) * ndim
    x = tf.placeholder(tf.as_dtype(_floatx(dtype)), shape=shape, name=name)
    x._is_keras_placeholder = True
    return x


@export("keras.backend.is_placeholder")
def is_placeholder(x):
    return getattr(x, '_is_keras_placeholder', False)


@export("keras.backend.variable")
def variable(value, dtype=None, name=None, constraint=None):
    """A variable initialised from `value`, initialised by the backend's next get_session()."""
    tf = _tf()
    dtype = tf.as_dtype(_floatx(dtype))
    if isinstance(value, np.ndarray) or not hasattr(value, 'dtype') or not hasattr(value, 'op'):
        value = np.asarray(value, dtype=dtype.as_numpy_dtype)
    v = tf.Variable(value, dtype=dtype, name=name, constraint=constraint)
    v._keras_shape = int_shape(v)
    backend.track_variable(v)
    return v


@export("keras.backend.constant")
def constant(value, dtype=None, shape=None, name=None):
    tf = _tf()
    return tf.constant(value, dtype=tf.as_dtype(_floatx(dtype)), shape=shape, name=name)


def _variable_or_tensor(value, dtype, name):
    # TF 1.15: fully defined shapes give a variable, the others a plain tensor.
    if builtins.all(d is not None for d in value.get_shape().as_list()):
        return variable(value, dtype=dtype, name=name)
    return value


@export("keras.backend.zeros")
def zeros(shape, dtype=None, name=None):
    tf = _tf()
    return _variable_or_tensor(tf.zeros(shape, dtype=tf.as_dtype(_floatx(dtype)), name=name), dtype, name)


@export("keras.backend.ones")
def ones(shape, dtype=None, name=None):
    tf = _tf()
    return _variable_or_tensor(tf.ones(shape, dtype=tf.as_dtype(_floatx(dtype)), name=name), dtype, name)


@export("keras.backend.eye")
def eye(size, dtype=None, name=None):
    tf = _tf()
    return variable(tf.eye(size, dtype=tf.as_dtype(_floatx(dtype))), dtype, name)


@export("keras.backend.zeros_like")
def zeros_like(x, dtype=None, name=None):
    return _tf().zeros_like(x, dtype=dtype, name=name)


@export("keras.backend.ones_like")
def ones_like(x, dtype=None, name=None):
    return _tf().ones_like(x, dtype=dtype, name=name)


@export("keras.backend.identity")
def identity(x, name=None):
    return _tf().identity(x, name=name)


@export("keras.backend.random_uniform_variable")
def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    tf = _tf()
    init = tf.random_uniform_initializer(low, high, seed=seed)
    return variable(init(shape, dtype=tf.as_dtype(_floatx(dtype))), dtype=dtype, name=name)


@export("keras.backend.random_normal_variable")
def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    tf = _tf()
    init = tf.random_normal_initializer(mean, scale, seed=seed)
    return variable(init(shape, dtype=tf.as_dtype(_floatx(dtype))), dtype=dtype, name=name)


@export("keras.backend.random_uniform")
def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    tf = _tf()
    return tf.random_uniform(shape, minval=minval, maxval=maxval, dtype=tf.as_dtype(_floatx(dtype)), seed=seed)


@export("keras.backend.random_normal")
def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    tf = _tf()
    return tf.random_normal(shape, mean=mean, stddev=stddev, dtype=tf.as_dtype(_floatx(dtype)), seed=seed)


@export("keras.backend.truncated_normal")
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    tf = _tf()
    return tf.truncated_normal(shape, mean=mean, stddev=stddev, dtype=tf.as_dtype(_floatx(dtype)), seed=seed)


# ------------------------------------------------------------------------------------------ shapes
@export("keras.backend.int_shape")
def int_shape(x):
    shape = x.get_shape() if hasattr(x, 'get_shape') else None
    if shape is None:
        return tuple(np.shape(x))
    if shape.ndims is None:
        return None
    return tuple(shape.as_list())


@export("keras.backend.shape")
def shape(x):
    return _tf().shape(x)


@export("keras.backend.ndim")
def ndim(x):
    return x.get_shape().ndims


@export("keras.backend.dtype")
def dtype(x):
    return x.dtype.base_dtype.name


@export("keras.backend.count_params")
def count_params(x):
    return int(np.prod(x.get_shape().as_list()))


@export("keras.backend.is_sparse")
def is_sparse(tensor):
    return isinstance(tensor, _tf().SparseTensor)


@export("keras.backend.is_keras_tensor")
def is_keras_tensor(x):
    tf = _tf()
    if not isinstance(x, (tf.Tensor, tf.Variable, tf.SparseTensor)):
        raise ValueError('Unexpectedly found an instance of type `' + str(type(x)) + '`. '
                         'Expected a symbolic tensor instance.')
    return hasattr(x, '_keras_history')


# ------------------------------------------------------------------------------------------ values
@export("keras.backend.eval")
def eval(x):  # noqa: A001 (Keras' name)
    return backend.get_session().run(x)


@export("keras.backend.batch_get_value")
def batch_get_value(tensors):
    if tensors:
        return backend.get_session().run(list(tensors))
    return []


@export("keras.backend.batch_set_value")
def batch_set_value(tuples):
    sess = backend.get_session()
    for x, value in tuples:
        x.load(np.asarray(value, dtype=x.dtype.base_dtype.as_numpy_dtype), sess)


@export("keras.backend.update")
def update(x, new_x):
    return _tf().assign(x, new_x)


@export("keras.backend.update_add")
def update_add(x, increment):
    return _tf().assign_add(x, increment)


@export("keras.backend.update_sub")
def update_sub(x, decrement):
    return _tf().assign_sub(x, decrement)


@export("keras.backend.moving_average_update")
def moving_average_update(x, value, momentum):
    return _tf().assign_sub(x, (x - value) * (1. - momentum))


@export("keras.backend.stop_gradient")
def stop_gradient(variables):
    tf = _tf()
    if isinstance(variables, (list, tuple)):
        return [tf.stop_gradient(v) for v in variables]
    return tf.stop_gradient(variables)


@export("keras.backend.gradients")
def gradients(loss, variables):
    return _tf().gradients(loss, variables, colocate_gradients_with_ops=True)


class GraphExecutionFunction:
    """What `keras.backend.function` returns: called with a list of input values, runs the outputs
    (and the updates) in the backend's session and returns the outputs' values as a list."""

    def __init__(self, inputs, outputs, updates=None, name=None, **session_kwargs):
        tf = _tf()
        updates = updates or []
        if not isinstance(inputs, (list, tuple)):
            raise TypeError('`inputs` to a Keras backend function should be a list or tuple.')
        self.inputs = list(inputs)
        self._outputs_structure = outputs
        self.outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        with tf.control_dependencies(self.outputs):
            ops = []
            for u in updates:
                if isinstance(u, tuple):
                    ops.append(tf.assign(u[0], u[1]))
                else:
                    ops.append(u)
            self.updates_op = tf.group(*ops) if ops else None
        self.name = name
        self.feed_dict = session_kwargs.pop('feed_dict', None) or {}
        self.fetches = list(session_kwargs.pop('fetches', []))
        if session_kwargs:
            raise ValueError('Some keys in session_kwargs are not supported at this time: %s'
                             % (list(session_kwargs),))

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            inputs = [inputs]
        feed = dict(self.feed_dict)
        for tensor, value in zip(self.inputs, inputs):
            if value is None:
                continue
            feed[tensor] = np.asarray(value, dtype=tensor.dtype.base_dtype.as_numpy_dtype)
        fetches = self.outputs + ([self.updates_op] if self.updates_op is not None else []) + self.fetches
        values = backend.get_session().run(fetches, feed)
        return list(values[:len(self.outputs)])


@export("keras.backend.function")
def function(inputs, outputs, updates=None, name=None, **kwargs):
    return GraphExecutionFunction(inputs, outputs, updates=updates, name=name, **kwargs)


@export("keras.backend.print_tensor")
def print_tensor(x, message=''):
    return _tf().Print(x, [x], message)


# ------------------------------------------------------------------------------------------ learning phase
@export("keras.backend.set_learning_phase")
def set_learning_phase(value):
    if value not in {0, 1}:
        raise ValueError('Expected learning phase to be 0 or 1.')
    backend.set_learning_phase_value(value)


@export("keras.backend.switch")
def switch(condition, then_expression, else_expression):
    tf = _tf()
    if condition.dtype != tf.bool:
        condition = tf.cast(condition, 'bool')
    then_t = then_expression() if callable(then_expression) else then_expression
    else_t = else_expression() if callable(else_expression) else else_expression
    if len(condition.get_shape()) == 0:
        return tf.cond(condition, lambda: then_t, lambda: else_t)
    return tf.where(condition, then_t, else_t)


@export("keras.backend.in_train_phase")
def in_train_phase(x, alt, training=None):
    if training is None:
        training = backend.learning_phase()
    if isinstance(training, (bool, int)):  # a fixed phase (set_learning_phase): no switch op
        chosen = x if training else alt
        return chosen() if callable(chosen) else chosen
    return switch(training, x, alt)


@export("keras.backend.in_test_phase")
def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


# ------------------------------------------------------------------------------------------ math
def _reducer(name, tf_name, cast_bool=False):
    def reduce(x, axis=None, keepdims=False):
        tf = _tf()
        if cast_bool:
            x = tf.cast(x, tf.bool)
        return getattr(tf, tf_name)(x, axis=axis, keepdims=keepdims)
    reduce.__name__ = name
    return export("keras.backend." + name)(reduce)


max = _reducer('max', 'reduce_max')  # noqa: A001 (Keras' names)
min = _reducer('min', 'reduce_min')  # noqa: A001
sum = _reducer('sum', 'reduce_sum')  # noqa: A001
prod = _reducer('prod', 'reduce_prod')
mean = _reducer('mean', 'reduce_mean')
any = _reducer('any', 'reduce_any', cast_bool=True)  # noqa: A001
all = _reducer('all', 'reduce_all', cast_bool=True)  # noqa: A001
logsumexp = _reducer('logsumexp', 'reduce_logsumexp')


@export("keras.backend.var")
def var(x, axis=None, keepdims=False):
    tf = _tf()
    if x.dtype.base_dtype == tf.bool:
        x = tf.cast(x, backend.floatx())
    m = tf.reduce_mean(x, axis=axis, keepdims=True)
    return tf.reduce_mean(tf.square(x - m), axis=axis, keepdims=keepdims)


@export("keras.backend.std")
def std(x, axis=None, keepdims=False):
    return _tf().sqrt(var(x, axis=axis, keepdims=keepdims))


@export("keras.backend.cumsum")
def cumsum(x, axis=0):
    return _tf().cumsum(x, axis=axis)


@export("keras.backend.cumprod")
def cumprod(x, axis=0):
    return _tf().cumprod(x, axis=axis)


@export("keras.backend.argmax")
def argmax(x, axis=-1):
    return _tf().argmax(x, axis)


@export("keras.backend.argmin")
def argmin(x, axis=-1):
    return _tf().argmin(x, axis)


def _unary(name, make):
    def op(x):
        return make(_tf())(x)
    op.__name__ = name
    return export("keras.backend." + name)(op)


square = _unary('square', lambda tf: tf.square)
abs = _unary('abs', lambda tf: tf.abs)  # noqa: A001
sqrt = _unary('sqrt', lambda tf: lambda x: tf.sqrt(tf.clip_by_value(x, 0., np.inf)))
exp = _unary('exp', lambda tf: tf.exp)
log = _unary('log', lambda tf: tf.log)
round = _unary('round', lambda tf: tf.round)  # noqa: A001
sign = _unary('sign', lambda tf: tf.sign)
sin = _unary('sin', lambda tf: tf.sin)
cos = _unary('cos', lambda tf: tf.cos)
sigmoid = _unary('sigmoid', lambda tf: tf.sigmoid)
tanh = _unary('tanh', lambda tf: tf.tanh)
softplus = _unary('softplus', lambda tf: tf.nn.softplus)
softsign = _unary('softsign', lambda tf: tf.nn.softsign)
flatten = _unary('flatten', lambda tf: lambda x: tf.reshape(x, [-1]))


@export("keras.backend.hard_sigmoid")
def hard_sigmoid(x):
    tf = _tf()
    return tf.clip_by_value(x * 0.2 + 0.5, 0., 1.)


@export("keras.backend.pow")
def pow(x, a):  # noqa: A001
    return _tf().pow(x, a)


@export("keras.backend.clip")
def clip(x, min_value, max_value):
    tf = _tf()
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    return tf.clip_by_value(x, min_value, max_value)


def _binary(name, make):
    def op(x, y):
        return make(_tf())(x, y)
    op.__name__ = name
    return export("keras.backend." + name)(op)


equal = _binary('equal', lambda tf: tf.equal)
not_equal = _binary('not_equal', lambda tf: tf.not_equal)
greater = _binary('greater', lambda tf: tf.greater)
greater_equal = _binary('greater_equal', lambda tf: tf.greater_equal)
less = _binary('less', lambda tf: tf.less)
less_equal = _binary('less_equal', lambda tf: tf.less_equal)
maximum = _binary('maximum', lambda tf: tf.maximum)
minimum = _binary('minimum', lambda tf: tf.minimum)


@export("keras.backend.cast")
def cast(x, dtype):
    return _tf().cast(x, dtype)


@export("keras.backend.dot")
def dot(x, y):
    """Keras' dot: a matmul, generalised to N-D like Theano (x's last axis with y's second-to-last)."""
    tf = _tf()
    if ndim(x) is not None and (ndim(x) > 2 or ndim(y) > 2):
        def dims(t):
            dynamic = tf.unstack(tf.shape(t))
            return [d if d is not None else s for d, s in zip(int_shape(t), dynamic)]
        x_shape, y_shape = dims(x), dims(y)
        perm = list(range(ndim(y)))
        perm = [perm.pop(-2)] + perm
        xt = tf.reshape(x, [-1, x_shape[-1]])
        yt = tf.reshape(tf.transpose(y, perm=perm), [y_shape[-2], -1])
        out_shape = x_shape[:-1] + y_shape[:-2] + y_shape[-1:]
        if builtins.any(not isinstance(d, int) for d in out_shape):
            out_shape = tf.stack(out_shape)
        return tf.reshape(tf.matmul(xt, yt), out_shape)
    return tf.matmul(x, y)


@export("keras.backend.batch_dot")
def batch_dot(x, y, axes=None):
    """TF 1.15's batch_dot: per-sample dot over `axes` (default: x's last with y's second-to-last);
    a result of rank 1 gets a trailing unit axis."""
    tf = _tf()
    if isinstance(axes, int):
        axes = (axes, axes)
    x_ndim, y_ndim = ndim(x), ndim(y)
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 2]
    diff = 0
    if x_ndim > y_ndim:
        diff = x_ndim - y_ndim
        y = tf.reshape(y, tf.concat([tf.shape(y), [1] * diff], axis=0))
    elif y_ndim > x_ndim:
        diff = y_ndim - x_ndim
        x = tf.reshape(x, tf.concat([tf.shape(x), [1] * diff], axis=0))
    if ndim(x) == 2 and ndim(y) == 2:
        if axes[0] == axes[1]:
            out = tf.reduce_sum(tf.multiply(x, y), axes[0])
        else:
            out = tf.reduce_sum(tf.multiply(tf.transpose(x, [1, 0]), y), axes[1])
    else:
        adj_x = None if axes[0] == ndim(x) - 1 else True
        adj_y = True if axes[1] == ndim(y) - 1 else None
        out = tf.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y)
    if diff:
        idx = x_ndim + y_ndim - 3 if x_ndim > y_ndim else x_ndim - 1
        out = tf.squeeze(out, list(range(idx, idx + diff)))
    if ndim(out) == 1:
        out = tf.expand_dims(out, 1)
    return out


@export("keras.backend.transpose")
def transpose(x):
    return _tf().transpose(x)


@export("keras.backend.gather")
def gather(reference, indices):
    return _tf().gather(reference, indices)


@export("keras.backend.l2_normalize")
def l2_normalize(x, axis=None):
    return _tf().nn.l2_normalize(x, axis=axis)


@export("keras.backend.bias_add")
def bias_add(x, bias, data_format=None):
    """TF 1.15's: a 1-D bias or one of x's non-batch shape; channels_first moves the bias's channel
    axis to axis 1 (a plain add: TF's CPU build has no NCHW BiasAdd)."""
    tf = _tf()
    data_format = data_format or image_data_format()
    if data_format not in ('channels_first', 'channels_last'):
        raise ValueError('Unknown data_format: ' + str(data_format))
    bias_shape, rank = int_shape(bias), ndim(x)
    if len(bias_shape) != 1 and len(bias_shape) != rank - 1:
        raise ValueError('Unexpected bias dimensions %d, expect to be 1 or %d dimensions'
                         % (len(bias_shape), rank))
    if data_format == 'channels_first' and rank > 2:
        shape = ((1, bias_shape[0]) + (1,) * (rank - 2) if len(bias_shape) == 1
                 else (1, bias_shape[-1]) + tuple(bias_shape[:-1]))
        return x + tf.reshape(bias, shape)
    if len(bias_shape) == 1:
        return tf.nn.bias_add(x, bias)
    return x + tf.reshape(bias, (1,) + tuple(bias_shape))


# ------------------------------------------------------------------------------------------ reshaping
@export("keras.backend.concatenate")
def concatenate(tensors, axis=-1):
    tf = _tf()
    if axis < 0:
        rank = ndim(tensors[0])
        axis = axis % rank if rank else 0
    return tf.concat(list(tensors), axis)


@export("keras.backend.reshape")
def reshape(x, shape):
    return _tf().reshape(x, shape)


@export("keras.backend.permute_dimensions")
def permute_dimensions(x, pattern):
    return _tf().transpose(x, perm=pattern)


@export("keras.backend.expand_dims")
def expand_dims(x, axis=-1):
    return _tf().expand_dims(x, axis)


@export("keras.backend.squeeze")
def squeeze(x, axis):
    return _tf().squeeze(x, [axis])


@export("keras.backend.stack")
def stack(x, axis=0):
    return _tf().stack(x, axis=axis)


@export("keras.backend.tile")
def tile(x, n):
    if isinstance(n, int):
        n = [n]
    return _tf().tile(x, n)


@export("keras.backend.repeat")
def repeat(x, n):
    tf = _tf()
    return tf.tile(tf.expand_dims(x, 1), [1, n, 1])


@export("keras.backend.repeat_elements")
def repeat_elements(x, rep, axis):
    tf = _tf()
    x_shape = x.get_shape().as_list()
    if x_shape[axis] is None:
        raise NotImplementedError('tf1.keras repeat_elements needs a known size along `axis`')
    splits = tf.split(value=x, num_or_size_splits=x_shape[axis], axis=axis)
    return tf.concat([s for s in splits for _ in range(rep)], axis)


@export("keras.backend.batch_flatten")
def batch_flatten(x):
    tf = _tf()
    return tf.reshape(x, tf.stack([-1, tf.reduce_prod(tf.shape(x)[1:])]))


@export("keras.backend.arange")
def arange(start, stop=None, step=1, dtype='int32'):
    tf = _tf()
    if stop is None and start < 0:
        start = 0
    result = tf.range(start, limit=stop, delta=step, name='arange')
    if dtype != 'int32':
        result = tf.cast(result, dtype)
    return result


@export("keras.backend.one_hot")
def one_hot(indices, num_classes):
    return _tf().one_hot(indices, depth=num_classes, axis=-1)


@export("keras.backend.reverse")
def reverse(x, axes):
    if isinstance(axes, int):
        axes = [axes]
    return _tf().reverse(x, axes)


@export("keras.backend.temporal_padding")
def temporal_padding(x, padding=(1, 1)):
    return _tf().pad(x, [[0, 0], list(padding), [0, 0]])


@export("keras.backend.spatial_2d_padding")
def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    if data_format not in (None, 'channels_last'):
        raise NotImplementedError('tf1.keras spatial_2d_padding supports channels_last only')
    return _tf().pad(x, [[0, 0], list(padding[0]), list(padding[1]), [0, 0]])


# ------------------------------------------------------------------------------------------ nn
@export("keras.backend.relu")
def relu(x, alpha=0., max_value=None, threshold=0):
    """TF 1.15's relu: leaky below `threshold` with slope `alpha`, capped at `max_value`."""
    tf = _tf()
    if alpha != 0.:
        if max_value is None and threshold == 0:
            return tf.nn.leaky_relu(x, alpha=alpha)
        negative_part = tf.nn.relu(-x + threshold) if threshold != 0 else tf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * tf.cast(tf.greater(x, threshold), x.dtype)
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        x = tf.clip_by_value(x, 0., max_value)
    if alpha != 0.:
        x -= alpha * negative_part
    return x


@export("keras.backend.elu")
def elu(x, alpha=1.):
    tf = _tf()
    res = tf.nn.elu(x)
    if alpha == 1:
        return res
    return tf.where(x > 0, res, alpha * res)


@export("keras.backend.softmax")
def softmax(x, axis=-1):
    return _tf().nn.softmax(x, axis=axis)


@export("keras.backend.dropout")
def dropout(x, level, noise_shape=None, seed=None):
    return _tf().nn.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)


@export("keras.backend.in_top_k")
def in_top_k(predictions, targets, k):
    return _tf().nn.in_top_k(predictions, targets, k)


@export("keras.backend.categorical_crossentropy")
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Probabilities are renormalised and clipped to [epsilon, 1 - epsilon] before the log; with
    `from_logits` the fused softmax cross-entropy."""
    tf = _tf()
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits_v2(labels=target, logits=output, axis=axis)
    output = output / tf.reduce_sum(output, axis, True)
    eps = backend.epsilon()
    output = tf.clip_by_value(output, eps, 1. - eps)
    return -tf.reduce_sum(target * tf.log(output), axis)


@export("keras.backend.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    tf = _tf()
    rank = ndim(output)
    axis = axis % rank
    if axis != rank - 1:
        permutation = [i for i in range(rank) if i != axis] + [axis]
        output = tf.transpose(output, perm=permutation)
    if not from_logits:
        eps = backend.epsilon()
        output = tf.log(tf.clip_by_value(output, eps, 1 - eps))
    output_shape = output.get_shape().as_list()
    targets = tf.cast(flatten(target), 'int64')
    logits = tf.reshape(output, [-1, int(output_shape[-1])])
    res = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
    if len(output_shape) >= 3:
        return tf.reshape(res, tf.shape(output)[:-1])
    return res


@export("keras.backend.binary_crossentropy")
def binary_crossentropy(target, output, from_logits=False):
    tf = _tf()
    if not from_logits:
        eps = backend.epsilon()
        output = tf.clip_by_value(output, eps, 1 - eps)
        output = tf.log(output / (1 - output))
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)


# ------------------------------------------------------------------------------------------ conv / pool
def _channels_last(data_format):
    if data_format not in (None, 'channels_last'):
        raise NotImplementedError('tf1.keras backend convolutions support data_format="channels_last" only')


@export("keras.backend.conv1d")
def conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1):
    tf = _tf()
    _channels_last(data_format)
    if padding == 'causal':
        left = dilation_rate * (int(kernel.get_shape()[0]) - 1)
        x = temporal_padding(x, (left, 0))
        padding = 'valid'
    return tf.nn.convolution(x, kernel, padding.upper(), strides=(strides,), dilation_rate=(dilation_rate,))


@export("keras.backend.conv2d")
def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    tf = _tf()
    _channels_last(data_format)
    return tf.nn.convolution(x, kernel, padding.upper(), strides=tuple(strides), dilation_rate=tuple(dilation_rate))


@export("keras.backend.depthwise_conv2d")
def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    tf = _tf()
    _channels_last(data_format)
    return tf.nn.depthwise_conv2d(x, depthwise_kernel, strides=(1,) + tuple(strides) + (1,),
                                  padding=padding.upper(), rate=tuple(dilation_rate))


@export("keras.backend.separable_conv2d")
def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    tf = _tf()
    _channels_last(data_format)
    return tf.nn.separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1,) + tuple(strides) + (1,),
                                  padding=padding.upper(), rate=tuple(dilation_rate))


@export("keras.backend.pool2d")
def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max'):
    tf = _tf()
    _channels_last(data_format)
    if pool_mode not in ('max', 'avg'):
        raise ValueError('Invalid pooling mode: ' + str(pool_mode))
    pool = tf.nn.max_pool if pool_mode == 'max' else tf.nn.avg_pool
    return pool(x, (1,) + tuple(pool_size) + (1,), (1,) + tuple(strides) + (1,), padding.upper())


@export("keras.backend.batch_normalization")
def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    return _tf().nn.batch_normalization(x, mean, var, beta, gamma, epsilon)


@export("keras.backend.resize_images")
def resize_images(x, height_factor, width_factor, data_format, interpolation='nearest'):
    _channels_last(data_format)
    if interpolation != 'nearest':
        raise NotImplementedError('tf1.keras resize_images supports interpolation="nearest" only')
    return repeat_elements(repeat_elements(x, height_factor, axis=1), width_factor, axis=2)


# ------------------------------------------------------------------------------------------ control flow
@export("keras.backend.map_fn")
def map_fn(fn, elems, name=None, dtype=None):
    return _tf().map_fn(fn, elems, name=name, dtype=dtype)


@export("keras.backend.foldl")
def foldl(fn, elems, initializer=None, name=None):
    return _tf().foldl(fn, elems, initializer=initializer, name=name)


@export("keras.backend.foldr")
def foldr(fn, elems, initializer=None, name=None):
    return _tf().foldr(fn, elems, initializer=initializer, name=name)


# ------------------------------------------------------------------------------------------ uids
@export("keras.backend.get_uid")
def get_uid(prefix=''):
    from .layers import get_uid as layer_uid
    return layer_uid(prefix)


@export("keras.backend.reset_uids")
def reset_uids():
    from .layers import _graph_uids
    _graph_uids().clear()


@export("keras.backend.manual_variable_initialization")
def manual_variable_initialization(value):
    """tf1's backend initialises the Keras variables it tracks at get_session(); with `value` True the
    caller initialises them (they are no longer tracked)."""
    backend.set_manual_initialization(bool(value))
