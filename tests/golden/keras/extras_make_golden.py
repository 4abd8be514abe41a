"""Records extras_golden.json / extras_golden.npz for tests/keras/test_keras_extras*.py from real Keras.

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/keras/extras_make_golden.py

tf_keras in graph mode (`disable_v2_behavior()`): the keras.backend cases of extras_backend_cases.py
(values and static facts), `K.function` / `K.gradients` on a small graph, and the layers / optimizers of
extras_layers_cases.py (weight names and shapes, output shape, outputs on fixed inputs with fixed
weights), three train_on_batch steps with Nadam / Adamax (tf_keras' legacy = TF 1.15's OptimizerV2), the
fit/evaluate/predict_generator runs of extras_generator_cases.py, and the version-independent structure
of to_json (layer classes, names, inbound nodes, input / output layers) for the models of
extras_layers_cases.py and layers_models.py (`lm_*`).
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import extras_backend_cases as bc  # noqa: E402
import extras_layers_cases as lc  # noqa: E402
import extras_generator_cases as gc  # noqa: E402

K = keras.backend


def fresh():
    tf.reset_default_graph()
    K.clear_session()


def main():
    arrays, out = {}, {}
    fresh()
    cases = bc.backend_cases(K)
    for name, value in zip(cases, K.batch_get_value(list(cases.values()))):
        arrays['backend/' + name] = np.asarray(value)
    fresh()
    out['static'] = bc.static_facts(K)
    fresh()
    x = K.placeholder(shape=(None, 3))
    w = K.variable(np.array([[1.], [2.], [-1.]]), name='w')
    y = K.sum(K.square(K.dot(x, w)))
    grads = K.gradients(y, [w])
    f = K.function([x], [y] + grads, updates=[K.update_add(w, K.constant([[.5], [.5], [.5]]))])
    xv = np.array([[1., 2., 3.], [0., -1., 2.]], np.float32)
    r1 = f([xv])
    r2 = f([xv])
    arrays['function/call1_y'], arrays['function/call1_g'] = r1[0], r1[1]
    arrays['function/call2_y'], arrays['function/call2_g'] = r2[0], r2[1]
    arrays['function/w_after'] = K.get_value(w)
    out['layers'] = {name: record_layers(name, arrays) for name in lc.MODELS}
    out['optimizers'] = record_optimizers(arrays)
    fresh()
    out['generators'] = gc.run(keras)
    out['structure'] = {name: record_structure(name) for name in SERIALIZED}
    np.savez(os.path.join(HERE, 'extras_golden.npz'), **arrays)
    with open(os.path.join(HERE, 'extras_golden.json'), 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)


def shape_list(s):
    if isinstance(s, list):
        return [list(x) for x in s]
    return list(s)


def record_layers(name, arrays):
    """Per layer: name, class, output shape, weight names / shapes; the model's outputs (inference) on
    fixed inputs with fixed weights, and the value of its losses (activity regularization)."""
    fresh()
    seed = lc.MODELS.index(name) + 1
    m = lc.build(name, keras)
    layers = [{'name': l.name, 'class': l.__class__.__name__, 'output_shape': shape_list(l.output_shape),
               'weights': [[w.name, w.shape.as_list()] for w in l.weights]} for l in m.layers]
    for layer, ws in zip(m.layers, lc.fixed_weights(m, seed)):
        layer.set_weights(ws)
    xs = lc.inputs(m, seed)
    outs = m.predict(xs)
    outs = outs if isinstance(outs, list) else [outs]
    for i, o in enumerate(outs):
        arrays['layers/%s/out%d' % (name, i)] = o
    if m.losses:
        feed = dict(zip(m.inputs, xs))
        arrays['layers/%s/losses' % name] = np.asarray(
            tf.keras.backend.get_session().run(tf.add_n(m.losses), feed))
    return {'layers': layers, 'trainable': [w.name for w in m.trainable_weights]}


# Models whose architecture round-trips through to_json (no Lambda): extras_layers_cases' and
# layers_models' (the `lm_` ones).
SERIALIZED = ['activations', 'dot', 'separable', 'separable1d', 'resample', 'noise', 'layernorm',
              'lm_cnn', 'lm_seq', 'lm_rnn_misc', 'lm_rnn_state', 'lm_conv1d', 'lm_vision', 'lm_bn_conv']


def build_any(name, keras):
    if name.startswith('lm_'):
        import layers_models
        return layers_models.build(name[3:], keras)
    return lc.build(name, keras)


def structure(config):
    """The parts of a model config that do not depend on the Keras version: the layers' classes, names
    and inbound nodes, and the input / output layers."""
    layers = config['layers']
    return {'layers': [[l['class_name'], l['config']['name'], l.get('inbound_nodes')] for l in layers],
            'input_layers': config.get('input_layers'), 'output_layers': config.get('output_layers')}


def record_structure(name):
    fresh()
    model = build_any(name, keras)
    config = json.loads(model.to_json())
    return dict(structure(config['config']), class_name=config['class_name'])


OPTIMIZERS = {
    'nadam': lambda O: O.Nadam(),
    'nadam_lr': lambda O: O.Nadam(learning_rate=0.01, beta_1=0.8, beta_2=0.99),
    'adamax': lambda O: O.Adamax(),
    'adamax_lr': lambda O: O.Adamax(learning_rate=0.05, beta_1=0.7, beta_2=0.9),
}
OPT_X = np.random.RandomState(3).uniform(-1, 1, (6, 3)).astype(np.float32)
OPT_Y = np.random.RandomState(4).uniform(-1, 1, (6, 2)).astype(np.float32)
OPT_W = [np.random.RandomState(5).uniform(-1, 1, (3, 2)).astype(np.float32),
         np.array([0.1, -0.2], np.float32)]


def record_optimizers(arrays):
    """TF 1.15's tf.keras.optimizers are OptimizerV2 (tf_keras' legacy ones): three train_on_batch steps
    of a Dense(2) on mse; losses and weights after each step."""
    out = {}
    for name, make in sorted(OPTIMIZERS.items()):
        fresh()
        m = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,), name='d')])
        m.compile(make(keras.optimizers.legacy), 'mse')
        m.set_weights(OPT_W)
        losses = []
        for step in range(3):
            losses.append(float(m.train_on_batch(OPT_X, OPT_Y)))
            for i, w in enumerate(m.get_weights()):
                arrays['opt/%s/step%d/w%d' % (name, step, i)] = w
        out[name] = losses
    return out


if __name__ == '__main__':
    main()
