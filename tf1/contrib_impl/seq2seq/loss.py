"""`tf.contrib.seq2seq.sequence_loss`: weighted softmax cross-entropy over [batch, time] targets."""
from ...api import export
from ...framework.graph import name_scope
from ...ops.rnn_cell_impl import _tf


@export("contrib.seq2seq.sequence_loss", "contrib.seq2seq.python.ops.loss.sequence_loss")
def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  sum_over_timesteps=False, sum_over_batch=False, softmax_loss_function=None, name=None):
    """Cross-entropy of `logits` [batch, time, classes] against `targets` [batch, time], weighted by
    `weights`; averaged (divided by the weight total) or summed-over (divided by the count of
    non-zero weights) across time and/or batch, giving rank 0, 1 or 2."""
    tf = _tf()
    if len(logits.get_shape()) != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if len(targets.get_shape()) != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if len(weights.get_shape()) != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at same time.")
    with name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = tf.shape(logits)[2]
        logits_flat = tf.reshape(logits, [-1, num_classes])
        targets = tf.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits_flat)
        else:
            crossent = softmax_loss_function(labels=targets, logits=logits_flat)
        crossent *= tf.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            crossent = tf.reduce_sum(crossent)
            crossent = tf.math.divide_no_nan(crossent, tf.reduce_sum(weights))
        elif sum_over_timesteps and sum_over_batch:
            crossent = tf.reduce_sum(crossent)
            total_count = tf.cast(tf.count_nonzero(weights), crossent.dtype)
            crossent = tf.math.divide_no_nan(crossent, total_count)
        else:
            crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
            if average_across_timesteps or average_across_batch:
                axis = [0] if average_across_batch else [1]
                crossent = tf.reduce_sum(crossent, axis=axis)
                crossent = tf.math.divide_no_nan(crossent, tf.reduce_sum(weights, axis=axis))
            elif sum_over_timesteps or sum_over_batch:
                axis = [0] if sum_over_batch else [1]
                crossent = tf.reduce_sum(crossent, axis=axis)
                total_count = tf.cast(tf.count_nonzero(weights, axis=axis), dtype=crossent.dtype)
                crossent = tf.math.divide_no_nan(crossent, total_count)
        return crossent
