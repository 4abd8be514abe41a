"""What the MNIST goldens record about the tutorials' reader, shared by make_golden.py (run under
real TensorFlow's reader) and tests/datasets/test_mnist.py (run under tf1's). numpy only: the reader
module is passed in.

Hashes, not arrays, keep the golden small: sha256 of the raw bytes of each array (C order).
"""
import contextlib
import hashlib
import io

import numpy as np


def sha(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def describe(ds):
    return {
        'images_shape': list(ds.images.shape), 'images_dtype': str(ds.images.dtype),
        'labels_shape': list(ds.labels.shape), 'labels_dtype': str(ds.labels.dtype),
        'num_examples': int(ds.num_examples), 'first_labels': ds.labels[:3].tolist(),
        'images_sha': sha(ds.images), 'labels_sha': sha(ds.labels),
        'images_min': float(ds.images.min()), 'images_max': float(ds.images.max()),
        'images_sum': float(ds.images.astype(np.float64).sum()),
    }


def batches(ds, size, count, **kw):
    out = []
    for _ in range(count):
        x, y = ds.next_batch(size, **kw)
        out.append({'images_shape': list(x.shape), 'images_sha': sha(x), 'labels_sha': sha(y),
                    'first_labels': np.asarray(y)[:5].tolist(), 'epochs_completed': ds.epochs_completed})
    return out


def reader(input_data):
    """`read(data_dir, **kw) -> (datasets, printed lines)` over `input_data.read_data_sets`."""
    def read(data_dir, **kw):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            ds = input_data.read_data_sets(data_dir, **kw)
        return ds, buf.getvalue().splitlines()
    return read
