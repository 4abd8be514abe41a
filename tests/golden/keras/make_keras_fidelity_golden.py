"""Records keras_fidelity.json / keras_fidelity.npz for tests/keras/test_keras_fidelity.py from real Keras.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/keras/make_keras_fidelity_golden.py

tf_keras in graph mode (`disable_v2_behavior()`) with its v1 LSTM / GRU (TF 1.15's tf.keras layers).
For each model of fidelity_models.py: fixed weights (set layer by layer), fixed inputs (padded integer
sequences with zeros at the end and inside, float sequences with all-zero steps), the outputs, the value
of `model.losses` (regularization penalties) on those inputs, and for the trained ones the losses of
three SGD(0.1) train_on_batch steps (the regularization included) and every weight afterwards (the
constraints applied); the masked losses as TF 1.15 reduced them (see apply_valid_mask below). Also the
default names of `naming_cases`. tf_keras names RNN weights
`lstm/lstm_cell/kernel:0` where TF 1.15 names them `lstm/kernel:0`; the tests drop the `*_cell` segment.
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
import tf_keras as keras  # noqa: E402
from tf_keras.src.layers.rnn import gru_v1, lstm_v1  # noqa: E402

keras.layers.LSTM = lstm_v1.LSTM
keras.layers.GRU = gru_v1.GRU

# TF 1.15's compile (training.py `_prepare_total_loss`) weights the per-sample losses by the output's mask
# and divides their sum by their number (SUM_OVER_BATCH_SIZE), masked entries included; tf_keras later
# rescaled the mask by total / valid (`losses_utils.apply_valid_mask`, "redistribute sample weights
# considering only valid entries"). Its caller has already folded the mask into the weights, so TF 1.15
# is that function returning the weights unchanged.
from tf_keras.src.utils import losses_utils  # noqa: E402
losses_utils.apply_valid_mask = lambda losses, sample_weight, mask, reduction: sample_weight

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fidelity_models import MODELS, build, naming_cases  # noqa: E402


def inputs(kind, rng, n=4):
    if kind == 'float4':
        return rng.uniform(-1, 1, (n, 4)).astype(np.float32)
    if kind == 'float4x3':
        return rng.uniform(-1, 1, (n, 4, 3)).astype(np.float32)
    if kind == 'float5x2_masked':
        x = rng.uniform(-1, 1, (n, 5, 2)).astype(np.float32)
        x[0, 3:] = 0.   # padded at the end
        x[1, 1] = 0.    # a masked step inside
        x[2, 0] = 0.    # the first step masked
        return x
    vocab, steps = {'int10x5': (10, 5), 'int8x6': (8, 6), 'int8x5': (8, 5)}[kind]
    x = rng.randint(1, vocab, (n, steps)).astype(np.int32)
    x[0, steps - 2:] = 0
    x[1, 2] = 0
    x[2, 0] = 0
    return x


def targets(model, loss, rng, n=4):
    shape = model.output_shape
    if loss == 'sparse_categorical_crossentropy':
        return rng.randint(0, shape[-1], (n,)).astype(np.float32)
    return rng.uniform(-1, 1, (n,) + tuple(shape[1:])).astype(np.float32)


def main():
    rng = np.random.RandomState(7)
    out, arrays = {'models': {}}, {}
    for name, (kind, loss) in MODELS.items():
        keras.backend.clear_session()
        model = build(name, keras)
        sess = tf.keras.backend.get_session()
        for layer in model.layers:
            values = [rng.uniform(-0.5, 0.5, w.shape.as_list()).astype(np.float32) for w in layer.weights]
            if values:
                layer.set_weights(values)
            for i, v in enumerate(values):
                arrays['%s/w0/%s/%d' % (name, layer.name, i)] = v
        x = inputs(kind, rng)
        arrays[name + '/x'] = x
        ys = model.predict(x)
        for i, y in enumerate(ys if isinstance(ys, list) else [ys]):
            arrays['%s/y%d' % (name, i)] = y
        feed = {model.inputs[0]: x}
        rec = {'losses': [float(v) for v in sess.run(model.losses, feed)],
               'weight_names': [w.name for w in model.weights]}
        if loss:
            model.compile(optimizer=keras.optimizers.legacy.SGD(learning_rate=0.1), loss=loss)
            t = targets(model, loss, rng)
            arrays[name + '/target'] = t
            rec['train_losses'] = [float(model.train_on_batch(x, t)) for _ in range(3)]
            for layer in model.layers:
                for i, v in enumerate(layer.get_weights()):
                    arrays['%s/w3/%s/%d' % (name, layer.name, i)] = v
        out['models'][name] = rec
    out['names'] = naming_cases(tf, keras)
    with open(os.path.join(HERE, 'keras_fidelity.json'), 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
    np.savez(os.path.join(HERE, 'keras_fidelity.npz'), **arrays)


if __name__ == '__main__':
    main()
