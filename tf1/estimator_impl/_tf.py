"""The public `tf1` namespace, fetched lazily: the estimator is a client of the graph API, built on
its public names (as tensorflow_estimator is a separate package built on TF's)."""
import sys


def tf():
    return sys.modules["tf1"]
