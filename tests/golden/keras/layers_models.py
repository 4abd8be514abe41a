"""Model definitions shared by layers_make_golden.py (real tf_keras) and tests/keras/test_layers_*.py
(tf1.keras): `build(name, keras)` builds the same model with either library. Every layer is named, so
weight names do not depend on the library's layer-name counters (Keras 2.2 / tf1: `dense_1`;
tf.keras 1.15 / tf_keras: `dense`)."""


def build(name, keras):
    L = keras.layers
    if name == 'cnn':
        return keras.models.Sequential([
            L.Conv2D(4, 3, activation='relu', input_shape=(8, 8, 2), name='conv'),
            L.MaxPooling2D(name='pool'),
            L.Conv2D(3, (2, 2), padding='same', name='conv_b'),
            L.AveragePooling2D(pool_size=(2, 2), strides=1, name='avg'),
            L.Flatten(name='flat'),
            L.Dense(3, activation='softmax', name='out')], name='cnn')
    if name == 'seq':
        return keras.models.Sequential([
            L.Embedding(12, 5, input_length=6, name='emb'),
            L.LSTM(4, name='lstm'),
            L.Dense(2, activation='softmax', name='out')], name='seq')
    if name == 'rnn_misc':
        x = L.Input((6, 3), name='x')
        h = L.Bidirectional(L.GRU(3, return_sequences=True, name='gru'), name='bidi')(x)
        h = L.LSTM(2, return_sequences=True, go_backwards=True, name='lstm2')(h)
        h = L.TimeDistributed(L.Dense(2, activation='tanh', name='d'), name='td')(h)
        h = L.GlobalAveragePooling1D(name='gap')(h)
        return keras.models.Model(x, h, name='rnn_misc')
    if name == 'rnn_state':
        x = L.Input((5, 2), name='x')
        out, h, c = L.LSTM(3, return_state=True, name='lstm')(x)
        g = L.Bidirectional(L.LSTM(2, name='l2'), merge_mode='sum', name='bidi')(x)
        return keras.models.Model(x, [out, h, c, g], name='rnn_state')
    if name == 'conv1d':
        x = L.Input((10, 3), name='x')
        h = L.Conv1D(4, 3, activation='tanh', name='c1')(x)
        h = L.MaxPooling1D(name='mp1')(h)
        h = L.Conv1D(2, 2, padding='causal', name='c2')(h)
        h = L.GlobalMaxPooling1D(name='gmp')(h)
        return keras.models.Model(x, h, name='conv1d')
    if name == 'vision':
        x = L.Input((4, 4, 3), name='x')
        h = L.ZeroPadding2D(name='zp')(x)
        h = L.UpSampling2D(name='up')(h)
        h = L.Conv2DTranspose(2, 3, strides=2, padding='same', name='ct')(h)
        h = L.LeakyReLU(name='lr')(h)
        h = L.Conv2DTranspose(3, (2, 3), name='ct2')(h)
        h = L.BatchNormalization(name='bn')(h)
        a = L.GlobalAveragePooling2D(name='gap')(h)
        m = L.GlobalMaxPooling2D(name='gmp')(h)
        return keras.models.Model(x, [a, m], name='vision')
    if name == 'merge':
        a = L.Input((4,), name='a')
        b = L.Input((4,), name='b')
        da = L.Dense(4, name='da')(a)
        s = L.add([da, b], name='sum')
        p = L.Multiply(name='prod')([a, b])
        c = L.concatenate([s, p, a], name='cat')
        r = L.Reshape((3, 4), name='resh')(c)
        t = L.Permute((2, 1), name='perm')(r)
        v = L.RepeatVector(4, name='rep')(L.Dense(3, name='db')(b))
        w = L.Lambda(lambda z: z * 2. + 1., name='lam')(v)
        out = L.Concatenate(axis=1, name='cat2')([t, w])
        return keras.models.Model([a, b], out, name='merge')
    if name == 'bn_dense':
        return keras.models.Sequential([
            L.Dense(4, input_shape=(3,), name='d1'),
            L.BatchNormalization(name='bn'),
            L.Dense(2, name='d2')], name='bn_dense')
    if name == 'bn_conv':
        return keras.models.Sequential([
            L.Conv2D(3, 2, input_shape=(5, 5, 2), name='conv'),
            L.BatchNormalization(momentum=0.9, name='bn'),
            L.GlobalAveragePooling2D(name='gap'),
            L.Dense(2, name='out')], name='bn_conv')
    if name == 'extras':
        img = L.Input((9, 9, 2), name='img')
        h = L.Conv2D(3, 3, strides=2, padding='same', name='c_s2')(img)
        h = L.Conv2D(2, 2, dilation_rate=2, padding='same', activation='relu', name='c_dil')(h)
        h = L.MaxPooling2D(pool_size=3, strides=1, padding='same', name='mp_same')(h)
        h = L.AveragePooling2D(padding='same', name='ap_same')(h)
        seq = L.Input((7, 3), name='seq')
        s = L.Conv1D(2, 3, dilation_rate=2, padding='same', name='c1_dil')(seq)
        s = L.GRU(2, reset_after=True, recurrent_activation='sigmoid', return_sequences=True, name='gru2')(s)
        s = L.AveragePooling1D(name='ap1')(s)
        s = L.SimpleRNN(2, name='srnn')(s)
        return keras.models.Model([img, seq], [L.Flatten(name='fl')(h), s], name='extras')
    raise KeyError(name)


MODELS = ['cnn', 'seq', 'rnn_misc', 'rnn_state', 'conv1d', 'vision', 'merge', 'bn_dense', 'bn_conv', 'extras']


def input_specs(name):
    """(shape, kind) of each model input for the fixed-data runs: kind 'int12' = integers in [0, 12)."""
    return {
        'cnn': [((8, 8, 2), 'float')], 'seq': [((6,), 'int12')], 'rnn_misc': [((6, 3), 'float')],
        'rnn_state': [((5, 2), 'float')], 'conv1d': [((10, 3), 'float')],
        'vision': [((4, 4, 3), 'float')], 'merge': [((4,), 'float'), ((4,), 'float')],
        'bn_dense': [((3,), 'float')], 'bn_conv': [((5, 5, 2), 'float')],
        'extras': [((9, 9, 2), 'float'), ((7, 3), 'float')],
    }[name]


# models trained for a few SGD steps: name -> (loss, target kind)
TRAIN = {'cnn': 'categorical_crossentropy', 'seq': 'sparse_categorical_crossentropy',
         'bn_dense': 'mse', 'bn_conv': 'mse'}
