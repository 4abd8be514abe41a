"""tf.keras.applications (TF 1.15 = keras_applications 1.0.8) against keras_applications run on real TF
with tf.keras injected: layer names, classes and output shapes in order, parameter counts, weight names
(structure), TF's argument errors, and predictions with every weight set to the same seeded values.

Goldens: tests/golden/keras/applications/{structure.json.gz, errors.json, predict.npz}, recorded by
tests/golden/keras/applications/make_goldens.py (command in its docstring) from the cases in
applications_cases.py. TF 1.15 gives an InputLayer's output shape as a tuple (tf_keras: a list of one).
"""
import gzip
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf
from tf1 import keras

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'keras', 'applications')
sys.path.insert(0, GOLDEN)
import applications_cases as cases  # noqa: E402

with gzip.open(os.path.join(GOLDEN, 'structure.json.gz'), 'rt') as f:
    STRUCTURE = json.load(f)
with open(os.path.join(GOLDEN, 'errors.json')) as f:
    ERRORS = json.load(f)
PREDICT = np.load(os.path.join(GOLDEN, 'predict.npz'))
K = keras.backend

# Big models whose build (or prediction) takes seconds: the default run keeps one of each family.
SLOW_STRUCTURE = {'vgg19_top', 'resnet50v2_top', 'resnet101_notop', 'inception_v3_top', 'xception_top',
                  'inception_resnet_v2_top', 'inception_resnet_v2_notop', 'mobilenet_v2_a14',
                  'densenet169_notop', 'densenet201_top', 'nasnet_mobile_top', 'nasnet_mobile_notop',
                  'nasnet_large_notop', 'resnet152v2_notop', 'resnet152_top'}
# Predictions run the whole network once (seconds of XLA compilation each): one in the default run.
SLOW_PREDICT = {c[0] for c in cases.PREDICT} - {'p_mobilenet'}


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    yield
    K.clear_session()


def build(module, fn, kwargs):
    return getattr(getattr(keras.applications, module), fn)(**cases.resolve(kwargs, keras, tf))


def normalise(golden):
    """The tf_keras golden in TF 1.15's form (InputLayer output shapes as one tuple)."""
    golden = json.loads(json.dumps(golden))
    for layer in golden['layers']:
        if layer[1] == 'InputLayer' and isinstance(layer[2][0], list):
            layer[2] = layer[2][0]
    if isinstance(golden['input_shape'][0], list):
        golden['input_shape'] = golden['input_shape'][0]
    return golden


def marked(cases_list, slow):
    return [pytest.param(*c, marks=pytest.mark.slow) if c[0] in slow else c for c in cases_list]


@pytest.mark.parametrize('cid,module,fn,kwargs', marked(cases.STRUCTURE, SLOW_STRUCTURE),
                         ids=[c[0] for c in cases.STRUCTURE])
def test_structure(cid, module, fn, kwargs):
    if cid not in STRUCTURE:
        pytest.fail('no golden for %s' % cid)
    got = json.loads(json.dumps(cases.describe(build(module, fn, kwargs))))
    want = normalise(STRUCTURE[cid])
    assert got['name'] == want['name']
    assert [l[:2] for l in got['layers']] == [l[:2] for l in want['layers']]
    assert got['layers'] == want['layers']
    for key in ('input_shape', 'output_shape', 'count_params', 'trainable', 'non_trainable'):
        assert got[key] == want[key], key


@pytest.mark.parametrize('cid,module,fn,kwargs', cases.ERRORS, ids=[c[0] for c in cases.ERRORS])
def test_argument_errors(cid, module, fn, kwargs):
    kind, message = ERRORS[cid]
    with pytest.raises(Exception) as info:
        build(module, fn, kwargs)
    assert type(info.value).__name__ == kind
    assert str(info.value) == message


@pytest.mark.parametrize('cid,module,fn,kwargs', marked(cases.PREDICT, SLOW_PREDICT),
                         ids=[c[0] for c in cases.PREDICT])
def test_predictions(cid, module, fn, kwargs):
    model = build(module, fn, kwargs)
    cases.fill_weights(model)
    got = model.predict(cases.X(model.input_shape[1:]))
    want = PREDICT[cid]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4 * float(np.abs(want).max()))
