"""Records keras_models.json / keras_models.npz for tests/keras/test_keras_models.py from real Keras.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/keras/make_keras_models_golden.py

Per model: each layer's output shape and parameter count, the trainable weight shapes and the totals
(tf_keras, graph mode). Per optimizer: the weights after three train_on_batch steps from fixed initial
weights and data (tf_keras' legacy optimizers apply Keras 2's update rules; not Adagrad, whose tf_keras
accumulators start at 0.1 where Keras 2.2's start at 0), and the losses returned.
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def models():
    K = keras.layers
    mlp = keras.models.Sequential()
    mlp.add(K.Dense(units=128, activation='sigmoid', input_shape=(784,)))
    mlp.add(K.Dropout(0.1))
    mlp.add(K.Dense(units=128, activation='sigmoid'))
    mlp.add(K.Dropout(0.1))
    mlp.add(K.Dense(units=10, activation='softmax'))
    inp = K.Input(shape=(64,))
    h = K.Dense(10)(inp)
    h = K.Activation('tanh')(h)
    h = K.Dense(10)(h)
    out = K.Activation('softmax')(h)
    functional = keras.models.Model(inputs=inp, outputs=out)
    rnn = keras.models.Sequential()
    rnn.add(K.SimpleRNN(units=16, activation='relu', input_shape=(28, 28)))
    rnn.add(K.Dense(10))
    rnn.add(K.Activation('softmax'))
    flat = keras.models.Sequential([K.Flatten(input_shape=(4, 5)), K.Dense(3, input_dim=20)])
    return {'mlp': mlp, 'functional': functional, 'rnn': rnn, 'flat': flat}


def describe(model):
    layers = [l for l in model.layers if not isinstance(l, keras.layers.InputLayer)]
    return {
        'layers': [[l.__class__.__name__, list(l.output_shape), l.count_params()] for l in layers],
        'weights': [list(w.shape.as_list()) for w in model.trainable_weights],
        'total': model.count_params(),
    }


def optimizer_runs(arrays):
    rng = np.random.RandomState(0)
    x = rng.rand(16, 6).astype(np.float32)
    labels = rng.randint(0, 3, 16)
    y = np.eye(3, dtype=np.float32)[labels]
    w0 = [rng.uniform(-.5, .5, (6, 5)).astype(np.float32), rng.uniform(-.1, .1, 5).astype(np.float32),
          rng.uniform(-.5, .5, (5, 3)).astype(np.float32), rng.uniform(-.1, .1, 3).astype(np.float32)]
    arrays.update({'opt_x': x, 'opt_labels': labels})
    for i, w in enumerate(w0):
        arrays['opt_w0_%d' % i] = w
    L = keras.optimizers.legacy
    cases = {
        'sgd': lambda: L.SGD(learning_rate=0.1),
        'sgd_momentum_decay': lambda: L.SGD(learning_rate=0.1, momentum=0.9, decay=0.01),
        'sgd_nesterov': lambda: L.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
        'rmsprop': lambda: L.RMSprop(learning_rate=0.01),
        'adam': lambda: L.Adam(),
    }
    losses = {'categorical_crossentropy': y, 'sparse_categorical_crossentropy': labels,
              'mse': y}
    runs = {}
    for name, make in cases.items():
        for loss, target in losses.items():
            if name != 'sgd' and loss != 'categorical_crossentropy':
                continue
            tf.reset_default_graph()
            keras.backend.clear_session()
            m = keras.models.Sequential([keras.layers.Dense(5, activation='relu', input_shape=(6,)),
                                         keras.layers.Dense(3, activation='softmax')])
            m.compile(optimizer=make(), loss=loss, metrics=['accuracy'])
            m.set_weights(w0)
            results = [m.train_on_batch(x, target) for _ in range(3)]
            key = name + '/' + loss
            runs[key] = {'results': np.asarray(results, dtype=np.float64).tolist(),
                         'evaluate': [float(v) for v in m.evaluate(x, target, verbose=0)]}
            for i, w in enumerate(m.get_weights()):
                arrays['%s_w%d' % (key.replace('/', '__'), i)] = w
    return runs


def main():
    arrays = {}
    out = {'models': {name: describe(m) for name, m in models().items()}}
    out['optimizers'] = optimizer_runs(arrays)
    with open(os.path.join(HERE, 'keras_models.json'), 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
    np.savez(os.path.join(HERE, 'keras_models.npz'), **arrays)


if __name__ == '__main__':
    main()
