"""`tf.contrib.slim.learning` and `tf.contrib.training`'s train-op helpers (TF 1.15's
contrib/slim/python/slim/learning.py and contrib/training/python/training/training.py).

`create_train_op` returns the total loss made to depend on the optimizer's update (and on the
UPDATE_OPS through an `update_barrier`), numerics-checked under `train_op/`, and records it in the
TRAIN_OP collection. `slim.learning.train` runs it in a loop under a `tf.train.Supervisor`
(checkpoints every `save_interval_secs`, summaries every `save_summaries_secs`, a final checkpoint),
stopping after `number_of_steps` global steps; `contrib.training.train` runs it in a
MonitoredTrainingSession. Built on the public graph API, as TF's modules are.
"""
import math
import sys
import time

from ..api import export, public
from ..framework import dtypes, errors
from ..framework.graph import GraphKeys, get_collection, get_collection_ref
from ..platform import tf_logging as logging
from ..training.session_run_hooks import SessionRunArgs, SessionRunHook

_USE_GLOBAL_STEP = 0
_USE_DEFAULT = 0


def _is_sparse(grad):
    return type(grad).__name__ == "IndexedSlices"


@export("contrib.training.add_gradients_summaries", "contrib.slim.learning.add_gradients_summaries")
def add_gradients_summaries(grads_and_vars):
    tf = public()
    summaries = []
    for grad, var in grads_and_vars:
        if grad is None:
            logging.info("Var %s has no gradient", var.op.name)
            continue
        values = grad.values if _is_sparse(grad) else grad
        summaries.append(tf.summary.histogram(var.op.name + "_gradient", values))
        summaries.append(tf.summary.scalar(var.op.name + "_gradient_norm", tf.global_norm([values])))
    return summaries


@export("contrib.training.clip_gradient_norms", "contrib.slim.learning.clip_gradient_norms")
def clip_gradient_norms(gradients_to_variables, max_norm):
    """Each gradient clipped to `max_norm` on its own (clip_by_norm, not the global norm)."""
    tf = public()
    out = []
    for grad, var in gradients_to_variables:
        if grad is not None:
            if _is_sparse(grad):
                grad = type(grad)(tf.clip_by_norm(grad.values, max_norm), grad.indices, grad.dense_shape)
            else:
                grad = tf.clip_by_norm(grad, max_norm)
        out.append((grad, var))
    return out


@export("contrib.training.clip_gradient_norms_fn")
def clip_gradient_norms_fn(max_norm):
    return lambda gradients_to_variables: clip_gradient_norms(gradients_to_variables, max_norm)


@export("contrib.training.multiply_gradients", "contrib.slim.learning.multiply_gradients")
def multiply_gradients(grads_and_vars, gradient_multipliers):
    """Gradients of the variables (or variable op names) in `gradient_multipliers` scaled by their value."""
    tf = public()
    if not isinstance(grads_and_vars, list):
        raise ValueError("`grads_and_vars` must be a list.")
    if not gradient_multipliers:
        raise ValueError("`gradient_multipliers` is empty.")
    if not isinstance(gradient_multipliers, dict):
        raise ValueError("`gradient_multipliers` must be a dict.")
    out = []
    for grad, var in grads_and_vars:
        if var in gradient_multipliers or var.op.name in gradient_multipliers:
            key = var if var in gradient_multipliers else var.op.name
            if grad is None:
                raise ValueError("Requested multiple of `None` gradient.")
            if _is_sparse(grad):
                values = grad.values * tf.convert_to_tensor(gradient_multipliers[key], dtype=grad.dtype)
                grad = type(grad)(values, grad.indices, grad.dense_shape)
            else:
                grad *= tf.convert_to_tensor(gradient_multipliers[key], dtype=grad.dtype)
        out.append((grad, var))
    return out


@export("contrib.training.create_train_op")
def create_train_op(total_loss, optimizer, global_step=_USE_GLOBAL_STEP, update_ops=None, variables_to_train=None,
                    transform_grads_fn=None, summarize_gradients=False, gate_gradients=1, aggregation_method=None,
                    colocate_gradients_with_ops=False, check_numerics=True):
    tf = public()
    if global_step is _USE_GLOBAL_STEP:
        global_step = tf.train.get_or_create_global_step()
    global_update_ops = set(get_collection(GraphKeys.UPDATE_OPS))
    update_ops = global_update_ops if update_ops is None else set(update_ops)
    if not global_update_ops.issubset(update_ops):
        logging.warning("update_ops in create_train_op does not contain all the update_ops in GraphKeys.UPDATE_OPS")
    if update_ops:
        with tf.control_dependencies(update_ops):
            barrier = tf.no_op(name="update_barrier")
        total_loss = _with_dependencies([barrier], total_loss)
    if variables_to_train is None:
        variables_to_train = tf.trainable_variables()
    else:
        for v in variables_to_train:
            assert v.trainable or v in tf.trainable_variables()
    assert variables_to_train
    grads = optimizer.compute_gradients(total_loss, variables_to_train, gate_gradients=gate_gradients,
                                        aggregation_method=aggregation_method,
                                        colocate_gradients_with_ops=colocate_gradients_with_ops)
    if transform_grads_fn:
        grads = transform_grads_fn(grads)
    if summarize_gradients:
        with tf.name_scope("summarize_grads"):
            add_gradients_summaries(grads)
    grad_updates = optimizer.apply_gradients(grads, global_step=global_step)
    with tf.name_scope("train_op"):
        if check_numerics:
            total_loss = tf.check_numerics(total_loss, "LossTensor is inf or nan")
        train_op = _with_dependencies([grad_updates], total_loss)
    train_ops = get_collection_ref(GraphKeys.TRAIN_OP)
    if train_op not in train_ops:
        train_ops.append(train_op)
    return train_op


def _with_dependencies(dependencies, output):
    from ..ops.control_flow_ops import with_dependencies
    return with_dependencies(dependencies, output)


@export("contrib.training.train")
def training_train(train_op, logdir, master="", is_chief=True, scaffold=None, hooks=None, chief_only_hooks=None,
                   save_checkpoint_secs=600, save_summaries_steps=100, config=None, max_wait_secs=7200,
                   run_metadata=None):
    """contrib.training's loop: run `train_op` in a MonitoredTrainingSession until a hook stops it."""
    if logdir is None and is_chief:
        if save_summaries_steps:
            raise ValueError("logdir cannot be None when save_summaries_steps is not None")
        if save_checkpoint_secs:
            raise ValueError("logdir cannot be None when save_checkpoint_secs is not None")
    tf = public()
    with tf.train.MonitoredTrainingSession(
            master=master, is_chief=is_chief, checkpoint_dir=logdir, scaffold=scaffold, hooks=hooks,
            chief_only_hooks=chief_only_hooks, save_checkpoint_secs=save_checkpoint_secs,
            save_summaries_steps=save_summaries_steps, config=config, max_wait_secs=max_wait_secs) as session:
        loss = None
        while not session.should_stop():
            loss = session.run(train_op, run_metadata=run_metadata)
    return loss


# ------------------------------------------------------------------------------ slim.learning

@export("contrib.slim.learning.create_train_op")
def slim_create_train_op(total_loss, optimizer, global_step=_USE_GLOBAL_STEP, update_ops=None,
                         variables_to_train=None, clip_gradient_norm=0, summarize_gradients=False, gate_gradients=1,
                         aggregation_method=None, colocate_gradients_with_ops=False, gradient_multipliers=None,
                         check_numerics=True):
    """contrib.training's create_train_op with slim's gradient multipliers and per-gradient clipping."""
    tf = public()

    def transform_grads_fn(grads):
        if gradient_multipliers:
            with tf.name_scope("multiply_grads"):
                grads = multiply_gradients(grads, gradient_multipliers)
        if clip_gradient_norm > 0:
            with tf.name_scope("clip_grads"):
                grads = clip_gradient_norms(grads, clip_gradient_norm)
        return grads

    return create_train_op(total_loss=total_loss, optimizer=optimizer, global_step=global_step, update_ops=update_ops,
                           variables_to_train=variables_to_train, transform_grads_fn=transform_grads_fn,
                           summarize_gradients=summarize_gradients, gate_gradients=gate_gradients,
                           aggregation_method=aggregation_method,
                           colocate_gradients_with_ops=colocate_gradients_with_ops, check_numerics=check_numerics)


@export("contrib.slim.learning.train_step")
def train_step(sess, train_op, global_step, train_step_kwargs):
    """One step: run `train_op` and the global step; log and decide whether to stop as the kwargs say."""
    start_time = time.time()
    if "should_trace" in train_step_kwargs:
        if "logdir" not in train_step_kwargs:
            raise ValueError("logdir must be present in train_step_kwargs when should_trace is present")
    total_loss, np_global_step = sess.run([train_op, global_step])
    time_elapsed = time.time() - start_time
    if "should_log" in train_step_kwargs and sess.run(train_step_kwargs["should_log"]):
        logging.info("global step %d: loss = %.4f (%.3f sec/step)", np_global_step, total_loss, time_elapsed)
    should_stop = sess.run(train_step_kwargs["should_stop"]) if "should_stop" in train_step_kwargs else False
    return total_loss, should_stop


def _wait_for_step(sess, global_step, step):
    tf = public()
    while tf.train.global_step(sess, global_step) < step:
        time.sleep(1.0)


@export("contrib.slim.learning.train")
def train(train_op, logdir, train_step_fn=train_step, train_step_kwargs=_USE_DEFAULT, log_every_n_steps=1, graph=None,
          master="", is_chief=True, global_step=None, number_of_steps=None, init_op=_USE_DEFAULT,
          init_feed_dict=None, local_init_op=_USE_DEFAULT, init_fn=None, ready_op=_USE_DEFAULT,
          summary_op=_USE_DEFAULT, save_summaries_secs=600, summary_writer=_USE_DEFAULT, startup_delay_steps=0,
          saver=None, save_interval_secs=600, sync_optimizer=None, session_config=None, session_wrapper=None,
          trace_every_n_steps=None, ignore_live_threads=False):
    """slim's training loop under a Supervisor; returns the last loss. (sync_optimizer and tracing,
    which need SyncReplicasOptimizer queues and RunMetadata step stats, are not supported.)"""
    tf = public()
    if train_op is None:
        raise ValueError("train_op cannot be None.")
    if logdir is None:
        if summary_op != _USE_DEFAULT:
            raise ValueError("Cannot provide summary_op because logdir=None")
        if saver is not None:
            raise ValueError("Cannot provide saver because logdir=None")
        if trace_every_n_steps is not None:
            raise ValueError("Cannot provide trace_every_n_steps because logdir=None")
    if sync_optimizer is not None:
        raise NotImplementedError("tf1's slim.learning.train does not support sync_optimizer")
    if number_of_steps is not None and number_of_steps <= 0:
        raise ValueError("`number_of_steps` must be either None or a positive number.")

    graph = graph or tf.get_default_graph()
    with graph.as_default():
        if global_step is None:
            global_step = tf.train.get_or_create_global_step()
        saver = saver or tf.train.Saver()
        with tf.name_scope("init_ops"):
            if init_op == _USE_DEFAULT:
                init_op = tf.global_variables_initializer()
            if ready_op == _USE_DEFAULT:
                ready_op = tf.report_uninitialized_variables()
            if local_init_op == _USE_DEFAULT:
                local_init_op = tf.group(tf.local_variables_initializer(), tf.tables_initializer())
        if summary_op == _USE_DEFAULT:
            summary_op = tf.summary.merge_all()
        if summary_writer == _USE_DEFAULT:
            summary_writer = tf.train.Supervisor.USE_DEFAULT
        if train_step_kwargs == _USE_DEFAULT:
            with tf.name_scope("train_step"):
                train_step_kwargs = {}
                if number_of_steps:
                    should_stop_op = tf.greater_equal(global_step, number_of_steps)
                else:
                    should_stop_op = tf.constant(False)
                train_step_kwargs["should_stop"] = should_stop_op
                if log_every_n_steps > 0:
                    train_step_kwargs["should_log"] = tf.equal(tf.mod(global_step, log_every_n_steps), 0)
                if is_chief and trace_every_n_steps is not None:
                    train_step_kwargs["should_trace"] = tf.equal(tf.mod(global_step, trace_every_n_steps), 0)
                    train_step_kwargs["logdir"] = logdir

    sv = tf.train.Supervisor(graph=graph, is_chief=is_chief, logdir=logdir, init_op=init_op,
                             init_feed_dict=init_feed_dict, local_init_op=local_init_op, ready_op=ready_op,
                             summary_op=summary_op, summary_writer=summary_writer, global_step=global_step,
                             saver=saver, save_summaries_secs=save_summaries_secs,
                             save_model_secs=save_interval_secs, init_fn=init_fn)
    if summary_writer is not None:
        train_step_kwargs["summary_writer"] = sv.summary_writer

    total_loss = None
    should_retry = True
    while should_retry:
        try:
            should_retry = False
            with sv.managed_session(master, start_standard_services=False, config=session_config) as sess:
                logging.info("Starting Session.")
                if session_wrapper is not None:
                    logging.info("Wrapping session with wrapper function: %s", session_wrapper)
                    sess = session_wrapper(sess)
                if is_chief:
                    if logdir:
                        sv.start_standard_services(sess)
                elif startup_delay_steps > 0:
                    _wait_for_step(sess, global_step, min(startup_delay_steps, number_of_steps or sys.maxsize))
                threads = sv.start_queue_runners(sess)
                logging.info("Starting Queues.")
                try:
                    while not sv.should_stop():
                        total_loss, should_stop = train_step_fn(sess, train_op, global_step, train_step_kwargs)
                        if should_stop:
                            logging.info("Stopping Training.")
                            sv.request_stop()
                            break
                except errors.OutOfRangeError as e:
                    logging.info("Caught OutOfRangeError. Stopping Training. %s", e)
                if logdir and sv.is_chief:
                    logging.info("Finished training! Saving model to disk.")
                    sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
                    sv.stop(threads, close_summary_writer=True, ignore_live_threads=ignore_live_threads)
        except errors.AbortedError:
            logging.info("Retrying training!")
            should_retry = True
    return total_loss



# ------------------------------------------------------------------------------ evaluation
# contrib.training's evaluation loop (evaluate_once, evaluate_repeatedly and their hooks) and slim's
# evaluation wrappers: restore a checkpoint into a MonitoredSession, run the eval ops `num_evals` times
# (counted by the local `eval_step` variable), write the summaries once at the end.

def _get_or_create_eval_step():
    tf = public()
    eval_steps = get_collection(GraphKeys.EVAL_STEP)
    if len(eval_steps) == 1:
        return eval_steps[0]
    if len(eval_steps) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return tf.get_variable("eval_step", shape=[], dtype=dtypes.int64, initializer=tf.zeros_initializer(),
                           trainable=False, collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.EVAL_STEP])


export("contrib.training.get_or_create_eval_step")(_get_or_create_eval_step)


@export("contrib.training.StopAfterNEvalsHook")
class StopAfterNEvalsHook(SessionRunHook):
    """Stops the evaluation after `num_evals` runs of the eval ops, logging progress."""

    def __init__(self, num_evals, log_progress=True):
        self._num_evals = num_evals
        self._evals_completed = None
        self._log_progress = log_progress
        self._log_frequency = 1 if (num_evals is None or num_evals < 20) else math.floor(num_evals / 10.)

    def _set_evals_completed_tensor(self, updated_eval_step):
        self._evals_completed = updated_eval_step

    def before_run(self, run_context):
        return SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context, run_values):
        evals_completed = run_values.results["evals_completed"]
        if self._log_progress:
            if self._num_evals is None:
                logging.info("Evaluation [%d]", evals_completed)
            elif evals_completed % self._log_frequency == 0 or self._num_evals == evals_completed:
                logging.info("Evaluation [%d/%d]", evals_completed, self._num_evals)
        if self._num_evals is not None and evals_completed >= self._num_evals:
            run_context.request_stop()


@export("contrib.training.SummaryAtEndHook")
class SummaryAtEndHook(SessionRunHook):
    """Writes the summary op's value (at the global step) when the evaluation session ends."""

    def __init__(self, log_dir=None, summary_writer=None, summary_op=None, feed_dict=None):
        self._summary_op = summary_op
        self._replace_summary_op = summary_op is None
        self._feed_dict = feed_dict
        self._summary_writer = summary_writer
        self._log_dir = log_dir
        if self._log_dir is None and self._summary_writer is None:
            raise ValueError("One of log_dir or summary_writer should be used.")

    def begin(self):
        tf = public()
        if self._replace_summary_op:
            self._summary_op = tf.summary.merge_all()
        self._global_step = tf.train.get_or_create_global_step()

    def after_create_session(self, session, coord):
        if self._summary_writer is None and self._log_dir:
            self._summary_writer = public().summary.FileWriterCache.get(self._log_dir)

    def end(self, session):
        if self._summary_op is not None:
            global_step = public().train.global_step(session, self._global_step)
            summary_str = session.run(self._summary_op, self._feed_dict)
            if self._summary_writer:
                self._summary_writer.add_summary(summary_str, global_step)
        if self._summary_writer:
            self._summary_writer.flush()


def _add_eval_step(eval_ops, hooks):
    """eval_ops plus the eval_step increment; the stop hooks watch the incremented value."""
    tf = public()
    update_eval_step = tf.assign_add(_get_or_create_eval_step(), 1, use_locking=True)
    if isinstance(eval_ops, dict):
        eval_ops["update_eval_step"] = update_eval_step
        deps = list(eval_ops.values())
    elif isinstance(eval_ops, (tuple, list)):
        eval_ops = list(eval_ops) + [update_eval_step]
        deps = eval_ops
    else:
        eval_ops = [eval_ops, update_eval_step]
        deps = eval_ops
    with tf.control_dependencies(deps):
        eval_step_value = tf.identity(_get_or_create_eval_step().read_value())
    for h in hooks:
        if isinstance(h, StopAfterNEvalsHook):
            h._set_evals_completed_tensor(eval_step_value)
    return eval_ops


@export("contrib.training.evaluate_once")
def evaluate_once(checkpoint_path, master="", scaffold=None, eval_ops=None, feed_dict=None, final_ops=None,
                  final_ops_feed_dict=None, hooks=None, config=None):
    """Restores `checkpoint_path`, runs `eval_ops` until a hook stops, returns `final_ops`' values."""
    tf = public()
    _get_or_create_eval_step()
    hooks = list(hooks or [])
    if eval_ops is not None:
        eval_ops = _add_eval_step(eval_ops, hooks)
    logging.info("Starting evaluation at " + time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime()))
    session_creator = tf.train.ChiefSessionCreator(scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path,
                                                   master=master, config=config)
    final_ops_hook = tf.train.FinalOpsHook(final_ops, final_ops_feed_dict)
    hooks.append(final_ops_hook)
    with tf.train.MonitoredSession(session_creator=session_creator, hooks=hooks) as session:
        if eval_ops is not None:
            while not session.should_stop():
                session.run(eval_ops, feed_dict)
    logging.info("Finished evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S", time.localtime()))
    return final_ops_hook.final_ops_values


@export("contrib.training.wait_for_new_checkpoint")
def wait_for_new_checkpoint(checkpoint_dir, last_checkpoint=None, seconds_to_sleep=1, timeout=None):
    tf = public()
    logging.info("Waiting for new checkpoint at %s", checkpoint_dir)
    stop_time = time.time() + timeout if timeout is not None else None
    while True:
        checkpoint_path = tf.train.latest_checkpoint(checkpoint_dir)
        if checkpoint_path is None or checkpoint_path == last_checkpoint:
            if stop_time is not None and time.time() + seconds_to_sleep > stop_time:
                return None
            time.sleep(seconds_to_sleep)
        else:
            logging.info("Found new checkpoint at %s", checkpoint_path)
            return checkpoint_path


@export("contrib.training.checkpoints_iterator")
def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    checkpoint_path = None
    while True:
        new_checkpoint_path = wait_for_new_checkpoint(checkpoint_dir, checkpoint_path, timeout=timeout)
        if new_checkpoint_path is None:
            if not timeout_fn:
                logging.info("Timed-out waiting for a checkpoint.")
                return
            if timeout_fn():
                return
            continue
        start = time.time()
        checkpoint_path = new_checkpoint_path
        yield checkpoint_path
        time_to_next_eval = start + min_interval_secs - time.time()
        if time_to_next_eval > 0:
            time.sleep(time_to_next_eval)


@export("contrib.training.evaluate_repeatedly")
def evaluate_repeatedly(checkpoint_dir, master="", scaffold=None, eval_ops=None, feed_dict=None, final_ops=None,
                        final_ops_feed_dict=None, eval_interval_secs=60, hooks=None, config=None,
                        max_number_of_evaluations=None, timeout=None, timeout_fn=None):
    """evaluate_once on each new checkpoint in `checkpoint_dir`, until `max_number_of_evaluations`."""
    tf = public()
    eval_step = _get_or_create_eval_step()
    hooks = hooks or []
    if eval_ops is not None:
        update_eval_step = tf.assign_add(eval_step, 1)
        for h in hooks:
            if isinstance(h, StopAfterNEvalsHook):
                h._set_evals_completed_tensor(update_eval_step)
        if isinstance(eval_ops, dict):
            eval_ops["update_eval_step"] = update_eval_step
        elif isinstance(eval_ops, (tuple, list)):
            eval_ops = list(eval_ops) + [update_eval_step]
        else:
            eval_ops = [eval_ops, update_eval_step]
    final_ops_hook = tf.train.FinalOpsHook(final_ops, final_ops_feed_dict)
    hooks.append(final_ops_hook)
    num_evaluations = 0
    for checkpoint_path in checkpoints_iterator(checkpoint_dir, min_interval_secs=eval_interval_secs,
                                                timeout=timeout, timeout_fn=timeout_fn):
        session_creator = tf.train.ChiefSessionCreator(scaffold=scaffold,
                                                       checkpoint_filename_with_path=checkpoint_path,
                                                       master=master, config=config)
        with tf.train.MonitoredSession(session_creator=session_creator, hooks=hooks) as session:
            logging.info("Starting evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S", time.gmtime()))
            if eval_ops is not None:
                while not session.should_stop():
                    session.run(eval_ops, feed_dict)
            logging.info("Finished evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S", time.gmtime()))
        num_evaluations += 1
        if max_number_of_evaluations is not None and num_evaluations >= max_number_of_evaluations:
            return final_ops_hook.final_ops_values
    return final_ops_hook.final_ops_values


def _slim_eval_hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks):
    tf = public()
    if summary_op == _USE_DEFAULT:
        summary_op = tf.summary.merge_all()
    all_hooks = [StopAfterNEvalsHook(num_evals)]
    if summary_op is not None:
        all_hooks.append(SummaryAtEndHook(log_dir=logdir, summary_op=summary_op, feed_dict=summary_op_feed_dict))
    if hooks is not None:
        all_hooks.extend(hooks)
    return all_hooks


@export("contrib.slim.evaluation.evaluate_once")
def slim_evaluate_once(master, checkpoint_path, logdir, num_evals=1, initial_op=None, initial_op_feed_dict=None,
                       eval_op=None, eval_op_feed_dict=None, final_op=None, final_op_feed_dict=None,
                       summary_op=_USE_DEFAULT, summary_op_feed_dict=None, variables_to_restore=None,
                       session_config=None, hooks=None):
    tf = public()
    all_hooks = _slim_eval_hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks)
    saver = tf.train.Saver(variables_to_restore) if variables_to_restore is not None else None
    return evaluate_once(checkpoint_path, master=master,
                         scaffold=tf.train.Scaffold(init_op=initial_op, init_feed_dict=initial_op_feed_dict,
                                                    saver=saver),
                         eval_ops=eval_op, feed_dict=eval_op_feed_dict, final_ops=final_op,
                         final_ops_feed_dict=final_op_feed_dict, hooks=all_hooks, config=session_config)


@export("contrib.slim.evaluation.evaluation_loop")
def evaluation_loop(master, checkpoint_dir, logdir, num_evals=1, initial_op=None, initial_op_feed_dict=None,
                    init_fn=None, eval_op=None, eval_op_feed_dict=None, final_op=None, final_op_feed_dict=None,
                    summary_op=_USE_DEFAULT, summary_op_feed_dict=None, variables_to_restore=None,
                    eval_interval_secs=60, max_number_of_evaluations=None, session_config=None, timeout=None,
                    timeout_fn=None, hooks=None):
    tf = public()
    all_hooks = _slim_eval_hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks)
    saver = tf.train.Saver(variables_to_restore) if variables_to_restore is not None else None
    return evaluate_repeatedly(checkpoint_dir, master=master,
                               scaffold=tf.train.Scaffold(init_op=initial_op, init_feed_dict=initial_op_feed_dict,
                                                          init_fn=init_fn, saver=saver),
                               eval_ops=eval_op, feed_dict=eval_op_feed_dict, final_ops=final_op,
                               final_ops_feed_dict=final_op_feed_dict, eval_interval_secs=eval_interval_secs,
                               hooks=all_hooks, config=session_config,
                               max_number_of_evaluations=max_number_of_evaluations, timeout=timeout,
                               timeout_fn=timeout_fn)
