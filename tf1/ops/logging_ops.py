"""Printing and checking: `tf.Print`, `tf.print`, `tf.Assert`, `tf.check_numerics`, the
`tf.debugging.assert_*` family, `verify_tensor_all_finite`, `add_check_numerics_ops`.

Messages follow TF's kernels: `tf.Print` logs `message[v1][v2]` on stderr (values summarised as TF's
`Tensor::SummarizeValue`), a failing `Assert` raises `InvalidArgumentError` "assertion failed: [..]
[..]", `CheckNumerics` "<message> : Tensor had NaN values".

Where they run: `Print` stays inside compiled code (`jax.debug.callback` prints when, and only when,
it executes -- a `Print` in an untaken cond branch prints nothing). `Assert` and `CheckNumerics` must
stop the run with an error, which compiled code cannot raise, so they are host ops.
"""
import sys

import jax
import numpy as np

from ..api import export
from ..framework import dtypes, errors, registry
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_conversion import convert_to_tensor
from ..framework.tensor_util import constant_value
from . import _subgraph as sg_mod
from ._common import TensorShape, in_dtype, in_shape


# ------------------------------------------------------------------- TF's value summaries

def format_element(v, v2=False):
    """TF's PrintOneElement: floats as the shortest of %.6g/%.9g (%.15g/%.17g for doubles) that
    reads back exactly, bools as 1/0, strings C-escaped (quoted in tf.print)."""
    if isinstance(v, (bytes, str)):
        b = v if isinstance(v, bytes) else v.encode()
        s = _c_escape(b)
        return '"%s"' % s if v2 else s
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (np.floating, float)):
        if isinstance(v, np.float64) or isinstance(v, float):
            x = float(v)
            digits = (15, 17)
            cast = float
        else:
            x = float(v)
            digits = (6, 9)
            cast = np.float32
        if np.isnan(x):
            return "-nan" if np.signbit(x) else "nan"
        if np.isinf(x):
            return "-inf" if x < 0 else "inf"
        s = "%.*g" % (digits[0], x)
        if cast(float(s)) != cast(x):
            s = "%.*g" % (digits[1], x)
        return s
    if isinstance(v, (np.complexfloating, complex)):
        return "(%s,%s)" % (format_element(np.float32(v.real)), format_element(np.float32(v.imag)))
    return str(int(v)) if isinstance(v, (np.integer, int)) else str(v)


def _c_escape(b):
    out = []
    for c in b:
        ch = chr(c)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch in "\"'\\":
            out.append("\\" + ch)
        elif c < 32 or c >= 127:
            out.append("\\%03o" % c)
        else:
            out.append(ch)
    return "".join(out)


def summarize(value, limit):
    """TF's Tensor::SummarizeValue (the tf.Print/Assert form): the first `limit` elements, nested
    in brackets for rank >= 2, with '...' when elements were left out."""
    arr = np.asarray(value)
    flat = arr.reshape(-1)
    n = flat.size
    if limit is None or limit < 0:
        limit = n
    limit = min(limit, n)
    if arr.ndim == 0:
        return format_element(flat[0]) if n else ""
    out = []
    index = [0]
    shape = arr.shape

    def one_dim(d):
        if index[0] >= limit:
            return
        count = shape[d]
        if d == arr.ndim - 1:
            for i in range(count):
                if index[0] >= limit:
                    if d != 0 and i < count:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(format_element(flat[index[0]]))
                index[0] += 1
            return
        for i in range(count):
            flag = False
            if index[0] < limit:
                out.append("[")
                flag = True
            one_dim(d + 1)
            if index[0] < limit or flag:
                out.append("]")

    one_dim(0)
    if n > limit:
        out.append("...")
    return "".join(out)


def summarize_v2(value, edge):
    """TF's print_v2 summary (tf.print): numpy-like nesting, `edge` elements kept at each end."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return format_element(arr.reshape(-1)[0], v2=True)
    out = []

    def spacing(d):
        if d == arr.ndim - 1:
            out.append(" ")
            return
        out.append("\n" * (arr.ndim - d - 1) + " " * (d + 1))

    def one_dim(sub, d):
        if d == arr.ndim:
            out.append(format_element(sub, v2=True))
            return
        out.append("[")
        count = sub.shape[0]
        start_of_end = max(edge, count - edge)
        for i in range(min(edge, count)):
            if i > 0:
                spacing(d)
            one_dim(sub[i], d + 1)
        if count > 2 * edge:
            spacing(d)
            out.append("...")
        for i in range(start_of_end, count):
            spacing(d)
            one_dim(sub[i], d + 1)
        out.append("]")

    one_dim(arr, 0)
    return "".join(out)


def _host(v):
    return v if isinstance(v, (bytes, str)) else np.asarray(v)


# ------------------------------------------------------------------------------------ Print

def _print_line(op, values):
    limit = op._attrs.get("summarize", 3)
    return op._attrs.get("message", "") + "".join("[%s]" % summarize(v, limit) for v in values)


def _print_lower(ctx, op, x, *data):
    first_n = op._attrs.get("first_n", -1)

    def emit(*values):
        count = getattr(op, "_tf1_print_count", 0)
        if first_n >= 0 and count >= first_n:
            return
        op._tf1_print_count = count + 1
        sys.stderr.write(_print_line(op, [_host(v) for v in values]) + "\n")
        sys.stderr.flush()

    if ctx.in_jit or sg_mod.is_traced(x, *data):
        # Staged: prints when the compiled code runs (never while it is traced or shape-checked).
        jax.debug.callback(emit, *data)
    else:
        emit(*data)
    return x


registry.register("Print", lambda op: [(in_dtype(op), in_shape(op))], _print_lower, stateful=True)


@export("Print")
def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802
    """An identity that logs `message` and the values of `data` each time it runs."""
    with name_scope(name, "Print", [input_] + list(data)) as scope:
        x = convert_to_tensor(input_)
        data = [convert_to_tensor(d) for d in data]
        attrs = {"T": x.dtype.base_dtype, "U": [d.dtype.base_dtype for d in data],
                 "message": message or "", "first_n": -1 if first_n is None else int(first_n),
                 "summarize": 3 if summarize is None else int(summarize)}
        return get_default_graph().create_op("Print", [x] + data, attrs=attrs, name=scope).outputs[0]


# ----------------------------------------------------------------------- tf.print (PrintV2)

_PLACEHOLDER = "{}"


def _string_format_lower(ctx, op, *values):
    template = op._attrs["template"]
    edge = op._attrs.get("summarize", 3)
    pieces = template.split(op._attrs.get("placeholder", _PLACEHOLDER))
    out = [pieces[0]]
    for v, piece in zip(values, pieces[1:]):
        out.append(summarize_v2(_host(v), edge if edge >= 0 else 1 << 62))
        out.append(piece)
    return np.asarray("".join(out).encode(), dtype=object)


registry.register("StringFormat", lambda op: [(dtypes.string, TensorShape([]))], _string_format_lower,
                  host=True, differentiable=False)


def _print_v2_lower(ctx, op, s):
    stream = op._attrs.get("output_stream", "stderr")
    text = (s if isinstance(s, (bytes, str)) else np.asarray(s).item())
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    text += op._attrs.get("end", "\n")
    if stream == "stdout":
        sys.stdout.write(text)
        sys.stdout.flush()
    elif stream.startswith("file://"):
        with open(stream[len("file://"):], "a") as f:
            f.write(text)
    elif stream.startswith("log("):
        from ..platform import tf_logging
        tf_logging.info(text.rstrip("\n"))
    else:
        sys.stderr.write(text)
        sys.stderr.flush()
    return ()


registry.register("PrintV2", lambda op: [], _print_v2_lower, stateful=True, host=True,
                  differentiable=False)


def _is_tensor(x):
    return isinstance(x, Tensor) or (hasattr(x, "_as_graph_element") and hasattr(x, "dtype"))


@export("print")
def print_v2(*inputs, **kwargs):
    """`tf.print(*inputs, output_stream=sys.stderr, summarize=3, sep=' ', end='\\n', name=None)`:
    an op that prints when run (use it as a fetch or a control dependency in graph mode)."""
    output_stream = kwargs.pop("output_stream", sys.stderr)
    name = kwargs.pop("name", None)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", "\n")
    if kwargs:
        raise ValueError("Unrecognized keyword arguments for tf.print: %s" % kwargs)
    streams = {sys.stdout: "stdout", sys.stderr: "stderr"}
    if output_stream in streams:
        stream = streams[output_stream]
    elif isinstance(output_stream, str) and (output_stream.startswith("file://") or output_stream in (
            "log(info)", "log(warning)", "log(error)", "stdout", "stderr")):
        stream = output_stream
    elif hasattr(output_stream, "write"):
        stream = "stdout" if getattr(output_stream, "name", "") == "<stdout>" else "stderr"
    else:
        raise ValueError("Unsupported output stream, logging level, or file.%s" % output_stream)
    with name_scope(name, "PrintV2"):
        tensors = []
        parts = []
        for x in inputs:
            if _is_tensor(x):
                tensors.append(convert_to_tensor(x))
                parts.append(_PLACEHOLDER)
            elif sg_mod.is_sequence(x) and any(_is_tensor(v) for v in sg_mod.flatten(x)):
                marker = "\x00tf1_tensor\x00"
                flat = sg_mod.flatten(x)
                for v in flat:
                    if _is_tensor(v):
                        tensors.append(convert_to_tensor(v))
                parts.append(str(sg_mod.pack_sequence_as(x, [
                    _Marker(marker) if _is_tensor(v) else v for v in flat])).replace(marker, _PLACEHOLDER))
            else:
                parts.append(str(x))
        g = get_default_graph()
        fmt = g.create_op("StringFormat", tensors, attrs={
            "T": [t.dtype.base_dtype for t in tensors], "template": sep.join(parts),
            "placeholder": _PLACEHOLDER, "summarize": summarize}, name="StringFormat").outputs[0]
        return g.create_op("PrintV2", [fmt], attrs={"output_stream": stream, "end": end},
                           name="PrintV2")


class _Marker:
    def __init__(self, s):
        self._s = s

    def __repr__(self):
        return self._s


# ------------------------------------------------------------------------------------ Assert

def _assert_lower(ctx, op, condition, *data):
    if not bool(np.all(np.asarray(condition))):
        limit = op._attrs.get("summarize", 3)
        parts = ["[%s]" % summarize(_host(d), limit) for d in data]
        raise errors.InvalidArgumentError(None, op, "assertion failed: " + " ".join(parts))
    return ()


registry.register("Assert", lambda op: [], _assert_lower, stateful=True, host=True,
                  differentiable=False)


def _assert_op(condition, data, summarize, name):
    attrs = {"T": [d.dtype.base_dtype for d in data], "summarize": 3 if summarize is None else int(summarize)}
    return get_default_graph().create_op("Assert", [condition] + list(data), attrs=attrs, name=name)


@export("Assert", "debugging.Assert")
def Assert(condition, data, summarize=None, name=None):  # noqa: N802
    """An op that raises InvalidArgumentError when `condition` is false, listing `data`."""
    with name_scope(name, "Assert", [condition] + list(data)):
        xs = [convert_to_tensor(d) for d in data]
        condition = convert_to_tensor(condition, name="Condition")
        if all(x.dtype.base_dtype in (dtypes.string, dtypes.int32) for x in xs):
            # TF's heuristic: such data lives on the host, no guard needed.
            return _assert_op(condition, xs, summarize, "Assert")
        from .cond_ops import cond
        from .control_flow_ops import no_op

        def true_assert():
            return _assert_op(condition, xs, summarize, "Assert")

        guarded_assert = cond(condition, no_op, true_assert, name="AssertGuard")
        return guarded_assert.op


# ------------------------------------------------------------------------------ CheckNumerics

def _check_numerics_lower(ctx, op, x):
    arr = np.asarray(x)
    if arr.dtype.kind in "fc":
        nan = bool(np.isnan(arr).any())
        inf = bool(np.isinf(arr).any())
        if nan or inf:
            what = "Inf and NaN" if (nan and inf) else ("NaN" if nan else "Inf")
            raise errors.InvalidArgumentError(None, op, "%s : Tensor had %s values"
                                              % (op._attrs.get("message", ""), what))
    return x


registry.register("CheckNumerics", lambda op: [(in_dtype(op), in_shape(op))], _check_numerics_lower,
                  stateful=True, host=True)


@export("debugging.check_numerics", "check_numerics")
def check_numerics(tensor, message, name=None):
    x = convert_to_tensor(tensor)
    if not x.dtype.base_dtype.is_floating:
        raise TypeError("Value passed to parameter 'tensor' has DataType %s not in list of allowed "
                        "values: bfloat16, float16, float32, float64" % x.dtype.base_dtype.name)
    return get_default_graph().create_op("CheckNumerics", [x], attrs={
        "T": x.dtype.base_dtype, "message": message}, name=name or "CheckNumerics").outputs[0]


@export("verify_tensor_all_finite", "debugging.assert_all_finite")
def verify_tensor_all_finite(t=None, msg=None, name=None, x=None, message=None):
    """Assert that the tensor has no NaN or Inf; returns it (with the check as a dependency)."""
    x = t if x is None else x
    message = msg if message is None else message
    from .control_flow_ops import with_dependencies
    with name_scope(name, "VerifyFinite", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        verify_input = check_numerics(x, message=message)
        return with_dependencies([verify_input], x)


@export("add_check_numerics_ops")
def add_check_numerics_ops():
    """A group of CheckNumerics ops for every floating-point tensor in the graph."""
    from .control_flow_ops import group
    check_op = []
    g = get_default_graph()
    branch_ops = _control_flow_inner_ops(g)
    for op in g.get_operations():
        for output in op.outputs:
            if output.dtype.base_dtype in (dtypes.float16, dtypes.float32, dtypes.float64):
                if op in branch_ops:
                    raise ValueError("`tf.add_check_numerics_ops() is not compatible with TensorFlow "
                                     "control flow operations such as `tf.cond()` or "
                                     "`tf.while_loop()`.")
                message = op.name + ":" + str(output.value_index)
                with g.control_dependencies(check_op):
                    check_op = [check_numerics(output, message=message)]
    return group(*check_op)


def _control_flow_inner_ops(g):
    inner = set()
    for op in g.get_operations():
        for key in ("_tf1_branches",):
            for sub in op._attrs.get(key, ()):
                inner.update(sub.ops)
        for key in ("_tf1_cond", "_tf1_body"):
            sub = op._attrs.get(key)
            if sub is not None:
                inner.update(sub.ops)
                inner.update(t.op for t in sub.args)
    return inner


# ------------------------------------------------------------------- tf.debugging.assert_*

def _maybe_constant_value_string(t):
    if not isinstance(t, Tensor):
        return str(t)
    const_t = constant_value(t)
    if const_t is not None:
        return str(const_t)
    return t


def _assert_static(condition, data):
    if not condition:
        data_static = [_maybe_constant_value_string(x) for x in data]
        raise errors.InvalidArgumentError(node_def=None, op=None,
                                          message="\n".join(str(d) for d in data_static))


def _message_prefix(message):
    if message:
        return "%s.  " % message
    return ""


def _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name):
    with name_scope(name, opname, [x, y, data]):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y")
        if data is None:
            data = ["Condition x %s y did not hold element-wise:" % sym, "x (%s) = " % x.name, x,
                    "y (%s) = " % y.name, y]
        if message is not None:
            data = [message] + list(data)
        from .math_ops import reduce_all
        condition = reduce_all(op_func(x, y))
        x_static = constant_value(x)
        y_static = constant_value(y)
        if x_static is not None and y_static is not None:
            condition_static = np.all(static_func(x_static, y_static))
            _assert_static(condition_static, data)
        return Assert(condition, data, summarize=summarize)


def _math(name):
    from . import math_ops
    return getattr(math_ops, name)


@export("debugging.assert_equal", "assert_equal")
def assert_equal(x, y, data=None, summarize=None, message=None, name=None):
    with name_scope(name, "assert_equal", [x, y, data]):
        if x is y:
            from .control_flow_ops import no_op
            return no_op()
    return _binary_assert("==", "assert_equal", _math("equal"), np.equal, x, y, data, summarize,
                          message, name)


@export("debugging.assert_none_equal", "assert_none_equal")
def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("!=", "assert_none_equal", _math("not_equal"), np.not_equal, x, y, data,
                          summarize, message, name)


@export("debugging.assert_less", "assert_less")
def assert_less(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<", "assert_less", _math("less"), np.less, x, y, data, summarize, message,
                          name)


@export("debugging.assert_less_equal", "assert_less_equal")
def assert_less_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<=", "assert_less_equal", _math("less_equal"), np.less_equal, x, y, data,
                          summarize, message, name)


@export("debugging.assert_greater", "assert_greater")
def assert_greater(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">", "assert_greater", _math("greater"), np.greater, x, y, data, summarize,
                          message, name)


@export("debugging.assert_greater_equal", "assert_greater_equal")
def assert_greater_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">=", "assert_greater_equal", _math("greater_equal"), np.greater_equal, x, y,
                          data, summarize, message, name)


def _unary_assert(opname, sym, x, data, summarize, message, name, zero_first, checker, bug_join=False):
    message = _message_prefix(message)
    with name_scope(name, opname, [x, data]):
        x = convert_to_tensor(x, name="x")
        if data is None:
            if bug_join:  # TF's own text joins these two pieces without a separator
                data = [message, "Condition x %s 0 did not hold element-wise:x (%s) = " % (sym, x.name), x]
            else:
                data = [message, "Condition x %s 0 did not hold element-wise:" % sym, "x (%s) = " % x.name, x]
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype)
        if zero_first:
            return checker(zero, x, data=data, summarize=summarize)
        return checker(x, zero, data=data, summarize=summarize)


@export("debugging.assert_negative", "assert_negative")
def assert_negative(x, data=None, summarize=None, message=None, name=None):
    return _unary_assert("assert_negative", "<", x, data, summarize, message, name, False, assert_less)


@export("debugging.assert_positive", "assert_positive")
def assert_positive(x, data=None, summarize=None, message=None, name=None):
    return _unary_assert("assert_positive", ">", x, data, summarize, message, name, True, assert_less)


@export("debugging.assert_non_negative", "assert_non_negative")
def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    return _unary_assert("assert_non_negative", ">=", x, data, summarize, message, name, True,
                         assert_less_equal)


@export("debugging.assert_non_positive", "assert_non_positive")
def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    return _unary_assert("assert_non_positive", "<=", x, data, summarize, message, name, False,
                         assert_less_equal, bug_join=True)


@export("debugging.assert_near", "assert_near")
def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    message = _message_prefix(message)
    with name_scope(name, "assert_near", [x, y, rtol, atol, data]):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype)
        dtype = x.dtype.base_dtype
        if dtype.is_complex:
            dtype = dtype.real_dtype
        eps = np.finfo(dtype.as_numpy_dtype).eps
        rtol = 10 * eps if rtol is None else rtol
        atol = 10 * eps if atol is None else atol
        rtol = convert_to_tensor(rtol, name="rtol", dtype=dtype)
        atol = convert_to_tensor(atol, name="atol", dtype=dtype)
        if data is None:
            data = [message, "x and y not equal to tolerance rtol = %s, atol = %s" % (rtol, atol),
                    "x (%s) = " % x.name, x, "y (%s) = " % y.name, y]
        from .math_ops import abs as abs_, less, reduce_all
        tol = atol + rtol * abs_(y)
        diff = abs_(x - y)
        condition = reduce_all(less(diff, tol))
        return Assert(condition, data, summarize=summarize)


def _assert_rank_condition(x, rank, static_condition, dynamic_condition, data, summarize):
    from .array_ops import rank as rank_op
    from .control_flow_ops import no_op, with_dependencies
    assert_type(rank, dtypes.int32)
    rank_static = constant_value(rank)
    if rank_static is not None:
        if np.ndim(rank_static) != 0:
            raise ValueError("Rank must be a scalar.")
        x_rank_static = x.get_shape().ndims
        if x_rank_static is not None:
            if not static_condition(x_rank_static, rank_static):
                raise ValueError("Static rank condition failed", x_rank_static, rank_static)
            return no_op(name="static_checks_determined_all_ok")
    condition = dynamic_condition(rank_op(x), rank)
    if rank_static is None:
        this_data = ["Rank must be a scalar. Received rank: ", rank]
        rank_check = assert_rank(rank, 0, data=this_data)
        condition = with_dependencies([rank_check], condition)
    return Assert(condition, data, summarize=summarize)


def _rank_assert(opname, kind, x, rank, data, summarize, message, name, static_condition, dyn):
    from .array_ops import shape
    with name_scope(name, opname, (x, rank) + tuple(data or [])):
        x = convert_to_tensor(x, name="x")
        rank = convert_to_tensor(rank, name="rank")
        message = _message_prefix(message)
        if data is None:
            data = [message, "Tensor %s must have rank%s" % (x.name, kind), rank, "Received shape: ",
                    shape(x)]
        try:
            return _assert_rank_condition(x, rank, static_condition, dyn, data, summarize)
        except ValueError as e:
            if e.args[0] == "Static rank condition failed":
                raise ValueError("%sTensor %s must have rank%s %d.  Received rank %d, shape %s"
                                 % (message, x.name, kind, e.args[2], e.args[1], x.get_shape())) from None
            raise


@export("debugging.assert_rank", "assert_rank")
def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    return _rank_assert("assert_rank", "", x, rank, data, summarize, message, name,
                        lambda a, g: a == g, _math("equal"))


@export("debugging.assert_rank_at_least", "assert_rank_at_least")
def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    return _rank_assert("assert_rank_at_least", " at least", x, rank, data, summarize, message, name,
                        lambda a, g: a >= g, _math("greater_equal"))


@export("debugging.assert_rank_in", "assert_rank_in")
def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    from .array_ops import rank as rank_op, shape
    from .control_flow_ops import no_op
    with name_scope(name, "assert_rank_in", (x,) + tuple(ranks) + tuple(data or [])):
        x = convert_to_tensor(x, name="x")
        ranks = tuple(convert_to_tensor(r, name="rank") for r in ranks)
        message = _message_prefix(message)
        if data is None:
            data = [message, "Tensor %s must have rank in" % x.name] + list(ranks) + [
                "Received shape: ", shape(x)]
        statics = [constant_value(r) for r in ranks]
        if all(s is not None for s in statics) and x.get_shape().ndims is not None:
            if x.get_shape().ndims not in [int(s) for s in statics]:
                raise ValueError("%sTensor %s must have rank in %s.  Received rank %d, shape %s" % (
                    message, x.name, tuple(int(s) for s in statics), x.get_shape().ndims, x.get_shape()))
            return no_op(name="static_checks_determined_all_ok")
        equal, logical_or = _math("equal"), _math("logical_or")
        condition = equal(ranks[0], rank_op(x))
        for r in ranks[1:]:
            condition = logical_or(condition, equal(r, rank_op(x)))
        return Assert(condition, data, summarize=summarize)


@export("debugging.assert_integer", "assert_integer")
def assert_integer(x, message=None, name=None):
    from .control_flow_ops import no_op
    with name_scope(name, "assert_integer", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.base_dtype.is_integer:
            raise TypeError('%sExpected "x" to be integer type.  Found: %s of dtype %s'
                            % (_message_prefix(message), x.name, x.dtype))
        return no_op("statically_determined_was_integer")


@export("debugging.assert_type", "assert_type")
def assert_type(tensor, tf_type, message=None, name=None):
    from .control_flow_ops import no_op
    tf_type = dtypes.as_dtype(tf_type)
    with name_scope(name, "assert_type", [tensor]):
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype.base_dtype != tf_type:
            raise TypeError("%s%s must be of type %s" % (_message_prefix(message), tensor.name, tf_type))
        return no_op("statically_determined_correct_type")


@export("debugging.assert_scalar", "assert_scalar")
def assert_scalar(tensor, name=None, message=None):
    with name_scope(name, "assert_scalar", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name=scope)
        shape = tensor.get_shape()
        if shape.ndims != 0:
            raise ValueError("%sExpected scalar shape for %s, saw shape: %s."
                             % (_message_prefix(message), tensor.name, shape))
        return tensor


@export("debugging.assert_proper_iterable", "assert_proper_iterable")
def assert_proper_iterable(values):
    unintentional_iterables = (Tensor, np.ndarray, bytes, str)
    if isinstance(values, unintentional_iterables):
        raise TypeError("Expected argument \"values\" to be a \"proper\" iterable.  Found: %s"
                        % type(values))
    if not hasattr(values, "__iter__"):
        raise TypeError("Expected argument \"values\" to be iterable.  Found: %s" % type(values))


@export("debugging.is_numeric_tensor", "is_numeric_tensor")
def is_numeric_tensor(tensor):
    return isinstance(tensor, Tensor) and tensor.dtype.base_dtype in (
        dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16, dtypes.int32,
        dtypes.int64, dtypes.uint8, dtypes.uint16, dtypes.complex64, dtypes.complex128, dtypes.bfloat16)


@export("debugging.assert_same_float_dtype", "assert_same_float_dtype")
def assert_same_float_dtype(tensors=None, dtype=None):
    if tensors:
        for t in tensors:
            if t is None:
                continue
            if dtype is None:
                dtype = t.dtype.base_dtype
            elif t.dtype.base_dtype != dtype:
                raise ValueError("%s, type=%s, must be of the same type (%s)." % (t.name, t.dtype.base_dtype,
                                                                                 dtype))
    if not dtype:
        dtype = dtypes.float32
    elif not dtype.is_floating:
        raise ValueError("Expected floating point type, got %s." % dtype)
    return dtype
