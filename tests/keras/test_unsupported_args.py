"""Keras arguments tf1 does not implement are never dropped silently: a warning names them, and
stateful RNNs (whose semantics would change) are refused. Implemented ones (regularizers, constraints,
RNN dropout, masking) warn no more."""
import logging

import pytest

import tf1 as tf


def test_implemented_arguments_do_not_warn(caplog):
    with caplog.at_level(logging.WARNING):
        with tf.Graph().as_default():
            tf.keras.layers.LSTM(4, dropout=0.2, recurrent_dropout=0.1, kernel_regularizer='l2')
            tf.keras.layers.Embedding(10, 3, mask_zero=True, embeddings_constraint='non_neg')
            tf.keras.layers.Dense(3, kernel_regularizer="l2", activity_regularizer='l1')
            tf.keras.layers.Conv2D(3, 3, bias_constraint=tf.keras.constraints.max_norm(1.))
            tf.keras.layers.GRU(3)
    assert [r.getMessage() for r in caplog.records if "does not implement" in r.getMessage()] == []


def test_stateful_rnn_is_refused():
    with pytest.raises(NotImplementedError, match="stateful=True"):
        tf.keras.layers.SimpleRNN(3, stateful=True)


def test_batch_normalization_renorm_warns(caplog):
    with caplog.at_level(logging.WARNING):
        with tf.Graph().as_default():
            tf.keras.layers.BatchNormalization(renorm=True, gamma_regularizer='l2')
    msgs = [r.getMessage() for r in caplog.records]
    assert msgs == ["tf1's Keras BatchNormalization does not implement renorm; the layer runs without it."]


def test_unknown_regularizer_and_constraint_names_raise():
    with pytest.raises(ValueError, match='Could not interpret regularizer identifier: l3'):
        tf.keras.layers.Dense(3, kernel_regularizer='l3')
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match='Could not interpret constraint identifier: positive'):
            tf.keras.layers.Dense(3, kernel_constraint='positive')(tf.keras.layers.Input((2,)))
