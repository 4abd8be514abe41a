"""Runs an ordered list of ops over an environment of values: the one lowering loop.

The same loop serves a Session's plan (traced by `jax.jit`, or called directly for a signature seen
once), a gradient's forward sub-graph inside `jax.vjp`, and control-flow branches and loop bodies.
"""
import collections
import contextlib

import jax
import jax.numpy as jnp
import numpy as np

from ..framework import errors


class VarRef:
    """The value of a variable's ref output: reads happen when a consumer runs, as in TF."""
    __slots__ = ("name", "op")

    def __init__(self, name, op):
        self.name = name
        self.op = op


class ConcreteValueNeeded(errors.UnimplementedError):
    """A lowering needed a concrete value (an output size) where the run gives a traced one. Session
    then compiles small fed or host-computed integers into the program and retries; when that is not
    possible this is the error the user sees."""


# A data-dependent error of a TF kernel (an index out of range): `ok` is a boolean scalar computed in the
# program, `message(*payload)` builds TF's text from the payload's values once they are on the host;
# `keep` maps variables to what they hold when this is the run's first failing check (a TF kernel that
# applied part of its updates before it met the bad index), otherwise they keep their old value.
RunCheck = collections.namedtuple("RunCheck", "op ok payload message error keep")


class LowerCtx:
    """What a lowering may touch besides its inputs: variables, randomness, sub-graphs, run-time checks."""

    def __init__(self, state, rng_counters=None, session_seed=0, in_jit=False):
        self.state = state               # variable name -> current value (updated functionally)
        self.writes = set()              # variables this run assigned
        self.rng_counters = rng_counters or {}  # random op name -> traced run counter
        self.session_seed = session_seed
        self.in_jit = in_jit
        self.host_callbacks = []
        # Checks the compiled program reports back (`check`); None where a traced value cannot leave
        # its trace (loop bodies, branches, the forward pass tf.gradients re-traces).
        self.checks = []

    # -- variables
    def read_var(self, ref, op=None):
        try:
            return self.state[ref.name]
        except KeyError:
            raise errors.FailedPreconditionError(
                None, op or ref.op, "Attempting to use uninitialized value %s" % ref.name) from None

    def write_var(self, ref, value):
        self.state[ref.name] = value
        self.writes.add(ref.name)

    def is_initialized(self, ref):
        return ref.name in self.state

    # -- TF kernels' data-dependent errors
    def check(self, op, ok, message, *payload, error=errors.InvalidArgumentError, keep=None):
        """Raise `error(message(*payload))` for `op` when `ok` is false, as TF's kernel would: now when
        the values are known, or after the compiled run (Session raises the first failing check in
        program order, and the run's variable updates are dropped)."""
        if not any(isinstance(v, jax.core.Tracer) for v in (ok,) + payload):
            _raise_unless(ok, op, message, payload, error)
        elif self.checks is not None:
            self.checks.append(RunCheck(op, ok, payload, message, error, keep or {}))

    @contextlib.contextmanager
    def checks_collected(self):
        """The checks made inside a function JAX transforms (tf.gradients' forward pass under
        `jax.vjp`): collected apart, for the function to return as auxiliary outputs and `recheck`
        to register outside."""
        saved, self.checks = self.checks, []
        try:
            yield self.checks
        finally:
            self.checks = saved

    def recheck(self, checks, values):
        for c, (ok, *payload) in zip(checks, values):
            self.check(c.op, ok, c.message, *payload, error=c.error)

    # -- randomness: TF's (seed, seed2) pair, plus how many times this session ran the op
    def rng_key(self, op):
        seed, seed2 = op.get_attr("seed"), op.get_attr("seed2")
        if seed == 0 and seed2 == 0:
            seed, seed2 = self.session_seed, op._id  # TF: an unseeded op draws fresh entropy
        key = jax.random.key(np.uint32(seed & 0xFFFFFFFF))
        key = jax.random.fold_in(key, np.uint32(seed2 & 0xFFFFFFFF))
        counter = self.rng_counters.get(op.name, 0)
        return jax.random.fold_in(key, counter)


def _raise_unless(ok, op, message, payload, error):
    if not bool(np.all(np.asarray(ok))):
        raise error(None, op, message(*[np.asarray(v) for v in payload]))


def raise_failed(checks, values):
    """After a compiled run: `values` holds each check's (ok, *payload), in program order."""
    for c, (ok, *payload) in zip(checks, values):
        _raise_unless(ok, c.op, c.message, payload, c.error)


def gate_writes(checks, before, writes):
    """A run whose checks fail keeps the variables' old values (its new values are computed, then not
    kept), except what the first failing check's `keep` names."""
    if not checks:
        return writes
    oks = [jnp.asarray(c.ok, bool).reshape(()) for c in checks]
    all_ok = jnp.all(jnp.stack(oks))
    out = {}
    for name, new in writes.items():
        v = jnp.where(all_ok, new, before[name]) if name in before else new
        for j, c in enumerate(checks):
            if name in c.keep:
                first_failure = ~oks[j] if j == 0 else ~oks[j] & jnp.all(jnp.stack(oks[:j]))
                v = jnp.where(first_failure, c.keep[name], v)
        out[name] = v
    return out


FOLD_LIMIT = 4096  # the most elements of an integer/bool value folded at trace time


def _foldable(value):
    """Shape-like values (small, integer/bool, concrete) are folded at trace time, and so are float
    scalars, which shape arithmetic passes through (`tf.cast(tf.cast(n, tf.float32) * 0.5, tf.int32)`);
    larger float constant arithmetic is left to XLA, because eager evaluation compiles every
    distinct primitive."""
    if isinstance(value, jax.core.Tracer) or isinstance(value, VarRef):
        return False
    dt = getattr(value, "dtype", None)
    if dt is None:
        return isinstance(value, (int, bool, float))
    if np.issubdtype(dt, np.floating):
        return np.size(value) <= 1
    return (np.issubdtype(dt, np.integer) or dt == np.bool_) and np.size(value) <= FOLD_LIMIT


def deref(ctx, value, op):
    return ctx.read_var(value, op) if isinstance(value, VarRef) else value


def execute(ops, env, ctx, protect=()):
    """Lowers `ops` in order; `env` maps Tensor -> value and is filled with every output.

    Tensors in `protect` (fed tensors) keep their value even when their producer runs."""
    for op in ops:
        opdef = op._opdef
        args = []
        for i, t in enumerate(op._inputs):
            try:
                v = env[t]
            except KeyError:
                raise errors.InternalError(None, op, "Input %s of %s was not computed" % (t.name, op.name))
            if isinstance(v, VarRef) and i not in opdef.ref_inputs:
                v = ctx.read_var(v, op)
            args.append(v)
        overrides = getattr(ctx, "grad_overrides", None)
        if overrides and op in overrides:
            # A user-defined gradient (tf.RegisterGradient/custom_gradient) while tf.gradients runs
            # jax.vjp: the op runs as a jax.custom_vjp function (ops/custom_gradient_ops.py).
            out = overrides[op](ctx, op, args, env)
        else:
            out = _lower(ctx, op, opdef, args)
        outs = op._outputs
        if len(outs) == 1:
            if isinstance(out, tuple):
                out = out[0]
            if outs[0] not in protect:
                env[outs[0]] = out
        elif outs:
            for t, v in zip(outs, out):
                if t not in protect:
                    env[t] = v
    return env


def _lower(ctx, op, opdef, args):
    try:
        if ctx.in_jit and not opdef.stateful and args and all(_foldable(a) for a in args):
            # Constant folding: values computable without the run's inputs stay concrete (shapes,
            # axes, sizes), so lowerings that need static arguments get them under jit too.
            with jax.ensure_compile_time_eval():
                return opdef.lower(ctx, op, *args)
        return opdef.lower(ctx, op, *args)
    except jax.errors.JAXTypeError:
        raise  # a traced value where a concrete one is needed: the Session retries with it compiled in
    except (TypeError, ValueError, IndexError) as e:
        # A run's shapes that the graph could not check (unknown static shapes) and that no lowering
        # checks with TF's own text: JAX rejects them while tracing. TF's kernel would fail the run
        # with InvalidArgumentError naming the node, not crash -- so does tf1, with JAX's words.
        if not _from_jax(e):
            raise
        raise errors.InvalidArgumentError(None, op, "%s: %s" % (type(e).__name__, e)) from e


def _from_jax(exc):
    """Whether `exc` was raised inside JAX or numpy (not by tf1's own code or a user callback)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and ("/jax/" in last or "/numpy/" in last or "/jaxlib/" in last)


def is_host_op(op):
    """Host ops run on numpy outside XLA: declared so, or touching strings (XLA has no strings).
    An Assert on values known while tracing is checked inside the compiled program instead."""
    from .static_values import checkable_while_tracing
    if op.type == "Assert":
        return not checkable_while_tracing(op)
    if op._opdef.host:
        return True
    if op._attrs.get("_tf1_host"):
        # A control-flow op (If/While/Scan) whose branch or body holds a host op runs on the host
        # too (its sub-graph is then executed op by op on numpy values).
        return True
    from ..framework import dtypes
    if op.type == "Const":
        # A string constant only an Assert checked while tracing reads is baked into that trace.
        consumers = [c for t in op._outputs for c in t.consumers()]
        return not (consumers and all(checkable_while_tracing(c) for c in consumers)) and \
            op._outputs[0].dtype.base_dtype == dtypes.string
    return any(t.dtype.base_dtype == dtypes.string for t in op._outputs) or \
        any(t.dtype.base_dtype == dtypes.string for t in op._inputs)


def to_numpy(value, dtype):
    """A fetched value as TF returns it: numpy arrays, numpy scalars for rank 0, bytes for strings."""
    if isinstance(value, (np.ndarray, np.generic)):
        arr = value
    elif isinstance(value, (bytes, str)):
        return value if isinstance(value, bytes) else value.encode()
    else:
        arr = np.asarray(value)
    nt = dtype.as_numpy_dtype
    if arr.dtype != nt and dtype.is_numpy_compatible and nt is not np.object_:
        arr = arr.astype(nt)
    if arr.ndim == 0:
        return arr[()] if arr.dtype != object else arr.item()
    return arr


def as_jax_dtype(dtype):
    return jnp.dtype(dtype.as_numpy_dtype)
