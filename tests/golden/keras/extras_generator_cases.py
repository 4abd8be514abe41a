"""fit_generator / evaluate_generator / predict_generator runs shared by extras_make_golden.py (real
tf_keras) and tests/keras/test_keras_extras_generators.py (tf1.keras)."""
import numpy as np

X = np.random.RandomState(11).uniform(-1, 1, (10, 3)).astype(np.float32)
Y = np.random.RandomState(12).uniform(-1, 1, (10, 2)).astype(np.float32)
W = [np.random.RandomState(13).uniform(-1, 1, (3, 2)).astype(np.float32), np.array([0.1, -0.2], np.float32)]


def make_sequence(keras, batch_size=4, x=X, y=Y):
    class Batches(keras.utils.Sequence):
        """Batches of 4, 4 and 2 samples; counts its epochs."""
        epochs_ended = 0

        def __len__(self):
            return int(np.ceil(len(x) / float(batch_size)))

        def __getitem__(self, i):
            return x[i * batch_size:(i + 1) * batch_size], y[i * batch_size:(i + 1) * batch_size]

        def on_epoch_end(self):
            self.epochs_ended += 1
    return Batches()


def generator(x=X, y=Y, batch_size=5):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def model(keras):
    m = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,), name='d')])
    m.compile(keras.optimizers.legacy.SGD(learning_rate=0.1) if hasattr(keras.optimizers, 'legacy')
              else keras.optimizers.SGD(lr=0.1), 'mse', metrics=['mae'])
    m.set_weights(W)
    return m


def run(keras):
    """{name: value}: the history of fit_generator on a Sequence (shuffle off, Sequence validation) and
    on a generator, evaluate_generator and predict_generator, weights after training."""
    out = {}
    m = model(keras)
    seq = make_sequence(keras)
    h = m.fit_generator(seq, epochs=2, verbose=0, shuffle=False, validation_data=make_sequence(keras, 3))
    out['seq_history'] = {k: [float(v) for v in vals] for k, vals in h.history.items()}
    out['seq_epochs_ended'] = seq.epochs_ended
    out['seq_weights'] = [w.tolist() for w in m.get_weights()]
    m = model(keras)
    h = m.fit_generator(generator(), steps_per_epoch=2, epochs=2, verbose=0)
    out['gen_history'] = {k: [float(v) for v in vals] for k, vals in h.history.items()}
    out['gen_weights'] = [w.tolist() for w in m.get_weights()]
    out['evaluate'] = [float(v) for v in m.evaluate_generator(make_sequence(keras))]
    out['evaluate_gen'] = [float(v) for v in m.evaluate_generator(generator(batch_size=3), steps=3)]
    out['predict'] = m.predict_generator(make_sequence(keras)).tolist()
    out['predict_gen'] = m.predict_generator(generator(batch_size=3), steps=2).tolist()
    return out
