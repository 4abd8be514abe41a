"""Records goldens for tests/keras/test_preprocessing_image.py from keras_preprocessing 1.1.0 (the
package TF 1.15's `tf.keras.preprocessing.image` wraps), run with tf_keras injected as its Keras and
with scipy (its resampler), Pillow and pandas installed in the oracle venv. TF 1.15's wrappers only fill in
`data_format=image_data_format()` and `dtype=floatx()`; the calls below pass those explicitly.

Command (from the repository root; keras_preprocessing 1.1.0 unpacked at /tmp/kpkgs/src):
    TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 PYTHONPATH=/tmp/kpkgs/src /opt/tfvenv/bin/python \
        tests/golden/keras/preprocessing_image/make_golden.py

Writes golden.npz (arrays, keyed by case name) and golden.json (parameters, file lists, class maps)
next to this script. The inputs and the calls are the recorders in cases.py, which the test runs
again on tf1's `keras.preprocessing.image`.
"""
import json
import os
import sys

import numpy as np
import tf_keras
import keras_preprocessing
from keras_preprocessing import image as kimage

keras_preprocessing.set_keras_submodules(backend=tf_keras.backend, utils=tf_keras.utils)
kimage.iterator.IteratorType = tf_keras.utils.Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cases import RECORDERS, record_dataframe  # noqa: E402

arrays, meta = {}, {}
for recorder in RECORDERS + [record_dataframe]:
    a, m = recorder(kimage)
    arrays.update(a)
    meta.update(m)
np.savez_compressed(os.path.join(HERE, "golden.npz"), **arrays)
with open(os.path.join(HERE, "golden.json"), "w") as f:
    json.dump(meta, f, indent=1, sort_keys=True)
print("wrote %d arrays, %d json entries" % (len(arrays), len(meta)))
