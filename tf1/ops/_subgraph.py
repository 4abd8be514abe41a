"""Sub-graphs: the ops a cond branch, a while-loop cond/body or a map_fn body created, run as one unit.

TF 1.15 builds control flow from Switch/Merge/Enter/Exit frames. tf1 records instead the ops a user
function creates (`record(fn)`: every op whose id is above the id before the call), and one outer op
(`If`, `While`, ...) runs them through `interpreter.execute` inside `lax.cond` / `lax.while_loop` /
`lax.scan`. `SubGraph` holds what that outer op needs to know at graph-build time:

- `ops`: the recorded ops the outputs need (data and control edges), in run order. Ops the outputs
  do not need never run, as in TF (an unreturned `tf.Print` in a branch prints nothing).
- `captures`: tensors from outside that those ops read; they become inputs of the outer op, so the
  Session's plan (and `tf.gradients`) sees the dependency. Variable references are not captured as
  values: the variable op itself runs inside (it only names the variable) and is listed in
  `extra_deps` so the plan knows the run touches that variable.
- `control`: outside ops the recorded ops had control dependencies on (the outer op gets them).
- flags: `host` (some op must run on numpy, so the outer op does too), `stateful`, the random ops
  (their per-run counters), and the variables the sub-graph may assign (threaded through lax).
"""
import jax
import jax.numpy as jnp

from ..framework import dtypes
from ..runtime import interpreter
from ..runtime.interpreter import LowerCtx, VarRef
from ..runtime.plan import topo_order


def record(graph, fn, *args, **kwargs):
    """Calls fn; returns (its result, the ops it created)."""
    start = graph._last_id
    result = fn(*args, **kwargs)
    return result, ops_after(graph, start)


def ops_after(graph, start_id):
    ops = []
    for op in reversed(graph._ops):
        if op._id <= start_id:
            break
        ops.append(op)
    ops.reverse()
    return ops


def is_variable_ref(t):
    return t.dtype._is_ref_dtype and t.op._opdef is not None and t.op._opdef.is_variable


class SubGraph:
    """The part of `recorded` that computes `outputs` from `args` (tensors whose values the outer
    op supplies) and from captured outside tensors."""

    def __init__(self, recorded, args, outputs, control_outputs=()):
        self.args = list(args)
        self.outputs = list(outputs)
        internal = set(recorded)
        arg_set = set(self.args)
        needed = set()
        captures = []
        control = []
        extra = []
        stack = [t.op for t in self.outputs if t not in arg_set and t.op in internal]
        stack += [op for op in control_outputs if op in internal]
        for t in self.outputs:  # a branch may return an outside tensor unchanged
            if t not in arg_set and t.op not in internal and t not in captures:
                captures.append(t)
        while stack:
            op = stack.pop()
            if op in needed:
                continue
            needed.add(op)
            for t in op._inputs:
                if t in arg_set:
                    continue
                if t.op in internal:
                    stack.append(t.op)
                elif is_variable_ref(t):
                    needed.add(t.op)  # runs inside: it only yields the variable's reference
                    if t.op not in extra:
                        extra.append(t.op)
                elif t not in captures:
                    captures.append(t)
            for c in list(op._control_inputs) + list(getattr(op, "_tf1_extra_deps", ())):
                if c in internal:
                    stack.append(c)
                elif c not in control and c not in extra:
                    (extra if c in getattr(op, "_tf1_extra_deps", ()) else control).append(c)
        for op in needed:
            if op._opdef.is_variable and op not in extra:
                extra.append(op)
        self.ops = topo_order(needed, frozenset(self.args))
        self.captures = captures
        self.control = control
        self.extra_deps = extra
        self.host = any(interpreter.is_host_op(op) for op in self.ops)
        self.stateful = any(op._opdef.stateful and not op._opdef.is_variable for op in self.ops)
        self.random_ops = sorted({op.name for op in self.ops if "seed2" in op._attrs and op._opdef.stateful}
                                 | {n for op in self.ops for n in op._attrs.get("_tf1_random_ops", ())})
        self.written_vars = written_variables(self.ops)
        self._partial = {}

    def run(self, ctx, arg_values, capture_env):
        """Executes the ops; returns the output values. `capture_env` maps captured tensors to values."""
        env = dict(capture_env)
        env.update(zip(self.args, arg_values))
        interpreter.execute(self.ops, env, ctx)
        return [_read(ctx, env[t], t) for t in self.outputs]

    def partial(self, output_indices):
        """(ops, arg indices) needed for a subset of outputs: used to find a static trip count."""
        key = tuple(output_indices)
        if key not in self._partial:
            arg_index = {t: i for i, t in enumerate(self.args)}
            opset = set(self.ops)
            needed, used = set(), set()
            stack = []
            for i in output_indices:
                t = self.outputs[i]
                if t in arg_index:
                    used.add(arg_index[t])
                elif t.op in opset:
                    stack.append(t.op)
            while stack:
                op = stack.pop()
                if op in needed:
                    continue
                needed.add(op)
                for t in op._inputs:
                    if t in arg_index:
                        used.add(arg_index[t])
                    elif t.op in opset:
                        stack.append(t.op)
                stack.extend(c for c in op._control_inputs if c in opset)
            self._partial[key] = ([op for op in self.ops if op in needed], used)
        return self._partial[key]


def _read(ctx, v, t):
    if isinstance(v, VarRef):
        return ctx.read_var(v, t.op)
    return v


def written_variables(ops):
    """Names of the variables `ops` (and sub-graphs nested in them) may assign: every ref input of a
    stateful op traced back to its variable op."""
    names = set()
    for op in ops:
        refs = op._opdef.ref_inputs
        for t in (t for i, t in enumerate(op._inputs) if i in refs):
            seen = 0
            while not t.op._opdef.is_variable and t.op._opdef.ref_inputs and seen < 64:
                t = t.op._inputs[min(t.op._opdef.ref_inputs)]
                seen += 1
            if t.op._opdef.is_variable:
                names.add(t.op.name)
        names.update(op._attrs.get("_tf1_written_vars", ()))
    return sorted(names)


def outer_attrs(*subgraphs):
    """Bookkeeping attrs of an outer op (never serialised: `_tf1_` prefix)."""
    return {
        "_tf1_host": any(sg.host for sg in subgraphs),
        "_tf1_random_ops": sorted({n for sg in subgraphs for n in sg.random_ops}),
        "_tf1_written_vars": sorted({n for sg in subgraphs for n in sg.written_vars}),
    }


def merge_captures(*subgraphs):
    out = []
    for sg in subgraphs:
        for t in sg.captures:
            if t not in out:
                out.append(t)
    return out


def finish_outer_op(op, subgraphs):
    """Gives the outer op the sub-graphs' outside control dependencies and variable ops."""
    control = []
    extra = []
    for sg in subgraphs:
        control += [c for c in sg.control if c not in control]
        extra += [c for c in sg.extra_deps if c not in extra]
    op._add_control_inputs([c for c in control if c is not op])
    op._tf1_extra_deps = extra


# ------------------------------------------------------------------------------ run-time helpers

class SubCtx(LowerCtx):
    """A lowering context for a branch or loop body: its own copy of the variable state (threaded
    functionally through lax), the parent's randomness folded with the loop iteration."""

    def __init__(self, parent, state, iteration=None, checks=None):
        self.__dict__.update(parent.__dict__)
        if state is not None:  # None: share the parent's state (host loops write in place)
            self.state = dict(state)
            self.writes = set()
        self._parent_rng = parent.rng_key
        self._iteration = iteration
        # A traced body's checks cannot leave its lax.cond/scan/while_loop by themselves: they are
        # collected into `checks` (emptied first) for the construct to return, or dropped when it
        # passes None. Concrete ones raise at once either way.
        if checks is not None:
            del checks[:]
        self.checks = checks

    def rng_key(self, op):
        key = self._parent_rng(op)
        if self._iteration is None:
            return key
        return jax.random.fold_in(key, self._iteration)


def report_loop_checks(ctx, checks, stacked, reverse=False):
    """A scanned body's run-time checks, stacked over the iterations, checked as one: the first
    failing iteration's payload is the one reported (as TF stops there; a reverse scan runs its
    last element first)."""
    for c, (oks, *payload) in zip(checks, stacked):
        oks = jnp.reshape(oks, (-1,))
        first = oks.shape[0] - 1 - jnp.argmax(~oks[::-1]) if reverse else jnp.argmax(~oks)
        ctx.check(c.op, jnp.all(oks), c.message, *[p[first] for p in payload], error=c.error)


def switch(ctx, index, branches):
    """`lax.switch` over branch functions `f(checks) -> result` whose SubCtx collects its run-time
    checks into `checks`; the taken branch's checks are reported (`LowerCtx.check`). A branch's checks
    are only known once it is traced, and every branch must return the same structure: when any has
    checks, the switch is traced again with each branch also returning every branch's check values
    (its own, and passing ones for the others). The first trace is then dead code XLA drops."""
    made = [[] for _ in branches]

    def plain(k):
        return lambda: branches[k](made[k])

    result = jax.lax.switch(index, [plain(k) for k in range(len(branches))])
    if not any(made):
        return result
    specs = [[tuple(jax.ShapeDtypeStruct(jnp.shape(v), jnp.result_type(v)) for v in (c.ok,) + tuple(c.payload))
              for c in m] for m in made]
    checks = [list(m) for m in made]

    def passing(spec):
        return tuple(jnp.ones(s.shape, s.dtype) if i == 0 else jnp.zeros(s.shape, s.dtype)
                     for i, s in enumerate(spec))

    def padded(k):
        def f():
            mine = []
            out = branches[k](mine)
            values = [[(c.ok,) + tuple(c.payload) for c in mine] if j == k else [passing(sp) for sp in specs[j]]
                      for j in range(len(branches))]
            return out, values
        return f

    result, values = jax.lax.switch(index, [padded(k) for k in range(len(branches))])
    for branch_checks, branch_values in zip(checks, values):
        ctx.recheck(branch_checks, branch_values)
    return result


def is_traced(*values):
    return any(isinstance(v, jax.core.Tracer) for v in values)


def carried_vars(ctx, names):
    """The written variables that have a value now (others cannot be threaded; reading them fails
    as in TF)."""
    return [n for n in names if n in ctx.state]


def as_dtype_value(v, dtype):
    """A value with exactly the tensor's dtype (lax requires identical branch/carry types)."""
    import jax.numpy as jnp
    dt = dtypes.as_dtype(dtype).base_dtype
    if dt == dtypes.string:
        return v
    return jnp.asarray(v, dtype=dt.as_numpy_dtype)


def commit_writes(ctx, names, values):
    for n, v in zip(names, values):
        ctx.state[n] = v
        ctx.writes.add(n)


# ------------------------------------------------------------------------------- nest (tf.nest)
# The structures cond/while_loop/map_fn accept: lists, tuples, namedtuples and dicts (sorted keys).

def is_sequence(x):
    return isinstance(x, (list, tuple, dict))


def flatten(x, sequences=(list, tuple)):
    """The leaves of `x`; `sequences` are the types that nest besides dicts (tf.data: tuples only)."""
    if isinstance(x, dict):
        return [leaf for k in sorted(x) for leaf in flatten(x[k], sequences)]
    if isinstance(x, sequences):
        return [leaf for v in x for leaf in flatten(v, sequences)]
    return [x]


def pack_sequence_as(structure, flat, sequences=(list, tuple)):
    flat = list(flat)
    pos = [0]

    def build(s):
        if isinstance(s, dict):
            vals = {k: build(s[k]) for k in sorted(s)}
            return type(s)((k, vals[k]) for k in s)
        if isinstance(s, sequences):
            items = [build(v) for v in s]
            if hasattr(s, "_fields"):
                return type(s)(*items)
            return type(s)(items)
        v = flat[pos[0]]
        pos[0] += 1
        return v

    return build(structure)


def map_structure(fn, structure):
    return pack_sequence_as(structure, [fn(v) for v in flatten(structure)])


def _type_str(x):
    from ..framework.graph import Tensor
    name = "Tensor" if isinstance(x, Tensor) else type(x).__name__
    return "type=%s str=%s" % (name, x)


def _dots(x):
    if isinstance(x, dict):
        return "{%s}" % ", ".join("%r: %s" % (k, _dots(x[k])) for k in sorted(x))
    if isinstance(x, list):
        return "[%s]" % ", ".join(_dots(v) for v in x)
    if isinstance(x, tuple):
        inner = ", ".join(_dots(v) for v in x)
        return "(%s)" % (inner + "," if len(x) == 1 else inner)
    return "."


def _mismatch(a, b, check_types):
    """TF's AssertSameStructure detail, or None when `a` and `b` match."""
    if is_sequence(a) != is_sequence(b):
        seq, non = (a, b) if is_sequence(a) else (b, a)
        return ValueError, ('Substructure "%s" is a sequence, while substructure "%s" is not'
                            % (_type_str(seq), _type_str(non)))
    if not is_sequence(a):
        return None
    if check_types and type(a) is not type(b):
        return TypeError, ("The two namedtuples don't have the same sequence type. First structure "
                           "%s has type %s, while second structure %s has type %s"
                           % (_type_str(a), type(a).__name__, _type_str(b), type(b).__name__))
    if len(flatten(a)) != len(flatten(b)) or len(a) != len(b):
        return ValueError, ("The two structures don't have the same number of elements. First "
                            "structure: %s. Second structure: %s" % (_type_str(a), _type_str(b)))
    if isinstance(a, dict):
        if sorted(a) != sorted(b):
            return ValueError, ("The two dictionaries don't have the same set of keys. First "
                                "structure has keys %s, while second structure has keys %s."
                                % (sorted(a), sorted(b)))
        pairs = [(a[k], b[k]) for k in sorted(a)]
    else:
        pairs = list(zip(a, b))
    for x, y in pairs:
        r = _mismatch(x, y, check_types)
        if r is not None:
            return r
    return None


def assert_same_structure(a, b, check_types=True):
    r = _mismatch(a, b, check_types)
    if r is not None:
        cls, detail = r
        raise cls("The two structures don't have the same nested structure.\n\nFirst structure: %s"
                  "\n\nSecond structure: %s\n\nMore specifically: %s\nEntire first structure:\n%s\n"
                  "Entire second structure:\n%s" % (_type_str(a), _type_str(b), detail, _dots(a),
                                                     _dots(b)))
