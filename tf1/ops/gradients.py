"""`tf.gradients`: one `SymbolicGradient` op whose lowering is `jax.vjp` of the forward sub-graph.

The forward sub-graph is every op on a differentiable path from an `x` to a `y`; everything else it
reads (constants, other variables, activations computed before the `x`s) enters as a fixed input.
An `x` with no such path gets `None`, as in TF. Higher-order gradients work because the gradient op
is itself an op whose lowering JAX can differentiate. No gradient is written by hand.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, registry
from ..framework.graph import Operation, Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..runtime.interpreter import VarRef, execute
from ..runtime.plan import ancestors, topo_order
from . import custom_gradient_ops

_STOP_TYPES = {"StopGradient", "PreventGradient"}


def _gradient_kind(op):
    """True: TF has a gradient for `op`; False: TF's NotDifferentiable (or a registered gradient that
    returns None), so inputs get None; None: TF has no gradient registered at all (tf.gradients raises
    LookupError when a gradient reaches the op). An op type may decide per op with a callable
    (`Cast` only passes gradients between float types)."""
    if "_gradient_op_type" in op._attrs:  # gradient_override_map / custom_gradient decide
        overridden, fn = custom_gradient_ops.gradient_override(op)
        if overridden:
            return fn is not None
    if op.type in _STOP_TYPES:
        return False
    kind = op._opdef.differentiable
    return kind(op) if callable(kind) else kind


def _is_differentiable(op):
    return bool(_gradient_kind(op))


def _trainable(t):
    # TF's IsTrainable: gradient functions only hand gradients to float/complex inputs (the
    # integer inputs they see are indices, shapes and axes).
    return t.dtype.base_dtype.is_floating or t.dtype.base_dtype.is_complex


def _check_gradients_defined(ys, xs, stop, reach_y):
    """TF's walk in gradients_util._GradientsHelper: every op reachable from an x's op (through any
    consumer) that feeds a y and receives a gradient must have a gradient function, else
    `LookupError`. Gradients flow back only through ops that have one, into float/complex inputs, so
    a no-gradient op behind a NotDifferentiable op (or a stop_gradient) raises nothing."""
    reached = set()
    stack = [x.op for x in xs]
    while stack:
        op = stack.pop()
        if op in reached:
            continue
        reached.add(op)
        stack.extend(c for t in op._outputs for c in t.consumers())
    between = reached & reach_y
    stop_ops = {s.op for s in stop}
    stop_ops.update(x.op for x in xs if not any(t.op in between for t in x.op._inputs))
    has_grad = set(ys)
    for op in sorted(between, key=lambda o: o._id, reverse=True):
        if op in stop_ops or not any(t in has_grad for t in op._outputs):
            continue
        kind = _gradient_kind(op)
        if kind is None:
            raise LookupError("No gradient defined for operation '%s' (op type: %s)" % (op.name, op.type))
        if kind:
            has_grad.update(t for t in op._inputs if _trainable(t))


def _forward_ops(xs, stop, reach_y):
    """Ops on a differentiable path from some x to some y (the ones `jax.vjp` must re-trace);
    `reach_y`: the ops that can reach a y over data edges."""
    # Tensors reachable from an x through differentiable ops.
    live = set(xs)
    fwd = []
    frontier = list(xs)
    seen_ops = set()
    while frontier:
        t = frontier.pop()
        for op in t.consumers():
            if op in seen_ops or op not in reach_y or not _is_differentiable(op):
                continue
            seen_ops.add(op)
            fwd.append(op)
            for out in op._outputs:
                if out not in stop and out not in live:
                    live.add(out)
                    frontier.append(out)
    # An op is only useful if one of its inputs is live (drop ops reached only via stopped tensors).
    fwd = [op for op in fwd if any(t in live for t in op._inputs)]
    return fwd, live


def _gradient_infer(op):
    n = op._attrs["_tf1_nx"]
    return [(t.dtype.base_dtype, t.get_shape()) for t in op._inputs[:n]]


def _float_version(v):
    if isinstance(v, VarRef):
        return v
    dt = jnp.result_type(v)
    if jnp.issubdtype(dt, jnp.integer) or dt == jnp.bool_:
        return jnp.asarray(v, jnp.float64) if dt != jnp.bool_ else v
    return v


def _gradient_lower(ctx, op, *args):
    nx, nb = op._attrs["_tf1_nx"], op._attrs["_tf1_nb"]
    nc = op._attrs.get("_tf1_nc", 0)
    xs_t = op._inputs[:nx]
    bnd_t = op._inputs[nx:nx + nb]
    gys = args[nx + nb + nc:]
    # Ops with a user-defined gradient run as jax.custom_vjp functions inside the vjp below.
    fixed = dict(zip(op._inputs[nx + nb:nx + nb + nc], args[nx + nb:nx + nb + nc]))
    hooks = {o: custom_gradient_ops.make_hook(ov, fixed)
             for o, ov in op._attrs.get("_tf1_overrides", {}).items()}
    ys_t = op._attrs["_tf1_ys"]
    fwd_ops = op._attrs["_tf1_fwd_ops"]
    fed_stop = op._attrs["_tf1_stop"]
    xs = [ctx.read_var(v, op) if isinstance(v, VarRef) else v for v in args[:nx]]
    bnd = list(args[nx:nx + nb])
    # Integer x's (TF 1.x differentiates them): differentiate a float64 version, cast back.
    int_mode = any(jnp.issubdtype(jnp.result_type(x), jnp.integer) for x in xs)
    if int_mode:
        xs_f = [_float_version(x) for x in xs]
        bnd = [_float_version(b) for b in bnd]
    else:
        xs_f = list(xs)

    def f(*xv):
        env = dict(zip(bnd_t, bnd))
        env.update(zip(xs_t, xv))
        protect = set(xs_t) | set(bnd_t)
        with ctx.checks_collected() as made:
            execute(fwd_ops, env, ctx, protect=protect)
        inner_checks[:] = made
        out = []
        for y in ys_t:
            v = env[y]
            if isinstance(v, VarRef):
                v = ctx.read_var(v, op)
            if y in fed_stop:
                v = jax.lax.stop_gradient(v)
            out.append(v)
        # The forward pass's run-time checks leave the vjp as auxiliary outputs.
        return tuple(out), [(c.ok,) + tuple(c.payload) for c in made]

    inner_checks = []
    saved_hooks = getattr(ctx, "grad_overrides", None)
    if hooks:
        ctx.grad_overrides = {**(saved_hooks or {}), **hooks}
    try:
        ys_val, pullback, checked = jax.vjp(f, *xs_f, has_aux=True)
        ctx.recheck(inner_checks, checked)
        if gys:
            cts = tuple(jnp.asarray(g, dtype=jnp.result_type(y)).reshape(jnp.shape(y))
                        if np.size(g) == np.size(y)
                        else jnp.broadcast_to(jnp.asarray(g, jnp.result_type(y)), jnp.shape(y))
                        for g, y in zip(gys, ys_val))
        else:
            cts = tuple(jnp.ones_like(y) for y in ys_val)
        grads = pullback(cts)
    finally:
        if hooks:
            ctx.grad_overrides = saved_hooks
    out = []
    for g, x, t in zip(grads, xs, xs_t):
        dt = t.dtype.base_dtype.as_numpy_dtype
        if g is None or (hasattr(g, "dtype") and g.dtype == jax.dtypes.float0):
            g = jnp.zeros(jnp.shape(x), dt)
        elif jnp.issubdtype(jnp.dtype(dt), jnp.integer):
            g = jnp.round(g).astype(dt)
        else:
            g = g.astype(dt)
        out.append(g)
    return tuple(out)


registry.register("SymbolicGradient", _gradient_infer, _gradient_lower, ref_inputs=range(4096))


def _as_list(x):
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


@export("gradients")
def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients="none"):
    ys_in, xs_in = _as_list(ys), _as_list(xs)
    gys_in = _as_list(grad_ys)
    if gys_in and len(gys_in) != len(ys_in):
        raise ValueError("Passed %d grad_ys for %d ys" % (len(gys_in), len(ys_in)))
    g = get_default_graph()
    with name_scope(name, "gradients", ys_in + xs_in) as scope:
        ys_t = [convert_to_tensor(y, name="y") for y in ys_in]
        xs_t = [convert_to_tensor(x, name="x") for x in xs_in]
        for y in ys_t:
            if not (y.dtype.is_floating or y.dtype.is_complex or y.dtype.is_integer):
                raise TypeError("Gradients of %s are not supported" % y.dtype.name)
        stop = {convert_to_tensor(s) for s in _as_list(stop_gradients)}
        gys_t = []
        for i, (gy, y) in enumerate(zip(gys_in, ys_t)):
            if gy is None:
                from .array_ops import ones_like
                gy = ones_like(y, name="grad_ys_%d" % i)
            gys_t.append(convert_to_tensor(gy, dtype=y.dtype.base_dtype, name="grad_ys_%d" % i))
        reach_y = ancestors([y.op for y in ys_t], control=False)
        _check_gradients_defined(ys_t, xs_t, stop, reach_y)
        fwd, live = _forward_ops(xs_t, stop, reach_y)
        connected = [x for x in xs_t if _reaches(x, ys_t, fwd, live)]
        if not connected or not any(y in live for y in ys_t):
            return [None] * len(xs_t)
        uniq = []
        for x in connected:
            if x not in uniq:
                uniq.append(x)
        fwd = topo_order(fwd, set(uniq))
        fwd_set = set(fwd)
        boundary = []
        for op in fwd:
            for t in op._inputs:
                if t.op not in fwd_set and t not in uniq and t not in boundary:
                    boundary.append(t)
        for y in ys_t:
            if y.op not in fwd_set and y not in uniq and y not in boundary:
                boundary.append(y)
        # User-defined gradients (tf.RegisterGradient, custom_gradient): TF calls their functions now.
        overrides = custom_gradient_ops.collect_overrides(fwd, set(uniq) | set(boundary))
        fixed = []
        for ov in overrides.values():
            fixed += [t for t in ov.fixed if t not in fixed]
        inputs = uniq + boundary + fixed + gys_t
        attrs = {"_tf1_nx": len(uniq), "_tf1_nb": len(boundary), "_tf1_ys": ys_t, "_tf1_fwd_ops": fwd,
                 "_tf1_stop": stop}
        if overrides:
            attrs["_tf1_nc"] = len(fixed)
            attrs["_tf1_overrides"] = overrides
        if any(op._attrs.get("_tf1_vjp_on_host") for op in fwd) or any(ov.host for ov in overrides.values()):
            # A host op that jax.vjp can differentiate on concrete values only (raw_rnn's loop with
            # a data-dependent trip count): the gradient runs on the host too.
            attrs["_tf1_host"] = True
        op = g.create_op("SymbolicGradient", inputs, attrs=attrs, name="SymbolicGradient")
        by_x = dict(zip(uniq, op.outputs))
        if overrides:
            # An input whose user-defined gradient is None stops the path, as in TF: an x reached
            # only through such inputs gets None.
            blocked = {(o, i) for o, ov in overrides.items() for i in range(len(o._inputs))
                       if i not in {gi for gi, _ in ov.grad_index}}
            by_x = {x: r for x, r in by_x.items() if _reaches(x, ys_t, fwd, live, blocked)}
        out = []
        for x in xs_t:
            r = by_x.get(x)
            if r is None and unconnected_gradients == "zero":
                from .array_ops import zeros_like
                r = zeros_like(x)
            out.append(r)
        return out


def _reaches(x, ys, fwd, live, blocked=frozenset()):
    if x in ys:
        return True
    fwd_set = set(fwd)
    targets = set(ys)
    seen = set()
    stack = [x]
    while stack:
        t = stack.pop()
        if t in targets:
            return True
        if t in seen:
            continue
        seen.add(t)
        for op in t.consumers():
            if op in fwd_set and not (blocked and all((op, i) in blocked for i, u in enumerate(op._inputs)
                                                      if u is t)):
                stack.extend(o for o in op._outputs if o in live)
    return False


@export("hessians")
def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):
    """TF 1.15's construction: per x, a while_loop writes one row (the gradient of one element of
    the first gradient) per iteration into a TensorArray, so x's shape need not be static."""
    from . import array_ops
    from .tensor_array_ops import TensorArray
    from .while_ops import while_loop
    xs = _as_list(xs)
    out = []
    for gradient, x in zip(gradients(ys, xs), xs):
        gradient = array_ops.reshape(gradient, [-1])
        n = array_ops.size(x)
        _, hessian = while_loop(
            lambda j, _: j < n,
            lambda j, result: (j + 1, result.write(j, gradients(gradient[j], x)[0])),
            [array_ops.constant(0, dtypes.int32), TensorArray(x.dtype, n)])
        shape = array_ops.shape(x)
        out.append(array_ops.reshape(hessian.stack(), array_ops.concat((shape, shape), 0)))
    return out


@export("no_gradient", "NoGradient", "NotDifferentiable")
def no_gradient(op_type):
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    opdef = registry.get(op_type)
    if opdef is not None:
        opdef.differentiable = False
    else:
        # A gradient name for gradient_override_map: ops mapped to it have no gradient (None).
        custom_gradient_ops.register_not_differentiable(op_type)
