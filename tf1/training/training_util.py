"""The global step (TF 1.15's `training/training_util.py`): an int64 scalar variable named
`global_step`, kept in the GLOBAL_STEP collection, that `minimize(..., global_step=...)` bumps."""
from ..api import export
from ..framework import dtypes
from ..framework.graph import GraphKeys, Tensor, get_default_graph
from ..ops import variables as variables_mod
from ..platform import tf_logging as logging

GLOBAL_STEP_READ_KEY = "global_step_read_op_cache"


@export("train.global_step")
def global_step(sess, global_step_tensor):
    """The global step's current value as a Python int."""
    return int(sess.run(global_step_tensor))


@export("train.get_global_step", "contrib.framework.get_global_step")
def get_global_step(graph=None):
    """The GLOBAL_STEP collection's one element, else the tensor `global_step:0`, else None."""
    graph = graph or get_default_graph()
    tensors = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(tensors) == 1:
        step = tensors[0]
    elif not tensors:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
    else:
        logging.error("Multiple tensors in global_step collection.")
        return None
    assert_global_step(step)
    return step


@export("train.create_global_step", "contrib.framework.create_global_step")
def create_global_step(graph=None):
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    from ..ops import init_ops, variable_scope
    # Created at the graph's top name scope (the variable scope still applies, as in TF).
    with graph.as_default() as g, g.name_scope(None):
        return variable_scope.get_variable(
            GraphKeys.GLOBAL_STEP, shape=[], dtype=dtypes.int64, initializer=init_ops.zeros_initializer(),
            trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


@export("train.get_or_create_global_step", "contrib.framework.get_or_create_global_step")
def get_or_create_global_step(graph=None):
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    if step is None:
        step = create_global_step(graph)
    return step


@export("train.assert_global_step", "contrib.framework.assert_global_step")
def assert_global_step(global_step_tensor):
    if not isinstance(global_step_tensor, (variables_mod.Variable, Tensor)):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.' % global_step_tensor)
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s' % global_step_tensor.dtype)
    shape = global_step_tensor.get_shape()
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError('Existing "global_step" is not scalar: %s' % shape)


def _get_global_step_read(graph=None):
    graph = graph or get_default_graph()
    reads = graph.get_collection(GLOBAL_STEP_READ_KEY)
    if len(reads) > 1:
        raise RuntimeError("There are multiple items in collection {}. There should be only one."
                           .format(GLOBAL_STEP_READ_KEY))
    return reads[0] if reads else None


def _get_or_create_global_step_read(graph=None):
    """A cached `global_step/add` read of the step (hooks read the step through it)."""
    graph = graph or get_default_graph()
    read = _get_global_step_read(graph)
    if read is not None:
        return read
    step = get_global_step(graph)
    if step is None:
        return None
    with graph.as_default() as g, g.name_scope(None):
        with g.name_scope(step.op.name + "/"):
            value = step.initialized_value() if isinstance(step, variables_mod.Variable) else step
            g.add_to_collection(GLOBAL_STEP_READ_KEY, value + 0)
    return _get_global_step_read(graph)


def _increment_global_step(increment, graph=None):
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    if step is None:
        raise ValueError("Global step tensor should be created by tf.train.get_or_create_global_step before "
                         "calling increment.")
    read = _get_or_create_global_step_read(graph)
    with graph.as_default() as g, g.name_scope(None):
        with g.name_scope(step.op.name + "/"):
            with g.control_dependencies([read]):
                return variables_mod.assign_add(step, increment)
