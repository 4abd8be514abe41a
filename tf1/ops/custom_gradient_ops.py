"""User-defined gradients: `tf.RegisterGradient` + `Graph.gradient_override_map`, and `@tf.custom_gradient`.

TF 1.15 finds an op's gradient function by the op's `_gradient_op_type` attr (stamped by
`gradient_override_map`, see Graph.create_op) or its type, and calls it once per `tf.gradients` with
the op and its output gradients; the function builds graph ops. tf1 has no per-op gradients
(`tf.gradients` is `jax.vjp` of the forward sub-graph), so a user-defined one enters that vjp as a
`jax.custom_vjp` function: forward = the op's own lowering, backward = the sub-graph the user's
function built. `tf.gradients` calls the function as TF does (inside `gradients/<op>_grad`, with
`_Arg` placeholders standing for the output gradients) and records what it creates (`_subgraph`).

`@tf.custom_gradient` is TF 1.15's graph form on top of that: the results, inputs and variables pass
through one `IdentityN` whose gradient is overridden by a fresh `CustomGradient-<uid>` function that
calls the user's `grad_fn`.
"""
import functools
import inspect
import itertools

import jax
import jax.numpy as jnp

from ..api import export
from ..framework import registry
from ..framework.graph import get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..runtime.interpreter import VarRef
from . import _subgraph as sg_mod

_GRADIENTS = {}  # gradient name -> python function (op, *grads) -> grads, or None (not differentiable)
_uid = itertools.count(1)


def _register(name, fn):
    if name in _GRADIENTS or registry.get(name) is not None:
        # Every op type TF knows already has its gradient (or NotDifferentiable) registered.
        raise KeyError("Registering two gradient with name '%s'! (Previous registration was in %s)"
                       % (name, "tf1 (jax.vjp of the op's lowering)" if name not in _GRADIENTS
                          else getattr(_GRADIENTS[name], "__qualname__", None)))
    _GRADIENTS[name] = fn


@export("RegisterGradient")
class RegisterGradient:
    """Decorator registering a gradient function `(op, *output_grads) -> input grads` under a name."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, f):
        _register(self._op_type, f)
        return f


def register_not_differentiable(name):
    _register(name, None)


def get_gradient_function(op):
    """The user-defined gradient function of `op` (None when tf1's own autodiff handles it)."""
    name = override_name(op)
    return _GRADIENTS.get(name) if name is not None else None


def override_name(op):
    name = op._attrs.get("_gradient_op_type")
    if name is None:
        return None
    return name.decode() if isinstance(name, bytes) else str(name)


def gradient_override(op):
    """(True, fn-or-None) when `op`'s gradient is user-defined, else (False, None)."""
    name = override_name(op)
    if name is None:
        return False, None
    if name not in _GRADIENTS:
        raise LookupError("No gradient defined for operation '%s' (op type: %s)" % (op.name, op.type))
    return True, _GRADIENTS[name]


# ------------------------------------------------------------------ building the gradient sub-graph

class Override:
    """What `jax.vjp` needs to run one op with a user-defined gradient.

    - `sg`: the recorded gradient sub-graph; its args are the output-gradient placeholders;
    - `grad_index`: (input position, sub-graph output position) for each non-None input gradient;
    - `captures`: for each captured tensor of `sg`, where its value comes from: ("in", i) / ("out", i)
      the op's own inputs/outputs, ("env", t) the forward evaluation's value of t, ("fixed", t) a value
      the SymbolicGradient op receives as an input, ("pre", t) a value `pre` computes;
    - `pre`: inside a loop body or branch, the tensors the gradient reads that the body computed but
      does not run (f's side results that its output does not need), recomputed from the body's
      values just before the op runs; `pre_captures` says where its inputs come from ("env"/"fixed");
    - `var_names`: variables the gradient sub-graph reads (passed explicitly: a custom_vjp backward
      may not close over values traced inside a loop body).
    """

    def __init__(self, op, sg, grad_index, captures, pre, pre_captures):
        self.op = op
        self.sg = sg
        self.grad_index = grad_index
        self.captures = captures
        self.pre = pre
        self.pre_captures = pre_captures
        self.var_names = [o.name for o in sg.ops if o._opdef.is_variable]
        self.fixed = []
        for kind, t in pre_captures + captures:
            if kind == "fixed" and t not in self.fixed:
                self.fixed.append(t)
        self.host = sg.host or op._attrs.get("_tf1_host", False) or op._opdef.host or bool(pre and pre.host)


def build_override(op, fn, available, dependent=None):
    """Calls the gradient function `fn` for `op` (as TF does, in the current `gradients` scope);
    `available` holds the tensors the forward evaluation has computed when `op` runs; inside a loop
    body or branch, `dependent` holds the tensors that depend on its arguments."""
    from .functional_ops import _make_arg
    g = op.graph
    with name_scope(op.name + "_grad"):
        dys = [_make_arg(g, t.dtype.base_dtype, t.get_shape(), "dy" if i == 0 else "dy_%d" % i, i)
               for i, t in enumerate(op._outputs)]
        start = g._last_id
        grads = fn(op, *dys)
        grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
        if len(grads) != len(op._inputs):
            raise ValueError("Num gradients %d generated for op %s do not match num inputs %d"
                             % (len(grads), op.node_def, len(op._inputs)))
        outputs, grad_index = [], []
        for i, (gr, x) in enumerate(zip(grads, op._inputs)):
            if gr is None:
                continue
            gr = convert_to_tensor(gr, dtype=x.dtype.base_dtype)
            grad_index.append((i, len(outputs)))
            outputs.append(gr)
        recorded = sg_mod.ops_after(g, start)
    sg = sg_mod.SubGraph(recorded, dys, outputs)
    captures, pre_ops, pre_outs = [], set(), []

    def collect(o):  # the ops computing a body tensor back to what the body has computed
        if o in pre_ops:
            return
        pre_ops.add(o)
        for u in o._inputs:
            if u not in available and u in dependent:
                collect(u.op)

    for t in sg.captures:
        if t in op._inputs:
            captures.append(("in", op._inputs.index(t)))
        elif t in op._outputs:
            captures.append(("out", t.value_index))
        elif t in available:
            captures.append(("env", t))
        elif dependent is not None and t in dependent:
            collect(t.op)
            pre_outs.append(t)
            captures.append(("pre", t))
        else:
            captures.append(("fixed", t))
    pre, pre_captures = None, []
    if pre_outs:
        pre = sg_mod.SubGraph(pre_ops, [], pre_outs)
        pre_captures = [("env" if t in available else "fixed", t) for t in pre.captures]
    return Override(op, sg, grad_index, captures, pre, pre_captures)


class _Dependents:
    """The tensors computed from `args` (a sub-graph's arguments), over every consumer in the graph;
    walked only when a gradient function needs it (most sub-graphs hold no overridden op)."""

    def __init__(self, args):
        self._args = list(args)
        self._seen = None

    def __contains__(self, t):
        if self._seen is None:
            seen, stack = set(self._args), list(self._args)
            while stack:
                for o in stack.pop().consumers():
                    for out in o._outputs:
                        if out not in seen:
                            seen.add(out)
                            stack.append(out)
            self._seen = seen
        return t in self._seen


def nested_subgraphs(op):
    """The sub-graphs (cond branches, loop bodies, ...) an op runs, found in its bookkeeping attrs."""
    out = []
    for v in op._attrs.values():
        for s in (v if isinstance(v, (list, tuple)) else [v]):
            if isinstance(s, sg_mod.SubGraph):
                out.append(s)
    return out


def collect_overrides(fwd_ops, top_available):
    """Overrides for every op with a user-defined gradient among `fwd_ops` and inside the
    sub-graphs they run. Returns {op: Override}."""
    result = {}

    def visit(ops, available, dependent):
        available = set(available)
        for op in ops:
            has, fn = gradient_override(op) if "_gradient_op_type" in op._attrs else (False, None)
            if has and fn is not None and op not in result:
                result[op] = build_override(op, fn, available, dependent)
            for sg in nested_subgraphs(op):
                visit(sg.ops, set(sg.args) | set(sg.captures), _Dependents(sg.args))
            available.update(op._outputs)

    visit(fwd_ops, top_available, None)
    return result


# ------------------------------------------------------------------------------ running it

def _zeros_for(value, dtype):
    return jnp.zeros(jnp.shape(value), dtype)


def _is_float(v):
    dt = jnp.result_type(v)
    return jnp.issubdtype(dt, jnp.floating) or jnp.issubdtype(dt, jnp.complexfloating)


def make_hook(ov, fixed_values):
    """The lowering `interpreter.execute` uses for `ov.op` while `tf.gradients` differentiates."""
    op = ov.op
    sg = ov.sg
    out_dtypes = [t.dtype.base_dtype.as_numpy_dtype for t in op._outputs]

    def hook(ctx, op_, args, env):
        if any(isinstance(a, VarRef) for a in args):
            return op._opdef.lower(ctx, op, *args)
        def value(kind, t):
            v = fixed_values[t] if kind == "fixed" else env[t]
            return ctx.read_var(v, op) if isinstance(v, VarRef) else v

        pre = {}
        if ov.pre is not None:
            pre = dict(zip(ov.pre.outputs, ov.pre.run(ctx, [], {t: value(k, t) for k, t in ov.pre_captures})))
        others = [pre[t] if kind == "pre" else value(kind, t) for kind, t in ov.captures
                  if kind in ("env", "fixed", "pre")]
        var_names = [n for n in ov.var_names if n in ctx.state]
        var_vals = [ctx.state[n] for n in var_names]

        def forward(xs):
            out = op._opdef.lower(ctx, op, *xs)
            if len(op._outputs) == 1 and not isinstance(out, tuple):
                out = (out,)
            return tuple(out)

        @jax.custom_vjp
        def run(xs, others, var_vals):
            return forward(xs)

        def run_fwd(xs, others, var_vals):
            outs = forward(xs)
            return outs, (xs, outs, others, var_vals)

        def run_bwd(res, cts):
            xs, outs, others_v, var_v = res
            cap_env = {}
            it = iter(others_v)
            for (kind, t), ct in zip(ov.captures, sg.captures):
                if kind == "in":
                    cap_env[ct] = xs[t]
                elif kind == "out":
                    cap_env[ct] = outs[t]
                else:
                    cap_env[ct] = next(it)
            dys = [_zeros_for(o, dt) if getattr(c, "dtype", None) == jax.dtypes.float0
                   else jnp.asarray(c, dt) for c, o, dt in zip(cts, outs, out_dtypes)]
            sub = sg_mod.SubCtx(ctx, dict(zip(var_names, var_v)))
            sub.grad_overrides = None
            vals = sg.run(sub, dys, cap_env)
            grads = [None] * len(xs)
            for i, pos in ov.grad_index:
                x = xs[i]
                if not _is_float(x):
                    continue
                gv = jnp.asarray(vals[pos], jnp.result_type(x))
                if jnp.shape(gv) != jnp.shape(x):
                    gv = jnp.broadcast_to(gv, jnp.shape(x))
                grads[i] = gv
            return (tuple(grads), tuple(None for _ in others_v), tuple(None for _ in var_v))

        run.defvjp(run_fwd, run_bwd)
        return run(tuple(args), tuple(others), tuple(var_vals))

    return hook


# ------------------------------------------------------------------------- @tf.custom_gradient

def _variables_between(inputs, outputs):
    """The variables whose values `outputs` read, walking back from them and stopping at `inputs`."""
    stop = set(inputs)
    seen, var_ops = set(), []
    stack = [t.op for t in outputs if t not in stop]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op._opdef is not None and op._opdef.is_variable:
            var_ops.append(op)
            continue
        stack.extend(t.op for t in op._inputs if t not in stop)
    if not var_ops:
        return []
    g = get_default_graph()
    by_op = {}
    for key in ("variables", "local_variables", "trainable_variables"):
        for v in g.get_collection(key):
            by_op.setdefault(v.op, v)
    return sorted((by_op[o] for o in var_ops if o in by_op), key=lambda v: v.name)


def _accepts_variables(grad_fn):
    try:
        spec = inspect.getfullargspec(grad_fn)
    except TypeError:
        return False
    return "variables" in spec.args or "variables" in spec.kwonlyargs or spec.varkw is not None


def _graph_mode_decorator(f, *args, **kwargs):
    if kwargs:
        raise ValueError("The custom_gradient decorator currently supports keywords arguments only "
                         "when eager execution is enabled.")
    name = "CustomGradient-%s" % next(_uid)
    args = [convert_to_tensor(x) for x in args]
    result, grad_fn = f(*args)
    flat_result = [convert_to_tensor(r) for r in sg_mod.flatten(result)]
    n = len(flat_result)
    variables = _variables_between(args, flat_result) if _accepts_variables(grad_fn) else []

    def internal_grad_fn(unused_op, *result_grads):
        result_grads = result_grads[:n]
        if variables:
            input_grads, variable_grads = grad_fn(*result_grads, variables=variables)
            if len(variable_grads) != len(variables):
                raise ValueError("Must return gradient for each variable from @custom_gradient grad_fn.")
        else:
            input_grads = grad_fn(*result_grads)
            variable_grads = []
        return [None] * n + sg_mod.flatten(input_grads) + list(variable_grads)

    _register(name, internal_grad_fn)
    from .array_ops import identity_n
    g = get_default_graph()
    with g.gradient_override_map({"IdentityN": name}):
        all_tensors = identity_n(flat_result + args + [convert_to_tensor(v) for v in variables])
    return sg_mod.pack_sequence_as(result, all_tensors[:n])


@export("custom_gradient")
def custom_gradient(f):
    """Decorator: `f(*x)` returns `(y, grad_fn)`; `grad_fn(*dy)` builds the gradient w.r.t. `x`."""

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        return _graph_mode_decorator(f, *args, **kwargs)

    return decorated
