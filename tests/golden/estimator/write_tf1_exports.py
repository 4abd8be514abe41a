"""SavedModels written by tf1's `Estimator.export_saved_model`, the fixtures that real TensorFlow
loads and serves in load_tf1_exports.py (outputs in tf1_exports.run_by_tf.json).

Each export restores a checkpoint whose variables (those of the estimator's PREDICT graph, in name
order) hold seeded random values and global_step 7, so tests/estimator/test_export.py can write the
same export again and compare what tf1 serves with what TF served.
Command (from the repository root): python3 tests/golden/estimator/write_tf1_exports.py
"""
import os
import shutil
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import tf1 as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "tf1_exports")
fc = tf.feature_column


def _x():
    return fc.numeric_column("x", shape=(2,))


def _custom_model_fn(features, mode):
    w = tf.get_variable("w", [2, 1])
    b = tf.get_variable("b", [1])
    y = tf.matmul(features["x"], w) + b
    return tf.estimator.EstimatorSpec(mode, predictions={"y": y, "double": 2.0 * y})


def _parsing(columns):
    return tf.estimator.export.build_parsing_serving_input_receiver_fn(fc.make_parse_example_spec(columns))


def _raw():
    # The receiver's placeholder is named after this one: make it in a graph of its own, so the name
    # (`x`) does not depend on what the caller's default graph already holds.
    with tf.Graph().as_default():
        return tf.estimator.export.build_raw_serving_input_receiver_fn(
            {"x": tf.placeholder(tf.float32, [None, 2], name="x")})


def _specs():
    """name -> (estimator factory(model_dir), serving_input_receiver_fn)."""
    z = fc.numeric_column("z")
    ident = fc.indicator_column(fc.categorical_column_with_identity("i", 3))
    multi_cols = [_x(), ident]
    linear_cols = [_x(), fc.bucketized_column(z, [0.5])]
    hashed_cols = [_x(), fc.categorical_column_with_hash_bucket("i", 5, dtype=tf.int64)]
    return {
        "dnn_binary": (lambda d: tf.estimator.DNNClassifier([3], [_x(), z], model_dir=d), _parsing([_x(), z])),
        "dnn_multiclass": (lambda d: tf.estimator.DNNClassifier([4], multi_cols, n_classes=3, model_dir=d),
                           _parsing([_x(), fc.numeric_column("i", dtype=tf.int64)])),
        "linear_regressor": (lambda d: tf.estimator.LinearRegressor(linear_cols, model_dir=d), _parsing(linear_cols)),
        "combined_classifier": (lambda d: tf.estimator.DNNLinearCombinedClassifier(
            model_dir=d, linear_feature_columns=[z], dnn_feature_columns=[_x()], dnn_hidden_units=[2]),
            _parsing([_x(), z])),
        "baseline_regressor": (lambda d: tf.estimator.BaselineRegressor(model_dir=d), _parsing([_x()])),
        # A hashed categorical column fed by a VarLenFeature (a SparseTensor made dense).
        "linear_hashed": (lambda d: tf.estimator.LinearClassifier(hashed_cols, model_dir=d), _parsing(hashed_cols)),
        "custom_raw": (lambda d: tf.estimator.Estimator(_custom_model_fn, model_dir=d), _raw()),
    }


NAMES = sorted(_specs())


def write_checkpoint(estimator, receiver_fn, path, seed):
    """The PREDICT graph's variables, seeded random values (global_step 7), saved at `path`."""
    rng = np.random.RandomState(seed)
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        receiver = receiver_fn()
        estimator._call_model_fn(receiver.features, None, tf.estimator.ModeKeys.PREDICT, estimator.config)
        variables = sorted((v for v in tf.global_variables() if v is not step), key=lambda v: v.op.name)
        with tf.Session() as sess:
            for v in variables:
                v.load(rng.uniform(-1, 1, v.shape.as_list()).astype(np.float32), sess)
            step.load(7, sess)
            tf.train.Saver().save(sess, path)
    return path


def export(name, export_dir_base, work_dir):
    """Writes export `name` under export_dir_base (a timestamped directory); returns its path."""
    factory, receiver_fn = _specs()[name]
    estimator = factory(os.path.join(work_dir, name, "model"))
    ckpt = write_checkpoint(estimator, receiver_fn, os.path.join(work_dir, name, "ckpt", "model.ckpt"),
                            NAMES.index(name))
    return estimator.export_saved_model(export_dir_base, receiver_fn, checkpoint_path=ckpt).decode()


def main():
    work = tempfile.mkdtemp()
    for name in NAMES:
        path = export(name, os.path.join(work, name, "export"), work)
        target = os.path.join(FIXTURES, name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(path, target)
        print(name, "->", target)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
