"""`tf.train.ClusterSpec`, `tf.train.Server` and `tf.train.replica_device_setter` (TF 1.15's
training/server_lib.py and device_setter.py).

tf1 runs a graph in one process, so a ClusterSpec is a description only (it round-trips through the
ClusterDef proto as TF's does) and creating a `tf.train.Server` raises UnimplementedError.
`replica_device_setter` returns TF's device function: variables (and other ps ops) round-robin over
the ps tasks, everything else on the worker device.
"""
from tensorboard.compat.proto import cluster_pb2

from ..api import export
from ..framework import errors
from ..framework.graph import canonical_device


def _as_tasks(job_name, tasks):
    if isinstance(tasks, (list, tuple)):
        return {i: task for i, task in enumerate(tasks)}
    if isinstance(tasks, dict):
        out = {}
        for i, task in tasks.items():
            if not isinstance(i, int) or isinstance(i, bool):
                raise TypeError("The tasks for job %r must be a list or a dictionary from integers to "
                                "strings." % job_name)
            out[i] = task
        return out
    raise TypeError("The tasks for job %r must be a list or a dictionary from integers to strings."
                    % job_name)


@export("train.ClusterSpec")
class ClusterSpec:
    """A cluster: job names mapped to the network addresses of their tasks."""

    def __init__(self, cluster):
        if isinstance(cluster, dict):
            self._cluster_spec = {}
            for job_name, tasks in cluster.items():
                self._cluster_spec[job_name] = _as_tasks(job_name, tasks)
            self._make_cluster_def()
        elif isinstance(cluster, cluster_pb2.ClusterDef):
            self._cluster_def = cluster
            self._cluster_spec = {}
            for job_def in self._cluster_def.job:
                self._cluster_spec[job_def.name] = {i: t for i, t in job_def.tasks.items()}
        elif isinstance(cluster, ClusterSpec):
            self._cluster_def = cluster_pb2.ClusterDef()
            self._cluster_def.MergeFrom(cluster.as_cluster_def())
            self._cluster_spec = {}
            for job_def in self._cluster_def.job:
                self._cluster_spec[job_def.name] = {i: t for i, t in job_def.tasks.items()}
        else:
            raise TypeError("`cluster` must be a dictionary mapping one or more job names to lists of "
                            "network addresses, or a `ClusterDef` protocol buffer")

    def _make_cluster_def(self):
        # The proto lists jobs and tasks sorted, whatever order the dictionary had.
        self._cluster_def = cluster_pb2.ClusterDef()
        for job_name, tasks in sorted(self._cluster_spec.items()):
            try:
                job_name = str(job_name)
            except ValueError:
                raise TypeError("Job name %r must be bytes or unicode" % job_name)
            job_def = self._cluster_def.job.add()
            job_def.name = job_name
            for i, task_address in sorted(tasks.items()):
                if not isinstance(task_address, (str, bytes)):
                    raise TypeError("Task address %r must be bytes or unicode" % (task_address,))
                if isinstance(task_address, bytes):
                    task_address = task_address.decode("utf-8")
                job_def.tasks[i] = task_address

    def __bool__(self):
        return bool(self._cluster_spec)

    __nonzero__ = __bool__

    def __eq__(self, other):
        return self._cluster_spec == other

    def __ne__(self, other):
        return self._cluster_spec != other

    def __repr__(self):
        key_values = self.as_dict()
        string_items = [repr(k) + ": " + repr(key_values[k]) for k in sorted(key_values)]
        return "ClusterSpec({" + ", ".join(string_items) + "})"

    def as_dict(self):
        """Job name -> list of addresses (dense task indices) or {index: address} (sparse)."""
        ret = {}
        for job in self.jobs:
            task_indices = self.task_indices(job)
            if not task_indices:
                ret[job] = {}
            elif max(task_indices) + 1 == len(task_indices):
                ret[job] = self.job_tasks(job)
            else:
                ret[job] = {i: self.task_address(job, i) for i in task_indices}
        return ret

    def as_cluster_def(self):
        return self._cluster_def

    @property
    def jobs(self):
        return list(self._cluster_spec.keys())

    def _job(self, job_name):
        try:
            return self._cluster_spec[job_name]
        except KeyError:
            raise ValueError("No such job in cluster: %r" % job_name)

    def num_tasks(self, job_name):
        return len(self._job(job_name))

    def task_indices(self, job_name):
        return sorted(self._job(job_name).keys())

    def task_address(self, job_name, task_index):
        job = self._job(job_name)
        try:
            return job[task_index]
        except KeyError:
            raise ValueError("No task with index %r in job %r" % (task_index, job_name))

    def job_tasks(self, job_name):
        """Addresses by task index, None where an index has no task."""
        job = self._job(job_name)
        ret = [None for _ in range(max(job.keys()) + 1)]
        for i, task in job.items():
            ret[i] = task
        return ret


@export("train.Server")
class Server:
    """An in-process TensorFlow server: tf1 has no distributed runtime, so creating one fails."""

    def __init__(self, server_or_cluster_def, job_name=None, task_index=None, protocol=None, config=None,
                 start=True):
        raise errors.UnimplementedError(
            None, None, "tf.train.Server is not supported by tf1: graphs run in one process (use "
                        "tf.Session() with no target, and tf.device for the devices of this machine).")

    @staticmethod
    def create_local_server(config=None, start=True):
        return Server({"localhost": ["localhost:0"]}, protocol="grpc", config=config, start=start)


_PS_OPS = ("Variable", "VariableV2", "AutoReloadVariable", "MutableHashTable", "MutableHashTableV2",
           "MutableHashTableOfTensors", "MutableHashTableOfTensorsV2", "MutableDenseHashTable",
           "MutableDenseHashTableV2", "VarHandleOp", "BoostedTreesEnsembleResourceHandleOp")


class _RoundRobinStrategy:
    def __init__(self, num_tasks):
        self._num_tasks = num_tasks
        self._next_task = 0

    def __call__(self, unused_op):
        task = self._next_task
        self._next_task = (self._next_task + 1) % self._num_tasks
        return task


def _fields(spec):
    out = {}
    for part in canonical_device(spec).strip("/").split("/"):
        if part:
            out[part.split(":")[0] if not part.startswith("device:") else "device"] = part
    return out


def _join(fields):
    order = ("job", "replica", "task", "device")
    return "".join("/" + fields[k] for k in order if k in fields)


class _ReplicaDeviceChooser:
    def __init__(self, ps_tasks, ps_device, worker_device, merge_devices, ps_ops, ps_strategy):
        self._ps_tasks = ps_tasks
        self._ps_device = ps_device
        self._worker_device = worker_device
        self._merge_devices = merge_devices
        self._ps_ops = ps_ops
        self._ps_strategy = ps_strategy

    def device_function(self, op):
        """The device of `op`: a ps task for ps ops, the worker device otherwise; a device already on
        the op wins field by field (unless merge_devices is False and it is set)."""
        if not self._merge_devices and op.device:
            return op.device
        current = _fields(op.device or "")
        node_def = op.node_def if hasattr(op, "node_def") else None
        op_type = node_def.op if node_def is not None else op.type
        if self._ps_tasks and self._ps_device and op_type in self._ps_ops:
            ps = _fields(self._ps_device)
            current_job, ps_job = current.get("job"), ps.get("job")
            if ps_job and (not current_job or current_job == ps_job):
                ps["task"] = "task:%d" % self._ps_strategy(op)
            ps.update(current)
            return _join(ps)
        worker = _fields(self._worker_device or "")
        worker.update(current)
        return _join(worker)


@export("train.replica_device_setter")
def replica_device_setter(ps_tasks=0, ps_device="/job:ps", worker_device="/job:worker", merge_devices=True,
                          cluster=None, ps_ops=None, ps_strategy=None):
    """A device function for `tf.device`: variables on the ps tasks (round-robin), the rest on the
    worker. None when there are no ps tasks."""
    if cluster is not None:
        if isinstance(cluster, ClusterSpec):
            cluster_spec = cluster.as_dict()
        else:
            cluster_spec = ClusterSpec(cluster).as_dict()
        # The ps job's tasks decide how many there are.
        ps_job_name = _fields(ps_device).get("job", "job:ps").split(":", 1)[1]
        if ps_job_name not in cluster_spec or cluster_spec[ps_job_name] is None:
            return None
        ps_tasks = len(cluster_spec[ps_job_name])
    if ps_tasks == 0:
        return None
    if ps_ops is None:
        ps_ops = list(_PS_OPS)
    if not merge_devices:
        from ..platform import tf_logging as logging
        logging.warning("DEPRECATION: It is recommended to set merge_devices=true in "
                        "replica_device_setter")
    if ps_strategy is None:
        ps_strategy = _RoundRobinStrategy(ps_tasks)
    if not callable(ps_strategy):
        raise TypeError("ps_strategy must be callable")
    chooser = _ReplicaDeviceChooser(ps_tasks, ps_device, worker_device, merge_devices, ps_ops, ps_strategy)
    return chooser.device_function


