"""TF 1.15's initializers (`tf.zeros_initializer`, `tf.glorot_uniform_initializer`, ...).

An initializer is called as `init(shape, dtype=None, partition_info=None)` and builds ops in the
current name scope, which `get_variable` sets to `<var>/Initializer/`; so a glorot-initialised `w`
gets TF's op names `w/Initializer/random_uniform/{shape,min,max,RandomUniform,sub,mul}` and
`w/Initializer/random_uniform`.
"""
import functools
import inspect
import math
import sys

import numpy as np

from ..api import export
from ..framework import dtypes, tensor_shape
from ..framework.graph import name_scope
from ..framework.tensor_conversion import op_output
from ..platform import tf_logging
from ._common import unary_fn
from . import array_ops, random_ops


def _keras_default(*names):
    """Publishes `tf.keras.initializers.*` names unless the Keras module already provides them."""
    from .. import api

    def deco(obj):
        for n in names:
            api._EXPORTS.setdefault(n, obj)
        return obj
    return deco


def _assert_float_dtype(dtype):
    if not dtype.is_floating:
        raise ValueError("Expected floating point type, got %s." % dtype)
    return dtype


def _as_list(shape):
    if isinstance(shape, tensor_shape.TensorShape):
        return shape.as_list()
    return list(shape)


def _full_shape(shape, partition_info):
    """The shape of the whole variable (a partition scales like the variable it is part of)."""
    return _as_list(shape if partition_info is None else partition_info.full_shape)


def _compute_fans(shape):
    """Fan-in and fan-out of a weight shape (conv kernels count their receptive field)."""
    if len(shape) < 1:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    elif len(shape) == 2:
        fan_in, fan_out = shape[0], shape[1]
    else:
        receptive_field_size = 1
        for dim in shape[:-2]:
            receptive_field_size *= dim
        fan_in = shape[-2] * receptive_field_size
        fan_out = shape[-1] * receptive_field_size
    return int(fan_in), int(fan_out)


_DTYPE_NOTICE = "Call initializer instance with the dtype argument instead of passing it to the constructor"


def _deprecated_dtype_arg(init, name):
    """TF 1.15's `@deprecated_args(None, _DTYPE_NOTICE, "dtype")` on the `__init__` of `name`: a dtype
    passed explicitly (keyword or position, even the default) is warned about once per class, naming
    the caller. Calls from tf1's own modules stay silent, as the project's other deprecation notices
    do (tf1's internals stand for TF's; TF 1.15's RMSProp and RNN cells would warn from its files)."""
    position = list(inspect.signature(init).parameters).index("dtype")  # counts `self`

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        if (("dtype" in kwargs or len(args) >= position)
                and not sys._getframe(1).f_code.co_filename.startswith(tf_logging.TF1_DIR)):
            tf_logging.warn_deprecated_arg(name + ".__init__", "tensorflow.python.ops.init_ops", "dtype",
                                           _DTYPE_NOTICE)
        init(self, *args, **kwargs)
    return __init__


@export("initializers.Initializer")
@_keras_default("keras.initializers.Initializer")
class Initializer:
    """Base class of initializers."""

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("dtype", None)
        return cls(**config)


class _Fill(Initializer):
    """An initializer filling the shape with one value through `_fill` (`array_ops.zeros`/`ones`)."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return self._fill(shape, self.dtype if dtype is None else dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


@export("zeros_initializer", "initializers.zeros")
@_keras_default("keras.initializers.Zeros", "keras.initializers.zeros")
class Zeros(_Fill):
    _fill = staticmethod(array_ops.zeros)
    __init__ = _deprecated_dtype_arg(_Fill.__init__, "Zeros")


@export("ones_initializer", "initializers.ones")
@_keras_default("keras.initializers.Ones", "keras.initializers.ones")
class Ones(_Fill):
    _fill = staticmethod(array_ops.ones)
    __init__ = _deprecated_dtype_arg(_Fill.__init__, "Ones")


@export("constant_initializer", "initializers.constant")
@_keras_default("keras.initializers.Constant", "keras.initializers.constant")
class Constant(Initializer):
    """`constant_initializer(value=0, dtype=float32, verify_shape=False)`.

    A positional second argument is the dtype: `constant_initializer(0, 1)` means dtype enum 1,
    i.e. float32, as in TF.
    """

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError("Invalid type for initial value: %s (expected Python scalar, list or tuple of "
                            "values, or numpy.ndarray)." % type(value))
        self.value = value
        self.dtype = dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        if dtype is None:
            dtype = self.dtype
        if verify_shape is None:
            verify_shape = self._verify_shape
        return array_ops.constant(self.value, dtype=dtype, shape=shape, verify_shape=verify_shape)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name}


@export("random_uniform_initializer", "initializers.random_uniform")
class RandomUniform(Initializer):
    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        self.minval = minval
        self.maxval = maxval
        self.seed = seed
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_uniform(shape, self.minval, self.maxval,
                                         self.dtype if dtype is None else dtype, seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class _Normal(Initializer):
    """A (truncated) normal initializer; `_sample` is `random_ops.random_normal`/`truncated_normal`."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean = mean
        self.stddev = stddev
        self.seed = seed
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        return self._sample(shape, self.mean, self.stddev, self.dtype if dtype is None else dtype,
                            seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed, "dtype": self.dtype.name}


@export("random_normal_initializer", "initializers.random_normal")
class RandomNormal(_Normal):
    _sample = staticmethod(random_ops.random_normal)
    __init__ = _deprecated_dtype_arg(_Normal.__init__, "RandomNormal")


@export("truncated_normal_initializer", "initializers.truncated_normal")
class TruncatedNormal(_Normal):
    _sample = staticmethod(random_ops.truncated_normal)
    __init__ = _deprecated_dtype_arg(_Normal.__init__, "TruncatedNormal")


@export("uniform_unit_scaling_initializer", "initializers.uniform_unit_scaling")
class UniformUnitScaling(Initializer):
    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        self.factor = factor
        self.seed = seed
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        if dtype is None:
            dtype = self.dtype
        scale_shape = _full_shape(shape, partition_info)
        input_size = 1.0
        for dim in scale_shape[:-1]:
            input_size *= float(dim)
        input_size = max(input_size, 1.0)
        max_val = math.sqrt(3 / input_size) * self.factor
        return random_ops.random_uniform(shape, -max_val, max_val, dtype, seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


@export("variance_scaling_initializer", "initializers.variance_scaling")
@_keras_default("keras.initializers.VarianceScaling")
class VarianceScaling(Initializer):
    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=dtypes.float32):
        if scale <= 0.:
            raise ValueError("`scale` must be positive float.")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError("Invalid `mode` argument:", mode)
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError("Invalid `distribution` argument:", distribution)
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.seed = seed
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        if dtype is None:
            dtype = self.dtype
        scale = self.scale
        scale_shape = _full_shape(shape, partition_info)
        fan_in, fan_out = _compute_fans(scale_shape)
        if self.mode == "fan_in":
            scale /= max(1., fan_in)
        elif self.mode == "fan_out":
            scale /= max(1., fan_out)
        else:
            scale /= max(1., (fan_in + fan_out) / 2.)
        if self.distribution in ("normal", "truncated_normal"):
            # constant taken from scipy.stats.truncnorm.std(a=-2, b=2, loc=0., scale=1.)
            stddev = math.sqrt(scale) / .87962566103423978
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


# Orthogonal builds `Qr` and `DiagPart` ops, registered by linalg_ops.
from . import linalg_ops  # noqa: E402,F401


@export("orthogonal_initializer", "initializers.orthogonal")
@_keras_default("keras.initializers.Orthogonal", "keras.initializers.orthogonal")
class Orthogonal(Initializer):
    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        self.gain = gain
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))
        self.seed = seed

    def __call__(self, shape, dtype=None, partition_info=None):
        if dtype is None:
            dtype = self.dtype
        shape = _as_list(shape)
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        num_rows = 1
        for dim in shape[:-1]:
            num_rows *= dim
        num_rows, num_cols = int(num_rows), int(shape[-1])
        flat_shape = (num_cols, num_rows) if num_rows < num_cols else (num_rows, num_cols)
        a = random_ops.random_normal(flat_shape, dtype=dtype, seed=self.seed)
        qr = a.graph.create_op("Qr", [a], attrs={"T": a.dtype.base_dtype, "full_matrices": False},
                               name="Qr")
        q, r = qr.outputs
        d = op_output("DiagPart", [r], {"T": r.dtype.base_dtype}, name="DiagPart")
        q *= unary_fn("Sign")(d)
        if num_rows < num_cols:
            with name_scope("matrix_transpose"):
                q = array_ops.transpose(q, perm=[1, 0], name="transpose")
        return self.gain * array_ops.reshape(q, shape)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


@export("initializers.identity")
@_keras_default("keras.initializers.Identity", "keras.initializers.identity")
class Identity(Initializer):
    def __init__(self, gain=1.0, dtype=dtypes.float32):
        self.gain = gain
        self.dtype = _assert_float_dtype(dtypes.as_dtype(dtype))

    def __call__(self, shape, dtype=None, partition_info=None):
        full_shape = _full_shape(shape, partition_info)
        if len(full_shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        if dtype is None:
            dtype = self.dtype
        dtype = dtypes.as_dtype(dtype)
        with name_scope("eye"):
            init = array_ops.constant(np.eye(*full_shape, dtype=dtype.as_numpy_dtype), dtype=dtype,
                                      name="MatrixDiag")
        if partition_info is not None:
            off, shp = partition_info.var_offset, _as_list(shape)
            init = array_ops.constant(np.eye(*full_shape)[off[0]:off[0] + shp[0], off[1]:off[1] + shp[1]],
                                      dtype=dtype, name="Slice")
        return self.gain * init

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


class _Glorot(VarianceScaling):
    """Glorot & Bengio's initializer: variance scaling over `fan_avg` with this class's `_distribution`."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        # VarianceScaling's own (undecorated) __init__: TF warns about the Glorot class only.
        VarianceScaling.__init__.__wrapped__(self, scale=1.0, mode="fan_avg", distribution=self._distribution,
                                             seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


@export("glorot_uniform_initializer", "initializers.glorot_uniform")
@_keras_default("keras.initializers.glorot_uniform")
class GlorotUniform(_Glorot):
    _distribution = "uniform"
    __init__ = _deprecated_dtype_arg(_Glorot.__init__, "GlorotUniform")


@export("glorot_normal_initializer", "initializers.glorot_normal")
@_keras_default("keras.initializers.glorot_normal")
class GlorotNormal(_Glorot):
    _distribution = "truncated_normal"
    __init__ = _deprecated_dtype_arg(_Glorot.__init__, "GlorotNormal")


@export("initializers.lecun_normal")
@_keras_default("keras.initializers.lecun_normal")
def lecun_normal(seed=None):
    return VarianceScaling(scale=1., mode="fan_in", distribution="truncated_normal", seed=seed)


@export("initializers.lecun_uniform")
@_keras_default("keras.initializers.lecun_uniform")
def lecun_uniform(seed=None):
    return VarianceScaling(scale=1., mode="fan_in", distribution="uniform", seed=seed)


@export("initializers.he_normal")
@_keras_default("keras.initializers.he_normal")
def he_normal(seed=None):
    return VarianceScaling(scale=2., mode="fan_in", distribution="truncated_normal", seed=seed)


@export("initializers.he_uniform")
@_keras_default("keras.initializers.he_uniform")
def he_uniform(seed=None):
    return VarianceScaling(scale=2., mode="fan_in", distribution="uniform", seed=seed)


# Keras's own classes keep TF's maths but Keras's smaller default ranges.
@_keras_default("keras.initializers.RandomNormal", "keras.initializers.normal",
                "keras.initializers.random_normal")
class KerasRandomNormal(RandomNormal):
    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


@_keras_default("keras.initializers.RandomUniform", "keras.initializers.uniform",
                "keras.initializers.random_uniform")
class KerasRandomUniform(RandomUniform):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(minval=minval, maxval=maxval, seed=seed, dtype=dtype)


@_keras_default("keras.initializers.TruncatedNormal", "keras.initializers.truncated_normal")
class KerasTruncatedNormal(TruncatedNormal):
    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


for _cls in (Constant, RandomUniform, UniformUnitScaling, VarianceScaling, Orthogonal, Identity):
    _cls.__init__ = _deprecated_dtype_arg(_cls.__init__, _cls.__name__)

zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
uniform_unit_scaling_initializer = UniformUnitScaling
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal
identity_initializer = Identity

_BY_NAME = {"zeros": Zeros, "ones": Ones, "constant": Constant, "random_uniform": RandomUniform,
            "random_normal": RandomNormal, "truncated_normal": TruncatedNormal,
            "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "orthogonal": Orthogonal,
            "identity": Identity, "variance_scaling": VarianceScaling, "he_normal": he_normal,
            "he_uniform": he_uniform, "lecun_normal": lecun_normal, "lecun_uniform": lecun_uniform}


@_keras_default("keras.initializers.get")
def get(identifier):
    """An initializer from a name, a config dict or an initializer (Keras's `initializers.get`)."""
    if identifier is None or callable(identifier) and not isinstance(identifier, str):
        return identifier
    if isinstance(identifier, dict):
        cls = _BY_NAME[_snake(identifier["class_name"])]
        return cls(**identifier.get("config", {}))
    if isinstance(identifier, str):
        key = _snake(identifier)
        if key not in _BY_NAME:
            raise ValueError("Unknown initializer: " + identifier)
        return _BY_NAME[key]()
    raise ValueError("Could not interpret initializer identifier: " + str(identifier))


def _snake(name):
    import re
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()
