"""`tf.keras.applications` (TF 1.15, which wraps keras_applications 1.0.8): canned image-classification
architectures built from tf1's tf.keras layers, with optional ImageNet weights.

common.py holds what every architecture shares (argument checks and their TF messages, the input-shape
rules, the input layer, the pooling/classifier head, model creation and weight loading);
imagenet_utils.py the preprocessing and prediction decoding; one module per architecture family.
"""
