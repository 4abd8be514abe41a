"""`keras.wrappers.scikit_learn`: KerasClassifier / KerasRegressor (TF 1.15's wrappers).

Duck-typed scikit-learn estimators (get_params/set_params/fit/predict/score): scikit-learn itself is
never imported. `sk_params` mixes the arguments of `build_fn` and of the model's fit / predict /
predict_classes / evaluate; each call receives the subset its function names.
"""
import copy
import inspect
import types

import numpy as np

from tf1.api import export
from tf1.keras_impl.utils import to_categorical

# The named parameters of TF 1.15's Sequential methods (tf1's own take **kwargs, so the wrapper's
# filtering by name follows TF's signatures rather than introspecting ours).
_FIT_ARGS = ("self", "x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
             "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
             "steps_per_epoch", "validation_steps", "validation_freq", "max_queue_size", "workers",
             "use_multiprocessing")
_PREDICT_ARGS = ("self", "x", "batch_size", "verbose", "steps", "callbacks", "max_queue_size",
                 "workers", "use_multiprocessing")
_PREDICT_CLASSES_ARGS = ("self", "x", "batch_size", "verbose")
_EVALUATE_ARGS = ("self", "x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks",
                  "max_queue_size", "workers", "use_multiprocessing")
_MODEL_METHOD_ARGS = (_FIT_ARGS, _PREDICT_ARGS, _PREDICT_CLASSES_ARGS, _EVALUATE_ARGS)


def _arg_names(fn):
    """Keras' `has_arg` (accept_all=False): named positional-or-keyword parameters only."""
    if isinstance(fn, tuple):
        return fn
    spec = inspect.getfullargspec(fn)
    return tuple(spec.args)


def _at_least_2d(y):
    """TF 1.15's fit/evaluate make 1-D target arrays (n, 1) (`standardize_input_data`); done here so
    the wrapper's label vectors feed tf1 models the same way."""
    y = np.asarray(y)
    return np.expand_dims(y, 1) if y.ndim == 1 else y


def _is_categorical_crossentropy(loss):
    return (loss == "categorical_crossentropy"
            or getattr(loss, "__name__", None) == "categorical_crossentropy"
            or type(loss).__name__ == "CategoricalCrossentropy"
            or getattr(getattr(loss, "fn", None), "__name__", None) == "categorical_crossentropy")


class BaseWrapper(object):
    """Base of the scikit-learn wrappers; `build_fn` is a function, a callable object, or None (then
    the subclass's `__call__` builds the model)."""

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_callable(self):
        if self.build_fn is None:
            return self.__call__, self.__call__
        if not isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
            return self.build_fn, self.build_fn.__call__
        return self.build_fn, self.build_fn

    def check_params(self, params):
        """Raises ValueError for a parameter no build/fit/predict/evaluate function takes."""
        legal = list(_MODEL_METHOD_ARGS) + [self._build_callable()[1]]
        for name in params:
            if not any(name in _arg_names(fn) for fn in legal) and name != "nb_epoch":
                raise ValueError("{} is not a legal parameter".format(name))

    def get_params(self, **params):
        res = copy.deepcopy(self.sk_params)
        res.update({"build_fn": self.build_fn})
        return res

    def set_params(self, **params):
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def fit(self, x, y, **kwargs):
        """Builds a fresh model with `build_fn` and fits it; returns the History."""
        build, signature = self._build_callable()
        self.model = build(**self.filter_sk_params(signature))
        if _is_categorical_crossentropy(self.model.loss) and len(y.shape) != 2:
            y = to_categorical(y)
        fit_args = copy.deepcopy(self.filter_sk_params(_FIT_ARGS))
        fit_args.update(kwargs)
        return self.model.fit(x, _at_least_2d(y), **fit_args)

    def filter_sk_params(self, fn, override=None):
        """The `sk_params` that `fn` names, updated with `override`."""
        names = _arg_names(fn)
        res = {name: value for name, value in self.sk_params.items() if name in names}
        res.update(override or {})
        return res


@export("keras.wrappers.scikit_learn.KerasClassifier",
        "contrib.keras.wrappers.scikit_learn.KerasClassifier")
class KerasClassifier(BaseWrapper):
    """scikit-learn classifier API: labels are mapped onto 0..n-1 (`classes_`) for training."""

    def fit(self, x, y, **kwargs):
        y = np.array(y)
        if len(y.shape) == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif (len(y.shape) == 2 and y.shape[1] == 1) or len(y.shape) == 1:
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError("Invalid shape for y: " + str(y.shape))
        self.n_classes_ = len(self.classes_)
        return super(KerasClassifier, self).fit(x, y, **kwargs)

    def predict(self, x, **kwargs):
        kwargs = self.filter_sk_params(_PREDICT_CLASSES_ARGS, kwargs)
        classes = self.model.predict_classes(x, **kwargs)
        return self.classes_[classes]

    def predict_proba(self, x, **kwargs):
        """Class probabilities; a single sigmoid column becomes `[1 - p, p]` as scikit-learn wants."""
        kwargs = self.filter_sk_params(_PREDICT_CLASSES_ARGS, kwargs)
        if hasattr(self.model, "predict_proba"):
            probs = self.model.predict_proba(x, **kwargs)
        else:  # Sequential.predict_proba (batch_size=32, verbose=0) is a plain predict
            probs = self.model.predict(x, batch_size=kwargs.get("batch_size", 32))
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x, y, **kwargs):
        """The model's accuracy metric on (x, y); the model must be compiled with it."""
        y = np.searchsorted(self.classes_, y)
        kwargs = self.filter_sk_params(_EVALUATE_ARGS, kwargs)
        loss_name = self.model.loss
        if hasattr(loss_name, "__name__"):
            loss_name = loss_name.__name__
        if loss_name == "categorical_crossentropy" and len(y.shape) != 2:
            y = to_categorical(y)
        outputs = self.model.evaluate(x, _at_least_2d(y), **kwargs)
        if not isinstance(outputs, list):
            outputs = [outputs]
        for name, output in zip(self.model.metrics_names, outputs):
            if name in ["accuracy", "acc"]:
                return output
        raise ValueError("The model is not configured to compute accuracy. You should pass "
                         '`metrics=["accuracy"]` to the `model.compile()` method.')


@export("keras.wrappers.scikit_learn.KerasRegressor",
        "contrib.keras.wrappers.scikit_learn.KerasRegressor")
class KerasRegressor(BaseWrapper):
    """scikit-learn regressor API: `score` is the negated loss (greater is better)."""

    def predict(self, x, **kwargs):
        kwargs = self.filter_sk_params(_PREDICT_ARGS, kwargs)
        return np.squeeze(self.model.predict(x, **kwargs))

    def score(self, x, y, **kwargs):
        kwargs = self.filter_sk_params(_EVALUATE_ARGS, kwargs)
        loss = self.model.evaluate(x, _at_least_2d(y), **kwargs)
        if isinstance(loss, list):
            return -loss[0]
        return -loss
