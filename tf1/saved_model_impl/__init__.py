"""TF 1.15's SavedModel API (`tf.saved_model.*`): builder, loader, signatures, constants."""
