"""`tf.feature_column`: columns turning a features dict into the dense input of a model."""
