"""tf.keras.callbacks (TF 1.15 graph mode) driven by Model.fit: History, EarlyStopping, ModelCheckpoint,
LearningRateScheduler, ReduceLROnPlateau, CSVLogger, LambdaCallback, TerminateOnNaN, TensorBoard.

Goldens: tests/golden/keras/callbacks.json, recorded from tf_keras (graph mode, legacy SGD) by
tests/golden/keras/make_keras_callbacks_golden.py (command in its docstring). tf_keras prints epochs as
`Epoch 5:`; TF 1.15 printed `Epoch 00005:` (and "LearningRateScheduler reducing learning rate to" where
2.x says "setting"): `tf115` maps the recorded lines to 1.15's text, which is what tf1 prints.
"""
import csv
import io
import json
import os
import re

import numpy as np
import pytest

from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras')
with open(os.path.join(GOLDEN, 'callbacks.json')) as f:
    G = json.load(f)
X = np.asarray(G['x'], np.float32)
Y = np.asarray(G['y'], np.float32)
W0 = [np.asarray(w, np.float32) for w in G['w0']]
C = keras.callbacks


@pytest.fixture(autouse=True)
def fresh_graph():
    keras.backend.clear_session()
    yield
    keras.backend.clear_session()


def model(lr=0.1):
    m = keras.models.Sequential([keras.layers.Dense(4, activation='tanh', input_shape=(3,)),
                                 keras.layers.Dense(1)])
    m.compile(keras.optimizers.SGD(lr=lr), 'mse', metrics=['mean_absolute_error'])
    m.set_weights(W0)
    return m


def tf115(line):
    line = re.sub(r'^Epoch (\d+):', lambda mo: 'Epoch %05d:' % int(mo.group(1)), line)
    line = line.replace('LearningRateScheduler setting', 'LearningRateScheduler reducing')
    return re.sub(r'/tmp/tmp\w+', '<dir>', line)


def run(capsys, callbacks, tmp=None, lr=0.1, epochs=6, **kwargs):
    m = model(lr)
    args = dict(batch_size=8, epochs=epochs, verbose=0, shuffle=False)
    args.update(kwargs)
    capsys.readouterr()
    hist = m.fit(X, Y, callbacks=callbacks, **args)
    out = capsys.readouterr().out
    if tmp is not None:
        out = out.replace(str(tmp), '<dir>')
    return m, hist, [l for l in out.splitlines() if l.strip()]


def assert_history(hist, golden, rtol=2e-4):
    assert sorted(hist.history) == sorted(golden['history'])
    assert hist.epoch == golden['epoch']
    for k, v in golden['history'].items():
        np.testing.assert_allclose(np.asarray(hist.history[k], np.float64), v, rtol=rtol, err_msg=k)


def assert_weights(m, golden, rtol=2e-4):
    for w, g in zip(m.get_weights(), golden['weights']):
        np.testing.assert_allclose(w, g, rtol=rtol, atol=1e-6)


def test_history_params_log_keys_events_csv_and_tensorboard(capsys, tmp_path):
    """One fit (3 epochs, validation_split) with a spy, a LambdaCallback, CSVLogger and TensorBoard
    (one run keeps the suite fast: each fit compiles its graph)."""
    from tensorboard.backend.event_processing import event_accumulator
    from tf1.summaries.summary_iterator import summary_iterator
    g = G['spy']
    seen = {}

    class Spy(C.Callback):
        def on_train_begin(self, logs=None):
            seen['params'] = dict(self.params)
            seen['model'] = self.model

        def on_batch_end(self, batch, logs=None):
            seen.setdefault('batch_keys', sorted(logs))

        def on_epoch_end(self, epoch, logs=None):
            seen.setdefault('epoch_keys', list(logs))

    events = []

    def log(name):
        return lambda *a, **k: events.append([name, a[0]] if a and isinstance(a[0], int) else [name])

    hooks = {'on_' + n: log(n) for n in ('train_begin', 'train_end', 'epoch_begin', 'epoch_end',
                                          'batch_begin', 'batch_end')}
    csv_path = tmp_path / 'log.csv'
    tb_dir = tmp_path / 'tb'
    m, hist, lines = run(capsys, [Spy(), C.LambdaCallback(**hooks), C.CSVLogger(str(csv_path)),
                                  C.TensorBoard(log_dir=str(tb_dir))], epochs=3, validation_split=0.25)
    assert lines == []
    # History / params / the keys of the batch and epoch logs.
    assert seen['params'] == g['params']
    assert seen['model'] is m
    assert seen['batch_keys'] == g['batch_keys']
    assert seen['epoch_keys'] == g['epoch_keys']
    assert isinstance(hist, C.History) and m.history is hist
    for name in ('spy', 'lambda', 'csv_logger', 'tensorboard'):
        assert_history(hist, G[name])
    # LambdaCallback: the hook order.
    assert events == G['lambda']['events']
    # CSVLogger: the columns and rows (values compared as numbers).
    ours = list(csv.reader(io.StringIO(csv_path.read_text())))
    theirs = list(csv.reader(io.StringIO(G['csv_logger']['csv'])))
    assert ours[0] == theirs[0] == ['epoch', 'loss', 'mean_absolute_error', 'val_loss',
                                    'val_mean_absolute_error']
    assert [r[0] for r in ours] == [r[0] for r in theirs]
    np.testing.assert_allclose(np.asarray([r[1:] for r in ours[1:]], np.float64),
                               np.asarray([r[1:] for r in theirs[1:]], np.float64), rtol=2e-4)
    # TensorBoard: the graph, then one `epoch_<name>` scalar per log entry at step=epoch.
    gt = G['tensorboard']
    names = [n for n in sorted(os.listdir(tb_dir)) if n.startswith('events.')]
    assert len(names) == 1
    scalars = []
    for ev in summary_iterator(str(tb_dir / names[0])):
        for v in ev.summary.value:
            scalars.append([v.tag, int(ev.step), float(v.simple_value)])
        if ev.HasField('graph_def'):
            scalars.append(['<graph>', int(ev.step), 0.])
    assert [s[:2] for s in scalars] == [s[:2] for s in gt['scalars']]
    np.testing.assert_allclose([s[2] for s in scalars], [s[2] for s in gt['scalars']], rtol=2e-4)
    # ... which TensorBoard's own reader loads.
    acc = event_accumulator.EventAccumulator(str(tb_dir))
    acc.Reload()
    assert sorted(acc.Tags()['scalars']) == ['epoch_loss', 'epoch_mean_absolute_error', 'epoch_val_loss',
                                             'epoch_val_mean_absolute_error']
    assert [e.step for e in acc.Scalars('epoch_val_loss')] == [0, 1, 2]
    # CSVLogger(append=True) continues the file without a second header.
    keras.backend.clear_session()
    run(capsys, [C.CSVLogger(str(csv_path), append=True)], epochs=1)
    rows = list(csv.reader(io.StringIO(csv_path.read_text())))
    assert len(rows) == 5 and rows[4][0] == '0' and rows[4][1] != 'epoch'


def test_early_stopping(capsys):
    g = G['early_stopping']
    es = C.EarlyStopping(min_delta=0.02, patience=2, verbose=1)
    m, hist, lines = run(capsys, [es], epochs=30, validation_split=0.25)
    assert es.stopped_epoch == g['stopped_epoch']
    assert lines == [tf115(l) for l in g['lines']] == ['Epoch 00011: early stopping']
    assert_history(hist, g)
    assert_weights(m, g)


def test_early_stopping_restore_best_weights(capsys):
    g = G['early_stopping_restore']
    es = C.EarlyStopping(monitor='loss', min_delta=0.3, patience=2, verbose=1, restore_best_weights=True)
    m, hist, lines = run(capsys, [es], epochs=10)
    assert es.stopped_epoch == g['stopped_epoch']
    # TF 1.15 restores (and says so) when it stops, before the end-of-training line; 2.x restores at
    # the end and names the epoch ("... best epoch: 1.").
    assert g['lines'] == ['Epoch 3: early stopping', 'Restoring model weights from the end of the best epoch: 1.']
    assert lines == ['Restoring model weights from the end of the best epoch.', 'Epoch 00003: early stopping']
    assert_history(hist, g)
    assert_weights(m, g)


def test_early_stopping_missing_monitor_warns(capsys, caplog):
    run(capsys, [C.EarlyStopping(monitor='val_acc')], epochs=1)
    assert 'Early stopping conditioned on metric `val_acc` which is not available. Available ' \
           'metrics are: loss,mean_absolute_error' in caplog.text


def test_model_checkpoint_save_best_only(capsys, tmp_path):
    g = G['checkpoint_best']
    cb = C.ModelCheckpoint(str(tmp_path / 'w-{epoch:02d}-{val_loss:.2f}'), save_best_only=True,
                           save_weights_only=True, verbose=1)
    _, hist, lines = run(capsys, [cb], tmp=tmp_path, lr=0.5, epochs=5,
                         validation_data=(X[:10], Y[:10] + .3))
    assert lines == [tf115(l) for l in g['lines']]
    assert lines[0] == 'Epoch 00001: val_loss improved from inf to 0.67317, saving model to <dir>/w-01-0.67'
    assert sorted(os.listdir(tmp_path)) == g['files']
    assert_history(hist, g, rtol=1e-3)


def test_model_checkpoint_period(capsys, tmp_path):
    g = G['checkpoint_period']
    cb = C.ModelCheckpoint(str(tmp_path / 'ep{epoch:02d}'), monitor='loss', save_weights_only=True,
                           period=2, verbose=1)
    m, hist, lines = run(capsys, [cb], tmp=tmp_path, epochs=5)
    assert lines == [tf115(l) for l in g['lines']]
    assert sorted(os.listdir(tmp_path)) == g['files']
    with open(tmp_path / 'checkpoint') as f:
        assert f.read() == 'model_checkpoint_path: "ep04"\nall_model_checkpoint_paths: "ep04"\n'
    assert_history(hist, g)
    # The epoch-4 checkpoint holds the weights after epoch 4: loading it into a fresh model and
    # training one more epoch gives the run's final weights.
    m.load_weights(str(tmp_path / 'ep02'))
    m.load_weights(str(tmp_path / 'ep04'))
    keras.backend.clear_session()
    m2 = model()
    m2.load_weights(str(tmp_path / 'ep04'))
    m2.fit(X, Y, batch_size=8, epochs=1, verbose=0, shuffle=False)
    assert_weights(m2, g)


def test_model_checkpoint_full_model_is_hdf5(capsys, tmp_path):
    # TF 1.15's Model.save defaults to HDF5 (keras_impl/hdf5_format.py; without h5py: ImportError).
    m, _, _ = run(capsys, [C.ModelCheckpoint(str(tmp_path / 'm'))], epochs=1)
    loaded = keras.models.load_model(str(tmp_path / 'm'))
    np.testing.assert_allclose(loaded.predict(X), m.predict(X), rtol=1e-6)
    from tf1.keras_impl import hdf5_format
    hdf5_format_h5py = hdf5_format.h5py
    try:
        hdf5_format.h5py = None
        with pytest.raises(ImportError, match='`save_model` requires h5py.'):
            run(capsys, [C.ModelCheckpoint(str(tmp_path / 'm2'))], epochs=1)
    finally:
        hdf5_format.h5py = hdf5_format_h5py


def test_learning_rate_scheduler(capsys):
    g = G['lr_schedule']
    m, hist, lines = run(capsys, [C.LearningRateScheduler(lambda e: 0.2 * 0.5 ** e, verbose=1)],
                         epochs=4)
    assert lines == [tf115(l) for l in g['lines']]
    assert lines[1] == 'Epoch 00002: LearningRateScheduler reducing learning rate to 0.1.'
    assert_history(hist, g)
    assert_weights(m, g)
    assert keras.backend.get_value(m.optimizer.lr) == np.float32(0.025)


def test_learning_rate_scheduler_two_argument_schedule(capsys):
    g = G['lr_schedule_two_args']
    m, hist, lines = run(capsys, [C.LearningRateScheduler(lambda e, lr: lr * 0.9)], epochs=3)
    assert lines == []
    assert_history(hist, g)
    assert_weights(m, g)


def test_learning_rate_scheduler_rejects_non_float(capsys):
    with pytest.raises(ValueError, match='The output of the "schedule" function should be float.'):
        run(capsys, [C.LearningRateScheduler(lambda e: 1)], epochs=1)


def test_reduce_lr_on_plateau(capsys):
    g = G['reduce_lr']
    cb = C.ReduceLROnPlateau(monitor='loss', factor=0.5, patience=1, min_delta=0.2, cooldown=1, verbose=1)
    m, hist, lines = run(capsys, [cb], epochs=6)
    assert lines == [tf115(l) for l in g['lines']]
    assert_history(hist, g)
    assert_weights(m, g)
    with pytest.raises(ValueError, match='does not support a factor >= 1.0'):
        C.ReduceLROnPlateau(factor=1.0)


def test_terminate_on_nan(capsys):
    g = G['terminate_on_nan']
    _, hist, lines = run(capsys, [C.TerminateOnNaN()], lr=50., epochs=5)
    assert lines == g['lines'] == ['Batch 3: Invalid loss, terminating training']
    assert hist.epoch == g['epoch']
    assert np.isinf(hist.history['loss'][-1])


def test_stop_training_from_callback_and_callback_base(capsys):
    class StopAfterTwo(C.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.model.stop_training = True

    _, hist, _ = run(capsys, [StopAfterTwo()], epochs=5)
    assert hist.epoch == [0, 1]
    cb = C.Callback()
    cb.set_params({'a': 1})
    assert cb.params == {'a': 1} and cb.model is None
    for hook in ('on_train_begin', 'on_train_end'):
        getattr(cb, hook)()
    for hook in ('on_epoch_begin', 'on_epoch_end', 'on_batch_begin', 'on_batch_end'):
        getattr(cb, hook)(0, {})


def test_fit_still_prints_progress_with_callbacks(capsys, tmp_path):
    m = model()
    capsys.readouterr()
    m.fit(X, Y, batch_size=8, epochs=1, verbose=2, shuffle=False, validation_split=0.25,
          callbacks=[C.ModelCheckpoint(str(tmp_path / 'w'), save_weights_only=True, verbose=1)])
    lines = [l for l in capsys.readouterr().out.replace(str(tmp_path), '<dir>').splitlines() if l]
    # TF 1.15's ProgbarLogger runs after the user's callbacks: the checkpoint line comes first.
    assert lines[:3] == ['Train on 30 samples, validate on 10 samples', 'Epoch 1/1',
                         'Epoch 00001: saving model to <dir>/w']
    assert re.match(r' - \d+s - loss: .* - mean_absolute_error: .* - val_loss: .* - '
                    r'val_mean_absolute_error: ', lines[3])
