"""`ShardedFilename` and `MergeV2Checkpoints`: the ops of TF's sharded Saver graph.

A SavedModel's Saver is built with `sharded=True`; TensorFlow's graph for it saves each shard to
`<prefix>_temp*/part-NNNNN-of-NNNNN` and merges the shards into `<prefix>` afterwards. tf1's own
Saver writes the single bundle directly, but a graph TensorFlow wrote holds these ops, so they are
registered beside SaveV2/RestoreV2: a TF-written SavedModel imports into tf1, and its Saver can also save again.
Both are host ops (strings and file I/O).
"""
import os

import numpy as np

from ..framework import dtypes, errors, registry
from ..formats import tensor_bundle
from ..ops._common import TensorShape
from .saver import _text, _text_list


def _sharded_filename_lower(ctx, op, basename, shard, num_shards):
    name = "%s-%05d-of-%05d" % (_text(basename), int(np.asarray(shard)), int(np.asarray(num_shards)))
    return np.asarray(name.encode("utf-8"), dtype=object)


def _merge_lower(ctx, op, checkpoint_prefixes, destination_prefix):
    sources = _text_list(checkpoint_prefixes)
    destination = _text(destination_prefix)
    items, seen = [], set()
    try:
        for prefix in sources:
            reader = tensor_bundle.BundleReader(prefix)
            for key in reader.keys():
                if key in seen:
                    raise errors.InvalidArgumentError(
                        None, op, "Duplicate tensor keyed by %s encountered, when merging prefix: %s"
                        % (key, prefix))
                seen.add(key)
                items.append((key, reader.dtype(key), reader.lookup(key)))
            reader.close()
        os.makedirs(os.path.dirname(destination) or ".", exist_ok=True)
        tensor_bundle.write_bundle(destination, items)
    except errors.OpError as e:
        raise type(e)(None, op, e.message) from None
    for prefix in sources:
        if os.path.abspath(prefix) == os.path.abspath(destination):
            continue
        for path in (tensor_bundle.index_filename(prefix), tensor_bundle.data_filename(prefix)):
            if os.path.exists(path):
                os.remove(path)
        if op._attrs.get("delete_old_dirs", True):
            try:  # TF removes the shards' directory only when it is left empty
                os.rmdir(os.path.dirname(prefix))
            except OSError:
                pass
    return ()


registry.register("ShardedFilename", lambda op: [(dtypes.string, TensorShape([]))],
                  _sharded_filename_lower, host=True, differentiable=False)
registry.register("MergeV2Checkpoints", lambda op: [], _merge_lower, stateful=True, host=True,
                  differentiable=False)
