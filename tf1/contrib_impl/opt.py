"""`tf.contrib.opt`: AdamWOptimizer, MomentumWOptimizer, LazyAdamOptimizer and
`extend_with_decoupled_weight_decay` (TF 1.15's contrib/opt weight_decay_optimizers.py and
lazy_adam_optimizer.py).

Decoupled weight decay: before a variable's update, `var -= weight_decay * var` (an AssignSub the
update depends on); the base optimizer's update and slots (`m`/`v` named after "AdamW", `momentum`
after "MomentumW") are unchanged.

LazyAdam updates only the rows its gradient touches. TF sees that from an IndexedSlices gradient;
tf1's tf.gradients hands optimizers dense gradients, so LazyAdam reads the rows from the graph: when
every consumer of the variable's value (besides the gradient op) is a row gather (`tf.gather`,
`embedding_lookup`), TF would have produced IndexedSlices over those gathers' indices, and the touched
rows are exactly those indices. The m/v/var updates of the other rows are masked out, so the result
equals TF's sparse update. Otherwise (a dense use of the variable) it is Adam, as in TF.
"""
from ..api import export, public
from ..framework.graph import get_default_graph
from ..training.optimizer import Optimizer
from ..training.optimizers import AdamOptimizer, MomentumOptimizer

_GATHER_TYPES = ("Gather", "GatherV2", "ResourceGather")


@export("contrib.opt.DecoupledWeightDecayExtension")
class DecoupledWeightDecayExtension:
    """Mixin adding decoupled weight decay to an optimizer class (put it first in the bases)."""

    def __init__(self, weight_decay, **kwargs):
        self._decay_var_list = None
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None
        super().__init__(**kwargs)

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=Optimizer.GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None, grad_loss=None,
                 decay_var_list=None):
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super().minimize(loss, global_step=global_step, var_list=var_list, gate_gradients=gate_gradients,
                                aggregation_method=aggregation_method,
                                colocate_gradients_with_ops=colocate_gradients_with_ops, name=name,
                                grad_loss=grad_loss)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _prepare(self):
        weight_decay = self._weight_decay
        if callable(weight_decay):
            weight_decay = weight_decay()
        self._weight_decay_tensor = public().convert_to_tensor(weight_decay, name="weight_decay")
        super()._prepare()

    def _decays(self, var):
        return not self._decay_var_list or var in self._decay_var_list

    def _decay_weights_op(self, var):
        if self._decays(var):
            return var.assign_sub(self._weight_decay * var, self._use_locking)
        return public().no_op()

    def _apply_dense(self, grad, var):
        with get_default_graph().control_dependencies([self._decay_weights_op(var)]):
            return super()._apply_dense(grad, var)


@export("contrib.opt.extend_with_decoupled_weight_decay")
def extend_with_decoupled_weight_decay(base_optimizer):
    """A subclass of `base_optimizer` whose constructor takes `weight_decay` first."""

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            super().__init__(weight_decay, *args, **kwargs)

    return OptimizerWithDecoupledWeightDecay


@export("contrib.opt.MomentumWOptimizer")
class MomentumWOptimizer(DecoupledWeightDecayExtension, MomentumOptimizer):
    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False, name="MomentumW",
                 use_nesterov=False):
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum, use_locking=use_locking,
                         name=name, use_nesterov=use_nesterov)


@export("contrib.opt.AdamWOptimizer")
class AdamWOptimizer(DecoupledWeightDecayExtension, AdamOptimizer):
    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="AdamW"):
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon,
                         use_locking=use_locking, name=name)


def _gathered_rows(var):
    """The row indices TF's IndexedSlices gradient of `var` would carry (flattened, concatenated),
    or None when some consumer of `var`'s value uses it densely."""
    tf = public()
    read = var.value()
    index_tensors = []
    for op in read.consumers():
        if op.type == "SymbolicGradient":
            continue
        if op.type not in _GATHER_TYPES or op.inputs[0] is not read:
            return None
        if op.type == "GatherV2":
            axis = tf.get_static_value(op.inputs[2])
            if axis is None or int(axis) != 0 or op.node_def.attr["batch_dims"].i != 0:
                return None
        index_tensors.append(tf.reshape(op.inputs[1], [-1]))
    if not index_tensors:
        return None
    return index_tensors[0] if len(index_tensors) == 1 else tf.concat(index_tensors, 0)


@export("contrib.opt.LazyAdamOptimizer")
class LazyAdamOptimizer(AdamOptimizer):
    """Adam whose sparse updates leave the m/v/var rows the gradient does not touch unchanged."""

    def _apply_dense(self, grad, var):
        indices = _gathered_rows(var)
        if indices is None:
            return super()._apply_dense(grad, var)
        return self._lazy_update(grad, var, indices)

    def _apply_sparse_duplicate_indices(self, grad, var):
        tf = public()
        # Duplicate indices add up (TF's _apply_sparse_duplicate_indices), here straight into rows.
        dense = tf.unsorted_segment_sum(grad.values, grad.indices, tf.shape(var)[0])
        return self._lazy_update(dense, var, grad.indices)

    def _lazy_update(self, grad, var, indices):
        tf = public()
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = self._get_beta_accumulators()
        beta1_power = tf.cast(beta1_power, dtype)
        beta2_power = tf.cast(beta2_power, dtype)
        lr_t, beta1_t, beta2_t, epsilon_t = (tf.cast(t, dtype) for t in
                                             (self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t))
        lr = lr_t * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
        rows = tf.shape(var)[0]
        touched = tf.unsorted_segment_sum(tf.ones_like(indices, dtype=dtype), indices, rows)
        row_shape = tf.concat([[rows], tf.ones([tf.rank(var) - 1], tf.int32)], 0)
        mask = tf.not_equal(tf.reshape(touched, row_shape) * tf.ones_like(var), 0)
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        m_t = tf.assign(m, tf.where(mask, beta1_t * m + (1 - beta1_t) * grad, m.value()),
                        use_locking=self._use_locking)
        v_t = tf.assign(v, tf.where(mask, beta2_t * v + (1 - beta2_t) * tf.square(grad), v.value()),
                        use_locking=self._use_locking)
        step = tf.where(mask, lr * m_t / (tf.sqrt(v_t) + epsilon_t), tf.zeros_like(var))
        var_update = tf.assign_sub(var, step, use_locking=self._use_locking)
        return tf.group(var_update, m_t, v_t)


@export("contrib.opt.MovingAverageOptimizer")
class MovingAverageOptimizer(Optimizer):
    """Wraps `opt`: each training step also updates an ExponentialMovingAverage of the trained
    variables; `swapping_saver()` saves the averages under the variables' names (and back)."""

    def __init__(self, opt, average_decay=0.9999, num_updates=None, sequential_update=True):
        from ..training.moving_averages import ExponentialMovingAverage
        self._optimizer = opt
        self._ema = ExponentialMovingAverage(average_decay, num_updates=num_updates)
        self._swapped_variable_name_map = None
        self._sequential_update = sequential_update

    def compute_gradients(self, *args, **kwargs):
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        tf = public()
        grads_and_vars = list(grads_and_vars)
        train_op = self._optimizer.apply_gradients(grads_and_vars, global_step=global_step, name=name)
        var_list = [v for g, v in grads_and_vars if g is not None]
        self._swapped_variable_name_map = {}
        if self._sequential_update:
            with get_default_graph().control_dependencies([train_op]):
                ma_op = self._ema.apply(var_list)
        else:
            ma_op = self._ema.apply(var_list)
        for v in var_list:
            v_avg = self._ema.average(v)
            self._swapped_variable_name_map[v.op.name] = v_avg.op.name
            self._swapped_variable_name_map[v_avg.op.name] = v.op.name
        return tf.group(train_op, ma_op, name="train_with_avg")

    def _find_swapped_variable(self, v_name_to_tensor, v_name, tensor):
        swapped_v_name = self._swapped_variable_name_map.get(v_name, None)
        if swapped_v_name is None:
            return tensor
        if swapped_v_name in v_name_to_tensor:
            return v_name_to_tensor[swapped_v_name]
        raise ValueError("Variable to swap %s is not part of variables to save. This breaks "
                         "MovingAverageOptimizer." % swapped_v_name)

    def swapping_saver(self, var_list=None, name="swapping_saver", **kwargs):
        from ..training.saver import Saver, op_list_to_dict
        if self._swapped_variable_name_map is None:
            raise RuntimeError("Must call apply_gradients or minimize before creating the swapping_saver")
        if var_list is None:
            var_list = public().global_variables()
        if not isinstance(var_list, dict):
            var_list = op_list_to_dict(var_list)
        v_name_to_tensor = {}
        for k, tensor_or_list in var_list.items():
            if isinstance(tensor_or_list, (list, tuple)):
                for tensor in tensor_or_list:
                    v_name_to_tensor[tensor.op.name] = tensor
            else:
                v_name_to_tensor[k] = tensor_or_list
        swapped = {}
        for k, tensor_or_list in var_list.items():
            if isinstance(tensor_or_list, (list, tuple)):
                swapped[k] = [self._find_swapped_variable(v_name_to_tensor, t.op.name, t) for t in tensor_or_list]
            else:
                swapped[k] = self._find_swapped_variable(v_name_to_tensor, k, tensor_or_list)
        return Saver(swapped, name=name, **kwargs)
