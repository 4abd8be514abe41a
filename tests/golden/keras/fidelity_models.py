"""Models and naming scenarios shared by make_keras_fidelity_golden.py (real tf_keras) and
tests/keras/test_keras_fidelity.py (tf1): regularizers, constraints, masking, default names.
Layers get explicit names where weights are set by name; `naming_cases` relies on the default ones."""


def build(name, keras):
    L, R, C = keras.layers, keras.regularizers, keras.constraints
    if name == 'reg_dense':
        x = L.Input((4,), name='x')
        h = L.Dense(5, activation='tanh', kernel_regularizer=R.l2(0.01), bias_regularizer=R.l1(0.02),
                    activity_regularizer=R.l1_l2(0.01, 0.02), name='d1')(x)
        y = L.Dense(2, kernel_regularizer=R.l1_l2(l1=0.005, l2=0.003), kernel_constraint=C.max_norm(0.6),
                    bias_constraint=C.non_neg(), name='d2')(h)
        return keras.models.Model(x, y, name='reg_dense')
    if name == 'reg_conv_emb':
        return keras.models.Sequential([
            L.Embedding(10, 4, input_length=5, embeddings_regularizer=R.l2(0.02),
                        embeddings_constraint=C.unit_norm(axis=1), name='emb'),
            L.Conv1D(3, 2, kernel_regularizer=R.l1(0.01), bias_constraint=C.min_max_norm(0.1, 0.5),
                     activity_regularizer=R.l2(0.05), name='conv'),
            L.GlobalMaxPooling1D(name='gmp'),
            L.Dense(2, activation='softmax', name='out')], name='reg_conv_emb')
    if name == 'reg_rnn':
        x = L.Input((4, 3), name='x')
        h = L.SimpleRNN(3, return_sequences=True, kernel_regularizer=R.l2(0.01), recurrent_regularizer=R.l1(0.01),
                        recurrent_constraint=C.max_norm(0.8), name='srnn')(x)
        h = L.LSTM(2, return_sequences=True, bias_regularizer=R.l2(0.1), activity_regularizer=R.l2(0.01),
                   name='lstm')(h)
        h = L.GRU(2, kernel_constraint=C.non_neg(), recurrent_regularizer=R.l2(0.02), name='gru')(h)
        return keras.models.Model(x, L.Dense(1, name='out')(h), name='reg_rnn')
    if name == 'mask_emb':
        return keras.models.Sequential([
            L.Embedding(8, 3, mask_zero=True, input_length=6, name='emb'),
            L.LSTM(3, return_sequences=True, name='lstm'),
            L.Dense(2, activation='tanh', name='out')], name='mask_emb')
    if name == 'mask_masking':
        x = L.Input((5, 2), name='x')
        h = L.Masking(0., name='masking')(x)
        h = L.SimpleRNN(3, return_sequences=True, go_backwards=True, name='srnn')(h)
        h = L.GRU(2, name='gru')(h)
        return keras.models.Model(x, L.Dense(1, name='out')(h), name='mask_masking')
    if name == 'mask_state':
        x = L.Input((5,), name='x')
        e = L.Embedding(8, 3, mask_zero=True, name='emb')(x)
        seq, h, c = L.LSTM(2, return_sequences=True, return_state=True, name='lstm')(e)
        g = L.GlobalAveragePooling1D(name='gap')(seq)
        return keras.models.Model(x, [g, h, c], name='mask_state')
    raise KeyError(name)


# name -> (input kind, loss for three SGD(0.1) train_on_batch steps or None)
MODELS = {
    'reg_dense': ('float4', 'mse'),
    'reg_conv_emb': ('int10x5', 'sparse_categorical_crossentropy'),
    'reg_rnn': ('float4x3', 'mse'),
    'mask_emb': ('int8x6', 'mse'),
    'mask_masking': ('float5x2_masked', 'mse'),
    'mask_state': ('int8x5', None),
}


def naming_cases(tf, keras):
    """Default layer / model / weight names in a few situations, each case in a new graph."""
    L = keras.layers
    out = {}
    keras.backend.clear_session()
    m = keras.models.Sequential([L.Dense(3, input_shape=(4,)), L.Dropout(0.1), L.Dense(2)])
    out['sequential'] = [m.name, [l.name for l in m.layers], [w.name for w in m.weights], m.input.name]
    x = L.Input((4,))
    y = L.Dense(2)(L.Activation('relu')(x))
    f = keras.models.Model(x, y)
    out['functional'] = [f.name, [l.name for l in f.layers], [w.name for w in f.weights], x.name]
    s = keras.models.Sequential([L.Conv2D(2, 3, input_shape=(5, 5, 1)), L.MaxPooling2D(), L.Flatten(),
                                 L.Dense(2)])
    out['conv'] = [s.name, [l.name for l in s.layers], [w.name for w in s.weights]]
    keras.backend.clear_session()
    out['after_clear_session'] = [L.Dense(2).name, L.Input((3,)).name, keras.models.Sequential().name,
                                  L.Embedding(3, 2).name, L.LSTM(2).name, L.GRU(2).name, L.SimpleRNN(2).name,
                                  L.Bidirectional(L.LSTM(2)).name, L.BatchNormalization().name,
                                  L.Conv1D(2, 2).name, L.LeakyReLU().name, L.Masking().name,
                                  L.TimeDistributed(L.Dense(2)).name, L.Add().name, L.Concatenate().name]
    tf.reset_default_graph()
    out['after_reset_default_graph'] = [L.Dense(2).name, L.Dense(2).name, L.Input((3,)).name,
                                        L.Input((3,)).name, keras.models.Model(
                                            *[L.Input((1,))] * 2).name]
    with tf.Graph().as_default():
        out['new_graph'] = [L.Dense(2).name, L.Input((3,)).name]
    out['back_in_default_graph'] = [L.Dense(2).name]
    keras.backend.clear_session()
    return out
