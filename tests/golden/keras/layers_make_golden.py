"""Records layers_golden.json / layers_golden.npz for tests/keras/test_layers_*.py from real Keras.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/keras/layers_make_golden.py

tf_keras in graph mode (`disable_v2_behavior()`), with `keras.layers.LSTM` / `GRU` replaced by tf_keras' v1 layers
(lstm_v1 / gru_v1), the ones TF 1.15's tf.keras exports: hard_sigmoid, GRU reset_after=False). Per model of
layers_models.py: each layer's class, output shape, parameter count and weights (names, shapes), the
model's trainable / non-trainable weight names, its summary() text, and its outputs on fixed inputs with
fixed weights (set layer by layer); for the TRAIN models, the losses of three SGD(0.1) train_on_batch
steps and every layer's weights afterwards (BatchNormalization's moving statistics included).
tf_keras names RNN weights `lstm/lstm_cell/kernel:0` where TF 1.15 names them `lstm/kernel:0`; the
tests drop the `*_cell` segment (TF 1.15 wins).
"""
import io
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
import tf_keras as keras  # noqa: E402
from tf_keras.src.layers.rnn import gru_v1, lstm_v1  # noqa: E402

# tf_keras exports its v2 LSTM/GRU (sigmoid, GRU reset_after=True) even in graph mode; TF 1.15's
# tf.keras.layers.LSTM / GRU are the v1 layers (hard_sigmoid, reset_after=False): record those.
keras.layers.LSTM = lstm_v1.LSTM
keras.layers.GRU = gru_v1.GRU

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from layers_models import MODELS, TRAIN, build, input_specs  # noqa: E402


def fixed_weight(rng, w):
    shape = w.shape.as_list()
    if 'variance' in w.name:
        return rng.uniform(0.5, 1.5, shape).astype(np.float32)
    return rng.uniform(-0.5, 0.5, shape).astype(np.float32)


def inputs_for(name, rng, n=4):
    xs = []
    for shape, kind in input_specs(name):
        if kind == 'int12':
            xs.append(rng.randint(0, 12, (n,) + shape).astype(np.int32))
        else:
            xs.append(rng.uniform(-1, 1, (n,) + shape).astype(np.float32))
    return xs


def shape_list(s):
    if isinstance(s, list):
        return [list(x) for x in s]
    return list(s)


def record(name, arrays):
    tf.reset_default_graph()
    keras.backend.clear_session()
    rng = np.random.RandomState(MODELS.index(name) + 1)
    m = build(name, keras)
    layers = []
    for layer in m.layers:
        layers.append({'name': layer.name, 'class': layer.__class__.__name__,
                       'output_shape': shape_list(layer.output_shape), 'params': layer.count_params(),
                       'weights': [[w.name, w.shape.as_list()] for w in layer.weights]})
    lines = []
    m.summary(print_fn=lines.append)
    out = {'layers': layers, 'summary': lines, 'count_params': m.count_params(),
           'trainable': [w.name for w in m.trainable_weights],
           'non_trainable': [w.name for w in m.non_trainable_weights]}
    for layer in m.layers:
        ws = [fixed_weight(rng, w) for w in layer.weights]
        layer.set_weights(ws)
        for i, w in enumerate(ws):
            arrays['%s/w0/%s/%d' % (name, layer.name, i)] = w
    xs = inputs_for(name, rng)
    for i, x in enumerate(xs):
        arrays['%s/x%d' % (name, i)] = x
    ys = m.predict(xs if len(xs) > 1 else xs[0])
    ys = ys if isinstance(ys, list) else [ys]
    for i, y in enumerate(ys):
        arrays['%s/y%d' % (name, i)] = y
    out['n_outputs'] = len(ys)
    if name in TRAIN:
        loss = TRAIN[name]
        n_out = m.output_shape[-1]
        if loss == 'sparse_categorical_crossentropy':
            target = rng.randint(0, n_out, len(xs[0]))
        elif loss == 'categorical_crossentropy':
            target = np.eye(n_out, dtype=np.float32)[rng.randint(0, n_out, len(xs[0]))]
        else:
            target = rng.uniform(-1, 1, (len(xs[0]), n_out)).astype(np.float32)
        arrays['%s/target' % name] = target
        m.compile(optimizer=keras.optimizers.legacy.SGD(learning_rate=0.1), loss=loss)
        out['losses'] = [float(m.train_on_batch(xs[0], target)) for _ in range(3)]
        for layer in m.layers:
            for i, w in enumerate(layer.get_weights()):
                arrays['%s/w3/%s/%d' % (name, layer.name, i)] = w
        y = m.predict(xs[0])
        arrays['%s/y_after' % name] = y
    return out


def main():
    arrays = {}
    out = {name: record(name, arrays) for name in MODELS}
    with open(os.path.join(HERE, 'layers_golden.json'), 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
    np.savez(os.path.join(HERE, 'layers_golden.npz'), **arrays)


if __name__ == '__main__':
    main()
