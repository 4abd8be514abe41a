"""The messages real TF logs to its 'tensorflow' logger, for golden makers that record TF's notices."""
import logging


def grab(tf):
    """A list that every message `tf`'s logger emits from now on is appended to."""
    records = []

    class _Grab(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    tf.get_logger().addHandler(_Grab())
    return records
