"""tf.keras.utils.plot_model / model_to_dot (TF 1.15 keras/utils/vis_utils.py): the ImportError text
without pydot, the IPython fallback, and the graph built when a pydot is importable (a recording
stand-in here: pydot and Graphviz are not tf1 dependencies)."""
import sys
import types

import pytest

import tf1

keras = tf1.keras
TF115_TEXT = ("Failed to import pydot. You must install pydot and graphviz for `pydotprint` to "
              "work.")


def _model():
    inp = keras.layers.Input(shape=(4,), name="inp")
    a = keras.layers.Dense(3, name="a")(inp)
    b = keras.layers.Dense(3, name="b")(inp)
    out = keras.layers.Add(name="sum")([a, b])
    return keras.Model(inp, out)


@pytest.fixture
def no_pydot(monkeypatch):
    for name in ("pydot_ng", "pydotplus", "pydot"):
        monkeypatch.setitem(sys.modules, name, None)  # import -> ImportError


def test_without_pydot_raises_tf115_import_error(no_pydot, tmp_path):
    model = _model()
    with pytest.raises(ImportError) as err:
        keras.utils.plot_model(model, to_file=str(tmp_path / "m.png"))
    assert str(err.value) == TF115_TEXT
    with pytest.raises(ImportError, match="^Failed to import pydot"):
        keras.utils.model_to_dot(model)
    assert not (tmp_path / "m.png").exists()


def test_in_ipython_prints_instead(no_pydot, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "IPython.core.magics.namespace", types.ModuleType("ns"))
    assert keras.utils.plot_model(_model()) is None
    assert capsys.readouterr().out == TF115_TEXT + "\n"


class _FakePydot(types.ModuleType):
    """Just enough of pydot's API to record what model_to_dot draws."""

    def __init__(self):
        super().__init__("pydot")
        fake = self
        self.written = []

        class Node(object):
            def __init__(self, name, label=None):
                self.name, self.label = name, label

        class Edge(object):
            def __init__(self, src, dst):
                self.src, self.dst = src, dst

        class Dot(object):
            def __init__(self, **kwargs):
                self.attrs, self.nodes, self.edges = dict(kwargs), [], []

            def create(self):
                return b""

            def set(self, key, value):
                self.attrs[key] = value

            def set_node_defaults(self, **kwargs):
                self.attrs["node_defaults"] = kwargs

            def add_node(self, node):
                self.nodes.append(node)

            def get_edge(self, src, dst):
                return [e for e in self.edges if (e.src, e.dst) == (src, dst)]

            def add_edge(self, edge):
                self.edges.append(edge)

            def write(self, path, format=None):
                fake.written.append((path, format))

        self.Node, self.Edge, self.Dot, self.Cluster = Node, Edge, Dot, Dot


def test_model_to_dot_nodes_edges_and_labels(monkeypatch, tmp_path):
    fake = _FakePydot()
    monkeypatch.setitem(sys.modules, "pydot_ng", None)
    monkeypatch.setitem(sys.modules, "pydotplus", None)
    monkeypatch.setitem(sys.modules, "pydot", fake)
    model = _model()
    dot = keras.utils.model_to_dot(model, show_shapes=True, rankdir="LR")
    assert dot.attrs["rankdir"] == "LR" and dot.attrs["dpi"] == 96
    labels = [n.label for n in dot.nodes]
    assert labels[0].startswith("inp: InputLayer\n|{input:|output:}|")
    assert "a: Dense\n|{input:|output:}|{{(?, 4)}|{(?, 3)}}" in labels
    assert any(l.startswith("sum: Add") for l in labels)
    ids = {n.label.split(":")[0]: n.name for n in dot.nodes}
    edges = {(e.src, e.dst) for e in dot.edges}
    assert edges == {(ids["inp"], ids["a"]), (ids["inp"], ids["b"]), (ids["a"], ids["sum"]),
                     (ids["b"], ids["sum"])}
    monkeypatch.setitem(sys.modules, "IPython", None)  # no Jupyter Image to return
    assert keras.utils.plot_model(model, to_file=str(tmp_path / "graph.svg")) is None
    keras.utils.plot_model(model, to_file=str(tmp_path / "graph"))
    assert fake.written == [(str(tmp_path / "graph.svg"), "svg"), (str(tmp_path / "graph"), "png")]
