"""The canned estimators' heads (TF 1.15 head.py, v1 behaviour: the training loss is the SUM over the
batch): logits -> predictions, loss, train_op and eval metrics."""
from ..api import public as tf
from .mode_keys import ModeKeys
from .model_fn import EstimatorSpec


class _Head:
    logits_dimension = 1

    def create_estimator_spec(self, features, mode, logits, labels=None, optimizer=None):
        t = tf()
        with t.name_scope("head"):
            predictions = self._predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(mode, predictions=predictions)
            labels = self._labels(labels)
            unreduced_loss = self._unreduced_loss(labels, logits)
            training_loss = t.reduce_sum(unreduced_loss)
            if mode == ModeKeys.EVAL:
                with t.name_scope("metrics"):
                    metrics = self._eval_metric_ops(labels, predictions, unreduced_loss)
                return EstimatorSpec(mode, predictions=predictions, loss=training_loss, eval_metric_ops=metrics)
            train_op = optimizer.minimize(training_loss, global_step=t.train.get_global_step())
            update_ops = t.get_collection(t.GraphKeys.UPDATE_OPS)
            if update_ops:
                train_op = t.group(train_op, *update_ops)
            mean_loss = training_loss / t.cast(t.size(unreduced_loss), t.float32)
        with t.name_scope(""):
            t.summary.scalar("loss", training_loss)
            t.summary.scalar("average_loss", mean_loss)
        return EstimatorSpec(mode, predictions=predictions, loss=training_loss, train_op=train_op)

    @staticmethod
    def _labels(labels):
        t = tf()
        if labels is None:
            raise ValueError("You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: "
                             "Check that your data contain your label feature. Check that your input_fn "
                             "properly parses and returns labels.")
        labels = t.convert_to_tensor(labels)
        if labels.shape.ndims == 1:
            labels = t.expand_dims(labels, -1)
        return labels


class RegressionHead(_Head):
    def __init__(self, label_dimension=1):
        self.logits_dimension = label_dimension

    def _predictions(self, logits):
        return {"predictions": logits}

    def _unreduced_loss(self, labels, logits):
        t = tf()
        return t.squared_difference(logits, t.cast(labels, t.float32))

    def _eval_metric_ops(self, labels, predictions, unreduced_loss):
        t = tf()
        return {"average_loss": t.metrics.mean(unreduced_loss, name="average_loss"),
                "label/mean": t.metrics.mean(labels, name="label/mean"),
                "prediction/mean": t.metrics.mean(predictions["predictions"], name="prediction/mean")}


class MultiClassHead(_Head):
    def __init__(self, n_classes):
        self.n_classes = n_classes
        self.logits_dimension = n_classes

    def _predictions(self, logits):
        t = tf()
        with t.name_scope(None, "predictions", [logits]):
            class_ids = t.expand_dims(t.argmax(logits, axis=-1, name="class_ids"), -1)
            batch = t.shape(logits)[:1]
            all_ids = t.tile(t.expand_dims(t.range(self.n_classes), 0), t.concat([batch, [1]], 0))
            return {"logits": logits, "probabilities": t.nn.softmax(logits, name="probabilities"),
                    "class_ids": class_ids, "classes": t.as_string(class_ids, name="str_classes"),
                    "all_class_ids": all_ids, "all_classes": t.as_string(all_ids)}

    def _unreduced_loss(self, labels, logits):
        t = tf()
        labels = t.cast(labels, t.int64)
        loss = t.nn.sparse_softmax_cross_entropy_with_logits(labels=t.squeeze(labels, [-1]), logits=logits)
        return t.expand_dims(loss, -1)

    def _eval_metric_ops(self, labels, predictions, unreduced_loss):
        t = tf()
        return {"average_loss": t.metrics.mean(unreduced_loss, name="average_loss"),
                "accuracy": t.metrics.accuracy(t.cast(labels, t.int64), predictions["class_ids"], name="accuracy")}


def _accuracy_baseline(label_mean):
    """The accuracy of always predicting the more frequent class: max(mean, 1 - mean)."""
    t = tf()
    with t.name_scope(None, "accuracy_baseline", label_mean):
        value, update_op = label_mean
        return t.maximum(value, 1.0 - value, name="value"), t.maximum(update_op, 1 - update_op, name="update_op")


class BinaryLogisticHead(_Head):
    """n_classes == 2: one logit, sigmoid cross-entropy."""

    def _predictions(self, logits):
        t = tf()
        with t.name_scope(None, "predictions", [logits]):
            logistic = t.sigmoid(logits, name="logistic")
            two_class_logits = t.concat([t.zeros_like(logits), logits], axis=-1, name="two_class_logits")
            class_ids = t.expand_dims(t.argmax(two_class_logits, axis=-1, name="class_ids"), -1)
            batch = t.shape(logits)[:1]
            all_ids = t.tile(t.expand_dims(t.range(2), 0), t.concat([batch, [1]], 0))
            return {"logits": logits, "logistic": logistic,
                    "probabilities": t.nn.softmax(two_class_logits, name="probabilities"),
                    "class_ids": class_ids, "classes": t.as_string(class_ids, name="str_classes"),
                    "all_class_ids": all_ids, "all_classes": t.as_string(all_ids)}

    def _unreduced_loss(self, labels, logits):
        t = tf()
        return t.nn.sigmoid_cross_entropy_with_logits(labels=t.cast(labels, t.float32), logits=logits)

    def _eval_metric_ops(self, labels, predictions, unreduced_loss):
        """TF 1.15's binary head: loss mean, accuracy, precision, recall, label/prediction means, the
        accuracy of always predicting the majority class, and ROC / PR AUC of the logistic."""
        t = tf()
        labels = t.cast(labels, t.float32)  # TF's processed labels are floats
        class_ids, logistic = predictions["class_ids"], predictions["logistic"]
        label_mean = t.metrics.mean(labels, name="label/mean")
        return {"average_loss": t.metrics.mean(unreduced_loss, name="average_loss"),
                "accuracy": t.metrics.accuracy(labels, class_ids, name="accuracy"),
                "precision": t.metrics.precision(labels, class_ids, name="precision"),
                "recall": t.metrics.recall(labels, class_ids, name="recall"),
                "prediction/mean": t.metrics.mean(logistic, name="prediction/mean"),
                "label/mean": label_mean,
                "accuracy_baseline": _accuracy_baseline(label_mean),
                "auc": t.metrics.auc(labels, logistic, name="auc"),
                "auc_precision_recall": t.metrics.auc(labels, logistic, curve="PR", name="auc_precision_recall")}
