"""`tf.cond`, `tf.case`, `smart_cond`: each branch is a recorded sub-graph run by one `If` op.

TF 1.15 wires a cond from Switch/Merge; tf1 records the ops each branch function creates (inside the
`cond/` name scope, so they get TF's names) and adds one `If` op (`StatelessIf` when no branch has
side effects) named like the scope, whose inputs are the predicate and the captured outside tensors.
Its outputs reach the user through `Merge` ops, so results are named `cond/Merge:0`,
`cond/Merge_1:0`, ... as in TF. The lowering runs only the taken branch when the predicate is
known (host execution, constant predicates, the op-by-op first run) and `lax.cond` under a trace;
variables a branch assigns are threaded through `lax.cond` and written back.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..api import export
from ..framework import dtypes, registry, tensor_shape
from ..framework.graph import Operation, Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value
from ..platform import tf_logging as logging
from . import _subgraph as sg_mod
from ._common import TensorShape, in_dtype, shape_str


# ------------------------------------------------------------------------------------ Merge

def _merge_infer(op):
    shapes = [t.get_shape() for t in op._inputs]
    shape = shapes[0]
    for s in shapes[1:]:
        shape = merge_shapes(shape, s)
    return [(in_dtype(op), shape), (dtypes.int32, TensorShape([]))]


def merge_shapes(a, b):
    """TF's Merge shape function: the dims both branches agree on, unknown elsewhere."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return tensor_shape.unknown_shape()
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


# tf1's Merge forwards the one value its If op chose (TF's Merge picks the live input of several).
registry.register("Merge", _merge_infer, lambda ctx, op, x, *rest: (x, np.int32(0)))
registry.register("RefMerge", lambda op: [(op._inputs[0].dtype, s) if i == 0 else (d, s)
                                          for i, (d, s) in enumerate(_merge_infer(op))],
                  lambda ctx, op, x, *rest: (x, np.int32(0)))


# --------------------------------------------------------------------------------------- If

def _if_infer(op):
    return list(op._attrs["_tf1_out_specs"])


def conform(v, dtype):
    """A branch output with exactly its tensor's dtype (lax.cond needs identical branch types)."""
    dt = dtypes.as_dtype(dtype).base_dtype
    if dt == dtypes.string:
        return v
    if sg_mod.is_traced(v) or isinstance(v, jax.Array):
        return jnp.asarray(v, dtype=dt.as_numpy_dtype)
    return np.asarray(v, dtype=dt.as_numpy_dtype)


def _if_lower(ctx, op, pred, *captured):
    branches = op._attrs["_tf1_branches"]  # [then, else]
    cap_env = dict(zip(op._inputs[1:], captured))
    out_dtypes = [t.dtype for t in op._outputs]
    if not sg_mod.is_traced(pred):
        # The predicate is known: run only the taken branch, as TF does (its side effects included).
        sub = branches[0] if bool(np.asarray(pred)) else branches[1]
        outs = sub.run(ctx, [], cap_env)
        return tuple(conform(v, dt) for v, dt in zip(outs, out_dtypes))
    wnames = sg_mod.carried_vars(ctx, op._attrs["_tf1_written_vars"])

    def branch_fn(sub):
        def f(checks):
            sctx = sg_mod.SubCtx(ctx, ctx.state, checks=checks)
            outs = sub.run(sctx, [], cap_env)
            outs = [conform(v, dt) for v, dt in zip(outs, out_dtypes)]
            writes = [jnp.asarray(sctx.state[n], dtype=jnp.result_type(ctx.state[n])) for n in wnames]
            return outs, writes
        return f

    # lax.switch's branch 0 runs for index 0: the else branch for a false predicate.
    outs, writes = sg_mod.switch(ctx, jnp.reshape(pred, ()).astype(jnp.int32),
                                 [branch_fn(branches[1]), branch_fn(branches[0])])
    sg_mod.commit_writes(ctx, wnames, writes)
    return tuple(outs)


registry.register("If", _if_infer, _if_lower, stateful=True)
registry.register("StatelessIf", _if_infer, _if_lower)


# ------------------------------------------------------------------------------------- cond

def _unpack_if_singleton(res):
    if isinstance(res, (list, tuple)) and len(res) == 1:
        return res[0]
    return res


def _build_branch(graph, fn, pred, branch):
    """Calls a branch function; returns (its structure, flat output tensors, recorded ops)."""
    from .array_ops import identity
    from .control_flow_ops import with_dependencies
    start = graph._last_id
    original = fn()
    if original is None:
        return None, None, sg_mod.ops_after(graph, start)

    def as_tensor(v):
        if isinstance(v, Operation):
            # TF uses the branch's pivot as the op's proxy: True in the true branch, False in the other.
            # TF's pivots are identities of Switch(pred, pred): the predicate's value in either branch.
            pivot = identity(pred, name="switch_t" if branch else "switch_f")
            return with_dependencies([v], pivot)
        if hasattr(v, "_as_graph_element") and not isinstance(v, Tensor):
            v = v._as_graph_element() if not hasattr(v, "value") else v.value()
        return convert_to_tensor(v)

    flat = []
    for v in sg_mod.flatten(original):
        if _is_tensor_array(v):
            # A TensorArray leaves a branch as the tensors a while_loop carries for it (its buffer,
            # and its length when dynamic); `_rebuild_arrays` wraps the merged ones again.
            flat.extend(t for t in v._loop_parts() if t is not None)
        else:
            flat.append(as_tensor(v))
    return original, flat, sg_mod.ops_after(graph, start)


def _is_tensor_array(v):
    from .tensor_array_ops import TensorArray
    return isinstance(v, TensorArray)


def _rebuild_arrays(orig_t, orig_f, merged, res_t, res_f):
    """The cond's results with each TensorArray leaf rebuilt around its merged buffer (and length)."""
    leaves, it = [], iter(enumerate(merged))
    for t, f in zip(sg_mod.flatten(orig_t), sg_mod.flatten(orig_f)):
        if _is_tensor_array(t) != _is_tensor_array(f) or (
                _is_tensor_array(t) and bool(t._dynamic_size) != bool(f._dynamic_size)):
            raise TypeError("Incompatible return types of true_fn and false_fn: a TensorArray in one "
                            "branch must be a TensorArray of the same kind in the other")
        if _is_tensor_array(t):
            buf = next(it)[1]
            length = None
            if t._dynamic_size:
                k, length = next(it)
                # Both branches writing the same known number of elements keeps the length static
                # (a dynamic array can then be stacked inside compiled code).
                n_t, n_f = constant_value(res_t[k]), constant_value(res_f[k])
                if n_t is not None and n_f is not None and int(n_t) == int(n_f):
                    length = convert_to_tensor(np.int32(n_t))
            leaves.append(t._from_loop(buf, length))
        else:
            leaves.append(next(it)[1])
    return sg_mod.pack_sequence_as(orig_t, leaves)


def _check_pred(pred):
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool")
    pred = convert_to_tensor(pred)
    if pred.dtype.base_dtype != dtypes.bool:
        raise TypeError("Input 'pred' of 'Switch' Op has type %s that does not match expected type "
                        "of bool." % pred.dtype.base_dtype.name)
    if pred.get_shape().ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d for 'cond/Switch' (op: 'Switch') with "
                         "input shapes: %s, %s." % (pred.get_shape().ndims, shape_str(pred.get_shape()),
                                                    shape_str(pred.get_shape())))
    return pred


@export("cond", "control_flow_ops.cond")
def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """`tf.cond(pred, true_fn, false_fn)`: the outputs of whichever function `pred` selects."""
    if fn1 is not None:
        if true_fn is not None:
            raise TypeError("cond(): true_fn and fn1 may not be set simultaneously.")
        true_fn = fn1
    elif true_fn is None:
        raise TypeError("cond(): true_fn argument required")
    if fn2 is not None:
        if false_fn is not None:
            raise TypeError("cond(): false_fn and fn2 may not be set simultaneously.")
        false_fn = fn2
    elif false_fn is None:
        raise TypeError("cond(): false_fn argument required")
    if not callable(true_fn):
        raise TypeError("true_fn must be callable.")
    if not callable(false_fn):
        raise TypeError("false_fn must be callable.")

    with name_scope(name, "cond", [pred]) as scope:
        pred = _check_pred(pred)
        g = get_default_graph()
        orig_t, res_t, ops_t = _build_branch(g, true_fn, pred, True)
        orig_f, res_f, ops_f = _build_branch(g, false_fn, pred, False)
        if orig_t is None:
            raise ValueError("true_fn must have a return value.")
        if orig_f is None:
            raise ValueError("false_fn must have a return value.")
        if not strict:
            orig_t = _unpack_if_singleton(orig_t)
            orig_f = _unpack_if_singleton(orig_f)
        try:
            sg_mod.assert_same_structure(orig_t, orig_f)
        except TypeError as e:
            raise TypeError("Incompatible return types of true_fn and false_fn: {}".format(e)) from None
        except ValueError as e:
            raise ValueError("Incompatible return values of true_fn and false_fn: {}".format(e)) from None
        if not res_t:
            raise ValueError("true_fn and false_fn must return at least one result.")
        for x, y in zip(res_f, res_t):
            if x.dtype.base_dtype != y.dtype.base_dtype:
                raise ValueError("Outputs of true_fn and false_fn must have the same type: %s, %s"
                                 % (x.dtype.name, y.dtype.name))
        then_sg = sg_mod.SubGraph(ops_t, [], res_t)
        else_sg = sg_mod.SubGraph(ops_f, [], res_f)
        # Both branches returning variable references give a reference (TF's RefMerge).
        op = _make_if(g, scope, pred, [then_sg, else_sg],
                      [(t.dtype if t.dtype == f.dtype else t.dtype.base_dtype,
                        merge_shapes(t.get_shape(), f.get_shape())) for t, f in zip(res_t, res_f)])
        merges = []
        for i, t in enumerate(op._outputs):
            m = g.create_op("RefMerge" if t.dtype._is_ref_dtype else "Merge", [t],
                            attrs={"T": t.dtype.base_dtype, "N": 1}, name="Merge")
            merges.append(m.outputs[0])
        if any(_is_tensor_array(v) for v in sg_mod.flatten(orig_t)):
            return _rebuild_arrays(orig_t, orig_f, merges, res_t, res_f)
        return sg_mod.pack_sequence_as(orig_t, merges)


def _make_if(g, scope, pred, branches, out_specs):
    captures = sg_mod.merge_captures(*branches)
    stateful = any(b.stateful for b in branches)
    attrs = {"Tcond": dtypes.bool, "Tin": [t.dtype.base_dtype for t in captures],
             "Tout": [dt for dt, _ in out_specs], "_tf1_branches": branches,
             "_tf1_out_specs": out_specs}
    attrs.update(sg_mod.outer_attrs(*branches))
    op = g.create_op("If" if stateful else "StatelessIf", [pred] + captures, attrs=attrs, name=scope)
    sg_mod.finish_outer_op(op, branches)
    return op


# ------------------------------------------------------------------------------- smart_cond

@export("smart_cond", "contrib.framework.smart_cond")
def smart_cond(pred, true_fn=None, false_fn=None, name=None):
    """Calls the selected function directly when `pred` is known at graph-build time, else `cond`."""
    if not callable(true_fn):
        raise TypeError("`true_fn` must be callable.")
    if not callable(false_fn):
        raise TypeError("`false_fn` must be callable.")
    pred_value = smart_constant_value(pred)
    if pred_value is not None:
        return true_fn() if pred_value else false_fn()
    return cond(pred, true_fn=true_fn, false_fn=false_fn, name=name)


def smart_constant_value(pred):
    if isinstance(pred, (bool, np.bool_)) or (isinstance(pred, (int, np.integer)) and pred in (0, 1)):
        return bool(pred)
    if isinstance(pred, Tensor):
        v = constant_value(pred)
        return None if v is None else bool(v)
    if hasattr(pred, "_as_graph_element"):
        return None
    raise TypeError("`pred` must be a Tensor, or a Python bool, or 1 or 0. Found instead: %s"
                    % type(pred))


# ------------------------------------------------------------------------------------- case

def _case_verify_and_canonicalize_args(pred_fn_pairs, exclusive, name, allow_python_preds):
    import collections
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError("fns must be a list, tuple, or dict")
    if isinstance(pred_fn_pairs, collections.OrderedDict):
        pred_fn_pairs = pred_fn_pairs.items()
    elif isinstance(pred_fn_pairs, dict):
        # TF 1.x: ordered by the predicates' names (deterministic, not insertion order).
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
        if not exclusive:
            logging.warn("%s: An unordered dictionary of predicate/fn pairs was provided, but "
                         "exclusive=False. The order of conditional tests is deterministic but not "
                         "guaranteed.", name)
    for pred_fn_pair in pred_fn_pairs:
        if not isinstance(pred_fn_pair, tuple) or len(pred_fn_pair) != 2:
            raise TypeError("Each entry in pred_fn_pairs must be a 2-tuple")
        pred, fn = pred_fn_pair
        if isinstance(pred, Tensor):
            if pred.dtype.base_dtype != dtypes.bool:
                raise TypeError("pred must be Tensor of type bool: %s" % pred.name)
        elif not allow_python_preds:
            raise TypeError("pred must be a Tensor, got: %s" % pred)
        elif not isinstance(pred, bool):
            raise TypeError("pred must be a Tensor or bool, got: %s" % pred)
        if not callable(fn):
            raise TypeError("fn for pred %s must be callable." % pred.name)
    predicates, actions = zip(*pred_fn_pairs)
    return predicates, actions


def _assert_at_most_n_true(predicates, n, msg):
    from .array_ops import constant, stack
    from .logging_ops import Assert
    from .math_ops import cast, less_equal, reduce_sum
    preds_c = stack(predicates, name="preds_c")
    num_true_conditions = reduce_sum(cast(preds_c, dtypes.int32), name="num_true_conds")
    condition = less_equal(num_true_conditions, constant(n, name="n_true_conds"))
    preds_names = ", ".join(getattr(p, "name", "?") for p in predicates)
    error_msg = ["%s: more than %d conditions (%s) evaluated as True:" % (msg, n, preds_names), preds_c]
    return Assert(condition, data=error_msg, summarize=len(predicates))


def _case_create_default_action(predicates, actions):
    from .array_ops import stack
    from .logging_ops import Assert
    k = len(predicates) - 1
    predicate, action = predicates[k], actions[k]
    other_predicates, other_actions = predicates[:k], actions[:k]

    def default_action():
        others_msg = ("Implementation error: selected default action #%d was called, but some of "
                      "other predicates are True: " % k)
        default_msg = ("Input error: None of conditions evaluated as True:",
                       stack(predicates, name="preds_c"))
        with get_default_graph().control_dependencies([
                _assert_at_most_n_true(other_predicates, n=0, msg=others_msg),
                Assert(predicate, data=default_msg)]):
            return action()

    return default_action, other_predicates, other_actions


def _case_helper(cond_fn, pred_fn_pairs, default, exclusive, name, allow_python_preds=False,
                 **cond_kwargs):
    import functools
    predicates, actions = _case_verify_and_canonicalize_args(pred_fn_pairs, exclusive, name,
                                                             allow_python_preds)
    with name_scope(name, "case", [predicates]):
        if default is None:
            default, predicates, actions = _case_create_default_action(predicates, actions)
        fn = default
        # Nested conds built in reverse evaluate the predicates in order.
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = functools.partial(cond_fn, predicate, true_fn=action, false_fn=fn, **cond_kwargs)
        if exclusive:
            with get_default_graph().control_dependencies([
                    _assert_at_most_n_true(predicates, n=1, msg="Input error: exclusive=True")]):
                return fn()
        return fn()


@export("case", "control_flow_ops.case")
def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """`tf.case`: the outputs of the first function whose predicate holds (or of `default`)."""
    return _case_helper(cond, pred_fn_pairs, default, exclusive, name, allow_python_preds=False,
                        strict=strict)


# tf1.ops.control_flow_ops looks these up (e.g. Variable.initialized_value builds a cond).
from . import control_flow_ops as _control_flow_ops  # noqa: E402

_control_flow_ops.cond = cond
_control_flow_ops.case = case
