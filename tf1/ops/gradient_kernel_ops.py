"""Op types that only TensorFlow's own gradient graphs contain.

tf1 differentiates with one `SymbolicGradient` op, so it never builds these; they are registered so
that a graph TF built for training (a `.meta` from `tf.train.Saver`, a GraphDef) imports into tf1 and
keeps training. Gradient kernels proper (ReluGrad, ...) are added here as imported graphs need them.
"""
import numpy as np

from ..framework import errors, registry
from ._common import TensorShape, in_dtype


def _broadcast_gradient_args(ctx, op, s0, s1):
    """The axes each input was broadcast along, to reduce its gradient over (TF's BCast rules)."""
    try:
        a, b = [int(d) for d in np.asarray(s0)], [int(d) for d in np.asarray(s1)]
    except Exception:  # a traced shape: its value is only known inside XLA
        raise errors.UnimplementedError(None, op, "BroadcastGradientArgs needs statically known shapes "
                                                  "in tf1") from None
    n = max(len(a), len(b))
    a, b = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    r0, r1 = [], []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x != 1 and y != 1:
            raise errors.InvalidArgumentError(None, op, "Incompatible shapes: [%s] vs. [%s]" % (
                ",".join(map(str, np.asarray(s0))), ",".join(map(str, np.asarray(s1)))))
        # TF's BCast: a side whose dimension is 1 is reduced there (both sides when both are 1).
        if x == 1:
            r0.append(i)
        if y == 1:
            r1.append(i)
    dt = in_dtype(op).as_numpy_dtype
    return np.array(r0, dtype=dt), np.array(r1, dtype=dt)


registry.register("BroadcastGradientArgs",
                  lambda op: [(in_dtype(op), TensorShape([None])), (in_dtype(op), TensorShape([None]))],
                  _broadcast_gradient_args, differentiable=False)
