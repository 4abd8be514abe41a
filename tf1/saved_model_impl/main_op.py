"""`tf.saved_model.main_op`: the usual op to run when a SavedModel is loaded (TF's main_op.py)."""
from ..api import export
from ..framework.graph import GraphKeys, control_dependencies, get_collection


def _tables_initializer():
    from ..ops.control_flow_ops import group, no_op
    initializers = get_collection(GraphKeys.TABLE_INITIALIZERS)
    return group(*initializers, name="init_all_tables") if initializers else no_op(name="init_all_tables")


@export("saved_model.main_op.main_op")
def main_op():
    """Groups the global, local and table initializers."""
    from ..ops.control_flow_ops import group
    from ..ops.variables import global_variables_initializer, local_variables_initializer
    return group(global_variables_initializer(), local_variables_initializer(), _tables_initializer())


@export("saved_model.main_op.main_op_with_restore", "saved_model.main_op_with_restore")
def main_op_with_restore(restore_op_name):
    """main_op(), then the restore op named `restore_op_name`."""
    from ..framework.graph import get_default_graph
    from ..ops.control_flow_ops import group
    restore_op = get_default_graph().as_graph_element(restore_op_name)
    with control_dependencies([main_op()]):
        return group(restore_op)
