"""Session: TF's `run` semantics over plans compiled by XLA.

`run(fetches, feed_dict)` flattens the fetch structure, finds (or builds) the plan for this
signature, and runs it. A plan is a list of segments; each device segment is one pure function
`(variables, inputs, rng counters) -> (outputs, variable updates)`, run as one `jax.jit` executable
per segment with the written variables' buffers donated. Every signature is compiled, the first call
too: measured on the seeds' programs, JAX's op-by-op execution compiles each primitive separately and
made a first call ~5x slower than one XLA compile of the whole segment (README, design).
"""
import collections
import os
import threading

import jax
import numpy as np

from ..api import export
from ..framework import dtypes, errors
from ..framework.graph import Operation, Tensor, get_default_graph
from . import plan as plan_mod
from . import xla_options
from .fetches import FetchHandler
from .interpreter import ConcreteValueNeeded, LowerCtx, VarRef, execute, gate_writes, raise_failed, to_numpy


# --------------------------------------------------------------------- default session stack

class _DefaultSessionStack(threading.local):
    def __init__(self):
        super().__init__()
        self.stack = []


_default_session_stack = _DefaultSessionStack()


def _reset_default_session_stack():
    """TF's reset_default_graph leaves the default-session stack alone."""


@export("get_default_session")
def get_default_session():
    return _default_session_stack.stack[-1] if _default_session_stack.stack else None


def _run_using_default_session(fetch, feed_dict, graph, session=None):
    if session is None:
        session = get_default_session()
        if session is None:
            if isinstance(fetch, Operation):
                raise ValueError("Cannot execute operation using `run()`: No default session is "
                                 "registered. Use `with sess.as_default():` or pass an explicit "
                                 "session to `run(session=sess)`")
            raise ValueError("Cannot evaluate tensor using `eval()`: No default session is "
                             "registered. Use `with sess.as_default()` or pass an explicit session "
                             "to `eval(session=sess)`")
        if session.graph is not graph:
            if isinstance(fetch, Operation):
                raise ValueError("Cannot use the default session to execute operation: the "
                                 "operation's graph is different from the session's graph. Pass "
                                 "an explicit session to run(session=sess).")
            raise ValueError("Cannot use the default session to evaluate tensor: the tensor's graph "
                             "is different from the session's graph. Pass an explicit session to "
                             "`eval(session=sess)`.")
    elif session.graph is not graph:
        if isinstance(fetch, Operation):
            raise ValueError("Cannot use the given session to execute operation: the operation's "
                             "graph is different from the session's graph.")
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is "
                         "different from the session's graph.")
    return session.run(fetch, feed_dict)


class _DefaultSessionContext:
    def __init__(self, session):
        self._session = session

    def __enter__(self):
        _default_session_stack.stack.append(self._session)
        return self._session

    def __exit__(self, *exc):
        st = _default_session_stack.stack
        if st and st[-1] is self._session:
            st.pop()
        elif self._session in st:
            st.remove(self._session)
        return False


# --------------------------------------------------------------------------------- executables

class _Executable:
    """One run signature: its segments, and (after the first call) their jitted functions."""

    def __init__(self, plan, fed):
        self.plan = plan
        self.fed = fed
        self.calls = 0
        self.jitted = {}
        self.writes = {}  # segment index -> names of variables it assigned (learned on first call)
        self.refs = {}    # segment output tensor -> VarRef it carries (learned when traced)
        # Segment output tensor -> its value where tracing computed it without the segment's inputs
        # (shapes and what is derived from them). A later segment gets it as a constant, as it would
        # inside one program: a host op in between (an Assert on a shape) must not turn a static
        # shape into a traced value that a Reshape or Fill cannot use.
        self.statics = {}
        # Segment index -> input positions whose values are compiled in (one program per value): small
        # integer inputs from feeds or host ops, pinned only when tracing needs them concrete -- a fed
        # batch size that sets a shape (`tf.zeros([n, 3])`, `cell.zero_state(batch_size, ...)`).
        self.pinned = {}
        self.layouts = {}  # segment index -> (ref input positions, rw names, ro names, jitted fn)
        self.checks = {}   # segment -> its run-time checks (op, message, error; values come back per run)

    def segment_fn(self, seg, session_seed, static_refs):
        """`static_refs`: input position -> VarRef or static value (plan constants, not jit arguments)."""
        fed = self.fed

        def fn(state_ro, state_rw, inputs, counters):
            state = dict(state_ro)
            state.update(state_rw)
            ctx = LowerCtx(state, counters, session_seed, in_jit=True)
            env = dict(zip(seg.inputs, inputs))
            env.update((seg.inputs[k], ref) for k, ref in static_refs.items())
            execute(seg.ops, env, ctx, protect=fed)
            self.checks[seg] = [c._replace(ok=None, payload=None, keep=None) for c in ctx.checks]
            outs = []
            for t in seg.outputs:
                v = env[t]
                if isinstance(v, VarRef):
                    # References cross segments as themselves (read where consumed), not as values.
                    self.refs[t] = v
                    v = None
                elif _is_static(v):
                    self.statics[t] = v
                    v = None
                outs.append(v)
            writes = gate_writes(ctx.checks, state_rw, {k: ctx.state[k] for k in ctx.writes})
            return outs, writes, [(c.ok,) + tuple(c.payload) for c in ctx.checks]

        return fn


class _Plan:
    def __init__(self, graph, fetch_tensors, target_ops, fed):
        self.fetch_tensors = fetch_tensors
        fetch_ops = [t.op for t in fetch_tensors if t not in fed] + list(target_ops)
        needed = plan_mod.needed_ops(fetch_ops, fed)
        self.order = plan_mod.topo_order(needed, fed)
        # Fetched tensors that are fed come straight from the feed.
        self.segments = plan_mod.split_segments(self.order, [t for t in fetch_tensors if t not in fed], fed)
        self.var_names = sorted({op.name for op in needed if op._opdef.is_variable})
        self.random_ops = sorted({op.name for op in needed if "seed2" in op._attrs and op._opdef.stateful}
                                 | {name for op in needed for name in op._attrs.get("_tf1_random_ops", ())})
        self.executables = {}


# ------------------------------------------------------------------------------------ Session

class BaseSession:
    def __init__(self, target="", graph=None, config=None):
        if graph is None:
            graph = get_default_graph()
        self._graph = graph
        self._target = target
        self._config = config
        self._closed = False
        self._state = {}          # variable name -> value
        self._rng_counters = collections.Counter()
        self._resources = {}      # host resources (queues, readers) by op name or shared_name
        self._session_seed = int.from_bytes(os.urandom(4), "little") & 0x7FFFFFFF
        self._plans = {}
        self._default_session_context = None
        self._default_graph_context = None
        self._lock = threading.RLock()
        self._log_device_placement = bool(config is not None and getattr(config, "log_device_placement", False))
        self._placement_logged = set()

    graph = property(lambda self: self._graph)
    sess_str = property(lambda self: self._target)

    @property
    def graph_def(self):
        return self._graph.as_graph_def()

    def as_default(self):
        return _DefaultSessionContext(self)

    def list_devices(self):
        from ..framework.devices import session_devices
        return session_devices()

    def close(self):
        self._closed = True
        for resource in list(self._resources.values()):
            resource.cancel()  # wakes ops blocked on a queue with CancelledError, as TF
        self._resources = {}
        self._state = {}
        self._plans = {}

    def __del__(self):
        pass

    # -- run
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if not self._graph._ops:
            raise RuntimeError("The Session graph is empty.  Add operations to the graph before "
                               "calling run().")
        handler = FetchHandler(self._graph, fetches)
        feeds = self._process_feeds(feed_dict)
        results = self._do_run(handler.fetch_tensors, handler.target_ops, feeds)
        return handler.build_results(results)

    def partial_run_setup(self, fetches, feeds=None):
        raise errors.UnimplementedError(None, None, "partial_run is not supported by tf1")

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        feed_list = list(feed_list or [])

        def call(*args, **kwargs):
            return self.run(fetches, dict(zip(feed_list, args)))
        return call

    def _process_feeds(self, feed_dict):
        feeds = {}
        if not feed_dict:
            return feeds
        for key, value in _flatten_feed_items(feed_dict):
            for t, v in _expand_feed(self._graph, key, value):
                feeds[t] = v
        return feeds

    def _do_run(self, fetch_tensors, target_ops, feeds):
        fed = frozenset(feeds)
        pkey = (tuple(fetch_tensors), tuple(target_ops), fed)
        plan = self._plans.get(pkey)
        if plan is None:
            plan = _Plan(self._graph, fetch_tensors, target_ops, fed)
            self._plans[pkey] = plan
        if self._log_device_placement:
            self._log_placement(plan)
        initialized = tuple(n for n in plan.var_names if n in self._state)
        ekey = (tuple((t, np.shape(v), getattr(v, "dtype", None)) for t, v in feeds.items()), initialized)
        exe = plan.executables.get(ekey)
        if exe is None:
            exe = plan.executables[ekey] = _Executable(plan, fed)
        env = dict(feeds)
        with self._lock:  # reserve this run's counters now: concurrent runs (queue threads) differ
            counters = {name: np.uint32(self._rng_counters[name]) for name in plan.random_ops}
            for name in plan.random_ops:
                self._rng_counters[name] += 1
        for i, seg in enumerate(plan.segments):
            if seg.host:
                self._run_host(seg, env, fed, counters)
            else:
                self._run_device(exe, i, seg, env, counters)
        exe.calls += 1
        out = []
        for t in fetch_tensors:
            v = env[t]
            if isinstance(v, VarRef):
                v = self._read_state(v)
            out.append(_fetch_value(v, t.dtype))
        return out

    def _read_state(self, ref):
        try:
            return self._state[ref.name]
        except KeyError:
            raise errors.FailedPreconditionError(
                None, ref.op, "Attempting to use uninitialized value %s" % ref.name) from None

    def _run_host(self, seg, env, fed, counters):
        ctx = LowerCtx(self._state, counters, self._session_seed)
        ctx.session = self  # host ops keep per-session resources (queues, readers) in _resources
        local = {t: _host_value(env[t]) for t in seg.inputs}
        execute(seg.ops, local, ctx, protect=fed)
        for t in seg.outputs:
            env[t] = local[t]

    def _run_device(self, exe, i, seg, env, counters):
        inputs = [env[t] for t in seg.inputs]
        pinned = exe.pinned.get(i, ())
        key = (i,) + tuple(_value_key(inputs[k]) for k in pinned)
        layout = exe.layouts.get(key)
        if layout is None:
            try:
                layout = self._segment_layout(exe, i, seg, inputs, counters)
            except _NEEDS_CONCRETE:
                pins = tuple(k for k, v in enumerate(inputs) if _pinnable(v))
                if i in exe.pinned or not pins:
                    raise
                exe.pinned[i] = pins
                return self._run_device(exe, i, seg, env, counters)
            exe.layouts[key] = layout
        ref_positions, rw_names, ro_names, jitted = layout
        for k in ref_positions:  # references are baked into the traced function, not passed
            inputs[k] = None
        state = self._state
        state_rw = {n: state[n] for n in rw_names}
        state_ro = {n: state[n] for n in ro_names}
        _unalias(state_ro, state_rw)
        outs, writes, checked = jitted(state_ro, state_rw, inputs, counters)
        state.update(writes)
        raise_failed(exe.checks.get(seg, ()), checked)
        for t, v in zip(seg.outputs, outs):
            if v is None:
                v = exe.refs[t] if t in exe.refs else exe.statics.get(t)
            env[t] = v

    def _segment_layout(self, exe, i, seg, inputs, counters):
        """What a device segment's calls share (the executable is keyed by the initialized variables,
        so the argument layout is fixed): reference inputs, the variables it assigns (learned by
        `jax.eval_shape`, which traces without computing; their buffers are donated), the variables
        it only reads, and its jitted function."""
        pinned = exe.pinned.get(i, ())
        refs = {k: v for k, v in enumerate(inputs)
                if isinstance(v, VarRef) or seg.inputs[k] in exe.statics or k in pinned}
        args = [None if k in refs else v for k, v in enumerate(inputs)]
        names = [n for n in exe.plan.var_names if n in self._state and _on_device(self._state[n])]
        fn = exe.segment_fn(seg, self._session_seed, refs)
        _, write_shapes, _ = jax.eval_shape(fn, {n: self._state[n] for n in names}, {}, args, counters)
        rw_names = tuple(sorted(n for n in write_shapes if n in self._state))
        exe.writes[i] = tuple(sorted(write_shapes))
        ro_names = tuple(n for n in names if n not in rw_names)
        jitted = exe.jitted[i] = jax.jit(fn, donate_argnums=(1,), compiler_options=xla_options.compiler_options())
        return tuple(refs), rw_names, ro_names, jitted

    @staticmethod
    def var_names_for(exe):
        return exe.plan.var_names

    def _log_placement(self, plan):
        # TF places (and logs) the whole graph when a run first needs it, not only the plan's ops.
        from ..framework.devices import placement_line
        for op in self._graph.get_operations():
            if op.name not in self._placement_logged:
                self._placement_logged.add(op.name)
                print(placement_line(op))

    # -- context manager
    def __enter__(self):
        if self._default_graph_context is None:
            self._default_graph_context = self._graph.as_default()
        self._default_session_context = self.as_default()
        self._default_graph_context.__enter__()
        return self._default_session_context.__enter__()

    def __exit__(self, exc_type, exc_value, tb):
        self._default_session_context.__exit__(exc_type, exc_value, tb)
        self._default_graph_context.__exit__(exc_type, exc_value, tb)
        self._default_graph_context = None
        self._default_session_context = None
        self.close()
        return False


def _on_device(value):
    """String values (numpy object arrays) never enter XLA programs; only host ops read them."""
    return not (isinstance(value, np.ndarray) and value.dtype == object)


def _unalias(state_ro, state_rw):
    """Donated buffers must not also be passed (or kept) elsewhere: copy any shared one."""
    seen = {id(v) for v in state_ro.values()}
    for k, v in state_rw.items():
        if id(v) in seen or not isinstance(v, jax.Array):
            state_rw[k] = jax.numpy.array(v, copy=True)
        seen.add(id(state_rw[k]))


def _is_static(v):
    """A value tracing produced concretely (numpy, or folded by the interpreter; not a tracer): it
    does not depend on the segment's inputs."""
    return isinstance(v, (np.ndarray, np.generic, jax.Array)) and not isinstance(v, jax.core.Tracer)


# Tracing errors that mean a lowering needed a concrete value (a shape) where it got a traced one.
_NEEDS_CONCRETE = (ConcreteValueNeeded, jax.errors.ConcretizationTypeError, jax.errors.TracerArrayConversionError,
                   jax.errors.TracerIntegerConversionError, jax.errors.TracerBoolConversionError)


def _pinnable(v):
    """Small integer host values (fed or from host ops) that may be compiled into a program."""
    return (isinstance(v, (np.ndarray, np.generic, int)) and not isinstance(v, bool)
            and np.issubdtype(np.asarray(v).dtype, np.integer) and np.size(v) <= 64)


def _value_key(v):
    a = np.asarray(v)
    return (a.dtype.str, a.shape, a.tobytes())


def _host_value(v):
    return np.asarray(v) if isinstance(v, jax.Array) else v


def _fetch_value(v, dtype):
    if isinstance(v, jax.Array):
        v = np.array(v)  # a copy: the buffer may be donated by the next run
    return to_numpy(v, dtype.base_dtype)


def _flatten_feed_items(feed_dict):
    """TF's `nest.flatten_dict_items`: a tuple key (an LSTMStateTuple, a tuple of states) feeds
    each of its tensors with the matching part of the value."""
    out = []
    for key, value in feed_dict.items():
        if isinstance(key, tuple) and not isinstance(key, Tensor):
            from ..ops import _subgraph as nest
            keys = nest.flatten(key)
            if not isinstance(value, (list, tuple)):
                raise ValueError("Could not flatten dictionary: key %s is a sequence but its "
                                 "corresponding value %s is not." % (key, value))
            values = nest.flatten(value)
            if len(keys) != len(values):
                raise ValueError("Could not flatten dictionary. Key had %d elements, but value had %d "
                                 "elements. Key: %s, value: %s." % (len(keys), len(values), key, value))
            out.extend(zip(keys, values))
        else:
            out.append((key, value))
    return out


def _expand_feed(graph, key, value):
    """Feed key -> [(tensor, numpy value)], with TF's conversions, checks and messages."""
    from ..framework.sparse import expand_sparse_feed
    sparse = expand_sparse_feed(graph, key, value)
    if sparse is not None:
        return [_check_feed(graph, t, v, k) for t, v, k in sparse]
    if isinstance(key, Tensor) and key.graph is graph:
        return [_check_feed(graph, key, value, key)]
    try:
        t = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except Exception as e:
        raise TypeError("Cannot interpret feed_dict key as Tensor: " + e.args[0]
                        if e.args else str(e))
    return [_check_feed(graph, t, value, key)]


def _check_feed(graph, t, value, key):
    if isinstance(value, Tensor):
        raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
                        "include Python scalars, strings, lists, numpy ndarrays, or TensorHandles. "
                        "For reference, the tensor object was " + str(value) + " which was passed "
                        "to the feed with key " + str(key) + ".")
    dtype = t.dtype.base_dtype
    if dtype == dtypes.string:
        arr = np.asarray(value, dtype=object)
        if arr.ndim == 0:
            arr = value if isinstance(value, bytes) else str(value).encode()
            arr = np.asarray(arr, dtype=object)
    elif isinstance(value, np.ndarray) and value.dtype == dtype.as_numpy_dtype:
        arr = value
    else:
        try:
            arr = np.asarray(value, dtype=dtype.as_numpy_dtype)  # TF truncates floats fed to ints
        except (ValueError, TypeError) as e:
            raise ValueError(str(e)) from None
    shape_key = (t, id(t._shape_val), arr.shape)
    if shape_key in _FEED_SHAPES_OK and graph.is_feedable(t):
        return t, arr
    if not t.get_shape().is_compatible_with(arr.shape):
        raise ValueError("Cannot feed value of shape %r for Tensor %r, which has shape %r"
                         % (arr.shape, t.name, str(t.get_shape())))
    if not graph.is_feedable(t):
        raise ValueError("Tensor %s may not be fed." % t)
    if len(_FEED_SHAPES_OK) < 65536:
        _FEED_SHAPES_OK.add(shape_key)
    return t, arr


# (tensor, its static shape object, fed shape) triples already checked; `set_shape` replaces the
# shape object, so a refined static shape is checked again. Keeps feeding as cheap as TF's check.
_FEED_SHAPES_OK = set()


@export("Session")
class Session(BaseSession):
    """`tf.Session(target='', graph=None, config=None)`."""


@export("InteractiveSession")
class InteractiveSession(BaseSession):
    """A Session that installs itself as the default on construction."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._explicitly_closed = False
        self._default_session_context = self.as_default()
        self._default_session_context.__enter__()
        self._default_graph_context = self._graph.as_default()
        self._default_graph_context.__enter__()

    def close(self):
        super().close()
        if self._default_session_context is not None:
            self._default_session_context.__exit__(None, None, None)
            self._default_graph_context.__exit__(None, None, None)
            self._default_session_context = None
