"""`tf.estimator.RunConfig`: the estimator's model_dir, seed and saving/logging cadence.

`vars(config)` is what "Using config: ..." prints, so the attributes are set in TF 1.15's order
(a single local, non-distributed worker: its cluster fields are the defaults TF computes then)."""
from ..api import export
from ..api import public as tf

_USE_DEFAULT = object()


def get_default_session_config():
    """TF 1.15's: soft placement, one meta-optimizer iteration."""
    t = tf()
    config = t.ConfigProto(allow_soft_placement=True)
    config.graph_options.rewrite_options.meta_optimizer_iterations = 1  # RewriterConfig.ONE
    return config


class _ClusterSpec:
    """The empty cluster of a local run (TF prints its object repr in "Using config")."""

    jobs = []

    def __bool__(self):
        return False

    def __repr__(self):
        return "<tensorflow.python.training.server_lib.ClusterSpec object at 0x%x>" % id(self)


@export("estimator.RunConfig")
class RunConfig:
    def __init__(self, model_dir=None, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_steps=_USE_DEFAULT, save_checkpoints_secs=_USE_DEFAULT, session_config=None,
                 keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
                 train_distribute=None, device_fn=None, protocol=None, eval_distribute=None,
                 experimental_distribute=None, experimental_max_worker_delay_secs=None,
                 session_creation_timeout_secs=7200):
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        if save_checkpoints_steps and save_checkpoints_secs:
            raise ValueError("Can not specify both save_checkpoints_steps and save_checkpoints_secs.")
        self._model_dir = model_dir
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._save_checkpoints_steps = save_checkpoints_steps
        self._save_checkpoints_secs = save_checkpoints_secs
        self._session_config = session_config
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._log_step_count_steps = log_step_count_steps
        self._train_distribute = train_distribute
        self._device_fn = device_fn
        self._protocol = protocol
        self._eval_distribute = eval_distribute
        self._experimental_distribute = experimental_distribute
        self._experimental_max_worker_delay_secs = experimental_max_worker_delay_secs
        self._session_creation_timeout_secs = session_creation_timeout_secs
        self._service = None
        self._cluster_spec = _ClusterSpec()
        self._task_type = "worker"
        self._task_id = 0
        self._global_id_in_cluster = 0
        self._master = ""
        self._evaluation_master = ""
        self._is_chief = True
        self._num_ps_replicas = 0
        self._num_worker_replicas = 1

    def replace(self, **kwargs):
        new = RunConfig.__new__(RunConfig)
        new.__dict__.update(self.__dict__)
        for key, value in kwargs.items():
            if "_" + key not in new.__dict__:
                raise ValueError("{} is not a replaceable property".format(key))
            setattr(new, "_" + key, value)
        return new


def _property(name):
    return property(lambda self: getattr(self, "_" + name))


for _name in ("model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
              "save_checkpoints_secs", "session_config", "keep_checkpoint_max", "keep_checkpoint_every_n_hours",
              "log_step_count_steps", "train_distribute", "device_fn", "protocol", "eval_distribute",
              "session_creation_timeout_secs", "service", "cluster_spec", "task_type", "task_id",
              "global_id_in_cluster", "master", "evaluation_master", "is_chief", "num_ps_replicas",
              "num_worker_replicas"):
    setattr(RunConfig, _name, _property(_name))
