"""`tf.contrib.factorization.WALSModel` / `WALSMatrixFactorization`: not provided.

TF 1.15's weighted alternating least squares runs on two custom kernels of the contrib factorization
library (`WALSComputePartialLhsAndRhs`, `MaskedMatmul`, in _factorization_ops.so) that TF 2.x no
longer ships, so there is no real TF to check a reimplementation against. Constructing either class
raises NotImplementedError naming what is missing.
"""
from ...api import export

_MESSAGE = ("tf.contrib.factorization.%s is not implemented in tf1: TF 1.15's WALS runs on the "
            "custom kernels WALSComputePartialLhsAndRhs and MaskedMatmul (contrib "
            "_factorization_ops.so), which tf1 does not provide. Use KMeans / KMeansClustering / "
            "GMM from tf.contrib.factorization, or a matrix factorization built from core ops.")


def _unavailable(name, module):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(_MESSAGE % name)
    cls = type(name, (object,), {"__init__": __init__, "__doc__": _MESSAGE % name})
    cls.__module__ = __name__
    return export("contrib.factorization." + name,
                  "contrib.factorization.python.ops.%s.%s" % (module, name))(cls)


WALSModel = _unavailable("WALSModel", "factorization_ops")
WALSMatrixFactorization = _unavailable("WALSMatrixFactorization", "wals")
