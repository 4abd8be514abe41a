"""`tf.estimator`: Estimator, EstimatorSpec, RunConfig, numpy input functions, canned estimators."""
