"""`tf.keras.estimator.model_to_estimator` (TF 1.15 + tensorflow_estimator 1.15's `keras.py`).

The Estimator's model_fn clones the compiled Keras model into each graph the Estimator builds, on the
input_fn's feature tensors, and derives from it what `Model.compile`/`fit` would: the total loss
against the label tensors, the optimizer's update ops (plus the global-step increment, which TF gets
by making the global step the optimizer's `iterations`), one `tf.metrics.mean` per compiled metric
(evaluation keys are Keras' metric names, e.g. `acc`), and `predictions` keyed by output layer name.

As TF does, the Keras model's current weights are written once to `<model_dir>/keras/keras_model.ckpt`
(from a clone in a fresh graph) and the Estimator warm-starts its trainable variables from there.
Features may be a tensor, a list, or a dict keyed by input layer names; a dict with exactly the keys
`features` and `sample_weights` carries per-example loss weights.
"""
import inspect
import os

from tf1.api import export, public
from tf1.platform import tf_logging as logging
from tf1.estimator_impl.estimator import _config_with_model_dir
from tf1.keras_impl import backend, losses_metrics

_DEFAULT_SERVING_KEY = "serving_default"


class FormattedKeyError(KeyError):
    """A KeyError whose message keeps its newlines when printed."""

    def __init__(self, message):
        super(FormattedKeyError, self).__init__(message)
        self.message = message

    def __str__(self):
        return self.message


def _layer_names(tensors):
    return [t._keras_history[0].name for t in tensors]


def _optimizer_recipe(optimizer):
    """(class, constructor kwargs) that rebuild `optimizer` in another graph: each constructor
    argument is read back from the attribute of that name (variables through their Keras session),
    the way TF re-creates it from `optimizer.get_config()`."""
    t = public()
    cls = type(optimizer)
    kwargs = {}
    for name in inspect.signature(cls.__init__).parameters:
        attr = "initial_decay" if name == "decay" else name
        if name in ("self", "kwargs") or not hasattr(optimizer, attr):
            continue
        value = getattr(optimizer, attr)
        if isinstance(value, t.Variable):
            with value.graph.as_default():
                value = backend.get_session().run(value)
            value = value.item() if hasattr(value, "item") else value
        kwargs[name] = value
    for name in ("clipnorm", "clipvalue"):
        if getattr(optimizer, name, None) is not None:
            kwargs[name] = getattr(optimizer, name)
    return cls, kwargs


def _to_tensor_list(obj, key_order, obj_name, order_name):
    t = public()
    if obj is None:
        return None
    if isinstance(obj, (list, tuple)):
        return [t.convert_to_tensor(x) for x in obj]
    if isinstance(obj, dict):
        missing = set(key_order) - set(obj.keys())
        if missing:
            raise FormattedKeyError(
                "The dictionary passed into {obj_name} does not cover requested {order_name} keys "
                "defined in the keras model.\n\tExpected keys: {order_keys}\n\t{obj_name} keys: "
                "{obj_keys}\n\tMissed keys: {missing}".format(
                    obj_name=obj_name, order_name=order_name, order_keys=set(key_order),
                    obj_keys=set(obj.keys()), missing=missing))
        return [t.convert_to_tensor(obj[key]) for key in key_order]
    return [t.convert_to_tensor(obj)]


def _split_sample_weights(features):
    if isinstance(features, dict) and set(features.keys()) == {"features", "sample_weights"}:
        return features["features"], features["sample_weights"]
    return features, None


class _KerasModelFn(object):
    """The model_fn: everything it needs from the Keras model is captured when the estimator is made
    (the model itself lives in another graph)."""

    def __init__(self, keras_model):
        self.model = keras_model
        self.input_names = _layer_names(keras_model.inputs)
        self.output_names = _layer_names(keras_model.outputs)
        self.optimizer = _optimizer_recipe(keras_model.optimizer)
        args = getattr(keras_model, "_compile_args", {}) or {}
        self.loss = keras_model.loss
        self.metrics = args.get("metrics")
        self.loss_weights = args.get("loss_weights")

    # -- building blocks
    def clone(self, features):
        """The model's layers, new and unbuilt, called on `features` (None: on new Inputs)."""
        t = public()
        keras = t.keras
        model = self.model
        inputs = None
        if features is not None:
            inputs = _to_tensor_list(features, self.input_names, "features", "inputs")
            cast = []
            for tensor, keras_input in zip(inputs, model.inputs):
                want = keras_input.dtype.base_dtype
                if tensor.dtype.is_floating and tensor.dtype.base_dtype != want:
                    tensor = t.cast(tensor, want)
                cast.append(tensor)
            inputs = cast
        if isinstance(model, keras.Sequential):
            layers = [layer._clone() for layer in model.layers]
            first = model.inputs[0]
            inp = keras.layers.Input(batch_shape=first.get_shape().as_list(),
                                     dtype=first.dtype.base_dtype,
                                     tensor=None if inputs is None else inputs[0])
            x = inp
            for layer in layers:
                x = layer(x)
            return keras.Model(inp, x, name=model.name)
        return keras.models.clone_model(model, input_tensors=inputs)

    def _loss_and_metrics(self, clone, labels, sample_weights):
        """TF 1.15's compiled total loss (weighted mean per output, loss weights, regularization) and
        the per-example metric values, against label tensors."""
        t = public()
        outputs = clone.outputs
        targets = _to_tensor_list(labels, self.output_names, "labels", "outputs")
        if len(targets) != len(outputs):
            raise ValueError("Expected %d label tensors, got %d." % (len(outputs), len(targets)))
        losses = self.loss if isinstance(self.loss, (list, tuple)) else \
            [self.loss.get(n) for n in self.output_names] if isinstance(self.loss, dict) else \
            [self.loss] * len(outputs)
        loss_weights = self.loss_weights
        if isinstance(loss_weights, dict):
            loss_weights = [loss_weights.get(n, 1.) for n in self.output_names]
        loss_weights = loss_weights or [1.] * len(outputs)
        if sample_weights is not None:
            sample_weights = t.cast(t.convert_to_tensor(sample_weights), t.float32)
        total, metric_values = None, {}
        for output, target, loss, weight in zip(outputs, targets, losses, loss_weights):
            loss_fn = losses_metrics.get_loss(loss)
            target = t.cast(target, output.dtype.base_dtype)
            if target.get_shape().ndims == output.get_shape().ndims - 1:
                target = t.expand_dims(target, -1)  # (batch,) labels, as Keras' standardize does
            with t.name_scope("loss"):
                per_sample = loss_fn(target, output)
                if sample_weights is None:
                    value = t.reduce_mean(per_sample)
                else:
                    w = t.reshape(sample_weights, t.shape(per_sample))
                    value = t.reduce_sum(per_sample * w) / t.cast(t.size(per_sample), t.float32)
            value = value * weight if weight != 1. else value
            total = value if total is None else total + value
            for m in (self.metrics or []):
                name, fn = losses_metrics.get_metric(m, loss_fn)
                metric_values[name] = fn(target, output)
        regularization = clone.losses
        if regularization:
            total += t.add_n(regularization)
        return total, metric_values

    def __call__(self, features, labels, mode):
        t = public()
        ModeKeys = t.estimator.ModeKeys
        # The learning phase is per graph in tf1: this graph's dropout etc. follow the mode.
        backend.set_learning_phase_value(1 if mode == ModeKeys.TRAIN else 0)
        features, sample_weights = _split_sample_weights(features)
        clone = self.clone(features)
        predictions = dict(zip(self.output_names, clone.outputs))
        loss = train_op = None
        eval_metric_ops = None
        if mode != ModeKeys.PREDICT:
            loss, metric_values = self._loss_and_metrics(clone, labels, sample_weights)
            if mode == ModeKeys.TRAIN:
                cls, kwargs = self.optimizer
                with t.name_scope("training"):
                    optimizer = cls(**kwargs)
                    updates = optimizer.get_updates(loss, clone.trainable_weights)
                    with t.control_dependencies(updates):
                        train_op = t.assign_add(t.train.get_or_create_global_step(), 1).op
            else:
                eval_metric_ops = {name: t.metrics.mean(values, name=name)
                                   for name, values in metric_values.items()}
        backend.mark_initialized(t.global_variables())  # the estimator's Scaffold initialises them
        export_outputs = {_DEFAULT_SERVING_KEY: t.estimator.export.PredictOutput(predictions)}
        return t.estimator.EstimatorSpec(mode=mode, predictions=predictions, loss=loss,
                                         train_op=train_op, eval_metric_ops=eval_metric_ops,
                                         export_outputs=export_outputs)

    def save_first_checkpoint(self, model_dir):
        """Writes the Keras model's weights under `<model_dir>/keras` (once) for warm-starting."""
        t = public()
        keras_dir = os.path.join(model_dir, "keras")
        latest = t.train.latest_checkpoint(keras_dir)
        if latest:
            return latest
        with self.model.inputs[0].graph.as_default():
            weights = self.model.get_weights()
        if not t.gfile.IsDirectory(keras_dir):
            t.gfile.MakeDirs(keras_dir)
        with t.Graph().as_default():
            t.train.create_global_step()
            clone = self.clone(None)
            with t.Session() as sess:
                sess.run(t.global_variables_initializer())
                for var, value in zip(clone.weights, weights):
                    var.load(value, sess)
                backend.mark_initialized(t.global_variables())
                path = os.path.join(keras_dir, "keras_model.ckpt")
                t.train.Saver().save(sess, path)
        return path


@export("keras.estimator.model_to_estimator")
def model_to_estimator(keras_model=None, keras_model_path=None, custom_objects=None,
                       model_dir=None, config=None, checkpoint_format="saver"):
    """An `Estimator` that trains/evaluates/predicts a copy of the compiled `keras_model` (or of
    the HDF5 model at `keras_model_path`), starting from its current weights."""
    t = public()
    if not (keras_model or keras_model_path):
        raise ValueError("Either `keras_model` or `keras_model_path` needs to be provided.")
    if keras_model and keras_model_path:
        raise ValueError("Please specity either `keras_model` or `keras_model_path`, but not both.")
    if keras_model is None:
        if keras_model_path.startswith("gs://") or "storage.googleapis.com" in keras_model_path:
            raise ValueError("%s is not a local path." % keras_model_path)
        logging.info("Loading models from %s", keras_model_path)
        keras_model = t.keras.models.load_model(keras_model_path, custom_objects=custom_objects)
    else:
        logging.info("Using the Keras model provided.")
    if checkpoint_format == "checkpoint":
        raise NotImplementedError("tf1's model_to_estimator writes name-based (`saver`) "
                                  "checkpoints only.")
    if checkpoint_format != "saver":
        raise ValueError('Checkpoint format must be one of "checkpoint" or "saver". Got {}'
                         .format(checkpoint_format))
    if not getattr(keras_model, "optimizer", None):
        raise ValueError("The given keras model has not been compiled yet. Please compile the "
                         "model with `model.compile()` before calling `model_to_estimator()`.")
    if not keras_model.built:
        raise ValueError("tf1's model_to_estimator needs a built model (give the first layer an "
                         "`input_shape`).")
    model_fn = _KerasModelFn(keras_model)

    def keras_model_fn(features, labels, mode):
        return model_fn(features, labels, mode)

    # The model directory is settled first: the Keras weights are saved inside it.
    config = _config_with_model_dir(config, model_dir)
    warm_start_path = model_fn.save_first_checkpoint(config.model_dir) if config.is_chief else None
    return t.estimator.Estimator(keras_model_fn, config=config, warm_start_from=warm_start_path)
