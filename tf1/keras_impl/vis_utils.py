"""`keras.utils.model_to_dot` / `plot_model` (TF 1.15 `keras/utils/vis_utils.py`).

Drawing needs pydot (pydot_ng / pydotplus / pydot, tried in TF's order) and Graphviz; neither is a
tf1 dependency, so without them both functions raise TF 1.15's ImportError (or, inside IPython,
print its text and return None, as TF does to keep notebooks running).
"""
import os
import sys

from tf1.api import export

_NO_PYDOT = ("Failed to import pydot. You must install pydot and graphviz for `pydotprint` to "
             "work.")


def _import_pydot():
    for name in ("pydot_ng", "pydotplus", "pydot"):
        try:
            return __import__(name)
        except ImportError:
            continue
    return None


def check_pydot():
    """True when pydot imports and can run Graphviz on an empty graph."""
    pydot = _import_pydot()
    if pydot is None:
        return False
    try:
        pydot.Dot.create(pydot.Dot())
        return True
    except OSError:
        return False


def _format_shape(shape):
    return str(shape).replace(str(None), "?")


@export("keras.utils.model_to_dot", "keras.utils.vis_utils.model_to_dot")
def model_to_dot(model, show_shapes=False, show_layer_names=True, rankdir="TB",
                 expand_nested=False, dpi=96, subgraph=False):
    """A pydot graph with one record node per layer and an edge per layer call inside the model.
    (`expand_nested` draws nested models as single nodes.)"""
    if not check_pydot():
        if "IPython.core.magics.namespace" in sys.modules:
            print(_NO_PYDOT)
            return None
        raise ImportError(_NO_PYDOT)
    pydot = _import_pydot()
    from tf1.keras_impl.models import _inbound

    if subgraph:
        dot = pydot.Cluster(style="dashed", graph_name=model.name)
        dot.set("label", model.name)
        dot.set("labeljust", "l")
    else:
        dot = pydot.Dot()
        dot.set("rankdir", rankdir)
        dot.set("concentrate", True)
        dot.set("dpi", dpi)
        dot.set_node_defaults(shape="record")

    layers = list(getattr(model, "_layers", model.layers))
    for layer in layers:
        layer_name, class_name = layer.name, layer.__class__.__name__
        inner = getattr(layer, "layer", None)  # a Wrapper (TimeDistributed, Bidirectional)
        if inner is not None:
            layer_name = "{}({})".format(layer_name, inner.name)
            class_name = "{}({})".format(class_name, inner.__class__.__name__)
        label = "{}: {}".format(layer_name, class_name) if show_layer_names else class_name
        if show_shapes:
            try:
                outputs = _format_shape(layer.output_shape)
            except (AttributeError, ValueError, RuntimeError):
                outputs = "?"
            try:
                inputs = _format_shape(layer.input_shape)
            except (AttributeError, ValueError, RuntimeError):
                inputs = "?"
            label = "%s\n|{input:|output:}|{{%s}|{%s}}" % (label, inputs, outputs)
        dot.add_node(pydot.Node(str(id(layer)), label=label))

    relevant = {node for nodes in getattr(model, "_nodes_by_depth", {}).values() for node in nodes}
    for layer in layers:
        for index in range(len(getattr(layer, "inbound", []))):
            if (layer, index) not in relevant:
                continue
            for inbound_layer, _, _ in _inbound((layer, index)):
                src, dst = str(id(inbound_layer)), str(id(layer))
                if not dot.get_edge(src, dst):
                    dot.add_edge(pydot.Edge(src, dst))
    return dot


@export("keras.utils.plot_model", "keras.utils.vis_utils.plot_model")
def plot_model(model, to_file="model.png", show_shapes=False, show_layer_names=True, rankdir="TB",
               expand_nested=False, dpi=96):
    """Writes `model_to_dot(model)` to `to_file` (format from its extension, png by default)."""
    dot = model_to_dot(model, show_shapes=show_shapes, show_layer_names=show_layer_names,
                       rankdir=rankdir, expand_nested=expand_nested, dpi=dpi)
    if dot is None:
        return None
    extension = os.path.splitext(to_file)[1][1:] or "png"
    dot.write(to_file, format=extension)
    try:
        from IPython import display
        return display.Image(filename=to_file)
    except ImportError:
        return None
