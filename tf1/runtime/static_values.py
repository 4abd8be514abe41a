"""Which tensors are concrete while a segment is traced, decided from the graph before tracing.

Under `jax.jit` every shape is known, so `Shape`/`Size`/`Rank` give numpy values, constants stay
numpy, and `execute` folds small integer/bool (and scalar float) arithmetic on concrete values. An
`Assert` whose condition and data are all such values -- `dynamic_rnn`'s sequence-length shape
check, `assert_equal(tf.shape(x)[0], n)` -- can be checked while tracing, so it need not be a host
op that splits the compiled program (and makes a cond or loop holding it run op by op on the host).
Conservative: anything it cannot prove concrete stays where it was.
"""
from ..framework import dtypes
from .interpreter import FOLD_LIMIT

_SHAPE_OPS = frozenset({"Shape", "ShapeN", "Size", "Rank"})
_SUBGRAPH_ATTRS = ("_tf1_branches", "_tf1_body", "_tf1_fn", "_tf1_cond")


def _small_enough(t):
    shape = t.shape
    if shape.ndims is None or not shape.is_fully_defined():
        return False
    n = 1
    for d in shape.as_list():
        n *= d
    dt = t.dtype.base_dtype
    if dt.is_integer or dt == dtypes.bool:
        return n <= FOLD_LIMIT
    return dt.is_floating and n <= 1


def is_static(t, memo=None):
    """Whether tensor `t` will be a concrete value (not a tracer) when its segment is traced."""
    memo = {} if memo is None else memo
    if t in memo:
        return memo[t]
    memo[t] = False  # a cycle (never in a valid graph) proves nothing
    op = t.op
    if op.type == "Const":
        result = True
    elif op.type in _SHAPE_OPS:
        result = True
    elif (op._opdef.stateful or op._opdef.host or not op._inputs or op.type.startswith("Placeholder")
          or any(k in op._attrs for k in _SUBGRAPH_ATTRS)):
        result = False
    else:
        result = _small_enough(t) and all(is_static(i, memo) for i in op._inputs)
    memo[t] = result
    return result


def checkable_while_tracing(op):
    """An Assert whose inputs are all concrete under tracing (see module docstring)."""
    memo = {}
    return op.type == "Assert" and all(is_static(t, memo) for t in op._inputs)
