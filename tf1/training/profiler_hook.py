"""`tf.train.ProfilerHook`: every N steps or seconds, writes a Chrome trace (`timeline-<step>.json`,
viewable in chrome://tracing) and adds the step's RunMetadata to the summary writer.

TF fills the trace from the FULL_TRACE step stats of each kernel. tf1 runs a step as compiled XLA
segments and records no per-op stats, so a trace holds one event per device/node in the
RunMetadata's step_stats when there are any, and otherwise a single "Session.run" event spanning
the traced step as the hook measured it (its wall time, not a per-op breakdown).
"""
import json
import os
import time

from ..api import export
from ..framework.public_protos import config_pb2
from ..platform.gfile import GFile
from ..platform import tf_logging as logging
from .session_run_hooks import SecondOrStepTimer, SessionRunArgs, SessionRunHook, _global_step_read, \
    _summary_writer


def chrome_trace(step_stats, step_start_s=None, step_end_s=None, step=None):
    """A Chrome trace-event JSON string for `step_stats` (a StepStats proto)."""
    events = []
    for pid, dev in enumerate(step_stats.dev_stats):
        events.append({"name": "process_name", "ph": "M", "pid": pid, "args": {"name": dev.device}})
        for ns in dev.node_stats:
            op = ns.timeline_label.split("=")[-1].strip().split("(")[0] if ns.timeline_label else ns.node_name
            events.append({"ph": "X", "cat": "Op", "name": op, "pid": pid, "tid": ns.thread_id,
                           "ts": ns.all_start_micros, "dur": ns.all_end_rel_micros,
                           "args": {"name": ns.node_name, "op": op}})
    if not events and step_start_s is not None:
        events.append({"name": "process_name", "ph": "M", "pid": 0, "args": {"name": "tf1 Session.run"}})
        events.append({"ph": "X", "cat": "Op", "name": "Session.run", "pid": 0, "tid": 0,
                       "ts": int(step_start_s * 1e6), "dur": int((step_end_s - step_start_s) * 1e6),
                       "args": {"name": "Session.run", "step": step}})
    return json.dumps({"traceEvents": events}, separators=(",", ":"))


@export("train.ProfilerHook")
class ProfilerHook(SessionRunHook):
    """Captures a timeline every N steps or seconds into `output_dir/timeline-<global_step>.json`."""

    def __init__(self, save_steps=None, save_secs=None, output_dir="", show_dataflow=True, show_memory=False):
        self._output_file = os.path.join(output_dir, "timeline-{}.json")
        self._file_writer = _summary_writer(output_dir)
        self._show_dataflow = show_dataflow
        self._show_memory = show_memory
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)

    def begin(self):
        self._next_step = None
        self._global_step_tensor = _global_step_read("ProfilerHook")

    def before_run(self, run_context):
        self._request_summary = (self._next_step is not None
                                 and self._timer.should_trigger_for_step(self._next_step))
        requests = {"global_step": self._global_step_tensor}
        opts = config_pb2.RunOptions(trace_level=config_pb2.RunOptions.FULL_TRACE) if self._request_summary \
            else None
        self._step_start = time.time()
        return SessionRunArgs(requests, options=opts)

    def after_run(self, run_context, run_values):
        step_end = time.time()
        stale_global_step = run_values.results["global_step"]
        if self._next_step is None:
            # The timer starts counting from the first step seen.
            self._timer.update_last_triggered_step(stale_global_step)
        global_step = stale_global_step + 1
        if self._request_summary:
            global_step = run_context.session.run(self._global_step_tensor)
            self._timer.update_last_triggered_step(global_step)
            self._save(global_step, self._output_file.format(global_step), run_values.run_metadata.step_stats,
                       step_end)
            self._file_writer.add_run_metadata(run_values.run_metadata, "step_%d" % global_step)
        self._next_step = global_step + 1

    def _save(self, step, save_path, step_stats, step_end):
        logging.info("Saving timeline for %d into '%s'.", step, save_path)
        with GFile(save_path, "w") as f:
            f.write(chrome_trace(step_stats, self._step_start, step_end, int(step)))
