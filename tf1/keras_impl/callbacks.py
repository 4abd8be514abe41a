"""`tf.keras.callbacks` of TF 1.15 (graph mode): the Callback protocol `Model.fit` drives, and the
callbacks TF 1.15 ships (History, EarlyStopping, ModelCheckpoint, LearningRateScheduler,
ReduceLROnPlateau, CSVLogger, LambdaCallback, TerminateOnNaN, TensorBoard).

Printed messages are TF 1.15's: epochs are written `Epoch %05d:` (TF 2.x Keras writes `Epoch %d:`), and
LearningRateScheduler says "reducing learning rate to" (2.x: "setting learning rate to").
"""
import collections
import csv
import logging
import os
import warnings

import numpy as np

from ..api import export

_log = logging.getLogger('tensorflow')


def _backend():
    from . import backend
    return backend


@export("keras.backend.get_value")
def get_value(x):
    return _backend().get_session().run(x)


@export("keras.backend.set_value")
def set_value(x, value):
    x.load(np.asarray(value, dtype=x.dtype.base_dtype.as_numpy_dtype), _backend().get_session())


@export("keras.callbacks.Callback")
class Callback:
    def __init__(self):
        self.validation_data = None
        self.model = None
        self.params = {}

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    # TF 1.15 names the per-batch hooks of fit on_train_batch_*; on_batch_* are their aliases.
    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)


class CallbackList:
    """Fans each hook out to the callbacks in order (they share one `logs` dict, so a callback sees
    what an earlier one added, e.g. History records the `lr` LearningRateScheduler put there)."""

    def __init__(self, callbacks=None):
        self.callbacks = list(callbacks or [])

    def append(self, callback):
        self.callbacks.append(callback)

    def set_params(self, params):
        for c in self.callbacks:
            c.set_params(params)

    def set_model(self, model):
        for c in self.callbacks:
            c.set_model(model)

    def _call(self, hook, *args):
        for c in self.callbacks:
            getattr(c, hook)(*args)

    def on_train_begin(self, logs=None):
        self._call('on_train_begin', logs if logs is not None else {})

    def on_train_end(self, logs=None):
        self._call('on_train_end', logs if logs is not None else {})

    def on_epoch_begin(self, epoch, logs=None):
        self._call('on_epoch_begin', epoch, logs if logs is not None else {})

    def on_epoch_end(self, epoch, logs=None):
        self._call('on_epoch_end', epoch, logs if logs is not None else {})

    def on_batch_begin(self, batch, logs=None):
        self._call('on_train_batch_begin', batch, logs if logs is not None else {})

    def on_batch_end(self, batch, logs=None):
        self._call('on_train_batch_end', batch, logs if logs is not None else {})


@export("keras.callbacks.BaseLogger")
class BaseLogger(Callback):
    """Averages the batch metrics over the epoch (weighted by batch size) into the epoch logs."""

    def __init__(self, stateful_metrics=None):
        super().__init__()
        self.stateful_metrics = set(stateful_metrics or [])

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        size = logs.get('size', 0)
        self.seen += size
        for k, v in logs.items():
            if k in self.stateful_metrics:
                self.totals[k] = v
            elif k in self.totals:
                self.totals[k] += v * size
            else:
                self.totals[k] = v * size

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            for k in self.params.get('metrics', []):
                if k in self.totals:
                    logs[k] = self.totals[k] if k in self.stateful_metrics else self.totals[k] / self.seen


@export("keras.callbacks.History")
class History(Callback):
    def __init__(self):
        super().__init__()
        self.epoch = []
        self.history = {}

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)


@export("keras.callbacks.ProgbarLogger")
class ProgbarLogger(Callback):
    """Writes Keras' progress bar (`Model.fit` draws the same one itself when verbose>0)."""

    def __init__(self, count_mode='samples', stateful_metrics=None):
        super().__init__()
        if count_mode not in ('samples', 'steps'):
            raise ValueError('Unknown `count_mode`: ' + str(count_mode))
        self.use_steps = count_mode == 'steps'

    def on_train_begin(self, logs=None):
        self.verbose = self.params['verbose']
        self.epochs = self.params['epochs']

    def on_epoch_begin(self, epoch, logs=None):
        if self.verbose:
            print('Epoch %d/%d' % (epoch + 1, self.epochs))
            target = self.params['steps'] if self.use_steps else self.params['samples']
            self.progbar = _backend().Progbar(target, verbose=self.verbose)
        self.seen = 0

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.seen += 1 if self.use_steps else logs.get('size', 0)
        values = [(k, logs[k], logs.get('size', 1)) for k in self.params['metrics'] if k in logs]
        if self.verbose and self.seen < self.progbar.target:
            self.progbar.update(self.seen, values)
        self._last = values

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.verbose:
            extra = {k: logs[k] for k in self.params['metrics'] if k.startswith('val_') and k in logs}
            self.progbar.update(self.seen, getattr(self, '_last', []), extra=extra)


def _monitor_mode(monitor, mode, kind):
    if mode not in ('auto', 'min', 'max'):
        _log.warning('%s mode %s is unknown, fallback to auto mode.', kind, mode)
        mode = 'auto'
    if mode == 'auto':
        mode = 'max' if 'acc' in monitor or monitor.startswith('fmeasure') else 'min'
    return mode


@export("keras.callbacks.EarlyStopping")
class EarlyStopping(Callback):
    def __init__(self, monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto',
                 baseline=None, restore_best_weights=False):
        super().__init__()
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.min_delta = abs(min_delta)
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        mode = _monitor_mode(monitor, mode, 'EarlyStopping')
        self.monitor_op = np.greater if mode == 'max' else np.less
        if self.monitor_op is np.less:
            self.min_delta *= -1

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        if self.baseline is not None:
            self.best = self.baseline
        else:
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = self.get_monitor_value(logs)
        if current is None:
            return
        if self.monitor_op(current - self.min_delta, self.best):
            self.best = current
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
                if self.restore_best_weights:
                    if self.verbose > 0:
                        print('Restoring model weights from the end of the best epoch.')
                    self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print('Epoch %05d: early stopping' % (self.stopped_epoch + 1))

    def get_monitor_value(self, logs):
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            _log.warning('Early stopping conditioned on metric `%s` which is not available. '
                         'Available metrics are: %s', self.monitor, ','.join(list(logs.keys())))
        return value


@export("keras.callbacks.ModelCheckpoint")
class ModelCheckpoint(Callback):
    def __init__(self, filepath, monitor='val_loss', verbose=0, save_best_only=False,
                 save_weights_only=False, mode='auto', save_freq='epoch', load_weights_on_restart=False,
                 period=1, **kwargs):
        super().__init__()
        self.monitor = monitor
        self.verbose = verbose
        self.filepath = filepath
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.period = period
        self.epochs_since_last_save = 0
        if save_freq != 'epoch':
            raise ValueError('Unrecognized save_freq: {}'.format(save_freq))
        if mode not in ('auto', 'min', 'max'):
            warnings.warn('ModelCheckpoint mode %s is unknown, fallback to auto mode.' % mode,
                          RuntimeWarning)
            mode = 'auto'
        if mode == 'auto':
            mode = 'max' if 'acc' in monitor or monitor.startswith('fmeasure') else 'min'
        self.monitor_op = np.greater if mode == 'max' else np.less
        self.best = -np.inf if mode == 'max' else np.inf

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epochs_since_last_save += 1
        if self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        filepath = self.filepath.format(epoch=epoch + 1, **logs)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None:
                warnings.warn('Can save best model only with %s available, skipping.' % self.monitor,
                              RuntimeWarning)
                return
            if not self.monitor_op(current, self.best):
                if self.verbose > 0:
                    print('\nEpoch %05d: %s did not improve from %0.5f'
                          % (epoch + 1, self.monitor, self.best))
                return
            if self.verbose > 0:
                print('\nEpoch %05d: %s improved from %0.5f to %0.5f, saving model to %s'
                      % (epoch + 1, self.monitor, self.best, current, filepath))
            self.best = current
        elif self.verbose > 0:
            print('\nEpoch %05d: saving model to %s' % (epoch + 1, filepath))
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)


@export("keras.callbacks.LearningRateScheduler")
class LearningRateScheduler(Callback):
    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, 'lr'):
            raise ValueError('Optimizer must have a "lr" attribute.')
        try:  # the schedule(epoch, lr) form
            lr = float(get_value(self.model.optimizer.lr))
            lr = self.schedule(epoch, lr)
        except TypeError:  # the schedule(epoch) form
            lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError('The output of the "schedule" function should be float.')
        set_value(self.model.optimizer.lr, lr)
        if self.verbose > 0:
            print('\nEpoch %05d: LearningRateScheduler reducing learning rate to %s.' % (epoch + 1, lr))

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs['lr'] = get_value(self.model.optimizer.lr)


@export("keras.callbacks.ReduceLROnPlateau")
class ReduceLROnPlateau(Callback):
    def __init__(self, monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto',
                 min_delta=1e-4, cooldown=0, min_lr=0, **kwargs):
        super().__init__()
        self.monitor = monitor
        if factor >= 1.0:
            raise ValueError('ReduceLROnPlateau does not support a factor >= 1.0.')
        if 'epsilon' in kwargs:
            min_delta = kwargs.pop('epsilon')
            _log.warning('`epsilon` argument is deprecated and will be removed, use `min_delta` '
                         'instead.')
        self.factor = factor
        self.min_lr = min_lr
        self.min_delta = min_delta
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.mode = mode
        self._reset()

    def _reset(self):
        mode = _monitor_mode(self.monitor, self.mode, 'Learning Rate Plateau Reducing')
        if mode == 'min':
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self):
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs['lr'] = get_value(self.model.optimizer.lr)
        current = logs.get(self.monitor)
        if current is None:
            _log.warning('Reduce LR on plateau conditioned on metric `%s` which is not available. '
                         'Available metrics are: %s', self.monitor, ','.join(list(logs.keys())))
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = float(get_value(self.model.optimizer.lr))
                if old_lr > self.min_lr:
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    set_value(self.model.optimizer.lr, new_lr)
                    if self.verbose > 0:
                        print('\nEpoch %05d: ReduceLROnPlateau reducing learning rate to %s.'
                              % (epoch + 1, new_lr))
                    self.cooldown_counter = self.cooldown
                    self.wait = 0


@export("keras.callbacks.CSVLogger")
class CSVLogger(Callback):
    def __init__(self, filename, separator=',', append=False):
        super().__init__()
        self.sep = separator
        self.filename = filename
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            mode = 'a'
        else:
            mode = 'w'
        self.csv_file = open(self.filename, mode, newline='')

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}

        def handle_value(k):
            is_zero_dim_ndarray = isinstance(k, np.ndarray) and k.ndim == 0
            if isinstance(k, str):
                return k
            if isinstance(k, collections.abc.Iterable) and not is_zero_dim_ndarray:
                return '"[%s]"' % (', '.join(map(str, k)))
            return k

        if self.keys is None:
            self.keys = sorted(logs.keys())
        if self.model.stop_training:
            # Keeps the columns when training stopped before validation ran.
            logs = dict((k, logs[k]) if k in logs else (k, 'NA') for k in self.keys)
        if not self.writer:
            class CustomDialect(csv.excel):
                delimiter = self.sep
            self.writer = csv.DictWriter(self.csv_file, fieldnames=['epoch'] + self.keys,
                                         dialect=CustomDialect)
            if self.append_header:
                self.writer.writeheader()
        row = collections.OrderedDict({'epoch': epoch})
        row.update((key, handle_value(logs[key])) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.csv_file.close()
        self.writer = None


@export("keras.callbacks.LambdaCallback")
class LambdaCallback(Callback):
    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None,
                 on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        noop = lambda *a, **k: None  # noqa: E731
        self.on_epoch_begin = on_epoch_begin or noop
        self.on_epoch_end = on_epoch_end or noop
        self.on_batch_begin = on_batch_begin or noop
        self.on_batch_end = on_batch_end or noop
        self.on_train_begin = on_train_begin or noop
        self.on_train_end = on_train_end or noop


@export("keras.callbacks.TerminateOnNaN")
class TerminateOnNaN(Callback):
    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get('loss')
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print('Batch %d: Invalid loss, terminating training' % batch)
            self.model.stop_training = True


@export("keras.callbacks.TensorBoard")
class TensorBoard(Callback):
    """TF 1.15's graph-mode TensorBoard callback: a FileWriter on `log_dir` (with the graph when
    write_graph), and per epoch one scalar summary `epoch_<name>` per log entry at step=epoch
    (update_freq='epoch'), or `batch_<name>` every `update_freq` samples."""

    def __init__(self, log_dir='./logs', histogram_freq=0, batch_size=32, write_graph=True,
                 write_grads=False, write_images=False, embeddings_freq=0, embeddings_layer_names=None,
                 embeddings_metadata=None, embeddings_data=None, update_freq='epoch', profile_batch=2):
        super().__init__()
        self.log_dir = log_dir
        self.histogram_freq = histogram_freq
        if histogram_freq or write_grads or write_images or embeddings_freq:
            raise NotImplementedError('tf1.keras TensorBoard writes scalar summaries only')
        self.write_graph = write_graph
        self.batch_size = batch_size
        self.update_freq = 1 if update_freq == 'batch' else update_freq
        self._samples_seen = 0
        self._samples_seen_at_last_write = 0
        self._total_batches_seen = 0
        self.writer = None

    def set_model(self, model):
        from ..summaries.file_writer import FileWriter
        self.model = model
        graph = model.outputs[0].graph if self.write_graph else None
        self.writer = FileWriter(self.log_dir, graph)

    def _write_custom_summaries(self, step, logs=None):
        from tensorboard.compat.proto import summary_pb2
        logs = logs or {}
        for name, value in logs.items():
            summary = summary_pb2.Summary()
            summary_value = summary.value.add()
            summary_value.simple_value = float(value)
            summary_value.tag = name
            self.writer.add_summary(summary, step)
        self.writer.flush()

    def on_batch_end(self, batch, logs=None):
        if self.update_freq != 'epoch':
            logs = logs or {}
            self._samples_seen += logs.get('size', 1)
            if self._samples_seen - self._samples_seen_at_last_write >= self.update_freq:
                batch_logs = {('batch_' + k): v for k, v in logs.items()
                              if k not in ('batch', 'size', 'num_steps')}
                self._write_custom_summaries(self._total_batches_seen, batch_logs)
                self._samples_seen_at_last_write = self._samples_seen
        self._total_batches_seen += 1

    def on_epoch_end(self, epoch, logs=None):
        logs = {('epoch_' + k): v for k, v in (logs or {}).items()
                if k not in ('batch', 'size', 'num_steps')}
        step = epoch if self.update_freq == 'epoch' else self._samples_seen
        self._write_custom_summaries(step, logs)

    def on_train_end(self, logs=None):
        self.writer.close()
