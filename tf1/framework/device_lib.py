"""`tensorflow.python.client.device_lib.list_local_devices()`: this process's devices, printed in
TF's DeviceAttributes text format."""
import os

from ..api import export
from .devices import _platform_devices


class DeviceAttributes:
    """The fields of TF's DeviceAttributes proto that list_local_devices fills; repr is its text format."""

    def __init__(self, name, device_type, memory_limit, incarnation, physical_device_desc=""):
        self.name = name
        self.device_type = device_type
        self.memory_limit = memory_limit
        self.incarnation = incarnation
        self.physical_device_desc = physical_device_desc

    def __repr__(self):
        text = 'name: "%s"\ndevice_type: "%s"\nmemory_limit: %d\nlocality {\n}\nincarnation: %d\n' % (
            self.name, self.device_type, self.memory_limit, self.incarnation)
        if self.physical_device_desc:
            text += 'physical_device_desc: "%s"\n' % self.physical_device_desc
        return text

    __str__ = __repr__


@export("client.device_lib.list_local_devices")
def list_local_devices(session_config=None):
    out = []
    counts = {}
    for kind, dev in _platform_devices():
        i = counts.get(kind, 0)
        counts[kind] = i + 1
        mem = 268435456 if kind == "CPU" else getattr(dev, "memory_stats", lambda: {})().get("bytes_limit", 0)
        desc = "" if kind == "CPU" else "device: %d, name: %s" % (i, getattr(dev, "device_kind", "GPU"))
        out.append(DeviceAttributes("/device:%s:%d" % (kind, i), kind, mem,
                                    int.from_bytes(os.urandom(8), "little") >> 1, desc))
    return out
