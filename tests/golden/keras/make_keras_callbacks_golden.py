"""Records callbacks.json (+ the callbacks_ckpt/ checkpoint) for tests/keras/test_callbacks.py and
tests/keras/test_saving.py from real tf.keras (tf_keras, graph mode, Keras 2 training loop).

Command (from the repository root):
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python tests/golden/keras/make_keras_callbacks_golden.py

Every run trains the same small model (Dense(4, tanh) -> Dense(1), mse, metric mean_absolute_error,
legacy SGD, shuffle=False) from the weights stored here, and records the History, the lines the
callbacks printed (fit verbose=0), the files written, the final weights. tf_keras prints epochs as
`Epoch 5:` and LearningRateScheduler's "setting learning rate to"; TF 1.15 (the spec) printed
`Epoch 00005:` and "reducing learning rate to" -- the tests map the recorded lines to 1.15's form.
"""
import contextlib
import io
import json
import os
import shutil
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
import tf_keras as keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(42)
X = rng.rand(40, 3).astype(np.float32)
Y = (X @ np.array([[1.], [-2.], [.5]], np.float32) + 0.1 * rng.randn(40, 1)).astype(np.float32)
W0 = [rng.uniform(-.5, .5, (3, 4)).astype(np.float32), rng.uniform(-.1, .1, 4).astype(np.float32),
      rng.uniform(-.5, .5, (4, 1)).astype(np.float32), rng.uniform(-.1, .1, 1).astype(np.float32)]


def model(lr=0.1):
    tf.reset_default_graph()
    keras.backend.clear_session()
    m = keras.models.Sequential([keras.layers.Dense(4, activation='tanh', input_shape=(3,)),
                                 keras.layers.Dense(1)])
    m.compile(keras.optimizers.legacy.SGD(learning_rate=lr), 'mse', metrics=['mean_absolute_error'])
    m.set_weights(W0)
    return m


def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


def run(make_callbacks, lr=0.1, epochs=6, **fit_kwargs):
    tmp = tempfile.mkdtemp()
    m = model(lr)
    cbs = make_callbacks(tmp)
    out = io.StringIO()
    kwargs = dict(batch_size=8, epochs=epochs, verbose=0, shuffle=False)
    kwargs.update(fit_kwargs)
    with contextlib.redirect_stdout(out):
        h = m.fit(X, Y, callbacks=cbs, **kwargs)
    rec = {'history': plain(h.history), 'epoch': h.epoch,
           'lines': [l for l in out.getvalue().splitlines() if l.strip()],
           'files': sorted(os.listdir(tmp)),
           'weights': [w.tolist() for w in m.get_weights()]}
    return rec, cbs, tmp


def main():
    out = {'x': X.tolist(), 'y': Y.tolist(), 'w0': [w.tolist() for w in W0]}

    rec, cbs, _ = run(lambda d: [keras.callbacks.EarlyStopping(min_delta=0.02, patience=2, verbose=1)],
                      epochs=30, validation_split=0.25)
    rec['stopped_epoch'] = cbs[0].stopped_epoch
    out['early_stopping'] = rec

    rec, cbs, _ = run(lambda d: [keras.callbacks.EarlyStopping(
        monitor='loss', min_delta=0.3, patience=2, verbose=1, restore_best_weights=True)], epochs=10)
    rec['stopped_epoch'] = cbs[0].stopped_epoch
    out['early_stopping_restore'] = rec

    rec, _, _ = run(lambda d: [keras.callbacks.ModelCheckpoint(
        os.path.join(d, 'w-{epoch:02d}-{val_loss:.2f}'), save_best_only=True, save_weights_only=True,
        verbose=1)], lr=0.5, epochs=5, validation_data=(X[:10], Y[:10] + .3))
    out['checkpoint_best'] = rec

    rec, _, _ = run(lambda d: [keras.callbacks.ModelCheckpoint(
        os.path.join(d, 'ep{epoch:02d}'), monitor='loss', save_weights_only=True, period=2, verbose=1)],
        epochs=5)
    out['checkpoint_period'] = rec

    rec, _, _ = run(lambda d: [keras.callbacks.LearningRateScheduler(lambda e: 0.2 * 0.5 ** e, verbose=1)],
                    epochs=4)
    out['lr_schedule'] = rec

    rec, _, _ = run(lambda d: [keras.callbacks.LearningRateScheduler(lambda e, lr: lr * 0.9)], epochs=3)
    out['lr_schedule_two_args'] = rec

    rec, _, _ = run(lambda d: [keras.callbacks.ReduceLROnPlateau(
        monitor='loss', factor=0.5, patience=1, min_delta=0.2, cooldown=1, verbose=1)], epochs=6)
    out['reduce_lr'] = rec

    rec, _, tmp = run(lambda d: [keras.callbacks.CSVLogger(os.path.join(d, 'log.csv'))], epochs=3,
                      validation_split=0.25)
    rec['csv'] = open(os.path.join(tmp, 'log.csv')).read()
    out['csv_logger'] = rec

    rec, _, _ = run(lambda d: [keras.callbacks.TerminateOnNaN()], lr=50., epochs=5)
    out['terminate_on_nan'] = rec

    events = []

    def log(name):
        return lambda *a, **k: events.append([name] + [a[0]] if a and isinstance(a[0], int) else [name])

    rec, _, _ = run(lambda d: [keras.callbacks.LambdaCallback(
        on_train_begin=log('train_begin'), on_train_end=log('train_end'),
        on_epoch_begin=log('epoch_begin'), on_epoch_end=log('epoch_end'),
        on_batch_begin=log('batch_begin'), on_batch_end=log('batch_end'))], epochs=3,
        validation_split=0.25)
    rec['events'] = events
    out['lambda'] = rec

    captured = {}

    class Spy(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            captured['params'] = plain(dict(self.params))

        def on_batch_end(self, batch, logs=None):
            captured.setdefault('batch_keys', sorted(logs.keys()))

        def on_epoch_end(self, epoch, logs=None):
            captured.setdefault('epoch_keys', list(logs.keys()))

    rec, _, _ = run(lambda d: [Spy()], epochs=3, validation_split=0.25)
    rec.update(captured)
    out['spy'] = rec

    # TensorBoard: the scalar events written per epoch.
    tb_dir = tempfile.mkdtemp()
    rec, _, _ = run(lambda d: [keras.callbacks.TensorBoard(log_dir=tb_dir)], epochs=3,
                    validation_split=0.25)
    scalars = []
    rec['tb_files'] = sorted(n.split('.')[0] for n in os.listdir(tb_dir))
    for name in sorted(n for n in os.listdir(tb_dir) if n.startswith('events.')):
        for ev in tf.train.summary_iterator(os.path.join(tb_dir, name)):
            for v in ev.summary.value:
                scalars.append([v.tag, int(ev.step), float(v.simple_value)])
            if ev.HasField('graph_def'):
                scalars.append(['<graph>', int(ev.step), 0.])
    rec['scalars'] = scalars
    out['tensorboard'] = rec

    # save_weights: the TF-format checkpoint tf.keras writes (kept for the load test).
    m = model()
    m.fit(X, Y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    ckpt_dir = os.path.join(HERE, 'callbacks_ckpt')
    shutil.rmtree(ckpt_dir, ignore_errors=True)
    m.save_weights(os.path.join(ckpt_dir, 'weights'))
    reader = tf.train.load_checkpoint(os.path.join(ckpt_dir, 'weights'))
    from tensorflow.core.protobuf import trackable_object_graph_pb2
    graph = trackable_object_graph_pb2.TrackableObjectGraph()
    graph.ParseFromString(reader.get_tensor('_CHECKPOINTABLE_OBJECT_GRAPH'))
    out['save_weights'] = {
        'keys': {k: s for k, s in reader.get_variable_to_shape_map().items()},
        'root_children': [[c.local_name, c.node_id] for c in graph.nodes[0].children],
        'attributes': sorted([a.full_name, a.checkpoint_key] for n in graph.nodes for a in n.attributes),
        'files': sorted(os.listdir(ckpt_dir)),
        'checkpoint_file': open(os.path.join(ckpt_dir, 'checkpoint')).read(),
        'weights': [w.tolist() for w in m.get_weights()],
        'predict': m.predict(X[:5]).tolist(),
        'optimizer': {k: float(reader.get_tensor(k)) for k in reader.get_variable_to_shape_map()
                      if k.startswith('optimizer/')},
    }
    with open(os.path.join(HERE, 'callbacks.json'), 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
