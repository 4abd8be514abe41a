"""Keras arguments tf1 does not implement are never dropped silently: a warning names them, and
stateful RNNs (whose semantics would change) are refused."""
import logging

import pytest

import tf1 as tf


def test_unimplemented_arguments_warn(caplog):
    with caplog.at_level(logging.WARNING):
        with tf.Graph().as_default():
            tf.keras.layers.LSTM(4, dropout=0.2, recurrent_dropout=0.1)
            tf.keras.layers.Embedding(10, 3, mask_zero=True)
            tf.keras.layers.GRU(3)  # nothing unimplemented: no warning
    msgs = [r.getMessage() for r in caplog.records]
    assert "tf1's Keras LSTM does not implement dropout, recurrent_dropout; the layer runs without them." in msgs
    assert "tf1's Keras Embedding does not implement mask_zero (masking); the layer runs without it." in msgs
    assert not any("GRU" in m for m in msgs)


def test_stateful_rnn_is_refused():
    with pytest.raises(NotImplementedError, match="stateful=True"):
        tf.keras.layers.SimpleRNN(3, stateful=True)


def test_regularizers_and_constraints_warn(caplog):
    with caplog.at_level(logging.WARNING):
        with tf.Graph().as_default():
            tf.keras.layers.Dense(3, kernel_regularizer="l2")
            tf.keras.layers.Conv2D(3, 3, bias_constraint="c")
            tf.keras.layers.BatchNormalization(renorm=True)
    msgs = [r.getMessage() for r in caplog.records]
    assert "tf1's Keras Dense does not implement kernel_regularizer; the layer runs without it." in msgs
    assert "tf1's Keras Conv2D does not implement bias_constraint; the layer runs without it." in msgs
    assert "tf1's Keras BatchNormalization does not implement renorm; the layer runs without it." in msgs
