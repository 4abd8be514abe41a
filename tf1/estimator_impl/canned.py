"""Canned estimators with TF 1.15's variable names (`linear/linear_model/<col>/weights`,
`dnn/hiddenlayer_<i>/kernel`, `dnn/logits/bias`, `baseline/bias`, ...) and default optimizers
(Linear: Ftrl at min(0.2, 1/sqrt(#columns)); DNN: Adagrad at 0.05; combined: Ftrl at
min(0.005, 1/sqrt(#linear columns)) and Adagrad at 0.001; Baseline: Ftrl at 0.3)."""
import math

from ..api import export
from ..feature_column_impl.columns import input_layer, linear_model
from ..api import public as tf
from . import head_export
from .estimator import Estimator
from .heads import BinaryLogisticHead, MultiClassHead, RegressionHead
from .mode_keys import ModeKeys

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


def _classification_head(n_classes, weight_column, label_vocabulary):
    if weight_column is not None or label_vocabulary is not None:
        raise NotImplementedError("weight_column and label_vocabulary are not supported")
    if n_classes < 2:
        raise ValueError("n_classes must be > 1 for classification: {}".format(n_classes))
    return BinaryLogisticHead() if n_classes == 2 else MultiClassHead(n_classes)


def _regression_head(label_dimension, weight_column):
    if weight_column is not None:
        raise NotImplementedError("weight_column is not supported")
    return RegressionHead(label_dimension)


def _hidden_summary(value, tag):
    t = tf()
    t.summary.scalar("%s/fraction_of_zero_values" % tag, t.nn.zero_fraction(value))
    t.summary.histogram("%s/activation" % tag, value)


def _dnn_logits(features, feature_columns, hidden_units, units, activation_fn, dropout, mode):
    """TF 1.15's dnn_logit_fn, inside the caller's 'dnn' scope: input_from_feature_columns,
    hiddenlayer_<i> (glorot-uniform dense + activation, dropout when training), logits."""
    t = tf()
    activation = activation_fn or t.nn.relu
    with t.variable_scope("input_from_feature_columns"):
        net = input_layer(features, feature_columns)
    for layer_id, num_units in enumerate(hidden_units):
        with t.variable_scope("hiddenlayer_%d" % layer_id, values=(net,)) as scope:
            net = t.layers.dense(net, num_units, activation=activation,
                                 kernel_initializer=t.glorot_uniform_initializer(), name=scope)
            if dropout is not None and mode == ModeKeys.TRAIN:
                net = t.layers.dropout(net, rate=dropout, training=True)
        _hidden_summary(net, scope.name)
    with t.variable_scope("logits", values=(net,)) as scope:
        logits = t.layers.dense(net, units, activation=None, kernel_initializer=t.glorot_uniform_initializer(),
                                name=scope)
    _hidden_summary(logits, scope.name)
    return logits


def _linear_model_fn(head, feature_columns, optimizer, sparse_combiner):
    def _model_fn(features, labels, mode, config):
        t = tf()
        _check_features(features)
        with t.variable_scope("linear", values=tuple(features.values())):
            logits = linear_model(features, feature_columns, units=head.logits_dimension,
                                  sparse_combiner=sparse_combiner)
            opt = _optimizer(optimizer, min(0.2, 1.0 / math.sqrt(len(feature_columns))))
            return head_export.create_estimator_spec(head, features, mode, logits, labels, opt)
    return _model_fn


def _dnn_model_fn(head, hidden_units, feature_columns, optimizer, activation_fn, dropout, batch_norm):
    if batch_norm:
        raise NotImplementedError("batch_norm is not supported")

    def _model_fn(features, labels, mode, config):
        t = tf()
        _check_features(features)
        with t.variable_scope("dnn", values=tuple(features.values())):
            logits = _dnn_logits(features, feature_columns, hidden_units, head.logits_dimension, activation_fn,
                                 dropout, mode)
            return head_export.create_estimator_spec(head, features, mode, logits, labels,
                                                     _optimizer(optimizer, 0.05))
    return _model_fn


@export("estimator.LinearRegressor")
class LinearRegressor(Estimator):
    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl",
                 config=None, partitioner=None, warm_start_from=None, loss_reduction=None, sparse_combiner="sum"):
        head = _regression_head(label_dimension, weight_column)
        super().__init__(model_fn=_linear_model_fn(head, tuple(feature_columns), optimizer, sparse_combiner),
                         model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@export("estimator.LinearClassifier")
class LinearClassifier(Estimator):
    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None,
                 optimizer="Ftrl", config=None, partitioner=None, warm_start_from=None, loss_reduction=None,
                 sparse_combiner="sum"):
        head = _classification_head(n_classes, weight_column, label_vocabulary)
        super().__init__(model_fn=_linear_model_fn(head, tuple(feature_columns), optimizer, sparse_combiner),
                         model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@export("estimator.DNNClassifier")
class DNNClassifier(Estimator):
    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Adagrad", activation_fn=None, dropout=None,
                 input_layer_partitioner=None, config=None, warm_start_from=None, loss_reduction=None,
                 batch_norm=False):
        head = _classification_head(n_classes, weight_column, label_vocabulary)
        super().__init__(model_fn=_dnn_model_fn(head, hidden_units, tuple(feature_columns), optimizer,
                                                activation_fn, dropout, batch_norm),
                         model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@export("estimator.DNNRegressor")
class DNNRegressor(Estimator):
    def __init__(self, hidden_units, feature_columns, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Adagrad", activation_fn=None, dropout=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False):
        head = _regression_head(label_dimension, weight_column)
        super().__init__(model_fn=_dnn_model_fn(head, hidden_units, tuple(feature_columns), optimizer,
                                                activation_fn, dropout, batch_norm),
                         model_dir=model_dir, config=config, warm_start_from=warm_start_from)


# -- DNN + linear ("wide and deep") --------------------------------------------------------------------------
_DNN_LEARNING_RATE = 0.001
_LINEAR_LEARNING_RATE = 0.005


def _combined_model_fn(head, linear_feature_columns, linear_optimizer, dnn_feature_columns, dnn_optimizer,
                       dnn_hidden_units, dnn_activation_fn, dnn_dropout, batch_norm, linear_sparse_combiner):
    """Logits = dnn logits + linear logits; each part steps with its own optimizer over the trainable
    variables of its scope, and the global step advances once after both (TF 1.15's model_fn)."""
    if not linear_feature_columns and not dnn_feature_columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be defined.")
    if dnn_feature_columns and not dnn_hidden_units:
        raise ValueError("dnn_hidden_units must be defined when dnn_feature_columns is specified.")
    if batch_norm:
        raise NotImplementedError("batch_norm is not supported")

    def _model_fn(features, labels, mode, config):
        t = tf()
        _check_features(features)
        parts = []  # (logits, optimizer, absolute scope name)
        if dnn_feature_columns:
            opt = _optimizer(dnn_optimizer, _DNN_LEARNING_RATE)
            with t.variable_scope("dnn", values=tuple(features.values())) as scope:
                parts.append((_dnn_logits(features, dnn_feature_columns, dnn_hidden_units, head.logits_dimension,
                                          dnn_activation_fn, dnn_dropout, mode), opt, scope.name))
        if linear_feature_columns:
            opt = _optimizer(linear_optimizer,
                             min(_LINEAR_LEARNING_RATE, 1.0 / math.sqrt(len(linear_feature_columns))))
            with t.variable_scope("linear", values=tuple(features.values())) as scope:
                logits = linear_model(features, linear_feature_columns, units=head.logits_dimension,
                                      sparse_combiner=linear_sparse_combiner)
                _hidden_summary(logits, scope.name)
            parts.append((logits, opt, scope.name))
        logits = parts[0][0] + parts[1][0] if len(parts) == 2 else parts[0][0]

        def _train_op_fn(loss):
            train_ops = [opt.minimize(loss, var_list=t.get_collection(t.GraphKeys.TRAINABLE_VARIABLES, scope=name))
                         for _, opt, name in parts]
            with t.control_dependencies([t.group(*train_ops)]):
                return t.assign_add(t.train.get_global_step(), 1).op

        return head_export.create_estimator_spec(head, features, mode, logits, labels, train_op_fn=_train_op_fn)
    return _model_fn


@export("estimator.DNNLinearCombinedClassifier")
class DNNLinearCombinedClassifier(Estimator):
    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl", dnn_feature_columns=None,
                 dnn_optimizer="Adagrad", dnn_hidden_units=None, dnn_activation_fn=None, dnn_dropout=None,
                 n_classes=2, weight_column=None, label_vocabulary=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False, linear_sparse_combiner="sum"):
        head = _classification_head(n_classes, weight_column, label_vocabulary)
        super().__init__(model_fn=_combined_model_fn(
            head, tuple(linear_feature_columns or ()), linear_optimizer, tuple(dnn_feature_columns or ()),
            dnn_optimizer, dnn_hidden_units, dnn_activation_fn, dnn_dropout, batch_norm, linear_sparse_combiner),
            model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@export("estimator.DNNLinearCombinedRegressor")
class DNNLinearCombinedRegressor(Estimator):
    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl", dnn_feature_columns=None,
                 dnn_optimizer="Adagrad", dnn_hidden_units=None, dnn_activation_fn=None, dnn_dropout=None,
                 label_dimension=1, weight_column=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False, linear_sparse_combiner="sum"):
        head = _regression_head(label_dimension, weight_column)
        super().__init__(model_fn=_combined_model_fn(
            head, tuple(linear_feature_columns or ()), linear_optimizer, tuple(dnn_feature_columns or ()),
            dnn_optimizer, dnn_hidden_units, dnn_activation_fn, dnn_dropout, batch_norm, linear_sparse_combiner),
            model_dir=model_dir, config=config, warm_start_from=warm_start_from)


# -- Baseline: one bias per logit, ignoring the features ---------------------------------------------------------
def _baseline_model_fn(head, optimizer):
    def _model_fn(features, labels, mode, config):
        t = tf()
        # The bias is broadcast over the batch, whose size is the features' first dimension.
        tensors = list(features.values()) if isinstance(features, dict) else [features]
        batch_size = t.shape(tensors[0])[0]
        checks = [t.assert_equal(batch_size, t.shape(x)[0]) for x in tensors[1:]]
        with t.control_dependencies(checks):
            with t.variable_scope("baseline"):
                bias = t.get_variable("bias", shape=[head.logits_dimension], initializer=t.zeros_initializer())
                logits = t.multiply(bias, t.ones(t.stack([batch_size, head.logits_dimension])))
        return head_export.create_estimator_spec(head, features, mode, logits, labels, _optimizer(optimizer, 0.3))
    return _model_fn


@export("estimator.BaselineClassifier")
class BaselineClassifier(Estimator):
    def __init__(self, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None, optimizer="Ftrl",
                 config=None, loss_reduction=None):
        head = _classification_head(n_classes, weight_column, label_vocabulary)
        super().__init__(model_fn=_baseline_model_fn(head, optimizer), model_dir=model_dir, config=config)


@export("estimator.BaselineRegressor")
class BaselineRegressor(Estimator):
    def __init__(self, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl", config=None,
                 loss_reduction=None):
        head = _regression_head(label_dimension, weight_column)
        super().__init__(model_fn=_baseline_model_fn(head, optimizer), model_dir=model_dir, config=config)
