"""The op registry: one entry per TF op type, holding its build-time inference and its JAX lowering.

Like a JAX primitive (`jax/_src/lax/lax.py`), an op type is a name plus a few rules kept side by
side. Nothing else in tf1 knows about individual op types: the graph asks `infer`, the Session asks
`lower`, autodiff asks `differentiable`.

- `infer(op) -> [(dtype, shape), ...]`: output dtypes and static shapes from the op's inputs/attrs
  (raise ValueError/TypeError with TF's message for bad arguments).
- `lower(ctx, op, *inputs) -> value | tuple`: the op's computation with `jax.numpy`/`jax.lax` (or
  numpy for host ops); `ctx` gives variables, randomness and sub-graph evaluation.
"""


class OpDef:
    __slots__ = ("name", "infer", "lower", "stateful", "host", "differentiable", "ref_inputs",
                 "is_variable", "allow_ref_outputs")

    def __init__(self, name, infer, lower, stateful=False, host=False, differentiable=True,
                 ref_inputs=(), is_variable=False):
        self.name = name
        self.infer = infer
        self.lower = lower
        self.stateful = stateful          # has side effects or fresh randomness: never pruned by CSE
        self.host = host                  # runs outside XLA on numpy values (strings, py_func, ...)
        # True: TF has a gradient; False: TF's NotDifferentiable (inputs get None); None: TF registers no
        # gradient (tf.gradients raises LookupError when one reaches the op); or a callable deciding per op.
        self.differentiable = differentiable
        self.ref_inputs = frozenset(ref_inputs)  # input positions that take a variable reference
        self.is_variable = is_variable


_OPS = {}


def register(name, infer, lower=None, **flags):
    """Registers op type `name`; usable as a decorator on the lowering function."""
    if name in _OPS:
        # Two modules defining one op type would silently shadow each other (import order decides).
        raise ValueError("Op type %r is registered twice" % name)
    if lower is None:
        def deco(fn):
            _OPS[name] = OpDef(name, infer, fn, **flags)
            return fn
        return deco
    _OPS[name] = OpDef(name, infer, lower, **flags)
    return lower


def get(name):
    return _OPS.get(name)


def registered_names():
    return sorted(_OPS)
