"""Host-side dataset values: what a dataset op's variant output holds in a Session.

Each value is an immutable description bound to numpy inputs; `iterate(rt)` starts a fresh pass and
yields elements as flat lists of numpy arrays (strings as object arrays). `rt` is the iterator's
runtime (`rt.ctx`: the lowering context of the run now advancing the iterator), through which
user functions (map, filter, flat_map) run their recorded sub-graphs on the host.
"""
import itertools

import jax
import numpy as np

from ..framework import dtypes, errors
from ..ops import _subgraph as sg_mod
from ..runtime.interpreter import LowerCtx


def host_copy(value):
    """A value a pipeline may keep: device arrays are copied out, since the Session donates variable
    buffers to later runs (a dataset built from a variable's value must not alias it)."""
    return np.array(value) if isinstance(value, jax.Array) else value


def as_component(value, dtype):
    """A numpy array with exactly `dtype` (object arrays of bytes for strings)."""
    value = host_copy(value)
    if dtype == dtypes.string:
        arr = np.asarray(value, dtype=object)
        if arr.size and any(isinstance(s, str) for s in arr.flat):
            arr = np.vectorize(lambda s: s.encode() if isinstance(s, str) else s, otypes=[object])(arr)
        return arr
    return np.asarray(value, dtype=dtype.as_numpy_dtype)


def stack(parts, dtype):
    if dtype == dtypes.string:
        out = np.empty((len(parts),) + np.shape(parts[0]), dtype=object)
        for i, p in enumerate(parts):
            out[i] = p
        return out
    return np.stack(parts)


class DatasetValue:
    def iterate(self, rt):
        raise NotImplementedError


class Tensors(DatasetValue):
    def __init__(self, components):
        self.components = components

    def iterate(self, rt):
        yield list(self.components)


class Slices(DatasetValue):
    def __init__(self, components):
        self.components = components

    def iterate(self, rt):
        n = self.components[0].shape[0]
        for i in range(n):
            # 0-d object arrays, not bare bytes: string ops tell host values by their numpy dtype
            yield [c[i] if c.dtype != object else np.asarray(c[i], dtype=object) for c in self.components]


class Range(DatasetValue):
    def __init__(self, start, stop, step):
        self.args = (int(start), int(stop), int(step))

    def iterate(self, rt):
        for i in range(*self.args):
            yield [np.int64(i)]


class Zip(DatasetValue):
    def __init__(self, children):
        self.children = children

    def iterate(self, rt):
        its = [c.iterate(rt) for c in self.children]
        while True:
            element = []
            for it in its:
                try:
                    element.extend(next(it))
                except StopIteration:
                    return
            yield element


class Concatenate(DatasetValue):
    def __init__(self, first, second):
        self.parts = (first, second)

    def iterate(self, rt):
        for p in self.parts:
            yield from p.iterate(rt)


_MAX_SIGNATURES = 8


class Function:
    """A user function recorded as a sub-graph, run per element on the host.

    A pure function (no host op, no state, no randomness, no variable) is compiled once per input
    signature with `jax.jit`, and `batched` runs it over a whole batch with `jax.vmap` (TF's
    map-and-batch fusion), so a `map(...).batch(n)` pipeline makes one call per batch. Anything
    else, or a function XLA cannot trace, runs op by op."""

    def __init__(self, subgraph, capture_env, out_dtypes, compiled=None):
        self.subgraph = subgraph
        self.capture_env = capture_env
        self.out_dtypes = out_dtypes
        self.calls = itertools.count()  # folds into the randomness of random ops in the function
        # Compiled forms are shared by every binding of one recorded function (each iterator
        # initialization binds anew), so re-initializing an iterator compiles nothing.
        self.compiled = compiled if compiled is not None else {}
        self.compiled.setdefault("pure", not (subgraph.host or subgraph.stateful or subgraph.random_ops
                                              or subgraph.extra_deps or dtypes.variant in out_dtypes))
        self._cap_keys = list(capture_env)
        self._caps = [capture_env[k] for k in self._cap_keys]

    @property
    def pure(self):
        return self.compiled["pure"]

    def _signature_ok(self, kind, values):
        """Each new input shape compiles anew: elements of many shapes (variable-length sequences)
        run op by op instead once more than _MAX_SIGNATURES shapes were seen."""
        seen = self.compiled.setdefault("signatures", set())
        key = (kind,) + tuple(np.shape(v) for v in values)
        if key not in seen:
            if len(seen) >= _MAX_SIGNATURES:
                self.compiled["pure"] = False
                return False
            seen.add(key)
        return True

    def _jitted(self, kind):
        fn = self.compiled.get(kind)
        if fn is None:
            subgraph, keys = self.subgraph, self._cap_keys

            def run_pure(args, caps):
                return subgraph.run(LowerCtx({}, in_jit=True), list(args), dict(zip(keys, caps)))
            fn = jax.jit(run_pure if kind == "jit" else jax.vmap(run_pure, in_axes=(0, None)))
            self.compiled[kind] = fn
        return fn

    def _convert(self, outs):
        return [v if dt == dtypes.variant else as_component(v, dt) for v, dt in zip(outs, self.out_dtypes)]

    def __call__(self, rt, element):
        if self.pure and self._signature_ok("jit", element):
            try:
                return self._convert(self._jitted("jit")(list(element), self._caps))
            except errors.OpError:
                raise
            except Exception:  # noqa: BLE001 -- not traceable (a lowering needs concrete values)
                self.compiled["pure"] = False
        ctx = sg_mod.SubCtx(rt.ctx, None, np.uint32(next(self.calls) & 0xFFFFFFFF))
        return self._convert(self.subgraph.run(ctx, list(element), self.capture_env))

    def batched(self, stacked):
        """The outputs for stacked inputs (one leading batch dimension), or None when not possible."""
        if not (self.pure and self._signature_ok("vjit", stacked)):
            return None
        try:
            return self._convert(self._jitted("vjit")(stacked, self._caps))
        except errors.OpError:
            raise
        except Exception:  # noqa: BLE001
            self.compiled["pure"] = False
            return None


class _PerElement(DatasetValue):
    """A pipeline stage that applies a traced function (`fn(rt, element)`) to each input element."""

    def __init__(self, child, fn):
        self.child = child
        self.fn = fn


class Map(_PerElement):
    def iterate(self, rt):
        for element in self.child.iterate(rt):
            yield self.fn(rt, element)


class Filter(_PerElement):
    def iterate(self, rt):
        for element in self.child.iterate(rt):
            if bool(self.fn(rt, element)[0]):
                yield element


class FlatMap(_PerElement):
    def iterate(self, rt):
        for element in self.child.iterate(rt):
            yield from self.fn(rt, element)[0].iterate(rt)


class Interleave(DatasetValue):
    """TF's deterministic interleave: `cycle_length` open inputs, `block_length` elements each in turn."""

    def __init__(self, child, fn, cycle_length, block_length):
        self.child = child
        self.fn = fn
        self.cycle_length = max(int(cycle_length), 1)
        self.block_length = int(block_length)

    def iterate(self, rt):
        # A slot left empty (at the start, or when its input ran out) opens the next input element
        # when its turn comes, and is read from in that same turn (TF's InterleaveDatasetOp).
        inputs = self.child.iterate(rt)
        slots = [None] * self.cycle_length
        exhausted = False
        i = 0
        while True:
            if slots[i] is None and not exhausted:
                try:
                    element = next(inputs)
                except StopIteration:
                    exhausted = True
                else:
                    slots[i] = self.fn(rt, element)[0].iterate(rt)
            if slots[i] is not None:
                for _ in range(self.block_length):
                    try:
                        yield next(slots[i])
                    except StopIteration:
                        slots[i] = None
                        break
            if exhausted and all(s is None for s in slots):
                return
            i = (i + 1) % self.cycle_length


class Batch(DatasetValue):
    def __init__(self, child, batch_size, drop_remainder, dtypes_):
        self.child = child
        self.batch_size = int(batch_size)
        self.drop_remainder = bool(drop_remainder)
        self.dtypes = dtypes_

    def _check(self, rt, parts, i):
        first = np.shape(parts[0])
        for k, p in enumerate(parts):
            if np.shape(p) != first:
                raise errors.InvalidArgumentError(
                    None, rt.op, "Cannot batch tensors with different shapes in component %d. First "
                                 "element had shape [%s] and element %d had shape [%s]."
                                 % (i, ",".join(map(str, first)), k, ",".join(map(str, np.shape(p)))))

    def make_batch(self, rt, elements):
        out = []
        for i, dt in enumerate(self.dtypes):
            parts = [e[i] for e in elements]
            self._check(rt, parts, i)
            out.append(stack(parts, dt))
        return out

    def iterate(self, rt):
        fused = type(self) is Batch and isinstance(self.child, Map) and self.child.fn.pure
        it = self.child.child.iterate(rt) if fused else self.child.iterate(rt)
        while True:
            elements = list(itertools.islice(it, self.batch_size))
            if not elements or (self.drop_remainder and len(elements) < self.batch_size):
                return
            if fused:
                yield self._map_and_batch(rt, elements)
            else:
                yield self.make_batch(rt, elements)

    def _map_and_batch(self, rt, elements):
        fn = self.child.fn
        if all(np.shape(e[i]) == np.shape(elements[0][i]) for e in elements for i in range(len(e))):
            out = fn.batched([np.stack([e[i] for e in elements]) for i in range(len(elements[0]))])
            if out is not None:
                return out
        return self.make_batch(rt, [fn(rt, e) for e in elements])


class PaddedBatch(Batch):
    def __init__(self, child, batch_size, drop_remainder, dtypes_, padded_shapes, padding_values):
        super().__init__(child, batch_size, drop_remainder, dtypes_)
        self.padded_shapes = padded_shapes  # per component: list of ints, -1 = the batch's longest
        self.padding_values = padding_values

    def make_batch(self, rt, elements):
        out = []
        for i, dt in enumerate(self.dtypes):
            parts = [np.asarray(e[i], dtype=object) if dt == dtypes.string else np.asarray(e[i])
                     for e in elements]
            want = self.padded_shapes[i]
            target = []
            for d, w in enumerate(want):
                longest = max(p.shape[d] for p in parts)
                if w >= 0 and longest > w:
                    raise errors.InvalidArgumentError(
                        None, rt.op, "Attempted to pad to a smaller size than the input element.")
                target.append(longest if w < 0 else w)
            batch = np.full([len(parts)] + target, self.padding_values[i],
                            dtype=object if dt == dtypes.string else dt.as_numpy_dtype)
            for k, p in enumerate(parts):
                batch[(k,) + tuple(slice(0, s) for s in p.shape)] = p
            out.append(batch)
        return out


class Shuffle(DatasetValue):
    """A buffer of `buffer_size` elements; each output is a uniformly chosen one, replaced by the next
    input (TF's algorithm; its random stream is not TF's)."""

    def __init__(self, child, buffer_size, seed, seed2, reshuffle):
        self.child = child
        self.buffer_size = int(buffer_size)
        self.seeds = (seed, seed2)
        self.reshuffle = reshuffle
        self.rng = self._new_rng()

    def _new_rng(self):
        seed, seed2 = self.seeds
        if seed == 0 and seed2 == 0:
            return np.random.default_rng()
        return np.random.default_rng([seed & 0xFFFFFFFFFFFF, seed2 & 0xFFFFFFFFFFFF])

    def iterate(self, rt):
        rng = self.rng if self.reshuffle else self._new_rng()
        it = self.child.iterate(rt)
        buf = list(itertools.islice(it, self.buffer_size))
        while buf:
            i = int(rng.integers(len(buf)))
            element = buf[i]
            try:
                buf[i] = next(it)
            except StopIteration:
                buf[i] = buf[-1]
                buf.pop()
            yield element


class Repeat(DatasetValue):
    def __init__(self, child, count):
        self.child = child
        self.count = int(count)

    def iterate(self, rt):
        epochs = itertools.count() if self.count < 0 else range(self.count)
        for _ in epochs:
            produced = False
            for element in self.child.iterate(rt):
                produced = True
                yield element
            if not produced:  # an empty input repeated forever ends (TF does the same)
                return


class Take(DatasetValue):
    def __init__(self, child, count):
        self.child = child
        self.count = int(count)

    def iterate(self, rt):
        it = self.child.iterate(rt)
        return it if self.count < 0 else itertools.islice(it, self.count)


class Skip(DatasetValue):
    def __init__(self, child, count):
        self.child = child
        self.count = int(count)

    def iterate(self, rt):
        it = self.child.iterate(rt)
        if self.count < 0:
            for _ in it:
                pass
            return
        for _ in itertools.islice(it, self.count):
            pass
        yield from it


class Shard(DatasetValue):
    def __init__(self, child, num_shards, index):
        self.child = child
        self.num_shards = num_shards
        self.index = index

    def iterate(self, rt):
        return itertools.islice(self.child.iterate(rt), self.index, None, self.num_shards)


class Passthrough(DatasetValue):
    """prefetch: elements are produced on demand, so there is nothing to buffer ahead."""

    def __init__(self, child):
        self.child = child

    def iterate(self, rt):
        return self.child.iterate(rt)


class Cache(DatasetValue):
    """In-memory cache: the first complete pass is recorded and replayed by later passes."""

    def __init__(self, child):
        self.child = child
        self.cached = None

    def iterate(self, rt):
        if self.cached is not None:
            yield from self.cached
            return
        seen = []
        for element in self.child.iterate(rt):
            seen.append(element)
            yield element
        self.cached = seen


def _filenames(op, names):
    out = []
    for f in np.asarray(names, dtype=object).reshape(-1):
        out.append(f if isinstance(f, bytes) else str(f).encode())
    return out


class TextLines(DatasetValue):
    def __init__(self, op, filenames, compression):
        self.op = op
        self.filenames = _filenames(op, filenames)
        self.compression = compression

    def iterate(self, rt):
        from ..ops.reader_ops import _open
        for name in self.filenames:
            data = _open(self.op, name)
            if self.compression:
                import zlib
                data = zlib.decompress(data, 16 + 15 if self.compression == "GZIP" else 15)
            lines = data.split(b"\n")
            if lines and lines[-1] == b"":
                lines.pop()
            for line in lines:
                if line.endswith(b"\r"):
                    line = line[:-1]
                yield [np.asarray(line, dtype=object)]


class TFRecords(DatasetValue):
    def __init__(self, op, filenames, compression):
        self.op = op
        self.filenames = _filenames(op, filenames)
        self.compression = compression

    def iterate(self, rt):
        from ..summaries.tfrecord import read_records
        for name in self.filenames:
            for record in read_records(name.decode("utf-8", "surrogateescape"), self.compression or None):
                yield [np.asarray(record, dtype=object)]


class FixedLengthRecords(DatasetValue):
    def __init__(self, op, filenames, header_bytes, record_bytes, footer_bytes, compression):
        self.op = op
        self.filenames = _filenames(op, filenames)
        self.sizes = (int(header_bytes), int(record_bytes), int(footer_bytes))
        self.compression = compression

    def iterate(self, rt):
        from ..ops.reader_ops import _fixed_length
        header, record, footer = self.sizes
        records = _fixed_length(header, record, footer, 0, self.compression)
        for name in self.filenames:
            for _, value in records(self.op, name):
                yield [np.asarray(value, dtype=object)]
