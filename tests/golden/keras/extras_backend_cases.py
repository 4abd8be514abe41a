"""keras.backend cases shared by extras_make_golden.py (real tf_keras) and tests/keras/test_keras_extras.py
(tf1.keras): `backend_cases(K)` builds tensors with either backend and returns {name: tensor}; the values
are evaluated with `K.batch_get_value`. Inputs are fixed numpy arrays, so no randomness is involved."""
import numpy as np

R = np.random.RandomState(7)
X = R.uniform(-1, 1, (2, 3, 4)).astype(np.float32)
A = R.uniform(-1, 1, (3, 4)).astype(np.float32)
B = R.uniform(-1, 1, (4, 5)).astype(np.float32)
P = R.uniform(0.05, 1, (3, 4)).astype(np.float32)
P = P / P.sum(-1, keepdims=True)
T = np.eye(4, dtype=np.float32)[[0, 2, 3]]
BIN = (R.uniform(0, 1, (3, 4)) > 0.5).astype(np.float32)
LOGITS = R.uniform(-3, 3, (3, 4)).astype(np.float32)
BX = R.uniform(-1, 1, (2, 3, 4)).astype(np.float32)
BY = R.uniform(-1, 1, (2, 4, 5)).astype(np.float32)
V2 = R.uniform(-1, 1, (2, 4)).astype(np.float32)
W2 = R.uniform(-1, 1, (2, 4)).astype(np.float32)
CK1 = R.uniform(-1, 1, (2, 4, 3)).astype(np.float32)
IMG = R.uniform(-1, 1, (2, 5, 4, 3)).astype(np.float32)
CK2 = R.uniform(-1, 1, (3, 2, 3, 2)).astype(np.float32)
DK2 = R.uniform(-1, 1, (2, 2, 3, 2)).astype(np.float32)
PK2 = R.uniform(-1, 1, (1, 1, 6, 4)).astype(np.float32)


def logsumexp(K, a):
    # tf_keras dropped K.logsumexp (TF 1.15 has it): the oracle records the plain formula.
    if hasattr(K, 'logsumexp'):
        return K.logsumexp(a, axis=1)
    return K.log(K.sum(K.exp(a), axis=1))


def backend_cases(K):
    x, a, b = K.constant(X), K.constant(A), K.constant(B)
    p, t = K.constant(P), K.constant(T)
    out = {
        'dot_2d': K.dot(a, b), 'dot_3d': K.dot(x, b),
        'batch_dot_3d': K.batch_dot(K.constant(BX), K.constant(BY)),
        'batch_dot_2d': K.batch_dot(K.constant(V2), K.constant(W2), axes=1),
        'sum': K.sum(x), 'sum_1': K.sum(x, axis=1), 'mean_k': K.mean(x, axis=-1, keepdims=True),
        'max_0': K.max(x, axis=0), 'min_2': K.min(x, axis=2), 'prod_1': K.prod(a, axis=1),
        'var_1': K.var(x, axis=1), 'std_2': K.std(x, axis=2), 'logsumexp': logsumexp(K, a),
        'any': K.any(K.greater(a, 0.5), axis=1), 'all': K.all(K.greater(a, -0.9), axis=0),
        'argmax': K.argmax(a), 'argmin': K.argmin(a, axis=0),
        'cumsum': K.cumsum(a, axis=1), 'cumprod': K.cumprod(a, axis=0),
        'square': K.square(a), 'abs': K.abs(a), 'sqrt': K.sqrt(a), 'exp': K.exp(a), 'log': K.log(p),
        'round': K.round(a * 3), 'sign': K.sign(a), 'pow': K.pow(a, 3), 'clip': K.clip(a, -0.3, 0.4),
        'maximum': K.maximum(a, 0.1), 'minimum': K.minimum(a, 0.1), 'equal': K.equal(a, a),
        'concatenate': K.concatenate([a, a * 2], axis=-1), 'concat0': K.concatenate([a, a], axis=0),
        'reshape': K.reshape(x, (4, 6)), 'permute': K.permute_dimensions(x, (2, 0, 1)),
        'expand_dims': K.expand_dims(a, 1), 'squeeze': K.squeeze(K.expand_dims(a, 1), 1),
        'stack': K.stack([a, a], axis=1), 'tile': K.tile(a, (2, 1)), 'repeat': K.repeat(a, 2),
        'repeat_elements': K.repeat_elements(a, 2, axis=1), 'flatten': K.flatten(a),
        'batch_flatten': K.batch_flatten(x), 'transpose': K.transpose(a),
        'gather': K.gather(a, K.constant([2, 0], dtype='int32')),
        'one_hot': K.one_hot(K.constant([1, 3], dtype='int32'), 4), 'reverse': K.reverse(a, 1),
        'arange': K.arange(2, 9, 3), 'temporal_padding': K.temporal_padding(x, (1, 2)),
        'l2_normalize': K.l2_normalize(a, axis=1), 'cast': K.cast(K.greater(a, 0.), 'float32'),
        'relu': K.relu(a), 'relu_alpha': K.relu(a, alpha=0.1), 'relu_max': K.relu(a * 9, max_value=6.),
        'relu_all': K.relu(a, alpha=0.2, max_value=0.5, threshold=0.1),
        'elu': K.elu(a, 0.5), 'softmax': K.softmax(a), 'softplus': K.softplus(a),
        'softsign': K.softsign(a), 'sigmoid': K.sigmoid(a), 'hard_sigmoid': K.hard_sigmoid(a * 4),
        'tanh': K.tanh(a),
        'cce': K.categorical_crossentropy(t, p),
        'cce_logits': K.categorical_crossentropy(t, K.constant(LOGITS), from_logits=True),
        'scce': K.sparse_categorical_crossentropy(K.constant([0., 2., 3.]), p),
        'scce_logits': K.sparse_categorical_crossentropy(K.constant([1., 2., 0.]), K.constant(LOGITS),
                                                         from_logits=True),
        'bce': K.binary_crossentropy(K.constant(BIN), p),
        'bce_logits': K.binary_crossentropy(K.constant(BIN), K.constant(LOGITS), from_logits=True),
        'zeros': K.zeros((2, 3)), 'ones': K.ones((2, 2), dtype='float32'), 'eye': K.eye(3),
        'zeros_like': K.zeros_like(a), 'ones_like': K.ones_like(a),
        'switch': K.switch(K.greater(a, 0.), a, -a), 'bias_add': K.bias_add(a, K.constant([1., 2., 3., 4.])),
        'in_top_k': K.in_top_k(K.constant(LOGITS), K.constant([0, 1, 2], dtype='int32'), 2),
        'conv1d': K.conv1d(x, K.constant(CK1)),
        'conv1d_causal': K.conv1d(x, K.constant(CK1), padding='causal', dilation_rate=2),
        'conv2d': K.conv2d(K.constant(IMG), K.constant(CK2), strides=(2, 1), padding='same'),
        'depthwise_conv2d': K.depthwise_conv2d(K.constant(IMG), K.constant(DK2)),
        'separable_conv2d': K.separable_conv2d(K.constant(IMG), K.constant(DK2), K.constant(PK2),
                                               padding='same'),
        'pool2d_max': K.pool2d(K.constant(IMG), (2, 2), strides=(2, 2)),
        'pool2d_avg': K.pool2d(K.constant(IMG), (2, 2), padding='same', pool_mode='avg'),
        'resize_images': K.resize_images(K.constant(IMG), 2, 3, 'channels_last'),
        'batch_normalization': K.batch_normalization(a, K.constant([.1, .2, .3, .4]), K.constant([1., 2., .5, .1]),
                                                     K.constant([0., 1., 0., 1.]), K.constant([2., 1., .5, 1.])),
        'map_fn': K.map_fn(lambda r: r * 2. + 1., a),
        'foldl': K.foldl(lambda acc, r: acc + r * r, a),
    }
    return out


def static_facts(K):
    """Shapes, dtypes and names (graph construction only)."""
    ph = K.placeholder(shape=(None, 3), name='ph')
    ph2 = K.placeholder(ndim=2, dtype='int32')
    v = K.variable(np.ones((2, 3)), name='v')
    v2 = K.variable([[1., 2.]])
    z = K.zeros((2, 3))
    return {
        'ph': [ph.name, list(K.int_shape(ph)), K.ndim(ph), K.dtype(ph)],
        'ph2': [ph2.name, list(K.int_shape(ph2)), K.ndim(ph2), K.dtype(ph2)],
        'v': [v.name, list(K.int_shape(v)), K.ndim(v), K.dtype(v)],
        'v2': [v2.name, list(K.int_shape(v2)), K.dtype(v2)],
        'z': [z.name, list(K.int_shape(z)), K.dtype(z)],
        'epsilon': K.epsilon(), 'floatx': K.floatx(), 'image_data_format': K.image_data_format(),
        'cast_to_floatx': str(K.cast_to_floatx([1, 2]).dtype),
        'count_params': int(K.count_params(v)),
        'is_keras_tensor_input': K.is_keras_tensor(K.placeholder((2,))),
    }
