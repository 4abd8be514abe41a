"""Record how real TensorFlow names summary ops and tags, and what merge/merge_all collect.

Run with the oracle interpreter (never by the test suite):

    TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/make_summary_names.py

Writes tests/golden/summaries/names.json: for each scenario of tests/golden/summary_scenarios.py
(replayed by tests/summaries/test_summary_ops.py against tf1), the graph's nodes (name, op, inputs,
attr keys), the SUMMARIES collection, and the tags of every value each fetched summary holds.
"""
import json
import os
import sys

import tensorflow.compat.v1 as tf
from tensorflow.python.ops import logging_ops  # TF 1.15's tf.contrib.deprecated.* live here

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summary_scenarios import describe, scenarios  # noqa: E402  (shared with the tests)

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "summaries", "names.json")


def main():
    out = {}
    for name, build in scenarios(tf, logging_ops):
        with tf.Graph().as_default() as g:
            fetches = build()
            with tf.Session() as sess:
                values = sess.run(fetches)
            out[name] = describe(tf, tf.Summary, g, fetches, values)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
