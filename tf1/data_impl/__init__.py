"""`tf.data` (TF 1.15's input pipelines) for tf1.

A `Dataset` is a graph op yielding a variant value; here that value is a host-side Python pipeline
(`pipelines.py`) over numpy elements. Iterators are per-Session resources (like queues) that the
host ops `MakeIterator`, `OneShotIterator` and `IteratorGetNext` create, restart and advance.
"""
