"""Event files: TFRecord files of `Event` protos, as TF's C++ EventsWriter and the Python
EventFileWriter around it write them.

The file `<logdir>/events.out.tfevents.<10-digit seconds>.<hostname><suffix>` is created on the
first event (or at once when a suffix is given, as `InitWithSuffix` does) and starts with the
`file_version: "brain.Event:2"` event. Events are written as they are added and reach the disk on
`flush()`/`close()`, every `flush_secs` (a background thread), once `max_queue` events are pending,
and when the interpreter exits: TF relied on libc flushing its FILE buffers at exit, so programs
that never close their writer (many do) still leave complete files.
"""
import atexit
import os
import socket
import threading
import time
import weakref

from tensorboard.compat.proto import event_pb2

from ..platform import tf_logging
from .tfrecord import frame

FILE_VERSION = "brain.Event:2"


class EventsWriter:
    """TF's C++ `EventsWriter`: owns one events file (recreated if it disappears)."""

    def __init__(self, file_prefix):
        self._prefix = file_prefix
        self._suffix = ""
        self._file = None
        self._filename = ""
        self._outstanding = 0
        self._lock = threading.RLock()

    def init_with_suffix(self, suffix):
        self._suffix = suffix
        return self._init_if_needed()

    def _init_if_needed(self):
        if self._file is not None:
            if os.path.exists(self._filename):
                return True
            if self._outstanding:
                tf_logging.warning("Re-initialization, attempting to open a new file, %d events will "
                                   "be lost." % self._outstanding)
            self._file.close()
            self._file = None
        seconds = int(time.time())
        self._filename = "%s.out.tfevents.%010d.%s%s" % (self._prefix, seconds, socket.gethostname(),
                                                          self._suffix)
        try:
            self._file = open(self._filename, "wb")
        except OSError as e:
            tf_logging.error("Creating writable file %s: %s" % (self._filename, e))
            return False
        self._outstanding = 0
        # The first event names the format; flushed at once so the file is recognisable.
        self.write_event(event_pb2.Event(wall_time=float(seconds), file_version=FILE_VERSION))
        self.flush()
        return True

    def file_name(self):
        return self._filename

    def write_event(self, event):
        self.write_serialized_event(event.SerializeToString())

    def write_serialized_event(self, data):
        with self._lock:
            if self._file is None and not self._init_if_needed():
                tf_logging.error("Write failed because file could not be opened.")
                return
            self._outstanding += 1
            self._file.write(frame(data))

    @property
    def outstanding(self):
        return self._outstanding

    def flush(self):
        with self._lock:
            if not self._outstanding or self._file is None:
                return True
            self._file.flush()
            if not os.path.exists(self._filename):
                tf_logging.error("Failed to flush %d events to %s" % (self._outstanding, self._filename))
                return False
            self._outstanding = 0
            return True

    def close(self):
        with self._lock:
            ok = self.flush()
            if self._file is not None:
                self._file.close()
                self._file = None
            return ok


# Live writers, flushed by one background thread every flush_secs and once more at exit.
_live = weakref.WeakSet()
_live_lock = threading.Lock()
_flusher = None


def _flush_loop():
    while True:
        time.sleep(1.0)
        now = time.time()
        with _live_lock:
            writers = list(_live)
        for w in writers:
            if w._next_flush <= now:
                w._timed_flush(now)


def _register(writer):
    global _flusher
    with _live_lock:
        _live.add(writer)
        if _flusher is None:
            _flusher = threading.Thread(target=_flush_loop, name="tf1-event-flusher", daemon=True)
            _flusher.start()


def _unregister(writer):
    with _live_lock:
        _live.discard(writer)


@atexit.register
def _flush_all_at_exit():
    with _live_lock:
        writers = list(_live)
    for w in writers:
        try:
            w.flush()
        except Exception:  # exit must not fail because one file cannot be written
            pass


class EventFileWriter:
    """`EventFileWriter(logdir, max_queue=10, flush_secs=120, filename_suffix=None)`."""

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=None):
        self._logdir = str(logdir)
        os.makedirs(self._logdir, exist_ok=True)
        self._max_queue = max_queue
        self._flush_secs = flush_secs
        self._ev_writer = EventsWriter(os.path.join(self._logdir, "events"))
        if filename_suffix:
            self._ev_writer.init_with_suffix(filename_suffix)
        self._closed = False
        self._next_flush = time.time() + flush_secs
        _register(self)

    def get_logdir(self):
        return self._logdir

    def reopen(self):
        """After `close()`: later events go to a new file."""
        if self._closed:
            self._closed = False
            self._next_flush = time.time() + self._flush_secs
            _register(self)

    def add_event(self, event):
        if self._closed:
            return
        self._ev_writer.write_event(event)
        if self._ev_writer.outstanding >= max(self._max_queue, 1):
            self.flush()

    def _timed_flush(self, now):
        self._next_flush = now + self._flush_secs
        self.flush()

    def flush(self):
        self._ev_writer.flush()

    def close(self):
        if not self._closed:
            self._ev_writer.close()
            self._closed = True
            _unregister(self)

    def __del__(self):
        try:
            self._ev_writer.flush()
        except Exception:
            pass
