"""`tf.estimator.inputs.numpy_input_fn`: feeds numpy arrays (a dict of them, or one) in batches.

Built on tf.data (TF 1.15 used a queue-backed feeding function; the batches, epochs and the
end-of-input OutOfRangeError are the same, the shuffle order is not)."""
import collections

import numpy as np

from ..api import export
from ..api import public as tf


@export("estimator.inputs.numpy_input_fn")
def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000,
                   num_threads=1):
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is recommended to set "
                         "it as True for training); got {}".format(shuffle))

    def input_fn():
        t = tf()
        if isinstance(x, dict):
            features = collections.OrderedDict(sorted((k, np.asarray(v)) for k, v in x.items()))
        else:
            features = np.asarray(x)
        lengths = {len(v) for v in (features.values() if isinstance(features, dict) else [features])}
        if y is not None:
            if isinstance(y, dict):
                lengths |= {len(np.asarray(v)) for v in y.values()}
            else:
                lengths.add(len(np.asarray(y)))
        if len(lengths) != 1:
            raise ValueError("Length of tensors in x and y is mismatched. All elements in x and y must have "
                             "the same length.")
        n = lengths.pop()
        data = (features, y if not isinstance(y, dict) else dict(y)) if y is not None else (features,)
        ds = t.data.Dataset.from_tensor_slices(data)
        if shuffle:
            ds = ds.shuffle(queue_capacity if queue_capacity else n, seed=t.get_default_graph().seed)
        ds = ds.repeat(num_epochs).batch(batch_size)
        nxt = t.data.make_one_shot_iterator(ds).get_next()
        if y is None:
            return nxt[0] if isinstance(nxt, tuple) else nxt
        return nxt

    return input_fn
