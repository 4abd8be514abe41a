"""`tf.train.Coordinator` and `tf.train.LooperThread`: TF 1.15's thread-stopping protocol.

Threads poll `should_stop()`; any of them may `request_stop(ex)`; `join(threads)` waits for them,
gives stragglers `stop_grace_period_secs`, then re-raises the first reported exception (or a
RuntimeError naming the threads still running). Exceptions of `clean_stop_exception_types`
(OutOfRangeError by default: the input ran out) stop the threads without being an error.
"""
import contextlib
import sys
import threading
import time

from ..api import export
from ..framework import errors
from ..platform import tf_logging as logging


def _reraise(exc_info):
    raise exc_info[1].with_traceback(exc_info[2])


@export("train.Coordinator")
class Coordinator:
    """A coordinator for threads."""

    def __init__(self, clean_stop_exception_types=None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads = set()

    def _filter_exception(self, ex):
        ex2 = ex[1] if isinstance(ex, tuple) else ex
        if isinstance(ex2, self._clean_stop_exception_types):
            ex = None
        return ex

    def request_stop(self, ex=None):
        """Requests that the threads stop; `ex` (an exception or exc_info tuple) is re-raised by join."""
        with self._lock:
            ex = self._filter_exception(ex)
            # After join() the caller learns about the exception right away.
            if self._joined:
                if isinstance(ex, tuple):
                    _reraise(ex)
                elif ex is not None:
                    _reraise(sys.exc_info())
            if not self._stop_event.is_set():
                if ex and self._exc_info_to_raise is None:
                    if isinstance(ex, tuple):
                        logging.info("Error reported to Coordinator: %s", str(ex[1]), exc_info=ex)
                        self._exc_info_to_raise = ex
                    else:
                        logging.info("Error reported to Coordinator: %s, %s", type(ex), str(ex))
                        self._exc_info_to_raise = sys.exc_info()
                    # request_stop(ex) outside an except clause: exc_info is empty.
                    if (len(self._exc_info_to_raise) != 3 or not self._exc_info_to_raise[0]
                            or not self._exc_info_to_raise[1]):
                        try:
                            raise ValueError("ex must be a tuple or sys.exc_info must return the current "
                                             "exception: %s" % (self._exc_info_to_raise,))
                        except ValueError:
                            self._exc_info_to_raise = sys.exc_info()
                self._stop_event.set()

    def clear_stop(self):
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            if self._stop_event.is_set():
                self._stop_event.clear()

    def should_stop(self):
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """`with coord.stop_on_exception():` reports any exception of the body to request_stop."""
        try:
            yield
        except:  # noqa: E722 (TF catches everything here)
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None):
        return self._stop_event.wait(timeout)

    def register_thread(self, thread):
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        with self._lock:
            if threads is None:
                threads = self._registered_threads
            else:
                threads = self._registered_threads.union(set(threads))
            threads = list(threads)

        # Wait for all threads to stop or for request_stop() to be called.
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(1.0):
            pass

        # Then give the live ones the grace period, polling with growing sleeps.
        stop_wait_secs = 0.001
        while any(t.is_alive() for t in threads) and stop_grace_period_secs >= 0.0:
            time.sleep(stop_wait_secs)
            stop_grace_period_secs -= stop_wait_secs
            stop_wait_secs = 2 * stop_wait_secs
            stop_wait_secs = max(min(stop_wait_secs, stop_grace_period_secs), 0.001)

        stragglers = [t.name for t in threads if t.is_alive()]

        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise:
                _reraise(self._exc_info_to_raise)
            elif stragglers:
                if ignore_live_threads:
                    logging.info("Coordinator stopped with threads still running: %s", " ".join(stragglers))
                else:
                    raise RuntimeError("Coordinator stopped with threads still running: %s"
                                       % " ".join(stragglers))

    @property
    def joined(self):
        return self._joined

    def raise_requested_exception(self):
        with self._lock:
            if self._exc_info_to_raise:
                _reraise(self._exc_info_to_raise)


@export("train.LooperThread")
class LooperThread(threading.Thread):
    """A daemon thread that calls `run_loop()` (or `target`) every `timer_interval_secs` until stop."""

    def __init__(self, coord, timer_interval_secs, target=None, args=None, kwargs=None):
        if not isinstance(coord, Coordinator):
            raise ValueError("'coord' argument must be a Coordinator: %s" % coord)
        super().__init__()
        self.daemon = True
        self._coord = coord
        self._timer_interval_secs = timer_interval_secs
        self._target = target
        if self._target:
            self._args = args or ()
            self._kwargs = kwargs or {}
        elif args or kwargs:
            raise ValueError("'args' and 'kwargs' argument require that you also pass 'target'")
        self._coord.register_thread(self)

    @staticmethod
    def loop(coord, timer_interval_secs, target, args=None, kwargs=None):
        looper = LooperThread(coord, timer_interval_secs, target=target, args=args, kwargs=kwargs)
        looper.start()
        return looper

    def run(self):
        with self._coord.stop_on_exception():
            self.start_loop()
            if self._timer_interval_secs is None:
                while not self._coord.should_stop():  # back to back until a stop is requested
                    self.run_loop()
            else:
                next_timer_time = time.time()
                while not self._coord.wait_for_stop(next_timer_time - time.time()):
                    next_timer_time += self._timer_interval_secs
                    self.run_loop()
            self.stop_loop()

    def start_loop(self):
        """Called when the thread starts."""

    def stop_loop(self):
        """Called when the thread stops."""

    def run_loop(self):
        if self._target:
            self._target(*self._args, **self._kwargs)
