"""Planning a Session.run: prune the graph to what the fetches need, order it, split it into
compiled segments and host steps.

Order: data and control dependencies first; among ready ops the one created first runs first, so
side effects (assign, random) happen in a deterministic order.
"""
import heapq


def ancestors(start_ops, cut=frozenset(), control=True):
    """`start_ops` and every op they depend on. A tensor in `cut` (a fed tensor) stops the walk along
    that data edge; `control=False` follows data edges only."""
    seen = set()
    stack = list(start_ops)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(t.op for t in op._inputs if t not in cut)
        if control:
            stack.extend(c for c in op._control_inputs if not _fed_placeholder(c, cut))
            stack.extend(getattr(op, "_tf1_extra_deps", ()))
    return seen


def _fed_placeholder(op, fed):
    """TF rewires control edges out of a fed Placeholder to the feed, so the placeholder never runs
    (`with tf.control_dependencies([fed_placeholder])` is a no-op dependency)."""
    return op.type in ("Placeholder", "PlaceholderV2") and op._outputs[0] in fed


def needed_ops(fetch_ops, fed):
    """Every op the fetches need; a fed tensor cuts the data edge to its producer."""
    return ancestors(fetch_ops, fed)


def _early_reads(ops):
    """TF's executor runs an op as soon as its inputs are ready, so the global-step read hooks fetch
    (training_util's cached `global_step/add`, ready at once) sees the step before the run's train op
    increments it. Ordering ready ops by creation would put that late-made read after the increment;
    its ancestors go first instead."""
    if not ops:
        return frozenset()
    graph = next(iter(ops))._graph
    reads = [t.op for t in graph.get_collection("global_step_read_op_cache") if t.op in ops]
    return frozenset(ancestors(reads) & ops) if reads else frozenset()


def topo_order(ops, fed):
    """Kahn's algorithm over `ops` with creation order (`op._id`) breaking ties (after the early
    reads of `_early_reads`)."""
    ops = set(ops)
    early = _early_reads(ops)
    indeg = {}
    users = {}
    for op in ops:
        deps = {t.op for t in op._inputs if t not in fed and t.op in ops}
        deps.update(c for c in op._control_inputs if c in ops)
        deps.update(c for c in getattr(op, "_tf1_extra_deps", ()) if c in ops)
        indeg[op] = len(deps)
        for d in deps:
            users.setdefault(d, []).append(op)
    heap = [(op not in early, op._id, op) for op, n in indeg.items() if n == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        _, _, op = heapq.heappop(heap)
        order.append(op)
        for u in users.get(op, ()):
            indeg[u] -= 1
            if indeg[u] == 0:
                heapq.heappush(heap, (u not in early, u._id, u))
    if len(order) != len(ops):
        raise ValueError("Graph has a cycle among: %s" % sorted(o.name for o in ops if o not in order))
    return order


class Segment:
    """A maximal run of consecutive ops that are all host ops or all device ops."""
    __slots__ = ("ops", "host", "inputs", "outputs")

    def __init__(self, ops, host):
        self.ops = ops
        self.host = host
        self.inputs = []   # tensors this segment reads from earlier segments or feeds
        self.outputs = []  # tensors later segments or the fetches read


def split_segments(order, fetch_tensors, fed):
    segments = []
    from .interpreter import is_host_op
    for op in order:
        host = is_host_op(op)
        if segments and segments[-1].host == host:
            segments[-1].ops.append(op)
        else:
            segments.append(Segment([op], host))
    produced_in = {}
    for i, seg in enumerate(segments):
        for op in seg.ops:
            for t in op._outputs:
                if t not in fed:
                    produced_in[t] = i
    needed_later = {t: len(segments) for t in fetch_tensors}
    for i, seg in enumerate(segments):
        inputs = []
        for op in seg.ops:
            for t in op._inputs:
                src = produced_in.get(t)
                if (src is None or src < i) and t not in inputs:
                    inputs.append(t)
                    if src is not None:
                        needed_later[t] = max(needed_later.get(t, 0), i)
        seg.inputs = inputs
    for i, seg in enumerate(segments):
        seg.outputs = [t for op in seg.ops for t in op._outputs if t in needed_later
                       and (needed_later[t] > i)]
    return segments
