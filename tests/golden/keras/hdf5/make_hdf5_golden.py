"""Records the HDF5 cross-compatibility goldens of tests/keras/test_hdf5*.py.

Commands (from the repository root), in this order:
    python3 tests/golden/keras/hdf5/make_hdf5_golden.py --tf1
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/keras/hdf5/make_hdf5_golden.py

The first writes tf1_*.h5 (and tf1_func.yaml, parsed into tf1_func_yaml.json) with tf1: the same
models, weights and training as below. The second runs real Keras (tf_keras, graph mode): it writes the
oracle fixtures tf_*.h5 (a Sequential Dense model, a functional Conv2D/BatchNormalization/LSTM model, a
model compiled with Adam and trained, a weights file) with their predictions, and tf_func_config.txt
(the architecture config that TF 1.15's to_yaml dumped, as a Python literal); it loads the tf1 files
and records what it predicts from them (and after one more train step for the compiled one), into
hdf5_golden.json / .npz. Both runs build their models with `build_models(keras)` and give them
weights from `seeded_weights`.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def inputs():
    rng = np.random.RandomState(7)
    return {'x_dense': rng.rand(5, 4).astype(np.float32),
            'x_image': rng.rand(3, 6, 6, 2).astype(np.float32),
            'x_train': rng.rand(16, 4).astype(np.float32),
            'y_train': np.eye(3, dtype=np.float32)[rng.randint(0, 3, 16)]}


def seeded_weights(model, seed):
    """The same values for both frameworks: layer by layer, trainable then non-trainable weights
    (a BatchNormalization's moving variance kept positive)."""
    rng = np.random.RandomState(seed)
    for layer in model.layers:
        weights = layer.trainable_weights + layer.non_trainable_weights
        if not weights:
            continue
        values = []
        for w in weights:
            value = rng.uniform(-0.5, 0.5, w.get_shape().as_list()).astype(np.float32)
            if 'moving_variance' in w.name:
                value = np.abs(value) + 0.5
            values.append(value)
        layer.set_weights(values)


def dense_model(keras):
    L = keras.layers
    return keras.models.Sequential([L.Dense(3, activation='relu', input_shape=(4,), name='hidden'),
                                    L.Dense(2, activation='softmax', name='out')], name='dense_seq')


def func_model(keras):
    L = keras.layers
    inp = L.Input(shape=(6, 6, 2), name='image')
    h = L.Conv2D(4, 3, activation='relu', name='conv')(inp)
    h = L.BatchNormalization(name='bn')(h)
    h = L.Reshape((4, 16), name='rows')(h)
    h = L.LSTM(5, recurrent_activation='hard_sigmoid', name='lstm')(h)
    out = L.Dense(3, name='logits')(h)
    return keras.models.Model(inp, out, name='conv_bn_lstm')


def trained_model(keras):
    L = keras.layers
    return keras.models.Sequential([L.Dense(8, activation='tanh', input_shape=(4,), name='d1'),
                                    L.Dense(3, activation='softmax', name='d2')], name='trained')


def build_models(keras):
    return dense_model(keras), func_model(keras), trained_model(keras)


def compile_and_train(keras, model, data):
    # tf_keras' graph-mode Keras needs its legacy (TF 1.15 OptimizerV2) optimizers.
    optimizers = getattr(keras.optimizers, 'legacy', keras.optimizers)
    model.compile(optimizer=optimizers.Adam(0.01), loss='categorical_crossentropy',
                  metrics=['accuracy'])
    model.fit(data['x_train'], data['y_train'], batch_size=8, epochs=3, shuffle=False, verbose=0)


def make_tf1(directory=HERE):
    """tf1's files (the test calls this too, into a temporary directory, and compares)."""
    import tf1
    keras = tf1.keras
    data = inputs()
    dense, func, trained = build_models(keras)
    for i, model in enumerate((dense, func, trained)):
        seeded_weights(model, i)
    compile_and_train(keras, trained, data)
    dense.save(os.path.join(directory, 'tf1_dense.h5'))
    func.save(os.path.join(directory, 'tf1_func.h5'))
    trained.save(os.path.join(directory, 'tf1_trained.h5'))
    func.save_weights(os.path.join(directory, 'tf1_func_weights.h5'))
    with open(os.path.join(directory, 'tf1_func.yaml'), 'w') as f:
        f.write(func.to_yaml())
    # The oracle's Python has no PyYAML: it reads tf1's YAML architecture as parsed here.
    import yaml
    with open(os.path.join(directory, 'tf1_func.yaml')) as f:
        config = yaml.load(f.read(), Loader=yaml.FullLoader)
    with open(os.path.join(directory, 'tf1_func_yaml.json'), 'w') as f:
        json.dump(config, f)
    return dense, func, trained, data


def make_oracle():
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    import tf_keras as keras
    data = inputs()
    K = keras.backend
    golden, arrays = {}, {}

    def fresh():
        K.clear_session()

    fresh()
    dense, func, trained = build_models(keras)
    for i, model in enumerate((dense, func, trained)):
        seeded_weights(model, i)
    compile_and_train(keras, trained, data)
    dense.save(os.path.join(HERE, 'tf_dense.h5'))
    func.save(os.path.join(HERE, 'tf_func.h5'))
    trained.save(os.path.join(HERE, 'tf_trained.h5'))
    dense.save_weights(os.path.join(HERE, 'tf_dense_weights.h5'))
    arrays['tf_dense'] = dense.predict(data['x_dense'])
    arrays['tf_func'] = func.predict(data['x_image'])
    arrays['tf_trained'] = trained.predict(data['x_dense'])
    arrays['tf_trained_optimizer'] = np.array(K.get_value(trained.optimizer.iterations))
    # to_yaml is gone from newer Keras (and PyYAML from the oracle's Python); TF 1.15's was
    # yaml.dump of this config, tuples included: the test dumps it.
    # (A built BatchNormalization's axis is a tracking ListWrapper: written as the list it holds.)
    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, tuple):
            return tuple(plain(v) for v in value)
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value
    with open(os.path.join(HERE, 'tf_func_config.txt'), 'w') as f:
        f.write(repr(plain(func._updated_config())))
    # One more train step after loading: the optimizer state came back from the file.
    fresh()
    loaded = keras.models.load_model(os.path.join(HERE, 'tf_trained.h5'))
    loaded.train_on_batch(data['x_train'][:8], data['y_train'][:8])
    arrays['tf_trained_step'] = loaded.predict(data['x_dense'])

    # The files tf1 wrote, loaded by real Keras.
    for name, x in (('tf1_dense', 'x_dense'), ('tf1_func', 'x_image'), ('tf1_trained', 'x_dense')):
        fresh()
        model = keras.models.load_model(os.path.join(HERE, name + '.h5'))
        arrays[name] = model.predict(data[x])
        if name == 'tf1_trained':
            golden['tf1_trained_optimizer'] = type(model.optimizer).__name__
            arrays['tf1_trained_iterations'] = np.array(K.get_value(model.optimizer.iterations))
            model.train_on_batch(data['x_train'][:8], data['y_train'][:8])
            arrays['tf1_trained_step'] = model.predict(data['x_dense'])
    fresh()
    model = func_model(keras)
    model.load_weights(os.path.join(HERE, 'tf1_func_weights.h5'))
    arrays['tf1_func_weights'] = model.predict(data['x_image'])
    fresh()
    with open(os.path.join(HERE, 'tf1_func_yaml.json')) as f:
        model = keras.models.model_from_json(f.read())
    model.load_weights(os.path.join(HERE, 'tf1_func_weights.h5'))
    arrays['tf1_func_yaml'] = model.predict(data['x_image'])

    with open(os.path.join(HERE, 'hdf5_golden.json'), 'w') as f:
        json.dump(golden, f, indent=1, sort_keys=True)
    np.savez(os.path.join(HERE, 'hdf5_golden.npz'), **arrays)


if __name__ == '__main__':
    if '--tf1' in sys.argv:
        make_tf1()
    else:
        make_oracle()
