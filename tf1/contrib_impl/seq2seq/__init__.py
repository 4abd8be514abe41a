"""`tf.contrib.seq2seq` (TF 1.15): sequence_loss, helpers, BasicDecoder, dynamic_decode, attention."""
