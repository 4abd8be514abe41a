"""Canned estimators: `LinearRegressor` and `DNNClassifier` with TF 1.15's variable names
(`linear/linear_model/<col>/weights`, `dnn/hiddenlayer_<i>/kernel`, `dnn/logits/bias`, ...) and
default optimizers (Ftrl at min(0.2, 1/sqrt(#columns)); Adagrad at 0.05)."""
import math

from ..api import export
from ..feature_column_impl.columns import input_layer, linear_model
from ..api import public as tf
from .estimator import Estimator
from .heads import BinaryLogisticHead, MultiClassHead, RegressionHead

_OPTIMIZERS = {"Adagrad": "AdagradOptimizer", "Adam": "AdamOptimizer", "Ftrl": "FtrlOptimizer",
               "RMSProp": "RMSPropOptimizer", "SGD": "GradientDescentOptimizer"}


def _optimizer(optimizer, learning_rate):
    t = tf()
    if isinstance(optimizer, str):
        if optimizer not in _OPTIMIZERS:
            raise ValueError("Unsupported optimizer name: {}. Supported names are: {}".format(
                optimizer, tuple(sorted(_OPTIMIZERS))))
        return getattr(t.train, _OPTIMIZERS[optimizer])(learning_rate=learning_rate)
    if callable(optimizer) and not isinstance(optimizer, t.train.Optimizer):
        optimizer = optimizer()
    if not isinstance(optimizer, t.train.Optimizer):
        raise ValueError("The given object is not an Optimizer instance. Given: {}".format(optimizer))
    return optimizer


def _check_features(features):
    if not isinstance(features, dict):
        raise ValueError("features should be a dictionary of `Tensor`s. Given type: {}".format(type(features)))


@export("estimator.LinearRegressor")
class LinearRegressor(Estimator):
    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl",
                 config=None, partitioner=None, warm_start_from=None, loss_reduction=None, sparse_combiner="sum"):
        if weight_column is not None:
            raise NotImplementedError("weight_column is not supported")
        feature_columns = tuple(feature_columns)
        head = RegressionHead(label_dimension)

        def _model_fn(features, labels, mode, config):
            t = tf()
            _check_features(features)
            with t.variable_scope("linear", values=tuple(features.values())):
                logits = linear_model(features, feature_columns, units=head.logits_dimension,
                                      sparse_combiner=sparse_combiner)
                opt = _optimizer(optimizer, min(0.2, 1.0 / math.sqrt(len(feature_columns))))
                return head.create_estimator_spec(features, mode, logits, labels, opt)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@export("estimator.DNNClassifier")
class DNNClassifier(Estimator):
    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Adagrad", activation_fn=None, dropout=None,
                 input_layer_partitioner=None, config=None, warm_start_from=None, loss_reduction=None,
                 batch_norm=False):
        if weight_column is not None or label_vocabulary is not None or batch_norm:
            raise NotImplementedError("weight_column, label_vocabulary and batch_norm are not supported")
        if n_classes < 2:
            raise ValueError("n_classes must be > 1 for classification: {}".format(n_classes))
        feature_columns = tuple(feature_columns)
        head = BinaryLogisticHead() if n_classes == 2 else MultiClassHead(n_classes)

        def _model_fn(features, labels, mode, config):
            t = tf()
            _check_features(features)
            activation = activation_fn or t.nn.relu
            with t.variable_scope("dnn", values=tuple(features.values())):
                with t.variable_scope("input_from_feature_columns"):
                    net = input_layer(features, feature_columns)
                for layer_id, units in enumerate(hidden_units):
                    with t.variable_scope("hiddenlayer_%d" % layer_id, values=(net,)) as scope:
                        net = t.layers.dense(net, units, activation=activation,
                                             kernel_initializer=t.glorot_uniform_initializer(), name=scope)
                        if dropout is not None and mode == "train":
                            net = t.layers.dropout(net, rate=dropout, training=True)
                    _hidden_summary(net, scope.name)
                with t.variable_scope("logits", values=(net,)) as scope:
                    logits = t.layers.dense(net, head.logits_dimension, activation=None,
                                            kernel_initializer=t.glorot_uniform_initializer(), name=scope)
                _hidden_summary(logits, scope.name)
                return head.create_estimator_spec(features, mode, logits, labels, _optimizer(optimizer, 0.05))

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


def _hidden_summary(value, tag):
    t = tf()
    t.summary.scalar("%s/fraction_of_zero_values" % tag, t.nn.zero_fraction(value))
    t.summary.histogram("%s/activation" % tag, value)
