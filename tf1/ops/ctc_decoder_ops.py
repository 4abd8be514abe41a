"""`tf.nn.ctc_greedy_decoder` and `tf.nn.ctc_beam_search_decoder` (the CTCGreedyDecoder and
CTCBeamSearchDecoder ops), with TF's SparseTensor outputs.

Both are host ops: their outputs' sizes depend on the decoded labels. The beam search is TF's
ctc_beam_search.h with the default (no-op) scorer: per time step a log-softmax of the logits, pass 1
updating every beam's blank/label log-probabilities, pass 2 growing children of beams that still
compete for the `beam_width` slots, all in float32 with the kernel's LogSumExp. The blank is the
last class.
"""
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry, tensor_shape
from ..framework.graph import name_scope
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ._common import in_dtype
from .image_extra_ops import check_equal_dims
from .indexing_ops import check_rank

TensorShape = tensor_shape.TensorShape
_NEG_INF = np.float32(-np.inf)


def _sparse_outputs(paths, batch):
    """(indices, values, dense_shape) of one path per batch entry."""
    idx = [[b, i] for b, p in enumerate(paths) for i in range(len(p))]
    vals = [v for p in paths for v in p]
    max_len = max([len(p) for p in paths] + [0])
    return (np.asarray(idx, np.int64).reshape(-1, 2), np.asarray(vals, np.int64),
            np.asarray([batch, max_len], np.int64))


def _check_inputs(op, inputs, seq_len):
    if inputs.ndim != 3:
        raise errors.InvalidArgumentError(None, op, "inputs is not a 3-Tensor")
    if seq_len.ndim != 1 or seq_len.shape[0] != inputs.shape[1]:
        raise errors.InvalidArgumentError(
            None, op, "len(sequence_length) != batch_size.  len(sequence_length):  %d batch_size: %d"
            % (seq_len.shape[0] if seq_len.ndim else 0, inputs.shape[1]))
    for b, n in enumerate(seq_len):
        if n > inputs.shape[0]:
            raise errors.InvalidArgumentError(
                None, op, "sequence_length(%d) <= %d" % (b, inputs.shape[0]))


def _decoder_infer(n_paths):
    def infer(op):
        shape = check_rank(op, 0, 3)
        check_equal_dims(op, check_rank(op, 1, 1)[0], shape[1])
        n = n_paths(op)
        return ([(dtypes.int64, TensorShape([None, 2]))] * n + [(dtypes.int64, TensorShape([None]))] * n
                + [(dtypes.int64, TensorShape([2]))] * n + [(in_dtype(op), TensorShape([shape[1], n]))])
    return infer


# ------------------------------------------------------------------------------------ greedy

def _greedy_lower(ctx, op, inputs, seq_len):
    inputs, seq_len = np.asarray(inputs), np.asarray(seq_len)
    _check_inputs(op, inputs, seq_len)
    _, batch, classes = inputs.shape
    blank = classes - 1
    merge = op._attrs.get("merge_repeated", True)
    paths, neg_sum = [], np.zeros([batch, 1], inputs.dtype)
    for b in range(batch):
        path, prev = [], -1
        for t in range(int(seq_len[b])):
            k = int(np.argmax(inputs[t, b]))   # the first maximum, as Eigen's maxCoeff
            neg_sum[b, 0] -= inputs[t, b, k]
            if k != blank and not (merge and k == prev):
                path.append(k)
            prev = k
        paths.append(path)
    return _sparse_outputs(paths, batch) + (neg_sum,)


registry.register("CTCGreedyDecoder", _decoder_infer(lambda op: 1), _greedy_lower, host=True,
                  differentiable=False)


def _sparse(op, n):
    from ..framework.sparse import SparseTensor
    return [SparseTensor(op.outputs[i], op.outputs[n + i], op.outputs[2 * n + i]) for i in range(n)]


@export("nn.ctc_greedy_decoder")
def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True):
    with name_scope(None, "CTCGreedyDecoder", [inputs, sequence_length]) as scope:
        tensors = [convert_to_tensor(inputs, name="inputs"),
                   convert_to_tensor(sequence_length, dtype=dtypes.int32, name="sequence_length")]
        op = make_op("CTCGreedyDecoder", tensors, {"merge_repeated": bool(merge_repeated),
                                                   "T": tensors[0].dtype.base_dtype}, name=scope)
    return _sparse(op, 1), op.outputs[3]


# ------------------------------------------------------------------------------- beam search

def _log_sum_exp(a, b):
    if a == _NEG_INF:
        return b
    if b == _NEG_INF:
        return a
    if a > b:
        return np.float32(a + np.log1p(np.exp(np.float32(b - a))))
    return np.float32(b + np.log1p(np.exp(np.float32(a - b))))


class _Prob:
    __slots__ = ("total", "blank", "label")

    def __init__(self):
        self.total = self.blank = self.label = _NEG_INF

    def copy(self):
        p = _Prob()
        p.total, p.blank, p.label = self.total, self.blank, self.label
        return p


class _Beam:
    __slots__ = ("parent", "label", "newp", "oldp", "children")

    def __init__(self, parent, label):
        self.parent, self.label = parent, label
        self.newp, self.oldp = _Prob(), _Prob()
        self.children = None

    def active(self):
        return self.newp.total != _NEG_INF

    def label_seq(self, merge_repeated):
        labels, prev, c = [], -1, self
        while c.parent is not None:
            if not merge_repeated or c.label != prev:
                labels.append(c.label)
            prev = c.label
            c = c.parent
        return labels[::-1]


def _sorted(beams):
    # TopN's Extract: descending probability (a stable sort keeps insertion order on ties).
    return sorted(beams, key=lambda b: -b.newp.total)


def _beam_search(logits, beam_width, top_paths, merge_repeated, op):
    classes = logits.shape[1]
    blank = classes - 1
    root = _Beam(None, -1)
    root.newp.total = root.newp.blank = np.float32(0)
    leaves = [root]
    for raw in logits:
        m = raw.max()
        x = (raw - np.float32(m + np.log(np.sum(np.exp(raw - m), dtype=np.float32)))).astype(np.float32)
        branches = _sorted(leaves)
        leaves = []
        for b in branches:
            b.oldp = b.newp.copy()
        for b in branches:   # pass 1: existing beams
            if b.parent is not None:
                if b.parent.active():
                    prev = b.parent.oldp.blank if b.label == b.parent.label else b.parent.oldp.total
                    b.newp.label = _log_sum_exp(b.newp.label, prev)
                b.newp.label = np.float32(b.newp.label + x[b.label])
            b.newp.blank = np.float32(b.oldp.total + x[blank])
            b.newp.total = _log_sum_exp(b.newp.blank, b.newp.label)
            leaves.append(b)

        def bottom():
            return min(leaves, key=lambda e: e.newp.total)

        def is_candidate(p):
            return p.total > _NEG_INF and (len(leaves) < beam_width or p.total > bottom().newp.total)

        for b in branches:   # pass 2: grow children
            if not is_candidate(b.oldp):
                continue
            if b.children is None:
                b.children = [_Beam(b, k) for k in range(classes - 1)]
            for c in b.children:
                if c.active():
                    continue
                c.newp.blank = _NEG_INF
                prev = b.oldp.blank if c.label == b.label else b.oldp.total
                c.newp.label = np.float32(x[c.label] + prev)
                c.newp.total = c.newp.label
                if is_candidate(c.newp):
                    if len(leaves) == beam_width:
                        out = bottom()
                        out.newp = _Prob()
                        leaves.remove(out)
                    leaves.append(c)
                else:
                    c.oldp, c.newp = _Prob(), _Prob()
    if top_paths > len(leaves):
        raise errors.InvalidArgumentError(None, op, "Less leaves in the beam search than requested.")
    best = _sorted(leaves)[:top_paths]
    return [b.label_seq(merge_repeated) for b in best], [b.newp.total for b in best]


def _beam_lower(ctx, op, inputs, seq_len):
    inputs, seq_len = np.asarray(inputs), np.asarray(seq_len)
    _check_inputs(op, inputs, seq_len)
    _, batch, _ = inputs.shape
    beam_width, top_paths = op._attrs["beam_width"], op._attrs["top_paths"]
    if top_paths > beam_width:
        raise errors.InvalidArgumentError(None, op, "Requested more paths than the beam width.")
    merge = op._attrs.get("merge_repeated", True)
    per_path = [[] for _ in range(top_paths)]
    log_probs = np.zeros([batch, top_paths], inputs.dtype)
    for b in range(batch):
        steps = inputs[:int(seq_len[b]), b].astype(np.float32)
        paths, probs = _beam_search(steps, beam_width, top_paths, merge, op)
        for p in range(top_paths):
            per_path[p].append(paths[p])
            log_probs[b, p] = probs[p]
    sparse = [_sparse_outputs(paths, batch) for paths in per_path]
    return tuple([s[0] for s in sparse] + [s[1] for s in sparse] + [s[2] for s in sparse] + [log_probs])


registry.register("CTCBeamSearchDecoder", _decoder_infer(lambda op: op._attrs["top_paths"]), _beam_lower,
                  host=True, differentiable=False)


@export("nn.ctc_beam_search_decoder")
def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1, merge_repeated=True):
    with name_scope(None, "CTCBeamSearchDecoder", [inputs, sequence_length]) as scope:
        tensors = [convert_to_tensor(inputs, name="inputs"),
                   convert_to_tensor(sequence_length, dtype=dtypes.int32, name="sequence_length")]
        attrs = {"beam_width": int(beam_width), "top_paths": int(top_paths), "merge_repeated": bool(merge_repeated),
                 "T": tensors[0].dtype.base_dtype}
        op = make_op("CTCBeamSearchDecoder", tensors, attrs, name=scope)
    return _sparse(op, top_paths), op.outputs[3 * top_paths]


@export("nn.ctc_beam_search_decoder_v2")
def ctc_beam_search_decoder_v2(inputs, sequence_length, beam_width=100, top_paths=1):
    # TF 1.15's v2 spelling: repeated labels along a path are never merged.
    return ctc_beam_search_decoder(inputs, sequence_length, beam_width=beam_width, top_paths=top_paths,
                                   merge_repeated=False)
