"""Records the warnings TF 1.15 logs for deprecations_scenario.py, from TF 1.15's own source.

TF 2.x's tf.compat.v1 layers/cells are Keras objects that warn differently, so the oracle venv cannot
run this; the text comes from the `@deprecated(...)` decorators of the TF 1.15 wheel (unpacked at
/tmp/tf115) and the message format of its tensorflow/python/util/deprecation.py:

    cd tests/golden/sweep_s3 && python3 make_deprecations_golden.py /tmp/tf115/tensorflow_core \
        > deprecations_golden.json
"""
import ast
import json
import re
import sys

# scenario call (the text after `= ` on its line) -> (TF 1.15 source file, qualified name, module)
CALLS = [
    ("tf.layers.conv2d(", "python/layers/convolutional.py", "conv2d"),
    ("tf.layers.max_pooling2d(", "python/layers/pooling.py", "max_pooling2d"),
    ("tf.layers.average_pooling2d(", "python/layers/pooling.py", "average_pooling2d"),
    ("tf.layers.conv2d_transpose(", "python/layers/convolutional.py", "conv2d_transpose"),
    ("tf.layers.separable_conv2d(", "python/layers/convolutional.py", "separable_conv2d"),
    ("tf.layers.conv1d(", "python/layers/convolutional.py", "conv1d"),
    ("tf.layers.max_pooling1d(", "python/layers/pooling.py", "max_pooling1d"),
    ("tf.layers.flatten(", "python/layers/core.py", "flatten"),
    ("tf.layers.dense(", "python/layers/core.py", "dense"),
    ("tf.layers.dropout(", "python/layers/core.py", "dropout"),
    ("tf.layers.batch_normalization(", "python/layers/normalization.py", "batch_normalization"),
    ("tf.nn.rnn_cell.LSTMCell(", "python/ops/rnn_cell_impl.py", "LSTMCell.__init__"),
    ("tf.nn.rnn_cell.BasicLSTMCell(", "python/ops/rnn_cell_impl.py", "BasicLSTMCell.__init__"),
    ("tf.nn.rnn_cell.GRUCell(", "python/ops/rnn_cell_impl.py", "GRUCell.__init__"),
    ("tf.nn.rnn_cell.BasicRNNCell(", "python/ops/rnn_cell_impl.py", "BasicRNNCell.__init__"),
    ("tf.nn.rnn_cell.MultiRNNCell(", "python/ops/rnn_cell_impl.py", "MultiRNNCell.__init__"),
    ("tf.nn.dynamic_rnn(", "python/ops/rnn.py", "dynamic_rnn"),
    ("tf.nn.static_rnn(", "python/ops/rnn.py", "static_rnn"),
    ("d.make_initializable_iterator(", "python/data/ops/dataset_ops.py", "DatasetV1.make_initializable_iterator"),
    ("d.make_one_shot_iterator(", "python/data/ops/dataset_ops.py", "DatasetV1.make_one_shot_iterator"),
]


def deprecations(path):
    """{qualified name: instructions} of the functions/methods decorated `@deprecated(date, instr)`."""
    found = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.FunctionDef):
                for dec in child.decorator_list:
                    if isinstance(dec, ast.Call) and getattr(dec.func, "attr", getattr(dec.func, "id", "")) \
                            == "deprecated":
                        args = {kw.arg: kw.value for kw in dec.keywords}
                        instr = dec.args[1] if len(dec.args) > 1 else args["instructions"]
                        found[prefix + child.name] = ast.literal_eval(instr)
    visit(ast.parse(open(path).read()), "")
    return found


def main(core):
    fmt = re.search(r"'(From %s: %s \(from %s\) is deprecated and will be removed %s\.)\\n'",
                    open(core + "/python/util/deprecation.py").read()).group(1)
    scenario = open("deprecations_scenario.py").read().splitlines()
    expected, seen = [], set()
    for lineno, line in enumerate(scenario, 1):
        for call, path, qualname in CALLS:
            if "= " + call in line and qualname not in seen:      # warn_once: the first call only
                seen.add(qualname)
                module = "tensorflow." + path[:-3].replace("/", ".")
                instructions = deprecations(core + "/" + path)[qualname]
                msg = fmt % ("deprecations_scenario.py:%d" % lineno, qualname, module, "in a future version")
                expected.append("WARNING:tensorflow:" + msg + "\nInstructions for updating:\n" + instructions)
    json.dump({"warnings": expected}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
