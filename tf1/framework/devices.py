"""The devices this process has, named as TF names them, and TF's placement log lines."""
import jax

from tensorboard.compat.proto import config_pb2  # noqa: F401  (ConfigProto lives here)


def _platform_devices():
    out = []
    for d in jax.devices():
        kind = "GPU" if d.platform in ("gpu", "cuda", "rocm") else "CPU"
        out.append((kind, d))
    if not any(k == "CPU" for k, _ in out):
        out.insert(0, ("CPU", None))
    return out


def available(kind, index):
    n = sum(1 for k, _ in _platform_devices() if k == kind)
    return index < n


def jax_device(device_string):
    """The jax device for a canonical TF device string ('/device:GPU:1'), or None for default."""
    if "device:GPU:" in device_string:
        idx = int(device_string.rsplit(":", 1)[1])
        gpus = [d for k, d in _platform_devices() if k == "GPU"]
        return gpus[idx] if idx < len(gpus) else None
    return None


def placement_line(op):
    dev = op.device if op.device and "GPU" in op.device and available("GPU", 0) else "/device:CPU:0"
    dev = dev.replace("/device:", "/job:localhost/replica:0/task:0/device:")
    return "%s: (%s): %s" % (op.name, op.type, dev)


def session_devices():
    from collections import namedtuple
    Dev = namedtuple("_DeviceAttributes", "name device_type memory_limit_bytes incarnation")
    out = []
    counts = {}
    for kind, _ in _platform_devices():
        i = counts.get(kind, 0)
        counts[kind] = i + 1
        out.append(Dev("/job:localhost/replica:0/task:0/device:%s:%d" % (kind, i), kind, 268435456, 0))
    return out
