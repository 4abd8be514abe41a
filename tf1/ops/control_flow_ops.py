"""Grouping ops: no_op, group, tuple, with_dependencies. (cond/case/while_loop live in their own
modules; they build sub-graphs that lower to `lax.cond`/`lax.while_loop`.)"""
import builtins

from ..api import export
from ..framework import registry
from ..framework.graph import Operation, Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor

registry.register("NoOp", lambda op: [], lambda ctx, op: (), differentiable=False)


@export("no_op")
def no_op(name=None):
    return get_default_graph().create_op("NoOp", [], name=name or "NoOp")


def _as_op(x):
    if hasattr(x, "_as_graph_element") and not isinstance(x, (Tensor, Operation)):
        x = x._as_graph_element()
    if isinstance(x, Tensor):
        return x.op
    if isinstance(x, Operation):
        return x
    if hasattr(x, "op") and isinstance(x.op, Operation):
        return x.op
    raise TypeError("Expected tf.group() expected Tensor arguments not '%s' with type '%s'"
                    % (x, type(x)))


@export("group")
def group(*inputs, **kwargs):
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("Unknown keyword arguments: " + ", ".join(kwargs.keys()))
    with name_scope(name, "group_deps", inputs) as scope:
        if not inputs:
            return no_op(name=scope)
        flat = []
        for x in inputs:
            if isinstance(x, (list, builtins.tuple)) and not hasattr(x, "_fields"):
                flat.extend(x)
            elif isinstance(x, dict):
                flat.extend(x.values())
            else:
                flat.append(x)
        ops = []
        for x in flat:
            op = _as_op(x)
            if op not in ops:
                ops.append(op)
        # TF groups per device; tf1 has one device, so the deps keep their (device-sorted) order.
        ops.sort(key=lambda o: o.device)
        with get_default_graph().control_dependencies(ops):
            return no_op(name=scope)


@export("tuple")
def tuple(tensors, name=None, control_inputs=None):  # noqa: A001
    from .array_ops import identity
    with name_scope(name, "tuple", tensors) as scope:
        gating = [t for t in tensors if t is not None]
        deps = list(gating)
        if control_inputs:
            deps.extend(control_inputs)
        gate = group(*deps)
        out = []
        for t in tensors:
            if t is None:
                out.append(None)
            elif isinstance(t, Operation):
                with get_default_graph().control_dependencies([gate]):
                    out.append(group(t))
            else:
                out.append(with_dependencies([gate], t))
        return out


def with_dependencies(dependencies, output_tensor, name=None):
    from .array_ops import identity
    with name_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        with get_default_graph().control_dependencies(dependencies):
            output_tensor = convert_to_tensor(output_tensor)
            return identity(output_tensor, name=scope)


export("control_flow_ops.with_dependencies")(with_dependencies)
