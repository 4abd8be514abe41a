"""Records tests/golden/keras/applications/{structure.json.gz, errors.json, predict.npz, preprocess.npz,
mobilenet_2_5_128_tf_no_top.h5.gz} from keras_applications 1.0.8 (TF 1.15's tf.keras.applications
backend, unpacked at /tmp/kpkgs/src) with real TF's tf.keras injected exactly as TF 1.15's
`keras_modules_injection` does. The cases are applications_cases.py's (shared with the tests).

    cd /work/main && TF_CPP_MIN_LOG_LEVEL=2 TF_USE_LEGACY_KERAS=1 /opt/tfvenv/bin/python \
        tests/golden/keras/applications/make_goldens.py [case-id-prefix ...]

With prefixes only the matching cases are re-recorded (merged into the existing files).
"""
import gzip
import importlib
import json
import os
import shutil
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, '/tmp/kpkgs/src')
import applications_cases as cases  # noqa: E402

import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
warnings.simplefilter('ignore')
INJECT = dict(backend=tf.keras.backend, layers=tf.keras.layers, models=tf.keras.models,
              utils=tf.keras.utils)


def build(module, fn, kwargs):
    tf.keras.backend.clear_session()
    ka = importlib.import_module('keras_applications.' + cases.KA_MODULE[module])
    return getattr(ka, fn)(**cases.resolve(kwargs, tf.keras, tf), **INJECT)


def load(path, default):
    return json.load(open(path)) if os.path.exists(path) else default


def main(prefixes):
    def wanted(cid):
        return not prefixes or any(cid.startswith(p) for p in prefixes)

    spath = os.path.join(HERE, 'structure.json.gz')
    structure = json.load(gzip.open(spath, 'rt')) if os.path.exists(spath) else {}
    for cid, module, fn, kwargs in cases.STRUCTURE:
        if wanted(cid):
            structure[cid] = cases.describe(build(module, fn, kwargs))
            print(cid, structure[cid]['count_params'])
    with gzip.open(spath, 'wt') as f:
        json.dump(structure, f, indent=0, sort_keys=True)

    epath = os.path.join(HERE, 'errors.json')
    errors = load(epath, {})
    for cid, module, fn, kwargs in cases.ERRORS:
        if not wanted(cid):
            continue
        try:
            build(module, fn, kwargs)
        except Exception as e:  # the recorded outcome
            errors[cid] = [type(e).__name__, str(e)]
        else:
            errors[cid] = None
        print(cid, errors[cid])
    json.dump(errors, open(epath, 'w'), indent=1, sort_keys=True)

    ppath = os.path.join(HERE, 'predict.npz')
    preds = dict(np.load(ppath)) if os.path.exists(ppath) else {}
    for cid, module, fn, kwargs in cases.PREDICT:
        if not wanted(cid):
            continue
        model = build(module, fn, kwargs)
        cases.fill_weights(model)
        preds[cid] = model.predict(cases.X(model.input_shape[1:]))
        print(cid, preds[cid].shape, float(np.abs(preds[cid]).max()))
    np.savez_compressed(ppath, **preds)

    if wanted('imagenet'):
        model = build('mobilenet', 'MobileNet', cases.IMAGENET_KWARGS)
        model.set_weights([cases.quantised(w.name.split(':')[0], tuple(w.shape)) for w in model.weights])
        path = os.path.join('/tmp', cases.IMAGENET_FILE)
        model.save_weights(path)
        with open(path, 'rb') as f, gzip.open(os.path.join(HERE, cases.IMAGENET_FILE + '.gz'), 'wb') as g:
            shutil.copyfileobj(f, g)
        os.remove(path)

    if wanted('preprocess'):
        from keras_applications import imagenet_utils
        tf.keras.backend.clear_session()
        out, sym_errors = {}, []
        for cid, mode, fmt, shape, dtype in cases.PREPROCESS:
            x = cases.PIXELS(shape, dtype)
            out['np_' + cid] = imagenet_utils.preprocess_input(x.copy(), data_format=fmt, mode=mode,
                                                               **INJECT)
            # Tensors are preprocessed for float inputs. tf_keras's bias_add of a 3-D channels_first
            # tensor differs from TF 1.15's, so that case is left out; 'torch' mode divides a
            # channels_first tensor by the 3 stds along its last axis, which fails (in TF 1.15 too):
            # those cases are recorded in sym_errors.
            if dtype.startswith('float') and not (fmt == 'channels_first' and len(shape) == 3):
                t = tf.constant(x)
                try:
                    out['sym_' + cid] = tf.keras.backend.get_session().run(
                        imagenet_utils.preprocess_input(t, data_format=fmt, mode=mode, **INJECT))
                except ValueError:
                    sym_errors.append(cid)
        out['sym_errors'] = np.array(sym_errors)
        imagenet_utils.CLASS_INDEX = cases.fake_class_index()
        decoded = imagenet_utils.decode_predictions(cases.PREDS(), top=4, **INJECT)
        out['decoded_names'] = np.array([[list(r[:2]) for r in row] for row in decoded])
        out['decoded_scores'] = np.array([[r[2] for r in row] for row in decoded])
        np.savez_compressed(os.path.join(HERE, 'preprocess.npz'), **out)


if __name__ == '__main__':
    main(sys.argv[1:])
