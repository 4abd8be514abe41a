"""Records what TF 1.x's MNIST reader returns, for tests/examples/test_mnist_input_data.py.

Run under real TensorFlow with the conformance shim (which carries TF 1.x's reader, offline):

    cd tests/golden/mnist && PYTHONPATH=/work/shared/conformance/shim_tf TF_CPP_MIN_LOG_LEVEL=2 \
        /opt/tfvenv/bin/python make_golden.py /work/shared/data/mnist > mnist_golden.json

What is recorded per data set and batch is mnist_describe.py's, shared with the test.
"""
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

from mnist_describe import batches, describe, reader


read = reader(input_data)


def main(src):
    work = tempfile.mkdtemp()
    os.chdir(work)
    shutil.copytree(src, 'MNIST_data')
    g = {}
    tf.reset_default_graph()
    ds, printed = read('MNIST_data')
    g['default'] = {'stdout': printed, 'train': describe(ds.train), 'validation': describe(ds.validation),
                    'test': describe(ds.test)}
    ds, printed = read('MNIST_data/', one_hot=True)
    g['one_hot'] = {'stdout': printed, 'train': describe(ds.train),
                    'first_rows': ds.train.labels[:3].tolist()}
    ds, _ = read('MNIST_data', dtype=tf.uint8, reshape=False, validation_size=100)
    g['uint8_noreshape'] = {'train': describe(ds.train), 'validation': describe(ds.validation)}
    for bad in (-1, 8501):
        try:
            read('MNIST_data', validation_size=bad)
        except ValueError as e:
            g['bad_validation_%d' % bad] = str(e)
    try:
        read('MNIST_data', dtype=tf.int32)
    except TypeError as e:
        g['bad_dtype'] = str(e)

    # Op seed only: numpy is seeded with it by each DataSet constructor (train, validation, test).
    ds, _ = read('MNIST_data', seed=123)
    g['seed123_train'] = batches(ds.train, 1000, 5)
    g['seed123_validation_noshuffle'] = batches(ds.validation, 2000, 3, shuffle=False)
    ds, _ = read('MNIST_data', seed=123)
    g['seed123_test_then_rand'] = {'batches': batches(ds.test, 600, 3),
                                   'np_rand_after': float(np.random.rand())}
    ds, _ = read('MNIST_data', seed=123)
    g['seed123_rand_right_after'] = float(np.random.rand())
    # Graph seed: numpy is seeded with the graph seed when no op seed is given.
    tf.reset_default_graph()
    tf.set_random_seed(7)
    ds, _ = read('MNIST_data')
    g['graphseed7_test'] = batches(ds.test, 600, 3)
    ds, _ = read('MNIST_data', seed=5)
    g['graphseed7_seed5_test'] = batches(ds.test, 600, 3)
    tf.reset_default_graph()

    ds, _ = read('MNIST_data', fake_data=True, one_hot=True)
    x, y = ds.train.next_batch(2, fake_data=True)
    g['fake_one_hot'] = {'num_examples': ds.train.num_examples, 'x_len': [len(x), len(x[0])],
                         'x_first': x[0][:3], 'y': y}
    ds, _ = read('MNIST_data', fake_data=True)
    g['fake'] = {'y': ds.test.next_batch(3, fake_data=True)[1]}
    print(json.dumps(g, indent=1, sort_keys=True))
    shutil.rmtree(work)


if __name__ == '__main__':
    main(os.path.abspath(sys.argv[1]))
