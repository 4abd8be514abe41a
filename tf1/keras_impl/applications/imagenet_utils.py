"""ImageNet preprocessing and prediction decoding (keras_applications 1.0.8 `imagenet_utils`).

`preprocess_input` works on numpy arrays (in place when the array is already floating point, as
Keras documents) and on graph tensors (ops added to the graph). Modes: 'caffe' (RGB->BGR, subtract
the BGR ImageNet mean), 'tf' (scale to [-1, 1]), 'torch' (scale to [0, 1], then normalise per channel).
"""
import json

import numpy as np

from tf1.api import public

from . import common

CLASS_INDEX = None
CLASS_INDEX_PATH = ('https://storage.googleapis.com/download.tensorflow.org/'
                    'data/imagenet_class_index.json')

_CAFFE_MEAN = [103.939, 116.779, 123.68]  # BGR
_IMAGENET_MEAN = None  # -mean of the first tensor preprocessed (see _preprocess_symbolic_input)
_TORCH_MEAN = [0.485, 0.456, 0.406]
_TORCH_STD = [0.229, 0.224, 0.225]


def _channels_index(x_ndim, data_format, channel):
    """Index selecting one channel of a 3-D image or 4-D batch."""
    if data_format == 'channels_first':
        return (channel,) if x_ndim == 3 else (slice(None), channel)
    return (Ellipsis, channel)


def _scale(x, ndim, data_format, mode):
    """The mode's scaling, in place as keras_applications does: 'tf' maps to [-1, 1] and is done;
    'torch' maps to [0, 1] before its mean/std; 'caffe' flips RGB to BGR before its mean.
    Returns x and the (mean, std) still to apply (None for 'tf')."""
    if mode == 'tf':
        x /= 127.5
        x -= 1.
        return x, None
    if mode == 'torch':
        x /= 255.
        return x, (_TORCH_MEAN, _TORCH_STD)
    return _to_bgr(x, ndim, data_format), (_CAFFE_MEAN, None)


def _preprocess_numpy_input(x, data_format, mode):
    if not issubclass(x.dtype.type, np.floating):
        x = x.astype(public().keras.backend.floatx(), copy=False)
    x, stats = _scale(x, x.ndim, data_format, mode)
    if stats is None:
        return x
    mean, std = stats
    for c in range(3):
        index = _channels_index(x.ndim, data_format, c)
        x[index] -= mean[c]
        if std is not None:
            x[index] /= std[c]
    return x


def _to_bgr(x, ndim, data_format):
    if data_format == 'channels_first':
        return x[::-1, ...] if ndim == 3 else x[:, ::-1, ...]
    return x[..., ::-1]


def _preprocess_symbolic_input(x, data_format, mode):
    backend = public().keras.backend
    x, stats = _scale(x, backend.ndim(x), data_format, mode)
    if stats is None:
        return x
    mean, std = stats
    # keras_applications keeps the -mean of the FIRST symbolic call in a module global and reuses it
    # whatever the later mode (so 'torch' after 'caffe' subtracts Caffe's mean): the values are kept
    # the same way, but a constant is made per call so that it lives in the caller's graph.
    global _IMAGENET_MEAN
    if _IMAGENET_MEAN is None:
        _IMAGENET_MEAN = -np.array(mean)
    neg_mean = backend.constant(_IMAGENET_MEAN)
    if backend.dtype(x) != backend.dtype(neg_mean):
        neg_mean = backend.cast(neg_mean, backend.dtype(x))
    x = backend.bias_add(x, neg_mean, data_format)
    if std is not None:
        x /= std
    return x


def preprocess_input(x, data_format=None, mode='caffe', **kwargs):
    """Preprocesses a numpy array or tensor of images (3-D) or image batches (4-D)."""
    common.check_kwargs(kwargs)
    if data_format is None:
        data_format = public().keras.backend.image_data_format()
    if data_format not in {'channels_first', 'channels_last'}:
        raise ValueError('Unknown data_format ' + str(data_format))
    if isinstance(x, np.ndarray):
        return _preprocess_numpy_input(x, data_format=data_format, mode=mode)
    return _preprocess_symbolic_input(x, data_format=data_format, mode=mode)


def _class_index():
    global CLASS_INDEX
    if CLASS_INDEX is None:
        path = common.get_file('imagenet_class_index.json', CLASS_INDEX_PATH,
                               file_hash='c2c37ea517e94d9795004a39431a14cb')
        with open(path) as f:
            CLASS_INDEX = json.load(f)
    return CLASS_INDEX


def decode_predictions(preds, top=5, **kwargs):
    """[(class_name, class_description, score)] of the `top` classes for each row of a
    (samples, 1000) prediction array, best first."""
    common.check_kwargs(kwargs)
    if len(preds.shape) != 2 or preds.shape[1] != 1000:
        raise ValueError('`decode_predictions` expects '
                         'a batch of predictions '
                         '(i.e. a 2D array of shape (samples, 1000)). '
                         'Found array with shape: ' + str(preds.shape))
    index = _class_index()
    results = []
    for pred in preds:
        top_indices = pred.argsort()[-top:][::-1]
        result = [tuple(index[str(i)]) + (pred[i],) for i in top_indices]
        result.sort(key=lambda r: r[2], reverse=True)
        results.append(result)
    return results


def with_mode(mode):
    """The module-level `preprocess_input` of an architecture that fixes the mode."""
    def preprocess(x, **kwargs):
        return preprocess_input(x, mode=mode, **kwargs)
    preprocess.__name__ = 'preprocess_input'
    preprocess.__doc__ = 'Preprocesses images for this model (%r mode of imagenet_utils).' % mode
    return preprocess


common.publish('imagenet_utils', preprocess_input=preprocess_input,
               decode_predictions=decode_predictions)
