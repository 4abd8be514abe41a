"""`tf.contrib.factorization`: k-means (`KMeans`, `KMeansClustering`) and Gaussian mixtures."""
