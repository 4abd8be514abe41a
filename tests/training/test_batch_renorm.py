"""Batch renormalization (`renorm=True`) of tf.layers.batch_normalization, tf.layers.BatchNormalization
and tf.contrib.layers.batch_norm against real TensorFlow's results (tests/golden/training/
batch_renorm_golden.*, recorded by batch_renorm_make.py from the cases in batch_renorm_cases.py):
training and inference outputs, gradients, moving and renorm statistics over several training steps
to 1e-5; variable lists, model/trainable variables and update-op names exactly."""
import json
import os
import sys

import numpy as np
import pytest

import tf1 as tf

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "training")
sys.path.insert(0, GOLDEN)
import batch_renorm_cases  # noqa: E402

with open(os.path.join(GOLDEN, "batch_renorm_golden.json")) as f:
    META = json.load(f)
ARRAYS = np.load(os.path.join(GOLDEN, "batch_renorm_golden.npz"))


@pytest.mark.parametrize("case", batch_renorm_cases.CASES, ids=lambda c: c.__name__)
def test_batch_renorm_case_matches_tf(case):
    want = META[case.__name__]
    got = batch_renorm_cases.run_case(tf, case)
    for key in ("variables", "model_variables", "trainable", "update_ops"):
        assert got[key] == want[key], key
    keys = sorted(k.split("/", 1)[1] for k in ARRAYS.files if k.startswith(case.__name__ + "/"))
    assert sorted(got["values"]) == keys
    for k in keys:
        np.testing.assert_allclose(got["values"][k], ARRAYS[case.__name__ + "/" + k], rtol=1e-5, atol=1e-5,
                                   err_msg=k)


def test_renorm_golden_moves_the_renorm_statistics():
    # Guards the golden itself: the renorm averages move, and the clipped case's r is really clipped
    # (its output differs from plain batch norm of the same batch).
    rm0 = ARRAYS["layers_rank2/step0/var/batch_normalization/renorm_mean:0"]
    rm1 = ARRAYS["layers_rank2/step1/var/batch_normalization/renorm_mean:0"]
    np.testing.assert_allclose(rm1, 0.3 * batch_renorm_cases.X2[0].mean(0), rtol=1e-5)
    assert not np.allclose(rm0, rm1)
    x = batch_renorm_cases.X4[1]
    plain = (x - x.mean((0, 1, 2))) / np.sqrt(x.var((0, 1, 2)) + 1e-3)
    gamma = ARRAYS["layers_rank4_clipped/step1/var/bn/gamma:0"]
    beta = ARRAYS["layers_rank4_clipped/step1/var/bn/beta:0"]
    assert not np.allclose(ARRAYS["layers_rank4_clipped/step1/train/y"], plain * gamma + beta, atol=1e-3)


def test_renorm_variables_and_no_fused_kernel():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, 2, 2, 3])
        layer = tf.layers.BatchNormalization(renorm=True, fused=True)  # V1: renorm turns fused off
        layer(x, training=True)
        assert not layer.fused
        assert [v.name for v in layer.non_trainable_weights] == [
            "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0",
            "batch_normalization/moving_stddev:0", "batch_normalization/renorm_mean:0",
            "batch_normalization/renorm_stddev:0"]
        types = {op.type for op in tf.get_default_graph().get_operations()}
        assert "FusedBatchNormV3" not in types
        assert tf.get_default_graph().get_operation_by_name("batch_normalization/renorm_r").type == "StopGradient"


def test_renorm_errors():
    with pytest.raises(ValueError, match=r"renorm_clipping \{'rmax': 2.0, 'max': 1.0\} contains keys not in "
                                         r"\['rmax', 'rmin', 'dmax'\]"):
        tf.layers.BatchNormalization(renorm=True, renorm_clipping={"rmax": 2.0, "max": 1.0})
    tf.layers.BatchNormalization(renorm=False, renorm_clipping={"max": 1.0})  # only checked with renorm
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [4, 3])
        with pytest.raises(ValueError, match="renorm is not supported with batch_weights, updates_collections "
                                             "or zero_debias_moving_mean"):
            tf.contrib.layers.batch_norm(x, renorm=True, updates_collections=None)
