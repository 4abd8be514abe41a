"""Complex numbers: `tf.complex`, `tf.real`, `tf.imag`, `tf.angle` and the ComplexAbs op behind `tf.abs`
of a complex tensor (`math_ops.abs` creates it; it is registered here)."""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, registry
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, op_output
from . import array_ops
from ._common import broadcast_shapes, in_shape


def _real_out(op):
    return [(op._attrs["Tout"], in_shape(op))]


registry.register("Complex", lambda op: [(op._attrs["Tout"], broadcast_shapes(in_shape(op, 0), in_shape(op, 1), op))],
                  lambda ctx, op, re, im: jax.lax.complex(jnp.asarray(re), jnp.asarray(im)))
registry.register("Real", _real_out, lambda ctx, op, z: jnp.real(z))
registry.register("Imag", _real_out, lambda ctx, op, z: jnp.imag(z))
registry.register("Angle", _real_out, lambda ctx, op, z: jnp.angle(z))
registry.register("ComplexAbs", _real_out, lambda ctx, op, z: jnp.abs(z))


@export("complex", "dtypes.complex")
def complex(real, imag, name=None):  # noqa: A001 -- TF's name
    real = convert_to_tensor(real, name="real")
    imag = convert_to_tensor(imag, name="imag")
    with name_scope(name, "Complex", [real, imag]) as scope:
        types = (real.dtype.base_dtype, imag.dtype.base_dtype)
        if types == (dtypes.float64, dtypes.float64):
            tout = dtypes.complex128
        elif types == (dtypes.float32, dtypes.float32):
            tout = dtypes.complex64
        else:
            # TF 1.15's wording (2.x rephrased it).
            raise TypeError("real and imag have incorrect types: %s %s" % (types[0].name, types[1].name))
        return op_output("Complex", [real, imag], {"T": types[0], "Tout": tout}, name=scope)


def _part(op_type, default_name, on_real):
    def fn(input, name=None):  # noqa: A002 -- TF's argument name
        with name_scope(name, default_name, [input]) as scope:
            x = convert_to_tensor(input, name="input")
            if x.dtype.is_complex:
                return op_output(op_type, [x], {"T": x.dtype.base_dtype, "Tout": x.dtype.real_dtype},
                                 name=scope)
            return on_real(x)
    fn.__name__ = default_name.lower()
    return fn


def _angle_of_real(x):
    # TF: pi where negative, else 0 (the argument of a real number).
    return select_v1(x < 0, np.pi * array_ops.ones_like(x), array_ops.zeros_like(x))


def select_v1(condition, x, y, name=None):
    from .elementwise_ops import where
    return where(condition, x, y, name=name)


real = export("real", "math.real")(_part("Real", "Real", lambda x: x))
imag = export("imag", "math.imag")(_part("Imag", "Imag", lambda x: array_ops.zeros_like(x)))
angle = export("angle", "math.angle")(_part("Angle", "Angle", _angle_of_real))
