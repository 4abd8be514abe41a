"""tf.keras (TF 1.15) `Model` / `Sequential` and `clone_model` on tf1's graph mode.

A Model maps its graph as TF 1.15's Network does: the nodes (layer, call index) between its inputs and
outputs by depth, its layers deepest first. The backend (backend.py) keeps one `tf1.Session` per graph.
`compile` records loss (the output's mask weighting it, the layers' regularization losses added),
metrics and optimizer; the first `fit` builds the train step (loss, metrics and the optimizer's assign
ops, one Session.run per batch, which tf1 compiles with XLA once and reuses). `summary()` prints TF
1.15's table, with the "Connected to" column for branching models. `fit_generator` / `evaluate_generator` /
`predict_generator` (and fit/evaluate/predict given one) read batches from a `keras.utils.Sequence` or a
generator; `get_config` / `to_json` / `from_config` come from serialization.py.
"""
import sys
import time
import warnings

import numpy as np

from ..api import export, public as _tf
from . import layers as layers_mod
from . import losses_metrics
from . import optimizers as optimizers_mod
from . import callbacks as callbacks_mod
from . import saving


from .backend import get_session


# ------------------------------------------------------------------------------------------ progress
class Progbar:
    """Keras 2.2's `generic_utils.Progbar` for one epoch (verbose=1: the bar, redrawn in place on a
    terminal and written once at the end otherwise; verbose=2: one ` - Ns - loss: ...` line)."""

    def __init__(self, target, verbose=1, width=30, interval=0.05):
        self.target = target
        self.verbose = verbose
        self.width = width
        self.interval = interval
        self.sums = {}
        self.order = []
        self.seen = 0
        self.start = time.time()
        self.last_update = 0
        self.total_width = 0
        self.dynamic = hasattr(sys.stdout, 'isatty') and sys.stdout.isatty()

    def update(self, current, values=(), extra=None):
        """Adds `values` [(name, value, n)]; at `current >= target` writes the final line with the
        averages and the `extra` {name: value} (validation metrics) after them."""
        for k, v, n in values:
            if k not in self.sums:
                self.order.append(k)
                self.sums[k] = [0., 0]
            self.sums[k][0] += v * n
            self.sums[k][1] += n
        self.seen = current
        self.extra = extra or {}
        now = time.time()
        done = current >= self.target
        if self.verbose == 1 and (done or (self.dynamic and now - self.last_update >= self.interval)):
            self._draw(current, now, done)
            self.last_update = now
        elif self.verbose == 2 and done:
            info = ' - %.0fs' % (now - self.start) + self._values_text()
            sys.stdout.write(info + '\n')
            sys.stdout.flush()

    def averages(self):
        return {k: self.sums[k][0] / max(1, self.sums[k][1]) for k in self.order}

    def _values_text(self):
        info = ''
        for k, avg in list(self.averages().items()) + list(getattr(self, 'extra', {}).items()):
            info += ' - %s:' % k + (' %.4f' % avg if abs(avg) > 1e-3 else ' %.4e' % avg)
        return info

    def _draw(self, current, now, done):
        numdigits = int(np.floor(np.log10(self.target))) + 1
        bar = ('%%%dd/%d [' % (numdigits, self.target)) % current
        prog_width = int(self.width * float(current) / self.target)
        if prog_width > 0:
            bar += '=' * (prog_width - 1) + ('=' if done else '>')
        bar += '.' * (self.width - prog_width) + ']'
        per_unit = (now - self.start) / current if current else 0
        if not done:
            info = ' - ETA: %ds' % (per_unit * (self.target - current))
        else:
            info = ' - %.0fs' % (now - self.start)
            if per_unit >= 1:
                info += ' %.0fs/step' % per_unit
            elif per_unit >= 1e-3:
                info += ' %.0fms/step' % (per_unit * 1e3)
            else:
                info += ' %.0fus/step' % (per_unit * 1e6)
        info += self._values_text()
        line = bar + info
        pad = max(0, self.total_width - len(line))
        self.total_width = len(line)
        if self.dynamic:
            sys.stdout.write('\r' + line + ' ' * pad + ('\n' if done else ''))
        else:
            sys.stdout.write(line + '\n')
        sys.stdout.flush()


# ------------------------------------------------------------------------------------------ models
def _inbound(node):
    """[(layer, node index, tensor index)] a node (layer, node index) was called on."""
    layer, index = node
    inputs = layer.inbound[index][0]
    if inputs is None:  # an InputLayer
        return []
    tensors = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    if any(getattr(t, '_keras_node', None) is None for t in tensors):
        raise ValueError('Input tensors to a Model must come from `keras.layers.Input`. Received: %s '
                         '(missing previous layer metadata).' % (tensors,))
    return [t._keras_node for t in tensors]


def _map_graph(inputs, outputs):
    """TF 1.15's Network._map_graph_network: the layers between `inputs` and `outputs`, deepest first
    (the inputs), layers of one depth in the order a depth-first walk back from the outputs meets them,
    and the nodes {depth: [(layer, node index)]}."""
    layer_indices, finished, in_progress, order = {}, set(), set(), []

    def build_map(node):
        if node in finished:
            return
        if node in in_progress:
            raise ValueError('The tensor ' + str(node) + ' at layer "' + node[0].name + '" is part of a cycle.')
        layer_indices.setdefault(node[0], len(layer_indices))
        in_progress.add(node)
        for layer, index, _ in _inbound(node):
            build_map((layer, index))
        finished.add(node)
        in_progress.remove(node)
        order.append(node)

    for out in outputs:
        if getattr(out, '_keras_node', None) is None:
            raise ValueError('Output tensors to a Model must be the output of a Keras `Layer`.')
        build_map(out._keras_node[:2])
    node_depth, layer_depth = {}, {}
    for node in reversed(order):
        depth = max(node_depth.setdefault(node, 0), layer_depth.get(node[0], 0))
        layer_depth[node[0]] = node_depth[node] = depth
        for layer, index, _ in _inbound(node):
            node_depth[(layer, index)] = max(depth + 1, node_depth.get((layer, index), 0))
    for t in inputs:
        layer = t._keras_node[0]
        if layer not in layer_depth:
            layer_depth[layer], layer_indices[layer] = 0, -1
            node_depth[(layer, 0)] = 0
    nodes_by_depth = {}
    for node, depth in node_depth.items():
        nodes_by_depth.setdefault(depth, []).append(node)
    layers = sorted(layer_depth, key=lambda l: (-layer_depth[l], layer_indices[l]))
    return layers, nodes_by_depth


def _as_list(x):
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _batches(n, batch_size):
    return [(i, min(i + batch_size, n)) for i in range(0, n, batch_size)]


@export("keras.models.Model", "keras.Model", "keras.engine.Model", "keras.engine.training.Model")
class Model(layers_mod.Layer):
    def __init__(self, inputs=None, outputs=None, name=None, **kwargs):
        if 'input' in kwargs or 'output' in kwargs:
            warnings.warn('Update your `Model` call to the Keras 2 API: '
                          '`Model(inputs=..., outputs=...)`')
            inputs = kwargs.pop('input', inputs)
            outputs = kwargs.pop('output', outputs)
        super().__init__(name=name, **kwargs)
        self._layers = []
        self._nodes_by_depth = {}
        self.optimizer = None
        self._train_step = None
        self.history = None
        if inputs is not None and outputs is not None:
            self._init_graph(_as_list(inputs), _as_list(outputs))

    def _init_graph(self, inputs, outputs):
        self.inputs = inputs
        self.outputs = outputs
        self._layers, self._nodes_by_depth = _map_graph(inputs, outputs)
        self.built = True

    # properties ------------------------------------------------------------------------------
    @property
    def layers(self):
        return list(self._layers)

    @property
    def input(self):
        return self.inputs[0] if len(self.inputs) == 1 else self.inputs

    @property
    def output(self):
        return self.outputs[0] if len(self.outputs) == 1 else self.outputs

    @property
    def input_shape(self):
        shapes = [t._keras_shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [t._keras_shape for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def weights(self):
        """Layer by layer, each layer's trainable then non-trainable weights (Keras' Network.weights,
        the order get_weights/set_weights use): a BatchNormalization's moving statistics sit between
        its neighbours' weights, not after every trainable weight of the model."""
        out = []
        for layer in self._layers:
            out += [w for w in layer.weights if not any(w is o for o in out)]
        return out

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for layer in self._layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self):
        weights = [w for layer in self._layers for w in layer.non_trainable_weights]
        if not self.trainable:
            weights = [w for layer in self._layers for w in layer.trainable_weights] + weights
        return weights

    def get_layer(self, name=None, index=None):
        if index is not None:
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError('No such layer: ' + str(name))

    # summary ---------------------------------------------------------------------------------
    def _sequential_like(self):
        """TF 1.15's print_summary test: one node per depth, each called on at most one layer, and no
        layer called twice inside the model."""
        nodes = []
        for depth_nodes in self._nodes_by_depth.values():
            if len(depth_nodes) > 1 or (depth_nodes and len(_inbound(depth_nodes[0])) > 1):
                return False
            nodes += depth_nodes
        return all(sum(node[0] is layer for node in nodes) <= 1 for layer in self.layers)

    def _connections(self, layer):
        """`inbound_layer[node][tensor]` for each call of `layer` that belongs to this model."""
        relevant = {node for depth_nodes in self._nodes_by_depth.values() for node in depth_nodes}
        return ['{}[{}][{}]'.format(l.name, i, t) for index in range(len(layer.inbound))
                if (layer, index) in relevant for l, i, t in _inbound((layer, index))]

    def summary(self, line_length=None, positions=None, print_fn=None):
        """TF 1.15's print_summary: a 3-column table for sequential-like models, else with the
        "Connected to" column (98 wide), one extra row per further connection."""
        if not self.built:
            raise ValueError('This model has not yet been built. Build the model first by calling `build()` '
                             'or calling `fit()` with some data, or specify an `input_shape` argument in the '
                             'first layer(s) for automatic build.')
        print_fn = print_fn or print
        sequential_like = self._sequential_like()
        if sequential_like:
            line_length = line_length or 65
            positions = positions or [.45, .85, 1.]
            header = ['Layer (type)', 'Output Shape', 'Param #']
        else:
            line_length = line_length or 98
            positions = positions or [.33, .55, .67, 1.]
            header = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to']
        if positions[-1] <= 1:
            positions = [int(line_length * p) for p in positions]

        def print_row(fields):
            line = ''
            for i, field in enumerate(fields):
                if i > 0:
                    line = line[:-1] + ' '
                line += str(field)
                line = line[:positions[i]]
                line += ' ' * (positions[i] - len(line))
            print_fn(line)

        print_fn('Model: "{}"'.format(self.name))
        print_fn('_' * line_length)
        print_row(header)
        print_fn('=' * line_length)
        layers = self.layers
        for i, layer in enumerate(layers):
            fields = [layer.name + ' (' + layer.__class__.__name__ + ')', layer.output_shape, layer.count_params()]
            if sequential_like:
                print_row(fields)
            else:
                connections = self._connections(layer)
                print_row(fields + [connections[0] if connections else ''])
                for extra in connections[1:]:
                    print_row(['', '', '', extra])
            print_fn('=' * line_length if i == len(layers) - 1 else '_' * line_length)
        trainable = int(sum(int(np.prod(w.get_shape().as_list())) for w in self.trainable_weights))
        non_trainable = int(sum(int(np.prod(w.get_shape().as_list())) for w in self.non_trainable_weights))
        print_fn('Total params: {:,}'.format(trainable + non_trainable))
        print_fn('Trainable params: {:,}'.format(trainable))
        print_fn('Non-trainable params: {:,}'.format(non_trainable))
        print_fn('_' * line_length)

    @property
    def losses(self):
        """Every layer's losses (activity and weight regularization), layer by layer."""
        return [loss for layer in self._layers for loss in layer.losses]

    # compile / fit ---------------------------------------------------------------------------
    def compile(self, optimizer, loss=None, metrics=None, loss_weights=None, sample_weight_mode=None,
                weighted_metrics=None, target_tensors=None, **kwargs):
        tf = _tf()
        self._ensure_built()
        self.optimizer = optimizers_mod.get(optimizer)
        self.loss = loss
        # What an HDF5 save writes as its training_config (hdf5_format.model_metadata).
        self._compile_args = dict(loss=loss, metrics=metrics, weighted_metrics=weighted_metrics,
                                  sample_weight_mode=sample_weight_mode, loss_weights=loss_weights)
        loss_fn = losses_metrics.get_loss(loss)
        output = self.outputs[0]
        out_shape = output.get_shape().as_list()
        if loss_fn is losses_metrics.sparse_categorical_crossentropy:
            target_shape, target_dtype = out_shape[:-1] + [1], tf.float32
        else:
            target_shape, target_dtype = out_shape, tf.float32
        name = self.output_layer_name() + '_target'
        self.targets = [tf.placeholder(target_dtype, shape=target_shape, name=name)]
        target = self.targets[0]
        mask = getattr(output, '_keras_mask', None)
        with tf.name_scope('loss'):
            per_sample = loss_fn(target, output)
            if mask is None:
                self.total_loss = tf.reduce_mean(per_sample)
            else:
                # TF 1.15: the output's mask weights the per-sample losses, the sum divided by their
                # number (SUM_OVER_BATCH_SIZE), masked ones included.
                weights = tf.reshape(tf.cast(mask, per_sample.dtype), tf.shape(per_sample))
                self.total_loss = tf.reduce_sum(per_sample * weights) / tf.cast(tf.size(per_sample),
                                                                                 per_sample.dtype)
            # TF 1.15 adds the layers' regularization losses to the training loss.
            regularization = self.losses
            if regularization:
                self.total_loss += tf.add_n(regularization)
        self.metrics_names = ['loss']
        self.metrics_tensors = []
        with tf.name_scope('metrics'):
            for m in _as_list(metrics):
                mname, fn = losses_metrics.get_metric(m, loss_fn, out_shape)
                if mname in self.metrics_names:
                    continue  # TF 1.15 keys compiled metrics by name: ['acc', 'accuracy'] is one 'acc'
                self.metrics_names.append(mname)
                values = fn(target, output)
                if mask is None:
                    self.metrics_tensors.append(tf.reduce_mean(values))
                else:  # a weighted mean over the unmasked entries
                    weights = tf.reshape(tf.cast(mask, values.dtype), tf.shape(values))
                    self.metrics_tensors.append(tf.reduce_sum(values * weights) / tf.reduce_sum(weights))
        self._train_step = None

    def output_layer_name(self):
        return self.outputs[0]._keras_history[0].name

    def _ensure_built(self):
        if not self.built:
            raise RuntimeError('This model has not yet been built.')

    def _make_train_step(self):
        tf = _tf()
        if self._train_step is None:
            with tf.name_scope('training'):
                updates = self.optimizer.get_updates(self.total_loss, self.trainable_weights)
                with tf.control_dependencies(updates):
                    step = tf.no_op(name='train_step')
            self._train_step = step
        return self._train_step

    def _standardize(self, x, y=None):
        xs = _as_list(x)
        if len(xs) != len(self.inputs):
            raise ValueError('Error when checking model input: expected %d arrays but got %d'
                             % (len(self.inputs), len(xs)))
        xs = [_at_least_2d(np.asarray(a), t) for a, t in zip(xs, self.inputs)]
        ys = None
        if y is not None:
            ys = _as_list(y)
            ys = [_at_least_2d(np.asarray(a), t) for a, t in zip(ys, self.targets or [None] * len(ys))]
            if self.loss is not None and losses_metrics.get_loss(self.loss) is \
                    losses_metrics.sparse_categorical_crossentropy:
                ys = [a.reshape(a.shape + (1,)) if a.ndim == len(self.targets[0].get_shape()) - 1 else a
                      for a in ys]
        return xs, ys

    def _feed(self, xs, ys, lo, hi, training):
        feed = {t: a[lo:hi] for t, a in zip(self.inputs, xs)}
        if ys is not None:
            feed.update({t: a[lo:hi] for t, a in zip(self.targets, ys)})
        phase = layers_mod.learning_phase()
        if training and hasattr(phase, 'op'):  # not fixed by set_learning_phase
            feed[phase] = True
        return feed

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0., validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None, **kwargs):
        if 'nb_epoch' in kwargs:
            epochs = kwargs.pop('nb_epoch')
        if _is_generator(x):  # TF 1.15: fit takes a Sequence or generator of batches too
            return self.fit_generator(x, steps_per_epoch=steps_per_epoch, epochs=epochs, verbose=verbose,
                                      callbacks=callbacks, validation_data=validation_data,
                                      validation_steps=validation_steps, shuffle=shuffle,
                                      initial_epoch=initial_epoch)
        if self.optimizer is None:
            raise RuntimeError('You must compile a model before training/testing. '
                               'Use `model.compile(optimizer, loss)`.')
        batch_size = batch_size or 32
        xs, ys = self._standardize(x, y)
        if validation_data is None and validation_split and 0. < validation_split < 1.:
            split = int(len(xs[0]) * (1. - validation_split))
            validation_data = ([a[split:] for a in xs], [a[split:] for a in ys])
            xs, ys = [a[:split] for a in xs], [a[:split] for a in ys]
        val = None
        if validation_data is not None:
            val = self._standardize(validation_data[0], validation_data[1])
        step = self._make_train_step()
        sess = get_session()
        n = len(xs[0])
        fetches = [self.total_loss] + self.metrics_tensors + [step]
        val_names = ['val_' + k for k in self.metrics_names] if val is not None else []
        # TF 1.15's order: BaseLogger, the user's callbacks, then History (which so records what the
        # user's callbacks added to the epoch logs, e.g. `lr`). The progress bar is drawn last.
        self.history = callbacks_mod.History()
        cbks = callbacks_mod.CallbackList([callbacks_mod.BaseLogger()] + list(callbacks or [])
                                          + [self.history])
        cbks.set_model(self)
        cbks.set_params({'batch_size': batch_size, 'epochs': epochs, 'steps': None, 'samples': n,
                         'verbose': verbose, 'do_validation': val is not None,
                         'metrics': list(self.metrics_names) + val_names})
        self.stop_training = False
        if verbose and val is not None:
            print('Train on %d samples, validate on %d samples' % (n, len(val[0][0])))
        cbks.on_train_begin()
        for epoch in range(initial_epoch, epochs):
            epoch_logs = {}
            cbks.on_epoch_begin(epoch, epoch_logs)
            if verbose:
                print('Epoch %d/%d' % (epoch + 1, epochs))
            order = np.random.permutation(n) if shuffle else np.arange(n)
            ex = [a[order] for a in xs]
            ey = [a[order] for a in ys]
            bar = Progbar(n, verbose=verbose)
            for batch_index, (lo, hi) in enumerate(_batches(n, batch_size)):
                batch_logs = {'batch': batch_index, 'size': hi - lo}
                cbks.on_batch_begin(batch_index, batch_logs)
                values = sess.run(fetches, self._feed(ex, ey, lo, hi, True))[:-1]
                for k, v in zip(self.metrics_names, values):
                    batch_logs[k] = float(v)
                # The final bar line waits for the epoch's end (with the validation metrics).
                bar.update(min(hi, n - 1), [(k, float(v), hi - lo) for k, v in zip(self.metrics_names, values)])
                cbks.on_batch_end(batch_index, batch_logs)
                if self.stop_training:
                    break
            epoch_logs.update(bar.averages())
            if val is not None and not self.stop_training:
                results = self._test_loop(val[0], val[1], batch_size, 0)
                for k, v in zip(val_names, results):
                    epoch_logs[k] = v
            cbks.on_epoch_end(epoch, epoch_logs)
            bar.update(n, extra={k: epoch_logs[k] for k in val_names if k in epoch_logs})
            if self.stop_training:
                break
        cbks.on_train_end()
        return self.history

    def _test_loop(self, xs, ys, batch_size, verbose):
        sess = get_session()
        n = len(xs[0])
        fetches = [self.total_loss] + self.metrics_tensors
        sums = np.zeros(len(fetches))
        bar = Progbar(n, verbose=verbose) if verbose == 1 else None
        for lo, hi in _batches(n, batch_size):
            values = sess.run(fetches, self._feed(xs, ys, lo, hi, False))
            sums += np.asarray(values, dtype=np.float64) * (hi - lo)
            if bar is not None:
                bar.update(hi)
        return [float(v) for v in sums / n]

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None):
        if self.optimizer is None:
            raise RuntimeError('You must compile a model before training/testing. '
                               'Use `model.compile(optimizer, loss)`.')
        if _is_generator(x):
            return self.evaluate_generator(x, steps=steps, verbose=verbose)
        xs, ys = self._standardize(x, y)
        results = self._test_loop(xs, ys, batch_size or 32, verbose)
        return results if len(results) > 1 else results[0]

    def predict(self, x, batch_size=None, verbose=0, steps=None):
        if _is_generator(x):
            return self.predict_generator(x, steps=steps, verbose=verbose)
        self._ensure_built()
        xs, _ = self._standardize(x)
        sess = get_session()
        n = len(xs[0])
        outs = [[] for _ in self.outputs]
        for lo, hi in _batches(n, batch_size or 32):
            for i, v in enumerate(sess.run(self.outputs, self._feed(xs, None, lo, hi, False))):
                outs[i].append(v)
        res = [np.concatenate(o) for o in outs]
        return res[0] if len(res) == 1 else res

    def predict_proba(self, x, batch_size=32, verbose=0):
        preds = self.predict(x, batch_size=batch_size, verbose=verbose)
        if preds.min() < 0. or preds.max() > 1.:
            from ..platform import tf_logging
            tf_logging.warning('Network returning invalid probability values. The last layer might not '
                               'normalize predictions into probabilities (like softmax or sigmoid would).')
        return preds

    def predict_classes(self, x, batch_size=32, verbose=0):
        proba = self.predict(x, batch_size=batch_size)
        return proba.argmax(axis=-1) if proba.shape[-1] > 1 else (proba > 0.5).astype('int32')

    def train_on_batch(self, x, y):
        xs, ys = self._standardize(x, y)
        step = self._make_train_step()
        values = get_session().run([self.total_loss] + self.metrics_tensors + [step],
                                   self._feed(xs, ys, 0, len(xs[0]), True))[:-1]
        values = [float(v) for v in values]
        return values if len(values) > 1 else values[0]

    # saving ----------------------------------------------------------------------------------
    def save_weights(self, filepath, overwrite=True, save_format=None):
        saving.save_weights(self, filepath, overwrite=overwrite, save_format=save_format)

    def load_weights(self, filepath, by_name=False):
        return saving.load_weights(self, filepath, by_name=by_name)

    def save(self, filepath, overwrite=True, include_optimizer=True, save_format=None, signatures=None):
        """TF 1.15: an HDF5 file by default (keras_impl/hdf5_format.py); `signatures` is SavedModel's."""
        saving.save_model(self, filepath, overwrite, include_optimizer, save_format, signatures)

    def __call__(self, inputs, **kwargs):
        raise NotImplementedError('calling a Model on new inputs is not supported by tf1.keras')


@export("keras.models.Sequential", "keras.Sequential", "keras.engine.Sequential")
class Sequential(Model):
    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        self._stack = []
        self.built = False
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self):
        return list(self._stack)

    def add(self, layer):
        if not isinstance(layer, layers_mod.Layer):
            raise TypeError('The added layer must be an instance of class Layer. Found: ' + str(layer))
        self._stack.append(layer)
        if len(self._stack) == 1:
            # Keras builds at once when the first layer knows its input (input_shape/input_dim),
            # with an InputLayer named `<first layer>_input`; otherwise at the first fit/predict.
            shape = getattr(layer, 'batch_input_shape', None)
            if shape is not None:
                x = layers_mod.Input(batch_shape=shape, name=layer.name + '_input')
                self._init_graph([x], [layer(x)])
                self._stack_layers_from_graph()
        elif self.built:
            self._init_graph(self.inputs, [layer(self.outputs[0])])
            self._stack_layers_from_graph()

    def _stack_layers_from_graph(self):
        self._layers = [l for l in self._layers if not isinstance(l, layers_mod.InputLayer)]

    def build(self, input_shape=None):
        if self.built:
            return
        if input_shape is None:
            raise ValueError('You must provide an `input_shape` argument.')
        x = layers_mod.Input(batch_shape=tuple(input_shape), name=self._stack[0].name + '_input')
        out = x
        for layer in self._stack:
            out = layer(out)
        self._init_graph([x], [out])
        self._stack_layers_from_graph()

    def _ensure_built(self):
        if not self.built:
            raise RuntimeError('This model has not yet been built. Build the model first by calling '
                               '`build()` or calling `fit()` with some data, or specify an `input_shape` '
                               'argument in the first layer(s) for automatic build.')

    def compile(self, optimizer, loss=None, metrics=None, **kwargs):
        if not self.built:
            # Deferred until fit: Keras builds on first data.
            self._deferred_compile = (optimizer, loss, metrics, kwargs)
            self.optimizer = optimizers_mod.get(optimizer)
            self._compile_args = dict(loss=loss, metrics=metrics, **{
                key: kwargs.get(key) for key in ('weighted_metrics', 'sample_weight_mode', 'loss_weights')})
            return
        super().compile(optimizer, loss, metrics, **kwargs)

    def _build_from_data(self, x):
        if not self.built:
            first = np.asarray(_as_list(x)[0])
            self.build((None,) + first.shape[1:])
            opt, loss, metrics, kwargs = self._deferred_compile
            super().compile(self.optimizer, loss, metrics, **kwargs)

    def fit(self, x=None, y=None, **kwargs):
        if not _is_generator(x):  # generators build from their first batch (fit_generator)
            self._build_from_data(x)
        return super().fit(x, y, **kwargs)

    def evaluate(self, x=None, y=None, **kwargs):
        if not _is_generator(x):
            self._build_from_data(x)
        return super().evaluate(x, y, **kwargs)

    def predict(self, x, **kwargs):
        if not self.built and not _is_generator(x):
            self.build((None,) + np.asarray(_as_list(x)[0]).shape[1:])
        return super().predict(x, **kwargs)


@export("keras.models.clone_model")
def clone_model(model, input_tensors=None, clone_function=None):
    """TF 1.15's clone_model: the same architecture with new layers (same names and configuration, newly
    initialised weights), called on new inputs (or on `input_tensors`). `clone_function(layer)` makes
    each new layer (default: a fresh copy of its configuration)."""
    clone_function = clone_function or (lambda layer: layer._clone())
    if isinstance(model, Sequential):
        if input_tensors is not None:
            raise NotImplementedError('tf1.keras clone_model does not take input_tensors for a Sequential model')
        return Sequential([clone_function(layer) for layer in model.layers], name=model.name)
    if not isinstance(model, Model):
        raise ValueError('Expected `model` argument to be a `Model` instance, got ' + str(model))
    tensor_map = {}  # id(old tensor) -> new tensor
    new_inputs = _as_list(input_tensors) if input_tensors is not None else [None] * len(model.inputs)
    if len(new_inputs) != len(model.inputs):
        raise ValueError('input_tensors should have the same number of tensors as the model has inputs')
    for old, new in zip(model.inputs, new_inputs):
        layer = old._keras_node[0]
        if new is None or getattr(new, '_keras_node', None) is None:
            new = layers_mod.Input(batch_shape=layer.batch_input_shape, dtype=layer.dtype,
                                   name=layer.name if new is None else None, tensor=new)
        tensor_map[id(old)] = new
    layer_map = {}
    for depth in sorted(model._nodes_by_depth, reverse=True):
        for layer, index in model._nodes_by_depth[depth]:
            inputs, outputs = layer.inbound[index]
            if inputs is None:  # an InputLayer: mapped above
                continue
            if id(layer) not in layer_map:
                layer_map[id(layer)] = clone_function(layer)
            new_in = [tensor_map[id(t)] for t in _as_list(inputs)]
            new_out = layer_map[id(layer)](new_in if isinstance(inputs, (list, tuple)) else new_in[0])
            for old, new in zip(_as_list(outputs), _as_list(new_out)):
                tensor_map[id(old)] = new
    return Model([tensor_map[id(t)] for t in model.inputs], [tensor_map[id(t)] for t in model.outputs],
                 name=model.name)


# ------------------------------------------------------------------------------------------ generators
@export("keras.utils.Sequence", "keras.utils.data_utils.Sequence")
class Sequence:
    """Keras' base class for datasets of batches: `__getitem__(index)` returns batch `index` (`(x, y)`),
    `__len__` the number of batches; `on_epoch_end` runs after each epoch of fit_generator."""

    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def on_epoch_end(self):
        pass

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


def _at_least_2d(array, tensor):
    """TF 1.15's standardize_single_array: a 1-D array becomes a column (`y` of shape (n,) for a
    Dense(1) output) unless the model expects a 1-D tensor there."""
    rank = None if tensor is None else tensor.get_shape().ndims
    if array.ndim == 1 and rank != 1:
        return np.expand_dims(array, 1)
    return array


def _is_generator(x):
    import inspect
    return isinstance(x, Sequence) or inspect.isgenerator(x) or \
        (hasattr(x, '__next__') and not isinstance(x, (np.ndarray, list, tuple, dict)))


class _Batches:
    """The batches of a Sequence (in a shuffled order per epoch when asked) or of a generator, with the
    first one available before training starts (a Sequential model builds from it)."""

    def __init__(self, data, shuffle):
        self.data = data
        self.shuffle = shuffle
        self.is_sequence = isinstance(data, Sequence)
        self._peeked = []

    def first(self):
        if self.is_sequence:
            return self.data[0]
        if not self._peeked:
            self._peeked.append(next(self.data))
        return self._peeked[0]

    def epoch(self, steps):
        if self.is_sequence:
            order = np.random.permutation(len(self.data)) if self.shuffle else np.arange(len(self.data))
            for step in range(steps):
                yield self.data[int(order[step % len(order)])]
            return
        for _ in range(steps):
            yield self._peeked.pop(0) if self._peeked else next(self.data)


def _unpack_batch(batch, with_targets=True):
    if not with_targets:
        return (batch[0] if isinstance(batch, tuple) and len(batch) in (2, 3) else batch), None
    if not isinstance(batch, tuple) or len(batch) not in (2, 3):
        raise ValueError('Output of generator should be a tuple `(x, y, sample_weight)` or `(x, y)`. '
                         'Found: ' + str(batch))
    if len(batch) == 3 and batch[2] is not None:
        raise NotImplementedError('tf1.keras fit_generator does not take sample weights')
    return batch[0], batch[1]


def _steps(batches, steps, what):
    if steps is not None:
        return steps
    if batches.is_sequence:
        return len(batches.data)
    raise ValueError('`steps=None` is only valid for a generator based on the `keras.utils.Sequence` class. '
                     'Please specify `steps` or use the `keras.utils.Sequence` class.'.replace('steps', what))


def _build_for(model, batches):
    if not model.built and hasattr(model, '_build_from_data'):
        model._build_from_data(_unpack_batch(batches.first(), with_targets=False)[0])


def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1, callbacks=None,
                  validation_data=None, validation_steps=None, validation_freq=1, class_weight=None,
                  max_queue_size=10, workers=1, use_multiprocessing=False, shuffle=True, initial_epoch=0):
    """TF 1.15's fit_generator, run in this thread (workers / queues do not apply): `steps_per_epoch`
    batches per epoch (default len(sequence)), the loss and metrics of an epoch averaged over its steps."""
    if self.optimizer is None and not hasattr(self, '_deferred_compile'):
        raise RuntimeError('You must compile a model before training/testing. Use `model.compile(optimizer, loss)`.')
    batches = _Batches(generator, shuffle)
    steps_per_epoch = _steps(batches, steps_per_epoch, 'steps_per_epoch')
    _build_for(self, batches)
    val_batches = None
    if validation_data is not None and _is_generator(validation_data):
        val_batches = _Batches(validation_data, False)
        validation_steps = _steps(val_batches, validation_steps, 'validation_steps')
    elif validation_data is not None:
        val_xy = self._standardize(validation_data[0], validation_data[1])
    step_op = self._make_train_step()
    sess = get_session()
    fetches = [self.total_loss] + self.metrics_tensors + [step_op]
    val_names = ['val_' + k for k in self.metrics_names] if validation_data is not None else []
    self.history = callbacks_mod.History()
    cbks = callbacks_mod.CallbackList([callbacks_mod.BaseLogger()] + list(callbacks or []) + [self.history])
    cbks.set_model(self)
    cbks.set_params({'epochs': epochs, 'steps': steps_per_epoch, 'verbose': verbose,
                     'do_validation': validation_data is not None,
                     'metrics': list(self.metrics_names) + val_names})
    self.stop_training = False
    cbks.on_train_begin()
    for epoch in range(initial_epoch, epochs):
        epoch_logs = {}
        cbks.on_epoch_begin(epoch, epoch_logs)
        if verbose:
            print('Epoch %d/%d' % (epoch + 1, epochs))
        bar = Progbar(steps_per_epoch, verbose=verbose)
        for step, batch in enumerate(batches.epoch(steps_per_epoch)):
            x, y = _unpack_batch(batch)
            xs, ys = self._standardize(x, y)
            batch_logs = {'batch': step, 'size': len(xs[0])}
            cbks.on_batch_begin(step, batch_logs)
            values = sess.run(fetches, self._feed(xs, ys, 0, len(xs[0]), True))[:-1]
            for k, v in zip(self.metrics_names, values):
                batch_logs[k] = float(v)
            # TF 1.15 averages an epoch's loss and metrics over its steps (each step weighs 1).
            bar.update(min(step + 1, steps_per_epoch - 1),
                       [(k, float(v), 1) for k, v in zip(self.metrics_names, values)])
            cbks.on_batch_end(step, batch_logs)
            if self.stop_training:
                break
        epoch_logs.update(bar.averages())
        if validation_data is not None and not self.stop_training and (epoch + 1) % validation_freq == 0:
            if val_batches is not None:
                results = _evaluate_batches(self, val_batches, validation_steps)
            else:
                results = self._test_loop(val_xy[0], val_xy[1], 32, 0)
            epoch_logs.update(zip(val_names, results))
        if batches.is_sequence:
            generator.on_epoch_end()
        cbks.on_epoch_end(epoch, epoch_logs)
        bar.update(steps_per_epoch, extra={k: epoch_logs[k] for k in val_names if k in epoch_logs})
        if self.stop_training:
            break
    cbks.on_train_end()
    return self.history


def _evaluate_batches(model, batches, steps):
    sess = get_session()
    fetches = [model.total_loss] + model.metrics_tensors
    # TF 1.15: the loss averaged over the steps, the (stateful) metrics over the samples.
    loss_sum, metric_sums, samples = 0., np.zeros(len(fetches) - 1), 0
    for batch in batches.epoch(steps):
        x, y = _unpack_batch(batch)
        xs, ys = model._standardize(x, y)
        n = len(xs[0])
        values = np.asarray(sess.run(fetches, model._feed(xs, ys, 0, n, False)), dtype=np.float64)
        loss_sum += values[0]
        metric_sums += values[1:] * n
        samples += n
    return [float(loss_sum / steps)] + [float(v) for v in metric_sums / max(samples, 1)]


def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10, workers=1,
                       use_multiprocessing=False, verbose=0):
    """The loss and metrics averaged over `steps` batches (default len(sequence))."""
    if self.optimizer is None:
        raise RuntimeError('You must compile a model before training/testing. Use `model.compile(optimizer, loss)`.')
    batches = _Batches(generator, False)
    steps = _steps(batches, steps, 'steps')
    _build_for(self, batches)
    results = _evaluate_batches(self, batches, steps)
    return results if len(results) > 1 else results[0]


def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, verbose=0):
    """The outputs on `steps` batches (x, or (x, y) whose y is ignored), concatenated."""
    batches = _Batches(generator, False)
    steps = _steps(batches, steps, 'steps')
    if not self.built and hasattr(self, '_stack'):
        x = _unpack_batch(batches.first(), with_targets=False)[0]
        self.build((None,) + np.asarray(_as_list(x)[0]).shape[1:])
    sess = get_session()
    outs = [[] for _ in self.outputs]
    for batch in batches.epoch(steps):
        xs, _ = self._standardize(_unpack_batch(batch, with_targets=False)[0])
        for i, v in enumerate(sess.run(self.outputs, self._feed(xs, None, 0, len(xs[0]), False))):
            outs[i].append(v)
    res = [np.concatenate(o) for o in outs]
    return res[0] if len(res) == 1 else res


Model.fit_generator = fit_generator


def _get_config(self):
    from . import serialization
    return serialization.model_config(self)


def _to_json(self, **kwargs):
    from . import serialization
    return serialization.model_to_json(self, **kwargs)


def _to_yaml(self, **kwargs):
    from . import serialization
    return serialization.model_to_yaml(self, **kwargs)


def _from_config(cls, config, custom_objects=None):
    from . import serialization
    return serialization.model_from_config({'class_name': cls.__name__, 'config': config}, custom_objects)


# TF 1.15's architecture serialization (keras_impl/serialization.py).
Model.get_config = _get_config
Model.to_json = _to_json
Model.to_yaml = _to_yaml
Model.from_config = classmethod(_from_config)
Model.evaluate_generator = evaluate_generator
Model.predict_generator = predict_generator
